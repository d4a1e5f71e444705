//! `govmail check`, the gauges and `govmail backup` on PostgreSQL.
//!
//! The check compares what SQLite's does (storage/src/sqlite/check.rs): quota counters
//! against the messages, reference counts against messages, queue and quarantine, every
//! content's bytes (inline or in the blob store) against its size and, with `deep`, its
//! hash, and UID/MODSEQ counters against the messages. Repairs are made in one transaction
//! with the rows locked, so a delivery on another node either comes before (and is counted)
//! or waits. Differences from SQLite, because several nodes share the blob store:
//! - a blob no content names is not removed at once (another node may be delivering it,
//!   its file written and its row not yet committed): repair marks it for the delayed sweep
//!   ([`BLOB_SWEEP_DELAY_SECS`]), and runs the sweep, which removes what was marked long
//!   enough ago;
//! - blobs marked for the sweep are expected leftovers, reported as harmless;
//! - there is no `PRAGMA quick_check`: the database's own integrity is PostgreSQL's (data
//!   checksums, `amcheck`), run by the DBA.
//!
//! Backup: `pg_dump` of a snapshot exported by a transaction that also lists the blobs that
//! snapshot names, so the dump and the blobs copied agree (see docs/admin-guide.md).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::message::{BLOB_SWEEP_DELAY_SECS, release_content_refs};
use super::pool::Queries;
use super::{PG_SCHEMA_VERSION, PgBackend, pg_write};
use crate::backend::Maintenance;
use crate::error::{Result, StorageError};
use crate::{BackupReport, CheckReport, Gauges, Problem};

/// Name of the database dump inside a PostgreSQL backup directory.
pub const PG_DUMP_FILE: &str = "govmail.pgdump";
/// Name of the blob listing (hash and size, one a line) inside a PostgreSQL backup directory.
pub const BLOB_LIST_FILE: &str = "blobs.txt";

const QUOTA_SQL: &str = "SELECT a.id, a.address, a.used_bytes, a.used_messages, \
     coalesce((SELECT sum(ct.size) FROM mailboxes mb JOIN messages m \
       ON m.mailbox_id = mb.id JOIN contents ct ON ct.id = m.content_id \
       WHERE mb.account_id = a.id), 0)::bigint, \
     (SELECT count(*) FROM mailboxes mb JOIN messages m ON m.mailbox_id = mb.id \
       WHERE mb.account_id = a.id) \
     FROM accounts a ORDER BY a.id";

const CONTENTS_SQL: &str = "SELECT ct.id, ct.blob, ct.size, ct.refs, \
     (SELECT count(*) FROM messages m WHERE m.content_id = ct.id) + \
     (SELECT count(*) FROM queue q WHERE q.content_id = ct.id) + \
     (SELECT count(*) FROM quarantine z WHERE z.content_id = ct.id), \
     EXISTS (SELECT 1 FROM inline_blobs i WHERE i.blob = ct.blob) FROM contents ct ORDER BY ct.id";

const COUNTERS_SQL: &str = "SELECT mb.id, a.address || ' ' || mb.name, mb.uidnext, \
     mb.highest_modseq, coalesce(max(m.uid), 0), coalesce(max(m.modseq), 0) \
     FROM mailboxes mb JOIN accounts a ON a.id = mb.account_id \
     LEFT JOIN messages m ON m.mailbox_id = mb.id GROUP BY mb.id, a.address ORDER BY mb.id";

type QuotaRow = (i64, String, i64, i64, i64, i64);
type ContentRow = (i64, String, i64, i64, i64, bool);
type CounterRow = (i64, String, i64, i64, i64, i64);

fn problem(kind: &'static str, detail: String, repairable: bool) -> Problem {
    Problem {
        kind,
        detail,
        repairable,
        harmless: false,
    }
}

impl Maintenance for PgBackend {
    /// A `pg_dump` of one snapshot, the list of the blobs that snapshot names and, when the
    /// blobs are local files, a verified copy of each; the manifest last.
    fn backup(&self, dest: &Path) -> Result<BackupReport> {
        backup(self, dest)
    }

