//! Checking a password: the argon2 pool and the cache of recently verified logins.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use storage::{Account, AccountStatus, StorageError, Store};

use crate::{LoginError, Secret, normalize};

/// How long an argon2 thread keeps its working memory after its last check. A burst of
/// logins (clients reconnecting after a restart) reuses it; an idle server holds none. glibc
/// serves a block this large with a mapping of its own, so dropping it returns it to the system.
const ARGON2_MEMORY_KEPT_FOR: Duration = Duration::from_secs(1);

/// How long a password that passed argon2 is taken without checking it again (Dovecot's
/// auth_cache_ttl plays the same part). Mail clients log in again and again — phones on every
/// wake, Outlook per folder — and argon2 costs tens of milliseconds of CPU by design.
const VERIFIED_FOR: Duration = Duration::from_secs(15 * 60);

/// Most entries kept; beyond it the cache starts afresh.
const VERIFIED_MAX: usize = 100_000;

/// What is told the outcome of an argon2 check (with the password and hash, given back).
type Argon2Done = Box<dyn FnOnce(bool, String, String) + Send>;

/// A password check waiting for an argon2 thread: the password, the stored hash, and what is
/// told the outcome.
type Argon2Job = (String, String, Argon2Done);

/// The bounded pool that checks passwords, shared by every protocol: a few long-lived argon2
/// threads (one per core is the usual choice) fed by a queue, and the cache of logins that
/// passed recently. Each check takes 19 MiB and a core for tens of milliseconds: a thousand
/// clients logging in together after a restart would otherwise ask for gigabytes at once, and
/// the allocator would keep the memory of every thread that ever ran one.
///
/// Made once by the program's wiring and handed to the servers (through [`crate::Logins`]);
/// its threads end when the last handle is dropped.
pub struct PasswordPool {
    /// The queue, or None when no thread could be started (checks then run on the caller's
    /// thread).
    queue: Option<Arc<Argon2Queue>>,
    verified: VerifiedCache,
    /// A hash to check unknown names against, made on first need.
    dummy: OnceLock<String>,
    /// argon2 checks run so far (tests, metrics).
    checks: Arc<AtomicU64>,
}

