//! Hostile clients against the real server (issue 17): every attack that took govmail down
//! or let one user pose as another, replayed over loopback by Python (sockets, ssl,
//! smtplib), each followed by a check that the server still serves everybody. A hang shows
//! as a socket timeout (30 s) in the client, never as a test that waits for ever.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

/// The server's resident memory in KiB.
fn rss_kib(server: &Server) -> u64 {
    common::rss_kib(server.child.as_ref().unwrap().id())
}

const DOMAIN: &str = "hostile.gov.vn";

/// Shared by every script: IMAP over TLS with a line reader, and a liveness probe.
const PRELUDE: &str = r#"
import socket, ssl, sys, smtplib, time
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
PASSWORD = sys.argv[1]
PORTS = dict(a.split("=") for a in sys.argv[2:])
DOMAIN = "hostile.gov.vn"
ANNV, NGOC = "annv@" + DOMAIN, "ngocttb@" + DOMAIN

class Imap:
    def __init__(self, timeout=30, source=None):
        raw = socket.create_connection(("127.0.0.1", int(PORTS["imaps"])), timeout=timeout,
                                       source_address=(source, 0) if source else None)
        self.s = ctx.wrap_socket(raw)
        self.f = self.s.makefile("rb")
        self.n = 0
        assert self.line().startswith(b"* OK"), "no greeting"
    def line(self):
        l = self.f.readline()
        if not l:
            raise EOFError("connection closed")
        return l
    def send(self, data):
        self.s.sendall(data)
    def cmd(self, text, literal=None):
        """Sends a command (str or bytes); returns (tagged line, untagged lines)."""
        self.n += 1
        tag = b"h%d" % self.n
        data = text.encode() if isinstance(text, str) else text
        self.send(tag + b" " + data + b"\r\n")
        return self.until(tag)
    def until(self, tag):
        lines = []
        while True:
            l = self.line()
            if l.startswith(tag + b" "):
                return l, lines
            lines.append(l)
    def login(self, user=None):
        tagged, _ = self.cmd('LOGIN "%s" "%s"' % (user or ANNV, PASSWORD))
        assert tagged.split()[1] == b"OK", tagged

def alive():
    """Another client gets full service: SMTP greets, IMAP logs in and selects."""
    s = smtplib.SMTP("127.0.0.1", int(PORTS["smtp"]), timeout=30)
    assert s.noop()[0] == 250
    s.quit()
    m = Imap()
    m.login(NGOC)
    tagged, _ = m.cmd("SELECT INBOX")
    assert b"OK" in tagged, tagged
    m.cmd("LOGOUT")

def submission():
    s = smtplib.SMTP("127.0.0.1", int(PORTS["submission"]), timeout=30)
    s.starttls(context=ctx)
    s.login(ANNV, PASSWORD)
    return s
"#;

fn run(server: &Server, script: &str) {
    let ports = [
        format!("imaps={}", server.imaps_port),
        format!("smtp={}", server.smtp_port),
        format!("submission={}", server.submission_port),
    ];
    let mut args = vec![PASSWORD];
    args.extend(ports.iter().map(String::as_str));
    python(&format!("{PRELUDE}\n{script}"), &args);
    assert_running(server);
}

/// The server process is still there (not exited, not a zombie) and logged no panic.
fn assert_running(server: &Server) {
    let pid = server.child.as_ref().expect("no server process").id();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let log = server.log.lock().unwrap().clone();
    assert!(
        status.contains("State:") && !status.contains("zombie"),
        "the server is gone:\n{log}"
    );
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");
}

