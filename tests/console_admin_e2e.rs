//! The administrators' desk of the web console (issue 25) on a real `govmail serve`, over
//! TLS on its HTTPS listener: curl for the HTTP-level checks (the server's certificate as the
//! trusted CA), headless Chromium through the DevTools protocol
//! (tests/clients/console_admin_browser.py) for the staff-list upload as a person does it,
//! with a screenshot of each page in the artifacts directory ($GOVMAIL_ARTIFACTS, else
//! target/tmp/artifacts). curl, python3 and chromium are required in CI (CI=true).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::https::{Fetched, Https};
use common::{PASSWORD, Server, artifacts, browser_script, chromium, free_port, python};

const DOMAIN: &str = "demo.gov.vn";
const HOST: &str = "mail.demo.gov.vn";
const ADMIN: &str = "annv@demo.gov.vn";
const USER: &str = "ngocttb@demo.gov.vn";
const UNIT: &str = "vanthu@demo.gov.vn";

/// A staff list with two bad rows (an unknown agency on line 3, a quota that is no size on
/// line 4) among good ones.
const BAD_CSV: &str = "họ và tên,mã đơn vị,hạn mức\n\
                       Phạm Văn Mới,STTTT,\n\
                       Lê Thị Sai,KHONGCO,\n\
                       Trần Văn Lỗi,STTTT,nhiều lắm\n";
/// Excel's Vietnamese-locale CSV: ';' separated, with a byte-order mark.
const GOOD_CSV: &str = "\u{feff}Họ và tên;Mã đơn vị;Hạn mức\r\n\
                        Phạm Văn Mới;STTTT;1 GB\r\n\
                        Đặng Thị Hoa;STTTT;\r\n";

struct Desk {
    server: Server,
    https: u16,
}

/// A server with the HTTPS listener; annv@ is an administrator, ngocttb@ is not; vanthu@ is
/// a unit mailbox; mail to danang.gov.vn goes to a port where nobody answers (and is retried
/// only hourly, or when asked).
fn start() -> Desk {
    let https = free_port();
    let dead = free_port();
    let server = Server::start(DOMAIN, |config| {
        let c = config
            .replacen(
                "[accounts]",
                &format!("https = \"127.0.0.1:{https}\"\n\n[accounts]"),
                1,
            )
            .replace("retry_initial = \"5m\"", "retry_initial = \"1h\"")
            .replace(
                "retry_max = \"4h\"",
                "retry_max = \"1h\"\npoll_interval = \"200ms\"",
            );
        format!("{c}\n[relay.routes]\n\"danang.gov.vn\" = \"127.0.0.1:{dead}\"\n")
    });
    server.govmail(&["user", "role", "add", ADMIN, "admin"]);
    server.govmail(&[
        "user",
        "add",
        "Văn thư Sở",
        "--agency",
        "STTTT",
        "--address",
        "vanthu",
        "--unit",
    ]);
    Desk { server, https }
}

