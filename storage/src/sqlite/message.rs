//! Messages: delivery to many mailboxes at once, APPEND, flags with MODSEQ, expunge, copy and
//! move, and reading metadata and content.
//!
//! Quota counters (`accounts.used_bytes`, `used_messages`) and content reference counts
//! (`contents.refs`) change in the same statements' transaction as the messages rows, so they
//! never drift; `check` verifies that.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::blob::StoredBlob;
use crate::changes::Change;
use crate::db::WriteCtx;
use crate::error::{Result, StorageError};
use crate::flags::{Flags, check_keyword, join_keywords, split_keywords};
use crate::mailbox::{INBOX, mailbox_id, owned};
use crate::meta::MessageMeta;
use crate::search::IndexRow;
use crate::sqlite::SqliteBackend;
use crate::structure::MessageStructure;
use crate::types::{AccountId, MailboxId, QuotaUsage};

/// One message's row as [`Store::each_flags`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct FlagRow<'a> {
    pub uid: u32,
    pub flags: Flags,
    /// Keywords separated by single spaces; empty when none.
    pub keywords: &'a str,
    pub modseq: u64,
    pub internal_date: i64,
}

/// Where one delivered copy goes.
#[derive(Debug, Clone)]
pub struct DeliveryTarget {
    pub account: AccountId,
    /// Mailbox name; INBOX when the named one does not exist (e.g. a Sieve fileinto to a
    /// folder the user deleted), unless `create` is set.
    pub mailbox: String,
    pub create: bool,
    pub flags: Flags,
    pub keywords: Vec<String>,
    /// Refuse this delivery if it would exceed the quota (APPEND); SMTP checks the quota at
    /// RCPT time and lets the message through here (RFC 5321 §4.5.3.1.10 spirit: no loss
    /// after 250).
    pub enforce_quota: bool,
}

impl DeliveryTarget {
    pub fn inbox(account: AccountId) -> DeliveryTarget {
        DeliveryTarget {
            account,
            mailbox: INBOX.into(),
            create: false,
            flags: Flags::default(),
            keywords: Vec::new(),
            enforce_quota: false,
        }
    }
}

/// What identifies a message across systems: (Message-ID, Date header, size).
pub type MessageKey = (Option<String>, Option<i64>, u64);

/// Where one copy landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delivered {
    pub account: AccountId,
    pub mailbox: MailboxId,
    pub uid: u32,
    pub uidvalidity: u32,
    pub modseq: u64,
    /// The owner's bytes used after this delivery, and its byte quota (for quota notices).
    pub used_bytes: u64,
    pub quota_bytes: Option<u64>,
}

/// A message's metadata as IMAP needs it: no blob read, no parse.
#[derive(Debug, Clone, Serialize)]
pub struct MessageInfo {
    pub uid: u32,
    pub flags: Flags,
    pub keywords: Vec<String>,
    pub modseq: u64,
    pub internal_date: i64,
    pub size: u64,
    pub blob: String,
    pub meta: MessageMeta,
    /// ENVELOPE and MIME structure: only filled by `Store::messages_with_structure`.
    #[serde(skip)]
    pub structure: Option<Arc<MessageStructure>>,
}

/// A flag change requested by IMAP STORE (RFC 9051 §6.4.6), with CONDSTORE's
/// UNCHANGEDSINCE (RFC 7162 §3.1.3).
#[derive(Debug, Clone)]
pub struct FlagChange {
    pub op: FlagOp,
    pub flags: Flags,
    pub keywords: Vec<String>,
    /// Leave alone (and report) messages whose MODSEQ is above this.
    pub unchanged_since: Option<u64>,
}

impl FlagChange {
    /// The flags and keywords a message ends up with.
    pub(crate) fn apply(&self, flags: Flags, keywords: &[String]) -> (Flags, Vec<String>) {
        match self.op {
            FlagOp::Replace => (self.flags, self.keywords.clone()),
            FlagOp::Add => {
                let mut kw = keywords.to_vec();
                kw.extend(self.keywords.iter().cloned());
                (flags.union(self.flags), kw)
            }
            FlagOp::Remove => (
                flags.minus(self.flags),
                keywords
                    .iter()
                    .filter(|k| !self.keywords.iter().any(|r| r.eq_ignore_ascii_case(k)))
                    .cloned()
                    .collect(),
            ),
        }
    }
}

/// How `set_flags` changes flags (IMAP STORE FLAGS / +FLAGS / -FLAGS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagOp {
    Replace,
    Add,
    Remove,
}

/// The outcome of `set_flags`.
#[derive(Debug, Clone, Default)]
pub struct FlagUpdate {
    /// Messages whose flags changed, in UID order: uid, new flags, keywords, new modseq.
    pub changed: Vec<(u32, Flags, Vec<String>, u64)>,
    /// Messages not changed because their modseq was above UNCHANGEDSINCE (RFC 7162 §3.1.3),
    /// in UID order.
    pub modified: Vec<u32>,
}

