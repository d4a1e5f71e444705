//! The MIME structure of a message as IMAP FETCH needs it: the ENVELOPE fields, the part tree
//! with everything BODYSTRUCTURE shows, and the byte range of each part's header and body in
//! the stored blob, so that `BODY[2.MIME]` or `BODY[3.1]` is one ranged read and FETCH never
//! re-parses a message (ARCHITECTURE.md, "How a message flows", step 2).
//!
//! It is derived from the `mail_parser::Message` the caller already has (SMTP parses each
//! message once). mail-parser supplies the part tree and the offsets; the values are read
//! back from the raw header text, because IMAP wants them as received:
//!
//! - ENVELOPE strings are the undecoded header text (RFC 9051 §7.5.2: RFC 2047 encoded words
//!   are left as they are), unfolded; addresses are split into (name adl mailbox host), with
//!   groups as `(NIL NIL "group" NIL)` … `(NIL NIL NIL NIL)` (RFC 9051 §7.5.2, "envelope").
//! - Content-Type / Content-Disposition parameters are shown as Dovecot shows them: RFC 2231
//!   continuations (`name*0`, `name*1`) are merged, but an encoded value keeps its extended
//!   form, `("filename*" "utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.pdf")`. The values stay 7-bit,
//!   which every client can read, and clients that know RFC 2231 decode them as usual.
//!
//! Sizes and line counts are of the bytes as stored, which are the bytes `BODY[n]` returns.
//! Line counts are the number of LF characters, as Dovecot counts them.
//!
//! Stored as versioned JSON in `contents.structure` (migration 7). Contents stored before
//! that get theirs computed from the blob on first need and written back
//! (`Store::message_structures`).

mod fields;

use mail_parser::{Message, MessagePart, PartType};
use serde::{Deserialize, Serialize};

pub use fields::{mailbox_list, parse_addresses};
// Public for the fuzz targets (fuzz/), which feed them header values directly.
use fields::strip_comments;
#[doc(hidden)]
pub use fields::{parse_content_type, parse_disposition};

/// Bumped when the meaning of the stored JSON changes; other versions are recomputed.
pub const STRUCTURE_VERSION: u32 = 1;

/// Deeper nesting than this is served as one opaque leaf: enough for any real message, and
/// it keeps the recursion (here, in serde_json, in the BODYSTRUCTURE writer) bounded.
const MAX_DEPTH: usize = 24;

/// Everything FETCH ENVELOPE, BODY, BODYSTRUCTURE and `BODY[section]` need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageStructure {
    #[serde(rename = "v")]
    pub version: u32,
    #[serde(rename = "e")]
    pub envelope: Envelope,
    /// The message itself: its header is the message header, its body the message body.
    #[serde(rename = "p")]
    pub root: BodyPart,
}

/// The ENVELOPE fields (RFC 9051 §7.5.2), as received. Address lists are `None` when the
/// field is absent or holds no address; Sender and Reply-To default to From at output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Vec<EnvelopeAddress>>,
    #[serde(rename = "sn", default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Vec<EnvelopeAddress>>,
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<Vec<EnvelopeAddress>>,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<EnvelopeAddress>>,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub cc: Option<Vec<EnvelopeAddress>>,
    #[serde(rename = "b", default, skip_serializing_if = "Option::is_none")]
    pub bcc: Option<Vec<EnvelopeAddress>>,
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}

/// One `address` of an ENVELOPE: (name adl mailbox host). A group start has only `mailbox`
/// (the group name), a group end has nothing (RFC 9051 §7.5.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeAddress {
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub adl: Option<String>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub mailbox: Option<String>,
    #[serde(rename = "h", default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// A Content-Disposition (RFC 2183): its type and parameters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    #[serde(rename = "t")]
    pub kind: String,
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(String, String)>,
}

