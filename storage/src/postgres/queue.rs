//! The outbound queue on PostgreSQL, with the same methods as `Store`'s (storage/src/queue.rs),
//! shared by several nodes: [`PgBackend::queue_due`] claims the entries it returns with a
//! lease (`FOR UPDATE SKIP LOCKED`, then `claimed_by`/`claimed_until`), so two nodes asking at
//! once never get the same entry. [`PgBackend::queue_record`] ends the lease. Leases are timed
//! by the database's clock, not the nodes'.
//!
//! A lease is short ([`QUEUE_LEASE_SECS`]) and renewed while its node runs (a heartbeat,
//! [`PgBackend::renew_queue_leases`]): an attempt of any length keeps its entry, and the
//! entries of a node that died (killed, its machine gone) come back to the other nodes when
//! their lease runs out, within a minute. A node cut off from the database for longer than a
//! lease may see another node take its entry while it still sends it: the message may then
//! go out twice, which SMTP allows (RFC 5321 §6.1: duplicates over losses).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use tokio_postgres::Row;

use super::pool::{Queries, Tx};

use super::message::release_content_refs;
use super::{PgBackend, PgResult, pg_write};
use crate::backend::Queue;
use crate::error::{Result, StorageError};
use crate::message::{Delivered, DeliveryTarget};
use crate::meta::MessageMeta;
use crate::queue::{
    NewQueueEntry, Notify, QueueEntry, QueueId, QueueRecipient, RecipientOutcome, RecipientState,
};

/// How long a node's claim on an entry lasts unless renewed. Its node renews it every third
/// of this while it holds the entry, so the entries of a node that died go to another node
/// at most this long after its last renewal.
pub const QUEUE_LEASE_SECS: i64 = 60;

/// How long a node keeps an entry by renewing its lease at most: longer than one delivery
/// attempt to every recipient with the SMTP client's timeouts (RFC 5321 §4.5.3.2: up to 10
/// minutes for the end of data). An attempt that has not ended by then is stuck: its entry
/// is renewed no more, and another node (or this one) takes it again.
pub const QUEUE_HOLD_MAX_SECS: u64 = 30 * 60;

/// The entries this node holds (claimed by `queue_due`, not yet recorded), for the
/// heartbeat that renews their leases.
pub(crate) struct Leases {
    /// Each held entry and when it was claimed.
    held: Mutex<HashMap<QueueId, Instant>>,
    last_renewal: Mutex<Instant>,
    /// [`QUEUE_LEASE_SECS`]; shorter in tests.
    lease_secs: AtomicI64,
}

impl Default for Leases {
    fn default() -> Self {
        Leases {
            held: Mutex::default(),
            last_renewal: Mutex::new(Instant::now()),
            lease_secs: AtomicI64::new(QUEUE_LEASE_SECS),
        }
    }
}

impl Leases {
    fn secs(&self) -> i64 {
        self.lease_secs.load(Ordering::Relaxed)
    }

    fn hold(&self, ids: &[QueueId]) {
        let now = Instant::now();
        let mut held = super::buffer::lock(&self.held);
        for &id in ids {
            held.insert(id, now);
        }
    }

    fn release(&self, id: QueueId) {
        super::buffer::lock(&self.held).remove(&id);
    }

    /// The entries whose leases are to be renewed now: none before a third of a lease has
    /// passed since the last renewal; never those held longer than [`QUEUE_HOLD_MAX_SECS`]
    /// (forgotten here).
    fn to_renew(&self) -> Vec<QueueId> {
        let period = Duration::from_secs((self.secs() / 3).max(1) as u64);
        let mut last = super::buffer::lock(&self.last_renewal);
        if last.elapsed() < period {
            return Vec::new();
        }
        *last = Instant::now();
        let mut held = super::buffer::lock(&self.held);
        held.retain(|_, claimed| claimed.elapsed() < Duration::from_secs(QUEUE_HOLD_MAX_SECS));
        held.keys().copied().collect()
    }
}

const ENTRY_SELECT: &str = "SELECT q.id, q.sender, q.envid, q.ret_full, q.account_id, \
     q.created_at, q.next_attempt, q.attempts, q.delay_notified, c.blob, c.size, c.subject \
     FROM queue q JOIN contents c ON c.id = q.content_id";

