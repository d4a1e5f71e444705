//! `GET /console/report?period=…&agency=…`: the usage dashboard of an agency subtree, for a
//! report viewer of that subtree (or an administrator), and its downloads for the same period
//! and subtree: `/console/report/download.xlsx` ([`super::xlsx`]), `/console/report/download.csv`
//! (the CLI's CSV, UTF-8 with BOM) and `/console/report/print` (a page made for printing or
//! saving as PDF).
//!
//! The figures are the CLI report's (`policy::report::usage_rows`, `monthly_trend`: the same
//! code as `govmail report usage --format json`), the bar chart and the month-by-month trend
//! the same drawings (`policy::report::chart`). The scope is checked by [`super::scope`] for
//! the page and every download alike.

use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use policy::report::MonthPoint;
use policy::report::chart::{self, Words, pct, regular_share_bars_in};
use policy::report::export::Warning;
use policy::report::period::{Measured, day_vn};
use policy::report::usage::Row;

use super::i18n::{K, Lang};
use super::layout::{page, page_in, server_error_in};
use super::scope::{self, Scope};
use super::{Authed, blocking};

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub agency: Option<String>,
}

/// Everything a view of the usage report shows.
pub struct Usage {
    pub scope: Scope,
    /// The period as the viewer wrote it (for the form and the links).
    pub period_text: String,
    pub m: Measured,
    pub rows: Vec<Row>,
    pub trend: Vec<MonthPoint>,
    pub warnings: Vec<Warning>,
}

/// The figures of the period and subtree asked for, once the scope is checked. `what` names
/// the view in the audit line of a refusal.
pub async fn usage(who: &Authed, q: &ReportQuery, what: &str) -> Result<Usage, Response> {
    let scope = scope::resolve(who, scope::param(&q.agency), what).await?;
    let (period_text, m) = scope::period(who, &q.period)?;
    let rule = who.console.rule;
    let agency = scope.agency.clone();
    let computed = blocking(&who.console.store, move |s| {
        let (rows, activity) = policy::report::usage_rows(s, m, agency.as_deref(), rule)?;
        let trend =
            policy::report::monthly_trend(s, &activity, m.measured, rule, agency.as_deref())?;
        Ok((rows, trend))
    })
    .await?;
    let (rows, trend) = computed.map_err(|e| {
        tracing::error!(error = %e, "console: cannot compute the usage report");
        server_error_in(who.lang)
    })?;
    let warnings = policy::report::export::warnings(&rows);
    Ok(Usage {
        scope,
        period_text,
        m,
        rows,
        trend,
        warnings,
    })
}

impl Usage {
    /// The query string of this view (for the download links).
    pub fn query(&self) -> String {
        let mut q = format!("period={}", url_part(&self.period_text));
        if let Some(a) = &self.scope.agency {
            q.push_str("&agency=");
            q.push_str(&url_part(a));
        }
        q
    }

    /// A file name for a download: `bao-cao-su-dung_STTTT_2026-Q3.xlsx` (ASCII only).
    pub fn file_name(&self, ext: &str) -> String {
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        let agency = self.scope.agency.as_deref().unwrap_or("tat-ca");
        format!(
            "bao-cao-su-dung_{}_{}.{ext}",
            clean(agency),
            clean(&self.period_text)
        )
    }
}

/// Percent-encodes a query value.
pub fn url_part(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The figures' table (subtree figures, rows below the target marked).
fn figures_table(lang: Lang, u: &Usage, target: f64) -> Markup {
    let t = |k| lang.t(k);
    html! {
        table #figures {
            thead { tr {
                th.name { (t(K::agency)) } th { (t(K::col_headcount)) } th { (t(K::col_issued)) } th { (t(K::col_active)) }
                th { (t(K::col_regular)) } th { (t(K::col_regular_share)) } th { (t(K::col_sent)) } th { (t(K::col_received)) }
                th { (t(K::col_official_sent)) } th { (t(K::col_official_received)) }
            } }
            tbody {
                @for r in &u.rows {
                    @let f = &r.subtree;
                    @let below = f.regular_share.is_some_and(|s| s < target);
                    tr.below[below] data-agency=(r.agency) {
                        td.name { ("\u{a0}\u{a0}\u{a0}".repeat(r.depth)) (r.name) }
                        td { (f.headcount.map_or("—".into(), |h| h.to_string())) }
                        td { (f.issued) }
                        td { (f.active) }
                        td { (f.regular) }
                        td.below[below] { (pct(f.regular_share)) @if below { (t(K::below_target)) } }
                        td { (f.sent) }
                        td { (f.received) }
                        td { (f.official_sent) }
                        td { (f.official_received) }
                    }
                }
            }
        }
    }
}

/// The charts' words in `lang` (the chart code is the CLI report's, shared).
fn chart_words(lang: Lang) -> Words<'static> {
    Words {
        bars: lang.t(K::chart_bars),
        target: lang.t(K::chart_target),
        trend: lang.t(K::trend_title),
        month: match lang {
            Lang::Vi => chart::month_vi,
            Lang::En => chart::month_en,
        },
    }
}

/// The charts: the bars against the target, and the trend when there is one.
fn charts(lang: Lang, u: &Usage, who: &Authed) -> Markup {
    let rule = who.console.rule;
    let words = chart_words(lang);
    let trend = policy::report::chart::monthly_trend_svg_in(&u.trend, rule, &words);
    html! {
        h2 { (lang.fill(K::regular_share_target, &[&rule.target_percent])) }
        div.card.scroll.chart { (PreEscaped(regular_share_bars_in(&u.rows, rule, &words))) }
        @if let Some(tr) = &trend {
            h2 { (lang.t(K::trend_title)) }
            div.card.scroll.chart #trend { (PreEscaped(&tr.svg)) }
            @if let Some(months) = &tr.before {
                p.hint { (lang.fill(K::trend_no_data, &[months])) }
            }
        }
    }
}

