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
#[cfg(test)]
mod limits_tests;
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
#[cfg(test)]
mod space_tests;
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
    /// Most simultaneous connections from one IP address, per protocol (`[limits]`).
    pub connections_per_ip: ConnectionsPerIp,
    /// Clients whose connections those caps do not count.
    pub exempt: Vec<netlimits::Network>,
    /// TLS handshake, command and transfer deadlines (`[limits]`).
    pub deadlines: netlimits::Deadlines,
}

/// Most simultaneous connections from one IP address to each protocol (all its ports
/// together). Offices reach us through one NAT address, so these count an office, not a
/// person: Thunderbird opens up to 5 IMAP connections per account (Dovecot's
/// mail_max_userip_connections is 10 per user and address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionsPerIp {
    pub imap: usize,
    pub pop3: usize,
    pub managesieve: usize,
}

impl Default for ConnectionsPerIp {
    fn default() -> Self {
        ConnectionsPerIp {
            // Ten people behind one address with Thunderbird's usual 2–5 connections each.
            imap: 50,
            // A POP3 client holds one connection, for seconds at a time.
            pop3: 20,
            // Filter editors open one connection while a user edits a rule.
            managesieve: 10,
        }
    }
}

impl Default for ImapConfig {
    fn default() -> Self {
        ImapConfig {
            max_line: 64 * 1024,
            max_literal: 50 * 1024 * 1024,
            plaintext_login_on_loopback: false,
            idle_timeout: session::IDLE_TIMEOUT,
            sieve_max_redirects: policy::sieve::Limits::default().max_redirects,
            connections_per_ip: ConnectionsPerIp::default(),
            exempt: Vec::new(),
            deadlines: netlimits::Deadlines::default(),
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
