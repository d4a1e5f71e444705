//! Conversations of the APPEND extensions: MULTIAPPEND (RFC 3502), CATENATE (RFC 4469),
//! REPLACE (RFC 8508), with the RFCs' own examples where they give one.
#![allow(clippy::unwrap_used)]

use crate::test_client::{Client, PASSWORD, USER, demo_store, imap};

fn config(max_literal: u64) -> crate::ImapConfig {
    crate::ImapConfig {
        max_literal,
        max_line: 1000,
        ..Default::default()
    }
}

/// RFC 3502 §3's example: two messages in one command, one APPENDUID with both UIDs.
#[tokio::test]
async fn multiappend_stores_every_message_with_one_uid_set() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" MULTIAPPEND"));
    c.ok("CREATE saved-messages").await;
    let first = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nFrom: Fred Foobar \
                 <foobar@Blurdybloop.example.COM>\r\nSubject: afternoon meeting\r\n\r\n\
                 Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";
    let second = "Date: Mon, 7 Feb 1994 22:43:04 -0800 (PST)\r\nFrom: Joe Mooto \
                  <mooto@example.COM>\r\nSubject: Re: afternoon meeting\r\n\r\n\
                  3:30 is fine with me.\r\n";
    c.next += 1;
    c.send(
        format!(
            "t{} APPEND saved-messages (\\Seen) {{{}}}\r\n",
            c.next,
            first.len()
        )
        .as_bytes(),
    )
    .await;
    c.until(b"+ ").await;
    c.send(
        format!(
            "{first} (\\Seen) \"7-Feb-1994 22:43:04 -0800\" {{{}}}\r\n",
            second.len()
        )
        .as_bytes(),
    )
    .await;
    c.until(b"+ ").await;
    c.send(format!("{second}\r\n").as_bytes()).await;
    let done = c.until(format!("t{} ", c.next).as_bytes()).await;
    assert!(done.contains("OK [APPENDUID "), "{done}");
    assert!(done.contains(" 1:2]"), "{done}");
    c.ok("SELECT saved-messages").await;
    let fetched = c.ok("FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE)").await;
    assert!(
        fetched.contains(
            "* 2 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE \"08-Feb-1994 13:43:04 +0700\""
        ),
        "{fetched}"
    );
    assert!(
        fetched.contains(&format!("RFC822.SIZE {}", first.len())),
        "{fetched}"
    );
}

/// One quota check for the sum (RFC 3502 §6.3.11): two messages where one more fits store
/// neither, and their UIDs are not spent.
#[tokio::test]
async fn multiappend_over_quota_stores_nothing() {
    let (_dir, store, _) = demo_store();
    store
        .set_quota(
            USER,
            storage::Quota {
                bytes: None,
                messages: Some(1),
            },
        )
        .unwrap();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    c.no("APPEND INBOX {5+}\r\nhello {5+}\r\nworld", "OVERQUOTA")
        .await;
    let status = c.ok("STATUS INBOX (MESSAGES UIDNEXT)").await;
    assert!(status.contains("MESSAGES 0 UIDNEXT 1"), "{status}");
    let one = c.ok_tagged("APPEND INBOX {5+}\r\nhello").await;
    assert!(one.contains("[APPENDUID ") && one.contains(" 1]"), "{one}");
}

