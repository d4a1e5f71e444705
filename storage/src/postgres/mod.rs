//! The PostgreSQL backend for metadata (issue 23): several govmail nodes on one database.
//!
//! `PgBackend` has the same methods, with the same names, arguments and results, as the
//! SQLite `Store` it stands beside (not its SQL): once the backend traits exist, each method
//! is wired to its trait as is. Like `Store`, its methods block and are called from blocking
//! threads (`spawn_blocking`); each one hands its work to the backend's own small tokio
//! runtime and waits for the answer on a channel, so no caller's runtime thread is ever
//! blocked on, or used for, the database.
//!
//! Concurrency across nodes: every write is one transaction; UIDs and MODSEQs are taken
//! under a row lock on the mailbox (`SELECT … FOR UPDATE`, mailboxes locked in id order), so
//! two nodes appending to one mailbox serialise there and a rolled-back transaction gives
//! its UID back unseen. A transaction that deadlocks anyway is retried whole.

mod buffer;
mod config;
mod directory;
mod grants;
mod import;
mod mailbox;
mod maintenance;
mod message;
mod notify;
mod open;
mod outbound_tls;
mod pool;
mod quarantine;
mod queue;
mod recall;
mod register;
mod roles;
mod runtime;
mod schema;
mod search;
mod sieve;
mod sort;
mod space;
pub mod testing;
mod throttle;
mod tls;
mod trigram;
mod usage;
mod writer;

use std::future::Future;
use std::sync::Arc;

pub use config::{PgConfig, redacted};
pub use message::BLOB_SWEEP_DELAY_SECS;
pub use open::open_store;
pub use queue::{QUEUE_HOLD_MAX_SECS, QUEUE_LEASE_SECS};
pub use schema::PG_SCHEMA_VERSION;

use crate::blob::BlobStore;
use crate::changes::{Change, ChangeHub};
use crate::error::{Result, StorageError};
use crate::types::AccountId;
use pool::Pool;

/// The PostgreSQL metadata backend. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct PgBackend {
    inner: Arc<Inner>,
    /// How much of the disk reserve this handle's writes of mail may use (`Space::for_notices`).
    claim: crate::space::Claim,
}

struct Inner {
    /// `None` only while being dropped.
    runtime: Option<tokio::runtime::Runtime>,
    pool: Arc<Pool>,
    /// Message bytes above `blob::INLINE_MAX` (smaller ones are in `inline_blobs`). Files on
    /// storage every node shares, until the object-store blob backend takes this place.
    blobs: Arc<dyn BlobStore>,
    changes: Arc<ChangeHub>,
    /// Set by [`PgBackend::shutdown`]: later operations fail.
    closed: std::sync::atomic::AtomicBool,
    /// Wakes the receipt sender when an official document is read for the first time.
    receipts: Arc<tokio::sync::Notify>,
    /// This node's name in queue leases (`queue.claimed_by`): host, process, and a random
    /// part, so two backends in one process (tests) are two nodes.
    node: String,
    /// The local data directory: spool files, and the blob files when they are local.
    data_dir: std::path::PathBuf,
    /// Free space and the reserve of the local data directory and blob directory (the
    /// database's own disk is the DBA's: see `runtime`).
    space: crate::space::DiskSpace,
    /// Sieve change count, follow-up wake-up, and what waits for the next flush (usage
    /// counts, register entries, TLS results): see `buffer`.
    domain: buffer::DomainState,
    /// The queue entries this node holds, for the heartbeat renewing their leases.
    leases: queue::Leases,
    /// Delivered contents waiting for the search index (see `search::HeldIndex`).
    held_index: search::HeldIndex,
    /// Deliveries' group commit (see `writer`).
    writer: writer::Writer,
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics on an async thread: the last handle may be
        // dropped anywhere.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// An error inside the backend: ours, or the database's (kept whole so that a deadlock or a
/// serialisation failure can be told apart and retried).
#[derive(Debug)]
pub(crate) enum PgError {
    Storage(StorageError),
    Pg(tokio_postgres::Error),
}

impl From<StorageError> for PgError {
    fn from(e: StorageError) -> Self {
        PgError::Storage(e)
    }
}

impl From<tokio_postgres::Error> for PgError {
    fn from(e: tokio_postgres::Error) -> Self {
        PgError::Pg(e)
    }
}

pub(crate) type PgResult<T> = std::result::Result<T, PgError>;

impl PgError {
    /// Worth running the whole transaction again: a deadlock, a serialisation failure.
    fn retryable(&self) -> bool {
        use tokio_postgres::error::SqlState;
        matches!(self, PgError::Pg(e) if e.code().is_some_and(|c| {
            *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
        }))
    }

