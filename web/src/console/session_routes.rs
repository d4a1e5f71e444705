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

use super::i18n::{K, Lang};
use super::layout::{forbidden_in, page_in, server_error_in};
use super::{Authed, ClientIp, WebState, console_of, see_other, session_cookie};

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    address: String,
    #[serde(default)]
    password: String,
}

fn login_form(lang: Lang, address: &str, error: Option<&str>) -> Markup {
    let t = |k| lang.t(k);
    html! {
        h1 { (t(K::login_title)) }
        div.card {
            @if let Some(error) = error {
                p.error role="alert" { (error) }
            }
            form method="post" action="/login" {
                label for="address" { (t(K::login_address)) }
                input #address type="email" name="address" value=(address) autocomplete="username" required autofocus;
                label for="password" { (t(K::login_password)) }
                input #password type="password" name="password" autocomplete="current-password" required;
                button type="submit" { (t(K::login_title)) }
            }
            p.hint { (t(K::login_hint)) }
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
    let lang = Lang::of(&headers);
    page_in(
        lang,
        lang.t(K::login_title),
        None,
        login_form(lang, "", None),
    )
    .into_response()
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
    let lang = Lang::of(&headers);
    let title = lang.t(K::login_title);
    // A form posted from another site is refused (login CSRF: being logged in as someone
    // else); browsers send Origin with every POST.
    if !super::same_origin(&headers) {
        return forbidden_in(lang, lang.t(K::login_cross_site));
    }
    let Ok(Form(form)) = form else {
        return (
            StatusCode::BAD_REQUEST,
            page_in(
                lang,
                title,
                None,
                login_form(lang, "", Some(lang.t(K::login_bad_form))),
            ),
        )
            .into_response();
    };
    let address = form.address.trim().to_lowercase();
    let refused = |status: StatusCode, text: &str| {
        (
            status,
            page_in(lang, title, None, login_form(lang, &address, Some(text))),
        )
            .into_response()
    };
    if address.is_empty() || address.len() > 254 || form.password.is_empty() {
        return refused(StatusCode::UNAUTHORIZED, lang.t(K::login_empty));
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
            return refused(StatusCode::UNAUTHORIZED, lang.t(K::login_refused));
        }
        auth::Checked::Locked { retry_after } => {
            auth::log_refused("web", ip, &address, auth::Refusal::Throttled);
            let text = lang.fill(K::login_locked, &[&auth::retry_minutes(retry_after)]);
            return refused(StatusCode::TOO_MANY_REQUESTS, &text);
        }
        auth::Checked::Unavailable(e) => {
            tracing::error!(error = %e, "console: login check unavailable");
            return server_error_in(lang);
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
        return server_error_in(lang);
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
