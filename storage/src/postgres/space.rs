//! The disk reserve (`Space`) on PostgreSQL: see `runtime` for what it guards (the local
//! data and blob directories; the database's disk is the DBA's).

use std::sync::Arc;

use super::PgBackend;
use super::pool::Queries;
use crate::Store;
use crate::backend::Space;
use crate::error::{Result, StorageError};
use crate::space::{Claim, DiskStatus, DiskUsage};

impl Space for PgBackend {
    fn set_min_free_space(&self, bytes: u64) {
        self.space().set_min_free(bytes);
    }

    fn min_free_space(&self) -> u64 {
        self.space().min_free()
    }

    fn has_room(&self, bytes: u64) -> Result<()> {
        self.claim_room(bytes).map(drop)
    }

    fn for_notices(&self) -> Store {
        Store::from_backend(Arc::new(PgBackend {
            inner: self.inner.clone(),
            claim: Claim::Owed,
        }))
    }

    /// The local data directory's file system; `database_bytes` is the database's size as
    /// PostgreSQL reports it (`pg_database_size`), for the health page only: that disk is
    /// the DBA's, not covered by the reserve.
    fn disk_usage(&self) -> Result<DiskUsage> {
        let dir = self.inner.data_dir.clone();
        let stat = rustix::fs::statvfs(&dir).map_err(|e| {
            StorageError::io(format!("reading the size of {}", dir.display()), e.into())
        })?;
        let database_bytes: i64 = self.read(|c| async move {
            Ok(
                c.query_one("SELECT pg_database_size(current_database())", &[])
                    .await?
                    .get(0),
            )
        })?;
        Ok(DiskUsage {
            database_bytes: database_bytes.max(0) as u64,
            total_bytes: stat.f_blocks.saturating_mul(stat.f_frsize),
            free_bytes: self.space().free()?,
            min_free_bytes: self.space().min_free(),
        })
    }

    fn disk_status(&self) -> Result<DiskStatus> {
        self.space().status()
    }
}
