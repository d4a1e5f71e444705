//! [`LoginBuckets`] on PostgreSQL (migration 5): the login throttle's buckets in one table
//! every node updates, each step one atomic statement (a conditional `UPDATE … RETURNING`),
//! so that guesses spread over several nodes fill the same buckets.

use std::sync::atomic::{AtomicU32, Ordering};

use super::PgBackend;
use super::pool::Queries;
use crate::backend::{LoginBuckets, Take};
use crate::error::Result;

/// Every this many takes, buckets empty for a while are deleted (a spray of random names and
/// addresses must not grow the table without end).
const PRUNE_EVERY: u32 = 1024;

/// How long an empty bucket is kept before being pruned, in ms.
const PRUNE_AFTER_MS: i64 = 3600 * 1000;

static TAKES: AtomicU32 = AtomicU32::new(0);

impl LoginBuckets for PgBackend {
    fn bucket_take(
        &self,
        key: &str,
        now_ms: i64,
        floor_ms: i64,
        add_ms: i64,
        cap_ms: i64,
    ) -> Result<Take> {
        let key = key.to_string();
        let prune = TAKES.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1;
        self.read(move |client| async move {
            if prune {
                client
                    .execute(
                        "DELETE FROM login_buckets WHERE empty_at < $1",
                        &[&(now_ms - PRUNE_AFTER_MS)],
                    )
                    .await?;
            }
            // The row exists first (empty), so that the decision is one UPDATE: it locks the
            // row, and a concurrent take on another node waits, then decides on its result.
            // One statement: made and counted in together. As two (make the row if absent,
            // then count in it), a concurrent `bucket_clear` (another session's success)
            // could delete the row between them, and the count, finding no row, read as a
            // full bucket. An absent row is an empty one (`empty_at` 0, so GREATEST gives
            // the floor): the SELECT's condition is the UPDATE's for that row, and when it
            // fails for the floor it fails for any row too (GREATEST(…, floor) ≥ floor).
            let taken = client
                .query_opt(
                    "INSERT INTO login_buckets AS b (key, empty_at) \
                     SELECT $1::text, $2::bigint + $3::bigint WHERE $2::bigint - $4::bigint <= $5::bigint \
                     ON CONFLICT (key) DO UPDATE SET empty_at = GREATEST(b.empty_at, $2) + $3 \
                     WHERE GREATEST(b.empty_at, $2) - $4 <= $5 \
                     RETURNING b.empty_at - $3",
                    &[&key, &floor_ms, &add_ms, &now_ms, &cap_ms],
                )
                .await?;
            if let Some(row) = taken {
                return Ok(Take::Taken {
                    base_ms: row.get(0),
                });
            }
            let base: Option<i64> = client
                .query_opt(
                    "SELECT GREATEST(empty_at, $2) FROM login_buckets WHERE key = $1",
                    &[&key, &floor_ms],
                )
                .await?
                .map(|r| r.get(0));
            Ok(Take::Full {
                base_ms: base.unwrap_or(floor_ms),
            })
        })
    }

    fn bucket_give_back(&self, key: &str, now_ms: i64, interval_ms: i64) -> Result<()> {
        let key = key.to_string();
        self.read(move |client| async move {
            client
                .execute(
                    "UPDATE login_buckets SET empty_at = GREATEST(empty_at - $3, $2) \
                     WHERE key = $1",
                    &[&key, &now_ms, &interval_ms],
                )
                .await?;
            Ok(())
        })
    }

    fn bucket_clear(&self, key: &str) -> Result<()> {
        let key = key.to_string();
        self.read(move |client| async move {
            client
                .execute("DELETE FROM login_buckets WHERE key = $1", &[&key])
                .await?;
            Ok(())
        })
    }

    fn network_known(&self, account: &str, network: &str, since_ms: i64) -> Result<bool> {
        let (account, network) = (account.to_string(), network.to_string());
        self.read(move |client| async move {
            Ok(client
                .query_opt(
                    "SELECT 1 FROM login_networks \
                     WHERE account = $1 AND network = $2 AND seen_at >= $3",
                    &[&account, &network, &since_ms],
                )
                .await?
                .is_some())
        })
    }

