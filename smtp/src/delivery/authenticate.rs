//! Stage 2, authenticate the sender: SPF, DKIM and DMARC of mail from another server
//! (RFC 7208, 6376, 7489), recorded in `Authentication-Results:` (RFC 8601). A DMARC
//! `p=reject` refuses the message here; `p=quarantine` marks it suspicious (Junk, and no
//! Sieve redirect or vacation reply).
//!
//! Submission's own check (the From/Sender belong to the account, RFC 6409 §8) is made by
//! the session before delivery starts (`submission::check_from`), not here.

use crate::mailauth::{DmarcAction, Verifier};
use crate::reply::{self, Reply};

use super::accept::{Message, find};

/// The message after the sender checks.
pub struct Authenticated {
    /// With our `Authentication-Results:` added to its fields when the checks ran.
    pub message: Message,
    /// DMARC asked for quarantine (RFC 7489 §6.3): delivered into Junk, and the sender is
    /// likely forged, so Sieve sends no redirect and no vacation reply.
    pub suspicious: bool,
}

/// Checks the sender of inbound mail with `verifier` (None: checks off). Mail from our own
/// users (authenticated) and from loopback clients (scripts, a local webmail) is not
/// checked, as policyd-spf does by default.
pub async fn authenticate(
    verifier: Option<&Verifier>,
    hostname: &str,
    mut message: Message,
) -> Result<Authenticated, Reply> {
    let envelope = &message.envelope;
    let (None, Some(verifier)) = (envelope.authenticated, verifier) else {
        return Ok(Authenticated {
            message,
            suspicious: false,
        });
    };
    if envelope.peer.ip().is_loopback() {
        return Ok(Authenticated {
            message,
            suspicious: false,
        });
    }
    // RFC 8601 §5: a header claiming to be ours, added by someone else, is removed.
    let body = strip_auth_results(std::mem::take(&mut message.body), hostname);
    let verdict = verifier
        .verify(
            &body,
            envelope.peer.ip(),
            &envelope.helo,
            &envelope.mail_from,
            hostname,
        )
        .await;
    let suspicious = match verdict.dmarc {
        DmarcAction::Reject => {
            tracing::info!(from = %envelope.mail_from, peer = %envelope.peer, "refused by the sender domain's DMARC policy");
            return Err(Reply::new(
                550,
                reply::SE_DMARC,
                "rejected: the sender's domain asks for this (DMARC policy reject)",
            ));
        }
        DmarcAction::Quarantine => true,
        DmarcAction::None => false,
    };
    message.body = body;
    message.fields.push(verdict.header);
    Ok(Authenticated {
        message,
        suspicious,
    })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::delivery::accept::Envelope;

    /// A message from `peer`, submitted by account 1 when `submitted`, with our trace field.
    fn message(peer: &str, submitted: bool) -> Message {
        Message {
            envelope: Envelope {
                helo: "client.example".into(),
                peer: peer.parse().unwrap(),
                tls: false,
                esmtp: true,
                authenticated: submitted.then_some(1),
                sender_agencies: Vec::new(),
                mail_from: "a@example.com".into(),
                envid: None,
                ret_full: false,
                recipients: Vec::new(),
                remote: Vec::new(),
            },
            body: b"Authentication-Results: mx.x.gov.vn; spf=pass\r\n\r\nx".to_vec(),
            fields: vec!["Received: x\r\n".into()],
            now: 0,
        }
    }

    /// Our users' mail and loopback clients are not checked: no DNS query, no result field,
    /// the body as it came (a nameserver that never answers would cost the whole budget).
    #[tokio::test]
    async fn submissions_and_loopback_clients_are_not_checked() {
        let verifier = Verifier::with_nameserver("127.0.0.1:9".parse().unwrap()).unwrap();
        for (peer, submitted) in [("10.9.9.9:4000", true), ("127.0.0.1:4000", false)] {
            let started = std::time::Instant::now();
            let a = authenticate(Some(&verifier), "mx.x.gov.vn", message(peer, submitted))
                .await
                .unwrap();
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
            assert_eq!(a.message.fields, ["Received: x\r\n"]);
            assert!(a.message.body.starts_with(b"Authentication-Results:"));
            assert!(!a.suspicious);
        }
    }

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
}
