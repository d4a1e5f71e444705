//! The outbound queue: messages accepted for remote recipients, kept until each recipient has
//! been delivered, has failed for good, or has expired.
//!
//! A queue entry holds one reference on its content (`contents.refs`), so a message sent to
//! local and remote recipients at once is still one blob. Every state change is one write
//! transaction: an entry is never lost, and a recipient marked `sent` is never sent again.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::backend::Pending;
use crate::db::WriteCtx;
use crate::error::{Result, StorageError};
use crate::message::{
    Delivered, DeliveryTarget, NewContent, check_keywords, content_for, deliver_in, release_content,
};
use crate::meta::MessageMeta;
use crate::space::Room;
use crate::sqlite::SqliteBackend;
use crate::types::AccountId;

pub type QueueId = i64;

/// RFC 3461 §4.1 NOTIFY, as a bit set. No bit set means "not specified": the MTA's default,
/// which is to report failures and delays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Notify(pub u8);

impl Notify {
    pub const SUCCESS: u8 = 1;
    pub const FAILURE: u8 = 2;
    pub const DELAY: u8 = 4;
    pub const NEVER: u8 = 8;

    pub fn on_failure(self) -> bool {
        self.0 == 0 || self.0 & Self::FAILURE != 0
    }
    pub fn on_delay(self) -> bool {
        self.0 == 0 || self.0 & Self::DELAY != 0
    }
    pub fn on_success(self) -> bool {
        self.0 & Self::SUCCESS != 0
    }
}

/// One remote recipient of a new queue entry.
#[derive(Debug, Clone)]
pub struct NewQueueRecipient {
    pub address: String,
    pub orcpt: Option<String>,
    pub notify: Notify,
}

