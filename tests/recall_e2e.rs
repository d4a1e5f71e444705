//! End-to-end recall of official documents (Nghị định 30/2020 Điều 18.4b; issue 22 item 4):
//! the sender moves the sent copy into "Thu hồi" with Python's imaplib; the recipients' copies
//! disappear (their IMAP sessions see the EXPUNGE), they are told, the sender gets the
//! confirmation, the register records it; a second govmail over the relay route honours the
//! DKIM-signed recall notice and refuses forged ones; recalls that are not allowed are
//! refused with a reply.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Child, Command, Stdio};

use common::{PASSWORD, Server, free_port, govmail, govmail_with_input, python, smtp_deliver};

/// Shared Python helpers: modified UTF-7 for mailbox names (RFC 3501 §5.1.3), logins.
const HELPERS: &str = r#"
import base64, imaplib, smtplib, ssl, sys, time
from email.message import EmailMessage

def mutf7(s):
    out, buf = [], []
    def flush():
        if buf:
            b = ''.join(buf).encode('utf-16-be')
            out.append('&' + base64.b64encode(b).decode().rstrip('=').replace('/', ',') + '-')
            buf.clear()
    for c in s:
        if 0x20 <= ord(c) <= 0x7e:
            flush()
            out.append('&-' if c == '&' else c)
        else:
            buf.append(c)
    flush()
    return ''.join(out)

RECALL = mutf7('Thu hồi')

def imap(port, login, password):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    m = imaplib.IMAP4_SSL('127.0.0.1', int(port), ssl_context=ctx, timeout=30)
    m.login(login, password)
    return m

def document(sender, rcpts, subject, number, msgid):
    msg = EmailMessage()
    msg['From'] = 'Nguyễn Văn An <%s>' % sender
    msg['To'] = rcpts
    msg['Subject'] = subject
    msg['Message-ID'] = '<%s>' % msgid
    body = ('UBND TỈNH QUẢNG NGÃI\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n\nSố: %s\n'
            'Quảng Ngãi, ngày 04 tháng 09 năm 2026\n\nGIẤY MỜI\nDự Hội nghị triển khai nhiệm vụ '
            'chuyển đổi số năm 2027\n\nKính gửi: Các phòng, đơn vị thuộc Sở.\n' % number) if number else \
           'Chào chị, chiều nay đi ăn trưa không?\n'
    msg.set_content(body)
    return msg

def submit(port, login, password, msg):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s = smtplib.SMTP('127.0.0.1', int(port), timeout=30)
    s.starttls(context=ctx)
    s.login(login, password)
    refused = s.send_message(msg)
    assert refused == {}, refused
    s.quit()

def wait_count(m, mailbox, n):
    for _ in range(300):
        typ, data = m.select(mailbox)
        assert typ == 'OK', data
        if int(data[0]) >= n:
            return
        time.sleep(0.1)
    raise AssertionError('%s never had %d messages' % (mailbox, n))

def put_in_recall(m, mailbox, how):
    """The sender's client: the (last) message of `mailbox` copied or moved into Thu hồi."""
    typ, data = m.select(mailbox)
    assert typ == 'OK', data
    n = data[0].decode()
    typ, data = m.list('""', '*')
    assert typ == 'OK', data
    recall_lines = [l.decode() for l in data if RECALL.encode() in l]
    assert len(recall_lines) == 1 and '\\X-Recall' in recall_lines[0], data
    typ, data = m._simple_command(how, n, '"%s"' % RECALL)
    assert typ == 'OK', (typ, data)
"#;

