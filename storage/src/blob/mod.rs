//! Message contents, content-addressed: a blob's name is the SHA-256 of the raw message in
//! hex, so the same message delivered to many mailboxes is stored once, and storing it twice
//! is harmless (same name, same bytes).
//!
//! [`BlobStore`] is shaped like an object store (put, ranged get, delete, list) so that the
//! bytes can live in files ([`fs::FsBlobs`], the default) or in an S3-compatible bucket
//! without the rest of the engine knowing. Its methods block, like `Store`'s: async callers
//! are already on `spawn_blocking` or the writer thread when they get here.
//!
//! The order that keeps mail safe is the metadata's business, not the blob store's: a blob is
//! stored (and durable) before any row refers to it, and removed only after the commit that
//! dropped its last reference. A crash in between leaves an orphan blob, which is harmless:
//! `govmail check --repair` removes it.
//!
//! A message of at most [`INLINE_MAX`] bytes is not a blob at all: [`stage`] only names it,
//! and the writer stores it in the table `inline_blobs` in the same transaction as its content
//! row, so the batch's one group commit makes it durable. Readers look there first
//! (`Store::blob_bytes`).

pub mod conformance;
pub(crate) mod fs;
pub mod s3;

use std::fmt;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Result, StorageError};

/// Messages up to this size are kept in the database rather than as blobs: most mail is
/// smaller, and a row costs no fsync (or request) of its own (see the module's text).
pub const INLINE_MAX: usize = 128 * 1024;

/// What went wrong in a blob store, in terms that do not depend on the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobErrorKind {
    /// No blob by that name.
    NotFound,
    /// A name that is not a blob name (64 lowercase hex digits): a bug or damaged metadata.
    InvalidName,
    /// The backend cannot be reached or answered "try later" (timeout, refused connection,
    /// HTTP 5xx, throttling): worth retrying; mail is refused with a temporary error.
    Unavailable,
    /// The backend refused us (bad credentials, no permission, no such bucket): the
    /// operator's configuration is wrong, retrying will not help until it is fixed.
    Denied,
    /// Local storage failed (disk full, I/O error) or the backend answered something we do
    /// not understand.
    Failed,
}

/// A blob store's error: its kind, and what was being done (never a credential).
#[derive(Debug)]
pub struct BlobError {
    pub kind: BlobErrorKind,
    pub context: String,
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl BlobError {
    pub fn new(kind: BlobErrorKind, context: impl Into<String>) -> BlobError {
        BlobError {
            kind,
            context: context.into(),
            source: None,
        }
    }

    pub fn with_source(
        kind: BlobErrorKind,
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> BlobError {
        BlobError {
            kind,
            context: context.into(),
            source: Some(Box::new(source)),
        }
    }

    /// A local I/O error, classed by its kind.
    pub(crate) fn io(context: impl Into<String>, e: std::io::Error) -> BlobError {
        let kind = match e.kind() {
            std::io::ErrorKind::NotFound => BlobErrorKind::NotFound,
            std::io::ErrorKind::PermissionDenied => BlobErrorKind::Denied,
            _ => BlobErrorKind::Failed,
        };
        BlobError::with_source(kind, context, e)
    }

    /// Whether trying again later may succeed.
    pub fn is_retryable(&self) -> bool {
        self.kind == BlobErrorKind::Unavailable
    }

    fn bad_name(name: &str) -> BlobError {
        BlobError::new(
            BlobErrorKind::InvalidName,
            format!("bad blob name {name:?}"),
        )
    }
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.context),
            None => f.write_str(&self.context),
        }
    }
}

