//! Group commit of deliveries, one writer task per node (as SQLite's writer thread,
//! `sqlite::db`): the deliveries that arrive while a batch commits wait in a channel and go
//! into the next batch together, up to [`MAX_BATCH`]; while deliveries stream in, a batch
//! waits up to a millisecond or two for as many as the last one had (see [`Pace`]).
//!
//! A batch is one transaction of a few statements over all of its deliveries, not a few
//! statements per delivery (PostgreSQL's CPU per delivery was mostly per statement: a bind,
//! an execute, a reply, the executor's start and end; and one WAL fsync per COMMIT):
//! the targets' mailboxes and accounts locked, in id order, by two statements (the module
//! order of `message`: mailboxes, then accounts, then contents); every content upserted by
//! one `INSERT … SELECT FROM unnest(…)` with its bytes; every message row, UID and MODSEQ (each mailbox
//! raised once by its number of new messages), content reference and account charge by
//! another; one `pg_notify`. Each delivery is answered only after COMMIT returned, so a `250`
//! still means durable. A message kept in a blob file (above `blob::INLINE_MAX`) is delivered
//! on its own, as before: its file may have to be checked and written again before COMMIT,
//! blob I/O (an S3 request) that must not hold up the batch, and its bytes, not its
//! statements, are most of its cost.
//!
//! Content rows are locked in hash order here (their ids are not known before the upsert),
//! in id order by an expunge: two such transactions on shared contents may deadlock, which
//! PostgreSQL detects and `in_tx!` retries whole (as for the late INBOX of `deliver_in`).
//!
//! One delivery must not fail the others. What can refuse a delivery is checked before
//! anything is written (the quota, against the account rows read under their locks, in the
//! batch's order); a delivery the batch does not handle (a mailbox to create, an INBOX
//! instead of a missing folder, a missing account, no target) is delivered on its own after
//! the batch, as before; and should the batch's transaction fail anyway (a constraint, a UID
//! space used up), each of its deliveries runs again on its own, where only the one at
//! fault fails.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;
use tokio_postgres::types::ToSql;

use super::message::{content_for, deliver_in};
use super::pool::{Pool, Queries, Tx};
use super::queue::insert_entry;
use super::{Notes, PgError, PgResult, in_tx, notify};
use crate::blob::{BlobStore, StoredBlob};
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::flags::join_keywords;
use crate::message::{Delivered, DeliveryTarget};
use crate::meta::MessageMeta;
use crate::queue::{NewQueueEntry, QueueId};
use crate::structure::MessageStructure;
use crate::types::{AccountId, MailboxId, QuotaUsage};

/// Most deliveries one transaction takes: bounds the latency a batch adds to its first one
/// and the size of its statements' arrays.
const MAX_BATCH: usize = 256;

/// One delivery, staged (its blob written when not inline) and checked, for the writer.
pub(crate) struct Delivery {
    pub(crate) blob: StoredBlob,
    pub(crate) raw: Arc<[u8]>,
    /// Without its texts for the search index (taken before: see `search::Held`).
    pub(crate) meta: MessageMeta,
    pub(crate) internal_date: i64,
    pub(crate) targets: Vec<DeliveryTarget>,
    pub(crate) outbound: Option<NewQueueEntry>,
}

/// What a committed delivery made: its content row, its messages, its queue entry, and the
/// changes for the node's sessions (published by the caller).
pub(crate) struct Done {
    pub(crate) content: i64,
    pub(crate) delivered: Vec<Delivered>,
    pub(crate) queued: Option<QueueId>,
    pub(crate) notes: Notes,
}

impl Done {
    /// A delivery of `content` with nothing delivered or queued yet.
    fn of(content: i64) -> Done {
        Done {
            content,
            delivered: Vec::new(),
            queued: None,
            notes: Vec::new(),
        }
    }
}

/// Where a delivery's answer goes once its batch committed: a thread blocked in
/// [`Writer::deliver`], or a task awaiting [`Writer::deliver_async`].
enum Reply {
    Blocking(std::sync::mpsc::SyncSender<Result<Done>>),
    Async(oneshot::Sender<Result<Done>>),
}

impl Reply {
    fn send(self, result: Result<Done>) {
        // The caller may have gone (a session dropped): nothing to tell.
        let _ = match self {
            Reply::Blocking(tx) => tx.send(result).map_err(drop),
            Reply::Async(tx) => tx.send(result).map_err(drop),
        };
    }
}

