//! IMAP THREAD (RFC 5256), ESORT and CONTEXT (RFC 5267), SEARCHRES (RFC 5182), WITHIN (RFC
//! 5032) and OBJECTID (RFC 8474) against the real server over TLS (issue 24): each test plays
//! the RFC's own example exchange (their messages replaced by ours) with a small Python
//! client that sends exact bytes and reads the responses up to the tagged reply. Before
//! issue 24 each of these commands or options was refused with BAD.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{IMAP_TRANSCRIPT_CLIENT, PASSWORD, Server, python};

const DOMAIN: &str = "hue.gov.vn";

/// After the transcript client of tests/common: `mail(...)` makes a message;
/// `append(c, raw, date)` appends it to INBOX.
const PRELUDE: &str = r#"
def mail(n, subject, date="Mon, 01 Dec 2026 08:00:00 +0700", refs="", frm="an@hue.gov.vn"):
    h = "From: %s\r\nTo: annv@hue.gov.vn\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <m%d@hue.gov.vn>\r\n" % (frm, subject, date, n)
    if refs:
        h += "References: %s\r\n" % refs
    return (h + "Content-Type: text/plain; charset=utf-8\r\n\r\nNội dung %d.\r\n" % n).encode()
def append(c, raw, date=None, flags=""):
    d = (' "%s"' % date) if date else ""
    return c.ok(b'APPEND INBOX (%s)%s {%d+}\r\n' % (flags.encode(), d.encode(), len(raw)) + raw)
def untagged(lines, word):
    return [l for l in lines if l.startswith(b"* " + word)]
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

/// RFC 5256 §3's THREAD forms and §4's algorithms: a References chain, a reply whose
/// parent is missing, two originals with one subject, replies known by In-Reply-To only;
/// UID THREAD answers UIDs; the Vietnamese "TL:" reply without References is gathered by
/// subject (REFERENCES) and under its original (ORDEREDSUBJECT). CAPABILITY announces all three.
#[test]
fn thread_orders_a_discussion() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
caps = c.ok("CAPABILITY")[0]
for cap in [b"THREAD=REFERENCES", b"THREAD=REFS", b"THREAD=ORDEREDSUBJECT"]:
    assert cap in caps, caps
append(c, mail(1, "Kế hoạch 2027", "Mon, 01 Dec 2026 08:00:00 +0700"))
append(c, mail(2, "Re: Kế hoạch 2027", "Tue, 02 Dec 2026 08:00:00 +0700", "<m1@hue.gov.vn>"))
append(c, mail(3, "Giấy mời", "Wed, 03 Dec 2026 08:00:00 +0700"))
append(c, mail(4, "Re: Re: Kế hoạch 2027", "Thu, 04 Dec 2026 08:00:00 +0700", "<m1@hue.gov.vn> <m2@hue.gov.vn>"))
append(c, mail(5, "TL: Kế hoạch 2027", "Fri, 05 Dec 2026 08:00:00 +0700"))
append(c, mail(6, "Re: Lost", "Sat, 06 Dec 2026 08:00:00 +0700", "<gone@x>"))
append(c, mail(7, "Re: Lost", "Sun, 07 Dec 2026 08:00:00 +0700", "<gone@x>"))
c.ok("SELECT INBOX")
out = c.ok("THREAD REFERENCES UTF-8 ALL")
assert out[0] == b"* THREAD (1 (2 4)(5))(3)((6)(7))", out
out = c.ok("THREAD REFS UTF-8 ALL")
assert out[0] == b"* THREAD (3)(1 2 4)(5)((6)(7))", out
out = c.ok("THREAD ORDEREDSUBJECT UTF-8 ALL")
assert out[0] == b"* THREAD (1 (2)(4)(5))(3)(6 7)", out
c.ok("STORE 1 +FLAGS.SILENT (\\Deleted)")
c.ok("EXPUNGE")
# Sequence numbers moved; UIDs did not. The missing original leaves 2 and 5 siblings.
out = c.ok("UID THREAD REFERENCES UTF-8 UNDELETED")
assert out[0] == b"* THREAD ((2 4)(5))(3)((6)(7))", out
out = c.ok("THREAD REFERENCES UTF-8 SUBJECT \"giay moi\"")
assert out[0] == b"* THREAD (2)", out
out = c.cmd("THREAD NOSUCH UTF-8 ALL")
assert out[-1].split(b" ")[1] == b"BAD", out
"#,
    );
}

/// RFC 5267 §3.3: `SORT RETURN (MIN COUNT) (DATE) UTF-8 SINCE …` answers `* ESEARCH (TAG …)
/// MIN n COUNT n`; MIN and MAX are the first and last in sort order, ALL keeps the order;
/// PARTIAL (§4.4) takes positions of the sorted result.
#[test]
fn esort_answers_in_sort_order() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
assert b"ESORT" in c.ok("CAPABILITY")[0]
for n, day in [(1, 3), (2, 1), (3, 4), (4, 2)]:
    append(c, mail(n, "Báo cáo %d" % n, "Mon, %02d Mar 2003 08:00:00 +0000" % day), "%02d-Mar-2003 08:00:00 +0000" % day)
