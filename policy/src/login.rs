//! Logins for every protocol (SMTP submission, IMAP, POP3, ManageSieve): checking a password
//! and throttling guessers.
//!
//! Throttling counts failures per client IP and per account name. After a few failures each
//! new attempt waits a growing delay (answered slowly, so a guesser gets few tries a minute);
//! after more, the IP or the account is locked out for a while and attempts are refused at
//! once with a temporary error, without checking the password. Failures are forgotten after a
//! quiet period. A success clears the account's count and the IP's.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use storage::{Account, AccountStatus, StorageError, Store};

/// Throttling settings.
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Failures allowed before answers start to slow down.
    pub free_failures: u32,
    /// The first delay; it doubles with each further failure up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Failures on one account before it is locked out (for every IP).
    pub account_lockout: u32,
    /// Failures from one IP before it is locked out (for every account).
    pub ip_lockout: u32,
    pub lockout: Duration,
    /// Failures older than this are forgotten.
    pub forget_after: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            free_failures: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(8),
            account_lockout: 10,
            ip_lockout: 30,
            lockout: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(15 * 60),
        }
    }
}

/// What to do with a login attempt before checking its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Go ahead, after waiting `delay` (zero for a client in good standing).
    Proceed { delay: Duration },
    /// Refuse at once: too many failures; try again after `retry_after`.
    Locked { retry_after: Duration },
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Ip(IpAddr),
    Account(String),
}

/// Shared by every session of every protocol.
#[derive(Debug, Default)]
pub struct LoginGuard {
    config: ThrottleConfig,
    failures: Mutex<HashMap<Key, Failures>>,
}

impl LoginGuard {
    pub fn new(config: ThrottleConfig) -> LoginGuard {
        LoginGuard {
            config,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn count(&self, map: &HashMap<Key, Failures>, key: &Key, now: Instant) -> (u32, Instant) {
        match map.get(key) {
            Some(f) if now.duration_since(f.last) < self.config.forget_after => (f.count, f.last),
            _ => (0, now),
        }
    }

    /// Decides about an attempt by `ip` on `account` (the login name as typed).
    pub fn gate(&self, ip: IpAddr, account: &str, now: Instant) -> Gate {
        let Ok(map) = self.failures.lock() else {
            return Gate::Proceed {
                delay: self.config.max_delay,
            };
        };
        let (ip_count, ip_last) = self.count(&map, &Key::Ip(ip), now);
        let (acct_count, acct_last) = self.count(&map, &Key::Account(normalize(account)), now);
        let c = &self.config;
        let locked_until = [
            (ip_count >= c.ip_lockout).then_some(ip_last + c.lockout),
            (acct_count >= c.account_lockout).then_some(acct_last + c.lockout),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(until) = locked_until
            && until > now
        {
            return Gate::Locked {
                retry_after: until - now,
            };
        }
        let worst = ip_count.max(acct_count);
        let delay = if worst < c.free_failures {
            Duration::ZERO
        } else {
            let doublings = (worst - c.free_failures).min(16);
            c.base_delay.saturating_mul(1 << doublings).min(c.max_delay)
        };
        Gate::Proceed { delay }
    }

    pub fn failed(&self, ip: IpAddr, account: &str, now: Instant) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        for key in [Key::Ip(ip), Key::Account(normalize(account))] {
            let (count, _) = self.count(&map, &key, now);
            map.insert(
                key,
                Failures {
                    count: count.saturating_add(1),
                    last: now,
                },
            );
        }
        // Keep the table small under a spray of random names.
        if map.len() > 100_000 {
            let forget = self.config.forget_after;
            map.retain(|_, f| now.duration_since(f.last) < forget);
        }
    }

    pub fn succeeded(&self, ip: IpAddr, account: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&Key::Ip(ip));
            map.remove(&Key::Account(normalize(account)));
        }
    }
}

fn normalize(account: &str) -> String {
    account.trim().to_lowercase()
}

/// A password or other secret: its `Debug` never shows it, so it cannot reach a log.
pub struct Secret(String);

impl Secret {
    pub fn new(secret: String) -> Secret {
        Secret(secret)
    }

    pub fn declassify(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("/* REDACTED */")
    }
}