struct Job {
    delivery: Delivery,
    reply: Reply,
}

/// The node's writer: hands deliveries to its task.
pub(crate) struct Writer {
    jobs: mpsc::UnboundedSender<Job>,
}

/// The writer's own connection's setting: the batch's statements always run on their
/// generic plan. Left to choose, PostgreSQL planned them again for most batches when they
/// were small (a custom plan for a few rows looks cheaper than the generic one, made for ten),
/// and planning `INSERT_MESSAGES` costs about as much as running it (0.5 ms): with two nodes,
/// whose batches are smaller, that was a tenth of PostgreSQL's CPU per message. The generic
/// plans are the ones the statements are written for (index lookups by id at any size;
/// PostgreSQL prefers a scan of a table of a few pages, as it should).
pub(crate) const BATCH_SETUP: &str = "SET plan_cache_mode = force_generic_plan";

/// What the writer task needs, shared with the deliveries it runs on their own.
#[derive(Clone)]
pub(crate) struct Context {
    /// The node's pool, for the deliveries run on their own.
    pub(crate) pool: Arc<Pool>,
    /// The batches' own connection (a pool of one, set up by [`BATCH_SETUP`]): one batch
    /// runs at a time, on statements prepared once.
    pub(crate) batches: Arc<Pool>,
    pub(crate) blobs: Arc<dyn BlobStore>,
    pub(crate) node: String,
}

impl Writer {
    /// The writer, and its task to spawn on the backend's runtime (it ends when the writer
    /// is dropped).
    pub(crate) fn new(ctx: Context) -> (Writer, impl std::future::Future<Output = ()>) {
        let (jobs, rx) = mpsc::unbounded_channel();
        (Writer { jobs }, run(rx, ctx))
    }

    /// Delivers and waits (a blocking thread) until the delivery's batch has committed.
    pub(crate) fn deliver(&self, delivery: Delivery) -> Result<Done> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.submit(delivery, Reply::Blocking(tx))?;
        rx.recv().map_err(|_| StorageError::WriterGone)?
    }

    /// [`Writer::deliver`] for a task: no thread waits.
    pub(crate) async fn deliver_async(&self, delivery: Delivery) -> Result<Done> {
        let (tx, rx) = oneshot::channel();
        self.submit(delivery, Reply::Async(tx))?;
        rx.await.map_err(|_| StorageError::WriterGone)?
    }

    fn submit(&self, delivery: Delivery, reply: Reply) -> Result<()> {
        self.jobs
            .send(Job { delivery, reply })
            .map_err(|_| StorageError::WriterGone)
    }
}

/// The longest a batch waits for deliveries still on their way (tokio's timer ticks in
/// milliseconds: the wait ends within 2 ms).
const GATHER: Duration = Duration::from_millis(1);

/// When the writer waits before a batch: only while deliveries are streaming in (the last
/// batch had several, and committed less than [`GATHER`] before this one's first delivery
/// came), for at most [`GATHER`], and only until it has one more than the last batch (as
/// many when the last one waited in vain: batches grow while deliveries keep coming, and
/// stop growing at what comes within the window). Without
/// it a node's batches shrink to what arrived during the last COMMIT, by chance often one
/// or two, and each batch costs the database its statements, their plans and a WAL flush
/// whatever its size: with two nodes sharing a load each node's batches were half as large
/// and PostgreSQL's CPU per message rose by half. A lone delivery (the last batch had one,
/// or the writer was idle) is never delayed.
#[derive(Default)]
struct Pace {
    /// The last batch's size, when it committed, and whether it had what it waited for.
    last: Option<(usize, Instant, bool)>,
}

impl Pace {
    /// How many deliveries to wait for, and until when; `None`: go with what is queued.
    fn gather(&self, queued: usize, now: Instant) -> Option<(usize, Instant)> {
        let (size, at, filled) = self.last?;
        let streaming = size > 1 && now.saturating_duration_since(at) < GATHER;
        let want = if filled { size + 1 } else { size }.min(MAX_BATCH);
        (streaming && queued < want).then_some((want, now + GATHER))
    }

    /// A batch of `size` committed at `now`; `wanted`: what it waited for, if it did.
    fn committed(&mut self, size: usize, wanted: Option<usize>, now: Instant) {
        let filled = wanted.is_none_or(|w| size >= w);
        self.last = Some((size, now, filled));
    }
}

