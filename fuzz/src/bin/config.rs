//! The configuration file (admin-cli/src/config.rs, `govmail.toml`): `Config::parse` and
//! everything derived from a configuration it accepts (policy, outbound queue, SMTP and Sieve
//! settings, quotas, paths); `parse_duration` and `parse_size` on the raw text too.
//!
//! Asserts: no panic; a configuration that parses gives its derived settings without error
//! (`parse` promised they were valid); round trip: the template `govmail init` writes, for a
//! hostname and domain made of the input's letters and digits, parses back with that
//! hostname and domain.

use std::path::Path;

use govmail::config::{Config, parse_duration, template};
use govmail::sizes::parse_size;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        let path = Path::new("/etc/govmail/govmail.toml");
        if let Ok(config) = Config::parse(&text, path) {
            assert!(config.policy().is_ok(), "accepted but policy() fails");
            assert!(config.outbound().is_ok(), "accepted but outbound() fails");
            let _ = config.smtp();
            let _ = config.sieve();
            let _ = config.default_quota();
            let _ = config.listen.all();
            assert!(config.data_dir().is_absolute());
        }
        if text.len() <= 256 {
            let _ = parse_duration(&text);
            let _ = parse_size(&text);
        }
        let label: String = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(20)
            .collect::<String>()
            .to_ascii_lowercase();
        let label = if label.is_empty() {
            "x".to_string()
        } else {
            label
        };
        let domain = format!("{label}.gov.vn");
        let hostname = format!("mail.{domain}");
        let written = template(&hostname, &domain);
        match Config::parse(&written, path) {
            Ok(back) => {
                assert_eq!(back.server.hostname, hostname);
                assert_eq!(back.server.default_domain, domain);
            }
            Err(e) => panic!("the template for {hostname} does not parse: {e}"),
        }
    });
}
