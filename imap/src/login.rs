//! The login check of every protocol in this crate (IMAP, POP3, ManageSieve): the shared
//! throttle (delays, lockouts), the argon2 check on the blocking pool, and the bookkeeping
//! of a success or failure (throttle, metrics, usage counter, log line). Each protocol turns
//! the outcome into its own reply.

use std::net::IpAddr;
use std::time::Instant;

use policy::login::{Gate, LoginError, Secret};
use storage::{Account, StorageError, Store, UsageCounter};

use crate::Imap;
use crate::stats::{ProtocolStats, Stats};

/// Which protocol is logging in: where it is counted and what the log says.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Protocol {
    Imap,
    Pop3,
    ManageSieve,
}

impl Protocol {
    fn stats(self, imap: &Imap) -> &ProtocolStats {
        match self {
            Protocol::Imap => &imap.stats.imap,
            Protocol::Pop3 => &imap.stats.pop3,
            Protocol::ManageSieve => &imap.stats.sieve,
        }
    }

    fn counter(self) -> UsageCounter {
        match self {
            Protocol::Imap => UsageCounter::LoginImap,
            Protocol::Pop3 => UsageCounter::LoginPop3,
            Protocol::ManageSieve => UsageCounter::LoginSieve,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Protocol::Imap => "IMAP",
            Protocol::Pop3 => "POP3",
            Protocol::ManageSieve => "ManageSieve",
        }
    }
}

pub(crate) enum Outcome<T> {
    /// Right password; `T` is what `then` made of the account in the same blocking trip.
    Accepted(Box<Account>, Result<T, StorageError>),
    /// Locked out (too many failures, for the account or the address): retry in N minutes.
    Locked { minutes: u64 },
    /// Wrong user or password (counted against the throttle).
    Refused,
    /// Storage could not answer: a temporary failure, not the user's fault.
    Unavailable,
}

/// Checks `user`/`pass` from `ip`. `then` runs on the blocking pool right after a successful
/// check (POP3 opens its maildrop there); pass `|_, _| Ok(())` when nothing more is needed.
pub(crate) async fn check<T: Send + 'static>(
    imap: &Imap,
    protocol: Protocol,
    ip: IpAddr,
    user: &str,
    pass: Secret,
    then: impl FnOnce(&Store, &Account) -> Result<T, StorageError> + Send + 'static,
) -> Outcome<T> {
    let guard = &imap.logins;
    match guard.gate(ip, user, Instant::now()) {
        Gate::Locked { retry_after } => {
            return Outcome::Locked {
                minutes: retry_after.as_secs().div_ceil(60).max(1),
            };
        }
        Gate::Proceed { delay } if !delay.is_zero() => tokio::time::sleep(delay).await,
        Gate::Proceed { .. } => {}
    }
    let checked = policy::login::verify_then(&imap.store, user, pass, then).await;
    let stats = protocol.stats(imap);
    match checked {
        Ok(Ok((account, made))) => {
            guard.succeeded(ip, user);
            Stats::bump(&stats.auth_successes);
            imap.store.count(account.id, protocol.counter(), 1);
            tracing::info!(%ip, account = %account.address, "{} login", protocol.name());
            Outcome::Accepted(Box::new(account), made)
        }
        Ok(Err(LoginError::Unavailable(e))) => {
            tracing::error!(error = %e, "login check failed");
            Outcome::Unavailable
        }
        Ok(Err(e)) => {
            guard.failed(ip, user, Instant::now());
            Stats::bump(&stats.auth_failures);
            tracing::info!(%ip, reason = %e, "{} login failed", protocol.name());
            Outcome::Refused
        }
        Err(e) => {
            tracing::error!(error = %e, "login task failed");
            Outcome::Unavailable
        }
    }
}