c.ok("SELECT INBOX")
out = c.ok('SORT RETURN (MIN COUNT) (DATE) UTF-8 SINCE 1-Mar-2003')
assert out[0] == b'* ESEARCH (TAG "%s") MIN 2 COUNT 4' % out[-1].split(b" ")[0], out
out = c.ok('UID SORT RETURN (MIN MAX ALL) (REVERSE DATE) UTF-8 ALL')
assert out[0].endswith(b" UID MIN 3 MAX 2 ALL 3,1,4,2"), out
out = c.ok('SORT RETURN (PARTIAL 2:3) (DATE) UTF-8 ALL')
assert out[0].endswith(b" PARTIAL (2:3 4,1)"), out
out = c.ok('SORT RETURN () (SUBJECT) UTF-8 ALL')
assert out[0].endswith(b" ALL 1:4"), out
"#,
    );
}

/// RFC 5267 §4.3 CONTEXT=SEARCH and CONTEXT=SORT: `UID SEARCH RETURN (UPDATE) DELETED`
/// keeps the result; another session's flag changes and expunges come back as ADDTO and
/// REMOVEFROM (position 0 for SEARCH, the place in the order for SORT), REMOVEFROM before
/// the EXPUNGE; CANCELUPDATE stops them. §4.4 PARTIAL on a search.
#[test]
fn context_updates_follow_the_mailbox() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
caps = c.ok("CAPABILITY")[0]
assert b"CONTEXT=SEARCH" in caps and b"CONTEXT=SORT" in caps, caps
for n in range(1, 6):
    append(c, mail(n, "Thư %d" % n, "Mon, %02d Dec 2026 08:00:00 +0700" % n))
c.ok("SELECT INBOX")
out = c.ok("UID SEARCH RETURN (PARTIAL 2:3) ALL")
assert out[0].endswith(b" UID PARTIAL (2:3 2:3)"), out
out = c.ok("UID SEARCH RETURN (UPDATE) DELETED")
assert out[0] == b'* ESEARCH (TAG "%s") UID' % out[-1].split(b" ")[0], out
search_tag = out[-1].split(b" ")[0]
out = c.ok("UID SORT RETURN (UPDATE ALL) (REVERSE DATE) UTF-8 UNDELETED")
sort_tag = out[-1].split(b" ")[0]
assert out[0].endswith(b" UID ALL 5,4,3,2,1"), out
d = Client(port); d.login(A, password); d.ok("SELECT INBOX")
d.ok("STORE 2,4 +FLAGS (\\Deleted)")
out = c.ok("NOOP")
assert b'* ESEARCH (TAG "%s") UID ADDTO (0 2,4)' % search_tag in out, out
assert b'* ESEARCH (TAG "%s") UID REMOVEFROM (4 2 2 4)' % sort_tag in out, out
d.ok("EXPUNGE")
out = c.ok("NOOP")
first = out.index(b'* ESEARCH (TAG "%s") UID REMOVEFROM (0 2,4)' % search_tag)
assert first < out.index(b"* 4 EXPUNGE"), out
append(d, mail(6, "Thư 6", "Tue, 09 Dec 2026 08:00:00 +0700"))
out = c.ok("NOOP")
assert b'* ESEARCH (TAG "%s") UID ADDTO (1 6)' % sort_tag in out, out
out = c.ok('CANCELUPDATE "%s"' % sort_tag.decode())
d.ok("STORE 1 +FLAGS (\\Deleted)")
out = c.ok("NOOP")
assert not any(sort_tag in l for l in out), out
assert b'* ESEARCH (TAG "%s") UID ADDTO (0 1)' % search_tag in out, out
out = c.cmd('CANCELUPDATE "nosuch"')
assert out[-1].split(b" ")[1] == b"NO", out
"#,
    );
}

