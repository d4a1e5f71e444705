//! Messages in mailboxes: delivery, APPEND, FETCH data, flags, EXPUNGE, COPY/MOVE, previews, thread keys.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::sync::Arc;

use crate::thread::ThreadRow;
use crate::{
    AccountId, Delivered, DeliveryTarget, Expunge, FlagChange, FlagRow, FlagUpdate, Flags,
    MailboxId, MessageInfo, MessageKey, MessageMeta, NewMessage, Replaced, Result,
};

/// Messages in mailboxes: delivery, APPEND, FETCH data, flags, EXPUNGE, COPY/MOVE, previews, thread keys.
pub trait Messages: Send + Sync {
    /// Appends `messages` to `account`'s mailbox `mailbox` in one transaction, checked once
    /// against the quota for their total size and number; with `replace`, that message is
    /// expunged in the same transaction first (its bytes no longer count against the quota
    /// when it is the same owner's, RFC 8508 §3.4's "as if" the replacement were atomic).
    /// The copies get consecutive UIDs, returned in order.
    fn append_many(
        &self,
        account: AccountId,
        mailbox: &str,
        messages: Vec<NewMessage>,
        replace: Option<Replaced>,
    ) -> Result<Vec<Delivered>>;

    /// Delivers one message to many mailboxes in one transaction: the blob is stored once,
    /// every target gets its own UID, flags and quota charge. Returns only once durable.
    /// Either every target gets the message or none does.
    fn deliver(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
    ) -> Result<Vec<Delivered>>;

    /// IMAP APPEND: adds a message to one of the account's mailboxes, refusing it over quota.
    fn append(
        &self,
        account: AccountId,
        mailbox: &str,
        raw: Arc<[u8]>,
        flags: Flags,
        keywords: Vec<String>,
        internal_date: i64,
    ) -> Result<Delivered>;

    /// Metadata of the messages whose UIDs fall in `uids`, in UID order.
    fn messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>>;

    /// Metadata of the messages with these UIDs (ascending), leaving out those that are
    /// gone. Point lookups: the cost follows the number of UIDs, not the mailbox size.
    fn messages_by_uid(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: &[u32],
    ) -> Result<Vec<MessageInfo>>;

    /// The same with each message's ENVELOPE and MIME structure, read in the same query
    /// (FETCH 1:* (ENVELOPE BODYSTRUCTURE) reads no blob and makes one query).
    ///
    /// Contents stored before structures were kept (schema 7) have none: theirs is computed
    /// here from the blob, once, and written back in one transaction for the whole batch, so
    /// the next FETCH finds it stored.
    fn messages_with_structure(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>>;

    /// Metadata of the messages in `uids` whose MODSEQ is above `since`, in UID order, with
    /// their structure when asked (`messages_with_structure`). The MODSEQ test is in the
    /// query, so a CONDSTORE FETCH … (CHANGEDSINCE m) or a QRESYNC SELECT loads only what
    /// changed (RFC 7162 §3.1.4.1, §3.2.5). `since` 0 means every message.
    fn changed_messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        with_structure: bool,
    ) -> Result<Vec<MessageInfo>>;

    /// Calls `each` with the messages rows only (UID, flags, keywords, MODSEQ, internal
    /// date) of the messages in `uids` whose MODSEQ is above `since`, in UID order, without
    /// collecting them: `FETCH 1:* (FLAGS)`, what every client sends to resynchronise, reads
    /// no content row and allocates nothing per message.
    fn each_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        each: &mut dyn FnMut(FlagRow<'_>),
    ) -> Result<()>;

    /// Calls `each` with the sort columns `columns` of the messages of `mailbox` whose UIDs
    /// fall in `uids`, in UID order (SORT/ESORT, RFC 5256/5267): only the columns the
    /// criteria need, without collecting them. [`crate::Store::each_sort_row`] takes a closure.
    fn each_sort_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        columns: crate::sort_keys::SortColumns,
        each: &mut dyn FnMut(crate::sort_keys::SortRow<'_>),
    ) -> Result<()>;

