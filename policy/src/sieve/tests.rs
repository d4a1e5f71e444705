#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use super::*;

/// A host with fixed answers that records what it was asked.
#[derive(Default)]
struct TestHost {
    personal: HashMap<String, Script>,
    global: HashMap<String, Script>,
    mailboxes: Vec<String>,
    /// (sender, handle) already answered.
    answered: Vec<(String, String)>,
    periods: Vec<u64>,
    /// The recipient's aliases (besides USER).
    aliases: Vec<String>,
}

impl Host for TestHost {
    fn include(&mut self, name: &str, global: bool) -> Result<Option<Script>, String> {
        let map = if global { &self.global } else { &self.personal };
        Ok(map.get(name).cloned())
    }

    fn mailbox_exists(&mut self, name: &str) -> bool {
        self.mailboxes.iter().any(|m| m == name)
    }

    fn vacation_should_reply(&mut self, sender: &str, handle: &str, period: u64) -> bool {
        self.periods.push(period);
        let key = (sender.to_string(), handle.to_string());
        if self.answered.contains(&key) {
            return false;
        }
        self.answered.push(key);
        true
    }

    fn owns_address(&mut self, address: &str) -> bool {
        address.eq_ignore_ascii_case(USER)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(address))
    }
}

const USER: &str = "annv@sotttt.demo.gov.vn";
const SENDER: &str = "btran@ubnd.demo.gov.vn";

fn message(extra_headers: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: Trần Văn B <{SENDER}>\r\nTo: Nguyễn Văn An <{USER}>\r\n{extra_headers}\
         Subject: {subject}\r\nMessage-ID: <m1@ubnd.demo.gov.vn>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nKính gửi anh An,\r\nNội dung.\r\n"
    )
    .into_bytes()
}

fn engine() -> Engine {
    Engine::new("mail.demo.gov.vn", &Limits::default()).unwrap()
}

fn run_with(
    engine: &Engine,
    raw: &[u8],
    global: Option<&str>,
    personal: Option<&str>,
    host: &mut TestHost,
) -> Outcome {
    let parsed = mail_parser::MessageParser::default().parse(raw).unwrap();
    let global = global.map(|g| compile(g).unwrap());
    let personal = personal.map(|p| compile(p).unwrap());
    engine.run(
        &parsed,
        Envelope {
            from: SENDER,
            to: USER,
            user: USER,
        },
        global.as_ref(),
        personal.as_ref(),
        host,
    )
}

fn run(script: &str, raw: &[u8]) -> Outcome {
    run_with(&engine(), raw, None, Some(script), &mut TestHost::default())
}

fn keep() -> Action {
    Action::Keep { flags: vec![] }
}

#[test]
fn a_syntax_error_names_its_line_and_column() {
    let e = compile("require \"fileinto\";\r\n\r\nfileinto \"a\"\r\nkeep;\r\n").unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(e.to_string().starts_with("line 4, column "), "{e}");
    // An unterminated block is reported where it opens.
    let e = compile("keep;\nif header :contains \"subject\" \"x\" {\n  keep;\n").unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "Unterminated block"),
        "{e}"
    );
}

#[test]
fn an_extension_used_without_require_is_refused() {
    let e = compile("keep;\nfileinto \"Báo cáo\";\n").unwrap_err();
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("fileinto"), "{e}");
}

#[test]
fn an_extension_we_do_not_offer_is_refused_with_its_line() {
    let e = compile("# lọc thư\nrequire [\"fileinto\",\n  \"enotify\"];\nkeep;\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("\"enotify\" is not supported"), "{e}");
    let e = compile("require \"vnd.unknown\";\nkeep;\n").unwrap_err();
    assert!(e.message.contains("vnd.unknown"), "{e}");
    for ext in EXTENSIONS {
        compile(&format!("require \"{ext}\";\nkeep;\n")).unwrap_or_else(|e| panic!("{ext}: {e}"));
    }
}

#[test]
fn no_script_keeps() {
    let out = run_with(
        &engine(),
        &message("", "x"),
        None,
        None,
        &mut TestHost::default(),
    );
    assert_eq!(out.actions, [keep()]);
}

