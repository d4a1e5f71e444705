//! Helpers shared by the end-to-end tests (each test file includes this module).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod https;
pub mod s3;
pub mod sink;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A loopback port that was free a moment ago, never the same one twice in a test process:
/// the kernel may hand a just-released port out again, and one server binds several.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut given = GIVEN.lock().unwrap();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// Reads the child's log output (stderr) until a line contains `needle`;
/// returns everything read. Panics if the stream ends first.
pub fn wait_for_line(stream: impl std::io::Read + Send + 'static, needle: &str) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    let wanted = needle.to_string();
    std::thread::spawn(move || {
        let mut seen = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(&wanted) {
                let _ = tx.send(Ok(seen.clone()));
            }
        }
        let _ = tx.send(Err(seen));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(Ok(seen)) => seen,
        Ok(Err(seen)) => panic!("output ended before {needle:?}:\n{seen}"),
        Err(_) => panic!("no {needle:?} within 60 s"),
    }
}

/// A real `govmail serve` in a temp dir, with its SMTP listeners on free loopback ports.
pub struct Server {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub child: Option<Child>,
    pub smtp_port: u16,
    pub submission_port: u16,
    pub submissions_port: u16,
    pub imap_port: u16,
    pub imaps_port: u16,
    /// Everything the running server has logged so far (stderr).
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    pub pop3_port: u16,
    pub pop3s_port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs the govmail binary against the configuration in `root`; panics on failure.
pub fn govmail(root: &Path, args: &[&str]) -> String {
    govmail_with_input(root, args, "")
}

pub fn govmail_with_input(root: &Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(args)
        .env("GOVMAIL_CONFIG", root.join("govmail.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Server {
    /// Creates a server for `domain` with agency STTTT and two accounts (annv@, ngocttb@,
    /// password [`PASSWORD`]), applies `edit` to the generated configuration, and starts it.
    pub fn start(domain: &str, edit: impl FnOnce(String) -> String) -> Server {
        let server = Server::create(domain, edit);
        server.spawn()
    }

    /// Like `start`, without starting the server.
    pub fn create(domain: &str, edit: impl FnOnce(String) -> String) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("srv");
        let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
            .args(["init", root.to_str().unwrap(), "--domain", domain])
            .output()
            .unwrap();
        assert!(out.status.success());
        let (smtp_port, submission_port, submissions_port) =
            (free_port(), free_port(), free_port());
        let (imap_port, imaps_port) = (free_port(), free_port());
        let (pop3_port, pop3s_port) = (free_port(), free_port());
        let config = std::fs::read_to_string(root.join("govmail.toml")).unwrap();
        // The section headers themselves, at the start of a line: comments may name them.
        let listen_start = config.find("\n[listen]\n").unwrap() + 1;
        let listen_end = config.find("\n[accounts]\n").unwrap() + 1;
        let config = format!(
            "{}[listen]\nsmtp = \"127.0.0.1:{smtp_port}\"\nsubmission = \"127.0.0.1:{submission_port}\"\n\
             submissions = \"127.0.0.1:{submissions_port}\"\nimap = \"127.0.0.1:{imap_port}\"\n\
             imaps = \"127.0.0.1:{imaps_port}\"\npop3 = \"127.0.0.1:{pop3_port}\"\n\
             pop3s = \"127.0.0.1:{pop3s_port}\"\n\n{}",
            &config[..listen_start],
            &config[listen_end..]
        );
        std::fs::write(root.join("govmail.toml"), edit(config)).unwrap();
        govmail(
            &root,
            &["agency", "add", "STTTT", "Sở Thông tin và Truyền thông"],
        );
        for name in ["Nguyễn Văn An", "Trần Thị Bích Ngọc"] {
            govmail(&root, &["user", "add", name, "--agency", "STTTT"]);
        }
        for local in ["annv", "ngocttb"] {
            govmail_with_input(
                &root,
                &[
                    "user",
                    "passwd",
                    &format!("{local}@{domain}"),
                    "--password-stdin",
                ],
                &format!("{PASSWORD}\n"),
            );
        }
        Server {
            _dir: dir,
            root,
            child: None,
            smtp_port,
            submission_port,
            submissions_port,
            imap_port,
            imaps_port,
            log: Default::default(),
            pop3_port,
            pop3s_port,
        }
    }

    /// Starts `govmail serve` and waits until it is accepting connections.
    pub fn spawn(mut self) -> Server {
        // The log is kept across stop() and spawn(): this start is done when one more
        // "govmail running" line has come than there were before it.
        let started = self.log_count("govmail running");
        let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
            .arg("serve")
            .env("GOVMAIL_CONFIG", self.root.join("govmail.toml"))
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = self.log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        self.child = Some(child);
        // Looked for every 10 ms, not 100: the check reads the log in memory, and every test
        // waits for it at least once (50 ms saved per start on average).
        self.wait_every(
            "govmail running",
            std::time::Duration::from_millis(10),
            |s| s.log_count("govmail running") == started + 1,
        );
        self
    }

    /// Another node of the same store (issue 23: several nodes on one PostgreSQL): a copy
    /// of this server's directory (configuration, TLS and DKIM keys) in a temp dir of its
    /// own, its listeners moved to new free ports; not started. Its data directory (local
    /// state only, with a shared store) is its own.
    pub fn another_node(&self) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("srv");
        let copied = Command::new("cp")
            .arg("-a")
            .arg(&self.root)
            .arg(&root)
            .status()
            .unwrap();
        assert!(copied.success());
        let _ = std::fs::remove_file(root.join("data").join("serve.lock"));
        let mut config = std::fs::read_to_string(root.join("govmail.toml")).unwrap();
        let mut node = Server {
            _dir: dir,
            root: root.clone(),
            child: None,
            smtp_port: free_port(),
            submission_port: free_port(),
            submissions_port: free_port(),
            imap_port: free_port(),
            imaps_port: free_port(),
            log: Default::default(),
            pop3_port: free_port(),
            pop3s_port: free_port(),
        };
        for (old, new) in [
            (self.smtp_port, node.smtp_port),
            (self.submission_port, node.submission_port),
            (self.submissions_port, node.submissions_port),
            (self.imap_port, node.imap_port),
            (self.imaps_port, node.imaps_port),
            (self.pop3_port, node.pop3_port),
            (self.pop3s_port, node.pop3s_port),
        ] {
            config = config.replace(&format!("127.0.0.1:{old}\""), &format!("127.0.0.1:{new}\""));
        }
        std::fs::write(root.join("govmail.toml"), config).unwrap();
        node.child = None;
        node
    }

    /// Kills the server at once (SIGKILL), as a crash would: no shutdown, nothing flushed.
    pub fn kill(&mut self) {
        self.stop();
    }

    /// How many lines of the server's log so far contain `needle`.
    pub fn log_count(&self, needle: &str) -> usize {
        let log = self.log.lock().unwrap();
        log.lines().filter(|l| l.contains(needle)).count()
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn govmail(&self, args: &[&str]) -> String {
        govmail(&self.root, args)
    }

    pub fn store(&self) -> storage::Store {
        storage::Store::open(&self.root.join("data"), storage::OpenMode::MustExist).unwrap()
    }

    /// Subjects of the messages in an account's INBOX, in UID order.
    pub fn subjects(&self, address: &str) -> Vec<String> {
        self.inbox_messages(address)
            .into_iter()
            .map(|(m, _)| m.meta.subject.unwrap_or_default())
            .collect()
    }

    /// The raw messages in an account's INBOX.
    pub fn inbox(&self, address: &str) -> Vec<Vec<u8>> {
        self.inbox_messages(address)
            .into_iter()
            .map(|(_, raw)| raw)
            .collect()
    }

    fn inbox_messages(&self, address: &str) -> Vec<(storage::MessageInfo, Vec<u8>)> {
        let store = self.store();
        let account = store.get_account(address).unwrap();
        let inbox = store.get_mailbox(account.id, "INBOX").unwrap();
        store
            .messages(account.id, inbox.id, 1..=u32::MAX)
            .unwrap()
            .into_iter()
            .map(|m| {
                let raw = store.read_message(account.id, inbox.id, m.uid).unwrap();
                (m, raw)
            })
            .collect()
    }

    /// Waits (up to 60 s) until `ready` holds; for effects of background work such as the
    /// outbound queue. Not a timing assertion: it only bounds a hang.
    pub fn wait_until(&self, what: &str, ready: impl FnMut(&Server) -> bool) {
        self.wait_every(what, std::time::Duration::from_millis(100), ready);
    }

    /// `wait_until`, looking every `pause`.
    pub fn wait_every(
        &self,
        what: &str,
        pause: std::time::Duration,
        mut ready: impl FnMut(&Server) -> bool,
    ) {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(60) {
            if ready(self) {
                return;
            }
            std::thread::sleep(pause);
        }
        panic!("waited 60 s for {what}");
    }
}

/// The password every test account gets.
/// ASCII: Python's smtplib cannot send non-ASCII passwords (the transcript tests cover UTF-8).
pub const PASSWORD: &str = "Mat-khau-thu-2026";

/// Runs a Python script with arguments; panics with its output if it fails. python3 is a real
/// client these tests need: its absence is a failure, not a skip.
pub fn python(script: &str, args: &[&str]) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for the interop tests: {e}"));
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The resident memory (VmRSS) of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Base64 (RFC 4648) on one line: SASL PLAIN responses and the tests' own MIME parts.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Delivers raw messages to `to` over plain SMTP on the MX port (mail from outside, no
/// authentication), one transaction each, as another server would. The messages must not
/// have a line starting with a dot (no dot-stuffing here).
pub fn smtp_deliver(port: u16, from: &str, to: &str, messages: &[&[u8]]) {
    let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let expect = |code: &str, reader: &mut BufReader<std::net::TcpStream>| loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with(code), "SMTP: want {code}, got {line:?}");
        if line.as_bytes().get(3) != Some(&b'-') {
            break;
        }
    };
    expect("220", &mut reader);
    writer.write_all(b"EHLO mail.danang.gov.vn\r\n").unwrap();
    expect("250", &mut reader);
    for raw in messages {
        assert!(
            !raw.split(|b| *b == b'\n')
                .any(|line| line.starts_with(b"."))
        );
        writer
            .write_all(format!("MAIL FROM:<{from}> BODY=8BITMIME\r\n").as_bytes())
            .unwrap();
        expect("250", &mut reader);
        writer
            .write_all(format!("RCPT TO:<{to}>\r\n").as_bytes())
            .unwrap();
        expect("250", &mut reader);
        writer.write_all(b"DATA\r\n").unwrap();
        expect("354", &mut reader);
        writer.write_all(raw).unwrap();
        if !raw.ends_with(b"\r\n") {
            writer.write_all(b"\r\n").unwrap();
        }
        writer.write_all(b".\r\n").unwrap();
        expect("250", &mut reader);
    }
    writer.write_all(b"QUIT\r\n").unwrap();
}

