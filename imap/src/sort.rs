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
use storage::sort_keys::{SortColumns, SortRow};

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

/// The sort value of one message for one key, computed once per message: a number, or a
/// string in i;unicode-casemap form (compared as octets), kept as a range of [`Keys::text`].
#[derive(Debug, Clone, Copy)]
enum Value {
    Number(i64),
    Text(usize, usize),
}

/// i;unicode-casemap (RFC 5051): `storage::subject::casemap`.
fn casemap(s: &str) -> String {
    storage::subject::casemap(s)
}

/// The sort values of the messages being sorted, `criteria.len()` per message in the order
/// they were added, with their strings in one buffer: no allocation per message.
struct Keys<'c> {
    criteria: &'c [Criterion],
    values: Vec<Value>,
    text: String,
    /// Each message's sequence number: the implicit last criterion (RFC 5256 §3).
    seqs: Vec<u32>,
}

impl<'c> Keys<'c> {
    fn new(criteria: &'c [Criterion], messages: usize) -> Keys<'c> {
        Keys {
            criteria,
            values: Vec::with_capacity(messages * criteria.len()),
            text: String::new(),
            seqs: Vec::with_capacity(messages),
        }
    }

    fn number(&mut self, n: i64) {
        self.values.push(Value::Number(n));
    }

    /// A string already in i;unicode-casemap form (the stored subject key).
    fn mapped(&mut self, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.values.push(Value::Text(start, self.text.len()));
    }

    /// A string put in i;unicode-casemap form (ASCII: upper case, as `casemap` does).
    fn text(&mut self, s: &str) {
        if s.is_ascii() {
            let start = self.text.len();
            self.text.extend(s.chars().map(|c| c.to_ascii_uppercase()));
            self.values.push(Value::Text(start, self.text.len()));
        } else {
            self.mapped(&casemap(s));
        }
    }

    /// The first address of an address field (RFC 5256 §3, RFC 5957 §3); an absent header
    /// sorts as the empty string, before every other.
    fn address(&mut self, key: Key, list: Option<&str>) {
        let first = first_address(list.unwrap_or(""));
        match key {
            Key::DisplayFrom | Key::DisplayTo => self.text(&first.display()),
            _ => self.text(&first.mailbox),
        }
    }

    /// The values of one message from its full metadata.
    fn info(&mut self, seq: u32, info: &MessageInfo) {
        let meta = &info.meta;
        for c in self.criteria {
            match c.key {
                Key::Arrival => self.number(info.internal_date),
                // §2.2: the Date header in UTC, else the internal date.
                Key::Date => self.number(meta.sent_date.unwrap_or(info.internal_date)),
                Key::Size => self.number(info.size as i64),
                Key::Subject => self.text(&base_subject(meta.subject.as_deref().unwrap_or(""))),
                Key::From | Key::DisplayFrom => self.address(c.key, meta.from.as_deref()),
                Key::To | Key::DisplayTo => self.address(c.key, meta.to.as_deref()),
                Key::Cc => self.address(c.key, meta.cc.as_deref()),
            }
        }
        self.seqs.push(seq);
    }

    /// The same from the narrow row `storage::sort_keys` reads.
    fn row(&mut self, seq: u32, row: &SortRow<'_>) {
        for c in self.criteria {
            match c.key {
                Key::Arrival => self.number(row.internal_date),
                Key::Date => self.number(row.sent_date.unwrap_or(row.internal_date)),
                Key::Size => self.number(row.size as i64),
                Key::Subject => self.mapped(row.subject),
                Key::From | Key::DisplayFrom => self.address(c.key, row.from),
                Key::To | Key::DisplayTo => self.address(c.key, row.to),
                Key::Cc => self.address(c.key, row.cc),
            }
        }
        self.seqs.push(seq);
    }

    fn compare(&self, a: Value, b: Value) -> Ordering {
        match (a, b) {
            (Value::Number(a), Value::Number(b)) => a.cmp(&b),
            (Value::Text(a0, a1), Value::Text(b0, b1)) => {
                let bytes = self.text.as_bytes();
                bytes[a0..a1].cmp(&bytes[b0..b1])
            }
            // One key gives one kind of value; numbers first, should it ever not.
            (Value::Number(_), Value::Text(..)) => Ordering::Less,
            (Value::Text(..), Value::Number(_)) => Ordering::Greater,
        }
    }

    /// The messages in order, as indices in the order they were added; only as much of
    /// the order as `needed` is exact (see [`Needed`]).
    fn order(&self, needed: Needed) -> Vec<usize> {
        let n = self.seqs.len();
        let k = self.criteria.len();
        let direct = |order: Ordering, reverse: bool| if reverse { order.reverse() } else { order };
        // One criterion (the usual case): the values themselves are sorted, with the
        // sequence number (RFC 5256 §3: the implicit last criterion, never reversed).
        if let [c] = self.criteria {
            if self.values.iter().all(|v| matches!(v, Value::Number(_))) {
                let mut items: Vec<(i64, u32, u32)> = (0..n)
                    .map(|i| match self.values[i] {
                        Value::Number(v) => (v, self.seqs[i], i as u32),
                        Value::Text(..) => (0, self.seqs[i], i as u32),
                    })
                    .collect();
                arrange(
                    &mut items,
                    |a, b| direct(a.0.cmp(&b.0), c.reverse).then(a.1.cmp(&b.1)),
                    needed,
                );
                return items.into_iter().map(|(_, _, i)| i as usize).collect();
            }
            if self.values.iter().all(|v| matches!(v, Value::Text(..))) {
                let bytes = self.text.as_bytes();
                let mut items: Vec<(&[u8], u32, u32)> = (0..n)
                    .map(|i| match self.values[i] {
                        Value::Text(a, b) => (&bytes[a..b], self.seqs[i], i as u32),
                        Value::Number(_) => (&bytes[..0], self.seqs[i], i as u32),
                    })
                    .collect();
                arrange(
                    &mut items,
                    |a, b| direct(a.0.cmp(b.0), c.reverse).then(a.1.cmp(&b.1)),
                    needed,
                );
                return items.into_iter().map(|(_, _, i)| i as usize).collect();
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        arrange(
            &mut order,
            |&a, &b| {
                for (i, c) in self.criteria.iter().enumerate() {
                    let order = self.compare(self.values[a * k + i], self.values[b * k + i]);
                    let order = direct(order, c.reverse);
                    if order != Ordering::Equal {
                        return order;
                    }
                }
                // RFC 5256 §3: the implicit last criterion, never reversed.
                self.seqs[a].cmp(&self.seqs[b])
            },
            needed,
        );
        order
    }
}

/// How much of a sort's order the answer shows: the first `first` positions, and the last
/// one when `last`. ESORT's MIN and MAX are the first and last in sort order, PARTIAL a range
/// of positions (RFC 5267 §3.1, §4.4), COUNT and SAVE (a set) no order at all; sorting the
/// rest of 100,000 messages would be work for nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Needed {
    pub first: usize,
    pub last: bool,
}

impl Needed {
    /// The whole order (SORT without RETURN, ALL, or a context kept up to date).
    pub const ALL: Needed = Needed {
        first: usize::MAX,
        last: true,
    };

    pub fn of(returns: Option<&crate::esearch::Returns>) -> Needed {
        let Some(r) = returns else {
            return Needed::ALL;
        };
        if r.all || r.update {
            return Needed::ALL;
        }
        let first = match r.partial {
            Some((_, high)) => high as usize,
            None => usize::from(r.min),
        };
        Needed {
            first: if r.min { first.max(1) } else { first },
            last: r.max,
        }
    }
}

/// Puts `items` in order by `cmp` (a total order) as far as `needed` asks: the rest stays
/// in between, in no particular order. O(n) for a few positions, O(n log n) for all.
fn arrange<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering, needed: Needed) {
    let n = items.len();
    if needed.first >= n.saturating_sub(1) {
        items.sort_unstable_by(&cmp);
        return;
    }
    let mut body = &mut items[..];
    if needed.last
        && let Some(max) = (0..n).reduce(|a, b| {
            if cmp(&body[b], &body[a]).is_gt() {
                b
            } else {
                a
            }
        })
    {
        body.swap(max, n - 1);
        body = &mut body[..n - 1];
    }
    let k = needed.first.min(body.len());
    if k == 0 {
        return;
    }
    if k < body.len() {
        body.select_nth_unstable_by(k - 1, &cmp);
    }
    body[..k].sort_unstable_by(&cmp);
}

/// Sorts `messages` (sequence number, info), returning them in order.
pub fn sort<'a>(
    criteria: &[Criterion],
    messages: Vec<(u32, &'a MessageInfo)>,
) -> Vec<(u32, &'a MessageInfo)> {
    let mut keys = Keys::new(criteria, messages.len());
    for (seq, info) in &messages {
        keys.info(*seq, info);
    }
    keys.order(Needed::ALL)
        .into_iter()
        .map(|i| messages[i])
        .collect()
}

/// The columns of `storage::sort_keys` the criteria compare.
fn columns(criteria: &[Criterion]) -> SortColumns {
    let mut c = SortColumns::default();
    for criterion in criteria {
        match criterion.key {
            Key::Arrival => c.internal_date = true,
            Key::Date => c.sent_date = true,
            Key::Size => c.size = true,
            Key::Subject => c.subject = true,
            Key::From | Key::DisplayFrom => c.from = true,
            Key::To | Key::DisplayTo => c.to = true,
            Key::Cc => c.cc = true,
        }
    }
    c
}

/// Sorts the messages a search found (in sequence order, as `search_run::run` gives them),
/// reading only the columns the criteria compare: (sequence number, UID) in order, exact as
/// far as `needed` asks. A message expunged meanwhile (no row any more) is left out.
pub(crate) fn sort_hits(
    store: &storage::Store,
    owner: storage::AccountId,
    mailbox: storage::MailboxId,
    criteria: &[Criterion],
    hits: &[crate::search_run::Hit],
    needed: Needed,
) -> Result<Vec<(u32, u32)>, storage::StorageError> {
    let (Some(first), Some(last)) = (hits.first(), hits.last()) else {
        return Ok(Vec::new());
    };
    let mut keys = Keys::new(criteria, hits.len());
    let mut uids = Vec::with_capacity(hits.len());
    let mut next = 0;
    store.each_sort_row(
        owner,
        mailbox,
        first.uid..=last.uid,
        columns(criteria),
        |row| {
            // Both in UID order.
            while hits.get(next).is_some_and(|h| h.uid < row.uid) {
                next += 1;
            }
            if let Some(hit) = hits.get(next).filter(|h| h.uid == row.uid) {
                keys.row(hit.seq, &row);
                uids.push(hit.uid);
                next += 1;
            }
        },
    )?;
    Ok(keys
        .order(needed)
        .into_iter()
        .map(|i| (keys.seqs[i], uids[i]))
        .collect())
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

/// The base subject of RFC 5256 §2.1 and THREAD's variant of it: in storage, which computes
/// them once at delivery (`storage::subject`).
pub use storage::subject::{base_subject, thread_subject};

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
        let needed = Needed::of(returns.as_ref());
        let sorted = crate::error::blocking("SORT failed", move || {
            // The metadata only for the MODSEQ that CONDSTORE asks (or a key that needs it).
            let hits = crate::search_run::run(&store, owner, id, &known, key, with_modseq)?;
            let highest = hits.iter().filter_map(|h| h.modseq).max();
            let (order, uids): (Vec<u32>, Vec<u32>) =
                sort_hits(&store, owner, id, &criteria, &hits, needed)?
                    .into_iter()
                    .map(|(seq, uid)| (if by_uid { uid } else { seq }, uid))
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

    /// Sorting only what the answer shows (MIN, MAX, PARTIAL) gives those positions as a
    /// full sort does.
    #[test]
    fn partial_orders_agree_with_the_full_one() {
        // Many ties (every seventh value repeats), in no order.
        let values: Vec<(i64, u32)> = (0..500u32)
            .map(|i| ((i64::from(i) * 7919) % 71, i + 1))
            .collect();
        let cmp = |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut full = values.clone();
        full.sort_by(cmp);
        for needed in [
            Needed {
                first: 0,
                last: false,
            },
            Needed {
                first: 1,
                last: false,
            },
            Needed {
                first: 0,
                last: true,
            },
            Needed {
                first: 1,
                last: true,
            },
            Needed {
                first: 100,
                last: false,
            },
            Needed {
                first: 100,
                last: true,
            },
            Needed {
                first: 499,
                last: false,
            },
            Needed::ALL,
        ] {
            let mut got = values.clone();
            arrange(&mut got, cmp, needed);
            let k = needed.first.min(got.len());
            assert_eq!(got[..k], full[..k], "{needed:?}");
            if needed.last {
                assert_eq!(got.last(), full.last(), "{needed:?}");
            }
            let mut set = got.clone();
            set.sort_by(cmp);
            assert_eq!(set, full, "the same messages");
        }
        let returns = |f: fn(&mut crate::esearch::Returns)| {
            let mut r = crate::esearch::Returns::default();
            f(&mut r);
            Needed::of(Some(&r))
        };
        assert_eq!(Needed::of(None), Needed::ALL);
        assert_eq!(returns(|r| r.all = true), Needed::ALL);
        assert_eq!(returns(|r| r.update = true), Needed::ALL);
        assert_eq!(
            returns(|r| {
                r.min = true;
                r.max = true;
                r.count = true
            }),
            Needed {
                first: 1,
                last: true
            }
        );
        assert_eq!(
            returns(|r| r.partial = Some((1, 100))),
            Needed {
                first: 100,
                last: false
            }
        );
        assert_eq!(
            returns(|r| r.count = true),
            Needed {
                first: 0,
                last: false
            }
        );
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
