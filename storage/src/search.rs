//! The full-text index behind IMAP SEARCH (migration 8).
//!
//! Each content is indexed once, when its row is inserted, from the metadata of the one parse
//! at delivery: subject, addresses and body text, all in [`crate::text::search_form`]. The
//! trigram index answers "which contents contain this substring" for strings of three
//! characters or more, exactly (a phrase of consecutive trigrams is a substring); shorter
//! strings cannot be looked up in it and callers compare them on the metadata instead.
//!
//! Contents stored before the index existed (or whose body was not parsed) carry
//! `indexed = 0`. [`Store::index_backlog`] indexes them in batches (the server runs it at
//! start), and a search of a mailbox first indexes that mailbox's own stragglers, so results
//! are complete even while the backlog runs.

use rusqlite::{Connection, OptionalExtension, params};

use crate::Store;
use crate::db::WriteCtx;
use crate::error::Result;
use crate::mailbox::owned;
use crate::meta::MessageMeta;
use crate::text::search_form;
use crate::types::{AccountId, MailboxId};

/// Shortest string the trigram index can find.
pub const MIN_INDEXED_CHARS: usize = 3;

/// Which indexed text a search string must occur in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    Subject,
    From,
    To,
    Cc,
    Body,
    /// Any of them: IMAP's TEXT key (header or body).
    Any,
}

impl TextField {
    fn filter(self) -> &'static str {
        match self {
            TextField::Subject => "subject",
            TextField::From => "from_addr",
            TextField::To => "to_addr",
            TextField::Cc => "cc_addr",
            TextField::Body => "body",
            TextField::Any => "",
        }
    }
}

/// The FTS5 query for `needle` (already in search form) in `field`: one quoted phrase, so
/// nothing in it is read as query syntax.
fn fts_query(field: TextField, needle: &str) -> String {
    let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
    match field.filter() {
        "" => phrase,
        column => format!("{{{column}}} : {phrase}"),
    }
}

/// Adds content `id` to the index. Called in the transaction that inserts the content row.
pub(crate) fn index_content(
    conn: &Connection,
    id: i64,
    meta: &MessageMeta,
    body: &str,
) -> Result<()> {
    let form = |s: &Option<String>| s.as_deref().map(search_form).unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, subject, from_addr, to_addr, cc_addr, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        form(&meta.subject),
        form(&meta.from),
        form(&meta.to),
        form(&meta.cc),
        body
    ])?;
    Ok(())
}

/// Removes content `id` from the index, if it was in it. Called in the transaction that
/// deletes the content row.
pub(crate) fn unindex_content(conn: &Connection, id: i64, indexed: bool) -> Result<()> {
    if indexed {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([id])?;
    }
    Ok(())
}

