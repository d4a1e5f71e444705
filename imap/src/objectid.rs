//! OBJECTID (RFC 8474): MAILBOXID, EMAILID and THREADID.
//!
//! - MAILBOXID is made from the mailbox's UIDVALIDITY, which storage hands out from one
//!   counter for every mailbox ever made (never twice), and which RENAME keeps: so it names
//!   the same mailbox across renames and never another one (§4).
//! - EMAILID is made from the content's SHA-256 (`storage::thread::email_id`): a copy or move
//!   keeps it, identical content shares it (allowed by §5.1), and it never comes back for
//!   other content.
//! - THREADID is made from the oldest Message-ID a message refers to
//!   (`storage::thread::thread_id`), fixed at delivery: messages with one THREADID are always
//!   in one thread of THREAD=REFERENCES.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use storage::{AccountId, MailboxId, Store};

/// `objectid` of a mailbox (RFC 8474 §4): "F" and its UIDVALIDITY.
pub(crate) fn mailbox_id(uidvalidity: u32) -> String {
    format!("F{uidvalidity}")
}

/// The THREADID of each message in `uids`.
pub(crate) fn thread_ids(
    store: &Store,
    account: AccountId,
    mailbox: MailboxId,
    uids: RangeInclusive<u32>,
) -> storage::Result<HashMap<u32, String>> {
    Ok(store
        .thread_rows(account, mailbox, uids)?
        .into_iter()
        .map(|r| {
            let id = storage::thread::thread_id(r.message_id.as_deref(), &r.refs, &r.blob);
            (r.uid, id)
        })
        .collect())
}
