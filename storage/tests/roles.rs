//! Roles on accounts (administrator, report viewer of an agency) and the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use storage::{AccountStatus, AuditFilter, NewAudit, Quota, Role, StorageError, Store};

const BINH: &str = "binhtt@demo.gov.vn";
const VIEWER: Role = Role::ReportViewer;
const UBND: Option<&str> = Some("UBND");

/// The demo directory with annv@ and binhtt@ in STTTT.
fn store() -> (tempfile::TempDir, Store) {
    let (dir, store) = common::store_with(common::open_backend);
    for user in ["annv", "binhtt"] {
        common::account(&store, user, Quota::default());
    }
    (dir, store)
}

#[test]
fn roles_are_added_once_scoped_and_removed() {
    let (_dir, store) = store();
    assert!(!store.has_admin().unwrap());
    assert!(
        store
            .add_role("AnNV@demo.gov.vn", Role::Admin, None)
            .unwrap()
    );
    assert!(
        !store
            .add_role("annv@demo.gov.vn", Role::Admin, None)
            .unwrap()
    );
    assert!(store.has_admin().unwrap());
    assert!(
        store
            .add_role("binhtt@demo.gov.vn", Role::ReportViewer, Some("stttt"))
            .unwrap()
    );
    assert!(store.add_role(BINH, VIEWER, UBND).unwrap());
    assert!(!store.add_role(BINH, VIEWER, UBND).unwrap());
    let all = store.list_roles(None).unwrap();
    let seen: Vec<_> = all
        .iter()
        .map(|r| (r.address.as_str(), r.role, r.agency.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("annv@demo.gov.vn", Role::Admin, None),
            ("binhtt@demo.gov.vn", Role::ReportViewer, Some("STTTT")),
            ("binhtt@demo.gov.vn", Role::ReportViewer, Some("UBND")),
        ]
    );
    assert_eq!(
        store.list_roles(Some("BinhTT@demo.gov.vn")).unwrap().len(),
        2
    );
    let err = store
        .add_role("annv@demo.gov.vn", Role::Admin, Some("UBND"))
        .unwrap_err();
    assert!(err.to_string().contains("leave out --agency"), "{err}");
    let err = store
        .add_role("annv@demo.gov.vn", Role::ReportViewer, None)
        .unwrap_err();
    assert!(err.to_string().contains("--agency CODE"), "{err}");
    assert!(matches!(
        store.add_role("annv@demo.gov.vn", Role::ReportViewer, Some("NONE")),
        Err(StorageError::NotFound { what: "agency", .. })
    ));
    assert!(store.remove_role(BINH, VIEWER, UBND).unwrap());
    assert!(!store.remove_role(BINH, VIEWER, UBND).unwrap());
    let id = store.get_account("binhtt@demo.gov.vn").unwrap().id;
    assert_eq!(store.roles_of(id).unwrap().len(), 1);
}

#[test]
fn a_removed_account_has_no_role_and_purging_takes_its_roles() {
    let (_dir, store) = store();
    store
        .add_role("annv@demo.gov.vn", Role::Admin, None)
        .unwrap();
    store
        .add_role("binhtt@demo.gov.vn", Role::ReportViewer, Some("STTTT"))
        .unwrap();
    store
        .set_status("annv@demo.gov.vn", AccountStatus::Removed)
        .unwrap();
    assert!(!store.has_admin().unwrap());
    let err = store
        .add_role("annv@demo.gov.vn", Role::Admin, None)
        .unwrap_err();
    assert!(matches!(err, StorageError::Conflict(_)), "{err}");
    store.purge_account("annv@demo.gov.vn").unwrap();
    assert_eq!(store.list_roles(None).unwrap().len(), 1);
}

#[test]
fn the_audit_log_is_filtered_newest_first() {
    let (_dir, store) = store();
    for (actor, action) in [
        ("annv@demo.gov.vn", "password.change"),
        ("cli:root", "role.add"),
        ("annv@demo.gov.vn", "report.denied"),
    ] {
        store
            .audit(NewAudit {
                actor: actor.into(),
                action: action.into(),
                target: Some("STTTT".into()),
                detail: None,
                source: "192.0.2.1".into(),
            })
            .unwrap();
    }
    let all = store.audit_log(&AuditFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].action, "report.denied");
    let by = store
        .audit_log(&AuditFilter {
            actor: Some("AnNV@demo.gov.vn".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(by.len(), 2);
    let one = store
        .audit_log(&AuditFilter {
            action: Some("role.add".into()),
            limit: Some(5),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(one.len(), 1);
    let later = store
        .audit_log(&AuditFilter {
            since: Some(storage::now() + 10),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(later.is_empty());
    assert!(store.audit(NewAudit::default()).is_err());
}