/// argv: submission port, imap port, domain, password, Message-ID, how (MOVE|COPY).
/// annv sends "Giấy mời số 45/GM-UBND" to ngocttb@ and lehv@; ngocttb keeps a session on
/// her INBOX; annv appends the sent copy to Sent (as clients do) and moves it into Thu hồi;
/// ngocttb's session must see the EXPUNGE.
const RECALL_LOCAL: &str = r#"
sub, imap_port, domain, password, msgid, how = sys.argv[1:7]
annv, ngoc, le = ('%s@%s' % (l, domain) for l in ('annv', 'ngocttb', 'lehv'))
msg = document(annv, '%s, %s' % (ngoc, le), 'Giấy mời số 45/GM-UBND dự Hội nghị chuyển đổi số', '45/GM-UBND', msgid)
submit(sub, annv, password, msg)
reader = imap(imap_port, ngoc, password)
wait_count(reader, 'INBOX', 1)
sender = imap(imap_port, annv, password)
typ, data = sender.append('Sent', '(\\Seen)', None, msg.as_bytes())
assert typ == 'OK', data
put_in_recall(sender, 'Sent', how)
seen = False
for _ in range(300):
    typ, data = reader.noop()
    if reader.untagged_responses.get('EXPUNGE') or reader.untagged_responses.get('VANISHED'):
        seen = True
        break
    time.sleep(0.1)
assert seen, 'the recipient session never saw the expunge'
typ, data = reader.select('INBOX')
reader.logout()
sender.logout()
"#;

/// argv: submission port, imap port, domain, password. Two recalls that must be refused:
/// annv's ordinary (not official) message, and ngocttb putting annv's document (which she
/// received) into her own Thu hồi.
const RECALL_REFUSED: &str = r#"
sub, imap_port, domain, password = sys.argv[1:5]
annv, ngoc = ('%s@%s' % (l, domain) for l in ('annv', 'ngocttb'))
plain = document(annv, ngoc, 'Ăn trưa', None, 'plain.1@' + domain)
submit(sub, annv, password, plain)
official = document(annv, ngoc, 'Giấy mời số 46/GM-UBND họp giao ban', '46/GM-UBND', 'gm46.1@' + domain)
submit(sub, annv, password, official)
sender = imap(imap_port, annv, password)
typ, data = sender.append('Sent', '(\\Seen)', None, plain.as_bytes())
assert typ == 'OK', data
put_in_recall(sender, 'Sent', 'MOVE')
reader = imap(imap_port, ngoc, password)
wait_count(reader, 'INBOX', 2)
put_in_recall(reader, 'INBOX', 'COPY')
"#;

