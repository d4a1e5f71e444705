//! `govmail report`: the exchange register of official documents (sổ theo dõi văn bản điện
//! tử) for a period, as a table, CSV for Excel (UTF-8 with BOM) or JSON.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use storage::{DocumentEntry, Store};

use crate::cli::{ReportCmd, ReportFormat};
use crate::output::{date, table, unknown_agency};
use crate::period::{Measured, day_string};
use crate::{CliError, CliResult};

/// For tests only, not for operators: `GOVMAIL_REPORT_TODAY=YYYY-MM-DD` makes the reports
/// take that day as today (the end-to-end tests measure a period in progress on a fixed day).
const TODAY_FOR_TESTS: &str = "GOVMAIL_REPORT_TODAY";

/// Today in Vietnam time (days since 1970), or the day `GOVMAIL_REPORT_TODAY` names.
fn today() -> CliResult<i64> {
    match std::env::var(TODAY_FOR_TESTS) {
        Ok(text) => crate::period::parse_day(&text)
            .map_err(|e| CliError(format!("{TODAY_FOR_TESTS} (for tests only): {e}"))),
        Err(_) => Ok(storage::vn_day(storage::now())),
    }
}

/// The period of a JSON report: the one asked for, and the last day its figures cover.
pub(crate) fn period_json(m: &Measured) -> serde_json::Value {
    serde_json::json!({
        "from": day_string(m.asked.from),
        "to": day_string(m.asked.to),
        "figures_up_to": day_string(m.measured.to),
        "in_progress": m.in_progress(),
    })
}

use policy::report::export::csv_note;

