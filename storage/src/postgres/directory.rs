//! The directory on PostgreSQL: served domains, the agency tree, accounts and aliases, with
//! the same methods as `Store`'s (storage/src/directory.rs).

use tokio_postgres::Row;

use super::pool::{Queries, Tx};

use super::{PgBackend, PgResult, pg_write};
use crate::backend::Directory;
use crate::directory::{
    Account, AccountFilter, Agency, Domain, NewAccount, Recipient, normalize_address,
    normalize_agency_code, normalize_domain, subtree_ids,
};
use crate::error::{Result, StorageError};
use crate::types::{AccountId, AccountKind, AccountStatus, AgencyId, DomainId, Quota, now};

const ACCOUNT_SELECT: &str = "SELECT a.id, a.address, a.display_name, g.code, a.kind, a.status, \
     a.quota_bytes, a.quota_messages, a.used_bytes, a.used_messages, a.created_at \
     FROM accounts a JOIN agencies g ON g.id = a.agency_id";

pub(crate) fn account_from_row(r: &Row) -> Account {
    Account {
        id: r.get(0),
        address: r.get(1),
        display_name: r.get(2),
        agency: r.get(3),
        kind: AccountKind::parse(r.get::<_, &str>(4)),
        status: AccountStatus::parse(r.get::<_, &str>(5)),
        quota: Quota {
            bytes: r.get::<_, Option<i64>>(6).map(|v| v.max(0) as u64),
            messages: r.get::<_, Option<i64>>(7).map(|v| v.max(0) as u64),
        },
        used_bytes: r.get::<_, i64>(8).max(0) as u64,
        used_messages: r.get::<_, i64>(9).max(0) as u64,
        created_at: r.get(10),
    }
}

const AGENCY_SELECT: &str = "SELECT g.id, g.code, g.name, p.code, g.headcount, \
     (SELECT count(*) FROM accounts a WHERE a.agency_id = g.id AND a.status != 'removed'), \
     (SELECT count(*) FROM agencies c WHERE c.parent_id = g.id) \
     FROM agencies g LEFT JOIN agencies p ON p.id = g.parent_id";

fn agency_from_row(r: &Row) -> Agency {
    Agency {
        id: r.get(0),
        code: r.get(1),
        name: r.get(2),
        parent: r.get(3),
        headcount: r
            .get::<_, Option<i64>>(4)
            .map(|v| v.clamp(0, u32::MAX as i64) as u32),
        accounts: r.get::<_, i64>(5).max(0) as u64,
        children: r.get::<_, i64>(6).max(0) as u64,
    }
}

fn limit(v: Option<u64>) -> Option<i64> {
    v.map(|v| v.min(i64::MAX as u64) as i64)
}

async fn domain_id(c: &impl Queries, name: &str) -> PgResult<DomainId> {
    match c
        .query_opt("SELECT id FROM domains WHERE name = $1", &[&name])
        .await?
    {
        Some(r) => Ok(r.get(0)),
        None => Err(StorageError::not_found("domain", name).into()),
    }
}

pub(crate) async fn agency_id(c: &impl Queries, code: &str) -> PgResult<AgencyId> {
    let code = code.trim();
    match c
        .query_opt("SELECT id FROM agencies WHERE code = upper($1)", &[&code])
        .await?
    {
        Some(r) => Ok(r.get(0)),
        None => Err(StorageError::not_found("agency", code).into()),
    }
}

pub(crate) async fn account_by_address(c: &impl Queries, address: &str) -> PgResult<Account> {
    let address = address.trim().to_lowercase();
    match c
        .query_opt(
            &format!("{ACCOUNT_SELECT} WHERE a.address = $1"),
            &[&address],
        )
        .await?
    {
        Some(r) => Ok(account_from_row(&r)),
        None => Err(StorageError::not_found("account", address).into()),
    }
}

