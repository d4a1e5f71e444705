//! The usage report against a data set built here, with every figure worked out by hand: a
//! three-level agency tree, accounts active on chosen days of a four-week period, documents
//! in the exchange register. JSON and CSV are checked field by field at every level; the HTML
//! page is rendered in headless Chromium, measured, printed to PDF and photographed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{chromium, govmail};
use serde_json::{Value, json};
use storage::UsageCounter::*;

const DOMAIN: &str = "quangngai.gov.vn";

/// The tree (code, name, parent, headcount):
///
/// UBND (10) ─┬─ SO-A (6) ── PHONG-A1 (4)
///            └─ SO-B (no headcount)
const AGENCIES: &[(&str, &str, Option<&str>, Option<u32>)] = &[
    ("UBND", "Ủy ban nhân dân tỉnh", None, Some(10)),
    ("SO-A", "Sở Tài chính", Some("UBND"), Some(6)),
    ("PHONG-A1", "Phòng Ngân sách", Some("SO-A"), Some(4)),
    ("SO-B", "Sở Tư pháp", Some("UBND"), None),
];

struct DataSet {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// First and last day of the period (Vietnam days since 1970).
    from: i64,
    to: i64,
}

fn date(day: i64) -> String {
    let t = storage::VnTime::from_unix(day * 86_400);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// Builds the data set. The period is the four weeks ending today (addresses count as issued
/// only once they exist, and they are made now); week k is days from+7k .. from+7k+6.
fn build() -> DataSet {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("srv");
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["init", root.to_str().unwrap(), "--domain", DOMAIN])
        .output()
        .unwrap();
    assert!(out.status.success());
    for (code, name, parent, headcount) in AGENCIES {
        let mut args = vec!["agency", "add", code, name];
        if let Some(p) = parent {
            args.extend(["--parent", p]);
        }
        let h = headcount.map(|h| h.to_string());
        if let Some(h) = &h {
            args.extend(["--headcount", h]);
        }
        govmail(&root, &args);
    }
    // Personal accounts, and one unit mailbox (not a personal address: never "issued").
    for (name, agency) in [
        ("Nguyễn Văn Một", "UBND"),
        ("Trần Thị Hai", "SO-A"),
        ("Lê Văn Ba", "SO-A"),
        ("Phạm Thị Bốn", "SO-A"),
        ("Hoàng Văn Năm", "PHONG-A1"),
        ("Võ Thị Sáu", "PHONG-A1"),
        ("Đặng Văn Bảy", "SO-B"),
    ] {
        govmail(&root, &["user", "add", name, "--agency", agency]);
    }
    govmail(
        &root,
        &[
            "user",
            "add",
            "Văn thư Phòng Ngân sách",
            "--agency",
            "PHONG-A1",
            "--address",
            &format!("vanthu@{DOMAIN}"),
            "--unit",
        ],
    );
    let to = storage::vn_day(storage::now());
    let from = to - 27;
    let store = storage::Store::open(&root.join("data"), storage::OpenMode::MustExist).unwrap();
    let id = |local: &str| store.get_account(&format!("{local}@{DOMAIN}")).unwrap().id;
    let (mot, hai, ba) = (id("motnv"), id("haitt"), id("balv"));
    id("bonpt"); // issued, never used
    let (nam, sau, bay, vanthu) = (id("namhv"), id("sauvt"), id("baydv"), id("vanthu"));
    let add = |day: i64, counts: Vec<(i64, storage::UsageCounter, u64)>| {
        store.add_usage(day, counts).unwrap();
    };
    // motnv (UBND): an IMAP login in each of the 4 weeks: regular. Mail sent the day before
    // the period does not count.
    for week in 0..4 {
        add(from + 7 * week + 1, vec![(mot, LoginImap, 1)]);
    }
    add(from - 1, vec![(mot, Sent, 5), (mot, LoginImap, 1)]);
    // haitt (SO-A): sends 2 messages in weeks 0, 1, 2: active 3 of 4 weeks = 75%: regular.
    for week in 0..3 {
        add(from + 7 * week + 2, vec![(hai, Sent, 2)]);
    }
    // balv (SO-A): submission logins twice in week 0 and once in week 1: active, not regular;
    // receives 3.
    add(from + 3, vec![(ba, LoginSmtp, 1), (ba, Received, 3)]);
    add(from + 4, vec![(ba, LoginSmtp, 1)]);
    add(from + 10, vec![(ba, LoginSmtp, 1)]);
    // bonpt (SO-A): nothing at all.
    // namhv (PHONG-A1): a POP3 login every week (regular); sends 2 official documents; one
    // secret-marked attempt refused.
    for week in 0..4 {
        add(from + 7 * week, vec![(nam, LoginPop3, 1)]);
    }
    add(from, vec![(nam, Sent, 2), (nam, OfficialSent, 2)]);
    add(from + 5, vec![(nam, SecretRefused, 1)]);
    // sauvt (PHONG-A1): only receives (7, of which 2 official): not active.
    add(
        from + 6,
        vec![(sau, Received, 7), (sau, OfficialReceived, 2)],
    );
    // The unit mailbox sends one message: counted in "sent", never as a user.
    add(from + 1, vec![(vanthu, Sent, 1), (vanthu, LoginImap, 3)]);
    // baydv (SO-B): a ManageSieve login in week 2 only.
    add(from + 20, vec![(bay, LoginSieve, 1)]);
    // The exchange register: mandatory documents sent by SO-A (2 invitations) and PHONG-A1 (1
    // report), a non-mandatory one, one received, and one sent before the period.
    let at = |day: i64| day * 86_400 - storage::VIETNAM_UTC_OFFSET_SECS + 3_600 * 9;
    let doc = |day: i64, t: &str, mandatory: bool, sender: i64, direction| storage::NewDocument {
        at: at(day),
        direction,
        doc_type: Some(t.to_string()),
        number: Some(format!("{day}/XX-{t}")),
        urgency: None,
        secrecy: None,
        mandatory,
        sender: format!("sender{sender}@{DOMAIN}"),
        sender_account: Some(sender),
        local_recipients: vec![mot],
        external_recipients: 0,
        subject: Some("Văn bản".into()),
        signatures: None,
    };
    use storage::Direction as D;
    store.record_document(doc(from + 2, "giay-moi", true, hai, D::Sent));
    store.record_document(doc(from + 9, "giay-moi", true, hai, D::Sent));
    store.record_document(doc(from, "bao-cao", true, nam, D::Sent));
    store.record_document(doc(from, "cong-van", false, nam, D::Sent));
    store.record_document(doc(from + 6, "bao-cao", true, nam, D::Received));
    store.record_document(doc(from - 2, "giay-moi", true, hai, D::Sent));
    store.shutdown();
    DataSet {
        _dir: dir,
        root,
        from,
        to,
    }
}

