//! Receipt and read tracking of official documents in the register (issue 22 item 2): the
//! recipients' rows written with a register entry, the first \Seen, the receipt states and
//! receipts from other servers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;

use storage::{
    AccountKind, DeliveryTarget, Direction, FlagChange, FlagOp, Flags, LocalCopy, MessageMeta,
    NewAccount, NewDocument, Quota, ReceiptReport, Receipts, Settle, Store, Tracking,
    TrackingFilter,
};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = common::open_backend(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("UBND", "Ủy ban nhân dân tỉnh", None, Some(20))
        .unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", Some("UBND"), None)
        .unwrap();
    store
        .add_agency("SNV", "Sở Nội vụ", Some("UBND"), None)
        .unwrap();
    (dir, store)
}

fn account(store: &Store, local: &str, agency: &str) -> i64 {
    store
        .create_account(NewAccount {
            address: format!("{local}@demo.gov.vn"),
            display_name: format!("Người dùng {local}"),
            agency_code: agency.into(),
            kind: AccountKind::Personal,
            password_hash: storage::password::hash_generated("x").unwrap(),
            quota: Quota::default(),
        })
        .unwrap()
        .id
}

/// Delivers an official document (keyword $Official) or a plain message to `accounts`.
fn deliver(store: &Store, accounts: &[i64], official: bool) -> Vec<LocalCopy> {
    let raw: Arc<[u8]> = b"From: vanthu@demo.gov.vn\r\nSubject: Giay moi so 45/GM-UBND\r\n\
        Message-ID: <gm45@demo.gov.vn>\r\n\r\nNoi dung\r\n"
        .to_vec()
        .into();
    let meta = MessageMeta::parse(&raw);
    let keywords: Vec<String> = if official {
        vec!["$Official".into()]
    } else {
        Vec::new()
    };
    let targets = accounts
        .iter()
        .map(|&a| DeliveryTarget {
            keywords: keywords.clone(),
            ..DeliveryTarget::inbox(a)
        })
        .collect();
    store
        .deliver(raw, meta, storage::now(), targets)
        .unwrap()
        .into_iter()
        .map(|d| LocalCopy {
            account: d.account,
            mailbox: d.mailbox,
            uid: d.uid,
        })
        .collect()
}

fn record(store: &Store, copies: Vec<LocalCopy>, remote: Vec<String>, receipts: Receipts) {
    record_from(store, "vanthu@demo.gov.vn", copies, remote, receipts);
}

fn record_from(
    store: &Store,
    sender: &str,
    copies: Vec<LocalCopy>,
    remote: Vec<String>,
    receipts: Receipts,
) {
    store.record_tracked_document(
        NewDocument {
            at: storage::now(),
            direction: Direction::Sent,
            doc_type: Some("giay-moi".into()),
            number: Some("45/GM-UBND".into()),
            urgency: None,
            secrecy: None,
            mandatory: true,
            sender: sender.into(),
            sender_account: None,
            local_recipients: copies.iter().map(|c| c.account).collect(),
            external_recipients: remote.len() as u32,
            subject: Some("Giấy mời họp".into()),
            signatures: None,
        },
        Tracking {
            message_id: Some("gm45@demo.gov.vn".into()),
            copies,
            remote,
            receipts,
            follow_up: None,
        },
    );
    store.flush_usage().unwrap();
}

fn seen(store: &Store, copy: LocalCopy) {
    store
        .set_flags(
            copy.account,
            copy.mailbox,
            vec![copy.uid],
            FlagChange {
                op: FlagOp::Add,
                flags: Flags::SEEN,
                keywords: Vec::new(),
                unchanged_since: None,
            },
        )
        .unwrap();
}

fn rows(store: &Store) -> Vec<storage::RecipientStatus> {
    let mut docs = store.tracked_documents(&TrackingFilter::default()).unwrap();
    assert_eq!(docs.len(), 1);
    docs.pop().unwrap().1
}

/// One pending receipt per receiving agency, not per person; once sent, none is pending.
#[test]
fn one_receipt_is_pending_per_receiving_agency() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let b = account(&store, "b", "STTTT");
    let c = account(&store, "c", "SNV");
    let copies = deliver(&store, &[a, b, c], true);
    record(&store, copies, vec!["x@khac.gov.vn".into()], Receipts::Owed);
    let pending = store.pending_receipts(10).unwrap();
    let mut agencies: Vec<(String, usize)> = pending
        .iter()
        .map(|p| (p.agency_code.clone().unwrap(), p.recipients.len()))
        .collect();
    agencies.sort();
    assert_eq!(agencies, [("SNV".into(), 1), ("STTTT".into(), 2)]);
    assert_eq!(pending[0].document.number.as_deref(), Some("45/GM-UBND"));
    assert_eq!(
        pending[0].document.message_id.as_deref(),
        Some("gm45@demo.gov.vn")
    );
    for p in &pending {
        store
            .settle_receipts(p.document.id, p.agency_id, Settle::Sent(1000))
            .unwrap();
    }
    assert!(store.pending_receipts(10).unwrap().is_empty());
    let rows = rows(&store);
    assert_eq!(rows.len(), 4);
    for r in &rows[..3] {
        assert!(r.local && r.delivered_at.is_some() && r.read_at.is_none());
        assert_eq!((r.receipt.as_str(), r.receipt_at), ("sent", Some(1000)));
    }
    assert_eq!(rows[3].address, "x@khac.gov.vn");
    assert_eq!((rows[3].local, rows[3].receipt.as_str()), (false, "none"));
}