/// The next batch: the first delivery, what is queued behind it, and, when `pace` says so,
/// what comes within the gathering window; with how many it waited for, if it did.
async fn next_batch<T>(
    rx: &mut mpsc::UnboundedReceiver<T>,
    first: T,
    pace: &Pace,
) -> (Vec<T>, Option<usize>) {
    let mut jobs = vec![first];
    let take_queued = |rx: &mut mpsc::UnboundedReceiver<T>, jobs: &mut Vec<T>| {
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
    };
    take_queued(rx, &mut jobs);
    let gather = pace.gather(jobs.len(), Instant::now());
    if let Some((want, until)) = gather {
        while jobs.len() < want {
            match tokio::time::timeout_at(until, rx.recv()).await {
                Ok(Some(job)) => {
                    jobs.push(job);
                    take_queued(rx, &mut jobs);
                }
                // The window closed, or the writer is being dropped.
                Ok(None) | Err(_) => break,
            }
        }
    }
    (jobs, gather.map(|(want, _)| want))
}

/// The writer task: takes what is waiting (at least one, see [`Pace`] for when it waits for
/// more), commits it as one batch, again.
async fn run(mut rx: mpsc::UnboundedReceiver<Job>, ctx: Context) {
    let mut pace = Pace::default();
    while let Some(first) = rx.recv().await {
        let (jobs, wanted) = next_batch(&mut rx, first, &pace).await;
        let size = jobs.len();
        // A message kept in a blob file goes on its own, as before: its content may need its
        // file checked (and written again) before COMMIT, blob I/O that must not hold up the
        // batch; its bytes, not its statements, are most of its cost anyway.
        let (batch, own): (Vec<Job>, Vec<Job>) =
            jobs.into_iter().partition(|j| j.delivery.blob.inline);
        for job in own {
            spawn_alone(&ctx, job);
        }
        if !batch.is_empty() {
            commit_batch(&ctx, batch).await;
        }
        pace.committed(size, wanted, Instant::now());
    }
}

/// Delivers `job` in a transaction of its own, on a task of its own.
fn spawn_alone(ctx: &Context, job: Job) {
    let ctx = ctx.clone();
    tokio::spawn(async move {
        let result = alone(&ctx, &job.delivery).await;
        job.reply.send(result.map_err(PgError::into_storage));
    });
}

/// What the batch made of one delivery.
enum Outcome {
    Done(Done),
    /// Refused before anything was written (over quota, a bad mailbox name).
    Refused(StorageError),
    /// Not for the batch: delivered on its own once the batch has committed.
    Alone,
}

async fn commit_batch(ctx: &Context, jobs: Vec<Job>) {
    let deliveries: Vec<&Delivery> = jobs.iter().map(|j| &j.delivery).collect();
    let result: PgResult<Vec<Outcome>> = async {
        let mut client = ctx.batches.get().await?;
        let (outcomes, _) = in_tx!(client, |tx, notes| {
            let outcomes = batch(&tx, &deliveries).await?;
            let all: Notes = outcomes
                .iter()
                .filter_map(|o| match o {
                    Outcome::Done(done) => Some(done.notes.iter().cloned()),
                    _ => None,
                })
                .flatten()
                .collect();
            notify::send(&tx, &ctx.node, &all).await?;
            Ok(outcomes)
        })?;
        Ok(outcomes)
    }
    .await;
    let outcomes = match result {
        Ok(outcomes) => outcomes,
        Err(e) => {
            if jobs.len() == 1 {
                tracing::debug!(error = ?e, "a delivery failed in the batch; again on its own");
            } else {
                tracing::info!(error = ?e, deliveries = jobs.len(),
                    "a batch of deliveries failed; each again on its own");
            }
            jobs.iter().map(|_| Outcome::Alone).collect()
        }
    };
    for (job, outcome) in jobs.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Done(done) => job.reply.send(Ok(done)),
            Outcome::Refused(e) => job.reply.send(Err(e)),
            Outcome::Alone => spawn_alone(ctx, job),
        }
    }
}

/// One delivery in a transaction of its own (the way every delivery went before batches).
async fn alone(ctx: &Context, d: &Delivery) -> PgResult<Done> {
    let mut client = ctx.pool.get().await?;
    let ((content, delivered, queued), notes) = in_tx!(client, |tx, notes| {
        let content = content_for(&tx, &ctx.blobs, &d.blob, &d.raw, &d.meta);
        let (content, delivered) = deliver_in(
            &tx,
            &mut notes,
            content,
            d.blob.size,
            d.internal_date,
            &d.targets,
        )
        .await?;
        let queued = match &d.outbound {
            Some(entry) if !entry.recipients.is_empty() => {
                Some(insert_entry(&tx, content, entry, d.internal_date).await?)
            }
            _ => None,
        };
        if d.outbound.is_some() && delivered.is_empty() && queued.is_none() {
            return Err(StorageError::Invalid("a message without recipients".into()).into());
        }
        notify::send(&tx, &ctx.node, &notes).await?;
        Ok((content, delivered, queued))
    })?;
    Ok(Done {
        content,
        delivered,
        queued,
        notes,
    })
}

