//! Grants: a unit mailbox (hộp thư đơn vị, an agency's official address such as vanthu@) opened
//! by other accounts, read-write or read-only.
//!
//! IMAP shows a granted unit's mailboxes in its shared namespace. Whatever a grantee does there
//! is done as the unit account: messages are the unit's, quota is charged to the unit, and
//! changes are published to the unit's watchers. Only active units are reachable, and a grant
//! is checked every time a shared mailbox name is resolved, so a revoke takes effect at the
//! grantee's next command on it.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::backend::Grants;
use crate::directory::account_by_address;
use crate::error::Result;
use crate::mailbox::{Counts, Mailbox, mailbox_from_row};
use crate::sqlite::SqliteBackend;
use crate::types::{AccountId, AccountKind, AccountStatus, now};

/// One account's access to one unit mailbox.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Grant {
    /// The unit's address, e.g. vanthu@stttt.gov.vn.
    pub unit: String,
    #[serde(skip)]
    pub unit_id: AccountId,
    /// The address of the account given access.
    pub grantee: String,
    #[serde(skip)]
    pub grantee_id: AccountId,
    /// Read-only: the grantee may read and copy out, not change anything.
    pub read_only: bool,
    pub created_at: i64,
}

/// What `Store::grant` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantChange {
    Created,
    /// The grant existed with the other access mode and now has this one.
    Changed,
    /// The grant existed exactly so.
    Unchanged,
}

const GRANT_SELECT: &str = "SELECT u.address, g.unit_account_id, p.address, \
     g.grantee_account_id, g.read_only, g.created_at \
     FROM grants g JOIN accounts u ON u.id = g.unit_account_id \
     JOIN accounts p ON p.id = g.grantee_account_id";

fn grant_from_row(r: &Row<'_>) -> rusqlite::Result<Grant> {
    Ok(Grant {
        unit: r.get(0)?,
        unit_id: r.get(1)?,
        grantee: r.get(2)?,
        grantee_id: r.get(3)?,
        read_only: r.get::<_, i64>(4)? != 0,
        created_at: r.get(5)?,
    })
}

/// Refuses an account that is not active, saying how to fix it.
fn must_be_active(address: &str, status: AccountStatus) -> Result<()> {
    crate::rules::grant_must_be_active(address, status)
}

/// Deletes every grant of or to an account (when it is removed or purged).
pub(crate) fn delete_grants_of(conn: &Connection, account: AccountId) -> Result<usize> {
    Ok(conn
        .prepare_cached("DELETE FROM grants WHERE unit_account_id = ?1 OR grantee_account_id = ?1")?
        .execute([account])?)
}

/// The grant of an active unit to `grantee` (None when there is none, or the unit is not
/// active: a suspended unit is closed to its grantees too).
fn active_grant(conn: &Connection, grantee: AccountId, unit: AccountId) -> Result<Option<Grant>> {
    Ok(conn
        .prepare_cached(&format!(
            "{GRANT_SELECT} WHERE g.grantee_account_id = ?1 AND g.unit_account_id = ?2 \
             AND u.status = 'active' AND u.kind = 'unit'"
        ))?
        .query_row(params![grantee, unit], grant_from_row)
        .optional()?)
}

