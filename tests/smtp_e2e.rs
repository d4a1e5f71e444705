//! End-to-end SMTP: the real `govmail serve` on free loopback ports, driven by Python's
//! smtplib (a real client), checked through storage.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

struct Running {
    _dir: tempfile::TempDir,
    root: PathBuf,
    child: Child,
    smtp_port: u16,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn govmail(root: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(args)
        .env("GOVMAIL_CONFIG", root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("srv");
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args([
            "init",
            root.to_str().unwrap(),
            "--domain",
            "quangngai.gov.vn",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    // Only the MX listener, on a free port.
    let smtp_port = free_port();
    let config = std::fs::read_to_string(root.join("govmail.toml")).unwrap();
    let listen_start = config.find("[listen]").unwrap();
    let listen_end = config.find("[accounts]").unwrap();
    let config = format!(
        "{}[listen]\nsmtp = \"127.0.0.1:{smtp_port}\"\n\n{}",
        &config[..listen_start],
        &config[listen_end..]
    );
    std::fs::write(root.join("govmail.toml"), config).unwrap();
    govmail(
        &root,
        &["agency", "add", "STTTT", "Sở Thông tin và Truyền thông"],
    );
    govmail(
        &root,
        &["user", "add", "Nguyễn Văn An", "--agency", "STTTT"],
    );
    govmail(
        &root,
        &["user", "add", "Trần Thị Bích Ngọc", "--agency", "STTTT"],
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .arg("serve")
        .env("GOVMAIL_CONFIG", root.join("govmail.toml"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.contains("govmail running") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("server did not start");
    Running {
        _dir: dir,
        root,
        child,
        smtp_port,
    }
}

fn python(script: &str, port: u16) {
    let python = which_python();
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(port.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// python3 is a real client these tests need; under CI its absence is a failure, not a skip.
fn which_python() -> &'static str {
    let found = Command::new("python3").arg("--version").output().is_ok();
    assert!(
        found,
        "python3 is required for the SMTP interop tests (apt-get install python3)"
    );
    "python3"
}

fn subjects(root: &Path, address: &str) -> Vec<String> {
    let store = storage::Store::open(&root.join("data"), storage::OpenMode::MustExist).unwrap();
    let account = store.get_account(address).unwrap();
    let inbox = store.get_mailbox(account.id, "INBOX").unwrap();
    store
        .messages(account.id, inbox.id, 1..=u32::MAX)
        .unwrap()
        .into_iter()
        .map(|m| m.meta.subject.unwrap_or_default())
        .collect()
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
    python(SMTPLIB_SCRIPT, server.smtp_port);
    assert_eq!(
        subjects(&server.root, "annv@quangngai.gov.vn"),
        ["Giấy mời họp ngày 25/11", "Báo cáo tuần (UTF-8)"]
    );
    assert_eq!(
        subjects(&server.root, "ngocttb@quangngai.gov.vn"),
        ["Giấy mời họp ngày 25/11"]
    );
    let shown = govmail(
        &server.root,
        &["user", "show", "annv@quangngai.gov.vn", "--json"],
    );
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["used_messages"], 2);
    govmail(&server.root, &["check"]);
}