fn notes(lang: Lang, u: &Usage, who: &Authed) -> Markup {
    let rule = who.console.rule;
    html! {
        p.hint { (lang.fill(K::report_rule, &[&match lang { Lang::Vi => rule.describe_vi(), Lang::En => rule.describe() }])) }
        @if !u.warnings.is_empty() {
            ul.hint.warnings {
                @for w in &u.warnings {
                    li { (match lang { Lang::Vi => &w.vi, Lang::En => &w.en }) }
                }
            }
        }
    }
}

/// The period line and the in-progress note.
fn period_lines(lang: Lang, m: &Measured) -> Markup {
    let note = match lang {
        Lang::Vi => m.note_vi(),
        Lang::En => m.note_en(),
    };
    html! {
        p { (lang.fill(K::from_to, &[&day_vn(m.asked.from), &day_vn(m.asked.to)])) }
        @if let Some(note) = note { p.hint { (note) } }
    }
}

pub async fn page_handler(who: Authed, Query(q): Query<ReportQuery>) -> Response {
    let u = match usage(&who, &q, "report").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let lang = who.lang;
    let t = |k| lang.t(k);
    let target = f64::from(who.console.rule.target_percent) / 100.0;
    let query = u.query();
    let body = html! {
        h1 { (t(K::report_title)) }
        form.card method="get" action="/console/report" {
            label for="period" { (t(K::period)) }
            input #period type="text" name="period" value=(u.period_text) placeholder="2026-10, 2026-Q3, 2026";
            label for="agency" { (t(K::agency_subtree)) }
            select #agency name="agency" {
                @for a in u.scope.choices() {
                    option value=(a.code) selected[u.scope.agency.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(&a.code))] {
                        (a.code) " — " (a.name)
                    }
                }
            }
            button type="submit" { (t(K::show)) }
        }
        (period_lines(lang, &u.m))
        p.downloads {
            (t(K::downloads)) " "
            a #xlsx href={ "/console/report/download.xlsx?" (query) } { (t(K::download_xlsx)) } " · "
            a #csv href={ "/console/report/download.csv?" (query) } { (t(K::download_csv)) } " · "
            a #print href={ "/console/report/print?" (query) } { (t(K::download_print)) }
        }
        (charts(lang, &u, &who))
        h2 { (t(K::figures_title)) }
        div.scroll { (figures_table(lang, &u, target)) }
        (notes(lang, &u, &who))
    };
    page(t(K::report_short), Some(&who), body).into_response()
}

/// `GET /console/report/print`: the report alone, laid out for paper (A4, the print
/// stylesheet in console.css): the title, period, charts, table, rule and date, without the
/// menu. The browser's Print (or headless Chromium's `Page.printToPDF`) makes the PDF.
pub async fn print_handler(who: Authed, Query(q): Query<ReportQuery>) -> Response {
    let u = match usage(&who, &q, "report.print").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let lang = who.lang;
    let t = |k| lang.t(k);
    let target = f64::from(who.console.rule.target_percent) / 100.0;
    let shown = u
        .scope
        .agency
        .as_deref()
        .and_then(|c| u.scope.agencies.iter().find(|a| a.code == c));
    let body = html! {
        article.print {
            p.noprint.hint { (t(K::print_hint)) " " a href={ "/console/report?" (u.query()) } { "←" } }
            h1 { (t(K::report_title)) }
            @if let Some(a) = shown { p.subject { (a.name) " (" (a.code) ")" } }
            (period_lines(lang, &u.m))
            (charts(lang, &u, &who))
            h2 { (t(K::figures_title)) }
            (figures_table(lang, &u, target))
            (notes(lang, &u, &who))
            p.date { (lang.fill(K::report_date, &[&day_vn(u.m.today)])) }
        }
    };
    // The page frame without the menu: print views are for paper.
    page_in(lang, t(K::report_short), None, body).into_response()
}

/// `GET /console/report/download.csv`: the CLI's CSV (`policy::report::export::usage_csv`).
pub async fn csv_handler(who: Authed, Query(q): Query<ReportQuery>) -> Response {
    let u = match usage(&who, &q, "report.csv").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    match policy::report::export::usage_csv(&u.rows, &u.m, who.console.rule, &u.warnings, None) {
        Ok(text) => download(
            "text/csv; charset=utf-8",
            &u.file_name("csv"),
            text.into_bytes(),
        ),
        Err(e) => {
            tracing::error!(error = %e, "console: cannot write the CSV");
            server_error_in(who.lang)
        }
    }
}

/// `GET /console/report/download.xlsx`.
pub async fn xlsx_handler(who: Authed, Query(q): Query<ReportQuery>) -> Response {
    let u = match usage(&who, &q, "report.xlsx").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let rule = who.console.rule;
    let name = u.file_name("xlsx");
    // Writing and zipping the workbook is CPU work: off the async threads.
    let made = tokio::task::spawn_blocking(move || super::xlsx::usage_workbook(&u, rule)).await;
    match made {
        Ok(Ok(bytes)) => download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &name,
            bytes,
        ),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot write the spreadsheet");
            server_error_in(who.lang)
        }
        Err(e) => {
            tracing::error!(error = %e, "console: the spreadsheet task failed");
            server_error_in(who.lang)
        }
    }
}

/// A file to save (RFC 6266 `attachment`; the name is ASCII, so no `filename*`).
fn download(content_type: &'static str, name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::url_part("2026-01-01..2026-03-31"),
            "2026-01-01..2026-03-31"
        );
        assert_eq!(super::url_part("Sở A&B"), "S%E1%BB%9F%20A%26B");
    }
}
