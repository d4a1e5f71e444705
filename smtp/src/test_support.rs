//! What the crate's unit tests set up alike.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

/// A store in a new temporary directory serving x.gov.vn, with agency UB and the personal
/// account annv@x.gov.vn. Keep the directory while the store is used.
pub(crate) fn store_with_annv() -> (tempfile::TempDir, storage::Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = storage::Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
    store.add_domain("x.gov.vn").unwrap();
    store.add_agency("UB", "Ủy ban", None, None).unwrap();
    store
        .create_account(storage::NewAccount {
            address: "annv@x.gov.vn".into(),
            display_name: "Nguyễn Văn An".into(),
            agency_code: "UB".into(),
            kind: storage::AccountKind::Personal,
            password_hash: "x".into(),
            quota: storage::Quota::default(),
        })
        .unwrap();
    (dir, store)
}

/// A login checker with default throttling and a one-thread password pool.
pub(crate) fn logins() -> Arc<::auth::Logins> {
    Arc::new(::auth::Logins::new(
        Default::default(),
        Arc::new(::auth::PasswordPool::new(1)),
    ))
}
