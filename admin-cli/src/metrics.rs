//! The Prometheus endpoint: `GET /metrics` over plain HTTP/1.1 on the `[listen] metrics`
//! address (loopback or an admin network: it needs no login). A few dozen lines of HTTP are
//! all it takes; a web framework would not earn its place.

use std::fmt::Write as _;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// Serves until `shutdown`.
pub async fn serve(
    socket: TcpListener,
    smtp: Arc<smtp::Smtp>,
    imap: Arc<imap::Imap>,
    shutdown: CancellationToken,
) {
    let mut errors = netlimits::AcceptErrors::default();
    loop {
        let accepted = tokio::select! {
            _ = shutdown.cancelled() => return,
            accepted = socket.accept() => accepted,
        };
        let mut stream = match accepted {
            Ok((stream, _)) => {
                errors.accepted();
                stream
            }
            Err(e) => {
                // Out of file descriptors: retrying at once would spin.
                let pause = errors.failed("metrics", &e);
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(pause) => continue,
                }
            }
        };
        let (smtp, imap) = (smtp.clone(), imap.clone());
        tokio::spawn(async move {
            // The request head only; a scrape has no body. Bounded: 8 KiB, 5 s.
            let mut head = Vec::with_capacity(512);
            let mut buf = [0u8; 1024];
            let read = tokio::time::timeout(std::time::Duration::from_secs(5), async {
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 8192 {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
            })
            .await;
            if read.is_err() {
                return;
            }
            let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
            let response = if line.starts_with(b"GET /metrics ") || line == b"GET /metrics" {
                let body = render(&smtp, &imap).await;
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 21\r\n\
                 Connection: close\r\n\r\nonly /metrics is here"
                    .to_string()
            };
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        });
    }
}

/// The exposition text (Prometheus text format 0.0.4).
async fn render(smtp: &smtp::Smtp, imap: &imap::Imap) -> String {
    let mut out = String::new();
    let mut last_family = String::new();
    let mut counters = smtp.stats.snapshot();
    counters.extend(imap.stats.snapshot());
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
    let store = smtp.store.clone();
    match tokio::task::spawn_blocking(move || store.gauges()).await {
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
    let store = smtp.store.clone();
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
