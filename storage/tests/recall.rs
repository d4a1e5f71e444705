//! Recall in the store: the "Thu hồi" folder, the request written with the COPY/MOVE, the
//! copies taken out into the hidden area (seen as expunges), the register marked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;

use storage::{
    AccountKind, Change, Counts, DeliveryTarget, MessageMeta, NewAccount, Quota, RecallKind,
    RecallState, RecallableDocument, StorageError, Store,
};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = common::open_backend(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, Some(50))
        .unwrap();
    (dir, store)
}

fn account(store: &Store, local: &str, kind: AccountKind) -> i64 {
    store
        .create_account(NewAccount {
            address: format!("{local}@demo.gov.vn"),
            display_name: format!("Người dùng {local}"),
            agency_code: "STTTT".into(),
            kind,
            password_hash: storage::password::hash_generated("x").unwrap(),
            quota: Quota::default(),
        })
        .unwrap()
        .id
}

const RAW: &str = "From: a@demo.gov.vn\r\nTo: b@demo.gov.vn\r\nSubject: Giấy mời số 45/GM-UBND\r\n\
                   Message-ID: <gm45@demo.gov.vn>\r\n\r\nSố: 45/GM-UBND\r\n";

fn deliver(store: &Store, accounts: &[i64], mailbox: &str) -> Vec<storage::Delivered> {
    let raw: Arc<[u8]> = RAW.as_bytes().into();
    let meta = MessageMeta::parse(&raw);
    let targets = accounts
        .iter()
        .map(|&a| DeliveryTarget {
            mailbox: mailbox.into(),
            ..DeliveryTarget::inbox(a)
        })
        .collect();
    store.deliver(raw, meta, storage::now(), targets).unwrap()
}

/// The register's entry of the document of [`RAW`], sent by `sender`.
fn document(sender: i64) -> RecallableDocument {
    RecallableDocument {
        message_id: "<gm45@demo.gov.vn>".into(),
        sent: true,
        sender: "a@demo.gov.vn".into(),
        sender_account: Some(sender),
        doc_type: Some("giay-moi".into()),
        number: Some("45/GM-UBND".into()),
        subject: None,
        remote_recipients: vec![],
        at: 1,
        recalled_at: None,
        recalled_by: None,
    }
}

#[test]
fn every_account_has_the_recall_folder_and_a_copy_into_it_is_a_request() {
    let (_d, store) = store();
    let a = account(&store, "a", AccountKind::Personal);
    let boxes = store.list_mailboxes(a, Counts::Without).unwrap();
    let recall = boxes
        .iter()
        .find(|m| m.name == "Thu hồi")
        .expect("a Thu hồi folder");
    assert_eq!(recall.special_use.as_deref(), Some("\\X-Recall"));
    let sent = store.get_mailbox(a, "Sent").unwrap();
    let d = deliver(&store, &[a], "Sent");
    assert!(store.open_recalls(10).unwrap().is_empty());
    store.copy(a, sent.id, vec![d[0].uid], recall.id).unwrap();
    let requests = store.open_recalls(10).unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].kind, RecallKind::Mailbox);
    assert_eq!(requests[0].account, Some(a));
    assert_eq!(requests[0].mailbox, Some(recall.id));
}

