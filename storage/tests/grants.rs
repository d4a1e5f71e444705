//! Grants: unit mailboxes shared with other accounts (migration 9), and copying and moving
//! messages between a unit's mailboxes and a grantee's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;

use storage::{
    AccountKind, AccountStatus, DeliveryTarget, GrantChange, MessageMeta, NewAccount, Quota,
    StorageError, Store,
};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = common::open_backend(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
        .unwrap();
    (dir, store)
}

fn account(store: &Store, local: &str, kind: AccountKind, quota: Quota) -> i64 {
    store
        .create_account(NewAccount {
            address: format!("{local}@demo.gov.vn"),
            display_name: format!("Hộp thư {local}"),
            agency_code: "STTTT".into(),
            kind,
            password_hash: storage::password::hash_generated("x").unwrap(),
            quota,
        })
        .unwrap()
        .id
}

const VANTHU: &str = "vanthu@demo.gov.vn";
const ANNV: &str = "annv@demo.gov.vn";
const NGOC: &str = "ngoc@demo.gov.vn";

/// vanthu@ (unit), annv@ and ngoc@ (personal).
fn three(store: &Store) -> (i64, i64, i64) {
    (
        account(store, "vanthu", AccountKind::Unit, Quota::default()),
        account(store, "annv", AccountKind::Personal, Quota::default()),
        account(store, "ngoc", AccountKind::Personal, Quota::default()),
    )
}

fn deliver(store: &Store, account: i64, subject: &str) {
    let raw: Arc<[u8]> =
        format!("From: a@b.gov.vn\r\nTo: {VANTHU}\r\nSubject: {subject}\r\n\r\nNội dung\r\n")
            .into_bytes()
            .into();
    let meta = MessageMeta::parse(&raw);
    store
        .deliver(
            raw,
            meta,
            storage::now(),
            vec![DeliveryTarget::inbox(account)],
        )
        .unwrap();
}

#[test]
fn grants_are_upserted_listed_and_revoked() {
    let (_dir, store) = store();
    let (unit, annv, ngoc) = three(&store);
    assert_eq!(
        store.grant("VanThu@demo.gov.vn", ANNV, false).unwrap(),
        GrantChange::Created
    );
    assert_eq!(
        store.grant(VANTHU, " ANNV@demo.gov.vn ", false).unwrap(),
        GrantChange::Unchanged
    );
    assert_eq!(
        store.grant(VANTHU, ANNV, true).unwrap(),
        GrantChange::Changed
    );
    assert_eq!(
        store.grant(VANTHU, NGOC, false).unwrap(),
        GrantChange::Created
    );

    let of_unit = store.grants_of_unit(VANTHU).unwrap();
    let who: Vec<(&str, bool)> = of_unit
        .iter()
        .map(|g| (g.grantee.as_str(), g.read_only))
        .collect();
    assert_eq!(who, [(ANNV, true), (NGOC, false)]);
    assert!(
        of_unit
            .iter()
            .all(|g| g.unit == VANTHU && g.unit_id == unit)
    );
    let to_annv = store.grants_to(ANNV).unwrap();
    assert_eq!(to_annv.len(), 1);
    assert_eq!((to_annv[0].unit_id, to_annv[0].grantee_id), (unit, annv));
    assert!(store.grants_to(VANTHU).unwrap().is_empty());

    let access = store
        .shared_access(ngoc, "VanThu@demo.gov.vn")
        .unwrap()
        .unwrap();
    assert!(!access.read_only);
    assert_eq!(
        store
            .shared_access_by_id(annv, unit)
            .unwrap()
            .map(|g| (g.unit, g.read_only)),
        Some((VANTHU.to_string(), true))
    );

    store.revoke(VANTHU, ANNV).unwrap();
    assert_eq!(store.shared_access(annv, VANTHU).unwrap(), None);
    let again = store.revoke(VANTHU, ANNV).unwrap_err();
    assert!(
        matches!(&again, StorageError::Conflict(m) if m.contains("no access")),
        "{again}"
    );
    assert_eq!(store.grants_of_unit(VANTHU).unwrap().len(), 1);
}

#[test]
fn wrong_grants_are_refused_with_what_to_fix() {
    let (_dir, store) = store();
    let (_, annv, _) = three(&store);
    let personal = store.grant(ANNV, NGOC, false).unwrap_err();
    assert!(
        matches!(personal, StorageError::Invalid(_))
            && personal.to_string().contains("not a unit mailbox"),
        "{personal}"
    );
    let itself = store.grant(VANTHU, VANTHU, false).unwrap_err();
    assert!(itself.to_string().contains("itself"), "{itself}");
    let unknown = store.grant(VANTHU, "ai@demo.gov.vn", false).unwrap_err();
    assert!(
        matches!(
            unknown,
            StorageError::NotFound {
                what: "account",
                ..
            }
        ),
        "{unknown}"
    );
    store.set_status(NGOC, AccountStatus::Suspended).unwrap();
    let suspended = store.grant(VANTHU, NGOC, false).unwrap_err();
    assert!(
        suspended.to_string().contains("govmail user resume"),
        "{suspended}"
    );
    store.set_status(VANTHU, AccountStatus::Suspended).unwrap();
    let unit = store.grant(VANTHU, ANNV, false).unwrap_err();
    assert!(
        matches!(unit, StorageError::Conflict(_)) && unit.to_string().contains("suspended"),
        "{unit}"
    );
    // Nothing was written by the refusals.
    assert!(store.grants_of_unit(VANTHU).unwrap().is_empty());
    assert!(store.grants_to(ANNV).unwrap().is_empty());
    // Access is never given to anything but a granted, active unit.
    assert_eq!(store.shared_access(annv, NGOC).unwrap(), None);
    assert_eq!(store.shared_access(annv, "x@y.gov.vn").unwrap(), None);
    assert_eq!(store.shared_access(annv, "%").unwrap(), None);
}

