//! POP3 conversations driven in memory: each test reads like the dialogue it checks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use storage::{AccountId, AccountKind, Flags, MailboxId, NewAccount, OpenMode, Quota, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::task::JoinHandle;

use super::{End, Session};
use crate::{Imap, ImapConfig};

const USER: &str = "annv@quangngai.gov.vn";
const PASSWORD: &str = "Mật-khẩu 2026";
const REMOTE: &str = "192.0.2.10:40000";

/// A Vietnamese message with lines that need byte-stuffing (a lone "." and one starting
/// with ".."), CRLF throughout, as the store keeps them.
const GIAY_MOI: &str = "From: Văn thư <vanthu@danang.gov.vn>\r\n\
    To: annv@quangngai.gov.vn\r\n\
    Subject: Giấy mời họp về chuyển đổi số\r\n\
    MIME-Version: 1.0\r\n\
    Content-Type: text/plain; charset=utf-8\r\n\
    Content-Transfer-Encoding: 8bit\r\n\
    \r\n\
    Kính gửi: Sở Thông tin và Truyền thông\r\n\
    .\r\n\
    ..Dòng bắt đầu bằng dấu chấm\r\n\
    Trân trọng.\r\n";

const BAO_CAO: &str = "From: annv@quangngai.gov.vn\r\nSubject: Báo cáo tháng 5\r\n\r\nNội dung\r\n";

struct Env {
    _dir: tempfile::TempDir,
    store: Store,
    logins: Arc<auth::Logins>,
    account: AccountId,
    inbox: MailboxId,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("quangngai.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
        .unwrap();
    let account = store
        .create_account(NewAccount {
            address: USER.into(),
            display_name: "Nguyễn Văn An".into(),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
            quota: Quota::default(),
        })
        .unwrap();
    for raw in [GIAY_MOI, BAO_CAO] {
        store
            .append(
                account.id,
                "INBOX",
                raw.as_bytes().into(),
                Flags::default(),
                Vec::new(),
                storage::now(),
            )
            .unwrap();
    }
    let inbox = store.get_mailbox(account.id, "INBOX").unwrap().id;
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
        account: account.id,
        inbox,
    }
}

impl Env {
    fn imap(&self, plaintext_on_loopback: bool) -> Arc<Imap> {
        Arc::new(Imap {
            config: ImapConfig {
                plaintext_login_on_loopback: plaintext_on_loopback,
                ..ImapConfig::default()
            },
            store: self.store.clone(),
            logins: self.logins.clone(),
            shutdown: tokio_util::sync::CancellationToken::new(),
            stats: Arc::default(),
        })
    }

    /// (uid, flags) of the INBOX.
    fn inbox(&self) -> Vec<(u32, Flags)> {
        self.store
            .messages(self.account, self.inbox, 1..=u32::MAX)
            .unwrap()
            .iter()
            .map(|m| (m.uid, m.flags))
            .collect()
    }
}

struct Client {
    stream: DuplexStream,
    pending: Vec<u8>,
    task: JoinHandle<End>,
    imap: Arc<Imap>,
}

impl Client {
    /// A session over TLS (as on pop3s or after STLS), from a remote address.
    async fn tls(env: &Env) -> Client {
        Client::start(env.imap(false), true, false, REMOTE).await
    }

    /// A plaintext session on the pop3 port, STLS offered.
    async fn plain(env: &Env) -> Client {
        Client::start(env.imap(false), false, true, REMOTE).await
    }

    async fn start(imap: Arc<Imap>, tls: bool, starttls: bool, peer: &str) -> Client {
        let mut c = Client::spawn(imap, tls, starttls, peer);
        c.expect("+OK govmail POP3 server ready").await;
        c
    }

    fn spawn(imap: Arc<Imap>, tls: bool, starttls: bool, peer: &str) -> Client {
        let (client, server) = tokio::io::duplex(1 << 16);
        let peer = peer.parse().unwrap();
        let session_imap = imap.clone();
        let task = tokio::spawn(async move {
            Session::new(server, session_imap, peer, tls, starttls)
                .run(true)
                .await
        });
        Client {
            stream: client,
            pending: Vec::new(),
            task,
            imap,
        }
    }

    async fn send(&mut self, data: &[u8]) {
        self.stream.write_all(data).await.unwrap();
    }

    async fn read_more(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        let n = self.stream.read(&mut buf).await.unwrap_or(0);
        self.pending.extend_from_slice(&buf[..n]);
        n > 0
    }

