//! End-to-end receipts and read tracking of official documents (issue 22 item 2; Nghị định
//! 30/2020 Điều 21.2), against the real server with Python's smtplib, imaplib and email
//! parser as the independent client: an invitation sent to another agency's văn thư gives
//! the sender one receipt per receiving agency with RFC 8098 fields; `govmail report
//! tracking` shows delivered, then read after an IMAP FETCH of the body; an agency with
//! receipts off sends none, one with receipts at first read sends at the read; a receipt is
//! never answered; and a receipt from a second govmail updates the sender's register.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, govmail_with_input, python};

const DOMAIN: &str = "quangngai.gov.vn";
const NUMBER: &str = "45/GM-UBND";
const MESSAGE_ID: &str = "gm45.2026@quangngai.gov.vn";

/// Submits an invitation (Giấy mời số 45/GM-UBND) over STARTTLS + AUTH: argv = port, login,
/// password, recipients (comma-separated), Message-ID.
const SUBMIT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage
port, login, password, rcpts, msgid = sys.argv[1:6]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
s.starttls(context=ctx)
s.login(login, password)
msg = EmailMessage()
msg["From"] = "Nguyễn Văn An <%s>" % login
msg["To"] = rcpts
msg["Subject"] = "Giấy mời số 45/GM-UBND họp triển khai chuyển đổi số năm 2027"
msg["Message-ID"] = "<%s>" % msgid
msg.set_content(
    "Kính gửi: Ủy ban nhân dân xã Bình Sơn\n\n"
    "GIẤY MỜI\nSố: 45/GM-UBND\n\n"
    "Ủy ban nhân dân tỉnh trân trọng kính mời đại diện lãnh đạo đơn vị dự cuộc họp "
    "triển khai chuyển đổi số năm 2027, lúc 08 giờ 00 ngày 10/12/2026.\n")
refused = s.send_message(msg)
assert refused == {}, refused
s.quit()
"#;

/// Reads the sender's INBOX over IMAP (BODY.PEEK, nothing marked read) and checks its
/// receipts with Python's email parser: argv = port, login, password, how many receipts,
/// then for the first one the disposition type, Final-Recipient, Original-Message-ID,
/// document number and the Vietnamese subject's start.
const CHECK_RECEIPTS: &str = r#"
import imaplib, ssl, sys, email
from email import policy
port, login, password, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
m.login(login, password)
m.select("INBOX")
typ, data = m.fetch("1:*", "(BODY.PEEK[])")
assert typ == "OK", data
reports = []
for item in data:
    if isinstance(item, tuple):
        msg = email.message_from_bytes(item[1], policy=policy.default)
        if msg.get_content_type() == "multipart/report":
            reports.append(msg)
assert len(reports) == count, [r["Subject"] for r in reports]
if count:
    disposition, final, original, number, subject = sys.argv[5:10]
    r = reports[0]
    assert r.get_param("report-type") == "disposition-notification", r["Content-Type"]
    assert r["Auto-Submitted"] == "auto-replied", r["Auto-Submitted"]
    assert str(r["Subject"]).startswith(subject), r["Subject"]
    parts = list(r.iter_parts())
    assert parts[0].get_content_type() == "text/plain", parts[0].get_content_type()
    assert subject in parts[0].get_content() or "Đã nhận" in str(r["Subject"])
    mdn = parts[1]
    assert mdn.get_content_type() == "message/disposition-notification", mdn.get_content_type()
    # email parses the report into blocks of fields (RFC 8098 §3.1: one per-message block).
    fields = mdn.get_payload()[0]
    assert fields["Reporting-UA"].endswith("; govmail"), fields["Reporting-UA"]
    assert fields["Final-Recipient"] == "rfc822;" + final, fields["Final-Recipient"]
    assert fields["Original-Recipient"] == "rfc822;" + final, fields["Original-Recipient"]
    assert fields["Original-Message-ID"] == "<%s>" % original, fields["Original-Message-ID"]
    assert fields["Disposition"] == "automatic-action/MDN-sent-automatically; " + disposition, fields["Disposition"]
    assert fields["X-Govmail-Document-Number"] == number, fields["X-Govmail-Document-Number"]
    assert fields["X-Govmail-Document-Type"] == "giay-moi", fields["X-Govmail-Document-Type"]
m.logout()
"#;

/// Reads message 1 over POP3 with Python's poplib: TOP first (not a read), then RETR (a
/// read: it sets \Seen, as Dovecot does): argv = port, login, password, "top" | "retr".
const POP3_READ: &str = r#"
import poplib, ssl, sys
port, login, password, how = sys.argv[1:5]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
p = poplib.POP3_SSL("127.0.0.1", int(port), context=ctx, timeout=30)
p.user(login)
p.pass_(password)
if how == "top":
    p.top(1, 0)
