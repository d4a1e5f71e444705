//! SEARCH (RFC 9051 §6.4.4): criteria parsed into a tree, then evaluated over the stored
//! metadata. Text keys compare with and without diacritics (`SUBJECT "giay moi"` finds
//! "Giấy mời"): both sides are brought to the storage's search form. The full-text index
//! answers text keys of three characters or more before the tree is evaluated (see
//! `search_run`); what remains here is the per-message test.

use std::collections::HashSet;
use std::sync::Arc;

use storage::search::TextField;
use storage::text::search_form;
use storage::{Flags, MessageInfo};

use crate::sequence::{self, SequenceSet};
use crate::wire::Token;

#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    All,
    Flag(Flags, bool),
    Keyword(String, bool),
    /// SUBJECT, FROM, TO, CC, BODY, TEXT: a string in text the full-text index holds.
    Text(TextField, String),
    /// HEADER name string, and BCC (not in the index): read from the message's header.
    Header(String, String),
    Larger(u64),
    Smaller(u64),
    /// Internal date, in Vietnam-time days.
    Before(i64),
    On(i64),
    Since(i64),
    /// The Date: header's day as written (days since 1970-01-01; see [`sent_day`]).
    SentBefore(i64),
    SentOn(i64),
    SentSince(i64),
    Seq(SequenceSet),
    Uid(SequenceSet),
    /// MODSEQ: messages changed at or after this mod-sequence (RFC 7162 §3.1.5).
    ModSeq(u64),
    Not(Box<Key>),
    Or(Box<Key>, Box<Key>),
    And(Vec<Key>),
    /// A text key already answered by the index: the UIDs that match.
    Found(Arc<HashSet<u32>>),
    /// \Recent in this session (RFC 3501 §6.4.4): answered from the session's view before
    /// the search runs (`esearch::prepare`).
    Recent,
    // imapsort (issue 24): WITHIN (RFC 5032) and OBJECTID (RFC 8474).
    /// OLDER n: the internal date is more than n seconds ago; made absolute
    /// (`InternalBefore`) when the command runs (`esearch::prepare`).
    Older(u64),
    /// YOUNGER n: the internal date is at most n seconds ago (`InternalSince`).
    Younger(u64),
    /// The internal date (Unix seconds) is before this.
    InternalBefore(i64),
    /// The internal date (Unix seconds) is this or later.
    InternalSince(i64),
    /// EMAILID (RFC 8474 §6): the message's EMAILID is this.
    EmailId(String),
    /// THREADID (RFC 8474 §6): answered from storage before the search runs (`search_run`).
    ThreadId(String),
    // imapappend
    /// SAVEDBEFORE, SAVEDON, SAVEDSINCE (RFC 8514 §4.2): the save date's day (Vietnam time)
    /// compared with a day: `Less`, `Equal`, `Greater` meaning before, on, since (on or
    /// after). Answered by `search_run::resolve` before the search runs, as `Found`.
    Saved(std::cmp::Ordering, i64),
}

/// How deep criteria may nest: lists, NOT and OR each count one level. The parser, the
/// evaluation and dropping the tree all recurse once a level, so this bounds their stack
/// (5,000 `NOT`s overflowed it and aborted the process). Clients that OR many terms
/// together (a search over 100 addresses is 99 nested ORs) stay well within it.
pub const MAX_DEPTH: usize = 256;

/// Parses the criteria (after an optional `CHARSET UTF-8`, which callers strip).
pub fn parse(tokens: &[Token]) -> Result<Key, String> {
    parse_nested(tokens, 0)
}

