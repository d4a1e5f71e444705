//! Disk space: a reserve kept free on the data directory's file system.
//!
//! A full disk must never lose mail, and it must not arrive unannounced. SQLite and the blob
//! store fail cleanly when a write finds no space (the transaction rolls back, the client gets
//! a temporary error), but on text-heavy mail the database grows by more than the message
//! itself: the trigram search index is about 1.3 times the text, and its pages pass through
//! the WAL before a checkpoint copies them into the database. An attack freed 4 MiB on a full
//! disk and one 200 KB delivery filled it again.
//!
//! So every write that stores message content first asks [`Store::has_room`]: below
//! `min_free_space` (the reserve) new mail is refused with [`StorageError::LowDisk`], a
//! temporary condition (SMTP `452 4.3.1`, IMAP `NO [LIMIT]`) that the sender retries.
//! Mail the server owes for messages it already accepted (delivery status notifications,
//! Sieve redirects, notices) may use the lower half of the reserve, through
//! [`Store::for_notices`]. Below twice the reserve the writer truncates the WAL after its
//! commits (see `Db`), and a warning is logged once a minute while space stays low.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Store;
use crate::backend::{Runtime, Space};
use crate::error::{Result, StorageError};
use crate::meta::MAX_INDEXED_TEXT;
use crate::sqlite::SqliteBackend;

/// The default reserve: 256 MiB. Enough for several of the largest messages SMTP accepts by
/// default (50 MiB) in flight at once with their index and WAL pages, for the WAL of a busy
/// minute, and for an administrator to log in, read the logs and run `govmail check`; small
/// next to any disk a mail server runs on.
pub const DEFAULT_MIN_FREE_SPACE: u64 = 256 * 1024 * 1024;

/// At most one warning about low space per this interval.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// How long the writer trusts its last look at free space before looking again.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Bytes a message of `size` bytes may take on disk while it is stored: its file, plus its
/// search-index entry (measured at about 1.3 times the text on Vietnamese mail) and that
/// entry's pages in the WAL until the next checkpoint. The index holds at most
/// `MAX_INDEXED_TEXT` of a message's text; the rest of a large message is attachments.
pub fn footprint(size: u64) -> u64 {
    size.saturating_add(3 * size.min(2 * MAX_INDEXED_TEXT as u64))
}

/// The free space of the file system(s) holding the data directory, the reserve kept free,
/// and what refusals it caused.
pub(crate) struct DiskSpace {
    data_dir: PathBuf,
    /// The blob directory when it is on another file system than the database (a mount point).
    blob_dir: Option<PathBuf>,
    min_free: AtomicU64,
    /// Bytes of content being written right now (checked, not yet committed), so that
    /// concurrent deliveries do not each count the same free space.
    in_flight: AtomicU64,
    refusals: AtomicU64,
    /// Free bytes at the last look, for the metrics and the writer.
    last_free: AtomicU64,
    last_warning: Mutex<Option<Instant>>,
    /// When the writer last looked at free space (None: look at the next commit).
    writer_look: Mutex<Option<Instant>>,
}

/// Whose write asks for room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// New mail from outside (SMTP, APPEND, imports): needs the whole reserve left over.
    Incoming,
    /// Mail the server owes for mail it already accepted (DSNs, notices, redirects): may
    /// use the lower half of the reserve.
    Owed,
}

/// Room held for a write in progress; released when dropped (after the commit or failure).
pub(crate) struct Room<'a> {
    space: &'a DiskSpace,
    bytes: u64,
}

impl Drop for Room<'_> {
    fn drop(&mut self) {
        self.space.in_flight.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

/// What the disk looks like, for the metrics endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskStatus {
    /// Bytes free to govmail on the data directory's file system (the smaller one when the
    /// blobs are on another).
    pub free_bytes: u64,
    /// The reserve (`[storage] min_free_space`).
    pub min_free_bytes: u64,
    /// Writes of mail refused since start because free space was below the reserve.
    pub refusals: u64,
}