/// RFC 5182 §2.1 and §3's example: `SEARCH RETURN (SAVE) FLAGGED SINCE … NOT FROM "Smith"`
/// answers only OK; `FETCH $`, `STORE $`, `COPY $`, `UID SEARCH $` use the saved messages;
/// `RETURN (MIN MAX SAVE)` keeps only those two; a failed SAVE leaves `$` empty; SELECT
/// empties it.
#[test]
fn searchres_saves_the_result_for_dollar() {
    let s = server();
    run(
        &s,
        r#"
c = Client(port); c.login(A, password)
assert b"SEARCHRES" in c.ok("CAPABILITY")[0]
append(c, mail(1, "a", frm="smith@x.vn"), "02-Feb-1994 08:00:00 +0000", "\\Flagged")
append(c, mail(2, "b"), "03-Feb-1994 08:00:00 +0000", "\\Flagged")
append(c, mail(3, "c"), "04-Feb-1994 08:00:00 +0000")
append(c, mail(4, "d"), "05-Feb-1994 08:00:00 +0000", "\\Flagged")
c.ok("SELECT INBOX")
out = c.ok('SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"')
assert len(out) == 1, out
out = c.ok("FETCH $ (UID)")
assert untagged(out, b"2 FETCH") and untagged(out, b"4 FETCH") and len(out) == 3, out
out = c.ok("UID SEARCH $")
assert out[0] == b"* SEARCH 2 4", out
c.ok("STORE $ +FLAGS (\\Seen)")
out = c.ok("SEARCH SEEN")
assert out[0] == b"* SEARCH 2 4", out
out = c.ok("COPY $ Archive")
assert b"[COPYUID " in out[-1] and b" 2,4 " in out[-1], out
out = c.ok("SEARCH RETURN (MIN MAX SAVE) ALL")
assert out[0].endswith(b"MIN 1 MAX 4"), out
out = c.ok("UID FETCH $ (UID)")
assert len(out) == 3 and untagged(out, b"1 FETCH") and untagged(out, b"4 FETCH"), out
out = c.cmd("SEARCH RETURN (SAVE) KEYWORD")
assert out[-1].split(b" ")[1] == b"BAD", out
out = c.ok("SEARCH RETURN (SAVE) HEADER Nope x")
out = c.ok("FETCH $ (UID)")
assert len(out) == 1, out
c.ok("SEARCH RETURN (SAVE) ALL")
c.ok("SELECT INBOX")
out = c.ok("FETCH $ (UID)")
assert len(out) == 1, out
"#,
    );
}

/// RFC 5032 §3's example `SEARCH UNSEEN YOUNGER 259200`: messages by internal date within
/// three days; OLDER the rest.
#[test]
fn within_compares_the_internal_date_with_now() {
    let s = server();
    run(
        &s,
        r#"
import datetime
c = Client(port); c.login(A, password)
assert b"WITHIN" in c.ok("CAPABILITY")[0]
def ago(days):
    return (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)).strftime("%d-%b-%Y %H:%M:%S +0000")
append(c, mail(1, "a"), ago(10))
append(c, mail(2, "b"), ago(2))
append(c, mail(3, "c"), ago(1), "\\Seen")
append(c, mail(4, "d"), ago(0))
c.ok("SELECT INBOX")
out = c.ok("SEARCH UNSEEN YOUNGER 259200")
assert out[0] == b"* SEARCH 2 4", out
out = c.ok("SEARCH OLDER 259200")
assert out[0] == b"* SEARCH 1", out
out = c.ok("UID SEARCH NOT OLDER 3600")
assert out[0] == b"* SEARCH 4", out
out = c.cmd("SEARCH YOUNGER 0")
assert out[-1].split(b" ")[1] == b"BAD", out
"#,
    );
}

/// RFC 8474's examples: CREATE answers `[MAILBOXID (…)]`, STATUS (MAILBOXID) and SELECT give
/// the same id, RENAME keeps it; FETCH (EMAILID THREADID) — a copy keeps its EMAILID, a
/// reply has its original's THREADID; SEARCH EMAILID / THREADID find them.
#[test]
fn objectids_name_mailboxes_messages_and_threads() {
    let s = server();
    run(
        &s,
        r#"
import re
c = Client(port); c.login(A, password)
assert b"OBJECTID" in c.ok("CAPABILITY")[0]
c.ok("ENABLE UTF8=ACCEPT")
out = c.ok('CREATE "Công văn"')
m = re.search(rb"\[MAILBOXID \((F[0-9A-Za-z_-]+)\)\]", out[-1])
assert m, out
fid = m.group(1)
out = c.ok('STATUS "Công văn" (MAILBOXID MESSAGES)')
assert b"MAILBOXID (%s)" % fid in out[0], out
c.ok('RENAME "Công văn" "Công văn đến"')
out = c.ok('STATUS "Công văn đến" (MAILBOXID)')
assert b"MAILBOXID (%s)" % fid in out[0], out
out = c.ok('CREATE "Khác"')
assert fid not in out[-1], out
append(c, mail(1, "Kế hoạch"))
append(c, mail(2, "Re: Kế hoạch", refs="<m1@hue.gov.vn>"))
append(c, mail(3, "Giấy mời"))
out = c.ok("SELECT INBOX")
assert any(re.match(rb"\* OK \[MAILBOXID \(F\d+\)\]", l) for l in out), out
out = c.ok("FETCH 1:3 (EMAILID THREADID)")
ids = [re.search(rb"EMAILID \((M\w+)\) THREADID \((T\w+)\)", l).groups() for l in out[:3]]
assert ids[0][1] == ids[1][1] != ids[2][1], ids
assert len({e for e, _ in ids}) == 3, ids
out = c.ok('COPY 1 "Công văn đến"')
out = c.ok("SEARCH EMAILID %s" % ids[0][0].decode())
assert out[0] == b"* SEARCH 1", out
out = c.ok("UID SEARCH THREADID %s" % ids[0][1].decode())
assert out[0] == b"* SEARCH 1 2", out
c.ok('SELECT "Công văn đến"')
out = c.ok("FETCH 1 (EMAILID THREADID)")
assert b"EMAILID (%s) THREADID (%s)" % ids[0] in out[0], out
"#,
    );
}
