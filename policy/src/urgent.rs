//! Deadlines for reading urgent documents (issue 22 item 3). Nghị định 30/2020/NĐ-CP asks
//! that urgent documents (Hỏa tốc, Thượng khẩn, Khẩn) be registered, passed on and handled
//! immediately (Điều 4.2c, 23.1, 24.2). Each level has a time to be read, counted in working
//! time ([`WorkingCalendar`]): when it passes unread, the recipient is reminded; when the same
//! time passes again, the unit's văn thư and the sender are told.
//!
//! Pure: the clock is an argument.

use crate::document::Urgency;
use crate::working_time::WorkingCalendar;

/// The time each urgency level has to be read, and the calendar it is counted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgentRules {
    /// Seconds of working time for a Hỏa tốc document (default 30 minutes).
    pub hoa_toc: u64,
    /// For Thượng khẩn (default 2 hours).
    pub thuong_khan: u64,
    /// For Khẩn (default 4 hours).
    pub khan: u64,
    pub calendar: WorkingCalendar,
}

impl Default for UrgentRules {
    fn default() -> Self {
        UrgentRules {
            hoa_toc: 30 * 60,
            thuong_khan: 2 * 3600,
            khan: 4 * 3600,
            calendar: WorkingCalendar::default(),
        }
    }
}

/// When an unread urgent document is followed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The recipient is reminded (and the message flagged) at this time.
    pub remind_at: i64,
    /// The unit's văn thư and the sender are told at this time.
    pub escalate_at: i64,
}

impl UrgentRules {
    /// The time to be read of `urgency`, in seconds of working time.
    pub fn time_to_read(&self, urgency: Urgency) -> u64 {
        match urgency {
            Urgency::HoaToc => self.hoa_toc,
            Urgency::ThuongKhan => self.thuong_khan,
            Urgency::Khan => self.khan,
        }
    }

    /// The deadlines of a document of `urgency` delivered at `delivered_at` (Unix seconds);
    /// None when the calendar has no working time ahead.
    pub fn deadlines(&self, urgency: Urgency, delivered_at: i64) -> Option<Deadlines> {
        let time = self.time_to_read(urgency);
        let remind_at = self.calendar.add(delivered_at, time)?;
        let escalate_at = self.calendar.add(remind_at, time)?;
        Some(Deadlines {
            remind_at,
            escalate_at,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn vn(y: i64, mo: u32, d: u32, h: i64, mi: i64) -> i64 {
        storage::days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 - 7 * 3600
    }

    #[test]
    fn each_level_has_its_time_counted_in_working_hours() {
        let rules = UrgentRules::default();
        // Monday 7 December 2026, 10:00.
        let at = vn(2026, 12, 7, 10, 0);
        let d = rules.deadlines(Urgency::HoaToc, at).unwrap();
        assert_eq!(
            (d.remind_at, d.escalate_at),
            (vn(2026, 12, 7, 10, 30), vn(2026, 12, 7, 11, 0))
        );
        // Thượng khẩn: 2 h from 10:00 crosses the lunch break.
        let d = rules.deadlines(Urgency::ThuongKhan, at).unwrap();
        assert_eq!(d.remind_at, vn(2026, 12, 7, 14, 0));
        assert_eq!(d.escalate_at, vn(2026, 12, 7, 16, 0));
        // Khẩn received on Friday 16:00: reminded on Monday, escalated on Monday afternoon.
        let d = rules
            .deadlines(Urgency::Khan, vn(2026, 12, 11, 16, 0))
            .unwrap();
        assert_eq!(d.remind_at, vn(2026, 12, 14, 10, 30));
        assert_eq!(d.escalate_at, vn(2026, 12, 14, 16, 30));
    }

    #[test]
    fn no_working_time_no_deadline() {
        let rules = UrgentRules {
            calendar: WorkingCalendar::new(&[], &[], &[], &[]).unwrap(),
            ..UrgentRules::default()
        };
        assert_eq!(rules.deadlines(Urgency::Khan, vn(2026, 12, 7, 9, 0)), None);
    }
}
