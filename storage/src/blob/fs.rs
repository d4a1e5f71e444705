//! Blobs as files (the default): `blobs/ab/abcdef…`, the name being the SHA-256 of the raw
//! message in hex. A blob is written to a temporary file, fsynced, and renamed into place; the
//! directory fsync that makes the name durable is done by `put`, or, for `put_unsynced`, by
//! the writer once per batch for all the blobs of its transaction (`sync`, just before
//! COMMIT), so concurrent deliveries share it.

use std::fs::{self, File};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{BlobError, BlobStore, Put, check_name, is_hash};

/// The store's blob directory.
#[derive(Debug, Clone)]
pub(crate) struct FsBlobs {
    root: PathBuf,
}

/// A temporary file older than this is not a write in progress.
const STALE: std::time::Duration = std::time::Duration::from_secs(600);

pub(crate) fn path_of(root: &Path, hash: &str) -> PathBuf {
    root.join(&hash[..2]).join(hash)
}

/// Makes a directory's entries durable (the name of a renamed blob).
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir).and_then(|d| d.sync_all())
}

impl FsBlobs {
    pub(crate) fn open(root: PathBuf) -> Result<FsBlobs, BlobError> {
        fs::create_dir_all(&root)
            .map_err(|e| BlobError::io(format!("creating {}", root.display()), e))?;
        Ok(FsBlobs { root })
    }

    fn path(&self, hash: &str) -> Result<PathBuf, BlobError> {
        check_name(hash)?;
        Ok(path_of(&self.root, hash))
    }

    /// Writes the file (temporary name, fsync, rename) unless it exists; the directory is
    /// not synced.
    fn write(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
        let path = self.path(hash)?;
        // Same name means same content (SHA-256), and a file only ever gets its final name
        // after it was completely written and synced, so an existing file is complete.
        if path.exists() {
            return Ok(Put::Existed);
        }
        let dir = self.root.join(&hash[..2]);
        fs::create_dir_all(&dir)
            .map_err(|e| BlobError::io(format!("creating {}", dir.display()), e))?;
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
            return Err(BlobError::io(
                format!("writing message blob {}", path.display()),
                e,
            ));
        }
        Ok(Put::Created)
    }

    /// The shard directories (`ab/`).
    fn shards(&self) -> Result<Vec<PathBuf>, BlobError> {
        let io = |p: &Path, e| BlobError::io(format!("listing {}", p.display()), e);
        let mut out = Vec::new();
        for shard in fs::read_dir(&self.root).map_err(|e| io(&self.root, e))? {
            let shard = shard.map_err(|e| io(&self.root, e))?;
            if shard
                .file_type()
                .map_err(|e| io(&shard.path(), e))?
                .is_dir()
            {
                out.push(shard.path());
            }
        }
        Ok(out)
    }
}

impl BlobStore for FsBlobs {
    fn put(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
        let put = self.write(hash, data)?;
        self.sync(&mut std::iter::once(hash))?;
        Ok(put)
    }

    fn put_unsynced(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
        self.write(hash, data)
    }

    fn sync(&self, hashes: &mut dyn Iterator<Item = &str>) -> Result<(), BlobError> {
        let mut dirs = std::collections::BTreeSet::new();
        for hash in hashes {
            check_name(hash)?;
            dirs.insert(self.root.join(&hash[..2]));
        }
        for dir in dirs {
            sync_dir(&dir)
                .map_err(|e| BlobError::io(format!("syncing directory {}", dir.display()), e))?;
        }
        Ok(())
    }

    fn get(&self, hash: &str) -> Result<Vec<u8>, BlobError> {
        let path = self.path(hash)?;
        fs::read(&path).map_err(|e| BlobError::io(format!("reading {}", path.display()), e))
    }

