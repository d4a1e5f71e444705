//! Sieve scripts (RFC 5228) per account, at most one of them active (RFC 5804 §2.8), and the
//! record of vacation replies already sent (RFC 5230 §4.2).
//!
//! Storage does not know the Sieve language: callers (the CLI, ManageSieve) compile a script
//! before they store it. Every change bumps one generation number, so that delivery can tell
//! with a single read whether any account's scripts changed since it last looked, even when
//! the change came from another process (`govmail sieve put`).

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::backend::Sieve;
use crate::db::WriteCtx;
use crate::error::{Result, StorageError};
use crate::sqlite::SqliteBackend;
use crate::types::AccountId;

/// Longest script name, in characters.
pub const MAX_SCRIPT_NAME: usize = 128;
/// Most scripts one account may keep.
pub const MAX_SCRIPTS: u64 = 64;
/// Most bytes of script text one account may keep (all its scripts together).
pub const MAX_SCRIPT_BYTES: u64 = 256 * 1024;

/// One stored script.
#[derive(Debug, Clone, Serialize)]
pub struct SieveScript {
    pub name: String,
    pub content: String,
    pub active: bool,
    /// Changes whenever the script's content or name changes; with the account it identifies
    /// one compiled form (a cache key that two writes in the same second cannot share).
    pub version: i64,
    pub updated_at: i64,
}

/// A script as LISTSCRIPTS and `govmail sieve list` show it.
#[derive(Debug, Clone, Serialize)]
pub struct SieveScriptInfo {
    pub name: String,
    pub active: bool,
    pub size: u64,
    pub updated_at: i64,
}

/// Checks a script name (RFC 5804 §1.6): not empty, at most `MAX_SCRIPT_NAME` characters, no
/// control characters (U+0000–U+001F, U+007F–U+009F) and no line or paragraph separator
/// (U+2028, U+2029).
pub fn check_script_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(StorageError::Invalid(
            "a script name cannot be empty".into(),
        ));
    }
    if name.chars().count() > MAX_SCRIPT_NAME {
        return Err(StorageError::Invalid(format!(
            "the script name is too long: at most {MAX_SCRIPT_NAME} characters"
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    {
        return Err(StorageError::Invalid(format!(
            "the script name contains the control character U+{:04X}: use letters, digits, \
             spaces and punctuation",
            c as u32
        )));
    }
    Ok(())
}

fn bump_generation(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("UPDATE sieve_generation SET value = value + 1 RETURNING value")?
        .query_row([], |r| r.get(0))?)
}

fn account_exists(conn: &Connection, account: AccountId) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM accounts WHERE id = ?1")?
        .query_row([account], |_| Ok(()))
        .optional()?
        .ok_or_else(|| StorageError::not_found("account", account.to_string()))
}

/// Refuses a script of `size` bytes named `name` when the account's script space would
/// overflow (a script of the same name is replaced, so its size does not count).
fn check_space(conn: &Connection, account: AccountId, name: &str, size: u64) -> Result<()> {
    let (count, bytes): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(length(CAST(content AS BLOB))), 0) \
             FROM sieve_scripts WHERE account_id = ?1 AND name != ?2",
        )?
        .query_row(params![account, name], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let address: String = conn
        .prepare_cached("SELECT address FROM accounts WHERE id = ?1")?
        .query_row([account], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| account.to_string());
    crate::rules::sieve_space(&address, count.max(0) as u64, bytes.max(0) as u64, size)
}

