//! `GET /console`: who is logged in, their quota in use, and what their roles open.

use axum::response::{IntoResponse, Response};
use maud::html;

use storage::Role;

use super::Authed;
use super::i18n::{K, Lang};
use super::layout::page;

/// Bytes as people read them (1 KiB = 1024 bytes), with a comma as the decimal mark.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

pub async fn page_handler(who: Authed) -> Response {
    page_of(&who)
}

fn page_of(who: &Authed) -> Response {
    let a = &who.account;
    let lang = who.lang;
    let t = |k| lang.t(k);
    let usage = a.quota_usage();
    let body = html! {
        h1 { (lang.fill(K::hello, &[&a.display_name])) }
        div.card {
            h2 { (t(K::quota_title)) }
            @match usage.limit.bytes {
                Some(limit) if limit > 0 => {
                    p { (lang.fill(K::quota_used_of, &[
                        &human_size(usage.used_bytes),
                        &human_size(limit),
                        &format!("{:.0}", usage.used_bytes as f64 * 100.0 / limit as f64),
                        &usage.used_messages,
                    ])) }
                    progress #quota value=(usage.used_bytes.min(limit)) max=(limit) { }
                    @if usage.used_bytes * 10 >= limit * 9 {
                        p.error { (t(K::quota_almost_full)) }
                    }
                }
                _ => {
                    p { (lang.fill(K::quota_used_unlimited, &[&human_size(usage.used_bytes), &usage.used_messages])) }
                }
            }
        }
        div.card {
            h2 { (t(K::account_title)) }
            p { (t(K::address_label)) b { (a.address) } br; (t(K::agency_label)) (a.agency) }
            @if !who.roles.is_empty() {
                p { (t(K::roles_label))
                    @for (i, r) in who.roles.iter().enumerate() {
                        @if i > 0 { ", " }
                        (match (lang, r.role) {
                            (Lang::Vi, role) => role.name_vi(),
                            (Lang::En, Role::Admin) => t(K::role_admin),
                            (Lang::En, _) => t(K::role_report_viewer),
                        })
                        @if let Some(agency) = &r.agency { " (" (agency) ")" }
                    }
                }
            }
            ul {
                li { a href="/console/password" { (t(K::home_password)) } }
                li { a href="/console/vacation" { (t(K::home_vacation)) } }
                li { a href="/console/sent" { (t(K::home_sent)) } }
                @if who.may_view_reports() {
                    li { a href="/console/report" { (t(K::home_report)) } }
                    li { a href="/console/register" { (t(K::home_register)) } }
                    li { a href="/console/unused" { (t(K::home_unused)) } }
                }
                @if who.roles.iter().any(|r| r.role == Role::Admin) {
                    li { a href="/console/admin" { (t(K::home_admin)) } }
                }
            }
        }
    };
    page(t(K::nav_home), Some(who), body).into_response()
}
#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_the_cli() {
        assert_eq!(super::human_size(512), "512 B");
        assert_eq!(super::human_size(1536), "1,5 KiB");
        assert_eq!(super::human_size(2 * 1024 * 1024 * 1024), "2,0 GiB");
    }
}
