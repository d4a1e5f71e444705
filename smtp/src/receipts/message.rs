//! The receipt itself: `multipart/report; report-type=disposition-notification` (RFC 6522,
//! RFC 8098 §3) with a text part in Vietnamese then English and the machine-readable
//! `message/disposition-notification` part.
//!
//! The disposition (RFC 8098 §3.2.6):
//! - at first read, `automatic-action/MDN-sent-automatically; displayed`: the document was
//!   shown to someone reading the recipient's mailbox (§3.2.6.2 "displayed"), and the MDN was
//!   sent by the server without asking anyone (§3.2.6.1).
//! - at delivery, `automatic-action/MDN-sent-automatically; processed`: §3.2.6.2 defines
//!   "processed" as a message processed "by some sort of rules or server without being
//!   displayed to the user. The user may or may not see the message later". That is what a
//!   delivery into the agency's mailboxes is; "displayed" would claim a reading that has not
//!   happened, and "dispatched" means sent elsewhere (printed, forwarded).
//!
//! Our extension fields (RFC 8098 §3.3, `extension-field`) carry what the register needs and
//! the standard fields do not: the document's number and type, the receiving agency, and every
//! recipient of that agency the receipt covers. A value that is not ASCII (a number with Đ, an
//! agency's name) is an RFC 2047 encoded-word, so that the part stays 7-bit as
//! `message/disposition-notification` must (RFC 8098 §3.1; raw UTF-8 needs
//! `message/global-disposition-notification`, RFC 6533, which fewer clients read).

use std::borrow::Cow;

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::mime::{BodyPart, MimePart};

use crate::dates::{human_date_en, human_date_vi, rfc5322_date};

/// `Reporting-UA`'s product (RFC 8098 §3.2.1), which tells a receiving govmail that the
/// receipt is one of ours.
pub const REPORTING_PRODUCT: &str = "govmail";
pub const FIELD_NUMBER: &str = "X-Govmail-Document-Number";
pub const FIELD_TYPE: &str = "X-Govmail-Document-Type";
pub const FIELD_AGENCY: &str = "X-Govmail-Agency";
pub const FIELD_RECIPIENTS: &str = "X-Govmail-Recipients";

/// Display name of the receipts' `From:`.
const SENDER_NAME: &str = "Văn thư điện tử";

/// What one receipt says: one receiving agency, one document.
#[derive(Debug, Clone)]
pub struct Receipt<'a> {
    /// Our host name: `Reporting-UA`, `From: postmaster@…`, the Message-ID.
    pub hostname: &'a str,
    /// The document's sender (envelope sender): where the receipt goes.
    pub to: &'a str,
    /// The document's Message-ID, without angle brackets.
    pub original_message_id: Option<&'a str>,
    /// Số/ký hiệu, e.g. `45/GM-UBND`.
    pub number: Option<&'a str>,
    /// The type's id (`giay-moi`) and Vietnamese name (`Giấy mời`).
    pub type_id: Option<&'a str>,
    pub type_name: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub agency_code: Option<&'a str>,
    pub agency_name: Option<&'a str>,
    /// The agency's recipients the receipt covers; the first is `Final-Recipient`.
    pub recipients: &'a [String],
    /// When the document reached the agency's first mailbox.
    pub delivered_at: i64,
    /// The first read, for a receipt sent at first read.
    pub read_at: Option<i64>,
    pub now: i64,
}

