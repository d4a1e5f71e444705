//! MTA-STS (RFC 8461) as a sender honours it: the `_mta-sts` TXT record (§3.1), the policy
//! file (§3.2), and which MX hosts a policy allows (§4.1). Pure parsing, no I/O: the fetch
//! and the cache are in `mta_sts_fetch`. (The policy we publish for our own domains is the
//! web crate's `mta_sts.rs`.)
//!
//! Everything here reads text from other people's DNS and web servers: inputs are capped
//! before they are looked at, every loop walks a finite split of its input, and anything
//! malformed is "no policy" (the TXT record) or an error (the policy file), never a panic.

/// The largest policy file we read (§3.3: "senders SHOULD impose a limit on the response
/// size"; 64 KiB is what other implementations use, and a real policy is a few hundred bytes).
pub const MAX_POLICY_SIZE: usize = 64 * 1024;

/// The largest `max_age` a policy may give (§3.2: "up to 31557600", one year).
pub const MAX_MAX_AGE: u64 = 31_557_600;

/// At most this many `mx` patterns are kept from one policy (a hostile file could list
/// thousands; each delivery compares every MX host with every pattern).
const MAX_PATTERNS: usize = 64;

/// §5: what a sender does with a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Deliver only to matching MX hosts with a valid certificate; else do not deliver.
    Enforce,
    /// Deliver anyway, but report failures (TLS-RPT, RFC 8460).
    Testing,
    /// The domain withdrew its policy.
    None,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Testing => "testing",
            Mode::None => "none",
        }
    }
}

/// A parsed policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub mode: Mode,
    /// `mx` patterns, lower case, without a trailing dot: "mail.example.com" or
    /// "*.example.com" (§3.2). Never empty unless the mode is `None`.
    pub mx: Vec<String>,
    /// Seconds the policy may be cached, at most [`MAX_MAX_AGE`].
    pub max_age: u64,
}

/// The `id` of a valid `_mta-sts` TXT record (§3.1: 1 to 32 letters and digits).
pub fn parse_txt(records: &[String]) -> Option<String> {
    // §3.1: records that do not begin with "v=STSv1;" are discarded; if not exactly one
    // remains, or it is invalid, the domain has no available policy.
    let mut sts = records
        .iter()
        .filter(|r| r.starts_with("v=STSv1;") || r.as_str() == "v=STSv1");
    let record = sts.next()?;
    if sts.next().is_some() || record.len() > 1024 {
        return None;
    }
    let mut id = None;
    // One field per ';'-separated part: the loop walks a finite split.
    for (index, field) in record.split(';').enumerate() {
        let field = field.trim_matches([' ', '\t']);
        if field.is_empty() {
            continue; // the optional final ';' (or an empty field between two)
        }
        let (key, value) = field.split_once('=')?;
        if index == 0 {
            if key != "v" || value != "STSv1" {
                return None;
            }
            continue;
        }
        if key == "id" {
            let valid =
                (1..=32).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric());
            if !valid || id.is_some() {
                return None;
            }
            id = Some(value.to_string());
        } else if !valid_extension(key, value) {
            return None;
        }
    }
    id
}

/// §3.1 sts-ext-name and sts-ext-value: an extension field we ignore, but that must be well
/// formed for the record to be valid.
fn valid_extension(key: &str, value: &str) -> bool {
    let name_ok = (1..=32).contains(&key.len())
        && key.as_bytes()[0].is_ascii_alphanumeric()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    let value_ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b';' && b != b'=');
    name_ok && value_ok
}

/// Why a policy file was refused (an `sts-policy-invalid` in TLS-RPT terms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError(pub String);

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn invalid(reason: impl Into<String>) -> PolicyError {
    PolicyError(reason.into())
}

