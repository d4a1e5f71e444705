//! Sieve scripts per account (ManageSieve, RFC 5804) and vacation replies (RFC 5230).

use crate::{AccountId, Result, SieveScript, SieveScriptInfo};

/// Sieve scripts per account (ManageSieve, RFC 5804) and vacation replies (RFC 5230).
pub trait Sieve: Send + Sync {
    /// Stores `content` as the account's script `name`, replacing one of the same name (an
    /// active script stays active); with `activate`, makes it the active one in the same
    /// transaction. Refused over the account's script space (`OverQuota`).
    fn sieve_put(
        &self,
        account: AccountId,
        name: &str,
        content: &str,
        activate: bool,
    ) -> Result<()>;

    /// Whether a script of `size` bytes named `name` would fit (ManageSieve HAVESPACE,
    /// RFC 5804 §2.5); `OverQuota` says why not.
    fn sieve_check_space(&self, account: AccountId, name: &str, size: u64) -> Result<()>;

    fn sieve_get(&self, account: AccountId, name: &str) -> Result<SieveScript>;

    /// The account's active script, if it has one.
    fn sieve_active(&self, account: AccountId) -> Result<Option<SieveScript>>;

    /// The account's scripts by name.
    fn sieve_list(&self, account: AccountId) -> Result<Vec<SieveScriptInfo>>;

    /// Makes `name` the account's only active script, or deactivates all with `None`
    /// (RFC 5804 §2.8: SETACTIVE "").
    fn sieve_set_active(&self, account: AccountId, name: Option<&str>) -> Result<()>;

    /// Deletes a script. The active script cannot be deleted (RFC 5804 §2.10): deactivate it
    /// first.
    fn sieve_delete(&self, account: AccountId, name: &str) -> Result<()>;

    /// Renames a script; an active script stays active (RFC 5804 §2.11.1). Refused when
    /// `new` is taken.
    fn sieve_rename(&self, account: AccountId, old: &str, new: &str) -> Result<()>;

    /// A number that changes whenever any account's scripts change.
    fn sieve_generation(&self) -> Result<i64>;

    /// Every account with an active script, with that script's name and version, and the
    /// generation this list belongs to (read in one transaction).
    #[allow(clippy::type_complexity)]
    fn sieve_active_versions(&self) -> Result<(i64, Vec<(AccountId, String, i64)>)>;

    /// Decides whether a vacation reply to `sender` for `handle` may go now, and if so records
    /// it, in one write (RFC 5230 §4.2: at most one reply per sender per `period` seconds).
    /// Concurrent deliveries cannot both get `true`.
    fn vacation_should_reply(
        &self,
        account: AccountId,
        sender: &str,
        handle: &str,
        period: u64,
        now: i64,
    ) -> Result<bool>;
}