/// `To: x)` from anyone on the MX port made delivery loop allocating ~1 GB/s until the kernel
/// killed the server; the sender's retries killed it again after every restart. The same
/// stray parenthesis in Content-Type reached the same loop, over SMTP and IMAP APPEND.
#[test]
fn a_stray_parenthesis_in_a_header_is_delivered_and_read() {
    let server = Server::start(DOMAIN, |c| c);
    run(
        &server,
        r#"
s = smtplib.SMTP("127.0.0.1", int(PORTS["smtp"]), timeout=30)
s.sendmail("a@ext.test", [ANNV], b"From: a@ext.test\r\nTo: x)\r\nSubject: hi\r\n\r\nbody\r\n")
s.sendmail("a@ext.test", [ANNV], b"From: a@ext.test\r\nTo: " + ANNV.encode() +
           b"\r\nSubject: ct\r\nContent-Type: text/plain); charset=utf-8\r\n"
           b"Content-Disposition: ) attachment\r\n\r\nbody\r\n")
s.quit()
m = Imap()
m.login()
tagged, lines = m.cmd("SELECT INBOX")
assert b"* 2 EXISTS\r\n" in lines, lines
tagged, lines = m.cmd("FETCH 1:2 (ENVELOPE BODYSTRUCTURE)")
assert b"OK" in tagged, tagged
assert b'"x"' in lines[0], lines[0]
msg = b"From: " + ANNV.encode() + b"\r\nTo: (a)) b)\r\nContent-Type: multipart/mixed); boundary=x\r\n\r\nx\r\n"
tagged, _ = m.cmd(b"APPEND INBOX {%d+}\r\n" % len(msg) + msg)
assert b"OK" in tagged, tagged
tagged, lines = m.cmd("FETCH 3 (ENVELOPE BODYSTRUCTURE)")
assert b"OK" in tagged, tagged
alive()
"#,
    );
}

/// 5,000 NOTs or a chain of ORs overflowed the stack and aborted every connection.
#[test]
fn deeply_nested_search_criteria_are_refused_and_the_server_lives() {
    let server = Server::start(DOMAIN, |c| c);
    run(
        &server,
        r#"
m = Imap()
m.login()
m.cmd("SELECT INBOX")
for criteria in ["NOT " * 5000 + "ALL", "OR ALL " * 5000 + "ALL", "(" * 300 + "ALL" + ")" * 300]:
    tagged, _ = m.cmd("SEARCH " + criteria)
    assert tagged.split()[1] == b"BAD", tagged
tagged, lines = m.cmd("SEARCH " + "OR SEEN " * 100 + "ALL")
assert tagged.split()[1] == b"OK", tagged
# Just within the limit, on the server's own threads: answered, not a stack overflow.
for criteria in ["NOT " * 254 + "ALL", "OR SEEN " * 255 + "ALL", "OR SUBJECT giay " * 255 + "ALL",
                 "NOT " * 200 + "(" * 30 + "ALL" + ")" * 30]:
    tagged, _ = m.cmd("SEARCH " + criteria)
    assert tagged.split()[1] in (b"OK", b"BAD"), tagged
alive()
"#,
    );
}

