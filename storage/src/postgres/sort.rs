//! What SORT, THREAD, SAVEDATE and PREVIEW read on PostgreSQL (the `Messages` methods of
//! storage/src/sqlite/sort_keys.rs, thread.rs and preview.rs): only the columns asked for,
//! the subject keys stored at delivery (migration 3), and for contents stored before them
//! the keys computed from the stored subject and written back, once.

use tokio_postgres::Row;

use super::mailbox::owned;
use super::pool::Queries;
use super::{PgBackend, PgResult, pg_write};
use crate::sort_keys::{SortColumns, SortRow};
use crate::subject::SubjectKeys;
use crate::thread::{ThreadRow, ThreadRowRef};
use crate::types::{AccountId, MailboxId};

/// Column positions of [`sort_sql`]'s rows.
const UID: usize = 0;
const INTERNAL_DATE: usize = 1;
const SENT_DATE: usize = 2;
const SIZE: usize = 3;
const SORT_SUBJECT: usize = 4;
/// The content's id and subject, only for a content without stored keys.
const CONTENT: usize = 5;
const SUBJECT: usize = 6;
const FROM: usize = 7;
const TO: usize = 8;
const CC: usize = 9;

/// The query of `columns`: fixed column positions, typed NULL for what is not needed, and no
/// join with `contents` when none of its columns is needed (SORT ARRIVAL).
pub(crate) fn sort_sql(columns: &SortColumns) -> String {
    let pick = |on: bool, expr: &str, null: &str| {
        if on {
            expr.to_string()
        } else {
            format!("NULL::{null}")
        }
    };
    let c = columns;
    let joins = c.sent_date || c.size || c.subject || c.from || c.to || c.cc;
    let mut sql = format!(
        "SELECT m.uid, {}, {}, {}, {}, {}, {}, {}, {}, {} FROM messages m ",
        pick(c.internal_date || c.sent_date, "m.internal_date", "bigint"),
        pick(c.sent_date, "c.sent_date", "bigint"),
        pick(c.size, "c.size", "bigint"),
        pick(c.subject, "c.sort_subject", "text"),
        pick(
            c.subject,
            "CASE WHEN c.sort_subject IS NULL THEN c.id END",
            "bigint"
        ),
        pick(
            c.subject,
            "CASE WHEN c.sort_subject IS NULL THEN c.subject END",
            "text"
        ),
        pick(c.from, "c.from_addr", "text"),
        pick(c.to, "c.to_addr", "text"),
        pick(c.cc, "c.cc_addr", "text"),
    );
    if joins {
        sql.push_str("JOIN contents c ON c.id = m.content_id ");
    }
    sql.push_str("WHERE m.mailbox_id = $1 AND m.uid BETWEEN $2 AND $3 ORDER BY m.uid");
    sql
}

/// The rows of [`sort_sql`] for `mailbox` (owned by `account`).
pub(crate) async fn sort_rows(
    c: &impl Queries,
    account: AccountId,
    mailbox: MailboxId,
    (first, last): (i64, i64),
    columns: &SortColumns,
) -> PgResult<Vec<Row>> {
    owned(c, account, mailbox).await?;
    Ok(c.query(&sort_sql(columns), &[&mailbox, &first, &last])
        .await?)
}

