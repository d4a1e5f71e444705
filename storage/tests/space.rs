//! Disk space: the reserve kept free on the data directory's file system, and the WAL kept
//! small when space runs low.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use storage::{
    AccountKind, DeliveryTarget, Flags, MessageMeta, NewAccount, NewQueueEntry, NewQueueRecipient,
    Notify, OpenMode, Quota, StorageError, Store,
};

const GIB: u64 = 1024 * 1024 * 1024;

fn setup(dir: &Path, accounts: usize) -> (Store, Vec<i64>) {
    let store = Store::open(dir, OpenMode::CreateIfMissing).unwrap();
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
        .unwrap();
    let hash = storage::password::hash_generated("x").unwrap();
    let created = store
        .create_accounts(
            (0..accounts)
                .map(|i| NewAccount {
                    address: format!("user{i}@demo.gov.vn"),
                    display_name: format!("Người dùng {i}"),
                    agency_code: "STTTT".into(),
                    kind: AccountKind::Personal,
                    password_hash: hash.clone(),
                    quota: Quota::default(),
                })
                .collect(),
        )
        .unwrap();
    (store, created.into_iter().map(|a| a.id).collect())
}

const WORDS: &[&str] = &[
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "Sở",
    "Thông",
    "tin",
    "và",
    "Truyền",
    "thông",
    "kính",
    "gửi",
    "các",
    "đơn",
    "vị",
    "trực",
    "thuộc",
    "về",
    "việc",
    "triển",
    "khai",
    "kế",
    "hoạch",
    "chuyển",
    "đổi",
    "số",
    "năm",
    "báo",
    "cáo",
    "kết",
    "quả",
    "thực",
    "hiện",
    "nhiệm",
    "vụ",
    "quý",
    "đề",
    "nghị",
    "phối",
    "hợp",
    "tổ",
    "chức",
    "hội",
    "nghị",
    "giấy",
    "mời",
    "tham",
    "dự",
    "đúng",
    "thời",
    "gian",
    "địa",
    "điểm",
    "hướng",
    "dẫn",
    "quyết",
    "định",
    "công",
    "văn",
    "khẩn",
    "trương",
    "đôn",
    "đốc",
    "cán",
    "bộ",
    "công",
    "chức",
    "viên",
    "chức",
    "người",
    "lao",
    "động",
    "xã",
    "phường",
    "thị",
    "trấn",
    "huyện",
    "quận",
    "thành",
    "phố",
    "Quảng",
    "Ngãi",
    "được",
    "những",
    "trong",
    "khi",
    "để",
    "với",
    "theo",
    "quy",
    "định",
];

