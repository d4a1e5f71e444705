//! The usage report as one self-contained HTML file, in Vietnamese throughout as an
//! administrative report is: a header with the issuing body and the date, a bar chart of the
//! regular-use share per agency against the target line, a month-by-month trend from the
//! first month with addresses, and the table, sections numbered in order. Dates are written
//! DD/MM/YYYY. Inline SVG and CSS only (no network, no scripts), laid out to print cleanly to
//! PDF (A4 landscape).

use std::fmt::Write as _;

use crate::period::{Measured, day_vn};
use crate::usage_report::{RegularRule, Row};

use policy::report::MonthPoint;
use policy::report::chart::{esc, pct};

/// The header of the report (`[report]` in govmail.toml).
pub struct Head<'a> {
    pub issuer: Option<&'a str>,
    pub place: Option<&'a str>,
}

/// Section headings numbered in the order they are written (a section left out leaves no gap).
struct Sections(u32);

impl Sections {
    fn next(&mut self, title: &str) -> String {
        self.0 += 1;
        format!("<h2>{}. {title}</h2>\n", self.0)
    }
}

pub fn render(
    rows: &[Row],
    m: Measured,
    rule: RegularRule,
    head: &Head,
    trend: &[MonthPoint],
    warnings: &[String],
) -> String {
    let target = f64::from(rule.target_percent) / 100.0;
    let today = storage::VnTime::from_unix(m.today * 86_400);
    let mut sections = Sections(0);
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Báo cáo sử dụng thư điện tử công vụ {from} – {to}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: "Times New Roman", "Noto Serif", serif; color: #111; margin: 0 auto; max-width: 1100px; }}
h1 {{ font-size: 20px; text-align: center; margin: 8px 0 2px; }}
div.head {{ display: flex; justify-content: space-between; text-align: center; font-size: 14px; margin: 8px 0 10px; }}
div.head div {{ flex: 0 0 48%; }}
div.head .motto {{ font-weight: bold; text-decoration: underline; }}
div.head .date {{ font-style: italic; margin-top: 6px; }}
p.progress {{ text-align: center; font-weight: bold; color: #a00; margin: 0 0 10px; }}
h2 {{ font-size: 16px; margin: 18px 0 6px; page-break-after: avoid; }}
p.sub {{ text-align: center; margin: 0 0 12px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12px; page-break-inside: auto; }}
tr {{ page-break-inside: avoid; }}
th, td {{ border: 1px solid #888; padding: 3px 5px; text-align: right; }}
th {{ background: #eee; }}
td.name, th:first-child {{ text-align: left; }}
td.below {{ color: #a00; font-weight: bold; }}
.note {{ font-size: 12px; margin: 6px 0; }}
svg text {{ font-family: inherit; }}
</style></head><body>
<div class="head"><div class="issuer"><b>{issuer}</b></div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>
<span class="motto">Độc lập - Tự do - Hạnh phúc</span><div class="date">{place}ngày {day:02} tháng {month:02} năm {year}</div></div></div>
<h1>BÁO CÁO TÌNH HÌNH SỬ DỤNG THƯ ĐIỆN TỬ CÔNG VỤ</h1>
<p class="sub">Từ ngày {from} đến ngày {to}</p>
"#,
        from = day_vn(m.asked.from),
        to = day_vn(m.asked.to),
        issuer = esc(head.issuer.unwrap_or("")),
        place = head
            .place
            .map(|p| format!("{}, ", esc(p)))
            .unwrap_or_default(),
        day = today.day,
        month = today.month,
        year = today.year,
    );
    if let Some(note) = m.note_vi() {
        let _ = writeln!(html, "<p class=\"progress\">{}</p>", esc(&note));
    }

    // Bar chart: regular-use share of each agency's subtree, with the target line (drawn by
    // policy::report::chart, which the web console's dashboard shares).
    html.push_str(&sections.next(&format!(
        "Tỷ lệ cán bộ sử dụng thư điện tử thường xuyên (mục tiêu {}%)",
        rule.target_percent
    )));
    html.push_str(&policy::report::chart::regular_share_bars(rows, rule));

    // Month-by-month trend, from the first month with addresses (policy::report::chart).
    if let Some(t) = policy::report::chart::monthly_trend_svg(trend, rule) {
        html.push_str(&sections.next("Diễn biến theo tháng (toàn bộ đơn vị)"));
        html.push_str(&t.svg);
        if let Some(months) = t.before {
            let _ = writeln!(
                html,
                "<p class=\"note\">{}: — (chưa có địa chỉ nào được cấp, không có số liệu).</p>",
                esc(&months)
            );
        }
    }

    // The table.
    html.push_str(&sections.next("Số liệu chi tiết"));
    html.push_str(
        "<table>\n<thead><tr><th>Đơn vị</th><th>Biên chế</th>\
         <th>Địa chỉ đã cấp</th><th>Tỷ lệ cấp</th><th>Hoạt động</th><th>Thường xuyên</th>\
         <th>Tỷ lệ thường xuyên</th><th>Thư gửi</th><th>Thư nhận</th><th>Văn bản gửi</th>\
         <th>Văn bản nhận</th><th>Văn bản bắt buộc đã gửi</th><th>Văn bản mật bị chặn</th>\
         </tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let f = &r.subtree;
        let below = f.regular_share.is_some_and(|s| s < target);
        let _ = writeln!(
            html,
            "<tr><td class=\"name\">{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td{}>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td></tr>",
            "&nbsp;&nbsp;&nbsp;".repeat(r.depth),
            esc(&r.name),
            f.headcount.map_or("—".into(), |h| h.to_string()),
            f.issued,
            pct(f.issued_share),
            f.active,
            f.regular,
            if below { " class=\"below\"" } else { "" },
            pct(f.regular_share),
            f.sent,
            f.received,
            f.official_sent,
            f.official_received,
            f.mandatory_sent.values().sum::<u64>(),
            f.secret_refused,
        );
    }
    html.push_str("</tbody></table>\n");
    let _ = writeln!(
        html,
        "<p class=\"note\">Cách tính: số liệu mỗi dòng gồm cả các đơn vị trực thuộc; {}.</p>",
        esc(&rule.describe_vi())
    );
    for w in warnings {
        let _ = writeln!(html, "<p class=\"note\">Lưu ý: {}</p>", esc(w));
    }
    html.push_str("</body></html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage_report::Figures;

    #[test]
    fn a_self_contained_page_with_chart_target_and_escaped_names() {
        let f = Figures {
            headcount: Some(10),
            issued: 8,
            regular: 9,
            regular_share: Some(0.9),
            issued_share: Some(0.8),
            ..Figures::default()
        };
        let low = Figures {
            regular_share: Some(0.3),
            ..f.clone()
        };
        let rows = vec![
            Row {
                agency: "UBND".into(),
                name: "Ủy ban <nhân dân> & tỉnh".into(),
                parent: None,
                depth: 0,
                own: f.clone(),
                subtree: f,
            },
            Row {
                agency: "XA".into(),
                name: "Xã Tịnh Hà".into(),
                parent: Some("UBND".into()),
                depth: 1,
                own: low.clone(),
                subtree: low,
            },
        ];
        let point = |label: &str, share| MonthPoint {
            label: label.into(),
            month: String::new(),
            share,
        };
        let trend = vec![
            point("T1", None),
            point("T2", Some(0.5)),
            point("T3", Some(0.7)),
        ];
        let today = crate::period::days_from_civil(2026, 12, 6);
        let asked = crate::period::Period {
            from: crate::period::days_from_civil(2026, 1, 1),
            to: crate::period::days_from_civil(2026, 12, 31),
        };
        let m = Measured::new(asked, today).unwrap_or_else(|e| panic!("{e}"));
        let html = render(
            &rows,
            m,
            RegularRule {
                weeks_percent: 75,
                target_percent: 85,
            },
            &Head {
                issuer: Some("SỞ THÔNG TIN VÀ TRUYỀN THÔNG <TỈNH>"),
                place: Some("Quảng Ngãi"),
            },
            &trend,
            &["XA: chưa có số biên chế".into()],
        );
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(
            !html.contains("http://") && !html.contains("https://") && !html.contains("<script")
        );
        assert!(html.contains("Ủy ban &lt;nhân dân&gt; &amp; tỉnh"));
        assert!(html.contains("mục tiêu 85%"));
        assert!(html.contains("90,0%") && html.contains("class=\"below\">30,0%"));
        assert!(html.contains("<polyline"));
        assert!(html.contains("Lưu ý: XA: chưa có số biên chế"));
        assert!(html.contains("@page"));
        assert!(html.contains("<b>SỞ THÔNG TIN VÀ TRUYỀN THÔNG &lt;TỈNH&gt;</b>"));
        assert!(html.contains("Quảng Ngãi, ngày 06 tháng 12 năm 2026"));
        assert!(html.contains("Từ ngày 01/01/2026 đến ngày 31/12/2026"));
        assert!(html.contains("kỳ báo cáo chưa kết thúc: số liệu đến ngày 06/12/2026"));
        assert!(
            html.contains("T1: — (chưa có địa chỉ"),
            "months before any address"
        );
        assert!(
            !html.contains(">T1<"),
            "the chart starts at the first month with addresses"
        );
        assert!(html.contains("<h2>1. ") && html.contains("<h2>2. ") && html.contains("<h2>3. "));
    }
}
