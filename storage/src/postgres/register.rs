//! The register of official documents on PostgreSQL: entries and their tracking rows
//! (written by the node's flush, see `usage`), receipts owed, follow-ups of urgent documents.
//! The same answers as SQLite's (storage/src/sqlite/{register,tracking,follow_up}.rs).
//!
//! Several nodes run a receipt sender and a follow-up worker each:
//! - a receipt group is leased by the node that reads it (`pending_receipts` stamps its rows
//!   with `lease_by`/`lease_until`, migration 0004, skipping rows another node holds), and
//!   the lease ends when the group is settled or after [`RECEIPT_LEASE_SECS`] (the node died):
//!   two nodes never send the same receipt while both live;
//! - a follow-up is claimed by a conditional UPDATE (`… WHERE reminded_at IS NULL`): of two
//!   nodes claiming one row, the second waits for the first's row lock, then finds the
//!   condition false and leaves the row out, so one notice goes.

use tokio_postgres::Row;

use super::pool::Queries;
use crate::backend::Messages as _;

use super::{PgBackend, PgResult, pg_write};
use crate::backend::Register;
use crate::error::Result;
use crate::flags::Flags;
use crate::message::{FlagChange, FlagOp};
use crate::types::AccountId;
use crate::{
    DocumentEntry, FollowUp, NewDocument, PendingReceipt, ReceiptReport, Receipts, RecipientStatus,
    Settle, SignatureSummary, TrackedDocument, Tracking, TrackingFilter,
};

/// How long a node holds the receipt groups it read before another node may take them (it
/// settles them within seconds; a node that died holds them this long).
pub const RECEIPT_LEASE_SECS: i64 = 120;

async fn agency_of(c: &impl Queries, account: AccountId) -> PgResult<Option<i64>> {
    Ok(
        c.query_opt("SELECT agency_id FROM accounts WHERE id = $1", &[&account])
            .await?
            .map(|r| r.get(0)),
    )
}

/// Writes a buffered entry (inside the flush transaction), with its recipients' rows when
/// tracked; returns whether a receipt is now pending.
pub(crate) async fn insert(
    c: &impl Queries,
    d: &NewDocument,
    tracking: Option<&Tracking>,
) -> PgResult<bool> {
    let sender_agency = match d.sender_account {
        Some(a) => agency_of(c, a).await?,
        None => None,
    };
    let mut agencies = Vec::new();
    for a in &d.local_recipients {
        if let Some(id) = agency_of(c, *a).await?
            && !agencies.contains(&id)
        {
            agencies.push(id);
        }
    }
    agencies.sort_unstable();
    let agencies = agencies
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let id: i64 = c
        .query_one(
            "INSERT INTO documents (at, day, direction, doc_type, number, urgency, secrecy, \
             mandatory, sender, sender_agency_id, recipient_agencies, recipients_local, \
             recipients_external, subject, message_id, signature_status, signatures) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17) RETURNING id",
            &[
                &d.at,
                &crate::vn_day(d.at),
                &d.direction.as_str(),
                &d.doc_type,
                &d.number,
                &d.urgency,
                &d.secrecy,
                &d.mandatory,
                &d.sender,
                &sender_agency,
                &agencies,
                &(d.local_recipients.len() as i64),
                &i64::from(d.external_recipients),
                &d.subject,
                &tracking.and_then(|t| t.message_id.as_deref()),
                &d.signatures.as_ref().map(|s| s.status.as_str()),
                &d.signatures.as_ref().map(|s| s.lines.join("\n")),
            ],
        )
        .await?
        .get(0);
    match tracking {
        Some(t) => insert_recipients(c, id, d.at, &d.sender, t).await,
        None => Ok(false),
    }
}

/// `receipts` settled for `sender` (see `Receipts::BySender`), as SQLite's
/// `tracking::settle_receipts`.
async fn settle_receipts(c: &impl Queries, receipts: Receipts, sender: &str) -> PgResult<Receipts> {
    if !matches!(receipts, Receipts::BySender { .. }) {
        return Ok(receipts);
    }
    let (address, domain) = crate::tracking::sender_keys(sender);
    let row = c
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM domains WHERE name = $1), \
             EXISTS (SELECT 1 FROM accounts WHERE address = $2) \
             OR EXISTS (SELECT 1 FROM aliases WHERE address = $2)",
            &[&domain, &address],
        )
        .await?;
    Ok(receipts.by_sender(row.get(0), row.get(1)))
}

