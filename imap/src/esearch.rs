//! The result options of SEARCH and SORT, and what they keep in the session:
//!
//! - ESEARCH (RFC 4731) and ESORT (RFC 5267 §3): `RETURN (MIN MAX COUNT ALL)`, for SORT in
//!   sort order (MIN the first message sorted, MAX the last, ALL the numbers in order with
//!   ranges only where they ascend by one, as Dovecot writes them);
//! - CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267 §4): `PARTIAL low:high` (positions in the
//!   result), `UPDATE` (the result is kept, and `ADDTO` / `REMOVEFROM` tell the client how it
//!   changes while the mailbox does), `CONTEXT` (a hint), `CANCELUPDATE`;
//! - SEARCHRES (RFC 5182): `SAVE` keeps the result for `$`;
//! - WITHIN (RFC 5032): OLDER/YOUNGER, made absolute here when the command runs.

use std::collections::HashSet;
use std::sync::Arc;

use crate::error::{Done, ImapError};
use crate::search::Key;
use crate::sequence::compact;
use crate::session::Session;
use crate::sort::Criterion;
use crate::wire::Token;

/// What `RETURN (…)` asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Returns {
    pub min: bool,
    pub max: bool,
    pub all: bool,
    pub count: bool,
    /// RFC 5182 §2.1.
    pub save: bool,
    /// RFC 5267 §4.3: keep the result up to date.
    pub update: bool,
    /// RFC 5267 §4.4: positions `low:high` of the result (1-based, inclusive).
    pub partial: Option<(u32, u32)>,
}

impl Returns {
    /// `RETURN (…)`'s list. Empty, or only the CONTEXT hint, means ALL (RFC 4731 §3.1).
    pub fn parse(options: &[Token]) -> Result<Returns, String> {
        let mut r = Returns::default();
        let mut hint_only = true;
        let mut i = 0;
        while i < options.len() {
            let Token::Atom(o) = &options[i] else {
                return Err("RETURN options are atoms such as MIN, COUNT or PARTIAL".into());
            };
            i += 1;
            let o = o.to_ascii_uppercase();
            match o.as_str() {
                "MIN" => r.min = true,
                "MAX" => r.max = true,
                "ALL" => r.all = true,
                "COUNT" => r.count = true,
                "SAVE" => r.save = true,
                "UPDATE" => r.update = true,
                "CONTEXT" => continue,
                "PARTIAL" => {
                    let range = match options.get(i) {
                        Some(Token::Atom(range)) => range,
                        _ => return Err("PARTIAL needs a range such as 1:100".into()),
                    };
                    i += 1;
                    r.partial = Some(partial_range(range).ok_or("PARTIAL range broken")?);
                }
                other => {
                    return Err(format!(
                        "unknown RETURN option {other}: MIN, MAX, ALL, COUNT, SAVE, PARTIAL, \
                         UPDATE and CONTEXT are offered"
                    ));
                }
            }
            hint_only = false;
        }
        if hint_only {
            r.all = true;
        }
        if r.all && r.partial.is_some() {
            // RFC 5267 §4.4: PARTIAL and ALL together make no sense.
            return Err("PARTIAL and ALL cannot be asked together".into());
        }
        Ok(r)
    }

    /// Only SAVE: no ESEARCH answer at all (RFC 5182 §2.1).
    fn silent(&self) -> bool {
        self.save
            && !(self.min || self.max || self.all || self.count || self.update)
            && self.partial.is_none()
    }

    /// What SAVE keeps (RFC 5182 §2.4): with MIN and/or MAX alone, only those messages.
    fn saved(&self, hits: &[u32]) -> Vec<u32> {
        if (self.min || self.max) && !self.all && !self.count && self.partial.is_none() {
            let mut kept = Vec::new();
            if self.min {
                kept.extend(hits.iter().min());
            }
            if self.max {
                kept.extend(hits.iter().max());
            }
            kept.sort_unstable();
            kept.dedup();
            kept
        } else {
            hits.to_vec()
        }
    }
}

