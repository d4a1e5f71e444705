//! What the server's log tells an administrator chasing "my mail client cannot connect" or
//! "I cannot log in": a failed TLS handshake on every TLS listener (implicit and STARTTLS)
//! with the client, the listener and rustls's reason; a failed login with the protocol, the
//! client, the account name as given (sanitised) and the reason, never the password; and no
//! rustls warning for every client that connects by IP address. The real server, clients in
//! Python and `openssl s_client`, and the log read from the server's stderr.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};

use common::{PASSWORD, Server, free_port, python};

const DOMAIN: &str = "quangngai.gov.vn";

/// A server with ManageSieve on a free port too; returns it and that port.
fn server() -> (Server, u16) {
    let sieve = free_port();
    let server = Server::start(DOMAIN, |c| {
        c.replacen(
            "[listen]\n",
            &format!("[listen]\nmanagesieve = \"127.0.0.1:{sieve}\"\n"),
            1,
        )
    });
    (server, sieve)
}

/// The log lines that contain every one of `needles`.
fn lines_with(server: &Server, needles: &[&str]) -> Vec<String> {
    let log = server.log.lock().unwrap();
    log.lines()
        .filter(|l| needles.iter().all(|n| l.contains(n)))
        .map(str::to_string)
        .collect()
}

fn whole_log(server: &Server) -> String {
    server.log.lock().unwrap().clone()
}

/// Python: `garbage(port)` on an implicit-TLS port, `starttls_garbage(port, kind)` after a
/// protocol's STARTTLS; each sends bytes that are no TLS record and waits for the close.
/// `no_common_cipher(port)` offers only TLS 1.2 with a cipher suite rustls does not have.
const HANDSHAKES: &str = r#"
import socket, ssl, sys
PORTS = dict(a.split("=") for a in sys.argv[1:])
GARBAGE = b"GET / HTTP/1.0\r\nHost: mail.quangngai.gov.vn\r\n\r\n"

def drain(s):
    s.settimeout(30)
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass
    s.close()

def garbage(port):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
    s.sendall(GARBAGE)
    drain(s)

def until(f, done):
    while True:
        line = f.readline()
        assert line, "connection closed"
        if done(line):
            return line

def starttls_garbage(port, kind):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
    f = s.makefile("rb")
    if kind == "imap":
        until(f, lambda l: l.startswith(b"* OK"))
        s.sendall(b"a STARTTLS\r\n")
        assert until(f, lambda l: l.startswith(b"a ")).startswith(b"a OK")
    elif kind == "pop3":
        until(f, lambda l: l.startswith(b"+OK"))
        s.sendall(b"STLS\r\n")
        assert until(f, lambda l: True).startswith(b"+OK")
    elif kind == "managesieve":
        until(f, lambda l: l.startswith(b"OK"))
        s.sendall(b"STARTTLS\r\n")
        assert until(f, lambda l: l[:2] in (b"OK", b"NO")).startswith(b"OK")
    elif kind == "smtp":
        until(f, lambda l: l.startswith(b"220 "))
        s.sendall(b"EHLO client.example\r\n")
        until(f, lambda l: l.startswith(b"250 "))
        s.sendall(b"STARTTLS\r\n")
        assert until(f, lambda l: True).startswith(b"220")
    s.sendall(GARBAGE)
    drain(s)

def no_common_cipher(port):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("AES128-SHA")
    raw = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
    try:
        ctx.wrap_socket(raw)
        raise AssertionError("the handshake succeeded")
    except ssl.SSLError:
        pass

for name in ("imaps", "pop3s", "submissions"):
    garbage(PORTS[name])
for name, kind in (("imap", "imap"), ("pop3", "pop3"), ("managesieve", "managesieve"),
                   ("smtp", "smtp"), ("submission", "smtp")):
    starttls_garbage(PORTS[name], kind)
no_common_cipher(PORTS["imaps"])
"#;

/// Every TLS listener logs a failed handshake at info with the client, the listener (its
/// protocol and port) and rustls's reason. Before, IMAP, POP3 and ManageSieve logged nothing
/// at info, and SMTP only at debug.
#[test]
fn a_failed_tls_handshake_is_logged_on_every_listener() {
    let (server, sieve) = server();
    let ports = [
        ("imaps", server.imaps_port),
        ("pop3s", server.pop3s_port),
        ("submissions", server.submissions_port),
        ("imap", server.imap_port),
        ("pop3", server.pop3_port),
        ("managesieve", sieve),
        ("smtp", server.smtp_port),
        ("submission", server.submission_port),
    ];
    let args: Vec<String> = ports.iter().map(|(n, p)| format!("{n}={p}")).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    python(HANDSHAKES, &args);
    server.wait_until("nine handshake failures logged", |s| {
        s.log_count("TLS handshake failed") >= 9
    });
    let expected = [
        ("imaps", server.imaps_port),
        ("pop3s", server.pop3s_port),
        ("submissions", server.submissions_port),
        ("imap STARTTLS", server.imap_port),
        ("pop3 STLS", server.pop3_port),
        ("managesieve STARTTLS", sieve),
        ("smtp STARTTLS", server.smtp_port),
        ("submission STARTTLS", server.submission_port),
    ];
    for (listener, port) in expected {
        let lines = lines_with(
            &server,
            &[
                " INFO ",
                "TLS handshake failed",
                "peer=127.0.0.1:",
                &format!("listener={listener} port={port} "),
                "error=received corrupt message",
            ],
        );
        assert_eq!(lines.len(), 1, "{listener}:\n{}", whole_log(&server));
    }
    // A client that shares no cipher suite with us: the reason says so.
    let incompatible = lines_with(
        &server,
        &[
            "TLS handshake failed",
            &format!("listener=imaps port={} ", server.imaps_port),
            "error=peer is incompatible",
        ],
    );
    assert_eq!(incompatible.len(), 1, "{}", whole_log(&server));
}

