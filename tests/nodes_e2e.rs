//! Several govmail nodes on one store (issue 23): two real `govmail serve` processes on one
//! PostgreSQL (a throwaway cluster, storage::postgres::testing) with message contents in one
//! S3 bucket (moto, common::s3), talked to over sockets by real clients:
//!
//! - a delivery over SMTP to node A is seen by IDLE on node B within a second (LISTEN/NOTIFY);
//! - COPY, MOVE and EXPUNGE from both nodes at once leave UIDs dense and unique, and
//!   `govmail check` finds nothing wrong;
//! - a queue entry is delivered once (Postfix's smtp-sink counts) although the node sending
//!   it is killed with SIGKILL mid-delivery and the other node takes it over;
//! - a node killed with SIGKILL during a burst of deliveries loses no message it
//!   acknowledged;
//! - a password guesser spread over both nodes is throttled as one.
//!
//! PostgreSQL and moto missing: the tests fail under CI=true, and are skipped elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::sink::Sink;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use common::s3::{ACCESS_KEY_ID, S3Server, SECRET_ACCESS_KEY};
use common::{PASSWORD, Server};
use storage::postgres::testing::{TEST_PASSWORD, TestPostgres};

const DOMAIN: &str = "quangngai.gov.vn";

/// A database and a bucket for the nodes; None (skipped) outside CI when either is missing.
struct Shared {
    pg: TestPostgres,
    _s3: S3Server,
    _creds: tempfile::TempDir,
    /// The `[storage]` keys and the `[storage.blobs]` section to put into a configuration.
    storage: String,
    blobs: String,
}

impl Shared {
    fn start() -> Option<Shared> {
        let pg = TestPostgres::start()?;
        let s3 = S3Server::start()?;
        s3.create_bucket("govmail-nodes");
        let creds = tempfile::tempdir().unwrap();
        let file = creds.path().join("s3.toml");
        std::fs::write(
            &file,
            format!(
                "access_key_id = \"{ACCESS_KEY_ID}\"\nsecret_access_key = \"{SECRET_ACCESS_KEY}\"\n"
            ),
        )
        .unwrap();
        let storage = format!(
            "backend = \"postgres\"\nurl = \"{}\"\npool_size = 8\n",
            pg.url()
        );
        let blobs = format!(
            "\n[storage.blobs]\nbackend = \"s3\"\nendpoint = \"{}\"\nbucket = \"govmail-nodes\"\n\
             credentials_file = \"{}\"\n",
            s3.endpoint,
            file.display()
        );
        Some(Shared {
            pg,
            _s3: s3,
            _creds: creds,
            storage,
            blobs,
        })
    }

    /// A configuration edited onto the shared store.
    fn config(&self, config: String) -> String {
        let config = config.replacen(
            "min_free_space = \"256MiB\"",
            &format!("{}min_free_space = \"256MiB\"", self.storage),
            1,
        );
        format!("{config}{}", self.blobs)
    }

    /// A server made as usual (SQLite: domain, agency, annv@ and ngocttb@), its store then
    /// moved onto the shared one with `govmail store migrate`, its configuration switched.
    fn node(&self, edit: impl FnOnce(String) -> String) -> Server {
        let a = Server::create(DOMAIN, edit);
        let config = std::fs::read_to_string(a.root.join("govmail.toml")).unwrap();
        let shared = a.root.join("govmail-pg.toml");
        std::fs::write(&shared, self.config(config)).unwrap();
        let moved = a.govmail(&["store", "migrate", "--to", shared.to_str().unwrap()]);
        assert!(moved.contains("Verified"), "{moved}");
        std::fs::rename(&shared, a.root.join("govmail.toml")).unwrap();
        a
    }

    /// Nodes A and B on the shared store, started.
    fn two_nodes(&self) -> (Server, Server) {
        let a = self.node(|c| c);
        let b = a.another_node();
        (a.spawn(), b.spawn())
    }
}

fn python_child(script: &str, args: &[String]) -> std::process::Child {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is required for this test: {e}"))
}