impl DataSet {
    fn period(&self) -> String {
        format!("{}..{}", date(self.from), date(self.to))
    }

    fn report(&self, format: &str) -> String {
        govmail(
            &self.root,
            &[
                "report",
                "usage",
                "--period",
                &self.period(),
                "--format",
                format,
            ],
        )
    }
}

/// One agency's figures as the JSON schema has them.
#[allow(clippy::too_many_arguments)]
fn figures(
    headcount: Option<u64>,
    issued: u64,
    active: u64,
    regular: u64,
    sent: u64,
    received: u64,
    official: (u64, u64),
    mandatory: Value,
    secret_refused: u64,
) -> Value {
    let share = |n: u64| headcount.map(|h| n as f64 / h as f64);
    json!({
        "headcount": headcount,
        "issued": issued,
        "issued_share": share(issued),
        "active": active,
        "regular": regular,
        "regular_share": share(regular),
        "sent": sent,
        "received": received,
        "official_sent": official.0,
        "official_received": official.1,
        "mandatory_sent": mandatory,
        "secret_refused": secret_refused,
    })
}

/// The expected rows, worked out by hand from `build`.
fn expected() -> Vec<(&'static str, Value, Value)> {
    let none = json!({});
    let ubnd_own = figures(Some(10), 1, 1, 1, 0, 0, (0, 0), none.clone(), 0);
    // SO-A own: haitt (regular), balv (active), bonpt; 6 sent (haitt), 3 received (balv).
    let so_a_own = figures(Some(6), 3, 2, 1, 6, 3, (0, 0), json!({"giay-moi": 2}), 0);
    // PHONG-A1: namhv (regular), sauvt; sent 2 (namhv) + 1 (unit mailbox).
    let phong = figures(Some(4), 2, 1, 1, 3, 7, (2, 2), json!({"bao-cao": 1}), 1);
    let so_b = figures(None, 1, 1, 0, 0, 0, (0, 0), none.clone(), 0);
    let so_a_tree = figures(
        Some(10),
        5,
        3,
        2,
        9,
        10,
        (2, 2),
        json!({"bao-cao": 1, "giay-moi": 2}),
        1,
    );
    // UBND's subtree: SO-B has no headcount, so the known headcounts are summed (10 + 10).
    let ubnd_tree = figures(
        Some(20),
        7,
        5,
        3,
        9,
        10,
        (2, 2),
        json!({"bao-cao": 1, "giay-moi": 2}),
        1,
    );
    vec![
        ("UBND", ubnd_own, ubnd_tree),
        ("SO-A", so_a_own, so_a_tree),
        ("PHONG-A1", phong.clone(), phong),
        ("SO-B", so_b.clone(), so_b),
    ]
}

