//! Messages the server itself sends: delivery status notifications (bounces
//! and delay warnings, RFC 3464 / RFC 6522) and mailbox quota warnings.
//!
//! Every builder returns a complete RFC 5322 message (CRLF line ends) with
//! `Date` (Vietnam time, +0700), `Message-ID: <...@hostname>`, `MIME-Version`
//! and `Auto-Submitted` (RFC 3834 §5). Human-readable text is Vietnamese
//! first, then English, always UTF-8.
//!
//! # Caller obligations (not checked here)
//!
//! * Never generate a DSN for a message whose envelope sender was null
//!   (`MAIL FROM:<>`), which includes every DSN (RFC 5321 §4.5.5: prevents
//!   bounce loops). [`delivery_status_notification`] builds
//!   whatever it is given, so the queue must make that decision.
//! * Send the DSN itself with a null envelope sender (`MAIL FROM:<>`,
//!   RFC 5321 §4.5.5) and without DSN `NOTIFY` requests of its own.
//! * Honour the recipient's `NOTIFY` parameter (RFC 3461 §4.1) when choosing
//!   which [`RecipientStatus`] entries to report, and group recipients of the
//!   same message into one DSN.
//! * With `RET=FULL` and an original containing 8-bit data, the returned
//!   message contains a `Content-Transfer-Encoding: 8bit` message/rfc822 part
//!   (RFC 2046 §5.2.1 forbids encoding message/rfc822), so relay it with
//!   `BODY=8BITMIME` (or fall back to returning headers only if the next hop
//!   lacks 8BITMIME). A message is 8-bit exactly when a byte is >= 0x80.

use std::borrow::Cow;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::headers::text::Text;
use mail_builder::mime::{BodyPart, MimePart};
use mail_parser::MessageParser;

use crate::dates::{self, human_date_en, human_date_vi};

/// Display name used in `From:` of every notice ("e-mail system").
pub(crate) const SYSTEM_NAME: &str = "Hệ thống thư điện tử";

/// Longest original subject quoted in a DSN subject (in characters).
const MAX_SUBJECT_CHARS: usize = 200;

/// Longest remote reply quoted in a DSN (in bytes, before folding).
const MAX_DIAGNOSTIC_LEN: usize = 900;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// The `Action` of one recipient (RFC 3464 §2.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Delivery failed permanently; the message is returned.
    Failed,
    /// Delivery failed temporarily; the server keeps retrying.
    Delayed,
    /// Delivered to the recipient's mailbox (NOTIFY=SUCCESS).
    Delivered,
    /// Relayed to a system that does not emit DSNs (NOTIFY=SUCCESS).
    Relayed,
    /// Delivered and forwarded to several addresses (alias or list).
    Expanded,
}

impl Action {
    /// The RFC 3464 §2.3.3 keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Failed => "failed",
            Action::Delayed => "delayed",
            Action::Delivered => "delivered",
            Action::Relayed => "relayed",
            Action::Expanded => "expanded",
        }
    }

    /// Status used when the caller's enhanced code is malformed.
    fn default_status(self) -> &'static str {
        match self {
            Action::Failed => "5.0.0",
            Action::Delayed => "4.0.0",
            Action::Delivered | Action::Relayed | Action::Expanded => "2.0.0",
        }
    }
}

/// What happened to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientStatus {
    /// Final recipient address (the RCPT TO address as we tried it).
    pub recipient: String,
    /// The raw RFC 3461 `ORCPT` parameter as received, `addr-type ";" xtext`
    /// (e.g. `"rfc822;a+2Bb@example.gov.vn"`); the xtext is decoded here.
    pub original_recipient: Option<String>,
    pub action: Action,
    /// RFC 3463 enhanced status code such as `"5.1.1"`. A malformed value is
    /// replaced by `5.0.0` / `4.0.0` / `2.0.0` according to `action`.
    pub status: String,
    /// Host name of the remote MTA (`Remote-MTA: dns; ...`).
    pub remote_mta: Option<String>,
    /// The remote SMTP reply, e.g. `"550 5.1.1 no such user"`; multi-line
    /// replies may keep their line breaks, they are joined here.
    pub diagnostic: Option<String>,
    /// Unix seconds of the last delivery attempt.
    pub last_attempt: Option<i64>,
    /// Unix seconds after which retries stop; only written for `Delayed`
    /// (RFC 3464 §2.3.9).
    pub will_retry_until: Option<i64>,
}

/// Everything needed to build one DSN for one message.
#[derive(Debug, Clone, Copy)]
pub struct DsnInput<'a> {
    /// Our host name: `Reporting-MTA: dns; hostname`, `From: MAILER-DAEMON@hostname`.
    pub hostname: &'a str,
    /// The original envelope sender (must not be empty, see module docs).
    pub to: &'a str,
    /// The raw RFC 3461 `ENVID` parameter (xtext), decoded into
    /// `Original-Envelope-Id`.
    pub envid: Option<&'a str>,
    /// Unix seconds when we accepted the message (`Arrival-Date`).
    pub arrival: i64,
    pub recipients: &'a [RecipientStatus],
    /// The original message as received.
    pub original: &'a [u8],
    /// `RET=FULL`: return the whole message, otherwise the header block only.
    pub return_full: bool,
    /// Unix seconds, used for `Date` and `Message-ID`.
    pub now: i64,
}

/// A quota warning for an account that has crossed `percent` (75 or 90) of
/// its storage quota.
#[derive(Debug, Clone, Copy)]
pub struct QuotaNotice<'a> {
    pub hostname: &'a str,
    pub to: &'a str,
    pub display_name: &'a str,
    pub percent: u8,
    pub used_bytes: u64,
    pub limit_bytes: u64,
    pub now: i64,
}