/// A text-heavy Vietnamese message of about `size` bytes (UTF-8, 8bit).
fn vietnamese(n: usize, size: usize) -> Arc<[u8]> {
    let mut seed = (n as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut m = format!(
        "From: vanthu@demo.gov.vn\r\nTo: user@demo.gov.vn\r\nSubject: Báo cáo số {n}/BC-STTTT\r\n\
         Message-ID: <{n}@demo.gov.vn>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    );
    let mut line = 0;
    while m.len() < size {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let word = WORDS[(seed >> 33) as usize % WORDS.len()];
        m.push_str(word);
        line += word.len() + 1;
        if line > 70 {
            m.push_str("\r\n");
            line = 0;
        } else {
            m.push(' ');
        }
    }
    m.into_bytes().into()
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn dir_bytes(path: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
        let meta = entry.metadata().unwrap();
        total += if meta.is_dir() {
            dir_bytes(&entry.path())
        } else {
            meta.len()
        };
    }
    total
}

/// Makes the disk "full" for govmail: a reserve 1 GiB above what is free now.
fn fill_up(store: &Store) {
    let free = store.disk_status().unwrap().free_bytes;
    store.set_min_free_space(free + GIB);
}

/// Nothing of a refused message may be anywhere: no file, no row, no charge.
fn assert_nothing_written(dir: &Path, store: &Store, account: i64) {
    assert_eq!(
        dir_bytes(&dir.join(storage::BLOB_DIR)),
        0,
        "no blob, no spool file"
    );
    let inbox = store
        .list_mailboxes(account, storage::Counts::With)
        .unwrap()
        .into_iter()
        .find(|m| m.name == "INBOX")
        .unwrap();
    assert_eq!((inbox.messages, inbox.uidnext), (0, 1));
    let usage = store.get_account_by_id(account).unwrap().quota_usage();
    assert_eq!((usage.used_bytes, usage.used_messages), (0, 0));
    assert!(store.queue_list().unwrap().is_empty());
    assert!(store.quarantine_list().unwrap().is_empty());
    let report = store.check(true, false).unwrap();
    assert!(report.is_clean(), "{report:?}");
}

fn assert_low_disk(result: Result<impl std::fmt::Debug, StorageError>) {
    match result {
        Err(e @ StorageError::LowDisk { .. }) => {
            assert!(e.is_low_disk());
            assert!(
                !e.is_client_error(),
                "our condition, not the sender's: temporary"
            );
            let text = e.to_string();
            assert!(text.contains("disk is nearly full"), "{text}");
            assert!(text.contains("min_free_space"), "{text}");
        }
        other => panic!("expected LowDisk, got {other:?}"),
    }
}

#[test]
fn the_reserve_defaults_to_256_mib_and_the_status_reads_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = setup(dir.path(), 1);
    let status = store.disk_status().unwrap();
    assert_eq!(status.min_free_bytes, 256 * 1024 * 1024);
    assert!(status.free_bytes > 0);
    assert_eq!(status.refusals, 0);
    // A message takes its file, its index entry and that entry's pages in the WAL.
    assert_eq!(storage::footprint(1000), 4000);
    assert!(storage::footprint(50 << 20) < (50 << 20) + (7 << 20));
}

#[test]
fn delivery_below_the_reserve_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 1);
    fill_up(&store);
    assert_low_disk(store.has_room(1000));
    let raw = vietnamese(1, 200 * 1024);
    let meta = MessageMeta::parse(&raw);
    let target = DeliveryTarget::inbox(accounts[0]);
    assert_low_disk(store.deliver(
        raw.clone(),
        meta.clone(),
        storage::now(),
        vec![target.clone()],
    ));
    let remote = NewQueueEntry {
        sender: "user0@demo.gov.vn".into(),
        envid: None,
        ret_full: false,
        account: Some(accounts[0]),
        recipients: vec![NewQueueRecipient {
            address: "x@example.org".into(),
            orcpt: None,
            notify: Notify::default(),
        }],
    };
    assert_low_disk(store.deliver_and_queue(
        raw.clone(),
        meta.clone(),
        storage::now(),
        vec![target],
        Some(remote),
    ));
    assert_low_disk(store.quarantine(raw, meta, "a@example.org", &accounts, "test"));
    assert_eq!(store.disk_status().unwrap().refusals, 4);
    assert_nothing_written(dir.path(), &store, accounts[0]);
    // Space freed (the reserve lowered): the same delivery goes through.
    store.set_min_free_space(0);
    let raw = vietnamese(1, 200 * 1024);
    let meta = MessageMeta::parse(&raw);
    store
        .deliver(
            raw,
            meta,
            storage::now(),
            vec![DeliveryTarget::inbox(accounts[0])],
        )
        .unwrap();
}

#[test]
fn append_and_spool_below_the_reserve_are_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 1);
    fill_up(&store);
    let raw = vietnamese(2, 50 * 1024);
    assert_low_disk(store.append(accounts[0], "INBOX", raw, Flags::default(), vec![], 0));
    assert_low_disk(store.spool());
    assert_nothing_written(dir.path(), &store, accounts[0]);
}

#[test]
fn notices_owed_for_accepted_mail_may_use_half_the_reserve() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 1);
    // Free space sits between half the reserve and the reserve.
    let free = store.disk_status().unwrap().free_bytes;
    store.set_min_free_space(free / 2 * 3);
    let raw = vietnamese(3, 4096);
    let meta = MessageMeta::parse(&raw);
    let target = vec![DeliveryTarget::inbox(accounts[0])];
    assert_low_disk(store.deliver(raw.clone(), meta.clone(), 0, target.clone()));
    store.for_notices().deliver(raw, meta, 0, target).unwrap();
    // The handle for notices shares the store: the plain one still refuses.
    assert_low_disk(store.has_room(4096));
}

