//! `govmail report tracking`: receipt and read tracking of official documents (issue 22 item
//! 2). For each tracked document, each recipient (local, or remote as its server's receipts
//! told) with the time it was delivered, first read, and the receipt sent to the sender. Only
//! these times are shown: nothing of the recipients' mailboxes.

use storage::{RecipientStatus, Store, TrackedDocument, TrackingFilter};

use crate::cli::ReportFormat;
use crate::cmd_report::{period_json, type_name};
use crate::output::{date, table};
use crate::period::Measured;
use crate::{CliError, CliResult};

/// What was asked for.
pub struct Asked<'a> {
    pub number: Option<&'a str>,
    pub sender: Option<&'a str>,
    pub period: Option<Measured>,
}

/// The report as text in `format` (table, CSV or JSON; HTML is refused by the caller).
pub fn tracking(store: &Store, asked: Asked<'_>, format: ReportFormat) -> CliResult<String> {
    let filter = TrackingFilter {
        number: asked.number.map(|n| n.trim().to_string()),
        sender: asked.sender.map(|s| s.trim().to_string()),
        days: asked.period.map(|m| (m.measured.from, m.measured.to)),
    };
    let docs = store.tracked_documents(&filter)?;
    Ok(match format {
        ReportFormat::Json => json(&docs, asked.period.as_ref())?,
        ReportFormat::Csv => csv(&docs)?,
        ReportFormat::Table | ReportFormat::Html => text(&docs, &asked),
    })
}

/// "2026-12-07 09:15" in Vietnam time.
fn time(unix: Option<i64>) -> String {
    unix.map(|t| {
        let v = storage::VnTime::from_unix(t);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            v.year, v.month, v.day, v.hour, v.minute
        )
    })
    .unwrap_or_default()
}

/// RFC 3339 in Vietnam time, for JSON.
fn rfc3339(unix: Option<i64>) -> serde_json::Value {
    match unix {
        Some(t) => {
            let v = storage::VnTime::from_unix(t);
            serde_json::Value::String(format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
                v.year, v.month, v.day, v.hour, v.minute, v.second
            ))
        }
        None => serde_json::Value::Null,
    }
}

/// The receipt column: what the sender was told for this recipient's agency.
fn receipt_text(r: &RecipientStatus) -> String {
    match r.receipt.as_str() {
        "sent" => format!("sent {}", time(r.receipt_at)),
        "new" | "due" => "to be sent".into(),
        "wait" => "at first read".into(),
        "off" => "off".into(),
        _ => String::new(),
    }
}

fn agency(r: &RecipientStatus) -> String {
    match (&r.agency, r.local) {
        (Some(a), _) => a.clone(),
        (None, false) => "(remote, no receipt yet)".into(),
        (None, true) => String::new(),
    }
}

fn text(docs: &[(TrackedDocument, Vec<RecipientStatus>)], asked: &Asked<'_>) -> String {
    let mut head = "Receipt and read tracking of official documents".to_string();
    if let Some(m) = &asked.period {
        head.push_str(&format!(", {}", m.asked));
    }
    head.push('\n');
    if let Some(note) = asked.period.as_ref().and_then(Measured::note_en) {
        head.push_str(&note);
        head.push('\n');
    }
    if docs.is_empty() {
        return format!("{head}no tracked documents\n");
    }
    let mut t = table(&[
        "date",
        "number (số/ký hiệu)",
        "type",
        "from",
        "recipient",
        "agency",
        "delivered",
        "read",
        "receipt",
    ]);
    for (d, recipients) in docs {
        for (i, r) in recipients.iter().enumerate() {
            let first = i == 0;
            let cell = |s: String| if first { s } else { String::new() };
            t.add_row(vec![
                cell(date(d.at)),
                cell(d.number.clone().unwrap_or_default()),
                cell(type_name(d.doc_type.as_deref())),
                cell(d.sender.clone()),
                r.address.clone(),
                agency(r),
                time(r.delivered_at),
                time(r.read_at),
                receipt_text(r),
            ]);
        }
    }
    let read = docs
        .iter()
        .flat_map(|(_, r)| r)
        .filter(|r| r.read_at.is_some())
        .count();
    let all = docs.iter().map(|(_, r)| r.len()).sum::<usize>();
    format!(
        "{head}{t}\n{} document(s), {all} recipient(s), {read} read; times are Vietnam time\n",
        docs.len()
    )
}

