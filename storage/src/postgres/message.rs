//! Messages on PostgreSQL, with the same methods as `Store`'s (storage/src/message.rs,
//! append.rs): delivery to many mailboxes in one transaction, APPEND, metadata, flags with
//! MODSEQ, expunge, copy and move.
//!
//! Locks, always taken in this order so that concurrent transactions (on any node) wait for
//! each other instead of deadlocking: the mailboxes written to, by id (`SELECT … FOR NO KEY
//! UPDATE`); then the accounts charged, by id; then content rows (by upsert or by id). A
//! mailbox's `uidnext` and `highest_modseq` only move under its row lock, held to COMMIT: UIDs
//! become visible in the order they were given, none twice, and a transaction that rolls back
//! gives its UIDs back before anyone saw them.

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;
use std::sync::Arc;

use tokio_postgres::Row;

use tokio_postgres::types::ToSql;

use super::pool::{Piped, Queries, Tx, join_in_order};

use super::mailbox::{mailbox_id, owned, owned_then};
use super::search::Held;
use super::{Notes, PgBackend, PgResult, pg_write};
use crate::append::{NewMessage, Replaced};
use crate::backend::Messages;
use crate::blob::StoredBlob;
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::flags::{Flags, check_keyword, join_keywords, split_keywords};
use crate::mailbox::INBOX;
use crate::message::{
    Delivered, DeliveryTarget, Expunge, FlagChange, FlagRow, FlagUpdate, MessageInfo, MessageKey,
};
use crate::meta::MessageMeta;
use crate::structure::MessageStructure;
use crate::types::{AccountId, MailboxId, QuotaUsage};

/// The first read of official documents by their local recipient (`tracking::note_read`):
/// the read time, and a receipt asked for becomes due. True when one became due.
async fn note_read(
    tx: &Tx<'_>,
    account: AccountId,
    mailbox: MailboxId,
    uids: &[u32],
    at: i64,
) -> PgResult<bool> {
    let rows = tx
        .query(
            "UPDATE document_recipients SET read_at = $4, \
               receipt = CASE receipt WHEN 'wait' THEN 'due' ELSE receipt END \
             WHERE content_id IN (SELECT content_id FROM messages WHERE mailbox_id = $2 \
                                  AND uid = ANY($3)) \
               AND account_id = $1 AND read_at IS NULL \
             RETURNING receipt",
            &[&account, &mailbox, &uid_list(uids), &at],
        )
        .await?;
    Ok(rows.iter().any(|r| r.get::<_, &str>(0) == "due"))
}

fn uid_list(uids: &[u32]) -> Vec<i64> {
    uids.iter().map(|&u| i64::from(u)).collect()
}

