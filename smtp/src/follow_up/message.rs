//! The follow-up notices of unread urgent documents, Vietnamese then English: the reminder to
//! the recipient ("Nhắc việc: văn bản HỎA TỐC số … chưa được đọc") and the notice to the
//! unit's văn thư and the sender. One message per person lists every document due for them,
//! so that catching up after downtime sends one message each, not a flood.

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::mime::MimePart;
use storage::FollowUp;

use crate::dates::{human_date_en, human_date_vi};
use crate::notices::{
    SYSTEM_NAME, build, clean_hostname, clean_line, format_rfc5322_date, new_message_id,
};

/// Who a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The recipient who has not read the documents.
    Recipient,
    /// The unit's văn thư or the sender: others have not read them.
    Escalation,
}

/// The urgency's name in capitals, as stamped on the paper ("HỎA TỐC").
fn urgency_vi(id: Option<&str>) -> &'static str {
    match id {
        Some("hoa-toc") => "HỎA TỐC",
        Some("thuong-khan") => "THƯỢNG KHẨN",
        _ => "KHẨN",
    }
}

fn urgency_en(id: Option<&str>) -> &'static str {
    match id {
        Some("hoa-toc") => "flash (Hỏa tốc)",
        Some("thuong-khan") => "most urgent (Thượng khẩn)",
        _ => "urgent (Khẩn)",
    }
}

/// "Giấy mời số 45/GM-UBND" or "văn bản" when the register has neither.
fn document_name(f: &FollowUp) -> String {
    let kind = f
        .doc_type
        .as_deref()
        .and_then(policy::document::DocType::from_id)
        .map_or("Văn bản", |t| t.name());
    match &f.number {
        Some(n) => format!("{kind} số {}", clean_line(n)),
        None => kind.to_string(),
    }
}

