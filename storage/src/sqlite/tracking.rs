//! Receipt and read tracking of official documents (issue 22 item 2; Nghị định 30/2020/NĐ-CP
//! Điều 21.2: the receiving văn thư tells the sender, the same day, that the document was
//! received).
//!
//! Each register entry written with a [`Tracking`] gets one row per recipient in
//! `document_recipients`: a local recipient with the content of its copy and the time of
//! delivery, a remote one with what its server's receipts report. A local recipient's first
//! `\Seen` (IMAP STORE, FETCH BODY[], POP3 RETR: every path goes through
//! `Store::set_flags`) fills `read_at`; [`note_read`] is called only for messages that carry
//! the `$Official` keyword and gained `\Seen`, so other messages cost nothing.
//!
//! The receipt owed to the sender, one per receiving agency, moves through the states of
//! `document_recipients.receipt` (see migration 17): the SMTP service's receipt sender reads
//! [`Store::pending_receipts`], decides by the agency's setting, sends, and settles the group
//! with [`Store::settle_receipts`]. The rows are written with the register (buffered, within
//! a second of delivery) and a first read moves a waiting group to `due`; both wake the
//! receipt sender through [`Store::receipts_wakeup`].

use std::sync::Arc;

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::error::Result;
use crate::sqlite::SqliteBackend;
use crate::types::{AccountId, MailboxId};

/// The keyword every recognised official document is delivered with (`policy::rules`): only
/// messages carrying it are looked for in the register when they are read.
pub const OFFICIAL_KEYWORD: &str = "$Official";

/// One local copy of a document: where it was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalCopy {
    pub account: AccountId,
    pub mailbox: MailboxId,
    pub uid: u32,
}

/// What a register entry keeps for tracking besides the entry itself.
#[derive(Debug, Clone, Default)]
pub struct Tracking {
    /// The document's Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// The local copies stored (several copies of one account count once).
    pub copies: Vec<LocalCopy>,
    /// Remote recipients' addresses.
    pub remote: Vec<String>,
    /// Whether a receipt is owed to the sender, as far as delivery knows.
    pub receipts: Receipts,
    /// An urgent document's deadlines for its local recipients (migration 18): when an
    /// unread copy's recipient is reminded, and when the văn thư and the sender are told.
    pub follow_up: Option<(i64, i64)>,
}

/// What delivery knows of the receipt owed to a document's sender: the local recipients'
/// rows start in the state it names (`document_recipients.receipt`, migration 17).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Receipts {
    /// None applies: a null sender, an automatic message (`none`).
    #[default]
    None,
    /// The sender takes none, whatever the receiving agency's setting: an address outside
    /// the official ones, or one of our domains that no account or alias has (`off`, as the
    /// receipt sender would settle it: deciding at delivery spares it a read and a write).
    Off,
    /// Owed: the receipt sender decides by the receiving agency's setting (`new`).
    Owed,
    /// Owed or Off by where the sender is, decided when the register is written (its flush,
    /// which has the directory at hand: [`Receipts::by_sender`]): one of our accounts or
    /// aliases takes receipts; another address on a domain we serve takes none (a forged or
    /// mistyped sender of ours); an address elsewhere takes them when its domain is an
    /// official one (`remote_official`: the policy's list, which only delivery knows).
    /// Delivery would otherwise look the sender up itself, a thread hop per document.
    BySender { remote_official: bool },
}

impl Receipts {
    /// The state the local recipients' rows start in. [`Receipts::BySender`] is settled
    /// before ([`Receipts::by_sender`]); unsettled it would leave the decision to the receipt
    /// sender (`new`), which checks the sender again anyway.
    pub(crate) fn state(self) -> &'static str {
        match self {
            Receipts::None => "none",
            Receipts::Off => "off",
            Receipts::Owed | Receipts::BySender { .. } => "new",
        }
    }

    /// [`Receipts::BySender`] settled for a sender that is on a domain we serve (`served`)
    /// and is one of our accounts or aliases (`local`); the others as they are. The same rule
    /// as the receipt sender's (`smtp::receipts::takes_receipts`).
    pub(crate) fn by_sender(self, served: bool, local: bool) -> Receipts {
        let Receipts::BySender { remote_official } = self else {
            return self;
        };
        let takes = match (served, local) {
            (_, true) => true,
            (true, false) => false,
            (false, false) => remote_official,
        };
        if takes { Receipts::Owed } else { Receipts::Off }
    }
}

