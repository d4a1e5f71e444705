//! The core operations on PostgreSQL: the same scenario run on the SQLite `Store` and on
//! `PgBackend` must give the same answers (a first piece of the conformance suite: the
//! methods have the same names and types, so one macro body drives both), and UID/MODSEQ
//! allocation under concurrency from several connections and several "nodes".
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use super::testing::TestPostgres;
use super::{PgBackend, PgConfig};
use crate::backend::*;
use crate::{
    AccountFilter, AccountKind, AccountStatus, Counts, DeliveryTarget, FlagChange, FlagOp, Flags,
    MessageMeta, NewAccount, NewMessage, OpenMode, Quota, StorageError, Store,
};

fn new_account(address: &str, agency: &str, quota: Quota) -> NewAccount {
    NewAccount {
        address: address.into(),
        display_name: format!("Cán bộ {address}"),
        agency_code: agency.into(),
        kind: AccountKind::Personal,
        password_hash: "$argon2id$not-used".into(),
        quota,
    }
}

fn raw(subject: &str, body_len: usize) -> Arc<[u8]> {
    let body = "Nội dung công văn. ".repeat(body_len / 20 + 1);
    Arc::from(
        format!(
            "From: Văn thư <vanthu@a.gov.vn>\r\nTo: b@a.gov.vn\r\nSubject: {subject}\r\n\
             Message-ID: <{subject}@a.gov.vn>\r\nDate: Mon, 7 Dec 2026 08:00:00 +0700\r\n\r\n\
             {body}\r\n"
        )
        .into_bytes(),
    )
}

