//! Unit mailboxes shared through grants, end to end: grants given and revoked with the real
//! `govmail user grant/revoke`, mail delivered to vanthu@ over SMTP, and Python's imaplib
//! reading it through the shared namespace (RFC 2342) read-write and read-only; LIST-EXTENDED
//! (RFC 5258), LIST-STATUS (RFC 5819) and APPENDLIMIT (RFC 7889) checked field by field.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{PASSWORD, Server, python};

const DOMAIN: &str = "quangngai.gov.vn";
const UNIT: &str = "vanthu@quangngai.gov.vn";
const RW: &str = "annv@quangngai.gov.vn";
const RO: &str = "ngocttb@quangngai.gov.vn";
/// Has no grant.
const NONE: &str = "tamlv@quangngai.gov.vn";

/// A server with vanthu@ (unit), annv@ granted read-write, ngocttb@ read-only, tamlv@ without
/// a grant, and one message delivered to vanthu@ over SMTP.
fn unit_server(edit: impl FnOnce(String) -> String) -> Server {
    let server = Server::start(DOMAIN, edit);
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
    server.govmail(&["user", "add", "Lê Văn Tám", "--agency", "STTTT"]);
    common::govmail_with_input(
        &server.root,
        &["user", "passwd", NONE, "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    let out = server.govmail(&["user", "grant", UNIT, RW]);
    assert!(out.contains("read-write"), "{out}");
    let out = server.govmail(&["user", "grant", UNIT, RO, "--read-only"]);
    assert!(out.contains("read-only"), "{out}");
    python(SEND, &[&server.smtp_port.to_string()]);
    server.wait_until("the delivery to vanthu@", |s| s.subjects(UNIT).len() == 1);
    server
}

const SEND: &str = r#"
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "vanphong@ubnd.danang.gov.vn"
m["To"] = "vanthu@quangngai.gov.vn"
m["Subject"] = "Công văn số 15/UBND-VP"
m.set_content("Kính gửi: Sở Thông tin và Truyền thông\n")
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.send_message(m)
s.quit()
"#;

/// Python helpers every client script starts with: connect with implicit TLS and log in.
const PRELUDE: &str = r#"
import imaplib, ssl, sys, email, os, time
from email.header import decode_header, make_header
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
SHARED = '"Shared/vanthu@quangngai.gov.vn/INBOX"'

def login(user):
    m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
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

def expect_no(m, code, *args):
    status, text, lines = run(m, *args)
    assert status == "NO" and ("[%s]" % code) in text, (args, text, lines)
    return lines
"#;

fn client(server: &Server, script: &str) {
    python(
        &format!("{PRELUDE}{script}"),
        &[&server.imaps_port.to_string(), PASSWORD],
    );
}

const READ_WRITE: &str = r#"
m = login("annv@quangngai.gov.vn")
typ, data = m.namespace()
assert data == [b'(("" "/")) NIL (("Shared/" "/"))'], data
typ, boxes = m.list()
names = [b.decode() for b in boxes]
assert '(\\Noselect \\HasChildren) "/" Shared' in names, names
assert '(\\Noselect \\HasChildren) "/" Shared/vanthu@quangngai.gov.vn' in names, names
assert '(\\HasNoChildren) "/" Shared/vanthu@quangngai.gov.vn/INBOX' in names, names
typ, data = m.select(SHARED)
assert typ == "OK" and data == [b"1"], (typ, data)
assert m.response("READ-WRITE")[1] != [None]
typ, data = m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)] FLAGS)")
subject = email.message_from_bytes(data[0][1])["Subject"]
assert str(make_header(decode_header(subject))) == "Công văn số 15/UBND-VP", subject
typ, data = m.store("1", "+FLAGS", "(\\Flagged)")
assert typ == "OK" and b"\\Flagged" in data[0], data
typ, data = m.copy("1", "Archive")
assert typ == "OK", data
typ, data = m.append(SHARED, None, None, b"From: annv@quangngai.gov.vn\r\nSubject: Du thao\r\n\r\nx\r\n")
assert typ == "OK" and b"APPENDUID" in data[0], data
m.logout()
print("ok")
"#;

