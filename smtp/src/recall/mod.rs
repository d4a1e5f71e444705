//! Recall of official documents sent by mistake (Nghị định 30/2020/NĐ-CP Điều 18.4b; issue
//! 22 item 4): the worker that carries out the requests `storage` keeps, the notices it
//! sends, and the check of recall notices that arrive from other servers.
//!
//! A request is durable before anything is done (a trigger writes it in the same transaction
//! as the COPY/MOVE into "Thu hồi"; `govmail recall` and the delivery pipeline write theirs),
//! so an IMAP MOVE returns at once and a crash mid-recall resumes: a `pending` request is
//! done again from the start (taking copies out is idempotent), a `moved` one has its notices
//! sent again (at least once). Storage work runs on the blocking pool, never on the runtime's
//! threads.

pub mod incoming;
pub mod notice;

use std::sync::Arc;
use std::time::Duration;

use storage::{RecallKind, RecallRequest, RecallState, RecallableDocument, Store};
use tokio_util::sync::CancellationToken;

use crate::outbox::Outbox;

/// How long recalled copies are kept in the hidden recall mailboxes before they are removed
/// (logged): one year.
pub const RETENTION: Duration = Duration::from_secs(365 * 24 * 3600);

/// How often the worker looks for requests written by IMAP sessions and the CLI.
pub const POLL: Duration = Duration::from_millis(500);

/// What the recall worker needs.
#[derive(Clone)]
pub struct Context {
    pub hostname: String,
    pub store: Store,
    pub outbox: Outbox,
    /// Woken when a request is written by this process (the pipeline); the worker also
    /// looks every `poll` for requests written by IMAP sessions and the CLI.
    pub wake: Arc<tokio::sync::Notify>,
    pub poll: Duration,
}

/// Runs until `shutdown`.
pub async fn run(context: Context, shutdown: CancellationToken) {
    let mut last_purge = std::time::Instant::now() - Duration::from_secs(7200);
    loop {
        if last_purge.elapsed() > Duration::from_secs(3600) {
            last_purge = std::time::Instant::now();
            purge(&context).await;
        }
        let store = context.store.clone();
        match tokio::task::spawn_blocking(move || store.open_recalls(32)).await {
            Ok(Ok(requests)) => {
                for request in requests {
                    if shutdown.is_cancelled() {
                        return;
                    }
                    process(&context, request).await;
                }
            }
            Ok(Err(e)) => tracing::warn!(error = %e, "recall requests not read"),
            Err(e) => tracing::error!(error = %e, "recall task failed"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = context.wake.notified() => {}
            _ = tokio::time::sleep(context.poll) => {}
        }
    }
}

async fn purge(context: &Context) {
    let store = context.store.clone();
    let before = storage::now() - RETENTION.as_secs() as i64;
    match tokio::task::spawn_blocking(move || store.purge_recalled(before)).await {
        Ok(Ok(0)) => {}
        Ok(Ok(n)) => tracing::info!(
            removed = n,
            "recalled copies past the retention period removed from the recall mailboxes"
        ),
        Ok(Err(e)) => tracing::warn!(error = %e, "recalled copies not purged"),
        Err(e) => tracing::error!(error = %e, "recall purge task failed"),
    }
}

/// Runs a blocking storage call on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> storage::Result<T> + Send + 'static,
) -> Result<T, String> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Why a request is not carried out: told to the one who asked.
struct Refusal {
    /// What the request was about (a subject, a Message-ID).
    what: String,
    reason: String,
}

/// What a request is about, once allowed.
struct Decided {
    document: RecallableDocument,
    /// Who recalls (an address): recorded in the register and named in the notices.
    by: String,
    /// The account that asked, told of the outcome.
    asker: Option<String>,
    /// Copies of this account are left alone (the sender's Sent copy).
    keep: Option<storage::AccountId>,
}