    /// One response line, without CRLF.
    async fn line(&mut self) -> String {
        loop {
            if let Some(end) = self.pending.windows(2).position(|w| w == b"\r\n") {
                let line: Vec<u8> = self.pending.drain(..end + 2).collect();
                return String::from_utf8(line[..end].to_vec()).unwrap();
            }
            assert!(
                self.read_more().await,
                "connection closed; had {:?}",
                String::from_utf8_lossy(&self.pending)
            );
        }
    }

    async fn expect(&mut self, expected: &str) -> String {
        let line = self.line().await;
        assert!(
            line.starts_with(expected),
            "expected {expected:?}, got {line:?}"
        );
        line
    }

    /// Sends a command and checks the first line of the response starts with `expected`.
    async fn says(&mut self, command: &str, expected: &str) -> String {
        self.send(format!("{command}\r\n").as_bytes()).await;
        let line = self.line().await;
        assert!(
            line.starts_with(expected),
            "{command:?}: expected {expected:?}, got {line:?}"
        );
        line
    }

    /// The body of a multi-line response as sent (still byte-stuffed), up to and without
    /// the terminating ".CRLF".
    async fn body(&mut self) -> Vec<u8> {
        loop {
            let found = if self.pending.starts_with(b".\r\n") {
                Some(0)
            } else {
                self.pending
                    .windows(5)
                    .position(|w| w == b"\r\n.\r\n")
                    .map(|p| p + 2)
            };
            if let Some(end) = found {
                let body: Vec<u8> = self.pending.drain(..end + 3).collect();
                return body[..end].to_vec();
            }
            assert!(
                self.read_more().await,
                "connection closed inside a response"
            );
        }
    }

    /// Sends a command expecting a multi-line +OK response; returns (first line, body).
    async fn multi(&mut self, command: &str) -> (String, Vec<u8>) {
        let first = self.says(command, "+OK").await;
        (first, self.body().await)
    }

    async fn login(&mut self) {
        self.says(&format!("USER {USER}"), "+OK").await;
        self.says(&format!("PASS {PASSWORD}"), "+OK logged in")
            .await;
    }

    /// Waits for the server to close; returns what it sent meanwhile and how it ended.
    async fn end(mut self) -> (String, End) {
        while self.read_more().await {}
        let end = self.task.await.unwrap();
        (String::from_utf8(self.pending).unwrap(), end)
    }
}

/// Undoes byte-stuffing (RFC 1939 §3) of a multi-line body.
fn unstuff(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in body.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
    }
    out
}

