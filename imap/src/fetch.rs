//! FETCH (RFC 9051 §6.4.5): flags, dates, sizes, ENVELOPE, BODY/BODYSTRUCTURE, sections
//! (`BODY[1.2]`, `BODY[2.MIME]`, `BODY[3.HEADER.FIELDS (…)]`, partials) and BINARY
//! (RFC 3516).
//!
//! Everything but the bytes themselves comes from the message rows and the structure
//! stored with each content, loaded in one query for the UID span; a section is one ranged
//! read of the blob.

use std::sync::Arc;

use storage::{Flags, MessageInfo, MessageStructure};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::bodystructure;
use crate::condstore;
use crate::condstore::FetchModifiers;
use crate::error::{Done, ImapError};
use crate::response::Utf8;
use crate::sequence::SequenceSet;
use crate::session::{Session, State};
use crate::wire::Token;

/// What follows the part numbers in a section (RFC 9051 §6.4.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SectionText {
    /// The whole part (or message).
    Whole,
    Header,
    /// HEADER.FIELDS (names), or HEADER.FIELDS.NOT with `not`; names lower-cased.
    Fields {
        not: bool,
        names: Vec<String>,
    },
    Text,
    Mime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    pub(crate) path: Vec<u32>,
    pub(crate) text: SectionText,
}

/// One FETCH data item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Uid,
    Flags,
    InternalDate,
    Rfc822Size,
    ModSeq,
    Envelope,
    /// BODY (`false`) or BODYSTRUCTURE (`true`).
    Structure(bool),
    /// RFC822, RFC822.HEADER, RFC822.TEXT: the name and the section it stands for.
    Rfc822(&'static str, SectionText),
    Body {
        peek: bool,
        section: Section,
        partial: Option<(u64, u64)>,
        /// The section as the client wrote it, echoed in the response.
        label: String,
    },
    Binary {
        peek: bool,
        path: Vec<u32>,
        partial: Option<(u64, u64)>,
    },
    BinarySize(Vec<u32>),
    // imapsort: OBJECTID (RFC 8474 §5).
    EmailId,
    ThreadId,
    // imapappend
    /// RFC 8514.
    SaveDate,
    /// RFC 8970; `lazy`: `PREVIEW (LAZY)`, NIL rather than wait.
    Preview {
        lazy: bool,
    },
}

impl Item {
    /// Whether fetching it sets \Seen (RFC 9051 §6.4.5; RFC 3516 §4.2).
    pub(crate) fn sets_seen(&self) -> bool {
        match self {
            Item::Body { peek, .. } | Item::Binary { peek, .. } => !peek,
            Item::Rfc822(name, _) => *name != "RFC822.HEADER",
            _ => false,
        }
    }
    fn needs_structure(&self) -> bool {
        matches!(
            self,
            Item::Envelope
                | Item::Structure(_)
                | Item::Rfc822(..)
                | Item::Body { .. }
                | Item::Binary { .. }
                | Item::BinarySize(_)
        )
    }
}

/// Parses the data items of a FETCH: a macro, one item, or a parenthesized list.
pub(crate) fn parse_items(token: &Token) -> Result<Vec<Item>, String> {
    let names: Vec<String> = match token {
        Token::List(list) => crate::preview::item_names(list)?,
        Token::Atom(a) => match a.to_ascii_uppercase().as_str() {
            // RFC 9051 §6.4.5 macros.
            "ALL" => vec!["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"]
                .into_iter()
                .map(String::from)
                .collect(),
            "FAST" => vec!["FLAGS", "INTERNALDATE", "RFC822.SIZE"]
                .into_iter()
                .map(String::from)
                .collect(),
            "FULL" => vec!["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"]
                .into_iter()
                .map(String::from)
                .collect(),
            _ => vec![a.clone()],
        },
        _ => return Err("FETCH needs data items".into()),
    };
    if names.is_empty() {
        return Err("FETCH needs data items".into());
    }
    names.iter().map(|n| parse_item(n)).collect()
}

