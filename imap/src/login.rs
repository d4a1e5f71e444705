//! The login check of every protocol in this crate (IMAP, POP3, ManageSieve): the shared
//! [`auth::Logins`] (throttle and password check), then the bookkeeping of a success or
//! failure (metrics, usage counter, log line). Each protocol turns the outcome into its own
//! reply.

use std::net::IpAddr;

use auth::{Checked, Secret};
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
    /// Refused by the throttle (too many failures from this address): retry in N minutes.
    Locked { minutes: u64 },
    /// Wrong user or password (counted against the throttle).
    Refused,
    /// Storage could not answer: a temporary failure, not the user's fault.
    Unavailable,
    /// The server began to shut down while the check waited (the throttle's delay can be a
    /// minute): the session says so and ends.
    ShuttingDown,
}

/// Checks `user`/`pass` from `ip` through the shared [`auth::Logins`]. `then` runs on the
/// blocking pool right after a successful check (POP3 opens its maildrop there); pass
/// `|_, _| Ok(())` when nothing more is needed.
pub(crate) async fn check<T: Send + 'static>(
    imap: &Imap,
    protocol: Protocol,
    ip: IpAddr,
    user: &str,
    pass: Secret,
    then: impl FnOnce(&Store, &Account) -> Result<T, StorageError> + Send + 'static,
) -> Outcome<T> {
    // Boxed: a session's future is as large as its largest await, and every idle connection
    // keeps one; the login check (throttle, password pool) is needed for a moment only.
    // A shutdown does not wait out the throttle's delay; the attempt, dropped, stays counted
    // as a failure (`auth::Logins::check`).
    let checked = tokio::select! {
        checked = Box::pin(imap.logins.check(&imap.store, ip, user, pass, then)) => checked,
        _ = imap.shutdown.cancelled() => return Outcome::ShuttingDown,
    };
    let stats = protocol.stats(imap);
    match checked {
        Checked::Accepted(account, made) => {
            Stats::bump(&stats.auth_successes);
            imap.store.count(account.id, protocol.counter(), 1);
            tracing::info!(%ip, account = %account.address, "{} login", protocol.name());
            Outcome::Accepted(account, made)
        }
        Checked::Locked { retry_after } => {
            auth::log_refused(protocol.name(), ip, user, auth::Refusal::Throttled);
            Outcome::Locked {
                minutes: auth::retry_minutes(retry_after),
            }
        }
        Checked::Refused(e) => {
            Stats::bump(&stats.auth_failures);
            auth::log_refused(protocol.name(), ip, user, auth::Refusal::Failed(&e));
            Outcome::Refused
        }
        Checked::Unavailable(e) => {
            tracing::error!(error = %e, "login check failed");
            Outcome::Unavailable
        }
    }
}
