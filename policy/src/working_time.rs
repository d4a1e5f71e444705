//! Working time: the deadlines for reading urgent documents (Hỏa tốc, Thượng khẩn, Khẩn) are
//! counted in the working hours of the agency's calendar, not in clock hours, so that a Khẩn
//! document received on Friday at 16:45 is due on Monday morning, not on Friday night
//! (Nghị định 30/2020/NĐ-CP Điều 4.2c, 23.1, 24.2: urgent documents are handled "ngay",
//! within the working day).
//!
//! The default is the usual working week of state agencies: Monday to Friday, 7:30–11:30 and
//! 13:30–17:00 Vietnam time (UTC+7 all year: Vietnam has no daylight saving). Public holidays
//! (Tết, 30/4, 1/5, 2/9, …, which move with the lunar calendar and the Government's yearly
//! decisions) and make-up working days ("làm bù") are listed in the configuration.
//!
//! Pure: the clock is an argument.

use std::collections::BTreeSet;

/// Vietnam time's offset from UTC, in seconds.
const VN_OFFSET: i64 = 7 * 3600;
const DAY: i64 = 86_400;

/// How far ahead a deadline is looked for: a calendar with no working time in this many days
/// has none at all (every loop below is bounded by it).
const MAX_DAYS: i64 = 800;

/// An agency's working calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    /// The working periods of a working day: (start, end) in seconds after local midnight,
    /// sorted and not overlapping.
    periods: Vec<(i64, i64)>,
    /// Working weekdays, Monday first.
    weekdays: [bool; 7],
    /// Days off that would be working days (local day numbers: days since 1970-01-01).
    holidays: BTreeSet<i64>,
    /// Working days that would be days off (a make-up Saturday).
    extra_days: BTreeSet<i64>,
}

impl Default for WorkingCalendar {
    /// Monday to Friday, 7:30–11:30 and 13:30–17:00, no holidays listed.
    fn default() -> Self {
        WorkingCalendar {
            periods: vec![
                (7 * 3600 + 1800, 11 * 3600 + 1800),
                (13 * 3600 + 1800, 17 * 3600),
            ],
            weekdays: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
            extra_days: BTreeSet::new(),
        }
    }
}

impl WorkingCalendar {
    /// A calendar from the configuration's words: periods such as "07:30-11:30", weekdays
    /// as "mon".."sun" (or "t2".."t7", "cn"), and dates "YYYY-MM-DD". The error names the
    /// value to fix.
    pub fn new(
        periods: &[String],
        weekdays: &[String],
        holidays: &[String],
        extra_days: &[String],
    ) -> Result<WorkingCalendar, String> {
        let mut parsed = periods
            .iter()
            .map(|p| parse_period(p))
            .collect::<Result<Vec<_>, _>>()?;
        parsed.sort_unstable();
        if parsed.windows(2).any(|w| w[0].1 > w[1].0) {
            return Err(format!(
                "giờ làm việc chồng lên nhau / working periods overlap: {}",
                periods.join(", ")
            ));
        }
        let mut days = [false; 7];
        for d in weekdays {
            days[parse_weekday(d)?] = true;
        }
        let dates = |list: &[String]| -> Result<BTreeSet<i64>, String> {
            list.iter().map(|d| parse_date(d)).collect()
        };
        Ok(WorkingCalendar {
            periods: parsed,
            weekdays: days,
            holidays: dates(holidays)?,
            extra_days: dates(extra_days)?,
        })
    }

    fn is_working_day(&self, day: i64) -> bool {
        if self.extra_days.contains(&day) {
            return true;
        }
        // 1970-01-01 was a Thursday (index 3, Monday first).
        let weekday = (day + 3).rem_euclid(7) as usize;
        self.weekdays[weekday] && !self.holidays.contains(&day)
    }

    /// The instant (Unix seconds) at which `duration` seconds of working time have passed
    /// since `start`; a start outside working hours counts from the next working period.
    /// None when the calendar has no working time ahead (no period or no working day).
    pub fn add(&self, start: i64, duration: u64) -> Option<i64> {
        let mut remaining = i64::try_from(duration).ok()?;
        let local = start.checked_add(VN_OFFSET)?;
        let (mut day, mut time) = (local.div_euclid(DAY), local.rem_euclid(DAY));
        for _ in 0..MAX_DAYS {
            if self.is_working_day(day) {
                for &(from, to) in &self.periods {
                    if time >= to {
                        continue;
                    }
                    let from = time.max(from);
                    if remaining <= to - from {
                        return Some(day * DAY + from + remaining - VN_OFFSET);
                    }
                    remaining -= to - from;
                    time = to;
                }
            }
            day += 1;
            time = 0;
        }
        None
    }

    /// The working time (seconds) between `from` and `to` (0 when `to` is not later).
    pub fn between(&self, from: i64, to: i64) -> u64 {
        if to <= from {
            return 0;
        }
        let (start, end) = (from + VN_OFFSET, to + VN_OFFSET);
        let (first, last) = (start.div_euclid(DAY), end.div_euclid(DAY));
        let mut total = 0i64;
        // Bounded: a span longer than MAX_DAYS is counted up to there.
        for day in first..=last.min(first + MAX_DAYS) {
            if !self.is_working_day(day) {
                continue;
            }
            for &(a, b) in &self.periods {
                let (a, b) = ((day * DAY + a).max(start), (day * DAY + b).min(end));
                total += (b - a).max(0);
            }
        }
        u64::try_from(total).unwrap_or(0)
    }
}

