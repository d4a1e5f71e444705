//! The receipt sender: reads the register's pending receipts, decides by the receiving
//! agency's setting, sends, and settles each (document, agency) group.
//!
//! Woken by the store (`Store::receipts_wakeup`: register rows written with a receipt owed,
//! or a first read that makes one due), and every [`POLL`] in case a wake-up was missed or a
//! send failed. A receipt is settled only once sent, so a crash between the two sends it a
//! second time rather than never (the receipts are idempotent for a reader).

use std::sync::Arc;
use std::time::Duration;

use policy::rules::ReceiptMode;
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

/// Decides on every pending receipt; stops at the first failure (retried at the next poll).
pub async fn send_pending(smtp: &Smtp) {
    loop {
        let store = smtp.store.clone();
        let pending = match tokio::task::spawn_blocking(move || store.pending_receipts(BATCH)).await
        {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "reading pending receipts failed");
                return;
            }
            Err(_) => return,
        };
        let full = pending.len() == BATCH;
        for p in pending {
            if let Err(e) = settle(smtp, p).await {
                tracing::warn!(error = %e, "receipt not sent; retried later");
                return;
            }
        }
        if !full {
            return;
        }
    }
}

/// Decides on one group, sends its receipt if due, and settles it.
async fn settle(smtp: &Smtp, p: PendingReceipt) -> Result<(), String> {
    let store = smtp.store.clone();
    let code = p.agency_code.clone();
    let sender = p.document.sender.clone();
    let (chain, sender_is_local) = blocking(move || {
        let chain = match &code {
            Some(code) => store.agency_chain(code)?,
            None => Vec::new(),
        };
        let local = store.resolve_recipient(&sender)?.is_some();
        Ok((chain, local))
    })
    .await?;
    let mode = smtp.policy.receipts_for(&chain);
    let read_at = p.recipients.iter().filter_map(|r| r.read_at).min();
    let official_sender = sender_is_local
        || p.document
            .sender
            .rsplit_once('@')
            .is_some_and(|(_, domain)| smtp.policy.is_official_domain(domain));
    let how = if p.document.sender.is_empty() || !official_sender {
        // Receipts travel between official addresses only: no receipt goes to an address
        // outside them (nor to a forged one there).
        Settle::Off
    } else if p.agency_id.is_some() && p.agency_id == p.document.sender_agency {
        // Within the sender's own agency a document is not received from outside: the
        // decree's receipt is between agencies.
        Settle::Off
    } else {
        match (mode, read_at) {
            (ReceiptMode::Off, _) => Settle::Off,
            (ReceiptMode::Read, None) => Settle::Wait,
            (ReceiptMode::Read, Some(read)) => {
                send(smtp, &p, Some(read)).await?;
                Settle::Sent(storage::now())
            }
            (ReceiptMode::Delivered, _) => {
                send(smtp, &p, None).await?;
                Settle::Sent(storage::now())
            }
        }
    };
    let store = smtp.store.clone();
    let (document, agency) = (p.document.id, p.agency_id);
    blocking(move || store.settle_receipts(document, agency, how)).await?;
    if let Settle::Sent(_) = how {
        tracing::info!(
            to = %p.document.sender,
            number = p.document.number.as_deref().unwrap_or("-"),
            agency = p.agency_code.as_deref().unwrap_or("-"),
            "receipt sent"
        );
    }
    Ok(())
}

/// Builds and sends the receipt of one group.
async fn send(smtp: &Smtp, p: &PendingReceipt, read_at: Option<i64>) -> Result<(), String> {
    let recipients: Vec<String> = p.recipients.iter().map(|r| r.address.clone()).collect();
    let now = storage::now();
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
    let message = receipt_message(&Receipt {
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
        now,
    });
    Outbox::new(smtp.store.clone(), smtp.outbound.clone())
        .deliver_notice(&p.document.sender, message)
        .await
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
