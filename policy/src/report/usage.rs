//! The usage report per agency (báo cáo tình hình sử dụng thư điện tử công vụ): who has an
//! official address, who uses it regularly, which documents went by e-mail. Computed from the
//! per-day counters and the exchange register, rolled up the agency tree: every row has the
//! agency's own figures and its subtree's (an agency's headcount is its own staff only, so a
//! subtree's headcount is the sum over the subtree).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use storage::{Account, AccountActivity, AccountKind, AccountStatus, Agency, DocumentEntry};

use super::period::Period;

/// "Regular use" has no national definition: it is configuration (`[report]`).
#[derive(Debug, Clone, Copy)]
pub struct RegularRule {
    /// Active (logged in or sent mail) in at least this share of the period's weeks.
    pub weeks_percent: u8,
    /// The province's target share of regular users.
    pub target_percent: u8,
}

impl RegularRule {
    pub fn describe(&self) -> String {
        format!(
            "regular use: active (logged in or sent mail) in at least {}% of the weeks of the \
             period (sử dụng thường xuyên: hoạt động ít nhất {}% số tuần)",
            self.weeks_percent, self.weeks_percent
        )
    }

    /// The rule in Vietnamese, for the HTML and CSV reports.
    pub fn describe_vi(&self) -> String {
        format!(
            "sử dụng thường xuyên: có hoạt động (đăng nhập hoặc gửi thư) trong ít nhất {}% số \
             tuần của kỳ báo cáo; kỳ chưa kết thúc chỉ tính các tuần đã qua",
            self.weeks_percent
        )
    }
}

/// One agency's figures (own or subtree).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Figures {
    pub headcount: Option<u64>,
    pub issued: u64,
    pub issued_share: Option<f64>,
    pub active: u64,
    pub regular: u64,
    pub regular_share: Option<f64>,
    pub sent: u64,
    pub received: u64,
    pub official_sent: u64,
    pub official_received: u64,
    pub mandatory_sent: BTreeMap<String, u64>,
    pub secret_refused: u64,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.headcount = match (self.headcount, other.headcount) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        self.issued += other.issued;
        self.active += other.active;
        self.regular += other.regular;
        self.sent += other.sent;
        self.received += other.received;
        self.official_sent += other.official_sent;
        self.official_received += other.official_received;
        for (k, v) in &other.mandatory_sent {
            *self.mandatory_sent.entry(k.clone()).or_insert(0) += v;
        }
        self.secret_refused += other.secret_refused;
    }

    fn shares(&mut self) {
        let share = |n: u64| {
            self.headcount
                .filter(|&h| h > 0)
                .map(|h| n as f64 / h as f64)
        };
        self.issued_share = share(self.issued);
        self.regular_share = share(self.regular);
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub agency: String,
    pub name: String,
    pub parent: Option<String>,
    #[serde(skip)]
    pub depth: usize,
    pub own: Figures,
    pub subtree: Figures,
}

