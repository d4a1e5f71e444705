//! Logins for every protocol (SMTP submission, IMAP, POP3, ManageSieve, the web console):
//! the password check on a bounded pool of argon2 threads ([`PasswordPool`]), throttling of
//! guessers ([`throttle`], whose module documentation states the policy), and the credentials
//! as they arrive ([`Secret`], SASL PLAIN), and the web console's sessions ([`session`]).
//!
//! A server is given one [`Logins`], made by the program's wiring and shared by every
//! protocol, and asks it [`Logins::check`] for each attempt; each protocol turns the
//! [`Checked`] outcome into its own reply.

mod login;
pub mod password_policy;
mod passwords;
mod secret;
pub mod session;
pub mod throttle;

pub use login::{Checked, Logins, retry_minutes};
pub use passwords::PasswordPool;
pub use secret::{Secret, decode_plain};
pub use session::{Session, SessionConfig, Sessions};
pub use throttle::{Limit, Throttle, ThrottleConfig};

use storage::StorageError;

/// Why a password check failed. Callers answer every variant but `Unavailable` with the same
/// generic "invalid credentials" reply, so a guesser cannot tell unknown names from bad
/// passwords; the log says which (its reader is the administrator).
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("unknown account")]
    UnknownAccount,
    #[error("wrong password")]
    BadPassword,
    /// The check did not finish (its thread went away): refused all the same.
    #[error("invalid credentials")]
    Invalid,
    #[error("account is {0}")]
    Disabled(&'static str),
    #[error("authentication temporarily unavailable: {0}")]
    Unavailable(StorageError),
}

/// The longest login name a log line shows, in characters.
pub const LOGGED_NAME_MAX: usize = 64;

/// A login name as a client gave it, fit for a log line: control characters (a forged line
/// break, an escape sequence) are shown as `\u{..}` escapes, and a name longer than
/// [`LOGGED_NAME_MAX`] characters is cut, with "…" at the end. Never give it a password.
pub fn loggable(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if i == LOGGED_NAME_MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Why a login was refused, for [`log_refused`].
#[derive(Debug, Clone, Copy)]
pub enum Refusal<'a> {
    /// The check failed: unknown account, wrong password, disabled account.
    Failed(&'a LoginError),
    /// The throttle refused it unchecked (too many failures).
    Throttled,
}

/// Logs a refused login the same way for every protocol, for the administrator who is told
/// "I cannot log in": the protocol, the client's address, the login name as given (see
/// [`loggable`]) and the reason (`unknown account`, `wrong password`, `account is
/// suspended`, `throttled`). The password never comes here. A throttled attempt is a
/// warning: someone is guessing.
pub fn log_refused(protocol: &str, ip: std::net::IpAddr, user: &str, why: Refusal<'_>) {
    let account = loggable(user);
    match why {
        Refusal::Failed(e) => {
            tracing::info!(peer = %ip, %account, reason = %e, "{protocol} login failed")
        }
        Refusal::Throttled => {
            tracing::warn!(peer = %ip, %account, reason = %"throttled", "{protocol} login refused: too many failures")
        }
    }
}

/// A login name as the throttle and the store compare it.
fn normalize(account: &str) -> String {
    account.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name as given reaches the log without line breaks or escape sequences, and cut.
    #[test]
    fn logged_names_are_sanitised_and_capped() {
        assert_eq!(loggable("annv@quangngai.gov.vn"), "annv@quangngai.gov.vn");
        assert_eq!(loggable("Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(
            loggable("a\r\nINFO fake line\u{1b}[31m"),
            "a\\u{d}\\u{a}INFO fake line\\u{1b}[31m"
        );
        let long = "ư".repeat(500);
        let cut = loggable(&long);
        assert_eq!(cut.chars().count(), LOGGED_NAME_MAX + 1);
        assert!(cut.ends_with('…'));
    }
}