/// One scenario over every core operation; returns what it saw, without the values that
/// differ by nature between two stores (ids, UIDVALIDITY, creation times).
macro_rules! scenario {
    ($b:expr) => {{
        let b = $b;
        let mut seen: Vec<String> = Vec::new();
        let mut note = |what: &str, v: String| seen.push(format!("{what}: {v}"));
        // Directory.
        b.add_domain("A.gov.vn").unwrap();
        note(
            "dup domain",
            format!("{:?}", b.add_domain("a.gov.vn").is_err()),
        );
        note(
            "serves",
            format!("{:?}", b.serves_domain("a.GOV.vn").unwrap()),
        );
        b.add_agency("ubnd", "Ủy ban nhân dân tỉnh", None, Some(40))
            .unwrap();
        b.add_agency("STTTT", "Sở Thông tin và Truyền thông", Some("UBND"), None)
            .unwrap();
        b.add_agency("PHONG-A", "Phòng A", Some("stttt"), None)
            .unwrap();
        note("chain", format!("{:?}", b.agency_chain("PHONG-A").unwrap()));
        note(
            "cycle",
            format!("{:?}", b.move_agency("UBND", Some("PHONG-A")).is_err()),
        );
        let agencies: Vec<_> = b
            .list_agencies()
            .unwrap()
            .into_iter()
            .map(|a| (a.code, a.name, a.parent, a.headcount, a.children))
            .collect();
        note("agencies", format!("{agencies:?}"));
        let a = b.create_account(new_account("An@A.gov.vn", "sttttt", Quota::default()));
        note("bad agency", format!("{:?}", a.is_err()));
        let a = b
            .create_account(new_account("An@A.gov.vn", "STTTT", Quota::default()))
            .unwrap();
        let c = b
            .create_account(new_account(
                "chi@a.gov.vn",
                "PHONG-A",
                Quota {
                    bytes: None,
                    messages: Some(3),
                },
            ))
            .unwrap();
        note(
            "account",
            format!("{} {} {:?} {:?}", a.address, a.agency, a.kind, a.status),
        );
        note(
            "dup account",
            format!(
                "{:?}",
                b.create_account(new_account("an@a.gov.vn", "STTTT", Quota::default()))
                    .map(|_| ())
            ),
        );
        b.add_alias("vanthu@a.gov.vn", "an@a.gov.vn").unwrap();
        note(
            "aliases",
            format!("{:?}", b.list_aliases("an@a.gov.vn").unwrap()),
        );
        let r = b.resolve_recipient("VANTHU@a.gov.vn").unwrap().unwrap();
        note("resolve", format!("{} {}", r.account == a.id, r.address));
        note(
            "like",
            format!("{:?}", b.addresses_like("an", "a.gov.vn").unwrap()),
        );
        let filter = AccountFilter {
            agency: Some("STTTT".into()),
            subtree: true,
            ..Default::default()
        };
        let listed: Vec<_> = b
            .list_accounts(&filter)
            .unwrap()
            .into_iter()
            .map(|a| a.address)
            .collect();
        note("subtree", format!("{listed:?}"));
        b.set_display_name("an@a.gov.vn", "Nguyễn Văn An").unwrap();
        b.set_password_hash("an@a.gov.vn", "$argon2id$new".into())
            .unwrap();
        let (acc, hash) = b.password_hash("an@a.gov.vn").unwrap();
        note("hash", format!("{} {hash}", acc.display_name));

        // Mailboxes.
        let list = |counts| -> Vec<(String, Option<String>, u32, u32, u64, u32)> {
            b.list_mailboxes(a.id, counts)
                .unwrap()
                .into_iter()
                .map(|m| {
                    (
                        m.name,
                        m.special_use,
                        m.messages,
                        m.unseen,
                        m.size,
                        m.recent,
                    )
                })
                .collect()
        };
        note("default mailboxes", format!("{:?}", list(Counts::Without)));
        note(
            "subscriptions",
            format!("{:?}", b.subscriptions(a.id).unwrap()),
        );
        b.create_mailbox(a.id, "Công văn/Đến", None).unwrap();
        b.create_mailbox(a.id, "Công văn", None).unwrap();
        note(
            "dup mailbox",
            format!("{:?}", b.create_mailbox(a.id, "Công văn", None).map(|_| ())),
        );
        note(
            "shared refused",
            format!("{:?}", b.create_mailbox(a.id, "Shared/x", None).is_err()),
        );
        note(
            "special taken",
            format!(
                "{:?}",
                b.create_special_mailbox(a.id, "Gửi đi", "\\Sent").unwrap()
            ),
        );
        let v1 = b.mailbox_head(a.id, "Công văn/Đến").unwrap().uidvalidity;
        b.rename_mailbox(a.id, "Công văn", "Văn bản").unwrap();
        note(
            "renamed",
            format!(
                "{:?}",
                b.mailbox_head(a.id, "Văn bản/Đến")
                    .map(|h| h.uidvalidity == v1)
            ),
        );
        b.subscribe_mailbox(a.id, "Văn bản").unwrap();
        note(
            "subscribe missing",
            format!("{:?}", b.subscribe_mailbox(a.id, "Không có").is_err()),
        );
        b.delete_mailbox(a.id, "Văn bản/Đến").unwrap();
        b.create_mailbox(a.id, "Văn bản/Đến", None).unwrap();
        let v2 = b.mailbox_head(a.id, "Văn bản/Đến").unwrap().uidvalidity;
        note("uidvalidity not reused", format!("{:?}", v2 > v1));
        b.unsubscribe_mailbox(a.id, "Văn bản").unwrap();
        note(
            "inbox delete",
            format!("{:?}", b.delete_mailbox(a.id, "inbox").is_err()),
        );

        // Delivery to several recipients in one transaction.
        let targets = vec![
            DeliveryTarget::inbox(a.id),
            DeliveryTarget {
                mailbox: "Không có".into(),
                ..DeliveryTarget::inbox(c.id)
            },
            DeliveryTarget {
                mailbox: "Lưu trữ/2026".into(),
                create: true,
                flags: Flags::SEEN,
                keywords: vec!["$Official".into()],
                ..DeliveryTarget::inbox(a.id)
            },
        ];
        let big = raw("lớn", crate::blob::INLINE_MAX + 1000);
        let small = raw("nhỏ", 100);
        let d = b
            .deliver(
                small.clone(),
                MessageMeta::parse(&small),
                1_700_000_000,
                targets.clone(),
            )
            .unwrap();
        note(
            "delivered",
            format!(
                "{:?}",
                d.iter()
                    .map(|d| (d.uid, d.modseq, d.used_bytes))
                    .collect::<Vec<_>>()
            ),
        );
        let d2 = b
            .deliver(
                big.clone(),
                MessageMeta::parse(&big),
                1_700_000_100,
                targets[..2].to_vec(),
            )
            .unwrap();
        note(
            "delivered big",
            format!("{:?}", d2.iter().map(|d| d.uid).collect::<Vec<_>>()),
        );
        // Over quota with enforcement: nothing delivered, no UID used (in INBOX of a either).
        let over = vec![
            DeliveryTarget::inbox(a.id),
            DeliveryTarget {
                enforce_quota: true,
                ..DeliveryTarget::inbox(c.id)
            },
        ];
        b.append(c.id, "INBOX", small.clone(), Flags::default(), vec![], 1)
            .unwrap();
        let err = b
            .deliver(small.clone(), MessageMeta::parse(&small), 5, over)
            .unwrap_err();
        note(
            "over quota",
            format!("{:?}", matches!(err, StorageError::OverQuota { .. })),
        );
        let inbox = b.mailbox_head(a.id, "INBOX").unwrap();
        note(
            "inbox after refusal",
            format!("{} {}", inbox.uidnext, inbox.highest_modseq),
        );
        note("status", format!("{:?}", list(Counts::With)));
        let usage = b.get_account("an@a.gov.vn").unwrap().quota_usage();
        note(
            "usage",
            format!("{} {}", usage.used_bytes, usage.used_messages),
        );

        // APPEND, MULTIAPPEND and metadata.
        let many = vec![
            NewMessage {
                raw: raw("m1", 10),
                flags: Flags::DRAFT,
                keywords: vec!["$Draft".into()],
                internal_date: 10,
            },
            NewMessage {
                raw: raw("m2", 10),
                flags: Flags::default(),
                keywords: vec![],
                internal_date: 11,
            },
        ];
        let appended = b.append_many(a.id, "inbox", many, None).unwrap();
        note(
            "appended",
            format!(
                "{:?}",
                appended
                    .iter()
                    .map(|d| (d.uid, d.modseq))
                    .collect::<Vec<_>>()
            ),
        );
        let infos = b.messages(a.id, inbox.id, 1..=u32::MAX).unwrap();
        let shown: Vec<_> = infos
            .iter()
            .map(|i| {
                (
                    i.uid,
                    i.flags,
                    i.keywords.clone(),
                    i.modseq,
                    i.internal_date,
                    i.size,
                    i.meta.subject.clone(),
                    i.meta.sent_day,
                )
            })
            .collect();
        note("messages", format!("{shown:?}"));
        let with = b.messages_with_structure(a.id, inbox.id, 1..=2).unwrap();
        note(
            "structure",
            format!(
                "{:?}",
                with.iter()
                    .map(|i| i.structure.as_ref().map(|s| s.to_json()))
                    .collect::<Vec<_>>()
            ),
        );
        note(
            "by uid",
            format!(
                "{:?}",
                b.messages_by_uid(a.id, inbox.id, &[4, 2, 99])
                    .unwrap()
                    .iter()
                    .map(|i| i.uid)
                    .collect::<Vec<_>>()
            ),
        );
        note(
            "read",
            format!(
                "{:?}",
                b.read_message(a.id, inbox.id, 2).unwrap() == &big[..]
            ),
        );
        note(
            "range inline",
            format!(
                "{:?}",
                b.read_content_range(&infos[0].blob, 6..20).unwrap() == &small[6..20]
            ),
        );
        note(
            "range file",
            format!(
                "{:?}",
                b.read_content_range(&infos[1].blob, 100..300).unwrap() == &big[100..300]
            ),
        );
        note(
            "other's mailbox",
            format!("{:?}", b.uids(c.id, inbox.id).is_err()),
        );
        let mut flags_seen = Vec::new();
        b.each_flags(a.id, inbox.id, 1..=u32::MAX, 0, &mut |r: crate::FlagRow<
            '_,
        >| {
            flags_seen.push((r.uid, r.flags, r.keywords.to_string(), r.modseq))
        })
        .unwrap();
        note("each_flags", format!("{flags_seen:?}"));
        note(
            "keys",
            format!("{}", b.message_keys(a.id, inbox.id).unwrap().len()),
        );

        // Flags with MODSEQ, CONDSTORE.
        let u = b
            .set_flags(
                a.id,
                inbox.id,
                vec![1, 2, 3, 4, 77],
                FlagChange {
                    op: FlagOp::Add,
                    flags: Flags::SEEN,
                    keywords: vec!["$Important".into()],
                    unchanged_since: None,
                },
            )
            .unwrap();
        note("set_flags", format!("{:?} {:?}", u.changed, u.modified));
        let u = b
            .set_flags(
                a.id,
                inbox.id,
                vec![1, 3],
                FlagChange {
                    op: FlagOp::Replace,
                    flags: Flags::DELETED,
                    keywords: vec![],
                    unchanged_since: Some(inbox.highest_modseq),
                },
            )
            .unwrap();
        note(
            "unchangedsince",
            format!("{:?} {:?}", u.changed, u.modified),
        );
        let u = b
            .set_flags(
                a.id,
                inbox.id,
                vec![1, 3],
                FlagChange {
                    op: FlagOp::Add,
                    flags: Flags::DELETED,
                    keywords: vec![],
                    unchanged_since: None,
                },
            )
            .unwrap();
        note("deleted", format!("{:?}", u.changed));
        let changed = b
            .changed_messages(a.id, inbox.id, 1..=u32::MAX, inbox.highest_modseq, false)
            .unwrap();
        note(
            "changed since",
            format!(
                "{:?}",
                changed
                    .iter()
                    .map(|i| (i.uid, i.modseq))
                    .collect::<Vec<_>>()
            ),
        );

        // Copy, move, expunge.
        let archive = b.mailbox_head(a.id, "Archive").unwrap();
        let copied = b.copy(a.id, inbox.id, vec![4, 2], archive.id).unwrap();
        note("copy", format!("{copied:?}"));
        let moved = b
            .move_messages(a.id, inbox.id, vec![1], archive.id)
            .unwrap();
        note("move", format!("{moved:?}"));
        let cross = b.copy_across(
            (a.id, inbox.id),
            vec![2],
            (c.id, b.mailbox_head(c.id, "INBOX").unwrap().id),
        );
        note(
            "copy over quota",
            format!(
                "{:?}",
                cross.map_err(|e| matches!(e, StorageError::OverQuota { .. }))
            ),
        );
        let x = b.expunge(a.id, inbox.id, None).unwrap();
        note("expunge", format!("{x:?}"));
        note(
            "vanished",
            format!(
                "{:?}",
                b.expunged_since(a.id, inbox.id, inbox.highest_modseq)
                    .unwrap()
            ),
        );
        note(
            "uids",
            format!(
                "{:?} {:?}",
                b.uids(a.id, inbox.id).unwrap(),
                b.uids(a.id, archive.id).unwrap()
            ),
        );
        let view = b.view_mailbox(a.id, "INBOX").unwrap();
        note(
            "view",
            format!(
                "{} {} {:?} {:?} {:?}",
                view.uidnext, view.highest_modseq, view.uids, view.first_unseen, view.keywords
            ),
        );
        note("status after", format!("{:?}", list(Counts::With)));
        // (After STATUS: SQLite's Store writes claims behind, so its STATUS right after a
        // claim may still count the claimed messages as recent; here the claim is written at
        // once, for other nodes' sessions.)
        note(
            "claim",
            format!(
                "{} {}",
                b.claim_recent(a.id, inbox.id, 5).unwrap(),
                b.claim_recent(a.id, inbox.id, 5).unwrap()
            ),
        );
        b.rename_mailbox(a.id, "INBOX", "Cũ").unwrap();
        note(
            "renamed inbox",
            format!(
                "{:?} {:?}",
                b.uids(a.id, inbox.id).unwrap(),
                b.uids(a.id, b.mailbox_head(a.id, "Cũ").unwrap().id)
                    .unwrap()
            ),
        );
        let usage = b.get_account("an@a.gov.vn").unwrap().quota_usage();
        note(
            "usage after",
            format!("{} {}", usage.used_bytes, usage.used_messages),
        );

        // Removing and purging.
        b.set_status("chi@a.gov.vn", AccountStatus::Removed)
            .unwrap();
        note(
            "purge",
            format!("{:?}", b.purge_account("chi@a.gov.vn").unwrap()),
        );
        note(
            "purge active",
            format!("{:?}", b.purge_account("an@a.gov.vn").is_err()),
        );
        note(
            "remove domain",
            format!("{:?}", b.remove_domain("a.gov.vn").is_err()),
        );
        b.remove_alias("vanthu@a.gov.vn").unwrap();
        note(
            "domains",
            format!(
                "{:?}",
                b.list_domains()
                    .unwrap()
                    .iter()
                    .map(|d| (d.name.clone(), d.accounts))
                    .collect::<Vec<_>>()
            ),
        );
        seen
    }};
}

