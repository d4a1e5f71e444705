//! The usage report as an Excel workbook (the dashboard's .xlsx download), written with
//! rust_xlsxwriter: real numbers with number formats (shares as percentages, so that a
//! spreadsheet can sum and chart them), Vietnamese headings, rows below the target in red,
//! and native Excel charts of the same figures as the dashboard's SVG.
//!
//! Sheets: "Báo cáo" (each agency's subtree figures and the bar chart against the target),
//! "Số liệu riêng" (each agency's own figures, without the agencies under it), "Theo tháng"
//! (the month-by-month share and its line chart), "Cách tính" (the rule, target, notes).

use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use policy::report::export::{FIGURE_COLUMNS, mandatory, notes_vi};
use policy::report::period::day_vn;
use policy::report::usage::{Figures, RegularRule};

use super::dashboard::Usage;

pub const SHEET: &str = "Báo cáo";
pub const OWN_SHEET: &str = "Số liệu riêng";
pub const TREND_SHEET: &str = "Theo tháng";
pub const NOTES_SHEET: &str = "Cách tính";

/// The first row of the figures' table (0-based): the title lines come before it.
pub const HEADER_ROW: u32 = 4;

/// Column headings: the agency, then [`FIGURE_COLUMNS`] with the target after the share.
fn headings() -> Vec<&'static str> {
    let mut h = vec!["Mã đơn vị", "Tên đơn vị", "Đơn vị cha"];
    for c in FIGURE_COLUMNS {
        h.push(c);
        if c == "tỷ lệ thường xuyên" {
            h.push("mục tiêu");
        }
    }
    h
}

struct Formats {
    title: Format,
    head: Format,
    text: Format,
    int: Format,
    pct: Format,
    pct_below: Format,
    below_text: Format,
}

fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    let red = Color::RGB(0xFFF3F3);
    Formats {
        title: Format::new().set_bold().set_font_size(14),
        head: border(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xECEFF1)),
        ),
        text: border(Format::new()),
        int: border(Format::new().set_num_format("#,##0")),
        pct: border(Format::new().set_num_format("0.0%")),
        pct_below: border(
            Format::new()
                .set_num_format("0.0%")
                .set_bold()
                .set_font_color(Color::RGB(0xB71C1C))
                .set_background_color(red),
        ),
        below_text: border(Format::new().set_background_color(red)),
    }
}

/// One sheet of figures (subtree or own): the title lines, the headings, one row per agency.
/// Returns the last row written.
fn figures_sheet(
    ws: &mut Worksheet,
    u: &Usage,
    rule: RegularRule,
    f: &Formats,
    title: &str,
    pick: fn(&policy::report::usage::Row) -> &Figures,
) -> Result<u32, XlsxError> {
    let target = f64::from(rule.target_percent) / 100.0;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string(
        1,
        0,
        format!(
            "Từ ngày {} đến ngày {}",
            day_vn(u.m.asked.from),
            day_vn(u.m.asked.to)
        ),
    )?;
    if let Some(note) = u.m.note_vi() {
        ws.write_string(2, 0, note)?;
    }
    for (c, h) in headings().iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, c as u16, capitalise(h), &f.head)?;
    }
    ws.set_row_height(HEADER_ROW, 45)?;
    let mut row = HEADER_ROW;
    for r in &u.rows {
        row += 1;
        let fig = pick(r);
        let below = fig.regular_share.is_some_and(|s| s < target);
        let text = if below { &f.below_text } else { &f.text };
        ws.write_string_with_format(row, 0, &r.agency, text)?;
        let indent = "   ".repeat(r.depth);
        ws.write_string_with_format(row, 1, format!("{indent}{}", r.name), text)?;
        ws.write_string_with_format(row, 2, r.parent.as_deref().unwrap_or(""), text)?;
        let mut col: u16 = 3;
        let int = |ws: &mut Worksheet, col: &mut u16, v: Option<u64>| {
            let r = match v {
                Some(v) => ws.write_number_with_format(row, *col, v as f64, &f.int),
                None => ws.write_blank(row, *col, &f.int),
            };
            *col += 1;
            r.map(|_| ())
        };
        let share = |ws: &mut Worksheet, col: &mut u16, v: Option<f64>, fmt: &Format| {
            let r = match v {
                Some(v) => ws.write_number_with_format(row, *col, v, fmt),
                None => ws.write_blank(row, *col, fmt),
            };
            *col += 1;
            r.map(|_| ())
        };
        int(ws, &mut col, fig.headcount)?;
        int(ws, &mut col, Some(fig.issued))?;
        share(ws, &mut col, fig.issued_share, &f.pct)?;
        int(ws, &mut col, Some(fig.active))?;
        int(ws, &mut col, Some(fig.regular))?;
        let fmt = if below { &f.pct_below } else { &f.pct };
        share(ws, &mut col, fig.regular_share, fmt)?;
        share(ws, &mut col, Some(target), &f.pct)?;
        int(ws, &mut col, Some(fig.sent))?;
        int(ws, &mut col, Some(fig.received))?;
        int(ws, &mut col, Some(fig.official_sent))?;
        int(ws, &mut col, Some(fig.official_received))?;
        int(ws, &mut col, Some(mandatory(fig)))?;
        int(ws, &mut col, Some(fig.secret_refused))?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 36)?;
    ws.set_column_width(2, 12)?;
    for c in 3..headings().len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;
    Ok(row)
}

