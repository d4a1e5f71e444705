//! The directory: served domains, the agency tree, accounts and aliases.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::backend::Directory;
use crate::error::{Result, StorageError};
use crate::mailbox::create_default_mailboxes;
use crate::types::{
    AccountId, AccountKind, AccountStatus, AgencyId, DomainId, Quota, QuotaUsage, now,
};
use crate::{db::WriteCtx, sqlite::SqliteBackend};

#[derive(Debug, Clone, Serialize)]
pub struct Domain {
    pub id: DomainId,
    pub name: String,
    pub created_at: i64,
    /// Accounts with an address on this domain (any status).
    pub accounts: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agency {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    /// Số biên chế: the agency's own staff, not its children's. None when unknown.
    pub headcount: Option<u32>,
    /// Accounts of this agency itself (not of its children), excluding removed ones.
    pub accounts: u64,
    pub children: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub address: String,
    pub display_name: String,
    pub agency: String,
    pub kind: AccountKind,
    pub status: AccountStatus,
    pub quota: Quota,
    pub used_bytes: u64,
    pub used_messages: u64,
    pub created_at: i64,
}

impl Account {
    pub fn quota_usage(&self) -> QuotaUsage {
        QuotaUsage {
            limit: self.quota,
            used_bytes: self.used_bytes,
            used_messages: self.used_messages,
        }
    }
}

/// What `Store::create_accounts` needs for one account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// local@domain; the domain must be served.
    pub address: String,
    pub display_name: String,
    pub agency_code: String,
    pub kind: AccountKind,
    /// An argon2 PHC string (see `password::hash`).
    pub password_hash: String,
    pub quota: Quota,
}

/// Filter for `Store::list_accounts`.
#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    /// Only accounts of this agency (and, with `subtree`, of its descendants).
    pub agency: Option<String>,
    pub subtree: bool,
    pub status: Option<AccountStatus>,
    pub domain: Option<String>,
}

/// The account an address (or alias) delivers to, with what delivery decisions need.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub account: AccountId,
    pub address: String,
    pub status: AccountStatus,
    pub quota: QuotaUsage,
}

const MAX_CODE_LEN: usize = 32;

/// Agency codes: 1 to 32 of A–Z, 0–9, '_', '.', '-'; stored uppercase.
pub fn normalize_agency_code(code: &str) -> Result<String> {
    let code = code.trim();
    if code.is_empty()
        || code.len() > MAX_CODE_LEN
        || !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    {
        return Err(StorageError::Invalid(format!(
            "invalid agency code {code:?}: use 1 to {MAX_CODE_LEN} letters A-Z, digits, '_', \
             '.' or '-' (e.g. STTTT, UBND-XA-TINHKHE)"
        )));
    }
    Ok(code.to_ascii_uppercase())
}

/// Domain names: lowercase LDH labels separated by dots, at least two labels.
pub fn normalize_domain(name: &str) -> Result<String> {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if name.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(StorageError::Invalid(format!(
            "invalid domain name {name:?}: expected something like quangngai.gov.vn \
             (letters, digits and '-', labels separated by dots)"
        )));
    }
    Ok(name)
}

/// Splits and lowercases an address; the local part may be UTF-8 (RFC 6531).
pub fn normalize_address(address: &str) -> Result<(String, String)> {
    let address = address.trim();
    let (local, domain) = address.rsplit_once('@').ok_or_else(|| {
        StorageError::Invalid(format!(
            "invalid address {address:?}: expected local@domain, e.g. annv@quangngai.gov.vn"
        ))
    })?;
    if local.is_empty() || local.len() > 64 || local.chars().any(|c| c.is_whitespace() || c == '@')
    {
        return Err(StorageError::Invalid(format!(
            "invalid address {address:?}: the part before '@' must be 1 to 64 characters \
             without spaces"
        )));
    }
    Ok((local.to_lowercase(), normalize_domain(domain)?))
}