    fn check(&self, deep: bool, repair: bool) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let (quota, contents, counters, tombstones) = self.read(|c| async move {
            let quota: Vec<QuotaRow> = c
                .query(QUOTA_SQL, &[])
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
                .collect();
            let contents: Vec<ContentRow> = c
                .query(CONTENTS_SQL, &[])
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
                .collect();
            let counters: Vec<CounterRow> = c
                .query(COUNTERS_SQL, &[])
                .await?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
                .collect();
            let tombstones: HashSet<String> = c
                .query("SELECT blob FROM blob_tombstones", &[])
                .await?
                .iter()
                .map(|r| r.get(0))
                .collect();
            Ok((quota, contents, counters, tombstones))
        })?;

        report.accounts = quota.len() as u64;
        let mut quota_fixes = Vec::new();
        for (id, address, used_bytes, used_messages, real_bytes, real_messages) in quota {
            report.messages += real_messages.max(0) as u64;
            if used_bytes != real_bytes || used_messages != real_messages {
                report.problems.push(problem(
                    "quota",
                    format!(
                        "{address}: counters say {used_bytes} bytes in {used_messages} \
                         messages, mailboxes hold {real_bytes} bytes in {real_messages}"
                    ),
                    true,
                ));
                quota_fixes.push(id);
            }
        }

        report.contents = contents.len() as u64;
        let mut ref_fixes = Vec::new();
        for (id, hash, _, refs, real, _) in &contents {
            if refs != real {
                report.problems.push(problem(
                    "refs",
                    format!("content {hash}: refs {refs}, referenced by {real}"),
                    true,
                ));
                ref_fixes.push(*id);
            }
        }

        // Every content's bytes: inline in the database, or in the blob store.
        let files: HashMap<String, u64> = self.blobs().list()?.into_iter().collect();
        report.blob_files = files.len() as u64;
        report.blob_bytes = files.values().sum();
        for (_, hash, size, _, real, inline) in &contents {
            if *inline {
                if deep {
                    let data = self.blob_bytes(hash)?;
                    if data.len() as i64 != *size || crate::blob::hash_hex(&data) != *hash {
                        report.problems.push(problem(
                            "damaged-blob",
                            format!("content {hash}: stored bytes do not match its name"),
                            false,
                        ));
                    }
                }
                continue;
            }
            match files.get(hash) {
                None => report.problems.push(problem(
                    "missing-blob",
                    format!(
                        "content {hash} ({size} bytes, in {real} mailbox(es)) has no blob: \
                         restore it from a backup of the blob store"
                    ),
                    false,
                )),
                Some(&stored) if stored != *size as u64 => report.problems.push(problem(
                    "damaged-blob",
                    format!("blob {hash}: {stored} bytes stored, {size} expected"),
                    false,
                )),
                Some(_) if deep => {
                    let data = self.blobs().get(hash)?;
                    if crate::blob::hash_hex(&data) != *hash {
                        report.problems.push(problem(
                            "damaged-blob",
                            format!("blob {hash}: content does not match its hash"),
                            false,
                        ));
                    }
                }
                Some(_) => {}
            }
        }
        let known: HashSet<&str> = contents.iter().map(|(_, h, ..)| h.as_str()).collect();
        let mut orphans: Vec<String> = files
            .keys()
            .filter(|name| !known.contains(name.as_str()))
            .cloned()
            .collect();
        orphans.sort();
        for name in &orphans {
            let detail = if tombstones.contains(name) {
                format!("blob {name} is no longer referenced: removed by the delayed sweep")
            } else {
                format!(
                    "blob {name} is not referenced by any message (left by an interrupted \
                     delivery, or being delivered on another node)"
                )
            };
            report.problems.push(Problem {
                kind: "orphan-blob",
                detail,
                repairable: true,
                harmless: true,
            });
        }
        let leftovers = self.blobs().leftovers()?;
        for name in &leftovers {
            report.problems.push(Problem {
                kind: "orphan-blob",
                detail: format!("temporary file {name} left by an interrupted delivery"),
                repairable: true,
                harmless: true,
            });
        }