#[test]
fn taking_copies_out_expunges_them_keeps_them_hidden_and_marks_the_register() {
    let (_d, store) = store();
    let a = account(&store, "a", AccountKind::Personal);
    let b = account(&store, "b", AccountKind::Personal);
    let c = account(&store, "c", AccountKind::Personal);
    deliver(&store, &[b, c], "INBOX");
    deliver(&store, &[a], "Sent");
    // Someone else's message reusing the Message-ID is not the document (xa@ contains a@).
    let other: Arc<[u8]> = RAW.replace("From: a@", "From: xa@").as_bytes().into();
    let meta = MessageMeta::parse(&other);
    let target = DeliveryTarget {
        mailbox: "Archive".into(),
        ..DeliveryTarget::inbox(b)
    };
    store
        .deliver(other, meta, storage::now(), vec![target])
        .unwrap();
    store.record_recallable(document(a)).unwrap();
    let mut changes = store.subscribe(b);
    let id = store
        .request_recall(RecallKind::Admin, Some(a), "gm45@demo.gov.vn", None)
        .unwrap();
    let reached = store
        .take_out_copies(
            id,
            "gm45@demo.gov.vn",
            "a@demo.gov.vn",
            Some(a),
            "a@demo.gov.vn",
        )
        .unwrap();
    let addresses: Vec<_> = reached.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["b@demo.gov.vn", "c@demo.gov.vn"]);
    // b's sessions are told of the expunge.
    let inbox = store.get_mailbox(b, "INBOX").unwrap();
    let mut expunged = false;
    while let Ok(change) = changes.try_recv() {
        expunged |= matches!(change, Change::Expunged { mailbox, .. } if mailbox == inbox.id);
    }
    assert!(expunged);
    assert_eq!(inbox.messages, 0);
    assert_eq!(store.recalled_copies(b).unwrap().len(), 1);
    assert_eq!(store.get_mailbox(b, "Archive").unwrap().messages, 1);
    // The sender's own copy stays; the hidden area is never listed.
    assert_eq!(store.get_mailbox(a, "Sent").unwrap().messages, 1);
    assert!(
        store
            .list_mailboxes(b, Counts::Without)
            .unwrap()
            .iter()
            .all(|m| !m.name.contains("thu hồi") || m.name == "Thu hồi")
    );
    let doc = &store.recallable("gm45@demo.gov.vn", true).unwrap()[0];
    assert!(doc.recalled_at.is_some());
    assert_eq!(doc.recalled_by.as_deref(), Some("a@demo.gov.vn"));
    assert_eq!(store.recall_request(id).unwrap().state, RecallState::Moved);
    // Done again after a crash: nothing left to take out, nothing breaks.
    assert!(
        store
            .take_out_copies(
                id,
                "gm45@demo.gov.vn",
                "a@demo.gov.vn",
                Some(a),
                "a@demo.gov.vn"
            )
            .unwrap()
            .is_empty()
    );
    let report = store.check(false, false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // Kept for the retention period, then removed.
    assert_eq!(store.purge_recalled(0).unwrap(), 0);
    assert_eq!(store.purge_recalled(i64::MAX).unwrap(), 2);
    assert!(store.recalled_copies(b).unwrap().is_empty());
}

#[test]
fn a_van_thu_may_recall_for_its_agency_others_may_not() {
    let (_d, store) = store();
    let a = account(&store, "a", AccountKind::Personal);
    let other = account(&store, "b", AccountKind::Personal);
    let vt = account(&store, "vt", AccountKind::Personal);
    let reader = account(&store, "reader", AccountKind::Personal);
    account(&store, "vanthu", AccountKind::Unit);
    store
        .grant("vanthu@demo.gov.vn", "vt@demo.gov.vn", false)
        .unwrap();
    store
        .grant("vanthu@demo.gov.vn", "reader@demo.gov.vn", true)
        .unwrap();
    assert!(store.may_recall(a, a).unwrap());
    assert!(store.may_recall(vt, a).unwrap());
    assert!(!store.may_recall(reader, a).unwrap(), "a read-only grantee");
    assert!(!store.may_recall(other, a).unwrap());
}

#[test]
fn a_recall_request_is_recorded_read_and_finished() {
    let (_d, store) = store();
    let a = account(&store, "a", AccountKind::Personal);
    store
        .record_recallable(RecallableDocument {
            sender: "A@demo.gov.vn".into(),
            remote_recipients: vec!["x@hue.gov.vn".into()],
            ..document(a)
        })
        .unwrap();
    let found = store.recallable("gm45@demo.gov.vn", true).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sender, "a@demo.gov.vn");
    assert_eq!(found[0].remote_recipients, ["x@hue.gov.vn"]);
    assert!(
        store
            .recallable("gm45@demo.gov.vn", false)
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.request_recall(RecallKind::Admin, Some(a), " <> ", None),
        Err(StorageError::Invalid(_))
    ));
    let id = store
        .request_recall(
            RecallKind::Admin,
            Some(a),
            "<gm45@demo.gov.vn>",
            Some("A@demo.gov.vn"),
        )
        .unwrap();
    let request = store.recall_request(id).unwrap();
    assert_eq!(
        (
            request.kind,
            request.state,
            request.message_id.as_deref(),
            request.requester.as_deref()
        ),
        (
            RecallKind::Admin,
            RecallState::Pending,
            Some("gm45@demo.gov.vn"),
            Some("a@demo.gov.vn")
        )
    );
    assert_eq!(store.open_recalls(10).unwrap().len(), 1);
    store
        .finish_recall(id, RecallState::Done, "{\"reached\":2}")
        .unwrap();
    assert!(store.open_recalls(10).unwrap().is_empty());
    let listed = store.recall_requests(5).unwrap();
    assert_eq!(listed[0].state, RecallState::Done);
    assert_eq!(listed[0].outcome.as_deref(), Some("{\"reached\":2}"));
    assert!(matches!(
        store.recall_request(id + 100),
        Err(StorageError::NotFound { .. })
    ));
}