/// Builds an RFC 3464 DSN: `multipart/report; report-type=delivery-status`
/// (RFC 6522) with three parts: a bilingual explanation, the
/// `message/delivery-status` report and the original message
/// (`message/rfc822`) or only its header block (`text/rfc822-headers`).
///
/// The subject is the failure subject when any recipient failed, the delay
/// subject when any is delayed, otherwise a success subject.
///
/// With `return_full`, an original that cannot travel as 7bit/8bit (NUL
/// bytes or lines over 998 octets) is returned as headers only, because
/// message/rfc822 may not be base64- or QP-encoded (RFC 2046 §5.2.1).
pub fn delivery_status_notification(input: &DsnInput) -> Vec<u8> {
    let host = clean_hostname(input.hostname);
    let original = normalize_crlf(input.original);
    let header_block = header_block(&original);
    let info = OriginalInfo::parse(header_block);

    let any_failed = input.recipients.iter().any(|r| r.action == Action::Failed);
    let any_delayed = input.recipients.iter().any(|r| r.action == Action::Delayed);
    let subject = if any_failed {
        match &info.subject {
            Some(s) => format!("Không gửi được thư / Undelivered Mail Returned to Sender: {s}"),
            None => "Không gửi được thư / Undelivered Mail Returned to Sender".to_string(),
        }
    } else if any_delayed {
        "Thư chưa gửi được, đang thử lại / Delayed Mail (still being retried)".to_string()
    } else {
        "Thư đã được gửi / Successful Mail Delivery Report".to_string()
    };

    let human = human_dsn_text(input, &host, &info);
    let report = delivery_status_body(input, &host);

    // Third part (RFC 6522 §3): the whole message when RET=FULL
    // and it can be carried unencoded, otherwise the header block only.
    let full_cte = if input.return_full {
        match classify(&original) {
            Cte::SevenBit => Some("7bit"),
            Cte::EightBit => Some("8bit"),
            Cte::Unsafe => None,
        }
    } else {
        None
    };
    let returned = match full_cte {
        Some(cte) => MimePart::new(
            ContentType::new("message/rfc822"),
            BodyPart::Binary(Cow::Borrowed(&original[..])),
        )
        .transfer_encoding(cte),
        None => headers_part(header_block),
    };

    let body = MimePart::new(
        ContentType::new("multipart/report").attribute("report-type", "delivery-status"),
        vec![
            MimePart::new("text/plain", human).language("vi, en"),
            // message/delivery-status is registered as 7bit (RFC 3464 media
            // type registration; raw UTF-8 only in message/global-delivery-
            // status, RFC 6533). Everything in it was made ASCII, and setting
            // the CTE stops mail-builder from QP/base64-encoding it.
            MimePart::new(
                ContentType::new("message/delivery-status"),
                BodyPart::Binary(Cow::Owned(report.into_bytes())),
            )
            .transfer_encoding("7bit"),
            returned,
        ],
    );

    let mut builder = MessageBuilder::new()
        .from(Address::new_address(
            Some(SYSTEM_NAME),
            format!("MAILER-DAEMON@{host}"),
        ))
        .to(Address::new_address(None::<&str>, clean_line(input.to)))
        .subject(Text::new(subject))
        .header("Date", Raw::new(format_rfc5322_date(input.now)))
        .message_id(MessageId::new(new_message_id(input.now, &host)));
    if let Some(id) = &info.message_id {
        builder = builder
            .in_reply_to(MessageId::new(id.clone()))
            .references(MessageId::new(id.clone()));
    }
    // RFC 3834 §5: a DSN is a response to a message, hence "auto-replied".
    let builder = builder
        .header("Auto-Submitted", Raw::new("auto-replied"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(body);
    build(builder)
}

/// Plain text quota warning, Vietnamese then English, with sizes in MB/GB
/// (binary units, one decimal; Vietnamese writes "1,5 GB", English "1.5 GB").
pub fn quota_notice(n: &QuotaNotice) -> Vec<u8> {
    let host = clean_hostname(n.hostname);
    let name = clean_line(n.display_name);
    let used_vi = format_size(n.used_bytes, Lang::Vi);
    let used_en = format_size(n.used_bytes, Lang::En);
    let limit_vi = format_size(n.limit_bytes, Lang::Vi);
    let limit_en = format_size(n.limit_bytes, Lang::En);
    let actual = if n.limit_bytes == 0 {
        u128::from(n.percent)
    } else {
        u128::from(n.used_bytes) * 100 / u128::from(n.limit_bytes)
    };
    let to = clean_line(n.to);
    let pct = n.percent;
    let (greet_vi, greet_en) = if name.is_empty() {
        ("Quý vị".to_string(), "user".to_string())
    } else {
        (name.clone(), name.clone())
    };

    let text = format!(
        "Kính gửi {greet_vi},\r\n\
         \r\n\
         Hộp thư {to} của Quý vị đã sử dụng {used_vi} trên tổng dung lượng \
         {limit_vi} ({actual}%), vượt ngưỡng cảnh báo {pct}%.\r\n\
         \r\n\
         Khi hộp thư đầy, Quý vị sẽ không nhận được thư mới: thư gửi đến sẽ bị \
         trả lại cho người gửi.\r\n\
         \r\n\
         Để giải phóng dung lượng, Quý vị vui lòng:\r\n\
         \x20 - xóa những thư cũ không còn cần thiết, nhất là thư có tệp đính kèm lớn;\r\n\
         \x20 - lưu trữ (archive) ra ngoài hộp thư những thư cũ cần giữ lại;\r\n\
         \x20 - dọn sạch thư mục Thùng rác (Trash), vì thư đã xóa vẫn chiếm dung lượng \
         cho đến khi Thùng rác được dọn sạch.\r\n\
         \r\n\
         Nếu cần tăng dung lượng hoặc cần hỗ trợ, vui lòng liên hệ bộ phận quản trị \
         hệ thống thư điện tử của cơ quan.\r\n\
         \r\n\
         Đây là thư tự động, vui lòng không trả lời thư này.\r\n\
         \r\n\
         ----------------------------------------------------------------------\r\n\
         \r\n\
         Dear {greet_en},\r\n\
         \r\n\
         Your mailbox {to} is using {used_en} of its {limit_en} quota ({actual}%), \
         above the {pct}% warning level.\r\n\
         \r\n\
         When the mailbox is full you will not receive new mail: messages sent to \
         you will be returned to their senders.\r\n\
         \r\n\
         To free up space, please:\r\n\
         \x20 - delete old messages you no longer need, especially those with large \
         attachments;\r\n\
         \x20 - archive old messages you want to keep out of the mailbox;\r\n\
         \x20 - empty the Trash folder: deleted messages still count against your \
         quota until the Trash is emptied.\r\n\
         \r\n\
         If you need more space or any help, please contact your agency's mail \
         administrators.\r\n\
         \r\n\
         This is an automated message; please do not reply.\r\n"
    );

    let subject = format!(
        "Cảnh báo: hộp thư đã dùng {pct}% dung lượng / Warning: your mailbox is {pct}% full"
    );
    let display = (!name.is_empty()).then_some(name);
    let builder = MessageBuilder::new()
        .from(Address::new_address(
            Some(SYSTEM_NAME),
            format!("postmaster@{host}"),
        ))
        .to(Address::new_address(display, to))
        .subject(Text::new(subject))
        .header("Date", Raw::new(format_rfc5322_date(n.now)))
        .message_id(MessageId::new(new_message_id(n.now, &host)))
        // RFC 3834 §5: not a response to any message.
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", text).language("vi, en"));
    build(builder)
}

/// A notice to a sender whose mandatory official document went to non-official addresses.
pub struct ExternalNotice<'a> {
    pub hostname: &'a str,
    pub to: &'a str,
    /// The document type's Vietnamese name ("Giấy mời").
    pub doc_type: &'a str,
    pub number: Option<&'a str>,
    pub outside: &'a [String],
    pub now: i64,
}

/// Bilingual notice: the document was delivered, but it should go to official addresses
/// (Quyết định 28/2018/QĐ-TTg: official documents travel over the state's mail systems).
pub fn external_document_notice(n: &ExternalNotice) -> Vec<u8> {
    let host = clean_hostname(n.hostname);
    let to = clean_line(n.to);
    let doc = clean_line(n.doc_type);
    let number = n
        .number
        .map(|x| format!(" số {}", clean_line(x)))
        .unwrap_or_default();
    let list: Vec<String> = n
        .outside
        .iter()
        .map(|a| format!("  - {}", clean_line(a)))
        .collect();
    let list = list.join("\r\n");
    let text = format!(
        "Thư của Quý vị có {doc}{number} đã được gửi, nhưng các địa chỉ sau không thuộc hệ \
         thống thư điện tử công vụ:\r\n{list}\r\n\r\nTheo Quyết định 28/2018/QĐ-TTg, văn \
         bản này cần được gửi, nhận qua địa chỉ thư công vụ (.gov.vn). Vui lòng gửi lại đến \
         địa chỉ công vụ của người nhận.\r\n\r\n\
         ----------------------------------------------------------------------\r\n\r\n\
         Your message carrying an official document{number_en} was delivered, but these \
         addresses are not official government mail addresses:\r\n{list}\r\n\r\nSuch \
         documents must be exchanged between official addresses. Please send it to the \
         recipients' official addresses.\r\n",
        number_en = n
            .number
            .map(|x| format!(" ({})", clean_line(x)))
            .unwrap_or_default(),
    );
    let builder = MessageBuilder::new()
        .from(Address::new_address(Some(SYSTEM_NAME), format!("postmaster@{host}")))
        .to(Address::new_address(None::<&str>, to))
        .subject(Text::new(format!(
            "Lưu ý: {doc}{number} gửi đến địa chỉ ngoài hệ thống công vụ / Official document sent outside official mail"
        )))
        .header("Date", Raw::new(format_rfc5322_date(n.now)))
        .message_id(MessageId::new(new_message_id(n.now, &host)))
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", text).language("vi, en"));
    build(builder)
}

/// A notice to a receiving unit's văn thư: a signed document arrived whose signature check
/// failed (Nghị định 30/2020 Điều 21.2).
pub struct SignatureNotice<'a> {
    pub hostname: &'a str,
    pub to: &'a str,
    /// The document type's Vietnamese name ("Quyết định").
    pub doc_type: &'a str,
    pub number: Option<&'a str>,
    pub sender: &'a str,
    pub subject: Option<&'a str>,
    pub files: &'a [policy::signature::FileReport],
    pub now: i64,
}

