//! The maildrop of a POP3 session (RFC 1939 §5): the account's INBOX as it was at login,
//! numbered 1..n, with the deletion marks of this session; and the byte work of RETR and TOP.
//!
//! Concurrency: the maildrop is not locked (RFC 1939 §8 allows but does not require an
//! exclusive lock). Messages are addressed by UID, so IMAP sessions and deliveries may change
//! the INBOX meanwhile: a new message shows up at the next login, a message expunged
//! elsewhere answers `-ERR` on RETR/TOP, and QUIT removes only what this session marked.

use storage::{AccountId, FlagChange, FlagOp, Flags, MailboxId, StorageError, Store};

/// One message of the snapshot.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Never changes for this message in this mailbox (RFC 9051 §2.3.1.1).
    pub uid: u32,
    /// Octets as stored. Stored messages have CRLF line ends (SMTP DATA and the importers
    /// keep them), so this is what RETR sends before byte-stuffing (RFC 1939 §11).
    pub size: u64,
    /// Marked by DELE in this session; removed only at QUIT (UPDATE state).
    pub deleted: bool,
}

/// Why a message number does not name a message the client may use.
#[derive(Debug, PartialEq, Eq)]
pub enum Missing {
    NoSuchMessage,
    Deleted,
}

#[derive(Debug)]
pub struct Maildrop {
    pub account: AccountId,
    pub mailbox: MailboxId,
    pub uidvalidity: u32,
    /// Message number n is `messages[n - 1]`; numbers never change during a session
    /// (RFC 1939 §5: deleted messages keep their number).
    pub messages: Vec<Entry>,
}

impl Maildrop {
    /// Takes the snapshot of the account's INBOX. Blocking (SQLite).
    pub fn open(store: &Store, account: AccountId) -> Result<Maildrop, StorageError> {
        let inbox = store.get_mailbox(account, storage::INBOX)?;
        let messages = store
            .messages(account, inbox.id, 1..=u32::MAX)?
            .into_iter()
            .map(|m| Entry {
                uid: m.uid,
                size: m.size,
                deleted: false,
            })
            .collect();
        Ok(Maildrop {
            account,
            mailbox: inbox.id,
            uidvalidity: inbox.uidvalidity,
            messages,
        })
    }

    /// The message numbered `n`, unless it does not exist or is marked deleted (RFC 1939
    /// §5: a deleted message may not be referred to).
    pub fn get(&self, n: u32) -> Result<&Entry, Missing> {
        let entry = (n as usize)
            .checked_sub(1)
            .and_then(|i| self.messages.get(i))
            .ok_or(Missing::NoSuchMessage)?;
        if entry.deleted {
            Err(Missing::Deleted)
        } else {
            Ok(entry)
        }
    }

    pub fn mark_deleted(&mut self, n: u32) -> Result<(), Missing> {
        self.get(n)?;
        if let Some(entry) = (n as usize)
            .checked_sub(1)
            .and_then(|i| self.messages.get_mut(i))
        {
            entry.deleted = true;
        }
        Ok(())
    }

    /// RSET: unmarks every message.
    pub fn unmark_all(&mut self) {
        for entry in &mut self.messages {
            entry.deleted = false;
        }
    }

    /// (number, entry) of the messages not marked deleted.
    pub fn visible(&self) -> impl Iterator<Item = (u32, &Entry)> {
        self.messages
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.deleted)
            .map(|(i, e)| (i as u32 + 1, e))
    }

    /// STAT: how many messages and octets, deleted ones not counted (RFC 1939 §5 STAT).
    pub fn stat(&self) -> (usize, u64) {
        self.visible()
            .fold((0, 0), |(n, size), (_, e)| (n + 1, size + e.size))
    }

    /// The UIDL unique-id (RFC 1939 §7): "uidvalidity.uid". Stable across sessions as long
    /// as the mailbox keeps its UIDVALIDITY; at most 21 characters, all digits and a dot
    /// (the RFC allows 1-70 characters in 0x21-0x7E).
    pub fn unique_id(&self, entry: &Entry) -> String {
        format!("{}.{}", self.uidvalidity, entry.uid)
    }

    /// UIDs marked for deletion.
    pub fn marked(&self) -> Vec<u32> {
        self.messages
            .iter()
            .filter(|e| e.deleted)
            .map(|e| e.uid)
            .collect()
    }
}

/// The UPDATE state (RFC 1939 §6): removes the marked messages. They get \Deleted and are
/// expunged, so IMAP sessions hear of it like of any expunge. Messages already expunged by
/// someone else are simply gone. Blocking (SQLite). Returns how many were removed.
pub fn expunge_marked(
    store: &Store,
    account: AccountId,
    mailbox: MailboxId,
    uids: Vec<u32>,
) -> Result<usize, StorageError> {
    if uids.is_empty() {
        return Ok(0);
    }
    store.set_flags(
        account,
        mailbox,
        uids.clone(),
        FlagChange {
            op: FlagOp::Add,
            flags: Flags::DELETED,
            keywords: Vec::new(),
            unchanged_since: None,
        },
    )?;
    // Only our UIDs: a message an IMAP client flagged \Deleted stays until it expunges.
    Ok(store.expunge(account, mailbox, Some(uids))?.uids.len())
}

