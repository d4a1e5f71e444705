//! The quarantine: received mail held back from its recipients (a secret-marked document)
//! reaches nobody until an administrator releases it into their INBOXes, once, or deletes it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;

use common::{account, inbox, message};
use storage::{AccountStatus, MessageMeta, Quota, StorageError, Store};

fn hold(store: &Store, raw: Arc<[u8]>, recipients: &[i64]) -> i64 {
    let meta = MessageMeta::parse(&raw);
    store
        .quarantine(raw, meta, "x@y.gov.vn", recipients, "secret")
        .unwrap()
}

#[test]
fn quarantined_mail_reaches_nobody_until_released() {
    let (dir, store) = common::store_with(common::open_backend);
    let a = account(&store, "a", Quota::default());
    let b = account(&store, "b", Quota::default());
    let raw = message(7);
    let id = hold(&store, raw.clone(), &[a, b]);
    let id2 = hold(&store, message(8), &[a]);
    assert!(
        store
            .messages(a, inbox(&store, a).id, 1..=u32::MAX)
            .unwrap()
            .is_empty()
    );
    let list = store.quarantine_list().unwrap();
    assert_eq!(list.len(), 2);
    let held = list.iter().find(|q| q.id == id).unwrap();
    assert_eq!(held.recipients, [a, b]);
    assert_eq!(held.subject.as_deref(), Some("Giấy mời số 7"));
    assert_eq!(store.quarantine_get(id).unwrap().reason, "secret");
    assert!(store.check(false, false).unwrap().problems.is_empty());
    let delivered = store
        .quarantine_release(id, vec!["$Official".into()])
        .unwrap();
    assert_eq!(delivered.len(), 2);
    let got = store
        .messages(b, inbox(&store, b).id, 1..=u32::MAX)
        .unwrap();
    assert_eq!(got[0].keywords, ["$Official"]);
    assert_eq!(
        &store
            .read_message(b, inbox(&store, b).id, got[0].uid)
            .unwrap()[..],
        &raw[..]
    );
    assert!(matches!(
        store.quarantine_get(id),
        Err(StorageError::NotFound { .. })
    ));
    assert!(matches!(
        store.quarantine_release(id, vec![]),
        Err(StorageError::NotFound { .. })
    ));
    store.quarantine_delete(id2).unwrap();
    assert!(store.quarantine_list().unwrap().is_empty());
    assert!(matches!(
        store.quarantine_delete(id2),
        Err(StorageError::NotFound { .. })
    ));
    assert_eq!(common::blob_files(&store, dir.path()), 0);
    assert!(store.check(false, false).unwrap().problems.is_empty());
}

#[test]
fn a_release_goes_to_the_recipients_still_there() {
    let (_dir, store) = common::store_with(common::open_backend);
    let a = account(&store, "a", Quota::default());
    let b = account(&store, "b", Quota::default());
    let id = hold(&store, message(7), &[a, b]);
    store
        .set_status("b@demo.gov.vn", AccountStatus::Removed)
        .unwrap();
    let delivered = store.quarantine_release(id, vec![]).unwrap();
    let to: Vec<_> = delivered.iter().map(|d| d.account).collect();
    assert_eq!(to, [a]);
    assert_eq!(inbox(&store, a).messages, 1);
}