fn script_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SieveScript> {
    Ok(SieveScript {
        name: r.get(0)?,
        content: r.get(1)?,
        active: r.get::<_, i64>(2)? != 0,
        version: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

const SCRIPT_SELECT: &str =
    "SELECT name, content, active, version, updated_at FROM sieve_scripts WHERE account_id = ?1";

fn set_active_in(ctx: &mut WriteCtx<'_>, account: AccountId, name: Option<&str>) -> Result<()> {
    let conn = ctx.conn;
    if let Some(name) = name {
        conn.prepare_cached("SELECT 1 FROM sieve_scripts WHERE account_id = ?1 AND name = ?2")?
            .query_row(params![account, name], |_| Ok(()))
            .optional()?
            .ok_or_else(|| StorageError::not_found("Sieve script", name))?;
    }
    let version = bump_generation(conn)?;
    conn.prepare_cached(
        "UPDATE sieve_scripts SET active = 0, version = ?2 WHERE account_id = ?1 AND active = 1",
    )?
    .execute(params![account, version])?;
    if let Some(name) = name {
        conn.prepare_cached(
            "UPDATE sieve_scripts SET active = 1, version = ?3 WHERE account_id = ?1 AND name = ?2",
        )?
        .execute(params![account, name, version])?;
    }
    Ok(())
}

impl Sieve for SqliteBackend {
    /// Stores `content` as the account's script `name`, replacing one of the same name (an
    /// active script stays active); with `activate`, makes it the active one in the same
    /// transaction. Refused over the account's script space (`OverQuota`).
    fn sieve_put(
        &self,
        account: AccountId,
        name: &str,
        content: &str,
        activate: bool,
    ) -> Result<()> {
        check_script_name(name)?;
        let (name, content) = (name.to_string(), content.to_string());
        // Whether it succeeded or not, delivery looks again (cheap, and never stale).
        let result = self.db().write(move |ctx| {
            let conn = ctx.conn;
            account_exists(conn, account)?;
            check_space(conn, account, &name, content.len() as u64)?;
            let version = bump_generation(conn)?;
            conn.prepare_cached(
                "INSERT INTO sieve_scripts (account_id, name, content, active, version, \
                 updated_at) VALUES (?1, ?2, ?3, 0, ?4, ?5) \
                 ON CONFLICT (account_id, name) DO UPDATE SET content = excluded.content, \
                 version = excluded.version, updated_at = excluded.updated_at",
            )?
            .execute(params![account, name, content, version, crate::now()])?;
            if activate {
                set_active_in(ctx, account, Some(&name))?;
            }
            Ok(())
        });
        self.note_sieve_change();
        result
    }

    /// Whether a script of `size` bytes named `name` would fit (ManageSieve HAVESPACE,
    /// RFC 5804 §2.5); `OverQuota` says why not.
    fn sieve_check_space(&self, account: AccountId, name: &str, size: u64) -> Result<()> {
        check_script_name(name)?;
        self.db()
            .read(|conn| check_space(conn, account, name, size))
    }

    fn sieve_get(&self, account: AccountId, name: &str) -> Result<SieveScript> {
        self.db().read(|conn| {
            conn.prepare_cached(&format!("{SCRIPT_SELECT} AND name = ?2"))?
                .query_row(params![account, name], script_from_row)
                .optional()?
                .ok_or_else(|| StorageError::not_found("Sieve script", name))
        })
    }

    /// The account's active script, if it has one.
    fn sieve_active(&self, account: AccountId) -> Result<Option<SieveScript>> {
        self.db().read(|conn| {
            Ok(conn
                .prepare_cached(&format!("{SCRIPT_SELECT} AND active = 1"))?
                .query_row([account], script_from_row)
                .optional()?)
        })
    }

    /// The account's scripts by name.
    fn sieve_list(&self, account: AccountId) -> Result<Vec<SieveScriptInfo>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT name, active, length(CAST(content AS BLOB)), updated_at \
                 FROM sieve_scripts WHERE account_id = ?1 ORDER BY name",
            )?;
            let rows = stmt.query_map([account], |r| {
                Ok(SieveScriptInfo {
                    name: r.get(0)?,
                    active: r.get::<_, i64>(1)? != 0,
                    size: r.get::<_, i64>(2)?.max(0) as u64,
                    updated_at: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Makes `name` the account's only active script, or deactivates all with `None`
    /// (RFC 5804 §2.8: SETACTIVE "").
    fn sieve_set_active(&self, account: AccountId, name: Option<&str>) -> Result<()> {
        let name = name.map(str::to_string);
        // Whether it succeeded or not, delivery looks again (cheap, and never stale).
        let result = self
            .db()
            .write(move |ctx| set_active_in(ctx, account, name.as_deref()));
        self.note_sieve_change();
        result
    }

    /// Deletes a script. The active script cannot be deleted (RFC 5804 §2.10): deactivate it
    /// first.
    fn sieve_delete(&self, account: AccountId, name: &str) -> Result<()> {
        let name = name.to_string();
        // Whether it succeeded or not, delivery looks again (cheap, and never stale).
        let result = self.db().write(move |ctx| {
            let conn = ctx.conn;
            let active: i64 = conn
                .prepare_cached(
                    "SELECT active FROM sieve_scripts WHERE account_id = ?1 AND name = ?2",
                )?
                .query_row(params![account, name], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StorageError::not_found("Sieve script", name.clone()))?;
            if active != 0 {
                return Err(crate::rules::sieve_script_active(&name));
            }
            conn.prepare_cached("DELETE FROM sieve_scripts WHERE account_id = ?1 AND name = ?2")?
                .execute(params![account, name])?;
            bump_generation(conn)?;
            Ok(())
        });
        self.note_sieve_change();
        result
    }

    /// Renames a script; an active script stays active (RFC 5804 §2.11.1). Refused when
    /// `new` is taken.
    fn sieve_rename(&self, account: AccountId, old: &str, new: &str) -> Result<()> {
        check_script_name(new)?;
        let (old, new) = (old.to_string(), new.to_string());
        // Whether it succeeded or not, delivery looks again (cheap, and never stale).
        let result = self.db().write(move |ctx| {
            let conn = ctx.conn;
            let taken = conn
                .prepare_cached("SELECT 1 FROM sieve_scripts WHERE account_id = ?1 AND name = ?2")?
                .query_row(params![account, new], |_| Ok(()))
                .optional()?
                .is_some();
            if taken && old != new {
                return Err(crate::rules::sieve_name_taken(&new));
            }
            let version = bump_generation(conn)?;
            let n = conn
                .prepare_cached(
                    "UPDATE sieve_scripts SET name = ?3, version = ?4, updated_at = ?5 \
                     WHERE account_id = ?1 AND name = ?2",
                )?
                .execute(params![account, old, new, version, crate::now()])?;
            if n == 0 {
                return Err(StorageError::not_found("Sieve script", old));
            }
            Ok(())
        });
        self.note_sieve_change();
        result
    }

    /// A number that changes whenever any account's scripts change.
    fn sieve_generation(&self) -> Result<i64> {
        self.db().read(|conn| {
            Ok(conn
                .prepare_cached("SELECT value FROM sieve_generation WHERE id = 1")?
                .query_row([], |r| r.get(0))?)
        })
    }

    /// Every account with an active script, with that script's name and version, and the
    /// generation this list belongs to (read in one transaction).
    #[allow(clippy::type_complexity)]
    fn sieve_active_versions(&self) -> Result<(i64, Vec<(AccountId, String, i64)>)> {
        self.db().read(|conn| {
            let tx = conn.unchecked_transaction()?;
            let generation = tx
                .prepare_cached("SELECT value FROM sieve_generation WHERE id = 1")?
                .query_row([], |r| r.get(0))?;
            let list = tx
                .prepare_cached(
                    "SELECT account_id, name, version FROM sieve_scripts WHERE active = 1 \
                     ORDER BY account_id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            tx.finish()?;
            Ok((generation, list))
        })
    }

    /// Decides whether a vacation reply to `sender` for `handle` may go now, and if so records
    /// it, in one write (RFC 5230 §4.2: at most one reply per sender per `period` seconds).
    /// Concurrent deliveries cannot both get `true`.
    fn vacation_should_reply(
        &self,
        account: AccountId,
        sender: &str,
        handle: &str,
        period: u64,
        now: i64,
    ) -> Result<bool> {
        let sender = sender.trim().to_lowercase();
        let handle = handle.to_string();
        let expires = now.saturating_add(period.min(i64::MAX as u64) as i64);
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let until: Option<i64> = conn
                .prepare_cached(
                    "SELECT expires_at FROM vacation_sent \
                     WHERE account_id = ?1 AND sender = ?2 AND handle = ?3",
                )?
                .query_row(params![account, sender, handle], |r| r.get(0))
                .optional()?;
            if until.is_some_and(|t| t > now) {
                return Ok(false);
            }
            // Forget this account's expired records while we are here: the table stays small.
            conn.prepare_cached(
                "DELETE FROM vacation_sent WHERE account_id = ?1 AND expires_at <= ?2",
            )?
            .execute(params![account, now])?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO vacation_sent (account_id, sender, handle, sent_at, \
                 expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![account, sender, handle, now, expires])?;
            Ok(true)
        })
    }
}