#[test]
fn fileinto_a_vietnamese_folder_with_a_flag() {
    let script = "require [\"fileinto\", \"imap4flags\"];\n\
                  if header :contains \"subject\" \"Giấy mời\" {\n\
                    fileinto :flags \"\\\\Flagged\" \"Giấy mời\";\n}\n";
    let out = run(
        script,
        &message("", "=?UTF-8?B?R2nhuqV5IG3hu51pIGjhu41wIHPhu5EgMTIz?="),
    );
    assert_eq!(
        out.actions,
        [Action::FileInto {
            mailbox: "Giấy mời".into(),
            flags: vec!["\\Flagged".into()],
            create: false,
        }]
    );
    // Not matching: implicit keep.
    assert_eq!(run(script, &message("", "Báo cáo tháng")).actions, [keep()]);
}

#[test]
fn flags_set_with_imap4flags_go_on_the_implicit_keep() {
    let out = run(
        "require \"imap4flags\";\naddflag [\"\\\\Seen\", \"$Important\"];\n",
        &message("", "Khẩn: họp giao ban"),
    );
    assert_eq!(
        out.actions,
        [Action::Keep {
            flags: vec!["\\Seen".into(), "$Important".into()]
        }]
    );
}

#[test]
fn fileinto_create_and_mailboxexists() {
    let script = "require [\"fileinto\", \"mailbox\"];\n\
                  if mailboxexists \"Lưu trữ\" { fileinto \"Lưu trữ\"; }\n\
                  else { fileinto :create \"Mới\"; }\n";
    let mut host = TestHost {
        mailboxes: vec!["Lưu trữ".into()],
        ..TestHost::default()
    };
    let out = run_with(&engine(), &message("", "x"), None, Some(script), &mut host);
    assert_eq!(
        out.actions,
        [Action::FileInto {
            mailbox: "Lưu trữ".into(),
            flags: vec![],
            create: false
        }]
    );
    let out = run(script, &message("", "x"));
    assert_eq!(
        out.actions,
        [Action::FileInto {
            mailbox: "Mới".into(),
            flags: vec![],
            create: true
        }]
    );
}

#[test]
fn discard_stores_nothing() {
    let out = run("discard;", &message("", "Quảng cáo"));
    assert!(out.actions.is_empty());
    assert!(!out.stores());
}

#[test]
fn redirect_cancels_the_implicit_keep_unless_copy() {
    let out = run("redirect \"chanh@ubnd.demo.gov.vn\";", &message("", "x"));
    assert_eq!(
        out.actions,
        [Action::Redirect {
            address: "chanh@ubnd.demo.gov.vn".into()
        }]
    );
    let out = run(
        "require \"copy\";\nredirect :copy \"chanh@ubnd.demo.gov.vn\";",
        &message("", "x"),
    );
    assert_eq!(
        out.actions,
        [
            Action::Redirect {
                address: "chanh@ubnd.demo.gov.vn".into()
            },
            keep()
        ]
    );
}

#[test]
fn reject_and_ereject() {
    let out = run(
        "require \"reject\";\nreject \"Không nhận thư này\";",
        &message("", "x"),
    );
    assert_eq!(
        out.actions,
        [Action::Reject {
            reason: "Không nhận thư này".into(),
            extended: false
        }]
    );
    assert!(!out.stores());
    let out = run("require \"ereject\";\nereject \"no\";", &message("", "x"));
    assert!(matches!(
        &out.actions[..],
        [Action::Reject { extended: true, .. }]
    ));
}

const VACATION: &str = "require \"vacation\";\n\
    vacation :days 3 :subject \"Đi công tác\" \"Tôi đi công tác đến thứ Sáu.\";\n";

#[test]
fn vacation_replies_once_per_sender() {
    let engine = engine();
    let mut host = TestHost::default();
    let raw = message("References: <r0@x.vn>\r\n", "Giấy mời họp");
    let out = run_with(&engine, &raw, None, Some(VACATION), &mut host);
    let [Action::Vacation(reply), Action::Keep { .. }] = &out.actions[..] else {
        panic!("{:?}", out.actions);
    };
    assert_eq!(reply.to, SENDER);
    assert_eq!(reply.from, None);
    assert_eq!(reply.subject, "Đi công tác");
    assert!(reply.body.contains("thứ Sáu"), "{:?}", reply.body);
    assert_eq!(reply.in_reply_to.as_deref(), Some("m1@ubnd.demo.gov.vn"));
    assert_eq!(reply.references, ["r0@x.vn", "m1@ubnd.demo.gov.vn"]);
    assert_eq!(reply.period, 3 * 86_400);
    assert_eq!(host.periods, [3 * 86_400]);
    // The second message from the same sender: no reply, still kept.
    let out = run_with(&engine, &raw, None, Some(VACATION), &mut host);
    assert_eq!(out.actions, [keep()]);
}

