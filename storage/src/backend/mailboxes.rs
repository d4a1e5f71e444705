//! Mailboxes of an account: list, create, rename, delete, subscriptions, \Recent claims.

use crate::{AccountId, Counts, Mailbox, MailboxHead, MailboxId, MailboxView, Result};

/// Mailboxes of an account: list, create, rename, delete, subscriptions, \Recent claims.
pub trait Mailboxes: Send + Sync {
    fn list_mailboxes(&self, account: AccountId, counts: Counts) -> Result<Vec<Mailbox>>;

    fn get_mailbox(&self, account: AccountId, name: &str) -> Result<Mailbox>;

    /// A mailbox's identity and counters without the aggregates over its messages that
    /// [`Self::get_mailbox`] adds: for commands that only need the mailbox to exist or its id
    /// (COPY and MOVE into it, SUBSCRIBE).
    fn mailbox_head(&self, account: AccountId, name: &str) -> Result<MailboxHead>;

    /// What SELECT needs, read in one snapshot: the mailbox's identity, its counters and every
    /// UID. Unlike [`Self::get_mailbox`] it leaves out the aggregates over the messages'
    /// contents (total size), which STATUS needs and SELECT does not: summing the sizes reads
    /// one content row per message, megabytes of pages for a large mailbox.
    fn view_mailbox(&self, account: AccountId, name: &str) -> Result<MailboxView>;

    /// Makes the messages up to `uid` recent for the calling session and for no other
    /// (RFC 3501 §2.3.2): returns the highest UID claimed before, so that the caller's recent
    /// messages are those above it. Decided in memory under one lock, so two sessions never
    /// both get a message; the database learns of it behind, without the caller waiting for
    /// a commit (a claim lost in a crash only makes messages recent once more, which RFC 3501
    /// allows: "SHOULD be considered recent" when in doubt).
    fn claim_recent(&self, account: AccountId, mailbox: MailboxId, uid: u32) -> Result<u32>;

    fn create_mailbox(
        &self,
        account: AccountId,
        name: &str,
        special_use: Option<&str>,
    ) -> Result<MailboxId>;

    /// Creates a mailbox with the special use `special_use` (RFC 6154 §3, CREATE-SPECIAL-USE),
    /// unless another mailbox of the account has it: then `Ok(Err(name))` names that mailbox
    /// and nothing is created. Checked in the writer's transaction, so two creations at once
    /// cannot both take the use.
    fn create_special_mailbox(
        &self,
        account: AccountId,
        name: &str,
        special_use: &str,
    ) -> Result<std::result::Result<MailboxId, String>>;

    /// Renames a mailbox and its children (RFC 9051 §6.3.6). Renaming INBOX moves its
    /// messages into a new mailbox of the new name and leaves INBOX empty. Subscriptions are
    /// left as they are, on the old names: "renaming a mailbox doesn't update subscription
    /// information on the original name" (RFC 9051 §6.3.6; Dovecot does the same); a client
    /// that wants them moved sends SUBSCRIBE and UNSUBSCRIBE itself.
    fn rename_mailbox(&self, account: AccountId, from: &str, to: &str) -> Result<()>;

    /// Deletes a mailbox and expunges its messages (RFC 9051 §6.3.5); INBOX cannot be
    /// deleted. Child mailboxes are kept, and so is the subscription of the name: the server
    /// must not remove it on its own (RFC 9051 §6.3.7).
    fn delete_mailbox(&self, account: AccountId, name: &str) -> Result<()>;

    /// The account's subscribed names, sorted. Some may name no mailbox: a subscription
    /// outlives the mailbox it named (RFC 9051 §6.3.7), and LIST (SUBSCRIBED) shows such a
    /// name as \NonExistent.
    fn subscriptions(&self, account: AccountId) -> Result<Vec<String>>;

    /// SUBSCRIBE (RFC 9051 §6.3.7): adds the name to the account's subscriptions. The name
    /// must be a mailbox or a level above one: RFC 9051 lets a server check that it exists,
    /// and Dovecot does (NO for a name it cannot list), so a typo is not kept for ever.
    /// Subscribing twice is not an error.
    fn subscribe_mailbox(&self, account: AccountId, name: &str) -> Result<()>;

    /// UNSUBSCRIBE (RFC 9051 §6.3.8): removes the name from the account's subscriptions,
    /// whether a mailbox of that name exists or not (that is how a client drops the
    /// subscription of a deleted mailbox). A name that was not subscribed is not an error.
    fn unsubscribe_mailbox(&self, account: AccountId, name: &str) -> Result<()>;
}