/// PostgreSQL with the contents in a blob store given by the caller (an object store in
/// production; files in a directory of their own here): a large message goes there and
/// comes back from there, whole and in ranges.
#[test]
fn contents_go_to_the_blob_store_given() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let given: Arc<dyn crate::BlobStore> =
        Arc::new(crate::blob::fs::FsBlobs::open(dir.path().join("shared")).unwrap());
    let b =
        PgBackend::open_with_blobs(&PgConfig::new(pg.url()), dir.path(), given.clone()).unwrap();
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let big = raw("lớn", crate::blob::INLINE_MAX + 10);
    let hash = crate::hash_hex(&big);
    let d = b
        .deliver(
            big.clone(),
            MessageMeta::parse(&big),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    assert_eq!(
        given.list().unwrap(),
        vec![(hash.clone(), big.len() as u64)]
    );
    assert_eq!(
        b.read_message(a.id, d[0].mailbox, d[0].uid).unwrap(),
        big.to_vec()
    );
    assert_eq!(
        b.read_content_range(&hash, 3..9).unwrap(),
        big[3..9].to_vec()
    );
}

fn open_pg(pg: &TestPostgres, blobs: &std::path::Path, pool: usize) -> PgBackend {
    let mut config = PgConfig::new(pg.url());
    config.pool_size = pool;
    PgBackend::open(&config, blobs).unwrap()
}

#[test]
fn the_core_operations_answer_as_the_sqlite_store_does() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sqlite"), OpenMode::CreateIfMissing).unwrap();
    let sqlite = scenario!(&store);
    let backend = open_pg(&pg, &dir.path().join("pg-blobs"), 4);
    let postgres = scenario!(&backend);
    for (s, p) in sqlite.iter().zip(&postgres) {
        assert_eq!(s, p, "SQLite and PostgreSQL differ");
    }
    assert_eq!(sqlite.len(), postgres.len());
    // The large message's file is not removed at once (another node may be delivering the
    // same content): marked for the delayed sweep once its last copy went with the purge.
    assert_eq!(
        pg.psql("SELECT count(*) FROM contents WHERE refs <= 0")
            .trim(),
        "0"
    );
}

#[test]
fn changes_are_published_after_commit() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let mut rx = b.subscribe(a.id);
    let m = raw("x", 10);
    let d = b
        .deliver(
            m.clone(),
            MessageMeta::parse(&m),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    assert_eq!(
        rx.try_recv().unwrap(),
        crate::Change::Appended {
            mailbox: d[0].mailbox,
            uid: d[0].uid,
            modseq: d[0].modseq
        }
    );
    // A refused write publishes nothing.
    assert!(b.create_mailbox(a.id, "INBOX", None).is_err());
    assert!(rx.try_recv().is_err());
}