/// A literal refused while the command arrives (over the size limit) ends the command with
/// NO [TOOBIG] before anything is stored, though the first message had arrived whole.
#[tokio::test]
async fn multiappend_with_a_literal_too_big_stores_nothing() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, config(100));
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    c.next += 1;
    c.send(format!("t{} APPEND INBOX {{5}}\r\n", c.next).as_bytes())
        .await;
    c.until(b"+ ").await;
    c.send(b"hello {101}\r\n").await;
    let refused = c.until(format!("t{} ", c.next).as_bytes()).await;
    assert!(refused.contains("NO [TOOBIG]"), "{refused}");
    // The client sends nothing more of it (it waits for "+"); the session goes on.
    let status = c.ok("STATUS INBOX (MESSAGES UIDNEXT)").await;
    assert!(status.contains("MESSAGES 0 UIDNEXT 1"), "{status}");
    // A MULTIAPPEND whose messages together pass the command's limit is refused the same
    // way, even though each fits on its own.
    c.next += 1;
    c.send(format!("t{} APPEND INBOX {{90}}\r\n", c.next).as_bytes())
        .await;
    let mut sent = 0;
    loop {
        let line = c.until(b"").await;
        if line.starts_with("+ ") {
            sent += 1;
            assert!(sent < 100, "never refused");
            c.send(format!("{} {{90}}\r\n", "x".repeat(90)).as_bytes())
                .await;
        } else {
            assert!(
                line.starts_with(&format!("t{} NO [TOOBIG]", c.next)),
                "{line}"
            );
            break;
        }
    }
    assert!(sent > 10, "{sent}");
    let status = c.ok("STATUS INBOX (MESSAGES)").await;
    assert!(status.contains("MESSAGES 0"), "{status}");
}

/// A message that does not go in (here a keyword the store refuses) keeps the others out.
#[tokio::test]
async fn multiappend_fails_whole() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    c.no("APPEND Nowhere {2+}\r\nhi {2+}\r\nho", "TRYCREATE")
        .await;
    let status = c.ok("STATUS INBOX (MESSAGES)").await;
    assert!(status.contains("MESSAGES 0"), "{status}");
}

/// The draft of RFC 4469 §5's example (a multipart message with an attachment), and the
/// message it forwards.
const DRAFT: &str = "From: Fred Foobar <foobar@example.com>\r\nSubject: afternoon meeting\r\n\
To: joe@example.com\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"------------030308070208000400050907\"\r\n\r\n\
--------------030308070208000400050907\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n\
--------------030308070208000400050907--\r\n";
const FORWARDED: &str = "From: Joe <joe@example.com>\r\nSubject: Lịch họp\r\n\r\nHọp lúc 3:30.\r\n";

fn uidvalidity(status: &str) -> u32 {
    let at = status.find("UIDVALIDITY ").unwrap() + 12;
    status[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// RFC 4469 §5's example: a new draft made of the old one's header, its first part's MIME
/// header and body, and a whole other message, with text between.
#[tokio::test]
async fn catenate_joins_text_and_parts_of_own_messages() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" CATENATE"));
    c.ok(&format!("APPEND Drafts {{{}+}}\r\n{DRAFT}", DRAFT.len()))
        .await;
    c.ok(&format!(
        "APPEND Drafts {{{}+}}\r\n{FORWARDED}",
        FORWARDED.len()
    ))
    .await;
    let v = uidvalidity(&c.ok("STATUS Drafts (UIDVALIDITY)").await);
    let boundary = "\r\n--------------030308070208000400050907\r\n";
    let end = "\r\n--------------030308070208000400050907--\r\n";
    let done = c
        .ok_tagged(&format!(
            "APPEND Drafts (\\Seen \\Draft $MDNSent) CATENATE \
             (URL \"/Drafts;UIDVALIDITY={v}/;UID=1/;section=HEADER\" TEXT {{{}+}}\r\n{boundary} \
             URL \"/Drafts;UIDVALIDITY={v}/;UID=1/;section=1.MIME\" \
             URL \"/Drafts;UIDVALIDITY={v}/;UID=1/;section=1\" TEXT {{{}+}}\r\n{boundary} \
             URL \"imap://{}@mail.demo.gov.vn/Drafts;UIDVALIDITY={v}/;UID=2\" TEXT {{{}+}}\r\n{end})",
            boundary.len(),
            boundary.len(),
            USER.replace('@', "%40"),
            end.len()
        ))
        .await;
    assert!(
        done.contains("[APPENDUID ") && done.contains(" 3]"),
        "{done}"
    );
    c.ok("SELECT Drafts").await;
    let header_end = DRAFT.find("\r\n\r\n").unwrap() + 4;
    let part = "Content-Type: text/plain; charset=utf-8\r\n\r\n\
                Hello Joe, do you think we can meet at 3:30 tomorrow?";
    let expected = format!(
        "{}{boundary}{part}{boundary}{FORWARDED}{end}",
        &DRAFT[..header_end]
    );
    let fetched = c.ok("UID FETCH 3 (FLAGS BODY.PEEK[])").await;
    assert!(
        fetched.contains("\\Draft") && fetched.contains("$MDNSent"),
        "{fetched}"
    );
    assert!(
        fetched.contains(&format!("{{{}}}\r\n{expected})", expected.len())),
        "{fetched}\nexpected:\n{expected}"
    );
}

