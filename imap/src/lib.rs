//! IMAP service (issue 4). Layers: `wire` (framing and tokenizing, size caps before reading),
//! `response` (strings and status lines), `utf7` (mailbox names for IMAP4rev1 clients),
//! `sequence` (sequence sets), `session` (the per-connection state machine), `condstore`
//! (CONDSTORE/QRESYNC, RFC 7162), `shared` (unit mailboxes opened through grants), `list`
//! (LIST-EXTENDED, LIST-STATUS), `serve` (listeners, TLS, shutdown). `pop3` is the POP3
//! service and `managesieve` serves RFC 5804, both on the same store, settings and login
//! throttle.

pub mod bodystructure;
mod condstore;
pub mod date;
mod fetch;
mod idle;
mod io;
mod list;
mod login;
pub mod managesieve;
mod mutate;
pub mod pop3;
pub mod response;
pub mod search;
mod search_run;
pub mod sequence;
mod serve;
pub mod session;
mod shared;
pub mod sort;
pub mod stats;
mod status;
#[cfg(test)]
mod test_client;
pub mod utf7;
pub mod wire;

use std::sync::Arc;
use std::time::Duration;

use storage::Store;

pub use serve::{Listener, Live, Protocol, Server, TlsSource};

/// Settings of the IMAP service.
#[derive(Debug, Clone)]
pub struct ImapConfig {
    /// Longest command line (without literals); long UID sets need room.
    pub max_line: usize,
    /// Largest literal (APPEND): the message size limit.
    pub max_literal: u64,
    /// Allow LOGIN without TLS from loopback (tests, a local webmail).
    pub plaintext_login_on_loopback: bool,
    pub idle_timeout: Duration,
    /// MAXREDIRECTS announced by ManageSieve: keep it equal to `[sieve] max_redirects`.
    pub sieve_max_redirects: usize,
}

impl Default for ImapConfig {
    fn default() -> Self {
        ImapConfig {
            max_line: 64 * 1024,
            max_literal: 50 * 1024 * 1024,
            plaintext_login_on_loopback: false,
            idle_timeout: session::IDLE_TIMEOUT,
            sieve_max_redirects: policy::sieve::Limits::default().max_redirects,
        }
    }
}

/// What every IMAP and POP3 session shares.
pub struct Imap {
    pub config: ImapConfig,
    pub store: Store,
    pub logins: Arc<auth::Logins>,
    /// Cancelled when the server stops: sessions say BYE and close.
    pub shutdown: tokio_util::sync::CancellationToken,
    /// Counters for the metrics endpoint.
    pub stats: Arc<stats::Stats>,
}
