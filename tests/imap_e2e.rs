//! End-to-end IMAP against the real server with Python's imaplib: STARTTLS and implicit TLS,
//! LOGIN and AUTHENTICATE PLAIN, LIST with Vietnamese folder names, SELECT, FETCH of a message
//! delivered by SMTP, \Seen set by reading, clear refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

const SEND: &str = r#"
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "vanthu@danang.gov.vn"
m["To"] = "annv@quangngai.gov.vn"
m["Subject"] = "Giấy mời họp"
m.set_content("Kính gửi: Sở TT&TT\n")
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.send_message(m)
s.quit()
"#;

const CLIENT: &str = r#"
import imaplib, ssl, sys, email
from email.header import decode_header, make_header
port, ssl_port, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

m = imaplib.IMAP4("127.0.0.1", port)
assert "LOGINDISABLED" in m.capabilities, m.capabilities
try:
    m.login("annv@quangngai.gov.vn", password)
    raise SystemExit("LOGIN accepted before TLS")
except imaplib.IMAP4.error:
    pass
m.starttls(ssl_context=ctx)
assert "AUTH=PLAIN" in m.capabilities and "IMAP4REV2" in [c.upper() for c in m.capabilities]
try:
    m.login("annv@quangngai.gov.vn", "wrong")
    raise SystemExit("wrong password accepted")
except imaplib.IMAP4.error as e:
    assert "AUTHENTICATIONFAILED" in str(e), e
typ, _ = m.login("annv@quangngai.gov.vn", password)
assert typ == "OK"
typ, boxes = m.list()
names = [b.decode() for b in boxes]
assert any('"INBOX"' in n or n.endswith(" INBOX") for n in names), names
assert any("\\Sent" in n for n in names) and any("\\Trash" in n for n in names), names
typ, data = m.select("INBOX")
assert typ == "OK" and data == [b"1"], data
typ, data = m.fetch("1", "(UID FLAGS RFC822.SIZE)")
# The invitation was recognised as an official document at delivery: tagged $Official.
assert b"FLAGS ($Official)" in data[0] and b"RFC822.SIZE" in data[0], data
typ, data = m.fetch("1", "(BODY.PEEK[])")
msg = email.message_from_bytes(data[0][1])
assert str(make_header(decode_header(msg["Subject"]))) == "Giấy mời họp", msg["Subject"]
typ, data = m.fetch("1", "(FLAGS)")
assert b"\\Seen" not in data[0], "PEEK must not set \\Seen"
# Header fields, as Thunderbird and Outlook list a mailbox; and a partial body.
typ, data = m.fetch("1", "(BODY.PEEK[HEADER.FIELDS (Subject From)])")
assert data[0][0].endswith(b"BODY[HEADER.FIELDS (Subject From)] {%d}" % len(data[0][1])), data
hdr = data[0][1].decode()
assert hdr.startswith("From: vanthu@danang.gov.vn\r\nSubject: ") and hdr.endswith("\r\n\r\n"), hdr
assert "To:" not in hdr, hdr
typ, data = m.fetch("1", "(BODY.PEEK[TEXT]<0.5>)")
assert b"BODY[TEXT]<0>" in data[0][0] and len(data[0][1]) == 5, data
m.fetch("1", "(BODY[])")
typ, data = m.fetch("1", "(FLAGS)")
assert b"\\Seen" in data[0], data
typ, data = m.uid("FETCH", "1:*", "(FLAGS)")
assert b"UID 1" in data[0], data
# SEARCH with and without diacritics (CHARSET UTF-8 as imaplib sends it).
typ, data = m.search(None, "SUBJECT", '"giay moi"')
assert data == [b"1"], data
m.literal = "Giấy Mời".encode()
typ, data = m.search("UTF-8", "SUBJECT")
assert data == [b"1"], data
typ, data = m.search(None, "UNSEEN")
assert data == [b""], data
typ, data = m.uid("SEARCH", "BODY", '"kinh gui"')
assert data == [b"1"], data
# ESEARCH (RFC 4731): RETURN options.
typ, _ = m._simple_command("SEARCH", "RETURN", "(MIN COUNT)", "ALL")
assert typ == "OK"
typ, data = m._untagged_response(typ, [None], "ESEARCH")
assert b"MIN 1" in data[-1] and b"COUNT 1" in data[-1], data
try:
    m.search(None, "BOGUS")
    raise SystemExit("a bad search key was accepted")
except imaplib.IMAP4.error as e:
    assert "unknown search key" in str(e), e
typ, data = m.select('"Khong co"')
assert typ == "NO", (typ, data)
m.logout()

# Implicit TLS with AUTHENTICATE PLAIN (SASL-IR).
s = imaplib.IMAP4_SSL("127.0.0.1", ssl_port, ssl_context=ctx)
typ, _ = s.authenticate("PLAIN", lambda _: ("\0annv@quangngai.gov.vn\0" + password).encode())
assert typ == "OK"
typ, data = s.select("INBOX", readonly=True)
assert typ == "OK"
s.logout()
print("ok")
"#;

