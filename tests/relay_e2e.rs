//! End-to-end relaying: a client submits to one real govmail (STARTTLS or implicit TLS +
//! AUTH, with Python's smtplib); remote recipients go through the persistent queue to a
//! second real govmail over a static route. Failures come back as DSNs; a route that is down
//! is retried and delivered once it is back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::sink::Sink;

use common::{PASSWORD, Server, python};

/// Submits one message: argv = port, "starttls" | "ssl", login, password, recipients
/// (comma-separated), subject.
const SUBMIT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage
port, mode, login, password, rcpts, subject = sys.argv[1:7]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
if mode == "ssl":
    s = smtplib.SMTP_SSL("127.0.0.1", int(port), context=ctx, timeout=30)
else:
    s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
    s.starttls(context=ctx)
s.login(login, password)
msg = EmailMessage()
msg["From"] = "Nguyễn Văn An <%s>" % login
msg["To"] = rcpts
msg["Subject"] = subject
msg.set_content("Kính gửi: Văn phòng UBND thành phố Đà Nẵng\n")
refused = s.send_message(msg)
assert refused == {}, refused
s.quit()
"#;

fn submit(server: &Server, mode: &str, rcpts: &str, subject: &str) {
    let port = if mode == "ssl" {
        server.submissions_port
    } else {
        server.submission_port
    };
    python(
        SUBMIT,
        &[
            &port.to_string(),
            mode,
            "annv@quangngai.gov.vn",
            PASSWORD,
            rcpts,
            subject,
        ],
    );
}

/// quangngai.gov.vn routes danang.gov.vn to `peer_port`; retries only when told to.
fn sender_server(peer_port: u16) -> Server {
    sender_config(peer_port).spawn()
}

fn sender_config(peer_port: u16) -> Server {
    sender_config_with(peer_port, |c| c)
}

fn sender_config_with(peer_port: u16, edit: impl FnOnce(String) -> String) -> Server {
    Server::create("quangngai.gov.vn", |c| {
        let c = edit(c)
            .replace("retry_initial = \"5m\"", "retry_initial = \"1h\"")
            .replace(
                "retry_max = \"4h\"",
                "retry_max = \"1h\"\npoll_interval = \"200ms\"",
            );
        format!("{c}\n[relay.routes]\n\"danang.gov.vn\" = \"127.0.0.1:{peer_port}\"\n")
    })
}

fn queue_len(server: &Server) -> usize {
    server.store().queue_list().unwrap().len()
}

#[test]
fn submitted_mail_reaches_local_and_remote_recipients() {
    let peer = Server::start("danang.gov.vn", |c| c);
    let sender = sender_config(peer.smtp_port);
    let record = sender.govmail(&["dkim", "generate", "quangngai.gov.vn"]);
    assert!(
        record.contains("govmail._domainkey.quangngai.gov.vn. IN TXT ( \"v=DKIM1; k=rsa; p="),
        "{record}"
    );
    let sender = sender.spawn();
    submit(
        &sender,
        "starttls",
        "ngocttb@quangngai.gov.vn, ngocttb@danang.gov.vn",
        "Giấy mời họp giao ban tháng 12",
    );
    submit(
        &sender,
        "ssl",
        "annv@danang.gov.vn",
        "Báo cáo tuần (cổng 465)",
    );
    // The local copy is in place as soon as the 250 came back.
    assert_eq!(
        sender.subjects("ngocttb@quangngai.gov.vn"),
        ["Giấy mời họp giao ban tháng 12"]
    );
    peer.wait_until("relayed delivery", |p| {
        p.subjects("ngocttb@danang.gov.vn").len() == 1
            && p.subjects("annv@danang.gov.vn").len() == 1
    });
    assert_eq!(
        peer.subjects("ngocttb@danang.gov.vn"),
        ["Giấy mời họp giao ban tháng 12"]
    );
    let relayed = String::from_utf8_lossy(&peer.inbox("annv@danang.gov.vn")[0]).into_owned();
    // Two hops: the submission (authenticated, TLS) and the relay into the peer.
    assert!(
        relayed.contains("by mail.quangngai.gov.vn (govmail) with ESMTPSA"),
        "{relayed}"
    );
    assert!(
        relayed.contains("by mail.danang.gov.vn (govmail) with ESMTPS"),
        "{relayed}"
    );
    sender.wait_until("an empty queue", |s| queue_len(s) == 0);
    sender.govmail(&["check"]);
    peer.govmail(&["check"]);
}

