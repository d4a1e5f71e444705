//! Recall notices from other servers (`X-Govmail-Recall: <Message-ID>`): honoured only when
//! the notice carries a DKIM signature that verifies for the From's domain (aligned, as in
//! RFC 7489 §3.1.1 relaxed mode) and its From is the address the document came from, as
//! recorded when the document was delivered here. Anything else is delivered as an ordinary
//! message with an `X-Govmail-Recall-Refused` field saying why, and logged: never acted on.
//! The check does its own DKIM verification, because the delivery's SPF/DKIM/DMARC step is
//! skipped for loopback peers and only records a header.

use mail_parser::MessageParser;

use crate::Smtp;
use crate::delivery::Authenticated;

use super::notice::{RECALL_HEADER, REFUSED_HEADER};

/// Most messages have no recall field: look for its name in the header before parsing.
fn mentions_recall(raw: &[u8]) -> bool {
    let end = crate::delivery::accept::find(raw, b"\r\n\r\n").unwrap_or(raw.len());
    let needle = b"x-govmail-recall:";
    raw[..end]
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// What a recall notice asks, read from its header.
#[derive(Debug, PartialEq, Eq)]
pub struct Notice {
    /// The recalled document's Message-ID, bare.
    pub message_id: String,
    /// The notice's one From address, lowercase.
    pub from: String,
}

/// The notice's target and author; `Err` with the reason when the fields are unusable.
pub fn read_notice(raw: &[u8]) -> Option<Result<Notice, &'static str>> {
    if !mentions_recall(raw) {
        return None;
    }
    let parsed = MessageParser::new().parse_headers(raw)?;
    let value = parsed.header_raw(RECALL_HEADER)?;
    let message_id = storage::bare_message_id(value).to_string();
    if message_id.is_empty() || message_id.len() > 250 || message_id.contains(char::is_whitespace) {
        return Some(Err("the recall field does not hold one Message-ID"));
    }
    let from = match parsed.from().and_then(|a| a.as_list()) {
        Some([one]) => one.address(),
        _ => None,
    };
    let Some(from) = from else {
        return Some(Err("the notice has not exactly one From address"));
    };
    Some(Ok(Notice {
        message_id,
        from: from.to_lowercase(),
    }))
}

/// Whether a DKIM domain `d` is aligned with the From domain (relaxed: equal, or `d` a
/// parent domain of it below the public suffix, approximated by "at least three labels":
/// `x.gov.vn` may sign for `ubnd.x.gov.vn`, `gov.vn` may not).
pub fn aligned(from_domain: &str, d: &str) -> bool {
    let from_domain = from_domain.to_lowercase();
    let d = d.trim_end_matches('.').to_lowercase();
    from_domain == d || (d.matches('.').count() >= 2 && from_domain.ends_with(&format!(".{d}")))
}

/// Checks an inbound message that carries a recall field. An honoured one becomes a recall
/// request (done by the worker); a refused one gets the refusal field. The message is
/// delivered either way, as the human-readable notice it is.
pub async fn check(smtp: &Smtp, mut authenticated: Authenticated) -> Authenticated {
    let message = &mut authenticated.message;
    // Our own users' submissions are never recall notices to act on.
    if message.envelope.authenticated.is_some() {
        return authenticated;
    }
    let Some(notice) = read_notice(&message.body) else {
        return authenticated;
    };
    let peer = message.envelope.peer;
    let verdict = match notice {
        Err(reason) => Err(reason.to_string()),
        Ok(notice) => decide(smtp, &message.body, &notice).await.map(|()| notice),
    };
    match verdict {
        Ok(notice) => {
            let store = smtp.store.clone();
            let (mid, from) = (notice.message_id.clone(), notice.from.clone());
            let written = tokio::task::spawn_blocking(move || {
                store.request_recall(storage::RecallKind::Remote, None, &mid, Some(&from))
            })
            .await;
            match written {
                Ok(Ok(id)) => tracing::info!(
                    request = id,
                    message_id = %notice.message_id,
                    from = %notice.from,
                    %peer,
                    "recall notice accepted"
                ),
                Ok(Err(e)) => {
                    tracing::error!(error = %e, message_id = %notice.message_id, "recall request not written");
                    message.fields.push(format!(
                        "{REFUSED_HEADER}: not recorded (temporary failure)\r\n"
                    ));
                }
                Err(e) => tracing::error!(error = %e, "recall request task failed"),
            }
        }
        Err(reason) => {
            tracing::warn!(
                %peer,
                mail_from = %message.envelope.mail_from,
                %reason,
                "recall notice refused: delivered as an ordinary message, not acted on"
            );
            message
                .fields
                .push(format!("{REFUSED_HEADER}: {}\r\n", ascii_line(&reason)));
        }
    }
    authenticated
}

/// `Ok` when the notice may be acted on; `Err(reason)` otherwise.
async fn decide(smtp: &Smtp, raw: &[u8], notice: &Notice) -> Result<(), String> {
    let store = smtp.store.clone();
    let mid = notice.message_id.clone();
    let docs = tokio::task::spawn_blocking(move || store.recallable(&mid, false))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    if docs.is_empty() {
        return Err("no official document with this Message-ID was received here".into());
    }
    if !docs.iter().any(|d| d.sender == notice.from) {
        return Err(format!(
            "the notice's From ({}) is not the document's sender",
            notice.from
        ));
    }
    let Some(verifier) = smtp.verifier.as_ref() else {
        return Err("DKIM cannot be verified here (no resolver configured)".into());
    };
    let from_domain = notice.from.rsplit_once('@').map_or("", |(_, d)| d);
    let domains = verifier.dkim_pass_domains(raw).await;
    if !domains.iter().any(|d| aligned(from_domain, d)) {
        return Err(format!(
            "no valid DKIM signature of the sender's domain {from_domain}"
        ));
    }
    Ok(())
}

fn ascii_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_names_its_document_and_author() {
        let raw =
            b"From: A <VanThu@ubnd.x.gov.vn>\r\nX-Govmail-Recall: <abc@ubnd.x.gov.vn>\r\n\r\nx";
        assert_eq!(
            read_notice(raw),
            Some(Ok(Notice {
                message_id: "abc@ubnd.x.gov.vn".into(),
                from: "vanthu@ubnd.x.gov.vn".into(),
            }))
        );
        assert_eq!(
            read_notice(b"From: a@b\r\nSubject: x\r\n\r\nX-Govmail-Recall: <a@b>"),
            None
        );
        assert!(matches!(
            read_notice(b"From: a@b, c@d\r\nX-Govmail-Recall: <a@b>\r\n\r\n"),
            Some(Err(_))
        ));
    }

    #[test]
    fn alignment_is_relaxed_but_not_loose() {
        assert!(aligned("ubnd.x.gov.vn", "ubnd.x.gov.vn"));
        assert!(aligned("ubnd.x.gov.vn", "x.gov.vn"));
        assert!(!aligned("x.gov.vn", "ubnd.x.gov.vn"));
        assert!(!aligned("evilx.gov.vn", "x.gov.vn"));
        assert!(!aligned("x.gov.vn", "vn"));
        assert!(!aligned("x.gov.vn", "gov.vn"));
    }
}