/// A message to queue for remote recipients.
#[derive(Debug, Clone)]
pub struct NewQueueEntry {
    /// The envelope sender; empty for the null sender (a DSN is never answered by a DSN).
    pub sender: String,
    pub envid: Option<String>,
    pub ret_full: bool,
    pub account: Option<AccountId>,
    pub recipients: Vec<NewQueueRecipient>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecipientState {
    Pending,
    Sent,
    Failed,
}

impl RecipientState {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientState::Pending => "pending",
            RecipientState::Sent => "sent",
            RecipientState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> RecipientState {
        match s {
            "sent" => RecipientState::Sent,
            "failed" => RecipientState::Failed,
            _ => RecipientState::Pending,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueRecipient {
    pub address: String,
    pub orcpt: Option<String>,
    pub notify: Notify,
    pub state: RecipientState,
    pub last_attempt: Option<i64>,
    /// The last remote reply, or what went wrong ("connection refused").
    pub last_reply: Option<String>,
    /// Enhanced status code of the last outcome ("4.4.1", "5.1.1", "2.0.0").
    pub status: Option<String>,
    pub remote_mta: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QueueEntry {
    pub id: QueueId,
    pub sender: String,
    pub envid: Option<String>,
    pub ret_full: bool,
    pub account: Option<AccountId>,
    pub created_at: i64,
    pub next_attempt: i64,
    pub attempts: u32,
    pub delay_notified: bool,
    pub blob: String,
    pub size: u64,
    pub subject: Option<String>,
    pub recipients: Vec<QueueRecipient>,
}

impl QueueEntry {
    pub fn pending(&self) -> impl Iterator<Item = &QueueRecipient> {
        self.recipients
            .iter()
            .filter(|r| r.state == RecipientState::Pending)
    }
}

/// The outcome of one delivery attempt for one recipient.
#[derive(Debug, Clone)]
pub struct RecipientOutcome {
    pub address: String,
    /// Pending for a temporary failure (retried later), Sent or Failed.
    pub state: RecipientState,
    pub reply: String,
    pub status: String,
    pub remote_mta: Option<String>,
}

const ENTRY_SELECT: &str = "SELECT q.id, q.sender, q.envid, q.ret_full, q.account_id, \
     q.created_at, q.next_attempt, q.attempts, q.delay_notified, c.blob, c.size, c.subject \
     FROM queue q JOIN contents c ON c.id = q.content_id";

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QueueEntry> {
    Ok(QueueEntry {
        id: r.get(0)?,
        sender: r.get(1)?,
        envid: r.get(2)?,
        ret_full: r.get::<_, i64>(3)? != 0,
        account: r.get(4)?,
        created_at: r.get(5)?,
        next_attempt: r.get(6)?,
        attempts: r.get::<_, i64>(7)?.max(0) as u32,
        delay_notified: r.get::<_, i64>(8)? != 0,
        blob: r.get(9)?,
        size: r.get::<_, i64>(10)?.max(0) as u64,
        subject: r.get(11)?,
        recipients: Vec::new(),
    })
}

fn load_recipients(conn: &Connection, entry: &mut QueueEntry) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT address, orcpt, notify, state, last_attempt, last_reply, status, remote_mta \
         FROM queue_recipients WHERE queue_id = ?1 ORDER BY address",
    )?;
    let rows = stmt.query_map([entry.id], |r| {
        Ok(QueueRecipient {
            address: r.get(0)?,
            orcpt: r.get(1)?,
            notify: Notify(r.get::<_, i64>(2)?.clamp(0, 15) as u8),
            state: RecipientState::parse(&r.get::<_, String>(3)?),
            last_attempt: r.get(4)?,
            last_reply: r.get(5)?,
            status: r.get(6)?,
            remote_mta: r.get(7)?,
        })
    })?;
    entry.recipients = rows.collect::<rusqlite::Result<_>>()?;
    Ok(())
}

fn entries(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<QueueEntry>> {
    let mut stmt = conn.prepare_cached(&format!("{ENTRY_SELECT} {filter}"))?;
    let mut list = stmt
        .query_map(args, entry_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for entry in &mut list {
        load_recipients(conn, entry)?;
    }
    Ok(list)
}

fn insert_entry(
    ctx: &mut WriteCtx<'_>,
    content: i64,
    entry: &NewQueueEntry,
    now: i64,
) -> Result<QueueId> {
    let conn = ctx.conn;
    conn.prepare_cached(
        "INSERT INTO queue (content_id, sender, envid, ret_full, account_id, created_at, \
         next_attempt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        content,
        entry.sender,
        entry.envid,
        entry.ret_full as i64,
        entry.account,
        now
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO queue_recipients (queue_id, address, orcpt, notify, state) \
         VALUES (?1, ?2, ?3, ?4, 'pending')",
    )?;
    for r in &entry.recipients {
        stmt.execute(params![id, r.address, r.orcpt, r.notify.0 as i64])?;
    }
    conn.prepare_cached("UPDATE contents SET refs = refs + 1 WHERE id = ?1")?
        .execute([content])?;
    Ok(id)
}

/// Deletes an entry and releases its content (removing the blob if nothing else needs it).
fn delete_entry(ctx: &mut WriteCtx<'_>, id: QueueId) -> Result<()> {
    let conn = ctx.conn;
    conn.prepare_cached("DELETE FROM queue_recipients WHERE queue_id = ?1")?
        .execute([id])?;
    let Some(content): Option<i64> = conn
        .prepare_cached("DELETE FROM queue WHERE id = ?1 RETURNING content_id")?
        .query_row([id], |r| r.get(0))
        .optional()?
    else {
        return Err(StorageError::not_found("queue entry", id.to_string()));
    };
    release_content(ctx, content)
}

impl SqliteBackend {
    /// Accepts one message: delivers it to the local `targets` and queues it for remote
    /// recipients, all in one transaction with the blob stored once. Returns once durable;
    /// either all of it happened or none.
    pub fn deliver_and_queue(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Result<(Vec<Delivered>, Option<QueueId>)> {
        let (_room, job, created) =
            self.delivery_job(raw, meta, internal_date, targets, outbound)?;
        let result = self.db().write(job);
        if result.is_err()
            && let Some(hash) = created
        {
            // Nothing refers to the blob we wrote; the writer removes it unless another
            // delivery of the same content has claimed it meanwhile.
            let _ = self.db().write(move |ctx| {
                ctx.remove_blob_after_commit(hash);
                Ok(())
            });
        }
        result
    }

    /// [`SqliteBackend::deliver_and_queue`] for a task on an async runtime. A message stored
    /// inline (`blob::INLINE_MAX`: no file to write before the transaction) goes to the
    /// writer from the task itself, and the future resolves once its batch is committed;
    /// a larger one, whose blob file is written first, is delivered off the runtime.
    pub fn deliver_and_queue_async(
        self: Arc<Self>,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Pending<(Vec<Delivered>, Option<QueueId>)> {
        if raw.len() > crate::blob::INLINE_MAX {
            return crate::backend::off_runtime(move || {
                self.deliver_and_queue(raw, meta, internal_date, targets, outbound)
            });
        }
        Box::pin(async move {
            let (_room, job, _) = self.delivery_job(raw, meta, internal_date, targets, outbound)?;
            self.db().write_async(job).await
        })
    }

    /// The writer's job for one delivery, with room held for it (until the guard is dropped)
    /// and the blob staged; also the name of the blob file it created, to remove if the job
    /// fails. Without `outbound`, the targets' keywords are checked first (`deliver`).
    #[allow(clippy::type_complexity)]
    fn delivery_job(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Result<(
        Room<'_>,
        impl FnOnce(&mut WriteCtx<'_>) -> Result<(Vec<Delivered>, Option<QueueId>)> + Send + 'static,
        Option<String>,
    )> {
        if outbound.is_none() {
            for target in &targets {
                check_keywords(&target.keywords)?;
            }
        }
        // Before anything is written: refused while the disk is nearly full.
        let room = self.claim_room(raw.len() as u64)?;
        let blob = self.stage(&raw)?;
        let created = blob.created.then(|| blob.hash.clone());
        let blobs = self.blobs().clone();
        let content = NewContent::new(meta);
        let job = move |ctx: &mut WriteCtx<'_>| {
            let content = content_for(ctx, &blob, &raw, content, &*blobs)?;
            let delivered = deliver_in(ctx, content, blob.size, internal_date, &targets)?;
            let Some(entry) = &outbound else {
                return Ok((delivered, None));
            };
            let queued = match entry.recipients.is_empty() {
                false => Some(insert_entry(ctx, content, entry, internal_date)?),
                true => None,
            };
            if delivered.is_empty() && queued.is_none() {
                return Err(StorageError::Invalid("a message without recipients".into()));
            }
            Ok((delivered, queued))
        };
        Ok((room, job, created))
    }

    /// Queues a message for remote recipients only (DSNs to remote senders, notices).
    pub fn enqueue(&self, raw: Arc<[u8]>, entry: NewQueueEntry) -> Result<QueueId> {
        let meta = MessageMeta::parse(&raw);
        let (_, id) = self.deliver_and_queue(raw, meta, crate::now(), Vec::new(), Some(entry))?;
        id.ok_or_else(|| StorageError::Invalid("a queue entry without recipients".into()))
    }

    /// Entries whose next attempt is due at `now`, oldest first.
    pub fn queue_due(&self, now: i64, limit: usize) -> Result<Vec<QueueEntry>> {
        self.db().read(|conn| {
            entries(
                conn,
                "WHERE q.next_attempt <= ?1 ORDER BY q.next_attempt, q.id LIMIT ?2",
                params![now, limit as i64],
            )
        })
    }

    /// When the next entry is due, if any.
    pub fn queue_next_due(&self) -> Result<Option<i64>> {
        self.db().read(|conn| {
            Ok(conn
                .prepare_cached("SELECT min(next_attempt) FROM queue")?
                .query_row([], |r| r.get(0))?)
        })
    }

    /// Every entry, oldest first.
    pub fn queue_list(&self) -> Result<Vec<QueueEntry>> {
        self.db()
            .read(|conn| entries(conn, "ORDER BY q.created_at, q.id", []))
    }

    pub fn queue_entry(&self, id: QueueId) -> Result<QueueEntry> {
        self.db()
            .read(|conn| entries(conn, "WHERE q.id = ?1", [id]))?
            .pop()
            .ok_or_else(|| StorageError::not_found("queue entry", id.to_string()))
    }

    /// The raw bytes of a stored content (a queued message).
    pub fn read_blob(&self, hash: &str) -> Result<Vec<u8>> {
        if !crate::blob::is_hash(hash) {
            return Err(StorageError::Invalid(format!("not a content hash: {hash}")));
        }
        self.blob_bytes(hash)
    }

    /// Records one attempt: each outcome updates its recipient; the entry's next attempt is
    /// set to `next_attempt`. When no recipient is pending any more the entry is removed
    /// (returns true).
    pub fn queue_record(
        &self,
        id: QueueId,
        outcomes: Vec<RecipientOutcome>,
        now: i64,
        next_attempt: i64,
        delay_notified: bool,
    ) -> Result<bool> {
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let mut stmt = conn.prepare_cached(
                "UPDATE queue_recipients SET state = ?3, last_attempt = ?4, last_reply = ?5, \
                 status = ?6, remote_mta = ?7 \
                 WHERE queue_id = ?1 AND address = ?2 AND state = 'pending'",
            )?;
            for o in &outcomes {
                stmt.execute(params![
                    id,
                    o.address,
                    o.state.as_str(),
                    now,
                    o.reply,
                    o.status,
                    o.remote_mta
                ])?;
            }
            let changed = conn
                .prepare_cached(
                    "UPDATE queue SET attempts = attempts + 1, next_attempt = ?2, \
                     delay_notified = delay_notified OR ?3 WHERE id = ?1",
                )?
                .execute(params![id, next_attempt, delay_notified as i64])?;
            if changed == 0 {
                // Removed by an administrator meanwhile: nothing left to record.
                return Ok(true);
            }
            let pending: i64 = conn
                .prepare_cached(
                    "SELECT count(*) FROM queue_recipients \
                     WHERE queue_id = ?1 AND state = 'pending'",
                )?
                .query_row([id], |r| r.get(0))?;
            if pending == 0 {
                delete_entry(ctx, id)?;
                return Ok(true);
            }
            Ok(false)
        })
    }

    /// Makes entries due now (`govmail queue retry`): one entry, or all of them. Returns how
    /// many were rescheduled.
    pub fn queue_retry(&self, id: Option<QueueId>) -> Result<usize> {
        let now = crate::now();
        self.db().write(move |ctx| {
            let n = match id {
                Some(id) => ctx.conn.execute(
                    "UPDATE queue SET next_attempt = ?1 WHERE id = ?2",
                    params![now, id],
                )?,
                None => ctx
                    .conn
                    .execute("UPDATE queue SET next_attempt = ?1", params![now])?,
            };
            if let (Some(id), 0) = (id, n) {
                return Err(StorageError::not_found("queue entry", id.to_string()));
            }
            Ok(n)
        })
    }

    /// Removes an entry without sending it further (`govmail queue remove`).
    pub fn queue_remove(&self, id: QueueId) -> Result<()> {
        self.db().write(move |ctx| delete_entry(ctx, id))
    }
}