/// The output of a python script, which must succeed.
fn python_out(script: &str, args: &[String]) -> String {
    let out = python_child(script, args).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const IMAP_PRELUDE: &str = r#"
import imaplib, ssl, sys, time, re
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
def connect(port, user, password):
    m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
    m.login(user, password)
    return m
"#;

/// IDLE on INBOX: prints "ready" once idling, then "exists <unix time>" at the first EXISTS.
const IDLE: &str = r#"
m = connect(sys.argv[1], sys.argv[2], sys.argv[3])
m.select("INBOX")
tag = m._new_tag().decode()
m.send(("%s IDLE\r\n" % tag).encode())
line = m.readline()
assert line.startswith(b"+"), line
print("ready", flush=True)
m.sock.settimeout(20)
while True:
    line = m.readline()
    if b"EXISTS" in line:
        print("exists %.6f" % time.time(), flush=True)
        break
m.send(b"DONE\r\n")
"#;

fn message(subject: &str) -> Vec<u8> {
    format!(
        "From: vanthu@danang.gov.vn\r\nTo: annv@{DOMAIN}\r\nSubject: {subject}\r\n\
         Message-ID: <{subject}@danang.gov.vn>\r\n\r\nKính gửi Sở Thông tin và Truyền thông.\r\n"
    )
    .into_bytes()
}

/// A delivery to node A, IDLE on node B: B's client hears of it within a second.
#[test]
fn a_delivery_on_one_node_is_seen_by_idle_on_the_other_within_a_second() {
    let Some(shared) = Shared::start() else {
        return;
    };
    let (a, b) = shared.two_nodes();
    let annv = format!("annv@{DOMAIN}");
    let mut idle = python_child(
        &format!("{IMAP_PRELUDE}{IDLE}"),
        &[b.imaps_port.to_string(), annv.clone(), PASSWORD.into()],
    );
    let mut lines = BufReader::new(idle.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    common::smtp_deliver(
        a.smtp_port,
        "vanthu@danang.gov.vn",
        &annv,
        &[&message("idle")],
    );
    let delivered = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let exists = lines.next().unwrap().unwrap();
    let heard: f64 = exists.strip_prefix("exists ").unwrap().parse().unwrap();
    assert!(
        heard - delivered < 1.0,
        "node B's IDLE heard of node A's delivery {:.3} s after it was acknowledged",
        heard - delivered
    );
    assert!(idle.wait().unwrap().success());
    // The database password is in no log.
    for node in [&a, &b] {
        let log = node.log.lock().unwrap().clone();
        assert!(!log.contains(TEST_PASSWORD) && !log.contains(SECRET_ACCESS_KEY));
        assert!(log.contains("PostgreSQL at"), "{log}");
    }
}

/// Each node's worker copies, moves and expunges in annv's mailboxes at the same time.
const SHUFFLE: &str = r#"
m = connect(sys.argv[1], sys.argv[2], sys.argv[3])
first, last = int(sys.argv[4]), int(sys.argv[5])
m.select("INBOX")
for uid in range(first, last + 1):
    typ, data = m.uid("COPY", str(uid), '"Luu tru"')
    assert typ == "OK", data
    if uid % 3 == 0:
        typ, data = m.uid("MOVE", str(uid), "Moved")
        assert typ == "OK", data
    elif uid % 3 == 1:
        m.uid("STORE", str(uid), "+FLAGS.SILENT", "(\\Deleted)")
        typ, data = m.uid("EXPUNGE", str(uid))
        assert typ == "OK", data
m.logout()
"#;

/// UIDs of a mailbox, over IMAP: one line, space-separated.
const UIDS: &str = r#"
m = connect(sys.argv[1], sys.argv[2], sys.argv[3])
typ, _ = m.select('"%s"' % sys.argv[4], readonly=True)
assert typ == "OK"
typ, data = m.uid("SEARCH", "ALL")
print(data[0].decode())
"#;

fn uids(node: &Server, mailbox: &str) -> Vec<u32> {
    let out = python_out(
        &format!("{IMAP_PRELUDE}{UIDS}"),
        &[
            node.imaps_port.to_string(),
            format!("annv@{DOMAIN}"),
            PASSWORD.into(),
            mailbox.into(),
        ],
    );
    out.split_whitespace().map(|u| u.parse().unwrap()).collect()
}

#[test]
fn copy_move_and_expunge_from_both_nodes_at_once_keep_uids_dense_and_unique() {
    let Some(shared) = Shared::start() else {
        return;
    };
    let (a, b) = shared.two_nodes();
    let annv = format!("annv@{DOMAIN}");
    let messages: Vec<Vec<u8>> = (1..=60).map(|i| message(&format!("cv{i}"))).collect();
    let refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    common::smtp_deliver(a.smtp_port, "vanthu@danang.gov.vn", &annv, &refs);
    python_out(
        &format!(
            "{IMAP_PRELUDE}m = connect(sys.argv[1], sys.argv[2], sys.argv[3])\n\
             assert m.create('\"Luu tru\"')[0] == 'OK'\nassert m.create('Moved')[0] == 'OK'\n"
        ),
        &[a.imaps_port.to_string(), annv.clone(), PASSWORD.into()],
    );
    let workers: Vec<_> = [(&a, 1, 30), (&b, 31, 60)]
        .into_iter()
        .map(|(node, first, last)| {
            python_child(
                &format!("{IMAP_PRELUDE}{SHUFFLE}"),
                &[
                    node.imaps_port.to_string(),
                    annv.clone(),
                    PASSWORD.into(),
                    first.to_string(),
                    last.to_string(),
                ],
            )
        })
        .collect();
    for w in workers {
        let out = w.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Each mailbox's UIDs as both nodes see them: 1..=n, no gap, no duplicate.
    for (mailbox, count) in [("Luu tru", 60), ("Moved", 20)] {
        let seen_a = uids(&a, mailbox);
        assert_eq!(seen_a, (1..=count).collect::<Vec<u32>>(), "{mailbox} on A");
        assert_eq!(uids(&b, mailbox), seen_a, "{mailbox} on B");
    }
    let inbox = uids(&b, "INBOX");
    assert_eq!(inbox.len(), 20, "{inbox:?}");
    assert!(inbox.iter().all(|u| u % 3 == 2), "{inbox:?}");
    let check = a.govmail(&["check"]);
    assert!(check.contains("No problems found"), "{check}");
}

/// Submits one message to danang.gov.vn through `port` (submission, STARTTLS + AUTH).
const SUBMIT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage
port, login, password, rcpt, subject = sys.argv[1:6]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
s.starttls(context=ctx)
s.login(login, password)
msg = EmailMessage()
msg["From"] = login
msg["To"] = rcpt
msg["Subject"] = subject
msg.set_content("Kính gửi: Văn phòng UBND thành phố Đà Nẵng\n")
assert s.send_message(msg) == {}
s.quit()
"#;

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "waited 60 s for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The node (A or B) whose process holds the queue entry's lease, by the pid in its name
/// (`host:pid:random`).
fn claimant<'a>(shared: &Shared, nodes: [&'a Server; 2]) -> Option<&'a Server> {
    let by = shared.pg.psql("SELECT coalesce(claimed_by, '') FROM queue");
    let pid: u32 = by.trim().split(':').nth(1)?.parse().ok()?;
    nodes
        .into_iter()
        .find(|n| n.child.as_ref().is_some_and(|c| c.id() == pid))
}

