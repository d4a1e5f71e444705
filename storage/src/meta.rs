//! The header fields kept with each message content, derived from one parse at delivery so
//! that listing, SEARCH and SORT never re-read the blob.

use mail_parser::{Address, HeaderValue};
use serde::Serialize;

use crate::structure::MessageStructure;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MessageMeta {
    /// Decoded Subject (RFC 2047 words decoded to UTF-8).
    pub subject: Option<String>,
    /// From, decoded, as "Name <addr>, …".
    pub from: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub message_id: Option<String>,
    /// The message IDs it refers to, for THREAD (RFC 5256 §4 step 1A): References, else the
    /// first of In-Reply-To; see [`crate::thread::thread_refs`]. `None` when not computed.
    pub thread_refs: Option<String>,
    /// The Date: header as Unix seconds (UTC), for SORT DATE (RFC 5256 §2.2).
    pub sent_date: Option<i64>,
    /// The calendar day the Date: header names, as written (time and zone disregarded), in
    /// days since 1970-01-01: what SEARCH SENTBEFORE/SENTON/SENTSINCE compare (RFC 9051
    /// §6.4.4). `None` when there is no Date: header that can be read.
    pub sent_day: Option<i64>,
    /// ENVELOPE and MIME structure for IMAP FETCH; `None` when the caller did not parse
    /// the body (the structure is then computed on first FETCH).
    #[serde(skip)]
    pub structure: Option<MessageStructure>,
    /// The text of the body in [`crate::text::search_form`], for the full-text index
    /// (SEARCH BODY/TEXT); `None` when the caller did not parse the body (it is then
    /// indexed from the blob on the first search of its mailbox).
    #[serde(skip)]
    pub body_text: Option<String>,
    /// Every header field of the message, "Name: value" with encoded words decoded, in
    /// [`crate::text::search_form`]: what SEARCH TEXT looks in besides the body (RFC 9051
    /// §6.4.4: "the header (including MIME header fields) or body"). `None` with `body_text`.
    #[serde(skip)]
    pub header_text: Option<String>,
}

/// At most this much header text of one message is indexed (a header is a few KiB; this only
/// bounds a hostile one).
pub const MAX_INDEXED_HEADER: usize = 256 * 1024;

/// At most this much body text of one message is indexed: a 30 MB text attachment should not
/// make the index grow by hundreds of megabytes. What is beyond it is not found by SEARCH BODY.
pub const MAX_INDEXED_TEXT: usize = 1024 * 1024;

/// Nested messages deeper than this are not indexed.
const MAX_DEPTH: usize = 4;

/// The text SEARCH BODY looks in: every text part of the message, including text attachments
/// and forwarded messages (their subject and text), HTML turned into text, in
/// [`crate::text::search_form`], capped at [`MAX_INDEXED_TEXT`].
pub fn body_text(message: &mail_parser::Message<'_>) -> String {
    let mut raw = String::new();
    collect_text(message, &mut raw, 0);
    let mut text = crate::text::search_form(&raw);
    truncate_at(&mut text, MAX_INDEXED_TEXT);
    text
}

