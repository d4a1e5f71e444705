//! Follow-up of unread urgent documents (issue 22 item 3; Nghị định 30/2020/NĐ-CP Điều 4.2c,
//! 23.1, 24.2). Each local recipient of a Hỏa tốc, Thượng khẩn or Khẩn document has two
//! deadlines in working time, set at delivery (`policy::urgent`): when the first passes with
//! the copy unread, the recipient is reminded and the copy flagged (\Flagged); when the second
//! passes, the unit's văn thư (the accounts granted on the agency's unit mailboxes) and the
//! sender are told.
//!
//! The worker is persistent through the register: what is due is read from it, and each
//! reminder or escalation is recorded as done (claimed) before anything is sent, so that a
//! restart never sends one twice (a crash between the claim and the send loses that one
//! notice, which the log shows). After downtime, everything that fell due is caught up in one
//! pass, one message per person listing all their documents, and a row whose two deadlines
//! both passed gets its reminder and escalation together: no flood.

pub mod message;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use storage::FollowUp;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use crate::Smtp;
use crate::outbox::Outbox;

use message::{Audience, follow_up_notice};

/// The longest sleep between two looks at the register (a new urgent document's first
/// deadline is at least minutes away; a shortened one in tests is seen within this).
pub const POLL: Duration = Duration::from_secs(30);

/// Rows read at a time.
const BATCH: usize = 500;

/// Runs until `shutdown`, with the newest service generation's host name and store.
pub async fn run(service: watch::Receiver<Arc<Smtp>>, shutdown: CancellationToken) {
    let wake = service.borrow().store.follow_up_wakeup();
    loop {
        let smtp = service.borrow().clone();
        let next = follow_up_due(&smtp, storage::now()).await;
        let wait = match next {
            Some(at) => {
                Duration::from_secs(u64::try_from(at.saturating_sub(storage::now())).unwrap_or(0))
                    .clamp(Duration::from_millis(200), POLL)
            }
            None => POLL,
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
            _ = shutdown.cancelled() => return,
        }
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, storage::StorageError> + Send + 'static,
) -> Result<T, String> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Sends what is due at `now`; returns when the next follow-up falls due.
pub async fn follow_up_due(smtp: &Smtp, now: i64) -> Option<i64> {
    loop {
        let store = smtp.store.clone();
        let due = match blocking(move || store.due_follow_ups(now, BATCH)).await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(error = %e, "reading urgent documents to follow up failed");
                return None;
            }
        };
        let full = due.len() == BATCH;
        if let Err(e) = handle(smtp, due, now).await {
            tracing::warn!(error = %e, "urgent documents' follow-up stopped; retried later");
            return Some(now + POLL.as_secs() as i64);
        }
        if !full {
            break;
        }
    }
    let store = smtp.store.clone();
    blocking(move || store.next_follow_up())
        .await
        .ok()
        .flatten()
}

/// Claims, flags and notifies one batch.
async fn handle(smtp: &Smtp, due: Vec<FollowUp>, now: i64) -> Result<(), String> {
    if due.is_empty() {
        return Ok(());
    }
    let remind: Vec<i64> = due.iter().filter(|f| !f.reminded).map(|f| f.row).collect();
    let escalate: Vec<i64> = due
        .iter()
        .filter(|f| f.escalation_due(now))
        .map(|f| f.row)
        .collect();
    let store = smtp.store.clone();
    let (reminded, escalated) =
        blocking(move || store.claim_follow_ups(remind, escalate, now)).await?;
    // The reminders: each recipient's copies flagged, one message per recipient.
    let mut reminders: BTreeMap<&str, Vec<&FollowUp>> = BTreeMap::new();
    for f in due.iter().filter(|f| reminded.contains(&f.row)) {
        if let Some(content) = f.content {
            let (store, account) = (smtp.store.clone(), f.account);
            if let Err(e) = blocking(move || store.flag_copies(account, content)).await {
                tracing::warn!(error = %e, to = %f.address, "urgent document not flagged");
            }
        }
        reminders.entry(&f.address).or_default().push(f);
    }
    // The escalations: the recipient's văn thư and the document's sender, one message each.
    let mut escalations: BTreeMap<String, Vec<&FollowUp>> = BTreeMap::new();
    for f in due.iter().filter(|f| escalated.contains(&f.row)) {
        let (store, account) = (smtp.store.clone(), f.account);
        let clerks = blocking(move || store.clerks_of(account))
            .await
            .unwrap_or_default();
        let mut told: Vec<String> = clerks;
        if !f.sender.is_empty() && !told.iter().any(|c| c.eq_ignore_ascii_case(&f.sender)) {
            told.push(f.sender.to_lowercase());
        }
        for to in told {
            if !to.eq_ignore_ascii_case(&f.address) {
                escalations.entry(to).or_default().push(f);
            }
        }
    }
    let outbox = Outbox::new(smtp.store.clone(), smtp.outbound.clone());
    let host = smtp.config.hostname.as_str();
    for (to, items) in &reminders {
        let message = follow_up_notice(host, to, Audience::Recipient, items, now);
        match outbox.deliver_notice(to, message).await {
            Ok(()) => {
                tracing::info!(to = %to, documents = items.len(), "urgent documents: reminder sent")
            }
            Err(e) => tracing::warn!(to = %to, error = %e, "urgent documents: reminder not sent"),
        }
    }
    for (to, items) in &escalations {
        let message = follow_up_notice(host, to, Audience::Escalation, items, now);
        match outbox.deliver_notice(to, message).await {
            Ok(()) => {
                tracing::info!(to = %to, documents = items.len(), "urgent documents: escalation sent")
            }
            Err(e) => tracing::warn!(to = %to, error = %e, "urgent documents: escalation not sent"),
        }
    }
    Ok(())
}
