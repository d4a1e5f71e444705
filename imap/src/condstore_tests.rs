//! CONDSTORE/QRESYNC conversations driven in memory, two sessions on one store where the
//! point is what one session learns of the other's changes (RFC 7162 examples in spirit).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use crate::test_client::{Client, PASSWORD, USER};
use crate::{Imap, ImapConfig};
use storage::{AccountId, Flags};

struct Env {
    _dir: tempfile::TempDir,
    imap: Arc<Imap>,
    account: AccountId,
}

impl Env {
    /// An account whose INBOX holds `messages` messages, UIDs 1..=messages.
    fn new(messages: u32) -> Env {
        let (dir, store, account) = crate::test_client::demo_store();
        for n in 1..=messages {
            let raw = format!("Subject: Công văn {n}\r\n\r\nNội dung {n}\r\n");
            store
                .append(
                    account,
                    "INBOX",
                    raw.into_bytes().into(),
                    Flags::default(),
                    Vec::new(),
                    storage::now(),
                )
                .unwrap();
        }
        let imap = crate::test_client::imap(store, ImapConfig::default());
        Env {
            _dir: dir,
            imap,
            account,
        }
    }

    fn highest_modseq(&self) -> u64 {
        self.imap
            .store
            .get_mailbox(self.account, "INBOX")
            .unwrap()
            .highest_modseq
    }

    fn uidvalidity(&self) -> u32 {
        self.imap
            .store
            .get_mailbox(self.account, "INBOX")
            .unwrap()
            .uidvalidity
    }

    /// A logged-in client that has sent `setup` (each must succeed).
    async fn client(&self, setup: &[&str]) -> Client {
        let mut c = Client::login(&self.imap, USER, PASSWORD).await;
        for command in setup {
            c.ok(command).await;
        }
        c
    }
}

/// The `* … FETCH` lines of an answer.
fn fetches(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.contains(" FETCH (")).collect()
}

#[tokio::test]
async fn capabilities_and_enable() {
    let env = Env::new(0);
    let mut c = env.client(&[]).await;
    let out = c.ok_tagged("CAPABILITY").await;
    assert!(
        out.contains(" CONDSTORE ") && out.contains(" QRESYNC "),
        "{out}"
    );
    let out = c.ok_tagged("ENABLE QRESYNC").await;
    assert!(out.starts_with("* ENABLED QRESYNC\r\n"), "{out}");
    let out = c.ok_tagged("ENABLE CONDSTORE X-UNKNOWN").await;
    assert!(out.starts_with("* ENABLED CONDSTORE\r\n"), "{out}");
}

#[tokio::test]
async fn flag_changes_of_another_session_come_with_modseq_once_condstore_is_on() {
    let env = Env::new(3);
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mut plain = env.client(&["SELECT INBOX"]).await;
    let mut aware = env.client(&["SELECT INBOX (CONDSTORE)"]).await;
    let before = env.highest_modseq();
    let out = a.ok_tagged("STORE 2 +FLAGS (\\Seen)").await;
    // A is not CONDSTORE-aware: its own answer is the RFC 9051 one. It selected the
    // mailbox first, so the messages are \Recent in its session and no other (RFC 3501
    // §2.3.2).
    assert_eq!(fetches(&out), ["* 2 FETCH (FLAGS (\\Seen \\Recent))"]);
    let modseq = env.highest_modseq();
    assert_eq!(modseq, before + 1);
    let out = plain.ok_tagged("NOOP").await;
    assert_eq!(fetches(&out), ["* 2 FETCH (UID 2 FLAGS (\\Seen))"]);
    let out = aware.ok_tagged("NOOP").await;
    assert_eq!(
        fetches(&out),
        [format!(
            "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ ({modseq}))"
        )]
    );
    // A FETCH that sets \Seen reports UID and MODSEQ to a CONDSTORE client (§3.2.4).
    let out = aware.ok_tagged("FETCH 3 (BODY[TEXT])").await;
    let m = env.highest_modseq();
    assert!(out.starts_with("* 3 FETCH (UID 3 BODY[TEXT] "), "{out}");
    assert!(
        out.contains(&format!("FLAGS (\\Seen) MODSEQ ({m}))")),
        "{out}"
    );
}

