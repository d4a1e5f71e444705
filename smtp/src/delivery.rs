//! Local delivery of an accepted message: trace header, loop check, one storage transaction
//! for every local recipient. The reply is positive only once the message is durable.

use std::sync::Arc;

use storage::{DeliveryTarget, MessageMeta, NewQueueEntry, NewQueueRecipient, StorageError};

use mail_parser::MessageParser;
use policy::document::Recognition;
use policy::rules::{self, Verdict};
use storage::{Direction, NewDocument, UsageCounter};

use crate::Smtp;
use crate::dates::rfc5322_date;
use crate::mailauth::DmarcAction;

use crate::reply::{self, Reply};

/// RFC 5321 §6.3: a message that has passed this many relays is looping.
pub const MAX_HOPS: usize = 50;

/// Counts `Received:` header fields in the header section.
pub fn hop_count(message: &[u8]) -> usize {
    let header_end = find(message, b"\r\n\r\n").unwrap_or(message.len());
    let header = &message[..header_end];
    let mut count = 0;
    let mut at_line_start = true;
    for (i, &b) in header.iter().enumerate() {
        if at_line_start
            && header.len() - i >= 9
            && header[i..i + 9].eq_ignore_ascii_case(b"received:")
        {
            count += 1;
        }
        at_line_start = b == b'\n';
    }
    count
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// What the session knows about the message it hands over.
pub struct Accepted {
    pub helo: String,
    pub peer: std::net::SocketAddr,
    pub tls: bool,
    pub esmtp: bool,
    /// The submitting account, when the client authenticated.
    pub authenticated: Option<storage::AccountId>,
    /// The submitting account's agency and those above it (empty for inbound mail).
    pub sender_agencies: Vec<String>,
    pub mail_from: String,
    pub envid: Option<String>,
    pub ret_full: bool,
    /// Local recipients: delivered now.
    pub recipients: Vec<(storage::AccountId, String)>,
    /// Remote recipients: queued for the outbound worker.
    pub remote: Vec<NewQueueRecipient>,
    pub body: Vec<u8>,
}

/// Stores the message for every local recipient and queues it for the remote ones, in one
/// transaction.
pub async fn deliver(smtp: &Smtp, mut accepted: Accepted) -> Reply {
    let hostname = smtp.config.hostname.as_str();
    if hop_count(&accepted.body) >= MAX_HOPS {
        return Reply::new(554, reply::SE_LOOP, "too many hops: mail loop detected");
    }
    let now = storage::now();
    // RFC 3848: ESMTPS with TLS, ESMTPA / ESMTPSA when authenticated.
    let protocol = match (
        accepted.esmtp,
        accepted.tls,
        accepted.authenticated.is_some(),
    ) {
        (true, true, true) => "ESMTPSA",
        (true, false, true) => "ESMTPA",
        (true, true, false) => "ESMTPS",
        (true, false, false) => "ESMTP",
        (false, _, _) => "SMTP",
    };
    // RFC 5321 §4.4: the Received field goes on top; "for" only with a single recipient.
    let for_clause = match (accepted.recipients.as_slice(), accepted.remote.as_slice()) {
        ([(_, address)], []) => format!("\r\n\tfor <{address}>"),
        ([], [r]) => format!("\r\n\tfor <{}>", r.address),
        _ => String::new(),
    };
    let received = format!(
        "Received: from {} ([{}])\r\n\tby {hostname} (govmail) with {protocol}{for_clause};\r\n\t{}\r\n",
        sanitize(&accepted.helo),
        accepted.peer.ip(),
        rfc5322_date(now)
    );
    // Inbound mail from another server: SPF, DKIM and DMARC (RFC 7208, 6376, 7489), recorded
    // in Authentication-Results (RFC 8601). Loopback clients (scripts, a local webmail) are
    // skipped, as policyd-spf does by default.
    let mut auth_results = String::new();
    let mut quarantine = false;
    let mut body = std::mem::take(&mut accepted.body);
    if let (None, Some(verifier)) = (accepted.authenticated, &smtp.verifier)
        && !accepted.peer.ip().is_loopback()
    {
        // RFC 8601 §5: a header claiming to be ours, added by someone else, is removed.
        body = strip_auth_results(body, hostname);
        let verdict = verifier
            .verify(
                &body,
                accepted.peer.ip(),
                &accepted.helo,
                &accepted.mail_from,
                hostname,
            )
            .await;
        match verdict.dmarc {
            DmarcAction::Reject => {
                tracing::info!(from = %accepted.mail_from, peer = %accepted.peer, "refused by the sender domain's DMARC policy");
                return Reply::new(
                    550,
                    reply::SE_DMARC,
                    "rejected: the sender's domain asks for this (DMARC policy reject)",
                );
            }
            DmarcAction::Quarantine => quarantine = true,
            DmarcAction::None => {}
        }
        auth_results = verdict.header;
    }
    // Parse once (ARCHITECTURE.md "How a message flows", step 2): the metadata stored with
    // the message and the official-document recognition come from this one parse.
    let recognise = smtp.policy.enabled;
    let parsed = tokio::task::spawn_blocking(move || {
        let (meta, recognition) = match MessageParser::default().parse(&body[..]) {
            Some(m) if recognise => (
                MessageMeta::from_parsed(&m),
                policy::document::recognise(&m),
            ),
            Some(m) => (MessageMeta::from_parsed(&m), Recognition::default()),
            None => (MessageMeta::default(), Recognition::default()),
        };
        (body, meta, recognition)
    })
    .await;
    // The sender's agency may have its own rules (`[policy.agencies.CODE]`); which types are
    // mandatory is decided by them.
    let sender_rules = smtp.policy.for_sender(&accepted.sender_agencies);
    let Ok((body, meta, recognition)) = parsed.map(|(b, m, r)| (b, m, sender_rules.apply(r)))
    else {
        return Reply::new(
            451,
            reply::SE_SYSTEM_TEMP,
            "temporary failure, try again later",
        );
    };
    let verdict = match accepted.authenticated {
        Some(_) => {
            let all: Vec<String> = accepted
                .recipients
                .iter()
                .map(|(_, a)| a.clone())
                .chain(accepted.remote.iter().map(|r| r.address.clone()))
                .collect();
            rules::at_submission(&sender_rules, &recognition, &all)
        }
        None => rules::at_delivery(&recognition),
    };
    let (document_header, keywords, warn_external) = match verdict {
        Verdict::Deliver {
            header,
            keywords,
            warn_external,
        } => (header.unwrap_or_default(), keywords, warn_external),
        Verdict::Refuse { code, status, text } => {
            if let Some(account) = accepted.authenticated
                && recognition.secrecy.is_some()
            {
                smtp.store.count(account, UsageCounter::SecretRefused, 1);
                let exchange = Exchange {
                    sender: &accepted.mail_from,
                    account: accepted.authenticated,
                    external: accepted.remote.len(),
                    subject: meta.subject.as_deref(),
                };
                register(smtp, &exchange, &recognition, &[], Direction::Refused);
            }
            tracing::info!(from = %accepted.mail_from, %text, "refused by the document rules");
            return Reply::new(code, status, text);
        }
        Verdict::Quarantine { reason } => {
            let raw = prepend(&[&received, &auth_results], &body);
            // The structure's offsets were taken in `body`; the stored bytes start later.
            let meta = meta.prepended(&raw[..raw.len() - body.len()]);
            return hold(smtp, &accepted, raw, meta, &reason).await;
        }
    };
    let raw = prepend(&[&received, &auth_results, &document_header], &body);
    let meta = meta.prepended(&raw[..raw.len() - body.len()]);
    drop(body);
    let size = raw.len() as u64;
    // DMARC quarantine: delivered, but into Junk (RFC 7489 §6.3).
    let base = crate::filter::Base {
        junk: quarantine,
        keywords,
    };
    // Sieve (ARCHITECTURE.md "How a message flows", step 3): each local recipient's scripts
    // see the message with our trace and classification header fields.
    let plan = match sieve_plan(smtp, &accepted, &raw, &base, quarantine, now).await {
        Ok(plan) => plan,
        Err(reply) => return reply,
    };
    let targets: Vec<DeliveryTarget> = match &plan {
        Some(plan) => plan.targets.clone(),
        None => accepted
            .recipients
            .iter()
            .map(|(account, _)| base.target(*account))
            .collect(),
    };
    if let Some(plan) = &plan
        && targets.is_empty()
        && accepted.remote.is_empty()
    {
        // Nothing to store or queue. When every recipient rejected the message, refuse it
        // here rather than bounce it later (RFC 5429 §2.1: reject at the SMTP level when
        // possible, so no backscatter); otherwise it was discarded or only redirected.
        if !plan.rejects.is_empty() && plan.rejects.len() == accepted.recipients.len() {
            let reason = plan.rejects[0].1.clone();
            tracing::info!(from = %accepted.mail_from, %reason, "refused by the recipients' Sieve scripts");
            return Reply::new(
                550,
                reply::SE_SIEVE_REJECT,
                format!(
                    "rejected by the recipient's filter: {}",
                    sanitize_text(&reason)
                ),
            );
        }
        let rejects = plan.rejects.len();
        if let Some(plan) = plan_after(plan) {
            let sender = Sender {
                mail_from: &accepted.mail_from,
                envid: accepted.envid.as_deref(),
                ret_full: accepted.ret_full,
            };
            after_sieve(smtp, &sender, &raw, plan, now).await;
        }
        return Reply::new(
            250,
            reply::SE_OK,
            format!("OK, handled by the recipients' filters ({rejects} rejected)"),
        );
    }
    let subject = meta.subject.clone();
    let external = accepted.remote.len();
    let mail_from = accepted.mail_from.clone();
    let envid = accepted.envid.clone();
    let outbound = (!accepted.remote.is_empty()).then(|| NewQueueEntry {
        sender: accepted.mail_from.clone(),
        envid: accepted.envid.clone(),
        ret_full: accepted.ret_full,
        account: accepted.authenticated,
        recipients: accepted.remote,
    });
    let store = smtp.store.clone();
    let stored = raw.clone();
    let result = tokio::task::spawn_blocking(move || {
        store.deliver_and_queue(stored, meta, now, targets, outbound)
    })
    .await;
    if let (Ok(Ok(_)), Some(plan)) = (&result, plan.as_ref().and_then(plan_after)) {
        let sender = Sender {
            mail_from: &mail_from,
            envid: envid.as_deref(),
            ret_full: accepted.ret_full,
        };
        after_sieve(smtp, &sender, &raw, plan, now).await;
    }
    match result {
        Ok(Ok((delivered, queued))) => {
            if !delivered.is_empty() {
                crate::stats::Stats::bump(&smtp.stats.delivered);
            }
            if queued.is_some() {
                crate::stats::Stats::bump(&smtp.stats.queued);
            }
            count_exchange(
                smtp,
                accepted.authenticated,
                &delivered,
                recognition.official,
            );
            if recognition.official {
                let direction = match accepted.authenticated {
                    Some(_) => Direction::Sent,
                    None => Direction::Received,
                };
                let exchange = Exchange {
                    sender: &accepted.mail_from,
                    account: accepted.authenticated,
                    external,
                    subject: subject.as_deref(),
                };
                register(smtp, &exchange, &recognition, &delivered, direction);
            }
            quota_warnings(smtp, &delivered, size).await;
            if !warn_external.is_empty() {
                external_warning(smtp, &accepted.mail_from, &recognition, &warn_external).await;
            }
            if let Some(id) = queued {
                smtp.outbound.notify_one();
                Reply::new(
                    250,
                    reply::SE_OK,
                    format!(
                        "OK, delivered to {} mailbox(es), queued as {id}",
                        delivered.len()
                    ),
                )
            } else {
                Reply::new(
                    250,
                    reply::SE_OK,
                    format!("OK, delivered to {} mailbox(es)", delivered.len()),
                )
            }
        }
        Ok(Err(StorageError::OverQuota { address, .. })) => Reply::new(
            552,
            reply::SE_MAILBOX_FULL,
            format!("mailbox of {address} is full"),
        ),
        Ok(Err(e)) if e.is_low_disk() => reply::low_disk(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "local delivery failed");
            Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary storage failure, try again later",
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "local delivery task failed");
            Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary failure, try again later",
            )
        }
    }
}