fn parse_item(item: &str) -> Result<Item, String> {
    let bad = || format!("unknown FETCH data item {item}");
    let (name, bracket) = match item.split_once('[') {
        Some((name, rest)) => (name.to_ascii_uppercase(), Some(rest)),
        None => (item.to_ascii_uppercase(), None),
    };
    let Some(rest) = bracket else {
        return Ok(match name.as_str() {
            "UID" => Item::Uid,
            "FLAGS" => Item::Flags,
            "INTERNALDATE" => Item::InternalDate,
            "RFC822.SIZE" => Item::Rfc822Size,
            "MODSEQ" => Item::ModSeq,
            "ENVELOPE" => Item::Envelope,
            "BODY" => Item::Structure(false),
            "BODYSTRUCTURE" => Item::Structure(true),
            "RFC822" => Item::Rfc822("RFC822", SectionText::Whole),
            "RFC822.HEADER" => Item::Rfc822("RFC822.HEADER", SectionText::Header),
            "RFC822.TEXT" => Item::Rfc822("RFC822.TEXT", SectionText::Text),
            "EMAILID" => Item::EmailId,
            "THREADID" => Item::ThreadId,
            // imapappend
            "SAVEDATE" => Item::SaveDate,
            n if n.starts_with("PREVIEW") => crate::preview::item(n).ok_or_else(bad)?,
            _ => return Err(bad()),
        });
    };
    let (spec, tail) = rest.rsplit_once(']').ok_or_else(bad)?;
    let partial = match tail {
        "" => None,
        t => {
            let range = t
                .strip_prefix('<')
                .and_then(|t| t.strip_suffix('>'))
                .ok_or_else(bad)?;
            let (o, l) = range.split_once('.').ok_or_else(bad)?;
            let (o, l) = (o.parse().map_err(|_| bad())?, l.parse().map_err(|_| bad())?);
            // partial = "<" number64 "." nz-number64 ">"
            if l == 0 {
                return Err(bad());
            }
            Some((o, l))
        }
    };
    match name.as_str() {
        "BODY" | "BODY.PEEK" => Ok(Item::Body {
            peek: name == "BODY.PEEK",
            section: parse_section(spec).ok_or_else(bad)?,
            partial,
            label: spec.to_string(),
        }),
        "BINARY" | "BINARY.PEEK" | "BINARY.SIZE" => {
            // section-binary = "[" [section-part] "]"
            let path = if spec.is_empty() {
                Vec::new()
            } else {
                parse_path(spec).ok_or_else(bad)?
            };
            if name == "BINARY.SIZE" {
                if partial.is_some() {
                    return Err(bad());
                }
                return Ok(Item::BinarySize(path));
            }
            Ok(Item::Binary {
                peek: name == "BINARY.PEEK",
                path,
                partial,
            })
        }
        _ => Err(bad()),
    }
}

/// `1.2.3` → [1, 2, 3] (nz-numbers only).
fn parse_path(spec: &str) -> Option<Vec<u32>> {
    spec.split('.')
        .map(|n| {
            let v: u32 = n.parse().ok()?;
            (v > 0 && n.bytes().all(|b| b.is_ascii_digit())).then_some(v)
        })
        .collect()
}

/// A section spec (RFC 9051 §6.4.5, ABNF `section-spec`): part numbers, then HEADER,
/// HEADER.FIELDS[.NOT] (list), TEXT, or (after a part number only) MIME.
pub(crate) fn parse_section(spec: &str) -> Option<Section> {
    let spec = spec.trim();
    let mut path = Vec::new();
    let mut rest = spec;
    while !rest.is_empty() {
        let end = rest.find('.').unwrap_or(rest.len());
        let head = &rest[..end];
        if head.is_empty() || !head.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        let n: u32 = head.parse().ok()?;
        if n == 0 {
            return None;
        }
        path.push(n);
        if end == rest.len() {
            rest = "";
        } else {
            rest = &rest[end + 1..];
            if rest.is_empty() {
                return None; // "1."
            }
        }
    }
    let upper = rest.to_ascii_uppercase();
    let text = if rest.is_empty() {
        SectionText::Whole
    } else if upper == "HEADER" {
        SectionText::Header
    } else if upper == "TEXT" {
        SectionText::Text
    } else if upper == "MIME" && !path.is_empty() {
        SectionText::Mime
    } else if let Some(list) = upper.strip_prefix("HEADER.FIELDS") {
        let (not, list) = match list.strip_prefix(".NOT") {
            Some(l) => (true, l),
            None => (false, list),
        };
        let list = list.trim().strip_prefix('(')?.strip_suffix(')')?;
        let names: Vec<String> = list
            .split_whitespace()
            .map(|n| n.trim_matches('"').to_ascii_lowercase())
            .collect();
        if names.is_empty() {
            return None;
        }
        SectionText::Fields { not, names }
    } else {
        return None;
    };
    Some(Section { path, text })
}

/// The bytes a section covers: a range of the blob, and whether only some header fields
/// of it are wanted. `None`: the part does not exist (answered with an empty string, as
/// Dovecot does; RFC 9051 leaves it open).
pub(crate) fn section_range(s: &MessageStructure, section: &Section) -> Option<(u64, u64)> {
    let root = &s.root;
    if section.path.is_empty() {
        return Some(match section.text {
            SectionText::Whole => (0, root.body_end()),
            SectionText::Header | SectionText::Fields { .. } => {
                (root.header_start(), root.body_start())
            }
            SectionText::Text => (root.body_start(), root.body_end()),
            SectionText::Mime => return None,
        });
    }
    let part = root.find(&section.path)?;
    Some(match section.text {
        SectionText::Whole => (part.body_start(), part.body_end()),
        SectionText::Mime => (part.header_start(), part.body_start()),
        // RFC 9051 §6.4.5: HEADER, HEADER.FIELDS and TEXT after a part number refer to a
        // message/rfc822 part's encapsulated message.
        SectionText::Header | SectionText::Fields { .. } => {
            let inner = &part.message.as_ref()?.root;
            (inner.header_start(), inner.body_start())
        }
        SectionText::Text => {
            let inner = &part.message.as_ref()?.root;
            (inner.body_start(), inner.body_end())
        }
    })
}

