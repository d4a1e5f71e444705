//! Sieve script storage: one active script per account, the active one cannot be deleted,
//! rename, script space, and vacation replies once per sender per period.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use storage::{AccountKind, AccountStatus, NewAccount, Quota, StorageError, Store};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = common::open_backend(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("UBND", "Ủy ban nhân dân tỉnh", None, Some(20))
        .unwrap();
    (dir, store)
}

fn account(store: &Store, local: &str) -> i64 {
    store
        .create_account(NewAccount {
            address: format!("{local}@demo.gov.vn"),
            display_name: format!("Người dùng {local}"),
            agency_code: "UBND".into(),
            kind: AccountKind::Personal,
            password_hash: storage::password::hash_generated("x").unwrap(),
            quota: Quota::default(),
        })
        .unwrap()
        .id
}

fn active_names(store: &Store, a: i64) -> Vec<String> {
    store
        .sieve_list(a)
        .unwrap()
        .into_iter()
        .filter(|s| s.active)
        .map(|s| s.name)
        .collect()
}

#[test]
fn at_most_one_script_is_active() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    store.sieve_put(a, "công tác", "keep;", true).unwrap();
    store.sieve_put(a, "nghỉ phép", "discard;", false).unwrap();
    assert_eq!(active_names(&store, a), ["công tác"]);
    store.sieve_set_active(a, Some("nghỉ phép")).unwrap();
    let listed: Vec<_> = store
        .sieve_list(a)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.active, s.size))
        .collect();
    assert_eq!(
        listed,
        [
            ("công tác".to_string(), false, 5),
            ("nghỉ phép".to_string(), true, 8)
        ]
    );
    assert_eq!(store.sieve_active(a).unwrap().unwrap().content, "discard;");
    store.sieve_set_active(a, None).unwrap();
    assert!(active_names(&store, a).is_empty());
    assert!(store.sieve_active(a).unwrap().is_none());
    assert!(matches!(
        store.sieve_set_active(a, Some("không có")),
        Err(StorageError::NotFound { .. })
    ));
}

#[test]
fn replacing_the_active_script_keeps_it_active_with_a_new_version() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    store.sieve_put(a, "s", "keep;", true).unwrap();
    let before = store.sieve_active(a).unwrap().unwrap();
    let generation = store.sieve_generation().unwrap();
    let changes_here = store.sieve_changes_here();
    store.sieve_put(a, "s", "discard;", false).unwrap();
    assert!(store.sieve_changes_here() > changes_here);
    let after = store.sieve_active(a).unwrap().unwrap();
    assert_eq!(after.content, "discard;");
    assert_ne!(before.version, after.version);
    assert!(store.sieve_generation().unwrap() > generation);
    let (g, list) = store.sieve_active_versions().unwrap();
    assert_eq!(g, store.sieve_generation().unwrap());
    assert_eq!(list, vec![(a, "s".to_string(), after.version)]);
}

#[test]
fn the_active_script_cannot_be_deleted() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    store.sieve_put(a, "s", "keep;", true).unwrap();
    let e = store.sieve_delete(a, "s").unwrap_err();
    assert!(matches!(e, StorageError::Conflict(_)), "{e}");
    assert!(e.to_string().contains("active"));
    store.sieve_set_active(a, None).unwrap();
    store.sieve_delete(a, "s").unwrap();
    assert!(store.sieve_list(a).unwrap().is_empty());
    assert!(matches!(
        store.sieve_delete(a, "s"),
        Err(StorageError::NotFound { .. })
    ));
}

#[test]
fn rename_keeps_the_active_flag_and_refuses_a_taken_name() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    store.sieve_put(a, "a", "keep;", true).unwrap();
    store.sieve_put(a, "b", "keep;", false).unwrap();
    let taken = store.sieve_rename(a, "a", "b").unwrap_err();
    assert!(
        matches!(taken, StorageError::Conflict(_)) && taken.to_string().contains("already exists"),
        "{taken}"
    );
    store.sieve_rename(a, "a", "Lọc thư").unwrap();
    assert_eq!(active_names(&store, a), ["Lọc thư"]);
    assert!(matches!(
        store.sieve_get(a, "a"),
        Err(StorageError::NotFound { .. })
    ));
    assert!(matches!(
        store.sieve_rename(a, "zzz", "y"),
        Err(StorageError::NotFound { .. })
    ));
}

