//! SQLite-only storage tests (not part of the conformance suite): they open the database with
//! rusqlite to tamper with it or look at its rows, or depend on the SQLite data directory
//! (refusal of foreign files and newer schemas, backup and restore of the directory).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{account, big_message, change, deliver, inbox, message, walk};

use std::sync::Arc;

use storage::{FlagOp, Flags, MessageMeta, OpenMode, Quota, StorageError, Store};

fn store() -> (tempfile::TempDir, Store) {
    common::store_with(common::open_sqlite)
}

#[test]
fn check_finds_and_repairs_drift_and_orphans() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    deliver(&store, &[a], message(1));
    store.shutdown();
    drop(store);
    // Tamper: wrong quota counter, an orphan blob file.
    let conn = rusqlite::Connection::open(dir.path().join("govmail.db")).unwrap();
    conn.execute("UPDATE accounts SET used_bytes = 999999", [])
        .unwrap();
    drop(conn);
    let orphan = storage::hash_hex(b"orphan");
    let shard = dir.path().join("blobs").join(&orphan[..2]);
    std::fs::create_dir_all(&shard).unwrap();
    std::fs::write(shard.join(&orphan), b"orphan").unwrap();

    let store = Store::open(dir.path(), OpenMode::MustExist).unwrap();
    let report = store.check(false, false).unwrap();
    let kinds: Vec<_> = report.problems.iter().map(|p| p.kind).collect();
    assert!(
        kinds.contains(&"quota") && kinds.contains(&"orphan-blob"),
        "{kinds:?}"
    );
    let repaired = store.check(false, true).unwrap();
    assert!(repaired.repaired);
    let after = store.check(true, false).unwrap();
    assert!(after.is_clean(), "{:?}", after.problems);
    assert!(!shard.join(&orphan).exists());
}

#[test]
fn foreign_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("govmail.db");
    std::fs::write(&db, b"this is a text file, not a database\n").unwrap();
    let err = Store::open(dir.path(), OpenMode::CreateIfMissing)
        .err()
        .unwrap();
    assert!(matches!(err, StorageError::Refused { .. }), "{err}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        b"this is a text file, not a database\n"
    );

    std::fs::remove_file(&db).unwrap();
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(other);
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(dir.path(), OpenMode::CreateIfMissing)
        .err()
        .unwrap();
    assert!(err.to_string().contains("another program"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path(), OpenMode::CreateIfMissing)
        .unwrap()
        .shutdown();
    let conn = rusqlite::Connection::open(dir.path().join("govmail.db")).unwrap();
    conn.pragma_update(None, "user_version", storage::SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = Store::open(dir.path(), OpenMode::MustExist).err().unwrap();
    assert!(err.to_string().contains("newer govmail"), "{err}");
}

#[test]
fn must_exist_does_not_create() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Store::open(&dir.path().join("nothing"), OpenMode::MustExist).is_err());
    assert!(!dir.path().join("nothing").exists());
}

