//! Unit mailboxes in the shared namespace, and LIST-EXTENDED / LIST-STATUS, driven in memory:
//! vanthu@ (a unit) shared read-write with annv@ and read-only with ngoc@; la@ has no grant.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::test_client::Client;
use crate::{Imap, ImapConfig};
use storage::{AccountKind, DeliveryTarget, MessageMeta, NewAccount, OpenMode, Quota, Store};

const PASSWORD: &str = "Mật-khẩu 2026";
const UNIT: &str = "vanthu@stttt.gov.vn";
const RW: &str = "annv@stttt.gov.vn";
const RO: &str = "ngoc@stttt.gov.vn";
const NONE: &str = "la@stttt.gov.vn";
const SHARED_INBOX: &str = "\"Shared/vanthu@stttt.gov.vn/INBOX\"";

struct Env {
    _dir: tempfile::TempDir,
    imap: Arc<Imap>,
}

impl Env {
    fn store(&self) -> &Store {
        &self.imap.store
    }

    fn id(&self, address: &str) -> i64 {
        self.store().get_account(address).unwrap().id
    }

    fn deliver(&self, address: &str, subject: &str) {
        let raw: Arc<[u8]> = format!(
            "From: vanphong@ubnd.gov.vn\r\nTo: {address}\r\nSubject: {subject}\r\n\r\nKính gửi.\r\n"
        )
        .into_bytes()
        .into();
        let meta = MessageMeta::parse(&raw);
        let target = DeliveryTarget::inbox(self.id(address));
        self.store()
            .deliver(raw, meta, storage::now(), vec![target])
            .unwrap();
    }

    fn used(&self, address: &str) -> u64 {
        self.store().get_account(address).unwrap().used_messages
    }
}

fn env_with(config: ImapConfig) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
    store.add_domain("stttt.gov.vn").unwrap();
    store.add_agency("STTTT", "Sở TT&TT", None, None).unwrap();
    for (address, kind) in [
        (UNIT, AccountKind::Unit),
        (RW, AccountKind::Personal),
        (RO, AccountKind::Personal),
        (NONE, AccountKind::Personal),
    ] {
        store
            .create_account(NewAccount {
                address: address.into(),
                display_name: address.into(),
                agency_code: "STTTT".into(),
                kind,
                password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
                quota: Quota {
                    bytes: Some(1 << 30),
                    messages: None,
                },
            })
            .unwrap();
    }
    store.grant(UNIT, RW, false).unwrap();
    store.grant(UNIT, RO, true).unwrap();
    let imap = crate::test_client::imap(store, config);
    let env = Env { _dir: dir, imap };
    env.deliver(UNIT, "Công văn số 1");
    env.deliver(UNIT, "Giấy mời họp");
    env.deliver(RW, "Thư riêng");
    env
}

fn env() -> Env {
    env_with(ImapConfig::default())
}

/// A session logged in as `user`.
async fn login(env: &Env, user: &str) -> Client {
    Client::login(&env.imap, user, PASSWORD).await
}

/// APPEND with a non-synchronizing literal.
async fn append(c: &mut Client, mailbox: &str, message: &str) -> String {
    c.run(&format!(
        "APPEND {mailbox} {{{}+}}\r\n{message}",
        message.len()
    ))
    .await
}

/// The LIST lines of a response, without the "* LIST " prefix.
fn list_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter_map(|l| l.strip_prefix("* LIST "))
        .collect()
}

const MESSAGE: &str = "From: annv@stttt.gov.vn\r\nSubject: Dự thảo\r\n\r\nNội dung.\r\n";

