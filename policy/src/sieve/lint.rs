//! What a script names, read from its text without running it: the mailboxes its `fileinto`
//! commands file into and the addresses its `vacation :from` replies would come from, so
//! that ManageSieve can warn when a script saves without error but cannot do what its
//! author meant (RFC 5804 §1.3 `WARNINGS`).
//!
//! A small lexer of RFC 5228 §8.1: comments, quoted strings, `text:` multi-line strings,
//! tags, identifiers and punctuation. Names built from variables (`"${folder}"`) are
//! reported as written. Each step of the lexer consumes at least one byte.

/// The names a script uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Named {
    /// The mailbox of every `fileinto` (its last string argument).
    pub fileinto: Vec<String>,
    /// Every string given to a `:from` tag (vacation, and enotify's notify).
    pub from: Vec<String>,
    /// The largest vacation period written, in seconds (`:days` or `:seconds`), saturating.
    pub longest_period: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Tag(String),
    Str(String),
    /// A number with its quantifier applied (RFC 5228 §2.4.1), saturating.
    Num(u64),
    Punct(u8),
}

/// Reads the names a script uses; a script the lexer cannot read gives what it read so far
/// (the compiler, not this, says whether a script is valid).
pub fn named(script: &str) -> Named {
    let toks = lex(script.as_bytes());
    let mut named = Named::default();
    let mut command: Option<&str> = None;
    let mut last_string: Option<&str> = None;
    let mut after_from = false;
    // Seconds a unit of the number after a `:days` or `:seconds` tag.
    let mut period_unit: Option<u64> = None;
    let mut in_list = false;
    for tok in &toks {
        match tok {
            Tok::Ident(word) if command.is_none() => command = Some(word.as_str()),
            Tok::Tag(tag) => {
                after_from = tag.eq_ignore_ascii_case("from");
                period_unit = if tag.eq_ignore_ascii_case("days") {
                    Some(86_400)
                } else if tag.eq_ignore_ascii_case("seconds") {
                    Some(1)
                } else {
                    None
                };
            }
            Tok::Num(n) => {
                if let Some(unit) = period_unit.take() {
                    named.longest_period = named.longest_period.max(n.saturating_mul(unit));
                }
            }
            Tok::Str(s) => {
                if after_from {
                    named.from.push(s.clone());
                }
                last_string = Some(s.as_str());
            }
            Tok::Punct(b'[') => in_list = true,
            Tok::Punct(b']') => in_list = false,
            Tok::Punct(b';' | b'{' | b'}') => {
                if command.is_some_and(|c| c.eq_ignore_ascii_case("fileinto"))
                    && let Some(mailbox) = last_string
                {
                    named.fileinto.push(mailbox.to_string());
                }
                (command, last_string) = (None, None);
            }
            _ => {}
        }
        // A tag's argument is the one token after it (or the list it opens).
        if !matches!(tok, Tok::Tag(_)) && !in_list && !matches!(tok, Tok::Punct(b'[')) {
            after_from = false;
        }
    }
    named
}

fn lex(s: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let (tok, next) = step(s, i);
        debug_assert!(next > i);
        i = next.max(i + 1);
        out.extend(tok);
    }
    out
}

