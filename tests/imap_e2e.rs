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
assert b"FLAGS ($Official \\Recent)" in data[0] and b"RFC822.SIZE" in data[0], data
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
            .any(|u| u.account == annv && u.totals.logins_imap == 2)
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
# The mailbox is empty now: a UID set may name nothing, the destination is still checked.
typ, data = m.uid("COPY", "1:*", '"Khong ton tai"')
assert typ == "NO" and b"[TRYCREATE]" in data[0], data
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
        .list_mailboxes(annv.id, storage::Counts::With)
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
# This session heard of it first: it is \Recent here (RFC 3501 §2.3.2), with the first.
line = m.readline()
assert line == b"* 2 RECENT\r\n", line
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
# Base subjects (RFC 5256 §2.1): "Re:" goes, the Vietnamese "TL:" stays (not a marker the RFC
# strips); i;unicode-casemap puts "Ánh" (A + combining acute) before "Báo".
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

/// A multipart Vietnamese message whose part bytes the script knows exactly; delivered over
/// SMTP, then read back part by part with imaplib, ENVELOPE and BODYSTRUCTURE parsed and
/// checked field by field.
const STRUCTURE: &str = r#"
import base64, imaplib, quopri, re, smtplib, ssl, sys
smtp_port, port, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

def crlf(b):
    return b.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

text = "Kính gửi các đơn vị,\nĐề nghị cử đại diện dự họp.\nTrân trọng.\n".encode()
html = "<p>Kính gửi các đơn vị,</p><p>Trân trọng.</p>".encode()
pdf = b"%PDF-1.4\n% Giay moi hop\n%%EOF\n"
text_body = crlf(quopri.encodestring(text)).rstrip(b"\r\n")
html_body = crlf(base64.encodebytes(html)).rstrip(b"\r\n")
pdf_body = crlf(base64.encodebytes(pdf)).rstrip(b"\r\n")
text_hdr = b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
html_hdr = b"Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n"
alt = (b"--alt\r\n" + text_hdr + b"\r\n" + text_body + b"\r\n--alt\r\n" + html_hdr + b"\r\n"
       + html_body + b"\r\n--alt--")
part1_hdr = b"Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
part2_hdr = (b"Content-Type: application/pdf; name=\"giaymoi.pdf\"\r\n"
             b"Content-Disposition: attachment;\r\n filename*=utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.pdf\r\n"
             b"Content-Transfer-Encoding: base64\r\n")
subject = b"=?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di_h=E1=BB=8Dp?="
sender_name = b"=?UTF-8?B?VsSDbiB0aMawIFPhu58gVFQmVFQ=?="
date = b"Tue, 03 Nov 2026 08:00:00 +0700"
raw = (b"From: " + sender_name + b" <vanthu@danang.gov.vn>\r\n"
       b"To: annv@quangngai.gov.vn, \"Tran, B\" <b@quangngai.gov.vn>\r\n"
       b"Subject: " + subject + b"\r\nDate: " + date + b"\r\n"
       b"Message-ID: <e2e-structure@danang.gov.vn>\r\nMIME-Version: 1.0\r\n"
       b"Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
       b"--mix\r\n" + part1_hdr + b"\r\n" + alt + b"\r\n--mix\r\n" + part2_hdr + b"\r\n"
       + pdf_body + b"\r\n--mix--\r\n")
s = smtplib.SMTP("127.0.0.1", smtp_port, timeout=30)
s.sendmail("vanthu@danang.gov.vn", ["annv@quangngai.gov.vn"], raw)
s.quit()

def parse(data):
    """An IMAP response line (no literals here) as nested lists; NIL is None."""
    tokens = re.findall(rb'\(|\)|"(?:[^"\\]|\\.)*"|[^\s()"]+', data)
    def value(i):
        t = tokens[i]
        if t == b"(":
            out, i = [], i + 1
            while tokens[i] != b")":
                v, i = value(i)
                out.append(v)
            return out, i + 1
        if t.startswith(b'"'):
            return re.sub(rb'\\(.)', rb'\1', t[1:-1]), i + 1
        if t == b"NIL":
            return None, i + 1
        return (int(t) if t.isdigit() else t), i + 1
    return value(0)[0]

ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4("127.0.0.1", port)
m.starttls(ssl_context=ctx)
m.login("annv@quangngai.gov.vn", password)
m.select("INBOX")
typ, data = m.fetch("1", "(ENVELOPE BODYSTRUCTURE)")
assert typ == "OK" and len(data) == 1, data
line = data[0]
assert isinstance(line, bytes), data
items = parse(line[line.index(b"("):])
fields = dict(zip(items[::2], items[1::2]))