/// LIST "" "************x" backtracked for ever on the runtime's threads: two such commands
/// stopped SMTP and IMAP for everybody.
#[test]
fn list_patterns_full_of_wildcards_answer_at_once() {
    let server = Server::start(DOMAIN, |c| c);
    run(
        &server,
        r#"
m = Imap()
m.login()
for name in ["Luu tru aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "a/b/c/d/e/f/g/h/i/j/k/l/m/n"]:
    tagged, _ = m.cmd('CREATE "%s"' % name)
    assert b"OK" in tagged, tagged
for pattern in ["*" * 40 + "x", "%*" * 40 + "x", "*a" * 30 + "x"]:
    other = Imap()
    other.login()
    other.send(b'p1 LIST "" "' + pattern.encode() + b'"\r\n')
    tagged, _ = m.cmd('LIST "" "' + pattern + '"')
    assert tagged.split()[1] == b"OK", tagged
    assert other.until(b"p1")[0].split()[1] == b"OK"
alive()
"#,
    );
}

/// `a1 LOGIN {52428800}` was answered "+" and 52 MB buffered per connection before login.
/// Before login the server now refuses any literal over a few KB when it is announced.
#[test]
fn before_login_large_literals_are_refused_when_announced() {
    let server = Server::start(DOMAIN, |c| c);
    run(
        &server,
        r#"
m = Imap()
m.send(b"a1 LOGIN {52428800}\r\n")
reply = m.line()
assert reply.startswith(b"a1 NO") or reply.startswith(b"a1 BAD"), reply
# A non-synchronizing one cannot be skipped: the server says why and closes.
m.send(b"a2 LOGIN {5000+}\r\n" + b"x" * 100)
reply = m.line()
assert reply.startswith(b"a2 NO") or reply.startswith(b"a2 BAD"), reply
# Small literals still work: a user name and password sent as literals.
m = Imap()
user, pw = ANNV.encode(), PASSWORD.encode()
m.send(b"a3 LOGIN {%d}\r\n" % len(user))
assert m.line().startswith(b"+")
m.send(user + b" {%d}\r\n" % len(pw))
assert m.line().startswith(b"+")
m.send(pw + b"\r\n")
assert m.until(b"a3")[0].split()[1] == b"OK"
alive()
"#,
    );
}

/// Every APPEND over 64 KiB was `BAD [TOOBIG] command line too long` although APPENDLIMIT
/// said 50 MB: no client could save a sent message with an attachment.
#[test]
fn append_of_a_message_with_an_attachment_is_stored_whole() {
    let server = Server::start(DOMAIN, |c| c);
    run(
        &server,
        r#"
import base64, os
att = base64.encodebytes(os.urandom(600 * 1024)).replace(b"\n", b"\r\n")
msg = (b"From: " + ANNV.encode() + b"\r\nTo: " + NGOC.encode() + b"\r\nSubject: Bao cao\r\n"
       b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
       b"Content-Type: text/plain\r\n\r\nKinh gui\r\n--b\r\nContent-Type: application/pdf\r\n"
       b"Content-Transfer-Encoding: base64\r\n\r\n" + att + b"--b--\r\n")
m = Imap()
m.login()
# Thunderbird: a synchronizing literal, after the continuation request.
m.send(b"a1 APPEND Sent (\\Seen) {%d}\r\n" % len(msg))
assert m.line().startswith(b"+")
m.send(msg + b"\r\n")
tagged, _ = m.until(b"a1")
assert tagged.split()[1] == b"OK", tagged
# LITERAL+, sent in small pieces.
data = b"a2 APPEND Sent {%d+}\r\n" % len(msg) + msg + b"\r\n"
for i in range(0, len(data), 8192):
    m.send(data[i:i + 8192])
tagged, _ = m.until(b"a2")
assert tagged.split()[1] == b"OK", tagged
m.cmd("SELECT Sent")
m.send(b"a3 FETCH 1:2 BODY.PEEK[]\r\n")
for _ in range(2):
    head = m.line()
    size = int(head[head.rindex(b"{") + 1:head.rindex(b"}")])
    body = m.f.read(size)
    assert body == msg, (len(body), len(msg))
    assert m.line() == b")\r\n"
assert m.until(b"a3")[0].split()[1] == b"OK"
alive()
"#,
    );
}

/// 100 connections from one address that stall in the middle of large APPEND literals: the
/// per-address cap admits some (50 for IMAP), and those hold disk (a spool file), not memory.
/// Each sends 4 MiB of a 10 MiB literal: held in memory as before, the admitted ones alone
/// would add 200 MiB. Measured here: see the closing note of issue 17.
#[test]
fn stalled_append_literals_from_one_address_do_not_hold_memory() {
    let server = Server::start(DOMAIN, |c| c);
    let before = rss_kib(&server);
    let ports = format!("imaps={}", server.imaps_port);
    let script = format!(
        "{PRELUDE}\n{}",
        r#"
conns, refused = [], 0
chunk = b"x" * (64 * 1024)
for i in range(100):
    try:
        m = Imap(timeout=10, source="127.0.0.9")
        m.login()
    except (OSError, EOFError, AssertionError, ssl.SSLError):
        refused += 1
        continue
    m.send(b"s APPEND INBOX {%d+}\r\n" % (10 * 1024 * 1024))
    for _ in range(64):
        m.send(chunk)
    conns.append(m)
assert len(conns) >= 20 and refused >= 1, (len(conns), refused)
# Let the server read what the kernel holds for it.
time.sleep(3)
print("stalled %d refused %d" % (len(conns), refused), flush=True)
sys.stdin.readline()
"#
    );
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args([PASSWORD, &ports])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 is required for the interop tests");
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut out, &mut line).unwrap();
    assert!(line.starts_with("stalled"), "{line:?}");
    let during = rss_kib(&server);
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    let grown = during.saturating_sub(before);
    eprintln!("RSS before {before} KiB, with {} {during} KiB", line.trim());
    assert!(grown < 100 * 1024, "the server grew by {grown} KiB");
    assert_running(&server);
}