impl Desk {
    /// `curl` to the console: the session id (if any), then curl's own arguments (`-F`, `-H`,
    /// `--data-urlencode`…).
    fn curl(&self, path: &str, cookie: Option<&str>, args: &[String]) -> Fetched {
        let https = Https {
            host: HOST,
            port: self.https,
            root: &self.server.root,
        };
        https.curl(path, cookie, args)
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Fetched {
        self.curl(path, cookie, &[])
    }

    /// A form POST (urlencoded).
    fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Fetched {
        let args: Vec<String> = form
            .iter()
            .flat_map(|(k, v)| ["--data-urlencode".to_string(), format!("{k}={v}")])
            .collect();
        self.curl(path, cookie, &args)
    }

    /// The staff list `csv` uploaded as a browser does (multipart/form-data).
    fn upload(&self, cookie: &str, csrf: Option<&str>, csv: &str) -> Fetched {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("danh-sach.csv");
        std::fs::write(&file, csv).unwrap();
        let mut args = vec![
            "-F".to_string(),
            format!("file=@{};type=text/csv", file.display()),
            "-F".to_string(),
            format!("domain={DOMAIN}"),
        ];
        if let Some(token) = csrf {
            args.extend(["-F".to_string(), format!("csrf={token}")]);
        }
        self.curl("/console/admin/import", Some(cookie), &args)
    }

    fn login_as(&self, address: &str, password: &str, planted: Option<&str>) -> Fetched {
        self.post(
            "/login",
            planted,
            &[("address", address), ("password", password)],
        )
    }

    fn login(&self, address: &str) -> String {
        let answer = self.login_as(address, PASSWORD, None);
        assert_eq!(answer.status, 303, "{answer:?}");
        answer.session().expect("a session cookie")
    }

    /// The CSRF token of a page's forms.
    fn token(&self, id: &str, path: &str) -> String {
        self.get(path, Some(id)).csrf()
    }

    fn audit(&self) -> Vec<serde_json::Value> {
        let all: serde_json::Value =
            serde_json::from_str(&self.server.govmail(&["audit", "--json"])).unwrap();
        all.as_array().unwrap().clone()
    }

    fn audited(&self, action: &str, target: &str) -> bool {
        self.audit().iter().any(|e| {
            e["action"] == action
                && e["actor"] == ADMIN
                && e["target"] == target
                && e["source"] == "127.0.0.1"
                && e["at"].is_number()
        })
    }

    fn accounts(&self) -> usize {
        self.server
            .store()
            .list_accounts(&storage::AccountFilter::default())
            .unwrap()
            .len()
    }
}

/// GET pages of the desk.
const PAGES: [&str; 7] = [
    "/console/admin",
    "/console/admin/issue",
    "/console/admin/account?address=vanthu%40demo.gov.vn",
    "/console/admin/quarantine",
    "/console/admin/queue",
    "/console/admin/health",
    "/console/admin?q=an",
];

/// POST actions of the desk, with a plausible form each.
fn actions() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        (
            "/console/admin/issue",
            vec![("full_name", "Hồ Văn Xấu"), ("agency", "STTTT")],
        ),
        (
            "/console/admin/quota",
            vec![("address", USER), ("size", "1 MB")],
        ),
        (
            "/console/admin/grant",
            vec![("address", UNIT), ("unit", UNIT), ("grantee", USER)],
        ),
        (
            "/console/admin/revoke",
            vec![("address", UNIT), ("unit", UNIT), ("grantee", USER)],
        ),
        (
            "/console/admin/quarantine",
            vec![("id", "1"), ("action", "delete")],
        ),
        (
            "/console/admin/queue",
            vec![("id", "1"), ("action", "remove")],
        ),
        (
            "/console/admin/status",
            vec![("address", USER), ("action", "suspend")],
        ),
        ("/console/admin/reset", vec![("address", USER)]),
    ]
}

#[test]
fn admin_pages_need_a_session() {
    let d = start();
    for path in PAGES {
        let answer = d.get(path, None);
        assert_eq!(answer.status, 303, "{path}");
        assert_eq!(
            answer.header("location").as_deref(),
            Some("/login"),
            "{path}"
        );
    }
    for (path, form) in actions() {
        let answer = d.post(path, None, &form);
        assert_eq!(answer.status, 303, "{path}");
    }
    let upload = d.upload("made-up-session-id", None, GOOD_CSV);
    assert_eq!(upload.status, 303);
    assert_eq!(d.accounts(), 3, "nothing was issued");
}

