//! `govmail store migrate --to CONFIG` (issue 23): a store of 10,000 messages copied into
//! another store, then a server started on the copy answers IMAP exactly as the original did
//! (every message's UID, FLAGS, MODSEQ, RFC822.SIZE and a hash of BODY[], each mailbox's
//! UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ), logins work with the old passwords, and a second
//! run copies only what is new, and removes what the old server expunged, moved away or
//! deleted (messages, a mailbox, an account) since. The state that is not mail moves too: the usage report, the
//! register and its tracking, the queue, the quarantine, the audit log and the recall list
//! read the same from the copy, and a QRESYNC SELECT from an old MODSEQ gets the same
//! VANISHED (EARLIER) and FETCH answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use common::{PASSWORD, Server};

const DOMAIN: &str = "quangngai.gov.vn";
const MESSAGES: u32 = 10_000;
/// Messages of annv's "Tam thoi", which the old server deletes between two runs.
const TEMPORARY: u32 = 2;

/// What an IMAP client sees of every mailbox of an account: JSON from python's imaplib.
const DUMP: &str = r#"
import hashlib, imaplib, json, re, ssl, sys
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
imap = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
imap.login(user, password)
imap.enable("CONDSTORE")
out = {}
typ, boxes = imap.list()
for line in boxes:
    name = line.decode().rsplit(' "/" ', 1)[1].strip('"')
    if "\\Noselect" in line.decode() or "\\NonExistent" in line.decode():
        continue
    typ, _ = imap.select('"%s"' % name, readonly=True)
    assert typ == "OK", name
    typ, status = imap.status('"%s"' % name, "(UIDVALIDITY UIDNEXT HIGHESTMODSEQ MESSAGES)")
    box = {"status": re.sub(r'^.*\(', '(', status[0].decode()), "messages": []}
    typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS MODSEQ RFC822.SIZE BODY.PEEK[])")
    for item in data:
        if not isinstance(item, tuple):
            continue
        head, body = item
        head = head.decode()
        uid = re.search(r"UID (\d+)", head).group(1)
        flags = re.search(r"FLAGS \(([^)]*)\)", head).group(1)
        modseq = re.search(r"MODSEQ \((\d+)\)", head).group(1)
        size = re.search(r"RFC822\.SIZE (\d+)", head).group(1)
        box["messages"].append([int(uid), sorted(flags.split()), int(modseq), int(size),
                                hashlib.sha256(body).hexdigest()])
    out[name] = box
imap.logout()
print(json.dumps(out, sort_keys=True, ensure_ascii=False))
"#;

/// The untagged answers to a QRESYNC SELECT of INBOX from a MODSEQ a little before the last
/// (RFC 7162 §3.2.5): the VANISHED (EARLIER) and FETCH lines a resynchronising client gets.
const QRESYNC: &str = r#"
import re, socket, ssl, sys
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
conn = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)))
f = conn.makefile("rb")
def run(tag, command):
    conn.sendall(("%s %s\r\n" % (tag, command)).encode())
    lines = []
    while True:
        line = f.readline().decode().rstrip("\r\n")
        if line.startswith(tag + " "):
            assert " OK" in line, line
            return lines
        lines.append(line)
f.readline()
run("a1", 'LOGIN "%s" "%s"' % (user, password))
run("a2", "ENABLE QRESYNC")
status = " ".join(run("a3", "STATUS INBOX (UIDVALIDITY HIGHESTMODSEQ)"))
uidvalidity = re.search(r"UIDVALIDITY (\d+)", status).group(1)
modseq = int(re.search(r"HIGHESTMODSEQ (\d+)", status).group(1))
for line in run("a4", "SELECT INBOX (QRESYNC (%s %d))" % (uidvalidity, modseq - 5)):
    print(line)
run("a5", "LOGOUT")
"#;

/// What a user does on the old server between two runs: expunges three messages of INBOX,
/// moves five into Trash (RFC 6851), deletes the mailbox "Tam thoi" (RFC 9051 §6.3.5).
const CHANGES: &str = r#"
import imaplib, ssl, sys
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
imap = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
imap.login(user, password)
def ok(answer):
    assert answer[0] == "OK", answer
    return answer
ok(imap.select("INBOX"))
ok(imap.uid("STORE", "10:12", "+FLAGS.SILENT", "(\\Deleted)"))
ok(imap.uid("EXPUNGE", "10:12"))
ok(imap.uid("MOVE", "20:24", "Trash"))
ok(imap.close())
ok(imap.delete('"Tam thoi"'))
imap.logout()
"#;

