//! Storage API tests, part of the conformance suite (run against every backend, see
//! `common::open_backend`): directory rules, delivery, flags/MODSEQ, expunge, copy/move,
//! quota, notifications, concurrency, consistency check. The tests that look inside SQLite
//! are in `sqlite_store.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use common::{account, big_message, change, deliver, inbox, message, walk};

use std::sync::Arc;

use storage::{
    AccountKind, Change, DeliveryTarget, FlagOp, Flags, MessageMeta, NewAccount, Quota,
    StorageError, Store,
};

fn store() -> (tempfile::TempDir, Store) {
    common::store_with(common::open_backend)
}

#[test]
fn new_accounts_get_special_use_mailboxes() {
    let (_d, store) = store();
    let a = account(&store, "annv", Quota::default());
    let names: Vec<_> = store
        .list_mailboxes(a, storage::Counts::With)
        .unwrap()
        .into_iter()
        .map(|m| (m.name, m.special_use))
        .collect();
    for (name, special) in storage::DEFAULT_MAILBOXES {
        assert!(
            names.contains(&(name.to_string(), special.map(str::to_string))),
            "{name} missing in {names:?}"
        );
    }
}

#[test]
fn duplicate_addresses_and_unknown_agencies_are_refused() {
    let (_d, store) = store();
    account(&store, "annv", Quota::default());
    let dup = store.create_account(NewAccount {
        address: "ANNV@demo.gov.vn".into(),
        display_name: "Nguyễn Văn An".into(),
        agency_code: "STTTT".into(),
        kind: AccountKind::Personal,
        password_hash: "h".into(),
        quota: Quota::default(),
    });
    assert!(matches!(dup, Err(StorageError::Conflict(_))), "{dup:?}");
    let unknown = store.create_account(NewAccount {
        address: "x@demo.gov.vn".into(),
        display_name: "X".into(),
        agency_code: "NOPE".into(),
        kind: AccountKind::Personal,
        password_hash: "h".into(),
        quota: Quota::default(),
    });
    assert!(unknown.is_err());
    // A batch with one bad row creates nothing.
    let batch = store.create_accounts(vec![
        NewAccount {
            address: "ok1@demo.gov.vn".into(),
            display_name: "Ok".into(),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: "h".into(),
            quota: Quota::default(),
        },
        NewAccount {
            address: "ok2@other.gov.vn".into(),
            display_name: "Ok".into(),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: "h".into(),
            quota: Quota::default(),
        },
    ]);
    assert!(batch.is_err());
    assert!(store.get_account("ok1@demo.gov.vn").is_err());
}

#[test]
fn agency_tree_rules() {
    let (_d, store) = store();
    store
        .add_agency("XA1", "Xã Tịnh Khê", Some("STTTT"), None)
        .unwrap();
    // No cycles.
    assert!(store.move_agency("UBND", Some("XA1")).is_err());
    assert!(store.move_agency("STTTT", Some("STTTT")).is_err());
    store.move_agency("XA1", Some("UBND")).unwrap();
    let order: Vec<_> = store
        .list_agencies()
        .unwrap()
        .into_iter()
        .map(|a| a.code)
        .collect();
    assert_eq!(order, ["UBND", "STTTT", "XA1"]);
    // Not removable while it has children or accounts.
    assert!(store.remove_agency("UBND").is_err());
    account(&store, "annv", Quota::default());
    assert!(store.remove_agency("STTTT").is_err());
    store.remove_agency("XA1").unwrap();
    assert!(store.get_agency("XA1").is_err());
}

#[test]
fn fan_out_stores_one_blob_and_charges_everyone() {
    let (dir, store) = store();
    let accounts: Vec<i64> = (0..30)
        .map(|i| account(&store, &format!("u{i}"), Quota::default()))
        .collect();
    let raw = big_message(1);
    let delivered = deliver(&store, &accounts, raw.clone());
    assert_eq!(delivered.len(), 30);
    let blob_files = walk(&dir.path().join("blobs"));
    assert_eq!(blob_files, 1, "single instance");
    for &a in &accounts {
        let acc = store.get_account_by_id(a).unwrap();
        assert_eq!(acc.used_bytes, raw.len() as u64);
        assert_eq!(acc.used_messages, 1);
        let mb = inbox(&store, a);
        let infos = store.messages(a, mb.id, 1..=u32::MAX).unwrap();
        assert_eq!(infos.len(), 1);
        assert_eq!(infos[0].meta.subject.as_deref(), Some("Giấy mời số 1"));
        assert_eq!(
            store.read_message(a, mb.id, infos[0].uid).unwrap(),
            raw.to_vec()
        );
    }
    assert!(store.check(true, false).unwrap().is_clean());
}

#[test]
fn one_account_cannot_reach_another_accounts_mailbox() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    let b = account(&store, "b", Quota::default());
    deliver(&store, &[a], message(1));
    let a_inbox = inbox(&store, a).id;
    assert!(store.messages(b, a_inbox, 1..=10).is_err());
    assert!(store.read_message(b, a_inbox, 1).is_err());
    assert!(store.expunge(b, a_inbox, None).is_err());
    assert!(
        store
            .set_flags(
                b,
                a_inbox,
                vec![1],
                change(FlagOp::Add, Flags::SEEN, vec![], None)
            )
            .is_err()
    );
    let b_inbox = inbox(&store, b).id;
    assert!(store.copy(b, a_inbox, vec![1], b_inbox).is_err());
    assert!(store.move_messages(b, a_inbox, vec![1], b_inbox).is_err());
}