#[test]
fn a_permanent_failure_returns_a_dsn_to_the_sender() {
    let peer = Server::start("danang.gov.vn", |c| c);
    let sender = sender_server(peer.smtp_port);
    submit(
        &sender,
        "starttls",
        "khongco@danang.gov.vn, ngocttb@danang.gov.vn",
        "Công văn số 123/STTTT-VP",
    );
    sender.wait_until("a DSN", |s| !s.inbox("annv@quangngai.gov.vn").is_empty());
    let dsn = String::from_utf8_lossy(&sender.inbox("annv@quangngai.gov.vn")[0]).into_owned();
    assert!(
        dsn.contains("report-type=delivery-status")
            || dsn.contains("report-type=\"delivery-status\""),
        "{dsn}"
    );
    assert!(
        dsn.contains("Final-Recipient: rfc822; khongco@danang.gov.vn"),
        "{dsn}"
    );
    assert!(dsn.contains("Action: failed"), "{dsn}");
    assert!(dsn.contains("Status: 5.1.1"), "{dsn}");
    // Only the failed recipient is reported; the other one was delivered.
    assert!(
        !dsn.contains("Final-Recipient: rfc822; ngocttb@danang.gov.vn"),
        "{dsn}"
    );
    assert_eq!(
        peer.subjects("ngocttb@danang.gov.vn"),
        ["Công văn số 123/STTTT-VP"]
    );
    let subject = &sender.subjects("annv@quangngai.gov.vn")[0];
    assert!(subject.contains("Undelivered Mail"), "{subject}");
    sender.wait_until("an empty queue", |s| queue_len(s) == 0);
}

#[test]
fn a_route_that_is_down_is_retried_and_delivered_once_back() {
    // The peer exists but is not running yet: connections are refused.
    let peer = Server::create("danang.gov.vn", |c| c);
    let sender = sender_server(peer.smtp_port);
    submit(
        &sender,
        "starttls",
        "ngocttb@danang.gov.vn",
        "Lịch công tác tuần 48",
    );
    sender.wait_until("a failed attempt", |s| {
        s.store()
            .queue_list()
            .unwrap()
            .first()
            .is_some_and(|e| e.attempts >= 1)
    });
    let listed = sender.govmail(&["queue", "list"]);
    assert!(listed.contains("ngocttb@danang.gov.vn"), "{listed}");
    let entry = &sender.store().queue_list().unwrap()[0];
    let r = &entry.recipients[0];
    assert_eq!(r.state, storage::RecipientState::Pending);
    assert!(r.status.as_deref().unwrap_or("").starts_with("4."), "{r:?}");
    // The next attempt is an hour away: nothing happens by itself.
    assert!(entry.next_attempt > storage::now() + 3000);
    // No DSN for a short delay.
    assert!(sender.inbox("annv@quangngai.gov.vn").is_empty());

    // The queue survives a crash: kill -9 the sender and start it again.
    let mut sender = sender;
    sender.stop();
    let sender = sender.spawn();
    assert_eq!(queue_len(&sender), 1);
    let peer = peer.spawn();
    let out = sender.govmail(&["queue", "retry", "--all"]);
    assert!(out.contains("1 message"), "{out}");
    peer.wait_until("delivery after the retry", |p| {
        p.subjects("ngocttb@danang.gov.vn") == ["Lịch công tác tuần 48"]
    });
    sender.wait_until("an empty queue", |s| queue_len(s) == 0);
    // Delivered exactly once.
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(peer.subjects("ngocttb@danang.gov.vn").len(), 1);
}

fn dsn_of(server: &Server) -> String {
    String::from_utf8_lossy(&server.inbox("annv@quangngai.gov.vn")[0]).into_owned()
}

#[test]
fn a_long_delay_sends_one_delay_notice() {
    // Delay notices are due at once here (the default is 4 hours).
    let peer = Server::create("danang.gov.vn", |c| c);
    let sender = sender_config_with(peer.smtp_port, |c| {
        c.replace("delay_notice_after = \"4h\"", "delay_notice_after = \"0s\"")
    })
    .spawn();
    submit(&sender, "starttls", "ngocttb@danang.gov.vn", "Tài liệu họp");
    sender.wait_until("a delay notice", |s| {
        !s.inbox("annv@quangngai.gov.vn").is_empty()
    });
    let dsn = dsn_of(&sender);
    assert!(dsn.contains("Action: delayed"), "{dsn}");
    assert!(dsn.contains("Will-Retry-Until:"), "{dsn}");
    // Still queued, and a second failed attempt sends no second notice.
    sender.govmail(&["queue", "retry", "--all"]);
    sender.wait_until("a second attempt", |s| {
        s.store().queue_list().unwrap()[0].attempts >= 2
    });
    assert_eq!(sender.inbox("annv@quangngai.gov.vn").len(), 1);
}

#[test]
fn mail_that_cannot_be_delivered_in_time_is_returned() {
    let peer = Server::create("danang.gov.vn", |c| c);
    let sender = sender_config_with(peer.smtp_port, |c| {
        c.replace("give_up_after = \"5d\"", "give_up_after = \"0s\"")
    })
    .spawn();
    submit(
        &sender,
        "starttls",
        "ngocttb@danang.gov.vn",
        "Báo cáo quý IV",
    );
    sender.wait_until("a failure DSN", |s| {
        !s.inbox("annv@quangngai.gov.vn").is_empty()
    });
    let dsn = dsn_of(&sender);
    assert!(dsn.contains("Action: failed"), "{dsn}");
    assert!(dsn.contains("Status: 4.4.7"), "{dsn}");
    sender.wait_until("an empty queue", |s| queue_len(s) == 0);
}

