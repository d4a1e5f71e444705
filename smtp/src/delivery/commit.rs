//! Stage 5, commit: one storage call makes the plan durable. Either the message is
//! delivered to every local target and queued for every remote recipient in one
//! transaction (the content stored once), or it is held in the quarantine. Nothing is
//! acknowledged to the client before this returns.

use std::sync::Arc;

use storage::{Delivered, QueueId, StorageError, Store};

use super::plan::{Delivery, Held, Report};

/// Why a commit did not happen.
pub enum Failure {
    /// Storage refused or failed (over quota, low disk, an I/O error).
    Storage(StorageError),
    /// The blocking task did not finish (a panic in storage).
    Task(tokio::task::JoinError),
}

/// A stored message.
pub struct Committed {
    /// One entry per local copy stored.
    pub delivered: Vec<Delivered>,
    /// The outbound queue entry, when there were remote recipients.
    pub queued: Option<QueueId>,
    /// The message as stored (for quota notices' size and Sieve's remaining actions).
    pub raw: Arc<[u8]>,
    pub report: Report,
}

/// Delivers and queues the message in one transaction, without blocking the async runtime
/// (`Queue::deliver_and_queue_async`).
pub async fn commit(store: &Store, delivery: Delivery) -> Result<Committed, Failure> {
    let Delivery {
        raw,
        meta,
        now,
        targets,
        outbound,
        report,
    } = delivery;
    let (delivered, queued) = store
        .backend()
        .clone()
        .deliver_and_queue_async(raw.clone(), meta, now, targets, outbound)
        .await
        .map_err(Failure::Storage)?;
    Ok(Committed {
        delivered,
        queued,
        raw,
        report,
    })
}

/// A message in the quarantine.
pub struct Quarantined {
    pub id: i64,
    pub sender: String,
    pub reason: String,
}

/// Holds the message in the quarantine instead of delivering it, off the async runtime.
pub async fn hold(store: &Store, held: Held) -> Result<Quarantined, Failure> {
    let Held {
        raw,
        meta,
        sender,
        recipients,
        reason,
    } = held;
    let store = store.clone();
    let result = tokio::task::spawn_blocking(move || {
        store
            .quarantine(raw, meta, &sender, &recipients, &reason)
            .map(|id| Quarantined { id, sender, reason })
    })
    .await;
    match result {
        Ok(Ok(quarantined)) => Ok(quarantined),
        Ok(Err(e)) => Err(Failure::Storage(e)),
        Err(e) => Err(Failure::Task(e)),
    }
}
