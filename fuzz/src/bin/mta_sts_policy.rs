//! MTA-STS and TLS-RPT text from other domains (smtp/src/outbound/mta_sts.rs,
//! tls_report.rs): the policy file (RFC 8461 §3.2), the `_mta-sts` TXT record (§3.1) and the
//! `_smtp._tls` TXT record (RFC 8460 §3), all from the same input.
//!
//! Asserts: no panic; a parsed policy keeps at most a bounded number of lower-case patterns,
//! a max_age within a year, and parses back to itself when written out; a TXT id is 1 to 32
//! letters and digits; MX matching answers for any host name.

use smtp::outbound::mta_sts::{MAX_MAX_AGE, parse_policy, parse_txt};
use smtp::outbound::tls_report::parse_rua;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(policy) = parse_policy(data) {
            assert!(policy.max_age <= MAX_MAX_AGE);
            assert!(policy.mx.len() <= 64);
            for pattern in &policy.mx {
                assert_eq!(*pattern, pattern.to_ascii_lowercase());
                let _ = policy.allows(pattern);
            }
            assert_eq!(parse_policy(policy.to_text().as_bytes()).ok(), Some(policy.clone()));
            let text = String::from_utf8_lossy(data);
            let _ = policy.allows(&text);
        }
        let text = String::from_utf8_lossy(data).into_owned();
        let records: Vec<String> = text.split('\0').map(str::to_string).collect();
        if let Some(id) = parse_txt(&records) {
            assert!((1..=32).contains(&id.len()));
            assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()));
        }
        if let Some(rua) = parse_rua(&text) {
            assert!(!rua.is_empty() && rua.len() <= 8);
        }
    });
}
