//! SMTP conversations driven in memory: each test reads like the dialogue it checks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use smtp::{Mode, Session, Smtp, SmtpConfig};
use storage::{AccountKind, NewAccount, OpenMode, Quota, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

struct Env {
    _dir: tempfile::TempDir,
    store: Store,
    logins: Arc<auth::Logins>,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("quangngai.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
        .unwrap();
    for (local, quota) in [
        ("annv", None),
        ("ngocttb", None),
        ("full", Some(10)),
        ("gandays", Some(100_000)),
    ] {
        store
            .create_account(NewAccount {
                address: format!("{local}@quangngai.gov.vn"),
                display_name: "Người dùng".into(),
                agency_code: "STTTT".into(),
                kind: AccountKind::Personal,
                password_hash: "x".into(),
                quota: Quota {
                    bytes: quota,
                    messages: None,
                },
            })
            .unwrap();
    }
    store
        .create_account(NewAccount {
            address: "tamngung@quangngai.gov.vn".into(),
            display_name: "Tạm ngừng".into(),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: "x".into(),
            quota: Quota::default(),
        })
        .unwrap();
    store
        .set_status(
            "tamngung@quangngai.gov.vn",
            storage::AccountStatus::Suspended,
        )
        .unwrap();
    let hash = storage::password::hash_generated(PASSWORD).unwrap();
    store
        .set_password_hash("annv@quangngai.gov.vn", hash)
        .unwrap();
    store
        .add_alias("vanphong@quangngai.gov.vn", "annv@quangngai.gov.vn")
        .unwrap();
    Env {
        _dir: dir,
        store,
        // Real delays and lockout counts, with delays shortened so the test runs fast.
        logins: Arc::new(auth::Logins::new(
            auth::ThrottleConfig {
                base_delay: std::time::Duration::from_millis(1),
                max_delay: std::time::Duration::from_millis(8),
                ..Default::default()
            },
            Arc::new(auth::PasswordPool::new(1)),
        )),
    }
}

const PASSWORD: &str = "Mật-khẩu 2026";

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

struct Client {
    stream: DuplexStream,
    pending: Vec<u8>,
}

impl Client {
    fn start(env: &Env, config: SmtpConfig) -> Client {
        Client::start_as(env, config, Mode::Inbound, false, "192.0.2.10:40000")
    }

    /// A session on a given kind of port; `tls` says whether the stream counts as encrypted.
    fn start_as(env: &Env, config: SmtpConfig, mode: Mode, tls: bool, peer: &str) -> Client {
        Client::start_with_policy(env, config, mode, tls, peer, Default::default())
    }

    fn start_with_policy(
        env: &Env,
        config: SmtpConfig,
        mode: Mode,
        tls: bool,
        peer: &str,
        policy: policy::rules::PolicyConfig,
    ) -> Client {
        let (client, server) = tokio::io::duplex(1 << 16);
        let mut smtp = Smtp::new(config, env.store.clone(), env.logins.clone());
        smtp.policy = policy;
        let smtp = Arc::new(smtp);
        let peer = peer.parse().unwrap();
        tokio::spawn(async move {
            let mut session = Session::new(server, smtp, mode, peer, tls, false);
            session.run(true).await;
        });
        Client {
            stream: client,
            pending: Vec::new(),
        }
    }

    async fn send(&mut self, data: &str) {
        self.stream.write_all(data.as_bytes()).await.unwrap();
    }

    /// Reads one complete reply (all its lines); returns it as text.
    async fn reply(&mut self) -> String {
        loop {
            if let Some(end) = complete_reply(&self.pending) {
                let reply: Vec<u8> = self.pending.drain(..end).collect();
                return String::from_utf8(reply).unwrap();
            }
            let mut buf = [0u8; 4096];
            let n = self.stream.read(&mut buf).await.unwrap();
            assert!(
                n > 0,
                "connection closed; had {:?}",
                String::from_utf8_lossy(&self.pending)
            );
            self.pending.extend_from_slice(&buf[..n]);
        }
    }

    /// Sends a line and checks the reply starts with `expected` (e.g. "250 2.1.5").
    async fn says(&mut self, line: &str, expected: &str) -> String {
        self.send(&format!("{line}\r\n")).await;
        let reply = self.reply().await;
        assert!(
            last_line(&reply).starts_with(expected),
            "{line:?}: expected {expected:?}, got {reply:?}"
        );
        reply
    }

    async fn expect(&mut self, expected: &str) -> String {
        let reply = self.reply().await;
        assert!(
            last_line(&reply).starts_with(expected),
            "expected {expected:?}, got {reply:?}"
        );
        reply
    }

    async fn greet(env: &Env) -> Client {
        let mut c = Client::start(env, SmtpConfig::default());
        c.expect("220 ").await;
        c.says("EHLO mail.danang.gov.vn", "250 ").await;
        c
    }
}

fn complete_reply(buf: &[u8]) -> Option<usize> {
    let mut start = 0;
    while let Some(pos) = buf[start..].windows(2).position(|w| w == b"\r\n") {
        let line = &buf[start..start + pos];
        let end = start + pos + 2;
        if line.len() >= 4 && line[3] == b' ' || line.len() == 3 {
            return Some(end);
        }
        start = end;
    }
    None
}

fn last_line(reply: &str) -> &str {
    reply.trim_end().lines().last().unwrap_or("")
}

fn inbox(env: &Env, address: &str) -> Vec<Vec<u8>> {
    let account = env.store.get_account(address).unwrap();
    let mailbox = env.store.get_mailbox(account.id, "INBOX").unwrap();
    env.store
        .messages(account.id, mailbox.id, 1..=u32::MAX)
        .unwrap()
        .iter()
        .map(|m| {
            env.store
                .read_message(account.id, mailbox.id, m.uid)
                .unwrap()
        })
        .collect()
}

fn body_of(raw: &[u8]) -> String {
    // Strip our Received header (first field, folded over three lines).
    let text = String::from_utf8_lossy(raw).into_owned();
    assert!(text.starts_with("Received: from "), "{text}");
    let end = text.find("+0700\r\n").unwrap() + 7;
    // And the classification header added to official documents.
    let rest = &text[end..];
    match rest.strip_prefix("X-Govmail-Document: ") {
        Some(after) => after[after.find("\r\n").unwrap() + 2..].to_string(),
        None => rest.to_string(),
    }
}

#[tokio::test]
async fn ehlo_advertises_the_extensions() {
    let env = env();
    let mut c = Client::start(&env, SmtpConfig::default());
    c.expect("220 ").await;
    let ehlo = c.says("EHLO client.example", "250 ").await;
    for ext in [
        "PIPELINING",
        "SIZE 52428800",
        "8BITMIME",
        "SMTPUTF8",
        "ENHANCEDSTATUSCODES",
        "CHUNKING",
    ] {
        assert!(ehlo.contains(ext), "{ext} missing from {ehlo}");
    }
    assert!(!ehlo.contains("STARTTLS"), "no TLS configured in this test");
    assert!(!ehlo.contains("AUTH"), "no AUTH on the MX port");
}

#[tokio::test]
async fn delivers_a_vietnamese_message_to_two_local_recipients() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says(
        "MAIL FROM:<vanthu@danang.gov.vn> SMTPUTF8 BODY=8BITMIME",
        "250 2.1.0",
    )
    .await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250 2.1.5").await;
    c.says("RCPT TO:<NgocTTB@QuangNgai.gov.vn>", "250 2.1.5")
        .await;
    c.says("DATA", "354").await;
    let message = "From: Văn thư <vanthu@danang.gov.vn>\r\nSubject: Giấy mời họp\r\n\r\nKính gửi: Sở TT&TT\r\n..dòng bắt đầu bằng dấu chấm\r\n";
    c.send(&format!("{message}.\r\n")).await;
    c.expect("250 2.0.0").await;
    c.says("QUIT", "221 2.0.0").await;
    for address in ["annv@quangngai.gov.vn", "ngocttb@quangngai.gov.vn"] {
        let stored = inbox(&env, address);
        assert_eq!(stored.len(), 1, "{address}");
        // Dot-unstuffed (RFC 5321 §4.5.2), otherwise byte for byte.
        assert_eq!(body_of(&stored[0]), message.replace("\r\n..", "\r\n."));
        let text = String::from_utf8_lossy(&stored[0]).into_owned();
        assert!(text.contains("by localhost (govmail) with ESMTP"), "{text}");
        assert!(text.contains("([192.0.2.10])"), "{text}");
    }
    // One content for both recipients, small enough to be kept in the database (no file).
    let report = env.store.check(false, false).unwrap();
    assert_eq!((report.contents, report.blob_files), (1, 0));
}

#[tokio::test]
async fn unknown_suspended_and_full_mailboxes_are_refused_at_rcpt() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<a@danang.gov.vn> SIZE=100", "250").await;
    c.says("RCPT TO:<khongco@quangngai.gov.vn>", "550 5.1.1")
        .await;
    c.says("RCPT TO:<tamngung@quangngai.gov.vn>", "550 5.2.1")
        .await;
    c.says("RCPT TO:<full@quangngai.gov.vn>", "552 5.2.2").await;
    c.says("DATA", "554 5.5.1").await;
    c.says("RSET", "250").await;
}