#[test]
fn imaplib_logs_in_over_tls_lists_selects_and_fetches() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEND, &[&server.smtp_port.to_string()]);
    python(
        CLIENT,
        &[
            &server.imap_port.to_string(),
            &server.imaps_port.to_string(),
            PASSWORD,
        ],
    );
    // Logins are counted for the usage reports.
    let store = server.store();
    let annv = store.get_account("annv@quangngai.gov.vn").unwrap().id;
    server.wait_until("the login counts", |s| {
        s.store()
            .usage_between(0, i64::MAX)
            .unwrap()
            .iter()
            .any(|u| u.account == annv && u.logins_imap == 2)
    });
}

const MANAGE: &str = r#"
import imaplib, ssl, sys, time
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("annv@quangngai.gov.vn", password)

def utf7(name):
    # imaplib sends names as given: encode them as modified UTF-7 ourselves.
    out, run = "", ""
    import base64
    def flush():
        nonlocal out, run
        if run:
            b = base64.b64encode(run.encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out += "&" + b + "-"
            run = ""
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out += "&-" if ch == "&" else ch
        else:
            run += ch
    flush()
    return '"' + out + '"'

folder = "Lưu trữ/2026"
assert m.create(utf7("Lưu trữ"))[0] == "OK"
assert m.create(utf7(folder))[0] == "OK"
assert m.create(utf7(folder))[0] == "NO"
typ, boxes = m.list('""', '"*"')
assert any(utf7(folder).strip('"').encode() in b for b in boxes), boxes
# APPEND with flags and a date, into the new folder: APPENDUID comes back.
msg = "From: annv@quangngai.gov.vn\r\nSubject: =?utf-8?b?QsOhbyBjw6Fv?=\r\n\r\nNội dung\r\n".encode()
typ, data = m.append(utf7(folder), "(\\Seen $Official)", imaplib.Time2Internaldate(time.time()), msg)
assert typ == "OK" and b"APPENDUID" in data[0], data
typ, data = m.getquotaroot("INBOX")
assert typ == "OK" and b'INBOX ""' in data[0][0] and b"STORAGE" in data[1][0], data
typ, data = m.status(utf7(folder), "(MESSAGES UNSEEN UIDNEXT)")
assert b"MESSAGES 1" in data[0] and b"UNSEEN 0" in data[0], data
# STORE, COPY, MOVE, EXPUNGE in INBOX (two messages delivered by SMTP).
m.select("INBOX")
typ, data = m.store("1:2", "+FLAGS", "(\\Flagged)")
assert typ == "OK" and len(data) == 2 and b"\\Flagged" in data[0], data
typ, data = m.uid("COPY", "1", "Archive")
assert typ == "OK", data
typ, data = m.uid("MOVE", "2", "Trash")
assert typ == "OK", data
typ, data = m.status("INBOX", "(MESSAGES)")
assert b"MESSAGES 1" in data[0], data
m.store("1", "+FLAGS.SILENT", "(\\Deleted)")
typ, data = m.expunge()
# imaplib also returns the EXPUNGE that MOVE reported earlier.
assert typ == "OK" and data == [b"2", b"1"], data
typ, data = m.status("Trash", "(MESSAGES)")
assert b"MESSAGES 1" in data[0], data
typ, data = m.copy("1", "Khong ton tai")
assert typ == "NO"
assert m.rename(utf7(folder), utf7("Lưu trữ/2025"))[0] == "OK"
assert m.delete(utf7("Lưu trữ/2025"))[0] == "OK"
m.logout()
print("ok")
"#;

#[test]
fn imaplib_manages_mailboxes_and_messages() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEND, &[&server.smtp_port.to_string()]);
    python(SEND, &[&server.smtp_port.to_string()]);
    python(MANAGE, &[&server.imaps_port.to_string(), PASSWORD]);
    let store = server.store();
    let annv = store.get_account("annv@quangngai.gov.vn").unwrap();
    let names: Vec<String> = store
        .list_mailboxes(annv.id)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert!(names.contains(&"Lưu trữ".to_string()), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("Lưu trữ/")),
        "{names:?}"
    );
    let archive = store.get_mailbox(annv.id, "Archive").unwrap();
    assert_eq!(archive.messages, 1);
    server.govmail(&["check"]);
    // A full mailbox refuses APPEND with OVERQUOTA (RFC 9208 §4), and GETQUOTA agrees with
    // `govmail user show`.
    server.govmail(&[
        "user",
        "quota",
        "set",
        "annv@quangngai.gov.vn",
        "2KiB",
        "--messages",
        "50",
    ]);
    python(OVER_QUOTA, &[&server.imaps_port.to_string(), PASSWORD]);
}

const OVER_QUOTA: &str = r#"
import imaplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ctx)
m.login("annv@quangngai.gov.vn", sys.argv[2])
typ, data = m.getquota('""')
assert typ == "OK" and b"STORAGE" in data[0], data
assert b"MESSAGE" in data[0] and b"50" in data[0], data
typ, data = m.append("INBOX", None, None, b"Subject: big" + bytes([13, 10, 13, 10]) + b"x" * 4000)
assert typ == "NO" and b"OVERQUOTA" in data[0], (typ, data)
m.logout()
"#;