impl Grants for SqliteBackend {
    /// Gives `grantee` access to the unit mailbox `unit`, or changes the access mode of an
    /// existing grant. Refused unless `unit` is a unit account, both are active, and they
    /// differ.
    fn grant(&self, unit: &str, grantee: &str, read_only: bool) -> Result<GrantChange> {
        let (unit, grantee) = (unit.trim().to_lowercase(), grantee.trim().to_lowercase());
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let u = account_by_address(conn, &unit)?;
            let g = account_by_address(conn, &grantee)?;
            if u.kind != AccountKind::Unit {
                return Err(crate::rules::grant_of_personal(&u.address, &u.agency));
            }
            if u.id == g.id {
                return Err(crate::rules::grant_to_itself(&u.address));
            }
            must_be_active(&u.address, u.status)?;
            must_be_active(&g.address, g.status)?;
            let existing: Option<bool> = conn
                .prepare_cached(
                    "SELECT read_only FROM grants WHERE unit_account_id = ?1 \
                     AND grantee_account_id = ?2",
                )?
                .query_row(params![u.id, g.id], |r| r.get::<_, i64>(0).map(|v| v != 0))
                .optional()?;
            match existing {
                Some(mode) if mode == read_only => Ok(GrantChange::Unchanged),
                Some(_) => {
                    conn.prepare_cached(
                        "UPDATE grants SET read_only = ?3 WHERE unit_account_id = ?1 \
                         AND grantee_account_id = ?2",
                    )?
                    .execute(params![u.id, g.id, read_only as i64])?;
                    Ok(GrantChange::Changed)
                }
                None => {
                    conn.prepare_cached(
                        "INSERT INTO grants (unit_account_id, grantee_account_id, read_only, \
                         created_at) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![u.id, g.id, read_only as i64, now()])?;
                    Ok(GrantChange::Created)
                }
            }
        })
    }

    /// Takes `grantee`'s access to `unit` away; an error if there was none.
    fn revoke(&self, unit: &str, grantee: &str) -> Result<()> {
        let (unit, grantee) = (unit.trim().to_lowercase(), grantee.trim().to_lowercase());
        self.db().write(move |ctx| {
            let u = account_by_address(ctx.conn, &unit)?;
            let g = account_by_address(ctx.conn, &grantee)?;
            let n = ctx
                .conn
                .prepare_cached(
                    "DELETE FROM grants WHERE unit_account_id = ?1 AND grantee_account_id = ?2",
                )?
                .execute(params![u.id, g.id])?;
            if n == 0 {
                return Err(crate::rules::nothing_to_revoke(&g.address, &u.address));
            }
            Ok(())
        })
    }

    /// Who has access to a unit mailbox, by address.
    fn grants_of_unit(&self, unit: &str) -> Result<Vec<Grant>> {
        self.db().read(|conn| {
            let u = account_by_address(conn, unit)?;
            let mut stmt = conn.prepare_cached(&format!(
                "{GRANT_SELECT} WHERE g.unit_account_id = ?1 ORDER BY p.address"
            ))?;
            let rows = stmt.query_map([u.id], grant_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The unit mailboxes an account was given access to, by address (whatever the units'
    /// status: this is the administrator's view).
    fn grants_to(&self, grantee: &str) -> Result<Vec<Grant>> {
        self.db().read(|conn| {
            let g = account_by_address(conn, grantee)?;
            let mut stmt = conn.prepare_cached(&format!(
                "{GRANT_SELECT} WHERE g.grantee_account_id = ?1 ORDER BY u.address"
            ))?;
            let rows = stmt.query_map([g.id], grant_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The grant that lets `account` open the unit with this address now: the unit must be an
    /// active unit account. None for anything else (unknown address, personal account, no
    /// grant), so that callers cannot tell those apart and nothing can be probed.
    fn shared_access(&self, account: AccountId, unit: &str) -> Result<Option<Grant>> {
        let unit = unit.trim().to_lowercase();
        self.db().read(|conn| {
            let id: Option<AccountId> = conn
                .prepare_cached("SELECT id FROM accounts WHERE address = ?1")?
                .query_row([&unit], |r| r.get(0))
                .optional()?;
            match id {
                Some(id) => active_grant(conn, account, id),
                None => Ok(None),
            }
        })
    }

    /// The same by the unit's id: a session re-checks the grant of the shared mailbox it has
    /// selected before each command.
    fn shared_access_by_id(&self, account: AccountId, unit: AccountId) -> Result<Option<Grant>> {
        self.db().read(|conn| active_grant(conn, account, unit))
    }

    /// Every active unit `account` may open, with its mailboxes (with their counts or not, as
    /// `list_mailboxes` gives them), in one read: what IMAP LIST shows under Shared/.
    fn shared_mailboxes(
        &self,
        account: AccountId,
        counts: Counts,
    ) -> Result<Vec<(Grant, Vec<Mailbox>)>> {
        self.db().read(|conn| {
            let grants: Vec<Grant> = conn
                .prepare_cached(&format!(
                    "{GRANT_SELECT} WHERE g.grantee_account_id = ?1 AND u.status = 'active' \
                     AND u.kind = 'unit' ORDER BY u.address"
                ))?
                .query_map([account], grant_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = conn.prepare_cached(&format!(
                "{} WHERE m.account_id = ?1 AND {} ORDER BY m.name",
                counts.select(),
                crate::recall::NOT_HIDDEN,
            ))?;
            let mut out = Vec::with_capacity(grants.len());
            for grant in grants {
                let boxes = stmt
                    .query_map([grant.unit_id], mailbox_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                out.push((grant, boxes));
            }
            Ok(out)
        })
    }
}