/// Contents waiting to be indexed, `(id, blob)`, at most `limit`; only those of `mailbox`
/// when given.
fn pending(
    conn: &Connection,
    mailbox: Option<MailboxId>,
    limit: usize,
) -> Result<Vec<(i64, String)>> {
    let rows = match mailbox {
        Some(mailbox) => conn
            .prepare_cached(
                "SELECT c.id, c.blob FROM contents c WHERE c.indexed = 0 AND EXISTS \
                 (SELECT 1 FROM messages m WHERE m.content_id = c.id AND m.mailbox_id = ?1) \
                 LIMIT ?2",
            )?
            .query_map(params![mailbox, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        None => conn
            .prepare_cached("SELECT id, blob FROM contents WHERE indexed = 0 LIMIT ?1")?
            .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// The header fields (name, decoded value in search form) and the body text of a raw message,
/// for the SEARCH keys the index does not hold (HEADER, BCC) or cannot find (strings under
/// three characters).
pub fn message_text(raw: &[u8]) -> (Vec<(String, String)>, String) {
    let Some(message) = mail_parser::MessageParser::new().parse(raw) else {
        return (Vec::new(), String::new());
    };
    let headers = message
        .headers()
        .iter()
        .map(|h| {
            let value = match &h.value {
                mail_parser::HeaderValue::Text(t) => t.to_string(),
                mail_parser::HeaderValue::TextList(list) => list.join(", "),
                v @ mail_parser::HeaderValue::Address(_) => {
                    crate::meta::addresses(v).unwrap_or_default()
                }
                _ => {
                    let start = h.offset_start as usize;
                    let end = (h.offset_end as usize).min(raw.len());
                    String::from_utf8_lossy(raw.get(start..end).unwrap_or_default()).into_owned()
                }
            };
            (h.name.as_str().to_string(), search_form(&value))
        })
        .collect();
    (headers, crate::meta::body_text(&message))
}

/// Contents indexed per transaction by the backlog: bounds how long other writers wait.
const BACKLOG_BATCH: usize = 200;

impl Store {
    /// UIDs, ascending, of the messages in `mailbox` whose `field` contains `needle`, which
    /// must be in [`search_form`] and at least [`MIN_INDEXED_CHARS`] characters long.
    pub fn search_text(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        field: TextField,
        needle: &str,
    ) -> Result<Vec<u32>> {
        self.index_mailbox_backlog(mailbox)?;
        let query = fts_query(field, needle);
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT m.uid FROM messages m WHERE m.mailbox_id = ?1 AND m.content_id IN \
                 (SELECT rowid FROM search_index WHERE search_index MATCH ?2) ORDER BY m.uid",
            )?;
            let uids = stmt
                .query_map(params![mailbox, query], |r| r.get::<_, i64>(0))?
                .map(|r| r.map(|uid| uid as u32))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(uids)
        })
    }

    /// Indexes the contents of `mailbox` not yet indexed. Cheap when there are none anywhere
    /// (one probe of a partial index).
    fn index_mailbox_backlog(&self, mailbox: MailboxId) -> Result<()> {
        let any = self.db().read(|conn| {
            Ok(conn
                .prepare_cached("SELECT 1 FROM contents WHERE indexed = 0 LIMIT 1")?
                .query_row([], |_| Ok(()))
                .optional()?
                .is_some())
        })?;
        if !any {
            return Ok(());
        }
        loop {
            let batch = self
                .db()
                .read(|conn| pending(conn, Some(mailbox), BACKLOG_BATCH))?;
            if batch.is_empty() {
                return Ok(());
            }
            self.index_batch(batch)?;
        }
    }

    /// Indexes up to one batch of the contents stored before the index existed; returns how
    /// many it indexed (0: nothing left). The server calls it in a loop at start.
    pub fn index_backlog(&self) -> Result<usize> {
        let batch = self.db().read(|conn| pending(conn, None, BACKLOG_BATCH))?;
        let n = batch.len();
        if n > 0 {
            self.index_batch(batch)?;
        }
        Ok(n)
    }

    /// Parses each blob (outside the writer) and indexes the batch in one transaction. A blob
    /// that cannot be read is indexed with its stored metadata only, so it is not retried
    /// forever; `govmail check` reports missing blobs.
    fn index_batch(&self, batch: Vec<(i64, String)>) -> Result<()> {
        let mut rows = Vec::with_capacity(batch.len());
        for (id, hash) in batch {
            let meta = match self.blobs().get(&hash) {
                Ok(raw) => MessageMeta::parse(&raw),
                Err(e) => {
                    tracing::warn!(blob = %hash, error = %e, "indexing a content without its blob");
                    MessageMeta::default()
                }
            };
            rows.push((id, meta));
        }
        self.db().write(move |ctx: &mut WriteCtx<'_>| {
            for (id, meta) in &rows {
                // Another writer may have indexed or removed it meanwhile.
                let still: Option<i64> = ctx
                    .conn
                    .prepare_cached("SELECT indexed FROM contents WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?;
                if still != Some(0) {
                    continue;
                }
                index_content(ctx.conn, *id, meta, meta.body_text.as_deref().unwrap_or(""))?;
                ctx.conn
                    .prepare_cached("UPDATE contents SET indexed = 1 WHERE id = ?1")?
                    .execute([id])?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_one_quoted_phrase() {
        assert_eq!(fts_query(TextField::Any, "giay moi"), "\"giay moi\"");
        assert_eq!(
            fts_query(TextField::Subject, "a \"b\" OR c"),
            "{subject} : \"a \"\"b\"\" OR c\""
        );
    }
}
