//! Messages held back by policy, waiting for an administrator.

use std::sync::Arc;

use crate::{AccountId, Delivered, MessageMeta, Quarantined, Result};

/// Messages held back by policy, waiting for an administrator.
pub trait Quarantine: Send + Sync {
    /// Holds a received message for `recipients` instead of delivering it. Durable on return.
    fn quarantine(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        sender: &str,
        recipients: &[AccountId],
        reason: &str,
    ) -> Result<i64>;

    fn quarantine_list(&self) -> Result<Vec<Quarantined>>;

    fn quarantine_get(&self, id: i64) -> Result<Quarantined>;

    /// Delivers a held message to its recipients' INBOXes (those that still exist) with
    /// `keywords`, and removes it from the quarantine, in one transaction.
    fn quarantine_release(&self, id: i64, keywords: Vec<String>) -> Result<Vec<Delivered>>;

    /// Deletes a held message for good.
    fn quarantine_delete(&self, id: i64) -> Result<()>;
}
