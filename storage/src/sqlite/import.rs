//! [`Import`] on SQLite: mailboxes and messages written with the source store's UIDVALIDITY,
//! UIDs and MODSEQs (`govmail store migrate`, into SQLite: its first test, and a way to
//! move a store between machines or blob backends).

use std::sync::Arc;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use crate::RECALL_ATTRIBUTE;
use crate::backend::{Import, ImportedMailbox, ImportedMessage, Row, Span, Table, Value};
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::flags::{check_keyword, join_keywords};
use crate::message::{charge, content_for, release_content};
use crate::sqlite::SqliteBackend;
use crate::transfer::{self, ACCOUNT_NAMES, AGENCY_NAMES, Dialect};
use crate::types::{AccountId, MailboxId};

impl Import for SqliteBackend {
    fn import_mailbox(&self, account: AccountId, mailbox: &ImportedMailbox) -> Result<MailboxId> {
        let name = crate::rules::imported_mailbox_name(mailbox)?;
        let m = mailbox.clone();
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let found: Option<(MailboxId, i64, i64)> = conn
                .prepare_cached(
                    "SELECT id, uidvalidity, uidnext FROM mailboxes \
                     WHERE account_id = ?1 AND name = ?2",
                )?
                .query_row(params![account, name], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let id = match found {
                Some((id, uidvalidity, _)) if uidvalidity == i64::from(m.uidvalidity) => id,
                Some((id, _, uidnext)) => {
                    let holds: bool = conn
                        .prepare_cached(
                            "SELECT EXISTS (SELECT 1 FROM messages WHERE mailbox_id = ?1)",
                        )?
                        .query_row([id], |r| r.get(0))?;
                    if holds || uidnext != 1 {
                        return Err(StorageError::Conflict(format!(
                            "mailbox {name:?} already holds mail under another UIDVALIDITY"
                        )));
                    }
                    conn.prepare_cached("UPDATE mailboxes SET uidvalidity = ?2 WHERE id = ?1")?
                        .execute(params![id, m.uidvalidity])?;
                    id
                }
                None => {
                    conn.prepare_cached(
                        "INSERT INTO mailboxes (account_id, name, special_use, uidvalidity) \
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![
                        account,
                        name,
                        m.special_use,
                        m.uidvalidity
                    ])?;
                    conn.last_insert_rowid()
                }
            };
            conn.prepare_cached(
                "UPDATE mailboxes SET uidnext = max(uidnext, ?2), \
                 highest_modseq = max(highest_modseq, ?3) WHERE id = ?1",
            )?
            .execute(params![id, m.uidnext, m.highest_modseq as i64])?;
            // Later mailboxes take values above every imported one (see next_uidvalidity).
            conn.prepare_cached(
                "INSERT INTO counters (name, value) VALUES ('uidvalidity', ?1) \
                 ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
            )?
            .execute([m.uidvalidity])?;
            Ok(id)
        })
    }

    fn hidden_mailboxes(&self, account: AccountId) -> Result<Vec<crate::Mailbox>> {
        SqliteBackend::hidden_mailboxes(self, account)
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
        // Those already there are skipped before their blobs are written.
        let wanted: Vec<u32> = messages.iter().map(|m| m.uid).collect();
        let present: std::collections::HashSet<u32> = self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT uid FROM messages WHERE mailbox_id = ?1 \
                 AND uid IN (SELECT value FROM json_each(?2))",
            )?;
            let rows =
                stmt.query_map(params![mailbox, uid_list(&wanted)], |r| r.get::<_, i64>(0))?;
            let mut present = std::collections::HashSet::new();
            for uid in rows {
                present.insert(uid? as u32);
            }
            Ok(present)
        })?;
        let (staged, created) = self.stage_all(
            messages.into_iter().filter(|m| !present.contains(&m.uid)),
            |m| &m.raw,
        )?;
        if staged.is_empty() {
            return Ok(0);
        }
        let blobs = self.blobs().clone();
        let result = self.db().write(move |ctx| {
            let recall = owned_recall(ctx.conn, account, mailbox)?;
            let now = crate::now();
            let mut written = Vec::new();
            let (mut bytes, mut top) = (0i64, (0u32, 0i64));
            for (blob, content, m) in staged {
                let content = content_for(ctx, &blob, &m.raw, content, &*blobs)?;
                let keywords = join_keywords(&m.keywords);
                // A concurrent import of the same UID (two runs at once) wrote it first.
                let inserted = ctx
                    .conn
                    .prepare_cached(
                        "INSERT INTO messages (mailbox_id, uid, content_id, flags, keywords, \
                         modseq, internal_date, save_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                         ON CONFLICT DO NOTHING",
                    )?
                    .execute(params![
                        mailbox,
                        m.uid,
                        content,
                        m.flags.0,
                        keywords,
                        m.modseq as i64,
                        m.internal_date,
                        now
                    ])?;
                if inserted == 0 {
                    continue;
                }
                ctx.conn
                    .prepare_cached("UPDATE contents SET refs = refs + 1 WHERE id = ?1")?
                    .execute([content])?;
                bytes += blob.size as i64;
                top = (top.0.max(m.uid), top.1.max(m.modseq as i64));
                ctx.notify(
                    account,
                    Change::Appended {
                        mailbox,
                        uid: m.uid,
                        modseq: m.modseq,
                    },
                );
                written.push(m.uid);
            }
            // The account's usage and the mailbox's counters once for the batch.
            if !written.is_empty() {
                charge(ctx.conn, account, bytes, written.len() as i64)?;
                ctx.conn
                    .prepare_cached(
                        "UPDATE mailboxes SET uidnext = max(uidnext, ?2 + 1), \
                         highest_modseq = max(highest_modseq, ?3) WHERE id = ?1",
                    )?
                    .execute(params![mailbox, top.0, top.1])?;
            }
            if recall && !written.is_empty() {
                // The trigger of migration 20 made them recall requests, meant for a user's
                // COPY or MOVE: undone before anyone sees them.
                ctx.conn
                    .prepare_cached(
                        "DELETE FROM recall_requests WHERE kind = 'mailbox' \
                         AND mailbox_id = ?1 AND uid IN (SELECT value FROM json_each(?2))",
                    )?
                    .execute(params![mailbox, uid_list(&written)])?;
            }
            Ok(written.len())
        });
        if result.is_err() {
            self.forget_blobs(created);
        }
        result
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
        self.db().write(move |ctx| {
            owned_recall(ctx.conn, account, mailbox)?;
            let removed: Vec<(u32, i64, i64)> = ctx
                .conn
                .prepare_cached(
                    "DELETE FROM messages WHERE mailbox_id = ?1 \
                     AND uid IN (SELECT value FROM json_each(?2)) \
                     RETURNING uid, content_id, (SELECT size FROM contents WHERE id = content_id)",
                )?
                .query_map(params![mailbox, uid_list(&uids)], |r| {
                    Ok((r.get::<_, i64>(0)? as u32, r.get(1)?, r.get(2)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let modseq: i64 = ctx
                .conn
                .prepare_cached("SELECT highest_modseq FROM mailboxes WHERE id = ?1")?
                .query_row([mailbox], |r| r.get(0))?;
            let mut freed = 0;
            for &(uid, content, size) in &removed {
                release_content(ctx, content)?;
                freed += size;
                ctx.notify(
                    account,
                    Change::Expunged {
                        mailbox,
                        uid,
                        modseq: modseq as u64,
                    },
                );
            }
            charge(ctx.conn, account, -freed, -(removed.len() as i64))?;
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
        self.db().write(move |ctx| {
            let mut set = 0;
            for m in messages {
                let keywords = join_keywords(&m.keywords);
                let changed = ctx
                    .conn
                    .prepare_cached(
                        "UPDATE messages SET flags = ?3, keywords = ?4, modseq = ?5 \
                         WHERE mailbox_id = ?1 AND uid = ?2 \
                         AND mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = ?6)",
                    )?
                    .execute(params![
                        mailbox,
                        m.uid,
                        m.flags.0,
                        keywords,
                        m.modseq as i64,
                        account
                    ])?;
                if changed == 0 {
                    continue;
                }
                ctx.conn
                    .prepare_cached(
                        "UPDATE mailboxes SET highest_modseq = max(highest_modseq, ?2) \
                         WHERE id = ?1",
                    )?
                    .execute(params![mailbox, m.modseq as i64])?;
                ctx.notify(
                    account,
                    Change::FlagsChanged {
                        mailbox,
                        uid: m.uid,
                        modseq: m.modseq,
                    },
                );
                set += 1;
            }
            Ok(set)
        })
    }

    fn export_rows(&self, table: Table, span: Span, limit: usize) -> Result<Vec<Row>> {
        let spec = transfer::spec(table);
        let scope = spec.scope_of(&span)?;
        let sql = spec.export_sql(Dialect::Sqlite);
        self.db().read(|conn| {
            let mut params = vec![
                SqlValue::Integer(span.after),
                SqlValue::Integer(limit as i64),
            ];
            params.extend(scope.map(SqlValue::Integer));
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut found = stmt.query(params_from_iter(params))?;
            let mut rows = Vec::new();
            while let Some(r) = found.next()? {
                let row = (0..spec.columns.len())
                    .map(|i| match r.get_ref(i)? {
                        ValueRef::Null => Ok(Value::Null),
                        ValueRef::Integer(n) => Ok(Value::Int(n)),
                        ValueRef::Text(t) => Ok(Value::Text(String::from_utf8_lossy(t).into())),
                        _ => Err(StorageError::Corrupt(
                            format!("{}: a value neither text nor integer", spec.table).into(),
                        )),
                    })
                    .collect::<Result<Row>>()?;
                rows.push(row);
            }
            if spec.has_lists() {
                let (accounts, agencies) = list_names(conn, false)?;
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
        let (staged, created) = self.stage_all(contents, |raw| raw)?;
        let blobs = self.blobs().clone();
        let result = self.db().write(move |ctx| {
            let spec = transfer::spec(table);
            for (blob, meta, raw) in staged {
                content_for(ctx, &blob, &raw, meta, &*blobs)?;
            }
            let conn = ctx.conn;
            let mut rows = rows;
            let added: Vec<String> = spec
                .owned_blobs(&rows)
                .into_iter()
                .map(String::from)
                .collect();
            if spec.has_lists() {
                let (accounts, agencies) = list_names(conn, true)?;
                spec.map_lists(&mut rows, &accounts, &agencies);
            }
            let mut range = vec![
                SqlValue::Integer(span.after),
                span.upto.map_or(SqlValue::Null, SqlValue::Integer),
            ];
            range.extend(scope.map(SqlValue::Integer));
            // The contents the rows replaced hold: released once the new rows hold theirs,
            // so that a content both hold is never dropped in between.
            let mut released = Vec::new();
            if let Some(sql) = spec.owned_contents_sql(Dialect::Sqlite) {
                let mut stmt = conn.prepare_cached(&sql)?;
                let ids = stmt.query_map(params_from_iter(&range), |r| r.get::<_, i64>(0))?;
                for id in ids {
                    released.push(id?);
                }
            }
            if let Some(sql) = spec.delete_children_sql(Dialect::Sqlite) {
                conn.prepare_cached(&sql)?
                    .execute(params_from_iter(&range))?;
            }
            conn.prepare_cached(&spec.delete_sql(Dialect::Sqlite))?
                .execute(params_from_iter(&range))?;
            let mut insert = conn.prepare_cached(&spec.insert_sql(Dialect::Sqlite))?;
            let written = rows.len();
            for row in rows {
                let mut values: Vec<SqlValue> = row
                    .into_iter()
                    .map(|v| match v {
                        Value::Null => SqlValue::Null,
                        Value::Int(n) => SqlValue::Integer(n),
                        Value::Text(t) => SqlValue::Text(t),
                    })
                    .collect();
                values.extend(scope.map(SqlValue::Integer));
                insert.execute(params_from_iter(values))?;
            }
            drop(insert);
            for hash in added {
                conn.prepare_cached("UPDATE contents SET refs = refs + 1 WHERE blob = ?1")?
                    .execute([hash])?;
            }
            for content in released {
                release_content(ctx, content)?;
            }
            Ok(written)
        });
        if result.is_err() {
            self.forget_blobs(created);
        }
        result
    }
}

/// Checks that the mailbox is the account's; whether it is the recall folder.
fn owned_recall(conn: &Connection, account: AccountId, mailbox: MailboxId) -> Result<bool> {
    let (owner, special): (AccountId, Option<String>) = conn
        .prepare_cached("SELECT account_id, special_use FROM mailboxes WHERE id = ?1")?
        .query_row([mailbox], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StorageError::not_found("mailbox", mailbox.to_string()))?;
    if owner != account {
        return Err(StorageError::not_found("mailbox", mailbox.to_string()));
    }
    Ok(special.as_deref() == Some(RECALL_ATTRIBUTE))
}

/// UIDs as a JSON array, for `json_each`.
fn uid_list(uids: &[u32]) -> String {
    serde_json::to_string(uids).unwrap_or_else(|_| "[]".into())
}

/// The maps of [`transfer::Spec::map_lists`]: ids to names, or (`inverse`) names to ids.
fn list_names(
    conn: &Connection,
    inverse: bool,
) -> Result<(
    std::collections::HashMap<String, String>,
    std::collections::HashMap<String, String>,
)> {
    let pairs = |sql: &str| -> Result<Vec<(String, String)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    };
    Ok((
        transfer::names(pairs(ACCOUNT_NAMES)?, inverse),
        transfer::names(pairs(AGENCY_NAMES)?, inverse),
    ))
}
