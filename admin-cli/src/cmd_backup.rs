//! `govmail backup DIR` and `govmail restore DIR`, and the lock that tells them whether a
//! server is using the data directory.

use std::fs::File;
use std::path::Path;

use crate::config::Config;
use crate::{CliError, CliResult};

const LOCK_FILE: &str = "serve.lock";

/// Held by `govmail serve` for as long as it runs (an OS file lock: released even on a crash).
pub fn server_lock(data_dir: &Path) -> CliResult<File> {
    let path = data_dir.join(LOCK_FILE);
    let file = File::create(&path)
        .map_err(|e| CliError(format!("cannot create {}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(_) => Err(CliError(format!(
            "another govmail server is already running on {} (lock {})",
            data_dir.display(),
            path.display()
        ))),
    }
}

fn server_running(data_dir: &Path) -> bool {
    match File::open(data_dir.join(LOCK_FILE)) {
        Ok(f) => f.try_lock().is_err(),
        Err(_) => false,
    }
}

pub fn backup(store: &storage::Store, dir: &Path) -> CliResult {
    let started = std::time::Instant::now();
    let report = store.backup(dir)?;
    println!(
        "Backup written to {} in {:.1} s: {} accounts, {} messages, {} queued, {} files \
         ({} bytes), every file verified.",
        dir.display(),
        started.elapsed().as_secs_f64(),
        report.accounts,
        report.messages,
        report.queued,
        report.blobs,
        report.blob_bytes
    );
    println!("Keep the configuration directory too (govmail.toml, tls/, dkim/).");
    Ok(())
}

pub fn restore(config: &Config, dir: &Path) -> CliResult {
    if config.pg_config()?.is_some() {
        // A govmail backup is SQLite's data directory: restore it into one (a configuration
        // with the default backend), then move it over with `govmail store migrate`.
        return Err(CliError(
            "restore writes a SQLite data directory, and this configuration's store is \
             PostgreSQL: restore with a configuration of backend = \"sqlite\", then copy it \
             over with `govmail store migrate --to` this configuration (or restore the \
             database with pg_restore; see docs/admin-guide)"
                .into(),
        ));
    }
    let data_dir = config.data_dir();
    if server_running(&data_dir) {
        return Err(CliError(format!(
            "govmail is serving {}: stop it first (systemctl stop govmail), then restore",
            data_dir.display()
        )));
    }
    let report = storage::restore_into(dir, &data_dir, config.blob_store()?)?;
    println!(
        "Restored {} accounts, {} messages and {} queued messages from {} into {}.",
        report.accounts,
        report.messages,
        report.queued,
        dir.display(),
        data_dir.display()
    );
    Ok(())
}
