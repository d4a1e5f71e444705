//! IMAP conformance transcripts (issue 18) against the real server over TLS: each test plays
//! one behaviour the RFCs require, with a small Python client that sends exact bytes and
//! reads the responses up to the tagged reply, so what is checked is the wire, not what a
//! client library makes of it. Each of these failed on the IMAP layer before issue 18.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{IMAP_TRANSCRIPT_CLIENT, PASSWORD, Server, python};

const DOMAIN: &str = "hue.gov.vn";

/// The script's arguments and addresses, after the transcript client of tests/common.
const PRELUDE: &str = r#"
port, password = int(sys.argv[1]), sys.argv[2]
A, B = "annv@hue.gov.vn", "ngocttb@hue.gov.vn"
"#;

fn run(server: &Server, script: &str) {
    let port = server.imaps_port.to_string();
    python(
        &format!("{IMAP_TRANSCRIPT_CLIENT}\n{PRELUDE}\n{script}"),
        &[&port, PASSWORD],
    );
}

fn server() -> Server {
    Server::start(DOMAIN, |c| c)
}

/// Thunderbird 128 after `ENABLE UTF8=ACCEPT` saves sent mail with RFC 6855's form
/// `APPEND "Sent" (\Seen) UTF8 (~{n+}…)`: it used to get `BAD flags are atoms`.
#[test]
fn thunderbirds_utf8_append_saves_sent_mail() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
c.ok("ENABLE UTF8=ACCEPT")
msg = "From: An <annv@hue.gov.vn>\r\nTo: b@hue.gov.vn\r\nSubject: Báo cáo tuần\r\n\r\nKính gửi anh.\r\n".encode()
out = c.ok(b'APPEND "Sent" (\\Seen) UTF8 (~{%d+}\r\n' % len(msg) + msg + b')')
assert has(out, b"[APPENDUID "), out
c.ok("SELECT Sent")
out = c.ok("FETCH 1 (FLAGS BODY.PEEK[])")
assert has(out, msg) and has(out, b"\\Seen"), out
# Words APPEND does not know are refused, not ignored.
out = c.cmd(b"APPEND Sent FOO {2+}\r\nhi")
assert out[-1].split(b" ")[1] == b"BAD", out
"#,
    );
}

/// RFC 9051 §6.3.12, §7.4.1: a message the session itself adds to its selected mailbox is
/// announced with EXISTS before the tagged reply; COPY answers COPYUID (RFC 4315).
#[test]
fn own_append_and_copy_into_the_selected_mailbox_send_exists() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
c.ok("SELECT INBOX")
out = c.ok(b"APPEND INBOX {14+}\r\nSubject: x\r\n\r\n")
assert out[0] == b"* 1 EXISTS", out
out = c.ok("COPY 1 INBOX")
assert b"* 2 EXISTS" in out and has(out, b"[COPYUID "), out
# A number beyond the mailbox names no message: BAD (RFC 9051 §9), as Dovecot answers.
out = c.cmd("FETCH 99 FLAGS")
assert out[-1].split(b" ")[1] == b"BAD", out
"#,
    );
}

/// RFC 9051 §6.4.1: CLOSE removes the \Deleted messages (silently); UNSELECT does not.
#[test]
fn close_expunges_and_unselect_does_not() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
for i in range(3):
    c.ok(b"APPEND INBOX {14+}\r\nSubject: %d\r\n\r\n" % i)
c.ok("SELECT INBOX")
c.ok("STORE 1:2 +FLAGS.SILENT (\\Deleted)")
c.ok("UNSELECT")
assert has(c.ok("SELECT INBOX"), b"* 3 EXISTS")
out = c.ok("CLOSE")
assert not has(out, b"EXPUNGE"), out
assert has(c.ok("SELECT INBOX"), b"* 1 EXISTS")
"#,
    );
}

/// RFC 9051 §7.5.1: another session's expunge is told on the tagged EXPUNGE (and NOOP), but
/// not while a FETCH by sequence number runs; a FETCH of the message meanwhile answers what
/// it can with [EXPUNGEISSUED], never [SERVERBUG].
#[test]
fn expunges_of_another_session_are_told_when_allowed() {
    let s = server();
    run(
        &s,
        r#"
a = Client(port); a.login(A, password)
for i in range(3):
    a.ok(b"APPEND INBOX {14+}\r\nSubject: %d\r\n\r\n" % i)
b = Client(port); b.login(A, password)
a.ok("SELECT INBOX"); b.ok("SELECT INBOX")
b.ok("STORE 2 +FLAGS.SILENT (\\Deleted)")
assert has(b.ok("EXPUNGE"), b"* 2 EXPUNGE")
out = a.cmd("FETCH 2 (BODY.PEEK[])")
assert b"[EXPUNGEISSUED]" in out[-1] and not has(out, b"EXPUNGE\r") and not has(out, b"SERVERBUG"), out
assert not any(l.endswith(b" EXPUNGE") for l in out), out
out = a.cmd("FETCH 1:3 (UID)")
assert has(out, b"* 1 FETCH (UID 1)") and has(out, b"* 3 FETCH (UID 3)"), out
out = a.ok("STORE 1 +FLAGS.SILENT (\\Deleted)")
assert not any(l.endswith(b" EXPUNGE") for l in out), out
out = a.ok("EXPUNGE")
# The other session's expunge (message 2) is told first, then this one's (message 1).
assert [l for l in out if l.endswith(b" EXPUNGE")] == [b"* 2 EXPUNGE", b"* 1 EXPUNGE"], out
assert has(a.ok("NOOP"), b"NOOP") and has(a.ok("SELECT INBOX"), b"* 1 EXISTS")
"#,
    );
}

