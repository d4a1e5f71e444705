//! What SORT (RFC 5256 §3, RFC 5957) reads of each message: only the columns its criteria
//! compare, for a whole mailbox in one query, handed over row by row without collecting them.
//!
//! A SORT of 100,000 messages used to load every message's full metadata (flags, keywords,
//! blob hash, subject, addresses…) and work out each base subject again; SORT (REVERSE
//! ARRIVAL) now reads two integer columns of `messages` and nothing of `contents`, SORT
//! (SUBJECT) the stored key of migration 23.

use std::ops::RangeInclusive;

use rusqlite::params;

use crate::error::Result;
use crate::mailbox::owned;
use crate::sqlite::SqliteBackend;
use crate::subject::SubjectKeys;
use crate::{AccountId, MailboxId};

/// The columns a SORT needs; those not asked for are read as NULL (and `contents` is not
/// joined at all when none of its columns is asked for).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SortColumns {
    pub internal_date: bool,
    /// The Date header (falls back on the internal date, which is then read too).
    pub sent_date: bool,
    pub size: bool,
    /// The stored SORT key of the base subject (`contents.sort_subject`).
    pub subject: bool,
    pub from: bool,
    pub to: bool,
    pub cc: bool,
}

/// One message as SORT sees it; what was not asked for is 0, `None` or "".
#[derive(Debug, Clone, Copy, Default)]
pub struct SortRow<'a> {
    pub uid: u32,
    pub internal_date: i64,
    /// The Date header, Unix seconds.
    pub sent_date: Option<i64>,
    pub size: u64,
    /// The base subject of RFC 5256 §2.1 in i;unicode-casemap form: compare as octets.
    pub subject: &'a str,
    /// The address fields as stored (`Name <local@host>, …`).
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub cc: Option<&'a str>,
}

impl SortColumns {
    fn contents(&self) -> bool {
        self.sent_date || self.size || self.subject || self.from || self.to || self.cc
    }

    /// The query: fixed column positions, NULL for what is not needed.
    fn sql(&self) -> String {
        let pick = |on: bool, expr: &str| if on { expr.to_string() } else { "NULL".into() };
        let mut sql = format!(
            "SELECT m.uid, {}, {}, {}, {}, {}, {}, {}, {}, {} FROM messages m ",
            pick(self.internal_date || self.sent_date, "m.internal_date"),
            pick(self.sent_date, "c.sent_date"),
            pick(self.size, "c.size"),
            pick(self.subject, "c.sort_subject"),
            // The content, for one stored before migration 23 (no key): its subject is then
            // read apart. Not a CASE here: every column of `contents` read costs, 100,000 times.
            pick(self.subject, "m.content_id"),
            "NULL",
            pick(self.from, "c.from_addr"),
            pick(self.to, "c.to_addr"),
            pick(self.cc, "c.cc_addr"),
        );
        if self.contents() {
            sql.push_str("JOIN contents c ON c.id = m.content_id ");
        }
        sql.push_str("WHERE m.mailbox_id = ?1 AND m.uid BETWEEN ?2 AND ?3 ORDER BY m.uid");
        sql
    }
}

