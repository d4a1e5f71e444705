//! Roundcube's own IMAP library against the real server: Debian's roundcube-core ships
//! rcube_imap_generic, which tests/clients/roundcube.php drives the way Roundcube's webmail calls
//! it (STARTTLS, LOGIN, folders in modified UTF-7, SORT, the quick search with Vietnamese
//! words, the message list's header fetch, opening a multipart message, saving drafts and the
//! sent copy, flags, moving and copying, emptying Trash). The script prints what the library
//! returned as JSON; these tests check it against what was delivered and against the store.
//!
//! php-cli and roundcube-core are real clients these tests need: when they are missing the
//! tests fail under CI=true and are skipped (with a message) elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{PASSWORD, Server, base64, smtp_deliver};
use serde_json::{Value, json};

const USER: &str = "annv@quangngai.gov.vn";
const ROUNDCUBE_LIB: &str = "/usr/share/roundcube/program/lib/Roundcube/rcube_imap_generic.php";

/// Whether php-cli and Roundcube's library are installed; panics when they are not and
/// CI=true (interop tests fail, not skip, in CI).
fn roundcube_available() -> bool {
    let php = Command::new("php").arg("--version").output().is_ok();
    let lib = Path::new(ROUNDCUBE_LIB).is_file();
    if php && lib {
        return true;
    }
    let missing = format!("php-cli present: {php}, {ROUNDCUBE_LIB} present: {lib}");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "Roundcube's IMAP library is required in CI (apt-get install php-cli roundcube-core): {missing}"
        );
    }
    eprintln!("skipped: {missing} (install php-cli roundcube-core)");
    false
}

/// Runs one scenario of tests/clients/roundcube.php against the server's STARTTLS port.
fn roundcube(server: &Server, scenario: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/clients/roundcube.php");
    let out = Command::new("php")
        .arg(script)
        .args([scenario, &server.imap_port.to_string(), USER, PASSWORD])
        .output()
        .expect("php");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "roundcube.php {scenario} failed:\n{stdout}\n{stderr}"
    );
    let value: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("roundcube.php {scenario}: {e}:\n{stdout}\n{stderr}"));
    // The IMAP exchange, shown when an assertion below fails.
    eprintln!("--- IMAP exchange ({scenario}) ---\n{stderr}");
    value
}

/// Collects every mismatch of a run, so that one failure shows them all.
#[derive(Default)]
struct Checks(Vec<String>);

impl Checks {
    fn eq(&mut self, what: &str, got: &Value, want: Value) {
        if *got != want {
            self.0.push(format!("{what}: got {got}, want {want}"));
        }
    }
    fn holds(&mut self, what: &str, ok: bool, got: &Value) {
        if !ok {
            self.0.push(format!("{what}: got {got}"));
        }
    }
    fn done(self, out: &Value) {
        assert!(
            self.0.is_empty(),
            "{} mismatches:\n  {}\nfull result: {out:#}",
            self.0.len(),
            self.0.join("\n  ")
        );
    }
}

fn b64(s: &str) -> String {
    base64(s.as_bytes())
}