pub fn report(config: &crate::config::Config, store: &Store, cmd: &ReportCmd) -> CliResult {
    let today = today()?;
    match cmd {
        ReportCmd::Inactive { format, .. }
        | ReportCmd::Documents { format, .. }
        | ReportCmd::Tracking { format, .. }
            if *format == ReportFormat::Html =>
        {
            Err(CliError(
                "--format html is for `govmail report usage`; use table, csv or json here".into(),
            ))
        }
        ReportCmd::Tracking {
            number,
            sender,
            period,
            format,
            out,
        } => {
            let measured = period
                .map(|p| Measured::new(p, today))
                .transpose()
                .map_err(CliError)?;
            let text = crate::cmd_report_tracking::tracking(
                store,
                crate::cmd_report_tracking::Asked {
                    number: number.as_deref(),
                    sender: sender.as_deref(),
                    period: measured,
                },
                *format,
            )?;
            emit(out.as_deref(), &text)
        }
        ReportCmd::Inactive {
            period,
            agency,
            format,
            out,
        } => {
            let m = Measured::new(*period, today).map_err(CliError)?;
            let text = inactive(store, m, agency.as_deref(), *format)?;
            emit(out.as_deref(), &text)
        }
        ReportCmd::Usage {
            period,
            agency,
            depth,
            format,
            out,
        } => {
            let rule = crate::usage_report::RegularRule {
                weeks_percent: config.report.regular_weeks_percent,
                target_percent: config.report.target_percent,
            };
            let m = Measured::new(*period, today).map_err(CliError)?;
            let text = usage(
                store,
                m,
                agency.as_deref(),
                *depth,
                *format,
                rule,
                &config.report,
            )?;
            emit(out.as_deref(), &text)
        }
        ReportCmd::Documents {
            period,
            agency,
            doc_type,
            format,
            out,
        } => {
            if let Some(t) = doc_type
                && policy::document::DocType::from_id(t).is_none()
            {
                let known: Vec<&str> = policy::document::TYPES.iter().map(|t| t.id).collect();
                return Err(CliError(format!(
                    "unknown document type \"{t}\"; known types: {}",
                    known.join(", ")
                )));
            }
            let m = Measured::new(*period, today).map_err(CliError)?;
            let agencies = store.list_agencies()?;
            let code_of: HashMap<i64, &str> =
                agencies.iter().map(|a| (a.id, a.code.as_str())).collect();
            let within: Option<HashSet<i64>> = match agency {
                Some(code) => Some(
                    policy::report::register::subtree_of(store, code)
                        .map_err(|_| CliError(unknown_agency(store, code)))?,
                ),
                None => None,
            };
            let query = policy::report::register::RegisterQuery {
                number: None,
                doc_type: doc_type.clone(),
                within,
            };
            let rows: Vec<DocumentEntry> =
                policy::report::register::search(store, m.measured, &query)?;
            let codes = |ids: &[i64]| -> String {
                ids.iter()
                    .map(|id| code_of.get(id).copied().unwrap_or("?"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let text = match format {
                ReportFormat::Json => {
                    serde_json::to_string_pretty(&serde_json::json!({
                        "period": period_json(&m),
                        "note": m.note_en(),
                        "documents": rows.iter().map(|d| serde_json::json!({
                            "date": date(d.at),
                            "direction": d.direction,
                            "doc_type": d.doc_type,
                            "number": d.number,
                            "urgency": d.urgency,
                            "secrecy": d.secrecy,
                            "mandatory": d.mandatory,
                            "sender": d.sender,
                            "sender_agency": d.sender_agency.and_then(|a| code_of.get(&a).copied()),
                            "recipient_agencies": d.recipient_agencies.iter()
                                .filter_map(|a| code_of.get(a).copied()).collect::<Vec<_>>(),
                            "recipients_external": d.recipients_external,
                            "subject": d.subject,
                            // The signature check of its PDF files (status, one line per
                            // signature); null when nothing was checked.
                            "signatures": d.signatures,
                        })).collect::<Vec<_>>(),
                    }))
                    .map_err(|e| CliError(format!("cannot encode JSON: {e}")))?
                        + "\n"
                }
                ReportFormat::Csv => {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    let header = [
                        "ngày",
                        "chiều",
                        "loại văn bản",
                        "số/ký hiệu",
                        "độ khẩn",
                        "độ mật",
                        "bắt buộc",
                        "người gửi",
                        "đơn vị gửi",
                        "đơn vị nhận",
                        "nhận ngoài",
                        "trích yếu",
                    ];
                    let mut write = |record: Vec<String>| {
                        w.write_record(&record)
                            .map_err(|e| CliError(format!("cannot write CSV: {e}")))
                    };
                    write(header.iter().map(|h| h.to_string()).collect())?;
                    if rows.is_empty() {
                        write(csv_note(header.len(), "Không có văn bản nào trong kỳ"))?;
                    }
                    if let Some(note) = m.note_vi() {
                        write(csv_note(header.len(), &note))?;
                    }
                    for d in &rows {
                        write(vec![
                            date(d.at),
                            d.direction.clone(),
                            type_name(d.doc_type.as_deref()),
                            d.number.clone().unwrap_or_default(),
                            d.urgency.clone().unwrap_or_default(),
                            d.secrecy.clone().unwrap_or_default(),
                            if d.mandatory { "có" } else { "không" }.into(),
                            d.sender.clone(),
                            codes(&d.sender_agency.into_iter().collect::<Vec<_>>()),
                            codes(&d.recipient_agencies),
                            d.recipients_external.to_string(),
                            d.subject.clone().unwrap_or_default(),
                        ])?;
                    }
                    let bytes = w
                        .into_inner()
                        .map_err(|e| CliError(format!("cannot write CSV: {e}")))?;
                    // UTF-8 with BOM: Excel then shows the diacritics.
                    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
                }
                // HTML was refused above: only `report usage` draws charts.
                ReportFormat::Table | ReportFormat::Html => {
                    let note = m.note_en().map(|n| n + "\n").unwrap_or_default();
                    if rows.is_empty() {
                        return emit(
                            out.as_deref(),
                            &format!(
                                "Official documents exchanged by e-mail, {period}\n{note}\
                                 no documents in the period\n"
                            ),
                        );
                    }
                    let mut t = table(&[
                        "date",
                        "direction",
                        "type",
                        "number (số/ký hiệu)",
                        "urgency/secrecy",
                        "from",
                        "to agencies",
                        "outside recipients",
                    ]);
                    for d in &rows {
                        let marks = [d.urgency.as_deref(), d.secrecy.as_deref()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                        t.add_row(vec![
                            date(d.at),
                            d.direction.clone(),
                            type_name(d.doc_type.as_deref()),
                            d.number.clone().unwrap_or_default(),
                            marks,
                            format!(
                                "{}{}",
                                d.sender,
                                d.sender_agency
                                    .and_then(|a| code_of.get(&a))
                                    .map(|c| format!(" ({c})"))
                                    .unwrap_or_default()
                            ),
                            codes(&d.recipient_agencies),
                            d.recipients_external.to_string(),
                        ]);
                    }
                    format!(
                        "Official documents exchanged by e-mail, {period}\n{note}{t}\n{} document(s)\n",
                        rows.len()
                    )
                }
            };
            emit(out.as_deref(), &text)
        }
    }
}

/// Accounts with no login and nothing sent in the period, and agencies whose headcount is
/// above the addresses issued to their own staff.
fn inactive(
    store: &Store,
    m: Measured,
    agency: Option<&str>,
    format: ReportFormat,
) -> CliResult<String> {
    // The regular-use rule only sorts the used addresses; this report lists the unused ones.
    let rule = crate::usage_report::RegularRule {
        weeks_percent: 0,
        target_percent: 0,
    };
    let list =
        policy::report::follow_up::follow_up(store, m, agency, rule).map_err(|e| match e {
            storage::StorageError::NotFound {
                what: "agency",
                key,
            } => CliError(unknown_agency(store, &key)),
            other => CliError(other.to_string()),
        })?;
    let idle = &list.unused;
    let missing: Vec<(&storage::Agency, u64, u64)> = list
        .missing
        .iter()
        .map(|m| (&m.agency, m.headcount, m.issued))
        .collect();
    Ok(match format {
        ReportFormat::Json => serde_json::to_string_pretty(&serde_json::json!({
            "period": period_json(&m),
            "note": m.note_en(),
            "unused_accounts": idle.iter().map(|a| serde_json::json!({
                "address": a.address, "name": a.display_name, "agency": a.agency,
            })).collect::<Vec<_>>(),
            "agencies_missing_addresses": missing.iter().map(|(a, staff, have)| serde_json::json!({
                "agency": a.code, "name": a.name, "headcount": staff, "issued": have,
                "missing": staff - have,
            })).collect::<Vec<_>>(),
        }))
        .map_err(|e| CliError(format!("cannot encode JSON: {e}")))?
            + "\n",
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let csv_err = |e: csv::Error| CliError(format!("cannot write CSV: {e}"));
            w.write_record([
                "loại",
                "đơn vị",
                "địa chỉ / tên đơn vị",
                "họ tên / biên chế",
                "đã cấp",
            ])
            .map_err(csv_err)?;
            for a in idle {
                w.write_record(["chưa sử dụng", &a.agency, &a.address, &a.display_name, ""])
                    .map_err(csv_err)?;
            }
            for (a, staff, have) in &missing {
                w.write_record([
                    "thiếu địa chỉ",
                    &a.code,
                    &a.name,
                    &staff.to_string(),
                    &have.to_string(),
                ])
                .map_err(csv_err)?;
            }
            if let Some(note) = m.note_vi() {
                w.write_record(csv_note(5, &note)).map_err(csv_err)?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| CliError(format!("cannot write CSV: {e}")))?;
            format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
        }
        // HTML was refused above: only `report usage` draws charts.
        ReportFormat::Table | ReportFormat::Html => {
            let mut t = table(&["address", "name", "agency"]);
            for a in idle {
                t.add_row(vec![
                    a.address.clone(),
                    a.display_name.clone(),
                    a.agency.clone(),
                ]);
            }
            let mut missing_table = table(&["agency", "staff", "addresses issued", "missing"]);
            for (a, staff, have) in &missing {
                missing_table.add_row(vec![
                    format!("{} {}", a.code, a.name),
                    staff.to_string(),
                    have.to_string(),
                    (staff - have).to_string(),
                ]);
            }
            format!(
                "{}Addresses not used in {} (no login, nothing sent): {}\n{t}\n\
                 Agencies with staff still without an address: {}\n{missing_table}\n",
                m.note_en().map(|n| n + "\n").unwrap_or_default(),
                m.asked,
                idle.len(),
                missing.len()
            )
        }
    })
}

fn emit(out: Option<&std::path::Path>, text: &str) -> CliResult {
    match out {
        Some(path) => std::fs::write(path, text.as_bytes())
            .map_err(|e| CliError(format!("cannot write {}: {e}", path.display()))),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| CliError(format!("cannot print the report: {e}"))),
    }
}

fn usage(
    store: &Store,
    m: Measured,
    agency: Option<&str>,
    depth: Option<usize>,
    format: ReportFormat,
    rule: crate::usage_report::RegularRule,
    section: &crate::config::ReportSection,
) -> CliResult<String> {
    let period = m.measured;
    let (mut rows, activity) =
        policy::report::usage_rows(store, m, agency, rule).map_err(|e| match e {
            storage::StorageError::NotFound {
                what: "agency",
                key,
            } => CliError(unknown_agency(store, &key)),
            other => CliError(other.to_string()),
        })?;
    if let Some(depth) = depth {
        rows.retain(|r| r.depth < depth.max(1));
    }
    // Each warning in English (table, JSON) and in Vietnamese (HTML, CSV).
    let warnings = policy::report::export::warnings(&rows);
    let warnings_vi: Vec<String> = warnings.iter().map(|w| w.vi.clone()).collect();
    let pct = |s: Option<f64>| s.map_or("—".to_string(), |v| format!("{:.0}%", v * 100.0));
    let num = |n: Option<u64>| n.map_or("—".to_string(), |v| v.to_string());
    let mandatory = policy::report::export::mandatory;
    Ok(match format {
        ReportFormat::Html => {
            let trend = policy::report::monthly_trend(store, &activity, period, rule, agency)?;
            let head = crate::report_html::Head {
                issuer: section.issuer.as_deref(),
                place: section.place.as_deref(),
            };
            crate::report_html::render(&rows, m, rule, &head, &trend, &warnings_vi)
        }
        ReportFormat::Json => {
            let trend = policy::report::monthly_trend(store, &activity, period, rule, agency)?;
            serde_json::to_string_pretty(&serde_json::json!({
                "period": period_json(&m),
                "report_date": day_string(m.today),
                "note": m.note_en(),
                "regular_rule": rule.describe(),
                "target_share": f64::from(rule.target_percent) / 100.0,
                "agencies": rows,
                "monthly_trend": trend.iter().map(|p| serde_json::json!({
                    "month": p.month,
                    "regular_share": p.share,
                })).collect::<Vec<_>>(),
                "warnings": warnings.iter().map(|w| &w.en).collect::<Vec<_>>(),
            }))
            .map_err(|e| CliError(format!("cannot encode JSON: {e}")))?
                + "\n"
        }
        ReportFormat::Csv => {
            policy::report::export::usage_csv(&rows, &m, rule, &warnings, section.issuer.as_deref())
                .map_err(|e| CliError(format!("cannot write CSV: {e}")))?
        }
        ReportFormat::Table => {
            let mut t = table(&[
                "agency",
                "staff",
                "issued",
                "issued %",
                "active",
                "regular",
                "regular %",
                "sent",
                "received",
                "official sent/recv",
                "mandatory sent",
                "secret refused",
            ]);
            for r in &rows {
                let f = &r.subtree;
                t.add_row(vec![
                    format!("{}{} {}", "  ".repeat(r.depth), r.agency, r.name),
                    num(f.headcount),
                    f.issued.to_string(),
                    pct(f.issued_share),
                    f.active.to_string(),
                    f.regular.to_string(),
                    pct(f.regular_share),
                    f.sent.to_string(),
                    f.received.to_string(),
                    format!("{}/{}", f.official_sent, f.official_received),
                    mandatory(f).to_string(),
                    f.secret_refused.to_string(),
                ]);
            }
            let below: Vec<&str> = rows
                .iter()
                .filter(|r| {
                    r.subtree
                        .regular_share
                        .is_some_and(|s| s * 100.0 < f64::from(rule.target_percent))
                })
                .map(|r| r.agency.as_str())
                .collect();
            let mut text = format!(
                "Use of official mail, {} (figures include the agencies below each row)\n{}{t}\n{}\ntarget (mục tiêu): {}% of staff; below it: {}\n",
                m.asked,
                m.note_en().map(|n| n + "\n").unwrap_or_default(),
                rule.describe(),
                rule.target_percent,
                if below.is_empty() {
                    "none".to_string()
                } else {
                    below.join(", ")
                }
            );
            for w in &warnings {
                text.push_str(&format!("warning: {}\n", w.en));
            }
            text
        }
    })
}

pub(crate) fn type_name(id: Option<&str>) -> String {
    id.and_then(policy::document::DocType::from_id).map_or_else(
        || id.unwrap_or("").to_string(),
        |t| t.info().name.to_string(),
    )
}