/// Locks the mailbox rows, then the account rows, each in id order (see the module's
/// text), in one round trip. `FOR NO KEY UPDATE`, the lock their UPDATEs take anyway: it
/// excludes every other writer of the rows but not the foreign-key checks of rows that
/// refer to them (`FOR KEY SHARE`), such as the usage flush's inserts for the same
/// accounts, which `FOR UPDATE` made wait for each delivery's COMMIT (and the other way
/// round).
async fn lock(tx: &Tx<'_>, mailboxes: &[MailboxId], accounts: &[AccountId]) -> PgResult<()> {
    let sorted = |ids: &[i64]| {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (mailboxes, accounts) = (sorted(mailboxes), sorted(accounts));
    let (mailbox_ids, account_ids): (&[&(dyn ToSql + Sync)], &[&(dyn ToSql + Sync)]) =
        (&[&mailboxes], &[&accounts]);
    let (first_mailbox, first_account) = (
        mailboxes.first().copied().unwrap_or_default(),
        accounts.first().copied().unwrap_or_default(),
    );
    let (mailbox_one, account_one): (&[&(dyn ToSql + Sync)], &[&(dyn ToSql + Sync)]) =
        (&[&first_mailbox], &[&first_account]);
    // One row: a statement PostgreSQL plans once per connection (`= ANY($1)` is planned
    // again at each run, the array's length unknown).
    let mut queries: Vec<Piped<'_>> = Vec::with_capacity(2);
    match mailboxes.len() {
        0 => {}
        1 => queries.push((
            "SELECT 1 FROM mailboxes WHERE id = $1 FOR NO KEY UPDATE",
            mailbox_one,
        )),
        _ => queries.push((
            "SELECT 1 FROM mailboxes WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
            mailbox_ids,
        )),
    }
    match accounts.len() {
        0 => {}
        1 => queries.push((
            "SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE",
            account_one,
        )),
        _ => queries.push((
            "SELECT 1 FROM accounts WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
            account_ids,
        )),
    }
    tx.pipeline(&queries).await?;
    Ok(())
}

pub(crate) async fn quota_of(
    c: &impl Queries,
    account: AccountId,
) -> PgResult<(String, QuotaUsage)> {
    match c
        .query_opt(
            "SELECT address, quota_bytes, quota_messages, used_bytes, used_messages \
             FROM accounts WHERE id = $1",
            &[&account],
        )
        .await?
    {
        Some(r) => Ok((
            r.get(0),
            QuotaUsage {
                limit: crate::Quota {
                    bytes: r.get::<_, Option<i64>>(1).map(|v| v.max(0) as u64),
                    messages: r.get::<_, Option<i64>>(2).map(|v| v.max(0) as u64),
                },
                used_bytes: r.get::<_, i64>(3).max(0) as u64,
                used_messages: r.get::<_, i64>(4).max(0) as u64,
            },
        )),
        None => Err(StorageError::not_found("account", account.to_string()).into()),
    }
}

async fn charge(
    tx: &Tx<'_>,
    account: AccountId,
    bytes: i64,
    messages: i64,
) -> PgResult<(u64, Option<u64>)> {
    let r = tx
        .query_one(
            "UPDATE accounts SET used_bytes = used_bytes + $1, \
             used_messages = used_messages + $2 WHERE id = $3 \
             RETURNING used_bytes, quota_bytes",
            &[&bytes, &messages, &account],
        )
        .await?;
    Ok((
        r.get::<_, i64>(0).max(0) as u64,
        r.get::<_, Option<i64>>(1).map(|v| v.max(0) as u64),
    ))
}

async fn bump_modseq(tx: &Tx<'_>, mailbox: MailboxId) -> PgResult<u64> {
    Ok(tx
        .query_one(
            "UPDATE mailboxes SET highest_modseq = highest_modseq + 1 WHERE id = $1 \
             RETURNING highest_modseq",
            &[&mailbox],
        )
        .await?
        .get::<_, i64>(0) as u64)
}

async fn highest_modseq(c: &impl Queries, mailbox: MailboxId) -> PgResult<u64> {
    Ok(c.query_one(
        "SELECT highest_modseq FROM mailboxes WHERE id = $1",
        &[&mailbox],
    )
    .await?
    .get::<_, i64>(0) as u64)
}

/// The content row's upsert and the removal of its blob's tombstone (referenced again: no
/// sweep may remove it), in one statement; `$16`, in [`UPSERT_CONTENT_INLINE`] only, is the
/// bytes of a message kept in the database. Returns the content's id, and whether the row
/// is new.
macro_rules! upsert_content {
    ($inline:literal) => {
        concat!(
            "WITH content AS (\
               INSERT INTO contents (blob, size, refs, subject, from_addr, to_addr, cc_addr, \
                 message_id, sent_date, structure, indexed, sent_day, thread_refs, \
                 sort_subject, thread_subject, thread_reply) \
               VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9, $15, $10, $11, $12, $13, $14) \
               ON CONFLICT (blob) DO UPDATE \
                 SET structure = coalesce(contents.structure, EXCLUDED.structure) \
               RETURNING id, xmax = 0 AS inserted), \
             untombed AS (DELETE FROM blob_tombstones WHERE blob = $1) ",
            $inline,
            "SELECT id, inserted FROM content"
        )
    };
}
const UPSERT_CONTENT: &str = upsert_content!("");
const UPSERT_CONTENT_INLINE: &str = upsert_content!(
    ", inline AS (INSERT INTO inline_blobs (blob, data) VALUES ($1, $16) \
       ON CONFLICT (blob) DO UPDATE SET data = EXCLUDED.data) "
);

/// Finds or creates the content row for a blob, in one upsert that locks the row: a
/// concurrent expunge of the last copy (on any node) either finishes first (and the row is
/// made anew) or waits for this transaction (and sees its reference).
///
/// One round trip (a pipeline): the upsert with the inline bytes and the tombstone's removal
/// in one statement ([`UPSERT_CONTENT`]), then the search index. Those after the upsert find
/// the row by its blob (a content's key), and repeat for a content that existed what is
/// harmless to repeat: the same inline bytes, no tombstone (a content row has none), no
/// second index row (`DO NOTHING`).
pub(crate) async fn content_for(
    tx: &Tx<'_>,
    blobs: &Arc<dyn crate::blob::BlobStore>,
    blob: &StoredBlob,
    raw: &Arc<[u8]>,
    meta: &MessageMeta,
) -> PgResult<i64> {
    let structure = meta.structure.as_ref().map(MessageStructure::to_json);
    // SORT's and THREAD's keys of the subject (migration 3), as SQLite stores them.
    let keys = crate::subject::SubjectKeys::of(meta.subject.as_deref());
    let size = blob.size as i64;
    // Indexed in this transaction when the caller parsed the text (else by the backlog).
    let indexed = meta.body_text.is_some();
    let bytes: &[u8] = raw;
    let upsert: &[&(dyn ToSql + Sync)] = &[
        &blob.hash,
        &size,
        &meta.subject,
        &meta.from,
        &meta.to,
        &meta.cc,
        &meta.message_id,
        &meta.sent_date,
        &structure,
        &meta.sent_day,
        &meta.thread_refs,
        &keys.sort,
        &keys.thread,
        &keys.reply,
        &indexed,
        &bytes,
    ];
    let by_hash: &[&(dyn ToSql + Sync)] = &[&blob.hash];
    let index = meta
        .body_text
        .as_deref()
        .map(|body| super::search::IndexRow::new(meta, body));
    let index_params = index.as_ref().map(|row| row.params(&blob.hash));
    let mut queries: Vec<Piped<'_>> = Vec::with_capacity(5);
    if !blob.inline {
        // Shared with other deliveries of this blob; a sweep removing it holds it alone
        // (see `sweep_blobs`): the file checked below stays until this COMMIT.
        queries.push((
            "SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))",
            by_hash,
        ));
    }
    let upsert_at = queries.len();
    queries.push(if blob.inline {
        (UPSERT_CONTENT_INLINE, upsert)
    } else {
        (UPSERT_CONTENT, &upsert[..15])
    });
    if let Some(params) = &index_params {
        queries.push((super::search::INDEX_NEW_CONTENT, params));
    }
    let answers = tx.pipeline(&queries).await?;
    let Some(row) = answers.get(upsert_at).and_then(|rows| rows.first()) else {
        return Err(StorageError::Invalid("the content's upsert returned no row".into()).into());
    };
    let (id, inserted): (i64, bool) = (row.get(0), row.get(1));
    if inserted && !blob.inline {
        // Swept since it was staged (its last reference went, and a sweep ran): again
        // (put is durable on return). Blob I/O blocks (a file's fsync, an S3 request):
        // on a blocking thread, never on the runtime's workers, which serve every
        // other query of this node meanwhile.
        let (store, hash, bytes) = (blobs.clone(), blob.hash.clone(), raw.clone());
        tokio::task::spawn_blocking(move || -> Result<()> {
            if !store.exists(&hash)? {
                store.put(&hash, &bytes)?;
            }
            Ok(())
        })
        .await
        .map_err(|e| {
            StorageError::backend(crate::ErrorKind::Internal, "blob store", e.to_string())
        })??;
    }
    Ok(id)
}

/// A new message row, in one statement: its mailbox takes the next UID and MODSEQ (its row
/// locked until COMMIT), its content gains a reference, its account is charged (returning
/// what the quota check needs). No row comes back when the mailbox or the account is missing.
/// One statement, not three: PostgreSQL's CPU per delivery is mostly per statement (a
/// bind, an execute, a reply sent), not per row (issue 23's profile).
const INSERT_MESSAGE: &str = "WITH next AS (\
       UPDATE mailboxes SET uidnext = uidnext + 1, highest_modseq = highest_modseq + 1 \
       WHERE id = $1 RETURNING uidnext - 1 AS uid, uidvalidity, highest_modseq), \
     added AS (\
       INSERT INTO messages (mailbox_id, uid, content_id, flags, keywords, modseq, \
         internal_date, save_date) \
       SELECT $1, uid, $2, $3, $4, highest_modseq, $5, $6 FROM next \
       WHERE uid <= 4294967295), \
     referenced AS (UPDATE contents SET refs = refs + 1 WHERE id = $2), \
     charged AS (\
       UPDATE accounts SET used_bytes = used_bytes + $7, used_messages = used_messages + 1 \
       WHERE id = $8 \
       RETURNING used_bytes, quota_bytes, address, quota_messages, used_messages) \
     SELECT uid, uidvalidity, highest_modseq, \
       used_bytes, quota_bytes, address, quota_messages, used_messages \
     FROM next, charged";

/// Adds one message of a stored content to a mailbox (locked before) and charges its
/// account, in one statement ([`INSERT_MESSAGE`]). With `enforce_quota`, refuses (and the
/// transaction is rolled back) when the account had no room for it.
#[allow(clippy::too_many_arguments)]
async fn insert_message(
    tx: &Tx<'_>,
    account: AccountId,
    mailbox: MailboxId,
    content: i64,
    size: u64,
    flags: Flags,
    keywords: Option<&str>,
    internal_date: i64,
    enforce_quota: bool,
) -> PgResult<(Delivered, Change)> {
    let (size, flags, now) = (size as i64, i64::from(flags.0), crate::now());
    let row = tx
        .query_opt(
            INSERT_MESSAGE,
            &[
                &mailbox,
                &content,
                &flags,
                &keywords,
                &internal_date,
                &now,
                &size,
                &account,
            ],
        )
        .await?;
    let Some(row) = row else {
        return Err(StorageError::not_found("mailbox or account", account.to_string()).into());
    };
    let uid: i64 = row.get(0);
    if uid > i64::from(u32::MAX) {
        return Err(
            StorageError::Conflict("mailbox has used up its UIDs; recreate it".into()).into(),
        );
    }
    let (uid, uidvalidity, modseq) = (
        uid as u32,
        row.get::<_, i64>(1) as u32,
        row.get::<_, i64>(2) as u64,
    );
    let used_bytes = row.get::<_, i64>(3);
    let quota_bytes = row.get::<_, Option<i64>>(4).map(|v| v.max(0) as u64);
    if enforce_quota {
        // What the account held before this message.
        let before = QuotaUsage {
            limit: crate::Quota {
                bytes: quota_bytes,
                messages: row.get::<_, Option<i64>>(6).map(|v| v.max(0) as u64),
            },
            used_bytes: (used_bytes - size).max(0) as u64,
            used_messages: (row.get::<_, i64>(7) - 1).max(0) as u64,
        };
        if let Some(detail) = before.would_exceed(size as u64, 1) {
            return Err(StorageError::OverQuota {
                address: row.get(5),
                detail,
            }
            .into());
        }
    }
    Ok((
        Delivered {
            account,
            mailbox,
            uid,
            uidvalidity,
            modseq,
            used_bytes: used_bytes.max(0) as u64,
            quota_bytes,
        },
        Change::Appended {
            mailbox,
            uid,
            modseq,
        },
    ))
}

/// Drops `count` references to a content row; the last one removes the row and its inline
/// bytes, and marks a blob file for the delayed sweep (never removed at once: another node
/// may be delivering the same content, its file written, its row not yet committed).
pub(crate) async fn release_content_refs(tx: &Tx<'_>, content: i64, count: i64) -> PgResult<()> {
    let refs: i64 = tx
        .query_one(
            "UPDATE contents SET refs = refs - $2 WHERE id = $1 RETURNING refs",
            &[&content, &count],
        )
        .await?
        .get(0);
    if refs <= 0 {
        let hash: String = tx
            .query_one(
                "DELETE FROM contents WHERE id = $1 RETURNING blob",
                &[&content],
            )
            .await?
            .get(0);
        tx.execute(
            "UPDATE document_recipients SET content_id = NULL WHERE content_id = $1",
            &[&content],
        )
        .await?;
        let inline = tx
            .execute("DELETE FROM inline_blobs WHERE blob = $1", &[&hash])
            .await?;
        if inline == 0 {
            tx.execute(
                "INSERT INTO blob_tombstones (blob, at) VALUES ($1, $2) \
                 ON CONFLICT (blob) DO UPDATE SET at = EXCLUDED.at",
                &[&hash, &crate::now()],
            )
            .await?;
        }
    }
    Ok(())
}

/// Removes message rows (the mailbox already locked), records them as expunged with one new
/// MODSEQ, refunds the quota and releases contents. Returns that MODSEQ, or 0 when none of
/// the UIDs existed.
async fn remove_messages(
    tx: &Tx<'_>,
    notes: &mut Notes,
    account: AccountId,
    mailbox: MailboxId,
    uids: &[u32],
    record_expunge: bool,
) -> PgResult<u64> {
    if uids.is_empty() {
        return Ok(0);
    }
    let mut removed: Vec<(u32, i64, i64)> = tx
        .query(
            "DELETE FROM messages m WHERE m.mailbox_id = $1 AND m.uid = ANY($2) \
             RETURNING m.uid, m.content_id, (SELECT size FROM contents WHERE id = m.content_id)",
            &[&mailbox, &uid_list(uids)],
        )
        .await?
        .iter()
        .map(|r| (r.get::<_, i64>(0) as u32, r.get(1), r.get(2)))
        .collect();
    if removed.is_empty() {
        return Ok(0);
    }
    removed.sort_unstable_by_key(|&(uid, _, _)| uid);
    let modseq = bump_modseq(tx, mailbox).await?;
    let mut refs: BTreeMap<i64, i64> = BTreeMap::new();
    let mut freed_bytes = 0i64;
    for &(_, content, size) in &removed {
        *refs.entry(content).or_default() += 1;
        freed_bytes += size;
    }
    // Content rows in id order (the BTreeMap's): the lock order of the module's text.
    for (content, count) in refs {
        release_content_refs(tx, content, count).await?;
    }
    let gone: Vec<u32> = removed.iter().map(|&(uid, _, _)| uid).collect();
    if record_expunge {
        tx.execute(
            "INSERT INTO expunged (mailbox_id, uid, modseq) \
             SELECT $1, u, $3 FROM unnest($2::bigint[]) AS u \
             ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = EXCLUDED.modseq",
            &[&mailbox, &uid_list(&gone), &(modseq as i64)],
        )
        .await?;
        for &uid in &gone {
            notes.push((
                account,
                Change::Expunged {
                    mailbox,
                    uid,
                    modseq,
                },
            ));
        }
    }
    charge(tx, account, -freed_bytes, -(gone.len() as i64)).await?;
    Ok(modseq)
}

async fn all_uids(c: &impl Queries, mailbox: MailboxId) -> PgResult<Vec<u32>> {
    Ok(c.query(
        "SELECT uid FROM messages WHERE mailbox_id = $1 ORDER BY uid",
        &[&mailbox],
    )
    .await?
    .iter()
    .map(|r| r.get::<_, i64>(0) as u32)
    .collect())
}

/// Removes every message of a mailbox (mailbox deletion, account purge).
pub(crate) async fn remove_all(
    tx: &Tx<'_>,
    notes: &mut Notes,
    account: AccountId,
    mailbox: MailboxId,
) -> PgResult<()> {
    lock(tx, &[mailbox], &[account]).await?;
    let uids = all_uids(tx, mailbox).await?;
    remove_messages(tx, notes, account, mailbox, &uids, true).await?;
    Ok(())
}

/// Moves every message of one mailbox into another of the same account (RENAME INBOX).
pub(crate) async fn move_all(
    tx: &Tx<'_>,
    notes: &mut Notes,
    account: AccountId,
    from: MailboxId,
    to: MailboxId,
) -> PgResult<()> {
    lock(tx, &[from, to], &[account]).await?;
    let uids = all_uids(tx, from).await?;
    copy_messages(tx, notes, from, &uids, account, to, false).await?;
    remove_messages(tx, notes, account, from, &uids, true).await?;
    Ok(())
}

/// Moves messages of `account`'s mailbox `from` into its mailbox `to` (recall: into the
/// hidden recall mailbox), no quota charged twice; each source message an expunge sessions
/// see. Locks both mailboxes and the account.
pub(crate) async fn move_within(
    tx: &Tx<'_>,
    notes: &mut Notes,
    account: AccountId,
    from: MailboxId,
    uids: &[u32],
    to: MailboxId,
) -> PgResult<()> {
    lock(tx, &[from, to], &[account]).await?;
    copy_messages(tx, notes, from, uids, account, to, false).await?;
    remove_messages(tx, notes, account, from, uids, true).await?;
    Ok(())
}

/// Removes messages for good (recall's purge of its hidden mailbox): no expunge recorded,
/// as SQLite's purge. Locks the mailbox and the account. Returns the MODSEQ of the removal
/// (0 when none of the UIDs existed).
pub(crate) async fn remove_uids(
    tx: &Tx<'_>,
    notes: &mut Notes,
    account: AccountId,
    mailbox: MailboxId,
    uids: &[u32],
) -> PgResult<u64> {
    lock(tx, &[mailbox], &[account]).await?;
    remove_messages(tx, notes, account, mailbox, uids, false).await
}

/// Copies messages (the mailboxes and the account already locked); the copies share the
/// content and are charged to `account`, the destination's owner.
async fn copy_messages(
    tx: &Tx<'_>,
    notes: &mut Notes,
    from: MailboxId,
    uids: &[u32],
    account: AccountId,
    to: MailboxId,
    enforce_quota: bool,
) -> PgResult<Vec<(u32, u32)>> {
    let rows: Vec<(u32, i64, i64, i64, Option<String>, i64)> = tx
        .query(
            "SELECT m.uid, m.content_id, c.size, m.flags, m.keywords, m.internal_date \
             FROM messages m JOIN contents c ON c.id = m.content_id \
             WHERE m.mailbox_id = $1 AND m.uid = ANY($2) ORDER BY m.uid",
            &[&from, &uid_list(uids)],
        )
        .await?
        .iter()
        .map(|r| {
            (
                r.get::<_, i64>(0) as u32,
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
            )
        })
        .collect();
    // In the order the client named them (COPYUID pairs them up in that order).
    let position: std::collections::HashMap<u32, usize> = uids
        .iter()
        .enumerate()
        .map(|(i, &u)| (u, i))
        .rev()
        .collect();
    let mut rows = rows;
    rows.sort_by_key(|r| position.get(&r.0).copied().unwrap_or(usize::MAX));
    if enforce_quota {
        let total: i64 = rows.iter().map(|r| r.2).sum();
        let (address, usage) = quota_of(tx, account).await?;
        if let Some(detail) = usage.would_exceed(total.max(0) as u64, rows.len() as u64) {
            return Err(StorageError::OverQuota { address, detail }.into());
        }
    }
    let mut mapping = Vec::with_capacity(rows.len());
    for (uid, content, size, flags, keywords, internal_date) in rows {
        let (d, change) = insert_message(
            tx,
            account,
            to,
            content,
            size.max(0) as u64,
            Flags(flags as u8),
            keywords.as_deref(),
            internal_date,
            false,
        )
        .await?;
        notes.push((account, change));
        mapping.push((uid, d.uid));
    }
    Ok(mapping)
}

/// The targets' mailboxes that exist (`$1` accounts, `$2` names, `$3` the targets' indexes),
/// found and locked in id order (see the module's text) in one statement. PostgreSQL plans
/// it again at each run (the arrays' lengths vary): one target takes [`FIND_AND_LOCK_ONE`].
const FIND_AND_LOCK: &str = "SELECT m.id, t.i FROM mailboxes m \
     JOIN unnest($1::bigint[], $2::text[], $3::int[]) AS t(account_id, name, i) \
       ON m.account_id = t.account_id AND m.name = t.name \
     ORDER BY m.id FOR NO KEY UPDATE OF m";

/// [`FIND_AND_LOCK`] for one target, with its account's row (locked after the mailbox's, as
/// the module's order says), in a statement planned once per connection (the planning was a
/// tenth of PostgreSQL's CPU per delivery).
const FIND_AND_LOCK_ONE: &str = "SELECT m.id, 0::int FROM mailboxes m \
     JOIN accounts a ON a.id = m.account_id \
     WHERE m.account_id = $1 AND m.name = $2 FOR NO KEY UPDATE OF m, a";

/// Adds one stored content to every target's mailbox; returns the content's id too.
///
/// Three round trips whatever the number of targets, in the usual case: the targets'
/// mailboxes found and locked, the content (`content_of`), then every target's message row
/// and charge at once. A mailbox to create, an INBOX instead of a missing one, or several
/// accounts take one more each.
pub(crate) async fn deliver_in(
    tx: &Tx<'_>,
    notes: &mut Notes,
    content_of: impl std::future::Future<Output = PgResult<i64>>,
    size: u64,
    internal_date: i64,
    targets: &[DeliveryTarget],
) -> PgResult<(i64, Vec<Delivered>)> {
    let names = targets
        .iter()
        .map(|t| crate::mailbox::normalize_name(&t.mailbox))
        .collect::<Result<Vec<_>>>()?;
    let accounts: Vec<AccountId> = targets.iter().map(|t| t.account).collect();
    let indexes: Vec<i32> = (0..targets.len() as i32).collect();
    let mut found: Vec<Option<MailboxId>> = vec![None; targets.len()];
    let rows = match (&accounts[..], &names[..]) {
        ([account], [name]) => tx.query(FIND_AND_LOCK_ONE, &[account, name]).await?,
        _ => {
            tx.query(FIND_AND_LOCK, &[&accounts, &names, &indexes])
                .await?
        }
    };
    for row in rows {
        if let Some(slot) = usize::try_from(row.get::<_, i32>(1))
            .ok()
            .and_then(|i| found.get_mut(i))
        {
            *slot = Some(row.get(0));
        }
    }
    let mut mailboxes = Vec::with_capacity(targets.len());
    let mut late = Vec::new();
    for ((target, name), found) in targets.iter().zip(&names).zip(found) {
        let mailbox = match found {
            Some(id) => id,
            None if target.create => {
                let id =
                    super::mailbox::insert_mailbox(tx, target.account, name, None, crate::now())
                        .await?;
                // Sieve's `fileinto :create` (RFC 5490 §3.2): subscribed, as Store does.
                super::mailbox::subscribe(tx, target.account, name).await?;
                notes.push((target.account, Change::MailboxesChanged));
                id
            }
            None => {
                let id = mailbox_id(tx, target.account, INBOX).await?;
                late.push(id);
                id
            }
        };
        mailboxes.push(mailbox);
    }
    // The accounts, after the mailboxes and before the content (one target's is locked
    // already). An INBOX taken instead is locked after the others, out of id order: rare (a
    // Sieve folder deleted meanwhile), and a deadlock it might cause is retried whole (`in_tx!`).
    let owners: &[AccountId] = if targets.len() > 1 { &accounts } else { &[] };
    if !late.is_empty() || !owners.is_empty() {
        lock(tx, &late, owners).await?;
    }
    let content = content_of.await?;
    let keywords: Vec<Option<String>> =
        targets.iter().map(|t| join_keywords(&t.keywords)).collect();
    let rows = join_in_order(
        targets
            .iter()
            .zip(&mailboxes)
            .zip(&keywords)
            .map(|((target, &mailbox), keywords)| {
                insert_message(
                    tx,
                    target.account,
                    mailbox,
                    content,
                    size,
                    target.flags,
                    keywords.as_deref(),
                    internal_date,
                    target.enforce_quota,
                )
            })
            .collect(),
    )
    .await;
    let mut delivered = Vec::with_capacity(targets.len());
    for row in rows {
        let (d, change) = row?;
        notes.push((d.account, change));
        delivered.push(d);
    }
    Ok((content, delivered))
}

pub(crate) fn check_keywords(keywords: &[String]) -> Result<()> {
    keywords.iter().try_for_each(|k| check_keyword(k))
}

const INFO_COLUMNS: &str = "m.uid, m.flags, m.keywords, m.modseq, m.internal_date, c.size, \
     c.blob, c.subject, c.from_addr, c.to_addr, c.cc_addr, c.message_id, c.sent_date";

fn info_row(r: &Row, with_structure: bool) -> (MessageInfo, Option<String>) {
    (
        MessageInfo {
            uid: r.get::<_, i64>(0) as u32,
            flags: Flags(r.get::<_, i64>(1) as u8),
            keywords: split_keywords(r.get(2)),
            modseq: r.get::<_, i64>(3) as u64,
            internal_date: r.get(4),
            size: r.get::<_, i64>(5).max(0) as u64,
            blob: r.get(6),
            meta: MessageMeta {
                subject: r.get(7),
                from: r.get(8),
                to: r.get(9),
                cc: r.get(10),
                message_id: r.get(11),
                thread_refs: None,
                sent_date: r.get(12),
                sent_day: r.get(13),
                structure: None,
                body_text: None,
                header_text: None,
            },
            structure: None,
        },
        if with_structure { r.get(14) } else { None },
    )
}

impl PgBackend {
    /// Stages the bytes: a small message is kept for the transaction (`inline_blobs`), a
    /// larger one is written (and its directory synced) before it.
    pub(crate) fn stage(&self, raw: &[u8]) -> Result<StoredBlob> {
        let blob = crate::blob::stage(&**self.blobs(), 0, raw)?;
        if !blob.inline && blob.created {
            self.blobs()
                .sync(&mut std::iter::once(blob.hash.as_str()))?;
        }
        Ok(blob)
    }

    pub(crate) fn blob_bytes(&self, hash: &str) -> Result<Vec<u8>> {
        let key = hash.to_string();
        let inline = self.read(move |c| async move {
            Ok(
                c.query_opt("SELECT data FROM inline_blobs WHERE blob = $1", &[&key])
                    .await?
                    .map(|r| r.get::<_, Vec<u8>>(0)),
            )
        })?;
        match inline {
            Some(bytes) => Ok(bytes),
            None => Ok(self.blobs().get(hash)?),
        }
    }
}

impl PgBackend {
    /// One delivery for the writer: its keywords checked, room on the local disks held
    /// (until the guard is dropped, after COMMIT: see `runtime`), its blob staged; and its
    /// texts for the search index, held until it has committed (see `search::HeldIndex`).
    pub(crate) fn delivery(
        &self,
        raw: Arc<[u8]>,
        mut meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<crate::queue::NewQueueEntry>,
    ) -> Result<(
        crate::space::Room<'_>,
        super::writer::Delivery,
        Option<Held>,
    )> {
        if self.inner.closed.load(std::sync::atomic::Ordering::Acquire) {
            return Err(StorageError::WriterGone);
        }
        for target in &targets {
            check_keywords(&target.keywords)?;
        }
        let room = self.claim_room(raw.len() as u64)?;
        let blob = self.stage(&raw)?;
        let held = Held::take(&mut meta);
        let delivery = super::writer::Delivery {
            blob,
            raw,
            meta,
            internal_date,
            targets,
            outbound,
        };
        Ok((room, delivery, held))
    }

    /// A committed delivery's changes published to this node's sessions, its texts handed
    /// to the search index; its messages and queue entry.
    pub(crate) fn delivered(
        &self,
        done: super::writer::Done,
        held: Option<Held>,
    ) -> (Vec<Delivered>, Option<crate::queue::QueueId>) {
        self.publish(done.notes);
        if let Some(held) = held {
            self.held_index().push(done.content, held);
        }
        (done.delivered, done.queued)
    }
}

impl Messages for PgBackend {
    /// Delivers one message to many mailboxes in one transaction (see `Store::deliver`),
    /// committed with the deliveries arriving at the same time (see `writer`).
    fn deliver(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
    ) -> Result<Vec<Delivered>> {
        let (_room, delivery, held) = self.delivery(raw, meta, internal_date, targets, None)?;
        let done = self.writer().deliver(delivery)?;
        Ok(self.delivered(done, held).0)
    }

    /// IMAP APPEND (see `Store::append`).
    fn append(
        &self,
        account: AccountId,
        mailbox: &str,
        raw: Arc<[u8]>,
        flags: Flags,
        keywords: Vec<String>,
        internal_date: i64,
    ) -> Result<Delivered> {
        let message = NewMessage {
            raw,
            flags,
            keywords,
            internal_date,
        };
        self.append_many(account, mailbox, vec![message], None)?
            .pop()
            .ok_or_else(|| StorageError::Invalid("nothing appended".into()))
    }

    /// MULTIAPPEND and REPLACE (see `Store::append_many`): one transaction, one quota check
    /// for the sum, consecutive UIDs.
    fn append_many(
        &self,
        account: AccountId,
        mailbox: &str,
        messages: Vec<NewMessage>,
        replace: Option<Replaced>,
    ) -> Result<Vec<Delivered>> {
        if messages.is_empty() {
            return Err(StorageError::Invalid("no message to append".into()));
        }
        for m in &messages {
            check_keywords(&m.keywords)?;
        }
        let name = crate::mailbox::normalize_name(mailbox)?;
        let total: u64 = messages.iter().map(|m| m.raw.len() as u64).sum();
        // Before any blob is written: the mailbox exists and the quota has room.
        {
            let name = name.clone();
            let count = messages.len() as u64;
            self.read(move |c| async move {
                mailbox_id(&c, account, &name).await?;
                if replace.is_some() {
                    return Ok(());
                }
                let (address, usage) = quota_of(&c, account).await?;
                match usage.would_exceed(total, count) {
                    Some(detail) => Err(StorageError::OverQuota { address, detail }.into()),
                    None => Ok(()),
                }
            })?;
        }
        let _room = self.claim_room(total)?;
        let mut staged = Vec::with_capacity(messages.len());
        // Indexed after COMMIT, with other deliveries' (see `search::HeldIndex`).
        let mut held = Vec::with_capacity(messages.len());
        for m in messages {
            let blob = self.stage(&m.raw)?;
            let mut meta = MessageMeta::parse(&m.raw);
            held.push(Held::take(&mut meta));
            staged.push((blob, meta, m));
        }
        let blobs = self.blobs().clone();
        let (contents, delivered) = pg_write!(self, |tx, notes| {
            let target = mailbox_id(&tx, account, &name).await?;
            let mut written = vec![target];
            let mut owners = vec![account];
            if let Some(r) = replace {
                written.push(r.mailbox);
                owners.push(r.owner);
            }
            lock(&tx, &written, &owners).await?;
            if let Some(r) = replace
                && remove_messages(&tx, &mut notes, r.owner, r.mailbox, &[r.uid], true).await? == 0
            {
                return Err(StorageError::Invalid(
                    "the message to replace has been expunged".into(),
                )
                .into());
            }
            let (address, usage) = quota_of(&tx, account).await?;
            if let Some(detail) = usage.would_exceed(total, staged.len() as u64) {
                return Err(StorageError::OverQuota { address, detail }.into());
            }
            let mut delivered = Vec::with_capacity(staged.len());
            let mut contents = Vec::with_capacity(staged.len());
            for (blob, meta, m) in &staged {
                let content = content_for(&tx, &blobs, blob, &m.raw, meta).await?;
                contents.push(content);
                let keywords = join_keywords(&m.keywords);
                let (d, change) = insert_message(
                    &tx,
                    account,
                    target,
                    content,
                    blob.size,
                    m.flags,
                    keywords.as_deref(),
                    m.internal_date,
                    false,
                )
                .await?;
                notes.push((account, change));
                delivered.push(d);
            }
            Ok((contents, delivered))
        })?;
        for (content, held) in contents.into_iter().zip(held) {
            if let Some(held) = held {
                self.held_index().push(content, held);
            }
        }
        Ok(delivered)
    }

    fn messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>> {
        self.changed_messages(account, mailbox, uids, 0, false)
    }

    /// In the order asked (as `Store`'s point lookups give them), leaving out missing ones.
    fn messages_by_uid(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: &[u32],
    ) -> Result<Vec<MessageInfo>> {
        let uids = uid_list(uids);
        self.read(move |c| async move {
            let sql = format!(
                "SELECT {INFO_COLUMNS}, c.sent_day \
                 FROM unnest($2::bigint[]) WITH ORDINALITY AS u(uid, ord) \
                 JOIN messages m ON m.mailbox_id = $1 AND m.uid = u.uid \
                 JOIN contents c ON c.id = m.content_id ORDER BY u.ord"
            );
            let rows = owned_then(&c, account, mailbox, c.query(&sql, &[&mailbox, &uids])).await?;
            Ok(rows.iter().map(|r| info_row(r, false).0).collect())
        })
    }

    fn messages_with_structure(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>> {
        self.changed_messages(account, mailbox, uids, 0, true)
    }

    fn changed_messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        with_structure: bool,
    ) -> Result<Vec<MessageInfo>> {
        let (first, last) = (i64::from(*uids.start()), i64::from(*uids.end()));
        let since = since.min(i64::MAX as u64) as i64;
        let rows = self.read(move |c| async move {
            let sql = format!(
                "SELECT {INFO_COLUMNS}, c.sent_day, {} \
                 FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = $1 AND m.uid BETWEEN $2 AND $3 \
                 AND m.modseq > $4 ORDER BY m.uid",
                if with_structure {
                    "c.structure"
                } else {
                    "NULL::text"
                }
            );
            let params: [&(dyn ToSql + Sync); 4] = [&mailbox, &first, &last, &since];
            let rows = owned_then(&c, account, mailbox, c.query(&sql, &params)).await?;
            Ok(rows
                .iter()
                .map(|r| info_row(r, with_structure))
                .collect::<Vec<_>>())
        })?;
        if !with_structure {
            return Ok(rows.into_iter().map(|(info, _)| info).collect());
        }
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
            let written = pg_write!(self, |tx, notes| {
                for (hash, json) in &computed {
                    tx.execute(
                        "UPDATE contents SET structure = $1 WHERE blob = $2",
                        &[json, hash],
                    )
                    .await?;
                }
                Ok(())
            });
            if let Err(e) = written {
                tracing::warn!(error = %e, "message structures not stored");
            }
        }
        Ok(out)
    }

    /// Calls `each` with the flag rows of the messages in `uids` whose MODSEQ is above
    /// `since`, in UID order. (The rows are read whole, then handed out: the callback runs on
    /// the caller's thread, never on the backend's runtime.)
    fn each_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        each: &mut dyn FnMut(FlagRow<'_>),
    ) -> Result<()> {
        let (first, last) = (i64::from(*uids.start()), i64::from(*uids.end()));
        let since = since.min(i64::MAX as u64) as i64;
        let rows = self.read(move |c| async move {
            let params: [&(dyn ToSql + Sync); 4] = [&mailbox, &first, &last, &since];
            let query = c.query(
                "SELECT uid, flags, keywords, modseq, internal_date FROM messages \
                 WHERE mailbox_id = $1 AND uid BETWEEN $2 AND $3 AND modseq > $4 ORDER BY uid",
                &params,
            );
            owned_then(&c, account, mailbox, query).await
        })?;
        for r in &rows {
            each(FlagRow {
                uid: r.get::<_, i64>(0) as u32,
                flags: Flags(r.get::<_, i64>(1) as u8),
                keywords: r.get::<_, Option<&str>>(2).unwrap_or(""),
                modseq: r.get::<_, i64>(3) as u64,
                internal_date: r.get(4),
            });
        }
        Ok(())
    }

    fn read_content_range(&self, blob: &str, range: std::ops::Range<u64>) -> Result<Vec<u8>> {
        let hash = blob.to_string();
        let start = range.start.min(i32::MAX as u64) as i32;
        let len = range.end.saturating_sub(range.start).min(i32::MAX as u64) as i32;
        let inline = self.read(move |c| async move {
            Ok(c.query_opt(
                "SELECT substring(data FROM $2 + 1 FOR $3) FROM inline_blobs WHERE blob = $1",
                &[&hash, &start, &len],
            )
            .await?
            .map(|r| r.get::<_, Vec<u8>>(0)))
        })?;
        match inline {
            Some(bytes) => Ok(bytes),
            None => Ok(self.blobs().get_range(blob, range)?),
        }
    }

    fn uids(&self, account: AccountId, mailbox: MailboxId) -> Result<Vec<u32>> {
        self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            all_uids(&c, mailbox).await
        })
    }

    fn message_keys(&self, account: AccountId, mailbox: MailboxId) -> Result<HashSet<MessageKey>> {
        self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            let rows = c
                .query(
                    "SELECT c.message_id, c.sent_date, c.size FROM messages m \
                     JOIN contents c ON c.id = m.content_id WHERE m.mailbox_id = $1",
                    &[&mailbox],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get::<_, i64>(2).max(0) as u64))
                .collect())
        })
    }

    fn read_message(&self, account: AccountId, mailbox: MailboxId, uid: u32) -> Result<Vec<u8>> {
        let hash: String = self.read(move |c| async move {
            let uid = i64::from(uid);
            let params: [&(dyn ToSql + Sync); 2] = [&mailbox, &uid];
            let query = c.query_opt(
                "SELECT c.blob FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = $1 AND m.uid = $2",
                &params,
            );
            match owned_then(&c, account, mailbox, query).await? {
                Some(r) => Ok(r.get(0)),
                None => Err(StorageError::not_found("message", uid.to_string()).into()),
            }
        })?;
        self.blob_bytes(&hash)
    }

    /// STORE (see `Store::set_flags`): all changed messages get one new MODSEQ, taken under
    /// the mailbox's lock; the rows are read under that lock too, so UNCHANGEDSINCE compares
    /// with what no other node can change before COMMIT.
    fn set_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: Vec<u32>,
        change: FlagChange,
    ) -> Result<FlagUpdate> {
        check_keywords(&change.keywords)?;
        let wanted = uid_list(&uids);
        let (update, receipt_due) = pg_write!(self, |tx, notes| {
            // The mailbox locked if it is the account's (as `owned` and `lock` do), and its
            // rows read, in one round trip.
            let mut answers = tx
                .pipeline(&[
                    (
                        "SELECT 1 FROM mailboxes WHERE id = $1 AND account_id = $2 \
                         FOR NO KEY UPDATE",
                        &[&mailbox, &account],
                    ),
                    (
                        "SELECT uid, flags, keywords, modseq FROM messages \
                         WHERE mailbox_id = $1 AND uid = ANY($2) ORDER BY uid",
                        &[&mailbox, &wanted],
                    ),
                ])
                .await?
                .into_iter();
            if answers.next().is_none_or(|r| r.is_empty()) {
                return Err(StorageError::not_found("mailbox", mailbox.to_string()).into());
            }
            let rows = answers.next().unwrap_or_default();
            let mut update = FlagUpdate::default();
            // Official documents read for the first time (`tracking`, as Store does).
            let mut first_reads: Vec<u32> = Vec::new();
            let mut groups: BTreeMap<(u8, Option<String>), Vec<u32>> = BTreeMap::new();
            for r in &rows {
                let uid = r.get::<_, i64>(0) as u32;
                let old_flags = Flags(r.get::<_, i64>(1) as u8);
                let old_keywords = split_keywords(r.get(2));
                let old_modseq = r.get::<_, i64>(3) as u64;
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
                    continue;
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
            let modseq = bump_modseq(&tx, mailbox).await?;
            for ((flags, keywords), group) in &groups {
                tx.execute(
                    "UPDATE messages SET flags = $1, keywords = $2, modseq = $3 \
                     WHERE mailbox_id = $4 AND uid = ANY($5)",
                    &[
                        &i64::from(*flags),
                        keywords,
                        &(modseq as i64),
                        &mailbox,
                        &uid_list(group),
                    ],
                )
                .await?;
                for &uid in group {
                    update.changed.push((
                        uid,
                        Flags(*flags),
                        split_keywords(keywords.clone()),
                        modseq,
                    ));
                    notes.push((
                        account,
                        Change::FlagsChanged {
                            mailbox,
                            uid,
                            modseq,
                        },
                    ));
                }
            }
            update.changed.sort_unstable_by_key(|c| c.0);
            let receipt_due = !first_reads.is_empty()
                && note_read(&tx, account, mailbox, &first_reads, crate::now()).await?;
            Ok((update, receipt_due))
        })?;
        if receipt_due {
            self.receipts_notify().notify_one();
        }
        Ok(update)
    }

    fn expunge(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        only: Option<Vec<u32>>,
    ) -> Result<Expunge> {
        pg_write!(self, |tx, notes| {
            owned(&tx, account, mailbox).await?;
            lock(&tx, &[mailbox], &[account]).await?;
            let mut uids: Vec<u32> = tx
                .query(
                    "SELECT uid FROM messages WHERE mailbox_id = $1 AND flags & 8 != 0 \
                     ORDER BY uid",
                    &[&mailbox],
                )
                .await?
                .iter()
                .map(|r| r.get::<_, i64>(0) as u32)
                .collect();
            if let Some(only) = &only {
                let only: HashSet<u32> = only.iter().copied().collect();
                uids.retain(|uid| only.contains(uid));
            }
            remove_messages(&tx, &mut notes, account, mailbox, &uids, true).await?;
            Ok(Expunge {
                uids,
                highest_modseq: highest_modseq(&tx, mailbox).await?,
            })
        })
    }

    fn copy(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>> {
        self.copy_across((account, from), uids, (account, to))
    }

    fn copy_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>> {
        pg_write!(self, |tx, notes| {
            owned(&tx, from.0, from.1).await?;
            owned(&tx, to.0, to.1).await?;
            lock(&tx, &[from.1, to.1], &[to.0]).await?;
            copy_messages(&tx, &mut notes, from.1, &uids, to.0, to.1, true).await
        })
    }

    fn move_messages(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>> {
        self.move_across((account, from), uids, (account, to))
    }

    fn move_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>> {
        pg_write!(self, |tx, notes| {
            owned(&tx, from.0, from.1).await?;
            owned(&tx, to.0, to.1).await?;
            lock(&tx, &[from.1, to.1], &[from.0, to.0]).await?;
            let mapping =
                copy_messages(&tx, &mut notes, from.1, &uids, to.0, to.1, from.0 != to.0).await?;
            let moved: Vec<u32> = mapping.iter().map(|(src, _)| *src).collect();
            remove_messages(&tx, &mut notes, from.0, from.1, &moved, true).await?;
            Ok(mapping)
        })
    }

    fn expunged_since(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        modseq: u64,
    ) -> Result<Vec<u32>> {
        let modseq = modseq.min(i64::MAX as u64) as i64;
        self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            Ok(c.query(
                "SELECT uid FROM expunged WHERE mailbox_id = $1 AND modseq > $2 ORDER BY uid",
                &[&mailbox, &modseq],
            )
            .await?
            .iter()
            .map(|r| r.get::<_, i64>(0) as u32)
            .collect())
        })
    }

    /// SORT's columns (see `sort`): the rows are read whole, then handed out on the caller's
    /// thread.
    fn each_sort_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        columns: crate::sort_keys::SortColumns,
        each: &mut dyn FnMut(crate::sort_keys::SortRow<'_>),
    ) -> Result<()> {
        let range = (i64::from(*uids.start()), i64::from(*uids.end()));
        let rows = self.read(move |c| async move {
            super::sort::sort_rows(&c, account, mailbox, range, &columns).await
        })?;
        let computed = super::sort::each_sort_row(&rows, &columns, each);
        if !computed.is_empty() {
            self.store_subject_keys(computed);
        }
        Ok(())
    }

    fn each_thread_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        each: &mut dyn FnMut(crate::thread::ThreadRowRef<'_>),
    ) -> Result<bool> {
        let range = (i64::from(*uids.start()), i64::from(*uids.end()));
        let rows = self.read(move |c| async move {
            super::sort::thread_ref_rows(&c, account, mailbox, range).await
        })?;
        Ok(super::sort::each_thread_row(&rows, each))
    }

    fn save_dates(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<(u32, Option<i64>)>> {
        let (first, last) = (i64::from(*uids.start()), i64::from(*uids.end()));
        self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            Ok(c.query(
                "SELECT uid, save_date FROM messages \
                 WHERE mailbox_id = $1 AND uid BETWEEN $2 AND $3 ORDER BY uid",
                &[&mailbox, &first, &last],
            )
            .await?
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u32, r.get(1)))
            .collect())
        })
    }

    /// Previews kept in `contents.preview`; those missing are made from the first
    /// `PREVIEW_READ` bytes (on the caller's thread) and written back, unless `lazy`.
    fn previews(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        lazy: bool,
    ) -> Result<std::collections::HashMap<u32, Option<String>>> {
        let (first, last) = (i64::from(*uids.start()), i64::from(*uids.end()));
        let rows: Vec<(u32, i64, String, Option<String>)> = self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            Ok(c.query(
                "SELECT m.uid, c.id, c.blob, c.preview FROM messages m \
                 JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = $1 AND m.uid BETWEEN $2 AND $3",
                &[&mailbox, &first, &last],
            )
            .await?
            .iter()
            .map(|r| (r.get::<_, i64>(0) as u32, r.get(1), r.get(2), r.get(3)))
            .collect())
        })?;
        let mut out = std::collections::HashMap::with_capacity(rows.len());
        let mut computed: std::collections::HashMap<i64, String> = Default::default();
        for (uid, content, blob, stored) in rows {
            let preview = match stored {
                Some(p) => Some(p),
                None if lazy => None,
                None => match computed.get(&content) {
                    Some(p) => Some(p.clone()),
                    None => {
                        let start = self.read_content_range(&blob, 0..PREVIEW_READ)?;
                        let p = crate::preview_of(&start);
                        computed.insert(content, p.clone());
                        Some(p)
                    }
                },
            };
            out.insert(uid, preview);
        }
        if !computed.is_empty() {
            self.store_computed(
                "UPDATE contents SET preview = $1 WHERE id = $2",
                computed.into_iter().collect(),
                "message previews",
            );
        }
        Ok(out)
    }

    /// THREAD's rows; references missing (contents stored before they were kept) are read
    /// from the blob's header once and written back, subject keys missing are computed from
    /// the stored subject.
    fn thread_rows(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<crate::thread::ThreadRow>> {
        let (first, last) = (i64::from(*uids.start()), i64::from(*uids.end()));
        let rows = self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            Ok(
                c.query(super::sort::THREAD_ROWS_SQL, &[&mailbox, &first, &last])
                    .await?,
            )
        })?;
        let (mut rows, missing, keys) = super::sort::thread_rows(&rows);
        if !keys.is_empty() {
            self.store_subject_keys(keys);
        }
        let mut computed: Vec<(String, String)> = Vec::new();
        for i in missing {
            let Some(row) = rows.get_mut(i) else { continue };
            let refs = match self.blob_bytes(&row.blob) {
                Ok(raw) => mail_parser::MessageParser::new()
                    .parse_headers(&raw)
                    .map(|m| crate::thread::thread_refs(&m))
                    .unwrap_or_default(),
                Err(e) => {
                    tracing::warn!(error = %e, blob = %row.blob, "no references for THREAD");
                    continue;
                }
            };
            row.refs = refs.split_ascii_whitespace().map(str::to_string).collect();
            computed.push((row.blob.clone(), refs));
        }
        if !computed.is_empty() {
            self.store_computed(
                "UPDATE contents SET thread_refs = $1 WHERE blob = $2",
                computed,
                "message references",
            );
        }
        Ok(rows)
    }
}

