//! ManageSieve conversations driven in memory (RFC 5804), STARTTLS simulated by restarting the
//! session on the same stream as if it were encrypted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use base64::Engine as _;
use storage::{AccountKind, NewAccount, OpenMode, Quota, Store};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

use super::{End, Session};
use crate::{Imap, ImapConfig};

const PASSWORD: &str = "Mật-khẩu 2026";
const USER: &str = "annv@quangngai.gov.vn";

struct Env {
    _dir: tempfile::TempDir,
    store: Store,
    imap: Arc<Imap>,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("quangngai.gov.vn").unwrap();
    store.add_agency("STTTT", "Sở TT&TT", None, None).unwrap();
    store
        .create_account(NewAccount {
            address: USER.into(),
            display_name: "Nguyễn Văn An".into(),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
            quota: Quota::default(),
        })
        .unwrap();
    let imap = Arc::new(Imap {
        config: ImapConfig::default(),
        store: store.clone(),
        logins: Arc::new(auth::Logins::new(
            auth::ThrottleConfig {
                base_delay: std::time::Duration::from_millis(1),
                max_delay: std::time::Duration::from_millis(2),
                ..Default::default()
            },
            Arc::new(auth::PasswordPool::new(1)),
        )),
        shutdown: tokio_util::sync::CancellationToken::new(),
        stats: Arc::default(),
    });
    Env {
        _dir: dir,
        store,
        imap,
    }
}

fn plain(user: &str, pass: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{pass}"))
}

struct Client {
    stream: DuplexStream,
    pending: Vec<u8>,
}

impl Client {
    /// A session; `tls` says whether the stream counts as encrypted from the start.
    fn start(env: &Env, tls: bool) -> Client {
        let (client, server) = tokio::io::duplex(1 << 16);
        let imap = env.imap.clone();
        tokio::spawn(async move {
            let peer = "192.0.2.7:50000".parse().unwrap();
            let mut session = Session::new(server, imap.clone(), peer, tls, true);
            if session.run(true).await == End::StartTls {
                Session::new(session.into_stream(), imap, peer, true, false)
                    .run(false)
                    .await;
            }
        });
        Client {
            stream: client,
            pending: Vec::new(),
        }
    }

    /// Reads up to and including the next OK / NO / BYE line.
    async fn response(&mut self) -> String {
        loop {
            let text = String::from_utf8_lossy(&self.pending).into_owned();
            let mut at = 0;
            for line in text.split_inclusive("\r\n") {
                at += line.len();
                if line.ends_with("\r\n")
                    && (line.starts_with("OK") || line.starts_with("NO") || line.starts_with("BYE"))
                {
                    let out = String::from_utf8_lossy(&self.pending[..at]).into_owned();
                    self.pending.drain(..at);
                    return out;
                }
            }
            let mut buf = [0u8; 4096];
            let n = self.stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed; had {text:?}");
            self.pending.extend_from_slice(&buf[..n]);
        }
    }

    /// Sends `data` (CRLF added) and checks the final line starts with `expected`.
    async fn says(&mut self, data: &str, expected: &str) -> String {
        self.stream
            .write_all(format!("{data}\r\n").as_bytes())
            .await
            .unwrap();
        let r = self.response().await;
        let last = r.trim_end().lines().last().unwrap_or("");
        assert!(
            last.starts_with(expected),
            "{data:?}: expected {expected:?}, got {r:?}"
        );
        r
    }

    async fn login(env: &Env) -> Client {
        let mut c = Client::start(env, true);
        c.response().await;
        c.says(
            &format!("AUTHENTICATE \"PLAIN\" \"{}\"", plain(USER, PASSWORD)),
            "OK",
        )
        .await;
        c
    }
}

