//! `GET /console/report?period=…&agency=…`: the usage dashboard of an agency subtree, for a
//! report viewer of that subtree (or an administrator).
//!
//! The figures are the CLI report's (`policy::report::usage_rows`, `monthly_trend`), the bar
//! chart and the month-by-month trend the same drawings (`policy::report::chart`). Asking for an agency outside one's subtrees, by
//! editing the URL, is refused with 403 (not an empty page, which would look like "no data")
//! and written to the audit log.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use serde::Deserialize;

use policy::report::chart::{pct, regular_share_bars};
use policy::report::period::{Measured, Period, day_vn};

use super::layout::{forbidden, message, page, server_error};
use super::{Authed, blocking};

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    agency: Option<String>,
}

/// The current month, as the period form writes it.
fn this_month(today: i64) -> String {
    let t = storage::VnTime::from_unix(today * 86_400);
    format!("{:04}-{:02}", t.year, t.month)
}

pub async fn page_handler(who: Authed, Query(q): Query<ReportQuery>) -> Response {
    let scope = who.report_scope();
    let asked = q
        .agency
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    if scope.as_ref().is_some_and(|s| s.is_empty()) {
        who.audit(
            "report.denied",
            asked.as_deref(),
            Some("no report role".into()),
        )
        .await;
        return forbidden("Tài khoản này không có quyền xem báo cáo sử dụng.");
    }
    let store = who.console.store.clone();
    let agencies = match blocking(&store, |s| s.list_agencies()).await {
        Ok(Ok(a)) => a,
        Ok(Err(_)) => return server_error(),
        Err(r) => return r,
    };
    // The agency shown: the one asked for, else the viewer's first subtree (an
    // administrator: the whole tree).
    let agency = asked
        .clone()
        .or_else(|| scope.as_ref().and_then(|s| s.first().cloned()));
    if let (Some(code), Some(roots)) = (&agency, &scope)
        && !policy::report::within_subtrees(&agencies, roots, code)
    {
        tracing::warn!(account = %who.account.address, agency = %code, peer = %who.ip, "console: report outside the viewer's agencies refused");
        who.audit(
            "report.denied",
            Some(code),
            Some(format!("allowed: {}", roots.join(", "))),
        )
        .await;
        return forbidden(
            "Bạn không có quyền xem số liệu của đơn vị này. Lần truy cập này đã được ghi lại.",
        );
    }
    if let Some(code) = &agency
        && !agencies.iter().any(|a| a.code.eq_ignore_ascii_case(code))
    {
        return message(
            StatusCode::NOT_FOUND,
            "Không có đơn vị",
            "Không có đơn vị với mã này.",
        );
    }
    let today = storage::vn_day(storage::now());
    let period_text = q
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map_or_else(|| this_month(today), str::to_string);
    let measured = period_text
        .parse::<Period>()
        .and_then(|p| Measured::new(p, today));
    let m = match measured {
        Ok(m) => m,
        Err(_) => {
            return message(
                StatusCode::BAD_REQUEST,
                "Kỳ báo cáo không hợp lệ",
                "Kỳ báo cáo viết dạng 2026-10 (tháng), 2026-Q3 (quý), 2026 (năm) hoặc \
                 2026-01-01..2026-03-31, và phải bắt đầu không muộn hơn hôm nay.",
            );
        }
    };
    let rule = who.console.rule;
    let for_rows = agency.clone();
    let rows = match blocking(&store, move |s| {
        let (rows, activity) = policy::report::usage_rows(s, m, for_rows.as_deref(), rule)?;
        let trend =
            policy::report::monthly_trend(s, &activity, m.measured, rule, for_rows.as_deref())?;
        Ok((rows, trend))
    })
    .await
    {
        Ok(Ok(found)) => found,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot compute the usage report");
            return server_error();
        }
        Err(r) => return r,
    };
    let (rows, trend) = rows;
    let trend = policy::report::chart::monthly_trend_svg(&trend, rule);
    let target = f64::from(rule.target_percent) / 100.0;
    // The agencies the viewer may pick: their subtrees (computed once, not per agency).
    let allowed: Option<std::collections::HashSet<i64>> = scope.as_ref().map(|roots| {
        agencies
            .iter()
            .filter(|a| roots.iter().any(|r| r.eq_ignore_ascii_case(&a.code)))
            .flat_map(|root| storage::subtree_ids(&agencies, root.id))
            .collect()
    });
    let choices: Vec<&storage::Agency> = agencies
        .iter()
        .filter(|a| allowed.as_ref().is_none_or(|ids| ids.contains(&a.id)))
        .collect();
    let body = html! {
        h1 { "Báo cáo tình hình sử dụng thư điện tử công vụ" }
        form.card method="get" action="/console/report" {
            label for="period" { "Kỳ báo cáo" }
            input #period type="text" name="period" value=(period_text) placeholder="2026-10, 2026-Q3, 2026";
            label for="agency" { "Đơn vị (gồm các đơn vị trực thuộc)" }
            select #agency name="agency" {
                @for a in &choices {
                    option value=(a.code) selected[agency.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&a.code))] {
                        (a.code) " — " (a.name)
                    }
                }
            }
            button type="submit" { "Xem" }
        }
        p { "Từ ngày " (day_vn(m.asked.from)) " đến ngày " (day_vn(m.asked.to)) }
        @if let Some(note) = m.note_vi() { p.hint { (note) } }
        h2 { "Tỷ lệ cán bộ sử dụng thường xuyên (mục tiêu " (rule.target_percent) "%)" }
        div.card.scroll { (PreEscaped(regular_share_bars(&rows, rule))) }
        @if let Some(t) = &trend {
            h2 { "Diễn biến theo tháng" }
            div.card.scroll #trend { (PreEscaped(&t.svg)) }
            @if let Some(months) = &t.before {
                p.hint { (months) ": — (chưa có địa chỉ nào được cấp, không có số liệu)." }
            }
        }
        h2 { "Số liệu chi tiết" }
        div.scroll {
            table #figures {
                thead { tr {
                    th.name { "Đơn vị" } th { "Biên chế" } th { "Địa chỉ đã cấp" } th { "Hoạt động" }
                    th { "Thường xuyên" } th { "Tỷ lệ thường xuyên" } th { "Thư gửi" } th { "Thư nhận" }
                    th { "Văn bản gửi" } th { "Văn bản nhận" }
                } }
                tbody {
                    @for r in &rows {
                        @let f = &r.subtree;
                        @let below = f.regular_share.is_some_and(|s| s < target);
                        tr.below[below] data-agency=(r.agency) {
                            td.name { ("\u{a0}\u{a0}\u{a0}".repeat(r.depth)) (r.name) }
                            td { (f.headcount.map_or("—".into(), |h| h.to_string())) }
                            td { (f.issued) }
                            td { (f.active) }
                            td { (f.regular) }
                            td.below[below] { (pct(f.regular_share)) @if below { " ▼ dưới mục tiêu" } }
                            td { (f.sent) }
                            td { (f.received) }
                            td { (f.official_sent) }
                            td { (f.official_received) }
                        }
                    }
                }
            }
        }
        p.hint { "Cách tính: số liệu mỗi dòng gồm cả các đơn vị trực thuộc; " (rule.describe_vi()) "." }
    };
    page("Báo cáo sử dụng", Some(&who), body).into_response()
}
