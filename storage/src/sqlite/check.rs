//! Consistency check (`govmail check`): blobs against metadata, quota counters against
//! messages, reference counts against messages, UID and MODSEQ counters against messages.
//! With `repair`, fixes what can be fixed without losing mail.

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::sqlite::SqliteBackend;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// Short machine-readable kind: "quota", "refs", "missing-blob", …
    pub kind: &'static str,
    pub detail: String,
    /// True if `--repair` fixed it (or can fix it).
    pub repairable: bool,
    /// True for leftovers that make nothing inconsistent: a blob file no message refers to,
    /// left when a delivery was interrupted before its commit (a crash, a kill -9). Every
    /// message still has its blob and every counter is right.
    pub harmless: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub accounts: u64,
    pub messages: u64,
    pub contents: u64,
    pub blob_files: u64,
    pub blob_bytes: u64,
    pub problems: Vec<Problem>,
    pub repaired: bool,
}

impl CheckReport {
    /// No inconsistency: every problem (if any) is a harmless leftover.
    pub fn is_clean(&self) -> bool {
        self.problems.iter().all(|p| p.harmless)
    }
}

impl SqliteBackend {
    /// Checks the whole store. With `deep`, also re-hashes every blob. With `repair`, fixes
    /// counters and reference counts and removes unreferenced blob files; a missing or damaged
    /// blob cannot be repaired and stays reported.
    pub fn check(&self, deep: bool, repair: bool) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let integrity: String = self
            .db()
            .read(|c| Ok(c.query_row("PRAGMA quick_check", [], |r| r.get(0))?))?;
        if integrity != "ok" {
            report.problems.push(Problem {
                kind: "database",
                detail: format!("SQLite quick_check: {integrity}"),
                repairable: false,
                harmless: false,
            });
        }

