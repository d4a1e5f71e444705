//! Usage counters on PostgreSQL, and the flush of everything a node buffers (see `buffer`).
//!
//! Every node counts in memory and flushes once a second. A counter is only ever written as
//! an increment of the stored value (`ON CONFLICT … DO UPDATE SET n = n + excluded.n`, and
//! `active_days = active_days | bit`), so two nodes flushing the same account's day at once
//! both land: PostgreSQL applies the second on top of the first after the first's row lock
//! is released, never from a value read before it. Rows are written in key order, so two
//! flushes cannot deadlock on each other's rows.

use std::collections::{BTreeMap, HashMap};

use tokio_postgres::Row;

use super::pool::Queries;

use super::buffer::{Entry, Taken};
use super::{PgBackend, pg_write};
use crate::backend::Usage;
use crate::error::{Result, StorageError};
use crate::types::AccountId;
use crate::usage::{activity_ranges, first_day, month_of};
use crate::{AccountActivity, ErrorKind, UsageCounter, UsageDay, UsageTotals};

/// Adds `n` to one counter of one account's day and month, as SQLite's `usage::add`.
async fn add(
    c: &impl Queries,
    account: AccountId,
    day: i64,
    counter: UsageCounter,
    n: u64,
) -> super::PgResult<()> {
    let column = counter.column();
    let n = n.min(i64::MAX as u64) as i64;
    c.execute(
        &format!(
            "INSERT INTO usage_daily (day, account_id, {column}) VALUES ($1, $2, $3) \
             ON CONFLICT (day, account_id) DO UPDATE \
             SET {column} = usage_daily.{column} + excluded.{column}"
        ),
        &[&day, &account, &n],
    )
    .await?;
    let (month, day_of_month) = month_of(day);
    let bit: i64 = if counter.makes_active() && n > 0 {
        1 << (day_of_month - 1)
    } else {
        0
    };
    c.execute(
        &format!(
            "INSERT INTO usage_monthly (month, account_id, active_days, {column}) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (month, account_id) DO UPDATE SET \
             active_days = usage_monthly.active_days | excluded.active_days, \
             {column} = usage_monthly.{column} + excluded.{column}"
        ),
        &[&month, &account, &bit, &n],
    )
    .await?;
    Ok(())
}

/// The nine counters from column `first` on, in table order.
fn totals(r: &Row, first: usize) -> UsageTotals {
    let n = |i: usize| r.get::<_, i64>(first + i).max(0) as u64;
    UsageTotals {
        logins_imap: n(0),
        logins_pop3: n(1),
        logins_smtp: n(2),
        logins_sieve: n(3),
        sent: n(4),
        received: n(5),
        official_sent: n(6),
        official_received: n(7),
        secret_refused: n(8),
    }
}

/// How many flushes a receipt from another server waits through for its document (which
/// another node may still hold in its buffer: written within its next second).
const RECEIPT_TRIES: u8 = 5;

/// Counts sorted by (day, account, counter): one order for every node's flush.
fn ordered(
    counts: &HashMap<(AccountId, i64, UsageCounter), u64>,
) -> BTreeMap<(i64, AccountId, u8), (UsageCounter, u64)> {
    counts
        .iter()
        .map(|(&(account, day, counter), &n)| ((day, account, counter as u8), (counter, n)))
        .collect()
}

/// How often a node sweeps the blobs whose last reference went more than
/// [`super::BLOB_SWEEP_DELAY_SECS`] ago.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

impl PgBackend {
    /// A thread that renews this node's queue leases when due (the heartbeat, see `queue`),
    /// writes what this node buffered every second (the held search index rows too), and sweeps unreferenced blobs at its
    /// first turn and every [`SWEEP_EVERY`] after; it ends with the backend.
    pub(crate) fn start_flusher(&self) -> Result<()> {
        let weak = std::sync::Arc::downgrade(&self.inner);
        std::thread::Builder::new()
            .name("storage-pg-flush".into())
            .spawn(move || {
                let mut last_sweep: Option<std::time::Instant> = None;
                loop {
                    std::thread::sleep(crate::usage::FLUSH_EVERY);
                    let Some(inner) = weak.upgrade() else { return };
                    let backend = PgBackend {
                        inner,
                        claim: crate::space::Claim::Incoming,
                    };
                    // First, so that a long sweep or flush never delays it.
                    match backend.renew_queue_leases() {
                        Ok(()) => {}
                        Err(StorageError::WriterGone) => return,
                        Err(e) => tracing::warn!(error = %e, "queue leases not renewed"),
                    }
                    // Every node sweeps: the sweep is safe across nodes (see sweep_blobs).
                    if last_sweep.is_none_or(|t| t.elapsed() >= SWEEP_EVERY) {
                        last_sweep = Some(std::time::Instant::now());
                        match backend.sweep_blobs(super::BLOB_SWEEP_DELAY_SECS) {
                            Ok(0) => {}
                            Ok(n) => tracing::info!(removed = n, "unreferenced blobs swept"),
                            Err(StorageError::WriterGone) => return,
                            Err(e) => tracing::warn!(error = %e, "unreferenced blobs not swept"),
                        }
                    }
                    if let Err(StorageError::WriterGone) = backend.index_held() {
                        return;
                    }
                    match backend.fill_trigrams() {
                        Ok(_) => {}
                        Err(StorageError::WriterGone) => return,
                        Err(e) => tracing::warn!(error = %e, "search index trigrams not filled"),
                    }
                    if let Err(e) = backend.flush_buffers() {
                        if matches!(e, StorageError::WriterGone) {
                            return;
                        }
                        tracing::warn!(error = %e, "usage counters and register not written");
                    }
                }
            })
            .map_err(|e| StorageError::io("starting the usage counter thread", e))?;
        Ok(())
    }

