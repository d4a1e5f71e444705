//! `[tls] acme` against Pebble, Let's Encrypt's ACME test CA (Debian package `pebble`), started
//! by the test on loopback with its DNS stub pebble-challtestsrv answering every name with
//! 127.0.0.1, so that Pebble's HTTP-01 validation reaches govmail's `[listen] http`.
//!
//! One server, four stages: issuance (the self-signed certificate of `init` is replaced by
//! one that Python's ssl verifies against Pebble's root for the host name, on the HTTPS and
//! IMAPS ports), renewal (renew_before_days is longer than Pebble's 5-year certificates, so
//! every check orders: SIGHUP brings a new serial while an IMAP session opened before it goes
//! on working), a failed validation (the name made to resolve where nothing answers) and an
//! outage (Pebble stopped): each time the old certificate stays in service and
//! `govmail_acme_renewal_failures_total` counts the failure. A second server is issued its
//! certificate with TLS-ALPN-01 (RFC 8737) instead, with no plain-HTTP listener at all: Pebble
//! validates by a TLS handshake with the `https` listener; the Apple profile is then signed
//! with that certificate and verifies up to Pebble's root. pebble, python3, curl and
//! openssl are required: a missing one fails the test under CI=true (.ci/run installs them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{PASSWORD, Server, free_port};

const DOMAIN: &str = "demo.gov.vn";
const HOST: &str = "mail.demo.gov.vn";

/// Pebble and its DNS stub, killed on drop.
struct Pebble {
    dir: std::path::PathBuf,
    children: Vec<Child>,
    port: u16,
    management: u16,
    dns_port: u16,
    /// pebble-challtestsrv's management port (sets what names resolve to).
    dns_management: u16,
}

