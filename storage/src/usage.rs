//! Per-account, per-day usage counters: the raw material of the usage reports (issue 6).
//! Counting goes through the writer like any write, so it batches with deliveries.

use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::params;

use crate::Store;
use crate::error::Result;
use crate::types::AccountId;

/// One counter of `usage_daily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UsageCounter {
    LoginImap,
    LoginPop3,
    LoginSmtp,
    LoginSieve,
    Sent,
    Received,
    OfficialSent,
    OfficialReceived,
    SecretRefused,
}

impl UsageCounter {
    fn column(self) -> &'static str {
        match self {
            UsageCounter::LoginImap => "logins_imap",
            UsageCounter::LoginPop3 => "logins_pop3",
            UsageCounter::LoginSmtp => "logins_smtp",
            UsageCounter::LoginSieve => "logins_sieve",
            UsageCounter::Sent => "sent",
            UsageCounter::Received => "received",
            UsageCounter::OfficialSent => "official_sent",
            UsageCounter::OfficialReceived => "official_received",
            UsageCounter::SecretRefused => "secret_refused",
        }
    }
}

/// One day of one account's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UsageDay {
    pub account: AccountId,
    pub day: i64,
    pub logins_imap: u64,
    pub logins_pop3: u64,
    pub logins_smtp: u64,
    pub logins_sieve: u64,
    pub sent: u64,
    pub received: u64,
    pub official_sent: u64,
    pub official_received: u64,
    pub secret_refused: u64,
}

/// Counts waiting to be written: logins and deliveries only touch this map, and one write a
/// second (or at shutdown) stores them all, so counting never adds an fsync to a login or a
/// delivery. A crash loses at most the last second of counts, never mail.
#[derive(Default)]
pub(crate) struct UsageBuffer {
    pending: Mutex<HashMap<(AccountId, i64, UsageCounter), u64>>,
    documents: Mutex<Vec<crate::register::NewDocument>>,
}

impl UsageBuffer {
    fn take(&self) -> HashMap<(AccountId, i64, UsageCounter), u64> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn take_documents(&self) -> Vec<crate::register::NewDocument> {
        std::mem::take(&mut *self.documents.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn push_document(&self, d: crate::register::NewDocument) {
        self.documents
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(d);
    }
}

/// Adds `n` to one counter of one account's day.
fn add(
    conn: &rusqlite::Connection,
    account: AccountId,
    day: i64,
    counter: UsageCounter,
    n: u64,
) -> Result<()> {
    let column = counter.column();
    conn.prepare_cached(&format!(
        "INSERT INTO usage_daily (account_id, day, {column}) VALUES (?1, ?2, ?3) \
         ON CONFLICT (account_id, day) DO UPDATE SET {column} = {column} + ?3"
    ))?
    .execute(params![account, day, n as i64])?;
    Ok(())
}

/// How often buffered counts are written.
pub(crate) const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Store {
    /// Counts an event now (Vietnam-time day of `storage::now()`); written within a second.
    pub fn count(&self, account: AccountId, counter: UsageCounter, n: u64) {
        let day = crate::vn_day(crate::now());
        *self
            .usage_buffer()
            .pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry((account, day, counter))
            .or_insert(0) += n;
    }

    /// Writes the buffered counts (the flusher does this every second; also at shutdown).
    pub fn flush_usage(&self) -> Result<()> {
        let pending = self.usage_buffer().take();
        let documents = self.usage_buffer().take_documents();
        if pending.is_empty() && documents.is_empty() {
            return Ok(());
        }
        self.db().write(move |ctx| {
            for ((account, day, counter), n) in pending {
                add(ctx.conn, account, day, counter, n)?;
            }
            documents
                .iter()
                .try_for_each(|d| crate::register::insert(ctx.conn, d))
        })
    }

    /// Adds `n` to counters of `(account, day)`; `day` is `types::vn_day` of the event time.
    pub fn add_usage(&self, day: i64, counts: Vec<(AccountId, UsageCounter, u64)>) -> Result<()> {
        self.db().write(move |ctx| {
            counts
                .into_iter()
                .try_for_each(|(account, counter, n)| add(ctx.conn, account, day, counter, n))
        })
    }

    /// Counters of every account for days in `from..=to`.
    pub fn usage_between(&self, from: i64, to: i64) -> Result<Vec<UsageDay>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT account_id, day, logins_imap, logins_pop3, logins_smtp, logins_sieve, \
                 sent, received, official_sent, official_received, secret_refused \
                 FROM usage_daily WHERE day BETWEEN ?1 AND ?2 ORDER BY account_id, day",
            )?;
            let rows = stmt.query_map(params![from, to], |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
                Ok(UsageDay {
                    account: r.get(0)?,
                    day: r.get(1)?,
                    logins_imap: n(2)?,
                    logins_pop3: n(3)?,
                    logins_smtp: n(4)?,
                    logins_sieve: n(5)?,
                    sent: n(6)?,
                    received: n(7)?,
                    official_sent: n(8)?,
                    official_received: n(9)?,
                    secret_refused: n(10)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}
