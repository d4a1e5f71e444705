//! `GET /console/sent`: the official documents the logged-in person sent in the last 90 days,
//! and for each recipient when it was delivered and first read (Nghị định 30/2020/NĐ-CP Điều
//! 21.2; issue 22 item 2, "and in the web console"). Only those times are shown, as in
//! `govmail report tracking`, nothing of the recipients' mailboxes; and only the person's own
//! documents: the filter is the session's address, not a parameter.

use axum::response::{IntoResponse, Response};
use maud::html;

use storage::{TrackedDocument, TrackingFilter, VnTime};

use super::i18n::{K, Lang};
use super::layout::{page, server_error_in};
use super::{Authed, blocking};

/// How far back the page looks.
const DAYS: i64 = 90;

/// "07/12/2026 09:15" in Vietnam time, or "—".
fn when(unix: Option<i64>) -> String {
    match unix {
        Some(t) => {
            let t = VnTime::from_unix(t);
            format!(
                "{:02}/{:02}/{:04} {:02}:{:02}",
                t.day, t.month, t.year, t.hour, t.minute
            )
        }
        None => "—".into(),
    }
}

/// "Giấy mời số 45/GM-UBND", from the register's type id and number (the type's name is the
/// Vietnamese one in both languages: it is the document's own).
fn title(lang: Lang, d: &TrackedDocument) -> String {
    let kind = d
        .doc_type
        .as_deref()
        .and_then(policy::document::DocType::from_id)
        .map_or(lang.t(K::document), |t| t.name());
    match &d.number {
        Some(n) => lang.fill(K::number_of, &[&kind, n]),
        None => kind.to_string(),
    }
}

pub async fn page_handler(who: Authed) -> Response {
    let today = storage::vn_day(storage::now());
    let filter = TrackingFilter {
        number: None,
        sender: Some(who.account.address.clone()),
        days: Some((today - DAYS, today)),
    };
    let documents = match blocking(&who.console.store, move |s| s.tracked_documents(&filter)).await
    {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: the sent documents could not be read");
            return server_error_in(who.lang);
        }
        Err(response) => return response,
    };
    let lang = who.lang;
    let t = |k| lang.t(k);
    let body = html! {
        h1 { (t(K::sent_title)) }
        p { (lang.fill(K::sent_intro, &[&DAYS])) }
        @if documents.is_empty() {
            p { (t(K::sent_none)) }
        }
        @for (d, recipients) in documents.iter().rev() {
            div.card {
                h2 { (title(lang, d)) }
                p {
                    @if let Some(subject) = &d.subject { (subject) br; }
                    (lang.fill(K::sent_at, &[&when(Some(d.at))]))
                }
                table {
                    thead { tr { th { (t(K::recipient)) } th { (t(K::agency)) } th { (t(K::received)) } th { (t(K::read)) } } }
                    tbody {
                        @for r in recipients {
                            tr {
                                td { (r.address) }
                                td { (r.agency_name.as_deref().or(r.agency.as_deref()).unwrap_or("—")) }
                                td { (when(r.delivered_at)) }
                                td { (when(r.read_at)) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(t(K::sent_title), Some(&who), body).into_response()
}
