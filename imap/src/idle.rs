//! What other sessions and deliveries changed, told to this one: at NOOP/CHECK, and as it
//! happens during IDLE (RFC 2177; RFC 9051 §6.3.13). A message delivered by SMTP reaches an
//! IDLE client as soon as the delivery commits.

use std::time::Duration;

use storage::Change;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::response::Status;
use crate::session::{End, Session, State, flags_text};

/// IDLE answers at least this often so that NAT boxes keep the connection (RFC 2177 §3 asks
/// clients to re-issue IDLE within 29 minutes; we keep it alive from our side too).
const IDLE_KEEPALIVE: Duration = Duration::from_secs(25 * 60);

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// Sends untagged EXISTS / EXPUNGE / FETCH for changes waiting in the queue.
    pub(crate) async fn updates(&mut self) {
        let mut pending = Vec::new();
        if let Some(rx) = self.changes.as_mut() {
            loop {
                match rx.try_recv() {
                    Ok(change) => pending.push(change),
                    Err(TryRecvError::Lagged(_)) => {
                        pending.push(Change::MailboxesChanged);
                    }
                    Err(_) => break,
                }
            }
        }
        for change in pending {
            self.apply(change).await;
        }
    }

    async fn apply(&mut self, change: Change) {
        let State::Selected { account, mailbox } = &mut self.state else {
            return;
        };
        let (account, id) = (*account, mailbox.id);
        match change {
            Change::Appended {
                mailbox: m, uid, ..
            } if m == id && !mailbox.uids.contains(&uid) => {
                mailbox.uids.push(uid);
                mailbox.uids.sort_unstable();
                let line = format!("* {} EXISTS\r\n", mailbox.uids.len());
                self.output.extend_from_slice(line.as_bytes());
            }
            Change::Expunged {
                mailbox: m, uid, ..
            } if m == id => {
                if let Some(n) = mailbox.uids.iter().position(|&u| u == uid) {
                    mailbox.uids.remove(n);
                    self.output
                        .extend_from_slice(format!("* {} EXPUNGE\r\n", n + 1).as_bytes());
                }
            }
            Change::FlagsChanged {
                mailbox: m, uid, ..
            } if m == id => {
                let Some(n) = mailbox.uids.iter().position(|&u| u == uid) else {
                    return;
                };
                let store = self.imap.store.clone();
                let info =
                    tokio::task::spawn_blocking(move || store.messages(account, id, uid..=uid))
                        .await;
                if let Ok(Ok(list)) = info
                    && let Some(m) = list.first()
                {
                    let line = format!(
                        "* {} FETCH (UID {uid} FLAGS ({}))\r\n",
                        n + 1,
                        flags_text(m.flags, &m.keywords)
                    );
                    self.output.extend_from_slice(line.as_bytes());
                }
            }
            Change::MailboxesChanged => {
                // Mailbox list changes need no untagged data; a lag means re-reading the
                // selected mailbox and announcing its size.
                let store = self.imap.store.clone();
                let all = tokio::task::spawn_blocking(move || store.uids(account, id)).await;
                if let Ok(Ok(fresh)) = all
                    && let State::Selected { mailbox, .. } = &mut self.state
                    && fresh != mailbox.uids
                {
                    mailbox.uids = fresh;
                    let line = format!("* {} EXISTS\r\n", mailbox.uids.len());
                    self.output.extend_from_slice(line.as_bytes());
                }
            }
            _ => {}
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
        self.updates().await;
        self.output.extend_from_slice(b"+ idling\r\n");
        if !self.flush().await {
            return Some(End::Closed);
        }
        let mut rx = self.changes.take();
        let shutdown = self.imap.shutdown.clone();
        let mut buf = [0u8; 1024];
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
                    self.changes = rx.take();
                    self.apply(c).await;
                    rx = self.changes.take();
                    if !self.flush().await {
                        break Some(End::Closed);
                    }
                }
                _ = shutdown.cancelled() => {
                    crate::response::status(&mut self.output, None, Status::Bye, None, "server shutting down");
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