#[test]
fn scripts_belong_to_their_account() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    let b = account(&store, "btran");
    store.sieve_put(a, "s", "keep;", true).unwrap();
    store.sieve_put(b, "s", "discard;", true).unwrap();
    assert_eq!(store.sieve_get(a, "s").unwrap().content, "keep;");
    assert_eq!(store.sieve_get(b, "s").unwrap().content, "discard;");
    assert_eq!(store.sieve_active_versions().unwrap().1.len(), 2);
}

#[test]
fn bad_names_and_too_much_script_are_refused() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    for bad in ["", "a\nb", "x\u{7f}", "a\u{2028}b"] {
        assert!(
            matches!(
                store.sieve_put(a, bad, "keep;", false),
                Err(StorageError::Invalid(_))
            ),
            "{bad:?}"
        );
    }
    let big = "#".repeat(storage::MAX_SCRIPT_BYTES as usize + 1);
    assert!(matches!(
        store.sieve_put(a, "big", &big, false),
        Err(StorageError::OverQuota { .. })
    ));
    assert!(matches!(
        store.sieve_check_space(a, "big", storage::MAX_SCRIPT_BYTES + 1),
        Err(StorageError::OverQuota { .. })
    ));
    store
        .sieve_check_space(a, "big", storage::MAX_SCRIPT_BYTES)
        .unwrap();
}

#[test]
fn a_script_being_replaced_does_not_count_against_its_space() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    let max = storage::MAX_SCRIPT_BYTES;
    store
        .sieve_put(a, "lớn", &"#".repeat(max as usize - 10), false)
        .unwrap();
    store.sieve_check_space(a, "lớn", max - 5).unwrap();
    assert!(matches!(
        store.sieve_check_space(a, "khác", 100),
        Err(StorageError::OverQuota { .. })
    ));
    assert!(matches!(
        store.sieve_put(a, "khác", &"#".repeat(100), false),
        Err(StorageError::OverQuota { .. })
    ));
}

#[test]
fn a_vacation_reply_goes_once_however_many_ask_at_once() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    let handles: Vec<Store> = (0..4).map(|_| store.clone()).collect();
    let replies = std::thread::scope(|s| {
        let asked: Vec<_> = handles
            .iter()
            .map(|h| s.spawn(move || h.vacation_should_reply(a, "x@b.vn", "h", 100, 1000)))
            .collect();
        asked
            .into_iter()
            .map(|t| t.join().unwrap().unwrap())
            .filter(|&yes| yes)
            .count()
    });
    assert_eq!(replies, 1);
}

#[test]
fn a_vacation_reply_goes_once_per_sender_per_period() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    let day: i64 = 86_400;
    let week = 7 * day as u64;
    let t0 = 1_800_000_000;
    assert!(
        store
            .vacation_should_reply(a, "X@b.vn", "h", week, t0)
            .unwrap()
    );
    assert!(
        !store
            .vacation_should_reply(a, "x@b.vn", "h", week, t0 + day)
            .unwrap()
    );
    // Another handle (another vacation message) or another sender: a reply of its own.
    assert!(
        store
            .vacation_should_reply(a, "x@b.vn", "h2", week, t0 + day)
            .unwrap()
    );
    assert!(
        store
            .vacation_should_reply(a, "y@b.vn", "h", week, t0 + day)
            .unwrap()
    );
    // After the period, again.
    assert!(
        store
            .vacation_should_reply(a, "x@b.vn", "h", week, t0 + 7 * day)
            .unwrap()
    );
    assert!(
        !store
            .vacation_should_reply(a, "x@b.vn", "h", week, t0 + 8 * day)
            .unwrap()
    );
}

#[test]
fn purging_an_account_removes_its_scripts_and_vacation_records() {
    let (_d, store) = store();
    let a = account(&store, "annv");
    store.sieve_put(a, "s", "keep;", true).unwrap();
    store
        .vacation_should_reply(a, "x@b.vn", "h", 100, 1)
        .unwrap();
    store
        .set_status("annv@demo.gov.vn", AccountStatus::Removed)
        .unwrap();
    store.purge_account("annv@demo.gov.vn").unwrap();
    assert!(store.sieve_active_versions().unwrap().1.is_empty());
}
