//! What THREAD (RFC 5256 §4) and THREADID (RFC 8474 §5.2) read for each message: its
//! Message-ID, the IDs it refers to, its subject and dates — for a whole mailbox in one
//! query, no blob read. The references are computed at delivery (`thread_refs`, migration
//! 22), the base subjects too (migration 23); the references of contents stored before that
//! are read once from their blob, their base subjects from the stored subject, and written
//! back.

use std::ops::RangeInclusive;

use mail_parser::HeaderValue;
use rusqlite::params;

use crate::error::Result;
use crate::mailbox::owned;
use crate::subject::SubjectKeys;
use crate::{AccountId, MailboxId, sqlite::SqliteBackend};

/// One message as THREAD sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRow {
    pub uid: u32,
    /// The content's blob hash (SHA-256, hex): what EMAILID is made from.
    pub blob: String,
    /// Without angle brackets; `None` when the message has none.
    pub message_id: Option<String>,
    /// The IDs it refers to, oldest first (see [`thread_refs`]).
    pub refs: Vec<String>,
    /// THREAD's base subject (`subject::thread_subject`, in i;unicode-casemap form), stored
    /// at delivery (migration 23); "" when there is no Subject.
    pub base_subject: String,
    /// Whether the subject marked a reply or forward (RFC 5256 §4 step 5).
    pub reply: bool,
    /// The Date: header, Unix seconds.
    pub sent_date: Option<i64>,
    pub internal_date: i64,
}

/// The message IDs a message refers to, oldest first, space-separated, without brackets:
/// those of References, or when it holds none, the first of In-Reply-To (RFC 5256 §4 step
/// 1A). IDs with white space, brackets or nothing in them are not message IDs and are left
/// out. '' when there is nothing.
pub fn thread_refs(message: &mail_parser::Message<'_>) -> String {
    let mut ids = ids_of(message.references());
    if ids.is_empty() {
        ids = ids_of(message.in_reply_to());
        ids.truncate(1);
    }
    ids.join(" ")
}

fn ids_of(value: &HeaderValue<'_>) -> Vec<String> {
    let list: Vec<&str> = match value {
        HeaderValue::Text(t) => vec![t.as_ref()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.as_ref()).collect(),
        _ => Vec::new(),
    };
    list.into_iter()
        .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>'))
        .filter(|id| {
            !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '<' || c == '>')
        })
        .map(str::to_string)
        .collect()
}

/// The THREADID of RFC 8474 §5.2 for a message: made from the first ID it refers to (the
/// oldest ancestor it names), else its own Message-ID, else its content. Messages with the
/// same THREADID always fall in the same thread of THREAD=REFERENCES (their chains start at
/// the same container, RFC 5256 §4 step 1A); REFERENCES may join more (a chain broken by a
/// client that cut References, step 5's subjects). Fixed at delivery, as RFC 8474 requires:
/// it never changes when later mail arrives.
pub fn thread_id(message_id: Option<&str>, refs: &[String], blob: &str) -> String {
    let root = match (refs.first(), message_id) {
        (Some(first), _) => format!("<{first}>"),
        (None, Some(id)) => format!("<{id}>"),
        (None, None) => format!("blob:{blob}"),
    };
    let hash = crate::hash_hex(root.as_bytes());
    format!("T{}", &hash[..24])
}

/// The EMAILID of RFC 8474 §5.1: from the content's hash, so a copy or move keeps it, and
/// it can never name other content later (content row ids are reused, hashes are not).
pub fn email_id(blob: &str) -> String {
    let end = blob.len().min(24);
    format!("M{}", blob.get(..end).unwrap_or(blob))
}

/// One message as THREAD reads it, borrowed from the query's row ([`crate::Store::each_thread_row`]).
#[derive(Debug, Clone, Copy)]
pub struct ThreadRowRef<'a> {
    pub uid: u32,
    pub message_id: Option<&'a str>,
    /// The IDs it refers to, oldest first, space-separated ([`thread_refs`]).
    pub refs: &'a str,
    /// As [`ThreadRow::base_subject`].
    pub base_subject: &'a str,
    pub reply: bool,
    pub sent_date: Option<i64>,
    pub internal_date: i64,
}

