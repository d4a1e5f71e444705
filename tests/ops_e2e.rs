//! Operations against the real binary: online backup while mail arrives, restore into a new
//! instance, and the refusals that protect data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::{Server, free_port, python};

/// Sends argv[2] messages to annv@ as fast as it can, over one session.
const SEND_MANY: &str = r#"
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
for i in range(int(sys.argv[2])):
    s.sendmail("vanthu@danang.gov.vn", ["annv@quangngai.gov.vn"],
               ("Subject: Công văn %d\r\n\r\nNội dung %d\r\n" % (i, i)).encode())
s.quit()
"#;

fn govmail_fails(root: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(args)
        .env("GOVMAIL_CONFIG", root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn backup_while_serving_then_restore_into_a_new_instance() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEND_MANY, &[&server.smtp_port.to_string(), "100"]);
    let before = server.subjects("annv@quangngai.gov.vn");
    assert_eq!(before.len(), 100);

    // Mail keeps arriving while the backup runs.
    let mut load = Command::new("python3")
        .arg("-c")
        .arg(SEND_MANY)
        .args([&server.smtp_port.to_string(), "300"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("nightly");
    let out = server.govmail(&["backup", dest.to_str().unwrap()]);
    assert!(out.contains("every file verified"), "{out}");
    assert!(load.wait().unwrap().success());

    // Restoring over the running server is refused; so is a store that holds mail.
    let err = govmail_fails(&server.root, &["restore", dest.to_str().unwrap()]);
    assert!(err.contains("stop it first"), "{err}");

    let fresh = Server::create("quangngai.gov.vn", |c| c);
    // create() issued two accounts but no mail: restore is allowed.
    let out = fresh.govmail(&["restore", dest.to_str().unwrap()]);
    assert!(out.contains("Restored"), "{out}");
    let restored = fresh.subjects("annv@quangngai.gov.vn");
    // Everything delivered before the backup started is there, in the same order.
    assert_eq!(&restored[..100], &before[..]);
    assert!(restored.len() >= 100 && restored.len() <= 400);
    fresh.govmail(&["check", "--deep"]);
    let err = govmail_fails(&fresh.root, &["restore", dest.to_str().unwrap()]);
    assert!(err.contains("already holds mail"), "{err}");
    // The restored instance serves.
    let fresh = fresh.spawn();
    python(SEND_MANY, &[&fresh.smtp_port.to_string(), "1"]);
    assert_eq!(
        fresh.subjects("annv@quangngai.gov.vn").len(),
        restored.len() + 1
    );
}

#[test]
fn a_second_server_on_the_same_data_is_refused() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    let err = govmail_fails(&server.root, &["serve"]);
    assert!(err.contains("already running"), "{err}");
}

/// Reads one SMTP reply (all lines) from a raw connection.
fn reply(reader: &mut impl std::io::BufRead) -> String {
    let mut all = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            return all;
        }
        all.push_str(&line);
        if line.as_bytes().get(3) != Some(&b'-') {
            return all;
        }
    }
}