/// The outcome of `expunge`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expunge {
    /// The expunged UIDs, ascending.
    pub uids: Vec<u32>,
    /// The mailbox's HIGHESTMODSEQ afterwards (RFC 7162 §3.2.7 reports it after EXPUNGE).
    pub highest_modseq: u64,
}

pub(crate) fn quota_of(conn: &Connection, account: AccountId) -> Result<(String, QuotaUsage)> {
    conn.prepare_cached(
        "SELECT address, quota_bytes, quota_messages, used_bytes, used_messages \
         FROM accounts WHERE id = ?1",
    )?
    .query_row([account], |r| {
        Ok((
            r.get::<_, String>(0)?,
            QuotaUsage {
                limit: crate::Quota {
                    bytes: r.get::<_, Option<i64>>(1)?.map(|v| v.max(0) as u64),
                    messages: r.get::<_, Option<i64>>(2)?.map(|v| v.max(0) as u64),
                },
                used_bytes: r.get::<_, i64>(3)?.max(0) as u64,
                used_messages: r.get::<_, i64>(4)?.max(0) as u64,
            },
        ))
    })
    .optional()?
    .ok_or_else(|| StorageError::not_found("account", account.to_string()))
}

/// Changes an account's usage counters; returns the bytes used afterwards and the byte quota.
pub(crate) fn charge(
    conn: &Connection,
    account: AccountId,
    bytes: i64,
    messages: i64,
) -> Result<(u64, Option<u64>)> {
    Ok(conn
        .prepare_cached(
            "UPDATE accounts SET used_bytes = used_bytes + ?1, used_messages = used_messages + ?2 \
             WHERE id = ?3 RETURNING used_bytes, quota_bytes",
        )?
        .query_row(params![bytes, messages, account], |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as u64,
                r.get::<_, Option<i64>>(1)?.map(|v| v.max(0) as u64),
            ))
        })?)
}

/// Takes the next UID and MODSEQ of a mailbox.
fn next_uid(conn: &Connection, mailbox: MailboxId) -> Result<(u32, u32, u64)> {
    let (uid, uidvalidity, modseq): (i64, i64, i64) = conn
        .prepare_cached(
            "UPDATE mailboxes SET uidnext = uidnext + 1, highest_modseq = highest_modseq + 1 \
             WHERE id = ?1 RETURNING uidnext - 1, uidvalidity, highest_modseq",
        )?
        .query_row([mailbox], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if uid > u32::MAX as i64 {
        return Err(StorageError::Conflict(
            "mailbox has used up its UIDs; recreate it".into(),
        ));
    }
    Ok((uid as u32, uidvalidity as u32, modseq as u64))
}

fn bump_modseq(conn: &Connection, mailbox: MailboxId) -> Result<u64> {
    Ok(conn
        .prepare_cached(
            "UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = ?1 \
             RETURNING highest_modseq",
        )?
        .query_row([mailbox], |r| r.get::<_, i64>(0))? as u64)
}

fn highest_modseq(conn: &Connection, mailbox: MailboxId) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT highest_modseq FROM mailboxes WHERE id = ?1")?
        .query_row([mailbox], |r| r.get::<_, i64>(0))? as u64)
}

/// A list of UIDs as a JSON array, for `uid IN (SELECT value FROM json_each(?))`: one
/// statement for a whole set instead of one per message.
fn json_list(uids: &[u32]) -> String {
    let mut out = String::with_capacity(uids.len() * 6 + 2);
    out.push('[');
    for (i, uid) in uids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&uid.to_string());
    }
    out.push(']');
    out
}

/// A message's metadata made ready for the writer on the caller's thread: its search index
/// entry is computed here, so the writer only inserts it (see `search::IndexRow`).
pub(crate) struct NewContent {
    meta: MessageMeta,
    index: Option<IndexRow>,
}

impl NewContent {
    pub(crate) fn new(mut meta: MessageMeta) -> NewContent {
        let index = IndexRow::of(&mut meta);
        NewContent { meta, index }
    }
}