fn imap_changes(port: u16, user: &str) {
    let out = Command::new("python3")
        .args(["-c", CHANGES, &port.to_string(), user, PASSWORD])
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for this test: {e}"));
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn qresync_select(port: u16, user: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", QRESYNC, &port.to_string(), user, PASSWORD])
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for this test: {e}"));
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What the administrator's commands say of the state that is not mail.
fn listings(root: &Path) -> Vec<(&'static str, String)> {
    let run = |args: &[&str]| common::govmail(root, args);
    vec![
        (
            "usage report",
            run(&["report", "usage", "--period", "2026", "--format", "json"]),
        ),
        (
            "register",
            run(&[
                "report",
                "documents",
                "--period",
                "2026",
                "--format",
                "json",
            ]),
        ),
        ("tracking", run(&["report", "tracking", "--format", "json"])),
        ("queue", run(&["queue", "list", "--json"])),
        ("quarantine", run(&["quarantine", "list", "--json"])),
        ("audit log", run(&["audit", "--json"])),
        ("recall requests", run(&["recall", "--list"])),
    ]
}

fn imap_dump(port: u16, user: &str) -> serde_json::Value {
    let out = Command::new("python3")
        .args(["-c", DUMP, &port.to_string(), user, PASSWORD])
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for this test: {e}"));
    assert!(
        out.status.success(),
        "python failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `govmail store migrate --to TARGET` with the source configuration; its stdout.
fn migrate(root: &Path, target: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["store", "migrate", "--to", target.to_str().unwrap()])
        .env("GOVMAIL_CONFIG", root.join("govmail.toml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "store migrate failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn message(i: u32) -> Arc<[u8]> {
    let body =
        "Kính gửi các đơn vị, đề nghị báo cáo tình hình thực hiện. ".repeat(1 + (i % 7) as usize);
    // Every 500th is large, so that it lives in a blob file, not inline in the database.
    let body = if i.is_multiple_of(500) {
        body.repeat(3000)
    } else {
        body
    };
    Arc::from(
        format!(
            "From: vanthu@{DOMAIN}\r\nTo: annv@{DOMAIN}\r\nSubject: Công văn số {i}/STTTT\r\n\
             Message-ID: <cv{i}@{DOMAIN}>\r\nDate: Mon, 7 Dec 2026 08:00:00 +0700\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        )
        .into_bytes(),
    )
}

/// Fills annv's store: 10,000 messages over INBOX and "Lưu trữ/2026", with flags and keywords
/// on some, some expunged (UIDs with gaps, MODSEQs past them), plus an alias, a Sieve script
/// and a grant.
fn fill(store: &storage::Store) {
    let annv = store.get_account(&format!("annv@{DOMAIN}")).unwrap();
    store.create_mailbox(annv.id, "Lưu trữ/2026", None).unwrap();
    let mut i = 0;
    while i < MESSAGES {
        let batch: Vec<storage::NewMessage> = (i..(i + 500).min(MESSAGES))
            .map(|n| storage::NewMessage {
                raw: message(n),
                flags: storage::Flags::default(),
                keywords: if n.is_multiple_of(3) {
                    vec!["$CongVan".into()]
                } else {
                    vec![]
                },
                internal_date: 1_790_000_000 + i64::from(n),
            })
            .collect();
        let mailbox = if i < 7_000 {
            "INBOX"
        } else {
            "Lưu trữ/2026"
        };
        store.append_many(annv.id, mailbox, batch, None).unwrap();
        i += 500;
    }
    // Deleted on the old server between two runs: a mailbox, an account (whose address
    // sorts last, so that the others get the same ids in the copy: listings print ids).
    store.create_mailbox(annv.id, "Tam thoi", None).unwrap();
    for n in 0..TEMPORARY {
        store
            .append(
                annv.id,
                "Tam thoi",
                message(MESSAGES + 10 + n),
                storage::Flags::default(),
                vec![],
                1_790_050_000,
            )
            .unwrap();
    }
    let gone = store
        .create_account(storage::NewAccount {
            address: format!("xuantt@{DOMAIN}"),
            display_name: "Trần Thị Xuân".into(),
            agency_code: "STTTT".into(),
            kind: storage::AccountKind::Personal,
            password_hash: String::new(),
            quota: storage::Quota::default(),
        })
        .unwrap();
    store
        .append(
            gone.id,
            "INBOX",
            message(MESSAGES + 20),
            storage::Flags::default(),
            vec![],
            1_790_050_000,
        )
        .unwrap();
    let inbox = store.get_mailbox(annv.id, "INBOX").unwrap();
    let seen: Vec<u32> = (1..=7_000u32).filter(|u| u.is_multiple_of(2)).collect();
    store
        .set_flags(
            annv.id,
            inbox.id,
            seen,
            storage::FlagChange {
                op: storage::FlagOp::Add,
                flags: storage::Flags::SEEN,
                keywords: vec!["$DaXuLy".into()],
                unchanged_since: None,
            },
        )
        .unwrap();
    let gone: Vec<u32> = (1..=7_000u32).filter(|u| u.is_multiple_of(97)).collect();
    store
        .set_flags(
            annv.id,
            inbox.id,
            gone.clone(),
            storage::FlagChange {
                op: storage::FlagOp::Add,
                flags: storage::Flags::DELETED,
                keywords: vec![],
                unchanged_since: None,
            },
        )
        .unwrap();
    store.expunge(annv.id, inbox.id, Some(gone)).unwrap();
    store
        .add_alias(&format!("an.nguyen@{DOMAIN}"), &format!("annv@{DOMAIN}"))
        .unwrap();
    store
        .sieve_put(
            annv.id,
            "lọc thư",
            "require \"fileinto\";\nif header :contains \"subject\" \"khẩn\" { fileinto \"INBOX\"; }\n",
            true,
        )
        .unwrap();
    // A unit mailbox (hộp thư đơn vị), shared read-only with ngocttb.
    store
        .create_account(storage::NewAccount {
            address: format!("vanphong@{DOMAIN}"),
            display_name: "Văn phòng Sở".into(),
            agency_code: "STTTT".into(),
            kind: storage::AccountKind::Unit,
            password_hash: String::new(),
            quota: storage::Quota::default(),
        })
        .unwrap();
    store
        .grant(
            &format!("vanphong@{DOMAIN}"),
            &format!("ngocttb@{DOMAIN}"),
            true,
        )
        .unwrap();
}

/// The state beside the mail: a queued document with one attempt made (one recipient
/// deferred, one sent), a tracked register entry with a follow-up, usage counters in two
/// months, an audit line, a quarantined message, a recallable document recalled (its copy
/// in the hidden mailbox of recalled copies). Times far ahead, so that no worker of the
/// running server touches them. Returns a second queue entry, which the test removes
/// before a catch-up run.
fn fill_state(store: &storage::Store) -> storage::QueueId {
    let annv = store.get_account(&format!("annv@{DOMAIN}")).unwrap();
    let ngoc = store.get_account(&format!("ngocttb@{DOMAIN}")).unwrap();
    let later = storage::now() + 30 * 86_400;
    let queued = store
        .enqueue(
            message(20_001),
            storage::NewQueueEntry {
                sender: annv.address.clone(),
                envid: Some("cv20001".into()),
                ret_full: true,
                account: Some(annv.id),
                recipients: ["vanthu@hanoi.gov.vn", "vanthu@danang.gov.vn"]
                    .map(|a| storage::NewQueueRecipient {
                        address: a.into(),
                        orcpt: Some(format!("rfc822;{a}")),
                        notify: storage::Notify(storage::Notify::FAILURE | storage::Notify::DELAY),
                    })
                    .into(),
            },
        )
        .unwrap();
    let outcome = |address: &str, state, reply: &str, status: &str| storage::RecipientOutcome {
        address: address.into(),
        state,
        reply: reply.into(),
        status: status.into(),
        remote_mta: Some("mx.example.gov.vn".into()),
    };
    store
        .queue_record(
            queued,
            vec![
                outcome(
                    "vanthu@hanoi.gov.vn",
                    storage::RecipientState::Pending,
                    "451 4.3.0 Hệ thống bận, thử lại sau",
                    "4.3.0",
                ),
                outcome(
                    "vanthu@danang.gov.vn",
                    storage::RecipientState::Sent,
                    "250 2.0.0 OK",
                    "2.0.0",
                ),
            ],
            storage::now(),
            later,
            true,
        )
        .unwrap();
    let copy = store
        .append(
            ngoc.id,
            "INBOX",
            message(20_002),
            storage::Flags::default(),
            vec![],
            1_790_200_000,
        )
        .unwrap();
    let at = 1_795_000_000; // 2026-11-17
    store.record_tracked_document(
        storage::NewDocument {
            at,
            direction: storage::Direction::Sent,
            doc_type: Some("giay-moi".into()),
            number: Some("45/GM-STTTT".into()),
            urgency: Some("khan".into()),
            secrecy: None,
            mandatory: true,
            sender: annv.address.clone(),
            sender_account: Some(annv.id),
            local_recipients: vec![ngoc.id],
            external_recipients: 1,
            subject: Some("Giấy mời họp giao ban".into()),
            signatures: None,
        },
        storage::Tracking {
            message_id: Some(format!("cv20002@{DOMAIN}")),
            copies: vec![storage::LocalCopy {
                account: ngoc.id,
                mailbox: copy.mailbox,
                uid: copy.uid,
            }],
            remote: vec!["vanthu@hanoi.gov.vn".into()],
            receipts: storage::Receipts::None,
            follow_up: Some((later, later + 86_400)),
        },
    );
    store
        .record_recallable(storage::RecallableDocument {
            message_id: format!("cv20002@{DOMAIN}"),
            sent: true,
            sender: annv.address.clone(),
            sender_account: Some(annv.id),
            doc_type: Some("giay-moi".into()),
            number: Some("45/GM-STTTT".into()),
            subject: Some("Giấy mời họp giao ban".into()),
            remote_recipients: vec!["vanthu@hanoi.gov.vn".into()],
            at,
            recalled_at: None,
            recalled_by: None,
        })
        .unwrap();
    let recall = store
        .request_recall(
            storage::RecallKind::Admin,
            Some(annv.id),
            &format!("cv20002@{DOMAIN}"),
            None,
        )
        .unwrap();
    let reached = store
        .take_out_copies(
            recall,
            &format!("cv20002@{DOMAIN}"),
            &format!("vanthu@{DOMAIN}"),
            None,
            &annv.address,
        )
        .unwrap();
    assert_eq!(reached.len(), 1);
    store
        .finish_recall(recall, storage::RecallState::Done, "{\"reached\":1}")
        .unwrap();
    for (day, n) in [
        (storage::vn_day(at), 1),
        (storage::vn_day(1_790_000_000), 3),
    ] {
        store
            .add_usage(
                day,
                vec![
                    (annv.id, storage::UsageCounter::LoginImap, n),
                    (annv.id, storage::UsageCounter::Sent, n),
                    (annv.id, storage::UsageCounter::OfficialSent, 1),
                    (ngoc.id, storage::UsageCounter::OfficialReceived, 1),
                    (ngoc.id, storage::UsageCounter::LoginSmtp, 2),
                ],
            )
            .unwrap();
    }
    store
        .audit(storage::NewAudit {
            actor: "cli:root".into(),
            action: "role.add".into(),
            target: Some(annv.address.clone()),
            detail: Some("admin".into()),
            source: "cli".into(),
        })
        .unwrap();
    let secret = message(20_003);
    store
        .quarantine(
            secret.clone(),
            storage::MessageMeta::parse(&secret),
            "mat@hanoi.gov.vn",
            &[annv.id, ngoc.id],
            "document marked secret (Mật)",
        )
        .unwrap();
    let second = store
        .enqueue(
            message(20_004),
            storage::NewQueueEntry {
                sender: annv.address.clone(),
                envid: None,
                ret_full: false,
                account: Some(annv.id),
                recipients: vec![storage::NewQueueRecipient {
                    address: "vanthu@hue.gov.vn".into(),
                    orcpt: None,
                    notify: storage::Notify(0),
                }],
            },
        )
        .unwrap();
    store
        .queue_record(
            second,
            vec![outcome(
                "vanthu@hue.gov.vn",
                storage::RecipientState::Pending,
                "421 4.4.2 timeout",
                "4.4.2",
            )],
            storage::now(),
            later,
            false,
        )
        .unwrap();
    // annv is away: one vacation reply went to this correspondent (RFC 5230 §4.2).
    assert!(
        store
            .vacation_should_reply(
                annv.id,
                "vanthu@hanoi.gov.vn",
                "công tác",
                7 * 86_400,
                storage::now()
            )
            .unwrap()
    );
    store.flush_usage().unwrap();
    second
}

/// SQLite to SQLite (the first test of a migration written against the traits only): the
/// copy answers IMAP as the original did.
#[test]
fn a_store_of_10000_messages_moves_and_imap_answers_the_same() {
    moves_and_answers_the_same(
        |config| config.replace("data_dir = \"data\"", "data_dir = \"data-moi\""),
        |root| storage::Store::open(&root.join("data-moi"), storage::OpenMode::MustExist).unwrap(),
    );
}

/// SQLite and blob files to PostgreSQL and an S3 bucket: issue 23's "moving a province".
#[test]
fn a_store_of_10000_messages_moves_to_postgres_and_s3() {
    let Some(pg) = storage::postgres::testing::TestPostgres::start() else {
        return;
    };
    let Some(s3) = common::s3::S3Server::start() else {
        return;
    };
    s3.create_bucket("govmail-moi");
    let creds = tempfile::tempdir().unwrap();
    let file = creds.path().join("s3.toml");
    std::fs::write(
        &file,
        format!(
            "access_key_id = \"{}\"\nsecret_access_key = \"{}\"\n",
            common::s3::ACCESS_KEY_ID,
            common::s3::SECRET_ACCESS_KEY
        ),
    )
    .unwrap();
    moves_and_answers_the_same(
        |config| {
            let config = config
                .replace("data_dir = \"data\"", "data_dir = \"data-moi\"")
                .replacen(
                    "min_free_space = \"256MiB\"",
                    &format!(
                        "backend = \"postgres\"\nurl = \"{}\"\nmin_free_space = \"256MiB\"",
                        pg.url()
                    ),
                    1,
                );
            format!(
                "{config}\n[storage.blobs]\nbackend = \"s3\"\nendpoint = \"{}\"\n\
                 bucket = \"govmail-moi\"\ncredentials_file = \"{}\"\n",
                s3.endpoint,
                file.display()
            )
        },
        |root| {
            let blobs = storage::S3Blobs::open(s3.config("govmail-moi")).unwrap();
            storage::postgres::open_store(
                &storage::postgres::PgConfig::new(pg.url()),
                Some(Arc::new(blobs)),
                &root.join("data-moi"),
            )
            .unwrap()
        },
    );
}

/// Moves a store of 10,000 messages into the store `target` makes of the configuration, then
/// compares IMAP answers; `open_target` opens the copy for the checks IMAP cannot make.
fn moves_and_answers_the_same(
    target: impl FnOnce(String) -> String,
    open_target: impl FnOnce(&Path) -> storage::Store,
) {
    let mut server = Server::create(DOMAIN, |c| c);
    let second = {
        let store = server.store();
        fill(&store);
        let second = fill_state(&store);
        store.shutdown();
        second
    };
    server = server.spawn();
    let annv = format!("annv@{DOMAIN}");
    let before = imap_dump(server.imaps_port, &annv);
    let total: usize = before
        .as_object()
        .unwrap()
        .values()
        .map(|b| b["messages"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, (MESSAGES + TEMPORARY - 7_000 / 97) as usize);
    server.stop();

    // The target: the same configuration with another data directory.
    let root = server.root.clone();
    let config = std::fs::read_to_string(root.join("govmail.toml")).unwrap();
    let target_config = target(config);
    let target = root.join("govmail-moi.toml");
    std::fs::write(&target, target_config).unwrap();
    let started = std::time::Instant::now();
    let first = migrate(&root, &target);
    eprintln!(
        "store migrate of {MESSAGES} messages: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(first.contains("Verified"), "{first}");
    // annv's, the copy of the tracked document in ngocttb's INBOX, xuantt's one.
    assert!(
        first.contains(&format!(
            "({} new, 0 updated, 0 expunged)",
            MESSAGES + TEMPORARY - 7_000 / 97 + 2
        )),
        "{first}"
    );
    // A second run: nothing new.
    let again = migrate(&root, &target);
    assert!(again.contains("(0 new, 0 updated, 0 expunged)"), "{again}");
    // Mail arrives and flags change on the old store meanwhile: the next run catches up.
    {
        let store = server.store();
        let account = store.get_account(&annv).unwrap();
        store
            .append(
                account.id,
                "INBOX",
                message(MESSAGES + 1),
                storage::Flags::default(),
                vec![],
                1_790_100_000,
            )
            .unwrap();
        let inbox = store.get_mailbox(account.id, "INBOX").unwrap();
        store
            .set_flags(
                account.id,
                inbox.id,
                vec![1],
                storage::FlagChange {
                    op: storage::FlagOp::Add,
                    flags: storage::Flags::FLAGGED,
                    keywords: vec![],
                    unchanged_since: None,
                },
            )
            .unwrap();
        // Sent meanwhile: the copy must not send it again.
        store.queue_remove(second).unwrap();
        // Gone to another province: removed and purged.
        let address = format!("xuantt@{DOMAIN}");
        store
            .set_status(&address, storage::AccountStatus::Removed)
            .unwrap();
        store.purge_account(&address).unwrap();
        store.shutdown();
    }
    server = server.spawn();
    imap_changes(server.imaps_port, &annv);
    server.stop();
    let catch_up = migrate(&root, &target);
    // New: the appended one and the five moved into Trash, expunged: three and the five
    // moved out of INBOX.
    assert!(
        catch_up.contains("(6 new, 1 updated, 8 expunged)"),
        "{catch_up}"
    );
    assert!(
        catch_up.contains("Deleted 1 mailbox(es) and 1 account(s)"),
        "{catch_up}"
    );
    assert!(catch_up.contains("Verified"), "{catch_up}");
    server = server.spawn();
    let before = imap_dump(server.imaps_port, &annv);
    let ngoc_before = imap_dump(server.imaps_port, &format!("ngocttb@{DOMAIN}"));
    let resync_before = qresync_select(server.imaps_port, &annv);
    server.stop();
    // The last run, with the old server stopped (its workers and logins changed the queue,
    // the usage counters…): the copy then says what the original says.
    let last = migrate(&root, &target);
    assert!(last.contains("Verified"), "{last}");
    assert!(!last.contains("Not copied"), "{last}");
    assert!(last.contains(" 1 vacation replies remembered"), "{last}");
    let listed = listings(&root);
    let check = server.govmail(&["check", "--deep"]);
    assert!(check.contains("No problems found"), "old store: {check}");

    // A server on the copy: the same answers, with the same password.
    std::fs::rename(root.join("govmail.toml"), root.join("govmail-cu.toml")).unwrap();
    std::fs::rename(&target, root.join("govmail.toml")).unwrap();
    for ((what, before), (_, after)) in listed.iter().zip(listings(&root)) {
        assert_eq!(before, &after, "{what} differs after the move");
    }
    let queue: serde_json::Value = serde_json::from_str(&listed[3].1).unwrap();
    assert_eq!(queue.as_array().map(Vec::len), Some(1), "{queue}");
    assert!(listed[1].1.contains("45/GM-STTTT"), "{}", listed[1].1);
    server = server.spawn();
    let after = imap_dump(server.imaps_port, &annv);
    assert!(before == after, "IMAP answers differ after the move");
    let resync_after = qresync_select(server.imaps_port, &annv);
    assert!(
        resync_before.contains("VANISHED (EARLIER)"),
        "{resync_before}"
    );
    assert_eq!(resync_before, resync_after);
    assert_eq!(
        ngoc_before,
        imap_dump(server.imaps_port, &format!("ngocttb@{DOMAIN}"))
    );
    let store = open_target(&root);
    let account = store.get_account(&annv).unwrap();
    assert_eq!(
        store
            .resolve_recipient(&format!("an.nguyen@{DOMAIN}"))
            .unwrap()
            .unwrap()
            .account,
        account.id
    );
    assert_eq!(
        store.sieve_active(account.id).unwrap().unwrap().name,
        "lọc thư"
    );
    assert!(store.grants_to(&format!("ngocttb@{DOMAIN}")).unwrap()[0].read_only);
    // The copy remembers the vacation reply: no second one in the period.
    assert!(
        !store
            .vacation_should_reply(
                account.id,
                "vanthu@hanoi.gov.vn",
                "công tác",
                7 * 86_400,
                storage::now()
            )
            .unwrap()
    );
    let ngoc = store.get_account(&format!("ngocttb@{DOMAIN}")).unwrap();
    assert_eq!(
        store.recalled_copies(ngoc.id).unwrap(),
        vec![(Some(format!("cv20002@{DOMAIN}")), 1)]
    );
    assert!(matches!(
        store.get_account(&format!("xuantt@{DOMAIN}")),
        Err(storage::StorageError::NotFound { .. })
    ));
    let check = server.govmail(&["check", "--deep"]);
    assert!(check.contains("No problems found"), "new store: {check}");
}