/// A message encapsulated in a message/rfc822 (or message/global) part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encapsulated {
    #[serde(rename = "e")]
    pub envelope: Envelope,
    /// The inner message: header range = the inner header, body range = the inner body.
    #[serde(rename = "p")]
    pub root: BodyPart,
}

/// One MIME part. Offsets are byte positions in the stored blob:
/// `header_start <= body_start <= body_end`; the header includes its blank line, the body
/// ends before the CRLF that precedes the next boundary (RFC 2046 §5.1.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyPart {
    #[serde(rename = "o")]
    pub offsets: [u64; 3],
    #[serde(rename = "t")]
    pub media_type: String,
    #[serde(rename = "s")]
    pub media_subtype: String,
    #[serde(rename = "p", default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(String, String)>,
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Content-Transfer-Encoding as written; `None` means 7bit.
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    #[serde(rename = "md5", default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<String>,
    #[serde(rename = "dp", default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
    #[serde(rename = "l", default, skip_serializing_if = "Vec::is_empty")]
    pub language: Vec<String>,
    #[serde(rename = "lo", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// LF count of the body (shown for text/* and message/rfc822 parts).
    #[serde(rename = "n", default)]
    pub lines: u64,
    /// Sub-parts of a multipart (never empty for one); empty for every other part.
    #[serde(rename = "ch", default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<BodyPart>,
    /// The encapsulated message of a message/rfc822 part.
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Encapsulated>>,
}

impl BodyPart {
    pub fn header_start(&self) -> u64 {
        self.offsets[0]
    }
    pub fn body_start(&self) -> u64 {
        self.offsets[1]
    }
    pub fn body_end(&self) -> u64 {
        self.offsets[2]
    }
    /// Size of the body in octets, as stored (RFC 9051 body-fld-octets).
    pub fn size(&self) -> u64 {
        self.body_end().saturating_sub(self.body_start())
    }
    pub fn is_multipart(&self) -> bool {
        !self.children.is_empty()
    }

    /// Adds `n` to every offset below this part (but not to the start of this part's
    /// header when `keep_start`: the root header keeps starting at 0).
    fn shift(&mut self, n: u64, keep_start: bool) {
        for (i, o) in self.offsets.iter_mut().enumerate() {
            if i > 0 || !keep_start {
                *o += n;
            }
        }
        for child in &mut self.children {
            child.shift(n, false);
        }
        if let Some(m) = &mut self.message {
            m.root.shift(n, false);
        }
    }

    /// The part a section's part number path names (RFC 9051 §6.4.5), starting from a
    /// message (`self` is a message root). Part 1 of a non-multipart message is its body,
    /// i.e. the message root itself; parts of a message/rfc822 part are those of the
    /// encapsulated message. `None` for a part that does not exist.
    pub fn find(&self, path: &[u32]) -> Option<&BodyPart> {
        let (&first, rest) = path.split_first()?;
        let mut part = self.message_child(first)?;
        for &n in rest {
            part = if part.is_multipart() {
                part.children.get((n as usize).checked_sub(1)?)?
            } else {
                part.message.as_ref()?.root.message_child(n)?
            };
        }
        Some(part)
    }

    /// Part `n` of the message whose root is `self`.
    fn message_child(&self, n: u32) -> Option<&BodyPart> {
        if self.is_multipart() {
            self.children.get((n as usize).checked_sub(1)?)
        } else {
            (n == 1).then_some(self)
        }
    }
}

impl MessageStructure {
    /// The structure of `raw`, parsed here: for callers that only have the bytes (APPEND,
    /// import, contents stored before structures were kept).
    pub fn parse(raw: &[u8]) -> MessageStructure {
        match crate::mime::parse(raw) {
            Some(message) => MessageStructure::from_parsed(&message),
            None => fallback(raw),
        }
    }

