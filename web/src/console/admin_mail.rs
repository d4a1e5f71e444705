//! The mail an administrator acts on: the quarantine (`/console/admin/quarantine`: release
//! into the recipients' INBOXes or delete, as `govmail quarantine release|delete` do, through
//! the same [`adminops::quarantine::release`] and [`storage::Store::quarantine_delete`]) and
//! the outbound queue (`/console/admin/queue`: retry now or remove, as `govmail queue
//! retry|remove` do, through [`storage::Store::queue_retry`] and
//! [`storage::Store::queue_remove`]). Every action is audited.

use axum::extract::Form;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use adminops::sizes::format_size;
use storage::{Quarantined, QueueEntry};

use super::admin::{admin_only, desk_menu};
use super::i18n::{K, Lang};
use super::layout::{page, server_error_in};
use super::{Authed, blocking};

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    id: String,
    /// `release`/`delete` (quarantine), `retry`/`remove` (queue).
    #[serde(default)]
    action: String,
}

/// A date and time in Vietnam.
fn when(unix: i64) -> String {
    let t = storage::VnTime::from_unix(unix);
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        t.day, t.month, t.year, t.hour, t.minute
    )
}

/// "3 phút", "2 giờ 05 phút", "4 ngày 2 giờ".
fn span(lang: Lang, secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => lang.fill(K::secs_n, &[&s]),
        60..3600 => lang.fill(K::mins_n, &[&(s / 60)]),
        3600..86400 => lang.fill(
            K::hours_mins,
            &[&(s / 3600), &format!("{:02}", s % 3600 / 60)],
        ),
        _ => lang.fill(K::days_hours, &[&(s / 86400), &(s % 86400 / 3600)]),
    }
}

fn action_button(
    who: &Authed,
    to: &str,
    id: i64,
    action: &str,
    label: &str,
    danger: bool,
) -> Markup {
    html! {
        form.inline method="post" action=(to) {
            input type="hidden" name="csrf" value=(who.session.csrf());
            input type="hidden" name="id" value=(id);
            @if danger {
                button.secondary type="submit" name="action" value=(action) { (label) }
            } @else {
                button type="submit" name="action" value=(action) { (label) }
            }
        }
    }
}

fn note_markup(note: &Option<Result<String, String>>) -> Markup {
    html! {
        @match note {
            Some(Ok(text)) => p.ok role="status" #note { (text) },
            Some(Err(text)) => p.error role="alert" #note { (text) },
            None => {}
        }
    }
}

/// Most rows a page lists (an outage can queue thousands; the CLI lists them all).
const MAX_ROWS: usize = 500;

fn more(lang: Lang, total: usize) -> Markup {
    html! {
        @if total > MAX_ROWS {
            p.hint { (lang.fill(K::rows_first, &[&MAX_ROWS, &total])) }
        }
    }
}

