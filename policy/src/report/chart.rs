//! The usage report's bar chart, drawn as SVG on the server: the regular-use share of each
//! agency's subtree against the target line. Shared by the HTML report file (`govmail report
//! usage --format html`) and the web console's dashboard, so both show the same picture.
//! Attributes only, no inline `style` (the console's Content-Security-Policy forbids it).

use std::fmt::Write as _;

use super::MonthPoint;
use super::usage::{RegularRule, Row};

/// The charts' words in one language: the console passes the reader's (from its string
/// table), the CLI's HTML report [`VI`].
#[derive(Clone, Copy)]
pub struct Words<'a> {
    /// The bar chart's accessible name.
    pub bars: &'a str,
    /// The word before the target's percentage on its line ("mục tiêu").
    pub target: &'a str,
    /// The trend chart's accessible name.
    pub trend: &'a str,
    /// A month's label on the trend's axis ("T11/2026").
    pub month: fn(&MonthPoint) -> String,
}

/// The words in Vietnamese, as the charts have always been drawn.
pub const VI: Words<'static> = Words {
    bars: "Tỷ lệ sử dụng thường xuyên theo đơn vị",
    target: "mục tiêu",
    trend: "Diễn biến theo tháng",
    month: month_vi,
};

/// A month as Vietnamese write it on an axis: "T11/2026" (the point's own label).
pub fn month_vi(m: &MonthPoint) -> String {
    m.label.clone()
}

/// A month in English: "Nov 2026", from the point's "2026-11" (its Vietnamese label if that
/// cannot be read).
pub fn month_en(m: &MonthPoint) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    m.month
        .split_once('-')
        .and_then(|(y, mm)| {
            let i = mm.parse::<usize>().ok()?.checked_sub(1)?;
            Some(format!("{} {y}", NAMES.get(i)?))
        })
        .unwrap_or_else(|| m.label.clone())
}

/// HTML/XML-escapes text (names come from administrators and may hold '<' or '&').
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A share as Vietnamese write it: `85,0%`, or `—` when unknown.
pub fn pct(s: Option<f64>) -> String {
    s.map_or("—".into(), |v| {
        format!("{:.1}%", v * 100.0).replace('.', ",")
    })
}

/// The `<svg>` element: one bar per row with a known headcount (indented by depth), green at
/// or above the target, red below, with 0/50/100% ticks and the dashed target line. Each bar
/// carries `data-agency` (its code) for tests and scripts.
pub fn regular_share_bars(rows: &[Row], rule: RegularRule) -> String {
    regular_share_bars_in(rows, rule, &VI)
}

/// [`regular_share_bars`] with the words of `words`.
pub fn regular_share_bars_in(rows: &[Row], rule: RegularRule, words: &Words) -> String {
    let target = f64::from(rule.target_percent) / 100.0;
    let mut svg = String::new();
    let bars: Vec<&Row> = rows
        .iter()
        .filter(|r| r.subtree.headcount.is_some())
        .collect();
    let (bar_h, gap, left, width) = (18.0, 6.0, 260.0, 560.0);
    let height = bars.len() as f64 * (bar_h + gap) + 56.0;
    let _ = writeln!(
        svg,
        "<svg width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\" role=\"img\" \
         aria-label=\"{}\">",
        esc(words.bars),
        w = left + width + 80.0,
    );
    for (i, r) in bars.iter().enumerate() {
        let y = 10.0 + i as f64 * (bar_h + gap);
        let share = r.subtree.regular_share.unwrap_or(0.0).min(1.0);
        let color = if share >= target {
            "#2e7d32"
        } else {
            "#c62828"
        };
        let _ = writeln!(
            svg,
            "<text x=\"{tx}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"end\">{}{}</text>\
             <rect class=\"bar\" data-agency=\"{}\" x=\"{left}\" y=\"{y}\" width=\"{bw:.1}\" \
             height=\"{bar_h}\" fill=\"{color}\"/>\
             <text x=\"{vx:.1}\" y=\"{ty}\" font-size=\"12\">{}</text>",
            "\u{a0}\u{a0}".repeat(r.depth),
            esc(&r.name),
            esc(&r.agency),
            pct(r.subtree.regular_share),
            tx = left - 6.0,
            ty = y + bar_h - 5.0,
            bw = share * width,
            vx = left + share * width + 4.0,
        );
    }
    // Axis with 0, 50 and 100% ticks.
    let axis_y = height - 26.0;
    let _ = writeln!(
        svg,
        "<line x1=\"{left}\" y1=\"4\" x2=\"{left}\" y2=\"{axis_y:.1}\" stroke=\"#444\"/>\
         <line x1=\"{left}\" y1=\"{axis_y:.1}\" x2=\"{right}\" y2=\"{axis_y:.1}\" stroke=\"#444\"/>",
        right = left + width,
    );
    for tick in [0.0, 0.5, 1.0] {
        let x = left + tick * width;
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{axis_y:.1}\" x2=\"{x:.1}\" y2=\"{y2:.1}\" stroke=\"#444\"/>\
             <text x=\"{x:.1}\" y=\"{ty:.1}\" font-size=\"10\" text-anchor=\"middle\">{}%</text>",
            (tick * 100.0) as u32,
            y2 = axis_y + 4.0,
            ty = axis_y + 14.0,
        );
    }
    let tx = left + target * width;
    let _ = write!(
        svg,
        "<line class=\"target\" x1=\"{tx:.1}\" y1=\"4\" x2=\"{tx:.1}\" y2=\"{y2:.1}\" stroke=\"#1565c0\" \
         stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
         <text x=\"{tx:.1}\" y=\"{ly:.1}\" font-size=\"12\" fill=\"#1565c0\" \
         text-anchor=\"middle\">{} {}%</text>\n</svg>\n",
        esc(words.target),
        rule.target_percent,
        y2 = axis_y,
        ly = height - 1.0,
    );
    svg
}

