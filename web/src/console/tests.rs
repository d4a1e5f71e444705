//! The console's routes in process (the HTTPS router over plain TCP, without TLS): sessions,
//! CSRF and roles as a browser meets them. tests/console_e2e.rs runs the real server.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;

use super::*;
use crate::{Domains, MailSettings};

const USER: &str = "annv@x.gov.vn";
const VIEWER: &str = "binh@x.gov.vn";
const PASSWORD: &str = "mật khẩu đúng rồi";

struct NoDomains;
impl Domains for NoDomains {
    fn serves(&self, _: &str) -> bool {
        false
    }
}

struct Running {
    addr: std::net::SocketAddr,
    store: Store,
    _dir: tempfile::TempDir,
}

async fn running() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
    store.add_domain("x.gov.vn").unwrap();
    store.add_agency("UB", "Ủy ban", None, Some(10)).unwrap();
    store.add_agency("SO", "Sở", Some("UB"), Some(4)).unwrap();
    store.add_agency("KHAC", "Sở khác", None, Some(4)).unwrap();
    for (address, agency) in [(USER, "SO"), (VIEWER, "SO")] {
        store
            .create_account(storage::NewAccount {
                address: address.into(),
                display_name: "Nguyễn Văn An".into(),
                agency_code: agency.into(),
                kind: storage::AccountKind::Personal,
                password_hash: storage::password::hash_generated(PASSWORD).unwrap(),
                quota: storage::Quota::default(),
            })
            .unwrap();
    }
    store
        .add_role(VIEWER, Role::ReportViewer, Some("SO"))
        .unwrap();
    let console = Console {
        store: store.clone(),
        logins: Arc::new(auth::Logins::new(
            auth::ThrottleConfig::default(),
            Arc::new(auth::PasswordPool::new(1)),
        )),
        sessions: Arc::new(auth::Sessions::new(auth::SessionConfig::default())),
        rule: RegularRule {
            weeks_percent: 75,
            target_percent: 85,
        },
        admin: admin::AdminSettings::default(),
        denials: Default::default(),
    };
    let web = Web {
        settings: MailSettings {
            hostname: "mail.x.gov.vn".into(),
            ..MailSettings::default()
        },
        domains: Arc::new(NoDomains),
        limits: crate::Limits::default(),
        acme: crate::acme::Challenges::default(),
        profile_signer: None,
        console: Some(Arc::new(console)),
    };
    let (tx, rx) = watch::channel(Arc::new(web));
    let router = crate::server::https_router(rx);
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let _tx = tx;
        let _ = axum::serve(socket, router).await;
    });
    Running {
        addr,
        store,
        _dir: dir,
    }
}

/// One request; the answer's head and body.
async fn request(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &str,
) -> (String, String) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {COOKIE}={c}\r\n"))
        .unwrap_or_default();
    let body = if method == "POST" {
        format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        )
    } else {
        "\r\n".into()
    };
    s.write_all(
        format!(
            "{method} {path} HTTP/1.1\r\nHost: mail.x.gov.vn\r\nConnection: close\r\n{cookie}{body}"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.to_string(), body.to_string())
}

fn session_of(head: &str) -> String {
    let at = head.find(&format!("{COOKIE}=")).unwrap() + COOKIE.len() + 1;
    head[at..at + head[at..].find(';').unwrap()].to_string()
}

fn csrf_of(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").unwrap() + 19;
    body[at..at + body[at..].find('"').unwrap()].to_string()
}

fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                            (b as char).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn login(addr: std::net::SocketAddr, user: &str) -> String {
    let form = form_encode(&[("address", user), ("password", PASSWORD)]);
    let (head, _) = request(addr, "POST", "/login", None, &form).await;
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
    session_of(&head)
}

#[tokio::test]
async fn every_page_needs_a_session_and_carries_the_security_headers() {
    let r = running().await;
    for path in [
        "/console",
        "/console/vacation",
        "/console/report",
        "/console/sent",
        "/console/admin",
    ] {
        let (head, _) = request(r.addr, "GET", path, None, "").await;
        assert!(head.starts_with("HTTP/1.1 303"), "{path}: {head}");
        assert!(head.contains("location: /login"), "{head}");
        let (head, _) = request(r.addr, "GET", path, Some("forged"), "").await;
        assert!(head.starts_with("HTTP/1.1 303"), "{path}: {head}");
    }
    let (head, body) = request(r.addr, "GET", "/login", None, "").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.contains(&format!("content-security-policy: {CSP}")),
        "{head}"
    );
    assert!(head.contains("x-content-type-options: nosniff"));
    assert!(head.contains("x-frame-options: DENY"));
    assert!(body.contains("<html lang=\"vi\">"));
    // The stylesheet is served by the console itself.
    let (head, css) = request(r.addr, "GET", "/console/console.css", None, "").await;
    assert!(head.contains("text/css") && css.contains("body{"), "{head}");
}

