//! The full-text index behind IMAP SEARCH (migrations 8 and 10).
//!
//! Each content is indexed once, when its row is inserted, from the metadata of the one parse
//! at delivery: subject, addresses, the whole header and the body text, all in
//! [`crate::text::search_form`]. The trigram index answers "which contents contain this
//! substring" for strings of three characters or more, exactly (a phrase of consecutive
//! trigrams is a substring); shorter strings cannot be looked up in it and callers compare
//! them on the metadata instead.
//!
//! Contents stored before the index existed (or whose body was not parsed) carry
//! `indexed = 0`. [`Store::index_backlog`] indexes them in batches (the server runs it at
//! start), and a search of a mailbox first indexes that mailbox's own stragglers, so results
//! are complete even while the backlog runs.

use rusqlite::{Connection, OptionalExtension, params};

use crate::db::WriteCtx;
use crate::error::Result;
use crate::mailbox::owned;
use crate::meta::MessageMeta;
use crate::sqlite::SqliteBackend;
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
    /// The whole header or the body: IMAP's TEXT key (RFC 9051 §6.4.4: "the header
    /// (including MIME header fields) or body of the message").
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
            TextField::Any => "header body",
        }
    }
}

/// The FTS5 query for `needle` (already in search form) in `field`: one quoted phrase, so
/// nothing in it is read as query syntax.
fn fts_query(field: TextField, needle: &str) -> String {
    let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
    format!("{{{}}} : {phrase}", field.filter())
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
        "INSERT INTO search_index (rowid, subject, from_addr, to_addr, cc_addr, body, header) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        form(&meta.subject),
        form(&meta.from),
        form(&meta.to),
        form(&meta.cc),
        body,
        meta.header_text.as_deref().unwrap_or("")
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

/// The text of one message that SEARCH keys the index does not hold (HEADER, BCC) or cannot
/// find (strings under three characters) look at, read from its blob.
#[derive(Debug, Default)]
pub struct MessageText {
    /// Header fields: name, and value (unfolded, encoded words decoded) in search form.
    pub headers: Vec<(String, String)>,
    /// The whole header, as [`crate::meta::header_text`] gives it (SEARCH TEXT).
    pub header: String,
    /// The body text, in search form.
    pub body: String,
}

/// Reads [`MessageText`] from a raw message.
pub fn message_text(raw: &[u8]) -> MessageText {
    let Some(message) = crate::mime::parse(raw) else {
        return MessageText::default();
    };
    let fields = crate::meta::decoded_headers(&message);
    MessageText {
        header: crate::meta::header_text(&fields),
        headers: fields
            .into_iter()
            .map(|(name, value)| (name, search_form(&value)))
            .collect(),
        body: crate::meta::body_text(&message),
    }
}

/// Contents indexed per transaction by the backlog: bounds how long other writers wait.
const BACKLOG_BATCH: usize = 200;

impl SqliteBackend {
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
    /// (one probe of a partial index). SEARCH and SORT call it first: besides the index, it
    /// fills the columns they read (addresses with groups, `sent_day`) for older contents.
    pub fn index_mailbox_backlog(&self, mailbox: MailboxId) -> Result<()> {
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
        self.index_held()?;
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
        self.index_held()?;
        let batch = self.db().read(|conn| pending(conn, None, BACKLOG_BATCH))?;
        let n = batch.len();
        if n > 0 {
            self.index_batch(batch)?;
        }
        Ok(n)
    }

    /// Has the writer index the new contents it holds back for the index (see
    /// `storage::db`'s `HeldIndex`) now, so that what remains pending is only what must be read
    /// from its blob.
    fn index_held(&self) -> Result<()> {
        self.db().write(|ctx| {
            ctx.index_now();
            Ok(())
        })
    }

    /// Parses each blob (outside the writer) and indexes the batch in one transaction. A blob
    /// that cannot be read is indexed with its stored metadata only, so it is not retried
    /// forever; `govmail check` reports missing blobs.
    ///
    /// The address columns and `sent_day` are rewritten from the same parse: contents stored
    /// before migration 13 kept addresses without their groups and no day as written, and
    /// migration 13 queued every content for indexing again.
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
                // Should the writer still hold it for the index, it is indexed here, once.
                ctx.forget_index(*id);
                match meta {
                    Some(meta) => {
                        index_content(
                            ctx.conn,
                            *id,
                            meta,
                            meta.body_text.as_deref().unwrap_or(""),
                        )?;
                        ctx.conn
                            .prepare_cached(
                                "UPDATE contents SET indexed = 1, from_addr = ?2, to_addr = ?3, \
                                 cc_addr = ?4, sent_day = ?5 WHERE id = ?1",
                            )?
                            .execute(params![id, meta.from, meta.to, meta.cc, meta.sent_day])?;
                    }
                    None => {
                        let stored = stored_meta(ctx.conn, *id)?;
                        index_content(ctx.conn, *id, &stored, "")?;
                        ctx.conn
                            .prepare_cached("UPDATE contents SET indexed = 1 WHERE id = ?1")?
                            .execute([id])?;
                    }
                }
            }
            Ok(())
        })
    }
}

