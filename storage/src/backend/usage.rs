//! Usage counters per account per day (logins, messages sent and received): the raw material of the reports.

use crate::{AccountActivity, AccountId, Result, UsageCounter, UsageDay};

/// Usage counters per account per day (logins, messages sent and received): the raw material of the reports.
pub trait Usage: Send + Sync {
    /// Counts an event now (Vietnam-time day of `storage::now()`); written within a second.
    fn count(&self, account: AccountId, counter: UsageCounter, n: u64);

    /// Writes the buffered counts (the flusher does this every second; also at shutdown).
    fn flush_usage(&self) -> Result<()>;

    /// Adds `n` to counters of `(account, day)`; `day` is `types::vn_day` of the event time.
    fn add_usage(&self, day: i64, counts: Vec<(AccountId, UsageCounter, u64)>) -> Result<()>;

    /// Counters of every account for days in `from..=to`.
    fn usage_between(&self, from: i64, to: i64) -> Result<Vec<UsageDay>>;

    /// Every account's use of the days `from..=to` (accounts without any counter are absent),
    /// ordered by account. Whole months are read from the monthly totals, so a year costs 12
    /// rows per account; the partial months at either end come from the daily counters.
    fn usage_activity(&self, from: i64, to: i64) -> Result<Vec<AccountActivity>>;
}