/// Bilingual notice: which files' signatures failed and why, who signed them. The message
/// itself was delivered unchanged, marked `$SignatureInvalid`.
pub fn signature_notice(n: &SignatureNotice) -> Vec<u8> {
    use policy::signature::Status;
    let host = clean_hostname(n.hostname);
    let doc = clean_line(n.doc_type);
    let number = n
        .number
        .map(|x| format!(" số {}", clean_line(x)))
        .unwrap_or_default();
    let vi = |s: Status| match s {
        Status::Valid => "hợp lệ",
        Status::Invalid => "KHÔNG HỢP LỆ (văn bản bị thay đổi sau khi ký, hoặc chữ ký sai)",
        Status::Untrusted => "không xác thực được nguồn tin cậy của chứng thư số",
        Status::Expired => "chứng thư số không còn hiệu lực tại thời điểm ký",
        Status::Unsigned => "không có chữ ký số",
    };
    let mut lines_vi = Vec::new();
    let mut lines_en = Vec::new();
    for f in n.files {
        let file = clean_line(&f.file);
        lines_vi.push(format!("  - {file}: {}", vi(f.status)));
        lines_en.push(format!("  - {file}: {}", f.status.as_str()));
        for s in &f.signers {
            let who = [s.name.as_deref(), s.org.as_deref()]
                .into_iter()
                .flatten()
                .map(clean_line)
                .collect::<Vec<_>>()
                .join(", ");
            let at = s
                .signed_at
                .map(policy::signature::format_time)
                .unwrap_or_default();
            let reason = s
                .reason
                .map(|r| format!(" ({})", r.as_str()))
                .unwrap_or_default();
            lines_vi.push(format!("      {who} {at}: {}{reason}", vi(s.status)));
            lines_en.push(format!("      {who} {at}: {}{reason}", s.status.as_str()));
        }
    }
    let subject_line = n
        .subject
        .map(|s| truncate_chars(&clean_line(s), MAX_SUBJECT_CHARS))
        .unwrap_or_default();
    let sender = clean_line(n.sender);
    let text = format!(
        "{doc}{number} do {sender} gửi (tiêu đề: {subject_line}) đã được chuyển đến hộp thư \
         nhưng kiểm tra chữ ký số của tệp đính kèm không đạt:\r\n{}\r\n\r\nVăn bản \
         được giữ nguyên, gắn nhãn $SignatureInvalid và trường X-Govmail-Signature. Đề nghị \
         văn thư không xử lý văn bản này cho đến khi xác minh với cơ quan gửi (Nghị định \
         30/2020/NĐ-CP, Điều 21).\r\n\r\n\
         ----------------------------------------------------------------------\r\n\r\n\
         An official document{number_en} from {sender} (subject: {subject_line}) was \
         delivered, but the signature check of its attachments failed:\r\n{}\r\n\r\nThe \
         message was not altered; it is marked $SignatureInvalid with X-Govmail-Signature \
         fields. Please confirm it with the sending agency before acting on it.\r\n",
        lines_vi.join("\r\n"),
        lines_en.join("\r\n"),
        number_en = n
            .number
            .map(|x| format!(" ({})", clean_line(x)))
            .unwrap_or_default(),
    );
    let builder = MessageBuilder::new()
        .from(Address::new_address(Some(SYSTEM_NAME), format!("postmaster@{host}")))
        .to(Address::new_address(None::<&str>, clean_line(n.to)))
        .subject(Text::new(format!(
            "Cảnh báo: chữ ký số không hợp lệ - {doc}{number} / Invalid signature on an official document"
        )))
        .header("Date", Raw::new(format_rfc5322_date(n.now)))
        .message_id(MessageId::new(new_message_id(n.now, &host)))
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", text).language("vi, en"));
    build(builder)
}

/// A Sieve vacation auto-reply (RFC 5230 §4.5, RFC 3834).
pub struct VacationNotice<'a> {
    pub hostname: &'a str,
    /// The replying account: its address, and display name for `From`.
    pub address: &'a str,
    pub display_name: &'a str,
    pub reply: &'a policy::sieve::VacationReply,
    pub now: i64,
}

/// The reply a vacation action sends: from the account (or the script's `:from`), to the
/// envelope sender, `Auto-Submitted: auto-replied` (RFC 3834 §5), `In-Reply-To` and
/// `References` (RFC 5230 §4.7, RFC 5322 §3.6.4), the script's text as UTF-8 plain text.
pub fn vacation_reply(n: &VacationNotice) -> Vec<u8> {
    let host = clean_hostname(n.hostname);
    let from = match &n.reply.from {
        Some(from) => Address::new_address(None::<&str>, clean_line(from)),
        None => {
            let name = clean_line(n.display_name);
            Address::new_address((!name.is_empty()).then_some(name), clean_line(n.address))
        }
    };
    let mut builder = MessageBuilder::new()
        .from(from)
        .to(Address::new_address(None::<&str>, clean_line(&n.reply.to)))
        .subject(Text::new(truncate_chars(
            &clean_line(&n.reply.subject),
            MAX_SUBJECT_CHARS,
        )))
        .header("Date", Raw::new(format_rfc5322_date(n.now)))
        .message_id(MessageId::new(new_message_id(n.now, &host)));
    if let Some(id) = &n.reply.in_reply_to {
        builder = builder.in_reply_to(MessageId::new(clean_line(id)));
    }
    if !n.reply.references.is_empty() {
        builder = builder.references(MessageId::new_list(
            n.reply.references.iter().map(|r| clean_line(r)),
        ));
    }
    let builder = builder
        .header("Auto-Submitted", Raw::new("auto-replied"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(MimePart::new("text/plain", n.reply.body.clone()));
    build(builder)
}

/// RFC 5322 §3.3 date-time in Vietnam time, e.g.
/// `"Thu, 01 Jan 1970 07:00:00 +0700"` for 0.
pub fn format_rfc5322_date(unix: i64) -> String {
    dates::rfc5322_date(unix)
}

// ---------------------------------------------------------------------------
// Message-ID and building
// ---------------------------------------------------------------------------

static MESSAGE_COUNTER: AtomicU64 = AtomicU64::new(0);

/// `<now.counter.random@host>` without the angle brackets (mail-builder adds
/// them). The counter makes ids unique within the process, the RandomState
/// hash (random keys per process, mixed with pid and clock) across restarts.
pub(crate) fn new_message_id(now: i64, host: &str) -> String {
    let count = MESSAGE_COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut hasher = RandomState::new().build_hasher();
    count.hash(&mut hasher);
    std::process::id().hash(&mut hasher);
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
        .hash(&mut hasher);
    format!(
        "{:x}.{:x}.{:016x}@{host}",
        now.unsigned_abs(),
        count,
        hasher.finish()
    )
}

pub(crate) fn build(builder: MessageBuilder<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail; mail-builder only propagates the
    // writer's errors.
    let _ = builder.write_to(&mut out);
    out
}

// ---------------------------------------------------------------------------
// The original message
// ---------------------------------------------------------------------------

/// Subject and Message-ID of the original, decoded (RFC 2047, RFC 6532).
struct OriginalInfo {
    subject: Option<String>,
    message_id: Option<String>,
}

impl OriginalInfo {
    fn parse(header_block: &[u8]) -> OriginalInfo {
        let parsed = MessageParser::new().parse_headers(header_block);
        let subject = parsed
            .as_ref()
            .and_then(|m| m.subject())
            .map(|s| truncate_chars(&clean_line(s), MAX_SUBJECT_CHARS))
            .filter(|s| !s.is_empty());
        let message_id = parsed
            .as_ref()
            .and_then(|m| m.message_id())
            .filter(|id| {
                !id.is_empty()
                    && id.len() <= 250
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
            })
            .map(str::to_string);
        OriginalInfo {
            subject,
            message_id,
        }
    }
}

/// Turns bare LF and bare CR into CRLF so the returned message has the
/// canonical line ends of RFC 5322 §2.1.
fn normalize_crlf(data: &[u8]) -> Cow<'_, [u8]> {
    let needs = data.iter().enumerate().any(|(i, &b)| {
        (b == b'\n' && (i == 0 || data[i - 1] != b'\r'))
            || (b == b'\r' && data.get(i + 1) != Some(&b'\n'))
    });
    if !needs {
        return Cow::Borrowed(data);
    }
    let mut out = Vec::with_capacity(data.len() + data.len() / 32 + 2);
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'\r' => {
                out.extend_from_slice(b"\r\n");
                if data.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// The header block: everything before the first empty line, including the
/// CRLF that ends the last header field (RFC 5322 §2.1). A message without
/// an empty line is all header.
fn header_block(msg: &[u8]) -> &[u8] {
    if msg.starts_with(b"\r\n") {
        return &[];
    }
    match msg.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(pos) => &msg[..pos + 2],
        None => msg,
    }
}

enum Cte {
    SevenBit,
    EightBit,
    /// NUL, or a line longer than 998 octets (RFC 5322 §2.1.1, RFC 2045 §2.8).
    Unsafe,
}

/// Classifies CRLF-normalised data.
fn classify(data: &[u8]) -> Cte {
    let mut eight = false;
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > 998 || line.contains(&0) {
            return Cte::Unsafe;
        }
        eight |= line.iter().any(|&b| b >= 0x80);
    }
    if eight { Cte::EightBit } else { Cte::SevenBit }
}

/// text/rfc822-headers (RFC 6522 §4). Unlike message/rfc822 it is a text
/// type, so 8-bit or over-long headers may be QP/base64-encoded; mail-builder
/// picks the encoding when no Content-Transfer-Encoding is set.
fn headers_part(block: &[u8]) -> MimePart<'_> {
    match classify(block) {
        Cte::SevenBit => MimePart::new(
            ContentType::new("text/rfc822-headers"),
            BodyPart::Binary(Cow::Borrowed(block)),
        )
        .transfer_encoding("7bit"),
        Cte::EightBit | Cte::Unsafe => {
            let ct = if std::str::from_utf8(block).is_ok() {
                ContentType::new("text/rfc822-headers").attribute("charset", "utf-8")
            } else {
                ContentType::new("text/rfc822-headers")
            };
            MimePart::new(ct, BodyPart::Binary(Cow::Borrowed(block)))
        }
    }
}