impl DiskSpace {
    pub(crate) fn new(data_dir: &Path, blob_dir: &Path) -> DiskSpace {
        let blob_dir = (!same_file_system(data_dir, blob_dir)).then(|| blob_dir.to_path_buf());
        DiskSpace {
            data_dir: data_dir.to_path_buf(),
            blob_dir,
            min_free: AtomicU64::new(DEFAULT_MIN_FREE_SPACE),
            in_flight: AtomicU64::new(0),
            refusals: AtomicU64::new(0),
            last_free: AtomicU64::new(u64::MAX),
            last_warning: Mutex::new(None),
            writer_look: Mutex::new(None),
        }
    }

    pub(crate) fn min_free(&self) -> u64 {
        self.min_free.load(Ordering::Relaxed)
    }

    /// Sets the reserve (`[storage] min_free_space`); the writer looks again at its next
    /// commit.
    pub(crate) fn set_min_free(&self, bytes: u64) {
        self.min_free.store(bytes, Ordering::Relaxed);
        *self.writer_look.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Bytes available to an unprivileged process (f_bavail: root's own reserve does not
    /// count, govmail does not run as root).
    pub(crate) fn free(&self) -> Result<u64> {
        let mut free = free_bytes(&self.data_dir)?;
        if let Some(blobs) = &self.blob_dir {
            free = free.min(free_bytes(blobs)?);
        }
        self.last_free.store(free, Ordering::Relaxed);
        Ok(free)
    }

    /// Holds room for `size` bytes of message content, or refuses when writing it would
    /// leave less than the reserve (half of it for `Claim::Owed`).
    pub(crate) fn claim(&self, size: u64, claim: Claim) -> Result<Room<'_>> {
        let needed = footprint(size);
        let reserve = match claim {
            Claim::Incoming => self.min_free(),
            Claim::Owed => self.min_free() / 2,
        };
        let free = self.free()?;
        // Reserve first, then compare: two deliveries at once both count each other.
        let in_flight = self.in_flight.fetch_add(needed, Ordering::AcqRel);
        let room = Room {
            space: self,
            bytes: needed,
        };
        let left = free.saturating_sub(in_flight).saturating_sub(needed);
        if left < reserve || free < needed.saturating_add(in_flight) {
            drop(room);
            self.refusals.fetch_add(1, Ordering::Relaxed);
            self.warn(
                free,
                "new mail is refused (temporary failure) until space is freed",
            );
            return Err(StorageError::LowDisk {
                dir: self.data_dir.clone(),
                free,
                needed,
                reserve,
            });
        }
        Ok(room)
    }

    /// Logs a warning about low space, at most once per `WARN_EVERY`.
    fn warn(&self, free: u64, consequence: &str) {
        let mut last = self.last_warning.lock().unwrap_or_else(|p| p.into_inner());
        if last.is_some_and(|t| t.elapsed() < WARN_EVERY) {
            return;
        }
        *last = Some(Instant::now());
        tracing::warn!(
            data_dir = %self.data_dir.display(),
            free_bytes = free,
            min_free_space = self.min_free(),
            "disk space low: {} free on the file system of {}, reserve ([storage] \
             min_free_space) {}; {consequence}. Free space (old backups, logs), add disk, or \
             lower min_free_space",
            human(free),
            self.data_dir.display(),
            human(self.min_free()),
        );
    }

    /// Called by the writer after a commit: true when free space is below twice the reserve
    /// (the WAL should be truncated). Looks at the file system at most once per second.
    pub(crate) fn under_pressure(&self) -> bool {
        {
            let mut look = self.writer_look.lock().unwrap_or_else(|p| p.into_inner());
            if look.is_some_and(|t| t.elapsed() < LOOK_EVERY) {
                return self.last_free.load(Ordering::Relaxed) < self.min_free().saturating_mul(2);
            }
            *look = Some(Instant::now());
        }
        let Ok(free) = self.free() else {
            return false;
        };
        let pressure = free < self.min_free().saturating_mul(2);
        if pressure {
            let consequence = if free < self.min_free() {
                "new mail is refused (temporary failure) until space is freed"
            } else {
                "new mail will be refused (temporary failure) below the reserve"
            };
            self.warn(free, consequence);
        }
        pressure
    }

    pub(crate) fn status(&self) -> Result<DiskStatus> {
        Ok(DiskStatus {
            free_bytes: self.free()?,
            min_free_bytes: self.min_free(),
            refusals: self.refusals.load(Ordering::Relaxed),
        })
    }
}

/// How much of the disk the data directory takes, for the web console's health page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskUsage {
    /// Bytes of the database files (the database, its write-ahead log and index) at the top
    /// of the data directory; the message files are counted by the blob gauge.
    pub database_bytes: u64,
    /// Size of the data directory's file system.
    pub total_bytes: u64,
    /// Bytes free to govmail there (as [`DiskStatus::free_bytes`]).
    pub free_bytes: u64,
    /// The reserve (`[storage] min_free_space`).
    pub min_free_bytes: u64,
}