/// N threads append to one mailbox at once, each through its own connection, half of them
/// through a second backend (another node): UIDs are dense and unique, MODSEQs unique, and
/// transactions rolled back in between (over quota after the UID was taken) leave no hole.
#[test]
fn concurrent_appends_from_several_nodes_get_dense_unique_uids() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    const THREADS: usize = 8;
    const EACH: usize = 15;
    let dir = tempfile::tempdir().unwrap();
    let node_a = open_pg(&pg, dir.path(), THREADS);
    let node_b = open_pg(&pg, dir.path(), THREADS);
    node_a.add_domain("a.gov.vn").unwrap();
    node_a.add_agency("A", "A", None, None).unwrap();
    let a = node_a
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    // An account that is always over quota: a delivery to (a, full) takes a UID in a's
    // INBOX, then fails on full's quota and rolls back.
    let full = node_a
        .create_account(new_account(
            "full@a.gov.vn",
            "A",
            Quota {
                bytes: Some(1),
                messages: None,
            },
        ))
        .unwrap();
    let results: Vec<Vec<(u32, u64)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let node = if t % 2 == 0 { &node_a } else { &node_b };
                s.spawn(move || {
                    let mut got = Vec::new();
                    for i in 0..EACH {
                        let m = raw(&format!("t{t}-{i}"), 50);
                        if i % 3 == 0 {
                            let err = node
                                .deliver(
                                    m.clone(),
                                    MessageMeta::parse(&m),
                                    1,
                                    vec![
                                        DeliveryTarget::inbox(a.id),
                                        DeliveryTarget {
                                            enforce_quota: true,
                                            ..DeliveryTarget::inbox(full.id)
                                        },
                                    ],
                                )
                                .unwrap_err();
                            assert!(matches!(err, StorageError::OverQuota { .. }), "{err}");
                        }
                        let d = node
                            .append(a.id, "INBOX", m, Flags::default(), vec![], 1)
                            .unwrap();
                        got.push((d.uid, d.modseq));
                    }
                    got
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut uids: Vec<u32> = results.iter().flatten().map(|&(u, _)| u).collect();
    let mut modseqs: Vec<u64> = results.iter().flatten().map(|&(_, m)| m).collect();
    uids.sort_unstable();
    modseqs.sort_unstable();
    modseqs.dedup();
    let n = THREADS * EACH;
    assert_eq!(
        uids,
        (1..=n as u32).collect::<Vec<_>>(),
        "UIDs not dense and unique"
    );
    assert_eq!(modseqs.len(), n, "a MODSEQ given twice");
    // Each thread saw its own UIDs increase.
    for r in &results {
        assert!(r.windows(2).all(|w| w[0].0 < w[1].0));
    }
    let inbox = node_b.mailbox_head(a.id, "INBOX").unwrap();
    assert_eq!(inbox.uidnext as usize, n + 1);
    assert_eq!(node_b.uids(a.id, inbox.id).unwrap().len(), n);
    assert_eq!(
        node_a.get_account_by_id(a.id).unwrap().used_messages as usize,
        n
    );
}

/// Mailboxes created at once on two nodes never share a UIDVALIDITY, and two creations of
/// one name: one wins, the other is told it exists.
#[test]
fn concurrent_mailbox_creation_never_repeats_a_uidvalidity() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let node_a = open_pg(&pg, dir.path(), 4);
    let node_b = open_pg(&pg, dir.path(), 4);
    node_a.add_domain("a.gov.vn").unwrap();
    node_a.add_agency("A", "A", None, None).unwrap();
    let a = node_a
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let outcomes: Vec<bool> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..8)
            .map(|t| {
                let node = if t % 2 == 0 { &node_a } else { &node_b };
                s.spawn(move || {
                    for i in 0..5 {
                        node.create_mailbox(a.id, &format!("Hộp {t}-{i}"), None)
                            .unwrap();
                    }
                    node.create_mailbox(a.id, "Cùng tên", None).is_ok()
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(outcomes.iter().filter(|&&ok| ok).count(), 1);
    let all = node_a.list_mailboxes(a.id, Counts::Without).unwrap();
    let mut v: Vec<u32> = all.iter().map(|m| m.uidvalidity).collect();
    v.sort_unstable();
    v.dedup();
    assert_eq!(v.len(), all.len(), "a UIDVALIDITY given twice");
}

/// A delivery on node A reaches the sessions of node B (LISTEN/NOTIFY) within a second, once;
/// A's own sessions get it once too (not again through the database); a rolled-back write is
/// announced nowhere.
#[test]
fn changes_made_on_one_node_reach_the_other() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let node_a = open_pg(&pg, dir.path(), 2);
    let node_b = open_pg(&pg, dir.path(), 2);
    node_a.add_domain("a.gov.vn").unwrap();
    node_a.add_agency("A", "A", None, None).unwrap();
    let a = node_a
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let full = node_a
        .create_account(new_account(
            "full@a.gov.vn",
            "A",
            Quota {
                bytes: Some(1),
                messages: None,
            },
        ))
        .unwrap();
    let mut on_a = node_a.subscribe(a.id);
    let mut on_b = node_b.subscribe(a.id);
    // The listener connects in the background: wait until it hears something.
    let started = std::time::Instant::now();
    loop {
        node_a
            .create_mailbox(a.id, &format!("Thử {}", started.elapsed().as_nanos()), None)
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(100));
        if on_b.try_recv().is_ok() {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "node B never heard node A"
        );
    }
    while on_a.try_recv().is_ok() {}
    while on_b.try_recv().is_ok() {}
    let m = raw("liên nút", 10);
    let refused = node_a.deliver(
        m.clone(),
        MessageMeta::parse(&m),
        1,
        vec![
            DeliveryTarget::inbox(a.id),
            DeliveryTarget {
                enforce_quota: true,
                ..DeliveryTarget::inbox(full.id)
            },
        ],
    );
    assert!(refused.is_err());
    let sent = std::time::Instant::now();
    let d = node_a
        .deliver(
            m.clone(),
            MessageMeta::parse(&m),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    let expected = crate::Change::Appended {
        mailbox: d[0].mailbox,
        uid: d[0].uid,
        modseq: d[0].modseq,
    };
    let got = loop {
        if let Ok(c) = on_b.try_recv() {
            break c;
        }
        // The goal is a second (issue 23); three here, so that a loaded CI machine does not
        // make the test flaky (it takes a few milliseconds: printed below).
        assert!(
            sent.elapsed().as_millis() < 3_000,
            "not seen on node B within 3 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    eprintln!(
        "node B saw node A's delivery {} ms after it returned",
        sent.elapsed().as_millis()
    );
    assert_eq!(got, expected, "the refused delivery was announced");
    assert_eq!(on_a.try_recv().unwrap(), expected);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        on_a.try_recv().is_err(),
        "node A heard its own change twice"
    );
    assert!(on_b.try_recv().is_err());
}

/// A large message's file outlives its last copy until the sweep, which removes it only
/// when no content names it again.
#[test]
fn unreferenced_blob_files_are_swept_later_and_only_when_unused() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let big = raw("lớn", crate::blob::INLINE_MAX + 10);
    let hash = crate::hash_hex(&big);
    let file = crate::blob::fs::path_of(&dir.path().join(crate::BLOB_DIR), &hash);
    let deliver_and_expunge = || {
        let d = b
            .deliver(
                big.clone(),
                MessageMeta::parse(&big),
                1,
                vec![DeliveryTarget {
                    flags: Flags::DELETED,
                    ..DeliveryTarget::inbox(a.id)
                }],
            )
            .unwrap();
        b.expunge(a.id, d[0].mailbox, None).unwrap();
    };
    deliver_and_expunge();
    assert!(file.exists(), "removed at once");
    assert_eq!(b.sweep_blobs(super::BLOB_SWEEP_DELAY_SECS).unwrap(), 0);
    assert!(file.exists());
    // Delivered again before the sweep: the tombstone goes, the file stays.
    let m = b
        .deliver(
            big.clone(),
            MessageMeta::parse(&big),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    assert_eq!(b.sweep_blobs(0).unwrap(), 0);
    assert!(file.exists());
    assert_eq!(
        b.read_message(a.id, m[0].mailbox, m[0].uid).unwrap(),
        &big[..]
    );
    // Its last copy gone, and the delay over: swept.
    b.set_flags(
        a.id,
        m[0].mailbox,
        vec![m[0].uid],
        FlagChange {
            op: FlagOp::Add,
            flags: Flags::DELETED,
            keywords: vec![],
            unchanged_since: None,
        },
    )
    .unwrap();
    b.expunge(a.id, m[0].mailbox, None).unwrap();
    assert_eq!(b.sweep_blobs(0).unwrap(), 1);
    assert!(!file.exists());
    assert_eq!(pg.psql("SELECT count(*) FROM blob_tombstones").trim(), "0");
    // A later delivery of the same content writes the file again.
    let m = b
        .deliver(
            big.clone(),
            MessageMeta::parse(&big),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    assert_eq!(
        b.read_message(a.id, m[0].mailbox, m[0].uid).unwrap(),
        &big[..]
    );
}

/// Not a test: delivery rate of the SQLite store and of PostgreSQL (fsync on, local), one
/// recipient a message, from 1 and from 8 threads. Run with
/// `cargo test -p storage --lib postgres::core_tests::delivery_rate -- --ignored --nocapture`.
#[test]
#[ignore]
fn delivery_rate() {
    let Some(pg) = TestPostgres::start_with(super::testing::TestOptions {
        durable: std::env::var("PG_RATE_NO_FSYNC").is_err(),
        ..Default::default()
    }) else {
        return;
    };
    const N: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s"), OpenMode::CreateIfMissing).unwrap();
    let backend = open_pg(&pg, &dir.path().join("pg"), 8);
    macro_rules! rate {
        ($b:expr, $name:expr) => {{
            let b = $b;
            b.add_domain("a.gov.vn").unwrap();
            b.add_agency("A", "A", None, None).unwrap();
            let ids: Vec<i64> = (0..8)
                .map(|i| {
                    b.create_account(new_account(
                        &format!("u{i}@a.gov.vn"),
                        "A",
                        Quota::default(),
                    ))
                    .unwrap()
                    .id
                })
                .collect();
            for threads in [1usize, 8] {
                let start = std::time::Instant::now();
                std::thread::scope(|s| {
                    for t in 0..threads {
                        let ids = &ids;
                        s.spawn(move || {
                            for i in 0..N / threads {
                                let m = raw(&format!("{threads}-{t}-{i}"), 4000);
                                let meta = MessageMeta::parse(&m);
                                b.deliver(m, meta, 1, vec![DeliveryTarget::inbox(ids[t])])
                                    .unwrap();
                            }
                        });
                    }
                });
                let secs = start.elapsed().as_secs_f64();
                eprintln!(
                    "{}: {threads} thread(s): {:.0} deliveries/s",
                    $name,
                    N as f64 / secs
                );
            }
        }};
    }
    rate!(&store, "SQLite");
    rate!(&backend, "PostgreSQL");
}

/// Store's side effects that live in the database: the first \Seen of an official document
/// records its reading and makes an asked-for receipt due (and wakes the receipt sender); a
/// message put into "Thu hồi" is a recall request (the trigger of migration 1); after
/// shutdown, operations fail.
#[test]
fn reads_of_official_documents_recalls_and_shutdown() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let m = raw("Công văn 12/UBND", 10);
    let d = b
        .deliver(
            m.clone(),
            MessageMeta::parse(&m),
            1,
            vec![DeliveryTarget {
                keywords: vec![crate::OFFICIAL_KEYWORD.into()],
                ..DeliveryTarget::inbox(a.id)
            }],
        )
        .unwrap();
    pg.psql(&format!(
        "INSERT INTO documents (id, at, day, direction, mandatory, sender, recipient_agencies, \
           recipients_local, recipients_external) VALUES (1, 1, 1, 'received', true, 'x', '', 1, 0); \
         INSERT INTO document_recipients (document_id, address, account_id, content_id, receipt) \
           SELECT 1, 'a@a.gov.vn', {}, content_id, 'wait' FROM messages \
           WHERE mailbox_id = {} AND uid = {}",
        a.id, d[0].mailbox, d[0].uid
    ));
    let wake = b.receipts_notify().clone();
    let seen = FlagChange {
        op: FlagOp::Add,
        flags: Flags::SEEN,
        keywords: vec![],
        unchanged_since: None,
    };
    b.set_flags(a.id, d[0].mailbox, vec![d[0].uid], seen.clone())
        .unwrap();
    assert_eq!(
        pg.psql("SELECT receipt, read_at IS NOT NULL FROM document_recipients")
            .trim(),
        "due|t"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        tokio::time::timeout(std::time::Duration::from_secs(1), wake.notified())
            .await
            .unwrap()
    });
    // Moved into "Thu hồi": a recall request, made in the same transaction.
    let recall = b.mailbox_head(a.id, crate::RECALL_MAILBOX).unwrap();
    b.move_messages(a.id, d[0].mailbox, vec![d[0].uid], recall.id)
        .unwrap();
    assert_eq!(
        pg.psql("SELECT kind, account_id, mailbox_id, uid FROM recall_requests")
            .trim(),
        format!("mailbox|{}|{}|1", a.id, recall.id)
    );
    b.shutdown();
    assert!(matches!(
        b.list_domains().unwrap_err(),
        StorageError::WriterGone
    ));
}

/// SORT's and THREAD's rows, SAVEDATE and PREVIEW read the same on both stores, and on
/// PostgreSQL the subject keys are stored at delivery; a content stored before migration 3
/// (keys NULL) gets them from its subject on the first read, written back once.
#[test]
fn sort_thread_and_preview_rows_answer_as_the_sqlite_store_does() {
    use crate::sort_keys::{SortColumns, SortRow};
    use crate::thread::ThreadRowRef;
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    macro_rules! rows {
        ($b:expr) => {{
            let b = $b;
            b.add_domain("a.gov.vn").unwrap();
            b.add_agency("A", "A", None, None).unwrap();
            let a = b
                .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
                .unwrap();
            let subjects = ["Re: Báo cáo tuần", "Trả lời: Báo cáo", "[UBND] Giấy mời"];
            for (i, s) in subjects.iter().enumerate() {
                let m = raw(s, 40 + i * 3000);
                let mut m = m.to_vec();
                if i == 1 {
                    // A reply: THREAD reads its references.
                    let at = m.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
                    m.splice(at..at, b"\r\nReferences: <goc-1@a.gov.vn>".to_vec());
                }
                let m: Arc<[u8]> = m.into();
                b.deliver(m.clone(), MessageMeta::parse(&m), 100 - i as i64, vec![
                    DeliveryTarget::inbox(a.id),
                ])
                .unwrap();
            }
            let inbox = b.get_mailbox(a.id, "INBOX").unwrap();
            let all = SortColumns {
                internal_date: true,
                sent_date: true,
                size: true,
                subject: true,
                from: true,
                to: true,
                cc: true,
            };
            let mut seen = Vec::new();
            for columns in [all, SortColumns { internal_date: true, ..Default::default() }] {
                b.each_sort_row(a.id, inbox.id, 1..=u32::MAX, columns, &mut |r: SortRow<'_>| {
                    seen.push(format!(
                        "sort {} {} {:?} {} {:?} {:?} {:?} {:?}",
                        r.uid, r.internal_date, r.sent_date, r.size, r.subject, r.from, r.to,
                        r.cc
                    ))
                })
                .unwrap();
            }
            let complete = b
                .each_thread_row(a.id, inbox.id, 2..=3, &mut |r: ThreadRowRef<'_>| {
                    seen.push(format!("{r:?}"))
                })
                .unwrap();
            seen.push(format!("complete {complete}"));
            seen.push(format!("{:?}", b.thread_rows(a.id, inbox.id, 1..=u32::MAX).unwrap()));
            seen.push(format!(
                "{:?}",
                b.save_dates(a.id, inbox.id, 1..=2)
                    .unwrap()
                    .iter()
                    .map(|(u, d)| (*u, d.is_some()))
                    .collect::<Vec<_>>()
            ));
            let lazy = b.previews(a.id, inbox.id, 1..=u32::MAX, true).unwrap();
            let made = b.previews(a.id, inbox.id, 1..=u32::MAX, false).unwrap();
            let again = b.previews(a.id, inbox.id, 1..=u32::MAX, true).unwrap();
            let mut made: Vec<_> = made.into_iter().collect();
            made.sort();
            let mut lazy: Vec<_> = lazy.into_iter().collect();
            lazy.sort();
            seen.push(format!("lazy {lazy:?}"));
            seen.push(format!("{made:?}"));
            seen.push(format!("kept {}", again.values().all(Option::is_some)));
            assert!(
                b.each_sort_row(a.id + 999, inbox.id, 1..=1, all, &mut |_: SortRow<'_>| {})
                    .is_err()
            );
            (seen, a.id, inbox.id)
        }};
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s"), OpenMode::CreateIfMissing).unwrap();
    let (sqlite, _, _) = rows!(&store);
    let b = open_pg(&pg, &dir.path().join("pg"), 2);
    let (postgres, account, inbox) = rows!(&b);
    assert_eq!(sqlite, postgres);
    assert_eq!(
        pg.psql(
            "SELECT count(*) FROM contents WHERE sort_subject IS NULL OR thread_subject IS NULL"
        )
        .trim(),
        "0"
    );
    // Stored before migration 3: the keys come from the subject, once.
    pg.psql("UPDATE contents SET sort_subject = NULL, thread_subject = NULL, thread_reply = NULL");
    let mut subjects = Vec::new();
    let columns = SortColumns {
        subject: true,
        ..Default::default()
    };
    b.each_sort_row(account, inbox, 1..=u32::MAX, columns, &mut |r: SortRow<
        '_,
    >| {
        subjects.push(r.subject.to_string())
    })
    .unwrap();
    let keys = |s: &str| crate::subject::SubjectKeys::of(Some(s));
    assert_eq!(
        subjects,
        [
            keys("Re: Báo cáo tuần").sort,
            keys("Trả lời: Báo cáo").sort,
            keys("[UBND] Giấy mời").sort
        ]
    );
    assert_eq!(
        pg.psql("SELECT count(*) FROM contents WHERE sort_subject IS NULL")
            .trim(),
        "0"
    );
    pg.psql("UPDATE contents SET thread_subject = NULL, thread_refs = NULL");
    assert!(
        !b.each_thread_row(account, inbox, 1..=u32::MAX, &mut |_| {})
            .unwrap()
    );
    let rows = b.thread_rows(account, inbox, 1..=u32::MAX).unwrap();
    assert_eq!(rows[1].refs, ["goc-1@a.gov.vn"]);
    assert_eq!(
        (rows[0].base_subject.clone(), rows[0].reply),
        (keys("Re: Báo cáo tuần").thread, true)
    );
    assert!(
        b.each_thread_row(account, inbox, 1..=u32::MAX, &mut |_| {})
            .unwrap()
    );
}

/// `check` finds what SQLite's finds (counters, reference counts, a missing or damaged
/// blob, UIDs at or above uidnext) and `--repair` fixes what it can; the gauges count.
#[test]
fn check_finds_and_repairs_as_the_sqlite_store_does() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let small = raw("nhỏ", 100);
    let big = raw("lớn", crate::blob::INLINE_MAX + 10);
    let other = raw("khác", crate::blob::INLINE_MAX + 20);
    for m in [&small, &big, &other] {
        b.deliver(
            m.clone(),
            MessageMeta::parse(m),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    }
    let clean = b.check(true, false).unwrap();
    assert!(clean.problems.is_empty(), "{:?}", clean.problems);
    assert_eq!(
        (
            clean.accounts,
            clean.messages,
            clean.contents,
            clean.blob_files
        ),
        (1, 3, 3, 2)
    );
    let g = b.gauges().unwrap();
    assert_eq!((g.accounts, g.messages), (1, 3));
    assert_eq!(g.used_bytes, (small.len() + big.len() + other.len()) as u64);

    // Damage: counters, a reference count, UIDs, a missing blob, a damaged one, an orphan.
    pg.psql(
        "UPDATE accounts SET used_bytes = 7, used_messages = 9; \
         UPDATE contents SET refs = 5 WHERE size < 1000; \
         UPDATE mailboxes SET uidnext = 2, highest_modseq = 1 WHERE name = 'INBOX'",
    );
    let blobs = dir.path().join(crate::BLOB_DIR);
    std::fs::remove_file(crate::blob::fs::path_of(&blobs, &crate::hash_hex(&big))).unwrap();
    std::fs::write(
        crate::blob::fs::path_of(&blobs, &crate::hash_hex(&other)),
        vec![b'x'; other.len()],
    )
    .unwrap();
    let orphan = raw("mồ côi", crate::blob::INLINE_MAX + 30);
    crate::blob::BlobStore::put(&**b.blobs(), &crate::hash_hex(&orphan), &orphan).unwrap();
    let kinds = |r: &crate::CheckReport| {
        let mut k: Vec<_> = r
            .problems
            .iter()
            .map(|p| (p.kind, p.repairable, p.harmless))
            .collect();
        k.sort();
        k
    };
    let shallow = b.check(false, false).unwrap();
    assert_eq!(
        kinds(&shallow),
        [
            ("counters", true, false),
            ("missing-blob", false, false),
            ("orphan-blob", true, true),
            ("quota", true, false),
            ("refs", true, false)
        ]
    );
    let deep = b.check(true, true).unwrap();
    assert!(deep.repaired);
    assert!(kinds(&deep).contains(&("damaged-blob", false, false)));
    // Repaired: only the blobs stay reported (they need a backup); the orphan is marked
    // for the delayed sweep, not removed at once.
    let after = b.check(true, false).unwrap();
    assert_eq!(
        kinds(&after),
        [
            ("damaged-blob", false, false),
            ("missing-blob", false, false),
            ("orphan-blob", true, true)
        ]
    );
    assert!(
        after
            .problems
            .iter()
            .any(|p| p.detail.contains("delayed sweep"))
    );
    assert_eq!(pg.psql("SELECT count(*) FROM blob_tombstones").trim(), "1");
    let m = b
        .messages(a.id, b.get_mailbox(a.id, "INBOX").unwrap().id, 1..=u32::MAX)
        .unwrap();
    assert_eq!(m.len(), 3);
    // The next delivery gets UID 4, not a UID already used.
    let d = b
        .deliver(
            raw("mới", 10),
            MessageMeta::parse(&raw("mới", 10)),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    assert_eq!(d[0].uid, 4);
}

/// A blob store whose `exists` waits until released: a delivery of a large message blocked
/// in its blob I/O must not hold one of the PostgreSQL runtime's worker threads, or two of
/// them stop every other query of the node.
#[derive(Debug)]
struct SlowBlobs {
    inner: crate::blob::fs::FsBlobs,
    waiting: std::sync::atomic::AtomicUsize,
    released: std::sync::Mutex<bool>,
    wake: std::sync::Condvar,
}

impl crate::BlobStore for SlowBlobs {
    fn put(&self, hash: &str, data: &[u8]) -> Result<crate::Put, crate::BlobError> {
        self.inner.put(hash, data)
    }
    fn get(&self, hash: &str) -> Result<Vec<u8>, crate::BlobError> {
        self.inner.get(hash)
    }
    fn get_range(
        &self,
        hash: &str,
        range: std::ops::Range<u64>,
    ) -> Result<Vec<u8>, crate::BlobError> {
        self.inner.get_range(hash, range)
    }
    fn size(&self, hash: &str) -> Result<Option<u64>, crate::BlobError> {
        self.inner.size(hash)
    }
    fn exists(&self, hash: &str) -> Result<bool, crate::BlobError> {
        self.waiting
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let released = self.released.lock().unwrap();
        let _released = self
            .wake
            .wait_timeout_while(released, std::time::Duration::from_secs(10), |r| !*r)
            .unwrap();
        self.inner.exists(hash)
    }
    fn delete(&self, hash: &str) -> Result<(), crate::BlobError> {
        self.inner.delete(hash)
    }
    fn list(&self) -> Result<Vec<(String, u64)>, crate::BlobError> {
        self.inner.list()
    }
    fn describe(&self) -> String {
        "slow files".into()
    }
}

#[test]
fn blob_io_of_a_delivery_leaves_the_runtime_free() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let slow = Arc::new(SlowBlobs {
        inner: crate::blob::fs::FsBlobs::open(dir.path().join("blobs")).unwrap(),
        waiting: Default::default(),
        released: std::sync::Mutex::new(false),
        wake: Default::default(),
    });
    let mut config = PgConfig::new(pg.url());
    config.pool_size = 8;
    let b = PgBackend::open_with_blobs(&config, dir.path(), slow.clone()).unwrap();
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let accounts: Vec<_> = ["a@a.gov.vn", "b@a.gov.vn"]
        .iter()
        .map(|address| {
            b.create_account(new_account(address, "A", Quota::default()))
                .unwrap()
        })
        .collect();
    std::thread::scope(|s| {
        // Two deliveries (as many as the runtime has workers) to two mailboxes (no lock
        // between them), both in their blob I/O.
        for (n, a) in accounts.iter().enumerate() {
            let b = &b;
            s.spawn(move || {
                let m = raw(&format!("lớn {n}"), crate::blob::INLINE_MAX + 10);
                b.deliver(
                    m.clone(),
                    MessageMeta::parse(&m),
                    1,
                    vec![DeliveryTarget::inbox(a.id)],
                )
                .unwrap();
            });
        }
        let start = std::time::Instant::now();
        while slow.waiting.load(std::sync::atomic::Ordering::SeqCst) < 2 {
            // With blob I/O on a worker thread, the first delivery's wait holds up the
            // second one's queries: it reaches its blob only when the first is released.
            assert!(
                start.elapsed().as_secs() < 5,
                "the second delivery waited for the first one's blob I/O"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        // Meanwhile other queries are answered at once.
        let start = std::time::Instant::now();
        assert_eq!(b.list_domains().unwrap().len(), 1);
        let took = start.elapsed();
        *slow.released.lock().unwrap() = true;
        slow.wake.notify_all();
        assert!(
            took < std::time::Duration::from_secs(2),
            "a read waited {took:?}"
        );
    });
    for a in &accounts {
        assert_eq!(b.get_mailbox(a.id, "INBOX").unwrap().messages, 1);
    }
}

/// `backup`: a dump of one snapshot, the blobs that snapshot names (verified copies and a
/// listing), the manifest last; a directory that is not empty is refused.
#[test]
fn backup_dumps_one_snapshot_with_its_blobs() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, &dir.path().join("data"), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let big = raw("lớn", crate::blob::INLINE_MAX + 10);
    for m in [raw("nhỏ", 10), big.clone()] {
        b.deliver(
            m.clone(),
            MessageMeta::parse(&m),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    }
    let dest = dir.path().join("backup");
    let report = b.backup(&dest).unwrap();
    assert_eq!(
        (
            report.accounts,
            report.messages,
            report.blobs,
            report.blob_bytes
        ),
        (1, 2, 1, big.len() as u64)
    );
    let hash = crate::hash_hex(&big);
    assert_eq!(
        std::fs::read_to_string(dest.join(super::maintenance::BLOB_LIST_FILE)).unwrap(),
        format!("{hash} {}\n", big.len())
    );
    assert_eq!(
        std::fs::read(crate::blob::fs::path_of(&dest.join(crate::BLOB_DIR), &hash)).unwrap(),
        big.to_vec()
    );
    let dump = std::fs::read(dest.join(super::maintenance::PG_DUMP_FILE)).unwrap();
    assert!(
        dump.starts_with(b"PGDMP"),
        "a pg_dump custom-format archive"
    );
    let manifest: crate::BackupReport =
        serde_json::from_slice(&std::fs::read(dest.join(crate::MANIFEST)).unwrap()).unwrap();
    assert_eq!(manifest.messages, 2);
    assert!(matches!(
        b.backup(&dest).unwrap_err(),
        StorageError::Refused { .. }
    ));
}

/// The disk reserve on the local data directory: below it new mail and spool files are
/// refused (a temporary failure), while mail owed for accepted mail (`for_notices`) may use
/// its lower half.
#[test]
fn the_disk_reserve_refuses_new_mail_but_not_notices() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let free = b.disk_status().unwrap().free_bytes;
    // A reserve above the free space: nothing new fits, a notice (half of it) does.
    b.set_min_free_space(free + (1 << 20));
    assert_eq!(b.min_free_space(), free + (1 << 20));
    let m = raw("mới", 100);
    let refused = b
        .deliver(
            m.clone(),
            MessageMeta::parse(&m),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap_err();
    assert!(matches!(refused, StorageError::LowDisk { .. }), "{refused}");
    assert!(matches!(
        b.spool().unwrap_err(),
        StorageError::LowDisk { .. }
    ));
    let notices = b.for_notices();
    notices
        .deliver(
            m.clone(),
            MessageMeta::parse(&m),
            1,
            vec![DeliveryTarget::inbox(a.id)],
        )
        .unwrap();
    assert_eq!(b.disk_status().unwrap().refusals, 2);
    let usage = b.disk_usage().unwrap();
    assert!(usage.database_bytes > 0 && usage.total_bytes >= usage.free_bytes);
    b.set_min_free_space(0);
    b.spool().unwrap();
}

/// Each node sweeps unreferenced blobs by itself (at its first turn, then every few
/// minutes): a blob unreferenced for longer than the delay goes without anyone asking.
#[test]
fn a_node_sweeps_old_unreferenced_blobs_by_itself() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let big = raw("lớn", crate::blob::INLINE_MAX + 10);
    let d = b
        .deliver(
            big.clone(),
            MessageMeta::parse(&big),
            1,
            vec![DeliveryTarget {
                flags: Flags::DELETED,
                ..DeliveryTarget::inbox(a.id)
            }],
        )
        .unwrap();
    b.expunge(a.id, d[0].mailbox, None).unwrap();
    drop(b);
    // Unreferenced for longer than the delay; a node starts.
    pg.psql("UPDATE blob_tombstones SET at = at - 7200");
    let file = crate::blob::fs::path_of(&dir.path().join(crate::BLOB_DIR), &crate::hash_hex(&big));
    assert!(file.exists());
    let _b = open_pg(&pg, dir.path(), 2);
    let start = std::time::Instant::now();
    while file.exists() {
        assert!(start.elapsed().as_secs() < 10, "not swept");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// One target, the common delivery (its mailbox found and locked by one statement planned
/// once): to a folder, to a missing folder (INBOX instead), to a folder created on the way,
/// and refused over quota without using a UID.
#[test]
fn one_target_lands_in_its_folder_in_inbox_instead_or_in_a_created_one() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = open_pg(&pg, dir.path(), 2);
    b.add_domain("a.gov.vn").unwrap();
    b.add_agency("A", "A", None, None).unwrap();
    let quota = Quota {
        bytes: None,
        messages: Some(3),
    };
    let a = b
        .create_account(new_account("a@a.gov.vn", "A", quota))
        .unwrap();
    b.create_mailbox(a.id, "Văn bản", None).unwrap();
    let small = raw("một", 100);
    let one = |target: DeliveryTarget| {
        b.deliver(small.clone(), MessageMeta::parse(&small), 1, vec![target])
    };
    let to = |mailbox: &str, create: bool| DeliveryTarget {
        mailbox: mailbox.into(),
        create,
        enforce_quota: true,
        ..DeliveryTarget::inbox(a.id)
    };
    let folder = one(to("Văn bản", false)).unwrap();
    let instead = one(to("Không có", false)).unwrap();
    let created = one(to("Mới", true)).unwrap();
    let head = |name: &str| b.mailbox_head(a.id, name).unwrap();
    assert_eq!((folder[0].mailbox, folder[0].uid), (head("Văn bản").id, 1));
    assert_eq!((instead[0].mailbox, instead[0].uid), (head("INBOX").id, 1));
    assert_eq!((created[0].mailbox, created[0].uid), (head("Mới").id, 1));
    assert!(b.subscriptions(a.id).unwrap().contains(&"Mới".to_string()));
    // The fourth message is over the quota of three: refused, INBOX's next UID unused.
    let err = one(to("INBOX", false)).unwrap_err();
    assert!(matches!(err, StorageError::OverQuota { .. }), "{err}");
    assert_eq!(head("INBOX").uidnext, 2);
    assert_eq!(
        b.get_account("a@a.gov.vn")
            .unwrap()
            .quota_usage()
            .used_messages,
        3
    );
}

/// The held-index flush of one node and the backlog indexer of another write the same
/// contents' index rows at once (the flush given them in descending order, the backlog
/// taking them in table order, in batches): they lock the rows in one order, so PostgreSQL never reports
/// a deadlock between them (one was logged in a benchmark when each took its own order; the
/// retry hid it but for the server's log and the time lost). This run did not provoke it on
/// the former code either: it guards the order, and that both finish with all indexed.
#[test]
fn the_index_flush_and_the_backlog_never_deadlock() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    const N: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let node_a = open_pg(&pg, dir.path(), 4);
    let node_b = open_pg(&pg, dir.path(), 4);
    node_a.add_domain("a.gov.vn").unwrap();
    node_a.add_agency("A", "A", None, None).unwrap();
    let a = node_a
        .create_account(new_account("a@a.gov.vn", "A", Quota::default()))
        .unwrap();
    let messages: Vec<Arc<[u8]>> = (0..N).map(|i| raw(&format!("m{i}"), 200)).collect();
    for m in &messages {
        node_a
            .deliver(
                m.clone(),
                MessageMeta::parse(m),
                1,
                vec![DeliveryTarget::inbox(a.id)],
            )
            .unwrap();
    }
    node_a.index_held().unwrap();
    for round in 0..2 {
        // Every content unindexed again, and held by node B, highest id first.
        pg.psql("UPDATE contents SET indexed = false");
        let ids: Vec<i64> = pg
            .psql("SELECT id FROM contents ORDER BY id DESC")
            .lines()
            .map(|l| l.trim().parse().unwrap())
            .collect();
        assert_eq!(ids.len(), N);
        let mut held: Vec<_> = ids
            .iter()
            .zip(messages.iter().rev())
            .map(|(id, m)| {
                (
                    *id,
                    super::search::Held::take(&mut MessageMeta::parse(m)).unwrap(),
                )
            })
            .collect();
        std::thread::scope(|s| {
            s.spawn(|| {
                // Once the backlog's transaction has begun locking contents' rows.
                while pg
                    .psql(
                        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
                         WHERE c.relname = 'contents' AND l.mode = 'RowShareLock'",
                    )
                    .trim()
                    == "0"
                {
                    std::thread::yield_now();
                }
                for (id, row) in held.drain(..) {
                    node_b.held_index().push(id, row);
                }
                node_b.index_held().unwrap();
            });
            s.spawn(|| while node_a.index_backlog().unwrap() > 0 {});
        });
        assert_eq!(
            pg.psql("SELECT count(*) FROM contents WHERE NOT indexed")
                .trim(),
            "0",
            "round {round}"
        );
    }
    let log = pg.log();
    assert!(
        !log.contains("deadlock detected"),
        "PostgreSQL saw a deadlock:\n{log}"
    );
}