/// The attachment of message C: a few bytes of a PDF, with bytes that are not text.
const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Three messages with Vietnamese subjects and senders, chosen so that every SORT key gives a
/// different order: A (UID 1) is the oldest, B (UID 2) the newest, C (UID 3) a multipart reply.
/// SORT DATE: 1 3 2. SUBJECT (RFC 5256 base subject, encoded-words decoded, "Re:" removed):
/// Báo cáo (2), Giấy mời (1), Kế hoạch (3). FROM (RFC 5256: the addr-mailbox, the local part,
/// of the first From address): daotao (3), tonghop (2), vanphong (1); DISPLAYFROM (RFC 5957,
/// the display name): An (2), Lê (3), Nguyễn (1).
fn messages() -> Vec<Vec<u8>> {
    let a = format!(
        "From: =?UTF-8?B?{}?= <vanphong@danang.gov.vn>\r\n\
         To: annv@quangngai.gov.vn\r\n\
         Subject: =?UTF-8?B?{}?=\r\n\
         Date: Mon, 01 Dec 2026 08:00:00 +0700\r\n\
         Message-ID: <giaymoi-12@danang.gov.vn>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=UTF-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\
         \r\n\
         Kính gửi các đồng chí,\r\n\
         mời dự họp giao ban sáng thứ Hai.\r\n",
        b64("Nguyễn Văn Bình"),
        b64("Giấy mời họp giao ban tháng 12")
    );
    // Raw UTF-8 in the header, as many Vietnamese senders write it (RFC 6532).
    let b = "From: An Thị Cúc <tonghop@hue.gov.vn>\r\n\
             To: annv@quangngai.gov.vn\r\n\
             Subject: Báo cáo tổng kết năm 2026\r\n\
             Date: Wed, 03 Dec 2026 14:00:00 +0700\r\n\
             Message-ID: <baocao-2026@hue.gov.vn>\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=UTF-8\r\n\
             Content-Transfer-Encoding: 8bit\r\n\
             \r\n\
             Số liệu báo cáo năm gửi kèm theo.\r\n"
        .to_string();
    let c = format!(
        "From: =?UTF-8?Q?L=C3=AA_V=C4=83n_=C4=90=E1=BB=A9c?= <daotao@gialai.gov.vn>\r\n\
         To: annv@quangngai.gov.vn\r\n\
         Subject: Re: =?UTF-8?Q?K=E1=BA=BF_ho=E1=BA=A1ch_=C4=91=C3=A0o_t=E1=BA=A1o?=\r\n\
         Date: Tue, 02 Dec 2026 10:15:00 +0700\r\n\
         Message-ID: <daotao-2027@binhdinh.gov.vn>\r\n\
         In-Reply-To: <kehoach@quangngai.gov.vn>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"ranh-gioi\"\r\n\
         \r\n\
         --ranh-gioi\r\n\
         Content-Type: text/plain; charset=UTF-8\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\
         \r\n\
         K=C3=ADnh g=E1=BB=ADi c=C3=A1c =C4=91=E1=BB=93ng ch=C3=AD,\r\n\
         k=E1=BA=BF ho=E1=BA=A1ch =C4=91=C3=A0o t=E1=BA=A1o n=C4=83m 2027 g=E1=BB=ADi k=C3=A8m.\r\n\
         --ranh-gioi\r\n\
         Content-Type: application/pdf; name=\"=?UTF-8?B?{name}?=\"\r\n\
         Content-Disposition: attachment; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf\r\n\
         Content-Transfer-Encoding: base64\r\n\
         \r\n\
         {pdf}\r\n\
         --ranh-gioi--\r\n",
        name = b64("Kế hoạch.pdf"),
        pdf = base64(PDF),
    );
    vec![a.into_bytes(), b.into_bytes(), c.into_bytes()]
}

/// The CRLF before the boundary belongs to the delimiter (RFC 2046 §5.1.1), not to the part.
const C_TEXT: &str = "Kính gửi các đồng chí,\r\nkế hoạch đào tạo năm 2027 gửi kèm.";

/// A message's flags as Roundcube names them, without OFFICIAL (the $Official keyword that
/// govmail's policy sets at delivery on official documents) and RECENT (\Recent depends on
/// which session saw a message first, RFC 3501 §2.3.2): neither is what these tests check.
fn flags(v: &Value) -> Value {
    let kept: Vec<Value> = v
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| *f != "OFFICIAL" && *f != "RECENT")
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Value::Array(kept)
}

fn started_with_mail() -> Server {
    let server = Server::start("quangngai.gov.vn", |c| c);
    let raws = messages();
    let refs: Vec<&[u8]> = raws.iter().map(Vec::as_slice).collect();
    smtp_deliver(server.smtp_port, "vanthu@danang.gov.vn", USER, &refs);
    server.wait_until("three messages delivered", |s| s.inbox(USER).len() == 3);
    server
}

