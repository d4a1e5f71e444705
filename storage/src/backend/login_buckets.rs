//! Login throttling state that several nodes share (issue 23: "a brute force spread over
//! nodes is still throttled"). Not one of [`Backend`](super::Backend)'s groups: a one-node
//! backend (SQLite) has none, and the throttle keeps its counts in memory; a multi-node
//! backend (PostgreSQL) offers it through [`Store::login_buckets`](crate::Store::login_buckets).
//!
//! A bucket is one number, the time (milliseconds since the Unix epoch, wall clock: the
//! nodes' clocks are kept in step by NTP) at which it will be empty, as the throttle's leaky
//! buckets are ("GCRA's theoretical arrival time"). A missing bucket is empty (time 0). Each
//! method is atomic on its own, across nodes: the throttle builds a reservation out of them,
//! giving back what it took when a later step refuses.

use crate::Result;

/// The outcome of [`LoginBuckets::bucket_take`]: the bucket's time the decision was made on
/// (`max(empty_at, floor)`), and whether the amount was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Added: the bucket now empties `add` later than `base`.
    Taken { base_ms: i64 },
    /// Not added: `base` was more than `cap` ahead of now.
    Full { base_ms: i64 },
}

/// Leaky buckets and the networks each account logged in from, shared by every node.
pub trait LoginBuckets: Send + Sync {
    /// Atomically: `base = max(empty_at, floor_ms)`; if `base - now_ms <= cap_ms`, the bucket
    /// becomes `base + add_ms` and the answer is `Taken`, else it is unchanged and `Full`.
    /// (A bucket of `burst` failures of `interval` each: `floor = now`, `add = interval`,
    /// `cap = interval × (burst − 1)`; a queue of turns `spacing` apart starting no sooner
    /// than `now + delay`: `floor = now + delay`, `add = spacing`, `cap = max_wait`.)
    fn bucket_take(
        &self,
        key: &str,
        now_ms: i64,
        floor_ms: i64,
        add_ms: i64,
        cap_ms: i64,
    ) -> Result<Take>;

    /// Gives one `interval_ms` back: `empty_at = max(empty_at − interval_ms, now_ms)`. A
    /// missing bucket stays missing.
    fn bucket_give_back(&self, key: &str, now_ms: i64, interval_ms: i64) -> Result<()>;

    /// Empties the bucket.
    fn bucket_clear(&self, key: &str) -> Result<()>;

    /// Whether `account` logged in successfully from `network` at or after `since_ms`.
    fn network_known(&self, account: &str, network: &str, since_ms: i64) -> Result<bool>;

    /// Records a successful login to `account` from `network` at `at_ms`, keeping only the
    /// `keep` networks seen most recently for that account.
    fn network_seen(&self, account: &str, network: &str, at_ms: i64, keep: usize) -> Result<()>;
}
