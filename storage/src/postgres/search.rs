//! Full-text search on PostgreSQL (migration 2), with the same methods as `Store`'s
//! (storage/src/search.rs): the same text in the same search form, found by substring through
//! pg_trgm's trigram indexes, so a search gives the UIDs SQLite's trigram FTS5 index gives.

use tokio_postgres::types::ToSql;

use super::pool::{Queries, Tx};

use super::mailbox::{both, owned_then};
use super::trigram::trigrams;
use super::{PgBackend, PgResult, pg_write};
use crate::backend::Search;
use crate::error::{Result, StorageError};
use crate::meta::MessageMeta;
use crate::search::TextField;
use crate::text::search_form;
use crate::types::{AccountId, MailboxId};

/// Contents indexed per transaction by the backlog.
const BACKLOG_BATCH: i64 = 200;

/// The condition on `s` (a search_index row) for `field`, with the pattern as `$2` and,
/// for the body, the needle's trigrams as `$3` (see [`uses_trigrams`]). A row indexed
/// before migration 6 may have no trigrams yet (see [`PgBackend::fill_trigrams`]): it is
/// tested by LIKE alone.
fn condition(field: TextField) -> &'static str {
    match field {
        TextField::Subject => "s.subject LIKE $2",
        TextField::From => "s.from_addr LIKE $2",
        TextField::To => "s.to_addr LIKE $2",
        TextField::Cc => "s.cc_addr LIKE $2",
        TextField::Body => "(s.body_trgm @> $3 OR s.body_trgm IS NULL) AND s.body LIKE $2",
        TextField::Any => {
            "(s.header LIKE $2 OR ((s.body_trgm @> $3 OR s.body_trgm IS NULL) \
             AND s.body LIKE $2))"
        }
    }
}

/// Whether [`condition`] takes the needle's trigrams.
fn uses_trigrams(field: TextField) -> bool {
    matches!(field, TextField::Body | TextField::Any)
}

/// `%needle%` with LIKE's own characters escaped (backslash is LIKE's default escape).
fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A content's row of the search index: its texts in search form, and its body's trigrams.
pub(crate) struct IndexRow<'a> {
    subject: String,
    from: String,
    to: String,
    cc: String,
    body: &'a str,
    header: &'a str,
    body_trgm: Vec<i32>,
}

impl<'a> IndexRow<'a> {
    pub(crate) fn new(meta: &'a MessageMeta, body: &'a str) -> IndexRow<'a> {
        let form = |s: &Option<String>| s.as_deref().map(search_form).unwrap_or_default();
        IndexRow {
            subject: form(&meta.subject),
            from: form(&meta.from),
            to: form(&meta.to),
            cc: form(&meta.cc),
            body,
            header: meta.header_text.as_deref().unwrap_or(""),
            body_trgm: trigrams(body),
        }
    }

    /// The parameters of [`INDEX_NEW_CONTENT`] (`key`: the blob) or of `index_content`'s
    /// statement (`key`: the content's id).
    pub(crate) fn params<'p>(&'p self, key: &'p (dyn ToSql + Sync)) -> [&'p (dyn ToSql + Sync); 8] {
        [
            key,
            &self.subject,
            &self.from,
            &self.to,
            &self.cc,
            &self.body,
            &self.header,
            &self.body_trgm,
        ]
    }
}

/// Indexes the content of blob `$1`, made in this transaction (its row says `indexed`
/// already); nothing when it is indexed already.
pub(crate) const INDEX_NEW_CONTENT: &str = "INSERT INTO search_index (content_id, subject, \
     from_addr, to_addr, cc_addr, body, header, body_trgm) \
     SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM contents WHERE blob = $1 \
     ON CONFLICT (content_id) DO NOTHING";

/// A trigram list as an `int4[]` literal, for a statement taking many (an array of
/// arrays of different lengths has no binary form: each goes as text, cast by the server).
fn array_literal(trigrams: &[i32]) -> String {
    let mut out = String::with_capacity(trigrams.len() * 11 + 2);
    out.push('{');
    for (i, t) in trigrams.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&t.to_string());
    }
    out.push('}');
    out
}