#[test]
fn roundcube_manages_vietnamese_folders() {
    if !roundcube_available() {
        return;
    }
    let server = Server::start("quangngai.gov.vn", |c| c);
    let out = roundcube(&server, "folders");
    let mut c = Checks::default();
    c.eq("connect (STARTTLS, LOGIN)", &out["connect"], json!(true));
    c.eq("delimiter", &out["delimiter"], json!("/"));
    // Modified UTF-7 as Roundcube sends it (RFC 3501 §5.1.3).
    c.eq(
        "the child's name on the wire",
        &out["utf7_child"],
        json!("L&AbA-u tr&Hu8- 2026/C&APQ-ng v&AQM-n &AREevw-n"),
    );
    for step in [
        "create_parent",
        "subscribe_parent",
        "create_child",
        "subscribe_child",
        "unsubscribe_child",
        "rename_child",
        "subscribe_renamed",
        "unsubscribe Lưu trữ 2026/Công văn đến đã xử lý",
        "delete Lưu trữ 2026/Công văn đến đã xử lý",
        "unsubscribe Lưu trữ 2026",
        "delete Lưu trữ 2026",
    ] {
        c.eq(step, &out[step], json!(true));
    }
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let list = names(&out["list"]);
    for want in [
        "INBOX",
        "Sent",
        "Drafts",
        "Trash",
        "Lưu trữ 2026",
        "Lưu trữ 2026/Công văn đến",
    ] {
        c.holds(
            &format!("LIST has {want}"),
            list.iter().any(|n| n == want),
            &out["list"],
        );
    }
    // RFC 6154 special-use attributes and RFC 3348 children, kept by Roundcube per folder.
    for (folder, attr) in [
        ("Sent", "\\Sent"),
        ("Drafts", "\\Drafts"),
        ("Trash", "\\Trash"),
        ("Lưu trữ 2026", "\\HasChildren"),
        ("Lưu trữ 2026/Công văn đến", "\\HasNoChildren"),
    ] {
        let attrs = &out["attributes"][folder];
        c.holds(
            &format!("LIST attributes of {folder} have {attr}"),
            attrs.as_array().is_some_and(|a| {
                a.iter()
                    .any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(attr)))
            }),
            attrs,
        );
    }
    for key in ["subscribed", "lsub"] {
        let subscribed = names(&out[key]);
        for want in ["INBOX", "Lưu trữ 2026", "Lưu trữ 2026/Công văn đến"] {
            c.holds(
                &format!("{key} has {want}"),
                subscribed.iter().any(|n| n == want),
                &out[key],
            );
        }
    }
    // RFC 6154 §3: the SPECIAL-USE selection lists only the special-use folders.
    let mut special = names(&out["special_use"]);
    special.sort();
    c.eq(
        "LIST (SPECIAL-USE)",
        &json!(special),
        json!(["Archive", "Drafts", "Junk", "Sent", "Trash"]),
    );
    c.eq(
        "STATUS MESSAGES of the new child",
        &out["status_child"]["MESSAGES"],
        json!("0"),
    );
    c.eq(
        "STATUS UIDNEXT of the new child",
        &out["status_child"]["UIDNEXT"],
        json!("1"),
    );
    c.eq(
        "LIST after RENAME",
        &out["list_after_rename"],
        json!(["Lưu trữ 2026", "Lưu trữ 2026/Công văn đến đã xử lý"]),
    );
    for key in ["list_after_delete", "subscribed_after_delete"] {
        let left = names(&out[key]);
        c.holds(
            &format!("{key} has no Lưu trữ 2026"),
            out[key].is_array() && !left.iter().any(|n| n.starts_with("Lưu trữ")),
            &out[key],
        );
    }
    c.done(&out);
}