async fn account_by_id(c: &impl Queries, id: AccountId) -> PgResult<Account> {
    match c
        .query_opt(&format!("{ACCOUNT_SELECT} WHERE a.id = $1"), &[&id])
        .await?
    {
        Some(r) => Ok(account_from_row(&r)),
        None => Err(StorageError::not_found("account", id.to_string()).into()),
    }
}

async fn address_taken(c: &impl Queries, address: &str) -> PgResult<bool> {
    Ok(c.query_one(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE address = $1) \
             OR EXISTS (SELECT 1 FROM aliases WHERE address = $1)",
        &[&address],
    )
    .await?
    .get(0))
}

async fn insert_account(tx: &Tx<'_>, new: &NewAccount, created: i64) -> PgResult<AccountId> {
    let (local, domain) = normalize_address(&new.address)?;
    let address = format!("{local}@{domain}");
    let Ok(domain_id) = domain_id(tx, &domain).await else {
        return Err(crate::rules::domain_not_served(&address, &domain).into());
    };
    let agency_id = agency_id(tx, &new.agency_code).await?;
    if address_taken(tx, &address).await? {
        return Err(crate::rules::address_issued(&address).into());
    }
    let display_name = new.display_name.trim();
    if display_name.is_empty() {
        return Err(
            StorageError::Invalid(format!("the display name of {address} is empty")).into(),
        );
    }
    let id: AccountId = tx
        .query_one(
            "INSERT INTO accounts (address, domain_id, agency_id, kind, display_name, \
             password_hash, status, quota_bytes, quota_messages, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9) RETURNING id",
            &[
                &address,
                &domain_id,
                &agency_id,
                &new.kind.as_str(),
                &display_name,
                &new.password_hash,
                &limit(new.quota.bytes),
                &limit(new.quota.messages),
                &created,
            ],
        )
        .await?
        .get(0);
    super::mailbox::create_default_mailboxes(tx, id, created).await?;
    Ok(id)
}

impl Directory for PgBackend {
    // ---- domains ----

    fn add_domain(&self, name: &str) -> Result<Domain> {
        let name = normalize_domain(name)?;
        pg_write!(self, |tx, notes| {
            if domain_id(&tx, &name).await.is_ok() {
                return Err(crate::rules::domain_served(&name).into());
            }
            let created = now();
            let id: DomainId = tx
                .query_one(
                    "INSERT INTO domains (name, created_at) VALUES ($1, $2) RETURNING id",
                    &[&name, &created],
                )
                .await?
                .get(0);
            Ok(Domain {
                id,
                name: name.clone(),
                created_at: created,
                accounts: 0,
            })
        })
    }

    fn serves_domain(&self, name: &str) -> Result<bool> {
        let Ok(name) = normalize_domain(name) else {
            return Ok(false);
        };
        self.read(move |c| async move { Ok(domain_id(&c, &name).await.is_ok()) })
    }

