//! FETCH conversations driven in memory over the sample messages of `testdata/mime`, with
//! ENVELOPE and BODYSTRUCTURE compared with hand-checked strings (RFC 9051 §7.5.2 grammar,
//! RFC 3501 §7.4.2 examples).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::test_client::{Client, PASSWORD, USER};
use crate::{Imap, ImapConfig};
use storage::Flags;

/// The samples, appended in this order (sequence numbers 1..=6).
const SAMPLES: [&str; 6] = [
    "plain.eml",
    "alternative.eml",
    "attachment.eml",
    "related.eml",
    "forward.eml",
    "broken.eml",
];

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../testdata/mime/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

struct Env {
    _dir: tempfile::TempDir,
    imap: Arc<Imap>,
}

fn env() -> Env {
    let (dir, store, account) = crate::test_client::demo_store();
    for name in SAMPLES {
        store
            .append(
                account,
                "INBOX",
                sample(name).into(),
                Flags::default(),
                Vec::new(),
                storage::now(),
            )
            .unwrap();
    }
    let imap = crate::test_client::imap(store, ImapConfig::default());
    Env { _dir: dir, imap }
}

/// `* n FETCH (ITEM value)` → value.
fn value(out: &str, item: &str) -> String {
    let item = item.replace(".PEEK", "");
    let start = out.find(&format!("{item} ")).unwrap() + item.len() + 1;
    let end = out.rfind(")\r\n").unwrap();
    out[start..end].to_string()
}

/// A session logged in with INBOX selected.
async fn selected(env: &Env) -> Client {
    let mut c = Client::login(&env.imap, USER, PASSWORD).await;
    c.ok("SELECT INBOX").await;
    c
}

async fn fetch(c: &mut Client, n: u32, item: &str) -> String {
    value(&c.ok(&format!("FETCH {n} ({item})")).await, item)
}

/// (ENVELOPE, BODYSTRUCTURE) of each sample, checked by hand against the grammar: sender
/// and reply-to default to from; addresses follow each other without spaces; groups are
/// (NIL NIL "name" NIL) … (NIL NIL NIL NIL); text parts carry a line count, message/rfc822
/// parts an envelope, a body and a line count; extension data is md5, disposition,
/// language, location (and the parameters first, for multiparts).
const EXPECTED: [(&str, &str); 6] = [
    (
        r#"("Tue, 03 Nov 2026 08:00:00 +0700" "Hello" (("=?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?=" NIL "annv" "demo.gov.vn")) (("=?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?=" NIL "annv" "demo.gov.vn")) (("=?UTF-8?B?Tmd1eeG7hW4gVsSDbiBBbg==?=" NIL "annv" "demo.gov.vn")) ((NIL NIL "vanthu" "demo.gov.vn")) NIL NIL NIL "<plain@demo.gov.vn>")"#,
        r#"("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 22 2 NIL NIL NIL NIL)"#,
    ),
    (
        r#"("Tue, 03 Nov 2026 08:00:00 +0700" "=?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di_h=E1=BB=8Dp?=" (("Nguyen, Van An" NIL "annv" "demo.gov.vn")) ((NIL NIL "vanthu" "demo.gov.vn")) (("Phòng Hành chính" NIL "hanhchinh" "demo.gov.vn")) ((NIL NIL "Lãnh đạo" NIL)(NIL NIL "giamdoc" "demo.gov.vn")(NIL NIL "phogiamdoc" "demo.gov.vn")(NIL NIL NIL NIL)("Bộ phận B" NIL "b" "demo.gov.vn")) ((NIL "@relay.gov.vn" "c" "demo.gov.vn")) NIL "<prev@demo.gov.vn>" "<alt@demo.gov.vn>")"#,
        r#"(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 82 1 NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "base64" 76 0 NIL NIL NIL NIL) "alternative" ("boundary" "b1") NIL NIL NIL)"#,
    ),
    (
        r#"("Tue, 03 Nov 2026 08:00:00 +0700" "=?UTF-8?B?R2nhuqV5IG3hu51p?=" ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "vanthu" "demo.gov.vn")) NIL NIL NIL NIL)"#,
        r#"(("text" "plain" ("charset" "utf-8") NIL NIL "8bit" 23 0 NIL NIL NIL NIL)("application" "pdf" ("name" "=?UTF-8?Q?Gi=E1=BA=A5y_m=E1=BB=9Di.pdf?=") "<pdf1@demo.gov.vn>" "Giay moi" "base64" 36 NIL ("attachment" ("filename*" "utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.pdf")) "vi" NIL) "mixed" ("boundary" "mixed-boundary") NIL NIL NIL)"#,
    ),
    (
        r#"(NIL "Related" ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "vanthu" "demo.gov.vn")) NIL NIL NIL NIL)"#,
        r#"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL)(("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 20 0 NIL NIL NIL NIL)("image" "png" NIL "<logo>" NIL "base64" 12 NIL ("inline" ("filename" "logo.png")) NIL NIL) "related" ("boundary" "inner" "type" "text/html") NIL NIL NIL) "alternative" ("boundary" "outer") NIL NIL NIL)"#,
    ),
    (
        r#"(NIL "Fwd: Report" ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "vanthu" "demo.gov.vn")) NIL NIL NIL NIL)"#,
        r#"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 0 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 318 ("Mon, 02 Nov 2026 10:00:00 +0700" "Report" (("Tran Thi B" NIL "b" "other.gov.vn")) (("Tran Thi B" NIL "b" "other.gov.vn")) (("Tran Thi B" NIL "b" "other.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) NIL NIL NIL "<inner@other.gov.vn>") (("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 11 0 NIL NIL NIL NIL)("text" "csv" ("charset" "us-ascii" "name" "data.csv") NIL NIL "7bit" 8 1 NIL NIL NIL NIL) "mixed" ("boundary" "in") NIL NIL NIL) 16 NIL ("attachment" NIL) NIL NIL) "mixed" ("boundary" "fw") NIL NIL NIL)"#,
    ),
    (
        r#"(NIL "Broken" ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) NIL NIL NIL NIL NIL)"#,
        r#"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0 NIL NIL NIL NIL)("text" "html" ("charset" "") NIL NIL "7bit" 17 1 NIL NIL NIL NIL) "mixed" ("boundary" "never") NIL NIL NIL)"#,
    ),
];