#[tokio::test]
async fn changedsince_returns_exactly_what_changed() {
    let env = Env::new(4);
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mut b = env.client(&["ENABLE CONDSTORE", "SELECT INBOX"]).await;
    let mark = env.highest_modseq();
    a.ok_tagged("UID STORE 3 +FLAGS ($Official)").await;
    let m = env.highest_modseq();
    let out = b
        .ok_tagged(&format!("FETCH 1:* (FLAGS) (CHANGEDSINCE {mark})"))
        .await;
    assert_eq!(
        fetches(&out),
        [format!("* 3 FETCH (FLAGS ($Official) MODSEQ ({m}))")],
        "{out}"
    );
    // The same for UID FETCH, and nothing past the current HIGHESTMODSEQ.
    let out = b
        .ok_tagged(&format!("UID FETCH 1:* (FLAGS) (CHANGEDSINCE {m})"))
        .await;
    assert!(fetches(&out).is_empty(), "{out}");
    // MODSEQ as a data item, and FETCH FLAGS once CONDSTORE is on, carry the version.
    let out = b.ok_tagged("FETCH 1 (MODSEQ)").await;
    assert!(out.starts_with("* 1 FETCH (MODSEQ ("), "{out}");
    let out = b.ok_tagged("FETCH 3 (FLAGS)").await;
    assert_eq!(
        fetches(&out),
        [format!("* 3 FETCH (FLAGS ($Official) MODSEQ ({m}))")]
    );
}

#[tokio::test]
async fn fetch_modseq_enables_condstore_and_reports_highestmodseq() {
    let env = Env::new(1);
    let mut c = env.client(&["SELECT INBOX"]).await;
    let out = c.ok_tagged("FETCH 1 (FLAGS)").await;
    assert_eq!(fetches(&out), ["* 1 FETCH (FLAGS (\\Recent))"]);
    let out = c.ok_tagged("FETCH 1 (FLAGS MODSEQ)").await;
    let m = env.highest_modseq();
    assert!(
        out.starts_with(&format!("* OK [HIGHESTMODSEQ {m}]")),
        "{out}"
    );
    assert!(
        out.contains(&format!("* 1 FETCH (FLAGS (\\Recent) MODSEQ ({m}))")),
        "{out}"
    );
    // Only the first enabling command says it.
    let out = c.ok_tagged("FETCH 1 (MODSEQ)").await;
    assert!(!out.contains("HIGHESTMODSEQ"), "{out}");
}

#[tokio::test]
async fn unchangedsince_leaves_newer_messages_alone_and_names_them() {
    let env = Env::new(3);
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mut b = env.client(&["SELECT INBOX"]).await;
    let mark = env.highest_modseq();
    a.ok_tagged("STORE 2 +FLAGS (\\Flagged)").await;
    let out = b
        .ok_tagged(&format!(
            "STORE 1:3 (UNCHANGEDSINCE {mark}) +FLAGS (\\Deleted)"
        ))
        .await;
    let m = env.highest_modseq();
    // The two it changed; and message 2 as A left it, which B now hears of (RFC 9051 §7:
    // a flag change by another session may be told after any command).
    assert_eq!(
        fetches(&out),
        [
            format!("* 1 FETCH (UID 1 FLAGS (\\Deleted) MODSEQ ({m}))"),
            format!("* 3 FETCH (UID 3 FLAGS (\\Deleted) MODSEQ ({m}))"),
            format!("* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ ({}))", m - 1),
        ],
        "{out}"
    );
    assert!(
        out.contains("OK [MODIFIED 2] Conditional STORE failed"),
        "{out}"
    );
    let inbox = env.imap.store.get_mailbox(env.account, "INBOX").unwrap().id;
    let two = env.imap.store.messages(env.account, inbox, 2..=2).unwrap();
    assert_eq!(two[0].flags, Flags::FLAGGED, "message 2 was not touched");
    // UID STORE names UIDs; .SILENT still reports the new MODSEQ (RFC 7162 §3.1.3).
    // UID 1 changed above (after mark + 1), UID 2 only at mark + 1.
    let out = b
        .ok_tagged(&format!(
            "UID STORE 1,2 (UNCHANGEDSINCE {}) +FLAGS.SILENT (\\Seen)",
            mark + 1
        ))
        .await;
    let m2 = env.highest_modseq();
    assert_eq!(fetches(&out), [format!("* 2 FETCH (UID 2 MODSEQ ({m2}))")]);
    assert!(out.contains("OK [MODIFIED 1]"), "{out}");
    // UNCHANGEDSINCE 0 always fails.
    let out = b
        .ok_tagged("UID STORE 1:3 (UNCHANGEDSINCE 0) -FLAGS (\\Seen)")
        .await;
    assert!(fetches(&out).is_empty(), "{out}");
    assert!(out.contains("OK [MODIFIED 1:3]"), "{out}");
}

