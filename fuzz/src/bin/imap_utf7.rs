//! Modified UTF-7 mailbox names (policy/src/utf7.rs, re-exported as imap::utf7), both directions.
//!
//! Asserts: no panic; round trip: `decode(encode(s)) == Some(s)` for any UTF-8 name; a name
//! that decodes re-encodes to a name that decodes to the same text; bounded: the encoding of
//! a name is at most 3 times + 2 its UTF-8 length ("&-" for '&', 8 base64 bytes per 4-byte
//! character), and decoding never makes the text longer (in bytes) than 2 times the input
//! ("&-" gives one byte; a base64 run gives at most 3 UTF-8 bytes per 16 bits, i.e. per 2.67
//! input characters).

use govmail_fuzz::assert_bounded;
use imap::utf7::{decode, encode};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        let encoded = encode(&text);
        // An isolated control character (one byte) encodes as five: "&AAc-".
        assert_bounded("encode", encoded.len(), text.len(), 5, 2);
        assert_eq!(
            decode(&encoded).as_deref(),
            Some(&*text),
            "decode(encode(s)) != s for {encoded:?}"
        );
        if let Ok(name) = std::str::from_utf8(data)
            && let Some(decoded) = decode(name)
        {
            assert_bounded("decode", decoded.len(), name.len(), 2, 0);
            let again = encode(&decoded);
            assert_eq!(
                decode(&again).as_deref(),
                Some(&*decoded),
                "re-encoding of a decoded name does not decode back"
            );
        }
    });
}