/// Computes the report for `agencies` (in tree order) over `period`. `activity` is every
/// account's use from day `origin` on (its day bits count from there): the report's own
/// period, or a longer one that contains it (the monthly trend reuses the year's activity;
/// its totals are then the longer period's, and only the regular-use figures are meant).
pub fn compute(
    agencies: &[Agency],
    accounts: &[Account],
    activity: &[AccountActivity],
    origin: i64,
    documents: &[DocumentEntry],
    period: Period,
    rule: RegularRule,
) -> Vec<Row> {
    let days = period.to - period.from + 1;
    let weeks = (days as u64).div_ceil(7).max(1);
    let period_end = (period.to + 1) * 86_400 - storage::VIETNAM_UTC_OFFSET_SECS;
    // Personal accounts that existed during the period: the addresses issued.
    let issued: Vec<&Account> = accounts
        .iter()
        .filter(|a| {
            a.kind == AccountKind::Personal
                && a.status != AccountStatus::Removed
                && a.created_at < period_end
        })
        .collect();
    let agency_of: HashMap<i64, &str> =
        accounts.iter().map(|a| (a.id, a.agency.as_str())).collect();
    let personal: HashSet<i64> = issued.iter().map(|a| a.id).collect();
    // Weeks in which each personal account was active; totals per agency.
    let mut active_weeks: HashMap<i64, u64> = HashMap::new();
    let mut own: HashMap<&str, Figures> = HashMap::new();
    for a in activity {
        let Some(code) = agency_of.get(&a.account).copied() else {
            continue;
        };
        let f = own.entry(code).or_default();
        let t = &a.totals;
        f.sent += t.sent;
        f.received += t.received;
        f.official_sent += t.official_sent;
        f.official_received += t.official_received;
        f.secret_refused += t.secret_refused;
        if personal.contains(&a.account) {
            let n = a.active_weeks(period.from - origin, days);
            if n > 0 {
                active_weeks.insert(a.account, n);
            }
        }
    }
    for a in &issued {
        let f = own.entry(a.agency.as_str()).or_default();
        f.issued += 1;
        if let Some(&w) = active_weeks.get(&a.id) {
            f.active += 1;
            if w * 100 >= u64::from(rule.weeks_percent) * weeks {
                f.regular += 1;
            }
        }
    }
    let code_of: HashMap<i64, &str> = agencies.iter().map(|a| (a.id, a.code.as_str())).collect();
    for d in documents {
        if d.direction == "sent"
            && d.mandatory
            && let Some(code) = d.sender_agency.and_then(|a| code_of.get(&a).copied())
            && let Some(t) = &d.doc_type
        {
            *own.entry(code)
                .or_default()
                .mandatory_sent
                .entry(t.clone())
                .or_insert(0) += 1;
        }
    }
    // Own figures with headcounts, then subtrees bottom-up (tree order reversed).
    let mut rows: Vec<Row> = agencies
        .iter()
        .map(|a| {
            let mut f = own.get(a.code.as_str()).cloned().unwrap_or_default();
            f.headcount = a.headcount.map(u64::from);
            f.shares();
            Row {
                agency: a.code.clone(),
                name: a.name.clone(),
                parent: a.parent.clone(),
                depth: 0,
                subtree: f.clone(),
                own: f,
            }
        })
        .collect();
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.agency.clone(), i))
        .collect();
    for i in (0..rows.len()).rev() {
        if let Some(p) = rows[i].parent.as_ref().and_then(|p| index.get(p)).copied() {
            let child = rows[i].subtree.clone();
            rows[p].subtree.add(&child);
        }
    }
    for i in 0..rows.len() {
        rows[i].subtree.shares();
        rows[i].depth = rows[i]
            .parent
            .as_ref()
            .and_then(|p| index.get(p))
            .map_or(0, |&p| rows[p].depth + 1);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(id: i64, code: &str, parent: Option<&str>, headcount: Option<u32>) -> Agency {
        Agency {
            id,
            code: code.into(),
            name: format!("Cơ quan {code}"),
            parent: parent.map(str::to_string),
            headcount,
            accounts: 0,
            children: 0,
        }
    }

    fn account(id: i64, agency: &str, kind: AccountKind) -> Account {
        Account {
            id,
            address: format!("u{id}@x.gov.vn"),
            display_name: "Người dùng".into(),
            agency: agency.into(),
            kind,
            status: AccountStatus::Active,
            quota: storage::Quota::default(),
            used_bytes: 0,
            used_messages: 0,
            created_at: 0,
        }
    }

    /// An account active on `days` of a 28-day period, which sent `sent` and received 2
    /// messages a day on each of them.
    fn activity(account: i64, days: &[i64], sent: u64) -> AccountActivity {
        let mut a = AccountActivity::new(account, 28);
        for &d in days {
            a.mark_active(d);
        }
        a.totals.sent = sent;
        a.totals.received = 2 * days.len() as u64;
        a
    }

    #[test]
    fn regular_users_roll_up_the_tree() {
        let agencies = [
            agency(1, "UBND", None, Some(10)),
            agency(2, "STTTT", Some("UBND"), Some(4)),
            agency(3, "XA", Some("UBND"), None),
        ];
        let accounts = [
            account(1, "STTTT", AccountKind::Personal),
            account(2, "STTTT", AccountKind::Personal),
            account(3, "STTTT", AccountKind::Unit),
            account(4, "XA", AccountKind::Personal),
        ];
        // Four weeks (28 days from day 0). Account 1: active every week; account 2: only in
        // week 1 (sends once); account 4: 3 of 4 weeks (75%: regular).
        let period = Period { from: 0, to: 27 };
        let usage = [
            activity(1, &[1, 8, 15, 22], 0),
            activity(2, &[3], 1),
            activity(4, &[2, 9, 23], 0),
        ];
        let rows = compute(
            &agencies,
            &accounts,
            &usage,
            0,
            &[],
            period,
            RegularRule {
                weeks_percent: 75,
                target_percent: 85,
            },
        );
        let st = &rows[1];
        assert_eq!((st.own.issued, st.own.active, st.own.regular), (2, 2, 1));
        assert_eq!(st.own.issued_share, Some(0.5));
        assert_eq!(st.own.regular_share, Some(0.25));
        let xa = &rows[2];
        assert_eq!(
            (xa.own.regular, xa.own.regular_share),
            (1, None),
            "no headcount"
        );
        let root = &rows[0];
        assert_eq!(root.own.issued, 0);
        assert_eq!(root.subtree.headcount, Some(14));
        assert_eq!((root.subtree.issued, root.subtree.regular), (3, 2));
        assert_eq!(root.subtree.sent, 1);
        assert_eq!(root.subtree.received, 2 * 8);
        assert_eq!((root.depth, st.depth), (0, 1));
    }
}
