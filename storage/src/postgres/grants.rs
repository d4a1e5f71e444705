//! Grants of unit mailboxes on PostgreSQL, as SQLite's (storage/src/sqlite/grants.rs), with
//! the same refusals (storage/src/rules.rs). A grant is written with `ON CONFLICT`, so two
//! nodes granting the same pair at once give one row (one Created, one Unchanged/Changed).

use tokio_postgres::Row;

use super::pool::Queries;

use super::directory::account_by_address;
use super::mailbox::{NOT_HIDDEN, mailbox_from_row, select};
use super::{PgBackend, PgResult, pg_write};
use crate::backend::Grants;
use crate::error::Result;
use crate::types::{AccountId, AccountKind, now};
use crate::{Counts, Grant, GrantChange, Mailbox};

const GRANT_SELECT: &str = "SELECT u.address, g.unit_account_id, p.address, \
     g.grantee_account_id, g.read_only, g.created_at \
     FROM grants g JOIN accounts u ON u.id = g.unit_account_id \
     JOIN accounts p ON p.id = g.grantee_account_id";

fn grant_from_row(r: &Row) -> Grant {
    Grant {
        unit: r.get(0),
        unit_id: r.get(1),
        grantee: r.get(2),
        grantee_id: r.get(3),
        read_only: r.get(4),
        created_at: r.get(5),
    }
}

/// The grant of an active unit to `grantee` (None when there is none, or the unit is not
/// active).
async fn active_grant(
    c: &impl Queries,
    grantee: AccountId,
    unit: AccountId,
) -> PgResult<Option<Grant>> {
    Ok(c.query_opt(
        &format!(
            "{GRANT_SELECT} WHERE g.grantee_account_id = $1 AND g.unit_account_id = $2 \
             AND u.status = 'active' AND u.kind = 'unit'"
        ),
        &[&grantee, &unit],
    )
    .await?
    .map(|r| grant_from_row(&r)))
}

impl Grants for PgBackend {
    fn grant(&self, unit: &str, grantee: &str, read_only: bool) -> Result<GrantChange> {
        let (unit, grantee) = (unit.trim().to_lowercase(), grantee.trim().to_lowercase());
        pg_write!(self, |tx, notes| {
            let u = account_by_address(&tx, &unit).await?;
            let g = account_by_address(&tx, &grantee).await?;
            if u.kind != AccountKind::Unit {
                return Err(crate::rules::grant_of_personal(&u.address, &u.agency).into());
            }
            if u.id == g.id {
                return Err(crate::rules::grant_to_itself(&u.address).into());
            }
            crate::rules::grant_must_be_active(&u.address, u.status)?;
            crate::rules::grant_must_be_active(&g.address, g.status)?;
            // One statement decides, whatever another node does at the same time: the
            // insert, or the old mode of the row it found (xmax = 0 only for a new row).
            let r = tx
                .query_one(
                    "WITH old AS (SELECT read_only FROM grants \
                       WHERE unit_account_id = $1 AND grantee_account_id = $2) \
                     INSERT INTO grants (unit_account_id, grantee_account_id, read_only, \
                       created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (unit_account_id, grantee_account_id) \
                       DO UPDATE SET read_only = excluded.read_only \
                     RETURNING (xmax = 0), (SELECT read_only FROM old)",
                    &[&u.id, &g.id, &read_only, &now()],
                )
                .await?;
            let (created, old): (bool, Option<bool>) = (r.get(0), r.get(1));
            Ok(match (created, old) {
                (true, _) => GrantChange::Created,
                (false, Some(mode)) if mode == read_only => GrantChange::Unchanged,
                _ => GrantChange::Changed,
            })
        })
    }

    fn revoke(&self, unit: &str, grantee: &str) -> Result<()> {
        let (unit, grantee) = (unit.trim().to_lowercase(), grantee.trim().to_lowercase());
        pg_write!(self, |tx, notes| {
            let u = account_by_address(&tx, &unit).await?;
            let g = account_by_address(&tx, &grantee).await?;
            let n = tx
                .execute(
                    "DELETE FROM grants WHERE unit_account_id = $1 AND grantee_account_id = $2",
                    &[&u.id, &g.id],
                )
                .await?;
            if n == 0 {
                return Err(crate::rules::nothing_to_revoke(&g.address, &u.address).into());
            }
            Ok(())
        })
    }

    fn grants_of_unit(&self, unit: &str) -> Result<Vec<Grant>> {
        let unit = unit.to_string();
        self.read(move |c| async move {
            let u = account_by_address(&c, &unit).await?;
            Ok(c.query(
                &format!(
                    "{GRANT_SELECT} WHERE g.unit_account_id = $1 ORDER BY p.address COLLATE \"C\""
                ),
                &[&u.id],
            )
            .await?
            .iter()
            .map(grant_from_row)
            .collect())
        })
    }

    fn grants_to(&self, grantee: &str) -> Result<Vec<Grant>> {
        let grantee = grantee.to_string();
        self.read(move |c| async move {
            let g = account_by_address(&c, &grantee).await?;
            Ok(c.query(
                &format!(
                    "{GRANT_SELECT} WHERE g.grantee_account_id = $1 \
                     ORDER BY u.address COLLATE \"C\""
                ),
                &[&g.id],
            )
            .await?
            .iter()
            .map(grant_from_row)
            .collect())
        })
    }

    fn shared_access(&self, account: AccountId, unit: &str) -> Result<Option<Grant>> {
        let unit = unit.trim().to_lowercase();
        self.read(move |c| async move {
            let id: Option<AccountId> = c
                .query_opt("SELECT id FROM accounts WHERE address = $1", &[&unit])
                .await?
                .map(|r| r.get(0));
            match id {
                Some(id) => active_grant(&c, account, id).await,
                None => Ok(None),
            }
        })
    }

    fn shared_access_by_id(&self, account: AccountId, unit: AccountId) -> Result<Option<Grant>> {
        self.read(move |c| async move { active_grant(&c, account, unit).await })
    }

    fn shared_mailboxes(
        &self,
        account: AccountId,
        counts: Counts,
    ) -> Result<Vec<(Grant, Vec<Mailbox>)>> {
        self.run(move |pool| async move {
            let mut c = pool.get().await?;
            // One snapshot: the grants and the units' mailboxes as of one moment.
            let tx = c.snapshot().await?;
            let grants: Vec<Grant> = tx
                .query(
                    &format!(
                        "{GRANT_SELECT} WHERE g.grantee_account_id = $1 \
                         AND u.status = 'active' AND u.kind = 'unit' \
                         ORDER BY u.address COLLATE \"C\""
                    ),
                    &[&account],
                )
                .await?
                .iter()
                .map(grant_from_row)
                .collect();
            let sql = format!(
                "{} WHERE m.account_id = $1 AND {NOT_HIDDEN} ORDER BY m.name COLLATE \"C\"",
                select(counts)
            );
            let mut out = Vec::with_capacity(grants.len());
            for grant in grants {
                let boxes = tx
                    .query(&sql, &[&grant.unit_id])
                    .await?
                    .iter()
                    .map(mailbox_from_row)
                    .collect();
                out.push((grant, boxes));
            }
            tx.commit().await?;
            Ok(out)
        })
    }
}