#[test]
fn a_non_admin_gets_403_everywhere_and_each_attempt_is_audited() {
    let d = start();
    let id = d.login(USER);
    for path in PAGES {
        let answer = d.get(path, Some(&id));
        assert_eq!(answer.status, 403, "{path}");
        assert!(answer.body.contains("Chỉ quản trị viên"), "{path}");
    }
    // With the user's own valid token: the role is what refuses.
    let token = d.token(&id, "/console/password");
    for (path, form) in actions() {
        let mut form = form.clone();
        form.push(("csrf", &token));
        assert_eq!(d.post(path, Some(&id), &form).status, 403, "{path}");
    }
    assert_eq!(d.upload(&id, Some(&token), GOOD_CSV).status, 403);
    assert_eq!(d.accounts(), 3, "nothing was issued");
    let denied: Vec<String> = d
        .audit()
        .iter()
        .filter(|e| e["action"] == "admin.denied" && e["actor"] == USER)
        .map(|e| e["detail"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        denied.len(),
        PAGES.len() + actions().len() + 1,
        "{denied:?}"
    );
    for what in [
        "health page",
        "quarantine delete",
        "queue remove",
        "import",
        "quota",
    ] {
        assert!(denied.iter().any(|d| d == what), "{what}: {denied:?}");
    }
    // The menu does not offer the desk either.
    assert!(!d.get("/console", Some(&id)).body.contains("/console/admin"));
}

/// Each page of the desk with a text it shows in Vietnamese and in English.
const IN_BOTH: [(&str, &str, &str); 6] = [
    (
        "/console/admin?q=an",
        "Tìm theo họ tên hoặc địa chỉ",
        "Search by name or address",
    ),
    (
        "/console/admin/issue",
        "Nhập danh sách cán bộ (tệp CSV)",
        "Import a staff list (CSV file)",
    ),
    (
        "/console/admin/account?address=vanthu%40demo.gov.vn",
        "Những người được mở hộp thư này:",
        "Who may open this mailbox:",
    ),
    (
        "/console/admin/quarantine",
        "Không có thư nào bị giữ lại.",
        "No mail is held.",
    ),
    (
        "/console/admin/queue",
        "Hàng đợi trống.",
        "The queue is empty.",
    ),
    ("/console/admin/health", "Chứng chỉ TLS", "TLS certificate"),
];

/// Texts of the desk's frame and tables that an English page must not show.
const DESK_VI: [&str; 8] = [
    "Tìm tài khoản",
    "Cấp tài khoản",
    "Hàng đợi gửi đi",
    "Tình trạng máy chủ",
    "Trạng thái",
    "Thao tác",
    "Hạn mức",
    "Đăng xuất",
];

#[test]
fn the_desk_and_the_login_page_come_in_the_administrators_language() {
    let d = start();
    let lang_cookie = |lang: &str| format!("__Host-govmail-lang={lang}");
    // With a language cookie (and the session, if any) in one Cookie header.
    let get_in = |path: &str, id: Option<&str>, lang: &str| {
        let cookie = match id {
            Some(id) => format!("Cookie: __Host-govmail={id}; {}", lang_cookie(lang)),
            None => format!("Cookie: {}", lang_cookie(lang)),
        };
        d.curl(path, None, &["-H".to_string(), cookie])
    };

    // The login page: Vietnamese without a choice, English by the cookie or by a browser
    // that prefers English to Vietnamese.
    let login = d.get("/login", None);
    assert!(login.body.contains("<html lang=\"vi\">") && login.body.contains("Đăng nhập"));
    assert!(login.body.contains("Địa chỉ thư điện tử") && !login.body.contains("Log in"));
    let login = get_in("/login", None, "en");
    assert!(login.body.contains("<html lang=\"en\">"), "{}", login.body);
    assert!(login.body.contains("Log in") && login.body.contains("Email address"));
    assert!(!login.body.contains("Đăng nhập") && !login.body.contains("Mật khẩu"));
    // Its language link comes back to the login page.
    assert!(
        login.body.contains("/console/lang?to=vi&amp;back=/login"),
        "{}",
        login.body
    );
    let browser = d.curl(
        "/login",
        None,
        &[
            "-H".to_string(),
            "Accept-Language: en-GB,en;q=0.9,vi;q=0.5".to_string(),
        ],
    );
    assert!(browser.body.contains("<html lang=\"en\">") && browser.body.contains("Log in"));
    // A refused login says why in the language of the page it came from.
    let wrong = d.curl(
        "/login",
        None,
        &[
            "-H".to_string(),
            format!("Cookie: {}", lang_cookie("en")),
            "--data-urlencode".to_string(),
            format!("address={ADMIN}"),
            "--data-urlencode".to_string(),
            "password=not-the-password".to_string(),
        ],
    );
    assert_eq!(wrong.status, 401);
    assert!(
        wrong.body.contains("Wrong email address or password"),
        "{}",
        wrong.body
    );
    let wrong = d.login_as(ADMIN, "not-the-password", None);
    assert!(wrong.body.contains("Sai địa chỉ thư hoặc mật khẩu"));

    // The administrator chooses English with the footer's link, from the desk.
    let id = d.login(ADMIN);
    let desk = d.get("/console/admin", Some(&id));
    assert!(
        desk.body
            .contains("/console/lang?to=en&amp;back=/console/admin"),
        "{}",
        desk.body
    );
    let switch = d.get("/console/lang?to=en&back=/console/admin", Some(&id));
    assert_eq!(switch.status, 303);
    assert_eq!(switch.header("location").as_deref(), Some("/console/admin"));
    let chosen = switch.header("set-cookie").unwrap();
    assert!(
        chosen.starts_with(&format!("{};", lang_cookie("en"))),
        "{chosen}"
    );

    for (path, vi, en) in IN_BOTH {
        let english = get_in(path, Some(&id), "en");
        assert_eq!(english.status, 200, "{path}: {}", english.body);
        assert!(english.body.contains("<html lang=\"en\">"), "{path}");
        assert!(english.body.contains(en), "{path}: {}", english.body);
        assert!(english.body.contains("Find accounts") && english.body.contains("Server health"));
        assert!(!english.body.contains(vi), "{path}");
        for word in DESK_VI {
            assert!(
                !english.body.contains(word),
                "{path}: {word}: {}",
                english.body
            );
        }
        // Without the choice (and with an English-only browser): Vietnamese, as before.
        let vietnamese = d.curl(
            path,
            Some(&id),
            &["-H".to_string(), "Accept-Language: en-US,en".to_string()],
        );
        assert_eq!(vietnamese.status, 200, "{path}");
        assert!(vietnamese.body.contains("<html lang=\"vi\">"), "{path}");
        assert!(vietnamese.body.contains(vi), "{path}: {}", vietnamese.body);
        assert!(vietnamese.body.contains("Tìm tài khoản"), "{path}");
        assert!(!vietnamese.body.contains(en), "{path}");
        // The same by the cookie that chose Vietnamese.
        assert!(get_in(path, Some(&id), "vi").body.contains(vi), "{path}");
    }
    // Figures and states in words: the health page's yes, an account's status and kind.
    let health = get_in("/console/admin/health", Some(&id), "en");
    assert!(
        health.body.contains("data-metric=\"govmail_up\">yes<"),
        "{}",
        health.body
    );
    let found = get_in("/console/admin?q=vanthu", Some(&id), "en");
    assert!(
        found.body.contains("Accounts found: 1") && found.body.contains(">active<"),
        "{}",
        found.body
    );
    let unit = get_in(
        "/console/admin/account?address=vanthu%40demo.gov.vn",
        Some(&id),
        "en",
    );
    assert!(
        unit.body.contains("unit mailbox") && unit.body.contains("unlimited"),
        "{}",
        unit.body
    );

    // A change answered in English: the quota note; the audit log is as in Vietnamese.
    let token = get_in("/console/admin/issue", Some(&id), "en").csrf();
    let set = d.curl(
        "/console/admin/quota",
        None,
        &[
            "-H".to_string(),
            format!("Cookie: __Host-govmail={id}; {}", lang_cookie("en")),
            "--data-urlencode".to_string(),
            format!("csrf={token}"),
            "--data-urlencode".to_string(),
            format!("address={USER}"),
            "--data-urlencode".to_string(),
            "size=2 GiB".to_string(),
            "--data-urlencode".to_string(),
            "messages=100".to_string(),
        ],
    );
    assert_eq!(set.status, 200, "{}", set.body);
    assert!(
        set.body.contains("Quota set: 2 GiB, 100 messages."),
        "{}",
        set.body
    );
    assert!(
        d.audit()
            .iter()
            .any(|e| e["action"] == "account.quota" && e["detail"] == "2 GiB, 100 thư")
    );

    // A non-administrator who chose English is refused in English.
    let user = d.login(USER);
    let refused = get_in("/console/admin/health", Some(&user), "en");
    assert_eq!(refused.status, 403);
    assert!(
        refused
            .body
            .contains("Only administrators may use this page."),
        "{}",
        refused.body
    );
    assert!(
        d.get("/console/admin/health", Some(&user))
            .body
            .contains("Chỉ quản trị viên")
    );
}

#[test]
fn admin_posts_without_the_csrf_token_are_refused() {
    let d = start();
    let id = d.login(ADMIN);
    let other = d.login(ADMIN);
    let others_token = d.token(&other, "/console/admin/issue");
    for (path, form) in actions() {
        assert_eq!(d.post(path, Some(&id), &form).status, 403, "{path}");
        let mut crossed = form.clone();
        crossed.push(("csrf", &others_token));
        assert_eq!(d.post(path, Some(&id), &crossed).status, 403, "{path}");
    }
    assert_eq!(d.upload(&id, None, GOOD_CSV).status, 403);
    assert_eq!(d.upload(&id, Some(&others_token), GOOD_CSV).status, 403);
    // With its own token but from another site.
    let token = d.token(&id, "/console/admin/issue");
    let forged = d.curl(
        "/console/admin/quota",
        Some(&id),
        &[
            "-H".into(),
            "Origin: https://evil.example".into(),
            "--data-urlencode".into(),
            format!("csrf={token}"),
            "--data-urlencode".into(),
            format!("address={USER}"),
            "--data-urlencode".into(),
            "size=1 MB".into(),
        ],
    );
    assert_eq!(forged.status, 403);
    let store = d.server.store();
    assert_eq!(d.accounts(), 3);
    assert_ne!(
        store.get_account(USER).unwrap().quota.bytes,
        Some(1_000_000)
    );
    assert_eq!(
        store.get_account(USER).unwrap().status,
        storage::AccountStatus::Active
    );
    assert!(store.grants_of_unit(UNIT).unwrap().is_empty());
}

#[test]
fn a_cookie_set_before_login_is_not_accepted_after() {
    let d = start();
    let planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let ok = d.login_as(ADMIN, PASSWORD, Some(planted));
    assert_eq!(ok.status, 303);
    let id = ok.session().unwrap();
    assert_ne!(id, planted);
    assert_eq!(d.get("/console/admin/health", Some(planted)).status, 303);
    assert_eq!(d.get("/console/admin/health", Some(&id)).status, 200);
    // A live session of someone else planted in the admin's browser is ended by the login.
    let attackers = d.login(USER);
    let ok = d.login_as(ADMIN, PASSWORD, Some(&attackers));
    let id = ok.session().unwrap();
    assert_ne!(id, attackers);
    assert_eq!(d.get("/console/admin/issue", Some(&attackers)).status, 303);
    assert_eq!(d.get("/console/admin/issue", Some(&id)).status, 200);
}

#[test]
fn one_account_is_issued_from_the_form_and_its_password_works_once_shown() {
    let d = start();
    let id = d.login(ADMIN);
    let token = d.token(&id, "/console/admin/issue");
    // An unknown agency: the CLI's message with a suggestion, nothing written.
    let refused = d.post(
        "/console/admin/issue",
        Some(&id),
        &[
            ("csrf", &token),
            ("full_name", "Hồ Thị Lan"),
            ("agency", "STTT"),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .unescaped()
            .contains("unknown agency code 'STTT'; did you mean: STTTT"),
        "{}",
        refused.body
    );
    assert_eq!(d.accounts(), 3);
    let issued = d.post(
        "/console/admin/issue",
        Some(&id),
        &[
            ("csrf", &token),
            ("full_name", "Hồ Thị Lan"),
            ("agency", "STTTT"),
            ("quota", "500 MiB"),
            ("domain", DOMAIN),
        ],
    );
    assert_eq!(issued.status, 200, "{}", issued.body);
    assert_eq!(issued.header("cache-control").as_deref(), Some("no-store"));
    assert!(issued.body.contains("lanht@demo.gov.vn"), "{}", issued.body);
    let at = issued.body.find("<span class=\"secret\">").unwrap() + 21;
    let password = &issued.body[at..at + issued.body[at..].find('<').unwrap()];
    let account = d.server.store().get_account("lanht@demo.gov.vn").unwrap();
    assert_eq!(account.display_name, "Hồ Thị Lan");
    assert_eq!(account.quota.bytes, Some(500 << 20));
    // The password shown logs in (and is nowhere else: the audit line has no password).
    assert_eq!(d.login_as("lanht@demo.gov.vn", password, None).status, 303);
    assert!(d.audited("account.issue", "lanht@demo.gov.vn"));
    assert!(!d.server.govmail(&["audit", "--json"]).contains(password));
}

/// The console's report of a bad list is the CLI's, row for row.
#[test]
fn a_bad_list_gets_the_clis_report_and_nothing_is_written() {
    let d = start();
    let id = d.login(ADMIN);
    let token = d.token(&id, "/console/admin/issue");
    let page = d.upload(&id, Some(&token), BAD_CSV);
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("Chưa tạo tài khoản nào"));
    assert_eq!(d.accounts(), 3, "nothing was written");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, BAD_CSV).unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["user", "import"])
        .arg(&file)
        .env("GOVMAIL_CONFIG", d.server.root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(!cli.status.success());
    let stderr = String::from_utf8(cli.stderr).unwrap();
    let cli_rows: Vec<(String, String)> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  line "))
        .map(|l| {
            let (n, reason) = l.split_once(": ").unwrap();
            (n.to_string(), reason.to_string())
        })
        .collect();
    assert_eq!(cli_rows.len(), 2, "{stderr}");
    assert_eq!((cli_rows[0].0.as_str(), cli_rows[1].0.as_str()), ("3", "4"));
    let text = page.unescaped();
    for (line, reason) in &cli_rows {
        let row = format!("<td class=\"line\">{line}</td><td class=\"name\">{reason}</td>");
        assert!(text.contains(&row), "{row} not in {}", page.body);
    }
    assert!(
        d.audit()
            .iter()
            .any(|e| e["action"] == "account.import.refused")
    );
}

