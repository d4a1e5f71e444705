//! Modified UTF-7 mailbox names (RFC 3501 §5.1.3), for IMAP4rev1 clients that have not
//! enabled UTF8=ACCEPT: "Lưu trữ" travels as "L&AbA-u tr&Hu8-". Here rather than in `imap`
//! (which re-exports it as `imap::utf7`) because Sieve needs it too: Roundcube's filter
//! editor writes `fileinto` names in this form, and delivery (`smtp`) must read them. Printable ASCII other than '&'
//! stands for itself, '&' is "&-", and any other run of characters is UTF-16 in modified
//! base64 (',' instead of '/', no padding) between '&' and '-'.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

fn value(b: u8) -> Option<u32> {
    ALPHABET.iter().position(|&c| c == b).map(|p| p as u32)
}

/// Encodes a UTF-8 mailbox name.
pub fn encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut run: Vec<u16> = Vec::new();
    let flush = |run: &mut Vec<u16>, out: &mut String| {
        if run.is_empty() {
            return;
        }
        out.push('&');
        let bytes: Vec<u8> = run.iter().flat_map(|u| u.to_be_bytes()).collect();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
            let chars = chunk.len() + 1;
            for i in 0..chars {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out.push('-');
        run.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut run, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            run.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Decodes a modified UTF-7 name; None when it is not valid (RFC 3501 §5.1.3 also forbids
/// encoding printable ASCII, and a name must decode to valid UTF-16).
pub fn decode(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(0x20..=0x7e).contains(&b) {
            return None;
        }
        if b != b'&' {
            out.push(b as char);
            i += 1;
            continue;
        }
        let end = i + 1 + bytes[i + 1..].iter().position(|&c| c == b'-')?;
        let chunk = &bytes[i + 1..end];
        i = end + 1;
        if chunk.is_empty() {
            out.push('&');
            continue;
        }
        let mut bits = 0u32;
        let mut nbits = 0;
        let mut units = Vec::new();
        for &c in chunk {
            bits = (bits << 6) | value(c)?;
            nbits += 6;
            if nbits >= 16 {
                nbits -= 16;
                units.push(((bits >> nbits) & 0xffff) as u16);
            }
        }
        // Leftover bits must be zero padding, less than one 16-bit unit.
        if nbits >= 6 || bits & ((1 << nbits) - 1) != 0 {
            return None;
        }
        let decoded = String::from_utf16(&units).ok()?;
        if decoded.chars().any(|c| (' '..='~').contains(&c)) {
            return None;
        }
        out.push_str(&decoded);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_examples_and_vietnamese_names_round_trip() {
        // RFC 3501 §5.1.3 example.
        assert_eq!(
            encode("~peter/mail/台北/日本語"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
        );
        assert_eq!(
            decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-").as_deref(),
            Some("~peter/mail/台北/日本語")
        );
        assert_eq!(encode("A&B"), "A&-B");
        for name in [
            "Lưu trữ",
            "Văn bản đến/2026",
            "Công văn đi & đến",
            "Thư rác",
            "Đã gửi",
            "😀 emoji",
            "INBOX",
        ] {
            let e = encode(name);
            assert!(e.is_ascii(), "{e}");
            assert_eq!(decode(&e).as_deref(), Some(name), "{name} → {e}");
        }
    }

    #[test]
    fn invalid_encodings_are_refused() {
        for bad in ["&", "&Jjo", "&AGE-", "&U,BTF-", "caf\u{e9}", "&ZeVnLIq-"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
