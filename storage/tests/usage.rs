//! Usage counters for reports: the monthly roll-up must give exactly what the daily counters
//! give, for any period, whole months or not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;

use storage::{AccountKind, NewAccount, Quota, Store, UsageCounter, UsageTotals};

fn store_with_accounts(n: usize) -> (tempfile::TempDir, Store, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let store = common::open_backend(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("UBND", "Ủy ban nhân dân", None, None)
        .unwrap();
    let ids = (0..n)
        .map(|i| {
            store
                .create_account(NewAccount {
                    address: format!("user{i}@demo.gov.vn"),
                    display_name: format!("Người dùng {i}"),
                    agency_code: "UBND".into(),
                    kind: AccountKind::Personal,
                    password_hash: storage::password::hash_generated("x").unwrap(),
                    quota: Quota::default(),
                })
                .unwrap()
                .id
        })
        .collect();
    (dir, store, ids)
}

/// A small deterministic generator (no dependency for one test).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

const COUNTERS: [UsageCounter; 9] = [
    UsageCounter::LoginImap,
    UsageCounter::LoginPop3,
    UsageCounter::LoginSmtp,
    UsageCounter::LoginSieve,
    UsageCounter::Sent,
    UsageCounter::Received,
    UsageCounter::OfficialSent,
    UsageCounter::OfficialReceived,
    UsageCounter::SecretRefused,
];

fn add(t: &mut UsageTotals, c: UsageCounter, n: u64) {
    match c {
        UsageCounter::LoginImap => t.logins_imap += n,
        UsageCounter::LoginPop3 => t.logins_pop3 += n,
        UsageCounter::LoginSmtp => t.logins_smtp += n,
        UsageCounter::LoginSieve => t.logins_sieve += n,
        UsageCounter::Sent => t.sent += n,
        UsageCounter::Received => t.received += n,
        UsageCounter::OfficialSent => t.official_sent += n,
        UsageCounter::OfficialReceived => t.official_received += n,
        UsageCounter::SecretRefused => t.secret_refused += n,
    }
}

#[test]
fn activity_from_monthly_totals_equals_the_daily_counters_for_any_period() {
    let (_dir, store, ids) = store_with_accounts(4);
    // 2025-12-01 .. 2026-03-31: across a year end, February, 31- and 30-day months.
    let start = storage::days_from_civil(2025, 12, 1);
    let end = storage::days_from_civil(2026, 3, 31);
    let mut rng = Lcg(2026);
    // What was counted, day by day: the reference.
    let mut truth: BTreeMap<(i64, i64), UsageTotals> = BTreeMap::new();
    for day in start..=end {
        let mut counts = Vec::new();
        for &id in &ids {
            if rng.next(3) == 0 {
                continue;
            }
            let c = COUNTERS[rng.next(9) as usize];
            let n = 1 + rng.next(4);
            add(truth.entry((id, day)).or_default(), c, n);
            counts.push((id, c, n));
        }
        store.add_usage(day, counts).unwrap();
    }
    let mut periods = vec![
        (start, end),
        (
            storage::days_from_civil(2026, 1, 1),
            storage::days_from_civil(2026, 1, 31),
        ),
        (
            storage::days_from_civil(2026, 2, 1),
            storage::days_from_civil(2026, 2, 28),
        ),
        (
            storage::days_from_civil(2025, 12, 15),
            storage::days_from_civil(2026, 2, 3),
        ),
        (
            storage::days_from_civil(2026, 2, 10),
            storage::days_from_civil(2026, 2, 20),
        ),
        (start - 40, start + 3),
        (end, end),
    ];
    for _ in 0..40 {
        let a = start + rng.next(121) as i64;
        let b = a + rng.next(121) as i64;
        periods.push((a, b));
    }
    for (from, to) in periods {
        let got = store.usage_activity(from, to).unwrap();
        for &id in &ids {
            let mut want = UsageTotals::default();
            let mut want_days = Vec::new();
            for day in from..=to {
                if let Some(t) = truth.get(&(id, day)) {
                    want.add(t);
                    if t.active() {
                        want_days.push(day - from);
                    }
                }
            }
            let mine = got.iter().find(|a| a.account == id);
            let Some(mine) = mine else {
                assert_eq!(want, UsageTotals::default(), "{id} {from}..{to}");
                continue;
            };
            assert_eq!(mine.totals, want, "account {id}, days {from}..{to}");
            let days: Vec<i64> = (0..=to - from).filter(|&d| mine.active_on(d)).collect();
            assert_eq!(days, want_days, "account {id}, days {from}..{to}");
            // Weeks from the period's first day: each 7-day block with any active day.
            let weeks = want_days
                .iter()
                .map(|d| d / 7)
                .collect::<std::collections::BTreeSet<_>>()
                .len() as u64;
            assert_eq!(mine.active_weeks(0, to - from + 1), weeks);
        }
    }
}

#[test]
fn counts_made_while_running_reach_the_monthly_totals() {
    let (_dir, store, ids) = store_with_accounts(1);
    store.count(ids[0], UsageCounter::LoginImap, 1);
    store.count(ids[0], UsageCounter::Received, 3);
    store.flush_usage().unwrap();
    let today = storage::vn_day(storage::now());
    let t = storage::VnTime::from_unix(storage::now());
    let month_start = storage::days_from_civil(t.year, t.month, 1);
    let month_end = if t.month == 12 {
        storage::days_from_civil(t.year + 1, 1, 1)
    } else {
        storage::days_from_civil(t.year, t.month + 1, 1)
    } - 1;
    // A whole month is read from usage_monthly.
    let got = store.usage_activity(month_start, month_end).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].totals.logins_imap, got[0].totals.received), (1, 3));
    assert!(got[0].active_on(today - month_start));
    assert_eq!(got[0].active_weeks(0, month_end - month_start + 1), 1);
}

