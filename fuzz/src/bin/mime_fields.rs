//! Structured header fields (storage/src/structure/fields.rs) on a header value: address
//! lists (`parse_addresses`, what ENVELOPE shows), Content-Type (`parse_content_type`) and
//! Content-Disposition (`parse_disposition`). The first byte picks the field.
//!
//! Asserts: no panic, no hang; bounded: no more addresses than bytes + 2 and at most 3 times
//! the value's bytes in them (+16 per address), parameters at most 4 times the value + 64
//! (RFC 2231 values are shown %-escaped); Content-Type always has a type and a subtype.

use govmail_fuzz::{assert_bounded, split_control};
use storage::structure::{parse_addresses, parse_content_type, parse_disposition};

fn params_len(params: &[(String, String)]) -> usize {
    params.iter().map(|(k, v)| k.len() + v.len()).sum()
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (control, rest) = split_control(data);
        let value = String::from_utf8_lossy(rest);
        let len = value.len();
        match control % 3 {
            0 => {
                let list = parse_addresses(&value);
                assert!(
                    list.len() <= len + 2,
                    "{} addresses from {len} bytes",
                    list.len()
                );
                let bytes: usize = list
                    .iter()
                    .map(|a| {
                        [&a.name, &a.adl, &a.mailbox, &a.host]
                            .iter()
                            .map(|f| f.as_ref().map_or(0, String::len))
                            .sum::<usize>()
                    })
                    .sum();
                assert_bounded("addresses", bytes, len, 3, 16 * list.len());
            }
            1 => {
                let (media_type, subtype, params) = parse_content_type(&value);
                assert!(!media_type.is_empty() && !subtype.is_empty());
                assert_bounded("Content-Type", params_len(&params), len, 4, 64);
            }
            _ => {
                let d = parse_disposition(&value);
                assert_bounded("Content-Disposition", params_len(&d.params), len, 4, 64);
            }
        }
    });
}
