//! `GET/POST /login` and `POST /logout`.
//!
//! A login goes through [`auth::Logins::check`], the one every protocol uses: the same
//! password check, the same throttle buckets (a failed web login counts towards the IMAP
//! lockout of that account and address, and the reverse) and the same log line. On success
//! the session id the browser came with is dropped and a new one made (no session fixation).

use std::time::Instant;

use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{page, server_error};
use super::{Authed, ClientIp, WebState, console_of, see_other, session_cookie};

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    address: String,
    #[serde(default)]
    password: String,
}

fn login_form(address: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { "Đăng nhập" }
        div.card {
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            form method="post" action="/login" {
                label for="address" { "Địa chỉ thư điện tử" }
                input #address type="email" name="address" value=(address) autocomplete="username" required autofocus;
                label for="password" { "Mật khẩu" }
                input #password type="password" name="password" autocomplete="current-password" required;
                button type="submit" { "Đăng nhập" }
            }
            p.hint { "Dùng địa chỉ và mật khẩu của hộp thư công vụ (như trên điện thoại, Outlook, Thunderbird)." }
        }
    }
}

/// `GET /login`: the form (or the console, for someone logged in already).
pub async fn login_page(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let console = match console_of(&state) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Some(id) = session_cookie(&headers)
        && console.sessions.get(&id, Instant::now()).is_some()
    {
        return see_other("/console");
    }
    page("Đăng nhập", None, login_form("", None)).into_response()
}

/// `POST /login`.
pub async fn login(
    State(state): State<WebState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let console = match console_of(&state) {
        Ok(c) => c,
        Err(r) => return r,
    };
    // A form posted from another site is refused (login CSRF: being logged in as someone
    // else); browsers send Origin with every POST.
    if !super::same_origin(&headers) {
        return super::layout::forbidden("Yêu cầu đăng nhập không đến từ trang này.");
    }
    let Ok(Form(form)) = form else {
        return (
            StatusCode::BAD_REQUEST,
            page(
                "Đăng nhập",
                None,
                login_form("", Some("Biểu mẫu không hợp lệ.")),
            ),
        )
            .into_response();
    };
    let address = form.address.trim().to_lowercase();
    let refused = |status: StatusCode, text: &str| {
        (
            status,
            page("Đăng nhập", None, login_form(&address, Some(text))),
        )
            .into_response()
    };
    if address.is_empty() || address.len() > 254 || form.password.is_empty() {
        return refused(
            StatusCode::UNAUTHORIZED,
            "Vui lòng nhập địa chỉ thư và mật khẩu.",
        );
    }
    let pass = auth::Secret::new(form.password);
    let checked = console
        .logins
        .check(&console.store, ip, &address, pass, |_, _| Ok(()))
        .await;
    let account = match checked {
        auth::Checked::Accepted(account, _) => account,
        auth::Checked::Refused(e) => {
            auth::log_refused("web", ip, &address, auth::Refusal::Failed(&e));
            return refused(
                StatusCode::UNAUTHORIZED,
                "Sai địa chỉ thư hoặc mật khẩu, hoặc hộp thư đang bị tạm khóa.",
            );
        }
        auth::Checked::Locked { retry_after } => {
            auth::log_refused("web", ip, &address, auth::Refusal::Throttled);
            let text = format!(
                "Đăng nhập sai quá nhiều lần. Vì an toàn, hãy thử lại sau {} phút.",
                auth::retry_minutes(retry_after)
            );
            return refused(StatusCode::TOO_MANY_REQUESTS, &text);
        }
        auth::Checked::Unavailable(e) => {
            tracing::error!(error = %e, "console: login check unavailable");
            return server_error();
        }
    };
    let previous = session_cookie(&headers);
    let started = console.sessions.start(
        account.id,
        &account.address,
        previous.as_deref(),
        Instant::now(),
    );
    let Ok((id, _)) = started else {
        tracing::error!("console: no random numbers for a session id");
        return server_error();
    };
    tracing::info!(account = %account.address, peer = %ip, "web console login");
    super::audit(
        &console.store,
        storage::NewAudit {
            actor: account.address.clone(),
            action: "session.login".into(),
            target: None,
            detail: None,
            source: ip.to_string(),
        },
    )
    .await;
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/console".to_string()),
            (header::SET_COOKIE, super::session_set_cookie(&id)),
        ],
    )
        .into_response()
}

#[derive(Deserialize, Default)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: Option<String>,
}

/// `POST /logout`: ends the session (with its token, so no other site can log anyone out).
pub async fn logout(who: Authed, headers: HeaderMap, Form(form): Form<CsrfOnly>) -> Response {
    if let Err(r) = who.check_csrf(&headers, form.csrf.as_deref()) {
        return r;
    }
    who.console.sessions.end(&who.id);
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/login".to_string()),
            (header::SET_COOKIE, super::session_clear_cookie()),
        ],
    )
        .into_response()
}
