//! End-to-end follow-up of unread urgent documents (issue 22 item 3; Nghị định 30/2020/NĐ-CP
//! Điều 4.2c, 23.1, 24.2), against the real server with Python's smtplib and imaplib as the
//! independent client, the deadlines shortened in the configuration (Hỏa tốc: 3 s of a
//! calendar that works around the clock): a HỎA TỐC invitation left unread gives its
//! recipient one reminder and a flagged copy, then its unit's văn thư and its sender one
//! notice each; a recipient who read it in time gets nothing; and a restart sends nothing
//! twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{PASSWORD, Server, govmail_with_input, python};

const DOMAIN: &str = "quangngai.gov.vn";

/// Submits a HỎA TỐC invitation over STARTTLS + AUTH: argv = port, login, password,
/// recipients (comma-separated).
const SUBMIT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage
port, login, password, rcpts = sys.argv[1:5]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
s.starttls(context=ctx)
s.login(login, password)
msg = EmailMessage()
msg["From"] = "Nguyễn Văn An <%s>" % login
msg["To"] = rcpts
msg["Subject"] = "HỎA TỐC - Giấy mời số 46/GM-UBND họp khẩn về ứng phó bão số 15"
msg.set_content(
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nSố: 46/GM-UBND\nHỎA TỐC\n\nGIẤY MỜI\n\n"
    "Kính mời lãnh đạo đơn vị dự cuộc họp khẩn về ứng phó bão số 15, "
    "lúc 14 giờ 00 hôm nay tại phòng họp số 1.\n")
refused = s.send_message(msg)
assert refused == {}, refused
s.quit()
"#;

/// Checks over IMAP that the invitation (message 1) is flagged and still unread, and that
/// the reminder says what it is about: argv = port, login, password.
const CHECK_FLAGGED: &str = r#"
import imaplib, ssl, sys, email
from email import policy
port, login, password = sys.argv[1:4]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
m.login(login, password)
m.select("INBOX", readonly=True)
typ, data = m.fetch("1", "(FLAGS)")
assert b"\\Flagged" in data[0] and b"\\Seen" not in data[0], data
typ, data = m.search(None, "FLAGGED")
assert data[0].split() == [b"1"], data
typ, data = m.fetch("2", "(BODY.PEEK[])")
msg = email.message_from_bytes(data[0][1], policy=policy.default)
assert str(msg["Subject"]).startswith("Nhắc việc: văn bản HỎA TỐC Giấy mời số 46/GM-UBND"), msg["Subject"]
assert msg["Auto-Submitted"] == "auto-generated", msg["Auto-Submitted"]
assert "Giấy mời số 46/GM-UBND (HỎA TỐC)" in msg.get_content(), msg.get_content()
m.logout()
"#;

fn addr(local: &str) -> String {
    format!("{local}@{DOMAIN}")
}

/// A server whose Hỏa tốc documents must be read within 3 s of a calendar working round the
/// clock, with agency UBND-B: its unit mailbox vanthu@ (granted to the clerk nhanvt@), its
/// chairman chutich@ and vice-chairman phochutich@.
fn server() -> Server {
    let s = Server::create(DOMAIN, |c| {
        c.replace("hoa_toc = \"30m\"", "hoa_toc = \"3s\"")
            .replace(
                "hours = [\"07:30-11:30\", \"13:30-17:00\"]",
                "hours = [\"00:00-24:00\"]",
            )
            .replace(
                "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
                "weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]",
            )
    });
    s.govmail(&["agency", "add", "UBND-B", "Ủy ban nhân dân xã Bình Sơn"]);
    let users = [
        ("Văn thư UBND xã Bình Sơn", "vanthu", true),
        ("Lê Văn Chủ", "chutich", false),
        ("Phạm Thị Phó", "phochutich", false),
        ("Nguyễn Thị Văn", "nhanvt", false),
    ];
    for (name, local, unit) in users {
        let mut args = vec![
            "user",
            "add",
            name,
            "--agency",
            "UBND-B",
            "--address",
            local,
        ];
        if unit {
            args.push("--unit");
        }
        s.govmail(&args);
        govmail_with_input(
            &s.root,
            &["user", "passwd", &addr(local), "--password-stdin"],
            &format!("{PASSWORD}\n"),
        );
    }
    s.govmail(&["user", "grant", &addr("vanthu"), &addr("nhanvt")]);
    s.spawn()
}

fn count(s: &Server, address: &str, start: &str) -> usize {
    s.subjects(address)
        .iter()
        .filter(|subject| subject.starts_with(start))
        .count()
}

const REMINDER: &str = "Nhắc việc: văn bản HỎA TỐC Giấy mời số 46/GM-UBND";
const ESCALATION: &str = "Văn bản HỎA TỐC Giấy mời số 46/GM-UBND";

#[test]
fn an_unread_flash_document_is_followed_up_once_even_across_a_restart() {
    let s = server();
    python(
        SUBMIT,
        &[
            &s.submission_port.to_string(),
            &addr("annv"),
            PASSWORD,
            &[addr("chutich"), addr("phochutich")].join(", "),
        ],
    );
    s.wait_until("the invitation in both mailboxes", |s| {
        !s.subjects(&addr("chutich")).is_empty() && !s.subjects(&addr("phochutich")).is_empty()
    });
    // The vice-chairman reads it at once: nothing follows for her.
    python(
        common::IMAP_READ_FIRST,
        &[&s.imaps_port.to_string(), &addr("phochutich"), PASSWORD],
    );
    // The chairman does not: after 3 s he is reminded and his copy is flagged.
    s.wait_until("the reminder", |s| {
        count(s, &addr("chutich"), REMINDER) == 1
    });
    python(
        CHECK_FLAGGED,
        &[&s.imaps_port.to_string(), &addr("chutich"), PASSWORD],
    );
    // 3 s later his unit's văn thư (the clerk granted on vanthu@) and the sender are told.
    s.wait_until("the escalation to the clerk", |s| {
        count(s, &addr("nhanvt"), ESCALATION) == 1
    });
    s.wait_until("the escalation to the sender", |s| {
        count(s, &addr("annv"), ESCALATION) == 1
    });
    let raw = s.inbox(&addr("nhanvt"))[0].clone();
    let told = mail_parser::MessageParser::default()
        .parse(&raw)
        .and_then(|m| m.body_text(0).map(|t| t.into_owned()))
        .unwrap_or_default();
    assert!(told.contains("chutich@quangngai.gov.vn"), "{told}");
    assert!(!told.contains("phochutich@"), "{told}");
    // Nothing for the one who read it in time.
    assert_eq!(count(&s, &addr("phochutich"), REMINDER), 0);

    // A restart sends nothing again.
    let mut s = s;
    s.stop();
    let s = s.spawn();
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(count(&s, &addr("chutich"), REMINDER), 1);
    assert_eq!(count(&s, &addr("nhanvt"), ESCALATION), 1);
    assert_eq!(count(&s, &addr("annv"), ESCALATION), 1);
    assert_eq!(count(&s, &addr("phochutich"), REMINDER), 0);
}
