//! THREAD (RFC 5256 §3, §4): ORDEREDSUBJECT, REFERENCES, and REFS (draft-ietf-morg-inthread;
//! as Dovecot 2.3 implements it, our oracle).
//!
//! The messages come from storage already reduced to what threading reads (Message-ID, the
//! IDs referred to, computed at delivery; subject; dates): nothing is parsed here. Base
//! subjects are SORT's (`sort::thread_subject`), with the Vietnamese reply and forward
//! markers ("TL:", "Trả lời:", "Chuyển tiếp:") taken as "Re:" and "Fwd:".
//!
//! Mail decides how deep a thread is (anyone can send a message whose References make a
//! chain of thousands), so nothing here recurses: parents are followed in loops and the
//! answer is written from an explicit stack.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The threading algorithms we announce (`THREAD=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    OrderedSubject,
    References,
    Refs,
}

impl Algorithm {
    pub fn parse(name: &str) -> Option<Algorithm> {
        match name.to_ascii_uppercase().as_str() {
            "ORDEREDSUBJECT" => Some(Algorithm::OrderedSubject),
            "REFERENCES" => Some(Algorithm::References),
            "REFS" => Some(Algorithm::Refs),
            _ => None,
        }
    }
}

/// One message to thread, in mailbox order.
#[derive(Debug, Clone)]
pub struct Msg {
    /// What the answer shows: its sequence number, or its UID for UID THREAD.
    pub num: u32,
    /// Its UID: ties in date are broken by it (mailbox order, RFC 5256 §4 step 6).
    pub uid: u32,
    pub message_id: Option<String>,
    /// The IDs it refers to, oldest first (References, else In-Reply-To's first).
    pub refs: Vec<String>,
    /// The Subject header; `None` when it has none. Read by [`thread`] only: [`thread_keyed`]
    /// takes the subject keys stored at delivery instead.
    pub subject: Option<String>,
    /// The sent date (RFC 5256 §2.2): the Date header, else the internal date.
    pub date: i64,
}

/// The sent date of RFC 5256 §2.2: the Date header when there is one that can be read (and
/// is not the epoch, which Dovecot also takes for "unreadable"), else the internal date.
pub fn sent_date(date_header: Option<i64>, internal: i64) -> i64 {
    date_header.filter(|&d| d != 0).unwrap_or(internal)
}

/// THREAD's base subject of a message, in i;unicode-casemap form, and whether the subject
/// marked a reply or forward (`sort::thread_subject`).
pub type SubjectKey = (String, bool);

/// The `* THREAD` line's data (without "* THREAD"), e.g. `(2)(3 6 (4 23)(44 7 96))`.
pub fn thread(algorithm: Algorithm, msgs: &[Msg]) -> String {
    let keys: Vec<SubjectKey> = msgs
        .iter()
        .map(|m| crate::sort::thread_subject(m.subject.as_deref().unwrap_or("")))
        .collect();
    thread_keyed(algorithm, msgs, &keys)
}

/// The same with each message's subject key already known (`keys[i]` is `msgs[i]`'s; stored
/// at delivery, see `storage::subject`): the messages' `subject` is not read.
pub fn thread_keyed(algorithm: Algorithm, msgs: &[Msg], keys: &[SubjectKey]) -> String {
    match algorithm {
        Algorithm::OrderedSubject => ordered_subject(msgs, keys),
        Algorithm::References | Algorithm::Refs => {
            let mut forest = Forest::link(msgs, keys);
            forest.shadows();
            if algorithm == Algorithm::References {
                forest.sort_roots();
                if forest.gather_subjects() {
                    forest.sort_roots();
                }
            } else {
                forest.sort_roots_by_latest();
            }
            forest.write()
        }
    }
}

