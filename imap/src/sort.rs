//! SORT (RFC 5256 §3) with DISPLAYFROM/DISPLAYTO (RFC 5957): sort criteria, the base subject
//! of §2.1, and the ordering of messages that matched a search.
//!
//! Strings are compared in the i;unicode-casemap collation (RFC 5051), as RFC 5256 §7 requires
//! of SORT: each character titlecased and decomposed, then the octets compared. "Anh" and "anh"
//! are equal, "Ánh" sorts right after them (A + combining acute), "Đ" after "Z". Messages equal
//! on every criterion keep sequence order (§3: "an implicit sort criterion of sequence
//! number"). SEARCH stays more lenient (diacritics ignored, see `search`), which is why we do
//! not advertise I18NLEVEL=1 (RFC 5255 §4.4 would ask i;unicode-casemap of SEARCH too).

use std::cmp::Ordering;

use storage::MessageInfo;

use crate::wire::Token;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Arrival,
    Cc,
    Date,
    From,
    Size,
    Subject,
    To,
    DisplayFrom,
    DisplayTo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    pub key: Key,
    pub reverse: bool,
}

/// Parses the parenthesized sort criteria, e.g. `(REVERSE DATE SUBJECT)`.
pub fn parse(token: &Token) -> Result<Vec<Criterion>, String> {
    let Token::List(items) = token else {
        return Err("SORT needs a parenthesized list of sort criteria".into());
    };
    let mut criteria = Vec::new();
    let mut reverse = false;
    for item in items {
        let Token::Atom(word) = item else {
            return Err("sort criteria are atoms such as DATE or REVERSE".into());
        };
        let key = match word.to_ascii_uppercase().as_str() {
            "REVERSE" if !reverse => {
                reverse = true;
                continue;
            }
            "ARRIVAL" => Key::Arrival,
            "CC" => Key::Cc,
            "DATE" => Key::Date,
            "FROM" => Key::From,
            "SIZE" => Key::Size,
            "SUBJECT" => Key::Subject,
            "TO" => Key::To,
            "DISPLAYFROM" => Key::DisplayFrom,
            "DISPLAYTO" => Key::DisplayTo,
            other => return Err(format!("unknown sort criterion {other}")),
        };
        criteria.push(Criterion { key, reverse });
        reverse = false;
    }
    if reverse || criteria.is_empty() {
        return Err("SORT criteria must name at least one key, and REVERSE needs a key".into());
    }
    Ok(criteria)
}

/// The sort value of one message for one key, computed once per message.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Number(i64),
    /// A string in i;unicode-casemap form: compared as octets.
    Text(String),
}

fn text(s: &str) -> Value {
    Value::Text(casemap(s))
}

/// i;unicode-casemap (RFC 5051), with a fast path for ASCII, where titlecasing is
/// uppercasing and decomposition changes nothing: the same result, without the per-character
/// Unicode tables (it was most of THREAD's and SORT SUBJECT's time on 100,000 messages).
fn casemap(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_uppercase()
    } else {
        storage::text::unicode_casemap(s)
    }
}

/// Sorts `messages` (sequence number, info), returning them in order.
pub fn sort<'a>(
    criteria: &[Criterion],
    messages: Vec<(u32, &'a MessageInfo)>,
) -> Vec<(u32, &'a MessageInfo)> {
    let mut keyed: Vec<(Vec<Value>, u32, &MessageInfo)> = messages
        .into_iter()
        .map(|(seq, info)| {
            let values = criteria.iter().map(|c| value(c.key, info)).collect();
            (values, seq, info)
        })
        .collect();
    keyed.sort_by(|a, b| {
        for (i, c) in criteria.iter().enumerate() {
            let order = a.0[i].cmp(&b.0[i]);
            let order = if c.reverse { order.reverse() } else { order };
            if order != Ordering::Equal {
                return order;
            }
        }
        // RFC 5256 §3: the implicit last criterion, never reversed.
        a.1.cmp(&b.1)
    });
    keyed
        .into_iter()
        .map(|(_, seq, info)| (seq, info))
        .collect()
}

