//! The rows `store migrate` copies beside the mail (`Import::export_rows`/`replace_rows`):
//! references travel as names, pages keep a key's rows together, a replacement is exact
//! (rows the source no longer has go) and keeps content references right.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use std::sync::Arc;

use storage::backend::{Row, Span, Table, Value};
use storage::{NewAudit, NewQueueEntry, NewQueueRecipient, Notify, Quota, Store};

fn everything(store: &Store, table: Table, limit: usize) -> Vec<Vec<Row>> {
    let mut pages = Vec::new();
    let mut after = i64::MIN;
    loop {
        let page = store
            .export_rows(
                table,
                Span {
                    scope: None,
                    after,
                    upto: None,
                },
                limit,
            )
            .unwrap();
        let Some(Value::Int(last)) = page.last().and_then(|r| r.first()).cloned() else {
            return pages;
        };
        after = last;
        pages.push(page);
    }
}

/// A queue entry for three remote recipients (its content held by the queue alone), a
/// quarantined message for two accounts, three audit lines.
fn state() -> (tempfile::TempDir, Store) {
    let (dir, store) = common::store_with(common::open_backend);
    let an = common::account(&store, "an", Quota::default());
    let binh = common::account(&store, "binh", Quota::default());
    store
        .enqueue(
            common::message(1),
            NewQueueEntry {
                sender: "an@demo.gov.vn".into(),
                envid: Some("e1".into()),
                ret_full: true,
                account: Some(an),
                recipients: ["a@hanoi.gov.vn", "b@hanoi.gov.vn", "c@hue.gov.vn"]
                    .map(|a| NewQueueRecipient {
                        address: a.into(),
                        orcpt: None,
                        notify: Notify(Notify::FAILURE),
                    })
                    .into(),
            },
        )
        .unwrap();
    let held = common::message(2);
    store
        .quarantine(
            held.clone(),
            storage::MessageMeta::parse(&held),
            "x@hanoi.gov.vn",
            &[binh, an],
            "secret",
        )
        .unwrap();
    for i in 0..3 {
        store
            .audit(NewAudit {
                actor: "cli:root".into(),
                action: format!("test.{i}"),
                target: None,
                detail: None,
                source: "cli".into(),
            })
            .unwrap();
    }
    (dir, store)
}

fn replace(store: &Store, table: Table, after: i64, upto: Option<i64>, rows: Vec<Row>) {
    let mut contents: Vec<Arc<[u8]>> = Vec::new();
    for hash in table.contents_held(&rows) {
        contents.push(Arc::from(store.read_blob(hash).unwrap()));
    }
    store
        .replace_rows(
            table,
            Span {
                scope: None,
                after,
                upto,
            },
            rows,
            contents,
        )
        .unwrap();
}

#[test]
fn references_travel_as_names() {
    let (_dir, store) = state();
    let quarantined = everything(&store, Table::Quarantine, 10).concat();
    assert_eq!(quarantined.len(), 1);
    assert_eq!(
        quarantined[0][3],
        Value::Text("binh@demo.gov.vn an@demo.gov.vn".into())
    );
    let queued = everything(&store, Table::Queue, 10).concat();
    assert_eq!(queued[0][5], Value::Text("an@demo.gov.vn".into()));
    assert_eq!(
        table_blob(&queued[0]),
        storage::hash_hex(&common::message(1))
    );
}

fn table_blob(row: &Row) -> String {
    match &row[1] {
        Value::Text(hash) => hash.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_page_keeps_the_rows_of_its_last_key_together() {
    let (_dir, store) = state();
    let pages = everything(&store, Table::QueueRecipients, 1);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].len(), 3);
    assert_eq!(everything(&store, Table::AuditLog, 1).len(), 3);
}