/// A URL that names no message of this user's is BADURL with the URL; a result over the
/// size limit is TOOBIG; either way nothing is appended (RFC 4469 §6).
#[tokio::test]
async fn catenate_refuses_bad_urls_and_big_results() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, config(200));
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" URL-PARTIAL"));
    let body = "x".repeat(150);
    c.ok(&format!("APPEND INBOX {{150+}}\r\n{body}")).await;
    let v = uidvalidity(&c.ok("STATUS INBOX (UIDVALIDITY)").await);
    for (url, why) in [
        (
            format!("/INBOX;UIDVALIDITY={}/;UID=1", v + 1),
            "UIDVALIDITY",
        ),
        ("/INBOX/;UID=9".to_string(), "no such message"),
        ("/Nowhere/;UID=1".to_string(), "no such mailbox"),
        (
            "imap://someone.else@demo.gov.vn/INBOX/;UID=1".to_string(),
            "own",
        ),
        (
            "/INBOX/;UID=1/;URLAUTH=anonymous:internal:0123".to_string(),
            "IMAP URL",
        ),
        ("/Shared/STTTT/INBOX/;UID=1".to_string(), "own"),
    ] {
        let out = c
            .no(
                &format!("APPEND INBOX CATENATE (URL \"{url}\")"),
                &format!("BADURL {url}"),
            )
            .await;
        assert!(out.contains(why), "{out}");
    }
    c.no(
        "APPEND INBOX CATENATE (URL \"/INBOX/;UID=1\" TEXT {60+}\r\n\
         yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy)",
        "TOOBIG",
    )
    .await;
    let status = c.ok("STATUS INBOX (MESSAGES)").await;
    assert!(status.contains("MESSAGES 1"), "{status}");
    // Parts that fit: the first 100 bytes of the message, twice.
    c.ok("APPEND INBOX CATENATE (URL \"/INBOX/;UID=1/;PARTIAL=0.100\" URL \"/INBOX/;UID=1/;PARTIAL=50.100\")")
        .await;
    c.ok("SELECT INBOX").await;
    let fetched = c.ok("FETCH 2 RFC822.SIZE").await;
    assert!(fetched.contains("RFC822.SIZE 200"), "{fetched}");
}

/// RFC 8508 §3's examples: a draft replaced in the selected mailbox (APPENDUID in an untagged
/// OK, then the new message and the expunge), and by UID into another mailbox; a message
/// that is not there, or a replacement that cannot be stored, leaves the old one alone.
#[tokio::test]
async fn replace_swaps_a_draft_in_one_step() {
    let (_dir, store, _) = demo_store();
    store
        .set_quota(
            USER,
            storage::Quota {
                bytes: None,
                messages: Some(4),
            },
        )
        .unwrap();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" REPLACE"));
    for n in 1..=4 {
        c.ok(&format!("APPEND Drafts (\\Draft) {{9+}}\r\nversion {n}"))
            .await;
    }
    c.ok("SELECT Drafts").await;
    // At the quota's edge: the replaced message's room is the replacement's.
    let out = c
        .ok_tagged("REPLACE 4 Drafts (\\Seen \\Draft) {9+}\r\nversion 5")
        .await;
    let ready = out.find("* OK [APPENDUID ").unwrap();
    assert!(
        out[ready..].starts_with(&format!("* OK [APPENDUID {}", "")),
        "{out}"
    );
    assert!(out.contains(" 5] Replacement Message ready\r\n"), "{out}");
    let (expunge, exists) = (out.find("* 4 EXPUNGE").unwrap(), out.find("* 4 EXISTS"));
    assert!(ready < expunge && exists.is_some(), "{out}");
    assert!(out.contains("OK REPLACE completed"), "{out}");
    // UID REPLACE into another mailbox (RFC 8508 §3.3's second example).
    let out = c.ok_tagged("UID REPLACE 5 Archive {5+}\r\nfinal").await;
    assert!(out.contains(" 1] Replacement Message ready"), "{out}");
    assert!(out.contains("* 4 EXPUNGE"), "{out}");
    let left = c.ok("UID FETCH 1:* (BODY.PEEK[])").await;
    assert!(
        left.contains("version 1") && !left.contains("version 5"),
        "{left}"
    );
    // Nothing to replace: NO, nothing appended.
    c.no_text("UID REPLACE 99 Drafts {1+}\r\nx").await;
    c.no_text("REPLACE 9 Drafts {1+}\r\nx").await;
    // The replacement cannot be stored: the old message stays.
    c.no("UID REPLACE 1 Nowhere {1+}\r\nx", "TRYCREATE").await;
    let status = c.ok("STATUS Drafts (MESSAGES)").await;
    assert!(status.contains("MESSAGES 3"), "{status}");
    let status = c.ok("STATUS Archive (MESSAGES)").await;
    assert!(status.contains("MESSAGES 1"), "{status}");
    c.bad("REPLACE 1 Drafts {1+}\r\nx {1+}\r\ny", "one message")
        .await;
    c.ok("EXAMINE Drafts").await;
    c.no("REPLACE 1 Drafts {1+}\r\nx", "READ-ONLY").await;
}

