//! Message contents in an S3-compatible object store (`[storage.blobs] backend = "s3"`),
//! against a real S3 server (moto's, see common::s3): the backend's conformance, a 10 MB
//! object, listings over several pages, errors classed, and the real server delivering a
//! large message over SMTP into the bucket and reading it back over IMAP, keys kept out of
//! its logs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::s3::{ACCESS_KEY_ID, S3Server, SECRET_ACCESS_KEY};
use common::{PASSWORD, Server, python};
use storage::{BlobErrorKind, BlobStore, Put, S3Blobs};

#[test]
fn the_s3_backend_against_a_real_server() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("govmail-thu");
    let blobs = S3Blobs::open(s3.config("govmail-thu")).unwrap();
    storage::blob_conformance(&blobs).unwrap();

    // A 10 MB message: whole, and read in ranges as IMAP partial FETCH does.
    let big: Vec<u8> = (0..10 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let hash = storage::hash_hex(&big);
    assert_eq!(blobs.put(&hash, &big).unwrap(), Put::Created);
    assert_eq!(blobs.size(&hash).unwrap(), Some(big.len() as u64));
    assert!(blobs.get(&hash).unwrap() == big);
    assert!(blobs.get_range(&hash, 5_000_000..5_000_100).unwrap() == big[5_000_000..5_000_100]);
    assert!(blobs.get_range(&hash, 10_485_000..20_000_000).unwrap() == big[10_485_000..]);
    blobs.delete(&hash).unwrap();

    // A prefix keeps another user of the bucket out of the listing, which goes over several
    // pages of a thousand.
    let mut config = s3.config("govmail-thu");
    config.prefix = "quangngai/".into();
    let prefixed = Arc::new(S3Blobs::open(config).unwrap());
    let stranger = b"not a govmail blob".to_vec();
    blobs.put(&storage::hash_hex(&stranger), &stranger).unwrap();
    let items: Vec<(String, Vec<u8>)> = (0..1005u32)
        .map(|i| {
            let data = format!("thư số {i}").into_bytes();
            (storage::hash_hex(&data), data)
        })
        .collect();
    std::thread::scope(|scope| {
        for chunk in items.chunks(260) {
            let prefixed = prefixed.clone();
            scope.spawn(move || {
                for (h, data) in chunk {
                    prefixed.put(h, data).unwrap();
                }
            });
        }
    });
    let mut listed: Vec<String> = prefixed
        .list()
        .unwrap()
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    listed.sort();
    let mut expected: Vec<String> = items.iter().map(|(h, _)| h.clone()).collect();
    expected.sort();
    assert_eq!(listed.len(), 1005);
    assert!(listed == expected);
    // Without the prefix, its objects' names are not blob names: only the stranger is listed.
    assert_eq!(
        blobs.list().unwrap(),
        vec![(storage::hash_hex(&stranger), 18)]
    );

    // Errors are classed: a missing bucket is the operator's to fix, a server that does not
    // answer is worth retrying.
    let missing = S3Blobs::open(s3.config("no-such-bucket")).unwrap_err();
    assert_eq!(missing.kind, BlobErrorKind::Denied, "{missing}");
    assert!(missing.to_string().contains("no-such-bucket"), "{missing}");
    let mut dead = s3.config("govmail-thu");
    dead.endpoint = format!("http://127.0.0.1:{}", common::free_port());
    let down = S3Blobs::open(dead).unwrap_err();
    assert_eq!(down.kind, BlobErrorKind::Unavailable, "{down}");
    for shown in [missing.to_string(), down.to_string(), format!("{blobs:?}")] {
        assert!(!shown.contains(SECRET_ACCESS_KEY), "{shown}");
    }
}

/// A TLS front for `backend` on loopback, as a real S3 endpoint would be: certificate for
/// "localhost" from a CA of its own, whose PEM file it returns with its port.
fn tls_front(backend: u16, dir: &std::path::Path) -> (u16, std::path::PathBuf) {
    let signing_key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    let cert = params.self_signed(&signing_key).unwrap();
    let ca = dir.join("s3-ca.pem");
    std::fs::write(&ca, cert.pem()).unwrap();
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client refusing the certificate ends the handshake: nothing to do.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let Ok(mut plain) =
                        tokio::net::TcpStream::connect(("127.0.0.1", backend)).await
                    else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
    });
    (port, ca)
}

/// TLS to the endpoint: with the private CA given (ca_file) the backend works over https;
/// without it the certificate is refused and nothing is sent.
#[test]
fn the_s3_endpoint_is_reached_over_tls() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("govmail-tls");
    let dir = tempfile::tempdir().unwrap();
    let (port, ca) = tls_front(s3.port, dir.path());
    let mut config = s3.config("govmail-tls");
    config.endpoint = format!("https://localhost:{port}");
    config.timeout = std::time::Duration::from_secs(5);
    let untrusted = S3Blobs::open(config.clone()).unwrap_err();
    assert!(
        matches!(
            untrusted.kind,
            BlobErrorKind::Unavailable | BlobErrorKind::Denied
        ),
        "{untrusted}"
    );
    config.ca_file = Some(ca);
    let blobs = S3Blobs::open(config).unwrap();
    storage::blob_conformance(&blobs).unwrap();
}