/// The upload's own size limit (4 MiB, more than the console's 64 KiB for forms): a bigger
/// file is refused whole with a page that says so, and nothing is written.
#[test]
fn an_upload_over_the_limit_is_refused_and_one_under_it_is_read() {
    let d = start();
    let id = d.login(ADMIN);
    let token = d.token(&id, "/console/admin/issue");
    // 100 KiB of valid rows would not fit a plain form's limit; rows for an unknown agency
    // make it a report, not 1,500 accounts.
    let mut big = String::from("họ và tên,mã đơn vị\n");
    while big.len() < 100 * 1024 {
        big.push_str("Nguyễn Văn Thử Nghiệm,KHONGCO\n");
    }
    let report = d.upload(&id, Some(&token), &big);
    assert_eq!(
        report.status,
        422,
        "{}",
        &report.body[..report.body.len().min(2000)]
    );
    assert!(report.body.contains("unknown agency code"));
    let mut huge = big.clone();
    while huge.len() <= 4 * 1024 * 1024 {
        huge.push_str(&big);
    }
    let refused = d.upload(&id, Some(&token), &huge);
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert!(refused.body.contains("tối đa 4 MB"), "{}", refused.body);
    assert_eq!(d.accounts(), 3);
}

#[test]
fn quota_is_changed_and_audited() {
    let d = start();
    let id = d.login(ADMIN);
    let path = format!(
        "/console/admin/account?address={}",
        USER.replace('@', "%40")
    );
    let page = d.get(&path, Some(&id));
    assert_eq!(page.status, 200);
    let token = page.csrf();
    let bad = d.post(
        "/console/admin/quota",
        Some(&id),
        &[("csrf", &token), ("address", USER), ("size", "nhiều")],
    );
    assert_eq!(bad.status, 422);
    let done = d.post(
        "/console/admin/quota",
        Some(&id),
        &[
            ("csrf", &token),
            ("address", USER),
            ("size", "2 GiB"),
            ("messages", "50000"),
        ],
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Đã đặt hạn mức"));
    let quota = d.server.store().get_account(USER).unwrap().quota;
    assert_eq!(quota.bytes, Some(2 << 30));
    assert_eq!(quota.messages, Some(50_000));
    // The CLI sees the same.
    let shown = d.server.govmail(&["user", "quota", "show", USER]);
    assert!(shown.contains("of 2 GiB"), "{shown}");
    assert!(d.audited("account.quota", USER));
}

#[test]
fn unit_mailboxes_are_granted_and_revoked() {
    let d = start();
    let id = d.login(ADMIN);
    let token = d.token(&id, "/console/admin/account?address=vanthu%40demo.gov.vn");
    // A personal mailbox is not shared: the storage's own refusal.
    let refused = d.post(
        "/console/admin/grant",
        Some(&id),
        &[
            ("csrf", &token),
            ("address", ADMIN),
            ("unit", USER),
            ("grantee", ADMIN),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("personal mailbox"),
        "{}",
        refused.body
    );
    let granted = d.post(
        "/console/admin/grant",
        Some(&id),
        &[
            ("csrf", &token),
            ("address", UNIT),
            ("unit", UNIT),
            ("grantee", USER),
            ("read_only", "1"),
        ],
    );
    assert_eq!(granted.status, 200, "{}", granted.body);
    let grants = d.server.store().grants_of_unit(UNIT).unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].grantee, USER);
    assert!(grants[0].read_only);
    assert!(granted.body.contains("id=\"shared-with\""));
    assert!(
        d.server
            .govmail(&["user", "show", UNIT])
            .contains("ngocttb@demo.gov.vn (read-only)")
    );
    assert!(d.audited("grant.add", UNIT));
    let revoked = d.post(
        "/console/admin/revoke",
        Some(&id),
        &[
            ("csrf", &token),
            ("address", UNIT),
            ("unit", UNIT),
            ("grantee", USER),
        ],
    );
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    assert!(d.server.store().grants_of_unit(UNIT).unwrap().is_empty());
    assert!(d.audited("grant.revoke", UNIT));
}