/// Decodes a PLAIN response (RFC 4616 §2): `authzid NUL authcid NUL passwd`. We do not act
/// for another identity: an authzid other than the login itself is refused.
pub fn decode_plain(response: &str) -> Option<(String, Secret)> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(response.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.splitn(3, '\0');
    let (authzid, authcid, password) = (parts.next()?, parts.next()?, parts.next()?);
    if authcid.is_empty() || (!authzid.is_empty() && !authzid.eq_ignore_ascii_case(authcid)) {
        return None;
    }
    Some((authcid.to_string(), Secret(password.to_string())))
}

/// Why a login failed. Callers answer every variant but `Unavailable` with the same generic
/// "invalid credentials" reply, so a guesser cannot tell unknown names from bad passwords.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("invalid credentials")]
    Invalid,
    #[error("account is {0}")]
    Disabled(&'static str),
    #[error("authentication temporarily unavailable: {0}")]
    Unavailable(StorageError),
}

/// Checks a login name (the full address, case-insensitive) and password. Blocking (argon2
/// and SQLite): async callers use [`precheck`] and [`HashCheck::run`], which hold no thread
/// while argon2 works.
pub fn verify_password(store: &Store, login: &str, password: &str) -> Result<Account, LoginError> {
    match precheck(store, login, password) {
        Precheck::Done(result) => result,
        Precheck::Hash(check) => {
            let (reply, answer) = std::sync::mpsc::sync_channel(1);
            check.run(move |result| {
                let _ = reply.send(result);
            });
            answer.recv().unwrap_or(Err(LoginError::Invalid))
        }
    }
}