    /// The structure of a message the caller has parsed (offsets are into the bytes it was
    /// parsed from). Never fails and never panics: broken MIME gives whatever structure
    /// mail-parser recovered, with offsets clamped into the message.
    pub fn from_parsed(message: &Message<'_>) -> MessageStructure {
        let raw: &[u8] = message.raw_message.as_ref();
        if message.parts.is_empty() {
            return fallback(raw);
        }
        let builder = Builder { raw };
        let mut root = builder.part(message, 0, Parent::Message, 0);
        root.offsets[0] = 0;
        root.offsets[2] = raw.len() as u64;
        clamp(&mut root, raw.len() as u64);
        MessageStructure {
            version: STRUCTURE_VERSION,
            envelope: builder.envelope(&message.parts[0]),
            root,
        }
    }

    /// The same structure after `n` bytes of header fields were put in front of the message
    /// (SMTP prepends Received and friends to the message it parsed).
    pub fn prepended(mut self, n: usize) -> MessageStructure {
        self.root.shift(n as u64, true);
        self
    }

    /// Compact JSON for `contents.structure`.
    pub fn to_json(&self) -> String {
        // Serializing plain structs and strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the stored form; `None` when absent, unreadable or of another version (the
    /// caller recomputes it).
    pub fn from_json(text: &str) -> Option<MessageStructure> {
        serde_json::from_str::<MessageStructure>(text)
            .ok()
            .filter(|s| s.version == STRUCTURE_VERSION)
    }
}

/// A message mail-parser could not read at all: one text/plain part, header up to the first
/// blank line.
fn fallback(raw: &[u8]) -> MessageStructure {
    let len = raw.len() as u64;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))
        .unwrap_or(raw.len()) as u64;
    let mut root = default_text(0, split, len);
    root.lines = count_lines(raw.get(split as usize..).unwrap_or_default());
    MessageStructure {
        version: STRUCTURE_VERSION,
        envelope: Envelope::default(),
        root,
    }
}

fn default_text(header: u64, body: u64, end: u64) -> BodyPart {
    BodyPart {
        offsets: [header, body, end],
        media_type: "text".into(),
        media_subtype: "plain".into(),
        params: vec![("charset".into(), "us-ascii".into())],
        ..BodyPart::default()
    }
}

