//! Administrative roles and the audit log.

use crate::{AccountId, AuditEntry, AuditFilter, NewAudit, Result, Role, RoleGrant};

/// Administrative roles and the audit log.
pub trait Roles: Send + Sync {
    /// Gives `address` the role (`agency`: the subtree a report viewer sees). Returns false
    /// when the account had it already.
    fn add_role(&self, address: &str, role: Role, agency: Option<&str>) -> Result<bool>;

    /// Takes the role from `address`. Returns false when the account did not have it.
    fn remove_role(&self, address: &str, role: Role, agency: Option<&str>) -> Result<bool>;

    /// Every role (of `address` only, if given), by address, role and agency.
    fn list_roles(&self, address: Option<&str>) -> Result<Vec<RoleGrant>>;

    /// The roles of one account (by id), for a login.
    fn roles_of(&self, account: AccountId) -> Result<Vec<RoleGrant>>;

    /// Whether any active account is an administrator (`init` creates the first one).
    fn has_admin(&self) -> Result<bool>;

    /// Adds a line to the audit log, stamped now.
    fn audit(&self, entry: NewAudit) -> Result<()>;

    /// The audit log, newest first.
    fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>>;
}