#[tokio::test]
async fn capabilities_before_and_after_tls() {
    let env = env();
    let mut c = Client::start(&env, false);
    let greeting = c.response().await;
    assert!(
        greeting.contains("\"IMPLEMENTATION\" \"govmail"),
        "{greeting}"
    );
    assert!(greeting.contains("\"STARTTLS\"\r\n"), "{greeting}");
    assert!(
        greeting.contains("\"SASL\" \"\"\r\n"),
        "no PLAIN in clear: {greeting}"
    );
    assert!(greeting.contains("\"VERSION\" \"1.0\""), "{greeting}");
    assert!(greeting.contains("\"MAXREDIRECTS\" \"4\""), "{greeting}");
    assert!(
        greeting.contains("fileinto") && greeting.contains("vacation"),
        "{greeting}"
    );
    assert!(
        greeting
            .trim_end()
            .ends_with("OK \"govmail ManageSieve ready\"")
    );
    // Plain text PLAIN is refused.
    c.says(
        &format!("AUTHENTICATE \"PLAIN\" \"{}\"", plain(USER, PASSWORD)),
        "NO (ENCRYPT-NEEDED)",
    )
    .await;
    c.says("STARTTLS", "OK").await;
    // RFC 5804 §2.2: the capabilities again, on the new (encrypted) stream.
    let after = c.response().await;
    assert!(after.contains("\"SASL\" \"PLAIN\""), "{after}");
    assert!(!after.contains("STARTTLS"), "{after}");
    c.says("CAPABILITY", "OK").await;
    c.says(
        &format!("AUTHENTICATE \"PLAIN\" \"{}\"", plain(USER, PASSWORD)),
        "OK",
    )
    .await;
    let caps = c.says("CAPABILITY", "OK").await;
    assert!(
        caps.contains("\"OWNER\" \"annv@quangngai.gov.vn\""),
        "{caps}"
    );
}

#[tokio::test]
async fn authenticate_with_a_continuation_and_with_a_wrong_password() {
    let env = env();
    let mut c = Client::start(&env, true);
    c.response().await;
    c.says("LISTSCRIPTS", "NO").await;
    c.says(
        &format!("AUTHENTICATE \"PLAIN\" \"{}\"", plain(USER, "sai")),
        "NO",
    )
    .await;
    // Without an initial response: an empty challenge, then the answer as a literal.
    c.stream
        .write_all(b"AUTHENTICATE \"PLAIN\"\r\n")
        .await
        .unwrap();
    let mut challenge = [0u8; 4];
    c.stream.read_exact(&mut challenge).await.unwrap();
    assert_eq!(&challenge, b"\"\"\r\n");
    let answer = plain(USER, PASSWORD);
    c.says(&format!("{{{}+}}\r\n{answer}", answer.len()), "OK")
        .await;
    let day = storage::vn_day(storage::now());
    env.store.flush_usage().unwrap();
    let account = env.store.get_account(USER).unwrap().id;
    let usage = env.store.usage_between(day, day).unwrap();
    assert_eq!(
        usage
            .iter()
            .find(|u| u.account == account)
            .map(|u| u.totals.logins_sieve),
        Some(1)
    );
    c.says("UNAUTHENTICATE", "OK").await;
    c.says("LISTSCRIPTS", "NO").await;
}

#[tokio::test]
async fn putscript_listscripts_setactive_getscript_deletescript() {
    let env = env();
    let mut c = Client::login(&env).await;
    let script = "require [\"fileinto\"];\r\nif header :contains \"subject\" \"Giấy mời\" {\r\n  fileinto \"Giấy mời\";\r\n}\r\n";
    c.says(
        &format!("PUTSCRIPT \"Lọc thư\" {{{}+}}\r\n{script}", script.len()),
        "OK",
    )
    .await;
    c.says("PUTSCRIPT \"khác\" \"keep;\"", "OK").await;
    // An invalid script: NO with the line of the mistake, nothing stored.
    let bad = "require \"fileinto\";\r\nfrobnicate \"x\";\r\n";
    let r = c
        .says(
            &format!("PUTSCRIPT \"hỏng\" {{{}+}}\r\n{bad}", bad.len()),
            "NO",
        )
        .await;
    assert!(r.contains("NO \"line 2"), "{r}");
    c.says("CHECKSCRIPT \"keep;\"", "OK").await;
    let r = c
        .says("CHECKSCRIPT \"require \\\"enotify\\\"; keep;\"", "NO")
        .await;
    assert!(r.contains("enotify"), "{r}");
    let list = c.says("LISTSCRIPTS", "OK").await;
    assert_eq!(
        list,
        "\"Lọc thư\"\r\n\"khác\"\r\nOK \"Listscripts completed\"\r\n"
    );
    c.says("SETACTIVE \"Lọc thư\"", "OK").await;
    c.says("SETACTIVE \"không có\"", "NO (NONEXISTENT)").await;
    let list = c.says("LISTSCRIPTS", "OK").await;
    assert!(list.contains("\"Lọc thư\" ACTIVE\r\n"), "{list}");
    let got = c.says("GETSCRIPT \"Lọc thư\"", "OK").await;
    assert_eq!(
        got,
        format!(
            "{{{}}}\r\n{script}\r\nOK \"Getscript completed\"\r\n",
            script.len()
        )
    );
    c.says("GETSCRIPT \"không có\"", "NO (NONEXISTENT)").await;
    // RFC 5804 §2.10: the active script cannot be deleted.
    c.says("DELETESCRIPT \"Lọc thư\"", "NO (ACTIVE)").await;
    c.says("DELETESCRIPT \"khác\"", "OK").await;
    c.says("RENAMESCRIPT \"Lọc thư\" \"Bộ lọc\"", "OK").await;
    c.says("PUTSCRIPT \"x\" \"keep;\"", "OK").await;
    c.says("RENAMESCRIPT \"x\" \"Bộ lọc\"", "NO (ALREADYEXISTS)")
        .await;
    let list = c.says("LISTSCRIPTS", "OK").await;
    assert!(list.contains("\"Bộ lọc\" ACTIVE"), "{list}");
    c.says("SETACTIVE \"\"", "OK").await;
    c.says("DELETESCRIPT \"Bộ lọc\"", "OK").await;
    let account = env.store.get_account(USER).unwrap().id;
    assert_eq!(env.store.sieve_list(account).unwrap().len(), 1);
}

