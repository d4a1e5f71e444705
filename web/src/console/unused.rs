//! `GET /console/unused?period=…&agency=…`: the follow-up list (danh sách theo dõi) of the
//! viewer's agency subtree — addresses issued but not used in the period, addresses used but
//! not regularly, agencies whose staff still lack an address. The list is
//! `policy::report::follow_up` (the one `govmail report inactive` prints), the scope checked
//! by [`super::scope`] (403 and audited outside the viewer's subtrees).

use axum::extract::Query;
use axum::response::{IntoResponse, Response};
use maud::html;

use super::dashboard::ReportQuery;
use super::i18n::K;
use super::layout::{page, server_error_in};
use super::scope::{self, param};
use super::{Authed, blocking};

pub async fn page_handler(who: Authed, Query(q): Query<ReportQuery>) -> Response {
    let lang = who.lang;
    let t = |k| lang.t(k);
    let scope = match scope::resolve(&who, param(&q.agency), "unused").await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let (period_text, m) = match scope::period(&who, &q.period) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let rule = who.console.rule;
    let agency = scope.agency.clone();
    let list = match blocking(&who.console.store, move |s| {
        policy::report::follow_up::follow_up(s, m, agency.as_deref(), rule)
    })
    .await
    {
        Ok(Ok(l)) => l,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "console: cannot compute the follow-up list");
            return server_error_in(lang);
        }
        Err(r) => return r,
    };
    let name_of = |code: &str| {
        scope
            .agencies
            .iter()
            .find(|a| a.code == code)
            .map_or(code.to_string(), |a| a.name.clone())
    };
    let body = html! {
        h1 { (t(K::unused_title)) }
        form.card method="get" action="/console/unused" {
            label for="period" { (t(K::period)) }
            input #period type="text" name="period" value=(period_text) placeholder="2026-10, 2026-Q3, 2026";
            label for="agency" { (t(K::agency_subtree)) }
            select #agency name="agency" {
                @for a in scope.choices() {
                    option value=(a.code) selected[scope.agency.as_deref() == Some(a.code.as_str())] {
                        (a.code) " — " (a.name)
                    }
                }
            }
            button type="submit" { (t(K::show)) }
        }
        p { (lang.fill(K::from_to, &[&policy::report::period::day_vn(m.asked.from), &policy::report::period::day_vn(m.asked.to)])) }
        h2 { (lang.fill(K::unused_none_title, &[&list.unused.len()])) }
        p.hint { (t(K::unused_none_hint)) }
        @if list.unused.is_empty() { p { (t(K::nobody)) } } @else {
            div.scroll { table #unused {
                thead { tr { th.name { (t(K::col_address)) } th.name { (t(K::col_name)) } th.name { (t(K::agency)) } } }
                tbody { @for a in &list.unused {
                    tr data-address=(a.address) { td.name { (a.address) } td.name { (a.display_name) } td.name { (name_of(&a.agency)) } }
                } }
            } }
        }
        h2 { (lang.fill(K::irregular_title, &[&list.irregular.len()])) }
        p.hint { (lang.fill(K::irregular_hint, &[&rule.weeks_percent])) }
        @if list.irregular.is_empty() { p { (t(K::nobody)) } } @else {
            div.scroll { table #irregular {
                thead { tr { th.name { (t(K::col_address)) } th.name { (t(K::col_name)) } th.name { (t(K::agency)) } th { (t(K::col_weeks)) } } }
                tbody { @for i in &list.irregular {
                    tr data-address=(i.account.address) {
                        td.name { (i.account.address) } td.name { (i.account.display_name) }
                        td.name { (name_of(&i.account.agency)) } td { (i.active_weeks) "/" (i.weeks) }
                    }
                } }
            } }
        }
        h2 { (lang.fill(K::missing_title, &[&list.missing.len()])) }
        @if list.missing.is_empty() { p { (t(K::nobody)) } } @else {
            div.scroll { table #missing {
                thead { tr { th.name { (t(K::agency)) } th { (t(K::col_headcount)) } th { (t(K::col_issued)) } th { (t(K::col_missing)) } } }
                tbody { @for x in &list.missing {
                    tr data-agency=(x.agency.code) {
                        td.name { (x.agency.name) " (" (x.agency.code) ")" } td { (x.headcount) } td { (x.issued) }
                        td { (x.headcount - x.issued) }
                    }
                } }
            } }
        }
    };
    page(t(K::unused_title), Some(&who), body).into_response()
}
