//! End-to-end SMTP: the real `govmail serve` on free loopback ports, driven by Python's
//! smtplib (a real client), checked through storage.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{PASSWORD, Server, python};

fn start() -> Server {
    Server::start("quangngai.gov.vn", |c| c)
}

const SMTPLIB_SCRIPT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage

port = int(sys.argv[1])
s = smtplib.SMTP("127.0.0.1", port, timeout=30)
code, _ = s.ehlo("mail.danang.gov.vn")
assert code == 250
for ext in ("pipelining", "size", "8bitmime", "smtputf8", "enhancedstatuscodes", "chunking", "starttls"):
    assert s.has_extn(ext), ext
assert not s.has_extn("auth"), "no AUTH on the MX port"
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s.starttls(context=ctx)
s.ehlo("mail.danang.gov.vn")
assert not s.has_extn("starttls")

# RFC 2047-encoded headers, built by the standard library.
msg = EmailMessage()
msg["From"] = "Văn thư Sở Nội vụ <vanthu@danang.gov.vn>"
msg["To"] = "annv@quangngai.gov.vn, ngocttb@quangngai.gov.vn"
msg["Subject"] = "Giấy mời họp ngày 25/11"
msg.set_content("Kính gửi: Sở Thông tin và Truyền thông\n")
s.send_message(msg)

# Raw UTF-8 headers with SMTPUTF8 (RFC 6531).
raw = "From: vanthu@danang.gov.vn\r\nSubject: Báo cáo tuần (UTF-8)\r\n\r\nNội dung\r\n".encode()
refused = s.sendmail("vanthu@danang.gov.vn", ["annv@quangngai.gov.vn"], raw, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
assert refused == {}, refused

# No relaying, and unknown local users are refused at RCPT.
for rcpt, code in (("someone@gmail.com", 554), ("khongco@quangngai.gov.vn", 550)):
    try:
        s.sendmail("x@danang.gov.vn", [rcpt], b"Subject: x\r\n\r\nx\r\n")
        raise SystemExit("accepted " + rcpt)
    except smtplib.SMTPRecipientsRefused as e:
        assert e.recipients[rcpt][0] == code, e.recipients
s.quit()
"#;

#[test]
fn smtplib_delivers_over_starttls_and_relaying_is_refused() {
    let server = start();
    python(SMTPLIB_SCRIPT, &[&server.smtp_port.to_string()]);
    assert_eq!(
        server.subjects("annv@quangngai.gov.vn"),
        ["Giấy mời họp ngày 25/11", "Báo cáo tuần (UTF-8)"]
    );
    assert_eq!(
        server.subjects("ngocttb@quangngai.gov.vn"),
        ["Giấy mời họp ngày 25/11"]
    );
    let shown = server.govmail(&["user", "show", "annv@quangngai.gov.vn", "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["used_messages"], 2);
    server.govmail(&["check"]);
}

/// Eight clients submitting in parallel (STARTTLS + AUTH on the submission port), each
/// printing "OK <subject>" after every 250 it receives.
const BURST_SCRIPT: &str = r#"
import smtplib, ssl, sys, threading
port, password = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
def worker(t):
    try:
        s = smtplib.SMTP("127.0.0.1", port, timeout=10)
        s.starttls(context=ctx)
        s.login("ngocttb@quangngai.gov.vn", password)
        for i in range(20000):
            # Worker 0 sends messages over storage::INLINE_MAX (128 KiB), kept as blob files;
            # the others small ones, kept in the database: both ways must survive the kill.
            big = t == 0
            subject = ("crash-big-%d" if big else "crash-%d-%d") % ((i,) if big else (t, i))
            body = ("y" * 76 + "\r\n") * (2100 if big else 0) + "x\r\n"
            s.sendmail("ngocttb@quangngai.gov.vn", ["annv@quangngai.gov.vn"],
                       ("From: ngocttb@quangngai.gov.vn\r\nSubject: %s\r\n\r\n%s" % (subject, body)).encode())
            with lock:
                print("OK", subject, flush=True)
    except Exception:
        pass
threads = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
for th in threads: th.start()
for th in threads: th.join()
"#;

#[test]
fn every_acknowledged_message_survives_kill_9_exactly_once() {
    let mut server = start();
    let mut sender = Command::new("python3")
        .arg("-c")
        .arg(BURST_SCRIPT)
        .arg(server.submission_port.to_string())
        .arg(PASSWORD)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = sender.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(subject) = line.strip_prefix("OK ") {
                let _ = tx.send(subject.to_string());
            }
        }
    });
    // Let a good number of deliveries through, large ones among them, then kill the server
    // mid-burst.
    let mut acked: Vec<String> = Vec::new();
    while acked.len() < 300 || !acked.iter().any(|s| s.starts_with("crash-big-")) {
        match rx.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(subject) => acked.push(subject),
            Err(_) => panic!("only {} deliveries acknowledged", acked.len()),
        }
    }
    server.stop(); // SIGKILL: no chance to clean up
    sender.wait().unwrap();
    reader.join().unwrap();
    acked.extend(rx.try_iter());

    let server = server.spawn();
    let stored = server.subjects("annv@quangngai.gov.vn");
    let mut counts = std::collections::HashMap::new();
    for subject in &stored {
        *counts.entry(subject.as_str()).or_insert(0) += 1;
    }
    for subject in &acked {
        assert_eq!(
            counts.get(subject.as_str()),
            Some(&1),
            "{subject} acknowledged but stored {:?} times",
            counts.get(subject.as_str())
        );
    }
    assert!(
        counts.values().all(|&n| n == 1),
        "a message was stored twice"
    );
    // The store is consistent; at most harmless leftovers of the interrupted deliveries.
    server.govmail(&["check"]);
    // And the restarted server accepts mail again.
    python(SEND_ONE, &[&server.smtp_port.to_string()]);
    assert_eq!(
        server.subjects("annv@quangngai.gov.vn").len(),
        stored.len() + 1
    );
}

