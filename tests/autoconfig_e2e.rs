//! The HTTPS listener (crate `web`) of a real `govmail serve`, fetched by curl over TLS with
//! the server's own certificate as the trusted CA and the Host names clients use
//! (`curl --resolve autoconfig.<domain>:PORT:127.0.0.1`), the answers parsed by programs we
//! did not write: Python's xml.etree (Thunderbird's and Outlook's formats, checked against
//! Thunderbird's documented rules), plistlib (the Apple profile), dnspython (the zone printed
//! by `govmail dns`), openssl (the certificate, and `cms -verify` of the profile signed with a
//! test CA's certificate). `govmail dns --check` is run against the DNS stub of the SPF/DKIM
//! tests. curl, python3, python3-dnspython and openssl are required:
//! a missing one fails the test (.ci/run installs them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

// The SPF/DKIM tests' DNS stub (smtp/src/test_dns.rs), reused as it is.
#[allow(dead_code)]
#[path = "../smtp/src/test_dns.rs"]
mod test_dns;

use std::path::Path;
use std::process::Command;

use common::{Server, free_port};

const DOMAIN: &str = "demo.gov.vn";

/// A server with its HTTPS and HTTP listeners on free ports.
struct Web {
    server: Server,
    https: u16,
    http: u16,
}

fn start() -> Web {
    let (https, http) = (free_port(), free_port());
    let server = Server::start(DOMAIN, |config| {
        config.replacen(
            "[accounts]",
            &format!("https = \"127.0.0.1:{https}\"\nhttp = \"127.0.0.1:{http}\"\n\n[accounts]"),
            1,
        )
    });
    Web {
        server,
        https,
        http,
    }
}

/// The result of one curl run: status code, headers and body.
struct Fetched {
    status: u16,
    headers: String,
    body: String,
}

impl Web {
    fn cert(&self) -> std::path::PathBuf {
        self.server.root.join("tls/cert.pem")
    }

    /// `curl` to `https://HOST:PORT/path` with HOST resolved to 127.0.0.1 and our certificate
    /// as the only trusted CA (so its names are checked too); `extra` are more arguments.
    fn https(&self, host: &str, path: &str, extra: &[&str]) -> Fetched {
        let url = format!("https://{host}:{}{path}", self.https);
        let resolve = format!("{host}:{}:127.0.0.1", self.https);
        let cert = self.cert();
        let mut args = vec!["--resolve", &resolve, "--cacert", cert.to_str().unwrap()];
        args.extend_from_slice(extra);
        curl(&url, &args)
    }

    fn http(&self, host: &str, path: &str) -> Fetched {
        let url = format!("http://{host}:{}{path}", self.http);
        let resolve = format!("{host}:{}:127.0.0.1", self.http);
        curl(&url, &["--resolve", &resolve])
    }
}

fn curl(url: &str, args: &[&str]) -> Fetched {
    let dir = tempfile::tempdir().unwrap();
    let headers = dir.path().join("headers");
    let out = Command::new("curl")
        .args(["-sS", "--max-time", "20", "-o", "-", "-D"])
        .arg(&headers)
        .args(["-w", "\n%{http_code}"])
        .args(args)
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("curl is required for this test (apt-get install curl): {e}"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "curl {url} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (body, status) = text.rsplit_once('\n').unwrap();
    Fetched {
        status: status.trim().parse().unwrap(),
        headers: std::fs::read_to_string(headers).unwrap_or_default(),
        body: body.to_string(),
    }
}

/// Runs a Python script with `input` on its standard input; panics with its output if it
/// fails. `modules` must import: the first interpreter that has them is used (Debian's
/// python3-dnspython installs into /usr/bin/python3, which a python3 earlier on PATH may
/// not see).
fn python(script: &str, input: &str, modules: &str) -> String {
    let check = format!("import {modules}");
    let interpreter = ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", &check])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .unwrap_or_else(|| {
            panic!("python3 with {modules} is required (apt-get install python3 python3-dnspython)")
        });
    let mut child = Command::new(interpreter)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}\ninput:\n{input}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Thunderbird's reading of a config file (readFromXML in its account wizard, and the rules