env = fields[b"ENVELOPE"]
assert len(env) == 10, env
assert env[0] == date, env[0]
assert env[1] == subject, env[1]
vanthu = [[sender_name, None, b"vanthu", b"danang.gov.vn"]]
assert env[2] == vanthu, env[2]
assert env[3] == vanthu and env[4] == vanthu, env   # Sender, Reply-To default to From
assert env[5] == [[None, None, b"annv", b"quangngai.gov.vn"], [b"Tran, B", None, b"b", b"quangngai.gov.vn"]], env[5]
assert env[6] is None and env[7] is None and env[8] is None, env
assert env[9] == b"<e2e-structure@danang.gov.vn>", env[9]

bs = fields[b"BODYSTRUCTURE"]
alt_part, pdf_part, subtype, params, dsp, lang, loc = bs
assert subtype == b"mixed" and params == [b"boundary", b"mix"], bs
assert dsp is None and lang is None and loc is None, bs
plain, html_part, alt_sub, alt_params = alt_part[:4]
assert alt_sub == b"alternative" and alt_params == [b"boundary", b"alt"], alt_part
assert plain[:7] == [b"text", b"plain", [b"charset", b"utf-8"], None, None, b"quoted-printable", len(text_body)], plain
assert plain[7] == text_body.count(b"\n"), plain
assert plain[8:] == [None, None, None, None], plain
assert html_part[:7] == [b"text", b"html", [b"charset", b"utf-8"], None, None, b"base64", len(html_body)], html_part
assert html_part[7] == html_body.count(b"\n"), html_part
assert pdf_part[:7] == [b"application", b"pdf", [b"name", b"giaymoi.pdf"], None, None, b"base64", len(pdf_body)], pdf_part
assert pdf_part[7] is None, pdf_part           # MD5
assert pdf_part[8] == [b"attachment", [b"filename*", b"utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.pdf"]], pdf_part
assert pdf_part[9:] == [None, None], pdf_part

def section(spec):
    typ, data = m.fetch("1", "(BODY.PEEK[%s])" % spec)
    assert typ == "OK", data
    label = spec.split("]")[0].split("<")[0]
    head, body = data[0]
    assert b"BODY[" + label.encode() + b"]" in head, (spec, head)
    return body

assert section("2") == pdf_body
assert base64.b64decode(section("2")) == pdf
assert section("2.MIME") == part2_hdr + b"\r\n"
typ, data = m.fetch("1", "(BODY.PEEK[1]<0.10>)")
assert b"BODY[1]<0> {10}" in data[0][0] and data[0][1] == alt[:10], data
assert section("1") == alt
assert section("1.1") == text_body
# The CRLF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
assert quopri.decodestring(section("1.1")) == crlf(text)[:-2]
assert base64.b64decode(section("1.2")) == html
assert section("1.2.MIME") == html_hdr + b"\r\n"
typ, data = m.fetch("1", "(BINARY.PEEK[2] BINARY.SIZE[1.1])")
assert typ == "OK" and data[0][1] == pdf, data
assert b"BINARY.SIZE[1.1] %d" % (len(crlf(text)) - 2) in data[1], data
typ, data = m.fetch("1", "(FLAGS)")
assert b"\\Seen" not in data[0], data
m.logout()
print("ok")
"#;

#[test]
fn imaplib_reads_envelope_bodystructure_and_parts_of_a_delivered_message() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(
        STRUCTURE,
        &[
            &server.smtp_port.to_string(),
            &server.imap_port.to_string(),
            PASSWORD,
        ],
    );
}