fn parse_nested(tokens: &[Token], depth: usize) -> Result<Key, String> {
    let mut i = 0;
    let mut keys = Vec::new();
    while i < tokens.len() {
        keys.push(one(tokens, &mut i, depth)?);
    }
    match keys.len() {
        0 => Err("search criteria are missing".into()),
        1 => Ok(keys.remove(0)),
        _ => Ok(Key::And(keys)),
    }
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

fn one(tokens: &[Token], i: &mut usize, depth: usize) -> Result<Key, String> {
    if depth >= MAX_DEPTH {
        return Err(format!(
            "search criteria nested more than {MAX_DEPTH} levels deep"
        ));
    }
    let t = tokens.get(*i).ok_or("missing search key")?;
    *i += 1;
    let atom = match t {
        Token::List(inner) => return parse_nested(inner, depth + 1),
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
        // IMAP4rev1 only (RFC 3501 §6.4.4): NEW is RECENT UNSEEN, OLD is NOT RECENT.
        "RECENT" => Key::Recent,
        "NEW" => Key::And(vec![Key::Recent, Key::Flag(Flags::SEEN, false)]),
        "OLD" => Key::Not(Box::new(Key::Recent)),
        "KEYWORD" => Key::Keyword(text(arg())?, true),
        "UNKEYWORD" => Key::Keyword(text(arg())?, false),
        "SUBJECT" => Key::Text(TextField::Subject, text(arg())?),
        "FROM" => Key::Text(TextField::From, text(arg())?),
        "TO" => Key::Text(TextField::To, text(arg())?),
        "CC" => Key::Text(TextField::Cc, text(arg())?),
        "BODY" => Key::Text(TextField::Body, text(arg())?),
        "TEXT" => Key::Text(TextField::Any, text(arg())?),
        "BCC" => Key::Header("Bcc".into(), text(arg())?),
        "HEADER" => {
            let name = text(arg())?;
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && b != b':') {
                return Err(format!("{name:?} is not a header field name"));
            }
            Key::Header(name, text(arg())?)
        }
        "LARGER" => Key::Larger(number(arg())?),
        "SMALLER" => Key::Smaller(number(arg())?),
        "BEFORE" => Key::Before(date(arg())?),
        "ON" => Key::On(date(arg())?),
        "SINCE" => Key::Since(date(arg())?),
        "SENTBEFORE" => Key::SentBefore(date(arg())?),
        "SENTON" => Key::SentOn(date(arg())?),
        "SENTSINCE" => Key::SentSince(date(arg())?),
        // imapappend: RFC 8514 §4.2. Every mailbox keeps save dates.
        "SAVEDBEFORE" => Key::Saved(std::cmp::Ordering::Less, date(arg())?),
        "SAVEDON" => Key::Saved(std::cmp::Ordering::Equal, date(arg())?),
        "SAVEDSINCE" => Key::Saved(std::cmp::Ordering::Greater, date(arg())?),
        "SAVEDATESUPPORTED" => Key::All,
        "UID" => match arg() {
            Some(Token::Atom(a)) => Key::Uid(sequence::parse(a).ok_or("bad UID set")?),
            _ => return Err("UID needs a set".into()),
        },
        "MODSEQ" => Key::ModSeq(crate::condstore::search_modseq(tokens, i)?),
        // RFC 5032 §4: `"OLDER" SP nz-number`, `"YOUNGER" SP nz-number`.
        "OLDER" | "YOUNGER" => {
            let n = number(arg())?;
            if n == 0 {
                return Err(format!("{atom} needs a number of seconds above 0"));
            }
            if atom == "OLDER" {
                Key::Older(n)
            } else {
                Key::Younger(n)
            }
        }
        // RFC 8474 §6: `"EMAILID" SP objectid`, `"THREADID" SP objectid`.
        "EMAILID" | "THREADID" => {
            let id = text(arg())?;
            if id.is_empty()
                || id.len() > 255
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(format!("{id:?} is not an object id"));
            }
            if atom == "EMAILID" {
                Key::EmailId(id)
            } else {
                Key::ThreadId(id)
            }
        }
        "NOT" => Key::Not(Box::new(one(tokens, i, depth + 1)?)),
        "OR" => {
            let a = one(tokens, i, depth + 1)?;
            let b = one(tokens, i, depth + 1)?;
            Key::Or(Box::new(a), Box::new(b))
        }
        other => match sequence::parse(other) {
            Some(set) => Key::Seq(set),
            None => return Err(format!("unknown search key {other}")),
        },
    })
}

/// The text of one message that keys not answered by the index look at, read from its blob.
pub use storage::search::MessageText as BlobText;

