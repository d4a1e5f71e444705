//! The web console (issue 25) of a real `govmail serve`, over TLS on its HTTPS listener,
//! driven by curl (the server's certificate as the trusted CA), sieve-connect (a ManageSieve
//! client), Python's imaplib, and headless Chromium through the DevTools protocol
//! (tests/clients/console_browser.py), which saves a screenshot of each page into the
//! artifacts directory ($GOVMAIL_ARTIFACTS, else target/tmp/artifacts). curl, python3,
//! sieve-connect and chromium are required in CI (CI=true): a missing one fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};

use common::https::{Fetched, Https};
use common::{PASSWORD, Server, artifacts, browser_script, chromium, free_port};

const DOMAIN: &str = "demo.gov.vn";
const HOST: &str = "mail.demo.gov.vn";
const ANNV: &str = "annv@demo.gov.vn";
const NGOCTTB: &str = "ngocttb@demo.gov.vn";

struct Console {
    server: Server,
    https: u16,
    sieve: u16,
}

/// A server with the HTTPS and ManageSieve listeners; STTTT has a sub-unit STTTT-VP, and
/// another Sở (SNV) stands beside it; ngocttb@ views STTTT's reports.
fn start() -> Console {
    let (https, sieve) = (free_port(), free_port());
    let server = Server::start(DOMAIN, |config| {
        config.replacen(
            "[accounts]",
            &format!(
                "https = \"127.0.0.1:{https}\"\nmanagesieve = \"127.0.0.1:{sieve}\"\n\n[accounts]"
            ),
            1,
        )
    });
    server.govmail(&["agency", "headcount", "STTTT", "10"]);
    server.govmail(&[
        "agency",
        "add",
        "STTTT-VP",
        "Văn phòng Sở",
        "--parent",
        "STTTT",
    ]);
    server.govmail(&["agency", "add", "SNV", "Sở Nội vụ", "--headcount", "5"]);
    server.govmail(&[
        "user",
        "role",
        "add",
        NGOCTTB,
        "report-viewer",
        "--agency",
        "STTTT",
    ]);
    Console {
        server,
        https,
        sieve,
    }
}