#[tokio::test]
async fn envelope_and_bodystructure_of_every_sample() {
    let env = env();
    let mut c = selected(&env).await;
    c.ok("ENABLE UTF8=ACCEPT").await;
    for (n, (envelope, structure)) in (1..).zip(EXPECTED) {
        assert_eq!(fetch(&mut c, n, "ENVELOPE").await, envelope, "message {n}");
        assert_eq!(
            fetch(&mut c, n, "BODYSTRUCTURE").await,
            structure,
            "message {n}"
        );
    }
}

#[tokio::test]
async fn body_is_bodystructure_without_extension_data() {
    let env = env();
    let mut c = selected(&env).await;
    assert_eq!(
        fetch(&mut c, 5, "BODY").await,
        r#"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 0)("message" "rfc822" NIL NIL NIL "7bit" 318 ("Mon, 02 Nov 2026 10:00:00 +0700" "Report" (("Tran Thi B" NIL "b" "other.gov.vn")) (("Tran Thi B" NIL "b" "other.gov.vn")) (("Tran Thi B" NIL "b" "other.gov.vn")) ((NIL NIL "annv" "demo.gov.vn")) NIL NIL NIL "<inner@other.gov.vn>") (("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 11 0)("text" "csv" ("charset" "us-ascii" "name" "data.csv") NIL NIL "7bit" 8 1) "mixed") 16) "mixed")"#
    );
}

#[tokio::test]
async fn eight_bit_envelope_strings_are_literals_without_utf8_accept() {
    let env = env();
    let mut c = selected(&env).await;
    let reply_to = "Phòng Hành chính";
    let out = fetch(&mut c, 2, "ENVELOPE").await;
    assert!(
        out.contains(&format!(
            "(({{{}}}\r\n{reply_to} NIL \"hanhchinh\"",
            reply_to.len()
        )),
        "{out}"
    );
}

