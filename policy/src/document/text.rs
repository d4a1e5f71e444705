//! Text normalisation and the parts of a message the recogniser reads.
//!
//! Vietnamese reaches us precomposed (NFC), decomposed (NFD: macOS file names, some
//! copy-pastes) or typed without diacritics, in plain text or HTML. Everything is brought to
//! NFC first; matching of words is done on a folded copy (no diacritics, đ → d, lowercase), while
//! document numbers are read from the NFC text because their Vietnamese letters matter
//! (`QĐ` is a decision, `QD` is only what an unaccented keyboard makes of it).

use mail_parser::{Message, MimeHeaders, PartType};

use super::issuer::{self, Issuer};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use super::attachment_text::{Reading, of_part};
use super::tcvn3;

/// Bodies longer than this are read only up to here: the parts that identify a document
/// (header, "Số:", title, marks, cover note) are at the top, and this bounds the work per
/// message.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// A plain alternative shorter than this is taken for a placeholder and the HTML one is read
/// too.
const MIN_PLAIN_CHARS: usize = 32;

/// Forwarded messages nested deeper than this are not read.
const MAX_DEPTH: usize = 4;

/// NFC form of `s`.
pub(crate) fn nfc(s: &str) -> String {
    // Most text arrives precomposed: the quick check (UAX #15 §9) answers without
    // normalising.
    if plainly_nfc(s) || unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is made only of characters that are NFC whatever surrounds them (quick check
/// Yes, combining class 0): everything before the combining marks (U+0300), Latin Extended
/// Additional (U+1E00–U+1EFF), where precomposed Vietnamese letters live (ạ ả ấ … ỹ), General
/// Punctuation but its two singletons U+2000 and U+2001 (U+2002–U+206F: the dashes, quotes and
/// ellipsis word processors put in mail) and the currency signs U+20A0–U+20BF (₫). Such text
/// is NFC without the quick check's table lookups, which cost a body with a single "–" a
/// lookup per character. Read as bytes: below 0xCC is a character before U+0300 or a
/// continuation byte; E1 B8–BB starts U+1E00–U+1EFF, E2 80 82 – E2 81 AF is U+2002–U+206F,
/// E2 82 A0–BF is U+20A0–U+20BF.
fn plainly_nfc(s: &str) -> bool {
    let mut rest = s.as_bytes();
    // From one byte of 0xCC or above to the next: the search is the whole of the work.
    while let Some(at) = first_at_least_cc(rest) {
        match rest.get(at..at + 3) {
            Some(
                [0xE1, 0xB8..=0xBB, _]
                | [0xE2, 0x80, 0x82..=0xBF]
                | [0xE2, 0x81, 0x80..=0xAF]
                | [0xE2, 0x82, 0xA0..=0xBF],
            ) => rest = &rest[at + 3..],
            _ => return false,
        }
    }
    true
}

/// The first byte of 0xCC or above in `bytes`, eight bytes at a time: a byte is 0xCC or
/// above when its high bit is set and its low seven bits plus 0x34 reach 0x80 (no byte
/// carries into the next: 0x7F + 0x34 < 0x100).
fn first_at_least_cc(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let found = w & ((w & !HIGH) + 0x3434_3434_3434_3434) & HIGH;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b >= 0xCC)
        .map(|offset| at + offset)
}

/// Folded form for matching words: no diacritics, đ → d, lowercase ("Giấy mời" → "giay moi").
pub(crate) fn fold(s: &str) -> String {
    storage::text::fold_for_search(s)
}

/// Shortens `s` for an evidence string.
pub(crate) fn excerpt(s: &str) -> String {
    const MAX_CHARS: usize = 60;
    let s = s.trim();
    match s.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// How a subject says the message relates to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Thread {
    #[default]
    New,
    Reply,
    Forward,
}

/// Prefixes mail clients put before a subject (English, Vietnamese, and the common European
/// ones Outlook localises to), folded.
const REPLY_PREFIXES: &[&str] = &["re", "tl", "tra loi", "aw", "sv", "antw", "odp"];
const FORWARD_PREFIXES: &[&str] = &["fw", "fwd", "tr", "chuyen tiep", "wg", "vs", "rv", "enc"];

/// Removes "Re:", "Fwd:", "TL:", "Chuyển tiếp:" … from the start of a subject. The first one
/// decides whether the message is a reply or a forward; the flag says whether a reply prefix
/// occurs anywhere in the chain ("Fwd: Re: …" forwards a reply, whose subject names the
/// document replied to).
pub(crate) fn thread_prefixes(subject: &str) -> (Thread, bool, &str) {
    let mut kind = Thread::New;
    let mut replied = false;
    let mut rest = subject.trim();
    // Prefixes are short: look for their colon among the first few characters only.
    while let Some(colon) = rest
        .char_indices()
        .take(16)
        .find(|&(_, c)| c == ':')
        .map(|(i, _)| i)
    {
        let head = fold(&rest[..colon]);
        // "Re[2]", "RE (3)"
        let head = head
            .split(['[', '('])
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let this = if REPLY_PREFIXES.contains(&head.as_str()) {
            Thread::Reply
        } else if FORWARD_PREFIXES.contains(&head.as_str()) {
            Thread::Forward
        } else {
            break;
        };
        if kind == Thread::New {
            kind = this;
        }
        replied |= this == Thread::Reply;
        rest = rest[colon + 1..].trim_start();
    }
    (kind, replied, rest)
}

/// The text a reply adds above the quoted original: quotation starts at the first "> " line,
/// attribution line ("… wrote:", "… đã viết:"), or embedded original header.
pub(crate) fn own_part_of_reply(body: &str) -> &str {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('>') {
            return &body[..offset];
        }
        let folded = fold(trimmed);
        let quote_start = folded.ends_with("wrote:")
            || folded.ends_with("viet:")
            || folded.contains("original message")
            || folded.contains("forwarded message")
            || folded.contains("thu goc")
            || folded.starts_with("from:")
            || folded.starts_with("tu:");
        if quote_start {
            return &body[..offset];
        }
        offset += line.len();
    }
    body
}

