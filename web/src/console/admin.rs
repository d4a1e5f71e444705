//! The administrators' desk (role `admin`): find accounts by name, with or without
//! diacritics ("nguyen van an" finds "Nguyễn Văn An"), suspend and resume them, reset a
//! password (the new one is shown once, on the answer page, and never stored in clear).
//! Every change is written to the audit log.
//!
//! The other pages of the desk are in their own modules: issuing accounts and importing a
//! staff list ([`super::admin_issue`]), one account's quota and unit-mailbox grants
//! ([`super::admin_account`]), quarantine and outbound queue ([`super::admin_mail`]), server
//! health ([`super::admin_health`]). Every one of them answers 403 to anyone without the
//! admin role, and writes the attempt to the audit log ([`admin_only`]).

use std::path::{Path, PathBuf};

use axum::extract::{Form, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use storage::{AccountFilter, AccountStatus};

use super::i18n::{K, Lang};
use super::layout::{forbidden_in, message_in, page, server_error_in};
use super::{Authed, blocking};

/// Most accounts one search shows.
const MAX_SHOWN: usize = 100;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Deserialize, Default)]
pub struct AccountForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    address: String,
    /// `suspend` or `resume`.
    #[serde(default)]
    action: String,
}

/// What the administrators' desk needs from the configuration, made with each generation.
#[derive(Clone, Default)]
pub struct AdminSettings {
    /// The address rule and default quota (`[accounts]`), as the CLI issues with them.
    pub issue: adminops::issue::Rules,
    /// The domain accounts are issued on unless another served one is chosen.
    pub default_domain: String,
    /// The metrics endpoint's renderer: the health page shows the same figures.
    pub metrics: Option<crate::MetricsRender>,
    /// The configured TLS certificate, for its expiry on the health page.
    pub certificate: Option<CertificateSource>,
}

/// Where the TLS certificate is and how its notAfter (unix seconds) is read (the program's
/// own reader, which the ACME renewal uses too).
#[derive(Clone)]
pub struct CertificateSource {
    pub path: PathBuf,
    pub expiry: fn(&Path) -> Result<i64, String>,
}

fn must_be_admin(who: &Authed) -> Result<(), Response> {
    if who.is_admin() {
        Ok(())
    } else {
        Err(forbidden_in(who.lang, who.lang.t(K::admin_only)))
    }
}

/// The gate of every administrator's page: 403 without the admin role, and the attempt is
/// written to the audit log (`admin.denied`, what was tried in the detail).
pub async fn admin_only(who: &Authed, what: &str, target: Option<&str>) -> Result<(), Response> {
    let denied = must_be_admin(who);
    if denied.is_err() {
        who.audit_denied("admin.denied", target, what.to_string())
            .await;
    }
    denied
}

/// The desk's own menu, at the top of each of its pages.
pub fn desk_menu(lang: Lang, current: &str) -> Markup {
    const PAGES: [(&str, K); 5] = [
        ("/console/admin", K::desk_search),
        ("/console/admin/issue", K::desk_issue),
        ("/console/admin/quarantine", K::desk_quarantine),
        ("/console/admin/queue", K::desk_queue),
        ("/console/admin/health", K::desk_health),
    ];
    html! {
        nav.desk aria-label=(lang.t(K::desk_label)) {
            @for (href, key) in PAGES {
                @let label = lang.t(key);
                @if href == current {
                    a.current href=(href) aria-current="page" { (label) }
                } @else {
                    a href=(href) { (label) }
                }
            }
        }
    }
}

pub async fn search(who: Authed, Query(q): Query<SearchQuery>) -> Response {
    if let Err(r) = must_be_admin(&who) {
        who.audit_denied("admin.denied", None, "search".into())
            .await;
        return r;
    }
    let wanted = storage::text::fold_for_search(q.q.trim());
    let accounts = if wanted.is_empty() {
        Vec::new()
    } else {
        match blocking(&who.console.store, |s| {
            s.list_accounts(&AccountFilter::default())
        })
        .await
        {
            Ok(Ok(all)) => all
                .into_iter()
                .filter(|a| {
                    storage::text::fold_for_search(&a.display_name).contains(&wanted)
                        || a.address.contains(&wanted)
                })
                .take(MAX_SHOWN)
                .collect(),
            Ok(Err(_)) => return server_error_in(who.lang),
            Err(r) => return r,
        }
    };
    let lang = who.lang;
    let t = |k| lang.t(k);
    let body = html! {
        h1 { (t(K::admin_title)) }
        (desk_menu(lang, "/console/admin"))
        form.card method="get" action="/console/admin" {
            label for="q" { (t(K::admin_search_label)) }
            input #q type="text" name="q" value=(q.q);
            button type="submit" { (t(K::admin_search)) }
        }
        @if !wanted.is_empty() {
            p { (lang.fill(K::admin_found, &[&accounts.len()])) @if accounts.len() == MAX_SHOWN { (lang.fill(K::admin_found_first, &[&MAX_SHOWN])) } }
            div.scroll { table #accounts {
                thead { tr { th.name { (t(K::col_name)) } th.name { (t(K::col_address)) } th.name { (t(K::agency)) } th.name { (t(K::col_status)) } th.name { (t(K::col_action)) } } }
                tbody { @for a in &accounts {
                    tr {
                        td.name { (a.display_name) }
                        td.name { (a.address) }
                        td.name { (a.agency) }
                        td.name { (status_text(lang, a.status)) }
                        td.name {
                            a href=(format!("/console/admin/account?address={}", super::admin_account::query_value(&a.address))) { (t(K::admin_details)) }
                            @if a.status != AccountStatus::Removed {
                                form method="post" action="/console/admin/status" {
                                    input type="hidden" name="csrf" value=(who.session.csrf());
                                    input type="hidden" name="address" value=(a.address);
                                    @if a.status == AccountStatus::Active {
                                        button.secondary type="submit" name="action" value="suspend" { (t(K::admin_suspend)) }
                                    } @else {
                                        button.secondary type="submit" name="action" value="resume" { (t(K::admin_resume)) }
                                    }
                                }
                                form method="post" action="/console/admin/reset" {
                                    input type="hidden" name="csrf" value=(who.session.csrf());
                                    input type="hidden" name="address" value=(a.address);
                                    button type="submit" { (t(K::admin_reset)) }
                                }
                            }
                        }
                    }
                } }
            } }
        }
    };
    page(t(K::admin_title), Some(&who), body).into_response()
}

