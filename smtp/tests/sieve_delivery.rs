//! Sieve at local delivery, driven through in-memory SMTP sessions: fileinto with flags,
//! discard, reject at SMTP time, redirect to a local account, vacation replies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use smtp::{Mode, Session, Smtp, SmtpConfig};
use storage::{AccountKind, NewAccount, OpenMode, Quota, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

struct Env {
    _dir: tempfile::TempDir,
    store: Store,
    smtp: Arc<Smtp>,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("quangngai.gov.vn").unwrap();
    store
        .add_agency("STTTT", "Sở Thông tin và Truyền thông", None, None)
        .unwrap();
    for local in ["annv", "ngocttb", "vanthu"] {
        store
            .create_account(NewAccount {
                address: format!("{local}@quangngai.gov.vn"),
                display_name: "Nguyễn Văn An".into(),
                agency_code: "STTTT".into(),
                kind: AccountKind::Personal,
                password_hash: "x".into(),
                quota: Quota::default(),
            })
            .unwrap();
    }
    let logins = Arc::new(auth::Logins::new(
        Default::default(),
        Arc::new(auth::PasswordPool::new(1)),
    ));
    let smtp = Arc::new(Smtp::new(SmtpConfig::default(), store.clone(), logins));
    Env {
        _dir: dir,
        store,
        smtp,
    }
}

fn id(env: &Env, local: &str) -> i64 {
    env.store
        .get_account(&format!("{local}@quangngai.gov.vn"))
        .unwrap()
        .id
}

fn script(env: &Env, local: &str, text: &str) {
    policy::sieve::compile(text).unwrap();
    env.store
        .sieve_put(id(env, local), "s", text, true)
        .unwrap();
}

/// The messages of one mailbox: (flags, keywords, raw).
fn mailbox(env: &Env, local: &str, name: &str) -> Vec<(storage::Flags, Vec<String>, String)> {
    let account = id(env, local);
    let Ok(mailbox) = env.store.get_mailbox(account, name) else {
        return Vec::new();
    };
    env.store
        .messages(account, mailbox.id, 1..=u32::MAX)
        .unwrap()
        .into_iter()
        .map(|m| {
            let raw = env.store.read_message(account, mailbox.id, m.uid).unwrap();
            (
                m.flags,
                m.keywords,
                String::from_utf8_lossy(&raw).into_owned(),
            )
        })
        .collect()
}

struct Client {
    stream: DuplexStream,
    pending: Vec<u8>,
}

impl Client {
    async fn start(env: &Env) -> Client {
        let (client, server) = tokio::io::duplex(1 << 16);
        let smtp = env.smtp.clone();
        tokio::spawn(async move {
            let peer = "192.0.2.10:40000".parse().unwrap();
            Session::new(server, smtp, Mode::Inbound, peer, false, false)
                .run(true)
                .await;
        });
        let mut c = Client {
            stream: client,
            pending: Vec::new(),
        };
        c.expect("220 ").await;
        c.says("EHLO mail.danang.gov.vn", "250 ").await;
        c
    }

    async fn reply(&mut self) -> String {
        loop {
            let mut start = 0;
            while let Some(pos) = self.pending[start..].windows(2).position(|w| w == b"\r\n") {
                let line = &self.pending[start..start + pos];
                let end = start + pos + 2;
                if line.len() == 3 || line.len() >= 4 && line[3] == b' ' {
                    let reply: Vec<u8> = self.pending.drain(..end).collect();
                    return String::from_utf8(reply).unwrap();
                }
                start = end;
            }
            let mut buf = [0u8; 4096];
            let n = self.stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "connection closed");
            self.pending.extend_from_slice(&buf[..n]);
        }
    }

    async fn expect(&mut self, expected: &str) -> String {
        let reply = self.reply().await;
        let last = reply.trim_end().lines().last().unwrap_or("").to_string();
        assert!(
            last.starts_with(expected),
            "expected {expected:?}, got {reply:?}"
        );
        reply
    }

    async fn says(&mut self, line: &str, expected: &str) -> String {
        self.stream
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .unwrap();
        self.expect(expected).await
    }

    /// Sends one message and returns the reply to its end of data.
    async fn mail(&mut self, from: &str, to: &[&str], message: &str, expected: &str) -> String {
        self.says(&format!("MAIL FROM:<{from}>"), "250").await;
        for rcpt in to {
            self.says(&format!("RCPT TO:<{rcpt}>"), "250").await;
        }
        self.says("DATA", "354").await;
        self.says(&format!("{message}."), expected).await
    }
}

