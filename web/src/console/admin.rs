//! The administrators' desk (role `admin`): find accounts by name, with or without
//! diacritics ("nguyen van an" finds "Nguyễn Văn An"), suspend and resume them, reset a
//! password (the new one is shown once, on the answer page, and never stored in clear).
//! Every change is written to the audit log.

use axum::extract::{Form, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;
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

fn must_be_admin(who: &Authed) -> Result<(), Response> {
    if who.is_admin() {
        Ok(())
    } else {
        Err(forbidden("Chỉ quản trị viên được dùng trang này."))
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