/// Locks the batch's mailboxes (found by account and name), then its accounts, each in id
/// order, in one round trip; the account rows give what the quota check needs.
const LOCK_MAILBOXES: &str = "SELECT m.id, t.i FROM mailboxes m \
     JOIN unnest($1::bigint[], $2::text[], $3::int[]) AS t(account_id, name, i) \
       ON m.account_id = t.account_id AND m.name = t.name \
     ORDER BY m.id FOR NO KEY UPDATE OF m";
const LOCK_ACCOUNTS: &str = "SELECT id, address, quota_bytes, quota_messages, used_bytes, \
     used_messages FROM accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE";

/// Every content of the batch (distinct blobs, in hash order) upserted with its bytes (kept
/// in the database: the batch takes no message with a blob file), their tombstones removed.
const UPSERT_CONTENTS: &str = "WITH content AS (\
       INSERT INTO contents (blob, size, refs, subject, from_addr, to_addr, cc_addr, \
         message_id, sent_date, structure, indexed, sent_day, thread_refs, \
         sort_subject, thread_subject, thread_reply) \
       SELECT blob, size, 0, subject, from_addr, to_addr, cc_addr, message_id, sent_date, \
         structure, false, sent_day, thread_refs, sort_subject, thread_subject, thread_reply \
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], \
         $7::text[], $8::bigint[], $9::text[], $10::bigint[], $11::text[], $12::text[], \
         $13::text[], $14::bool[]) \
         AS u(blob, size, subject, from_addr, to_addr, cc_addr, message_id, sent_date, \
           structure, sent_day, thread_refs, sort_subject, thread_subject, thread_reply) \
       ON CONFLICT (blob) DO UPDATE \
         SET structure = coalesce(contents.structure, EXCLUDED.structure) \
       RETURNING id, blob), \
     inline AS (INSERT INTO inline_blobs (blob, data) \
       SELECT * FROM unnest($1::text[], $15::bytea[]) \
       ON CONFLICT (blob) DO UPDATE SET data = EXCLUDED.data), \
     untombed AS (DELETE FROM blob_tombstones WHERE blob = ANY($1)) \
     SELECT id, blob FROM content";

/// Every message row of the batch: each mailbox takes as many UIDs and MODSEQs as it gets
/// messages (its row locked before, until COMMIT), given out in the batch's order; each
/// content gains its references, each account its charge. Returns each row's UID, the
/// mailbox's UIDVALIDITY and the row's MODSEQ, by the row's position (`ord`).
const INSERT_MESSAGES: &str = "WITH t AS (\
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], \
         $5::bigint[], $6::bigint[], $7::bigint[], $8::int[]) \
         AS t(mailbox_id, content_id, flags, keywords, internal_date, size, account_id, ord)), \
     counts AS (SELECT mailbox_id, count(*) AS n FROM t GROUP BY mailbox_id), \
     next AS (\
       UPDATE mailboxes m SET uidnext = m.uidnext + c.n, highest_modseq = m.highest_modseq + c.n \
       FROM counts c WHERE m.id = c.mailbox_id \
       RETURNING m.id, m.uidnext - c.n AS first_uid, m.highest_modseq - c.n AS modseq_before, \
         m.uidvalidity), \
     numbered AS (\
       SELECT t.*, n.uidvalidity, \
         n.first_uid - 1 + row_number() OVER (PARTITION BY t.mailbox_id ORDER BY t.ord) AS uid, \
         n.modseq_before + row_number() OVER (PARTITION BY t.mailbox_id ORDER BY t.ord) AS modseq \
       FROM t JOIN next n ON n.id = t.mailbox_id), \
     added AS (\
       INSERT INTO messages (mailbox_id, uid, content_id, flags, keywords, modseq, \
         internal_date, save_date) \
       SELECT mailbox_id, uid, content_id, flags, keywords, modseq, internal_date, $9 \
       FROM numbered WHERE uid <= 4294967295), \
     referenced AS (\
       UPDATE contents c SET refs = c.refs + r.n \
       FROM (SELECT content_id, count(*) AS n FROM t GROUP BY content_id) r \
       WHERE c.id = r.content_id), \
     charged AS (\
       UPDATE accounts a SET used_bytes = a.used_bytes + s.bytes, \
         used_messages = a.used_messages + s.n \
       FROM (SELECT account_id, sum(size) AS bytes, count(*) AS n FROM t GROUP BY account_id) s \
       WHERE a.id = s.account_id) \
     SELECT ord, uid, uidvalidity, modseq FROM numbered";

