//! Outbound TLS that other agencies can trust (issue 21, item 5), end to end: a real govmail
//! (quangngai.gov.vn) delivers to a second real govmail (danang.gov.vn) found by its MX
//! record in a DNS stub, under the receiving domain's MTA-STS policy (served over HTTPS by
//! Python's http.server with a certificate of a test CA), its DANE TLSA records (answers the
//! stub marks authenticated), or `[relay] require_tls`. A delivery that fails the policy is
//! deferred and stays in the queue; it goes out once the peer's certificate is fixed. The
//! TLS-RPT report (RFC 8460) the sender sends the next day is read back with serde_json.
//! python3 is required.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[allow(dead_code)]
#[path = "../smtp/src/test_dns.rs"]
mod test_dns;

use std::io::Read;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use common::{PASSWORD, Server, python};
use mail_parser::MimeHeaders;
use test_dns::{DnsStub, Record, Zone, start_stub};

const PEER: &str = "danang.gov.vn";
const MX: &str = "mx.danang.gov.vn";
const LOCALHOST: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);

/// A test certificate authority and the certificates it signs.
struct Ca {
    dir: tempfile::TempDir,
    params: rcgen::CertificateParams,
    key: rcgen::KeyPair,
}

impl Ca {
    fn new() -> Ca {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Cục Chứng thực số thử nghiệm");
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), cert.pem()).unwrap();
        Ca { dir, params, key }
    }

    fn pem_path(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// A certificate and key for `name`, as PEM.
    fn issue(&self, name: &str) -> (String, String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let issuer = rcgen::Issuer::from_params(&self.params, &self.key);
        let cert = rcgen::CertificateParams::new(vec![name.to_string()])
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        (cert.pem(), key.serialize_pem())
    }
}

/// The peer's certificate becomes one of `ca` for the MX name.
fn install_certificate(peer: &Server, ca: &Ca) {
    let (cert, key) = ca.issue(MX);
    std::fs::write(peer.root.join("tls/cert.pem"), cert).unwrap();
    std::fs::write(peer.root.join("tls/key.pem"), key).unwrap();
}

