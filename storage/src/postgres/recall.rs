//! Recall of sent documents on PostgreSQL, as SQLite's (storage/src/sqlite/recall.rs).
//!
//! Several nodes run a recall worker each. `open_recalls` leases the requests it returns
//! (`lease_by`/`lease_until`, migration 0004; rows picked with `FOR UPDATE SKIP LOCKED`, so
//! two nodes looking at once take different requests), and the lease ends when the request
//! is finished or after [`RECALL_LEASE_SECS`] (the node died): while both nodes live, one
//! request's copies are taken out and its notices sent by one of them.

use tokio_postgres::Row;

use super::pool::{Queries, Tx};

use super::{Notes, PgBackend, PgResult, pg_write};
use crate::backend::Recall;
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::recall::{RECALLED_ATTRIBUTE, RECALLED_MAILBOX};
use crate::types::{AccountId, MailboxId};
use crate::{
    RecallKind, RecallRequest, RecallState, RecallableDocument, RecalledCopy, bare_message_id,
};

/// How long a node holds the recall requests it read before another node may take them.
pub const RECALL_LEASE_SECS: i64 = 300;

const REQUEST_COLUMNS: &str =
    "id, at, kind, account_id, mailbox_id, uid, message_id, requester, state, outcome";

fn request_from_row(r: &Row) -> RecallRequest {
    RecallRequest {
        id: r.get(0),
        at: r.get(1),
        kind: RecallKind::parse(r.get::<_, &str>(2)),
        account: r.get(3),
        mailbox: r.get(4),
        uid: r
            .get::<_, Option<i64>>(5)
            .map(|u| u.clamp(0, u32::MAX as i64) as u32),
        message_id: r.get(6),
        requester: r.get(7),
        state: RecallState::parse(r.get::<_, &str>(8)),
        outcome: r.get(9),
    }
}

/// Writes one buffered recallable document (inside the flush).
pub(crate) async fn insert_recallable(c: &impl Queries, d: &RecallableDocument) -> PgResult<()> {
    c.execute(
        "INSERT INTO recall_documents (message_id, direction, sender, sender_account, \
         doc_type, number, subject, remote_recipients, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &bare_message_id(&d.message_id),
            &if d.sent { "sent" } else { "received" },
            &d.sender.to_lowercase(),
            &d.sender_account,
            &d.doc_type,
            &d.number,
            &d.subject,
            &d.remote_recipients.join(" "),
            &d.at,
        ],
    )
    .await?;
    Ok(())
}

/// The account's hidden recall mailbox, made on first use.
async fn hidden_mailbox(
    tx: &Tx<'_>,
    notes: &mut Notes,
    account: AccountId,
    now: i64,
) -> PgResult<MailboxId> {
    match super::mailbox::mailbox_id(tx, account, RECALLED_MAILBOX).await {
        Ok(id) => Ok(id),
        Err(super::PgError::Storage(StorageError::NotFound { .. })) => {
            let id = super::mailbox::insert_mailbox(
                tx,
                account,
                RECALLED_MAILBOX,
                Some(RECALLED_ATTRIBUTE),
                now,
            )
            .await?;
            // Not listed; sent all the same so that caches of the mailbox list are rebuilt.
            notes.push((account, Change::MailboxesChanged));
            Ok(id)
        }
        Err(e) => Err(e),
    }
}

impl Recall for PgBackend {
    fn record_recallable(&self, d: RecallableDocument) -> Result<()> {
        self.domain().push(super::buffer::Entry::Recallable(d));
        Ok(())
    }

