//! The selected mailbox as this session's client knows it: the sequence-number map, the
//! keywords it was told of, its \Recent messages, and what happened in the mailbox that the
//! client has not been told yet. Every command goes through it: sequence sets are resolved
//! here, and the untagged EXISTS / EXPUNGE / RECENT / FLAGS lines are written here by the
//! rules of RFC 9051 §7 (see `idle.rs` for the change feed that feeds it).
//!
//! An expunge made by another session is first only *pending*: the message keeps its number
//! until the client may be told (RFC 9051 §7.5.1: never during FETCH, STORE or SEARCH by
//! sequence number, never between commands). Until then EXISTS counts it, and a FETCH of it
//! answers what can still be read with `[EXPUNGEISSUED]` (RFC 9051 §7.1).

use storage::{AccountId, MailboxId};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::ImapError;
use crate::sequence::SequenceSet;
use crate::session::{Rights, Session, State};

/// Refuses a change to a unit's mailbox shared read-only (RFC 9051 §7.1 NOPERM).
pub(crate) const NOPERM_TEXT: &str = "read-only access to this shared mailbox: ask the \
                                      administrator for read-write access (govmail user grant)";

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// The selected mailbox (commands that need one are only run in the selected state).
    pub(crate) fn view(&self) -> Result<&View, ImapError> {
        match &self.state {
            State::Selected { mailbox, .. } => Ok(mailbox),
            _ => Err(ImapError::bad("select a mailbox first")),
        }
    }

    pub(crate) fn view_mut(&mut self) -> Option<&mut View> {
        match &mut self.state {
            State::Selected { mailbox, .. } => Some(mailbox),
            _ => None,
        }
    }

    /// The selected mailbox, for commands that change it: NO [NOPERM] through a read-only
    /// grant, NO [READ-ONLY] after EXAMINE.
    pub(crate) fn writable(&self) -> Result<&View, ImapError> {
        let view = self.view()?;
        if view.rights == Rights::ReadOnly {
            return Err(ImapError::no(Some("NOPERM"), NOPERM_TEXT));
        }
        if view.read_only {
            return Err(ImapError::no(Some("READ-ONLY"), "the mailbox is read-only"));
        }
        Ok(view)
    }
}

#[derive(Debug)]
pub(crate) struct View {
    /// Whose mailbox it is: the logged-in account, or the unit that shared it (see
    /// `shared`). Every storage call on the mailbox names this account.
    pub(crate) owner: AccountId,
    pub(crate) id: MailboxId,
    /// Selected with EXAMINE or through a read-only grant: FETCH sets no \Seen.
    pub(crate) read_only: bool,
    pub(crate) rights: Rights,
    /// UIDs in order: message sequence number n is uids[n-1]. Ascending (UIDs strictly
    /// increase in a mailbox), so lookups are binary searches. Holds the pending expunges.
    pub(crate) uids: Vec<u32>,
    /// The highest MODSEQ this session has told the client about (HIGHESTMODSEQ at SELECT,
    /// then the changes it reported); never above the mailbox's.
    pub(crate) modseq: u64,
    /// UIDs expunged in the store but still numbered for the client (ascending).
    pub(crate) pending_expunges: Vec<u32>,
    /// The messages that are \Recent in this session (RFC 3501 §2.3.2), ascending. Shared
    /// with the FETCHes that show it (it changes only when mail arrives or goes).
    pub(crate) recent: std::sync::Arc<Vec<u32>>,
    /// The keywords the client was told of in FLAGS (RFC 9051 §7.3.5).
    pub(crate) keywords: Vec<String>,
    /// Flag changes this command already showed (its STORE or FETCH lines), as (UID,
    /// MODSEQ): the change feed brings them back, and they are not reported twice. Emptied
    /// once the command's updates are sent.
    pub(crate) reported: Vec<(u32, u64)>,
    // imapsort (issue 24):
    /// The result SEARCH … RETURN (SAVE) kept for `$` (RFC 5182), as UIDs, ascending. Empty
    /// at SELECT; a message expunged leaves it with its UID (never reused).
    pub(crate) saved: Vec<u32>,
    /// The searches and sorts kept up to date (RFC 5267 §4.3 UPDATE).
    pub(crate) contexts: Vec<crate::esearch::Context>,
}

/// The system flags, in FLAGS and PERMANENTFLAGS.
const SYSTEM_FLAGS: &str = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

