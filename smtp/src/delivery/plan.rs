//! Stage 4, plan: what happens to the message, decided before anything is stored. First the
//! document rules' verdict (`policy::rules`: secret-marked documents refused at submission
//! and quarantined inbound; mandatory documents to addresses outside the official domains
//! warned about or refused), then each local recipient's Sieve scripts (`filter`), which see
//! the message as it will be stored, with our trace and classification fields on top.
//!
//! The outcome is a [`Plan`]: a value the commit and after-commit stages carry out. Sieve
//! parses the message a second time (with our fields on top, which scripts may test), and
//! only when a recipient has a script; see `filter::plan`.

use std::sync::Arc;

use policy::document::Recognition;
use policy::rules::{self, PolicyConfig, Verdict};
use storage::{AccountId, DeliveryTarget, MessageMeta, NewQueueEntry, Store};

use crate::filter::{self, Base, Filters, PendingVacation};
use crate::reply::{self, Reply};

use super::accept::{Envelope, Message};
use super::classify::Classified;

/// What the plan stage reads besides the message.
pub struct Planner<'a> {
    /// The document rules for this sender: its agency's own, else the province's.
    pub rules: &'a PolicyConfig,
    /// Sieve at delivery; None when it is off.
    pub sieve: Option<&'a Arc<Filters>>,
    /// Where the recipients' scripts (and what they ask about mailboxes) are read.
    pub store: &'a Store,
}

/// What to do with the message.
// One plan per message, moved once into the commit stage: boxing its larger variant would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Plan {
    /// Refused before anything is stored: the reply says why.
    Refuse(Refusal),
    /// A received secret-marked document: held in the quarantine for the administrator.
    Quarantine(Held),
    /// The recipients' scripts disposed of it (discarded, redirected, some rejected):
    /// nothing to store or queue, only the scripts' remaining actions.
    Handled(Handled),
    /// Stored for the local targets and queued for the remote recipients.
    Deliver(Delivery),
}

/// A refusal, and the refused document to count and register when it was secret-marked.
pub struct Refusal {
    pub reply: Reply,
    pub secret: Option<RefusedDocument>,
}

/// A secret-marked document one of our users tried to send.
pub struct RefusedDocument {
    pub account: AccountId,
    pub exchange: Exchange,
    pub recognition: Recognition,
}

/// A message for the quarantine.
pub struct Held {
    /// The message as stored: our trace fields on top (no classification field).
    pub raw: Arc<[u8]>,
    pub meta: MessageMeta,
    pub sender: String,
    pub recipients: Vec<AccountId>,
    pub reason: String,
}

/// Sieve took care of every recipient without storing a copy.
pub struct Handled {
    /// Recipients whose script rejected the message (RFC 5429).
    pub rejects: usize,
    pub after: Option<AfterSieve>,
}

/// A message to store and queue, and what to do once it is durable.
pub struct Delivery {
    /// The message as stored: our trace and classification fields on top of the body.
    pub raw: Arc<[u8]>,
    /// Its metadata, offsets counted in `raw`.
    pub meta: MessageMeta,
    /// The internal date.
    pub now: i64,
    /// Local copies: each recipient's INBOX (or Junk), or where its scripts filed it.
    pub targets: Vec<DeliveryTarget>,
    /// The entry for the outbound queue, when there are remote recipients.
    pub outbound: Option<NewQueueEntry>,
    pub report: Report,
}

/// What the after-commit stage needs to know about a stored message.
pub struct Report {
    pub exchange: Exchange,
    pub recognition: Recognition,
    /// Non-official recipients of a mandatory document when the sender must be told.
    pub warn_external: Vec<String>,
    pub after_sieve: Option<AfterSieve>,
    /// Automatic message, or one of our receipts (`receipts::incoming`).
    pub marks: crate::receipts::Marks,
    /// The signature check of its PDF files (register, notice of a tampered document).
    pub signatures: Vec<policy::signature::FileReport>,
}

/// Who exchanged a document, for the register.
pub struct Exchange {
    pub sender: String,
    pub account: Option<AccountId>,
    /// How many recipients are remote.
    pub external: usize,
    pub subject: Option<String>,
    /// The remote recipients' addresses and the Message-ID, for tracking receipts.
    pub remote: Vec<String>,
    pub message_id: Option<String>,
    /// The first From address (lowercase), from the one parse: whom a recall must come from.
    pub from_address: Option<String>,
}