/// Two secret-marked documents from outside: held in quarantine (as in smtp_e2e).
const SECRET: &str = r#"
import smtplib, sys
from email.message import EmailMessage
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
for n in (1, 2):
    m = EmailMessage()
    m["From"] = "vanthu@congan.danang.gov.vn"
    m["To"] = "ngocttb@demo.gov.vn"
    m["Subject"] = "[TỐI MẬT] Kế hoạch số 0%d/KH-CAT" % n
    m.set_content("Kính gửi: UBND tỉnh.\nCông an tỉnh gửi Kế hoạch số 0%d/KH-CAT.\n" % n)
    s.send_message(m)
s.quit()
"#;

#[test]
fn quarantined_mail_is_released_or_deleted() {
    let d = start();
    python(SECRET, &[&d.server.smtp_port.to_string()]);
    let held = d.server.store().quarantine_list().unwrap();
    assert_eq!(held.len(), 2);
    let (first, second) = (held[0].id.to_string(), held[1].id.to_string());
    let id = d.login(ADMIN);
    let page = d.get("/console/admin/quarantine", Some(&id));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("[TỐI MẬT] Kế hoạch số 01/KH-CAT"),
        "{}",
        page.body
    );
    assert!(page.body.contains(USER));
    let token = page.csrf();
    let released = d.post(
        "/console/admin/quarantine",
        Some(&id),
        &[("csrf", &token), ("id", &first), ("action", "release")],
    );
    assert_eq!(released.status, 200, "{}", released.body);
    assert!(released.body.contains("vào 1 hộp thư"), "{}", released.body);
    assert_eq!(d.server.subjects(USER), ["[TỐI MẬT] Kế hoạch số 01/KH-CAT"]);
    let deleted = d.post(
        "/console/admin/quarantine",
        Some(&id),
        &[("csrf", &token), ("id", &second), ("action", "delete")],
    );
    assert_eq!(deleted.status, 200);
    assert!(deleted.body.contains("quarantine-empty"));
    assert!(d.server.store().quarantine_list().unwrap().is_empty());
    assert_eq!(
        d.server.subjects(USER).len(),
        1,
        "the deleted one never arrives"
    );
    // Gone already: said so, not a server error.
    let again = d.post(
        "/console/admin/quarantine",
        Some(&id),
        &[("csrf", &token), ("id", &second), ("action", "release")],
    );
    assert_eq!(again.status, 422);
    assert!(d.audited("quarantine.release", &first));
    assert!(d.audited("quarantine.delete", &second));
    d.server.govmail(&["check"]);
}