impl Console {
    /// `curl` to the console: `cookie` the session id (if any), `form` fields to POST.
    fn fetch(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
        extra: &[&str],
    ) -> Fetched {
        let https = Https {
            host: HOST,
            port: self.https,
            root: &self.server.root,
        };
        https.post(path, cookie, form, extra)
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Fetched {
        self.fetch(path, cookie, &[], &[])
    }

    /// Logs in and returns the new session id.
    fn login(&self, address: &str) -> String {
        let answer = self.fetch(
            "/login",
            None,
            &[("address", address), ("password", PASSWORD)],
            &[],
        );
        assert_eq!(answer.status, 303, "{answer:?}");
        answer.session().expect("a session cookie")
    }

    fn audit(&self) -> serde_json::Value {
        serde_json::from_str(&self.server.govmail(&["audit", "--json"])).unwrap()
    }
}

#[test]
fn pages_need_a_session_and_login_makes_a_fresh_one() {
    let c = start();
    for path in [
        "/console",
        "/console/vacation",
        "/console/password",
        "/console/report",
    ] {
        let answer = c.get(path, None);
        assert_eq!(answer.status, 303, "{path}");
        assert_eq!(
            answer.header("location").as_deref(),
            Some("/login"),
            "{path}"
        );
    }
    let login = c.get("/login", None);
    assert_eq!(login.status, 200);
    let csp = login.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(
        login.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert!(login.header("referrer-policy").is_some());
    assert!(
        !login.body.contains("<script") && !login.body.contains("style="),
        "no inline script or style"
    );
    assert!(login.body.contains("Đăng nhập"));

    // Wrong password: no session.
    let wrong = c.fetch(
        "/login",
        None,
        &[("address", ANNV), ("password", "sai-mật-khẩu")],
        &[],
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.session().is_none());
    assert!(wrong.body.contains("Sai địa chỉ thư hoặc mật khẩu"));

    // An id planted before login (session fixation) is replaced, not promoted: neither a
    // made-up one nor a live one (the attacker's own session, planted in the victim's
    // browser), which the login ends.
    let planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let attackers = c.login(NGOCTTB);
    for planted in [planted, attackers.as_str()] {
        let ok = c.fetch(
            "/login",
            Some(planted),
            &[("address", "AnNV@Demo.gov.vn"), ("password", PASSWORD)],
            &[],
        );
        assert_eq!(ok.status, 303);
        let cookie = ok.header("set-cookie").unwrap();
        for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        let id = ok.session().unwrap();
        assert_ne!(id, planted);
        assert!(id.len() >= 43, "{id}");
        assert_eq!(
            c.get("/console", Some(planted)).status,
            303,
            "the planted id is dead"
        );
    }
    let id = c.login(ANNV);
    let home = c.get("/console", Some(&id));
    assert_eq!(home.status, 200);
    assert!(home.body.contains(ANNV) && home.body.contains("Dung lượng hộp thư"));
    // A second login gets another id.
    assert_ne!(c.login(ANNV), id);

    // Logout needs the token; afterwards the id is dead.
    assert_eq!(
        c.fetch("/logout", Some(&id), &[("x", "y")], &[]).status,
        403
    );
    assert_eq!(c.get("/console", Some(&id)).status, 200);
    let csrf = home.csrf();
    let out = c.fetch("/logout", Some(&id), &[("csrf", &csrf)], &[]);
    assert_eq!(out.status, 303);
    assert_eq!(c.get("/console", Some(&id)).status, 303);

    // The plain-HTTP side has no console: every page is over TLS.
    let audit = c.audit();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "session.login"
                && e["actor"] == ANNV
                && e["source"] == "127.0.0.1"),
        "{audit}"
    );
}

#[test]
fn posts_without_the_csrf_token_are_refused() {
    let c = start();
    let id = c.login(ANNV);
    let page = c.get("/console/vacation", Some(&id));
    let token = page.csrf();
    let form = [
        ("action", "on"),
        ("subject", "Vắng"),
        ("message", "Đi công tác"),
    ];
    let without = c.fetch("/console/vacation", Some(&id), &form, &[]);
    assert_eq!(without.status, 403, "{without:?}");
    let mut wrong = form.to_vec();
    wrong.push(("csrf", "not-the-token"));
    assert_eq!(
        c.fetch("/console/vacation", Some(&id), &wrong, &[]).status,
        403
    );
    // From another site, even with the token.
    let mut right = form.to_vec();
    right.push(("csrf", &token));
    let other_site = c.fetch(
        "/console/vacation",
        Some(&id),
        &right,
        &["-H", "Origin: https://evil.example"],
    );
    assert_eq!(other_site.status, 403);
    let account = c.server.store().get_account(ANNV).unwrap().id;
    assert!(
        c.server.store().sieve_active(account).unwrap().is_none(),
        "nothing stored"
    );
    // Another session's token is not this one's.
    let other = c.login(ANNV);
    let other_token = c.get("/console/vacation", Some(&other)).csrf();
    assert_ne!(other_token, token);
    let mut crossed = form.to_vec();
    crossed.push(("csrf", &other_token));
    assert_eq!(
        c.fetch("/console/vacation", Some(&id), &crossed, &[])
            .status,
        403
    );
    // With its own token it goes through.
    assert_eq!(
        c.fetch("/console/vacation", Some(&id), &right, &[]).status,
        200
    );
    assert!(c.server.store().sieve_active(account).unwrap().is_some());
}