/// Contents committed by this node's deliveries but not yet in the search index, with their
/// texts, until the flusher writes them all in one transaction (every second, and before a
/// search of this node): one statement for many contents instead of one in each delivery's
/// transaction, and the trigram indexes' pending list merged by the flusher, not by a
/// delivery holding its mailboxes locked. SQLite's writer holds its own the same way
/// (`sqlite::db`'s `HeldIndex`). Their rows say `indexed = false` until then, so a search
/// on another node, or after this node stopped, indexes them from their blobs (the backlog).
#[derive(Default)]
pub(crate) struct HeldIndex {
    held: std::sync::Mutex<Vec<Held>>,
    /// Set once no row of the index lacks its body's trigrams (see
    /// [`PgBackend::fill_trigrams`]): none can lack them again.
    trigrams_filled: std::sync::atomic::AtomicBool,
}

/// One content's row of the search index, owned.
pub(crate) struct Held {
    id: i64,
    subject: String,
    from: String,
    to: String,
    cc: String,
    body: String,
    header: String,
}

/// Contents written to the index per statement at most.
const HELD_BATCH: usize = 500;

impl Held {
    /// The texts of `meta`, taken out of it (`body_text`, `header_text`): the caller's
    /// transaction then leaves the content to this held row.
    pub(crate) fn take(meta: &mut MessageMeta) -> Option<Held> {
        let body = meta.body_text.take()?;
        let form = |s: &Option<String>| s.as_deref().map(search_form).unwrap_or_default();
        Some(Held {
            id: 0,
            subject: form(&meta.subject),
            from: form(&meta.from),
            to: form(&meta.to),
            cc: form(&meta.cc),
            body,
            header: meta.header_text.take().unwrap_or_default(),
        })
    }
}

impl HeldIndex {
    /// Holds `row` for content `id`, committed.
    pub(crate) fn push(&self, id: i64, mut row: Held) {
        row.id = id;
        super::buffer::lock(&self.held).push(row);
    }
}

impl PgBackend {
    /// Writes the held contents into the search index and marks them indexed. Those deleted
    /// meanwhile are skipped; should a write fail, its contents stay unindexed for the
    /// backlog (the error is logged, not returned, but for a backend shut down).
    pub(crate) fn index_held(&self) -> Result<()> {
        loop {
            let batch: Vec<Held> = {
                let mut held = super::buffer::lock(&self.inner.held_index.held);
                let n = held.len().min(HELD_BATCH);
                held.drain(..n).collect()
            };
            if batch.is_empty() {
                return Ok(());
            }
            // In content order, as the backlog's batches (see `lock_contents`).
            let mut batch = batch;
            batch.sort_unstable_by_key(|h| h.id);
            let n = batch.len();
            let mut ids = Vec::with_capacity(n);
            let mut texts: [Vec<String>; 7] = Default::default();
            for h in batch {
                ids.push(h.id);
                // Made here, on the flusher's thread: off the delivery's path, and off the
                // database's CPU (see `trigram`).
                let body_trgm = array_literal(&trigrams(&h.body));
                for (column, text) in texts
                    .iter_mut()
                    .zip([h.subject, h.from, h.to, h.cc, h.body, h.header, body_trgm])
                {
                    column.push(text);
                }
            }
            let written = pg_write!(self, |tx, notes| {
                lock_contents(&tx, &ids).await?;
                tx.execute(
                    "INSERT INTO search_index (content_id, subject, from_addr, to_addr, cc_addr, \
                     body, header, body_trgm) \
                     SELECT u.id, u.subject, u.from_addr, u.to_addr, u.cc_addr, u.body, \
                       u.header, u.body_trgm::int4[] \
                     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], \
                       $5::text[], $6::text[], $7::text[], $8::text[]) \
                       AS u(id, subject, from_addr, to_addr, cc_addr, body, header, body_trgm) \
                     WHERE EXISTS (SELECT 1 FROM contents c WHERE c.id = u.id) \
                     ON CONFLICT (content_id) DO NOTHING",
                    &[
                        &ids, &texts[0], &texts[1], &texts[2], &texts[3], &texts[4], &texts[5],
                        &texts[6],
                    ],
                )
                .await?;
                tx.execute(
                    "UPDATE contents SET indexed = true WHERE id = ANY($1) AND NOT indexed",
                    &[&ids],
                )
                .await?;
                Ok(())
            });
            match written {
                Ok(()) => {}
                Err(StorageError::WriterGone) => return Err(StorageError::WriterGone),
                Err(e) => tracing::warn!(
                    error = %e,
                    contents = n,
                    "search index not written; the backlog will do it"
                ),
            }
        }
    }
}

