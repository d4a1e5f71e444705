//! The full-text index behind IMAP SEARCH (migrations 8, 10, 13 and 23).
//!
//! Each content is indexed once, when its row is inserted, from the metadata of the one parse
//! at delivery: subject, addresses, the whole header and the body text, all in
//! [`crate::text::search_form`]. A search answers "which contents have this substring in that
//! field" for strings of three characters or more, exactly; shorter strings cannot be looked up
//! in the index and callers compare them on the metadata instead.
//!
//! Two tables do it (migration 23):
//! * `search_index` (FTS5, no positions) holds, for each content, every distinct trigram of
//!   each field once, as a term of its own: the field's letter and the trigram's UTF-8 in hex
//!   ([`trigram_terms`]). The contents having every trigram of the string in the field are
//!   the candidates: a superset of the answer.
//! * `search_text` keeps each field's text as it was indexed; a candidate is kept when the
//!   field contains the string. A string of exactly three characters is one trigram: its
//!   candidates are the answer and are not read. A body text longer than [`KEEP_BODY_MAX`]
//!   is not kept (migration 25): such a candidate's body is read again from its message.
//!
//! Handing FTS5 each distinct trigram once costs a fraction of having its trigram tokenizer
//! cut, hash and place every character of every message (migration 13's index: about 1.2
//! million instructions per 4 KB message, a third of a delivery, for an index four times the
//! size of the text).
//!
//! Contents stored before the index existed (or whose body was not parsed) carry
//! `indexed = 0`. [`Store::index_backlog`] indexes them in batches (the server runs it at
//! start), and a search of a mailbox first indexes that mailbox's own stragglers, so results
//! are complete even while the backlog runs.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::types::ValueRef;
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

/// Body text longer than this (in bytes, in search form) is not kept in `search_text`
/// (migration 25, `body_in_message`): a search that must check such a candidate's body reads
/// it again from the message. Kept, a long body was written twice more beside the message
/// itself, into the WAL and again by its checkpoint: for a 100 KB text message, half of the
/// 400 KB a delivery wrote. Most mail has far less body text (attachments other than text
/// are not in it), so most candidates are still checked against the table.
pub const KEEP_BODY_MAX: usize = 32 * 1024;

/// Most trigrams of a search string a query asks the index for: the candidates are checked
/// against the text anyway, and a few trigrams already leave few of them.
const MAX_QUERY_TRIGRAMS: usize = 24;

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

/// One indexed field: its term letter in `search_index` and its column in `search_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    letter: char,
    name: &'static str,
}

const SUBJECT: Column = Column {
    letter: 's',
    name: "subject",
};
const FROM: Column = Column {
    letter: 'f',
    name: "from_addr",
};
const TO: Column = Column {
    letter: 't',
    name: "to_addr",
};
const CC: Column = Column {
    letter: 'c',
    name: "cc_addr",
};
const BODY: Column = Column {
    letter: 'b',
    name: "body",
};
const HEADER: Column = Column {
    letter: 'h',
    name: "header",
};

impl TextField {
    /// The fields the string may be in (any one of them, whole).
    fn columns(self) -> &'static [Column] {
        match self {
            TextField::Subject => &[SUBJECT],
            TextField::From => &[FROM],
            TextField::To => &[TO],
            TextField::Cc => &[CC],
            TextField::Body => &[BODY],
            TextField::Any => &[HEADER, BODY],
        }
    }

    /// Whether the field takes in the body, whose text may be kept in the message only.
    fn has_body(self) -> bool {
        self.columns().contains(&BODY)
    }

    /// The query listing the UIDs of a mailbox's candidates with the text of this field's
    /// columns, then, for a field with the body, whether the body is kept in the message only
    /// and the message's blob.
    fn candidates_sql(self) -> &'static str {
        macro_rules! sql {
            ($cols:literal) => {
                concat!(
                    "SELECT m.uid, ",
                    $cols,
                    " FROM messages m JOIN search_text t ON t.content_id = m.content_id \
                     JOIN contents c ON c.id = m.content_id \
                     WHERE m.mailbox_id = ?1 AND m.content_id IN \
                     (SELECT rowid FROM search_index WHERE search_index MATCH ?2) ORDER BY m.uid"
                )
            };
        }
        match self {
            TextField::Subject => sql!("t.subject"),
            TextField::From => sql!("t.from_addr"),
            TextField::To => sql!("t.to_addr"),
            TextField::Cc => sql!("t.cc_addr"),
            TextField::Body => sql!("t.body, t.body_in_message, c.blob"),
            TextField::Any => sql!("t.header, t.body, t.body_in_message, c.blob"),
        }
    }
}

