//! Stage 1, accept: what the session hands over ([`Accepted`]) becomes the [`Message`] on
//! its way, after the loop check (RFC 5321 §6.3) and with our `Received:` trace field
//! (RFC 5321 §4.4) ready to go on top.

use storage::NewQueueRecipient;

use crate::dates::rfc5322_date;
use crate::reply::{self, Reply};

/// RFC 5321 §6.3: a message that has passed this many relays is looping.
pub const MAX_HOPS: usize = 50;

/// What the session knows about the message it hands over: the envelope, and the content
/// as received (size-capped, dot-unstuffed; for submission with `Date:`/`Message-ID:`
/// completed).
pub struct Accepted {
    pub envelope: Envelope,
    pub body: Vec<u8>,
}

/// The transaction's envelope and what the session learnt about the client.
pub struct Envelope {
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
}

/// The message on its way through the stages.
pub struct Message {
    pub envelope: Envelope,
    /// The content as received, without our header fields.
    pub body: Vec<u8>,
    /// Header fields we put on top of `body` when it is stored, in order, each ending in
    /// CRLF: `Received:`, then `Authentication-Results:` (authenticate), then the document
    /// classification (plan).
    pub fields: Vec<String>,
    /// When the message was accepted (Unix seconds): the trace field's date, the stored
    /// internal date, and the clock of Sieve and notices.
    pub now: i64,
}

/// Accepts the message at `now`: refuses a looping one (554 5.4.6), writes the trace field.
pub fn accept(accepted: Accepted, hostname: &str, now: i64) -> Result<Message, Reply> {
    let Accepted { envelope, body } = accepted;
    if hop_count(&body) >= MAX_HOPS {
        return Err(Reply::new(
            554,
            reply::SE_LOOP,
            "too many hops: mail loop detected",
        ));
    }
    let received = received_field(&envelope, hostname, now);
    Ok(Message {
        envelope,
        body,
        fields: vec![received],
        now,
    })
}

/// Our `Received:` field.
fn received_field(envelope: &Envelope, hostname: &str, now: i64) -> String {
    // RFC 3848: ESMTPS with TLS, ESMTPA / ESMTPSA when authenticated.
    let protocol = match (
        envelope.esmtp,
        envelope.tls,
        envelope.authenticated.is_some(),
    ) {
        (true, true, true) => "ESMTPSA",
        (true, false, true) => "ESMTPA",
        (true, true, false) => "ESMTPS",
        (true, false, false) => "ESMTP",
        (false, _, _) => "SMTP",
    };
    // RFC 5321 §4.4: the Received field goes on top; "for" only with a single recipient.
    let for_clause = match (envelope.recipients.as_slice(), envelope.remote.as_slice()) {
        ([(_, address)], []) => format!("\r\n\tfor <{address}>"),
        ([], [r]) => format!("\r\n\tfor <{}>", r.address),
        _ => String::new(),
    };
    format!(
        "Received: from {} ([{}])\r\n\tby {hostname} (govmail) with {protocol}{for_clause};\r\n\t{}\r\n",
        sanitize(&envelope.helo),
        envelope.peer.ip(),
        rfc5322_date(now)
    )
}

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

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
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
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn accepted(body: Vec<u8>) -> Accepted {
        Accepted {
            envelope: Envelope {
                helo: "client\r\nexample".into(),
                peer: "10.9.9.9:4000".parse().unwrap(),
                tls: true,
                esmtp: true,
                authenticated: None,
                sender_agencies: Vec::new(),
                mail_from: "a@example.com".into(),
                envid: None,
                ret_full: false,
                recipients: vec![(1, "annv@x.gov.vn".into())],
                remote: Vec::new(),
            },
            body,
        }
    }

    /// The trace field names the client (HELO cleaned), the protocol (RFC 3848) and the
    /// single recipient (RFC 5321 §4.4), and the body is not touched.
    #[test]
    fn the_trace_field_goes_first() {
        let m = accept(accepted(b"Subject: s\r\n\r\nx".to_vec()), "mx.x.gov.vn", 0).unwrap();
        assert_eq!(
            m.fields,
            [
                "Received: from clientexample ([10.9.9.9])\r\n\tby mx.x.gov.vn (govmail) with ESMTPS\r\n\tfor <annv@x.gov.vn>;\r\n\tThu, 01 Jan 1970 07:00:00 +0700\r\n"
            ]
        );
        assert_eq!(m.body, b"Subject: s\r\n\r\nx");
    }

    /// RFC 5321 §6.3: a message that has passed MAX_HOPS relays is refused as a loop.
    #[test]
    fn a_looping_message_is_refused() {
        let body = "Received: x\r\n".repeat(MAX_HOPS) + "\r\nbody";
        let reply = accept(accepted(body.into_bytes()), "mx.x.gov.vn", 0)
            .err()
            .unwrap();
        assert_eq!((reply.code, reply.status), (554, Some(reply::SE_LOOP)));
    }

    #[test]
    fn counts_received_fields_in_the_header_only() {
        let m = b"Received: a\r\nreceived: b\r\nSubject: x\r\n\r\nReceived: in body\r\n";
        assert_eq!(hop_count(m), 2);
    }
}