#[test]
fn vacation_default_period_is_seven_days_and_subject_is_auto() {
    let mut host = TestHost::default();
    let out = run_with(
        &engine(),
        &message("", "Báo cáo"),
        None,
        Some("require \"vacation\";\nvacation \"Nghỉ phép\";"),
        &mut host,
    );
    let [Action::Vacation(reply), _] = &out.actions[..] else {
        panic!("{:?}", out.actions);
    };
    assert_eq!(reply.period, 7 * 86_400);
    assert_eq!(reply.subject, "Auto: Báo cáo");
}

#[test]
fn no_vacation_reply_to_automatic_or_list_mail() {
    for headers in [
        "Auto-Submitted: auto-generated\r\n",
        "Auto-Submitted: auto-replied; owner-email=x@y.vn\r\n",
        "X-Auto-Response-Suppress: DR, OOF\r\n",
        "List-Unsubscribe: <mailto:leave@x.vn>\r\n",
        "Precedence: bulk\r\n",
        "Precedence: list\r\n",
        "Precedence: junk\r\n",
        "List-Id: <tin-tuc.demo.gov.vn>\r\n",
    ] {
        let mut host = TestHost::default();
        let out = run_with(
            &engine(),
            &message(headers, "x"),
            None,
            Some(VACATION),
            &mut host,
        );
        assert_eq!(out.actions, [keep()], "{headers}");
    }
}

#[test]
fn no_vacation_reply_when_not_addressed_or_from_the_null_sender() {
    let raw = message("", "x")
        .split(|&b| b == b'\n')
        .filter(|l| !l.starts_with(b"To:"))
        .collect::<Vec<_>>()
        .join(&b'\n');
    let raw = [b"To: others@demo.gov.vn\r\n".as_slice(), &raw].concat();
    let out = run(VACATION, &raw);
    assert_eq!(out.actions, [keep()]);

    let raw = message("", "x");
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw[..])
        .unwrap();
    let script = compile(VACATION).unwrap();
    let out = engine().run(
        &parsed,
        Envelope {
            from: "",
            to: USER,
            user: USER,
        },
        None,
        Some(&script),
        &mut TestHost::default(),
    );
    assert_eq!(out.actions, [keep()]);
}

#[test]
fn a_stop_in_the_global_script_ends_processing() {
    let global = "require \"fileinto\";\n\
                  if header :contains \"X-Spam\" \"yes\" { fileinto \"Junk\"; stop; }\n";
    let personal = "require \"fileinto\";\nfileinto \"Cá nhân\";\n";
    let out = run_with(
        &engine(),
        &message("X-Spam: yes\r\n", "x"),
        Some(global),
        Some(personal),
        &mut TestHost::default(),
    );
    assert_eq!(
        out.actions,
        [Action::FileInto {
            mailbox: "Junk".into(),
            flags: vec![],
            create: false
        }]
    );
    // Without the stop, the user's script runs after the global one.
    let out = run_with(
        &engine(),
        &message("", "x"),
        Some(global),
        Some(personal),
        &mut TestHost::default(),
    );
    assert_eq!(
        out.actions,
        [Action::FileInto {
            mailbox: "Cá nhân".into(),
            flags: vec![],
            create: false
        }]
    );
    // The global script alone, for an account without a script of its own.
    let out = run_with(
        &engine(),
        &message("X-Spam: yes\r\n", "x"),
        Some(global),
        None,
        &mut TestHost::default(),
    );
    assert_eq!(out.actions.len(), 1);
}

