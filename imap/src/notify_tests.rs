//! NOTIFY (RFC 5465) driven in memory: the RFC's examples (with its errata), and what one
//! session is told of changes made elsewhere (deliveries and other sessions, through the
//! store), without sending a command.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use storage::{DeliveryTarget, MessageMeta, Store};

use super::*;
use crate::test_client::{Client, PASSWORD, USER, demo_store};
use crate::wire::tokenize;

fn parsed(command: &str) -> Result<NotifyCommand, ImapError> {
    let cmd = tokenize(format!("t {command}").as_bytes()).unwrap();
    parse(&cmd.name, &cmd.args).unwrap()
}

fn deliver(store: &Store, account: storage::AccountId, subject: &str) {
    let raw: Arc<[u8]> = format!(
        "From: vanphong@ubnd.gov.vn\r\nTo: {USER}\r\nSubject: {subject}\r\n\r\nKính gửi.\r\n"
    )
    .into_bytes()
    .into();
    let meta = MessageMeta::parse(&raw);
    store
        .deliver(
            raw,
            meta,
            storage::now(),
            vec![DeliveryTarget::inbox(account)],
        )
        .unwrap();
}

async fn setup() -> (
    tempfile::TempDir,
    Arc<crate::Imap>,
    storage::AccountId,
    Client,
) {
    let (dir, store, account) = demo_store();
    let imap = crate::test_client::imap(store, Default::default());
    let c = Client::login(&imap, USER, PASSWORD).await;
    (dir, imap, account, c)
}

/// RFC 5465 §3.1's examples (as corrected by errata 2318 and 3824: events in parentheses,
/// MessageNew with MessageExpunge).
#[test]
fn the_rfc_examples_parse() {
    let set = parsed(
        "NOTIFY SET STATUS (selected MessageNew (uid body.peek[header.fields (from to \
         subject)]) MessageExpunge) (subtree Lists (MessageNew MessageExpunge))",
    );
    // The RFC's own text lists "MessageNew (…) MessageExpunge" without the outer
    // parentheses, which its grammar (§8) does not allow.
    assert!(set.is_err());
    let set = parsed(
        "NOTIFY SET STATUS (selected (MessageNew (uid body.peek[header.fields (from to \
         subject)]) MessageExpunge)) (subtree Lists (MessageNew MessageExpunge))",
    )
    .unwrap();
    let NotifyCommand::Set {
        status,
        selected,
        groups,
    } = set
    else {
        panic!("not SET");
    };
    assert!(status);
    let selected = selected.unwrap();
    assert!(!selected.delayed && selected.events.new && selected.events.expunge);
    assert_eq!(selected.events.fetch.len(), 2);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].0, Filter::Subtree(vec![b"Lists".to_vec()]));
    let set = parsed(
        "NOTIFY SET (selected-delayed (MessageNew MessageExpunge FlagChange)) (inboxes \
         (MessageNew MessageExpunge)) (mailboxes (misc \"Lưu trữ\") (MessageNew \
         MessageExpunge)) (personal (MailboxName SubscriptionChange)) (subscribed NONE)",
    )
    .unwrap();
    assert!(matches!(set, NotifyCommand::Set { ref groups, .. } if groups.len() == 4));
    assert_eq!(parsed("NOTIFY NONE").unwrap(), NotifyCommand::None);
}