/// Hands the rows to `each` (on the caller's thread); returns the keys computed for
/// contents stored without them, to be written back.
pub(crate) fn each_sort_row(
    rows: &[Row],
    c: &SortColumns,
    each: &mut dyn FnMut(SortRow<'_>),
) -> Vec<(i64, SubjectKeys)> {
    let mut computed: Vec<(i64, SubjectKeys)> = Vec::new();
    for r in rows {
        let text = |on: bool, i: usize| -> Option<&str> { if on { r.get(i) } else { None } };
        let stored = text(c.subject, SORT_SUBJECT);
        let fresh = match (c.subject, stored, r.get::<_, Option<i64>>(CONTENT)) {
            (true, None, Some(id)) => {
                computed.push((id, SubjectKeys::of(r.get(SUBJECT))));
                computed.last().map(|(_, k)| k.sort.clone())
            }
            _ => None,
        };
        each(SortRow {
            uid: r.get::<_, i64>(UID) as u32,
            internal_date: r.get::<_, Option<i64>>(INTERNAL_DATE).unwrap_or(0),
            sent_date: r.get(SENT_DATE),
            size: r.get::<_, Option<i64>>(SIZE).unwrap_or(0).max(0) as u64,
            subject: fresh.as_deref().or(stored).unwrap_or(""),
            from: text(c.from, FROM),
            to: text(c.to, TO),
            cc: text(c.cc, CC),
        });
    }
    computed
}

const THREAD_SQL: &str = "SELECT m.uid, c.message_id, c.thread_refs, c.thread_subject, \
     c.thread_reply, c.sent_date, m.internal_date FROM messages m \
     JOIN contents c ON c.id = m.content_id \
     WHERE m.mailbox_id = $1 AND m.uid BETWEEN $2 AND $3 ORDER BY m.uid";

pub(crate) async fn thread_ref_rows(
    c: &impl Queries,
    account: AccountId,
    mailbox: MailboxId,
    (first, last): (i64, i64),
) -> PgResult<Vec<Row>> {
    owned(c, account, mailbox).await?;
    Ok(c.query(THREAD_SQL, &[&mailbox, &first, &last]).await?)
}

/// Hands the rows to `each`; false (having stopped) at the first content stored without its
/// references or subject keys.
pub(crate) fn each_thread_row(rows: &[Row], each: &mut dyn FnMut(ThreadRowRef<'_>)) -> bool {
    for r in rows {
        let (Some(refs), Some(base_subject)) =
            (r.get::<_, Option<&str>>(2), r.get::<_, Option<&str>>(3))
        else {
            return false;
        };
        each(ThreadRowRef {
            uid: r.get::<_, i64>(0) as u32,
            message_id: r.get(1),
            refs,
            base_subject,
            reply: r.get::<_, Option<bool>>(4).unwrap_or(false),
            sent_date: r.get(5),
            internal_date: r.get(6),
        });
    }
    true
}

/// THREAD's owned rows, with the subject itself only for a content stored without keys.
pub(crate) const THREAD_ROWS_SQL: &str = "SELECT m.uid, c.blob, c.message_id, c.thread_refs, \
     c.thread_subject, c.thread_reply, c.sent_date, m.internal_date, \
     CASE WHEN c.thread_subject IS NULL THEN c.id END, \
     CASE WHEN c.thread_subject IS NULL THEN c.subject END \
     FROM messages m JOIN contents c ON c.id = m.content_id \
     WHERE m.mailbox_id = $1 AND m.uid BETWEEN $2 AND $3 ORDER BY m.uid";

/// The rows of [`THREAD_ROWS_SQL`] as [`ThreadRow`]s; also the indexes of the rows whose
/// references are missing (read from the blob by the caller) and the subject keys computed.
pub(crate) fn thread_rows(rows: &[Row]) -> (Vec<ThreadRow>, Vec<usize>, Vec<(i64, SubjectKeys)>) {
    let mut out = Vec::with_capacity(rows.len());
    let mut missing = Vec::new();
    let mut keys = Vec::new();
    for r in rows {
        let refs: Option<&str> = r.get(3);
        if refs.is_none() {
            missing.push(out.len());
        }
        let (base_subject, reply) = match r.get::<_, Option<i64>>(8) {
            Some(id) => {
                let k = SubjectKeys::of(r.get(9));
                let pair = (k.thread.clone(), k.reply);
                keys.push((id, k));
                pair
            }
            None => (
                r.get::<_, Option<String>>(4).unwrap_or_default(),
                r.get::<_, Option<bool>>(5).unwrap_or(false),
            ),
        };
        out.push(ThreadRow {
            uid: r.get::<_, i64>(0) as u32,
            blob: r.get(1),
            message_id: r.get(2),
            refs: refs
                .unwrap_or("")
                .split_ascii_whitespace()
                .map(str::to_string)
                .collect(),
            base_subject,
            reply,
            sent_date: r.get(6),
            internal_date: r.get(7),
        });
    }
    (out, missing, keys)
}

impl PgBackend {
    /// Writes the subject keys computed for contents stored before migration 3. Not fatal
    /// when it fails: they are computed again next time.
    pub(crate) fn store_subject_keys(&self, computed: Vec<(i64, SubjectKeys)>) {
        let written = pg_write!(self, |tx, notes| {
            for (id, keys) in &computed {
                tx.execute(
                    "UPDATE contents SET sort_subject = $1, thread_subject = $2, \
                     thread_reply = $3 WHERE id = $4",
                    &[&keys.sort, &keys.thread, &keys.reply, id],
                )
                .await?;
            }
            Ok(())
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, "subject keys not stored");
        }
    }

    /// Writes back values computed for some contents (`sql` with $1 the value, $2 the key):
    /// references read from blobs, previews. Not fatal when it fails: computed again next
    /// time.
    pub(crate) fn store_computed<K, V>(&self, sql: &'static str, computed: Vec<(K, V)>, what: &str)
    where
        K: tokio_postgres::types::ToSql + Sync + Send + 'static,
        V: tokio_postgres::types::ToSql + Sync + Send + 'static,
    {
        let written = pg_write!(self, |tx, notes| {
            for (key, value) in &computed {
                tx.execute(sql, &[value, key]).await?;
            }
            Ok(())
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, "{what} not stored");
        }
    }
}