const ANNV: &str = "annv@quangngai.gov.vn";
const VANTHU: &str = "vanthu@quangngai.gov.vn";

fn message(subject: &str, extra: &str) -> String {
    format!(
        "From: Văn thư <{VANTHU}>\r\nTo: Nguyễn Văn An <{ANNV}>\r\n{extra}Subject: {subject}\r\n\
         Message-ID: <{}@quangngai.gov.vn>\r\n\r\nKính gửi anh An.\r\n",
        subject.len() * 7 + extra.len()
    )
}

#[tokio::test]
async fn fileinto_a_vietnamese_folder_with_a_flag() {
    let env = env();
    script(
        &env,
        "annv",
        "require [\"fileinto\", \"imap4flags\", \"mailbox\"];\n\
         if header :contains \"subject\" \"Giấy mời\" {\n\
           fileinto :create :flags [\"\\\\Flagged\", \"$Hop\"] \"Giấy mời\";\n}\n",
    );
    let mut c = Client::start(&env).await;
    c.mail(
        VANTHU,
        &[ANNV],
        &message("Giấy mời họp giao ban", ""),
        "250 2.0.0",
    )
    .await;
    c.mail(VANTHU, &[ANNV], &message("Báo cáo tháng", ""), "250 2.0.0")
        .await;
    let filed = mailbox(&env, "annv", "Giấy mời");
    assert_eq!(filed.len(), 1);
    assert_eq!(filed[0].0, storage::Flags::FLAGGED);
    // $Official comes from the document rules (a Giấy mời), $Hop from the script.
    assert!(filed[0].1.contains(&"$Hop".to_string()), "{:?}", filed[0].1);
    assert!(filed[0].2.contains("Giấy mời họp giao ban"));
    let inbox = mailbox(&env, "annv", "INBOX");
    assert_eq!(inbox.len(), 1);
    assert!(inbox[0].2.contains("Báo cáo tháng"));
    // The folder `:create` made is subscribed: no client was there to subscribe it, and one
    // showing only subscribed folders would hide the mail filed into it.
    let subscribed = env.store.subscriptions(id(&env, "annv")).unwrap();
    assert!(
        subscribed.contains(&"Giấy mời".to_string()),
        "{subscribed:?}"
    );
}

#[tokio::test]
async fn fileinto_a_missing_folder_without_create_lands_in_inbox() {
    let env = env();
    script(
        &env,
        "annv",
        "require \"fileinto\";\nfileinto \"Không có\";\n",
    );
    let mut c = Client::start(&env).await;
    c.mail(VANTHU, &[ANNV], &message("x", ""), "250 2.0.0")
        .await;
    assert_eq!(mailbox(&env, "annv", "INBOX").len(), 1);
    assert!(mailbox(&env, "annv", "Không có").is_empty());
}

#[tokio::test]
async fn discard_stores_nothing_and_only_that_recipient_is_affected() {
    let env = env();
    script(&env, "annv", "discard;");
    let mut c = Client::start(&env).await;
    c.mail(VANTHU, &[ANNV], &message("Quảng cáo", ""), "250 2.0.0")
        .await;
    c.mail(
        VANTHU,
        &[ANNV, "ngocttb@quangngai.gov.vn"],
        &message("Quảng cáo", ""),
        "250 2.0.0",
    )
    .await;
    assert!(mailbox(&env, "annv", "INBOX").is_empty());
    assert_eq!(mailbox(&env, "ngocttb", "INBOX").len(), 1);
}

