//! Structured header fields as IMAP shows them: RFC 5322 address lists (with groups and
//! obsolete routes) split into ENVELOPE addresses, and RFC 2045 Content-Type /
//! Content-Disposition values with their parameters (RFC 2231 continuations merged the way
//! Dovecot shows them). Lenient throughout: whatever can be read is kept, nothing fails.

use super::{Disposition, EnvelopeAddress};

/// Removes RFC 5322 comments outside quoted strings.
pub(super) fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in s.chars() {
        if escaped {
            escaped = false;
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    out.push(c);
                }
            }
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Lexical tokens of structured header fields (RFC 5322 §3.2, RFC 2045 §5.1).
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An atom (dots included) or, with `mime_specials`, a MIME token.
    Atom(String),
    /// A quoted string's content, unescaped.
    Quoted(String),
    Comment(String),
    DomainLiteral(String),
    Special(char),
}

fn tokenize(s: &str, specials: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (tok, next) = next_token(&chars, i, specials);
        // Every step consumes at least one character (`next_token`'s contract, checked by
        // the property test below), so the loop ends after at most `chars.len()` steps.
        debug_assert!(next > i);
        i = next.max(i + 1);
        if let Some(tok) = tok {
            out.push(tok);
        }
    }
    out
}

/// Reads the token starting at `chars[i]` (i < len): the token, if any (white space gives
/// none), and the index after it, which is always greater than `i`.
fn next_token(chars: &[char], mut i: usize, specials: &str) -> (Option<Tok>, usize) {
    let c = chars[i];
    let tok = match c {
        _ if c.is_whitespace() => {
            i += 1;
            None
        }
        '"' => {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            Some(Tok::Quoted(text))
        }
        '(' => {
            let (mut depth, mut text) = (1usize, String::new());
            i += 1;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '\\' if i + 1 < chars.len() => {
                        i += 1;
                        text.push(chars[i]);
                    }
                    '(' => {
                        depth += 1;
                        text.push('(');
                    }
                    ')' => {
                        depth -= 1;
                        if depth > 0 {
                            text.push(')');
                        }
                    }
                    other => text.push(other),
                }
                i += 1;
            }
            Some(Tok::Comment(text))
        }
        '[' => {
            let mut text = String::from("[");
            i += 1;
            while i < chars.len() && chars[i] != ']' {
                text.push(chars[i]);
                i += 1;
            }
            text.push(']');
            i += 1;
            Some(Tok::DomainLiteral(text))
        }
        // A `)` with no comment open, or any other special: one character of its own.
        // (Read as an atom, a stray `)` was an empty atom that never advanced: a message
        // with `To: x)` made delivery loop for ever, allocating.)
        _ if is_one_of(specials, c) || c == ')' => {
            i += 1;
            Some(Tok::Special(c))
        }
        _ => {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !is_one_of(specials, chars[i])
                && !is_one_of("\"()[", chars[i])
            {
                i += 1;
            }
            Some(Tok::Atom(chars[start..i].iter().collect()))
        }
    };
    (tok, i)
}

/// Whether `c` is one of the ASCII characters of `set`: a byte comparison, where
/// `str::contains(char)` set up a searcher for every character of every header.
fn is_one_of(set: &str, c: char) -> bool {
    c.is_ascii() && set.as_bytes().contains(&(c as u8))
}

/// RFC 2045 §5.1 tspecials (without the quote, parentheses and brackets tokenize handles).
const MIME_SPECIALS: &str = "<>@,;:\\/?=]";

/// RFC 5322 §3.2.3 specials for address lists; dots are rejoined by `join_dots`.
const ADDRESS_SPECIALS: &str = "<>@,;:\\.]";

