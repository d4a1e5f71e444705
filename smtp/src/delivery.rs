//! Local delivery of an accepted message: trace header, loop check, one storage transaction
//! for every local recipient. The reply is positive only once the message is durable.

use std::sync::Arc;

use storage::{DeliveryTarget, MessageMeta, NewQueueEntry, NewQueueRecipient, StorageError};

use crate::Smtp;

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

/// Formats a time as an RFC 5322 date in Vietnam time (`Sat, 21 Nov 2026 17:05:00 +0700`).
pub fn rfc5322_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = storage::VnTime::from_unix(unix);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0700",
        DAYS[t.weekday as usize],
        t.day,
        MONTHS[(t.month - 1) as usize],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

/// What the session knows about the message it hands over.
pub struct Accepted {
    pub helo: String,
    pub peer: std::net::SocketAddr,
    pub tls: bool,
    pub esmtp: bool,
    /// The submitting account, when the client authenticated.
    pub authenticated: Option<storage::AccountId>,
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
pub async fn deliver(smtp: &Smtp, accepted: Accepted) -> Reply {
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
    let mut raw = Vec::with_capacity(received.len() + accepted.body.len());
    raw.extend_from_slice(received.as_bytes());
    raw.extend_from_slice(&accepted.body);
    let raw: Arc<[u8]> = raw.into();
    let targets: Vec<DeliveryTarget> = accepted
        .recipients
        .iter()
        .map(|(account, _)| DeliveryTarget::inbox(*account))
        .collect();
    let outbound = (!accepted.remote.is_empty()).then(|| NewQueueEntry {
        sender: accepted.mail_from.clone(),
        envid: accepted.envid.clone(),
        ret_full: accepted.ret_full,
        account: accepted.authenticated,
        recipients: accepted.remote,
    });
    let store = smtp.store.clone();
    let result = tokio::task::spawn_blocking(move || {
        let meta = MessageMeta::parse(&raw);
        store.deliver_and_queue(raw, meta, now, targets, outbound)
    })
    .await;
    match result {
        Ok(Ok((delivered, queued))) => {
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
    fn dates_are_rfc5322_in_vietnam_time() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 07:00:00 +0700");
        assert_eq!(
            rfc5322_date(1_793_667_600),
            "Tue, 03 Nov 2026 08:00:00 +0700"
        );
    }

    #[test]
    fn counts_received_fields_in_the_header_only() {
        let m = b"Received: a\r\nreceived: b\r\nSubject: x\r\n\r\nReceived: in body\r\n";
        assert_eq!(hop_count(m), 2);
    }
}
