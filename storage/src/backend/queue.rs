//! The outbound queue: entries, their recipients, attempts and retries.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::{
    Delivered, DeliveryTarget, ErrorKind, MessageMeta, NewQueueEntry, QueueEntry, QueueId,
    RecipientOutcome, Result, StorageError,
};

/// A storage call under way, for a caller on an async runtime.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

/// Runs a blocking storage call off the async runtime (`spawn_blocking`). A panic in it
/// is our failure, reported as such.
pub(crate) fn off_runtime<T: Send + 'static>(
    call: impl FnOnce() -> Result<T> + Send + 'static,
) -> Pending<T> {
    Box::pin(async move {
        tokio::task::spawn_blocking(call)
            .await
            .map_err(|e| StorageError::backend(ErrorKind::Internal, "the storage task failed", e))?
    })
}

/// The outbound queue: entries, their recipients, attempts and retries.
pub trait Queue: Send + Sync {
    /// Accepts one message: delivers it to the local `targets` and queues it for remote
    /// recipients, all in one transaction with the blob stored once. Returns once durable;
    /// either all of it happened or none.
    fn deliver_and_queue(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Result<(Vec<Delivered>, Option<QueueId>)>;

    /// [`Queue::deliver_and_queue`] for a caller on an async runtime, with the same
    /// transaction and guarantee: the future resolves once the message is durable. By
    /// default the call runs off the runtime; a backend that can hand the work over without
    /// blocking the caller's thread does that instead (SQLite: a small message goes to the
    /// writer thread from the task, saving a blocking thread's two switches per message).
    fn deliver_and_queue_async(
        self: Arc<Self>,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Pending<(Vec<Delivered>, Option<QueueId>)>
    where
        Self: 'static,
    {
        off_runtime(move || self.deliver_and_queue(raw, meta, internal_date, targets, outbound))
    }

    /// Queues a message for remote recipients only (DSNs to remote senders, notices).
    fn enqueue(&self, raw: Arc<[u8]>, entry: NewQueueEntry) -> Result<QueueId>;

    /// Entries whose next attempt is due at `now`, oldest first.
    fn queue_due(&self, now: i64, limit: usize) -> Result<Vec<QueueEntry>>;

    /// When the next entry is due, if any.
    fn queue_next_due(&self) -> Result<Option<i64>>;

    /// Every entry, oldest first.
    fn queue_list(&self) -> Result<Vec<QueueEntry>>;

    fn queue_entry(&self, id: QueueId) -> Result<QueueEntry>;

    /// The raw bytes of a stored content (a queued message).
    fn read_blob(&self, hash: &str) -> Result<Vec<u8>>;

    /// Records one attempt: each outcome updates its recipient; the entry's next attempt is
    /// set to `next_attempt`. When no recipient is pending any more the entry is removed
    /// (returns true).
    fn queue_record(
        &self,
        id: QueueId,
        outcomes: Vec<RecipientOutcome>,
        now: i64,
        next_attempt: i64,
        delay_notified: bool,
    ) -> Result<bool>;

    /// Makes entries due now (`govmail queue retry`): one entry, or all of them. Returns how
    /// many were rescheduled.
    fn queue_retry(&self, id: Option<QueueId>) -> Result<usize>;

    /// Removes an entry without sending it further (`govmail queue remove`).
    fn queue_remove(&self, id: QueueId) -> Result<()>;
}