// ---------------------------------------------------------------------------
// message/delivery-status
// ---------------------------------------------------------------------------

/// The machine-readable report (RFC 3464 §2.1):
/// `per-message-fields 1*( CRLF per-recipient-fields )`, every field ASCII.
fn delivery_status_body(input: &DsnInput, host: &str) -> String {
    let mut out = String::new();
    // RFC 3464 §2.2: Original-Envelope-Id, Reporting-MTA, Arrival-Date.
    if let Some(envid) = input.envid {
        // RFC 3461 §4.4: ENVID travels as xtext; the DSN carries the decoded
        // value, which must be printable US-ASCII (RFC 3464 §2.2.1).
        let id = ascii_text(&String::from_utf8_lossy(&xtext_decode(envid)));
        if !id.is_empty() {
            push_field(&mut out, "Original-Envelope-Id", &id);
        }
    }
    push_field(&mut out, "Reporting-MTA", &format!("dns; {host}"));
    push_field(
        &mut out,
        "Arrival-Date",
        &format_rfc5322_date(input.arrival),
    );

    for r in input.recipients {
        out.push_str("\r\n");
        // RFC 3464 §2.3: field order as in the RFC.
        if let Some(orcpt) = &r.original_recipient {
            push_field(&mut out, "Original-Recipient", &original_recipient(orcpt));
        }
        push_field(&mut out, "Final-Recipient", &typed_address(&r.recipient));
        push_field(&mut out, "Action", r.action.as_str());
        push_field(&mut out, "Status", status_code(r));
        if let Some(mta) = &r.remote_mta {
            let mta = clean_hostname_or_literal(mta);
            if !mta.is_empty() {
                push_field(&mut out, "Remote-MTA", &format!("dns; {mta}"));
            }
        }
        if let Some(diag) = &r.diagnostic {
            let diag = truncate_ascii(&ascii_text(diag), MAX_DIAGNOSTIC_LEN);
            if !diag.is_empty() {
                // RFC 3464 §2.3.6: diagnostic-type "smtp" for SMTP replies.
                push_field(&mut out, "Diagnostic-Code", &format!("smtp; {diag}"));
            }
        }
        if let Some(t) = r.last_attempt {
            push_field(&mut out, "Last-Attempt-Date", &format_rfc5322_date(t));
        }
        // RFC 3464 §2.3.9: only meaningful for delayed DSNs.
        if r.action == Action::Delayed
            && let Some(t) = r.will_retry_until
        {
            push_field(&mut out, "Will-Retry-Until", &format_rfc5322_date(t));
        }
    }
    out
}

/// Appends `Name: value` CRLF, folding at spaces before column 78
/// (fields follow header syntax, RFC 3464 §2.1, folding per RFC 5322 §2.2.3).
/// The value must be ASCII without CR/LF.
fn push_field(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push(':');
    let mut line_len = name.len() + 1;
    let mut first = true;
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if !first && line_len + 1 + word.len() > 78 {
            out.push_str("\r\n");
            line_len = 0;
        }
        out.push(' ');
        out.push_str(word);
        line_len += 1 + word.len();
        first = false;
    }
    out.push_str("\r\n");
}

