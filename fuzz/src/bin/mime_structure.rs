//! MIME structure of a raw message (storage/src/structure: `MessageStructure::parse`, which
//! reads ENVELOPE fields, the part tree, Content-Type/-Disposition and address lists), and
//! the IMAP writer of ENVELOPE and BODYSTRUCTURE (imap/src/bodystructure.rs) on the result.
//!
//! Asserts: no panic; every part's offsets are ordered and inside the message; the stored
//! JSON form round-trips (`from_json(to_json(s)) == s`); `prepended(n)` shifts every offset
//! but the root's start by n; the ENVELOPE and BODYSTRUCTURE written from it are bounded
//! (64 times the message + 4 KiB) and tokenize as IMAP (the tokenizer's nesting limit
//! aside), i.e. a client can read what FETCH sends.

use govmail_fuzz::assert_bounded;
use imap::bodystructure::{body_structure, envelope};
use imap::response::Utf8;
use imap::wire::tokenize;
use storage::{BodyPart, MessageStructure};

fn check_offsets(part: &BodyPart, len: u64) {
    let [h, b, e] = part.offsets;
    assert!(
        h <= b && b <= e && e <= len,
        "bad offsets {:?} in {len} bytes",
        part.offsets
    );
    for child in &part.children {
        check_offsets(child, len);
    }
    if let Some(m) = &part.message {
        check_offsets(&m.root, len);
    }
}

fn offsets(part: &BodyPart, out: &mut Vec<[u64; 3]>) {
    out.push(part.offsets);
    for child in &part.children {
        offsets(child, out);
    }
    if let Some(m) = &part.message {
        offsets(&m.root, out);
    }
}

/// The written form with a space put between adjacent addresses, `)(` outside strings: the
/// address lists of ENVELOPE are `"(" 1*address ")"` without spaces (RFC 9051 §9), which our
/// command tokenizer (it needs spaces between list items) would refuse.
fn spaced(written: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(written.len() * 2);
    let mut i = 0;
    let mut quoted = false;
    while i < written.len() {
        let b = written[i];
        out.push(b);
        i += 1;
        if quoted {
            match b {
                b'\\' if i < written.len() => {
                    out.push(written[i]);
                    i += 1;
                }
                b'"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => quoted = true,
            b')' if written.get(i) == Some(&b'(') => out.push(b' '),
            b'{' => {
                // A literal: {n}CRLF and n bytes, copied as they are.
                let close = written[i..].iter().position(|&c| c == b'}');
                let n = close.and_then(|c| {
                    std::str::from_utf8(&written[i..i + c])
                        .ok()?
                        .parse::<usize>()
                        .ok()
                });
                if let (Some(c), Some(n)) = (close, n) {
                    let end = (i + c + 3 + n).min(written.len());
                    out.extend_from_slice(&written[i..end]);
                    i = end;
                }
            }
            _ => {}
        }
    }
    out
}

fn parses_as_imap(written: &[u8]) {
    // As a client reads it; "A" stands for the "*" of an untagged response.
    let mut line = b"A FETCH ".to_vec();
    line.extend_from_slice(&spaced(written));
    if let Err(e) = tokenize(&line) {
        assert!(
            e.message.contains("nested too deep"),
            "written {:?} does not tokenize: {}",
            String::from_utf8_lossy(written),
            e.message
        );
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let s = MessageStructure::parse(data);
        let len = data.len() as u64;
        check_offsets(&s.root, len);
        assert_eq!(s.root.offsets[0], 0);

        let json = s.to_json();
        assert_eq!(
            MessageStructure::from_json(&json).as_ref(),
            Some(&s),
            "JSON round trip"
        );

        let mut before = Vec::new();
        offsets(&s.root, &mut before);
        let mut after = Vec::new();
        offsets(&s.clone().prepended(7).root, &mut after);
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            for k in 0..3 {
                let shift = if i == 0 && k == 0 { 0 } else { 7 };
                assert_eq!(a[k], b[k] + shift, "prepended offsets");
            }
        }

        for utf8 in [Utf8::Quoted, Utf8::LiteralOnly] {
            let mut out = Vec::new();
            envelope(&mut out, &s.envelope, utf8);
            assert_bounded("ENVELOPE", out.len(), data.len(), 64, 4096);
            parses_as_imap(&out);
            for extended in [false, true] {
                let mut out = Vec::new();
                body_structure(&mut out, &s.root, extended, utf8);
                assert_bounded("BODYSTRUCTURE", out.len(), data.len(), 64, 4096);
                parses_as_imap(&out);
            }
        }
    });
}
