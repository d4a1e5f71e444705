//! Recall of official documents sent by mistake (Nghị định 30/2020/NĐ-CP Điều 18.4b: the
//! receiver deletes the document and tells the sender).
//!
//! A request is written before anything is done, so that a crash resumes it: by a trigger
//! (migration 20) in the same transaction as a COPY, MOVE or APPEND into an account's
//! `\X-Recall` folder ("Thu hồi"), by `govmail recall`, or by the SMTP pipeline for an
//! authenticated recall notice from another server. The SMTP crate's recall worker then
//! decides whether the request is allowed and calls [`Store::take_out_copies`], which moves
//! every local copy into the account's hidden recall mailbox — never listed, never
//! selectable (its name holds a control character, which no client name may), its content
//! kept for the retention period — as an ordinary expunge that IMAP sessions see.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::sqlite::SqliteBackend;
use crate::types::{AccountId, MailboxId};

/// The folder a user moves or copies a sent document into to recall it.
pub const RECALL_MAILBOX: &str = "Thu hồi";
/// Its LIST attribute. RFC 6154 has no recall use; RFC 9051 §7.3.1 allows extension
/// attributes (`\` atom), which clients that do not know them ignore.
pub const RECALL_ATTRIBUTE: &str = "\\X-Recall";
/// The hidden per-account mailbox that keeps recalled copies. The U+0001 makes the name one
/// that [`crate::normalize_name`] refuses, so no IMAP command can reach it.
pub const RECALLED_MAILBOX: &str = "\u{1}Đã thu hồi";
pub const RECALLED_ATTRIBUTE: &str = "\\X-Recalled";
/// The SQL condition (on `mailboxes m`) that leaves the hidden mailbox out of listings.
pub(crate) const NOT_HIDDEN: &str = "m.special_use IS NOT '\\X-Recalled'";

/// An official document that may be recalled later, as recorded when it was submitted or
/// delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecallableDocument {
    /// Without angle brackets.
    pub message_id: String,
    /// `true`: submitted by one of our accounts; `false`: received from another server.
    pub sent: bool,
    /// The From address (lowercase) of the document as it was then.
    pub sender: String,
    pub sender_account: Option<AccountId>,
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub subject: Option<String>,
    /// Envelope recipients that are not ours (for the recall notice to their servers).
    pub remote_recipients: Vec<String>,
    pub at: i64,
    pub recalled_at: Option<i64>,
    pub recalled_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecallKind {
    /// Copied or moved into a `\X-Recall` folder.
    Mailbox,
    /// `govmail recall`.
    Admin,
    /// A recall notice from the document's sending server, already authenticated.
    Remote,
}

