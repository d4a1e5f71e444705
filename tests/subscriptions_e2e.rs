//! End-to-end with Python's imaplib against the real server: UIDVALIDITY is never given twice
//! (RFC 9051 §2.3.1.1), and subscriptions are a list of names of their own (RFC 9051
//! §6.3.6-6.3.9, RFC 5258, RFC 3501 §6.3.9): CREATE does not subscribe, DELETE and RENAME
//! leave the list alone, LIST (SUBSCRIBED) shows a subscribed name without a mailbox as
//! \NonExistent, RECURSIVEMATCH and LSUB's "%" show the parents of subscribed names.
//! Each answer was checked by hand against Dovecot 2.3 (see the notes beside each one).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

/// Python helpers every script starts with: log in over implicit TLS, run a raw command.
const PRELUDE: &str = r#"
import imaplib, ssl, sys
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

def login():
    m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
    typ, _ = m.login("annv@quangngai.gov.vn", password)
    assert typ == "OK", typ
    return m

def run(m, *args):
    """Runs a command; returns (status, tagged text, untagged lines)."""
    tag = m._new_tag()
    m.send(tag + b" " + " ".join(args).encode() + b"\r\n")
    lines = []
    while True:
        line = m._get_line()
        if line.startswith(tag + b" "):
            rest = line[len(tag) + 1:].decode()
            return rest.split(" ", 1)[0], rest, lines
        lines.append(line.decode())

def ok(m, *args):
    status, text, lines = run(m, *args)
    assert status == "OK", (args, text, lines)
    return lines

def name_of(line):
    """The mailbox name of a LIST or LSUB line (ASCII names here)."""
    return line.split('"/" ', 1)[1].split(" ", 1)[0]

def uidvalidity(m, name):
    typ, data = m.select(name)
    assert typ == "OK", data
    return int(m.response("UIDVALIDITY")[1][0])
"#;

fn client(server: &Server, script: &str) {
    python(
        &format!("{PRELUDE}{script}"),
        &[&server.imaps_port.to_string(), PASSWORD],
    );
}

fn server() -> Server {
    Server::start("quangngai.gov.vn", |c| c)
}

/// CREATE, SELECT, DELETE, CREATE, SELECT of one name at once: a new UIDVALIDITY, so a
/// caching client drops what it knew of UID 1. A burst of CREATEs first puts the values
/// ahead of the clock, as provisioning does: the old rule (max over the mailboxes that still
/// exist, + 1) then gave the deleted mailbox's value back.
const UIDVALIDITY: &str = r#"
m = login()
for i in range(30):
    ok(m, "CREATE", "Lo%d" % i)
ok(m, "CREATE", "Cong-van")
first = uidvalidity(m, "Cong-van")
typ, data = m.append("Cong-van", None, None, b"Subject: mot\r\n\r\nthu mot\r\n")
assert typ == "OK" and ("APPENDUID %d 1" % first).encode() in data[0], data
m.close()
ok(m, "DELETE", "Cong-van")
ok(m, "CREATE", "Cong-van")
second = uidvalidity(m, "Cong-van")
assert second > first, (first, second)
typ, data = m.append("Cong-van", None, None, b"Subject: hai\r\n\r\nthu hai\r\n")
assert typ == "OK" and ("APPENDUID %d 1" % second).encode() in data[0], data
# STATUS agrees with SELECT.
m.close()
lines = ok(m, "STATUS", "Cong-van", "(UIDVALIDITY)")
assert lines == ["* STATUS Cong-van (UIDVALIDITY %d)" % second], lines
m.logout()
print("ok")
"#;

#[test]
fn a_mailbox_deleted_and_created_again_gets_a_new_uidvalidity() {
    client(&server(), UIDVALIDITY);
}

/// Across a restart of the server too: the last value given is kept in the database.
const BEFORE_RESTART: &str = r#"
m = login()
for i in range(30):
    ok(m, "CREATE", "Lo%d" % i)
ok(m, "CREATE", "Luu-tru")
print(uidvalidity(m, "Luu-tru"))
m.close()
ok(m, "DELETE", "Luu-tru")
m.logout()
"#;

const AFTER_RESTART: &str = r#"
m = login()
ok(m, "CREATE", "Luu-tru")
before = int(sys.argv[3])
after = uidvalidity(m, "Luu-tru")
assert after > before, (before, after)
m.logout()
print("ok")
"#;