impl SqliteBackend {
    /// Calls `each` with the sort columns `columns` of the messages of `mailbox` whose UIDs
    /// fall in `uids`, in UID order. Contents stored before migration 23 get their subject
    /// keys computed here from the stored subject and written back, once.
    pub fn each_sort_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        columns: SortColumns,
        mut each: impl FnMut(SortRow<'_>),
    ) -> Result<()> {
        let computed = self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(&columns.sql())?;
            let mut rows = stmt.query(params![mailbox, uids.start(), uids.end()])?;
            let mut computed: Vec<(i64, SubjectKeys)> = Vec::new();
            // Only the columns asked for are fetched: each costs a few hundred instructions,
            // 100,000 times.
            let c = columns;
            let mut subject_of = None;
            while let Some(r) = rows.next()? {
                let text = |on: bool, i: usize| -> rusqlite::Result<Option<&str>> {
                    if !on {
                        return Ok(None);
                    }
                    Ok(r.get_ref(i)?.as_str_or_null()?)
                };
                let stored = text(c.subject, 4)?;
                let fresh = match (c.subject, stored) {
                    (true, None) => {
                        let id: i64 = r.get(5)?;
                        let subject: Option<String> = subject_of
                            .get_or_insert(
                                conn.prepare_cached("SELECT subject FROM contents WHERE id = ?1")?,
                            )
                            .query_row([id], |r| r.get(0))?;
                        computed.push((id, SubjectKeys::of(subject.as_deref())));
                        computed.last().map(|(_, k)| k.sort.as_str())
                    }
                    _ => None,
                };
                each(SortRow {
                    uid: r.get::<_, i64>(0)? as u32,
                    internal_date: if c.internal_date || c.sent_date {
                        r.get(1)?
                    } else {
                        0
                    },
                    sent_date: if c.sent_date { r.get(2)? } else { None },
                    size: if c.size {
                        r.get::<_, i64>(3)?.max(0) as u64
                    } else {
                        0
                    },
                    subject: fresh.or(stored).unwrap_or(""),
                    from: text(c.from, 7)?,
                    to: text(c.to, 8)?,
                    cc: text(c.cc, 9)?,
                });
            }
            Ok(computed)
        })?;
        if !computed.is_empty() {
            self.store_subject_keys(computed);
        }
        Ok(())
    }

    /// Writes the subject keys computed for contents stored before migration 23. Not fatal
    /// when it fails: they are computed again next time.
    pub(crate) fn store_subject_keys(&self, computed: Vec<(i64, SubjectKeys)>) {
        let written = self.db().write(move |ctx| {
            let mut stmt = ctx.conn.prepare_cached(
                "UPDATE contents SET sort_subject = ?1, thread_subject = ?2, thread_reply = ?3 \
                 WHERE id = ?4",
            )?;
            for (id, keys) in &computed {
                stmt.execute(params![keys.sort, keys.thread, keys.reply, id])?;
            }
            Ok(())
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, "subject keys not stored");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::backend::*;

    fn rows(
        store: &SqliteBackend,
        account: AccountId,
        mailbox: MailboxId,
        c: SortColumns,
    ) -> Vec<String> {
        let mut out = Vec::new();
        store
            .each_sort_row(account, mailbox, 1..=u32::MAX, c, |r| {
                out.push(format!(
                    "{} {} {:?} {} {:?} {:?} {:?} {:?}",
                    r.uid, r.internal_date, r.sent_date, r.size, r.subject, r.from, r.to, r.cc
                ))
            })
            .unwrap();
        out
    }

    /// Delivery stores the subject keys; only the columns asked for are read; a content
    /// stored before migration 23 (NULL keys) gets them from its subject on the first read,
    /// and they are written back.
    #[test]
    fn keys_are_stored_at_delivery_and_backfilled_once() {
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
        for (subject, date) in [
            (
                "Subject: Trả lời: Re: Báo cáo\r\n",
                "Date: Mon, 7 Dec 2026 08:00:00 +0700\r\n",
            ),
            ("", ""),
        ] {
            let raw = format!("From: An <an@x.vn>\r\nTo: <b@y.vn>\r\n{subject}{date}\r\nbody\r\n");
            store
                .append(
                    account.id,
                    "INBOX",
                    raw.into_bytes().into(),
                    Default::default(),
                    Vec::new(),
                    1_000,
                )
                .unwrap();
        }
        let inbox = store.get_mailbox(account.id, "INBOX").unwrap().id;
        let all = SortColumns {
            internal_date: true,
            sent_date: true,
            size: true,
            subject: true,
            from: true,
            to: true,
            cc: true,
        };
        // SORT keeps the Vietnamese marker, and so the "Re:" after it (RFC 5256 §7).
        let want_subject = crate::subject::casemap("Trả lời: Re: Báo cáo");
        assert_eq!(
            rows(&store, account.id, inbox, all),
            [
                format!(
                    "1 1000 Some(1796605200) 117 {want_subject:?} Some(\"An <an@x.vn>\") \
                     Some(\"<b@y.vn>\") None"
                ),
                "2 1000 None 42 \"\" Some(\"An <an@x.vn>\") Some(\"<b@y.vn>\") None".to_string(),
            ]
        );
        // Only the arrival: nothing else is read.
        let arrival = SortColumns {
            internal_date: true,
            ..SortColumns::default()
        };
        assert_eq!(
            rows(&store, account.id, inbox, arrival),
            [
                "1 1000 None 0 \"\" None None None",
                "2 1000 None 0 \"\" None None None"
            ]
        );
        let stored =
            |store: &SqliteBackend| -> Vec<(Option<String>, Option<String>, Option<bool>)> {
                store
                    .db()
                    .read(|conn| {
                        let mut stmt = conn.prepare(
                            "SELECT sort_subject, thread_subject, thread_reply FROM contents \
                         ORDER BY id",
                        )?;
                        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
                    })
                    .unwrap()
            };
        let at_delivery = stored(&store);
        assert_eq!(
            at_delivery[0],
            (
                Some(want_subject.clone()),
                Some(crate::subject::casemap("Báo cáo")),
                Some(true)
            )
        );
        assert_eq!(
            at_delivery[1],
            (Some(String::new()), Some(String::new()), Some(false))
        );
        // As if stored before migration 23.
        store
            .db()
            .write(|ctx| {
                ctx.conn.execute(
                    "UPDATE contents SET sort_subject = NULL, thread_subject = NULL, \
                     thread_reply = NULL",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        let subject_only = SortColumns {
            subject: true,
            ..SortColumns::default()
        };
        let got = rows(&store, account.id, inbox, subject_only);
        assert_eq!(
            got[0],
            format!("1 0 None 0 {want_subject:?} None None None")
        );
        assert_eq!(stored(&store), at_delivery);
    }
}
