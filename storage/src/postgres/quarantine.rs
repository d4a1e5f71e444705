//! The quarantine on PostgreSQL, as SQLite's (storage/src/sqlite/quarantine.rs): a held
//! message keeps one reference on its content, so the content (and its blob) outlives every
//! mailbox copy until the message is released or deleted. Release and delete take the row
//! with `DELETE … RETURNING`: of two nodes (two administrators) acting on one message at once,
//! one does it and the other is told it is gone.

use std::sync::Arc;

use tokio_postgres::Row;

use super::message::{content_for, deliver_in, release_content_refs};
use super::pool::Queries;
use super::{PgBackend, pg_write};
use crate::Quarantined;
use crate::backend::Quarantine;
use crate::error::{Result, StorageError};
use crate::message::{Delivered, DeliveryTarget};
use crate::meta::MessageMeta;
use crate::types::AccountId;

const SELECT: &str = "SELECT z.id, z.sender, z.recipients, z.reason, z.created_at, c.blob, \
     c.size, c.subject FROM quarantine z JOIN contents c ON c.id = z.content_id";

fn from_row(r: &Row) -> Quarantined {
    let recipients: &str = r.get(2);
    Quarantined {
        id: r.get(0),
        sender: r.get(1),
        recipients: recipients
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect(),
        reason: r.get(3),
        created_at: r.get(4),
        blob: r.get(5),
        size: r.get::<_, i64>(6).max(0) as u64,
        subject: r.get(7),
    }
}

fn gone(id: i64) -> StorageError {
    StorageError::not_found("quarantined message", id.to_string())
}

impl Quarantine for PgBackend {
    fn quarantine(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        sender: &str,
        recipients: &[AccountId],
        reason: &str,
    ) -> Result<i64> {
        let _room = self.claim_room(raw.len() as u64)?;
        let blob = self.stage(&raw)?;
        let blobs = self.blobs().clone();
        let list = recipients
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let (sender, reason) = (sender.to_string(), reason.to_string());
        pg_write!(self, |tx, notes| {
            let content = content_for(&tx, &blobs, &blob, &raw, &meta).await?;
            tx.execute(
                "UPDATE contents SET refs = refs + 1 WHERE id = $1",
                &[&content],
            )
            .await?;
            Ok(tx
                .query_one(
                    "INSERT INTO quarantine (content_id, sender, recipients, reason, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&content, &sender, &list, &reason, &crate::now()],
                )
                .await?
                .get(0))
        })
    }

    fn quarantine_list(&self) -> Result<Vec<Quarantined>> {
        self.read(|c| async move {
            Ok(c.query(&format!("{SELECT} ORDER BY z.id"), &[])
                .await?
                .iter()
                .map(from_row)
                .collect())
        })
    }

    fn quarantine_get(&self, id: i64) -> Result<Quarantined> {
        self.read(move |c| async move {
            match c
                .query_opt(&format!("{SELECT} WHERE z.id = $1"), &[&id])
                .await?
            {
                Some(r) => Ok(from_row(&r)),
                None => Err(gone(id).into()),
            }
        })
    }

    fn quarantine_release(&self, id: i64, keywords: Vec<String>) -> Result<Vec<Delivered>> {
        super::message::check_keywords(&keywords)?;
        pg_write!(self, |tx, notes| {
            // Taken out first: a second release of the same message finds nothing.
            let Some(r) = tx
                .query_opt(
                    "DELETE FROM quarantine z USING contents c \
                     WHERE z.id = $1 AND c.id = z.content_id \
                     RETURNING z.content_id, z.recipients, c.size",
                    &[&id],
                )
                .await?
            else {
                return Err(gone(id).into());
            };
            let (content, recipients, size): (i64, String, i64) = (r.get(0), r.get(1), r.get(2));
            let mut targets = Vec::new();
            for account in recipients
                .split_whitespace()
                .filter_map(|s| s.parse::<AccountId>().ok())
            {
                let exists = tx
                    .query_opt(
                        "SELECT 1 FROM accounts WHERE id = $1 AND status != 'removed'",
                        &[&account],
                    )
                    .await?
                    .is_some();
                if exists {
                    let mut target = DeliveryTarget::inbox(account);
                    target.keywords = keywords.clone();
                    targets.push(target);
                }
            }
            let delivered = deliver_in(
                &tx,
                &mut notes,
                async { Ok(content) },
                size.max(0) as u64,
                crate::now(),
                &targets,
            )
            .await?
            .1;
            release_content_refs(&tx, content, 1).await?;
            Ok(delivered)
        })
    }

    fn quarantine_delete(&self, id: i64) -> Result<()> {
        pg_write!(self, |tx, notes| {
            let Some(r) = tx
                .query_opt(
                    "DELETE FROM quarantine WHERE id = $1 RETURNING content_id",
                    &[&id],
                )
                .await?
            else {
                return Err(gone(id).into());
            };
            release_content_refs(&tx, r.get(0), 1).await?;
            Ok(())
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

    fn held(b: &PgBackend, to: &[AccountId]) -> i64 {
        let raw: Arc<[u8]> = "From: a@x.gov.vn\r\nSubject: Tài liệu MẬT\r\n\
            Message-ID: <mat@x.gov.vn>\r\n\r\nNội dung mật\r\n"
            .as_bytes()
            .into();
        let meta = MessageMeta::parse(&raw);
        b.quarantine(raw, meta, "a@x.gov.vn", to, "secret-marked")
            .unwrap()
    }

    /// Released by two nodes at once: once; the content's references follow the release
    /// and the deletion. (One store's quarantine: storage/tests/quarantine.rs.)
    #[test]
    fn released_once_by_two_nodes_and_the_content_refs_follow() {
        let Some((pg, dir, s)) = backend() else {
            return;
        };
        let an = person(&s, "an");
        let id = held(&s, &[an]);
        let other = node(&pg, &dir);
        let (x, y) = std::thread::scope(|t| {
            let x = t.spawn(|| s.quarantine_release(id, vec![]));
            let y = t.spawn(|| other.quarantine_release(id, vec![]));
            (x.join().unwrap(), y.join().unwrap())
        });
        let (ok, err) = if x.is_ok() { (x, y) } else { (y, x) };
        assert_eq!(ok.unwrap().len(), 1);
        assert!(matches!(err, Err(StorageError::NotFound { .. })), "{err:?}");
        assert_eq!(s.get_mailbox(an, "INBOX").unwrap().messages, 1);
        // The released copy holds the content alone now.
        assert_eq!(pg.psql("SELECT refs FROM contents").trim(), "1");
        // Deleted: the content goes with it (the same bytes, already delivered, stay).
        let again = held(&s, &[an]);
        assert_eq!(pg.psql("SELECT refs FROM contents").trim(), "2");
        s.quarantine_delete(again).unwrap();
        assert_eq!(pg.psql("SELECT refs FROM contents").trim(), "1");
    }
}