/// of its format documentation): a clientConfig with an emailProvider whose id and domains
/// are host names; each incomingServer of type imap or pop3 and each outgoingServer of type
/// smtp with a host name, a port from 1 to 65535, a socketType of plain, SSL or STARTTLS, an
/// authentication it knows and a username. Prints the servers as "type port socketType".
const THUNDERBIRD_RULES: &str = r#"
import re, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
assert root.tag == "clientConfig" and root.get("version") == "1.1", root.tag
providers = root.findall("emailProvider")
assert len(providers) == 1
p = providers[0]
host = re.compile(r"^(%EMAILDOMAIN%|[a-z0-9-]+(\.[a-z0-9-]+)+)$", re.I)
assert host.match(p.get("id")), p.get("id")
domains = [d.text for d in p.findall("domain")]
assert domains and all(host.match(d) for d in domains), domains
assert (p.findtext("displayName") or "").strip()
auths = {"password-cleartext", "plain", "password-encrypted", "secure", "GSSAPI", "NTLM",
         "OAuth2", "TLS-client-cert", "none", "client-IP-address", "smtp-after-pop"}
def server(s, types):
    assert s.get("type") in types, s.get("type")
    assert host.match(s.findtext("hostname") or ""), s.findtext("hostname")
    port = int(s.findtext("port"))
    assert 1 <= port <= 65535
    sock = s.findtext("socketType")
    assert sock in ("plain", "SSL", "STARTTLS"), sock
    assert sock != "plain", "never offer a password in clear text"
    assert all(a.text in auths for a in s.findall("authentication"))
    assert s.findtext("username") == "%EMAILADDRESS%"
    print(s.get("type"), port, sock, s.findtext("hostname"))
incoming = p.findall("incomingServer")
outgoing = p.findall("outgoingServer")
assert incoming and outgoing
for s in incoming: server(s, ("imap", "pop3"))
for s in outgoing: server(s, ("smtp",))
"#;

#[test]
fn thunderbird_finds_the_settings_by_both_of_its_lookups() {
    let w = start();
    let s = &w.server;
    let query = format!("?emailaddress=annv%40{DOMAIN}");
    let first = w.https(
        &format!("autoconfig.{DOMAIN}"),
        &format!("/mail/config-v1.1.xml{query}"),
        &[],
    );
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(
        first
            .headers
            .to_ascii_lowercase()
            .contains("content-type: application/xml")
    );
    let servers = python(THUNDERBIRD_RULES, &first.body, "xml");
    // Our order: implicit TLS before STARTTLS (RFC 8314), IMAP before POP3 (RFC 6186).
    let expected = format!(
        "imap {} SSL mail.{DOMAIN}\nimap {} STARTTLS mail.{DOMAIN}\npop3 {} SSL mail.{DOMAIN}\n\
         pop3 {} STARTTLS mail.{DOMAIN}\nsmtp {} SSL mail.{DOMAIN}\nsmtp {} STARTTLS mail.{DOMAIN}\n",
        s.imaps_port, s.imap_port, s.pop3s_port, s.pop3_port, s.submissions_port, s.submission_port
    );
    assert_eq!(servers, expected);
    // The second lookup, on the domain itself, gives the same file.
    let well_known = w.https(
        DOMAIN,
        &format!("/.well-known/autoconfig/mail/config-v1.1.xml{query}"),
        &[],
    );
    assert_eq!((well_known.status, &well_known.body), (200, &first.body));
    // And the plain-HTTP fallback Thunderbird tries when HTTPS fails (self-signed).
    let plain = w.http(&format!("autoconfig.{DOMAIN}"), "/mail/config-v1.1.xml");
    assert_eq!((plain.status, &plain.body), (200, &first.body));
    // Anything else over HTTP goes to HTTPS.
    let other = w.http(DOMAIN, "/setup?x=1");
    assert_eq!(other.status, 308);
    assert!(
        other
            .headers
            .contains(&format!("location: https://{DOMAIN}:{}/setup?x=1", w.https)),
        "{}",
        other.headers
    );
}

#[test]
fn autoconfig_does_not_tell_which_accounts_exist_and_refuses_malformed_requests() {
    let w = start();
    let host = format!("autoconfig.{DOMAIN}");
    let get = |query: &str| w.https(&host, &format!("/mail/config-v1.1.xml{query}"), &[]);
    let known = get(&format!("?emailaddress=annv@{DOMAIN}"));
    let unknown = get(&format!("?emailaddress=khong-co-ai@{DOMAIN}"));
    assert_eq!(known.status, 200);
    assert_eq!((unknown.status, &unknown.body), (200, &known.body));
    // Without an address, the Host names the domain.
    assert_eq!(get("").body, known.body);
    for bad in [
        "?emailaddress=annv",
        "?emailaddress=a%3Cb%40demo.gov.vn",
        "?emailaddress=@demo.gov.vn",
    ] {
        assert_eq!(get(bad).status, 400, "{bad}");
    }
    assert_eq!(get("?emailaddress=annv@khac.gov.vn").status, 404);
}

