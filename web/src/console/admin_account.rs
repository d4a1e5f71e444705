//! `/console/admin/account?address=…`: one account's details, its quota (changed as
//! `govmail user quota set` does) and its unit-mailbox grants (given and taken as
//! `govmail user grant` / `revoke` do, through the same storage calls, with the same
//! refusals: only a unit mailbox is shared, both accounts active, not to itself).

use axum::extract::{Form, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use adminops::sizes::{format_size, parse_size};
use storage::{Account, AccountKind, Grant, GrantChange, Quota};

use super::admin::{admin_only, desk_menu, no_account, status_text};
use super::admin_issue::quota_text;
use super::i18n::{K, Lang};
use super::layout::{page, server_error_in};
use super::{Authed, blocking};

#[derive(Deserialize, Default)]
pub struct AccountQuery {
    #[serde(default)]
    address: String,
}

#[derive(Deserialize, Default)]
pub struct QuotaForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    address: String,
    /// A size ("2 GB", "500 MiB", "không giới hạn").
    #[serde(default)]
    size: String,
    /// Most messages; empty: no limit.
    #[serde(default)]
    messages: String,
}

#[derive(Deserialize, Default)]
pub struct GrantForm {
    #[serde(default)]
    csrf: Option<String>,
    /// The account whose page the form is on (where the answer goes back to).
    #[serde(default)]
    address: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    grantee: String,
    #[serde(default)]
    read_only: Option<String>,
}

/// An address in a query string: `@` and `+` percent-encoded, the rest of an address's
/// characters are safe there (RFC 3986 §3.4).
pub fn query_value(address: &str) -> String {
    let mut out = String::with_capacity(address.len() + 4);
    for b in address.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The account and its grants (both directions).
struct Shown {
    account: Account,
    shared_with: Vec<Grant>,
    unit_access: Vec<Grant>,
}

async fn load(who: &Authed, address: &str) -> Result<Option<Shown>, Response> {
    let address = address.trim().to_lowercase();
    match blocking(&who.console.store, move |s| {
        let account = match s.get_account(&address) {
            Ok(a) => a,
            Err(e) if e.is_client_error() => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(Shown {
            shared_with: s.grants_of_unit(&account.address)?,
            unit_access: s.grants_to(&account.address)?,
            account,
        }))
    })
    .await?
    {
        Ok(found) => Ok(found),
        Err(_) => Err(server_error_in(who.lang)),
    }
}

fn mode(lang: Lang, read_only: bool) -> &'static str {
    lang.t(if read_only {
        K::mode_read_only
    } else {
        K::mode_read_write
    })
}

fn revoke_button(who: &Authed, back: &str, unit: &str, grantee: &str) -> Markup {
    html! {
        form.inline method="post" action="/console/admin/revoke" {
            input type="hidden" name="csrf" value=(who.session.csrf());
            input type="hidden" name="address" value=(back);
            input type="hidden" name="unit" value=(unit);
            input type="hidden" name="grantee" value=(grantee);
            button.secondary type="submit" { (who.lang.t(K::revoke_button)) }
        }
    }
}

fn account_page(who: &Authed, shown: &Shown, note: Option<Result<String, String>>) -> Markup {
    let a = &shown.account;
    let lang = who.lang;
    let t = |k| lang.t(k);
    html! {
        h1 { (t(K::account_page_title)) " " (a.address) }
        (desk_menu(lang, ""))
        @match &note {
            Some(Ok(text)) => p.ok role="status" #note { (text) },
            Some(Err(text)) => p.error role="alert" #note { (text) },
            None => {}
        }
        div.card {
            dl {
                dt { (t(K::col_name)) } dd { (a.display_name) }
                dt { (t(K::agency)) } dd { (a.agency) }
                dt { (t(K::account_kind)) } dd { (t(match a.kind { AccountKind::Unit => K::kind_unit, AccountKind::Personal => K::kind_personal })) }
                dt { (t(K::col_status)) } dd { (status_text(lang, a.status)) }
                dt { (t(K::account_usage)) } dd #usage { (format_size(a.used_bytes)) " / " (quota_text(lang, a.quota)) "; " (lang.fill(K::messages_n, &[&a.used_messages])) @if let Some(m) = a.quota.messages { " / " (m) } }
            }
        }
        section.card {
            h2 { (t(K::quota_title_admin)) }
            form method="post" action="/console/admin/quota" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                input type="hidden" name="address" value=(a.address);
                label for="size" { (t(K::quota_size_label)) }
                input #size type="text" name="size" value=(quota_text(lang, a.quota)) required maxlength="40";
                label for="messages" { (t(K::quota_messages_label)) }
                input #messages type="text" name="messages" inputmode="numeric" value=(a.quota.messages.map(|m| m.to_string()).unwrap_or_default()) maxlength="20";
                div { button type="submit" { (t(K::quota_change)) } }
            }
        }
        section.card {
            h2 { (t(K::unit_title)) }
            @if a.kind == AccountKind::Unit {
                p { (t(K::unit_shared_with)) }
                @if shown.shared_with.is_empty() { p.hint { (t(K::unit_nobody)) } }
                ul #shared-with { @for g in &shown.shared_with {
                    li { (g.grantee) " (" (mode(lang, g.read_only)) ") " (revoke_button(who, &a.address, &g.unit, &g.grantee)) }
                } }
                form method="post" action="/console/admin/grant" {
                    input type="hidden" name="csrf" value=(who.session.csrf());
                    input type="hidden" name="address" value=(a.address);
                    input type="hidden" name="unit" value=(a.address);
                    label for="grantee" { (t(K::unit_grant_to)) }
                    input #grantee type="email" name="grantee" required maxlength="254";
                    label.check { input type="checkbox" name="read_only" value="1"; (t(K::read_only_box)) }
                    button type="submit" { (t(K::grant_button)) }
                }
            } @else {
                p { (t(K::unit_access)) }
                @if shown.unit_access.is_empty() { p.hint { (t(K::unit_none)) } }
                ul #unit-access { @for g in &shown.unit_access {
                    li { (g.unit) " (" (mode(lang, g.read_only)) ") " (revoke_button(who, &a.address, &g.unit, &g.grantee)) }
                } }
                form method="post" action="/console/admin/grant" {
                    input type="hidden" name="csrf" value=(who.session.csrf());
                    input type="hidden" name="address" value=(a.address);
                    input type="hidden" name="grantee" value=(a.address);
                    label for="unit" { (t(K::unit_open)) }
                    input #unit type="email" name="unit" required maxlength="254";
                    label.check { input type="checkbox" name="read_only" value="1"; (t(K::read_only_box)) }
                    button type="submit" { (t(K::grant_button)) }
                }
            }
            p.hint { (t(K::unit_hint)) }
        }
    }
}

