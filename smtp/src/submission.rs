//! What the message submission agent (RFC 6409) checks and adds to a submitted message.

use mail_parser::{HeaderName, MessageParser};

use crate::reply::{self, Reply};

/// The author fields must name only addresses the account may use (its own, its
/// aliases); otherwise 553 5.7.1, as for the envelope sender.
///
/// RFC 5322 §3.6 allows one From: and at most one Sender:, each a mailbox-list read one
/// way only ([`storage::structure::mailbox_list`]): a second From:, or a field a client
/// could read differently from this check (`giamdoc@x <alice@x>`), is refused with 550
/// 5.6.0, since the recipient's ENVELOPE and mail client would show another author. A
/// message without From: is refused too.
pub fn check_from(body: &[u8], senders: &[String], account: &str) -> Result<(), Reply> {
    let bad = |text: String| Err(Reply::new(550, reply::SE_BAD_CONTENT, text));
    let [from, sender] = storage::structure::header_fields(body, ["From", "Sender"]);
    match from.len() {
        0 => return bad("the message has no From: header".into()),
        1 => {}
        n => {
            return bad(format!(
                "the message has {n} From: headers; RFC 5322 allows one"
            ));
        }
    }
    if sender.len() > 1 {
        let n = sender.len();
        return bad(format!(
            "the message has {n} Sender: headers; RFC 5322 allows one"
        ));
    }
    for (name, value) in
        std::iter::once(("From", &from[0])).chain(sender.iter().map(|v| ("Sender", v)))
    {
        let Some(addresses) = storage::structure::mailbox_list(value) else {
            return bad(format!(
                "the {name}: header is not a plain list of addresses \
                 (write it as \"Name\" <address>)"
            ));
        };
        if name == "Sender" && addresses.len() != 1 {
            return bad("the Sender: header must hold exactly one address".into());
        }
        for address in addresses {
            let address = address.trim().to_lowercase();
            if !senders.contains(&address) {
                return Err(Reply::new(
                    553,
                    reply::SE_SENDER_NOT_OWNED,
                    format!("{account} may not send as {name}: <{address}>"),
                ));
            }
        }
    }
    Ok(())
}

/// RFC 6409 §8.2–8.3: the MSA may add a missing Date: and Message-ID:.
pub fn complete_header(body: Vec<u8>, hostname: &str) -> Vec<u8> {
    let (has_date, has_id) = match MessageParser::new().parse_headers(&body[..]) {
        Some(m) => (
            m.header(HeaderName::Date).is_some(),
            m.header(HeaderName::MessageId).is_some(),
        ),
        None => (true, true),
    };
    if has_date && has_id {
        return body;
    }
    let now = storage::now();
    let mut extra = String::new();
    if !has_date {
        extra.push_str(&format!("Date: {}\r\n", crate::dates::rfc5322_date(now)));
    }
    if !has_id {
        extra.push_str(&format!("Message-ID: <{}@{hostname}>\r\n", unique_id(now)));
    }
    let mut out = Vec::with_capacity(extra.len() + body.len());
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&body);
    out
}

/// A value unique to this host: time, process and a counter, plus hashed randomness.
pub fn unique_id(now: i64) -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(n);
    format!(
        "{now:x}.{:x}.{n:x}.{:08x}",
        std::process::id(),
        h.finish() as u32
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn senders() -> Vec<String> {
        vec!["annv@x.gov.vn".into(), "vanphong@x.gov.vn".into()]
    }

    #[test]
    fn from_must_belong_to_the_account() {
        let ok = b"From: \"Nguy\xe1\xbb\x85n V\xc4\x83n An\" <AnNV@x.gov.vn>\r\n\r\nbody";
        assert!(check_from(ok, &senders(), "annv@x.gov.vn").is_ok());
        let alias = b"From: vanphong@x.gov.vn\r\n\r\nbody";
        assert!(check_from(alias, &senders(), "annv@x.gov.vn").is_ok());
        let other = b"From: giamdoc@x.gov.vn\r\n\r\nbody";
        let err = check_from(other, &senders(), "annv@x.gov.vn").unwrap_err();
        assert_eq!((err.code, err.status), (553, Some("5.7.1")));
        let two = b"From: annv@x.gov.vn, giamdoc@x.gov.vn\r\n\r\nbody";
        assert!(check_from(two, &senders(), "annv@x.gov.vn").is_err());
        // Two From: fields: the check read the last, the recipient's ENVELOPE the first.
        let twice = b"From: giamdoc@x.gov.vn\r\nFrom: annv@x.gov.vn\r\n\r\nbody";
        let err = check_from(twice, &senders(), "annv@x.gov.vn").unwrap_err();
        assert_eq!((err.code, err.status), (550, Some("5.6.0")));
        // An address as an unquoted display name: read as giamdoc by the ENVELOPE.
        let ambiguous = b"From: giamdoc@x.gov.vn <annv@x.gov.vn>\r\n\r\nbody";
        let err = check_from(ambiguous, &senders(), "annv@x.gov.vn").unwrap_err();
        assert_eq!((err.code, err.status), (550, Some("5.6.0")));
        let quoted = b"From: \"giamdoc@x.gov.vn\" <annv@x.gov.vn>\r\n\r\nbody";
        assert!(check_from(quoted, &senders(), "annv@x.gov.vn").is_ok());
        // Sender: is checked like From:, and only one is allowed.
        let sender = b"From: annv@x.gov.vn\r\nSender: giamdoc@x.gov.vn\r\n\r\nbody";
        let err = check_from(sender, &senders(), "annv@x.gov.vn").unwrap_err();
        assert_eq!((err.code, err.status), (553, Some("5.7.1")));
        let own = b"From: vanphong@x.gov.vn\r\nSender: annv@x.gov.vn\r\n\r\nbody";
        assert!(check_from(own, &senders(), "annv@x.gov.vn").is_ok());
        let senders2 =
            b"From: annv@x.gov.vn\r\nSender: annv@x.gov.vn\r\nSender: annv@x.gov.vn\r\n\r\nb";
        assert_eq!(
            check_from(senders2, &senders(), "annv@x.gov.vn")
                .unwrap_err()
                .code,
            550
        );
        let none = b"Subject: no author\r\n\r\nbody";
        assert_eq!(
            check_from(none, &senders(), "annv@x.gov.vn")
                .unwrap_err()
                .code,
            550
        );
    }

    #[test]
    fn missing_date_and_message_id_are_added_once() {
        let out = complete_header(b"From: a@x.gov.vn\r\n\r\nbody".to_vec(), "mail.x.gov.vn");
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.starts_with("Date: "), "{text}");
        assert!(text.contains("@mail.x.gov.vn>\r\n"));
        assert_eq!(complete_header(out.clone(), "mail.x.gov.vn"), out);
    }
}