#[tokio::test]
async fn namespace_and_list_show_the_granted_unit_under_shared() {
    let env = env();
    let mut c = login(&env, RW).await;
    let out = c.ok("NAMESPACE").await;
    assert_eq!(
        out,
        "* NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))\r\n"
    );
    let out = c.ok("LIST \"\" \"*\"").await;
    let lines = list_lines(&out);
    assert!(
        lines.contains(&"(\\Noselect \\HasChildren) \"/\" Shared"),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\Noselect \\HasChildren) \"/\" Shared/vanthu@stttt.gov.vn"),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX"),
        "{out}"
    );
    // The unit's Sent is not this person's Sent.
    assert!(
        lines.contains(&"(\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/Sent"),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\HasNoChildren \\Sent) \"/\" Sent"),
        "{out}"
    );
    assert_eq!(lines.iter().filter(|l| l.contains("\\Sent")).count(), 1);
    // `%` at each level.
    let out = c.ok("LIST \"\" \"%\"").await;
    assert!(list_lines(&out).contains(&"(\\Noselect \\HasChildren) \"/\" Shared"));
    assert!(!out.contains("vanthu"), "{out}");
    let out = c.ok("LIST \"Shared/\" \"%\"").await;
    assert_eq!(
        list_lines(&out),
        ["(\\Noselect \\HasChildren) \"/\" Shared/vanthu@stttt.gov.vn"]
    );
    let out = c.ok("LIST \"\" \"Shared/%/IN%\"").await;
    assert_eq!(
        list_lines(&out),
        ["(\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX"]
    );
    let out = c.ok("LSUB \"\" \"Shared/*\"").await;
    assert!(out.contains("* LSUB (\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX"));
    assert!(!out.contains("Noselect"), "{out}");

    // No grant, no Shared.
    let mut other = login(&env, NONE).await;
    let out = other.ok("LIST \"\" \"*\"").await;
    assert!(!out.contains("Shared"), "{out}");
}

#[tokio::test]
async fn a_read_write_grant_reads_changes_and_files_the_units_mail() {
    let env = env();
    let mut c = login(&env, RW).await;
    let out = c
        .ok(&format!("STATUS {SHARED_INBOX} (MESSAGES UNSEEN)"))
        .await;
    assert!(out.contains("(MESSAGES 2 UNSEEN 2)"), "{out}");
    let out = c.run(&format!("SELECT {SHARED_INBOX}")).await;
    assert!(
        out.contains("* 2 EXISTS") && out.contains("OK [READ-WRITE]"),
        "{out}"
    );
    assert!(out.contains("PERMANENTFLAGS (\\Answered"), "{out}");
    // Reading sets \Seen on the unit's message.
    let out = c.ok("FETCH 1 (BODY[HEADER.FIELDS (SUBJECT)])").await;
    assert!(out.contains("\\Seen"), "{out}");
    let out = c.ok("UID SEARCH UNSEEN").await;
    assert!(out.contains("* SEARCH 2") || out.contains("ALL 2"), "{out}");
    let out = c.ok("STORE 2 +FLAGS ($Important)").await;
    assert!(out.contains("$Important"), "{out}");
    // COPY to one's own folder: charged to oneself.
    let before = (env.used(UNIT), env.used(RW));
    let out = c.ok("COPY 1 Archive").await;
    assert!(out.is_empty());
    assert_eq!((env.used(UNIT), env.used(RW)), (before.0, before.1 + 1));
    // APPEND into the unit: the unit's quota.
    let out = append(&mut c, SHARED_INBOX, MESSAGE).await;
    assert!(out.contains("OK [APPENDUID"), "{out}");
    assert_eq!(env.used(UNIT), before.0 + 1);
    // MOVE out of the unit: the unit is refunded.
    let out = c.ok("MOVE 2 INBOX").await;
    assert!(out.contains("* 2 EXPUNGE"), "{out}");
    assert_eq!((env.used(UNIT), env.used(RW)), (before.0, before.1 + 2));
    // EXPUNGE in the unit's mailbox.
    c.ok("STORE 1 +FLAGS.SILENT (\\Deleted)").await;
    let out = c.ok("EXPUNGE").await;
    assert!(out.contains("* 1 EXPUNGE"), "{out}");
    // From one's own INBOX into the unit's.
    c.ok("SELECT INBOX").await;
    let out = c.run(&format!("COPY 1 {SHARED_INBOX}")).await;
    assert!(out.contains("OK [COPYUID"), "{out}");
    // 2 delivered + 1 appended - 1 moved out - 1 expunged + 1 copied in.
    let out = c.ok(&format!("STATUS {SHARED_INBOX} (MESSAGES)")).await;
    assert!(out.contains("(MESSAGES 2)"), "{out}");
    let unit = env.id(UNIT);
    let inbox = env.store().get_mailbox(unit, "INBOX").unwrap();
    assert_eq!(env.store().uids(unit, inbox.id).unwrap(), [3, 4]);
    assert_eq!(env.used(UNIT), 2);
}

