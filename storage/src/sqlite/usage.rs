//! Per-account, per-day usage counters: the raw material of the usage reports (issue 6).
//! Counting goes through the writer like any write, so it batches with deliveries.

use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::params;

use crate::error::Result;
use crate::sqlite::SqliteBackend;
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
    /// Whether the event makes the account "active" that day: a login by any protocol, or
    /// mail sent (the usage report's definition).
    pub(crate) fn makes_active(self) -> bool {
        matches!(
            self,
            UsageCounter::LoginImap
                | UsageCounter::LoginPop3
                | UsageCounter::LoginSmtp
                | UsageCounter::LoginSieve
                | UsageCounter::Sent
        )
    }

    pub(crate) fn column(self) -> &'static str {
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
    #[serde(flatten)]
    pub totals: UsageTotals,
}

/// Counts waiting to be written: logins and deliveries only touch this map, and one write a
/// second (or at shutdown) stores them all, so counting never adds an fsync to a login or a
/// delivery. A crash loses at most the last second of counts, never mail.
/// A register entry waiting to be written, with its recipients' rows when tracked.
type TrackedEntry = (
    crate::register::NewDocument,
    Option<crate::tracking::Tracking>,
);

#[derive(Default)]
pub(crate) struct UsageBuffer {
    pending: Mutex<HashMap<(AccountId, i64, UsageCounter), u64>>,
    documents: Mutex<Vec<TrackedEntry>>,
    /// Receipts from other servers, applied after the entries buffered before them.
    receipts: Mutex<Vec<crate::tracking::ReceiptReport>>,
    /// Official documents as recall needs them (`recall_documents`).
    recallables: Mutex<Vec<crate::recall::RecallableDocument>>,
}