/// `type/subtype; params` → (type, subtype, params merged per RFC 2231).
pub fn parse_content_type(value: &str) -> (String, String, Vec<(String, String)>) {
    let toks = tokenize(value, MIME_SPECIALS);
    let mut toks = toks
        .into_iter()
        .filter(|t| !matches!(t, Tok::Comment(_)))
        .peekable();
    let media_type = match toks.next() {
        Some(Tok::Atom(a) | Tok::Quoted(a)) => a,
        _ => String::new(),
    };
    let mut media_subtype = String::new();
    if toks.peek() == Some(&Tok::Special('/')) {
        toks.next();
        if let Some(Tok::Atom(a) | Tok::Quoted(a)) = toks.peek().cloned() {
            media_subtype = a;
            toks.next();
        }
    }
    if media_type.is_empty() || media_subtype.is_empty() {
        // RFC 2045 §5.2: an unreadable Content-Type means text/plain; charset=us-ascii.
        return (
            "text".into(),
            "plain".into(),
            vec![("charset".into(), "us-ascii".into())],
        );
    }
    let params = parse_params(toks.collect());
    (media_type, media_subtype, params)
}

pub fn parse_disposition(value: &str) -> Disposition {
    let toks: Vec<Tok> = tokenize(value, MIME_SPECIALS)
        .into_iter()
        .filter(|t| !matches!(t, Tok::Comment(_)))
        .collect();
    let kind = match toks.first() {
        Some(Tok::Atom(a) | Tok::Quoted(a)) => a.clone(),
        _ => String::new(),
    };
    Disposition {
        kind,
        params: parse_params(toks.into_iter().skip(1).collect()),
    }
}

/// `; name=value` pairs, names lower-cased, RFC 2231 continuations merged the way Dovecot
/// does (see the module doc): `name*0*=a; name*1=b` → `("name*" "a" + escaped "b")`.
fn parse_params(toks: Vec<Tok>) -> Vec<(String, String)> {
    // (name, index, extended, value) as written.
    let mut raw: Vec<(String, Option<u32>, bool, String)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let (Some(Tok::Atom(name)), Some(Tok::Special('='))) = (toks.get(i), toks.get(i + 1))
        else {
            i += 1;
            continue;
        };
        let value = match toks.get(i + 2) {
            Some(Tok::Atom(v) | Tok::Quoted(v)) => {
                i += 3;
                v.clone()
            }
            _ => {
                i += 2;
                String::new()
            }
        };
        let name = name.to_ascii_lowercase();
        let (base, index, extended) = split_rfc2231_name(&name);
        raw.push((base, index, extended, value));
    }
    let mut out: Vec<(String, String)> = Vec::new();
    let mut done: Vec<String> = Vec::new();
    for (base, index, _, _) in &raw {
        if index.is_none() {
            continue;
        }
        if done.contains(base) {
            continue;
        }
        done.push(base.clone());
        let mut segments: Vec<&(String, Option<u32>, bool, String)> = raw
            .iter()
            .filter(|(b, idx, ..)| b == base && idx.is_some())
            .collect();
        segments.sort_by_key(|(_, idx, ..)| *idx);
        let any_extended = segments.iter().any(|(_, _, ext, _)| *ext);
        let mut value = String::new();
        for (_, _, ext, v) in segments {
            if any_extended && !ext {
                value.push_str(&v.replace('%', "%25"));
            } else {
                value.push_str(v);
            }
        }
        let key = if any_extended {
            format!("{base}*")
        } else {
            base.clone()
        };
        out.push((key, value));
    }
    // Plain and `name*=` parameters, in order, before the merged continuations, unless a
    // continuation already gave that name.
    let mut plain: Vec<(String, String)> = raw
        .iter()
        .filter(|(_, idx, ..)| idx.is_none())
        .map(|(base, _, ext, v)| {
            let key = if *ext {
                format!("{base}*")
            } else {
                base.clone()
            };
            (key, v.clone())
        })
        .filter(|(k, _)| !out.iter().any(|(o, _)| o == k))
        .collect();
    plain.extend(out);
    plain
}

