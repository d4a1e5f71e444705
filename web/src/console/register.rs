//! `GET /console/register`: the exchange register (sổ theo dõi văn bản điện tử) of the
//! viewer's agency subtree — the official documents sent, received or refused — searched by
//! number, type, agency and days, newest first, [`PAGE`] rows a page. The search is
//! `policy::report::register` (the one `govmail report documents` uses), and each row shown
//! says how many of its tracked recipients have received and read it (`storage::tracking`,
//! as `govmail report tracking`: times only, nothing of anyone's mailbox); the agency is
//! checked by [`super::scope`] like the dashboard's (403 and audited outside the viewer's
//! subtrees).

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use policy::report::period::{Period, day_string, day_vn, parse_day};
use policy::report::register::RegisterQuery;

use super::dashboard::url_part;
use super::i18n::{K, Lang};
use super::layout::{message_in, page, server_error_in};
use super::scope::{self, param};
use super::{Authed, blocking};

/// Rows a page.
pub const PAGE: usize = 50;

/// How far back the register looks when no start day is given.
const DEFAULT_DAYS: i64 = 90;

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    number: Option<String>,
    #[serde(default, rename = "type")]
    doc_type: Option<String>,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    page: Option<usize>,
}

fn direction(lang: Lang, d: &str) -> &'static str {
    match d {
        "sent" => lang.t(K::dir_sent),
        "received" => lang.t(K::dir_received),
        _ => lang.t(K::dir_refused),
    }
}

fn type_name(id: Option<&str>) -> String {
    id.and_then(policy::document::DocType::from_id)
        .map_or_else(|| id.unwrap_or("—").to_string(), |t| t.name().to_string())
}

