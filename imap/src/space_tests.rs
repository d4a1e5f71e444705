//! APPEND while the disk is nearly full: NO [LIMIT] (RFC 5530 §3; not OVERQUOTA, which is
//! the user's quota, RFC 9051 §7.1), with nothing written, and a large literal not even
//! received.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::ImapConfig;
use crate::test_client::{Client, PASSWORD, USER, demo_store, imap};

const MESSAGE: &str = "From: vanthu@demo.gov.vn\r\nSubject: Báo cáo tuần\r\n\r\nKính gửi.\r\n";

/// The disk is "full" for govmail: a reserve 1 GiB above what is free now.
fn fill_disk(store: &storage::Store) {
    let free = store.disk_status().unwrap().free_bytes;
    store.set_min_free_space(free + (1 << 30));
}

/// Stored message bytes: blob files, and the small messages kept in the database.
fn blob_files(dir: &std::path::Path) -> usize {
    let db = rusqlite::Connection::open(dir.join(storage::DB_FILE)).unwrap();
    let inline: i64 = db
        .query_row("SELECT count(*) FROM inline_blobs", [], |r| r.get(0))
        .unwrap();
    walk(&dir.join(storage::BLOB_DIR)) + usize::try_from(inline).unwrap()
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| match e.file_type().unwrap().is_dir() {
            true => walk(&e.path()),
            false => 1,
        })
        .sum()
}

#[tokio::test]
async fn append_on_a_nearly_full_disk_is_refused_with_limit_and_nothing_written() {
    let (dir, store, account) = demo_store();
    let imap = imap(store.clone(), ImapConfig::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    fill_disk(&store);
    for literal in ["+", ""] {
        c.next += 1;
        let tag = format!("t{}", c.next);
        let command = format!("{tag} APPEND INBOX {{{}{literal}}}\r\n", MESSAGE.len());
        c.send(command.as_bytes()).await;
        if literal.is_empty() {
            c.until(b"+ ").await;
        }
        c.send(format!("{MESSAGE}\r\n").as_bytes()).await;
        let out = c.until(format!("{tag} ").as_bytes()).await;
        assert!(
            out.contains(&format!(
                "{tag} NO [LIMIT] the server's disk is nearly full; try again later"
            )),
            "{out}"
        );
    }
    let out = c.ok("STATUS INBOX (MESSAGES UIDNEXT)").await;
    assert!(out.contains("(MESSAGES 0 UIDNEXT 1)"), "{out}");
    assert_eq!(blob_files(dir.path()), 0);
    let report = store.check(true, false).unwrap();
    assert!(report.is_clean(), "{report:?}");
    let usage = store.get_account_by_id(account).unwrap().quota_usage();
    assert_eq!(usage.used_bytes, 0);
    // Space freed: the client's retry is stored.
    store.set_min_free_space(0);
    let out = c
        .ok_tagged(&format!("APPEND INBOX {{{}+}}\r\n{MESSAGE}", MESSAGE.len()))
        .await;
    assert!(out.contains("OK [APPENDUID"), "{out}");
}

/// A literal large enough to be spooled to disk: refused before the "+", so the client sends
/// none of it and the session goes on.
#[tokio::test]
async fn a_large_append_is_refused_before_its_literal_is_received() {
    let (dir, store, _) = demo_store();
    let imap = imap(store.clone(), ImapConfig::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    fill_disk(&store);
    c.send(b"a1 APPEND INBOX {5000000}\r\n").await;
    let answer = tokio::time::timeout(std::time::Duration::from_secs(10), c.until(b"a1 "));
    let out = answer
        .await
        .expect("no answer: the server sent '+' and waits");
    assert!(out.starts_with("a1 NO [LIMIT] "), "{out}");
    c.ok("NOOP").await;
    assert_eq!(blob_files(dir.path()), 0);
    assert!(store.disk_status().unwrap().refusals >= 1);
}