impl RecallKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RecallKind::Mailbox => "mailbox",
            RecallKind::Admin => "admin",
            RecallKind::Remote => "remote",
        }
    }

    pub(crate) fn parse(s: &str) -> RecallKind {
        match s {
            "admin" => RecallKind::Admin,
            "remote" => RecallKind::Remote,
            _ => RecallKind::Mailbox,
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecallState {
    Pending,
    /// The copies are out; the notices are owed (sent again after a crash: at least once).
    Moved,
    Done,
    Refused,
}

impl RecallState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RecallState::Pending => "pending",
            RecallState::Moved => "moved",
            RecallState::Done => "done",
            RecallState::Refused => "refused",
        }
    }

    pub(crate) fn parse(s: &str) -> RecallState {
        match s {
            "moved" => RecallState::Moved,
            "done" => RecallState::Done,
            "refused" => RecallState::Refused,
            _ => RecallState::Pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecallRequest {
    pub id: i64,
    pub at: i64,
    pub kind: RecallKind,
    /// Who asks: the folder's owner, or `--by`.
    pub account: Option<AccountId>,
    pub mailbox: Option<MailboxId>,
    pub uid: Option<u32>,
    pub message_id: Option<String>,
    pub requester: Option<String>,
    pub state: RecallState,
    /// JSON written by the worker: the recipients reached, or why it was refused.
    pub outcome: Option<String>,
}

/// One account whose copies were taken out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecalledCopy {
    pub account: AccountId,
    pub address: String,
    pub display_name: String,
    pub copies: u32,
}

/// Strips the angle brackets and white space around a Message-ID.
pub fn bare_message_id(id: &str) -> &str {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
}

const REQUEST_SELECT: &str = "SELECT id, at, kind, account_id, mailbox_id, uid, message_id, \
     requester, state, outcome FROM recall_requests";

fn request_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecallRequest> {
    Ok(RecallRequest {
        id: r.get(0)?,
        at: r.get(1)?,
        kind: RecallKind::parse(&r.get::<_, String>(2)?),
        account: r.get(3)?,
        mailbox: r.get(4)?,
        uid: r.get::<_, Option<i64>>(5)?.map(|u| u as u32),
        message_id: r.get(6)?,
        requester: r.get(7)?,
        state: RecallState::parse(&r.get::<_, String>(8)?),
        outcome: r.get(9)?,
    })
}

impl SqliteBackend {
    /// Records an official document that may be recalled later.
    /// Buffers the record with the register's entries: written by the next flush (within a
    /// second, in the same transaction as the register), not in a write of its own per
    /// delivered document; [`Store::recallable`] flushes first, so a lookup always sees it.
    pub fn record_recallable(&self, d: RecallableDocument) -> Result<()> {
        self.usage_buffer().push_recallable(d);
        Ok(())
    }

    /// The documents recorded under a Message-ID, newest first (`sent` picks the direction).
    pub fn recallable(&self, message_id: &str, sent: bool) -> Result<Vec<RecallableDocument>> {
        self.flush_usage()?;
        let id = bare_message_id(message_id).to_string();
        self.db().read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT message_id, direction, sender, sender_account, doc_type, number, \
                 subject, remote_recipients, at, recalled_at, recalled_by \
                 FROM recall_documents WHERE message_id = ?1 AND direction = ?2 \
                 ORDER BY id DESC",
            )?;
            let rows =
                stmt.query_map(params![id, if sent { "sent" } else { "received" }], |r| {
                    Ok(RecallableDocument {
                        message_id: r.get(0)?,
                        sent: r.get::<_, String>(1)? == "sent",
                        sender: r.get(2)?,
                        sender_account: r.get(3)?,
                        doc_type: r.get(4)?,
                        number: r.get(5)?,
                        subject: r.get(6)?,
                        remote_recipients: r
                            .get::<_, String>(7)?
                            .split_whitespace()
                            .map(str::to_string)
                            .collect(),
                        at: r.get(8)?,
                        recalled_at: r.get(9)?,
                        recalled_by: r.get(10)?,
                    })
                })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Writes a recall request (admin or remote); the worker takes it from there.
    pub fn request_recall(
        &self,
        kind: RecallKind,
        account: Option<AccountId>,
        message_id: &str,
        requester: Option<&str>,
    ) -> Result<i64> {
        let id = bare_message_id(message_id).to_string();
        if id.is_empty() {
            return Err(crate::rules::empty_message_id());
        }
        let requester = requester.map(str::to_lowercase);
        self.db().write(move |ctx| {
            ctx.conn
                .prepare_cached(
                    "INSERT INTO recall_requests (at, kind, account_id, message_id, requester) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![crate::now(), kind.as_str(), account, id, requester])?;
            Ok(ctx.conn.last_insert_rowid())
        })
    }

    /// Requests not finished yet (pending, or copies out and notices owed), oldest first.
    pub fn open_recalls(&self, limit: usize) -> Result<Vec<RecallRequest>> {
        self.db().read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{REQUEST_SELECT} WHERE state IN ('pending', 'moved') ORDER BY id LIMIT ?1"
            ))?;
            let rows = stmt.query_map([limit as i64], request_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The latest requests, newest first (`govmail recall --list`).
    pub fn recall_requests(&self, limit: usize) -> Result<Vec<RecallRequest>> {
        self.db().read(move |conn| {
            let mut stmt =
                conn.prepare_cached(&format!("{REQUEST_SELECT} ORDER BY id DESC LIMIT ?1"))?;
            let rows = stmt.query_map([limit as i64], request_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn recall_request(&self, id: i64) -> Result<RecallRequest> {
        self.db().read(move |conn| {
            conn.prepare_cached(&format!("{REQUEST_SELECT} WHERE id = ?1"))?
                .query_row([id], request_from_row)
                .optional()?
                .ok_or_else(|| StorageError::not_found("recall request", id.to_string()))
        })
    }

    /// Ends a request (done or refused) with the worker's outcome.
    pub fn finish_recall(&self, id: i64, state: RecallState, outcome: &str) -> Result<()> {
        let outcome = outcome.to_string();
        self.db().write(move |ctx| {
            ctx.conn
                .prepare_cached(
                    "UPDATE recall_requests SET state = ?2, outcome = ?3, done_at = ?4 \
                     WHERE id = ?1",
                )?
                .execute(params![id, state.as_str(), outcome, crate::now()])?;
            Ok(())
        })
    }

    /// Whether `account` may recall what `sender` sent: the sender itself, or a grantee with
    /// write access on a unit mailbox of the sender's agency (its văn thư).
    pub fn may_recall(&self, account: AccountId, sender: AccountId) -> Result<bool> {
        if account == sender {
            return Ok(true);
        }
        self.db().read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT 1 FROM grants g JOIN accounts u ON u.id = g.unit_account_id \
                     JOIN accounts s ON s.id = ?2 \
                     WHERE g.grantee_account_id = ?1 AND g.read_only = 0 AND u.kind = 'unit' \
                     AND u.agency_id = s.agency_id LIMIT 1",
                )?
                .query_row(params![account, sender], |_| Ok(()))
                .optional()?
                .is_some())
        })
    }

    /// Takes every local copy of the document `message_id` from `sender` out of its mailbox
    /// into the owner's hidden recall mailbox, except the copies of `keep` (the sender's
    /// account) and those in recall folders. A message whose From is not `sender` is left
    /// alone even with the same Message-ID: a sender cannot recall another's message by
    /// reusing its Message-ID; each is an expunge IMAP sessions see (RFC 9051 §7.5.1).
    /// Marks the document recalled in the register (`by`: who recalled it) and the request
    /// `moved`, all in one transaction. Returns the accounts reached.
    pub fn take_out_copies(
        &self,
        request: i64,
        message_id: &str,
        sender: &str,
        keep: Option<AccountId>,
        by: &str,
    ) -> Result<Vec<RecalledCopy>> {
        // The document's record may still be buffered with the register: written first, so
        // that the recall marks it.
        self.flush_usage()?;
        let id = bare_message_id(message_id).to_string();
        let sender = sender.to_lowercase();
        let by = by.to_lowercase();
        self.db().write(move |ctx| {
            let now = crate::now();
            // (account, mailbox, uid) of every copy to take out.
            let copies: Vec<(AccountId, MailboxId, u32)> = {
                let mut stmt = ctx.conn.prepare_cached(
                    "SELECT mb.account_id, m.mailbox_id, m.uid FROM contents c \
                     JOIN messages m ON m.content_id = c.id \
                     JOIN mailboxes mb ON mb.id = m.mailbox_id \
                     WHERE c.message_id IN (?1, '<' || ?1 || '>') \
                     AND mb.account_id IS NOT ?2 \
                     AND instr(lower(coalesce(c.from_addr, '')), '<' || ?3 || '>') > 0 \
                     AND mb.special_use IS NOT '\\X-Recall' \
                     AND mb.special_use IS NOT '\\X-Recalled' \
                     ORDER BY mb.account_id, m.mailbox_id, m.uid",
                )?;
                let rows = stmt.query_map(params![id, keep, sender], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u32))
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut reached: Vec<RecalledCopy> = Vec::new();
            let mut i = 0;
            while i < copies.len() {
                let (account, mailbox, _) = copies[i];
                let mut j = i;
                while j < copies.len() && copies[j].0 == account && copies[j].1 == mailbox {
                    j += 1;
                }
                let uids: Vec<u32> = copies[i..j].iter().map(|c| c.2).collect();
                let hidden = hidden_mailbox(ctx, account, now)?;
                crate::message::copy_messages(ctx, mailbox, &uids, account, hidden, false)?;
                crate::message::remove_messages(ctx, account, mailbox, &uids, true)?;
                match reached.last_mut() {
                    Some(last) if last.account == account => last.copies += uids.len() as u32,
                    _ => {
                        let (address, display_name) = ctx
                            .conn
                            .prepare_cached(
                                "SELECT address, display_name FROM accounts WHERE id = ?1",
                            )?
                            .query_row([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
                        reached.push(RecalledCopy {
                            account,
                            address,
                            display_name,
                            copies: uids.len() as u32,
                        });
                    }
                }
                i = j;
            }
            // The register: our own record of the document, and the report's entries of the
            // same number from the same sender.
            let docs: Vec<(Option<String>, String)> = {
                let mut stmt = ctx.conn.prepare_cached(
                    "UPDATE recall_documents SET recalled_at = ?2, recalled_by = ?3 \
                     WHERE message_id = ?1 AND recalled_at IS NULL RETURNING number, sender",
                )?;
                let rows = stmt.query_map(params![id, now, by], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (number, sender) in docs {
                if let Some(number) = number {
                    ctx.conn
                        .prepare_cached(
                            "UPDATE documents SET recalled_at = ?3, recalled_by = ?4 \
                             WHERE number = ?1 AND lower(sender) = ?2 AND recalled_at IS NULL",
                        )?
                        .execute(params![number, sender, now, by])?;
                }
            }
            let outcome = serde_json::json!({
                "reached": reached.iter().map(|r| &r.address).collect::<Vec<_>>(),
            })
            .to_string();
            ctx.conn
                .prepare_cached(
                    "UPDATE recall_requests SET state = 'moved', outcome = ?2, \
                     message_id = coalesce(message_id, ?3) WHERE id = ?1",
                )?
                .execute(params![request, outcome, id])?;
            Ok(reached)
        })
    }

    /// The copies an account has in its hidden recall mailbox (for the administrator and
    /// tests): (Message-ID, UID).
    pub fn recalled_copies(&self, account: AccountId) -> Result<Vec<(Option<String>, u32)>> {
        self.db().read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT c.message_id, m.uid FROM mailboxes mb \
                 JOIN messages m ON m.mailbox_id = mb.id JOIN contents c ON c.id = m.content_id \
                 WHERE mb.account_id = ?1 AND mb.special_use = '\\X-Recalled' ORDER BY m.uid",
            )?;
            let rows =
                stmt.query_map([account], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u32)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Empties the hidden recall mailboxes of copies recalled before `before` (the end of the
    /// retention period). Returns how many were removed; the caller logs it.
    pub fn purge_recalled(&self, before: i64) -> Result<usize> {
        self.db().write(move |ctx| {
            let old: Vec<(AccountId, MailboxId, u32)> = {
                let mut stmt = ctx.conn.prepare_cached(
                    "SELECT mb.account_id, m.mailbox_id, m.uid FROM mailboxes mb \
                     JOIN messages m ON m.mailbox_id = mb.id \
                     WHERE mb.special_use = '\\X-Recalled' AND m.internal_date < ?1",
                )?;
                let rows = stmt.query_map([before], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u32))
                })?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (account, mailbox, uid) in &old {
                crate::message::remove_messages(ctx, *account, *mailbox, &[*uid], false)?;
            }
            Ok(old.len())
        })
    }
}

/// The account's hidden recall mailbox, made on first use.
fn hidden_mailbox(
    ctx: &mut crate::db::WriteCtx<'_>,
    account: AccountId,
    now: i64,
) -> Result<MailboxId> {
    match crate::mailbox::mailbox_id(ctx.conn, account, RECALLED_MAILBOX) {
        Ok(id) => Ok(id),
        Err(StorageError::NotFound { .. }) => {
            let id = crate::mailbox::insert_mailbox(
                ctx,
                account,
                RECALLED_MAILBOX,
                Some(RECALLED_ATTRIBUTE),
                now,
            )?;
            // Not listed, so no MailboxesChanged is owed to clients; sent all the same so
            // that caches of the mailbox list are rebuilt.
            ctx.notify(account, Change::MailboxesChanged);
            Ok(id)
        }
        Err(e) => Err(e),
    }
}

/// Writes one buffered recallable document (inside the register's flush).
pub(crate) fn insert_recallable(conn: &rusqlite::Connection, d: &RecallableDocument) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO recall_documents (message_id, direction, sender, \
         sender_account, doc_type, number, subject, remote_recipients, at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        bare_message_id(&d.message_id),
        if d.sent { "sent" } else { "received" },
        d.sender.to_lowercase(),
        d.sender_account,
        d.doc_type,
        d.number,
        d.subject,
        d.remote_recipients.join(" "),
        d.at
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_lose_their_brackets() {
        assert_eq!(bare_message_id(" <a.b@x.gov.vn> "), "a.b@x.gov.vn");
        assert_eq!(bare_message_id("a@x"), "a@x");
    }

    #[test]
    fn the_hidden_name_is_one_no_client_can_use() {
        assert!(crate::normalize_name(RECALLED_MAILBOX).is_err());
        assert!(crate::normalize_name(RECALL_MAILBOX).is_ok());
    }
}