/// The recipients' rows of document `document` sent by `sender`, as SQLite's
/// `tracking::insert_recipients`.
async fn insert_recipients(
    c: &impl Queries,
    document: i64,
    at: i64,
    sender: &str,
    t: &Tracking,
) -> PgResult<bool> {
    let receipts = settle_receipts(c, t.receipts, sender).await?;
    let state = receipts.state();
    let mut seen: Vec<AccountId> = Vec::with_capacity(t.copies.len());
    let mut pending = false;
    let (remind, escalate) = t.follow_up.unzip();
    let seen_bit = i64::from(Flags::SEEN.0);
    for copy in &t.copies {
        if seen.contains(&copy.account) {
            continue;
        }
        seen.push(copy.account);
        // A copy read before the flush wrote this row was read then: its first \Seen found
        // no row to fill.
        let n = c
            .execute(
                "INSERT INTO document_recipients (document_id, address, account_id, \
                 agency_id, content_id, delivered_at, receipt, remind_at, escalate_at, \
                 read_at) \
                 SELECT $1, a.address, a.id, a.agency_id, m.content_id, $5, $6, $7, $8, \
                   CASE WHEN m.flags & $9 <> 0 THEN $10::BIGINT END \
                 FROM accounts a LEFT JOIN messages m ON m.mailbox_id = $3 AND m.uid = $4 \
                 WHERE a.id = $2",
                &[
                    &document,
                    &copy.account,
                    &copy.mailbox,
                    &i64::from(copy.uid),
                    &at,
                    &state,
                    &remind,
                    &escalate,
                    &seen_bit,
                    &crate::types::now(),
                ],
            )
            .await?;
        pending |= n > 0 && receipts == Receipts::Owed;
    }
    for address in &t.remote {
        c.execute(
            "INSERT INTO document_recipients (document_id, address, receipt) \
             VALUES ($1, $2, 'none')",
            &[&document, &address.to_lowercase()],
        )
        .await?;
    }
    Ok(pending)
}

/// Applies a receipt from another server (inside the flush); returns how many rows changed,
/// or None when no document of ours has its Message-ID (yet).
pub(crate) async fn apply_receipt(
    c: &impl Queries,
    report: &ReceiptReport,
) -> PgResult<Option<u64>> {
    let documents: Vec<i64> = c
        .query(
            "SELECT id FROM documents WHERE message_id = $1 AND direction = 'sent' \
             AND lower(sender COLLATE \"C\") = lower($2::TEXT COLLATE \"C\") ORDER BY id",
            &[&report.original_message_id, &report.to],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if documents.is_empty() {
        return Ok(None);
    }
    let mut changed = 0;
    for document in documents {
        for address in &report.recipients {
            changed += c
                .execute(
                    "UPDATE document_recipients SET \
                       delivered_at = COALESCE(delivered_at, $3), \
                       read_at = CASE WHEN $4 THEN COALESCE(read_at, $3) ELSE read_at END, \
                       remote_agency = COALESCE($5, remote_agency) \
                     WHERE document_id = $1 AND address = $2 AND account_id IS NULL",
                    &[
                        &document,
                        &address.to_lowercase(),
                        &report.at,
                        &report.read,
                        &report.agency,
                    ],
                )
                .await?;
        }
    }
    Ok(Some(changed))
}

const DOCUMENT_COLUMNS: &str = "d.id, d.at, d.direction, d.doc_type, d.number, d.subject, \
     d.sender, d.message_id, d.sender_agency_id";

fn document_row(r: &Row) -> TrackedDocument {
    TrackedDocument {
        id: r.get(0),
        at: r.get(1),
        direction: r.get(2),
        doc_type: r.get(3),
        number: r.get(4),
        subject: r.get(5),
        sender: r.get(6),
        message_id: r.get(7),
        sender_agency: r.get(8),
    }
}

fn recipient_row(r: &Row, first: usize) -> RecipientStatus {
    RecipientStatus {
        id: r.get(first),
        address: r.get(first + 1),
        agency: r.get(first + 2),
        agency_name: r.get(first + 3),
        local: r.get(first + 4),
        delivered_at: r.get(first + 5),
        read_at: r.get(first + 6),
        receipt: r.get(first + 7),
        receipt_at: r.get(first + 8),
    }
}

/// Settles one group (inside a write) and ends its lease; returns whether a receipt is now
/// due.
async fn settle(
    c: &impl Queries,
    document: i64,
    agency: Option<i64>,
    how: Settle,
) -> PgResult<bool> {
    let due = match how {
        Settle::Sent(at) => {
            c.execute(
                "UPDATE document_recipients SET receipt = 'sent', receipt_at = $3 \
                 WHERE document_id = $1 AND agency_id IS NOT DISTINCT FROM $2 \
                 AND receipt IN ('new', 'wait', 'due')",
                &[&document, &agency, &at],
            )
            .await?;
            false
        }
        Settle::Off => {
            c.execute(
                "UPDATE document_recipients SET receipt = 'off' \
                 WHERE document_id = $1 AND agency_id IS NOT DISTINCT FROM $2 \
                 AND receipt IN ('new', 'wait', 'due')",
                &[&document, &agency],
            )
            .await?;
            false
        }
        Settle::Wait => {
            let read: bool = c
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM document_recipients \
                     WHERE document_id = $1 AND agency_id IS NOT DISTINCT FROM $2 \
                     AND receipt IN ('new', 'wait', 'due') AND read_at IS NOT NULL)",
                    &[&document, &agency],
                )
                .await?
                .get(0);
            let state = if read { "due" } else { "wait" };
            c.execute(
                "UPDATE document_recipients SET receipt = $3 \
                 WHERE document_id = $1 AND agency_id IS NOT DISTINCT FROM $2 \
                 AND receipt = 'new'",
                &[&document, &agency, &state],
            )
            .await?;
            read
        }
    };
    c.execute(
        "UPDATE document_recipients SET lease_by = NULL, lease_until = NULL \
         WHERE document_id = $1 AND agency_id IS NOT DISTINCT FROM $2 AND lease_by IS NOT NULL",
        &[&document, &agency],
    )
    .await?;
    Ok(due)
}

