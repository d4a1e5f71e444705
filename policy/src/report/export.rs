//! The usage report as a file, shared by `govmail report usage --format csv` and the web
//! console's CSV download, so that both give the same figures in the same columns: the
//! warnings printed under the table ([`warnings`]) and the CSV for Excel ([`usage_csv`]).

use super::period::{Measured, day_vn};
use super::usage::{Figures, RegularRule, Row};

/// A remark on the figures, in English (table, JSON) and in Vietnamese (HTML, CSV, console).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub en: String,
    pub vi: String,
}

/// What to check in the figures: agencies without a headcount (no share can be computed) and
/// more addresses than staff (a wrong headcount).
pub fn warnings(rows: &[Row]) -> Vec<Warning> {
    let mut out = Vec::new();
    for r in rows {
        if r.subtree.headcount.is_none() {
            out.push(Warning {
                en: format!(
                    "{}: no headcount (số biên chế) known: shares cannot be computed; set it \
                     with `govmail agency headcount {} N`",
                    r.agency, r.agency
                ),
                vi: format!(
                    "{}: chưa có số biên chế nên không tính được tỷ lệ; nhập bằng lệnh \
                     `govmail agency headcount {} N`",
                    r.agency, r.agency
                ),
            });
        }
        if r.subtree.issued_share.is_some_and(|s| s > 1.0) {
            let (issued, staff) = (r.subtree.issued, r.subtree.headcount.unwrap_or(0));
            out.push(Warning {
                en: format!(
                    "{}: more addresses issued ({issued}) than staff ({staff}): check the \
                     headcount",
                    r.agency
                ),
                vi: format!(
                    "{}: số địa chỉ đã cấp ({issued}) nhiều hơn số biên chế ({staff}): kiểm \
                     tra lại số biên chế",
                    r.agency
                ),
            });
        }
    }
    out
}

/// The column headings of one group of figures (the agency's own, or its whole subtree).
pub const FIGURE_COLUMNS: [&str; 12] = [
    "biên chế",
    "địa chỉ đã cấp",
    "tỷ lệ cấp",
    "hoạt động",
    "thường xuyên",
    "tỷ lệ thường xuyên",
    "thư gửi",
    "thư nhận",
    "văn bản gửi",
    "văn bản nhận",
    "văn bản bắt buộc gửi",
    "văn bản mật bị chặn",
];

/// Mandatory documents sent, all types together.
pub fn mandatory(f: &Figures) -> u64 {
    f.mandatory_sent.values().sum()
}

/// A share as the CSV writes it (`85%`), or `—`.
fn pct0(s: Option<f64>) -> String {
    s.map_or("—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// A CSV note row ("ghi chú", text), as wide as the table so that the file stays rectangular.
pub fn csv_note(width: usize, text: &str) -> Vec<String> {
    let mut row = vec!["ghi chú".to_string(), text.to_string()];
    row.resize(width.max(2), String::new());
    row
}

/// The notes under the usage table, in Vietnamese: the period in progress, the rule, the
/// target, the warnings, who reports and when.
pub fn notes_vi(
    m: &Measured,
    rule: RegularRule,
    warnings: &[Warning],
    issuer: Option<&str>,
) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    notes.extend(m.note_vi());
    notes.push(format!(
        "cách tính: số liệu \"toàn khối\" gồm cả các đơn vị trực thuộc; {}",
        rule.describe_vi()
    ));
    notes.push(format!(
        "mục tiêu: {}% cán bộ sử dụng thường xuyên",
        rule.target_percent
    ));
    notes.extend(warnings.iter().map(|w| format!("lưu ý: {}", w.vi)));
    if let Some(issuer) = issuer {
        notes.push(format!("cơ quan báo cáo: {issuer}"));
    }
    notes.push(format!("ngày lập báo cáo: {}", day_vn(m.today)));
    notes
}

/// The usage report as CSV for Excel: UTF-8 with a byte-order mark (Excel then reads the
/// diacritics), one row per agency with its own and its subtree's figures, then the notes as
/// rows as wide as the table. Quoting is the csv crate's (RFC 4180).
pub fn usage_csv(
    rows: &[Row],
    m: &Measured,
    rule: RegularRule,
    warnings: &[Warning],
    issuer: Option<&str>,
) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "mã đơn vị".to_string(),
        "tên đơn vị".into(),
        "đơn vị cha".into(),
    ];
    for scope in ["riêng", "toàn khối"] {
        for col in FIGURE_COLUMNS {
            header.push(format!("{col} ({scope})"));
        }
    }
    w.write_record(&header)?;
    let num = |n: Option<u64>| n.map_or("—".to_string(), |v| v.to_string());
    for r in rows {
        let mut rec = vec![
            r.agency.clone(),
            r.name.clone(),
            r.parent.clone().unwrap_or_default(),
        ];
        for f in [&r.own, &r.subtree] {
            rec.extend([
                num(f.headcount),
                f.issued.to_string(),
                pct0(f.issued_share),
                f.active.to_string(),
                f.regular.to_string(),
                pct0(f.regular_share),
                f.sent.to_string(),
                f.received.to_string(),
                f.official_sent.to_string(),
                f.official_received.to_string(),
                mandatory(f).to_string(),
                f.secret_refused.to_string(),
            ]);
        }
        w.write_record(&rec)?;
    }
    for n in notes_vi(m, rule, warnings, issuer) {
        w.write_record(csv_note(header.len(), &n))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}