/// RFC 3463 `class "." subject "." detail`; falls back to the action's
/// generic code when malformed.
fn status_code(r: &RecipientStatus) -> &str {
    let s = r.status.trim();
    let mut parts = s.split('.');
    let ok = matches!(parts.next(), Some("2" | "4" | "5"))
        && parts
            .by_ref()
            .take(2)
            .filter(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
            .count()
            == 2
        && parts.next().is_none();
    if ok { s } else { r.action.default_status() }
}

/// `rfc822; addr`, or `utf-8; addr` in utf-8-addr-xtext form for an
/// SMTPUTF8 address, since message/delivery-status is ASCII only
/// (RFC 6533 §3).
fn typed_address(addr: &str) -> String {
    let addr = addr.trim();
    if addr.is_ascii() {
        format!("rfc822; {}", ascii_text(addr))
    } else {
        format!("utf-8; {}", utf8_addr_xtext(addr))
    }
}

/// The Original-Recipient value from a raw ORCPT parameter (RFC 3461 §4.2:
/// `addr-type ";" xtext`), with the xtext decoded and the addr-type kept
/// (RFC 3464 §2.3.1).
fn original_recipient(orcpt: &str) -> String {
    let orcpt = orcpt.trim();
    let (addr_type, raw) = match orcpt.split_once(';') {
        Some((t, a)) => (t.trim(), a.trim()),
        None => ("rfc822", orcpt),
    };
    let decoded = String::from_utf8_lossy(&xtext_decode(raw)).into_owned();
    if addr_type.eq_ignore_ascii_case("rfc822") || addr_type.is_empty() {
        typed_address(&decoded)
    } else if addr_type.eq_ignore_ascii_case("utf-8") {
        // Already utf-8-addr-xtext or -unitext (RFC 6533 §3); make sure no
        // raw UTF-8 (unitext) ends up in message/delivery-status.
        let mut v = String::new();
        for c in decoded.chars() {
            if c.is_ascii_graphic() {
                v.push(c);
            } else if !c.is_ascii() {
                v.push_str(&format!("\\x{{{:X}}}", u32::from(c)));
            }
        }
        format!("utf-8; {v}")
    } else {
        let t: String = addr_type
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        format!("{t}; {}", ascii_text(&decoded))
    }
}

/// RFC 3461 §4 xtext: `"+" 2HEXDIG` stands for one octet.
fn xtext_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'+'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|c| hex_val(*c)),
                b.get(i + 2).and_then(|c| hex_val(*c)),
            )
        {
            out.push(h << 4 | l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// RFC 6533 §3 utf-8-addr-xtext: QCHAR as is, everything else as
/// EmbeddedUnicodeChar `\x{HEXPOINT}` (uppercase, no leading zeros; the
/// ASCII specials use their 2-digit forms). Control characters are dropped.
fn utf8_addr_xtext(addr: &str) -> String {
    let mut out = String::with_capacity(addr.len() * 2);
    for c in addr.chars() {
        match c {
            '\\' | '+' | '=' | ' ' | '\x7f' => {
                out.push_str(&format!("\\x{{{:02X}}}", u32::from(c)))
            }
            c if c.is_ascii_graphic() => out.push(c),
            c if c.is_ascii() || c.is_control() => {}
            c => out.push_str(&format!("\\x{{{:X}}}", u32::from(c))),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Human-readable part
// ---------------------------------------------------------------------------

/// (Vietnamese, English) explanation of an enhanced status code (RFC 3463).
fn explain(status: &str) -> (&'static str, &'static str) {
    let mut it = status.split('.').map(|p| p.parse::<u16>().unwrap_or(0));
    let class = it.next().unwrap_or(0);
    let subject = it.next().unwrap_or(0);
    let detail = it.next().unwrap_or(0);
    match (class, subject, detail) {
        (2, _, _) => ("đã gửi thành công", "delivered successfully"),
        (_, 1, 1) => (
            "địa chỉ người nhận không tồn tại",
            "the recipient address does not exist",
        ),
        (_, 1, 2) => (
            "tên miền của người nhận không tồn tại hoặc không nhận thư",
            "the recipient's domain does not exist or does not accept mail",
        ),
        (_, 1, _) => (
            "địa chỉ người nhận không hợp lệ",
            "the recipient address is not valid",
        ),
        (_, 2, 2) => (
            "hộp thư của người nhận đã đầy",
            "the recipient's mailbox is full",
        ),
        (_, 2, 3) | (_, 3, 4) => (
            "thư vượt quá kích thước cho phép",
            "the message is larger than the receiving system accepts",
        ),
        (_, 2, _) => (
            "hộp thư của người nhận đã bị khóa hoặc tạm thời không nhận thư",
            "the recipient's mailbox is disabled or not accepting mail",
        ),
        (_, 3, _) => (
            "hệ thống thư của người nhận đang gặp sự cố",
            "the recipient's mail system has a problem",
        ),
        (_, 4, 1) => (
            "máy chủ thư của người nhận không phản hồi",
            "the recipient's mail server does not answer",
        ),
        (_, 4, 4) => (
            "không tìm được đường đến máy chủ thư của người nhận",
            "no route to the recipient's mail server was found",
        ),
        (_, 4, 7) => (
            "đã hết thời gian cho phép mà thư vẫn chưa gửi được",
            "the message could not be delivered within the allowed time",
        ),
        (_, 4, _) => (
            "lỗi mạng hoặc lỗi kết nối đến máy chủ thư của người nhận",
            "a network or connection problem with the recipient's mail server",
        ),
        (_, 5, _) => (
            "lỗi giao thức khi trao đổi với máy chủ thư của người nhận",
            "a mail protocol error with the recipient's mail server",
        ),
        (_, 6, _) => (
            "máy chủ nhận không chấp nhận định dạng hoặc nội dung của thư",
            "the receiving server cannot accept the message format or content",
        ),
        (_, 7, _) => (
            "thư bị từ chối theo chính sách an ninh, bảo mật của máy chủ nhận",
            "the message was refused by the receiving server's security policy",
        ),
        (4, _, _) => ("lỗi tạm thời", "a temporary failure"),
        _ => ("lỗi không khắc phục được", "a permanent failure"),
    }
}

fn action_text(a: Action) -> (&'static str, &'static str) {
    match a {
        Action::Failed => ("KHÔNG GỬI ĐƯỢC", "FAILED"),
        Action::Delayed => ("CHƯA GỬI ĐƯỢC, đang thử lại", "DELAYED, still retrying"),
        Action::Delivered => ("đã gửi đến hộp thư người nhận", "delivered to the mailbox"),
        Action::Relayed => (
            "đã chuyển tiếp đến hệ thống không gửi thông báo trạng thái",
            "relayed to a system that sends no delivery reports",
        ),
        Action::Expanded => (
            "đã chuyển đến các địa chỉ của nhóm/danh sách",
            "expanded to the members of a list or alias",
        ),
    }
}

fn human_dsn_text(input: &DsnInput, host: &str, info: &OriginalInfo) -> String {
    let failed = input.recipients.iter().any(|r| r.action == Action::Failed);
    let delayed = input.recipients.iter().any(|r| r.action == Action::Delayed);
    let succeeded = input.recipients.iter().any(|r| {
        matches!(
            r.action,
            Action::Delivered | Action::Relayed | Action::Expanded
        )
    });
    let mut t = String::new();
    let subject = info.subject.as_deref();

    // ---- Tiếng Việt ----
    t.push_str(&format!(
        "Đây là thư thông báo tự động của hệ thống thư điện tử {host}.\r\n\r\n"
    ));
    if failed {
        t.push_str(
            "Rất tiếc, thư của Quý vị không gửi được đến (những) người nhận được \
             đánh dấu KHÔNG GỬI ĐƯỢC dưới đây và đã bị trả lại.\r\n",
        );
    }
    if delayed {
        t.push_str(
            "Thư của Quý vị chưa gửi được đến (những) người nhận được đánh dấu \
             CHƯA GỬI ĐƯỢC dưới đây. Hệ thống vẫn đang tự động thử gửi lại, \
             Quý vị không cần gửi lại thư.\r\n",
        );
    }
    if succeeded {
        t.push_str("Thư của Quý vị đã được gửi đi như mô tả dưới đây.\r\n");
    }
    t.push_str("\r\nThư gốc:\r\n");
    if let Some(s) = subject {
        t.push_str(&format!("  Tiêu đề: {s}\r\n"));
    }
    t.push_str(&format!(
        "  Hệ thống nhận thư lúc: {}\r\n",
        human_date_vi(input.arrival)
    ));
    for r in input.recipients {
        let (act, _) = action_text(r.action);
        let status = status_code(r);
        let (why, _) = explain(status);
        t.push_str(&format!("\r\n* {}: {act}\r\n", clean_line(&r.recipient)));
        if matches!(r.action, Action::Failed | Action::Delayed) {
            t.push_str(&format!("  Nguyên nhân: {why} (mã {status}).\r\n"));
        }
        if let Some(d) = r.diagnostic.as_deref().map(clean_line) {
            match r.remote_mta.as_deref().map(clean_line) {
                Some(mta) => t.push_str(&format!("  Máy chủ {mta} trả lời: {d}\r\n")),
                None => t.push_str(&format!("  Chi tiết: {d}\r\n")),
            }
        }
        if let Some(at) = r.last_attempt {
            t.push_str(&format!("  Lần thử gần nhất: {}\r\n", human_date_vi(at)));
        }
        if r.action == Action::Delayed
            && let Some(until) = r.will_retry_until
        {
            t.push_str(&format!(
                "  Hệ thống sẽ tiếp tục thử gửi lại đến: {}\r\n",
                human_date_vi(until)
            ));
        }
    }
    t.push_str("\r\nQuý vị nên làm gì:\r\n");
    if failed {
        t.push_str(
            "  - Kiểm tra lại địa chỉ người nhận (chính tả, tên miền) rồi gửi lại thư.\r\n\
             \x20 - Nếu thư quá lớn, hãy giảm kích thước tệp đính kèm.\r\n\
             \x20 - Nếu địa chỉ đúng mà vẫn không gửi được, vui lòng liên hệ bộ phận \
             quản trị hệ thống thư điện tử của cơ quan và chuyển kèm thư thông báo này.\r\n",
        );
    }
    if delayed {
        t.push_str(
            "  - Với người nhận CHƯA GỬI ĐƯỢC: Quý vị không cần làm gì. Nếu đến hết \
             thời hạn thử lại mà thư vẫn chưa gửi được, Quý vị sẽ nhận được thông \
             báo khác.\r\n",
        );
    }
    if !failed && !delayed {
        t.push_str("  - Quý vị không cần làm gì thêm.\r\n");
    }
    t.push_str(
        "\r\nThông tin kỹ thuật và thư gốc (hoặc phần tiêu đề của thư gốc) được \
         đính kèm bên dưới.\r\nĐây là thư tự động, vui lòng không trả lời thư này.\r\n",
    );

    t.push_str(
        "\r\n----------------------------------------------------------------------\r\n\r\n",
    );

    // ---- English ----
    t.push_str(&format!(
        "This is an automatically generated message from the mail system at {host}.\r\n\r\n"
    ));
    if failed {
        t.push_str(
            "Your message could not be delivered to the recipient(s) marked FAILED \
             below and is returned to you.\r\n",
        );
    }
    if delayed {
        t.push_str(
            "Your message has not yet been delivered to the recipient(s) marked \
             DELAYED below. The mail system is still retrying; you do not need to \
             send it again.\r\n",
        );
    }
    if succeeded {
        t.push_str("Your message was delivered as described below.\r\n");
    }
    t.push_str("\r\nOriginal message:\r\n");
    if let Some(s) = subject {
        t.push_str(&format!("  Subject: {s}\r\n"));
    }
    t.push_str(&format!(
        "  Received by the mail system: {}\r\n",
        human_date_en(input.arrival)
    ));
    for r in input.recipients {
        let (_, act) = action_text(r.action);
        let status = status_code(r);
        let (_, why) = explain(status);
        t.push_str(&format!("\r\n* {}: {act}\r\n", clean_line(&r.recipient)));
        if matches!(r.action, Action::Failed | Action::Delayed) {
            t.push_str(&format!("  Reason: {why} (code {status}).\r\n"));
        }
        if let Some(d) = r.diagnostic.as_deref().map(clean_line) {
            match r.remote_mta.as_deref().map(clean_line) {
                Some(mta) => t.push_str(&format!("  Server {mta} replied: {d}\r\n")),
                None => t.push_str(&format!("  Details: {d}\r\n")),
            }
        }
        if let Some(at) = r.last_attempt {
            t.push_str(&format!("  Last attempt: {}\r\n", human_date_en(at)));
        }
        if r.action == Action::Delayed
            && let Some(until) = r.will_retry_until
        {
            t.push_str(&format!("  Retrying until: {}\r\n", human_date_en(until)));
        }
    }
    t.push_str("\r\nWhat to do:\r\n");
    if failed {
        t.push_str(
            "  - Check the recipient address (spelling, domain) and send the message again.\r\n\
             \x20 - If the message is too large, reduce the size of its attachments.\r\n\
             \x20 - If the address is correct and delivery still fails, contact your \
             agency's mail administrators and forward them this notice.\r\n",
        );
    }
    if delayed {
        t.push_str(
            "  - For DELAYED recipients nothing needs to be done. If the message still \
             cannot be delivered when retrying ends, you will receive another notice.\r\n",
        );
    }
    if !failed && !delayed {
        t.push_str("  - Nothing needs to be done.\r\n");
    }
    t.push_str(
        "\r\nThe technical report and the original message (or its headers) are \
         attached below.\r\nThis is an automated message; please do not reply.\r\n",
    );
    t
}

// ---------------------------------------------------------------------------
// Quota sizes
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Vi,
    En,
}

/// Binary units (1 MB = 2^20 bytes), one decimal, rounded half up; GB from
/// 1024 MB on. Vietnamese: "1.536,5 GB"; English: "1,536.5 GB".
fn format_size(bytes: u64, lang: Lang) -> String {
    const MIB: u128 = 1 << 20;
    const GIB: u128 = 1 << 30;
    let b = u128::from(bytes);
    let mb_tenths = (b * 10 + MIB / 2) / MIB;
    let (tenths, unit) = if mb_tenths >= 10_240 {
        ((b * 10 + GIB / 2) / GIB, "GB")
    } else {
        (mb_tenths, "MB")
    };
    let (group_sep, decimal_sep) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let digits = (tenths / 10).to_string();
    let mut int = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            int.push(group_sep);
        }
        int.push(c);
    }
    format!("{int}{decimal_sep}{} {unit}", tenths % 10)
}

// ---------------------------------------------------------------------------
// Sanitising (header / field injection guards)
// ---------------------------------------------------------------------------

/// One line of UTF-8 text: control characters (CR, LF, TAB, ...) become
/// spaces, runs of spaces collapse. mail-builder writes address e-mails and
/// Raw headers verbatim, so anything caller- or remote-supplied that ends up
/// in a header must go through this.
pub(crate) fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out
}

/// Printable US-ASCII only: controls become spaces, other non-ASCII `?`.
fn ascii_text(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            c if c.is_ascii_graphic() || c == ' ' => c,
            c if c.is_control() => ' ',
            _ => '?',
        })
        .collect();
    clean_line(&mapped)
}

