//! The signature check of official documents' PDF attachments (Nghị định 30/2020 Điều 21.2),
//! end to end: the real server, a test CA as its `[signatures] trust_anchors`, documents
//! with PDFs signed by pyHanko (policy/tests/signatures/make.py) sent over SMTP with Python's
//! smtplib from another agency, read back with imaplib: the X-Govmail-Signature fields and
//! the $Signed / $SignatureInvalid keywords, the notice to the văn thư of the receiving unit
//! and to the personal recipient, and the exchange register.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

const DOMAIN: &str = "quangngai.gov.vn";

fn fixtures() -> String {
    format!("{}/../policy/tests/signatures", env!("CARGO_MANIFEST_DIR"))
}

/// A server trusting the test CA, with vanthu@ (a unit mailbox) whose văn thư is annv@.
fn server() -> Server {
    let root_pem = format!("{}/root.pem", fixtures());
    let server = Server::start(DOMAIN, |c| {
        assert!(
            c.contains("\ntrust_anchors = []\n"),
            "the template has [signatures]"
        );
        c.replace(
            "\ntrust_anchors = []\n",
            &format!("\ntrust_anchors = [\"{root_pem}\"]\n"),
        )
    });
    server.govmail(&[
        "user",
        "add",
        "Văn thư UBND",
        "--agency",
        "STTTT",
        "--address",
        "vanthu",
        "--unit",
    ]);
    server.govmail(&[
        "user",
        "grant",
        &format!("vanthu@{DOMAIN}"),
        &format!("annv@{DOMAIN}"),
    ]);
    server
}

/// Sends, from another province's văn thư to vanthu@ and ngocttb@, a Giấy mời with the
/// fixture `pdf` attached as `name`, carrying a forged "status=valid" field of its own.
const SEND: &str = r#"
import smtplib, sys
from email.message import EmailMessage
port, fixtures, number, name, pdf = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
m = EmailMessage()
m["From"] = "vanthu@danang.gov.vn"
m["To"] = "vanthu@quangngai.gov.vn, ngocttb@quangngai.gov.vn"
m["Subject"] = f"Giấy mời số {number}/GM-UBND họp giao ban"
m["X-Govmail-Signature"] = f'file="{name}"; status=valid; signer="forged"'
m.set_content(f"Kính gửi: các đơn vị.\nUBND thành phố gửi Giấy mời số {number}/GM-UBND về dự họp giao ban.\n")
with open(f"{fixtures}/{pdf}", "rb") as f:
    m.add_attachment(f.read(), maintype="application", subtype="pdf", filename=name)
with smtplib.SMTP("127.0.0.1", port) as s:
    s.send_message(m)
"#;

/// Logs in as ngocttb@ over IMAPS and checks the message whose subject has `number`: its
/// keywords and X-Govmail-Signature fields.
const CHECK: &str = r#"
import imaplib, ssl, sys, email, email.policy
port, password, number, want_flag, no_flag = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
want = sys.argv[6:]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("ngocttb@quangngai.gov.vn", password)
m.select("INBOX")
# The document, not the notice about it (whose subject names it too).
typ, data = m.uid("SEARCH", None, "SUBJECT", f"{number}/GM-UBND", "NOT", "SUBJECT", "\"Invalid signature\"")
uids = data[0].split()
assert typ == "OK" and len(uids) == 1, (typ, data)
typ, data = m.uid("FETCH", uids[0], "(FLAGS BODY.PEEK[HEADER])")
assert typ == "OK", data
flags = imaplib.ParseFlags(data[0][0])
assert want_flag.encode() in flags, flags
assert no_flag.encode() not in flags, flags
header = email.message_from_bytes(data[0][1], policy=email.policy.default)
fields = [str(v) for v in header.get_all("X-Govmail-Signature")]
# Ours only: the forged field the message arrived with was taken out.
assert not any("forged" in f for f in fields), fields
for w in want:
    assert any(w in f for f in fields), (w, fields)
print(fields)
m.logout()
"#;

