//! Opening a [`Store`] on PostgreSQL: what `[storage] backend = "postgres"` opens.

use std::path::Path;
use std::sync::Arc;

use super::{PgBackend, PgConfig};
use crate::Store;
use crate::blob::BlobStore;
use crate::error::Result;

/// A store whose metadata is in the PostgreSQL database of `config`, with message contents
/// in `blobs` (an S3 bucket the nodes share) or, when None, in files under
/// `data_dir/blobs` (which several nodes must then share, e.g. over NFS); local state (spool
/// files) in `data_dir`.
pub fn open_store(
    config: &PgConfig,
    blobs: Option<Arc<dyn BlobStore>>,
    data_dir: &Path,
) -> Result<Store> {
    let backend = match blobs {
        Some(blobs) => PgBackend::open_with_blobs(config, data_dir, blobs)?,
        None => PgBackend::open(config, data_dir)?,
    };
    // The login throttle's buckets are in the database too: every node counts the same
    // failures (see auth::throttle).
    let buckets: Arc<dyn crate::backend::LoginBuckets> = Arc::new(backend.clone());
    Ok(Store::from_backend(Arc::new(backend)).with_login_buckets(buckets))
}
