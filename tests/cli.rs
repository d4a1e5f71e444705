//! End-to-end tests of the `govmail` binary: a fresh server directory in a temp dir, driven
//! through the command line exactly as an administrator would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;

use common::{free_port, wait_for_line};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Server {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Server {
    /// `govmail init` in a new temp dir, plus a small agency tree.
    fn new() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("srv");
        let out = govmail(
            &[
                "init",
                root.to_str().unwrap(),
                "--domain",
                "quangngai.gov.vn",
            ],
            None,
        );
        assert!(out.status.success(), "{}", text(&out));
        let server = Server { _dir: dir, root };
        server.ok(&[
            "agency",
            "add",
            "UBND",
            "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "--headcount",
            "40",
        ]);
        server.ok(&[
            "agency",
            "add",
            "STTTT",
            "Sở Thông tin và Truyền thông",
            "--parent",
            "UBND",
            "--headcount",
            "35",
        ]);
        server.ok(&[
            "agency",
            "add",
            "XA-TK",
            "Ủy ban nhân dân xã Tịnh Khê",
            "--parent",
            "UBND",
        ]);
        server
    }

    fn config(&self) -> PathBuf {
        self.root.join("govmail.toml")
    }

    fn run(&self, args: &[&str]) -> Output {
        govmail(args, Some(&self.config()))
    }

    fn run_stdin(&self, args: &[&str], input: &str) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
            .args(args)
            .env("GOVMAIL_CONFIG", self.config())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "govmail {args:?} failed:\n{}",
            text(&out)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its stderr.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "govmail {args:?} succeeded:\n{}",
            text(&out)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn addresses(&self) -> Vec<String> {
        let list = self.json(&["user", "list", "--json"]);
        let mut out: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["address"].as_str().unwrap().to_string())
            .collect();
        out.sort();
        out
    }

    fn db(&self) -> PathBuf {
        self.root.join("data").join("govmail.db")
    }
}

