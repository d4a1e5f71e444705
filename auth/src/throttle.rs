//! Throttling of password guessers, built so that a guesser cannot turn it against the
//! account's owner.
//!
//! Failures are counted in leaky buckets: each failure adds one, and the count drains steadily
//! (a limit of 10 per 15 minutes drains one every 90 seconds), so a typo now and then never
//! adds up however long a busy office shares one address, while a guesser is held to the
//! drain rate. Three buckets see every attempt:
//!
//! - **per (account, source)**: the guesses one source may make at one account. Past the
//!   limit that source's attempts at that account are refused at once, without checking
//!   the password, until the bucket drains below the limit. Only this source's own failures
//!   fill it, so nobody else can close it for the owner.
//! - **per source**: the guesses one source may make at all accounts together, so that
//!   spraying many names is bounded too. Past the limit the source is refused for every
//!   account. A success on account A from source X empties only the (A, X) bucket: X's
//!   failures at other accounts stay counted, so an insider cannot reset the count by logging
//!   in to their own account between guesses.
//! - **per account, from anywhere**: a distributed guesser (many sources) shows up only
//!   here. Past its threshold the account is *slowed down*, never locked: attempts from
//!   networks the account has not logged in from recently are answered one at a time, at
//!   most one per `spacing`, each waiting its turn (up to `max_wait`; an attempt that would
//!   wait longer is told to retry shortly). Attempts from a network where the account logged
//!   in successfully in the last `known_for` (30 days: the owner's office, home, phone
//!   carrier) skip this queue entirely, so the owner's own clients are never delayed by it.
//!
//! A source is one IPv4 address or one IPv6 /64 (a single host often holds a whole /64); a
//! known network is an IPv4 /24 or an IPv6 /64, so that the owner's DHCP lease may change.
//! The price: a guesser inside the owner's /24 also skips the account-wide queue, and is held
//! only by its own two buckets. Likewise everyone behind one shared address (an office NAT)
//! is one source: a machine there that keeps failing slows, then refuses, its neighbours too.
//! That is deliberate: exempting known accounts from the source limit would let an insider
//! spray guesses at every colleague who logs in from the same address.
//! Every attempt is counted when it starts, before its password is checked (a reservation):
//! concurrent attempts cannot all slip past a limit while the first ones are being checked.
//! A success gives its reservation back; a failure keeps it; so does an attempt abandoned
//! midway (the client hung up), while an attempt that storage could not answer gives it back.
//! After a few failures in a bucket, answers are also delayed (1, 2, 4, 8 s), which costs a
//! sequential guesser more than it costs a person who mistyped.
//!
//! The counts live in memory (one node: SQLite): a restart forgets them, and the known
//! networks with them. With several nodes on one store (PostgreSQL), [`Throttle::shared`]
//! keeps them in the store instead ([`storage::backend::LoginBuckets`]), so that guesses
//! spread over the nodes fill the same buckets. The rules are the same; only the
//! reservation is made of steps that are each atomic on the store (take from the (account,
//! source) bucket, then the source's, then the account's, then a turn in the slowdown),
//! each one given back when a later step refuses. Times there are wall-clock milliseconds,
//! so the nodes' clocks must agree (NTP), as they must for the queue's leases.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use storage::backend::{LoginBuckets, Take};

use crate::normalize;

/// One leaky bucket's settings: `burst` failures, draining at `burst` per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Failures held before attempts are refused (or, for the account, slowed down).
    pub burst: u32,
    /// How long a full bucket takes to drain.
    pub window: Duration,
    /// Failures before answers start to be delayed.
    pub free: u32,
}

impl Limit {
    /// The time one failure takes to drain.
    fn interval(&self) -> Duration {
        self.window / self.burst.max(1)
    }
}