fn caps(body: &[u8]) -> Vec<String> {
    String::from_utf8(body.to_vec())
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn before_tls_capa_offers_stls_and_login_is_refused() {
    let env = env();
    let mut c = Client::plain(&env).await;
    let (_, body) = c.multi("CAPA").await;
    let caps = caps(&body);
    for cap in [
        "TOP",
        "UIDL",
        "RESP-CODES",
        "AUTH-RESP-CODE",
        "PIPELINING",
        "STLS",
        "IMPLEMENTATION govmail",
    ] {
        assert!(caps.iter().any(|c| c == cap), "{cap} missing from {caps:?}");
    }
    assert!(!caps.iter().any(|c| c == "USER" || c.starts_with("SASL")));
    c.says(&format!("USER {USER}"), "-ERR [AUTH] TLS is required")
        .await;
    c.says("AUTH PLAIN AGFubnZAcXVhbmduZ2FpLmdvdi52bgB4", "-ERR [AUTH]")
        .await;
    c.says(&format!("PASS {PASSWORD}"), "-ERR give USER first")
        .await;
    // Pipelined after STLS: must not be run, in the clear or after the handshake.
    c.send(b"STLS\r\nUSER annv@quangngai.gov.vn\r\n").await;
    let (rest, end) = c.end().await;
    assert_eq!(rest, "+OK begin TLS negotiation\r\n");
    assert_eq!(end, End::StartTls);
}

#[tokio::test]
async fn over_tls_capa_offers_user_and_sasl_and_no_stls() {
    let env = env();
    let mut c = Client::tls(&env).await;
    let (_, body) = c.multi("CAPA").await;
    let before = caps(&body);
    assert!(before.iter().any(|c| c == "USER"), "{before:?}");
    assert!(before.iter().any(|c| c == "SASL PLAIN"), "{before:?}");
    assert!(!before.iter().any(|c| c == "STLS"), "{before:?}");
    c.says("STLS", "-ERR TLS is already active").await;
    c.login().await;
    let (_, body) = c.multi("CAPA").await;
    let after = caps(&body);
    assert!(after.iter().any(|c| c == "UIDL"), "{after:?}");
    assert!(!after.iter().any(|c| c == "USER" || c.starts_with("SASL")));
}

#[tokio::test]
async fn plaintext_login_from_loopback_only_when_configured() {
    let env = env();
    let mut c = Client::start(env.imap(true), false, true, "127.0.0.1:5000").await;
    let (_, body) = c.multi("CAPA").await;
    assert!(caps(&body).iter().any(|c| c == "USER"));
    c.login().await;
    let mut c = Client::start(env.imap(false), false, true, "127.0.0.1:5000").await;
    c.says(&format!("USER {USER}"), "-ERR [AUTH]").await;
    let mut c = Client::start(env.imap(true), false, true, REMOTE).await;
    c.says(&format!("USER {USER}"), "-ERR [AUTH]").await;
}

#[tokio::test]
async fn user_pass_refuses_a_wrong_password_then_logs_in_and_counts_the_login() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.says(&format!("USER {USER}"), "+OK").await;
    c.says("PASS sai mật khẩu", "-ERR [AUTH] invalid credentials")
        .await;
    // RFC 1939 §7: after a failed PASS the client starts again with USER.
    c.says(&format!("PASS {PASSWORD}"), "-ERR give USER first")
        .await;
    c.says("USER khongco@quangngai.gov.vn", "+OK").await;
    c.says(
        &format!("PASS {PASSWORD}"),
        "-ERR [AUTH] invalid credentials",
    )
    .await;
    c.says(&format!("USER {}", USER.to_uppercase()), "+OK")
        .await;
    let total = GIAY_MOI.len() + BAO_CAO.len();
    c.says(
        &format!("PASS {PASSWORD}"),
        &format!("+OK logged in; maildrop has 2 messages ({total} octets)"),
    )
    .await;
    c.says(&format!("USER {USER}"), "-ERR already logged in")
        .await;
    c.says("QUIT", "+OK").await;
    env.store.flush_usage().unwrap();
    let usage = env.store.usage_between(0, i64::MAX).unwrap();
    assert!(
        usage.iter().any(|u| u.account == env.account
            && u.totals.logins_pop3 == 1
            && u.totals.logins_imap == 0),
        "{usage:?}"
    );
}

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[tokio::test]
async fn auth_plain_with_an_initial_response() {
    let env = env();
    let mut c = Client::tls(&env).await;
    let (_, body) = c.multi("AUTH").await;
    assert_eq!(body, b"PLAIN\r\n");
    c.says("AUTH CRAM-MD5", "-ERR unsupported mechanism").await;
    c.says(
        &format!("AUTH PLAIN {}", b64(&format!("\0{USER}\0sai"))),
        "-ERR [AUTH] invalid credentials",
    )
    .await;
    c.says("AUTH PLAIN !!!", "-ERR malformed").await;
    c.says(
        &format!("AUTH PLAIN {}", b64(&format!("\0{USER}\0{PASSWORD}"))),
        "+OK logged in; maildrop has 2 messages",
    )
    .await;
    c.says("STAT", "+OK 2 ").await;
}

#[tokio::test]
async fn auth_plain_after_a_continuation_and_cancelled_with_a_star() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.send(b"AUTH PLAIN\r\n").await;
    c.expect("+ ").await;
    c.says("*", "-ERR authentication cancelled").await;
    c.send(b"auth plain\r\n").await;
    c.expect("+ ").await;
    c.says(
        &b64(&format!("{USER}\0{USER}\0{PASSWORD}")),
        "+OK logged in",
    )
    .await;
    c.says("AUTH PLAIN", "-ERR already logged in").await;
}