/// Python's HTTPS server serving the MTA-STS policy of danang.gov.vn.
struct PolicyHost {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

const HTTPS: &str = r#"
import http.server, ssl, sys, os
port, cert, key, root = sys.argv[1:5]
os.chdir(root)
class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
print("ready", flush=True)
server.serve_forever()
"#;

impl PolicyHost {
    fn start(ca: &Ca, policy: &str) -> PolicyHost {
        let dir = tempfile::tempdir().unwrap();
        let well_known = dir.path().join("www/.well-known");
        std::fs::create_dir_all(&well_known).unwrap();
        std::fs::write(well_known.join("mta-sts.txt"), policy).unwrap();
        let (cert, key) = ca.issue(&format!("mta-sts.{PEER}"));
        std::fs::write(dir.path().join("cert.pem"), cert).unwrap();
        std::fs::write(dir.path().join("key.pem"), key).unwrap();
        let port = common::free_port();
        let p = |f: &str| dir.path().join(f).to_str().unwrap().to_string();
        let mut child = Command::new("python3")
            .args([
                "-c",
                HTTPS,
                &port.to_string(),
                &p("cert.pem"),
                &p("key.pem"),
                &p("www"),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("python3 is required: {e}"));
        let mut ready = [0u8; 5];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut ready)
            .unwrap();
        assert_eq!(&ready, b"ready");
        PolicyHost {
            child,
            port,
            _dir: dir,
        }
    }
}

impl Drop for PolicyHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The DNS of danang.gov.vn: MX, addresses, and what `extra` adds.
fn dns(runtime: &tokio::runtime::Runtime, extra: impl FnOnce(Zone) -> Zone) -> DnsStub {
    let zone = Zone::new()
        .mx(PEER, 10, MX)
        .a(MX, LOCALHOST)
        .a(&format!("mta-sts.{PEER}"), LOCALHOST);
    runtime.block_on(start_stub(extra(zone)))
}

/// quangngai.gov.vn, delivering to MX hosts on `peer`'s SMTP port, asking `stub`, trusting
/// `ca`; `edit` changes its configuration further.
fn sender(
    peer: &Server,
    stub: &DnsStub,
    ca: &Ca,
    policy_port: u16,
    edit: impl FnOnce(String) -> String,
) -> Server {
    Server::start("quangngai.gov.vn", |c| {
        let c = c
            .replace("retry_initial = \"5m\"", "retry_initial = \"1h\"")
            .replace(
                "retry_max = \"4h\"",
                "retry_max = \"1h\"\npoll_interval = \"200ms\"",
            )
            .replace(
                "# dns_resolver = \"127.0.0.1:53\"",
                &format!("dns_resolver = \"{}\"", stub.addr),
            )
            .replace(
                "[relay]\n",
                &format!(
                    "[relay]\nmx_port = {}\nmta_sts_port = {policy_port}\ntls_ca_file = \"{}\"\n",
                    peer.smtp_port,
                    ca.pem_path().display()
                ),
            );
        edit(c)
    })
}

fn with_dane(c: String) -> String {
    assert!(c.contains("dane = false"));
    c.replace("dane = false", "dane = true")
}

const SUBMIT: &str = r#"
import smtplib, ssl, sys
from email.message import EmailMessage
port, password, rcpt, subject = sys.argv[1:5]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
s = smtplib.SMTP("127.0.0.1", int(port), timeout=30)
s.starttls(context=ctx)
s.login("annv@quangngai.gov.vn", password)
msg = EmailMessage()
msg["From"] = "Nguyễn Văn An <annv@quangngai.gov.vn>"
msg["To"] = rcpt
msg["Subject"] = subject
msg.set_content("Kính gửi: Sở Thông tin và Truyền thông thành phố Đà Nẵng\n")
assert s.send_message(msg) == {}
s.quit()
"#;

fn submit(sender: &Server, subject: &str) {
    python(
        SUBMIT,
        &[
            &sender.submission_port.to_string(),
            PASSWORD,
            "ngocttb@danang.gov.vn",
            subject,
        ],
    );
}

/// The one queued recipient once it has been tried: its status and last reply.
fn deferred(sender: &Server) -> (String, String) {
    sender.wait_until("a failed attempt", |s| {
        s.store()
            .queue_list()
            .unwrap()
            .first()
            .is_some_and(|e| e.attempts >= 1)
    });
    let entry = &sender.store().queue_list().unwrap()[0];
    let r = &entry.recipients[0];
    assert_eq!(r.state, storage::RecipientState::Pending, "{r:?}");
    (
        r.status.clone().unwrap_or_default(),
        r.last_reply.clone().unwrap_or_default(),
    )
}

fn reload(server: &Server) {
    let before = server.log_count("reloaded");
    let pid = server.child.as_ref().unwrap().id().to_string();
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    server.wait_until("the reload", |s| s.log_count("reloaded") > before);
}

fn retry_and_expect_delivery(sender: &Server, peer: &Server, subject: &str) {
    let out = sender.govmail(&["queue", "retry", "--all"]);
    assert!(out.contains("1 message"), "{out}");
    peer.wait_until("the delivery", |p| {
        p.subjects("ngocttb@danang.gov.vn") == [subject]
    });
    sender.wait_until("an empty queue", |s| {
        s.store().queue_list().unwrap().is_empty()
    });
}

const ENFORCE: &str =
    "version: STSv1\r\nmode: enforce\r\nmx: mx.danang.gov.vn\r\nmax_age: 86400\r\n";

#[test]
fn enforce_defers_mail_to_a_peer_without_a_valid_certificate_until_it_has_one() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let host = PolicyHost::start(&ca, ENFORCE);
    let stub = dns(&runtime, |z| {
        z.txt(&format!("_mta-sts.{PEER}"), "v=STSv1; id=20261207")
    });
    // The peer has `govmail init`'s self-signed certificate.
    let peer = Server::start(PEER, |c| c);
    let sender = sender(&peer, &stub, &ca, host.port, |c| c);
    submit(&sender, "Công văn khẩn (MTA-STS)");
    let (status, reply) = deferred(&sender);
    assert_eq!(status, "4.7.5", "{reply}");
    assert!(reply.contains("MTA-STS"), "{reply}");
    assert!(reply.contains("certificate-not-trusted"), "{reply}");
    assert!(
        sender
            .govmail(&["queue", "list"])
            .contains("ngocttb@danang.gov.vn")
    );
    assert!(peer.subjects("ngocttb@danang.gov.vn").is_empty());
    // The policy was fetched and kept with its id.
    let cached = sender.store().mta_sts_policy(PEER).unwrap().unwrap();
    assert_eq!(cached.id, "20261207");
    assert!(cached.policy.contains("mode: enforce"), "{}", cached.policy);
    assert!(cached.expires_at > storage::now() + 86_000);

