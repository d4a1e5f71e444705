//! The register of official documents: documents sent and received, receipt tracking, follow-ups of urgent documents.

use std::sync::Arc;

use crate::{
    AccountId, DocumentEntry, FollowUp, NewDocument, PendingReceipt, ReceiptReport,
    RecipientStatus, Result, Settle, TrackedDocument, Tracking, TrackingFilter,
};

/// The register of official documents: documents sent and received, receipt tracking, follow-ups of urgent documents.
pub trait Register: Send + Sync {
    /// Unread urgent documents whose reminder or escalation is due at `now`, oldest deadline
    /// first, at most `limit`.
    fn due_follow_ups(&self, now: i64, limit: usize) -> Result<Vec<FollowUp>>;

    /// The next time a follow-up falls due (None: nothing is waiting).
    fn next_follow_up(&self) -> Result<Option<i64>>;

    /// Records as done, at `now`, the reminders of rows `reminded` and the escalations of rows
    /// `escalated`; returns the rows of each that this call claimed (a row read before it
    /// was read by its recipient, or claimed by another worker, is left out).
    fn claim_follow_ups(
        &self,
        reminded: Vec<i64>,
        escalated: Vec<i64>,
        now: i64,
    ) -> Result<(Vec<i64>, Vec<i64>)>;

    /// Flags `account`'s copies of content `content` (\Flagged), through the same path as an
    /// IMAP STORE, so that open sessions see it.
    fn flag_copies(&self, account: AccountId, content: i64) -> Result<()>;

    /// The văn thư of `account`'s unit: the active accounts granted on the unit mailboxes
    /// of its agency (the account itself left out).
    fn clerks_of(&self, account: AccountId) -> Result<Vec<String>>;

    /// Records an exchange; written with the next usage flush (within a second).
    fn record_document(&self, document: NewDocument);

    /// The register for days `from..=to` (Vietnam-time day numbers), oldest first.
    fn documents_between(&self, from: i64, to: i64) -> Result<Vec<DocumentEntry>>;

    /// Signalled when a receipt may be pending: register rows written with receipts owed,
    /// or a first read in an agency that sends receipts at first read.
    fn receipts_wakeup(&self) -> Arc<tokio::sync::Notify>;

    /// Records an exchange with its recipients for tracking; written with the next usage
    /// flush (within a second), like [`Self::record_document`].
    fn record_tracked_document(&self, document: crate::NewDocument, tracking: Tracking);

    /// Up to `limit` receipts to decide on: groups (document, receiving agency) with a row
    /// `new` or `due`, oldest documents first.
    fn pending_receipts(&self, limit: usize) -> Result<Vec<PendingReceipt>>;

    /// Settles the unsettled receipt rows of one agency of one document. `Wait` moves the
    /// group to `due` at once when one of its recipients has read the document meanwhile
    /// (decided inside the write, so a read between the look and the settle is not lost);
    /// returns whether a receipt is now due.
    fn settle_receipts(&self, document: i64, agency: Option<i64>, how: Settle) -> Result<bool>;

    /// [`Self::settle_receipts`] for many groups in one transaction (the receipt sender
    /// settles a page of groups at once).
    fn settle_many_receipts(&self, groups: Vec<(i64, Option<i64>, Settle)>) -> Result<bool>;

    /// A receipt from another server: updates the remote recipients it names of the
    /// document with that Message-ID which `report.to` sent. Only remote rows change (no
    /// other server speaks for our own mailboxes). Applied with the register's next flush
    /// (within a second), after the entries buffered before it: a receipt that comes back
    /// faster than the flush still finds its document.
    fn record_receipt(&self, report: ReceiptReport);

    /// Tracked documents (those with recipients' rows) matching `filter`, oldest first, each
    /// with every recipient's delivered and read times. Nothing of the mailboxes' content.
    fn tracked_documents(
        &self,
        filter: &TrackingFilter,
    ) -> Result<Vec<(TrackedDocument, Vec<RecipientStatus>)>>;
}