fn entry_from_row(r: &Row) -> QueueEntry {
    QueueEntry {
        id: r.get(0),
        sender: r.get(1),
        envid: r.get(2),
        ret_full: r.get(3),
        account: r.get(4),
        created_at: r.get(5),
        next_attempt: r.get(6),
        attempts: r.get::<_, i64>(7).clamp(0, u32::MAX as i64) as u32,
        delay_notified: r.get(8),
        blob: r.get(9),
        size: r.get::<_, i64>(10).max(0) as u64,
        subject: r.get(11),
        recipients: Vec::new(),
    }
}

fn parse_state(s: &str) -> RecipientState {
    match s {
        "sent" => RecipientState::Sent,
        "failed" => RecipientState::Failed,
        _ => RecipientState::Pending,
    }
}

async fn entries(
    c: &impl Queries,
    filter: &str,
    args: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> PgResult<Vec<QueueEntry>> {
    let rows = c.query(&format!("{ENTRY_SELECT} {filter}"), args).await?;
    let mut list: Vec<QueueEntry> = rows.iter().map(entry_from_row).collect();
    for entry in &mut list {
        let rows = c
            .query(
                "SELECT address, orcpt, notify, state, last_attempt, last_reply, status, \
                 remote_mta FROM queue_recipients WHERE queue_id = $1 \
                 ORDER BY address COLLATE \"C\"",
                &[&entry.id],
            )
            .await?;
        entry.recipients = rows
            .iter()
            .map(|r| QueueRecipient {
                address: r.get(0),
                orcpt: r.get(1),
                notify: Notify(r.get::<_, i64>(2).clamp(0, 15) as u8),
                state: parse_state(r.get(3)),
                last_attempt: r.get(4),
                last_reply: r.get(5),
                status: r.get(6),
                remote_mta: r.get(7),
            })
            .collect();
    }
    Ok(list)
}

pub(crate) async fn insert_entry(
    tx: &Tx<'_>,
    content: i64,
    entry: &NewQueueEntry,
    now: i64,
) -> PgResult<QueueId> {
    let id: QueueId = tx
        .query_one(
            "INSERT INTO queue (content_id, sender, envid, ret_full, account_id, created_at, \
             next_attempt) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            &[
                &content,
                &entry.sender,
                &entry.envid,
                &entry.ret_full,
                &entry.account,
                &now,
            ],
        )
        .await?
        .get(0);
    for r in &entry.recipients {
        tx.execute(
            "INSERT INTO queue_recipients (queue_id, address, orcpt, notify, state) \
             VALUES ($1, $2, $3, $4, 'pending') ON CONFLICT DO NOTHING",
            &[&id, &r.address, &r.orcpt, &i64::from(r.notify.0)],
        )
        .await?;
    }
    tx.execute(
        "UPDATE contents SET refs = refs + 1 WHERE id = $1",
        &[&content],
    )
    .await?;
    Ok(id)
}

async fn delete_entry(tx: &Tx<'_>, id: QueueId) -> PgResult<()> {
    tx.execute("DELETE FROM queue_recipients WHERE queue_id = $1", &[&id])
        .await?;
    let Some(row) = tx
        .query_opt(
            "DELETE FROM queue WHERE id = $1 RETURNING content_id",
            &[&id],
        )
        .await?
    else {
        return Err(StorageError::not_found("queue entry", id.to_string()).into());
    };
    release_content_refs(tx, row.get(0), 1).await
}

/// The database's clock, in Unix seconds.
const DB_NOW: &str = "CAST(extract(epoch FROM clock_timestamp()) AS BIGINT)";