/// Throttling settings; see the module documentation for what each does.
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Per (account, source).
    pub pair: Limit,
    /// Per source, over all accounts.
    pub source: Limit,
    /// Per account, from anywhere: past `burst`, the slowdown for unknown networks.
    pub account: Limit,
    /// During the account-wide slowdown, the least time between two attempts from networks
    /// the account has not logged in from recently.
    pub spacing: Duration,
    /// During the slowdown, the longest an attempt waits for its turn; one that would wait
    /// longer is refused with a temporary error.
    pub max_wait: Duration,
    /// The first delay after `free` failures; it doubles with each further failure.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// How long a network where the account logged in stays known for it.
    pub known_for: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        const WINDOW: Duration = Duration::from_secs(15 * 60);
        ThrottleConfig {
            pair: Limit {
                burst: 10,
                window: WINDOW,
                free: 3,
            },
            source: Limit {
                burst: 30,
                window: WINDOW,
                free: 10,
            },
            account: Limit {
                burst: 10,
                window: WINDOW,
                free: 10,
            },
            spacing: Duration::from_secs(10),
            max_wait: Duration::from_secs(60),
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(8),
            known_for: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// What to do with a login attempt before checking its password.
#[derive(Debug)]
pub enum Gate {
    /// Go ahead after `attempt.delay`; the attempt is counted already. Report its outcome
    /// with [`Throttle::succeeded`], [`Throttle::failed`] or [`Throttle::abandoned`].
    Proceed(Attempt),
    /// Refuse at once, without checking the password; try again after `retry_after`.
    Locked { retry_after: Duration },
    /// The shared state could not be reached (the store is down): nothing was counted; a
    /// temporary failure, not the user's fault.
    Unavailable(String),
}

impl Gate {
    pub fn is_locked(&self) -> bool {
        matches!(self, Gate::Locked { .. })
    }
}

/// An attempt that reserved its place in the buckets.
#[derive(Debug)]
#[must_use = "report the outcome to the throttle"]
pub struct Attempt {
    /// How long to wait before checking the password.
    pub delay: Duration,
    account: String,
    source: Source,
    network: Network,
}

/// Where failures are counted: an IPv4 address or an IPv6 /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Source(IpAddr);

/// What counts as the same network for the owner: an IPv4 /24 or an IPv6 /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Network(IpAddr);

fn ipv6_64(a: Ipv6Addr) -> IpAddr {
    IpAddr::V6(Ipv6Addr::from(u128::from(a) & !((1u128 << 64) - 1)))
}

impl Source {
    fn of(ip: IpAddr) -> Source {
        match ip.to_canonical() {
            IpAddr::V4(a) => Source(IpAddr::V4(a)),
            IpAddr::V6(a) => Source(ipv6_64(a)),
        }
    }
}

impl Network {
    fn of(ip: IpAddr) -> Network {
        match ip.to_canonical() {
            IpAddr::V4(a) => Network(IpAddr::V4(Ipv4Addr::from(u32::from(a) & 0xffff_ff00))),
            IpAddr::V6(a) => Network(ipv6_64(a)),
        }
    }
}

/// A leaky bucket as the time at which it will be empty (GCRA's "theoretical arrival time").
#[derive(Debug, Clone, Copy)]
struct Bucket {
    empty_at: Instant,
}

impl Bucket {
    /// Failures held at `now`.
    fn level(bucket: Option<&Bucket>, now: Instant, limit: &Limit) -> u32 {
        let ahead = bucket.map_or(Duration::ZERO, |b| {
            b.empty_at.saturating_duration_since(now)
        });
        let level = ahead
            .as_nanos()
            .div_ceil(limit.interval().as_nanos().max(1));
        u32::try_from(level).unwrap_or(u32::MAX)
    }

    /// How long until the bucket holds fewer than `limit.burst` failures.
    fn wait_below_burst(bucket: Option<&Bucket>, now: Instant, limit: &Limit) -> Duration {
        let ahead = bucket.map_or(Duration::ZERO, |b| {
            b.empty_at.saturating_duration_since(now)
        });
        ahead.saturating_sub(limit.interval() * limit.burst.saturating_sub(1))
    }

    fn add(bucket: &mut Bucket, now: Instant, limit: &Limit) {
        bucket.empty_at = bucket.empty_at.max(now) + limit.interval();
    }

    fn give_back(bucket: &mut Bucket, now: Instant, limit: &Limit) {
        bucket.empty_at = bucket
            .empty_at
            .checked_sub(limit.interval())
            .unwrap_or(now)
            .max(now);
    }

    fn fresh(now: Instant) -> Bucket {
        Bucket { empty_at: now }
    }
}

#[derive(Debug)]
struct AccountState {
    failures: Bucket,
    /// During the slowdown, the earliest time the next attempt from an unknown network may
    /// be checked.
    next_turn: Instant,
}

/// Most networks remembered per account; the one seen longest ago makes room.
const KNOWN_PER_ACCOUNT: usize = 16;

/// Beyond this many entries in a table, drained entries are dropped.
const TABLE_MAX: usize = 100_000;

#[derive(Debug, Default)]
struct State {
    pairs: HashMap<(String, Source), Bucket>,
    sources: HashMap<Source, Bucket>,
    accounts: HashMap<String, AccountState>,
    /// Networks each account logged in from, with the time of the last success.
    known: HashMap<String, Vec<(Network, Instant)>>,
}

/// The login throttle shared by every session of every protocol. Time is passed in, so tests
/// control it.
#[derive(Default)]
pub struct Throttle {
    config: ThrottleConfig,
    state: Mutex<State>,
    /// The nodes' common state, instead of `state`, on a multi-node store.
    shared: Option<Shared>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("config", &self.config)
            .field("shared", &self.shared.is_some())
            .finish()
    }
}

