//! End-to-end POP3 against the real server with Python's poplib: STLS on the pop3 port and
//! implicit TLS on pop3s, USER/PASS, CAPA, STAT/LIST/UIDL/TOP/RETR of a Vietnamese multipart
//! message delivered by SMTP (byte for byte as stored), DELE and QUIT removing it, refusals
//! of a wrong password and of USER before TLS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

const SEND: &str = r#"
import smtplib, sys
from email.message import EmailMessage
m = EmailMessage()
m["From"] = "vanthu@danang.gov.vn"
m["To"] = "annv@quangngai.gov.vn"
m["Subject"] = "Kế hoạch chuyển đổi số năm 2026"
# 8bit, so that the lines starting with "." reach POP3 as they are and must be stuffed.
m.set_content("Kính gửi: Sở Thông tin và Truyền thông\n.\n..Dòng bắt đầu bằng dấu chấm\nTrân trọng.\n",
              cte="8bit")
m.add_attachment("Nội dung kế hoạch".encode(), maintype="application",
                 subtype="octet-stream", filename="Kế hoạch.txt")
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.send_message(m)
s.quit()
"#;

const CLIENT: &str = r#"
import poplib, ssl, sys
port, ssl_port, password, expected_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
expected = open(expected_path, "rb").read()
user = "annv@quangngai.gov.vn"
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

# The pop3 port: no password before STLS.
p = poplib.POP3("127.0.0.1", port, timeout=30)
caps = p.capa()
assert "STLS" in caps and "USER" not in caps and "SASL" not in caps, caps
try:
    p.user(user)
    raise SystemExit("USER accepted before STLS")
except poplib.error_proto as e:
    assert b"[AUTH]" in e.args[0], e
p.stls(context=ctx)
caps = p.capa()
assert "USER" in caps and "STLS" not in caps and caps["SASL"] == ["PLAIN"], caps
assert "TOP" in caps and "UIDL" in caps and "RESP-CODES" in caps, caps
p.user(user)
try:
    p.pass_("sai-mat-khau")
    raise SystemExit("a wrong password was accepted")
except poplib.error_proto as e:
    assert b"[AUTH]" in e.args[0], e
p.user(user)
assert p.pass_(password).startswith(b"+OK")
assert p.stat() == (1, len(expected)), (p.stat(), len(expected))
resp, listing, _ = p.list()
assert listing == [b"1 %d" % len(expected)], listing
resp, uids, _ = p.uidl()
assert len(uids) == 1, uids
unique_id = uids[0].split()[1]
assert p.uidl(1).split()[2] == unique_id
header_end = expected.index(b"\r\n\r\n") + 4
resp, lines, _ = p.top(1, 0)
assert b"\r\n".join(lines) + b"\r\n" == expected[:header_end], lines
resp, lines, _ = p.top(1, 3)
assert len(lines) == len(expected[:header_end].split(b"\r\n")) - 1 + 3, lines
resp, lines, octets = p.retr(1)
assert b"\r\n".join(lines) + b"\r\n" == expected, lines
assert b"." in lines and "..Dòng bắt đầu bằng dấu chấm".encode() in lines, lines
p.quit()

# pop3s (implicit TLS): the same unique-id; DELE then QUIT removes the message.
p = poplib.POP3_SSL("127.0.0.1", ssl_port, context=ctx, timeout=30)
p.user(user)
p.pass_(password)
assert p.uidl(1).split()[2] == unique_id
assert p.dele(1).startswith(b"+OK")
assert p.stat() == (0, 0)
try:
    p.retr(1)
    raise SystemExit("RETR of a deleted message")
except poplib.error_proto:
    pass
assert p.quit().startswith(b"+OK")

p = poplib.POP3_SSL("127.0.0.1", ssl_port, context=ctx, timeout=30)
p.user(user)
p.pass_(password)
assert p.stat() == (0, 0), p.stat()
p.quit()
print("ok")
"#;

#[test]
fn poplib_reads_and_deletes_over_stls_and_pop3s() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEND, &[&server.smtp_port.to_string()]);
    let inbox = server.inbox("annv@quangngai.gov.vn");
    assert_eq!(inbox.len(), 1);
    let expected = server.root.join("expected.eml");
    std::fs::write(&expected, &inbox[0]).unwrap();
    python(
        CLIENT,
        &[
            &server.pop3_port.to_string(),
            &server.pop3s_port.to_string(),
            PASSWORD,
            expected.to_str().unwrap(),
        ],
    );
    assert!(server.inbox("annv@quangngai.gov.vn").is_empty());
    // Logins are counted for the usage reports: one after STLS, two on pop3s.
    let annv = server
        .store()
        .get_account("annv@quangngai.gov.vn")
        .unwrap()
        .id;
    server.wait_until("the POP3 login counts", |s| {
        s.store()
            .usage_between(0, i64::MAX)
            .unwrap()
            .iter()
            .any(|u| u.account == annv && u.totals.logins_pop3 == 3)
    });
}
