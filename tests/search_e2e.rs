//! SEARCH and SORT semantics over IMAP with Python's imaplib, on messages APPENDed with the
//! headers that tell a right implementation from a near one: Date: headers in other time
//! zones and none at all, address groups (`Phòng Tổng hợp: …;`, `undisclosed-recipients:;`),
//! header fields other than the usual ones, and subjects with `[tag]`, `[fwd: …]` and a
//! Vietnamese reply prefix. Each expectation was checked against Dovecot 2.3.19 by hand; the
//! one difference is noted where it is asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{PASSWORD, Server, python};

/// Logs in, APPENDs the four messages to a new mailbox "Tim" and selects it; defines
/// `search(*criteria)` and `sort(criteria, *search)` returning sequence numbers, with a
/// `utf8=` literal for non-ASCII strings.
const PRELUDE: &str = r#"
import imaplib, ssl, sys
port, password = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("annv@quangngai.gov.vn", password)
msgs = [
    # 1: 23:30 on 1 November in California (2 November in UTC and in Vietnam).
    "From: Zed <zed@x.gov.vn>\r\n"
    "To: =?UTF-8?Q?Ph=C3=B2ng_T=E1=BB=95ng_h=E1=BB=A3p?=: Lan <lan@x.gov.vn>, binh@y.gov.vn;\r\n"
    "Cc: undisclosed-recipients:;\r\n"
    "Date: Sun, 01 Nov 2026 23:30:00 -0800\r\n"
    "Subject: [UBND] Re: =?UTF-8?Q?B=C3=A1o_c=C3=A1o_qu=C3=BD?=\r\n"
    "X-So-Van-Ban: 123/UBND-VP\r\n",
    # 2: 00:30 on 2 November in Tokyo (1 November in UTC and in Vietnam).
    "From: \"Nguyen, An\" <an@x.gov.vn>\r\n"
    "To: undisclosed-recipients:;\r\n"
    "Cc: Chi <chi@x.gov.vn>\r\n"
    "Date: Mon, 02 Nov 2026 00:30:00 +0900\r\n"
    "Subject: =?UTF-8?Q?B=C3=A1o_c=C3=A1o_qu=C3=BD?=\r\n",
    "From: bao@x.gov.vn\r\n"
    "To: dung@x.gov.vn\r\n"
    "Date: Mon, 02 Nov 2026 10:00:00 +0700\r\n"
    "Subject: =?UTF-8?Q?TL=3A_B=C3=A1o_c=C3=A1o_qu=C3=BD?=\r\n",
    # 4: no Date: header.
    "From: Anh <anh@x.gov.vn>\r\n"
    "To: Ban: <aa@x.gov.vn>;\r\n"
    "Subject: Re: [fwd: =?UTF-8?Q?b=C3=A1o_c=C3=A1o_qu=C3=BD?=]\r\n",
]
m.create("Tim")
for i, head in enumerate(msgs):
    raw = head + "Content-Type: text/plain; charset=utf-8\r\n\r\nNội dung %d\r\n" % (i + 1)
    arrival = imaplib.Time2Internaldate(1_790_000_000 + 3600 * i)
    typ, data = m.append("Tim", None, arrival, raw.encode())
    assert typ == "OK", data
typ, data = m.select("Tim")
assert typ == "OK" and data == [b"4"], data

def numbers(typ, data):
    assert typ == "OK", (typ, data)
    return [int(n) for n in data[0].split()]

def search(*criteria, utf8=None):
    if utf8 is not None:
        m.literal = utf8.encode()
        return numbers(*m.search("UTF-8", *criteria))
    return numbers(*m.search(None, *criteria))

def sort(criteria, *search):
    return numbers(*m.sort(criteria, "UTF-8", *(search or ("ALL",))))
"#;

fn run(script: &str) {
    let server = Server::start("quangngai.gov.vn", |c| c);
    python(
        &format!("{PRELUDE}{script}\nm.logout()\n"),
        &[&server.imaps_port.to_string(), PASSWORD],
    );
}

