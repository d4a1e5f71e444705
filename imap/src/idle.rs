//! What other sessions and deliveries changed, told to this one: at NOOP/CHECK, and as it
//! happens during IDLE (RFC 2177; RFC 9051 §6.3.13). A message delivered by SMTP reaches an
//! IDLE client as soon as the delivery commits.

use std::collections::BTreeSet;
use std::time::Duration;

use storage::Change;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::condstore;
use crate::response::{self, Status};
use crate::session::{End, Session, State};

/// Moves the changes waiting in `rx` to `into`; a lag becomes `MailboxesChanged` (re-read).
fn drain(rx: &mut Receiver<Change>, into: &mut Vec<Change>) {
    loop {
        match rx.try_recv() {
            Ok(change) => into.push(change),
            Err(TryRecvError::Lagged(_)) => into.push(Change::MailboxesChanged),
            Err(_) => break,
        }
    }
}

/// IDLE answers at least this often so that NAT boxes keep the connection (RFC 2177 §3 asks
/// clients to re-issue IDLE within 29 minutes; we keep it alive from our side too).
const IDLE_KEEPALIVE: Duration = Duration::from_secs(25 * 60);

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// Tells the client what changed in the selected mailbox (the changes waiting in the
    /// queue). `allow_expunge`: expunges may be told now (RFC 9051 §7.5.1); else they stay
    /// pending in the view, their messages still numbered.
    pub(crate) async fn updates(&mut self, allow_expunge: bool) {
        let mut pending = Vec::new();
        if let Some(rx) = self.changes.as_mut() {
            drain(rx, &mut pending);
        }
        let has_pending = match &self.state {
            State::Selected { mailbox, .. } => !mailbox.pending_expunges.is_empty(),
            _ => false,
        };
        if !pending.is_empty() || (allow_expunge && has_pending) {
            self.apply(pending, allow_expunge).await;
        }
        // What this command showed was matched against the feed just drained.
        if let Some(view) = self.view_mut() {
            view.reported.clear();
        }
    }

    /// Applies changes to the view, then tells the client in the order RFC 9051 §7.5 wants:
    /// expunges (EXPUNGE, or VANISHED once QRESYNC is on, RFC 7162 §3.2.10) when allowed;
    /// then the new size (EXISTS, and RECENT for IMAP4rev1 clients); then a new FLAGS when
    /// a keyword appeared; then one FETCH per message whose flags changed, with its flags
    /// as they are now, all read at once.
    pub(crate) async fn apply(&mut self, changes: Vec<Change>, allow_expunge: bool) {
        let resync = changes
            .iter()
            .any(|c| matches!(c, Change::MailboxesChanged));
        let Some(view) = self.view_mut() else {
            return;
        };
        let (owner, id, read_only) = (view.owner, view.id, view.read_only);
        let known_before = view.modseq;
        let mut flagged = BTreeSet::new();
        // The flags to report changed after this MODSEQ.
        let mut floor = u64::MAX;
        let mut added = Vec::new();
        for change in changes {
            match change {
                Change::Appended {
                    mailbox: m,
                    uid,
                    modseq,
                } if m == id => {
                    view.modseq = view.modseq.max(modseq);
                    if view.add(uid) {
                        added.push(uid);
                    }
                }
                Change::Expunged {
                    mailbox: m,
                    uid,
                    modseq,
                } if m == id => {
                    view.modseq = view.modseq.max(modseq);
                    view.expunged_elsewhere(uid);
                }
                Change::FlagsChanged {
                    mailbox: m,
                    uid,
                    modseq,
                } if m == id => {
                    view.modseq = view.modseq.max(modseq);
                    if !view.was_reported(uid, modseq) {
                        floor = floor.min(modseq.saturating_sub(1));
                        flagged.insert(uid);
                    }
                }
                _ => {}
            }
        }
        if resync {
            let (fresh, changed) = self.resync(known_before).await;
            flagged.extend(changed);
            floor = floor.min(known_before);
            if let (Some(fresh), Some(view)) = (fresh, self.view_mut()) {
                view.reported.clear();
                for uid in view.uids.clone() {
                    if fresh.binary_search(&uid).is_err() {
                        view.expunged_elsewhere(uid);
                    }
                }
                for uid in fresh {
                    if view.add(uid) {
                        added.push(uid);
                    }
                }
            }
        }
        // RFC 3501 §2.3.2: a new message is recent in the first session to hear of it.
        let mut claimed = None;
        if let Some(&newest) = added.iter().max()
            && !read_only
        {
            let store = self.imap.store.clone();
            match tokio::task::spawn_blocking(move || store.claim_recent(owner, id, newest)).await {
                Ok(Ok(before)) => claimed = Some(before),
                Ok(Err(e)) => tracing::warn!(error = %e, "cannot claim \\Recent messages"),
                Err(_) => {}
            }
        }
        // imapsort: searches kept up to date (RFC 5267 §4.3): REMOVEFROM before the EXPUNGEs
        // (their numbers are the ones the client has), ADDTO after the new EXISTS.
        let contexts = self.context_updates(allow_expunge).await;
        let (qresync, rev2) = (self.qresync, self.rev2);
        let Some(view) = self.view_mut() else {
            return;
        };
        let mut out = Vec::new();
        if let Some(c) = &contexts {
            out.extend_from_slice(c.removed.as_bytes());
        }
        if allow_expunge && !view.pending_expunges.is_empty() {
            let gone = std::mem::take(&mut view.pending_expunges);
            let numbers = view.remove(&gone);
            if qresync {
                condstore::vanished(&mut out, &gone, false);
            } else {
                for n in numbers {
                    out.extend_from_slice(format!("* {n} EXPUNGE\r\n").as_bytes());
                }
            }
        }
        if !added.is_empty() {
            if let Some(before) = claimed {
                for &uid in added.iter().filter(|&&u| u > before) {
                    if let Err(at) = view.recent.binary_search(&uid) {
                        std::sync::Arc::make_mut(&mut view.recent).insert(at, uid);
                    }
                }
            }
            out.extend_from_slice(format!("* {} EXISTS\r\n", view.exists()).as_bytes());
            if !rev2 {
                out.extend_from_slice(format!("* {} RECENT\r\n", view.recent.len()).as_bytes());
            }
        }
        self.output.extend_from_slice(&out);
        self.report_flags(flagged, floor).await;
        if let Some(c) = contexts {
            self.context_additions(c);
        }
        // NOTIFY's MessageNew with fetch attributes (RFC 5465 §5.2).
        if !added.is_empty() && self.notify.is_some() {
            Box::pin(self.tell_new(&added)).await;
        }
    }

    /// After a lag (or a change to the mailbox list) the notifications may be incomplete:
    /// reads the mailbox's UIDs (None when it cannot) and the UIDs whose flags changed since
    /// `since`, to be compared with the view and reported with the others.
    async fn resync(&mut self, since: u64) -> (Option<Vec<u32>>, Vec<u32>) {
        let Ok(view) = self.view() else {
            return (None, Vec::new());
        };
        // Storage calls name the mailbox's owner (a unit's, for a shared mailbox).
        let (owner, id) = (view.owner, view.id);
        let store = self.imap.store.clone();
        let read = tokio::task::spawn_blocking(move || {
            let uids = store.uids(owner, id)?;
            let changed = store.changed_messages(owner, id, 1..=u32::MAX, since, false)?;
            Ok::<_, storage::StorageError>((uids, changed))
        })
        .await;
        let (fresh, changed) = match read {
            Ok(Ok(read)) => read,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "cannot re-read the selected mailbox");
                return (None, Vec::new());
            }
            Err(_) => return (None, Vec::new()),
        };
        if let Some(view) = self.view_mut() {
            for m in &changed {
                view.modseq = view.modseq.max(m.modseq);
            }
        }
        (Some(fresh), changed.into_iter().map(|m| m.uid).collect())
    }

    /// `* n FETCH (UID u FLAGS (…))` for messages whose flags changed after MODSEQ `since`,
    /// with MODSEQ once CONDSTORE is on (RFC 7162 §3.1); one read for all of them. A keyword
    /// the client was not told of comes first in a new FLAGS (RFC 9051 §7.3.5).
    async fn report_flags(&mut self, flagged: BTreeSet<u32>, since: u64) {
        let Ok(view) = self.view() else {
            return;
        };
        let (Some(&first), Some(&last)) = (flagged.first(), flagged.last()) else {
            return;
        };
        let (owner, id) = (view.owner, view.id);
        let store = self.imap.store.clone();
        let read = tokio::task::spawn_blocking(move || {
            store.changed_messages(owner, id, first..=last, since, false)
        })
        .await;
        let infos = match read {
            Ok(Ok(infos)) => infos,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "cannot read changed flags");
                return;
            }
            Err(_) => return,
        };
        let (condstore, rev2) = (self.condstore, self.rev2);
        let Some(view) = self.view_mut() else {
            return;
        };
        let mut out = Vec::new();
        let mut grew = false;
        for m in infos.iter().filter(|m| flagged.contains(&m.uid)) {
            grew |= view.learn_keywords(&m.keywords);
        }
        if grew {
            view.write_flags(&mut out);
        }
        for m in infos.iter().filter(|m| flagged.contains(&m.uid)) {
            if let Some(n) = view.seq(m.uid) {
                let flags = view.flags_text(m.uid, m.flags, &m.keywords, rev2);
                let modseq = condstore.then_some(m.modseq);
                response::fetch_flags(&mut out, n as usize, Some(m.uid), Some(&flags), modseq);
            }
        }
        self.output.extend_from_slice(&out);
    }

    /// IDLE until the client sends DONE; changes are pushed as they commit.
    pub(crate) async fn idle(&mut self, tag: &str) -> Option<End> {
        if !matches!(
            self.state,
            State::Selected { .. } | State::Authenticated { .. }
        ) {
            self.tagged(tag, Status::Bad, None, "log in first");
            return None;
        }
        Box::pin(self.updates(true)).await;
        self.output.extend_from_slice(b"+ idling\r\n");
        if !self.flush().await {
            return Some(End::Closed);
        }
        // An IDLE connection may wait for hours: it keeps no buffers meanwhile (this loop
        // reads into its own small array).
        self.output = Vec::new();
        if self.input.is_empty() {
            self.input = Vec::new();
        }
        let mut rx = self.changes.take();
        let shutdown = self.imap.shutdown.clone();
        // Small: all that comes during IDLE is DONE (RFC 2177), and this array is part of
        // every idling session's state. More bytes just take more reads.
        let mut buf = [0u8; 64];
        let end = loop {
            if let Some(pos) = self.input.windows(2).position(|w| w == b"\r\n") {
                let line: Vec<u8> = self.input.drain(..pos + 2).collect();
                if line[..pos].eq_ignore_ascii_case(b"DONE") {
                    break None;
                }
                // RFC 2177: anything but DONE ends IDLE as a protocol error.
                self.tagged(tag, Status::Bad, None, "expected DONE");
                self.changes = rx;
                return None;
            }
            let change = async {
                match rx.as_mut() {
                    Some(r) => r.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                read = self.stream.read(&mut buf) => match read {
                    Ok(n) if n > 0 => self.input.extend_from_slice(&buf[..n]),
                    _ => break Some(End::Closed),
                },
                c = change => {
                    let c = match c {
                        Ok(c) => c,
                        Err(RecvError::Lagged(_)) => Change::MailboxesChanged,
                        Err(RecvError::Closed) => break Some(End::Closed),
                    };
                    // Whatever else is already waiting goes out with it (one read for all
                    // flag changes of a large STORE).
                    let mut batch = vec![c];
                    if let Some(r) = rx.as_mut() {
                        drain(r, &mut batch);
                    }
                    Box::pin(self.apply(batch, true)).await;
                    if !self.flush().await {
                        break Some(End::Closed);
                    }
                }
                // Boxed: the session's future, kept by every idle connection, stays small.
                told = Box::pin(crate::notify::told(self.notify.as_deref_mut())) => {
                    // NOTIFY's changes to the other mailboxes, during IDLE too.
                    Box::pin(self.tell_or_overflow(told)).await;
                    if !self.flush().await {
                        break Some(End::Closed);
                    }
                }
                _ = shutdown.cancelled() => {
                    let why = crate::io::Read::Shutdown.farewell().unwrap_or_default();
                    crate::response::status(&mut self.output, None, Status::Bye, None, why);
                    let _ = self.flush().await;
                    break Some(End::Closed);
                }
                _ = tokio::time::sleep(IDLE_KEEPALIVE) => {
                    self.output.extend_from_slice(b"* OK still here\r\n");
                    if !self.flush().await {
                        break Some(End::Closed);
                    }
                }
            }
        };
        self.changes = rx;
        if end.is_none() {
            self.tagged(tag, Status::Ok, None, "IDLE terminated");
        }
        end
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// Every idle connection keeps its session's future: IDLE's state and the session's
    /// waiting for a command must stay small (other commands' states are boxed while they
    /// run). Sizes vary a little with the compiler; these bounds catch a command's future
    /// or a buffer slipping back inline (each was over 1.5 KB).
    #[tokio::test]
    async fn an_idle_session_keeps_a_small_future() {
        let dir = tempfile::tempdir().unwrap();
        let store = storage::Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        let imap = crate::test_client::imap(store, Default::default());
        let (_client, server) = tokio::io::duplex(1024);
        let peer = "192.0.2.1:4000".parse().unwrap();
        let mut session = crate::session::Session::new(server, imap, peer, true, false);
        let idle = std::mem::size_of_val(&session.idle("t"));
        assert!(idle <= 768, "IDLE's future is {idle} bytes");
        let run = std::mem::size_of_val(&session.run(true));
        assert!(run <= 1280, "the session's future is {run} bytes");
    }
}
