//! Stage 6, after commit: what follows a durable message (or a refusal), none of which can
//! change the reply any more. Sieve's remaining actions (remote redirects, vacation replies,
//! rejection DSNs), the counters for the metrics endpoint and the usage reports, the
//! exchange register of official documents, quota warnings, the notice to a sender whose
//! mandatory document went outside the official domains, and the outbound worker's
//! wake-up. Failures are logged: the message itself is already safe.

use std::sync::Arc;

use policy::document::Recognition;
use policy::rules::PolicyConfig;
use policy::signature::FileReport;
use storage::{
    Delivered, Direction, LocalCopy, NewDocument, NewQueueEntry, NewQueueRecipient, QueueId,
    ReceiptReport, Receipts, Store, Tracking, UsageCounter,
};

use crate::notices;
use crate::outbox::Outbox;
use crate::receipts::IncomingReceipt;
use crate::stats::Stats;

use super::commit::{Committed, Quarantined};
use super::plan::{AfterSieve, Exchange, Handled, Refusal, prepend};

/// What the after-commit stage uses of the service.
pub struct AfterCommit<'a> {
    /// Our name in notices.
    pub hostname: &'a str,
    pub store: &'a Store,
    pub stats: &'a Stats,
    /// Usage thresholds (percent) at which an account is warned (`[smtp] quota_warnings`).
    pub quota_warnings: &'a [u8],
    /// The outbound worker's wake-up call.
    pub wake: &'a Arc<tokio::sync::Notify>,
    /// The sender's document rules: urgent documents' times to be read (`[policy.urgent]`),
    /// the official domains receipts go to.
    pub rules: &'a PolicyConfig,
    /// The delivery's time.
    pub now: i64,
}