/// Runs the local recipients' Sieve scripts; None when nobody has one. A storage failure is
/// ours: 451, the sender retries.
async fn sieve_plan(
    smtp: &Smtp,
    accepted: &Accepted,
    raw: &Arc<[u8]>,
    base: &crate::filter::Base,
    suspicious: bool,
    now: i64,
) -> Result<Option<crate::filter::Plan>, Reply> {
    let Some(filters) = smtp.sieve.clone() else {
        return Ok(None);
    };
    if accepted.recipients.is_empty() {
        return Ok(None);
    }
    let accounts: Vec<storage::AccountId> = accepted.recipients.iter().map(|(a, _)| *a).collect();
    if filters.none_for(&smtp.store, &accounts) {
        return Ok(None);
    }
    let store = smtp.store.clone();
    let raw = raw.clone();
    let mail_from = accepted.mail_from.clone();
    let recipients = accepted.recipients.clone();
    let base = crate::filter::Base {
        junk: base.junk,
        keywords: base.keywords.clone(),
    };
    let planned = tokio::task::spawn_blocking(move || {
        crate::filter::plan(&crate::filter::Pass {
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

/// What is left to do once the message is stored: None when nothing.
fn plan_after(plan: &crate::filter::Plan) -> Option<AfterSieve> {
    let after = AfterSieve {
        remote_redirects: plan.remote_redirects.clone(),
        rejects: plan.rejects.clone(),
        vacations: plan
            .vacations
            .iter()
            .map(|v| crate::filter::PendingVacation {
                address: v.address.clone(),
                display_name: v.display_name.clone(),
                reply: v.reply.clone(),
            })
            .collect(),
    };
    (!after.remote_redirects.is_empty() || !after.rejects.is_empty() || !after.vacations.is_empty())
        .then_some(after)
}

/// The original envelope, as far as a rejection DSN needs it.
struct Sender<'a> {
    mail_from: &'a str,
    envid: Option<&'a str>,
    ret_full: bool,
}

/// Sieve actions carried out after the message is durable (or was not stored at all).
struct AfterSieve {
    remote_redirects: Vec<(String, String)>,
    rejects: Vec<(String, String)>,
    vacations: Vec<crate::filter::PendingVacation>,
}

/// Sends what the scripts asked for: redirects to remote addresses (through the queue, marked
/// against loops, from the redirecting account), vacation replies (null sender, RFC 5230
/// §4.5), and for rejected recipients one DSN to the sender (RFC 5429 §2.1.1 allows a DSN).
/// Failures are logged: the message itself is already delivered.
async fn after_sieve(
    smtp: &Smtp,
    sender: &Sender<'_>,
    raw: &Arc<[u8]>,
    plan: AfterSieve,
    now: i64,
) {
    for (account, to) in plan.remote_redirects {
        let marked = prepend(
            &[&format!("{}: {account}\r\n", crate::filter::REDIRECT_MARK)],
            raw,
        );
        // Owed for a message already accepted: may use part of the disk reserve.
        let store = smtp.store.for_notices();
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
                smtp.outbound.notify_one();
            }
            Ok(Err(e)) => tracing::error!(%account, %to, error = %e, "Sieve redirect not queued"),
            Err(e) => tracing::error!(%account, %to, error = %e, "Sieve redirect task failed"),
        }
    }
    for v in plan.vacations {
        let message = crate::notices::vacation_reply(&crate::notices::VacationNotice {
            hostname: &smtp.config.hostname,
            address: &v.address,
            display_name: &v.display_name,
            reply: &v.reply,
            now,
        });
        match smtp.outbox().deliver_notice(&v.reply.to, message).await {
            Ok(()) => tracing::info!(account = %v.address, to = %v.reply.to, "vacation reply sent"),
            Err(e) => {
                tracing::warn!(account = %v.address, to = %v.reply.to, error = %e, "vacation reply not sent")
            }
        }
    }
    // RFC 3461 / 5321 §4.5.5: never a DSN to the null sender.
    if !plan.rejects.is_empty() && !sender.mail_from.is_empty() {
        let statuses: Vec<crate::notices::RecipientStatus> = plan
            .rejects
            .iter()
            .map(|(rcpt, reason)| crate::notices::RecipientStatus {
                recipient: rcpt.clone(),
                original_recipient: None,
                action: crate::notices::Action::Failed,
                status: "5.7.1".into(),
                remote_mta: None,
                diagnostic: Some(format!(
                    "550 5.7.1 rejected by the recipient's filter: {reason}"
                )),
                last_attempt: Some(now),
                will_retry_until: None,
            })
            .collect();
        let dsn = crate::notices::delivery_status_notification(&crate::notices::DsnInput {
            hostname: &smtp.config.hostname,
            to: sender.mail_from,
            envid: sender.envid,
            arrival: now,
            recipients: &statuses,
            original: raw,
            return_full: sender.ret_full,
            now,
        });
        if let Err(e) = smtp.outbox().deliver_notice(sender.mail_from, dsn).await {
            tracing::warn!(to = %sender.mail_from, error = %e, "Sieve rejection notice not sent");
        }
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
fn prepend(fields: &[&str], body: &[u8]) -> Arc<[u8]> {
    let len = fields.iter().map(|f| f.len()).sum::<usize>() + body.len();
    let mut raw = Vec::with_capacity(len);
    for f in fields {
        raw.extend_from_slice(f.as_bytes());
    }
    raw.extend_from_slice(body);
    raw.into()
}

/// Holds a received message in the quarantine instead of delivering it (a secret-marked
/// document). The sender gets 250: the message is safely kept, and the administrator
/// decides (`govmail quarantine`).
async fn hold(
    smtp: &Smtp,
    accepted: &Accepted,
    raw: Arc<[u8]>,
    meta: MessageMeta,
    reason: &str,
) -> Reply {
    let store = smtp.store.clone();
    let sender = accepted.mail_from.clone();
    let recipients: Vec<storage::AccountId> = accepted.recipients.iter().map(|(a, _)| *a).collect();
    let why = reason.to_string();
    let held = tokio::task::spawn_blocking(move || {
        store.quarantine(raw, meta, &sender, &recipients, &why)
    })
    .await;
    match held {
        Ok(Ok(id)) => {
            crate::stats::Stats::bump(&smtp.stats.quarantined);
            tracing::warn!(id, from = %accepted.mail_from, %reason, "message quarantined");
            Reply::new(
                250,
                reply::SE_OK,
                format!("OK, held for the administrator ({id})"),
            )
        }
        Ok(Err(e)) if e.is_low_disk() => reply::low_disk(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "quarantine failed");
            Reply::new(
                451,
                reply::SE_SYSTEM_TEMP,
                "temporary storage failure, try again later",
            )
        }
        Err(_) => Reply::new(
            451,
            reply::SE_SYSTEM_TEMP,
            "temporary failure, try again later",
        ),
    }
}

/// Who exchanged a document, for the register.
struct Exchange<'a> {
    sender: &'a str,
    account: Option<storage::AccountId>,
    external: usize,
    subject: Option<&'a str>,
}

/// Writes an official document into the exchange register (buffered with the usage counts).
fn register(
    smtp: &Smtp,
    x: &Exchange<'_>,
    r: &Recognition,
    delivered: &[storage::Delivered],
    direction: Direction,
) {
    smtp.store.record_document(NewDocument {
        at: storage::now(),
        direction,
        doc_type: r.doc_type.map(|t| t.as_id().to_string()),
        number: r.number.clone(),
        urgency: r.urgency.map(|u| u.as_id().to_string()),
        secrecy: r.secrecy.map(|s| s.as_id().to_string()),
        mandatory: r.mandatory,
        sender: x.sender.to_string(),
        sender_account: x.account,
        local_recipients: delivered.iter().map(|d| d.account).collect(),
        external_recipients: x.external as u32,
        subject: x.subject.map(str::to_string),
    });
}

/// Counts one message for the usage reports: sent by the submitter (once, whatever the
/// number of recipients), received by each local recipient; official ones separately.
fn count_exchange(
    smtp: &Smtp,
    sender: Option<storage::AccountId>,
    delivered: &[storage::Delivered],
    official: bool,
) {
    let store = &smtp.store;
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

/// Tells the sender that a document which must travel between official addresses went to
/// addresses outside them (`[policy] external_mandatory = "warn"`).
async fn external_warning(smtp: &Smtp, sender: &str, r: &Recognition, outside: &[String]) {
    let notice = crate::notices::external_document_notice(&crate::notices::ExternalNotice {
        hostname: &smtp.config.hostname,
        to: sender,
        doc_type: r.doc_type.map_or("văn bản", |t| t.info().name),
        number: r.number.as_deref(),
        outside,
        now: storage::now(),
    });
    if let Err(e) = smtp.outbox().deliver_notice(sender, notice).await {
        tracing::warn!(to = %sender, error = %e, "policy notice not delivered");
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

/// Sends each account whose usage just crossed a warning threshold one notice, in
/// Vietnamese and English. A failure here is logged; the delivery already succeeded.
async fn quota_warnings(smtp: &Smtp, delivered: &[storage::Delivered], size: u64) {
    for d in delivered {
        let Some(limit) = d.quota_bytes else { continue };
        let Some(percent) =
            crossed_threshold(&smtp.config.quota_warnings, d.used_bytes, size, limit)
        else {
            continue;
        };
        let store = smtp.store.clone();
        let id = d.account;
        let Ok(Ok(account)) =
            tokio::task::spawn_blocking(move || store.get_account_by_id(id)).await
        else {
            continue;
        };
        let notice = crate::notices::quota_notice(&crate::notices::QuotaNotice {
            hostname: &smtp.config.hostname,
            to: &account.address,
            display_name: &account.display_name,
            percent,
            used_bytes: d.used_bytes,
            limit_bytes: limit,
            now: storage::now(),
        });
        tracing::info!(account = %account.address, percent, "quota warning sent");
        if let Err(e) = smtp.outbox().deliver_notice(&account.address, notice).await {
            tracing::warn!(account = %account.address, error = %e, "quota warning not delivered");
        }
    }
}

/// Removes `Authentication-Results` fields whose authserv-id is `hostname` from the header
/// section (RFC 8601 §5): only we may say what we verified.
pub fn strip_auth_results(message: Vec<u8>, hostname: &str) -> Vec<u8> {
    let header_end = find(&message, b"\r\n\r\n").map_or(message.len(), |p| p + 2);
    let header = &message[..header_end];
    let needle = b"authentication-results:";
    if !header
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
    {
        return message;
    }
    let mut out = Vec::with_capacity(message.len());
    let mut dropping = false;
    for line in header.split_inclusive(|&b| b == b'\n') {
        let continuation = matches!(line.first(), Some(b' ' | b'\t'));
        if !continuation {
            dropping =
                line.len() > needle.len() && line[..needle.len()].eq_ignore_ascii_case(needle) && {
                    let value = String::from_utf8_lossy(&line[needle.len()..]);
                    let id = value
                        .trim_start()
                        .split([';', ' ', '\t', '\r'])
                        .next()
                        .unwrap_or("");
                    id.eq_ignore_ascii_case(hostname)
                };
        }
        if !dropping {
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(&message[header_end..]);
    out
}

/// HELO names go into a header: keep them printable and short.
fn sanitize(helo: &str) -> String {
    helo.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(255)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_authentication_results_are_removed() {
        let m = b"Authentication-Results: mx.x.gov.vn; spf=pass\r\n\tdkim=pass\r\n\
                  Authentication-Results: other.example; spf=fail\r\nSubject: s\r\n\r\n\
                  Authentication-Results: mx.x.gov.vn; in the body\r\n";
        let out = strip_auth_results(m.to_vec(), "MX.x.gov.vn");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "Authentication-Results: other.example; spf=fail\r\nSubject: s\r\n\r\n\
             Authentication-Results: mx.x.gov.vn; in the body\r\n"
        );
    }

    #[test]
    fn each_threshold_is_crossed_once() {
        let t = [75, 90];
        assert_eq!(crossed_threshold(&t, 740, 10, 1000), None);
        assert_eq!(crossed_threshold(&t, 750, 10, 1000), Some(75));
        assert_eq!(crossed_threshold(&t, 760, 10, 1000), None);
        assert_eq!(crossed_threshold(&t, 950, 300, 1000), Some(90));
        assert_eq!(crossed_threshold(&t, 950, 10, 0), None);
    }

    #[test]
    fn counts_received_fields_in_the_header_only() {
        let m = b"Received: a\r\nreceived: b\r\nSubject: x\r\n\r\nReceived: in body\r\n";
        assert_eq!(hop_count(m), 2);
    }
}