#[test]
fn malformed_or_unoffered_events_are_refused() {
    let bad = |c: &str| parsed(c).unwrap_err().status() == Status::Bad;
    // §5: MessageNew and MessageExpunge together; FlagChange needs them.
    assert!(bad("NOTIFY SET (selected (MessageNew))"));
    assert!(bad("NOTIFY SET (inboxes (MessageExpunge))"));
    assert!(bad("NOTIFY SET (inboxes (FlagChange))"));
    // §5.2: fetch attributes only for the selected mailbox; nothing that sets \Seen.
    assert!(bad(
        "NOTIFY SET (inboxes (MessageNew (UID) MessageExpunge))"
    ));
    assert!(bad(
        "NOTIFY SET (selected (MessageNew (BODY[]) MessageExpunge))"
    ));
    assert!(bad("NOTIFY SET (selected NONE) (selected-delayed NONE)"));
    assert!(bad("NOTIFY SET"));
    assert!(bad("NOTIFY NONE (inboxes NONE)"));
    assert!(bad("NOTIFY SET (everything (MessageNew MessageExpunge))"));
    assert!(bad("NOTIFY SET (subtree () (MessageNew MessageExpunge))"));
    // §3.1: an event we do not offer is NO [BADEVENT (what we offer)].
    let e =
        parsed("NOTIFY SET (selected (MessageNew MessageExpunge AnnotationChange))").unwrap_err();
    assert_eq!(e.status(), Status::No);
    assert!(e.code.unwrap().starts_with("BADEVENT (MessageNew"));
}

/// A message delivered to INBOX is told as a STATUS to a session that has another mailbox
/// selected, at once, without a command (§5.2).
#[tokio::test]
async fn a_delivery_to_a_watched_mailbox_is_told_as_status() {
    let (_dir, imap, account, mut c) = setup().await;
    assert!(c.ok("CAPABILITY").await.contains(" NOTIFY"));
    c.ok("SELECT Sent").await;
    c.ok("NOTIFY SET (selected (MessageNew MessageExpunge)) (inboxes (MessageNew MessageExpunge))")
        .await;
    deliver(&imap.store, account, "Công văn số 1");
    let line = c.until(b"* STATUS").await;
    assert!(
        line.contains("* STATUS INBOX (MESSAGES 1 UIDNEXT 2 UIDVALIDITY "),
        "{line}"
    );
    assert!(line.ends_with(" UNSEEN 1)\r\n"), "{line}");
    // A mailbox no filter names is not told.
    imap.store.create_mailbox(account, "Dự án", None).unwrap();
    deliver(&imap.store, account, "Giấy mời");
    let line = c.until(b"* STATUS").await;
    assert!(line.contains("* STATUS INBOX (MESSAGES 2 "), "{line}");
    let out = c.ok("NOOP").await;
    assert!(!out.contains("Dự án") && !out.contains("STATUS"), "{out}");
}

/// SET STATUS: the current STATUS of every mailbox the filters name, before OK (§3).
#[tokio::test]
async fn set_status_tells_the_state_to_start_from() {
    let (_dir, imap, account, mut c) = setup().await;
    deliver(&imap.store, account, "Công văn");
    c.ok("SELECT Drafts").await;
    let out = c
        .ok("NOTIFY SET STATUS (selected (MessageNew MessageExpunge)) (personal (MessageNew MessageExpunge))")
        .await;
    assert!(
        out.contains("* STATUS INBOX (MESSAGES 1 UIDNEXT 2 "),
        "{out}"
    );
    assert!(out.contains("* STATUS Sent (MESSAGES 0 "), "{out}");
    // Not the selected mailbox: it is told by EXISTS and the like.
    assert!(!out.contains("* STATUS Drafts"), "{out}");
}

/// The selected mailbox: EXISTS and MessageNew's fetch attributes, unsolicited (§5.2), and
/// flag changes as FETCH.
#[tokio::test]
async fn the_selected_mailbox_is_told_new_messages_with_their_attributes() {
    let (_dir, imap, account, mut c) = setup().await;
    c.ok("SELECT INBOX").await;
    c.ok(
        "NOTIFY SET (selected (MessageNew (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)]) \
          MessageExpunge FlagChange))",
    )
    .await;
    deliver(&imap.store, account, "Giấy mời họp");
    let exists = c.until(b"* 1 EXISTS").await;
    assert!(exists.ends_with("* 1 EXISTS\r\n"), "{exists}");
    let fetch = c.until(b"* 1 FETCH").await;
    assert!(
        fetch.contains("* 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT)] {"),
        "{fetch}"
    );
    // Not marked seen by being told.
    let out = c.ok("FETCH 1 FLAGS").await;
    assert!(!out.contains("\\Seen"), "{out}");
    // Another session's flag change arrives unasked.
    let mut other = Client::login(&imap, USER, PASSWORD).await;
    other.ok("SELECT INBOX").await;
    other.ok("STORE 1 +FLAGS (\\Flagged)").await;
    let line = c.until(b"* 1 FETCH").await;
    assert!(line.contains("\\Flagged"), "{line}");
}

