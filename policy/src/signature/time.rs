//! Times of signatures: a PDF date (`/M`, ISO 32000-1 §7.9.4) read into Unix seconds, and Unix
//! seconds written as RFC 3339 UTC for the header.

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `D:YYYYMMDDHHmmSSOHH'mm'` (every part after the year optional; `O` is `+`, `-` or `Z`) as
/// Unix seconds. Without an offset the time is taken as UTC. None when it does not read.
pub(super) fn pdf_date(s: &[u8]) -> Option<i64> {
    let s = s.strip_prefix(b"D:").unwrap_or(s);
    let digits = |from: usize, len: usize, default: i64| -> Option<i64> {
        match s.get(from..from + len) {
            Some(d) if d.iter().all(u8::is_ascii_digit) => {
                Some(d.iter().fold(0i64, |v, &c| v * 10 + i64::from(c - b'0')))
            }
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = digits(0, 4, -1).filter(|&y| y >= 0)?;
    // Stop reading numbers at the offset sign.
    let numeric = s.iter().take_while(|b| b.is_ascii_digit()).count();
    let field = |from: usize, default: i64| -> Option<i64> {
        if from >= numeric {
            Some(default)
        } else {
            digits(from, 2, default)
        }
    };
    let (month, day) = (field(4, 1)?, field(6, 1)?);
    let (hour, minute, second) = (field(8, 0)?, field(10, 0)?, field(12, 0)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let mut offset = 0;
    if let Some(&sign @ (b'+' | b'-')) = s.get(numeric) {
        let rest = &s[numeric + 1..];
        let two = |i: usize| -> i64 {
            rest.get(i..i + 2)
                .filter(|d| d.iter().all(u8::is_ascii_digit))
                .map_or(0, |d| i64::from(d[0] - b'0') * 10 + i64::from(d[1] - b'0'))
        };
        let minutes = two(0).min(23) * 60 + two(3).min(59);
        offset = if sign == b'+' { minutes } else { -minutes } * 60;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset)
}

/// Unix seconds as `2026-12-07T01:40:21Z`.
pub(super) fn rfc3339(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_with_and_without_offsets() {
        // 2020-03-05 10:00:00 at +07:00 is 03:00:00 UTC.
        assert_eq!(pdf_date(b"D:20200305100000+07'00'"), Some(1_583_377_200));
        assert_eq!(pdf_date(b"D:20200305030000Z"), Some(1_583_377_200));
        assert_eq!(pdf_date(b"D:20200305030000"), Some(1_583_377_200));
        assert_eq!(pdf_date(b"D:20200305"), Some(1_583_366_400));
        assert_eq!(pdf_date(b"D:2020"), Some(1_577_836_800));
        assert_eq!(pdf_date(b"D:20201305"), None);
        assert_eq!(pdf_date(b"garbage"), None);
        assert_eq!(pdf_date(b""), None);
    }

    #[test]
    fn rfc3339_round_trip() {
        assert_eq!(rfc3339(1_583_377_200), "2020-03-05T03:00:00Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        for t in [0, 951_782_400, 1_583_377_200, 4_102_444_799] {
            let s = rfc3339(t);
            let pdf = format!("D:{}Z", s.replace(['-', ':', 'T', 'Z'], ""));
            assert_eq!(pdf_date(pdf.as_bytes()), Some(t), "{s}");
        }
    }
}