/// ORDEREDSUBJECT (RFC 5256 §4): messages sorted by base subject then sent date; each run of
/// one base subject is a thread whose first message is the parent of all others; threads in
/// the order of their first message's sent date.
fn ordered_subject(msgs: &[Msg], keys: &[SubjectKey]) -> String {
    use std::fmt::Write as _;
    let mut keyed: Vec<(&str, i64, u32, u32)> = msgs
        .iter()
        .zip(keys)
        .map(|(m, (base, _))| (base.as_str(), m.date, m.uid, m.num))
        .collect();
    keyed.sort_unstable();
    // Each run of one base subject is a thread: (its first message's date and UID, the run
    // in `keyed`). No list per thread.
    let mut threads: Vec<(i64, u32, usize, usize)> = Vec::new();
    let mut start = 0;
    while let Some(&(base, date, uid, _)) = keyed.get(start) {
        let mut end = start + 1;
        while keyed.get(end).is_some_and(|k| k.0 == base) {
            end += 1;
        }
        threads.push((date, uid, start, end));
        start = end;
    }
    // UIDs are unique: no two keys are equal.
    threads.sort_unstable_by_key(|t| (t.0, t.1));
    let mut out = String::new();
    for (_, _, start, end) in threads {
        let nums = &keyed[start..end];
        let _ = match nums {
            [one] => write!(out, "({})", one.3),
            [a, b] => write!(out, "({} {})", a.3, b.3),
            [first, rest @ ..] => {
                let _ = write!(out, "({} ", first.3);
                for n in rest {
                    let _ = write!(out, "({})", n.3);
                }
                write!(out, ")")
            }
            [] => Ok(()),
        };
    }
    out
}

/// A container of RFC 5256 §4: a message, or a dummy standing for a Message-ID referred to
/// but not present.
#[derive(Debug, Clone, Default)]
struct Node {
    msg: Option<usize>,
    parent: Option<usize>,
    /// How many containers have this one as parent.
    kids: u32,
}

/// A thread at the top (§4 step 2), with what steps 5 and 6 note about it.
#[derive(Debug, Clone)]
struct Root {
    /// The container shown at the top: a message, or a dummy (`dummy`).
    node: usize,
    dummy: bool,
    /// Merged into another thread, or a dummy left without children: not shown.
    ignore: bool,
    /// Its subject was a reply or forward (step 5).
    reply: bool,
    /// Step 5: the root of the subject table entry this one merges into.
    merge_into: Option<usize>,
    /// Sort key (step 6): the date and UID of its message, or of a dummy's first child.
    date: i64,
    uid: u32,
}

struct Forest<'a> {
    msgs: &'a [Msg],
    /// Each message's subject key.
    keys: &'a [SubjectKey],
    nodes: Vec<Node>,
    /// Step 3's tree: each container's children (messages only), by container index.
    /// Dummies made by step 5 get entries past `nodes`.
    children: Vec<Vec<usize>>,
    roots: Vec<Root>,
}