impl PasswordPool {
    /// A pool of `threads` argon2 threads (at least one).
    pub fn new(threads: usize) -> PasswordPool {
        let queue = Arc::new(Argon2Queue::new());
        let checks = Arc::new(AtomicU64::new(0));
        let mut started = 0;
        for i in 0..threads.max(1) {
            let (queue, checks) = (queue.clone(), checks.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    let mut memory = Vec::new();
                    while let Some((password, hash, done)) = queue.next(&mut memory) {
                        checks.fetch_add(1, Ordering::Relaxed);
                        let ok =
                            storage::password::verify_with_memory(&password, &hash, &mut memory);
                        done(ok, hash, password);
                    }
                });
            started += usize::from(spawned.is_ok());
        }
        PasswordPool {
            // A thread that cannot start is not fatal; with none at all, callers check the
            // password themselves.
            queue: (started > 0).then_some(queue),
            verified: VerifiedCache::new(),
            dummy: OnceLock::new(),
            checks,
        }
    }

    /// One thread per core: what a server uses.
    pub fn per_core() -> PasswordPool {
        PasswordPool::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// How many argon2 checks have run (right and wrong passwords alike).
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// Checks a login name (the full address, case-insensitive) and password. Blocking
    /// (argon2 and SQLite): async callers use [`PasswordPool::verify_then`].
    pub fn verify_password(
        &self,
        store: &Store,
        login: &str,
        password: &str,
    ) -> Result<Account, LoginError> {
        match self.precheck(store, login, password) {
            Precheck::Done(result) => result,
            Precheck::Hash(check) => {
                let (reply, answer) = std::sync::mpsc::sync_channel(1);
                self.run(check, move |result| {
                    let _ = reply.send(result);
                });
                answer.recv().unwrap_or(Err(LoginError::Invalid))
            }
        }
    }

    /// [`PasswordPool::verify_password`] for async sessions, then `then` with the account on
    /// the blocking pool (the caller's further reads; in the same trip when the login was
    /// known). A password that must go through argon2 waits for it without holding a thread:
    /// a burst of logins after a restart would otherwise park one blocking thread per client
    /// for the length of the queue.
    pub async fn verify_then<T: Send + 'static>(
        self: &Arc<Self>,
        store: &Store,
        user: &str,
        pass: Secret,
        then: impl FnOnce(&Store, &Account) -> Result<T, StorageError> + Send + 'static,
    ) -> Result<Result<(Account, Result<T, StorageError>), LoginError>, tokio::task::JoinError>
    {
        /// Where the first trip to the blocking pool ends.
        enum First<T, F> {
            Done(Result<(Account, Result<T, StorageError>), LoginError>),
            Hash(HashCheck, Store, F),
        }
        let (pool, store, name) = (self.clone(), store.clone(), user.to_string());
        let first = tokio::task::spawn_blocking(move || {
            match pool.precheck(&store, &name, pass.declassify()) {
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
        self.run(check, move |result| {
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

    /// The first half of a login check: what the database and the cache of recent logins
    /// can answer. Blocking (SQLite), short.
    fn precheck(&self, store: &Store, login: &str, password: &str) -> Precheck {
        let login = normalize(login);
        let (account, hash) = match store.password_hash(&login) {
            Ok((account, hash)) => (Some(account), hash),
            Err(StorageError::NotFound { .. }) => (None, self.dummy_hash().to_string()),
            Err(e) => return Precheck::Done(Err(LoginError::Unavailable(e))),
        };
        match account {
            Some(account) if self.verified.knows(&login, &hash, password) => {
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

    /// Queues the argon2 check of `check`; `done` gets the outcome, on an argon2 thread.
    fn run(
        &self,
        check: HashCheck,
        done: impl FnOnce(Result<Account, LoginError>) + Send + 'static,
    ) {
        let HashCheck {
            login,
            account,
            hash,
            password,
        } = check;
        let remember = self.verified.remember_handle();
        let finish = move |ok: bool, hash: String, password: String| {
            let result = match account {
                Some(account) if ok => {
                    remember.remember(&login, &hash, &password);
                    account_status(account)
                }
                Some(_) => Err(LoginError::BadPassword),
                None => Err(LoginError::UnknownAccount),
            };
            done(result);
        };
        match &self.queue {
            Some(queue) => queue.push((password, hash, Box::new(finish))),
            None => {
                self.checks.fetch_add(1, Ordering::Relaxed);
                let ok = storage::password::verify(&password, &hash);
                finish(ok, hash, password);
            }
        }
    }

    /// A hash to check unknown names against: made once, with the default parameters.
    fn dummy_hash(&self) -> &str {
        self.dummy
            .get_or_init(|| storage::password::hash("govmail-dummy").unwrap_or_default())
    }
}

impl Drop for PasswordPool {
    fn drop(&mut self) {
        if let Some(queue) = &self.queue {
            queue.close();
        }
    }
}

/// The first half of a login check (see [`PasswordPool::precheck`]).
enum Precheck {
    /// Answered without argon2: the password passed argon2 recently, or storage failed.
    Done(Result<Account, LoginError>),
    /// The password must go through argon2.
    Hash(HashCheck),
}

/// A password waiting for argon2 (see [`Precheck`]).
struct HashCheck {
    login: String,
    /// None for a name that does not exist: the check runs anyway, against a dummy hash, so
    /// that timing does not reveal which names exist, and fails.
    account: Option<Account>,
    hash: String,
    password: String,
}

/// The account's status decides last, read afresh at every login.
fn account_status(account: Account) -> Result<Account, LoginError> {
    match account.status {
        AccountStatus::Active => Ok(account),
        other => Err(LoginError::Disabled(other.as_str())),
    }
}

/// The checks waiting for an argon2 thread. Idle threads wait on the condition variable, not
/// on the lock, so that each can give its memory back on its own timer.
struct Argon2Queue {
    jobs: Mutex<VecDeque<Argon2Job>>,
    ready: Condvar,
    /// Set when the pool is dropped: threads finish the queue and end.
    closed: AtomicBool,
}

impl Argon2Queue {
    fn new() -> Argon2Queue {
        Argon2Queue {
            jobs: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
            closed: AtomicBool::new(false),
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

    fn close(&self) {
        // Taken under the lock so that no thread misses the wake-up between its check of
        // `closed` and its wait.
        let _jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        self.closed.store(true, Ordering::SeqCst);
        self.ready.notify_all();
    }

    /// The next job, or None once the pool is closed and the queue empty. A thread holding
    /// memory waits at most [`ARGON2_MEMORY_KEPT_FOR`] and frees the memory when nothing
    /// came; without memory it waits as long as it takes.
    fn next(&self, memory: &mut storage::password::HashMemory) -> Option<Argon2Job> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(job) = jobs.pop_front() {
                return Some(job);
            }
            if self.closed.load(Ordering::SeqCst) {
                return None;
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

/// Logins whose password passed argon2 recently. Only a keyed digest is kept: SHA-256 over a
/// random per-pool key, the stored argon2 hash and the password. A new password changes the
/// stored hash, so an old password is never taken from here; failures are never cached; the
/// account's status is read afresh at every login.
struct VerifiedCache(Arc<VerifiedInner>);

struct VerifiedInner {
    key: [u8; 32],
    entries: Mutex<HashMap<String, ([u8; 32], Instant)>>,
}

impl VerifiedCache {
    fn new() -> VerifiedCache {
        VerifiedCache(Arc::new(VerifiedInner {
            key: rand::random(),
            entries: Mutex::new(HashMap::new()),
        }))
    }

    fn knows(&self, login: &str, hash: &str, password: &str) -> bool {
        self.0.knows(login, hash, password)
    }

    /// A handle an argon2 thread uses to remember a success.
    fn remember_handle(&self) -> Arc<VerifiedInner> {
        self.0.clone()
    }
}

impl VerifiedInner {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An argon2 thread gives its working memory back once no check came for a while, and
    /// still takes the next check.
    #[test]
    fn an_idle_argon2_thread_frees_its_memory() {
        let queue = Arc::new(Argon2Queue::new());
        let worker = {
            let queue = queue.clone();
            std::thread::spawn(move || {
                let mut memory: storage::password::HashMemory = vec![Default::default(); 1024];
                let (password, _, _) = queue.next(&mut memory).unwrap();
                (password, memory.len())
            })
        };
        std::thread::sleep(ARGON2_MEMORY_KEPT_FOR * 2);
        queue.push(("next".into(), String::new(), Box::new(|_, _, _| {})));
        assert_eq!(worker.join().unwrap(), ("next".to_string(), 0));
    }

    /// Dropping the pool ends its threads.
    #[test]
    fn a_closed_queue_ends_its_threads() {
        let queue = Arc::new(Argon2Queue::new());
        let worker = {
            let queue = queue.clone();
            std::thread::spawn(move || queue.next(&mut Vec::new()).is_none())
        };
        queue.close();
        assert!(worker.join().unwrap());
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
        let pool = PasswordPool::new(1);
        assert!(
            pool.verify_password(&store, " A@X.gov.vn ", "đúng-rồi")
                .is_ok()
        );
        assert!(matches!(
            pool.verify_password(&store, "a@x.gov.vn", "sai"),
            Err(LoginError::BadPassword)
        ));
        assert!(matches!(
            pool.verify_password(&store, "nobody@x.gov.vn", "đúng-rồi"),
            Err(LoginError::UnknownAccount)
        ));
        assert!(matches!(
            pool.verify_password(&store, "b@x.gov.vn", "đúng-rồi"),
            Err(LoginError::Disabled("suspended"))
        ));
        assert!(!pool.dummy_hash().is_empty());

        // A login that passed is taken from the cache next time, but only with the same
        // password, only while the stored hash is the same, and never past a suspension.
        assert!(pool.verified.knows(
            "a@x.gov.vn",
            &store.password_hash("a@x.gov.vn").unwrap().1,
            "đúng-rồi"
        ));
        let checks = pool.checks();
        assert!(
            pool.verify_password(&store, "a@x.gov.vn", "đúng-rồi")
                .is_ok()
        );
        assert_eq!(pool.checks(), checks, "taken from the cache");
        assert!(pool.verify_password(&store, "a@x.gov.vn", "sai").is_err());
        store
            .set_password_hash(
                "a@x.gov.vn",
                storage::password::hash_generated("mới-hơn").unwrap(),
            )
            .unwrap();
        assert!(matches!(
            pool.verify_password(&store, "a@x.gov.vn", "đúng-rồi"),
            Err(LoginError::BadPassword)
        ));
        assert!(
            pool.verify_password(&store, "a@x.gov.vn", "mới-hơn")
                .is_ok()
        );
        store
            .set_status("a@x.gov.vn", AccountStatus::Suspended)
            .unwrap();
        assert!(matches!(
            pool.verify_password(&store, "a@x.gov.vn", "mới-hơn"),
            Err(LoginError::Disabled("suspended"))
        ));
    }
}
