//! CONDSTORE and QRESYNC (RFC 7162): the SELECT/EXAMINE parameters, the FETCH and STORE
//! modifiers, SEARCH MODSEQ's arguments, VANISHED responses and the resynchronization a
//! QRESYNC SELECT sends.
//!
//! Every message carries a MODSEQ and every mailbox its HIGHESTMODSEQ (storage bumps them on
//! each append, flag change and expunge, and keeps expunged UIDs with the MODSEQ of their
//! removal), so no mailbox answers NOMODSEQ.

use storage::{AccountId, MailboxView, MessageInfo, StorageError, Store};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::search::Key;
use crate::sequence::{self, SequenceSet, compact};
use crate::session::{Session, State, flags_text};
use crate::wire::Token;

/// The largest mod-sequence value: 63 bits (RFC 7162 §7, `mod-sequence-value`).
pub const MAX_MODSEQ: u64 = i64::MAX as u64;

/// A mod-sequence value. RFC 7162 §7 allows 0 only in `mod-sequence-valzer`
/// (UNCHANGEDSINCE, SEARCH MODSEQ); 0 is accepted everywhere here and means "before any
/// change", which is what a client sending it means.
pub(crate) fn modseq(token: Option<&Token>) -> Result<u64, String> {
    match token {
        Some(Token::Atom(a)) if !a.is_empty() && a.bytes().all(|b| b.is_ascii_digit()) => a
            .parse::<u64>()
            .ok()
            .filter(|&v| v <= MAX_MODSEQ)
            .ok_or_else(|| format!("{a} is over the largest mod-sequence value")),
        Some(Token::Atom(a)) => Err(format!("{a} is not a mod-sequence value")),
        _ => Err("a mod-sequence value is needed".into()),
    }
}

/// What a client knows of a mailbox, sent with SELECT/EXAMINE (RFC 7162 §3.2.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Qresync {
    pub(crate) uidvalidity: u32,
    /// The client's HIGHESTMODSEQ for the mailbox.
    pub(crate) modseq: u64,
    /// The UIDs the client knows; changes to others are not reported.
    pub(crate) known_uids: Option<SequenceSet>,
}

/// The parameters of SELECT/EXAMINE (RFC 7162 §3.1.8, §3.2.5).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct SelectParams {
    pub(crate) condstore: bool,
    pub(crate) qresync: Option<Qresync>,
}

/// Parses `(CONDSTORE)`, `(QRESYNC (…))` or both; `None` is no parameters.
pub(crate) fn select_params(token: Option<&Token>) -> Result<SelectParams, String> {
    let mut params = SelectParams::default();
    let Some(token) = token else {
        return Ok(params);
    };
    let Token::List(list) = token else {
        return Err("SELECT parameters come in parentheses".into());
    };
    let mut items = list.iter();
    while let Some(item) = items.next() {
        let name = match item {
            Token::Atom(a) => a.to_ascii_uppercase(),
            _ => return Err("unexpected SELECT parameter".into()),
        };
        match name.as_str() {
            "CONDSTORE" => params.condstore = true,
            "QRESYNC" if params.qresync.is_none() => {
                let Some(Token::List(q)) = items.next() else {
                    return Err("QRESYNC needs (uidvalidity modseq [known-uids])".into());
                };
                params.qresync = Some(qresync(q)?);
            }
            "QRESYNC" => return Err("QRESYNC given twice".into()),
            other => return Err(format!("unknown SELECT parameter {other}")),
        }
    }
    Ok(params)
}

