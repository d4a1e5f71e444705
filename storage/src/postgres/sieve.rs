//! Sieve scripts and vacation records on PostgreSQL: the same rules as SQLite's
//! (storage/src/sqlite/sieve.rs). Every change bumps the one `sieve_generation` row first, so
//! the row lock it takes orders concurrent script changes from every node; a vacation reply
//! is decided by one conditional upsert, so two nodes delivering to one account at once
//! cannot both answer the same sender (RFC 5230 §4.2).

use tokio_postgres::Row;

use super::pool::Queries;

use super::{PgBackend, PgResult, pg_write};
use crate::backend::Sieve;
use crate::error::{Result, StorageError};
use crate::sieve::{SieveScript, SieveScriptInfo, check_script_name};
use crate::types::AccountId;

async fn bump_generation(c: &impl Queries) -> PgResult<i64> {
    Ok(c.query_one(
        "UPDATE sieve_generation SET value = value + 1 WHERE id = 1 RETURNING value",
        &[],
    )
    .await?
    .get(0))
}

async fn account_exists(c: &impl Queries, account: AccountId) -> PgResult<()> {
    match c
        .query_opt("SELECT 1 FROM accounts WHERE id = $1", &[&account])
        .await?
    {
        Some(_) => Ok(()),
        None => Err(StorageError::not_found("account", account.to_string()).into()),
    }
}

async fn check_space(c: &impl Queries, account: AccountId, name: &str, size: u64) -> PgResult<()> {
    let r = c
        .query_one(
            "SELECT count(*), coalesce(sum(octet_length(content)), 0)::BIGINT, \
             (SELECT address FROM accounts WHERE id = $1) \
             FROM sieve_scripts WHERE account_id = $1 AND name != $2",
            &[&account, &name],
        )
        .await?;
    let (count, bytes, address): (i64, i64, Option<String>) = (r.get(0), r.get(1), r.get(2));
    let address = address.unwrap_or_else(|| account.to_string());
    crate::rules::sieve_space(&address, count.max(0) as u64, bytes.max(0) as u64, size)?;
    Ok(())
}

fn script_from_row(r: &Row) -> SieveScript {
    SieveScript {
        name: r.get(0),
        content: r.get(1),
        active: r.get(2),
        version: r.get(3),
        updated_at: r.get(4),
    }
}

const SCRIPT_SELECT: &str =
    "SELECT name, content, active, version, updated_at FROM sieve_scripts WHERE account_id = $1";

async fn set_active_in(c: &impl Queries, account: AccountId, name: Option<&str>) -> PgResult<()> {
    let version = bump_generation(c).await?;
    if let Some(name) = name
        && c.query_opt(
            "SELECT 1 FROM sieve_scripts WHERE account_id = $1 AND name = $2",
            &[&account, &name],
        )
        .await?
        .is_none()
    {
        return Err(StorageError::not_found("Sieve script", name).into());
    }
    c.execute(
        "UPDATE sieve_scripts SET active = false, version = $2 WHERE account_id = $1 AND active",
        &[&account, &version],
    )
    .await?;
    if let Some(name) = name {
        c.execute(
            "UPDATE sieve_scripts SET active = true, version = $3 \
             WHERE account_id = $1 AND name = $2",
            &[&account, &name, &version],
        )
        .await?;
    }
    Ok(())
}

impl PgBackend {
    /// Counts a script change made through this backend (`Runtime::sieve_changes_here`),
    /// whether it succeeded or not: delivery looks again (cheap, and never stale).
    fn note_sieve_change(&self) {
        self.domain()
            .sieve_changes
            .fetch_add(1, std::sync::atomic::Ordering::Release);
    }
}

impl Sieve for PgBackend {
    fn sieve_put(
        &self,
        account: AccountId,
        name: &str,
        content: &str,
        activate: bool,
    ) -> Result<()> {
        check_script_name(name)?;
        let (name, content) = (name.to_string(), content.to_string());
        let result = pg_write!(self, |tx, notes| {
            account_exists(&tx, account).await?;
            // The generation row first: it orders this account's changes on every node, so
            // the space checked below is the space the insert finds.
            let version = bump_generation(&tx).await?;
            check_space(&tx, account, &name, content.len() as u64).await?;
            tx.execute(
                "INSERT INTO sieve_scripts (account_id, name, content, active, version, \
                 updated_at) VALUES ($1, $2, $3, false, $4, $5) \
                 ON CONFLICT (account_id, name) DO UPDATE SET content = excluded.content, \
                 version = excluded.version, updated_at = excluded.updated_at",
                &[&account, &name, &content, &version, &crate::now()],
            )
            .await?;
            if activate {
                set_active_in(&tx, account, Some(&name)).await?;
            }
            Ok(())
        });
        self.note_sieve_change();
        result
    }

    fn sieve_check_space(&self, account: AccountId, name: &str, size: u64) -> Result<()> {
        check_script_name(name)?;
        let name = name.to_string();
        self.read(move |c| async move { check_space(&c, account, &name, size).await })
    }