/// Rows given their trigrams per transaction by [`PgBackend::fill_trigrams`].
const FILL_BATCH: i64 = 200;

impl PgBackend {
    /// Gives up to [`FILL_BATCH`] rows of the index written before migration 6 their body's
    /// trigrams (made from the body the row holds); how many (0: none is left, and the node
    /// stops asking). Run by the flusher every second. Every node may run it at once: a row
    /// is written only while it has none (READ COMMITTED checks that again on a row another
    /// node has just written).
    pub(crate) fn fill_trigrams(&self) -> Result<usize> {
        use std::sync::atomic::Ordering;
        let filled = &self.inner.held_index.trigrams_filled;
        if filled.load(Ordering::Acquire) {
            return Ok(0);
        }
        let rows = self.read(|c| async move {
            Ok(c.query(
                "SELECT content_id, body FROM search_index WHERE body_trgm IS NULL LIMIT $1",
                &[&FILL_BATCH],
            )
            .await?
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
            .collect::<Vec<_>>())
        })?;
        if rows.is_empty() {
            filled.store(true, Ordering::Release);
            return Ok(0);
        }
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        let made: Vec<String> = rows
            .iter()
            .map(|(_, body)| array_literal(&trigrams(body)))
            .collect();
        pg_write!(self, |tx, notes| {
            tx.execute(
                "UPDATE search_index s SET body_trgm = u.t::int4[] \
                 FROM unnest($1::bigint[], $2::text[]) AS u(id, t) \
                 WHERE s.content_id = u.id AND s.body_trgm IS NULL",
                &[&ids, &made],
            )
            .await?;
            Ok(())
        })?;
        Ok(rows.len())
    }
}