        // Quota counters and reference counts, computed from the messages themselves.
        type Row = (i64, String, i64, i64, i64, i64);
        let quota_rows: Vec<Row> = self.db().read(|c| {
            let mut stmt = c.prepare(
                "SELECT a.id, a.address, a.used_bytes, a.used_messages, \
                 coalesce((SELECT sum(ct.size) FROM mailboxes mb JOIN messages m \
                   ON m.mailbox_id = mb.id JOIN contents ct ON ct.id = m.content_id \
                   WHERE mb.account_id = a.id), 0), \
                 (SELECT count(*) FROM mailboxes mb JOIN messages m ON m.mailbox_id = mb.id \
                   WHERE mb.account_id = a.id) \
                 FROM accounts a ORDER BY a.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        report.accounts = quota_rows.len() as u64;
        let mut quota_fixes = Vec::new();
        for (id, address, used_bytes, used_messages, real_bytes, real_messages) in quota_rows {
            report.messages += real_messages.max(0) as u64;
            if used_bytes != real_bytes || used_messages != real_messages {
                report.problems.push(Problem {
                    kind: "quota",
                    detail: format!(
                        "{address}: counters say {used_bytes} bytes in {used_messages} \
                         messages, mailboxes hold {real_bytes} bytes in {real_messages}"
                    ),
                    repairable: true,
                    harmless: false,
                });
                quota_fixes.push((id, real_bytes, real_messages));
            }
        }

        type ContentRow = (i64, String, i64, i64, i64, bool);
        let contents: Vec<ContentRow> = self.db().read(|c| {
            let mut stmt = c.prepare(
                "SELECT ct.id, ct.blob, ct.size, ct.refs, \
                 (SELECT count(*) FROM messages m WHERE m.content_id = ct.id) + \
                 (SELECT count(*) FROM queue q WHERE q.content_id = ct.id) + \
                 (SELECT count(*) FROM quarantine z WHERE z.content_id = ct.id), \
                 EXISTS (SELECT 1 FROM inline_blobs i WHERE i.blob = ct.blob) FROM contents ct",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        report.contents = contents.len() as u64;
        let mut ref_fixes = Vec::new();
        for (id, hash, _, refs, real, _) in &contents {
            if refs != real {
                report.problems.push(Problem {
                    kind: "refs",
                    detail: format!("content {hash}: refs {refs}, referenced by {real}"),
                    repairable: true,
                    harmless: false,
                });
                ref_fixes.push((*id, *real));
            }
        }

        // Blob files against content rows; a small message is kept in the database instead
        // (blob::INLINE_MAX), its bytes checked against its name by --deep.
        let files: HashMap<String, u64> = self.blobs().list()?.into_iter().collect();
        report.blob_files = files.len() as u64;
        report.blob_bytes = files.values().sum();
        for (_, hash, size, _, real, inline) in &contents {
            if *inline {
                if deep {
                    let data = self.blob_bytes(hash)?;
                    if data.len() as i64 != *size || crate::blob::hash_hex(&data) != *hash {
                        report.problems.push(Problem {
                            kind: "damaged-blob",
                            detail: format!("content {hash}: stored bytes do not match its name"),
                            repairable: false,
                            harmless: false,
                        });
                    }
                }
                continue;
            }
            match files.get(hash) {
                None => report.problems.push(Problem {
                    kind: "missing-blob",
                    detail: format!(
                        "content {hash} ({size} bytes, in {real} mailbox(es)) has no blob file: \
                         restore the data directory from a backup"
                    ),
                    repairable: false,
                    harmless: false,
                }),
                Some(&on_disk) if on_disk != *size as u64 => report.problems.push(Problem {
                    kind: "damaged-blob",
                    detail: format!("blob {hash}: {on_disk} bytes on disk, {size} expected"),
                    repairable: false,
                    harmless: false,
                }),
                Some(_) if deep => {
                    let data = self.blobs().get(hash)?;
                    if crate::blob::hash_hex(&data) != *hash {
                        report.problems.push(Problem {
                            kind: "damaged-blob",
                            detail: format!("blob {hash}: content does not match its hash"),
                            repairable: false,
                            harmless: false,
                        });
                    }
                }
                Some(_) => {}
            }
        }
        let known: std::collections::HashSet<&str> =
            contents.iter().map(|(_, h, ..)| h.as_str()).collect();
        let orphans: Vec<String> = files
            .keys()
            .filter(|name| !known.contains(name.as_str()))
            .cloned()
            // A young temporary file may belong to a delivery in progress: not a leftover.
            .chain(self.blobs().leftovers()?)
            .collect();
        for name in &orphans {
            report.problems.push(Problem {
                kind: "orphan-blob",
                detail: format!(
                    "file {name} is not referenced by any message (left by an interrupted \
                     delivery)"
                ),
                repairable: true,
                harmless: true,
            });
        }

        // UID and MODSEQ counters must stay above what messages use.
        let counters: Vec<(i64, String, i64, i64, i64, i64)> = self.db().read(|c| {
            let mut stmt = c.prepare(
                "SELECT mb.id, a.address || ' ' || mb.name, mb.uidnext, mb.highest_modseq, \
                 coalesce(max(m.uid), 0), coalesce(max(m.modseq), 0) \
                 FROM mailboxes mb JOIN accounts a ON a.id = mb.account_id \
                 LEFT JOIN messages m ON m.mailbox_id = mb.id GROUP BY mb.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        let mut counter_fixes = Vec::new();
        for (id, name, uidnext, modseq, max_uid, max_modseq) in counters {
            if uidnext <= max_uid || modseq < max_modseq {
                report.problems.push(Problem {
                    kind: "counters",
                    detail: format!(
                        "mailbox {name}: uidnext {uidnext} / highest_modseq {modseq}, messages \
                         use uid {max_uid} / modseq {max_modseq}"
                    ),
                    repairable: true,
                    harmless: false,
                });
                counter_fixes.push((id, uidnext.max(max_uid + 1), modseq.max(max_modseq)));
            }
        }

        if repair && report.problems.iter().any(|p| p.repairable) {
            self.db().write(move |ctx| {
                for (id, bytes, messages) in quota_fixes {
                    ctx.conn.execute(
                        "UPDATE accounts SET used_bytes = ?1, used_messages = ?2 WHERE id = ?3",
                        params![bytes, messages, id],
                    )?;
                }
                for (id, refs) in ref_fixes {
                    if refs == 0 {
                        let (hash, indexed): (String, bool) = ctx.conn.query_row(
                            "DELETE FROM contents WHERE id = ?1 RETURNING blob, indexed",
                            [id],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )?;
                        crate::search::unindex_content(ctx.conn, id, indexed)?;
                        ctx.forget_index(id);
                        ctx.remove_blob_after_commit(hash);
                    } else {
                        ctx.conn.execute(
                            "UPDATE contents SET refs = ?1 WHERE id = ?2",
                            params![refs, id],
                        )?;
                    }
                }
                for (id, uidnext, modseq) in counter_fixes {
                    ctx.conn.execute(
                        "UPDATE mailboxes SET uidnext = ?1, highest_modseq = ?2 WHERE id = ?3",
                        params![uidnext, modseq, id],
                    )?;
                }
                Ok(())
            })?;
            // Orphan blobs go through the writer's post-commit removal, which re-checks that
            // no delivery claimed the same content meanwhile. Stale temporary files are
            // nobody's.
            let (hashes, temps): (Vec<String>, Vec<String>) = orphans
                .into_iter()
                .partition(|name| crate::blob::is_hash(name));
            self.db().write(move |ctx| {
                for hash in hashes {
                    ctx.remove_blob_after_commit(hash);
                }
                Ok(())
            })?;
            for name in temps {
                self.blobs().remove_leftover(&name)?;
            }
            report.repaired = true;
        }
        Ok(report)
    }
}

/// Point-in-time figures for monitoring (the metrics endpoint).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Gauges {
    pub accounts: u64,
    pub messages: u64,
    /// Bytes charged to accounts (a message counts once per mailbox holding it).
    pub used_bytes: u64,
    /// Bytes of distinct message files.
    pub blob_bytes: u64,
    /// Accounts at 90% of their storage quota or more.
    pub near_full_accounts: u64,
    pub queue_messages: u64,
    /// Age of the oldest queued message, in seconds (0 when the queue is empty).
    pub queue_oldest_age: u64,
    pub quarantined: u64,
}

impl SqliteBackend {
    pub fn gauges(&self) -> Result<Gauges> {
        self.db().read(|c| {
            let n = |sql: &str| -> Result<u64> {
                Ok(c.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))?
                    .unwrap_or(0)
                    .max(0) as u64)
            };
            let now = crate::now();
            Ok(Gauges {
                accounts: n("SELECT count(*) FROM accounts WHERE status != 'removed'")?,
                messages: n("SELECT sum(used_messages) FROM accounts")?,
                used_bytes: n("SELECT sum(used_bytes) FROM accounts")?,
                blob_bytes: n("SELECT sum(size) FROM contents")?,
                near_full_accounts: n("SELECT count(*) FROM accounts WHERE quota_bytes > 0 \
                     AND used_bytes * 10 >= quota_bytes * 9")?,
                queue_messages: n("SELECT count(*) FROM queue")?,
                queue_oldest_age: n(&format!("SELECT {now} - min(created_at) FROM queue"))?,
                quarantined: n("SELECT count(*) FROM quarantine")?,
            })
        })
    }
}
