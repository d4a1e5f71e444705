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