#[tokio::test]
async fn a_read_only_grant_reads_and_copies_out_and_nothing_else() {
    let env = env();
    let mut c = login(&env, RO).await;
    let out = c.run(&format!("SELECT {SHARED_INBOX}")).await;
    assert!(out.contains("OK [READ-ONLY]"), "{out}");
    assert!(out.contains("[PERMANENTFLAGS ()]"), "{out}");
    // Reading does not set \Seen.
    let out = c.ok("FETCH 1 (BODY[])").await;
    assert!(out.contains("Công văn") || out.contains("C"), "{out}");
    assert!(!out.contains("\\Seen"), "{out}");
    c.no("STORE 1 +FLAGS (\\Seen)", "NOPERM").await;
    c.no("UID STORE 1 +FLAGS (\\Deleted)", "NOPERM").await;
    c.no("EXPUNGE", "NOPERM").await;
    c.no("UID EXPUNGE 1", "NOPERM").await;
    c.no("MOVE 1 INBOX", "NOPERM").await;
    let out = append(&mut c, SHARED_INBOX, MESSAGE).await;
    assert!(out.contains(" NO [NOPERM]"), "{out}");
    let before = env.used(RO);
    let out = c.run("COPY 1:2 INBOX").await;
    assert!(out.contains("OK [COPYUID"), "{out}");
    assert_eq!(env.used(RO), before + 2);
    c.ok("SELECT INBOX").await;
    c.no(&format!("COPY 1 {SHARED_INBOX}"), "NOPERM").await;
    c.no(&format!("MOVE 1 {SHARED_INBOX}"), "NOPERM").await;
    assert_eq!(env.used(UNIT), 2);
    let unit = env.id(UNIT);
    let inbox = env.store().get_mailbox(unit, "INBOX").unwrap();
    let flags = env.store().messages(unit, inbox.id, 1..=2).unwrap();
    assert!(flags.iter().all(|m| m.flags == storage::Flags::default()));
}

#[tokio::test]
async fn a_units_folders_are_not_created_deleted_or_renamed_by_grantees() {
    let env = env();
    let mut c = login(&env, RW).await;
    c.ok("ENABLE UTF8=ACCEPT").await;
    c.no("CREATE \"Shared/vanthu@stttt.gov.vn/Lưu trữ\"", "NOPERM")
        .await;
    c.no("CREATE Shared", "NOPERM").await;
    c.no("DELETE \"Shared/vanthu@stttt.gov.vn/Sent\"", "NOPERM")
        .await;
    c.no("RENAME \"Shared/vanthu@stttt.gov.vn/Sent\" Cu", "NOPERM")
        .await;
    c.no(
        "RENAME Archive \"Shared/vanthu@stttt.gov.vn/Archive2\"",
        "NOPERM",
    )
    .await;
    c.ok(&format!("SUBSCRIBE {SHARED_INBOX}")).await;
    c.no(&format!("UNSUBSCRIBE {SHARED_INBOX}"), "CANNOT").await;
    c.no(
        "SUBSCRIBE \"Shared/ngoc@stttt.gov.vn/INBOX\"",
        "NONEXISTENT",
    )
    .await;
    let unit = env.id(UNIT);
    assert_eq!(
        env.store()
            .list_mailboxes(unit, storage::Counts::With)
            .unwrap()
            .len(),
        storage::DEFAULT_MAILBOXES.len()
    );
}