/// `nz-number ":" nz-number` (RFC 5267 §4.4), the smaller first.
fn partial_range(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.split_once(':')?;
    let num = |s: &str| -> Option<u32> {
        if s.is_empty() || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (a, b) = (num(a)?, num(b)?);
    Some((a.min(b), a.max(b)))
}

/// Numbers in result order, consecutive ascending runs written `a:b` (RFC 5267 §3.2: the
/// order is the sort's; Dovecot writes only ascending runs as ranges).
pub fn ordered_set(numbers: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && Some(numbers[i + 1]) == end.checked_add(1) {
            i += 1;
            end = numbers[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// The `* ESEARCH` line for a result (`numbers` in result order: ascending for SEARCH, sorted
/// for SORT). Items in Dovecot's order: MIN MAX ALL PARTIAL COUNT, then MODSEQ.
pub fn esearch_line(
    tag: &str,
    by_uid: bool,
    returns: &Returns,
    numbers: &[u32],
    sorted: bool,
    modseq: Option<u64>,
) -> String {
    let mut line = String::from("* ESEARCH (TAG ");
    let mut quoted = Vec::new();
    crate::response::string(&mut quoted, tag.as_bytes(), crate::response::Utf8::Quoted);
    line.push_str(&String::from_utf8_lossy(&quoted));
    line.push(')');
    if by_uid {
        line.push_str(" UID");
    }
    // For SORT, MIN and MAX are the first and last in sort order (RFC 5267 §3.1).
    let (min, max) = if sorted {
        (numbers.first(), numbers.last())
    } else {
        (numbers.iter().min(), numbers.iter().max())
    };
    if returns.min
        && let Some(m) = min
    {
        line.push_str(&format!(" MIN {m}"));
    }
    if returns.max
        && let Some(m) = max
    {
        line.push_str(&format!(" MAX {m}"));
    }
    if returns.all && !numbers.is_empty() {
        let set = if sorted {
            ordered_set(numbers)
        } else {
            compact(numbers)
        };
        line.push_str(&format!(" ALL {set}"));
    }
    if let Some((low, high)) = returns.partial {
        let from = (low as usize).saturating_sub(1);
        let to = (high as usize).min(numbers.len());
        let part = numbers.get(from..to).unwrap_or_default();
        let set = if part.is_empty() {
            "NIL".to_string()
        } else if sorted {
            ordered_set(part)
        } else {
            compact(part)
        };
        line.push_str(&format!(" PARTIAL ({low}:{high} {set})"));
    }
    if returns.count {
        line.push_str(&format!(" COUNT {}", numbers.len()));
    }
    if let Some(m) = modseq {
        line.push_str(&format!(" MODSEQ {m}"));
    }
    line.push_str("\r\n");
    line
}

/// A search or sort kept up to date for the client (RFC 5267 §4.3).
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub(crate) tag: String,
    pub(crate) uid: bool,
    pub(crate) key: Key,
    pub(crate) sort: Option<Vec<Criterion>>,
    /// The result as the client knows it: UIDs, in result order.
    pub(crate) result: Vec<u32>,
}

/// At most this many results kept up to date per session: each is searched again whenever
/// the mailbox changes (RFC 5267 §4.3.1 lets a server refuse with NOUPDATE).
pub const MAX_CONTEXTS: usize = 8;

/// Makes the keys only the session can answer absolute: RECENT from its view, `$` from its
/// saved result, WITHIN's intervals from the clock now.
pub(crate) fn prepare(key: Key, recent: &[u32], saved: &[u32], now: i64) -> Key {
    let go = |k| prepare(k, recent, saved, now);
    match key {
        Key::Recent => Key::Found(Arc::new(recent.iter().copied().collect())),
        Key::Seq(crate::sequence::SequenceSet::Saved)
        | Key::Uid(crate::sequence::SequenceSet::Saved) => {
            Key::Found(Arc::new(saved.iter().copied().collect::<HashSet<u32>>()))
        }
        // RFC 5032 §3: OLDER — the internal date is older than the interval; YOUNGER —
        // within it.
        Key::Older(seconds) => Key::InternalBefore(now.saturating_sub(seconds as i64)),
        Key::Younger(seconds) => Key::InternalSince(now.saturating_sub(seconds as i64)),
        Key::Not(k) => Key::Not(Box::new(go(*k))),
        Key::Or(a, b) => Key::Or(Box::new(go(*a)), Box::new(go(*b))),
        Key::And(ks) => Key::And(ks.into_iter().map(go).collect()),
        other => other,
    }
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> Session<S> {
    /// The search key with RECENT, `$` and WITHIN made absolute, and CONDSTORE turned on
    /// when it names MODSEQ (RFC 7162 §3.1).
    pub(crate) fn prepare_key(&mut self, key: Key) -> Result<Key, ImapError> {
        if crate::condstore::mentions_modseq(&key) {
            self.enable_condstore();
        }
        let view = self.view()?;
        Ok(prepare(key, &view.recent, &view.saved, now()))
    }

    /// Keeps what SAVE asked for, and the context UPDATE asked for; then the ESEARCH line.
    /// `numbers` are what the client is shown (UIDs or sequence numbers), `uids` the same
    /// messages by UID, both in result order.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn answer_esearch(
        &mut self,
        tag: &str,
        by_uid: bool,
        returns: &Returns,
        numbers: &[u32],
        uids: &[u32],
        sort: Option<Vec<Criterion>>,
        key: Option<Key>,
        modseq: Option<u64>,
    ) {
        if let Some(view) = self.view_mut() {
            if returns.save {
                let mut saved = returns.saved(uids);
                saved.sort_unstable();
                view.saved = saved;
            }
            if returns.update
                && let Some(key) = key
            {
                view.contexts.retain(|c| c.tag != tag);
                view.contexts.push(Context {
                    tag: tag.to_string(),
                    uid: by_uid,
                    key,
                    sort: sort.clone(),
                    result: uids.to_vec(),
                });
            }
        }
        if !returns.silent() {
            let line = esearch_line(tag, by_uid, returns, numbers, sort.is_some(), modseq);
            self.output.extend_from_slice(line.as_bytes());
        }
    }

    /// CANCELUPDATE (RFC 5267 §4.3): the named contexts are no longer kept.
    pub(crate) fn cancel_update(&mut self, tags: &[String]) -> Result<Done, ImapError> {
        let view = self
            .view_mut()
            .ok_or_else(|| ImapError::bad("select a mailbox first"))?;
        let unknown = tags
            .iter()
            .any(|t| !view.contexts.iter().any(|c| &c.tag == t));
        view.contexts.retain(|c| !tags.contains(&c.tag));
        if unknown {
            // The known ones are cancelled all the same; the client named one never kept
            // (Dovecot answers NO too).
            return Err(ImapError::no(
                None,
                "no search kept up to date with that tag",
            ));
        }
        Ok(Done {
            code: None,
            text: Some("Updates cancelled"),
        })
    }

    /// Refuses a new UPDATE context beyond [`MAX_CONTEXTS`] (RFC 5267 §4.3.1 NOUPDATE).
    pub(crate) fn check_context_room(&self, tag: &str, returns: &Returns) -> Result<(), ImapError> {
        let view = self.view()?;
        if returns.update
            && view.contexts.len() >= MAX_CONTEXTS
            && !view.contexts.iter().any(|c| c.tag == tag)
        {
            let mut e = ImapError::no(
                None,
                "too many searches kept up to date: CANCELUPDATE one first",
            );
            e.code = Some(format!("NOUPDATE \"{}\"", tag.replace(['"', '\\'], "")).into());
            return Err(e);
        }
        Ok(())
    }

    /// After the mailbox changed: each kept context is searched again (RFC 5267 §4.3), and
    /// the `REMOVEFROM` lines written with the numbers the client has now (they go before the
    /// EXPUNGEs); what was added waits in the answer for [`Session::context_additions`].
    /// `allow_expunge`: the expunges waiting are told with this update. When they may not
    /// be (during FETCH, STORE, SEARCH by number) nothing is updated yet: the client still
    /// sees those messages, and the next update compares with what it was last told. For
    /// SEARCH the position is 0; for SORT it is the place in the sorted result (1-based).
    pub(crate) async fn context_updates(&mut self, allow_expunge: bool) -> Option<ContextUpdate> {
        let view = self.view().ok()?;
        if view.contexts.is_empty() || (!allow_expunge && !view.pending_expunges.is_empty()) {
            return None;
        }
        let (owner, id) = (view.owner, view.id);
        // The messages as they will be once the expunges waiting are told.
        let known: Vec<u32> = view
            .uids
            .iter()
            .copied()
            .filter(|u| view.pending_expunges.binary_search(u).is_err())
            .collect();
        let contexts = view.contexts.clone();
        let (recent, saved) = (view.recent.clone(), view.saved.clone());
        let store = self.imap.store.clone();
        let now = now();
        let fresh = crate::error::blocking("context update failed", move || {
            let mut out = Vec::with_capacity(contexts.len());
            for c in contexts {
                let key = prepare(c.key.clone(), &recent, &saved, now);
                let hits = crate::search_run::run(&store, owner, id, &known, key, false)?;
                let uids: Vec<u32> = match &c.sort {
                    Some(criteria) => crate::sort::sort_hits(
                        &store,
                        owner,
                        id,
                        criteria,
                        &hits,
                        crate::sort::Needed::ALL,
                    )?
                    .into_iter()
                    .map(|(_, uid)| uid)
                    .collect(),
                    None => hits.iter().map(|h| h.uid).collect(),
                };
                out.push((c.tag, uids));
            }
            Ok(out)
        })
        .await;
        let fresh = match fresh {
            Ok(fresh) => fresh,
            Err(e) => {
                tracing::warn!(error = %e.text, "CONTEXT results not updated");
                return None;
            }
        };
        let view = self.view_mut()?;
        let mut update = ContextUpdate::default();
        for (tag, uids) in fresh {
            let Some(ctx) = view.contexts.iter_mut().find(|c| c.tag == tag) else {
                continue;
            };
            let sorted = ctx.sort.is_some();
            let now_set: HashSet<u32> = uids.iter().copied().collect();
            let old_set: HashSet<u32> = ctx.result.iter().copied().collect();
            let head = context_head(&tag, ctx.uid);
            // From the last position back, so that each position is still valid.
            let mut removed = Vec::new();
            for (pos, &uid) in ctx.result.iter().enumerate().rev() {
                if now_set.contains(&uid) {
                    continue;
                }
                let n = if ctx.uid {
                    Some(uid)
                } else {
                    view.uids.binary_search(&uid).ok().map(|i| i as u32 + 1)
                };
                if let Some(n) = n {
                    removed.push((if sorted { pos as u32 + 1 } else { 0 }, n));
                }
            }
            if !removed.is_empty() {
                update.removed.push_str(&format!(
                    "{head} REMOVEFROM ({})\r\n",
                    position_items(&removed, sorted)
                ));
            }
            let added: Vec<(u32, u32)> = uids
                .iter()
                .enumerate()
                .filter(|(_, uid)| !old_set.contains(uid))
                .map(|(pos, &uid)| (if sorted { pos as u32 + 1 } else { 0 }, uid))
                .collect();
            if !added.is_empty() {
                update.added.push((head, ctx.uid, sorted, added));
            }
            ctx.result = uids;
        }
        Some(update)
    }

    /// The `ADDTO` lines of an update, with the numbers the client has once the new
    /// messages were announced.
    pub(crate) fn context_additions(&mut self, update: ContextUpdate) {
        let Ok(view) = self.view() else {
            return;
        };
        let mut lines = String::new();
        for (head, by_uid, sorted, added) in update.added {
            let items: Vec<(u32, u32)> = added
                .into_iter()
                .filter_map(|(pos, uid)| Some((pos, if by_uid { uid } else { view.seq(uid)? })))
                .collect();
            if !items.is_empty() {
                lines.push_str(&format!(
                    "{head} ADDTO ({})\r\n",
                    position_items(&items, sorted)
                ));
            }
        }
        self.output.extend_from_slice(lines.as_bytes());
    }
}

/// What changed in the kept contexts: the REMOVEFROM lines, and the additions (line head,
/// by UID, sorted, (position, UID)s) to write once the new messages are announced.
#[derive(Debug, Default)]
pub(crate) struct ContextUpdate {
    pub(crate) removed: String,
    #[allow(clippy::type_complexity)]
    added: Vec<(String, bool, bool, Vec<(u32, u32)>)>,
}

/// `* ESEARCH (TAG "t") [UID]`.
fn context_head(tag: &str, by_uid: bool) -> String {
    let mut quoted = Vec::new();
    crate::response::string(&mut quoted, tag.as_bytes(), crate::response::Utf8::Quoted);
    format!(
        "* ESEARCH (TAG {}){}",
        String::from_utf8_lossy(&quoted),
        if by_uid { " UID" } else { "" }
    )
}

/// `position SP set` for one ADDTO/REMOVEFROM (RFC 5267 §4.3): for SEARCH one position 0 and
/// the set; for SORT, pairs each at its own position.
fn position_items(items: &[(u32, u32)], sorted: bool) -> String {
    if !sorted {
        let mut numbers: Vec<u32> = items.iter().map(|&(_, n)| n).collect();
        numbers.sort_unstable();
        return format!("0 {}", compact(&numbers));
    }
    items
        .iter()
        .map(|(pos, n)| format!("{pos} {n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn returns(list: &str) -> Result<Returns, String> {
        let cmd = crate::wire::tokenize(format!("a X ({list})").as_bytes()).unwrap();
        match cmd.args.as_slice() {
            [Token::List(items)] => Returns::parse(items),
            _ => panic!(),
        }
    }

    #[test]
    fn return_options() {
        assert!(returns("").unwrap().all);
        assert!(returns("CONTEXT").unwrap().all);
        let r = returns("min COUNT PARTIAL 5:1 save").unwrap();
        assert!(r.min && r.count && r.save && !r.all);
        assert_eq!(r.partial, Some((1, 5)));
        assert!(returns("UPDATE").unwrap().update);
        assert!(!returns("UPDATE").unwrap().all);
        for bad in [
            "PARTIAL",
            "PARTIAL -1:-2",
            "PARTIAL 0:3",
            "PARTIAL 1",
            "ALL PARTIAL 1:2",
            "FOO",
            "\"MIN\"",
        ] {
            assert!(returns(bad).is_err(), "{bad}");
        }
    }

    /// RFC 5267 §3.3 and Dovecot: MIN and MAX of a sort are its first and last message; ALL
    /// keeps the order, ranges only where numbers ascend by one.
    #[test]
    fn esort_answers() {
        let r = returns("MIN MAX COUNT ALL").unwrap();
        assert_eq!(
            esearch_line("a3", false, &r, &[5, 3, 4, 1, 2], true, None),
            "* ESEARCH (TAG \"a3\") MIN 5 MAX 2 ALL 5,3:4,1:2 COUNT 5\r\n"
        );
        assert_eq!(ordered_set(&[5, 4, 3, 1, 2]), "5,4,3,1:2");
        let r = returns("PARTIAL 1:2").unwrap();
        assert_eq!(
            esearch_line("a7", false, &r, &[5, 4, 3], true, None),
            "* ESEARCH (TAG \"a7\") PARTIAL (1:2 5,4)\r\n"
        );
        let r = returns("PARTIAL 5:9 COUNT").unwrap();
        assert_eq!(
            esearch_line("a8", true, &r, &[1, 2, 3, 4, 5], false, None),
            "* ESEARCH (TAG \"a8\") UID PARTIAL (5:9 5) COUNT 5\r\n"
        );
        assert_eq!(
            esearch_line("a9", true, &r, &[1, 2], false, None),
            "* ESEARCH (TAG \"a9\") UID PARTIAL (5:9 NIL) COUNT 2\r\n"
        );
    }

    /// RFC 5182 §2.4: SAVE with MIN or MAX alone keeps only those.
    #[test]
    fn what_save_keeps() {
        assert_eq!(returns("SAVE MIN").unwrap().saved(&[3, 5, 9]), vec![3]);
        assert_eq!(
            returns("SAVE MIN MAX").unwrap().saved(&[3, 5, 9]),
            vec![3, 9]
        );
        assert_eq!(
            returns("SAVE MIN COUNT").unwrap().saved(&[3, 5]),
            vec![3, 5]
        );
        assert!(returns("SAVE").unwrap().silent());
        assert!(!returns("SAVE COUNT").unwrap().silent());
    }

    #[test]
    fn within_and_saved_are_made_absolute() {
        let key = Key::And(vec![
            Key::Older(3600),
            Key::Not(Box::new(Key::Younger(60))),
            Key::Uid(crate::sequence::SequenceSet::Saved),
        ]);
        let Key::And(keys) = prepare(key, &[], &[4, 7], 10_000) else {
            panic!()
        };
        assert_eq!(keys[0], Key::InternalBefore(6_400));
        assert_eq!(keys[1], Key::Not(Box::new(Key::InternalSince(9_940))));
        assert!(matches!(&keys[2], Key::Found(s) if s.len() == 2 && s.contains(&7)));
    }
}