    fn recallable(&self, message_id: &str, sent: bool) -> Result<Vec<RecallableDocument>> {
        self.flush_buffers()?;
        let id = bare_message_id(message_id).to_string();
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT message_id, direction, sender, sender_account, doc_type, number, \
                     subject, remote_recipients, at, recalled_at, recalled_by \
                     FROM recall_documents WHERE message_id = $1 AND direction = $2 \
                     ORDER BY id DESC",
                    &[&id, &if sent { "sent" } else { "received" }],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| RecallableDocument {
                    message_id: r.get(0),
                    sent: r.get::<_, &str>(1) == "sent",
                    sender: r.get(2),
                    sender_account: r.get(3),
                    doc_type: r.get(4),
                    number: r.get(5),
                    subject: r.get(6),
                    remote_recipients: r
                        .get::<_, &str>(7)
                        .split_whitespace()
                        .map(str::to_string)
                        .collect(),
                    at: r.get(8),
                    recalled_at: r.get(9),
                    recalled_by: r.get(10),
                })
                .collect())
        })
    }

    fn request_recall(
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
        pg_write!(self, |tx, notes| {
            Ok(tx
                .query_one(
                    "INSERT INTO recall_requests (at, kind, account_id, message_id, requester) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&crate::now(), &kind.as_str(), &account, &id, &requester],
                )
                .await?
                .get(0))
        })
    }

    fn open_recalls(&self, limit: usize) -> Result<Vec<RecallRequest>> {
        let limit = limit.min(i64::MAX as usize) as i64;
        let node = self.node().to_string();
        pg_write!(self, |tx, notes| {
            let now = crate::now();
            let mut requests: Vec<RecallRequest> = tx
                .query(
                    &format!(
                        "UPDATE recall_requests SET lease_by = $2, lease_until = $4 \
                         WHERE id IN (SELECT id FROM recall_requests \
                           WHERE state IN ('pending', 'moved') \
                           AND (lease_until IS NULL OR lease_until < $3 OR lease_by = $2) \
                           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) \
                         RETURNING {REQUEST_COLUMNS}"
                    ),
                    &[&limit, &node, &now, &(now + RECALL_LEASE_SECS)],
                )
                .await?
                .iter()
                .map(request_from_row)
                .collect();
            requests.sort_by_key(|r| r.id);
            Ok(requests)
        })
    }

    fn recall_requests(&self, limit: usize) -> Result<Vec<RecallRequest>> {
        let limit = limit.min(i64::MAX as usize) as i64;
        self.read(move |c| async move {
            Ok(c.query(
                &format!("SELECT {REQUEST_COLUMNS} FROM recall_requests ORDER BY id DESC LIMIT $1"),
                &[&limit],
            )
            .await?
            .iter()
            .map(request_from_row)
            .collect())
        })
    }

    fn recall_request(&self, id: i64) -> Result<RecallRequest> {
        self.read(move |c| async move {
            match c
                .query_opt(
                    &format!("SELECT {REQUEST_COLUMNS} FROM recall_requests WHERE id = $1"),
                    &[&id],
                )
                .await?
            {
                Some(r) => Ok(request_from_row(&r)),
                None => Err(StorageError::not_found("recall request", id.to_string()).into()),
            }
        })
    }

    fn finish_recall(&self, id: i64, state: RecallState, outcome: &str) -> Result<()> {
        let outcome = outcome.to_string();
        pg_write!(self, |tx, notes| {
            tx.execute(
                "UPDATE recall_requests SET state = $2, outcome = $3, done_at = $4, \
                 lease_by = NULL, lease_until = NULL WHERE id = $1",
                &[&id, &state.as_str(), &outcome, &crate::now()],
            )
            .await?;
            Ok(())
        })
    }

    fn may_recall(&self, account: AccountId, sender: AccountId) -> Result<bool> {
        if account == sender {
            return Ok(true);
        }
        self.read(move |c| async move {
            Ok(c.query_one(
                "SELECT EXISTS (SELECT 1 FROM grants g JOIN accounts u ON u.id = g.unit_account_id \
                 JOIN accounts s ON s.id = $2 \
                 WHERE g.grantee_account_id = $1 AND NOT g.read_only AND u.kind = 'unit' \
                 AND u.agency_id = s.agency_id)",
                &[&account, &sender],
            )
            .await?
            .get(0))
        })
    }

    fn take_out_copies(
        &self,
        request: i64,
        message_id: &str,
        sender: &str,
        keep: Option<AccountId>,
        by: &str,
    ) -> Result<Vec<RecalledCopy>> {
        // The document's record may still be buffered with the register: written first, so
        // that the recall marks it.
        self.flush_buffers()?;
        let id = bare_message_id(message_id).to_string();
        let sender = sender.to_lowercase();
        let by = by.to_lowercase();
        pg_write!(self, |tx, notes| {
            let now = crate::now();
            let copies: Vec<(AccountId, MailboxId, u32)> = tx
                .query(
                    "SELECT mb.account_id, m.mailbox_id, m.uid FROM contents c \
                     JOIN messages m ON m.content_id = c.id \
                     JOIN mailboxes mb ON mb.id = m.mailbox_id \
                     WHERE c.message_id IN ($1, '<' || $1 || '>') \
                     AND mb.account_id IS DISTINCT FROM $2 \
                     AND strpos(lower(coalesce(c.from_addr, '') COLLATE \"C\"), '<' || $3 || '>') > 0 \
                     AND mb.special_use IS DISTINCT FROM '\\X-Recall' \
                     AND mb.special_use IS DISTINCT FROM '\\X-Recalled' \
                     ORDER BY mb.account_id, m.mailbox_id, m.uid",
                    &[&id, &keep, &sender],
                )
                .await?
                .iter()
                .map(|r| {
                    (
                        r.get(0),
                        r.get(1),
                        r.get::<_, i64>(2).clamp(0, u32::MAX as i64) as u32,
                    )
                })
                .collect();
            let mut reached: Vec<RecalledCopy> = Vec::new();
            for group in copies.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
                let (account, mailbox, _) = group[0];
                let uids: Vec<u32> = group.iter().map(|c| c.2).collect();
                let hidden = hidden_mailbox(&tx, &mut notes, account, now).await?;
                super::message::move_within(&tx, &mut notes, account, mailbox, &uids, hidden)
                    .await?;
                match reached.last_mut() {
                    Some(last) if last.account == account => last.copies += uids.len() as u32,
                    _ => {
                        let r = tx
                            .query_one(
                                "SELECT address, display_name FROM accounts WHERE id = $1",
                                &[&account],
                            )
                            .await?;
                        reached.push(RecalledCopy {
                            account,
                            address: r.get(0),
                            display_name: r.get(1),
                            copies: uids.len() as u32,
                        });
                    }
                }
            }
            // The register: our own record of the document, and the report's entries of the
            // same number from the same sender.
            let docs: Vec<(Option<String>, String)> = tx
                .query(
                    "UPDATE recall_documents SET recalled_at = $2, recalled_by = $3 \
                     WHERE message_id = $1 AND recalled_at IS NULL RETURNING number, sender",
                    &[&id, &now, &by],
                )
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            for (number, sender) in docs {
                if let Some(number) = number {
                    tx.execute(
                        "UPDATE documents SET recalled_at = $3, recalled_by = $4 \
                         WHERE number = $1 AND lower(sender COLLATE \"C\") = $2 AND recalled_at IS NULL",
                        &[&number, &sender, &now, &by],
                    )
                    .await?;
                }
            }
            let outcome = serde_json::json!({
                "reached": reached.iter().map(|r| &r.address).collect::<Vec<_>>(),
            })
            .to_string();
            tx.execute(
                "UPDATE recall_requests SET state = 'moved', outcome = $2, \
                 message_id = coalesce(message_id, $3) WHERE id = $1",
                &[&request, &outcome, &id],
            )
            .await?;
            Ok(reached)
        })
    }

    fn recalled_copies(&self, account: AccountId) -> Result<Vec<(Option<String>, u32)>> {
        self.read(move |c| async move {
            Ok(c.query(
                "SELECT c.message_id, m.uid FROM mailboxes mb \
                 JOIN messages m ON m.mailbox_id = mb.id JOIN contents c ON c.id = m.content_id \
                 WHERE mb.account_id = $1 AND mb.special_use = '\\X-Recalled' ORDER BY m.uid",
                &[&account],
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
        })
    }

    fn purge_recalled(&self, before: i64) -> Result<usize> {
        pg_write!(self, |tx, notes| {
            let old: Vec<(AccountId, MailboxId, u32)> = tx
                .query(
                    "SELECT mb.account_id, m.mailbox_id, m.uid FROM mailboxes mb \
                     JOIN messages m ON m.mailbox_id = mb.id \
                     WHERE mb.special_use = '\\X-Recalled' AND m.internal_date < $1 \
                     ORDER BY m.mailbox_id, m.uid",
                    &[&before],
                )
                .await?
                .iter()
                .map(|r| {
                    (
                        r.get(0),
                        r.get(1),
                        r.get::<_, i64>(2).clamp(0, u32::MAX as i64) as u32,
                    )
                })
                .collect();
            let mut removed = 0usize;
            for group in old.chunk_by(|a, b| a.1 == b.1) {
                let uids: Vec<u32> = group.iter().map(|c| c.2).collect();
                super::message::remove_uids(&tx, &mut notes, group[0].0, group[0].1, &uids).await?;
                removed += uids.len();
            }
            Ok(removed)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    #[allow(unused_imports)]
    use crate::backend::*;
    use crate::postgres::domain_tests::{backend, node, person};

    /// Two nodes' recall workers look at once: the request goes to one of them, which sees
    /// it again (its own lease) until it is finished. (One store's recall, with the copies
    /// taken out: storage/tests/recall.rs.)
    #[test]
    fn a_request_is_leased_to_one_node() {
        let Some((pg, dir, s)) = backend() else {
            return;
        };
        let a = person(&s, "a");
        let id = s
            .request_recall(RecallKind::Admin, Some(a), "<gm45@x.gov.vn>", None)
            .unwrap();
        let other = node(&pg, &dir);
        let (mine, theirs) = std::thread::scope(|t| {
            let x = t.spawn(|| s.open_recalls(10).unwrap());
            let y = t.spawn(|| other.open_recalls(10).unwrap());
            (x.join().unwrap(), y.join().unwrap())
        });
        assert_eq!(mine.len() + theirs.len(), 1, "{mine:?} {theirs:?}");
        let (holder, idle) = if mine.is_empty() {
            (&other, &s)
        } else {
            (&s, &other)
        };
        assert!(idle.open_recalls(10).unwrap().is_empty());
        assert_eq!(holder.open_recalls(10).unwrap().len(), 1);
        holder.finish_recall(id, RecallState::Done, "{}").unwrap();
        assert!(holder.open_recalls(10).unwrap().is_empty());
        assert!(idle.open_recalls(10).unwrap().is_empty());
    }
}