fn drop_quoted_lines(body: &str) -> String {
    body.lines()
        .filter(|line| !line.trim_start().starts_with('>'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parts of a message that can identify a document, NFC-normalised.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// The top-level subject without thread prefixes (empty for a reply or a forwarded reply:
    /// their subject repeats the document answered, which is not the one carried).
    pub subject: String,
    /// The subject as received, for evidence.
    pub raw_subject: String,
    /// Subjects of messages forwarded as message/rfc822 parts (the "Subject:" lines of
    /// inline-forwarded headers are read with the body).
    pub forwarded_subjects: Vec<String>,
    /// Plain-text bodies (HTML converted; the HTML alternative only when the plain one is a
    /// placeholder); for a reply, only the part above the quotation.
    pub bodies: Vec<String>,
    /// File names of attachments, including those of forwarded messages.
    pub attachments: Vec<String>,
    /// Text of PDF, DOCX and ODT attachments, in their order (`attachment_text`).
    pub attachment_texts: Vec<String>,
    /// The reading of attachments' text: how many were looked at, the work they took.
    pub reading: Reading,
    pub thread: Thread,
    /// The subject has a reply prefix somewhere, so `subject` was left empty.
    pub replied: bool,
    /// The issuer the sender's domain names (`.gov.vn` the state, `.dcs.vn` the Party, …).
    pub sender_issuer: Option<Issuer>,
    /// The sender's display name names a state body ("UBND xã Bắc Hà <…@gmail.com>").
    pub sender_names_agency: bool,
    /// The sender's domain dresses up as the state's ("mof-gov.vn.cc"): phishing.
    pub impersonated: bool,
    /// A delivery or read report (RFC 6522 multipart/report: RFC 3464 DSN, RFC 8098 MDN): it
    /// is about another message and carries no document.
    pub report: bool,
    /// A meeting request or reply (RFC 5546 iTIP: a text/calendar part): it names the
    /// meeting's papers, if any, without being them.
    pub calendar: bool,
    /// Automatic or bulk mail: RFC 3834 Auto-Submitted, Precedence bulk/list/junk, or a
    /// mailing list (RFC 2369 List-Id/List-Unsubscribe).
    pub automatic: bool,
}

/// Gathers what [`Content`] describes from a parsed message, reading attachments' text
/// under `reading`.
pub(crate) fn collect(message: &Message<'_>, reading: Reading) -> Content {
    let raw_subject = nfc(message.subject().unwrap_or_default());
    let (thread, replied, rest) = thread_prefixes(&raw_subject);
    let mut content = Content {
        subject: if replied {
            String::new()
        } else {
            rest.to_owned()
        },
        thread,
        replied,
        reading,
        ..Content::default()
    };
    content.raw_subject = raw_subject;
    let from = message.from().and_then(|from| from.first());
    content.sender_issuer = from
        .and_then(|addr| addr.address())
        .and_then(issuer::of_address);
    // The display name folded once, for both tests that read it.
    let folded_name = from.and_then(|addr| addr.name()).map(fold);
    content.sender_names_agency = folded_name.as_deref().is_some_and(issuer::names_state_body);
    content.report = is_report(message);
    content.impersonated = from
        .and_then(|addr| addr.address())
        .is_some_and(issuer::impersonates_the_state);
    // Mail systems' own notices (bounces, quarantine, no-reply senders) are automatic even
    // without Auto-Submitted.
    content.automatic |= from.is_some_and(|addr| {
        let local = addr
            .address()
            .and_then(|a| a.split('@').next())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let name = folded_name.as_deref().unwrap_or_default();
        SYSTEM_SENDERS.contains(&local.as_str())
            || ["quarantine", "mail delivery", "postmaster"]
                .iter()
                .any(|s| name.contains(s))
    });
    content.calendar = message.parts.iter().any(|part| {
        part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("calendar"))
        })
    });
    content.automatic |= is_automatic(message);
    collect_parts(message, &mut content, 0, thread == Thread::Reply);
    if replied && thread != Thread::Reply {
        // "Fwd: Re: …" forwards a conversation: its "> " lines quote the document replied to.
        for body in &mut content.bodies {
            *body = drop_quoted_lines(body);
        }
    }
    content
}

