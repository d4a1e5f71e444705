//! Mailbox identity: a UIDVALIDITY is never given twice (RFC 9051 §2.3.1.1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use storage::{AccountKind, NewAccount, OpenMode, Quota, Store};

fn open(dir: &std::path::Path) -> Store {
    Store::open(dir, OpenMode::CreateIfMissing).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
        .unwrap();
    (dir, store)
}

fn account(store: &Store, local: &str) -> i64 {
    store
        .create_account(NewAccount {
            address: format!("{local}@demo.gov.vn"),
            display_name: format!("Người dùng {local}"),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: storage::password::hash_generated("x").unwrap(),
            quota: Quota::default(),
        })
        .unwrap()
        .id
}

fn uidvalidity(store: &Store, account: i64, name: &str) -> u32 {
    store.get_mailbox(account, name).unwrap().uidvalidity
}

/// Many mailboxes made in a burst take values ahead of the clock: the newest one is then the
/// highest value ever given, which is what a delete and re-create must not get back.
fn burst(store: &Store, account: i64) {
    for i in 0..40 {
        store
            .create_mailbox(account, &format!("Lô {i}"), None)
            .unwrap();
    }
}

#[test]
fn a_mailbox_deleted_and_recreated_at_once_gets_a_new_uidvalidity() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    burst(&store, a);
    store.create_mailbox(a, "Công văn", None).unwrap();
    let first = uidvalidity(&store, a, "Công văn");
    store.delete_mailbox(a, "Công văn").unwrap();
    store.create_mailbox(a, "Công văn", None).unwrap();
    let second = uidvalidity(&store, a, "Công văn");
    assert!(second > first, "{second} after {first}");
    // And again, with a rename freeing the name in between.
    store.rename_mailbox(a, "Công văn", "Công văn cũ").unwrap();
    store.create_mailbox(a, "Công văn", None).unwrap();
    let third = uidvalidity(&store, a, "Công văn");
    assert!(third > second, "{third} after {second}");
    assert_eq!(uidvalidity(&store, a, "Công văn cũ"), second);
}

#[test]
fn uidvalidity_is_never_reused_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (a, first) = {
        let store = open(dir.path());
        store.add_domain("demo.gov.vn").unwrap();
        store.add_agency("STTTT", "Sở TT&TT", None, None).unwrap();
        let a = account(&store, "annv");
        burst(&store, a);
        store.create_mailbox(a, "Lưu trữ", None).unwrap();
        let first = uidvalidity(&store, a, "Lưu trữ");
        store.delete_mailbox(a, "Lưu trữ").unwrap();
        (a, first)
    };
    let store = open(dir.path());
    store.create_mailbox(a, "Lưu trữ", None).unwrap();
    let second = uidvalidity(&store, a, "Lưu trữ");
    assert!(second > first, "{second} after {first}");
}

#[test]
fn uidvalidity_increases_across_accounts_and_is_time_based() {
    let (_d, store) = store();
    let before = storage::now() as u32;
    let a = account(&store, "annv");
    let b = account(&store, "binhtt");
    let mut all: Vec<u32> = [a, b]
        .iter()
        .flat_map(|&x| store.list_mailboxes(x, storage::Counts::Without).unwrap())
        .map(|m| m.uidvalidity)
        .collect();
    assert!(all.iter().all(|&v| v >= before), "{all:?} before {before}");
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n, "a value given twice: {all:?}");
}
