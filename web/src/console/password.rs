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

use super::i18n::{K, Lang};
use super::layout::{page, server_error_in};
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

/// Why a password is refused, in the page's language (auth's `message_vi` is the Vietnamese).
fn weak_text(lang: Lang, weak: auth::password_policy::Weak) -> &'static str {
    use auth::password_policy::Weak;
    if lang == Lang::Vi {
        return weak.message_vi();
    }
    lang.t(match weak {
        Weak::TooShort => K::weak_too_short,
        Weak::TooLong => K::weak_too_long,
        Weak::ContainsAddress => K::weak_contains_address,
        Weak::Common => K::weak_common,
        Weak::SameAsOld => K::weak_same_as_old,
        Weak::Mismatch => K::weak_mismatch,
    })
}

fn form(who: &Authed, note: Option<Result<&str, &str>>) -> Markup {
    let t = |k| who.lang.t(k);
    html! {
        h1 { (t(K::password_title)) }
        div.card {
            @match note {
                Some(Ok(text)) => p.ok role="status" { (text) },
                Some(Err(text)) => p.error role="alert" { (text) },
                None => {}
            }
            form method="post" action="/console/password" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                input type="hidden" name="username" value=(who.account.address) autocomplete="username";
                label for="current" { (t(K::password_current)) }
                input #current type="password" name="current" autocomplete="current-password" required;
                label for="new" { (t(K::password_new)) }
                input #new type="password" name="new" autocomplete="new-password" minlength=(auth::password_policy::MIN_LENGTH) required;
                label for="confirm" { (t(K::password_confirm)) }
                input #confirm type="password" name="confirm" autocomplete="new-password" required;
                button type="submit" { (t(K::password_title)) }
            }
            p.hint { (who.lang.fill(K::password_hint, &[&auth::password_policy::MIN_LENGTH])) }
        }
    }
}

pub async fn page_handler(who: Authed) -> Response {
    page(who.lang.t(K::password_title), Some(&who), form(&who, None)).into_response()
}

pub async fn change(who: Authed, headers: HeaderMap, Form(f): Form<PasswordForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    let refuse = |status: StatusCode, text: &str| {
        (
            status,
            page(
                who.lang.t(K::password_title),
                Some(&who),
                form(&who, Some(Err(text))),
            ),
        )
            .into_response()
    };
    if let Err(weak) = auth::password_policy::check(&who.account.address, &f.new, &f.confirm) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, weak_text(who.lang, weak));
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
            return refuse(StatusCode::FORBIDDEN, who.lang.t(K::password_wrong));
        }
        auth::Checked::Locked { retry_after } => {
            let text = who
                .lang
                .fill(K::password_locked, &[&auth::retry_minutes(retry_after)]);
            return refuse(StatusCode::TOO_MANY_REQUESTS, &text);
        }
        auth::Checked::Unavailable(_) => return server_error_in(who.lang),
    }
    if f.new == f.current {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            weak_text(who.lang, auth::password_policy::Weak::SameAsOld),
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
            return server_error_in(who.lang);
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
        who.lang.t(K::password_title),
        Some(&who),
        form(&who, Some(Ok(who.lang.t(K::password_done)))),
    )
    .into_response()
}
