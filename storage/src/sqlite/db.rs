//! One writer, many readers.
//!
//! All writes go to a single writer thread through a channel. The writer takes every job that
//! is waiting, runs each inside its own SAVEPOINT of one transaction and commits once: under
//! load, many deliveries share one fsync (group commit). A job that fails is rolled back to its
//! savepoint alone; the others still commit. Each caller gets its result only after COMMIT
//! returned, so a success reply means the data is durable.
//!
//! Reads use a small pool of read-only connections; in WAL mode they never block the writer.
//!
//! The WAL is checkpointed by a thread of its own (`checkpointer_loop`), not by the writer at
//! the commit that crosses SQLite's threshold: copying pages into the database and syncing it
//! no longer stops the deliveries waiting for the writer. The writer only finishes a
//! checkpoint itself when the WAL grew past `WAL_WRITER_PAGES` (see there).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::blob::BlobStore;
use crate::changes::{Change, ChangeHub};
use crate::error::{Result, StorageError};
use crate::schema;
use crate::search::IndexRow;
use crate::space::DiskSpace;
use crate::types::AccountId;

/// Most jobs one transaction takes; bounds the latency a batch adds to its first job.
const MAX_BATCH: usize = 512;
/// Idle read connections kept open.
const MAX_IDLE_READERS: usize = 16;
/// Under disk pressure, the WAL is truncated at most this often.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(5);
/// How long a pressure checkpoint waits for readers.
const CHECKPOINT_WAIT: Duration = Duration::from_millis(500);
/// New contents wait for the search index in the writer until one of these is reached (or a
/// search asks, or the writer stops): FTS5 writes each flush as a segment of its own and
/// merges segments as they pile up, so a segment of many messages costs far less per
/// message than one per transaction (see `WriteCtx::index_pending`).
const HOLD_INDEX_ENTRIES: usize = 256;
const HOLD_INDEX_BYTES: usize = 8 * 1024 * 1024;
const HOLD_INDEX_FOR: Duration = Duration::from_millis(500);
/// The checkpointer rests this long after a checkpoint, so that one checkpoint (one sync of
/// the database file) takes the pages of many commits.
const CHECKPOINT_PAUSE: Duration = Duration::from_millis(100);
/// WAL pages above which the writer checkpoints itself, between two transactions (about
/// 8 MiB, `schema::JOURNAL_SIZE_LIMIT`). SQLite starts the WAL over from its beginning only
/// when a write transaction begins with every page of it already copied; under steady load
/// the checkpointer, racing the commits, seldom sees that moment, and the file would grow. The
/// writer's own checkpoint then copies only the few pages the checkpointer has not, and its
/// next transaction starts the WAL over (what SQLite's automatic checkpoint did at every
/// 1,000 pages, copying them all on the writer).
const WAL_WRITER_PAGES: i64 = 2000;

/// What a write job sees: the connection (inside a transaction) and the effects to carry out
/// after commit.
pub struct WriteCtx<'a> {
    pub(crate) conn: &'a Connection,
    changes: Vec<(AccountId, Change)>,
    blobs_to_sync: BTreeSet<String>,
    blobs_to_remove: Vec<String>,
    /// New contents to add to the search index once every job of the batch has run.
    to_index: Vec<(i64, IndexRow)>,
    /// Entries `forget_index` took out of `to_index`, put back if that job rolls back.
    forgotten: Vec<(i64, IndexRow)>,
    /// A job asked for every pending content to be indexed in this transaction.
    index_now: bool,
    /// `Db::blob_removals` as this batch began (only the writer changes it, after commits).
    blob_removals: u64,
}

