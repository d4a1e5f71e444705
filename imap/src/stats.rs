//! Counters of the IMAP service since start, for the metrics endpoint. Relaxed atomics: each
//! is an independent monotonic count. Shared by the generations of a reloaded service.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Stats {
    /// Connections accepted, on the STARTTLS port and the implicit-TLS port.
    pub connections_plain: AtomicU64,
    pub connections_tls: AtomicU64,
    pub auth_failures: AtomicU64,
    pub auth_successes: AtomicU64,
}

impl Stats {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// (name, help, value) for each counter, in Prometheus naming; the names are shared with
    /// the SMTP counters and told apart by their labels.
    pub fn snapshot(&self) -> Vec<(&'static str, &'static str, u64)> {
        let v = |c: &AtomicU64| c.load(Ordering::Relaxed);
        vec![
            (
                "govmail_imap_connections_total{listener=\"imap\"}",
                "IMAP connections accepted",
                v(&self.connections_plain),
            ),
            (
                "govmail_imap_connections_total{listener=\"imaps\"}",
                "IMAP connections accepted",
                v(&self.connections_tls),
            ),
            (
                "govmail_auth_failures_total{protocol=\"imap\"}",
                "failed logins",
                v(&self.auth_failures),
            ),
            (
                "govmail_auth_successes_total{protocol=\"imap\"}",
                "successful logins",
                v(&self.auth_successes),
            ),
        ]
    }
}