/// The address and the normalised domain of a sender, as the directory keeps them: the
/// look-up keys of [`Receipts::by_sender`]. No domain when it is not a valid one (then no
/// domain of ours).
pub(crate) fn sender_keys(sender: &str) -> (String, Option<String>) {
    let address = sender.trim().to_lowercase();
    let domain = address
        .rsplit_once('@')
        .and_then(|(_, d)| crate::sqlite::directory::normalize_domain(d).ok());
    (address, domain)
}

/// Settles `receipts` for `sender` on the writer's connection (see [`Receipts::BySender`]):
/// two indexed look-ups, and only for that variant.
fn settle_receipts(conn: &Connection, receipts: Receipts, sender: &str) -> Result<Receipts> {
    if !matches!(receipts, Receipts::BySender { .. }) {
        return Ok(receipts);
    }
    let (address, domain) = sender_keys(sender);
    let (served, local) = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM domains WHERE name = ?1), \
             EXISTS (SELECT 1 FROM accounts WHERE address = ?2) \
             OR EXISTS (SELECT 1 FROM aliases WHERE address = ?2)",
        )?
        .query_row(params![domain, address], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(receipts.by_sender(served, local))
}

/// Writes the recipients' rows of document `document` sent by `sender` (inside the register's
/// flush). Returns whether a receipt is now pending.
pub(crate) fn insert_recipients(
    conn: &Connection,
    document: i64,
    at: i64,
    sender: &str,
    t: &Tracking,
) -> Result<bool> {
    let receipts = settle_receipts(conn, t.receipts, sender)?;
    let state = receipts.state();
    let mut seen: Vec<AccountId> = Vec::with_capacity(t.copies.len());
    let mut local = conn.prepare_cached(
        "INSERT INTO document_recipients (document_id, address, account_id, agency_id, \
         content_id, delivered_at, receipt, remind_at, escalate_at, read_at) \
         SELECT ?1, a.address, a.id, a.agency_id, \
           (SELECT content_id FROM messages WHERE mailbox_id = ?3 AND uid = ?4), \
           ?5, ?6, ?7, ?8, \
           (SELECT CASE WHEN flags & ?9 THEN ?10 END FROM messages \
            WHERE mailbox_id = ?3 AND uid = ?4) \
         FROM accounts a WHERE a.id = ?2",
    )?;
    let mut pending = false;
    for c in &t.copies {
        if seen.contains(&c.account) {
            continue;
        }
        seen.push(c.account);
        let (remind, escalate) = t.follow_up.unzip();
        // A copy read before the register's flush wrote this row (within a second of its
        // delivery) was read then: its first \Seen found no row to fill. (Subqueries, not a
        // join: SQLite prepares a join on bound values again at every run.)
        pending |= local.execute(params![
            document,
            c.account,
            c.mailbox,
            c.uid,
            at,
            state,
            remind,
            escalate,
            i64::from(crate::flags::Flags::SEEN.0),
            crate::types::now()
        ])? > 0
            && receipts == Receipts::Owed;
    }
    let mut remote = conn.prepare_cached(
        "INSERT INTO document_recipients (document_id, address, receipt) VALUES (?1, ?2, 'none')",
    )?;
    for address in &t.remote {
        remote.execute(params![document, address.to_lowercase()])?;
    }
    Ok(pending)
}

/// Records the first read of the given messages of `account`'s `mailbox` (which just gained
/// `\Seen` and carry `$Official`). Returns whether a receipt became due (its agency sends
/// receipts at first read).
pub(crate) fn note_read(
    conn: &Connection,
    account: AccountId,
    mailbox: MailboxId,
    uids: &[u32],
    at: i64,
) -> Result<bool> {
    let list = serde_json::to_string(uids).unwrap_or_else(|_| "[]".into());
    let mut stmt = conn.prepare_cached(
        "UPDATE document_recipients SET read_at = ?4, \
           receipt = CASE receipt WHEN 'wait' THEN 'due' ELSE receipt END \
         WHERE content_id IN (SELECT content_id FROM messages WHERE mailbox_id = ?2 \
                              AND uid IN (SELECT value FROM json_each(?3))) \
           AND account_id = ?1 AND read_at IS NULL \
         RETURNING receipt",
    )?;
    let states = stmt
        .query_map(params![account, mailbox, list, at], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(states.iter().any(|s| s == "due"))
}

/// A content row is gone: its id may be given to another content, which must not be taken
/// for this document's copy.
pub(crate) fn forget_content(conn: &Connection, content: i64) -> Result<()> {
    conn.prepare_cached("UPDATE document_recipients SET content_id = NULL WHERE content_id = ?1")?
        .execute([content])?;
    Ok(())
}

/// One recipient's row as the receipt sender and the report read it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RecipientStatus {
    #[serde(skip)]
    pub id: i64,
    pub address: String,
    /// The local recipient's agency code, or the agency a remote receipt named.
    pub agency: Option<String>,
    pub agency_name: Option<String>,
    pub local: bool,
    pub delivered_at: Option<i64>,
    pub read_at: Option<i64>,
    pub receipt: String,
    pub receipt_at: Option<i64>,
}