fn value(key: Key, info: &MessageInfo) -> Value {
    let meta = &info.meta;
    // RFC 5256 §3: an absent header sorts as the empty string, before every other.
    let first = |list: &Option<String>| first_address(list.as_deref().unwrap_or(""));
    match key {
        Key::Arrival => Value::Number(info.internal_date),
        // §2.2: the Date header in UTC, else the internal date.
        Key::Date => Value::Number(meta.sent_date.unwrap_or(info.internal_date)),
        Key::Size => Value::Number(info.size as i64),
        Key::Subject => text(&base_subject(meta.subject.as_deref().unwrap_or(""))),
        Key::From => text(&first(&meta.from).mailbox),
        Key::To => text(&first(&meta.to).mailbox),
        Key::Cc => text(&first(&meta.cc).mailbox),
        Key::DisplayFrom => text(&first(&meta.from).display()),
        Key::DisplayTo => text(&first(&meta.to).display()),
    }
}

/// The parts of an IMAP address structure (RFC 9051 §7.5.2) that SORT looks at. A group's
/// start marker is an address too: no name, the group's name as mailbox, no host.
#[derive(Debug, Default, PartialEq, Eq)]
struct Addr {
    name: String,
    mailbox: String,
    host: String,
}

impl Addr {
    /// RFC 5957 §3: the display name if not empty, else mailbox@host, else the mailbox.
    fn display(&self) -> String {
        match (self.name.is_empty(), self.host.is_empty()) {
            (false, _) => self.name.clone(),
            (true, false) => format!("{}@{}", self.mailbox, self.host),
            (true, true) => self.mailbox.clone(),
        }
    }
}

/// The first address of an address field as storage keeps it (`Name <local@host>`,
/// `<local@host>`, `"Quoted, Name" <…>`, `Group: …;`; older rows: `local@host`).
///
/// RFC 5256 §3 sorts FROM/TO/CC on "[IMAP] addr-mailbox of the first address" and RFC 5957 §3
/// DISPLAYFROM/DISPLAYTO on the first address structure; for `To: Phòng Tổng hợp: a@x, b@y;`
/// the first address structure of the envelope is the group's start marker, whose
/// addr-mailbox is the group name (RFC 9051 §7.5.2), so the group name is the sort value, as
/// Dovecot also sorts (Dovecot compares the name still RFC 2047-encoded; we decode it, as RFC
/// 5256 §7 asks of strings).
fn first_address(list: &str) -> Addr {
    let mut phrase = String::new();
    let mut chars = list.trim_start().chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' => quoted = false,
                '\\' => phrase.extend(chars.next()),
                _ => phrase.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ':' => {
                return Addr {
                    mailbox: phrase.trim().to_string(),
                    ..Addr::default()
                };
            }
            '<' => {
                let spec: String = chars.take_while(|&c| c != '>').collect();
                return Addr {
                    name: phrase.trim().to_string(),
                    ..split_spec(spec.trim())
                };
            }
            ',' => break,
            _ => phrase.push(c),
        }
    }
    // No angle brackets: a bare addr-spec (rows stored before migration 13), or a name alone.
    let phrase = phrase.trim();
    if phrase.contains('@') {
        split_spec(phrase)
    } else {
        Addr {
            name: phrase.to_string(),
            ..Addr::default()
        }
    }
}

fn split_spec(spec: &str) -> Addr {
    match spec.rsplit_once('@') {
        Some((mailbox, host)) => Addr {
            mailbox: mailbox.to_string(),
            host: host.to_string(),
            ..Addr::default()
        },
        None => Addr {
            mailbox: spec.to_string(),
            ..Addr::default()
        },
    }
}

/// The base subject of RFC 5256 §2.1, steps (1) to (7), from a subject already decoded from
/// RFC 2047 at delivery (step 1's first half).
///
/// Only the RFC's "re", "fw" and "fwd" are reply/forward markers: §7 leaves translations out
/// on purpose, so localized ones ("TL:", "Trả lời:", "Chuyển tiếp:", "AW:") stay part of the
/// base subject here. THREAD treats the Vietnamese ones as replies: see [`thread_subject`].
pub fn base_subject(subject: &str) -> String {
    base_subject_of(subject, false).0
}