/// Two From: fields, or an address as an unquoted display name, let annv send as somebody
/// else: the check read one From, the recipient's ENVELOPE another.
#[test]
fn submission_refuses_a_second_or_ambiguous_author() {
    let server = Server::start(DOMAIN, |c| c);
    run(
        &server,
        r#"
def send(header):
    s = submission()
    try:
        s.sendmail(ANNV, [NGOC], header + b"\r\nSubject: Chi thi\r\n\r\nChuyen tien gap\r\n")
        return "250"
    except smtplib.SMTPDataError as e:
        return "%d %s" % (e.smtp_code, e.smtp_error.decode())
    finally:
        s.close()
boss = b"giamdoc@" + DOMAIN.encode()
for header in [b"From: " + boss + b"\r\nFrom: " + ANNV.encode(),
               b"From: " + boss + b" <" + ANNV.encode() + b">",
               b"From: " + ANNV.encode() + b"\r\nSender: " + NGOC.encode()]:
    reply = send(header)
    assert reply.startswith("550 5.6.0") or reply.startswith("553 5.7.1"), (header, reply)
assert send(b'From: "Nguyen Van An" <' + ANNV.encode() + b">") == "250"
# Routing tricks in a remote recipient are refused, not relayed.
s = submission()
s.mail(ANNV)
for rcpt in ["victim%ext.test@gmail.test", "a!b@gmail.test", "@gmail.test:victim@ext.test"]:
    code, text = s.rcpt(rcpt)
    assert code >= 500, (rcpt, code, text)
s.quit()
alive()
"#,
    );
    let subjects = server.subjects(&format!("ngocttb@{DOMAIN}"));
    assert_eq!(subjects, ["Chi thi"], "only the honest message arrived");
}

/// A vacation reply could be sent From: anybody (the director) to anybody who wrote.
#[test]
fn a_vacation_reply_comes_from_its_owner_whatever_the_script_says() {
    let server = Server::start(DOMAIN, |c| c);
    let file = server.root.join("v.sieve");
    std::fs::write(
        &file,
        format!(
            "require \"vacation\";\nvacation :from \"giamdoc@{DOMAIN}\" :subject \"Chi thi khan\" \"Please transfer\";\n"
        ),
    )
    .unwrap();
    let annv = format!("annv@{DOMAIN}");
    server.govmail(&[
        "sieve",
        "put",
        &annv,
        "v",
        file.to_str().unwrap(),
        "--activate",
    ]);
    run(
        &server,
        r#"
s = smtplib.SMTP("127.0.0.1", int(PORTS["smtp"]), timeout=30)
s.sendmail(NGOC, [ANNV], b"From: " + NGOC.encode() + b"\r\nTo: " + ANNV.encode() + b"\r\nSubject: Hoi\r\n\r\nx\r\n")
s.quit()
"#,
    );
    let ngoc = format!("ngocttb@{DOMAIN}");
    server.wait_until("the vacation reply", |s| !s.inbox(&ngoc).is_empty());
    let reply = String::from_utf8_lossy(&server.inbox(&ngoc)[0]).into_owned();
    let from = reply
        .lines()
        .find(|l| l.starts_with("From:"))
        .unwrap_or_default()
        .to_string();
    assert!(from.contains(&annv) && !from.contains("giamdoc"), "{from}");
}
