//! Report periods as administrators write them: `2026-10` (a month), `2026-Q3` (a quarter),
//! `2026` (a year), `2026-01-01..2026-03-31` (any range, both ends included). Days are counted
//! in Vietnam time, like the stored counters.

use std::fmt;

/// An inclusive range of days (days since 1970-01-01, Vietnam time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: i64,
    pub to: i64,
}

pub use storage::days_from_civil;

fn days_in_month(year: i64, month: u32) -> u32 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    (next - days_from_civil(year, month, 1)) as u32
}

/// "YYYY-MM-DD" of a day number.
pub fn day_string(day: i64) -> String {
    let t = storage::VnTime::from_unix(day * 86_400);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// "DD/MM/YYYY" of a day number, as Vietnamese documents write dates.
pub fn day_vn(day: i64) -> String {
    let t = storage::VnTime::from_unix(day * 86_400);
    format!("{:02}/{:02}/{:04}", t.day, t.month, t.year)
}

/// A day written YYYY-MM-DD, as a day number.
pub fn parse_day(text: &str) -> Result<i64, String> {
    date(text.trim())
}

/// A report's period as measured on a given day: the part of it that has happened. A period
/// that reaches past today is measured up to today (its weeks so far), and the report says so;
/// one that starts after today has no figures and is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// The period asked for.
    pub asked: Period,
    /// The days measured: `asked`, ending today at the latest.
    pub measured: Period,
    /// The day the report is made.
    pub today: i64,
}

impl Measured {
    pub fn new(asked: Period, today: i64) -> Result<Measured, String> {
        if asked.from > today {
            return Err(format!(
                "the period {asked} starts after today ({}): it has no figures yet; \
                 ask for a period that has begun",
                day_vn(today)
            ));
        }
        Ok(Measured {
            asked,
            measured: Period {
                from: asked.from,
                to: asked.to.min(today),
            },
            today,
        })
    }

    /// Whether the period has not ended yet (its figures stop at today).
    pub fn in_progress(&self) -> bool {
        self.measured.to < self.asked.to
    }

    /// The note shown with a period in progress, in English (table, JSON).
    pub fn note_en(&self) -> Option<String> {
        self.in_progress().then(|| {
            format!(
                "period in progress: figures up to {}",
                day_vn(self.measured.to)
            )
        })
    }

    /// The same note in Vietnamese (HTML, CSV).
    pub fn note_vi(&self) -> Option<String> {
        self.in_progress().then(|| {
            format!(
                "kỳ báo cáo chưa kết thúc: số liệu đến ngày {}",
                day_vn(self.measured.to)
            )
        })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", day_string(self.from), day_string(self.to))
    }
}

const HELP: &str = "write the period as 2026-10 (month), 2026-Q3 (quarter), 2026 (year) or \
                    2026-01-01..2026-03-31 (range)";

fn year(text: &str) -> Result<i64, String> {
    match text.parse::<i64>() {
        Ok(y) if (1970..=9999).contains(&y) && text.len() == 4 => Ok(y),
        _ => Err(format!("\"{text}\" is not a year: {HELP}")),
    }
}