/// SELECTED-DELAYED: an expunge by another session waits for a command that allows it
/// (§5.1); SELECTED tells it at once.
#[tokio::test]
async fn selected_delayed_keeps_expunges_for_the_next_command() {
    let (_dir, imap, account, mut c) = setup().await;
    deliver(&imap.store, account, "Một");
    deliver(&imap.store, account, "Hai");
    c.ok("SELECT INBOX").await;
    c.ok("NOTIFY SET (selected-delayed (MessageNew MessageExpunge))")
        .await;
    let mut other = Client::login(&imap, USER, PASSWORD).await;
    other.ok("SELECT INBOX").await;
    other.ok("STORE 1 +FLAGS.SILENT (\\Deleted)").await;
    other.ok("EXPUNGE").await;
    deliver(&imap.store, account, "Ba");
    // The new message is told at once, numbered as if the expunged one were still there.
    let line = c.until(b"* 3 EXISTS").await;
    assert!(!line.contains("EXPUNGE"), "{line}");
    let out = c.ok("NOOP").await;
    assert!(out.contains("* 1 EXPUNGE"), "{out}");
}

/// MailboxName and SubscriptionChange (§5.4, §5.5): LIST lines for names created, renamed
/// (with OLDNAME) and deleted (\NonExistent), and for (un)subscriptions.
#[tokio::test]
async fn mailbox_names_and_subscriptions_are_told_as_list() {
    let (_dir, imap, account, mut c) = setup().await;
    c.ok("ENABLE UTF8=ACCEPT").await;
    c.ok("NOTIFY SET (personal (MailboxName SubscriptionChange))")
        .await;
    let store = &imap.store;
    store.create_mailbox(account, "Dự án", None).unwrap();
    assert_eq!(
        c.until(b"* LIST").await.trim_end(),
        "* LIST () \"/\" \"Dự án\""
    );
    store
        .rename_mailbox(account, "Dự án", "Dự án 2026")
        .unwrap();
    assert_eq!(
        c.until(b"* LIST").await.trim_end(),
        "* LIST () \"/\" \"Dự án 2026\" (\"OLDNAME\" (\"Dự án\"))"
    );
    store.subscribe_mailbox(account, "Dự án 2026").unwrap();
    assert_eq!(
        c.until(b"* LIST").await.trim_end(),
        "* LIST (\\Subscribed) \"/\" \"Dự án 2026\""
    );
    store.unsubscribe_mailbox(account, "Dự án 2026").unwrap();
    assert_eq!(
        c.until(b"* LIST").await.trim_end(),
        "* LIST () \"/\" \"Dự án 2026\""
    );
    store.delete_mailbox(account, "Dự án 2026").unwrap();
    assert_eq!(
        c.until(b"* LIST").await.trim_end(),
        "* LIST (\\NonExistent) \"/\" \"Dự án 2026\""
    );
}

/// NOTIFY NONE: nothing more is told.
#[tokio::test]
async fn notify_none_stops_the_notifications() {
    let (_dir, imap, account, mut c) = setup().await;
    c.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge))")
        .await;
    deliver(&imap.store, account, "Một");
    c.until(b"* STATUS INBOX").await;
    c.ok("NOTIFY NONE").await;
    deliver(&imap.store, account, "Hai");
    let out = c.ok("NOOP").await;
    assert!(!out.contains("STATUS"), "{out}");
}