/// The subject of the queued message, ASCII so that it shows as is in the sink's file.
const MARKER: &str = "Cong-van-gui-Da-Nang-so-1";

#[test]
fn a_queue_entry_is_delivered_once_though_the_node_sending_it_is_killed() {
    let Some(shared) = Shared::start() else {
        return;
    };
    let sink = Sink::slow(3);
    let relay = format!(
        "\n[relay.routes]\n\"danang.gov.vn\" = \"127.0.0.1:{}\"\n",
        sink.port
    );
    let a = shared.node(|c| {
        format!("{c}{relay}")
            .replace("retry_initial = \"5m\"", "retry_initial = \"1s\"")
            .replace(
                "retry_max = \"4h\"",
                "retry_max = \"2s\"\npoll_interval = \"200ms\"",
            )
    });
    let b = a.another_node();
    let (mut a, mut b) = (a.spawn(), b.spawn());
    python_out(
        SUBMIT,
        &[
            a.submission_port.to_string(),
            format!("annv@{DOMAIN}"),
            PASSWORD.into(),
            "vanphong@danang.gov.vn".into(),
            MARKER.into(),
        ],
    );
    // One node has claimed it and waits for the sink's answer to DATA: kill it there.
    let mut holder = None;
    wait_for("a node to claim the entry", || {
        holder = claimant(&shared, [&a, &b]).map(|n| n.imaps_port);
        holder.is_some()
    });
    let killed_a = holder == Some(a.imaps_port);
    if killed_a {
        a.kill()
    } else {
        b.kill()
    };
    assert_eq!(sink.received(MARKER), 0, "killed before the sink took it");
    // Its lease runs out (a minute after the killed node's last renewal; moved on in the
    // database, so the test need not wait): the other node sends it.
    shared.pg.psql(
        "UPDATE queue SET claimed_until = claimed_until - 3600 WHERE claimed_until IS NOT NULL",
    );
    wait_for("the entry to be delivered", || sink.received(MARKER) == 1);
    wait_for("the queue to empty", || {
        shared.pg.psql("SELECT count(*) FROM queue").trim() == "0"
    });
    // The killed node comes back; nobody sends it again.
    if killed_a {
        a = a.spawn()
    } else {
        b = b.spawn()
    };
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(sink.received(MARKER), 1, "delivered exactly once");
    drop((a, b));
}

