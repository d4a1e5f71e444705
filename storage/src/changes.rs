//! Change notifications: after a write commits, sessions watching the account (IMAP IDLE,
//! other sessions on the same mailbox) are told what changed. Delivery is best effort: a
//! receiver that falls behind gets `RecvError::Lagged` and must re-read the mailbox state.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::broadcast;

use crate::types::{AccountId, MailboxId};

/// What changed in one account, published only after the change is durable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A message was added (delivery, APPEND, COPY, MOVE).
    Appended {
        mailbox: MailboxId,
        uid: u32,
        modseq: u64,
    },
    /// A message's flags or keywords changed.
    FlagsChanged {
        mailbox: MailboxId,
        uid: u32,
        modseq: u64,
    },
    /// A message was expunged.
    Expunged {
        mailbox: MailboxId,
        uid: u32,
        modseq: u64,
    },
    /// A mailbox was created, renamed, deleted or (un)subscribed.
    MailboxesChanged,
}

/// Changes queued per account for its sessions. A session further behind re-reads its
/// mailbox (a bulk STORE, or many deliveries between two commands of a busy client). The
/// queue's slots are allocated whole when the first session of an account subscribes, so
/// they are paid for every account with a session open: 1,024 of them were 64 KB an account,
/// more than the sessions themselves.
pub const CHANNEL_CAPACITY: usize = 64;

#[derive(Default)]
pub(crate) struct ChangeHub {
    senders: Mutex<HashMap<AccountId, broadcast::Sender<Change>>>,
}

impl ChangeHub {
    pub(crate) fn subscribe(&self, account: AccountId) -> broadcast::Receiver<Change> {
        let mut senders = self.senders.lock().unwrap_or_else(|p| p.into_inner());
        senders
            .entry(account)
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    pub(crate) fn publish(&self, changes: Vec<(AccountId, Change)>) {
        if changes.is_empty() {
            return;
        }
        let mut senders = self.senders.lock().unwrap_or_else(|p| p.into_inner());
        for (account, change) in changes {
            if let Some(sender) = senders.get(&account)
                && sender.send(change).is_err()
            {
                // No receiver left: forget the channel so the map does not grow forever.
                senders.remove(&account);
            }
        }
    }
}