fn count_lines(body: &[u8]) -> u64 {
    body.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Keeps every range inside the message and ordered, whatever the parser reported.
fn clamp(part: &mut BodyPart, len: u64) {
    let [h, b, e] = part.offsets;
    let h = h.min(len);
    let b = b.clamp(h, len);
    let e = e.clamp(b, len);
    part.offsets = [h, b, e];
    for child in &mut part.children {
        clamp(child, len);
    }
    if let Some(m) = &mut part.message {
        clamp(&mut m.root, len);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    /// The part is a message root (top level or encapsulated).
    Message,
    /// The part is inside a multipart/digest: its default type is message/rfc822
    /// (RFC 2046 §5.1.5).
    Digest,
    Other,
}

struct Builder<'a> {
    raw: &'a [u8],
}

impl Builder<'_> {
    /// The unfolded raw value of the first header field named `name` in `part`.
    fn raw_header(&self, part: &MessagePart<'_>, name: &str) -> Option<String> {
        let header = part
            .headers
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))?;
        let bytes = self
            .raw
            .get(header.offset_start as usize..header.offset_end as usize)?;
        Some(unfold(bytes))
    }

    fn envelope(&self, part: &MessagePart<'_>) -> Envelope {
        let text = |name: &str| self.raw_header(part, name).filter(|v| !v.is_empty());
        let addresses = |name: &str| {
            self.raw_header(part, name)
                .map(|v| parse_addresses(&v))
                .filter(|list| !list.is_empty())
        };
        Envelope {
            date: text("Date"),
            subject: text("Subject"),
            from: addresses("From"),
            sender: addresses("Sender"),
            reply_to: addresses("Reply-To"),
            to: addresses("To"),
            cc: addresses("Cc"),
            bcc: addresses("Bcc"),
            in_reply_to: text("In-Reply-To"),
            message_id: text("Message-ID"),
        }
    }

    fn part(&self, message: &Message<'_>, index: usize, parent: Parent, depth: usize) -> BodyPart {
        let Some(part) = message.parts.get(index) else {
            return default_text(0, 0, 0);
        };
        let (h, b, e) = (
            part.offset_header as u64,
            part.offset_body as u64,
            part.offset_end as u64,
        );
        let mut out = BodyPart {
            offsets: [h, b, e],
            ..BodyPart::default()
        };
        match self.raw_header(part, "Content-Type") {
            Some(value) => {
                let (media_type, media_subtype, params) = parse_content_type(&value);
                out.media_type = media_type;
                out.media_subtype = media_subtype;
                out.params = params;
            }
            None if parent == Parent::Digest => {
                out.media_type = "message".into();
                out.media_subtype = "rfc822".into();
            }
            // RFC 2045 §5.2: the default is text/plain; charset=us-ascii.
            None => {
                let d = default_text(h, b, e);
                (out.media_type, out.media_subtype, out.params) =
                    (d.media_type, d.media_subtype, d.params);
            }
        }
        out.id = self.raw_header(part, "Content-ID");
        out.description = self.raw_header(part, "Content-Description");
        out.encoding = self
            .raw_header(part, "Content-Transfer-Encoding")
            .filter(|v| !v.is_empty());
        out.md5 = self.raw_header(part, "Content-MD5");
        out.disposition = self
            .raw_header(part, "Content-Disposition")
            .map(|v| parse_disposition(&v))
            .filter(|d| !d.kind.is_empty());
        out.language = self
            .raw_header(part, "Content-Language")
            .map(|v| {
                v.split(',')
                    .map(|l| strip_comments(l).trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        out.location = self.raw_header(part, "Content-Location");

        let body = self.raw.get(b as usize..e as usize).unwrap_or_default();
        match &part.body {
            PartType::Multipart(ids) if depth < MAX_DEPTH => {
                let child_parent = if out.media_subtype.eq_ignore_ascii_case("digest") {
                    Parent::Digest
                } else {
                    Parent::Other
                };
                out.children = ids
                    .iter()
                    .filter(|&&id| id as usize != index)
                    .map(|&id| self.part(message, id as usize, child_parent, depth + 1))
                    .collect();
                if out.children.is_empty() {
                    // A multipart must show at least one part (RFC 9051 body-type-mpart):
                    // an empty text/plain where its parts would have been.
                    out.children.push(default_text(e, e, e));
                }
                if !out.media_type.eq_ignore_ascii_case("multipart") {
                    out.media_type = "multipart".into();
                    out.media_subtype = "mixed".into();
                }
            }
            // message/rfc822 parsed in place (an encoded one was parsed by mail-parser from
            // its decoded bytes, whose offsets are not ours: it stays a leaf).
            PartType::Message(inner)
                if part.encoding == mail_parser::Encoding::None
                    && depth < MAX_DEPTH
                    && !inner.parts.is_empty() =>
            {
                let mut root = self.part(inner, 0, Parent::Message, depth + 1);
                root.offsets[0] = b;
                root.offsets[2] = e;
                out.lines = count_lines(body);
                out.message = Some(Box::new(Encapsulated {
                    envelope: self.envelope(&inner.parts[0]),
                    root,
                }));
                out.media_type = "message".into();
                if !["rfc822", "global"]
                    .iter()
                    .any(|s| out.media_subtype.eq_ignore_ascii_case(s))
                {
                    out.media_subtype = "rfc822".into();
                }
            }
            _ => {
                if out.media_type.eq_ignore_ascii_case("multipart") {
                    // A multipart mail-parser could not split (no boundary, or nesting too
                    // deep): served as one text part, as most servers do.
                    out.media_type = "text".into();
                    out.media_subtype = "plain".into();
                }
                if out.media_type.eq_ignore_ascii_case("text") {
                    out.lines = count_lines(body);
                    // RFC 2045 §5.2: text without a charset is us-ascii; shown, as Dovecot
                    // shows it, so clients need not know the default.
                    if !out
                        .params
                        .iter()
                        .any(|(k, _)| k == "charset" || k == "charset*")
                    {
                        out.params.insert(0, ("charset".into(), "us-ascii".into()));
                    }
                }
            }
        }
        out
    }
}

/// A header value without its line breaks (RFC 5322 §2.2.3 unfolding) and outer blanks.
/// The values of the top-level header fields called `names` (case-insensitive), unfolded,
/// one list per name with the fields in order: the same reading the ENVELOPE takes its
/// fields from. One parse of the header for all the names.
pub fn header_fields<const N: usize>(raw: &[u8], names: [&str; N]) -> [Vec<String>; N] {
    let mut found: [Vec<String>; N] = std::array::from_fn(|_| Vec::new());
    let Some(message) = mail_parser::MessageParser::new().parse_headers(raw) else {
        return found;
    };
    for h in message.headers() {
        let Some(at) = names
            .iter()
            .position(|n| h.name.as_str().eq_ignore_ascii_case(n))
        else {
            continue;
        };
        if let Some(bytes) = raw.get(h.offset_start as usize..h.offset_end as usize) {
            found[at].push(unfold(bytes));
        }
    }
    found
}

fn unfold(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let unfolded: String = text.chars().filter(|&c| c != '\r' && c != '\n').collect();
    unfolded.trim().to_string()
}

/// Decodes a part's body per its Content-Transfer-Encoding (RFC 3516 §4.2: BINARY).
/// `None` when the encoding is unknown (the caller answers `UNKNOWN-CTE`); a body that does
/// not decode cleanly is decoded as far as possible.
pub fn decode_body(encoding: Option<&str>, body: &[u8]) -> Option<Vec<u8>> {
    let encoding = encoding.unwrap_or("7bit").trim().to_ascii_lowercase();
    match encoding.as_str() {
        "7bit" | "8bit" | "binary" | "" => Some(body.to_vec()),
        "base64" => Some(
            mail_parser::decoders::base64::base64_decode(body)
                .unwrap_or_else(|| lenient_base64(body)),
        ),
        "quoted-printable" => Some(
            mail_parser::decoders::quoted_printable::quoted_printable_decode(body)
                .unwrap_or_else(|| body.to_vec()),
        ),
        _ => None,
    }
}

/// Base64 with anything outside the alphabet skipped (broken senders).
fn lenient_base64(body: &[u8]) -> Vec<u8> {
    let clean: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        .collect();
    let mut padded = clean;
    match padded.len() % 4 {
        1 => {
            padded.pop();
        }
        2 => padded.extend_from_slice(b"=="),
        3 => padded.push(b'='),
        _ => {}
    }
    mail_parser::decoders::base64::base64_decode(&padded).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Vec<u8> {
        let path = format!("{}/../testdata/mime/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap()
    }

    fn slice(raw: &[u8], from: u64, to: u64) -> &str {
        std::str::from_utf8(&raw[from as usize..to as usize]).unwrap()
    }

    fn body<'a>(raw: &'a [u8], part: &BodyPart) -> &'a str {
        slice(raw, part.body_start(), part.body_end())
    }

    fn mime<'a>(raw: &'a [u8], part: &BodyPart) -> &'a str {
        slice(raw, part.header_start(), part.body_start())
    }

    fn addr(name: Option<&str>, mailbox: &str, host: &str) -> EnvelopeAddress {
        EnvelopeAddress {
            name: name.map(str::to_string),
            adl: None,
            mailbox: Some(mailbox.into()),
            host: Some(host.into()),
        }
    }

    #[test]
    fn plain_text_message() {
        let raw = sample("plain.eml");
        let s = MessageStructure::parse(&raw);
        assert_eq!(s.version, STRUCTURE_VERSION);
        let e = &s.envelope;
        assert_eq!(e.subject.as_deref(), Some("Hello"));
        assert_eq!(e.date.as_deref(), Some("Tue, 03 Nov 2026 08:00:00 +0700"));
        assert_eq!(e.message_id.as_deref(), Some("<plain@demo.gov.vn>"));
        // RFC 2047 words stay encoded in the ENVELOPE.
        assert_eq!(
            e.from,
            Some(vec![addr(
                Some("=?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?="),
                "annv",
                "demo.gov.vn"
            )])
        );
        assert_eq!(e.sender, None);
        let root = &s.root;
        assert_eq!(
            (root.media_type.as_str(), root.media_subtype.as_str()),
            ("text", "plain")
        );
        assert_eq!(root.params, vec![("charset".into(), "us-ascii".into())]);
        assert_eq!(body(&raw, root), "Line one.\r\nLine two.\r\n");
        assert_eq!(root.lines, 2);
        assert_eq!(root.header_start(), 0);
        assert!(mime(&raw, root).ends_with("<plain@demo.gov.vn>\r\n\r\n"));
        // Part 1 of a single-part message is its body.
        assert!(std::ptr::eq(root.find(&[1]).unwrap(), root));
        assert!(root.find(&[2]).is_none());
        assert!(root.find(&[1, 1]).is_none());
    }

    #[test]
    fn vietnamese_alternative_message() {
        let raw = sample("alternative.eml");
        let s = MessageStructure::parse(&raw);
        let e = &s.envelope;
        assert_eq!(
            e.subject.as_deref(),
            Some("=?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di_h=E1=BB=8Dp?=")
        );
        assert_eq!(
            e.from,
            Some(vec![addr(Some("Nguyen, Van An"), "annv", "demo.gov.vn")])
        );
        assert_eq!(e.sender, Some(vec![addr(None, "vanthu", "demo.gov.vn")]));
        assert_eq!(
            e.reply_to,
            Some(vec![addr(
                Some("Phòng Hành chính"),
                "hanhchinh",
                "demo.gov.vn"
            )])
        );
        // A group, then an address whose name is its comment.
        assert_eq!(
            e.to,
            Some(vec![
                EnvelopeAddress {
                    mailbox: Some("Lãnh đạo".into()),
                    ..Default::default()
                },
                addr(None, "giamdoc", "demo.gov.vn"),
                addr(None, "phogiamdoc", "demo.gov.vn"),
                EnvelopeAddress::default(),
                addr(Some("Bộ phận B"), "b", "demo.gov.vn"),
            ])
        );
        assert_eq!(
            e.cc,
            Some(vec![EnvelopeAddress {
                name: None,
                adl: Some("@relay.gov.vn".into()),
                mailbox: Some("c".into()),
                host: Some("demo.gov.vn".into()),
            }])
        );
        assert_eq!(e.in_reply_to.as_deref(), Some("<prev@demo.gov.vn>"));
        let root = &s.root;
        assert_eq!(root.media_subtype, "alternative");
        assert_eq!(root.params, vec![("boundary".into(), "b1".into())]);
        assert_eq!(root.children.len(), 2);
        let text = root.find(&[1]).unwrap();
        assert_eq!(text.encoding.as_deref(), Some("quoted-printable"));
        assert_eq!(text.params, vec![("charset".into(), "utf-8".into())]);
        assert_eq!(
            body(&raw, text),
            "K=C3=ADnh g=E1=BB=ADi c=C3=A1c =C4=91=C6=A1n v=E1=BB=8B,\r\nTr=C3=A2n tr=E1=BB=8Dng."
        );
        assert_eq!(text.lines, 1);
        assert_eq!(
            mime(&raw, text),
            "Content-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        );
        let html = root.find(&[2]).unwrap();
        assert_eq!(html.media_subtype, "html");
        assert_eq!(html.encoding.as_deref(), Some("base64"));
        let decoded = decode_body(html.encoding.as_deref(), body(&raw, html).as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "<p>Kính gửi các đơn vị,</p><p>Trân trọng.</p>\n"
        );
        assert!(root.find(&[3]).is_none());
        assert!(root.find(&[0]).is_none());
    }

    #[test]
    fn attachment_with_rfc2231_filename() {
        let raw = sample("attachment.eml");
        let s = MessageStructure::parse(&raw);
        let root = &s.root;
        assert_eq!(
            root.params,
            vec![("boundary".into(), "mixed-boundary".into())]
        );
        let text = root.find(&[1]).unwrap();
        assert_eq!(body(&raw, text), "Gửi anh giấy mời.");
        assert_eq!(text.encoding.as_deref(), Some("8bit"));
        let pdf = root.find(&[2]).unwrap();
        assert_eq!(
            (pdf.media_type.as_str(), pdf.media_subtype.as_str()),
            ("application", "pdf")
        );
        assert_eq!(
            pdf.params,
            vec![(
                "name".into(),
                "=?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di.pdf?=".into()
            )]
        );
        assert_eq!(
            pdf.disposition,
            Some(Disposition {
                kind: "attachment".into(),
                params: vec![(
                    "filename*".into(),
                    "utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.pdf".into()
                )],
            })
        );
        assert_eq!(pdf.id.as_deref(), Some("<pdf1@demo.gov.vn>"));
        assert_eq!(pdf.description.as_deref(), Some("Giay moi"));
        assert_eq!(pdf.language, vec!["vi".to_string()]);
        assert_eq!(pdf.lines, 0);
        let decoded = decode_body(pdf.encoding.as_deref(), body(&raw, pdf).as_bytes()).unwrap();
        assert_eq!(decoded, b"%PDF-1.4\n% giay moi\n%%EOF\n");
    }

    #[test]
    fn related_inside_alternative() {
        let raw = sample("related.eml");
        let s = MessageStructure::parse(&raw);
        let related = s.root.find(&[2]).unwrap();
        assert_eq!(related.media_subtype, "related");
        assert_eq!(
            related.params,
            vec![
                ("boundary".into(), "inner".into()),
                ("type".into(), "text/html".into())
            ]
        );
        assert!(body(&raw, related).starts_with("--inner\r\n"));
        assert!(body(&raw, related).ends_with("--inner--"));
        let html = s.root.find(&[2, 1]).unwrap();
        assert_eq!(body(&raw, html), "<img src=\"cid:logo\">");
        let png = s.root.find(&[2, 2]).unwrap();
        assert_eq!(body(&raw, png), "iVBORw0KGgo=");
        assert_eq!(png.id.as_deref(), Some("<logo>"));
        // Continuations without charset are merged under the plain name.
        assert_eq!(
            png.disposition.as_ref().unwrap().params,
            vec![("filename".into(), "logo.png".into())]
        );
        assert!(s.root.find(&[2, 3]).is_none());
        assert!(s.root.find(&[1, 1]).is_none());
    }

    #[test]
    fn encapsulated_message() {
        let raw = sample("forward.eml");
        let s = MessageStructure::parse(&raw);
        let fwd = s.root.find(&[2]).unwrap();
        assert_eq!(
            (fwd.media_type.as_str(), fwd.media_subtype.as_str()),
            ("message", "rfc822")
        );
        let inner = fwd.message.as_ref().unwrap();
        assert_eq!(inner.envelope.subject.as_deref(), Some("Report"));
        assert_eq!(
            inner.envelope.from,
            Some(vec![addr(Some("Tran Thi B"), "b", "other.gov.vn")])
        );
        assert!(body(&raw, fwd).starts_with("From: Tran Thi B"));
        assert!(body(&raw, fwd).ends_with("--in--"));
        assert_eq!(fwd.lines, 16);
        // 2.HEADER and 2.TEXT are the inner message's header and body.
        assert!(mime(&raw, &inner.root).ends_with("boundary=in\r\n\r\n"));
        assert!(body(&raw, &inner.root).starts_with("--in\r\n"));
        assert_eq!(body(&raw, s.root.find(&[2, 1]).unwrap()), "Inner text.");
        let csv = s.root.find(&[2, 2]).unwrap();
        assert_eq!(body(&raw, csv), "a,b\r\n1,2");
        assert_eq!(csv.lines, 1);
        assert!(s.root.find(&[2, 3]).is_none());
    }

    #[test]
    fn broken_mime_gives_a_sane_structure() {
        let raw = sample("broken.eml");
        let s = MessageStructure::parse(&raw);
        assert_eq!(s.envelope.subject.as_deref(), Some("Broken"));
        assert_eq!(s.root.children.len(), 2);
        assert_eq!(body(&raw, s.root.find(&[1]).unwrap()), "first part");
        let last = s.root.find(&[2]).unwrap();
        assert_eq!(body(&raw, last), "<p>unterminated\r\n");
        assert_eq!(last.params, vec![("charset".into(), String::new())]);
        assert_eq!(s.root.find(&[1]).unwrap().params[0].1, "us-ascii");
        // Round trip through the stored form.
        assert_eq!(MessageStructure::from_json(&s.to_json()), Some(s));
    }

    #[test]
    fn garbage_never_panics() {
        let inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"\xff\xfe not a message".to_vec(),
            b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n".to_vec(),
            b"Content-Type: message/rfc822\r\n\r\n".to_vec(),
            b"Content-Type: multipart/mixed\r\n\r\nno boundary\r\n".to_vec(),
            b"From: <@a,@b\r\nTo: ;;,,<>@:\r\nCc: \"unterminated\r\n\r\nx".to_vec(),
            b"Content-Type: text/plain; a*0*=x; a*1=%; b*=''; c*9999999999=1\r\n\r\n".to_vec(),
        ];
        for raw in inputs {
            let s = MessageStructure::parse(&raw);
            assert!(s.root.body_end() <= raw.len() as u64);
            assert_eq!(MessageStructure::from_json(&s.to_json()), Some(s));
        }
        // Deep nesting is cut off, not followed.
        let mut raw = String::new();
        for i in 0..200 {
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
            ));
        }
        raw.push_str("\r\nleaf\r\n");
        let s = MessageStructure::parse(raw.as_bytes());
        assert!(MessageStructure::from_json(&s.to_json()).is_some());
    }

    #[test]
    fn prepended_fields_move_the_offsets() {
        let raw = sample("attachment.eml");
        let s = MessageStructure::parse(&raw);
        let prefix = b"Received: from x by y; Tue, 03 Nov 2026 08:00:00 +0700\r\n";
        let mut stored = prefix.to_vec();
        stored.extend_from_slice(&raw);
        let moved = s.clone().prepended(prefix.len());
        assert_eq!(moved, MessageStructure::parse(&stored));
    }

    #[test]
    fn rfc2231_parameters_as_dovecot_shows_them() {
        let (t, st, p) = parse_content_type(
            "Application/X-Thing; Name*0*=utf-8''a%20b; name*1=\"c%d\"; other=\"q\\\"x\" (comment)",
        );
        assert_eq!((t.as_str(), st.as_str()), ("Application", "X-Thing"));
        assert_eq!(
            p,
            vec![
                ("other".into(), "q\"x".into()),
                ("name*".into(), "utf-8''a%20bc%25d".into())
            ]
        );
        assert_eq!(parse_content_type("").0, "text");
        assert_eq!(parse_content_type("text").1, "plain");
    }
}