impl WriteCtx<'_> {
    pub(crate) fn notify(&mut self, account: AccountId, change: Change) {
        self.changes.push((account, change));
    }

    /// A blob this transaction refers to, stored with `put_unsynced`: it is made durable
    /// (`BlobStore::sync`) before COMMIT, so it is there before any row points at it.
    pub(crate) fn sync_blob_before_commit(&mut self, hash: String) {
        self.blobs_to_sync.insert(hash);
    }

    /// Whether blobs were removed since `seen` was read from `Db::blob_removals`.
    pub(crate) fn blobs_removed_since(&self, seen: u64) -> bool {
        self.blob_removals != seen
    }

    /// A blob no row refers to any more; its file is removed after COMMIT.
    pub(crate) fn remove_blob_after_commit(&mut self, hash: String) {
        self.blobs_to_remove.push(hash);
    }

    /// Content `id`, just inserted, goes into the search index before COMMIT, after the
    /// batch's last job. FTS5 writes what it holds in memory to its b-trees at every savepoint
    /// (each job has one, and so has many a statement), so a message indexed inside its job
    /// cost a flush and a segment merge of its own; indexed together, a batch costs one.
    pub(crate) fn index_before_commit(&mut self, id: i64, row: IndexRow) {
        self.to_index.push((id, row));
    }

    /// Every content waiting for the search index is indexed before this transaction
    /// commits: a search is about to read the index.
    pub(crate) fn index_now(&mut self) {
        self.index_now = true;
    }

    /// Content `id` is deleted, or was indexed by other means: it is not to be indexed (its
    /// rowid may be used again by a later job).
    pub(crate) fn forget_index(&mut self, id: i64) {
        if let Some(at) = self.to_index.iter().position(|(pending, _)| *pending == id) {
            let entry = self.to_index.swap_remove(at);
            self.forgotten.push(entry);
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            changes: self.changes.len(),
            blobs_to_remove: self.blobs_to_remove.len(),
            to_index: self.to_index.iter().map(|(id, _)| *id).collect(),
            forgotten: self.forgotten.len(),
        }
    }

    /// Forgets the effects recorded since `mark` (the job that recorded them rolled back).
    /// Directories to sync are kept: syncing one more directory is harmless.
    fn truncate(&mut self, mark: Mark) {
        self.changes.truncate(mark.changes);
        self.blobs_to_remove.truncate(mark.blobs_to_remove);
        // A job may have removed entries (forget_index) as well as added some: back to the
        // entries there were before it.
        self.to_index.retain(|(id, _)| mark.to_index.contains(id));
        let restored = self.forgotten.split_off(mark.forgotten);
        self.to_index.extend(
            restored
                .into_iter()
                .filter(|(id, _)| mark.to_index.contains(id)),
        );
    }

    /// Indexes the contents waiting for the index in one savepoint, and marks them indexed.
    /// Should that fail, they keep `indexed = 0` for the backlog (`Store::index_backlog`, and
    /// the search of their mailbox), and the batch commits.
    fn index_pending(&mut self) -> Result<()> {
        if self.to_index.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.to_index);
        self.conn.execute_batch("SAVEPOINT search_index")?;
        let indexed = pending.iter().try_for_each(|(id, row)| -> Result<()> {
            crate::search::index_content(self.conn, *id, row)?;
            self.conn
                .prepare_cached("UPDATE contents SET indexed = 1 WHERE id = ?1")?
                .execute([id])?;
            Ok(())
        });
        if let Err(e) = indexed {
            tracing::warn!(error = %e, "search index not updated; the backlog will do it");
            self.conn
                .execute_batch("ROLLBACK TO search_index; RELEASE search_index")?;
            return Ok(());
        }
        self.conn.execute_batch("RELEASE search_index")?;
        Ok(())
    }

    /// Bytes of text waiting for the index.
    fn pending_bytes(&self) -> usize {
        self.to_index.iter().map(|(_, row)| row.held_bytes()).sum()
    }
}

/// Contents committed but not yet in the search index, held by the writer between
/// transactions (rows with `indexed = 0`: if the process ends first, the backlog indexes
/// them from their blobs at the next start).
#[derive(Default)]
struct HeldIndex {
    entries: Vec<(i64, IndexRow)>,
    /// When the oldest entry was committed.
    since: Option<Instant>,
}

impl HeldIndex {
    /// When the held entries must be indexed at the latest.
    fn deadline(&self) -> Option<Instant> {
        self.since.map(|t| t + HOLD_INDEX_FOR)
    }
}

/// What a batch's effects were before a job ran.
struct Mark {
    changes: usize,
    blobs_to_remove: usize,
    to_index: Vec<i64>,
    forgotten: usize,
}