const FETCH: &str = r#"
import imaplib, ssl, sys
port, password, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sent = open(path, "rb").read()
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
m = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=ctx)
m.login("annv@quangngai.gov.vn", password)
typ, data = m.select("INBOX")
assert typ == "OK" and data[0] == b"1", data
typ, data = m.fetch("1", "(RFC822.SIZE BODY.PEEK[])")
assert typ == "OK", data
whole = data[0][1]
# The server put its Received: line on top; the rest is what was sent.
assert whole.endswith(sent), (len(whole), len(sent))
typ, data = m.fetch("1", "(BODY.PEEK[]<150000.1000>)")
assert typ == "OK", data
assert data[0][1] == whole[150000:151000], data[0][0]
typ, data = m.fetch("1", "(BINARY.PEEK[]<200.50>)")
assert typ == "OK" and data[0][1] == whole[200:250], data
m.store("1", "+FLAGS", "\\Deleted")
m.expunge()
m.logout()
"#;

/// The real server with `[storage.blobs] backend = "s3"`: a message larger than the inline
/// limit goes over SMTP into the bucket (not under data/blobs), comes back whole and in
/// ranges over IMAP, passes `check --deep`, is backed up from the bucket and restored into
/// another, leaves the bucket when expunged, and the secret key is nowhere in the logs.
#[test]
fn a_large_message_delivered_over_smtp_lives_in_s3_and_is_read_over_imap() {
    let Some(s3) = S3Server::start() else { return };
    s3.create_bucket("govmail");
    let endpoint = s3.endpoint.clone();
    // The keys in a file of their own (every `govmail` command of the test reads it).
    let keys = tempfile::tempdir().unwrap();
    let credentials = keys.path().join("s3-credentials.toml");
    std::fs::write(
        &credentials,
        format!(
            "access_key_id = \"{ACCESS_KEY_ID}\"\nsecret_access_key = \"{SECRET_ACCESS_KEY}\"\n"
        ),
    )
    .unwrap();
    let server = Server::start("quangngai.gov.vn", |config| {
        format!(
            "{config}\n{}",
            s3_section(&endpoint, "govmail", &credentials)
        )
    });

    let mut message = "From: Phòng Hành chính <hanhchinh@danang.gov.vn>\r\n\
                       To: annv@quangngai.gov.vn\r\n\
                       Subject: =?UTF-8?B?QsOhbyBjw6FvIHF1w70gSUlJ?=\r\n\
                       Message-ID: <s3-test@danang.gov.vn>\r\n\
                       MIME-Version: 1.0\r\n\
                       Content-Type: text/plain; charset=utf-8\r\n\r\n"
        .to_string();
    let mut line = 0;
    while message.len() < 300 * 1024 {
        line += 1;
        message.push_str(&format!(
            "Dòng {line}: Ủy ban nhân dân tỉnh Quảng Ngãi báo cáo tình hình quý III.\r\n"
        ));
    }
    assert!(message.len() > storage::INLINE_MAX);
    common::smtp_deliver(
        server.smtp_port,
        "hanhchinh@danang.gov.vn",
        "annv@quangngai.gov.vn",
        &[message.as_bytes()],
    );

    // The content is in the bucket under the prefix, not on the local disk.
    let blobs = S3Blobs::open({
        let mut c = s3.config("govmail");
        c.prefix = "msg/".into();
        c
    })
    .unwrap();
    let stored = blobs.list().unwrap();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(stored[0].1 > message.len() as u64);
    let local = server.root.join("data").join("blobs");
    let files = walk(&local);
    assert!(files.is_empty(), "blob files on the local disk: {files:?}");

    let check = server.govmail(&["check", "--deep"]);
    assert!(!check.contains(SECRET_ACCESS_KEY), "{check}");

    // Backup reads the contents out of the bucket; restore into a new instance on another
    // bucket puts them there, and that instance checks clean.
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("nightly");
    let out = server.govmail(&["backup", dest.to_str().unwrap()]);
    assert!(out.contains("every file verified"), "{out}");
    s3.create_bucket("govmail-restored");
    let fresh = Server::create("quangngai.gov.vn", |config| {
        format!(
            "{config}\n{}",
            s3_section(&endpoint, "govmail-restored", &credentials)
        )
    });
    let out = fresh.govmail(&["restore", dest.to_str().unwrap()]);
    assert!(out.contains("Restored"), "{out}");
    fresh.govmail(&["check", "--deep"]);
    let restored = S3Blobs::open({
        let mut c = s3.config("govmail-restored");
        c.prefix = "msg/".into();
        c
    })
    .unwrap();
    assert_eq!(restored.list().unwrap(), stored);
    let files = walk(&fresh.root.join("data").join("blobs"));
    assert!(
        files.is_empty(),
        "restored blob files on the local disk: {files:?}"
    );

    let sent = server.root.join("sent.eml");
    std::fs::write(&sent, message.as_bytes()).unwrap();
    python(
        FETCH,
        &[
            &server.imaps_port.to_string(),
            PASSWORD,
            sent.to_str().unwrap(),
        ],
    );
    server.wait_until("the expunged message's blob to leave the bucket", |_| {
        blobs.list().unwrap().is_empty()
    });

    let log = server.log.lock().unwrap().clone();
    assert!(log.contains("S3 bucket govmail"), "{log}");
    assert!(
        !log.contains(SECRET_ACCESS_KEY),
        "the secret key is in the log"
    );
}

/// The `[storage.blobs]` section for `bucket` on the test's S3 server.
fn s3_section(endpoint: &str, bucket: &str, credentials: &std::path::Path) -> String {
    format!(
        "[storage.blobs]\nbackend = \"s3\"\nendpoint = \"{endpoint}\"\nbucket = \"{bucket}\"\n\
         prefix = \"msg/\"\ncredentials_file = \"{}\"\n",
        credentials.display()
    )
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
