//! The messages a recall sends, in Vietnamese first: to each recipient whose copy was taken
//! out, to the sender (the confirmation, or the refusal and why), and to the recipients'
//! servers elsewhere (the recall notice, `X-Govmail-Recall`).

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::mime::MimePart;

use crate::dates::human_date_vi;
use crate::notices::{
    SYSTEM_NAME, build, clean_hostname, clean_line, format_rfc5322_date, new_message_id,
};

/// The header field that names the recalled document in a recall notice.
pub const RECALL_HEADER: &str = "X-Govmail-Recall";
/// The header field added to a recall notice that was not honoured.
pub const REFUSED_HEADER: &str = "X-Govmail-Recall-Refused";

/// What the notices say about the document.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub message_id: &'a str,
    pub number: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub sender: &'a str,
}

impl Document<'_> {
    /// "Văn bản số 45/GM-UBND" or "Văn bản “subject”".
    fn name(&self) -> String {
        match (self.number, self.subject) {
            (Some(n), _) => format!("Văn bản số {}", clean_line(n)),
            (None, Some(s)) => format!("Văn bản “{}”", clean_line(s)),
            (None, None) => format!("Văn bản <{}>", clean_line(self.message_id)),
        }
    }

    fn subject_line(&self) -> String {
        self.subject
            .map(|s| format!("\r\nTrích yếu / tiêu đề: {}", clean_line(s)))
            .unwrap_or_default()
    }
}

fn system_message(host: &str, to: &str, subject: String, text: String, now: i64) -> Vec<u8> {
    let builder = MessageBuilder::new()
        .from(Address::new_address(
            Some(SYSTEM_NAME),
            format!("postmaster@{host}"),
        ))
        .to(Address::new_address(None::<&str>, clean_line(to)))
        .subject(Text::new(subject))
        .header("Date", Raw::new(format_rfc5322_date(now)))
        .message_id(MessageId::new(new_message_id(now, host)))
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", text).language("vi"));
    build(builder)
}

/// To a recipient whose copy was taken out: "Văn bản số … đã bị thu hồi".
pub fn recalled_notice(hostname: &str, to: &str, doc: &Document, by: &str, now: i64) -> Vec<u8> {
    let host = clean_hostname(hostname);
    let name = doc.name();
    let text = format!(
        "{name} đã bị thu hồi.\r\n\r\nNgười gửi: {sender}{subject}\r\nNgười thu hồi: {by}\r\n\
         Thời điểm thu hồi: {when}\r\n\r\nVăn bản được gửi nhầm và đã được gỡ khỏi hộp thư của \
         Quý vị theo Nghị định 30/2020/NĐ-CP, Điều 18, khoản 4, điểm b. Quý vị không cần làm gì \
         thêm.\r\n",
        sender = clean_line(doc.sender),
        subject = doc.subject_line(),
        by = clean_line(by),
        when = human_date_vi(now),
    );
    system_message(&host, to, format!("{name} đã bị thu hồi"), text, now)
}

/// To the sender (and the recaller): which recipients' mailboxes it was taken out of, and
/// which other servers were sent a recall notice.
pub fn confirmation(
    hostname: &str,
    to: &str,
    doc: &Document,
    reached: &[String],
    remote: &[String],
    now: i64,
) -> Vec<u8> {
    let host = clean_hostname(hostname);
    let name = doc.name();
    let list = |items: &[String]| {
        if items.is_empty() {
            "  (không có)".to_string()
        } else {
            items
                .iter()
                .map(|a| format!("  - {}", clean_line(a)))
                .collect::<Vec<_>>()
                .join("\r\n")
        }
    };
    let text = format!(
        "{name} đã được thu hồi lúc {when}.{subject}\r\n\r\nĐã gỡ khỏi hộp thư của những người \
         nhận sau:\r\n{local}\r\n\r\nĐã gửi thông báo thu hồi đến những người nhận ở hệ thống \
         khác (hệ thống nhận tự gỡ văn bản khi xác thực được thông báo):\r\n{remote}\r\n",
        when = human_date_vi(now),
        subject = doc.subject_line(),
        local = list(reached),
        remote = list(remote),
    );
    system_message(&host, to, format!("Xác nhận thu hồi: {name}"), text, now)
}