    fn list_domains(&self) -> Result<Vec<Domain>> {
        self.read(|c| async move {
            let rows = c
                .query(
                    "SELECT d.id, d.name, d.created_at, \
                     (SELECT count(*) FROM accounts a WHERE a.domain_id = d.id) \
                     FROM domains d ORDER BY d.name COLLATE \"C\"",
                    &[],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| Domain {
                    id: r.get(0),
                    name: r.get(1),
                    created_at: r.get(2),
                    accounts: r.get::<_, i64>(3).max(0) as u64,
                })
                .collect())
        })
    }

    fn remove_domain(&self, name: &str) -> Result<()> {
        let name = normalize_domain(name)?;
        pg_write!(self, |tx, notes| {
            let id = domain_id(&tx, &name).await?;
            let accounts: i64 = tx
                .query_one("SELECT count(*) FROM accounts WHERE domain_id = $1", &[&id])
                .await?
                .get(0);
            let aliases: i64 = tx
                .query_one(
                    "SELECT count(*) FROM aliases WHERE address LIKE '%@' || $1",
                    &[&name],
                )
                .await?
                .get(0);
            if accounts > 0 || aliases > 0 {
                return Err(StorageError::Conflict(format!(
                    "the domain {name} still has {accounts} account(s) and {aliases} alias(es): \
                     remove and purge them first (`govmail user list --domain {name}`)"
                ))
                .into());
            }
            tx.execute("DELETE FROM domains WHERE id = $1", &[&id])
                .await?;
            Ok(())
        })
    }

    // ---- agencies ----

    fn add_agency(
        &self,
        code: &str,
        name: &str,
        parent: Option<&str>,
        headcount: Option<u32>,
    ) -> Result<Agency> {
        let code = normalize_agency_code(code)?;
        let name = crate::rules::agency_name(&code, name)?;
        let parent = parent.map(str::to_string);
        let headcount = headcount.map(i64::from);
        pg_write!(self, |tx, notes| {
            if agency_id(&tx, &code).await.is_ok() {
                return Err(crate::rules::agency_code_used(&code).into());
            }
            let parent_id = match parent.as_deref() {
                Some(p) => Some(agency_id(&tx, p).await?),
                None => None,
            };
            let id: AgencyId = tx
                .query_one(
                    "INSERT INTO agencies (code, name, parent_id, headcount, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&code, &name, &parent_id, &headcount, &now()],
                )
                .await?
                .get(0);
            let row = tx
                .query_one(&format!("{AGENCY_SELECT} WHERE g.id = $1"), &[&id])
                .await?;
            Ok(agency_from_row(&row))
        })
    }

    fn get_agency(&self, code: &str) -> Result<Agency> {
        let code = code.trim().to_string();
        self.read(move |c| async move {
            match c
                .query_opt(
                    &format!("{AGENCY_SELECT} WHERE g.code = upper($1)"),
                    &[&code],
                )
                .await?
            {
                Some(r) => Ok(agency_from_row(&r)),
                None => Err(StorageError::not_found("agency", code).into()),
            }
        })
    }

    fn agency_chain(&self, code: &str) -> Result<Vec<String>> {
        let code = code.to_string();
        self.read(move |c| async move {
            let rows = c
                .query(
                    "WITH RECURSIVE up(id, code, parent_id, depth) AS ( \
                       SELECT id, code, parent_id, 0 FROM agencies WHERE code = upper($1) \
                       UNION ALL \
                       SELECT a.id, a.code, a.parent_id, up.depth + 1 FROM agencies a \
                       JOIN up ON a.id = up.parent_id WHERE up.depth < 64) \
                     SELECT code FROM up ORDER BY depth",
                    &[&code],
                )
                .await?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn list_agencies(&self) -> Result<Vec<Agency>> {
        let all = self.read(|c| async move {
            let rows = c
                .query(
                    &format!("{AGENCY_SELECT} ORDER BY g.code COLLATE \"C\""),
                    &[],
                )
                .await?;
            Ok(rows.iter().map(agency_from_row).collect::<Vec<_>>())
        })?;
        Ok(crate::directory::tree_order(all))
    }

    fn set_agency_headcount(&self, code: &str, headcount: Option<u32>) -> Result<()> {
        let code = code.to_string();
        let headcount = headcount.map(i64::from);
        pg_write!(self, |tx, notes| {
            let id = agency_id(&tx, &code).await?;
            tx.execute(
                "UPDATE agencies SET headcount = $1 WHERE id = $2",
                &[&headcount, &id],
            )
            .await?;
            Ok(())
        })
    }

    fn rename_agency(&self, code: &str, name: &str) -> Result<()> {
        let code = code.to_string();
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(StorageError::Invalid("the new agency name is empty".into()));
        }
        pg_write!(self, |tx, notes| {
            let id = agency_id(&tx, &code).await?;
            tx.execute("UPDATE agencies SET name = $1 WHERE id = $2", &[&name, &id])
                .await?;
            Ok(())
        })
    }

    fn move_agency(&self, code: &str, new_parent: Option<&str>) -> Result<()> {
        let code = code.to_string();
        let new_parent = new_parent.map(str::to_string);
        pg_write!(self, |tx, notes| {
            let id = agency_id(&tx, &code).await?;
            // Two moves at once on different nodes could each pass the cycle check against the
            // other's old tree: the whole tree is locked for the check.
            tx.execute("LOCK TABLE agencies IN SHARE ROW EXCLUSIVE MODE", &[])
                .await?;
            let parent_id = match new_parent.as_deref() {
                Some(p) => Some(agency_id(&tx, p).await?),
                None => None,
            };
            if let Some(mut ancestor) = parent_id {
                loop {
                    if ancestor == id {
                        return Err(StorageError::Conflict(format!(
                            "cannot move {code} under {}: it is {code} itself or one of its \
                             sub-agencies",
                            new_parent.as_deref().unwrap_or_default()
                        ))
                        .into());
                    }
                    match tx
                        .query_one("SELECT parent_id FROM agencies WHERE id = $1", &[&ancestor])
                        .await?
                        .get::<_, Option<i64>>(0)
                    {
                        Some(up) => ancestor = up,
                        None => break,
                    }
                }
            }
            tx.execute(
                "UPDATE agencies SET parent_id = $1 WHERE id = $2",
                &[&parent_id, &id],
            )
            .await?;
            Ok(())
        })
    }

    fn remove_agency(&self, code: &str) -> Result<()> {
        let code = code.to_string();
        pg_write!(self, |tx, notes| {
            let id = agency_id(&tx, &code).await?;
            let children: i64 = tx
                .query_one("SELECT count(*) FROM agencies WHERE parent_id = $1", &[&id])
                .await?
                .get(0);
            let accounts: i64 = tx
                .query_one("SELECT count(*) FROM accounts WHERE agency_id = $1", &[&id])
                .await?
                .get(0);
            if children > 0 || accounts > 0 {
                return Err(StorageError::Conflict(format!(
                    "agency {code} still has {children} sub-agency(ies) and {accounts} \
                     account(s): move or remove them first"
                ))
                .into());
            }
            tx.execute("DELETE FROM agencies WHERE id = $1", &[&id])
                .await?;
            Ok(())
        })
    }

    // ---- accounts ----

    fn create_account(&self, new: NewAccount) -> Result<Account> {
        let mut created = self.create_accounts(vec![new])?;
        created
            .pop()
            .ok_or_else(|| StorageError::Invalid("no account created".into()))
    }

    /// Creates many accounts in one transaction: all or none. An error names the failing
    /// address.
    fn create_accounts(&self, accounts: Vec<NewAccount>) -> Result<Vec<Account>> {
        pg_write!(self, |tx, notes| {
            let created = now();
            let mut out = Vec::with_capacity(accounts.len());
            for new in &accounts {
                let id = insert_account(&tx, new, created)
                    .await
                    .map_err(|e| match e {
                        super::PgError::Storage(StorageError::NotFound { what, key }) => {
                            StorageError::Invalid(format!(
                                "{}: {what} '{key}' not found",
                                new.address
                            ))
                            .into()
                        }
                        other => other,
                    })?;
                out.push(account_by_id(&tx, id).await?);
            }
            Ok(out)
        })
    }

    fn get_account(&self, address: &str) -> Result<Account> {
        let address = address.to_string();
        self.read(move |c| async move { account_by_address(&c, &address).await })
    }

    fn get_account_by_id(&self, id: AccountId) -> Result<Account> {
        self.read(move |c| async move { account_by_id(&c, id).await })
    }

    fn list_accounts(&self, filter: &AccountFilter) -> Result<Vec<Account>> {
        let codes: Option<std::collections::HashSet<String>> = match &filter.agency {
            Some(code) => {
                let root = self.get_agency(code)?;
                if filter.subtree {
                    let all = self.list_agencies()?;
                    let ids = subtree_ids(&all, root.id);
                    Some(
                        all.into_iter()
                            .filter(|a| ids.contains(&a.id))
                            .map(|a| a.code)
                            .collect(),
                    )
                } else {
                    Some(std::iter::once(root.code).collect())
                }
            }
            None => None,
        };
        let domain = filter.domain.as_deref().map(normalize_domain).transpose()?;
        let status = filter.status.map(|s| s.as_str().to_string());
        let accounts = self.read(move |c| async move {
            let rows = c
                .query(
                    &format!(
                        "{ACCOUNT_SELECT} JOIN domains d ON d.id = a.domain_id \
                         WHERE ($1::text IS NULL OR a.status = $1) \
                         AND ($2::text IS NULL OR d.name = $2) \
                         ORDER BY g.code COLLATE \"C\", a.address COLLATE \"C\""
                    ),
                    &[&status, &domain],
                )
                .await?;
            Ok(rows.iter().map(account_from_row).collect::<Vec<_>>())
        })?;
        Ok(match codes {
            Some(codes) => accounts
                .into_iter()
                .filter(|a| codes.contains(&a.agency))
                .collect(),
            None => accounts,
        })
    }

    fn addresses_like(&self, local: &str, domain: &str) -> Result<Vec<String>> {
        let domain = normalize_domain(domain)?;
        let escaped = local
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("{escaped}%@{domain}");
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT address FROM accounts WHERE address LIKE $1 ESCAPE '\\' \
                     UNION SELECT address FROM aliases WHERE address LIKE $1 ESCAPE '\\'",
                    &[&pattern],
                )
                .await?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn set_password_hash(&self, address: &str, hash: String) -> Result<()> {
        self.update_account(
            address,
            "UPDATE accounts SET password_hash = $1 WHERE id = $2",
            hash,
        )
    }

    fn set_display_name(&self, address: &str, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StorageError::Invalid("the display name is empty".into()));
        }
        self.update_account(
            address,
            "UPDATE accounts SET display_name = $1 WHERE id = $2",
            name.to_string(),
        )
    }

    fn set_status(&self, address: &str, status: AccountStatus) -> Result<()> {
        let address = address.trim().to_lowercase();
        pg_write!(self, |tx, notes| {
            let account = account_by_address(&tx, &address).await?;
            tx.execute(
                "UPDATE accounts SET status = $1 WHERE id = $2",
                &[&status.as_str(), &account.id],
            )
            .await?;
            if status == AccountStatus::Removed {
                tx.execute(
                    "DELETE FROM grants WHERE unit_account_id = $1 OR grantee_account_id = $1",
                    &[&account.id],
                )
                .await?;
            }
            Ok(())
        })
    }

    fn set_quota(&self, address: &str, quota: Quota) -> Result<()> {
        let address = address.trim().to_lowercase();
        pg_write!(self, |tx, notes| {
            let account = account_by_address(&tx, &address).await?;
            tx.execute(
                "UPDATE accounts SET quota_bytes = $1, quota_messages = $2 WHERE id = $3",
                &[&limit(quota.bytes), &limit(quota.messages), &account.id],
            )
            .await?;
            Ok(())
        })
    }

    fn password_hash(&self, address: &str) -> Result<(Account, String)> {
        let address = address.to_string();
        self.read(move |c| async move {
            let account = account_by_address(&c, &address).await?;
            let hash: String = c
                .query_one(
                    "SELECT password_hash FROM accounts WHERE id = $1",
                    &[&account.id],
                )
                .await?
                .get(0);
            Ok((account, hash))
        })
    }

    fn resolve_recipient(&self, address: &str) -> Result<Option<Recipient>> {
        let address = address.trim().to_lowercase();
        self.read(move |c| async move {
            let row = c
                .query_opt(
                    &format!(
                        "{ACCOUNT_SELECT} WHERE a.id = coalesce(\
                           (SELECT id FROM accounts WHERE address = $1), \
                           (SELECT account_id FROM aliases WHERE address = $1))"
                    ),
                    &[&address],
                )
                .await?;
            Ok(row.map(|r| {
                let a = account_from_row(&r);
                Recipient {
                    account: a.id,
                    quota: a.quota_usage(),
                    address: a.address,
                    status: a.status,
                }
            }))
        })
    }

    fn purge_account(&self, address: &str) -> Result<u64> {
        let address = address.trim().to_lowercase();
        pg_write!(self, |tx, notes| {
            let account = account_by_address(&tx, &address).await?;
            if account.status != AccountStatus::Removed {
                return Err(StorageError::Conflict(format!(
                    "{address} is {}: remove it first (`govmail user remove {address}`)",
                    account.status.as_str()
                ))
                .into());
            }
            let mailboxes: Vec<i64> = tx
                .query(
                    "SELECT id FROM mailboxes WHERE account_id = $1 ORDER BY id FOR UPDATE",
                    &[&account.id],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            for mailbox in mailboxes {
                super::message::remove_all(&tx, &mut notes, account.id, mailbox).await?;
                tx.execute("DELETE FROM expunged WHERE mailbox_id = $1", &[&mailbox])
                    .await?;
                tx.execute("DELETE FROM mailboxes WHERE id = $1", &[&mailbox])
                    .await?;
            }
            tx.execute(
                "DELETE FROM grants WHERE unit_account_id = $1 OR grantee_account_id = $1",
                &[&account.id],
            )
            .await?;
            for table in [
                "aliases",
                "subscriptions",
                "usage_daily",
                "usage_monthly",
                "sieve_scripts",
                "vacation_sent",
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE account_id = $1"),
                    &[&account.id],
                )
                .await?;
            }
            tx.execute(
                "UPDATE queue SET account_id = NULL WHERE account_id = $1",
                &[&account.id],
            )
            .await?;
            tx.execute("DELETE FROM accounts WHERE id = $1", &[&account.id])
                .await?;
            Ok(account.used_messages)
        })
    }

    // ---- aliases ----

    fn add_alias(&self, alias: &str, account: &str) -> Result<()> {
        let (local, domain) = normalize_address(alias)?;
        let alias = format!("{local}@{domain}");
        let account = account.trim().to_lowercase();
        pg_write!(self, |tx, notes| {
            if domain_id(&tx, &domain).await.is_err() {
                return Err(crate::rules::domain_not_served(&alias, &domain).into());
            }
            let target = account_by_address(&tx, &account).await?;
            if address_taken(&tx, &alias).await? {
                return Err(crate::rules::address_issued(&alias).into());
            }
            tx.execute(
                "INSERT INTO aliases (address, account_id) VALUES ($1, $2)",
                &[&alias, &target.id],
            )
            .await?;
            Ok(())
        })
    }

    fn list_aliases(&self, account: &str) -> Result<Vec<String>> {
        let account = account.to_string();
        self.read(move |c| async move {
            let target = account_by_address(&c, &account).await?;
            let rows = c
                .query(
                    "SELECT address FROM aliases WHERE account_id = $1 ORDER BY address COLLATE \"C\"",
                    &[&target.id],
                )
                .await?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn remove_alias(&self, alias: &str) -> Result<()> {
        let alias = alias.trim().to_lowercase();
        pg_write!(self, |tx, notes| {
            let n = tx
                .execute("DELETE FROM aliases WHERE address = $1", &[&alias])
                .await?;
            if n == 0 {
                return Err(StorageError::not_found("alias", alias.clone()).into());
            }
            Ok(())
        })
    }
}

impl PgBackend {
    /// Runs `sql` (with $1 the value, $2 the account id) on the account of `address`.
    fn update_account<V>(&self, address: &str, sql: &'static str, value: V) -> Result<()>
    where
        V: tokio_postgres::types::ToSql + Sync + Send + 'static,
    {
        let address = address.trim().to_lowercase();
        pg_write!(self, |tx, notes| {
            let account = account_by_address(&tx, &address).await?;
            tx.execute(sql, &[&value, &account.id]).await?;
            Ok(())
        })
    }
}