/// Finds or creates the content row for a blob; returns its id and size.
pub(crate) fn content_for(
    ctx: &mut WriteCtx<'_>,
    blob: &StoredBlob,
    raw: &[u8],
    content: NewContent,
    blobs: &dyn crate::blob::BlobStore,
) -> Result<i64> {
    let NewContent { meta, index } = content;
    let conn = ctx.conn;
    let structure = meta.structure.as_ref().map(MessageStructure::to_json);
    if let Some((id, stored)) = conn
        .prepare_cached("SELECT id, structure IS NOT NULL FROM contents WHERE blob = ?1")?
        .query_row([&blob.hash], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?))
        })
        .optional()?
    {
        if !stored && structure.is_some() {
            // A content stored before structures were kept: it has one now.
            conn.prepare_cached("UPDATE contents SET structure = ?1 WHERE id = ?2")?
                .execute(params![structure, id])?;
        }
        return Ok(id);
    }
    if blob.inline {
        // A small message: its bytes go into this transaction, durable with its rows.
        conn.prepare_cached("INSERT OR REPLACE INTO inline_blobs (blob, data) VALUES (?1, ?2)")?
            .execute(params![blob.hash, raw])?;
    } else {
        // A new row: make sure the blob is there. It may have been garbage-collected (after
        // our put saw or wrote it) by an expunge that committed in between; the writer thread
        // is the only one that removes blobs, so checking here is race-free. Only when the
        // writer removed blobs since it was staged: a lookup here costs the writer a round
        // trip to an object store.
        if ctx.blobs_removed_since(blob.removals_seen) && !blobs.exists(&blob.hash)? {
            blobs.put_unsynced(&blob.hash, raw)?;
        }
        ctx.sync_blob_before_commit(blob.hash.clone());
    }
    let keys = crate::subject::SubjectKeys::of(meta.subject.as_deref());
    conn.prepare_cached(
        "INSERT INTO contents (blob, size, refs, subject, from_addr, to_addr, cc_addr, \
         message_id, sent_date, structure, indexed, sent_day, thread_refs, sort_subject, \
         thread_subject, thread_reply) \
         VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        blob.hash,
        blob.size as i64,
        meta.subject,
        meta.from,
        meta.to,
        meta.cc,
        meta.message_id,
        meta.sent_date,
        structure,
        // Set when the writer indexes it (`WriteCtx::index_pending`); until then a search of
        // its mailbox, or the backlog after a restart, sees it pending.
        false,
        meta.sent_day,
        meta.thread_refs,
        keys.sort,
        keys.thread,
        keys.reply
    ])?;
    let id = conn.last_insert_rowid();
    if let Some(row) = index {
        ctx.index_before_commit(id, row);
    }
    Ok(id)
}

/// Inserts one message row and charges its owner.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_message(
    ctx: &mut WriteCtx<'_>,
    account: AccountId,
    mailbox: MailboxId,
    content: i64,
    size: u64,
    flags: Flags,
    keywords: Option<&str>,
    internal_date: i64,
) -> Result<Delivered> {
    let conn = ctx.conn;
    let (uid, uidvalidity, modseq) = next_uid(conn, mailbox)?;
    conn.prepare_cached(
        "INSERT INTO messages (mailbox_id, uid, content_id, flags, keywords, modseq, \
         internal_date, save_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        mailbox,
        uid,
        content,
        flags.0,
        keywords,
        modseq as i64,
        internal_date,
        // SAVEDATE (RFC 8514): now, for a delivery, APPEND, COPY or MOVE alike.
        crate::now()
    ])?;
    conn.prepare_cached("UPDATE contents SET refs = refs + 1 WHERE id = ?1")?
        .execute([content])?;
    let (used_bytes, quota_bytes) = charge(conn, account, size as i64, 1)?;
    ctx.notify(
        account,
        Change::Appended {
            mailbox,
            uid,
            modseq,
        },
    );
    Ok(Delivered {
        account,
        mailbox,
        uid,
        uidvalidity,
        modseq,
        used_bytes,
        quota_bytes,
    })
}

/// Drops one reference to a content row; the last one removes the row, and its blob after
/// COMMIT.
pub(crate) fn release_content(ctx: &mut WriteCtx<'_>, content: i64) -> Result<()> {
    release_content_refs(ctx, content, 1)
}

/// Drops `count` references to a content row at once (an expunge of many copies).
fn release_content_refs(ctx: &mut WriteCtx<'_>, content: i64, count: i64) -> Result<()> {
    let conn = ctx.conn;
    let refs: i64 = conn
        .prepare_cached("UPDATE contents SET refs = refs - ?2 WHERE id = ?1 RETURNING refs")?
        .query_row(params![content, count], |r| r.get(0))?;
    if refs <= 0 {
        let (hash, indexed): (String, bool) = conn
            .prepare_cached("DELETE FROM contents WHERE id = ?1 RETURNING blob, indexed")?
            .query_row([content], |r| Ok((r.get(0)?, r.get(1)?)))?;
        crate::search::unindex_content(conn, content, indexed)?;
        crate::tracking::forget_content(conn, content)?;
        ctx.forget_index(content);
        conn.prepare_cached("DELETE FROM inline_blobs WHERE blob = ?1")?
            .execute([&hash])?;
        ctx.remove_blob_after_commit(hash);
    }
    Ok(())
}

