//! [`Import`] on PostgreSQL: mailboxes and messages written with the source store's
//! UIDVALIDITY, UIDs and MODSEQs (`govmail store migrate` into PostgreSQL). Locks as
//! message.rs takes them: the mailbox row (`FOR UPDATE`), then the account's; so an import
//! beside a running node's deliveries serialises with them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tokio_postgres::types::ToSql;

use super::message::{content_for, release_content_refs};
use super::pool::Queries;
use super::{PgBackend, PgResult, pg_write};
use crate::backend::{Import, ImportedMailbox, ImportedMessage, Row, Span, Table, Value};
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::flags::{check_keyword, join_keywords};
use crate::meta::MessageMeta;
use crate::transfer::{self, ACCOUNT_NAMES, AGENCY_NAMES, Dialect, Kind};
use crate::types::{AccountId, MailboxId};

impl Import for PgBackend {
    fn import_mailbox(&self, account: AccountId, mailbox: &ImportedMailbox) -> Result<MailboxId> {
        let name = crate::rules::imported_mailbox_name(mailbox)?;
        let m = mailbox.clone();
        pg_write!(self, |tx, notes| {
            // UIDVALIDITYs are unique across the database (migration 1): under the counter's
            // lock, as new mailboxes take theirs (mailbox.rs).
            tx.execute(
                "SELECT value FROM counters WHERE name = 'uidvalidity' FOR UPDATE",
                &[],
            )
            .await?;
            let found = tx
                .query_opt(
                    "SELECT id, uidvalidity, uidnext FROM mailboxes \
                     WHERE account_id = $1 AND name = $2 FOR UPDATE",
                    &[&account, &name],
                )
                .await?;
            let this: Option<MailboxId> = found.as_ref().map(|r| r.get(0));
            let wanted = i64::from(m.uidvalidity);
            // Another mailbox holding the value: this store gave it out itself (a default
            // mailbox of an account the copy created). Never used (no message ever), it
            // takes a fresh value above every other; holding mail, the stores disagree.
            tx.execute(
                "UPDATE mailboxes SET uidvalidity = (SELECT greatest(max(uidvalidity) + 1, \
                   (SELECT value + 1 FROM counters WHERE name = 'uidvalidity')) FROM mailboxes) \
                 WHERE uidvalidity = $1 AND id IS DISTINCT FROM $2 AND uidnext = 1 \
                 AND NOT EXISTS (SELECT 1 FROM messages WHERE mailbox_id = mailboxes.id)",
                &[&wanted, &this],
            )
            .await?;
            tx.execute(
                "UPDATE counters SET value = greatest(value, \
                   (SELECT max(uidvalidity) FROM mailboxes)) WHERE name = 'uidvalidity'",
                &[],
            )
            .await?;
            let taken = tx
                .query_opt(
                    "SELECT id FROM mailboxes WHERE uidvalidity = $1 AND id IS DISTINCT FROM $2",
                    &[&wanted, &this],
                )
                .await?;
            if taken.is_some() {
                return Err(StorageError::Conflict(format!(
                    "UIDVALIDITY {wanted} of mailbox {name:?} is another mailbox's, which \
                     holds mail, in the target store"
                ))
                .into());
            }
            let id: MailboxId = match found {
                Some(r) if r.get::<_, i64>(1) == i64::from(m.uidvalidity) => r.get(0),
                Some(r) => {
                    let id: MailboxId = r.get(0);
                    let holds: bool = tx
                        .query_one(
                            "SELECT EXISTS (SELECT 1 FROM messages WHERE mailbox_id = $1)",
                            &[&id],
                        )
                        .await?
                        .get(0);
                    if holds || r.get::<_, i64>(2) != 1 {
                        return Err(StorageError::Conflict(format!(
                            "mailbox {name:?} already holds mail under another UIDVALIDITY"
                        ))
                        .into());
                    }
                    tx.execute(
                        "UPDATE mailboxes SET uidvalidity = $2 WHERE id = $1",
                        &[&id, &i64::from(m.uidvalidity)],
                    )
                    .await?;
                    id
                }
                None => {
                    notes.push((account, Change::MailboxesChanged));
                    tx.query_one(
                        "INSERT INTO mailboxes (account_id, name, special_use, uidvalidity) \
                         VALUES ($1, $2, $3, $4) RETURNING id",
                        &[&account, &name, &m.special_use, &i64::from(m.uidvalidity)],
                    )
                    .await?
                    .get(0)
                }
            };
            tx.execute(
                "UPDATE mailboxes SET uidnext = greatest(uidnext, $2), \
                 highest_modseq = greatest(highest_modseq, $3) WHERE id = $1",
                &[&id, &i64::from(m.uidnext), &(m.highest_modseq as i64)],
            )
            .await?;
            // Later mailboxes take values above every imported one.
            tx.execute(
                "UPDATE counters SET value = greatest(value, $1) WHERE name = 'uidvalidity'",
                &[&i64::from(m.uidvalidity)],
            )
            .await?;
            Ok(id)
        })
    }

