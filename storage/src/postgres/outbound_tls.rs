//! Outbound TLS on PostgreSQL: the MTA-STS policy cache (RFC 8461 §5.1) and the day's TLS
//! results for TLS-RPT (RFC 8460 §4), as SQLite's (storage/src/sqlite/outbound_tls.rs).
//!
//! Results are counted in memory and added with the node's next flush (`buffer`), as
//! increments, so every node's counts land in the same rows. A day's results are taken out
//! with `DELETE … RETURNING` in one statement: of two nodes taking the same (day, domain) at
//! once, the second waits for the first's row locks and then finds the rows gone, so one
//! report is sent once, by one node.

use super::pool::Queries;
use super::{PgBackend, pg_write};
use crate::backend::OutboundTls;
use crate::error::Result;
use crate::{CachedStsPolicy, TlsResult, TlsResultCount};

impl OutboundTls for PgBackend {
    fn mta_sts_policy(&self, domain: &str) -> Result<Option<CachedStsPolicy>> {
        let domain = domain.to_string();
        self.read(move |c| async move {
            Ok(c.query_opt(
                "SELECT id, policy, fetched_at, expires_at FROM mta_sts_policies \
                 WHERE domain = $1",
                &[&domain],
            )
            .await?
            .map(|r| CachedStsPolicy {
                id: r.get(0),
                policy: r.get(1),
                fetched_at: r.get(2),
                expires_at: r.get(3),
            }))
        })
    }

    fn set_mta_sts_policy(&self, domain: &str, policy: CachedStsPolicy) -> Result<()> {
        let domain = domain.to_string();
        pg_write!(self, |tx, notes| {
            tx.execute(
                "INSERT INTO mta_sts_policies (domain, id, policy, fetched_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (domain) DO UPDATE SET \
                 id = excluded.id, policy = excluded.policy, \
                 fetched_at = excluded.fetched_at, expires_at = excluded.expires_at",
                &[
                    &domain,
                    &policy.id,
                    &policy.policy,
                    &policy.fetched_at,
                    &policy.expires_at,
                ],
            )
            .await?;
            Ok(())
        })
    }

    fn count_tls_result(&self, result: TlsResult) {
        self.domain().count_tls(result);
    }

    fn tls_reports_due(&self, day: i64) -> Result<Vec<(i64, String)>> {
        // This node's counts first, so that a report due now includes them.
        self.flush_buffers()?;
        self.read(move |c| async move {
            Ok(c.query(
                "SELECT day, domain FROM (SELECT DISTINCT day, domain \
                 FROM tls_report_results WHERE day < $1) t ORDER BY day, domain COLLATE \"C\"",
                &[&day],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
        })
    }

    fn take_tls_results(&self, day: i64, domain: &str) -> Result<Vec<TlsResultCount>> {
        self.flush_buffers()?;
        let domain = domain.to_string();
        pg_write!(self, |tx, notes| {
            let rows = tx
                .query(
                    "DELETE FROM tls_report_results WHERE day = $1 AND domain = $2 \
                     RETURNING policy_type, policy_string, mx_host, result_type, \
                     receiving_ip, count",
                    &[&day, &domain],
                )
                .await?;
            Ok(rows
                .iter()
                .map(|r| TlsResultCount {
                    result: TlsResult {
                        day,
                        domain: domain.clone(),
                        policy_type: r.get(0),
                        policy_string: r.get(1),
                        mx_host: r.get(2),
                        result_type: r.get(3),
                        receiving_ip: r.get(4),
                    },
                    count: r.get::<_, i64>(5).max(0) as u64,
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    #[allow(unused_imports)]
    use crate::backend::*;
    use crate::postgres::domain_tests::{backend, node};

    /// Counts spread over two nodes, and the report taken by both at once: counted whole,
    /// taken once. (One store's policies and results: storage/tests/outbound_tls.rs.)
    #[test]
    fn results_counted_on_two_nodes_are_taken_once() {
        let Some((pg, dir, a)) = backend() else {
            return;
        };
        let b = node(&pg, &dir);
        let ok = TlsResult {
            day: 100,
            domain: "danang.gov.vn".into(),
            policy_type: "sts".into(),
            policy_string: "version: STSv1\nmode: enforce".into(),
            mx_host: "mx.danang.gov.vn".into(),
            result_type: String::new(),
            receiving_ip: "192.0.2.1".into(),
        };
        let expired = TlsResult {
            result_type: "certificate-expired".into(),
            ..ok.clone()
        };
        a.count_tls_result(ok.clone());
        b.count_tls_result(ok);
        a.count_tls_result(expired);
        b.flush_usage().unwrap();
        // a's counts are flushed by the look itself.
        assert_eq!(
            a.tls_reports_due(101).unwrap(),
            [(100, "danang.gov.vn".to_string())]
        );
        let (ta, tb) = std::thread::scope(|s| {
            let ta = s.spawn(|| a.take_tls_results(100, "danang.gov.vn").unwrap());
            let tb = s.spawn(|| b.take_tls_results(100, "danang.gov.vn").unwrap());
            (ta.join().unwrap(), tb.join().unwrap())
        });
        assert!(ta.is_empty() || tb.is_empty(), "taken twice: {ta:?} {tb:?}");
        let mut counts: Vec<_> = ta.iter().chain(&tb).map(|c| c.count).collect();
        counts.sort_unstable();
        assert_eq!(counts, [1, 2]);
        assert!(b.tls_reports_due(101).unwrap().is_empty());
    }
}