/// The metadata kept in the contents row, for a content whose blob is missing.
fn stored_meta(conn: &Connection, id: i64) -> Result<MessageMeta> {
    Ok(conn
        .prepare_cached("SELECT subject, from_addr, to_addr, cc_addr FROM contents WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(MessageMeta {
                subject: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                cc: r.get(3)?,
                ..MessageMeta::default()
            })
        })
        .optional()?
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contents whose index entry has `word`, once the writer indexed what it holds.
    fn matches(store: &SqliteBackend, word: &str) -> Vec<i64> {
        store.index_held().unwrap_or_else(|e| panic!("{e}"));
        store
            .db()
            .read(|conn| {
                let mut stmt =
                    conn.prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")?;
                let rows = stmt.query_map([format!("\"{word}\"")], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<Vec<i64>>>()?)
            })
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn content(
        ctx: &mut WriteCtx<'_>,
        blobs: &dyn crate::blob::BlobStore,
        raw: &[u8],
    ) -> Result<i64> {
        let blob = crate::blob::stage(blobs, 0, raw)?;
        crate::message::content_for(ctx, &blob, raw, MessageMeta::parse(raw), blobs)
    }

    /// Contents are indexed after the batch's jobs, just before COMMIT: a content inserted
    /// and deleted within the batch is not indexed, even when its rowid goes to another one.
    #[test]
    fn a_content_deleted_in_its_batch_is_not_indexed_under_a_reused_rowid() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = SqliteBackend::open(dir.path(), crate::OpenMode::CreateIfMissing)
            .unwrap_or_else(|e| panic!("{e}"));
        let blobs = store.blobs().clone();
        let (first, second) = store
            .db()
            .write(move |ctx| {
                let first = content(ctx, &*blobs, b"Subject: x\r\n\r\nkhoai lang\r\n")?;
                ctx.conn
                    .execute("UPDATE contents SET refs = 1 WHERE id = ?1", [first])?;
                crate::message::release_content(ctx, first)?;
                let second = content(ctx, &*blobs, b"Subject: y\r\n\r\nbanh chung\r\n")?;
                Ok((first, second))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first, second, "the test needs the rowid to be used again");
        assert!(matches(&store, "khoai").is_empty());
        assert_eq!(matches(&store, "chung"), [second]);
    }

    fn indexed_flags(store: &SqliteBackend) -> Vec<(i64, bool)> {
        store
            .db()
            .read(|conn| {
                let mut stmt = conn.prepare("SELECT id, indexed FROM contents ORDER BY id")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// New contents wait in the writer for the index, with `indexed = 0` meanwhile; one
    /// deleted by a later transaction is never indexed; the rest are indexed when a search
    /// asks, and what the writer still holds when it stops is indexed before it ends.
    #[test]
    fn held_contents_are_indexed_on_demand_and_at_stop_and_a_deleted_one_never() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = SqliteBackend::open(dir.path(), crate::OpenMode::CreateIfMissing)
            .unwrap_or_else(|e| panic!("{e}"));
        let add = |raw: &'static [u8]| {
            let blobs = store.blobs().clone();
            store
                .db()
                .write(move |ctx| {
                    let id = content(ctx, &*blobs, raw)?;
                    ctx.conn
                        .execute("UPDATE contents SET refs = 1 WHERE id = ?1", [id])?;
                    Ok(id)
                })
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let kept = add(b"Subject: x\r\n\r\nkhoai lang\r\n");
        let gone = add(b"Subject: y\r\n\r\nbanh chung\r\n");
        assert_eq!(indexed_flags(&store), [(kept, false), (gone, false)]);
        store
            .db()
            .write(move |ctx| crate::message::release_content(ctx, gone))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(matches(&store, "khoai"), [kept]);
        assert!(matches(&store, "chung").is_empty());
        assert_eq!(indexed_flags(&store), [(kept, true)]);
        // Held when the store closes: indexed by the writer on its way out.
        let last = add(b"Subject: z\r\n\r\ngiay moi hop\r\n");
        assert_eq!(indexed_flags(&store)[1], (last, false));
        drop(store);
        let store = SqliteBackend::open(dir.path(), crate::OpenMode::CreateIfMissing)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(indexed_flags(&store), [(kept, true), (last, true)]);
        assert_eq!(matches(&store, "moi hop"), [last]);
    }

    #[test]
    fn queries_are_one_quoted_phrase() {
        assert_eq!(
            fts_query(TextField::Any, "giay moi"),
            "{header body} : \"giay moi\""
        );
        assert_eq!(
            fts_query(TextField::Subject, "a \"b\" OR c"),
            "{subject} : \"a \"\"b\"\" OR c\""
        );
    }
}