#[test]
fn rows_written_back_page_by_page_change_nothing() {
    let (_dir, store) = state();
    let tables = [
        Table::Queue,
        Table::QueueRecipients,
        Table::Quarantine,
        Table::AuditLog,
    ];
    // Read whole first, as from another store: writing the queue's rows drops its
    // recipients' rows until they are written in turn.
    let pages = tables.map(|t| everything(&store, t, 1));
    let before: Vec<_> = pages.iter().map(|p| p.concat()).collect();
    for (table, pages) in tables.into_iter().zip(pages) {
        let mut after = i64::MIN;
        for page in pages {
            let Some(Value::Int(last)) = page.last().and_then(|r| r.first()).cloned() else {
                unreachable!()
            };
            replace(&store, table, after, Some(last), page);
            after = last;
        }
        replace(&store, table, after, None, Vec::new());
    }
    let after: Vec<_> = tables.map(|t| everything(&store, t, 1).concat()).to_vec();
    assert_eq!(before, after);
    let report = store.check(true, false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(store.queue_list().unwrap()[0].recipients.len(), 3);
}

#[test]
fn a_replacement_removes_what_the_source_no_longer_has() {
    let (_dir, store) = state();
    let audit = everything(&store, Table::AuditLog, 10).concat();
    let Value::Int(first) = audit[0][0] else {
        panic!()
    };
    replace(&store, Table::AuditLog, first, None, Vec::new());
    assert_eq!(everything(&store, Table::AuditLog, 10).concat().len(), 1);
    // The queue entry goes with its recipients, and its content (held by nothing else)
    // with it.
    replace(&store, Table::Queue, i64::MIN, None, Vec::new());
    assert!(store.queue_list().unwrap().is_empty());
    assert!(everything(&store, Table::QueueRecipients, 10).is_empty());
    let report = store.check(true, false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(
        store
            .read_blob(&storage::hash_hex(&common::message(1)))
            .is_err()
    );
}

#[test]
fn rows_outside_the_span_are_refused() {
    let (_dir, store) = state();
    let audit = everything(&store, Table::AuditLog, 10).concat();
    let Value::Int(last) = audit[2][0] else {
        panic!()
    };
    let refused = store.replace_rows(
        Table::AuditLog,
        Span {
            scope: None,
            after: last,
            upto: None,
        },
        audit,
        Vec::new(),
    );
    assert!(refused.is_err());
    assert_eq!(everything(&store, Table::AuditLog, 10).concat().len(), 3);
}

#[test]
fn rows_copied_into_another_store_leave_room_for_new_ones() {
    let (_dir, source) = state();
    let (_other, target) = common::store_with(common::open_backend);
    common::account(&target, "an", Quota::default());
    common::account(&target, "binh", Quota::default());
    for table in [Table::Queue, Table::QueueRecipients, Table::AuditLog] {
        let rows = everything(&source, table, 100).concat();
        let mut contents: Vec<Arc<[u8]>> = Vec::new();
        for hash in table.contents_held(&rows) {
            contents.push(Arc::from(source.read_blob(hash).unwrap()));
        }
        let span = Span {
            scope: None,
            after: i64::MIN,
            upto: None,
        };
        target.replace_rows(table, span, rows, contents).unwrap();
    }
    for table in [Table::Queue, Table::QueueRecipients, Table::AuditLog] {
        assert_eq!(
            everything(&source, table, 100),
            everything(&target, table, 100)
        );
    }
    // New rows take keys above the copied ones.
    target
        .audit(NewAudit {
            actor: "cli:root".into(),
            action: "after.move".into(),
            target: None,
            detail: None,
            source: "cli".into(),
        })
        .unwrap();
    assert_eq!(everything(&target, Table::AuditLog, 100).concat().len(), 4);
    let id = target
        .enqueue(
            common::message(3),
            NewQueueEntry {
                sender: "binh@demo.gov.vn".into(),
                envid: None,
                ret_full: false,
                account: None,
                recipients: vec![NewQueueRecipient {
                    address: "d@hue.gov.vn".into(),
                    orcpt: None,
                    notify: Notify(0),
                }],
            },
        )
        .unwrap();
    assert_eq!(target.queue_list().unwrap().len(), 2, "{id:?}");
    let report = target.check(true, false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

fn imported(uid: u32, modseq: u64) -> storage::backend::ImportedMessage {
    storage::backend::ImportedMessage {
        uid,
        modseq,
        flags: storage::Flags::default(),
        keywords: vec![],
        internal_date: 1_790_000_000,
        raw: common::message(uid as usize),
    }
}

fn every_row(store: &Store, table: Table) -> Vec<Row> {
    everything(store, table, 100).concat()
}

/// A message copied into "Thu hồi" is not a user's recall (the source's requests come with
/// the RecallRequests table); one a user puts there still is.
#[test]
fn messages_imported_into_the_recall_folder_make_no_recall_request() {
    let (_dir, store) = common::store_with(common::open_backend);
    let an = common::account(&store, "an", Quota::default());
    let recall = store.get_mailbox(an, storage::RECALL_MAILBOX).unwrap();
    let written = store
        .import_messages(an, recall.id, vec![imported(1, 3), imported(2, 4)])
        .unwrap();
    assert_eq!(written, 2);
    assert_eq!(every_row(&store, Table::RecallRequests), Vec::<Row>::new());
    let appended = store
        .append(
            an,
            storage::RECALL_MAILBOX,
            common::message(9),
            storage::Flags::default(),
            vec![],
            1_790_000_000,
        )
        .unwrap();
    let requests = every_row(&store, Table::RecallRequests);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0][5], Value::Int(i64::from(appended.uid)));
}

/// A catch-up removes what the source expunged without a MODSEQ or history of its own:
/// those come from the source, so QRESYNC answers the same on both.
#[test]
fn an_imported_expunge_takes_no_modseq_of_its_own() {
    let (_dir, store) = common::store_with(common::open_backend);
    let an = common::account(&store, "an", Quota::default());
    let mailbox = store
        .import_mailbox(
            an,
            &storage::backend::ImportedMailbox {
                name: "Lưu trữ".into(),
                special_use: None,
                uidvalidity: 777,
                uidnext: 1,
                highest_modseq: 20,
            },
        )
        .unwrap();
    let messages: Vec<_> = (1..=4).map(|u| imported(u, u64::from(u) + 4)).collect();
    store.import_messages(an, mailbox, messages).unwrap();
    let removed = store.import_expunge(an, mailbox, vec![2, 3, 9]).unwrap();
    assert_eq!(removed, 2);
    assert_eq!(store.uids(an, mailbox).unwrap(), vec![1, 4]);
    let after = store.get_mailbox(an, "Lưu trữ").unwrap();
    assert_eq!((after.uidnext, after.highest_modseq), (5, 20));
    assert_eq!(
        store.expunged_since(an, mailbox, 0).unwrap(),
        Vec::<u32>::new()
    );
    let account = store.get_account("an@demo.gov.vn").unwrap();
    let sizes = (common::message(1).len() + common::message(4).len()) as u64;
    assert_eq!((account.used_messages, account.used_bytes), (2, sizes));
    // Again: nothing left to remove.
    assert_eq!(store.import_expunge(an, mailbox, vec![2, 3]).unwrap(), 0);
    let report = store.check(true, false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