/// How long a blob no content refers to is kept before [`PgBackend::sweep_blobs`] removes it.
pub const BLOB_SWEEP_DELAY_SECS: i64 = 3600;

/// Bytes of a message read to make its preview (as SQLite's `preview::PREVIEW_READ`).
const PREVIEW_READ: u64 = 64 * 1024;

impl PgBackend {
    /// Removes the blob files whose last reference went more than `older_than` seconds ago
    /// and that no content row names again; returns how many. Safe with deliveries of the
    /// same content running on other nodes: each file is removed inside a transaction holding
    /// the blob's advisory lock alone, which a delivery creating its content row holds shared
    /// until its COMMIT (and a delivery that finds the file gone writes it again).
    pub fn sweep_blobs(&self, older_than: i64) -> Result<usize> {
        let due: Vec<String> = self.read(move |c| async move {
            Ok(c.query(
                "SELECT blob FROM blob_tombstones WHERE at <= $1 ORDER BY at LIMIT 1000",
                &[&(crate::now() - older_than)],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })?;
        let mut removed = 0;
        for hash in due {
            let blobs = self.blobs().clone();
            let gone = pg_write!(self, |tx, notes| {
                tx.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                    &[&hash],
                )
                .await?;
                let referenced = tx
                    .query_opt("SELECT 1 FROM contents WHERE blob = $1", &[&hash])
                    .await?
                    .is_some();
                let tombstone = tx
                    .execute("DELETE FROM blob_tombstones WHERE blob = $1", &[&hash])
                    .await?;
                if referenced || tombstone == 0 {
                    return Ok(false);
                }
                if let Err(e) = blobs.delete(&hash) {
                    // Only leaves an orphan for `govmail check --repair`.
                    tracing::warn!(blob = %hash, error = %e, "could not remove unreferenced blob");
                }
                Ok(true)
            })?;
            removed += usize::from(gone);
        }
        Ok(removed)
    }
}
