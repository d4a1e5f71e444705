//! `GET/POST /console/vacation`: the out-of-office reply (trả lời tự động), with dates.
//!
//! Written with [`policy::sieve::vacation`] into the account's active Sieve script (a new
//! script `govmail`, made active, when it has none), so that ManageSieve clients see it and
//! can edit it, and the rest of the user's script is kept. The whole script is compiled
//! before it is stored, as a ManageSieve PUTSCRIPT would be.

use axum::extract::Form;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use policy::sieve::vacation::{self, Vacation};

use super::i18n::K;
use super::layout::{page, server_error_in};
use super::{Authed, blocking};

#[derive(Deserialize, Default)]
pub struct VacationForm {
    #[serde(default)]
    csrf: Option<String>,
    /// "on" to set the reply, "off" to remove it.
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    message: String,
}

/// What the page shows about the current script.
enum Current {
    None,
    Set(Vacation),
    /// The section was edited by hand beyond what the form reads.
    Edited,
}

fn form(
    who: &Authed,
    current: &Current,
    shown: &Vacation,
    note: Option<Result<&str, &str>>,
) -> Markup {
    let t = |k| who.lang.t(k);
    html! {
        h1 { (t(K::vacation_title)) }
        div.card {
            @match note {
                Some(Ok(text)) => p.ok role="status" { (text) },
                Some(Err(text)) => p.error role="alert" { (text) },
                None => {}
            }
            @match current {
                Current::None => p { (t(K::vacation_off_now)) },
                Current::Set(v) => p #state { (t(K::vacation_on_now))
                    @if let Some(from) = &v.from { (who.lang.fill(K::vacation_since, &[from])) }
                    @if let Some(to) = &v.to { (who.lang.fill(K::vacation_until, &[to])) }
                    "." },
                Current::Edited => p.error { (t(K::vacation_edited)) },
            }
            form method="post" action="/console/vacation" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                label for="from" { (t(K::vacation_from)) }
                input #from type="date" name="from" value=(shown.from.clone().unwrap_or_default());
                label for="to" { (t(K::vacation_to)) }
                input #to type="date" name="to" value=(shown.to.clone().unwrap_or_default());
                p.hint { (t(K::vacation_dates_hint)) }
                label for="subject" { (t(K::vacation_subject)) }
                input #subject type="text" name="subject" maxlength="200" value=(shown.subject);
                label for="message" { (t(K::vacation_message)) }
                textarea #message name="message" maxlength="4000" required { (shown.message) }
                button type="submit" name="action" value="on" { (t(K::vacation_on)) }
                " "
                button.secondary type="submit" name="action" value="off" formnovalidate { (t(K::vacation_off)) }
            }
            p.hint { (t(K::vacation_hint)) }
        }
    }
}

/// The account's active script: its name and text (None: no active script).
fn active_script(
    store: &storage::Store,
    account: i64,
) -> Result<Option<(String, String)>, storage::StorageError> {
    Ok(store.sieve_active(account)?.map(|s| (s.name, s.content)))
}

fn current_of(script: Option<&(String, String)>) -> Current {
    match script.map(|(_, text)| vacation::read(text)) {
        None | Some(Ok(None)) => Current::None,
        Some(Ok(Some(v))) => Current::Set(v),
        Some(Err(())) => Current::Edited,
    }
}

pub async fn page_handler(who: Authed) -> Response {
    let account = who.account.id;
    let script = match blocking(&who.console.store, move |s| active_script(s, account)).await {
        Ok(Ok(script)) => script,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot read the Sieve script");
            return server_error_in(who.lang);
        }
        Err(r) => return r,
    };
    let current = current_of(script.as_ref());
    let shown = match &current {
        Current::Set(v) => v.clone(),
        _ => Vacation {
            subject: who.lang.t(K::vacation_default_subject).into(),
            ..Vacation::default()
        },
    };
    page(
        who.lang.t(K::vacation_title),
        Some(&who),
        form(&who, &current, &shown, None),
    )
    .into_response()
}

pub async fn save(who: Authed, headers: HeaderMap, Form(f): Form<VacationForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    let day = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let wanted = Vacation {
        from: day(&f.from),
        to: day(&f.to),
        subject: f.subject.trim().to_string(),
        message: f.message.replace("\r\n", "\n").trim_end().to_string(),
    };
    let turn_on = f.action != "off";
    if turn_on && let Err(invalid) = wanted.validate() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                who.lang.t(K::vacation_title),
                Some(&who),
                form(&who, &Current::None, &wanted, Some(Err(invalid.0))),
            ),
        )
            .into_response();
    }
    let account = who.account.id;
    let (to_store, for_store) = (wanted.clone(), turn_on);
    // Read, edit and write the active script in one blocking trip. (A ManageSieve PUTSCRIPT
    // between the read and the write would be overwritten: the window is milliseconds.)
    let result = blocking(&who.console.store, move |store| {
        let script = active_script(store, account)?;
        let (name, text) = match script {
            Some((name, text)) => (name, text),
            None if !for_store => return Ok(None),
            None => (vacation::SCRIPT_NAME.to_string(), String::new()),
        };
        let new_text = if for_store {
            vacation::set(&text, &to_store)
        } else {
            vacation::remove(&text)
        };
        if new_text == text {
            return Ok(Some(name));
        }
        if let Err(e) = policy::sieve::compile(&new_text) {
            return Err(storage::StorageError::Invalid(format!(
                "the script would not compile: {e}"
            )));
        }
        store.sieve_put(account, &name, &new_text, true)?;
        Ok(Some(name))
    })
    .await;
    let note = match result {
        Ok(Ok(name)) => {
            let detail = if turn_on {
                format!(
                    "on {}..{} (script {})",
                    wanted.from.as_deref().unwrap_or(""),
                    wanted.to.as_deref().unwrap_or(""),
                    name.as_deref().unwrap_or(vacation::SCRIPT_NAME)
                )
            } else {
                "off".to_string()
            };
            who.audit("vacation.set", Some(&who.account.address), Some(detail))
                .await;
            if turn_on {
                Ok(who.lang.t(K::vacation_saved_on))
            } else {
                Ok(who.lang.t(K::vacation_saved_off))
            }
        }
        Ok(Err(storage::StorageError::OverQuota { .. })) => Err(who.lang.t(K::vacation_over_quota)),
        Ok(Err(e)) if e.is_client_error() => {
            tracing::info!(error = %e, account = %who.account.address, "console: out-of-office not stored");
            Err(who.lang.t(K::vacation_broken))
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot store the Sieve script");
            return server_error_in(who.lang);
        }
        Err(r) => return r,
    };
    let current = if turn_on && note.is_ok() {
        Current::Set(wanted.clone())
    } else {
        Current::None
    };
    let status = if note.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (
        status,
        page(
            who.lang.t(K::vacation_title),
            Some(&who),
            form(&who, &current, &wanted, Some(note)),
        ),
    )
        .into_response()
}