const IDLE: &str = r#"
import imaplib, smtplib, ssl, sys, time
imaps, smtp, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=ctx)
assert "IDLE" in m.capabilities
m.login("annv@quangngai.gov.vn", password)
m.select("INBOX")
# A second session changes a flag while the first one idles.
other = imaplib.IMAP4_SSL("127.0.0.1", imaps, ssl_context=ctx)
other.login("annv@quangngai.gov.vn", password)
other.select("INBOX")
m.send(b"i1 IDLE\r\n")
assert m.readline().startswith(b"+"), "no continuation"
m.sock.settimeout(10)
started = time.time()
s = smtplib.SMTP("127.0.0.1", smtp, timeout=30)
s.sendmail("vanthu@danang.gov.vn", ["annv@quangngai.gov.vn"], b"Subject: moi\r\n\r\nx\r\n")
s.quit()
line = m.readline()
assert line == b"* 2 EXISTS\r\n", line
print("delivery seen after %.3f s" % (time.time() - started))
other.store("1", "+FLAGS", "(\\Flagged)")
line = m.readline()
assert line.startswith(b"* 1 FETCH") and b"\\Flagged" in line, line
m.send(b"DONE\r\n")
line = m.readline()
assert line.startswith(b"i1 OK"), line
m.logout(); other.logout()
"#;

#[test]
fn an_idle_session_sees_deliveries_and_other_sessions_changes() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEND, &[&server.smtp_port.to_string()]);
    python(
        IDLE,
        &[
            &server.imaps_port.to_string(),
            &server.smtp_port.to_string(),
            PASSWORD,
        ],
    );
}

/// SORT (RFC 5256) and SORT=DISPLAY (RFC 5957) as imaplib sends them.
const SORT: &str = r#"
import imaplib, ssl, sys
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("annv@quangngai.gov.vn", password)
assert "SORT" in m.capabilities and "SORT=DISPLAY" in m.capabilities, m.capabilities
m.create("Sort")
msgs = [
    ("Re: Báo cáo tuần", "Trần Bình <binh@x.gov.vn>", "Mon, 02 Nov 2026 09:00:00 +0700", 400),
    ("Giấy mời họp", "An Nguyễn <an@x.gov.vn>", "Tue, 03 Nov 2026 09:00:00 +0700", 100),
    ("Ánh sáng xanh", "Zung <zung@x.gov.vn>", "Sun, 01 Nov 2026 09:00:00 +0700", 250),
    ("TL: Giấy mời họp", "Cường <cuong@x.gov.vn>", "Wed, 04 Nov 2026 09:00:00 +0700", 50),
]
for i, (subject, sender, date, pad) in enumerate(msgs):
    body = "x" * pad
    raw = ("From: %s\r\nTo: annv@quangngai.gov.vn\r\nSubject: %s\r\nDate: %s\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n" % (sender, subject, date, body))
    arrival = imaplib.Time2Internaldate(1_790_000_000 + 60 * i)
    typ, _ = m.append("Sort", None, arrival, raw.encode())
    assert typ == "OK"
m.select("Sort")
def order(criteria, *search):
    typ, data = m.sort(criteria, "UTF-8", *(search or ("ALL",)))
    assert typ == "OK", (typ, data)
    return [int(n) for n in data[0].split()]
assert order("(DATE)") == [3, 1, 2, 4], order("(DATE)")
assert order("(REVERSE DATE)") == [4, 2, 1, 3]
# Base subjects: "Re:" and the Vietnamese "TL:" are ignored; "Ánh" sorts with "Anh".
assert order("(SUBJECT DATE)") == [3, 1, 2, 4], order("(SUBJECT DATE)")
assert order("(FROM)") == [2, 1, 4, 3], order("(FROM)")
assert order("(DISPLAYFROM)") == [2, 4, 1, 3], order("(DISPLAYFROM)")
assert order("(SIZE)") == [4, 2, 3, 1], order("(SIZE)")
# With search keys, diacritics-insensitive; UID SORT answers UIDs.
assert order("(REVERSE ARRIVAL)", 'SUBJECT "giay moi"') == [4, 2]
typ, data = m.uid("SORT", "(SUBJECT)", "UTF-8", "ALL")
uids = [int(n) for n in data[0].split()]
typ, data = m.fetch("1:*", "(UID)")
by_seq = [int(d.split(b"UID ")[1].rstrip(b")")) for d in data]
assert uids == [by_seq[i - 1] for i in [3, 1, 2, 4]], (uids, by_seq)
try:
    m.sort("(COLOR)", "UTF-8", "ALL")
    raise SystemExit("bad criterion accepted")
except imaplib.IMAP4.error as e:
    assert "unknown sort criterion" in str(e), e
m.logout()
"#;

#[test]
fn imaplib_sorts_by_date_subject_sender_and_size() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SORT, &[&server.imaps_port.to_string(), PASSWORD]);
}