impl View {
    /// The number of messages the client knows of.
    pub(crate) fn exists(&self) -> u32 {
        self.uids.len() as u32
    }

    /// The sequence number of a UID, if the client knows it.
    pub(crate) fn seq(&self, uid: u32) -> Option<u32> {
        self.uids.binary_search(&uid).ok().map(|i| i as u32 + 1)
    }

    pub(crate) fn is_recent(&self, uid: u32) -> bool {
        self.recent.binary_search(&uid).is_ok()
    }

    /// The messages a set names, as (sequence number, UID). Sequence numbers above the
    /// mailbox's size are a client error (RFC 9051 §9: "*" is the largest number in use, and
    /// a number beyond it names no message): BAD, as Dovecot answers. UIDs that do not exist
    /// are simply left out (RFC 9051 §6.4.8).
    pub(crate) fn resolve(
        &self,
        set: &SequenceSet,
        by_uid: bool,
    ) -> Result<Vec<(u32, u32)>, ImapError> {
        if matches!(set, SequenceSet::Saved) {
            // RFC 5182 §2.2: `$` names the messages saved, by UID or by number alike.
            return Ok(self
                .saved
                .iter()
                .filter_map(|&u| Some((self.seq(u)?, u)))
                .collect());
        }
        let largest = if by_uid {
            self.uids.last().copied().unwrap_or(0)
        } else {
            let count = self.exists();
            if count == 0 {
                // "*" is the number of messages "in a non-empty mailbox" (RFC 9051 §9): in an
                // empty one no sequence set names anything (Dovecot: "Invalid messageset").
                return Err(ImapError::bad(
                    "invalid message sequence set: the mailbox is empty",
                ));
            }
            if let Some(n) = set.highest_number().filter(|&n| n > count) {
                return Err(ImapError::bad(format!(
                    "invalid message number {n}: the mailbox holds {count} messages"
                )));
            }
            count
        };
        Ok(self
            .uids
            .iter()
            .enumerate()
            .map(|(i, &u)| (i as u32 + 1, u))
            .filter(|&(n, u)| set.contains(if by_uid { u } else { n }, largest, &[]))
            .collect())
    }

    /// `* FLAGS (…)` and `* OK [PERMANENTFLAGS (…)]` with the keywords known now.
    pub(crate) fn write_flags(&self, out: &mut Vec<u8>) {
        let mut keywords = String::new();
        for k in &self.keywords {
            keywords.push(' ');
            keywords.push_str(k);
        }
        out.extend_from_slice(format!("* FLAGS ({SYSTEM_FLAGS}{keywords})\r\n").as_bytes());
        if self.read_only {
            // RFC 9051 §7.1: no flag can be changed permanently.
            out.extend_from_slice(b"* OK [PERMANENTFLAGS ()] read-only\r\n");
        } else {
            out.extend_from_slice(
                format!("* OK [PERMANENTFLAGS ({SYSTEM_FLAGS}{keywords} \\*)] flags\r\n")
                    .as_bytes(),
            );
        }
    }

    /// Learns keywords a message now carries; true when one was new to the client, which
    /// must then hear a new FLAGS before the FETCH that shows it (RFC 9051 §7.3.5).
    pub(crate) fn learn_keywords(&mut self, keywords: &[String]) -> bool {
        let mut grew = false;
        for k in keywords {
            if !self
                .keywords
                .iter()
                .any(|known| known.eq_ignore_ascii_case(k))
            {
                self.keywords.push(k.clone());
                grew = true;
            }
        }
        if grew {
            self.keywords.sort();
        }
        grew
    }

    /// Adds messages new to the client; returns whether any was.
    pub(crate) fn add(&mut self, uid: u32) -> bool {
        match self.uids.binary_search(&uid) {
            Ok(_) => false,
            Err(at) => {
                self.uids.insert(at, uid);
                true
            }
        }
    }

    /// Notes that a message the client knows was expunged by someone else.
    pub(crate) fn expunged_elsewhere(&mut self, uid: u32) {
        if self.uids.binary_search(&uid).is_ok()
            && let Err(at) = self.pending_expunges.binary_search(&uid)
        {
            self.pending_expunges.insert(at, uid);
        }
    }