        // UIDs below uidnext, MODSEQs up to highest_modseq.
        let mut counter_fixes = Vec::new();
        for (id, name, uidnext, modseq, max_uid, max_modseq) in counters {
            if uidnext <= max_uid || modseq < max_modseq {
                report.problems.push(problem(
                    "counters",
                    format!(
                        "mailbox {name}: uidnext {uidnext} / highest_modseq {modseq}, messages \
                         use uid {max_uid} / modseq {max_modseq}"
                    ),
                    true,
                ));
                counter_fixes.push(id);
            }
        }

        if repair && report.problems.iter().any(|p| p.repairable) {
            self.repair(quota_fixes, ref_fixes, counter_fixes, orphans)?;
            for name in &leftovers {
                self.blobs().remove_leftover(name)?;
            }
            report.repaired = true;
        }
        Ok(report)
    }

    fn gauges(&self) -> Result<Gauges> {
        let now = crate::now();
        self.read(move |c| async move {
            let r = c
                .query_one(
                    "SELECT \
                     (SELECT count(*) FROM accounts WHERE status != 'removed'), \
                     (SELECT coalesce(sum(used_messages), 0)::bigint FROM accounts), \
                     (SELECT coalesce(sum(used_bytes), 0)::bigint FROM accounts), \
                     (SELECT coalesce(sum(size), 0)::bigint FROM contents), \
                     (SELECT count(*) FROM accounts WHERE quota_bytes > 0 \
                        AND used_bytes * 10 >= quota_bytes * 9), \
                     (SELECT count(*) FROM queue), \
                     (SELECT coalesce($1 - min(created_at), 0) FROM queue), \
                     (SELECT count(*) FROM quarantine)",
                    &[&now],
                )
                .await?;
            let n = |i: usize| r.get::<_, i64>(i).max(0) as u64;
            Ok(Gauges {
                accounts: n(0),
                messages: n(1),
                used_bytes: n(2),
                blob_bytes: n(3),
                near_full_accounts: n(4),
                queue_messages: n(5),
                queue_oldest_age: n(6),
                quarantined: n(7),
            })
        })
    }
}

impl PgBackend {
    /// The repairs of `check`, in one transaction: counters recomputed under the rows'
    /// locks (mailboxes, then accounts, then contents: the order deliveries lock them in),
    /// unreferenced contents released, unreferenced blobs marked for the sweep; then the
    /// sweep of what was marked long enough ago.
    fn repair(
        &self,
        quota: Vec<i64>,
        refs: Vec<i64>,
        counters: Vec<i64>,
        orphans: Vec<String>,
    ) -> Result<()> {
        pg_write!(self, |tx, notes| {
            tx.execute(
                "SELECT 1 FROM mailboxes WHERE id = ANY($1) ORDER BY id FOR UPDATE",
                &[&counters],
            )
            .await?;
            tx.execute(
                "UPDATE mailboxes mb SET \
                   uidnext = greatest(mb.uidnext, \
                     coalesce((SELECT max(uid) FROM messages WHERE mailbox_id = mb.id), 0) + 1), \
                   highest_modseq = greatest(mb.highest_modseq, \
                     coalesce((SELECT max(modseq) FROM messages WHERE mailbox_id = mb.id), 0)) \
                 WHERE mb.id = ANY($1)",
                &[&counters],
            )
            .await?;
            tx.execute(
                "SELECT 1 FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE",
                &[&quota],
            )
            .await?;
            tx.execute(
                "UPDATE accounts a SET \
                   used_bytes = coalesce((SELECT sum(ct.size) FROM mailboxes mb \
                     JOIN messages m ON m.mailbox_id = mb.id \
                     JOIN contents ct ON ct.id = m.content_id WHERE mb.account_id = a.id), 0), \
                   used_messages = (SELECT count(*) FROM mailboxes mb \
                     JOIN messages m ON m.mailbox_id = mb.id WHERE mb.account_id = a.id) \
                 WHERE a.id = ANY($1)",
                &[&quota],
            )
            .await?;
            let mut sorted = refs.clone();
            sorted.sort_unstable();
            for id in sorted {
                let real = tx
                    .query_opt(
                        "UPDATE contents ct SET refs = \
                           (SELECT count(*) FROM messages m WHERE m.content_id = ct.id) + \
                           (SELECT count(*) FROM queue q WHERE q.content_id = ct.id) + \
                           (SELECT count(*) FROM quarantine z WHERE z.content_id = ct.id) \
                         WHERE ct.id = $1 RETURNING refs",
                        &[&id],
                    )
                    .await?;
                if real.is_some_and(|r| r.get::<_, i64>(0) <= 0) {
                    // Removes the row and its inline bytes, marks its file for the sweep.
                    release_content_refs(&tx, id, 0).await?;
                }
            }
            // Marked now (an older mark is kept): removed by a sweep once the delay is over,
            // if no content names them by then.
            tx.execute(
                "INSERT INTO blob_tombstones (blob, at) \
                 SELECT b, $2 FROM unnest($1::text[]) AS b \
                 WHERE NOT EXISTS (SELECT 1 FROM contents WHERE blob = b) \
                 ON CONFLICT (blob) DO NOTHING",
                &[&orphans, &crate::now()],
            )
            .await?;
            Ok(())
        })?;
        self.sweep_blobs(BLOB_SWEEP_DELAY_SECS)?;
        Ok(())
    }
}