/// What a key is checked against for one message.
pub struct Candidate<'a> {
    pub seq: u32,
    pub uid: u32,
    /// The message's metadata; `None` only when [`needs_info`] said no key looks at it.
    pub info: Option<&'a MessageInfo>,
    /// Header and body text, when [`needs_blob`] said a key looks at them.
    pub blob: Option<&'a BlobText>,
}

/// Whether some key looks at a message's metadata (flags, dates, size, header fields).
pub fn needs_info(key: &Key) -> bool {
    match key {
        // ALL looks at nothing: `SEARCH ALL` and `THREAD … ALL` on 100,000 messages read
        // no metadata (it took 250 ms to load it all).
        Key::All | Key::Seq(_) | Key::Uid(_) | Key::Found(_) | Key::Recent => false,
        Key::Not(k) => needs_info(k),
        Key::Or(a, b) => needs_info(a) || needs_info(b),
        Key::And(ks) => ks.iter().any(needs_info),
        _ => true,
    }
}

/// Whether some key must read the message itself: HEADER, BCC, and BODY/TEXT strings too
/// short for the index.
pub fn needs_blob(key: &Key) -> bool {
    match key {
        Key::Header(..) | Key::Text(TextField::Body | TextField::Any, _) => true,
        Key::Not(k) => needs_blob(k),
        Key::Or(a, b) => needs_blob(a) || needs_blob(b),
        Key::And(ks) => ks.iter().any(needs_blob),
        _ => false,
    }
}

fn contains(hay: Option<&str>, needle: &str) -> bool {
    hay.is_some_and(|h| search_form(h).contains(needle))
}

/// The day SENTBEFORE/SENTON/SENTSINCE compare: the Date: header's date "disregarding time and
/// timezone" (RFC 9051 §6.4.4), i.e. as written in the header, not converted to our zone.
/// A message without a Date: that can be read has none; RFC 9051 does not say what then, and
/// we answer as Dovecot does (and as RFC 5256 §2.2 sorts it): the earliest date, 1 January
/// 1970, so SENTBEFORE finds it and SENTSINCE a later day does not. A content whose blob was
/// lost before its day was computed falls back to its UTC Date in Vietnam time.
fn sent_day(info: &MessageInfo) -> i64 {
    let meta = &info.meta;
    meta.sent_day
        .or_else(|| meta.sent_date.map(storage::vn_day))
        .unwrap_or(0)
}

