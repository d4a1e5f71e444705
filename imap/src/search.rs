//! SEARCH (RFC 9051 §6.4.4): criteria parsed into a tree, then evaluated over the stored
//! metadata. Text keys compare with and without diacritics (`SUBJECT "giay moi"` finds
//! "Giấy mời"): both sides are folded the same way as the storage's search text.

use storage::{Flags, MessageInfo};

use crate::sequence::{self, SequenceSet};
use crate::wire::Token;

#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    All,
    Flag(Flags, bool),
    Keyword(String, bool),
    Header(Field, String),
    /// BODY / TEXT: the message text (read from the blob).
    Body(String),
    Text(String),
    Larger(u64),
    Smaller(u64),
    /// Internal date, in Vietnam-time days.
    Before(i64),
    On(i64),
    Since(i64),
    SentBefore(i64),
    SentOn(i64),
    SentSince(i64),
    Seq(SequenceSet),
    Uid(SequenceSet),
    Not(Box<Key>),
    Or(Box<Key>, Box<Key>),
    And(Vec<Key>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Subject,
    From,
    To,
    Cc,
}

/// Parses the criteria (after an optional `CHARSET UTF-8`, which callers strip).
pub fn parse(tokens: &[Token]) -> Result<Key, String> {
    let mut i = 0;
    let mut keys = Vec::new();
    while i < tokens.len() {
        keys.push(one(tokens, &mut i)?);
    }
    Ok(if keys.len() == 1 {
        keys.remove(0)
    } else {
        Key::And(keys)
    })
}

fn text(t: Option<&Token>) -> Result<String, String> {
    t.and_then(Token::as_bytes)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .ok_or_else(|| "a search key needs a string".into())
}

fn number(t: Option<&Token>) -> Result<u64, String> {
    match t {
        Some(Token::Atom(a)) => a.parse().map_err(|_| format!("{a} is not a number")),
        _ => Err("a number is needed".into()),
    }
}

/// "1-Feb-2026" → Vietnam-time day number.
fn date(t: Option<&Token>) -> Result<i64, String> {
    let s = text(t)?;
    crate::date::parse_date(&s).ok_or_else(|| format!("{s} is not a date (e.g. 1-Feb-2026)"))
}

fn one(tokens: &[Token], i: &mut usize) -> Result<Key, String> {
    let t = tokens.get(*i).ok_or("missing search key")?;
    *i += 1;
    let atom = match t {
        Token::List(inner) => return parse(inner),
        Token::Atom(a) => a.to_ascii_uppercase(),
        _ => return Err("unexpected string in search criteria".into()),
    };
    let mut arg = || {
        let t = tokens.get(*i);
        *i += 1;
        t
    };
    Ok(match atom.as_str() {
        "ALL" => Key::All,
        "SEEN" => Key::Flag(Flags::SEEN, true),
        "UNSEEN" => Key::Flag(Flags::SEEN, false),
        "ANSWERED" => Key::Flag(Flags::ANSWERED, true),
        "UNANSWERED" => Key::Flag(Flags::ANSWERED, false),
        "FLAGGED" => Key::Flag(Flags::FLAGGED, true),
        "UNFLAGGED" => Key::Flag(Flags::FLAGGED, false),
        "DELETED" => Key::Flag(Flags::DELETED, true),
        "UNDELETED" => Key::Flag(Flags::DELETED, false),
        "DRAFT" => Key::Flag(Flags::DRAFT, true),
        "UNDRAFT" => Key::Flag(Flags::DRAFT, false),
        "NEW" | "RECENT" => Key::Flag(Flags::SEEN, false),
        "OLD" => Key::All,
        "KEYWORD" => Key::Keyword(text(arg())?, true),
        "UNKEYWORD" => Key::Keyword(text(arg())?, false),
        "SUBJECT" => Key::Header(Field::Subject, text(arg())?),
        "FROM" => Key::Header(Field::From, text(arg())?),
        "TO" => Key::Header(Field::To, text(arg())?),
        "CC" => Key::Header(Field::Cc, text(arg())?),
        "BODY" => Key::Body(text(arg())?),
        "TEXT" => Key::Text(text(arg())?),
        "LARGER" => Key::Larger(number(arg())?),
        "SMALLER" => Key::Smaller(number(arg())?),
        "BEFORE" => Key::Before(date(arg())?),
        "ON" => Key::On(date(arg())?),
        "SINCE" => Key::Since(date(arg())?),
        "SENTBEFORE" => Key::SentBefore(date(arg())?),
        "SENTON" => Key::SentOn(date(arg())?),
        "SENTSINCE" => Key::SentSince(date(arg())?),
        "UID" => match arg() {
            Some(Token::Atom(a)) => Key::Uid(sequence::parse(a).ok_or("bad UID set")?),
            _ => return Err("UID needs a set".into()),
        },
        "NOT" => Key::Not(Box::new(one(tokens, i)?)),
        "OR" => {
            let a = one(tokens, i)?;
            let b = one(tokens, i)?;
            Key::Or(Box::new(a), Box::new(b))
        }
        other => match sequence::parse(other) {
            Some(set) => Key::Seq(set),
            None => return Err(format!("unknown search key {other}")),
        },
    })
}

/// What a key is checked against for one message.
pub struct Candidate<'a> {
    pub seq: u32,
    pub info: &'a MessageInfo,
    /// The folded message text, when a BODY/TEXT key needs it.
    pub text: Option<&'a str>,
}

