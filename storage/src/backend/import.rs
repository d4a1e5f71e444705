//! Writing a store's contents as they are, with their UIDs, MODSEQs and UIDVALIDITYs: what
//! `govmail store migrate` needs to copy one store into another (SQLite to PostgreSQL, or
//! any backend to any) so that IMAP clients see no change (RFC 9051 §2.3.1.1: a client keeps
//! its cache only while the mailbox's UIDVALIDITY and each message's UID stay the same; RFC
//! 7162 §3.1: CONDSTORE/QRESYNC clients compare MODSEQs). Not for serving mail: nothing here
//! checks quotas, and UIDs come from the caller.
//!
//! The methods have default bodies that refuse, so a backend that cannot import yet still
//! implements [`Backend`](super::Backend).

use std::sync::Arc;

use crate::error::{Result, StorageError};
use crate::{AccountId, Flags, MailboxId};

/// A mailbox to create (or take over) with the source's counters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMailbox {
    pub name: String,
    pub special_use: Option<String>,
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub highest_modseq: u64,
}

/// A message to write with the source's UID and MODSEQ.
#[derive(Debug, Clone)]
pub struct ImportedMessage {
    pub uid: u32,
    pub modseq: u64,
    pub flags: Flags,
    pub keywords: Vec<String>,
    pub internal_date: i64,
    pub raw: Arc<[u8]>,
}

/// A table `store migrate` copies row by row (see [`Import::export_rows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// Outbound queue entries with their attempts, next-try times and DSN state.
    Queue,
    /// Each queued entry's recipients and their outcomes.
    QueueRecipients,
    Quarantine,
    /// The register of official documents.
    Documents,
    /// The register's tracking: each recipient's delivery, reading, receipt, follow-ups.
    DocumentRecipients,
    /// Every account's, by day.
    UsageDaily,
    /// Every account's, by month.
    UsageMonthly,
    AuditLog,
    RecallDocuments,
    RecallRequests,
    /// QRESYNC's expunge history (scope: the mailbox).
    Expunged,
    /// Which correspondents got a vacation reply, until when (scope: the account): RFC 5230
    /// §4.2, one reply per sender per period, across the move too.
    VacationSent,
}

impl Table {
    /// Every table, parents before their children.
    pub const ALL: [Table; 12] = [
        Table::Queue,
        Table::QueueRecipients,
        Table::Quarantine,
        Table::Documents,
        Table::DocumentRecipients,
        Table::UsageDaily,
        Table::UsageMonthly,
        Table::AuditLog,
        Table::RecallDocuments,
        Table::RecallRequests,
        Table::Expunged,
        Table::VacationSent,
    ];

    /// What it holds, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Table::Queue => "outbound queue entries",
            Table::QueueRecipients => "queued recipients",
            Table::Quarantine => "quarantined messages",
            Table::Documents => "register entries",
            Table::DocumentRecipients => "register tracking rows",
            Table::UsageDaily => "daily usage rows",
            Table::UsageMonthly => "monthly usage rows",
            Table::AuditLog => "audit log entries",
            Table::RecallDocuments => "recallable documents",
            Table::RecallRequests => "recall requests",
            Table::Expunged => "expunged UIDs",
            Table::VacationSent => "vacation replies remembered",
        }
    }

    /// Whether rows are read and replaced per account ([`Scope::Account`]) or per mailbox
    /// ([`Scope::Mailbox`]) rather than for the whole store.
    pub fn scope(self) -> Option<ScopeKind> {
        match self {
            Table::VacationSent => Some(ScopeKind::Account),
            Table::Expunged => Some(ScopeKind::Mailbox),
            _ => None,
        }
    }

    /// The names (SHA-256) of the contents `rows` of this table hold a reference on (queue
    /// entries, quarantined messages), one per row: their bytes go with
    /// [`Import::replace_rows`], since the target may not have them.
    pub fn contents_held(self, rows: &[Row]) -> Vec<&str> {
        crate::transfer::spec(self).owned_blobs(rows)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Account,
    Mailbox,
}

/// One value of a row. References to other rows travel as what names them in any store: an
/// account as its address, an agency as its code, a mailbox as its UIDVALIDITY, a content
/// as its SHA-256 name (lists of accounts or agencies as names separated by spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// A row: the table's columns in a fixed order, the first being its key (an integer).
pub type Row = Vec<Value>;

/// Which rows of a table a call reads or replaces: the scope's (an account's, a mailbox's:
/// its id in this store; None for tables of the whole store), whose keys are above `after`
/// and, unless `upto` is None, at most `upto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub scope: Option<i64>,
    pub after: i64,
    pub upto: Option<i64>,
}

