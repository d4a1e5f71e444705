//! The receipt sender: reads the register's pending receipts, decides by the receiving
//! agency's setting, sends, and settles each (document, agency) group.
//!
//! Woken by the store (`Store::receipts_wakeup`: register rows written with a receipt owed,
//! or a first read that makes one due), and every [`POLL`] in case a wake-up was missed or a
//! send failed. A receipt is settled only once sent, so a crash between the two sends it a
//! second time rather than never (the receipts are idempotent for a reader).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use policy::rules::{PolicyConfig, ReceiptMode};
use storage::{PendingReceipt, Settle};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::Smtp;
use crate::outbox::Outbox;

use super::message::{Receipt, receipt_message};

/// How often pending receipts are looked for without a wake-up.
pub const POLL: Duration = Duration::from_secs(30);

/// Groups read from the register at a time.
const BATCH: usize = 64;

/// Runs until `shutdown`, with the newest service generation's policy and host name.
pub async fn run(service: watch::Receiver<Arc<Smtp>>, shutdown: CancellationToken) {
    let wake = service.borrow().store.receipts_wakeup();
    loop {
        let smtp = service.borrow().clone();
        send_pending(&smtp).await;
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
            _ = shutdown.cancelled() => return,
        }
    }
}

/// Decides on every pending receipt, a page at a time: the page's look-ups in one blocking
/// task, its receipts sent concurrently (so that the store's group commit takes them
/// together), and its groups settled in one transaction. A receipt that could not be sent
/// stays pending; the sender stops there until the next poll.
pub async fn send_pending(smtp: &Smtp) {
    loop {
        let store = smtp.store.clone();
        let pending = match blocking(move || store.pending_receipts(BATCH)).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "reading pending receipts failed");
                return;
            }
        };
        let full = pending.len() == BATCH;
        match settle_page(smtp, pending).await {
            Ok(true) if full => continue,
            Ok(_) => return,
            Err(e) => {
                tracing::warn!(error = %e, "receipts not sent; retried later");
                return;
            }
        }
    }
}

/// What to do with one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    Off,
    Wait,
    /// Send now; with the first read's time for a receipt at first read.
    Send(Option<i64>),
}

/// Decides, sends and settles one page; Ok(false) when a send failed (the rest was settled).
async fn settle_page(smtp: &Smtp, pending: Vec<PendingReceipt>) -> Result<bool, String> {
    if pending.is_empty() {
        return Ok(true);
    }
    // The look-ups: each receiving agency's chain and each sender's place, once per page.
    let store = smtp.store.clone();
    let keys: Vec<(Option<String>, String)> = pending
        .iter()
        .map(|p| (p.agency_code.clone(), p.document.sender.clone()))
        .collect();
    let looked = blocking(move || {
        let mut chains: HashMap<String, Vec<String>> = HashMap::new();
        let mut senders: HashMap<String, SenderIs> = HashMap::new();
        let mut out = Vec::with_capacity(keys.len());
        for (code, sender) in keys {
            let chain = match code {
                Some(code) => match chains.get(&code) {
                    Some(c) => c.clone(),
                    None => {
                        let c = store.agency_chain(&code)?;
                        chains.insert(code, c.clone());
                        c
                    }
                },
                None => Vec::new(),
            };
            let place = match senders.get(&sender) {
                Some(p) => *p,
                None => {
                    let p = sender_is(&store, &sender)?;
                    senders.insert(sender, p);
                    p
                }
            };
            out.push((chain, place));
        }
        Ok(out)
    })
    .await?;
    let decisions: Vec<Decision> = pending
        .iter()
        .zip(&looked)
        .map(|(p, (chain, place))| decide(smtp, p, chain, *place))
        .collect();
    // The receipts, concurrently.
    let mut sends = tokio::task::JoinSet::new();
    for (i, (p, d)) in pending.iter().zip(&decisions).enumerate() {
        if let Decision::Send(read_at) = *d {
            let message = build(smtp, p, read_at);
            let outbox = Outbox::new(smtp.store.clone(), smtp.outbound.clone());
            let to = p.document.sender.clone();
            sends.spawn(async move { (i, outbox.deliver_notice(&to, message).await) });
        }
    }
    let mut sent = vec![false; pending.len()];
    let mut all_sent = true;
    while let Some(joined) = sends.join_next().await {
        match joined {
            Ok((i, Ok(()))) => sent[i] = true,
            Ok((_, Err(e))) => {
                tracing::warn!(error = %e, "receipt not sent; retried later");
                all_sent = false;
            }
            Err(e) => {
                tracing::warn!(error = %e, "receipt task failed");
                all_sent = false;
            }
        }
    }
    let now = storage::now();
    let mut settled = Vec::with_capacity(pending.len());
    for (i, (p, d)) in pending.iter().zip(&decisions).enumerate() {
        let how = match d {
            Decision::Off => Settle::Off,
            Decision::Wait => Settle::Wait,
            Decision::Send(_) if sent[i] => {
                tracing::info!(
                    to = %p.document.sender,
                    number = p.document.number.as_deref().unwrap_or("-"),
                    agency = p.agency_code.as_deref().unwrap_or("-"),
                    "receipt sent"
                );
                Settle::Sent(now)
            }
            Decision::Send(_) => continue,
        };
        settled.push((p.document.id, p.agency_id, how));
    }
    let store = smtp.store.clone();
    blocking(move || store.settle_many_receipts(settled)).await?;
    Ok(all_sent)
}

