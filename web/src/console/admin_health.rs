//! `/console/admin/health`: the server's health for an administrator without a Prometheus —
//! the same figures the metrics endpoint exposes (rendered by the same function, then read
//! back from its text), the expiry of the configured TLS certificate (read from the file now,
//! by the program's own reader), and the data directory's disk.

use std::collections::HashMap;

use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use adminops::sizes::format_size;
use storage::DiskUsage;

use super::Authed;
use super::admin::{admin_only, desk_menu};
use super::i18n::{K, Lang};
use super::layout::page;

/// Below this many days left, the certificate is shown as a warning.
const CERT_WARN_DAYS: i64 = 21;

/// One sample of the exposition.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// With its labels: `govmail_auth_failures_total{protocol="imap"}`.
    pub name: String,
    pub value: f64,
    /// The family's HELP text.
    pub help: String,
}

/// Reads Prometheus text format 0.0.4 back: every sample with its family's HELP. Lines that
/// are neither are skipped.
pub fn parse_exposition(text: &str) -> Vec<Sample> {
    let mut help: HashMap<&str, &str> = HashMap::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            if let Some((family, text)) = rest.split_once(' ') {
                help.insert(family, text);
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.rsplit_once(' ') else {
            continue;
        };
        let Ok(value) = value.trim().parse::<f64>() else {
            continue;
        };
        let family = name.split('{').next().unwrap_or(name);
        out.push(Sample {
            name: name.to_string(),
            value,
            help: help.get(family).copied().unwrap_or("").to_string(),
        });
    }
    out
}

/// The figures worth a line of their own, with their labels' keys.
const SUMMARY: [(&str, K, Unit); 10] = [
    ("govmail_up", K::m_up, Unit::YesNo),
    ("govmail_accounts", K::m_accounts, Unit::Count),
    ("govmail_messages", K::m_messages, Unit::Count),
    ("govmail_storage_used_bytes", K::m_used, Unit::Bytes),
    ("govmail_accounts_near_quota", K::m_near_quota, Unit::Count),
    ("govmail_queue_messages", K::m_queue, Unit::Count),
    (
        "govmail_queue_oldest_age_seconds",
        K::m_oldest,
        Unit::Seconds,
    ),
    ("govmail_quarantine_messages", K::m_quarantine, Unit::Count),
    (
        "govmail_storage_low_disk_refusals_total",
        K::m_low_disk,
        Unit::Count,
    ),
    (
        "govmail_acme_renewal_failures_total",
        K::m_acme,
        Unit::Count,
    ),
];

#[derive(Clone, Copy)]
enum Unit {
    Count,
    Bytes,
    Seconds,
    YesNo,
}

fn show(lang: Lang, value: f64, unit: Unit) -> String {
    let whole = value.max(0.0) as u64;
    match unit {
        Unit::Count => whole.to_string(),
        Unit::Bytes => format_size(whole),
        Unit::Seconds => match whole {
            0..3600 => lang.fill(K::mins_n, &[&(whole / 60)]),
            3600..86400 => lang.fill(K::hours_n, &[&(whole / 3600)]),
            _ => lang.fill(K::days_n, &[&(whole / 86400)]),
        },
        Unit::YesNo => lang
            .t(if value >= 1.0 { K::yes } else { K::no })
            .to_string(),
    }
}

/// The certificate's state: (css class, text).
fn certificate(who: &Authed, now: i64) -> Option<(&'static str, String, String)> {
    let lang = who.lang;
    let source = who.console.admin.certificate.as_ref()?;
    let path = source.path.display().to_string();
    Some(match (source.expiry)(&source.path) {
        Ok(not_after) => {
            let t = storage::VnTime::from_unix(not_after);
            let days = (not_after - now).div_euclid(86_400);
            let date = format!("{:02}/{:02}/{:04}", t.day, t.month, t.year);
            if not_after <= now {
                ("error", path, lang.fill(K::cert_expired, &[&date]))
            } else if days < CERT_WARN_DAYS {
                ("warn", path, lang.fill(K::cert_renew, &[&date, &days]))
            } else {
                ("ok", path, lang.fill(K::cert_ok, &[&date, &days]))
            }
        }
        Err(e) => ("error", path, lang.fill(K::cert_unreadable, &[&e])),
    })
}

