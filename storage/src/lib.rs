//! govmail's storage engine: the data model and the only crate that knows SQL or files.
//!
//! `Store` is cheap to clone and safe to share between threads. Its methods are those of the
//! backend traits in [`backend`] (grouped as the files are: directory, mailboxes, messages,
//! search, queue, sieve, usage, register, recall, grants, quarantine, roles, outbound TLS,
//! space, maintenance, runtime), served by an `Arc<dyn Backend>`; the default backend is
//! SQLite (`sqlite`: one writer thread with group commit, a pool of read connections). The
//! methods block; async callers run them with `tokio::task::spawn_blocking`. A successful
//! write has been committed and made durable.

pub mod backend;
mod blob;
mod changes;
mod error;
mod flags;
mod meta;
pub mod mime;
pub mod password;
pub mod postgres;
mod rules;
mod sqlite;
mod transfer;

// The SQLite backend's modules, by their old paths (`crate::message`, …).
use sqlite::{
    append, backup, check, db, directory, follow_up, grants, mailbox, message, outbound_tls,
    preview, quarantine, queue, recall, register, roles, schema, sieve, space, tracking, usage,
};
pub use sqlite::{search, sort_keys, thread};
pub mod structure;
pub mod subject;
pub mod text;
mod types;

use std::path::Path;
use std::sync::Arc;

pub use append::{NewMessage, Replaced};
pub use backup::{BackupReport, MANIFEST, restore, restore_into, verify_backup};
pub use blob::conformance::check as blob_conformance;
#[doc(hidden)]
pub use blob::s3::parse_list_page as s3_list_page;
pub use blob::s3::{S3Blobs, S3Config, Secret};
pub use blob::{BlobError, BlobErrorKind, BlobStore, INLINE_MAX, Put, hash_hex, is_hash};
pub use changes::{CHANNEL_CAPACITY, Change};
pub use check::{CheckReport, Gauges, Problem};
pub use directory::{
    Account, AccountFilter, Agency, Domain, NewAccount, Recipient, normalize_address,
    normalize_agency_code, normalize_domain, subtree_ids,
};
pub use error::{BoxError, ErrorKind, Result, StorageError};
pub use flags::{Flags, check_keyword};
pub use follow_up::FollowUp;
pub use grants::{Grant, GrantChange};
pub use mailbox::{
    Counts, DEFAULT_MAILBOXES, INBOX, Mailbox, MailboxHead, MailboxView, SEPARATOR, SHARED_PREFIX,
    in_shared_namespace, normalize_name,
};
pub use message::{
    Delivered, DeliveryTarget, Expunge, FlagChange, FlagOp, FlagRow, FlagUpdate, MessageInfo,
    MessageKey,
};
pub use meta::MessageMeta;
pub use outbound_tls::{CachedStsPolicy, TlsResult, TlsResultCount};
pub use preview::{PREVIEW_CHARS, preview_of};
pub use quarantine::Quarantined;
pub use queue::{
    NewQueueEntry, NewQueueRecipient, Notify, QueueEntry, QueueId, QueueRecipient,
    RecipientOutcome, RecipientState,
};
pub use recall::{
    RECALL_ATTRIBUTE, RECALL_MAILBOX, RECALLED_ATTRIBUTE, RecallKind, RecallRequest, RecallState,
    RecallableDocument, RecalledCopy, bare_message_id,
};
pub use register::{Direction, DocumentEntry, NewDocument, SignatureSummary};
pub use roles::{AuditEntry, AuditFilter, NewAudit, Role, RoleGrant};
pub use schema::SCHEMA_VERSION;
pub use sieve::{
    MAX_SCRIPT_BYTES, MAX_SCRIPT_NAME, MAX_SCRIPTS, SieveScript, SieveScriptInfo, check_script_name,
};
pub use space::{DEFAULT_MIN_FREE_SPACE, DiskStatus, DiskUsage, footprint};
pub use structure::{BodyPart, Envelope, EnvelopeAddress, MessageStructure};
pub use tracking::{
    LocalCopy, OFFICIAL_KEYWORD, PendingReceipt, ReceiptReport, Receipts, RecipientStatus, Settle,
    TrackedDocument, Tracking, TrackingFilter,
};
pub use types::{
    AccountId, AccountKind, AccountStatus, AgencyId, DomainId, MONTH_ABBREVIATIONS, MailboxId,
    Quota, QuotaUsage, VIETNAM_UTC_OFFSET_SECS, VnTime, days_from_civil, month_from_abbreviation,
    now, vn_day,
};
pub use usage::{AccountActivity, UsageCounter, UsageDay, UsageTotals};