/// [`verify_password`] for async sessions, then `then` with the account on the blocking pool
/// (the caller's further reads; in the same trip when the login was known). A password that
/// must go through argon2 waits for it without holding a thread: a burst of logins after a
/// restart would otherwise park one blocking thread per client for the length of the queue.
pub async fn verify_then<T: Send + 'static>(
    store: &Store,
    user: &str,
    pass: Secret,
    then: impl FnOnce(&Store, &Account) -> Result<T, StorageError> + Send + 'static,
) -> Result<Result<(Account, Result<T, StorageError>), LoginError>, tokio::task::JoinError> {
    /// Where the first trip to the blocking pool ends.
    enum First<T, F> {
        Done(Result<(Account, Result<T, StorageError>), LoginError>),
        Hash(HashCheck, Store, F),
    }
    let (store, name) = (store.clone(), user.to_string());
    let first = tokio::task::spawn_blocking(move || {
        match precheck(&store, &name, pass.declassify()) {
            // The usual case, a client logging in again: one trip to the blocking pool.
            Precheck::Done(Ok(account)) => {
                let made = then(&store, &account);
                First::Done(Ok((account, made)))
            }
            Precheck::Done(Err(e)) => First::Done(Err(e)),
            Precheck::Hash(check) => First::Hash(check, store, then),
        }
    })
    .await?;
    let (check, store, then) = match first {
        First::Done(done) => return Ok(done),
        First::Hash(check, store, then) => (check, store, then),
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    check.run(move |result| {
        let _ = reply.send(result);
    });
    let account = match answer.await {
        Ok(Ok(account)) => account,
        Ok(Err(e)) => return Ok(Err(e)),
        Err(_) => return Ok(Err(LoginError::Invalid)),
    };
    tokio::task::spawn_blocking(move || {
        let made = then(&store, &account);
        Ok((account, made))
    })
    .await
}

/// The first half of a login check: what the database and the cache of recent logins can
/// answer. Blocking (SQLite), short.
pub enum Precheck {
    /// Answered without argon2: the password passed argon2 recently, or storage failed.
    Done(Result<Account, LoginError>),
    /// The password must go through argon2.
    Hash(HashCheck),
}

/// A password waiting for argon2 (see [`Precheck`]).
pub struct HashCheck {
    login: String,
    /// None for a name that does not exist: the check runs anyway, against a dummy hash, so
    /// that timing does not reveal which names exist, and fails.
    account: Option<Account>,
    hash: String,
    password: String,
}

/// See [`Precheck`].
pub fn precheck(store: &Store, login: &str, password: &str) -> Precheck {
    let login = normalize(login);
    let (account, hash) = match store.password_hash(&login) {
        Ok((account, hash)) => (Some(account), hash),
        Err(StorageError::NotFound { .. }) => (None, dummy_hash().to_string()),
        Err(e) => return Precheck::Done(Err(LoginError::Unavailable(e))),
    };
    match account {
        Some(account) if VERIFIED.knows(&login, &hash, password) => {
            Precheck::Done(account_status(account))
        }
        account => Precheck::Hash(HashCheck {
            login,
            account,
            hash,
            password: password.to_string(),
        }),
    }
}

impl HashCheck {
    /// Queues the argon2 check; `done` gets the outcome, on an argon2 thread.
    pub fn run(self, done: impl FnOnce(Result<Account, LoginError>) + Send + 'static) {
        let HashCheck {
            login,
            account,
            hash,
            password,
        } = self;
        let finish = move |ok: bool, hash: String, password: String| {
            let result = match account {
                Some(account) if ok => {
                    VERIFIED.remember(&login, &hash, &password);
                    account_status(account)
                }
                _ => Err(LoginError::Invalid),
            };
            done(result);
        };
        argon2_verify(password, hash, Box::new(finish));
    }
}

/// The account's status decides last, read afresh at every login.
fn account_status(account: Account) -> Result<Account, LoginError> {
    match account.status {
        AccountStatus::Active => Ok(account),
        other => Err(LoginError::Disabled(other.as_str())),
    }
}

/// How long an argon2 thread keeps its working memory after its last check. A burst of
/// logins (clients reconnecting after a restart) reuses it; an idle server holds none. glibc
/// serves a block this large with a mapping of its own, so dropping it returns it to the system.
const ARGON2_MEMORY_KEPT_FOR: Duration = Duration::from_secs(1);

/// What is told the outcome of an argon2 check (with the password and hash, given back).
type Argon2Done = Box<dyn FnOnce(bool, String, String) + Send>;

/// A password check waiting for an argon2 thread: the password, the stored hash, and what is
/// told the outcome.
type Argon2Job = (String, String, Argon2Done);

/// The checks waiting for an argon2 thread. Idle threads wait on the condition variable, not
/// on the lock, so that each can give its memory back on its own timer.
struct Argon2Queue {
    jobs: Mutex<std::collections::VecDeque<Argon2Job>>,
    ready: std::sync::Condvar,
}

impl Argon2Queue {
    fn new() -> Argon2Queue {
        Argon2Queue {
            jobs: Mutex::new(std::collections::VecDeque::new()),
            ready: std::sync::Condvar::new(),
        }
    }

    /// Queues a job and wakes one waiting thread.
    fn push(&self, job: Argon2Job) {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(job);
        self.ready.notify_one();
    }

    /// The next job. A thread holding memory waits at most [`ARGON2_MEMORY_KEPT_FOR`] and
    /// frees the memory when nothing came; without memory it waits as long as it takes.
    fn next(&self, memory: &mut storage::password::HashMemory) -> Argon2Job {
        let mut jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(job) = jobs.pop_front() {
                return job;
            }
            if memory.is_empty() {
                jobs = self.ready.wait(jobs).unwrap_or_else(|p| p.into_inner());
            } else {
                let (guard, waited) = self
                    .ready
                    .wait_timeout(jobs, ARGON2_MEMORY_KEPT_FOR)
                    .unwrap_or_else(|p| p.into_inner());
                jobs = guard;
                if waited.timed_out() && jobs.is_empty() {
                    *memory = Vec::new();
                }
            }
        }
    }
}

/// Argon2 checks run on a few long-lived threads of their own, one per core. Each check takes
/// 19 MiB and a core for tens of milliseconds: a thousand clients logging in together after
/// a restart would otherwise ask for gigabytes at once, and the allocator would keep the
/// memory of every thread that ever ran one. `done` is called on the argon2 thread.
fn argon2_verify(password: String, hash: String, done: Argon2Done) {
    /// The queue, or None when no thread could be started.
    static QUEUE: std::sync::LazyLock<Option<std::sync::Arc<Argon2Queue>>> =
        std::sync::LazyLock::new(|| {
            let queue = std::sync::Arc::new(Argon2Queue::new());
            let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
            let mut started = 0;
            for i in 0..threads {
                let queue = queue.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("argon2-{i}"))
                    .spawn(move || {
                        let mut memory = Vec::new();
                        loop {
                            let (password, hash, done) = queue.next(&mut memory);
                            let ok = storage::password::verify_with_memory(
                                &password,
                                &hash,
                                &mut memory,
                            );
                            done(ok, hash, password);
                        }
                    });
                started += usize::from(spawned.is_ok());
            }
            // A thread that cannot start is not fatal; with none at all, callers check the
            // password themselves.
            (started > 0).then_some(queue)
        });
    let Some(queue) = QUEUE.as_ref() else {
        let ok = storage::password::verify(&password, &hash);
        return done(ok, hash, password);
    };
    queue.push((password, hash, done));
}