/// `pg_dump`: on the PATH, or in Debian's /usr/lib/postgresql/<major>/bin (newest first).
fn find_pg_dump() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH")
        && let Some(dir) = std::env::split_paths(&path).find(|d| d.join("pg_dump").is_file())
    {
        return Some(dir.join("pg_dump"));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            let exe = e.path().join("bin").join("pg_dump");
            exe.is_file().then_some((major, exe))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, exe)| exe)
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> StorageError {
    move |e| StorageError::io(context, e)
}

fn backup(pg: &PgBackend, dest: &Path) -> Result<BackupReport> {
    if dest.exists()
        && std::fs::read_dir(dest)
            .map_err(io(format!("reading {}", dest.display())))?
            .next()
            .is_some()
    {
        return Err(StorageError::Refused {
            path: dest.to_path_buf(),
            reason: "the backup directory is not empty".into(),
        });
    }
    let Some(pg_dump) = find_pg_dump() else {
        return Err(StorageError::Refused {
            path: dest.to_path_buf(),
            reason: "pg_dump is not installed (Debian: apt-get install postgresql-client, \
                     of the server's major version or newer). Without it, back up the \
                     database with `pg_dump --format=custom` and the blob store with its own \
                     tools, in that order (docs/admin-guide.md, \"Backup on PostgreSQL\")"
                .into(),
        });
    };
    std::fs::create_dir_all(dest).map_err(io(format!("creating {}", dest.display())))?;
    let config = pg.inner.pool.config().clone();
    let dump_path = dest.join(PG_DUMP_FILE);
    let dump_arg = dump_path.clone();
    // One transaction exports its snapshot, lists what it names, and stays open while
    // pg_dump reads the same snapshot (`--snapshot`): the dump and the listing agree.
    let (report, blobs) = pg.run(move |pool| async move {
        let mut client = pool.get().await?;
        let tx = client.snapshot().await?;
        let snapshot: String = tx
            .query_one("SELECT pg_export_snapshot()", &[])
            .await?
            .get(0);
        let r = tx
            .query_one(
                "SELECT (SELECT count(*) FROM accounts), \
                 (SELECT count(*) FROM messages), (SELECT count(*) FROM queue)",
                &[],
            )
            .await?;
        let blobs: Vec<(String, i64, bool)> = tx
            .query(
                "SELECT ct.blob, ct.size, \
                 EXISTS (SELECT 1 FROM inline_blobs i WHERE i.blob = ct.blob) \
                 FROM contents ct ORDER BY ct.blob",
                &[],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        let report = BackupReport {
            created_at: crate::now(),
            schema_version: PG_SCHEMA_VERSION as i32,
            accounts: r.get::<_, i64>(0).max(0) as u64,
            messages: r.get::<_, i64>(1).max(0) as u64,
            queued: r.get::<_, i64>(2).max(0) as u64,
            blobs: blobs.iter().filter(|b| !b.2).count() as u64,
            blob_bytes: blobs
                .iter()
                .filter(|b| !b.2)
                .map(|b| b.1.max(0) as u64)
                .sum(),
        };
        let out = tokio::task::spawn_blocking(move || {
            run_pg_dump(&pg_dump, &config, &snapshot, &dump_arg)
        })
        .await
        .map_err(|e| StorageError::backend(crate::ErrorKind::Internal, "pg_dump", e.to_string()))?;
        out?;
        tx.commit().await?;
        Ok((report, blobs))
    })?;
    // The blobs the snapshot names: a listing, and a verified copy of each as files (as
    // SQLite's backup does, so it restores onto files or a bucket). None of them can be
    // gone yet: a blob is removed BLOB_SWEEP_DELAY_SECS after its last reference went, and
    // the snapshot still names these.
    let mut listing = String::new();
    for (hash, size, inline) in &blobs {
        if !inline {
            listing.push_str(&format!("{hash} {size}\n"));
        }
    }
    write_synced(&dest.join(BLOB_LIST_FILE), listing.as_bytes())?;
    {
        let into = crate::blob::fs::FsBlobs::open(dest.join(crate::BLOB_DIR))?;
        for (hash, size, inline) in &blobs {
            if *inline {
                continue;
            }
            let data = pg.blobs().get(hash)?;
            if data.len() as i64 != *size || crate::blob::hash_hex(&data) != *hash {
                return Err(StorageError::Corrupt(
                    format!("blob {hash} does not match its name or size: run `govmail check`")
                        .into(),
                ));
            }
            use crate::blob::BlobStore;
            into.put(hash, &data)?;
        }
    }
    let manifest = serde_json::to_vec_pretty(&report)
        .map_err(|e| StorageError::backend(crate::ErrorKind::Internal, "manifest", e))?;
    write_synced(&dest.join(crate::MANIFEST), &manifest)?;
    Ok(report)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path).map_err(io(format!("writing {}", path.display())))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(io(format!("writing {}", path.display())))
}