impl UsageBuffer {
    fn take(&self) -> HashMap<(AccountId, i64, UsageCounter), u64> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn take_documents(&self) -> Vec<TrackedEntry> {
        std::mem::take(&mut *self.documents.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn take_receipts(&self) -> Vec<crate::tracking::ReceiptReport> {
        std::mem::take(&mut *self.receipts.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn push_receipt(&self, r: crate::tracking::ReceiptReport) {
        self.receipts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(r);
    }

    pub(crate) fn push_recallable(&self, d: crate::recall::RecallableDocument) {
        self.recallables
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(d);
    }

    fn take_recallables(&self) -> Vec<crate::recall::RecallableDocument> {
        std::mem::take(&mut *self.recallables.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub(crate) fn push_document(&self, d: crate::register::NewDocument) {
        self.push_tracked_document(d, None);
    }

    pub(crate) fn push_tracked_document(
        &self,
        d: crate::register::NewDocument,
        tracking: Option<crate::tracking::Tracking>,
    ) {
        self.documents
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((d, tracking));
    }
}

/// Adds `n` to one counter of one account's day, and to its month (with the day's bit in
/// the month's activity map when the counter makes the account active).
fn add(
    conn: &rusqlite::Connection,
    account: AccountId,
    day: i64,
    counter: UsageCounter,
    n: u64,
) -> Result<()> {
    let column = counter.column();
    conn.prepare_cached(&format!(
        "INSERT INTO usage_daily (day, account_id, {column}) VALUES (?1, ?2, ?3) \
         ON CONFLICT (day, account_id) DO UPDATE SET {column} = {column} + ?3"
    ))?
    .execute(params![day, account, n as i64])?;
    let (month, day_of_month) = month_of(day);
    let bit: i64 = if counter.makes_active() && n > 0 {
        1 << (day_of_month - 1)
    } else {
        0
    };
    conn.prepare_cached(&format!(
        "INSERT INTO usage_monthly (month, account_id, active_days, {column}) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (month, account_id) DO UPDATE SET \
         active_days = active_days | ?3, {column} = {column} + ?4"
    ))?
    .execute(params![month, account, bit, n as i64])?;
    Ok(())
}

/// The month key of `usage_monthly` (year * 12 + month - 1) and the day of the month (1..=31)
/// of a Vietnam-time day number.
pub fn month_of(day: i64) -> (i64, u32) {
    let t = crate::VnTime::from_unix(day * 86_400);
    (t.year * 12 + i64::from(t.month) - 1, t.day)
}

/// The first day number of a month key.
pub(crate) fn first_day(month: i64) -> i64 {
    crate::days_from_civil(month.div_euclid(12), (month.rem_euclid(12) + 1) as u32, 1)
}

/// How `usage_activity` reads `from..=to`: the whole months `whole_from..=whole_to` from the
/// monthly totals (none when `whole_from > whole_to`), and the day ranges around them from the
/// daily counters.
pub(crate) fn activity_ranges(from: i64, to: i64) -> (i64, i64, Vec<(i64, i64)>) {
    let (first_month, first_dom) = month_of(from);
    let (last_month, _) = month_of(to);
    let whole_from = if first_dom == 1 {
        first_month
    } else {
        first_month + 1
    };
    let whole_to = if month_of(to + 1).1 == 1 {
        last_month
    } else {
        last_month - 1
    };
    // The days read one by one: everything, or the edges around the whole months.
    let daily: Vec<(i64, i64)> = if whole_from > whole_to {
        vec![(from, to)]
    } else {
        vec![
            (from, first_day(whole_from) - 1),
            (first_day(whole_to + 1), to),
        ]
    };
    (whole_from, whole_to, daily)
}

/// How often buffered counts are written.
pub(crate) const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl SqliteBackend {
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
        // Taken after the documents: a receipt buffered after its document is applied after it.
        let receipts = self.usage_buffer().take_receipts();
        let recallables = self.usage_buffer().take_recallables();
        if pending.is_empty()
            && documents.is_empty()
            && receipts.is_empty()
            && recallables.is_empty()
        {
            return Ok(());
        }
        let receipts_owed = self.db().write(move |ctx| {
            for ((account, day, counter), n) in pending {
                add(ctx.conn, account, day, counter, n)?;
            }
            let mut receipts_owed = false;
            for (d, tracking) in &documents {
                receipts_owed |= crate::register::insert(ctx.conn, d, tracking.as_ref())?;
            }
            for d in &recallables {
                crate::recall::insert_recallable(ctx.conn, d)?;
            }
            let follow_ups = documents
                .iter()
                .any(|(_, t)| t.as_ref().is_some_and(|t| t.follow_up.is_some()));
            for r in &receipts {
                let changed = crate::tracking::apply_receipt(ctx.conn, r)?;
                tracing::info!(
                    changed,
                    message_id = %r.original_message_id,
                    "receipt from another server recorded"
                );
            }
            Ok((receipts_owed, follow_ups))
        })?;
        let (receipts_owed, follow_ups) = receipts_owed;
        if receipts_owed {
            self.receipts_notify().notify_one();
        }
        if follow_ups {
            self.inner.follow_ups.notify_one();
        }
        Ok(())
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
                Ok(UsageDay {
                    account: r.get(0)?,
                    day: r.get(1)?,
                    totals: UsageTotals::read(r, 2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

/// Counter totals over some days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct UsageTotals {
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

impl UsageTotals {
    /// The nine counters from column `first` on, in table order.
    fn read(row: &rusqlite::Row, first: usize) -> rusqlite::Result<UsageTotals> {
        let n = |i: usize| row.get::<_, i64>(first + i).map(|v| v.max(0) as u64);
        Ok(UsageTotals {
            logins_imap: n(0)?,
            logins_pop3: n(1)?,
            logins_smtp: n(2)?,
            logins_sieve: n(3)?,
            sent: n(4)?,
            received: n(5)?,
            official_sent: n(6)?,
            official_received: n(7)?,
            secret_refused: n(8)?,
        })
    }

    pub fn add(&mut self, o: &UsageTotals) {
        self.logins_imap += o.logins_imap;
        self.logins_pop3 += o.logins_pop3;
        self.logins_smtp += o.logins_smtp;
        self.logins_sieve += o.logins_sieve;
        self.sent += o.sent;
        self.received += o.received;
        self.official_sent += o.official_sent;
        self.official_received += o.official_received;
        self.secret_refused += o.secret_refused;
    }

    /// Logged in by any protocol, or sent mail: what makes a day active.
    pub fn active(&self) -> bool {
        self.logins_imap + self.logins_pop3 + self.logins_smtp + self.logins_sieve + self.sent > 0
    }
}

/// One account's use of a period: its totals, and the days it was active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountActivity {
    pub account: AccountId,
    pub totals: UsageTotals,
    /// Bit i is set when the account was active on day `from + i` of the period.
    pub active_days: Vec<u64>,
}

impl AccountActivity {
    /// An account with no use yet of a period of `days` days.
    pub fn new(account: AccountId, days: i64) -> AccountActivity {
        AccountActivity {
            account,
            totals: UsageTotals::default(),
            active_days: vec![0; (days.max(0) as usize).div_ceil(64)],
        }
    }

    pub(crate) fn set_days(&mut self, offset: i64, bits: u64) {
        if bits == 0 || offset < 0 {
            return;
        }
        let (word, shift) = ((offset / 64) as usize, (offset % 64) as u32);
        if let Some(w) = self.active_days.get_mut(word) {
            *w |= bits << shift;
        }
        if shift > 0
            && let Some(w) = self.active_days.get_mut(word + 1)
        {
            *w |= bits >> (64 - shift);
        }
    }

    /// Marks day `from + offset` of the period as active.
    pub fn mark_active(&mut self, offset: i64) {
        self.set_days(offset, 1);
    }

    pub fn active_on(&self, offset: i64) -> bool {
        offset >= 0
            && self
                .active_days
                .get((offset / 64) as usize)
                .is_some_and(|w| w >> (offset % 64) & 1 == 1)
    }

    /// Whether the account was active on any day of the period.
    pub fn any_active(&self) -> bool {
        self.active_days.iter().any(|&w| w != 0)
    }

    /// In how many weeks (7-day blocks counted from day offset `start`, over `len` days) the
    /// account was active at least once.
    pub fn active_weeks(&self, start: i64, len: i64) -> u64 {
        (0..(len.max(0) + 6) / 7)
            .filter(|w| {
                let first = start + w * 7;
                (first..(first + 7).min(start + len)).any(|d| self.active_on(d))
            })
            .count() as u64
    }
}

impl SqliteBackend {
    /// Every account's use of the days `from..=to` (accounts without any counter are absent),
    /// ordered by account. Whole months are read from the monthly totals, so a year costs 12
    /// rows per account; the partial months at either end come from the daily counters.
    pub fn usage_activity(&self, from: i64, to: i64) -> Result<Vec<AccountActivity>> {
        let days = to - from + 1;
        if days <= 0 {
            return Ok(Vec::new());
        }
        let (whole_from, whole_to, daily) = activity_ranges(from, to);
        self.db().read(|conn| {
            let mut by_account: HashMap<AccountId, AccountActivity> = HashMap::new();
            if whole_from <= whole_to {
                let mut stmt = conn.prepare_cached(
                    "SELECT month, account_id, active_days, logins_imap, logins_pop3, \
                     logins_smtp, logins_sieve, sent, received, official_sent, \
                     official_received, secret_refused \
                     FROM usage_monthly WHERE month BETWEEN ?1 AND ?2",
                )?;
                let mut rows = stmt.query(params![whole_from, whole_to])?;
                while let Some(r) = rows.next()? {
                    let (month, account, bits): (i64, AccountId, i64) =
                        (r.get(0)?, r.get(1)?, r.get(2)?);
                    let a = by_account
                        .entry(account)
                        .or_insert_with(|| AccountActivity::new(account, days));
                    a.totals.add(&UsageTotals::read(r, 3)?);
                    a.set_days(first_day(month) - from, bits as u64 & 0x7fff_ffff);
                }
            }
            let mut stmt = conn.prepare_cached(
                "SELECT day, account_id, logins_imap, logins_pop3, logins_smtp, logins_sieve, \
                 sent, received, official_sent, official_received, secret_refused \
                 FROM usage_daily WHERE day BETWEEN ?1 AND ?2",
            )?;
            for (a, b) in daily.into_iter().filter(|(a, b)| a <= b) {
                let mut rows = stmt.query(params![a, b])?;
                while let Some(r) = rows.next()? {
                    let (day, account): (i64, AccountId) = (r.get(0)?, r.get(1)?);
                    let totals = UsageTotals::read(r, 2)?;
                    let entry = by_account
                        .entry(account)
                        .or_insert_with(|| AccountActivity::new(account, days));
                    entry.totals.add(&totals);
                    if totals.active() {
                        entry.set_days(day - from, 1);
                    }
                }
            }
            let mut all: Vec<AccountActivity> = by_account.into_values().collect();
            all.sort_by_key(|a| a.account);
            Ok(all)
        })
    }
}
