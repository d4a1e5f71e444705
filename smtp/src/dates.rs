//! Dates the server writes into mail, all in Vietnam time (UTC+7, no daylight saving): the
//! RFC 5322 §3.3 `date-time` of `Date:` and `Received:` fields, and the human-readable forms
//! of notices. A leaf: it uses only `storage`'s calendar.

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Formats a time as an RFC 5322 date in Vietnam time (`Sat, 21 Nov 2026 17:05:00 +0700`).
pub fn rfc5322_date(unix: i64) -> String {
    let t = storage::VnTime::from_unix(unix);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0700",
        DAYS[t.weekday as usize],
        t.day,
        storage::MONTH_ABBREVIATIONS[(t.month as usize).clamp(1, 12) - 1],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

/// "08:00:00 ngày 03/11/2026 (giờ Việt Nam, UTC+7)"
pub fn human_date_vi(unix: i64) -> String {
    let t = storage::VnTime::from_unix(unix);
    format!(
        "{:02}:{:02}:{:02} ngày {:02}/{:02}/{:04} (giờ Việt Nam, UTC+7)",
        t.hour, t.minute, t.second, t.day, t.month, t.year
    )
}

/// "03 Nov 2026 08:00:00 (Vietnam time, UTC+7)"
pub fn human_date_en(unix: i64) -> String {
    let t = storage::VnTime::from_unix(unix);
    format!(
        "{:02} {} {:04} {:02}:{:02}:{:02} (Vietnam time, UTC+7)",
        t.day,
        storage::MONTH_ABBREVIATIONS[(t.month as usize).clamp(1, 12) - 1],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc5322_in_vietnam_time() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 07:00:00 +0700");
        assert_eq!(
            rfc5322_date(1_793_667_600),
            "Tue, 03 Nov 2026 08:00:00 +0700"
        );
    }
}