    // The peer gets a certificate of the CA for its MX name: the retry delivers.
    install_certificate(&peer, &ca);
    reload(&peer);
    // The policy host is gone by then: the cached policy still applies (RFC 8461 §5.1).
    drop(host);
    retry_and_expect_delivery(&sender, &peer, "Công văn khẩn (MTA-STS)");
    let relayed = String::from_utf8_lossy(&peer.inbox("ngocttb@danang.gov.vn")[0]).into_owned();
    assert!(relayed.contains("with ESMTPS"), "{relayed}");
}

#[test]
fn enforce_refuses_an_mx_host_the_policy_does_not_name() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let host = PolicyHost::start(
        &ca,
        "version: STSv1\nmode: enforce\nmx: *.mail.danang.gov.vn\nmax_age: 3600\n",
    );
    let stub = dns(&runtime, |z| {
        z.txt(&format!("_mta-sts.{PEER}"), "v=STSv1; id=1")
    });
    let peer = Server::create(PEER, |c| c);
    install_certificate(&peer, &ca);
    let peer = peer.spawn();
    let sender = sender(&peer, &stub, &ca, host.port, |c| c);
    submit(&sender, "Giấy mời");
    let (status, reply) = deferred(&sender);
    assert_eq!(status, "4.7.5", "{reply}");
    assert!(
        reply.contains("not an MX host the MTA-STS policy"),
        "{reply}"
    );
    assert!(peer.subjects("ngocttb@danang.gov.vn").is_empty());
}

/// The message of `inbox` whose subject starts with "Report Domain:".
fn tls_report(peer: &Server) -> Option<Vec<u8>> {
    peer.inbox("annv@danang.gov.vn")
        .into_iter()
        .find(|m| is_report(m))
}

fn is_report(raw: &[u8]) -> bool {
    mail_parser::MessageParser::default()
        .parse(raw)
        .and_then(|m| {
            m.subject()
                .map(|s| s.starts_with("Report Domain: danang.gov.vn"))
        })
        .unwrap_or(false)
}

