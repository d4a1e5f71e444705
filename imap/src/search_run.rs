//! Running a SEARCH (or the search part of SORT) over a selected mailbox.
//!
//! 1. Text keys whose string has three characters or more are answered by the full-text
//!    index: each becomes the set of UIDs that match (`Key::Found`).
//! 2. Those sets narrow the candidates where the criteria allow it (an AND containing a text
//!    key; an OR of two narrowed keys), so `SEARCH SUBJECT "xyz"` on a 100,000-message
//!    mailbox touches only the few messages the index names.
//! 3. Only the candidates' metadata is read, and only when some key looks at it; a message's
//!    blob is read only for HEADER, BCC, and BODY/TEXT strings too short for the index.
//!
//! Results are limited to the messages the session knows (its UID list), so sequence numbers
//! agree with what the client has been told (RFC 9051 §7.5.1: no EXISTS is implied here).

use std::collections::HashSet;
use std::sync::Arc;

use storage::search::{MIN_INDEXED_CHARS, TextField};
use storage::text::search_form;
use storage::{AccountId, MailboxId, MessageInfo, StorageError, Store};

use crate::search::{self, Candidate, Key};

/// One matching message.
pub struct Hit {
    pub seq: u32,
    pub uid: u32,
    /// Its MODSEQ, when the caller asked for it (CONDSTORE's answer, RFC 7162 §3.1.5).
    pub modseq: Option<u64>,
}

/// Messages of `mailbox` (whose UIDs the session knows as `known`, ascending) matching `key`,
/// in sequence order.
pub fn run(
    store: &Store,
    account: AccountId,
    mailbox: MailboxId,
    known: &[u32],
    key: Key,
    with_modseq: bool,
) -> Result<Vec<Hit>, StorageError> {
    // Contents not yet indexed (stored before the index, or before migration 13 gave them
    // group-aware address columns and `sent_day`) are brought up to date first, so that the
    // keys and SORT read current columns.
    store.index_mailbox_backlog(mailbox)?;
    let key = resolve(store, account, mailbox, key)?;
    let largest_seq = known.len() as u32;
    let largest_uid = known.last().copied().unwrap_or(0);
    let universe: Vec<(u32, u32)> = match narrow(&key) {
        Some(uids) => {
            let mut uids: Vec<u32> = uids.into_iter().collect();
            uids.sort_unstable();
            uids.into_iter()
                .filter_map(|uid| {
                    let seq = known.binary_search(&uid).ok()? as u32 + 1;
                    Some((seq, uid))
                })
                .collect()
        }
        None => known
            .iter()
            .enumerate()
            .map(|(i, &uid)| (i as u32 + 1, uid))
            .collect(),
    };
    let need_info = with_modseq || search::needs_info(&key);
    let need_blob = search::needs_blob(&key);
    let mut infos = if need_info {
        load_infos(store, account, mailbox, known, &universe)?
    } else {
        Vec::new()
    }
    .into_iter()
    .peekable();
    let mut hits = Vec::new();
    for (seq, uid) in universe {
        let info = if need_info {
            // Both lists are in UID order; a message expunged meanwhile has no info.
            while infos.next_if(|i| i.uid < uid).is_some() {}
            match infos.next_if(|i| i.uid == uid) {
                Some(info) => Some(info),
                None => continue,
            }
        } else {
            None
        };
        let blob = match (need_blob, &info) {
            (true, Some(info)) => {
                let raw = store.read_content_range(&info.blob, 0..u64::MAX)?;
                Some(storage::search::message_text(&raw))
            }
            _ => None,
        };
        let candidate = Candidate {
            seq,
            uid,
            info: info.as_ref(),
            blob: blob.as_ref(),
        };
        if search::matches(&key, &candidate, largest_seq, largest_uid) {
            hits.push(Hit {
                seq,
                uid,
                modseq: info.as_ref().map(|i| i.modseq).filter(|_| with_modseq),
            });
        }
    }
    Ok(hits)
}

/// Replaces each text key the index can answer by the UIDs it found.
fn resolve(
    store: &Store,
    account: AccountId,
    mailbox: MailboxId,
    key: Key,
) -> Result<Key, StorageError> {
    let go = |k| resolve(store, account, mailbox, k);
    Ok(match key {
        Key::Text(field, needle) => {
            let form = search_form(&needle);
            if form.chars().count() < MIN_INDEXED_CHARS {
                return Ok(if form.is_empty() {
                    // The empty string is in every field there is (RFC 9051 §6.4.4, as
                    // HEADER): SUBJECT "" finds the messages that have a Subject, as
                    // Dovecot answers; BODY and TEXT "" every message.
                    match field {
                        TextField::Subject => Key::Header("Subject".into(), String::new()),
                        TextField::From => Key::Header("From".into(), String::new()),
                        TextField::To => Key::Header("To".into(), String::new()),
                        TextField::Cc => Key::Header("Cc".into(), String::new()),
                        TextField::Body | TextField::Any => Key::All,
                    }
                } else {
                    Key::Text(field, needle)
                });
            }
            let uids = store.search_text(account, mailbox, field, &form)?;
            Key::Found(Arc::new(uids.into_iter().collect()))
        }
        // RFC 8474 §6: THREADID is computed from what THREAD reads (`storage::thread`).
        Key::ThreadId(wanted) => {
            let rows = store.thread_rows(account, mailbox, 1..=u32::MAX)?;
            let uids = rows
                .into_iter()
                .filter(|r| {
                    storage::thread::thread_id(r.message_id.as_deref(), &r.refs, &r.blob) == wanted
                })
                .map(|r| r.uid)
                .collect();
            Key::Found(Arc::new(uids))
        }
        // imapappend: SAVEDBEFORE/ON/SINCE (RFC 8514 §4.2); a message saved before save
        // dates were kept matches none of them.
        Key::Saved(order, day) => {
            let uids = store
                .save_dates(account, mailbox, 1..=u32::MAX)?
                .into_iter()
                .filter(|&(_, saved)| {
                    saved.is_some_and(|s| match storage::vn_day(s).cmp(&day) {
                        std::cmp::Ordering::Equal => order != std::cmp::Ordering::Less,
                        other => other == order,
                    })
                })
                .map(|(uid, _)| uid);
            Key::Found(Arc::new(uids.collect()))
        }
        Key::Not(k) => Key::Not(Box::new(go(*k)?)),
        Key::Or(a, b) => Key::Or(Box::new(go(*a)?), Box::new(go(*b)?)),
        Key::And(ks) => Key::And(ks.into_iter().map(go).collect::<Result<_, _>>()?),
        other => other,
    })
}