#[test]
fn include_resolves_personal_and_global_scripts_through_the_host() {
    let mut host = TestHost::default();
    host.personal.insert(
        "chung".into(),
        compile("require [\"fileinto\"];\nif header :contains \"subject\" \"Mật\" { fileinto \"Mật\"; }\n").unwrap(),
    );
    host.global.insert(
        "co-quan".into(),
        compile("require \"imap4flags\";\naddflag \"$Important\";\n").unwrap(),
    );
    let personal =
        "require [\"include\"];\ninclude :global \"co-quan\";\ninclude :personal \"chung\";\n";
    let out = run_with(
        &engine(),
        &message("", "Tài liệu Mật"),
        None,
        Some(personal),
        &mut host,
    );
    assert_eq!(
        out.actions,
        [Action::FileInto {
            mailbox: "Mật".into(),
            flags: vec!["$Important".into()],
            create: false
        }]
    );
}

#[test]
fn a_missing_include_is_an_error_and_the_message_is_kept() {
    let out = run(
        "require [\"include\", \"fileinto\"];\nfileinto \"A\";\ninclude \"không có\";\n",
        &message("", "x"),
    );
    assert_eq!(out.actions, [keep()]);
    assert!(out.error.unwrap().contains("không có"));
    let out = run(
        "require [\"include\"];\ninclude :optional \"không có\";\ndiscard;\n",
        &message("", "x"),
    );
    assert!(out.actions.is_empty() && out.error.is_none(), "{out:?}");
}

#[test]
fn a_script_over_the_cpu_limit_keeps_the_message() {
    let limits = Limits {
        max_instructions: 50,
        ..Limits::default()
    };
    let engine = Engine::new("mail.demo.gov.vn", &limits).unwrap();
    let mut script = String::from("require \"fileinto\";\n");
    for i in 0..100 {
        script.push_str(&format!(
            "if header :is \"subject\" \"{i}\" {{ discard; }}\n"
        ));
    }
    script.push_str("fileinto \"X\";\n");
    let out = run_with(
        &engine,
        &message("", "x"),
        None,
        Some(&script),
        &mut TestHost::default(),
    );
    assert_eq!(out.actions, [keep()]);
    assert!(out.error.is_some());
}

#[test]
fn redirects_are_capped_per_run() {
    let mut script = String::from("require \"copy\";\n");
    for i in 0..10 {
        script.push_str(&format!("redirect :copy \"r{i}@x.vn\";\n"));
    }
    let out = run(&script, &message("", "x"));
    let redirects = out
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Redirect { .. }))
        .count();
    assert_eq!(redirects, Limits::default().max_redirects);
}

#[test]
fn auto_submitted_no_still_gets_a_reply() {
    let out = run(VACATION, &message("Auto-Submitted: no\r\n", "x"));
    assert!(
        matches!(&out.actions[..], [Action::Vacation(_), _]),
        "{out:?}"
    );
}

