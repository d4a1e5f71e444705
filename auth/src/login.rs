//! One login attempt from start to end: the throttle's reservation, its delay, the password
//! check on the pool, and the outcome reported back to the throttle.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use storage::{Account, StorageError, Store};

use crate::throttle::{Gate, Throttle, ThrottleConfig};
use crate::{LoginError, PasswordPool, Secret};

/// Logins as every protocol shares them: the throttle and the password-check pool.
pub struct Logins {
    throttle: Arc<Throttle>,
    pool: Arc<PasswordPool>,
}

/// The outcome of [`Logins::check`].
#[derive(Debug)]
pub enum Checked<T> {
    /// Right password; `T` is what `then` made of the account in the same blocking trip.
    Accepted(Box<Account>, Result<T, StorageError>),
    /// Refused without checking the password: too many failures for this source (or the
    /// account is too busy with attempts from elsewhere); retry after `retry_after`.
    Locked { retry_after: Duration },
    /// Wrong user or password, or a disabled account (counted against the throttle).
    Refused(LoginError),
    /// Storage could not answer: a temporary failure, not the user's fault (not counted).
    Unavailable(String),
}

/// A `Locked` outcome's wait in whole minutes for a reply ("try again in N minutes"), at
/// least one.
pub fn retry_minutes(retry_after: Duration) -> u64 {
    retry_after.as_secs().div_ceil(60).max(1)
}

impl Logins {
    /// Logins throttled in memory (one node).
    pub fn new(config: ThrottleConfig, pool: Arc<PasswordPool>) -> Logins {
        Logins {
            throttle: Arc::new(Throttle::new(config)),
            pool,
        }
    }

    /// Logins throttled on `store`'s shared state when it has one (several nodes on one
    /// database), in memory otherwise.
    pub fn for_store(config: ThrottleConfig, pool: Arc<PasswordPool>, store: &Store) -> Logins {
        let throttle = match store.login_buckets() {
            Some(buckets) => Throttle::shared(config, buckets.clone()),
            None => Throttle::new(config),
        };
        Logins {
            throttle: Arc::new(throttle),
            pool,
        }
    }

    pub fn throttle(&self) -> &Throttle {
        &self.throttle
    }

    pub fn pool(&self) -> &Arc<PasswordPool> {
        &self.pool
    }