    /// Writes what this node buffered (usage counts, register entries with their tracking
    /// rows, receipts, recallable documents, TLS results) in one transaction. On a failure
    /// the database may recover from (a lost connection, a failover), what was taken goes
    /// back into the buffer for the next flush; on any other, it is dropped with the error
    /// (as SQLite's flush does), so that one bad entry cannot block every later one.
    pub(crate) fn flush_buffers(&self) -> Result<()> {
        let _one_at_a_time = super::buffer::lock(&self.domain().flushing);
        let taken = self.domain().take();
        if taken.is_empty() {
            return Ok(());
        }
        match self.write_taken(&taken) {
            Ok((receipts_owed, follow_ups, retry)) => {
                for entry in retry {
                    self.domain().push(entry);
                }
                if receipts_owed {
                    self.receipts_notify().notify_one();
                }
                if follow_ups {
                    self.domain().follow_ups.notify_one();
                }
                Ok(())
            }
            Err(e) => {
                if e.kind() == ErrorKind::Unavailable && !matches!(e, StorageError::WriterGone) {
                    self.domain().put_back(taken);
                }
                Err(e)
            }
        }
    }

    fn write_taken(&self, taken: &Taken) -> Result<(bool, bool, Vec<Entry>)> {
        let counts = ordered(&taken.counts);
        let mut tls: Vec<_> = taken.tls.iter().collect();
        tls.sort();
        // Owned copies for the transaction's future (which may run twice: it borrows them).
        let entries = taken.entries.clone();
        let tls: Vec<_> = tls.into_iter().map(|(k, n)| (k.clone(), *n)).collect();
        pg_write!(self, |tx, notes| {
            for (&(day, account, _), &(counter, n)) in &counts {
                add(&tx, account, day, counter, n).await?;
            }
            let mut receipts_owed = false;
            let mut follow_ups = false;
            let mut retry: Vec<Entry> = Vec::new();
            for entry in &entries {
                match entry {
                    Entry::Document(d, tracking) => {
                        receipts_owed |=
                            super::register::insert(&tx, d, tracking.as_deref()).await?;
                        follow_ups |= tracking.as_ref().is_some_and(|t| t.follow_up.is_some());
                    }
                    Entry::Receipt(r, tries) => {
                        match super::register::apply_receipt(&tx, r).await? {
                            Some(changed) => tracing::info!(
                                changed,
                                message_id = %r.original_message_id,
                                "receipt from another server recorded"
                            ),
                            // Its document may wait in another node's buffer: again with
                            // the next flushes, a few times.
                            None if *tries < RECEIPT_TRIES => {
                                retry.push(Entry::Receipt(r.clone(), tries + 1))
                            }
                            None => tracing::info!(
                                message_id = %r.original_message_id,
                                "receipt from another server for no document of ours"
                            ),
                        }
                    }
                    Entry::Recallable(d) => super::recall::insert_recallable(&tx, d).await?,
                }
            }
            for ((day, domain, policy_type, policy_string, mx_host, result_type, ip), n) in &tls {
                let n = (*n).min(i64::MAX as u64) as i64;
                tx.execute(
                    "INSERT INTO tls_report_results (day, domain, policy_type, policy_string, \
                     mx_host, result_type, receiving_ip, count) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (day, domain, policy_type, policy_string, mx_host, \
                     result_type, receiving_ip) \
                     DO UPDATE SET count = tls_report_results.count + excluded.count",
                    &[
                        day,
                        domain,
                        policy_type,
                        policy_string,
                        mx_host,
                        result_type,
                        ip,
                        &n,
                    ],
                )
                .await?;
            }
            Ok((receipts_owed, follow_ups, retry))
        })
    }
}

impl Usage for PgBackend {
    fn count(&self, account: AccountId, counter: UsageCounter, n: u64) {
        self.domain()
            .count(account, crate::vn_day(crate::now()), counter, n);
    }

    fn flush_usage(&self) -> Result<()> {
        self.flush_buffers()
    }

    fn add_usage(&self, day: i64, counts: Vec<(AccountId, UsageCounter, u64)>) -> Result<()> {
        pg_write!(self, |tx, notes| {
            for &(account, counter, n) in &counts {
                add(&tx, account, day, counter, n).await?;
            }
            Ok(())
        })
    }