/// Whole months read from the monthly totals and the edges from the days give each
/// account's counts; a day with only mail received is not an active day; the days are
/// listed by account, then day.
#[test]
fn activity_over_months_and_the_days_of_a_month() {
    let (_dir, store, ids) = store_with_accounts(2);
    let (an, binh) = (ids[0], ids[1]);
    let d = storage::days_from_civil;
    store
        .add_usage(d(2026, 1, 31), vec![(an, UsageCounter::LoginPop3, 1)])
        .unwrap();
    store
        .add_usage(d(2026, 2, 1), vec![(an, UsageCounter::Received, 4)])
        .unwrap();
    store
        .add_usage(
            d(2026, 2, 15),
            vec![
                (an, UsageCounter::Sent, 1),
                (binh, UsageCounter::LoginSmtp, 2),
            ],
        )
        .unwrap();
    store
        .add_usage(d(2026, 3, 1), vec![(binh, UsageCounter::OfficialSent, 1)])
        .unwrap();
    let from = d(2026, 1, 31);
    let all = store.usage_activity(from, d(2026, 3, 1)).unwrap();
    assert_eq!(all.len(), 2);
    let (a, b) = (&all[0], &all[1]);
    assert_eq!(a.account, an);
    assert_eq!(
        (a.totals.logins_pop3, a.totals.received, a.totals.sent),
        (1, 4, 1)
    );
    assert!(a.active_on(0));
    assert!(
        !a.active_on(1),
        "receiving alone does not make a day active"
    );
    assert!(a.active_on(d(2026, 2, 15) - from));
    assert_eq!((b.totals.logins_smtp, b.totals.official_sent), (2, 1));
    assert!(!b.active_on(d(2026, 3, 1) - from));
    let days = store.usage_between(d(2026, 2, 1), d(2026, 2, 28)).unwrap();
    let seen: Vec<_> = days.iter().map(|u| (u.account, u.day)).collect();
    assert_eq!(
        seen,
        [
            (an, d(2026, 2, 1)),
            (an, d(2026, 2, 15)),
            (binh, d(2026, 2, 15))
        ]
    );
    assert!(store.usage_activity(5, 4).unwrap().is_empty());
}
