//! The SQLite backend (the default): one database file in WAL mode beside the blob store.
//! Writes go through one writer thread with group commit, reads through a pool of read
//! connections (see `db`). A successful write has been committed and fsynced.
//!
//! The SQL of each group of methods is in the group's file, which implements the group's
//! trait (`impl Directory for SqliteBackend` in directory.rs, …; `Runtime` here), as the
//! PostgreSQL backend does. The groups still written as `impl SqliteBackend` blocks
//! (messages, search, queue, usage, register, recall, quarantine, maintenance) are tied to
//! their traits in `backend.rs`.

pub(crate) mod append;
pub(crate) mod backend;
pub(crate) mod backup;
pub(crate) mod check;
pub(crate) mod db;
pub(crate) mod directory;
pub(crate) mod error;
pub(crate) mod follow_up;
pub(crate) mod grants;
pub(crate) mod import;
pub(crate) mod mailbox;
pub(crate) mod message;
pub(crate) mod outbound_tls;
pub(crate) mod preview;
pub(crate) mod quarantine;
pub(crate) mod queue;
pub(crate) mod recall;
pub(crate) mod register;
pub(crate) mod roles;
pub(crate) mod schema;
pub mod search;
pub(crate) mod sieve;
pub mod sort_keys;
pub(crate) mod space;
pub mod thread;
pub(crate) mod tracking;
pub(crate) mod usage;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::backend::{Runtime, Space};
use crate::blob::BlobStore;
use crate::changes::{Change, ChangeHub};
use crate::db::Db;
use crate::{AccountId, BLOB_DIR, DB_FILE, MailboxId, OpenMode, Result, StorageError};

#[derive(Clone)]
pub(crate) struct SqliteBackend {
    pub(crate) inner: Arc<Inner>,
    /// How much of the disk reserve this handle's writes of mail may use (see `for_notices`).
    pub(crate) claim: space::Claim,
}

pub(crate) struct Inner {
    pub(crate) data_dir: PathBuf,
    pub(crate) db: Db,
    pub(crate) blobs: Arc<dyn BlobStore>,
    pub(crate) changes: Arc<ChangeHub>,
    pub(crate) usage: usage::UsageBuffer,
    /// Free space and the reserve (shared with the writer, which checkpoints under pressure).
    pub(crate) space: Arc<space::DiskSpace>,
    /// Sieve script changes made through this Store (see `Store::sieve_changes_here`).
    pub(crate) sieve_changes: std::sync::atomic::AtomicU64,
    /// The highest UID claimed as \Recent per mailbox (see `Store::claim_recent`): decided
    /// here, at once, and written to the database behind.
    pub(crate) recent: std::sync::Mutex<std::collections::HashMap<MailboxId, u32>>,
    /// Wakes the receipt sender (see `tracking`).
    pub(crate) receipts: Arc<tokio::sync::Notify>,
    /// Signalled when an urgent document's follow-up rows are written.
    pub(crate) follow_ups: Arc<tokio::sync::Notify>,
}

impl SqliteBackend {
    /// Opens the SQLite store in `data_dir` (`govmail.db` and `blobs/`), applying migrations.
    pub fn open(data_dir: &Path, mode: OpenMode) -> Result<SqliteBackend> {
        SqliteBackend::open_with_blobs(data_dir, mode, None)
    }

    /// Opens the SQLite store in `data_dir` with message contents in `blobs` (an object
    /// store), or in the files under `blobs/` when None.
    pub fn open_with_blobs(
        data_dir: &Path,
        mode: OpenMode,
        blobs: Option<Arc<dyn BlobStore>>,
    ) -> Result<SqliteBackend> {
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
            None => Arc::new(crate::blob::fs::FsBlobs::open(data_dir.join(BLOB_DIR))?),
        };
        let changes = Arc::new(ChangeHub::default());
        let space = Arc::new(space::DiskSpace::new(
            data_dir,
            blobs.local_dir().unwrap_or(data_dir),
        ));
        let db = Db::open(&db_path, blobs.clone(), changes.clone(), space.clone())?;
        let store = SqliteBackend {
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
                    let store = SqliteBackend {
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

    pub(crate) fn receipts_notify(&self) -> &Arc<tokio::sync::Notify> {
        &self.inner.receipts
    }

    pub(crate) fn usage_buffer(&self) -> &usage::UsageBuffer {
        &self.inner.usage
    }

    pub(crate) fn recent_claims(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<MailboxId, u32>> {
        self.inner.recent.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn db(&self) -> &Db {
        &self.inner.db
    }

    pub(crate) fn blobs(&self) -> &Arc<dyn BlobStore> {
        &self.inner.blobs
    }

    pub(crate) fn space(&self) -> &space::DiskSpace {
        &self.inner.space
    }
}

impl Runtime for SqliteBackend {
    /// How many script changes this process made through this store: a change made here is
    /// seen at once without asking the database (other processes' changes need a read of
    /// `sieve_generation`).
    fn sieve_changes_here(&self) -> u64 {
        self.inner
            .sieve_changes
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// Signalled when an urgent document's recipients are written with their deadlines:
    /// the follow-up worker then looks at the register again.
    fn follow_up_wakeup(&self) -> Arc<tokio::sync::Notify> {
        self.inner.follow_ups.clone()
    }

    fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// A temporary file beside the blobs, with no name (it vanishes when closed, even
    /// after a crash), for incoming data too large to hold in memory while it arrives.
    /// Refused ([`StorageError::LowDisk`]) when free space is already below the reserve.
    fn spool(&self) -> Result<std::fs::File> {
        self.has_room(0)?;
        tempfile::tempfile_in(self.inner.blobs.local_dir().unwrap_or(&self.inner.data_dir))
            .map_err(|e| StorageError::io("creating a spool file beside the blobs", e))
    }

    /// Changes to an account's mailboxes, published after each commit.
    fn subscribe(&self, account: AccountId) -> tokio::sync::broadcast::Receiver<Change> {
        self.inner.changes.subscribe(account)
    }

    /// Writes buffered counts, finishes queued writes and stops the writer; later writes fail.
    fn shutdown(&self) {
        let _ = self.flush_usage();
        self.inner.db.shutdown();
    }
}