#[test]
fn usage_report_json_and_csv_match_the_hand_worked_figures_at_every_level() {
    let data = build();
    let v: Value = serde_json::from_str(&data.report("json")).unwrap();
    assert_eq!(v["period"]["from"], date(data.from));
    assert_eq!(v["period"]["to"], date(data.to));
    assert!(v["regular_rule"].as_str().unwrap().contains("75%"));
    let rows = v["agencies"].as_array().unwrap();
    let expected = expected();
    assert_eq!(rows.len(), expected.len());
    for (row, (code, own, subtree)) in rows.iter().zip(&expected) {
        assert_eq!(row["agency"], *code, "tree order");
        let name = AGENCIES.iter().find(|a| a.0 == *code).unwrap();
        assert_eq!(row["name"], name.1);
        assert_eq!(row["parent"], json!(name.2));
        assert_eq!(row["own"], *own, "{code} own");
        assert_eq!(row["subtree"], *subtree, "{code} subtree");
    }

    // CSV: BOM, Vietnamese headers, one line per agency, every field.
    let csv = data.report("csv");
    let body = csv.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["mã đơn vị", "tên đơn vị", "đơn vị cha"]);
    assert_eq!(header[3], "biên chế (riêng)");
    assert_eq!(header[15], "biên chế (toàn khối)");
    let (records, notes): (Vec<csv::StringRecord>, Vec<csv::StringRecord>) = reader
        .records()
        .map(|r| r.unwrap())
        .partition(|r| &r[0] != "ghi chú");
    assert_eq!(records.len(), expected.len());
    // Under the rows: the rule, the target, SO-B's warning and the report's date.
    assert_eq!(notes.len(), 4, "{notes:?}");
    let cells = |f: &Value| -> Vec<String> {
        let n = |k: &str| f[k].as_u64().unwrap().to_string();
        let pct = |k: &str| {
            f[k].as_f64()
                .map_or("—".to_string(), |s| format!("{:.0}%", s * 100.0))
        };
        let mandatory: u64 = f["mandatory_sent"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        vec![
            f["headcount"]
                .as_u64()
                .map_or("—".to_string(), |h| h.to_string()),
            n("issued"),
            pct("issued_share"),
            n("active"),
            n("regular"),
            pct("regular_share"),
            n("sent"),
            n("received"),
            n("official_sent"),
            n("official_received"),
            mandatory.to_string(),
            n("secret_refused"),
        ]
    };
    for (record, (code, own, subtree)) in records.iter().zip(&expected) {
        let name = AGENCIES.iter().find(|a| a.0 == *code).unwrap();
        let mut want = vec![
            code.to_string(),
            name.1.to_string(),
            name.2.unwrap_or("").to_string(),
        ];
        want.extend(cells(own));
        want.extend(cells(subtree));
        let got: Vec<&str> = record.iter().collect();
        assert_eq!(got, want, "{code}");
    }
    // Spot checks of the hand-worked shares as the CSV prints them.
    assert_eq!(&records[1][8], "17%", "SO-A: 1 regular of 6 staff");
    assert_eq!(&records[0][20], "15%", "UBND subtree: 3 regular of 20");
    assert_eq!(&records[3][3], "—", "SO-B has no headcount");

    // The table names the rule and warns about SO-B.
    let table = data.report("table");
    assert!(table.contains("regular use: active"), "{table}");
    assert!(table.contains("warning: SO-B: no headcount"), "{table}");
}