/// Below twice the reserve the writer checkpoints and truncates the WAL after its commits.
#[test]
fn the_wal_is_truncated_when_space_runs_low() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 4);
    let wal = dir.path().join(format!("{}-wal", storage::DB_FILE));
    for i in 0..200 {
        let raw = vietnamese(i, 16 * 1024);
        let meta = MessageMeta::parse(&raw);
        let target = DeliveryTarget::inbox(accounts[i % accounts.len()]);
        store.deliver(raw, meta, 0, vec![target]).unwrap();
    }
    let before = file_len(&wal);
    assert!(
        before > 1024 * 1024,
        "WAL {before} bytes after 3 MiB of text"
    );
    // Free space now between the reserve and twice the reserve: mail is still accepted.
    let free = store.disk_status().unwrap().free_bytes;
    store.set_min_free_space(free / 3 * 2);
    let raw = vietnamese(1000, 4096);
    let meta = MessageMeta::parse(&raw);
    store
        .deliver(raw, meta, 0, vec![DeliveryTarget::inbox(accounts[0])])
        .unwrap();
    // Any later write runs after the checkpoint (one writer). The checkpoint may also have
    // followed the usage counters' write just before the delivery: the WAL then holds the
    // frames of these two small writes, a few dozen pages.
    store.create_mailbox(accounts[1], "Lưu trữ", None).unwrap();
    let after = file_len(&wal);
    assert!(
        after <= 256 * 1024,
        "WAL {before} bytes before, {after} after"
    );
}

/// The WAL is checkpointed beside the writer (storage::db's checkpointer), which under steady
/// load seldom finds every page copied at the moment a transaction begins, the only moment
/// SQLite starts the WAL over; the writer then finishes the checkpoint itself. Without that,
/// the WAL grows with everything written: here to 64 MiB.
#[test]
fn the_wal_stays_bounded_under_steady_deliveries() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 8);
    let wal = dir.path().join(format!("{}-wal", storage::DB_FILE));
    let peak = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(file_len(&wal), Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        });
        let writers: Vec<_> = (0..8)
            .map(|w| {
                let (store, accounts) = (&store, &accounts);
                s.spawn(move || {
                    for i in (w..1600).step_by(8) {
                        let raw = vietnamese(i, 16 * 1024);
                        let meta = MessageMeta::parse(&raw);
                        let target = DeliveryTarget::inbox(accounts[w]);
                        store.deliver(raw, meta, 0, vec![target]).unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
    });
    let peak = peak.load(Ordering::Relaxed);
    assert!(peak <= 20 * 1024 * 1024, "WAL peaked at {peak} bytes");
}

/// Without disk pressure the WAL stays within `journal_size_limit` once checkpointed, even
/// after a reader held an old snapshot while it grew.
#[test]
fn the_wal_shrinks_to_its_size_limit_after_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 4);
    let db = dir.path().join(storage::DB_FILE);
    let wal = dir.path().join(format!("{}-wal", storage::DB_FILE));
    let reader = rusqlite::Connection::open(&db).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM messages;")
        .unwrap();
    let mut n = 0;
    while file_len(&wal) < 12 * 1024 * 1024 {
        let raw = vietnamese(n, 32 * 1024);
        let meta = MessageMeta::parse(&raw);
        let target = DeliveryTarget::inbox(accounts[n % accounts.len()]);
        store.deliver(raw, meta, 0, vec![target]).unwrap();
        n += 1;
    }
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    // Writes go on until a checkpoint has reset the WAL and the next write cut the file to
    // the limit. When that happens depends on the checkpointer thread's timing (it counts the
    // WAL's pages at most every 100 ms, and the file grows past the limit again between two
    // resets), so the test bounds the writes it takes, not the size at a fixed moment: a
    // check after a fixed 400 writes failed now and then on a loaded machine.
    let mut writes = 0;
    while file_len(&wal) > 8 * 1024 * 1024 + 64 * 1024 {
        assert!(
            writes < 4000,
            "WAL still {} bytes after {writes} writes",
            file_len(&wal)
        );
        let raw = vietnamese(n + writes, 16 * 1024);
        let meta = MessageMeta::parse(&raw);
        let target = DeliveryTarget::inbox(accounts[writes % accounts.len()]);
        store.deliver(raw, meta, 0, vec![target]).unwrap();
        writes += 1;
    }
}

