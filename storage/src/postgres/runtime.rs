//! The running backend (`Runtime`) and the disk reserve (`Space`) on PostgreSQL.
//!
//! The reserve guards the disks this node writes to itself: the local data directory (spool
//! files) and the blob directory when message files are local or on shared storage mounted
//! here. The database's own disk is the DBA's: PostgreSQL refuses a write it has no room for
//! (SQLSTATE 53100, disk_full), which the backend reports as a temporary failure
//! ([`crate::ErrorKind::Unavailable`]), so no message is lost; watching and growing that disk
//! belongs to the database's monitoring, not to govmail's reserve. An object store (S3) has
//! no free space to ask: only the local data directory's reserve applies then.

use std::path::Path;
use std::sync::Arc;

use super::PgBackend;
use crate::AccountId;
use crate::backend::Runtime;
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::space::Room;

impl PgBackend {
    /// Holds room for `bytes` of content until the returned guard is dropped (after the
    /// commit or the failure), or refuses with [`StorageError::LowDisk`].
    pub(crate) fn claim_room(&self, bytes: u64) -> Result<Room<'_>> {
        self.space().claim(bytes, self.claim)
    }
}

impl Runtime for PgBackend {
    fn sieve_changes_here(&self) -> u64 {
        self.domain()
            .sieve_changes
            .load(std::sync::atomic::Ordering::Acquire)
    }

    fn follow_up_wakeup(&self) -> Arc<tokio::sync::Notify> {
        self.domain().follow_ups.clone()
    }

    fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// A nameless temporary file in the local blob directory, or the data directory when
    /// the blobs are in an object store.
    fn spool(&self) -> Result<std::fs::File> {
        self.claim_room(0).map(drop)?;
        tempfile::tempfile_in(self.blobs().local_dir().unwrap_or(&self.inner.data_dir))
            .map_err(|e| StorageError::io("creating a spool file", e))
    }

    /// Changes to an account's mailboxes, published after each commit: this node's own at
    /// once, other nodes' through LISTEN/NOTIFY (see `notify`).
    fn subscribe(&self, account: AccountId) -> tokio::sync::broadcast::Receiver<Change> {
        self.inner.changes.subscribe(account)
    }

    /// Stops the backend: later operations fail with `WriterGone`. What waits in memory
    /// (usage counts, register entries: see `buffer`) is written first; every other write
    /// was committed when its call returned.
    fn shutdown(&self) {
        if let Err(e) = self.index_held() {
            tracing::warn!(error = %e, "held search index rows not written at shutdown");
        }
        if let Err(e) = self.flush_buffers() {
            tracing::warn!(error = %e, "buffered counts not written at shutdown");
        }
        self.inner
            .closed
            .store(true, std::sync::atomic::Ordering::Release);
    }
}