/// One message for danang.gov.vn, whose route nobody answers.
const SUBMIT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
s.starttls(context=ctx)
s.login(sys.argv[2], sys.argv[3])
m = EmailMessage()
m["From"] = sys.argv[2]
m["To"] = "vanthu@danang.gov.vn"
m["Subject"] = "Công văn số 12/STTTT-VP"
m.set_content("Kính gửi: Văn phòng UBND thành phố Đà Nẵng\n")
s.send_message(m)
s.quit()
"#;

#[test]
fn queued_mail_is_retried_or_removed() {
    let d = start();
    python(
        SUBMIT,
        &[&d.server.submission_port.to_string(), ADMIN, PASSWORD],
    );
    let attempts = |d: &Desk| {
        d.server
            .store()
            .queue_list()
            .unwrap()
            .first()
            .map_or(0, |e| e.attempts)
    };
    d.server
        .wait_until("a failed attempt", |_| attempts(&d) >= 1);
    let entry = d.server.store().queue_list().unwrap().remove(0);
    assert!(
        entry.next_attempt > storage::now() + 3000,
        "the next try is an hour away"
    );
    let id = d.login(ADMIN);
    let page = d.get("/console/admin/queue", Some(&id));
    assert!(page.body.contains("vanthu@danang.gov.vn"), "{}", page.body);
    let token = page.csrf();
    let queued = entry.id.to_string();
    let retried = d.post(
        "/console/admin/queue",
        Some(&id),
        &[("csrf", &token), ("id", &queued), ("action", "retry")],
    );
    assert_eq!(retried.status, 200, "{}", retried.body);
    // Tried again at once (the hour was not waited for).
    d.server
        .wait_until("a second attempt", |_| attempts(&d) >= 2);
    let removed = d.post(
        "/console/admin/queue",
        Some(&id),
        &[("csrf", &token), ("id", &queued), ("action", "remove")],
    );
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(d.server.store().queue_list().unwrap().is_empty());
    assert!(removed.body.contains("queue-empty"));
    assert!(d.audited("queue.retry", &queued));
    assert!(d.audited("queue.remove", &queued));
}