/// `uidvalidity mod-sequence-value [known-uids] [(known-sequence-set known-uid-set)]`.
///
/// The sequence match data (RFC 7162 §3.2.5.2) lets a server that forgets expunged UIDs
/// narrow what it must report; storage keeps every expunged UID with its MODSEQ, so the
/// answer is exact without it. It is checked (same number of message numbers as UIDs, no
/// `*`) and otherwise not used.
fn qresync(list: &[Token]) -> Result<Qresync, String> {
    let uidvalidity = match list.first() {
        Some(Token::Atom(a)) => a
            .parse::<u32>()
            .ok()
            .filter(|&v| v > 0 && !a.starts_with('+'))
            .ok_or_else(|| format!("{a} is not a UIDVALIDITY"))?,
        _ => return Err("QRESYNC needs a UIDVALIDITY".into()),
    };
    let modseq = modseq(list.get(1))?;
    let mut rest = &list[2.min(list.len())..];
    let known_uids = match rest.first() {
        Some(Token::Atom(a)) => {
            rest = &rest[1..];
            Some(set_without_star(a, "known UIDs")?)
        }
        _ => None,
    };
    match rest {
        [] => {}
        [Token::List(pair)] => match pair.as_slice() {
            [Token::Atom(seqs), Token::Atom(uids)] => {
                let seqs = set_without_star(seqs, "known message numbers")?;
                let uids = set_without_star(uids, "known UIDs")?;
                if count(&seqs) != count(&uids) {
                    return Err("the sequence match data pairs numbers and UIDs unevenly".into());
                }
            }
            _ => return Err("sequence match data is (message-numbers UIDs)".into()),
        },
        _ => return Err("unexpected QRESYNC argument".into()),
    }
    Ok(Qresync {
        uidvalidity,
        modseq,
        known_uids,
    })
}

/// A sequence set in which `*` is not allowed (RFC 7162 §7, `known-uids`).
fn set_without_star(text: &str, what: &str) -> Result<SequenceSet, String> {
    match sequence::parse(text) {
        Some(SequenceSet::Ranges(r)) if !text.contains('*') => Ok(SequenceSet::Ranges(r)),
        _ => Err(format!(
            "{what}: {text} is not a set of numbers without '*'"
        )),
    }
}

/// How many numbers a set without `*` names (counted, not expanded).
fn count(set: &SequenceSet) -> u64 {
    set.ranges(0, &[])
        .iter()
        .map(|r| u64::from(r.end() - r.start()) + 1)
        .sum()
}

/// The modifiers of FETCH / UID FETCH (RFC 7162 §3.1.4.1, §3.2.6).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FetchModifiers {
    pub(crate) changed_since: Option<u64>,
    pub(crate) vanished: bool,
}

/// Parses `(CHANGEDSINCE n [VANISHED])`; `None` is no modifiers.
pub(crate) fn fetch_modifiers(token: Option<&Token>) -> Result<FetchModifiers, String> {
    let mut m = FetchModifiers::default();
    let Some(token) = token else {
        return Ok(m);
    };
    let Token::List(list) = token else {
        return Err("FETCH modifiers come in parentheses".into());
    };
    let mut i = 0;
    while let Some(t) = list.get(i) {
        i += 1;
        let name = match t {
            Token::Atom(a) => a.to_ascii_uppercase(),
            _ => return Err("unexpected FETCH modifier".into()),
        };
        match name.as_str() {
            "CHANGEDSINCE" if m.changed_since.is_none() => {
                m.changed_since = Some(modseq(list.get(i))?);
                i += 1;
            }
            "VANISHED" if !m.vanished => m.vanished = true,
            "CHANGEDSINCE" | "VANISHED" => return Err(format!("{name} given twice")),
            other => return Err(format!("unknown FETCH modifier {other}")),
        }
    }
    if m.vanished && m.changed_since.is_none() {
        // RFC 7162 §3.2.6: VANISHED only with CHANGEDSINCE.
        return Err("VANISHED needs CHANGEDSINCE".into());
    }
    Ok(m)
}