#[test]
fn roundcube_sorts_searches_and_reads_vietnamese_mail() {
    if !roundcube_available() {
        return;
    }
    let server = started_with_mail();
    let stored = server.inbox(USER);
    let out = roundcube(&server, "read");
    let mut c = Checks::default();
    c.eq("connect", &out["connect"], json!(true));
    c.eq("SELECT", &out["select"], json!(true));
    c.eq("EXISTS", &out["selected"]["EXISTS"], json!(3));
    c.eq("UIDNEXT", &out["selected"]["UIDNEXT"], json!(4));
    c.eq("read-write", &out["selected"]["READ-WRITE"], json!(true));
    // Roundcube sets a flag only when PERMANENTFLAGS lists it or \* ($Forwarded, labels).
    let permanent = &out["selected"]["PERMANENTFLAGS"];
    c.holds(
        "PERMANENTFLAGS has \\* and \\Seen",
        permanent
            .as_array()
            .is_some_and(|a| a.contains(&json!("\\*")) && a.contains(&json!("\\Seen"))),
        permanent,
    );
    c.eq("message count", &out["count"], json!(3));
    c.eq("unseen count", &out["unseen"], json!(3));
    c.eq("SORT DATE", &out["sort"]["DATE"], json!([1, 3, 2]));
    c.eq("SORT ARRIVAL", &out["sort"]["ARRIVAL"], json!([1, 2, 3]));
    c.eq("SORT SUBJECT", &out["sort"]["SUBJECT"], json!([2, 1, 3]));
    // Roundcube sorts by FROM as DISPLAYFROM when SORT=DISPLAY is advertised: by display name
    // (RFC 5957: An, Lê, Nguyễn); plain FROM is the addr-mailbox, the local part (RFC 5256 §3:
    // daotao, tonghop, vanphong).
    let display = out["capabilities"]
        .as_array()
        .is_some_and(|caps| caps.contains(&json!("SORT=DISPLAY")));
    let by_from = if display {
        json!([2, 3, 1])
    } else {
        json!([3, 2, 1])
    };
    c.eq(
        "SORT FROM (DISPLAYFROM with SORT=DISPLAY)",
        &out["sort"]["FROM"],
        by_from,
    );
    let mut by_size: Vec<(usize, u32)> = stored
        .iter()
        .zip(1u32..)
        .map(|(m, uid)| (m.len(), uid))
        .collect();
    by_size.sort();
    c.eq(
        "SORT SIZE",
        &out["sort"]["SIZE"],
        json!(by_size.iter().map(|(_, uid)| *uid).collect::<Vec<_>>()),
    );
    // With and without diacritics, any case: README promises both; RFC 9051 §6.4.4 allows
    // ignoring diacritics and says matching should ignore case.
    for (name, want) in [
        ("subject giấy mời", json!([1])),
        ("subject GIẤY MỜI", json!([1])),
        ("subject giay moi", json!([1])),
        ("subject or from Bình", json!([1])),
        ("from nguyen van binh", json!([1])),
        ("body đào tạo", json!([3])),
        ("body dao tao", json!([3])),
        ("text báo cáo", json!([2])),
        ("subject none", json!([])),
    ] {
        c.eq(
            &format!("SEARCH {name}"),
            &out["search"][name],
            want.clone(),
        );
        c.eq(
            &format!("SORT (DATE) {name}"),
            &out["sort_search"][name],
            want,
        );
    }
    c.eq("SEARCH UNSEEN", &out["search_unseen"], json!([1, 2, 3]));

    // fetchHeaderIndex: the raw header values (Roundcube decodes them itself).
    c.eq(
        "index SUBJECT",
        &out["index"]["SUBJECT"],
        json!({
            "1": format!("=?UTF-8?B?{}?=", b64("Giấy mời họp giao ban tháng 12")),
            "2": "Báo cáo tổng kết năm 2026",
            "3": "Re: =?UTF-8?Q?K=E1=BA=BF_ho=E1=BA=A1ch_=C4=91=C3=A0o_t=E1=BA=A1o?=",
        }),
    );
    // The Date headers as Unix times: 2026-12-01 01:00, 2026-12-03 07:00, 2026-12-02 03:15 UTC.
    c.eq(
        "index DATE",
        &out["index"]["DATE"],
        json!({"1": 1_796_086_800, "2": 1_796_281_200, "3": 1_796_181_300}),
    );
    c.eq(
        "index SIZE",
        &out["index"]["SIZE"],
        json!({"1": stored[0].len().to_string(), "2": stored[1].len().to_string(), "3": stored[2].len().to_string()}),
    );
    let want_headers = [
        (
            "Giấy mời họp giao ban tháng 12",
            "Nguyễn Văn Bình",
            "vanphong@danang.gov.vn",
            "Mon, 01 Dec 2026 08:00:00 +0700",
            "text/plain",
        ),
        (
            "Báo cáo tổng kết năm 2026",
            "An Thị Cúc",
            "tonghop@hue.gov.vn",
            "Wed, 03 Dec 2026 14:00:00 +0700",
            "text/plain",
        ),
        (
            "Re: Kế hoạch đào tạo",
            "Lê Văn Đức",
            "daotao@gialai.gov.vn",
            "Tue, 02 Dec 2026 10:15:00 +0700",
            "multipart/mixed",
        ),
    ];
    for (i, (subject, name, from, date, ctype)) in want_headers.iter().enumerate() {
        let h = &out["headers"][i];
        c.eq(&format!("message {} UID", i + 1), &h["uid"], json!(i + 1));
        c.eq(
            &format!("message {} subject", i + 1),
            &h["subject"],
            json!(subject),
        );
        c.eq(
            &format!("message {} sender's name", i + 1),
            &h["from_name"],
            json!(name),
        );
        c.eq(
            &format!("message {} sender", i + 1),
            &h["from"],
            json!(from),
        );
        c.eq(&format!("message {} date", i + 1), &h["date"], json!(date));
        c.eq(
            &format!("message {} type", i + 1),
            &h["ctype"],
            json!(ctype),
        );
        c.eq(
            &format!("message {} size", i + 1),
            &h["size"],
            json!(stored[i].len()),
        );
        c.holds(
            &format!("message {} unread", i + 1),
            h["flags"]
                .as_array()
                .is_some_and(|f| !f.contains(&json!("SEEN"))),
            &h["flags"],
        );
    }

    // The multipart message opened: structure, parts, nothing marked read by peeking.
    let structure = out["structure"].to_string().to_ascii_lowercase();
    for want in [
        "\"text\"",
        "\"plain\"",
        "\"application\"",
        "\"pdf\"",
        "\"base64\"",
        "\"mixed\"",
        "attachment",
    ] {
        c.holds(
            &format!("BODYSTRUCTURE has {want}"),
            structure.contains(want),
            &out["structure"],
        );
    }
    let part_headers = out["part_headers"].to_string();
    c.holds(
        "part 2's MIME header",
        part_headers.contains("application/pdf")
            && part_headers.contains("filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf"),
        &out["part_headers"],
    );
    c.eq("text part decoded", &out["part1"], json!(C_TEXT));
    c.eq(
        "attachment decoded",
        &out["part2_base64"],
        json!(base64(PDF)),
    );
    c.eq(
        "whole message 1",
        &out["message1"],
        json!(String::from_utf8(stored[0].clone()).unwrap()),
    );
    c.holds(
        "reading with PEEK leaves the message unread",
        out["flags_after_read"][0]["flags"]
            .as_array()
            .is_some_and(|f| !f.contains(&json!("SEEN"))),
        &out["flags_after_read"],
    );
    c.eq("flag SEEN", &out["flag_seen"], json!(true));
    c.eq(
        "SEARCH UNSEEN after reading",
        &out["unseen_after_flag"],
        json!([1, 2]),
    );
    c.done(&out);
}

