//! Counters of the IMAP, POP3 and ManageSieve services since start, for the metrics endpoint. Relaxed
//! atomics: each is an independent monotonic count. Shared by the generations of a reloaded
//! service.

use std::sync::atomic::{AtomicU64, Ordering};

/// One protocol's counters.
#[derive(Debug, Default)]
pub struct ProtocolStats {
    /// Connections accepted, on the plain (STARTTLS/STLS) port and the implicit-TLS port.
    pub connections_plain: AtomicU64,
    pub connections_tls: AtomicU64,
    pub auth_failures: AtomicU64,
    pub auth_successes: AtomicU64,
    /// Connections turned away: too many from the client's address.
    pub connections_refused: AtomicU64,
}

/// IMAP commands that failed, by whose fault (see `error.rs`).
#[derive(Debug, Default)]
pub struct CommandStats {
    /// Answered BAD: not the grammar, or not valid in the session's state.
    pub bad: AtomicU64,
    /// Answered NO for the client's reasons: no such mailbox, over quota, read-only.
    pub refused: AtomicU64,
    /// Answered NO for ours: the store failed.
    pub failed: AtomicU64,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub imap_commands: CommandStats,
    pub imap: ProtocolStats,
    pub pop3: ProtocolStats,
    /// ManageSieve (one port, STARTTLS: its connections count as plain).
    pub sieve: ProtocolStats,
}

impl Stats {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// (name, help, value) for each counter, in Prometheus naming; the login counters share
    /// their names with SMTP's and are told apart by the protocol label.
    pub fn snapshot(&self) -> Vec<(&'static str, &'static str, u64)> {
        let v = |c: &AtomicU64| c.load(Ordering::Relaxed);
        vec![
            (
                "govmail_imap_bad_commands_total",
                "IMAP commands answered BAD (syntax, or wrong state)",
                v(&self.imap_commands.bad),
            ),
            (
                "govmail_imap_refused_commands_total",
                "IMAP commands answered NO for the client's reasons",
                v(&self.imap_commands.refused),
            ),
            (
                "govmail_imap_server_errors_total",
                "IMAP commands that failed for the server's reasons (SERVERBUG)",
                v(&self.imap_commands.failed),
            ),
            (
                "govmail_imap_connections_total{listener=\"imap\"}",
                "IMAP connections accepted",
                v(&self.imap.connections_plain),
            ),
            (
                "govmail_imap_connections_total{listener=\"imaps\"}",
                "IMAP connections accepted",
                v(&self.imap.connections_tls),
            ),
            (
                "govmail_pop3_connections_total{listener=\"pop3\"}",
                "POP3 connections accepted",
                v(&self.pop3.connections_plain),
            ),
            (
                "govmail_pop3_connections_total{listener=\"pop3s\"}",
                "POP3 connections accepted",
                v(&self.pop3.connections_tls),
            ),
            (
                "govmail_managesieve_connections_total",
                "ManageSieve connections accepted",
                v(&self.sieve.connections_plain),
            ),
            (
                "govmail_connections_refused_total{protocol=\"imap\"}",
                "connections refused: too many from the client's address",
                v(&self.imap.connections_refused),
            ),
            (
                "govmail_connections_refused_total{protocol=\"pop3\"}",
                "connections refused: too many from the client's address",
                v(&self.pop3.connections_refused),
            ),
            (
                "govmail_connections_refused_total{protocol=\"managesieve\"}",
                "connections refused: too many from the client's address",
                v(&self.sieve.connections_refused),
            ),
            (
                "govmail_auth_failures_total{protocol=\"imap\"}",
                "failed logins",
                v(&self.imap.auth_failures),
            ),
            (
                "govmail_auth_successes_total{protocol=\"imap\"}",
                "successful logins",
                v(&self.imap.auth_successes),
            ),
            (
                "govmail_auth_failures_total{protocol=\"pop3\"}",
                "failed logins",
                v(&self.pop3.auth_failures),
            ),
            (
                "govmail_auth_successes_total{protocol=\"pop3\"}",
                "successful logins",
                v(&self.pop3.auth_successes),
            ),
            (
                "govmail_auth_failures_total{protocol=\"managesieve\"}",
                "failed logins",
                v(&self.sieve.auth_failures),
            ),
            (
                "govmail_auth_successes_total{protocol=\"managesieve\"}",
                "successful logins",
                v(&self.sieve.auth_successes),
            ),
        ]
    }
}
