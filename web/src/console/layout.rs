//! The page frame every console page shares, the stylesheet, and the error pages.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::Authed;
use super::i18n::{K, Lang};

const CSS: &str = include_str!("console.css");

/// `GET /console/console.css`: the one stylesheet (cached for a day; it changes only with the
/// program).
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        CSS,
    )
        .into_response()
}

/// A whole page in `who`'s language: the header with the menu for `who` (none on the login
/// page), then `body`.
pub fn page(title: &str, who: Option<&Authed>, body: Markup) -> Markup {
    page_in(who.map_or(Lang::Vi, |w| w.lang), title, who, body)
}

/// A whole page in `lang` (without `who`, its language link comes back to the login page,
/// which sends anyone logged in on to the console).
pub fn page_in(lang: Lang, title: &str, who: Option<&Authed>, body: Markup) -> Markup {
    let t = |k| lang.t(k);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (t(K::brand)) }
                link rel="stylesheet" href="/console/console.css";
            }
            body {
                header {
                    a.brand href="/console" { (t(K::brand)) }
                    @if let Some(who) = who {
                        nav {
                            a href="/console" { (t(K::nav_home)) }
                            a href="/console/password" { (t(K::nav_password)) }
                            a href="/console/vacation" { (t(K::nav_vacation)) }
                            @if who.may_view_reports() {
                                a href="/console/report" { (t(K::nav_report)) }
                                a href="/console/register" { (t(K::nav_register)) }
                                a href="/console/unused" { (t(K::nav_unused)) }
                            }
                            @if who.is_admin() {
                                a href="/console/admin" { (t(K::nav_admin)) }
                            }
                            form method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(who.session.csrf());
                                button.link type="submit" { (t(K::logout)) " (" (who.account.address) ")" }
                            }
                        }
                    }
                }
                main { (body) }
                footer {
                    a #lang hreflang=(lang.other().code()) lang=(lang.other().code())
                        href=(switch_link(lang.other(), who.map_or("/login", |w| w.path.as_str()))) {
                        (t(K::other_language))
                    }
                }
            }
        }
    }
}

/// The language switch's link, coming back to `back`.
fn switch_link(to: Lang, back: &str) -> String {
    let mut url = format!("/console/lang?to={}&back=", to.code());
    for b in back.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A page with `status` and one message (and a way back), in `lang`.
pub fn message_in(lang: Lang, status: StatusCode, title: &str, text: &str) -> Response {
    let body = html! {
        h1 { (title) }
        p.error { (text) }
        p { a href="/console" { (lang.t(K::back_home)) } }
    };
    (status, page_in(lang, title, None, body)).into_response()
}

pub fn forbidden_in(lang: Lang, text: &str) -> Response {
    message_in(
        lang,
        StatusCode::FORBIDDEN,
        lang.t(K::forbidden_title),
        text,
    )
}

pub fn server_error() -> Response {
    server_error_in(Lang::Vi)
}

pub fn server_error_in(lang: Lang) -> Response {
    message_in(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        lang.t(K::server_error_title),
        lang.t(K::server_error_text),
    )
}
