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
                     AND ($2::TEXT IS NULL OR actor = lower($2)) \
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::StorageError;
    #[allow(unused_imports)]
    use crate::backend::*;
    use crate::postgres::domain_tests::backend;

    /// storage/src/sqlite/roles.rs's two tests, on PostgreSQL.
    #[test]
    fn roles_and_the_audit_log_as_sqlite() {
        let Some((_pg, _dir, b)) = backend() else {
            return;
        };
        for user in ["annv", "binhtt"] {
            crate::postgres::domain_tests::account(&b, user, crate::AccountKind::Personal);
        }
        assert!(!b.has_admin().unwrap());
        assert!(b.add_role("AnNV@x.gov.vn", Role::Admin, None).unwrap());
        assert!(!b.add_role("annv@x.gov.vn", Role::Admin, None).unwrap());
        assert!(b.has_admin().unwrap());
        assert!(
            b.add_role("binhtt@x.gov.vn", Role::ReportViewer, Some("stttt"))
                .unwrap()
        );
        assert!(
            b.add_role("binhtt@x.gov.vn", Role::ReportViewer, Some("UBND"))
                .unwrap()
        );
        assert!(
            !b.add_role("binhtt@x.gov.vn", Role::ReportViewer, Some("UBND"))
                .unwrap()
        );
        let seen: Vec<_> = b
            .list_roles(None)
            .unwrap()
            .into_iter()
            .map(|r| (r.address, r.role, r.agency))
            .collect();
        assert_eq!(
            seen,
            [
                ("annv@x.gov.vn".to_string(), Role::Admin, None),
                (
                    "binhtt@x.gov.vn".into(),
                    Role::ReportViewer,
                    Some("STTTT".into())
                ),
                (
                    "binhtt@x.gov.vn".into(),
                    Role::ReportViewer,
                    Some("UBND".into())
                ),
            ]
        );
        assert_eq!(b.list_roles(Some("BinhTT@x.gov.vn")).unwrap().len(), 2);
        let err = b
            .add_role("annv@x.gov.vn", Role::Admin, Some("UBND"))
            .unwrap_err();
        assert!(err.to_string().contains("leave out --agency"), "{err}");
        let err = b
            .add_role("annv@x.gov.vn", Role::ReportViewer, None)
            .unwrap_err();
        assert!(err.to_string().contains("--agency CODE"), "{err}");
        assert!(matches!(
            b.add_role("annv@x.gov.vn", Role::ReportViewer, Some("NONE")),
            Err(StorageError::NotFound { what: "agency", .. })
        ));
        assert!(
            b.remove_role("binhtt@x.gov.vn", Role::ReportViewer, Some("UBND"))
                .unwrap()
        );
        assert!(
            !b.remove_role("binhtt@x.gov.vn", Role::ReportViewer, Some("UBND"))
                .unwrap()
        );
        let id = b.get_account("binhtt@x.gov.vn").unwrap().id;
        assert_eq!(b.roles_of(id).unwrap().len(), 1);
        b.set_status("annv@x.gov.vn", AccountStatus::Removed)
            .unwrap();
        assert!(!b.has_admin().unwrap());
        let err = b.add_role("annv@x.gov.vn", Role::Admin, None).unwrap_err();
        assert!(matches!(err, StorageError::Conflict(_)), "{err}");
        b.purge_account("annv@x.gov.vn").unwrap();
        assert_eq!(b.list_roles(None).unwrap().len(), 1);

        for (actor, action) in [
            ("annv@x.gov.vn", "password.change"),
            ("cli:root", "role.add"),
            ("annv@x.gov.vn", "report.denied"),
        ] {
            b.audit(NewAudit {
                actor: actor.into(),
                action: action.into(),
                target: Some("STTTT".into()),
                detail: None,
                source: "192.0.2.1".into(),
            })
            .unwrap();
        }
        let all = b.audit_log(&AuditFilter::default()).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].action, "report.denied");
        let by = b
            .audit_log(&AuditFilter {
                actor: Some("AnNV@x.gov.vn".into()),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(by.len(), 2);
        let one = b
            .audit_log(&AuditFilter {
                action: Some("role.add".into()),
                limit: Some(5),
                ..AuditFilter::default()
            })
            .unwrap();
        assert_eq!(one.len(), 1);
        let later = b
            .audit_log(&AuditFilter {
                since: Some(now() + 10),
                ..AuditFilter::default()
            })
            .unwrap();
        assert!(later.is_empty());
        assert!(b.audit(NewAudit::default()).is_err());
    }
}
