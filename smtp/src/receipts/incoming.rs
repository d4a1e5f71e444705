//! What delivery's one parse tells about receipts: whether a message is automatic (never to
//! be answered with a receipt), and whether it is a receipt from another govmail, whose
//! machine-readable part updates the sender's register entry.

use mail_parser::{Message, MessageParser, MimeHeaders};

use super::message::{FIELD_AGENCY, FIELD_NUMBER, FIELD_RECIPIENTS, REPORTING_PRODUCT};

/// Most recipients one receipt may name (a longer list is cut: it is only ever one agency's).
const MAX_RECIPIENTS: usize = 100;

/// What the parse found, for the after-commit stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Never answered with a receipt: `Auto-Submitted` other than `no` (RFC 3834 §5: a
    /// response to an automatic message is not sent), or a report (`multipart/report`: a
    /// DSN, an MDN; RFC 8098 §2.1: an MDN is never sent in answer to an MDN).
    pub automatic: bool,
    /// The message is one of our receipts.
    pub receipt: Option<IncomingReceipt>,
}

/// A receipt from a govmail server, as its `message/disposition-notification` part says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingReceipt {
    /// Without angle brackets.
    pub original_message_id: String,
    /// Final-Recipient and the recipients our extension field lists, lowercase.
    pub recipients: Vec<String>,
    /// The agency's name, else its code.
    pub agency: Option<String>,
    pub number: Option<String>,
    /// Disposition type `displayed`.
    pub read: bool,
}

/// Reads the marks of a parsed message: header lookups only, unless the message is a
/// disposition report, whose report part is then parsed.
pub fn inspect(m: &Message<'_>) -> Marks {
    let auto_submitted = m
        .header_raw("Auto-Submitted")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no") && !v.trim().is_empty());
    let report = m.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let receipt = if report
        && m.content_type()
            .and_then(|c| c.attribute("report-type"))
            .is_some_and(|t| t.eq_ignore_ascii_case("disposition-notification"))
    {
        disposition_part(m).and_then(parse_fields)
    } else {
        None
    };
    Marks {
        automatic: auto_submitted || report,
        receipt,
    }
}

/// The bytes of the first `message/disposition-notification` part.
fn disposition_part<'a>(m: &'a Message<'_>) -> Option<&'a [u8]> {
    m.parts.iter().find_map(|p| {
        let c = p.content_type()?;
        (c.ctype().eq_ignore_ascii_case("message")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("disposition-notification")))
        .then(|| p.contents())
    })
}

/// The fields of a disposition report (RFC 8098 §3.1: header-like fields), when it is ours:
/// `Reporting-UA` names govmail and our document number field is there.
pub fn parse_fields(fields: &[u8]) -> Option<IncomingReceipt> {
    let parsed = MessageParser::default().parse_headers(fields)?;
    let text = |name: &str| -> Option<String> {
        parsed
            .header(name)
            .and_then(|h| h.as_text())
            .map(|t| decode_words(t.trim()))
            .filter(|t| !t.is_empty())
    };
    let ua = text("Reporting-UA")?;
    let product = ua.split_once(';').map(|(_, p)| p.trim())?;
    if !product.eq_ignore_ascii_case(REPORTING_PRODUCT) {
        return None;
    }
    let number = text(FIELD_NUMBER);
    number.as_ref()?;
    let original_message_id = text("Original-Message-ID")?
        .trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace())
        .to_string();
    if original_message_id.is_empty() {
        return None;
    }
    let disposition = text("Disposition")?;
    // `action-mode/sending-mode; disposition-type[/modifier]` (RFC 8098 §3.2.6).
    let kind = disposition.split_once(';').map(|(_, t)| {
        t.trim()
            .split('/')
            .next()
            .unwrap_or("")
            .trim()
            .to_lowercase()
    })?;
    let read = match kind.as_str() {
        "displayed" => true,
        "processed" => false,
        _ => return None,
    };
    let mut recipients: Vec<String> = Vec::new();
    let mut add = |address: &str| {
        let a = address.trim().to_lowercase();
        if a.contains('@') && !recipients.contains(&a) && recipients.len() < MAX_RECIPIENTS {
            recipients.push(a);
        }
    };
    if let Some(f) = text("Final-Recipient") {
        add(f.split_once(';').map_or(f.as_str(), |(_, a)| a));
    }
    if let Some(list) = text(FIELD_RECIPIENTS) {
        list.split(',').for_each(&mut add);
    }
    let agency = text(FIELD_AGENCY).and_then(|a| {
        let (code, name) = match a.split_once(';') {
            Some((code, name)) => (code.trim().to_string(), name.trim().to_string()),
            None => (a.trim().to_string(), String::new()),
        };
        [name, code].into_iter().find(|s| !s.is_empty())
    });
    Some(IncomingReceipt {
        original_message_id,
        recipients,
        agency,
        number,
        read,
    })
}