/// Whether the key needs the message text (and so a blob read).
pub fn needs_text(key: &Key) -> bool {
    match key {
        Key::Body(_) | Key::Text(_) => true,
        Key::Not(k) => needs_text(k),
        Key::Or(a, b) => needs_text(a) || needs_text(b),
        Key::And(ks) => ks.iter().any(needs_text),
        _ => false,
    }
}

pub fn matches(key: &Key, c: &Candidate<'_>, largest_seq: u32, largest_uid: u32) -> bool {
    let fold = storage::text::fold_for_search;
    let has =
        |hay: Option<&str>, needle: &str| hay.is_some_and(|h| fold(h).contains(&fold(needle)));
    let day = |t: i64| storage::vn_day(t);
    match key {
        Key::All => true,
        Key::Flag(f, want) => c.info.flags.contains(*f) == *want,
        Key::Keyword(k, want) => c.info.keywords.iter().any(|x| x.eq_ignore_ascii_case(k)) == *want,
        Key::Header(field, needle) => {
            let m = &c.info.meta;
            let hay = match field {
                Field::Subject => m.subject.as_deref(),
                Field::From => m.from.as_deref(),
                Field::To => m.to.as_deref(),
                Field::Cc => m.cc.as_deref(),
            };
            has(hay, needle)
        }
        Key::Body(needle) => has(c.text, needle),
        Key::Text(needle) => {
            has(c.text, needle)
                || has(c.info.meta.subject.as_deref(), needle)
                || has(c.info.meta.from.as_deref(), needle)
                || has(c.info.meta.to.as_deref(), needle)
        }
        Key::Larger(n) => c.info.size > *n,
        Key::Smaller(n) => c.info.size < *n,
        Key::Before(d) => day(c.info.internal_date) < *d,
        Key::On(d) => day(c.info.internal_date) == *d,
        Key::Since(d) => day(c.info.internal_date) >= *d,
        Key::SentBefore(d) => c.info.meta.sent_date.is_some_and(|t| day(t) < *d),
        Key::SentOn(d) => c.info.meta.sent_date.is_some_and(|t| day(t) == *d),
        Key::SentSince(d) => c.info.meta.sent_date.is_some_and(|t| day(t) >= *d),
        Key::Seq(set) => set.contains(c.seq, largest_seq, &[]),
        Key::Uid(set) => set.contains(c.info.uid, largest_uid, &[]),
        Key::Not(k) => !matches(k, c, largest_seq, largest_uid),
        Key::Or(a, b) => {
            matches(a, c, largest_seq, largest_uid) || matches(b, c, largest_seq, largest_uid)
        }
        Key::And(ks) => ks.iter().all(|k| matches(k, c, largest_seq, largest_uid)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(uid: u32, subject: &str, flags: Flags) -> MessageInfo {
        MessageInfo {
            uid,
            flags,
            keywords: vec!["$Official".into()],
            modseq: 1,
            internal_date: 1_793_667_600,
            size: 1000,
            blob: String::new(),
            meta: storage::MessageMeta {
                subject: Some(subject.into()),
                from: Some("Văn thư <vanthu@danang.gov.vn>".into()),
                ..Default::default()
            },
            structure: None,
        }
    }

    fn run(criteria: &[Token], messages: &[MessageInfo]) -> Vec<u32> {
        let key = parse(criteria).unwrap();
        messages
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                matches(
                    &key,
                    &Candidate {
                        seq: *i as u32 + 1,
                        info: m,
                        text: None,
                    },
                    messages.len() as u32,
                    messages.last().map_or(0, |m| m.uid),
                )
            })
            .map(|(_, m)| m.uid)
            .collect()
    }

    fn atom(s: &str) -> Token {
        Token::Atom(s.into())
    }

    #[test]
    fn vietnamese_text_with_and_without_diacritics_and_logic() {
        let msgs = vec![
            info(1, "Giấy mời họp giao ban", Flags::SEEN),
            info(2, "Báo cáo tuần", Flags::default()),
            info(5, "Thông báo nghỉ lễ", Flags::FLAGGED),
        ];
        let q = |s: &str| Token::Quoted(s.as_bytes().to_vec());
        assert_eq!(run(&[atom("SUBJECT"), q("giay moi")], &msgs), [1]);
        assert_eq!(run(&[atom("SUBJECT"), q("Giấy Mời")], &msgs), [1]);
        assert_eq!(run(&[atom("UNSEEN")], &msgs), [2, 5]);
        assert_eq!(
            run(&[atom("OR"), atom("SEEN"), atom("FLAGGED")], &msgs),
            [1, 5]
        );
        assert_eq!(run(&[atom("NOT"), atom("SUBJECT"), q("bao")], &msgs), [1]);
        assert_eq!(run(&[atom("UID"), atom("2:*")], &msgs), [2, 5]);
        assert_eq!(run(&[atom("2:3")], &msgs), [2, 5]);
        assert_eq!(run(&[atom("FROM"), q("van thu")], &msgs), [1, 2, 5]);
        assert_eq!(
            run(
                &[
                    atom("KEYWORD"),
                    atom("$Official"),
                    atom("SINCE"),
                    atom("1-Nov-2026")
                ],
                &msgs
            ),
            [1, 2, 5]
        );
        assert_eq!(
            run(&[atom("BEFORE"), atom("3-Nov-2026")], &msgs),
            Vec::<u32>::new()
        );
        assert_eq!(
            run(&[Token::List(vec![atom("SMALLER"), atom("2000")])], &msgs),
            [1, 2, 5]
        );
        assert!(parse(&[atom("BOGUS")]).is_err());
        assert!(parse(&[atom("SINCE"), atom("32-Foo-2026")]).is_err());
    }
}