async fn process(context: &Context, request: RecallRequest) {
    let id = request.id;
    let decided = match decide(context, &request).await {
        Ok(d) => d,
        Err(Err(e)) => {
            // Our own failure: left open, tried again on the next round.
            tracing::warn!(request = id, error = %e, "recall request not processed; will retry");
            return;
        }
        Err(Ok(refusal)) => {
            refuse(context, &request, refusal).await;
            return;
        }
    };
    let document = &decided.document;
    let reached: Vec<String> = if request.state == RecallState::Moved {
        reached_of(&request)
    } else {
        let store = context.store.clone();
        let (mid, sender, keep, by) = (
            document.message_id.clone(),
            document.sender.clone(),
            decided.keep,
            decided.by.clone(),
        );
        // The register's entries are buffered for up to a second: written first, so that a
        // recall right after the sending finds the entry to mark.
        match blocking(move || {
            store.flush_usage()?;
            store.take_out_copies(id, &mid, &sender, keep, &by)
        })
        .await
        {
            Ok(copies) => copies.into_iter().map(|c| c.address).collect(),
            Err(e) => {
                tracing::warn!(request = id, error = %e, "recalled copies not taken out; will retry");
                return;
            }
        }
    };
    tracing::info!(
        request = id,
        message_id = %document.message_id,
        number = document.number.as_deref().unwrap_or(""),
        by = %decided.by,
        reached = reached.len(),
        "official document recalled"
    );
    let now = storage::now();
    let doc = notice::Document {
        message_id: &document.message_id,
        number: document.number.as_deref(),
        subject: document.subject.as_deref(),
        sender: &document.sender,
    };
    for to in &reached {
        let m = notice::recalled_notice(&context.hostname, to, &doc, &decided.by, now);
        if let Err(e) = context.outbox.deliver_notice(to, m).await {
            tracing::warn!(request = id, %to, error = %e, "recall notice not delivered");
        }
    }
    // Other servers' recipients: only for a document we sent, not one recalled by its
    // sender elsewhere.
    let remote: Vec<String> = if document.sent {
        document.remote_recipients.clone()
    } else {
        Vec::new()
    };
    if !remote.is_empty() {
        let m = notice::remote_notice(&context.hostname, &doc, &remote, now);
        let entry = storage::NewQueueEntry {
            // The sender's domain signs it (DKIM), so the receiving server can trust it.
            sender: document.sender.clone(),
            envid: None,
            ret_full: false,
            account: document.sender_account,
            recipients: remote
                .iter()
                .map(|a| storage::NewQueueRecipient {
                    address: a.clone(),
                    orcpt: None,
                    notify: storage::Notify(storage::Notify::FAILURE),
                })
                .collect(),
        };
        let store = context.store.for_notices();
        match blocking(move || store.enqueue(m.into(), entry)).await {
            Ok(_) => context.outbox.wake(),
            Err(e) => tracing::warn!(request = id, error = %e, "remote recall notice not queued"),
        }
    }
    let mut told = Vec::new();
    for to in [
        decided.asker.as_deref(),
        document.sent.then_some(document.sender.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        let to = to.to_lowercase();
        if told.contains(&to) {
            continue;
        }
        let m = notice::confirmation(&context.hostname, &to, &doc, &reached, &remote, now);
        if let Err(e) = context.outbox.deliver_notice(&to, m).await {
            tracing::warn!(request = id, %to, error = %e, "recall confirmation not delivered");
        }
        told.push(to);
    }
    let outcome = serde_json::json!({ "reached": reached, "remote": remote }).to_string();
    let store = context.store.clone();
    if let Err(e) = blocking(move || store.finish_recall(id, RecallState::Done, &outcome)).await {
        tracing::warn!(request = id, error = %e, "recall request not closed");
    }
}

/// The accounts reached, from a `moved` request's outcome.
fn reached_of(request: &RecallRequest) -> Vec<String> {
    request
        .outcome
        .as_deref()
        .and_then(|o| serde_json::from_str::<serde_json::Value>(o).ok())
        .and_then(|v| {
            v.get("reached").and_then(|r| r.as_array()).map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// Whether the request may be carried out, and on what. `Err(Ok(_))`: refused;
/// `Err(Err(_))`: our failure, tried again later.
async fn decide(
    context: &Context,
    request: &RecallRequest,
) -> Result<Decided, Result<Refusal, String>> {
    let store = context.store.clone();
    let asker = match request.account {
        Some(a) => Some(
            blocking(move || store.get_account_by_id(a))
                .await
                .map_err(Err)?,
        ),
        None => None,
    };
    match request.kind {
        RecallKind::Mailbox => {
            let (Some(account), Some(mailbox), Some(uid), Some(asker)) =
                (request.account, request.mailbox, request.uid, asker)
            else {
                return Err(Ok(Refusal {
                    what: format!("yêu cầu {}", request.id),
                    reason: "yêu cầu không đầy đủ".into(),
                }));
            };
            let store = context.store.clone();
            let raw = match blocking(move || store.read_message(account, mailbox, uid)).await {
                Ok(raw) => raw,
                Err(e) => {
                    tracing::info!(request = request.id, error = %e, "the copy to recall is gone");
                    return Err(Ok(Refusal {
                        what: format!("UID {uid}"),
                        reason: "thư đã bị xóa khỏi thư mục Thu hồi trước khi được xử lý".into(),
                    }));
                }
            };
            let (message_id, subject) = header_facts(&raw);
            let what = subject
                .clone()
                .unwrap_or_else(|| "(không có tiêu đề)".into());
            let Some(message_id) = message_id else {
                return Err(Ok(Refusal {
                    what,
                    reason: "thư không có Message-ID nên không xác định được văn bản đã gửi".into(),
                }));
            };
            allowed(context, &message_id, &asker, what, request.state).await
        }
        RecallKind::Admin => {
            let (Some(message_id), Some(asker)) = (request.message_id.clone(), asker) else {
                return Err(Ok(Refusal {
                    what: format!("yêu cầu {}", request.id),
                    reason: "yêu cầu không đầy đủ".into(),
                }));
            };
            let what = format!("<{message_id}>");
            allowed(context, &message_id, &asker, what, request.state).await
        }
        RecallKind::Remote => {
            let (Some(message_id), Some(requester)) =
                (request.message_id.clone(), request.requester.clone())
            else {
                return Err(Ok(Refusal {
                    what: format!("yêu cầu {}", request.id),
                    reason: "yêu cầu không đầy đủ".into(),
                }));
            };
            let store = context.store.clone();
            let mid = message_id.clone();
            let docs = blocking(move || store.recallable(&mid, false))
                .await
                .map_err(Err)?;
            // The pipeline checked this before writing the request; checked again here,
            // since the request outlives the check.
            match docs.into_iter().find(|d| d.sender == requester) {
                Some(document) => Ok(Decided {
                    document,
                    by: requester,
                    asker: None,
                    keep: None,
                }),
                None => Err(Ok(Refusal {
                    what: format!("<{message_id}>"),
                    reason: "không phải văn bản do người yêu cầu gửi đến".into(),
                })),
            }
        }
    }
}

/// The document `message_id` sent from here, if `asker` may recall it.
async fn allowed(
    context: &Context,
    message_id: &str,
    asker: &storage::Account,
    what: String,
    state: RecallState,
) -> Result<Decided, Result<Refusal, String>> {
    let store = context.store.clone();
    let mid = message_id.to_string();
    let docs = blocking(move || store.recallable(&mid, true))
        .await
        .map_err(Err)?;
    let Some(document) = docs.into_iter().next() else {
        return Err(Ok(Refusal {
            what,
            reason: "thư này không phải là văn bản hành chính đã gửi đi từ hệ thống (không có \
                     trong sổ đăng ký văn bản đi)"
                .into(),
        }));
    };
    // A request resumed after its copies were taken out finds the document recalled by
    // itself: only its notices are still owed.
    if let Some(at) = document.recalled_at.filter(|_| state != RecallState::Moved) {
        return Err(Ok(Refusal {
            what,
            reason: format!(
                "văn bản đã được thu hồi trước đó, lúc {}",
                crate::dates::human_date_vi(at)
            ),
        }));
    }
    let may = match document.sender_account {
        Some(sender) => {
            let store = context.store.clone();
            let asker_id = asker.id;
            blocking(move || store.may_recall(asker_id, sender))
                .await
                .map_err(Err)?
        }
        None => false,
    };
    if !may {
        return Err(Ok(Refusal {
            what,
            reason: format!(
                "văn bản do {} gửi; chỉ người gửi hoặc văn thư của cơ quan gửi mới được thu hồi",
                document.sender
            ),
        }));
    }
    Ok(Decided {
        keep: document.sender_account,
        by: asker.address.clone(),
        asker: Some(asker.address.clone()),
        document,
    })
}

async fn refuse(context: &Context, request: &RecallRequest, refusal: Refusal) {
    tracing::info!(
        request = request.id,
        kind = ?request.kind,
        what = %refusal.what,
        reason = %refusal.reason,
        "recall refused"
    );
    let to = match request.account {
        Some(a) => {
            let store = context.store.clone();
            blocking(move || store.get_account_by_id(a))
                .await
                .ok()
                .map(|a| a.address)
        }
        None => None,
    };
    if let Some(to) = to {
        let m = notice::refusal(
            &context.hostname,
            &to,
            &refusal.what,
            &refusal.reason,
            storage::now(),
        );
        if let Err(e) = context.outbox.deliver_notice(&to, m).await {
            tracing::warn!(request = request.id, %to, error = %e, "recall refusal not delivered");
        }
    }
    let outcome = serde_json::json!({ "refused": refusal.reason }).to_string();
    let store = context.store.clone();
    let id = request.id;
    if let Err(e) = blocking(move || store.finish_recall(id, RecallState::Refused, &outcome)).await
    {
        tracing::warn!(request = id, error = %e, "recall request not closed");
    }
}

/// Message-ID (bare) and decoded Subject of a message.
pub(crate) fn header_facts(raw: &[u8]) -> (Option<String>, Option<String>) {
    let parsed = mail_parser::MessageParser::new().parse_headers(raw);
    let id = parsed
        .as_ref()
        .and_then(|m| m.message_id())
        .map(|s| storage::bare_message_id(s).to_string())
        .filter(|s| !s.is_empty());
    let subject = parsed
        .as_ref()
        .and_then(|m| m.subject())
        .map(crate::notices::clean_line);
    (id, subject)
}

/// Records an official document for a later recall: called after commit for every official
/// document submitted here or received from elsewhere. Only buffered here (written with the
/// register's next flush, `Store::record_recallable`), so neither a blocking task nor a wait.
/// Its Message-ID, From and subject come from the delivery's one parse (`exchange`).
pub fn record(
    store: &Store,
    exchange: &crate::delivery::plan::Exchange,
    doc_type: Option<String>,
    number: Option<String>,
) {
    let sender_account = exchange.account;
    let remote_recipients = exchange.remote.clone();
    let subject = exchange.subject.as_deref();
    let from = exchange.from_address.as_deref();
    let Some(message_id) = exchange
        .message_id
        .as_deref()
        .map(|s| storage::bare_message_id(s).to_string())
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    let Some(from) = from.map(str::to_lowercase) else {
        return;
    };
    let document = RecallableDocument {
        message_id,
        sent: sender_account.is_some(),
        sender: from,
        sender_account,
        doc_type,
        number,
        subject: subject.map(crate::notices::clean_line),
        remote_recipients,
        at: storage::now(),
        recalled_at: None,
        recalled_by: None,
    };
    if let Err(e) = store.record_recallable(document) {
        tracing::warn!(error = %e, "official document not recorded for recall");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use storage::{DeliveryTarget, MessageMeta, RecallKind, RecallState, RecallableDocument};

    use super::*;

    const RAW: &str = "From: annv@x.gov.vn\r\nTo: b@x.gov.vn\r\nSubject: Giấy mời\r\n\
                       Message-ID: <gm1@x.gov.vn>\r\n\r\nSố: 1/GM-UB\r\n";

    /// A crash after the copies were taken out and before the notices: the resumed request
    /// sends them, instead of refusing a document "already recalled" (by itself).
    #[tokio::test]
    async fn a_request_resumed_after_the_copies_are_out_sends_its_notices() {
        let (_dir, store) = crate::test_support::store_with_annv();
        let annv = store.get_account("annv@x.gov.vn").unwrap().id;
        let b = store
            .create_account(storage::NewAccount {
                address: "b@x.gov.vn".into(),
                display_name: "B".into(),
                agency_code: "UB".into(),
                kind: storage::AccountKind::Personal,
                password_hash: "x".into(),
                quota: storage::Quota::default(),
            })
            .unwrap()
            .id;
        let raw: Arc<[u8]> = RAW.as_bytes().into();
        store
            .deliver(
                raw.clone(),
                MessageMeta::parse(&raw),
                storage::now(),
                vec![DeliveryTarget::inbox(b)],
            )
            .unwrap();
        store
            .record_recallable(RecallableDocument {
                message_id: "gm1@x.gov.vn".into(),
                sent: true,
                sender: "annv@x.gov.vn".into(),
                sender_account: Some(annv),
                doc_type: None,
                number: Some("1/GM-UB".into()),
                subject: None,
                remote_recipients: vec![],
                at: 0,
                recalled_at: None,
                recalled_by: None,
            })
            .unwrap();
        let id = store
            .request_recall(RecallKind::Admin, Some(annv), "gm1@x.gov.vn", None)
            .unwrap();
        store
            .take_out_copies(
                id,
                "gm1@x.gov.vn",
                "annv@x.gov.vn",
                Some(annv),
                "annv@x.gov.vn",
            )
            .unwrap();
        // "Crash": the request is left `moved`.
        let request = store.recall_request(id).unwrap();
        assert_eq!(request.state, RecallState::Moved);
        let context = Context {
            hostname: "mx.x.gov.vn".into(),
            store: store.clone(),
            outbox: Outbox::new(store.clone(), Arc::new(tokio::sync::Notify::new())),
            wake: Arc::new(tokio::sync::Notify::new()),
            poll: POLL,
        };
        process(&context, request).await;
        assert_eq!(store.recall_request(id).unwrap().state, RecallState::Done);
        let inbox = store.get_mailbox(b, "INBOX").unwrap();
        let subjects: Vec<_> = store
            .messages(b, inbox.id, 1..=u32::MAX)
            .unwrap()
            .into_iter()
            .filter_map(|m| m.meta.subject)
            .collect();
        assert_eq!(subjects, ["Văn bản số 1/GM-UB đã bị thu hồi"]);
    }
}