/// The register entry a receipt is about.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TrackedDocument {
    #[serde(skip)]
    pub id: i64,
    pub at: i64,
    pub direction: String,
    pub doc_type: Option<String>,
    pub number: Option<String>,
    pub subject: Option<String>,
    /// The envelope sender: where receipts go.
    pub sender: String,
    /// The sender's agency, when the sender is one of our accounts.
    pub sender_agency: Option<i64>,
    pub message_id: Option<String>,
}

/// A receipt to decide on and maybe send: one receiving agency of one document, with its
/// recipients whose receipt is not settled (new, wait or due).
#[derive(Debug, Clone)]
pub struct PendingReceipt {
    pub document: TrackedDocument,
    /// The receiving agency (None only if its accounts lost theirs).
    pub agency_id: Option<i64>,
    pub agency_code: Option<String>,
    pub agency_name: Option<String>,
    pub recipients: Vec<RecipientStatus>,
}

/// How a pending receipt was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Sent at this time.
    Sent(i64),
    /// The agency sends none.
    Off,
    /// The agency sends it at first read: wait for one (or send now if one happened).
    Wait,
}

/// A receipt from another server, as its machine-readable part said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptReport {
    /// The document's Message-ID (Original-Message-ID), without angle brackets.
    pub original_message_id: String,
    /// Who the receipt was delivered to: the document's sender.
    pub to: String,
    /// The recipients it covers (Final-Recipient and our recipients' list).
    pub recipients: Vec<String>,
    /// The receiving agency, as named in the receipt.
    pub agency: Option<String>,
    /// Disposition `displayed` (read), else delivered (`processed`).
    pub read: bool,
    pub at: i64,
}

/// Filters of [`Store::tracked_documents`].
#[derive(Debug, Clone, Default)]
pub struct TrackingFilter {
    /// Số/ký hiệu, compared without case.
    pub number: Option<String>,
    /// The sender's address.
    pub sender: Option<String>,
    /// Vietnam-time days `from..=to`.
    pub days: Option<(i64, i64)>,
}

const DOCUMENT_COLUMNS: &str = "d.id, d.at, d.direction, d.doc_type, d.number, d.subject, d.sender, d.message_id, \
     d.sender_agency_id";

fn document_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TrackedDocument> {
    Ok(TrackedDocument {
        id: r.get(0)?,
        at: r.get(1)?,
        direction: r.get(2)?,
        doc_type: r.get(3)?,
        number: r.get(4)?,
        subject: r.get(5)?,
        sender: r.get(6)?,
        message_id: r.get(7)?,
        sender_agency: r.get(8)?,
    })
}