/// Keeps (or, with `not`, drops) the named fields of a header block; the result ends with
/// the blank line (RFC 9051 §6.4.5: "the blank line … is included").
pub(crate) fn header_fields(header: &[u8], names: &[String], not: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut keep = false;
    for line in header.split_inclusive(|&b| b == b'\n') {
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        if !matches!(line.first(), Some(b' ' | b'\t')) {
            let name = line
                .iter()
                .position(|&b| b == b':')
                .map(|p| {
                    String::from_utf8_lossy(&line[..p])
                        .trim()
                        .to_ascii_lowercase()
                })
                .unwrap_or_default();
            keep = names.contains(&name) != not;
        }
        if keep {
            out.extend_from_slice(line);
        }
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// Appends `data` as a literal: a literal8 `~{n}` for BINARY when it holds NUL (RFC 3516
/// §4.3). A plain literal may not hold NUL (RFC 9051 §4.3, CHAR8): a message appended as a
/// literal8 with NULs in it shows each as 0x80 there, as Dovecot does; the size stays that
/// of the message, and BINARY still gives the bytes as stored.
fn literal(out: &mut Vec<u8>, data: &[u8], binary: bool) {
    let nul = data.contains(&0);
    let tilde = if binary && nul { "~" } else { "" };
    out.extend_from_slice(format!("{tilde}{{{}}}\r\n", data.len()).as_bytes());
    if nul && !binary {
        out.extend(data.iter().map(|&b| if b == 0 { 0x80 } else { b }));
    } else {
        out.extend_from_slice(data);
    }
}

fn cut(data: Vec<u8>, partial: Option<(u64, u64)>) -> Vec<u8> {
    match partial {
        None => data,
        Some((offset, len)) => {
            let start = (offset as usize).min(data.len());
            let end = start.saturating_add(len as usize).min(data.len());
            data[start..end].to_vec()
        }
    }
}

/// Why a message's response could not be built.
enum Failure {
    Storage(storage::StorageError),
    /// BINARY of a part in an unknown Content-Transfer-Encoding (RFC 3516 §4.3).
    UnknownCte,
}

impl From<storage::StorageError> for Failure {
    fn from(e: storage::StorageError) -> Self {
        Failure::Storage(e)
    }
}

/// Appends the `* n FETCH (…)` response for message `n` to `out` (blocking: reads blobs). On
/// failure `out` is left as it was.
fn respond(
    store: &storage::Store,
    n: u32,
    info: &MessageInfo,
    items: &[Item],
    (utf8, recent, extras, thread): (Utf8, bool, &crate::preview::Extras, Option<&str>),
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    let start = out.len();
    let written = respond_items(store, n, info, items, (utf8, recent, extras, thread), out);
    if written.is_err() {
        out.truncate(start);
    }
    written
}

fn respond_items(
    store: &storage::Store,
    n: u32,
    info: &MessageInfo,
    items: &[Item],
    (utf8, recent, extras, thread): (Utf8, bool, &crate::preview::Extras, Option<&str>),
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    use std::io::Write;
    let structure = info.structure.as_deref();
    let read = |range: (u64, u64)| store.read_content_range(&info.blob, range.0..range.1);
    // Writing to a Vec cannot fail.
    let _ = write!(out, "* {n} FETCH (");
    let mut first = true;
    for item in items {
        let p = &mut *out;
        let mark = p.len();
        if !first {
            p.push(b' ');
        }
        match item {
            Item::Uid => {
                let _ = write!(p, "UID {}", info.uid);
            }
            Item::Flags => {
                p.extend_from_slice(b"FLAGS (");
                write_flags(p, info.flags, &info.keywords, recent);
                p.push(b')');
            }
            Item::Rfc822Size => {
                let _ = write!(p, "RFC822.SIZE {}", info.size);
            }
            Item::InternalDate => {
                let _ = write!(
                    p,
                    "INTERNALDATE \"{}\"",
                    crate::date::format_date_time(info.internal_date)
                );
            }
            Item::ModSeq => {
                let _ = write!(p, "MODSEQ ({})", info.modseq);
            }
            Item::EmailId => {
                let _ = write!(p, "EMAILID ({})", storage::thread::email_id(&info.blob));
            }
            Item::ThreadId => match thread {
                Some(t) => {
                    let _ = write!(p, "THREADID ({t})");
                }
                None => p.extend_from_slice(b"THREADID NIL"),
            },
            Item::Envelope => {
                let Some(s) = structure else {
                    p.truncate(mark);
                    continue;
                };
                p.extend_from_slice(b"ENVELOPE ");
                bodystructure::envelope(p, &s.envelope, utf8);
            }
            Item::Structure(extended) => {
                let Some(s) = structure else {
                    p.truncate(mark);
                    continue;
                };
                p.extend_from_slice(if *extended {
                    b"BODYSTRUCTURE "
                } else {
                    b"BODY "
                });
                bodystructure::body_structure(p, &s.root, *extended, utf8);
            }
            Item::Rfc822(name, text) => {
                let Some(s) = structure else {
                    p.truncate(mark);
                    continue;
                };
                let section = Section {
                    path: Vec::new(),
                    text: text.clone(),
                };
                let bytes = match section_range(s, &section) {
                    Some(range) => read(range)?,
                    None => Vec::new(),
                };
                p.extend_from_slice(name.as_bytes());
                p.push(b' ');
                literal(p, &bytes, false);
            }
            Item::Body {
                section,
                partial,
                label,
                ..
            } => {
                let Some(s) = structure else {
                    p.truncate(mark);
                    continue;
                };
                let bytes = match (section_range(s, section), &section.text) {
                    (None, _) => Vec::new(),
                    (Some(range), SectionText::Fields { not, names }) => {
                        cut(header_fields(&read(range)?, names, *not), *partial)
                    }
                    // A partial of a plain range reads only the bytes asked for.
                    (Some((start, end)), _) => match partial {
                        Some((offset, len)) => {
                            let from = start.saturating_add(*offset).min(end);
                            read((from, from.saturating_add(*len).min(end)))?
                        }
                        None => read((start, end))?,
                    },
                };
                p.extend_from_slice(format!("BODY[{label}]").as_bytes());
                if let Some((offset, _)) = partial {
                    p.extend_from_slice(format!("<{offset}>").as_bytes());
                }
                p.push(b' ');
                literal(p, &bytes, false);
            }
            Item::Binary { path, partial, .. } => {
                let Some(s) = structure else {
                    p.truncate(mark);
                    continue;
                };
                let decoded = binary(s, path, &read)?;
                p.extend_from_slice(format!("BINARY[{}]", join_path(path)).as_bytes());
                if let Some((offset, _)) = partial {
                    p.extend_from_slice(format!("<{offset}>").as_bytes());
                }
                p.push(b' ');
                literal(p, &cut(decoded, *partial), true);
            }
            Item::BinarySize(path) => {
                let Some(s) = structure else {
                    p.truncate(mark);
                    continue;
                };
                let decoded = binary(s, path, &read)?;
                p.extend_from_slice(
                    format!("BINARY.SIZE[{}] {}", join_path(path), decoded.len()).as_bytes(),
                );
            }
            // imapappend
            Item::SaveDate | Item::Preview { .. } => extras.write(p, item, info.uid, utf8),
        }
        first = false;
    }
    out.extend_from_slice(b")\r\n");
    Ok(())
}

/// The FETCH response of a message when only UID, FLAGS, MODSEQ and INTERNALDATE are asked.
fn respond_flags(
    n: u32,
    row: &storage::FlagRow<'_>,
    items: &[Item],
    recent: bool,
    out: &mut Vec<u8>,
) {
    use std::io::Write;
    // Writing to a Vec cannot fail.
    let _ = write!(out, "* {n} FETCH (");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        let _ = match item {
            Item::Uid => write!(out, "UID {}", row.uid),
            Item::Flags => {
                out.extend_from_slice(b"FLAGS (");
                let keywords = row.keywords.split(' ').filter(|k| !k.is_empty());
                write_flag_names(out, row.flags, keywords, recent);
                out.push(b')');
                Ok(())
            }
            Item::ModSeq => write!(out, "MODSEQ ({})", row.modseq),
            Item::InternalDate => write!(
                out,
                "INTERNALDATE \"{}\"",
                crate::date::format_date_time(row.internal_date)
            ),
            _ => Ok(()),
        };
    }
    out.extend_from_slice(b")\r\n");
}

/// The flag names; `recent` adds \Recent (RFC 3501 §2.3.2, IMAP4rev1 clients only).
fn write_flag_names<'a>(
    out: &mut Vec<u8>,
    flags: storage::Flags,
    keywords: impl Iterator<Item = &'a str>,
    recent: bool,
) {
    let mut first = true;
    let mut put = |name: &str| {
        if !first {
            out.push(b' ');
        }
        out.extend_from_slice(name.as_bytes());
        first = false;
    };
    flags.names().for_each(&mut put);
    keywords.for_each(&mut put);
    if recent {
        put("\\Recent");
    }
}

