//! Opening a [`Store`] on PostgreSQL: what `[storage] backend = "postgres"` opens.

use std::path::Path;
use std::sync::Arc;

use super::{PgBackend, PgConfig};
use crate::Store;
use crate::blob::BlobStore;
use crate::error::{Result, StorageError};

/// A store whose metadata is in the PostgreSQL database of `config`, with message contents
/// in `blobs` (an S3 bucket the nodes share) or, when None, in files under `blob_dir` (which
/// several nodes must then share, e.g. over NFS).
pub fn open_store(
    config: &PgConfig,
    blobs: Option<Arc<dyn BlobStore>>,
    blob_dir: &Path,
) -> Result<Store> {
    let blobs: Arc<dyn BlobStore> = match blobs {
        Some(b) => b,
        None => Arc::new(crate::blob::fs::FsBlobs::open(blob_dir.to_path_buf())?),
    };
    let backend = PgBackend::open_with_blobs(config, blobs)?;
    // Until PgBackend implements every backend trait (issue 23, `pgcore`/`pgdomain`), a
    // store cannot be made of it.
    drop(backend);
    Err(StorageError::Invalid(
        "[storage] backend = \"postgres\" is not complete in this build".into(),
    ))
}