#[test]
fn roundcube_saves_drafts_and_sent_moves_and_flags() {
    if !roundcube_available() {
        return;
    }
    let server = started_with_mail();
    let out = roundcube(&server, "change");
    let mut c = Checks::default();
    c.eq("connect", &out["connect"], json!(true));
    c.eq("CREATE Lưu trữ", &out["create_archive"], json!(true));
    // [APPENDUID] (RFC 4315): Roundcube keeps the new draft's UID to delete it on the next save.
    c.eq("APPEND draft 1", &out["append_draft1"], json!("1"));
    c.eq("APPEND draft 2", &out["append_draft2"], json!("2"));
    c.eq("draft 1 \\Deleted", &out["delete_draft1_flag"], json!(true));
    c.eq(
        "draft 1 UID EXPUNGE",
        &out["delete_draft1_expunge"],
        json!(true),
    );
    c.eq(
        "Drafts holds draft 2 only",
        &out["drafts"].as_array().map_or(0, Vec::len).into(),
        json!(1),
    );
    c.eq("draft UID", &out["drafts"][0]["uid"], json!(2));
    c.eq(
        "draft subject",
        &out["drafts"][0]["subject"],
        json!("Dự thảo công văn lần 2"),
    );
    c.eq(
        "draft sender",
        &out["drafts"][0]["from_name"],
        json!("Nguyễn Văn An"),
    );
    c.eq(
        "draft flags",
        &flags(&out["drafts"][0]["flags"]),
        json!(["SEEN"]),
    );
    c.eq(
        "draft body",
        &out["draft_body"],
        json!("Kính gửi Văn phòng UBND tỉnh,\r\nbản dự thảo lần 2.\r\n"),
    );
    c.eq("APPEND Sent", &out["append_sent"], json!("1"));
    c.eq(
        "Sent subject",
        &out["sent"][0]["subject"],
        json!("Báo cáo đã gửi"),
    );
    c.eq(
        "Sent flags",
        &flags(&out["sent"][0]["flags"]),
        json!(["SEEN"]),
    );

    for step in [
        "flag_flagged",
        "flag_answered",
        "flag_forwarded",
        "unflag_flagged",
        "flag_seen",
        "unflag_seen",
        "move",
        "copy",
        "move_trash",
        "clear_trash",
    ] {
        c.eq(step, &out[step], json!(true));
    }
    c.eq(
        "flags set on UID 2",
        &flags(&out["flags_set"][0]["flags"]),
        json!(["ANSWERED", "FLAGGED", "FORWARDED"]),
    );
    let flags_after: Vec<Value> = (0..3)
        .map(|i| flags(&out["flags_after"][i]["flags"]))
        .collect();
    c.eq(
        "flags after the changes",
        &json!(flags_after),
        json!([[], ["ANSWERED", "FORWARDED", "SEEN"], ["SEEN"]]),
    );
    c.eq("SEARCH FLAGGED", &out["search_flagged"], json!([]));
    c.eq("SEARCH UNSEEN", &out["search_unseen"], json!([1]));
    c.eq(
        "INBOX after UID MOVE",
        &out["inbox_after_move"],
        json!([2, 3]),
    );
    c.holds(
        "COPYUID",
        out["copyuid"] == json!(["3", "2"]),
        &out["copyuid"],
    );
    let archive: Vec<Value> = out["archive"]
        .as_array()
        .map(|a| a.iter().map(|h| h["subject"].clone()).collect())
        .unwrap_or_default();
    c.eq(
        "Lưu trữ holds the moved and the copied message",
        &json!(archive),
        json!(["Giấy mời họp giao ban tháng 12", "Re: Kế hoạch đào tạo"]),
    );
    c.eq(
        "Trash holds the deleted message",
        &out["trash"][0]["subject"],
        json!("Báo cáo tổng kết năm 2026"),
    );
    c.eq(
        "its flags moved with it",
        &flags(&out["trash"][0]["flags"]),
        json!(["ANSWERED", "FORWARDED", "SEEN"]),
    );
    c.eq("INBOX at the end", &out["inbox_after"], json!([3]));
    c.eq(
        "STATUS INBOX",
        &out["status_inbox"],
        json!({"MESSAGES": "1", "UNSEEN": "0"}),
    );
    c.eq(
        "STATUS Lưu trữ",
        &out["status_archive"],
        json!({"MESSAGES": "2", "UNSEEN": "1"}),
    );
    c.eq(
        "STATUS Trash after emptying",
        &out["status_trash"]["MESSAGES"],
        json!("0"),
    );

    // The store holds the folder under its UTF-8 name and the draft as Roundcube sent it.
    let store = server.store();
    let account = store.get_account(USER).unwrap().id;
    let archive = store.get_mailbox(account, "Lưu trữ");
    c.holds(
        "the store has a folder named Lưu trữ",
        archive.is_ok(),
        &json!(format!("{archive:?}")),
    );
    let drafts = store.get_mailbox(account, "Drafts").unwrap();
    let draft = store.read_message(account, drafts.id, 2).unwrap();
    let draft = String::from_utf8(draft).unwrap();
    c.holds(
        "the stored draft has CRLF lines and its 8-bit body intact",
        draft.contains("Content-Transfer-Encoding: 8bit\r\n\r\nKính gửi Văn phòng UBND tỉnh,\r\nbản dự thảo lần 2.\r\n"),
        &json!(draft),
    );
    c.done(&out);
}