/// The token at `s[i]` (none for white space and comments) and the index after it, which
/// is always greater than `i`.
fn step(s: &[u8], i: usize) -> (Option<Tok>, usize) {
    let rest = &s[i..];
    let text = |from: usize, to: usize| String::from_utf8_lossy(&s[from..to]).into_owned();
    match rest[0] {
        b'#' => {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(s.len(), |p| i + p + 1);
            (None, end)
        }
        b'/' if rest.get(1) == Some(&b'*') => {
            let end = rest[2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(s.len(), |p| i + 2 + p + 2);
            (None, end)
        }
        b'"' => {
            let mut value = Vec::new();
            let mut j = i + 1;
            while j < s.len() && s[j] != b'"' {
                // RFC 5228 §2.4.2: a backslash quotes the next character.
                if s[j] == b'\\' && j + 1 < s.len() {
                    j += 1;
                }
                value.push(s[j]);
                j += 1;
            }
            let value = String::from_utf8_lossy(&value).into_owned();
            (Some(Tok::Str(value)), (j + 1).min(s.len()).max(i + 1))
        }
        b':' => {
            let end = word_end(s, i + 1);
            (Some(Tok::Tag(text(i + 1, end))), end.max(i + 1))
        }
        b if b.is_ascii_alphabetic() || b == b'_' => {
            let end = word_end(s, i);
            let word = text(i, end);
            // RFC 5228 §2.4.2: `text:` then lines up to a line holding a single dot.
            if word.eq_ignore_ascii_case("text") && s.get(end) == Some(&b':') {
                return multiline(s, end + 1);
            }
            (Some(Tok::Ident(word)), end)
        }
        b if b.is_ascii_digit() => {
            let digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let mut end = i + digits;
            let value = s[i..end].iter().fold(0u64, |n, &d| {
                n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            });
            let scale = match s.get(end).map(u8::to_ascii_uppercase) {
                Some(b'K') => 1 << 10,
                Some(b'M') => 1 << 20,
                Some(b'G') => 1 << 30,
                _ => 1,
            };
            if scale > 1 {
                end += 1;
            }
            (Some(Tok::Num(value.saturating_mul(scale))), end)
        }
        b if b.is_ascii_whitespace() => (None, i + 1),
        b => (Some(Tok::Punct(b)), i + 1),
    }
}

fn word_end(s: &[u8], from: usize) -> usize {
    from + s[from..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
        .count()
}

/// A `text:` string starting after the colon: the rest of that line is ignored, then lines
/// up to ".\r\n", with a leading dot doubled (dot-stuffing) read as one.
fn multiline(s: &[u8], from: usize) -> (Option<Tok>, usize) {
    let mut j = s[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(s.len(), |p| from + p + 1);
    let mut value = String::new();
    while j < s.len() {
        let end = s[j..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(s.len(), |p| j + p + 1);
        let line = String::from_utf8_lossy(&s[j..end]);
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed == "." {
            return (Some(Tok::Str(value)), end);
        }
        value.push_str(line.strip_prefix('.').unwrap_or(&line));
        j = end;
    }
    (Some(Tok::Str(value)), s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fileinto_targets_and_vacation_senders() {
        let script = "require [\"fileinto\", \"vacation\", \"imap4flags\", \"mailbox\"];\r\n\
            # a comment with fileinto \"Không\";\r\n\
            /* fileinto \"Cũng không\"; */\r\n\
            if header :contains \"subject\" \"giấy mời\" {\r\n\
              fileinto :create :flags [\"\\\\Seen\", \"$Official\"] \"Giấy mời/2026\";\r\n\
            } elsif address :is \"from\" \"a@b.vn\" { fileinto \"L&AbA-u tr&Hu8-\"; }\r\n\
            vacation :days 3 :from \"giamdoc@sec.gov.vn\" :subject \"Vắng\" text:\r\n\
            Tôi đi công tác.\r\n\
            ..\r\n\
            .\r\n\
            ;\r\n";
        let named = named(script);
        assert_eq!(named.fileinto, ["Giấy mời/2026", "L&AbA-u tr&Hu8-"]);
        assert_eq!(named.from, ["giamdoc@sec.gov.vn"]);
        assert_eq!(named.longest_period, 3 * 86_400);
        let long =
            super::named("vacation :days 3333333333333333333 \"x\"; vacation :seconds 2K \"y\";");
        assert_eq!(long.longest_period, u64::MAX);
        assert_eq!(
            super::named("vacation :seconds 2K \"y\";").longest_period,
            2048
        );
    }

    #[test]
    fn any_bytes_are_read_to_the_end() {
        for s in [
            &b"\""[..],
            b"text:",
            b"/*",
            b":",
            b"fileinto \"\\",
            b"\xff\xfe:from [",
            b"text:\r\nabc",
        ] {
            let mut i = 0;
            while i < s.len() {
                let (_, next) = step(s, i);
                assert!(next > i, "{s:?} at {i}");
                i = next;
            }
            let _ = named(&String::from_utf8_lossy(s));
        }
    }
}