/// `name`, `name*`, `name*2`, `name*2*` → (name, index, extended).
fn split_rfc2231_name(name: &str) -> (String, Option<u32>, bool) {
    let Some(star) = name.find('*') else {
        return (name.to_string(), None, false);
    };
    let (base, rest) = name.split_at(star);
    let rest = &rest[1..];
    if rest.is_empty() {
        return (base.to_string(), None, true);
    }
    let (digits, extended) = match rest.strip_suffix('*') {
        Some(d) => (d, true),
        None => (rest, false),
    };
    match digits.parse::<u32>() {
        Ok(n) => (base.to_string(), Some(n), extended),
        Err(_) => (name.to_string(), None, false),
    }
}

/// An RFC 5322 address list (with groups and obsolete routes) as ENVELOPE addresses.
/// Lenient: whatever can be read is kept, nothing fails.
pub fn parse_addresses(value: &str) -> Vec<EnvelopeAddress> {
    let toks = tokenize(value, ADDRESS_SPECIALS);
    let toks = join_dots(toks);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if matches!(toks[i], Tok::Special(',' | ';')) {
            i += 1;
            continue;
        }
        let before = i;
        parse_address(&toks, &mut i, false, &mut out);
        if i == before {
            i += 1;
        }
    }
    out
}

/// The addresses (`local@domain`, as written) of a header field that must be an RFC 5322
/// §3.4 mailbox-list, such as From: or Sender: on submission. Strict where
/// [`parse_addresses`] is lenient: None unless every element is a plain `addr-spec` or
/// `[display-name] <addr-spec>`, so that no reading of the field (a mail client's, or
/// this crate's ENVELOPE) can find another author in it. `giamdoc@x <alice@x>` (an
/// address as an unquoted display name), groups, routes and stray specials are refused.
pub fn mailbox_list(value: &str) -> Option<Vec<String>> {
    let toks: Vec<Tok> = join_dots(tokenize(value, ADDRESS_SPECIALS))
        .into_iter()
        .filter(|t| !matches!(t, Tok::Comment(_)))
        .collect();
    let mut out = Vec::new();
    for element in toks.split(|t| *t == Tok::Special(',')) {
        let addr_spec = |toks: &[Tok]| match toks {
            [
                Tok::Atom(local) | Tok::Quoted(local),
                Tok::Special('@'),
                Tok::Atom(domain),
            ] if !local.is_empty() && !domain.is_empty() && !domain.starts_with('.') => {
                Some(format!("{local}@{domain}"))
            }
            _ => None,
        };
        let address = match element {
            [.., Tok::Special('>')] => {
                let open = element.iter().position(|t| *t == Tok::Special('<'))?;
                let name = &element[..open];
                if !name
                    .iter()
                    .all(|t| matches!(t, Tok::Atom(_) | Tok::Quoted(_)))
                {
                    return None;
                }
                addr_spec(&element[open + 1..element.len() - 1])?
            }
            _ => addr_spec(element)?,
        };
        out.push(address);
    }
    Some(out)
}

/// Dots were specials (so that `a.b@c.d` splits right around `@`); rejoin dotted atoms.
fn join_dots(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut glue = false;
    for t in toks {
        match t {
            Tok::Special('.') => {
                match out.last_mut() {
                    Some(Tok::Atom(a) | Tok::Quoted(a)) => a.push('.'),
                    _ => out.push(Tok::Atom(".".into())),
                }
                glue = true;
            }
            Tok::Atom(a) if glue => {
                match out.last_mut() {
                    Some(Tok::Atom(prev) | Tok::Quoted(prev)) => prev.push_str(&a),
                    _ => out.push(Tok::Atom(a)),
                }
                glue = false;
            }
            other => {
                glue = false;
                out.push(other);
            }
        }
    }
    out
}

fn phrase(words: &[String]) -> Option<String> {
    let name = words.join(" ");
    (!name.trim().is_empty()).then(|| name.trim().to_string())
}

