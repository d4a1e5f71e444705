//! govmail's storage engine: the data model and the only crate that knows SQL or files.
//!
//! `Store` is cheap to clone and safe to share between threads. Its methods block (SQLite
//! and file I/O); async callers run them with `tokio::task::spawn_blocking`. Writes go
//! through one writer thread with group commit, reads through a pool of read connections
//! (see `db`). A successful write has been committed and fsynced.

mod append;
mod backup;
mod blob;
mod changes;
mod check;
mod db;
mod directory;
mod error;
mod flags;
mod follow_up;
mod grants;
mod mailbox;
mod message;
mod meta;
pub mod mime;
mod outbound_tls;
pub mod password;
mod preview;
mod quarantine;
mod queue;
mod recall;
mod register;
mod roles;
mod schema;
pub mod search;
mod sieve;
mod space;
pub mod structure;
pub mod text;
pub mod thread;
mod tracking;
mod types;
mod usage;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use append::{NewMessage, Replaced};
pub use backup::{BackupReport, MANIFEST, restore, restore_into, verify_backup};
pub use blob::conformance::check as blob_conformance;
pub use blob::s3::{S3Blobs, S3Config, Secret};
pub use blob::{BlobError, BlobErrorKind, BlobStore, INLINE_MAX, Put, hash_hex, is_hash};
pub use changes::{CHANNEL_CAPACITY, Change};
pub use check::{CheckReport, Gauges, Problem};
pub use directory::{
    Account, AccountFilter, Agency, Domain, NewAccount, Recipient, normalize_address,
    normalize_agency_code, normalize_domain, subtree_ids,
};
pub use error::{Result, StorageError};
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
    LocalCopy, OFFICIAL_KEYWORD, PendingReceipt, ReceiptReport, RecipientStatus, Settle,
    TrackedDocument, Tracking, TrackingFilter,
};
pub use types::{
    AccountId, AccountKind, AccountStatus, AgencyId, DomainId, MONTH_ABBREVIATIONS, MailboxId,
    Quota, QuotaUsage, VIETNAM_UTC_OFFSET_SECS, VnTime, days_from_civil, month_from_abbreviation,
    now, vn_day,
};
pub use usage::{AccountActivity, UsageCounter, UsageDay, UsageTotals};

use changes::ChangeHub;
use db::Db;

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

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
    /// How much of the disk reserve this handle's writes of mail may use (see `for_notices`).
    claim: space::Claim,
}

struct Inner {
    data_dir: PathBuf,
    db: Db,
    blobs: Arc<dyn BlobStore>,
    changes: Arc<ChangeHub>,
    usage: usage::UsageBuffer,
    /// Free space and the reserve (shared with the writer, which checkpoints under pressure).
    space: Arc<space::DiskSpace>,
    /// Sieve script changes made through this Store (see `Store::sieve_changes_here`).
    sieve_changes: std::sync::atomic::AtomicU64,
    /// The highest UID claimed as \Recent per mailbox (see `Store::claim_recent`): decided
    /// here, at once, and written to the database behind.
    recent: std::sync::Mutex<std::collections::HashMap<MailboxId, u32>>,
    /// Wakes the receipt sender (see `tracking`).
    receipts: Arc<tokio::sync::Notify>,
    /// Signalled when an urgent document's follow-up rows are written.
    follow_ups: Arc<tokio::sync::Notify>,
}

impl Store {
    /// Opens the store in `data_dir` (`govmail.db` and `blobs/`), applying migrations.
    pub fn open(data_dir: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_with_blobs(data_dir, mode, None)
    }