fn refused(what: &str) -> StorageError {
    StorageError::Invalid(format!("this storage backend cannot import {what} yet"))
}

pub trait Import: Send + Sync {
    /// Makes `account`'s mailbox `mailbox.name` (a hidden one of [`Self::hidden_mailboxes`]
    /// too) carry the source's UIDVALIDITY, and at least
    /// its UIDNEXT and HIGHESTMODSEQ; creates it if missing. A mailbox that exists with
    /// another UIDVALIDITY is taken over only while it holds no message and never held any
    /// (UIDNEXT 1); otherwise [`StorageError::Conflict`]. Later mailboxes of this store get
    /// UIDVALIDITYs above every imported one. Idempotent.
    fn import_mailbox(&self, account: AccountId, mailbox: &ImportedMailbox) -> Result<MailboxId> {
        let _ = (account, mailbox);
        Err(refused("mailboxes"))
    }

    /// The account's mailboxes that no listing shows (the hidden mailbox that keeps the
    /// copies of recalled documents), which a copy of the store must carry too.
    fn hidden_mailboxes(&self, account: AccountId) -> Result<Vec<crate::Mailbox>> {
        let _ = account;
        Err(refused("hidden mailboxes"))
    }

    /// Writes `messages` into the mailbox with their own UIDs, MODSEQs, flags, keywords and
    /// internal dates, in one transaction; a UID the mailbox already holds is skipped (a
    /// re-run catches up). Raises UIDNEXT above and HIGHESTMODSEQ to the messages', counts
    /// them in the account's quota usage (not checked against the quota). Does nothing meant
    /// for live mail: a message written into the recall folder ("Thu hồi") makes no recall
    /// request (the source's requests come with [`Table::RecallRequests`]). Returns how many
    /// were written.
    fn import_messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        messages: Vec<ImportedMessage>,
    ) -> Result<usize> {
        let _ = (account, mailbox, messages);
        Err(refused("messages"))
    }

    /// Sets the flags, keywords and MODSEQ of messages the mailbox holds already (by UID;
    /// `raw` and `internal_date` are ignored) to the given ones, raising HIGHESTMODSEQ to
    /// match: a re-run of `store migrate` bringing over flag changes made since. UIDs the
    /// mailbox lacks are skipped. Returns how many were set.
    fn import_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        messages: Vec<ImportedMessage>,
    ) -> Result<usize> {
        let _ = (account, mailbox, messages);
        Err(refused("flags"))
    }

    /// Removes the messages of these UIDs from the mailbox, as the source store expunged
    /// them since an earlier copy (or moved them elsewhere): the quota refunded, contents no
    /// longer held released, open sessions told. Neither a new MODSEQ nor an expunge history
    /// entry is made: both come from the source ([`Self::import_mailbox`]'s HIGHESTMODSEQ,
    /// [`Table::Expunged`]), so that a QRESYNC client sees the same VANISHED (EARLIER) on
    /// either (RFC 7162 §3.2.5.2). UIDs the mailbox lacks are skipped. Returns how many were
    /// removed.
    fn import_expunge(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: Vec<u32>,
    ) -> Result<usize> {
        let _ = (account, mailbox, uids);
        Err(refused("expunges"))
    }

    /// Reads the rows of `table` in `span` (`span.upto` is ignored) in key order: those of
    /// the first `limit` rows' keys (every row of the last key, so a little more for a table
    /// whose key is not unique). References to other rows are translated as [`Value`] says.
    /// Empty past the last row.
    fn export_rows(&self, table: Table, span: Span, limit: usize) -> Result<Vec<Row>> {
        let _ = (table, span, limit);
        Err(refused("rows"))
    }

    /// Makes the rows of `table` in `span` be `rows` (read from another store by
    /// [`Self::export_rows`]), in one transaction: those there are deleted (with, for the
    /// queue and the register, their recipients' rows), `rows` inserted with their own keys
    /// and the references translated back. `contents` are the bytes of the contents the
    /// rows hold a reference on ([`Table::contents_held`]), stored first unless the store
    /// has them. A re-run with the same rows changes nothing visible; rows the source no
    /// longer has go. Returns how many rows were written.
    fn replace_rows(
        &self,
        table: Table,
        span: Span,
        rows: Vec<Row>,
        contents: Vec<Arc<[u8]>>,
    ) -> Result<usize> {
        let _ = (table, span, rows, contents);
        Err(refused("rows"))
    }
}