fn date(text: &str) -> Result<i64, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(format!("\"{text}\" is not a date (YYYY-MM-DD): {HELP}"));
    };
    let y = year(y)?;
    let m: u32 = m
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| format!("\"{text}\": the month must be 01 to 12"))?;
    let d: u32 = d
        .parse()
        .ok()
        .filter(|d| *d >= 1 && *d <= days_in_month(y, m))
        .ok_or_else(|| format!("\"{text}\": that month has no such day"))?;
    Ok(days_from_civil(y, m, d))
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(text: &str) -> Result<Period, String> {
        let t = text.trim();
        if let Some((a, b)) = t.split_once("..") {
            let (from, to) = (date(a.trim())?, date(b.trim())?);
            if from > to {
                return Err(format!("\"{t}\": the range ends before it starts"));
            }
            return Ok(Period { from, to });
        }
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] => {
                let y = year(y)?;
                Ok(Period {
                    from: days_from_civil(y, 1, 1),
                    to: days_from_civil(y, 12, 31),
                })
            }
            [y, q] if q.len() == 2 && (q.starts_with('Q') || q.starts_with('q')) => {
                let y = year(y)?;
                let q: u32 = q[1..]
                    .parse()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| format!("\"{t}\": the quarter must be Q1 to Q4"))?;
                let first = (q - 1) * 3 + 1;
                Ok(Period {
                    from: days_from_civil(y, first, 1),
                    to: days_from_civil(y, first + 2, days_in_month(y, first + 2)),
                })
            }
            [y, m] => {
                let y = year(y)?;
                let m: u32 = m
                    .parse()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(|| format!("\"{t}\": the month must be 01 to 12"))?;
                Ok(Period {
                    from: days_from_civil(y, m, 1),
                    to: days_from_civil(y, m, days_in_month(y, m)),
                })
            }
            [_, _, _] => {
                let d = date(t)?;
                Ok(Period { from: d, to: d })
            }
            _ => Err(format!("\"{t}\" is not a period: {HELP}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        s.parse::<Period>()
            .map(|p| p.to_string())
            .unwrap_or_else(|e| e)
    }

    #[test]
    fn months_quarters_years_and_ranges() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(day_string(days_from_civil(2026, 11, 21)), "2026-11-21");
        assert_eq!(p("2026-10"), "2026-10-01..2026-10-31");
        assert_eq!(p("2024-02"), "2024-02-01..2024-02-29");
        assert_eq!(p("2026-Q3"), "2026-07-01..2026-09-30");
        assert_eq!(p("2026-q1"), "2026-01-01..2026-03-31");
        assert_eq!(p("2026"), "2026-01-01..2026-12-31");
        assert_eq!(p("2026-01-01..2026-03-31"), "2026-01-01..2026-03-31");
        assert_eq!(
            storage::vn_day(1_793_667_600),
            days_from_civil(2026, 11, 3),
            "stored days and parsed days agree"
        );
    }

    #[test]
    fn a_period_in_progress_is_measured_up_to_today_and_a_future_one_refused() {
        let dec = "2026-12"
            .parse::<Period>()
            .unwrap_or(Period { from: 0, to: 0 });
        let today = days_from_civil(2026, 12, 6);
        assert_eq!(day_vn(today), "06/12/2026");
        let m = Measured::new(dec, today).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.measured.to_string(), "2026-12-01..2026-12-06");
        assert!(m.in_progress());
        assert_eq!(
            m.note_vi().as_deref(),
            Some("kỳ báo cáo chưa kết thúc: số liệu đến ngày 06/12/2026")
        );
        assert_eq!(
            m.note_en().as_deref(),
            Some("period in progress: figures up to 06/12/2026")
        );
        let nov = "2026-11".parse::<Period>().unwrap_or(dec);
        let done = Measured::new(nov, today).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((done.measured, done.note_en()), (nov, None));
        let err = Measured::new("2027-01".parse().unwrap_or(dec), today)
            .err()
            .unwrap_or_default();
        assert!(err.contains("starts after today (06/12/2026)"), "{err}");
        assert_eq!(parse_day(" 2026-12-06 "), Ok(today));
    }

    #[test]
    fn mistakes_are_explained() {
        for (bad, needle) in [
            ("2026-13", "01 to 12"),
            ("2026-Q5", "Q1 to Q4"),
            ("2026-02-30", "no such day"),
            ("26", "not a year"),
            ("2026-03-31..2026-01-01", "ends before"),
            ("tháng 10", "not a year"),
        ] {
            let err = bad.parse::<Period>().err().unwrap_or_default();
            assert!(err.contains(needle), "{bad}: {err}");
        }
    }
}