    /// Calls `each` with the messages of `mailbox` whose UIDs fall in `uids`, in UID order,
    /// as THREAD reads them; `false` (and the caller reads [`Messages::thread_rows`] instead)
    /// as soon as a content lacks its stored references or subject keys.
    /// [`crate::Store::each_thread_row`] takes a closure.
    fn each_thread_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        each: &mut dyn FnMut(crate::thread::ThreadRowRef<'_>),
    ) -> Result<bool>;

    /// Bytes `range` of a message content (a blob named in a `MessageInfo` this account
    /// was given): BODY[part] reads only the part. The range is clamped to the blob.
    fn read_content_range(&self, blob: &str, range: std::ops::Range<u64>) -> Result<Vec<u8>>;

    /// The UIDs of a mailbox in order: what IMAP SELECT needs, without the metadata.
    fn uids(&self, account: AccountId, mailbox: MailboxId) -> Result<Vec<u32>>;

    /// (Message-ID, Date, size) of every message in a mailbox: what an importer compares
    /// against so that importing the same file twice adds nothing.
    fn message_keys(
        &self,
        account: AccountId,
        mailbox: MailboxId,
    ) -> Result<std::collections::HashSet<MessageKey>>;

    /// The raw message (as received, byte for byte).
    fn read_message(&self, account: AccountId, mailbox: MailboxId, uid: u32) -> Result<Vec<u8>>;

    /// Changes flags and keywords of the given UIDs (missing UIDs are ignored). With
    /// `unchanged_since`, messages modified after that MODSEQ are left alone and reported
    /// (CONDSTORE, RFC 7162 §3.1.3). All changed messages get one new MODSEQ; a message whose
    /// flags end up as they were keeps its MODSEQ.
    ///
    /// One read for the whole set, then one UPDATE per distinct resulting flag set (a
    /// `+FLAGS (\Seen)` on a thousand messages is a handful of statements, not a thousand).
    fn set_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: Vec<u32>,
        change: FlagChange,
    ) -> Result<FlagUpdate>;

    /// Expunges messages flagged \Deleted (only those in `only` when given: UID EXPUNGE).
    fn expunge(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        only: Option<Vec<u32>>,
    ) -> Result<Expunge>;

    /// Copies messages into another mailbox of the same account; returns (source UID,
    /// new UID) pairs for COPYUID (RFC 4315). Refused whole if over quota.
    fn copy(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>>;

    /// Copies messages from a mailbox of one account to a mailbox of another (or the same):
    /// between a unit mailbox shared through a grant and the grantee's own. Each pair is
    /// (owner, mailbox) and is checked; the copies are charged to the destination's owner,
    /// refused whole if over its quota.
    fn copy_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>>;

    /// Moves messages atomically (RFC 6851): copy, then expunge the originals, in one
    /// transaction. A move does not change the quota use.
    fn move_messages(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>>;

    /// Moves messages between mailboxes of two accounts (or one), atomically. Between two
    /// accounts the destination's owner is charged (refused whole if over its quota) and the
    /// source's refunded; within one account the quota use does not change.
    fn move_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>>;

    /// UIDs expunged since `modseq` (QRESYNC VANISHED (EARLIER)).
    fn expunged_since(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        modseq: u64,
    ) -> Result<Vec<u32>>;

    /// The save date of each message in `uids` (UID order): None for messages saved before
    /// save dates were kept.
    fn save_dates(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<(u32, Option<i64>)>>;

    /// The preview of each message in `uids`, by UID. Those not computed yet are computed
    /// now and kept, unless `lazy` (RFC 8970 §3.1 LAZY: the client would rather have NIL
    /// than wait), when they are None.
    fn previews(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        lazy: bool,
    ) -> Result<HashMap<u32, Option<String>>>;

    /// The messages of `mailbox` whose UIDs fall in `uids`, in UID order, as THREAD reads
    /// them. Contents stored before migration 22 get their references from the blob, once.
    fn thread_rows(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<ThreadRow>>;
}
