//! Outbound TLS: the MTA-STS policies cached per domain, and the TLS results counted per day
//! for TLS reports (RFC 8460), each report's results taken once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// By path: this file is also a module of `conformance_postgres`.
#[path = "common/mod.rs"]
mod common;

use storage::{CachedStsPolicy, TlsResult};

fn result(day: i64, domain: &str, failure: &str) -> TlsResult {
    TlsResult {
        day,
        domain: domain.into(),
        policy_type: "sts".into(),
        policy_string: "version: STSv1\nmode: enforce".into(),
        mx_host: "mx.danang.gov.vn".into(),
        result_type: failure.into(),
        receiving_ip: "192.0.2.1".into(),
    }
}

#[test]
fn policies_and_results_are_kept_and_taken_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = common::open_backend(dir.path());
    assert_eq!(store.mta_sts_policy("danang.gov.vn").unwrap(), None);
    let policy = CachedStsPolicy {
        id: "20261207".into(),
        policy: "version: STSv1\r\n".into(),
        fetched_at: 10,
        expires_at: 20,
    };
    store
        .set_mta_sts_policy("danang.gov.vn", policy.clone())
        .unwrap();
    let newer = CachedStsPolicy {
        id: "20261208".into(),
        ..policy
    };
    store
        .set_mta_sts_policy("danang.gov.vn", newer.clone())
        .unwrap();
    assert_eq!(store.mta_sts_policy("danang.gov.vn").unwrap(), Some(newer));

    store.count_tls_result(result(100, "danang.gov.vn", ""));
    store.count_tls_result(result(100, "danang.gov.vn", ""));
    store.count_tls_result(result(100, "danang.gov.vn", "certificate-expired"));
    store.count_tls_result(result(101, "hue.gov.vn", ""));
    // Counts are written behind: a synchronous write after them commits them too (SQLite);
    // PostgreSQL flushes its buffered counts before it looks for reports due.
    store
        .set_mta_sts_policy(
            "x.test",
            CachedStsPolicy {
                id: "1".into(),
                policy: String::new(),
                fetched_at: 0,
                expires_at: 0,
            },
        )
        .unwrap();
    assert_eq!(
        store.tls_reports_due(101).unwrap(),
        [(100, "danang.gov.vn".to_string())]
    );
    let mut taken = store.take_tls_results(100, "danang.gov.vn").unwrap();
    taken.sort_by_key(|c| c.count);
    assert_eq!(taken.len(), 2);
    assert_eq!(taken[0].count, 1);
    assert_eq!(taken[0].result.result_type, "certificate-expired");
    assert_eq!(taken[1].count, 2);
    assert!(
        store
            .take_tls_results(100, "danang.gov.vn")
            .unwrap()
            .is_empty()
    );
    assert!(store.tls_reports_due(101).unwrap().is_empty());
    assert_eq!(store.tls_reports_due(102).unwrap().len(), 1);
}
