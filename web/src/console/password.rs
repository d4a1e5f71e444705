//! `GET/POST /console/password`: the owner changes their password.
//!
//! The current password is checked through the shared login path (its throttle too: a
//! stolen session cannot be used to guess it), the new one against
//! [`auth::password_policy`]. On success every other session of the account ends (whoever
//! knew the old password is out) and the change is audited.

use axum::extract::Form;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::layout::{page, server_error};
use super::{Authed, blocking};

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

fn form(who: &Authed, note: Option<Result<&str, &str>>) -> Markup {
    html! {
        h1 { "Đổi mật khẩu" }
        div.card {
            @match note {
                Some(Ok(text)) => p.ok role="status" { (text) },
                Some(Err(text)) => p.error role="alert" { (text) },
                None => {}
            }
            form method="post" action="/console/password" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                input type="hidden" name="username" value=(who.account.address) autocomplete="username";
                label for="current" { "Mật khẩu hiện tại" }
                input #current type="password" name="current" autocomplete="current-password" required;
                label for="new" { "Mật khẩu mới" }
                input #new type="password" name="new" autocomplete="new-password" minlength=(auth::password_policy::MIN_LENGTH) required;
                label for="confirm" { "Nhập lại mật khẩu mới" }
                input #confirm type="password" name="confirm" autocomplete="new-password" required;
                button type="submit" { "Đổi mật khẩu" }
            }
            p.hint { "Ít nhất " (auth::password_policy::MIN_LENGTH) " ký tự; không chứa tên hộp thư; không dùng mật khẩu phổ biến như 123456a@ hay matkhau. Một câu ngắn dễ nhớ (có dấu cũng được) là mật khẩu tốt. Sau khi đổi, hãy nhập mật khẩu mới trên điện thoại và máy tính." }
        }
    }
}

pub async fn page_handler(who: Authed) -> Response {
    page("Đổi mật khẩu", Some(&who), form(&who, None)).into_response()
}

pub async fn change(who: Authed, headers: HeaderMap, Form(f): Form<PasswordForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    let refuse = |status: StatusCode, text: &str| {
        (
            status,
            page("Đổi mật khẩu", Some(&who), form(&who, Some(Err(text)))),
        )
            .into_response()
    };
    if let Err(weak) = auth::password_policy::check(&who.account.address, &f.new, &f.confirm) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, weak.message_vi());
    }
    let console = &who.console;
    let checked = console
        .logins
        .check(
            &console.store,
            who.ip,
            &who.account.address,
            auth::Secret::new(f.current.clone()),
            |_, _| Ok(()),
        )
        .await;
    match checked {
        auth::Checked::Accepted(..) => {}
        auth::Checked::Refused(e) => {
            auth::log_refused(
                "web",
                who.ip,
                &who.account.address,
                auth::Refusal::Failed(&e),
            );
            return refuse(StatusCode::FORBIDDEN, "Mật khẩu hiện tại không đúng.");
        }
        auth::Checked::Locked { retry_after } => {
            let text = format!(
                "Nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau {} phút.",
                auth::retry_minutes(retry_after)
            );
            return refuse(StatusCode::TOO_MANY_REQUESTS, &text);
        }
        auth::Checked::Unavailable(_) => return server_error(),
    }
    if f.new == f.current {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            auth::password_policy::Weak::SameAsOld.message_vi(),
        );
    }
    let (address, new) = (who.account.address.clone(), f.new);
    // argon2 with the full parameters: a person's own password (storage::password::hash).
    let done = blocking(&console.store, move |store| {
        let hash = storage::password::hash(&new)?;
        store.set_password_hash(&address, hash)
    })
    .await;
    match done {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot store the new password");
            return server_error();
        }
        Err(r) => return r,
    }
    let ended = console.sessions.end_account(who.account.id, Some(&who.id));
    who.audit(
        "password.change",
        Some(&who.account.address),
        (ended > 0).then(|| format!("{ended} other session(s) ended")),
    )
    .await;
    page(
        "Đổi mật khẩu",
        Some(&who),
        form(
            &who,
            Some(Ok("Đã đổi mật khẩu. Hãy nhập mật khẩu mới trong ứng dụng thư trên điện thoại và máy tính.")),
        ),
    )
    .into_response()
}