    /// Checks `user`/`pass` from `ip`: counts the attempt first (so that concurrent attempts
    /// cannot pass a limit together), waits the throttle's delay, checks the password on the
    /// pool, and reports the outcome. `then` runs on the blocking pool right after a
    /// successful check (POP3 opens its maildrop there); pass `|_, _| Ok(())` when nothing
    /// more is needed. Time is tokio's, so tests may pause it.
    pub async fn check<T: Send + 'static>(
        &self,
        store: &Store,
        ip: IpAddr,
        user: &str,
        pass: Secret,
        then: impl FnOnce(&Store, &Account) -> Result<T, StorageError> + Send + 'static,
    ) -> Checked<T> {
        let now = || tokio::time::Instant::now().into_std();
        let gate = if self.throttle.is_shared() {
            // The shared state is in the store: its calls block.
            let (throttle, user, at) = (self.throttle.clone(), user.to_string(), now());
            tokio::task::spawn_blocking(move || throttle.reserve(ip, &user, at))
                .await
                .unwrap_or_else(|e| Gate::Unavailable(format!("login throttle task: {e}")))
        } else {
            self.throttle.reserve(ip, user, now())
        };
        let attempt = match gate {
            Gate::Locked { retry_after } => return Checked::Locked { retry_after },
            Gate::Unavailable(e) => return Checked::Unavailable(e),
            Gate::Proceed(attempt) => attempt,
        };
        if !attempt.delay.is_zero() {
            tokio::time::sleep(attempt.delay).await;
        }
        // Dropped here (the client went away), the attempt stays counted as a failure.
        match self.pool.verify_then(store, user, pass, then).await {
            Ok(Ok((account, made))) => {
                let at = now();
                self.report(move |t| t.succeeded(attempt, at)).await;
                Checked::Accepted(Box::new(account), made)
            }
            Ok(Err(LoginError::Unavailable(e))) => {
                let at = now();
                self.report(move |t| t.abandoned(attempt, at)).await;
                Checked::Unavailable(e.to_string())
            }
            Ok(Err(e)) => {
                self.throttle.failed(attempt);
                Checked::Refused(e)
            }
            Err(e) => {
                let at = now();
                self.report(move |t| t.abandoned(attempt, at)).await;
                Checked::Unavailable(format!("login task failed: {e}"))
            }
        }
    }

    /// Tells the throttle an outcome: on a blocking thread when its state is in the store.
    async fn report(&self, tell: impl FnOnce(&Throttle) + Send + 'static) {
        if self.throttle.is_shared() {
            let throttle = self.throttle.clone();
            if let Err(e) = tokio::task::spawn_blocking(move || tell(&throttle)).await {
                tracing::warn!(error = %e, "login throttle task failed");
            }
        } else {
            tell(&self.throttle);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: &str = "annv@x.gov.vn";
    const PASSWORD: &str = "đúng-rồi";

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        store.add_domain("x.gov.vn").unwrap();
        store.add_agency("UB", "Ủy ban", None, None).unwrap();
        store
            .create_account(storage::NewAccount {
                address: USER.into(),
                display_name: "Nguyễn Văn An".into(),
                agency_code: "UB".into(),
                kind: storage::AccountKind::Personal,
                password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
                quota: storage::Quota::default(),
            })
            .unwrap();
        (dir, store)
    }

    fn logins() -> Arc<Logins> {
        Arc::new(Logins::new(
            ThrottleConfig::default(),
            Arc::new(PasswordPool::new(2)),
        ))
    }

    async fn attempt(logins: &Logins, store: &Store, ip: &str, password: &str) -> Checked<()> {
        let ip = ip.parse().unwrap();
        let pass = Secret::new(password.into());
        logins.check(store, ip, USER, pass, |_, _| Ok(())).await
    }

    /// 40 wrong passwords in parallel from one address: at most the limit (10) reach argon2;
    /// the others are refused without a check.
    #[tokio::test(start_paused = true)]
    async fn forty_concurrent_wrong_attempts_verify_at_most_the_limit() {
        let (_dir, store) = store();
        let logins = logins();
        let tasks: Vec<_> = (0..40)
            .map(|_| {
                let (logins, store) = (logins.clone(), store.clone());
                tokio::spawn(async move { attempt(&logins, &store, "192.0.2.10", "sai-rồi").await })
            })
            .collect();
        let (mut refused, mut locked) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Checked::Refused(_) => refused += 1,
                Checked::Locked { .. } => locked += 1,
                other => panic!("{other:?}"),
            }
        }
        let limit = ThrottleConfig::default().pair.burst as u64;
        assert!(
            logins.pool().checks() <= limit,
            "{}",
            logins.pool().checks()
        );
        assert_eq!((refused, locked), (limit, 40 - limit));
    }

    /// After 100 wrong passwords from other addresses, the owner logs in from the network
    /// they used before, at once.
    #[tokio::test(start_paused = true)]
    async fn the_owner_gets_in_after_100_failures_from_elsewhere() {
        let (_dir, store) = store();
        let logins = logins();
        assert!(matches!(
            attempt(&logins, &store, "198.51.100.7", PASSWORD).await,
            Checked::Accepted(..)
        ));
        // One attacker address: 10 checked, 40 refused unchecked; then many addresses.
        let mut locked = 0;
        for i in 0..50 {
            let checked = attempt(&logins, &store, "192.0.2.66", &format!("thử-{i}")).await;
            locked += usize::from(matches!(checked, Checked::Locked { .. }));
        }
        assert_eq!(locked, 40);
        for i in 0..50 {
            let ip = format!("10.0.{i}.1");
            let _ = attempt(&logins, &store, &ip, &format!("đoán-{i}")).await;
        }
        let before = tokio::time::Instant::now();
        assert!(matches!(
            attempt(&logins, &store, "198.51.100.7", PASSWORD).await,
            Checked::Accepted(..)
        ));
        assert_eq!(before.elapsed(), Duration::ZERO, "no delay for the owner");
    }
}