#[tokio::test]
async fn reject_of_the_only_recipient_is_a_550_and_nothing_is_stored() {
    let env = env();
    script(
        &env,
        "annv",
        "require \"reject\";\nreject \"Tôi không nhận thư này\";",
    );
    let mut c = Client::start(&env).await;
    let reply = c
        .mail(VANTHU, &[ANNV], &message("x", ""), "550 5.7.1")
        .await;
    assert!(reply.contains("Tôi không nhận thư này"), "{reply}");
    assert!(mailbox(&env, "annv", "INBOX").is_empty());
    // With another recipient who keeps it: 250, and the sender gets a DSN for annv.
    c.mail(
        VANTHU,
        &[ANNV, "ngocttb@quangngai.gov.vn"],
        &message("y", ""),
        "250 2.0.0",
    )
    .await;
    assert_eq!(mailbox(&env, "ngocttb", "INBOX").len(), 1);
    let dsn = mailbox(&env, "vanthu", "INBOX");
    assert_eq!(dsn.len(), 1);
    assert!(
        dsn[0]
            .2
            .contains("Final-Recipient: rfc822; annv@quangngai.gov.vn"),
        "{}",
        dsn[0].2
    );
    assert!(dsn[0].2.contains("Status: 5.7.1"), "{}", dsn[0].2);
}

#[tokio::test]
async fn redirect_to_a_local_account_moves_the_message() {
    let env = env();
    script(&env, "annv", "redirect \"ngocttb@quangngai.gov.vn\";");
    let mut c = Client::start(&env).await;
    c.mail(VANTHU, &[ANNV], &message("Chuyển tiếp", ""), "250 2.0.0")
        .await;
    assert!(mailbox(&env, "annv", "INBOX").is_empty());
    let copy = mailbox(&env, "ngocttb", "INBOX");
    assert_eq!(copy.len(), 1);
    assert!(copy[0].2.contains("Chuyển tiếp"));
}

#[tokio::test]
async fn a_message_this_account_already_redirected_is_kept_not_redirected_again() {
    let env = env();
    script(&env, "annv", "redirect \"someone@example.com\";");
    let mut c = Client::start(&env).await;
    let looped = message(
        "Vòng lặp",
        "X-Govmail-Sieve-Redirect: annv@quangngai.gov.vn\r\n",
    );
    c.mail(VANTHU, &[ANNV], &looped, "250 2.0.0").await;
    assert_eq!(mailbox(&env, "annv", "INBOX").len(), 1);
    assert!(env.store.queue_list().unwrap().is_empty());
    // Without the mark, the redirect goes to the queue, marked, from annv.
    c.mail(VANTHU, &[ANNV], &message("Bình thường", ""), "250 2.0.0")
        .await;
    let queued = env.store.queue_list().unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].sender, ANNV);
}

const VACATION: &str = "require \"vacation\";\n\
    vacation :days 5 :subject \"Đi công tác\" \"Tôi đi công tác Hà Nội đến 30/11.\";\n";

#[tokio::test]
async fn vacation_replies_once_per_sender_and_never_to_automatic_mail() {
    let env = env();
    script(&env, "annv", VACATION);
    let mut c = Client::start(&env).await;
    c.mail(VANTHU, &[ANNV], &message("Lần 1", ""), "250 2.0.0")
        .await;
    c.mail(VANTHU, &[ANNV], &message("Lần 2", ""), "250 2.0.0")
        .await;
    let replies = mailbox(&env, "vanthu", "INBOX");
    assert_eq!(replies.len(), 1, "{replies:?}");
    let reply = &replies[0].2;
    assert!(reply.contains("Auto-Submitted: auto-replied"), "{reply}");
    assert!(reply.contains("In-Reply-To: <"), "{reply}");
    assert!(reply.contains("annv@quangngai.gov.vn"), "{reply}");
    let parsed = mail_parser::MessageParser::default()
        .parse(reply.as_bytes())
        .unwrap();
    assert_eq!(parsed.subject(), Some("Đi công tác"));
    assert!(parsed.body_text(0).unwrap().contains("Hà Nội"));
    // Both messages were kept.
    assert_eq!(mailbox(&env, "annv", "INBOX").len(), 2);

    let env = self::env();
    script(&env, "annv", VACATION);
    let mut c = Client::start(&env).await;
    for extra in ["Auto-Submitted: auto-generated\r\n", "Precedence: bulk\r\n"] {
        c.mail(VANTHU, &[ANNV], &message("Tự động", extra), "250 2.0.0")
            .await;
    }
    c.mail("", &[ANNV], &message("Null sender", ""), "250 2.0.0")
        .await;
    assert!(mailbox(&env, "vanthu", "INBOX").is_empty());
}