/// RFC 6522: a report is a multipart/report, or holds a machine-readable part of one
/// (message/disposition-notification, RFC 8098; message/delivery-status, RFC 3464) that a
/// client forwarded.
fn is_report(message: &Message<'_>) -> bool {
    let is = |ct: Option<&mail_parser::ContentType<'_>>, ctype: &str, subtype: &str| {
        ct.is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case(ctype)
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case(subtype))
        })
    };
    is(message.content_type(), "multipart", "report")
        || message.parts.iter().any(|part| {
            let ct = part.content_type();
            is(ct, "message", "disposition-notification")
                || is(ct, "message", "delivery-status")
                || is(ct, "message", "global-disposition-notification")
                || is(ct, "message", "global-delivery-status")
        })
}

/// Local parts of mail systems' own senders.
const SYSTEM_SENDERS: &[&str] = &[
    "postmaster",
    "mailer-daemon",
    "quarantine",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
];

fn is_automatic(message: &Message<'_>) -> bool {
    // One pass over the top-level header fields, by name: looking each name up would build a
    // header name (an allocation) per lookup.
    let raw = message.raw_message.as_ref();
    message.headers().iter().any(|h| {
        let name = h.name();
        let value = || {
            raw.get(h.offset_start as usize..h.offset_end as usize)
                .map(|v| String::from_utf8_lossy(v).trim().to_ascii_lowercase())
                .unwrap_or_default()
        };
        if name.eq_ignore_ascii_case("Auto-Submitted") {
            !value().starts_with("no")
        } else if name.eq_ignore_ascii_case("Precedence") {
            matches!(value().as_str(), "bulk" | "list" | "junk")
        } else {
            name.eq_ignore_ascii_case("List-Id") || name.eq_ignore_ascii_case("List-Unsubscribe")
        }
    })
}