    fn hidden_mailboxes(&self, account: AccountId) -> Result<Vec<crate::Mailbox>> {
        use super::mailbox::{NOT_HIDDEN, mailbox_from_row, select};
        self.read(move |c| async move {
            let rows = c
                .query(
                    &format!(
                        "{} WHERE m.account_id = $1 AND NOT ({NOT_HIDDEN}) ORDER BY m.name",
                        select(crate::Counts::Without)
                    ),
                    &[&account],
                )
                .await?;
            Ok(rows.iter().map(mailbox_from_row).collect())
        })
    }

    fn import_messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        messages: Vec<ImportedMessage>,
    ) -> Result<usize> {
        if messages.is_empty() {
            return Ok(0);
        }
        crate::rules::imported_messages(&messages)?;
        let wanted: Vec<i64> = messages.iter().map(|m| i64::from(m.uid)).collect();
        let present: HashSet<u32> = self.read(move |c| async move {
            Ok(c.query(
                "SELECT uid FROM messages WHERE mailbox_id = $1 AND uid = ANY($2)",
                &[&mailbox, &wanted],
            )
            .await?
            .iter()
            .map(|r| r.get::<_, i64>(0) as u32)
            .collect())
        })?;
        let mut staged = Vec::new();
        for m in messages.into_iter().filter(|m| !present.contains(&m.uid)) {
            let blob = self.stage(&m.raw)?;
            let meta = MessageMeta::parse(&m.raw);
            staged.push((blob, meta, m));
        }
        if staged.is_empty() {
            return Ok(0);
        }
        let blobs = self.blobs().clone();
        pg_write!(self, |tx, notes| {
            let recall = owned_recall(&tx, account, mailbox).await?;
            let now = crate::now();
            let mut written = Vec::new();
            let (mut bytes, mut top) = (0i64, (0i64, 0i64));
            for (blob, meta, m) in &staged {
                let content = content_for(&tx, &blobs, blob, &m.raw, meta).await?;
                let keywords = join_keywords(&m.keywords);
                // The message and its content's reference in one statement (a round trip
                // each before).
                let inserted = tx
                    .execute(
                        "WITH m AS (INSERT INTO messages (mailbox_id, uid, content_id, flags, \
                           keywords, modseq, internal_date, save_date) \
                           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                           ON CONFLICT DO NOTHING RETURNING content_id) \
                         UPDATE contents c SET refs = c.refs + 1 FROM m WHERE c.id = m.content_id",
                        &[
                            &mailbox,
                            &i64::from(m.uid),
                            &content,
                            &i64::from(m.flags.0),
                            &keywords,
                            &(m.modseq as i64),
                            &m.internal_date,
                            &now,
                        ],
                    )
                    .await?;
                if inserted == 0 {
                    continue;
                }
                bytes += blob.size as i64;
                top = (top.0.max(i64::from(m.uid)), top.1.max(m.modseq as i64));
                notes.push((
                    account,
                    Change::Appended {
                        mailbox,
                        uid: m.uid,
                        modseq: m.modseq,
                    },
                ));
                written.push(i64::from(m.uid));
            }
            // The account's usage and the mailbox's counters once for the batch.
            if !written.is_empty() {
                tx.execute(
                    "UPDATE accounts SET used_bytes = used_bytes + $1, \
                     used_messages = used_messages + $2 WHERE id = $3",
                    &[&bytes, &(written.len() as i64), &account],
                )
                .await?;
                tx.execute(
                    "UPDATE mailboxes SET uidnext = greatest(uidnext, $2::bigint + 1), \
                     highest_modseq = greatest(highest_modseq, $3) WHERE id = $1",
                    &[&mailbox, &top.0, &top.1],
                )
                .await?;
            }
            if recall && !written.is_empty() {
                // The trigger recall_on_insert (migration 1) made them recall requests,
                // meant for a user's COPY or MOVE: undone before anyone sees them.
                tx.execute(
                    "DELETE FROM recall_requests WHERE kind = 'mailbox' \
                     AND mailbox_id = $1 AND uid = ANY($2)",
                    &[&mailbox, &written],
                )
                .await?;
            }
            Ok(written.len())
        })
    }

    fn import_expunge(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: Vec<u32>,
    ) -> Result<usize> {
        if uids.is_empty() {
            return Ok(0);
        }
        let uids: Vec<i64> = uids.into_iter().map(i64::from).collect();
        pg_write!(self, |tx, notes| {
            owned_recall(&tx, account, mailbox).await?;
            let removed = tx
                .query(
                    "DELETE FROM messages m WHERE m.mailbox_id = $1 AND m.uid = ANY($2) \
                     RETURNING m.uid, m.content_id, \
                       (SELECT size FROM contents WHERE id = m.content_id)",
                    &[&mailbox, &uids],
                )
                .await?;
            let modseq: i64 = tx
                .query_one(
                    "SELECT highest_modseq FROM mailboxes WHERE id = $1",
                    &[&mailbox],
                )
                .await?
                .get(0);
            // Content rows in id order: the lock order of message.rs.
            let mut refs: std::collections::BTreeMap<i64, i64> = Default::default();
            let mut freed = 0i64;
            for r in &removed {
                *refs.entry(r.get(1)).or_default() += 1;
                freed += r.get::<_, i64>(2);
                notes.push((
                    account,
                    Change::Expunged {
                        mailbox,
                        uid: r.get::<_, i64>(0) as u32,
                        modseq: modseq as u64,
                    },
                ));
            }
            for (content, count) in refs {
                release_content_refs(&tx, content, count).await?;
            }
            if !removed.is_empty() {
                tx.execute(
                    "UPDATE accounts SET used_bytes = used_bytes - $1, \
                     used_messages = used_messages - $2 WHERE id = $3",
                    &[&freed, &(removed.len() as i64), &account],
                )
                .await?;
            }
            Ok(removed.len())
        })
    }

    fn import_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        messages: Vec<ImportedMessage>,
    ) -> Result<usize> {
        for m in &messages {
            m.keywords.iter().try_for_each(|k| check_keyword(k))?;
        }
        pg_write!(self, |tx, notes| {
            let owner: Option<AccountId> = tx
                .query_opt(
                    "SELECT account_id FROM mailboxes WHERE id = $1 FOR UPDATE",
                    &[&mailbox],
                )
                .await?
                .map(|r| r.get(0));
            if owner != Some(account) {
                return Err(StorageError::not_found("mailbox", mailbox.to_string()).into());
            }
            let mut set = 0usize;
            for m in &messages {
                let keywords = join_keywords(&m.keywords);
                let changed = tx
                    .execute(
                        "UPDATE messages SET flags = $3, keywords = $4, modseq = $5 \
                         WHERE mailbox_id = $1 AND uid = $2",
                        &[
                            &mailbox,
                            &i64::from(m.uid),
                            &i64::from(m.flags.0),
                            &keywords,
                            &(m.modseq as i64),
                        ],
                    )
                    .await?;
                if changed == 0 {
                    continue;
                }
                tx.execute(
                    "UPDATE mailboxes SET highest_modseq = greatest(highest_modseq, $2) \
                     WHERE id = $1",
                    &[&mailbox, &(m.modseq as i64)],
                )
                .await?;
                notes.push((
                    account,
                    Change::FlagsChanged {
                        mailbox,
                        uid: m.uid,
                        modseq: m.modseq,
                    },
                ));
                set += 1;
            }
            Ok(set)
        })
    }

    fn export_rows(&self, table: Table, span: Span, limit: usize) -> Result<Vec<Row>> {
        let spec = transfer::spec(table);
        let scope = spec.scope_of(&span)?;
        self.read(move |c| async move {
            let spec = transfer::spec(table);
            let sql = spec.export_sql(Dialect::Postgres);
            let limit = limit as i64;
            let mut params: Vec<&(dyn ToSql + Sync)> = vec![&span.after, &limit];
            if let Some(scope) = &scope {
                params.push(scope);
            }
            let found = c.query(&sql, &params).await?;
            let mut rows = Vec::with_capacity(found.len());
            for r in &found {
                let mut row = Row::with_capacity(spec.columns.len());
                for (i, &(_, kind)) in spec.columns.iter().enumerate() {
                    row.push(if is_int(kind) {
                        r.get::<_, Option<i64>>(i).map_or(Value::Null, Value::Int)
                    } else {
                        r.get::<_, Option<String>>(i)
                            .map_or(Value::Null, Value::Text)
                    });
                }
                rows.push(row);
            }
            if spec.has_lists() {
                let (accounts, agencies) = list_names(&c, false).await?;
                spec.map_lists(&mut rows, &accounts, &agencies);
            }
            Ok(rows)
        })
    }

    fn replace_rows(
        &self,
        table: Table,
        span: Span,
        rows: Vec<Row>,
        contents: Vec<Arc<[u8]>>,
    ) -> Result<usize> {
        let spec = transfer::spec(table);
        let scope = spec.scope_of(&span)?;
        spec.check_rows(&rows, span.after, span.upto)?;
        let mut staged = Vec::new();
        for raw in contents {
            let blob = self.stage(&raw)?;
            let meta = MessageMeta::parse(&raw);
            staged.push((blob, meta, raw));
        }
        let added: Vec<String> = spec
            .owned_blobs(&rows)
            .into_iter()
            .map(String::from)
            .collect();
        let blobs = self.blobs().clone();
        pg_write!(self, |tx, notes| {
            let spec = transfer::spec(table);
            for (blob, meta, raw) in &staged {
                content_for(&tx, &blobs, blob, raw, meta).await?;
            }
            let mut rows = rows.clone();
            if spec.has_lists() {
                let (accounts, agencies) = list_names(&tx, true).await?;
                spec.map_lists(&mut rows, &accounts, &agencies);
            }
            let mut range: Vec<&(dyn ToSql + Sync)> = vec![&span.after, &span.upto];
            if let Some(scope) = &scope {
                range.push(scope);
            }
            // The contents the rows replaced hold: released once the new rows hold theirs,
            // so that a content both hold is never dropped in between.
            let mut released: HashMap<i64, i64> = HashMap::new();
            if let Some(sql) = spec.owned_contents_sql(Dialect::Postgres) {
                for r in tx.query(&sql, &range).await? {
                    *released.entry(r.get(0)).or_default() += 1;
                }
            }
            if let Some(sql) = spec.delete_children_sql(Dialect::Postgres) {
                tx.execute(&sql, &range).await?;
            }
            tx.execute(&spec.delete_sql(Dialect::Postgres), &range)
                .await?;
            // The page in one statement (a page of 1,000 rows was 2,000 round trips).
            if !rows.is_empty() {
                let arrays = column_arrays(spec.columns, &rows)?;
                let mut params: Vec<&(dyn ToSql + Sync)> =
                    arrays.iter().map(|v| &**v as &(dyn ToSql + Sync)).collect();
                if let Some(scope) = &scope {
                    params.push(scope);
                }
                tx.execute(&spec.insert_many_sql(), &params).await?;
            }
            if !added.is_empty() {
                tx.execute(
                    "UPDATE contents c SET refs = c.refs + a.n FROM \
                     (SELECT blob, count(*) AS n FROM unnest($1::text[]) AS blob GROUP BY blob) a \
                     WHERE c.blob = a.blob",
                    &[&added],
                )
                .await?;
            }
            for (content, count) in &released {
                release_content_refs(&tx, *content, *count).await?;
            }
            if let Some(sql) = spec.identity_sql() {
                tx.execute(&sql, &[]).await?;
            }
            Ok(rows.len())
        })
    }
}

