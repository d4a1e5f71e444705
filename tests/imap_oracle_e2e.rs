//! Dovecot as an oracle for govmail's IMAP server (issue 18): tests/imap_oracle/run.py starts
//! the real govmail and a private Dovecot on free loopback ports in a temp dir, plays the
//! scripted sessions of tests/imap_oracle/scripts against both, and compares the normalised
//! answers. Every difference must be listed in docs/imap-conformance.md (allowed by the RFCs,
//! or an open defect); an open defect that no longer shows fails too, so that a fix is
//! recorded by removing its row. See that document for running it by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn dovecot() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("dovecot"))
        .find(|p| p.is_file())
}

#[test]
fn imap_answers_match_dovecot_or_the_documented_differences() {
    let Some(dovecot) = dovecot() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "dovecot is required in CI (.ci/run installs dovecot-imapd)"
        );
        eprintln!("SKIPPED: dovecot not installed (apt-get install dovecot-imapd)");
        return;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = Command::new("python3")
        .arg(repo.join("tests/imap_oracle/run.py"))
        .arg("--govmail")
        .arg(env!("CARGO_BIN_EXE_govmail"))
        .arg("--dovecot")
        .arg(&dovecot)
        .arg("--doc")
        .arg(repo.join("docs/imap-conformance.md"))
        .arg("--rows")
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for the interop tests: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "govmail and Dovecot differ beyond docs/imap-conformance.md (or a listed defect is \
         fixed: remove its row):\n{stdout}\n{stderr}"
    );
}