#[test]
fn flags_bump_modseq_and_respect_unchanged_since() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    deliver(&store, &[a], message(1));
    deliver(&store, &[a], message(2));
    let mb = inbox(&store, a);
    let before = mb.highest_modseq;
    let up = store
        .set_flags(
            a,
            mb.id,
            vec![1, 2],
            change(FlagOp::Add, Flags::SEEN, vec!["$Official".into()], None),
        )
        .unwrap();
    assert_eq!(up.changed.len(), 2);
    let seq = up.changed[0].3;
    assert!(seq > before);
    assert_eq!(up.changed[1].3, seq, "one STORE, one MODSEQ");
    // Setting the same flags again changes nothing.
    let again = store
        .set_flags(
            a,
            mb.id,
            vec![1],
            change(FlagOp::Add, Flags::SEEN, vec![], None),
        )
        .unwrap();
    assert!(again.changed.is_empty());
    // UNCHANGEDSINCE below the message's modseq: refused for that message.
    let cond = store
        .set_flags(
            a,
            mb.id,
            vec![1],
            change(FlagOp::Remove, Flags::SEEN, vec![], Some(seq - 1)),
        )
        .unwrap();
    assert_eq!(cond.modified, vec![1]);
    let info = store.messages(a, mb.id, 1..=2).unwrap();
    assert!(info[0].flags.contains(Flags::SEEN));
    assert_eq!(info[0].keywords, vec!["$Official".to_string()]);
    assert_eq!(inbox(&store, a).unseen, 0);
    assert!(
        store
            .set_flags(
                a,
                mb.id,
                vec![1],
                change(FlagOp::Add, Flags::default(), vec!["bad kw".into()], None)
            )
            .is_err()
    );
}

#[test]
fn one_store_over_many_messages_is_one_modseq_and_skips_unchanged_ones() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    for n in 1..=40 {
        deliver(&store, &[a], message(n));
    }
    let mb = inbox(&store, a);
    let odd: Vec<u32> = (1..=40).filter(|u| u % 2 == 1).collect();
    store
        .set_flags(
            a,
            mb.id,
            odd,
            change(FlagOp::Add, Flags::SEEN, vec![], None),
        )
        .unwrap();
    let before = inbox(&store, a).highest_modseq;
    // Half are \Seen already: only the other half change, all with the same new MODSEQ,
    // and the mailbox's HIGHESTMODSEQ moves by exactly one.
    let up = store
        .set_flags(
            a,
            mb.id,
            (1..=40).collect(),
            change(FlagOp::Add, Flags::SEEN, vec![], None),
        )
        .unwrap();
    let changed: Vec<u32> = up.changed.iter().map(|c| c.0).collect();
    assert_eq!(changed, (1..=40).filter(|u| u % 2 == 0).collect::<Vec<_>>());
    assert!(up.changed.iter().all(|c| c.3 == before + 1));
    assert_eq!(inbox(&store, a).highest_modseq, before + 1);
    // Replacing with different results per message (keywords kept apart per group).
    let up = store
        .set_flags(
            a,
            mb.id,
            vec![2, 3, 99],
            change(
                FlagOp::Replace,
                Flags::FLAGGED,
                vec!["$Important".into()],
                None,
            ),
        )
        .unwrap();
    assert_eq!(up.changed.len(), 2, "UID 99 does not exist");
    let infos = store.messages(a, mb.id, 1..=4).unwrap();
    assert_eq!(infos[1].flags, Flags::FLAGGED);
    assert_eq!(infos[1].keywords, vec!["$Important".to_string()]);
    assert_eq!(infos[2].flags, Flags::FLAGGED);
    assert_eq!(infos[0].flags, Flags::SEEN, "UID 1 untouched");
    // UNCHANGEDSINCE 0 fails for every existing message (RFC 7162 §3.1.3).
    let cond = store
        .set_flags(
            a,
            mb.id,
            vec![1, 2, 3],
            change(FlagOp::Add, Flags::DRAFT, vec![], Some(0)),
        )
        .unwrap();
    assert_eq!(cond.modified, vec![1, 2, 3]);
    assert!(cond.changed.is_empty());
    assert!(store.check(true, false).unwrap().is_clean());
}

#[test]
fn changed_messages_are_those_above_the_modseq() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    for n in 1..=5 {
        deliver(&store, &[a], message(n));
    }
    let mb = inbox(&store, a);
    let mark = mb.highest_modseq;
    store
        .set_flags(
            a,
            mb.id,
            vec![2, 4],
            change(FlagOp::Add, Flags::FLAGGED, vec![], None),
        )
        .unwrap();
    let changed = |since, range| {
        store
            .changed_messages(a, mb.id, range, since, false)
            .unwrap()
            .iter()
            .map(|m| m.uid)
            .collect::<Vec<_>>()
    };
    assert_eq!(changed(mark, 1..=u32::MAX), [2, 4]);
    assert_eq!(changed(mark, 3..=5), [4]);
    assert_eq!(changed(0, 1..=u32::MAX), [1, 2, 3, 4, 5]);
    assert!(changed(mark + 1, 1..=u32::MAX).is_empty());
    let with = store
        .changed_messages(a, mb.id, 1..=u32::MAX, mark, true)
        .unwrap();
    assert!(with.iter().all(|m| m.structure.is_some()));
}

