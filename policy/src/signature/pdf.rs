//! Finding a PDF's signatures (ISO 32000-1 §12.8.1): signature dictionaries (`/Type /Sig`,
//! or `/DocTimeStamp` for a document timestamp) with their `/ByteRange`, `/SubFilter`, `/M`,
//! and the CMS in `/Contents`.
//!
//! A signature's `/Contents` must lie in the file as written (its `/ByteRange` names the
//! bytes around it), so a signature dictionary is never inside a compressed object stream:
//! the file is scanned for `/ByteRange`, and the object holding each one is read with the
//! bounded lexer of `document::attachment_text` (one PDF object parser in the crate). The
//! CMS is taken from the gap the byte ranges leave, which must be exactly one hex string:
//! what the signature does not cover is only its own value.
//!
//! Bounded on hostile files: at most [`MAX_FOUND`] `/ByteRange` keywords are looked at and
//! [`MAX_SIGNATURES`] signatures kept, a `/Contents` over [`MAX_CONTENTS_BYTES`] is not
//! decoded, every range is checked against the file's length before it is sliced, and the
//! lexer draws on the file's [`Budget`].

use crate::document::attachment_text::pdf_lex::{Dict, Lexer, Obj};
use crate::document::attachment_text::{Budget, MAX_NESTING};

use super::cms::Kind;
use super::time::pdf_date;
use super::{Reason, Status};

/// Signatures kept per file: ND 30 asks for two (the signer's and the agency's); with
/// document timestamps a handful. More is a hostile file.
pub(super) const MAX_SIGNATURES: usize = 8;

/// `/ByteRange` keywords looked at per file.
const MAX_FOUND: usize = 4 * MAX_SIGNATURES;

/// The decoded CMS of one signature, at most: a signer's chain with embedded revocation
/// data is tens of KB, 1 MiB is generous.
pub(super) const MAX_CONTENTS_BYTES: usize = 1024 * 1024;

/// How far before a `/ByteRange` (or before the `/Contents` it excludes) the `obj` keyword
/// of the object holding it is looked for.
const HEADER_WINDOW: usize = 4096;

/// One signature found in the file.
#[derive(Debug)]
pub(super) struct Found<'a> {
    /// The two signed byte ranges.
    pub ranges: [&'a [u8]; 2],
    /// Where the signed bytes end.
    pub end: usize,
    /// The CMS, or why the signature cannot be checked.
    pub contents: Result<(Kind, Vec<u8>), (Status, Reason)>,
    /// The dictionary's `/M`: the time the signer's computer claims.
    pub claimed: Option<i64>,
}

/// The signatures of `data`, at most [`MAX_SIGNATURES`] (more: `Err(TooMany)`), in no
/// particular order. Byte ranges seen twice are one signature.
pub(super) fn find<'a>(data: &'a [u8], budget: &mut Budget) -> Result<Vec<Found<'a>>, Reason> {
    let mut found: Vec<Found<'a>> = Vec::new();
    let mut seen: Vec<[i64; 4]> = Vec::new();
    for at in memchr::memmem::find_iter(data, b"/ByteRange").take(MAX_FOUND) {
        let key_end = at + b"/ByteRange".len();
        let mut lexer = Lexer::new(data, key_end);
        let Ok(Obj::Array(items)) = lexer.object(budget) else {
            continue;
        };
        let Some(range) = four_ints(&items) else {
            continue;
        };
        if seen.contains(&range) {
            continue;
        }
        seen.push(range);
        if found.len() == MAX_SIGNATURES {
            return Err(Reason::TooMany);
        }
        let gap = checked_gap(data.len(), range);
        let dict = signature_dict(data, at, gap.as_ref().ok(), &range, budget);
        found.push(signature(data, at..key_end, gap, dict.as_ref()));
    }
    Ok(found)
}

fn four_ints(items: &[Obj]) -> Option<[i64; 4]> {
    match items {
        [a, b, c, d] => Some([a.as_int()?, b.as_int()?, c.as_int()?, d.as_int()?]),
        _ => None,
    }
}

/// The signed ranges `[0, b)` and `[c, c + d)` of a `[0 b c d]` inside a file of `len` bytes,
/// as (b, c, c + d). Other shapes are not what ISO 32000-1 §12.8.1 describes.
fn checked_gap(len: usize, [a, b, c, d]: [i64; 4]) -> Result<(usize, usize, usize), Reason> {
    let to_usize = |v: i64| usize::try_from(v).map_err(|_| Reason::RangeOutside);
    let (a, b, c, d) = (to_usize(a)?, to_usize(b)?, to_usize(c)?, to_usize(d)?);
    let end = c.checked_add(d).ok_or(Reason::RangeOutside)?;
    if end > len {
        return Err(Reason::RangeOutside);
    }
    // The first range starts the file; the gap (the /Contents value) has at least "<>".
    if a != 0 || b >= c || c - b < 2 {
        return Err(Reason::RangeNotContents);
    }
    Ok((b, c, end))
}