else:
    p.retr(1)
p.quit()
"#;

fn addr(local: &str) -> String {
    format!("{local}@{DOMAIN}")
}

/// A server for quangngai.gov.vn (annv@ and ngocttb@ in STTTT) with a second agency,
/// UBND-B, whose văn thư (vanthu@, a unit mailbox) and chairman (chutich@) receive; `edit`
/// changes the configuration.
fn server(edit: impl FnOnce(String) -> String) -> Server {
    let s = Server::create(DOMAIN, edit);
    s.govmail(&["agency", "add", "UBND-B", "Ủy ban nhân dân xã Bình Sơn"]);
    s.govmail(&[
        "user",
        "add",
        "Văn thư UBND xã Bình Sơn",
        "--agency",
        "UBND-B",
        "--address",
        "vanthu",
        "--unit",
    ]);
    s.govmail(&[
        "user",
        "add",
        "Lê Văn Chủ",
        "--agency",
        "UBND-B",
        "--address",
        "chutich",
    ]);
    for local in ["vanthu", "chutich"] {
        govmail_with_input(
            &s.root,
            &["user", "passwd", &addr(local), "--password-stdin"],
            &format!("{PASSWORD}\n"),
        );
    }
    s.spawn()
}

fn submit(s: &Server, rcpts: &[String]) {
    python(
        SUBMIT,
        &[
            &s.submission_port.to_string(),
            &addr("annv"),
            PASSWORD,
            &rcpts.join(", "),
            MESSAGE_ID,
        ],
    );
}

/// The tracking report (JSON) of the invitation.
fn tracking(s: &Server) -> serde_json::Value {
    let out = s.govmail(&["report", "tracking", "--number", NUMBER, "--format", "json"]);
    serde_json::from_str(&out).unwrap()
}

/// The invitation's recipient `address` in the tracking report, once the register has it.
fn recipient(s: &Server, address: &str) -> Option<serde_json::Value> {
    let report = tracking(s);
    let docs = report["documents"].as_array()?;
    docs.iter()
        .flat_map(|d| d["recipients"].as_array().into_iter().flatten())
        .find(|r| r["address"] == address)
        .cloned()
}

fn receipts_in(s: &Server, address: &str) -> usize {
    s.subjects(address)
        .iter()
        .filter(|subject| subject.starts_with("Đã nhận văn bản số 45/GM-UBND"))
        .count()
}

fn check_receipts(s: &Server, login: &str, count: usize, disposition: &str, final_rcpt: &str) {
    python(
        CHECK_RECEIPTS,
        &[
            &s.imaps_port.to_string(),
            login,
            PASSWORD,
            &count.to_string(),
            disposition,
            final_rcpt,
            MESSAGE_ID,
            NUMBER,
            "Đã nhận văn bản số 45/GM-UBND lúc ",
        ],
    );
}

fn read_first(s: &Server, login: &str) {
    python(
        common::IMAP_READ_FIRST,
        &[&s.imaps_port.to_string(), login, PASSWORD],
    );
}

/// The invitation to UBND-B's văn thư and chairman gives the sender one receipt from UBND-B
/// (not one per person), with the RFC 8098 fields; the register shows both delivered, and
/// the văn thư's read once its client fetched the body.
#[test]
fn an_invitation_gives_the_sender_one_receipt_per_agency_and_tracks_the_read() {
    let s = server(|c| c);
    submit(&s, &[addr("vanthu"), addr("chutich")]);
    s.wait_until("the receipt", |s| receipts_in(s, &addr("annv")) == 1);
    check_receipts(&s, &addr("annv"), 1, "processed", &addr("vanthu"));
    let vanthu = recipient(&s, &addr("vanthu")).unwrap();
    assert!(vanthu["delivered_at"].is_string(), "{vanthu}");
    assert!(vanthu["read_at"].is_null(), "{vanthu}");
    assert_eq!(vanthu["agency"], "UBND-B");
    assert_eq!(vanthu["receipt"], "sent");
    read_first(&s, &addr("vanthu"));
    s.wait_until("the read in the register", |s| {
        recipient(s, &addr("vanthu")).is_some_and(|r| r["read_at"].is_string())
    });
    let chutich = recipient(&s, &addr("chutich")).unwrap();
    assert!(chutich["read_at"].is_null(), "{chutich}");
    // The table says the same to the operator, and names the document once.
    let table = s.govmail(&["report", "tracking", "--from", &addr("annv")]);
    assert!(
        table.contains(NUMBER) && table.contains(&addr("vanthu")),
        "{table}"
    );
    assert!(table.contains("2 recipient(s), 1 read"), "{table}");
    // Still exactly one receipt: the read changed the register, not the receipts sent.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(receipts_in(&s, &addr("annv")), 1);
    s.govmail(&["check"]);
}