fn json(
    docs: &[(TrackedDocument, Vec<RecipientStatus>)],
    period: Option<&Measured>,
) -> CliResult<String> {
    let value = serde_json::json!({
        "period": period.map(period_json),
        "documents": docs.iter().map(|(d, recipients)| serde_json::json!({
            "date": date(d.at),
            "at": rfc3339(Some(d.at)),
            "direction": d.direction,
            "doc_type": d.doc_type,
            "number": d.number,
            "subject": d.subject,
            "sender": d.sender,
            "message_id": d.message_id,
            "recipients": recipients.iter().map(|r| serde_json::json!({
                "address": r.address,
                "local": r.local,
                "agency": r.agency,
                "agency_name": r.agency_name,
                "delivered_at": rfc3339(r.delivered_at),
                "read_at": rfc3339(r.read_at),
                "receipt": r.receipt,
                "receipt_at": rfc3339(r.receipt_at),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value)
        .map(|s| s + "\n")
        .map_err(|e| CliError(format!("cannot encode JSON: {e}")))
}

fn csv(docs: &[(TrackedDocument, Vec<RecipientStatus>)]) -> CliResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut write = |record: Vec<String>| {
        w.write_record(&record)
            .map_err(|e| CliError(format!("cannot write CSV: {e}")))
    };
    write(
        [
            "ngày",
            "số/ký hiệu",
            "loại văn bản",
            "người gửi",
            "người nhận",
            "đơn vị nhận",
            "đã nhận lúc",
            "đã đọc lúc",
            "báo nhận",
            "báo nhận lúc",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
    )?;
    for (d, recipients) in docs {
        for r in recipients {
            write(vec![
                date(d.at),
                d.number.clone().unwrap_or_default(),
                type_name(d.doc_type.as_deref()),
                d.sender.clone(),
                r.address.clone(),
                r.agency.clone().unwrap_or_default(),
                time(r.delivered_at),
                time(r.read_at),
                r.receipt.clone(),
                time(r.receipt_at),
            ])?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError(format!("cannot write CSV: {e}")))?;
    // UTF-8 with BOM: Excel then shows the diacritics.
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn sample() -> Vec<(TrackedDocument, Vec<RecipientStatus>)> {
        let recipient =
            |address: &str, delivered: Option<i64>, read: Option<i64>, receipt: &str| {
                RecipientStatus {
                    id: 0,
                    address: address.into(),
                    agency: Some("UBND-B".into()),
                    agency_name: Some("Ủy ban nhân dân xã B".into()),
                    local: true,
                    delivered_at: delivered,
                    read_at: read,
                    receipt: receipt.into(),
                    receipt_at: (receipt == "sent").then_some(1_796_609_760),
                }
            };
        vec![(
            TrackedDocument {
                id: 1,
                // 2026-12-07 09:15 in Vietnam.
                at: 1_796_609_700,
                direction: "sent".into(),
                doc_type: Some("giay-moi".into()),
                number: Some("45/GM-UBND".into()),
                subject: Some("Giấy mời họp".into()),
                sender: "nguoigui@a.gov.vn".into(),
                sender_agency: None,
                message_id: Some("gm45@a.gov.vn".into()),
            },
            vec![
                recipient(
                    "vanthu@b.gov.vn",
                    Some(1_796_609_700),
                    Some(1_796_610_000),
                    "sent",
                ),
                recipient("chutich@b.gov.vn", Some(1_796_609_700), None, "sent"),
            ],
        )]
    }

    #[test]
    fn the_table_shows_each_recipient_with_its_times() {
        let asked = Asked {
            number: None,
            sender: None,
            period: None,
        };
        let out = text(&sample(), &asked);
        assert!(
            out.contains("45/GM-UBND") && out.contains("Giấy mời"),
            "{out}"
        );
        assert!(out.contains("2026-12-07 09:20"), "{out}");
        assert!(out.contains("sent 2026-12-07 09:16"), "{out}");
        assert!(
            out.contains("1 document(s), 2 recipient(s), 1 read"),
            "{out}"
        );
        assert_eq!(out.matches("45/GM-UBND").count(), 1, "{out}");
        assert!(text(&[], &asked).contains("no tracked documents"));
    }

    #[test]
    fn json_has_rfc3339_times_in_vietnam() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample(), None).unwrap()).unwrap();
        let r = &v["documents"][0]["recipients"];
        assert_eq!(r[0]["read_at"], "2026-12-07T09:20:00+07:00");
        assert_eq!(r[1]["read_at"], serde_json::Value::Null);
        assert_eq!(v["documents"][0]["number"], "45/GM-UBND");
        assert_eq!(v["period"], serde_json::Value::Null);
    }
}