#[test]
fn backup_under_load_restores_every_message_and_flag() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let (_dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let b = account(&store, "b", Quota::default());
    for n in 0..200 {
        deliver(&store, &[a, b], message(n));
    }
    let inbox_a = inbox(&store, a);
    store
        .set_flags(
            a,
            inbox_a.id,
            (1..=50).collect(),
            change(FlagOp::Add, Flags::SEEN, vec!["$Official".into()], None),
        )
        .unwrap();
    let before: Vec<_> = store.messages(a, inbox_a.id, 1..=u32::MAX).unwrap();

    // While the backup runs: new deliveries, and expunges that free blob files.
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (store, stop) = (store.clone(), stop.clone());
        std::thread::spawn(move || {
            let inbox_b = store.get_mailbox(b, "INBOX").unwrap();
            let mut n = 1000;
            let mut uid = 1;
            while !stop.load(Ordering::Relaxed) {
                deliver(&store, &[b], message(n));
                n += 1;
                store
                    .set_flags(
                        b,
                        inbox_b.id,
                        vec![uid],
                        change(FlagOp::Add, Flags::DELETED, vec![], None),
                    )
                    .unwrap();
                store.expunge(b, inbox_b.id, None).unwrap();
                uid += 1;
            }
            n - 1000
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("2026-11-21");
    let report = store.backup(&dest).unwrap();
    stop.store(true, Ordering::Relaxed);
    let extra = load.join().unwrap();
    assert!(extra > 0, "the load ran during the backup");
    assert!(report.messages >= 400, "{report:?}");
    assert_eq!(
        storage::verify_backup(&dest).unwrap().messages,
        report.messages
    );

    // Restore into a fresh, empty store.
    let target = tempfile::tempdir().unwrap();
    Store::open(target.path(), OpenMode::CreateIfMissing)
        .unwrap()
        .shutdown();
    storage::restore(&dest, target.path()).unwrap();
    let restored = Store::open(target.path(), OpenMode::MustExist).unwrap();
    assert!(restored.check(true, false).unwrap().problems.is_empty());
    let r_inbox = restored.get_mailbox(a, "INBOX").unwrap();
    let after = restored.messages(a, r_inbox.id, 1..=u32::MAX).unwrap();
    assert_eq!(after.len(), before.len());
    for (x, y) in before.iter().zip(&after) {
        assert_eq!(
            (x.uid, x.flags, &x.keywords, x.modseq),
            (y.uid, y.flags, &y.keywords, y.modseq)
        );
        assert_eq!(
            store.read_message(a, inbox_a.id, x.uid).unwrap(),
            restored.read_message(a, r_inbox.id, y.uid).unwrap()
        );
    }
    // The backup directory is refused as a target when not empty, and a store with mail is
    // never overwritten.
    assert!(store.backup(&dest).is_err());
    assert!(matches!(
        storage::restore(&dest, target.path()),
        Err(StorageError::Refused { .. })
    ));
}

#[test]
fn a_damaged_backup_is_refused() {
    let (_dir, store) = store();
    let a = account(&store, "a", Quota::default());
    deliver(&store, &[a], big_message(1));
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("b");
    store.backup(&dest).unwrap();
    // Flip a byte of the one message file.
    let blob = walk_files(&dest.join("blobs")).pop().unwrap();
    let mut bytes = std::fs::read(&blob).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&blob, bytes).unwrap();
    let target = tempfile::tempdir().unwrap();
    assert!(matches!(
        storage::restore(&dest, target.path()),
        Err(StorageError::Refused { .. })
    ));
    assert!(!target.path().join("govmail.db").exists());
}

fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A quarantined message deleted for good takes its content with it (a small message: its
/// row of `inline_blobs`). The quarantine's scenario is the conformance suite's
/// (quarantine.rs).
#[test]
fn a_quarantined_message_deleted_takes_its_inline_content() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let raw = message(8);
    let id = store
        .quarantine(
            raw.clone(),
            MessageMeta::parse(&raw),
            "x@y.gov.vn",
            &[a],
            "secret",
        )
        .unwrap();
    assert_eq!(inline_rows(dir.path()), 1);
    store.quarantine_delete(id).unwrap();
    assert_eq!(inline_rows(dir.path()), 0);
}

#[test]
fn structures_are_stored_at_delivery_and_computed_for_old_contents() {
    let (dir, store) = store();
    let a = account(&store, "an", Quota::default());
    let mailbox = inbox(&store, a).id;
    let raw: Arc<[u8]> = b"From: a@demo.gov.vn\r\nSubject: S\r\nContent-Type: multipart/mixed; \
boundary=x\r\n\r\n--x\r\n\r\none\r\n--x\r\nContent-Type: text/html\r\n\r\n<b>two</b>\r\n--x--\r\n"
        .to_vec()
        .into();
    deliver(&store, &[a], raw.clone());
    deliver(&store, &[a], message(2));
    let infos = store
        .messages_with_structure(a, mailbox, 1..=u32::MAX)
        .unwrap();
    assert_eq!(infos.len(), 2);
    let s = infos[0].structure.clone().unwrap();
    assert_eq!(s.envelope.subject.as_deref(), Some("S"));
    let part = s.root.find(&[2]).unwrap();
    let bytes = store
        .read_content_range(&infos[0].blob, part.body_start()..part.body_end())
        .unwrap();
    assert_eq!(bytes, b"<b>two</b>");
    // Plain listing does not carry structures.
    assert!(
        store.messages(a, mailbox, 1..=2).unwrap()[0]
            .structure
            .is_none()
    );

    // A content stored before migration 7 has no structure: computed, then stored.
    let conn = rusqlite::Connection::open(dir.path().join("govmail.db")).unwrap();
    conn.execute("UPDATE contents SET structure = NULL", [])
        .unwrap();
    let again = store.messages_with_structure(a, mailbox, 1..=1).unwrap();
    assert_eq!(again[0].structure.as_deref(), Some(&*s));
    let stored: i64 = conn
        .query_row(
            "SELECT count(*) FROM contents WHERE structure IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1);
    // Delivering the same bytes again fills in the other one too.
    conn.execute("UPDATE contents SET structure = NULL", [])
        .unwrap();
    deliver(&store, &[a], raw);
    let stored: i64 = conn
        .query_row(
            "SELECT count(*) FROM contents WHERE structure IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1);
}

#[test]
fn full_text_index_finds_substrings_without_diacritics_and_forgets_expunged_mail() {
    use storage::search::TextField;
    let (dir, store) = store();
    let a = account(&store, "annv", Quota::default());
    let b = account(&store, "ngocttb", Quota::default());
    let mail = |subject: &str, body: &str| -> Arc<[u8]> {
        format!("From: Văn thư <vanthu@demo.gov.vn>\r\nTo: annv@demo.gov.vn\r\nSubject: {subject}\r\n\r\n{body}\r\n")
            .into_bytes()
            .into()
    };
    deliver(
        &store,
        &[a],
        mail("Giấy mời họp giao ban", "Kính gửi các đồng chí"),
    );
    deliver(&store, &[a, b], mail("Báo cáo tuần", "Số liệu\r\n  quý IV"));
    deliver(
        &store,
        &[a],
        mail("Lịch công tác", "Nội dung giấy mời ở tệp đính kèm"),
    );
    let ia = inbox(&store, a).id;
    let ib = inbox(&store, b).id;
    let find = |mailbox, field, needle: &str| {
        store
            .search_text(a, mailbox, field, &storage::text::search_form(needle))
            .unwrap()
    };
    assert_eq!(find(ia, TextField::Subject, "giay moi"), [1]);
    assert_eq!(find(ia, TextField::Subject, "GIẤY MỜI"), [1]);
    assert_eq!(find(ia, TextField::Body, "giay moi"), [3]);
    assert_eq!(find(ia, TextField::Any, "giấy mời"), [1, 3]);
    // Line breaks and runs of spaces are one space on both sides.
    assert_eq!(find(ia, TextField::Body, "so lieu quy iv"), [2]);
    assert_eq!(find(ia, TextField::From, "van thu"), [1, 2, 3]);
    assert_eq!(find(ia, TextField::Body, "không có"), Vec::<u32>::new());
    // FTS5 syntax in the string is only text.
    assert_eq!(
        find(ia, TextField::Any, "\"bao\" OR cao*"),
        Vec::<u32>::new()
    );
    // Another account's mailbox is not reachable.
    assert!(store.search_text(a, ib, TextField::Any, "bao cao").is_err());

    // Expunging the last reference removes the content from the index.
    store
        .set_flags(
            a,
            ia,
            vec![1],
            change(FlagOp::Add, Flags::DELETED, vec![], None),
        )
        .unwrap();
    store.expunge(a, ia, None).unwrap();
    assert_eq!(find(ia, TextField::Subject, "giay moi"), Vec::<u32>::new());
    let db = rusqlite::Connection::open(dir.path().join(storage::DB_FILE)).unwrap();
    // Neither its terms nor its text are kept: only the other two contents are left.
    let rows: i64 = db
        .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2);
    let texts: i64 = db
        .query_row(
            "SELECT count(*) FROM search_text WHERE subject LIKE '%giao ban%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(texts, 0);

    // Contents stored before the index existed are indexed when their mailbox is searched,
    // and by the backlog.
    db.execute_batch(
        "INSERT INTO search_index(search_index) VALUES('delete-all'); \
         UPDATE contents SET indexed = 0;",
    )
    .unwrap();
    assert_eq!(find(ia, TextField::Subject, "bao cao"), [2]);
    assert_eq!(
        store.index_backlog().unwrap(),
        0,
        "b's copy shares a's content"
    );
    db.execute_batch(
        "INSERT INTO search_index(search_index) VALUES('delete-all'); \
         UPDATE contents SET indexed = 0;",
    )
    .unwrap();
    assert_eq!(store.index_backlog().unwrap(), 2);
    assert_eq!(store.index_backlog().unwrap(), 0);
    assert_eq!(find(ia, TextField::Body, "dinh kem"), [3]);
    assert!(store.check(true, false).unwrap().problems.is_empty());
}

/// A body text longer than `KEEP_BODY_MAX` is not kept in `search_text` (migration 25): a
/// search reads it again from the message, and finds what is there and only that.
#[test]
fn a_long_body_is_searched_in_its_message() {
    use storage::search::{KEEP_BODY_MAX, TextField};
    let (dir, store) = store();
    let a = account(&store, "annv", Quota::default());
    let long = |subject: &str, last: &str| -> Arc<[u8]> {
        let filler =
            "Số liệu tổng hợp của các đơn vị trực thuộc.\r\n".repeat(KEEP_BODY_MAX / 40 + 10);
        format!("From: a@demo.gov.vn\r\nSubject: {subject}\r\n\r\n{filler}{last}\r\n")
            .into_bytes()
            .into()
    };
    deliver(&store, &[a], long("Báo cáo quý", "Kết luận: giấy mời họp"));
    deliver(&store, &[a], long("Báo cáo năm", "Kết luận: đã xong"));
    deliver(
        &store,
        &[a],
        "From: a@demo.gov.vn\r\nSubject: ngắn\r\n\r\ngiấy mời họp\r\n"
            .as_bytes()
            .into(),
    );
    let ia = inbox(&store, a).id;
    let find = |field, needle: &str| {
        store
            .search_text(a, ia, field, &storage::text::search_form(needle))
            .unwrap()
    };
    assert_eq!(find(TextField::Body, "giấy mời họp"), [1, 3]);
    assert_eq!(find(TextField::Any, "giay moi hop"), [1, 3]);
    assert_eq!(find(TextField::Body, "kết luận"), [1, 2]);
    assert_eq!(find(TextField::Any, "đã xong"), [2]);
    assert_eq!(find(TextField::Subject, "bao cao"), [1, 2]);
    // Every trigram of it is in both long bodies, the string in neither.
    assert_eq!(find(TextField::Body, "các đơn vị tổng"), Vec::<u32>::new());
    let db = rusqlite::Connection::open(dir.path().join(storage::DB_FILE)).unwrap();
    let rows: Vec<(bool, i64)> = db
        .prepare("SELECT body_in_message, length(body) FROM search_text ORDER BY content_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(rows, [(true, 0), (true, 0), (false, 12)]);
}

/// Migration 13 queues every content for indexing again; that pass rewrites the address
/// columns with their groups and fills `sent_day`, before the mailbox's first search.
#[test]
fn contents_from_before_migration_13_get_groups_and_the_day_as_written() {
    use storage::search::TextField;
    let (dir, store) = store();
    let a = account(&store, "annv", Quota::default());
    let raw: Arc<[u8]> =
        "From: a@demo.gov.vn\r\nTo: =?UTF-8?Q?Ph=C3=B2ng_T=E1=BB=95ng_h=E1=BB=A3p?=: \
         lan@demo.gov.vn;\r\nDate: Sun, 01 Nov 2026 23:30:00 -0800\r\nX-So: 123/UBND\r\n\
         Subject: x\r\n\r\nx\r\n"
            .as_bytes()
            .into();
    deliver(&store, &[a], raw);
    let ia = inbox(&store, a).id;
    // Indexed as today's version does (a search has the writer index what it holds)...
    assert_eq!(
        store
            .search_text(a, ia, TextField::Any, "123/ubnd")
            .unwrap(),
        [1]
    );
    // ... then made into a row stored by an older version, as migration 13 leaves it.
    let db = rusqlite::Connection::open(dir.path().join(storage::DB_FILE)).unwrap();
    db.execute_batch(
        "INSERT INTO search_index(search_index) VALUES('delete-all'); \
         UPDATE contents SET indexed = 0, to_addr = 'lan@demo.gov.vn', sent_day = NULL;",
    )
    .unwrap();
    assert_eq!(store.messages(a, ia, 1..=1).unwrap()[0].meta.sent_day, None);
    assert_eq!(
        store
            .search_text(a, ia, TextField::To, "phong tong hop")
            .unwrap(),
        [1]
    );
    assert_eq!(
        store
            .search_text(a, ia, TextField::Any, "123/ubnd")
            .unwrap(),
        [1]
    );
    let meta = &store.messages(a, ia, 1..=1).unwrap()[0].meta;
    assert_eq!(
        meta.to.as_deref(),
        Some("Phòng Tổng hợp: <lan@demo.gov.vn>;")
    );
    assert_eq!(meta.sent_day, Some(storage::days_from_civil(2026, 11, 1)));
}

fn inline_rows(dir: &std::path::Path) -> i64 {
    rusqlite::Connection::open(dir.join("govmail.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM inline_blobs", [], |r| r.get(0))
        .unwrap()
}

/// Issue 20: a small message gets no file of its own; its bytes are committed with its rows,
/// read back whole and by range, survive a reopen, and go when the last copy is expunged.
#[test]
fn small_messages_live_in_the_database_without_a_file() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let b = account(&store, "b", Quota::default());
    let raw = message(1);
    assert!(raw.len() <= storage::INLINE_MAX);
    deliver(&store, &[a, b], raw.clone());
    assert_eq!(
        walk(&dir.path().join("blobs")),
        0,
        "no file for a small message"
    );
    assert_eq!(inline_rows(dir.path()), 1, "stored once for both");
    drop(store);
    let store = Store::open(dir.path(), OpenMode::MustExist).unwrap();
    for account in [a, b] {
        let mb = inbox(&store, account);
        let infos = store.messages(account, mb.id, 1..=u32::MAX).unwrap();
        assert_eq!(
            store.read_message(account, mb.id, infos[0].uid).unwrap(),
            raw.to_vec()
        );
        let blob = &infos[0].blob;
        assert_eq!(
            store.read_content_range(blob, 6..20).unwrap(),
            raw[6..20].to_vec()
        );
        assert_eq!(
            store.read_content_range(blob, 6..1_000_000).unwrap(),
            raw[6..].to_vec()
        );
        assert!(
            store
                .read_content_range(blob, 1_000..2_000)
                .unwrap()
                .is_empty()
        );
    }
    assert!(store.check(true, false).unwrap().is_clean());
    for account in [a, b] {
        let mb = inbox(&store, account);
        store
            .set_flags(
                account,
                mb.id,
                vec![1],
                change(FlagOp::Add, Flags::DELETED, vec![], None),
            )
            .unwrap();
        assert_eq!(inline_rows(dir.path()), 1, "still used by the other copy");
        store.expunge(account, mb.id, None).unwrap();
    }
    assert_eq!(
        inline_rows(dir.path()),
        0,
        "the last expunge frees the bytes"
    );
    assert!(store.check(true, false).unwrap().is_clean());
}

/// `check --deep` reads the bytes kept in the database against their name too.
#[test]
fn deep_check_finds_damaged_inline_bytes() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    deliver(&store, &[a], message(1));
    rusqlite::Connection::open(dir.path().join("govmail.db"))
        .unwrap()
        .execute("UPDATE inline_blobs SET data = zeroblob(length(data))", [])
        .unwrap();
    assert!(store.check(false, false).unwrap().is_clean());
    let report = store.check(true, false).unwrap();
    assert!(
        report.problems.iter().any(|p| p.kind == "damaged-blob"),
        "{:?}",
        report.problems
    );
}
