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
}

fn addresses(value: &HeaderValue<'_>) -> Option<String> {
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
    fn garbage_gives_empty_meta() {
        let meta = MessageMeta::parse(b"\xff\xfe not a message");
        assert_eq!(meta.subject, None);
    }
}
