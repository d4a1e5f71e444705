//! Where mail the server writes itself goes (DSNs, quota and policy notices, vacation
//! replies): into the recipient's INBOX when the address is ours, else into the outbound
//! queue, whose worker is then woken. Used by delivery's after-commit stage and by the
//! outbound worker (DSNs), so neither needs the other: this module depends only on `storage`.

use std::sync::Arc;

use storage::{NewQueueEntry, NewQueueRecipient, Store};

/// The store and the outbound worker's wake-up call: all it takes to send the server's own mail.
#[derive(Clone)]
pub struct Outbox {
    pub store: Store,
    /// Signalled when a message is queued, so the outbound worker starts at once.
    pub wake: Arc<tokio::sync::Notify>,
}

impl Outbox {
    pub fn new(store: Store, wake: Arc<tokio::sync::Notify>) -> Outbox {
        Outbox { store, wake }
    }

    /// Tells the outbound worker that something was queued.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Delivers a message the server itself wrote (DSN, notice) to `to`: local mailbox, or
    /// the outbound queue with the null sender.
    pub async fn deliver_notice(&self, to: &str, message: Vec<u8>) -> Result<(), String> {
        // Owed for mail already accepted: may use the lower half of the disk reserve.
        let store = self.store.for_notices();
        let to = to.to_lowercase();
        let queued = tokio::task::spawn_blocking(move || {
            let raw: Arc<[u8]> = message.into();
            match store.resolve_recipient(&to).map_err(|e| e.to_string())? {
                Some(local) => {
                    let meta = storage::MessageMeta::parse(&raw);
                    store
                        .deliver(
                            raw,
                            meta,
                            storage::now(),
                            vec![storage::DeliveryTarget::inbox(local.account)],
                        )
                        .map(|_| false)
                        .map_err(|e| e.to_string())
                }
                None => store
                    .enqueue(
                        raw,
                        NewQueueEntry {
                            sender: String::new(),
                            envid: None,
                            ret_full: false,
                            account: None,
                            recipients: vec![NewQueueRecipient {
                                address: to,
                                orcpt: None,
                                notify: storage::Notify(storage::Notify::NEVER),
                            }],
                        },
                    )
                    .map(|_| true)
                    .map_err(|e| e.to_string()),
            }
        })
        .await
        .map_err(|e| e.to_string())??;
        if queued {
            self.wake();
        }
        Ok(())
    }
}