/// Runs headless Chromium with the flags a closed network needs.
fn run_chromium(browser: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(args)
        .output()
        .unwrap()
}

/// Where CI collects files to keep ($GOVMAIL_ARTIFACTS, else target/tmp/artifacts).
fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("GOVMAIL_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("artifacts"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Added to a copy of the page (the report itself has no script): records errors and
/// measures what the browser laid out, into a <pre id="probe"> that --dump-dom prints.
const PROBE: &str = r#"<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message || e.type)), true);
window.addEventListener('load', () => {
  const svg = document.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const target = document.querySelector('line.target').getBoundingClientRect();
  const out = {
    errors: window.__errors,
    bars: [...document.querySelectorAll('rect.bar')].map(r => ({
      agency: r.dataset.agency,
      width: Math.round(r.getBoundingClientRect().width * 10) / 10,
    })),
    target_x: Math.round((target.left + target.width / 2 - box.left) * 10) / 10,
    trend_points: (() => {
      const p = document.querySelector('polyline');
      return p ? p.points.numberOfItems : 0;
    })(),
    table_rows: document.querySelectorAll('tbody tr').length,
    below_target: document.querySelectorAll('td.below').length,
    images: document.images.length,
    text: document.body.innerText,
  };
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"#;

/// Loads `html` with the probe in headless Chromium and returns what the probe measured.
fn probe_page(browser: &Path, profile: &Path, html: &str, work: &Path) -> Value {
    let probed = work.join("probe.html");
    std::fs::write(&probed, html.replace("</head>", &format!("{PROBE}</head>"))).unwrap();
    let out = run_chromium(
        browser,
        profile,
        &[
            "--virtual-time-budget=5000",
            "--dump-dom",
            &format!("file://{}", probed.display()),
        ],
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + 16;
    let end = start + dom[start..].find("</pre>").unwrap();
    serde_json::from_str(
        &dom[start..end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&nbsp;", "\u{a0}"),
    )
    .unwrap()
}

#[test]
fn usage_report_html_renders_in_headless_chromium() {
    let Some(browser) = chromium("the HTML report test") else {
        return;
    };
    let data = build();
    let html = data.report("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<script") && !html.contains("http://") && !html.contains("https://"),
        "the report must be self-contained"
    );
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("bao-cao.html");
    std::fs::write(&page, &html).unwrap();
    let profile = work.path().join("profile");

    // Layout as the browser sees it.
    let probe = probe_page(&browser, &profile, &html, work.path());
    assert_eq!(probe["errors"], json!([]), "errors in the page: {probe}");
    assert_eq!(probe["images"], 0, "no external images");
    // One bar per agency with a headcount, as wide as its regular share of the 560-px scale:
    // UBND 3/20, SO-A 2/10, PHONG-A1 1/4. SO-B has no headcount and no bar.
    let bars: Vec<(String, f64)> = probe["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["agency"].as_str().unwrap().to_string(),
                b["width"].as_f64().unwrap(),
            )
        })
        .collect();
    let want = [("UBND", 0.15), ("SO-A", 0.2), ("PHONG-A1", 0.25)];
    assert_eq!(bars.len(), want.len(), "{probe}");
    for ((agency, width), (code, share)) in bars.iter().zip(want) {
        assert_eq!(agency, code);
        assert!((width - share * 560.0).abs() < 0.6, "{agency}: {width}px");
    }
    // The target line at 85% of the scale (the scale starts 260 px in).
    let target_x = probe["target_x"].as_f64().unwrap();
    assert!(
        (target_x - (260.0 + 0.85 * 560.0)).abs() < 1.5,
        "{target_x}"
    );
    // Every agency is below the 85% target: each row is marked.
    assert_eq!(probe["table_rows"], 4, "{probe}");
    assert_eq!(
        probe["below_target"], 3,
        "the three agencies with a headcount"
    );
    let text = probe["text"].as_str().unwrap();
    for needle in [
        "Sở Tài chính",
        "Phòng Ngân sách",
        "Sở Tư pháp",
        "mục tiêu 85%",
        "15,0%",
    ] {
        assert!(text.contains(needle), "{needle:?} not shown:\n{text}");
    }
    // The addresses were all issued today: the trend would start this month, so a single
    // month of data draws no trend (whether or not the period began last month), and the
    // table is section 2.
    assert_eq!(probe["trend_points"], 0, "{probe}");
    assert!(text.contains("2. Số liệu chi tiết"), "{text}");
    // A year with addresses from November draws November and December only.
    let fixed = Fixed::build();
    let year_html = fixed.usage("2026", "html");
    let year = probe_page(&browser, &profile, &year_html, work.path());
    assert_eq!(year["errors"], json!([]), "{year}");
    assert_eq!(year["trend_points"], 2, "{year}");
    let text = year["text"].as_str().unwrap();
    assert!(text.contains("2. Diễn biến theo tháng") && text.contains("3. Số liệu chi tiết"));

    // It prints (A4 landscape from its print CSS) and gets a screenshot for the CI artifacts.
    let pdf = work.path().join("bao-cao.pdf");
    let out = run_chromium(
        &browser,
        &profile,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", page.display()),
        ],
    );
    let bytes = std::fs::read(&pdf)
        .unwrap_or_else(|e| panic!("no PDF ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 5_000);
    let shot = artifacts_dir().join("report-usage.png");
    let _ = std::fs::remove_file(&shot);
    let out = run_chromium(
        &browser,
        &profile,
        &[
            "--window-size=1280,1600",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", page.display()),
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    std::fs::copy(&pdf, artifacts_dir().join("report-usage.pdf")).unwrap();
    // The year report, with its header and trend, photographed too.
    let year_page = work.path().join("bao-cao-nam.html");
    std::fs::write(&year_page, &year_html).unwrap();
    let year_shot = artifacts_dir().join("report-usage-year.png");
    let _ = std::fs::remove_file(&year_shot);
    run_chromium(
        &browser,
        &profile,
        &[
            "--window-size=1280,1400",
            &format!("--screenshot={}", year_shot.display()),
            &format!("file://{}", year_page.display()),
        ],
    );
    assert!(std::fs::read(&year_shot).unwrap().starts_with(b"\x89PNG"));
    eprintln!("screenshot: {}", shot.display());
}

// ---- Reports as the department reads them (issue 26): on a fixed "today" ----

/// The day the reports below are made: Sunday 6 December 2026 (GOVMAIL_REPORT_TODAY, the
/// report commands' test-only clock).
const TODAY: &str = "2026-12-06";

/// A small store whose addresses were issued on 3 November 2026, with a `[report]` header.
///
/// UBND (headcount 4): motnv, active on 2 December only; haitt, never active.
/// SO-B (no headcount, under UBND): baydv, active on 2 and 10 November.
/// One document, sent by motnv on 10 November.
struct Fixed {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixed {
    fn build() -> Fixed {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("srv");
        let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
            .args(["init", root.to_str().unwrap(), "--domain", DOMAIN])
            .output()
            .unwrap();
        assert!(out.status.success());
        let config = root.join("govmail.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(text.contains("\n[report]\n"));
        std::fs::write(
            &config,
            text.replace(
                "\n[report]\n",
                "\n[report]\nissuer = \"SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH QUẢNG NGÃI\"\n\
                 place = \"Quảng Ngãi\"\n",
            ),
        )
        .unwrap();
        govmail(
            &root,
            &[
                "agency",
                "add",
                "UBND",
                "Ủy ban nhân dân tỉnh",
                "--headcount",
                "4",
            ],
        );
        govmail(
            &root,
            &["agency", "add", "SO-B", "Sở Tư pháp", "--parent", "UBND"],
        );
        for (name, agency) in [
            ("Nguyễn Văn Một", "UBND"),
            ("Trần Thị Hai", "UBND"),
            ("Đặng Văn Bảy", "SO-B"),
        ] {
            govmail(&root, &["user", "add", name, "--agency", agency]);
        }
        // The addresses were issued on 3 November 2026 (09:00 Vietnam time).
        let issued = storage::days_from_civil(2026, 11, 3) * 86_400
            - storage::VIETNAM_UTC_OFFSET_SECS
            + 9 * 3_600;
        let conn = rusqlite::Connection::open(root.join("data").join("govmail.db")).unwrap();
        conn.execute("UPDATE accounts SET created_at = ?1", [issued])
            .unwrap();
        drop(conn);
        let store = storage::Store::open(&root.join("data"), storage::OpenMode::MustExist).unwrap();
        let id = |local: &str| store.get_account(&format!("{local}@{DOMAIN}")).unwrap().id;
        let (mot, bay) = (id("motnv"), id("baydv"));
        let day = |m: u32, d: u32| storage::days_from_civil(2026, m, d);
        store
            .add_usage(day(12, 2), vec![(mot, LoginImap, 1)])
            .unwrap();
        store
            .add_usage(day(11, 2), vec![(bay, LoginImap, 1)])
            .unwrap();
        store
            .add_usage(day(11, 10), vec![(bay, LoginImap, 1)])
            .unwrap();
        store.record_document(storage::NewDocument {
            at: day(11, 10) * 86_400 - storage::VIETNAM_UTC_OFFSET_SECS + 3_600 * 9,
            direction: storage::Direction::Sent,
            doc_type: Some("giay-moi".into()),
            number: Some("12/GM-UBND".into()),
            urgency: None,
            secrecy: None,
            mandatory: true,
            sender: format!("motnv@{DOMAIN}"),
            sender_account: Some(mot),
            local_recipients: vec![bay],
            external_recipients: 0,
            subject: Some("Giấy mời họp".into()),
            signatures: None,
        });
        store.shutdown();
        Fixed { _dir: dir, root }
    }

    /// `govmail ARGS` run on TODAY: (success, stdout, stderr).
    fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
            .args(args)
            .env("GOVMAIL_CONFIG", self.root.join("govmail.toml"))
            .env("GOVMAIL_REPORT_TODAY", TODAY)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(ok, "govmail {args:?} failed: {err}");
        out
    }

    fn usage(&self, period: &str, format: &str) -> String {
        self.ok(&["report", "usage", "--period", period, "--format", format])
    }
}

#[test]
fn a_period_in_progress_is_measured_up_to_today_and_says_so_in_every_format() {
    let f = Fixed::build();
    // December 2026 on 6 December: 6 days, one week so far. motnv was active in it: regular
    // (counting the 5 weeks of the whole month, 1 of 5 would not be).
    let v: Value = serde_json::from_str(&f.usage("2026-12", "json")).unwrap();
    assert_eq!(
        v["period"],
        json!({"from": "2026-12-01", "to": "2026-12-31", "figures_up_to": "2026-12-06",
               "in_progress": true})
    );
    assert_eq!(v["note"], "period in progress: figures up to 06/12/2026");
    assert_eq!(v["report_date"], "2026-12-06");
    let ubnd = &v["agencies"][0];
    assert_eq!(ubnd["agency"], "UBND");
    assert_eq!(
        (
            &ubnd["own"]["issued"],
            &ubnd["own"]["active"],
            &ubnd["own"]["regular"]
        ),
        (&json!(2), &json!(1), &json!(1)),
        "{ubnd}"
    );
    assert_eq!(ubnd["own"]["regular_share"], 0.25);

    let vi = "kỳ báo cáo chưa kết thúc: số liệu đến ngày 06/12/2026";
    let en = "period in progress: figures up to 06/12/2026";
    let table = f.usage("2026-12", "table");
    let above = table
        .find(en)
        .unwrap_or_else(|| panic!("no note:\n{table}"));
    assert!(
        above < table.find("UBND").unwrap(),
        "the note is above the table:\n{table}"
    );
    assert!(!table.contains(vi), "{table}");
    let csv = f.usage("2026-12", "csv");
    assert!(csv.contains(vi) && !csv.contains(en), "{csv}");
    let html = f.usage("2026-12", "html");
    assert!(html.contains(vi) && !html.contains(en), "{html}");
    assert!(
        html.contains("Từ ngày 01/12/2026 đến ngày 31/12/2026"),
        "{html}"
    );

    // A finished period has no note; one that starts after today is refused.
    let v: Value = serde_json::from_str(&f.usage("2026-11", "json")).unwrap();
    assert_eq!(v["note"], Value::Null);
    assert_eq!(v["period"]["in_progress"], false);
    assert!(!f.usage("2026-11", "table").contains("in progress"));
    for kind in ["usage", "documents", "inactive"] {
        let (ok, _, err) = f.run(&["report", kind, "--period", "2027-01"]);
        assert!(!ok, "{kind}: a period in the future is refused");
        assert!(
            err.contains("starts after today (06/12/2026)"),
            "{kind}: {err}"
        );
    }
    // The register of a period in progress says so too.
    let docs = f.ok(&["report", "documents", "--period", "2026-12"]);
    assert!(docs.contains(en), "{docs}");
}

#[test]
fn the_year_trend_starts_at_the_first_month_with_addresses() {
    let f = Fixed::build();
    // Addresses issued only from November: January to October have no data (null, "—"),
    // not 0%.
    let v: Value = serde_json::from_str(&f.usage("2026", "json")).unwrap();
    let trend = v["monthly_trend"].as_array().unwrap();
    assert_eq!(trend.len(), 12, "{v}");
    for (i, month) in trend.iter().enumerate() {
        assert_eq!(month["month"], format!("2026-{:02}", i + 1));
        if i < 10 {
            assert_eq!(month["regular_share"], Value::Null, "{month}");
        } else {
            assert!(month["regular_share"].is_f64(), "{month}");
        }
    }
    // November: weeks 3 Nov.. are counted over the whole month; nobody in UBND was active:
    // 0 of 4. December so far: motnv, 1 of 4.
    assert_eq!(trend[10]["regular_share"], 0.0);
    assert_eq!(trend[11]["regular_share"], 0.25);

    let html = f.usage("2026", "html");
    assert!(
        html.contains("T1/2026 – T10/2026: — (chưa có địa chỉ nào được cấp"),
        "{html}"
    );
    for m in 1..=10 {
        assert!(
            !html.contains(&format!(">T{m}/2026<")),
            "T{m} drawn:\n{html}"
        );
    }
    assert!(html.contains(">T11/2026<") && html.contains(">T12/2026<"));
    assert_eq!(
        html.matches("<circle").count(),
        2,
        "one point per month with data"
    );
}

#[test]
fn html_sections_run_in_order_and_html_and_csv_speak_vietnamese() {
    let f = Fixed::build();
    // One month: no trend, so the table is section 2, not 3.
    let html = f.usage("2026-11", "html");
    let headings: Vec<&str> = html
        .split("<h2>")
        .skip(1)
        .map(|h| h.split(". ").next().unwrap())
        .collect();
    assert_eq!(headings, ["1", "2"], "{html}");
    assert!(html.contains("<h2>2. Số liệu chi tiết</h2>"));
    let year = f.usage("2026", "html");
    let headings: Vec<&str> = year
        .split("<h2>")
        .skip(1)
        .map(|h| h.split(". ").next().unwrap())
        .collect();
    assert_eq!(headings, ["1", "2", "3"]);

    // The header: issuing body, national motto, place and date of the report.
    for needle in [
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 06 tháng 12 năm 2026",
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
        "sử dụng thường xuyên: có hoạt động (đăng nhập hoặc gửi thư) trong ít nhất 75% số tuần",
        "Lưu ý: SO-B: chưa có số biên chế",
    ] {
        assert!(html.contains(needle), "{needle:?} missing:\n{html}");
    }
    // No English label, rule or warning, and no ISO date in the HTML.
    for english in [
        "regular use",
        "no headcount",
        "warning",
        "2026-11-01",
        "2026-11-30",
    ] {
        assert!(!html.contains(english), "{english:?} in the HTML");
    }

    // CSV: the rule, the target, the warning, the issuer and the date as Vietnamese notes
    // under the table, every row as wide as the header.
    let csv = f.usage("2026-11", "csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let width = reader.headers().unwrap().len();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(records.iter().all(|r| r.len() == width));
    let notes: Vec<&str> = records
        .iter()
        .filter(|r| &r[0] == "ghi chú")
        .map(|r| r.get(1).unwrap())
        .collect();
    assert_eq!(records.len() - notes.len(), 2, "one row per agency");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("sử dụng thường xuyên: có hoạt động")),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"mục tiêu: 85% cán bộ sử dụng thường xuyên"),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("lưu ý: SO-B: chưa có số biên chế"))
    );
    assert!(notes.contains(&"cơ quan báo cáo: SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH QUẢNG NGÃI"));
    assert!(notes.contains(&"ngày lập báo cáo: 06/12/2026"));
    for english in ["regular use", "no headcount", "warning"] {
        assert!(!csv.contains(english), "{english:?} in the CSV");
    }

    // English stays in the table and in the JSON keys.
    let table = f.usage("2026-11", "table");
    assert!(table.contains("regular use: active") && table.contains("warning: SO-B: no headcount"));
    assert!(
        !table.contains("chưa có số biên chế") && !table.contains("ghi chú"),
        "{table}"
    );
    let v: Value = serde_json::from_str(&f.usage("2026-11", "json")).unwrap();
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("SO-B: no headcount"),
        "{v}"
    );
}

#[test]
fn the_document_register_names_every_column_and_says_when_it_is_empty() {
    let f = Fixed::build();
    let table = f.ok(&["report", "documents", "--period", "2026-11"]);
    assert!(table.contains("12/GM-UBND"), "{table}");
    let header = table
        .lines()
        .find(|l| l.contains("date"))
        .unwrap_or_else(|| panic!("{table}"));
    for column in [
        "date",
        "direction",
        "type",
        "number",
        "from",
        "to agencies",
        "outside",
    ] {
        assert!(header.contains(column), "{column}: {header}");
    }
    let empty = f.ok(&["report", "documents", "--period", "2026-10"]);
    assert!(empty.contains("no documents in the period"), "{empty}");
    assert!(!empty.contains("date"), "no empty table:\n{empty}");
    let csv = f.ok(&[
        "report",
        "documents",
        "--period",
        "2026-10",
        "--format",
        "csv",
    ]);
    assert!(csv.contains("Không có văn bản nào trong kỳ"), "{csv}");
}