/// Delivers `count` messages over one SMTP session to `port`, named `tag-N`; returns the
/// subjects the server acknowledged (250 after the data) before the connection broke, each
/// also counted in `acks` as it comes.
fn burst(port: u16, tag: &str, count: usize, acks: &AtomicUsize) -> Vec<String> {
    let mut acked = Vec::new();
    let Ok(stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return acked;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let reply = |reader: &mut BufReader<std::net::TcpStream>| -> Option<String> {
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Some(line);
            }
        }
    };
    let ok = |r: Option<String>, code: &str| r.is_some_and(|l| l.starts_with(code));
    if !ok(reply(&mut reader), "220") {
        return acked;
    }
    let _ = writer.write_all(b"EHLO mail.danang.gov.vn\r\n");
    if !ok(reply(&mut reader), "250") {
        return acked;
    }
    for i in 0..count {
        let subject = format!("{tag}-{i}");
        let steps: [(&[u8], &str); 3] = [
            (b"MAIL FROM:<vanthu@danang.gov.vn>\r\n", "250"),
            (
                format!("RCPT TO:<annv@{DOMAIN}>\r\n").leak().as_bytes(),
                "250",
            ),
            (b"DATA\r\n", "354"),
        ];
        for (line, code) in steps {
            if writer.write_all(line).is_err() || !ok(reply(&mut reader), code) {
                return acked;
            }
        }
        let mut data = message(&subject);
        data.extend_from_slice(b".\r\n");
        if writer.write_all(&data).is_err() || !ok(reply(&mut reader), "250") {
            return acked;
        }
        acked.push(subject);
        acks.fetch_add(1, Ordering::SeqCst);
    }
    acked
}

/// Subjects in annv's INBOX, over IMAP on `node`.
const SUBJECTS: &str = r#"
m = connect(sys.argv[1], sys.argv[2], sys.argv[3])
m.select("INBOX", readonly=True)
typ, data = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
for item in data:
    if isinstance(item, tuple):
        print(item[1].decode().strip().split(": ", 1)[1])
"#;

/// Messages each of the four senders of the burst tries to send.
const BURST: usize = 500;

#[test]
fn a_node_killed_during_a_burst_loses_no_acknowledged_message() {
    let Some(shared) = Shared::start() else {
        return;
    };
    let (mut a, b) = shared.two_nodes();
    let port = a.smtp_port;
    let acks = Arc::new(AtomicUsize::new(0));
    let senders: Vec<_> = (0..4)
        .map(|t| {
            let acks = Arc::clone(&acks);
            std::thread::spawn(move || burst(port, &format!("t{t}"), BURST, &acks))
        })
        .collect();
    // Let some be acknowledged, then kill node A mid-burst: after a count of acknowledgements,
    // not after a time, which a faster delivery (group commit) outran.
    let deadline = Instant::now() + Duration::from_secs(60);
    while acks.load(Ordering::SeqCst) < 40 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    a.kill();
    let acked: Vec<String> = senders
        .into_iter()
        .flat_map(|s| s.join().unwrap())
        .collect();
    assert!(
        !acked.is_empty(),
        "nothing was acknowledged before the kill"
    );
    assert!(acked.len() < 4 * BURST, "the kill came after the burst");
    let stored = python_out(
        &format!("{IMAP_PRELUDE}{SUBJECTS}"),
        &[
            b.imaps_port.to_string(),
            format!("annv@{DOMAIN}"),
            PASSWORD.into(),
        ],
    );
    let stored: std::collections::HashSet<&str> = stored.lines().collect();
    let lost: Vec<&String> = acked
        .iter()
        .filter(|s| !stored.contains(s.as_str()))
        .collect();
    assert!(lost.is_empty(), "acknowledged then lost: {lost:?}");
    eprintln!("{} acknowledged before SIGKILL, all on node B", acked.len());
    let check = b.govmail(&["check"]);
    assert!(check.contains("No problems found"), "{check}");
}

/// A guesser going round both nodes gets the attempts of one node in all: the throttle's
/// buckets are in the database.
const GUESS: &str = r#"
refused = 0
for i in range(int(sys.argv[4])):
    port = sys.argv[1] if i % 2 == 0 else sys.argv[2]
    m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
    try:
        m.login(sys.argv[3], "sai-mat-khau-%d" % i)
    except imaplib.IMAP4.error as e:
        if "too many failed" in str(e):
            refused += 1
    try:
        m.logout()
    except Exception:
        pass
print(refused)
"#;

#[test]
fn a_guesser_spread_over_both_nodes_is_throttled_as_one() {
    let Some(shared) = Shared::start() else {
        return;
    };
    let (a, b) = shared.two_nodes();
    let rows_before = shared.pg.psql("SELECT count(*) FROM login_buckets");
    assert_eq!(rows_before.trim(), "0");
    let out = python_out(
        &format!("{IMAP_PRELUDE}{GUESS}"),
        &[
            a.imaps_port.to_string(),
            b.imaps_port.to_string(),
            format!("annv@{DOMAIN}"),
            "14".into(),
        ],
    );
    let refused: u32 = out.trim().parse().unwrap();
    // 10 failures per (account, source) in all, not 10 on each node.
    assert_eq!(refused, 4, "{out}");
    assert_ne!(
        shared.pg.psql("SELECT count(*) FROM login_buckets").trim(),
        "0"
    );
}