/// Locks the mailbox, then its account (message.rs's order), checking that the mailbox is
/// the account's; whether it is the recall folder.
async fn owned_recall(tx: &impl Queries, account: AccountId, mailbox: MailboxId) -> PgResult<bool> {
    let found = tx
        .query_opt(
            "SELECT account_id, special_use FROM mailboxes WHERE id = $1 FOR UPDATE",
            &[&mailbox],
        )
        .await?;
    let Some(row) = found.filter(|r| r.get::<_, AccountId>(0) == account) else {
        return Err(StorageError::not_found("mailbox", mailbox.to_string()).into());
    };
    tx.execute(
        "SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE",
        &[&account],
    )
    .await?;
    Ok(row.get::<_, Option<String>>(1).as_deref() == Some(crate::RECALL_ATTRIBUTE))
}

/// Whether a column travels as an integer (else as text).
fn is_int(kind: Kind) -> bool {
    matches!(kind, Kind::Int | Kind::Bool | Kind::Mailbox)
}

/// The rows' values column by column, each column an array of the type the insert's
/// placeholders name ([`transfer::Spec::insert_many_sql`]).
fn column_arrays(
    columns: &[(&'static str, Kind)],
    rows: &[Row],
) -> Result<Vec<Box<dyn ToSql + Sync + Send>>> {
    let wrong =
        |name: &str| StorageError::Invalid(format!("column {name}: a value of the wrong type"));
    columns
        .iter()
        .enumerate()
        .map(
            |(i, &(name, kind))| -> Result<Box<dyn ToSql + Sync + Send>> {
                let values = rows.iter().map(|row| row.get(i).unwrap_or(&Value::Null));
                Ok(if is_int(kind) {
                    let column = values
                        .map(|v| match v {
                            Value::Null => Ok(None),
                            Value::Int(n) => Ok(Some(*n)),
                            Value::Text(_) => Err(wrong(name)),
                        })
                        .collect::<Result<Vec<Option<i64>>>>()?;
                    Box::new(column)
                } else {
                    let column = values
                        .map(|v| match v {
                            Value::Null => Ok(None),
                            Value::Text(t) => Ok(Some(t.clone())),
                            Value::Int(_) => Err(wrong(name)),
                        })
                        .collect::<Result<Vec<Option<String>>>>()?;
                    Box::new(column)
                })
            },
        )
        .collect()
}

/// The maps of [`transfer::Spec::map_lists`]: ids to names, or (`inverse`) names to ids.
async fn list_names(
    c: &impl Queries,
    inverse: bool,
) -> super::PgResult<(HashMap<String, String>, HashMap<String, String>)> {
    let pairs = |rows: Vec<tokio_postgres::Row>| -> Vec<(String, String)> {
        rows.iter().map(|r| (r.get(0), r.get(1))).collect()
    };
    Ok((
        transfer::names(pairs(c.query(ACCOUNT_NAMES, &[]).await?), inverse),
        transfer::names(pairs(c.query(AGENCY_NAMES, &[]).await?), inverse),
    ))
}