    fn sieve_get(&self, account: AccountId, name: &str) -> Result<SieveScript> {
        let name = name.to_string();
        self.read(move |c| async move {
            match c
                .query_opt(
                    &format!("{SCRIPT_SELECT} AND name = $2"),
                    &[&account, &name],
                )
                .await?
            {
                Some(r) => Ok(script_from_row(&r)),
                None => Err(StorageError::not_found("Sieve script", name).into()),
            }
        })
    }

    fn sieve_active(&self, account: AccountId) -> Result<Option<SieveScript>> {
        self.read(move |c| async move {
            Ok(
                c.query_opt(&format!("{SCRIPT_SELECT} AND active"), &[&account])
                    .await?
                    .map(|r| script_from_row(&r)),
            )
        })
    }

    fn sieve_list(&self, account: AccountId) -> Result<Vec<SieveScriptInfo>> {
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT name, active, octet_length(content)::BIGINT, updated_at \
                     FROM sieve_scripts WHERE account_id = $1 ORDER BY name COLLATE \"C\"",
                    &[&account],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| SieveScriptInfo {
                    name: r.get(0),
                    active: r.get(1),
                    size: r.get::<_, i64>(2).max(0) as u64,
                    updated_at: r.get(3),
                })
                .collect())
        })
    }

    fn sieve_set_active(&self, account: AccountId, name: Option<&str>) -> Result<()> {
        let name = name.map(str::to_string);
        let result = pg_write!(self, |tx, notes| {
            set_active_in(&tx, account, name.as_deref()).await
        });
        self.note_sieve_change();
        result
    }

    fn sieve_delete(&self, account: AccountId, name: &str) -> Result<()> {
        let name = name.to_string();
        let result = pg_write!(self, |tx, notes| {
            bump_generation(&tx).await?;
            let active: bool = match tx
                .query_opt(
                    "SELECT active FROM sieve_scripts WHERE account_id = $1 AND name = $2",
                    &[&account, &name],
                )
                .await?
            {
                Some(r) => r.get(0),
                None => return Err(StorageError::not_found("Sieve script", name.clone()).into()),
            };
            if active {
                return Err(crate::rules::sieve_script_active(&name).into());
            }
            tx.execute(
                "DELETE FROM sieve_scripts WHERE account_id = $1 AND name = $2",
                &[&account, &name],
            )
            .await?;
            Ok(())
        });
        self.note_sieve_change();
        result
    }

    fn sieve_rename(&self, account: AccountId, old: &str, new: &str) -> Result<()> {
        check_script_name(new)?;
        let (old, new) = (old.to_string(), new.to_string());
        let result = pg_write!(self, |tx, notes| {
            let version = bump_generation(&tx).await?;
            let taken = tx
                .query_opt(
                    "SELECT 1 FROM sieve_scripts WHERE account_id = $1 AND name = $2",
                    &[&account, &new],
                )
                .await?
                .is_some();
            if taken && old != new {
                return Err(crate::rules::sieve_name_taken(&new).into());
            }
            let n = tx
                .execute(
                    "UPDATE sieve_scripts SET name = $3, version = $4, updated_at = $5 \
                     WHERE account_id = $1 AND name = $2",
                    &[&account, &old, &new, &version, &crate::now()],
                )
                .await?;
            if n == 0 {
                return Err(StorageError::not_found("Sieve script", old.clone()).into());
            }
            Ok(())
        });
        self.note_sieve_change();
        result
    }

    fn sieve_generation(&self) -> Result<i64> {
        self.read(|c| async move {
            Ok(
                c.query_one("SELECT value FROM sieve_generation WHERE id = 1", &[])
                    .await?
                    .get(0),
            )
        })
    }

    #[allow(clippy::type_complexity)]
    fn sieve_active_versions(&self) -> Result<(i64, Vec<(AccountId, String, i64)>)> {
        self.run(|pool| async move {
            let mut c = pool.get().await?;
            // One snapshot for both reads: the list belongs to the generation read with it.
            let tx = c.snapshot().await?;
            let generation: i64 = tx
                .query_one("SELECT value FROM sieve_generation WHERE id = 1", &[])
                .await?
                .get(0);
            let list = tx
                .query(
                    "SELECT account_id, name, version FROM sieve_scripts WHERE active \
                     ORDER BY account_id",
                    &[],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
            tx.commit().await?;
            Ok((generation, list))
        })
    }

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
        pg_write!(self, |tx, notes| {
            // One statement decides: a concurrent insert of the same key waits for this
            // one's row lock and then sees the fresh expiry in its WHERE, so only one of
            // them gets a row back.
            let replied = tx
                .query_opt(
                    "INSERT INTO vacation_sent (account_id, sender, handle, sent_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (account_id, sender, handle) DO UPDATE \
                     SET sent_at = excluded.sent_at, expires_at = excluded.expires_at \
                     WHERE vacation_sent.expires_at <= $4 RETURNING 1",
                    &[&account, &sender, &handle, &now, &expires],
                )
                .await?
                .is_some();
            if replied {
                // Forget this account's expired records while we are here.
                tx.execute(
                    "DELETE FROM vacation_sent WHERE account_id = $1 AND expires_at <= $2",
                    &[&account, &now],
                )
                .await?;
            }
            Ok(replied)
        })
    }
}