fn add_user(server: &Server, name: &str, local: &str, domain: &str) {
    govmail(
        &server.root,
        &["user", "add", name, "--agency", "STTTT", "--address", local],
    );
    govmail_with_input(
        &server.root,
        &[
            "user",
            "passwd",
            &format!("{local}@{domain}"),
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
}

fn run(script: &str, args: &[&str]) {
    python(&format!("{HELPERS}\n{script}"), args);
}

/// The subjects in an account's INBOX.
fn has_subject(server: &Server, address: &str, needle: &str) -> bool {
    server.subjects(address).iter().any(|s| s.contains(needle))
}

fn inbox_text(server: &Server, address: &str, subject: &str) -> String {
    let store = server.store();
    let account = store.get_account(address).unwrap();
    let inbox = store.get_mailbox(account.id, "INBOX").unwrap();
    for m in store.messages(account.id, inbox.id, 1..=u32::MAX).unwrap() {
        if m.meta.subject.as_deref().unwrap_or("").contains(subject) {
            let raw = store.read_message(account.id, inbox.id, m.uid).unwrap();
            let parsed = mail_parser::MessageParser::new().parse(&raw).unwrap();
            return parsed.body_text(0).unwrap_or_default().into_owned();
        }
    }
    panic!("no message {subject:?} in {address}'s INBOX");
}

fn local_recall(how: &str) {
    let domain = "quangngai.gov.vn";
    let server = Server::create(domain, |c| c);
    add_user(&server, "Lê Hoàng Việt", "lehv", domain);
    let server = server.spawn();
    let msgid = format!("gm45.{}@{domain}", how.to_lowercase());
    run(
        RECALL_LOCAL,
        &[
            &server.submission_port.to_string(),
            &server.imaps_port.to_string(),
            domain,
            PASSWORD,
            &msgid,
            how,
        ],
    );
    let (annv, ngoc, le) = (
        format!("annv@{domain}"),
        format!("ngocttb@{domain}"),
        format!("lehv@{domain}"),
    );
    for r in [&ngoc, &le] {
        server.wait_until("the recipient's notice", |s| {
            has_subject(s, r, "Văn bản số 45/GM-UBND đã bị thu hồi")
        });
        // The document itself is gone from the INBOX, kept in the hidden recall area.
        assert!(
            !has_subject(&server, r, "dự Hội nghị"),
            "{:?}",
            server.subjects(r)
        );
        let store = server.store();
        let id = store.get_account(r).unwrap().id;
        assert_eq!(store.recalled_copies(id).unwrap().len(), 1);
        assert!(
            !store
                .list_mailboxes(id, storage::Counts::Without)
                .unwrap()
                .iter()
                .any(|m| m.special_use.as_deref() == Some(storage::RECALLED_ATTRIBUTE)),
            "the recall area is listed"
        );
    }
    server.wait_until("the sender's confirmation", |s| {
        has_subject(s, &annv, "Xác nhận thu hồi: Văn bản số 45/GM-UBND")
    });
    let confirmation = inbox_text(&server, &annv, "Xác nhận thu hồi");
    assert!(
        confirmation.contains(&ngoc) && confirmation.contains(&le),
        "{confirmation}"
    );
    let docs = server.store().recallable(&msgid, true).unwrap();
    assert_eq!(docs.len(), 1);
    assert!(docs[0].recalled_at.is_some());
    assert_eq!(docs[0].recalled_by.as_deref(), Some(annv.as_str()));
    // The exchange register's entry (what `govmail report documents` reads) says so too.
    let register = server.store().documents_between(0, i64::MAX).unwrap();
    let entry = register
        .iter()
        .find(|d| d.number.as_deref() == Some("45/GM-UBND"))
        .expect("the register entry");
    assert!(entry.recalled_at.is_some(), "{entry:?}");
    assert_eq!(entry.recalled_by.as_deref(), Some(annv.as_str()));
    assert!(server.log_count("official document recalled") >= 1);
    server.govmail(&["check"]);
    let listed = server.govmail(&["recall", "--list"]);
    assert!(listed.contains("done"), "{listed}");
}

#[test]
fn moving_the_sent_copy_into_thu_hoi_recalls_it_from_local_recipients() {
    local_recall("MOVE");
}

#[test]
fn copying_the_sent_copy_into_thu_hoi_recalls_it_too() {
    local_recall("COPY");
}

#[test]
fn recalls_of_ordinary_mail_and_of_someone_elses_document_are_refused() {
    let domain = "quangngai.gov.vn";
    let server = Server::start(domain, |c| c);
    run(
        RECALL_REFUSED,
        &[
            &server.submission_port.to_string(),
            &server.imaps_port.to_string(),
            domain,
            PASSWORD,
        ],
    );
    let (annv, ngoc) = (format!("annv@{domain}"), format!("ngocttb@{domain}"));
    server.wait_until("annv's refusal", |s| {
        has_subject(s, &annv, "Không thu hồi được thư")
    });
    server.wait_until("ngocttb's refusal", |s| {
        has_subject(s, &ngoc, "Không thu hồi được thư")
    });
    let to_annv = inbox_text(&server, &annv, "Không thu hồi được thư");
    assert!(
        to_annv.contains("không phải là văn bản hành chính"),
        "{to_annv}"
    );
    let to_ngoc = inbox_text(&server, &ngoc, "Không thu hồi được thư");
    assert!(
        to_ngoc.contains(&format!("văn bản do {annv} gửi")),
        "{to_ngoc}"
    );
    // Nothing was taken out of ngocttb's INBOX.
    assert!(has_subject(&server, &ngoc, "Ăn trưa"));
    assert!(has_subject(&server, &ngoc, "Giấy mời số 46/GM-UBND"));
    assert!(!has_subject(&server, &ngoc, "đã bị thu hồi"));
    let docs = server
        .store()
        .recallable(&format!("gm46.1@{domain}"), true)
        .unwrap();
    assert!(docs[0].recalled_at.is_none());
    assert_eq!(server.log_count("recall refused"), 2);
}

#[test]
fn the_cli_recalls_for_the_van_thu_and_refuses_others() {
    let domain = "quangngai.gov.vn";
    let server = Server::start(domain, |c| c);
    let annv = format!("annv@{domain}");
    let ngoc = format!("ngocttb@{domain}");
    run(
        r#"
sub, domain, password = sys.argv[1:4]
submit(sub, 'annv@' + domain, password, document('annv@' + domain, 'ngocttb@' + domain,
       'Giấy mời số 47/GM-UBND', '47/GM-UBND', 'gm47@' + domain))
"#,
        &[&server.submission_port.to_string(), domain, PASSWORD],
    );
    server.wait_until("the document recorded", |s| {
        !s.store()
            .recallable("gm47@quangngai.gov.vn", true)
            .unwrap()
            .is_empty()
    });
    // ngocttb is neither the sender nor a văn thư of its agency.
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args([
            "recall",
            "--message-id",
            "<gm47@quangngai.gov.vn>",
            "--by",
            &ngoc,
        ])
        .env("GOVMAIL_CONFIG", server.root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("may not recall"));
    // A văn thư: granted on the agency's unit mailbox.
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
    server.govmail(&["user", "grant", &format!("vanthu@{domain}"), &ngoc]);
    // The request is durable: written while the server is down (kill -9), carried out when
    // it is back.
    let mut server = server;
    server.stop();
    server.govmail(&[
        "recall",
        "--message-id",
        "<gm47@quangngai.gov.vn>",
        "--by",
        &ngoc,
    ]);
    let server = server.spawn();
    server.wait_until("the notice", |s| {
        has_subject(s, &ngoc, "Văn bản số 47/GM-UBND đã bị thu hồi")
    });
    assert!(!has_subject(&server, &ngoc, "Giấy mời số 47"));
    server.wait_until("the confirmation to the sender", |s| {
        has_subject(s, &annv, "Xác nhận thu hồi")
    });
}

/// A DNS server for one TXT record (the sender's DKIM key), answering NXDOMAIN to anything
/// else: argv = port, name, text.
const DNS: &str = r#"
import socket, sys
port, name, txt = int(sys.argv[1]), sys.argv[2].lower().rstrip('.'), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', port))
print('ready', flush=True)
while True:
    data, addr = s.recvfrom(4096)
    if len(data) < 12:
        continue
    i, labels = 12, []
    while i < len(data) and data[i] != 0:
        n = data[i]
        labels.append(data[i + 1:i + 1 + n].decode('ascii', 'replace'))
        i += 1 + n
    i += 1
    qtype = int.from_bytes(data[i:i + 2], 'big')
    question = data[12:i + 4]
    rd = data[2] & 1
    if '.'.join(labels).lower() == name and qtype == 16:
        rdata = b''.join(bytes([len(txt[j:j + 255])]) + txt[j:j + 255] for j in range(0, len(txt), 255))
        answer = b'\xc0\x0c\x00\x10\x00\x01\x00\x00\x00\x3c' + len(rdata).to_bytes(2, 'big') + rdata
        s.sendto(data[:2] + bytes([0x84 | rd, 0x80]) + b'\x00\x01\x00\x01\x00\x00\x00\x00' + question + answer, addr)
    else:
        s.sendto(data[:2] + bytes([0x84 | rd, 0x83]) + b'\x00\x01\x00\x00\x00\x00\x00\x00' + question, addr)
"#;

struct Dns(Child);

impl Drop for Dns {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dns_server(port: u16, name: &str, txt: &str) -> Dns {
    let mut child = Command::new("python3")
        .args(["-c", DNS, &port.to_string(), name, txt])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is required");
    common::wait_for_line(child.stdout.take().unwrap(), "ready");
    Dns(child)
}

/// The TXT text of `govmail dkim generate`'s record: its quoted strings, joined.
fn record_text(output: &str) -> String {
    let line = output
        .lines()
        .find(|l| l.contains("IN TXT"))
        .expect("a TXT record");
    line.split('"').skip(1).step_by(2).collect()
}

#[test]
fn a_second_govmail_honours_a_signed_recall_and_refuses_forged_ones() {
    let dns_port = free_port();
    let peer = Server::start("danang.gov.vn", |c| {
        c.replace(
            "# dns_resolver = \"127.0.0.1:53\"",
            &format!("dns_resolver = \"127.0.0.1:{dns_port}\""),
        )
    });
    let sender = Server::create("quangngai.gov.vn", |c| {
        let c = c.replace(
            "retry_max = \"4h\"",
            "retry_max = \"4h\"\npoll_interval = \"200ms\"",
        );
        format!(
            "{c}\n[relay.routes]\n\"danang.gov.vn\" = \"127.0.0.1:{}\"\n",
            peer.smtp_port
        )
    });
    let record = sender.govmail(&["dkim", "generate", "quangngai.gov.vn"]);
    let _dns = dns_server(
        dns_port,
        "govmail._domainkey.quangngai.gov.vn",
        &record_text(&record),
    );
    let sender = sender.spawn();
    let remote = "ngocttb@danang.gov.vn";
    run(
        r#"
sub, password, msgid = sys.argv[1:4]
submit(sub, 'annv@quangngai.gov.vn', password, document('annv@quangngai.gov.vn',
       'ngocttb@danang.gov.vn', 'Giấy mời số 48/GM-UBND', '48/GM-UBND', msgid))
"#,
        &[
            &sender.submission_port.to_string(),
            PASSWORD,
            "gm48@quangngai.gov.vn",
        ],
    );
    peer.wait_until("the relayed document", |p| {
        has_subject(p, remote, "Giấy mời số 48/GM-UBND")
    });
    peer.wait_until("the document recorded at delivery", |p| {
        !p.store()
            .recallable("gm48@quangngai.gov.vn", false)
            .unwrap()
            .is_empty()
    });
    // Forged: the right From but no signature; and someone else, not the sender.
    let forged_from = |from: &str, id: &str| {
        format!(
            "From: {from}\r\nTo: {remote}\r\nSubject: Thu hồi: Văn bản số 48/GM-UBND\r\n\
             Message-ID: <{id}@x>\r\nX-Govmail-Recall: <gm48@quangngai.gov.vn>\r\n\r\n\
             Thu hồi văn bản.\r\n"
        )
    };
    for (from, id) in [
        ("annv@quangngai.gov.vn", "forged1"),
        ("kethu@danang.gov.vn", "forged2"),
    ] {
        smtp_deliver(
            peer.smtp_port,
            from,
            remote,
            &[forged_from(from, id).as_bytes()],
        );
    }
    assert_eq!(peer.log_count("recall notice refused"), 2);
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert!(has_subject(&peer, remote, "Giấy mời số 48/GM-UBND"));
    let forged = peer
        .inbox(remote)
        .into_iter()
        .filter(|m| String::from_utf8_lossy(m).contains("X-Govmail-Recall-Refused:"))
        .count();
    assert_eq!(forged, 2);

    // The real one: the sent copy moved into Thu hồi on the sender's server.
    run(
        r#"
imap_port, password, msgid = sys.argv[1:4]
m = imap(imap_port, 'annv@quangngai.gov.vn', password)
msg = document('annv@quangngai.gov.vn', 'ngocttb@danang.gov.vn', 'Giấy mời số 48/GM-UBND', '48/GM-UBND', msgid)
typ, data = m.append('Sent', '(\\Seen)', None, msg.as_bytes())
assert typ == 'OK', data
put_in_recall(m, 'Sent', 'MOVE')
"#,
        &[
            &sender.imaps_port.to_string(),
            PASSWORD,
            "gm48@quangngai.gov.vn",
        ],
    );
    peer.wait_until("the recall carried out", |p| {
        has_subject(p, remote, "Văn bản số 48/GM-UBND đã bị thu hồi")
    });
    assert!(!has_subject(&peer, remote, "Giấy mời số 48/GM-UBND"));
    assert_eq!(peer.log_count("recall notice accepted"), 1);
    let docs = peer
        .store()
        .recallable("gm48@quangngai.gov.vn", false)
        .unwrap();
    assert!(docs[0].recalled_at.is_some());
    sender.wait_until("the confirmation", |s| {
        has_subject(s, "annv@quangngai.gov.vn", "Xác nhận thu hồi")
    });
    let confirmation = inbox_text(&sender, "annv@quangngai.gov.vn", "Xác nhận thu hồi");
    assert!(confirmation.contains(remote), "{confirmation}");
}
