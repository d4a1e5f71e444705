//! Writing IMAP responses (RFC 9051 §7): strings chosen so that any value survives the trip
//! (atom, quoted string, or literal when it holds CR, LF, NUL or 8-bit data), and the tagged
//! and untagged lines with optional response codes.

use std::fmt::Write as _;

/// How 8-bit text may be sent: as a quoted UTF-8 string after ENABLE UTF8=ACCEPT / IMAP4rev2
/// (RFC 6855 §3), or only as a literal before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8 {
    Quoted,
    LiteralOnly,
}

/// Appends `s` as an IMAP string: quoted when it can be, a literal otherwise.
pub fn string(out: &mut Vec<u8>, s: &[u8], utf8: Utf8) {
    let needs_literal = s.len() > 1024
        || s.iter().any(|&b| {
            b == b'\r' || b == b'\n' || b == 0 || (b >= 0x80 && utf8 == Utf8::LiteralOnly)
        });
    if needs_literal {
        let _ = write!(Adapter(out), "{{{}}}\r\n", s.len());
        out.extend_from_slice(s);
        return;
    }
    out.push(b'"');
    for &b in s {
        if b == b'"' || b == b'\\' {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// An nstring: NIL for None.
pub fn nstring(out: &mut Vec<u8>, s: Option<&[u8]>, utf8: Utf8) {
    match s {
        Some(s) => string(out, s, utf8),
        None => out.extend_from_slice(b"NIL"),
    }
}

/// An astring: a bare atom when the value is one (mailbox names, flags), else a string.
pub fn astring(out: &mut Vec<u8>, s: &[u8], utf8: Utf8) {
    // '[' and '<' are atom characters, but a name such as `BODY[x` written bare would read
    // back as the start of a FETCH section: quoted, it reads back as written.
    let atom = !s.is_empty()
        && s.iter()
            .all(|&b| b > b' ' && b < 0x7f && !b"(){%*\"\\[]<".contains(&b))
        && !s.eq_ignore_ascii_case(b"NIL");
    if atom {
        out.extend_from_slice(s);
    } else {
        string(out, s, utf8);
    }
}

/// `std::fmt::Write` over a byte buffer.
struct Adapter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Adapter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Completion status of a command (RFC 9051 §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    No,
    Bad,
    /// Untagged only: the server is closing the connection.
    Bye,
}

/// `tag OK [CODE] text` (or `* OK …` when tag is None). The text may not hold CR or LF.
pub fn status(
    out: &mut Vec<u8>,
    tag: Option<&str>,
    status: Status,
    code: Option<&str>,
    text: &str,
) {
    out.extend_from_slice(tag.unwrap_or("*").as_bytes());
    out.extend_from_slice(match status {
        Status::Ok => b" OK ",
        Status::No => b" NO ",
        Status::Bad => b" BAD ",
        Status::Bye => b" BYE ",
    });
    if let Some(code) = code {
        out.push(b'[');
        out.extend_from_slice(code.as_bytes());
        out.extend_from_slice(b"] ");
    }
    // CR and LF never occur inside a multi-byte UTF-8 sequence: replacing bytes keeps the
    // text valid. Copied whole, not a character at a time (the greeting's capability list
    // is 600 bytes, at every connection).
    let start = out.len();
    out.extend_from_slice(text.as_bytes());
    for b in &mut out[start..] {
        if *b == b'\r' || *b == b'\n' {
            *b = b' ';
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// `* n FETCH (UID u FLAGS (…) MODSEQ (m))` with the parts given: what a flag change is
/// reported as (STORE, unsolicited updates, QRESYNC; RFC 7162 §3.2.4 wants UID and MODSEQ
/// in every one once CONDSTORE is on). `flags` is the list's content, without parentheses.
pub fn fetch_flags(
    out: &mut Vec<u8>,
    n: usize,
    uid: Option<u32>,
    flags: Option<&str>,
    modseq: Option<u64>,
) {
    let mut parts = Vec::with_capacity(3);
    if let Some(uid) = uid {
        parts.push(format!("UID {uid}"));
    }
    if let Some(flags) = flags {
        parts.push(format!("FLAGS ({flags})"));
    }
    if let Some(modseq) = modseq {
        parts.push(format!("MODSEQ ({modseq})"));
    }
    let _ = write!(Adapter(out), "* {n} FETCH ({})\r\n", parts.join(" "));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[u8], u: Utf8) -> String {
        let mut out = Vec::new();
        string(&mut out, v, u);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn strings_survive_the_trip() {
        assert_eq!(s(b"plain", Utf8::LiteralOnly), "\"plain\"");
        assert_eq!(s(b"a\"b\\c", Utf8::LiteralOnly), "\"a\\\"b\\\\c\"");
        assert_eq!(s("Giấy mời".as_bytes(), Utf8::Quoted), "\"Giấy mời\"");
        assert_eq!(
            s("Giấy mời".as_bytes(), Utf8::LiteralOnly),
            "{12}\r\nGiấy mời"
        );
        assert_eq!(s(b"two\r\nlines", Utf8::Quoted), "{10}\r\ntwo\r\nlines");
        let mut out = Vec::new();
        astring(&mut out, b"INBOX", Utf8::Quoted);
        out.push(b' ');
        astring(&mut out, b"Sent Items", Utf8::Quoted);
        out.push(b' ');
        astring(&mut out, b"nil", Utf8::Quoted);
        out.push(b' ');
        nstring(&mut out, None, Utf8::Quoted);
        assert_eq!(out, b"INBOX \"Sent Items\" \"nil\" NIL");
    }

    #[test]
    fn flag_fetch_lines() {
        let mut out = Vec::new();
        fetch_flags(&mut out, 3, Some(7), Some("\\Seen $Official"), Some(42));
        fetch_flags(&mut out, 1, None, Some(""), None);
        fetch_flags(&mut out, 2, Some(9), None, Some(5));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "* 3 FETCH (UID 7 FLAGS (\\Seen $Official) MODSEQ (42))\r\n\
             * 1 FETCH (FLAGS ())\r\n* 2 FETCH (UID 9 MODSEQ (5))\r\n"
        );
    }

    #[test]
    fn status_lines() {
        let mut out = Vec::new();
        status(
            &mut out,
            Some("a1"),
            Status::No,
            Some("OVERQUOTA"),
            "mailbox full\r\nx",
        );
        status(&mut out, None, Status::Ok, None, "IMAP4rev2 ready");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a1 NO [OVERQUOTA] mailbox full  x\r\n* OK IMAP4rev2 ready\r\n"
        );
    }
}