/// The month-by-month trend of the regular-use share as SVG, from the first month with
/// addresses (the months before it have no data, which is not 0%: `before` names them, e.g.
/// "T1/2026 – T3/2026"). None when fewer than two months have data.
pub struct Trend {
    pub svg: String,
    pub before: Option<String>,
}

pub fn monthly_trend_svg(trend: &[MonthPoint], rule: RegularRule) -> Option<Trend> {
    monthly_trend_svg_in(trend, rule, &VI)
}

/// [`monthly_trend_svg`] with the words of `words` (its `before` too).
pub fn monthly_trend_svg_in(
    trend: &[MonthPoint],
    rule: RegularRule,
    words: &Words,
) -> Option<Trend> {
    let target = f64::from(rule.target_percent) / 100.0;
    let first = trend
        .iter()
        .position(|p| p.share.is_some())
        .unwrap_or(trend.len());
    let (before, trend) = trend.split_at(first);
    if trend.len() < 2 {
        return None;
    }
    let mut html = String::new();
    let (w, h, pad) = (760.0, 220.0, 40.0);
    let step = (w - 2.0 * pad) / (trend.len() - 1) as f64;
    let y_of = |s: f64| h - pad - s.min(1.0) * (h - 2.0 * pad);
    let _ = write!(
        html,
        "<svg width=\"{w}\" \
             height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\">\n\
             <line x1=\"{pad}\" y1=\"{yt:.1}\" x2=\"{x2}\" y2=\"{yt:.1}\" stroke=\"#1565c0\" \
             stroke-dasharray=\"6 4\"/>\n",
        yt = y_of(target),
        x2 = w - pad,
        label = esc(words.trend),
    );
    for level in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            html,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"10\" text-anchor=\"end\">{}%</text>\
                 <line x1=\"{pad}\" y1=\"{y0:.1}\" x2=\"{x2}\" y2=\"{y0:.1}\" stroke=\"#ddd\"/>",
            (level * 100.0) as u32,
            x = pad - 4.0,
            y = y_of(level) + 3.0,
            y0 = y_of(level),
            x2 = w - pad,
        );
    }
    let points: Vec<String> = trend
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            m.share
                .map(|s| format!("{:.1},{:.1}", pad + i as f64 * step, y_of(s)))
        })
        .collect();
    let _ = writeln!(
        html,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"2\"/>",
        points.join(" ")
    );
    for (i, m) in trend.iter().enumerate() {
        let x = pad + i as f64 * step;
        let _ = write!(
            html,
            "<text x=\"{x:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            h - pad + 16.0,
            esc(&(words.month)(m))
        );
        match m.share {
            Some(s) => {
                let _ = write!(
                    html,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#2e7d32\"/>\
                         <text x=\"{x:.1}\" y=\"{ty:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
                    pct(Some(s)),
                    y = y_of(s),
                    ty = y_of(s) - 6.0
                );
            }
            // No address in that month: no point, a dash.
            None => {
                let _ = write!(
                    html,
                    "<text class=\"nodata\" x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"10\" \
                         text-anchor=\"middle\">—</text>",
                    y = y_of(0.0) - 6.0
                );
            }
        }
    }
    html.push_str("\n</svg>\n");
    let before = match (before.first(), before.last()) {
        (Some(a), _) if before.len() == 1 => Some((words.month)(a)),
        (Some(a), Some(b)) => Some(format!("{} – {}", (words.month)(a), (words.month)(b))),
        _ => None,
    };
    Some(Trend { svg: html, before })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(month: &str, label: &str, share: Option<f64>) -> MonthPoint {
        MonthPoint {
            label: label.into(),
            month: month.into(),
            share,
        }
    }

    const EN: Words<'static> = Words {
        bars: "Regular-use share by agency",
        target: "target",
        trend: "Month by month",
        month: month_en,
    };

    #[test]
    fn the_charts_take_their_words_from_the_caller() {
        let rule = RegularRule {
            weeks_percent: 50,
            target_percent: 85,
        };
        let vi = regular_share_bars(&[], rule);
        assert!(vi.contains(">mục tiêu 85%</text>") && vi.contains("theo đơn vị\""));
        let en = regular_share_bars_in(&[], rule, &EN);
        assert!(
            en.contains(">target 85%</text>") && !en.contains("mục tiêu"),
            "{en}"
        );
        let trend = [
            point("2026-09", "T9/2026", None),
            point("2026-10", "T10/2026", Some(0.5)),
            point("2026-11", "T11/2026", Some(0.9)),
        ];
        let vi = monthly_trend_svg(&trend, rule).unwrap();
        assert!(vi.svg.contains(">T11/2026</text>") && vi.svg.contains("Diễn biến theo tháng"));
        assert_eq!(vi.before.as_deref(), Some("T9/2026"));
        let en = monthly_trend_svg_in(&trend, rule, &EN).unwrap();
        assert!(
            en.svg.contains(">Nov 2026</text>") && !en.svg.contains("T11/2026"),
            "{}",
            en.svg
        );
        assert!(en.svg.contains("aria-label=\"Month by month\""));
        assert_eq!(en.before.as_deref(), Some("Sep 2026"));
        assert_eq!(month_en(&point("2026-13", "T13/2026", None)), "T13/2026");
    }
}