/// Outlook's POX request for `email`.
fn pox(email: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">\n\
         <Request><EMailAddress>{email}</EMailAddress>\n<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>\n\
         </Request></Autodiscover>"
    )
}

/// Reads an autodiscover response as Outlook does: the namespaced Response, then either an
/// Account with its Protocols or an Error. Prints "TYPE Server Port Encryption LoginName"
/// lines, or "error CODE".
const OUTLOOK_RESPONSE: &str = r#"
import sys, xml.etree.ElementTree as ET
A = "{http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006}"
O = "{http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a}"
root = ET.fromstring(sys.stdin.read())
assert root.tag == A + "Autodiscover", root.tag
responses = list(root)
assert len(responses) == 1 and responses[0].tag.endswith("Response")
r = responses[0]
error = r.find(A + "Error")
if error is not None:
    print("error", error.findtext(A + "ErrorCode"))
    sys.exit(0)
account = r.find(O + "Account")
assert account.findtext(O + "AccountType") == "email"
assert account.findtext(O + "Action") == "settings"
for p in account.findall(O + "Protocol"):
    assert p.findtext(O + "SSL") == "on" and p.findtext(O + "AuthRequired") == "on"
    print(p.findtext(O + "Type"), p.findtext(O + "Server"), p.findtext(O + "Port"),
          p.findtext(O + "Encryption"), p.findtext(O + "LoginName"))
"#;

#[test]
fn outlook_autodiscover_answers_by_domain_only() {
    let w = start();
    let s = &w.server;
    let host = format!("autodiscover.{DOMAIN}");
    let post = |body: &str, path: &str| {
        w.https(
            &host,
            path,
            &[
                "-X",
                "POST",
                "-H",
                "Content-Type: text/xml",
                "--data-binary",
                body,
            ],
        )
    };
    let known = post(
        &pox(&format!("annv@{DOMAIN}")),
        "/autodiscover/autodiscover.xml",
    );
    assert_eq!(known.status, 200, "{}", known.body);
    let read = python(OUTLOOK_RESPONSE, &known.body, "xml");
    let expected = format!(
        "IMAP mail.{DOMAIN} {} SSL annv@{DOMAIN}\nIMAP mail.{DOMAIN} {} TLS annv@{DOMAIN}\n\
         POP3 mail.{DOMAIN} {} SSL annv@{DOMAIN}\nPOP3 mail.{DOMAIN} {} TLS annv@{DOMAIN}\n\
         SMTP mail.{DOMAIN} {} SSL annv@{DOMAIN}\nSMTP mail.{DOMAIN} {} TLS annv@{DOMAIN}\n",
        s.imaps_port, s.imap_port, s.pop3s_port, s.pop3_port, s.submissions_port, s.submission_port
    );
    assert_eq!(read, expected);
    // An unknown user of the domain: the same answer but for the login name (the path as
    // Outlook capitalises it).
    let unknown = post(
        &pox(&format!("khongcoai@{DOMAIN}")),
        "/Autodiscover/Autodiscover.xml",
    );
    assert_eq!(unknown.status, 200);
    assert_eq!(unknown.body.replace("khongcoai@", "annv@"), known.body);
    // A domain not served: refused in the same shape and status, as the schema's error.
    let foreign = post(&pox("annv@khac.gov.vn"), "/autodiscover/autodiscover.xml");
    assert_eq!(foreign.status, 200);
    assert_eq!(
        python(OUTLOOK_RESPONSE, &foreign.body, "xml"),
        "error 600\n"
    );
    // Malformed: 400.
    for bad in [
        "<Autodiscover><Request><EMailAddress>annv@demo.gov.vn</Request></Autodiscover>"
            .to_string(),
        "not xml at all".to_string(),
        pox("annv"),
    ] {
        assert_eq!(
            post(&bad, "/autodiscover/autodiscover.xml").status,
            400,
            "{bad}"
        );
    }
    // The JSON lookup newer Outlook tries first names the POX endpoint.
    let json = w.https(
        &host,
        &format!("/autodiscover/autodiscover.json/v1.0/annv@{DOMAIN}?Protocol=AutodiscoverV1"),
        &[],
    );
    assert_eq!(json.status, 200, "{}", json.body);
    let url = python(
        "import json, sys; d = json.load(sys.stdin); assert d['Protocol'] == 'AutodiscoverV1'; print(d['Url'])",
        &json.body,
        "json",
    );
    assert_eq!(
        url.trim(),
        format!("https://{host}:{}/autodiscover/autodiscover.xml", w.https)
    );
    // The same lookup in the form Microsoft 365 desktop builds send.
    let by_query = w.https(
        &host,
        &format!(
            "/autodiscover/autodiscover.json?Email=annv%40{DOMAIN}&Protocol=Autodiscoverv1&RedirectCount=1"
        ),
        &[],
    );
    assert_eq!((by_query.status, &by_query.body), (200, &json.body));
    let activesync = w.https(
        &host,
        &format!("/autodiscover/autodiscover.json/v1.0/annv@{DOMAIN}?Protocol=ActiveSync"),
        &[],
    );
    assert_eq!(activesync.status, 400);
    assert!(
        activesync.body.contains("InvalidProtocol"),
        "{}",
        activesync.body
    );
}

