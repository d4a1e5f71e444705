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

use super::layout::{forbidden, message, page, server_error};
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
        Err(forbidden("Chỉ quản trị viên được dùng trang này."))
    }
}

/// The gate of every administrator's page: 403 without the admin role, and the attempt is
/// written to the audit log (`admin.denied`, what was tried in the detail).
pub async fn admin_only(who: &Authed, what: &str, target: Option<&str>) -> Result<(), Response> {
    let denied = must_be_admin(who);
    if denied.is_err() {
        who.audit("admin.denied", target, Some(what.to_string()))
            .await;
    }
    denied
}

/// The desk's own menu, at the top of each of its pages.
pub fn desk_menu(current: &str) -> Markup {
    const PAGES: [(&str, &str); 5] = [
        ("/console/admin", "Tìm tài khoản"),
        ("/console/admin/issue", "Cấp tài khoản"),
        ("/console/admin/quarantine", "Thư bị giữ lại"),
        ("/console/admin/queue", "Hàng đợi gửi đi"),
        ("/console/admin/health", "Tình trạng máy chủ"),
    ];
    html! {
        nav.desk aria-label="Quản trị" {
            @for (href, label) in PAGES {
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
        who.audit("admin.denied", None, Some("search".into())).await;
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
            Ok(Err(_)) => return server_error(),
            Err(r) => return r,
        }
    };
    let body = html! {
        h1 { "Quản trị tài khoản" }
        (desk_menu("/console/admin"))
        form.card method="get" action="/console/admin" {
            label for="q" { "Tìm theo họ tên hoặc địa chỉ (có dấu hay không dấu đều được)" }
            input #q type="text" name="q" value=(q.q);
            button type="submit" { "Tìm" }
        }
        @if !wanted.is_empty() {
            p { (accounts.len()) " tài khoản" @if accounts.len() == MAX_SHOWN { " (chỉ hiện " (MAX_SHOWN) " đầu tiên)" } }
            div.scroll { table #accounts {
                thead { tr { th.name { "Họ tên" } th.name { "Địa chỉ" } th.name { "Đơn vị" } th.name { "Trạng thái" } th.name { "Thao tác" } } }
                tbody { @for a in &accounts {
                    tr {
                        td.name { (a.display_name) }
                        td.name { (a.address) }
                        td.name { (a.agency) }
                        td.name { (match a.status { AccountStatus::Active => "đang hoạt động", AccountStatus::Suspended => "tạm khóa", AccountStatus::Removed => "đã xóa" }) }
                        td.name {
                            a href=(format!("/console/admin/account?address={}", super::admin_account::query_value(&a.address))) { "Chi tiết, hạn mức, hộp thư đơn vị" }
                            @if a.status != AccountStatus::Removed {
                                form method="post" action="/console/admin/status" {
                                    input type="hidden" name="csrf" value=(who.session.csrf());
                                    input type="hidden" name="address" value=(a.address);
                                    @if a.status == AccountStatus::Active {
                                        button.secondary type="submit" name="action" value="suspend" { "Tạm khóa" }
                                    } @else {
                                        button.secondary type="submit" name="action" value="resume" { "Mở khóa" }
                                    }
                                }
                                form method="post" action="/console/admin/reset" {
                                    input type="hidden" name="csrf" value=(who.session.csrf());
                                    input type="hidden" name="address" value=(a.address);
                                    button type="submit" { "Đặt lại mật khẩu" }
                                }
                            }
                        }
                    }
                } }
            } }
        }
    };
    page("Quản trị tài khoản", Some(&who), body).into_response()
}

pub async fn set_status(who: Authed, headers: HeaderMap, Form(f): Form<AccountForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = must_be_admin(&who) {
        who.audit("admin.denied", Some(&f.address), Some(f.action.clone()))
            .await;
        return r;
    }
    let (status, action, done) = match f.action.as_str() {
        "suspend" => (AccountStatus::Suspended, "account.suspend", "Đã tạm khóa"),
        "resume" => (AccountStatus::Active, "account.resume", "Đã mở khóa"),
        _ => {
            return message(
                StatusCode::BAD_REQUEST,
                "Thao tác không hợp lệ",
                "Thao tác không hợp lệ.",
            );
        }
    };
    if status == AccountStatus::Suspended
        && f.address.trim().eq_ignore_ascii_case(&who.account.address)
    {
        return message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Không thực hiện",
            "Không thể tự khóa tài khoản của chính mình.",
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
                h1 { "Quản trị tài khoản" }
                p.ok { (done) " tài khoản " b { (address) } "." }
                p { a href="/console/admin" { "Quay lại" } }
            };
            page("Quản trị tài khoản", Some(&who), body).into_response()
        }
        Ok(Err(e)) if e.is_client_error() => message(
            StatusCode::NOT_FOUND,
            "Không có tài khoản",
            "Không tìm thấy tài khoản này.",
        ),
        Ok(Err(_)) => server_error(),
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
        who.audit("admin.denied", Some(&f.address), Some("reset".into()))
            .await;
        return r;
    }
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
                h1 { "Đặt lại mật khẩu" }
                p.ok { "Mật khẩu mới của " b { (address) } " (chỉ hiện một lần, hãy chuyển cho người dùng qua kênh an toàn):" }
                p { span.secret #new-password { (password) } }
                p.hint { "Người dùng nên đổi mật khẩu này ngay sau khi đăng nhập." }
                p { a href="/console/admin" { "Quay lại" } }
            };
            let mut response = page("Đặt lại mật khẩu", Some(&who), body).into_response();
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Ok(Err(e)) if e.is_client_error() => message(
            StatusCode::NOT_FOUND,
            "Không có tài khoản",
            "Không tìm thấy tài khoản này.",
        ),
        Ok(Err(_)) => server_error(),
        Err(r) => r,
    }
}