#[tokio::test]
async fn no_grant_no_access_whatever_the_name() {
    let env = env();
    let mut c = login(&env, NONE).await;
    for name in [
        SHARED_INBOX,
        "\"Shared/VANTHU@stttt.gov.vn/INBOX\"",
        "Shared",
        "\"Shared/vanthu@stttt.gov.vn\"",
    ] {
        c.no(&format!("SELECT {name}"), "NONEXISTENT").await;
        c.no(&format!("EXAMINE {name}"), "NONEXISTENT").await;
        c.no(&format!("STATUS {name} (MESSAGES)"), "NONEXISTENT")
            .await;
    }
    let out = append(&mut c, SHARED_INBOX, MESSAGE).await;
    assert!(out.contains(" NO [NONEXISTENT]"), "{out}");
    c.no(
        "GETQUOTAROOT \"Shared/vanthu@stttt.gov.vn/INBOX\"",
        "NONEXISTENT",
    )
    .await;
    c.no("GETQUOTA \"Shared/vanthu@stttt.gov.vn\"", "NONEXISTENT")
        .await;
    c.ok("SELECT INBOX").await;
    c.no(&format!("UID COPY 1:* {SHARED_INBOX}"), "NONEXISTENT")
        .await;

    // A grantee reaches its unit and nothing else: not another person, not itself, not
    // through "..", wildcards or empty levels.
    let mut g = login(&env, RW).await;
    for name in [
        "\"Shared/ngoc@stttt.gov.vn/INBOX\"",
        "\"Shared/la@stttt.gov.vn/INBOX\"",
        "\"Shared/annv@stttt.gov.vn/INBOX\"",
        "\"Shared/vanthu@stttt.gov.vn/../INBOX\"",
        "\"Shared/vanthu@stttt.gov.vn/INBOX/..\"",
        "\"Shared/../ngoc@stttt.gov.vn/INBOX\"",
        "\"Shared/*/INBOX\"",
        "\"Shared/%/INBOX\"",
        "\"Shared/vanthu@*/INBOX\"",
        "\"Shared//INBOX\"",
        "\"Shared/vanthu@stttt.gov.vn/\"",
        "\"Shared/vanthu@stttt.gov.vn/Khong co\"",
    ] {
        g.no(&format!("SELECT {name}"), "NONEXISTENT").await;
        g.no(&format!("STATUS {name} (MESSAGES)"), "NONEXISTENT")
            .await;
        let out = append(&mut g, name, MESSAGE).await;
        assert!(out.contains(" NO [NONEXISTENT]"), "{name}: {out}");
    }
    let out = g.ok("LIST \"\" \"Shared/ngoc@*\"").await;
    assert!(list_lines(&out).is_empty(), "{out}");
    let out = g.ok("LIST \"Shared/\" \"*/INBOX\"").await;
    assert_eq!(
        list_lines(&out),
        ["(\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX"]
    );
    // Nothing of ngoc's was touched.
    assert_eq!(env.used(RO), 0);
}

#[tokio::test]
async fn a_revoke_applies_at_the_next_command() {
    let env = env();
    let mut c = login(&env, RW).await;
    c.ok(&format!("SELECT {SHARED_INBOX}")).await;
    c.ok("FETCH 1 (FLAGS)").await;
    env.store().grant(UNIT, RW, true).unwrap();
    // Changed to read-only: writes are refused at once.
    c.no("STORE 1 +FLAGS (\\Flagged)", "NOPERM").await;
    c.ok("FETCH 1 (FLAGS)").await;
    env.store().revoke(UNIT, RW).unwrap();
    let out = c.no("FETCH 1 (FLAGS)", "NOPERM").await;
    assert!(out.contains("* OK [CLOSED]"), "{out}");
    assert!(!out.contains("FETCH ("), "{out}");
    c.bad("FETCH 1 (FLAGS)", "select a mailbox first").await;
    c.no(&format!("SELECT {SHARED_INBOX}"), "NONEXISTENT").await;
    let out = c.ok("LIST \"\" \"*\"").await;
    assert!(!out.contains("Shared"), "{out}");
    // Commands not on the mailbox go ahead after the [CLOSED].
    env.store().grant(UNIT, RW, false).unwrap();
    c.ok(&format!("SELECT {SHARED_INBOX}")).await;
    env.store().revoke(UNIT, RW).unwrap();
    let out = c.ok("NOOP").await;
    assert!(out.contains("* OK [CLOSED]"), "{out}");
    c.ok("SELECT INBOX").await;
}