/// Reads one message level. For a reply (`reply`), only the text above the quotation is kept
/// and attached originals are skipped: what a reply quotes is not what it carries.
fn collect_parts(message: &Message<'_>, content: &mut Content, depth: usize, reply: bool) {
    let first = content.bodies.len();
    push_bodies(message, &message.text_body, content, reply);
    // Some clients send a placeholder as the plain alternative ("This is an HTML message");
    // then the HTML alternative is the message.
    let plain_chars: usize = content.bodies[first..]
        .iter()
        .map(|b| b.trim().chars().count())
        .sum();
    if plain_chars < MIN_PLAIN_CHARS {
        let html_only: Vec<u32> = message
            .html_body
            .iter()
            .filter(|id| !message.text_body.contains(id))
            .copied()
            .collect();
        push_bodies(message, &html_only, content, reply);
    }
    for part in &message.parts {
        match &part.body {
            PartType::Message(inner) => {
                // A forward of an official document is that document (as an attachment or
                // inline); a forwarded reply is read like a reply.
                if reply || depth + 1 >= MAX_DEPTH {
                    continue;
                }
                let subject = nfc(inner.subject().unwrap_or_default());
                let (inner_thread, replied, rest) = thread_prefixes(&subject);
                if !replied && !rest.is_empty() {
                    content.forwarded_subjects.push(rest.to_owned());
                }
                collect_parts(inner, content, depth + 1, inner_thread == Thread::Reply);
            }
            PartType::Multipart(_) => {}
            _ => {
                if let Some(name) = part.attachment_name() {
                    content.attachments.push(nfc(name.trim()));
                }
                if let Some(text) = of_part(part, &mut content.reading) {
                    content.attachment_texts.push(text);
                }
            }
        }
    }
}

fn push_bodies(message: &Message<'_>, ids: &[u32], content: &mut Content, reply: bool) {
    for id in ids {
        let Some(part) = message.parts.get(*id as usize) else {
            continue;
        };
        let mut text = match &part.body {
            // Text pasted from a .VnTime document arrives in TCVN3 read as Latin-1.
            PartType::Text(text) => tcvn3::decoded(nfc(truncate(text, MAX_BODY_BYTES))),
            PartType::Html(html) => tcvn3::decoded(html_to_text(truncate(html, MAX_BODY_BYTES))),
            _ => continue,
        };
        if reply {
            let own = own_part_of_reply(&text).len();
            text.truncate(own);
        }
        content.bodies.push(text);
    }
}

/// The subject on a "Subject:" line of the header that mail clients write above an
/// inline-forwarded message, given the line and its start folded (`head`).
/// Whether a line is the "From:" line of an inline-forwarded header naming a newspaper or
/// news site ("From: Bao Lam Dong <tin@baolamdong.vn>"), or a press dateline ("(Báo Lâm Đồng)
/// - Chiều 10/12, …"): what follows is an article. `head` is the line's start folded.
pub(crate) fn news_line(head: &str) -> bool {
    if let Some(label) = NEWS_FROM_LABELS.iter().find(|l| head.starts_with(*l)) {
        let name = head[label.len()..].trim_start();
        return [
            "bao ",
            "tap chi ",
            "tin tuc",
            "dai truyen hinh",
            "vnexpress",
            "tuoi tre",
        ]
        .iter()
        .any(|n| name.starts_with(n));
    }
    head.starts_with(NEWS_DATELINE) && head.contains(") -")
}

/// The labels of the "From:" line of an inline-forwarded header, folded (see [`news_line`]).
pub(crate) const NEWS_FROM_LABELS: &[&str] = &["from:", "tu:", "nguoi gui:"];

/// How a press dateline starts, folded (see [`news_line`]).
pub(crate) const NEWS_DATELINE: &str = "(bao ";

/// The labels of the "Subject:" line of an inline-forwarded header, folded (see
/// [`inline_subject`]).
pub(crate) const INLINE_SUBJECT_LABELS: &[&str] = &["subject:", "tieu de:", "chu de:"];

pub(crate) fn inline_subject<'a>(line: &'a str, head: &str) -> Option<&'a str> {
    let label = INLINE_SUBJECT_LABELS
        .iter()
        .find(|l| head.starts_with(*l))?;
    // Folding keeps one character per character of these labels, so the label's length in
    // characters is its length in the line.
    let start = line
        .char_indices()
        .nth(label.len())
        .map_or(line.len(), |(i, _)| i);
    let (_, replied, rest) = thread_prefixes(&line[start..]);
    (!replied && !rest.is_empty()).then_some(rest)
}

