//! `govmail report`: the exchange register of official documents (sổ theo dõi văn bản điện
//! tử) for a period, as a table, CSV for Excel (UTF-8 with BOM) or JSON.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use storage::{DocumentEntry, Store};

use crate::cli::{ReportCmd, ReportFormat};
use crate::output::{date, table, unknown_agency};
use crate::{CliError, CliResult};

pub fn report(store: &Store, cmd: &ReportCmd) -> CliResult {
    match cmd {
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
            let agencies = store.list_agencies()?;
            let code_of: HashMap<i64, &str> =
                agencies.iter().map(|a| (a.id, a.code.as_str())).collect();
            let within: Option<HashSet<i64>> = match agency {
                Some(code) => {
                    let root = store
                        .get_agency(code)
                        .map_err(|_| CliError(unknown_agency(store, code)))?;
                    Some(
                        storage::subtree_ids(&agencies, root.id)
                            .into_iter()
                            .collect(),
                    )
                }
                None => None,
            };
            let rows: Vec<DocumentEntry> = store
                .documents_between(period.from, period.to)?
                .into_iter()
                .filter(|d| doc_type.is_none() || d.doc_type == *doc_type)
                .filter(|d| match &within {
                    None => true,
                    Some(set) => {
                        d.sender_agency.is_some_and(|a| set.contains(&a))
                            || d.recipient_agencies.iter().any(|a| set.contains(a))
                    }
                })
                .collect();
            let codes = |ids: &[i64]| -> String {
                ids.iter()
                    .map(|id| code_of.get(id).copied().unwrap_or("?"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let text = match format {
                ReportFormat::Json => {
                    serde_json::to_string_pretty(&serde_json::json!({
                        "period": {
                            "from": crate::period::day_string(period.from),
                            "to": crate::period::day_string(period.to),
                        },
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
                ReportFormat::Table => {
                    let mut t = table(&[
                        "date",
                        "",
                        "type",
                        "số/ký hiệu",
                        "marks",
                        "from",
                        "to agencies",
                        "outside",
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
                        "Official documents exchanged by e-mail, {period}\n{t}\n{} document(s)\n",
                        rows.len()
                    )
                }
            };
            match out {
                Some(path) => std::fs::write(path, text.as_bytes())
                    .map_err(|e| CliError(format!("cannot write {}: {e}", path.display()))),
                None => std::io::stdout()
                    .write_all(text.as_bytes())
                    .map_err(|e| CliError(format!("cannot print the report: {e}"))),
            }
        }
    }
}

fn type_name(id: Option<&str>) -> String {
    id.and_then(policy::document::DocType::from_id).map_or_else(
        || id.unwrap_or("").to_string(),
        |t| t.info().name.to_string(),
    )
}