/// Cuts `text` to at most `max` bytes, at a character boundary.
fn truncate_at(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// The header fields of the message (its top-level header), in order: the name as written and
/// the value unfolded, with RFC 2047 encoded words decoded. This is "the text of the header
/// field (what comes after the colon)" that SEARCH HEADER compares (RFC 9051 §6.4.4).
pub fn decoded_headers(message: &mail_parser::Message<'_>) -> Vec<(String, String)> {
    let raw: &[u8] = &message.raw_message;
    message
        .headers()
        .iter()
        .map(|h| {
            let start = (h.offset_start as usize).min(raw.len());
            let end = (h.offset_end as usize).clamp(start, raw.len());
            let mut value = raw[start..end].to_vec();
            // The unstructured parser ends a field at a line end not followed by white space.
            value.push(b'\n');
            let value = match mail_parser::parsers::MessageStream::new(&value).parse_unstructured()
            {
                HeaderValue::Text(t) => t.trim().to_string(),
                _ => String::new(),
            };
            (h.name.as_str().to_string(), value)
        })
        .collect()
}

/// Signature fields whose values are long base64 nobody searches for, but which, all their
/// trigrams being distinct, would make most of a header's index (a 2048-bit DKIM signature
/// alone took 70% of a measured header's index size). Their names stay searchable; this is
/// the one place TEXT looks at less than the whole header (RFC 9051 §6.4.4).
const UNINDEXED_VALUES: &[&str] = &[
    "DKIM-Signature",
    "ARC-Seal",
    "ARC-Message-Signature",
    "X-Google-DKIM-Signature",
    "DomainKey-Signature",
];

/// The header text SEARCH TEXT looks in: each field as "Name: value" on its own line, in
/// [`crate::text::search_form`], capped at [`MAX_INDEXED_HEADER`]; the values of
/// [`UNINDEXED_VALUES`] are left out.
pub fn header_text(fields: &[(String, String)]) -> String {
    let mut raw = String::new();
    for (name, value) in fields {
        if raw.len() >= 2 * MAX_INDEXED_HEADER {
            break;
        }
        raw.push_str(name);
        raw.push(':');
        if !UNINDEXED_VALUES
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
        {
            raw.push(' ');
            raw.push_str(value);
        }
        raw.push('\n');
    }
    let mut text = crate::text::search_form(&raw);
    truncate_at(&mut text, MAX_INDEXED_HEADER);
    text
}

fn collect_text(message: &mail_parser::Message<'_>, out: &mut String, depth: usize) {
    use mail_parser::PartType;
    // The readable body: mail-parser lists the text alternative, or the HTML one converted,
    // for each inline part.
    let start = out.len();
    for i in 0..message.text_body.len() {
        if let Some(text) = message.body_text(i) {
            push_capped(out, &text);
        }
    }
    // The HTML alternative of a multipart/alternative is body too (RFC 9051 §6.4.4 TEXT and
    // BODY: "the body of the message"). It mostly repeats the plain text, so only its words
    // the plain text lacks are kept: a search for a word found only in the HTML finds the
    // message, and the index does not double for every message Outlook or Thunderbird sends.
    let html_only: Vec<String> = message
        .html_body
        .iter()
        .filter(|id| !message.text_body.contains(id))
        .filter_map(|&id| match &message.part(id)?.body {
            mail_parser::PartType::Html(html) => {
                Some(mail_parser::decoders::html::html_to_text(html))
            }
            _ => None,
        })
        .collect();
    if !html_only.is_empty() {
        // Each text lowercased once, in one allocation: lowercasing maps no character to or
        // from white space, so a text and its lowercase split into the same words.
        let plain_lower = out[start..].to_lowercase();
        let plain: std::collections::HashSet<&str> = plain_lower.split_whitespace().collect();
        let mut extra = String::new();
        for html in &html_only {
            let lower = html.to_lowercase();
            for (word, lower) in html.split_whitespace().zip(lower.split_whitespace()) {
                if !plain.contains(lower) {
                    extra.push_str(word);
                    extra.push(' ');
                }
            }
        }
        if !extra.is_empty() {
            push_capped(out, &extra);
        }
    }
    for part in message.attachments() {
        match &part.body {
            PartType::Text(text) => push_capped(out, text),
            PartType::Html(html) => {
                push_capped(out, &mail_parser::decoders::html::html_to_text(html))
            }
            PartType::Message(inner) if depth + 1 < MAX_DEPTH => {
                push_capped(out, inner.subject().unwrap_or_default());
                collect_text(inner, out, depth + 1);
            }
            _ => {}
        }
    }
}

fn push_capped(out: &mut String, text: &str) {
    // Folding never makes text longer in bytes than 2× (a capital whose lowercase is longer),
    // so twice the cap before folding is enough.
    if out.len() >= 2 * MAX_INDEXED_TEXT {
        return;
    }
    out.push_str(text);
    out.push('\n');
}

/// An address header field as kept for SEARCH FROM/TO/CC and SORT: decoded, one entry per
/// address, in the normalized form Dovecot also searches: `Name <local@domain>`, `<local@domain>`
/// without a name, a name with specials in quotes, and groups kept as groups (`Team: <a@x>,
/// <b@y>;`, `undisclosed-recipients:;`). RFC 9051 §6.4.4 matches TO "in the envelope
/// structure's TO field", and a group's name is part of that field (§7.5.2: the group start
/// marker carries it), so `SEARCH TO "Phòng Tổng hợp"` must find `To: Phòng Tổng hợp: a@x;`.
pub(crate) fn addresses(value: &HeaderValue<'_>) -> Option<String> {
    let mut out = String::new();
    let mut push = |entry: &str| {
        if !entry.is_empty() {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push_str(entry);
        }
    };
    match value {
        HeaderValue::Address(Address::List(list)) => {
            for a in list {
                push(&mailbox(a));
            }
        }
        HeaderValue::Address(Address::Group(groups)) => {
            for g in groups {
                match g.name.as_deref().map(str::trim) {
                    // Addresses outside any group come as a group without a name.
                    None | Some("") => {
                        for a in &g.addresses {
                            push(&mailbox(a));
                        }
                    }
                    Some(name) => {
                        let members: Vec<String> = g
                            .addresses
                            .iter()
                            .map(mailbox)
                            .filter(|m| !m.is_empty())
                            .collect();
                        let entry = if members.is_empty() {
                            format!("{}:;", phrase(name))
                        } else {
                            format!("{}: {};", phrase(name), members.join(", "))
                        };
                        push(&entry);
                    }
                }
            }
        }
        _ => return None,
    }
    (!out.is_empty()).then_some(out)
}

/// One mailbox of an address list, as [`addresses`] writes it.
fn mailbox(a: &mail_parser::Addr<'_>) -> String {
    let name = a.name().map(str::trim).filter(|n| !n.is_empty());
    let address = a.address().map(str::trim).filter(|n| !n.is_empty());
    match (name, address) {
        (Some(name), Some(addr)) => format!("{} <{addr}>", phrase(name)),
        (None, Some(addr)) => format!("<{addr}>"),
        (Some(name), None) => phrase(name),
        (None, None) => String::new(),
    }
}

/// A display name or group name, quoted (RFC 5322 §3.2.4) when it holds a character that
/// would otherwise end it or be read as address syntax.
fn phrase(name: &str) -> String {
    if name.contains(['"', '\\', ',', ';', ':', '<', '>', '@', '(', ')', '[', ']']) {
        let mut q = String::with_capacity(name.len() + 2);
        q.push('"');
        for c in name.chars() {
            if c == '"' || c == '\\' {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        q
    } else {
        name.to_string()
    }
}

/// The day a Date: header names, as written: "Sun, 01 Nov 2026 23:30:00 -0800" is 1 November
/// whatever the zone (RFC 9051 §6.4.4, SENTON: "disregarding time and timezone").
fn day_as_written(d: &mail_parser::DateTime) -> Option<i64> {
    let valid = (1..=12).contains(&d.month) && (1..=31).contains(&d.day);
    valid.then(|| crate::days_from_civil(i64::from(d.year), u32::from(d.month), u32::from(d.day)))
}

impl MessageMeta {
    /// Reads the header fields and the MIME structure from a raw message (one parse). Never
    /// fails: broken mail is stored as received, with whatever could be read.
    pub fn parse(raw: &[u8]) -> MessageMeta {
        let Some(message) = crate::mime::parse(raw) else {
            return MessageMeta {
                structure: Some(MessageStructure::parse(raw)),
                body_text: Some(String::new()),
                header_text: Some(String::new()),
                thread_refs: Some(String::new()),
                ..MessageMeta::default()
            };
        };
        MessageMeta::from_parsed(&message)
    }

    /// The same, from a message the caller has already parsed (SMTP parses once).
    pub fn from_parsed(message: &mail_parser::Message<'_>) -> MessageMeta {
        MessageMeta {
            structure: Some(MessageStructure::from_parsed(message)),
            subject: message.subject().map(str::to_string),
            from: message.header("From").and_then(addresses),
            to: message.header("To").and_then(addresses),
            cc: message.header("Cc").and_then(addresses),
            message_id: message.message_id().map(str::to_string),
            thread_refs: Some(crate::thread::thread_refs(message)),
            sent_date: message.date().map(|d| d.to_timestamp()),
            sent_day: message.date().and_then(day_as_written),
            body_text: Some(body_text(message)),
            header_text: Some(header_text(&decoded_headers(message))),
        }
    }

    /// The metadata of the message after the header fields `head` were put in front of the
    /// one parsed (SMTP adds Received and friends): the structure's offsets move, and those
    /// fields are part of the header SEARCH TEXT looks in.
    pub fn prepended(mut self, head: &[u8]) -> MessageMeta {
        self.structure = self.structure.map(|s| s.prepended(head.len()));
        let fields = head_fields(head);
        if let Some(text) = &mut self.header_text
            && !fields.is_empty()
        {
            let mut all = header_text(&fields);
            all.push(' ');
            all.push_str(text);
            truncate_at(&mut all, MAX_INDEXED_HEADER);
            *text = all;
        }
        self
    }
}

/// The fields of a header `head` alone, as [`decoded_headers`] gives them for a message, read
/// in one pass: every value as unstructured text (RFC 2047 words decoded, unfolded), which is
/// what `decoded_headers` makes of each value; a Received field's parts (RFC 5321 §4.4) are not
/// looked into, nor anything of a message body.
fn head_fields(head: &[u8]) -> Vec<(String, String)> {
    static AS_TEXT: std::sync::LazyLock<mail_parser::MessageParser> =
        std::sync::LazyLock::new(|| {
            // A parser with a header of its own parses every other one by its default.
            mail_parser::MessageParser::new()
                .header_text(mail_parser::HeaderName::Received)
                .default_header_text()
        });
    let mut raw = head.to_vec();
    raw.extend_from_slice(b"\r\n");
    let mut fields = Vec::new();
    mail_parser::parsers::MessageStream::new(&raw).parse_headers(&AS_TEXT, &mut fields);
    fields
        .into_iter()
        .map(|h| {
            let value = match h.value {
                HeaderValue::Text(t) => t.trim().to_string(),
                _ => String::new(),
            };
            (h.name.as_str().to_string(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_vietnamese_headers() {
        let raw = b"From: =?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?= <annv@demo.gov.vn>\r\n\
To: vanthu@demo.gov.vn, b@demo.gov.vn\r\n\
Subject: =?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di_h=E1=BB=8Dp?=\r\n\
Message-ID: <abc@demo.gov.vn>\r\n\
Date: Tue, 03 Nov 2026 08:00:00 +0700\r\n\r\nbody\r\n";
        let meta = MessageMeta::parse(raw);
        assert_eq!(meta.subject.as_deref(), Some("Giấy mời họp"));
        assert_eq!(
            meta.from.as_deref(),
            Some("Nguyễn Văn An <annv@demo.gov.vn>")
        );
        assert_eq!(
            meta.to.as_deref(),
            Some("<vanthu@demo.gov.vn>, <b@demo.gov.vn>")
        );
        assert_eq!(meta.message_id.as_deref(), Some("abc@demo.gov.vn"));
        assert_eq!(meta.sent_date, Some(1_793_667_600));
        assert_eq!(meta.sent_day, Some(crate::days_from_civil(2026, 11, 3)));
    }

    /// RFC 9051 §6.4.4: SENTON and friends disregard time and timezone: the day is the one
    /// written in the header, wherever that is on the UTC (or Vietnam) calendar.
    #[test]
    fn sent_day_is_the_day_as_written() {
        for (date, day) in [
            ("Sun, 01 Nov 2026 23:30:00 -0800", (2026, 11, 1)),
            ("Mon, 02 Nov 2026 00:30:00 +0900", (2026, 11, 2)),
            ("2 Nov 2026 06:30 +0700", (2026, 11, 2)),
        ] {
            let raw = format!("Date: {date}\r\nSubject: x\r\n\r\nx\r\n");
            let meta = MessageMeta::parse(raw.as_bytes());
            let (y, m, d) = day;
            assert_eq!(
                meta.sent_day,
                Some(crate::days_from_civil(y, m, d)),
                "{date}"
            );
        }
        for raw in ["Subject: x\r\n\r\nx\r\n", "Date: yesterday\r\n\r\nx\r\n"] {
            assert_eq!(MessageMeta::parse(raw.as_bytes()).sent_day, None, "{raw}");
        }
    }

    /// Groups keep their names (RFC 9051 §7.5.2 group markers in the envelope), names with
    /// specials are quoted, addresses are written as Dovecot normalizes them for SEARCH.
    #[test]
    fn address_fields_keep_groups() {
        let raw = "From: \"Nguyen, An\" <an@x.gov.vn>\r\n\
To: =?UTF-8?Q?Ph=C3=B2ng_T=E1=BB=95ng_h=E1=BB=A3p?=: Lan <lan@x.gov.vn>, binh@y.gov.vn;\r\n\
Cc: undisclosed-recipients:;\r\n\
Bcc: dung@x.gov.vn, Team: ann@z.gov.vn;, Empty: ;\r\n\r\nx\r\n";
        let message = mail_parser::MessageParser::new()
            .parse(raw.as_bytes())
            .unwrap();
        let meta = MessageMeta::from_parsed(&message);
        assert_eq!(meta.from.as_deref(), Some("\"Nguyen, An\" <an@x.gov.vn>"));
        assert_eq!(
            meta.to.as_deref(),
            Some("Phòng Tổng hợp: Lan <lan@x.gov.vn>, <binh@y.gov.vn>;")
        );
        assert_eq!(meta.cc.as_deref(), Some("undisclosed-recipients:;"));
        assert_eq!(
            message.header("Bcc").and_then(addresses).as_deref(),
            Some("<dung@x.gov.vn>, Team: <ann@z.gov.vn>;, Empty:;")
        );
    }

    #[test]
    fn fields_put_in_front_are_header_text_too() {
        let body = b"Subject: x\r\n\r\nbody\r\n";
        let head = b"Received: from mx.danang.gov.vn\r\n\tby mx.quangngai.gov.vn\r\n";
        let meta = MessageMeta::parse(body).prepended(head);
        let text = meta.header_text.unwrap_or_default();
        assert!(
            text.starts_with("received: from mx.danang.gov.vn by mx.quangngai.gov.vn subject: x"),
            "{text}"
        );
    }

    /// The fields put in front are read as a message's header fields are
    /// ([`decoded_headers`] of a parse of the head alone, as `prepended` once did): folded,
    /// encoded, empty and odd fields alike.
    #[test]
    fn head_fields_are_the_fields_of_the_head_parsed_as_a_message() {
        let heads: [&[u8]; 7] = [
            b"Received: from mx.danang.gov.vn (mx.danang.gov.vn [10.1.2.3])\r\n\tby mx.quangngai.gov.vn with ESMTPS id 4f2a\r\n\tfor <vanthu@quangngai.gov.vn>; Mon, 07 Dec 2026 20:00:00 +0700\r\n",
            b"Return-Path: <a@x.gov.vn>\r\nDelivered-To: b@y.gov.vn\r\nReceived: from a by b; Mon, 07 Dec 2026 20:00:00 +0700\r\n",
            b"X-Govmail-Document: type=quyet-dinh; number=699/Q\xc4\x90-SNV; mandatory=yes\r\nAuthentication-Results: mx.gov.vn; spf=pass smtp.mailfrom=x.gov.vn\r\n",
            b"Subject: =?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di?=\r\nFrom: =?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?= <an@x.gov.vn>\r\nDate: Mon, 07 Dec 2026 20:00:00 +0700\r\n",
            b"X-Empty:\r\nX-Spaces:    \r\nReceived:\r\n",
            b"Received: from x\r\n",
            b"Received: from x",
        ];
        for head in heads {
            let mut raw = head.to_vec();
            raw.extend_from_slice(b"\r\n");
            let old = crate::mime::parse(&raw)
                .map(|m| decoded_headers(&m))
                .unwrap_or_default();
            assert_eq!(head_fields(head), old, "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn header_text_holds_every_field_decoded() {
        let raw = "From: a@x.gov.vn\r\nX-Loai-Van-Ban: =?UTF-8?Q?C=C3=B4ng_v=C4=83n?=\r\n\
X-Long: first\r\n second\r\nContent-Type: text/plain; charset=utf-8\r\n\
DKIM-Signature: v=1; a=rsa-sha256; d=x.gov.vn;\r\n b=AbCdEf0123\r\n\r\nbody\r\n";
        let meta = MessageMeta::parse(raw.as_bytes());
        let text = meta.header_text.unwrap_or_default();
        assert!(text.contains("x-loai-van-ban: cong van"), "{text}");
        assert!(text.contains("x-long: first second"), "{text}");
        assert!(
            text.contains("content-type: text/plain; charset=utf-8"),
            "{text}"
        );
        assert!(!text.contains("body"), "{text}");
        assert!(text.contains("dkim-signature:"), "{text}");
        assert!(
            !text.contains("abcdef0123") && !text.contains("rsa-sha256"),
            "{text}"
        );
    }

    #[test]
    fn body_text_keeps_the_words_only_the_html_alternative_has() {
        let raw = b"Subject: x\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nmeeting notes in plain text\r\n\
--b\r\nContent-Type: text/html\r\n\r\n<p>meeting notes in <b>HTML</b></p>\r\n--b--\r\n";
        let message = mail_parser::MessageParser::default()
            .parse(&raw[..])
            .unwrap();
        let text = body_text(&message);
        assert!(
            text.contains("plain text") && text.contains("html"),
            "{text}"
        );
        // The words both alternatives have are there once.
        assert_eq!(text.matches("meeting").count(), 1, "{text}");
    }

    /// The comparison ignores case, Vietnamese capitals included, and keeps the HTML's own
    /// words as written.
    #[test]
    fn html_words_differing_only_in_case_are_not_repeated() {
        let raw = "Subject: x\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nkính gửi ủy ban\r\n\
--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>KÍNH GỬI Ủy Ban Đồng Nai</p>\r\n--b--\r\n";
        let message = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap();
        let text = body_text(&message);
        assert_eq!(text.matches("kinh").count(), 1, "{text}");
        assert_eq!(text.matches("uy ban").count(), 1, "{text}");
        assert!(text.contains("dong nai"), "{text}");
    }

    #[test]
    fn body_text_reads_text_html_attachments_and_forwards() {
        let raw = b"From: a@b.gov.vn\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: multipart/alternative; boundary=\"c\"\r\n\r\n\
--c\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n\
R2nhuqV5IG3hu51p\r\n\
--c\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Gi&#7845;y m&#7901;i</p>\r\n--c--\r\n\
--b\r\nContent-Type: text/csv; name=\"ds.csv\"\r\nContent-Disposition: attachment\r\n\r\n\
Nguyen Van An;STTTT\r\n\
--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: =?UTF-8?Q?B=C3=A1o_c=C3=A1o?=\r\n\r\nNoi dung\r\n\
  chuyen tiep\r\n--b--\r\n";
        let meta = MessageMeta::parse(raw);
        let text = meta.body_text.unwrap_or_default();
        assert!(text.contains("giay moi"), "{text}");
        assert!(text.contains("nguyen van an;sttt"), "{text}");
        assert!(text.contains("bao cao"), "{text}");
        assert!(text.contains("noi dung chuyen tiep"), "{text}");
        assert!(!text.contains("content-type"), "{text}");
    }

    #[test]
    fn garbage_gives_empty_meta() {
        let meta = MessageMeta::parse(b"\xff\xfe not a message");
        assert_eq!(meta.subject, None);
    }
}