/// Parses a policy file (§3.2): "key: value" lines ended by CRLF (a bare LF is accepted, as
/// other senders do). Keys are case-sensitive; unknown keys are ignored; for a repeated key
/// other than `mx` the first wins.
pub fn parse_policy(body: &[u8]) -> Result<Policy, PolicyError> {
    if body.len() > MAX_POLICY_SIZE {
        return Err(invalid(format!(
            "the policy is larger than {MAX_POLICY_SIZE} bytes"
        )));
    }
    let text = std::str::from_utf8(body).map_err(|_| invalid("the policy is not UTF-8"))?;
    let mut version = None;
    let mut mode = None;
    let mut max_age = None;
    let mut mx = Vec::new();
    // One iteration per line of a finite text.
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(invalid(format!("a line without ':': {}", shorten(line))));
        };
        // §3.2: *WSP around the value.
        let value = value.trim_matches([' ', '\t']);
        match key {
            "version" if version.is_none() => version = Some(value),
            "mode" if mode.is_none() => {
                mode = Some(match value {
                    "enforce" => Mode::Enforce,
                    "testing" => Mode::Testing,
                    "none" => Mode::None,
                    other => return Err(invalid(format!("unknown mode {}", shorten(other)))),
                })
            }
            "max_age" if max_age.is_none() => {
                // §3.2: 1*10DIGIT, at most 31557600.
                let valid =
                    (1..=10).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
                let seconds = value
                    .parse::<u64>()
                    .ok()
                    .filter(|s| valid && *s <= MAX_MAX_AGE)
                    .ok_or_else(|| invalid(format!("bad max_age {}", shorten(value))))?;
                max_age = Some(seconds);
            }
            "mx" => {
                let pattern = mx_pattern(value)
                    .ok_or_else(|| invalid(format!("bad mx pattern {}", shorten(value))))?;
                if mx.len() < MAX_PATTERNS && !mx.contains(&pattern) {
                    mx.push(pattern);
                }
            }
            _ => {}
        }
    }
    if version != Some("STSv1") {
        return Err(invalid("version is not STSv1"));
    }
    let mode = mode.ok_or_else(|| invalid("no mode"))?;
    let max_age = max_age.ok_or_else(|| invalid("no max_age"))?;
    if mx.is_empty() && mode != Mode::None {
        return Err(invalid("no mx pattern"));
    }
    Ok(Policy { mode, mx, max_age })
}

/// A line quoted in an error: at most 60 characters, control characters replaced.
fn shorten(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(60)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    format!("\"{out}\"")
}

/// An `mx` value (§3.2: a domain name, optionally "*." and a domain), lower case and without
/// a trailing dot; None when it is not a host name.
fn mx_pattern(value: &str) -> Option<String> {
    let lower = value.trim_end_matches('.').to_ascii_lowercase();
    let host = lower.strip_prefix("*.").unwrap_or(&lower);
    let labels_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    labels_ok.then_some(lower)
}