impl Queue for PgBackend {
    /// Delivers to local mailboxes and queues for remote recipients in one transaction (see
    /// `Store::deliver_and_queue`), committed with the deliveries arriving at the same time
    /// (see `writer`).
    fn deliver_and_queue(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Result<(Vec<Delivered>, Option<QueueId>)> {
        let (_room, delivery, held) = self.delivery(raw, meta, internal_date, targets, outbound)?;
        let done = self.writer().deliver(delivery)?;
        Ok(self.delivered(done, held))
    }

    /// [`Queue::deliver_and_queue`] from a task: a message kept in the database (no blob
    /// file to write first) goes to the writer from the task itself, which awaits its
    /// batch's COMMIT; a larger one is delivered off the runtime.
    fn deliver_and_queue_async(
        self: Arc<Self>,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> crate::backend::Pending<(Vec<Delivered>, Option<QueueId>)> {
        if raw.len() > crate::blob::INLINE_MAX {
            return crate::backend::off_runtime(move || {
                self.deliver_and_queue(raw, meta, internal_date, targets, outbound)
            });
        }
        Box::pin(async move {
            let (_room, delivery, held) =
                self.delivery(raw, meta, internal_date, targets, outbound)?;
            let done = self.writer().deliver_async(delivery).await?;
            Ok(self.delivered(done, held))
        })
    }

    fn enqueue(&self, raw: Arc<[u8]>, entry: NewQueueEntry) -> Result<QueueId> {
        let meta = MessageMeta::parse(&raw);
        let (_, id) = self.deliver_and_queue(raw, meta, crate::now(), Vec::new(), Some(entry))?;
        id.ok_or_else(|| StorageError::Invalid("a queue entry without recipients".into()))
    }

    /// Entries due at `now`, at most `limit`, claimed for this node until it records their
    /// outcome (its lease renewed meanwhile, see the module's text): entries another node
    /// holds are skipped, not waited for.
    fn queue_due(&self, now: i64, limit: usize) -> Result<Vec<QueueEntry>> {
        let node = self.node().to_string();
        let limit = limit.min(i64::MAX as usize) as i64;
        let lease = self.leases().secs();
        let due = pg_write!(self, |tx, notes| {
            let ids: Vec<QueueId> = tx
                .query(
                    &format!(
                        "SELECT id FROM queue WHERE next_attempt <= $1 \
                         AND (claimed_until IS NULL OR claimed_until < {DB_NOW}) \
                         ORDER BY next_attempt, id LIMIT $2 FOR UPDATE SKIP LOCKED"
                    ),
                    &[&now, &limit],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            tx.execute(
                &format!(
                    "UPDATE queue SET claimed_by = $2, claimed_until = {DB_NOW} + $3 \
                     WHERE id = ANY($1)"
                ),
                &[&ids, &node, &lease],
            )
            .await?;
            entries(
                &tx,
                "WHERE q.id = ANY($1) ORDER BY q.next_attempt, q.id",
                &[&ids],
            )
            .await
        })?;
        self.leases()
            .hold(&due.iter().map(|e| e.id).collect::<Vec<_>>());
        Ok(due)
    }

    /// When the next entry is due (held ones included: their lease ends then at the latest).
    fn queue_next_due(&self) -> Result<Option<i64>> {
        self.read(|c| async move {
            Ok(c.query_one("SELECT min(next_attempt) FROM queue", &[])
                .await?
                .get(0))
        })
    }

    fn queue_list(&self) -> Result<Vec<QueueEntry>> {
        self.read(|c| async move { entries(&c, "ORDER BY q.created_at, q.id", &[]).await })
    }

    fn queue_entry(&self, id: QueueId) -> Result<QueueEntry> {
        self.read(move |c| async move { entries(&c, "WHERE q.id = $1", &[&id]).await })?
            .pop()
            .ok_or_else(|| StorageError::not_found("queue entry", id.to_string()))
    }

    fn read_blob(&self, hash: &str) -> Result<Vec<u8>> {
        if !crate::blob::is_hash(hash) {
            return Err(StorageError::Invalid(format!("not a content hash: {hash}")));
        }
        self.blob_bytes(hash)
    }

    /// Records one attempt's outcomes and ends this node's lease; removes the entry when no
    /// recipient is pending any more (returns true then, or when it was already gone).
    fn queue_record(
        &self,
        id: QueueId,
        outcomes: Vec<RecipientOutcome>,
        now: i64,
        next_attempt: i64,
        delay_notified: bool,
    ) -> Result<bool> {
        self.leases().release(id);
        pg_write!(self, |tx, notes| {
            for o in &outcomes {
                tx.execute(
                    "UPDATE queue_recipients SET state = $3, last_attempt = $4, \
                     last_reply = $5, status = $6, remote_mta = $7 \
                     WHERE queue_id = $1 AND address = $2 AND state = 'pending'",
                    &[
                        &id,
                        &o.address,
                        &o.state.as_str(),
                        &now,
                        &o.reply,
                        &o.status,
                        &o.remote_mta,
                    ],
                )
                .await?;
            }
            let changed = tx
                .execute(
                    "UPDATE queue SET attempts = attempts + 1, next_attempt = $2, \
                     delay_notified = delay_notified OR $3, claimed_by = NULL, \
                     claimed_until = NULL WHERE id = $1",
                    &[&id, &next_attempt, &delay_notified],
                )
                .await?;
            if changed == 0 {
                return Ok(true);
            }
            let pending: i64 = tx
                .query_one(
                    "SELECT count(*) FROM queue_recipients \
                     WHERE queue_id = $1 AND state = 'pending'",
                    &[&id],
                )
                .await?
                .get(0);
            if pending == 0 {
                delete_entry(&tx, id).await?;
                return Ok(true);
            }
            Ok(false)
        })
    }

    fn queue_retry(&self, id: Option<QueueId>) -> Result<usize> {
        let now = crate::now();
        pg_write!(self, |tx, notes| {
            let n = match id {
                Some(id) => {
                    tx.execute(
                        "UPDATE queue SET next_attempt = $1 WHERE id = $2",
                        &[&now, &id],
                    )
                    .await?
                }
                None => {
                    tx.execute("UPDATE queue SET next_attempt = $1", &[&now])
                        .await?
                }
            };
            if let (Some(id), 0) = (id, n) {
                return Err(StorageError::not_found("queue entry", id.to_string()).into());
            }
            Ok(n as usize)
        })
    }

    fn queue_remove(&self, id: QueueId) -> Result<()> {
        self.leases().release(id);
        pg_write!(self, |tx, notes| delete_entry(&tx, id).await)
    }
}

impl PgBackend {
    fn leases(&self) -> &Leases {
        &self.inner.leases
    }

    /// The heartbeat (called every second by the flusher): every third of a lease, extends
    /// the leases of the entries this node holds by a whole lease.
    pub(crate) fn renew_queue_leases(&self) -> Result<()> {
        let ids = self.leases().to_renew();
        if ids.is_empty() {
            return Ok(());
        }
        let node = self.node().to_string();
        let lease = self.leases().secs();
        self.read(move |c| async move {
            c.execute(
                &format!(
                    "UPDATE queue SET claimed_until = {DB_NOW} + $3 \
                     WHERE id = ANY($1) AND claimed_by = $2"
                ),
                &[&ids, &node, &lease],
            )
            .await?;
            Ok(())
        })
    }

    /// Leases of `secs` seconds instead of [`QUEUE_LEASE_SECS`] (tests).
    #[cfg(test)]
    pub(crate) fn set_queue_lease(&self, secs: i64) {
        self.leases().lease_secs.store(secs, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[allow(unused_imports)]
    use crate::backend::*;

    use std::collections::HashSet;

    use super::*;
    use crate::postgres::testing::TestPostgres;
    use crate::postgres::{PgBackend, PgConfig};
    use crate::queue::NewQueueRecipient;

    fn entry(recipients: &[&str]) -> NewQueueEntry {
        NewQueueEntry {
            sender: "an@a.gov.vn".into(),
            envid: Some("ENV-1".into()),
            ret_full: true,
            account: None,
            recipients: recipients
                .iter()
                .map(|r| NewQueueRecipient {
                    address: r.to_string(),
                    orcpt: None,
                    notify: Notify(Notify::FAILURE | Notify::DELAY),
                })
                .collect(),
        }
    }

    fn message(n: usize) -> Arc<[u8]> {
        Arc::from(format!("Subject: Công văn số {n}\r\n\r\nNội dung {n}\r\n").into_bytes())
    }

    /// Three nodes taking due entries at once: every entry is handed to exactly one of them;
    /// a node that dies holding some (its lease runs out) loses them to another.
    #[test]
    fn nodes_claim_each_due_entry_once_and_a_dead_nodes_entries_come_back() {
        let Some(pg) = TestPostgres::start() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let nodes: Vec<PgBackend> = (0..3)
            .map(|_| PgBackend::open(&PgConfig::new(pg.url()), dir.path()).unwrap())
            .collect();
        let mut all = HashSet::new();
        for n in 0..60 {
            all.insert(
                nodes[n % 3]
                    .enqueue(message(n), entry(&["r@x.example"]))
                    .unwrap(),
            );
        }
        let now = crate::now();
        let claimed: Vec<Vec<QueueId>> = std::thread::scope(|s| {
            let hs: Vec<_> = nodes
                .iter()
                .map(|node| {
                    s.spawn(move || {
                        let mut got = Vec::new();
                        loop {
                            let batch = node.queue_due(now, 4).unwrap();
                            if batch.is_empty() {
                                return got;
                            }
                            got.extend(batch.iter().map(|e| e.id));
                        }
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut every: Vec<QueueId> = claimed.iter().flatten().copied().collect();
        let total = every.len();
        every.sort_unstable();
        every.dedup();
        assert_eq!(total, every.len(), "an entry was handed to two nodes");
        assert_eq!(every.into_iter().collect::<HashSet<_>>(), all);
        assert!(
            claimed.iter().filter(|c| !c.is_empty()).count() >= 2,
            "{claimed:?}"
        );
        // Held: nothing more is due while the leases run.
        assert!(nodes[0].queue_due(now, 100).unwrap().is_empty());
        // Node 1 or 2 (one that claimed some: on a busy machine one thread may get none)
        // dies holding its entries: once their lease has run out, node 0 gets them.
        let dying = if claimed[1].is_empty() { 2 } else { 1 };
        let dead: HashSet<QueueId> = claimed[dying].iter().copied().collect();
        pg.psql("UPDATE queue SET claimed_until = claimed_until - 3600");
        let again: HashSet<QueueId> = nodes[0]
            .queue_due(now, 1000)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert!(dead.is_subset(&again));
        // A recorded attempt ends the lease: due again at its next attempt time.
        let id = *dead.iter().next().unwrap();
        assert!(!nodes[0].queue_record(id, vec![], now, now, false).unwrap());
        assert_eq!(
            nodes[2]
                .queue_due(now, 1000)
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>(),
            vec![id]
        );
    }

    /// The heartbeat: a node that holds an entry keeps it past its lease for as long as it
    /// runs; once it is gone (dropped here, as a killed process), the entry goes to another
    /// node when the lease runs out, with no hand in the database.
    #[test]
    fn a_held_entry_outlives_its_lease_while_its_node_runs_and_not_after() {
        let Some(pg) = TestPostgres::start() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let open = || {
            let node = PgBackend::open(&PgConfig::new(pg.url()), dir.path()).unwrap();
            node.set_queue_lease(6);
            node
        };
        let (a, b) = (open(), open());
        let id = a.enqueue(message(1), entry(&["r@x.example"])).unwrap();
        let now = crate::now();
        assert_eq!(a.queue_due(now, 10).unwrap().len(), 1);
        // One and a half leases: renewed (every 2 s), still a's.
        std::thread::sleep(std::time::Duration::from_secs(9));
        assert!(b.queue_due(now, 10).unwrap().is_empty(), "taken while held");
        let holder = pg.psql(&format!(
            "SELECT claimed_by = '{}' AND claimed_until > extract(epoch FROM now()) \
             FROM queue WHERE id = {id}",
            a.node()
        ));
        assert_eq!(holder.trim(), "t");
        drop(a);
        let start = std::time::Instant::now();
        let taken = loop {
            let due = b.queue_due(now, 10).unwrap();
            if !due.is_empty() {
                break due;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(60),
                "the dead node's entry never came back"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        };
        assert_eq!(taken.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    }

    /// Only the entries a node holds are renewed, and none held past the longest hold.
    #[test]
    fn the_heartbeat_renews_what_its_node_holds_only() {
        let leases = Leases::default();
        leases.lease_secs.store(3, Ordering::Relaxed);
        *leases.last_renewal.lock().unwrap() = Instant::now() - Duration::from_secs(2);
        leases.hold(&[1, 2, 3]);
        leases.release(2);
        let mut due = leases.to_renew();
        due.sort_unstable();
        assert_eq!(due, vec![1, 3]);
        assert!(leases.to_renew().is_empty(), "renewed again at once");
        if let Some(long_ago) =
            Instant::now().checked_sub(Duration::from_secs(QUEUE_HOLD_MAX_SECS + 1))
        {
            leases.held.lock().unwrap().insert(3, long_ago);
            *leases.last_renewal.lock().unwrap() = Instant::now() - Duration::from_secs(2);
            assert_eq!(leases.to_renew(), vec![1]);
        }
    }
}