/// Reads one message for RETR or TOP; RETR (`seen`) also sets \Seen, as Dovecot does, so
/// that a message fetched by POP3 shows as read in webmail or an IMAP client. TOP does not.
/// Blocking (SQLite and the blob file).
pub fn read(
    store: &Store,
    account: AccountId,
    mailbox: MailboxId,
    uid: u32,
    seen: bool,
) -> Result<Vec<u8>, StorageError> {
    let raw = store.read_message(account, mailbox, uid)?;
    if seen {
        // Failing to set the flag does not keep the client from its message.
        if let Err(e) = store.set_flags(
            account,
            mailbox,
            vec![uid],
            FlagChange {
                op: FlagOp::Add,
                flags: Flags::SEEN,
                keywords: Vec::new(),
                unchanged_since: None,
            },
        ) {
            tracing::warn!(error = %e, uid, "POP3: cannot set \\Seen");
        }
    }
    Ok(raw)
}

/// What TOP n m sends (RFC 1939 §7 TOP): the header, the blank line that ends it, and the
/// first `lines` lines of the body; the whole message when the body is shorter. A message
/// without a blank line is all header.
pub fn top(raw: &[u8], lines: u32) -> &[u8] {
    let mut pos = 0;
    let mut in_body = false;
    let mut left = lines;
    while pos < raw.len() {
        let end = raw[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(raw.len(), |e| pos + e + 1);
        if in_body {
            if left == 0 {
                return &raw[..pos];
            }
            left -= 1;
        } else {
            let line = &raw[pos..end];
            if line == b"\r\n" || line == b"\n" {
                in_body = true;
            }
        }
        pos = end;
    }
    raw
}

/// Writes a message as a multi-line response body (RFC 1939 §3): every line ends in CRLF, a
/// line that begins with "." gets one more "." in front, and the response ends with
/// CRLF "." CRLF. Fed in pieces, so a large message goes out in chunks; the output does not
/// depend on where the pieces are cut.
///
/// A bare LF (a message that arrived with Unix line ends) is sent as CRLF: otherwise a
/// client that splits lines on LF (Python's poplib, many others) could take an "LF . CRLF"
/// inside the message for the end of the response. A bare CR is sent as it is.
#[derive(Debug)]
pub struct Stuffer {
    line_start: bool,
    pending_cr: bool,
}

impl Default for Stuffer {
    fn default() -> Self {
        Stuffer {
            line_start: true,
            pending_cr: false,
        }
    }
}

impl Stuffer {
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) {
        out.reserve(input.len() + input.len() / 64);
        for &b in input {
            if self.pending_cr {
                self.pending_cr = false;
                if b == b'\n' {
                    out.extend_from_slice(b"\r\n");
                    self.line_start = true;
                    continue;
                }
                out.push(b'\r');
                self.line_start = false;
            }
            match b {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    out.extend_from_slice(b"\r\n");
                    self.line_start = true;
                }
                _ => {
                    if self.line_start && b == b'.' {
                        out.push(b'.');
                    }
                    out.push(b);
                    self.line_start = false;
                }
            }
        }
    }

    /// Ends the response: completes the last line if the message did not end with one,
    /// then writes the terminating ".".
    pub fn finish(mut self, out: &mut Vec<u8>) {
        if self.pending_cr {
            out.push(b'\r');
            self.line_start = false;
        }
        if !self.line_start {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b".\r\n");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn stuffed(raw: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = Stuffer::default();
        s.push(raw, &mut out);
        s.finish(&mut out);
        out
    }

    #[test]
    fn lines_starting_with_a_dot_are_stuffed() {
        assert_eq!(
            stuffed(b".\r\n..x\r\na.b\r\n.\r\n"),
            b"..\r\n...x\r\na.b\r\n..\r\n.\r\n"
        );
        assert_eq!(stuffed(b""), b".\r\n");
        assert_eq!(stuffed(b"no end"), b"no end\r\n.\r\n");
        assert_eq!(stuffed(b"ends in cr\r"), b"ends in cr\r\r\n.\r\n");
    }

    #[test]
    fn bare_lf_becomes_crlf_and_bare_cr_stays() {
        assert_eq!(stuffed(b"a\n.b\nc\rd\r\n"), b"a\r\n..b\r\nc\rd\r\n.\r\n");
    }

    #[test]
    fn stuffing_does_not_depend_on_where_the_input_is_cut() {
        let raw = b"Subject: x\r\n\r\n.\r\n..\r\nline\n.\rz\r\n.end";
        let whole = stuffed(raw);
        for cut in 0..=raw.len() {
            let mut out = Vec::new();
            let mut s = Stuffer::default();
            s.push(&raw[..cut], &mut out);
            s.push(&raw[cut..], &mut out);
            s.finish(&mut out);
            assert_eq!(out, whole, "cut at {cut}");
        }
    }

    #[test]
    fn top_gives_the_header_and_some_body_lines() {
        let raw = b"A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\nl3\r\n";
        assert_eq!(top(raw, 0), b"A: 1\r\nB: 2\r\n\r\n");
        assert_eq!(top(raw, 2), b"A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n");
        assert_eq!(top(raw, 3), raw);
        assert_eq!(top(raw, 100), raw);
        assert_eq!(top(b"A: 1\r\n", 5), b"A: 1\r\n");
        assert_eq!(top(b"\r\nbody\r\n", 0), b"\r\n");
    }
}
