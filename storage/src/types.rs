//! Identifiers and small value types shared by the storage API.

use serde::Serialize;

pub type DomainId = i64;
pub type AgencyId = i64;
pub type AccountId = i64;
pub type MailboxId = i64;

/// Current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Vietnam has used UTC+7 all year since 1975 (no daylight saving time).
pub const VIETNAM_UTC_OFFSET_SECS: i64 = 7 * 3600;

/// The day (days since 1970-01-01, Vietnam time) that a Unix time falls on: the unit of the
/// usage counters, so that "active on 3 October" means Hà Nội's 3 October.
pub fn vn_day(unix_secs: i64) -> i64 {
    (unix_secs + VIETNAM_UTC_OFFSET_SECS).div_euclid(86_400)
}

/// English month abbreviations, as RFC 5322 and IMAP dates write them.
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The month (1 to 12) of an abbreviation, case-insensitive.
pub fn month_from_abbreviation(name: &str) -> Option<u32> {
    MONTH_ABBREVIATIONS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as u32 + 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), the
/// inverse of the calendar part of `VnTime::from_unix`.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// A Unix time as a Vietnam-time calendar date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VnTime {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 = Sunday … 6 = Saturday.
    pub weekday: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl VnTime {
    /// Converts with the civil-from-days algorithm (H. Hinnant), proleptic Gregorian.
    pub fn from_unix(unix_secs: i64) -> VnTime {
        let local = unix_secs + VIETNAM_UTC_OFFSET_SECS;
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        VnTime {
            year: yoe + era * 400 + i64::from(month <= 2),
            month,
            day,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
            second: (secs % 60) as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountKind {
    /// A civil servant's own address.
    Personal,
    /// An agency's official mailbox (e.g. vanthu@), readable by several people.
    Unit,
}

impl AccountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Personal => "personal",
            AccountKind::Unit => "unit",
        }
    }

    pub(crate) fn parse(s: &str) -> AccountKind {
        if s == "unit" {
            AccountKind::Unit
        } else {
            AccountKind::Personal
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountStatus {
    Active,
    /// Cannot log in or receive mail; mail kept.
    Suspended,
    /// Removed by the administrator; mail kept until purged.
    Removed,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Removed => "removed",
        }
    }

    pub(crate) fn parse(s: &str) -> AccountStatus {
        match s {
            "suspended" => AccountStatus::Suspended,
            "removed" => AccountStatus::Removed,
            _ => AccountStatus::Active,
        }
    }
}

/// A quota: `None` in a field means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Quota {
    pub bytes: Option<u64>,
    pub messages: Option<u64>,
}

/// An account's quota and what it uses now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QuotaUsage {
    pub limit: Quota,
    pub used_bytes: u64,
    pub used_messages: u64,
}

impl QuotaUsage {
    /// Would adding `bytes` in one more message exceed the quota?
    pub fn would_exceed(&self, bytes: u64, messages: u64) -> Option<String> {
        if let Some(limit) = self.limit.bytes
            && self.used_bytes.saturating_add(bytes) > limit
        {
            return Some(format!(
                "{} bytes used + {} > {} bytes allowed",
                self.used_bytes, bytes, limit
            ));
        }
        if let Some(limit) = self.limit.messages
            && self.used_messages.saturating_add(messages) > limit
        {
            return Some(format!(
                "{} messages stored + {} > {} allowed",
                self.used_messages, messages, limit
            ));
        }
        None
    }
}