    fn network_seen(&self, account: &str, network: &str, at_ms: i64, keep: usize) -> Result<()> {
        let (account, network) = (account.to_string(), network.to_string());
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        self.read(move |client| async move {
            client
                .execute(
                    "INSERT INTO login_networks (account, network, seen_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (account, network) \
                     DO UPDATE SET seen_at = GREATEST(login_networks.seen_at, $3)",
                    &[&account, &network, &at_ms],
                )
                .await?;
            client
                .execute(
                    "DELETE FROM login_networks WHERE account = $1 AND network NOT IN \
                     (SELECT network FROM login_networks WHERE account = $1 \
                      ORDER BY seen_at DESC, network LIMIT $2)",
                    &[&account, &keep],
                )
                .await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::postgres::PgConfig;
    use crate::postgres::testing::TestPostgres;

    /// Two nodes on one fresh database (and the database and blob directory they need kept
    /// alive); None when PostgreSQL is not installed.
    fn two_nodes() -> Option<(TestPostgres, tempfile::TempDir, PgBackend, PgBackend)> {
        let pg = TestPostgres::start()?;
        let blobs = tempfile::tempdir().unwrap();
        let config = PgConfig::new(pg.url());
        let a = PgBackend::open(&config, blobs.path()).unwrap();
        let b = PgBackend::open(&config, blobs.path()).unwrap();
        Some((pg, blobs, a, b))
    }

    /// Two nodes on one database take from one bucket: 10 places of a 10-failure bucket in
    /// all, whichever node asks; giving back and clearing are seen by both; concurrent takes
    /// from both nodes never overfill it.
    #[test]
    fn two_nodes_fill_one_bucket() {
        let Some((_pg, _blobs, a, b)) = two_nodes() else {
            return;
        };
        let now = 1_800_000_000_000i64;
        let (iv, cap) = (90_000, 90_000 * 9);
        let mut taken = 0;
        for i in 0..30 {
            let node = if i % 2 == 0 { &a } else { &b };
            if let Take::Taken { .. } = node.bucket_take("pair:x", now, now, iv, cap).unwrap() {
                taken += 1;
            }
        }
        assert_eq!(taken, 10);
        assert_eq!(
            a.bucket_take("pair:x", now, now, iv, cap).unwrap(),
            Take::Full {
                base_ms: now + 10 * iv
            }
        );
        b.bucket_give_back("pair:x", now, iv).unwrap();
        assert_eq!(
            a.bucket_take("pair:x", now, now, iv, cap).unwrap(),
            Take::Taken {
                base_ms: now + 9 * iv
            }
        );
        a.bucket_clear("pair:x").unwrap();
        assert_eq!(
            b.bucket_take("pair:x", now, now, iv, cap).unwrap(),
            Take::Taken { base_ms: now }
        );
        // A queue of turns: the first no sooner than now + 5 s, then 10 s apart, up to 60 s.
        let turns: Vec<Take> = (0..8)
            .map(|_| {
                a.bucket_take("turn:x", now, now + 5_000, 10_000, 60_000)
                    .unwrap()
            })
            .collect();
        assert_eq!(
            turns[0],
            Take::Taken {
                base_ms: now + 5_000
            }
        );
        assert_eq!(
            turns[5],
            Take::Taken {
                base_ms: now + 55_000
            }
        );
        assert_eq!(
            turns[6],
            Take::Full {
                base_ms: now + 65_000
            }
        );
        // Concurrent takes from both nodes.
        let taken = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let node = if i % 2 == 0 { a.clone() } else { b.clone() };
                    s.spawn(move || {
                        (0..5)
                            .filter(|_| {
                                matches!(
                                    node.bucket_take("source:y", now, now, iv, cap).unwrap(),
                                    Take::Taken { .. }
                                )
                            })
                            .count()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .sum::<usize>()
        });
        assert_eq!(taken, 10);
        // Known networks, the most recent `keep` kept.
        assert!(!a.network_known("an@x", "192.0.2.0", 0).unwrap());
        for (i, net) in ["n1", "n2", "n3"].iter().enumerate() {
            b.network_seen("an@x", net, now + i as i64, 2).unwrap();
        }
        assert!(
            !a.network_known("an@x", "n1", 0).unwrap(),
            "the oldest made room"
        );
        assert!(a.network_known("an@x", "n3", now).unwrap());
        assert!(
            !a.network_known("an@x", "n2", now + 5).unwrap(),
            "seen too long ago"
        );
    }

    /// A success clears its (account, source) bucket while another session of the same
    /// account from the same source takes from it (a mail client's several connections, a
    /// phone and a desktop behind one address): the take must never see the row vanish
    /// between making it and counting in it, which read as a full bucket, and refused a
    /// right password as "too many failed logins" (seen under imap_load on PostgreSQL).
    #[test]
    fn a_bucket_cleared_by_one_session_is_never_full_for_another() {
        let Some((_pg, _blobs, a, b)) = two_nodes() else {
            return;
        };
        let now = 1_800_000_000_000i64;
        let (iv, cap) = (90_000, 90_000 * 9);
        let full = std::thread::scope(|s| {
            let handles: Vec<_> = [a, b]
                .into_iter()
                .map(|node| {
                    s.spawn(move || {
                        (0..400)
                            .filter(|_| {
                                let take = node.bucket_take("pair:z", now, now, iv, cap).unwrap();
                                node.bucket_clear("pair:z").unwrap();
                                matches!(take, Take::Full { .. })
                            })
                            .count()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .sum::<usize>()
        });
        assert_eq!(
            full, 0,
            "takes refused as full while the bucket held at most two"
        );
    }
}
