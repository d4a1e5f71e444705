//! mbsync (isync), a real synchronising IMAP client, against the real server: 1,000 messages
//! down, a second run that changes nothing, a flag set on the server reaching the local copy,
//! and a local message reaching the server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::{PASSWORD, Server, python};

const FILL: &str = r#"
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=60)
for i in range(1000):
    s.sendmail("vanthu@danang.gov.vn", ["annv@quangngai.gov.vn"],
               ("Subject: Công văn số %d\r\nMessage-ID: <%d@danang.gov.vn>\r\n\r\nNội dung %d\r\n" % (i, i, i)).encode())
s.quit()
"#;

const FLAG: &str = r#"
import imaplib, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ctx)
m.login("annv@quangngai.gov.vn", sys.argv[2])
m.select("INBOX")
assert m.store("7", "+FLAGS", "(\\Flagged)")[0] == "OK"
m.logout()
"#;

fn mbsync(config: &Path) {
    let out = Command::new("mbsync")
        .args(["-c", config.to_str().unwrap(), "-a"])
        .output()
        .unwrap_or_else(|e| panic!("mbsync (isync) is required for this test: {e}"));
    assert!(
        out.status.success(),
        "mbsync failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// File names (without the flag suffix) and flags of the local INBOX.
fn local(dir: &Path) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for sub in ["cur", "new"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let (base, flags) = name.split_once(":2,").unwrap_or((&name, ""));
            out.insert((base.to_string(), flags.to_string()));
        }
    }
    out
}

#[test]
fn mbsync_syncs_both_ways_and_a_second_run_changes_nothing() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(FILL, &[&server.smtp_port.to_string()]);
    let work = tempfile::tempdir().unwrap();
    let maildir = work.path().join("mail");
    std::fs::create_dir_all(&maildir).unwrap();
    let config = work.path().join("mbsyncrc");
    std::fs::write(
        &config,
        format!(
            "IMAPAccount gov\nHost 127.0.0.1\nPort {port}\nUser annv@quangngai.gov.vn\n\
             Pass {PASSWORD}\nSSLType IMAPS\nCertificateFile {cert}\n\n\
             IMAPStore remote\nAccount gov\n\n\
             MaildirStore near\nPath {m}/\nInbox {m}/INBOX\nSubFolders Verbatim\n\n\
             Channel gov\nFar :remote:\nNear :near:\nPatterns *\nCreate Both\nExpunge Both\n\
             SyncState *\n",
            port = server.imaps_port,
            cert = server.root.join("tls/cert.pem").display(),
            m = maildir.display(),
        ),
    )
    .unwrap();
    let inbox = maildir.join("INBOX");

    mbsync(&config);
    let first = local(&inbox);
    assert_eq!(first.len(), 1000);
    // The special-use folders came down too.
    for folder in ["Sent", "Drafts", "Trash", "Junk", "Archive"] {
        assert!(maildir.join(folder).is_dir(), "{folder}");
    }

    // Nothing changed anywhere: a second run transfers nothing.
    mbsync(&config);
    assert_eq!(local(&inbox), first);
    assert_eq!(server.subjects("annv@quangngai.gov.vn").len(), 1000);

    // A flag set on the server shows up in the local file name after the next run.
    python(FLAG, &[&server.imaps_port.to_string(), PASSWORD]);
    mbsync(&config);
    let flagged: Vec<_> = local(&inbox)
        .into_iter()
        .filter(|(_, f)| f.contains('F'))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");

    // A message written locally reaches the server.
    std::fs::write(
        inbox.join("new/1.local"),
        "From: annv@quangngai.gov.vn\nSubject: Ghi chú cục bộ\n\nxin chào\n",
    )
    .unwrap();
    mbsync(&config);
    let subjects = server.subjects("annv@quangngai.gov.vn");
    assert_eq!(subjects.len(), 1001);
    assert_eq!(subjects.last().unwrap(), "Ghi chú cục bộ");
    server.govmail(&["check"]);
}
