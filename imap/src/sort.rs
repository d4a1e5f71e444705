//! SORT (RFC 5256 §3) with DISPLAYFROM/DISPLAYTO (RFC 5957): sort criteria, the base subject
//! of §2.1, and the ordering of messages that matched a search.
//!
//! Strings compare after folding case and Vietnamese diacritics ("Ánh" sorts with "Anh"),
//! then by the original text; for ASCII this is the i;ascii-casemap order RFC 5256 asks for.
//! Messages equal on every criterion keep sequence order (§3, last paragraph).

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
    Text(String, String),
}

fn text(s: &str) -> Value {
    Value::Text(storage::text::fold_for_search(s), s.to_string())
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
        a.1.cmp(&b.1)
    });
    keyed
        .into_iter()
        .map(|(_, seq, info)| (seq, info))
        .collect()
}

fn value(key: Key, info: &MessageInfo) -> Value {
    let meta = &info.meta;
    match key {
        Key::Arrival => Value::Number(info.internal_date),
        // §3: the Date header, else the internal date.
        Key::Date => Value::Number(meta.sent_date.unwrap_or(info.internal_date)),
        Key::Size => Value::Number(info.size as i64),
        Key::Subject => text(&base_subject(meta.subject.as_deref().unwrap_or(""))),
        Key::From => text(&first_mailbox(meta.from.as_deref())),
        Key::To => text(&first_mailbox(meta.to.as_deref())),
        Key::Cc => text(&first_mailbox(meta.cc.as_deref())),
        Key::DisplayFrom => text(&first_display(meta.from.as_deref())),
        Key::DisplayTo => text(&first_display(meta.to.as_deref())),
    }
}

/// The first address of a stored list ("Name <local@host>, …" or "local@host, …").
fn first_address(list: Option<&str>) -> (Option<&str>, &str) {
    let Some(first) = list.and_then(|l| split_addresses(l).next()) else {
        return (None, "");
    };
    match (first.rfind('<'), first.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            let name = first[..open].trim().trim_matches('"').trim();
            let name = (!name.is_empty()).then_some(name);
            (name, first[open + 1..close].trim())
        }
        _ => (None, first.trim()),
    }
}

/// Splits at commas outside quotes and angle brackets.
fn split_addresses(list: &str) -> impl Iterator<Item = &str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut angle) = (0, false, false);
    for (i, c) in list.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty())
}

/// RFC 5256 §3 FROM/TO/CC: the local part (addr-mailbox) of the first address.
fn first_mailbox(list: Option<&str>) -> String {
    let (_, address) = first_address(list);
    address
        .rsplit_once('@')
        .map_or(address, |(local, _)| local)
        .to_string()
}

/// RFC 5957 DISPLAYFROM/DISPLAYTO: the display name of the first address, else its address.
fn first_display(list: Option<&str>) -> String {
    match first_address(list) {
        (Some(name), _) => name.to_string(),
        (None, address) => address.to_string(),
    }
}

/// Reply and forward markers clients put before a subject: the RFC's "re" and "fw(d)", and
/// the Vietnamese ones of localized Outlook and Thunderbird ("TL" trả lời, "CT" chuyển tiếp).
const MARKERS: &[&str] = &["re", "fwd", "fw", "tl", "ct", "aw", "sv"];

/// The base subject of RFC 5256 §2.1 (the subject is already RFC 2047-decoded at delivery).
pub fn base_subject(subject: &str) -> String {
    // (1) Collapse whitespace.
    let mut s: String = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        // (2) Remove trailing "(fwd)" and whitespace, repeatedly.
        loop {
            let trimmed = s.trim_end();
            let lower = trimmed.to_ascii_lowercase();
            if let Some(rest) = lower.strip_suffix("(fwd)") {
                s = trimmed[..rest.len()].to_string();
            } else {
                s = trimmed.to_string();
                break;
            }
        }
        // (3)-(5) Remove leading "subj-leader"s: [blob] and re/fwd markers, repeatedly.
        loop {
            let before = s.len();
            s = strip_leader(&s);
            if s.len() == before {
                break;
            }
        }
        // (6) "[fwd: ... ]" wraps the whole subject: unwrap and start over.
        if s.get(..5).is_some_and(|h| h.eq_ignore_ascii_case("[fwd:")) && s.ends_with(']') {
            s = s[5..s.len() - 1].trim().to_string();
            continue;
        }
        return s;
    }
}