impl AfterCommit<'_> {
    fn outbox(&self) -> Outbox {
        Outbox::new(self.store.clone(), self.wake.clone())
    }

    /// A refusal: a secret-marked document one of our users tried to send is counted and
    /// written into the register.
    pub fn refused(&self, refusal: &Refusal) {
        if let Some(doc) = &refusal.secret {
            self.store
                .count(doc.account, UsageCounter::SecretRefused, 1);
            register(
                self.store,
                &doc.exchange,
                &doc.recognition,
                &[],
                Direction::Refused,
                None,
                &[],
            );
        }
    }

    /// A message held in the quarantine.
    pub fn held(&self, q: &Quarantined) {
        Stats::bump(&self.stats.quarantined);
        tracing::warn!(id = q.id, from = %q.sender, reason = %q.reason, "message quarantined");
    }

    /// A message the recipients' scripts disposed of without storing it.
    pub async fn handled(&self, handled: Handled) {
        if let Some(after) = handled.after {
            self.after_sieve(after).await;
        }
    }

    /// A stored message: Sieve's remaining actions, counters, register, notices, and the
    /// outbound worker woken when something was queued. Returns how many local copies
    /// were stored and the queue entry, for the reply.
    pub async fn stored(&self, committed: Committed) -> (usize, Option<QueueId>) {
        let Committed {
            delivered,
            queued,
            raw,
            report,
        } = committed;
        if let Some(after) = report.after_sieve {
            self.after_sieve(after).await;
        }
        if !delivered.is_empty() {
            Stats::bump(&self.stats.delivered);
        }
        if queued.is_some() {
            Stats::bump(&self.stats.queued);
        }
        let exchange = &report.exchange;
        let recognition = &report.recognition;
        count_exchange(
            self.store,
            exchange.account,
            &delivered,
            recognition.official,
        );
        if let Some(receipt) = &report.marks.receipt {
            // A receipt from another govmail: it updates the sender's entry, and is not an
            // official document of its own (nor answered).
            self.receipt_arrived(receipt, &delivered).await;
        } else if recognition.official {
            let direction = match exchange.account {
                Some(_) => Direction::Sent,
                None => Direction::Received,
            };
            let receipts = self.receipts(&exchange.sender, report.marks.automatic);
            let tracking = Tracking {
                message_id: exchange.message_id.clone(),
                copies: delivered
                    .iter()
                    .map(|d| LocalCopy {
                        account: d.account,
                        mailbox: d.mailbox,
                        uid: d.uid,
                    })
                    .collect(),
                remote: exchange.remote.clone(),
                receipts,
                // An urgent document is followed up until read (Nghị định 30/2020 Điều
                // 4.2c, 23.1, 24.2): the reminder's and the escalation's deadlines.
                follow_up: recognition
                    .urgency
                    .and_then(|u| self.rules.urgent.deadlines(u, self.now))
                    .map(|d| (d.remind_at, d.escalate_at)),
            };
            register(
                self.store,
                exchange,
                recognition,
                &delivered,
                direction,
                Some(tracking),
                &report.signatures,
            );
            crate::recall::record(
                self.store,
                exchange,
                recognition.doc_type.map(|t| t.as_id().to_string()),
                recognition.number.clone(),
            );
        }
        if policy::signature::any_invalid(&report.signatures) && !delivered.is_empty() {
            self.tampered_notice(exchange, recognition, &report.signatures, &delivered)
                .await;
        }
        self.quota_warnings(&delivered, raw.len() as u64).await;
        if !report.warn_external.is_empty() {
            self.external_warning(&exchange.sender, recognition, &report.warn_external)
                .await;
        }
        if queued.is_some() {
            self.wake.notify_one();
        }
        (delivered.len(), queued)
    }

    /// What an official document owes its sender. Nothing when nobody can take a receipt or
    /// the message is automatic (RFC 3834 §2, RFC 5321 §4.5.5). Else a receipt unless the
    /// sender takes none (`receipts::takes_receipts`), which the register's flush decides by
    /// where the sender is (`Receipts::BySender`, two look-ups on the writer's connection),
    /// sparing the receipt sender a read and a write of the rows, and delivery a look-up off
    /// the runtime (a thread hop per document). Only whether the sender's domain is an
    /// official one, were it not ours, is known here.
    fn receipts(&self, sender: &str, automatic: bool) -> Receipts {
        if sender.is_empty() || automatic {
            return Receipts::None;
        }
        Receipts::BySender {
            remote_official: crate::receipts::takes_receipts(
                self.rules,
                sender,
                crate::receipts::SenderIs::Remote,
            ),
        }
    }

    /// Sends what the scripts asked for: redirects to remote addresses (through the queue,
    /// marked against loops, from the redirecting account), vacation replies (null sender,
    /// RFC 5230 §4.5), and for rejected recipients one DSN to the sender (RFC 5429 §2.1.1
    /// allows a DSN). Failures are logged: the message itself is already delivered.
    async fn after_sieve(&self, plan: AfterSieve) {
        let AfterSieve {
            sender,
            raw,
            now,
            remote_redirects,
            rejects,
            vacations,
        } = plan;
        for (account, to) in remote_redirects {
            let marked = prepend(
                &[&format!("{}: {account}\r\n", crate::filter::REDIRECT_MARK)],
                &raw,
            );
            // Owed for a message already accepted: may use part of the disk reserve.
            let store = self.store.for_notices();
            let entry = NewQueueEntry {
                // The redirecting account answers for the copy (its bounces, SPF of our domain).
                sender: account.clone(),
                envid: None,
                ret_full: false,
                account: None,
                recipients: vec![NewQueueRecipient {
                    address: to.clone(),
                    orcpt: None,
                    notify: storage::Notify(storage::Notify::FAILURE),
                }],
            };
            match tokio::task::spawn_blocking(move || store.enqueue(marked, entry)).await {
                Ok(Ok(id)) => {
                    tracing::info!(%account, %to, id, "Sieve redirect queued");
                    self.wake.notify_one();
                }
                Ok(Err(e)) => {
                    tracing::error!(%account, %to, error = %e, "Sieve redirect not queued")
                }
                Err(e) => tracing::error!(%account, %to, error = %e, "Sieve redirect task failed"),
            }
        }
        for v in vacations {
            let message = notices::vacation_reply(&notices::VacationNotice {
                hostname: self.hostname,
                address: &v.address,
                display_name: &v.display_name,
                reply: &v.reply,
                now,
            });
            match self.outbox().deliver_notice(&v.reply.to, message).await {
                Ok(()) => {
                    tracing::info!(account = %v.address, to = %v.reply.to, "vacation reply sent")
                }
                Err(e) => {
                    tracing::warn!(account = %v.address, to = %v.reply.to, error = %e, "vacation reply not sent")
                }
            }
        }
        // RFC 3461 / 5321 §4.5.5: never a DSN to the null sender.
        if !rejects.is_empty() && !sender.mail_from.is_empty() {
            let statuses: Vec<notices::RecipientStatus> = rejects
                .iter()
                .map(|(rcpt, reason)| notices::RecipientStatus {
                    recipient: rcpt.clone(),
                    original_recipient: None,
                    action: notices::Action::Failed,
                    status: "5.7.1".into(),
                    remote_mta: None,
                    diagnostic: Some(format!(
                        "550 5.7.1 rejected by the recipient's filter: {reason}"
                    )),
                    last_attempt: Some(now),
                    will_retry_until: None,
                })
                .collect();
            let dsn = notices::delivery_status_notification(&notices::DsnInput {
                hostname: self.hostname,
                to: &sender.mail_from,
                envid: sender.envid.as_deref(),
                arrival: now,
                recipients: &statuses,
                original: &raw,
                return_full: sender.ret_full,
                now,
            });
            if let Err(e) = self.outbox().deliver_notice(&sender.mail_from, dsn).await {
                tracing::warn!(to = %sender.mail_from, error = %e, "Sieve rejection notice not sent");
            }
        }
    }

    /// A receipt from another govmail reached `delivered`: the register entry of the
    /// document each recipient sent is updated with the register's next flush (remote
    /// recipients only; see `Store::record_receipt`).
    async fn receipt_arrived(&self, receipt: &IncomingReceipt, delivered: &[Delivered]) {
        let store = self.store.clone();
        let accounts: Vec<_> = delivered.iter().map(|d| d.account).collect();
        let receipt = receipt.clone();
        let at = storage::now();
        let result = tokio::task::spawn_blocking(move || {
            let mut seen = Vec::new();
            for id in accounts {
                if seen.contains(&id) {
                    continue;
                }
                seen.push(id);
                let to = store.get_account_by_id(id)?.address;
                store.record_receipt(ReceiptReport {
                    original_message_id: receipt.original_message_id.clone(),
                    to,
                    recipients: receipt.recipients.clone(),
                    agency: receipt.agency.clone(),
                    read: receipt.read,
                    at,
                });
            }
            Ok::<_, storage::StorageError>(())
        })
        .await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "receipt not recorded"),
            Err(e) => tracing::warn!(error = %e, "receipt task failed"),
        }
    }

    /// Tells the sender that a document which must travel between official addresses went
    /// to addresses outside them (`[policy] external_mandatory = "warn"`).
    async fn external_warning(&self, sender: &str, r: &Recognition, outside: &[String]) {
        let notice = notices::external_document_notice(&notices::ExternalNotice {
            hostname: self.hostname,
            to: sender,
            doc_type: r.doc_type.map_or("văn bản", |t| t.info().name),
            number: r.number.as_deref(),
            outside,
            now: storage::now(),
        });
        if let Err(e) = self.outbox().deliver_notice(sender, notice).await {
            tracing::warn!(to = %sender, error = %e, "policy notice not delivered");
        }
    }

    /// Tells the văn thư of each receiving unit (or the personal recipient) that a signed
    /// document arrived with an invalid signature (ND 30 Điều 21.2: the văn thư checks
    /// integrity on receipt). The document itself was delivered unchanged and flagged.
    async fn tampered_notice(
        &self,
        x: &Exchange,
        r: &Recognition,
        files: &[FileReport],
        delivered: &[Delivered],
    ) {
        let store = self.store.clone();
        let ids: Vec<storage::AccountId> = delivered.iter().map(|d| d.account).collect();
        let Ok(clerks) =
            tokio::task::spawn_blocking(move || super::signatures::clerks(&store, &ids)).await
        else {
            return;
        };
        tracing::warn!(from = %x.sender, number = ?r.number, clerks = clerks.len(), "official document with an invalid signature");
        for to in clerks {
            let notice = notices::signature_notice(&notices::SignatureNotice {
                hostname: self.hostname,
                to: &to,
                doc_type: r.doc_type.map_or("Văn bản", |t| t.info().name),
                number: r.number.as_deref(),
                sender: &x.sender,
                subject: x.subject.as_deref(),
                files,
                now: storage::now(),
            });
            if let Err(e) = self.outbox().deliver_notice(&to, notice).await {
                tracing::warn!(%to, error = %e, "signature notice not delivered");
            }
        }
    }

    /// Sends each account whose usage just crossed a warning threshold one notice, in
    /// Vietnamese and English. A failure here is logged; the delivery already succeeded.
    async fn quota_warnings(&self, delivered: &[Delivered], size: u64) {
        for d in delivered {
            let Some(limit) = d.quota_bytes else { continue };
            let Some(percent) = crossed_threshold(self.quota_warnings, d.used_bytes, size, limit)
            else {
                continue;
            };
            let store = self.store.clone();
            let id = d.account;
            let Ok(Ok(account)) =
                tokio::task::spawn_blocking(move || store.get_account_by_id(id)).await
            else {
                continue;
            };
            let notice = notices::quota_notice(&notices::QuotaNotice {
                hostname: self.hostname,
                to: &account.address,
                display_name: &account.display_name,
                percent,
                used_bytes: d.used_bytes,
                limit_bytes: limit,
                now: storage::now(),
            });
            tracing::info!(account = %account.address, percent, "quota warning sent");
            if let Err(e) = self.outbox().deliver_notice(&account.address, notice).await {
                tracing::warn!(account = %account.address, error = %e, "quota warning not delivered");
            }
        }
    }
}