/// The figures of issue 17 item 13: database + WAL against message bytes on a text-heavy
/// load: 2,000 Vietnamese messages of 2–30 KB from 8 writers, while one reader lists
/// mailboxes and another holds a 2-second snapshot every 3 seconds (as a backup or a long
/// search does, which keeps checkpoints from resetting the WAL). With
/// GOVMAIL_FOOTPRINT_PRESSURE=1 free space is made to sit between the reserve and twice the
/// reserve, so the writer truncates the WAL.
///
///   cargo test -p storage --test space -- --ignored --nocapture footprint
#[test]
#[ignore = "a measurement: run it by name"]
fn footprint_of_text_heavy_mail() {
    let dir = tempfile::tempdir().unwrap();
    let (store, accounts) = setup(dir.path(), 50);
    if std::env::var_os("GOVMAIL_FOOTPRINT_PRESSURE").is_some() {
        let free = store.disk_status().unwrap().free_bytes;
        store.set_min_free_space(free / 3 * 2);
    }
    let db = dir.path().join(storage::DB_FILE);
    let wal = dir.path().join(format!("{}-wal", storage::DB_FILE));
    let message_bytes = AtomicU64::new(0);
    let peak_wal = AtomicU64::new(0);
    let done = AtomicBool::new(false);
    const WRITERS: usize = 8;
    const MESSAGES: usize = 2000;
    let start = std::time::Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                peak_wal.fetch_max(file_len(&wal), Ordering::Relaxed);
                for &a in &accounts[..5] {
                    let _ = store.list_mailboxes(a, storage::Counts::With);
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        });
        s.spawn(|| {
            let reader = rusqlite::Connection::open(&db).unwrap();
            reader
                .busy_timeout(std::time::Duration::from_secs(30))
                .unwrap();
            while !done.load(Ordering::Relaxed) {
                reader
                    .execute_batch("BEGIN; SELECT count(*) FROM messages;")
                    .unwrap();
                std::thread::sleep(std::time::Duration::from_secs(2));
                reader.execute_batch("COMMIT").unwrap();
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        });
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (store, accounts, message_bytes) = (&store, &accounts, &message_bytes);
                s.spawn(move || {
                    for i in (w..MESSAGES).step_by(WRITERS) {
                        let size = 2048 + (i * 7919) % (28 * 1024);
                        let raw = vietnamese(i, size);
                        message_bytes.fetch_add(raw.len() as u64, Ordering::Relaxed);
                        let meta = MessageMeta::parse(&raw);
                        let target = DeliveryTarget::inbox(accounts[i % accounts.len()]);
                        store
                            .deliver(raw, meta, storage::now(), vec![target])
                            .unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        done.store(true, Ordering::Relaxed);
    });
    let elapsed = start.elapsed();
    let (db_len, wal_len) = (file_len(&db), file_len(&wal));
    let peak = peak_wal.load(Ordering::Relaxed).max(wal_len);
    // Settled: the readers are gone, the pressure checkpoint's interval has passed, and a
    // server keeps writing (flags, usage counters): two small writes.
    std::thread::sleep(std::time::Duration::from_millis(5100));
    store.create_mailbox(accounts[0], "Lưu trữ", None).unwrap();
    store.create_mailbox(accounts[1], "Lưu trữ", None).unwrap();
    let settled = file_len(&wal);
    let message_bytes = message_bytes.load(Ordering::Relaxed);
    let blobs = dir_bytes(&dir.path().join(storage::BLOB_DIR));
    let mib = |b: u64| b as f64 / 1048576.0;
    let ratio = |wal: u64| (db_len + wal) as f64 / message_bytes as f64;
    println!(
        "{MESSAGES} messages in {:.1} s: {:.1} MiB; blobs {:.1} MiB; db {:.1} MiB; WAL at most \
         {:.1} MiB, {:.1} MiB at the end of the load, {:.1} MiB settled; db+WAL / message \
         bytes: {:.2}x at the WAL's peak, {:.2}x at the end, {:.2}x settled",
        elapsed.as_secs_f64(),
        mib(message_bytes),
        mib(blobs),
        mib(db_len),
        mib(peak),
        mib(wal_len),
        mib(settled),
        ratio(peak),
        ratio(wal_len),
        ratio(settled),
    );
    store.shutdown();
}