/// Locks the rows of `ids` (those still there) in `contents`, in id order, for the index's
/// writers: the held-index flush and the backlog indexer (on this node or another) take them
/// in one order before writing, so they wait for each other instead of deadlocking (each
/// took them in its own order before: the flush's batched INSERT through its foreign key,
/// the backlog row by row). Returns the ids found, each with its `indexed`, in id order.
async fn lock_contents(tx: &Tx<'_>, ids: &[i64]) -> PgResult<Vec<(i64, bool)>> {
    Ok(tx
        .query(
            "SELECT id, indexed FROM contents WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
            &[&ids],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// Adds (or replaces) content `id` in the index and marks it indexed (the backlog's).
pub(crate) async fn index_content(
    tx: &Tx<'_>,
    id: i64,
    meta: &MessageMeta,
    body: &str,
) -> PgResult<()> {
    let row = IndexRow::new(meta, body);
    tx.execute(
        "INSERT INTO search_index (content_id, subject, from_addr, to_addr, cc_addr, body, \
         header, body_trgm) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (content_id) DO UPDATE SET subject = EXCLUDED.subject, \
           from_addr = EXCLUDED.from_addr, to_addr = EXCLUDED.to_addr, \
           cc_addr = EXCLUDED.cc_addr, body = EXCLUDED.body, header = EXCLUDED.header, \
           body_trgm = EXCLUDED.body_trgm",
        &row.params(&id),
    )
    .await?;
    tx.execute("UPDATE contents SET indexed = true WHERE id = $1", &[&id])
        .await?;
    Ok(())
}

impl Search for PgBackend {
    /// UIDs, ascending, of the messages in `mailbox` whose `field` contains `needle` (in
    /// search form, at least `search::MIN_INDEXED_CHARS` characters).
    fn search_text(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        field: TextField,
        needle: &str,
    ) -> Result<Vec<u32>> {
        self.index_held()?;
        let pattern = like_pattern(needle);
        let needle_trgm = uses_trigrams(field).then(|| trigrams(needle));
        let sql = format!(
            "SELECT m.uid FROM messages m \
             JOIN search_index s ON s.content_id = m.content_id \
             WHERE m.mailbox_id = $1 AND {} ORDER BY m.uid",
            condition(field)
        );
        loop {
            // The search, with the ownership check and the test for contents not yet indexed
            // (usually none) in one round trip; after indexing some, the search again.
            let (sql, pattern, needle_trgm) = (sql.clone(), pattern.clone(), needle_trgm.clone());
            let (unindexed, uids) = self.read(move |c| async move {
                let mut params: Vec<&(dyn ToSql + Sync)> = vec![&mailbox, &pattern];
                if let Some(t) = &needle_trgm {
                    params.push(t);
                }
                let (unindexed, rows) = both(
                    c.query_opt(ANY_UNINDEXED, &[]),
                    owned_then(&c, account, mailbox, c.query(&sql, &params)),
                )
                .await;
                let uids: Vec<u32> = rows?.iter().map(|r| r.get::<_, i64>(0) as u32).collect();
                Ok((unindexed?.is_some(), uids))
            })?;
            if !unindexed {
                return Ok(uids);
            }
            if !self.index_mailbox_batch(mailbox)? {
                return Ok(uids);
            }
        }
    }

    /// Indexes the contents of `mailbox` not yet indexed (cheap when none is anywhere):
    /// this node's held ones first, from the texts it holds.
    fn index_mailbox_backlog(&self, mailbox: MailboxId) -> Result<()> {
        self.index_held()?;
        let any = self.read(|c| async move { Ok(c.query_opt(ANY_UNINDEXED, &[]).await?) })?;
        if any.is_some() {
            while self.index_mailbox_batch(mailbox)? {}
        }
        Ok(())
    }

    /// Indexes up to one batch of contents not yet indexed; returns how many (0: none left).
    fn index_backlog(&self) -> Result<usize> {
        let batch = self.read(|c| async move {
            Ok(c.query(
                "SELECT id, blob FROM contents WHERE NOT indexed LIMIT $1",
                &[&BACKLOG_BATCH],
            )
            .await?
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
            .collect::<Vec<_>>())
        })?;
        let n = batch.len();
        if n > 0 {
            self.index_batch(batch)?;
        }
        Ok(n)
    }
}

/// Whether any content anywhere waits for the index (cheap: a partial index holds them).
const ANY_UNINDEXED: &str = "SELECT 1 FROM contents WHERE NOT indexed LIMIT 1";

impl PgBackend {
    /// Indexes a batch of the contents of `mailbox` not yet indexed; false when there was
    /// none left.
    fn index_mailbox_batch(&self, mailbox: MailboxId) -> Result<bool> {
        let batch = self.read(move |c| async move {
            Ok(c.query(
                "SELECT c.id, c.blob FROM contents c WHERE NOT c.indexed AND EXISTS \
                 (SELECT 1 FROM messages m WHERE m.content_id = c.id AND m.mailbox_id = $1) \
                 LIMIT $2",
                &[&mailbox, &BACKLOG_BATCH],
            )
            .await?
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)))
            .collect::<Vec<_>>())
        })?;
        if batch.is_empty() {
            return Ok(false);
        }
        self.index_batch(batch)?;
        Ok(true)
    }

    /// Parses each blob (on the caller's thread) and indexes the batch in one transaction; a
    /// blob that cannot be read is indexed with its stored metadata only (as `Store` does).
    fn index_batch(&self, batch: Vec<(i64, String)>) -> Result<()> {
        let mut batch = batch;
        batch.sort_unstable_by_key(|(id, _)| *id);
        let ids: Vec<i64> = batch.iter().map(|(id, _)| *id).collect();
        let mut rows = Vec::with_capacity(batch.len());
        for (id, hash) in batch {
            let meta = match self.blob_bytes(&hash) {
                Ok(raw) => Some(MessageMeta::parse(&raw)),
                Err(e) => {
                    tracing::warn!(blob = %hash, error = %e, "indexing a content without its blob");
                    None
                }
            };
            rows.push((id, meta));
        }
        pg_write!(self, |tx, notes| {
            // Another node may have indexed or removed some meanwhile: their rows are locked.
            let unindexed: std::collections::HashSet<i64> = lock_contents(&tx, &ids)
                .await?
                .into_iter()
                .filter(|(_, indexed)| !indexed)
                .map(|(id, _)| id)
                .collect();
            for (id, meta) in &rows {
                if !unindexed.contains(id) {
                    continue;
                }
                match meta {
                    Some(meta) => {
                        index_content(&tx, *id, meta, meta.body_text.as_deref().unwrap_or(""))
                            .await?;
                        tx.execute(
                            "UPDATE contents SET from_addr = $2, to_addr = $3, cc_addr = $4, \
                             sent_day = $5 WHERE id = $1",
                            &[id, &meta.from, &meta.to, &meta.cc, &meta.sent_day],
                        )
                        .await?;
                    }
                    None => {
                        let r = tx
                            .query_one(
                                "SELECT subject, from_addr, to_addr, cc_addr FROM contents \
                                 WHERE id = $1",
                                &[id],
                            )
                            .await?;
                        let stored = MessageMeta {
                            subject: r.get(0),
                            from: r.get(1),
                            to: r.get(2),
                            cc: r.get(3),
                            ..MessageMeta::default()
                        };
                        index_content(&tx, *id, &stored, "").await?;
                    }
                }
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Searches on both backends: storage/tests/search.rs.
    #[test]
    fn like_patterns_escape_like_syntax() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    /// Rows indexed before migration 6 (no trigrams) are found by LIKE alone until a node
    /// fills their trigrams in; the answers are the same before and after.
    #[test]
    fn rows_without_trigrams_are_found_then_filled() {
        use crate::backend::*;
        use crate::{AccountKind, DeliveryTarget, MessageMeta};
        use std::sync::Arc;
        let Some((pg, dir, b)) = super::super::domain_tests::backend() else {
            return;
        };
        let a = super::super::domain_tests::account(&b, "an", AccountKind::Personal);
        let mut inbox = 0;
        for body in [
            "Kính mời dự họp giao ban",
            "Báo cáo tháng",
            "Họp giao ban quý",
        ] {
            let raw: Arc<[u8]> =
                format!("From: x@x.gov.vn\r\nTo: an@x.gov.vn\r\nSubject: s\r\n\r\n{body}\r\n")
                    .into_bytes()
                    .into();
            let meta = MessageMeta::parse(&raw);
            inbox = b
                .deliver(raw, meta, 1, vec![DeliveryTarget::inbox(a)])
                .unwrap()[0]
                .mailbox;
        }
        let answers = |b: &PgBackend| {
            [
                b.search_text(a, inbox, TextField::Body, "giao ban")
                    .unwrap(),
                b.search_text(a, inbox, TextField::Any, "bao cao").unwrap(),
                b.search_text(a, inbox, TextField::Body, "hop").unwrap(),
                b.search_text(a, inbox, TextField::Body, "khong co")
                    .unwrap(),
            ]
        };
        let want = [vec![1, 3], vec![2], vec![1, 3], vec![]];
        assert_eq!(answers(&b), want);
        // As if written before the migration; this node's flusher has found none to fill.
        b.inner
            .held_index
            .trigrams_filled
            .store(true, std::sync::atomic::Ordering::Release);
        pg.psql("UPDATE search_index SET body_trgm = NULL");
        assert_eq!(answers(&b), want);
        let unfilled = || pg.psql("SELECT count(*) FROM search_index WHERE body_trgm IS NULL");
        assert_eq!(unfilled().trim(), "3");
        // Another node (just started) fills them in, with its flusher or here.
        let other = super::super::domain_tests::node(&pg, &dir);
        while other.fill_trigrams().unwrap() > 0 {}
        assert_eq!(unfilled().trim(), "0");
        assert_eq!(answers(&other), want);
        assert_eq!(answers(&b), want);
    }
}