#[test]
fn uidvalidity_is_not_given_again_after_a_restart() {
    let mut server = server();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!("{PRELUDE}{BEFORE_RESTART}"))
        .args([&server.imaps_port.to_string(), PASSWORD])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let before = String::from_utf8(out.stdout).unwrap().trim().to_string();
    server.stop();
    let server = server.spawn();
    python(
        &format!("{PRELUDE}{AFTER_RESTART}"),
        &[&server.imaps_port.to_string(), PASSWORD, &before],
    );
}

/// CREATE does not subscribe; DELETE keeps the subscription (RFC 9051 §6.3.7: the server
/// does not remove a name on its own), which LIST (SUBSCRIBED) shows as \NonExistent, LSUB
/// as \Noselect, and a plain LIST not at all; UNSUBSCRIBE then drops it. Dovecot answers
/// `* LIST (\Subscribed \NonExistent) "/" x` and `* LSUB () "/" x`.
const CREATE_DELETE: &str = r#"
m = login()
ok(m, "CREATE", "Du-an")
lines = ok(m, "LSUB", '""', "*")
assert not any(l.endswith(" Du-an") for l in lines), lines
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', "Du-an")
assert lines == [], lines
lines = ok(m, "LIST", '""', "Du-an", "RETURN", "(SUBSCRIBED)")
assert lines == ['* LIST (\\HasNoChildren) "/" Du-an'], lines
ok(m, "SUBSCRIBE", "Du-an")
lines = ok(m, "LIST", '""', "Du-an", "RETURN", "(SUBSCRIBED)")
assert lines == ['* LIST (\\HasNoChildren \\Subscribed) "/" Du-an'], lines
ok(m, "DELETE", "Du-an")
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', "*")
assert '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" Du-an' in lines, lines
assert '* LIST (\\HasNoChildren \\Subscribed) "/" INBOX' in lines, lines
lines = ok(m, "LSUB", '""', "Du-an")
assert lines == ['* LSUB (\\Noselect \\HasNoChildren) "/" Du-an'], lines
lines = ok(m, "LIST", '""', "*")
assert not any(l.endswith(" Du-an") for l in lines), lines
# RETURN options never add names (RFC 9051 §6.3.9).
lines = ok(m, "LIST", '""', "*", "RETURN", "(SUBSCRIBED)")
assert not any(l.endswith(" Du-an") for l in lines), lines
# Created again: subscribed still.
ok(m, "CREATE", "Du-an")
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', "Du-an")
assert lines == ['* LIST (\\HasNoChildren \\Subscribed) "/" Du-an'], lines
ok(m, "DELETE", "Du-an")
ok(m, "UNSUBSCRIBE", "Du-an")
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', "*")
assert not any(l.endswith(" Du-an") for l in lines), lines
m.logout()
print("ok")
"#;

#[test]
fn create_does_not_subscribe_and_delete_keeps_the_subscription() {
    client(&server(), CREATE_DELETE);
}

/// RENAME leaves subscriptions on the old names, children's too: "renaming a mailbox
/// doesn't update subscription information on the original name" (RFC 9051 §6.3.6); Dovecot
/// answers the same. A client that wants them moved sends SUBSCRIBE and UNSUBSCRIBE.
const RENAME: &str = r#"
m = login()
ok(m, "ENABLE", "UTF8=ACCEPT")
ok(m, "CREATE", '"Lưu trữ"')
ok(m, "CREATE", '"Lưu trữ/2025"')
ok(m, "SUBSCRIBE", '"Lưu trữ"')
ok(m, "SUBSCRIBE", '"Lưu trữ/2025"')
ok(m, "RENAME", '"Lưu trữ"', '"Kho"')
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', '"Lưu trữ*"')
assert lines == [
    '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" "Lưu trữ"',
    '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" "Lưu trữ/2025"',
], lines
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', "Kho*")
assert lines == [], lines
lines = ok(m, "LIST", '""', "Kho*", "RETURN", "(SUBSCRIBED)")
assert lines == [
    '* LIST (\\HasChildren) "/" Kho',
    '* LIST (\\HasNoChildren) "/" Kho/2025',
], lines
# The sequence RFC 9051 §6.3.6 gives to keep them in step.
ok(m, "SUBSCRIBE", "Kho/2025")
ok(m, "UNSUBSCRIBE", '"Lưu trữ/2025"')
lines = ok(m, "LIST", "(SUBSCRIBED)", '""', "*2025")
assert lines == ['* LIST (\\HasNoChildren \\Subscribed) "/" Kho/2025'], lines
m.logout()
print("ok")
"#;

#[test]
fn rename_leaves_subscriptions_on_the_old_names() {
    client(&server(), RENAME);
}