    fn get_range(&self, hash: &str, range: Range<u64>) -> Result<Vec<u8>, BlobError> {
        use std::io::{Read, Seek, SeekFrom};
        let path = self.path(hash)?;
        let io = |e| BlobError::io(format!("reading {}", path.display()), e);
        let mut file = File::open(&path).map_err(io)?;
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

    fn copy_to(&self, hash: &str, to: &mut dyn Write) -> Result<u64, BlobError> {
        let path = self.path(hash)?;
        let mut file = File::open(&path)
            .map_err(|e| BlobError::io(format!("reading {}", path.display()), e))?;
        std::io::copy(&mut file, to)
            .map_err(|e| BlobError::io(format!("copying {}", path.display()), e))
    }

    fn size(&self, hash: &str) -> Result<Option<u64>, BlobError> {
        let path = self.path(hash)?;
        match fs::metadata(&path) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BlobError::io(format!("reading {}", path.display()), e)),
        }
    }

    fn delete(&self, hash: &str) -> Result<(), BlobError> {
        let path = self.path(hash)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(BlobError::io(format!("removing {}", path.display()), e)),
        }
    }

    fn list(&self) -> Result<Vec<(String, u64)>, BlobError> {
        let mut out = Vec::new();
        let io = |p: &Path, e| BlobError::io(format!("listing {}", p.display()), e);
        for shard in self.shards()? {
            for entry in fs::read_dir(&shard).map_err(|e| io(&shard, e))? {
                let entry = entry.map_err(|e| io(&shard, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !is_hash(&name) {
                    continue;
                }
                let size = entry.metadata().map_err(|e| io(&entry.path(), e))?.len();
                out.push((name, size));
            }
        }
        Ok(out)
    }

    /// Temporary files left for more than ten minutes (so not a delivery still writing).
    fn leftovers(&self) -> Result<Vec<String>, BlobError> {
        let mut out = Vec::new();
        for shard in self.shards()? {
            let Ok(entries) = fs::read_dir(&shard) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let stale = name.starts_with(".tmp-")
                    && entry
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE);
                if stale {
                    out.push(name);
                }
            }
        }
        Ok(out)
    }

    fn remove_leftover(&self, name: &str) -> Result<(), BlobError> {
        if !name.starts_with(".tmp-") || name.contains('/') {
            return Err(BlobError::new(
                super::BlobErrorKind::InvalidName,
                format!("not a temporary blob file: {name:?}"),
            ));
        }
        // Temporary files live in the shard directories; find it there.
        for shard in self.shards()? {
            let candidate = shard.join(name);
            match fs::remove_file(&candidate) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(BlobError::io(
                        format!("removing {}", candidate.display()),
                        e,
                    ));
                }
            }
        }
        Ok(())
    }

    fn local_dir(&self) -> Option<&Path> {
        Some(&self.root)
    }

    fn describe(&self) -> String {
        format!("files in {}", self.root.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_backend_conforms() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let blobs = FsBlobs::open(dir.path().join("blobs")).unwrap_or_else(|e| panic!("{e}"));
        super::super::conformance::check(&blobs).unwrap_or_else(|e| panic!("{e}"));
    }

    /// The layout existing data directories have: `blobs/ab/abcdef…`, whole file, nothing
    /// else (no migration of stored mail).
    #[test]
    fn blobs_keep_their_layout_on_disk() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("blobs");
        let blobs = FsBlobs::open(root.clone()).unwrap_or_else(|e| panic!("{e}"));
        let data = b"Subject: c\xc3\xa1c s\xe1\xbb\x9f\r\n\r\nx\r\n";
        let hash = super::super::hash_hex(data);
        assert_eq!(blobs.put(&hash, data).ok(), Some(Put::Created));
        let path = root.join(&hash[..2]).join(&hash);
        assert_eq!(fs::read(&path).ok().as_deref(), Some(&data[..]));
        // A file put there by an older govmail is read as a blob.
        let old = b"written before the trait".to_vec();
        let old_hash = super::super::hash_hex(&old);
        fs::create_dir_all(root.join(&old_hash[..2])).unwrap_or_else(|e| panic!("{e}"));
        fs::write(root.join(&old_hash[..2]).join(&old_hash), &old)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(blobs.get(&old_hash).ok(), Some(old));
        assert_eq!(blobs.list().map(|l| l.len()).ok(), Some(2));
    }

    /// A young temporary file may be a delivery in progress: not a leftover; an old one is,
    /// and is removed by name; blob names are not temporary files.
    #[test]
    fn only_old_temporary_files_are_leftovers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("blobs");
        let blobs = FsBlobs::open(root.clone()).unwrap_or_else(|e| panic!("{e}"));
        fs::create_dir_all(root.join("ab")).unwrap_or_else(|e| panic!("{e}"));
        let young = root.join("ab").join(".tmp-1-young");
        let old = root.join("ab").join(".tmp-1-old");
        fs::write(&young, b"x").unwrap_or_else(|e| panic!("{e}"));
        fs::write(&old, b"x").unwrap_or_else(|e| panic!("{e}"));
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        File::options()
            .write(true)
            .open(&old)
            .and_then(|f| f.set_modified(long_ago))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(blobs.leftovers().ok(), Some(vec![".tmp-1-old".to_string()]));
        assert!(blobs.list().is_ok_and(|l| l.is_empty()));
        blobs
            .remove_leftover(".tmp-1-old")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!old.exists() && young.exists());
        let hash = "a".repeat(64);
        assert!(blobs.remove_leftover(&hash).is_err());
        assert!(blobs.remove_leftover("../.tmp-x").is_err());
    }
}