/// Builds the receipt (CRLF line ends, `Auto-Submitted: auto-replied`, RFC 3834 §5: it
/// answers a message).
pub fn receipt_message(r: &Receipt) -> Vec<u8> {
    let host = clean(r.hostname);
    let doc_vi = describe_vi(r);
    let when_vi = human_date_vi(r.delivered_at);
    let agency = r
        .agency_name
        .or(r.agency_code)
        .map(clean)
        .unwrap_or_else(|| "Đơn vị nhận".into());
    let subject = match r.number {
        Some(n) => format!(
            "Đã nhận văn bản số {} lúc {}",
            clean(n),
            short_vi(r.delivered_at)
        ),
        None => format!("Đã nhận {doc_vi} lúc {}", short_vi(r.delivered_at)),
    };
    let subject = format!("{subject} - {agency}");
    let mut vi = format!("{agency} đã nhận {doc_vi} lúc {when_vi}.\r\n");
    if let Some(t) = r.type_name {
        vi.push_str(&format!("Loại văn bản: {}\r\n", clean(t)));
    }
    if let Some(s) = r.subject {
        vi.push_str(&format!("Trích yếu: {}\r\n", clean(s)));
    }
    if let Some(read) = r.read_at {
        vi.push_str(&format!("Đã mở đọc lúc {}.\r\n", human_date_vi(read)));
    }
    vi.push_str(&format!(
        "Người nhận: {}\r\n\r\nThông báo này do hệ thống thư điện tử công vụ gửi tự động \
         (Nghị định 30/2020/NĐ-CP, Điều 21 khoản 2: văn thư cơ quan nhận văn bản thông báo \
         cho nơi gửi trong ngày). Vui lòng không trả lời thư này.\r\n",
        r.recipients
            .iter()
            .map(|a| clean(a))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut en = format!(
        "{agency} received {} on {}.\r\n",
        describe_en(r),
        human_date_en(r.delivered_at)
    );
    if let Some(read) = r.read_at {
        en.push_str(&format!("First opened on {}.\r\n", human_date_en(read)));
    }
    en.push_str(
        "This receipt was sent automatically by the official mail system. Please do not \
         reply.\r\n",
    );
    let text = format!(
        "{vi}\r\n----------------------------------------------------------------------\r\n\r\n{en}"
    );
    let body = MimePart::new(
        ContentType::new("multipart/report").attribute("report-type", "disposition-notification"),
        vec![
            MimePart::new("text/plain", text).language("vi, en"),
            // 7bit, as RFC 8098 §3.1 registers the type: every value was made ASCII.
            MimePart::new(
                ContentType::new("message/disposition-notification"),
                BodyPart::Binary(Cow::Owned(notification_fields(r, &host).into_bytes())),
            )
            .transfer_encoding("7bit"),
        ],
    );
    let mut builder = MessageBuilder::new()
        .from(Address::new_address(
            Some(SENDER_NAME),
            format!("postmaster@{host}"),
        ))
        .to(Address::new_address(None::<&str>, clean(r.to)))
        .subject(Text::new(subject))
        .header("Date", Raw::new(rfc5322_date(r.now)))
        .message_id(MessageId::new(crate::notices::new_message_id(r.now, &host)));
    if let Some(id) = r.original_message_id.filter(|id| is_message_id(id)) {
        builder = builder
            .in_reply_to(MessageId::new(id.to_string()))
            .references(MessageId::new(id.to_string()));
    }
    let builder = builder
        .header("Auto-Submitted", Raw::new("auto-replied"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(body);
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = builder.write_to(&mut out);
    out
}

/// The `message/disposition-notification` body (RFC 8098 §3.1, §3.2), ASCII only.
fn notification_fields(r: &Receipt, host: &str) -> String {
    let mut out = String::new();
    let mut field = |name: &str, value: &str| {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    };
    field(
        "Reporting-UA",
        &format!("{}; {REPORTING_PRODUCT}", ascii_token(host)),
    );
    if let Some(first) = r.recipients.first() {
        // We deliver to the address as given at RCPT: it is both the original and the
        // final recipient (§3.2.3, §3.2.4).
        let typed = format!("rfc822;{}", ascii_token(first));
        field("Original-Recipient", &typed);
        field("Final-Recipient", &typed);
    }
    if let Some(id) = r.original_message_id.filter(|id| is_message_id(id)) {
        field("Original-Message-ID", &format!("<{id}>"));
    }
    field(
        "Disposition",
        match r.read_at {
            Some(_) => "automatic-action/MDN-sent-automatically; displayed",
            None => "automatic-action/MDN-sent-automatically; processed",
        },
    );
    if let Some(n) = r.number {
        field(FIELD_NUMBER, &encoded(n));
    }
    if let Some(t) = r.type_id {
        field(FIELD_TYPE, &ascii_token(t));
    }
    match (r.agency_code, r.agency_name) {
        (Some(code), Some(name)) => field(
            FIELD_AGENCY,
            &format!("{}; {}", ascii_token(code), encoded(name)),
        ),
        (Some(code), None) => field(FIELD_AGENCY, &ascii_token(code)),
        (None, Some(name)) => field(FIELD_AGENCY, &format!("; {}", encoded(name))),
        (None, None) => {}
    }
    if !r.recipients.is_empty() {
        field(
            FIELD_RECIPIENTS,
            &r.recipients
                .iter()
                .map(|a| ascii_token(a))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    out
}

/// "văn bản số 45/GM-UBND (Giấy mời)", or "Giấy mời" when there is no number.
fn describe_vi(r: &Receipt) -> String {
    match (r.number, r.type_name) {
        (Some(n), Some(t)) => format!("văn bản số {} ({})", clean(n), clean(t)),
        (Some(n), None) => format!("văn bản số {}", clean(n)),
        (None, Some(t)) => clean(t),
        (None, None) => "văn bản".into(),
    }
}

fn describe_en(r: &Receipt) -> String {
    match r.number {
        Some(n) => format!("official document {}", clean(n)),
        None => "the official document".into(),
    }
}

/// "09:15 ngày 07/12/2026", Vietnam time.
fn short_vi(unix: i64) -> String {
    let t = storage::VnTime::from_unix(unix);
    format!(
        "{:02}:{:02} ngày {:02}/{:02}/{:04}",
        t.hour, t.minute, t.day, t.month, t.year
    )
}

/// One line of text: no control characters (no header or field can be injected).
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Printable ASCII without spaces, ';' or ',' (an address, a code, a host name); anything
/// else becomes '?'.
fn ascii_token(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != ';' && c != ',' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The value as is when it is printable ASCII, else one RFC 2047 encoded-word per piece
/// of at most 45 bytes of UTF-8 (so each word stays under 75 characters, RFC 2047 §2).
fn encoded(s: &str) -> String {
    let s = clean(s);
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s;
    }
    let mut words = Vec::new();
    let mut piece = String::new();
    for c in s.chars() {
        if piece.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut piece));
        }
        piece.push(c);
    }
    if !piece.is_empty() {
        words.push(piece);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Standard base64 (RFC 4648 §4), as RFC 2047's "B" encoding writes it: the crate the
/// SMTP AUTH exchange already uses.
fn base64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// A Message-ID we can write back between angle brackets.
fn is_message_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 250
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]

    use mail_parser::MimeHeaders;

    use super::*;

    pub(crate) fn sample(read_at: Option<i64>) -> Vec<u8> {
        receipt_message(&Receipt {
            hostname: "mail.b.gov.vn",
            to: "nguoigui@a.gov.vn",
            original_message_id: Some("gm45.1@a.gov.vn"),
            number: Some("45/GM-UBND"),
            type_id: Some("giay-moi"),
            type_name: Some("Giấy mời"),
            subject: Some("Giấy mời họp giao ban"),
            agency_code: Some("UBND-B"),
            agency_name: Some("Ủy ban nhân dân xã Bình Sơn"),
            recipients: &[
                "vanthu@b.gov.vn".to_string(),
                "chutich@b.gov.vn".to_string(),
            ],
            // 2026-12-07 02:15:00 UTC = 09:15 in Vietnam.
            delivered_at: 1_796_609_700,
            read_at,
            now: 1_796_609_760,
        })
    }

    fn report_part(raw: &[u8]) -> String {
        let m = mail_parser::MessageParser::default().parse(raw).unwrap();
        let part = m
            .parts
            .iter()
            .find(|p| {
                p.content_type().is_some_and(|c| {
                    c.c_subtype
                        .as_deref()
                        .is_some_and(|s| s.eq_ignore_ascii_case("disposition-notification"))
                })
            })
            .unwrap();
        String::from_utf8(part.contents().to_vec()).unwrap()
    }

    /// A delivery receipt: multipart/report with the RFC 8098 fields, "processed", our
    /// extension fields, the Vietnamese subject with the number and the Vietnam time.
    #[test]
    fn a_delivery_receipt_has_the_mdn_fields() {
        let raw = sample(None);
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(
            text.contains("report-type=\"disposition-notification\"")
                || text.contains("report-type=disposition-notification"),
            "{text}"
        );
        assert!(text.contains("Auto-Submitted: auto-replied\r\n"));
        assert!(text.contains("In-Reply-To: <gm45.1@a.gov.vn>"));
        let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            m.subject(),
            Some(
                "Đã nhận văn bản số 45/GM-UBND lúc 09:15 ngày 07/12/2026 - Ủy ban nhân dân xã Bình Sơn"
            )
        );
        let body = m.body_text(0).unwrap();
        assert!(body.contains("Ủy ban nhân dân xã Bình Sơn đã nhận văn bản số 45/GM-UBND (Giấy mời) lúc 09:15:00 ngày 07/12/2026"), "{body}");
        let fields = report_part(&raw);
        for line in [
            "Reporting-UA: mail.b.gov.vn; govmail",
            "Original-Recipient: rfc822;vanthu@b.gov.vn",
            "Final-Recipient: rfc822;vanthu@b.gov.vn",
            "Original-Message-ID: <gm45.1@a.gov.vn>",
            "Disposition: automatic-action/MDN-sent-automatically; processed",
            "X-Govmail-Document-Number: 45/GM-UBND",
            "X-Govmail-Document-Type: giay-moi",
            "X-Govmail-Recipients: vanthu@b.gov.vn, chutich@b.gov.vn",
        ] {
            assert!(
                fields.contains(&format!("{line}\r\n")),
                "{line} in {fields}"
            );
        }
        assert!(fields.is_ascii(), "{fields}");
    }

    /// A receipt is not itself an official document for the recognition (an acknowledgement,
    /// a report, automatic): it is never registered nor answered as one.
    #[test]
    fn a_receipt_is_not_an_official_document() {
        let r = policy::document::recognise_bytes(&sample(None)).unwrap();
        assert!(!r.official, "{r:?}");
    }

    /// A receipt at first read says "displayed" and when.
    #[test]
    fn a_read_receipt_is_displayed() {
        let raw = sample(Some(1_796_610_000));
        let fields = report_part(&raw);
        assert!(
            fields.contains("Disposition: automatic-action/MDN-sent-automatically; displayed\r\n")
        );
        let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert!(
            m.body_text(0)
                .unwrap()
                .contains("Đã mở đọc lúc 09:20:00 ngày 07/12/2026")
        );
    }

    /// Values that are not ASCII are encoded-words; nothing can break a field's line.
    #[test]
    fn values_are_encoded_and_cleaned() {
        assert_eq!(encoded("45/GM-UBND"), "45/GM-UBND");
        let word = encoded("12/QĐ-UBND");
        assert!(word.starts_with("=?UTF-8?B?") && word.is_ascii(), "{word}");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"M"), "TQ==");
        let long = encoded(&"Ủy ban nhân dân ".repeat(10));
        assert!(long.split(' ').all(|w| w.len() <= 75), "{long}");
        assert_eq!(ascii_token("a\r\nb;c"), "a??b?c");
        assert_eq!(clean("x\r\nTo: y"), "x  To: y");
    }
}