#[test]
fn shutdown_finishes_the_transfer_in_progress_then_says_421() {
    use std::io::{BufReader, Write};
    let mut server = Server::start("quangngai.gov.vn", |c| c);
    let connect = || {
        let s = std::net::TcpStream::connect(("127.0.0.1", server.smtp_port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        let r = BufReader::new(s.try_clone().unwrap());
        (s, r)
    };
    // One idle session, one in the middle of DATA.
    let (mut idle, mut idle_r) = connect();
    assert!(reply(&mut idle_r).starts_with("220"));
    idle.write_all(b"EHLO idle.example\r\n").unwrap();
    assert!(reply(&mut idle_r).starts_with("250"));
    let (mut busy, mut busy_r) = connect();
    assert!(reply(&mut busy_r).starts_with("220"));
    busy.write_all(b"EHLO busy.example\r\nMAIL FROM:<a@danang.gov.vn>\r\nRCPT TO:<annv@quangngai.gov.vn>\r\nDATA\r\n").unwrap();
    for code in ["250", "250", "250", "354"] {
        let r = reply(&mut busy_r);
        assert!(r.starts_with(code), "{r}");
    }
    busy.write_all(b"Subject: in flight\r\n\r\nfirst half\r\n")
        .unwrap();

    sigterm(server.child.as_ref().unwrap());
    // The idle session is told the server is going away.
    let r = reply(&mut idle_r);
    assert!(r.starts_with("421 4.3.2"), "{r}");
    // The transfer in progress completes and is acknowledged, then the session closes.
    busy.write_all(b"second half\r\n.\r\n").unwrap();
    let r = reply(&mut busy_r);
    assert!(r.starts_with("250"), "{r}");
    let r = reply(&mut busy_r);
    assert!(r.is_empty() || r.starts_with("421"), "{r}");
    let status = server.child.as_mut().unwrap().wait().unwrap();
    assert!(status.success(), "{status}");
    server.child = None;
    assert_eq!(server.subjects("annv@quangngai.gov.vn"), ["in flight"]);
}

#[test]
fn json_logs_are_one_object_per_line_and_never_carry_passwords() {
    let server = Server::create("quangngai.gov.vn", |c| c);
    let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["serve", "--log-format", "json"])
        .env("GOVMAIL_CONFIG", server.root.join("govmail.toml"))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let mut lines = Vec::new();
    while !lines.iter().any(|l: &String| l.contains("govmail running")) {
        lines.push(rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap());
    }
    // A failed and a successful login: neither password may appear in the log.
    const LOGINS: &str = r#"
import smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
for password in ("wrong-Secret-123", sys.argv[2]):
    s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
    s.starttls(context=ctx)
    try:
        s.login("annv@quangngai.gov.vn", password)
    except smtplib.SMTPAuthenticationError:
        pass
    s.quit()
"#;
    python(
        LOGINS,
        &[&server.submission_port.to_string(), common::PASSWORD],
    );
    sigterm(&child);
    assert!(child.wait().unwrap().success());
    lines.extend(rx.try_iter());
    std::thread::sleep(std::time::Duration::from_millis(200));
    lines.extend(rx.try_iter());
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            v["level"].is_string() && v["timestamp"].is_string(),
            "{line}"
        );
        assert!(
            !line.contains("wrong-Secret-123") && !line.contains(common::PASSWORD),
            "{line}"
        );
    }
    assert!(
        lines.iter().any(|l| l.contains("SMTP login failed")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("SMTP login\"")),
        "{lines:?}"
    );
}

/// Prints the SHA-256 of the certificate the submission port presents after STARTTLS.
const CERT_OF: &str = r#"
import hashlib, smtplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.starttls(context=ctx)
print(hashlib.sha256(s.sock.getpeercert(binary_form=True)).hexdigest())
s.quit()
"#;