#[tokio::test]
async fn over_quota_can_be_a_temporary_failure() {
    let env = env();
    let mut c = Client::start(
        &env,
        SmtpConfig {
            over_quota_temporary: true,
            ..SmtpConfig::default()
        },
    );
    c.expect("220").await;
    c.says("HELO x", "250").await;
    c.says("MAIL FROM:<a@b.vn> SIZE=100", "250").await;
    c.says("RCPT TO:<full@quangngai.gov.vn>", "452 4.2.2").await;
}

#[tokio::test]
async fn open_relay_attempts_are_all_refused() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<spammer@example.com>", "250").await;
    for (rcpt, code) in [
        ("<someone@gmail.com>", "554 5.7.1"),
        ("<someone%gmail.com@quangngai.gov.vn>", "550 5.1.1"),
        ("<@quangngai.gov.vn:someone@gmail.com>", "5"),
        ("<\"someone@gmail.com\"@quangngai.gov.vn>", "5"),
        ("<gmail.com!someone@quangngai.gov.vn>", "550 5.1.1"),
        ("<someone@gmail.com@quangngai.gov.vn>", "5"),
    ] {
        c.says(&format!("RCPT TO:{rcpt}"), code).await;
    }
    c.says("DATA", "554").await;
    assert!(inbox(&env, "annv@quangngai.gov.vn").is_empty());
}