/// Parses STORE's `(UNCHANGEDSINCE n)` (RFC 7162 §3.1.3).
pub(crate) fn store_modifiers(list: &[Token]) -> Result<u64, String> {
    match list {
        [Token::Atom(name), value] if name.eq_ignore_ascii_case("UNCHANGEDSINCE") => {
            modseq(Some(value))
        }
        _ => Err("the STORE modifier is (UNCHANGEDSINCE mod-sequence)".into()),
    }
}

/// SEARCH MODSEQ's arguments after the key (RFC 7162 §3.1.5):
/// `[entry-name entry-type-req] mod-sequence-valzer`. The entry (a flag's own MODSEQ) is
/// checked and then ignored: MODSEQ is kept per message, not per flag, and the message's
/// is never lower than any of its flags'.
pub(crate) fn search_modseq(tokens: &[Token], i: &mut usize) -> Result<u64, String> {
    if let Some(Token::Quoted(_) | Token::Literal(_)) = tokens.get(*i) {
        match tokens.get(*i + 1) {
            Some(Token::Atom(t))
                if ["priv", "shared", "all"]
                    .iter()
                    .any(|k| t.eq_ignore_ascii_case(k)) => {}
            _ => return Err("MODSEQ entry needs priv, shared or all".into()),
        }
        *i += 2;
    }
    let value = modseq(tokens.get(*i));
    *i += 1;
    value
}

/// Whether a SEARCH key names MODSEQ: its answer then carries the highest MODSEQ of the
/// messages found (RFC 7162 §3.1.5), and the search enables CONDSTORE (§3.1).
pub(crate) fn mentions_modseq(key: &Key) -> bool {
    match key {
        Key::ModSeq(_) => true,
        Key::Not(k) => mentions_modseq(k),
        Key::Or(a, b) => mentions_modseq(a) || mentions_modseq(b),
        Key::And(keys) => keys.iter().any(mentions_modseq),
        _ => false,
    }
}

/// The MODSEQ an ESEARCH answer carries when the search used MODSEQ (RFC 7162 §3.1.10): the
/// highest of the messages it returns, which are all those found for ALL or COUNT, else
/// only the MIN and MAX ones. None when nothing was found. `modseqs` in result order.
pub(crate) fn esearch_modseq(modseqs: &[u64], returns: &[String]) -> Option<u64> {
    let all = returns.iter().any(|r| r == "ALL" || r == "COUNT");
    if all {
        return modseqs.iter().copied().max();
    }
    let min = returns
        .iter()
        .any(|r| r == "MIN")
        .then(|| modseqs.first().copied())
        .flatten();
    let max = returns
        .iter()
        .any(|r| r == "MAX")
        .then(|| modseqs.last().copied())
        .flatten();
    min.max(max)
}

/// `* VANISHED [(EARLIER) ]uids` (RFC 7162 §3.2.10); nothing for no UIDs. `uids` ascending.
pub(crate) fn vanished(out: &mut Vec<u8>, uids: &[u32], earlier: bool) {
    if uids.is_empty() {
        return;
    }
    let earlier = if earlier { "(EARLIER) " } else { "" };
    out.extend_from_slice(format!("* VANISHED {earlier}{}\r\n", compact(uids)).as_bytes());
}

/// What changed in a mailbox since the client's MODSEQ, read at SELECT (RFC 7162 §3.2.5).
#[derive(Debug, Default)]
pub(crate) struct Resync {
    known_uids: Option<SequenceSet>,
    /// UIDs expunged since, ascending.
    expunged: Vec<u32>,
    /// Messages changed since (flags, or new), in UID order.
    changed: Vec<MessageInfo>,
}

impl Resync {
    /// Reads the changes (blocking). `None` when the UIDVALIDITY differs: the client's
    /// cache is void and it gets a plain SELECT (RFC 7162 §3.2.5.1). `owner` is the mailbox's
    /// (a unit's, for a shared mailbox).
    pub(crate) fn read(
        store: &Store,
        owner: AccountId,
        mailbox: &MailboxView,
        q: Qresync,
    ) -> Result<Option<Resync>, StorageError> {
        if q.uidvalidity != mailbox.uidvalidity {
            return Ok(None);
        }
        Ok(Some(Resync {
            expunged: store.expunged_since(owner, mailbox.id, q.modseq)?,
            changed: store.changed_messages(owner, mailbox.id, 1..=u32::MAX, q.modseq, false)?,
            known_uids: q.known_uids,
        }))
    }