pub fn matches(key: &Key, c: &Candidate<'_>, largest_seq: u32, largest_uid: u32) -> bool {
    let day = |t: i64| storage::vn_day(t);
    let Some(info) = c.info else {
        // Only keys that need no metadata are asked without it (see `needs_info`).
        return match key {
            Key::All => true,
            Key::Seq(set) => set.contains(c.seq, largest_seq, &[]),
            Key::Uid(set) => set.contains(c.uid, largest_uid, &[]),
            Key::Found(uids) => uids.contains(&c.uid),
            // Replaced by the session's set before a search runs.
            Key::Recent => false,
            Key::Not(k) => !matches(k, c, largest_seq, largest_uid),
            Key::Or(a, b) => {
                matches(a, c, largest_seq, largest_uid) || matches(b, c, largest_seq, largest_uid)
            }
            Key::And(ks) => ks.iter().all(|k| matches(k, c, largest_seq, largest_uid)),
            _ => false,
        };
    };
    match key {
        Key::All => true,
        Key::Flag(f, want) => info.flags.contains(*f) == *want,
        Key::Keyword(k, want) => info.keywords.iter().any(|x| x.eq_ignore_ascii_case(k)) == *want,
        Key::Text(field, needle) => {
            let needle = search_form(needle);
            let m = &info.meta;
            let body = || c.blob.is_some_and(|b| b.body.contains(&needle));
            match field {
                TextField::Subject => contains(m.subject.as_deref(), &needle),
                TextField::From => contains(m.from.as_deref(), &needle),
                TextField::To => contains(m.to.as_deref(), &needle),
                TextField::Cc => contains(m.cc.as_deref(), &needle),
                TextField::Body => body(),
                // RFC 9051 §6.4.4: "in the header (including MIME header fields) or body".
                TextField::Any => c.blob.is_some_and(|b| b.header.contains(&needle)) || body(),
            }
        }
        Key::Header(name, needle) => {
            // RFC 9051 §6.4.4: an empty string matches every message that has the field.
            let needle = search_form(needle);
            c.blob.is_some_and(|b| {
                b.headers
                    .iter()
                    .any(|(n, v)| n.eq_ignore_ascii_case(name) && v.contains(&needle))
            })
        }
        Key::Larger(n) => info.size > *n,
        Key::Smaller(n) => info.size < *n,
        Key::Before(d) => day(info.internal_date) < *d,
        Key::On(d) => day(info.internal_date) == *d,
        Key::Since(d) => day(info.internal_date) >= *d,
        Key::SentBefore(d) => sent_day(info) < *d,
        Key::SentOn(d) => sent_day(info) == *d,
        Key::SentSince(d) => sent_day(info) >= *d,
        Key::Seq(set) => set.contains(c.seq, largest_seq, &[]),
        Key::Uid(set) => set.contains(c.uid, largest_uid, &[]),
        Key::Found(uids) => uids.contains(&c.uid),
        Key::Recent => false,
        // imapappend: replaced by the UIDs it matches before a search runs.
        Key::Saved(..) => false,
        Key::ModSeq(m) => info.modseq >= *m,
        Key::InternalBefore(t) => info.internal_date < *t,
        Key::InternalSince(t) => info.internal_date >= *t,
        Key::EmailId(id) => storage::thread::email_id(&info.blob) == *id,
        // Made absolute or answered before the search runs.
        Key::Older(_) | Key::Younger(_) | Key::ThreadId(_) => false,
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

    /// ALL reads no metadata: the search over a large mailbox loads nothing per message.
    #[test]
    fn all_needs_no_metadata() {
        assert!(!needs_info(&Key::All));
        assert!(needs_info(&Key::And(vec![Key::All, Key::Larger(1)])));
        let c = Candidate {
            seq: 1,
            uid: 1,
            info: None,
            blob: None,
        };
        assert!(matches(&Key::All, &c, 1, 1));
        assert!(!matches(&Key::Not(Box::new(Key::All)), &c, 1, 1));
    }

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
                        uid: m.uid,
                        info: Some(m),
                        blob: None,
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
    fn criteria_nested_too_deep_are_refused_not_a_stack_overflow() {
        let msgs = vec![info(1, "Giấy mời", Flags::SEEN)];
        // 5,000 NOTs, or ORs nested on the right, as an attacker sends them.
        let mut nots = vec![atom("NOT"); 5000];
        nots.push(atom("ALL"));
        assert!(parse(&nots).unwrap_err().contains("nested"));
        let mut ors = Vec::new();
        for _ in 0..5000 {
            ors.extend([atom("OR"), atom("ALL")]);
        }
        ors.push(atom("ALL"));
        assert!(parse(&ors).is_err());
        // Lists count too.
        let mut list = Token::List(vec![atom("ALL")]);
        for _ in 0..MAX_DEPTH {
            list = Token::List(vec![list]);
        }
        assert!(parse(&[list]).is_err());
        // Just within the limit, the tree is parsed, evaluated and dropped on a test
        // thread's stack (2 MiB, like the runtime's).
        let mut deep = vec![atom("NOT"); MAX_DEPTH - 2];
        deep.push(atom("SEEN"));
        assert_eq!(run(&deep, &msgs), [1]);
        let mut ors = Vec::new();
        for _ in 0..MAX_DEPTH - 1 {
            ors.extend([atom("OR"), atom("UNSEEN")]);
        }
        ors.push(atom("SEEN"));
        assert_eq!(run(&ors, &msgs), [1]);
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
        assert!(parse(&[]).is_err());
        assert!(parse(&[atom("HEADER"), q("X Bad:"), q("v")]).is_err());
        // \Recent is the session's: a search that was not given the set finds none.
        assert_eq!(run(&[atom("NEW")], &msgs), Vec::<u32>::new());
        assert!(parse(&[atom("SINCE"), atom("32-Foo-2026")]).is_err());
    }

    #[test]
    fn header_and_bcc_keys_read_the_message_headers() {
        let q = |s: &str| Token::Quoted(s.as_bytes().to_vec());
        let key = parse(&[
            atom("HEADER"),
            q("x-priority"),
            q("1"),
            atom("BCC"),
            q("Lê Văn"),
        ])
        .unwrap();
        let raw = "X-Priority: 1 (Highest)\r\nBcc: =?UTF-8?Q?L=C3=AA_V=C4=83n_B?= <lvb@danang.gov.vn>\r\n\r\nx\r\n";
        let blob = storage::search::message_text(raw.as_bytes());
        let message = info(3, "x", Flags::default());
        let c = |blob| Candidate {
            seq: 1,
            uid: 3,
            info: Some(&message),
            blob,
        };
        assert!(matches(&key, &c(Some(&blob)), 1, 3));
        let other = BlobText::default();
        assert!(!matches(&key, &c(Some(&other)), 1, 3));
        // An empty string finds every message that has the field.
        let any = parse(&[atom("HEADER"), q("X-PRIORITY"), q("")]).unwrap();
        assert!(matches(&any, &c(Some(&blob)), 1, 3));
        assert!(!matches(&any, &c(Some(&other)), 1, 3));
        assert!(needs_blob(&key) && !needs_blob(&parse(&[atom("SUBJECT"), q("x")]).unwrap()));
    }

    /// RFC 9051 §6.4.4: the Date: header's date as written, "disregarding time and timezone";
    /// no Date: is the earliest date, as Dovecot answers.
    #[test]
    fn sent_keys_compare_the_day_as_written() {
        let with = |date: Option<&str>| {
            let raw = match date {
                Some(d) => format!("Date: {d}\r\nSubject: x\r\n\r\nx\r\n"),
                None => "Subject: x\r\n\r\nx\r\n".to_string(),
            };
            let mut m = info(1, "x", Flags::default());
            m.meta = storage::MessageMeta::parse(raw.as_bytes());
            m
        };
        // 23:30 on 1 November in California is 2 November in UTC and in Vietnam.
        let west = with(Some("Sun, 01 Nov 2026 23:30:00 -0800"));
        // 00:30 on 2 November in Tokyo is still 1 November in UTC.
        let east = with(Some("Mon, 02 Nov 2026 00:30:00 +0900"));
        let none = with(None);
        let one =
            |criteria: &[Token], m: &MessageInfo| run(criteria, std::slice::from_ref(m)).len() == 1;
        let on = |d: &str| [atom("SENTON"), atom(d)];
        assert!(one(&on("1-Nov-2026"), &west) && !one(&on("2-Nov-2026"), &west));
        assert!(one(&on("2-Nov-2026"), &east) && !one(&on("1-Nov-2026"), &east));
        assert!(one(&[atom("SENTBEFORE"), atom("2-Nov-2026")], &west));
        assert!(!one(&[atom("SENTBEFORE"), atom("2-Nov-2026")], &east));
        assert!(one(&[atom("SENTSINCE"), atom("2-Nov-2026")], &east));
        assert!(!one(&[atom("SENTSINCE"), atom("2-Nov-2026")], &west));
        assert!(one(&[atom("SENTBEFORE"), atom("1-Jan-1971")], &none));
        assert!(!one(&[atom("SENTSINCE"), atom("1-Jan-1971")], &none));
    }

    /// TEXT looks in every header field (names included) and the body, not only the fields
    /// the index keeps separately (RFC 9051 §6.4.4).
    #[test]
    fn text_matches_any_header_field() {
        let q = |s: &str| Token::Quoted(s.as_bytes().to_vec());
        let raw = "From: a@x.gov.vn\r\nX-So-Hieu: =?UTF-8?Q?S=E1=BB=91_12?=\r\n\r\nNo\r\n";
        let blob = storage::search::message_text(raw.as_bytes());
        let message = info(3, "x", Flags::default());
        let c = Candidate {
            seq: 1,
            uid: 3,
            info: Some(&message),
            blob: Some(&blob),
        };
        for needle in ["12", "so", "x-", "No", ":"] {
            let key = parse(&[atom("TEXT"), q(needle)]).unwrap();
            assert!(needs_blob(&key));
            assert!(matches(&key, &c, 1, 3), "{needle}");
        }
        let key = parse(&[atom("TEXT"), q("zz")]).unwrap();
        assert!(!matches(&key, &c, 1, 3));
    }
}