#[tokio::test]
async fn bare_lf_dot_lf_does_not_end_the_message() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<a@b.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    let sneaky = "Subject: one\r\n\r\nfirst part\n.\nMAIL FROM:<evil@x>\r\nRCPT TO:<ngocttb@quangngai.gov.vn>\r\nDATA\r\nsecond\r.\rthird\r\n";
    c.send(&format!("{sneaky}.\r\n")).await;
    c.expect("250 2.0.0").await;
    c.says("NOOP", "250").await;
    let stored = inbox(&env, "annv@quangngai.gov.vn");
    assert_eq!(stored.len(), 1);
    assert_eq!(body_of(&stored[0]), sneaky);
    assert!(inbox(&env, "ngocttb@quangngai.gov.vn").is_empty());
}

#[tokio::test]
async fn pipelined_commands_get_replies_in_order() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.send("MAIL FROM:<a@b.vn>\r\nRCPT TO:<annv@quangngai.gov.vn>\r\nRCPT TO:<nobody@quangngai.gov.vn>\r\nRCPT TO:<ngocttb@quangngai.gov.vn>\r\nDATA\r\n").await;
    c.expect("250 2.1.0").await;
    c.expect("250 2.1.5").await;
    c.expect("550 5.1.1").await;
    c.expect("250 2.1.5").await;
    c.expect("354").await;
    c.send("Subject: pipelined\r\n\r\nx\r\n.\r\nQUIT\r\n").await;
    c.expect("250 2.0.0").await;
    c.expect("221").await;
    assert_eq!(inbox(&env, "ngocttb@quangngai.gov.vn").len(), 1);
}

/// A command missing its argument is refused on its own line: smtp-proto read "MAIL FROM"
/// on into the next line, and the pipelined NOOP never got its reply (found by fuzzing).
#[tokio::test]
async fn an_incomplete_command_does_not_swallow_the_next_line() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.send("MAIL FROM\r\nNOOP\r\nRCPT TO\r\nNOOP\r\n").await;
    c.expect("501").await;
    c.expect("250").await;
    c.expect("5").await;
    c.expect("250").await;
    // Sent in two pieces, the same.
    c.send("MAIL FROM").await;
    c.send("\r\nNOOP\r\n").await;
    c.expect("501").await;
    c.expect("250").await;
    // A line over the limit is refused once and the session goes on after it.
    c.send(&format!("NOOP {}\r\nNOOP\r\n", "x".repeat(10_000)))
        .await;
    c.expect("500 5.5.6").await;
    c.expect("250").await;
}

#[tokio::test]
async fn bdat_chunks_are_joined() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<a@b.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    let (a, b) = ("Subject: BDAT\r\n\r\nphần một, ", "phần hai\r\n.\r\n");
    c.send(&format!("BDAT {}\r\n{a}", a.len())).await;
    c.expect("250 2.0.0").await;
    c.send(&format!("BDAT {} LAST\r\n{b}", b.len())).await;
    c.expect("250 2.0.0").await;
    let stored = inbox(&env, "annv@quangngai.gov.vn");
    // BDAT data is not dot-stuffed: the ".\r\n" is content.
    assert_eq!(body_of(&stored[0]), format!("{a}{b}"));
}

