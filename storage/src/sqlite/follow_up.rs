//! Follow-up of unread urgent documents (issue 22 item 3; migration 18). A local recipient's
//! row of an urgent document carries two deadlines, set at delivery by the SMTP service from
//! the working calendar ([`crate::Tracking::follow_up`]). The follow-up worker asks for the
//! rows whose time has come ([`Store::due_follow_ups`]), claims them ([`Store::claim_follow_ups`],
//! which records the reminder or the escalation as done before anything is sent: nothing is
//! sent twice, across restarts too), flags the recipient's copy and sends its notices.

use rusqlite::{OptionalExtension, params};

use crate::error::Result;
use crate::flags::Flags;
use crate::message::{FlagChange, FlagOp};
use crate::sqlite::SqliteBackend;
use crate::types::AccountId;

/// One recipient's unread urgent document whose reminder or escalation is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// The `document_recipients` row.
    pub row: i64,
    pub account: AccountId,
    pub address: String,
    pub display_name: String,
    /// The recipient's copy (None when it was deleted: nothing to flag).
    pub content: Option<i64>,
    pub remind_at: i64,
    pub escalate_at: i64,
    /// The reminder was already sent: the escalation is what is due.
    pub reminded: bool,
    pub delivered_at: Option<i64>,
    pub document_at: i64,
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub urgency: Option<String>,
    pub subject: Option<String>,
    /// The envelope sender of the document.
    pub sender: String,
}

impl FollowUp {
    /// Whether the escalation is due at `now` (besides, or instead of, the reminder).
    pub fn escalation_due(&self, now: i64) -> bool {
        self.escalate_at <= now
    }
}

impl SqliteBackend {
    /// Unread urgent documents whose reminder or escalation is due at `now`, oldest deadline
    /// first, at most `limit`.
    pub fn due_follow_ups(&self, now: i64, limit: usize) -> Result<Vec<FollowUp>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT r.id, r.account_id, a.address, a.display_name, r.content_id, \
                   r.remind_at, r.escalate_at, r.reminded_at IS NOT NULL, r.delivered_at, \
                   d.at, d.doc_type, d.number, d.urgency, d.subject, d.sender \
                 FROM document_recipients r \
                 JOIN documents d ON d.id = r.document_id \
                 JOIN accounts a ON a.id = r.account_id \
                 WHERE r.remind_at IS NOT NULL AND r.read_at IS NULL \
                   AND r.escalated_at IS NULL AND r.remind_at <= ?1 \
                   AND (r.reminded_at IS NULL OR r.escalate_at <= ?1) \
                 ORDER BY r.remind_at LIMIT ?2",
            )?;
            let rows = stmt
                .query_map(params![now, limit as i64], |r| {
                    Ok(FollowUp {
                        row: r.get(0)?,
                        account: r.get(1)?,
                        address: r.get(2)?,
                        display_name: r.get(3)?,
                        content: r.get(4)?,
                        remind_at: r.get(5)?,
                        escalate_at: r.get(6)?,
                        reminded: r.get(7)?,
                        delivered_at: r.get(8)?,
                        document_at: r.get(9)?,
                        doc_type: r.get(10)?,
                        number: r.get(11)?,
                        urgency: r.get(12)?,
                        subject: r.get(13)?,
                        sender: r.get(14)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// The next time a follow-up falls due (None: nothing is waiting).
    pub fn next_follow_up(&self) -> Result<Option<i64>> {
        self.db().read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT min(CASE WHEN reminded_at IS NULL THEN remind_at ELSE escalate_at END) \
                     FROM document_recipients \
                     WHERE remind_at IS NOT NULL AND read_at IS NULL AND escalated_at IS NULL",
                )?
                .query_row([], |r| r.get::<_, Option<i64>>(0))
                .optional()?
                .flatten())
        })
    }

    /// Records as done, at `now`, the reminders of rows `reminded` and the escalations of rows
    /// `escalated`; returns the rows of each that this call claimed (a row read before it
    /// was read by its recipient, or claimed by another worker, is left out).
    pub fn claim_follow_ups(
        &self,
        reminded: Vec<i64>,
        escalated: Vec<i64>,
        now: i64,
    ) -> Result<(Vec<i64>, Vec<i64>)> {
        self.db().write(move |ctx| {
            let mut remind = ctx.conn.prepare_cached(
                "UPDATE document_recipients SET reminded_at = ?2 \
                 WHERE id = ?1 AND reminded_at IS NULL AND read_at IS NULL",
            )?;
            let mut got_reminded = Vec::new();
            for row in reminded {
                if remind.execute(params![row, now])? > 0 {
                    got_reminded.push(row);
                }
            }
            let mut escalate = ctx.conn.prepare_cached(
                "UPDATE document_recipients SET escalated_at = ?2, \
                   reminded_at = coalesce(reminded_at, ?2) \
                 WHERE id = ?1 AND escalated_at IS NULL AND read_at IS NULL",
            )?;
            let mut got_escalated = Vec::new();
            for row in escalated {
                if escalate.execute(params![row, now])? > 0 {
                    got_escalated.push(row);
                }
            }
            Ok((got_reminded, got_escalated))
        })
    }

    /// Flags `account`'s copies of content `content` (\Flagged), through the same path as an
    /// IMAP STORE, so that open sessions see it.
    pub fn flag_copies(&self, account: AccountId, content: i64) -> Result<()> {
        let copies: Vec<(i64, u32)> = self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT m.mailbox_id, m.uid FROM messages m \
                 JOIN mailboxes b ON b.id = m.mailbox_id \
                 WHERE b.account_id = ?1 AND m.content_id = ?2",
            )?;
            let rows = stmt
                .query_map(params![account, content], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })?;
        for (mailbox, uid) in copies {
            self.set_flags(
                account,
                mailbox,
                vec![uid],
                FlagChange {
                    op: FlagOp::Add,
                    flags: Flags::FLAGGED,
                    keywords: Vec::new(),
                    unchanged_since: None,
                },
            )?;
        }
        Ok(())
    }

    /// The văn thư of `account`'s unit: the active accounts granted on the unit mailboxes
    /// of its agency (the account itself left out).
    pub fn clerks_of(&self, account: AccountId) -> Result<Vec<String>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT g.address FROM accounts u \
                 JOIN grants ON grants.unit_account_id = u.id \
                 JOIN accounts g ON g.id = grants.grantee_account_id \
                 WHERE u.kind = 'unit' AND g.status = 'active' AND g.id != ?1 \
                   AND u.agency_id = (SELECT agency_id FROM accounts WHERE id = ?1) \
                 ORDER BY g.address",
            )?;
            let rows = stmt
                .query_map([account], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}