fn govmail(args: &[&str], config: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_govmail"));
    cmd.args(args).env_remove("GOVMAIL_CONFIG");
    if let Some(config) = config {
        cmd.env("GOVMAIL_CONFIG", config);
    }
    cmd.output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn init_creates_config_data_and_certificate_and_never_overwrites() {
    let s = Server::new();
    let config = std::fs::read_to_string(s.config()).unwrap();
    for key in [
        "smtp = \"127.0.0.1:2525\"",
        "submission = \"127.0.0.1:2587\"",
        "submissions = \"127.0.0.1:2465\"",
        "imap = \"127.0.0.1:1143\"",
        "imaps = \"127.0.0.1:1993\"",
        "managesieve = \"127.0.0.1:4190\"",
        "hostname = \"mail.quangngai.gov.vn\"",
    ] {
        assert!(config.contains(key), "{key} missing from govmail.toml");
    }
    assert!(
        std::fs::read_to_string(s.root.join("tls/cert.pem"))
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
    assert!(s.db().exists());
    let domains = s.json(&["domain", "list", "--json"]);
    assert_eq!(domains[0]["name"], "quangngai.gov.vn");
    // A second init into the same directory is refused and changes nothing.
    let before = std::fs::read(s.config()).unwrap();
    let out = govmail(
        &["init", s.root.to_str().unwrap(), "--domain", "other.gov.vn"],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(std::fs::read(s.config()).unwrap(), before);
}

/// `init --admin` makes the console's first administrator in a root agency of the domain,
/// with a password printed once; without it, init says how to make one.
#[test]
fn init_with_admin_makes_the_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("srv");
    let out = govmail(
        &[
            "init",
            root.to_str().unwrap(),
            "--domain",
            "quangngai.gov.vn",
            "--organization",
            "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi",
            "--admin",
            "quantri",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains("  address:  quantri@quangngai.gov.vn"),
        "{printed}"
    );
    assert!(
        printed.contains("log in at https://mail.quangngai.gov.vn:8443/login"),
        "{printed}"
    );
    let password = printed
        .lines()
        .find_map(|l| l.strip_prefix("  password: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap();
    let config = root.join("govmail.toml");
    let shown = govmail(
        &["user", "show", "quantri@quangngai.gov.vn", "--json"],
        Some(&config),
    );
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["agency"], "QUANGNGAI");
    assert_eq!(shown["display_name"], "Quản trị hệ thống");
    let agency = govmail(&["agency", "show", "QUANGNGAI"], Some(&config));
    assert!(
        String::from_utf8_lossy(&agency.stdout)
            .contains("Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"),
        "{}",
        text(&agency)
    );
    let roles = govmail(&["user", "role", "list"], Some(&config));
    let roles = String::from_utf8_lossy(&roles.stdout).into_owned();
    assert!(
        roles.contains("quantri@quangngai.gov.vn") && roles.contains("admin"),
        "{roles}"
    );
    let audit = govmail(&["audit", "--json"], Some(&config));
    let audit = String::from_utf8_lossy(&audit.stdout).into_owned();
    for action in ["agency.add", "account.issue", "role.add"] {
        assert!(
            audit.contains(&format!("\"action\": \"{action}\"")),
            "{action}: {audit}"
        );
    }
    assert!(!audit.contains(password));
    let store = storage::Store::open(&root.join("data"), storage::OpenMode::MustExist).unwrap();
    let (_, hash) = store.password_hash("quantri@quangngai.gov.vn").unwrap();
    assert!(storage::password::verify(password, &hash));
    drop(store);

    // Without --admin: the way to make one later, and --admin named.
    let plain = dir.path().join("plain");
    let out = govmail(
        &[
            "init",
            plain.to_str().unwrap(),
            "--domain",
            "quangngai.gov.vn",
        ],
        None,
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.contains("govmail user role add annv@quangngai.gov.vn admin"),
        "{printed}"
    );
    assert!(printed.contains("init --admin ADDRESS"), "{printed}");
    // An address on another domain is refused before anything is created.
    let other = dir.path().join("other");
    let out = govmail(
        &[
            "init",
            other.to_str().unwrap(),
            "--domain",
            "quangngai.gov.vn",
            "--admin",
            "quantri@danang.gov.vn",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("invalid --admin"),
        "{}",
        text(&out)
    );
    assert!(!other.exists());
}

#[test]
fn missing_config_says_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = govmail(&["user", "list"], Some(&dir.path().join("nope.toml")));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("govmail init"));
}

#[test]
fn domains_are_validated_and_not_removed_while_used() {
    let s = Server::new();
    assert!(
        s.fails(&["domain", "add", "not a domain"])
            .contains("invalid domain")
    );
    s.ok(&["domain", "add", "STTTT.QuangNgai.gov.vn"]);
    assert!(
        s.fails(&["domain", "add", "stttt.quangngai.gov.vn"])
            .contains("already")
    );
    s.ok(&[
        "user",
        "add",
        "Nguyễn Văn An",
        "--agency",
        "STTTT",
        "--domain",
        "stttt.quangngai.gov.vn",
    ]);
    assert!(
        s.fails(&["domain", "remove", "stttt.quangngai.gov.vn"])
            .contains("1 account")
    );
    s.ok(&["user", "remove", "annv@stttt.quangngai.gov.vn", "--purge"]);
    s.ok(&["domain", "remove", "stttt.quangngai.gov.vn"]);
    let domains = s.json(&["domain", "list", "--json"]);
    assert_eq!(domains.as_array().unwrap().len(), 1);
}

#[test]
fn agency_tree_of_any_depth_with_rules() {
    let s = Server::new();
    s.ok(&[
        "agency",
        "add",
        "HUYEN-ST",
        "Ủy ban nhân dân huyện Sơn Tịnh",
        "--parent",
        "UBND",
        "--headcount",
        "60",
    ]);
    s.ok(&[
        "agency",
        "add",
        "XA-TH",
        "Ủy ban nhân dân xã Tịnh Hà",
        "--parent",
        "HUYEN-ST",
        "--headcount",
        "12",
    ]);
    let tree = s.ok(&["agency", "tree"]);
    assert!(
        tree.contains("UBND Ủy ban nhân dân tỉnh Quảng Ngãi"),
        "{tree}"
    );
    assert!(
        tree.contains("│   └── XA-TH Ủy ban nhân dân xã Tịnh Hà [headcount 12"),
        "{tree}"
    );
    // Cycles are refused; data unchanged.
    assert!(
        s.fails(&["agency", "move", "HUYEN-ST", "--parent", "XA-TH"])
            .contains("cannot move")
    );
    assert_eq!(
        s.json(&["agency", "show", "HUYEN-ST", "--json"])["parent"],
        "UBND"
    );
    // A typo gets the closest codes.
    let err = s.fails(&["agency", "show", "STTT"]);
    assert!(err.contains("did you mean: STTTT"), "{err}");
    // A name fragment without diacritics also finds the agency.
    let err = s.fails(&["user", "add", "A", "--agency", "tinh ha"]);
    assert!(err.contains("XA-TH"), "{err}");
    s.ok(&["agency", "headcount", "XA-TK", "15"]);
    assert_eq!(
        s.json(&["agency", "show", "XA-TK", "--json"])["headcount"],
        15
    );
    assert!(
        s.fails(&["agency", "headcount", "XA-TK", "mười"])
            .contains("whole number")
    );
    s.ok(&[
        "agency",
        "rename",
        "XA-TK",
        "Ủy ban nhân dân phường Tịnh Khê",
    ]);
    s.ok(&["agency", "move", "XA-TH", "--parent", "UBND"]);
    assert!(
        s.fails(&["agency", "remove", "UBND"])
            .contains("sub-agency")
    );
    s.ok(&["agency", "remove", "HUYEN-ST"]);
    let codes: Vec<String> = s
        .json(&["agency", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["UBND", "STTTT", "XA-TH", "XA-TK"]);
    let tk = s.json(&["agency", "show", "XA-TK", "--json"]);
    assert_eq!(tk["name"], "Ủy ban nhân dân phường Tịnh Khê");
}

#[test]
fn addresses_are_derived_from_vietnamese_names_with_collision_numbers() {
    let s = Server::new();
    let out = s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    assert!(out.contains("annv@quangngai.gov.vn"), "{out}");
    assert!(out.contains("Initial password: "));
    s.ok(&["user", "add", "Nguyễn Văn Ân", "--agency", "STTTT"]);
    // Decomposed Unicode (NFD) gives the same address.
    s.ok(&[
        "user",
        "add",
        "Nguye\u{302}\u{303}n Va\u{306}n An",
        "--agency",
        "XA-TK",
    ]);
    s.ok(&["user", "add", "Đặng Đình Đức", "--agency", "STTTT"]);
    assert_eq!(
        s.addresses(),
        [
            "annv2@quangngai.gov.vn",
            "annv3@quangngai.gov.vn",
            "annv@quangngai.gov.vn",
            "ducdd@quangngai.gov.vn"
        ]
    );
    let shown = s.json(&["user", "show", "annv2@quangngai.gov.vn", "--json"]);
    assert_eq!(
        shown["display_name"], "Nguyễn Văn Ân",
        "diacritics kept exactly"
    );
}

#[test]
fn bad_user_input_is_refused_and_leaves_data_unchanged() {
    let s = Server::new();
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    let before = s.addresses();
    let dup = s.fails(&["user", "add", "X", "--agency", "STTTT", "--address", "annv"]);
    assert!(dup.contains("already issued"), "{dup}");
    assert!(
        s.fails(&["user", "add", "X", "--agency", "STTTT", "--quota", "2 lít"])
            .contains("examples of valid sizes")
    );
    assert!(
        s.fails(&["user", "add", "X", "--agency", "NOPE"])
            .contains("unknown agency code 'NOPE'")
    );
    assert!(
        s.fails(&[
            "user",
            "add",
            "X",
            "--agency",
            "STTTT",
            "--domain",
            "gmail.com"
        ])
        .contains("not served")
    );
    assert!(
        s.fails(&[
            "user",
            "add",
            "X",
            "--agency",
            "STTTT",
            "--address",
            "Bad Address"
        ])
        .contains("invalid address")
    );
    assert!(
        s.fails(&[
            "user",
            "add",
            "X",
            "--agency",
            "STTTT",
            "--address",
            "x@other.gov.vn"
        ])
        .contains("not on the domain")
    );
    assert!(
        s.fails(&["user", "show", "nobody@quangngai.gov.vn"])
            .contains("no account")
    );
    assert_eq!(s.addresses(), before);
}

#[test]
fn account_lifecycle_passwords_quota_aliases() {
    let s = Server::new();
    s.ok(&[
        "user",
        "add",
        "Trần Thị Bích Ngọc",
        "--agency",
        "STTTT",
        "--quota",
        "500MiB",
    ]);
    let a = "ngocttb@quangngai.gov.vn";
    let shown = s.json(&["user", "show", a, "--json"]);
    assert_eq!(shown["quota"]["bytes"], 500 * 1024 * 1024);
    assert_eq!(shown["kind"], "personal");

    // Password from stdin is stored as a full-strength argon2id hash.
    let out = s.run_stdin(
        &["user", "passwd", a, "--password-stdin"],
        "Mật-khẩu-rất-dài-2026\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let hash = stored_hash(&s, a);
    assert!(hash.starts_with("$argon2id$"));
    assert!(storage::password::verify("Mật-khẩu-rất-dài-2026", &hash));
    assert!(
        !s.run_stdin(&["user", "passwd", a, "--password-stdin"], "short\n")
            .status
            .success()
    );
    // A generated password is printed once and verifies.
    let out = s.ok(&["user", "passwd", a]);
    let generated = out.trim().rsplit(' ').next().unwrap();
    assert!(storage::password::verify(generated, &stored_hash(&s, a)));

    s.ok(&["user", "suspend", a]);
    assert_eq!(
        s.json(&["user", "show", a, "--json"])["status"],
        "suspended"
    );
    assert_eq!(
        s.json(&["user", "list", "--status", "suspended", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    s.ok(&["user", "resume", a]);
    s.ok(&[
        "user",
        "quota",
        "set",
        a,
        "unlimited",
        "--messages",
        "100000",
    ]);
    let q = s.json(&["user", "quota", "show", a, "--json"]);
    assert_eq!(q["limit"]["bytes"], serde_json::Value::Null);
    assert_eq!(q["limit"]["messages"], 100000);
    s.ok(&["user", "set-name", a, "Trần Thị Bích Ngọc (Phòng CNTT)"]);
    s.ok(&["user", "alias", "add", "ngoc.tran@quangngai.gov.vn", a]);
    assert!(
        s.fails(&["user", "alias", "add", "ngoc.tran@quangngai.gov.vn", a])
            .contains("already")
    );
    assert!(
        s.fails(&["user", "alias", "add", "x@gmail.com", a])
            .contains("not served")
    );
    let aliases = s.json(&["user", "alias", "list", a, "--json"]);
    assert_eq!(aliases, serde_json::json!(["ngoc.tran@quangngai.gov.vn"]));
    // Removing keeps the account (and its address) until purged.
    s.ok(&["user", "remove", a]);
    assert_eq!(s.json(&["user", "show", a, "--json"])["status"], "removed");
    assert!(
        s.fails(&["agency", "remove", "STTTT"])
            .contains("1 account")
    );
    s.ok(&["user", "purge", a]);
    assert!(s.addresses().is_empty());
    // After the purge, the address and the alias are free to issue again.
    s.ok(&[
        "user",
        "add",
        "Văn thư",
        "--agency",
        "STTTT",
        "--address",
        "vanthu",
        "--unit",
    ]);
    s.ok(&[
        "user",
        "alias",
        "add",
        "ngoc.tran@quangngai.gov.vn",
        "vanthu@quangngai.gov.vn",
    ]);
    s.ok(&["user", "add", "Trần Thị Bích Ngọc", "--agency", "STTTT"]);
    assert!(s.addresses().contains(&a.to_string()));
}

fn stored_hash(s: &Server, address: &str) -> String {
    let store = storage::Store::open(&s.root.join("data"), storage::OpenMode::MustExist).unwrap();
    let (_, hash) = store.password_hash(address).unwrap();
    store.shutdown();
    hash
}

const STAFF_CSV: &str = "\u{feff}Họ và tên;Mã đơn vị;Email;Hạn mức;Hộp thư đơn vị\r\n\
Nguyễn Văn An;STTTT;;;\r\n\
Trần Thị Ngọc Ánh;sttttt;;;\r\n\
;STTTT;;;\r\n\
Lê Văn Tám;XA-TK;;1GiB;\r\n\
\"Phạm Thị Hòa; Phó Chủ tịch\";XA-TK;hoapt;;\r\n\
Văn thư UBND;UBND;vanthu;;có\r\n\
Nguyễn Văn Ân;STTTT;;10 lít;\r\n\
Võ Văn Kiệt;UBND;hoapt;;\r\n";

fn write_csv(s: &Server, name: &str, content: &str) -> PathBuf {
    let path = s.root.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn import_reports_every_bad_row_and_writes_nothing() {
    let s = Server::new();
    let csv = write_csv(&s, "staff.csv", STAFF_CSV);
    let err = s.fails(&["user", "import", csv.to_str().unwrap()]);
    for expected in [
        "line 3: unknown agency code 'STTTTT'",
        "line 4: full name is empty",
        "line 8: quota is not valid",
        "line 9:",
    ] {
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
    }
    assert!(err.contains("nothing was imported"));
    assert!(s.addresses().is_empty());
    assert!(!s.root.join("staff-issued.csv").exists());
    // A dry run writes nothing either.
    let dry = s.ok(&[
        "user",
        "import",
        csv.to_str().unwrap(),
        "--dry-run",
        "--skip-invalid",
    ]);
    assert!(
        dry.contains("annv@quangngai.gov.vn") && dry.contains("Nothing was written"),
        "{dry}"
    );
    assert!(s.addresses().is_empty());
}

#[test]
fn import_with_skip_invalid_issues_good_rows_and_writes_passwords() {
    let s = Server::new();
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    let csv = write_csv(&s, "staff.csv", STAFF_CSV);
    let out_csv = s.root.join("issued.csv");
    let out = s.run(&[
        "user",
        "import",
        csv.to_str().unwrap(),
        "--skip-invalid",
        "--out",
        out_csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        s.addresses(),
        [
            "annv2@quangngai.gov.vn",
            "annv@quangngai.gov.vn",
            "hoapt@quangngai.gov.vn",
            "tamlv@quangngai.gov.vn",
            "vanthu@quangngai.gov.vn"
        ]
    );
    let hoa = s.json(&["user", "show", "hoapt@quangngai.gov.vn", "--json"]);
    assert_eq!(hoa["display_name"], "Phạm Thị Hòa; Phó Chủ tịch");
    assert_eq!(
        s.json(&["user", "show", "vanthu@quangngai.gov.vn", "--json"])["kind"],
        "unit"
    );
    assert_eq!(
        s.json(&["user", "show", "tamlv@quangngai.gov.vn", "--json"])["quota"]["bytes"],
        1u64 << 30
    );

    let issued = std::fs::read(&out_csv).unwrap();
    assert!(issued.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let issued = String::from_utf8(issued[3..].to_vec()).unwrap();
    let mut rows = csv_rows(&issued);
    assert_eq!(
        rows.remove(0),
        [
            "line",
            "full_name",
            "agency",
            "address",
            "password",
            "quota",
            "kind"
        ]
    );
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert!(
            storage::password::verify(&row[4], &stored_hash(&s, &row[3])),
            "{row:?}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out_csv).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Never overwrites an earlier password list.
    let again = s.fails(&[
        "user",
        "import",
        csv.to_str().unwrap(),
        "--skip-invalid",
        "--out",
        out_csv.to_str().unwrap(),
    ]);
    assert!(again.contains("already exists"), "{again}");
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn check_detects_tampering_and_repairs_it() {
    let s = Server::new();
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    s.ok(&["check"]);
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    conn.execute("UPDATE accounts SET used_messages = 7", [])
        .unwrap();
    drop(conn);
    let out = s.run(&["check"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("[quota]"),
        "{}",
        text(&out)
    );
    let out = s.ok(&["check", "--repair"]);
    assert!(out.contains("repaired"), "{out}");
    let report = s.json(&["check", "--json", "--deep"]);
    assert_eq!(report["problems"], serde_json::json!([]));
}

#[test]
fn a_foreign_database_is_refused_and_never_overwritten() {
    let s = Server::new();
    std::fs::remove_file(s.db()).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(s.root.join("data").join(format!("govmail.db{suffix}")));
    }
    std::fs::write(s.db(), b"Danh sach can bo\n").unwrap();
    let err = s.fails(&["user", "list"]);
    assert!(err.contains("not a govmail database"), "{err}");
    assert_eq!(std::fs::read(s.db()).unwrap(), b"Danh sach can bo\n");
}

#[test]
fn serve_runs_until_sigterm_and_exits_cleanly() {
    let s = Server::new();
    // Listen on free ports, not the default ones another test or a running demo may hold.
    let config = std::fs::read_to_string(s.config()).unwrap();
    let (start, end) = (
        config.find("[listen]").unwrap(),
        config.find("[accounts]").unwrap(),
    );
    let (metrics, imap) = (free_port(), free_port());
    let listen = format!(
        "[listen]\nsmtp = \"127.0.0.1:{}\"\nimap = \"127.0.0.1:{imap}\"\n\
         metrics = \"127.0.0.1:{metrics}\"\n\n",
        free_port()
    );
    std::fs::write(
        s.config(),
        format!("{}{listen}{}", &config[..start], &config[end..]),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .arg("serve")
        .env("GOVMAIL_CONFIG", s.config())
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_line(child.stderr.take().unwrap(), "govmail running");
    // The metrics endpoint answers a real HTTP client (curl) in Prometheus' text format.
    let curl = |path: &str| {
        let out = Command::new("curl")
            .args([
                "-s",
                "-w",
                "\n%{http_code}",
                &format!("http://127.0.0.1:{metrics}{path}"),
            ])
            .output()
            .unwrap_or_else(|e| panic!("curl is required for this test: {e}"));
        String::from_utf8(out.stdout).unwrap()
    };
    // One IMAP connection, counted by listener.
    {
        use std::io::BufRead;
        let stream = std::net::TcpStream::connect(("127.0.0.1", imap)).unwrap();
        let mut greeting = String::new();
        std::io::BufReader::new(stream)
            .read_line(&mut greeting)
            .unwrap();
        assert!(greeting.starts_with("* OK"), "{greeting}");
    }
    let scraped = curl("/metrics");
    assert!(scraped.ends_with("\n200"), "{scraped}");
    // Each family once, its samples together (Prometheus' text format).
    let families: Vec<&str> = scraped
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .collect();
    let mut unique = families.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(families.len(), unique.len(), "{scraped}");
    for line in [
        "govmail_imap_connections_total{listener=\"imap\"} 1",
        "govmail_auth_failures_total{protocol=\"imap\"} 0",
        "govmail_up 1",
        "# TYPE govmail_smtp_messages_delivered_total counter",
        "govmail_smtp_connections_total{listener=\"mx\"} 0",
        "govmail_queue_messages 0",
        "govmail_accounts 0",
        "govmail_storage_min_free_bytes 268435456",
        "# TYPE govmail_storage_low_disk_refusals_total counter",
        "govmail_storage_low_disk_refusals_total 0",
    ] {
        assert!(
            scraped.lines().any(|l| l == line),
            "{line:?} missing in:\n{scraped}"
        );
    }
    assert!(
        scraped
            .lines()
            .any(|l| l.starts_with("govmail_storage_free_bytes ")),
        "{scraped}"
    );
    assert!(curl("/").ends_with("404"));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    // The store is consistent after the stop.
    s.ok(&["check"]);
}

#[test]
fn demo_sets_up_a_working_directory_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    // Offset the demo's ports (1110..9187) into 11110..32186: below the ephemeral range
    // (32768 and up) where the other tests' free ports come from, so they cannot collide.
    let offset = 10_000 + (std::process::id() % 13_000) as u16;
    let mut child = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["demo", "--port-offset", &offset.to_string()])
        .current_dir(dir.path())
        .env_remove("GOVMAIL_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_line(child.stderr.take().unwrap(), "govmail running");
    // The HTTPS port answers Thunderbird's lookup (the server was stopped before the
    // printed text is read below, so fetch now).
    let fetched = Command::new("curl")
        .args(["-sk", "--max-time", "20", "--resolve"])
        .arg(format!(
            "autoconfig.demo.gov.vn:{}:127.0.0.1",
            8443 + offset
        ))
        .arg(format!(
            "https://autoconfig.demo.gov.vn:{}/mail/config-v1.1.xml?emailaddress=annv@demo.gov.vn",
            8443 + offset
        ))
        .output()
        .unwrap_or_else(|e| panic!("curl is required for this test: {e}"));
    let config_xml = String::from_utf8_lossy(&fetched.stdout);
    assert!(
        config_xml.contains(&format!("<port>{}</port>", 1993 + offset)),
        "{config_xml}"
    );
    assert!(
        config_xml.contains("<displayName>Ủy ban nhân dân tỉnh Demo</displayName>"),
        "{config_xml}"
    );
    // The demo serves every protocol it prints, POP3 and ManageSieve included.
    for (port, greeting) in [(1110, "+OK"), (1143, "* OK"), (4190, "\"IMPLEMENTATION\"")] {
        use std::io::BufRead;
        let stream = std::net::TcpStream::connect(("127.0.0.1", port + offset)).unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stream)
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with(greeting), "port {port}: {line}");
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("vanthu@demo.gov.vn"), "{printed}");
    // How to reach the console as its administrator.
    let desk = format!("https://127.0.0.1:{}/console/admin", 8443 + offset);
    assert!(printed.contains(&desk), "{printed}");
    assert!(
        printed.contains("annv@demo.gov.vn is an administrator"),
        "{printed}"
    );
    let imaps = format!("imaps        127.0.0.1:{}", 1993 + offset);
    assert!(printed.contains(&imaps), "{printed}");
    let pop3s = format!("pop3s        127.0.0.1:{}", 1995 + offset);
    assert!(printed.contains(&pop3s), "{printed}");
    // The autoconfig URL it prints, and the certificate's fingerprint to compare.
    let https = 8443 + offset;
    let url = format!(
        "'https://autoconfig.demo.gov.vn:{https}/mail/config-v1.1.xml?emailaddress=annv@demo.gov.vn'"
    );
    assert!(printed.contains(&url), "{printed}");
    let cert = dir.path().join("govmail-demo/tls/cert.pem");
    let openssl = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&cert)
        .output()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    let fingerprint = String::from_utf8(openssl.stdout).unwrap();
    let fingerprint = fingerprint.trim().rsplit('=').next().unwrap();
    assert!(
        printed.contains(fingerprint),
        "{fingerprint} not in:\n{printed}"
    );
    let config = dir.path().join("govmail-demo/govmail.toml");
    let list = govmail(&["user", "list", "--json"], Some(&config));
    let accounts: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 5);
    // Every printed password belongs to its account.
    let credentials =
        std::fs::read_to_string(dir.path().join("govmail-demo/demo-accounts.txt")).unwrap();
    let store = storage::Store::open(
        &dir.path().join("govmail-demo/data"),
        storage::OpenMode::MustExist,
    )
    .unwrap();
    for line in credentials.lines() {
        let mut words = line.split_whitespace();
        let (address, password) = (words.next().unwrap(), words.next().unwrap());
        let (_, hash) = store.password_hash(address).unwrap();
        assert!(storage::password::verify(password, &hash), "{address}");
    }
}

#[test]
fn a_damaged_database_gets_a_clear_error_and_is_left_alone() {
    let s = Server::new();
    for i in 0..30 {
        s.ok(&[
            "user",
            "add",
            &format!("Nguyễn Văn An {i}"),
            "--agency",
            "STTTT",
        ]);
    }
    // Checkpoint the WAL into the main file so the damage below hits live pages.
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(s.db()).unwrap();
    // Keep the 100-byte header (it still says SQLite and govmail); garble every page after
    // the first.
    for b in bytes.iter_mut().skip(4096) {
        *b = 0x5A;
    }
    std::fs::write(s.db(), &bytes).unwrap();
    let err = s.fails(&["user", "list"]);
    assert!(err.contains("damaged") || err.contains("corrupt"), "{err}");
    assert_eq!(std::fs::read(s.db()).unwrap(), bytes, "left untouched");
}

/// `policy classify --json` over the whole labelled sample, through the real binary: one JSON
/// object per line in the order given, equal to the labels; a file that is not mail gets an
/// error on stderr and exit status 1, after the other results.
#[test]
fn policy_classify_prints_json_lines_matching_the_labels() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policy/tests/corpus");
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("labels.json")).unwrap())
            .unwrap();
    let mut names: Vec<String> = labels.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names.reverse(); // any order: the output must follow the arguments
    let junk = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(junk.path(), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let mut args: Vec<String> = vec!["policy".into(), "classify".into(), "--json".into()];
    args.extend(names.iter().map(|n| corpus.join(n).display().to_string()));
    args.insert(5, junk.path().display().to_string());
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a non-mail file makes the exit status 1"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not an e-mail message"), "{stderr}");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), names.len());
    for (line, name) in lines.iter().zip(&names) {
        assert_eq!(line["file"], corpus.join(name).display().to_string());
        let mut got = line.clone();
        got.as_object_mut().unwrap().remove("file");
        // Beyond the label schema: who issued the document.
        let issuer = got.as_object_mut().unwrap().remove("issuer").unwrap();
        let issuer = issuer.as_str().unwrap();
        assert!(
            ["state", "party", "union", "company", "other", "unknown"].contains(&issuer),
            "{name}: {issuer}"
        );
        if got["official"] == true {
            assert!(["state", "unknown"].contains(&issuer), "{name}: {issuer}");
        }
        assert_eq!(got, labels[name], "{name}");
    }
}

/// `policy classify --explain` says who issued a document and why: a Party plan numbered in
/// the Party's style is not an administrative document, a Sở's plan is.
#[test]
fn policy_classify_explains_the_issuer_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mail = |from: &str, subject: &str, body: &str| {
        format!(
            "From: {from}\r\nTo: vanthu@example.gov.vn\r\nSubject: {subject}\r\n\
             Date: Mon, 6 Oct 2025 08:00:00 +0700\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\
             \r\n{body}\r\n"
        )
    };
    let party = dir.path().join("party.eml");
    std::fs::write(
        &party,
        mail(
            "=?utf-8?q?V=C4=83n_ph=C3=B2ng_Huy=E1=BB=87n_=E1=BB=A7y?= <vp@huyenuy.dcs.vn>",
            "=?utf-8?q?K=E1=BA=BF_ho=E1=BA=A1ch_214-KH/HU?=",
            "Kính gửi: Các chi bộ trực thuộc.\r\n\r\nVăn phòng Huyện ủy gửi Kế hoạch số \
             214-KH/HU ngày 03/10/2025 về học tập nghị quyết.\r\n\r\nTrân trọng./.",
        ),
    )
    .unwrap();
    let state = dir.path().join("state.eml");
    std::fs::write(
        &state,
        mail(
            "Van thu So Xay dung <vanthu.sxd@example.gov.vn>",
            "=?utf-8?q?K=E1=BA=BF_ho=E1=BA=A1ch_61/KH-SXD?=",
            "SỞ XÂY DỰNG\r\nSố: 61/KH-SXD\r\n\r\nKẾ HOẠCH\r\nKiểm tra an toàn công trình.",
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["policy", "classify", "--explain"])
        .arg(&party)
        .arg(&state)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let (party_out, state_out) = text.split_once("state.eml").unwrap();
    assert!(
        party_out.contains("not an official document: issued by a tổ chức Đảng (Party)"),
        "{text}"
    );
    assert!(party_out.contains("issuer: tổ chức Đảng"), "{text}");
    assert!(
        party_out.contains("214-KH/HU is numbered in the Party's style"),
        "{text}"
    );
    assert!(state_out.contains("Kế hoạch, số 61/KH-SXD"), "{text}");
    assert!(
        state_out.contains(
            "issuer: cơ quan nhà nước (state agency): header names the issuer: 'SỞ XÂY DỰNG'"
        ),
        "{text}"
    );
}

#[test]
fn report_documents_lists_the_register_by_period_agency_and_type() {
    let s = Server::new();
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    s.ok(&["user", "add", "Lê Thị Hoa", "--agency", "XA-TK"]);
    {
        let store =
            storage::Store::open(&s.root.join("data"), storage::OpenMode::MustExist).unwrap();
        let annv = store.get_account("annv@quangngai.gov.vn").unwrap().id;
        let hoa = store.get_account("hoalt@quangngai.gov.vn").unwrap().id;
        let doc =
            |doc_type: &str, number: &str, to: Vec<i64>, external: u32| storage::NewDocument {
                at: storage::now(),
                direction: storage::Direction::Sent,
                doc_type: Some(doc_type.into()),
                number: Some(number.into()),
                urgency: None,
                secrecy: None,
                mandatory: true,
                sender: "annv@quangngai.gov.vn".into(),
                sender_account: Some(annv),
                local_recipients: to,
                external_recipients: external,
                subject: Some("Giấy mời họp giao ban".into()),
                signatures: None,
            };
        store.record_document(doc("giay-moi", "123/GM-UBND", vec![hoa], 0));
        store.record_document(doc("bao-cao", "45/BC-STTTT", vec![], 2));
        store.shutdown();
    }
    let this_month = {
        let t = storage::VnTime::from_unix(storage::now());
        format!("{:04}-{:02}", t.year, t.month)
    };
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec![
            "report",
            "documents",
            "--period",
            &this_month,
            "--format",
            "json",
        ];
        all.extend_from_slice(args);
        serde_json::from_str(&s.ok(&all)).unwrap()
    };
    let all = json(&[]);
    assert_eq!(all["documents"].as_array().unwrap().len(), 2, "{all}");
    // The commune received the invitation; it sent nothing else.
    let xa = json(&["--agency", "XA-TK"]);
    let docs = xa["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "{xa}");
    assert_eq!(docs[0]["number"], "123/GM-UBND");
    assert_eq!(docs[0]["sender_agency"], "STTTT");
    assert_eq!(docs[0]["recipient_agencies"], serde_json::json!(["XA-TK"]));
    // The parent's subtree holds both.
    assert_eq!(
        json(&["--agency", "UBND"])["documents"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        json(&["--type", "bao-cao"])["documents"][0]["recipients_external"],
        2
    );
    // Last year: nothing, said in words rather than as an empty table.
    let last_year = (storage::VnTime::from_unix(storage::now()).year - 1).to_string();
    let out = s.ok(&["report", "documents", "--period", &last_year]);
    assert!(out.contains("no documents in the period"), "{out}");
    assert!(!out.contains('┆'), "no empty table: {out}");
    // CSV for Excel: BOM, Vietnamese headers and type names.
    let csv_path = s.root.join("so-van-ban.csv");
    s.ok(&[
        "report",
        "documents",
        "--period",
        &this_month,
        "--format",
        "csv",
        "--out",
        csv_path.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("\u{feff}ngày,chiều,loại văn bản"), "{csv}");
    assert!(csv.contains("Giấy mời,123/GM-UBND"), "{csv}");
    // Mistakes are explained.
    let err = s.fails(&["report", "documents", "--period", "2026-13"]);
    assert!(err.contains("01 to 12"), "{err}");
    let err = s.fails(&[
        "report",
        "documents",
        "--period",
        &this_month,
        "--agency",
        "STTT",
    ]);
    assert!(err.contains("STTTT"), "{err}");
    let err = s.fails(&[
        "report",
        "documents",
        "--period",
        &this_month,
        "--type",
        "thu-rac",
    ]);
    assert!(err.contains("giay-moi"), "{err}");
}

#[test]
fn report_usage_rolls_up_regular_users_with_the_rule_printed() {
    let s = Server::new();
    // UBND (40) > STTTT (35), XA-TK (no headcount).
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    s.ok(&["user", "add", "Trần Thị Bích Ngọc", "--agency", "STTTT"]);
    s.ok(&["user", "add", "Lê Thị Hoa", "--agency", "XA-TK"]);
    // Four weeks ending today (accounts only count as issued once they exist).
    let today = storage::vn_day(storage::now());
    let oct1 = today - 27;
    let date = |day: i64| {
        let t = storage::VnTime::from_unix(day * 86_400);
        format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
    };
    {
        let store =
            storage::Store::open(&s.root.join("data"), storage::OpenMode::MustExist).unwrap();
        let id = |a: &str| store.get_account(a).unwrap().id;
        let (annv, ngoc, hoa) = (
            id("annv@quangngai.gov.vn"),
            id("ngocttb@quangngai.gov.vn"),
            id("hoalt@quangngai.gov.vn"),
        );
        use storage::UsageCounter::*;
        for week in 0..4 {
            store
                .add_usage(
                    oct1 + week * 7 + 1,
                    vec![(annv, LoginImap, 2), (annv, Sent, 1)],
                )
                .unwrap();
        }
        store
            .add_usage(oct1 + 3, vec![(ngoc, LoginSmtp, 1), (ngoc, Received, 5)])
            .unwrap();
        for week in [0, 1, 2] {
            store
                .add_usage(oct1 + week * 7, vec![(hoa, Sent, 1)])
                .unwrap();
        }
        store.shutdown();
    }
    let period = format!("{}..{}", date(oct1), date(today));
    let period = period.as_str();
    let out = s.ok(&["report", "usage", "--period", period, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["period"]["from"], date(oct1));
    assert!(v["regular_rule"].as_str().unwrap().contains("75%"), "{out}");
    let row = |code: &str| {
        v["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agency"] == code)
            .cloned()
            .unwrap()
    };
    let stttt = row("STTTT");
    assert_eq!(stttt["own"]["issued"], 2);
    assert_eq!(stttt["own"]["active"], 2);
    assert_eq!(stttt["own"]["regular"], 1);
    assert_eq!(stttt["own"]["regular_share"], 1.0 / 35.0);
    let xa = row("XA-TK");
    assert_eq!(xa["own"]["regular"], 1, "3 of 4 weeks is regular");
    assert!(xa["own"]["headcount"].is_null() && xa["own"]["regular_share"].is_null());
    let ubnd = row("UBND");
    assert_eq!(ubnd["own"]["issued"], 0);
    assert_eq!(ubnd["subtree"]["headcount"], 75);
    assert_eq!(ubnd["subtree"]["regular"], 2);
    assert_eq!(ubnd["subtree"]["sent"], 7);
    assert_eq!(ubnd["subtree"]["received"], 5);
    // The table says what "regular" means and warns about the missing headcount.
    let table = s.ok(&["report", "usage", "--period", period]);
    assert!(table.contains("regular use: active"), "{table}");
    assert!(table.contains("warning: XA-TK: no headcount"), "{table}");
    assert!(table.contains("—"), "{table}");
    // --agency and --depth cut the tree.
    let out = s.ok(&[
        "report", "usage", "--period", period, "--agency", "UBND", "--depth", "1", "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["agencies"].as_array().unwrap().len(), 1);
    // The follow-up list: ngoc logged in (not idle); an unused new address is listed, and
    // agencies with more staff than addresses.
    s.ok(&["user", "add", "Phạm Văn Bình", "--agency", "STTTT"]);
    let out = s.ok(&["report", "inactive", "--period", period, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let idle: Vec<&str> = v["unused_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["address"].as_str().unwrap())
        .collect();
    assert_eq!(idle, ["binhpv@quangngai.gov.vn"], "{out}");
    let missing: Vec<(&str, u64)> = v["agencies_missing_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["agency"].as_str().unwrap(),
                a["missing"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(missing, [("UBND", 40), ("STTTT", 32)], "{out}");
    let out = s.ok(&[
        "report", "inactive", "--period", period, "--agency", "XA-TK",
    ]);
    assert!(out.contains("not used") && out.contains(": 0"), "{out}");
    // HTML: one self-contained page with the chart, the target line and the table.
    let html_path = s.root.join("bao-cao.html");
    s.ok(&[
        "report",
        "usage",
        "--period",
        period,
        "--format",
        "html",
        "--out",
        html_path.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg"),
        "{html}"
    );
    assert!(html.contains("mục tiêu 85%") && html.contains("Sở Thông tin và Truyền thông"));
    assert!(
        !html.contains("<script") && !html.contains("https://"),
        "self-contained"
    );
    let err = s.fails(&[
        "report",
        "documents",
        "--period",
        period,
        "--format",
        "html",
    ]);
    assert!(err.contains("report usage"), "{err}");
    // CSV: BOM and both own and subtree columns.
    let csv = s.ok(&["report", "usage", "--period", period, "--format", "csv"]);
    assert!(csv.starts_with("\u{feff}mã đơn vị,tên đơn vị"), "{csv}");
    assert!(csv.contains("thường xuyên (toàn khối)"), "{csv}");
}

/// A package purge keeps /var/lib/govmail; installing again runs `init --data-dir` on it.
/// The mail and accounts stay, and init succeeds.
#[test]
fn init_with_a_data_dir_that_holds_mail_keeps_it() {
    let s = Server::new();
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "UBND"]);
    let data = s.root.join("data");
    let again = s.root.parent().unwrap().join("etc-again");
    let out = govmail(
        &[
            "init",
            again.to_str().unwrap(),
            "--domain",
            "quangngai.gov.vn",
            "--data-dir",
            data.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = govmail(&["user", "list"], Some(&again.join("govmail.toml")));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("annv@quangngai.gov.vn"),
        "{}",
        text(&out)
    );
}

#[test]
fn unit_mailboxes_are_granted_shown_changed_and_revoked() {
    let s = Server::new();
    s.ok(&[
        "user",
        "add",
        "Văn thư Sở",
        "--agency",
        "STTTT",
        "--address",
        "vanthu",
        "--unit",
    ]);
    s.ok(&["user", "add", "Nguyễn Văn An", "--agency", "STTTT"]);
    s.ok(&["user", "add", "Trần Thị Bích Ngọc", "--agency", "STTTT"]);
    let (unit, annv, ngoc) = (
        "vanthu@quangngai.gov.vn",
        "annv@quangngai.gov.vn",
        "ngocttb@quangngai.gov.vn",
    );
    let shown = s.ok(&["user", "show", unit]);
    assert!(shown.contains("Shared with:  no one"), "{shown}");

    let out = s.ok(&["user", "grant", unit, annv]);
    assert!(
        out.contains("read-write") && out.contains("shows it under Shared/vanthu@"),
        "{out}"
    );
    assert!(
        !out.contains("  "),
        "no run of spaces in the message: {out:?}"
    );
    s.ok(&[
        "user",
        "grant",
        "VanThu@quangngai.gov.vn",
        ngoc,
        "--read-only",
    ]);
    let out = s.ok(&["user", "grant", unit, ngoc, "--read-only"]);
    assert!(out.contains("nothing changed"), "{out}");
    let shown = s.ok(&["user", "show", unit]);
    assert!(
        shown.contains(&format!(
            "Shared with:  {annv} (read-write), {ngoc} (read-only)"
        )),
        "{shown}"
    );
    let shown = s.ok(&["user", "show", ngoc]);
    assert!(
        shown.contains(&format!("Unit access:  {unit} (read-only)")),
        "{shown}"
    );
    assert!(!shown.contains("Shared with"), "{shown}");

    // Read-only ↔ read-write is a change of the same grant.
    let out = s.ok(&["user", "grant", unit, ngoc]);
    assert!(out.contains("now read-write"), "{out}");
    let json = s.json(&["user", "show", unit, "--json"]);
    let with = json["shared_with"].as_array().unwrap();
    assert_eq!(with.len(), 2);
    assert_eq!(with[1]["grantee"], ngoc);
    assert_eq!(with[1]["read_only"], false);
    let json = s.json(&["user", "show", annv, "--json"]);
    assert_eq!(json["unit_access"][0]["unit"], unit);

    // Mistakes are refused, saying what to fix, and change nothing.
    let e = s.fails(&["user", "grant", annv, ngoc]);
    assert!(e.contains("not a unit mailbox"), "{e}");
    let e = s.fails(&["user", "grant", unit, unit]);
    assert!(e.contains("itself"), "{e}");
    let e = s.fails(&["user", "grant", unit, "khongco@quangngai.gov.vn"]);
    assert!(
        e.contains("no account khongco@") && e.contains("user list"),
        "{e}"
    );
    s.ok(&["user", "add", "Lê Văn Cường", "--agency", "STTTT"]);
    s.ok(&["user", "suspend", "cuonglv@quangngai.gov.vn"]);
    let e = s.fails(&["user", "grant", unit, "cuonglv@quangngai.gov.vn"]);
    assert!(e.contains("suspended") && e.contains("user resume"), "{e}");
    assert_eq!(
        s.json(&["user", "show", unit, "--json"])["shared_with"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Resume brings back a suspended account; a removed one only when asked outright.
    s.ok(&["user", "resume", "cuonglv@quangngai.gov.vn"]);
    s.ok(&["user", "remove", "cuonglv@quangngai.gov.vn"]);
    let e = s.fails(&["user", "resume", "cuonglv@quangngai.gov.vn"]);
    assert!(
        e.contains("was removed") && e.contains("--undo-removal"),
        "{e}"
    );
    let shown = s.json(&["user", "show", "cuonglv@quangngai.gov.vn", "--json"]);
    assert_eq!(shown["status"], "removed", "{shown}");
    s.ok(&[
        "user",
        "resume",
        "--undo-removal",
        "cuonglv@quangngai.gov.vn",
    ]);
    let shown = s.json(&["user", "show", "cuonglv@quangngai.gov.vn", "--json"]);
    assert_eq!(shown["status"], "active", "{shown}");

    let out = s.ok(&["user", "revoke", unit, annv]);
    assert!(
        out.contains("lose it at their next command.") && !out.contains("  "),
        "no run of spaces in the message: {out:?}"
    );
    let e = s.fails(&["user", "revoke", unit, annv]);
    assert!(e.contains("no access"), "{e}");
    let json = s.json(&["user", "show", annv, "--json"]);
    assert_eq!(json["unit_access"], serde_json::json!([]));

    // Removing a grantee takes its grants with it; purging works.
    s.ok(&["user", "remove", ngoc, "--purge"]);
    let shown = s.ok(&["user", "show", unit]);
    assert!(shown.contains("Shared with:  no one"), "{shown}");
}