#[tokio::test]
async fn an_oversized_bdat_chunk_is_refused_not_truncated() {
    let env = env();
    let config = SmtpConfig {
        max_message_size: 1000,
        ..SmtpConfig::default()
    };
    let mut c = Client::start(&env, config);
    c.expect("220").await;
    c.says("EHLO x", "250").await;
    c.says("MAIL FROM:<a@b.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    let big = format!("Subject: big\r\n\r\n{}", "y".repeat(2500));
    c.send(&format!("BDAT {} LAST\r\n{big}", big.len())).await;
    c.expect("552 5.3.4").await;
    c.says("NOOP", "250").await;
    assert!(inbox(&env, "annv@quangngai.gov.vn").is_empty());
}

#[tokio::test]
async fn size_limits_are_enforced_and_the_session_goes_on() {
    let env = env();
    let config = SmtpConfig {
        max_message_size: 1000,
        ..SmtpConfig::default()
    };
    let mut c = Client::start(&env, config);
    c.expect("220").await;
    c.says("EHLO x", "250").await;
    c.says("MAIL FROM:<a@b.vn> SIZE=5000", "552 5.3.4").await;
    c.says("MAIL FROM:<a@b.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    let big = "x".repeat(3000);
    c.send(&format!("Subject: big\r\n\r\n{big}\r\n.\r\n")).await;
    c.expect("552 5.3.4").await;
    // The session continues with a fresh transaction.
    c.says("MAIL FROM:<a@b.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send("Subject: small\r\n\r\nok\r\n.\r\n").await;
    c.expect("250").await;
    assert_eq!(inbox(&env, "annv@quangngai.gov.vn").len(), 1);
}

#[tokio::test]
async fn bad_commands_get_clear_codes_and_too_many_errors_close() {
    let env = env();
    let mut c = Client::start(
        &env,
        SmtpConfig {
            max_errors: 5,
            ..SmtpConfig::default()
        },
    );
    c.expect("220").await;
    c.says("MAIL FROM:<a@b.vn>", "503 5.5.1").await;
    c.says("HELO x", "250").await;
    c.says("FROB", "500 5.5.2").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "503 5.5.1").await;
    c.says("MAIL FROM:<not an address", "501").await;
    c.says("DATA", "503 5.5.1").await;
    // The fifth error closes the session.
    c.expect("421 4.7.0").await;
}

#[tokio::test]
async fn mail_loops_are_stopped() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<a@b.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    let hops = "Received: from x by y; Tue, 3 Nov 2026 08:00:00 +0700\r\n".repeat(60);
    c.send(&format!("{hops}Subject: loop\r\n\r\nx\r\n.\r\n"))
        .await;
    c.expect("554 5.4.6").await;
    assert!(inbox(&env, "annv@quangngai.gov.vn").is_empty());
}

#[tokio::test]
async fn input_split_at_every_byte_gives_the_same_result() {
    let env = env();
    let script = "EHLO x\r\nMAIL FROM:<a@b.vn>\r\nRCPT TO:<annv@quangngai.gov.vn>\r\nDATA\r\nSubject: split\r\n\r\nline\r\n..dot\r\n.\r\nQUIT\r\n";
    let mut c = Client::start(&env, SmtpConfig::default());
    c.expect("220").await;
    for byte in script.as_bytes() {
        c.stream.write_all(&[*byte]).await.unwrap();
        c.stream.flush().await.unwrap();
    }
    for expected in ["250", "250 2.1.0", "250 2.1.5", "354", "250 2.0.0", "221"] {
        c.expect(expected).await;
    }
    let stored = inbox(&env, "annv@quangngai.gov.vn");
    assert_eq!(
        body_of(&stored[0]),
        "Subject: split\r\n\r\nline\r\n.dot\r\n"
    );
}

/// A submission session over (simulated) TLS, logged in as annv.
async fn submission(env: &Env) -> Client {
    submission_with(env, Default::default()).await
}

async fn submission_with(env: &Env, policy: policy::rules::PolicyConfig) -> Client {
    let mut c = Client::start_with_policy(
        env,
        SmtpConfig::default(),
        Mode::Submission,
        true,
        "192.0.2.20:50000",
        policy,
    );
    c.expect("220 ").await;
    let ehlo = c.says("EHLO thunderbird", "250 ").await;
    assert!(ehlo.contains("AUTH PLAIN LOGIN"), "{ehlo}");
    c.says(
        &format!(
            "AUTH PLAIN {}",
            b64(&format!("\0annv@quangngai.gov.vn\0{PASSWORD}"))
        ),
        "235 2.7.0",
    )
    .await;
    c
}

#[tokio::test]
async fn submission_needs_auth_and_auth_needs_tls() {
    let env = env();
    let mut c = Client::start_as(
        &env,
        SmtpConfig::default(),
        Mode::Submission,
        false,
        "192.0.2.20:1",
    );
    c.expect("220 ").await;
    let ehlo = c.says("EHLO client", "250 ").await;
    assert!(!ehlo.contains("AUTH"), "AUTH offered without TLS: {ehlo}");
    c.says("MAIL FROM:<annv@quangngai.gov.vn>", "530 5.7.0")
        .await;
    c.says(
        &format!(
            "AUTH PLAIN {}",
            b64(&format!("\0annv@quangngai.gov.vn\0{PASSWORD}"))
        ),
        "538 5.7.11",
    )
    .await;
    // Loopback may be allowed by configuration (tests, local webmail), and only loopback.
    let config = SmtpConfig {
        plaintext_auth_on_loopback: true,
        ..SmtpConfig::default()
    };
    let mut c = Client::start_as(&env, config.clone(), Mode::Submission, false, "127.0.0.1:5");
    c.expect("220 ").await;
    assert!(
        c.says("EHLO client", "250 ")
            .await
            .contains("AUTH PLAIN LOGIN")
    );
    let mut c = Client::start_as(&env, config, Mode::Submission, false, "192.0.2.20:5");
    c.expect("220 ").await;
    assert!(!c.says("EHLO client", "250 ").await.contains("AUTH"));
    // The MX port never offers AUTH, even over TLS.
    let mut c = Client::start_as(
        &env,
        SmtpConfig::default(),
        Mode::Inbound,
        true,
        "192.0.2.20:6",
    );
    c.expect("220 ").await;
    assert!(!c.says("EHLO client", "250 ").await.contains("AUTH"));
    c.says("AUTH PLAIN AGFAAGI=", "503 5.5.1").await;
}

#[tokio::test]
async fn auth_login_plain_challenge_cancel_and_bad_passwords() {
    let env = env();
    let mut c = Client::start_as(
        &env,
        SmtpConfig::default(),
        Mode::Submission,
        true,
        "192.0.2.30:1",
    );
    c.expect("220 ").await;
    c.says("EHLO client", "250 ").await;
    // LOGIN, step by step (RFC 4954 §4 challenges are base64 too).
    assert_eq!(
        c.says("AUTH LOGIN", "334 ").await.trim_end(),
        format!("334 {}", b64("Username:"))
    );
    assert_eq!(
        c.says(&b64("annv@quangngai.gov.vn"), "334 ")
            .await
            .trim_end(),
        format!("334 {}", b64("Password:"))
    );
    c.says(&b64("wrong"), "535 5.7.8").await;
    // PLAIN without an initial response, then cancelled with "*".
    c.says("AUTH PLAIN", "334").await;
    c.says("*", "501").await;
    c.says("AUTH CRAM-MD5", "504").await;
    c.says("AUTH PLAIN !!!", "501").await;
    // Unknown user: the same answer as a wrong password.
    c.says(
        &format!("AUTH PLAIN {}", b64("\0ghost@quangngai.gov.vn\0x")),
        "535 5.7.8",
    )
    .await;
    c.says(
        &format!("AUTH LOGIN {}", b64("ANNV@quangngai.gov.vn")),
        "334",
    )
    .await;
    c.says(&b64(PASSWORD), "235 2.7.0").await;
    c.says("AUTH PLAIN x", "503").await;
}

#[tokio::test]
async fn repeated_failures_slow_down_then_refuse_that_address_only() {
    let env = env();
    let start = |peer| Client::start_as(&env, SmtpConfig::default(), Mode::Submission, true, peer);
    let mut c = start("192.0.2.40:1");
    c.expect("220 ").await;
    c.says("EHLO client", "250 ").await;
    let wrong = format!("AUTH PLAIN {}", b64("\0annv@quangngai.gov.vn\0wrong"));
    let mut codes = Vec::new();
    for _ in 0..9 {
        codes.push(c.says(&wrong, "5").await[..3].to_string());
    }
    assert!(codes.iter().all(|c| c == "535"), "{codes:?}");
    // The session closes after max_errors (10); a new one from the same address has one try
    // left, then is refused even with the right password.
    let right = format!(
        "AUTH PLAIN {}",
        b64(&format!("\0annv@quangngai.gov.vn\0{PASSWORD}"))
    );
    let mut c = start("192.0.2.40:2");
    c.expect("220 ").await;
    c.says("EHLO client", "250 ").await;
    c.says(&wrong, "535").await;
    c.says(&right, "454 4.7.0").await;
    // The owner, from another address, is not locked out.
    let mut c = start("203.0.113.41:1");
    c.expect("220 ").await;
    c.says("EHLO client", "250 ").await;
    c.says(&right, "235 2.7.0").await;
}

#[tokio::test]
async fn sender_and_from_must_belong_to_the_account() {
    let env = env();
    let mut c = submission(&env).await;
    c.says("MAIL FROM:<giamdoc@quangngai.gov.vn>", "553 5.7.1")
        .await;
    c.says("MAIL FROM:<vanphong@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send("From: Giám đốc <giamdoc@quangngai.gov.vn>\r\nSubject: x\r\n\r\nforged\r\n.\r\n")
        .await;
    c.expect("553 5.7.1").await;
    c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send("From: Văn phòng <vanphong@quangngai.gov.vn>\r\nSubject: Giấy mời\r\n\r\nok\r\n.\r\n")
        .await;
    c.expect("250 2.0.0").await;
    let stored = inbox(&env, "ngocttb@quangngai.gov.vn");
    assert_eq!(stored.len(), 1);
    let text = String::from_utf8_lossy(&stored[0]);
    assert!(text.contains("with ESMTPSA"), "{text}");
    // The MSA added the missing Date and Message-ID (RFC 6409 §8).
    assert!(
        text.contains("\r\nDate: ") || text.contains("\nDate: "),
        "{text}"
    );
    assert!(text.contains("Message-ID: <"), "{text}");
}

#[tokio::test]
async fn remote_recipients_are_queued_with_their_dsn_parameters() {
    let env = env();
    let mut c = submission(&env).await;
    c.says(
        "MAIL FROM:<annv@quangngai.gov.vn> RET=HDRS ENVID=abc123",
        "250",
    )
    .await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says(
        "RCPT TO:<vanthu@hanoi.gov.vn> NOTIFY=FAILURE,DELAY ORCPT=rfc822;vanthu@hanoi.gov.vn",
        "250",
    )
    .await;
    c.says("RCPT TO:<x@gmail.com> NOTIFY=NEVER", "250").await;
    c.says("RCPT TO:<bad@-nodot>", "501").await;
    c.says("DATA", "354").await;
    c.send("From: annv@quangngai.gov.vn\r\nSubject: Báo cáo\r\n\r\nkính gửi\r\n.\r\n")
        .await;
    let reply = c.expect("250 2.0.0").await;
    assert!(reply.contains("queued as"), "{reply}");
    assert_eq!(inbox(&env, "ngocttb@quangngai.gov.vn").len(), 1);
    let queue = env.store.queue_list().unwrap();
    assert_eq!(queue.len(), 1);
    let entry = &queue[0];
    assert_eq!(entry.sender, "annv@quangngai.gov.vn");
    assert_eq!(entry.envid.as_deref(), Some("abc123"));
    assert!(!entry.ret_full);
    let r: Vec<_> = entry
        .recipients
        .iter()
        .map(|r| (r.address.as_str(), r.notify.0, r.orcpt.as_deref()))
        .collect();
    assert_eq!(
        r,
        [
            ("vanthu@hanoi.gov.vn", 6, Some("vanthu@hanoi.gov.vn")),
            ("x@gmail.com", 8, None)
        ]
    );
}

#[tokio::test]
async fn crossing_a_quota_threshold_sends_one_notice_per_crossing() {
    let env = env();
    let mut c = Client::greet(&env).await;
    let send = |size: usize, subject: &str| {
        format!("Subject: {subject}\r\n\r\n{}\r\n.\r\n", "x".repeat(size))
    };
    // 76 kB of 100 kB: over 75%; then 20 bytes; then over 90%.
    for (size, subject) in [(76_000, "một"), (20, "hai"), (12_000, "ba")] {
        c.says("MAIL FROM:<a@danang.gov.vn>", "250").await;
        c.says("RCPT TO:<gandays@quangngai.gov.vn>", "250").await;
        c.says("DATA", "354").await;
        c.send(&send(size, subject)).await;
        c.expect("250 2.0.0").await;
    }
    let subjects: Vec<String> = inbox(&env, "gandays@quangngai.gov.vn")
        .iter()
        .map(|raw| {
            mail_parser::MessageParser::new()
                .parse(raw)
                .and_then(|m| m.subject().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    // One message, its 75% notice, a message that crosses nothing, then one over 90%.
    assert_eq!(subjects.len(), 5, "{subjects:?}");
    assert_eq!(subjects[0], "một");
    assert!(subjects[1].contains("75%"), "{subjects:?}");
    assert_eq!((subjects[2].as_str(), subjects[3].as_str()), ("hai", "ba"));
    assert!(subjects[4].contains("90%"), "{subjects:?}");
    let notice = String::from_utf8_lossy(&inbox(&env, "gandays@quangngai.gov.vn")[1]).into_owned();
    assert!(
        notice.contains("Auto-Submitted: auto-generated"),
        "{notice}"
    );
}

const INVITATION: &str = "From: annv@quangngai.gov.vn\r\nTo: ngocttb@quangngai.gov.vn, x@gmail.com\r\n\
Subject: =?utf-8?b?R2nhuqV5IG3hu51pIGjhu41wIHPhu5EgMTIzL0dNLVVCTkQ=?=\r\n\
MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Kính gửi: các đơn vị.\r\nUBND tỉnh gửi Giấy mời số 123/GM-UBND về dự họp giao ban.\r\n.\r\n";

/// Only this server may say what it recognised (and what the signature check found): a
/// sender's own `X-Govmail-Document`/`X-Govmail-Signature` fields are taken out before ours
/// is added, so a Sieve rule or a client's header rule never acts on a forged "hỏa tốc".
#[tokio::test]
async fn a_senders_own_document_fields_are_taken_out() {
    let env = env();
    let mut c = submission(&env).await;
    let forged = "X-Govmail-Document: type=quyet-dinh; number=9/QD-UBND; urgency=hoa-toc;\r\n mandatory=yes\r\n\
                  X-Govmail-Signature: file=\"a.pdf\"; status=valid\r\n";
    for (body, want) in [
        (
            format!("{forged}{INVITATION}"),
            Some("X-Govmail-Document: type=giay-moi; number=123/GM-UBND; mandatory=yes\r\n"),
        ),
        (
            format!(
                "{forged}From: annv@quangngai.gov.vn\r\nSubject: lunch\r\n\r\nAn com trua nhe.\r\n.\r\n"
            ),
            None,
        ),
    ] {
        c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
        c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
        c.says("DATA", "354").await;
        c.send(&body).await;
        c.expect("250 2.0.0").await;
        let stored = inbox(&env, "ngocttb@quangngai.gov.vn");
        let raw = String::from_utf8_lossy(stored.last().unwrap()).into_owned();
        let ours: Vec<&str> = raw
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .split("\r\n")
            .filter(|l| l.to_ascii_lowercase().starts_with("x-govmail-"))
            .collect();
        match want {
            Some(field) => assert_eq!(ours, [field.trim_end()], "{raw}"),
            None => assert!(ours.is_empty(), "{raw}"),
        }
        assert!(
            !raw.contains("hoa-toc") && !raw.contains("status=valid"),
            "{raw}"
        );
    }
}

/// A message mail-parser 0.11 panics on (a message/rfc822 part naming a multipart type
/// twice; found by the policy_document fuzz target) is stored as received, 250, not a 451
/// the sender would retry for days.
#[tokio::test]
async fn a_message_the_mime_parser_panics_on_is_stored_as_received() {
    let env = env();
    let mut c = submission(&env).await;
    let raw = "From: annv@quangngai.gov.vn\r\nSubject: Fwd\r\n\
               Content-Type: multipart/mixed; boundary=fw\r\n\r\n\
               --fw\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--fw\r\n\
               Content-Type: message/rfc822\r\nContent-Disposition: at\r\n\r\n\
               From: b@x\r\nSubject: Report\r\nContent-Type: mul\r\n\
               Content-Type: message/rfc822\r\ntipart/mixed; boundary=in\r\n\r\n\
               --in\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nInner text.\r\n--in\r\n\
               Content-Type: tex@/csv; name=data.csv\r\n\r\na,b\r\n1,2\r\n--in--\r\n--fw--\r\n.\r\n";
    c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send(raw).await;
    c.expect("250 2.0.0").await;
    let stored = inbox(&env, "ngocttb@quangngai.gov.vn");
    assert_eq!(stored.len(), 1);
    assert!(String::from_utf8_lossy(&stored[0]).contains("Inner text."));
}

fn secret_decision(secrecy_line: &str) -> String {
    format!(
        "From: annv@quangngai.gov.vn\r\nSubject: {secrecy_line} Kế hoạch số 05/KH-UBND\r\n\r\n\
         Kính gửi: Công an tỉnh.\r\nUBND tỉnh gửi Kế hoạch số 05/KH-UBND.\r\n.\r\n"
    )
}

#[tokio::test]
async fn secret_marked_documents_are_refused_at_submission_and_counted() {
    let env = env();
    let mut c = submission(&env).await;
    c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send(&secret_decision("[MẬT]")).await;
    let reply = c.expect("550 5.7.1").await;
    assert!(reply.contains("bí mật nhà nước"), "{reply}");
    assert!(inbox(&env, "ngocttb@quangngai.gov.vn").is_empty());
    let annv = env.store.get_account("annv@quangngai.gov.vn").unwrap().id;
    env.store.flush_usage().unwrap();
    let usage = env.store.usage_between(0, i64::MAX).unwrap();
    assert!(
        usage
            .iter()
            .any(|u| u.account == annv && u.totals.secret_refused == 1),
        "{usage:?}"
    );
    let register = env.store.documents_between(0, i64::MAX).unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(
        (
            register[0].direction.as_str(),
            register[0].secrecy.as_deref()
        ),
        ("refused", Some("mat"))
    );
}

#[tokio::test]
async fn official_documents_are_marked_and_an_outside_recipient_is_warned_about() {
    let env = env();
    let mut c = submission(&env).await;
    c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<x@gmail.com>", "250").await;
    c.says("DATA", "354").await;
    c.send(INVITATION).await;
    c.expect("250 2.0.0").await;
    let account = env.store.get_account("ngocttb@quangngai.gov.vn").unwrap();
    let mailbox = env.store.get_mailbox(account.id, "INBOX").unwrap();
    let got = env
        .store
        .messages(account.id, mailbox.id, 1..=u32::MAX)
        .unwrap();
    assert_eq!(got[0].keywords, ["$Official"]);
    let raw = String::from_utf8_lossy(&inbox(&env, "ngocttb@quangngai.gov.vn")[0]).into_owned();
    assert!(
        raw.contains("X-Govmail-Document: type=giay-moi; number=123/GM-UBND; mandatory=yes\r\n"),
        "{raw}"
    );
    // The sender is told that gmail.com is not official mail.
    let notices = inbox(&env, "annv@quangngai.gov.vn");
    assert_eq!(notices.len(), 1);
    let notice = String::from_utf8_lossy(&notices[0]).into_owned();
    assert!(
        notice.contains("Auto-Submitted: auto-generated"),
        "{notice}"
    );
    let parsed = mail_parser::MessageParser::new()
        .parse(&notices[0])
        .unwrap();
    assert!(
        parsed
            .subject()
            .unwrap()
            .starts_with("Lưu ý: Giấy mời số 123/GM-UBND")
    );
    assert!(parsed.body_text(0).unwrap().contains("x@gmail.com"));
    // Counted for the reports: one login and one official message sent by annv, one
    // official message received by ngocttb.
    env.store.flush_usage().unwrap();
    let usage = env.store.usage_between(0, i64::MAX).unwrap();
    let of = |address: &str| {
        let id = env.store.get_account(address).unwrap().id;
        usage
            .iter()
            .find(|u| u.account == id)
            .map(|u| u.totals)
            .unwrap_or_default()
    };
    let annv = of("annv@quangngai.gov.vn");
    assert_eq!(
        (annv.logins_smtp, annv.sent, annv.official_sent),
        (1, 1, 1),
        "{annv:?}"
    );
    let ngoc = of("ngocttb@quangngai.gov.vn");
    assert_eq!(
        (ngoc.received, ngoc.official_received, ngoc.sent),
        (1, 1, 0),
        "{ngoc:?}"
    );
    // And written into the exchange register.
    let register = env.store.documents_between(0, i64::MAX).unwrap();
    assert_eq!(register.len(), 1, "{register:?}");
    let d = &register[0];
    let agency = env.store.get_agency("STTTT").unwrap().id;
    assert_eq!(
        (
            d.direction.as_str(),
            d.doc_type.as_deref(),
            d.number.as_deref(),
            d.mandatory
        ),
        ("sent", Some("giay-moi"), Some("123/GM-UBND"), true)
    );
    assert_eq!(
        (d.sender_agency, d.recipient_agencies.clone()),
        (Some(agency), vec![agency])
    );
    assert_eq!((d.recipients_local, d.recipients_external), (1, 1));
}

#[tokio::test]
async fn secret_marked_documents_from_outside_are_quarantined() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<vanthu@danang.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send(&secret_decision("TỐI MẬT -")).await;
    let reply = c.expect("250").await;
    assert!(reply.contains("held"), "{reply}");
    assert!(inbox(&env, "ngocttb@quangngai.gov.vn").is_empty());
    let held = env.store.quarantine_list().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].sender, "vanthu@danang.gov.vn");
    assert!(held[0].reason.contains("Tối mật"), "{}", held[0].reason);
}

/// `[policy.agencies.CODE]`: the sender's agency (or one above it) may reject mandatory
/// documents to non-official domains where the province only warns.
#[tokio::test]
async fn an_agency_of_the_sender_can_have_its_own_rules() {
    use policy::rules::{AgencyRules, External, PolicyConfig};
    let env = env();
    env.store
        .add_agency("UBND", "Ủy ban nhân dân tỉnh", None, None)
        .unwrap();
    env.store
        .add_agency("SNV", "Sở Nội vụ", Some("UBND"), None)
        .unwrap();
    env.store.move_agency("STTTT", Some("UBND")).unwrap();
    // annv is in STTTT, under UBND: a rule on UBND covers it, one on SNV does not, and a rule
    // on STTTT itself wins over UBND's.
    for (rules, expected) in [
        (vec![("UBND", External::Reject)], "550 5.7.1"),
        (vec![("SNV", External::Reject)], "250 2.0.0"),
        (
            vec![("UBND", External::Reject), ("STTTT", External::Allow)],
            "250 2.0.0",
        ),
    ] {
        let policy = PolicyConfig {
            agencies: rules
                .iter()
                .map(|(agency, mode)| AgencyRules {
                    agency: agency.to_string(),
                    mandatory: None,
                    external_mandatory: Some(*mode),
                    receipts: None,
                })
                .collect(),
            ..PolicyConfig::default()
        };
        let mut c = submission_with(&env, policy).await;
        c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
        c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
        c.says("RCPT TO:<x@gmail.com>", "250").await;
        c.says("DATA", "354").await;
        c.send(INVITATION).await;
        c.expect(expected).await;
    }
    // Reject gave no copy; the two deliveries did.
    assert_eq!(inbox(&env, "ngocttb@quangngai.gov.vn").len(), 2);
    // "allow" sends no warning to the sender; the one delivery under SNV's rule got one.
    assert_eq!(inbox(&env, "annv@quangngai.gov.vn").len(), 1);
}

/// `[policy] enabled = false` (for measuring the policy step): nothing is recognised, so
/// nothing is marked or refused.
#[tokio::test]
async fn with_the_policy_step_off_documents_pass_unmarked() {
    use policy::rules::PolicyConfig;
    let env = env();
    let policy = PolicyConfig {
        enabled: false,
        ..PolicyConfig::default()
    };
    let mut c = submission_with(&env, policy).await;
    c.says("MAIL FROM:<annv@quangngai.gov.vn>", "250").await;
    c.says("RCPT TO:<ngocttb@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    c.send(&secret_decision("[MẬT]")).await;
    c.expect("250 2.0.0").await;
    let raw = String::from_utf8_lossy(&inbox(&env, "ngocttb@quangngai.gov.vn")[0]).into_owned();
    assert!(!raw.contains("X-Govmail-Document"), "{raw}");
    assert!(env.store.documents_between(0, i64::MAX).unwrap().is_empty());
}

/// Makes the disk "full" for govmail: a reserve 1 GiB above what is free now.
fn fill_disk(env: &Env) {
    let free = env.store.disk_status().unwrap().free_bytes;
    env.store.set_min_free_space(free + (1 << 30));
}

fn assert_nothing_stored(env: &Env) {
    assert!(inbox(env, "annv@quangngai.gov.vn").is_empty());
    let report = env.store.check(false, false).unwrap();
    assert_eq!(report.blob_files, 0);
    assert!(report.is_clean(), "{report:?}");
}

#[tokio::test]
async fn a_nearly_full_disk_gets_452_4_3_1_at_mail_from() {
    let env = env();
    fill_disk(&env);
    let mut c = Client::greet(&env).await;
    c.says(
        "MAIL FROM:<vanthu@danang.gov.vn>",
        "452 4.3.1 the server's disk is nearly full",
    )
    .await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "503 5.5.1").await;
    // Space freed: the sender's retry goes through.
    env.store.set_min_free_space(0);
    c.says("MAIL FROM:<vanthu@danang.gov.vn>", "250 2.1.0")
        .await;
    assert_eq!(env.store.disk_status().unwrap().refusals, 1);
    assert_nothing_stored(&env);
}

#[tokio::test]
async fn mail_from_counts_the_announced_size_against_the_reserve() {
    let env = env();
    // 200 MiB above the reserve: a small message fits, a 400 MB one does not.
    let free = env.store.disk_status().unwrap().free_bytes;
    env.store.set_min_free_space(free - (200 << 20));
    let config = SmtpConfig {
        max_message_size: 500 << 20,
        ..SmtpConfig::default()
    };
    let mut c = Client::start(&env, config);
    c.expect("220").await;
    c.says("EHLO mail.danang.gov.vn", "250").await;
    c.says("MAIL FROM:<a@danang.gov.vn> SIZE=400000000", "452 4.3.1")
        .await;
    c.says("MAIL FROM:<a@danang.gov.vn> SIZE=20000", "250 2.1.0")
        .await;
}

#[tokio::test]
async fn a_disk_filling_during_data_gets_452_4_3_1_and_nothing_is_stored() {
    let env = env();
    let mut c = Client::greet(&env).await;
    c.says("MAIL FROM:<vanthu@danang.gov.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    c.says("DATA", "354").await;
    fill_disk(&env);
    c.send("Subject: Báo cáo tuần\r\n\r\nKính gửi các đơn vị.\r\n.\r\n")
        .await;
    c.expect("452 4.3.1").await;
    // The same with BDAT: refused at LAST, before anything is written.
    c.says("MAIL FROM:<vanthu@danang.gov.vn>", "452 4.3.1")
        .await;
    env.store.set_min_free_space(0);
    c.says("MAIL FROM:<vanthu@danang.gov.vn>", "250").await;
    c.says("RCPT TO:<annv@quangngai.gov.vn>", "250").await;
    let a = "Subject: BDAT\r\n\r\nphần một\r\n";
    c.send(&format!("BDAT {}\r\n{a}", a.len())).await;
    c.expect("250 2.0.0").await;
    fill_disk(&env);
    c.send("BDAT 0 LAST\r\n").await;
    c.expect("452 4.3.1").await;
    c.says("NOOP", "250").await;
    assert_nothing_stored(&env);
}