fn cert_of(port: u16) -> String {
    let out = Command::new("python3")
        .args(["-c", CERT_OF, &port.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn sighup_reloads_the_certificate_and_refuses_a_broken_configuration() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    let first = cert_of(server.submission_port);
    let pid = server.child.as_ref().unwrap().id().to_string();
    let hup = || {
        assert!(
            Command::new("kill")
                .args(["-HUP", &pid])
                .status()
                .unwrap()
                .success()
        )
    };

    // A broken configuration is refused whole: the server keeps running as it was.
    let config_path = server.root.join("govmail.toml");
    let good = std::fs::read_to_string(&config_path).unwrap();
    std::fs::write(
        &config_path,
        good.replace("[smtp]", "[smtp]\nno_such_key = 1"),
    )
    .unwrap();
    hup();
    server.wait_until("the refusal", |s| s.log_count("reload refused") == 1);
    assert_eq!(cert_of(server.submission_port), first);
    std::fs::write(&config_path, &good).unwrap();

    // A renewed certificate (another instance's) is served to new connections.
    let other = Server::create("quangngai.gov.vn", |c| c);
    for file in ["cert.pem", "key.pem"] {
        std::fs::copy(
            other.root.join("tls").join(file),
            server.root.join("tls").join(file),
        )
        .unwrap();
    }
    hup();
    let mut now = first.clone();
    for _ in 0..50 {
        now = cert_of(server.submission_port);
        if now != first {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_ne!(now, first, "the new certificate was not picked up");
    // Mail still flows.
    python(SEND_MANY, &[&server.smtp_port.to_string(), "1"]);
    assert_eq!(server.subjects("annv@quangngai.gov.vn").len(), 1);
}

#[test]
fn maildir_and_mbox_imports_keep_flags_and_dates_and_skip_on_rerun() {
    let server = Server::create("quangngai.gov.vn", |c| c);
    let src = tempfile::tempdir().unwrap();

    // A Maildir: two read messages in cur/ (one answered and flagged), one new.
    let md = src.path().join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    let write = |path: std::path::PathBuf, subject: &str, mtime: u64| {
        let body = format!(
            "From: vanthu@danang.gov.vn\nSubject: {subject}\nMessage-ID: <{mtime}@danang.gov.vn>\nDate: Mon, 2 Nov 2026 08:00:00 +0700\n\nKính gửi.\n"
        );
        std::fs::write(&path, body).unwrap();
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(mtime))
            .unwrap();
    };
    write(
        md.join("cur/1700000001.M1.host:2,S"),
        "Giấy mời họp",
        1_700_000_001,
    );
    write(
        md.join("cur/1700000002.M2.host:2,FRS"),
        "Báo cáo tháng",
        1_700_000_002,
    );
    write(
        md.join("new/1700000003.M3.host"),
        "Thông báo mới",
        1_700_000_003,
    );
    let out = server.govmail(&[
        "import",
        "maildir",
        "annv@quangngai.gov.vn",
        md.to_str().unwrap(),
    ]);
    assert!(out.contains("Imported 3 message(s)"), "{out}");
    let out = server.govmail(&[
        "import",
        "maildir",
        "annv@quangngai.gov.vn",
        md.to_str().unwrap(),
    ]);
    assert!(
        out.contains("Imported 0 message(s)") && out.contains("3 already there"),
        "{out}"
    );

    // An mbox (Thunderbird-style flags and mutt-style ones) into a new folder.
    let mbox = src.path().join("Luu tru.mbox");
    std::fs::write(
        &mbox,
        "From vanthu@danang.gov.vn Mon Nov  2 08:00:00 2026\n\
         From: vanthu@danang.gov.vn\nSubject: Kế hoạch 2026\nMessage-ID: <k1@danang.gov.vn>\n\
         Status: RO\nX-Status: A\n\nDòng một\n>From the archive\n\n\
         From vanthu@danang.gov.vn Tue Nov  3 09:30:00 2026\n\
         From: vanthu@danang.gov.vn\nSubject: Quyết định số 45\nMessage-ID: <k2@danang.gov.vn>\n\
         X-Mozilla-Status: 0004\n\nNội dung\n",
    )
    .unwrap();
    for _ in 0..2 {
        server.govmail(&[
            "import",
            "mbox",
            "annv@quangngai.gov.vn",
            mbox.to_str().unwrap(),
            "--mailbox",
            "Lưu trữ/2026",
        ]);
    }

    let store = server.store();
    let account = store.get_account("annv@quangngai.gov.vn").unwrap();
    let inbox = store.get_mailbox(account.id, "INBOX").unwrap();
    let msgs = store.messages(account.id, inbox.id, 1..=u32::MAX).unwrap();
    let got: Vec<_> = msgs
        .iter()
        .map(|m| {
            (
                m.meta.subject.clone().unwrap_or_default(),
                m.flags,
                m.internal_date,
            )
        })
        .collect();
    use storage::Flags;
    assert_eq!(
        got,
        [
            ("Giấy mời họp".to_string(), Flags::SEEN, 1_700_000_001),
            (
                "Báo cáo tháng".to_string(),
                Flags::SEEN.union(Flags::ANSWERED).union(Flags::FLAGGED),
                1_700_000_002
            ),
            ("Thông báo mới".to_string(), Flags::default(), 1_700_000_003),
        ]
    );
    let raw = store
        .read_message(account.id, inbox.id, msgs[0].uid)
        .unwrap();
    assert!(
        !raw.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "CRLF line ends"
    );

    let archive = store.get_mailbox(account.id, "Lưu trữ/2026").unwrap();
    let msgs = store
        .messages(account.id, archive.id, 1..=u32::MAX)
        .unwrap();
    assert_eq!(msgs.len(), 2, "the second run added nothing");
    // The folder the import made is subscribed, so clients that show only subscribed
    // folders show it.
    let subscribed = store.subscriptions(account.id).unwrap();
    assert!(
        subscribed.contains(&"Lưu trữ/2026".to_string()),
        "{subscribed:?}"
    );
    assert_eq!(msgs[0].flags, Flags::SEEN.union(Flags::ANSWERED));
    assert_eq!(msgs[1].flags, Flags::FLAGGED);
    // Tue, 03 Nov 2026 09:30:00 (the From line carries no zone: taken as UTC).
    assert_eq!(msgs[1].internal_date, 1_793_698_200);
    let body = String::from_utf8(
        store
            .read_message(account.id, archive.id, msgs[0].uid)
            .unwrap(),
    )
    .unwrap();
    assert!(body.contains("\r\nFrom the archive\r\n"), "{body}");
    server.govmail(&["check"]);
}

/// The SIZE a new SMTP session on `port` announces.
fn announced_size(port: u16) -> String {
    let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    reply(&mut reader);
    (&stream).write_all(b"EHLO client.example\r\n").unwrap();
    let ehlo = reply(&mut reader);
    (&stream).write_all(b"QUIT\r\n").unwrap();
    size_of(&ehlo)
}

fn size_of(ehlo: &str) -> String {
    ehlo.lines()
        .find_map(|l| l.get(4..).and_then(|l| l.strip_prefix("SIZE ")))
        .unwrap_or_else(|| panic!("no SIZE in {ehlo}"))
        .trim()
        .to_string()
}

fn set_line(config: &str, key: &str, value: &str) -> String {
    config
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{key} ")) || l.starts_with(&format!("{key}=")) {
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn sighup_applies_new_settings_and_moves_listeners_without_dropping_sessions() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    let pid = server.child.as_ref().unwrap().id().to_string();
    let hup = || {
        assert!(
            Command::new("kill")
                .args(["-HUP", &pid])
                .status()
                .unwrap()
                .success()
        )
    };
    let before = announced_size(server.smtp_port);
    assert_eq!(before, (50u64 << 20).to_string());

    // A session that is open across the reload.
    let open = std::net::TcpStream::connect(("127.0.0.1", server.smtp_port)).unwrap();
    let mut open_reader = std::io::BufReader::new(open.try_clone().unwrap());
    reply(&mut open_reader);
    (&open).write_all(b"EHLO early.example\r\n").unwrap();
    reply(&mut open_reader);

    // New limits and IMAP moved to another port.
    let config_path = server.root.join("govmail.toml");
    let original = std::fs::read_to_string(&config_path).unwrap();
    let new_imap = free_port();
    let moved = set_line(&original, "max_message_size", "\"10 MiB\"").replace(
        &format!("imap = \"127.0.0.1:{}\"", server.imap_port),
        &format!("imap = \"127.0.0.1:{new_imap}\""),
    );
    std::fs::write(&config_path, &moved).unwrap();
    hup();
    let mut now = before.clone();
    for _ in 0..50 {
        now = announced_size(server.smtp_port);
        if now != before {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(now, (10u64 << 20).to_string(), "new SIZE not applied");
    let greeting = |port: u16| -> Option<String> {
        let stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        let mut line = String::new();
        std::io::BufReader::new(stream).read_line(&mut line).ok()?;
        Some(line)
    };
    assert!(greeting(new_imap).unwrap().starts_with("* OK"));
    assert!(
        greeting(server.imap_port).is_none(),
        "the old IMAP address still answers"
    );
    // IMAPS did not move and still answers.
    assert!(std::net::TcpStream::connect(("127.0.0.1", server.imaps_port)).is_ok());

    // The session opened before the reload was not dropped: it keeps its settings and
    // delivers.
    (&open).write_all(b"EHLO early.example\r\n").unwrap();
    assert_eq!(size_of(&reply(&mut open_reader)), before);
    for command in [
        "MAIL FROM:<someone@example.org>\r\n",
        "RCPT TO:<annv@quangngai.gov.vn>\r\n",
        "DATA\r\n",
    ] {
        (&open).write_all(command.as_bytes()).unwrap();
        assert!(!reply(&mut open_reader).starts_with('5'));
    }
    (&open)
        .write_all(b"Subject: across the reload\r\n\r\nstill here\r\n.\r\n")
        .unwrap();
    assert!(reply(&mut open_reader).starts_with("250"));
    assert_eq!(
        server.subjects("annv@quangngai.gov.vn"),
        vec!["across the reload".to_string()]
    );

    // All or nothing: a new SIZE together with a listener address that cannot be bound
    // (the SMTP port itself) is refused whole.
    let clash = set_line(&moved, "max_message_size", "\"20 MiB\"").replace(
        &format!("imap = \"127.0.0.1:{new_imap}\""),
        &format!("imap = \"127.0.0.1:{}\"", server.smtp_port),
    );
    std::fs::write(&config_path, &clash).unwrap();
    hup();
    server.wait_until("the refusal", |s| s.log_count("reload refused") == 1);
    assert_eq!(announced_size(server.smtp_port), (10u64 << 20).to_string());
    assert!(greeting(new_imap).unwrap().starts_with("* OK"));
}

/// Sends SIGTERM to a process.
fn sigterm(child: &std::process::Child) {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
}

/// Sends SIGTERM to the server and waits up to `within` for it to exit; the time it took.
fn terminate(server: &mut Server, within: std::time::Duration) -> std::time::Duration {
    let mut child = server.child.take().unwrap();
    let start = std::time::Instant::now();
    sigterm(&child);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            return start.elapsed();
        }
        if start.elapsed() > within {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server was still running {within:?} after SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Two sessions that used to hold a shutdown for minutes: failed logins pipelined behind
/// the throttle's growing delays (1, 2, 4, 8 s … each), and a client that asked for much
/// more than it reads (its replies wait on a full socket for `Deadlines::to_send`: a minute
/// or more). Both end at once, or within the few seconds a last reply may take, well before
/// the shutdown grace that would cut them (20 s, logged).
#[test]
fn shutdown_waits_neither_for_login_delays_nor_for_a_client_that_stopped_reading() {
    let mut server = Server::start("quangngai.gov.vn", |c| {
        c.replace(
            "plaintext_auth_on_loopback = false",
            "plaintext_auth_on_loopback = true",
        )
    });
    let line = "Nội dung báo cáo tháng, dòng dài để thư nặng hơn một chút.\r\n";
    let big = format!("Subject: Báo cáo lớn\r\n\r\n{}", line.repeat(8000));
    common::smtp_deliver(
        server.smtp_port,
        "vanthu@danang.gov.vn",
        "annv@quangngai.gov.vn",
        &[big.as_bytes()],
    );
    let pop3 = || {
        let s = std::net::TcpStream::connect(("127.0.0.1", server.pop3_port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut greeting = String::new();
        r.read_line(&mut greeting).unwrap();
        assert!(greeting.starts_with("+OK"), "{greeting}");
        (s, r)
    };
    let (mut hoarder, mut hoarder_r) = pop3();
    hoarder
        .write_all(
            format!(
                "USER annv@quangngai.gov.vn\r\nPASS {}\r\n",
                common::PASSWORD
            )
            .as_bytes(),
        )
        .unwrap();
    for _ in 0..2 {
        let mut reply = String::new();
        hoarder_r.read_line(&mut reply).unwrap();
        assert!(reply.starts_with("+OK"), "{reply}");
    }
    // About 200 MB of replies asked for; none read.
    hoarder.write_all(&b"RETR 1\r\n".repeat(400)).unwrap();
    // After the login above: its failures would have the right password refused.
    let (mut guesser, _guesser_r) = pop3();
    guesser
        .write_all(
            b"USER annv@quangngai.gov.vn\r\nPASS wrong-1\r\n"
                .repeat(12)
                .as_slice(),
        )
        .unwrap();
    // Into the delays of the failed logins, and the socket full.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let took = terminate(&mut server, std::time::Duration::from_secs(15));
    assert_eq!(
        server.log_count("still running after the shutdown grace"),
        0,
        "stopped in {took:?} only by the grace"
    );
}

/// What still runs after the shutdown grace is cut: here a message trickled faster than the
/// minimum rate (so its deadline keeps moving) and slower than it would finish. It was not
/// acknowledged, so it is not delivered and its sender will retry.
#[test]
fn a_transfer_still_running_after_the_shutdown_grace_is_cut_unacknowledged() {
    let mut server = Server::start("quangngai.gov.vn", |c| c);
    let s = std::net::TcpStream::connect(("127.0.0.1", server.smtp_port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    assert!(reply(&mut r).starts_with("220"));
    w.write_all(b"EHLO slow.example\r\nMAIL FROM:<a@danang.gov.vn>\r\nRCPT TO:<annv@quangngai.gov.vn>\r\nDATA\r\n").unwrap();
    for code in ["250", "250", "250", "354"] {
        let got = reply(&mut r);
        assert!(got.starts_with(code), "{got}");
    }
    w.write_all(b"Subject: trickled\r\n\r\n").unwrap();
    let trickle = std::thread::spawn(move || {
        // 4 KiB a second, four times the minimum rate, for up to a minute.
        for _ in 0..60 {
            if w.write_all(&b"x".repeat(4095)).is_err() || w.write_all(b"\n").is_err() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    });
    std::thread::sleep(std::time::Duration::from_secs(1));
    let took = terminate(&mut server, std::time::Duration::from_secs(45));
    assert!(
        took >= std::time::Duration::from_secs(19),
        "the transfer was cut after {took:?}, before the grace"
    );
    assert_eq!(
        server.log_count("still running after the shutdown grace"),
        1
    );
    // No 250: the connection just ended (closed or reset).
    let mut after = String::new();
    let _ = r.read_line(&mut after);
    assert!(after.is_empty() || after.starts_with("421"), "{after}");
    trickle.join().unwrap();
    assert!(server.subjects("annv@quangngai.gov.vn").is_empty());
}