#[test]
fn the_apple_profile_is_a_property_list_and_the_setup_page_has_its_qr_code() {
    let w = start();
    let s = &w.server;
    let host = format!("mail.{DOMAIN}");
    let profile = w.https(
        &host,
        &format!("/mobileconfig?emailaddress=annv@{DOMAIN}"),
        &[],
    );
    assert_eq!(profile.status, 200, "{}", profile.body);
    assert!(
        profile
            .headers
            .contains("content-type: application/x-apple-aspen-config"),
        "{}",
        profile.headers
    );
    let read = python(
        r#"
import plistlib, sys
p = plistlib.loads(sys.stdin.buffer.read())
assert p["PayloadType"] == "Configuration" and p["PayloadVersion"] == 1
assert len(p["PayloadUUID"]) == 36
[mail] = p["PayloadContent"]
assert mail["PayloadType"] == "com.apple.mail.managed"
assert mail["EmailAccountType"] == "EmailTypeIMAP"
assert mail["IncomingMailServerUseSSL"] is True and mail["OutgoingMailServerUseSSL"] is True
assert mail["OutgoingPasswordSameAsIncomingPassword"] is True
print(mail["EmailAddress"], mail["IncomingMailServerHostName"], mail["IncomingMailServerPortNumber"],
      mail["OutgoingMailServerPortNumber"], mail["IncomingMailServerUsername"])
"#,
        &profile.body,
        "plistlib",
    );
    assert_eq!(
        read.trim(),
        format!(
            "annv@{DOMAIN} mail.{DOMAIN} {} {} annv@{DOMAIN}",
            s.imaps_port, s.submissions_port
        )
    );
    assert_eq!(w.https(&host, "/mobileconfig", &[]).status, 400);
    assert_eq!(
        w.https(&host, "/mobileconfig?emailaddress=annv@khac.gov.vn", &[])
            .status,
        404
    );
    // The page a phone user opens on a computer: a QR code (SVG) of the profile's link.
    let page = w.https(&host, &format!("/setup?emailaddress=annv%40{DOMAIN}"), &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg"), "{}", page.body);
    assert!(
        page.body.contains(&format!(
            "https://mail.{DOMAIN}:{}/mobileconfig?emailaddress=annv@{DOMAIN}",
            w.https
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains("Cài đặt thư công vụ"));
}

#[test]
fn the_mta_sts_policy_is_the_one_dns_announces() {
    let w = start();
    let policy = w.https(
        &format!("mta-sts.{DOMAIN}"),
        "/.well-known/mta-sts.txt",
        &[],
    );
    assert_eq!(policy.status, 200);
    assert!(
        policy.headers.contains("content-type: text/plain"),
        "{}",
        policy.headers
    );
    assert_eq!(
        policy.body,
        format!("version: STSv1\r\nmode: testing\r\nmx: mail.{DOMAIN}\r\nmax_age: 604800\r\n")
    );
    // Not on other host names (RFC 8461 §3.3: the policy host is mta-sts.<domain>).
    assert_eq!(w.https(DOMAIN, "/.well-known/mta-sts.txt", &[]).status, 404);
    // The _mta-sts TXT record's id is the policy's (SHA-256, 20 hex digits).
    let zone = w.server.govmail(&["dns", DOMAIN]);
    let id = python(
        "import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:20])",
        &policy.body,
        "hashlib",
    );
    let record = format!(
        "_mta-sts.{DOMAIN}. 3600 IN TXT ( \"v=STSv1; id={}\" )",
        id.trim()
    );
    assert!(
        zone.lines().any(|l| l == record),
        "{record} not in:\n{zone}"
    );
}

/// dnspython's reading of the zone `govmail dns` prints: every record type and value.
const READ_ZONE: &str = r#"
import sys, dns.zone
z = dns.zone.from_text(sys.stdin.read(), origin="demo.gov.vn.", relativize=False, check_origin=False)
for name, node in sorted(z.nodes.items()):
    for rdataset in node.rdatasets:
        for rdata in rdataset:
            print(name, dns.rdatatype.to_text(rdataset.rdtype), rdata.to_text())
"#;

#[test]
fn govmail_dns_prints_a_zone_a_dns_library_reads() {
    let w = start();
    let s = &w.server;
    s.govmail(&["dkim", "generate", DOMAIN]);
    let zone = s.govmail(&["dns", DOMAIN, "--address", "203.0.113.25"]);
    let records = python(READ_ZONE, &zone, "dns.zone");
    let host = format!("mail.{DOMAIN}.");
    for line in [
        format!("{DOMAIN}. MX 10 {host}"),
        format!("{host} A 203.0.113.25"),
        format!("{DOMAIN}. TXT \"v=spf1 mx -all\""),
        format!("_dmarc.{DOMAIN}. TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@{DOMAIN}\""),
        format!(
            "_submissions._tcp.{DOMAIN}. SRV 0 1 {} {host}",
            s.submissions_port
        ),
        format!(
            "_submission._tcp.{DOMAIN}. SRV 10 1 {} {host}",
            s.submission_port
        ),
        format!("_imaps._tcp.{DOMAIN}. SRV 0 1 {} {host}", s.imaps_port),
        format!("_imap._tcp.{DOMAIN}. SRV 10 1 {} {host}", s.imap_port),
        format!("_pop3s._tcp.{DOMAIN}. SRV 20 1 {} {host}", s.pop3s_port),
        format!("autoconfig.{DOMAIN}. CNAME {host}"),
        format!("autodiscover.{DOMAIN}. CNAME {host}"),
        format!("mta-sts.{DOMAIN}. CNAME {host}"),
        format!("_autodiscover._tcp.{DOMAIN}. SRV 0 1 {} {host}", w.https),
        format!("_smtp._tls.{DOMAIN}. TXT \"v=TLSRPTv1; rua=mailto:postmaster@{DOMAIN}\""),
    ] {
        assert!(
            records.lines().any(|l| l == line),
            "{line:?} not in:\n{records}"
        );
    }
    // The DKIM record is the key `govmail dkim show` prints (split into 255-byte strings).
    let dkim = s.govmail(&["dkim", "show", DOMAIN]);
    let key = dkim.split("p=").nth(1).unwrap().split('"').next().unwrap();
    assert!(
        records.lines().any(|l| l.starts_with(&format!(
            "govmail._domainkey.{DOMAIN}. TXT \"v=DKIM1; k=rsa; p={key}"
        ))),
        "{records}"
    );
    // A domain that is not served is refused.
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args(["dns", "khac.gov.vn"])
        .env("GOVMAIL_CONFIG", s.root.join("govmail.toml"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("domain add"));
}

#[test]
fn govmail_dns_check_names_what_is_missing_or_wrong() {
    use test_dns::{Record, Zone, start_stub};
    let w = start();
    let s = &w.server;
    let host = format!("mail.{DOMAIN}");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // Published: MX, the host's address, SPF, DMARC, TLS-RPT, the SRV records (but _imap with
    // a wrong port), the CNAMEs, and an _mta-sts TXT with a stale id. Not published: DKIM
    // (no key yet: that line only tells to make one), _autodiscover.
    let srv = |port: u16, priority: u16| Record::Srv(priority, 1, port, host.clone());
    let zone = Zone::new()
        .mx(DOMAIN, 10, &host)
        .a(&host, "203.0.113.25".parse().unwrap())
        .txt(DOMAIN, "v=spf1 mx -all")
        .txt(&format!("_dmarc.{DOMAIN}"), "v=DMARC1; p=reject")
        .txt(
            &format!("_smtp._tls.{DOMAIN}"),
            "v=TLSRPTv1; rua=mailto:tls@x.vn",
        )
        .txt(&format!("_mta-sts.{DOMAIN}"), "v=STSv1; id=0000")
        .record(
            &format!("_submissions._tcp.{DOMAIN}"),
            srv(s.submissions_port, 0),
        )
        .record(
            &format!("_submission._tcp.{DOMAIN}"),
            srv(s.submission_port, 10),
        )
        .record(&format!("_imaps._tcp.{DOMAIN}"), srv(s.imaps_port, 0))
        .record(&format!("_imap._tcp.{DOMAIN}"), srv(143, 10))
        .record(&format!("_pop3s._tcp.{DOMAIN}"), srv(s.pop3s_port, 20))
        .record(&format!("_pop3._tcp.{DOMAIN}"), srv(s.pop3_port, 30))
        .record(&format!("autoconfig.{DOMAIN}"), Record::Cname(host.clone()))
        .record(
            &format!("autodiscover.{DOMAIN}"),
            Record::Cname(host.clone()),
        )
        .record(
            &format!("mta-sts.{DOMAIN}"),
            Record::Cname("elsewhere.vn".into()),
        );
    let stub = runtime.block_on(start_stub(zone));
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args([
            "dns",
            DOMAIN,
            "--check",
            "--resolver",
            &stub.addr.to_string(),
        ])
        .env("GOVMAIL_CONFIG", s.root.join("govmail.toml"))
        .output()
        .unwrap();
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{printed}");
    let verdict = |kind: &str, name: &str| {
        printed
            .lines()
            .find(|l| {
                let words: Vec<&str> = l.split_whitespace().collect();
                words.get(1) == Some(&kind) && words.get(2) == Some(&name)
            })
            .unwrap_or_else(|| panic!("no {kind} {name} in:\n{printed}"))
            .to_string()
    };
    for (kind, name) in [
        ("MX", DOMAIN.to_string()),
        ("A", host.clone()),
        ("TXT", DOMAIN.to_string()),
        ("TXT", format!("_dmarc.{DOMAIN}")),
        ("TXT", format!("_smtp._tls.{DOMAIN}")),
        ("SRV", format!("_submissions._tcp.{DOMAIN}")),
        ("SRV", format!("_imaps._tcp.{DOMAIN}")),
        ("CNAME", format!("autoconfig.{DOMAIN}")),
    ] {
        let line = verdict(kind, &name);
        assert!(line.trim_start().starts_with("ok "), "{line}");
    }
    for (kind, name, says) in [
        ("TXT", format!("govmail._domainkey.{DOMAIN}"), "MISSING"),
        ("SRV", format!("_autodiscover._tcp.{DOMAIN}"), "MISSING"),
        (
            "SRV",
            format!("_imap._tcp.{DOMAIN}"),
            "WRONG (found: 10 1 143",
        ),
        (
            "CNAME",
            format!("mta-sts.{DOMAIN}"),
            "WRONG (found: elsewhere.vn",
        ),
        (
            "TXT",
            format!("_mta-sts.{DOMAIN}"),
            "WRONG (found: v=STSv1; id=0000)",
        ),
    ] {
        let line = verdict(kind, &name);
        assert!(
            line.trim_start().starts_with("FIX ") && line.contains(says),
            "{line}"
        );
    }
    assert!(
        printed.contains("5 of 17 records are missing or wrong"),
        "{printed}"
    );
}

#[test]
fn init_names_the_certificate_after_the_server_and_prints_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("srv");
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args([
            "init",
            root.to_str().unwrap(),
            "--domain",
            "quangngai.gov.vn",
        ])
        .args([
            "--organization",
            "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let text = openssl_x509(&root.join("tls/cert.pem"));
    // Subject and names (openssl prints UTF-8 with -nameopt utf8).
    let subject = text.lines().find(|l| l.starts_with("subject=")).unwrap();
    assert!(subject.contains("CN=mail.quangngai.gov.vn"), "{subject}");
    assert!(
        subject.contains("O=Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"),
        "{subject}"
    );
    assert!(
        text.contains(
            "DNS:mail.quangngai.gov.vn, DNS:quangngai.gov.vn, DNS:autoconfig.quangngai.gov.vn, \
             DNS:autodiscover.quangngai.gov.vn, DNS:mta-sts.quangngai.gov.vn"
        ),
        "{text}"
    );
    assert!(!text.contains("rcgen"), "{text}");
    // The printed fingerprint is the certificate's.
    let fingerprint = text
        .lines()
        .find_map(|l| l.strip_prefix("sha256 Fingerprint="))
        .unwrap();
    assert!(
        printed.contains(fingerprint),
        "{fingerprint} not in:\n{printed}"
    );
    let config = std::fs::read_to_string(root.join("govmail.toml")).unwrap();
    assert!(config.contains("organization = \"Sở Thông tin và Truyền thông tỉnh Quảng Ngãi\""));
}

fn openssl_x509(cert: &Path) -> String {
    let out = Command::new("openssl")
        .args([
            "x509",
            "-noout",
            "-nameopt",
            "utf8,sep_comma_plus",
            "-subject",
        ])
        .args(["-fingerprint", "-sha256", "-ext", "subjectAltName", "-in"])
        .arg(cert)
        .output()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_reload_puts_a_new_certificate_on_the_https_port() {
    let w = start();
    let before = w.https(
        &format!("autoconfig.{DOMAIN}"),
        "/mail/config-v1.1.xml",
        &[],
    );
    assert_eq!(before.status, 200);
    // A new self-signed pair replaces the files; SIGHUP; the old certificate no longer
    // verifies the HTTPS port, the new one does.
    let old = std::fs::read(w.cert()).unwrap();
    let other = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_govmail"))
        .args([
            "init",
            other.path().join("x").to_str().unwrap(),
            "--domain",
            DOMAIN,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    for file in ["cert.pem", "key.pem"] {
        std::fs::copy(
            other.path().join("x/tls").join(file),
            w.server.root.join("tls").join(file),
        )
        .unwrap();
    }
    let old_cert = other.path().join("old.pem");
    std::fs::write(&old_cert, old).unwrap();
    let pid = w.server.child.as_ref().unwrap().id();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    w.server
        .wait_until("the reload", |s| s.log_count("reloaded") == 1);
    let after = w.https(
        &format!("autoconfig.{DOMAIN}"),
        "/mail/config-v1.1.xml",
        &[],
    );
    assert_eq!(after.status, 200, "the new certificate verifies");
    let url = format!(
        "https://autoconfig.{DOMAIN}:{}/mail/config-v1.1.xml",
        w.https
    );
    let resolve = format!("autoconfig.{DOMAIN}:{}:127.0.0.1", w.https);
    let stale = Command::new("curl")
        .args(["-sS", "--max-time", "20", "--resolve", &resolve, "--cacert"])
        .arg(&old_cert)
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        !stale.status.success(),
        "the old certificate is no longer served"
    );
}

/// A server certificate for mail.DOMAIN with `key`, issued by `ca` (serverAuth, as a real
/// one is), written with the CA after it as the chain, and the key, over the server's pair.
fn install_issued(
    w: &Web,
    ca: &rcgen::Issuer<'_, rcgen::KeyPair>,
    ca_pem: &str,
    key: &rcgen::KeyPair,
) {
    let mut params = rcgen::CertificateParams::new(vec![
        format!("mail.{DOMAIN}"),
        DOMAIN.to_string(),
        format!("autoconfig.{DOMAIN}"),
    ])
    .unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, format!("mail.{DOMAIN}"));
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let cert = params.signed_by(key, ca).unwrap();
    std::fs::write(w.cert(), format!("{}{ca_pem}", cert.pem())).unwrap();
    std::fs::write(w.server.root.join("tls/key.pem"), key.serialize_pem()).unwrap();
}

/// The profile of annv@ as bytes, fetched over HTTPS trusting `ca`; and its content type.
fn fetch_profile(w: &Web, ca: &Path, out: &Path) -> String {
    let host = format!("mail.{DOMAIN}");
    let resolve = format!("{host}:{}:127.0.0.1", w.https);
    let headers = out.with_extension("headers");
    let status = Command::new("curl")
        .args(["-sS", "--fail", "--max-time", "20", "--resolve", &resolve])
        .arg("--cacert")
        .arg(ca)
        .arg("-o")
        .arg(out)
        .arg("-D")
        .arg(&headers)
        .arg(format!(
            "https://{host}:{}/mobileconfig?emailaddress=annv@{DOMAIN}",
            w.https
        ))
        .status()
        .unwrap_or_else(|e| panic!("curl is required for this test: {e}"));
    assert!(status.success());
    let headers = std::fs::read_to_string(headers).unwrap();
    headers
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// `openssl cms -verify` of a DER profile against `ca`: the content if verified.
fn openssl_cms_verify(profile: &Path, ca: &Path) -> Result<Vec<u8>, String> {
    let out = Command::new("openssl")
        .args(["cms", "-verify", "-inform", "DER", "-binary"])
        // A server certificate (serverAuth) signs profiles, as Apple expects, not S/MIME mail.
        .args(["-purpose", "any", "-CAfile"])
        .arg(ca)
        .arg("-in")
        .arg(profile)
        .output()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn hup(w: &Web, reloads: usize) {
    let pid = w.server.child.as_ref().unwrap().id();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    w.server
        .wait_until("the reload", |s| s.log_count("reloaded") == reloads);
}

#[test]
fn the_apple_profile_is_signed_with_a_certificate_a_ca_issued() {
    let w = start();
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");

    // init's self-signed certificate: the profile goes out unsigned, as XML.
    let kind = fetch_profile(&w, &w.cert(), &profile);
    assert_eq!(kind, "application/x-apple-aspen-config; charset=utf-8");
    assert!(std::fs::read(&profile).unwrap().starts_with(b"<?xml"));
    let other_ca = dir.path().join("init.pem");
    std::fs::copy(w.cert(), &other_ca).unwrap();

    // A test CA; the server's certificate issued by it, first with an ECDSA P-256 key, then
    // with an RSA key (made by openssl: ring cannot make RSA keys).
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Sở TT&TT test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();
    let ca = rcgen::Issuer::new(ca_params, ca_key);
    let rsa_file = dir.path().join("rsa.key");
    let out = Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
        ])
        .arg(&rsa_file)
        .output()
        .unwrap_or_else(|e| panic!("openssl is required for this test: {e}"));
    assert!(out.status.success());
    let rsa = rcgen::KeyPair::from_pem(&std::fs::read_to_string(&rsa_file).unwrap()).unwrap();
    let keys = [("ECDSA", rcgen::KeyPair::generate().unwrap()), ("RSA", rsa)];

    for (reloads, (name, key)) in keys.iter().enumerate() {
        install_issued(&w, &ca, &ca_cert.pem(), key);
        hup(&w, reloads + 1);
        let kind = fetch_profile(&w, &ca_file, &profile);
        assert_eq!(kind, "application/x-apple-aspen-config", "{name}");
        let der = std::fs::read(&profile).unwrap();
        assert_eq!(der.first(), Some(&0x30), "{name}: a DER SEQUENCE");
        let content = openssl_cms_verify(&profile, &ca_file)
            .unwrap_or_else(|e| panic!("{name}: openssl cms -verify: {e}"));
        let read = python(
            r#"
import plistlib, sys
p = plistlib.loads(sys.stdin.buffer.read())
[mail] = p["PayloadContent"]
assert p["PayloadType"] == "Configuration"
print(mail["EmailAddress"], mail["IncomingMailServerHostName"], p["PayloadDescription"])
"#,
            std::str::from_utf8(&content).unwrap(),
            "plistlib",
        );
        assert_eq!(
            read.trim(),
            format!("annv@{DOMAIN} mail.{DOMAIN} Cài đặt thư công vụ annv@{DOMAIN}"),
            "{name}"
        );
        // The signature covers the content: one byte changed in the profile, refused.
        let at = der
            .windows(b"IncomingMailServerHostName".len())
            .position(|w| w == b"IncomingMailServerHostName")
            .unwrap();
        let mut tampered = der.clone();
        tampered[at] ^= 0x20;
        std::fs::write(&profile, &tampered).unwrap();
        assert!(
            openssl_cms_verify(&profile, &ca_file).is_err(),
            "{name}: a changed profile verified"
        );
        // Nor does another CA (init's certificate) vouch for it.
        std::fs::write(&profile, &der).unwrap();
        assert!(openssl_cms_verify(&profile, &other_ca).is_err(), "{name}");
    }
}
