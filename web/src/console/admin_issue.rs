//! `/console/admin/issue`: issuing one account from a form, and a personnel department's
//! staff list (CSV) uploaded as a file.
//!
//! Both go through crate `adminops`, the code `govmail user add` and `govmail user import`
//! run, so the page reports exactly what the CLI reports: the same checks and the same
//! reasons, each bad row with its line number. Nothing is written unless every row is valid
//! (the CLI's `--skip-invalid` has no button here); then all accounts are created in one
//! transaction, and the addresses with their one-time passwords are shown once, on the
//! answer page (never stored in clear, never cached: `no-store`).
//!
//! The upload is read only for an administrator, up to [`MAX_UPLOAD`] (the console's other
//! forms stay under its 64 KiB limit), then its CSRF token is checked like any form's.

use axum::body::Body;
use axum::extract::Form;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use adminops::issue::{ImportError, OneAccount, OneError, Planned};
use adminops::sizes::format_size;
use storage::{AccountKind, Quota};

use super::admin::{admin_only, desk_menu};
use super::i18n::{K, Lang};
use super::layout::{message_in, page, server_error_in};
use super::multipart;
use super::{Authed, blocking};

/// The largest staff list accepted (a province's 20,000 staff are about 1.5 MB of CSV).
pub const MAX_UPLOAD: usize = 4 * 1024 * 1024;

#[derive(Deserialize, Default)]
pub struct OneForm {
    #[serde(default)]
    csrf: Option<String>,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    quota: String,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    domain: String,
}

/// The agencies and domains the forms offer.
struct Choices {
    agencies: Vec<(String, String)>,
    domains: Vec<String>,
}

async fn choices(who: &Authed) -> Result<Choices, Response> {
    let default = who.console.admin.default_domain.clone();
    match blocking(&who.console.store, move |s| {
        let agencies = s
            .list_agencies()?
            .into_iter()
            .map(|a| (a.code, a.name))
            .collect();
        let mut domains: Vec<String> = s.list_domains()?.into_iter().map(|d| d.name).collect();
        // The default domain first.
        domains.sort_by_key(|d| (*d != default, d.clone()));
        Ok(Choices { agencies, domains })
    })
    .await?
    {
        Ok(c) => Ok(c),
        Err(_) => Err(server_error_in(who.lang)),
    }
}

fn domain_select(lang: Lang, choices: &Choices, id: &str, chosen: &str) -> Markup {
    html! {
        label for=(id) { (lang.t(K::issue_domain)) }
        select id=(id) name="domain" {
            @for d in &choices.domains { option value=(d) selected[d == chosen] { (d) } }
        }
    }
}

fn forms(who: &Authed, choices: &Choices, one: &OneForm, error: Option<&str>) -> Markup {
    let lang = who.lang;
    let t = |k| lang.t(k);
    html! {
        h1 { (t(K::issue_title)) }
        (desk_menu(lang, "/console/admin/issue"))
        @if let Some(error) = error {
            p.error role="alert" #issue-error { (lang.fill(K::issue_not_done, &[&error])) }
        }
        section.card {
            h2 { (t(K::issue_one_title)) }
            form method="post" action="/console/admin/issue" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                label for="full_name" { (t(K::issue_full_name)) }
                input #full_name type="text" name="full_name" value=(one.full_name) required maxlength="200";
                label for="agency" { (t(K::agency)) }
                select #agency name="agency" required {
                    @for (code, name) in &choices.agencies {
                        option value=(code) selected[*code == one.agency] { (code) " — " (name) }
                    }
                }
                label for="address" { (t(K::issue_address)) }
                input #address type="text" name="address" value=(one.address) maxlength="254";
                label for="quota" { (lang.fill(K::issue_quota, &[&quota_text(lang, who.console.admin.issue.default_quota)])) }
                input #quota type="text" name="quota" value=(one.quota) maxlength="40";
                label.check { input type="checkbox" name="unit" value="1" checked[one.unit.is_some()]; (t(K::issue_unit)) }
                (domain_select(lang, choices, "one-domain", &one.domain))
                div { button type="submit" { (t(K::issue_button)) } }
            }
        }
        section.card {
            h2 { (t(K::import_title)) }
            // The column titles are the file's own (Vietnamese in either language).
            p.hint { (t(K::import_hint_1)) b { "họ và tên" } ", " b { "mã đơn vị" } (t(K::import_required))
                b { "địa chỉ" } ", " b { "hạn mức" } ", " b { "hộp thư đơn vị" } (t(K::import_optional))
                (t(K::import_hint_2)) code { "govmail user import" } (t(K::import_hint_3)) }
            form method="post" action="/console/admin/import" enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(who.session.csrf());
                label for="file" { (t(K::import_file)) }
                input #file type="file" name="file" accept=".csv,text/csv" required;
                (domain_select(lang, choices, "csv-domain", ""))
                div { button type="submit" { (t(K::import_button)) } }
            }
        }
    }
}

