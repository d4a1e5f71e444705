//! The Prometheus exposition of the counters: served by the web crate's metrics listener
//! (`GET /metrics` over plain HTTP/1.1 on the `[listen] metrics` address, loopback or an
//! admin network: it needs no login).

use std::fmt::Write as _;
use std::sync::Arc;

/// The renderer the web crate's metrics listener calls for each scrape.
pub fn render_fn(
    smtp: Arc<smtp::Smtp>,
    imap: Arc<imap::Imap>,
    tls: Arc<crate::acme::Status>,
) -> web::MetricsRender {
    render_parts(
        smtp.stats.clone(),
        imap.stats.clone(),
        smtp.store.clone(),
        tls,
    )
}

/// The same renderer from the parts it reads (the counters outlive a reload), for the web
/// console's health page, which is built with each generation.
pub fn render_parts(
    smtp: Arc<smtp::stats::Stats>,
    imap: Arc<imap::stats::Stats>,
    store: storage::Store,
    tls: Arc<crate::acme::Status>,
) -> web::MetricsRender {
    Arc::new(move || {
        let (smtp, imap, store, tls) = (smtp.clone(), imap.clone(), store.clone(), tls.clone());
        Box::pin(async move {
            let mut out = render(&smtp, &imap, &store).await;
            out.push_str(&tls.render());
            out
        })
    })
}

/// The exposition text (Prometheus text format 0.0.4).
async fn render(
    smtp: &smtp::stats::Stats,
    imap: &imap::stats::Stats,
    store: &storage::Store,
) -> String {
    let mut out = String::new();
    let mut last_family = String::new();
    let mut counters = smtp.snapshot();
    counters.extend(imap.snapshot());
    // Prometheus wants each family's samples together, under one HELP/TYPE.
    counters.sort_by_key(|(name, _, _)| name.split('{').next().unwrap_or(name));
    for (name, help, value) in counters {
        let family = name.split('{').next().unwrap_or(name);
        if family != last_family {
            let _ = writeln!(out, "# HELP {family} {help}\n# TYPE {family} counter");
            last_family = family.to_string();
        }
        let _ = writeln!(out, "{name} {value}");
    }
    let gauges_store = store.clone();
    match tokio::task::spawn_blocking(move || gauges_store.gauges()).await {
        Ok(Ok(g)) => {
            for (name, help, value) in [
                ("govmail_accounts", "accounts in service", g.accounts),
                ("govmail_messages", "messages in all mailboxes", g.messages),
                (
                    "govmail_storage_used_bytes",
                    "bytes charged to accounts",
                    g.used_bytes,
                ),
                (
                    "govmail_storage_blob_bytes",
                    "bytes of distinct message files",
                    g.blob_bytes,
                ),
                (
                    "govmail_accounts_near_quota",
                    "accounts at 90% of their quota or more",
                    g.near_full_accounts,
                ),
                (
                    "govmail_queue_messages",
                    "messages waiting in the outbound queue",
                    g.queue_messages,
                ),
                (
                    "govmail_queue_oldest_age_seconds",
                    "age of the oldest queued message",
                    g.queue_oldest_age,
                ),
                (
                    "govmail_quarantine_messages",
                    "messages held in quarantine",
                    g.quarantined,
                ),
            ] {
                let _ = writeln!(
                    out,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
                );
            }
            let _ = writeln!(
                out,
                "# HELP govmail_up 1 while storage answers\n# TYPE govmail_up gauge\ngovmail_up 1"
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "# HELP govmail_up 1 while storage answers\n# TYPE govmail_up gauge\ngovmail_up 0"
            );
        }
    }
    let store = store.clone();
    if let Ok(Ok(disk)) = tokio::task::spawn_blocking(move || store.disk_status()).await {
        disk_metrics(&mut out, &disk);
    }
    out
}

/// The data directory's disk: alert on free bytes approaching the reserve (new mail is
/// refused below it), and on any refusal.
fn disk_metrics(out: &mut String, disk: &storage::DiskStatus) {
    for (name, kind, help, value) in [
        (
            "govmail_storage_free_bytes",
            "gauge",
            "bytes free on the data directory's file system",
            disk.free_bytes,
        ),
        (
            "govmail_storage_min_free_bytes",
            "gauge",
            "the reserve ([storage] min_free_space): new mail is refused below it",
            disk.min_free_bytes,
        ),
        (
            "govmail_storage_low_disk_refusals_total",
            "counter",
            "writes of mail refused because free space was below the reserve",
            disk.refusals,
        ),
    ] {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_metrics_are_in_the_exposition_format() {
        let mut out = String::new();
        let disk = storage::DiskStatus {
            free_bytes: 123,
            min_free_bytes: 256 << 20,
            refusals: 2,
        };
        disk_metrics(&mut out, &disk);
        assert!(
            out.contains(
                "# TYPE govmail_storage_free_bytes gauge\ngovmail_storage_free_bytes 123\n"
            )
        );
        assert!(out.contains("govmail_storage_min_free_bytes 268435456\n"));
        assert!(out.contains(
            "# TYPE govmail_storage_low_disk_refusals_total counter\n\
             govmail_storage_low_disk_refusals_total 2\n"
        ));
    }
}