    fn into_storage(self) -> StorageError {
        match self {
            PgError::Storage(e) => e,
            PgError::Pg(e) => pg_to_storage(e),
        }
    }
}

/// The backend-neutral error for a database error. A unique violation is a conflict (two
/// nodes creating the same name at once: the loser is told so); lost connections, a server
/// shutting down, too many connections, deadlocks and serialisation failures may succeed
/// later ([`ErrorKind::Unavailable`]); data the server reports damaged is corrupt; anything
/// else is our own failure. The server's message is kept, never the connection URL (it may
/// hold a password).
fn pg_to_storage(e: tokio_postgres::Error) -> StorageError {
    use crate::ErrorKind;
    use tokio_postgres::error::SqlState;
    let Some(db) = e.as_db_error() else {
        // No answer from the server: the connection failed or closed.
        return StorageError::backend(ErrorKind::Unavailable, "PostgreSQL", e.to_string());
    };
    let code = db.code();
    if *code == SqlState::UNIQUE_VIOLATION {
        return StorageError::Conflict(format!(
            "already exists ({})",
            db.constraint().unwrap_or(db.message())
        ));
    }
    let detail = format!("{}: {} ({})", db.severity(), db.message(), code.code());
    // SQLSTATE classes (PostgreSQL manual, appendix A): 08 connection exception, 40
    // transaction rollback, 53 insufficient resources, 57 operator intervention (e.g.
    // admin_shutdown, cannot_connect_now); XX internal error, of which XX001/XX002 are
    // data_corrupted/index_corrupted.
    let class = &code.code()[..2.min(code.code().len())];
    if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED {
        return StorageError::Corrupt(detail.into());
    }
    let kind = match class {
        "08" | "40" | "53" | "57" => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    };
    StorageError::backend(kind, "PostgreSQL", detail)
}

/// Changes to publish once the transaction that made them has committed.
pub(crate) type Notes = Vec<(AccountId, Change)>;

/// Runs `$body` (an expression using the transaction `$tx` and the change list `$notes`,
/// returning `PgResult<T>`) in a transaction on `$client`, committing on success and running
/// it again from the start after a deadlock or serialisation failure (a few times).
macro_rules! in_tx {
    ($client:expr, |$tx:ident, $notes:ident| $body:expr) => {{
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            #[allow(unused_mut)]
            let mut $notes: $crate::postgres::Notes = Vec::new();
            let $tx = $client.transaction().await?;
            let outcome: $crate::postgres::PgResult<_> = async { $body }.await;
            match outcome {
                Ok(value) => {
                    $tx.commit().await?;
                    break Ok::<_, $crate::postgres::PgError>((value, $notes));
                }
                Err(e) if e.retryable() && attempt < 5 => {
                    drop($tx);
                    tokio::time::sleep(std::time::Duration::from_millis(u64::from(attempt) * 7))
                        .await;
                    continue;
                }
                Err(e) => break Err(e),
            }
        }
    }};
}
pub(crate) use in_tx;

/// A write: `|tx, notes| body` in a transaction on a pooled connection (see [`in_tx!`]), the
/// changes it noted published once it has committed. Evaluates to `Result<T>`. The body may
/// run more than once (a retried deadlock): it borrows what it uses, never moves it.
macro_rules! pg_write {
    ($backend:expr, |$tx:ident, $notes:ident| $body:expr) => {{
        let backend = $backend;
        let node = backend.node().to_string();
        backend
            .run(move |pool| async move {
                let mut client = pool.get().await?;
                $crate::postgres::in_tx!(client, |$tx, $notes| {
                    let value: $crate::postgres::PgResult<_> = async { $body }.await;
                    let value = value?;
                    // Other nodes' sessions learn of it at COMMIT (see `notify`).
                    $crate::postgres::notify::send(&$tx, &node, &$notes).await?;
                    Ok(value)
                })
            })
            .map(|(value, notes)| {
                backend.publish(notes);
                value
            })
    }};
}
pub(crate) use pg_write;

fn node_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    format!(
        "{}:{}:{:08x}",
        if host.is_empty() { "node" } else { &host },
        std::process::id(),
        rand::random::<u32>()
    )
}

impl PgBackend {
    /// Connects to the database named by `config`, applies the migrations this binary knows
    /// (refusing a schema newer than it), and keeps local state (spool files) in `data_dir`
    /// and message bytes above the inline size in the files under `data_dir/blobs` (which
    /// every node must share: a network file system), as the SQLite store does.
    pub fn open(config: &PgConfig, data_dir: &std::path::Path) -> Result<PgBackend> {
        let blobs = Arc::new(crate::blob::fs::FsBlobs::open(
            data_dir.join(crate::BLOB_DIR),
        )?);
        PgBackend::open_with_blobs(config, data_dir, blobs)
    }

