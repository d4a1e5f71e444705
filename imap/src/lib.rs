//! IMAP service (issue 4; conformance, issue 18). Layers, top to bottom:
//! - `wire`: framing and tokenizing, with size caps before reading;
//! - `command`: tokens become a typed `Command`, checked against RFC 9051's grammar (and
//!   each announced extension's), with the states each may run in; `error`: one error type
//!   that says whose fault a failure is and so picks the status, code, log level and counter;
//! - `session`: the per-connection state machine, which dispatches each command to its
//!   handler module — `select` (SELECT/EXAMINE/CLOSE/UNSELECT), `list` (LIST, LSUB,
//!   LIST-EXTENDED, LIST-STATUS), `status`, `append`, `mailboxes` (CREATE … UNSUBSCRIBE),
//!   `quota`, `fetch`, `store`, `expunge`, `copy` (COPY/MOVE), `search_run` (SEARCH),
//!   `sort`, `idle`; `condstore` holds CONDSTORE/QRESYNC (RFC 7162) and `shared` the unit
//!   mailboxes opened through grants;
//! - `view`: the selected mailbox as the client knows it (sequence numbers, \Recent,
//!   keywords announced, expunges not yet told), through which every untagged update goes
//!   by the rules of RFC 9051 §7 (`idle` feeds it the changes of other sessions);
//! - `response`, `utf7`, `sequence`, `date`: writing responses and reading the small forms.
//!
//! `serve` runs the listeners and TLS. `pop3` is the POP3 service and `managesieve` serves
//! RFC 5804, both on the same store, settings and login throttle.

mod acl;
mod append;
#[cfg(test)]
mod append_tests;
pub mod bodystructure;
// Public for its fuzz target (fuzz/src/bin/imap_url.rs).
pub mod catenate;
mod command;
mod compress;
mod condstore;
mod copy;
pub mod date;
mod error;
mod esearch;
mod expunge;
mod fetch;
mod idle;
mod io;
#[cfg(test)]
mod limits_tests;
mod list;
mod login;
mod mailboxes;
pub mod managesieve;
mod notify;
mod objectid;
pub mod pop3;
mod preview;
mod quota;
pub mod response;
pub mod search;
mod search_run;
mod select;
pub mod sequence;
mod serve;
pub mod session;
mod shared;
pub mod sort;
#[cfg(test)]
mod space_tests;
pub mod stats;
mod status;
mod store;
#[cfg(test)]
mod test_client;
pub mod thread;
/// Modified UTF-7 mailbox names, shared with Sieve delivery (it lives in `policy`).
pub use policy::utf7;
mod view;
pub mod wire;

use std::sync::Arc;
use std::time::Duration;

use storage::Store;

pub use serve::{Listener, Live, Protocol, Server, TlsSource};

/// Reads one framed command through the tokenizer and the typed command layer, as a session
/// does: the command's name, or the text of the BAD it gets. For the fuzz targets.
pub fn check_command(frame: &[u8]) -> Result<&'static str, String> {
    let mut cmd = wire::tokenize(frame).map_err(|e| e.message)?;
    command::parse(&mut cmd)
        .map(|c| c.name())
        .map_err(|e| e.text.into_owned())
}

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
