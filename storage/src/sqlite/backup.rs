//! Online backup and restore of a whole store: the database and every message file.
//!
//! Backup, while the server runs:
//! 1. blob removals are held back, so every file the snapshot refers to stays on disk;
//! 2. SQLite's backup API copies a consistent snapshot of the database (readers never block
//!    the writer in WAL mode, so deliveries go on);
//! 3. every blob the snapshot refers to is copied, its SHA-256 recomputed and compared with
//!    its name, and its size with the database;
//! 4. the copy passes `PRAGMA integrity_check`, everything is fsynced, and a manifest
//!    (`backup.json`) is written last: a backup without it is incomplete.
//!
//! Restore goes into a store that holds no mail yet (just made by `govmail init`), with the
//! server stopped: the backup is verified first, blobs are copied in, then the database file
//! replaces the empty one by an atomic rename.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::backend::Runtime;
use crate::blob::fs::path_of;
use crate::error::{Result, StorageError};
use crate::{BLOB_DIR, DB_FILE, sqlite::SqliteBackend};

/// Name of the manifest written last into a backup directory.
pub const MANIFEST: &str = "backup.json";

/// What a backup holds; also its manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BackupReport {
    pub created_at: i64,
    pub schema_version: i32,
    pub accounts: u64,
    pub messages: u64,
    pub queued: u64,
    /// Distinct message files and their total size.
    pub blobs: u64,
    pub blob_bytes: u64,
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> StorageError {
    let context = context.into();
    move |e| StorageError::io(context, e)
}

/// Reads `from` to the end, hashing it and writing it to `to` when given (then fsynced).
/// Returns (sha256 hex, size).
fn hash_copy(from: &Path, mut to: Option<(&Path, File)>) -> Result<(String, u64)> {
    let mut src = File::open(from).map_err(io(format!("reading {}", from.display())))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = src
            .read(&mut buf)
            .map_err(io(format!("reading {}", from.display())))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        if let Some((path, dst)) = &mut to {
            dst.write_all(&buf[..n])
                .map_err(io(format!("writing {}", path.display())))?;
        }
        size += n as u64;
    }
    if let Some((path, dst)) = to {
        dst.sync_all()
            .map_err(io(format!("syncing {}", path.display())))?;
    }
    Ok((hex(&hasher.finalize()), size))
}

/// Copies `from` to `to` while hashing it; fsyncs the copy.
fn copy_hashed(from: &Path, to: &Path) -> Result<(String, u64)> {
    let dst = File::create(to).map_err(io(format!("writing {}", to.display())))?;
    hash_copy(from, Some((to, dst)))
}

/// Makes a directory's entries durable.
fn sync_dir(dir: &Path) -> Result<()> {
    crate::blob::fs::sync_dir(dir).map_err(io(format!("syncing directory {}", dir.display())))
}

/// Writes what it is given to a file while hashing it.
struct HashingFile {
    file: File,
    hasher: Sha256,
}

impl Write for HashingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Copies blob `hash` out of the store's blobs (files or an object store) to the file `to`
/// while hashing it; fsyncs the copy. Returns (sha256 hex, size).
fn copy_blob_hashed(
    blobs: &dyn crate::blob::BlobStore,
    hash: &str,
    to: &Path,
) -> Result<(String, u64)> {
    let file = File::create(to).map_err(io(format!("writing {}", to.display())))?;
    let mut out = HashingFile {
        file,
        hasher: Sha256::new(),
    };
    let size = blobs.copy_to(hash, &mut out)?;
    out.file
        .sync_all()
        .map_err(io(format!("syncing {}", to.display())))?;
    Ok((hex(&out.hasher.finalize()), size))
}

fn hash_file(path: &Path) -> Result<(String, u64)> {
    hash_copy(path, None)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Every (blob, size) a database refers to.
/// The contents kept as files under blobs/ (small ones are in the database itself, see
/// blob::INLINE_MAX, and travel with it); a database from before that has no such table.
fn referenced_blobs(conn: &Connection) -> Result<Vec<(String, u64)>> {
    let has_inline: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inline_blobs')",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(if has_inline {
        "SELECT blob, size FROM contents c \
         WHERE NOT EXISTS (SELECT 1 FROM inline_blobs i WHERE i.blob = c.blob) ORDER BY blob"
    } else {
        "SELECT blob, size FROM contents ORDER BY blob"
    })?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows
        .map(|r| r.map(|(b, s)| (b, s.max(0) as u64)))
        .collect::<rusqlite::Result<_>>()?)
}

fn count(conn: &Connection, table: &str) -> Result<u64> {
    Ok(conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })?
        .max(0) as u64)
}