/// The UIDs that can match at all, when the index's answers bound them; `None`: any.
fn narrow(key: &Key) -> Option<HashSet<u32>> {
    match key {
        Key::Found(uids) => Some(uids.as_ref().clone()),
        Key::And(ks) => {
            let mut sets: Vec<HashSet<u32>> = ks.iter().filter_map(narrow).collect();
            sets.sort_by_key(HashSet::len);
            let mut sets = sets.into_iter();
            let first = sets.next()?;
            Some(sets.fold(first, |acc, s| acc.intersection(&s).copied().collect()))
        }
        Key::Or(a, b) => {
            let mut a = narrow(a)?;
            a.extend(narrow(b)?);
            Some(a)
        }
        _ => None,
    }
}

/// Metadata of the candidates, in UID order: point lookups for a few, one range read when
/// they are a good part of the mailbox.
fn load_infos(
    store: &Store,
    account: AccountId,
    mailbox: MailboxId,
    known: &[u32],
    universe: &[(u32, u32)],
) -> Result<Vec<MessageInfo>, StorageError> {
    let (Some(&(_, first)), Some(&(_, last))) = (universe.first(), universe.last()) else {
        return Ok(Vec::new());
    };
    if universe.len() * 8 < known.len() {
        let uids: Vec<u32> = universe.iter().map(|&(_, uid)| uid).collect();
        store.messages_by_uid(account, mailbox, &uids)
    } else {
        store.messages(account, mailbox, first..=last)
    }
}
impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> crate::session::Session<S> {
    /// SEARCH and UID SEARCH (RFC 9051 §6.4.4), answered with `* SEARCH`, or `* ESEARCH`
    /// when RETURN was given or IMAP4rev2 is on (RFC 4731, RFC 9051 §7.3.4); RETURN's SAVE,
    /// PARTIAL and UPDATE are in `esearch`.
    pub(crate) async fn search(
        &mut self,
        tag: &str,
        by_uid: bool,
        returns: Option<crate::esearch::Returns>,
        key: Key,
    ) -> Result<crate::error::Done, crate::error::ImapError> {
        let view = self.view()?;
        let (owner, id, known) = (view.owner, view.id, view.uids.clone());
        let returns = returns.or_else(|| {
            self.rev2.then(|| crate::esearch::Returns {
                all: true,
                ..Default::default()
            })
        });
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
        let found = crate::error::blocking("SEARCH failed", move || {
            let hits = run(&store, owner, id, &known, key, with_modseq)?;
            let modseqs: Vec<u64> = hits.iter().filter_map(|h| h.modseq).collect();
            let uids: Vec<u32> = hits.iter().map(|h| h.uid).collect();
            let hits = hits
                .into_iter()
                .map(|h| if by_uid { h.uid } else { h.seq })
                .collect::<Vec<u32>>();
            Ok((hits, uids, modseqs))
        })
        .await;
        let (hits, uids, modseqs) = match found {
            Ok(found) => found,
            Err(e) => {
                // RFC 5182 §2.1: a SEARCH … SAVE that fails leaves `$` empty.
                self.forget_saved(&returns);
                return Err(e);
            }
        };
        match returns {
            Some(returns) => {
                let modseq = if with_modseq {
                    let names: Vec<String> = [
                        (returns.min, "MIN"),
                        (returns.max, "MAX"),
                        (returns.all || returns.partial.is_some(), "ALL"),
                        (returns.count, "COUNT"),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, n)| n.to_string())
                    .collect();
                    crate::condstore::esearch_modseq(&modseqs, &names)
                } else {
                    None
                };
                self.answer_esearch(tag, by_uid, &returns, &hits, &uids, None, kept, modseq);
            }
            None => {
                let mut line = String::from("* SEARCH");
                for n in &hits {
                    line.push(' ');
                    line.push_str(&n.to_string());
                }
                // RFC 7162 §3.1.6: the highest MODSEQ of the messages found.
                if let Some(m) = modseqs.iter().max().filter(|_| with_modseq) {
                    line.push_str(&format!(" (MODSEQ {m})"));
                }
                line.push_str("\r\n");
                self.output.extend_from_slice(line.as_bytes());
            }
        }
        Ok(crate::error::Done::default())
    }

    /// RFC 5182 §2.1: when a command asking SAVE fails, the saved result is empty.
    pub(crate) fn forget_saved(&mut self, returns: &Option<crate::esearch::Returns>) {
        if returns.as_ref().is_some_and(|r| r.save)
            && let Some(view) = self.view_mut()
        {
            view.saved.clear();
        }
    }
}