impl Pebble {
    fn stop(&mut self) {
        for mut child in self.children.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts both on this Pebble's ports (again, after `stop`: a new CA with new roots and
    /// no accounts, as Pebble keeps everything in memory).
    fn spawn(&mut self) {
        let dns_addr = format!("127.0.0.1:{}", self.dns_port);
        let dns = Command::new("pebble-challtestsrv")
            .args(["-dns01", &dns_addr, "-http01", "", "-https01", ""])
            .args(["-tlsalpn01", ""])
            .args(["-management", &format!("127.0.0.1:{}", self.dns_management)])
            .args(["-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""])
            .current_dir(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.children.push(dns);
        let ca = Command::new("pebble")
            .args(["-config", "pebble.json", "-dnsserver", &dns_addr])
            // No random validation delays, no refused nonces: the test is about govmail.
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            // Every order validates afresh (Pebble reuses a valid authorization half the time).
            .env("PEBBLE_AUTHZREUSE", "0")
            // Every validation really happens (a stray setting would make them all pass).
            .env_remove("PEBBLE_VA_ALWAYS_VALID")
            .current_dir(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.children.push(ca);
        let start = Instant::now();
        for port in [
            self.port,
            self.management,
            self.dns_port,
            self.dns_management,
        ] {
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(
                    start.elapsed() < Duration::from_secs(30),
                    "pebble did not start"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }

    /// Pebble's current root (it makes a new one each start), saved to `file`.
    fn root(&self, file: &Path) {
        let pem = curl(&[
            "--cacert",
            self.dir.join("ca.pem").to_str().unwrap(),
            &format!("https://127.0.0.1:{}/roots/0", self.management),
        ]);
        std::fs::write(file, pem).unwrap();
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(program: &str, args: &[&str], dir: &Path) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} is required for this test: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA and a certificate for 127.0.0.1 signed by it (Pebble's own HTTPS; `ca.pem` is what
/// govmail's `ca_file` trusts for the directory).
fn pebble_tls(dir: &Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-subj",
        "/CN=test CA",
        "-days",
        "2",
    ]);
    run("openssl", &ca, dir);
    let mut leaf = vec!["req"];
    leaf.extend(ec);
    leaf.extend([
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=localhost",
    ]);
    run("openssl", &leaf, dir);
    std::fs::write(
        dir.join("ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .unwrap();
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "ext",
        ],
        dir,
    );
}

/// Starts Pebble (HTTP-01 validations to `http_port`) and its DNS stub; `None` when pebble
/// is not installed outside CI.
fn start_pebble(dir: &Path, http_port: u16, tls_port: u16) -> Option<Pebble> {
    let installed = ["pebble", "pebble-challtestsrv"].iter().all(|p| {
        Command::new(p)
            .arg("-h")
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .is_ok()
    });
    if !installed {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "pebble is required in CI (apt-get install pebble)"
        );
        eprintln!("pebble not installed: ACME test skipped (apt-get install pebble)");
        return None;
    }
    pebble_tls(dir);
    let mut pebble = Pebble {
        dir: dir.to_path_buf(),
        children: Vec::new(),
        port: free_port(),
        management: free_port(),
        dns_port: free_port(),
        dns_management: free_port(),
    };
    let config = format!(
        r#"{{"pebble": {{"listenAddress": "127.0.0.1:{}",
            "managementListenAddress": "127.0.0.1:{}",
            "certificate": "leaf.pem", "privateKey": "leaf.key",
            "httpPort": {http_port}, "tlsPort": {tls_port},
            "ocspResponderURL": "", "externalAccountBindingRequired": false}}}}"#,
        pebble.port, pebble.management
    );
    std::fs::write(dir.join("pebble.json"), config).unwrap();
    pebble.spawn();
    Some(pebble)
}

fn curl(args: &[&str]) -> String {
    let out = Command::new("curl")
        .args(["-sS", "--max-time", "20"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("curl is required for this test: {e}"));
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The certificate a TLS port presents, verified by Python's ssl against `root` for HOST:
/// its serial and issuer CN.
fn presented(port: u16, root: &Path) -> (String, String) {
    let out = Command::new("python3")
        .args([
            "-c",
            "import socket, ssl, sys\n\
             ctx = ssl.create_default_context(cafile=sys.argv[1])\n\
             with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=20) as s:\n\
             \x20   with ctx.wrap_socket(s, server_hostname=sys.argv[3]) as t:\n\
             \x20       c = t.getpeercert()\n\
             \x20       print(c['serialNumber'])\n\
             \x20       print(dict(x[0] for x in c['issuer'])['commonName'])\n",
            root.to_str().unwrap(),
            &port.to_string(),
            HOST,
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 is required for this test: {e}"));
    assert!(
        out.status.success(),
        "TLS on port {port} not verified by Pebble's root: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    (
        lines.next().unwrap().to_string(),
        lines.next().unwrap().to_string(),
    )
}

fn hup(server: &Server) {
    let pid = server.child.as_ref().unwrap().id().to_string();
    run("kill", &["-HUP", &pid], Path::new("."));
}

fn metric(port: u16, name: &str) -> i64 {
    let text = curl(&[&format!("http://127.0.0.1:{port}/metrics")]);
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn acme_issues_renews_and_survives_an_outage() {
    let dir = tempfile::tempdir().unwrap();
    let (https, http, metrics) = (free_port(), free_port(), free_port());
    let Some(mut pebble) = start_pebble(dir.path(), http, https) else {
        return;
    };
    let ca = dir.path().join("ca.pem");
    let server = Server::start(DOMAIN, |config| {
        config
            .replacen(
                "[accounts]",
                &format!(
                    "https = \"127.0.0.1:{https}\"\nhttp = \"127.0.0.1:{http}\"\n\
                     metrics = \"127.0.0.1:{metrics}\"\n\n[accounts]"
                ),
                1,
            )
            .replacen(
                "[tls]\n",
                &format!(
                    "[tls]\nacme = {{ directory = \"https://127.0.0.1:{}/dir\", contact = \
                     \"postmaster@{DOMAIN}\", ca_file = \"{}\", renew_before_days = 100000 }}\n",
                    pebble.port,
                    ca.display()
                ),
                1,
            )
    });

    // Issuance: init's self-signed certificate is replaced by Pebble's, on every TLS port.
    server.wait_until("the first ACME certificate", |s| {
        s.log_count("ACME: new certificate installed") == 1 && s.log_count("reloaded:") == 1
    });
    let root = dir.path().join("pebble-root.pem");
    pebble.root(&root);
    let (first, issuer) = presented(https, &root);
    assert!(issuer.starts_with("Pebble Intermediate CA"), "{issuer}");
    assert_eq!(presented(server.imaps_port, &root).0, first);
    assert!(server.root.join("data/acme/account.json").exists());
    let expiry = metric(metrics, "govmail_tls_certificate_expiry_seconds");
    assert!(expiry > 1_700_000_000, "{expiry}");
    assert_eq!(metric(metrics, "govmail_acme_renewal_failures_total"), 0);

    // An IMAP session over TLS, opened before the renewal, used after it.
    let mut imap = Command::new("python3")
        .args([
            "-c",
            "import imaplib, socket, ssl, sys\n\
             class Imap(imaplib.IMAP4_SSL):\n\
             \x20   def _create_socket(self, timeout):\n\
             \x20       s = socket.create_connection(('127.0.0.1', self.port), timeout)\n\
             \x20       return self.ssl_context.wrap_socket(s, server_hostname=self.host)\n\
             ctx = ssl.create_default_context(cafile=sys.argv[1])\n\
             m = Imap(sys.argv[3], int(sys.argv[2]), ssl_context=ctx)\n\
             m.login(sys.argv[4], sys.argv[5])\n\
             print('logged-in', flush=True)\n\
             sys.stdin.readline()\n\
             assert m.noop()[0] == 'OK'\n\
             assert m.select('INBOX')[0] == 'OK'\n\
             print('still-usable', flush=True)\n\
             m.logout()\n",
            root.to_str().unwrap(),
            &server.imaps_port.to_string(),
            HOST,
            &format!("annv@{DOMAIN}"),
            PASSWORD,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = BufReader::new(imap.stdout.take().unwrap());
    let mut line = String::new();
    said.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "logged-in");

    // Renewal: the certificate is due (renew_before_days outlasts it); SIGHUP checks now.
    hup(&server);
    server.wait_until("the renewed certificate", |s| {
        s.log_count("ACME: new certificate installed") == 2 && s.log_count("reloaded:") == 3
    });
    let (second, issuer) = presented(https, &root);
    assert_ne!(second, first, "the renewal kept the old serial");
    assert!(issuer.starts_with("Pebble Intermediate CA"), "{issuer}");
    assert_eq!(presented(server.imaps_port, &root).0, second);
    imap.stdin.as_mut().unwrap().write_all(b"go\n").unwrap();
    line.clear();
    said.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "still-usable");
    assert!(imap.wait().unwrap().success());

    // A failed validation: the name now resolves to 127.0.0.2, where nothing answers HTTP-01.
    // The order fails, the certificate in service stays, the failure is counted.
    let cert_before = std::fs::read(server.root.join("tls/cert.pem")).unwrap();
    curl(&[
        "-X",
        "POST",
        "-d",
        r#"{"ip": "127.0.0.2"}"#,
        &format!(
            "http://127.0.0.1:{}/set-default-ipv4",
            pebble.dns_management
        ),
    ]);
    hup(&server);
    server.wait_until("the failed validation", |s| {
        s.log_count("ACME: renewal failed") == 1
    });
    assert_eq!(server.log_count("validation failed"), 1);
    assert_eq!(metric(metrics, "govmail_acme_renewal_failures_total"), 1);
    assert_eq!(
        std::fs::read(server.root.join("tls/cert.pem")).unwrap(),
        cert_before
    );
    assert_eq!(presented(https, &root).0, second);

    // An outage: the same, with the CA unreachable.
    pebble.stop();
    hup(&server);
    server.wait_until("the failed renewal", |s| {
        s.log_count("ACME: renewal failed") == 2
    });
    assert_eq!(metric(metrics, "govmail_acme_renewal_failures_total"), 2);
    assert_eq!(
        std::fs::read(server.root.join("tls/cert.pem")).unwrap(),
        cert_before
    );
    assert_eq!(presented(https, &root).0, second);
    let expiry_now = metric(metrics, "govmail_tls_certificate_expiry_seconds");
    assert!(expiry_now >= expiry, "{expiry_now} < {expiry}");

    // The CA back, but a new Pebble: new roots, and the saved account unknown to it. The
    // first check fails with accountDoesNotExist (RFC 8555 §7.3.1), which makes govmail
    // forget the account; the next registers anew and renews.
    pebble.spawn();
    pebble.root(&root);
    hup(&server);
    server.wait_until("the order with a forgotten account", |s| {
        s.log_count("ACME: renewal failed") == 3
    });
    assert_eq!(server.log_count("accountDoesNotExist"), 1);
    assert!(!server.root.join("data/acme/account.json").exists());
    hup(&server);
    server.wait_until("the renewal after the outage", |s| {
        s.log_count("ACME: new certificate installed") == 3 && s.log_count("reloaded:") == 8
    });
    let (third, issuer) = presented(https, &root);
    assert_ne!(third, second);
    assert!(issuer.starts_with("Pebble Intermediate CA"), "{issuer}");
}

#[test]
fn acme_tls_alpn_01_issues_a_certificate_on_the_https_listener() {
    let dir = tempfile::tempdir().unwrap();
    // Pebble's HTTP-01 port is one where nothing listens: only TLS-ALPN-01 can succeed.
    let (https, nothing) = (free_port(), free_port());
    let Some(pebble) = start_pebble(dir.path(), nothing, https) else {
        return;
    };
    let ca = dir.path().join("ca.pem");
    let server = Server::start(DOMAIN, |config| {
        config
            .replacen(
                "[accounts]",
                &format!("https = \"127.0.0.1:{https}\"\n\n[accounts]"),
                1,
            )
            .replacen(
                "[tls]\n",
                &format!(
                    "[tls]\nacme = {{ directory = \"https://127.0.0.1:{}/dir\", contact = \
                     \"postmaster@{DOMAIN}\", ca_file = \"{}\", challenge = \"tls-alpn-01\" }}\n",
                    pebble.port,
                    ca.display()
                ),
                1,
            )
    });
    server.wait_until("the ACME certificate by TLS-ALPN-01", |s| {
        s.log_count("ACME: new certificate installed") == 1 && s.log_count("reloaded:") == 1
    });
    assert_eq!(server.log_count("ACME: renewal failed"), 0);
    assert!(server.log_count("ACME TLS-ALPN-01 validation handshake answered") >= 1);
    let root = dir.path().join("pebble-root.pem");
    pebble.root(&root);
    let (_, issuer) = presented(https, &root);
    assert!(issuer.starts_with("Pebble Intermediate CA"), "{issuer}");
    assert_eq!(presented(server.imaps_port, &root).1, issuer);

    // With a CA's certificate the Apple profile comes signed with it: openssl verifies it up
    // to Pebble's root through the intermediate the profile carries.
    let profile = dir.path().join("profile");
    curl(&[
        "--fail",
        "--resolve",
        &format!("{HOST}:{https}:127.0.0.1"),
        "--cacert",
        root.to_str().unwrap(),
        "-o",
        profile.to_str().unwrap(),
        &format!("https://{HOST}:{https}/mobileconfig?emailaddress=annv@{DOMAIN}"),
    ]);
    let out = Command::new("openssl")
        .args([
            "cms", "-verify", "-inform", "DER", "-binary", "-purpose", "any",
        ])
        .args([
            "-CAfile",
            root.to_str().unwrap(),
            "-in",
            profile.to_str().unwrap(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let content = String::from_utf8(out.stdout).unwrap();
    assert!(
        content.contains(&format!("<string>annv@{DOMAIN}</string>")),
        "{content}"
    );
}