impl SqliteBackend {
    /// Calls `each` with the messages of `mailbox` whose UIDs fall in `uids`, in UID order,
    /// as THREAD reads them, without collecting them (nor reading the blob hash, which only
    /// THREADID needs). Returns `false` as soon as it meets a content stored before
    /// migration 22 or 23, which lacks its references or subject keys: the caller then
    /// forgets what it was given and reads [`Store::thread_rows`], which computes and stores
    /// them (so this happens once).
    pub fn each_thread_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        mut each: impl FnMut(ThreadRowRef<'_>),
    ) -> Result<bool> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT m.uid, c.message_id, c.thread_refs, c.thread_subject, c.thread_reply, \
                 c.sent_date, m.internal_date FROM messages m \
                 JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid BETWEEN ?2 AND ?3 ORDER BY m.uid",
            )?;
            let mut q = stmt.query(params![mailbox, uids.start(), uids.end()])?;
            while let Some(r) = q.next()? {
                let text = |i: usize| -> rusqlite::Result<Option<&str>> {
                    Ok(r.get_ref(i)?.as_str_or_null()?)
                };
                let (Some(refs), Some(base_subject)) = (text(2)?, text(3)?) else {
                    return Ok(false);
                };
                each(ThreadRowRef {
                    uid: r.get::<_, i64>(0)? as u32,
                    message_id: text(1)?,
                    refs,
                    base_subject,
                    reply: r.get::<_, Option<bool>>(4)?.unwrap_or(false),
                    sent_date: r.get(5)?,
                    internal_date: r.get(6)?,
                });
            }
            Ok(true)
        })
    }

    /// The messages of `mailbox` whose UIDs fall in `uids`, in UID order, as THREAD reads
    /// them. Contents stored before migration 22 get their references from the blob, once.
    pub fn thread_rows(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<ThreadRow>> {
        let (rows, missing, keys) = self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            // The subject itself only for a content stored before migration 23, whose keys
            // are computed here (and written back).
            let mut stmt = conn.prepare_cached(
                "SELECT m.uid, c.blob, c.message_id, c.thread_refs, c.thread_subject, \
                 c.thread_reply, c.sent_date, m.internal_date, \
                 CASE WHEN c.thread_subject IS NULL THEN c.id END, \
                 CASE WHEN c.thread_subject IS NULL THEN c.subject END \
                 FROM messages m JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid BETWEEN ?2 AND ?3 ORDER BY m.uid",
            )?;
            let mut rows = Vec::new();
            let mut missing = Vec::new();
            let mut keys = Vec::new();
            let mut q = stmt.query(params![mailbox, uids.start(), uids.end()])?;
            while let Some(r) = q.next()? {
                let refs = r
                    .get_ref(3)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?;
                if refs.is_none() {
                    missing.push(rows.len());
                }
                let (base_subject, reply) = match r.get::<_, Option<i64>>(8)? {
                    Some(id) => {
                        let k = SubjectKeys::of(
                            r.get_ref(9)?
                                .as_str_or_null()
                                .map_err(rusqlite::Error::from)?,
                        );
                        let out = (k.thread.clone(), k.reply);
                        keys.push((id, k));
                        out
                    }
                    None => (
                        r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        r.get::<_, Option<bool>>(5)?.unwrap_or(false),
                    ),
                };
                rows.push(ThreadRow {
                    uid: r.get::<_, i64>(0)? as u32,
                    blob: r.get(1)?,
                    message_id: r.get(2)?,
                    refs: split(refs.unwrap_or("")),
                    base_subject,
                    reply,
                    sent_date: r.get(6)?,
                    internal_date: r.get(7)?,
                });
            }
            Ok((rows, missing, keys))
        })?;
        if !keys.is_empty() {
            self.store_subject_keys(keys);
        }
        if missing.is_empty() {
            return Ok(rows);
        }
        self.backfill(rows, missing)
    }

    /// Reads the references of contents stored before migration 22 from their blobs (the
    /// header only) and stores them, so that this happens once per content.
    fn backfill(&self, mut rows: Vec<ThreadRow>, missing: Vec<usize>) -> Result<Vec<ThreadRow>> {
        let mut computed: Vec<(String, String)> = Vec::new();
        for i in missing {
            let Some(row) = rows.get_mut(i) else { continue };
            let refs = match self.blob_bytes(&row.blob) {
                Ok(raw) => mail_parser::MessageParser::new()
                    .parse_headers(&raw)
                    .map(|m| thread_refs(&m))
                    .unwrap_or_default(),
                Err(e) => {
                    tracing::warn!(error = %e, blob = %row.blob, "no references for THREAD");
                    continue;
                }
            };
            row.refs = split(&refs);
            computed.push((row.blob.clone(), refs));
        }
        let written = self.db().write(move |ctx| {
            let mut stmt = ctx
                .conn
                .prepare_cached("UPDATE contents SET thread_refs = ?1 WHERE blob = ?2")?;
            for (hash, refs) in &computed {
                stmt.execute(params![refs, hash])?;
            }
            Ok(())
        });
        if let Err(e) = written {
            // Not fatal: read from the blob again next time.
            tracing::warn!(error = %e, "message references not stored");
        }
        Ok(rows)
    }
}