impl Exchange {
    fn of(envelope: &Envelope, meta: &MessageMeta) -> Exchange {
        Exchange {
            sender: envelope.mail_from.clone(),
            account: envelope.authenticated,
            external: envelope.remote.len(),
            subject: meta.subject.clone(),
            remote: envelope.remote.iter().map(|r| r.address.clone()).collect(),
            message_id: meta.message_id.clone(),
            from_address: meta
                .structure
                .as_ref()
                .and_then(|s| s.envelope.from.as_ref())
                .and_then(|from| from.first())
                .and_then(|a| Some(format!("{}@{}", a.mailbox.as_ref()?, a.host.as_ref()?)))
                .map(|a| a.to_lowercase()),
        }
    }
}

/// Sieve actions carried out after the message is durable (or was not stored at all).
pub struct AfterSieve {
    /// The original envelope, as far as a rejection DSN needs it.
    pub sender: Sender,
    /// The message as stored (what is redirected and returned).
    pub raw: Arc<[u8]>,
    pub now: i64,
    /// (redirecting account's address, destination).
    pub remote_redirects: Vec<(String, String)>,
    /// (RCPT address, the script's reason).
    pub rejects: Vec<(String, String)>,
    pub vacations: Vec<PendingVacation>,
}

/// The original envelope's sender, as far as a rejection DSN needs it.
pub struct Sender {
    pub mail_from: String,
    pub envid: Option<String>,
    pub ret_full: bool,
}

/// Decides what happens to the message. A storage failure while reading the scripts is
/// ours: 451, the sender retries.
pub async fn plan(planner: &Planner<'_>, classified: Classified) -> Result<Plan, Reply> {
    let Classified {
        message,
        suspicious,
        meta,
        recognition,
        marks,
        signatures,
    } = classified;
    let Message {
        envelope,
        body,
        mut fields,
        now,
    } = message;
    let (document_header, mut keywords, warn_external) =
        match verdict(planner.rules, &envelope, &recognition) {
            Verdict::Deliver {
                header,
                keywords,
                warn_external,
            } => (header.unwrap_or_default(), keywords, warn_external),
            Verdict::Refuse { code, status, text } => {
                let secret = match envelope.authenticated {
                    Some(account) if recognition.secrecy.is_some() => Some(RefusedDocument {
                        account,
                        exchange: Exchange::of(&envelope, &meta),
                        recognition,
                    }),
                    _ => None,
                };
                tracing::info!(from = %envelope.mail_from, %text, "refused by the document rules");
                return Ok(Plan::Refuse(Refusal {
                    reply: Reply::new(code, status, text),
                    secret,
                }));
            }
            Verdict::Quarantine { reason } => {
                let raw = prepend(&fields, &body);
                // The structure's offsets were taken in `body`; the stored bytes start later.
                let meta = meta.prepended(&raw[..raw.len() - body.len()]);
                return Ok(Plan::Quarantine(Held {
                    raw,
                    meta,
                    recipients: envelope.recipients.iter().map(|(a, _)| *a).collect(),
                    sender: envelope.mail_from,
                    reason,
                }));
            }
        };
    fields.push(document_header);
    // What the signature check found: recorded, never acted on (a tampered document is
    // flagged, not altered or refused).
    fields.extend(policy::signature::header_fields(&signatures));
    keywords.extend(policy::signature::keywords(&signatures));
    let raw = prepend(&fields, &body);
    let meta = meta.prepended(&raw[..raw.len() - body.len()]);
    drop(body);
    // DMARC quarantine: delivered, but into Junk (RFC 7489 §6.3).
    let base = Base {
        junk: suspicious,
        keywords,
    };
    let scripts = sieve(planner, &envelope, &raw, &base, suspicious, now).await?;
    let targets: Vec<DeliveryTarget> = match &scripts {
        Some(plan) => plan.targets.clone(),
        None => envelope
            .recipients
            .iter()
            .map(|(account, _)| base.target(*account))
            .collect(),
    };
    let after_sieve = scripts.as_ref().and_then(|plan| {
        let sender = Sender {
            mail_from: envelope.mail_from.clone(),
            envid: envelope.envid.clone(),
            ret_full: envelope.ret_full,
        };
        AfterSieve::of(plan, sender, &raw, now)
    });
    if let Some(plan) = &scripts
        && targets.is_empty()
        && envelope.remote.is_empty()
    {
        // Nothing to store or queue. When every recipient rejected the message, refuse it
        // here rather than bounce it later (RFC 5429 §2.1: reject at the SMTP level when
        // possible, so no backscatter); otherwise it was discarded or only redirected.
        if !plan.rejects.is_empty() && plan.rejects.len() == envelope.recipients.len() {
            let reason = &plan.rejects[0].1;
            tracing::info!(from = %envelope.mail_from, %reason, "refused by the recipients' Sieve scripts");
            return Ok(Plan::Refuse(Refusal {
                reply: Reply::new(
                    550,
                    reply::SE_SIEVE_REJECT,
                    format!(
                        "rejected by the recipient's filter: {}",
                        sanitize_text(reason)
                    ),
                ),
                secret: None,
            }));
        }
        return Ok(Plan::Handled(Handled {
            rejects: plan.rejects.len(),
            after: after_sieve,
        }));
    }
    let exchange = Exchange::of(&envelope, &meta);
    let outbound = (!envelope.remote.is_empty()).then_some(NewQueueEntry {
        sender: envelope.mail_from,
        envid: envelope.envid,
        ret_full: envelope.ret_full,
        account: envelope.authenticated,
        recipients: envelope.remote,
    });
    Ok(Plan::Deliver(Delivery {
        raw,
        meta,
        now,
        targets,
        outbound,
        report: Report {
            exchange,
            recognition,
            warn_external,
            after_sieve,
            marks,
            signatures,
        },
    }))
}