#[tokio::test]
async fn qresync_select_reports_vanished_and_changed_messages() {
    let env = Env::new(6);
    let validity = env.uidvalidity();
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mark = env.highest_modseq();
    a.ok_tagged("UID STORE 2,4 +FLAGS (\\Deleted)").await;
    a.ok_tagged("EXPUNGE").await;
    a.ok_tagged("UID STORE 5 +FLAGS (\\Answered)").await;
    let m = env.highest_modseq();
    let mut b = env.client(&["ENABLE QRESYNC"]).await;
    let out = b
        .ok_tagged(&format!("SELECT INBOX (QRESYNC ({validity} {mark}))"))
        .await;
    assert!(out.contains(&format!("* OK [HIGHESTMODSEQ {m}]")), "{out}");
    let vanished = out.find("* VANISHED (EARLIER) 2,4\r\n").expect(&out);
    let fetch = out
        .find(&format!(
            "* 3 FETCH (UID 5 FLAGS (\\Answered) MODSEQ ({m}))"
        ))
        .expect(&out);
    assert!(vanished < fetch, "VANISHED comes first: {out}");
    assert_eq!(fetches(&out).len(), 1, "{out}");
    // Known UIDs limit both.
    let out = b
        .ok_tagged(&format!("SELECT INBOX (QRESYNC ({validity} {mark} 1:3))"))
        .await;
    assert!(out.starts_with("* OK [CLOSED]"), "{out}");
    assert!(out.contains("* VANISHED (EARLIER) 2\r\n"), "{out}");
    assert!(fetches(&out).is_empty(), "{out}");
    // With sequence match data (checked, then not needed).
    let out = b
        .ok_tagged(&format!(
            "EXAMINE INBOX (QRESYNC ({validity} {mark} 1:6 (1:2 1,3)))"
        ))
        .await;
    assert!(out.contains("* VANISHED (EARLIER) 2,4\r\n"), "{out}");
    // Another UIDVALIDITY: the client's cache is void, a plain SELECT.
    let out = b
        .ok_tagged(&format!("SELECT INBOX (QRESYNC ({} {mark}))", validity + 1))
        .await;
    assert!(
        !out.contains("VANISHED") && fetches(&out).is_empty(),
        "{out}"
    );
    // Up to date: nothing to say.
    let out = b
        .ok_tagged(&format!("SELECT INBOX (QRESYNC ({validity} {m}))"))
        .await;
    assert!(
        !out.contains("VANISHED") && fetches(&out).is_empty(),
        "{out}"
    );
}