/// The words of an account's status.
pub fn status_text(lang: Lang, status: AccountStatus) -> &'static str {
    lang.t(match status {
        AccountStatus::Active => K::status_active,
        AccountStatus::Suspended => K::status_suspended,
        AccountStatus::Removed => K::status_removed,
    })
}

pub async fn set_status(who: Authed, headers: HeaderMap, Form(f): Form<AccountForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = must_be_admin(&who) {
        who.audit_denied("admin.denied", Some(&f.address), f.action.clone())
            .await;
        return r;
    }
    let lang = who.lang;
    let t = |k| lang.t(k);
    let (status, action, done) = match f.action.as_str() {
        "suspend" => (
            AccountStatus::Suspended,
            "account.suspend",
            K::admin_suspended,
        ),
        "resume" => (AccountStatus::Active, "account.resume", K::admin_resumed),
        _ => {
            return message_in(
                lang,
                StatusCode::BAD_REQUEST,
                t(K::bad_action_title),
                t(K::bad_action),
            );
        }
    };
    if status == AccountStatus::Suspended
        && f.address.trim().eq_ignore_ascii_case(&who.account.address)
    {
        return message_in(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            t(K::admin_not_done),
            t(K::admin_not_self),
        );
    }
    let address = f.address.trim().to_lowercase();
    let target = address.clone();
    let result = blocking(&who.console.store, move |s| {
        let account = s.get_account(&target)?;
        // A removed account stays removed here (its mail may be purged): the shell decides.
        if account.status == AccountStatus::Removed {
            return Err(storage::StorageError::NotFound {
                what: "account",
                key: target,
            });
        }
        s.set_status(&target, status)?;
        Ok(account.id)
    })
    .await;
    match result {
        Ok(Ok(id)) => {
            if status == AccountStatus::Suspended {
                who.console.sessions.end_account(id, None);
            }
            who.audit(action, Some(&address), None).await;
            let body = html! {
                h1 { (t(K::admin_title)) }
                p.ok { (lang.fill_html(done, &[html! { b { (address) } }])) }
                p { a href="/console/admin" { (t(K::go_back)) } }
            };
            page(t(K::admin_title), Some(&who), body).into_response()
        }
        Ok(Err(e)) if e.is_client_error() => no_account(lang),
        Ok(Err(_)) => server_error_in(lang),
        Err(r) => r,
    }
}

pub async fn reset_password(
    who: Authed,
    headers: HeaderMap,
    Form(f): Form<AccountForm>,
) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = must_be_admin(&who) {
        who.audit_denied("admin.denied", Some(&f.address), "reset".into())
            .await;
        return r;
    }
    let lang = who.lang;
    let t = |k| lang.t(k);
    let address = f.address.trim().to_lowercase();
    let target = address.clone();
    // A generated password (90+ bits): the light hash suffices (storage::password).
    let result = blocking(&who.console.store, move |s| {
        let account = s.get_account(&target)?;
        let password = storage::password::generate();
        s.set_password_hash(&target, storage::password::hash_generated(&password)?)?;
        Ok((account.id, password))
    })
    .await;
    match result {
        Ok(Ok((id, password))) => {
            who.console.sessions.end_account(id, None);
            who.audit("password.reset", Some(&address), None).await;
            let body = html! {
                h1 { (t(K::reset_title)) }
                p.ok { (lang.fill_html(K::reset_new, &[html! { b { (address) } }])) }
                p { span.secret #new-password { (password) } }
                p.hint { (t(K::reset_hint)) }
                p { a href="/console/admin" { (t(K::go_back)) } }
            };
            let mut response = page(t(K::reset_title), Some(&who), body).into_response();
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Ok(Err(e)) if e.is_client_error() => no_account(lang),
        Ok(Err(_)) => server_error_in(lang),
        Err(r) => r,
    }
}

/// 404: no account with this address.
pub fn no_account(lang: Lang) -> Response {
    message_in(
        lang,
        StatusCode::NOT_FOUND,
        lang.t(K::no_account_title),
        lang.t(K::no_account),
    )
}