fn disk(lang: Lang, usage: &DiskUsage, blob_bytes: Option<u64>) -> Markup {
    let t = |k| lang.t(k);
    let used = usage.total_bytes.saturating_sub(usage.free_bytes);
    let percent = used
        .saturating_mul(100)
        .checked_div(usage.total_bytes)
        .unwrap_or(0);
    let class = if usage.free_bytes < usage.min_free_bytes.saturating_mul(2) {
        "error"
    } else if percent >= 85 {
        "warn"
    } else {
        "ok"
    };
    html! {
        dl #disk {
            dt { (t(K::disk_database)) } dd { (format_size(usage.database_bytes)) }
            @if let Some(blobs) = blob_bytes { dt { (t(K::disk_blobs)) } dd { (format_size(blobs)) } }
            dt { (t(K::disk_drive)) } dd class=(class) { (lang.fill(K::disk_used, &[&percent, &format_size(usage.total_bytes), &format_size(usage.free_bytes)])) }
            dt { (t(K::disk_reserve)) } dd { (format_size(usage.min_free_bytes)) (t(K::disk_reserve_hint)) }
        }
    }
}

pub async fn page_handler(who: Authed) -> Response {
    if let Err(r) = admin_only(&who, "health page", None).await {
        return r;
    }
    let samples = match &who.console.admin.metrics {
        Some(render) => Some(parse_exposition(&render().await)),
        None => None,
    };
    let store = who.console.store.clone();
    let data_dir = store.data_dir().display().to_string();
    let usage = tokio::task::spawn_blocking(move || store.disk_usage())
        .await
        .ok()
        .and_then(Result::ok);
    let find = |name: &str| {
        samples
            .as_ref()
            .and_then(|s| s.iter().find(|x| x.name == name).map(|x| x.value))
    };
    let now = storage::now();
    let cert = certificate(&who, now);
    let lang = who.lang;
    let t = |k| lang.t(k);
    let body = html! {
        h1 { (t(K::desk_health)) }
        (desk_menu(lang, "/console/admin/health"))
        section.card {
            h2 { (t(K::health_overview)) }
            @match &samples {
                Some(_) => {
                    dl #summary { @for (name, label, unit) in SUMMARY {
                        @if let Some(v) = find(name) { dt { (t(label)) } dd data-metric=(name) { (show(lang, v, unit)) } }
                    } }
                },
                None => { p.hint { (t(K::health_no_metrics)) } },
            }
        }
        section.card #certificate {
            h2 { (t(K::health_certificate)) }
            @match &cert {
                Some((class, path, text)) => {
                    p class=(class) { (text) }
                    p.hint { (t(K::health_file)) code { (path) } }
                },
                None => { p.hint { (t(K::health_no_certificate)) } },
            }
        }
        section.card {
            h2 { (t(K::health_disk)) }
            p.hint { (t(K::health_data_dir)) code { (data_dir) } }
            @match &usage {
                Some(u) => { (disk(lang, u, find("govmail_storage_blob_bytes").map(|v| v.max(0.0) as u64))) },
                None => { p.error { (t(K::health_disk_unreadable)) } },
            }
        }
        @if let Some(samples) = &samples {
            section.card {
                h2 { (t(K::health_all)) }
                p.hint { (t(K::health_all_hint)) }
                div.scroll { table #metrics {
                    thead { tr { th.name { (t(K::col_metric)) } th { (t(K::col_value)) } th.name { (t(K::col_meaning)) } } }
                    tbody { @for s in samples {
                        tr { td.name { code { (s.name) } } td { (s.value) } td.name { (s.help) } }
                    } }
                } }
            }
        }
    };
    page(t(K::desk_health), Some(&who), body).into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_exposition_is_read_back_with_its_help() {
        let text = "# HELP govmail_accounts accounts in service\n# TYPE govmail_accounts gauge\n\
                    govmail_accounts 42\n\
                    # HELP govmail_auth_failures_total failed logins\n\
                    govmail_auth_failures_total{protocol=\"imap\"} 3\n\
                    govmail_auth_failures_total{protocol=\"smtp\"} 0\nnot a sample\n";
        let samples = parse_exposition(text);
        assert_eq!(samples.len(), 3);
        assert_eq!(samples[0].name, "govmail_accounts");
        assert_eq!(samples[0].value, 42.0);
        assert_eq!(samples[0].help, "accounts in service");
        assert_eq!(
            samples[1].name,
            "govmail_auth_failures_total{protocol=\"imap\"}"
        );
        assert_eq!(samples[2].help, "failed logins");
    }

    #[test]
    fn figures_are_shown_in_their_units() {
        assert_eq!(show(Lang::Vi, 1.0, Unit::YesNo), "có");
        assert_eq!(show(Lang::Vi, 0.0, Unit::YesNo), "KHÔNG");
        assert_eq!(show(Lang::Vi, 7200.0, Unit::Seconds), "2 giờ");
        assert_eq!(show(Lang::En, 7200.0, Unit::Seconds), "2 h");
        assert_eq!(show(Lang::En, 1.0, Unit::YesNo), "yes");
        assert_eq!(show(Lang::Vi, 12.0, Unit::Count), "12");
    }
}
