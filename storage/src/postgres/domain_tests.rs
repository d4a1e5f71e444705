//! What the tests of Register, Recall, Usage, Sieve, Grants, Roles, Quarantine and
//! OutboundTls on PostgreSQL share: a throwaway cluster and a small directory (domain
//! x.gov.vn; agencies UBND > STTTT; accounts made on demand).
#![allow(clippy::unwrap_used)]

#[allow(unused_imports)]
use super::pool::Queries;
use super::testing::TestPostgres;
use super::{PgBackend, PgConfig};
#[allow(unused_imports)]
use crate::backend::*;
use crate::{AccountId, AccountKind, NewAccount, Quota};

/// A backend on a fresh cluster with the directory's skeleton, or None (skipped) when
/// PostgreSQL is not installed outside CI.
pub(crate) fn backend() -> Option<(TestPostgres, tempfile::TempDir, PgBackend)> {
    let pg = TestPostgres::start()?;
    let dir = tempfile::tempdir().unwrap();
    let b = PgBackend::open(&PgConfig::new(pg.url()), dir.path()).unwrap();
    b.add_domain("x.gov.vn").unwrap();
    b.add_agency("UBND", "Ủy ban nhân dân", None, None).unwrap();
    b.add_agency("STTTT", "Sở Thông tin", Some("UBND"), None)
        .unwrap();
    Some((pg, dir, b))
}

/// A second node on the same database.
pub(crate) fn node(pg: &TestPostgres, dir: &tempfile::TempDir) -> PgBackend {
    PgBackend::open(&PgConfig::new(pg.url()), dir.path()).unwrap()
}

/// Creates `user@x.gov.vn` in STTTT.
pub(crate) fn account(b: &PgBackend, user: &str, kind: AccountKind) -> AccountId {
    b.create_account(NewAccount {
        address: format!("{user}@x.gov.vn"),
        display_name: format!("Nguyễn Văn {user}"),
        agency_code: "STTTT".into(),
        kind,
        password_hash: "x".into(),
        quota: Quota::default(),
    })
    .unwrap()
    .id
}

pub(crate) fn person(b: &PgBackend, user: &str) -> AccountId {
    account(b, user, AccountKind::Personal)
}

/// A document from `vanthu@x.gov.vn`-like sender `from` with Message-ID `<id>`, delivered to
/// `accounts` (mailbox `mailbox`), with `keywords`.
pub(crate) fn deliver(
    b: &PgBackend,
    from: &str,
    id: &str,
    accounts: &[AccountId],
    mailbox: &str,
    keywords: &[&str],
) -> Vec<crate::Delivered> {
    let raw: std::sync::Arc<[u8]> = format!(
        "From: Văn thư <{from}>\r\nSubject: Giấy mời số 45/GM-UBND\r\n\
         Message-ID: <{id}>\r\n\r\nNội dung\r\n"
    )
    .into_bytes()
    .into();
    let meta = crate::MessageMeta::parse(&raw);
    let targets = accounts
        .iter()
        .map(|&a| crate::DeliveryTarget {
            mailbox: mailbox.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            ..crate::DeliveryTarget::inbox(a)
        })
        .collect();
    b.deliver(raw, meta, crate::now(), targets).unwrap()
}