/// Runs pg_dump against the database of `config`, the password in its environment (never
/// on its command line, which `ps` shows).
fn run_pg_dump(
    exe: &Path,
    config: &tokio_postgres::Config,
    snapshot: &str,
    file: &Path,
) -> Result<()> {
    use tokio_postgres::config::{Host, SslMode};
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("--format=custom")
        .arg("--no-owner")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(file);
    if let Some(host) = config.get_hosts().first() {
        match host {
            Host::Tcp(h) => {
                cmd.arg("--host").arg(h);
            }
            Host::Unix(p) => {
                cmd.arg("--host").arg(p);
            }
        }
    }
    if let Some(port) = config.get_ports().first() {
        cmd.arg("--port").arg(port.to_string());
    }
    if let Some(user) = config.get_user() {
        cmd.arg("--username").arg(user);
    }
    if let Some(db) = config.get_dbname() {
        cmd.arg("--dbname").arg(db);
    }
    cmd.arg("--no-password");
    if let Some(pw) = config.get_password() {
        cmd.env("PGPASSWORD", String::from_utf8_lossy(pw).into_owned());
    }
    cmd.env(
        "PGSSLMODE",
        match config.get_ssl_mode() {
            SslMode::Disable => "disable",
            SslMode::Require => "require",
            _ => "prefer",
        },
    );
    let out = cmd
        .output()
        .map_err(io(format!("running {}", exe.display())))?;
    if !out.status.success() {
        return Err(StorageError::backend(
            crate::ErrorKind::Internal,
            "pg_dump",
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(())
}