/// The document rules' verdict: at submission for our users' mail (against every
/// recipient, local and remote), at delivery for mail from elsewhere.
fn verdict(rules: &PolicyConfig, envelope: &Envelope, recognition: &Recognition) -> Verdict {
    match envelope.authenticated {
        Some(_) => {
            let all: Vec<String> = envelope
                .recipients
                .iter()
                .map(|(_, a)| a.clone())
                .chain(envelope.remote.iter().map(|r| r.address.clone()))
                .collect();
            rules::at_submission(rules, recognition, &all)
        }
        None => rules::at_delivery(recognition),
    }
}

/// Runs the local recipients' Sieve scripts; None when nobody has one (or Sieve is off).
async fn sieve(
    planner: &Planner<'_>,
    envelope: &Envelope,
    raw: &Arc<[u8]>,
    base: &Base,
    suspicious: bool,
    now: i64,
) -> Result<Option<filter::Plan>, Reply> {
    let Some(filters) = planner.sieve.cloned() else {
        return Ok(None);
    };
    if envelope.recipients.is_empty() {
        return Ok(None);
    }
    let accounts: Vec<AccountId> = envelope.recipients.iter().map(|(a, _)| *a).collect();
    if filters.none_for(planner.store, &accounts) {
        return Ok(None);
    }
    let store = planner.store.clone();
    let raw = raw.clone();
    let mail_from = envelope.mail_from.clone();
    let recipients = envelope.recipients.clone();
    let base = Base {
        junk: base.junk,
        keywords: base.keywords.clone(),
    };
    let planned = tokio::task::spawn_blocking(move || {
        filter::plan(&filter::Pass {
            filters: &filters,
            store: &store,
            raw: &raw,
            mail_from: &mail_from,
            recipients: &recipients,
            base: &base,
            suspicious,
            now,
        })
    })
    .await;
    match planned {
        Ok(Ok(plan)) => Ok(plan),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "Sieve filtering failed");
            Err(Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary storage failure, try again later",
            ))
        }
        Err(e) => {
            tracing::error!(error = %e, "Sieve filtering task failed");
            Err(Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary failure, try again later",
            ))
        }
    }
}

impl AfterSieve {
    /// What is left to do once the message is stored: None when nothing.
    fn of(plan: &filter::Plan, sender: Sender, raw: &Arc<[u8]>, now: i64) -> Option<AfterSieve> {
        let after = AfterSieve {
            sender,
            raw: raw.clone(),
            now,
            remote_redirects: plan.remote_redirects.clone(),
            rejects: plan.rejects.clone(),
            vacations: plan
                .vacations
                .iter()
                .map(|v| PendingVacation {
                    address: v.address.clone(),
                    display_name: v.display_name.clone(),
                    reply: v.reply.clone(),
                })
                .collect(),
        };
        (!after.remote_redirects.is_empty()
            || !after.rejects.is_empty()
            || !after.vacations.is_empty())
        .then_some(after)
    }
}

/// A script's text in a reply line: printable, one line, short.
fn sanitize_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect()
}

