//! Full-text search on PostgreSQL (migration 2), with the same methods as `Store`'s
//! (storage/src/search.rs): the same text in the same search form, found by substring through
//! pg_trgm's trigram indexes, so a search gives the UIDs SQLite's trigram FTS5 index gives.

use super::pool::{Queries, Tx};

use super::mailbox::owned;
use super::{PgBackend, PgResult, pg_write};
use crate::backend::Search;
use crate::error::Result;
use crate::meta::MessageMeta;
use crate::search::TextField;
use crate::text::search_form;
use crate::types::{AccountId, MailboxId};

/// Contents indexed per transaction by the backlog.
const BACKLOG_BATCH: i64 = 200;

/// The condition on `s` (a search_index row) for `field`, with the pattern as `$2`.
fn condition(field: TextField) -> &'static str {
    match field {
        TextField::Subject => "s.subject LIKE $2",
        TextField::From => "s.from_addr LIKE $2",
        TextField::To => "s.to_addr LIKE $2",
        TextField::Cc => "s.cc_addr LIKE $2",
        TextField::Body => "s.body LIKE $2",
        TextField::Any => "(s.header LIKE $2 OR s.body LIKE $2)",
    }
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

/// Adds (or replaces) content `id` in the index and marks it indexed. In the transaction
/// that inserts the content row, or the backlog's.
pub(crate) async fn index_content(
    tx: &Tx<'_>,
    id: i64,
    meta: &MessageMeta,
    body: &str,
) -> PgResult<()> {
    let form = |s: &Option<String>| s.as_deref().map(search_form).unwrap_or_default();
    tx.execute(
        "INSERT INTO search_index (content_id, subject, from_addr, to_addr, cc_addr, body, \
         header) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (content_id) DO UPDATE SET subject = EXCLUDED.subject, \
           from_addr = EXCLUDED.from_addr, to_addr = EXCLUDED.to_addr, \
           cc_addr = EXCLUDED.cc_addr, body = EXCLUDED.body, header = EXCLUDED.header",
        &[
            &id,
            &form(&meta.subject),
            &form(&meta.from),
            &form(&meta.to),
            &form(&meta.cc),
            &body,
            &meta.header_text.as_deref().unwrap_or(""),
        ],
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
        self.index_mailbox_backlog(mailbox)?;
        let pattern = like_pattern(needle);
        self.read(move |c| async move {
            owned(&c, account, mailbox).await?;
            let rows = c
                .query(
                    &format!(
                        "SELECT m.uid FROM messages m \
                         JOIN search_index s ON s.content_id = m.content_id \
                         WHERE m.mailbox_id = $1 AND {} ORDER BY m.uid",
                        condition(field)
                    ),
                    &[&mailbox, &pattern],
                )
                .await?;
            Ok(rows.iter().map(|r| r.get::<_, i64>(0) as u32).collect())
        })
    }

    /// Indexes the contents of `mailbox` not yet indexed (cheap when none is anywhere).
    fn index_mailbox_backlog(&self, mailbox: MailboxId) -> Result<()> {
        loop {
            let batch = self.read(move |c| async move {
                let any = c
                    .query_opt("SELECT 1 FROM contents WHERE NOT indexed LIMIT 1", &[])
                    .await?;
                if any.is_none() {
                    return Ok(Vec::new());
                }
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
                return Ok(());
            }
            self.index_batch(batch)?;
        }
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

impl PgBackend {
    /// Parses each blob (on the caller's thread) and indexes the batch in one transaction; a
    /// blob that cannot be read is indexed with its stored metadata only (as `Store` does).
    fn index_batch(&self, batch: Vec<(i64, String)>) -> Result<()> {
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
            for (id, meta) in &rows {
                // Another node may have indexed or removed it meanwhile: the row is locked.
                let still = tx
                    .query_opt(
                        "SELECT indexed FROM contents WHERE id = $1 FOR UPDATE",
                        &[id],
                    )
                    .await?
                    .map(|r| r.get::<_, bool>(0));
                if still != Some(false) {
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
}
