//! Counters of the SMTP service since start, for the metrics endpoint. Relaxed atomics: each
//! is an independent monotonic count.

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Stats {
    /// Connections accepted, by listener kind.
    pub connections_inbound: AtomicU64,
    pub connections_submission: AtomicU64,
    /// Connections refused by the per-IP cap.
    pub connections_refused: AtomicU64,
    /// Messages stored locally (per message, not per recipient).
    pub delivered: AtomicU64,
    /// Messages queued for remote recipients.
    pub queued: AtomicU64,
    /// Messages refused after DATA (policy, DMARC, size, storage).
    pub refused: AtomicU64,
    pub quarantined: AtomicU64,
    /// Outbound delivery attempts, per recipient: accepted by the next hop, failed for good
    /// (a DSN goes back), or left for a retry.
    pub relayed: AtomicU64,
    pub bounced: AtomicU64,
    pub deferred: AtomicU64,
    pub auth_failures: AtomicU64,
    pub auth_successes: AtomicU64,
}

impl Stats {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// (name, help, value) for each counter, in Prometheus naming.
    pub fn snapshot(&self) -> Vec<(&'static str, &'static str, u64)> {
        let v = |c: &AtomicU64| c.load(Ordering::Relaxed);
        vec![
            (
                "govmail_smtp_connections_total{listener=\"mx\"}",
                "SMTP connections accepted",
                v(&self.connections_inbound),
            ),
            (
                "govmail_smtp_connections_total{listener=\"submission\"}",
                "SMTP connections accepted",
                v(&self.connections_submission),
            ),
            (
                "govmail_smtp_connections_refused_total",
                "SMTP connections refused by the per-IP cap",
                v(&self.connections_refused),
            ),
            (
                "govmail_smtp_messages_delivered_total",
                "messages stored in local mailboxes",
                v(&self.delivered),
            ),
            (
                "govmail_smtp_messages_queued_total",
                "messages queued for remote recipients",
                v(&self.queued),
            ),
            (
                "govmail_smtp_messages_refused_total",
                "messages refused after DATA",
                v(&self.refused),
            ),
            (
                "govmail_smtp_messages_quarantined_total",
                "messages held in quarantine",
                v(&self.quarantined),
            ),
            (
                "govmail_outbound_recipients_total{result=\"relayed\"}",
                "outbound recipients by attempt result",
                v(&self.relayed),
            ),
            (
                "govmail_outbound_recipients_total{result=\"bounced\"}",
                "outbound recipients by attempt result",
                v(&self.bounced),
            ),
            (
                "govmail_outbound_recipients_total{result=\"deferred\"}",
                "outbound recipients by attempt result",
                v(&self.deferred),
            ),
            (
                "govmail_auth_failures_total{protocol=\"smtp\"}",
                "failed logins",
                v(&self.auth_failures),
            ),
            (
                "govmail_auth_successes_total{protocol=\"smtp\"}",
                "successful logins",
                v(&self.auth_successes),
            ),
        ]
    }
}
