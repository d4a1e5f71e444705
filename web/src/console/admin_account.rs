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
use storage::{Account, AccountKind, AccountStatus, Grant, GrantChange, Quota};

use super::admin::{admin_only, desk_menu};
use super::admin_issue::quota_text;
use super::layout::{page, server_error};
use super::{Authed, blocking};

const TITLE: &str = "Tài khoản";

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
        Err(_) => Err(server_error()),
    }
}

fn mode(read_only: bool) -> &'static str {
    if read_only {
        "chỉ đọc"
    } else {
        "đọc và ghi"
    }
}

fn revoke_button(who: &Authed, back: &str, unit: &str, grantee: &str) -> Markup {
    html! {
        form.inline method="post" action="/console/admin/revoke" {
            input type="hidden" name="csrf" value=(who.session.csrf());
            input type="hidden" name="address" value=(back);
            input type="hidden" name="unit" value=(unit);
            input type="hidden" name="grantee" value=(grantee);
            button.secondary type="submit" { "Thu hồi" }
        }
    }
}

fn account_page(who: &Authed, shown: &Shown, note: Option<Result<String, String>>) -> Markup {
    let a = &shown.account;
    html! {
        h1 { (TITLE) " " (a.address) }
        (desk_menu(""))
        @match &note {
            Some(Ok(text)) => p.ok role="status" #note { (text) },
            Some(Err(text)) => p.error role="alert" #note { (text) },
            None => {}
        }
        div.card {
            dl {
                dt { "Họ tên" } dd { (a.display_name) }
                dt { "Đơn vị" } dd { (a.agency) }
                dt { "Loại" } dd { (match a.kind { AccountKind::Unit => "hộp thư đơn vị", AccountKind::Personal => "cá nhân" }) }
                dt { "Trạng thái" } dd { (match a.status { AccountStatus::Active => "đang hoạt động", AccountStatus::Suspended => "tạm khóa", AccountStatus::Removed => "đã xóa" }) }
                dt { "Dung lượng" } dd #usage { (format_size(a.used_bytes)) " / " (quota_text(a.quota)) "; " (a.used_messages) " thư" @if let Some(m) = a.quota.messages { " / " (m) } }
            }
        }
        section.card {
            h2 { "Hạn mức" }
            form method="post" action="/console/admin/quota" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                input type="hidden" name="address" value=(a.address);
                label for="size" { "Dung lượng tối đa (ví dụ 2 GB, 500 MiB, không giới hạn)" }
                input #size type="text" name="size" value=(a.quota.bytes.map_or_else(|| "không giới hạn".to_string(), format_size)) required maxlength="40";
                label for="messages" { "Số thư tối đa (để trống: không giới hạn)" }
                input #messages type="text" name="messages" inputmode="numeric" value=(a.quota.messages.map(|m| m.to_string()).unwrap_or_default()) maxlength="20";
                div { button type="submit" { "Đổi hạn mức" } }
            }
        }
        section.card {
            h2 { "Hộp thư đơn vị" }
            @if a.kind == AccountKind::Unit {
                p { "Những người được mở hộp thư này:" }
                @if shown.shared_with.is_empty() { p.hint { "Chưa ai." } }
                ul #shared-with { @for g in &shown.shared_with {
                    li { (g.grantee) " (" (mode(g.read_only)) ") " (revoke_button(who, &a.address, &g.unit, &g.grantee)) }
                } }
                form method="post" action="/console/admin/grant" {
                    input type="hidden" name="csrf" value=(who.session.csrf());
                    input type="hidden" name="address" value=(a.address);
                    input type="hidden" name="unit" value=(a.address);
                    label for="grantee" { "Cho tài khoản (địa chỉ) mở hộp thư này" }
                    input #grantee type="email" name="grantee" required maxlength="254";
                    label.check { input type="checkbox" name="read_only" value="1"; " Chỉ đọc" }
                    button type="submit" { "Cấp quyền" }
                }
            } @else {
                p { "Các hộp thư đơn vị tài khoản này mở được:" }
                @if shown.unit_access.is_empty() { p.hint { "Chưa có." } }
                ul #unit-access { @for g in &shown.unit_access {
                    li { (g.unit) " (" (mode(g.read_only)) ") " (revoke_button(who, &a.address, &g.unit, &g.grantee)) }
                } }
                form method="post" action="/console/admin/grant" {
                    input type="hidden" name="csrf" value=(who.session.csrf());
                    input type="hidden" name="address" value=(a.address);
                    input type="hidden" name="grantee" value=(a.address);
                    label for="unit" { "Cho mở hộp thư đơn vị (địa chỉ, ví dụ vanthu@…)" }
                    input #unit type="email" name="unit" required maxlength="254";
                    label.check { input type="checkbox" name="read_only" value="1"; " Chỉ đọc" }
                    button type="submit" { "Cấp quyền" }
                }
            }
            p.hint { "Ứng dụng thư của người được cấp thấy hộp thư dưới thư mục Shared/…; quyền thu hồi có hiệu lực từ lệnh IMAP kế tiếp." }
        }
    }
}