#[tokio::test]
async fn login_gives_a_new_strict_cookie_and_posts_need_the_token() {
    let r = running().await;
    let form = form_encode(&[("address", USER), ("password", PASSWORD)]);
    let (head, _) = request(r.addr, "POST", "/login", Some("planted"), &form).await;
    assert!(
        head.contains("Secure; HttpOnly; SameSite=Strict; Path=/"),
        "{head}"
    );
    let id = session_of(&head);
    assert_ne!(id, "planted");
    let (head, body) = request(r.addr, "GET", "/console/vacation", Some(&id), "").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let token = csrf_of(&body);
    let post = |pairs: &[(&str, &str)]| form_encode(pairs);
    let wanted = [("action", "on"), ("message", "Đi công tác")];
    let (head, _) = request(
        r.addr,
        "POST",
        "/console/vacation",
        Some(&id),
        &post(&wanted),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    let mut with = wanted.to_vec();
    with.push(("csrf", &token));
    let (head, body) = request(r.addr, "POST", "/console/vacation", Some(&id), &post(&with)).await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{body}");
    let account = r.store.get_account(USER).unwrap().id;
    let script = r.store.sieve_active(account).unwrap().unwrap();
    assert_eq!(script.name, "govmail");
    assert!(
        script.content.contains("vacation \"Đi công tác\";"),
        "{}",
        script.content
    );
    // A message too long for Sieve (over 16 KiB once percent-encoded, so over the listener's
    // limit for other requests) gets the page's own explanation, not a bare 413.
    let long = "Việt ữ ộ ệ ẩ ợ ắ ừ ".repeat(200);
    assert!(long.chars().count() <= 4000);
    let body = post(&[("csrf", &token), ("action", "on"), ("message", &long)]);
    assert!(body.len() > 16 * 1024, "{}", body.len());
    let (head, answer) = request(r.addr, "POST", "/console/vacation", Some(&id), &body).await;
    assert!(head.starts_with("HTTP/1.1 422"), "{head}\n{answer}");
    assert!(answer.contains("quá dài"), "{answer}");
    // Logout ends it.
    let (head, _) = request(
        r.addr,
        "POST",
        "/logout",
        Some(&id),
        &post(&[("csrf", &token)]),
    )
    .await;
    assert!(head.contains("Max-Age=0"), "{head}");
    let (head, _) = request(r.addr, "GET", "/console", Some(&id), "").await;
    assert!(head.starts_with("HTTP/1.1 303"), "{head}");
}

/// A civil servant sees the official documents they sent with each recipient's delivered
/// and read times, and nobody else's.
#[tokio::test]
async fn the_sent_documents_show_who_received_and_read_them() {
    let r = running().await;
    let at = storage::now();
    r.store.record_tracked_document(
        storage::NewDocument {
            at,
            direction: storage::Direction::Sent,
            doc_type: Some("giay-moi".into()),
            number: Some("45/GM-SO".into()),
            urgency: None,
            secrecy: None,
            mandatory: true,
            sender: USER.into(),
            sender_account: None,
            local_recipients: Vec::new(),
            external_recipients: 2,
            subject: Some("Họp giao ban tháng 12".into()),
            signatures: None,
        },
        storage::Tracking {
            message_id: Some("gm45@x.gov.vn".into()),
            copies: Vec::new(),
            remote: vec!["vanthu@khac.gov.vn".into(), "lan@khac.gov.vn".into()],
            receipts: storage::Receipts::None,
            follow_up: None,
        },
    );
    r.store.flush_usage().unwrap();
    // The other server reports lan@ read it.
    r.store.record_receipt(storage::ReceiptReport {
        original_message_id: "gm45@x.gov.vn".into(),
        to: USER.into(),
        recipients: vec!["lan@khac.gov.vn".into()],
        agency: Some("Sở khác".into()),
        read: true,
        at: at + 60,
    });
    r.store.flush_usage().unwrap();

    let user = login(r.addr, USER).await;
    let (head, body) = request(r.addr, "GET", "/console/sent", Some(&user), "").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(body.contains("Giấy mời số 45/GM-SO"), "{body}");
    assert!(body.contains("Họp giao ban tháng 12"), "{body}");
    let row = |address: &str| {
        let at = body
            .find(address)
            .unwrap_or_else(|| panic!("{address} in {body}"));
        body[at..at + body[at..].find("</tr>").unwrap()].to_string()
    };
    // lan@ read it (a time in the "Đã đọc" column); vanthu@ has neither time yet.
    assert_eq!(
        row("lan@khac.gov.vn").matches("—").count(),
        0,
        "{}",
        row("lan@khac.gov.vn")
    );
    assert!(row("lan@khac.gov.vn").contains("Sở khác"));
    assert_eq!(row("vanthu@khac.gov.vn").matches("—").count(), 3);

    let viewer = login(r.addr, VIEWER).await;
    let (head, body) = request(r.addr, "GET", "/console/sent", Some(&viewer), "").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!body.contains("45/GM-SO"), "{body}");
    assert!(body.contains("Chưa có văn bản nào"), "{body}");
}