/// A field value with its RFC 2047 encoded-words decoded (our extension fields carry
/// non-ASCII values so), read as an unstructured field.
fn decode_words(value: &str) -> String {
    if !value.contains("=?") {
        return value.to_string();
    }
    let line: String = value.chars().filter(|c| !c.is_control()).collect();
    let header = format!("Subject: {line}\r\n\r\n");
    MessageParser::default()
        .parse_headers(header.as_bytes())
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or(line)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn marks(raw: &[u8]) -> Marks {
        inspect(&MessageParser::default().parse(raw).unwrap())
    }

    /// Our own receipt is recognised, with every field the register needs (the round trip
    /// of `message::receipt_message`).
    #[test]
    fn our_receipt_is_read_back() {
        let raw = super::super::message::tests::sample(Some(1_796_610_000));
        let m = marks(&raw);
        assert!(m.automatic);
        let r = m.receipt.unwrap();
        assert_eq!(r.original_message_id, "gm45.1@a.gov.vn");
        assert_eq!(r.recipients, ["vanthu@b.gov.vn", "chutich@b.gov.vn"]);
        assert_eq!(r.agency.as_deref(), Some("Ủy ban nhân dân xã Bình Sơn"));
        assert_eq!(r.number.as_deref(), Some("45/GM-UBND"));
        assert!(r.read);
        let delivered = marks(&super::super::message::tests::sample(None));
        assert!(!delivered.receipt.unwrap().read);
    }

    /// Somebody else's MDN (a client's read receipt) is automatic but not ours.
    #[test]
    fn another_mdn_is_automatic_but_not_ours() {
        let raw = b"From: a@x.gov.vn\r\nSubject: Read: hello\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n\r\n\
            --b\r\nContent-Type: text/plain\r\n\r\nread\r\n\
            --b\r\nContent-Type: message/disposition-notification\r\n\r\n\
            Reporting-UA: pc.x.gov.vn; Thunderbird\r\nFinal-Recipient: rfc822;a@x.gov.vn\r\n\
            Original-Message-ID: <1@y.gov.vn>\r\n\
            Disposition: manual-action/MDN-sent-manually; displayed\r\n\r\n--b--\r\n";
        let m = marks(raw);
        assert!(m.automatic);
        assert_eq!(m.receipt, None);
    }

    /// Auto-Submitted other than "no" is automatic; "no" and plain mail are not.
    #[test]
    fn auto_submitted_is_automatic() {
        assert!(marks(b"Auto-Submitted: auto-replied\r\nSubject: x\r\n\r\nx\r\n").automatic);
        assert!(!marks(b"Auto-Submitted: no\r\nSubject: x\r\n\r\nx\r\n").automatic);
        assert!(!marks(b"Subject: Giay moi\r\n\r\nx\r\n").automatic);
    }

    /// A field list that is ours but incomplete or odd is not taken.
    #[test]
    fn incomplete_fields_are_refused() {
        let ok = "Reporting-UA: m.b.gov.vn; govmail\r\nFinal-Recipient: rfc822;v@b.gov.vn\r\n\
                  Original-Message-ID: <d@a.gov.vn>\r\n\
                  Disposition: automatic-action/MDN-sent-automatically; processed\r\n\
                  X-Govmail-Document-Number: 45/GM-UBND\r\n\r\n";
        assert!(parse_fields(ok.as_bytes()).is_some());
        for (from, to) in [
            ("; govmail", "; other"),
            ("X-Govmail-Document-Number", "X-Other"),
            (
                "Original-Message-ID: <d@a.gov.vn>",
                "Original-Message-ID: <>",
            ),
            ("; processed", "; deleted"),
            ("; processed", ""),
        ] {
            assert_eq!(parse_fields(ok.replace(from, to).as_bytes()), None, "{to}");
        }
    }
}