/// §5.8: a session further behind than the hub keeps says NOTIFICATIONOVERFLOW and NOTIFY
/// is off; the changes it could not hold are not kept for it (bounded memory).
#[tokio::test]
async fn a_session_that_falls_behind_overflows_to_notify_none() {
    let (_dir, imap, account, mut c) = setup().await;
    c.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge))")
        .await;
    // The test's runtime has one thread: the session reads nothing while these commit.
    for i in 0..storage::CHANNEL_CAPACITY + 10 {
        deliver(&imap.store, account, &format!("Thư {i}"));
    }
    let line = c.until(b"* OK [NOTIFICATIONOVERFLOW]").await;
    assert!(!line.contains("* STATUS"), "{line}");
    deliver(&imap.store, account, "Sau");
    let out = c.ok("NOOP").await;
    assert!(!out.contains("STATUS"), "{out}");
    // Set again, it works again.
    c.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge))")
        .await;
    deliver(&imap.store, account, "Lại");
    c.until(b"* STATUS INBOX").await;
}

/// NOTIFY goes on during IDLE.
#[tokio::test]
async fn idle_tells_notify_changes_too() {
    let (_dir, imap, account, mut c) = setup().await;
    c.ok("SELECT Sent").await;
    c.ok("NOTIFY SET (inboxes (MessageNew MessageExpunge))")
        .await;
    c.send(b"t9 IDLE\r\n").await;
    c.until(b"+ ").await;
    deliver(&imap.store, account, "Trong IDLE");
    c.until(b"* STATUS INBOX").await;
    c.send(b"DONE\r\n").await;
    c.until(b"t9 OK").await;
}

/// SUBTREE takes a mailbox and those below it (not a name that only starts the same), and
/// MessageExpunge and FlagChange are told as STATUS too (§5.3, §5.4).
#[tokio::test]
async fn subtree_and_mailbox_filters_tell_expunges_and_flag_changes() {
    let (_dir, imap, account, mut c) = setup().await;
    c.ok("ENABLE UTF8=ACCEPT").await;
    let store = &imap.store;
    for name in ["Dự án", "Dự án/2026", "Dự án khác"] {
        store.create_mailbox(account, name, None).unwrap();
    }
    c.ok(
        "NOTIFY SET (subtree \"Dự án\" (MessageNew MessageExpunge FlagChange)) \
          (mailboxes (Sent) (MessageNew MessageExpunge))",
    )
    .await;
    let message: Arc<[u8]> = b"Subject: x\r\n\r\nx\r\n".to_vec().into();
    let add = |name: &str| {
        store
            .append(
                account,
                name,
                message.clone(),
                Default::default(),
                Vec::new(),
                0,
            )
            .unwrap()
    };
    add("Dự án khác");
    add("Dự án/2026");
    let line = c.until(b"* STATUS").await;
    assert!(!line.contains("khác"), "{line}");
    assert!(
        line.contains("* STATUS \"Dự án/2026\" (MESSAGES 1 UIDNEXT 2 "),
        "{line}"
    );
    // A flag change elsewhere: the new UNSEEN.
    let mut other = Client::login(&imap, USER, PASSWORD).await;
    other.ok("ENABLE UTF8=ACCEPT").await;
    other.ok("SELECT \"Dự án/2026\"").await;
    other.ok("STORE 1 +FLAGS (\\Seen)").await;
    let line = c.until(b"* STATUS").await;
    assert!(
        line.contains("MESSAGES 1 ") && line.contains("UNSEEN 0"),
        "{line}"
    );
    // An expunge: the new count.
    other.ok("STORE 1 +FLAGS (\\Deleted)").await;
    c.until(b"* STATUS").await;
    other.ok("EXPUNGE").await;
    let line = c.until(b"* STATUS").await;
    assert!(
        line.contains("* STATUS \"Dự án/2026\" (MESSAGES 0 UIDNEXT 2 "),
        "{line}"
    );
    // Sent is named, but without FlagChange: a flag change there is not told.
    add("Sent");
    let line = c.until(b"* STATUS").await;
    assert!(line.contains("* STATUS Sent (MESSAGES 1 "), "{line}");
    other.ok("SELECT Sent").await;
    other.ok("STORE 1 +FLAGS (\\Flagged)").await;
    let out = c.ok("NOOP").await;
    assert!(!out.contains("STATUS"), "{out}");
}