fn domain_id(conn: &Connection, name: &str) -> Result<DomainId> {
    conn.prepare_cached("SELECT id FROM domains WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StorageError::not_found("domain", name))
}

pub(crate) fn agency_id(conn: &Connection, code: &str) -> Result<AgencyId> {
    conn.prepare_cached("SELECT id FROM agencies WHERE code = ?1")?
        .query_row([code.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StorageError::not_found("agency", code.trim()))
}

pub(crate) fn account_by_address(conn: &Connection, address: &str) -> Result<Account> {
    let address = address.trim().to_lowercase();
    conn.prepare_cached(&format!("{ACCOUNT_SELECT} WHERE a.address = ?1"))?
        .query_row([&address], account_from_row)
        .optional()?
        .ok_or_else(|| StorageError::not_found("account", address))
}

/// The agency's code is read by a subquery, not a join: SQLite compiles a join whose WHERE
/// compares a column with a bound parameter again each time the parameter's value changes
/// (sqlite3_stmt_status REPREPARE counted one per run), and this statement runs at every
/// login and address lookup.
const ACCOUNT_SELECT: &str = "SELECT a.id, a.address, a.display_name, \
     (SELECT g.code FROM agencies g WHERE g.id = a.agency_id) AS agency_code, a.kind, a.status, \
     a.quota_bytes, a.quota_messages, a.used_bytes, a.used_messages, a.created_at \
     FROM accounts a";

fn account_from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        address: r.get(1)?,
        display_name: r.get(2)?,
        agency: r.get(3)?,
        kind: AccountKind::parse(&r.get::<_, String>(4)?),
        status: AccountStatus::parse(&r.get::<_, String>(5)?),
        quota: Quota {
            bytes: r.get::<_, Option<i64>>(6)?.map(|v| v.max(0) as u64),
            messages: r.get::<_, Option<i64>>(7)?.map(|v| v.max(0) as u64),
        },
        used_bytes: r.get::<_, i64>(8)?.max(0) as u64,
        used_messages: r.get::<_, i64>(9)?.max(0) as u64,
        created_at: r.get(10)?,
    })
}

const AGENCY_SELECT: &str = "SELECT g.id, g.code, g.name, p.code, g.headcount, \
     (SELECT count(*) FROM accounts a WHERE a.agency_id = g.id AND a.status != 'removed'), \
     (SELECT count(*) FROM agencies c WHERE c.parent_id = g.id) \
     FROM agencies g LEFT JOIN agencies p ON p.id = g.parent_id";

fn agency_from_row(r: &Row<'_>) -> rusqlite::Result<Agency> {
    Ok(Agency {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        parent: r.get(3)?,
        headcount: r
            .get::<_, Option<i64>>(4)?
            .map(|v| v.clamp(0, u32::MAX as i64) as u32),
        accounts: r.get::<_, i64>(5)?.max(0) as u64,
        children: r.get::<_, i64>(6)?.max(0) as u64,
    })
}

/// Is `address` free (neither an account nor an alias)?
fn address_taken(conn: &Connection, address: &str) -> Result<bool> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM accounts WHERE address = ?1) + \
                    (SELECT count(*) FROM aliases WHERE address = ?1)",
        )?
        .query_row([address], |r| r.get(0))?;
    Ok(n > 0)
}

fn insert_account(ctx: &mut WriteCtx<'_>, new: &NewAccount, created: i64) -> Result<AccountId> {
    let (local, domain) = normalize_address(&new.address)?;
    let address = format!("{local}@{domain}");
    let conn = ctx.conn;
    let domain_id =
        domain_id(conn, &domain).map_err(|_| crate::rules::domain_not_served(&address, &domain))?;
    let agency_id = agency_id(conn, &new.agency_code)?;
    if address_taken(conn, &address)? {
        return Err(crate::rules::address_issued(&address));
    }
    let display_name = new.display_name.trim();
    if display_name.is_empty() {
        return Err(StorageError::Invalid(format!(
            "the display name of {address} is empty"
        )));
    }
    conn.prepare_cached(
        "INSERT INTO accounts (address, domain_id, agency_id, kind, display_name, password_hash, \
         status, quota_bytes, quota_messages, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?7, ?8, ?9)",
    )?
    .execute(params![
        address,
        domain_id,
        agency_id,
        new.kind.as_str(),
        display_name,
        new.password_hash,
        new.quota.bytes.map(|v| v.min(i64::MAX as u64) as i64),
        new.quota.messages.map(|v| v.min(i64::MAX as u64) as i64),
        created,
    ])?;
    let id = conn.last_insert_rowid();
    create_default_mailboxes(ctx, id, created)?;
    Ok(id)
}