/// Sends with explicit DSN parameters: argv = port, password, recipient.
const SUBMIT_WITH_DSN: &str = r#"
import smtplib, ssl, sys
port, password, rcpt = sys.argv[1:4]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
s.starttls(context=ctx)
s.login("annv@quangngai.gov.vn", password)
body = "From: annv@quangngai.gov.vn\r\nTo: %s\r\nSubject: Postfix peer\r\n\r\nXin chào\r\n" % rcpt
refused = s.sendmail("annv@quangngai.gov.vn", [rcpt], body.encode(),
                     mail_options=["RET=HDRS", "ENVID=qn-2026-11"],
                     rcpt_options=["NOTIFY=FAILURE,DELAY", "ORCPT=rfc822;" + rcpt])
assert refused == {}, refused
s.quit()
"#;

/// Postfix's smtp-sink as the next hop: a real peer MTA receives what we relay, with the
/// DSN parameters passed on (RFC 3461 §4) and a DKIM signature.
#[test]
fn relays_to_a_postfix_peer_with_dsn_parameters() {
    let sink = Sink::start();
    let port = sink.port;
    let metrics = common::free_port();
    let sender = Server::start("quangngai.gov.vn", |c| {
        let c = c.replace(
            "[accounts]",
            &format!("metrics = \"127.0.0.1:{metrics}\"\n\n[accounts]"),
        );
        format!("{c}\n[relay.routes]\n\"postfix.example\" = \"127.0.0.1:{port}\"\n")
    });
    // A key made while the server runs is taken into use by a reload (SIGHUP).
    sender.govmail(&["dkim", "generate", "quangngai.gov.vn"]);
    let pid = sender.child.as_ref().unwrap().id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    sender.wait_until("the reload", |s| s.log_count("reloaded") == 1);
    python(
        SUBMIT_WITH_DSN,
        &[
            &sender.submission_port.to_string(),
            PASSWORD,
            "vanthu@postfix.example",
        ],
    );
    sender.wait_until("the queue to empty", |s| queue_len(s) == 0);
    let messages = sink.messages();
    assert_eq!(
        messages.len(),
        1,
        "smtp-sink should have received one message"
    );
    let received = &messages[0];
    assert!(
        received.contains("X-Mail-Args: <annv@quangngai.gov.vn>")
            && received.contains("RET=HDRS")
            && received.contains("ENVID=qn-2026-11"),
        "{received}"
    );
    assert!(
        received.contains("NOTIFY=FAILURE,DELAY")
            && received.contains("ORCPT=rfc822;vanthu@postfix.example"),
        "{received}"
    );
    assert!(
        received.contains("DKIM-Signature: v=1; a=rsa-sha256"),
        "{received}"
    );
    assert!(received.contains("Subject: Postfix peer"), "{received}");
    // The metrics endpoint counts the relayed recipient.
    let scraped = std::process::Command::new("curl")
        .args(["-s", &format!("http://127.0.0.1:{metrics}/metrics")])
        .output()
        .unwrap_or_else(|e| panic!("curl is required for this test: {e}"));
    let scraped = String::from_utf8(scraped.stdout).unwrap();
    assert!(
        scraped
            .lines()
            .any(|l| l == "govmail_outbound_recipients_total{result=\"relayed\"} 1"),
        "{scraped}"
    );
}

/// All remote mail through the province's gateway (a smarthost that wants AUTH): the login
/// happens and the message arrives, whatever the recipient domain.
#[test]
fn a_smarthost_with_auth_takes_all_remote_mail() {
    let sink = Sink::start();
    let sender = Server::start("quangngai.gov.vn", |c| {
        c.replace(
            "# smarthost = \"mailgw.tinh.gov.vn:587\"",
            &format!(
                "smarthost = \"127.0.0.1:{}\"\nsmarthost_tls = \"none\"\n\
                 smarthost_user = \"govmail@quangngai.gov.vn\"\nsmarthost_password = \"gw-secret\"",
                sink.port
            ),
        )
    });
    submit(
        &sender,
        "starttls",
        "someone@gmail.com, vanthu@hanoi.gov.vn",
        "Qua cổng tỉnh",
    );
    sender.wait_until("the queue to empty", |s| queue_len(s) == 0);
    // One transaction per recipient domain, both to the gateway.
    let all = sink.messages().join("\n");
    assert_eq!(sink.messages().len(), 2, "{all}");
    assert!(all.contains("X-Rcpt-Args: <someone@gmail.com>"), "{all}");
    assert!(all.contains("X-Rcpt-Args: <vanthu@hanoi.gov.vn>"), "{all}");
    assert!(all.contains("Subject: Qua =?utf-8?"), "{all}");
}