#[tokio::test]
async fn idle_on_a_shared_mailbox_sees_mail_delivered_to_the_unit() {
    let env = env();
    let mut c = login(&env, RO).await;
    c.ok(&format!("EXAMINE {SHARED_INBOX}")).await;
    c.send(b"i1 IDLE\r\n").await;
    c.until(b"+ ").await;
    env.deliver(UNIT, "Hỏa tốc");
    let line = c.until(b"* 3 EXISTS").await;
    assert!(line.ends_with("* 3 EXISTS\r\n"));
    c.send(b"DONE\r\n").await;
    c.until(b"i1 OK").await;
    // Flag changes by another grantee reach this session at NOOP.
    let mut other = login(&env, RW).await;
    other.ok(&format!("SELECT {SHARED_INBOX}")).await;
    other.ok("STORE 3 +FLAGS (\\Flagged)").await;
    let out = c.ok("NOOP").await;
    assert!(out.contains("* 3 FETCH (UID 3 FLAGS (\\Flagged))"), "{out}");
}

#[tokio::test]
async fn the_quota_of_a_shared_mailbox_is_the_units() {
    let env = env();
    let mut c = login(&env, RW).await;
    let out = c.ok(&format!("GETQUOTAROOT {SHARED_INBOX}")).await;
    assert!(
        out.contains("* QUOTAROOT Shared/vanthu@stttt.gov.vn/INBOX Shared/vanthu@stttt.gov.vn\r\n"),
        "{out}"
    );
    let unit = env.store().get_account(UNIT).unwrap();
    let expected = format!(
        "* QUOTA Shared/vanthu@stttt.gov.vn (STORAGE {} 1048576)\r\n",
        unit.used_bytes.div_ceil(1024)
    );
    assert!(out.contains(&expected), "{out}");
    let out = c.ok("GETQUOTA \"Shared/vanthu@stttt.gov.vn\"").await;
    assert!(out.contains(&expected), "{out}");
    let out = c.ok("GETQUOTAROOT INBOX").await;
    assert!(
        out.contains("* QUOTAROOT INBOX \"\"\r\n* QUOTA \"\" (STORAGE"),
        "{out}"
    );
    c.no("GETQUOTA \"Shared\"", "NONEXISTENT").await;
    c.no("GETQUOTA \"x\"", "NONEXISTENT").await;
}

// ---- LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), APPENDLIMIT (RFC 7889) ----

#[tokio::test]
async fn capabilities_announce_the_list_extensions_and_the_append_limit() {
    let env = env_with(ImapConfig {
        max_literal: 4096,
        ..ImapConfig::default()
    });
    let mut c = login(&env, RW).await;
    let out = c.ok("CAPABILITY").await;
    let caps: Vec<&str> = out.trim_end().split(' ').collect();
    for cap in ["LIST-EXTENDED", "LIST-STATUS", "APPENDLIMIT=4096"] {
        assert!(caps.contains(&cap), "{cap}: {out}");
    }
    // A synchronizing literal over the limit: NO [TOOBIG], no "+", the session goes on.
    c.send(b"a1 APPEND INBOX {4097}\r\n").await;
    let out = c.until(b"a1 ").await;
    assert!(out.starts_with("a1 NO [TOOBIG]"), "{out}");
    c.ok("NOOP").await;
    let out = c.ok("STATUS INBOX (APPENDLIMIT)").await;
    assert!(out.contains("(APPENDLIMIT 4096)"), "{out}");
    let out = append(&mut c, "INBOX", MESSAGE).await;
    assert!(out.contains("OK [APPENDUID"), "{out}");
}

#[tokio::test]
async fn list_status_answers_each_mailbox_field_by_field() {
    let env = env();
    let mut c = login(&env, RW).await;
    c.ok("SELECT INBOX").await;
    c.ok("STORE 1 +FLAGS (\\Seen)").await;
    let own = env.store().get_mailbox(env.id(RW), "INBOX").unwrap();
    let unit = env.store().get_mailbox(env.id(UNIT), "INBOX").unwrap();
    let out = c
        .ok("LIST \"\" (\"INBOX\" \"Shared/*/INBOX\" \"Shared\") RETURN (STATUS (MESSAGES UNSEEN UIDNEXT UIDVALIDITY SIZE HIGHESTMODSEQ))")
        .await;
    // HIGHESTMODSEQ asked for: CONDSTORE is now on, and the selected mailbox's
    // HIGHESTMODSEQ (as this session knows it) comes first (RFC 7162 §3.1).
    let (first, rest) = out.split_once("\r\n").unwrap();
    assert!(first.starts_with("* OK [HIGHESTMODSEQ "), "{out}");
    let lines: Vec<&str> = rest.lines().collect();
    assert_eq!(
        lines,
        [
            "* LIST (\\HasNoChildren) \"/\" INBOX",
            &format!(
                "* STATUS INBOX (MESSAGES 1 UNSEEN 0 UIDNEXT 2 UIDVALIDITY {} SIZE {} HIGHESTMODSEQ {})",
                own.uidvalidity, own.size, own.highest_modseq
            ),
            "* LIST (\\Noselect \\HasChildren) \"/\" Shared",
            "* LIST (\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX",
            &format!(
                "* STATUS Shared/vanthu@stttt.gov.vn/INBOX (MESSAGES 2 UNSEEN 2 UIDNEXT 3 UIDVALIDITY {} SIZE {} HIGHESTMODSEQ {})",
                unit.uidvalidity, unit.size, unit.highest_modseq
            ),
        ],
        "{out}"
    );
    assert!(own.size > 0 && unit.size > own.size);
}