/// Without a receipt owed (null sender, automatic message) nothing is pending, but the
/// recipients are still tracked.
#[test]
fn nothing_is_pending_when_no_receipt_is_owed() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    record(&store, copies, Vec::new(), Receipts::None);
    assert!(store.pending_receipts(10).unwrap().is_empty());
    assert_eq!(rows(&store)[0].receipt, "none");
}

/// A sender that takes no receipt (decided at delivery) has its rows written `off`: nothing
/// is pending, and the receipt sender is not woken for them.
#[test]
fn rows_of_a_sender_that_takes_no_receipt_are_off_at_once() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    let wake = store.receipts_wakeup();
    record(&store, copies, vec!["x@khac.gov.vn".into()], Receipts::Off);
    assert!(store.pending_receipts(10).unwrap().is_empty());
    let rows = rows(&store);
    assert_eq!(rows[0].receipt, "off");
    // A remote recipient's row has no receipt of ours to owe.
    assert_eq!(rows[1].receipt, "none");
    // No wake-up was stored for the receipt sender.
    let woken = std::pin::pin!(wake.notified());
    assert!(!woken.enable());
}

/// A receipt left to the register's flush (`Receipts::BySender`) is settled by where the
/// sender is: owed to one of our accounts, in any case of its address; not to an address of
/// our domain that no account has; to an address elsewhere when delivery found its domain
/// official.
#[test]
fn receipts_by_sender_are_settled_where_the_sender_is() {
    let cases = [
        ("Sender@Demo.gov.vn", false, "new"),
        ("nobody@demo.gov.vn", true, "off"),
        ("vanthu@khac.gov.vn", true, "new"),
        ("someone@example.com", false, "off"),
    ];
    for (sender, remote_official, state) in cases {
        let (_dir, store) = store();
        account(&store, "sender", "SNV");
        let a = account(&store, "a", "STTTT");
        let copies = deliver(&store, &[a], true);
        let by_sender = Receipts::BySender { remote_official };
        record_from(&store, sender, copies, Vec::new(), by_sender);
        assert_eq!(rows(&store)[0].receipt, state, "{sender}");
        let pending = store.pending_receipts(10).unwrap();
        assert_eq!(pending.len(), usize::from(state == "new"), "{sender}");
    }
}

/// The first \Seen of a document's copy is its first read; later ones change nothing, and a
/// message without $Official is not looked for.
#[test]
fn the_first_seen_is_the_first_read() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    record(&store, copies.clone(), Vec::new(), Receipts::Owed);
    assert_eq!(rows(&store)[0].read_at, None);
    seen(&store, copies[0]);
    let first = rows(&store)[0].read_at.expect("read");
    // \Seen taken away and given again: still the first read.
    store
        .set_flags(
            copies[0].account,
            copies[0].mailbox,
            vec![copies[0].uid],
            FlagChange {
                op: FlagOp::Remove,
                flags: Flags::SEEN,
                keywords: Vec::new(),
                unchanged_since: None,
            },
        )
        .unwrap();
    seen(&store, copies[0]);
    assert_eq!(rows(&store)[0].read_at, Some(first));
}

/// A message without $Official is not looked for in the register, even when its content is
/// a tracked one (the keyword is the gate that keeps other reads free).
#[test]
fn a_message_without_the_keyword_is_not_looked_for() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], false);
    record(&store, copies.clone(), Vec::new(), Receipts::Owed);
    seen(&store, copies[0]);
    assert_eq!(rows(&store)[0].read_at, None);
}

/// An agency that sends receipts at first read: the group waits, and the first read makes it
/// due and wakes the receipt sender.
#[tokio::test]
async fn a_waiting_receipt_is_due_at_first_read() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let b = account(&store, "b", "STTTT");
    let copies = deliver(&store, &[a, b], true);
    record(&store, copies.clone(), Vec::new(), Receipts::Owed);
    let wake = store.receipts_wakeup();
    // The flush with a receipt owed woke the sender once.
    tokio::time::timeout(std::time::Duration::from_secs(1), wake.notified())
        .await
        .expect("woken by the flush");
    let p = store.pending_receipts(10).unwrap().pop().unwrap();
    assert!(
        !store
            .settle_receipts(p.document.id, p.agency_id, Settle::Wait)
            .unwrap()
    );
    assert!(store.pending_receipts(10).unwrap().is_empty());
    seen(&store, copies[1]);
    tokio::time::timeout(std::time::Duration::from_secs(1), wake.notified())
        .await
        .expect("woken by the first read");
    let due = store.pending_receipts(10).unwrap();
    assert_eq!(due.len(), 1);
    let read: Vec<bool> = due[0]
        .recipients
        .iter()
        .map(|r| r.read_at.is_some())
        .collect();
    assert_eq!(read, [false, true]);
}