    /// `* VANISHED (EARLIER)` then one FETCH per changed message, for the UIDs the client
    /// knows. `view` is the session's UID list: a UID still in it was expunged after the
    /// view was read and is reported later as a plain VANISHED; a UID not yet in it is new
    /// and announced by EXISTS.
    pub(crate) fn write(&self, out: &mut Vec<u8>, view: &[u32]) {
        let known = |uid: u32| {
            self.known_uids
                .as_ref()
                .is_none_or(|set| set.contains(uid, u32::MAX, &[]))
        };
        let gone: Vec<u32> = self
            .expunged
            .iter()
            .copied()
            .filter(|&u| known(u) && view.binary_search(&u).is_err())
            .collect();
        vanished(out, &gone, true);
        for m in self.changed.iter().filter(|m| known(m.uid)) {
            if let Ok(n) = view.binary_search(&m.uid) {
                let flags = flags_text(m.flags, &m.keywords);
                crate::response::fetch_flags(out, n + 1, Some(m.uid), Some(&flags), Some(m.modseq));
            }
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// Turns CONDSTORE on for the rest of the connection: the client issued a "CONDSTORE
    /// enabling command" (RFC 7162 §3.1). From now on every untagged FETCH caused by a flag
    /// change carries UID and MODSEQ (§3.2.4). The first one issued with a mailbox selected
    /// also gets that mailbox's HIGHESTMODSEQ, as SELECT would have given it (the session's
    /// value: at worst older than the mailbox's, which only makes the client ask for more).
    pub(crate) fn enable_condstore(&mut self) {
        if self.condstore {
            return;
        }
        self.condstore = true;
        if let State::Selected { mailbox, .. } = &self.state {
            let line = format!("* OK [HIGHESTMODSEQ {}] modseq\r\n", mailbox.modseq);
            self.output.extend_from_slice(line.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(s: &str) -> Token {
        Token::Atom(s.into())
    }

    fn list(items: &[&str]) -> Token {
        Token::List(items.iter().map(|s| atom(s)).collect())
    }

    #[test]
    fn modseq_values() {
        assert_eq!(modseq(Some(&atom("0"))), Ok(0));
        assert_eq!(modseq(Some(&atom("9223372036854775807"))), Ok(MAX_MODSEQ));
        for bad in ["9223372036854775808", "-1", "+5", "12a", ""] {
            assert!(modseq(Some(&atom(bad))).is_err(), "{bad}");
        }
        assert!(modseq(None).is_err());
        assert!(modseq(Some(&Token::Quoted(b"5".to_vec()))).is_err());
    }

    #[test]
    fn select_parameters() {
        assert_eq!(select_params(None), Ok(SelectParams::default()));
        assert_eq!(
            select_params(Some(&list(&["condstore"]))),
            Ok(SelectParams {
                condstore: true,
                qresync: None
            })
        );
        let q = |inner: Vec<Token>| {
            select_params(Some(&Token::List(vec![
                atom("QRESYNC"),
                Token::List(inner),
            ])))
        };
        assert_eq!(
            q(vec![
                atom("67890007"),
                atom("20050715194045000"),
                atom("41,43:211")
            ])
            .map(|p| p.qresync),
            Ok(Some(Qresync {
                uidvalidity: 67890007,
                modseq: 20050715194045000,
                known_uids: sequence::parse("41,43:211"),
            }))
        );
        // Sequence match data: checked, then not needed.
        assert!(
            q(vec![
                atom("1"),
                atom("5"),
                atom("1:9"),
                list(&["1,3:4", "2,7:8"])
            ])
            .is_ok()
        );
        for bad in [
            vec![atom("0"), atom("5")],
            vec![atom("1")],
            vec![atom("1"), atom("x")],
            vec![atom("1"), atom("5"), atom("1:*")],
            vec![atom("1"), atom("5"), atom("1:9"), list(&["1:3", "1,2"])],
            vec![atom("1"), atom("5"), atom("1:9"), list(&["1:*", "1:3"])],
            vec![atom("1"), atom("5"), atom("1:9"), atom("3")],
        ] {
            assert!(q(bad.clone()).is_err(), "{bad:?}");
        }
        for bad in [
            Token::List(vec![atom("QRESYNC")]),
            list(&["FOO"]),
            atom("CONDSTORE"),
            Token::List(vec![
                atom("QRESYNC"),
                list(&["1", "1"]),
                atom("QRESYNC"),
                list(&["1", "1"]),
            ]),
        ] {
            assert!(select_params(Some(&bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn fetch_and_store_modifiers() {
        assert_eq!(
            fetch_modifiers(Some(&list(&["changedsince", "12", "vanished"]))),
            Ok(FetchModifiers {
                changed_since: Some(12),
                vanished: true
            })
        );
        assert_eq!(fetch_modifiers(None), Ok(FetchModifiers::default()));
        for bad in [
            list(&["VANISHED"]),
            list(&["CHANGEDSINCE"]),
            list(&["CHANGEDSINCE", "x"]),
            list(&["CHANGEDSINCE", "1", "CHANGEDSINCE", "2"]),
            list(&["PARTIAL", "1:5"]),
            atom("CHANGEDSINCE"),
        ] {
            assert!(fetch_modifiers(Some(&bad)).is_err(), "{bad:?}");
        }
        assert_eq!(store_modifiers(&[atom("UNCHANGEDSINCE"), atom("0")]), Ok(0));
        assert!(store_modifiers(&[atom("UNCHANGEDSINCE")]).is_err());
        assert!(store_modifiers(&[atom("CHANGEDSINCE"), atom("3")]).is_err());
    }

    #[test]
    fn search_modseq_with_and_without_entry() {
        let q = |s: &str| Token::Quoted(s.as_bytes().to_vec());
        let tokens = [
            q("/flags/\\draft"),
            atom("all"),
            atom("620162338"),
            atom("ALL"),
        ];
        let mut i = 0;
        assert_eq!(search_modseq(&tokens, &mut i), Ok(620162338));
        assert_eq!(i, 3);
        let mut i = 0;
        assert_eq!(search_modseq(&[atom("7")], &mut i), Ok(7));
        let mut i = 0;
        assert!(search_modseq(&[q("/flags/\\draft"), atom("mine"), atom("7")], &mut i).is_err());
    }

    #[test]
    fn esearch_modseq_is_that_of_the_messages_returned() {
        let r = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let modseqs = [5, 9, 7];
        assert_eq!(esearch_modseq(&modseqs, &r(&["ALL"])), Some(9));
        assert_eq!(esearch_modseq(&modseqs, &r(&["COUNT"])), Some(9));
        assert_eq!(esearch_modseq(&modseqs, &r(&["MIN"])), Some(5));
        assert_eq!(esearch_modseq(&modseqs, &r(&["MIN", "MAX"])), Some(7));
        assert_eq!(esearch_modseq(&[], &r(&["ALL"])), None);
    }

    #[test]
    fn vanished_lines() {
        let mut out = Vec::new();
        vanished(&mut out, &[], true);
        vanished(&mut out, &[3, 4, 5, 9], true);
        vanished(&mut out, &[7], false);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "* VANISHED (EARLIER) 3:5,9\r\n* VANISHED 7\r\n"
        );
    }
}

#[cfg(test)]
#[path = "condstore_tests.rs"]
mod transcript;