trait Job: Send {
    /// Runs the job; returns true if it succeeded (its savepoint is then released).
    fn run(&mut self, ctx: &mut WriteCtx<'_>) -> bool;
    /// Delivers the result, or `err` if the transaction as a whole failed to commit.
    fn finish(self: Box<Self>, err: Option<&StorageError>);
}

struct TypedJob<F, R> {
    work: Option<F>,
    result: Option<Result<R>>,
    reply: Reply<R>,
}

/// Where a job's result goes once its batch has committed: a thread blocked in `Db::write`,
/// or a task awaiting `Db::write_async` (no thread waits for it).
enum Reply<R> {
    Blocking(mpsc::SyncSender<Result<R>>),
    Async(tokio::sync::oneshot::Sender<Result<R>>),
}

impl<F, R> Job for TypedJob<F, R>
where
    F: FnOnce(&mut WriteCtx<'_>) -> Result<R> + Send,
    R: Send,
{
    fn run(&mut self, ctx: &mut WriteCtx<'_>) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let result = work(ctx);
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn finish(self: Box<Self>, err: Option<&StorageError>) {
        let result = match (err, self.result) {
            (None, Some(result)) => result,
            // The batch did not commit: our failure (disk full, I/O error), never the caller's.
            (Some(e), _) => Err(StorageError::io(
                "committing the storage transaction",
                std::io::Error::other(e.to_string()),
            )),
            (None, None) => Err(StorageError::WriterGone),
        };
        match self.reply {
            Reply::Blocking(reply) => {
                let _ = reply.send(result);
            }
            Reply::Async(reply) => {
                let _ = reply.send(result);
            }
        }
    }
}

type BoxedJob = Box<dyn Job>;

/// Holds back blob removals while a backup copies files (see `Db::pause_blob_removal`).
#[derive(Default)]
struct RemovalGate {
    paused: usize,
    deferred: Vec<String>,
    /// Batches that removed blobs, counted once their removals are done: a blob stored
    /// before the count last changed may have been removed since (see `content_for`).
    removals: u64,
}

pub(crate) struct Db {
    path: PathBuf,
    checkpointer: Mutex<Option<JoinHandle<()>>>,
    gate: Arc<Mutex<RemovalGate>>,
    jobs: Mutex<Option<mpsc::Sender<BoxedJob>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    readers: Mutex<Vec<Connection>>,
}

impl Db {
    pub(crate) fn open(
        path: &Path,
        blobs: Arc<dyn BlobStore>,
        hub: Arc<ChangeHub>,
        space: Arc<DiskSpace>,
    ) -> Result<Db> {
        let conn = schema::open_writer(path)?;
        // Checkpoints are the checkpointer's (and, past WAL_WRITER_PAGES, the writer's own).
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let checkpoint_conn = schema::open_checkpointer(path)?;
        let wal_pages = Arc::new(AtomicI64::new(0));
        let (nudge, nudges) = mpsc::sync_channel::<()>(1);
        let pages = wal_pages.clone();
        let checkpointer = std::thread::Builder::new()
            .name("storage-checkpoint".into())
            .spawn(move || checkpointer_loop(checkpoint_conn, nudges, pages))
            .map_err(|e| StorageError::io("starting the storage checkpoint thread", e))?;
        let wal = Wal {
            nudge,
            pages: wal_pages,
        };
        let (tx, rx) = mpsc::channel::<BoxedJob>();
        let gate = Arc::new(Mutex::new(RemovalGate::default()));
        let writer_gate = gate.clone();
        let writer = std::thread::Builder::new()
            .name("storage-writer".into())
            .spawn(move || writer_loop(conn, rx, blobs, hub, writer_gate, space, wal))
            .map_err(|e| StorageError::io("starting the storage writer thread", e))?;
        Ok(Db {
            path: path.to_path_buf(),
            checkpointer: Mutex::new(Some(checkpointer)),
            gate,
            jobs: Mutex::new(Some(tx)),
            writer: Mutex::new(Some(writer)),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Runs `work` in the writer's transaction and waits until it is committed.
    pub(crate) fn write<R, F>(&self, work: F) -> Result<R>
    where
        F: FnOnce(&mut WriteCtx<'_>) -> Result<R> + Send + 'static,
        R: Send + 'static,
    {
        let (reply, answer) = mpsc::sync_channel(1);
        self.submit(work, Reply::Blocking(reply))?;
        answer.recv().map_err(|_| StorageError::WriterGone)?
    }

    /// [`Db::write`] for a task on an async runtime: the job goes to the writer now, and the
    /// future resolves once its batch is committed, with no thread blocked meanwhile (a
    /// blocking thread per delivery only to wait for the writer cost two more thread
    /// switches per message).
    pub(crate) fn write_async<R, F>(
        &self,
        work: F,
    ) -> impl std::future::Future<Output = Result<R>> + Send + 'static
    where
        F: FnOnce(&mut WriteCtx<'_>) -> Result<R> + Send + 'static,
        R: Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let submitted = self.submit(work, Reply::Async(reply));
        async move {
            submitted?;
            answer.await.map_err(|_| StorageError::WriterGone)?
        }
    }

    /// Hands a job to the writer thread.
    fn submit<R, F>(&self, work: F, reply: Reply<R>) -> Result<()>
    where
        F: FnOnce(&mut WriteCtx<'_>) -> Result<R> + Send + 'static,
        R: Send + 'static,
    {
        let job = Box::new(TypedJob {
            work: Some(work),
            result: None,
            reply,
        });
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        let sender = jobs.as_ref().ok_or(StorageError::WriterGone)?;
        sender.send(job).map_err(|_| StorageError::WriterGone)
    }

    /// Queues `work` for the writer's next transaction without waiting for it: for records
    /// whose loss in a crash is harmless (it still commits, and is as durable as the batch
    /// it joins). A failure is only logged.
    pub(crate) fn write_behind<F>(&self, work: F)
    where
        F: FnOnce(&mut WriteCtx<'_>) -> Result<()> + Send + 'static,
    {
        let (reply, _answer) = mpsc::sync_channel(1);
        let work = move |ctx: &mut WriteCtx<'_>| {
            let done = work(ctx);
            if let Err(e) = &done {
                tracing::warn!(error = %e, "a write-behind record failed");
            }
            done
        };
        let _ = self.submit(work, Reply::Blocking(reply));
    }

    /// Runs `work` on a read connection from the pool.
    pub(crate) fn read<R>(&self, work: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => schema::open_reader(&self.path)?,
        };
        let result = work(&conn);
        let mut readers = self.readers.lock().unwrap_or_else(|p| p.into_inner());
        if readers.len() < MAX_IDLE_READERS {
            readers.push(conn);
        }
        result
    }

    /// How many times the writer has removed blobs (see `RemovalGate::removals`): read before
    /// storing a blob, so that the writer knows whether it may have been removed since.
    pub(crate) fn blob_removals(&self) -> u64 {
        self.gate.lock().unwrap_or_else(|p| p.into_inner()).removals
    }

    /// Keeps every blob file in place until `resume_blob_removal`: a backup copying the files
    /// of a database snapshot must find all of them, even those expunged meanwhile.
    pub(crate) fn pause_blob_removal(&self) {
        self.gate.lock().unwrap_or_else(|p| p.into_inner()).paused += 1;
    }

    /// Ends a pause; the last one removes the files whose removal was held back (those no
    /// content row refers to any more).
    pub(crate) fn resume_blob_removal(&self) {
        let deferred = {
            let mut gate = self.gate.lock().unwrap_or_else(|p| p.into_inner());
            gate.paused = gate.paused.saturating_sub(1);
            if gate.paused > 0 {
                return;
            }
            std::mem::take(&mut gate.deferred)
        };
        if !deferred.is_empty() {
            let _ = self.write(move |ctx| {
                for hash in deferred {
                    ctx.remove_blob_after_commit(hash);
                }
                Ok(())
            });
        }
    }

    /// Stops the writer after the jobs already queued; later writes fail with `WriterGone`.
    pub(crate) fn shutdown(&self) {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(handle) = self.writer.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = handle.join();
        }
        // The writer held the only nudge sender: the checkpointer ends with it.
        let checkpointer = self
            .checkpointer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(handle) = checkpointer {
            let _ = handle.join();
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// The writer's side of the checkpointer.
struct Wal {
    /// Tells the checkpointer that a transaction committed.
    nudge: mpsc::SyncSender<()>,
    /// Pages in the WAL at the checkpointer's last checkpoint.
    pages: Arc<AtomicI64>,
}

/// Checkpoints the WAL (PASSIVE: never waits for the writer or readers) after commits, at most
/// once per `CHECKPOINT_PAUSE`, on a connection of its own; ends when the writer does.
fn checkpointer_loop(conn: Connection, nudges: mpsc::Receiver<()>, pages: Arc<AtomicI64>) {
    while nudges.recv().is_ok() {
        match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(1)) {
            Ok(log) => pages.store(log, Ordering::Relaxed),
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed"),
        }
        std::thread::sleep(CHECKPOINT_PAUSE);
    }
}

/// The writer's own checkpoint when the WAL grew past `WAL_WRITER_PAGES`: it copies what the
/// checkpointer has not yet, so that the next transaction starts the WAL over.
fn finish_checkpoint(conn: &Connection, wal: &Wal) {
    if wal.pages.load(Ordering::Relaxed) < WAL_WRITER_PAGES {
        return;
    }
    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
        tracing::warn!(error = %e, "WAL checkpoint failed");
    }
    // Once per checkpointer round at most: the checkpointer's next count tells again.
    wal.pages.store(0, Ordering::Relaxed);
}

fn writer_loop(
    conn: Connection,
    jobs: mpsc::Receiver<BoxedJob>,
    blobs: Arc<dyn BlobStore>,
    hub: Arc<ChangeHub>,
    gate: Arc<Mutex<RemovalGate>>,
    space: Arc<DiskSpace>,
    wal: Wal,
) {
    let mut last_checkpoint: Option<Instant> = None;
    let mut held = HeldIndex::default();
    loop {
        // With contents held for the index, wait no longer than their deadline: an idle
        // writer then indexes them in a transaction of their own.
        let first = match held.deadline() {
            None => jobs.recv().ok(),
            Some(deadline) => {
                match jobs.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(job) => Some(job),
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        run_batch(
                            &conn,
                            &mut Vec::new(),
                            &mut held,
                            false,
                            &*blobs,
                            &hub,
                            &gate,
                        );
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => None,
                }
            }
        };
        let Some(first) = first else {
            // Stopping: what is held goes into the index now.
            if !held.entries.is_empty() {
                run_batch(
                    &conn,
                    &mut Vec::new(),
                    &mut held,
                    true,
                    &*blobs,
                    &hub,
                    &gate,
                );
            }
            return;
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        run_batch(&conn, &mut batch, &mut held, false, &*blobs, &hub, &gate);
        let _ = wal.nudge.try_send(());
        finish_checkpoint(&conn, &wal);
        if space.under_pressure() && last_checkpoint.is_none_or(|t| t.elapsed() >= CHECKPOINT_EVERY)
        {
            last_checkpoint = Some(Instant::now());
            // What is held for the index goes in first, so that the checkpoint takes its pages
            // too rather than leaving them to grow the WAL again right after it.
            if !held.entries.is_empty() {
                run_batch(
                    &conn,
                    &mut Vec::new(),
                    &mut held,
                    true,
                    &*blobs,
                    &hub,
                    &gate,
                );
            }
            truncate_wal(&conn);
        }
    }
}

/// Copies the whole WAL into the database and cuts the file to zero bytes, when free space is
/// below twice the reserve: the WAL's pages are then a second copy of recent writes that the
/// disk cannot spare. Waits at most `CHECKPOINT_WAIT` for readers to leave old snapshots (the
/// writer is blocked meanwhile); when they do not, the checkpoint copies what it can and the
/// next one tries again.
fn truncate_wal(conn: &Connection) {
    let _ = conn.busy_timeout(CHECKPOINT_WAIT);
    let result = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    });
    let _ = conn.busy_timeout(schema::BUSY_TIMEOUT);
    match result {
        Ok((0, pages)) => {
            tracing::debug!(pages, "disk space low: WAL checkpointed and truncated");
        }
        Ok((_, pages)) => tracing::debug!(
            pages,
            "disk space low: WAL checkpoint could not truncate (readers busy); trying again later"
        ),
        Err(e) => tracing::warn!(error = %e, "disk space low: WAL checkpoint failed"),
    }
}

/// Runs one of the transaction's own statements (BEGIN, SAVEPOINT, RELEASE…) from the
/// statement cache: parsed once, not for every job of every batch.
fn statement(conn: &Connection, sql: &str) -> Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// Runs `batch` in one transaction. The contents `held` for the search index join it (a job
/// deleting one forgets it), and are indexed before COMMIT when a job asks, when `flush`,
/// or when there are enough of them or they waited long enough; else they are held again.
#[allow(clippy::too_many_arguments)]
fn run_batch(
    conn: &Connection,
    batch: &mut Vec<BoxedJob>,
    held: &mut HeldIndex,
    flush: bool,
    blobs: &dyn BlobStore,
    hub: &ChangeHub,
    gate: &Mutex<RemovalGate>,
) {
    let mut ctx = WriteCtx {
        conn,
        changes: Vec::new(),
        blobs_to_sync: BTreeSet::new(),
        blobs_to_remove: Vec::new(),
        to_index: std::mem::take(&mut held.entries),
        forgotten: Vec::new(),
        index_now: flush,
        blob_removals: gate.lock().unwrap_or_else(|p| p.into_inner()).removals,
    };
    let start = ctx.mark();
    let mut indexed = false;
    let outcome = (|| -> Result<()> {
        statement(conn, "BEGIN IMMEDIATE")?;
        for job in batch.iter_mut() {
            let mark = ctx.mark();
            statement(conn, "SAVEPOINT job")?;
            if job.run(&mut ctx) {
                statement(conn, "RELEASE job")?;
            } else {
                statement(conn, "ROLLBACK TO job")?;
                statement(conn, "RELEASE job")?;
                ctx.truncate(mark);
            }
        }
        if ctx.index_now
            || ctx.to_index.len() >= HOLD_INDEX_ENTRIES
            || held.deadline().is_some_and(|d| d <= Instant::now())
            || ctx.pending_bytes() >= HOLD_INDEX_BYTES
        {
            indexed = true;
            ctx.index_pending()?;
        }
        if !ctx.blobs_to_sync.is_empty() {
            blobs.sync(&mut ctx.blobs_to_sync.iter().map(String::as_str))?;
        }
        statement(conn, "COMMIT")?;
        Ok(())
    })();
    let err = outcome.err();
    if let Some(e) = &err {
        tracing::error!(error = %e, jobs = batch.len(), "storage transaction failed; rolled back");
        let _ = conn.execute_batch("ROLLBACK");
        // Back to the contents held before the batch (committed earlier). Those an index
        // attempt already took stay `indexed = 0` for the backlog.
        ctx.truncate(start);
    }
    if indexed || ctx.to_index.is_empty() {
        held.since = None;
    } else if held.since.is_none() {
        held.since = Some(Instant::now());
    }
    held.entries = std::mem::take(&mut ctx.to_index);
    // Every effect of the commit is carried out before anyone is told it is done: freed
    // blobs are removed and watchers notified, then the callers get their results.
    if err.is_none() {
        {
            let mut gate = gate.lock().unwrap_or_else(|p| p.into_inner());
            if gate.paused > 0 {
                gate.deferred.append(&mut ctx.blobs_to_remove);
            }
        }
        let removing = !ctx.blobs_to_remove.is_empty();
        for hash in ctx.blobs_to_remove.drain(..) {
            // A later job of the same batch may have stored the same content again.
            let still_used = conn
                .query_row(
                    "SELECT 1 FROM contents WHERE blob = ?1",
                    [&hash],
                    |_| Ok(()),
                )
                .is_ok();
            if !still_used && let Err(e) = blobs.delete(&hash) {
                // Only leaves an orphan for `govmail check --repair`.
                tracing::warn!(blob = %hash, error = %e, "could not remove unreferenced blob");
            }
        }
        if removing {
            gate.lock().unwrap_or_else(|p| p.into_inner()).removals += 1;
        }
        hub.publish(std::mem::take(&mut ctx.changes));
    }
    for job in batch.drain(..) {
        job.finish(err.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(ctx: &WriteCtx<'_>) -> Vec<i64> {
        let mut ids: Vec<i64> = ctx.to_index.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids
    }

    /// A job that rolls back undoes what it did to the batch's pending index entries: those
    /// it added go, those it forgot (it deleted their content, which the rollback restores)
    /// come back.
    #[test]
    fn a_rolled_back_job_gives_back_the_index_entries_it_took() {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let mut ctx = WriteCtx {
            conn: &conn,
            changes: Vec::new(),
            blobs_to_sync: BTreeSet::new(),
            blobs_to_remove: Vec::new(),
            to_index: Vec::new(),
            forgotten: Vec::new(),
            index_now: false,
            blob_removals: 0,
        };
        ctx.index_before_commit(1, IndexRow::default());
        ctx.index_before_commit(2, IndexRow::default());
        let mark = ctx.mark();
        ctx.forget_index(1);
        ctx.index_before_commit(3, IndexRow::default());
        ctx.forget_index(3);
        ctx.index_before_commit(4, IndexRow::default());
        assert_eq!(ids(&ctx), [2, 4]);
        ctx.truncate(mark);
        assert_eq!(ids(&ctx), [1, 2]);
        // A job that succeeds keeps its changes.
        let _ = ctx.mark();
        ctx.forget_index(2);
        assert_eq!(ids(&ctx), [1]);
    }
}
