//! The directory: domains, agencies (the tree), accounts, aliases, password hashes.

use crate::{
    Account, AccountFilter, AccountId, AccountStatus, Agency, Domain, NewAccount, Quota, Recipient,
    Result,
};

/// The directory: domains, agencies (the tree), accounts, aliases, password hashes.
pub trait Directory: Send + Sync {
    fn add_domain(&self, name: &str) -> Result<Domain>;

    /// Is `name` a domain served here? One indexed lookup (asked for every SMTP recipient).
    fn serves_domain(&self, name: &str) -> Result<bool>;

    fn list_domains(&self) -> Result<Vec<Domain>>;

    /// Removes a domain; refused while any account (even a removed, unpurged one) or alias
    /// uses it.
    fn remove_domain(&self, name: &str) -> Result<()>;

    fn add_agency(
        &self,
        code: &str,
        name: &str,
        parent: Option<&str>,
        headcount: Option<u32>,
    ) -> Result<Agency>;

    fn get_agency(&self, code: &str) -> Result<Agency>;

    /// Every agency, parents before children, siblings by code.
    /// An agency's code and its ancestors' codes, nearest first (`PHONG-A`, `SO-A`, `UBND`):
    /// whose rules apply to its staff. Empty for an unknown code.
    fn agency_chain(&self, code: &str) -> Result<Vec<String>>;

    fn list_agencies(&self) -> Result<Vec<Agency>>;

    fn set_agency_headcount(&self, code: &str, headcount: Option<u32>) -> Result<()>;

    fn rename_agency(&self, code: &str, name: &str) -> Result<()>;

    /// Moves an agency under another (or to the top with `None`); refuses cycles.
    fn move_agency(&self, code: &str, new_parent: Option<&str>) -> Result<()>;

    /// Removes an agency; refused while it has sub-agencies or accounts (even removed ones
    /// whose mail is not purged yet).
    fn remove_agency(&self, code: &str) -> Result<()>;

    /// Creates one account with its default mailboxes (INBOX, Sent, Drafts, Trash, Junk,
    /// Archive).
    fn create_account(&self, new: NewAccount) -> Result<Account>;

    /// Creates many accounts in one transaction: all or none. An error names the failing
    /// address.
    fn create_accounts(&self, accounts: Vec<NewAccount>) -> Result<Vec<Account>>;

    fn get_account(&self, address: &str) -> Result<Account>;

    fn get_account_by_id(&self, id: AccountId) -> Result<Account>;

    fn list_accounts(&self, filter: &AccountFilter) -> Result<Vec<Account>>;

    /// Addresses (accounts and aliases) that start with `local` on `domain`, for picking a
    /// free derived address ("annv", "annv2", …) without one query per try.
    fn addresses_like(&self, local: &str, domain: &str) -> Result<Vec<String>>;

    fn set_password_hash(&self, address: &str, hash: String) -> Result<()>;

    fn set_display_name(&self, address: &str, name: &str) -> Result<()>;

    /// Changes an account's status. Removing an account also deletes its grants, both ways
    /// (a removed unit is shared with no one; a removed person opens no unit): resuming it
    /// later does not bring them back.
    fn set_status(&self, address: &str, status: AccountStatus) -> Result<()>;

    fn set_quota(&self, address: &str, quota: Quota) -> Result<()>;

    /// The stored password hash of an active account, for authentication.
    fn password_hash(&self, address: &str) -> Result<(Account, String)>;

    /// Finds the account an address delivers to: an account's own address or an alias.
    fn resolve_recipient(&self, address: &str) -> Result<Option<Recipient>>;

    /// Deletes a removed account for good: its messages (refunding blobs), mailboxes,
    /// subscriptions, aliases, usage history and the account itself. Refused unless the
    /// account is removed.
    fn purge_account(&self, address: &str) -> Result<u64>;

    fn add_alias(&self, alias: &str, account: &str) -> Result<()>;

    fn list_aliases(&self, account: &str) -> Result<Vec<String>>;

    fn remove_alias(&self, alias: &str) -> Result<()>;
}
