//! Mailbox identity and subscriptions: a UIDVALIDITY is never given twice (RFC 9051
//! §2.3.1.1), and subscriptions are a list of names of their own that CREATE, DELETE and
//! RENAME leave alone (RFC 9051 §6.3.6-6.3.8).
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use storage::{AccountKind, AccountStatus, NewAccount, Quota, StorageError, Store};

fn open(dir: &std::path::Path) -> Store {
    common::open_backend(dir)
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

fn subscriptions(store: &Store, account: i64) -> Vec<String> {
    store.subscriptions(account).unwrap()
}

#[test]
fn new_accounts_are_subscribed_to_their_default_folders_only() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    let mut expected: Vec<String> = storage::DEFAULT_MAILBOXES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    expected.sort();
    assert_eq!(subscriptions(&store, a), expected);
    // CREATE does not subscribe (RFC 9051 §6.3.7: the client does, if it wants to).
    store.create_mailbox(a, "Dự án", None).unwrap();
    assert_eq!(subscriptions(&store, a), expected);
}

#[test]
fn delete_and_rename_leave_subscriptions_alone() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    for name in ["Cũ", "Cũ/Con", "Khác"] {
        store.create_mailbox(a, name, None).unwrap();
        store.subscribe_mailbox(a, name).unwrap();
    }
    store.delete_mailbox(a, "Khác").unwrap();
    store.rename_mailbox(a, "Cũ", "Mới").unwrap();
    let subs = subscriptions(&store, a);
    for name in ["Cũ", "Cũ/Con", "Khác"] {
        assert!(subs.contains(&name.to_string()), "{name} dropped: {subs:?}");
    }
    assert!(!subs.iter().any(|s| s.starts_with("Mới")), "{subs:?}");
    // Renaming INBOX leaves INBOX subscribed and does not subscribe the new name.
    store.rename_mailbox(a, "INBOX", "Hộp cũ").unwrap();
    let after = subscriptions(&store, a);
    assert!(after.contains(&"INBOX".to_string()) && !after.contains(&"Hộp cũ".to_string()));
    // The subscription of a deleted mailbox can still be dropped.
    store.unsubscribe_mailbox(a, "Khác").unwrap();
    assert!(!subscriptions(&store, a).contains(&"Khác".to_string()));
}

#[test]
fn subscribe_needs_a_name_that_can_be_listed_and_unsubscribe_never_fails() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    let b = account(&store, "binhtt");
    store.create_mailbox(a, "Phòng/Tổ 1", None).unwrap();
    // A level above a mailbox can be subscribed, as in Dovecot; a name naming nothing not.
    store.subscribe_mailbox(a, "Phòng").unwrap();
    assert!(matches!(
        store.subscribe_mailbox(a, "Không có"),
        Err(StorageError::NotFound { .. })
    ));
    // Another account's mailbox is not one's own.
    assert!(matches!(
        store.subscribe_mailbox(b, "Phòng/Tổ 1"),
        Err(StorageError::NotFound { .. })
    ));
    assert!(matches!(
        store.subscribe_mailbox(a, "a//b"),
        Err(StorageError::Invalid(_))
    ));
    // Subscribing twice and unsubscribing what is not subscribed are fine (RFC 9051 §6.3.7,
    // §6.3.8).
    store.subscribe_mailbox(a, "Phòng").unwrap();
    store.unsubscribe_mailbox(a, "Không có").unwrap();
    // Names are normalised as mailbox names are: "inbox" is INBOX.
    store.unsubscribe_mailbox(a, "inbox").unwrap();
    assert!(!subscriptions(&store, a).contains(&"INBOX".to_string()));
    store.subscribe_mailbox(a, "Inbox").unwrap();
    assert!(subscriptions(&store, a).contains(&"INBOX".to_string()));
    assert!(!subscriptions(&store, b).contains(&"Phòng".to_string()));
}

#[test]
fn purging_an_account_removes_its_subscriptions() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    store.create_mailbox(a, "Gone", None).unwrap();
    store.subscribe_mailbox(a, "Gone").unwrap();
    store.delete_mailbox(a, "Gone").unwrap();
    store
        .set_status("annv@demo.gov.vn", AccountStatus::Removed)
        .unwrap();
    store.purge_account("annv@demo.gov.vn").unwrap();
    assert!(subscriptions(&store, a).is_empty());
}