/// A read between the receipt sender's look and its decision to wait is not lost.
#[test]
fn waiting_after_a_read_is_due_at_once() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    record(&store, copies.clone(), Vec::new(), Receipts::Owed);
    let p = store.pending_receipts(10).unwrap().pop().unwrap();
    seen(&store, copies[0]);
    assert!(
        store
            .settle_receipts(p.document.id, p.agency_id, Settle::Wait)
            .unwrap()
    );
    assert_eq!(store.pending_receipts(10).unwrap().len(), 1);
}

/// A receipt from another server updates that server's recipients of the document its
/// addressee sent, and nothing else.
#[test]
fn a_remote_receipt_updates_the_remote_recipients_only() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    record(
        &store,
        copies,
        vec!["vanthu@khac.gov.vn".into(), "y@other.gov.vn".into()],
        Receipts::Owed,
    );
    let report = |to: &str, recipients: &[&str], read: bool, at: i64| ReceiptReport {
        original_message_id: "gm45@demo.gov.vn".into(),
        to: to.into(),
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
        agency: Some("UBND xã Khác".into()),
        read,
        at,
    };
    // Not the document's sender, and not a remote recipient: nothing changes.
    store.record_receipt(report(
        "other@demo.gov.vn",
        &["vanthu@khac.gov.vn"],
        false,
        5,
    ));
    store.record_receipt(report("vanthu@demo.gov.vn", &["a@demo.gov.vn"], true, 5));
    store.flush_usage().unwrap();
    assert!(rows(&store).iter().all(|r| r.delivered_at != Some(5)));
    store.record_receipt(report(
        "VANTHU@demo.gov.vn",
        &["VanThu@khac.gov.vn"],
        false,
        10,
    ));
    store.record_receipt(report(
        "vanthu@demo.gov.vn",
        &["vanthu@khac.gov.vn"],
        true,
        20,
    ));
    store.flush_usage().unwrap();
    let rows = rows(&store);
    assert_eq!(rows[0].read_at, None, "the local row is ours to tell");
    let remote = &rows[1];
    assert_eq!(
        (
            remote.delivered_at,
            remote.read_at,
            remote.agency.as_deref()
        ),
        (Some(10), Some(20), Some("UBND xã Khác"))
    );
    assert_eq!((rows[2].delivered_at, rows[2].read_at), (None, None));
}

/// Once a copy's content is gone, its row no longer points at it (the content's id may be
/// given to another message).
#[test]
fn an_expunged_copy_forgets_its_content() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    record(&store, copies.clone(), Vec::new(), Receipts::Owed);
    let c = copies[0];
    store
        .set_flags(
            c.account,
            c.mailbox,
            vec![c.uid],
            FlagChange {
                op: FlagOp::Add,
                flags: Flags::DELETED,
                keywords: Vec::new(),
                unchanged_since: None,
            },
        )
        .unwrap();
    store.expunge(c.account, c.mailbox, None).unwrap();
    // A new document whose content may take the old id, read by the same account.
    let again = deliver(&store, &[a], true);
    seen(&store, again[0]);
    assert_eq!(rows(&store)[0].read_at, None);
}

/// A receipt that comes back before the register's flush still finds its document: both
/// are applied in order by the same flush.
#[test]
fn a_receipt_faster_than_the_flush_finds_its_document() {
    let (_dir, store) = store();
    let a = account(&store, "a", "STTTT");
    let copies = deliver(&store, &[a], true);
    store.record_tracked_document(
        NewDocument {
            at: storage::now(),
            direction: Direction::Sent,
            doc_type: Some("giay-moi".into()),
            number: Some("45/GM-UBND".into()),
            urgency: None,
            secrecy: None,
            mandatory: true,
            sender: "vanthu@demo.gov.vn".into(),
            sender_account: None,
            local_recipients: vec![a],
            external_recipients: 1,
            subject: None,
            signatures: None,
        },
        Tracking {
            message_id: Some("gm45@demo.gov.vn".into()),
            copies,
            remote: vec!["x@khac.gov.vn".into()],
            receipts: Receipts::Owed,
            follow_up: None,
        },
    );
    store.record_receipt(ReceiptReport {
        original_message_id: "gm45@demo.gov.vn".into(),
        to: "vanthu@demo.gov.vn".into(),
        recipients: vec!["x@khac.gov.vn".into()],
        agency: None,
        read: false,
        at: 7,
    });
    store.flush_usage().unwrap();
    assert_eq!(rows(&store)[1].delivered_at, Some(7));
}