/// An agency with receipts off sends none, while the register still tracks delivery.
#[test]
fn an_agency_with_receipts_off_sends_none() {
    let s = server(|c| format!("{c}\n[policy.agencies.UBND-B]\nreceipts = \"off\"\n"));
    submit(&s, &[addr("vanthu")]);
    s.wait_until("the receipt settled as off", |s| {
        recipient(s, &addr("vanthu")).is_some_and(|r| r["receipt"] == "off")
    });
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        receipts_in(&s, &addr("annv")),
        0,
        "{:?}",
        s.subjects(&addr("annv"))
    );
    assert!(recipient(&s, &addr("vanthu")).unwrap()["delivered_at"].is_string());
}

/// An agency that sends receipts at first read: none at delivery, one ("displayed") when
/// its văn thư opens the document.
#[test]
fn an_agency_with_receipts_at_first_read_sends_at_the_read() {
    let s = server(|c| format!("{c}\n[policy.agencies.UBND-B]\nreceipts = \"read\"\n"));
    submit(&s, &[addr("vanthu")]);
    s.wait_until("the receipt waiting for a read", |s| {
        recipient(s, &addr("vanthu")).is_some_and(|r| r["receipt"] == "wait")
    });
    assert_eq!(receipts_in(&s, &addr("annv")), 0);
    read_first(&s, &addr("vanthu"));
    s.wait_until("the receipt", |s| receipts_in(s, &addr("annv")) == 1);
    check_receipts(&s, &addr("annv"), 1, "displayed", &addr("vanthu"));
}