/// Every recipient of a document, in the order written.
fn recipients_of(conn: &Connection, document: i64) -> Result<Vec<RecipientStatus>> {
    let rows = conn
        .prepare_cached(
            "SELECT r.id, r.address, COALESCE(g.code, r.remote_agency), g.name, \
             r.account_id IS NOT NULL, r.delivered_at, r.read_at, r.receipt, r.receipt_at \
             FROM document_recipients r LEFT JOIN agencies g ON g.id = r.agency_id \
             WHERE r.document_id = ?1 ORDER BY r.id",
        )?
        .query_map([document], |r| {
            Ok(RecipientStatus {
                id: r.get(0)?,
                address: r.get(1)?,
                agency: r.get(2)?,
                agency_name: r.get(3)?,
                local: r.get(4)?,
                delivered_at: r.get(5)?,
                read_at: r.get(6)?,
                receipt: r.get(7)?,
                receipt_at: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The page of [`Store::pending_receipts`]: the groups, their documents, agencies and
/// unsettled rows, in group order. The limit is written into the statement, not bound: SQLite
/// (3.54) reads a bound LIMIT's value when it plans the statement and then prepares it again
/// after every new binding, which cost ~190k instructions each time the receipt sender looked
/// (after every official document). The limit is the sender's constant page size, so the
/// statement cache still holds one statement.
fn pending_receipts_sql(limit: usize) -> String {
    format!(
        "WITH groups AS (SELECT DISTINCT document_id, agency_id FROM document_recipients \
           WHERE receipt IN ('new', 'due') ORDER BY document_id LIMIT {limit}) \
         SELECT {DOCUMENT_COLUMNS}, x.agency_id, g.code, g.name, \
           r.id, r.address, COALESCE(g.code, r.remote_agency), g.name, \
           r.account_id IS NOT NULL, r.delivered_at, r.read_at, r.receipt, r.receipt_at \
         FROM groups x JOIN documents d ON d.id = x.document_id \
         JOIN document_recipients r ON r.document_id = x.document_id \
           AND r.agency_id IS x.agency_id AND r.receipt IN ('new', 'wait', 'due') \
         LEFT JOIN agencies g ON g.id = x.agency_id \
         ORDER BY x.document_id, x.agency_id, r.id"
    )
}

/// Settles one group (inside a write); returns whether a receipt is now due.
fn settle(conn: &Connection, document: i64, agency: Option<i64>, how: Settle) -> Result<bool> {
    match how {
        Settle::Sent(at) => {
            conn.prepare_cached(
                "UPDATE document_recipients SET receipt = 'sent', receipt_at = ?3 \
                 WHERE document_id = ?1 AND agency_id IS ?2 \
                 AND receipt IN ('new', 'wait', 'due')",
            )?
            .execute(params![document, agency, at])?;
            Ok(false)
        }
        Settle::Off => {
            conn.prepare_cached(
                "UPDATE document_recipients SET receipt = 'off' \
                 WHERE document_id = ?1 AND agency_id IS ?2 \
                 AND receipt IN ('new', 'wait', 'due')",
            )?
            .execute(params![document, agency])?;
            Ok(false)
        }
        Settle::Wait => {
            let read: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM document_recipients \
                     WHERE document_id = ?1 AND agency_id IS ?2 \
                     AND receipt IN ('new', 'wait', 'due') AND read_at IS NOT NULL)",
                )?
                .query_row(params![document, agency], |r| r.get(0))?;
            conn.prepare_cached(
                "UPDATE document_recipients SET receipt = ?3 \
                 WHERE document_id = ?1 AND agency_id IS ?2 AND receipt = 'new'",
            )?
            .execute(params![document, agency, if read { "due" } else { "wait" }])?;
            Ok(read)
        }
    }
}

/// Applies a receipt from another server (inside the register's flush); returns how many
/// rows changed.
pub(crate) fn apply_receipt(conn: &Connection, report: &ReceiptReport) -> Result<usize> {
    let documents: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM documents WHERE message_id = ?1 AND direction = 'sent' \
             AND sender = ?2 COLLATE NOCASE",
        )?
        .query_map(params![report.original_message_id, report.to], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "UPDATE document_recipients SET \
           delivered_at = COALESCE(delivered_at, ?3), \
           read_at = CASE WHEN ?4 THEN COALESCE(read_at, ?3) ELSE read_at END, \
           remote_agency = COALESCE(?5, remote_agency) \
         WHERE document_id = ?1 AND address = ?2 AND account_id IS NULL",
    )?;
    let mut changed = 0;
    for document in documents {
        for address in &report.recipients {
            changed += stmt.execute(params![
                document,
                address.to_lowercase(),
                report.at,
                report.read,
                report.agency
            ])?;
        }
    }
    Ok(changed)
}

impl SqliteBackend {
    /// Signalled when a receipt may be pending: register rows written with receipts owed,
    /// or a first read in an agency that sends receipts at first read.
    pub fn receipts_wakeup(&self) -> Arc<tokio::sync::Notify> {
        self.receipts_notify().clone()
    }

    /// Records an exchange with its recipients for tracking; written with the next usage
    /// flush (within a second), like [`Store::record_document`].
    pub fn record_tracked_document(&self, document: crate::NewDocument, tracking: Tracking) {
        self.usage_buffer()
            .push_tracked_document(document, Some(tracking));
    }

    /// Up to `limit` receipts to decide on: groups (document, receiving agency) with a row
    /// `new` or `due`, oldest documents first.
    pub fn pending_receipts(&self, limit: usize) -> Result<Vec<PendingReceipt>> {
        self.db().read(|conn| {
            // One statement for the page: the groups, their documents, agencies and unsettled
            // rows, in group order (a burst of documents costs one read, not four a group).
            let mut stmt = conn.prepare_cached(&pending_receipts_sql(limit))?;
            let mut rows = stmt.query([])?;
            let mut out: Vec<PendingReceipt> = Vec::new();
            while let Some(r) = rows.next()? {
                let document = document_row(r)?;
                let agency_id: Option<i64> = r.get(9)?;
                let recipient = RecipientStatus {
                    id: r.get(12)?,
                    address: r.get(13)?,
                    agency: r.get(14)?,
                    agency_name: r.get(15)?,
                    local: r.get(16)?,
                    delivered_at: r.get(17)?,
                    read_at: r.get(18)?,
                    receipt: r.get(19)?,
                    receipt_at: r.get(20)?,
                };
                match out.last_mut() {
                    Some(last)
                        if last.document.id == document.id && last.agency_id == agency_id =>
                    {
                        last.recipients.push(recipient)
                    }
                    _ => out.push(PendingReceipt {
                        document,
                        agency_id,
                        agency_code: r.get(10)?,
                        agency_name: r.get(11)?,
                        recipients: vec![recipient],
                    }),
                }
            }
            Ok(out)
        })
    }

    /// Settles the unsettled receipt rows of one agency of one document. `Wait` moves the
    /// group to `due` at once when one of its recipients has read the document meanwhile
    /// (decided inside the write, so a read between the look and the settle is not lost);
    /// returns whether a receipt is now due.
    pub fn settle_receipts(&self, document: i64, agency: Option<i64>, how: Settle) -> Result<bool> {
        self.settle_many_receipts(vec![(document, agency, how)])
    }

    /// [`Store::settle_receipts`] for many groups in one transaction (the receipt sender
    /// settles a page of groups at once).
    pub fn settle_many_receipts(&self, groups: Vec<(i64, Option<i64>, Settle)>) -> Result<bool> {
        if groups.is_empty() {
            return Ok(false);
        }
        let due = self.db().write(move |ctx| {
            let mut due = false;
            for (document, agency, how) in &groups {
                due |= settle(ctx.conn, *document, *agency, *how)?;
            }
            Ok(due)
        })?;
        if due {
            self.receipts_notify().notify_one();
        }
        Ok(due)
    }

    /// A receipt from another server: updates the remote recipients it names of the
    /// document with that Message-ID which `report.to` sent. Only remote rows change (no
    /// other server speaks for our own mailboxes). Applied with the register's next flush
    /// (within a second), after the entries buffered before it: a receipt that comes back
    /// faster than the flush still finds its document.
    pub fn record_receipt(&self, report: ReceiptReport) {
        self.usage_buffer().push_receipt(report);
    }

    /// Tracked documents (those with recipients' rows) matching `filter`, oldest first, each
    /// with every recipient's delivered and read times. Nothing of the mailboxes' content.
    pub fn tracked_documents(
        &self,
        filter: &TrackingFilter,
    ) -> Result<Vec<(TrackedDocument, Vec<RecipientStatus>)>> {
        self.db().read(|conn| {
            let (from, to) = filter.days.unwrap_or((i64::MIN, i64::MAX));
            let docs: Vec<TrackedDocument> = conn
                .prepare_cached(&format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM documents d \
                     WHERE d.day BETWEEN ?1 AND ?2 \
                     AND (?3 IS NULL OR d.number = ?3 COLLATE NOCASE) \
                     AND (?4 IS NULL OR d.sender = ?4 COLLATE NOCASE) \
                     AND EXISTS (SELECT 1 FROM document_recipients r WHERE r.document_id = d.id) \
                     ORDER BY d.at, d.id"
                ))?
                .query_map(
                    params![from, to, filter.number, filter.sender],
                    document_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::with_capacity(docs.len());
            for d in docs {
                let recipients = recipients_of(conn, d.id)?;
                out.push((d, recipients));
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use rusqlite::StatementStatus;

    use super::*;

    /// The receipt sender's page is prepared once and run again without being prepared anew;
    /// so is the same statement with its LIMIT bound, as it was written before: SQLite 3.54
    /// prepared that one again at every run until the connections got the planner's stability
    /// guarantee (`schema::configure`).
    #[test]
    fn the_pending_receipts_page_is_not_prepared_again_at_every_run() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteBackend::open(dir.path(), crate::OpenMode::CreateIfMissing).unwrap();
        store
            .db()
            .read(|conn| {
                let runs = |sql: &str, bound: bool| -> Result<i32> {
                    for _ in 0..3 {
                        let mut stmt = conn.prepare_cached(sql)?;
                        let mut rows = if bound {
                            stmt.query([64])?
                        } else {
                            stmt.query([])?
                        };
                        while rows.next()?.is_some() {}
                    }
                    Ok(conn
                        .prepare_cached(sql)?
                        .get_status(StatementStatus::RePrepare))
                };
                assert_eq!(runs(&pending_receipts_sql(64), false)?, 0);
                let bound = pending_receipts_sql(64).replace("LIMIT 64", "LIMIT ?1");
                assert_eq!(runs(&bound, true)?, 0);
                Ok(())
            })
            .unwrap();
    }
}