/// One notice to `to` about `items` (all due for that person).
pub fn follow_up_notice(
    hostname: &str,
    to: &str,
    audience: Audience,
    items: &[&FollowUp],
    now: i64,
) -> Vec<u8> {
    let host = clean_hostname(hostname);
    let mut list_vi = String::new();
    let mut list_en = String::new();
    for f in items {
        let name = document_name(f);
        let subject = f.subject.as_deref().map(clean_line).unwrap_or_default();
        let received = f.delivered_at.unwrap_or(f.document_at);
        let (who_vi, who_en) = match audience {
            Audience::Recipient => (String::new(), String::new()),
            Audience::Escalation => (
                format!(
                    ", người nhận {} ({})",
                    clean_line(&f.display_name),
                    f.address
                ),
                format!(
                    ", recipient {} ({})",
                    clean_line(&f.display_name),
                    f.address
                ),
            ),
        };
        list_vi.push_str(&format!(
            "  - {name} ({}){}{who_vi}, nhận lúc {}, gửi bởi {}\r\n",
            urgency_vi(f.urgency.as_deref()),
            if subject.is_empty() {
                String::new()
            } else {
                format!(": {subject}")
            },
            human_date_vi(received),
            clean_line(&f.sender),
        ));
        list_en.push_str(&format!(
            "  - {name} ({}){}{who_en}, received {}, sent by {}\r\n",
            urgency_en(f.urgency.as_deref()),
            if subject.is_empty() {
                String::new()
            } else {
                format!(": {subject}")
            },
            human_date_en(received),
            clean_line(&f.sender),
        ));
    }
    let first = items
        .first()
        .map(|f| (urgency_vi(f.urgency.as_deref()), document_name(f)));
    let (stamp, name) = first.unwrap_or(("KHẨN", "Văn bản".into()));
    let more = if items.len() > 1 {
        format!(" và {} văn bản khác", items.len() - 1)
    } else {
        String::new()
    };
    let (subject, intro_vi, intro_en) = match audience {
        Audience::Recipient => (
            format!("Nhắc việc: văn bản {stamp} {name}{more} chưa được đọc"),
            "Các văn bản khẩn sau đây đã đến hộp thư của Quý vị nhưng chưa được đọc, \
             đã quá thời hạn xử lý. Văn bản đã được gắn cờ (\\Flagged) để dễ tìm."
                .to_string(),
            "The following urgent documents reached your mailbox but have not been read \
             within their time limit. They have been flagged (\\Flagged) so you can find them."
                .to_string(),
        ),
        Audience::Escalation => (
            format!("Văn bản {stamp} {name}{more} chưa được người nhận đọc"),
            "Các văn bản khẩn sau đây vẫn chưa được người nhận đọc dù đã được nhắc. \
             Đề nghị văn thư/người gửi liên hệ để bảo đảm văn bản được xử lý kịp thời \
             (Nghị định 30/2020/NĐ-CP, Điều 4 và Điều 24)."
                .to_string(),
            "The following urgent documents are still unread by their recipients after a \
             reminder. Please follow up so that they are handled in time."
                .to_string(),
        ),
    };
    let text = format!(
        "{intro_vi}\r\n\r\n{list_vi}\r\nĐây là thư tự động, vui lòng không trả lời thư này.\r\n\
         \r\n----------------------------------------------------------------------\r\n\r\n\
         {intro_en}\r\n\r\n{list_en}\r\nThis is an automated message; please do not reply.\r\n"
    );
    let builder = MessageBuilder::new()
        .from(Address::new_address(
            Some(SYSTEM_NAME),
            format!("postmaster@{host}"),
        ))
        .to(Address::new_address(None::<&str>, clean_line(to)))
        .subject(Text::new(subject))
        .header("Date", Raw::new(format_rfc5322_date(now)))
        .message_id(MessageId::new(new_message_id(now, &host)))
        // RFC 3834 §5: not a response to any one message.
        .header("Auto-Submitted", Raw::new("auto-generated"))
        // Urgent: clients that sort by importance show it first (RFC 2156 Importance).
        .header("Importance", Raw::new("high"))
        .header("X-Priority", Raw::new("1"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", text).language("vi, en"));
    build(builder)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn item(number: &str, urgency: &str) -> FollowUp {
        FollowUp {
            row: 1,
            account: 2,
            address: "lan@stttt.demo.gov.vn".into(),
            display_name: "Trần Thị Lan".into(),
            content: Some(3),
            remind_at: 100,
            escalate_at: 200,
            reminded: false,
            delivered_at: Some(1_796_000_000),
            document_at: 1_796_000_000,
            doc_type: Some("giay-moi".into()),
            number: Some(number.into()),
            urgency: Some(urgency.into()),
            subject: Some("Họp khẩn về phòng chống bão\r\nBcc: x@y".into()),
            sender: "vanthu@ubnd.demo.gov.vn".into(),
        }
    }

    #[test]
    fn a_reminder_names_each_document_and_its_urgency() {
        let a = item("45/GM-UBND", "hoa-toc");
        let b = item("12/GM-STTTT", "khan");
        let raw = follow_up_notice(
            "mail.demo.gov.vn",
            "lan@stttt.demo.gov.vn",
            Audience::Recipient,
            &[&a, &b],
            1_796_000_500,
        );
        let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert_eq!(
            parsed.subject().unwrap(),
            "Nhắc việc: văn bản HỎA TỐC Giấy mời số 45/GM-UBND và 1 văn bản khác chưa được đọc"
        );
        let body = parsed.body_text(0).unwrap();
        assert!(body.contains("Giấy mời số 12/GM-STTTT (KHẨN)"), "{body}");
        assert!(body.contains("vanthu@ubnd.demo.gov.vn"), "{body}");
        // The subject's line break cannot start a header field.
        assert!(parsed.header("Bcc").is_none());
        assert_eq!(
            parsed.header("Auto-Submitted").unwrap().as_text(),
            Some("auto-generated")
        );
    }

    #[test]
    fn an_escalation_names_the_recipient() {
        let a = item("45/GM-UBND", "thuong-khan");
        let raw = follow_up_notice(
            "mail.demo.gov.vn",
            "vanthu@stttt.demo.gov.vn",
            Audience::Escalation,
            &[&a],
            1_796_000_500,
        );
        let parsed = mail_parser::MessageParser::default().parse(&raw).unwrap();
        assert!(
            parsed
                .subject()
                .unwrap()
                .starts_with("Văn bản THƯỢNG KHẨN Giấy mời số 45/GM-UBND")
        );
        let body = parsed.body_text(0).unwrap();
        assert!(
            body.contains("Trần Thị Lan (lan@stttt.demo.gov.vn)"),
            "{body}"
        );
    }
}