/// The Vietnamese reply and forward markers THREAD takes as "Re:" and "Fwd:" (issue 24): what
/// Vietnamese mail clients and webmails write ("Trả lời" is "reply", "TL" its short form,
/// "Chuyển tiếp" is "forward"), with and without diacritics. Compared case-insensitively.
const VIETNAMESE_REFWD: &[&str] = &["trả lời", "tra loi", "chuyển tiếp", "chuyen tiep", "tl"];

/// The base subject THREAD compares (RFC 5256 §2.1, with the Vietnamese markers of
/// [`VIETNAMESE_REFWD`] as subj-refwd), in i;unicode-casemap form, and whether the subject
/// marked a reply or forward (a subj-refwd, a "(fwd)" trailer or a "[fwd: …]" wrapper was
/// removed): REFERENCES step 5 (RFC 5256 §4) needs to know.
pub fn thread_subject(subject: &str) -> (String, bool) {
    let (base, reply) = base_subject_of(subject, true);
    (casemap(&base), reply)
}

fn base_subject_of(subject: &str, localized: bool) -> (String, bool) {
    let mut reply = false;
    // (1) Tabs and continuations become spaces, runs of spaces one space.
    let mut s = String::with_capacity(subject.len());
    for c in subject.chars() {
        let c = if matches!(c, '\t' | '\r' | '\n') {
            ' '
        } else {
            c
        };
        if !(c == ' ' && s.ends_with(' ')) {
            s.push(c);
        }
    }
    let mut s = s.as_str();
    loop {
        // (2) Trailers: "(fwd)" and white space, as long as there are any.
        loop {
            let t = s.trim_end_matches([' ', '\t']);
            match strip_suffix_ignore_case(t, "(fwd)") {
                Some(rest) => {
                    s = rest;
                    reply = true;
                }
                None => {
                    s = t;
                    break;
                }
            }
        }
        // (3)-(5) Leaders ("Re:", "[blob] Fwd[2]:", white space), then a leading blob that
        // leaves a non-empty base, until neither is left.
        loop {
            if let Some((rest, refwd)) = subj_leader(s, localized) {
                s = rest;
                reply |= refwd;
            } else if let Some(rest) = subj_blob(s).filter(|rest| !rest.is_empty()) {
                s = rest;
            } else {
                break;
            }
        }
        // (6) "[fwd: …]" around the whole: unwrap and start again from (2).
        if let Some(inner) = strip_prefix_ignore_case(s, "[fwd:")
            && let Some(inner) = inner.strip_suffix(']')
        {
            s = inner;
            reply = true;
            continue;
        }
        // (7)
        return (s.to_string(), reply);
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    // `get` is None off a character boundary; the prefixes are ASCII.
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `s` without `prefix` (lower case), compared character by character in lower case: for the
/// Vietnamese markers, whose letters are not ASCII.
fn strip_prefix_fold<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.char_indices();
    for want in prefix.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(want.to_lowercase()) {
            return None;
        }
    }
    let at = rest.next().map_or(s.len(), |(i, _)| i);
    Some(&s[at..])
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..at])
}