#[tokio::test]
async fn sections_of_parts() {
    let env = env();
    let mut c = selected(&env).await;
    let raw = String::from_utf8(sample("forward.eml")).unwrap();
    let lit = |s: &str| format!("{{{}}}\r\n{s}", s.len());
    // 2.MIME: the part's own header; 2: the whole encapsulated message.
    assert_eq!(
        fetch(&mut c, 5, "BODY.PEEK[2.MIME]").await,
        lit("Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n")
    );
    let inner_start = raw.find("From: Tran").unwrap();
    let inner_end = raw.find("\r\n--fw--").unwrap();
    assert_eq!(
        fetch(&mut c, 5, "BODY.PEEK[2]").await,
        lit(&raw[inner_start..inner_end])
    );
    // 2.HEADER, 2.TEXT, 2.HEADER.FIELDS: of the encapsulated message.
    let inner_body = raw.find("--in\r\n").unwrap();
    assert_eq!(
        fetch(&mut c, 5, "BODY.PEEK[2.HEADER]").await,
        lit(&raw[inner_start..inner_body])
    );
    assert_eq!(
        fetch(&mut c, 5, "BODY.PEEK[2.TEXT]").await,
        lit(&raw[inner_body..inner_end])
    );
    assert_eq!(
        fetch(&mut c, 5, "BODY.PEEK[2.HEADER.FIELDS (Subject FROM)]").await,
        lit("From: Tran Thi B <b@other.gov.vn>\r\nSubject: Report\r\n\r\n")
    );
    // 2.1, 2.2 and their MIME headers; a partial of 2.2.
    assert_eq!(fetch(&mut c, 5, "BODY.PEEK[2.1]").await, lit("Inner text."));
    assert_eq!(
        fetch(&mut c, 5, "BODY.PEEK[2.2.MIME]").await,
        lit("Content-Type: text/csv; name=data.csv\r\n\r\n")
    );
    let out = c.ok("FETCH 5 (BODY.PEEK[2.2]<2.4>)").await;
    assert!(out.contains("BODY[2.2]<2> {4}\r\nb\r\n1)"), "{out}");
    // Nested multipart: 2.2 of the related message.
    assert_eq!(
        fetch(&mut c, 4, "BODY.PEEK[2.2]").await,
        lit("iVBORw0KGgo=")
    );
    // Part 1 of a single-part message is its body; its MIME header is the message header.
    let plain = String::from_utf8(sample("plain.eml")).unwrap();
    let split = plain.find("\r\n\r\n").unwrap() + 4;
    assert_eq!(fetch(&mut c, 1, "BODY.PEEK[1]").await, lit(&plain[split..]));
    assert_eq!(
        fetch(&mut c, 1, "BODY.PEEK[1.MIME]").await,
        lit(&plain[..split])
    );
    // Parts that do not exist, and HEADER of a part that is not a message: empty strings.
    for missing in [
        "BODY.PEEK[3]",
        "BODY.PEEK[1.1]",
        "BODY.PEEK[9.9.MIME]",
        "BODY.PEEK[1.HEADER]",
    ] {
        let label = missing.replace(".PEEK", "");
        assert_eq!(fetch(&mut c, 5, missing).await, "{0}\r\n", "{label}");
    }
    // The whole message, header and text still work with partials.
    let out = c
        .ok("FETCH 5 (BODY.PEEK[HEADER]<0.5> BODY.PEEK[TEXT]<0.4>)")
        .await;
    assert!(out.contains("BODY[HEADER]<0> {5}\r\nFrom:"), "{out}");
    assert!(out.contains("BODY[TEXT]<0> {4}\r\n--fw"), "{out}");
    // Nothing above was \Seen-setting.
    assert!(!c.ok("FETCH 5 FLAGS").await.contains("\\Seen"));
    // Bad section syntax is a BAD, not a silent empty answer.
    let out = c.run("FETCH 5 (BODY[2.FOO])").await;
    assert!(out.contains(" BAD "), "{out}");
    let out = c.run("FETCH 5 (BODY[MIME])").await;
    assert!(out.contains(" BAD "), "{out}");
}