/// One mailbox or group starting at `toks[*i]`; stops before the `,` (or `;`) ending it.
fn parse_address(toks: &[Tok], i: &mut usize, in_group: bool, out: &mut Vec<EnvelopeAddress>) {
    let mut words: Vec<String> = Vec::new();
    let mut comment: Option<String> = None;
    while let Some(tok) = toks.get(*i) {
        match tok {
            Tok::Atom(w) | Tok::Quoted(w) | Tok::DomainLiteral(w) => {
                words.push(w.clone());
                *i += 1;
            }
            Tok::Comment(c) => {
                if !c.trim().is_empty() {
                    comment = Some(c.trim().to_string());
                }
                *i += 1;
            }
            Tok::Special('<') => {
                *i += 1;
                let mut address = angle_addr(toks, i);
                address.name = phrase(&words);
                out.push(address);
                skip_to_end(toks, i, in_group);
                return;
            }
            Tok::Special(':') if !in_group => {
                *i += 1;
                out.push(EnvelopeAddress {
                    mailbox: Some(phrase(&words).unwrap_or_default()),
                    ..EnvelopeAddress::default()
                });
                while let Some(tok) = toks.get(*i) {
                    match tok {
                        Tok::Special(';') => {
                            *i += 1;
                            break;
                        }
                        Tok::Special(',') => *i += 1,
                        _ => {
                            let before = *i;
                            parse_address(toks, i, true, out);
                            if *i == before {
                                *i += 1;
                            }
                        }
                    }
                }
                out.push(EnvelopeAddress::default());
                return;
            }
            Tok::Special('@') => {
                *i += 1;
                let mut host = String::new();
                while let Some(Tok::Atom(w) | Tok::DomainLiteral(w)) = toks.get(*i) {
                    host.push_str(w);
                    *i += 1;
                }
                while let Some(Tok::Comment(c)) = toks.get(*i) {
                    if !c.trim().is_empty() {
                        comment = Some(c.trim().to_string());
                    }
                    *i += 1;
                }
                // addr-spec alone: the name is the comment, if any (as Dovecot does).
                out.push(EnvelopeAddress {
                    name: comment,
                    adl: None,
                    mailbox: Some(words.concat()),
                    host: Some(host),
                });
                skip_to_end(toks, i, in_group);
                return;
            }
            Tok::Special(',') => break,
            Tok::Special(';') if in_group => break,
            Tok::Special(_) => *i += 1,
        }
    }
    // A word with no '@' (e.g. a local user name): a mailbox without a domain. The host
    // must not be NIL, which would mean a group (RFC 9051 §7.5.2).
    if !words.is_empty() {
        out.push(EnvelopeAddress {
            name: comment,
            adl: None,
            mailbox: Some(words.concat()),
            host: Some(String::new()),
        });
    }
}

/// After `<`: `[@route,@route:]local@domain>`.
fn angle_addr(toks: &[Tok], i: &mut usize) -> EnvelopeAddress {
    let mut adl = String::new();
    if toks.get(*i) == Some(&Tok::Special('@')) {
        // RFC 5322 §4.4 obs-route: kept as the adl, e.g. "@a.vn,@b.vn".
        while let Some(tok) = toks.get(*i) {
            *i += 1;
            match tok {
                Tok::Special(':') => break,
                Tok::Special(c) => adl.push(*c),
                Tok::Atom(w) | Tok::DomainLiteral(w) | Tok::Quoted(w) => adl.push_str(w),
                Tok::Comment(_) => {}
            }
        }
    }
    let (mut local, mut host, mut at) = (String::new(), String::new(), false);
    while let Some(tok) = toks.get(*i) {
        *i += 1;
        match tok {
            Tok::Special('>') => break,
            Tok::Special('@') => at = true,
            Tok::Atom(w) | Tok::Quoted(w) | Tok::DomainLiteral(w) => {
                if at {
                    host.push_str(w);
                } else {
                    local.push_str(w);
                }
            }
            _ => {}
        }
    }
    EnvelopeAddress {
        name: None,
        adl: (!adl.is_empty()).then_some(adl),
        mailbox: Some(local),
        host: Some(host),
    }
}