const READ_ONLY: &str = r#"
m = login("ngocttb@quangngai.gov.vn")
# SELECT (not EXAMINE) answers READ-ONLY; imaplib's select() would refuse that, so raw.
status, text, lines = run(m, "SELECT", SHARED)
assert status == "OK" and "[READ-ONLY]" in text, (text, lines)
# (annv@ appended one before.)
assert "* 2 EXISTS" in lines and any(l.startswith("* OK [PERMANENTFLAGS ()]") for l in lines), lines
m.state = "SELECTED"
typ, data = m.fetch("1", "(BODY[])")
msg = email.message_from_bytes(data[0][1])
assert str(make_header(decode_header(msg["Subject"]))) == "Công văn số 15/UBND-VP"
assert b"\\Seen" not in data[0][0], data
expect_no(m, "NOPERM", "STORE", "1", "+FLAGS", "(\\Seen)")
expect_no(m, "NOPERM", "EXPUNGE")
expect_no(m, "NOPERM", "MOVE", "1", "INBOX")
typ, data = m.copy("1:2", "INBOX")
assert typ == "OK", data
m.select("INBOX")
expect_no(m, "NOPERM", "COPY", "1", SHARED)
m.logout()
print("ok")
"#;

const NO_GRANT: &str = r#"
m = login("tamlv@quangngai.gov.vn")
typ, boxes = m.list()
assert not any(b"Shared" in b for b in boxes), boxes
for name in [SHARED, '"Shared/annv@quangngai.gov.vn/INBOX"', '"Shared/vanthu@quangngai.gov.vn/../INBOX"',
             '"Shared/*/INBOX"', '"Shared/%/INBOX"', 'Shared', '"Shared/vanthu@quangngai.gov.vn"']:
    expect_no(m, "NONEXISTENT", "SELECT", name)
    expect_no(m, "NONEXISTENT", "STATUS", name, "(MESSAGES)")
m.logout()
# A grantee reaches its unit, not a colleague's own mailbox.
g = login("annv@quangngai.gov.vn")
expect_no(g, "NONEXISTENT", "SELECT", '"Shared/ngocttb@quangngai.gov.vn/INBOX"')
expect_no(g, "NONEXISTENT", "EXAMINE", '"Shared/tamlv@quangngai.gov.vn/INBOX"')
g.logout()
print("ok")
"#;

#[test]
fn granted_accounts_read_the_unit_mailbox_and_others_cannot_reach_it() {
    let server = unit_server(|c| c);
    client(&server, READ_WRITE);
    client(&server, READ_ONLY);
    client(&server, NO_GRANT);
    // What the clients did landed where it should: the flag and the appended message in
    // vanthu@'s INBOX, charged to vanthu@; the copies in the grantees' own folders.
    assert_eq!(server.subjects(UNIT), ["Công văn số 15/UBND-VP", "Du thao"]);
    let store = server.store();
    let unit = store.get_account(UNIT).unwrap();
    assert_eq!(unit.used_messages, 2);
    let inbox = store.get_mailbox(unit.id, "INBOX").unwrap();
    let first = &store.messages(unit.id, inbox.id, 1..=1).unwrap()[0];
    assert_eq!(first.flags, storage::Flags::FLAGGED);
    let annv = store.get_account(RW).unwrap();
    assert_eq!(store.get_mailbox(annv.id, "Archive").unwrap().messages, 1);
    assert_eq!(server.subjects(RO).len(), 2);
    assert_eq!(server.subjects(NONE).len(), 0);
}

const REVOKED_WHILE_OPEN: &str = r#"
ready, go = sys.argv[3], sys.argv[4]
m = login("annv@quangngai.gov.vn")
typ, data = m.select(SHARED)
assert typ == "OK", data
typ, data = m.fetch("1", "(FLAGS)")
assert typ == "OK", data
open(ready, "w").close()
deadline = time.time() + 60
while not os.path.exists(go):
    assert time.time() < deadline, "never told to go on"
    time.sleep(0.05)
lines = expect_no(m, "NOPERM", "FETCH", "1", "(FLAGS)")
assert any("[CLOSED]" in l for l in lines), lines
expect_no(m, "NONEXISTENT", "SELECT", SHARED)
typ, boxes = m.list()
assert not any(b"Shared" in b for b in boxes), boxes
m.logout()
print("ok")
"#;