#[test]
fn an_expunge_is_one_modseq_recorded_for_every_uid() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    for n in 1..=4 {
        deliver(&store, &[a], message(n));
    }
    let mb = inbox(&store, a);
    // Two copies of message 1 in the same mailbox share one content: both go at once.
    store.copy(a, mb.id, vec![1], mb.id).unwrap();
    store
        .set_flags(
            a,
            mb.id,
            vec![1, 3, 5],
            change(FlagOp::Add, Flags::DELETED, vec![], None),
        )
        .unwrap();
    let before = inbox(&store, a).highest_modseq;
    let mut rx = store.subscribe(a);
    let gone = store.expunge(a, mb.id, None).unwrap();
    assert_eq!(gone.uids, [1, 3, 5]);
    assert_eq!(gone.highest_modseq, before + 1);
    assert_eq!(inbox(&store, a).highest_modseq, before + 1);
    assert_eq!(store.expunged_since(a, mb.id, before).unwrap(), [1, 3, 5]);
    assert!(
        store
            .expunged_since(a, mb.id, before + 1)
            .unwrap()
            .is_empty()
    );
    for uid in [1, 3, 5] {
        assert_eq!(
            rx.try_recv().unwrap(),
            Change::Expunged {
                mailbox: mb.id,
                uid,
                modseq: before + 1
            }
        );
    }
    let acc = store.get_account_by_id(a).unwrap();
    assert_eq!(acc.used_messages, 2);
    // Nothing left to expunge: no new MODSEQ, the current one is reported.
    let none = store.expunge(a, mb.id, None).unwrap();
    assert!(none.uids.is_empty());
    assert_eq!(none.highest_modseq, before + 1);
    // UID EXPUNGE takes only the named UIDs.
    store
        .set_flags(
            a,
            mb.id,
            vec![2, 4],
            change(FlagOp::Add, Flags::DELETED, vec![], None),
        )
        .unwrap();
    assert_eq!(store.expunge(a, mb.id, Some(vec![4, 7])).unwrap().uids, [4]);
    assert!(store.check(true, false).unwrap().is_clean());
}

#[test]
fn expunge_refunds_quota_records_vanished_and_frees_blobs() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    deliver(&store, &[a], big_message(1));
    deliver(&store, &[a], big_message(2));
    let mb = inbox(&store, a);
    store
        .set_flags(
            a,
            mb.id,
            vec![1],
            change(FlagOp::Add, Flags::DELETED, vec![], None),
        )
        .unwrap();
    let modseq = inbox(&store, a).highest_modseq;
    assert_eq!(store.expunge(a, mb.id, None).unwrap().uids, vec![1]);
    assert_eq!(store.expunged_since(a, mb.id, modseq).unwrap(), vec![1]);
    let acc = store.get_account_by_id(a).unwrap();
    assert_eq!(acc.used_messages, 1);
    assert_eq!(acc.used_bytes, big_message(2).len() as u64);
    assert_eq!(
        common::blob_files(&store, dir.path()),
        1,
        "the expunged blob is removed"
    );
    assert!(store.check(true, false).unwrap().is_clean());
}

#[test]
fn append_copy_and_move_respect_quota() {
    let (_d, store) = store();
    let size = message(1).len() as u64;
    let a = account(
        &store,
        "a",
        Quota {
            bytes: Some(size * 2),
            messages: None,
        },
    );
    let d1 = store
        .append(a, "INBOX", message(1), Flags::SEEN, vec![], 1_700_000_000)
        .unwrap();
    store
        .append(a, "inbox", message(2), Flags::default(), vec![], 0)
        .unwrap();
    let over = store.append(a, "INBOX", message(3), Flags::default(), vec![], 0);
    assert!(
        matches!(over, Err(StorageError::OverQuota { .. })),
        "{over:?}"
    );
    let archive = store.get_mailbox(a, "Archive").unwrap().id;
    assert!(matches!(
        store.copy(a, d1.mailbox, vec![1], archive),
        Err(StorageError::OverQuota { .. })
    ));
    // MOVE does not change the quota use, so it is allowed at the limit.
    let moved = store
        .move_messages(a, d1.mailbox, vec![1], archive)
        .unwrap();
    assert_eq!(moved, vec![(1, 1)]);
    let arch = store.messages(a, archive, 1..=10).unwrap();
    assert_eq!(arch[0].internal_date, 1_700_000_000);
    assert!(arch[0].flags.contains(Flags::SEEN));
    assert_eq!(store.get_account_by_id(a).unwrap().used_messages, 2);
    let report = store.check(false, false).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn no_personal_mailbox_in_the_shared_namespace() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    for name in ["Shared", "Shared/vanthu/Lưu"] {
        let err = store.create_mailbox(a, name, None).unwrap_err();
        assert!(matches!(err, StorageError::Invalid(_)), "{name}: {err}");
    }
    store.create_mailbox(a, "Sharedfolder", None).unwrap();
    assert!(store.rename_mailbox(a, "Sharedfolder", "Shared/x").is_err());
    assert!(store.get_mailbox(a, "Sharedfolder").is_ok());
}

