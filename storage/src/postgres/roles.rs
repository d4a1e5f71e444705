//! Roles on accounts and the audit log on PostgreSQL, as SQLite's (storage/src/sqlite/roles.rs),
//! with the same refusals (storage/src/rules.rs).

use tokio_postgres::Row;

use super::directory::{account_by_address, agency_id};
use super::pool::Queries;
use super::{PgBackend, pg_write};
use crate::backend::Roles;
use crate::error::Result;
use crate::types::{AccountId, AccountStatus, now};
use crate::{AuditEntry, AuditFilter, NewAudit, Role, RoleGrant};

const ROLE_SELECT: &str = "SELECT a.address, r.account_id, r.role, g.code, r.created_at \
     FROM account_roles r JOIN accounts a ON a.id = r.account_id \
     LEFT JOIN agencies g ON g.id = r.agency_id";

const ROLE_ORDER: &str =
    "ORDER BY a.address COLLATE \"C\", r.role COLLATE \"C\", g.code COLLATE \"C\"";

fn role_from_row(r: &Row) -> RoleGrant {
    RoleGrant {
        address: r.get(0),
        account_id: r.get(1),
        // The table's CHECK allows only these two.
        role: Role::parse(r.get::<_, &str>(2)).unwrap_or(Role::ReportViewer),
        agency: r.get(3),
        created_at: r.get(4),
    }
}

impl Roles for PgBackend {
    fn add_role(&self, address: &str, role: Role, agency: Option<&str>) -> Result<bool> {
        crate::rules::role_scope(role, agency)?;
        let (address, agency) = (address.trim().to_lowercase(), agency.map(str::to_string));
        pg_write!(self, |tx, notes| {
            let account = account_by_address(&tx, &address).await?;
            if account.status == AccountStatus::Removed {
                return Err(crate::rules::role_to_removed(&address).into());
            }
            let agency_id = match agency.as_deref() {
                Some(c) => Some(agency_id(&tx, c).await?),
                None => None,
            };
            let added = tx
                .execute(
                    "INSERT INTO account_roles (account_id, role, agency_id, created_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    &[&account.id, &role.as_str(), &agency_id, &now()],
                )
                .await?;
            Ok(added > 0)
        })
    }

    fn remove_role(&self, address: &str, role: Role, agency: Option<&str>) -> Result<bool> {
        crate::rules::role_scope(role, agency)?;
        let (address, agency) = (address.trim().to_lowercase(), agency.map(str::to_string));
        pg_write!(self, |tx, notes| {
            let account = account_by_address(&tx, &address).await?;
            let agency_id = match agency.as_deref() {
                Some(c) => Some(agency_id(&tx, c).await?),
                None => None,
            };
            let removed = tx
                .execute(
                    "DELETE FROM account_roles WHERE account_id = $1 AND role = $2 \
                     AND coalesce(agency_id, 0) = coalesce($3::BIGINT, 0)",
                    &[&account.id, &role.as_str(), &agency_id],
                )
                .await?;
            Ok(removed > 0)
        })
    }

    fn list_roles(&self, address: Option<&str>) -> Result<Vec<RoleGrant>> {
        let address = address.map(|a| a.trim().to_lowercase());
        self.read(move |c| async move {
            let rows = match &address {
                Some(address) => {
                    let account = account_by_address(&c, address).await?;
                    c.query(
                        &format!("{ROLE_SELECT} WHERE r.account_id = $1 {ROLE_ORDER}"),
                        &[&account.id],
                    )
                    .await?
                }
                None => c.query(&format!("{ROLE_SELECT} {ROLE_ORDER}"), &[]).await?,
            };
            Ok(rows.iter().map(role_from_row).collect())
        })
    }

    fn roles_of(&self, account: AccountId) -> Result<Vec<RoleGrant>> {
        self.read(move |c| async move {
            let rows = c
                .query(
                    &format!(
                        "{ROLE_SELECT} WHERE r.account_id = $1 \
                         ORDER BY r.role COLLATE \"C\", g.code COLLATE \"C\""
                    ),
                    &[&account],
                )
                .await?;
            Ok(rows.iter().map(role_from_row).collect())
        })
    }

    fn has_admin(&self) -> Result<bool> {
        self.read(|c| async move {
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM account_roles r \
                 JOIN accounts a ON a.id = r.account_id \
                 WHERE r.role = 'admin' AND a.status = 'active')",
                &[],
            )
            .await?
            .get(0))
        })
    }

    fn audit(&self, entry: NewAudit) -> Result<()> {
        crate::rules::audit_line(&entry.actor, &entry.action)?;
        pg_write!(self, |tx, notes| {
            tx.execute(
                "INSERT INTO audit_log (at, actor, action, target, detail, source) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &now(),
                    &entry.actor,
                    &entry.action,
                    &entry.target,
                    &entry.detail,
                    &entry.source,
                ],
            )
            .await?;
            Ok(())
        })
    }

    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let filter = filter.clone();
        self.read(move |c| async move {
            let limit: Option<i64> = filter.limit.map(i64::from);
            let rows = c
                .query(
                    "SELECT id, at, actor, action, target, detail, source FROM audit_log \
                     WHERE ($1::BIGINT IS NULL OR at >= $1) \
                     AND ($2::TEXT IS NULL OR actor = lower($2::TEXT COLLATE \"C\")) \
                     AND ($3::TEXT IS NULL OR action = $3) \
                     ORDER BY at DESC, id DESC LIMIT $4",
                    &[&filter.since, &filter.actor, &filter.action, &limit],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| AuditEntry {
                    id: r.get(0),
                    at: r.get(1),
                    actor: r.get(2),
                    action: r.get(3),
                    target: r.get(4),
                    detail: r.get(5),
                    source: r.get(6),
                })
                .collect())
        })
    }
}