/// SUBSCRIBE checks that the name can be listed (RFC 9051 §6.3.7 allows it; Dovecot answers
/// `NO Mailbox doesn't exist`): a mailbox, or a level above one. UNSUBSCRIBE of a name not
/// subscribed is OK (RFC 9051 §6.3.8), as in Dovecot; subscribing twice is OK.
const SUBSCRIBE: &str = r#"
m = login()
status, text, _ = run(m, "SUBSCRIBE", "Khong-co")
assert status == "NO" and "[NONEXISTENT]" in text, text
ok(m, "UNSUBSCRIBE", "Khong-co")
ok(m, "CREATE", "Phong/To-1")
ok(m, "SUBSCRIBE", "Phong")
ok(m, "SUBSCRIBE", "Phong")
lines = ok(m, "LSUB", '""', "Phong*")
assert lines == ['* LSUB (\\Noselect \\HasChildren) "/" Phong'], lines
ok(m, "UNSUBSCRIBE", "Phong")
ok(m, "UNSUBSCRIBE", "Phong")
lines = ok(m, "LSUB", '""', "Phong*")
assert lines == [], lines
# "inbox" is INBOX.
ok(m, "UNSUBSCRIBE", "inbox")
lines = ok(m, "LSUB", '""', "INBOX")
assert lines == [], lines
ok(m, "SUBSCRIBE", "Inbox")
lines = ok(m, "LSUB", '""', "INBOX")
assert lines == ['* LSUB (\\HasNoChildren) "/" INBOX'], lines
m.logout()
print("ok")
"#;

#[test]
fn subscribe_needs_a_listable_name_and_unsubscribe_of_any_name_succeeds() {
    client(&server(), SUBSCRIBE);
}

/// The parents of subscribed names: RECURSIVEMATCH answers one with CHILDINFO when "%"
/// stops at it, and not when "*" lists the subscribed name itself (RFC 9051 §6.3.9.3,
/// §6.3.9.6); LSUB's "%" answers it with \Noselect (RFC 3501 §6.3.9). Dovecot's answers:
///   LIST (SUBSCRIBED RECURSIVEMATCH) "" %  ->  * LIST () "/" q (CHILDINFO ("SUBSCRIBED"))
///   LIST (SUBSCRIBED RECURSIVEMATCH) "" *  ->  q/w only; r (\Subscribed) with CHILDINFO
///   LSUB "" %                              ->  * LSUB (\Noselect) "/" q
const PARENTS: &str = r#"
m = login()
for name in ["q", "q/w", "r", "r/k", "r/k/z"]:
    ok(m, "CREATE", name)
for name in ["q/w", "r", "r/k/z"]:
    ok(m, "SUBSCRIBE", name)
ok(m, "CREATE", "g/h")
ok(m, "SUBSCRIBE", "g/h")
ok(m, "DELETE", "g/h")
lines = ok(m, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "%")
mine = [l for l in lines if name_of(l) in ("q", "r", "g")]
assert mine == [
    '* LIST (\\NonExistent \\HasNoChildren) "/" g ("CHILDINFO" ("SUBSCRIBED"))',
    '* LIST (\\HasChildren) "/" q ("CHILDINFO" ("SUBSCRIBED"))',
    '* LIST (\\HasChildren \\Subscribed) "/" r ("CHILDINFO" ("SUBSCRIBED"))',
], lines
lines = ok(m, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "*")
mine = [l for l in lines if name_of(l)[0] in "qrg"]
assert mine == [
    '* LIST (\\NonExistent \\HasNoChildren \\Subscribed) "/" g/h',
    '* LIST (\\HasNoChildren \\Subscribed) "/" q/w',
    '* LIST (\\HasChildren \\Subscribed) "/" r ("CHILDINFO" ("SUBSCRIBED"))',
    '* LIST (\\HasNoChildren \\Subscribed) "/" r/k/z',
], lines
lines = ok(m, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', "r/%")
assert lines == ['* LIST (\\HasChildren) "/" r/k ("CHILDINFO" ("SUBSCRIBED"))'], lines
lines = ok(m, "LSUB", '""', "%")
mine = [l for l in lines if name_of(l) in ("q", "r", "g")]
assert mine == [
    '* LSUB (\\Noselect \\HasNoChildren) "/" g',
    '* LSUB (\\Noselect \\HasChildren) "/" q',
    '* LSUB (\\HasChildren) "/" r',
], lines
lines = ok(m, "LSUB", '""', "r/%")
assert lines == ['* LSUB (\\Noselect \\HasChildren) "/" r/k'], lines
m.logout()
print("ok")
"#;

#[test]
fn recursivematch_and_lsub_show_the_parents_of_subscribed_names() {
    client(&server(), PARENTS);
}