#[tokio::test]
async fn roles_decide_what_the_dashboard_shows() {
    let r = running().await;
    let viewer = login(r.addr, VIEWER).await;
    let (head, body) = request(
        r.addr,
        "GET",
        "/console/report?agency=SO",
        Some(&viewer),
        "",
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{body}");
    assert!(body.contains("data-agency=\"SO\"") && !body.contains("data-agency=\"KHAC\""));
    let (head, _) = request(
        r.addr,
        "GET",
        "/console/report?agency=KHAC",
        Some(&viewer),
        "",
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    // The parent of one's agency is outside it too.
    let (head, _) = request(
        r.addr,
        "GET",
        "/console/report?agency=UB",
        Some(&viewer),
        "",
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    let denied = r
        .store
        .audit_log(&storage::AuditFilter {
            action: Some("report.denied".into()),
            ..storage::AuditFilter::default()
        })
        .unwrap();
    assert_eq!(denied.len(), 2);
    assert_eq!(denied[0].target.as_deref(), Some("UB"));
    let plain = login(r.addr, USER).await;
    let (head, _) = request(r.addr, "GET", "/console/report", Some(&plain), "").await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    let (head, _) = request(r.addr, "GET", "/console/admin?q=an", Some(&plain), "").await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    // A role given while logged in counts at the next page.
    r.store.add_role(USER, Role::Admin, None).unwrap();
    let (head, body) = request(
        r.addr,
        "GET",
        "/console/admin?q=nguyen%20van",
        Some(&plain),
        "",
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(body.contains(VIEWER), "found without diacritics: {body}");
}

/// The console is on the HTTPS listener only: over plain HTTP, its paths redirect to HTTPS.
#[tokio::test]
async fn plain_http_only_redirects_to_the_console() {
    let web = Web {
        settings: MailSettings {
            hostname: "mail.x.gov.vn".into(),
            https: Some(8443),
            ..MailSettings::default()
        },
        domains: Arc::new(NoDomains),
        limits: crate::Limits::default(),
        acme: crate::acme::Challenges::default(),
        profile_signer: None,
        console: None,
    };
    let (_tx, rx) = watch::channel(Arc::new(web));
    let socket = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = socket.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(socket, crate::server::http_router(rx)).await;
    });
    let form = form_encode(&[("address", USER), ("password", PASSWORD)]);
    for (method, path) in [("GET", "/login"), ("POST", "/login"), ("GET", "/console")] {
        let (head, _) = request(addr, method, path, None, &form).await;
        assert!(head.starts_with("HTTP/1.1 308"), "{method} {path}: {head}");
        assert!(
            head.contains(&format!("location: https://mail.x.gov.vn:8443{path}")),
            "{head}"
        );
        assert!(!head.contains(COOKIE), "{head}");
    }
}

#[test]
fn cookies_are_read_among_others() {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::COOKIE,
        HeaderValue::from_static("a=1; __Host-govmail=abc; b=2"),
    );
    assert_eq!(session_cookie(&headers).as_deref(), Some("abc"));
    headers.insert(header::COOKIE, HeaderValue::from_static("govmail=abc"));
    assert_eq!(session_cookie(&headers), None);
}

#[test]
fn origins_must_match_the_host_when_sent() {
    let mut headers = HeaderMap::new();
    headers.insert(header::HOST, HeaderValue::from_static("mail.x.gov.vn:8443"));
    assert!(same_origin(&headers));
    headers.insert(
        header::ORIGIN,
        HeaderValue::from_static("https://mail.x.gov.vn:8443"),
    );
    assert!(same_origin(&headers));
    headers.insert(
        header::ORIGIN,
        HeaderValue::from_static("https://evil.example"),
    );
    assert!(!same_origin(&headers));
    headers.insert(
        header::ORIGIN,
        HeaderValue::from_static("http://mail.x.gov.vn:8443"),
    );
    assert!(!same_origin(&headers));
}

#[tokio::test]
async fn a_reloaded_forbidden_page_is_written_a_bounded_number_of_times() {
    let r = running().await;
    let plain = login(r.addr, USER).await;
    for _ in 0..(denials::LINES_PER_WINDOW + 5) {
        let (head, _) = request(r.addr, "GET", "/console/admin?q=an", Some(&plain), "").await;
        assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    }
    let denied = r
        .store
        .audit_log(&storage::AuditFilter {
            action: Some("admin.denied".into()),
            ..storage::AuditFilter::default()
        })
        .unwrap();
    assert_eq!(denied.len(), denials::LINES_PER_WINDOW as usize);
    assert!(denied.iter().all(|d| d.actor == USER));
}