/// A receipt is never answered, nor taken for an official document: one from another
/// govmail (its MDN names a document we did not send) reaches our văn thư, which owes
/// nothing back; nothing is queued and the register has no document for it. An
/// Auto-Submitted document is tracked but not answered either.
#[test]
fn a_receipt_is_never_answered() {
    let s = server(|c| c);
    let receipt = format!(
        "From: =?UTF-8?B?{}?= <postmaster@danang.gov.vn>\r\n\
         To: vanthu@{DOMAIN}\r\n\
         Subject: =?UTF-8?B?{}?=\r\n\
         Message-ID: <r1@danang.gov.vn>\r\n\
         Auto-Submitted: auto-replied\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --b1\r\nContent-Type: message/disposition-notification\r\n\r\n\
         Reporting-UA: mail.danang.gov.vn; govmail\r\n\
         Final-Recipient: rfc822;vanthu@danang.gov.vn\r\n\
         Original-Message-ID: <gm12@danang.gov.vn>\r\n\
         Disposition: automatic-action/MDN-sent-automatically; processed\r\n\
         X-Govmail-Document-Number: 12/GM-UBND\r\n\r\n\
         --b1--\r\n",
        common::base64("Văn thư điện tử".as_bytes()),
        common::base64("Đã nhận văn bản số 12/GM-UBND lúc 09:15 ngày 07/12/2026".as_bytes()),
        common::base64(
            "Ủy ban nhân dân thành phố Đà Nẵng đã nhận văn bản số 12/GM-UBND (Giấy mời).\r\n"
                .as_bytes()
        ),
    );
    let document = format!(
        "From: vanthu@danang.gov.vn\r\nTo: vanthu@{DOMAIN}\r\n\
         Subject: =?UTF-8?B?{}?=\r\nMessage-ID: <auto13@danang.gov.vn>\r\n\
         Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        common::base64("Giấy mời số 13/GM-UBND họp giao ban".as_bytes()),
        common::base64("GIẤY MỜI\r\nSố: 13/GM-UBND\r\nKính mời dự họp giao ban.\r\n".as_bytes()),
    );
    common::smtp_deliver(s.smtp_port, "", &addr("vanthu"), &[receipt.as_bytes()]);
    common::smtp_deliver(
        s.smtp_port,
        "vanthu@danang.gov.vn",
        &addr("vanthu"),
        &[document.as_bytes()],
    );
    // The automatic document is registered and tracked; its receipt is owed to nobody.
    let tracked = |s: &Server| -> serde_json::Value {
        let out = s.govmail(&["report", "tracking", "--format", "json"]);
        serde_json::from_str(&out).unwrap()
    };
    s.wait_until("the automatic document in the register", |s| {
        tracked(s)["documents"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    });
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let docs = tracked(&s);
    let docs = docs["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0]["number"], "13/GM-UBND");
    assert_eq!(docs[0]["recipients"][0]["receipt"], "none");
    // Both messages reached the văn thư; nothing went back.
    assert_eq!(s.subjects(&addr("vanthu")).len(), 2);
    assert!(s.store().queue_list().unwrap().is_empty());
    let register = s.govmail(&[
        "report",
        "documents",
        "--period",
        "2026-01-01..2030-12-31",
        "--format",
        "json",
    ]);
    assert!(!register.contains("12/GM-UBND"), "{register}");
}

/// The two-server case: a document sent from quangngai.gov.vn to danang.gov.vn gets a
/// receipt from danang's govmail (over the relay routes, null sender), which updates the
/// sender's register entry for that remote recipient, and is delivered to the sender.
#[test]
fn a_receipt_from_another_govmail_updates_the_register() {
    let sender = Server::create(DOMAIN, |c| c);
    let peer = Server::create("danang.gov.vn", |c| c);
    // Each routes the other's domain to it, and polls its queue often.
    let route = |s: &Server, domain: &str, port: u16| {
        let path = s.root.join("govmail.toml");
        let text = std::fs::read_to_string(&path).unwrap().replace(
            "retry_max = \"4h\"",
            "retry_max = \"4h\"\npoll_interval = \"200ms\"",
        );
        let text = format!("{text}\n[relay.routes]\n\"{domain}\" = \"127.0.0.1:{port}\"\n");
        std::fs::write(&path, text).unwrap();
    };
    route(&peer, DOMAIN, sender.smtp_port);
    route(&sender, "danang.gov.vn", peer.smtp_port);
    let (sender, peer) = (sender.spawn(), peer.spawn());
    submit(&sender, &["ngocttb@danang.gov.vn".to_string()]);
    peer.wait_until("the document at danang", |p| {
        p.subjects("ngocttb@danang.gov.vn").len() == 1
    });
    sender.wait_until("danang's receipt", |s| receipts_in(s, &addr("annv")) == 1);
    check_receipts(
        &sender,
        &addr("annv"),
        1,
        "processed",
        "ngocttb@danang.gov.vn",
    );
    sender.wait_until("the remote recipient delivered", |s| {
        recipient(s, "ngocttb@danang.gov.vn").is_some_and(|r| r["delivered_at"].is_string())
    });
    let remote = recipient(&sender, "ngocttb@danang.gov.vn").unwrap();
    assert_eq!(remote["local"], false);
    assert_eq!(remote["agency"], "Sở Thông tin và Truyền thông", "{remote}");
    assert!(remote["read_at"].is_null(), "{remote}");
    // The receipt is not a document of its own on either side, and is not answered.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(tracking(&sender)["documents"].as_array().unwrap().len(), 1);
    assert_eq!(peer.subjects("annv@danang.gov.vn").len(), 0);
    assert!(peer.subjects("ngocttb@danang.gov.vn").len() == 1);
}

/// POP3: TOP is not a read, RETR is (it sets \Seen through the same storage path).
#[test]
fn a_pop3_retr_is_a_read_and_top_is_not() {
    let s = server(|c| c);
    submit(&s, &[addr("chutich")]);
    s.wait_until("the document in the register", |s| {
        recipient(s, &addr("chutich")).is_some()
    });
    let pop = |how: &str| {
        python(
            POP3_READ,
            &[&s.pop3s_port.to_string(), &addr("chutich"), PASSWORD, how],
        )
    };
    pop("top");
    assert!(recipient(&s, &addr("chutich")).unwrap()["read_at"].is_null());
    pop("retr");
    let chutich = recipient(&s, &addr("chutich")).unwrap();
    assert!(chutich["read_at"].is_string(), "{chutich}");
}

/// No receipt goes to an address of ours that does not exist (a forged or mistyped sender):
/// nothing is queued for it.
#[test]
fn no_receipt_to_an_unknown_address_of_ours() {
    let s = server(|c| c);
    let document = format!(
        "From: nobody@{DOMAIN}\r\nTo: vanthu@{DOMAIN}\r\n\
         Subject: =?UTF-8?B?{}?=\r\nMessage-ID: <gm14@{DOMAIN}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        common::base64("Giấy mời số 14/GM-UBND họp giao ban".as_bytes()),
        common::base64("GIẤY MỜI\r\nSố: 14/GM-UBND\r\nKính mời dự họp giao ban.\r\n".as_bytes()),
    );
    common::smtp_deliver(
        s.smtp_port,
        &format!("nobody@{DOMAIN}"),
        &addr("vanthu"),
        &[document.as_bytes()],
    );
    s.wait_until("the receipt settled as off", |s| {
        let out = s.govmail(&["report", "tracking", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["documents"][0]["recipients"][0]["receipt"] == "off"
    });
    assert!(s.store().queue_list().unwrap().is_empty());
}