/// Every RFC 9051 search key, over messages whose text is only readable once decoded (base64
/// body, HTML, a text attachment, RFC 2047 headers): the full-text index must find decoded
/// text with and without diacritics and never the encoded bytes.
const SEARCH: &str = r#"
import base64, imaplib, ssl, sys
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("annv@quangngai.gov.vn", password)
m.create("Tim")
b64 = base64.b64encode("Kính gửi: Sở Nội vụ\r\nĐề nghị báo cáo số liệu quý IV.\r\n".encode()).decode()
msgs = [
    # 1: base64 UTF-8 body, RFC 2047 subject, a Bcc and an X- header.
    ("From: =?UTF-8?B?VsSDbiB0aMawIFPhu58=?= <vanthu@danang.gov.vn>\r\nTo: annv@quangngai.gov.vn\r\n"
     "Cc: ngocttb@quangngai.gov.vn\r\nBcc: =?UTF-8?Q?L=C3=AA_V=C4=83n_B?= <lvb@quangngai.gov.vn>\r\n"
     "Subject: =?UTF-8?B?R2nhuqV5IG3hu51pIGjhu41w?=\r\nX-Priority: 1 (Highest)\r\n"
     "Date: Mon, 02 Nov 2026 09:00:00 +0700\r\nMIME-Version: 1.0\r\n"
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n"),
    # 2: HTML only, with an attached text file.
    ("From: binh@x.gov.vn\r\nTo: annv@quangngai.gov.vn\r\nSubject: Lich cong tac tuan 45\r\n"
     "Date: Wed, 04 Nov 2026 09:00:00 +0700\r\nMIME-Version: 1.0\r\n"
     "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
     "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Th&#7913; <b>Hai</b>: h&#7885;p giao ban</p>\r\n--b\r\n"
     "Content-Type: text/plain; charset=utf-8; name=\"ds.txt\"\r\nContent-Disposition: attachment; filename=\"ds.txt\"\r\n\r\n"
     "Danh sach: Tran Thi Ngoc Anh\r\n--b--\r\n"),
    # 3: short, plain, a word of two letters.
    ("From: an@x.gov.vn\r\nTo: annv@quangngai.gov.vn\r\nSubject: ok\r\n"
     "Date: Fri, 06 Nov 2026 09:00:00 +0700\r\n\r\nxy\r\n"),
]
for i, raw in enumerate(msgs):
    flags = "(\\Flagged $Official)" if i == 0 else None
    typ, _ = m.append("Tim", flags, imaplib.Time2Internaldate(1_793_600_000 + 86400 * i), raw.encode())
    assert typ == "OK"
m.select("Tim")
def s(*keys, uid=False):
    if uid:
        typ, data = m.uid("SEARCH", "CHARSET", "UTF-8", *keys)
    else:
        typ, data = m.search("UTF-8", *keys)
    assert typ == "OK", (typ, data, keys)
    return [int(n) for n in data[0].split()]
def lit(keys, text):
    m.literal = text.encode()
    return s(*keys)
assert s("SUBJECT", '"giay moi"') == [1]
assert lit(["SUBJECT"], "Giấy mời") == [1]
assert s("FROM", '"van thu so"') == [1]
assert s("CC", "ngocttb") == [1]
assert s("TO", "annv@quangngai") == [1, 2, 3]
# The base64 body is searched decoded, never as its encoded bytes.
assert s("BODY", '"so lieu quy iv"') == [1], s("BODY", '"so lieu quy iv"')
assert lit(["BODY"], "Đề nghị báo cáo") == [1]
assert s("BODY", b64[4:20]) == []
# HTML turned into text, the attached text file, TEXT over header and body.
assert s("BODY", '"thu hai: hop giao ban"') == [2]
assert s("BODY", '"ngoc anh"') == [2]
assert s("TEXT", '"lich cong tac"') == [2]
assert s("TEXT", '"ngoc anh"') == [2]
# Strings too short for the trigram index are still searched.
assert s("BODY", "xy") == [3]
assert s("SUBJECT", "OK") == [3]
# HEADER and BCC read the header; an empty HEADER string finds every message having the field.
assert s("HEADER", "X-Priority", "1") == [1]
assert s("HEADER", "X-Priority", '""') == [1]
assert s("HEADER", "X-Mailer", '""') == []
assert lit(["BCC"], "Lê Văn") == [1]
# Flags, keywords, sizes, dates, sets and logic, combined with text keys.
assert s("FLAGGED", "BODY", '"bao cao"') == [1]
assert s("UNFLAGGED", "BODY", '"bao cao"') == []
assert s("KEYWORD", "$Official") == [1] and s("UNKEYWORD", "$Official") == [2, 3]
assert s("OR", "SUBJECT", '"giay moi"', "BODY", '"ngoc anh"') == [1, 2]
assert s("NOT", "BODY", '"ngoc anh"') == [1, 3]
assert s("SMALLER", "200") == [3] and s("LARGER", "200") == [1, 2]
assert s("SENTBEFORE", "3-Nov-2026") == [1]
assert s("SENTON", "4-Nov-2026") == [2]
assert s("SENTSINCE", "4-Nov-2026") == [2, 3]
assert s("2:3", "TEXT", "tran") == [2]
# This session selected the mailbox first: all three are \Recent here (RFC 3501 §6.4.4).
assert s("RECENT") == [1, 2, 3] and s("OLD") == [] and s("NEW") == s("RECENT", "UNSEEN")
uids = s("ALL", uid=True)
assert s("UID", "%d" % uids[1], "BODY", '"giao ban"', uid=True) == [uids[1]]
# Expunged mail is gone from the answers.
m.store("1", "+FLAGS", "\\Deleted")
m.expunge()
assert s("SUBJECT", '"giay moi"') == [] and s("TEXT", '"ngoc anh"') == [1]
for bad in (("HEADER",), ("SENTON", "31-Feb-x"), ("LARGER", "many")):
    try:
        m.search(None, *bad)
        raise SystemExit("accepted: %r" % (bad,))
    except imaplib.IMAP4.error:
        pass
m.logout()
print("ok")
"#;

#[test]
fn imaplib_searches_with_every_key_through_the_full_text_index() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEARCH, &[&server.imaps_port.to_string(), PASSWORD]);
}