/// An account as the batch's quota check sees it.
struct Account {
    address: String,
    /// Its usage as the deliveries of the batch checked so far left it.
    usage: QuotaUsage,
    /// Bytes used before the batch.
    start_bytes: u64,
}

/// Runs the batch's deliveries in the transaction `tx` (see the module's text).
async fn batch(tx: &Tx<'_>, deliveries: &[&Delivery]) -> PgResult<Vec<Outcome>> {
    let mut outcomes: Vec<Option<Outcome>> = deliveries.iter().map(|_| None).collect();
    // The targets' mailboxes by (account, name), each once.
    let mut keys: BTreeMap<(AccountId, String), usize> = BTreeMap::new();
    let mut target_keys: Vec<Vec<usize>> = Vec::with_capacity(deliveries.len());
    for (d, outcome) in deliveries.iter().zip(&mut outcomes) {
        let recipients = d
            .outbound
            .as_ref()
            .is_some_and(|e| !e.recipients.is_empty());
        if (d.targets.is_empty() && !recipients) || d.meta.body_text.is_some() || !d.blob.inline {
            *outcome = Some(Outcome::Alone);
            target_keys.push(Vec::new());
            continue;
        }
        let mut mine = Vec::with_capacity(d.targets.len());
        for t in &d.targets {
            match crate::mailbox::normalize_name(&t.mailbox) {
                Ok(name) => {
                    let next = keys.len();
                    mine.push(*keys.entry((t.account, name)).or_insert(next));
                }
                Err(e) => {
                    *outcome = Some(Outcome::Refused(e));
                    break;
                }
            }
        }
        target_keys.push(mine);
    }
    let mut key_list: Vec<(AccountId, String)> = vec![Default::default(); keys.len()];
    for (key, i) in keys {
        if let Some(slot) = key_list.get_mut(i) {
            *slot = key;
        }
    }
    let (mailboxes, accounts) = lock(tx, &key_list).await?;

    // The quota, delivery after delivery in the batch's order, as if each were alone.
    let mut accounts = accounts;
    for ((d, keys), outcome) in deliveries.iter().zip(&target_keys).zip(&mut outcomes) {
        if outcome.is_some() {
            continue;
        }
        let resolved = keys.iter().all(|&k| {
            mailboxes.get(k).is_some_and(Option::is_some)
                && key_list
                    .get(k)
                    .is_some_and(|(account, _)| accounts.contains_key(account))
        });
        if !resolved {
            *outcome = Some(Outcome::Alone);
            continue;
        }
        let mut usage: HashMap<AccountId, QuotaUsage> = HashMap::new();
        let mut refused = None;
        for t in &d.targets {
            let Some(account) = accounts.get(&t.account) else {
                continue;
            };
            let now = usage.entry(t.account).or_insert(account.usage);
            if t.enforce_quota
                && let Some(detail) = now.would_exceed(d.blob.size, 1)
            {
                refused = Some(StorageError::OverQuota {
                    address: account.address.clone(),
                    detail,
                });
                break;
            }
            now.used_bytes += d.blob.size;
            now.used_messages += 1;
        }
        match refused {
            Some(e) => *outcome = Some(Outcome::Refused(e)),
            None => {
                for (id, now) in usage {
                    if let Some(account) = accounts.get_mut(&id) {
                        account.usage = now;
                    }
                }
            }
        }
    }
    let going: Vec<usize> = (0..deliveries.len())
        .filter(|&i| outcomes.get(i).is_some_and(Option::is_none))
        .collect();
    if going.is_empty() {
        return Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or(Outcome::Alone))
            .collect());
    }

    let contents = upsert_contents(
        tx,
        &going
            .iter()
            .filter_map(|&i| deliveries.get(i).copied())
            .collect::<Vec<_>>(),
    )
    .await?;

    // The message rows, in the batch's order.
    let mut rows = MessageRows::default();
    for &i in &going {
        let (Some(d), Some(keys)) = (deliveries.get(i), target_keys.get(i)) else {
            continue;
        };
        let content = contents.get(&d.blob.hash).copied().unwrap_or_default();
        for (t, &k) in d.targets.iter().zip(keys) {
            let mailbox = mailboxes.get(k).copied().flatten().unwrap_or_default();
            rows.push(i, t, mailbox, content, d);
        }
    }
    let numbered = rows.insert(tx).await?;

    // Each delivery's answer, its usage figures as they were after it.
    let mut spent: HashMap<AccountId, (u64, u64)> = HashMap::new();
    let mut done: BTreeMap<usize, Done> = BTreeMap::new();
    for (row, (uid, uidvalidity, modseq)) in rows.targets.iter().zip(numbered) {
        let (i, account, mailbox, size) = *row;
        let Some(d) = deliveries.get(i) else { continue };
        let entry = done
            .entry(i)
            .or_insert_with(|| Done::of(contents.get(&d.blob.hash).copied().unwrap_or_default()));
        let (bytes, _) = spent.entry(account).or_default();
        *bytes += size;
        let before = accounts.get(&account);
        entry.delivered.push(Delivered {
            account,
            mailbox,
            uid,
            uidvalidity,
            modseq,
            used_bytes: before.map_or(0, |a| a.start_bytes) + *bytes,
            quota_bytes: before.and_then(|a| a.usage.limit.bytes),
        });
        entry.notes.push((
            account,
            Change::Appended {
                mailbox,
                uid,
                modseq,
            },
        ));
    }
    for &i in &going {
        let Some(d) = deliveries.get(i) else { continue };
        let entry = done
            .entry(i)
            .or_insert_with(|| Done::of(contents.get(&d.blob.hash).copied().unwrap_or_default()));
        if let Some(queue) = &d.outbound
            && !queue.recipients.is_empty()
        {
            entry.queued = Some(insert_entry(tx, entry.content, queue, d.internal_date).await?);
        }
    }
    for (i, d) in done {
        if let Some(slot) = outcomes.get_mut(i) {
            *slot = Some(Outcome::Done(d));
        }
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.unwrap_or(Outcome::Alone))
        .collect())
}