#[test]
fn testing_mode_delivers_and_the_next_day_sends_one_tls_report() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let host = PolicyHost::start(
        &ca,
        "version: STSv1\r\nmode: testing\r\nmx: mx.danang.gov.vn\r\nmax_age: 86400\r\n",
    );
    let stub = dns(&runtime, |z| {
        z.txt(&format!("_mta-sts.{PEER}"), "v=STSv1; id=t1").txt(
            &format!("_smtp._tls.{PEER}"),
            "v=TLSRPTv1; rua=mailto:annv@danang.gov.vn",
        )
    });
    let peer = Server::start(PEER, |c| c);
    let mut sender = sender(&peer, &stub, &ca, host.port, |c| c);
    submit(&sender, "Báo cáo (testing)");
    // Delivered although the certificate is self-signed.
    peer.wait_until("the delivery", |p| {
        p.subjects("ngocttb@danang.gov.vn") == ["Báo cáo (testing)"]
    });
    sender.wait_until("an empty queue", |s| {
        s.store().queue_list().unwrap().is_empty()
    });

    // Make today's counts yesterday's, as if midnight had passed, and start again: the
    // report goes out at start.
    sender.stop();
    let db = rusqlite::Connection::open(sender.root.join("data/govmail.db")).unwrap();
    let moved = db
        .execute("UPDATE tls_report_results SET day = day - 1", [])
        .unwrap();
    assert!(moved >= 1);
    drop(db);
    // (The log is kept across starts; spawn() waits for the first "govmail running".)
    sender.log.lock().unwrap().clear();
    let mut sender = sender.spawn();
    peer.wait_until("the TLS report", |p| tls_report(p).is_some());
    let raw = tls_report(&peer).unwrap();
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    // RFC 8460 §5.3 headers.
    assert!(text.contains("TLS-Report-Domain: danang.gov.vn"), "{text}");
    assert!(
        text.contains("TLS-Report-Submitter: mail.quangngai.gov.vn"),
        "{text}"
    );
    let subject = message.subject().unwrap();
    assert!(
        subject.starts_with(
            "Report Domain: danang.gov.vn Submitter: mail.quangngai.gov.vn Report-ID: <"
        ),
        "{subject}"
    );
    assert!(
        text.contains("report-type=\"tlsrpt\"") || text.contains("report-type=tlsrpt"),
        "{text}"
    );
    let part = message
        .attachments()
        .find(|a| {
            a.content_type().is_some_and(|ct| {
                ct.ctype() == "application" && ct.subtype() == Some("tlsrpt+gzip")
            })
        })
        .expect("an application/tlsrpt+gzip part");
    let name = part.attachment_name().unwrap();
    assert!(
        name.starts_with("mail.quangngai.gov.vn!danang.gov.vn!"),
        "{name}"
    );
    assert!(name.ends_with(".json.gz"), "{name}");
    let mut json = String::new();
    flate2::read::GzDecoder::new(part.contents())
        .read_to_string(&mut json)
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    // RFC 8460 §4.4 fields.
    assert_eq!(
        report["organization-name"], "mail.quangngai.gov.vn",
        "{report}"
    );
    assert_eq!(report["contact-info"], "postmaster@mail.quangngai.gov.vn");
    assert!(
        report["report-id"]
            .as_str()
            .is_some_and(|id| subject.contains(id))
    );
    let start = report["date-range"]["start-datetime"].as_str().unwrap();
    let end = report["date-range"]["end-datetime"].as_str().unwrap();
    assert!(
        start.ends_with("T00:00:00Z") && end.ends_with("T23:59:59Z"),
        "{report}"
    );
    assert_eq!(start[..10], end[..10]);
    let policies = report["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 1, "{report}");
    let p = &policies[0];
    assert_eq!(p["policy"]["policy-type"], "sts");
    assert_eq!(p["policy"]["policy-domain"], "danang.gov.vn");
    let lines: Vec<&str> = p["policy"]["policy-string"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(lines.contains(&"mode: testing"), "{lines:?}");
    assert_eq!(
        p["policy"]["mx-host"],
        serde_json::json!(["mx.danang.gov.vn"])
    );
    assert_eq!(
        p["summary"]["total-successful-session-count"], 0,
        "{report}"
    );
    assert_eq!(p["summary"]["total-failure-session-count"], 1, "{report}");
    let detail = &p["failure-details"][0];
    assert_eq!(detail["result-type"], "certificate-not-trusted");
    assert_eq!(detail["receiving-mx-hostname"], "mx.danang.gov.vn");
    assert_eq!(detail["receiving-ip"], "127.0.0.1");
    assert_eq!(detail["failed-session-count"], 1);

    // Another restart sends nothing more: the counts were taken with the report.
    sender.stop();
    sender.log.lock().unwrap().clear();
    let sender = sender.spawn();
    std::thread::sleep(std::time::Duration::from_secs(2));
    sender.wait_until("an empty queue", |s| {
        s.store().queue_list().unwrap().is_empty()
    });
    let reports = peer
        .inbox("annv@danang.gov.vn")
        .iter()
        .filter(|m| is_report(m))
        .count();
    assert_eq!(reports, 1);
    drop(host);
}

/// SHA-256 of the SubjectPublicKeyInfo of the peer's certificate (a "3 1 1" TLSA record).
fn spki_sha256(peer: &Server) -> Vec<u8> {
    use sha2::Digest;
    let pem = std::fs::read(peer.root.join("tls/cert.pem")).unwrap();
    let (_, pem) = x509_parser::pem::parse_x509_pem(&pem).unwrap();
    let cert = pem.parse_x509().unwrap();
    sha2::Sha256::digest(cert.tbs_certificate.subject_pki.raw).to_vec()
}

fn dane_zone(z: Zone, tlsa: Vec<u8>) -> Zone {
    z.secure(PEER)
        .record(&format!("_25._tcp.{MX}"), Record::Tlsa(3, 1, 1, tlsa))
        .secure(&format!("_25._tcp.{MX}"))
}

#[test]
fn dane_ee_with_a_matching_tlsa_record_delivers_to_a_self_signed_peer() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let peer = Server::start(PEER, |c| c);
    // DANE-EE ignores names and issuers: the self-signed certificate of `govmail init`.
    let stub = dns(&runtime, |z| dane_zone(z, spki_sha256(&peer)));
    let sender = sender(&peer, &stub, &ca, 1, with_dane);
    submit(&sender, "Qua DANE");
    peer.wait_until("the delivery", |p| {
        p.subjects("ngocttb@danang.gov.vn") == ["Qua DANE"]
    });
}

#[test]
fn dane_with_a_tlsa_record_that_does_not_match_defers() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let peer = Server::start(PEER, |c| c);
    let stub = dns(&runtime, |z| dane_zone(z, vec![0x5a; 32]));
    let sender = sender(&peer, &stub, &ca, 1, with_dane);
    submit(&sender, "Qua DANE (sai)");
    let (status, reply) = deferred(&sender);
    assert_eq!(status, "4.7.5", "{reply}");
    assert!(
        reply.contains("DANE") && reply.contains("tlsa-invalid"),
        "{reply}"
    );
    assert!(peer.subjects("ngocttb@danang.gov.vn").is_empty());
}