impl<'a> Forest<'a> {
    /// Step 1: a container per Message-ID, linked by the references, then each message under
    /// its last reference. A duplicate or missing Message-ID gets a container of its own that
    /// nothing can refer to (§4 step 1: "assign a unique Message ID"); the first message with
    /// an ID keeps it, as in Dovecot.
    fn link(msgs: &'a [Msg], keys: &'a [SubjectKey]) -> Forest<'a> {
        let mut nodes: Vec<Node> = Vec::with_capacity(msgs.len() * 2);
        let mut ids: HashMap<&str, usize> = HashMap::with_capacity(msgs.len() * 2);
        for (i, m) in msgs.iter().enumerate() {
            // One hash per ID (`entry`, not a look-up then an insert).
            let me = match m.message_id.as_deref() {
                Some(id) => match ids.entry(id) {
                    Entry::Occupied(e) if nodes[*e.get()].msg.is_none() => *e.get(),
                    Entry::Occupied(_) => push(&mut nodes),
                    Entry::Vacant(e) => *e.insert(push(&mut nodes)),
                },
                None => push(&mut nodes),
            };
            nodes[me].msg = Some(i);
            // (A) References in order, each the parent of the next.
            let mut last: Option<usize> = None;
            for r in &m.refs {
                let at = *ids.entry(r.as_str()).or_insert_with(|| push(&mut nodes));
                if let Some(p) = last {
                    link_ref(&mut nodes, p, at);
                }
                last = Some(at);
            }
            // (B) The message under its last reference: a different parent found so far
            // came from someone else's References, probably cut short; this one wins.
            if let Some(old) = nodes[me].parent
                && Some(old) != last
            {
                nodes[me].parent = None;
                nodes[old].kids -= 1;
            }
            if let Some(p) = last {
                link_ref(&mut nodes, p, me);
            }
        }
        let children = vec![Vec::new(); nodes.len()];
        Forest {
            msgs,
            keys,
            nodes,
            children,
            roots: Vec::new(),
        }
    }

    /// Steps 2 and 3: containers without a parent are the roots; every message hangs under
    /// its nearest ancestor that is a message, or under the topmost dummy when there is
    /// none. Dummies disappear from inside the threads (their children are promoted); a
    /// dummy at the top stays for now (step 5 still needs it; step 6 promotes a lone child).
    fn shadows(&mut self) {
        for idx in 0..self.nodes.len() {
            let Some(mut p) = self.nodes[idx].parent else {
                self.roots.push(Root {
                    node: idx,
                    dummy: self.nodes[idx].msg.is_none(),
                    ignore: false,
                    reply: false,
                    merge_into: None,
                    date: i64::MIN,
                    uid: 0,
                });
                continue;
            };
            if self.nodes[idx].msg.is_none() {
                continue;
            }
            while self.nodes[p].msg.is_none() {
                match self.nodes[p].parent {
                    Some(up) => p = up,
                    None => break,
                }
            }
            self.children[p].push(idx);
        }
    }

    fn date_uid(&self, node: usize) -> (i64, u32) {
        match self.nodes.get(node).and_then(|n| n.msg) {
            Some(m) => (self.msgs[m].date, self.msgs[m].uid),
            None => (i64::MIN, 0),
        }
    }

    /// A container's children in step 6's order: sent date, then mailbox order.
    fn sorted_children(&self, node: usize) -> Vec<usize> {
        let mut kids = self.children.get(node).cloned().unwrap_or_default();
        kids.sort_by_key(|&k| self.date_uid(k));
        kids
    }

    /// Step 6 at the top: a dummy sorts as its first child, and one with a single child is
    /// replaced by it (the deferred part of step 3); roots by date, then mailbox order.
    fn sort_roots(&mut self) {
        for i in 0..self.roots.len() {
            if self.roots[i].ignore {
                continue;
            }
            if self.roots[i].dummy {
                let kids = self.sorted_children(self.roots[i].node);
                match kids.as_slice() {
                    [] => self.roots[i].ignore = true,
                    [only] => {
                        self.roots[i].node = *only;
                        self.roots[i].dummy = false;
                        (self.roots[i].date, self.roots[i].uid) = self.date_uid(*only);
                    }
                    [first, ..] => (self.roots[i].date, self.roots[i].uid) = self.date_uid(*first),
                }
            } else {
                (self.roots[i].date, self.roots[i].uid) = self.date_uid(self.roots[i].node);
            }
        }
        self.roots.sort_by_key(|r| (r.date, r.uid));
    }

    /// Step 5: threads whose roots have the same base subject are put together. Returns
    /// whether any was (the roots must then be sorted again).
    fn gather_subjects(&mut self) -> bool {
        let mut table: HashMap<&'a str, usize> = HashMap::with_capacity(self.roots.len());
        for i in 0..self.roots.len() {
            let root = &self.roots[i];
            if root.ignore {
                continue;
            }
            // (A) The subject of the root's message, or of a dummy's oldest child.
            let node = if root.dummy {
                match self.sorted_children(root.node).first() {
                    Some(&k) => k,
                    None => continue,
                }
            } else {
                root.node
            };
            let Some((base, reply)) = self.nodes[node].msg.and_then(|m| self.keys.get(m)) else {
                continue;
            };
            let (base, reply) = (base.as_str(), *reply);
            // (B) An empty subject (or none) gathers nothing.
            if base.is_empty() {
                continue;
            }
            // (C) The table keeps a dummy over a message, a message over a reply.
            match table.entry(base) {
                Entry::Vacant(e) => {
                    e.insert(i);
                }
                Entry::Occupied(mut e) => {
                    let h = *e.get();
                    let held = &self.roots[h];
                    if !held.dummy && (self.roots[i].dummy || (held.reply && !reply)) {
                        self.roots[h].merge_into = Some(i);
                        e.insert(i);
                    } else {
                        self.roots[i].merge_into = Some(h);
                    }
                }
            }
            self.roots[i].reply = reply;
        }
        let mut changed = false;
        let count = self.roots.len();
        for i in 0..count {
            if self.roots[i].merge_into.is_some() && !self.roots[i].ignore {
                self.merge(i);
                changed = true;
            }
        }
        changed
    }

    /// Step 5 (E): thread `cur` joins the thread its subject table entry stands for now.
    fn merge(&mut self, cur: usize) {
        let mut top = cur;
        // Each step goes to an entry made earlier or to a new dummy: no cycle.
        let mut steps = 0;
        while let Some(up) = self.roots[top].merge_into {
            top = up;
            steps += 1;
            if steps > self.roots.len() {
                return;
            }
        }
        let (cur_node, top_node) = (self.roots[cur].node, self.roots[top].node);
        if self.roots[cur].dummy {
            // Both dummies: the children of both become siblings.
            let moved = std::mem::take(&mut self.children[cur_node]);
            self.children[top_node].extend(moved);
            self.roots[cur].ignore = true;
        } else if self.roots[top].dummy || (self.roots[cur].reply && !self.roots[top].reply) {
            self.children[top_node].push(cur_node);
            self.roots[cur].ignore = true;
        } else {
            // Neither: a new dummy holds both, and takes the entry's place.
            let dummy = self.children.len();
            self.children.push(vec![top_node, cur_node]);
            self.roots[top].merge_into = Some(self.roots.len());
            self.roots[top].ignore = true;
            self.roots[cur].ignore = true;
            self.roots.push(Root {
                node: dummy,
                dummy: true,
                ignore: false,
                reply: false,
                merge_into: None,
                date: i64::MIN,
                uid: 0,
            });
        }
    }

    /// REFS: no subject gathering; threads in the order of their most recent message (the
    /// latest sent date among all their messages), as Dovecot sorts them.
    fn sort_roots_by_latest(&mut self) {
        // Each container's root, by container index (roots are containers of `nodes` here:
        // step 5 has not added any).
        let mut at: Vec<Option<usize>> = vec![None; self.nodes.len()];
        for (i, root) in self.roots.iter_mut().enumerate() {
            if let Some(slot) = at.get_mut(root.node) {
                *slot = Some(i);
            }
            if root.dummy && self.children[root.node].is_empty() {
                root.ignore = true;
            }
            root.uid = self.nodes[root.node].msg.map_or(0, |m| self.msgs[m].uid);
        }
        let tops = tops(&self.nodes);
        for (idx, &top) in tops.iter().enumerate() {
            let Some(m) = self.nodes[idx].msg else {
                continue;
            };
            if let Some(&Some(r)) = at.get(top) {
                self.roots[r].date = self.roots[r].date.max(self.msgs[m].date);
            }
        }
        self.roots.sort_by_key(|r| (r.date, r.uid));
    }

    /// The answer (RFC 5256 §5 `thread-list`), written as Dovecot writes it: a container
    /// with one child continues on the same level ("3 6"), with more each child is
    /// parenthesized ("(4 23)(44 7 96)"); a dummy shows only its children.
    fn write(&self) -> String {
        /// What is left to write; nothing is allocated per message.
        enum Work {
            Text(&'static str),
            /// A message's number.
            Num(usize),
            /// "(n)": a message without children.
            Leaf(usize),
            /// "(n ": a message whose children follow.
            Open(usize),
            Level {
                nodes: Vec<usize>,
                top: bool,
            },
        }
        let tops: Vec<usize> = self
            .roots
            .iter()
            .filter(|r| !r.ignore)
            .map(|r| r.node)
            .collect();
        let mut out = String::new();
        let mut stack = vec![Work::Level {
            nodes: tops,
            top: true,
        }];
        while let Some(work) = stack.pop() {
            let (nodes, top) = match work {
                Work::Text(t) => {
                    out.push_str(t);
                    continue;
                }
                Work::Num(node) => {
                    self.write_num(&mut out, node);
                    continue;
                }
                Work::Leaf(node) => {
                    out.push('(');
                    self.write_num(&mut out, node);
                    out.push(')');
                    continue;
                }
                Work::Open(node) => {
                    out.push('(');
                    self.write_num(&mut out, node);
                    out.push(' ');
                    continue;
                }
                Work::Level { nodes, top } => (nodes, top),
            };
            // Pushed in reverse: the stack gives them back in order.
            let mut items: Vec<Work> = Vec::new();
            if let [only] = nodes.as_slice()
                && !top
            {
                items.push(Work::Num(*only));
                let kids = self.sorted_children(*only);
                if !kids.is_empty() {
                    items.push(Work::Text(" "));
                    items.push(Work::Level {
                        nodes: kids,
                        top: false,
                    });
                }
            } else {
                for node in nodes {
                    let kids = self.sorted_children(node);
                    let dummy = self.nodes.get(node).is_none_or(|n| n.msg.is_none());
                    if kids.is_empty() {
                        if !dummy {
                            items.push(Work::Leaf(node));
                        }
                        continue;
                    }
                    items.push(if dummy {
                        Work::Text("(")
                    } else {
                        Work::Open(node)
                    });
                    items.push(Work::Level {
                        nodes: kids,
                        top: false,
                    });
                    items.push(Work::Text(")"));
                }
            }
            stack.extend(items.into_iter().rev());
        }
        out
    }

    /// The number the answer shows for a message's container (nothing for a dummy).
    fn write_num(&self, out: &mut String, node: usize) {
        use std::fmt::Write as _;
        if let Some(m) = self.nodes.get(node).and_then(|n| n.msg) {
            let _ = write!(out, "{}", self.msgs[m].num);
        }
    }
}