/// How long a password that passed argon2 is taken without checking it again (Dovecot's
/// auth_cache_ttl plays the same part). Mail clients log in again and again — phones on every
/// wake, Outlook per folder — and argon2 costs tens of milliseconds of CPU by design.
const VERIFIED_FOR: Duration = Duration::from_secs(15 * 60);

/// Most entries kept; beyond it the cache starts afresh.
const VERIFIED_MAX: usize = 100_000;

/// Logins whose password passed argon2 recently. Only a keyed digest is kept: SHA-256 over a
/// random per-process key, the stored argon2 hash and the password. A new password changes
/// the stored hash, so an old password is never taken from here; failures are never cached;
/// the account's status is read afresh at every login.
struct VerifiedCache {
    key: [u8; 32],
    entries: Mutex<HashMap<String, ([u8; 32], Instant)>>,
}

static VERIFIED: std::sync::LazyLock<VerifiedCache> = std::sync::LazyLock::new(|| VerifiedCache {
    key: rand::random(),
    entries: Mutex::new(HashMap::new()),
});

impl VerifiedCache {
    fn digest(&self, hash: &str, password: &str) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut d = Sha256::new();
        d.update(self.key);
        d.update(hash.as_bytes());
        d.update([0]);
        d.update(password.as_bytes());
        d.finalize().into()
    }

    fn knows(&self, login: &str, hash: &str, password: &str) -> bool {
        let digest = self.digest(hash, password);
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(login)
            .is_some_and(|(known, until)| *until > Instant::now() && *known == digest)
    }

    fn remember(&self, login: &str, hash: &str, password: &str) {
        let digest = self.digest(hash, password);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= VERIFIED_MAX {
            entries.clear();
        }
        entries.insert(login.to_string(), (digest, Instant::now() + VERIFIED_FOR));
    }
}

