//! The quarantine: received mail held back from its recipients (a secret-marked document),
//! until an administrator releases it into their INBOXes or deletes it.

use std::sync::Arc;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::error::{Result, StorageError};
use crate::message::{
    Delivered, DeliveryTarget, NewContent, content_for, deliver_in, release_content,
};
use crate::meta::MessageMeta;
use crate::sqlite::SqliteBackend;
use crate::types::AccountId;

#[derive(Debug, Clone, Serialize)]
pub struct Quarantined {
    pub id: i64,
    pub sender: String,
    pub recipients: Vec<AccountId>,
    pub reason: String,
    pub created_at: i64,
    pub blob: String,
    pub size: u64,
    pub subject: Option<String>,
}

const SELECT: &str = "SELECT z.id, z.sender, z.recipients, z.reason, z.created_at, c.blob, \
     c.size, c.subject FROM quarantine z JOIN contents c ON c.id = z.content_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Quarantined> {
    let recipients: String = r.get(2)?;
    Ok(Quarantined {
        id: r.get(0)?,
        sender: r.get(1)?,
        recipients: recipients
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect(),
        reason: r.get(3)?,
        created_at: r.get(4)?,
        blob: r.get(5)?,
        size: r.get::<_, i64>(6)?.max(0) as u64,
        subject: r.get(7)?,
    })
}

impl SqliteBackend {
    /// Holds a received message for `recipients` instead of delivering it. Durable on return.
    pub fn quarantine(
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
        let content = NewContent::new(meta);
        self.db().write(move |ctx| {
            let content = content_for(ctx, &blob, &raw, content, &*blobs)?;
            ctx.conn
                .prepare_cached(
                    "INSERT INTO quarantine (content_id, sender, recipients, reason, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![content, sender, list, reason, crate::now()])?;
            let id = ctx.conn.last_insert_rowid();
            ctx.conn
                .prepare_cached("UPDATE contents SET refs = refs + 1 WHERE id = ?1")?
                .execute([content])?;
            Ok(id)
        })
    }

    pub fn quarantine_list(&self) -> Result<Vec<Quarantined>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY z.id"))?;
            let rows = stmt.query_map([], from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn quarantine_get(&self, id: i64) -> Result<Quarantined> {
        self.db().read(|conn| {
            conn.prepare_cached(&format!("{SELECT} WHERE z.id = ?1"))?
                .query_row([id], from_row)
                .optional()?
                .ok_or_else(|| StorageError::not_found("quarantined message", id.to_string()))
        })
    }

    /// Delivers a held message to its recipients' INBOXes (those that still exist) with
    /// `keywords`, and removes it from the quarantine, in one transaction.
    pub fn quarantine_release(&self, id: i64, keywords: Vec<String>) -> Result<Vec<Delivered>> {
        let held = self.quarantine_get(id)?;
        self.db().write(move |ctx| {
            let content: i64 = ctx
                .conn
                .query_row(
                    "SELECT content_id FROM quarantine WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StorageError::not_found("quarantined message", id.to_string()))?;
            let mut targets = Vec::new();
            for account in &held.recipients {
                let exists = ctx
                    .conn
                    .query_row(
                        "SELECT 1 FROM accounts WHERE id = ?1 AND status != 'removed'",
                        [account],
                        |_| Ok(()),
                    )
                    .optional()?
                    .is_some();
                if exists {
                    let mut target = DeliveryTarget::inbox(*account);
                    target.keywords = keywords.clone();
                    targets.push(target);
                }
            }
            let delivered = deliver_in(ctx, content, held.size, crate::now(), &targets)?;
            ctx.conn
                .execute("DELETE FROM quarantine WHERE id = ?1", [id])?;
            release_content(ctx, content)?;
            Ok(delivered)
        })
    }

    /// Deletes a held message for good.
    pub fn quarantine_delete(&self, id: i64) -> Result<()> {
        self.db().write(move |ctx| {
            let content: i64 = ctx
                .conn
                .query_row(
                    "DELETE FROM quarantine WHERE id = ?1 RETURNING content_id",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StorageError::not_found("quarantined message", id.to_string()))?;
            release_content(ctx, content)
        })
    }
}