#[test]
fn failed_web_logins_count_towards_the_imap_lockout() {
    let c = start();
    // IMAP works first.
    let imap = |password: &str| -> String {
        let script = r#"
import imaplib, ssl, sys
try:
    m = imaplib.IMAP4_SSL("127.0.0.1", int(sys.argv[1]), ssl_context=ssl._create_unverified_context())
    m.login(sys.argv[2], sys.argv[3])
    print("OK")
    m.logout()
except imaplib.IMAP4.error as e:
    print("NO", e)
"#;
        let out = Command::new("python3")
            .args([
                "-c",
                script,
                &c.server.imaps_port.to_string(),
                ANNV,
                password,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // Over IMAPS (LOGIN is refused before TLS).
    let before = imap(PASSWORD);
    assert!(before.starts_with("OK"), "{before}");
    // Twelve wrong passwords on the web at once (the throttle's pair limit is 10).
    let threads: Vec<_> = (0..12)
        .map(|i| {
            let (https, cert) = (c.https, c.server.root.join("tls/cert.pem"));
            std::thread::spawn(move || {
                let out = Command::new("curl")
                    .args([
                        "-sS",
                        "--max-time",
                        "60",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                    ])
                    .args([
                        "--resolve",
                        &format!("{HOST}:{https}:127.0.0.1"),
                        "--cacert",
                    ])
                    .arg(&cert)
                    .args(["--data-urlencode", &format!("address={ANNV}")])
                    .args(["--data-urlencode", &format!("password=đoán-sai-{i}")])
                    .arg(format!("https://{HOST}:{https}/login"))
                    .output()
                    .unwrap();
                String::from_utf8_lossy(&out.stdout).to_string()
            })
        })
        .collect();
    let codes: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(codes.iter().all(|c| c == "401" || c == "429"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "429"), "{codes:?}");
    // The right password over IMAP is now refused from this address: one throttle.
    let after = imap(PASSWORD);
    assert!(after.starts_with("NO"), "{after}");
    // And the web login too, with the lockout's own message.
    let web = c.fetch(
        "/login",
        None,
        &[("address", ANNV), ("password", PASSWORD)],
        &[],
    );
    assert_eq!(web.status, 429, "{web:?}");
    assert!(web.body.contains("thử lại sau"));
}

#[test]
fn a_report_viewer_sees_only_their_subtree_and_trespassing_is_audited() {
    let c = start();
    let viewer = c.login(NGOCTTB);
    let own = c.get("/console/report", Some(&viewer));
    assert_eq!(own.status, 200, "{}", own.body);
    assert!(
        own.body.contains("<svg") && own.body.contains("mục tiêu 85%"),
        "{}",
        own.body
    );
    assert!(
        own.body.contains("data-agency=\"STTTT\"") && own.body.contains("data-agency=\"STTTT-VP\"")
    );
    assert!(
        !own.body.contains("data-agency=\"SNV\""),
        "only the viewer's subtree"
    );
    // Below the target (nobody used mail yet): marked.
    assert!(own.body.contains("dưới mục tiêu"));
    let sub = c.get("/console/report?agency=STTTT-VP&period=2026", Some(&viewer));
    assert_eq!(sub.status, 200);
    // Another Sở, by editing the URL: 403, and written down.
    let other = c.get("/console/report?agency=SNV", Some(&viewer));
    assert_eq!(other.status, 403, "{}", other.body);
    assert!(other.body.contains("không có quyền"));
    assert_eq!(
        c.get("/console/report?agency=KHONG-CO", Some(&viewer))
            .status,
        403
    );
    let audit = c.audit();
    let denied: Vec<_> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "report.denied")
        .collect();
    assert_eq!(denied.len(), 2, "{audit}");
    assert_eq!(denied[1]["actor"], NGOCTTB);
    assert_eq!(denied[1]["target"], "SNV");
    assert_eq!(denied[1]["source"], "127.0.0.1");
    // The month-by-month trend, once addresses are older than a month: issued 70 days ago.
    let now = storage::now();
    let conn = rusqlite::Connection::open(c.server.root.join("data").join("govmail.db")).unwrap();
    conn.execute("UPDATE accounts SET created_at = ?1", [now - 70 * 86_400])
        .unwrap();
    drop(conn);
    let day = |unix: i64| {
        let t = storage::VnTime::from_unix(unix);
        format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
    };
    let period = format!("{}..{}", day(now - 70 * 86_400), day(now));
    let trend = c.get(
        &format!("/console/report?agency=STTTT&period={period}"),
        Some(&viewer),
    );
    assert_eq!(trend.status, 200, "{}", trend.body);
    assert!(
        trend.body.contains("id=\"trend\"") && trend.body.contains("<polyline"),
        "{}",
        trend.body
    );
    let listed = c.server.govmail(&["audit", "--actor", NGOCTTB]);
    assert!(
        listed.contains("report.denied") && listed.contains("SNV"),
        "{listed}"
    );
    // Without any report role: 403 too.
    let plain = c.login(ANNV);
    assert_eq!(c.get("/console/report", Some(&plain)).status, 403);
    // An administrator sees everything.
    c.server.govmail(&["user", "role", "add", ANNV, "admin"]);
    let all = c.get("/console/report?agency=SNV", Some(&plain));
    assert_eq!(all.status, 200);
}

/// sieve-connect as annv: returns (success, output).
fn sieve_connect(port: u16, args: &[&str]) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new("sieve-connect")
        .args(["-s", "127.0.0.1", "-p", &port.to_string(), "-u", ANNV])
        .args(["--notlsverify", "--passwordfd", "0"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("sieve-connect is required (apt-get install sieve-connect): {e}")
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn an_out_of_office_set_on_the_web_is_seen_over_managesieve() {
    let c = start();
    let dir = c.server.root.clone();
    // The user's own filter, uploaded with a ManageSieve client.
    let own = "require [\"fileinto\"];\nif header :contains \"subject\" \"Khẩn\" {\n    fileinto \"Khẩn\";\n}\n";
    let file = dir.join("own.sieve");
    std::fs::write(&file, own).unwrap();
    let (ok, out) = sieve_connect(
        c.sieve,
        &[
            "--upload",
            "--localsieve",
            file.to_str().unwrap(),
            "--remotesieve",
            "Lọc thư",
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = sieve_connect(c.sieve, &["--activate", "--remotesieve", "Lọc thư"]);
    assert!(ok, "{out}");

    let id = c.login(ANNV);
    let token = c.get("/console/vacation", Some(&id)).csrf();
    let saved = c.fetch(
        "/console/vacation",
        Some(&id),
        &[
            ("csrf", &token),
            ("action", "on"),
            ("from", "2026-12-10"),
            ("to", "2026-12-20"),
            ("subject", "Đang đi công tác"),
            (
                "message",
                "Tôi đi công tác đến hết 20/12.\r\nViệc gấp xin gọi văn thư.",
            ),
        ],
        &[],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("Đã bật trả lời tự động"));
    // Dates in the wrong order are refused in Vietnamese.
    let bad = c.fetch(
        "/console/vacation",
        Some(&id),
        &[
            ("csrf", &token),
            ("action", "on"),
            ("from", "2026-12-20"),
            ("to", "2026-12-01"),
            ("message", "x"),
        ],
        &[],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Ngày kết thúc phải sau"));

    // The ManageSieve client sees the same script, active, with both parts.
    let (ok, out) = sieve_connect(c.sieve, &["--list"]);
    assert!(ok && out.contains("Lọc thư"), "{out}");
    let back = dir.join("back.sieve");
    let (ok, out) = sieve_connect(
        c.sieve,
        &[
            "--download",
            "--remotesieve",
            "Lọc thư",
            "--localsieve",
            back.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}");
    let script = std::fs::read_to_string(&back).unwrap();
    assert!(
        script.starts_with("require [\"fileinto\"];\n# BEGIN govmail out-of-office"),
        "{script}"
    );
    assert!(
        script.contains("vacation :subject \"Đang đi công tác\""),
        "{script}"
    );
    assert!(
        script.contains("currentdate :zone \"+0700\" :value \"ge\" \"date\" \"2026-12-10\""),
        "{script}"
    );
    assert!(
        script.contains("currentdate :zone \"+0700\" :value \"le\" \"date\" \"2026-12-20\""),
        "{script}"
    );
    assert!(
        script.contains("fileinto \"Khẩn\";"),
        "the user's own rule is kept: {script}"
    );
    // The page reads it back.
    let page = c.get("/console/vacation", Some(&id));
    assert!(
        page.body.contains("từ ngày 2026-12-10") && page.body.contains("đến hết ngày 2026-12-20"),
        "{}",
        page.body
    );
    // Turned off on the web: the user's part stays as uploaded.
    let off = c.fetch(
        "/console/vacation",
        Some(&id),
        &[("csrf", &token), ("action", "off")],
        &[],
    );
    assert_eq!(off.status, 200);
    let (ok, out) = sieve_connect(
        c.sieve,
        &[
            "--download",
            "--remotesieve",
            "Lọc thư",
            "--localsieve",
            back.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(std::fs::read_to_string(&back).unwrap(), own);
    let audit = c.audit();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "vacation.set")
            .count()
            == 2,
        "{audit}"
    );
}

#[test]
fn passwords_are_changed_under_the_policy() {
    let c = start();
    let id = c.login(ANNV);
    let other = c.login(ANNV);
    let token = c.get("/console/password", Some(&id)).csrf();
    let try_new = |new: &str, current: &str| {
        c.fetch(
            "/console/password",
            Some(&id),
            &[
                ("csrf", &token),
                ("current", current),
                ("new", new),
                ("confirm", new),
            ],
            &[],
        )
    };
    for (new, reason) in [
        ("ngắn", "ít nhất 10 ký tự"),
        ("annv-hai-không-hai-sáu", "không được chứa tên hộp thư"),
        ("123456a@", "ít nhất 10 ký tự"),
        ("matkhau@123", "quá phổ biến"),
        ("P@ssw0rd123", "quá phổ biến"),
    ] {
        let answer = try_new(new, PASSWORD);
        assert_eq!(answer.status, 422, "{new}");
        assert!(answer.body.contains(reason), "{new}: {}", answer.body);
    }
    assert_eq!(try_new("hoa sen nở muộn", "không-phải").status, 403);
    let done = try_new("hoa sen nở muộn", PASSWORD);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Đã đổi mật khẩu"));
    // The other session is over; this one goes on; the new password logs in.
    assert_eq!(c.get("/console", Some(&other)).status, 303);
    assert_eq!(c.get("/console", Some(&id)).status, 200);
    let again = c.fetch(
        "/login",
        None,
        &[("address", ANNV), ("password", "hoa sen nở muộn")],
        &[],
    );
    assert_eq!(again.status, 303);
}

#[test]
fn administrators_find_suspend_and_reset() {
    let c = start();
    c.server.govmail(&["user", "role", "add", ANNV, "admin"]);
    let err = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["user", "role", "add", NGOCTTB, "giam-doc"])
        .env("GOVMAIL_CONFIG", c.server.root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("the roles are admin (quản trị viên"));
    let roles = c.server.govmail(&["user", "role", "list"]);
    assert!(
        roles.contains("report-viewer") && roles.contains("admin"),
        "{roles}"
    );

    let admin = c.login(ANNV);
    let found = c.get("/console/admin?q=tran%20thi%20bich", Some(&admin));
    assert_eq!(found.status, 200);
    assert!(found.body.contains("Trần Thị Bích Ngọc"), "{}", found.body);
    let token = found.csrf();
    let viewer = c.login(NGOCTTB);
    // The viewer is not an administrator.
    assert_eq!(c.get("/console/admin?q=a", Some(&viewer)).status, 403);
    let suspended = c.fetch(
        "/console/admin/status",
        Some(&admin),
        &[
            ("csrf", &token),
            ("address", NGOCTTB),
            ("action", "suspend"),
        ],
        &[],
    );
    assert_eq!(suspended.status, 200, "{}", suspended.body);
    assert_eq!(
        c.get("/console", Some(&viewer)).status,
        303,
        "a suspended account is out"
    );
    c.fetch(
        "/console/admin/status",
        Some(&admin),
        &[("csrf", &token), ("address", NGOCTTB), ("action", "resume")],
        &[],
    );
    let reset = c.fetch(
        "/console/admin/reset",
        Some(&admin),
        &[("csrf", &token), ("address", NGOCTTB)],
        &[],
    );
    assert_eq!(reset.status, 200);
    let at = reset.body.find("id=\"new-password\">").unwrap() + 18;
    let password = &reset.body[at..at + reset.body[at..].find('<').unwrap()];
    let login = c.fetch(
        "/login",
        None,
        &[("address", NGOCTTB), ("password", password)],
        &[],
    );
    assert_eq!(login.status, 303);
    // A removed account is not brought back from the web (even by a crafted POST).
    c.server.govmail(&[
        "user",
        "add",
        "Lê Văn Cường",
        "--agency",
        "STTTT",
        "--address",
        "cuonglv",
    ]);
    c.server.govmail(&["user", "remove", "cuonglv@demo.gov.vn"]);
    let back = c.fetch(
        "/console/admin/status",
        Some(&admin),
        &[
            ("csrf", &token),
            ("address", "cuonglv@demo.gov.vn"),
            ("action", "resume"),
        ],
        &[],
    );
    assert_eq!(back.status, 404);
    let store = c.server.store();
    assert_eq!(
        store.get_account("cuonglv@demo.gov.vn").unwrap().status,
        storage::AccountStatus::Removed
    );
    drop(store);
    let audit = c.audit();
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == ANNV)
        .filter_map(|e| e["action"].as_str())
        .collect();
    for wanted in ["account.suspend", "account.resume", "password.reset"] {
        assert!(actions.contains(&wanted), "{actions:?}");
    }
}

#[test]
fn login_and_out_of_office_in_headless_chromium() {
    let Some(browser) = chromium("the web console test") else {
        return;
    };
    let c = start();
    let shots = artifacts("console");
    let base = format!("https://127.0.0.1:{}", c.https);
    let seen = browser_script(
        "console_browser.py",
        &[&browser, &base, &NGOCTTB, &PASSWORD, &shots],
    );
    assert_eq!(seen["no_session"]["path"], "/login", "{seen}");
    assert_eq!(seen["after_login"]["path"], "/console", "{seen}");
    assert!(
        seen["after_login"]["text"]
            .as_str()
            .unwrap()
            .contains("Xin chào, Trần Thị Bích Ngọc"),
        "{seen}"
    );
    // HttpOnly: the page's own script cannot read the session cookie.
    assert_eq!(seen["after_login"]["cookie"], "", "{seen}");
    // The stylesheet loaded despite the CSP (served by the app itself).
    assert!(
        seen["after_login"]["css"][0].as_u64().unwrap() > 10,
        "{seen}"
    );
    assert!(
        seen["vacation_saved"]["text"]
            .as_str()
            .unwrap()
            .contains("Đã bật trả lời tự động"),
        "{seen}"
    );
    assert_eq!(seen["report"]["path"], "/console/report");
    assert!(seen["report_bars"].as_u64().unwrap() >= 1, "{seen}");
    for name in [
        "01-login",
        "02-home",
        "03-password",
        "04-vacation",
        "05-report",
    ] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 2000, "{name}");
    }
    // The browser's out-of-office reached the user's active script.
    let store = c.server.store();
    let account = store.get_account(NGOCTTB).unwrap().id;
    let script = store.sieve_active(account).unwrap().unwrap();
    assert!(
        script
            .content
            .contains("vacation :subject \"Đang đi công tác\""),
        "{}",
        script.content
    );
    assert!(script.content.contains("\"2026-12-10\"") && script.content.contains("\"2026-12-20\""));
}