/// A discussion as it reaches a provincial office: an original, a reply and a reply to it
/// (References kept), a reply from a client that dropped References and wrote "TL:" (the
/// Vietnamese "Re:"), and an unrelated invitation. Delivered in this order: UIDs 1 to 5.
fn thread_messages() -> Vec<Vec<u8>> {
    let subject = "Kế hoạch chuyển đổi số 2027";
    let mail = |from: &str, subject: &str, date: &str, id: &str, refs: &str| -> Vec<u8> {
        let refs = if refs.is_empty() {
            String::new()
        } else {
            format!(
                "References: {refs}\r\nIn-Reply-To: {}\r\n",
                refs.rsplit(' ').next().unwrap()
            )
        };
        format!(
            "From: {from}\r\nTo: annv@quangngai.gov.vn\r\nSubject: =?UTF-8?B?{}?=\r\n\
             Date: {date}\r\nMessage-ID: {id}\r\n{refs}MIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
             Nội dung.\r\n",
            b64(subject)
        )
        .into_bytes()
    };
    vec![
        mail(
            "vanphong@danang.gov.vn",
            subject,
            "Mon, 01 Dec 2026 08:00:00 +0700",
            "<kh@danang.gov.vn>",
            "",
        ),
        mail(
            "tonghop@hue.gov.vn",
            &format!("Re: {subject}"),
            "Tue, 02 Dec 2026 08:00:00 +0700",
            "<kh-1@hue.gov.vn>",
            "<kh@danang.gov.vn>",
        ),
        mail(
            "vanphong@danang.gov.vn",
            &format!("Re: Re: {subject}"),
            "Thu, 04 Dec 2026 08:00:00 +0700",
            "<kh-2@danang.gov.vn>",
            "<kh@danang.gov.vn> <kh-1@hue.gov.vn>",
        ),
        mail(
            "daotao@gialai.gov.vn",
            &format!("TL: {subject}"),
            "Wed, 03 Dec 2026 08:00:00 +0700",
            "<kh-3@gialai.gov.vn>",
            "",
        ),
        mail(
            "vanthu@danang.gov.vn",
            "Giấy mời họp giao ban",
            "Fri, 05 Dec 2026 08:00:00 +0700",
            "<gm@danang.gov.vn>",
            "",
        ),
    ]
}