/// A Python imaplib script that reads message 1 of an INBOX the way a client opens it
/// (FETCH BODY[] sets \Seen, RFC 9051 §6.4.5) and checks that it is now \Seen: argv = IMAPS
/// port, login, password.
pub const IMAP_READ_FIRST: &str = r#"
import imaplib, ssl, sys
port, login, password = sys.argv[1:4]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
m.login(login, password)
m.select("INBOX")
typ, data = m.fetch("1", "(BODY[])")
assert typ == "OK", data
typ, data = m.fetch("1", "(FLAGS)")
assert b"\\Seen" in data[0], data
m.logout()
"#;

/// A Python transcript client for IMAP over TLS, put before a test's script: `c =
/// Client(port)`, `c.login(user, password)`, `c.cmd("SELECT INBOX")` returns the untagged
/// lines and the tagged one (literals kept inline), `c.ok(...)` also asserts OK, `send`
/// writes raw bytes; `has(lines, needle)`.
pub const IMAP_TRANSCRIPT_CLIENT: &str = r#"
import socket, ssl, sys, re
class Client:
    n = 0
    def __init__(self, port):
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        self.s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=30))
        self.buf = b""
        self.line()
    def line(self):
        while b"\r\n" not in self.buf:
            d = self.s.recv(65536)
            if not d: raise SystemExit("connection closed; had %r" % self.buf)
            self.buf += d
        i = self.buf.index(b"\r\n")
        l, self.buf = self.buf[:i], self.buf[i+2:]
        m = re.search(rb"~?\{(\d+)\}$", l)
        if m:
            n = int(m.group(1))
            while len(self.buf) < n:
                self.buf += self.s.recv(65536)
            l, self.buf = l + b"\r\n" + self.buf[:n], self.buf[n:]
            l += self.line()
        return l
    def send(self, data):
        self.s.sendall(data)
    def reply(self, tag):
        out = []
        while True:
            l = self.line()
            out.append(l)
            if l.startswith(tag + b" "):
                return out
    def cmd(self, text, data=b""):
        Client.n += 1
        tag = b"t%d" % Client.n
        self.send(tag + b" " + (text.encode() if isinstance(text, str) else text) + b"\r\n" + data)
        return self.reply(tag)
    def ok(self, text, data=b""):
        out = self.cmd(text, data)
        assert out[-1].split(b" ")[1] == b"OK", (text, out)
        return out
    def login(self, user, password):
        return self.ok('LOGIN "%s" "%s"' % (user, password))
def has(lines, needle):
    return any(needle in l for l in lines)
"#;

/// Debian's Chromium (or another Chrome) for the browser tests, named by `what` in the
/// messages: a test fails without it under CI=true, and is skipped outside CI.
pub fn chromium(what: &str) -> Option<std::path::PathBuf> {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = std::process::Command::new("which").arg(candidate).output()
            && out.status.success()
        {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            return Some(std::path::PathBuf::from(path));
        }
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "chromium is required for {what} in CI (apt-get install chromium)"
    );
    eprintln!("chromium not installed: {what} skipped (outside CI only)");
    None
}

/// Where CI collects files to keep (`$GOVMAIL_ARTIFACTS`, else target/tmp/artifacts): the
/// directory `sub` in it, created.
pub fn artifacts(sub: &str) -> std::path::PathBuf {
    let dir = std::env::var_os("GOVMAIL_ARTIFACTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("artifacts"))
        .join(sub);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the browser script `script` of tests/clients with `args` and returns the JSON
/// object it prints (what each step saw); fails the test with its output when it fails.
pub fn browser_script(script: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/clients")
        .join(script);
    let out = std::process::Command::new("python3")
        .arg(path)
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(text.trim()).unwrap()
}