fn push(nodes: &mut Vec<Node>) -> usize {
    nodes.push(Node::default());
    nodes.len() - 1
}

/// Makes `parent` the parent of `child` (§4 step 1A) unless `child` already has one, or that
/// would make a loop (`child` is `parent` or one of its ancestors). A container without
/// children cannot be anyone's ancestor: the walk up is needed only for one with children,
/// so a long thread delivered in order links in constant time per message.
fn link_ref(nodes: &mut [Node], parent: usize, child: usize) {
    if nodes[child].parent.is_some() || parent == child {
        return;
    }
    if nodes[child].kids > 0 {
        let mut up = Some(parent);
        while let Some(n) = up {
            if n == child {
                return;
            }
            up = nodes[n].parent;
        }
    }
    nodes[child].parent = Some(parent);
    nodes[parent].kids += 1;
}

/// Each container's topmost ancestor (itself at the top), in one pass: every walk stops at
/// a container already resolved, so the whole costs one visit per container.
fn tops(nodes: &[Node]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    let mut top = vec![UNKNOWN; nodes.len()];
    let mut path = Vec::new();
    for start in 0..nodes.len() {
        let mut n = start;
        while top[n] == UNKNOWN {
            path.push(n);
            match nodes[n].parent {
                Some(p) => n = p,
                None => {
                    top[n] = n;
                    break;
                }
            }
        }
        let t = top[n];
        for p in path.drain(..) {
            top[p] = t;
        }
    }
    top
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> crate::session::Session<S> {
    /// THREAD and UID THREAD (RFC 5256 §3): `* THREAD` with the threads of the messages the
    /// search keys find.
    pub(crate) async fn thread(
        &mut self,
        by_uid: bool,
        algorithm: Algorithm,
        key: crate::search::Key,
    ) -> Result<crate::error::Done, crate::error::ImapError> {
        let view = self.view()?;
        let (owner, id, known) = (view.owner, view.id, view.uids.clone());
        let key = self.prepare_key(key)?;
        let store = self.imap.store.clone();
        let line = crate::error::blocking("THREAD failed", move || {
            let hits = crate::search_run::run(&store, owner, id, &known, key, false)?;
            // REFS never looks at subjects.
            let subjects = algorithm != Algorithm::Refs;
            let (msgs, keys) = thread_input(&store, owner, id, &hits, by_uid, subjects)?;
            Ok(thread_keyed(algorithm, &msgs, &keys))
        })
        .await?;
        self.output.extend_from_slice(b"* THREAD ");
        self.output.extend_from_slice(line.as_bytes());
        self.output.extend_from_slice(b"\r\n");
        Ok(crate::error::Done::default())
    }
}

/// The messages found, as threading reads them, with their subject keys (stored at
/// delivery; empty without `subjects`): one query for the range they span.
pub(crate) fn thread_input(
    store: &storage::Store,
    owner: storage::AccountId,
    mailbox: storage::MailboxId,
    hits: &[crate::search_run::Hit],
    by_uid: bool,
    subjects: bool,
) -> Result<(Vec<Msg>, Vec<SubjectKey>), storage::StorageError> {
    let (Some(first), Some(last)) = (hits.first(), hits.last()) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut msgs = Vec::with_capacity(hits.len());
    let mut keys = Vec::with_capacity(hits.len());
    let num = |hit: &crate::search_run::Hit| if by_uid { hit.uid } else { hit.seq };
    let mut next = 0;
    let complete = store.each_thread_row(owner, mailbox, first.uid..=last.uid, |row| {
        // Both in UID order; a message expunged meanwhile has no row.
        while hits.get(next).is_some_and(|h| h.uid < row.uid) {
            next += 1;
        }
        if let Some(hit) = hits.get(next).filter(|h| h.uid == row.uid) {
            msgs.push(Msg {
                num: num(hit),
                uid: hit.uid,
                date: sent_date(row.sent_date, row.internal_date),
                message_id: row.message_id.map(str::to_string),
                refs: row
                    .refs
                    .split_ascii_whitespace()
                    .map(str::to_string)
                    .collect(),
                subject: None,
            });
            // An empty String allocates nothing.
            let base = if subjects {
                row.base_subject.to_string()
            } else {
                String::new()
            };
            keys.push((base, row.reply));
            next += 1;
        }
    })?;
    if complete {
        return Ok((msgs, keys));
    }
    // Contents stored before their references or subject keys were: read (and stored) now.
    msgs.clear();
    keys.clear();
    let rows = store.thread_rows(owner, mailbox, first.uid..=last.uid)?;
    let mut rows = rows.into_iter().peekable();
    for hit in hits {
        while rows.next_if(|r| r.uid < hit.uid).is_some() {}
        let Some(row) = rows.next_if(|r| r.uid == hit.uid) else {
            continue;
        };
        msgs.push(Msg {
            num: num(hit),
            uid: hit.uid,
            date: sent_date(row.sent_date, row.internal_date),
            message_id: row.message_id,
            refs: row.refs,
            subject: None,
        });
        keys.push((row.base_subject, row.reply));
    }
    Ok((msgs, keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(n: u32, id: &str, refs: &[&str], subject: &str, date: i64) -> Msg {
        Msg {
            num: n,
            uid: n,
            message_id: (!id.is_empty()).then(|| id.to_string()),
            refs: refs.iter().map(|r| r.to_string()).collect(),
            subject: Some(subject.to_string()),
            date,
        }
    }

    /// RFC 5256 §4's example answer: (2)(3 6 (4 23)(44 7 96)) — a thread in which 3 has the
    /// one reply 6, which has the two replies 4 (answered by 23) and 44 (answered by 7,
    /// answered by 96).
    #[test]
    fn rfc_5256_references_example() {
        let msgs = vec![
            msg(2, "two", &[], "Lunch", 1),
            msg(3, "three", &[], "Plan", 2),
            msg(4, "four", &["three", "six"], "Re: Plan", 4),
            msg(6, "six", &["three"], "Re: Plan", 3),
            msg(7, "seven", &["three", "six", "ff"], "Re: Plan", 6),
            msg(23, "tt", &["three", "six", "four"], "Re: Plan", 5),
            msg(44, "ff", &["three", "six"], "Re: Plan", 5),
            msg(96, "nn", &["three", "six", "ff", "seven"], "Re: Plan", 7),
        ];
        assert_eq!(
            thread(Algorithm::References, &msgs),
            "(2)(3 6 (4 23)(44 7 96))"
        );
    }

    /// Missing parents (dummies), one child promoted, two kept under a dummy; subject
    /// gathering of a thread whose root lost its References; the Vietnamese markers.
    #[test]
    fn dummies_and_subjects() {
        let msgs = vec![
            msg(1, "a", &["gone"], "Re: Giấy mời", 10),
            msg(2, "b", &["gone2"], "Re: Báo cáo", 11),
            msg(3, "c", &["gone2"], "Re: Báo cáo", 12),
            msg(4, "d", &[], "Kế hoạch", 13),
            msg(5, "e", &[], "TL: Kế hoạch", 14),
            msg(6, "f", &[], "Trả lời: Chuyển tiếp: kế hoạch", 15),
        ];
        assert_eq!(
            thread(Algorithm::References, &msgs),
            "(1)((2)(3))(4 (5)(6))"
        );
        // Without the markers the replies would be threads of their own.
        assert_eq!(thread(Algorithm::Refs, &msgs), "(1)((2)(3))(4)(5)(6)");
    }

    #[test]
    fn two_originals_with_one_subject_share_a_dummy() {
        let msgs = vec![
            msg(1, "a", &[], "Họp giao ban", 10),
            msg(2, "b", &[], "họp giao ban", 5),
            msg(3, "c", &["a"], "Re: Họp giao ban", 11),
        ];
        assert_eq!(thread(Algorithm::References, &msgs), "((2)(1 3))");
    }

    #[test]
    fn loops_and_duplicates_are_broken() {
        let msgs = vec![
            msg(1, "a", &["b"], "x", 1),
            msg(2, "b", &["a"], "y", 2),
            msg(3, "a", &[], "z", 3),
            msg(4, "", &["a"], "w", 4),
            msg(5, "e", &["e"], "v", 5),
        ];
        // 2 refers to 1 (1's reference to b made b its parent first, so 2 under 1 would
        // loop: 2's link is refused, and 1 stays under 2); 3's duplicate ID is its own.
        assert_eq!(thread(Algorithm::References, &msgs), "(2 1 4)(3)(5)");
    }

    /// REFS sorts threads by their latest message: an old thread with a new reply comes last.
    #[test]
    fn refs_orders_by_latest_reply() {
        let msgs = vec![
            msg(1, "a", &[], "Cũ", 1),
            msg(2, "b", &[], "Mới", 5),
            msg(3, "c", &["a"], "Re: Cũ", 9),
        ];
        assert_eq!(thread(Algorithm::References, &msgs), "(1 3)(2)");
        assert_eq!(thread(Algorithm::Refs, &msgs), "(2)(1 3)");
    }

    /// RFC 5256 §4 ORDEREDSUBJECT: one parent per base subject, the rest its children.
    #[test]
    fn ordered_subject() {
        let msgs = vec![
            msg(1, "", &[], "Re: Báo cáo", 3),
            msg(2, "", &[], "Giấy mời", 2),
            msg(3, "", &[], "Báo cáo", 1),
            msg(4, "", &[], "TL: báo cáo", 4),
            msg(5, "", &[], "Fwd: giấy mời", 5),
            msg(6, "", &[], "Đơn", 6),
        ];
        assert_eq!(
            thread(Algorithm::OrderedSubject, &msgs),
            "(3 (1)(4))(2 5)(6)"
        );
    }

    /// A chain 100,000 deep is written without recursion (the stack would overflow).
    #[test]
    fn deep_chains_do_not_recurse() {
        let n = 100_000u32;
        let msgs: Vec<Msg> = (1..=n)
            .map(|i| {
                let refs: Vec<String> = if i > 1 {
                    vec![format!("m{}", i - 1)]
                } else {
                    Vec::new()
                };
                Msg {
                    num: i,
                    uid: i,
                    message_id: Some(format!("m{i}")),
                    refs,
                    subject: Some("x".into()),
                    date: i64::from(i),
                }
            })
            .collect();
        let out = thread(Algorithm::References, &msgs);
        assert!(out.starts_with("(1 2 3 "));
        assert!(out.ends_with(" 100000)"));
    }
}