/// Waits up to 60 s for a file another process creates.
fn wait_for_file(path: &Path) {
    let start = std::time::Instant::now();
    while !path.exists() {
        assert!(start.elapsed().as_secs() < 60, "no {}", path.display());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_revoke_with_the_cli_cuts_an_open_session_off_at_its_next_command() {
    let server = unit_server(|c| c);
    let dir = tempfile::tempdir().unwrap();
    let (ready, go) = (dir.path().join("ready"), dir.path().join("go"));
    let child = Command::new("python3")
        .arg("-c")
        .arg(format!("{PRELUDE}{REVOKED_WHILE_OPEN}"))
        .args([
            &server.imaps_port.to_string(),
            PASSWORD,
            ready.to_str().unwrap(),
            go.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is required for the interop tests");
    wait_for_file(&ready);
    let out = server.govmail(&["user", "revoke", UNIT, RW]);
    assert!(out.contains("no longer has access"), "{out}");
    std::fs::write(&go, b"").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The read-only grantee still has access.
    let shown = server.govmail(&["user", "show", UNIT]);
    assert!(
        shown.contains("Shared with:  ngocttb@quangngai.gov.vn (read-only)"),
        "{shown}"
    );
}

const LIST_EXTENDED: &str = r#"
m = login("annv@quangngai.gov.vn")
caps = [c.upper() for c in m.capabilities]
assert "LIST-EXTENDED" in caps and "LIST-STATUS" in caps, caps
assert "APPENDLIMIT=1048576" in caps, caps
typ, _ = m.create("Cong-van/2026")
assert typ == "OK"
typ, _ = m.subscribe("Cong-van/2026")
assert typ == "OK"
typ, _ = m.unsubscribe("Junk")
assert typ == "OK"
expected_status = {}
for name in ["INBOX", SHARED]:
    typ, data = m.status(name, "(MESSAGES UNSEEN UIDNEXT UIDVALIDITY SIZE HIGHESTMODSEQ)")
    assert typ == "OK", data
    expected_status[name.strip('"')] = data[0].decode().split(" ", 1)[1]

# LIST-STATUS: each LIST line followed by its STATUS, the same figures STATUS gives.
status, text, lines = run(m, "LIST", '""', '("INBOX" "Shared/*/INBOX" "Cong-van")',
                          "RETURN", "(SUBSCRIBED CHILDREN STATUS (MESSAGES UNSEEN UIDNEXT UIDVALIDITY SIZE HIGHESTMODSEQ))")
assert status == "OK", text
inbox = expected_status["INBOX"]
shared = expected_status["Shared/vanthu@quangngai.gov.vn/INBOX"]
assert lines == [
    '* LIST (\\NonExistent \\HasChildren) "/" Cong-van',
    '* LIST (\\HasNoChildren \\Subscribed) "/" INBOX',
    '* STATUS INBOX ' + inbox,
    '* LIST (\\HasNoChildren \\Subscribed) "/" Shared/vanthu@quangngai.gov.vn/INBOX',
    '* STATUS Shared/vanthu@quangngai.gov.vn/INBOX ' + shared,
], lines
fields = dict(zip(*[iter(shared.strip("()").split())] * 2))
assert fields["MESSAGES"] == "1" and fields["UNSEEN"] == "1" and fields["UIDNEXT"] == "2", fields
assert int(fields["SIZE"]) > 100 and int(fields["UIDVALIDITY"]) > 0, fields

# SUBSCRIBED + RECURSIVEMATCH with %: the levels holding subscribed mailboxes, with CHILDINFO.
status, text, lines = run(m, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "%")
assert status == "OK", text
assert '* LIST (\\Noselect \\HasChildren) "/" Shared ("CHILDINFO" ("SUBSCRIBED"))' in lines, lines
assert '* LIST (\\NonExistent \\HasChildren) "/" Cong-van ("CHILDINFO" ("SUBSCRIBED"))' in lines, lines
assert '* LIST (\\HasNoChildren \\Subscribed \\Sent) "/" Sent' in lines, lines
assert not any(l.endswith(" Junk") for l in lines), lines

# SPECIAL-USE selection: one's own special folders only.
status, text, lines = run(m, "LIST", "(SPECIAL-USE)", '""', "*", "RETURN", "(SPECIAL-USE)")
assert sorted(l.rsplit(" ", 1)[1] for l in lines) == ["Archive", "Drafts", "Junk", "Sent", "Trash"], lines

# Malformed options: BAD, with the reason.
for args, reason in [(("(RECURSIVEMATCH)", '""', "*"), "RECURSIVEMATCH needs"),
                     (("(FOO)", '""', "*"), "unknown LIST selection option FOO"),
                     (('""', "*", "RETURN", "(STATUS (MESSAGES FOO))"), "unknown STATUS item FOO")]:
    status, text, lines = run(m, "LIST", *args)
    assert status == "BAD" and reason in text, (args, text)

# APPENDLIMIT: one byte over is refused before the message is sent, and the session goes on.
typ, data = m.append("INBOX", None, None, b"x" * 1048577)
assert typ == "NO" and b"[TOOBIG]" in data[0], (typ, data)
typ, data = m.noop()
assert typ == "OK"
typ, data = m.append("INBOX", None, None, b"Subject: nho\r\n\r\n" + b"x" * 1000)
assert typ == "OK", data
m.logout()
print("ok")
"#;

#[test]
fn list_extended_and_list_status_answer_field_by_field() {
    let server = unit_server(|c| {
        c.replace(
            "max_message_size = \"50MiB\"",
            "max_message_size = \"1MiB\"",
        )
    });
    client(&server, LIST_EXTENDED);
}
