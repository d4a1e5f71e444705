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
use crate::session::{End, Session, State, flags_text};

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
    /// Sends untagged EXISTS / EXPUNGE (or VANISHED) / FETCH for changes waiting in the queue.
    pub(crate) async fn updates(&mut self) {
        let mut pending = Vec::new();
        if let Some(rx) = self.changes.as_mut() {
            drain(rx, &mut pending);
        }
        self.apply(pending).await;
    }

    /// Tells the client what changed in the selected mailbox. New messages (EXISTS) and
    /// expunges (EXPUNGE, or VANISHED once QRESYNC is enabled, RFC 7162 §3.2.10) in the
    /// order they happened; then one FETCH per message whose flags changed, with its flags
    /// as they are now, all read at once.
    async fn apply(&mut self, changes: Vec<Change>) {
        let State::Selected { mailbox, .. } = &mut self.state else {
            return;
        };
        let id = mailbox.id;
        let known_before = mailbox.modseq;
        let mut flagged = BTreeSet::new();
        // The flags to report changed after this MODSEQ.
        let mut floor = u64::MAX;
        let mut vanished = Vec::new();
        let mut resync = false;
        for change in changes {
            match change {
                Change::Appended {
                    mailbox: m,
                    uid,
                    modseq,
                } if m == id => {
                    mailbox.modseq = mailbox.modseq.max(modseq);
                    if let Err(at) = mailbox.uids.binary_search(&uid) {
                        // VANISHED first: the count below is after those expunges.
                        vanished.sort_unstable();
                        condstore::vanished(&mut self.output, &vanished, false);
                        vanished.clear();
                        mailbox.uids.insert(at, uid);
                        let line = format!("* {} EXISTS\r\n", mailbox.uids.len());
                        self.output.extend_from_slice(line.as_bytes());
                    }
                }
                Change::Expunged {
                    mailbox: m,
                    uid,
                    modseq,
                } if m == id => {
                    mailbox.modseq = mailbox.modseq.max(modseq);
                    if let Ok(n) = mailbox.uids.binary_search(&uid) {
                        mailbox.uids.remove(n);
                        if self.qresync {
                            vanished.push(uid);
                        } else {
                            let line = format!("* {} EXPUNGE\r\n", n + 1);
                            self.output.extend_from_slice(line.as_bytes());
                        }
                    }
                }
                Change::FlagsChanged {
                    mailbox: m,
                    uid,
                    modseq,
                } if m == id => {
                    mailbox.modseq = mailbox.modseq.max(modseq);
                    floor = floor.min(modseq.saturating_sub(1));
                    flagged.insert(uid);
                }
                Change::MailboxesChanged => resync = true,
                _ => {}
            }
        }
        vanished.sort_unstable();
        condstore::vanished(&mut self.output, &vanished, false);
        if resync {
            flagged.extend(self.resync(known_before).await);
            floor = floor.min(known_before);
        }
        self.report_flags(flagged, floor).await;
    }

    /// After a lag (or a change to the mailbox list) the notifications may be incomplete:
    /// compares the mailbox with the session's view and reports the difference. Returns
    /// the UIDs whose flags changed since `since`, to be reported with the others.
    async fn resync(&mut self, since: u64) -> Vec<u32> {
        let State::Selected { mailbox, .. } = &self.state else {
            return Vec::new();
        };
        // Storage calls name the mailbox's owner (a unit's, for a shared mailbox).
        let (owner, id) = (mailbox.owner, mailbox.id);
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
                return Vec::new();
            }
            Err(_) => return Vec::new(),
        };
        let State::Selected { mailbox, .. } = &mut self.state else {
            return Vec::new();
        };
        let gone: Vec<u32> = mailbox
            .uids
            .iter()
            .copied()
            .filter(|u| fresh.binary_search(u).is_err())
            .collect();
        if self.qresync {
            mailbox.uids.retain(|u| gone.binary_search(u).is_err());
            condstore::vanished(&mut self.output, &gone, false);
        } else {
            // Highest number first, so that each one stays valid.
            for uid in gone.iter().rev() {
                if let Ok(n) = mailbox.uids.binary_search(uid) {
                    mailbox.uids.remove(n);
                    let line = format!("* {} EXPUNGE\r\n", n + 1);
                    self.output.extend_from_slice(line.as_bytes());
                }
            }
        }
        if fresh != mailbox.uids {
            // What is left are new messages.
            mailbox.uids = fresh;
            let line = format!("* {} EXISTS\r\n", mailbox.uids.len());
            self.output.extend_from_slice(line.as_bytes());
        }
        for m in &changed {
            mailbox.modseq = mailbox.modseq.max(m.modseq);
        }
        changed.into_iter().map(|m| m.uid).collect()
    }

    /// `* n FETCH (UID u FLAGS (…))` for messages whose flags changed after MODSEQ `since`,
    /// with MODSEQ once CONDSTORE is on (RFC 7162 §3.1); one read for all of them.
    async fn report_flags(&mut self, flagged: BTreeSet<u32>, since: u64) {
        let State::Selected { mailbox, .. } = &self.state else {
            return;
        };
        let (Some(&first), Some(&last)) = (flagged.first(), flagged.last()) else {
            return;
        };
        let (owner, id) = (mailbox.owner, mailbox.id);
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
        let State::Selected { mailbox, .. } = &self.state else {
            return;
        };
        for m in infos.iter().filter(|m| flagged.contains(&m.uid)) {
            if let Ok(n) = mailbox.uids.binary_search(&m.uid) {
                let flags = flags_text(m.flags, &m.keywords);
                let modseq = self.condstore.then_some(m.modseq);
                response::fetch_flags(&mut self.output, n + 1, Some(m.uid), Some(&flags), modseq);
            }
        }
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
        Box::pin(self.updates()).await;
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
                    Box::pin(self.apply(batch)).await;
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
