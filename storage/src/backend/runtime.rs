//! The running store: change notifications, wake-ups, the data directory, spool files, shutdown.

use std::path::Path;
use std::sync::Arc;

use crate::{AccountId, Change, Result};

/// The running store: change notifications, wake-ups, the data directory, spool files, shutdown.
pub trait Runtime: Send + Sync {
    /// How many script changes this process made through this store: a change made here is
    /// seen at once without asking the database (other processes' changes need a read of
    /// `sieve_generation`).
    fn sieve_changes_here(&self) -> u64;

    /// Signalled when an urgent document's recipients are written with their deadlines:
    /// the follow-up worker then looks at the register again.
    fn follow_up_wakeup(&self) -> Arc<tokio::sync::Notify>;

    /// The local data directory: where the configuration's relative paths, spool files and
    /// local state live (for SQLite, the database and the blobs too).
    fn data_dir(&self) -> &Path;

    /// A temporary file beside the blobs, with no name (it vanishes when closed, even
    /// after a crash), for incoming data too large to hold in memory while it arrives.
    /// Refused ([`StorageError::LowDisk`](crate::StorageError::LowDisk)) when free space is already below the reserve.
    fn spool(&self) -> Result<std::fs::File>;

    /// Changes to an account's mailboxes, published after each commit.
    fn subscribe(&self, account: AccountId) -> tokio::sync::broadcast::Receiver<Change>;

    /// Writes buffered counts, finishes queued writes and stops the writer; later writes fail.
    fn shutdown(&self);
}