/// The account page with a note, after a change (or its refusal).
async fn answer(who: &Authed, address: &str, note: Result<String, String>) -> Response {
    let status = if note.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    match load(who, address).await {
        Ok(Some(shown)) => (
            status,
            page(
                who.lang.t(K::account_page_title),
                Some(who),
                account_page(who, &shown, Some(note)),
            ),
        )
            .into_response(),
        Ok(None) => no_account(who.lang),
        Err(r) => r,
    }
}

pub async fn page_handler(who: Authed, Query(q): Query<AccountQuery>) -> Response {
    if let Err(r) = admin_only(&who, "account page", Some(q.address.trim())).await {
        return r;
    }
    match load(&who, &q.address).await {
        Ok(Some(shown)) => page(
            who.lang.t(K::account_page_title),
            Some(&who),
            account_page(&who, &shown, None),
        )
        .into_response(),
        Ok(None) => no_account(who.lang),
        Err(r) => r,
    }
}

pub async fn set_quota(who: Authed, headers: HeaderMap, Form(f): Form<QuotaForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = admin_only(&who, "quota", Some(f.address.trim())).await {
        return r;
    }
    let lang = who.lang;
    let bytes = match parse_size(&f.size) {
        Ok(b) => b,
        Err(e) => return answer(&who, &f.address, Err(lang.fill(K::quota_bad, &[&e]))).await,
    };
    let messages = match f.messages.trim() {
        "" => None,
        n => match n.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return answer(&who, &f.address, Err(lang.t(K::quota_bad_messages).into())).await;
            }
        },
    };
    let quota = Quota { bytes, messages };
    let address = f.address.trim().to_lowercase();
    let target = address.clone();
    // The CLI's `user quota set` makes the same call.
    match blocking(&who.console.store, move |s| s.set_quota(&target, quota)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_client_error() => return no_account(lang),
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    }
    // The audit log's detail stays in Vietnamese, whoever made the change.
    let said = |lang: Lang| {
        format!(
            "{}{}",
            quota_text(lang, quota),
            quota
                .messages
                .map(|m| format!(", {}", lang.fill(K::messages_n, &[&m])))
                .unwrap_or_default()
        )
    };
    who.audit("account.quota", Some(&address), Some(said(Lang::Vi)))
        .await;
    answer(&who, &address, Ok(lang.fill(K::quota_set, &[&said(lang)]))).await
}

pub async fn grant(who: Authed, headers: HeaderMap, Form(f): Form<GrantForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = admin_only(&who, "grant", Some(f.unit.trim())).await {
        return r;
    }
    let (unit, grantee) = (
        f.unit.trim().to_lowercase(),
        f.grantee.trim().to_lowercase(),
    );
    let lang = who.lang;
    let read_only = f.read_only.is_some();
    let (u, g) = (unit.clone(), grantee.clone());
    let change = match blocking(&who.console.store, move |s| s.grant(&u, &g, read_only)).await {
        Ok(Ok(change)) => change,
        Ok(Err(e)) if e.is_client_error() => {
            return answer(&who, &f.address, Err(lang.fill(K::grant_failed, &[&e]))).await;
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    let m = mode(lang, read_only);
    let text = match change {
        GrantChange::Created => lang.fill(K::grant_created, &[&grantee, &unit, &m]),
        GrantChange::Changed => lang.fill(K::grant_changed, &[&grantee, &unit, &m]),
        GrantChange::Unchanged => lang.fill(K::grant_unchanged, &[&grantee, &m, &unit]),
    };
    if change != GrantChange::Unchanged {
        who.audit(
            "grant.add",
            Some(&unit),
            Some(format!(
                "{grantee} {}",
                if read_only { "read-only" } else { "read-write" }
            )),
        )
        .await;
    }
    answer(&who, &f.address, Ok(text)).await
}

pub async fn revoke(who: Authed, headers: HeaderMap, Form(f): Form<GrantForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = admin_only(&who, "revoke", Some(f.unit.trim())).await {
        return r;
    }
    let (unit, grantee) = (
        f.unit.trim().to_lowercase(),
        f.grantee.trim().to_lowercase(),
    );
    let lang = who.lang;
    let (u, g) = (unit.clone(), grantee.clone());
    match blocking(&who.console.store, move |s| s.revoke(&u, &g)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_client_error() => {
            return answer(&who, &f.address, Err(lang.fill(K::revoke_failed, &[&e]))).await;
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    }
    who.audit("grant.revoke", Some(&unit), Some(grantee.clone()))
        .await;
    answer(
        &who,
        &f.address,
        Ok(lang.fill(K::revoked, &[&unit, &grantee])),
    )
    .await
}
