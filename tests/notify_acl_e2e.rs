//! NOTIFY (RFC 5465) and ACL (RFC 4314) end to end, with the real server and Python's imaplib:
//! a message delivered over SMTP to INBOX is told as an unsolicited STATUS to a session that
//! has another mailbox selected; a read-only grant (`govmail user grant --read-only`) shows as
//! MYRIGHTS without `i`, and APPEND is indeed refused; the unit itself widens the grant with
//! SETACL and the CLI sees it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

const DOMAIN: &str = "quangngai.gov.vn";
const UNIT: &str = "vanthu@quangngai.gov.vn";
const RO: &str = "ngocttb@quangngai.gov.vn";

/// Python helpers: connect with implicit TLS, log in, run a raw command.
const PRELUDE: &str = r#"
import imaplib, smtplib, ssl, sys, socket, time
from email.message import EmailMessage
imaps, smtp, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
SHARED = '"Shared/vanthu@quangngai.gov.vn/INBOX"'

def login(user):
    m = imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=ctx)
    typ, _ = m.login(user, password)
    assert typ == "OK", typ
    return m

def run(m, *args):
    """Runs a command; returns (status, tagged text, untagged lines)."""
    tag = m._new_tag()
    m.send(tag + b" " + " ".join(args).encode() + b"\r\n")
    lines = []
    while True:
        line = m._get_line()
        if line.startswith(tag + b" "):
            rest = line[len(tag) + 1:].decode()
            return rest.split(" ", 1)[0], rest, lines
        lines.append(line.decode())

def ok(m, *args):
    status, text, lines = run(m, *args)
    assert status == "OK", (args, text, lines)
    return lines
"#;

fn client(server: &Server, script: &str) {
    python(
        &format!("{PRELUDE}{script}"),
        &[
            &server.imaps_port.to_string(),
            &server.smtp_port.to_string(),
            PASSWORD,
        ],
    );
}

const NOTIFY: &str = r#"
m = login("annv@quangngai.gov.vn")
caps = ok(m, "CAPABILITY")[0]
assert " NOTIFY" in caps, caps
ok(m, "SELECT", "Sent")
ok(m, "NOTIFY", "SET", "(selected (MessageNew MessageExpunge))",
   "(inboxes (MessageNew MessageExpunge))")
msg = EmailMessage()
msg["From"] = "vanphong@ubnd.danang.gov.vn"
msg["To"] = "annv@quangngai.gov.vn"
msg["Subject"] = "Công văn số 15/UBND-VP"
msg.set_content("Kính gửi: Sở Thông tin và Truyền thông\n")
s = smtplib.SMTP("127.0.0.1", smtp, timeout=30)
s.send_message(msg)
s.quit()
# No command is sent: the STATUS comes by itself once the delivery commits.
m.sock.settimeout(30)
line = m._get_line().decode()
assert line.startswith("* STATUS INBOX (MESSAGES 1 UIDNEXT 2 "), line
assert "UNSEEN 1" in line, line
ok(m, "NOTIFY", "NONE")
m.logout()
print("ok")
"#;

#[test]
fn a_delivery_by_smtp_is_told_to_a_notify_session_on_another_mailbox() {
    let server = Server::start(DOMAIN, |c| c);
    client(&server, NOTIFY);
    assert_eq!(server.subjects("annv@quangngai.gov.vn").len(), 1);
}

const READ_ONLY: &str = r#"
m = login("ngocttb@quangngai.gov.vn")
caps = ok(m, "CAPABILITY")[0]
assert " ACL" in caps and " RIGHTS=texk" in caps and " LIST-MYRIGHTS" in caps, caps
lines = ok(m, "MYRIGHTS", SHARED)
assert lines == ["* MYRIGHTS Shared/vanthu@quangngai.gov.vn/INBOX lr"], lines
assert "i" not in lines[0].rsplit(" ", 1)[1]
lines = ok(m, "LIST", '""', '"Shared/*"', "RETURN", "(MYRIGHTS)")
assert "* MYRIGHTS Shared/vanthu@quangngai.gov.vn/INBOX lr" in lines, lines
# Told it lacks i: refused APPEND and COPY into the unit's INBOX.
typ, data = m.append(SHARED, None, None, b"From: ngocttb@quangngai.gov.vn\r\nSubject: x\r\n\r\nx\r\n")
assert typ == "NO" and b"[NOPERM]" in data[0], (typ, data)
typ, data = m.append("INBOX", None, None, b"From: ngocttb@quangngai.gov.vn\r\nSubject: x\r\n\r\nx\r\n")
assert typ == "OK", data
ok(m, "SELECT", "INBOX")
status, text, _ = run(m, "COPY", "1", SHARED)
assert status == "NO" and "[NOPERM]" in text, text
status, text, _ = run(m, "GETACL", SHARED)
assert status == "NO" and "[NOPERM]" in text, text
m.logout()

# The unit itself (its văn thư) sees the grants and widens this one.
u = login("vanthu@quangngai.gov.vn")
lines = ok(u, "GETACL", "INBOX")
assert "ngocttb@quangngai.gov.vn lr" in lines[0], lines
status, text, _ = run(u, "SETACL", "INBOX", "ngocttb@quangngai.gov.vn", "lrs")
assert status == "NO" and "[CANNOT]" in text, text
ok(u, "SETACL", "INBOX", "ngocttb@quangngai.gov.vn", "+swite")
u.logout()

m = login("ngocttb@quangngai.gov.vn")
lines = ok(m, "MYRIGHTS", SHARED)
assert lines == ["* MYRIGHTS Shared/vanthu@quangngai.gov.vn/INBOX lrswite"], lines
typ, data = m.append(SHARED, None, None, b"From: ngocttb@quangngai.gov.vn\r\nSubject: y\r\n\r\ny\r\n")
assert typ == "OK", data
m.logout()
print("ok")
"#;

#[test]
fn a_read_only_grant_shows_myrights_without_insert_and_append_is_refused() {
    let server = Server::start(DOMAIN, |c| c);
    server.govmail(&[
        "user",
        "add",
        "Văn thư Sở TT&TT",
        "--agency",
        "STTTT",
        "--address",
        "vanthu",
        "--unit",
    ]);
    common::govmail_with_input(
        &server.root,
        &["user", "passwd", UNIT, "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    let out = server.govmail(&["user", "grant", UNIT, RO, "--read-only"]);
    assert!(out.contains("read-only"), "{out}");
    client(&server, READ_ONLY);
    // SETACL changed the grant itself: the administrator's view agrees.
    let out = server.govmail(&["user", "show", UNIT]);
    assert!(
        out.contains(RO) && out.contains("read-write"),
        "after SETACL +swite: {out}"
    );
}