#[test]
fn mailbox_rename_moves_children_and_inbox_rename_moves_messages() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    store.create_mailbox(a, "Công việc", None).unwrap();
    store.create_mailbox(a, "Công việc/2026", None).unwrap();
    store.rename_mailbox(a, "Công việc", "Việc cũ").unwrap();
    assert!(store.get_mailbox(a, "Việc cũ/2026").is_ok());
    assert!(store.get_mailbox(a, "Công việc/2026").is_err());
    deliver(&store, &[a], message(1));
    store.rename_mailbox(a, "INBOX", "Thư cũ").unwrap();
    assert_eq!(inbox(&store, a).messages, 0);
    assert_eq!(store.get_mailbox(a, "Thư cũ").unwrap().messages, 1);
    assert!(store.delete_mailbox(a, "INBOX").is_err());
    store.delete_mailbox(a, "Thư cũ").unwrap();
    assert_eq!(store.get_account_by_id(a).unwrap().used_messages, 0);
    assert!(store.check(false, false).unwrap().is_clean());
}

#[test]
fn subscribers_see_changes_after_commit() {
    let (_d, store) = store();
    let a = account(&store, "a", Quota::default());
    let mut rx = store.subscribe(a);
    let d = deliver(&store, &[a], message(1));
    match rx.try_recv().unwrap() {
        Change::Appended { mailbox, uid, .. } => {
            assert_eq!((mailbox, uid), (d[0].mailbox, d[0].uid));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn concurrent_writers_and_readers_stay_consistent() {
    let (_d, store) = store();
    let accounts: Vec<i64> = (0..10)
        .map(|i| account(&store, &format!("c{i}"), Quota::default()))
        .collect();
    let per_thread = 40;
    std::thread::scope(|s| {
        for t in 0..10 {
            let store = store.clone();
            let accounts = accounts.clone();
            s.spawn(move || {
                for i in 0..per_thread {
                    // Each message goes to two accounts, so batches overlap.
                    let targets = [accounts[t], accounts[(t + i) % 10]];
                    deliver(&store, &targets, message(t * 1000 + i));
                }
            });
        }
        for _ in 0..2 {
            let store = store.clone();
            let accounts = accounts.clone();
            s.spawn(move || {
                for _ in 0..50 {
                    for &a in &accounts {
                        let id = inbox(&store, a).id;
                        let infos = store.messages(a, id, 1..=u32::MAX).unwrap();
                        // Read after the messages: UIDNEXT only grows, so it must be above
                        // every UID seen.
                        let uidnext = inbox(&store, a).uidnext;
                        assert!(infos.windows(2).all(|w| w[0].uid < w[1].uid));
                        assert!(infos.iter().all(|m| m.uid < uidnext));
                    }
                }
            });
        }
    });
    let total: u64 = accounts
        .iter()
        .map(|&a| store.get_account_by_id(a).unwrap().used_messages)
        .sum();
    assert_eq!(total, 10 * per_thread as u64 * 2);
    for &a in &accounts {
        let mb = inbox(&store, a);
        let uids: Vec<u32> = store
            .messages(a, mb.id, 1..=u32::MAX)
            .unwrap()
            .iter()
            .map(|m| m.uid)
            .collect();
        assert_eq!(
            uids,
            (1..mb.uidnext).collect::<Vec<_>>(),
            "UIDs are dense and unique"
        );
    }
    let report = store.check(true, false).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn missing_blob_is_reported_not_repaired() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let raw = big_message(7);
    deliver(&store, &[a], raw.clone());
    let hash = storage::hash_hex(&raw);
    std::fs::remove_file(dir.path().join("blobs").join(&hash[..2]).join(&hash)).unwrap();
    let report = store.check(false, true).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.kind == "missing-blob" && !p.repairable)
    );
}

fn outbound(recipients: &[&str]) -> storage::NewQueueEntry {
    storage::NewQueueEntry {
        sender: "a@demo.gov.vn".into(),
        envid: Some("env-1".into()),
        ret_full: false,
        account: None,
        recipients: recipients
            .iter()
            .map(|r| storage::NewQueueRecipient {
                address: r.to_string(),
                orcpt: None,
                notify: storage::Notify::default(),
            })
            .collect(),
    }
}

fn outcome(address: &str, state: storage::RecipientState) -> storage::RecipientOutcome {
    storage::RecipientOutcome {
        address: address.into(),
        state,
        reply: "250 2.0.0 ok".into(),
        status: "2.0.0".into(),
        remote_mta: Some("mx.other.gov.vn".into()),
    }
}

/// Delivers `raw` to `targets` in a task of its own, as SMTP sessions do at once
/// (`Queue::deliver_and_queue_async`), nothing queued.
fn deliver_in_task(
    store: &Store,
    raw: Arc<[u8]>,
    targets: Vec<DeliveryTarget>,
) -> tokio::task::JoinHandle<storage::Result<(Vec<storage::Delivered>, Option<storage::QueueId>)>> {
    let meta = MessageMeta::parse(&raw);
    let backend = store.backend().clone();
    tokio::spawn(backend.deliver_and_queue_async(raw, meta, storage::now(), targets, None))
}

/// A delivery awaited from a task (`Queue::deliver_and_queue_async`: SQLite hands a small
/// message to its writer from the task, a large one goes off the runtime) stores what the
/// blocking call stores, queues the remote part, and refuses over quota the same way.
#[tokio::test]
async fn deliveries_awaited_from_a_task_are_stored_like_the_blocking_ones() {
    let (_dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let deliver_async = |raw: Arc<[u8]>, outbound| {
        let meta = MessageMeta::parse(&raw);
        store.backend().clone().deliver_and_queue_async(
            raw,
            meta,
            storage::now(),
            vec![DeliveryTarget::inbox(a)],
            outbound,
        )
    };
    let (small, big) = (message(1), big_message(2));
    let (d1, q1) = deliver_async(small.clone(), None).await.unwrap();
    let (d2, q2) = deliver_async(big.clone(), Some(outbound(&["x@other.gov.vn"])))
        .await
        .unwrap();
    assert_eq!((d1[0].uid, d2[0].uid, q1), (1, 2, None));
    assert_eq!(store.queue_entry(q2.unwrap()).unwrap().pending().count(), 1);
    let inbox = inbox(&store, a).id;
    assert_eq!(store.read_message(a, inbox, 1).unwrap(), &small[..]);
    assert_eq!(store.read_message(a, inbox, 2).unwrap(), &big[..]);

    let full = account(
        &store,
        "full",
        Quota {
            bytes: Some(10),
            messages: None,
        },
    );
    let raw = message(3);
    let over = store
        .backend()
        .clone()
        .deliver_and_queue_async(
            raw.clone(),
            MessageMeta::parse(&raw),
            storage::now(),
            vec![DeliveryTarget {
                enforce_quota: true,
                ..DeliveryTarget::inbox(full)
            }],
            None,
        )
        .await;
    assert!(
        matches!(over, Err(StorageError::OverQuota { .. })),
        "{over:?}"
    );
}

/// Deliveries awaited from tasks all at once, so that they share transactions where the
/// backend batches them (PostgreSQL's writer): to one mailbox, to several, to two mailboxes
/// of one account, the same content more than once. Every mailbox's UIDs are dense and
/// unique in delivery order with MODSEQs rising with them, the counters match the rows.
#[tokio::test]
async fn deliveries_at_once_to_the_same_and_to_other_mailboxes_number_densely() {
    let (_dir, store) = store();
    let accounts: Vec<i64> = (0..4)
        .map(|i| account(&store, &format!("b{i}"), Quota::default()))
        .collect();
    let (a, b) = (accounts[0], accounts[1]);
    store.create_mailbox(a, "Lưu", None).unwrap();
    let mut tasks = Vec::new();
    for n in 0..60usize {
        let mut targets = vec![DeliveryTarget::inbox(a)];
        match n % 4 {
            0 => targets.push(DeliveryTarget::inbox(b)),
            1 => targets.push(DeliveryTarget {
                mailbox: "Lưu".into(),
                ..DeliveryTarget::inbox(a)
            }),
            2 => targets = vec![DeliveryTarget::inbox(accounts[2 + n % 2])],
            _ => {}
        }
        // Every fifth message the same bytes: one content, several references.
        let raw = message(if n % 5 == 0 { 0 } else { n });
        tasks.push(deliver_in_task(&store, raw, targets));
    }
    let mut delivered = Vec::new();
    for task in tasks {
        delivered.extend(task.await.unwrap().unwrap().0);
    }
    let mut bytes: std::collections::HashMap<i64, (u64, u64)> = Default::default();
    for d in &delivered {
        let used = bytes.entry(d.account).or_default();
        used.1 += 1;
        used.0 = used.0.max(d.used_bytes);
    }
    for &account in &accounts {
        for mailbox in store
            .list_mailboxes(account, storage::Counts::With)
            .unwrap()
        {
            let infos = store.messages(account, mailbox.id, 1..=u32::MAX).unwrap();
            let uids: Vec<u32> = infos.iter().map(|m| m.uid).collect();
            assert_eq!(
                uids,
                (1..mailbox.uidnext).collect::<Vec<_>>(),
                "{}",
                mailbox.name
            );
            assert!(infos.windows(2).all(|w| w[0].modseq < w[1].modseq));
            let mine: Vec<u32> = delivered
                .iter()
                .filter(|d| d.mailbox == mailbox.id)
                .map(|d| d.uid)
                .collect();
            assert_eq!(mine.len(), uids.len(), "{}", mailbox.name);
        }
        let row = store.get_account_by_id(account).unwrap();
        let (max_used, count) = bytes.get(&account).copied().unwrap_or_default();
        assert_eq!(row.used_messages, count, "account {account}");
        // The last delivery's figure is the account's usage after the last one.
        assert_eq!(row.used_bytes, max_used, "account {account}");
    }
    // All but the 15 sent to the third and fourth accounts only.
    assert_eq!(inbox(&store, a).uidnext, 46);
    let report = store.check(true, false).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}

/// Deliveries at once to an account with room for two more messages (its quota enforced,
/// as for APPEND) and to others: the two first land, the others to that account are refused
/// over quota, a refused one with a second target lands nowhere, and every other delivery
/// lands whole.
#[tokio::test]
async fn a_delivery_refused_over_quota_among_others_fails_alone() {
    let (_dir, store) = store();
    let full = account(
        &store,
        "full",
        Quota {
            bytes: None,
            messages: Some(2),
        },
    );
    let other = account(&store, "other", Quota::default());
    let mut tasks = Vec::new();
    for n in 0..12usize {
        let targets = if n % 2 == 0 {
            vec![
                DeliveryTarget {
                    enforce_quota: true,
                    ..DeliveryTarget::inbox(full)
                },
                DeliveryTarget::inbox(other),
            ]
        } else {
            vec![DeliveryTarget::inbox(other)]
        };
        tasks.push(deliver_in_task(&store, message(100 + n), targets));
    }
    let (mut landed, mut refused) = (0, 0);
    for (n, task) in tasks.into_iter().enumerate() {
        match task.await.unwrap() {
            Ok((delivered, _)) => {
                assert_eq!(delivered.len(), if n % 2 == 0 { 2 } else { 1 });
                landed += 1;
            }
            Err(StorageError::OverQuota { .. }) if n % 2 == 0 => refused += 1,
            Err(e) => panic!("delivery {n}: {e:?}"),
        }
    }
    assert_eq!((landed, refused), (8, 4));
    assert_eq!(store.get_account_by_id(full).unwrap().used_messages, 2);
    assert_eq!(inbox(&store, full).uidnext, 3);
    assert_eq!(store.get_account_by_id(other).unwrap().used_messages, 8);
    let uids: Vec<u32> = store
        .messages(other, inbox(&store, other).id, 1..=u32::MAX)
        .unwrap()
        .iter()
        .map(|m| m.uid)
        .collect();
    assert_eq!(uids, (1..=8).collect::<Vec<_>>());
    let report = store.check(true, false).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn local_and_remote_recipients_share_one_blob_until_the_queue_is_done() {
    use storage::RecipientState::*;
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let raw = big_message(1);
    let meta = MessageMeta::parse(&raw);
    let (delivered, queued) = store
        .deliver_and_queue(
            raw.clone(),
            meta,
            storage::now(),
            vec![DeliveryTarget::inbox(a)],
            Some(outbound(&["x@other.gov.vn", "y@third.vn"])),
        )
        .unwrap();
    assert_eq!(delivered.len(), 1);
    let id = queued.unwrap();
    assert_eq!(walk(&dir.path().join("blobs")), 1);
    let entry = store.queue_entry(id).unwrap();
    assert_eq!(entry.pending().count(), 2);
    assert_eq!(entry.envid.as_deref(), Some("env-1"));
    assert_eq!(&store.read_blob(&entry.blob).unwrap()[..], &raw[..]);
    assert!(store.check(false, false).unwrap().problems.is_empty());

    // One delivered, one temporarily failed: the entry stays, due later.
    let later = storage::now() + 300;
    let done = store
        .queue_record(
            id,
            vec![
                outcome("x@other.gov.vn", Sent),
                outcome("y@third.vn", Pending),
            ],
            storage::now(),
            later,
            false,
        )
        .unwrap();
    assert!(!done);
    assert!(store.queue_due(storage::now(), 10).unwrap().is_empty());
    assert_eq!(store.queue_next_due().unwrap(), Some(later));
    let entry = store.queue_entry(id).unwrap();
    assert_eq!(entry.attempts, 1);
    let pending: Vec<_> = entry.pending().map(|r| r.address.as_str()).collect();
    assert_eq!(pending, ["y@third.vn"]);
    // A recipient already sent is never changed again.
    store
        .queue_record(id, vec![outcome("x@other.gov.vn", Failed)], 0, later, false)
        .unwrap();
    let x = store.queue_entry(id).unwrap().recipients[0].clone();
    assert_eq!((x.address.as_str(), x.state), ("x@other.gov.vn", Sent));

    assert_eq!(store.queue_retry(Some(id)).unwrap(), 1);
    assert_eq!(store.queue_due(storage::now(), 10).unwrap().len(), 1);
    assert!(
        store
            .queue_record(id, vec![outcome("y@third.vn", Failed)], 0, later, false)
            .unwrap()
    );
    assert!(store.queue_list().unwrap().is_empty());
    // The local copy still holds the blob.
    assert_eq!(walk(&dir.path().join("blobs")), 1);
    assert!(store.check(false, false).unwrap().problems.is_empty());
}

#[test]
fn removing_a_queue_entry_frees_its_blob_and_survives_reopen() {
    let (dir, store) = store();
    let id = store
        .enqueue(message(2), outbound(&["x@other.gov.vn"]))
        .unwrap();
    store.shutdown();
    drop(store);
    let store = common::open_backend(dir.path());
    assert_eq!(store.queue_list().unwrap().len(), 1);
    store.queue_remove(id).unwrap();
    assert!(matches!(
        store.queue_remove(id),
        Err(StorageError::NotFound { .. })
    ));
    assert_eq!(walk(&dir.path().join("blobs")), 0);
    assert!(store.check(false, false).unwrap().problems.is_empty());
}

/// What the queue keeps of an entry and of each attempt: the envelope as given, the
/// content's size and subject, each recipient's last reply; refusals of an entry without
/// recipients, of an unknown entry and of a name that is no content hash.
#[test]
fn a_queue_entry_keeps_its_envelope_and_each_attempt() {
    use storage::RecipientState::*;
    let (_dir, store) = store();
    let a = account(&store, "a", Quota::default());
    let raw = message(1);
    let mut entry = outbound(&["x@other.gov.vn", "y@third.vn"]);
    entry.ret_full = true;
    let notify = storage::Notify(storage::Notify::SUCCESS | storage::Notify::DELAY);
    entry.recipients[1].notify = notify;
    let (delivered, queued) = store
        .deliver_and_queue(
            raw.clone(),
            MessageMeta::parse(&raw),
            storage::now(),
            vec![DeliveryTarget::inbox(a)],
            Some(entry),
        )
        .unwrap();
    assert_eq!(delivered.len(), 1);
    let id = queued.unwrap();
    assert!(store.enqueue(message(2), outbound(&[])).is_err());
    let due = store.queue_due(storage::now(), 10).unwrap();
    assert_eq!(due.len(), 1);
    let e = &due[0];
    assert_eq!(e.id, id);
    assert_eq!(
        (
            e.sender.as_str(),
            e.envid.as_deref(),
            e.ret_full,
            e.attempts
        ),
        ("a@demo.gov.vn", Some("env-1"), true, 0)
    );
    assert_eq!(
        (e.size, e.subject.as_deref()),
        (raw.len() as u64, Some("Giấy mời số 1"))
    );
    assert!(!e.delay_notified);
    assert_eq!(e.recipients[1].notify, notify);
    assert!(
        e.recipients
            .iter()
            .all(|r| r.state == Pending && r.last_reply.is_none())
    );
    let later = storage::now() + 600;
    let done = store
        .queue_record(
            id,
            vec![outcome("x@other.gov.vn", Sent)],
            storage::now(),
            later,
            true,
        )
        .unwrap();
    assert!(!done);
    let e = store.queue_entry(id).unwrap();
    assert_eq!(
        (e.attempts, e.delay_notified, e.next_attempt),
        (1, true, later)
    );
    let x = &e.recipients[0];
    assert_eq!(
        (
            x.state,
            x.last_reply.as_deref(),
            x.status.as_deref(),
            x.remote_mta.as_deref()
        ),
        (
            Sent,
            Some("250 2.0.0 ok"),
            Some("2.0.0"),
            Some("mx.other.gov.vn")
        )
    );
    assert!(matches!(
        store.queue_retry(Some(id + 9_999)),
        Err(StorageError::NotFound { .. })
    ));
    assert!(store.read_blob("../etc").is_err());
    assert!(
        store
            .queue_record(
                id,
                vec![outcome("y@third.vn", Failed)],
                storage::now(),
                later,
                false
            )
            .unwrap()
    );
    assert!(matches!(
        store.queue_entry(id),
        Err(StorageError::NotFound { .. })
    ));
    // The content stays the INBOX copy's.
    assert_eq!(&store.read_blob(&e.blob).unwrap()[..], &raw[..]);
}

#[test]
fn counts_are_buffered_and_written_at_shutdown_at_the_latest() {
    let (dir, store) = store();
    let a = account(&store, "a", Quota::default());
    for _ in 0..1000 {
        store.count(a, storage::UsageCounter::LoginImap, 1);
    }
    store.count(a, storage::UsageCounter::Received, 3);
    store.shutdown();
    drop(store);
    let store = common::open_backend(dir.path());
    let usage = store.usage_between(0, i64::MAX).unwrap();
    assert_eq!(usage.len(), 1);
    assert_eq!(
        (usage[0].totals.logins_imap, usage[0].totals.received),
        (1000, 3)
    );
    assert_eq!(usage[0].day, storage::vn_day(storage::now()));
}

/// \Recent (RFC 3501 §2.3.2): the first session to claim a message has it, and no other;
/// SELECT's view carries the first unseen message and the keywords in use.
#[test]
fn recent_is_claimed_once_and_the_view_knows_unseen_and_keywords() {
    let (_d, store) = store();
    let a = account(&store, "annv", Quota::default());
    let first = store
        .append(
            a,
            "INBOX",
            message(1),
            Flags::SEEN,
            vec!["$Urgent".into()],
            0,
        )
        .unwrap();
    let second = store
        .append(
            a,
            "INBOX",
            message(2),
            Flags::default(),
            vec!["urgent".into()],
            0,
        )
        .unwrap();
    let view = store.view_mailbox(a, "INBOX").unwrap();
    assert_eq!(view.recent_uid, 0);
    assert_eq!(view.first_unseen, Some(second.uid));
    assert_eq!(
        view.keywords,
        vec!["$Urgent".to_string(), "urgent".to_string()]
    );
    assert_eq!(inbox(&store, a).recent, 2);
    assert_eq!(store.claim_recent(a, view.id, second.uid).unwrap(), 0);
    // A second session finds them claimed.
    assert_eq!(
        store.claim_recent(a, view.id, second.uid).unwrap(),
        second.uid
    );
    // The database learns of the claim behind, without the caller waiting.
    let mut waited = 0;
    while store.view_mailbox(a, "INBOX").unwrap().recent_uid != second.uid {
        assert!(waited < 500, "the claim never reached the database");
        std::thread::sleep(std::time::Duration::from_millis(10));
        waited += 1;
    }
    assert_eq!(inbox(&store, a).recent, 0);
    assert!(first.uid < second.uid);
    // Another account cannot claim this one's mailbox.
    let b = account(&store, "ngocttb", Quota::default());
    assert!(store.claim_recent(b, view.id, 9).is_err());
}

/// SELECT's view reads UIDs, the first unseen message and the keywords in one pass: a
/// keyword list repeated on many messages counts once, and a keyword keeps the spelling of
/// the first message (in UID order) that has it, whatever case later ones use.
#[test]
fn the_view_reads_uids_unseen_and_keywords_together() {
    let (_d, store) = store();
    let a = account(&store, "annv", Quota::default());
    let lists: [(Flags, &[&str]); 5] = [
        (Flags::SEEN, &["Work", "$Label1"]),
        (Flags::SEEN, &["WORK"]),
        (Flags::default(), &["Work", "$Label1"]),
        (Flags::default(), &[]),
        (Flags::SEEN, &["$label1", "$Done"]),
    ];
    let mut uids = Vec::new();
    for (i, (flags, keywords)) in lists.iter().enumerate() {
        let keywords = keywords.iter().map(|k| k.to_string()).collect();
        let appended = store
            .append(a, "INBOX", message(i + 1), *flags, keywords, 0)
            .unwrap();
        uids.push(appended.uid);
    }
    let view = store.view_mailbox(a, "INBOX").unwrap();
    assert_eq!(view.uids, uids);
    assert_eq!(view.first_unseen, Some(uids[2]));
    assert_eq!(view.keywords, vec!["$Done", "$Label1", "Work"]);
}

/// An empty message (IMAP APPEND of a zero-length literal) is kept inline too, and reads back
/// empty, whole or by range (SQLite's substr() of an empty blob is text).
#[test]
fn an_empty_message_reads_back_empty() {
    let (_dir, store) = store();
    let a = account(&store, "a", Quota::default());
    deliver(&store, &[a], Arc::from(&b""[..]));
    let mb = inbox(&store, a);
    let infos = store.messages(a, mb.id, 1..=u32::MAX).unwrap();
    assert!(
        store
            .read_message(a, mb.id, infos[0].uid)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .read_content_range(&infos[0].blob, 0..2)
            .unwrap()
            .is_empty()
    );
}

/// CREATE-SPECIAL-USE (RFC 6154 §3): a use another mailbox has is refused, naming that
/// mailbox, and nothing is created; a free use is given; checked in the writer's transaction.
#[test]
fn a_special_use_is_given_once() {
    let (_dir, store) = store();
    let a = account(&store, "annv", Quota::default());
    // Every account starts with its Drafts.
    let taken = store
        .create_special_mailbox(a, "Nháp 2", "\\Drafts")
        .unwrap();
    assert_eq!(taken, Err("Drafts".to_string()));
    assert!(store.get_mailbox(a, "Nháp 2").is_err());
    store.delete_mailbox(a, "Drafts").unwrap();
    let id = store
        .create_special_mailbox(a, "Nháp 2", "\\Drafts")
        .unwrap()
        .unwrap();
    let made = store.get_mailbox(a, "Nháp 2").unwrap();
    assert_eq!(
        (made.id, made.special_use.as_deref()),
        (id, Some("\\Drafts"))
    );
    // Two at once: one gets the use, the other is told which mailbox has it.
    let s = std::sync::Arc::new(store);
    let threads: Vec<_> = ["Nháp A", "Nháp B"]
        .into_iter()
        .map(|name| {
            let s = s.clone();
            std::thread::spawn(move || s.create_special_mailbox(a, name, "\\Important").unwrap())
        })
        .collect();
    let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
}

/// The index finds candidates by trigrams; the answer must still be exactly "the field
/// contains the string" (RFC 9051 §6.4.4): a message having every trigram of the string, but
/// not the string, is not found; nor is one having them split between two fields.
#[test]
fn a_message_with_every_trigram_but_not_the_string_is_not_found() {
    use storage::search::TextField;
    let (_dir, store) = store();
    let a = account(&store, "annv", Quota::default());
    let mail = |subject: &str, body: &str| -> Arc<[u8]> {
        format!(
            "From: a@demo.gov.vn\r\nTo: annv@demo.gov.vn\r\nSubject: {subject}\r\n\r\n{body}\r\n"
        )
        .into_bytes()
        .into()
    };
    // 1: "abcd" and "bcde": the trigrams abc, bcd, cde of "abcde", not "abcde" itself.
    deliver(&store, &[a], mail("thong bao", "abcd bcde"));
    // 2: the string itself.
    deliver(&store, &[a], mail("thong bao", "xx abcde yy"));
    // 3: "abcd" in the subject (so in the header too), "bcde" in the body.
    deliver(&store, &[a], mail("abcd", "bcde"));
    // 4: the trigrams in reverse order, in one word.
    deliver(&store, &[a], mail("cdebcdabc", "cdebcdabc"));
    // 5: with diacritics: "Nhà Nước" folds to "nha nuoc".
    deliver(&store, &[a], mail("Kế hoạch", "Ngân sách Nhà Nước năm"));
    let ia = inbox(&store, a).id;
    let find = |field, needle: &str| {
        store
            .search_text(a, ia, field, &storage::text::search_form(needle))
            .unwrap()
    };
    assert_eq!(find(TextField::Body, "abcde"), [2]);
    assert_eq!(find(TextField::Any, "abcde"), [2]);
    assert_eq!(find(TextField::Subject, "abcde"), Vec::<u32>::new());
    // Three characters are one trigram: no text to read, the same answer.
    assert_eq!(find(TextField::Body, "bcd"), [1, 2, 3, 4]);
    assert_eq!(find(TextField::Subject, "bcd"), [3, 4]);
    assert_eq!(find(TextField::Any, "nha nuoc"), [5]);
    assert_eq!(find(TextField::Body, "NHÀ NƯỚC NĂM"), [5]);
    assert_eq!(find(TextField::Body, "nha nuoc nam x"), Vec::<u32>::new());
    // The header holds the subject as "Subject: abcd": a string across name and value.
    assert_eq!(find(TextField::Any, "subject: abcd"), [3]);
    assert_eq!(find(TextField::Any, "ject: cdeb"), [4]);
    // 6: a string with more trigrams than a query asks for: the text decides.
    let long = "ngan sach nha nuoc nam ".repeat(4);
    deliver(&store, &[a], mail("x", &long));
    // 7: every trigram of it, not the string (one "nuoc" more in the first repetition).
    deliver(
        &store,
        &[a],
        mail("x", &long.replacen("nha nuoc", "nha nuoc nuoc", 1)),
    );
    assert_eq!(find(TextField::Body, long.trim_end()), [6]);
}