#[tokio::test]
async fn stat_list_uidl_retr_and_top_give_exact_sizes_and_stuffed_lines() {
    let env = env();
    let uidvalidity = env
        .store
        .get_mailbox(env.account, "INBOX")
        .unwrap()
        .uidvalidity;
    let (a, b) = (GIAY_MOI.len(), BAO_CAO.len());
    let mut c = Client::tls(&env).await;
    c.login().await;
    c.says("STAT", &format!("+OK 2 {}", a + b)).await;
    let (first, body) = c.multi("LIST").await;
    assert_eq!(first, format!("+OK 2 messages ({} octets)", a + b));
    assert_eq!(body, format!("1 {a}\r\n2 {b}\r\n").as_bytes());
    c.says("LIST 2", &format!("+OK 2 {b}")).await;
    c.says("LIST 3", "-ERR no such message").await;
    c.says("LIST 0", "-ERR no such message").await;
    let (_, body) = c.multi("UIDL").await;
    assert_eq!(
        body,
        format!("1 {uidvalidity}.1\r\n2 {uidvalidity}.2\r\n").as_bytes()
    );
    c.says("UIDL 2", &format!("+OK 2 {uidvalidity}.2")).await;

    // TOP does not set \Seen; RETR does.
    let (_, top) = c.multi("TOP 1 0").await;
    let header_end = GIAY_MOI.find("\r\n\r\n").unwrap() + 4;
    assert_eq!(unstuff(&top), &GIAY_MOI.as_bytes()[..header_end]);
    let (_, top) = c.multi("TOP 1 2").await;
    assert_eq!(
        top,
        format!(
            "{}Kính gửi: Sở Thông tin và Truyền thông\r\n..\r\n",
            &GIAY_MOI[..header_end]
        )
        .as_bytes()
    );
    assert!(env.inbox().iter().all(|(_, f)| !f.contains(Flags::SEEN)));

    let (first, body) = c.multi("RETR 1").await;
    assert_eq!(first, format!("+OK {a} octets"));
    // The lone "." and the line starting with ".." are stuffed on the wire...
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(text.contains("\r\n..\r\n...Dòng bắt đầu"), "{text}");
    // ...and the client gets back exactly the octets LIST announced.
    assert_eq!(unstuff(&body), GIAY_MOI.as_bytes());
    assert_eq!(unstuff(&body).len(), a);
    let (_, body) = c.multi("RETR 2").await;
    assert_eq!(body, BAO_CAO.as_bytes());
    assert!(env.inbox().iter().all(|(_, f)| f.contains(Flags::SEEN)));
    c.says("RETR 3", "-ERR no such message").await;
    c.says("NOOP", "+OK").await;
}

#[tokio::test]
async fn dele_hides_a_message_and_rset_brings_it_back() {
    let env = env();
    let b = BAO_CAO.len();
    let mut c = Client::tls(&env).await;
    c.login().await;
    c.says("DELE 1", "+OK message 1 deleted").await;
    c.says("DELE 1", "-ERR message 1 already deleted").await;
    c.says("STAT", &format!("+OK 1 {b}")).await;
    let (_, body) = c.multi("LIST").await;
    assert_eq!(body, format!("2 {b}\r\n").as_bytes());
    let (_, body) = c.multi("UIDL").await;
    assert!(String::from_utf8(body).unwrap().starts_with("2 "));
    c.says("LIST 1", "-ERR message 1 already deleted").await;
    c.says("UIDL 1", "-ERR message 1 already deleted").await;
    c.says("RETR 1", "-ERR message 1 already deleted").await;
    c.says("TOP 1 0", "-ERR message 1 already deleted").await;
    c.says("RSET", "+OK maildrop has 2 messages").await;
    c.multi("RETR 1").await;
    c.says("QUIT", "+OK").await;
    assert_eq!(env.inbox().len(), 2);
}

#[tokio::test]
async fn quit_removes_the_deleted_messages_and_unique_ids_stay() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.login().await;
    let id = c.says("UIDL 2", "+OK 2 ").await["+OK 2 ".len()..].to_string();
    c.says("DELE 1", "+OK").await;
    c.says(
        "QUIT",
        "+OK govmail POP3 server signing off (1 messages left)",
    )
    .await;
    let (rest, end) = c.end().await;
    assert_eq!((rest.as_str(), end), ("", End::Closed));
    assert_eq!(
        env.inbox().iter().map(|(uid, _)| *uid).collect::<Vec<_>>(),
        [2]
    );
    // The next session numbers the remaining message 1, with the same unique-id.
    let mut c = Client::tls(&env).await;
    c.login().await;
    let (_, body) = c.multi("UIDL").await;
    assert_eq!(body, format!("1 {id}\r\n").as_bytes());
    c.says("DELE 1", "+OK").await;
    c.says(
        "QUIT",
        "+OK govmail POP3 server signing off (maildrop empty)",
    )
    .await;
    assert!(env.inbox().is_empty());
}