/// "07:30-11:30" → seconds after midnight.
fn parse_period(text: &str) -> Result<(i64, i64), String> {
    let bad = || {
        format!(
            "khoảng giờ không hợp lệ / bad working period '{text}' (write e.g. \"07:30-11:30\")"
        )
    };
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let clock = |t: &str| -> Option<i64> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        ((0..=24).contains(&h) && (0..60).contains(&m) && h * 60 + m <= 24 * 60)
            .then_some(h * 3600 + m * 60)
    };
    let (from, to) = (clock(a).ok_or_else(bad)?, clock(b).ok_or_else(bad)?);
    if from >= to {
        return Err(bad());
    }
    Ok((from, to))
}

fn parse_weekday(text: &str) -> Result<usize, String> {
    let names = [
        ["mon", "t2"],
        ["tue", "t3"],
        ["wed", "t4"],
        ["thu", "t5"],
        ["fri", "t6"],
        ["sat", "t7"],
        ["sun", "cn"],
    ];
    let t = text.trim().to_ascii_lowercase();
    names
        .iter()
        .position(|n| n.iter().any(|n| t.starts_with(n)))
        .ok_or_else(|| {
            format!("ngày trong tuần không hợp lệ / bad weekday '{text}' (mon..sun or t2..t7, cn)")
        })
}

/// "2027-09-02" → the local day number.
fn parse_date(text: &str) -> Result<i64, String> {
    let bad = || format!("ngày không hợp lệ / bad date '{text}' (write YYYY-MM-DD)");
    let mut parts = text.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let (y, m, d): (i64, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in(y, m) {
        return Err(bad());
    }
    Ok(storage::days_from_civil(y, m, d))
}

fn days_in(year: i64, month: u32) -> u32 {
    let next = if month == 12 {
        storage::days_from_civil(year + 1, 1, 1)
    } else {
        storage::days_from_civil(year, month + 1, 1)
    };
    (next - storage::days_from_civil(year, month, 1)) as u32
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Unix seconds of a Vietnam-time date and clock.
    fn vn(y: i64, mo: u32, d: u32, h: i64, mi: i64) -> i64 {
        storage::days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 - VN_OFFSET
    }

    #[test]
    fn within_a_period_the_clock_runs() {
        let c = WorkingCalendar::default();
        // Monday 7 December 2026, 9:00 + 30 min.
        assert_eq!(
            c.add(vn(2026, 12, 7, 9, 0), 1800),
            Some(vn(2026, 12, 7, 9, 30))
        );
    }

    #[test]
    fn the_lunch_break_does_not_count() {
        let c = WorkingCalendar::default();
        assert_eq!(
            c.add(vn(2026, 12, 7, 11, 15), 1800),
            Some(vn(2026, 12, 7, 13, 45))
        );
        assert_eq!(
            c.between(vn(2026, 12, 7, 11, 15), vn(2026, 12, 7, 13, 45)),
            1800
        );
    }

    #[test]
    fn friday_evening_runs_on_into_monday() {
        let c = WorkingCalendar::default();
        // Friday 11 December 2026 16:45 + 30 min: 15 on Friday, 15 on Monday.
        assert_eq!(
            c.add(vn(2026, 12, 11, 16, 45), 1800),
            Some(vn(2026, 12, 14, 7, 45))
        );
        // Received on Saturday night: counted from Monday 7:30.
        assert_eq!(
            c.add(vn(2026, 12, 12, 22, 0), 4 * 3600),
            Some(vn(2026, 12, 14, 11, 30))
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_worked() {
        let c = WorkingCalendar::new(
            &["07:30-11:30".into(), "13:30-17:00".into()],
            &[
                "t2".into(),
                "t3".into(),
                "t4".into(),
                "t5".into(),
                "t6".into(),
            ],
            &["2027-09-02".into(), "2027-09-03".into()],
            &["2027-09-04".into()],
        )
        .unwrap();
        // Wednesday 1 September 2027 16:30 + 1 h: Thursday and Friday are Quốc khánh days
        // off, Saturday 4 is a make-up working day.
        assert_eq!(
            c.add(vn(2027, 9, 1, 16, 30), 3600),
            Some(vn(2027, 9, 4, 8, 0))
        );
    }

    #[test]
    fn a_calendar_without_working_time_has_no_deadline() {
        let c = WorkingCalendar::new(&["08:00-12:00".into()], &[], &[], &[]).unwrap();
        assert_eq!(c.add(vn(2026, 12, 7, 9, 0), 60), None);
        assert_eq!(c.between(vn(2026, 12, 7, 9, 0), vn(2026, 12, 9, 9, 0)), 0);
    }

    #[test]
    fn bad_configuration_values_are_named() {
        let period = |p: &str| WorkingCalendar::new(&[p.into()], &[], &[], &[]);
        assert!(period("7:30").unwrap_err().contains("'7:30'"));
        assert!(period("11:30-07:30").is_err());
        assert!(period("25:00-26:00").is_err());
        let overlap =
            WorkingCalendar::new(&["08:00-12:00".into(), "11:00-13:00".into()], &[], &[], &[]);
        assert!(overlap.unwrap_err().contains("overlap"));
        let day = WorkingCalendar::new(&[], &["someday".into()], &[], &[]);
        assert!(day.unwrap_err().contains("'someday'"));
        let date = WorkingCalendar::new(&[], &[], &["2027-02-30".into()], &[]);
        assert!(date.unwrap_err().contains("2027-02-30"));
    }

    #[test]
    fn a_zero_duration_outside_hours_is_the_next_opening() {
        let c = WorkingCalendar::default();
        assert_eq!(
            c.add(vn(2026, 12, 7, 12, 0), 0),
            Some(vn(2026, 12, 7, 13, 30))
        );
        assert_eq!(c.add(i64::MAX, 10), None);
    }
}