/// Removes message rows, records them as expunged with one new MODSEQ, refunds the quota and
/// releases contents no longer referenced. A fixed number of statements whatever the number
/// of messages. Returns that MODSEQ, or 0 when none of the UIDs existed (nothing changed,
/// so no new MODSEQ).
pub(crate) fn remove_messages(
    ctx: &mut WriteCtx<'_>,
    account: AccountId,
    mailbox: MailboxId,
    uids: &[u32],
    record_expunge: bool,
) -> Result<u64> {
    if uids.is_empty() {
        return Ok(0);
    }
    let conn = ctx.conn;
    let mut removed: Vec<(u32, i64, i64)> = conn
        .prepare_cached(
            "DELETE FROM messages WHERE mailbox_id = ?1 \
             AND uid IN (SELECT value FROM json_each(?2)) \
             RETURNING uid, content_id, (SELECT size FROM contents WHERE id = content_id)",
        )?
        .query_map(params![mailbox, json_list(uids)], |r| {
            Ok((r.get::<_, i64>(0)? as u32, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    if removed.is_empty() {
        return Ok(0);
    }
    removed.sort_unstable_by_key(|&(uid, _, _)| uid);
    let modseq = bump_modseq(conn, mailbox)?;
    let mut refs: BTreeMap<i64, i64> = BTreeMap::new();
    let mut freed_bytes = 0i64;
    for &(_, content, size) in &removed {
        *refs.entry(content).or_default() += 1;
        freed_bytes += size;
    }
    for (content, count) in refs {
        release_content_refs(ctx, content, count)?;
    }
    let gone: Vec<u32> = removed.iter().map(|&(uid, _, _)| uid).collect();
    if record_expunge {
        // RFC 7162 §3.2.5: QRESYNC reports these as VANISHED (EARLIER) to clients that last
        // saw the mailbox before this MODSEQ.
        ctx.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO expunged (mailbox_id, uid, modseq) \
                 SELECT ?1, value, ?3 FROM json_each(?2)",
            )?
            .execute(params![mailbox, json_list(&gone), modseq as i64])?;
        for &uid in &gone {
            ctx.notify(
                account,
                Change::Expunged {
                    mailbox,
                    uid,
                    modseq,
                },
            );
        }
    }
    charge(ctx.conn, account, -freed_bytes, -(gone.len() as i64))?;
    Ok(modseq)
}

/// A message's flag state: uid, flags, keywords, modseq.
type FlagState = (u32, Flags, Vec<String>, u64);

/// The flag state of the given UIDs that exist, in UID order.
fn flag_rows(conn: &Connection, mailbox: MailboxId, uids: &[u32]) -> Result<Vec<FlagState>> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, flags, keywords, modseq FROM messages \
         WHERE mailbox_id = ?1 AND uid IN (SELECT value FROM json_each(?2)) ORDER BY uid",
    )?;
    let rows = stmt.query_map(params![mailbox, json_list(uids)], |r| {
        Ok((
            r.get::<_, i64>(0)? as u32,
            Flags(r.get(1)?),
            split_keywords(r.get(2)?),
            r.get::<_, i64>(3)? as u64,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn uids_where(
    conn: &Connection,
    mailbox: MailboxId,
    sql_filter: &str,
) -> Result<Vec<u32>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT uid FROM messages WHERE mailbox_id = ?1 AND {sql_filter} ORDER BY uid"
    ))?;
    let rows = stmt.query_map([mailbox], |r| r.get::<_, i64>(0).map(|v| v as u32))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Removes every message of a mailbox (mailbox deletion, account purge).
pub(crate) fn remove_all(
    ctx: &mut WriteCtx<'_>,
    account: AccountId,
    mailbox: MailboxId,
) -> Result<()> {
    let uids = uids_where(ctx.conn, mailbox, "1")?;
    remove_messages(ctx, account, mailbox, &uids, true)?;
    Ok(())
}

/// Moves every message of one mailbox into another of the same account (RENAME INBOX).
pub(crate) fn move_all(
    ctx: &mut WriteCtx<'_>,
    account: AccountId,
    from: MailboxId,
    to: MailboxId,
) -> Result<()> {
    let uids = uids_where(ctx.conn, from, "1")?;
    copy_messages(ctx, from, &uids, account, to, false)?;
    remove_messages(ctx, account, from, &uids, true)?;
    Ok(())
}

/// Copies messages; the copies share the content (no blob copy) and are charged to the quota
/// of `account`, the destination's owner.
pub(crate) fn copy_messages(
    ctx: &mut WriteCtx<'_>,
    from: MailboxId,
    uids: &[u32],
    account: AccountId,
    to: MailboxId,
    enforce_quota: bool,
) -> Result<Vec<(u32, u32)>> {
    let conn = ctx.conn;
    let mut rows = Vec::with_capacity(uids.len());
    {
        let mut stmt = conn.prepare_cached(
            "SELECT m.content_id, c.size, m.flags, m.keywords, m.internal_date \
             FROM messages m JOIN contents c ON c.id = m.content_id \
             WHERE m.mailbox_id = ?1 AND m.uid = ?2",
        )?;
        for &uid in uids {
            if let Some(row) = stmt
                .query_row(params![from, uid], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, u8>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                })
                .optional()?
            {
                rows.push((uid, row));
            }
        }
    }
    if enforce_quota {
        let total: i64 = rows.iter().map(|(_, r)| r.1).sum();
        let (address, usage) = quota_of(conn, account)?;
        if let Some(detail) = usage.would_exceed(total.max(0) as u64, rows.len() as u64) {
            return Err(StorageError::OverQuota { address, detail });
        }
    }
    let mut mapping = Vec::with_capacity(rows.len());
    for (uid, (content, size, flags, keywords, internal_date)) in rows {
        let d = insert_message(
            ctx,
            account,
            to,
            content,
            size.max(0) as u64,
            Flags(flags),
            keywords.as_deref(),
            internal_date,
        )?;
        mapping.push((uid, d.uid));
    }
    Ok(mapping)
}

/// Adds one stored content to every target's mailbox (inside the caller's transaction).
pub(crate) fn deliver_in(
    ctx: &mut WriteCtx<'_>,
    content: i64,
    size: u64,
    internal_date: i64,
    targets: &[DeliveryTarget],
) -> Result<Vec<Delivered>> {
    let mut delivered = Vec::with_capacity(targets.len());
    for target in targets {
        let conn = ctx.conn;
        if target.enforce_quota {
            let (address, usage) = quota_of(conn, target.account)?;
            if let Some(detail) = usage.would_exceed(size, 1) {
                return Err(StorageError::OverQuota { address, detail });
            }
        }
        let name = crate::mailbox::normalize_name(&target.mailbox)?;
        let mailbox = match mailbox_id(conn, target.account, &name) {
            Ok(id) => id,
            Err(StorageError::NotFound { .. }) if target.create => {
                let id =
                    crate::mailbox::insert_mailbox(ctx, target.account, &name, None, crate::now())?;
                // Sieve's `fileinto :create` (RFC 5490 §3.2): the user's own rule made the
                // folder and no client is there to subscribe it, so it is subscribed here
                // (Dovecot's lda_mailbox_autosubscribe): otherwise a client that shows only
                // subscribed folders would hide the mail filed into it.
                crate::mailbox::subscribe(ctx.conn, target.account, &name)?;
                ctx.notify(target.account, Change::MailboxesChanged);
                id
            }
            Err(StorageError::NotFound { .. }) => mailbox_id(conn, target.account, INBOX)?,
            Err(e) => return Err(e),
        };
        let keywords = join_keywords(&target.keywords);
        delivered.push(insert_message(
            ctx,
            target.account,
            mailbox,
            content,
            size,
            target.flags,
            keywords.as_deref(),
            internal_date,
        )?);
    }
    Ok(delivered)
}

pub(crate) fn check_keywords(keywords: &[String]) -> Result<()> {
    keywords.iter().try_for_each(|k| check_keyword(k))
}

impl SqliteBackend {
    /// Delivers one message to many mailboxes in one transaction: the blob is stored once,
    /// every target gets its own UID, flags and quota charge. Returns only once durable.
    /// Either every target gets the message or none does.
    pub fn deliver(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
    ) -> Result<Vec<Delivered>> {
        let (delivered, _) = self.deliver_and_queue(raw, meta, internal_date, targets, None)?;
        Ok(delivered)
    }

    /// IMAP APPEND: adds a message to one of the account's mailboxes, refusing it over quota.
    pub fn append(
        &self,
        account: AccountId,
        mailbox: &str,
        raw: Arc<[u8]>,
        flags: Flags,
        keywords: Vec<String>,
        internal_date: i64,
    ) -> Result<Delivered> {
        // One append path: a single message is a MULTIAPPEND of one (`Store::append_many`).
        let message = crate::append::NewMessage {
            raw,
            flags,
            keywords,
            internal_date,
        };
        self.append_many(account, mailbox, vec![message], None)?
            .pop()
            .ok_or_else(|| StorageError::Invalid("nothing appended".into()))
    }

    /// Metadata of the messages whose UIDs fall in `uids`, in UID order.
    pub fn messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>> {
        self.changed_messages(account, mailbox, uids, 0, false)
    }

    /// Metadata of the messages with these UIDs (ascending), leaving out those that are
    /// gone. Point lookups: the cost follows the number of UIDs, not the mailbox size.
    pub fn messages_by_uid(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: &[u32],
    ) -> Result<Vec<MessageInfo>> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT m.uid, m.flags, m.keywords, m.modseq, m.internal_date, c.size, c.blob, \
                 c.subject, c.from_addr, c.to_addr, c.cc_addr, c.message_id, c.sent_date, \
                 NULL, c.sent_day \
                 FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid = ?2",
            )?;
            let mut out = Vec::with_capacity(uids.len());
            for uid in uids {
                if let Some((info, _)) =
                    stmt.query_row(params![mailbox, uid], info_row).optional()?
                {
                    out.push(info);
                }
            }
            Ok(out)
        })
    }

    /// The same with each message's ENVELOPE and MIME structure, read in the same query
    /// (FETCH 1:* (ENVELOPE BODYSTRUCTURE) reads no blob and makes one query).
    ///
    /// Contents stored before structures were kept (schema 7) have none: theirs is computed
    /// here from the blob, once, and written back in one transaction for the whole batch, so
    /// the next FETCH finds it stored.
    pub fn messages_with_structure(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>> {
        self.changed_messages(account, mailbox, uids, 0, true)
    }

    /// Metadata of the messages in `uids` whose MODSEQ is above `since`, in UID order, with
    /// their structure when asked (`messages_with_structure`). The MODSEQ test is in the
    /// query, so a CONDSTORE FETCH … (CHANGEDSINCE m) or a QRESYNC SELECT loads only what
    /// changed (RFC 7162 §3.1.4.1, §3.2.5). `since` 0 means every message.
    pub fn changed_messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        with_structure: bool,
    ) -> Result<Vec<MessageInfo>> {
        let rows = self.message_rows(account, mailbox, uids, since, with_structure)?;
        if with_structure {
            self.attach_structures(rows)
        } else {
            Ok(rows.into_iter().map(|(info, _)| info).collect())
        }
    }

    /// Calls `each` with the messages rows only (UID, flags, keywords, MODSEQ, internal
    /// date) of the messages in `uids` whose MODSEQ is above `since`, in UID order, without
    /// collecting them: `FETCH 1:* (FLAGS)`, what every client sends to resynchronise, reads
    /// no content row and allocates nothing per message.
    pub fn each_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        mut each: impl FnMut(FlagRow<'_>),
    ) -> Result<()> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT uid, flags, keywords, modseq, internal_date FROM messages \
                 WHERE mailbox_id = ?1 AND uid BETWEEN ?2 AND ?3 AND modseq > ?4 ORDER BY uid",
            )?;
            let mut rows = stmt.query(params![mailbox, uids.start(), uids.end(), since as i64])?;
            while let Some(r) = rows.next()? {
                each(FlagRow {
                    uid: r.get::<_, i64>(0)? as u32,
                    flags: Flags(r.get(1)?),
                    keywords: r
                        .get_ref(2)?
                        .as_str_or_null()
                        .map_err(rusqlite::Error::from)?
                        .unwrap_or(""),
                    modseq: r.get::<_, i64>(3)? as u64,
                    internal_date: r.get(4)?,
                });
            }
            Ok(())
        })
    }

    /// Fills `structure` from the stored JSON, computing (and storing) what is missing.
    fn attach_structures(
        &self,
        rows: Vec<(MessageInfo, Option<String>)>,
    ) -> Result<Vec<MessageInfo>> {
        let mut computed: Vec<(String, String)> = Vec::new();
        let mut out = Vec::with_capacity(rows.len());
        for (mut info, stored) in rows {
            let structure = match stored.as_deref().and_then(MessageStructure::from_json) {
                Some(s) => s,
                None => {
                    let raw = self.blob_bytes(&info.blob)?;
                    let s = MessageStructure::parse(&raw);
                    computed.push((info.blob.clone(), s.to_json()));
                    s
                }
            };
            info.structure = Some(Arc::new(structure));
            out.push(info);
        }
        if !computed.is_empty() {
            let written = self.db().write(move |ctx| {
                let mut stmt = ctx
                    .conn
                    .prepare_cached("UPDATE contents SET structure = ?1 WHERE blob = ?2")?;
                for (hash, json) in &computed {
                    stmt.execute(params![json, hash])?;
                }
                Ok(())
            });
            if let Err(e) = written {
                // Not fatal: the structure is computed again next time.
                tracing::warn!(error = %e, "message structures not stored");
            }
        }
        Ok(out)
    }

    fn message_rows(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        with_structure: bool,
    ) -> Result<Vec<(MessageInfo, Option<String>)>> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(if with_structure {
                "SELECT m.uid, m.flags, m.keywords, m.modseq, m.internal_date, c.size, c.blob, \
                 c.subject, c.from_addr, c.to_addr, c.cc_addr, c.message_id, c.sent_date, \
                 c.structure, c.sent_day \
                 FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid BETWEEN ?2 AND ?3 AND m.modseq > ?4 \
                 ORDER BY m.uid"
            } else {
                "SELECT m.uid, m.flags, m.keywords, m.modseq, m.internal_date, c.size, c.blob, \
                 c.subject, c.from_addr, c.to_addr, c.cc_addr, c.message_id, c.sent_date, \
                 NULL, c.sent_day \
                 FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid BETWEEN ?2 AND ?3 AND m.modseq > ?4 \
                 ORDER BY m.uid"
            })?;
            let rows = stmt.query_map(
                params![mailbox, uids.start(), uids.end(), since as i64],
                info_row,
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Bytes `range` of a message content (a blob named in a `MessageInfo` this account
    /// was given): BODY[part] reads only the part. The range is clamped to the blob.
    pub fn read_content_range(&self, blob: &str, range: std::ops::Range<u64>) -> Result<Vec<u8>> {
        let inline = self.db().read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT substr(data, ?2 + 1, ?3) FROM inline_blobs WHERE blob = ?1",
                )?
                .query_row(
                    params![
                        blob,
                        range.start.min(i64::MAX as u64) as i64,
                        range.end.saturating_sub(range.start).min(i64::MAX as u64) as i64
                    ],
                    // substr() of an empty message gives '' (text), not a blob.
                    |r| {
                        Ok(match r.get_ref(0)? {
                            rusqlite::types::ValueRef::Blob(b)
                            | rusqlite::types::ValueRef::Text(b) => b.to_vec(),
                            _ => Vec::new(),
                        })
                    },
                )
                .optional()?)
        })?;
        match inline {
            Some(bytes) => Ok(bytes),
            None => Ok(self.blobs().get_range(blob, range)?),
        }
    }

    /// The bytes of a stored content, from the database when it is small enough to be kept
    /// there (`blob::INLINE_MAX`), else from its file.
    pub(crate) fn blob_bytes(&self, hash: &str) -> Result<Vec<u8>> {
        let inline = self.db().read(|conn| {
            Ok(conn
                .prepare_cached("SELECT data FROM inline_blobs WHERE blob = ?1")?
                .query_row([hash], |r| r.get::<_, Vec<u8>>(0))
                .optional()?)
        })?;
        match inline {
            Some(bytes) => Ok(bytes),
            None => Ok(self.blobs().get(hash)?),
        }
    }

    /// The UIDs of a mailbox in order: what IMAP SELECT needs, without the metadata.
    pub fn uids(&self, account: AccountId, mailbox: MailboxId) -> Result<Vec<u32>> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            uids_where(conn, mailbox, "1")
        })
    }

    /// (Message-ID, Date, size) of every message in a mailbox: what an importer compares
    /// against so that importing the same file twice adds nothing.
    pub fn message_keys(
        &self,
        account: AccountId,
        mailbox: MailboxId,
    ) -> Result<std::collections::HashSet<MessageKey>> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare(
                "SELECT c.message_id, c.sent_date, c.size FROM messages m \
                 JOIN contents c ON c.id = m.content_id WHERE m.mailbox_id = ?1",
            )?;
            let rows = stmt.query_map([mailbox], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)?.max(0) as u64))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The raw message (as received, byte for byte).
    pub fn read_message(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uid: u32,
    ) -> Result<Vec<u8>> {
        let hash: String = self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            conn.prepare_cached(
                "SELECT c.blob FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid = ?2",
            )?
            .query_row(params![mailbox, uid], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StorageError::not_found("message", uid.to_string()))
        })?;
        self.blob_bytes(&hash)
    }

    /// Changes flags and keywords of the given UIDs (missing UIDs are ignored). With
    /// `unchanged_since`, messages modified after that MODSEQ are left alone and reported
    /// (CONDSTORE, RFC 7162 §3.1.3). All changed messages get one new MODSEQ; a message whose
    /// flags end up as they were keeps its MODSEQ.
    ///
    /// One read for the whole set, then one UPDATE per distinct resulting flag set (a
    /// `+FLAGS (\Seen)` on a thousand messages is a handful of statements, not a thousand).
    pub fn set_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: Vec<u32>,
        change: FlagChange,
    ) -> Result<FlagUpdate> {
        check_keywords(&change.keywords)?;
        let (update, receipt_due) = self.db().write(move |ctx| {
            let conn = ctx.conn;
            owned(conn, account, mailbox)?;
            let mut update = FlagUpdate::default();
            // Official documents read for the first time (`tracking`): only messages that
            // carry $Official and gain \Seen are looked for in the register.
            let mut first_reads: Vec<u32> = Vec::new();
            // (new flags, new keywords) → the UIDs that end up with them.
            let mut groups: BTreeMap<(u8, Option<String>), Vec<u32>> = BTreeMap::new();
            for (uid, old_flags, old_keywords, old_modseq) in flag_rows(conn, mailbox, &uids)? {
                // MODSEQ is never 0, so UNCHANGEDSINCE 0 always fails (RFC 7162 §3.1.3).
                if change
                    .unchanged_since
                    .is_some_and(|since| old_modseq > since)
                {
                    update.modified.push(uid);
                    continue;
                }
                let (new_flags, new_keywords) = change.apply(old_flags, &old_keywords);
                let joined = join_keywords(&new_keywords);
                if new_flags == old_flags && joined == join_keywords(&old_keywords) {
                    continue; // no change, no new MODSEQ (RFC 7162 §3.1.3)
                }
                if !old_flags.contains(Flags::SEEN)
                    && new_flags.contains(Flags::SEEN)
                    && old_keywords
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(crate::tracking::OFFICIAL_KEYWORD))
                {
                    first_reads.push(uid);
                }
                groups.entry((new_flags.0, joined)).or_default().push(uid);
            }
            if groups.is_empty() {
                return Ok((update, false));
            }
            let modseq = bump_modseq(conn, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "UPDATE messages SET flags = ?1, keywords = ?2, modseq = ?3 \
                 WHERE mailbox_id = ?4 AND uid IN (SELECT value FROM json_each(?5))",
            )?;
            for ((flags, keywords), group) in groups {
                stmt.execute(params![
                    flags,
                    keywords,
                    modseq as i64,
                    mailbox,
                    json_list(&group)
                ])?;
                for uid in group {
                    let kw = split_keywords(keywords.clone());
                    update.changed.push((uid, Flags(flags), kw, modseq));
                    ctx.notify(
                        account,
                        Change::FlagsChanged {
                            mailbox,
                            uid,
                            modseq,
                        },
                    );
                }
            }
            update.changed.sort_unstable_by_key(|c| c.0);
            let receipt_due = !first_reads.is_empty()
                && crate::tracking::note_read(conn, account, mailbox, &first_reads, crate::now())?;
            Ok((update, receipt_due))
        })?;
        if receipt_due {
            self.receipts_notify().notify_one();
        }
        Ok(update)
    }

    /// Expunges messages flagged \Deleted (only those in `only` when given: UID EXPUNGE).
    pub fn expunge(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        only: Option<Vec<u32>>,
    ) -> Result<Expunge> {
        self.db().write(move |ctx| {
            owned(ctx.conn, account, mailbox)?;
            let mut uids = uids_where(ctx.conn, mailbox, "flags & 8 != 0")?;
            if let Some(only) = only {
                let only: HashSet<u32> = only.into_iter().collect();
                uids.retain(|uid| only.contains(uid));
            }
            remove_messages(ctx, account, mailbox, &uids, true)?;
            Ok(Expunge {
                uids,
                highest_modseq: highest_modseq(ctx.conn, mailbox)?,
            })
        })
    }

    /// Copies messages into another mailbox of the same account; returns (source UID,
    /// new UID) pairs for COPYUID (RFC 4315). Refused whole if over quota.
    pub fn copy(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>> {
        self.copy_across((account, from), uids, (account, to))
    }

    /// Copies messages from a mailbox of one account to a mailbox of another (or the same):
    /// between a unit mailbox shared through a grant and the grantee's own. Each pair is
    /// (owner, mailbox) and is checked; the copies are charged to the destination's owner,
    /// refused whole if over its quota.
    pub fn copy_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>> {
        self.db().write(move |ctx| {
            owned(ctx.conn, from.0, from.1)?;
            owned(ctx.conn, to.0, to.1)?;
            copy_messages(ctx, from.1, &uids, to.0, to.1, true)
        })
    }

    /// Moves messages atomically (RFC 6851): copy, then expunge the originals, in one
    /// transaction. A move does not change the quota use.
    pub fn move_messages(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>> {
        self.move_across((account, from), uids, (account, to))
    }

    /// Moves messages between mailboxes of two accounts (or one), atomically. Between two
    /// accounts the destination's owner is charged (refused whole if over its quota) and the
    /// source's refunded; within one account the quota use does not change.
    pub fn move_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>> {
        self.db().write(move |ctx| {
            owned(ctx.conn, from.0, from.1)?;
            owned(ctx.conn, to.0, to.1)?;
            let mapping = copy_messages(ctx, from.1, &uids, to.0, to.1, from.0 != to.0)?;
            let moved: Vec<u32> = mapping.iter().map(|(src, _)| *src).collect();
            remove_messages(ctx, from.0, from.1, &moved, true)?;
            Ok(mapping)
        })
    }

    /// UIDs expunged since `modseq` (QRESYNC VANISHED (EARLIER)).
    pub fn expunged_since(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        modseq: u64,
    ) -> Result<Vec<u32>> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT uid FROM expunged WHERE mailbox_id = ?1 AND modseq > ?2 ORDER BY uid",
            )?;
            let rows = stmt.query_map(params![mailbox, modseq as i64], |r| {
                r.get::<_, i64>(0).map(|v| v as u32)
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

/// One row of the message queries above: the `MessageInfo` and the stored structure JSON.
fn info_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(MessageInfo, Option<String>)> {
    Ok((
        MessageInfo {
            uid: r.get::<_, i64>(0)? as u32,
            flags: Flags(r.get(1)?),
            keywords: split_keywords(r.get(2)?),
            modseq: r.get::<_, i64>(3)? as u64,
            internal_date: r.get(4)?,
            size: r.get::<_, i64>(5)?.max(0) as u64,
            blob: r.get(6)?,
            meta: MessageMeta {
                subject: r.get(7)?,
                from: r.get(8)?,
                to: r.get(9)?,
                cc: r.get(10)?,
                message_id: r.get(11)?,
                thread_refs: None,
                sent_date: r.get(12)?,
                sent_day: r.get(14)?,
                structure: None,
                body_text: None,
                header_text: None,
            },
            structure: None,
        },
        r.get::<_, Option<String>>(13)?,
    ))
}