impl Policy {
    /// §4.1: whether the MX host `host` is allowed. A pattern "*.example.com" matches exactly
    /// one label to the left ("mx1.example.com", not "a.mx1.example.com" nor "example.com").
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.mx
            .iter()
            .any(|pattern| match pattern.strip_prefix("*.") {
                Some(suffix) => host
                    .split_once('.')
                    .is_some_and(|(first, rest)| !first.is_empty() && rest == suffix),
                None => *pattern == host,
            })
    }

    /// The policy as TLS-RPT's `policy-string` gives it (RFC 8460 §4.4: the lines of the
    /// policy as fetched, one string each).
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            "version: STSv1".to_string(),
            format!("mode: {}", self.mode.as_str()),
        ];
        lines.extend(self.mx.iter().map(|m| format!("mx: {m}")));
        lines.push(format!("max_age: {}", self.max_age));
        lines
    }

    /// The policy written back as a file (what the cache keeps).
    pub fn to_text(&self) -> String {
        let mut text = self.lines().join("\r\n");
        text.push_str("\r\n");
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(records: &[&str]) -> Option<String> {
        parse_txt(&records.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn txt_records_of_section_3_1() {
        assert_eq!(
            txt(&["v=STSv1; id=20160831085700Z;"]).as_deref(),
            Some("20160831085700Z")
        );
        assert_eq!(txt(&["v=STSv1;id=abc"]).as_deref(), Some("abc"));
        // Other TXT records at the name are ignored.
        assert_eq!(txt(&["v=spf1 -all", "v=STSv1; id=1"]).as_deref(), Some("1"));
        // An extension field is allowed and ignored.
        assert_eq!(txt(&["v=STSv1; ext_1=x-y; id=2"]).as_deref(), Some("2"));
    }

    #[test]
    fn hostile_txt_records_mean_no_policy() {
        let long_id = format!("v=STSv1; id={}", "a".repeat(33));
        let huge = format!("v=STSv1; id=1; {}", "x=y; ".repeat(10_000));
        for bad in [
            vec!["v=STSv1; id=1", "v=STSv1; id=2"], // two records (§3.1)
            vec!["v=STSv1;"],                       // no id
            vec!["v=STSv1; id="],
            vec!["v=STSv1; id=a-b"],
            vec![long_id.as_str()],
            vec![huge.as_str()],
            vec!["id=1; v=STSv1;"], // v= must come first
            vec!["v=STSv2; id=1"],
            vec!["v=STSv1; id=1; id=2"],
            vec!["v=STSv1; id=1; junk"],
            vec!["v=STSv1; id=1; x=a;b"],
            vec!["v=STSv1; id=1; =a"],
            vec![""],
            vec![],
        ] {
            assert_eq!(txt(&bad), None, "{bad:?}");
        }
    }

    const EXAMPLE: &str = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n\
                           mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";

    #[test]
    fn the_example_policy_of_section_3_2() {
        let policy = parse_policy(EXAMPLE.as_bytes()).unwrap();
        assert_eq!(policy.mode, Mode::Enforce);
        assert_eq!(policy.max_age, 604_800);
        assert_eq!(
            policy.mx,
            ["mail.example.com", "*.example.net", "backupmx.example.com"]
        );
        // Written back and read again: the same policy.
        assert_eq!(parse_policy(policy.to_text().as_bytes()).unwrap(), policy);
        // LF line ends, spaces, an unknown key, a repeated key (the first wins).
        let loose = "version: STSv1\nmode:testing\nfoo: bar\nmode: enforce\nmx: MX.Example.COM.\nmax_age:  86400  \n";
        let policy = parse_policy(loose.as_bytes()).unwrap();
        assert_eq!(policy.mode, Mode::Testing);
        assert_eq!(policy.mx, ["mx.example.com"]);
        assert_eq!(policy.max_age, 86_400);
        // Mode none needs no mx.
        let none = parse_policy(b"version: STSv1\r\nmode: none\r\nmax_age: 1\r\n").unwrap();
        assert_eq!(none.mode, Mode::None);
    }

    #[test]
    fn hostile_policies_are_refused() {
        let long_line = format!(
            "version: STSv1\nmode: enforce\nmx: {}\nmax_age: 1\n",
            "a".repeat(10_000)
        );
        let many_mx = format!(
            "version: STSv1\nmode: enforce\n{}max_age: 1\n",
            (0..2000)
                .map(|i| format!("mx: mx{i}.example.com\n"))
                .collect::<String>()
        );
        for (bad, why) in [
            ("mode: enforce\nmx: a.b\nmax_age: 1\n", "version"),
            (
                "version: STSv2\nmode: enforce\nmx: a.b\nmax_age: 1\n",
                "version",
            ),
            ("version: STSv1\nmx: a.b\nmax_age: 1\n", "no mode"),
            (
                "version: STSv1\nmode: strict\nmx: a.b\nmax_age: 1\n",
                "mode",
            ),
            ("version: STSv1\nmode: enforce\nmax_age: 1\n", "no mx"),
            ("version: STSv1\nmode: enforce\nmx: a.b\n", "no max_age"),
            (
                "version: STSv1\nmode: enforce\nmx: a.b\nmax_age: -1\n",
                "max_age",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 31557601\n",
                "max_age",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 99999999999\n",
                "max_age",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.b\nmax_age: 1e5\n",
                "max_age",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a.b\nmax_age:\n",
                "max_age",
            ),
            (
                "version: STSv1\nmode: enforce\nmx: a..b\nmax_age: 1\n",
                "mx",
            ),
            ("version: STSv1\nmode: enforce\nmx: *\nmax_age: 1\n", "mx"),
            (
                "version: STSv1\nmode: enforce\nmx: a.*.b\nmax_age: 1\n",
                "mx",
            ),
            ("version: STSv1\nmode enforce\nmx: a.b\nmax_age: 1\n", "':'"),
            (long_line.as_str(), "mx"),
        ] {
            let err = parse_policy(bad.as_bytes()).unwrap_err();
            assert!(err.0.contains(why), "{bad:.80}: {err}");
            assert!(err.0.len() < 200, "{err}");
        }
        assert!(parse_policy(&[0xff, 0xfe]).is_err());
        assert!(parse_policy(&vec![b'\n'; MAX_POLICY_SIZE + 1]).is_err());
        // Thousands of patterns: accepted, but only the first few kept.
        let policy = parse_policy(many_mx.as_bytes()).unwrap();
        assert_eq!(policy.mx.len(), MAX_PATTERNS);
    }

    #[test]
    fn mx_patterns_match_as_section_4_1_says() {
        let policy = parse_policy(EXAMPLE.as_bytes()).unwrap();
        assert!(policy.allows("mail.example.com"));
        assert!(policy.allows("MAIL.example.com."));
        assert!(policy.allows("mx1.example.net"));
        assert!(!policy.allows("a.mx1.example.net")); // one label only
        assert!(!policy.allows("example.net"));
        assert!(!policy.allows(".example.net"));
        assert!(!policy.allows("mail.example.com.evil.test"));
        assert!(!policy.allows("evilmail.example.com"));
        assert!(!policy.allows(""));
    }
}