#[test]
fn an_unknown_command_is_placed_on_its_line() {
    let e = compile("require \"fileinto\";\r\n\r\n  frobnicate \"x\";\r\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 3), "{e}");
    assert!(e.message.contains("frobnicate"), "{e}");
}

#[test]
fn vacation_from_must_be_the_recipients_own_address() {
    let script = |from: &str| {
        format!(
            "require \"vacation\";\nvacation :from \"{from}\" :subject \"Chỉ thị khẩn\" \"Chuyển khoản\";"
        )
    };
    let reply_from = |from: &str, host: &mut TestHost| {
        let out = run_with(
            &engine(),
            &message("", "Hỏi"),
            None,
            Some(&script(from)),
            host,
        );
        let [Action::Vacation(reply), _] = &out.actions[..] else {
            panic!("{:?}", out.actions);
        };
        (reply.from.clone(), reply.refused_from.clone())
    };
    // Somebody else's address: the reply comes from the recipient, and the log says why.
    let mut host = TestHost::default();
    assert_eq!(
        reply_from("giamdoc@sec.gov.vn", &mut host),
        (None, Some("giamdoc@sec.gov.vn".into()))
    );
    // An alias of the recipient's is theirs to use.
    let mut host = TestHost {
        aliases: vec!["vanphong@sotttt.demo.gov.vn".into()],
        ..TestHost::default()
    };
    assert_eq!(
        reply_from("VanPhong@sotttt.demo.gov.vn", &mut host),
        (Some("VanPhong@sotttt.demo.gov.vn".into()), None)
    );
}

/// `:days 3333333333333333333` overflowed sieve-rs's multiplication when the script ran
/// (found by the sieve_compile fuzz target): periods over a year are refused at compile time.
#[test]
fn vacation_periods_over_a_year_are_refused() {
    let e =
        compile("require \"vacation\";\nvacation :days 3333333333333333333 \"x\";").unwrap_err();
    assert!(e.message.contains("365 days"), "{e}");
    assert!(compile("require \"vacation\";\nvacation :seconds 400000000 \"x\";").is_err());
    assert!(compile("require \"vacation\";\nvacation :days 365 \"x\";").is_ok());
}

/// A fileinto name as written wins; otherwise its modified UTF-7 reading (RFC 3501 §5.1.3),
/// as Roundcube writes it, when that folder exists.
#[test]
fn folder_as_written_then_as_modified_utf7() {
    let boxes = ["INBOX", "Lưu trữ 2026", "L&AbA-u tr&Hu8- 2027", "A&B"];
    let mut exists = |n: &str| boxes.contains(&n);
    // The exact form Roundcube's rcube_charset::convert(.., 'UTF7-IMAP') gives.
    assert_eq!(crate::utf7::encode("Lưu trữ 2026"), "L&AbA-u tr&Hu8- 2026");
    assert_eq!(
        folder("L&AbA-u tr&Hu8- 2026", &mut exists),
        Folder::Existing("Lưu trữ 2026".into())
    );
    assert_eq!(
        folder("Lưu trữ 2026", &mut exists),
        Folder::Existing("Lưu trữ 2026".into())
    );
    // A folder really named like modified UTF-7 is taken as written.
    assert_eq!(
        folder("L&AbA-u tr&Hu8- 2027", &mut exists),
        Folder::Existing("L&AbA-u tr&Hu8- 2027".into())
    );
    assert_eq!(folder("A&-B", &mut exists), Folder::Existing("A&B".into()));
    assert_eq!(
        folder("inbox", &mut exists),
        Folder::Existing("INBOX".into())
    );
    assert_eq!(
        folder("L&AbA-u tr&Hu8- 2025", &mut exists),
        Folder::Missing {
            name: "L&AbA-u tr&Hu8- 2025".into(),
            decoded: Some("Lưu trữ 2025".into())
        }
    );
    // Not valid modified UTF-7 ('&' unterminated): only the name as written.
    assert_eq!(
        folder("Hồ sơ & tài liệu", &mut exists),
        Folder::Missing {
            name: "Hồ sơ & tài liệu".into(),
            decoded: None
        }
    );
    assert!(matches!(folder("a//b", &mut exists), Folder::Invalid(_)));
}

/// The web console's out-of-office section (sieve::vacation) replies only between its dates,
/// tested by `currentdate` (RFC 5260) against the real clock in Vietnam time.
#[test]
fn the_web_consoles_out_of_office_replies_only_between_its_dates() {
    let day = |offset: i64| {
        let t = storage::VnTime::from_unix(storage::now() + offset * 86_400);
        format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
    };
    let section = |from: i64, to: i64| {
        crate::sieve::vacation::set(
            "require \"fileinto\";\n",
            &crate::sieve::vacation::Vacation {
                from: Some(day(from)),
                to: Some(day(to)),
                subject: "Đi công tác".into(),
                message: "Tôi vắng mặt.".into(),
            },
        )
    };
    let raw = message("", "Giấy mời họp");
    let now = run_with(
        &engine(),
        &raw,
        None,
        Some(&section(-1, 1)),
        &mut TestHost::default(),
    );
    let [Action::Vacation(reply), Action::Keep { .. }] = &now.actions[..] else {
        panic!("{:?}", now.actions);
    };
    assert_eq!(reply.subject, "Đi công tác");
    // Today is the last day: still on (both ends included).
    let last = run_with(
        &engine(),
        &raw,
        None,
        Some(&section(-3, 0)),
        &mut TestHost::default(),
    );
    assert!(
        matches!(last.actions[0], Action::Vacation(_)),
        "{:?}",
        last.actions
    );
    for (from, to) in [(-10, -1), (1, 5)] {
        let out = run_with(
            &engine(),
            &raw,
            None,
            Some(&section(from, to)),
            &mut TestHost::default(),
        );
        assert_eq!(out.actions, [keep()], "{from}..{to}");
    }
}
