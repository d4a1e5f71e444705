//! Consistency check, gauges and online backup.

use std::path::Path;

use crate::{BackupReport, CheckReport, Gauges, Result};

/// Consistency check, gauges and online backup.
pub trait Maintenance: Send + Sync {
    /// Makes a consistent backup into `dest` (absent or empty) while the store is in use.
    fn backup(&self, dest: &Path) -> Result<BackupReport>;

    /// Checks the whole store. With `deep`, also re-hashes every blob. With `repair`, fixes
    /// counters and reference counts and removes unreferenced blob files; a missing or damaged
    /// blob cannot be repaired and stays reported.
    fn check(&self, deep: bool, repair: bool) -> Result<CheckReport>;

    fn gauges(&self) -> Result<Gauges>;
}