fn free_bytes(path: &Path) -> Result<u64> {
    let stat = rustix::fs::statvfs(path).map_err(|e| {
        StorageError::io(
            format!("reading the free space of {}", path.display()),
            e.into(),
        )
    })?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

fn same_file_system(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => true,
    }
}

/// "1.5 GiB", "300 MiB": for log lines an administrator reads.
pub(crate) fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

impl Space for SqliteBackend {
    /// Sets the reserve: bytes that must stay free on the data directory's file system
    /// (`[storage] min_free_space`; default [`DEFAULT_MIN_FREE_SPACE`]). Takes effect at
    /// once, also for a running server (a reload).
    fn set_min_free_space(&self, bytes: u64) {
        self.space().set_min_free(bytes);
    }

    /// The reserve in bytes.
    fn min_free_space(&self) -> u64 {
        self.space().min_free()
    }

    /// Is there room for a message of `bytes` bytes? A cheap check (one `statvfs`) to make
    /// before receiving or writing anything: refused with [`StorageError::LowDisk`] when
    /// storing it (see [`footprint`]) would leave less than the reserve free. Every write
    /// of message content checks again by itself.
    fn has_room(&self, bytes: u64) -> Result<()> {
        self.claim_room(bytes).map(drop)
    }

    /// The same store, for mail the server writes about mail it already accepted (delivery
    /// status notifications, Sieve redirects and vacation replies, quota notices): such
    /// writes may use the lower half of the reserve, so that accepting a message never
    /// leaves the notice it owes unwritten while the disk still has room.
    fn for_notices(&self) -> Store {
        Store::from_backend(Arc::new(SqliteBackend {
            inner: self.inner.clone(),
            claim: Claim::Owed,
        }))
    }

    /// The data directory's files and file system (one `statvfs`, one directory listing).
    fn disk_usage(&self) -> Result<DiskUsage> {
        let dir = self.data_dir();
        let fail = |what: &str, e: std::io::Error| {
            StorageError::io(format!("{what} {}", dir.display()), e)
        };
        let stat = rustix::fs::statvfs(dir).map_err(|e| fail("reading the size of", e.into()))?;
        let mut database_bytes = 0u64;
        for entry in std::fs::read_dir(dir).map_err(|e| fail("listing", e))? {
            let Ok(entry) = entry else { continue };
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                database_bytes = database_bytes.saturating_add(meta.len());
            }
        }
        Ok(DiskUsage {
            database_bytes,
            total_bytes: stat.f_blocks.saturating_mul(stat.f_frsize),
            free_bytes: self.space().free()?,
            min_free_bytes: self.space().min_free(),
        })
    }

    /// Free space, reserve and refusals, for the metrics endpoint.
    fn disk_status(&self) -> Result<DiskStatus> {
        self.space().status()
    }
}

impl SqliteBackend {
    /// Holds room for `bytes` of content until the returned guard is dropped.
    pub(crate) fn claim_room(&self, bytes: u64) -> Result<Room<'_>> {
        self.space().claim(bytes, self.claim)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::backend::*;
    use crate::sqlite::SqliteBackend;

    #[test]
    fn disk_usage_counts_the_database_files_and_the_file_system() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteBackend::open(dir.path(), crate::OpenMode::CreateIfMissing).unwrap();
        let usage = store.disk_usage().unwrap();
        assert!(usage.database_bytes > 0, "{usage:?}");
        assert!(
            usage.total_bytes >= usage.free_bytes && usage.free_bytes > 0,
            "{usage:?}"
        );
    }
}