#[tokio::test]
async fn havespace_noop_and_errors() {
    let env = env();
    let mut c = Client::login(&env).await;
    c.says("HAVESPACE \"a\" 1000", "OK").await;
    c.says("HAVESPACE \"a\" 999999999", "NO (QUOTA/MAXSIZE)")
        .await;
    c.says("HAVESPACE \"a\"", "NO").await;
    let r = c.says("NOOP \"STARTTLS-SYNC-42\"", "OK").await;
    assert_eq!(r, "OK (TAG \"STARTTLS-SYNC-42\") \"Done\"\r\n");
    c.says("NOOP", "OK").await;
    c.says("FROBNICATE", "NO").await;
    c.says("PUTSCRIPT \"a\"", "NO").await;
    c.says("PUTSCRIPT \"a\" \"unterminated", "NO").await;
    c.says("LOGOUT", "OK").await;
}

#[tokio::test]
async fn a_literal_over_the_limit_closes_the_connection_before_it_is_read() {
    let env = env();
    let mut c = Client::login(&env).await;
    c.says("PUTSCRIPT \"a\" {999999999+}", "BYE (QUOTA/MAXSIZE)")
        .await;
}

/// The whole conversation's output, with the input written in pieces of `step` bytes.
async fn transcript(env: &Env, input: &[u8], step: usize) -> String {
    let mut c = Client::start(env, true);
    for chunk in input.chunks(step) {
        c.stream.write_all(chunk).await.unwrap();
        c.stream.flush().await.unwrap();
        tokio::task::yield_now().await;
    }
    let mut out = Vec::new();
    c.stream.read_to_end(&mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn input_split_at_every_byte_gives_the_same_result() {
    let env = env();
    let input = format!(
        "AUTHENTICATE \"PLAIN\" \"{}\"\r\nPUTSCRIPT \"a\" {{5+}}\r\nkeep;\r\n\
         SETACTIVE \"a\"\r\nLISTSCRIPTS\r\nGETSCRIPT \"a\"\r\nLOGOUT\r\n",
        plain(USER, PASSWORD)
    );
    let whole = transcript(&env, input.as_bytes(), input.len()).await;
    assert!(whole.ends_with("\"a\" ACTIVE\r\nOK \"Listscripts completed\"\r\n{5}\r\nkeep;\r\nOK \"Getscript completed\"\r\nOK \"Logout completed\"\r\n"), "{whole}");
    for step in [1, 2, 3, 7] {
        assert_eq!(
            transcript(&env, input.as_bytes(), step).await,
            whole,
            "step {step}"
        );
    }
}

/// A vacation reply From: somebody else, or a fileinto into the units' shared namespace,
/// is saved, but with a warning saying what delivery will do instead (RFC 5804 §1.3).
#[tokio::test]
async fn scripts_that_cannot_do_what_they_say_are_saved_with_warnings() {
    let env = env();
    let account = env.store.get_account(USER).unwrap().id;
    env.store
        .add_alias("vanphong@quangngai.gov.vn", USER)
        .unwrap();
    let mut c = Client::login(&env).await;
    let script = "require [\"vacation\"];\r\nvacation :from \"giamdoc@sec.gov.vn\" :subject \"Chi thi khan\" \"Please transfer\";\r\n";
    let r = c
        .says(
            &format!("PUTSCRIPT \"v\" {{{}+}}\r\n{script}", script.len()),
            "OK (WARNINGS)",
        )
        .await;
    assert!(r.contains("giamdoc@sec.gov.vn") && r.contains(USER), "{r}");
    assert_eq!(env.store.sieve_list(account).unwrap().len(), 1);
    let own =
        "require [\"vacation\"];\r\nvacation :from \"VanPhong@quangngai.gov.vn\" \"Vắng\";\r\n";
    let r = c
        .says(&format!("CHECKSCRIPT {{{}+}}\r\n{own}", own.len()), "OK")
        .await;
    assert!(!r.contains("WARNINGS"), "{r}");
    let shared =
        "require [\"fileinto\", \"mailbox\"];\r\nfileinto :create \"Shared/vanthu/INBOX\";\r\n";
    let r = c
        .says(
            &format!("CHECKSCRIPT {{{}+}}\r\n{shared}", shared.len()),
            "OK (WARNINGS)",
        )
        .await;
    assert!(r.contains("Shared/vanthu/INBOX"), "{r}");
}

/// A fileinto into a folder the account does not have is saved with a warning that names the
/// folder as the user knows it: decoded when the script wrote it in modified UTF-7, as
/// Roundcube does. Once the folder exists, no warning.
#[tokio::test]
async fn a_fileinto_into_a_missing_folder_is_saved_with_a_warning() {
    let env = env();
    let account = env.store.get_account(USER).unwrap().id;
    let mut c = Client::login(&env).await;
    let script = "require [\"fileinto\"];\r\n# rule:[Lưu trữ]\r\n\
        if header :contains \"subject\" \"Báo cáo\"\r\n{\r\n\tfileinto \"L&AbA-u tr&Hu8- 2026\";\r\n}\r\n";
    let put = format!("PUTSCRIPT \"roundcube\" {{{}+}}\r\n{script}", script.len());
    let r = c.says(&put, "OK (WARNINGS)").await;
    assert!(
        r.contains("thư mục \\\"Lưu trữ 2026\\\" (viết trong bộ lọc là \\\"L&AbA-u tr&Hu8- 2026\\\") không tồn tại"),
        "{r}"
    );
    assert_eq!(env.store.sieve_list(account).unwrap().len(), 1);
    let check = format!("CHECKSCRIPT {{{}+}}\r\n{script}", script.len());
    assert!(
        c.says(&check, "OK (WARNINGS)")
            .await
            .contains("Lưu trữ 2026")
    );
    env.store
        .create_mailbox(account, "Lưu trữ 2026", None)
        .unwrap();
    let r = c.says(&check, "OK").await;
    assert!(!r.contains("WARNINGS"), "{r}");
    let r = c.says(&put, "OK").await;
    assert!(!r.contains("WARNINGS"), "{r}");
}

/// PUTSCRIPT of a script over 8 KiB (the line limit) was refused: the literal's bytes were
/// counted as the command line.
#[tokio::test]
async fn a_script_longer_than_a_line_is_stored() {
    let env = env();
    let mut c = Client::login(&env).await;
    let mut script = String::from("require [\"fileinto\"];\r\n");
    while script.len() < 40 * 1024 {
        script.push_str(
            "if header :contains \"subject\" \"Giấy mời họp\" { fileinto \"INBOX\"; }\r\n",
        );
    }
    c.says(
        &format!("PUTSCRIPT \"dài\" {{{}+}}\r\n{script}", script.len()),
        "OK",
    )
    .await;
}

/// Before login only a few kilobytes are read: a large literal is refused when announced.
#[tokio::test]
async fn before_login_a_large_literal_is_refused_unread() {
    let env = env();
    let mut c = Client::start(&env, true);
    c.response().await;
    c.says("AUTHENTICATE \"PLAIN\" {52428800+}", "BYE").await;
}