fn check_integrity(conn: &Connection, what: &Path) -> Result<()> {
    let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if result != "ok" {
        return Err(StorageError::Refused {
            path: what.to_path_buf(),
            reason: format!("the database copy is damaged: {result}"),
        });
    }
    Ok(())
}

/// Resumes blob removal when dropped, whatever happened.
struct Pause<'a>(&'a SqliteBackend);

impl Drop for Pause<'_> {
    fn drop(&mut self) {
        self.0.db().resume_blob_removal();
    }
}

impl SqliteBackend {
    /// Makes a consistent backup into `dest` (absent or empty) while the store is in use.
    pub fn backup(&self, dest: &Path) -> Result<BackupReport> {
        if dest.exists()
            && fs::read_dir(dest)
                .map_err(io(format!("reading {}", dest.display())))?
                .next()
                .is_some()
        {
            return Err(StorageError::Refused {
                path: dest.to_path_buf(),
                reason: "the backup directory is not empty: choose a new directory".into(),
            });
        }
        let blob_dest = dest.join(BLOB_DIR);
        fs::create_dir_all(&blob_dest).map_err(io(format!("creating {}", blob_dest.display())))?;
        self.db().pause_blob_removal();
        let _pause = Pause(self);

        let db_dest = dest.join(DB_FILE);
        self.db().read(|conn| {
            // All pages in one step, inside one read transaction: a consistent snapshot that
            // concurrent commits cannot restart (copying in slices would start over after
            // every write by another connection).
            let mut to = Connection::open(&db_dest)?;
            let backup = rusqlite::backup::Backup::new(conn, &mut to)?;
            loop {
                use rusqlite::backup::StepResult;
                match backup.step(-1)? {
                    StepResult::Done => return Ok(()),
                    StepResult::More => {}
                    _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        })?;
        let copy = Connection::open_with_flags(&db_dest, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        check_integrity(&copy, &db_dest)?;
        let blobs = referenced_blobs(&copy)?;
        let mut blob_bytes = 0u64;
        let mut dirs = std::collections::BTreeSet::new();
        for (hash, size) in &blobs {
            if !crate::blob::is_hash(hash) {
                return Err(StorageError::Refused {
                    path: db_dest.clone(),
                    reason: format!("content row with a malformed name {hash}"),
                });
            }
            let to = path_of(&blob_dest, hash);
            let dir = blob_dest.join(&hash[..2]);
            if dirs.insert(dir.clone()) {
                fs::create_dir_all(&dir).map_err(io(format!("creating {}", dir.display())))?;
            }
            let (got, got_size) = copy_blob_hashed(&**self.blobs(), hash, &to)?;
            if got != *hash || got_size != *size {
                return Err(StorageError::Refused {
                    path: self
                        .blobs()
                        .local_dir()
                        .map_or_else(|| PathBuf::from(hash), |root| path_of(root, hash)),
                    reason: format!(
                        "message file damaged (content {got}, {got_size} bytes, expected \
                         {size}): run `govmail check --deep`"
                    ),
                });
            }
            blob_bytes += size;
        }
        for dir in &dirs {
            sync_dir(dir)?;
        }
        sync_dir(&blob_dest)?;
        let report = BackupReport {
            created_at: crate::now(),
            schema_version: copy.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            accounts: count(&copy, "accounts")?,
            messages: count(&copy, "messages")?,
            queued: count(&copy, "queue")?,
            blobs: blobs.len() as u64,
            blob_bytes,
        };
        drop(copy);
        File::open(&db_dest)
            .and_then(|f| f.sync_all())
            .map_err(io(format!("syncing {}", db_dest.display())))?;
        write_manifest(dest, &report)?;
        Ok(report)
    }
}

fn write_manifest(dest: &Path, report: &BackupReport) -> Result<()> {
    let text = serde_json::to_string_pretty(report)
        .map_err(|e| StorageError::Invalid(format!("cannot encode the manifest: {e}")))?;
    let path = dest.join(MANIFEST);
    let mut f = File::create(&path).map_err(io(format!("writing {}", path.display())))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(io(format!("writing {}", path.display())))?;
    sync_dir(dest)
}

/// Checks a backup directory completely: manifest, database integrity, every blob's hash and
/// size. Returns its manifest.
pub fn verify_backup(dir: &Path) -> Result<BackupReport> {
    let refused = |reason: String| StorageError::Refused {
        path: dir.to_path_buf(),
        reason,
    };
    let manifest = fs::read_to_string(dir.join(MANIFEST)).map_err(|e| {
        refused(format!(
            "no readable {MANIFEST} ({e}): this is not a complete govmail backup"
        ))
    })?;
    let report: BackupReport = serde_json::from_str(&manifest)
        .map_err(|e| refused(format!("{MANIFEST} is not valid: {e}")))?;
    if report.schema_version > crate::SCHEMA_VERSION {
        return Err(refused(format!(
            "the backup was made by a newer govmail (schema {}, this one knows {}): \
             restore it with that version",
            report.schema_version,
            crate::SCHEMA_VERSION
        )));
    }
    let db = dir.join(DB_FILE);
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_integrity(&conn, &db)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != crate::schema::APPLICATION_ID {
        return Err(refused(
            "the database in the backup is not govmail's".into(),
        ));
    }
    let blobs = referenced_blobs(&conn)?;
    if blobs.len() as u64 != report.blobs || count(&conn, "messages")? != report.messages {
        return Err(refused(
            "the database does not match the manifest: the backup is incomplete".into(),
        ));
    }
    for (hash, size) in &blobs {
        let path = path_of(&dir.join(BLOB_DIR), hash);
        let (got, got_size) = hash_file(&path)?;
        if got != *hash || got_size != *size {
            return Err(refused(format!("{} is damaged", path.display())));
        }
    }
    Ok(report)
}

/// Restores a verified backup into `data_dir`, which must hold a store without mail (or
/// nothing at all). The server must not be running.
pub fn restore(backup: &Path, data_dir: &Path) -> Result<BackupReport> {
    restore_into(backup, data_dir, None)
}

/// [`restore`], with the message contents put into `blobs` (an object store) rather than
/// into files under `data_dir` when given. A blob already there is left as it is (same name,
/// same bytes), so a restore interrupted half-way can be run again.
pub fn restore_into(
    backup: &Path,
    data_dir: &Path,
    blobs: Option<std::sync::Arc<dyn crate::blob::BlobStore>>,
) -> Result<BackupReport> {
    let report = verify_backup(backup)?;
    let db_path = data_dir.join(DB_FILE);
    if db_path.exists() {
        let store = SqliteBackend::open(data_dir, crate::OpenMode::MustExist)?;
        let (messages, queued) = store
            .db()
            .read(|c| Ok((count(c, "messages")?, count(c, "queue")?)))?;
        if messages > 0 || queued > 0 {
            return Err(StorageError::Refused {
                path: data_dir.to_path_buf(),
                reason: format!(
                    "this store already holds mail ({messages} messages, {queued} queued): \
                     restore into a new instance made with `govmail init`"
                ),
            });
        }
        // Close every connection: the file is about to be replaced.
        store.shutdown();
        drop(store);
    }
    let conn = Connection::open_with_flags(backup.join(DB_FILE), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(blobs) = &blobs {
        for (hash, _) in referenced_blobs(&conn)? {
            let from = path_of(&backup.join(BLOB_DIR), &hash);
            let data = fs::read(&from).map_err(io(format!("reading {}", from.display())))?;
            // Verified above; checked again, the file may have changed since.
            if crate::blob::hash_hex(&data) != hash {
                return Err(StorageError::Refused {
                    path: from,
                    reason: "the file changed during the restore".into(),
                });
            }
            blobs.put(&hash, &data)?;
        }
    }
    let blob_root = data_dir.join(BLOB_DIR);
    fs::create_dir_all(&blob_root).map_err(io(format!("creating {}", blob_root.display())))?;
    let mut dirs = std::collections::BTreeSet::new();
    let to_files = if blobs.is_some() {
        Vec::new()
    } else {
        referenced_blobs(&conn)?
    };
    for (hash, _) in to_files {
        let dir = blob_root.join(&hash[..2]);
        if dirs.insert(dir.clone()) {
            fs::create_dir_all(&dir).map_err(io(format!("creating {}", dir.display())))?;
        }
        let to = path_of(&blob_root, &hash);
        if !to.exists() {
            copy_hashed(&path_of(&backup.join(BLOB_DIR), &hash), &to)?;
        }
    }
    drop(conn);
    for dir in &dirs {
        sync_dir(dir)?;
    }
    let tmp: PathBuf = data_dir.join(format!("{DB_FILE}.restore"));
    copy_hashed(&backup.join(DB_FILE), &tmp)?;
    for suffix in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{DB_FILE}{suffix}"));
        if side.exists() {
            fs::remove_file(&side).map_err(io(format!("removing {}", side.display())))?;
        }
    }
    fs::rename(&tmp, &db_path).map_err(io(format!("replacing {}", db_path.display())))?;
    sync_dir(data_dir)?;
    Ok(report)
}