use backend::Backend;

/// Name of the SQLite file inside the data directory.
pub const DB_FILE: &str = "govmail.db";
/// Name of the blob directory inside the data directory.
pub const BLOB_DIR: &str = "blobs";

/// Whether `Store::open` may create a new, empty store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    CreateIfMissing,
    MustExist,
}

/// The storage engine's handle, whatever the backend: cheap to clone, safe to share between
/// threads. Its methods are the backend traits' (see [`backend`]), reached through `Deref`,
/// so callers write `store.get_account(…)` without naming a trait. They block (database and
/// file I/O); async callers run them with `tokio::task::spawn_blocking`.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    /// Login throttling state shared by the nodes of a multi-node backend; None for one node.
    login_buckets: Option<Arc<dyn backend::LoginBuckets>>,
}

impl Store {
    /// Opens the default store in `data_dir` (SQLite: `govmail.db` and `blobs/`), applying
    /// migrations.
    pub fn open(data_dir: &Path, mode: OpenMode) -> Result<Store> {
        let backend = sqlite::SqliteBackend::open(data_dir, mode)?;
        Ok(Store::from_backend(Arc::new(backend)))
    }

    /// The default store in `data_dir` with message contents in `blobs` (an object store),
    /// or in the files under `blobs/` when None.
    pub fn open_with_blobs(
        data_dir: &Path,
        mode: OpenMode,
        blobs: Option<Arc<dyn BlobStore>>,
    ) -> Result<Store> {
        let backend = sqlite::SqliteBackend::open_with_blobs(data_dir, mode, blobs)?;
        Ok(Store::from_backend(Arc::new(backend)))
    }

    /// A store served by `backend` (what a second backend's `open` returns).
    pub fn from_backend(backend: Arc<dyn Backend>) -> Store {
        Store {
            backend,
            login_buckets: None,
        }
    }

    /// This store, with login throttling state shared through `buckets` (a multi-node
    /// backend's: every node's throttle then counts the same failures).
    pub fn with_login_buckets(mut self, buckets: Arc<dyn backend::LoginBuckets>) -> Store {
        self.login_buckets = Some(buckets);
        self
    }

    /// The login throttling state the nodes share, if the backend has several nodes.
    pub fn login_buckets(&self) -> Option<&Arc<dyn backend::LoginBuckets>> {
        self.login_buckets.as_ref()
    }

    /// The backend behind this handle.
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.backend
    }

    /// [`backend::Messages::each_flags`] with a closure: calls `each` with the flag rows of
    /// the messages in `uids` whose MODSEQ is above `since`, in UID order.
    pub fn each_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: std::ops::RangeInclusive<u32>,
        since: u64,
        mut each: impl FnMut(FlagRow<'_>),
    ) -> Result<()> {
        self.backend
            .each_flags(account, mailbox, uids, since, &mut each)
    }

    /// [`backend::Messages::each_sort_row`] with a closure.
    pub fn each_sort_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: std::ops::RangeInclusive<u32>,
        columns: sort_keys::SortColumns,
        mut each: impl FnMut(sort_keys::SortRow<'_>),
    ) -> Result<()> {
        self.backend
            .each_sort_row(account, mailbox, uids, columns, &mut each)
    }

    /// [`backend::Messages::each_thread_row`] with a closure.
    pub fn each_thread_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: std::ops::RangeInclusive<u32>,
        mut each: impl FnMut(thread::ThreadRowRef<'_>),
    ) -> Result<bool> {
        self.backend
            .each_thread_row(account, mailbox, uids, &mut each)
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;

    fn deref(&self) -> &Self::Target {
        &*self.backend
    }
}

/// The backend traits, for code that implements a backend or holds a `&dyn Backend`
/// (callers of [`Store`] need no import: its methods are reached through `Deref`).
pub mod prelude {
    pub use crate::backend::{
        Backend, Directory, Grants, Import, Mailboxes, Maintenance, Messages, OutboundTls,
        Quarantine, Queue, Recall, Register, Roles, Runtime, Search, Sieve, Space, Usage,
    };
}