    fn usage_between(&self, from: i64, to: i64) -> Result<Vec<UsageDay>> {
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT account_id, day, logins_imap, logins_pop3, logins_smtp, \
                     logins_sieve, sent, received, official_sent, official_received, \
                     secret_refused FROM usage_daily WHERE day BETWEEN $1 AND $2 \
                     ORDER BY account_id, day",
                    &[&from, &to],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| UsageDay {
                    account: r.get(0),
                    day: r.get(1),
                    totals: totals(r, 2),
                })
                .collect())
        })
    }

    fn usage_activity(&self, from: i64, to: i64) -> Result<Vec<AccountActivity>> {
        let days = to - from + 1;
        if days <= 0 {
            return Ok(Vec::new());
        }
        let (whole_from, whole_to, daily) = activity_ranges(from, to);
        self.run(move |pool| async move {
            let mut c = pool.get().await?;
            // One snapshot: the months and the days around them are read as of one moment.
            let tx = c.snapshot().await?;
            let mut by_account: HashMap<AccountId, AccountActivity> = HashMap::new();
            if whole_from <= whole_to {
                let rows = tx
                    .query(
                        "SELECT month, account_id, active_days, logins_imap, logins_pop3, \
                         logins_smtp, logins_sieve, sent, received, official_sent, \
                         official_received, secret_refused \
                         FROM usage_monthly WHERE month BETWEEN $1 AND $2",
                        &[&whole_from, &whole_to],
                    )
                    .await?;
                for r in &rows {
                    let (month, account, bits): (i64, AccountId, i64) =
                        (r.get(0), r.get(1), r.get(2));
                    let a = by_account
                        .entry(account)
                        .or_insert_with(|| AccountActivity::new(account, days));
                    a.totals.add(&totals(r, 3));
                    a.set_days(first_day(month) - from, bits as u64 & 0x7fff_ffff);
                }
            }
            for (a, b) in daily.into_iter().filter(|(a, b)| a <= b) {
                let rows = tx
                    .query(
                        "SELECT day, account_id, logins_imap, logins_pop3, logins_smtp, \
                         logins_sieve, sent, received, official_sent, official_received, \
                         secret_refused FROM usage_daily WHERE day BETWEEN $1 AND $2",
                        &[&a, &b],
                    )
                    .await?;
                for r in &rows {
                    let (day, account): (i64, AccountId) = (r.get(0), r.get(1));
                    let t = totals(r, 2);
                    let entry = by_account
                        .entry(account)
                        .or_insert_with(|| AccountActivity::new(account, days));
                    entry.totals.add(&t);
                    if t.active() {
                        entry.set_days(day - from, 1);
                    }
                }
            }
            tx.commit().await?;
            let mut all: Vec<AccountActivity> = by_account.into_values().collect();
            all.sort_by_key(|a| a.account);
            Ok(all)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    #[allow(unused_imports)]
    use crate::backend::*;
    use crate::postgres::domain_tests::{backend, node, person};

    /// Three nodes count the same account's day at once and flush as they go: every
    /// increment lands (none read-modify-written over another node's).
    #[test]
    fn counts_from_several_nodes_are_never_lost() {
        let Some((pg, dir, a)) = backend() else {
            return;
        };
        let an = person(&a, "an");
        let nodes = [a.clone(), node(&pg, &dir), node(&pg, &dir)];
        std::thread::scope(|s| {
            for n in &nodes {
                s.spawn(move || {
                    for i in 0..50 {
                        n.count(an, UsageCounter::LoginImap, 1);
                        n.count(an, UsageCounter::Sent, 2);
                        if i % 5 == 0 {
                            n.flush_usage().unwrap();
                        }
                    }
                    n.add_usage(
                        crate::vn_day(crate::now()),
                        vec![(an, UsageCounter::Received, 1)],
                    )
                    .unwrap();
                    n.flush_usage().unwrap();
                });
            }
        });
        let today = crate::vn_day(crate::now());
        let days = a.usage_between(today, today).unwrap();
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].totals.logins_imap, 150);
        assert_eq!(days[0].totals.sent, 300);
        assert_eq!(days[0].totals.received, 3);
        // The month's totals agree, and the day is marked active.
        let (month, _) = month_of(today);
        let first = first_day(month);
        let last = first_day(month + 1) - 1;
        let activity = a.usage_activity(first, last).unwrap();
        assert_eq!(activity.len(), 1);
        assert_eq!(activity[0].totals.logins_imap, 150);
        assert!(activity[0].active_on(today - first));
        // Read across a month boundary, partly from days: the same sums.
        let across = a.usage_activity(first - 3, last).unwrap();
        assert_eq!(across[0].totals.sent, 300);
        assert!(across[0].active_on(today - first + 3));
        assert!(a.usage_activity(5, 4).unwrap().is_empty());
    }
}