/// Removes one leading blob ("[…] ") or marker ("Re: ", "Fwd[2]: ") if there is one, keeping
/// a blob that is the whole rest of the subject (§2.1 step 4).
fn strip_leader(s: &str) -> String {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('[')
        && let Some(close) = rest.find(']')
        && !rest[..close].contains('[')
    {
        let after = rest[close + 1..].trim_start();
        if !after.is_empty() {
            return after.to_string();
        }
    }
    for marker in MARKERS {
        // `get` is None off a character boundary; the markers are ASCII.
        let Some(head) = t.get(..marker.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(marker) {
            continue;
        }
        let mut rest = t[marker.len()..].trim_start();
        // An optional blob between marker and colon: "Re[2]:".
        if let Some(inner) = rest.strip_prefix('[')
            && let Some(close) = inner.find(']')
        {
            rest = inner[close + 1..].trim_start();
        }
        if let Some(after) = rest.strip_prefix(':') {
            return after.trim_start().to_string();
        }
    }
    t.to_string()
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> crate::session::Session<S> {
    /// SORT and UID SORT (RFC 5256 §3): answered with `* SORT` and the numbers in order.
    pub(crate) async fn sort(
        &mut self,
        by_uid: bool,
        criteria: Vec<Criterion>,
        key: crate::search::Key,
    ) -> Result<crate::error::Done, crate::error::ImapError> {
        let view = self.view()?;
        let (owner, id, known) = (view.owner, view.id, view.uids.clone());
        let key = crate::search_run::with_recent(key, &view.recent);
        let with_modseq = crate::condstore::mentions_modseq(&key);
        if with_modseq {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let store = self.imap.store.clone();
        let (order, highest) = crate::error::blocking("SORT failed", move || {
            let hits = crate::search_run::run(&store, owner, id, &known, key, true)?;
            let highest = hits
                .iter()
                .filter_map(|h| h.info.as_ref().map(|i| i.modseq))
                .max();
            let hits = hits
                .iter()
                .filter_map(|h| Some((h.seq, h.info.as_ref()?)))
                .collect();
            let order = sort(&criteria, hits)
                .into_iter()
                .map(|(seq, info)| if by_uid { info.uid } else { seq })
                .collect::<Vec<u32>>();
            Ok((order, highest))
        })
        .await?;
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

    #[test]
    fn base_subjects() {
        for (subject, base) in [
            ("Giấy mời họp", "Giấy mời họp"),
            ("Re: Giấy mời họp", "Giấy mời họp"),
            ("RE: Fwd: re:  Giấy   mời họp (fwd)", "Giấy mời họp"),
            ("Re[2]: Báo cáo tuần", "Báo cáo tuần"),
            ("[UBND] Re: Báo cáo tuần", "Báo cáo tuần"),
            ("TL: CT: Lịch công tác tuần 48", "Lịch công tác tuần 48"),
            ("[Fwd: Kế hoạch năm 2027]", "Kế hoạch năm 2027"),
            ("[chỉ có khối]", "[chỉ có khối]"),
            ("Real estate", "Real estate"),
            ("", ""),
        ] {
            assert_eq!(base_subject(subject), base, "{subject:?}");
        }
    }

    #[test]
    fn first_addresses() {
        let list = Some("\"Nguyễn, Văn An\" <annv@qn.gov.vn>, b@x.vn");
        assert_eq!(first_mailbox(list), "annv");
        assert_eq!(first_display(list), "Nguyễn, Văn An");
        assert_eq!(first_display(Some("b@x.vn")), "b@x.vn");
        assert_eq!(first_mailbox(None), "");
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
            info(4, "Anh hùng", "an <an@x.vn>", 10, 300),
        ];
        let input = || {
            msgs.iter()
                .enumerate()
                .map(|(i, m)| (i as u32 + 1, m))
                .collect()
        };
        let seqs = |c: &[Criterion]| -> Vec<u32> { sort(c, input()).iter().map(|m| m.0).collect() };
        let c = |key, reverse| Criterion { key, reverse };
        // "Anh" and "anh" fold together (then by original text); "Ánh" folds to "anh".
        assert_eq!(seqs(&[c(Key::Subject, false)]), [4, 2, 1, 3]);
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
