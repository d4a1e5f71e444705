//! What usage counting costs the event that is counted (issue 6: "recording must not slow
//! logins or deliveries measurably"): `cargo bench -p storage --bench counting`.
//!
//! A login or delivery calls `Store::count`, which adds to an in-memory table; the flusher
//! writes the table once a second in one transaction. This measures the call (1 and 2
//! threads) and the flush of a busy second (10,000 accounts × 3 counters), to set beside a
//! delivery (~0.7 ms at 1,400/s) or an IMAP login (~25 ms of argon2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use storage::{AccountKind, NewAccount, OpenMode, Quota, Store, UsageCounter};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("bench.gov.vn").unwrap();
    store.add_agency("UBND", "Ủy ban", None, None).unwrap();
    let accounts: Vec<NewAccount> = (0..10_000)
        .map(|i| NewAccount {
            address: format!("u{i}@bench.gov.vn"),
            display_name: format!("Người dùng {i}"),
            agency_code: "UBND".into(),
            kind: AccountKind::Personal,
            password_hash: "x".into(),
            quota: Quota::default(),
        })
        .collect();
    store.create_accounts(accounts).unwrap();
    let ids: Vec<i64> = (1..=10_000).collect();
    let calls = 1_000_000;
    for threads in [1usize, 2] {
        let start = Instant::now();
        std::thread::scope(|s| {
            for t in 0..threads {
                let (store, ids) = (&store, &ids);
                s.spawn(move || {
                    for i in 0..calls / threads {
                        store.count(ids[(i * 7 + t) % ids.len()], UsageCounter::Received, 1);
                    }
                });
            }
        });
        let ns = start.elapsed().as_nanos() as f64 / calls as f64;
        println!("Store::count, {threads} thread(s): {ns:.0} ns per call");
        store.flush_usage().unwrap();
    }
    for (i, id) in ids.iter().enumerate() {
        store.count(*id, UsageCounter::LoginImap, 1);
        store.count(*id, UsageCounter::Received, i as u64 % 5 + 1);
        store.count(*id, UsageCounter::Sent, 1);
    }
    let start = Instant::now();
    store.flush_usage().unwrap();
    println!(
        "flush of 30,000 counters (10,000 accounts): {:.1} ms, once a second on the writer",
        start.elapsed().as_secs_f64() * 1e3
    );
    store.shutdown();
}