/// The shared buckets, and the wall-clock time of an `Instant` (the callers' clock).
struct Shared {
    buckets: Arc<dyn LoginBuckets>,
    anchor: Instant,
    anchor_ms: i64,
}

impl Shared {
    /// `at` as milliseconds since the Unix epoch.
    fn ms(&self, at: Instant) -> i64 {
        match at.checked_duration_since(self.anchor) {
            Some(after) => self.anchor_ms.saturating_add(ms(after)),
            None => self
                .anchor_ms
                .saturating_sub(ms(self.anchor.saturating_duration_since(at))),
        }
    }
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn duration_ms(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// Failures held in a bucket `ahead_ms` from empty, of `interval_ms` each.
fn level_ms(ahead_ms: i64, interval_ms: i64) -> u32 {
    if ahead_ms <= 0 {
        return 0;
    }
    let level = (ahead_ms as u64).div_ceil(interval_ms.max(1) as u64);
    u32::try_from(level).unwrap_or(u32::MAX)
}

/// The shared buckets' keys for one attempt (the source first: an address has no `|`).
struct Keys {
    pair: String,
    source: String,
    account: String,
    turn: String,
}

impl Keys {
    fn of(account: &str, source: Source) -> Keys {
        Keys {
            pair: format!("pair:{}|{account}", source.0),
            source: format!("source:{}", source.0),
            account: format!("account:{account}"),
            turn: format!("turn:{account}"),
        }
    }
}

impl Throttle {
    pub fn new(config: ThrottleConfig) -> Throttle {
        Throttle {
            config,
            state: Mutex::default(),
            shared: None,
        }
    }

    /// A throttle whose counts are in `buckets`, shared by every node of a multi-node store.
    pub fn shared(config: ThrottleConfig, buckets: Arc<dyn LoginBuckets>) -> Throttle {
        let anchor = Instant::now();
        let anchor_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, ms);
        Throttle {
            config,
            state: Mutex::default(),
            shared: Some(Shared {
                buckets,
                anchor,
                anchor_ms,
            }),
        }
    }

    /// Whether the counts are in the store (several nodes): then every method may block on
    /// it, and async callers run them on blocking threads.
    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    pub fn config(&self) -> &ThrottleConfig {
        &self.config
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state stays consistent at every step: a panic elsewhere cannot corrupt it.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The delay after `level` failures in a bucket that starts delaying after `free`.
    fn delay(&self, level: u32, free: u32) -> Duration {
        if level < free {
            return Duration::ZERO;
        }
        let doublings = (level - free).min(16);
        self.config
            .base_delay
            .saturating_mul(1 << doublings)
            .min(self.config.max_delay)
    }

    /// Decides about an attempt by `ip` on `account` (the login name as typed) and, unless it
    /// is refused, counts it as a failure until told otherwise. Atomic: concurrent attempts
    /// see each other's reservations.
    pub fn reserve(&self, ip: IpAddr, account: &str, now: Instant) -> Gate {
        let c = &self.config;
        let (account, source, network) = (normalize(account), Source::of(ip), Network::of(ip));
        if let Some(shared) = &self.shared {
            return self.reserve_shared(shared, account, source, network, now);
        }
        let mut guard = self.lock();
        let state = &mut *guard;
        let pair_key = (account, source);
        let pair = Bucket::level(state.pairs.get(&pair_key), now, &c.pair);
        if pair >= c.pair.burst {
            return Gate::Locked {
                retry_after: Bucket::wait_below_burst(state.pairs.get(&pair_key), now, &c.pair),
            };
        }
        let from_source = Bucket::level(state.sources.get(&source), now, &c.source);
        if from_source >= c.source.burst {
            return Gate::Locked {
                retry_after: Bucket::wait_below_burst(state.sources.get(&source), now, &c.source),
            };
        }
        let (account, _) = pair_key;
        let mut delay = self
            .delay(pair, c.pair.free)
            .max(self.delay(from_source, c.source.free));
        let known = state.known.get(&account).is_some_and(|nets| {
            nets.iter()
                .any(|(n, at)| *n == network && now.saturating_duration_since(*at) < c.known_for)
        });
        let entry = state
            .accounts
            .entry(account.clone())
            .or_insert_with(|| AccountState {
                failures: Bucket::fresh(now),
                next_turn: now,
            });
        if !known && Bucket::level(Some(&entry.failures), now, &c.account) >= c.account.burst {
            // The account-wide slowdown: one attempt per `spacing`, in turn.
            let turn = entry.next_turn.max(now + delay);
            let wait = turn - now;
            if wait > c.max_wait {
                return Gate::Locked {
                    retry_after: wait - c.max_wait,
                };
            }
            entry.next_turn = turn + c.spacing;
            delay = wait;
        }
        Bucket::add(&mut entry.failures, now, &c.account);
        let pair_bucket = state
            .pairs
            .entry((account.clone(), source))
            .or_insert_with(|| Bucket::fresh(now));
        Bucket::add(pair_bucket, now, &c.pair);
        let source_bucket = state
            .sources
            .entry(source)
            .or_insert_with(|| Bucket::fresh(now));
        Bucket::add(source_bucket, now, &c.source);
        prune(state, now, c);
        Gate::Proceed(Attempt {
            delay,
            account,
            source,
            network,
        })
    }

    /// [`reserve`](Throttle::reserve) on the shared buckets: the same decisions, each step
    /// atomic on the store, what was taken given back when a later step refuses.
    fn reserve_shared(
        &self,
        shared: &Shared,
        account: String,
        source: Source,
        network: Network,
        now: Instant,
    ) -> Gate {
        let c = &self.config;
        let b = &*shared.buckets;
        let now_ms = shared.ms(now);
        let keys = Keys::of(&account, source);
        let (pair_iv, source_iv, account_iv) = (
            ms(c.pair.interval()),
            ms(c.source.interval()),
            ms(c.account.interval()),
        );
        let cap = |iv: i64, limit: &Limit| iv.saturating_mul(i64::from(limit.burst.max(1) - 1));
        // What was taken so far, given back if a later step refuses or fails.
        let mut taken: Vec<(&str, i64)> = Vec::new();
        let give_back = |taken: &[(&str, i64)]| {
            for (key, iv) in taken {
                if let Err(e) = b.bucket_give_back(key, now_ms, *iv) {
                    tracing::warn!(error = %e, "login throttle: giving back a reservation");
                }
            }
        };
        let steps = (|| -> storage::Result<Result<Duration, Duration>> {
            let pair =
                match b.bucket_take(&keys.pair, now_ms, now_ms, pair_iv, cap(pair_iv, &c.pair))? {
                    Take::Full { base_ms } => {
                        return Ok(Err(duration_ms(base_ms - now_ms - cap(pair_iv, &c.pair))));
                    }
                    Take::Taken { base_ms } => level_ms(base_ms - now_ms, pair_iv),
                };
            taken.push((&keys.pair, pair_iv));
            let from_source = match b.bucket_take(
                &keys.source,
                now_ms,
                now_ms,
                source_iv,
                cap(source_iv, &c.source),
            )? {
                Take::Full { base_ms } => {
                    return Ok(Err(duration_ms(
                        base_ms - now_ms - cap(source_iv, &c.source),
                    )));
                }
                Take::Taken { base_ms } => level_ms(base_ms - now_ms, source_iv),
            };
            taken.push((&keys.source, source_iv));
            let mut delay = self
                .delay(pair, c.pair.free)
                .max(self.delay(from_source, c.source.free));
            let known = b.network_known(
                &account,
                &network.0.to_string(),
                now_ms.saturating_sub(ms(c.known_for)),
            )?;
            let (Take::Taken { base_ms } | Take::Full { base_ms }) =
                b.bucket_take(&keys.account, now_ms, now_ms, account_iv, i64::MAX)?;
            taken.push((&keys.account, account_iv));
            if !known && level_ms(base_ms - now_ms, account_iv) >= c.account.burst {
                // The account-wide slowdown: one attempt per `spacing`, in turn.
                match b.bucket_take(
                    &keys.turn,
                    now_ms,
                    now_ms.saturating_add(ms(delay)),
                    ms(c.spacing),
                    ms(c.max_wait),
                )? {
                    Take::Full { base_ms } => {
                        return Ok(Err(duration_ms(base_ms - now_ms - ms(c.max_wait))));
                    }
                    Take::Taken { base_ms } => delay = duration_ms(base_ms - now_ms),
                }
            }
            Ok(Ok(delay))
        })();
        match steps {
            Ok(Ok(delay)) => Gate::Proceed(Attempt {
                delay,
                account,
                source,
                network,
            }),
            Ok(Err(retry_after)) => {
                give_back(&taken);
                Gate::Locked { retry_after }
            }
            Err(e) => {
                give_back(&taken);
                Gate::Unavailable(e.to_string())
            }
        }
    }

    /// The password was right: the (account, source) bucket empties, the other two get the
    /// attempt's reservation back, and the network becomes known for the account.
    pub fn succeeded(&self, attempt: Attempt, now: Instant) {
        let c = &self.config;
        if let Some(shared) = &self.shared {
            let (b, now_ms) = (&*shared.buckets, shared.ms(now));
            let keys = Keys::of(&attempt.account, attempt.source);
            let done = b
                .bucket_give_back(&keys.source, now_ms, ms(c.source.interval()))
                .and_then(|()| b.bucket_give_back(&keys.account, now_ms, ms(c.account.interval())))
                .and_then(|()| b.bucket_clear(&keys.pair))
                .and_then(|()| {
                    b.network_seen(
                        &attempt.account,
                        &attempt.network.0.to_string(),
                        now_ms,
                        KNOWN_PER_ACCOUNT,
                    )
                });
            if let Err(e) = done {
                tracing::warn!(error = %e, "login throttle: recording a success");
            }
            return;
        }
        let mut state = self.lock();
        if let Some(b) = state.sources.get_mut(&attempt.source) {
            Bucket::give_back(b, now, &c.source);
        }
        if let Some(a) = state.accounts.get_mut(&attempt.account) {
            Bucket::give_back(&mut a.failures, now, &c.account);
        }
        let Attempt {
            account,
            source,
            network,
            ..
        } = attempt;
        let known = state.known.entry(account.clone()).or_default();
        match known.iter_mut().find(|(n, _)| *n == network) {
            Some((_, at)) => *at = now,
            None => {
                if known.len() >= KNOWN_PER_ACCOUNT
                    && let Some(oldest) = (0..known.len()).min_by_key(|&i| known[i].1)
                {
                    known.swap_remove(oldest);
                }
                known.push((network, now));
            }
        }
        state.pairs.remove(&(account, source));
    }

    /// The password was wrong (or the account disabled): the reservation stays counted.
    pub fn failed(&self, attempt: Attempt) {
        drop(attempt);
    }

    /// Nothing was learnt (storage could not answer): the reservation is given back.
    pub fn abandoned(&self, attempt: Attempt, now: Instant) {
        let c = &self.config;
        if let Some(shared) = &self.shared {
            let (b, now_ms) = (&*shared.buckets, shared.ms(now));
            let keys = Keys::of(&attempt.account, attempt.source);
            let done = b
                .bucket_give_back(&keys.source, now_ms, ms(c.source.interval()))
                .and_then(|()| b.bucket_give_back(&keys.pair, now_ms, ms(c.pair.interval())))
                .and_then(|()| b.bucket_give_back(&keys.account, now_ms, ms(c.account.interval())));
            if let Err(e) = done {
                tracing::warn!(error = %e, "login throttle: giving back a reservation");
            }
            return;
        }
        let mut state = self.lock();
        if let Some(b) = state.sources.get_mut(&attempt.source) {
            Bucket::give_back(b, now, &c.source);
        }
        if let Some(b) = state
            .pairs
            .get_mut(&(attempt.account.clone(), attempt.source))
        {
            Bucket::give_back(b, now, &c.pair);
        }
        if let Some(a) = state.accounts.get_mut(&attempt.account) {
            Bucket::give_back(&mut a.failures, now, &c.account);
        }
    }
}

/// Keeps the tables small under a spray of random names and addresses.
fn prune(state: &mut State, now: Instant, c: &ThrottleConfig) {
    if state.pairs.len() > TABLE_MAX {
        state.pairs.retain(|_, b| b.empty_at > now);
    }
    if state.sources.len() > TABLE_MAX {
        state.sources.retain(|_, b| b.empty_at > now);
    }
    if state.accounts.len() > TABLE_MAX {
        state
            .accounts
            .retain(|_, a| a.failures.empty_at > now || a.next_turn > now);
    }
    if state.known.len() > TABLE_MAX {
        state.known.retain(|_, nets| {
            nets.retain(|(_, at)| now.saturating_duration_since(*at) < c.known_for);
            !nets.is_empty()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "a@x.gov.vn";
    const IP: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    const OTHER_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 9));

    /// The shared state as a store keeps it (the PostgreSQL one is tested in storage and
    /// below against a real server), in memory: every test runs on both states.
    #[derive(Default)]
    struct MemoryBuckets {
        buckets: Mutex<HashMap<String, i64>>,
        networks: Mutex<HashMap<String, Vec<(String, i64)>>>,
    }

    impl LoginBuckets for MemoryBuckets {
        fn bucket_take(
            &self,
            key: &str,
            now_ms: i64,
            floor_ms: i64,
            add_ms: i64,
            cap_ms: i64,
        ) -> storage::Result<Take> {
            let mut buckets = self.buckets.lock().unwrap();
            let at = buckets.entry(key.to_string()).or_insert(0);
            let base = (*at).max(floor_ms);
            if base - now_ms <= cap_ms {
                *at = base + add_ms;
                Ok(Take::Taken { base_ms: base })
            } else {
                Ok(Take::Full { base_ms: base })
            }
        }

        fn bucket_give_back(
            &self,
            key: &str,
            now_ms: i64,
            interval_ms: i64,
        ) -> storage::Result<()> {
            if let Some(at) = self.buckets.lock().unwrap().get_mut(key) {
                *at = (*at - interval_ms).max(now_ms);
            }
            Ok(())
        }

        fn bucket_clear(&self, key: &str) -> storage::Result<()> {
            self.buckets.lock().unwrap().remove(key);
            Ok(())
        }

        fn network_known(
            &self,
            account: &str,
            network: &str,
            since_ms: i64,
        ) -> storage::Result<bool> {
            Ok(self
                .networks
                .lock()
                .unwrap()
                .get(account)
                .is_some_and(|n| n.iter().any(|(net, at)| net == network && *at >= since_ms)))
        }

        fn network_seen(
            &self,
            account: &str,
            network: &str,
            at_ms: i64,
            keep: usize,
        ) -> storage::Result<()> {
            let mut networks = self.networks.lock().unwrap();
            let list = networks.entry(account.to_string()).or_default();
            list.retain(|(n, _)| n != network);
            list.push((network.to_string(), at_ms));
            list.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
            list.truncate(keep);
            Ok(())
        }
    }

    /// The in-memory throttle (one node) and a shared one (several nodes).
    fn throttles() -> [Throttle; 2] {
        [
            Throttle::new(ThrottleConfig::default()),
            Throttle::shared(
                ThrottleConfig::default(),
                Arc::new(MemoryBuckets::default()),
            ),
        ]
    }

    /// Reserves and fails; the delay, or None when refused.
    fn fail(t: &Throttle, ip: IpAddr, account: &str, now: Instant) -> Option<Duration> {
        match t.reserve(ip, account, now) {
            Gate::Proceed(attempt) => {
                let delay = attempt.delay;
                t.failed(attempt);
                Some(delay)
            }
            Gate::Locked { .. } => None,
            Gate::Unavailable(e) => panic!("{e}"),
        }
    }

    /// Reserves and succeeds; the delay, or None when refused.
    fn succeed(t: &Throttle, ip: IpAddr, account: &str, now: Instant) -> Option<Duration> {
        match t.reserve(ip, account, now) {
            Gate::Proceed(attempt) => {
                let delay = attempt.delay;
                t.succeeded(attempt, now);
                Some(delay)
            }
            Gate::Locked { .. } => None,
            Gate::Unavailable(e) => panic!("{e}"),
        }
    }

    fn retry_after(g: Gate) -> Option<Duration> {
        match g {
            Gate::Locked { retry_after } => Some(retry_after),
            _ => None,
        }
    }

    #[test]
    fn delays_grow_then_the_source_is_refused_for_that_account_only() {
        for t in throttles() {
            let now = Instant::now();
            let delays: Vec<_> = (0..10)
                .map(|_| fail(&t, IP, "A@x.gov.vn", now).map(|d| d.as_secs()))
                .collect();
            assert_eq!(
                delays,
                [0, 0, 0, 1, 2, 4, 8, 8, 8, 8].map(Some),
                "delays as before"
            );
            // Refused until one failure has drained (15 min / 10).
            assert_eq!(
                retry_after(t.reserve(IP, A, now)),
                Some(Duration::from_secs(90))
            );
            // Another account from the same source is not refused (10 of 30 for the source).
            assert!(fail(&t, IP, "b@x.gov.vn", now).is_some());
            // The owner elsewhere is not locked out.
            assert_eq!(succeed(&t, OTHER_IP, A, now), Some(Duration::ZERO));
            let later = now + Duration::from_secs(90);
            assert!(fail(&t, IP, A, later).is_some(), "one more after 90 s");
            assert!(fail(&t, IP, A, later).is_none());
            // Quiet time forgets.
            let much_later = now + Duration::from_secs(16 * 60);
            assert_eq!(fail(&t, IP, A, much_later), Some(Duration::ZERO));
        }
    }

    #[test]
    fn a_source_spraying_many_accounts_is_refused() {
        for t in throttles() {
            let now = Instant::now();
            for i in 0..30 {
                assert!(fail(&t, IP, &format!("user{i}@x.gov.vn"), now).is_some());
            }
            assert!(t.reserve(IP, "new@x.gov.vn", now).is_locked());
            assert_eq!(
                fail(&t, OTHER_IP, "new@x.gov.vn", now),
                Some(Duration::ZERO)
            );
        }
    }

    /// An insider logging in to their own account between guesses at others keeps their
    /// failures: the success empties only their own (account, source) bucket.
    #[test]
    fn success_on_own_account_does_not_reset_the_sources_failures_at_others() {
        for t in throttles() {
            let now = Instant::now();
            assert!(fail(&t, IP, "me@x.gov.vn", now).is_some(), "a typo");
            for i in 0..29 {
                assert!(fail(&t, IP, &format!("victim{i}@x.gov.vn"), now).is_some());
                if i % 5 == 0 {
                    assert!(succeed(&t, IP, "me@x.gov.vn", now).is_some());
                }
            }
            // 29 guesses and the typo: the source is at its limit of 30 for every account.
            assert!(t.reserve(IP, "victim99@x.gov.vn", now).is_locked());
            assert!(t.reserve(IP, "me@x.gov.vn", now).is_locked());
            let state = t.lock();
            assert!(
                !state
                    .pairs
                    .contains_key(&("me@x.gov.vn".into(), Source::of(IP))),
                "the success emptied the insider's own bucket"
            );
        }
    }

    /// A distributed attack (100 failures from 100 addresses) slows the account down for
    /// unknown networks; the owner's known network is not delayed at all.
    #[test]
    fn owner_gets_in_from_a_known_network_after_100_failures_from_elsewhere() {
        for t in throttles() {
            let start = Instant::now();
            let home: IpAddr = "198.51.100.7".parse().unwrap();
            assert_eq!(succeed(&t, home, A, start), Some(Duration::ZERO));
            let now = start + Duration::from_secs(3600);
            let mut refused = 0;
            for i in 0..100u32 {
                let ip = IpAddr::V4(Ipv4Addr::from(0x0a00_0001 + (i << 8)));
                match t.reserve(ip, A, now) {
                    Gate::Proceed(attempt) => t.failed(attempt),
                    _ => refused += 1,
                }
            }
            // 10 failures freely, then one turn per 10 s up to a minute ahead: 7 more.
            assert_eq!(refused, 100 - 17);
            // The owner, from the same /24 at home (a new DHCP lease), is not delayed.
            let home_again: IpAddr = "198.51.100.42".parse().unwrap();
            assert_eq!(succeed(&t, home_again, A, now), Some(Duration::ZERO));
            // From an unknown network an attempt waits its turn, or is told to retry shortly.
            let hotel: IpAddr = "203.0.113.50".parse().unwrap();
            let retry = retry_after(t.reserve(hotel, A, now)).unwrap();
            assert!(retry <= Duration::from_secs(10), "{retry:?}");
            // Once the queue has moved on, the owner gets a turn there too.
            let soon = now + Duration::from_secs(70);
            assert_eq!(succeed(&t, hotel, A, soon), Some(Duration::ZERO));
            // And a single attacker with 100 tries is refused by its own (account, source) bucket.
            let attacker: IpAddr = "192.0.2.66".parse().unwrap();
            let passed = (0..100)
                .filter(|_| fail(&t, attacker, "b@x.gov.vn", now).is_some())
                .count();
            assert_eq!(passed, 10);
            assert_eq!(succeed(&t, home, "b@x.gov.vn", now), Some(Duration::ZERO));
        }
    }

    /// Reservations are counted before any outcome: 40 attempts in flight at once get 10
    /// places, the rest are refused.
    #[test]
    fn attempts_in_flight_count() {
        for t in throttles() {
            let now = Instant::now();
            let gates: Vec<_> = (0..40).map(|_| t.reserve(IP, A, now)).collect();
            let proceeding = gates.iter().filter(|g| !g.is_locked()).count();
            assert_eq!(proceeding, 10);
            // Storage failures give their place back.
            for gate in gates {
                if let Gate::Proceed(attempt) = gate {
                    t.abandoned(attempt, now);
                }
            }
            assert_eq!(fail(&t, IP, A, now), Some(Duration::ZERO));
        }
    }

    #[test]
    fn an_ipv6_64_is_one_source_and_v4_mapped_is_v4() {
        for t in throttles() {
            let now = Instant::now();
            for i in 0..30u16 {
                let ip = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, 0, i));
                assert!(fail(&t, ip, &format!("u{i}@x.gov.vn"), now).is_some());
            }
            let same_64: IpAddr = "2001:db8:1:2:ffff::1".parse().unwrap();
            assert!(t.reserve(same_64, A, now).is_locked());
            let other_64: IpAddr = "2001:db8:1:3::1".parse().unwrap();
            assert!(!t.reserve(other_64, A, now).is_locked());
            assert_eq!(
                Source::of("::ffff:192.0.2.1".parse().unwrap()),
                Source::of(IP)
            );
        }
    }

    /// Two nodes, one shared state: a guesser alternating between them gets 10 tries at an
    /// account in all, not 10 per node; the source's limit is shared too; the owner, having
    /// logged in on one node, is known on the other.
    fn guesses_spread_over_two_nodes(a: &Throttle, b: &Throttle) {
        let now = Instant::now();
        let passed = (0..40)
            .filter(|i| fail(if i % 2 == 0 { a } else { b }, IP, A, now).is_some())
            .count();
        assert_eq!(passed, 10, "10 guesses over both nodes, not 10 each");
        assert!(a.reserve(IP, A, now).is_locked() && b.reserve(IP, A, now).is_locked());
        for i in 0..20 {
            let node = if i % 2 == 0 { a } else { b };
            assert!(fail(node, IP, &format!("u{i}@x.gov.vn"), now).is_some());
        }
        assert!(
            b.reserve(IP, "other@x.gov.vn", now).is_locked(),
            "30 for the source"
        );
        // The owner from elsewhere is not locked out, on either node.
        assert_eq!(succeed(a, OTHER_IP, A, now), Some(Duration::ZERO));
        assert_eq!(succeed(b, OTHER_IP, A, now), Some(Duration::ZERO));
        // A distributed attack on one account, spread over both nodes, slows it down for
        // unknown networks; the owner's network, learnt on node A, skips that on node B.
        let later = now + Duration::from_secs(3600);
        let mut refused = 0;
        for i in 0..100u32 {
            let ip = IpAddr::V4(Ipv4Addr::from(0x0a00_0001 + (i << 8)));
            match (if i % 2 == 0 { a } else { b }).reserve(ip, A, later) {
                Gate::Proceed(attempt) => a.failed(attempt),
                _ => refused += 1,
            }
        }
        assert_eq!(refused, 100 - 17);
        assert_eq!(succeed(b, OTHER_IP, A, later), Some(Duration::ZERO));
    }

    #[test]
    fn guesses_spread_over_nodes_fill_the_same_buckets() {
        let shared: Arc<MemoryBuckets> = Arc::default();
        let a = Throttle::shared(ThrottleConfig::default(), shared.clone());
        let b = Throttle::shared(ThrottleConfig::default(), shared);
        guesses_spread_over_two_nodes(&a, &b);
    }

    /// The same on PostgreSQL, two backends (two nodes) on one database.
    #[test]
    fn guesses_spread_over_nodes_on_postgres_fill_the_same_buckets() {
        use storage::postgres::{PgBackend, PgConfig, testing::TestPostgres};
        let Some(pg) = TestPostgres::start() else {
            return;
        };
        let blobs = tempfile::tempdir().unwrap();
        let config = PgConfig::new(pg.url());
        let node = || -> Arc<dyn LoginBuckets> {
            Arc::new(PgBackend::open(&config, blobs.path()).unwrap())
        };
        let a = Throttle::shared(ThrottleConfig::default(), node());
        let b = Throttle::shared(ThrottleConfig::default(), node());
        guesses_spread_over_two_nodes(&a, &b);
    }

    /// A store that cannot answer: the attempt is neither refused as a guess nor let through
    /// unchecked; it is a temporary failure.
    #[test]
    fn a_shared_state_that_cannot_answer_is_a_temporary_failure() {
        struct Down;
        impl LoginBuckets for Down {
            fn bucket_take(
                &self,
                _: &str,
                _: i64,
                _: i64,
                _: i64,
                _: i64,
            ) -> storage::Result<Take> {
                Err(storage::StorageError::WriterGone)
            }
            fn bucket_give_back(&self, _: &str, _: i64, _: i64) -> storage::Result<()> {
                Err(storage::StorageError::WriterGone)
            }
            fn bucket_clear(&self, _: &str) -> storage::Result<()> {
                Err(storage::StorageError::WriterGone)
            }
            fn network_known(&self, _: &str, _: &str, _: i64) -> storage::Result<bool> {
                Err(storage::StorageError::WriterGone)
            }
            fn network_seen(&self, _: &str, _: &str, _: i64, _: usize) -> storage::Result<()> {
                Err(storage::StorageError::WriterGone)
            }
        }
        let t = Throttle::shared(ThrottleConfig::default(), Arc::new(Down));
        assert!(matches!(
            t.reserve(IP, A, Instant::now()),
            Gate::Unavailable(_)
        ));
    }
}