    /// Removes messages from the view, returning the sequence numbers each had at the
    /// moment it went, in the order to send them (one `* n EXPUNGE` each, RFC 9051 §7.5.1):
    /// highest first, so that no number shifts under the ones still to come.
    pub(crate) fn remove(&mut self, uids: &[u32]) -> Vec<u32> {
        let mut at: Vec<usize> = uids
            .iter()
            .filter_map(|u| self.uids.binary_search(u).ok())
            .collect();
        at.sort_unstable_by(|a, b| b.cmp(a));
        at.dedup();
        let mut numbers = Vec::with_capacity(at.len());
        for i in at {
            let uid = self.uids.remove(i);
            if let Ok(r) = self.recent.binary_search(&uid) {
                std::sync::Arc::make_mut(&mut self.recent).remove(r);
            }
            if let Ok(p) = self.pending_expunges.binary_search(&uid) {
                self.pending_expunges.remove(p);
            }
            numbers.push(i as u32 + 1);
        }
        numbers
    }

    /// A message's flags as FETCH shows them: \Recent among them for an IMAP4rev1 client
    /// (RFC 3501 §2.3.2; IMAP4rev2 has no \Recent).
    pub(crate) fn flags_text(
        &self,
        uid: u32,
        flags: storage::Flags,
        keywords: &[String],
        rev2: bool,
    ) -> String {
        let mut text = crate::session::flags_text(flags, keywords);
        if !rev2 && self.is_recent(uid) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str("\\Recent");
        }
        text
    }

    /// Whether this flag change was one the session reported itself (and forgets it).
    pub(crate) fn was_reported(&mut self, uid: u32, modseq: u64) -> bool {
        match self.reported.iter().position(|&r| r == (uid, modseq)) {
            Some(i) => {
                self.reported.swap_remove(i);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sequence;

    fn view(uids: &[u32]) -> View {
        View {
            owner: 1,
            id: 1,
            read_only: false,
            rights: Rights::ReadWrite,
            uids: uids.to_vec(),
            modseq: 1,
            pending_expunges: Vec::new(),
            recent: Default::default(),
            keywords: Vec::new(),
            reported: Vec::new(),
            saved: Vec::new(),
            contexts: Vec::new(),
        }
    }

    #[test]
    fn numbers_beyond_the_mailbox_are_refused_uids_are_not() {
        let v = view(&[3, 5, 9]);
        let set = |s: &str| sequence::parse(s).unwrap();
        assert_eq!(v.resolve(&set("2:*"), false).unwrap(), vec![(2, 5), (3, 9)]);
        assert!(v.resolve(&set("4"), false).is_err());
        assert!(v.resolve(&set("1,99"), false).is_err());
        assert_eq!(v.resolve(&set("4:99"), true).unwrap(), vec![(2, 5), (3, 9)]);
        assert_eq!(v.resolve(&set("*"), true).unwrap(), vec![(3, 9)]);
        assert!(view(&[]).resolve(&set("1"), false).is_err());
        assert!(view(&[]).resolve(&set("*"), false).is_err());
        assert!(view(&[]).resolve(&set("1:*"), true).unwrap().is_empty());
        // RFC 5182 §2.2: `$` is the saved result, without the messages gone since.
        let mut v = view(&[3, 5, 9]);
        v.saved = vec![5, 7, 9];
        assert_eq!(v.resolve(&set("$"), false).unwrap(), vec![(2, 5), (3, 9)]);
        assert_eq!(v.resolve(&set("$"), true).unwrap(), vec![(2, 5), (3, 9)]);
        assert!(view(&[]).resolve(&set("$"), false).unwrap().is_empty());
    }

    #[test]
    fn removal_numbers_stay_valid_and_pending_expunges_keep_their_place() {
        let mut v = view(&[1, 2, 3, 4]);
        v.recent = std::sync::Arc::new(vec![3, 4]);
        v.expunged_elsewhere(2);
        v.expunged_elsewhere(7);
        assert_eq!(v.pending_expunges, vec![2]);
        assert_eq!(v.exists(), 4);
        assert_eq!(v.remove(&[4, 2]), vec![4, 2]);
        assert_eq!(v.uids, vec![1, 3]);
        assert_eq!(*v.recent, vec![3]);
        assert!(v.pending_expunges.is_empty());
    }

    #[test]
    fn new_keywords_are_noticed_once() {
        let mut v = view(&[1]);
        assert!(v.learn_keywords(&["$Official".into()]));
        assert!(!v.learn_keywords(&["$official".into()]));
        let mut out = Vec::new();
        v.write_flags(&mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\\Draft $Official)\r\n"), "{text}");
        assert!(text.contains("$Official \\*)]"), "{text}");
    }
}