#[tokio::test]
async fn list_extended_selection_and_return_options() {
    let env = env();
    let mut c = login(&env, RW).await;
    c.ok("ENABLE UTF8=ACCEPT").await;
    c.ok("CREATE \"Lưu trữ/2025\"").await;
    c.ok("CREATE \"Lưu trữ/2026\"").await;
    // CREATE does not subscribe (RFC 9051 §6.3.7); Junk is subscribed with the account.
    c.ok("SUBSCRIBE \"Lưu trữ/2026\"").await;
    c.ok("UNSUBSCRIBE Junk").await;

    // RETURN (SUBSCRIBED CHILDREN): \Subscribed where subscribed; the level "Lưu trữ" that is
    // no mailbox is \NonExistent in the extended form, \Noselect in the basic one.
    let out = c.ok("LIST \"\" \"%\" RETURN (SUBSCRIBED CHILDREN)").await;
    let lines = list_lines(&out);
    assert!(
        lines.contains(&"(\\HasNoChildren \\Subscribed) \"/\" INBOX"),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\HasNoChildren \\Junk) \"/\" Junk"),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\NonExistent \\HasChildren) \"/\" \"Lưu trữ\""),
        "{out}"
    );
    let out = c.ok("LIST \"\" \"%\"").await;
    assert!(
        list_lines(&out).contains(&"(\\Noselect \\HasChildren) \"/\" \"Lưu trữ\""),
        "{out}"
    );
    assert!(!out.contains("\\Subscribed"), "{out}");

    // (SUBSCRIBED): only subscribed mailboxes, with \Subscribed.
    let out = c.ok("LIST (SUBSCRIBED) \"\" \"*\"").await;
    let lines = list_lines(&out);
    assert!(lines.contains(&"(\\HasNoChildren \\Subscribed) \"/\" \"Lưu trữ/2026\""));
    assert!(
        !out.contains("2025") && !out.contains("\" Junk\r\n"),
        "{out}"
    );
    assert!(
        !out.contains("\"Lưu trữ\"\r\n") && !out.contains(" Shared\r\n"),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\HasNoChildren \\Subscribed) \"/\" Shared/vanthu@stttt.gov.vn/INBOX")
    );

    // (SUBSCRIBED RECURSIVEMATCH) with %: parents of subscribed mailboxes, with CHILDINFO.
    let out = c
        .ok("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)")
        .await;
    let lines = list_lines(&out);
    assert!(
        lines.contains(
            &"(\\NonExistent \\HasChildren) \"/\" \"Lưu trữ\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"
        ),
        "{out}"
    );
    assert!(
        lines.contains(&"(\\Noselect \\HasChildren) \"/\" Shared (\"CHILDINFO\" (\"SUBSCRIBED\"))"),
        "{out}"
    );
    assert!(!out.contains("\" Junk\r\n"), "{out}");
    assert!(
        lines.contains(&"(\\HasNoChildren \\Subscribed) \"/\" INBOX"),
        "{out}"
    );

    // (SPECIAL-USE): only special-use mailboxes, never a unit's.
    let out = c
        .ok("LIST (SPECIAL-USE) \"\" \"*\" RETURN (SPECIAL-USE)")
        .await;
    let lines = list_lines(&out);
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines.iter().all(|l| l.contains("\\HasNoChildren \\")),
        "{out}"
    );
    assert!(!out.contains("Shared") && !out.contains("INBOX"), "{out}");

    // Several patterns, each mailbox once; REMOTE changes nothing.
    let out = c
        .ok("LIST (REMOTE) \"\" (\"INBOX\" \"Sent\" \"IN*\" \"*/INBOX\")")
        .await;
    assert_eq!(
        list_lines(&out),
        [
            "(\\HasNoChildren) \"/\" INBOX",
            "(\\HasNoChildren \\Sent) \"/\" Sent",
            "(\\HasNoChildren) \"/\" Shared/vanthu@stttt.gov.vn/INBOX",
        ]
    );
}