/// Locks the mailboxes of `keys` (account, name) and their accounts (see [`LOCK_MAILBOXES`]):
/// each key's mailbox (`None`: not found), and the accounts found.
async fn lock(
    tx: &Tx<'_>,
    keys: &[(AccountId, String)],
) -> PgResult<(Vec<Option<MailboxId>>, HashMap<AccountId, Account>)> {
    let mut found: Vec<Option<MailboxId>> = vec![None; keys.len()];
    let mut accounts = HashMap::new();
    if keys.is_empty() {
        return Ok((found, accounts));
    }
    let owners: Vec<AccountId> = keys.iter().map(|(a, _)| *a).collect();
    let names: Vec<&str> = keys.iter().map(|(_, n)| n.as_str()).collect();
    let indexes: Vec<i32> = (0..keys.len() as i32).collect();
    let distinct: Vec<AccountId> = owners
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mailbox_params: &[&(dyn ToSql + Sync)] = &[&owners, &names, &indexes];
    let account_params: &[&(dyn ToSql + Sync)] = &[&distinct];
    let answers = tx
        .pipeline(&[
            (LOCK_MAILBOXES, mailbox_params),
            (LOCK_ACCOUNTS, account_params),
        ])
        .await?;
    let mut answers = answers.into_iter();
    for row in answers.next().unwrap_or_default() {
        if let Some(slot) = usize::try_from(row.get::<_, i32>(1))
            .ok()
            .and_then(|i| found.get_mut(i))
        {
            *slot = Some(row.get(0));
        }
    }
    for r in answers.next().unwrap_or_default() {
        let used_bytes = r.get::<_, i64>(4).max(0) as u64;
        accounts.insert(
            r.get::<_, i64>(0),
            Account {
                address: r.get(1),
                usage: QuotaUsage {
                    limit: crate::Quota {
                        bytes: r.get::<_, Option<i64>>(2).map(|v| v.max(0) as u64),
                        messages: r.get::<_, Option<i64>>(3).map(|v| v.max(0) as u64),
                    },
                    used_bytes,
                    used_messages: r.get::<_, i64>(5).max(0) as u64,
                },
                start_bytes: used_bytes,
            },
        );
    }
    Ok((found, accounts))
}