fn not_found() -> Response {
    super::layout::message(
        StatusCode::NOT_FOUND,
        "Không có tài khoản",
        "Không tìm thấy tài khoản này.",
    )
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
            page(TITLE, Some(who), account_page(who, &shown, Some(note))),
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(r) => r,
    }
}

pub async fn page_handler(who: Authed, Query(q): Query<AccountQuery>) -> Response {
    if let Err(r) = admin_only(&who, "account page", Some(q.address.trim())).await {
        return r;
    }
    match load(&who, &q.address).await {
        Ok(Some(shown)) => {
            page(TITLE, Some(&who), account_page(&who, &shown, None)).into_response()
        }
        Ok(None) => not_found(),
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
    let bytes = match parse_size(&f.size) {
        Ok(b) => b,
        Err(e) => return answer(&who, &f.address, Err(format!("Hạn mức không hợp lệ: {e}"))).await,
    };
    let messages = match f.messages.trim() {
        "" => None,
        n => match n.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                return answer(
                    &who,
                    &f.address,
                    Err("Số thư tối đa phải là một số nguyên (hoặc để trống).".into()),
                )
                .await;
            }
        },
    };
    let quota = Quota { bytes, messages };
    let address = f.address.trim().to_lowercase();
    let target = address.clone();
    // The CLI's `user quota set` makes the same call.
    match blocking(&who.console.store, move |s| s.set_quota(&target, quota)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_client_error() => return not_found(),
        Ok(Err(_)) => return server_error(),
        Err(r) => return r,
    }
    let text = format!(
        "{}{}",
        quota_text(quota),
        quota
            .messages
            .map(|m| format!(", {m} thư"))
            .unwrap_or_default()
    );
    who.audit("account.quota", Some(&address), Some(text.clone()))
        .await;
    answer(&who, &address, Ok(format!("Đã đặt hạn mức: {text}."))).await
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
    let read_only = f.read_only.is_some();
    let (u, g) = (unit.clone(), grantee.clone());
    let change = match blocking(&who.console.store, move |s| s.grant(&u, &g, read_only)).await {
        Ok(Ok(change)) => change,
        Ok(Err(e)) if e.is_client_error() => {
            return answer(&who, &f.address, Err(format!("Chưa cấp được quyền: {e}"))).await;
        }
        Ok(Err(_)) => return server_error(),
        Err(r) => return r,
    };
    let text = match change {
        GrantChange::Created => format!("{grantee} nay mở được {unit} ({}).", mode(read_only)),
        GrantChange::Changed => {
            format!("Quyền của {grantee} với {unit} nay là {}.", mode(read_only))
        }
        GrantChange::Unchanged => format!(
            "{grantee} đã có quyền {} với {unit}; không đổi gì.",
            mode(read_only)
        ),
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
    let (u, g) = (unit.clone(), grantee.clone());
    match blocking(&who.console.store, move |s| s.revoke(&u, &g)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) if e.is_client_error() => {
            return answer(&who, &f.address, Err(format!("Chưa thu hồi được: {e}"))).await;
        }
        Ok(Err(_)) => return server_error(),
        Err(r) => return r,
    }
    who.audit("grant.revoke", Some(&unit), Some(grantee.clone()))
        .await;
    answer(
        &who,
        &f.address,
        Ok(format!("Đã thu hồi quyền mở {unit} của {grantee}.")),
    )
    .await
}
