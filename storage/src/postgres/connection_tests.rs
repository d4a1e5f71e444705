//! Connecting: the test harness itself, the password from the URL, a file or the
//! environment, TLS with a private CA and `sslmode=require`.
#![allow(clippy::unwrap_used)]

use super::pool::Queries;
use super::testing::{TEST_PASSWORD, TestOptions, TestPostgres};
use super::{PgBackend, PgConfig};
#[allow(unused_imports)]
use crate::backend::*;
use crate::error::StorageError;

fn scalar(backend: &PgBackend, sql: &'static str) -> String {
    backend
        .run(move |pool| async move {
            let client = pool.get().await?;
            let row = client.query_one(sql, &[]).await?;
            Ok(row.get::<_, String>(0))
        })
        .unwrap()
}

#[test]
fn the_harness_starts_a_server_and_the_pool_reuses_connections() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    assert_eq!(pg.psql("SELECT 1 + 1").trim(), "2");
    let blobs = tempfile::tempdir().unwrap();
    let mut config = PgConfig::new(pg.url());
    config.pool_size = 2;
    let backend = PgBackend::open(&config, blobs.path()).unwrap();
    // Many operations from many threads through two connections, each one answered.
    std::thread::scope(|s| {
        for _ in 0..6 {
            s.spawn(|| {
                for _ in 0..10 {
                    assert_eq!(scalar(&backend, "SELECT 'Việt Nam'::text"), "Việt Nam");
                }
            });
        }
    });
    let connections: i64 = pg
        .psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'govmail'")
        .trim()
        .parse()
        .unwrap();
    assert!(
        connections <= 2,
        "{connections} connections for a pool of 2"
    );
    // Called from inside a caller's async runtime (as through spawn_blocking), it works too.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let b = backend.clone();
    let got = rt
        .block_on(async move {
            tokio::task::spawn_blocking(move || scalar(&b, "SELECT current_user::text")).await
        })
        .unwrap();
    assert_eq!(got, "govmail");
    // The last handle dropped on an async thread does not panic.
    rt.block_on(async move { drop(backend) });
}

#[test]
fn the_password_comes_from_a_file_when_the_url_has_none() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let blobs = tempfile::tempdir().unwrap();
    let mut config = PgConfig::new(pg.url_without_password());
    let file = blobs.path().join("db-password");
    std::fs::write(&file, format!("{TEST_PASSWORD}\n")).unwrap();
    config.password_file = Some(file.clone());
    PgBackend::open(&config, blobs.path()).unwrap();
    // A wrong password is refused, and the error does not show it.
    std::fs::write(&file, "sai-mật-khẩu\n").unwrap();
    let err = PgBackend::open(&config, blobs.path())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(!err.contains("sai-mật-khẩu"), "{err}");
}

fn tls_server() -> Option<(TestPostgres, tempfile::TempDir, std::path::PathBuf)> {
    let ca = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "govmail test CA");
    let ca_cert = ca_params.self_signed(&ca).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca);
    let key = rcgen::KeyPair::generate().unwrap();
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();
    let pg = TestPostgres::start_with(TestOptions {
        tls: Some((cert.pem(), key.serialize_pem())),
        ..Default::default()
    })?;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();
    Some((pg, dir, ca_file))
}

#[test]
fn tls_to_the_database_is_verified_and_sslmode_require_is_honoured() {
    let Some((pg, dir, ca_file)) = tls_server() else {
        return;
    };
    let url = format!("{}?sslmode=require", pg.url());
    // Without our CA the server's certificate is not trusted: refused, not used blindly.
    let err = PgBackend::open(&PgConfig::new(url.clone()), dir.path())
        .err()
        .unwrap();
    assert!(matches!(err, StorageError::Backend { .. }), "{err}");
    let mut config = PgConfig::new(url);
    config.ca_file = Some(ca_file.clone());
    let backend = PgBackend::open(&config, dir.path()).unwrap();
    let ssl = backend
        .run(|pool| async move {
            let client = pool.get().await?;
            let row = client
                .query_one(
                    "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                    &[],
                )
                .await?;
            Ok(row.get::<_, String>(0))
        })
        .unwrap();
    assert_eq!(ssl, "true");
    // The server refuses plain connections (pg_hba: hostssl only): sslmode=disable fails,
    // which shows the successful connection above really was over TLS.
    let mut plain = PgConfig::new(format!("{}?sslmode=disable", pg.url()));
    plain.ca_file = Some(ca_file);
    assert!(PgBackend::open(&plain, dir.path()).is_err());
}

#[test]
fn sslmode_require_refuses_a_server_without_tls() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = PgConfig::new(format!("{}?sslmode=require", pg.url()));
    assert!(PgBackend::open(&config, dir.path()).is_err());
    // The default (prefer) falls back to a plain connection there.
    PgBackend::open(&PgConfig::new(pg.url()), dir.path()).unwrap();
}

/// A database that does not answer is a temporary condition (SMTP 4xx, IMAP NO, retried),
/// not our own failure: the error says Unavailable.
#[test]
fn an_unreachable_database_is_unavailable() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgres://govmail:pw@127.0.0.1:{port}/govmail");
    let err = PgBackend::open(&PgConfig::new(url), dir.path())
        .err()
        .unwrap();
    assert_eq!(err.kind(), crate::ErrorKind::Unavailable, "{err}");
    assert!(!err.to_string().contains(":pw@"), "{err}");
}

/// Statements are prepared once per connection (one round trip each after that), and one
/// the server can no longer run as prepared (a table changed under a `SELECT *`: "cached
/// plan must not change result type") fails once and is prepared again next time.
#[test]
fn statements_are_prepared_once_per_connection_and_a_stale_one_again() {
    let Some(pg) = TestPostgres::start() else {
        return;
    };
    let blobs = tempfile::tempdir().unwrap();
    let mut config = PgConfig::new(pg.url());
    config.pool_size = 1;
    let backend = PgBackend::open(&config, blobs.path()).unwrap();
    pg.psql(
        "CREATE TABLE govmail_schema_probe (a int); INSERT INTO govmail_schema_probe VALUES (1)",
    );
    let select = || {
        backend.run(|pool| async move {
            let c = pool.get().await?;
            let rows = c.query("SELECT * FROM govmail_schema_probe", &[]).await?;
            Ok(rows[0].len())
        })
    };
    for _ in 0..5 {
        assert_eq!(select().unwrap(), 1);
    }
    let count = || {
        backend
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.client()
                    .query_one(
                        "SELECT count(*) FROM pg_prepared_statements \
                         WHERE statement = 'SELECT * FROM govmail_schema_probe'",
                        &[],
                    )
                    .await?
                    .get::<_, i64>(0))
            })
            .unwrap()
    };
    assert_eq!(count(), 1, "prepared once for five uses");
    pg.psql("ALTER TABLE govmail_schema_probe ADD COLUMN b int");
    assert!(select().is_err());
    assert_eq!(select().unwrap(), 2);
}