/// RFC 3501 §2.3.2, §6.3.1: the first session to select a mailbox after mail arrived sees
/// it \Recent, no other; SELECT sends [UNSEEN n]; STATUS and SEARCH agree.
#[test]
fn recent_belongs_to_one_session_and_select_says_unseen() {
    let s = server();
    run(
        &s,
        r#"
a = Client(port); a.login(A, password)
for i in range(2):
    a.ok(b"APPEND INBOX {14+}\r\nSubject: %d\r\n\r\n" % i)
assert has(a.ok("STATUS INBOX (RECENT UNSEEN)"), b"(RECENT 2 UNSEEN 2)")
a.ok("SELECT INBOX")
a.ok("STORE 1 +FLAGS.SILENT (\\Seen)")
b = Client(port); b.login(A, password)
out = b.ok("SELECT INBOX")
assert b"* 0 RECENT" in out and b"* OK [UNSEEN 2] first unseen" in out, out
out = a.ok("SEARCH RECENT")
assert out[0] == b"* SEARCH 1 2", out
assert a.ok("SEARCH NEW")[0] == b"* SEARCH 2"
assert b.ok("SEARCH RECENT")[0] == b"* SEARCH"
assert has(a.ok("FETCH 2 FLAGS"), b"\\Recent")
# Mail that arrives while both have it selected is recent in one of them only.
c = Client(port); c.login(A, password)
c.ok(b"APPEND INBOX {14+}\r\nSubject: 9\r\n\r\n")
ra, rb = a.ok("NOOP"), b.ok("NOOP")
assert has(ra, b"* 3 EXISTS") and has(rb, b"* 3 EXISTS"), (ra, rb)
counts = [int(l.split()[1]) for l in ra + rb if l.endswith(b" RECENT")]
assert sorted(counts) == [0, 3], (ra, rb)
"#,
    );
}

/// RFC 9051 §7.3.5, §6.4.6: FLAGS and PERMANENTFLAGS list the keywords in use; a STORE that
/// creates one sends a new FLAGS first; a STORE sends FETCH even when nothing changed.
#[test]
fn keywords_are_announced_and_store_always_answers() {
    let s = server();
    run(
        &s,
        r#"
a = Client(port); a.login(A, password)
a.ok(b"APPEND INBOX ($Tracked) {14+}\r\nSubject: 1\r\n\r\n")
out = a.ok("SELECT INBOX")
assert has(out, b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Tracked)"), out
assert has(out, b"[PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Tracked \\*)]"), out
out = a.ok("STORE 1 +FLAGS (Urgent)")
assert out[0].startswith(b"* FLAGS (") and b"Urgent" in out[0], out
assert has(out, b"* 1 FETCH (FLAGS ("), out
out = a.ok("STORE 1 +FLAGS (Urgent)")
assert has(out, b"* 1 FETCH (FLAGS (") and not has(out, b"* FLAGS"), out
assert not has(a.ok("STORE 1 +FLAGS.SILENT (Urgent)"), b"FETCH")
"#,
    );
}

/// RFC 9051 §9: `[` is an astring character outside FETCH sections, NIL is an astring, and
/// a literal8 is no mailbox name.
#[test]
fn astrings_are_read_as_the_grammar_says() {
    let s = server();
    run(
        &s,
        r#"
a = Client(port); a.login(A, password)
a.ok("CREATE a[b")
a.ok("SELECT a[b")
a.ok("CREATE NIL")
out = a.ok("STATUS NIL (MESSAGES)")
assert has(out, b"(MESSAGES 0)"), out
out = a.cmd(b"SELECT ~{5+}\r\nINBOX")
assert out[-1].split(b" ")[1] == b"BAD", out
"#,
    );
}

/// RFC 9051 §4.3: a plain literal holds no NUL. A message appended as a literal8 with NUL
/// bytes shows them as 0x80 in BODY[] (as Dovecot), and byte for byte through BINARY.
#[test]
fn nul_bytes_never_reach_a_plain_literal() {
    let s = server();
    run(
        &s,
        r#"
a = Client(port); a.login(A, password)
msg = b"Subject: nul\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\na\x00b\r\n"
a.ok(b"APPEND INBOX ~{%d+}\r\n" % len(msg) + msg)
a.ok("SELECT INBOX")
out = b"".join(a.ok("FETCH 1 (BODY.PEEK[])"))
assert b"\x00" not in out and b"a\x80b" in out, out
out = b"".join(a.ok("FETCH 1 (BINARY.PEEK[1])"))
assert b"~{5}\r\na\x00b\r\n" in out, out
"#,
    );
}

/// RFC 9051 §6.4.4: an empty string is in every field there is, so SUBJECT "" finds the
/// messages that have a Subject field (as HEADER Subject "" does), and BODY "" all of them.
#[test]
fn an_empty_search_string_needs_the_field() {
    let s = server();
    run(
        &s,
        r#"
a = Client(port); a.login(A, password)
a.ok(b"APPEND INBOX {14+}\r\nSubject: x\r\n\r\n")
a.ok(b"APPEND INBOX {19+}\r\nFrom: a@b.vn\r\n\r\nx\r\n")
a.ok("SELECT INBOX")
assert a.ok('SEARCH SUBJECT ""')[0] == b"* SEARCH 1"
assert a.ok('SEARCH FROM ""')[0] == b"* SEARCH 2"
assert a.ok('SEARCH BODY ""')[0] == b"* SEARCH 1 2"
"#,
    );
}