#[test]
fn a_suspended_unit_is_closed_to_its_grantees_until_resumed() {
    let (_dir, store) = store();
    let (unit, annv, _) = three(&store);
    store.grant(VANTHU, ANNV, false).unwrap();
    store.set_status(VANTHU, AccountStatus::Suspended).unwrap();
    assert_eq!(store.shared_access_by_id(annv, unit).unwrap(), None);
    assert_eq!(store.shared_access(annv, VANTHU).unwrap(), None);
    // Kept, not deleted: the grant is listed still, and opens again on resume.
    assert_eq!(store.grants_to(ANNV).unwrap().len(), 1);
    assert!(
        store
            .shared_mailboxes(annv, storage::Counts::With)
            .unwrap()
            .is_empty()
    );
    store.set_status(VANTHU, AccountStatus::Active).unwrap();
    assert!(store.shared_access_by_id(annv, unit).unwrap().is_some());
}

#[test]
fn removing_either_account_deletes_its_grants_and_purge_works() {
    let (_dir, store) = store();
    let (_, annv, _) = three(&store);
    store.grant(VANTHU, ANNV, false).unwrap();
    store.grant(VANTHU, NGOC, true).unwrap();
    store.set_status(NGOC, AccountStatus::Removed).unwrap();
    assert_eq!(store.grants_of_unit(VANTHU).unwrap().len(), 1);
    store.purge_account(NGOC).unwrap();
    store.set_status(VANTHU, AccountStatus::Removed).unwrap();
    assert!(store.grants_to(ANNV).unwrap().is_empty());
    // Resuming does not bring grants back.
    store.set_status(VANTHU, AccountStatus::Active).unwrap();
    assert!(
        store
            .shared_mailboxes(annv, storage::Counts::With)
            .unwrap()
            .is_empty()
    );
    store.set_status(VANTHU, AccountStatus::Removed).unwrap();
    store.purge_account(VANTHU).unwrap();
    assert!(store.check(true, false).unwrap().problems.is_empty());
}

#[test]
fn shared_mailboxes_are_the_units_with_their_counts() {
    let (_dir, store) = store();
    let (unit, annv, ngoc) = three(&store);
    deliver(&store, unit, "Công văn 1");
    deliver(&store, unit, "Công văn 2");
    store.create_mailbox(unit, "Lưu trữ/2026", None).unwrap();
    store.grant(VANTHU, ANNV, true).unwrap();
    let shared = store.shared_mailboxes(annv, storage::Counts::With).unwrap();
    assert_eq!(shared.len(), 1);
    let (grant, boxes) = &shared[0];
    assert_eq!((grant.unit.as_str(), grant.read_only), (VANTHU, true));
    let inbox = boxes.iter().find(|b| b.name == "INBOX").unwrap();
    assert_eq!((inbox.messages, inbox.unseen, inbox.account), (2, 2, unit));
    assert!(boxes.iter().any(|b| b.name == "Lưu trữ/2026"));
    assert!(
        store
            .shared_mailboxes(ngoc, storage::Counts::With)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn copy_and_move_across_accounts_charge_the_destination_owner() {
    let (_dir, store) = store();
    let unit = account(&store, "vanthu", AccountKind::Unit, Quota::default());
    let annv = account(
        &store,
        "annv",
        AccountKind::Personal,
        Quota {
            bytes: Some(10_000),
            messages: Some(2),
        },
    );
    deliver(&store, unit, "Công văn 1");
    deliver(&store, unit, "Công văn 2");
    deliver(&store, unit, "Công văn 3");
    let unit_inbox = store.get_mailbox(unit, "INBOX").unwrap();
    let own = store.get_mailbox(annv, "Archive").unwrap();
    let used = |id| {
        let a = store.get_account_by_id(id).unwrap();
        (a.used_messages, a.used_bytes)
    };
    let (_, unit_bytes) = used(unit);
    let one = unit_bytes / 3;

    let mapping = store
        .copy_across((unit, unit_inbox.id), vec![1], (annv, own.id))
        .unwrap();
    assert_eq!(mapping, [(1, 1)]);
    assert_eq!(used(annv), (1, one));
    assert_eq!(used(unit), (3, unit_bytes));

    // Over the destination's quota (2 messages): refused whole, nothing moved.
    let over = store
        .move_across((unit, unit_inbox.id), vec![2, 3], (annv, own.id))
        .unwrap_err();
    assert!(matches!(over, StorageError::OverQuota { .. }), "{over}");
    assert_eq!(store.uids(unit, unit_inbox.id).unwrap(), [1, 2, 3]);

    let moved = store
        .move_across((unit, unit_inbox.id), vec![2], (annv, own.id))
        .unwrap();
    assert_eq!(moved, [(2, 2)]);
    assert_eq!(used(annv), (2, 2 * one));
    assert_eq!(used(unit), (2, unit_bytes - one));
    assert_eq!(store.uids(unit, unit_inbox.id).unwrap(), [1, 3]);

    // Into the unit: charged to the unit.
    store
        .copy_across((annv, own.id), vec![1], (unit, unit_inbox.id))
        .unwrap();
    assert_eq!(used(unit), (3, unit_bytes));
    // A pair that does not belong together is refused.
    assert!(
        store
            .copy_across((annv, unit_inbox.id), vec![1], (annv, own.id))
            .is_err()
    );
    assert!(store.check(true, false).unwrap().problems.is_empty());
}
