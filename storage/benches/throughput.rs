//! Storage benchmarks (a command, not a timed test):
//!
//!   cargo bench -p storage --bench throughput
//!
//! 1. append: messages/s delivered into 1,000 mailboxes by 10 concurrent writers;
//! 2. fan-out: one 100 KB message delivered to 3,000 mailboxes in one call — seconds, and
//!    bytes this process wrote to disk (single instance: about one copy).
//!
//! Durability is the production setting: every delivery returns after its commit and the
//! blob's fsync. Set GOVMAIL_BENCH_DIR to run on a particular disk.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Instant;

use storage::{AccountKind, DeliveryTarget, MessageMeta, NewAccount, OpenMode, Quota, Store};

fn main() {
    let base = std::env::var_os("GOVMAIL_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = match &base {
        Some(b) => tempfile::tempdir_in(b).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    append(dir.path().join("append").as_path());
    fan_out(dir.path().join("fanout").as_path());
}

fn setup(path: &std::path::Path, accounts: usize) -> (Store, Vec<i64>) {
    let store = Store::open(path, OpenMode::CreateIfMissing).unwrap();
    store.add_domain("bench.gov.vn").unwrap();
    store.add_agency("BENCH", "Đơn vị đo", None, None).unwrap();
    let hash = storage::password::hash_generated("x").unwrap();
    let created = store
        .create_accounts(
            (0..accounts)
                .map(|i| NewAccount {
                    address: format!("user{i}@bench.gov.vn"),
                    display_name: format!("Người dùng {i}"),
                    agency_code: "BENCH".into(),
                    kind: AccountKind::Personal,
                    password_hash: hash.clone(),
                    quota: Quota::default(),
                })
                .collect(),
        )
        .unwrap();
    (store, created.into_iter().map(|a| a.id).collect())
}

fn message(n: usize, size: usize) -> Arc<[u8]> {
    let mut m = format!(
        "From: a@bench.gov.vn\r\nTo: b@bench.gov.vn\r\nSubject: Báo cáo số {n}\r\n\
         Message-ID: <{n}@bench.gov.vn>\r\n\r\n"
    )
    .into_bytes();
    let line = b"Noi dung bao cao tuan, kinh gui cac don vi de biet va thuc hien.\r\n";
    while m.len() < size {
        m.extend_from_slice(line);
    }
    m.truncate(size);
    m.into()
}

fn append(path: &std::path::Path) {
    const WRITERS: usize = 10;
    const PER_WRITER: usize = 500;
    let (store, accounts) = setup(path, 1000);
    let start = Instant::now();
    std::thread::scope(|s| {
        for w in 0..WRITERS {
            let store = store.clone();
            let accounts = &accounts;
            s.spawn(move || {
                for i in 0..PER_WRITER {
                    let n = w * PER_WRITER + i;
                    let raw = message(n, 4096);
                    let meta = MessageMeta::parse(&raw);
                    let target = DeliveryTarget::inbox(accounts[n % accounts.len()]);
                    store
                        .deliver(raw, meta, storage::now(), vec![target])
                        .unwrap();
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let total = WRITERS * PER_WRITER;
    println!(
        "RESULT storage_append writers={WRITERS} mailboxes=1000 messages={total} size=4096 \
         seconds={secs:.2} rate={:.0}/s",
        total as f64 / secs
    );
    assert!(store.check(false, false).unwrap().is_clean());
}

/// Bytes this process has caused to be written to the storage layer (Linux /proc/self/io).
fn written_bytes() -> Option<u64> {
    let io = std::fs::read_to_string("/proc/self/io").ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("write_bytes: "))
        .and_then(|v| v.trim().parse().ok())
}

fn fan_out(path: &std::path::Path) {
    const RECIPIENTS: usize = 3000;
    let (store, accounts) = setup(path, RECIPIENTS);
    // Flush setup writes so they are not counted.
    store.check(false, false).unwrap();
    let raw = message(1, 100 * 1024);
    let meta = MessageMeta::parse(&raw);
    let targets = accounts.iter().map(|&a| DeliveryTarget::inbox(a)).collect();
    let before = written_bytes();
    let start = Instant::now();
    let delivered = store
        .deliver(raw.clone(), meta, storage::now(), targets)
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let after = written_bytes();
    assert_eq!(delivered.len(), RECIPIENTS);
    let report = store.check(false, false).unwrap();
    assert!(report.is_clean());
    // Bytes sent to disk during the call: the message blob once, plus SQLite's WAL pages for
    // 3,000 message rows and their mailbox/quota counters (metadata, not message copies).
    let written = before.zip(after).map(|(b, a)| a - b);
    println!(
        "RESULT storage_fanout recipients={RECIPIENTS} size={} seconds={secs:.3} \
         bytes_written={} blob_files={} blob_bytes={} metadata_bytes={}",
        raw.len(),
        written.map_or("unknown".into(), |w| w.to_string()),
        report.blob_files,
        report.blob_bytes,
        written.map_or("unknown".into(), |w| w
            .saturating_sub(report.blob_bytes)
            .to_string()),
    );
    assert_eq!(report.blob_files, 1);
}