/// Writes an official document into the exchange register (buffered with the usage counts),
/// with its recipients for tracking when given.
fn register(
    store: &Store,
    x: &Exchange,
    r: &Recognition,
    delivered: &[Delivered],
    direction: Direction,
    tracking: Option<Tracking>,
    signatures: &[FileReport],
) {
    let document = NewDocument {
        at: storage::now(),
        direction,
        doc_type: r.doc_type.map(|t| t.as_id().to_string()),
        number: r.number.clone(),
        urgency: r.urgency.map(|u| u.as_id().to_string()),
        secrecy: r.secrecy.map(|s| s.as_id().to_string()),
        mandatory: r.mandatory,
        sender: x.sender.clone(),
        sender_account: x.account,
        local_recipients: delivered.iter().map(|d| d.account).collect(),
        external_recipients: x.external as u32,
        subject: x.subject.clone(),
        signatures: policy::signature::overall(signatures).map(|status| {
            storage::SignatureSummary {
                status: status.as_str().into(),
                lines: policy::signature::register_lines(signatures),
            }
        }),
    };
    match tracking {
        Some(t) => store.record_tracked_document(document, t),
        None => store.record_document(document),
    }
}

/// Counts one message for the usage reports: sent by the submitter (once, whatever the
/// number of recipients), received by each local recipient; official ones separately.
fn count_exchange(
    store: &Store,
    sender: Option<storage::AccountId>,
    delivered: &[Delivered],
    official: bool,
) {
    if let Some(account) = sender {
        store.count(account, UsageCounter::Sent, 1);
        if official {
            store.count(account, UsageCounter::OfficialSent, 1);
        }
    }
    for d in delivered {
        store.count(d.account, UsageCounter::Received, 1);
        if official {
            store.count(d.account, UsageCounter::OfficialReceived, 1);
        }
    }
}

/// The highest warning threshold (percent) that `used - size → used` crossed, if any.
pub fn crossed_threshold(thresholds: &[u8], used: u64, size: u64, limit: u64) -> Option<u8> {
    if limit == 0 {
        return None;
    }
    let before = used.saturating_sub(size) as u128 * 100;
    let after = used as u128 * 100;
    thresholds
        .iter()
        .copied()
        .filter(|&t| {
            let mark = t as u128 * limit as u128;
            before < mark && mark <= after
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_threshold_is_crossed_once() {
        let t = [75, 90];
        assert_eq!(crossed_threshold(&t, 740, 10, 1000), None);
        assert_eq!(crossed_threshold(&t, 750, 10, 1000), Some(75));
        assert_eq!(crossed_threshold(&t, 760, 10, 1000), None);
        assert_eq!(crossed_threshold(&t, 950, 300, 1000), Some(90));
        assert_eq!(crossed_threshold(&t, 950, 10, 0), None);
    }
}