/// Skips trailing comments or junk up to the `,` (or the group's `;`).
fn skip_to_end(toks: &[Tok], i: &mut usize, in_group: bool) {
    while let Some(tok) = toks.get(*i) {
        match tok {
            Tok::Special(',') => return,
            Tok::Special(';') if in_group => return,
            _ => *i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Header text made mostly of the characters the tokenizer treats specially.
    fn hostile() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(
                    "()<>@,;:\\\".[]/?= \t\r\nx".chars().collect::<Vec<_>>()
                ),
                1 => any::<char>(),
            ],
            0..64,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// Every step of the tokenizer consumes at least one character, whatever the
        /// input and the set of specials: its loop ends after at most one step a character.
        #[test]
        fn every_token_step_advances(s in hostile(), start in 0usize..64) {
            let chars: Vec<char> = s.chars().collect();
            prop_assume!(start < chars.len());
            for specials in [MIME_SPECIALS, ADDRESS_SPECIALS] {
                let (_, next) = next_token(&chars, start, specials);
                prop_assert!(next > start, "no progress at {start} in {s:?}");
            }
        }

        /// The parsers built on it finish on any input, with output bounded by the input.
        #[test]
        fn parsers_finish_with_bounded_output(s in hostile()) {
            let n = s.chars().count();
            prop_assert!(parse_addresses(&s).len() <= 2 * n + 1);
            let (_, _, params) = parse_content_type(&s);
            prop_assert!(params.len() <= n + 1);
            prop_assert!(parse_disposition(&s).params.len() <= n + 1);
        }
    }

    #[test]
    fn a_strict_mailbox_list_has_one_reading() {
        let ok = |v: &str| mailbox_list(v).unwrap();
        assert_eq!(ok("annv@x.gov.vn"), ["annv@x.gov.vn"]);
        assert_eq!(
            ok("\"Nguyễn Văn An\" <AnNV@x.gov.vn> (phòng TH)"),
            ["AnNV@x.gov.vn"]
        );
        assert_eq!(
            ok("=?UTF-8?B?VsSDbiB0aMawIA==?= <vanthu@x.gov.vn>, b.c@d.vn"),
            ["vanthu@x.gov.vn", "b.c@d.vn"]
        );
        assert_eq!(
            ok("\"giamdoc@x.gov.vn\" <alice@x.gov.vn>"),
            ["alice@x.gov.vn"]
        );
        for bad in [
            "giamdoc@sec.gov.vn <alice@sec.gov.vn>",
            "alice@sec.gov.vn giamdoc@sec.gov.vn",
            "Lanh dao: giamdoc@sec.gov.vn;",
            "<@route:alice@x.gov.vn>",
            "alice",
            "",
            "alice@x.gov.vn)",
            "<alice@x.gov.vn> <giamdoc@x.gov.vn>",
            "alice@x.gov.vn,",
        ] {
            assert_eq!(mailbox_list(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_stray_closing_parenthesis_is_passed_over() {
        let to = parse_addresses("x)");
        assert_eq!(to.len(), 1);
        assert_eq!(to[0].mailbox.as_deref(), Some("x"));
        let to = parse_addresses("a@b.vn), c@d.vn");
        let boxes: Vec<_> = to.iter().map(|a| a.mailbox.as_deref()).collect();
        assert_eq!(boxes, [Some("a"), Some("c")]);
        let (t, s, _) = parse_content_type("text/plain); charset=utf-8");
        assert_eq!((t.as_str(), s.as_str()), ("text", "plain"));
        assert_eq!(parse_disposition(") attachment").kind, "");
    }
}