async fn quarantine_page(who: &Authed, note: Option<Result<String, String>>) -> Response {
    let held = blocking(&who.console.store, |s| {
        let held = s.quarantine_list()?;
        let total = held.len();
        let mut rows = Vec::with_capacity(total.min(MAX_ROWS));
        for q in held.into_iter().take(MAX_ROWS) {
            let to: Vec<String> = q
                .recipients
                .iter()
                .filter_map(|a| s.get_account_by_id(*a).ok().map(|a| a.address))
                .collect();
            rows.push((q, to));
        }
        Ok((rows, total))
    })
    .await;
    let lang = who.lang;
    let t = |k| lang.t(k);
    let (held, total): (Vec<(Quarantined, Vec<String>)>, usize) = match held {
        Ok(Ok(h)) => h,
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    let status = match note {
        Some(Err(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let body = html! {
        h1 { (t(K::desk_quarantine)) }
        (desk_menu(lang, "/console/admin/quarantine"))
        (note_markup(&note))
        p.hint { (t(K::quarantine_hint)) code { "govmail quarantine show ID" } "." }
        @if held.is_empty() {
            p #quarantine-empty { (t(K::quarantine_empty)) }
        } @else {
            (more(lang, total))
            div.scroll { table #quarantine {
                thead { tr { th { (t(K::col_number)) } th.name { (t(K::col_received_at)) } th.name { (t(K::col_sender)) } th.name { (t(K::col_recipients)) } th.name { (t(K::col_mail_subject)) } th.name { (t(K::col_reason)) } th { (t(K::col_size)) } th.name { (t(K::col_action)) } } }
                tbody { @for (q, to) in &held {
                    tr id=(format!("q{}", q.id)) {
                        td { (q.id) }
                        td.name { (when(q.created_at)) }
                        td.name { (q.sender) }
                        td.name { @for (i, a) in to.iter().enumerate() { @if i > 0 { br; } (a) } }
                        td.name { (q.subject.as_deref().unwrap_or("")) }
                        td.name { (q.reason) }
                        td { (format_size(q.size)) }
                        td.name {
                            (action_button(who, "/console/admin/quarantine", q.id, "release", t(K::release_button), false))
                            (action_button(who, "/console/admin/quarantine", q.id, "delete", t(K::delete_button), true))
                        }
                    }
                } }
            } }
        }
    };
    (status, page(t(K::desk_quarantine), Some(who), body)).into_response()
}

pub async fn quarantine(who: Authed) -> Response {
    if let Err(r) = admin_only(&who, "quarantine page", None).await {
        return r;
    }
    quarantine_page(&who, None).await
}

fn parse_id(id: &str) -> Option<i64> {
    id.trim().parse().ok().filter(|n| *n > 0)
}

pub async fn quarantine_action(
    who: Authed,
    headers: HeaderMap,
    Form(f): Form<ActionForm>,
) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = admin_only(&who, &format!("quarantine {}", f.action), Some(f.id.trim())).await {
        return r;
    }
    let lang = who.lang;
    let Some(id) = parse_id(&f.id) else {
        return quarantine_page(&who, Some(Err(lang.t(K::bad_message_number).into()))).await;
    };
    let release = match f.action.as_str() {
        "release" => true,
        "delete" => false,
        _ => return quarantine_page(&who, Some(Err(lang.t(K::bad_action).into()))).await,
    };
    let done = blocking(&who.console.store, move |s| {
        let held = s.quarantine_get(id)?;
        let delivered = if release {
            adminops::quarantine::release(s, id)?
        } else {
            s.quarantine_delete(id)?;
            0
        };
        Ok((held, delivered))
    })
    .await;
    let (held, delivered) = match done {
        Ok(Ok(d)) => d,
        Ok(Err(e)) if e.is_client_error() => {
            return quarantine_page(&who, Some(Err(lang.fill(K::no_longer_held, &[&id])))).await;
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    let detail = format!(
        "from {}; subject {:?}{}",
        held.sender,
        held.subject.as_deref().unwrap_or(""),
        if release {
            format!("; delivered to {delivered} mailbox(es)")
        } else {
            String::new()
        }
    );
    let (action, text) = if release {
        (
            "quarantine.release",
            lang.fill(K::released, &[&id, &delivered]),
        )
    } else {
        ("quarantine.delete", lang.fill(K::deleted, &[&id]))
    };
    who.audit(action, Some(&id.to_string()), Some(detail)).await;
    quarantine_page(&who, Some(Ok(text))).await
}

async fn queue_page(who: &Authed, note: Option<Result<String, String>>) -> Response {
    let lang = who.lang;
    let t = |k| lang.t(k);
    let mut entries: Vec<QueueEntry> = match blocking(&who.console.store, |s| s.queue_list()).await
    {
        Ok(Ok(e)) => e,
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    let total = entries.len();
    entries.truncate(MAX_ROWS);
    let now = storage::now();
    let status = match note {
        Some(Err(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let body = html! {
        h1 { (t(K::desk_queue)) }
        (desk_menu(lang, "/console/admin/queue"))
        (note_markup(&note))
        p.hint { (t(K::queue_hint)) }
        @if entries.is_empty() {
            p #queue-empty { (t(K::queue_empty)) }
        } @else {
            (more(lang, total))
            div.scroll { table #queue {
                thead { tr { th { (t(K::col_number)) } th.name { (t(K::col_waited)) } th.name { (t(K::col_sender)) } th.name { (t(K::col_pending)) } th { (t(K::col_attempts)) } th.name { (t(K::col_next_attempt)) } th.name { (t(K::col_last_error)) } th.name { (t(K::col_action)) } } }
                tbody { @for e in &entries {
                    tr id=(format!("m{}", e.id)) {
                        td { (e.id) }
                        td.name { (span(lang, now - e.created_at)) }
                        td.name { @if e.sender.is_empty() { (t(K::null_sender)) } @else { (e.sender) } }
                        td.name { @for (i, r) in e.pending().enumerate() { @if i > 0 { br; } (r.address) } }
                        td { (e.attempts) }
                        td.name { @if e.next_attempt <= now { (t(K::now_)) } @else { (lang.fill(K::in_, &[&span(lang, e.next_attempt - now)])) } }
                        td.name { (e.pending().filter_map(|r| r.last_reply.as_deref()).next().unwrap_or("")) }
                        td.name {
                            (action_button(who, "/console/admin/queue", e.id, "retry", t(K::retry_button), false))
                            (action_button(who, "/console/admin/queue", e.id, "remove", t(K::remove_button), true))
                        }
                    }
                } }
            } }
        }
    };
    (status, page(t(K::desk_queue), Some(who), body)).into_response()
}

pub async fn queue(who: Authed) -> Response {
    if let Err(r) = admin_only(&who, "queue page", None).await {
        return r;
    }
    queue_page(&who, None).await
}

pub async fn queue_action(who: Authed, headers: HeaderMap, Form(f): Form<ActionForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = admin_only(&who, &format!("queue {}", f.action), Some(f.id.trim())).await {
        return r;
    }
    let lang = who.lang;
    let Some(id) = parse_id(&f.id) else {
        return queue_page(&who, Some(Err(lang.t(K::bad_message_number).into()))).await;
    };
    let retry = match f.action.as_str() {
        "retry" => true,
        "remove" => false,
        _ => return queue_page(&who, Some(Err(lang.t(K::bad_action).into()))).await,
    };
    let done = blocking(&who.console.store, move |s| {
        let entry = s.queue_entry(id)?;
        if retry {
            s.queue_retry(Some(id))?;
        } else {
            s.queue_remove(id)?;
        }
        Ok(entry)
    })
    .await;
    let entry = match done {
        Ok(Ok(e)) => e,
        Ok(Err(e)) if e.is_client_error() => {
            return queue_page(&who, Some(Err(lang.fill(K::no_longer_queued, &[&id])))).await;
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    let pending: Vec<&str> = entry.pending().map(|r| r.address.as_str()).collect();
    let detail = format!("from <{}> to {}", entry.sender, pending.join(" "));
    let (action, text) = if retry {
        ("queue.retry", lang.fill(K::retried, &[&id]))
    } else {
        ("queue.remove", lang.fill(K::removed, &[&id]))
    };
    who.audit(action, Some(&id.to_string()), Some(detail)).await;
    queue_page(&who, Some(Ok(text))).await
}