/// The UIDs of a mailbox's candidates, for a string of one trigram (they are the answer).
const ONE_TRIGRAM_SQL: &str = "SELECT m.uid FROM messages m WHERE m.mailbox_id = ?1 AND \
     m.content_id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?2) ORDER BY m.uid";

/// A trigram as one number: three code points of 21 bits each.
fn trigram_key(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// Appends the term of trigram `abc` of field `letter` to `out`, after a space: the letter,
/// then the trigram's UTF-8 bytes in lower-case hex (FTS5's `ascii` tokenizer reads it as one
/// token, and no two trigrams share one).
fn push_term(out: &mut String, letter: char, trigram: [char; 3]) {
    out.push(' ');
    out.push(letter);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 4];
    for c in trigram {
        for &byte in c.encode_utf8(&mut buf).as_bytes() {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
}

/// A multiplicative hash for trigram keys: the index's hot loop hashes every character of
/// every message, and SipHash's protection against chosen keys buys nothing for a set that
/// lives for one message.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// Slots of the small direct-mapped table of trigrams already seen that `field_terms` asks
/// before its set: text repeats its common trigrams (and a run of one character is one
/// trigram throughout), so most characters cost a comparison, not a set insertion.
const RECENT_SLOTS: usize = 512;

/// Appends a term for each distinct trigram of `text` to `out` (see [`push_term`]).
fn field_terms(out: &mut String, letter: char, text: &str) {
    let mut chars = text.chars();
    let (Some(mut a), Some(mut b)) = (chars.next(), chars.next()) else {
        return;
    };
    // No key has all 64 bits set (three 21-bit code points): the empty slot.
    let mut recent = [u64::MAX; RECENT_SLOTS];
    let mut seen = KeySet::with_capacity_and_hasher(text.len().min(8192), Default::default());
    for c in chars {
        let key = trigram_key(a, b, c);
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize % RECENT_SLOTS;
        // A slot holds only keys already in `seen`: a hit is never a new trigram.
        if recent[slot] != key {
            recent[slot] = key;
            if seen.insert(key) {
                push_term(out, letter, [a, b, c]);
            }
        }
        (a, b) = (b, c);
    }
}

/// The `search_index` terms of a content: each field's distinct trigrams.
fn trigram_terms(fields: &[(Column, &str)]) -> String {
    let chars: usize = fields.iter().map(|(_, text)| text.len()).sum();
    // Each term takes 8 bytes for ASCII; distinct trigrams are a fraction of the characters.
    let mut out = String::with_capacity(chars.min(64 * 1024) * 2);
    for (column, text) in fields {
        field_terms(&mut out, column.letter, text);
    }
    out
}

/// The FTS5 query for the candidates of `needle` (already in search form, three characters
/// or more) in `field`: for one of its columns, every trigram of the needle (up to
/// [`MAX_QUERY_TRIGRAMS`], spread over it). Terms are quoted: nothing is read as syntax.
fn fts_query(field: TextField, needle: &str) -> String {
    let chars: Vec<char> = needle.chars().collect();
    let mut trigrams: Vec<[char; 3]> = Vec::new();
    let mut seen = KeySet::default();
    for w in chars.windows(3) {
        if seen.insert(trigram_key(w[0], w[1], w[2])) {
            trigrams.push([w[0], w[1], w[2]]);
        }
    }
    if trigrams.len() > MAX_QUERY_TRIGRAMS {
        let n = trigrams.len();
        // Evenly spread, first and last included.
        trigrams = (0..MAX_QUERY_TRIGRAMS)
            .map(|i| trigrams[i * (n - 1) / (MAX_QUERY_TRIGRAMS - 1)])
            .collect();
    }
    let groups: Vec<String> = field
        .columns()
        .iter()
        .map(|column| {
            let terms: Vec<String> = trigrams
                .iter()
                .map(|t| {
                    let mut term = String::new();
                    push_term(&mut term, column.letter, *t);
                    format!("\"{}\"", term.trim_start())
                })
                .collect();
            format!("({})", terms.join(" AND "))
        })
        .collect();
    groups.join(" OR ")
}

/// A content's entry in the search index, made ready before the writer takes it: each field
/// in search form and their trigram terms. Finding the terms reads every character of the
/// text (2.2 million instructions for a 100 KB body), work each delivering thread does for
/// its own message rather than the one writer thread every delivery waits for.
#[derive(Debug, Default)]
pub(crate) struct IndexRow {
    subject: String,
    from: String,
    to: String,
    cc: String,
    /// Empty when `body_in_message`.
    body: String,
    /// The body text is longer than [`KEEP_BODY_MAX`]: not kept, read from the message.
    body_in_message: bool,
    header: String,
    terms: String,
}

impl IndexRow {
    /// The entry of a content whose body was parsed, taking its body and header text out of
    /// `meta`; `None` when it was not (it is indexed from its blob later, by the backlog).
    pub(crate) fn of(meta: &mut MessageMeta) -> Option<IndexRow> {
        let body = meta.body_text.take()?;
        let header = meta.header_text.take().unwrap_or_default();
        Some(IndexRow::new(meta, body, header))
    }

    /// The entry of a content with this metadata, body and header text (in search form).
    fn new(meta: &MessageMeta, body: String, header: String) -> IndexRow {
        let form = |s: &Option<String>| s.as_deref().map(search_form).unwrap_or_default();
        let (subject, from, to, cc) = (
            form(&meta.subject),
            form(&meta.from),
            form(&meta.to),
            form(&meta.cc),
        );
        let terms = trigram_terms(&[
            (SUBJECT, &subject),
            (FROM, &from),
            (TO, &to),
            (CC, &cc),
            (BODY, &body),
            (HEADER, &header),
        ]);
        // Not kept: the writer need not carry it either.
        let body_in_message = body.len() > KEEP_BODY_MAX;
        IndexRow {
            subject,
            from,
            to,
            cc,
            body: if body_in_message { String::new() } else { body },
            body_in_message,
            header,
            terms,
        }
    }

    /// Bytes it holds (what the writer keeps in memory while the entry waits).
    pub(crate) fn held_bytes(&self) -> usize {
        self.body.len() + self.header.len() + self.terms.len()
    }
}

/// Adds content `id` to the index. Called in the transaction that inserts the content row.
pub(crate) fn index_content(conn: &Connection, id: i64, row: &IndexRow) -> Result<()> {
    conn.prepare_cached("INSERT INTO search_index (rowid, terms) VALUES (?1, ?2)")?
        .execute(params![id, row.terms])?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO search_text \
         (content_id, subject, from_addr, to_addr, cc_addr, body, header, body_in_message) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        row.subject,
        row.from,
        row.to,
        row.cc,
        row.body,
        row.header,
        row.body_in_message
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
    // Kept even while `indexed = 0` by an index made again (migrations, tests).
    conn.prepare_cached("DELETE FROM search_text WHERE content_id = ?1")?
        .execute([id])?;
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

/// The body text of a raw message, in search form: what was indexed at delivery.
fn message_body(raw: &[u8]) -> String {
    crate::mime::parse(raw)
        .map(|message| crate::meta::body_text(&message))
        .unwrap_or_default()
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
        if needle.chars().nth(MIN_INDEXED_CHARS - 1).is_none() {
            // Not in the index (callers compare these on the metadata).
            return Ok(Vec::new());
        }
        let query = fts_query(field, needle);
        // One trigram: the index's answer is exact.
        let exact = needle.chars().nth(MIN_INDEXED_CHARS).is_none();
        self.db()
            .read(|conn| {
                owned(conn, account, mailbox)?;
                let (sql, columns) = if exact {
                    // No text to check: the candidates' UIDs only.
                    (ONE_TRIGRAM_SQL, 0)
                } else {
                    (field.candidates_sql(), field.columns().len())
                };
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(params![mailbox, query])?;
                let mut uids = Vec::new();
                let mut in_messages: Vec<(u32, String)> = Vec::new();
                while let Some(row) = rows.next()? {
                    let uid = row.get::<_, i64>(0)? as u32;
                    let mut found = exact;
                    for i in 0..columns {
                        if found {
                            break;
                        }
                        // Stored from a String: UTF-8 (checked all the same, never trusted).
                        found = match row.get_ref(i + 1)? {
                            ValueRef::Text(text) => {
                                std::str::from_utf8(text).is_ok_and(|t| t.contains(needle))
                            }
                            _ => false,
                        };
                    }
                    if found {
                        uids.push(uid);
                    } else if !exact && field.has_body() && row.get::<_, bool>(columns + 1)? {
                        in_messages.push((uid, row.get(columns + 2)?));
                    }
                }
                Ok((uids, in_messages))
            })
            .map(|(mut uids, in_messages)| {
                if in_messages.is_empty() {
                    return uids;
                }
                uids.extend(self.bodies_containing(in_messages, needle));
                uids.sort_unstable();
                uids
            })
    }

    /// The UIDs among `candidates` (UID, blob) whose body text, read again from the message,
    /// contains `needle`: those whose body is not kept in `search_text` (see
    /// [`KEEP_BODY_MAX`]). A message read once for all its UIDs; one that cannot be read
    /// (expunged meanwhile, or missing: `govmail check` reports it) is not found.
    fn bodies_containing(&self, mut candidates: Vec<(u32, String)>, needle: &str) -> Vec<u32> {
        candidates.sort_unstable_by(|a, b| a.1.cmp(&b.1));
        let mut found = Vec::new();
        for same in candidates.chunk_by(|a, b| a.1 == b.1) {
            let hash = &same[0].1;
            let raw = match self.blob_bytes(hash) {
                Ok(raw) => raw,
                Err(e) => {
                    tracing::warn!(blob = %hash, error = %e, "SEARCH could not read a message");
                    continue;
                }
            };
            if message_body(&raw).contains(needle) {
                found.extend(same.iter().map(|(uid, _)| *uid));
            }
        }
        found
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
            let parsed = match self.blob_bytes(&hash) {
                Ok(raw) => {
                    let mut meta = MessageMeta::parse(&raw);
                    let body = meta.body_text.take().unwrap_or_default();
                    let header = meta.header_text.take().unwrap_or_default();
                    let row = IndexRow::new(&meta, body, header);
                    Some((meta, row))
                }
                Err(e) => {
                    tracing::warn!(blob = %hash, error = %e, "indexing a content without its blob");
                    None
                }
            };
            rows.push((id, parsed));
        }
        self.db().write(move |ctx: &mut WriteCtx<'_>| {
            for (id, parsed) in &rows {
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
                match parsed {
                    Some((meta, row)) => {
                        index_content(ctx.conn, *id, row)?;
                        ctx.conn
                            .prepare_cached(
                                "UPDATE contents SET indexed = 1, from_addr = ?2, to_addr = ?3, \
                                 cc_addr = ?4, sent_day = ?5 WHERE id = ?1",
                            )?
                            .execute(params![id, meta.from, meta.to, meta.cc, meta.sent_day])?;
                    }
                    None => {
                        let stored = stored_meta(ctx.conn, *id)?;
                        let row = IndexRow::new(&stored, String::new(), String::new());
                        index_content(ctx.conn, *id, &row)?;
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

    /// The contents whose index entry has every trigram of `word` (in the header or the
    /// body), once the writer indexed what it holds.
    fn matches(store: &SqliteBackend, word: &str) -> Vec<i64> {
        store.index_held().unwrap_or_else(|e| panic!("{e}"));
        store
            .db()
            .read(|conn| {
                let mut stmt =
                    conn.prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")?;
                let rows = stmt.query_map([fts_query(TextField::Any, word)], |r| r.get(0))?;
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
        let content = crate::message::NewContent::new(MessageMeta::parse(raw));
        crate::message::content_for(ctx, &blob, raw, content, blobs)
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
    fn queries_ask_for_every_trigram_in_one_of_the_fields() {
        assert_eq!(
            fts_query(TextField::Any, "giay"),
            "(\"h676961\" AND \"h696179\") OR (\"b676961\" AND \"b696179\")"
        );
        // Quotes and FTS5 syntax are only text: hex digits reach the index.
        assert_eq!(fts_query(TextField::Subject, "a\"*"), "(\"s61222a\")");
        // Repeated trigrams are asked for once; non-ASCII characters are their UTF-8.
        assert_eq!(fts_query(TextField::Body, "ơơơơ"), "(\"bc6a1c6a1c6a1\")");
        // A long string: at most MAX_QUERY_TRIGRAMS of them, the first and the last among them.
        let long: String = ('a'..='z').chain('0'..='9').collect();
        let query = fts_query(TextField::Cc, &long);
        assert_eq!(query.matches(" AND ").count(), MAX_QUERY_TRIGRAMS - 1);
        assert!(query.starts_with("(\"c616263\" AND "), "{query}");
        assert!(query.ends_with(" AND \"c373839\")"), "{query}");
    }

    /// The table of recent trigrams only skips work: the terms are those of a plain set.
    #[test]
    fn terms_of_long_text_are_those_of_a_plain_set() {
        let alphabet: Vec<char> = "abcdefgh đơ-xyz\u{10348}".chars().collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let text: String = (0..20_000)
            .map(|_| {
                // xorshift64: about every trigram of the alphabet, more than the table holds.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state >> 40) as usize % alphabet.len()]
            })
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let mut plain = std::collections::HashSet::new();
        let mut expected = String::new();
        for w in chars.windows(3) {
            if plain.insert((w[0], w[1], w[2])) {
                push_term(&mut expected, 'b', [w[0], w[1], w[2]]);
            }
        }
        assert_eq!(trigram_terms(&[(BODY, &text)]), expected);
        assert!(plain.len() > RECENT_SLOTS, "{}", plain.len());
    }

    #[test]
    fn terms_are_each_distinct_trigram_of_each_field() {
        assert_eq!(
            trigram_terms(&[(SUBJECT, "aaaa"), (BODY, "ab"), (HEADER, "aaab")]),
            " s616161 h616161 h616162"
        );
        assert_eq!(trigram_terms(&[(TO, "đồn")]), " tc491e1bb936e");
    }
}