#[tokio::test]
async fn binary_decodes_parts() {
    let env = env();
    let mut c = selected(&env).await;
    let html = "<p>Kính gửi các đơn vị,</p><p>Trân trọng.</p>\n";
    let out = c
        .ok("FETCH 2 (BINARY.PEEK[2] BINARY.SIZE[2] BINARY.PEEK[1]<0.6>)")
        .await;
    assert!(
        out.contains(&format!("BINARY[2] {{{}}}\r\n{html}", html.len())),
        "{out}"
    );
    assert!(
        out.contains(&format!("BINARY.SIZE[2] {}", html.len())),
        "{out}"
    );
    assert!(out.contains("BINARY[1]<0> {6}\r\nKính"), "{out}");
    // BINARY without PEEK sets \Seen like BODY[].
    let out = c.ok("FETCH 3 (BINARY[2])").await;
    assert!(out.contains("%PDF-1.4\n% giay moi\n%%EOF\n"), "{out}");
    assert!(out.contains("\\Seen"), "{out}");
}

#[tokio::test]
async fn unknown_transfer_encoding_is_unknown_cte() {
    let env = env();
    let account = env.imap.store.get_account(USER).unwrap().id;
    env.imap
        .store
        .append(
            account,
            "INBOX",
            b"Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n"
                .to_vec()
                .into(),
            Flags::default(),
            Vec::new(),
            storage::now(),
        )
        .unwrap();
    let mut c = selected(&env).await;
    let out = c.run("FETCH 7 (BINARY.PEEK[1])").await;
    assert!(out.contains("NO [UNKNOWN-CTE]"), "{out}");
    // BODY[1] still serves it as stored.
    assert_eq!(fetch(&mut c, 7, "BODY.PEEK[1]").await, "{7}\r\nbegin\r\n");
}

#[tokio::test]
async fn envelope_and_bodystructure_read_no_blob() {
    let env = env();
    let mut c = selected(&env).await;
    // Remove every message's bytes, the files and the small messages kept in the database:
    // the answers come from the stored structures alone.
    let data = env.imap.store.data_dir();
    std::fs::remove_dir_all(data.join(storage::BLOB_DIR)).unwrap();
    let db = rusqlite::Connection::open(data.join(storage::DB_FILE)).unwrap();
    let removed = db.execute("DELETE FROM inline_blobs", []).unwrap();
    assert!(
        removed > 0,
        "the test messages are small enough to be kept inline"
    );
    let out = c.ok("FETCH 1:* (ENVELOPE BODYSTRUCTURE)").await;
    assert_eq!(out.matches(" FETCH (").count(), 6, "{out}");
    assert!(out.contains(EXPECTED[4].1), "{out}");
}

/// A message whose content cannot be read in the middle of a large FETCH: the responses
/// before it, sent in an earlier chunk, reach the client whole, then the tagged NO; the
/// session goes on.
#[tokio::test]
async fn a_failure_midway_through_a_large_fetch_ends_it_with_no() {
    let env = env();
    let store = &env.imap.store;
    let account = store.get_account(USER).unwrap().id;
    // Four messages of 700 KB (7 to 10): the first chunk holds two of them.
    for i in 0..4 {
        let mut raw = format!("Subject: {i}\r\n\r\n").into_bytes();
        while raw.len() < 700_000 {
            raw.extend_from_slice(format!("message {i} line {}\r\n", raw.len()).as_bytes());
        }
        let flags = Flags::default();
        store
            .append(
                account,
                "INBOX",
                raw.into(),
                flags,
                Vec::new(),
                storage::now(),
            )
            .unwrap();
    }
    let inbox = store.get_mailbox(account, "INBOX").unwrap().id;
    let ninth = &store.messages(account, inbox, 9..=9).unwrap()[0];
    let file = store
        .data_dir()
        .join(storage::BLOB_DIR)
        .join(&ninth.blob[..2])
        .join(&ninth.blob);
    std::fs::remove_file(file).unwrap();
    let mut c = selected(&env).await;
    let out = c.no("FETCH 7:10 BODY.PEEK[]", "SERVERBUG").await;
    for sent in ["* 7 FETCH (BODY[] {", "* 8 FETCH (BODY[] {"] {
        assert!(out.contains(sent), "{sent}");
    }
    assert!(!out.contains("* 9 FETCH") && !out.contains("* 10 FETCH"));
    c.ok("NOOP").await;
}