/// Wrong logins on every protocol: IMAP (wrong password, unknown account), POP3,
/// ManageSieve and SMTP AUTH, the last with a name that carries a line break (a forged log
/// line). argv: password, then name=port pairs.
const LOGINS: &str = r#"
import base64, imaplib, poplib, smtplib, socket, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
WRONG = sys.argv[1]
PORTS = dict(a.split("=") for a in sys.argv[2:])
ANNV = "annv@quangngai.gov.vn"

m = imaplib.IMAP4_SSL("127.0.0.1", int(PORTS["imaps"]), ssl_context=ctx)
for user in (ANNV, "khongco@quangngai.gov.vn"):
    try:
        m.login(user, WRONG)
        raise AssertionError("logged in")
    except imaplib.IMAP4.error:
        pass
m.logout()

p = poplib.POP3_SSL("127.0.0.1", int(PORTS["pop3s"]), context=ctx)
p.user(ANNV)
try:
    p.pass_(WRONG)
    raise AssertionError("logged in")
except poplib.error_proto:
    pass

s = socket.create_connection(("127.0.0.1", int(PORTS["managesieve"])), timeout=30)
f = s.makefile("rb")
while not f.readline().startswith(b"OK"):
    pass
s.sendall(b"STARTTLS\r\n")
assert f.readline().startswith(b"OK")
t = ctx.wrap_socket(s)
f = t.makefile("rb")
while not f.readline().startswith(b"OK"):
    pass
plain = base64.b64encode(("\0" + ANNV + "\0" + WRONG).encode()).decode()
t.sendall(('AUTHENTICATE "PLAIN" "%s"\r\n' % plain).encode())
assert f.readline().startswith(b"NO"), "ManageSieve login"
t.close()

c = smtplib.SMTP("127.0.0.1", int(PORTS["submission"]), timeout=30)
c.starttls(context=ctx)
c.ehlo()
forged = "annv@quangngai.gov.vn\r\nINFO forged: login ok"
code, _ = c.docmd("AUTH", "PLAIN " + base64.b64encode(("\0" + forged + "\0" + WRONG).encode()).decode())
assert code == 535, code
code, _ = c.docmd("AUTH", "PLAIN " + base64.b64encode(("\0" + ANNV + "\0" + WRONG).encode()).decode())
assert code == 535, code
c.quit()
"#;

/// A failed login names the account as given, the client, the protocol and the reason;
/// never the password. Before, the line said only "IMAP login failed" and the address.
#[test]
fn a_failed_login_names_the_account_and_the_reason_never_the_password() {
    let (server, sieve) = server();
    let wrong = "Sai-mat-khau-2026";
    let ports = [
        format!("imaps={}", server.imaps_port),
        format!("pop3s={}", server.pop3s_port),
        format!("managesieve={sieve}"),
        format!("submission={}", server.submission_port),
    ];
    let mut args = vec![wrong];
    args.extend(ports.iter().map(String::as_str));
    python(LOGINS, &args);
    server.wait_until("six failed logins logged", |s| {
        s.log_count("login failed") >= 6
    });
    let annv = "account=annv@quangngai.gov.vn ";
    for (protocol, account, reason) in [
        ("IMAP", annv, "reason=wrong password"),
        (
            "IMAP",
            "account=khongco@quangngai.gov.vn ",
            "reason=unknown account",
        ),
        ("POP3", annv, "reason=wrong password"),
        ("ManageSieve", annv, "reason=wrong password"),
        ("SMTP", annv, "reason=wrong password"),
    ] {
        let lines = lines_with(
            &server,
            &[
                &format!("{protocol} login failed"),
                "peer=127.0.0.1 ",
                account,
                reason,
            ],
        );
        assert_eq!(lines.len(), 1, "{protocol}:\n{}", whole_log(&server));
    }
    // The forged name stays on one line, its line break shown as an escape.
    let forged = lines_with(
        &server,
        &[
            "SMTP login failed",
            "account=annv@quangngai.gov.vn\\u{d}\\u{a}INFO forged",
        ],
    );
    assert_eq!(forged.len(), 1, "{}", whole_log(&server));
    let log = whole_log(&server);
    assert!(!log.lines().any(|l| l.starts_with("INFO forged")), "{log}");
    assert!(!log.contains(wrong), "a password reached the log:\n{log}");
    assert!(
        !log.contains(PASSWORD),
        "a password reached the log:\n{log}"
    );
}

/// `openssl s_client` sending `servername` (SNI): once an IP address, as clients that
/// connect by address do, once a name that is no DNS name.
/// Returns what it printed.
fn s_client(port: u16, servername: &str) -> String {
    let mut child = Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &format!("127.0.0.1:{port}"),
            "-servername",
            servername,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    use std::io::Write;
    // "Q" ends s_client once the handshake is done.
    child.stdin.take().unwrap().write_all(b"Q\n").unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// rustls warns "Illegal SNI extension: ignoring IP address" once per connection from a
/// client that connects by IP address: not logged. Its other warnings are (an invalid name).
#[test]
fn connecting_by_ip_address_does_not_log_the_sni_warning() {
    let (server, _) = server();
    for _ in 0..3 {
        let out = s_client(server.imaps_port, "127.0.0.1");
        assert!(out.contains("Cipher is TLS"), "no handshake:\n{out}");
    }
    let _ = s_client(server.imaps_port, "not_a!name");
    server.wait_until("the invalid name's warning", |s| {
        s.log_count("Illegal SNI hostname received") == 1
    });
    assert_eq!(
        server.log_count("ignoring IP address"),
        0,
        "{}",
        whole_log(&server)
    );
}