/// A hash to check unknown names against: made once, with the default parameters.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| storage::password::hash("govmail-dummy").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An argon2 thread gives its working memory back once no check came for a while, and
    /// still takes the next check.
    #[test]
    fn an_idle_argon2_thread_frees_its_memory() {
        let queue = std::sync::Arc::new(Argon2Queue::new());
        let worker = {
            let queue = queue.clone();
            std::thread::spawn(move || {
                let mut memory: storage::password::HashMemory = vec![Default::default(); 1024];
                let (password, _, _) = queue.next(&mut memory);
                (password, memory.len())
            })
        };
        std::thread::sleep(ARGON2_MEMORY_KEPT_FOR * 2);
        queue.push(("next".into(), String::new(), Box::new(|_, _, _| {})));
        assert_eq!(worker.join().unwrap(), ("next".to_string(), 0));
    }

    fn guard() -> LoginGuard {
        LoginGuard::new(ThrottleConfig::default())
    }

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const OTHER_IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    fn delay(g: Gate) -> Duration {
        match g {
            Gate::Proceed { delay } => delay,
            Gate::Locked { .. } => Duration::MAX,
        }
    }

    #[test]
    fn delays_grow_then_the_account_is_locked_for_every_ip() {
        let g = guard();
        let t = Instant::now();
        let mut delays = Vec::new();
        for _ in 0..10 {
            delays.push(delay(g.gate(IP, "a@x.gov.vn", t)).as_secs());
            g.failed(IP, "A@x.gov.vn", t);
        }
        assert_eq!(delays, [0, 0, 0, 1, 2, 4, 8, 8, 8, 8]);
        assert!(matches!(
            g.gate(OTHER_IP, "a@x.gov.vn", t),
            Gate::Locked { retry_after } if retry_after == Duration::from_secs(900)
        ));
        // Another account from the same IP is slowed, not locked (the IP has 10 of 30).
        assert_eq!(delay(g.gate(IP, "b@x.gov.vn", t)), Duration::from_secs(8));
        // The lockout ends.
        let later = t + Duration::from_secs(901);
        assert_eq!(delay(g.gate(OTHER_IP, "a@x.gov.vn", later)), Duration::ZERO);
    }

    #[test]
    fn an_ip_spraying_many_accounts_is_locked() {
        let g = guard();
        let t = Instant::now();
        for i in 0..30 {
            g.failed(IP, &format!("user{i}@x.gov.vn"), t);
        }
        assert!(matches!(g.gate(IP, "new@x.gov.vn", t), Gate::Locked { .. }));
        assert_eq!(delay(g.gate(OTHER_IP, "new@x.gov.vn", t)), Duration::ZERO);
    }

    #[test]
    fn success_clears_and_quiet_time_forgets() {
        let g = guard();
        let t = Instant::now();
        for _ in 0..5 {
            g.failed(IP, "a@x.gov.vn", t);
        }
        assert!(delay(g.gate(IP, "a@x.gov.vn", t)) > Duration::ZERO);
        g.succeeded(IP, "a@x.gov.vn");
        assert_eq!(delay(g.gate(IP, "a@x.gov.vn", t)), Duration::ZERO);
        for _ in 0..5 {
            g.failed(IP, "a@x.gov.vn", t);
        }
        let later = t + Duration::from_secs(16 * 60);
        assert_eq!(delay(g.gate(IP, "a@x.gov.vn", later)), Duration::ZERO);
    }

    #[test]
    fn passwords_are_checked_and_disabled_accounts_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        store.add_domain("x.gov.vn").unwrap();
        store.add_agency("UB", "Ủy ban", None, None).unwrap();
        for local in ["a", "b"] {
            store
                .create_account(storage::NewAccount {
                    address: format!("{local}@x.gov.vn"),
                    display_name: "Nguyễn Văn A".into(),
                    agency_code: "UB".into(),
                    kind: storage::AccountKind::Personal,
                    password_hash: storage::password::hash_generated("đúng-rồi").unwrap(),
                    quota: storage::Quota::default(),
                })
                .unwrap();
        }
        store
            .set_status("b@x.gov.vn", AccountStatus::Suspended)
            .unwrap();
        assert!(verify_password(&store, " A@X.gov.vn ", "đúng-rồi").is_ok());
        assert!(matches!(
            verify_password(&store, "a@x.gov.vn", "sai"),
            Err(LoginError::Invalid)
        ));
        assert!(matches!(
            verify_password(&store, "nobody@x.gov.vn", "đúng-rồi"),
            Err(LoginError::Invalid)
        ));
        assert!(matches!(
            verify_password(&store, "b@x.gov.vn", "đúng-rồi"),
            Err(LoginError::Disabled("suspended"))
        ));
        assert!(!dummy_hash().is_empty());

        // A login that passed is taken from the cache next time, but only with the same
        // password, only while the stored hash is the same, and never past a suspension.
        assert!(VERIFIED.knows(
            "a@x.gov.vn",
            &store.password_hash("a@x.gov.vn").unwrap().1,
            "đúng-rồi"
        ));
        assert!(verify_password(&store, "a@x.gov.vn", "đúng-rồi").is_ok());
        assert!(verify_password(&store, "a@x.gov.vn", "sai").is_err());
        store
            .set_password_hash(
                "a@x.gov.vn",
                storage::password::hash_generated("mới-hơn").unwrap(),
            )
            .unwrap();
        assert!(matches!(
            verify_password(&store, "a@x.gov.vn", "đúng-rồi"),
            Err(LoginError::Invalid)
        ));
        assert!(verify_password(&store, "a@x.gov.vn", "mới-hơn").is_ok());
        store
            .set_status("a@x.gov.vn", AccountStatus::Suspended)
            .unwrap();
        assert!(matches!(
            verify_password(&store, "a@x.gov.vn", "mới-hơn"),
            Err(LoginError::Disabled("suspended"))
        ));
    }
}
