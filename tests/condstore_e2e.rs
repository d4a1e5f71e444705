//! End-to-end CONDSTORE/QRESYNC (RFC 7162) against the real server with Python's imaplib:
//! a flag change in one session is found by another with FETCH … (CHANGEDSINCE m), a
//! conditional STORE that lost the race says [MODIFIED], and a client coming back with
//! SELECT … (QRESYNC (uidvalidity modseq)) learns which UID was expunged meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

const RESYNC: &str = r#"
import imaplib, re, ssl, sys
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE

def login():
    m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
    m.login("annv@quangngai.gov.vn", password)
    return m

def number(data, pattern):
    found = re.search(pattern, data)
    assert found, (pattern, data)
    return int(found.group(1))

def run(m, *args):
    # A command whose tagged completion matters: (status, text of the tagged line).
    typ, data = m._simple_command(*args)
    return typ, data[0].decode() if data and data[0] else ""

def responses(m, name):
    return [d.decode() if isinstance(d, bytes) else d for d in m.untagged_responses.pop(name, [])]

a = login()
assert "CONDSTORE" in a.capabilities and "QRESYNC" in a.capabilities, a.capabilities
for n in range(1, 4):
    msg = ("From: vanthu@danang.gov.vn\r\nSubject: Cong van %d\r\n\r\nNoi dung %d\r\n" % (n, n)).encode()
    assert a.append("INBOX", None, None, msg)[0] == "OK"
assert a.enable("QRESYNC")[0] == "OK"
assert responses(a, "ENABLED") == ["QRESYNC"]
typ, _ = a.select("INBOX")
assert typ == "OK"
validity = int(a.response("UIDVALIDITY")[1][0])

b = login()
assert b.enable("CONDSTORE")[0] == "OK"
assert responses(b, "ENABLED") == ["CONDSTORE"]
b.select("INBOX")
start = int(b.response("HIGHESTMODSEQ")[1][0])

# A STORE in session A gives message 2 a new MODSEQ, reported to A with it.
typ, data = a.store("2", "+FLAGS", "(\\Flagged)")
assert typ == "OK", data
changed = number(data[0].decode(), r"MODSEQ \((\d+)\)")
assert changed > start, (changed, start)
assert "UID 2" in data[0].decode(), data

# Session B asks what changed since it looked: exactly message 2, with its MODSEQ.
typ, data = b.fetch("1:*", "(FLAGS) (CHANGEDSINCE %d)" % start)
lines = [d.decode() for d in data if d]
assert len(lines) == 1, lines
assert lines[0].startswith("2 (") and "\\Flagged" in lines[0], lines
assert "MODSEQ (%d)" % changed in lines[0], lines

# B's conditional STORE, based on what it knew at `start`: message 2 changed since, so it
# is left alone and named in [MODIFIED]; message 1 is changed.
typ, text = run(b, "STORE", "1:2", "(UNCHANGEDSINCE %d)" % start, "+FLAGS", "(\\Seen)")
assert typ == "OK" and text.startswith("[MODIFIED 2]"), (typ, text)
fetched = responses(b, "FETCH")
assert len(fetched) == 1 and fetched[0].startswith("1 (") and "\\Seen" in fetched[0], fetched
typ, data = b.fetch("2", "(FLAGS)")
assert "\\Seen" not in data[0].decode(), data

# SEARCH MODSEQ: the messages changed at or after A's STORE, and the highest MODSEQ.
typ, data = b.search(None, "MODSEQ", str(changed))
found = data[0].decode()
assert re.fullmatch(r"1 2 \(MODSEQ \d+\)", found), found
highest = number(found, r"MODSEQ (\d+)")
assert highest > changed, (highest, changed)

# A expunges message 3 (UID 3) and hears of it as VANISHED (QRESYNC is on).
before_expunge = highest
typ, data = a.uid("STORE", "3", "+FLAGS.SILENT", "(\\Deleted)")
assert typ == "OK"
typ, text = run(a, "EXPUNGE")
assert typ == "OK" and text.startswith("[HIGHESTMODSEQ "), text
assert responses(a, "VANISHED") == ["3"]
a.logout()
b.logout()

# A client that last saw the mailbox at `before_expunge` comes back with QRESYNC.
c = login()
assert c.enable("QRESYNC")[0] == "OK"
typ, text = run(c, "SELECT", "INBOX", "(QRESYNC (%d %d))" % (validity, before_expunge))
assert typ == "OK", text
assert responses(c, "VANISHED") == ["(EARLIER) 3"], c.untagged_responses
assert int(c.response("EXISTS")[1][0]) == 2
# Nothing else changed since: no FETCH.
assert responses(c, "FETCH") == [], c.untagged_responses
# A cache from before A's STORE also gets the flag changes, with MODSEQ.
typ, text = run(c, "SELECT", "INBOX", "(QRESYNC (%d %d))" % (validity, start))
assert typ == "OK", text
assert responses(c, "CLOSED") == [""], c.untagged_responses
assert responses(c, "VANISHED") == ["(EARLIER) 3"]
fetched = sorted(responses(c, "FETCH"))
assert len(fetched) == 2, fetched
assert fetched[0].startswith("1 (UID 1 FLAGS (\\Seen) MODSEQ ("), fetched
assert fetched[1].startswith("2 (UID 2 FLAGS (\\Flagged) MODSEQ (%d))" % changed), fetched
# QRESYNC with a stale UIDVALIDITY is a plain SELECT.
typ, _ = run(c, "SELECT", "INBOX", "(QRESYNC (%d %d))" % (validity + 1, start))
assert typ == "OK" and "VANISHED" not in c.untagged_responses
c.logout()

# QRESYNC without ENABLE QRESYNC is refused, and the session goes on.
d = login()
try:
    run(d, "SELECT", "INBOX", "(QRESYNC (%d %d))" % (validity, start))
    raise SystemExit("QRESYNC accepted without ENABLE")
except imaplib.IMAP4.error as e:
    assert "ENABLE QRESYNC" in str(e), e
assert d.select("INBOX")[0] == "OK"
d.logout()
print("ok")
"#;

#[test]
fn imaplib_resynchronizes_with_condstore_and_qresync() {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(RESYNC, &[&server.imaps_port.to_string(), PASSWORD]);
}