const SEND_ONE: &str = r#"
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.sendmail("a@danang.gov.vn", ["annv@quangngai.gov.vn"], b"Subject: after restart\r\n\r\nx\r\n")
s.quit()
"#;

/// swaks is a real client these tests need; under CI its absence is a failure, not a skip.
fn swaks(port: u16, args: &[&str]) -> (bool, String) {
    let server = format!("127.0.0.1:{port}");
    let out = Command::new("swaks")
        .args([
            "--server",
            &server,
            "--from",
            "vanthu@danang.gov.vn",
            "--ehlo",
            "mail.danang.gov.vn",
        ])
        .args(args)
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            panic!("swaks is required for the SMTP interop tests (apt-get install swaks): {e}")
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn swaks_pipelined_delivery_over_starttls() {
    let server = start();
    let (ok, out) = swaks(
        server.smtp_port,
        &[
            "--to",
            "annv@quangngai.gov.vn,ngocttb@quangngai.gov.vn",
            "--pipeline",
            "--tls",
            "--h-Subject",
            "Kế hoạch công tác tháng 12",
            "--body",
            "Kính gửi các đơn vị.",
        ],
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("PIPELINING") && out.contains("STARTTLS"),
        "{out}"
    );
    assert_eq!(
        server.subjects("annv@quangngai.gov.vn"),
        ["Kế hoạch công tác tháng 12"]
    );
    assert_eq!(
        server.subjects("ngocttb@quangngai.gov.vn"),
        ["Kế hoạch công tác tháng 12"]
    );
}

#[test]
fn swaks_sees_size_limit_relay_refusal_and_unknown_users() {
    let server = Server::start("quangngai.gov.vn", |c| {
        c.replace(
            "max_message_size = \"50MiB\"",
            "max_message_size = \"10KiB\"",
        )
    });
    let big = "x".repeat(20 * 1024);
    let (ok, out) = swaks(
        server.smtp_port,
        &["--to", "annv@quangngai.gov.vn", "--body", &big],
    );
    assert!(!ok && out.contains("552 5.3.4"), "{out}");
    let (ok, out) = swaks(server.smtp_port, &["--to", "someone@gmail.com"]);
    assert!(!ok && out.contains("554 5.7.1"), "{out}");
    let (ok, out) = swaks(server.smtp_port, &["--to", "khongco@quangngai.gov.vn"]);
    assert!(!ok && out.contains("550 5.1.1"), "{out}");
    assert!(server.subjects("annv@quangngai.gov.vn").is_empty());
    // A small message still goes through on the same server.
    let (ok, out) = swaks(
        server.smtp_port,
        &["--to", "annv@quangngai.gov.vn", "--h-Subject", "nhỏ"],
    );
    assert!(ok, "{out}");
    assert_eq!(server.subjects("annv@quangngai.gov.vn"), ["nhỏ"]);
}

/// BDAT (RFC 3030) and malformed commands over a raw socket to the real server: chunks are
/// joined byte for byte (no dot-stuffing, so "\r\n.\r\n" inside a chunk is just data), and
/// bad commands get 5xx with enhanced codes while the session goes on.
const RAW_SCRIPT: &str = r#"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
f = s.makefile("rb")
def reply():
    lines = []
    while True:
        line = f.readline().decode()
        lines.append(line)
        if line[3:4] != "-":
            return "".join(lines)
def expect(cmd, code):
    if cmd is not None:
        s.sendall(cmd)
    r = reply()
    assert r.startswith(code), (cmd, code, r)
    return r
expect(None, "220")
assert "CHUNKING" in expect(b"EHLO raw.example\r\n", "250")
expect(b"FOO BAR\r\n", "500 5.5.2")
expect(b"RCPT TO:<annv@quangngai.gov.vn>\r\n", "503 5.5.1")
expect(b"MAIL FROM:no-brackets\r\n", "501")
expect(b"MAIL FROM:<vanthu@danang.gov.vn>\r\n", "250")
expect(b"RCPT TO:<annv@quangngai.gov.vn>\r\n", "250")
part1 = "Subject: BDAT tiếng Việt\r\n\r\nphần một\r\n.\r\n".encode()
part2 = "phần hai\r\n".encode()
s.sendall(b"BDAT %d\r\n" % len(part1) + part1 + b"BDAT %d LAST\r\n" % len(part2) + part2)
expect(None, "250")
expect(None, "250 2.0.0")
expect(b"QUIT\r\n", "221")
"#;

#[test]
fn bdat_chunks_and_bad_commands_from_a_raw_client() {
    let server = start();
    python(RAW_SCRIPT, &[&server.smtp_port.to_string()]);
    let stored = server.inbox("annv@quangngai.gov.vn");
    assert_eq!(stored.len(), 1);
    let text = String::from_utf8(stored[0].clone()).unwrap();
    assert!(
        text.ends_with("Subject: BDAT tiếng Việt\r\n\r\nphần một\r\n.\r\nphần hai\r\n"),
        "{text}"
    );
}

const CONNECTIONS_SCRIPT: &str = r#"
import socket, sys
port = int(sys.argv[1])
held = []
for i in range(2):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    assert s.makefile("rb").readline().startswith(b"220"), i
    held.append(s)
third = socket.create_connection(("127.0.0.1", port), timeout=30)
line = third.makefile("rb").readline()
assert line.startswith(b"421 4.7.0"), line
held[0].close()
import time
for _ in range(100):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    line = s.makefile("rb").readline()
    s.close()
    if line.startswith(b"220"):
        break
    time.sleep(0.05)
assert line.startswith(b"220"), line
"#;

#[test]
fn connections_per_ip_are_capped() {
    let server = Server::start("quangngai.gov.vn", |c| {
        c.replace("max_connections_per_ip = 50", "max_connections_per_ip = 2")
    });
    python(CONNECTIONS_SCRIPT, &[&server.smtp_port.to_string()]);
}

const SECRET: &str = r#"
import smtplib, sys
from email.message import EmailMessage
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
for n in (1, 2):
    m = EmailMessage()
    m["From"] = "vanthu@congan.danang.gov.vn"
    m["To"] = "annv@quangngai.gov.vn"
    m["Subject"] = "[TỐI MẬT] Kế hoạch số 0%d/KH-CAT" % n
    m.set_content("Kính gửi: UBND tỉnh Quảng Ngãi.\nCông an tỉnh gửi Kế hoạch số 0%d/KH-CAT.\n" % n)
    s.send_message(m)
s.quit()
"#;

#[test]
fn secret_documents_wait_in_quarantine_for_the_administrator() {
    let server = start();
    python(SECRET, &[&server.smtp_port.to_string()]);
    assert!(server.subjects("annv@quangngai.gov.vn").is_empty());
    let listed = server.govmail(&["quarantine", "list", "--json"]);
    let held: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let ids: Vec<i64> = held
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{listed}");
    assert!(
        held[0]["reason"].as_str().unwrap().contains("Tối mật"),
        "{listed}"
    );
    let shown = server.govmail(&["quarantine", "show", &ids[0].to_string()]);
    assert!(
        shown.contains("From: vanthu@congan.danang.gov.vn"),
        "{shown}"
    );
    server.govmail(&["quarantine", "release", &ids[0].to_string()]);
    server.govmail(&["quarantine", "delete", &ids[1].to_string()]);
    assert_eq!(
        server.subjects("annv@quangngai.gov.vn"),
        ["[TỐI MẬT] Kế hoạch số 01/KH-CAT"]
    );
    assert_eq!(
        server.govmail(&["quarantine", "list"]).trim(),
        "Nothing is held in quarantine."
    );
    server.govmail(&["check"]);
}

/// A disk below `[storage] min_free_space` (here a reserve no disk has): swaks gets 452 4.3.1
/// at MAIL FROM and nothing is stored; the log warns; after the administrator lowers the
/// reserve and reloads, the retry is delivered.
#[test]
fn a_nearly_full_disk_defers_mail_until_space_is_freed() {
    let server = Server::start("quangngai.gov.vn", |c| {
        c.replace(
            "min_free_space = \"256MiB\"",
            "min_free_space = \"1000TiB\"",
        )
    });
    let (ok, out) = swaks(
        server.smtp_port,
        &["--to", "annv@quangngai.gov.vn", "--h-Subject", "Báo cáo"],
    );
    assert!(
        !ok && out.contains("452 4.3.1 the server's disk is nearly full"),
        "{out}"
    );
    assert!(server.subjects("annv@quangngai.gov.vn").is_empty());
    server.wait_until("the warning", |s| s.log_count("disk space low") == 1);
    let config_path = server.root.join("govmail.toml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    std::fs::write(
        &config_path,
        config.replace("min_free_space = \"1000TiB\"", "min_free_space = \"0\""),
    )
    .unwrap();
    let pid = server.child.as_ref().unwrap().id().to_string();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    server.wait_until("the reload", |s| s.log_count("reloaded") == 1);
    let (ok, out) = swaks(
        server.smtp_port,
        &["--to", "annv@quangngai.gov.vn", "--h-Subject", "Báo cáo"],
    );
    assert!(ok, "{out}");
    assert_eq!(server.subjects("annv@quangngai.gov.vn"), ["Báo cáo"]);
}