#[tokio::test]
async fn a_dropped_connection_removes_nothing() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.login().await;
    c.says("DELE 1", "+OK").await;
    c.says("DELE 2", "+OK").await;
    let Client { stream, task, .. } = c;
    drop(stream);
    assert_eq!(task.await.unwrap(), End::Closed);
    let inbox = env.inbox();
    assert_eq!(inbox.len(), 2);
    assert!(inbox.iter().all(|(_, f)| !f.contains(Flags::DELETED)));
}

#[tokio::test]
async fn quit_before_login_just_says_goodbye() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.says("QUIT", "+OK govmail POP3 server signing off").await;
    assert_eq!(c.end().await.1, End::Closed);
}

#[tokio::test]
async fn a_message_expunged_by_imap_meanwhile_is_an_error_not_a_crash() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.login().await;
    env.store
        .set_flags(
            env.account,
            env.inbox,
            vec![1],
            storage::FlagChange {
                op: storage::FlagOp::Add,
                flags: Flags::DELETED,
                keywords: Vec::new(),
                unchanged_since: None,
            },
        )
        .unwrap();
    env.store.expunge(env.account, env.inbox, None).unwrap();
    c.says("RETR 1", "-ERR message 1 was removed by another session")
        .await;
    c.says("TOP 1 1", "-ERR message 1 was removed").await;
    c.multi("RETR 2").await;
    c.says("DELE 1", "+OK").await;
    c.says("QUIT", "+OK").await;
    assert_eq!(
        env.inbox().iter().map(|(uid, _)| *uid).collect::<Vec<_>>(),
        [2]
    );
}

#[tokio::test]
async fn bad_commands_get_err_and_the_session_goes_on_until_too_many() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.says("XYZZY", "-ERR unknown command").await;
    c.says("STAT", "-ERR log in first").await;
    c.says("NOOP", "-ERR log in first").await;
    c.says(
        "APOP annv c4c9334bac560ecc979e58001b3e22fb",
        "-ERR APOP is not supported",
    )
    .await;
    c.login().await;
    c.says("RETR", "-ERR give one message number").await;
    c.says("RETR abc", "-ERR a message number is decimal digits")
        .await;
    c.says("TOP 1", "-ERR TOP needs").await;
    c.says("STAT 1", "-ERR this command takes no arguments")
        .await;
    c.says("STAT", "+OK 2 ").await;
    // Ten protocol errors in all end the session, without removing anything marked.
    c.says("DELE 1", "+OK").await;
    for _ in 0..2 {
        c.says("BOGUS", "-ERR unknown command").await;
    }
    c.says("BOGUS", "-ERR unknown command").await;
    let (rest, end) = c.end().await;
    assert_eq!(rest, "-ERR too many errors; closing the connection\r\n");
    assert_eq!(end, End::Closed);
    assert_eq!(env.inbox().len(), 2);
}

#[tokio::test]
async fn an_over_long_line_is_refused_and_the_session_resynchronizes() {
    let env = env();
    let mut c = Client::tls(&env).await;
    let long = format!("USER {}", "x".repeat(300));
    c.says(&long, "-ERR command line too long").await;
    // A line of exactly 255 octets with CRLF is fine (and then a bad USER... for no one).
    let max = format!("USER {}", "y".repeat(255 - 2 - 5));
    c.says(&max, "+OK send PASS").await;
    c.says("PASS x", "-ERR [AUTH] invalid credentials").await;
    c.login().await;
    c.says("STAT", "+OK 2").await;
}

/// The whole conversation a client has, as one byte string, and what it gets back.
const SCRIPT: &str = "CAPA\r\nUSER annv@quangngai.gov.vn\r\nPASS Mật-khẩu 2026\r\nSTAT\r\nTOP 2 1\r\nRETR 1\r\n\
     UIDL 1\r\nDELE 2\r\nRSET\r\nQUIT\r\n";

async fn run_script(env: &Env, pieces: &[&[u8]]) -> String {
    let mut c = Client::spawn(env.imap(false), true, false, REMOTE);
    for piece in pieces {
        c.send(piece).await;
        // Let the session read what it has, so the next piece comes in another read.
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
    }
    c.end().await.0
}

#[tokio::test]
async fn input_split_at_every_byte_gives_the_same_answers() {
    // RSET before QUIT: every run finds the same maildrop.
    let env = env();
    let script = SCRIPT.as_bytes();
    let reference = run_script(&env, &[script]).await;
    assert!(reference.contains("+OK logged in; maildrop has 2 messages"));
    assert!(reference.contains("\r\n..\r\n...Dòng"));
    assert!(reference.ends_with("signing off (2 messages left)\r\n"));
    for cut in 1..script.len() {
        let got = run_script(&env, &[&script[..cut], &script[cut..]]).await;
        assert_eq!(got, reference, "input cut at {cut}");
    }
}

