//! IMAP dates (RFC 9051 §9): `date-time` ("21-Nov-2026 10:05:00 +0700") for INTERNALDATE
//! and APPEND, and `date` ("1-Feb-2026") for SEARCH, on the storage's calendar code.

use storage::{MONTH_ABBREVIATIONS, VnTime, days_from_civil, month_from_abbreviation};

/// INTERNALDATE in Vietnam time.
pub fn format_date_time(unix: i64) -> String {
    let t = VnTime::from_unix(unix);
    format!(
        "{:02}-{}-{:04} {:02}:{:02}:{:02} +0700",
        t.day,
        MONTH_ABBREVIATIONS[(t.month as usize).clamp(1, 12) - 1],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

/// "d-Mon-yyyy" (day may be space-padded) → (year, month, day), checked.
fn parse_ymd(date: &str) -> Option<(i64, u32, u32)> {
    let mut d = date.trim().split('-');
    let day: u32 = d.next()?.trim().parse().ok()?;
    let month = month_from_abbreviation(d.next()?)?;
    // RFC 9051 §9: date-year = 4DIGIT. Longer years overflowed the day arithmetic.
    let year = d.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = year.parse().ok()?;
    if d.next().is_some() || !(1..=31).contains(&day) {
        return None;
    }
    Some((year, month, day))
}

/// A SEARCH date → Vietnam-time day number (the unit of `storage::vn_day`).
pub fn parse_date(s: &str) -> Option<i64> {
    let (y, m, d) = parse_ymd(s)?;
    Some(days_from_civil(y, m, d))
}

/// An APPEND date-time → Unix seconds.
pub fn parse_date_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = s.split_once(' ')?;
    let (time, zone) = rest.trim().split_once(' ')?;
    let (year, month, day) = parse_ymd(date)?;
    let mut t = time.split(':').map(|x| x.parse::<i64>().ok());
    let (h, mi, se) = (t.next()??, t.next()??, t.next()??);
    // RFC 9051 §9: zone = ("+" / "-") 4DIGIT.
    if zone.len() != 5 || !zone.bytes().skip(1).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let zh: i64 = zone.get(1..3)?.parse().ok()?;
    let zm: i64 = zone.get(3..5)?.parse().ok()?;
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + h * 3600 + mi * 60 + se - sign * (zh * 3600 + zm * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        assert_eq!(
            format_date_time(1_793_667_600),
            "03-Nov-2026 08:00:00 +0700"
        );
        assert_eq!(
            parse_date_time("03-Nov-2026 08:00:00 +0700"),
            Some(1_793_667_600)
        );
        assert_eq!(
            parse_date_time(" 3-Nov-2026 01:00:00 +0000"),
            Some(1_793_667_600)
        );
        assert_eq!(parse_date_time("3-Foo-2026 01:00:00 +0000"), None);
        assert_eq!(
            parse_date("3-Nov-2026"),
            Some(storage::vn_day(1_793_667_600))
        );
        assert_eq!(parse_date("32-Nov-2026"), None);
    }

    /// A year of any length overflowed the day arithmetic (found by the imap_search fuzz
    /// target): RFC 9051 dates have four-digit years, four-digit zones.
    #[test]
    fn years_and_zones_have_four_digits() {
        assert_eq!(parse_date("1-Jun-99999999999999999"), None);
        assert_eq!(parse_date("1-Jun-+999"), None);
        assert_eq!(parse_date("1-Jun-26"), None);
        assert_eq!(
            parse_date_time("1-Jun-99999999999999999 00:00:00 +0000"),
            None
        );
        assert_eq!(parse_date_time("1-Jun-2026 00:00:00 +99999999999"), None);
        assert_eq!(parse_date_time("1-Jun-2026 00:00:00 +07"), None);
        assert!(parse_date_time("1-Jun-2026 00:00:00 -0330").is_some());
    }
}