/// Whether a group's receipt goes, waits or is off, by the receiving agency's setting.
fn decide(smtp: &Smtp, p: &PendingReceipt, chain: &[String], place: SenderIs) -> Decision {
    if !takes_receipts(&smtp.policy, &p.document.sender, place) {
        return Decision::Off;
    }
    if p.agency_id.is_some() && p.agency_id == p.document.sender_agency {
        // Within the sender's own agency a document is not received from outside: the
        // decree's receipt is between agencies.
        return Decision::Off;
    }
    let read_at = p.recipients.iter().filter_map(|r| r.read_at).min();
    match (smtp.policy.receipts_for(chain), read_at) {
        (ReceiptMode::Off, _) => Decision::Off,
        (ReceiptMode::Read, None) => Decision::Wait,
        (ReceiptMode::Read, Some(read)) => Decision::Send(Some(read)),
        (ReceiptMode::Delivered, _) => Decision::Send(None),
    }
}

/// Whether `sender`, which is at `place`, takes receipts at all. Receipts travel between
/// official addresses only: none to the null sender or an address outside them, nor to a
/// local address that does not exist (a forged or mistyped sender of ours). Delivery asks
/// too (the register's flush settles `Receipts::BySender` by the same rule), and writes the
/// rows of a sender that takes none as settled (`Receipts::Off`).
pub fn takes_receipts(policy: &PolicyConfig, sender: &str, place: SenderIs) -> bool {
    let official = match place {
        SenderIs::Local => true,
        SenderIs::Unknown => false,
        SenderIs::Remote => sender
            .rsplit_once('@')
            .is_some_and(|(_, domain)| policy.is_official_domain(domain)),
    };
    !sender.is_empty() && official
}

/// Where `sender` is (blocking). An account's or alias's domain is always one we serve
/// (`remove_domain` refuses a domain that still has some), so a sender elsewhere costs one
/// look-up.
pub fn sender_is(store: &storage::Store, sender: &str) -> storage::Result<SenderIs> {
    let domain = sender.rsplit_once('@').map_or("", |(_, d)| d);
    Ok(if !store.serves_domain(domain)? {
        SenderIs::Remote
    } else if store.resolve_recipient(sender)?.is_some() {
        SenderIs::Local
    } else {
        SenderIs::Unknown
    })
}

/// Where a document's sender is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderIs {
    /// One of our accounts or aliases.
    Local,
    /// On a domain we serve, but no such address.
    Unknown,
    /// Elsewhere.
    Remote,
}

/// Builds the receipt of one group.
fn build(smtp: &Smtp, p: &PendingReceipt, read_at: Option<i64>) -> Vec<u8> {
    let recipients: Vec<String> = p.recipients.iter().map(|r| r.address.clone()).collect();
    let delivered_at = p
        .recipients
        .iter()
        .filter_map(|r| r.delivered_at)
        .min()
        .unwrap_or(p.document.at);
    let doc_type = p
        .document
        .doc_type
        .as_deref()
        .and_then(policy::document::DocType::from_id);
    receipt_message(&Receipt {
        hostname: &smtp.config.hostname,
        to: &p.document.sender,
        original_message_id: p.document.message_id.as_deref(),
        number: p.document.number.as_deref(),
        type_id: doc_type.map(|t| t.as_id()),
        type_name: doc_type.map(|t| t.info().name),
        subject: p.document.subject.as_deref(),
        agency_code: p.agency_code.as_deref(),
        agency_name: p.agency_name.as_deref(),
        recipients: &recipients,
        delivered_at,
        read_at,
        now: storage::now(),
    })
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> storage::Result<T> + Send + 'static,
) -> Result<T, String> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Receipts go to official addresses only: ours that exist, and remote ones on the
    /// official domains; never to the null sender.
    #[test]
    fn only_official_senders_take_receipts() {
        let policy = PolicyConfig::default();
        assert!(takes_receipts(&policy, "vanthu@x.gov.vn", SenderIs::Local));
        assert!(takes_receipts(&policy, "me@example.com", SenderIs::Local));
        assert!(!takes_receipts(
            &policy,
            "nobody@x.gov.vn",
            SenderIs::Unknown
        ));
        assert!(takes_receipts(
            &policy,
            "vanthu@hue.gov.vn",
            SenderIs::Remote
        ));
        assert!(!takes_receipts(
            &policy,
            "xa.bacha@gmail.com",
            SenderIs::Remote
        ));
        assert!(!takes_receipts(&policy, "", SenderIs::Remote));
    }
}