#[tokio::test]
async fn repeated_failures_refuse_that_address_not_the_account() {
    let env = env();
    let mut c = Client::tls(&env).await;
    // ThrottleConfig::default(): one address gets 10 tries at an account, then waits for
    // one to drain (90 s).
    for _ in 0..10 {
        c.says(&format!("USER {USER}"), "+OK").await;
        c.says("PASS doan-mo", "-ERR [AUTH] invalid credentials")
            .await;
    }
    c.says(&format!("USER {USER}"), "+OK").await;
    c.says(
        &format!("PASS {PASSWORD}"),
        "-ERR [AUTH] too many failed logins; try again in 2 minutes",
    )
    .await;
    // Refused in every session from that address, AUTH included.
    let mut c = Client::tls(&env).await;
    c.says(
        &format!("AUTH PLAIN {}", b64(&format!("\0{USER}\0{PASSWORD}"))),
        "-ERR [AUTH] too many failed logins",
    )
    .await;
    // The owner elsewhere is not locked out.
    let mut c = Client::start(env.imap(false), true, false, "198.51.100.7:5000").await;
    c.says(
        &format!("AUTH PLAIN {}", b64(&format!("\0{USER}\0{PASSWORD}"))),
        "+OK",
    )
    .await;
}

#[tokio::test]
async fn shutdown_says_so_and_removes_nothing() {
    let env = env();
    let mut c = Client::tls(&env).await;
    c.login().await;
    c.says("DELE 1", "+OK").await;
    c.imap.shutdown.cancel();
    c.expect("-ERR [SYS/TEMP] server shutting down").await;
    assert_eq!(c.end().await.1, End::Closed);
    assert_eq!(env.inbox().len(), 2);
}

/// The throttle's delay before a failed login's answer can reach a minute (the account-wide
/// slowdown): a shutdown does not wait it out, nor run the logins pipelined behind it.
#[tokio::test]
async fn a_shutdown_ends_a_login_waiting_out_its_delay_and_runs_no_further_command() {
    let env = env();
    let mut imap = env.imap(false);
    Arc::get_mut(&mut imap).unwrap().logins = Arc::new(auth::Logins::new(
        auth::ThrottleConfig {
            pair: auth::Limit {
                free: 0,
                ..auth::ThrottleConfig::default().pair
            },
            base_delay: std::time::Duration::from_secs(3600),
            max_delay: std::time::Duration::from_secs(3600),
            ..Default::default()
        },
        Arc::new(auth::PasswordPool::new(1)),
    ));
    let mut c = Client::start(imap, true, false, REMOTE).await;
    c.says(&format!("USER {USER}"), "+OK").await;
    let pipelined = format!(
        "PASS wrong\r\n{}",
        format!("USER {USER}\r\nPASS wrong\r\n").repeat(4)
    );
    c.send(pipelined.as_bytes()).await;
    // Into the first login's delay (were it not yet, the shutdown would come before the
    // command: the same answer).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    c.imap.shutdown.cancel();
    let ended = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        c.expect("-ERR [SYS/TEMP] server shutting down").await;
        c.end().await
    })
    .await
    .expect("the session waited out the login delay");
    // The login cut short is the last command: the four pipelined after it never ran.
    assert_eq!(ended, (String::new(), End::Closed));
}

#[tokio::test(start_paused = true)]
async fn an_idle_session_is_closed_silently_after_ten_minutes() {
    let env = env();
    let start = tokio::time::Instant::now();
    let c = Client::tls(&env).await;
    // RFC 1939 §3: no response when the autologout timer fires.
    let (rest, end) = c.end().await;
    assert_eq!((rest.as_str(), end), ("", End::Closed));
    assert!(start.elapsed() >= super::IDLE_TIMEOUT);
}

#[tokio::test]
async fn messages_with_unix_line_ends_are_sent_with_crlf() {
    let env = env();
    env.store
        .append(
            env.account,
            "INBOX",
            b"Subject: LF\n\n.dot\nend"[..].into(),
            Flags::default(),
            Vec::new(),
            storage::now(),
        )
        .unwrap();
    let mut c = Client::tls(&env).await;
    c.login().await;
    let (_, body) = c.multi("RETR 3").await;
    assert_eq!(body, b"Subject: LF\r\n\r\n..dot\r\nend\r\n");
}
