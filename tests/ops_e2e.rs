//! Operations against the real binary: online backup while mail arrives, restore into a new
//! instance, and the refusals that protect data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};

use common::{Server, python};

/// Sends argv[2] messages to annv@ as fast as it can, over one session.
const SEND_MANY: &str = r#"
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
for i in range(int(sys.argv[2])):
    s.sendmail("vanthu@danang.gov.vn", ["annv@quangngai.gov.vn"],
               ("Subject: Công văn %d\r\n\r\nNội dung %d\r\n" % (i, i)).encode())
s.quit()
"#;

fn govmail_fails(root: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(args)
        .env("GOVMAIL_CONFIG", root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn backup_while_serving_then_restore_into_a_new_instance() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(SEND_MANY, &[&server.smtp_port.to_string(), "100"]);
    let before = server.subjects("annv@quangngai.gov.vn");
    assert_eq!(before.len(), 100);

    // Mail keeps arriving while the backup runs.
    let mut load = Command::new("python3")
        .arg("-c")
        .arg(SEND_MANY)
        .args([&server.smtp_port.to_string(), "300"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("nightly");
    let out = server.govmail(&["backup", dest.to_str().unwrap()]);
    assert!(out.contains("every file verified"), "{out}");
    assert!(load.wait().unwrap().success());

    // Restoring over the running server is refused; so is a store that holds mail.
    let err = govmail_fails(&server.root, &["restore", dest.to_str().unwrap()]);
    assert!(err.contains("stop it first"), "{err}");

    let fresh = Server::create("quangngai.gov.vn", |c| c);
    // create() issued two accounts but no mail: restore is allowed.
    let out = fresh.govmail(&["restore", dest.to_str().unwrap()]);
    assert!(out.contains("Restored"), "{out}");
    let restored = fresh.subjects("annv@quangngai.gov.vn");
    // Everything delivered before the backup started is there, in the same order.
    assert_eq!(&restored[..100], &before[..]);
    assert!(restored.len() >= 100 && restored.len() <= 400);
    fresh.govmail(&["check", "--deep"]);
    let err = govmail_fails(&fresh.root, &["restore", dest.to_str().unwrap()]);
    assert!(err.contains("already holds mail"), "{err}");
    // The restored instance serves.
    let fresh = fresh.spawn();
    python(SEND_MANY, &[&fresh.smtp_port.to_string(), "1"]);
    assert_eq!(
        fresh.subjects("annv@quangngai.gov.vn").len(),
        restored.len() + 1
    );
}

#[test]
fn a_second_server_on_the_same_data_is_refused() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    let err = govmail_fails(&server.root, &["serve"]);
    assert!(err.contains("already running"), "{err}");
}