/// The flag list of FLAGS (...), written without building strings.
fn write_flags(out: &mut Vec<u8>, flags: storage::Flags, keywords: &[String], recent: bool) {
    write_flag_names(out, flags, keywords.iter().map(String::as_str), recent);
}

fn join_path(path: &[u32]) -> String {
    path.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// The decoded content of a part for BINARY (RFC 3516 §4.2). The whole message, multiparts
/// and messages are not encoded (RFC 2045 §6.4) and come as they are.
fn binary(
    s: &MessageStructure,
    path: &[u32],
    read: &dyn Fn((u64, u64)) -> storage::Result<Vec<u8>>,
) -> Result<Vec<u8>, Failure> {
    if path.is_empty() {
        return Ok(read((0, s.root.body_end()))?);
    }
    let Some(part) = s.root.find(path) else {
        return Ok(Vec::new());
    };
    let raw = read((part.body_start(), part.body_end()))?;
    if part.is_multipart() || part.message.is_some() {
        return Ok(raw);
    }
    storage::structure::decode_body(part.encoding.as_deref(), &raw).ok_or(Failure::UnknownCte)
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// FETCH and UID FETCH (RFC 9051 §6.4.5, §6.4.9; CHANGEDSINCE/VANISHED, RFC 7162).
    pub(crate) async fn fetch(
        &mut self,
        by_uid: bool,
        set: SequenceSet,
        mut items: Vec<Item>,
        modifiers: FetchModifiers,
    ) -> Result<Done, ImapError> {
        if modifiers.vanished && !self.qresync {
            return Err(ImapError::bad("ENABLE QRESYNC first"));
        }
        if modifiers.changed_since.is_some() || items.contains(&Item::ModSeq) {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let view = self.view()?;
        // The mailbox's owner: a unit's, for a shared mailbox.
        let (account, id, read_only) = (view.owner, view.id, view.read_only);
        // Which messages: (sequence number, uid).
        let wanted = view.resolve(&set, by_uid)?;
        // \Recent is shown to IMAP4rev1 clients only.
        let recent: Arc<Vec<u32>> = if self.rev2 {
            Arc::default()
        } else {
            view.recent.clone()
        };
        // RFC 9051 §6.4.5: BODY[] (not .PEEK), BINARY[] and RFC822(.TEXT) set \Seen, unless
        // the mailbox is read-only; the new flags are reported.
        let mark_seen = !read_only && items.iter().any(Item::sets_seen);
        if mark_seen && !items.contains(&Item::Flags) {
            items.push(Item::Flags);
        }
        // UID FETCH always reports UIDs (RFC 9051 §6.4.9), and so does a FETCH that sets
        // \Seen once CONDSTORE is on (RFC 7162 §3.2.4); UID comes first.
        let asked_uid = items.contains(&Item::Uid);
        items.retain(|i| *i != Item::Uid);
        if by_uid || asked_uid || (mark_seen && self.condstore) {
            items.insert(0, Item::Uid);
        }
        // MODSEQ when asked; implied by CHANGEDSINCE (RFC 7162 §3.1.4.1); and next to FLAGS
        // once CONDSTORE is on, so that flags always come with their version (§3.2.4 asks
        // it of a FETCH that sets \Seen; Dovecot does it for every FETCH FLAGS).
        let with_modseq =
            modifiers.changed_since.is_some() || (self.condstore && items.contains(&Item::Flags));
        if with_modseq && !items.contains(&Item::ModSeq) {
            items.push(Item::ModSeq);
        }
        let since = modifiers.changed_since.unwrap_or(0);
        let needs_structure = items.iter().any(Item::needs_structure);
        let shows_flags = items.contains(&Item::Flags);
        let only_flags = items.iter().all(|i| {
            matches!(
                i,
                Item::Uid | Item::Flags | Item::ModSeq | Item::InternalDate
            )
        });
        let store = self.imap.store.clone();
        let utf8 = self.utf8_mode();
        let items = Arc::new(items);
        let vanished_in = modifiers.vanished.then_some(set);
        let fetched = tokio::task::spawn_blocking(move || {
            // RFC 7162 §3.2.6: the UIDs of the set expunged since CHANGEDSINCE. A `*` reaches
            // past the last UID left, or the expunge of the last messages would be missed.
            let vanished = match vanished_in {
                Some(set) => store
                    .expunged_since(account, id, since)?
                    .into_iter()
                    .filter(|&u| set.contains(u, u32::MAX, &[]))
                    .collect(),
                None => Vec::new(),
            };
            if mark_seen && !wanted.is_empty() {
                store.set_flags(
                    account,
                    id,
                    wanted.iter().map(|&(_, u)| u).collect(),
                    storage::FlagChange {
                        op: storage::FlagOp::Add,
                        flags: Flags::SEEN,
                        keywords: Vec::new(),
                        unchanged_since: None,
                    },
                )?;
            }
            // One query over the span the set covers (UIDs ascending), then a lookup each.
            let (Some(&(_, first)), Some(&(_, last))) = (wanted.first(), wanted.last()) else {
                return Ok((vanished, Prepared::Answered(Vec::new(), false, Vec::new())));
            };
            if only_flags {
                // About 60 bytes a message: bounded by the mailbox's size in messages, it is
                // answered in one piece. Rows stream in UID order, like `wanted`: walk both
                // together.
                let mut out = Vec::with_capacity(wanted.len() * 48);
                let (mut missing, mut shown) = (false, Vec::new());
                let mut wanted = wanted.into_iter().peekable();
                store.each_flags(account, id, first..=last, since, |row| {
                    while wanted.next_if(|&(_, u)| u < row.uid).is_some() {
                        missing |= since == 0;
                    }
                    if let Some((n, _)) = wanted.next_if(|&(_, u)| u == row.uid) {
                        let recent = recent.binary_search(&row.uid).is_ok();
                        respond_flags(n, &row, &items, recent, &mut out);
                        if shows_flags {
                            shown.push((row.uid, row.modseq));
                        }
                    }
                })?;
                missing |= since == 0 && wanted.next().is_some();
                return Ok((vanished, Prepared::Answered(out, missing, shown)));
            }
            // CHANGEDSINCE (RFC 7162 §3.1.4.1): only messages above that MODSEQ.
            let infos =
                store.changed_messages(account, id, first..=last, since, needs_structure)?;
            let threads = if items.contains(&Item::ThreadId) {
                crate::objectid::thread_ids(&store, account, id, first..=last)?
            } else {
                Default::default()
            };
            // imapappend: SAVEDATE and PREVIEW, read for the whole span at once.
            let extras = crate::preview::Extras::read(&store, account, id, first..=last, &items)?;
            let responses = Responses {
                store,
                wanted,
                next: 0,
                infos,
                threads,
                extras,
                items,
                utf8,
                recent,
                since,
                shows_flags,
                missing: false,
                shown: Vec::new(),
            };
            Ok::<_, storage::StorageError>((vanished, Prepared::Chunks(Box::new(responses))))
        })
        .await;
        let (vanished, prepared) = match fetched {
            Ok(Ok(fetched)) => fetched,
            Ok(Err(e)) => return Err(ImapError::storage("FETCH could not read the messages", e)),
            Err(e) => return Err(ImapError::lost("FETCH could not read the messages", e)),
        };
        if let State::Selected { mailbox, .. } = &self.state {
            // A UID still in the session's view was expunged after it was read: the client
            // hears of it as a plain VANISHED at its next NOOP.
            let gone: Vec<u32> = vanished
                .into_iter()
                .filter(|u| mailbox.uids.binary_search(u).is_err())
                .collect();
            condstore::vanished(&mut self.output, &gone, true);
        }
        let (failure, missing, shown) = match prepared {
            Prepared::Answered(responses, missing, shown) => {
                self.append_output(responses);
                (None, missing, shown)
            }
            Prepared::Chunks(responses) => self.send_in_chunks(responses).await?,
        };
        if let Some(view) = self.view_mut() {
            view.reported.extend(shown);
        }
        match failure {
            None if missing => Err(ImapError::no(
                Some("EXPUNGEISSUED"),
                "some of the messages were expunged by another session meanwhile",
            )),
            None => Ok(Done::default()),
            Some(Failure::UnknownCte) => Err(ImapError::no(
                Some("UNKNOWN-CTE"),
                "cannot decode this part's Content-Transfer-Encoding",
            )),
            Some(Failure::Storage(e)) => {
                Err(ImapError::storage("FETCH could not read a message", e))
            }
        }
    }

    /// Builds the responses a chunk at a time, each on a blocking thread, and sends each
    /// before the next is built: a client reading slowly holds about one chunk of the
    /// server's memory ([`CHUNK_BYTES`]), whatever the size of the set.
    ///
    /// A message that cannot be read ends the FETCH there: the responses already sent stay
    /// sent, each a complete `* n FETCH` (RFC 9051 §7: a client accepts untagged responses
    /// at any time, and keeps the data they carry), and the tagged reply is NO, "fetch
    /// error: cannot fetch that data" (§6.4.5). Dovecot, which also sends FETCH responses
    /// as it goes, ends such a FETCH with a tagged NO the same way. As before chunking: only
    /// the time the responses before the failure leave changed.
    async fn send_in_chunks(
        &mut self,
        mut responses: Box<Responses>,
    ) -> Result<(Option<Failure>, bool, Vec<(u32, u64)>), ImapError> {
        let failure = loop {
            let built = tokio::task::spawn_blocking(move || {
                let mut out = Vec::new();
                let result = responses.next_chunk(CHUNK_BYTES, &mut out);
                (responses, out, result)
            })
            .await;
            let (back, out, result) =
                built.map_err(|e| ImapError::lost("FETCH could not read the messages", e))?;
            responses = back;
            self.append_output(out);
            if let Err(failure) = result {
                break Some(failure);
            }
            if responses.done() {
                break None;
            }
            // A shutdown does not wait for the rest of a large FETCH; the session's loop says
            // BYE next (RFC 9051 §7.1.5).
            if self.imap.shutdown.is_cancelled() {
                return Err(ImapError::no(Some("UNAVAILABLE"), "server shutting down"));
            }
            if !self.flush().await {
                // The session ends at its next turn (`Session::closed`).
                return Err(ImapError::no(None, "the connection failed"));
            }
        };
        Ok((
            failure,
            responses.missing,
            std::mem::take(&mut responses.shown),
        ))
    }

    /// Appends responses to the output, without a copy when nothing is waiting there.
    fn append_output(&mut self, responses: Vec<u8>) {
        if self.output.is_empty() {
            self.output = responses;
        } else {
            self.output.extend_from_slice(&responses);
        }
    }
}

/// FETCH responses are built and sent this many bytes at a time, so that a `FETCH 1:*
/// BODY[]` of a large mailbox holds about this much of the server's memory, not the whole
/// mailbox. A message larger than that is one chunk (the message size limit bounds it).
pub(crate) const CHUNK_BYTES: usize = 1024 * 1024;

/// What the metadata step of a FETCH gives.
enum Prepared {
    /// The responses, whether messages are missing (EXPUNGEISSUED), the flags shown: no
    /// message content asked (flags, dates, UIDs), or no message at all.
    Answered(Vec<u8>, bool, Vec<(u32, u64)>),
    /// Responses to build from the message contents, a chunk at a time.
    Chunks(Box<Responses>),
}

/// The responses of a FETCH that reads message contents: the rows, threads, SAVEDATE and
/// PREVIEW of the whole span, read once; the responses themselves built a chunk at a time
/// ([`Responses::next_chunk`]).
struct Responses {
    store: storage::Store,
    /// (sequence number, UID) of the messages asked, UIDs ascending.
    wanted: Vec<(u32, u32)>,
    /// The index in `wanted` of the next message to answer.
    next: usize,
    /// The rows of the span (those changed since `since`), UIDs ascending.
    infos: Vec<MessageInfo>,
    threads: std::collections::HashMap<u32, String>,
    extras: crate::preview::Extras,
    items: Arc<Vec<Item>>,
    utf8: Utf8,
    /// The UIDs shown \Recent (IMAP4rev1 clients only), ascending.
    recent: Arc<Vec<u32>>,
    /// CHANGEDSINCE's MODSEQ, 0 without it: then a message without a row was expunged.
    since: u64,
    shows_flags: bool,
    /// A message the client still knows is gone from the store: expunged by another session
    /// since this one last heard (RFC 9051 §7.1 EXPUNGEISSUED).
    missing: bool,
    /// The flags shown, with their MODSEQ: the change feed brings those changes back, and
    /// they are not reported a second time.
    shown: Vec<(u32, u64)>,
}

impl Responses {
    /// Appends the responses of the next messages to `out` until it holds `limit` bytes or
    /// more, or every message is answered (blocking: reads blobs). A chunk ends after a whole
    /// response, so it is at most `limit` plus one message.
    ///
    /// Err: a message could not be answered; `out` holds the responses before it, and no
    /// other message is answered.
    fn next_chunk(&mut self, limit: usize, out: &mut Vec<u8>) -> Result<(), Failure> {
        while out.len() < limit {
            let Some(&(n, uid)) = self.wanted.get(self.next) else {
                break;
            };
            self.next += 1;
            let Ok(i) = self.infos.binary_search_by_key(&uid, |m| m.uid) else {
                self.missing |= self.since == 0;
                continue;
            };
            let info = &self.infos[i];
            let thread = self.threads.get(&uid).map(String::as_str);
            let recent = self.recent.binary_search(&uid).is_ok();
            let context = (self.utf8, recent, &self.extras, thread);
            match respond(&self.store, n, info, &self.items, context, out) {
                Ok(()) if self.shows_flags => self.shown.push((uid, info.modseq)),
                Ok(()) => {}
                // Its content went with an expunge between the two reads.
                Err(Failure::Storage(e)) if e.is_client_error() => self.missing = true,
                Err(failure) => {
                    self.next = self.wanted.len();
                    return Err(failure);
                }
            }
        }
        Ok(())
    }

    /// Every message is answered (or the FETCH failed).
    fn done(&self) -> bool {
        self.next >= self.wanted.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_specs() {
        let s = |spec: &str| parse_section(spec);
        assert_eq!(
            s(""),
            Some(Section {
                path: vec![],
                text: SectionText::Whole
            })
        );
        assert_eq!(
            s("1.2"),
            Some(Section {
                path: vec![1, 2],
                text: SectionText::Whole
            })
        );
        assert_eq!(
            s("2.mime"),
            Some(Section {
                path: vec![2],
                text: SectionText::Mime
            })
        );
        assert_eq!(
            s("3.HEADER.FIELDS (From \"To\")"),
            Some(Section {
                path: vec![3],
                text: SectionText::Fields {
                    not: false,
                    names: vec!["from".into(), "to".into()]
                }
            })
        );
        assert_eq!(
            s("HEADER.FIELDS.NOT (Subject)").map(|s| s.text),
            Some(SectionText::Fields {
                not: true,
                names: vec!["subject".into()]
            })
        );
        assert_eq!(s("3.1.TEXT").map(|s| s.path), Some(vec![3, 1]));
        // MIME needs a part number; 0 is not a part number; junk is refused.
        assert_eq!(s("MIME"), None);
        assert_eq!(s("0"), None);
        assert_eq!(s("1.0"), None);
        assert_eq!(s("1..2"), None);
        assert_eq!(s("HEADER.FIELDS ()"), None);
        assert_eq!(s("FOO"), None);
    }

    #[test]
    fn items() {
        let atom = |a: &str| Token::Atom(a.into());
        assert_eq!(
            parse_items(&atom("ALL")).unwrap(),
            vec![
                Item::Flags,
                Item::InternalDate,
                Item::Rfc822Size,
                Item::Envelope
            ]
        );
        assert_eq!(
            parse_items(&Token::List(vec![atom("body.peek[1]<0.10>")])).unwrap(),
            vec![Item::Body {
                peek: true,
                section: Section {
                    path: vec![1],
                    text: SectionText::Whole
                },
                partial: Some((0, 10)),
                label: "1".into()
            }]
        );
        assert_eq!(
            parse_items(&atom("BINARY.SIZE[2]")).unwrap(),
            vec![Item::BinarySize(vec![2])]
        );
        for bad in [
            "BODY[1",
            "BODY[1]<0>",
            "BODY[1]<0.0>",
            "BODY.PEEK",
            "BINARY[1.MIME]",
            "BINARY.SIZE[1]<0.5>",
            "NONSENSE",
        ] {
            assert!(parse_items(&atom(bad)).is_err(), "{bad}");
        }
    }

    /// A store with messages of these sizes (over `blob::INLINE_MAX`, 128 KiB, a message
    /// is a file of the blob store) and the responses of `UID FETCH 1:* BODY.PEEK[]` over
    /// them; also the directory, and each message as stored.
    fn large_fetch(sizes: &[usize]) -> (tempfile::TempDir, Box<Responses>, Vec<Vec<u8>>) {
        let (dir, store, account) = crate::test_client::demo_store();
        let mut raws = Vec::new();
        for (i, &size) in sizes.iter().enumerate() {
            let mut raw = format!("Subject: {i}\r\n\r\n").into_bytes();
            while raw.len() < size {
                raw.extend_from_slice(format!("message {i} line {}\r\n", raw.len()).as_bytes());
            }
            let flags = Flags::default();
            let raw_arc: Arc<[u8]> = raw.clone().into();
            store
                .append(account, "INBOX", raw_arc, flags, Vec::new(), storage::now())
                .unwrap();
            raws.push(raw);
        }
        let inbox = store.get_mailbox(account, "INBOX").unwrap().id;
        let infos = store
            .changed_messages(account, inbox, 1..=u32::MAX, 0, true)
            .unwrap();
        let items = vec![
            Item::Uid,
            Item::Body {
                peek: true,
                section: parse_section("").unwrap(),
                partial: None,
                label: String::new(),
            },
        ];
        let extras =
            crate::preview::Extras::read(&store, account, inbox, 1..=u32::MAX, &items).unwrap();
        let responses = Responses {
            store,
            wanted: infos.iter().map(|m| (m.uid, m.uid)).collect(),
            next: 0,
            infos,
            threads: Default::default(),
            extras,
            items: Arc::new(items),
            utf8: Utf8::LiteralOnly,
            recent: Arc::default(),
            since: 0,
            shows_flags: false,
            missing: false,
            shown: Vec::new(),
        };
        (dir, Box::new(responses), raws)
    }

    /// The response of message `uid` in a `UID FETCH 1:* BODY.PEEK[]`.
    fn body_response(uid: usize, raw: &[u8]) -> Vec<u8> {
        let mut out = format!("* {uid} FETCH (UID {uid} BODY[] {{{}}}\r\n", raw.len()).into_bytes();
        out.extend_from_slice(raw);
        out.extend_from_slice(b")\r\n");
        out
    }

    /// Chunks end after a whole response, once they hold `limit` bytes: a chunk is at most
    /// the limit plus one message, a message larger than the limit is a chunk of its own,
    /// and the chunks together are every response once, in order.
    #[test]
    fn chunks_end_at_a_response_past_the_limit() {
        const LIMIT: usize = 256 * 1024;
        let sizes = [100_000, 200_000, 30_000, 600_000, 150_000, 140_000, 10_000];
        let (_dir, mut responses, raws) = large_fetch(&sizes);
        let mut chunks = Vec::new();
        while !responses.done() {
            let mut out = Vec::new();
            assert!(responses.next_chunk(LIMIT, &mut out).is_ok());
            chunks.push(out);
        }
        let answers: Vec<Vec<u8>> = raws
            .iter()
            .enumerate()
            .map(|(i, raw)| body_response(i + 1, raw))
            .collect();
        // 100k + 200k; 30k + 600k (the limit is passed inside the second); 150k + 140k;
        // 10k, the last.
        let expected: Vec<Vec<u8>> = [
            &answers[0..2],
            &answers[2..4],
            &answers[4..6],
            &answers[6..],
        ]
        .iter()
        .map(|a| a.concat())
        .collect();
        assert_eq!(chunks.len(), expected.len());
        for (i, (chunk, want)) in chunks.iter().zip(&expected).enumerate() {
            assert!(chunk == want, "chunk {i} differs");
        }
        assert!(!responses.missing);
        // A limit of one byte: one message a chunk, even the smallest.
        let (_dir, mut responses, raws) = large_fetch(&[10_000, 300_000, 5_000]);
        for (i, raw) in raws.iter().enumerate() {
            let mut out = Vec::new();
            assert!(responses.next_chunk(1, &mut out).is_ok());
            assert!(out == body_response(i + 1, raw), "message {}", i + 1);
        }
        assert!(responses.done());
    }

    /// A message that cannot be read in the middle of a set: its chunk holds the responses
    /// before it and the failure, those already built stay, and nothing more is answered.
    #[test]
    fn a_failure_midway_keeps_what_came_before_and_stops() {
        let (_dir, mut responses, raws) =
            large_fetch(&[200_000, 200_000, 200_000, 200_000, 200_000, 200_000]);
        // The fourth message's file goes missing: the store's fault, not an expunge.
        let blob = &responses.infos[3].blob;
        let data = responses.store.data_dir();
        std::fs::remove_file(data.join(storage::BLOB_DIR).join(&blob[..2]).join(blob)).unwrap();
        let mut first = Vec::new();
        assert!(responses.next_chunk(300_000, &mut first).is_ok());
        assert!(first == [body_response(1, &raws[0]), body_response(2, &raws[1])].concat());
        let mut second = Vec::new();
        let failed = responses.next_chunk(300_000, &mut second);
        match &failed {
            Err(Failure::Storage(e)) => assert!(!e.is_client_error(), "{e}"),
            Err(Failure::UnknownCte) => panic!("UNKNOWN-CTE"),
            Ok(()) => panic!("no failure; missing: {}", responses.missing),
        }
        assert!(
            second == body_response(3, &raws[2]),
            "the third message, then the failure"
        );
        assert!(responses.done());
        let mut after = Vec::new();
        assert!(responses.next_chunk(300_000, &mut after).is_ok());
        assert!(after.is_empty(), "nothing is answered after a failure");
    }

    #[test]
    fn header_field_filtering() {
        let header = b"From: a@x.vn\r\nSubject: S\r\n folded\r\nTo: b@x.vn\r\n\r\n";
        assert_eq!(
            header_fields(header, &["subject".into(), "to".into()], false),
            b"Subject: S\r\n folded\r\nTo: b@x.vn\r\n\r\n"
        );
        assert_eq!(
            header_fields(header, &["subject".into()], true),
            b"From: a@x.vn\r\nTo: b@x.vn\r\n\r\n"
        );
    }
}

#[cfg(test)]
#[path = "fetch_tests.rs"]
mod transcript;