impl std::error::Error for BlobError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Into the engine's error: a bad name is `Invalid` (the caller's); an unavailable store is
/// `Backend` of kind `Unavailable` (retry later); the rest are our own failures (`Internal`:
/// a missing or refused blob is not the caller's fault). The blob error is kept as the
/// source, for the logs.
impl From<BlobError> for StorageError {
    fn from(e: BlobError) -> StorageError {
        let kind = match e.kind {
            BlobErrorKind::InvalidName => return StorageError::Invalid(e.to_string()),
            BlobErrorKind::Unavailable => crate::ErrorKind::Unavailable,
            BlobErrorKind::NotFound | BlobErrorKind::Denied | BlobErrorKind::Failed => {
                crate::ErrorKind::Internal
            }
        };
        let context = match e.kind {
            BlobErrorKind::NotFound => "message content missing",
            BlobErrorKind::Denied => "message store refused access",
            _ => "message store",
        };
        StorageError::backend(kind, context, e)
    }
}

/// Whether [`BlobStore::put`] wrote the blob or found it already stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    Created,
    Existed,
}

/// Where message contents are kept. Names are SHA-256 hex digests of the contents
/// ([`hash_hex`]); an implementation refuses any other name with `InvalidName`.
pub trait BlobStore: Send + Sync + fmt::Debug {
    /// Stores `data` under `hash` (which must be its SHA-256) unless a blob of that name is
    /// already stored; durable when it returns. Idempotent: the same name means the same
    /// bytes, so a second put of it changes nothing.
    fn put(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError>;

    /// Like [`put`](BlobStore::put), except that the blob is durable only once
    /// [`sync`](BlobStore::sync) has been called with its name: the writer syncs every blob
    /// of a transaction at once, just before COMMIT. A backend with nothing to batch (an
    /// object store, whose PUT is durable when answered) keeps the defaults.
    fn put_unsynced(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
        self.put(hash, data)
    }

    /// Makes the blobs stored by `put_unsynced` under these names durable.
    fn sync(&self, _hashes: &mut dyn Iterator<Item = &str>) -> Result<(), BlobError> {
        Ok(())
    }

    /// The whole blob.
    fn get(&self, hash: &str) -> Result<Vec<u8>, BlobError>;

    /// Bytes `range` of a blob, clamped to its length (empty when it starts past the end):
    /// IMAP partial FETCH and BINARY.PEEK[]<…> read no more than they send.
    fn get_range(&self, hash: &str, range: Range<u64>) -> Result<Vec<u8>, BlobError>;

    /// Copies the whole blob to `to` (a backup), returning its size; a backend may stream it
    /// instead of holding it in memory.
    fn copy_to(&self, hash: &str, to: &mut dyn std::io::Write) -> Result<u64, BlobError> {
        let data = self.get(hash)?;
        to.write_all(&data)
            .map_err(|e| BlobError::io(format!("copying blob {hash}"), e))?;
        Ok(data.len() as u64)
    }

    /// The blob's size, or None when there is no blob by that name.
    fn size(&self, hash: &str) -> Result<Option<u64>, BlobError>;

    /// Whether a blob by that name is stored.
    fn exists(&self, hash: &str) -> Result<bool, BlobError> {
        Ok(self.size(hash)?.is_some())
    }

    /// Removes a blob; removing one that is not there is not an error.
    fn delete(&self, hash: &str) -> Result<(), BlobError>;

    /// Every stored blob with its size, in no particular order (check, backup, garbage
    /// collection). Entries whose names are not blob names are left out.
    fn list(&self) -> Result<Vec<(String, u64)>, BlobError>;

    /// Leftovers of interrupted writes old enough not to belong to a write in progress
    /// (temporary files): `govmail check` reports them, `--repair` removes them.
    fn leftovers(&self) -> Result<Vec<String>, BlobError> {
        Ok(Vec::new())
    }

    /// Removes one of the [`leftovers`](BlobStore::leftovers).
    fn remove_leftover(&self, _name: &str) -> Result<(), BlobError> {
        Ok(())
    }

    /// The local directory the blobs are in, if they are on this machine's disk: free space
    /// there is watched, and incoming mail is spooled beside them.
    fn local_dir(&self) -> Option<&Path> {
        None
    }

    /// Where the blobs are, for messages and logs (no credentials).
    fn describe(&self) -> String;
}

/// A message's content as the writer is to record it: a blob already stored (durable once
/// the writer syncs it), or, when `inline`, bytes the writer stores in the database with its
/// content row.
#[derive(Debug, Clone)]
pub struct StoredBlob {
    pub hash: String,
    pub size: u64,
    /// True if this call wrote the blob (it did not exist before).
    pub(crate) created: bool,
    /// Kept in the table `inline_blobs`, written by the same transaction as the content row.
    pub(crate) inline: bool,
    /// `Db::blob_removals` read before the blob was stored: the writer looks the blob up
    /// again only if it has removed blobs since.
    pub(crate) removals_seen: u64,
}

/// Names `data` for storing: a small message is left to the writer's transaction (see
/// [`INLINE_MAX`]), a larger one is stored now, on the caller's thread (so concurrent
/// deliveries write in parallel), and made durable by the writer before its COMMIT.
/// `removals_seen` is `Db::blob_removals` read before this call (see `Store::stage`).
pub(crate) fn stage(blobs: &dyn BlobStore, removals_seen: u64, data: &[u8]) -> Result<StoredBlob> {
    let hash = hash_hex(data);
    let size = data.len() as u64;
    if data.len() <= INLINE_MAX {
        return Ok(StoredBlob {
            hash,
            size,
            created: false,
            inline: true,
            removals_seen,
        });
    }
    let created = blobs.put_unsynced(&hash, data)? == Put::Created;
    Ok(StoredBlob {
        hash,
        size,
        created,
        inline: false,
        removals_seen,
    })
}

impl crate::sqlite::SqliteBackend {
    /// [`stage`] into this store's blobs.
    pub(crate) fn stage(&self, data: &[u8]) -> Result<StoredBlob> {
        // Read before the blob is stored: a removal the writer finishes after this read
        // shows as a change, so the writer checks that the blob is still there.
        let seen = self.db().blob_removals();
        stage(&**self.blobs(), seen, data)
    }
}

pub fn hash_hex(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        use std::fmt::Write as _;
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// Is `name` a blob name: 64 lowercase hex digits?
pub fn is_hash(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// `Ok` for a blob name, `InvalidName` otherwise: every backend checks before using a name
/// in a path or a URL.
pub(crate) fn check_name(name: &str) -> Result<(), BlobError> {
    if is_hash(name) {
        Ok(())
    } else {
        Err(BlobError::bad_name(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_their_class_in_the_engine_error() {
        let e: StorageError = BlobError::new(BlobErrorKind::Unavailable, "s3 GET x").into();
        assert_eq!(e.kind(), crate::ErrorKind::Unavailable);
        assert!(e.to_string().contains("s3 GET x"), "{e}");
        let e: StorageError = BlobError::bad_name("zz").into();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        let e: StorageError = BlobError::io(
            "reading",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        )
        .into();
        assert_eq!(e.kind(), crate::ErrorKind::Internal);
        assert!(e.to_string().contains("missing"), "{e}");
    }

    /// The files, counting how often a blob is looked up.
    #[derive(Debug)]
    struct Counting {
        inner: fs::FsBlobs,
        lookups: std::sync::atomic::AtomicUsize,
    }

    impl BlobStore for Counting {
        fn put(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
            self.inner.put(hash, data)
        }
        fn put_unsynced(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
            self.inner.put_unsynced(hash, data)
        }
        fn sync(&self, hashes: &mut dyn Iterator<Item = &str>) -> Result<(), BlobError> {
            self.inner.sync(hashes)
        }
        fn get(&self, hash: &str) -> Result<Vec<u8>, BlobError> {
            self.inner.get(hash)
        }
        fn get_range(&self, hash: &str, range: Range<u64>) -> Result<Vec<u8>, BlobError> {
            self.inner.get_range(hash, range)
        }
        fn size(&self, hash: &str) -> Result<Option<u64>, BlobError> {
            self.lookups
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.inner.size(hash)
        }
        fn delete(&self, hash: &str) -> Result<(), BlobError> {
            self.inner.delete(hash)
        }
        fn list(&self) -> Result<Vec<(String, u64)>, BlobError> {
            self.inner.list()
        }
        fn describe(&self) -> String {
            self.inner.describe()
        }
    }

    /// A store on counted files, and a message too large to be kept inline.
    fn counted_store(
        dir: &Path,
    ) -> (
        crate::sqlite::SqliteBackend,
        std::sync::Arc<Counting>,
        Vec<u8>,
    ) {
        let counting = std::sync::Arc::new(Counting {
            inner: fs::FsBlobs::open(dir.join("blobs")).unwrap_or_else(|e| panic!("{e}")),
            lookups: Default::default(),
        });
        let store = crate::sqlite::SqliteBackend::open_with_blobs(
            dir,
            crate::OpenMode::CreateIfMissing,
            Some(counting.clone()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut raw = b"Subject: b\xc3\xa1o c\xc3\xa1o\r\n\r\n".to_vec();
        raw.resize(INLINE_MAX + 10, b'x');
        (store, counting, raw)
    }

    fn record(store: &crate::sqlite::SqliteBackend, staged: StoredBlob, raw: Vec<u8>) {
        let blobs = store.blobs().clone();
        store
            .db()
            .write(move |ctx| {
                let content = crate::message::NewContent::new(crate::MessageMeta::parse(&raw));
                crate::message::content_for(ctx, &staged, &raw, content, &*blobs)
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// The writer does not look up a blob stored just before its transaction (a round trip
    /// to an object store, on the one writer thread) when it has removed none since.
    #[test]
    fn the_writer_does_not_look_up_a_blob_again_when_none_was_removed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (store, counting, raw) = counted_store(dir.path());
        let staged = store.stage(&raw).unwrap_or_else(|e| panic!("{e}"));
        let hash = staged.hash.clone();
        record(&store, staged, raw);
        assert_eq!(
            counting.lookups.load(std::sync::atomic::Ordering::SeqCst),
            0
        );
        assert!(store.blobs().get(&hash).is_ok());
    }

    /// A blob the writer removed between its staging and the transaction that records it
    /// (the last copy of the same message expunged meanwhile) is stored again.
    #[test]
    fn a_blob_removed_after_staging_is_stored_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (store, counting, raw) = counted_store(dir.path());
        let staged = store.stage(&raw).unwrap_or_else(|e| panic!("{e}"));
        let hash = staged.hash.clone();
        let removed = hash.clone();
        store
            .db()
            .write(move |ctx| {
                ctx.remove_blob_after_commit(removed);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !store
                .blobs()
                .exists(&hash)
                .unwrap_or_else(|e| panic!("{e}"))
        );
        record(&store, staged, raw.clone());
        // Once by the assertion above, once by the writer.
        assert_eq!(
            counting.lookups.load(std::sync::atomic::Ordering::SeqCst),
            2
        );
        assert_eq!(store.blobs().get(&hash).ok(), Some(raw));
    }

    #[test]
    fn staging_keeps_small_messages_for_the_database() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let blobs = fs::FsBlobs::open(dir.path().join("blobs")).unwrap_or_else(|e| panic!("{e}"));
        let small = stage(&blobs, 0, b"tiny").unwrap_or_else(|e| panic!("{e}"));
        assert!(small.inline && !small.created);
        assert!(!blobs.exists(&small.hash).unwrap_or_else(|e| panic!("{e}")));
        let big = vec![b'x'; INLINE_MAX + 1];
        let staged = stage(&blobs, 0, &big).unwrap_or_else(|e| panic!("{e}"));
        assert!(!staged.inline && staged.created);
        assert!(blobs.exists(&staged.hash).unwrap_or_else(|e| panic!("{e}")));
        assert!(
            !stage(&blobs, 0, &big)
                .unwrap_or_else(|e| panic!("{e}"))
                .created
        );
    }
}