/// Upserts the contents of `deliveries`, all kept in the database (see
/// [`UPSERT_CONTENTS`]); their ids by blob.
async fn upsert_contents(tx: &Tx<'_>, deliveries: &[&Delivery]) -> PgResult<HashMap<String, i64>> {
    // Each blob once, in hash order (content rows are locked in that order).
    let mut distinct: BTreeMap<&str, &Delivery> = BTreeMap::new();
    for d in deliveries {
        distinct.entry(d.blob.hash.as_str()).or_insert(d);
    }
    let n = distinct.len();
    let mut hashes = Vec::with_capacity(n);
    let mut sizes = Vec::with_capacity(n);
    let mut texts: [Vec<Option<String>>; 10] = Default::default();
    let mut sent_dates = Vec::with_capacity(n);
    let mut sent_days = Vec::with_capacity(n);
    let mut replies = Vec::with_capacity(n);
    let mut bytes: Vec<&[u8]> = Vec::with_capacity(n);
    for (&hash, d) in &distinct {
        let meta = &d.meta;
        let keys = crate::subject::SubjectKeys::of(meta.subject.as_deref());
        hashes.push(hash);
        sizes.push(d.blob.size as i64);
        let columns = [
            meta.subject.clone(),
            meta.from.clone(),
            meta.to.clone(),
            meta.cc.clone(),
            meta.message_id.clone(),
            meta.structure.as_ref().map(MessageStructure::to_json),
            meta.thread_refs.clone(),
            Some(keys.sort),
            Some(keys.thread),
            None,
        ];
        for (column, value) in texts.iter_mut().zip(columns) {
            column.push(value);
        }
        sent_dates.push(meta.sent_date);
        sent_days.push(meta.sent_day);
        replies.push(keys.reply);
        bytes.push(&d.raw);
    }
    let [
        subjects,
        froms,
        tos,
        ccs,
        ids,
        structures,
        refs,
        sorts,
        threads,
        _,
    ] = &texts;
    let upsert: &[&(dyn ToSql + Sync)] = &[
        &hashes,
        &sizes,
        subjects,
        froms,
        tos,
        ccs,
        ids,
        &sent_dates,
        structures,
        &sent_days,
        refs,
        sorts,
        threads,
        &replies,
        &bytes,
    ];
    let mut ids = HashMap::with_capacity(n);
    for row in tx.query(UPSERT_CONTENTS, upsert).await? {
        ids.insert(row.get::<_, String>(1), row.get::<_, i64>(0));
    }
    if ids.len() != n {
        return Err(StorageError::Invalid("a content's upsert returned no row".into()).into());
    }
    Ok(ids)
}

/// The batch's message rows, as [`INSERT_MESSAGES`]'s arrays, in the batch's order.
#[derive(Default)]
struct MessageRows {
    /// Each row's delivery (its index in the batch), account, mailbox and size.
    targets: Vec<(usize, AccountId, MailboxId, u64)>,
    mailboxes: Vec<MailboxId>,
    contents: Vec<i64>,
    flags: Vec<i64>,
    keywords: Vec<Option<String>>,
    dates: Vec<i64>,
    sizes: Vec<i64>,
    accounts: Vec<AccountId>,
}

impl MessageRows {
    fn push(
        &mut self,
        i: usize,
        t: &DeliveryTarget,
        mailbox: MailboxId,
        content: i64,
        d: &Delivery,
    ) {
        self.targets.push((i, t.account, mailbox, d.blob.size));
        self.mailboxes.push(mailbox);
        self.contents.push(content);
        self.flags.push(i64::from(t.flags.0));
        self.keywords.push(join_keywords(&t.keywords));
        self.dates.push(d.internal_date);
        self.sizes.push(d.blob.size as i64);
        self.accounts.push(t.account);
    }