/// Converts HTML to plain text: block elements and table cells become line breaks (layout
/// tables put the "Số:" line and the stamps in cells of their own), `script`/`style`/`title`
/// and comments are dropped, runs of white space collapse (as a browser renders them),
/// character references are decoded, and lines inside `<blockquote>` are marked "> " as a
/// plain-text quotation would be. Good enough to read a cover note or a document header; not a
/// renderer.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut w = TextWriter::default();
    let mut rest = html;
    // Set when a '<' had no closing '>' up to the end: every later '<' is text too. Without it,
    // "<a<a<a…" would rescan the rest of the input for each '<'.
    let mut unclosed = false;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' if !unclosed => {
                if let Some(after) = rest.strip_prefix("<!--") {
                    rest = after.find("-->").map_or("", |end| &after[end + 3..]);
                    continue;
                }
                let Some(end) = tag_end(rest) else {
                    // A lone '<' is text.
                    unclosed = starts_tag(rest);
                    w.push('<');
                    rest = &rest[1..];
                    continue;
                };
                let tag = &rest[1..end];
                rest = &rest[end + 1..];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let closing = tag.starts_with('/');
                if !closing && matches!(name.as_str(), "script" | "style" | "title") {
                    rest = skip_element(rest, &name);
                    continue;
                }
                if name == "blockquote" {
                    w.newline();
                    w.quote_depth = if closing {
                        w.quote_depth.saturating_sub(1)
                    } else {
                        w.quote_depth + 1
                    };
                } else if is_block(&name) {
                    w.newline();
                }
            }
            '&' => {
                let (decoded, used) = decode_entity(rest);
                w.push(decoded);
                rest = &rest[used..];
            }
            c if c.is_whitespace() => {
                w.pending_space = true;
                rest = &rest[c.len_utf8()..];
            }
            c => {
                w.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    nfc(w.out.trim())
}

#[derive(Default)]
struct TextWriter {
    out: String,
    pending_space: bool,
    quote_depth: usize,
}

impl TextWriter {
    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    fn push(&mut self, c: char) {
        if self.at_line_start() {
            // One marker whatever the depth: only "quoted or not" matters, and nesting depth is
            // under the sender's control.
            if self.quote_depth > 0 {
                self.out.push_str("> ");
            }
        } else if self.pending_space {
            self.out.push(' ');
        }
        self.pending_space = false;
        // A decoded &nbsp; is a space like any other.
        self.out.push(if c == '\u{a0}' { ' ' } else { c });
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if !self.at_line_start() {
            self.out.push('\n');
        }
        self.pending_space = false;
    }
}

/// Index of the '>' closing the tag that starts `s` (which starts with '<'), skipping quoted
/// attribute values. None when `s` does not start a tag.
fn tag_end(s: &str) -> Option<usize> {
    let second = s[1..].chars().next()?;
    if !(second.is_ascii_alphabetic() || second == '/' || second == '!' || second == '?') {
        return None;
    }
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether `s` (starting with '<') starts a tag, so that `tag_end` failing means nothing closes it
/// (rather than the '<' being text).
fn starts_tag(s: &str) -> bool {
    s[1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
}

/// The text after the element `name` whose start tag was just read: after its end tag, matched
/// without regard to case, or nothing if it is never closed.
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(at) = s[from..].find("</").map(|i| from + i) {
        let after = &s[at + 2..];
        if after
            .get(..name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return s[at..].find('>').map_or("", |end| &s[at + end + 1..]);
        }
        from = at + 2;
    }
    ""
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "br" | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "hr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "center"
            | "address"
            | "dd"
            | "dt"
            | "td"
            | "th"
    )
}

