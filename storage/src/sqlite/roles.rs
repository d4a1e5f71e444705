//! Roles on accounts (the web console's administrators and report viewers) and the audit log
//! of who did what, when and from where.
//!
//! A report viewer is scoped to an agency and sees that agency's subtree; an administrator is
//! not scoped. Every account, whatever its roles, may manage its own password, out-of-office
//! reply and see its own quota: that needs no role.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use crate::backend::Roles;
use crate::directory::{account_by_address, agency_id};
use crate::error::Result;
use crate::sqlite::SqliteBackend;
use crate::types::{AccountId, AccountStatus, now};

/// What a role lets its account do on the web console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The administrators' desk: accounts, passwords, suspension; every agency.
    Admin,
    /// The usage dashboard of one agency's subtree.
    ReportViewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ReportViewer => "report-viewer",
        }
    }

    /// The role as written on the command line (`admin`, `report-viewer`).
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "admin" => Some(Role::Admin),
            "report-viewer" => Some(Role::ReportViewer),
            _ => None,
        }
    }

    /// Its Vietnamese name, for pages and messages.
    pub fn name_vi(self) -> &'static str {
        match self {
            Role::Admin => "quản trị viên",
            Role::ReportViewer => "người xem báo cáo",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One role held by one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGrant {
    pub address: String,
    #[serde(skip)]
    pub account_id: AccountId,
    pub role: Role,
    /// The agency whose subtree a report viewer sees (None for an administrator).
    pub agency: Option<String>,
    pub created_at: i64,
}

const ROLE_SELECT: &str = "SELECT a.address, r.account_id, r.role, g.code, r.created_at \
     FROM account_roles r JOIN accounts a ON a.id = r.account_id \
     LEFT JOIN agencies g ON g.id = r.agency_id";

fn role_from_row(r: &Row<'_>) -> rusqlite::Result<RoleGrant> {
    let role: String = r.get(2)?;
    Ok(RoleGrant {
        address: r.get(0)?,
        account_id: r.get(1)?,
        // The table's CHECK allows only these two.
        role: Role::parse(&role).unwrap_or(Role::ReportViewer),
        agency: r.get(3)?,
        created_at: r.get(4)?,
    })
}

/// Checks that the agency fits the role: an administrator has none, a report viewer one.
fn check_scope(role: Role, agency: Option<&str>) -> Result<()> {
    crate::rules::role_scope(role, agency)
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    /// The account's address, or `cli:<user>` for a command run on the server's shell.
    pub actor: String,
    /// What was done: `role.add`, `password.change`, `report.denied`, ….
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    /// The client's IP address, or `cli`.
    pub source: String,
}

/// A line to add to the audit log. Never put a password in `detail`.
#[derive(Debug, Clone, Default)]
pub struct NewAudit {
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub source: String,
}

/// Which lines `Store::audit_log` returns: newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// From this Unix second on.
    pub since: Option<i64>,
    /// Only this actor (exact, case-insensitive).
    pub actor: Option<String>,
    /// Only this action (exact).
    pub action: Option<String>,
    /// At most this many (None: all).
    pub limit: Option<u32>,
}

impl Roles for SqliteBackend {
    /// Gives `address` the role (`agency`: the subtree a report viewer sees). Returns false
    /// when the account had it already.
    fn add_role(&self, address: &str, role: Role, agency: Option<&str>) -> Result<bool> {
        check_scope(role, agency)?;
        let (address, agency) = (address.trim().to_lowercase(), agency.map(str::to_string));
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let account = account_by_address(conn, &address)?;
            if account.status == AccountStatus::Removed {
                return Err(crate::rules::role_to_removed(&address));
            }
            let agency_id = agency.as_deref().map(|c| agency_id(conn, c)).transpose()?;
            let added = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO account_roles (account_id, role, agency_id, \
                     created_at) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![account.id, role.as_str(), agency_id, now()])?;
            Ok(added > 0)
        })
    }

    /// Takes the role from `address`. Returns false when the account did not have it.
    fn remove_role(&self, address: &str, role: Role, agency: Option<&str>) -> Result<bool> {
        check_scope(role, agency)?;
        let (address, agency) = (address.trim().to_lowercase(), agency.map(str::to_string));
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let account = account_by_address(conn, &address)?;
            let agency_id = agency.as_deref().map(|c| agency_id(conn, c)).transpose()?;
            let removed = conn
                .prepare_cached(
                    "DELETE FROM account_roles WHERE account_id = ?1 AND role = ?2 \
                     AND ifnull(agency_id, 0) = ifnull(?3, 0)",
                )?
                .execute(params![account.id, role.as_str(), agency_id])?;
            Ok(removed > 0)
        })
    }

    /// Every role (of `address` only, if given), by address, role and agency.
    fn list_roles(&self, address: Option<&str>) -> Result<Vec<RoleGrant>> {
        let address = address.map(|a| a.trim().to_lowercase());
        self.db().read(|conn| {
            let order = "ORDER BY a.address, r.role, g.code";
            let roles = match &address {
                Some(address) => {
                    let account = account_by_address(conn, address)?;
                    let mut stmt = conn.prepare_cached(&format!(
                        "{ROLE_SELECT} WHERE r.account_id = ?1 {order}"
                    ))?;
                    stmt.query_map([account.id], role_from_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?
                }
                None => {
                    let mut stmt = conn.prepare_cached(&format!("{ROLE_SELECT} {order}"))?;
                    stmt.query_map([], role_from_row)?
                        .collect::<rusqlite::Result<Vec<_>>>()?
                }
            };
            Ok(roles)
        })
    }

    /// The roles of one account (by id), for a login.
    fn roles_of(&self, account: AccountId) -> Result<Vec<RoleGrant>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{ROLE_SELECT} WHERE r.account_id = ?1 ORDER BY r.role, g.code"
            ))?;
            Ok(stmt
                .query_map([account], role_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Whether any active account is an administrator (`init` creates the first one).
    fn has_admin(&self) -> Result<bool> {
        self.db().read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT 1 FROM account_roles r JOIN accounts a ON a.id = r.account_id \
                     WHERE r.role = 'admin' AND a.status = 'active' LIMIT 1",
                    [],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        })
    }

    /// Adds a line to the audit log, stamped now.
    fn audit(&self, entry: NewAudit) -> Result<()> {
        crate::rules::audit_line(&entry.actor, &entry.action)?;
        self.db().write(move |ctx| {
            ctx.conn
                .prepare_cached(
                    "INSERT INTO audit_log (at, actor, action, target, detail, source) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    now(),
                    entry.actor,
                    entry.action,
                    entry.target,
                    entry.detail,
                    entry.source
                ])?;
            Ok(())
        })
    }

    /// The audit log, newest first.
    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, at, actor, action, target, detail, source FROM audit_log \
                 WHERE at >= ifnull(?1, at) AND (?2 IS NULL OR actor = lower(?2)) \
                 AND (?3 IS NULL OR action = ?3) ORDER BY at DESC, id DESC LIMIT ?4",
            )?;
            let limit = filter.limit.map_or(-1, i64::from);
            let rows = stmt.query_map(
                params![filter.since, filter.actor, filter.action, limit],
                |r| {
                    Ok(AuditEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        action: r.get(3)?,
                        target: r.get(4)?,
                        detail: r.get(5)?,
                        source: r.get(6)?,
                    })
                },
            )?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