#[tokio::test]
async fn the_admin_script_runs_first_and_its_stop_ends_filtering() {
    let mut env = env();
    let dir = env._dir.path().join("sieve");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("global.sieve"),
        "require [\"fileinto\", \"include\"];\n\
         if header :contains \"X-Spam-Flag\" \"YES\" { fileinto \"Junk\"; stop; }\n\
         include :global \"gan-nhan\";\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("gan-nhan.sieve"),
        "require \"imap4flags\";\naddflag \"$CoQuan\";\n",
    )
    .unwrap();
    let logins = Arc::new(auth::Logins::new(
        Default::default(),
        Arc::new(auth::PasswordPool::new(1)),
    ));
    env.smtp = Arc::new(
        Smtp::new(SmtpConfig::default(), env.store.clone(), logins).with_sieve(
            smtp::filter::SieveSettings {
                global_script: Some(dir.join("global.sieve")),
                ..Default::default()
            },
        ),
    );
    script(
        &env,
        "annv",
        "require \"fileinto\";\nfileinto \"Archive\";\n",
    );
    let mut c = Client::start(&env).await;
    c.mail(
        VANTHU,
        &[ANNV],
        &message("Spam", "X-Spam-Flag: YES\r\n"),
        "250 2.0.0",
    )
    .await;
    c.mail(VANTHU, &[ANNV], &message("Thư thường", ""), "250 2.0.0")
        .await;
    // ngocttb has no script of its own: the admin script alone, then the implicit keep.
    c.mail(
        VANTHU,
        &["ngocttb@quangngai.gov.vn"],
        &message("Cho Ngọc", ""),
        "250 2.0.0",
    )
    .await;
    let junk = mailbox(&env, "annv", "Junk");
    assert_eq!(junk.len(), 1);
    assert!(junk[0].2.contains("Subject: Spam"));
    let archive = mailbox(&env, "annv", "Archive");
    assert_eq!(archive.len(), 1);
    assert_eq!(archive[0].1, ["$CoQuan"]);
    let inbox = mailbox(&env, "ngocttb", "INBOX");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].1, ["$CoQuan"]);
}

/// A personal script cannot create a mailbox in the units' shared namespace (no client could
/// show, select or delete it): the message goes to INBOX.
#[tokio::test]
async fn fileinto_create_in_the_shared_namespace_lands_in_inbox() {
    let env = env();
    script(
        &env,
        "annv",
        "require [\"fileinto\", \"mailbox\"];\nfileinto :create \"Shared/vanthu/Lưu\";\n",
    );
    let mut c = Client::start(&env).await;
    c.mail(VANTHU, &[ANNV], &message("x", ""), "250 2.0.0")
        .await;
    assert_eq!(mailbox(&env, "annv", "INBOX").len(), 1);
    let names: Vec<String> = env
        .store
        .list_mailboxes(id(&env, "annv"), storage::Counts::Without)
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert!(!names.iter().any(|n| n.starts_with("Shared")), "{names:?}");
}

/// A vacation :from must be one of the account's addresses: a script cannot make the
/// server send mail as somebody else (the reply comes from the account).
#[tokio::test]
async fn vacation_from_another_person_replies_from_the_account() {
    let env = env();
    script(
        &env,
        "annv",
        "require \"vacation\";\nvacation :from \"giamdoc@quangngai.gov.vn\" :subject \"Chi thi khan\" \"Please transfer\";\n",
    );
    let mut c = Client::start(&env).await;
    c.mail(VANTHU, &[ANNV], &message("Hỏi", ""), "250 2.0.0")
        .await;
    let replies = mailbox(&env, "vanthu", "INBOX");
    assert_eq!(replies.len(), 1, "{replies:?}");
    let parsed = mail_parser::MessageParser::default()
        .parse(replies[0].2.as_bytes())
        .unwrap();
    let from = parsed.from().unwrap().first().unwrap().address().unwrap();
    assert_eq!(from, ANNV);
}