#[tokio::test]
async fn qresync_needs_enable_and_well_formed_parameters() {
    let env = Env::new(2);
    let mut c = env.client(&["SELECT INBOX"]).await;
    c.bad("SELECT INBOX (QRESYNC (1 1))", "ENABLE QRESYNC")
        .await;
    // A BAD SELECT changes nothing: the mailbox is still selected.
    c.ok_tagged("FETCH 1 (FLAGS)").await;
    c.ok_tagged("ENABLE QRESYNC").await;
    for (command, why) in [
        ("SELECT INBOX (QRESYNC (0 1))", "UIDVALIDITY"),
        ("SELECT INBOX (QRESYNC (1))", "mod-sequence"),
        ("SELECT INBOX (QRESYNC (1 1 1:*))", "without '*'"),
        ("SELECT INBOX (QRESYNC (1 1 1:4 (1:3 1:2)))", "unevenly"),
        ("SELECT INBOX (QRESYNC)", "QRESYNC needs"),
        ("SELECT INBOX (FOO)", "unknown SELECT parameter"),
        ("SELECT INBOX (CONDSTORE) x", "unexpected"),
    ] {
        c.bad(command, why).await;
    }
    c.ok_tagged("SELECT INBOX (CONDSTORE)").await;
}

#[tokio::test]
async fn expunges_are_vanished_once_qresync_is_on() {
    let env = Env::new(5);
    let mut a = env
        .client(&[
            "ENABLE QRESYNC",
            "SELECT INBOX",
            "STORE 2:3 +FLAGS (\\Deleted)",
        ])
        .await;
    let mut plain = env.client(&["SELECT INBOX"]).await;
    let mut quick = env.client(&["ENABLE QRESYNC", "SELECT INBOX"]).await;
    let out = a.ok_tagged("EXPUNGE").await;
    let m = env.highest_modseq();
    assert!(out.starts_with("* VANISHED 2:3\r\n"), "{out}");
    assert!(
        out.contains(&format!("OK [HIGHESTMODSEQ {m}] EXPUNGE completed")),
        "{out}"
    );
    let out = plain.ok_tagged("NOOP").await;
    // Highest number first, as Dovecot does: each number stays valid.
    assert!(out.starts_with("* 3 EXPUNGE\r\n* 2 EXPUNGE\r\n"), "{out}");
    let out = quick.ok_tagged("NOOP").await;
    assert!(out.starts_with("* VANISHED 2:3\r\n"), "{out}");
    // MOVE too; sequence numbers stay right afterwards.
    let out = a.ok_tagged("UID MOVE 4 Archive").await;
    assert!(out.contains("* VANISHED 4\r\n"), "{out}");
    assert!(!out.contains("EXPUNGE\r\n"), "{out}");
    let out = a.ok_tagged("FETCH 2 (UID)").await;
    assert!(out.starts_with("* 2 FETCH (UID 5)"), "{out}");
}

#[tokio::test]
async fn uid_fetch_vanished_names_what_went_since() {
    let env = Env::new(4);
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mut b = env.client(&["ENABLE QRESYNC", "SELECT INBOX"]).await;
    let mark = env.highest_modseq();
    a.ok_tagged("STORE 4 +FLAGS (\\Deleted)").await;
    a.ok_tagged("EXPUNGE").await;
    a.ok_tagged("STORE 1 +FLAGS (\\Seen)").await;
    b.ok_tagged("NOOP").await;
    let m = env.highest_modseq();
    let out = b
        .ok_tagged(&format!(
            "UID FETCH 1:* (FLAGS) (CHANGEDSINCE {mark} VANISHED)"
        ))
        .await;
    assert!(out.starts_with("* VANISHED (EARLIER) 4\r\n"), "{out}");
    assert_eq!(
        fetches(&out),
        [format!("* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ ({m}))")]
    );
    // Only UIDs of the set.
    let out = b
        .ok_tagged(&format!(
            "UID FETCH 1:3 (FLAGS) (CHANGEDSINCE {mark} VANISHED)"
        ))
        .await;
    assert!(!out.contains("VANISHED"), "{out}");
    b.bad(
        &format!("FETCH 1:* (FLAGS) (CHANGEDSINCE {mark} VANISHED)"),
        "UID FETCH",
    )
    .await;
    b.bad("UID FETCH 1:* (FLAGS) (VANISHED)", "CHANGEDSINCE")
        .await;
    let mut c = env.client(&["ENABLE CONDSTORE", "SELECT INBOX"]).await;
    c.bad(
        "UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)",
        "ENABLE QRESYNC",
    )
    .await;
}