fn send(server: &Server, number: &str, name: &str, pdf: &str) {
    python(
        SEND,
        &[
            &server.smtp_port.to_string(),
            &fixtures(),
            number,
            name,
            pdf,
        ],
    );
}

fn check(server: &Server, number: &str, want_flag: &str, no_flag: &str, want: &[&str]) {
    let mut args = vec![
        server.imaps_port.to_string(),
        PASSWORD.to_string(),
        number.to_string(),
        want_flag.to_string(),
        no_flag.to_string(),
    ];
    args.extend(want.iter().map(|w| w.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    python(CHECK, &args);
}

/// A document signed by the person and the agency (ND 30's two signatures), both chained to
/// the trusted CA: both recorded, $Signed, no notice; the register has it as valid.
#[test]
fn a_validly_signed_document_is_marked_signed() {
    let server = server();
    send(&server, "101", "GM 101-UBND.pdf", "two.pdf");
    check(
        &server,
        "101",
        "$Signed",
        "$SignatureInvalid",
        &[
            "file=\"GM 101-UBND.pdf\"; status=valid; signer=\"Nguyễn Văn An\"; org=\"Ủy ban nhân dân tỉnh Quảng Ngãi\"; signed-at=20",
            "status=valid; signer=\"Ủy ban nhân dân tỉnh Quảng Ngãi\"",
        ],
    );
    let store = server.store();
    server.wait_until("the register", |_| {
        !store.documents_between(0, i64::MAX).unwrap().is_empty()
    });
    let register = store.documents_between(0, i64::MAX).unwrap();
    let sig = register[0].signatures.as_ref().unwrap();
    assert_eq!(sig.status, "valid");
    assert_eq!(sig.lines.len(), 2, "{sig:?}");
    // And in the register's report.
    let json = server.govmail(&[
        "report",
        "documents",
        "--period",
        "2000-01-01..2099-12-31",
        "--format",
        "json",
    ]);
    assert!(json.contains("\"status\": \"valid\""), "{json}");
    assert!(json.contains("signer=\\\"Nguyễn Văn An\\\""), "{json}");
    // Nobody is warned about a valid document.
    assert!(
        server
            .subjects(&format!("annv@{DOMAIN}"))
            .iter()
            .all(|s| !s.contains("chữ ký số")),
    );
}

/// A signed document changed after signing is delivered unchanged but flagged: the field
/// says invalid and why, $SignatureInvalid, and the unit's văn thư (annv@, granted on
/// vanthu@) and the personal recipient are told.
#[test]
fn a_tampered_document_is_flagged_and_the_clerks_told() {
    let server = server();
    send(&server, "102", "GM 102-UBND.pdf", "tampered.pdf");
    check(
        &server,
        "102",
        "$SignatureInvalid",
        "$Signed",
        &[
            "file=\"GM 102-UBND.pdf\"; status=invalid",
            "reason=\"modified after signing\"",
        ],
    );
    // Never altered: the attachment stored is the one sent, byte for byte.
    let raw = &server.inbox(&format!("ngocttb@{DOMAIN}"))[0];
    let sent = std::fs::read(format!("{}/tampered.pdf", fixtures())).unwrap();
    let b64 = common::base64(&sent[..300]);
    let flat: String = String::from_utf8_lossy(raw).split_whitespace().collect();
    assert!(flat.contains(&b64[..100]), "the attachment is kept as sent");
    for clerk in ["annv", "ngocttb"] {
        server.wait_until("the notice", |s| {
            s.subjects(&format!("{clerk}@{DOMAIN}"))
                .iter()
                .any(|s| s.contains("chữ ký số không hợp lệ") && s.contains("102/GM-UBND"))
        });
    }
    // The unit mailbox itself is not written to: its văn thư are.
    assert!(
        server
            .subjects(&format!("vanthu@{DOMAIN}"))
            .iter()
            .all(|s| !s.contains("chữ ký số")),
    );
    let store = server.store();
    server.wait_until("the register", |_| {
        !store.documents_between(0, i64::MAX).unwrap().is_empty()
    });
    let register = store.documents_between(0, i64::MAX).unwrap();
    assert_eq!(register[0].signatures.as_ref().unwrap().status, "invalid");
}