fn skip_wsp(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// `subj-blob = "[" *BLOBCHAR "]" *WSP`: what follows a blob at the start of `s`.
fn subj_blob(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find([']', '['])?;
    inner[close..].strip_prefix(']').map(skip_wsp)
}

/// `subj-leader = (*subj-blob subj-refwd) / WSP`: what follows one leader at the start of
/// `s`, if there is one, and whether it was a subj-refwd. Every branch consumes at least one
/// character.
fn subj_leader(s: &str, localized: bool) -> Option<(&str, bool)> {
    if s.starts_with([' ', '\t']) {
        return Some((skip_wsp(s), false));
    }
    let mut rest = s;
    while let Some(after) = subj_blob(rest) {
        rest = after;
    }
    subj_refwd(rest, localized).map(|rest| (rest, true))
}

/// `subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"`; with `localized`, the markers of
/// [`VIETNAMESE_REFWD`] too.
fn subj_refwd(s: &str, localized: bool) -> Option<&str> {
    let rest = strip_prefix_ignore_case(s, "re")
        .or_else(|| strip_prefix_ignore_case(s, "fwd"))
        .or_else(|| strip_prefix_ignore_case(s, "fw"))
        .or_else(|| {
            localized
                .then(|| {
                    VIETNAMESE_REFWD
                        .iter()
                        .find_map(|marker| strip_prefix_fold(s, marker))
                })
                .flatten()
        })?;
    let rest = skip_wsp(rest);
    let rest = subj_blob(rest).unwrap_or(rest);
    // "fwd" tried before "fw" cannot hide "fw" + ":": "fwd" needs a "d" where "fw:" has ":".
    rest.strip_prefix(':')
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> crate::session::Session<S> {
    /// SORT and UID SORT (RFC 5256 §3): answered with `* SORT` and the numbers in order; with
    /// RETURN (ESORT, CONTEXT=SORT: RFC 5267 §3, §4) with `* ESEARCH` (see `esearch`).
    pub(crate) async fn sort(
        &mut self,
        tag: &str,
        by_uid: bool,
        returns: Option<crate::esearch::Returns>,
        criteria: Vec<Criterion>,
        key: crate::search::Key,
    ) -> Result<crate::error::Done, crate::error::ImapError> {
        let view = self.view()?;
        let (owner, id, known) = (view.owner, view.id, view.uids.clone());
        if let Some(r) = &returns {
            self.check_context_room(tag, r)?;
        }
        let with_modseq = crate::condstore::mentions_modseq(&key);
        let kept = returns
            .as_ref()
            .is_some_and(|r| r.update)
            .then(|| key.clone());
        let key = match self.prepare_key(key) {
            Ok(key) => key,
            Err(e) => {
                self.forget_saved(&returns);
                return Err(e);
            }
        };
        let store = self.imap.store.clone();
        let kept_criteria = criteria.clone();
        let sorted = crate::error::blocking("SORT failed", move || {
            let hits = crate::search_run::run(&store, owner, id, &known, key, true)?;
            let highest = hits
                .iter()
                .filter_map(|h| h.info.as_ref().map(|i| i.modseq))
                .max();
            let hits = hits
                .iter()
                .filter_map(|h| Some((h.seq, h.info.as_ref()?)))
                .collect();
            let (order, uids): (Vec<u32>, Vec<u32>) = sort(&criteria, hits)
                .into_iter()
                .map(|(seq, info)| (if by_uid { info.uid } else { seq }, info.uid))
                .unzip();
            Ok((order, uids, highest))
        })
        .await;
        let (order, uids, highest) = match sorted {
            Ok(sorted) => sorted,
            Err(e) => {
                self.forget_saved(&returns);
                return Err(e);
            }
        };
        if let Some(returns) = returns {
            // RFC 7162 §3.1.9 with RFC 4731's form: the highest MODSEQ found.
            let modseq = highest.filter(|_| with_modseq && !order.is_empty());
            self.answer_esearch(
                tag,
                by_uid,
                &returns,
                &order,
                &uids,
                Some(kept_criteria),
                kept,
                modseq,
            );
            return Ok(crate::error::Done::default());
        }
        let mut line = String::from("* SORT");
        for n in order {
            line.push(' ');
            line.push_str(&n.to_string());
        }
        // RFC 7162 §3.1.9: like SEARCH, the highest MODSEQ of the messages found.
        if let Some(m) = highest.filter(|_| with_modseq) {
            line.push_str(&format!(" (MODSEQ {m})"));
        }
        line.push_str("\r\n");
        self.output.extend_from_slice(line.as_bytes());
        Ok(crate::error::Done::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 5256 §2.1, rule by rule, with the RFC's own artifacts and Vietnamese subjects.
    /// Each case was also sorted by Dovecot 2.3.19 with the same result.
    #[test]
    fn base_subjects() {
        for (subject, base) in [
            ("Giấy mời họp", "Giấy mời họp"),
            // (1) white space runs and tabs become one space; leading and trailing go.
            ("  Giấy \t  mời\r\n họp  ", "Giấy mời họp"),
            // (3) subj-refwd, any case, white space and a blob allowed before the colon.
            ("Re: Giấy mời họp", "Giấy mời họp"),
            ("RE: Fwd: re:  Giấy   mời họp", "Giấy mời họp"),
            ("Fw: RE: báo cáo", "báo cáo"),
            ("Re[2]: Báo cáo tuần", "Báo cáo tuần"),
            ("re:   Re[2]  :  x", "x"),
            ("Re : x", "x"),
            ("Re:Fwd[3]:x", "x"),
            // A blob before a marker goes with it (subj-leader = *subj-blob subj-refwd).
            ("[UBND] Re: Báo cáo tuần", "Báo cáo tuần"),
            ("[a] [b] Fwd: x", "x"),
            // (4) a leading blob goes when something is left, repeatedly; not the last one.
            ("[UBND] Báo cáo", "Báo cáo"),
            ("Re: [a] [b] đơn", "đơn"),
            ("Fwd: Re: [] hello", "hello"),
            ("Re: [a][b]", "[b]"),
            ("[chỉ có khối]", "[chỉ có khối]"),
            ("[a [b] x", "[a [b] x"),
            // (2) trailing "(fwd)" and white space, repeatedly.
            ("Báo cáo (fwd)", "Báo cáo"),
            ("Báo cáo (FWD) (fwd)  ", "Báo cáo"),
            ("[UBND] Re: Báo cáo (fwd)", "Báo cáo"),
            ("Re:  (fwd) ", ""),
            // (6) "[fwd: …]" around everything, then from (2) again.
            ("[Fwd: Kế hoạch năm 2027]", "Kế hoạch năm 2027"),
            ("Re: [fwd: Anh hùng]", "Anh hùng"),
            ("[fwd: [fwd: Đơn] ] (fwd)", "Đơn"),
            ("[x] [fwd: y]", "y"),
            ("Re: [fwd: ]", ""),
            ("[fwd: Re: x (fwd)]", "x"),
            // Not markers: words that start like one, and translations (RFC 5256 §7).
            ("Real estate", "Real estate"),
            ("Fwdx: y", "Fwdx: y"),
            ("Re", "Re"),
            ("TL: Báo cáo", "TL: Báo cáo"),
            ("Trả lời: Báo cáo", "Trả lời: Báo cáo"),
            ("Chuyển tiếp: Báo cáo", "Chuyển tiếp: Báo cáo"),
            ("AW: Bericht", "AW: Bericht"),
            ("", ""),
            ("   ", ""),
        ] {
            assert_eq!(base_subject(subject), base, "{subject:?}");
        }
    }

    /// THREAD's base subject (issue 24): the Vietnamese markers count as "Re:" and "Fwd:",
    /// with or without diacritics, in any case, mixed with the RFC's; and whether the subject
    /// marked a reply or forward.
    #[test]
    fn thread_subjects_know_vietnamese_replies() {
        let base = |s: &str| thread_subject(s);
        let plain = storage::text::unicode_casemap("Báo cáo");
        for subject in [
            "TL: Báo cáo",
            "tl : Báo cáo",
            "Trả lời: Báo cáo",
            "TRẢ LỜI: Báo cáo",
            "Tra loi: Báo cáo",
            "Chuyển tiếp: Re: Báo cáo",
            "chuyen tiep: [UBND] TL: Báo cáo",
            "Fwd: Trả lời[2]: Báo cáo",
            "Báo cáo (fwd)",
            "[Fwd: Báo cáo]",
        ] {
            assert_eq!(base(subject), (plain.clone(), true), "{subject:?}");
        }
        assert_eq!(base("Báo cáo"), (plain.clone(), false));
        assert_eq!(base("[UBND] Báo cáo"), (plain, false));
        // Words that only begin like a marker are not one.
        assert!(!base("TLS: cấu hình").1);
        assert!(!base("Trả lời công văn").1);
        // SORT keeps them (RFC 5256 §7).
        assert_eq!(base_subject("TL: Báo cáo"), "TL: Báo cáo");
    }

    /// The ASCII fast path gives what the full i;unicode-casemap gives.
    #[test]
    fn ascii_casemap_is_the_full_one() {
        for s in [
            "bigbox message 7 xyz",
            "Re: [UBND] a-b_c (fwd)",
            "",
            "~!@#$%^&*()\t",
        ] {
            assert_eq!(casemap(s), storage::text::unicode_casemap(s), "{s:?}");
        }
        assert_eq!(casemap("Ánh"), storage::text::unicode_casemap("Ánh"));
    }

    #[test]
    fn first_addresses_follow_the_envelope() {
        let a = |list: &str| first_address(list);
        let quoted = a("\"Nguyễn, Văn An\" <annv@qn.gov.vn>, <b@x.vn>");
        assert_eq!(quoted.mailbox, "annv");
        assert_eq!(quoted.display(), "Nguyễn, Văn An");
        assert_eq!(a("<b@x.vn>").display(), "b@x.vn");
        assert_eq!(a("Lan <lan@x.vn>").mailbox, "lan");
        // A group's start marker is the first address: its name is the addr-mailbox.
        let group = a("Phòng Tổng hợp: Lan <lan@x.gov.vn>, <binh@y.gov.vn>;");
        assert_eq!(group.mailbox, "Phòng Tổng hợp");
        assert_eq!(group.display(), "Phòng Tổng hợp");
        assert_eq!(
            a("undisclosed-recipients:;").mailbox,
            "undisclosed-recipients"
        );
        assert_eq!(a("\"Ban: A\": <x@y>;").mailbox, "Ban: A");
        // Rows stored before migration 13.
        assert_eq!(a("b@x.vn, c@x.vn").mailbox, "b");
        assert_eq!(a("").display(), "");
        assert_eq!(a("\"unterminated <x@y>").display(), "unterminated <x@y>");
    }

    #[test]
    fn criteria() {
        let parsed = parse(&Token::List(vec![
            Token::Atom("REVERSE".into()),
            Token::Atom("date".into()),
            Token::Atom("SUBJECT".into()),
        ]))
        .unwrap();
        assert_eq!(
            parsed,
            [
                Criterion {
                    key: Key::Date,
                    reverse: true
                },
                Criterion {
                    key: Key::Subject,
                    reverse: false
                }
            ]
        );
        for bad in [
            vec![],
            vec![Token::Atom("REVERSE".into())],
            vec![Token::Atom("COLOR".into())],
            vec![
                Token::Atom("REVERSE".into()),
                Token::Atom("REVERSE".into()),
                Token::Atom("DATE".into()),
            ],
        ] {
            assert!(parse(&Token::List(bad)).is_err());
        }
        assert!(parse(&Token::Atom("DATE".into())).is_err());
    }

    fn info(uid: u32, subject: &str, from: &str, date: i64, size: u64) -> MessageInfo {
        MessageInfo {
            uid,
            flags: Default::default(),
            keywords: Vec::new(),
            modseq: 1,
            internal_date: 1_000 + i64::from(uid),
            size,
            blob: String::new(),
            structure: None,
            meta: storage::MessageMeta {
                subject: Some(subject.into()),
                from: Some(from.into()),
                sent_date: Some(date),
                ..Default::default()
            },
        }
    }

    #[test]
    fn orders_by_criteria_then_sequence() {
        let msgs = [
            info(1, "Re: Ánh sáng", "Zed <z@x.vn>", 30, 500),
            info(2, "anh hùng", "an <an@x.vn>", 10, 100),
            info(3, "Báo cáo", "Bình <binh@x.vn>", 20, 100),
            info(4, "Anh hùng", "An <An@x.vn>", 10, 300),
        ];
        let input = || {
            msgs.iter()
                .enumerate()
                .map(|(i, m)| (i as u32 + 1, m))
                .collect()
        };
        let seqs = |c: &[Criterion]| -> Vec<u32> { sort(c, input()).iter().map(|m| m.0).collect() };
        let c = |key, reverse| Criterion { key, reverse };
        // i;unicode-casemap: "Anh" and "anh" are equal (sequence order); "Ánh" is "A" and a
        // combining acute, after "Anh".
        assert_eq!(seqs(&[c(Key::Subject, false)]), [2, 4, 1, 3]);
        assert_eq!(
            seqs(&[c(Key::Subject, true)]),
            [3, 1, 2, 4],
            "ties never reversed"
        );
        assert_eq!(
            seqs(&[c(Key::Date, false)]),
            [2, 4, 3, 1],
            "ties keep sequence order"
        );
        assert_eq!(
            seqs(&[c(Key::Size, true), c(Key::Date, false)]),
            [1, 4, 2, 3]
        );
        assert_eq!(
            seqs(&[c(Key::From, false), c(Key::Arrival, true)]),
            [4, 2, 3, 1]
        );
        assert_eq!(seqs(&[c(Key::DisplayFrom, false)]), [2, 4, 3, 1]);
    }
}