    /// [`open`](PgBackend::open), with message bytes above the inline size in `blobs` (an
    /// S3-compatible bucket shared by the nodes, or files on shared storage).
    pub fn open_with_blobs(
        config: &PgConfig,
        data_dir: &std::path::Path,
        blobs: Arc<dyn BlobStore>,
    ) -> Result<PgBackend> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StorageError::io(format!("creating {}", data_dir.display()), e))?;
        let pg = config.client_config()?;
        let tls = tls::RustlsConnect::new(config.ca_file.as_deref())?;
        // One worker: it only drives the connections' I/O and the writer (every caller waits
        // on a channel, blob I/O goes to blocking threads), a fifth of a core at 800
        // deliveries a second; a second worker mostly parked and was woken again, and with
        // two nodes on a machine that churn cost more than the work.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("storage-pg")
            .enable_all()
            .build()
            .map_err(|e| StorageError::io("starting the PostgreSQL runtime", e))?;
        let space = crate::space::DiskSpace::new(data_dir, blobs.local_dir().unwrap_or(data_dir));
        let mut batch_config = pg.clone();
        let name = format!(
            "{}-writer",
            batch_config.get_application_name().unwrap_or("govmail")
        );
        batch_config.application_name(name);
        let batches = Arc::new(Pool::with_setup(
            batch_config,
            tls.clone(),
            1,
            writer::BATCH_SETUP,
        ));
        let pool = Arc::new(Pool::new(pg, tls, config.pool_size));
        let node = node_name();
        let (writer, write) = writer::Writer::new(writer::Context {
            pool: pool.clone(),
            batches,
            blobs: blobs.clone(),
            node: node.clone(),
        });
        runtime.spawn(write);
        let backend = PgBackend {
            inner: Arc::new(Inner {
                runtime: Some(runtime),
                pool,
                blobs,
                changes: Arc::new(ChangeHub::default()),
                node,
                closed: Default::default(),
                receipts: Default::default(),
                data_dir: data_dir.to_path_buf(),
                space,
                domain: Default::default(),
                leases: Default::default(),
                held_index: Default::default(),
                writer,
            }),
            claim: crate::space::Claim::Incoming,
        };
        backend.run(|pool| async move {
            let mut client = pool.get().await?;
            schema::migrate(&mut client).await
        })?;
        if let Some(rt) = backend.inner.runtime.as_ref() {
            // One connection besides the pool, named so that the DBA can tell it apart.
            let mut listen = config.client_config()?;
            let name = format!(
                "{}-listen",
                listen.get_application_name().unwrap_or("govmail")
            );
            listen.application_name(name);
            rt.spawn(notify::listen(
                listen,
                tls::RustlsConnect::new(config.ca_file.as_deref())?,
                backend.inner.changes.clone(),
                backend.inner.node.clone(),
            ));
        }
        backend.start_flusher()?;
        Ok(backend)
    }

    /// Runs `work` on the backend's runtime with the pool and waits for its result: the one
    /// door from the blocking API into the async client.
    pub(crate) fn run<T, F, Fut>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(Arc<Pool>) -> Fut,
        Fut: Future<Output = PgResult<T>> + Send + 'static,
    {
        let Some(rt) = self.inner.runtime.as_ref() else {
            return Err(StorageError::WriterGone);
        };
        if self.inner.closed.load(std::sync::atomic::Ordering::Acquire) {
            return Err(StorageError::WriterGone);
        }
        let fut = work(self.inner.pool.clone());
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        rt.spawn(async move {
            let _ = tx.send(fut.await);
        });
        match rx.recv() {
            Ok(result) => result.map_err(PgError::into_storage),
            // The task panicked or the runtime is shutting down.
            Err(_) => Err(StorageError::WriterGone),
        }
    }

    /// A read on one pooled connection (no transaction: one statement, or several that need
    /// no common snapshot; see [`PgBackend::snapshot`]).
    pub(crate) fn read<T, F, Fut>(&self, work: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(pool::Pooled) -> Fut + Send + 'static,
        Fut: Future<Output = PgResult<T>> + Send,
    {
        self.run(move |pool| async move {
            let client = pool.get().await?;
            work(client).await
        })
    }

    /// Publishes changes made by a committed transaction to this node's sessions.
    pub(crate) fn publish(&self, notes: Notes) {
        self.inner.changes.publish(notes);
    }

    pub(crate) fn receipts_notify(&self) -> &Arc<tokio::sync::Notify> {
        &self.inner.receipts
    }

    pub(crate) fn node(&self) -> &str {
        &self.inner.node
    }

    pub(crate) fn writer(&self) -> &writer::Writer {
        &self.inner.writer
    }

    pub(crate) fn held_index(&self) -> &search::HeldIndex {
        &self.inner.held_index
    }

    pub(crate) fn domain(&self) -> &buffer::DomainState {
        &self.inner.domain
    }

    pub(crate) fn blobs(&self) -> &Arc<dyn BlobStore> {
        &self.inner.blobs
    }

    pub(crate) fn space(&self) -> &crate::space::DiskSpace {
        &self.inner.space
    }
}

#[cfg(test)]
mod connection_tests;
#[cfg(test)]
mod core_tests;
#[cfg(test)]
mod domain_tests;