impl Register for PgBackend {
    fn due_follow_ups(&self, now: i64, limit: usize) -> Result<Vec<FollowUp>> {
        let limit = limit.min(i64::MAX as usize) as i64;
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT r.id, r.account_id, a.address, a.display_name, r.content_id, \
                       r.remind_at, r.escalate_at, r.reminded_at IS NOT NULL, r.delivered_at, \
                       d.at, d.doc_type, d.number, d.urgency, d.subject, d.sender \
                     FROM document_recipients r \
                     JOIN documents d ON d.id = r.document_id \
                     JOIN accounts a ON a.id = r.account_id \
                     WHERE r.remind_at IS NOT NULL AND r.read_at IS NULL \
                       AND r.escalated_at IS NULL AND r.remind_at <= $1 \
                       AND (r.reminded_at IS NULL OR r.escalate_at <= $1) \
                     ORDER BY r.remind_at, r.id LIMIT $2",
                    &[&now, &limit],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| FollowUp {
                    row: r.get(0),
                    account: r.get(1),
                    address: r.get(2),
                    display_name: r.get(3),
                    content: r.get(4),
                    remind_at: r.get(5),
                    escalate_at: r.get(6),
                    reminded: r.get(7),
                    delivered_at: r.get(8),
                    document_at: r.get(9),
                    doc_type: r.get(10),
                    number: r.get(11),
                    urgency: r.get(12),
                    subject: r.get(13),
                    sender: r.get(14),
                })
                .collect())
        })
    }

    fn next_follow_up(&self) -> Result<Option<i64>> {
        self.read(|c| async move {
            Ok(c.query_one(
                "SELECT min(CASE WHEN reminded_at IS NULL THEN remind_at ELSE escalate_at END) \
                 FROM document_recipients \
                 WHERE remind_at IS NOT NULL AND read_at IS NULL AND escalated_at IS NULL",
                &[],
            )
            .await?
            .get(0))
        })
    }

    fn claim_follow_ups(
        &self,
        reminded: Vec<i64>,
        escalated: Vec<i64>,
        now: i64,
    ) -> Result<(Vec<i64>, Vec<i64>)> {
        pg_write!(self, |tx, notes| {
            // Conditional updates: a row another node claimed meanwhile fails the condition
            // once its lock is released, and is left out of this node's claim.
            let mut got_reminded: Vec<i64> = tx
                .query(
                    "UPDATE document_recipients SET reminded_at = $2 \
                     WHERE id = ANY($1) AND reminded_at IS NULL AND read_at IS NULL \
                     RETURNING id",
                    &[&reminded, &now],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let mut got_escalated: Vec<i64> = tx
                .query(
                    "UPDATE document_recipients SET escalated_at = $2, \
                       reminded_at = coalesce(reminded_at, $2) \
                     WHERE id = ANY($1) AND escalated_at IS NULL AND read_at IS NULL \
                     RETURNING id",
                    &[&escalated, &now],
                )
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            // In the order asked, as SQLite's row-by-row claim gives them.
            got_reminded.sort_by_key(|id| reminded.iter().position(|r| r == id));
            got_escalated.sort_by_key(|id| escalated.iter().position(|r| r == id));
            Ok((got_reminded, got_escalated))
        })
    }

    fn flag_copies(&self, account: AccountId, content: i64) -> Result<()> {
        let copies: Vec<(i64, u32)> = self.read(move |c| async move {
            Ok(c.query(
                "SELECT m.mailbox_id, m.uid FROM messages m \
                 JOIN mailboxes b ON b.id = m.mailbox_id \
                 WHERE b.account_id = $1 AND m.content_id = $2 ORDER BY m.mailbox_id, m.uid",
                &[&account, &content],
            )
            .await?
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get::<_, i64>(1).clamp(0, u32::MAX as i64) as u32,
                )
            })
            .collect())
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

    fn clerks_of(&self, account: AccountId) -> Result<Vec<String>> {
        self.read(move |c| async move {
            Ok(c.query(
                "SELECT address FROM (SELECT DISTINCT g.address FROM accounts u \
                 JOIN grants ON grants.unit_account_id = u.id \
                 JOIN accounts g ON g.id = grants.grantee_account_id \
                 WHERE u.kind = 'unit' AND g.status = 'active' AND g.id != $1 \
                   AND u.agency_id = (SELECT agency_id FROM accounts WHERE id = $1)) t \
                 ORDER BY address COLLATE \"C\"",
                &[&account],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
        })
    }

    fn record_document(&self, document: NewDocument) {
        self.domain()
            .push(super::buffer::Entry::Document(Box::new(document), None));
    }

    fn documents_between(&self, from: i64, to: i64) -> Result<Vec<DocumentEntry>> {
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT at, direction, doc_type, number, urgency, secrecy, mandatory, \
                     sender, sender_agency_id, recipient_agencies, recipients_local, \
                     recipients_external, subject, signature_status, signatures, \
                     recalled_at, recalled_by \
                     FROM documents WHERE day BETWEEN $1 AND $2 ORDER BY at, id",
                    &[&from, &to],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| {
                    let agencies: String = r.get(9);
                    DocumentEntry {
                        at: r.get(0),
                        direction: r.get(1),
                        doc_type: r.get(2),
                        number: r.get(3),
                        urgency: r.get(4),
                        secrecy: r.get(5),
                        mandatory: r.get(6),
                        sender: r.get(7),
                        sender_agency: r.get(8),
                        recipient_agencies: agencies
                            .split_whitespace()
                            .filter_map(|a| a.parse().ok())
                            .collect(),
                        recipients_local: r.get::<_, i64>(10).clamp(0, u32::MAX as i64) as u32,
                        recipients_external: r.get::<_, i64>(11).clamp(0, u32::MAX as i64) as u32,
                        subject: r.get(12),
                        signatures: match (
                            r.get::<_, Option<String>>(13),
                            r.get::<_, Option<String>>(14),
                        ) {
                            (Some(status), lines) => Some(SignatureSummary {
                                status,
                                lines: lines
                                    .unwrap_or_default()
                                    .lines()
                                    .map(str::to_string)
                                    .collect(),
                            }),
                            _ => None,
                        },
                        recalled_at: r.get(15),
                        recalled_by: r.get(16),
                    }
                })
                .collect())
        })
    }

    fn receipts_wakeup(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.receipts_notify().clone()
    }

    fn record_tracked_document(&self, document: NewDocument, tracking: Tracking) {
        self.domain().push(super::buffer::Entry::Document(
            Box::new(document),
            Some(Box::new(tracking)),
        ));
    }

    fn pending_receipts(&self, limit: usize) -> Result<Vec<PendingReceipt>> {
        let limit = limit.min(i64::MAX as usize) as i64;
        let node = self.node().to_string();
        pg_write!(self, |tx, notes| {
            let now = crate::now();
            // Lease the page: groups with a row new or due that no other live node holds.
            // A row another node is leasing right now is locked: this UPDATE waits for it,
            // then finds its lease taken and leaves it.
            let leased = tx
                .query(
                    "WITH groups AS (SELECT DISTINCT document_id, coalesce(agency_id, 0) AS g \
                       FROM document_recipients WHERE receipt IN ('new', 'due') \
                       AND (lease_until IS NULL OR lease_until < $2 OR lease_by = $3) \
                       ORDER BY document_id, g LIMIT $1) \
                     UPDATE document_recipients r SET lease_by = $3, lease_until = $4 \
                     FROM groups x WHERE r.document_id = x.document_id \
                       AND coalesce(r.agency_id, 0) = x.g \
                       AND r.receipt IN ('new', 'wait', 'due') \
                       AND (r.lease_until IS NULL OR r.lease_until < $2 OR r.lease_by = $3) \
                     RETURNING r.document_id, coalesce(r.agency_id, 0)",
                    &[&limit, &now, &node, &(now + RECEIPT_LEASE_SECS)],
                )
                .await?;
            let mut documents: Vec<i64> = Vec::new();
            let mut agencies: Vec<i64> = Vec::new();
            for r in &leased {
                let (d, g): (i64, i64) = (r.get(0), r.get(1));
                if !documents
                    .iter()
                    .zip(&agencies)
                    .any(|(x, y)| *x == d && *y == g)
                {
                    documents.push(d);
                    agencies.push(g);
                }
            }
            if documents.is_empty() {
                return Ok(Vec::new());
            }
            let rows = tx
                .query(
                    &format!(
                        "WITH groups AS (SELECT DISTINCT x.document_id, r.agency_id \
                           FROM unnest($1::BIGINT[], $2::BIGINT[]) AS x(document_id, g) \
                           JOIN document_recipients r ON r.document_id = x.document_id \
                             AND coalesce(r.agency_id, 0) = x.g \
                           WHERE r.receipt IN ('new', 'due')) \
                         SELECT {DOCUMENT_COLUMNS}, x.agency_id, g.code, g.name, \
                           r.id, r.address, COALESCE(g.code, r.remote_agency), g.name, \
                           r.account_id IS NOT NULL, r.delivered_at, r.read_at, r.receipt, \
                           r.receipt_at \
                         FROM groups x JOIN documents d ON d.id = x.document_id \
                         JOIN document_recipients r ON r.document_id = x.document_id \
                           AND r.agency_id IS NOT DISTINCT FROM x.agency_id \
                           AND r.receipt IN ('new', 'wait', 'due') \
                         LEFT JOIN agencies g ON g.id = x.agency_id \
                         ORDER BY x.document_id, x.agency_id NULLS FIRST, r.id"
                    ),
                    &[&documents, &agencies],
                )
                .await?;
            let mut out: Vec<PendingReceipt> = Vec::new();
            for r in &rows {
                let document = document_row(r);
                let agency_id: Option<i64> = r.get(9);
                let recipient = recipient_row(r, 12);
                match out.last_mut() {
                    Some(last)
                        if last.document.id == document.id && last.agency_id == agency_id =>
                    {
                        last.recipients.push(recipient)
                    }
                    _ => out.push(PendingReceipt {
                        document,
                        agency_id,
                        agency_code: r.get(10),
                        agency_name: r.get(11),
                        recipients: vec![recipient],
                    }),
                }
            }
            Ok(out)
        })
    }

    fn settle_receipts(&self, document: i64, agency: Option<i64>, how: Settle) -> Result<bool> {
        self.settle_many_receipts(vec![(document, agency, how)])
    }

    fn settle_many_receipts(&self, groups: Vec<(i64, Option<i64>, Settle)>) -> Result<bool> {
        if groups.is_empty() {
            return Ok(false);
        }
        let due = pg_write!(self, |tx, notes| {
            let mut due = false;
            for (document, agency, how) in &groups {
                due |= settle(&tx, *document, *agency, *how).await?;
            }
            Ok(due)
        })?;
        if due {
            self.receipts_notify().notify_one();
        }
        Ok(due)
    }

    fn record_receipt(&self, report: ReceiptReport) {
        self.domain().push(super::buffer::Entry::Receipt(report, 0));
    }

    fn tracked_documents(
        &self,
        filter: &TrackingFilter,
    ) -> Result<Vec<(TrackedDocument, Vec<RecipientStatus>)>> {
        let filter = filter.clone();
        self.run(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.snapshot().await?;
            let (from, to) = filter.days.unwrap_or((i64::MIN, i64::MAX));
            let docs: Vec<TrackedDocument> = tx
                .query(
                    &format!(
                        "SELECT {DOCUMENT_COLUMNS} FROM documents d \
                         WHERE d.day BETWEEN $1 AND $2 \
                         AND ($3::TEXT IS NULL OR lower(d.number COLLATE \"C\") = lower($3::TEXT COLLATE \"C\")) \
                         AND ($4::TEXT IS NULL OR lower(d.sender COLLATE \"C\") = lower($4::TEXT COLLATE \"C\")) \
                         AND EXISTS (SELECT 1 FROM document_recipients r \
                                     WHERE r.document_id = d.id) \
                         ORDER BY d.at, d.id"
                    ),
                    &[&from, &to, &filter.number, &filter.sender],
                )
                .await?
                .iter()
                .map(document_row)
                .collect();
            let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
            let rows = tx
                .query(
                    "SELECT r.document_id, r.id, r.address, COALESCE(g.code, r.remote_agency), \
                     g.name, r.account_id IS NOT NULL, r.delivered_at, r.read_at, r.receipt, \
                     r.receipt_at \
                     FROM document_recipients r LEFT JOIN agencies g ON g.id = r.agency_id \
                     WHERE r.document_id = ANY($1) ORDER BY r.document_id, r.id",
                    &[&ids],
                )
                .await?;
            tx.commit().await?;
            let mut by_document: std::collections::HashMap<i64, Vec<RecipientStatus>> =
                std::collections::HashMap::new();
            for r in &rows {
                by_document
                    .entry(r.get(0))
                    .or_default()
                    .push(recipient_row(r, 1));
            }
            Ok(docs
                .into_iter()
                .map(|d| {
                    let recipients = by_document.remove(&d.id).unwrap_or_default();
                    (d, recipients)
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    #[allow(unused_imports)]
    use crate::backend::*;
    use crate::postgres::domain_tests::{account, backend, deliver, node, person};
    use crate::{AccountKind, Direction, LocalCopy};

    fn document(local: Vec<AccountId>, external: u32) -> NewDocument {
        NewDocument {
            at: crate::now(),
            direction: Direction::Sent,
            doc_type: Some("giay-moi".into()),
            number: Some("45/GM-UBND".into()),
            urgency: Some("khẩn".into()),
            secrecy: None,
            mandatory: true,
            sender: "vanthu@x.gov.vn".into(),
            sender_account: None,
            local_recipients: local,
            external_recipients: external,
            subject: Some("Giấy mời họp".into()),
            signatures: Some(SignatureSummary {
                status: "valid".into(),
                lines: vec!["một".into(), "hai".into()],
            }),
        }
    }

    /// The register and receipts as storage/tests/tracking.rs checks them on SQLite: rows per
    /// recipient, a first read, a receipt from another server, the register's entries; and
    /// a receipt group leased to one node while two look at once.
    #[test]
    fn documents_tracking_and_receipts_leased_to_one_node() {
        let Some((pg, dir, s)) = backend() else {
            return;
        };
        let an = person(&s, "an");
        let binh = person(&s, "binh");
        let copies: Vec<LocalCopy> = deliver(
            &s,
            "vanthu@x.gov.vn",
            "gm45@x.gov.vn",
            &[an, binh],
            "INBOX",
            &["$Official"],
        )
        .into_iter()
        .map(|d| LocalCopy {
            account: d.account,
            mailbox: d.mailbox,
            uid: d.uid,
        })
        .collect();
        let wake = s.receipts_wakeup();
        s.record_document(document(vec![an], 0));
        s.record_tracked_document(
            document(vec![an, binh], 1),
            Tracking {
                message_id: Some("gm45@x.gov.vn".into()),
                copies: copies.clone(),
                remote: vec!["Chi@Hue.gov.vn".into()],
                receipts: Receipts::Owed,
                follow_up: None,
            },
        );
        // A receipt buffered right after its document finds it in the same flush.
        s.record_receipt(ReceiptReport {
            original_message_id: "gm45@x.gov.vn".into(),
            to: "VanThu@x.gov.vn".into(),
            recipients: vec!["chi@hue.gov.vn".into(), "an@x.gov.vn".into()],
            agency: Some("UBND-HUE".into()),
            read: true,
            at: 77,
        });
        s.flush_usage().unwrap();
        // Woken: a receipt is owed.
        assert!(
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .unwrap()
                .block_on(async {
                    tokio::time::timeout(std::time::Duration::from_secs(1), wake.notified()).await
                })
                .is_ok()
        );
        let today = crate::vn_day(crate::now());
        let entries = s.documents_between(today, today).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].recipients_local, 2);
        assert_eq!(entries[1].recipients_external, 1);
        assert_eq!(entries[1].recipient_agencies.len(), 1);
        assert_eq!(
            entries[1].signatures.as_ref().unwrap().lines,
            ["một", "hai"]
        );
        assert!(entries[1].mandatory);

        let tracked = s.tracked_documents(&TrackingFilter::default()).unwrap();
        assert_eq!(tracked.len(), 1);
        let rows = &tracked[0].1;
        let seen: Vec<_> = rows
            .iter()
            .map(|r| (r.address.as_str(), r.local, r.receipt.as_str(), r.read_at))
            .collect();
        // Only the remote row changed with the remote receipt.
        assert_eq!(
            seen,
            [
                ("an@x.gov.vn", true, "new", None),
                ("binh@x.gov.vn", true, "new", None),
                ("chi@hue.gov.vn", false, "none", Some(77)),
            ]
        );
        assert_eq!(rows[2].agency.as_deref(), Some("UBND-HUE"));
        let by_number = TrackingFilter {
            number: Some("45/gm-ubnd".into()),
            sender: Some("VANTHU@x.gov.vn".into()),
            days: Some((today, today)),
        };
        assert_eq!(s.tracked_documents(&by_number).unwrap().len(), 1);
        let none = TrackingFilter {
            number: Some("46/GM-UBND".into()),
            ..TrackingFilter::default()
        };
        assert!(s.tracked_documents(&none).unwrap().is_empty());

        // Two nodes' receipt senders look at once: the group is one node's.
        let other = node(&pg, &dir);
        let (x, y) = std::thread::scope(|t| {
            let x = t.spawn(|| s.pending_receipts(16).unwrap());
            let y = t.spawn(|| other.pending_receipts(16).unwrap());
            (x.join().unwrap(), y.join().unwrap())
        });
        assert_eq!(x.len() + y.len(), 1, "{x:?} {y:?}");
        let (holder, idle, group) = if x.is_empty() {
            (&other, &s, &y[0])
        } else {
            (&s, &other, &x[0])
        };
        assert_eq!(group.agency_code.as_deref(), Some("STTTT"));
        assert_eq!(group.recipients.len(), 2);
        assert!(idle.pending_receipts(16).unwrap().is_empty());
        // The agency waits for a first read; none yet.
        assert!(
            !holder
                .settle_receipts(group.document.id, group.agency_id, Settle::Wait)
                .unwrap()
        );
        assert!(holder.pending_receipts(16).unwrap().is_empty());
        // A first read makes it due: the other node (lease ended) may take it now.
        s.set_flags(
            an,
            copies[0].mailbox,
            vec![copies[0].uid],
            FlagChange {
                op: FlagOp::Add,
                flags: Flags::SEEN,
                keywords: Vec::new(),
                unchanged_since: None,
            },
        )
        .unwrap();
        let due = idle.pending_receipts(16).unwrap();
        assert_eq!(due.len(), 1);
        assert!(due[0].recipients.iter().any(|r| r.receipt == "due"));
        assert!(
            !idle
                .settle_many_receipts(vec![(
                    due[0].document.id,
                    due[0].agency_id,
                    Settle::Sent(99)
                )])
                .unwrap()
        );
        let rows = &s.tracked_documents(&TrackingFilter::default()).unwrap()[0].1;
        assert_eq!(rows[0].receipt, "sent");
        assert_eq!(rows[0].receipt_at, Some(99));
        assert!(rows[0].read_at.is_some());
        assert!(s.pending_receipts(16).unwrap().is_empty());
    }

    /// A receipt that reaches node B while its document still waits in node A's buffer is
    /// applied by one of B's next flushes, once A has written the document.
    #[test]
    fn a_receipt_on_another_node_waits_for_its_document() {
        let Some((pg, dir, a)) = backend() else {
            return;
        };
        let b = node(&pg, &dir);
        b.record_receipt(ReceiptReport {
            original_message_id: "cv7@x.gov.vn".into(),
            to: "vanthu@x.gov.vn".into(),
            recipients: vec!["chi@hue.gov.vn".into()],
            agency: None,
            read: false,
            at: 55,
        });
        b.flush_usage().unwrap();
        a.record_tracked_document(
            document(vec![], 1),
            Tracking {
                message_id: Some("cv7@x.gov.vn".into()),
                copies: vec![],
                remote: vec!["chi@hue.gov.vn".into()],
                receipts: Receipts::None,
                follow_up: None,
            },
        );
        a.flush_usage().unwrap();
        b.flush_usage().unwrap();
        let rows = &a.tracked_documents(&TrackingFilter::default()).unwrap()[0].1;
        assert_eq!(rows[0].delivered_at, Some(55));
        // Nothing is kept for ever: a receipt for no document is dropped after a few tries.
        b.record_receipt(ReceiptReport {
            original_message_id: "none@x.gov.vn".into(),
            to: "vanthu@x.gov.vn".into(),
            recipients: vec![],
            agency: None,
            read: false,
            at: 1,
        });
        for _ in 0..10 {
            b.flush_usage().unwrap();
        }
        assert!(b.domain().take().is_empty());
    }

    /// Follow-ups of an unread urgent document: due, claimed once across nodes, the copy
    /// flagged, the unit's văn thư found.
    #[test]
    fn follow_ups_are_claimed_once_across_nodes() {
        let Some((pg, dir, s)) = backend() else {
            return;
        };
        let an = person(&s, "an");
        let clerk = person(&s, "clerk");
        account(&s, "vanthu", AccountKind::Unit);
        s.grant("vanthu@x.gov.vn", "clerk@x.gov.vn", false).unwrap();
        let d = deliver(
            &s,
            "vanthu@x.gov.vn",
            "hoa-toc@x.gov.vn",
            &[an],
            "INBOX",
            &["$Official"],
        );
        let follow = s.domain().follow_ups.clone();
        s.record_tracked_document(
            document(vec![an], 0),
            Tracking {
                message_id: Some("hoa-toc@x.gov.vn".into()),
                copies: vec![LocalCopy {
                    account: an,
                    mailbox: d[0].mailbox,
                    uid: d[0].uid,
                }],
                remote: vec![],
                receipts: Receipts::None,
                follow_up: Some((100, 200)),
            },
        );
        assert_eq!(s.next_follow_up().unwrap(), None);
        s.flush_usage().unwrap();
        // A deadline for the wake-up, not a speed test: a loaded machine may take seconds.
        assert!(
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .unwrap()
                .block_on(async {
                    tokio::time::timeout(std::time::Duration::from_secs(30), follow.notified())
                        .await
                })
                .is_ok()
        );
        assert_eq!(s.next_follow_up().unwrap(), Some(100));
        assert!(s.due_follow_ups(99, 10).unwrap().is_empty());
        let due = s.due_follow_ups(150, 10).unwrap();
        assert_eq!(due.len(), 1);
        assert!(!due[0].reminded && !due[0].escalation_due(150));
        let row = due[0].row;
        let other = node(&pg, &dir);
        let (x, y) = std::thread::scope(|t| {
            let x = t.spawn(|| s.claim_follow_ups(vec![row], vec![], 150).unwrap());
            let y = t.spawn(|| other.claim_follow_ups(vec![row], vec![], 150).unwrap());
            (x.join().unwrap(), y.join().unwrap())
        });
        assert_eq!(x.0.len() + y.0.len(), 1, "{x:?} {y:?}");
        assert!(s.due_follow_ups(150, 10).unwrap().is_empty());
        assert_eq!(s.next_follow_up().unwrap(), Some(200));
        let due = s.due_follow_ups(250, 10).unwrap();
        assert!(due[0].reminded && due[0].escalation_due(250));
        assert_eq!(
            s.claim_follow_ups(vec![], vec![row], 250).unwrap(),
            (vec![], vec![row])
        );
        assert_eq!(
            other.claim_follow_ups(vec![], vec![row], 250).unwrap(),
            (vec![], vec![])
        );
        assert_eq!(s.next_follow_up().unwrap(), None);
        s.flag_copies(an, due[0].content.unwrap()).unwrap();
        let flags = s.messages(an, d[0].mailbox, 1..=u32::MAX).unwrap();
        assert!(flags[0].flags.contains(Flags::FLAGGED));
        assert_eq!(s.clerks_of(an).unwrap(), ["clerk@x.gov.vn"]);
        assert!(s.clerks_of(clerk).unwrap().is_empty());
    }
}