/// Many wrong passwords from one address (here 127.0.0.2, the client socket bound to it: the
/// whole of 127/8 is loopback on Linux) do not lock the owner out of their own address.
const GUESSER: &str = r#"
import imaplib, socket, ssl, sys, threading
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

class From(imaplib.IMAP4):
    def __init__(self, source, *args, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)
    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout,
                                        source_address=(self.source, 0))

def login(source, pw):
    m = From(source, "127.0.0.1", port, timeout=120)
    m.starttls(ssl_context=ctx)
    try:
        typ, _ = m.login("annv@quangngai.gov.vn", pw)
        result = typ
    except imaplib.IMAP4.error as e:
        result = str(e)
    try:
        m.logout()
    except Exception:
        pass
    return result

# The owner logs in from their usual address.
assert login("127.0.0.1", password) == "OK"
# 45 guesses at once from another address (under its cap of 50 IMAP connections): 10 are
# checked, the rest refused unchecked.
results = []
def guess(i):
    results.append(login("127.0.0.2", "doan-%d" % i))
threads = [threading.Thread(target=guess, args=(i,)) for i in range(45)]
for t in threads: t.start()
for t in threads: t.join()
# The owner still gets in from their address...
owner = login("127.0.0.1", password)
assert owner == "OK", owner
# ...while the guesser's address is refused, even with the right password.
assert "[UNAVAILABLE]" in login("127.0.0.2", password)
failed = sum("AUTHENTICATIONFAILED" in r for r in results)
refused = sum("[UNAVAILABLE] too many failed logins" in r for r in results)
assert (failed, refused) == (10, 35), results
print("ok")
"#;

#[test]
fn many_failures_from_another_address_do_not_lock_the_owner_out() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(GUESSER, &[&server.imap_port.to_string(), PASSWORD]);
    assert_eq!(server.log_count("IMAP login failed"), 10);
    // The refusals unchecked say whose account and why (throttled).
    let throttled = server.log_count("account=annv@quangngai.gov.vn reason=throttled");
    assert!(throttled >= 35, "{throttled}");
}