/// Named character references worth knowing in Vietnamese mail: the markup ones, white space
/// and punctuation, and the Latin-1 letters that Vietnamese shares (the others are always
/// sent as numeric references or raw UTF-8).
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("deg", '°'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("yacute", 'ý'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Yacute", 'Ý'),
];

/// Decodes the character reference at the start of `s` (which starts with '&'). Returns the
/// character and the bytes used; an unknown or malformed reference is a literal '&'.
fn decode_entity(s: &str) -> (char, usize) {
    const LITERAL: (char, usize) = ('&', 1);
    // The longest reference we decode is "&#x10FFFF;" or "&hellip;".
    let Some(semi) = s
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';')
        .map(|(i, _)| i)
    else {
        return LITERAL;
    };
    let body = &s[1..semi];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        // NUL and invalid code points decode to U+FFFD, as HTML5 says.
        value.map(|v| {
            char::from_u32(v)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{fffd}')
        })
    } else {
        ENTITIES.iter().find(|(n, _)| *n == body).map(|&(_, c)| c)
    };
    match decoded {
        Some(c) => (c, semi + 1),
        None => LITERAL,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn html_blocks_become_lines_and_entities_decode() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\
                    <p>S&#7889;: 12/GM-UBND<br>Qu&#x1EA3;ng Ng&atilde;i</p>\
                    <div>KH&#7848;N</div><!-- <p>MẬT</p> --><p>a &amp; b &lt;c&gt; &bogus; &</p>\
                    <table><tr><td>x</td><td>y</td></tr></table></body></html>";
        assert_eq!(
            html_to_text(html),
            "Số: 12/GM-UBND\nQuảng Ngãi\nKHẨN\na & b <c> &bogus; &\nx\ny"
        );
    }

    #[test]
    fn html_blockquotes_are_marked_as_quotations() {
        let html = "<div>Đã nhận.</div><blockquote><p>Số: 12/GM-UBND</p>\
                    <blockquote>GIẤY MỜI</blockquote></blockquote><p>--</p>";
        assert_eq!(
            html_to_text(html),
            "Đã nhận.\n> Số: 12/GM-UBND\n> GIẤY MỜI\n--"
        );
    }

    #[test]
    fn html_whitespace_collapses_and_attributes_with_gt_are_skipped() {
        let html = "<p title=\"a > b\">Giấy\n   mời</p>  <span>họp</span>";
        assert_eq!(html_to_text(html), "Giấy mời\nhọp");
    }

    #[test]
    fn reply_and_forward_prefixes() {
        assert_eq!(
            thread_prefixes("RE: FW: Giấy mời"),
            (Thread::Reply, true, "Giấy mời")
        );
        assert_eq!(
            thread_prefixes("Fwd: Re[2]: Báo cáo"),
            (Thread::Forward, true, "Báo cáo")
        );
        assert_eq!(
            thread_prefixes("Trả lời: Công văn"),
            (Thread::Reply, true, "Công văn")
        );
        assert_eq!(
            thread_prefixes("FW: Công văn"),
            (Thread::Forward, false, "Công văn")
        );
        assert_eq!(
            thread_prefixes("MẬT: Kế hoạch"),
            (Thread::New, false, "MẬT: Kế hoạch")
        );
    }

    #[test]
    fn reply_quotation_is_cut() {
        let body =
            "Đã nhận, cảm ơn.\n\nVào 10:00 ngày 02/12/2026, Văn thư đã viết:\n> Số: 12/GM-UBND\n";
        assert_eq!(own_part_of_reply(body), "Đã nhận, cảm ơn.\n\n");
    }

    /// `first_at_least_cc` finds what a test of each byte finds.
    #[test]
    fn the_first_byte_of_0xcc_or_above_is_found_eight_at_a_time() {
        use proptest::prelude::*;
        let bytes = proptest::collection::vec(
            proptest::sample::select(vec![
                0u8, 0x41, 0x7F, 0x80, 0xBF, 0xCB, 0xCC, 0xCD, 0xE1, 0xFF,
            ]),
            0..40,
        );
        proptest!(|(bytes in bytes)| {
            prop_assert_eq!(
                first_at_least_cc(&bytes),
                bytes.iter().position(|&b| b >= 0xCC)
            );
        });
        for b in 0..=255u8 {
            let text = [0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, b, 0x41];
            assert_eq!(first_at_least_cc(&text), (b >= 0xCC).then_some(7), "{b:#x}");
        }
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Giấy mời".nfd().collect();
        assert_ne!(nfd, "Giấy mời");
        assert_eq!(nfc(&nfd), "Giấy mời");
        assert_eq!(fold(&nfd), "giay moi");
    }

    #[test]
    fn plainly_nfc_characters_pass_the_quick_check_with_class_zero() {
        let plain: String = ('\0'..='\u{2FF}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain('\u{2002}'..='\u{206F}')
            .chain('\u{20A0}'..='\u{20BF}')
            .collect();
        assert!(plainly_nfc(&plain));
        for c in plain.chars() {
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
        }
        // Everything else is left to the quick check, wherever it stands in the text.
        for c in ('\u{300}'..='\u{1DFF}').chain([
            '\u{1F00}', '\u{2000}', '\u{2001}', '\u{2070}', '\u{209F}', '\u{20C0}', '\u{20D0}',
            '\u{3000}', '\u{FFFD}', '😀',
        ]) {
            assert!(!plainly_nfc(&format!("Giấy{c}mời")), "{c:?}");
        }
        assert_eq!(nfc("Gia\u{302}\u{301}y mời"), "Giấy mời");
    }
}