    /// Opens the store in `data_dir` with message contents in `blobs` (an object store),
    /// or in the files under `blobs/` when None.
    pub fn open_with_blobs(
        data_dir: &Path,
        mode: OpenMode,
        blobs: Option<Arc<dyn BlobStore>>,
    ) -> Result<Store> {
        let db_path = data_dir.join(DB_FILE);
        if mode == OpenMode::MustExist && !db_path.exists() {
            return Err(StorageError::Refused {
                path: db_path,
                reason: "no govmail database here: create one with `govmail init DIR --domain \
                         DOMAIN`, or point --config at the right govmail.toml"
                    .into(),
            });
        }
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StorageError::io(format!("creating {}", data_dir.display()), e))?;
        let blobs: Arc<dyn BlobStore> = match blobs {
            Some(blobs) => blobs,
            None => Arc::new(blob::fs::FsBlobs::open(data_dir.join(BLOB_DIR))?),
        };
        let changes = Arc::new(ChangeHub::default());
        let space = Arc::new(space::DiskSpace::new(
            data_dir,
            blobs.local_dir().unwrap_or(data_dir),
        ));
        let db = Db::open(&db_path, blobs.clone(), changes.clone(), space.clone())?;
        let store = Store {
            inner: Arc::new(Inner {
                data_dir: data_dir.to_path_buf(),
                db,
                blobs,
                changes,
                usage: usage::UsageBuffer::default(),
                space,
                sieve_changes: Default::default(),
                recent: Default::default(),
                receipts: Default::default(),
                follow_ups: Default::default(),
            }),
            claim: space::Claim::Incoming,
        };
        store.start_usage_flusher()?;
        Ok(store)
    }

    /// A thread that writes buffered usage counts every second; it ends with the store.
    fn start_usage_flusher(&self) -> Result<()> {
        let weak = Arc::downgrade(&self.inner);
        std::thread::Builder::new()
            .name("storage-usage".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(usage::FLUSH_EVERY);
                    let Some(inner) = weak.upgrade() else { return };
                    let store = Store {
                        inner,
                        claim: space::Claim::Incoming,
                    };
                    if let Err(e) = store.flush_usage() {
                        if matches!(e, StorageError::WriterGone) {
                            return;
                        }
                        tracing::warn!(error = %e, "usage counters not written");
                    }
                }
            })
            .map_err(|e| StorageError::io("starting the usage counter thread", e))?;
        Ok(())
    }

    pub(crate) fn note_sieve_change(&self) {
        self.inner
            .sieve_changes
            .fetch_add(1, std::sync::atomic::Ordering::Release);
    }

    /// How many script changes this process made through this store: a change made here is
    /// seen at once without asking the database (other processes' changes need a read of
    /// `sieve_generation`).
    pub fn sieve_changes_here(&self) -> u64 {
        self.inner
            .sieve_changes
            .load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn receipts_notify(&self) -> &Arc<tokio::sync::Notify> {
        &self.inner.receipts
    }

    /// Signalled when an urgent document's recipients are written with their deadlines:
    /// the follow-up worker then looks at the register again.
    pub fn follow_up_wakeup(&self) -> Arc<tokio::sync::Notify> {
        self.inner.follow_ups.clone()
    }

    pub(crate) fn usage_buffer(&self) -> &usage::UsageBuffer {
        &self.inner.usage
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// A temporary file beside the blobs, with no name (it vanishes when closed, even
    /// after a crash), for incoming data too large to hold in memory while it arrives.
    /// Refused ([`StorageError::LowDisk`]) when free space is already below the reserve.
    pub fn spool(&self) -> Result<std::fs::File> {
        self.has_room(0)?;
        tempfile::tempfile_in(self.inner.blobs.local_dir().unwrap_or(&self.inner.data_dir))
            .map_err(|e| StorageError::io("creating a spool file beside the blobs", e))
    }

    pub(crate) fn recent_claims(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<MailboxId, u32>> {
        self.inner.recent.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes to an account's mailboxes, published after each commit.
    pub fn subscribe(&self, account: AccountId) -> tokio::sync::broadcast::Receiver<Change> {
        self.inner.changes.subscribe(account)
    }

    /// Writes buffered counts, finishes queued writes and stops the writer; later writes fail.
    pub fn shutdown(&self) {
        let _ = self.flush_usage();
        self.inner.db.shutdown();
    }

    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    pub(crate) fn blobs(&self) -> &Arc<dyn BlobStore> {
        &self.inner.blobs
    }

    /// Where message contents are kept (for logs and `govmail check`).
    pub fn blob_store(&self) -> &dyn BlobStore {
        &*self.inner.blobs
    }

    pub(crate) fn space(&self) -> &space::DiskSpace {
        &self.inner.space
    }
}