/// "2 GB"-style text of a quota, or "unlimited" in `lang` (both are read back by
/// [`adminops::sizes::parse_size`]).
pub fn quota_text(lang: Lang, q: Quota) -> String {
    q.bytes
        .map_or_else(|| lang.t(K::unlimited).into(), format_size)
}

pub async fn page_handler(who: Authed) -> Response {
    if let Err(r) = admin_only(&who, "issue page", None).await {
        return r;
    }
    let choices = match choices(&who).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    page(
        who.lang.t(K::issue_title),
        Some(&who),
        forms(&who, &choices, &OneForm::default(), None),
    )
    .into_response()
}

/// The answer page that shows passwords: never kept by any cache.
fn once(who: &Authed, body: Markup) -> Response {
    let mut response = page(who.lang.t(K::issue_title), Some(who), body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn issued_table(lang: Lang, planned: &[Planned], passwords: &[String]) -> Markup {
    let t = |k| lang.t(k);
    html! {
        div.scroll { table #issued {
            thead { tr { th { (t(K::col_line)) } th.name { (t(K::col_full_name)) } th.name { (t(K::agency)) } th.name { (t(K::col_address)) } th.name { (t(K::col_initial_password)) } th { (t(K::col_quota)) } } }
            tbody { @for (p, password) in planned.iter().zip(passwords) {
                tr {
                    td { @if p.line > 0 { (p.line) } }
                    td.name { (p.full_name) @if p.kind == AccountKind::Unit { (t(K::unit_suffix)) } }
                    td.name { (p.agency) }
                    td.name.address { (p.address) }
                    td.name { span.secret { (password) } }
                    td { (quota_text(lang, p.quota)) }
                }
            } }
        } }
        p.hint { (t(K::issued_hint)) }
        p { a href="/console/admin/issue" { (t(K::issue_more)) } }
    }
}

pub async fn issue_one(who: Authed, headers: HeaderMap, Form(f): Form<OneForm>) -> Response {
    if let Err(r) = who.check_csrf(&headers, f.csrf.as_deref()) {
        return r;
    }
    if let Err(r) = admin_only(&who, "issue", Some(f.address.trim())).await {
        return r;
    }
    let lang = who.lang;
    let title = lang.t(K::issue_title);
    let rules = who.console.admin.issue;
    let wanted_domain = chosen_domain(&who, &f.domain);
    let (name, agency, address, quota, unit) = (
        f.full_name.clone(),
        f.agency.clone(),
        f.address.clone(),
        f.quota.clone(),
        f.unit.is_some(),
    );
    let result = blocking(&who.console.store, move |s| {
        let domain = match adminops::issue::issuing_domain(s, &wanted_domain) {
            Ok(d) => d,
            Err(reason) => return Ok(Err(reason)),
        };
        let planned = match adminops::issue::plan_one(
            s,
            &domain,
            rules,
            &OneAccount {
                full_name: &name,
                agency: &agency,
                address: Some(address.as_str()),
                quota: Some(quota.as_str()),
                unit,
            },
        ) {
            Ok(p) => p,
            Err(OneError::Storage(e)) => return Err(e),
            Err(e) => return Ok(Err(e.to_string())),
        };
        let made = adminops::issue::make_passwords(1, &|| {})?;
        s.create_accounts(adminops::issue::new_accounts(
            std::slice::from_ref(&planned),
            &made,
        ))?;
        Ok(Ok((
            planned,
            made.into_iter().map(|c| c.password).collect(),
        )))
    })
    .await;
    let (planned, passwords): (Planned, Vec<String>) = match result {
        Ok(Ok(Ok(done))) => done,
        Ok(Ok(Err(reason))) => {
            let choices = match choices(&who).await {
                Ok(c) => c,
                Err(r) => return r,
            };
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                page(title, Some(&who), forms(&who, &choices, &f, Some(&reason))),
            )
                .into_response();
        }
        Ok(Err(e)) if e.is_client_error() => {
            return message_in(
                lang,
                StatusCode::CONFLICT,
                title,
                &lang.fill(K::issue_not_done, &[&e]),
            );
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    who.audit(
        "account.issue",
        Some(&planned.address),
        Some(format!("{} ({})", planned.full_name, planned.agency)),
    )
    .await;
    once(
        &who,
        html! {
            h1 { (title) }
            (desk_menu(lang, "/console/admin/issue"))
            p.ok role="status" { (lang.fill_html(K::issued_one, &[html! { b { (planned.address) } }])) }
            (issued_table(lang, std::slice::from_ref(&planned), &passwords))
        },
    )
}

/// The domain asked for, else the default.
fn chosen_domain(who: &Authed, asked: &str) -> String {
    let asked = asked.trim();
    if asked.is_empty() {
        who.console.admin.default_domain.clone()
    } else {
        asked.to_string()
    }
}

/// What an upload's fields said.
struct Upload {
    csrf: Option<String>,
    domain: String,
    filename: String,
    data: Vec<u8>,
}

fn read_upload(headers: &HeaderMap, body: &[u8]) -> Result<Upload, &'static str> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = multipart::boundary(content_type).ok_or("not multipart/form-data")?;
    let parts = multipart::parse(body, boundary).map_err(|e| match e {
        multipart::MultipartError::Malformed(why) => why,
        multipart::MultipartError::TooManyParts => "too many parts",
    })?;
    let mut upload = Upload {
        csrf: None,
        domain: String::new(),
        filename: String::new(),
        data: Vec::new(),
    };
    let mut file = false;
    for part in parts {
        match part.name.as_str() {
            "csrf" => upload.csrf = part.text().map(str::to_string),
            "domain" => upload.domain = part.text().unwrap_or_default().to_string(),
            "file" if !file => {
                file = true;
                upload.filename = part.filename.unwrap_or_default();
                upload.data = part.data.to_vec();
            }
            _ => {}
        }
    }
    if !file {
        return Err("no file field");
    }
    Ok(upload)
}

/// A staff list checked: ready to issue on the domain, or refused with its errors (line,
/// reason) and the number of valid rows left unissued.
enum Checked {
    Ready(Vec<Planned>, String),
    Refused(Vec<(Option<usize>, String)>, usize),
}

/// The report of a refused list: every bad row with its line, as the CLI prints it.
fn refused(
    who: &Authed,
    filename: &str,
    errors: &[(Option<usize>, String)],
    valid: usize,
) -> Response {
    let lang = who.lang;
    let t = |k| lang.t(k);
    let body = html! {
        h1 { (t(K::issue_title)) }
        (desk_menu(lang, "/console/admin/issue"))
        div.card #import-errors {
            p.error role="alert" {
                (lang.fill_html(K::import_errors, &[html! { b { (filename) } }, html! { (errors.len()) }]))
                strong { (t(K::import_nothing)) } (lang.fill(K::import_valid_left, &[&valid]))
            }
            div.scroll { table #errors {
                thead { tr { th { (t(K::col_line)) } th.name { (t(K::col_import_error)) } } }
                tbody { @for (line, reason) in errors {
                    tr { td.line { @if let Some(line) = line { (line) } } td.name { (reason) } }
                } }
            } }
        }
        p { a href="/console/admin/issue" { (t(K::import_other)) } }
    };
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page(t(K::issue_title), Some(who), body),
    )
        .into_response()
}