pub async fn page_handler(who: Authed, Query(q): Query<RegisterForm>) -> Response {
    let lang = who.lang;
    let t = |k| lang.t(k);
    let scope = match scope::resolve(&who, param(&q.agency), "register").await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let today = storage::vn_day(storage::now());
    let day = |v: &Option<String>| param(v).map(|d| parse_day(&d)).transpose();
    let (from, to) = match (day(&q.from), day(&q.to)) {
        (Ok(from), Ok(to)) => (from.unwrap_or(today - DEFAULT_DAYS), to.unwrap_or(today)),
        _ => {
            return message_in(
                lang,
                StatusCode::BAD_REQUEST,
                t(K::bad_period_title),
                t(K::bad_date),
            );
        }
    };
    let doc_type = param(&q.doc_type).filter(|id| policy::document::DocType::from_id(id).is_some());
    let query = RegisterQuery {
        number: param(&q.number),
        doc_type: doc_type.clone(),
        within: scope.shown_ids(),
    };
    let days = Period {
        from: from.min(to),
        to: to.max(from),
    };
    let found = match blocking(&who.console.store, move |s| {
        policy::report::register::search(s, days, &query)
    })
    .await
    {
        Ok(Ok(rows)) => rows,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot read the register");
            return server_error_in(lang);
        }
        Err(r) => return r,
    };
    let pages = found.len().div_ceil(PAGE).max(1);
    let page_no = q.page.unwrap_or(1).clamp(1, pages);
    let shown: Vec<_> = found
        .iter()
        .rev()
        .skip((page_no - 1) * PAGE)
        .take(PAGE)
        .collect();
    // Receipt tracking (storage::tracking) of the rows shown: recipients, delivered, read.
    let keys: Vec<(i64, String, Option<String>)> = shown
        .iter()
        .map(|d| (d.at, d.sender.clone(), d.number.clone()))
        .collect();
    let tracked = match blocking(&who.console.store, move |s| {
        keys.into_iter()
            .map(|(at, sender, number)| {
                let Some(number) = number else {
                    return Ok(None);
                };
                let day = storage::vn_day(at);
                let found = s.tracked_documents(&storage::TrackingFilter {
                    number: Some(number),
                    sender: Some(sender),
                    days: Some((day, day)),
                })?;
                Ok(found.into_iter().find(|(d, _)| d.at == at).map(|(_, r)| {
                    let delivered = r.iter().filter(|r| r.delivered_at.is_some()).count();
                    let read = r.iter().filter(|r| r.read_at.is_some()).count();
                    (r.len(), delivered, read)
                }))
            })
            .collect::<Result<Vec<_>, storage::StorageError>>()
    })
    .await
    {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot read the receipts of the register");
            return server_error_in(lang);
        }
        Err(r) => return r,
    };
    let link = |p: usize| {
        let mut l = format!(
            "/console/register?from={}&to={}&page={p}",
            day_string(days.from),
            day_string(days.to)
        );
        for (k, v) in [
            ("number", param(&q.number)),
            ("type", doc_type.clone()),
            ("agency", scope.agency.clone()),
        ] {
            if let Some(v) = v {
                l.push_str(&format!("&{k}={}", url_part(&v)));
            }
        }
        l
    };
    let body = html! {
        h1 { (t(K::register_title)) }
        form.card method="get" action="/console/register" {
            label for="number" { (t(K::register_number)) }
            input #number type="text" name="number" value=(param(&q.number).unwrap_or_default()) placeholder="45/GM-UBND";
            label for="type" { (t(K::register_type)) }
            select #type name="type" {
                option value="" { (t(K::register_any_type)) }
                @for ty in policy::document::TYPES {
                    option value=(ty.id) selected[doc_type.as_deref() == Some(ty.id)] { (ty.name) }
                }
            }
            label for="agency" { (t(K::agency_subtree)) }
            select #agency name="agency" {
                @for a in scope.choices() {
                    option value=(a.code) selected[scope.agency.as_deref() == Some(a.code.as_str())] {
                        (a.code) " — " (a.name)
                    }
                }
            }
            label for="from" { (t(K::register_from)) }
            input #from type="date" name="from" value=(day_string(days.from));
            label for="to" { (t(K::register_to)) }
            input #to type="date" name="to" value=(day_string(days.to));
            button type="submit" { (t(K::register_search)) }
        }
        p #found { (lang.fill(K::register_found, &[&found.len(), &page_no, &pages])) " "
            (lang.fill(K::from_to, &[&day_vn(days.from), &day_vn(days.to)])) }
        @if found.is_empty() {
            p { (t(K::register_none)) }
        } @else {
            div.scroll {
                table #register {
                    thead { tr {
                        th { (t(K::col_date)) } th { (t(K::col_direction)) } th.name { (t(K::register_type)) }
                        th.name { (t(K::register_number)) } th.name { (t(K::col_sender)) }
                        th { (t(K::col_sender_agency)) } th { (t(K::col_recipient_agencies)) }
                        th { (t(K::col_external)) } th.name { (t(K::col_subject)) }
                        th { (t(K::col_tracking)) }
                    } }
                    tbody {
                        @for (d, tracking) in shown.iter().zip(&tracked) {
                            tr.doc data-number=(d.number.as_deref().unwrap_or("")) {
                                td { (day_vn(storage::vn_day(d.at))) }
                                td { (direction(lang, &d.direction)) }
                                td.name { (type_name(d.doc_type.as_deref())) }
                                td.name { (d.number.as_deref().unwrap_or("—"))
                                    @if d.recalled_at.is_some() { " (" (t(K::recalled)) ")" } }
                                td.name { (d.sender) }
                                td { (d.sender_agency.map_or("—", |a| scope.code_of(a))) }
                                td { (d.recipient_agencies.iter().map(|a| scope.code_of(*a)).collect::<Vec<_>>().join(" ")) }
                                td { (d.recipients_external) }
                                td.name { (d.subject.as_deref().unwrap_or("")) }
                                td.tracking {
                                    @match tracking {
                                        Some((all, delivered, read)) => (lang.fill(K::tracking_counts, &[delivered, all, read, all])),
                                        None => "—",
                                    }
                                }
                            }
                        }
                    }
                }
            }
            nav.pages {
                @if page_no > 1 { a rel="prev" href=(link(page_no - 1)) { (t(K::previous)) } " " }
                @if page_no < pages { a rel="next" href=(link(page_no + 1)) { (t(K::next)) } }
            }
        }
    };
    page(t(K::register_title), Some(&who), body).into_response()
}