/// RFC 9051 §6.4.4: SENTBEFORE/SENTON/SENTSINCE use the Date: header's date "disregarding
/// time and timezone": the day written in the header, not that day in our time zone. No Date:
/// at all is the earliest date (Dovecot's answer).
#[test]
fn sent_date_keys_use_the_date_as_written() {
    run(r#"
assert search("SENTON", "1-Nov-2026") == [1], search("SENTON", "1-Nov-2026")
assert search("SENTON", "2-Nov-2026") == [2, 3], search("SENTON", "2-Nov-2026")
assert search("SENTBEFORE", "2-Nov-2026") == [1, 4], search("SENTBEFORE", "2-Nov-2026")
assert search("SENTSINCE", "2-Nov-2026") == [2, 3], search("SENTSINCE", "2-Nov-2026")
assert search("SENTSINCE", "1-Jan-1971") == [1, 2, 3], search("SENTSINCE", "1-Jan-1971")
# SORT DATE stays the UTC instant (RFC 5256 §2.2); no Date: sorts by its arrival.
assert sort("(DATE)") == [4, 2, 3, 1], sort("(DATE)")
"#);
}

/// RFC 9051 §6.4.4 TO/CC/FROM match the envelope's address field, of which a group's name is
/// part (§7.5.2); RFC 5256 §3 and RFC 5957 §3 sort on the first address structure, which for
/// a group is its start marker (addr-mailbox = the group name).
#[test]
fn address_groups_are_searched_and_sorted() {
    run(r#"
assert search("TO", "undisclosed") == [2], search("TO", "undisclosed")
assert search("CC", '"undisclosed-recipients:;"') == [1]
assert search("TO", utf8="Phòng Tổng hợp") == [1], search("TO", utf8="Phòng Tổng hợp")
assert search("TO", '"phong tong hop"') == [1], "without diacritics too"
assert search("TO", "Ban") == [4]
assert search("TO", "binh@y") == [1]
assert search("FROM", '"\\"Nguyen, An\\" <an@"') == [2]
# Dovecot compares the group name still RFC 2047-encoded ("=?UTF-8?Q?Ph…" sorts first: 1 4 3 2);
# we decode it, as RFC 5256 §7 asks of the strings SORT compares.
assert sort("(TO)") == [4, 3, 1, 2], sort("(TO)")
assert sort("(DISPLAYTO)") == [4, 3, 1, 2], sort("(DISPLAYTO)")
assert sort("(CC)") == [3, 4, 2, 1], sort("(CC)")
assert sort("(REVERSE CC)") == [1, 2, 3, 4], sort("(REVERSE CC)")
# The first From of message 2 is "Nguyen, An" <an@…>: its mailbox is "an".
assert sort("(FROM)") == [2, 4, 3, 1], sort("(FROM)")
assert sort("(DISPLAYFROM)") == [4, 3, 2, 1], sort("(DISPLAYFROM)")
"#);
}

/// RFC 9051 §6.4.4: TEXT matches "the header (including MIME header fields) or body", any
/// field; diacritics stay optional, as for every text key here.
#[test]
fn text_matches_every_header_field_and_the_body() {
    run(r#"
assert search("TEXT", "123/UBND") == [1], search("TEXT", "123/UBND")
assert search("TEXT", "X-So-Van-Ban") == [1]
assert search("TEXT", '"Content-Type: text/plain"') == [1, 2, 3, 4]
assert search("TEXT", "undisclosed") == [1, 2]
assert search("TEXT", utf8="Nội dung 3") == [3]
assert search("TEXT", '"noi dung 4"') == [4]
assert search("TEXT", "quy") == [1, 2, 3, 4]
assert search("NOT", "TEXT", "UBND") == [2, 3, 4]
"#);
}

/// RFC 5256 §2.1 base subjects (`[UBND] Re:` and `Re: [fwd: …]` go, the Vietnamese "TL:"
/// stays, §7), compared in i;unicode-casemap, equal ones in sequence order even under REVERSE.
#[test]
fn sort_subject_uses_the_rfc_5256_base_subject() {
    run(r#"
assert sort("(SUBJECT)") == [1, 2, 4, 3], sort("(SUBJECT)")
assert sort("(REVERSE SUBJECT)") == [3, 1, 2, 4], sort("(REVERSE SUBJECT)")
assert sort("(SUBJECT DATE)") == [4, 2, 1, 3], sort("(SUBJECT DATE)")
assert sort("(SUBJECT)", "SENTSINCE", "2-Nov-2026") == [2, 3]
"#);
}