/// The message as stored: our header fields (trace, results, classification) on top of the
/// body as received, in one allocation.
pub(super) fn prepend<S: AsRef<str>>(fields: &[S], body: &[u8]) -> Arc<[u8]> {
    let len = fields.iter().map(|f| f.as_ref().len()).sum::<usize>() + body.len();
    let mut raw = Vec::with_capacity(len);
    for f in fields {
        raw.extend_from_slice(f.as_ref().as_bytes());
    }
    raw.extend_from_slice(body);
    raw.into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use policy::document::Secrecy;
    use storage::NewQueueRecipient;

    use super::*;

    /// A message from `mail_from` to annv@x.gov.vn (account `annv`) and one remote address,
    /// submitted by `authenticated` (None: received from another server).
    fn classified(
        annv: AccountId,
        authenticated: Option<AccountId>,
        recognition: Recognition,
    ) -> Classified {
        let envelope = Envelope {
            helo: "client.example".into(),
            peer: "10.9.9.9:4000".parse().unwrap(),
            tls: false,
            esmtp: true,
            authenticated,
            sender_agencies: Vec::new(),
            mail_from: "vanthu@x.gov.vn".into(),
            envid: None,
            ret_full: false,
            recipients: vec![(annv, "annv@x.gov.vn".into())],
            remote: vec![NewQueueRecipient {
                address: "someone@example.com".into(),
                orcpt: None,
                notify: storage::Notify(storage::Notify::FAILURE),
            }],
        };
        Classified {
            message: Message {
                envelope,
                body: b"Subject: Giay moi\r\n\r\nNoi dung\r\n".to_vec(),
                fields: vec!["Received: from client.example\r\n".into()],
                now: 1_793_667_600,
            },
            suspicious: false,
            meta: MessageMeta {
                subject: Some("Giấy mời họp".into()),
                ..MessageMeta::default()
            },
            recognition,
            marks: Default::default(),
            signatures: Vec::new(),
        }
    }

    fn secret() -> Recognition {
        Recognition {
            official: true,
            secrecy: Some(Secrecy::Mat),
            ..Recognition::default()
        }
    }

    async fn plan_for(authenticated: bool, recognition: Recognition) -> Plan {
        let (_dir, store) = crate::test_support::store_with_annv();
        let annv = store.get_account("annv@x.gov.vn").unwrap().id;
        let rules = PolicyConfig::default();
        let planner = Planner {
            rules: &rules,
            sieve: None,
            store: &store,
        };
        let sender = authenticated.then_some(annv);
        plan(&planner, classified(annv, sender, recognition))
            .await
            .unwrap_or_else(|r| panic!("no plan: {r:?}"))
    }

    /// A secret-marked document received from elsewhere is held for the administrator,
    /// stored with our trace field and without the classification field.
    #[tokio::test]
    async fn a_received_secret_document_is_planned_for_the_quarantine() {
        let Plan::Quarantine(held) = plan_for(false, secret()).await else {
            panic!("not quarantined");
        };
        assert!(held.reason.contains("secret-marked"), "{}", held.reason);
        assert_eq!(held.sender, "vanthu@x.gov.vn");
        assert_eq!(held.recipients.len(), 1);
        assert!(
            held.raw
                .starts_with(b"Received: from client.example\r\nSubject:")
        );
    }

    /// One of our users submitting a secret-marked document is refused (Luật Bảo vệ bí mật
    /// nhà nước), and the refusal is to be counted and registered.
    #[tokio::test]
    async fn a_submitted_secret_document_is_refused_and_registered() {
        let Plan::Refuse(refusal) = plan_for(true, secret()).await else {
            panic!("not refused");
        };
        assert_eq!(
            (refusal.reply.code, refusal.reply.status),
            (550, Some("5.7.1"))
        );
        let doc = refusal.secret.unwrap();
        assert_eq!(doc.exchange.external, 1);
        assert_eq!(doc.exchange.subject.as_deref(), Some("Giấy mời họp"));
    }

    /// A plain message goes to each local recipient's INBOX and into the queue for the
    /// remote one, with its offsets moved past our fields.
    #[tokio::test]
    async fn a_plain_message_is_planned_for_the_inbox_and_the_queue() {
        let Plan::Deliver(delivery) = plan_for(false, Recognition::default()).await else {
            panic!("not delivered");
        };
        assert_eq!(delivery.targets.len(), 1);
        assert_eq!(delivery.targets[0].mailbox, "INBOX");
        let queued = delivery.outbound.unwrap();
        assert_eq!(queued.recipients[0].address, "someone@example.com");
        assert!(
            delivery
                .raw
                .starts_with(b"Received: from client.example\r\nSubject:")
        );
        assert!(delivery.report.after_sieve.is_none());
    }
}