impl Directory for SqliteBackend {
    // ---- domains ----

    fn add_domain(&self, name: &str) -> Result<Domain> {
        let name = normalize_domain(name)?;
        self.db().write(move |ctx| {
            let exists: i64 = ctx.conn.query_row(
                "SELECT count(*) FROM domains WHERE name = ?1",
                [&name],
                |r| r.get(0),
            )?;
            if exists > 0 {
                return Err(crate::rules::domain_served(&name));
            }
            let created = now();
            ctx.conn.execute(
                "INSERT INTO domains (name, created_at) VALUES (?1, ?2)",
                params![name, created],
            )?;
            Ok(Domain {
                id: ctx.conn.last_insert_rowid(),
                name,
                created_at: created,
                accounts: 0,
            })
        })
    }

    /// Is `name` a domain served here? One indexed lookup (asked for every SMTP recipient).
    fn serves_domain(&self, name: &str) -> Result<bool> {
        let Ok(name) = normalize_domain(name) else {
            return Ok(false);
        };
        self.db().read(|conn| Ok(domain_id(conn, &name).is_ok()))
    }

    fn list_domains(&self) -> Result<Vec<Domain>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT d.id, d.name, d.created_at, \
                 (SELECT count(*) FROM accounts a WHERE a.domain_id = d.id) \
                 FROM domains d ORDER BY d.name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Domain {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                    accounts: r.get::<_, i64>(3)?.max(0) as u64,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Removes a domain; refused while any account (even a removed, unpurged one) or alias
    /// uses it.
    fn remove_domain(&self, name: &str) -> Result<()> {
        let name = normalize_domain(name)?;
        self.db().write(move |ctx| {
            let id = domain_id(ctx.conn, &name)?;
            let accounts: i64 = ctx.conn.query_row(
                "SELECT count(*) FROM accounts WHERE domain_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let aliases: i64 = ctx.conn.query_row(
                "SELECT count(*) FROM aliases WHERE address LIKE '%@' || ?1",
                [&name],
                |r| r.get(0),
            )?;
            if accounts > 0 || aliases > 0 {
                return Err(StorageError::Conflict(format!(
                    "the domain {name} still has {accounts} account(s) and {aliases} alias(es): \
                     remove and purge them first (`govmail user list --domain {name}`)"
                )));
            }
            ctx.conn
                .execute("DELETE FROM domains WHERE id = ?1", [id])?;
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
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            if agency_id(conn, &code).is_ok() {
                return Err(crate::rules::agency_code_used(&code));
            }
            let parent_id = parent.as_deref().map(|p| agency_id(conn, p)).transpose()?;
            conn.execute(
                "INSERT INTO agencies (code, name, parent_id, headcount, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![code, name, parent_id, headcount, now()],
            )?;
            let id = conn.last_insert_rowid();
            Ok(conn.query_row(
                &format!("{AGENCY_SELECT} WHERE g.id = ?1"),
                [id],
                agency_from_row,
            )?)
        })
    }

    fn get_agency(&self, code: &str) -> Result<Agency> {
        self.db().read(|conn| {
            conn.prepare_cached(&format!("{AGENCY_SELECT} WHERE g.code = ?1"))?
                .query_row([code.trim()], agency_from_row)
                .optional()?
                .ok_or_else(|| StorageError::not_found("agency", code.trim()))
        })
    }

    /// Every agency, parents before children, siblings by code.
    /// An agency's code and its ancestors' codes, nearest first (`PHONG-A`, `SO-A`, `UBND`):
    /// whose rules apply to its staff. Empty for an unknown code.
    fn agency_chain(&self, code: &str) -> Result<Vec<String>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "WITH RECURSIVE up(id, code, parent_id, depth) AS ( \
                   SELECT id, code, parent_id, 0 FROM agencies WHERE code = ?1 \
                   UNION ALL \
                   SELECT a.id, a.code, a.parent_id, up.depth + 1 FROM agencies a \
                   JOIN up ON a.id = up.parent_id WHERE up.depth < 64) \
                 SELECT code FROM up ORDER BY depth",
            )?;
            let rows = stmt.query_map([code], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }

    fn list_agencies(&self) -> Result<Vec<Agency>> {
        let all = self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!("{AGENCY_SELECT} ORDER BY g.code"))?;
            let rows = stmt.query_map([], agency_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        Ok(tree_order(all))
    }

    fn set_agency_headcount(&self, code: &str, headcount: Option<u32>) -> Result<()> {
        let code = code.to_string();
        self.db().write(move |ctx| {
            let id = agency_id(ctx.conn, &code)?;
            ctx.conn.execute(
                "UPDATE agencies SET headcount = ?1 WHERE id = ?2",
                params![headcount, id],
            )?;
            Ok(())
        })
    }

    fn rename_agency(&self, code: &str, name: &str) -> Result<()> {
        let code = code.to_string();
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(StorageError::Invalid("the new agency name is empty".into()));
        }
        self.db().write(move |ctx| {
            let id = agency_id(ctx.conn, &code)?;
            ctx.conn.execute(
                "UPDATE agencies SET name = ?1 WHERE id = ?2",
                params![name, id],
            )?;
            Ok(())
        })
    }

    /// Moves an agency under another (or to the top with `None`); refuses cycles.
    fn move_agency(&self, code: &str, new_parent: Option<&str>) -> Result<()> {
        let code = code.to_string();
        let new_parent = new_parent.map(str::to_string);
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let id = agency_id(conn, &code)?;
            let parent_id = new_parent
                .as_deref()
                .map(|p| agency_id(conn, p))
                .transpose()?;
            if let Some(mut ancestor) = parent_id {
                // Walk up from the new parent: meeting the agency itself would make a cycle.
                loop {
                    if ancestor == id {
                        return Err(StorageError::Conflict(format!(
                            "cannot move {code} under {}: it is {code} itself or one of its \
                             sub-agencies",
                            new_parent.as_deref().unwrap_or_default()
                        )));
                    }
                    match conn.query_row(
                        "SELECT parent_id FROM agencies WHERE id = ?1",
                        [ancestor],
                        |r| r.get::<_, Option<i64>>(0),
                    )? {
                        Some(up) => ancestor = up,
                        None => break,
                    }
                }
            }
            conn.execute(
                "UPDATE agencies SET parent_id = ?1 WHERE id = ?2",
                params![parent_id, id],
            )?;
            Ok(())
        })
    }

    /// Removes an agency; refused while it has sub-agencies or accounts (even removed ones
    /// whose mail is not purged yet).
    fn remove_agency(&self, code: &str) -> Result<()> {
        let code = code.to_string();
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let id = agency_id(conn, &code)?;
            let children: i64 = conn.query_row(
                "SELECT count(*) FROM agencies WHERE parent_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            let accounts: i64 = conn.query_row(
                "SELECT count(*) FROM accounts WHERE agency_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if children > 0 || accounts > 0 {
                return Err(StorageError::Conflict(format!(
                    "agency {code} still has {children} sub-agency(ies) and {accounts} \
                     account(s): move or remove them first"
                )));
            }
            conn.execute("DELETE FROM agencies WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    // ---- accounts ----

    /// Creates one account with its default mailboxes (INBOX, Sent, Drafts, Trash, Junk,
    /// Archive).
    fn create_account(&self, new: NewAccount) -> Result<Account> {
        let mut created = self.create_accounts(vec![new])?;
        created
            .pop()
            .ok_or_else(|| StorageError::Invalid("no account created".into()))
    }

    /// Creates many accounts in one transaction: all or none. An error names the failing
    /// address.
    fn create_accounts(&self, accounts: Vec<NewAccount>) -> Result<Vec<Account>> {
        let ids = self.db().write(move |ctx| {
            let created = now();
            let mut ids = Vec::with_capacity(accounts.len());
            for new in &accounts {
                let id = insert_account(ctx, new, created).map_err(|e| match e {
                    StorageError::NotFound { what, key } => {
                        StorageError::Invalid(format!("{}: {what} '{key}' not found", new.address))
                    }
                    other => other,
                })?;
                ids.push(id);
            }
            Ok(ids)
        })?;
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!("{ACCOUNT_SELECT} WHERE a.id = ?1"))?;
            ids.iter()
                .map(|id| Ok(stmt.query_row([id], account_from_row)?))
                .collect()
        })
    }

    fn get_account(&self, address: &str) -> Result<Account> {
        self.db().read(|conn| account_by_address(conn, address))
    }

    fn get_account_by_id(&self, id: AccountId) -> Result<Account> {
        self.db().read(|conn| {
            conn.prepare_cached(&format!("{ACCOUNT_SELECT} WHERE a.id = ?1"))?
                .query_row([id], account_from_row)
                .optional()?
                .ok_or_else(|| StorageError::not_found("account", id.to_string()))
        })
    }

    fn list_accounts(&self, filter: &AccountFilter) -> Result<Vec<Account>> {
        // The agency filter as a set of codes (the subtree's, with `subtree`).
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
        let accounts = self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{ACCOUNT_SELECT} JOIN domains d ON d.id = a.domain_id \
                 WHERE (?1 IS NULL OR a.status = ?1) AND (?2 IS NULL OR d.name = ?2) \
                 ORDER BY agency_code, a.address"
            ))?;
            let rows = stmt.query_map(
                params![filter.status.map(AccountStatus::as_str), domain],
                account_from_row,
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        Ok(match codes {
            Some(codes) => accounts
                .into_iter()
                .filter(|a| codes.contains(&a.agency))
                .collect(),
            None => accounts,
        })
    }

    /// Addresses (accounts and aliases) that start with `local` on `domain`, for picking a
    /// free derived address ("annv", "annv2", …) without one query per try.
    fn addresses_like(&self, local: &str, domain: &str) -> Result<Vec<String>> {
        let domain = normalize_domain(domain)?;
        let escaped = local
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("{escaped}%@{domain}");
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT address FROM accounts WHERE address LIKE ?1 ESCAPE '\\' \
                 UNION SELECT address FROM aliases WHERE address LIKE ?1 ESCAPE '\\'",
            )?;
            let rows = stmt.query_map([&pattern], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn set_password_hash(&self, address: &str, hash: String) -> Result<()> {
        self.update_account(
            address,
            "UPDATE accounts SET password_hash = ?1 WHERE id = ?2",
            hash.into(),
        )
    }

    fn set_display_name(&self, address: &str, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StorageError::Invalid("the display name is empty".into()));
        }
        self.update_account(
            address,
            "UPDATE accounts SET display_name = ?1 WHERE id = ?2",
            name.to_string().into(),
        )
    }

    /// Changes an account's status. Removing an account also deletes its grants, both ways
    /// (a removed unit is shared with no one; a removed person opens no unit): resuming it
    /// later does not bring them back.
    fn set_status(&self, address: &str, status: AccountStatus) -> Result<()> {
        let address = address.trim().to_lowercase();
        self.db().write(move |ctx| {
            let account = account_by_address(ctx.conn, &address)?;
            ctx.conn.execute(
                "UPDATE accounts SET status = ?1 WHERE id = ?2",
                params![status.as_str(), account.id],
            )?;
            if status == AccountStatus::Removed {
                crate::grants::delete_grants_of(ctx.conn, account.id)?;
            }
            Ok(())
        })
    }

    fn set_quota(&self, address: &str, quota: Quota) -> Result<()> {
        let address = address.trim().to_lowercase();
        self.db().write(move |ctx| {
            let account = account_by_address(ctx.conn, &address)?;
            ctx.conn.execute(
                "UPDATE accounts SET quota_bytes = ?1, quota_messages = ?2 WHERE id = ?3",
                params![
                    quota.bytes.map(|v| v.min(i64::MAX as u64) as i64),
                    quota.messages.map(|v| v.min(i64::MAX as u64) as i64),
                    account.id
                ],
            )?;
            Ok(())
        })
    }

    /// The stored password hash of an active account, for authentication.
    fn password_hash(&self, address: &str) -> Result<(Account, String)> {
        self.db().read(|conn| {
            let account = account_by_address(conn, address)?;
            let hash: String = conn.query_row(
                "SELECT password_hash FROM accounts WHERE id = ?1",
                [account.id],
                |r| r.get(0),
            )?;
            Ok((account, hash))
        })
    }

    /// Finds the account an address delivers to: an account's own address or an alias.
    fn resolve_recipient(&self, address: &str) -> Result<Option<Recipient>> {
        let address = address.trim().to_lowercase();
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{ACCOUNT_SELECT} WHERE a.id = coalesce(\
                   (SELECT id FROM accounts WHERE address = ?1), \
                   (SELECT account_id FROM aliases WHERE address = ?1))"
            ))?;
            let account = stmt.query_row([&address], account_from_row).optional()?;
            Ok(account.map(|a| Recipient {
                account: a.id,
                quota: a.quota_usage(),
                address: a.address,
                status: a.status,
            }))
        })
    }

    /// Deletes a removed account for good: its messages (refunding blobs), mailboxes,
    /// subscriptions, aliases, usage history and the account itself. Refused unless the
    /// account is removed.
    fn purge_account(&self, address: &str) -> Result<u64> {
        let address = address.trim().to_lowercase();
        self.db().write(move |ctx| {
            let account = account_by_address(ctx.conn, &address)?;
            if account.status != AccountStatus::Removed {
                return Err(StorageError::Conflict(format!(
                    "{address} is {}: remove it first (`govmail user remove {address}`)",
                    account.status.as_str()
                )));
            }
            let mailboxes: Vec<i64> = ctx
                .conn
                .prepare("SELECT id FROM mailboxes WHERE account_id = ?1")?
                .query_map([account.id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for mailbox in mailboxes {
                crate::message::remove_all(ctx, account.id, mailbox)?;
                ctx.conn
                    .execute("DELETE FROM expunged WHERE mailbox_id = ?1", [mailbox])?;
                ctx.conn
                    .execute("DELETE FROM mailboxes WHERE id = ?1", [mailbox])?;
            }
            crate::grants::delete_grants_of(ctx.conn, account.id)?;
            for table in [
                "aliases",
                "subscriptions",
                "usage_daily",
                "usage_monthly",
                "sieve_scripts",
                "vacation_sent",
            ] {
                ctx.conn.execute(
                    &format!("DELETE FROM {table} WHERE account_id = ?1"),
                    [account.id],
                )?;
            }
            // Mail it already sent out stays queued; it just no longer names its submitter.
            ctx.conn.execute(
                "UPDATE queue SET account_id = NULL WHERE account_id = ?1",
                [account.id],
            )?;
            ctx.conn
                .execute("DELETE FROM accounts WHERE id = ?1", [account.id])?;
            Ok(account.used_messages)
        })
    }

    // ---- aliases ----

    fn add_alias(&self, alias: &str, account: &str) -> Result<()> {
        let (local, domain) = normalize_address(alias)?;
        let alias = format!("{local}@{domain}");
        let account = account.trim().to_lowercase();
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            domain_id(conn, &domain)
                .map_err(|_| crate::rules::domain_not_served(&alias, &domain))?;
            let target = account_by_address(conn, &account)?;
            if address_taken(conn, &alias)? {
                return Err(crate::rules::address_issued(&alias));
            }
            conn.execute(
                "INSERT INTO aliases (address, account_id) VALUES (?1, ?2)",
                params![alias, target.id],
            )?;
            Ok(())
        })
    }

    fn list_aliases(&self, account: &str) -> Result<Vec<String>> {
        self.db().read(|conn| {
            let target = account_by_address(conn, account)?;
            let mut stmt = conn.prepare_cached(
                "SELECT address FROM aliases WHERE account_id = ?1 ORDER BY address",
            )?;
            let rows = stmt.query_map([target.id], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn remove_alias(&self, alias: &str) -> Result<()> {
        let alias = alias.trim().to_lowercase();
        self.db().write(move |ctx| {
            let n = ctx
                .conn
                .execute("DELETE FROM aliases WHERE address = ?1", [&alias])?;
            if n == 0 {
                return Err(StorageError::not_found("alias", alias));
            }
            Ok(())
        })
    }
}

impl SqliteBackend {
    fn update_account(
        &self,
        address: &str,
        sql: &'static str,
        value: rusqlite::types::Value,
    ) -> Result<()> {
        let address = address.trim().to_lowercase();
        self.db().write(move |ctx| {
            let account = account_by_address(ctx.conn, &address)?;
            ctx.conn.execute(sql, params![value, account.id])?;
            Ok(())
        })
    }
}

/// Orders agencies depth-first (parents before children, siblings by code).
pub(crate) fn tree_order(all: Vec<Agency>) -> Vec<Agency> {
    let mut out = Vec::with_capacity(all.len());
    let mut placed = vec![false; all.len()];
    fn visit(all: &[Agency], placed: &mut [bool], out: &mut Vec<usize>, parent: Option<&str>) {
        for (i, agency) in all.iter().enumerate() {
            if !placed[i] && agency.parent.as_deref() == parent {
                placed[i] = true;
                out.push(i);
                visit(all, placed, out, Some(&agency.code));
            }
        }
    }
    let mut order = Vec::with_capacity(all.len());
    visit(&all, &mut placed, &mut order, None);
    // Anything unreachable (cannot happen with the cycle check, but never drop data).
    order.extend((0..all.len()).filter(|&i| !placed[i]));
    let mut slots: Vec<Option<Agency>> = all.into_iter().map(Some).collect();
    for i in order {
        if let Some(agency) = slots[i].take() {
            out.push(agency);
        }
    }
    out
}

/// The ids of `root` and all its descendants.
pub fn subtree_ids(all: &[Agency], root: AgencyId) -> Vec<AgencyId> {
    let mut ids = vec![root];
    let mut i = 0;
    while i < ids.len() {
        let code = all.iter().find(|a| a.id == ids[i]).map(|a| a.code.clone());
        if let Some(code) = code {
            ids.extend(
                all.iter()
                    .filter(|a| a.parent.as_deref() == Some(code.as_str()))
                    .map(|a| a.id),
            );
        }
        i += 1;
    }
    ids
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::backend::*;
    use crate::{AccountKind, NewAccount, OpenMode, Quota, sqlite::SqliteBackend};

    /// The account lookup behind every login is compiled once per reader connection, not at
    /// every run with a new address (see ACCOUNT_SELECT).
    #[test]
    fn looking_up_accounts_reuses_the_compiled_statement() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteBackend::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
        store.add_domain("demo.gov.vn").unwrap();
        store
            .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
            .unwrap();
        for i in 0..3 {
            store
                .create_account(NewAccount {
                    address: format!("nv{i}@demo.gov.vn"),
                    display_name: format!("Nhân viên {i}"),
                    agency_code: "STTTT".into(),
                    kind: AccountKind::Personal,
                    password_hash: "not used".into(),
                    quota: Quota::default(),
                })
                .unwrap();
        }
        store
            .db()
            .read(|conn| {
                for i in 0..6 {
                    let account =
                        super::account_by_address(conn, &format!("NV{}@demo.gov.vn", i % 3))?;
                    assert_eq!(account.agency, "STTTT");
                    assert_eq!(account.display_name, format!("Nhân viên {}", i % 3));
                }
                let sql = format!("{} WHERE a.address = ?1", super::ACCOUNT_SELECT);
                let stmt = conn.prepare_cached(&sql)?;
                assert_eq!(stmt.get_status(rusqlite::StatementStatus::Run), 6);
                assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
                Ok(())
            })
            .unwrap();
    }
}
