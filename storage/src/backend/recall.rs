//! Recall of sent documents: recallable copies, requests, and the copies taken out.

use crate::{
    AccountId, RecallKind, RecallRequest, RecallState, RecallableDocument, RecalledCopy, Result,
};

/// Recall of sent documents: recallable copies, requests, and the copies taken out.
pub trait Recall: Send + Sync {
    /// Records an official document that may be recalled later.
    /// Buffers the record with the register's entries: written by the next flush (within a
    /// second, in the same transaction as the register), not in a write of its own per
    /// delivered document; [`Self::recallable`] flushes first, so a lookup always sees it.
    fn record_recallable(&self, d: RecallableDocument) -> Result<()>;

    /// The documents recorded under a Message-ID, newest first (`sent` picks the direction).
    fn recallable(&self, message_id: &str, sent: bool) -> Result<Vec<RecallableDocument>>;

    /// Writes a recall request (admin or remote); the worker takes it from there.
    fn request_recall(
        &self,
        kind: RecallKind,
        account: Option<AccountId>,
        message_id: &str,
        requester: Option<&str>,
    ) -> Result<i64>;

    /// Requests not finished yet (pending, or copies out and notices owed), oldest first.
    fn open_recalls(&self, limit: usize) -> Result<Vec<RecallRequest>>;

    /// The latest requests, newest first (`govmail recall --list`).
    fn recall_requests(&self, limit: usize) -> Result<Vec<RecallRequest>>;

    fn recall_request(&self, id: i64) -> Result<RecallRequest>;

    /// Ends a request (done or refused) with the worker's outcome.
    fn finish_recall(&self, id: i64, state: RecallState, outcome: &str) -> Result<()>;

    /// Whether `account` may recall what `sender` sent: the sender itself, or a grantee with
    /// write access on a unit mailbox of the sender's agency (its văn thư).
    fn may_recall(&self, account: AccountId, sender: AccountId) -> Result<bool>;

    /// Takes every local copy of the document `message_id` from `sender` out of its mailbox
    /// into the owner's hidden recall mailbox, except the copies of `keep` (the sender's
    /// account) and those in recall folders. A message whose From is not `sender` is left
    /// alone even with the same Message-ID: a sender cannot recall another's message by
    /// reusing its Message-ID; each is an expunge IMAP sessions see (RFC 9051 §7.5.1).
    /// Marks the document recalled in the register (`by`: who recalled it) and the request
    /// `moved`, all in one transaction. Returns the accounts reached.
    fn take_out_copies(
        &self,
        request: i64,
        message_id: &str,
        sender: &str,
        keep: Option<AccountId>,
        by: &str,
    ) -> Result<Vec<RecalledCopy>>;

    /// The copies an account has in its hidden recall mailbox (for the administrator and
    /// tests): (Message-ID, UID).
    fn recalled_copies(&self, account: AccountId) -> Result<Vec<(Option<String>, u32)>>;

    /// Empties the hidden recall mailboxes of copies recalled before `before` (the end of the
    /// retention period). Returns how many were removed; the caller logs it.
    fn purge_recalled(&self, before: i64) -> Result<usize>;
}