    /// Inserts the rows; each one's UID, UIDVALIDITY and MODSEQ, in the rows' order.
    async fn insert(&self, tx: &Tx<'_>) -> PgResult<Vec<(u32, u32, u64)>> {
        if self.targets.is_empty() {
            return Ok(Vec::new());
        }
        let ords: Vec<i32> = (0..self.targets.len() as i32).collect();
        let rows = tx
            .query(
                INSERT_MESSAGES,
                &[
                    &self.mailboxes,
                    &self.contents,
                    &self.flags,
                    &self.keywords,
                    &self.dates,
                    &self.sizes,
                    &self.accounts,
                    &ords,
                    &crate::now(),
                ],
            )
            .await?;
        let mut numbered: Vec<Option<(u32, u32, u64)>> = vec![None; self.targets.len()];
        for r in rows {
            let uid: i64 = r.get(1);
            if uid > i64::from(u32::MAX) {
                return Err(StorageError::Conflict(
                    "mailbox has used up its UIDs; recreate it".into(),
                )
                .into());
            }
            if let Some(slot) = usize::try_from(r.get::<_, i32>(0))
                .ok()
                .and_then(|i| numbered.get_mut(i))
            {
                *slot = Some((
                    uid as u32,
                    r.get::<_, i64>(2) as u32,
                    r.get::<_, i64>(3) as u64,
                ));
            }
        }
        // Every row numbered, or the mailbox vanished under its lock: not for this batch.
        numbered
            .into_iter()
            .map(|n| {
                n.ok_or_else(|| {
                    PgError::from(StorageError::not_found("mailbox", "of a batch's delivery"))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Sends `n` numbered jobs after `after`.
    fn later(tx: &mpsc::UnboundedSender<u32>, after: Duration, n: u32) {
        let tx = tx.clone();
        tokio::spawn(async move {
            if !after.is_zero() {
                tokio::time::sleep(after).await;
            }
            for i in 0..n {
                tx.send(i).unwrap();
            }
        });
    }

    #[tokio::test(start_paused = true)]
    async fn a_lone_delivery_is_never_delayed() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        later(&tx, Duration::from_millis(5), 3);
        // An idle writer: no batch before.
        let start = Instant::now();
        assert_eq!(next_batch(&mut rx, 7, &Pace::default()).await.0, [7]);
        assert_eq!(Instant::now(), start);
        // The last batch had one delivery.
        let mut pace = Pace::default();
        pace.committed(1, None, Instant::now());
        assert_eq!(next_batch(&mut rx, 8, &pace).await.0, [8]);
        assert_eq!(Instant::now(), start);
        // The last batch had several, but committed long before: the writer was idle.
        pace.committed(5, None, Instant::now());
        tokio::time::sleep(Duration::from_millis(10)).await;
        let start = Instant::now();
        assert_eq!(next_batch(&mut rx, 9, &pace).await.0.len(), 4);
        assert_eq!(Instant::now(), start);
    }

    #[tokio::test(start_paused = true)]
    async fn while_deliveries_stream_in_batches_grow_by_one() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut pace = Pace::default();
        pace.committed(3, None, Instant::now());
        // Sent while the batch waits (the timer ticks in milliseconds: a sender's sleep
        // would end with the window).
        later(&tx, Duration::ZERO, 1);
        later(&tx, Duration::ZERO, 2);
        let start = Instant::now();
        let (batch, wanted) = next_batch(&mut rx, 100, &pace).await;
        assert_eq!(batch, [100, 0, 0, 1]);
        assert_eq!(wanted, Some(4));
        assert!(Instant::now() - start < GATHER);
        // It had what it waited for: the next waits for five, gets two (what was left) when
        // the window closes, and the one after waits for two only.
        pace.committed(batch.len(), wanted, Instant::now());
        later(&tx, Duration::ZERO, 2);
        let first = rx.recv().await.unwrap();
        let (batch, wanted) = next_batch(&mut rx, first, &pace).await;
        assert_eq!((batch.len(), wanted), (2, Some(5)));
        pace.committed(batch.len(), wanted, Instant::now());
        assert_eq!(pace.gather(1, Instant::now()).map(|g| g.0), Some(2));
    }

    #[tokio::test(start_paused = true)]
    async fn the_window_is_bounded() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut pace = Pace::default();
        pace.committed(MAX_BATCH * 2, None, Instant::now());
        tx.send(1).unwrap();
        later(&tx, Duration::from_millis(5), 1);
        let start = Instant::now();
        let (batch, _) = next_batch(&mut rx, 0, &pace).await;
        assert_eq!(batch, [0, 1]);
        assert!(Instant::now() - start <= 2 * GATHER);
        // A full queue goes at once, MAX_BATCH at a time.
        for i in 0..(MAX_BATCH as u32 + 10) {
            tx.send(i).unwrap();
        }
        pace.committed(MAX_BATCH, None, Instant::now());
        let start = Instant::now();
        let first = rx.recv().await.unwrap();
        assert_eq!(next_batch(&mut rx, first, &pace).await.0.len(), MAX_BATCH);
        assert_eq!(Instant::now(), start);
    }
}
