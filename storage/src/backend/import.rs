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

fn refused(what: &str) -> StorageError {
    StorageError::Invalid(format!("this storage backend cannot import {what} yet"))
}

pub trait Import: Send + Sync {
    /// Makes `account`'s mailbox `mailbox.name` carry the source's UIDVALIDITY, and at least
    /// its UIDNEXT and HIGHESTMODSEQ; creates it if missing. A mailbox that exists with
    /// another UIDVALIDITY is taken over only while it holds no message and never held any
    /// (UIDNEXT 1); otherwise [`StorageError::Conflict`]. Later mailboxes of this store get
    /// UIDVALIDITYs above every imported one. Idempotent.
    fn import_mailbox(&self, account: AccountId, mailbox: &ImportedMailbox) -> Result<MailboxId> {
        let _ = (account, mailbox);
        Err(refused("mailboxes"))
    }

    /// Writes `messages` into the mailbox with their own UIDs, MODSEQs, flags, keywords and
    /// internal dates, in one transaction; a UID the mailbox already holds is skipped (a
    /// re-run catches up). Raises UIDNEXT above and HIGHESTMODSEQ to the messages', counts
    /// them in the account's quota usage (not checked against the quota). Returns how many
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
}