/// To the one who asked, when the recall is refused, with the reason.
pub fn refusal(hostname: &str, to: &str, what: &str, reason: &str, now: i64) -> Vec<u8> {
    let host = clean_hostname(hostname);
    let text = format!(
        "Yêu cầu thu hồi thư “{what}” không được thực hiện.\r\n\r\nLý do: {reason}\r\n\r\n\
         Chỉ văn bản hành chính do chính tài khoản của Quý vị gửi đi (hoặc do cơ quan mà Quý vị \
         là văn thư gửi đi) mới thu hồi được, bằng cách chuyển hoặc sao chép thư trong thư mục \
         Đã gửi (Sent) vào thư mục “Thu hồi”. Thư Quý vị đã chuyển vẫn nằm trong thư mục “Thu \
         hồi”; Quý vị có thể chuyển nó về thư mục Đã gửi.\r\n",
        what = clean_line(what),
        reason = clean_line(reason),
    );
    system_message(&host, to, "Không thu hồi được thư".to_string(), text, now)
}

/// The recall notice to the recipients on other servers: from the document's sender, with
/// `X-Govmail-Recall: <Message-ID>`, sent through the queue (so DKIM-signed for our domain).
pub fn remote_notice(hostname: &str, doc: &Document, to: &[String], now: i64) -> Vec<u8> {
    let host = clean_hostname(hostname);
    let name = doc.name();
    let text = format!(
        "{name} gửi ngày trước đã bị thu hồi do gửi nhầm (Nghị định 30/2020/NĐ-CP, Điều 18, \
         khoản 4, điểm b).{subject}\r\n\r\nĐề nghị Quý cơ quan xóa văn bản này và không xử lý \
         theo văn bản. Hệ thống thư công vụ govmail gỡ văn bản tự động khi nhận được thông báo \
         này.\r\n\r\nThời điểm thu hồi: {when}\r\n",
        subject = doc.subject_line(),
        when = human_date_vi(now),
    );
    let to: Vec<Address> = to
        .iter()
        .map(|a| Address::new_address(None::<&str>, clean_line(a)))
        .collect();
    let builder = MessageBuilder::new()
        .from(Address::new_address(None::<&str>, clean_line(doc.sender)))
        .to(Address::new_list(to))
        .subject(Text::new(format!("Thu hồi: {name}")))
        .header("Date", Raw::new(format_rfc5322_date(now)))
        .message_id(MessageId::new(new_message_id(now, &host)))
        .header(
            RECALL_HEADER,
            Raw::new(format!("<{}>", clean_line(doc.message_id))),
        )
        .header(
            "References",
            Raw::new(format!("<{}>", clean_line(doc.message_id))),
        )
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", text).language("vi"));
    build(builder)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn doc() -> Document<'static> {
        Document {
            message_id: "abc@ubnd.x.gov.vn",
            number: Some("45/GM-UBND"),
            subject: Some("Giấy mời họp"),
            sender: "vanthu@ubnd.x.gov.vn",
        }
    }

    #[test]
    fn the_recipient_is_told_in_vietnamese() {
        let m = recalled_notice("mx.x.gov.vn", "b@x.gov.vn", &doc(), "a@x.gov.vn", 0);
        let parsed = mail_parser::MessageParser::new().parse(&m).unwrap();
        assert_eq!(
            parsed.subject(),
            Some("Văn bản số 45/GM-UBND đã bị thu hồi")
        );
        assert!(parsed.body_text(0).unwrap().contains("Điều 18"));
    }

    #[test]
    fn the_remote_notice_names_the_document() {
        let m = remote_notice("mx.x.gov.vn", &doc(), &["c@y.gov.vn".into()], 0);
        let parsed = mail_parser::MessageParser::new().parse(&m).unwrap();
        assert_eq!(
            parsed.header_raw(RECALL_HEADER).map(str::trim),
            Some("<abc@ubnd.x.gov.vn>")
        );
        assert_eq!(
            parsed
                .from()
                .and_then(|f| f.first())
                .and_then(|a| a.address()),
            Some("vanthu@ubnd.x.gov.vn")
        );
    }

    #[test]
    fn header_injection_in_a_number_is_flattened() {
        let d = Document {
            number: Some("1\r\nBcc: x@evil"),
            ..doc()
        };
        let m = recalled_notice("mx", "b@x.gov.vn", &d, "a", 0);
        assert!(!String::from_utf8_lossy(&m).contains("\r\nBcc:"));
    }
}