/// RFC 8437: UNAUTHENTICATE goes back to the greeting's state; another user can log in on
/// the same connection, and ENABLE's effects are gone.
#[tokio::test]
async fn unauthenticate_then_log_in_again() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" UNAUTHENTICATE"));
    c.ok("ENABLE UTF8=ACCEPT").await;
    c.ok("SELECT INBOX").await;
    c.ok("UNAUTHENTICATE").await;
    c.bad("SELECT INBOX", "log in first").await;
    let caps = c.ok("CAPABILITY").await;
    assert!(
        caps.contains("AUTH=PLAIN") && !caps.contains("UNAUTHENTICATE"),
        "{caps}"
    );
    c.ok(&format!("LOGIN {USER} \"{PASSWORD}\"")).await;
    // UTF8=ACCEPT is off again: a name with non-ASCII characters comes as modified UTF-7.
    c.ok("CREATE L&AbA-u").await;
    let list = c.ok("LIST \"\" L*").await;
    assert!(list.contains("L&AbA-u"), "{list}");
}

/// RFC 2971: the server's name and version.
#[tokio::test]
async fn id_names_the_server_and_its_version() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    let id = c
        .ok("ID (\"name\" \"Thunderbird\" \"version\" \"128.5\")")
        .await;
    assert_eq!(
        id,
        format!(
            "* ID (\"name\" \"govmail\" \"version\" \"{}\")\r\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

/// RFC 8514: FETCH SAVEDATE is when the message was saved into this mailbox (a copy's is
/// the copy's), NIL for a message saved before save dates were kept; SEARCH SAVEDON etc.
/// compare its day.
#[tokio::test]
async fn savedate_is_the_time_a_message_was_saved() {
    let (dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" SAVEDATE"));
    c.ok("APPEND INBOX \"01-Jan-2020 08:00:00 +0700\" {5+}\r\nfirst")
        .await;
    c.ok("APPEND INBOX \"01-Jan-2020 08:00:00 +0700\" {6+}\r\nsecond")
        .await;
    c.ok("SELECT INBOX").await;
    c.ok("COPY 1 Archive").await;
    let today = crate::date::format_date_time(storage::now());
    let today = &today[..11];
    let fetched = c.ok("FETCH 1:2 (SAVEDATE INTERNALDATE)").await;
    assert!(
        fetched.contains(&format!("* 1 FETCH (SAVEDATE \"{today}")),
        "{fetched}"
    );
    assert!(
        fetched.contains("INTERNALDATE \"01-Jan-2020 08:00:00 +0700\""),
        "{fetched}"
    );
    // Saved before save dates were kept: NIL, and no SAVED* key finds it.
    let db = rusqlite::Connection::open(dir.path().join(storage::DB_FILE)).unwrap();
    db.execute("UPDATE messages SET save_date = NULL WHERE uid = 2", [])
        .unwrap();
    let fetched = c.ok("FETCH 2 (SAVEDATE)").await;
    assert_eq!(fetched, "* 2 FETCH (SAVEDATE NIL)\r\n");
    let day = crate::date::format_date_time(storage::now() + 86_400);
    let tomorrow = day[..11].trim_start();
    let today = today.trim_start();
    assert_eq!(
        c.ok(&format!("SEARCH SAVEDON {today}")).await,
        "* SEARCH 1\r\n"
    );
    assert_eq!(
        c.ok(&format!("SEARCH SAVEDSINCE {today}")).await,
        "* SEARCH 1\r\n"
    );
    assert_eq!(
        c.ok(&format!("SEARCH SAVEDBEFORE {tomorrow}")).await,
        "* SEARCH 1\r\n"
    );
    assert_eq!(
        c.ok(&format!("SEARCH SAVEDBEFORE {today}")).await,
        "* SEARCH\r\n"
    );
    assert_eq!(c.ok("SEARCH SEEN SAVEDATESUPPORTED").await, "* SEARCH\r\n");
    assert_eq!(c.ok("SEARCH SAVEDATESUPPORTED").await, "* SEARCH 1 2\r\n");
    assert_eq!(c.ok("SEARCH BEFORE 2-Jan-2020").await, "* SEARCH 1 2\r\n");
}

/// RFC 8438 §3's example: STATUS SIZE is the mailbox's messages' total RFC822.SIZE.
#[tokio::test]
async fn status_size_is_the_sum_of_the_message_sizes() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" STATUS=SIZE"));
    c.ok("APPEND INBOX {5+}\r\nfirst").await;
    c.ok("APPEND INBOX {6+}\r\nsecond").await;
    assert_eq!(
        c.ok("STATUS INBOX (MESSAGES SIZE)").await,
        "* STATUS INBOX (MESSAGES 2 SIZE 11)\r\n"
    );
}

