//! `GET /console/sent`: the official documents the logged-in person sent in the last 90 days,
//! and for each recipient when it was delivered and first read (Nghị định 30/2020/NĐ-CP Điều
//! 21.2; issue 22 item 2, "and in the web console"). Only those times are shown, as in
//! `govmail report tracking`, nothing of the recipients' mailboxes; and only the person's own
//! documents: the filter is the session's address, not a parameter.

use axum::response::{IntoResponse, Response};
use maud::html;

use storage::{TrackedDocument, TrackingFilter, VnTime};

use super::layout::{page, server_error};
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

/// "Giấy mời số 45/GM-UBND", from the register's type id and number.
fn title(d: &TrackedDocument) -> String {
    let kind = d
        .doc_type
        .as_deref()
        .and_then(policy::document::DocType::from_id)
        .map_or("Văn bản", |t| t.name());
    match &d.number {
        Some(n) => format!("{kind} số {n}"),
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
            return server_error();
        }
        Err(response) => return response,
    };
    let body = html! {
        h1 { "Văn bản đã gửi" }
        p { "Các văn bản hành chính Quý vị đã gửi trong " (DAYS) " ngày gần đây, và thời điểm "
            "mỗi người nhận đã nhận, đã đọc (theo Nghị định 30/2020/NĐ-CP, Điều 21). "
            "Người nhận ở hệ thống khác hiện thời điểm do hệ thống đó báo về." }
        @if documents.is_empty() {
            p { "Chưa có văn bản nào." }
        }
        @for (d, recipients) in documents.iter().rev() {
            div.card {
                h2 { (title(d)) }
                p {
                    @if let Some(subject) = &d.subject { (subject) br; }
                    "Gửi lúc " (when(Some(d.at)))
                }
                table {
                    thead { tr { th { "Người nhận" } th { "Đơn vị" } th { "Đã nhận" } th { "Đã đọc" } } }
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
    page("Văn bản đã gửi", Some(&who), body).into_response()
}
