//! Grants of a unit mailbox to other accounts (shared namespace, RFC 4314 rights reduced to read or read-write).

use crate::{AccountId, Counts, Grant, GrantChange, Mailbox, Result};

/// Grants of a unit mailbox to other accounts (shared namespace, RFC 4314 rights reduced to read or read-write).
pub trait Grants: Send + Sync {
    /// Gives `grantee` access to the unit mailbox `unit`, or changes the access mode of an
    /// existing grant. Refused unless `unit` is a unit account, both are active, and they
    /// differ.
    fn grant(&self, unit: &str, grantee: &str, read_only: bool) -> Result<GrantChange>;

    /// Takes `grantee`'s access to `unit` away; an error if there was none.
    fn revoke(&self, unit: &str, grantee: &str) -> Result<()>;

    /// Who has access to a unit mailbox, by address.
    fn grants_of_unit(&self, unit: &str) -> Result<Vec<Grant>>;

    /// The unit mailboxes an account was given access to, by address (whatever the units'
    /// status: this is the administrator's view).
    fn grants_to(&self, grantee: &str) -> Result<Vec<Grant>>;

    /// The grant that lets `account` open the unit with this address now: the unit must be an
    /// active unit account. None for anything else (unknown address, personal account, no
    /// grant), so that callers cannot tell those apart and nothing can be probed.
    fn shared_access(&self, account: AccountId, unit: &str) -> Result<Option<Grant>>;

    /// The same by the unit's id: a session re-checks the grant of the shared mailbox it has
    /// selected before each command.
    fn shared_access_by_id(&self, account: AccountId, unit: AccountId) -> Result<Option<Grant>>;

    /// Every active unit `account` may open, with its mailboxes (with their counts or not, as
    /// `list_mailboxes` gives them), in one read: what IMAP LIST shows under Shared/.
    fn shared_mailboxes(
        &self,
        account: AccountId,
        counts: Counts,
    ) -> Result<Vec<(Grant, Vec<Mailbox>)>>;
}