/// RFC 8970 §3's examples: PREVIEW is the start of the text; with LAZY it may be NIL until
/// it has been made, and once made it is kept.
#[tokio::test]
async fn preview_is_the_start_of_the_text() {
    let (_dir, store, _) = demo_store();
    let imap = imap(store, Default::default());
    let mut c = Client::login(&imap, USER, PASSWORD).await;
    assert!(c.ok_tagged("CAPABILITY").await.contains(" PREVIEW"));
    c.ok("ENABLE UTF8=ACCEPT").await;
    let message = "Subject: Giấy mời\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                   Kính gửi:\r\n  Các cơ quan, đơn vị.\r\n";
    c.ok(&format!("APPEND INBOX {{{}+}}\r\n{message}", message.len()))
        .await;
    c.ok(&format!("APPEND INBOX {{{}+}}\r\n{message}", message.len()))
        .await;
    c.ok("APPEND INBOX {14+}\r\nSubject: x\r\n\r\n").await;
    c.ok("SELECT INBOX").await;
    assert_eq!(
        c.ok("FETCH 1 (PREVIEW (LAZY))").await,
        "* 1 FETCH (PREVIEW NIL)\r\n"
    );
    assert_eq!(
        c.ok("FETCH 1:3 (PREVIEW)").await,
        "* 1 FETCH (PREVIEW \"Kính gửi: Các cơ quan, đơn vị.\")\r\n\
         * 2 FETCH (PREVIEW \"Kính gửi: Các cơ quan, đơn vị.\")\r\n\
         * 3 FETCH (PREVIEW \"\")\r\n"
    );
    assert_eq!(
        c.ok("UID FETCH 2 (PREVIEW (LAZY) FLAGS)").await,
        "* 2 FETCH (UID 2 PREVIEW \"Kính gửi: Các cơ quan, đơn vị.\" FLAGS (\\Recent))\r\n"
    );
    c.bad("FETCH 1 (PREVIEW (FUZZY))", "PREVIEW").await;
    c.bad("FETCH 1 (FLAGS (LAZY))", "atoms").await;
}