#[tokio::test]
async fn malformed_modifiers_are_bad_and_the_session_goes_on() {
    let env = Env::new(2);
    let mut c = env.client(&["SELECT INBOX"]).await;
    for (command, why) in [
        ("FETCH 1 (FLAGS) (CHANGEDSINCE)", "mod-sequence"),
        ("FETCH 1 (FLAGS) (CHANGEDSINCE abc)", "not a mod-sequence"),
        (
            "FETCH 1 (FLAGS) (CHANGEDSINCE 99999999999999999999)",
            "largest",
        ),
        ("FETCH 1 (FLAGS) (FOO 1)", "unknown FETCH modifier"),
        ("FETCH 1 (FLAGS) CHANGEDSINCE 1", "parentheses"),
        ("FETCH 1 (FLAGS) (CHANGEDSINCE 1) x", "unexpected"),
        ("STORE 1 (UNCHANGEDSINCE) +FLAGS (\\Seen)", "UNCHANGEDSINCE"),
        (
            "STORE 1 (UNCHANGEDSINCE -1) +FLAGS (\\Seen)",
            "not a mod-sequence",
        ),
        ("STORE 1 (FOO 1) +FLAGS (\\Seen)", "UNCHANGEDSINCE"),
        ("SEARCH MODSEQ", "mod-sequence"),
        (
            "SEARCH MODSEQ \"/flags/\\\\draft\" mine 5",
            "priv, shared or all",
        ),
    ] {
        c.bad(command, why).await;
    }
    let out = c.ok_tagged("FETCH 1:2 (UID)").await;
    assert_eq!(fetches(&out).len(), 2, "{out}");
}

#[tokio::test]
async fn search_modseq_reports_the_highest_modseq_found() {
    let env = Env::new(4);
    let mut c = env.client(&["SELECT INBOX"]).await;
    let mark = env.highest_modseq();
    c.ok_tagged("STORE 2 +FLAGS (\\Flagged)").await;
    let first = env.highest_modseq();
    c.ok_tagged("STORE 4 +FLAGS (\\Seen)").await;
    let m = env.highest_modseq();
    let out = c.ok_tagged(&format!("SEARCH MODSEQ {}", mark + 1)).await;
    assert!(
        out.contains(&format!("* SEARCH 2 4 (MODSEQ {m})\r\n")),
        "{out}"
    );
    let out = c
        .ok_tagged(&format!(
            "UID SEARCH MODSEQ \"/flags/\\\\draft\" all {first} NOT SEEN"
        ))
        .await;
    assert!(
        out.contains(&format!("* SEARCH 2 (MODSEQ {first})\r\n")),
        "{out}"
    );
    let out = c.ok_tagged(&format!("SEARCH MODSEQ {}", m + 1)).await;
    assert!(
        out.contains("* SEARCH\r\n"),
        "nothing found, no MODSEQ: {out}"
    );
    let out = c
        .ok_tagged(&format!("SEARCH RETURN (MIN COUNT) MODSEQ {}", mark + 1))
        .await;
    assert!(
        out.contains(&format!("MIN 2 COUNT 2 MODSEQ {m}\r\n")),
        "{out}"
    );
    // Without MODSEQ in the criteria, no MODSEQ in the answer.
    let out = c.ok_tagged("SEARCH SEEN").await;
    assert!(out.contains("* SEARCH 4\r\n"), "{out}");
}

#[tokio::test]
async fn status_highestmodseq_and_closed() {
    let env = Env::new(1);
    let mut c = env.client(&[]).await;
    let m = env.highest_modseq();
    let out = c.ok_tagged("STATUS INBOX (MESSAGES HIGHESTMODSEQ)").await;
    assert!(
        out.contains(&format!("* STATUS INBOX (MESSAGES 1 HIGHESTMODSEQ {m})")),
        "{out}"
    );
    let out = c.ok_tagged("SELECT INBOX").await;
    assert!(!out.contains("CLOSED"), "{out}");
    let out = c.ok_tagged("EXAMINE Archive").await;
    assert!(out.starts_with("* OK [CLOSED]"), "{out}");
    // STATUS enabled CONDSTORE: FETCH FLAGS now carries MODSEQ.
    let out = c.ok_tagged("SELECT INBOX").await;
    assert!(out.starts_with("* OK [CLOSED]"), "{out}");
    let out = c.ok_tagged("FETCH 1 (FLAGS)").await;
    assert!(out.contains(&format!("MODSEQ ({m})")), "{out}");
}