/// The signature dictionary holding the `/ByteRange` at `at`: the object whose `obj`
/// keyword is the last before it (or before the gap, when `/Contents` comes first), then
/// the dictionary inside it with the same byte range.
fn signature_dict(
    data: &[u8],
    at: usize,
    gap: Option<&(usize, usize, usize)>,
    range: &[i64; 4],
    budget: &mut Budget,
) -> Option<Dict> {
    let before = match gap {
        Some(&(b, c, _)) if c <= at && at - c < HEADER_WINDOW => b,
        _ => at,
    };
    let from = before.saturating_sub(HEADER_WINDOW);
    let window = &data[from..before];
    let obj = memchr::memmem::rfind_iter(window, b"obj").find(|&i| {
        // "obj" as a keyword: after white space, before white space or a delimiter.
        let after = window.get(i + 3).copied().unwrap_or(b' ');
        let prior = i.checked_sub(1).and_then(|p| window.get(p)).copied();
        matches!(after, b' ' | b'\r' | b'\n' | b'\t' | b'<' | b'%')
            && matches!(prior, Some(b' ' | b'\r' | b'\n' | b'\t'))
    })?;
    let mut lexer = Lexer::new(data, from + obj + 3);
    let object = lexer.object(budget).ok()?;
    holding(&object, range, 0).cloned()
}

/// The dictionary in `obj` (itself or nested, depth-bounded) whose `/ByteRange` is `range`.
fn holding<'o>(obj: &'o Obj, range: &[i64; 4], depth: usize) -> Option<&'o Dict> {
    if depth > MAX_NESTING {
        return None;
    }
    match obj {
        Obj::Dict(d) => {
            if let Some(Obj::Array(items)) = d.get(b"ByteRange")
                && four_ints(items).as_ref() == Some(range)
            {
                return Some(d);
            }
            d.0.iter().find_map(|(_, v)| holding(v, range, depth + 1))
        }
        Obj::Array(items) => items.iter().find_map(|v| holding(v, range, depth + 1)),
        _ => None,
    }
}

/// One signature: its ranges checked against the file, its CMS decoded from the gap.
fn signature<'a>(
    data: &'a [u8],
    key: std::ops::Range<usize>,
    gap: Result<(usize, usize, usize), Reason>,
    dict: Option<&Dict>,
) -> Found<'a> {
    let claimed = dict.and_then(|d| match d.get(b"M") {
        Some(Obj::Str(s)) => pdf_date(s),
        _ => None,
    });
    let (b, c, end) = match gap {
        Ok(g) => g,
        Err(reason) => {
            // Ranges that do not fit the file sign nothing that can be shown: no bytes.
            return Found {
                ranges: [&[], &[]],
                end: 0,
                contents: Err((Status::Invalid, reason)),
                claimed,
            };
        }
    };
    let ranges = [&data[..b], &data[c..end]];
    let found = |contents| Found {
        ranges,
        end,
        contents,
        claimed,
    };
    // The /ByteRange value itself must be signed, else anyone could move the gap.
    if !(key.end <= b || (key.start >= c && key.end <= end)) {
        return found(Err((Status::Invalid, Reason::RangeNotContents)));
    }
    let Some(dict) = dict else {
        return found(Err((Status::Invalid, Reason::Malformed)));
    };
    let kind = match dict.name(b"SubFilter") {
        Some(b"adbe.pkcs7.detached" | b"ETSI.CAdES.detached") => Kind::Detached,
        Some(b"adbe.pkcs7.sha1") => Kind::Sha1,
        Some(b"ETSI.RFC3161") => Kind::Timestamp,
        // adbe.x509.rsa_sha1 (a bare PKCS#1 signature) and others.
        _ => return found(Err((Status::Untrusted, Reason::Unsupported))),
    };
    found(hex_contents(&data[b..c]).map(|cms| (kind, cms)))
}

/// The gap between the ranges: exactly one hex string `<…>` (ISO 32000-1 §12.8.1: the
/// /Contents value, and nothing else, is excluded). Decoded, at most
/// [`MAX_CONTENTS_BYTES`].
fn hex_contents(gap: &[u8]) -> Result<Vec<u8>, (Status, Reason)> {
    let inner = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .ok_or((Status::Invalid, Reason::RangeNotContents))?;
    if inner.len() / 2 > MAX_CONTENTS_BYTES {
        return Err((Status::Invalid, Reason::TooLarge));
    }
    if inner.len() % 2 != 0 {
        return Err((Status::Invalid, Reason::Malformed));
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    inner
        .chunks_exact(2)
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect::<Option<Vec<u8>>>()
        .ok_or((Status::Invalid, Reason::RangeNotContents))
}