/// A DNS host name made of letters, digits, '-' and '.'; "localhost" if
/// nothing usable is left.
pub(crate) fn clean_hostname(s: &str) -> String {
    let h: String = s
        .trim()
        .trim_end_matches('.')
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    if h.is_empty() {
        "localhost".to_string()
    } else {
        h
    }
}

/// Host name or an address literal such as `[192.0.2.1]` (remote MTAs are
/// sometimes known only by IP). Non-ASCII is dropped (DNS gives A-labels).
fn clean_hostname_or_literal(s: &str) -> String {
    s.trim()
        .trim_end_matches('.')
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'))
        .collect()
}

fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `s` is ASCII, so any byte index is a char boundary.
fn truncate_ascii(s: &str, max: usize) -> String {
    if s.len() <= max {
        s.to_string()
    } else {
        s.get(..max).unwrap_or(s).to_string()
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use mail_parser::{Message, MessagePart, MimeHeaders};

    const HOST: &str = "mail.bocongthuong.gov.vn";
    const T_ARRIVAL: i64 = 1_793_667_600; // Tue, 03 Nov 2026 08:00:00 +0700
    const T_NOW: i64 = T_ARRIVAL + 3600;

    const ORIGINAL: &[u8] = b"From: Nguyen Van A <a@bocongthuong.gov.vn>\r\n\
To: b@example.gov.vn, c@example.gov.vn\r\n\
Subject: =?utf-8?B?QsOhbyBjw6FvIHF1w70gMw==?=\r\n\
Message-ID: <orig-123@bocongthuong.gov.vn>\r\n\
Date: Tue, 03 Nov 2026 07:59:00 +0700\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=us-ascii\r\n\
\r\n\
Body line one.\r\n\
\r\n\
SECRET-BODY-MARKER\r\n";

    fn recipients() -> Vec<RecipientStatus> {
        vec![
            RecipientStatus {
                recipient: "b@example.gov.vn".into(),
                original_recipient: None,
                action: Action::Failed,
                status: "5.1.1".into(),
                remote_mta: Some("mx.example.gov.vn".into()),
                diagnostic: Some("550 5.1.1 <b@example.gov.vn>: no such user".into()),
                last_attempt: Some(T_ARRIVAL + 60),
                will_retry_until: None,
            },
            RecipientStatus {
                recipient: "c@example.gov.vn".into(),
                original_recipient: Some("rfc822;c+2Balias@example.gov.vn".into()),
                action: Action::Failed,
                status: "5.2.2".into(),
                remote_mta: None,
                diagnostic: None,
                last_attempt: None,
                will_retry_until: None,
            },
        ]
    }

    fn input<'a>(rcpts: &'a [RecipientStatus], original: &'a [u8], full: bool) -> DsnInput<'a> {
        DsnInput {
            hostname: HOST,
            to: "a@bocongthuong.gov.vn",
            envid: Some("QQ+2B123"),
            arrival: T_ARRIVAL,
            recipients: rcpts,
            original,
            return_full: full,
            now: T_NOW,
        }
    }

    fn parse(raw: &[u8]) -> Message<'_> {
        MessageParser::new().parse(raw).expect("parses")
    }

    /// The three sub-parts of the multipart/report root.
    fn report_parts<'a>(msg: &'a Message<'a>) -> Vec<&'a MessagePart<'a>> {
        let ids = msg.root_part().sub_parts().expect("multipart root");
        ids.iter().map(|id| msg.part(*id).unwrap()).collect()
    }

    fn ctype(part: &MessagePart<'_>) -> String {
        let ct = part.content_type().expect("content type");
        format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or(""))
    }

    /// Unfolds and splits a message/delivery-status body into field groups.
    fn ds_groups(body: &[u8]) -> Vec<Vec<(String, String)>> {
        let text = std::str::from_utf8(body).expect("ascii");
        assert!(text.is_ascii(), "delivery-status must be ASCII: {text:?}");
        let unfolded = text.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded
            .split("\r\n\r\n")
            .map(|group| {
                group
                    .split("\r\n")
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        let (k, v) = l.split_once(':').expect("field");
                        (k.to_string(), v.trim().to_string())
                    })
                    .collect()
            })
            .collect()
    }

    fn fields(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn assert_crlf_only(raw: &[u8]) {
        for (i, &b) in raw.iter().enumerate() {
            if b == b'\n' {
                assert!(i > 0 && raw[i - 1] == b'\r', "bare LF at {i}");
            }
            if b == b'\r' {
                assert_eq!(raw.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
        for line in raw.split(|&b| b == b'\n') {
            assert!(line.len() <= 999, "line over 998 octets");
        }
    }

    fn header_str<'a>(msg: &'a Message<'a>, name: &'a str) -> &'a str {
        msg.header_raw(name).unwrap_or("").trim()
    }

    #[test]
    fn date_formatter_known_values() {
        assert_eq!(format_rfc5322_date(0), "Thu, 01 Jan 1970 07:00:00 +0700");
        assert_eq!(
            format_rfc5322_date(1_793_667_600),
            "Tue, 03 Nov 2026 08:00:00 +0700"
        );
        // Leap day, and the UTC day boundary crossing into the next local day.
        assert_eq!(
            format_rfc5322_date(1_709_251_199),
            "Fri, 01 Mar 2024 06:59:59 +0700"
        );
        assert_eq!(
            format_rfc5322_date(1_709_164_800),
            "Thu, 29 Feb 2024 07:00:00 +0700"
        );
        assert_eq!(
            format_rfc5322_date(-25_201),
            "Wed, 31 Dec 1969 23:59:59 +0700"
        );
        assert_eq!(
            format_rfc5322_date(946_659_600),
            "Sat, 01 Jan 2000 00:00:00 +0700"
        );
    }

    #[test]
    fn failed_dsn_structure_and_fields() {
        let rcpts = recipients();
        let raw = delivery_status_notification(&input(&rcpts, ORIGINAL, true));
        assert_crlf_only(&raw);
        let msg = parse(&raw);

        // Top-level headers.
        assert_eq!(
            msg.subject().unwrap(),
            "Không gửi được thư / Undelivered Mail Returned to Sender: Báo cáo quý 3"
        );
        let from = msg.from().unwrap().first().unwrap();
        assert_eq!(from.address().unwrap(), format!("MAILER-DAEMON@{HOST}"));
        assert_eq!(from.name().unwrap(), "Hệ thống thư điện tử");
        assert_eq!(
            msg.to().unwrap().first().unwrap().address().unwrap(),
            "a@bocongthuong.gov.vn"
        );
        assert_eq!(header_str(&msg, "Date"), format_rfc5322_date(T_NOW));
        assert_eq!(header_str(&msg, "Auto-Submitted"), "auto-replied");
        assert_eq!(header_str(&msg, "MIME-Version"), "1.0");
        assert!(msg.message_id().unwrap().ends_with(&format!("@{HOST}")));
        assert_eq!(
            header_str(&msg, "In-Reply-To"),
            "<orig-123@bocongthuong.gov.vn>"
        );
        // mail-builder must not add its own Date, Message-ID or MIME-Version.
        let top = String::from_utf8_lossy(header_block(&raw)).into_owned();
        for name in ["\nDate: ", "\nMessage-ID: ", "\nMIME-Version: "] {
            assert_eq!(top.matches(name).count(), 1, "{name:?} in {top}");
        }

        // multipart/report; report-type=delivery-status
        let ct = msg.content_type().unwrap();
        assert_eq!(ct.ctype(), "multipart");
        assert_eq!(ct.subtype(), Some("report"));
        assert_eq!(ct.attribute("report-type"), Some("delivery-status"));

        let parts = report_parts(&msg);
        assert_eq!(parts.len(), 3);
        assert_eq!(ctype(parts[0]), "text/plain");
        assert_eq!(ctype(parts[1]), "message/delivery-status");
        assert_eq!(ctype(parts[2]), "message/rfc822");

        // Human text: Vietnamese first, then English.
        let text = parts[0].text_contents().unwrap();
        let vi = text.find("không gửi được đến").expect("vietnamese");
        let en = text.find("could not be delivered").expect("english");
        assert!(vi < en);
        assert!(text.contains("b@example.gov.vn"));
        assert!(text.contains("địa chỉ người nhận không tồn tại (mã 5.1.1)"));
        assert!(text.contains("hộp thư của người nhận đã đầy (mã 5.2.2)"));
        assert!(text.contains("Server mx.example.gov.vn replied: 550 5.1.1"));
        assert!(text.contains("Tiêu đề: Báo cáo quý 3"));

        // The delivery-status part: encoding 7bit, exact fields.
        assert_eq!(parts[1].content_transfer_encoding(), Some("7bit"));
        let groups = ds_groups(parts[1].contents());
        assert_eq!(groups.len(), 3);
        assert_eq!(
            groups[0],
            fields(&[
                ("Original-Envelope-Id", "QQ+123"),
                ("Reporting-MTA", &format!("dns; {HOST}")),
                ("Arrival-Date", "Tue, 03 Nov 2026 08:00:00 +0700"),
            ])
        );
        assert_eq!(
            groups[1],
            fields(&[
                ("Final-Recipient", "rfc822; b@example.gov.vn"),
                ("Action", "failed"),
                ("Status", "5.1.1"),
                ("Remote-MTA", "dns; mx.example.gov.vn"),
                (
                    "Diagnostic-Code",
                    "smtp; 550 5.1.1 <b@example.gov.vn>: no such user"
                ),
                ("Last-Attempt-Date", "Tue, 03 Nov 2026 08:01:00 +0700"),
            ])
        );
        assert_eq!(
            groups[2],
            fields(&[
                ("Original-Recipient", "rfc822; c+alias@example.gov.vn"),
                ("Final-Recipient", "rfc822; c@example.gov.vn"),
                ("Action", "failed"),
                ("Status", "5.2.2"),
            ])
        );

        // The returned message, whole and byte-identical.
        let nested = parts[2].message().expect("nested message");
        assert_eq!(nested.subject(), Some("Báo cáo quý 3"));
        assert_eq!(nested.raw_message(), ORIGINAL);
        assert_eq!(parts[2].content_transfer_encoding(), Some("7bit"));
    }

    #[test]
    fn ret_hdrs_returns_only_the_header_block() {
        let rcpts = recipients();
        let raw = delivery_status_notification(&input(&rcpts, ORIGINAL, false));
        assert_crlf_only(&raw);
        let msg = parse(&raw);
        let parts = report_parts(&msg);
        assert_eq!(parts.len(), 3);
        assert_eq!(ctype(parts[2]), "text/rfc822-headers");
        let returned = parts[2].contents();
        let cut = ORIGINAL.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        assert_eq!(returned, &ORIGINAL[..cut + 2]);
        assert!(!String::from_utf8_lossy(&raw).contains("SECRET-BODY-MARKER"));
        assert!(!String::from_utf8_lossy(&raw).contains("Body line one"));
    }

    #[test]
    fn delayed_dsn_has_will_retry_until() {
        let rcpts = vec![RecipientStatus {
            recipient: "d@example.gov.vn".into(),
            original_recipient: None,
            action: Action::Delayed,
            status: "4.4.1".into(),
            remote_mta: Some("mx2.example.gov.vn".into()),
            diagnostic: Some("421 4.4.1 try again later".into()),
            last_attempt: Some(T_NOW - 60),
            will_retry_until: Some(T_ARRIVAL + 5 * 86_400),
        }];
        let raw = delivery_status_notification(&input(&rcpts, ORIGINAL, false));
        let msg = parse(&raw);
        assert_eq!(
            msg.subject().unwrap(),
            "Thư chưa gửi được, đang thử lại / Delayed Mail (still being retried)"
        );
        let parts = report_parts(&msg);
        let groups = ds_groups(parts[1].contents());
        assert_eq!(
            groups[1],
            fields(&[
                ("Final-Recipient", "rfc822; d@example.gov.vn"),
                ("Action", "delayed"),
                ("Status", "4.4.1"),
                ("Remote-MTA", "dns; mx2.example.gov.vn"),
                ("Diagnostic-Code", "smtp; 421 4.4.1 try again later"),
                ("Last-Attempt-Date", "Tue, 03 Nov 2026 08:59:00 +0700"),
                ("Will-Retry-Until", "Sun, 08 Nov 2026 08:00:00 +0700"),
            ])
        );
        let text = parts[0].text_contents().unwrap();
        assert!(text.contains("đang tự động thử gửi lại"));
        assert!(text.contains("08:00:00 ngày 08/11/2026"));
        assert!(text.contains("Retrying until: 08 Nov 2026 08:00:00"));
    }

    #[test]
    fn smtputf8_addresses_use_utf8_type() {
        let rcpts = vec![RecipientStatus {
            recipient: "nguyễn@bộ.gov.vn".into(),
            original_recipient: Some("utf-8;nguy\\x{1EC5}n@b\\x{1ED9}.gov.vn".into()),
            action: Action::Failed,
            status: "5.1.1".into(),
            remote_mta: None,
            diagnostic: Some("550 5.1.1 người nhận không tồn tại\r\n550 bye".into()),
            last_attempt: None,
            will_retry_until: None,
        }];
        let raw = delivery_status_notification(&input(&rcpts, ORIGINAL, true));
        let msg = parse(&raw);
        let parts = report_parts(&msg);
        let groups = ds_groups(parts[1].contents());
        assert_eq!(
            groups[1],
            fields(&[
                (
                    "Original-Recipient",
                    "utf-8; nguy\\x{1EC5}n@b\\x{1ED9}.gov.vn"
                ),
                ("Final-Recipient", "utf-8; nguy\\x{1EC5}n@b\\x{1ED9}.gov.vn"),
                ("Action", "failed"),
                ("Status", "5.1.1"),
                (
                    "Diagnostic-Code",
                    "smtp; 550 5.1.1 ng??i nh?n kh?ng t?n t?i 550 bye"
                ),
            ])
        );
        // The human part keeps the real characters.
        let text = parts[0].text_contents().unwrap();
        assert!(text.contains("nguyễn@bộ.gov.vn"));
        assert!(text.contains("người nhận không tồn tại"));
    }

    #[test]
    fn remote_text_cannot_inject_fields_or_headers() {
        let rcpts = vec![RecipientStatus {
            recipient: "x@example.gov.vn\r\nBcc: evil@example.com".into(),
            original_recipient: None,
            action: Action::Failed,
            status: "not-a-code".into(),
            remote_mta: Some("mx.example.gov.vn\r\nAction: delivered".into()),
            diagnostic: Some("550 nope\r\n\r\nAction: delivered\r\nStatus: 2.0.0".into()),
            last_attempt: None,
            will_retry_until: None,
        }];
        let mut inp = input(&rcpts, ORIGINAL, false);
        inp.to = "a@bocongthuong.gov.vn\r\nBcc: evil@example.com";
        let raw = delivery_status_notification(&inp);
        assert_crlf_only(&raw);
        let msg = parse(&raw);
        assert!(msg.bcc().is_none());
        let parts = report_parts(&msg);
        let groups = ds_groups(parts[1].contents());
        assert_eq!(groups.len(), 2);
        let actions: Vec<_> = groups[1].iter().filter(|(k, _)| k == "Action").collect();
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].1, "failed");
        // Malformed status falls back to the action's generic code.
        assert!(groups[1].contains(&("Status".into(), "5.0.0".into())));
    }

    #[test]
    fn long_diagnostic_is_folded() {
        let long = format!("550 5.7.1 {}", "policy rejection reason ".repeat(60));
        let rcpts = vec![RecipientStatus {
            recipient: "x@example.gov.vn".into(),
            original_recipient: None,
            action: Action::Failed,
            status: "5.7.1".into(),
            remote_mta: None,
            diagnostic: Some(long),
            last_attempt: None,
            will_retry_until: None,
        }];
        let raw = delivery_status_notification(&input(&rcpts, ORIGINAL, false));
        let msg = parse(&raw);
        let parts = report_parts(&msg);
        let body = parts[1].contents();
        for line in body.split(|&b| b == b'\n') {
            assert!(line.len() <= 79, "{}", String::from_utf8_lossy(line));
        }
        let groups = ds_groups(body);
        let diag = &groups[1]
            .iter()
            .find(|(k, _)| k == "Diagnostic-Code")
            .unwrap()
            .1;
        assert!(diag.starts_with("smtp; 550 5.7.1 policy rejection reason"));
    }

    #[test]
    fn lf_original_is_normalised_and_8bit_marked() {
        let original = "Subject: Thư báo cáo\nFrom: a@b.gov.vn\n\nNội dung\n".as_bytes();
        let rcpts = recipients();
        let raw = delivery_status_notification(&input(&rcpts, original, true));
        assert_crlf_only(&raw);
        let msg = parse(&raw);
        assert!(msg.subject().unwrap().ends_with(": Thư báo cáo"));
        let parts = report_parts(&msg);
        assert_eq!(ctype(parts[2]), "message/rfc822");
        assert_eq!(parts[2].content_transfer_encoding(), Some("8bit"));
        assert_eq!(
            parts[2].message().unwrap().raw_message(),
            "Subject: Thư báo cáo\r\nFrom: a@b.gov.vn\r\n\r\nNội dung\r\n".as_bytes()
        );
    }

    #[test]
    fn unsafe_original_falls_back_to_headers() {
        let mut original = b"Subject: big\r\nFrom: a@b.gov.vn\r\n\r\n".to_vec();
        original.extend(std::iter::repeat_n(b'x', 2000));
        original.extend_from_slice(b"\r\n");
        let rcpts = recipients();
        let raw = delivery_status_notification(&input(&rcpts, &original, true));
        assert_crlf_only(&raw);
        let msg = parse(&raw);
        let parts = report_parts(&msg);
        assert_eq!(ctype(parts[2]), "text/rfc822-headers");
        assert_eq!(parts[2].contents(), b"Subject: big\r\nFrom: a@b.gov.vn\r\n");
    }

    #[test]
    fn message_ids_are_unique() {
        let rcpts = recipients();
        let a = delivery_status_notification(&input(&rcpts, ORIGINAL, false));
        let b = delivery_status_notification(&input(&rcpts, ORIGINAL, false));
        let (ma, mb) = (parse(&a), parse(&b));
        assert_ne!(ma.message_id(), mb.message_id());
    }

    #[test]
    fn quota_notice_formats_numbers_in_both_languages() {
        let raw = quota_notice(&QuotaNotice {
            hostname: HOST,
            to: "tran.thi.b@bocongthuong.gov.vn",
            display_name: "Trần Thị B",
            percent: 75,
            used_bytes: 1_610_612_736, // 1.5 GiB
            limit_bytes: 2 * 1_073_741_824,
            now: T_NOW,
        });
        assert_crlf_only(&raw);
        let msg = parse(&raw);
        assert_eq!(
            msg.subject().unwrap(),
            "Cảnh báo: hộp thư đã dùng 75% dung lượng / Warning: your mailbox is 75% full"
        );
        assert_eq!(header_str(&msg, "Auto-Submitted"), "auto-generated");
        assert_eq!(header_str(&msg, "Date"), format_rfc5322_date(T_NOW));
        assert!(msg.message_id().unwrap().ends_with(&format!("@{HOST}")));
        let to = msg.to().unwrap().first().unwrap();
        assert_eq!(to.name(), Some("Trần Thị B"));
        let ct = msg.content_type().unwrap();
        assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("plain")));
        assert_eq!(ct.attribute("charset"), Some("utf-8"));

        let text = msg.body_text(0).unwrap();
        let vi = text.find("đã sử dụng 1,5 GB trên tổng dung lượng 2,0 GB (75%)");
        let en = text.find("is using 1.5 GB of its 2.0 GB quota (75%)");
        assert!(vi.is_some() && en.is_some(), "{text}");
        assert!(vi < en, "Vietnamese first");
        assert!(text.contains("Kính gửi Trần Thị B"));
        assert!(text.contains("Thùng rác"));
        assert!(text.contains("empty the Trash"));
        assert!(text.contains("archive"));
    }

    #[test]
    fn size_formatting() {
        assert_eq!(format_size(1_610_612_736, Lang::Vi), "1,5 GB");
        assert_eq!(format_size(1_610_612_736, Lang::En), "1.5 GB");
        assert_eq!(format_size(500 * 1_048_576, Lang::Vi), "500,0 MB");
        assert_eq!(format_size(1_572_864, Lang::Vi), "1,5 MB");
        assert_eq!(format_size(0, Lang::En), "0.0 MB");
        // Just below 1 GiB rounds to 1024.0 MB, so it is shown as GB.
        assert_eq!(format_size(1_073_741_823, Lang::Vi), "1,0 GB");
        assert_eq!(format_size(2048 * 1_073_741_824, Lang::Vi), "2.048,0 GB");
        assert_eq!(format_size(2048 * 1_073_741_824, Lang::En), "2,048.0 GB");
    }

    #[test]
    fn xtext_and_utf8_xtext() {
        assert_eq!(xtext_decode("a+2Bb+3Dc"), b"a+b=c");
        assert_eq!(xtext_decode("a+zz"), b"a+zz");
        assert_eq!(utf8_addr_xtext("é+ữ@x"), "\\x{E9}\\x{2B}\\x{1EEF}@x");
        assert_eq!(original_recipient("rfc822;a+2Bb@x.vn"), "rfc822; a+b@x.vn");
        assert_eq!(original_recipient("x400;/C=VN/"), "x400; /C=VN/");
    }
}