fn split(refs: &str) -> Vec<String> {
    refs.split_ascii_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::backend::*;

    /// Delivery stores the references; a content stored before migration 22 (NULL) gets them
    /// from its blob on the first read, and they are written back (read once).
    #[test]
    fn references_are_stored_at_delivery_and_backfilled_once() {
        use crate::{AccountKind, NewAccount, OpenMode, Quota};
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteBackend::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
        store.add_domain("demo.gov.vn").unwrap();
        store.add_agency("STTTT", "Sở", None, None).unwrap();
        let account = store
            .create_account(NewAccount {
                address: "an@demo.gov.vn".into(),
                display_name: "An".into(),
                agency_code: "STTTT".into(),
                kind: AccountKind::Personal,
                password_hash: "x".into(),
                quota: Quota::default(),
            })
            .unwrap();
        let raw = |n: u32, refs: &str| -> std::sync::Arc<[u8]> {
            format!("Message-ID: <m{n}@x>\r\n{refs}Subject: s{n}\r\n\r\nbody {n}\r\n")
                .into_bytes()
                .into()
        };
        for (n, refs) in [
            (1, ""),
            (2, "References: <m1@x>\r\n"),
            (3, "In-Reply-To: <m2@x>\r\n"),
        ] {
            store
                .append(
                    account.id,
                    "INBOX",
                    raw(n, refs),
                    Default::default(),
                    Vec::new(),
                    0,
                )
                .unwrap();
        }
        let inbox = store.get_mailbox(account.id, "INBOX").unwrap().id;
        let refs = |store: &SqliteBackend| -> Vec<Vec<String>> {
            store
                .thread_rows(account.id, inbox, 1..=u32::MAX)
                .unwrap()
                .into_iter()
                .map(|r| r.refs)
                .collect()
        };
        let want = vec![vec![], vec!["m1@x".to_string()], vec!["m2@x".to_string()]];
        assert_eq!(refs(&store), want);
        let stored = |store: &SqliteBackend| -> Vec<Option<String>> {
            store
                .db()
                .read(|conn| {
                    let mut stmt = conn.prepare("SELECT thread_refs FROM contents ORDER BY id")?;
                    let rows = stmt.query_map([], |r| r.get(0))?;
                    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
                })
                .unwrap()
        };
        assert_eq!(stored(&store)[1].as_deref(), Some("m1@x"));
        // As if stored before migration 22.
        store
            .db()
            .write(|ctx| {
                ctx.conn
                    .execute("UPDATE contents SET thread_refs = NULL", [])?;
                Ok(())
            })
            .unwrap();
        assert_eq!(refs(&store), want);
        assert_eq!(
            stored(&store),
            vec![
                Some(String::new()),
                Some("m1@x".into()),
                Some("m2@x".into())
            ]
        );
    }

    /// THREAD's narrow read gives the stored references and subject keys; it gives up on a
    /// content stored before migration 23 (no keys), whose keys `thread_rows` then computes
    /// from the stored subject and writes back, so that the next read is the narrow one.
    #[test]
    fn thread_reads_stored_subject_keys_and_backfills_old_contents() {
        use crate::{AccountKind, NewAccount, OpenMode, Quota};
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteBackend::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
        store.add_domain("demo.gov.vn").unwrap();
        store.add_agency("STTTT", "Sở", None, None).unwrap();
        let account = store
            .create_account(NewAccount {
                address: "an@demo.gov.vn".into(),
                display_name: "An".into(),
                agency_code: "STTTT".into(),
                kind: AccountKind::Personal,
                password_hash: "x".into(),
                quota: Quota::default(),
            })
            .unwrap();
        for raw in [
            "Message-ID: <m1@x>\r\nSubject: Báo cáo\r\n\r\nbody\r\n",
            "Message-ID: <m2@x>\r\nReferences: <m1@x>\r\nSubject: TL: Báo cáo\r\n\r\nbody\r\n",
        ] {
            store
                .append(
                    account.id,
                    "INBOX",
                    raw.as_bytes().to_vec().into(),
                    Default::default(),
                    Vec::new(),
                    0,
                )
                .unwrap();
        }
        let inbox = store.get_mailbox(account.id, "INBOX").unwrap().id;
        let narrow = |store: &SqliteBackend| {
            let mut got = Vec::new();
            let complete = store
                .each_thread_row(account.id, inbox, 1..=u32::MAX, |r| {
                    got.push((
                        r.uid,
                        r.message_id.map(str::to_string),
                        r.refs.to_string(),
                        r.base_subject.to_string(),
                        r.reply,
                    ))
                })
                .unwrap();
            (complete, got)
        };
        let base = crate::subject::casemap("Báo cáo");
        let want = vec![
            (
                1,
                Some("m1@x".to_string()),
                String::new(),
                base.clone(),
                false,
            ),
            (
                2,
                Some("m2@x".to_string()),
                "m1@x".to_string(),
                base.clone(),
                true,
            ),
        ];
        assert_eq!(narrow(&store), (true, want.clone()));
        // As if stored before migration 23.
        store
            .db()
            .write(|ctx| {
                ctx.conn.execute(
                    "UPDATE contents SET thread_subject = NULL, thread_reply = NULL, \
                     sort_subject = NULL WHERE id = (SELECT max(id) FROM contents)",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        assert!(!narrow(&store).0, "gives up on a content without keys");
        let rows = store.thread_rows(account.id, inbox, 1..=u32::MAX).unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| (r.base_subject.clone(), r.reply))
                .collect::<Vec<_>>(),
            [(base.clone(), false), (base, true)]
        );
        assert_eq!(narrow(&store), (true, want), "the keys were written back");
    }

    fn refs_of(raw: &str) -> String {
        let m = mail_parser::MessageParser::new()
            .parse(raw.as_bytes())
            .unwrap();
        thread_refs(&m)
    }

    #[test]
    fn references_then_in_reply_to() {
        assert_eq!(
            refs_of("References: <a@x> <b@x>\r\n  <c@x>\r\nIn-Reply-To: <z@x>\r\n\r\n."),
            "a@x b@x c@x"
        );
        assert_eq!(refs_of("In-Reply-To: <z@x> <y@x>\r\n\r\n."), "z@x");
        assert_eq!(
            refs_of("References: garbage\r\nIn-Reply-To: <z@x>\r\n\r\n."),
            "garbage"
        );
        assert_eq!(refs_of("Subject: x\r\n\r\n."), "");
    }

    #[test]
    fn thread_ids_follow_the_oldest_reference() {
        let a = thread_id(Some("a@x"), &[], "00");
        let b = thread_id(Some("b@x"), &["a@x".into()], "11");
        let c = thread_id(Some("c@x"), &["a@x".into(), "b@x".into()], "22");
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_ne!(thread_id(None, &[], "00"), thread_id(None, &[], "11"));
        assert!(a.starts_with('T') && a.len() == 25);
        assert_eq!(email_id("abcdef"), "Mabcdef");
    }
}