#[tokio::test]
async fn malformed_list_options_are_bad_with_the_reason() {
    let env = env();
    let mut c = login(&env, RW).await;
    for (command, needle) in [
        ("LIST (RECURSIVEMATCH) \"\" \"*\"", "RECURSIVEMATCH needs"),
        (
            "LIST (REMOTE RECURSIVEMATCH) \"\" \"*\"",
            "RECURSIVEMATCH needs",
        ),
        (
            "LIST (BOGUS) \"\" \"*\"",
            "unknown LIST selection option BOGUS",
        ),
        ("LIST (\"SUBSCRIBED\") \"\" \"*\"", "atoms"),
        (
            "LIST \"\" \"*\" RETURN (BOGUS)",
            "unknown LIST return option BOGUS",
        ),
        (
            "LIST \"\" \"*\" RETURN (STATUS)",
            "needs a list of STATUS items",
        ),
        ("LIST \"\" \"*\" RETURN (STATUS ())", "at least one item"),
        (
            "LIST \"\" \"*\" RETURN (STATUS (MESSAGES BOGUS))",
            "unknown STATUS item BOGUS",
        ),
        ("LIST \"\" \"*\" RETURN CHILDREN", "only RETURN"),
        ("LIST \"\" \"*\" EXTRA", "only RETURN"),
        ("LIST \"\" ()", "empty"),
        ("LIST \"\"", "needs a reference and a pattern"),
        ("LIST ()", "needs a reference and a pattern"),
    ] {
        c.bad(command, needle).await;
    }
    // The session is fine afterwards; empty option lists are valid.
    let out = c.ok("LIST () \"\" \"INBOX\" RETURN ()").await;
    assert_eq!(list_lines(&out), ["(\\HasNoChildren) \"/\" INBOX"]);
    let out = c.ok("LIST \"\" \"\"").await;
    assert_eq!(out, "* LIST (\\Noselect) \"/\" \"\"\r\n");
}

// ---- CONDSTORE / QRESYNC (RFC 7162) on a unit's mailbox: the unit's MODSEQs throughout ----

/// The unit's INBOX: (UIDVALIDITY, HIGHESTMODSEQ).
fn unit_inbox(env: &Env) -> (u32, u64) {
    let b = env.store().get_mailbox(env.id(UNIT), "INBOX").unwrap();
    (b.uidvalidity, b.highest_modseq)
}

