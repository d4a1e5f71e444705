//! Logins for every protocol (SMTP submission, IMAP, POP3, ManageSieve, and later the web):
//! the password check on a bounded pool of argon2 threads ([`PasswordPool`]), throttling of
//! guessers ([`throttle`], whose module documentation states the policy), and the credentials
//! as they arrive ([`Secret`], SASL PLAIN).
//!
//! A server is given one [`Logins`], made by the program's wiring and shared by every
//! protocol, and asks it [`Logins::check`] for each attempt; each protocol turns the
//! [`Checked`] outcome into its own reply.

mod login;
mod passwords;
mod secret;
pub mod throttle;

pub use login::{Checked, Logins, retry_minutes};
pub use passwords::PasswordPool;
pub use secret::{Secret, decode_plain};
pub use throttle::{Limit, Throttle, ThrottleConfig};

use storage::StorageError;

/// Why a password check failed. Callers answer every variant but `Unavailable` with the same
/// generic "invalid credentials" reply, so a guesser cannot tell unknown names from bad
/// passwords.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("invalid credentials")]
    Invalid,
    #[error("account is {0}")]
    Disabled(&'static str),
    #[error("authentication temporarily unavailable: {0}")]
    Unavailable(StorageError),
}

/// A login name as the throttle and the store compare it.
fn normalize(account: &str) -> String {
    account.trim().to_lowercase()
}