#[test]
fn the_health_page_shows_the_metrics_certificate_and_disk() {
    let d = start();
    let id = d.login(ADMIN);
    let page = d.get("/console/admin/health", Some(&id));
    assert_eq!(page.status, 200, "{}", page.body);
    // The metrics endpoint's figures: three accounts, storage up, login counters.
    assert!(
        page.body.contains("data-metric=\"govmail_accounts\">3<"),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-metric=\"govmail_up\">có<"));
    assert!(page.body.contains("govmail_auth_successes_total"));
    // `govmail init`'s certificate: a year.
    let cert = d.server.root.join("tls/cert.pem");
    let openssl = Command::new("openssl")
        .args(["x509", "-noout", "-enddate", "-in"])
        .arg(&cert)
        .output()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    let end = String::from_utf8(openssl.stdout).unwrap();
    let year = end.trim().rsplit(' ').nth(1).unwrap().to_string();
    assert!(
        page.body.contains(&format!("/{year}, còn ")),
        "{end} {}",
        page.body
    );
    assert!(page.body.contains(&cert.display().to_string()));
    // The data directory's disk.
    assert!(page.body.contains("id=\"disk\""));
    assert!(page.body.contains("Cơ sở dữ liệu"));
    assert!(
        page.body
            .contains(&d.server.root.join("data").display().to_string())
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_administrator_imports_a_staff_list_in_headless_chromium() {
    let Some(browser) = chromium("the administrators' desk test") else {
        return;
    };
    let d = start();
    let shots = artifacts("console");
    let files = tempfile::tempdir().unwrap();
    let bad = write(files.path(), "danh-sach-loi.csv", BAD_CSV);
    let good = write(files.path(), "danh-sach.csv", GOOD_CSV);
    let base = format!("https://127.0.0.1:{}", d.https);
    let seen = browser_script(
        "console_admin_browser.py",
        &[&browser, &base, &ADMIN, &PASSWORD, &bad, &good, &shots],
    );
    assert_eq!(seen["after_login"]["path"], "/console", "{seen}");
    // The bad list: its two bad rows by line number, and nothing written.
    assert_eq!(seen["bad"]["path"], "/console/admin/import", "{seen}");
    let bad_text = seen["bad"]["text"].as_str().unwrap();
    assert!(bad_text.contains("Chưa tạo tài khoản nào"), "{seen}");
    let rows = seen["bad_rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{seen}");
    assert_eq!(rows[0][0], "3");
    assert!(
        rows[0][1]
            .as_str()
            .unwrap()
            .contains("unknown agency code 'KHONGCO'"),
        "{seen}"
    );
    assert_eq!(rows[1][0], "4");
    assert!(rows[1][1].as_str().unwrap().contains("quota"), "{seen}");
    // The good list: both issued, each with a password, in the directory.
    let issued = seen["issued"].as_array().unwrap();
    assert_eq!(issued.len(), 2, "{seen}");
    assert_eq!(issued[0][3], "moipv@demo.gov.vn", "{seen}");
    assert_eq!(issued[1][3], "hoadt@demo.gov.vn", "{seen}");
    assert_eq!(issued[0][4].as_str().unwrap().len(), 19, "{seen}");
    let store = d.server.store();
    assert_eq!(
        store.get_account("moipv@demo.gov.vn").unwrap().quota.bytes,
        Some(1_000_000_000)
    );
    assert_eq!(
        store.get_account("hoadt@demo.gov.vn").unwrap().display_name,
        "Đặng Thị Hoa"
    );
    assert!(d.audit().iter().any(|e| e["action"] == "account.import"
        && e["detail"].as_str().unwrap().contains("moipv@demo.gov.vn")));
    // Every page rendered for the administrator.
    for page in ["search", "account", "quarantine", "queue", "health"] {
        assert_eq!(
            seen[page]["path"]
                .as_str()
                .map(|p| p.starts_with("/console/admin")),
            Some(true),
            "{page}: {seen}"
        );
    }
    assert!(
        seen["health"]["text"]
            .as_str()
            .unwrap()
            .contains("Chứng chỉ TLS")
    );
    for name in [
        "admin-01-issue",
        "admin-02-import-errors",
        "admin-03-import-done",
        "admin-04-search",
        "admin-05-account",
        "admin-06-quarantine",
        "admin-07-queue",
        "admin-08-health",
    ] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 2000, "{name}");
    }
}