/// "tỷ lệ cấp" → "Tỷ lệ cấp".
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The workbook's bytes.
pub fn usage_workbook(u: &Usage, rule: RegularRule) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let title = "Báo cáo tình hình sử dụng thư điện tử công vụ";
    let share_col = headings()
        .iter()
        .position(|h| *h == "tỷ lệ thường xuyên")
        .unwrap_or(8) as u16;
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET)?;
        let last = figures_sheet(ws, u, rule, &f, title, |r| &r.subtree)?;
        if last > HEADER_ROW {
            // The regular-use share per agency against the target: bars and a line.
            let mut bars = Chart::new(ChartType::Bar);
            bars.add_series()
                .set_name((SHEET, HEADER_ROW, share_col))
                .set_categories((SHEET, HEADER_ROW + 1, 1, last, 1))
                .set_values((SHEET, HEADER_ROW + 1, share_col, last, share_col));
            bars.add_series()
                .set_name((SHEET, HEADER_ROW, share_col + 1))
                .set_categories((SHEET, HEADER_ROW + 1, 1, last, 1))
                .set_values((SHEET, HEADER_ROW + 1, share_col + 1, last, share_col + 1));
            bars.title().set_name(&format!(
                "Tỷ lệ cán bộ sử dụng thường xuyên (mục tiêu {}%)",
                rule.target_percent
            ));
            bars.x_axis().set_num_format("0%").set_min(0).set_max(1);
            bars.y_axis().set_reverse();
            let height = 120 + 28 * (last - HEADER_ROW);
            bars.set_width(720).set_height(height.min(1500));
            ws.insert_chart(last + 3, 1, &bars)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(OWN_SHEET)?;
        figures_sheet(
            ws,
            u,
            rule,
            &f,
            "Số liệu riêng của từng đơn vị (không gồm đơn vị trực thuộc)",
            |r| &r.own,
        )?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(TREND_SHEET)?;
        ws.write_string_with_format(0, 0, "Tỷ lệ sử dụng thường xuyên theo tháng", &f.title)?;
        ws.write_string_with_format(2, 0, "Tháng", &f.head)?;
        ws.write_string_with_format(2, 1, "Tỷ lệ thường xuyên", &f.head)?;
        ws.write_string_with_format(2, 2, "Mục tiêu", &f.head)?;
        let target = f64::from(rule.target_percent) / 100.0;
        let mut row = 2;
        for p in &u.trend {
            row += 1;
            ws.write_string_with_format(row, 0, &p.label, &f.text)?;
            match p.share {
                Some(s) => ws.write_number_with_format(row, 1, s, &f.pct)?,
                None => ws.write_blank(row, 1, &f.pct)?,
            };
            ws.write_number_with_format(row, 2, target, &f.pct)?;
        }
        ws.set_column_width(0, 12)?;
        ws.set_column_width(1, 18)?;
        ws.set_column_width(2, 12)?;
        if row > 2 {
            let mut line = Chart::new(ChartType::Line);
            line.add_series()
                .set_name((TREND_SHEET, 2, 1))
                .set_categories((TREND_SHEET, 3, 0, row, 0))
                .set_values((TREND_SHEET, 3, 1, row, 1));
            line.add_series()
                .set_name((TREND_SHEET, 2, 2))
                .set_categories((TREND_SHEET, 3, 0, row, 0))
                .set_values((TREND_SHEET, 3, 2, row, 2));
            line.title().set_name("Diễn biến theo tháng");
            line.y_axis().set_num_format("0%").set_min(0).set_max(1);
            ws.insert_chart(2, 4, &line)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(NOTES_SHEET)?;
        ws.write_string_with_format(0, 0, "Cách tính và ghi chú", &f.title)?;
        for (i, n) in notes_vi(&u.m, rule, &u.warnings, None).iter().enumerate() {
            ws.write_string(2 + i as u32, 0, n)?;
        }
        ws.set_column_width(0, 120)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use policy::report::period::{Measured, Period};
    use policy::report::usage::{Figures, Row};

    use super::super::scope::Scope;
    use super::*;

    fn row(code: &str, depth: usize, regular_share: Option<f64>) -> Row {
        let f = Figures {
            headcount: Some(10),
            issued: 8,
            regular: 3,
            regular_share,
            ..Figures::default()
        };
        Row {
            agency: code.into(),
            name: format!("Đơn vị {code}"),
            parent: None,
            depth,
            own: f.clone(),
            subtree: f,
        }
    }

    fn usage(rows: Vec<Row>, trend: Vec<policy::report::MonthPoint>) -> Usage {
        Usage {
            scope: Scope {
                agencies: Vec::new(),
                agency: None,
                allowed: None,
            },
            period_text: "2026-11".into(),
            m: Measured::new(
                Period {
                    from: 20_393,
                    to: 20_422,
                },
                20_430,
            )
            .unwrap(),
            rows,
            trend,
            warnings: Vec::new(),
        }
    }

    const RULE: RegularRule = RegularRule {
        weeks_percent: 75,
        target_percent: 85,
    };

    /// The names of the zip's members (stored uncompressed in its central directory).
    fn has(bytes: &[u8], name: &str) -> bool {
        bytes.windows(name.len()).any(|w| w == name.as_bytes())
    }

    #[test]
    fn a_workbook_has_its_four_sheets_and_two_charts() {
        let trend = vec![policy::report::MonthPoint {
            label: "T11/2026".into(),
            month: "2026-11".into(),
            share: Some(0.3),
        }];
        let bytes = usage_workbook(
            &usage(vec![row("A", 0, Some(0.3)), row("B", 1, None)], trend),
            RULE,
        )
        .unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        for part in [
            "xl/worksheets/sheet4.xml",
            "xl/charts/chart1.xml",
            "xl/charts/chart2.xml",
        ] {
            assert!(has(&bytes, part), "{part}");
        }
    }

    #[test]
    fn an_empty_report_is_still_a_workbook_without_charts() {
        let bytes = usage_workbook(&usage(Vec::new(), Vec::new()), RULE).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        assert!(!has(&bytes, "xl/charts/"));
    }
}