/// Roundcube's threaded message list (issue 24): it picks THREAD=REFS, the first of the
/// algorithms it prefers that govmail advertises, and shows each thread indented from the
/// tree UID THREAD returns. REFERENCES gathers the "TL:" reply whose client dropped
/// References under the original (RFC 5256 §4 step 5, with the Vietnamese markers);
/// ORDEREDSUBJECT groups by base subject.
#[test]
fn roundcube_shows_a_threaded_list() {
    if !roundcube_available() {
        return;
    }
    let server = Server::start("quangngai.gov.vn", |c| c);
    let raws = thread_messages();
    let refs: Vec<&[u8]> = raws.iter().map(Vec::as_slice).collect();
    smtp_deliver(server.smtp_port, "vanthu@danang.gov.vn", USER, &refs);
    server.wait_until("five messages delivered", |s| s.inbox(USER).len() == 5);
    let out = roundcube(&server, "thread");
    let mut c = Checks::default();
    c.eq("connect", &out["connect"], json!(true));
    c.eq(
        "THREAD= algorithms",
        &out["thread_algorithms"],
        json!(["ORDEREDSUBJECT", "REFERENCES", "REFS"]),
    );
    c.eq(
        "the algorithm Roundcube picks",
        &out["algorithm"],
        json!("REFS"),
    );
    // REFS: no subject gathering; threads in the order of their latest message (the "TL:"
    // reply of 3 Dec, the discussion whose last reply is of 4 Dec, the invitation of 5 Dec).
    let refs = &out["threads"]["REFS"];
    c.eq(
        "REFS tree",
        &refs["tree"],
        json!({"4": [], "1": {"2": {"3": []}}, "5": []}),
    );
    c.eq("REFS order", &refs["order"], json!([4, 1, 2, 3, 5]));
    c.eq("REFS threads", &refs["count"], json!(3));
    c.eq(
        "REFS depth",
        &refs["depth"],
        json!({"4": 0, "1": 0, "2": 1, "3": 2, "5": 0}),
    );
    let references = &out["threads"]["REFERENCES"];
    c.eq(
        "REFERENCES tree",
        &references["tree"],
        json!({"1": {"2": {"3": []}, "4": []}, "5": []}),
    );
    c.eq(
        "REFERENCES order",
        &references["order"],
        json!([1, 2, 3, 4, 5]),
    );
    c.eq("REFERENCES messages", &references["messages"], json!(5));
    let ordered = &out["threads"]["ORDEREDSUBJECT"];
    c.eq(
        "ORDEREDSUBJECT tree",
        &ordered["tree"],
        json!({"1": {"2": [], "4": [], "3": []}, "5": []}),
    );
    c.eq(
        "ORDEREDSUBJECT order",
        &ordered["order"],
        json!([1, 2, 4, 3, 5]),
    );
    c.eq(
        "the threaded list as shown",
        &out["list"],
        json!([
            "TL: Kế hoạch chuyển đổi số 2027",
            "Kế hoạch chuyển đổi số 2027",
            "  Re: Kế hoạch chuyển đổi số 2027",
            "    Re: Re: Kế hoạch chuyển đổi số 2027",
            "Giấy mời họp giao ban",
        ]),
    );
    c.done(&out);
}