#[tokio::test]
async fn idle_pushes_flag_changes_with_modseq_and_expunges_as_vanished() {
    let env = Env::new(3);
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mut idler = env.client(&["ENABLE QRESYNC", "SELECT INBOX"]).await;
    idler.send(b"i1 IDLE\r\n").await;
    idler.until(b"+ ").await;
    a.ok_tagged("UID STORE 1:3 +FLAGS (\\Deleted)").await;
    let m = env.highest_modseq();
    let out = idler.until(b"* 3 FETCH").await;
    for n in 1..=3 {
        assert!(
            out.contains(&format!(
                "* {n} FETCH (UID {n} FLAGS (\\Deleted) MODSEQ ({m}))"
            )),
            "{out}"
        );
    }
    a.ok_tagged("UID EXPUNGE 2").await;
    let out = idler.until(b"* VANISHED").await;
    assert!(out.ends_with("* VANISHED 2\r\n"), "{out}");
    idler.send(b"DONE\r\n").await;
    idler.until(b"i1 OK").await;
    let out = idler.ok_tagged("FETCH 2 (UID)").await;
    assert!(out.starts_with("* 2 FETCH (UID 3)"), "{out}");
}

/// More changes than the account's queue holds: the session re-reads its mailbox and still
/// reports every expunge, new message and flag change (RFC 9051 §7.5: the client must learn
/// of each one before it can use the new sequence numbers).
#[tokio::test]
async fn a_session_that_falls_behind_the_change_queue_learns_every_change() {
    let count = 2 * storage::CHANNEL_CAPACITY as u32 + 10;
    let env = Env::new(count);
    let mut a = env.client(&["SELECT INBOX"]).await;
    let mut behind = env.client(&["SELECT INBOX"]).await;
    a.ok_tagged("UID STORE 1:2 +FLAGS.SILENT (\\Deleted)").await;
    a.ok_tagged("UID EXPUNGE 1:2").await;
    a.ok_tagged(&format!("UID STORE 3:{count} +FLAGS.SILENT (\\Flagged)"))
        .await;
    a.ok_tagged("APPEND INBOX {6+}\r\nlate\r\n").await;
    let out = behind.ok_tagged("NOOP").await;
    // Follow the responses as a client does: by sequence number, in the order sent.
    let mut view: Vec<Option<u32>> = (1..=count).map(Some).collect();
    let mut flagged = Vec::new();
    for line in out.lines() {
        let words: Vec<&str> = line.split(' ').collect();
        let n = || words[1].parse::<usize>().unwrap();
        match words.get(2).copied() {
            Some("EXPUNGE") => {
                view.remove(n() - 1);
            }
            Some("EXISTS") => view.resize(n(), None),
            Some("FETCH") => {
                let uid: u32 = words[4].parse().unwrap();
                assert!(view[n() - 1].is_none_or(|known| known == uid), "{line}");
                view[n() - 1] = Some(uid);
                if line.contains("\\Flagged") {
                    flagged.push(uid);
                }
            }
            _ => {}
        }
    }
    // The appended message comes last; the server may or may not have told its UID yet.
    let last = view.pop().flatten();
    assert!(last.is_none_or(|uid| uid == count + 1), "{out}");
    assert_eq!(view, (3..=count).map(Some).collect::<Vec<_>>(), "{out}");
    flagged.sort_unstable();
    assert_eq!(flagged, (3..=count).collect::<Vec<_>>(), "{out}");
    let out = behind
        .ok_tagged(&format!("FETCH {} (UID)", count - 1))
        .await;
    assert!(out.contains(&format!("UID {}", count + 1)), "{out}");
}
