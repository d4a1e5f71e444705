//! The header fields kept with each message content, derived from one parse at delivery so
//! that listing, SEARCH and SORT never re-read the blob.

use mail_parser::{Address, HeaderValue, MessageParser};
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
    /// The Date: header as Unix seconds.
    pub sent_date: Option<i64>,
    /// ENVELOPE and MIME structure for IMAP FETCH; `None` when the caller did not parse
    /// the body (the structure is then computed on first FETCH).
    #[serde(skip)]
    pub structure: Option<MessageStructure>,
    /// The text of the body in [`crate::text::search_form`], for the full-text index
    /// (SEARCH BODY/TEXT); `None` when the caller did not parse the body (it is then
    /// indexed from the blob on the first search of its mailbox).
    #[serde(skip)]
    pub body_text: Option<String>,
}

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
    if text.len() > MAX_INDEXED_TEXT {
        let mut end = MAX_INDEXED_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

fn collect_text(message: &mail_parser::Message<'_>, out: &mut String, depth: usize) {
    use mail_parser::PartType;
    // The readable body: mail-parser lists the text alternative, or the HTML one converted,
    // for each inline part.
    for i in 0..message.text_body.len() {
        if let Some(text) = message.body_text(i) {
            push_capped(out, &text);
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

pub(crate) fn addresses(value: &HeaderValue<'_>) -> Option<String> {
    let list = match value {
        HeaderValue::Address(Address::List(list)) => list.iter().collect::<Vec<_>>(),
        HeaderValue::Address(Address::Group(groups)) => {
            groups.iter().flat_map(|g| g.addresses.iter()).collect()
        }
        _ => return None,
    };
    let text: Vec<String> = list
        .into_iter()
        .map(|a| match (a.name(), a.address()) {
            (Some(name), Some(addr)) => format!("{name} <{addr}>"),
            (None, Some(addr)) => addr.to_string(),
            (Some(name), None) => name.to_string(),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect();
    (!text.is_empty()).then(|| text.join(", "))
}

impl MessageMeta {
    /// Reads the header fields and the MIME structure from a raw message (one parse). Never
    /// fails: broken mail is stored as received, with whatever could be read.
    pub fn parse(raw: &[u8]) -> MessageMeta {
        let Some(message) = MessageParser::new().parse(raw) else {
            return MessageMeta {
                structure: Some(MessageStructure::parse(raw)),
                body_text: Some(String::new()),
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
            sent_date: message.date().map(|d| d.to_timestamp()),
            body_text: Some(body_text(message)),
        }
    }

    /// The metadata of the message after `n` bytes of header fields were put in front of
    /// the one parsed (SMTP adds Received and friends): the structure's offsets move.
    pub fn prepended(mut self, n: usize) -> MessageMeta {
        self.structure = self.structure.map(|s| s.prepended(n));
        self
    }
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
            Some("vanthu@demo.gov.vn, b@demo.gov.vn")
        );
        assert_eq!(meta.message_id.as_deref(), Some("abc@demo.gov.vn"));
        assert_eq!(meta.sent_date, Some(1_793_667_600));
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