#[tokio::test]
async fn condstore_on_a_shared_mailbox_follows_the_units_changes() {
    let env = env();
    let mut grantee = login(&env, RW).await;
    let (_, mark) = unit_inbox(&env);
    let out = grantee
        .ok(&format!("SELECT {SHARED_INBOX} (CONDSTORE)"))
        .await;
    assert!(
        out.contains(&format!("* OK [HIGHESTMODSEQ {mark}]")),
        "{out}"
    );
    // The unit (its văn thư) flags a message in its own INBOX.
    let mut unit = login(&env, UNIT).await;
    unit.ok("SELECT INBOX").await;
    unit.ok("STORE 1 +FLAGS (\\Flagged)").await;
    let (_, m) = unit_inbox(&env);
    assert!(m > mark);
    // The change reaches the grantee's session, with its MODSEQ (the grantee selected the
    // unit's INBOX first, so its messages are \\Recent there).
    let out = grantee.ok("NOOP").await;
    assert!(
        out.contains(&format!(
            "* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ ({m}))"
        )),
        "{out}"
    );
    // The grantee asks what changed since: exactly that message, at the unit's MODSEQ.
    let out = grantee
        .ok(&format!("FETCH 1:* (FLAGS) (CHANGEDSINCE {mark})"))
        .await;
    let fetches: Vec<&str> = out.lines().filter(|l| l.contains(" FETCH (")).collect();
    assert_eq!(
        fetches,
        [format!(
            "* 1 FETCH (FLAGS (\\Flagged \\Recent) MODSEQ ({m}))"
        )],
        "{out}"
    );
    let out = grantee.ok(&format!("UID SEARCH MODSEQ {}", mark + 1)).await;
    assert!(out.contains(&format!("* SEARCH 1 (MODSEQ {m})")), "{out}");
    // A conditional STORE by the grantee is judged on the unit's MODSEQs.
    let out = grantee
        .run(&format!(
            "STORE 1:2 (UNCHANGEDSINCE {mark}) +FLAGS (\\Seen)"
        ))
        .await;
    assert!(out.contains("OK [MODIFIED 1]"), "{out}");
    let (_, m2) = unit_inbox(&env);
    assert!(
        out.contains(&format!(
            "* 2 FETCH (UID 2 FLAGS (\\Seen \\Recent) MODSEQ ({m2}))"
        )),
        "{out}"
    );
    let out = unit.ok("STATUS INBOX (HIGHESTMODSEQ)").await;
    assert!(out.contains(&format!("(HIGHESTMODSEQ {m2})")), "{out}");
    let out = grantee
        .ok(&format!("STATUS {SHARED_INBOX} (HIGHESTMODSEQ)"))
        .await;
    assert!(out.contains(&format!("(HIGHESTMODSEQ {m2})")), "{out}");
    // Read-only: a conditional STORE is refused like any other.
    let mut reader = login(&env, RO).await;
    reader
        .ok(&format!("SELECT {SHARED_INBOX} (CONDSTORE)"))
        .await;
    reader
        .no(
            &format!("STORE 1 (UNCHANGEDSINCE {m2}) +FLAGS (\\Seen)"),
            "NOPERM",
        )
        .await;
}

#[tokio::test]
async fn qresync_on_a_shared_mailbox_reports_the_units_expunges_as_vanished() {
    let env = env();
    let (validity, mark) = unit_inbox(&env);
    let mut unit = login(&env, UNIT).await;
    unit.ok("SELECT INBOX").await;
    unit.ok("STORE 1 +FLAGS.SILENT (\\Deleted)").await;
    unit.ok("EXPUNGE").await;
    unit.ok("STORE 1 +FLAGS (\\Answered)").await;
    let (_, m) = unit_inbox(&env);
    // A grantee coming back with what it knew resynchronizes from the unit's mailbox.
    let mut grantee = login(&env, RO).await;
    grantee.ok("ENABLE QRESYNC").await;
    let out = grantee
        .ok(&format!(
            "EXAMINE {SHARED_INBOX} (QRESYNC ({validity} {mark}))"
        ))
        .await;
    assert!(out.contains(&format!("* OK [HIGHESTMODSEQ {m}]")), "{out}");
    assert!(out.contains("* VANISHED (EARLIER) 1\r\n"), "{out}");
    assert!(
        out.contains(&format!(
            "* 1 FETCH (UID 2 FLAGS (\\Answered) MODSEQ ({m}))"
        )),
        "{out}"
    );
    // Live: a message the unit expunges while the grantee idles is VANISHED, not EXPUNGE.
    env.deliver(UNIT, "Hỏa tốc");
    grantee.ok("NOOP").await;
    grantee.send(b"i1 IDLE\r\n").await;
    grantee.until(b"+ ").await;
    unit.ok("NOOP").await;
    unit.ok("UID STORE 2 +FLAGS.SILENT (\\Deleted)").await;
    unit.ok("UID EXPUNGE 2").await;
    let line = grantee.until(b"* VANISHED").await;
    assert!(line.ends_with("* VANISHED 2\r\n"), "{line}");
    grantee.send(b"DONE\r\n").await;
    grantee.until(b"i1 OK").await;
    let out = grantee.ok("FETCH 1 (UID)").await;
    assert!(out.contains("* 1 FETCH (UID 3)"), "{out}");
}
