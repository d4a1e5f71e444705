//! Content-addressed, single-instance blob store: `blobs/ab/abcdef…` where the name is the
//! SHA-256 of the raw message in hex. A blob is written to a temporary file, fsynced, and
//! renamed into place before any metadata refers to it; the directory fsync that makes the name
//! durable is done by the writer once per batch (see `WriteCtx::sync_dir_before_commit`).
//!
//! A crash between writing a blob and committing its metadata leaves an orphan file, which is
//! harmless: `govmail check --repair` removes it.
//!
//! A message of at most [`INLINE_MAX`] bytes gets no file: [`BlobStore::stage`] only names it,
//! and the writer stores it in the table `inline_blobs` in the same transaction as its content
//! row, so the batch's one group commit makes it durable (no file fsync, rename and directory
//! fsync ahead of the commit). Readers look there first (`Store::blob_bytes`).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Result, StorageError};

/// The store's blob directory.
#[derive(Debug, Clone)]
pub(crate) struct BlobStore {
    root: PathBuf,
}

/// Messages up to this size are kept in the database rather than in a file of their own:
/// most mail is smaller, and a row costs no fsync of its own (see the module's text).
pub const INLINE_MAX: usize = 128 * 1024;

/// A blob known to be on disk (file synced; its directory is synced by the writer), or, when
/// `inline`, one the writer is to store in the database with its content row.
#[derive(Debug, Clone)]
pub struct StoredBlob {
    pub hash: String,
    pub size: u64,
    pub(crate) dir: PathBuf,
    /// True if this call wrote the file (it did not exist before).
    pub(crate) created: bool,
    /// Kept in the table `inline_blobs`, written by the same transaction as the content row.
    pub(crate) inline: bool,
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

pub(crate) fn is_hash(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

pub(crate) fn path_of(root: &Path, hash: &str) -> PathBuf {
    root.join(&hash[..2]).join(hash)
}

impl BlobStore {
    pub(crate) fn open(root: PathBuf) -> Result<BlobStore> {
        fs::create_dir_all(&root)
            .map_err(|e| StorageError::io(format!("creating {}", root.display()), e))?;
        Ok(BlobStore { root })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Names `data` for storing: a small message is left to the writer's transaction (see
    /// [`INLINE_MAX`]), a larger one is written to its file now ([`BlobStore::put`]).
    pub(crate) fn stage(&self, data: &[u8]) -> Result<StoredBlob> {
        if data.len() > INLINE_MAX {
            return self.put(data);
        }
        let hash = hash_hex(data);
        let dir = self.root.join(&hash[..2]);
        Ok(StoredBlob {
            hash,
            size: data.len() as u64,
            dir,
            created: false,
            inline: true,
        })
    }

    /// Writes `data` unless a blob with the same content exists; returns once the file is
    /// synced. Runs on the caller's thread, so concurrent deliveries sync in parallel.
    pub(crate) fn put(&self, data: &[u8]) -> Result<StoredBlob> {
        let hash = hash_hex(data);
        let path = path_of(&self.root, &hash);
        let dir = self.root.join(&hash[..2]);
        let stored = StoredBlob {
            hash,
            size: data.len() as u64,
            dir: dir.clone(),
            created: false,
            inline: false,
        };
        // Same name means same content (SHA-256), and a file only ever gets its final name
        // after it was completely written and synced, so an existing file is complete.
        if path.exists() {
            return Ok(stored);
        }
        fs::create_dir_all(&dir)
            .map_err(|e| StorageError::io(format!("creating {}", dir.display()), e))?;
        let tmp = dir.join(format!(
            ".tmp-{}-{:x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        let written = (|| -> std::io::Result<()> {
            let mut file = File::create(&tmp)?;
            file.write_all(data)?;
            file.sync_all()?;
            fs::rename(&tmp, &path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(StorageError::io(
                format!("writing message blob {}", path.display()),
                e,
            ));
        }
        Ok(StoredBlob {
            created: true,
            ..stored
        })
    }

    /// Reads a whole blob.
    pub(crate) fn get(&self, hash: &str) -> Result<Vec<u8>> {
        if !is_hash(hash) {
            return Err(StorageError::Invalid(format!("bad blob name {hash:?}")));
        }
        let path = path_of(&self.root, hash);
        fs::read(&path).map_err(|e| StorageError::io(format!("reading {}", path.display()), e))
    }

    /// Reads bytes `range` of a blob (clamped to its length).
    pub(crate) fn get_range(&self, hash: &str, range: std::ops::Range<u64>) -> Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        if !is_hash(hash) {
            return Err(StorageError::Invalid(format!("bad blob name {hash:?}")));
        }
        let path = path_of(&self.root, hash);
        let io = |e| StorageError::io(format!("reading {}", path.display()), e);
        let mut file = fs::File::open(&path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        let (start, end) = (range.start.min(len), range.end.min(len));
        if start >= end {
            return Ok(Vec::new());
        }
        file.seek(SeekFrom::Start(start)).map_err(io)?;
        let mut out = Vec::with_capacity((end - start) as usize);
        file.take(end - start).read_to_end(&mut out).map_err(io)?;
        Ok(out)
    }

    /// Every blob file on disk with its size (for consistency checks).
    pub(crate) fn list(&self) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        let io = |p: &Path, e| StorageError::io(format!("listing {}", p.display()), e);
        for shard in fs::read_dir(&self.root).map_err(|e| io(&self.root, e))? {
            let shard = shard.map_err(|e| io(&self.root, e))?;
            if !shard
                .file_type()
                .map_err(|e| io(&shard.path(), e))?
                .is_dir()
            {
                continue;
            }
            for entry in fs::read_dir(shard.path()).map_err(|e| io(&shard.path(), e))? {
                let entry = entry.map_err(|e| io(&shard.path(), e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let size = entry.metadata().map_err(|e| io(&entry.path(), e))?.len();
                out.push((name, size));
            }
        }
        Ok(out)
    }

    /// Is `name` a temporary file left for more than ten minutes (so not a delivery that is
    /// still writing)?
    pub(crate) fn is_stale_temp(&self, name: &str) -> bool {
        const STALE: std::time::Duration = std::time::Duration::from_secs(600);
        if !name.starts_with(".tmp-") {
            return false;
        }
        let Ok(shards) = fs::read_dir(&self.root) else {
            return false;
        };
        shards.flatten().any(|shard| {
            fs::metadata(shard.path().join(name))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE)
        })
    }

    /// Removes a stray file (orphan blob or leftover temporary file) by name.
    pub(crate) fn remove_file(&self, name: &str) -> Result<()> {
        if name.len() < 2 || name.contains('/') {
            return Err(StorageError::Invalid(format!(
                "bad blob file name {name:?}"
            )));
        }
        let path = if is_hash(name) {
            path_of(&self.root, name)
        } else {
            // Temporary files live in the shard directories; find it there.
            let mut found = None;
            for shard in fs::read_dir(&self.root)
                .map_err(|e| StorageError::io(format!("listing {}", self.root.display()), e))?
                .flatten()
            {
                let candidate = shard.path().join(name);
                if candidate.exists() {
                    found = Some(candidate);
                    break;
                }
            }
            match found {
                Some(p) => p,
                None => return Ok(()),
            }
        };
        fs::remove_file(&path)
            .map_err(|e| StorageError::io(format!("removing {}", path.display()), e))
    }
}

/// Makes a directory's entries durable (the name of a renamed blob).
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StorageError::io(format!("syncing directory {}", dir.display()), e))
}

/// Removes a blob no longer referenced. Failure only leaves an orphan for `check --repair`.
pub(crate) fn remove(root: &Path, hash: &str) {
    if !is_hash(hash) {
        return;
    }
    let path = path_of(root, hash);
    if let Err(e) = fs::remove_file(&path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(path = %path.display(), error = %e, "could not remove unreferenced blob");
    }
}