pub async fn import(who: Authed, headers: HeaderMap, body: Body) -> Response {
    // The role first: an account that may not import never gets its 4 MiB read.
    if let Err(r) = admin_only(&who, "import", None).await {
        return r;
    }
    let lang = who.lang;
    let body = match axum::body::to_bytes(body, MAX_UPLOAD).await {
        Ok(b) => b,
        Err(e) => {
            tracing::info!(peer = %who.ip, error = %e, "console: upload not read");
            return message_in(
                lang,
                StatusCode::PAYLOAD_TOO_LARGE,
                lang.t(K::issue_title),
                &lang.fill(K::upload_too_large, &[&(MAX_UPLOAD / (1024 * 1024))]),
            );
        }
    };
    let upload = match read_upload(&headers, &body) {
        Ok(u) => u,
        Err(why) => {
            // The form's token cannot be read: refused as a forged form is.
            tracing::info!(peer = %who.ip, reason = why, "console: unreadable upload");
            return who
                .check_csrf(&headers, None)
                .err()
                .unwrap_or_else(|| server_error_in(lang));
        }
    };
    if let Err(r) = who.check_csrf(&headers, upload.csrf.as_deref()) {
        return r;
    }
    let rules = who.console.admin.issue;
    let wanted_domain = chosen_domain(&who, &upload.domain);
    let filename = if upload.filename.is_empty() {
        lang.t(K::no_file_name).to_string()
    } else {
        upload.filename.clone()
    };
    let data = upload.data;
    let checked = blocking(&who.console.store, move |s| {
        let domain = match adminops::issue::issuing_domain(s, &wanted_domain) {
            Ok(d) => d,
            Err(reason) => return Ok(Checked::Refused(vec![(None, reason)], 0)),
        };
        match adminops::issue::plan_import(s, &data, &domain, rules) {
            Ok(plan) if plan.errors.is_empty() => Ok(Checked::Ready(plan.planned, domain)),
            Ok(plan) => Ok(Checked::Refused(
                plan.errors
                    .into_iter()
                    .map(|e| (Some(e.line), e.reason))
                    .collect(),
                plan.planned.len(),
            )),
            Err(ImportError::File(e)) => Ok(Checked::Refused(vec![(None, e.to_string())], 0)),
            Err(ImportError::Storage(e)) => Err(e),
        }
    })
    .await;
    let (planned, domain) = match checked {
        Ok(Ok(Checked::Ready(planned, domain))) => (planned, domain),
        Ok(Ok(Checked::Refused(errors, valid))) => {
            who.audit(
                "account.import.refused",
                Some(&filename),
                Some(format!(
                    "{} error(s), nothing written; first: {}",
                    errors.len(),
                    errors.first().map_or("", |(_, r)| r.as_str())
                )),
            )
            .await;
            return refused(&who, &filename, &errors, valid);
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    if planned.is_empty() {
        return refused(
            &who,
            &filename,
            &[(None, "no valid row to import".to_string())],
            0,
        );
    }
    let to_create = planned.clone();
    let created = blocking(&who.console.store, move |s| {
        let made = adminops::issue::make_passwords(to_create.len(), &|| {})?;
        // One transaction: all of them or none.
        s.create_accounts(adminops::issue::new_accounts(&to_create, &made))?;
        Ok(made.into_iter().map(|c| c.password).collect::<Vec<_>>())
    })
    .await;
    let passwords = match created {
        Ok(Ok(p)) => p,
        Ok(Err(e)) if e.is_client_error() => {
            return refused(
                &who,
                &filename,
                &[(None, format!("nothing was imported: {e}"))],
                planned.len(),
            );
        }
        Ok(Err(_)) => return server_error_in(lang),
        Err(r) => return r,
    };
    let mut detail = format!("{} account(s) on {domain}:", planned.len());
    for p in &planned {
        if detail.len() > 1800 {
            detail.push_str(" …");
            break;
        }
        detail.push(' ');
        detail.push_str(&p.address);
    }
    who.audit("account.import", Some(&filename), Some(detail))
        .await;
    once(
        &who,
        html! {
            h1 { (lang.t(K::issue_title)) }
            (desk_menu(lang, "/console/admin/issue"))
            p.ok role="status" #import-done { (lang.fill_html(K::imported, &[html! { (planned.len()) }, html! { b { (filename) } }, html! { (domain) }])) }
            (issued_table(lang, &planned, &passwords))
        },
    )
}