#[test]
fn dane_is_not_used_when_the_answers_are_not_authenticated() {
    // The same non-matching record, but without the AD bit: opportunistic TLS delivers.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let peer = Server::start(PEER, |c| c);
    let stub = dns(&runtime, |z| {
        z.record(
            &format!("_25._tcp.{MX}"),
            Record::Tlsa(3, 1, 1, vec![0x5a; 32]),
        )
    });
    let sender = sender(&peer, &stub, &ca, 1, with_dane);
    submit(&sender, "Không DNSSEC");
    peer.wait_until("the delivery", |p| {
        p.subjects("ngocttb@danang.gov.vn") == ["Không DNSSEC"]
    });
}

#[test]
fn require_tls_defers_until_the_peer_certificate_is_valid() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let stub = dns(&runtime, |z| z);
    let peer = Server::start(PEER, |c| c);
    // Through a static route: require_tls applies to routes too.
    let port = peer.smtp_port;
    let sender = sender(&peer, &stub, &ca, 1, |c| {
        assert!(c.contains("require_tls = []"));
        format!(
            "{}\n[relay.routes]\n\"{PEER}\" = \"{MX}:{port}\"\n",
            c.replace("require_tls = []", "require_tls = [\"DaNang.gov.vn\"]")
        )
    });
    submit(&sender, "Bắt buộc TLS");
    let (status, reply) = deferred(&sender);
    assert_eq!(status, "4.7.5", "{reply}");
    assert!(reply.contains("require_tls"), "{reply}");
    install_certificate(&peer, &ca);
    reload(&peer);
    retry_and_expect_delivery(&sender, &peer, "Bắt buộc TLS");
}

#[test]
fn a_policy_that_cannot_be_fetched_is_no_policy_and_is_reported() {
    // RFC 8461 §5: no cached policy and no policy host: delivered as before (opportunistic
    // TLS), and the failed fetch is counted for TLS-RPT.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let stub = dns(&runtime, |z| {
        z.txt(&format!("_mta-sts.{PEER}"), "v=STSv1; id=9")
    });
    let peer = Server::start(PEER, |c| c);
    let closed = common::free_port();
    let sender = sender(&peer, &stub, &ca, closed, |c| c);
    submit(&sender, "Không có chính sách");
    peer.wait_until("the delivery", |p| {
        p.subjects("ngocttb@danang.gov.vn") == ["Không có chính sách"]
    });
    sender.wait_until("an empty queue", |s| {
        s.store().queue_list().unwrap().is_empty()
    });
    assert_eq!(sender.store().mta_sts_policy(PEER).unwrap(), None);
    let today = storage::now().div_euclid(86_400);
    let rows = sender.store().take_tls_results(today, PEER).unwrap();
    assert!(
        rows.iter()
            .any(|r| r.result.policy_type == "no-policy-found"
                && r.result.result_type == "sts-policy-fetch-error"),
        "{rows:?}"
    );
}

#[test]
fn a_tls_report_is_delivered_despite_the_failure_it_reports() {
    // RFC 8460 §5.3: the report reaches a domain whose enforced policy our mail fails, while
    // the mail itself stays queued.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let ca = Ca::new();
    let host = PolicyHost::start(&ca, ENFORCE);
    let stub = dns(&runtime, |z| {
        z.txt(&format!("_mta-sts.{PEER}"), "v=STSv1; id=e1").txt(
            &format!("_smtp._tls.{PEER}"),
            "v=TLSRPTv1; rua=mailto:annv@danang.gov.vn",
        )
    });
    let peer = Server::start(PEER, |c| c);
    let mut sender = sender(&peer, &stub, &ca, host.port, |c| c);
    submit(&sender, "Vẫn chờ");
    let (status, _) = deferred(&sender);
    assert_eq!(status, "4.7.5");
    sender.stop();
    let db = rusqlite::Connection::open(sender.root.join("data/govmail.db")).unwrap();
    db.execute("UPDATE tls_report_results SET day = day - 1", [])
        .unwrap();
    drop(db);
    sender.log.lock().unwrap().clear();
    let sender = sender.spawn();
    peer.wait_until("the TLS report", |p| tls_report(p).is_some());
    let raw = tls_report(&peer).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    assert!(text.contains("TLS-Report-Domain: danang.gov.vn"), "{text}");
    // The mail it reports on is still waiting.
    assert!(peer.subjects("ngocttb@danang.gov.vn").is_empty());
    let queued = sender.store().queue_list().unwrap();
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].recipients[0].address, "ngocttb@danang.gov.vn");
    drop(host);
}
