//! Free space and the disk reserve: new mail is refused before the disk fills.

use crate::{DiskStatus, DiskUsage, Result, Store};

/// Free space and the disk reserve: new mail is refused before the disk fills.
pub trait Space: Send + Sync {
    /// Sets the reserve: bytes that must stay free on the data directory's file system
    /// (`[storage] min_free_space`; default [`DEFAULT_MIN_FREE_SPACE`](crate::DEFAULT_MIN_FREE_SPACE)). Takes effect at
    /// once, also for a running server (a reload).
    fn set_min_free_space(&self, bytes: u64);

    /// The reserve in bytes.
    fn min_free_space(&self) -> u64;

    /// Is there room for a message of `bytes` bytes? A cheap check (one `statvfs`) to make
    /// before receiving or writing anything: refused with [`StorageError::LowDisk`](crate::StorageError::LowDisk) when
    /// storing it (see [`footprint`](crate::footprint)) would leave less than the reserve free. Every write
    /// of message content checks again by itself.
    fn has_room(&self, bytes: u64) -> Result<()>;

    /// The same store, for mail the server writes about mail it already accepted (delivery
    /// status notifications, Sieve redirects and vacation replies, quota notices): such
    /// writes may use the lower half of the reserve, so that accepting a message never
    /// leaves the notice it owes unwritten while the disk still has room.
    fn for_notices(&self) -> Store;

    /// The data directory's files and file system (one `statvfs`, one directory listing).
    fn disk_usage(&self) -> Result<DiskUsage>;

    /// Free space, reserve and refusals, for the metrics endpoint.
    fn disk_status(&self) -> Result<DiskStatus>;
}
