//! What outbound TLS remembers: other domains' MTA-STS policies (RFC 8461 §5.1) and the
//! day's TLS session results for TLS-RPT (RFC 8460 §4), until the daily report takes them.

use rusqlite::{OptionalExtension, params};

use crate::backend::OutboundTls;
use crate::error::Result;
use crate::sqlite::SqliteBackend;

/// A cached MTA-STS policy of a recipient domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedStsPolicy {
    /// The `id` of the `_mta-sts` TXT record it was fetched under.
    pub id: String,
    /// The policy file (as parsed and written back).
    pub policy: String,
    pub fetched_at: i64,
    /// `fetched_at + max_age`: after this it must not be used.
    pub expires_at: i64,
}

/// One TLS session outcome to count (RFC 8460 §4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsResult {
    /// Days since 1970-01-01, UTC.
    pub day: i64,
    /// The policy domain (the recipient domain).
    pub domain: String,
    /// "sts", "tlsa" or "no-policy-found".
    pub policy_type: String,
    /// The policy's lines, joined by '\n'.
    pub policy_string: String,
    pub mx_host: String,
    /// "" for a success, else a result type of RFC 8460 §4.3.
    pub result_type: String,
    pub receiving_ip: String,
}

/// A counted row, as the report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsResultCount {
    pub result: TlsResult,
    pub count: u64,
}

impl OutboundTls for SqliteBackend {
    /// The cached MTA-STS policy of `domain`, expired or not.
    fn mta_sts_policy(&self, domain: &str) -> Result<Option<CachedStsPolicy>> {
        let domain = domain.to_string();
        self.db().read(move |conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id, policy, fetched_at, expires_at FROM mta_sts_policies \
                     WHERE domain = ?1",
                )?
                .query_row([domain], |r| {
                    Ok(CachedStsPolicy {
                        id: r.get(0)?,
                        policy: r.get(1)?,
                        fetched_at: r.get(2)?,
                        expires_at: r.get(3)?,
                    })
                })
                .optional()?)
        })
    }

    /// Keeps (or replaces) the policy of `domain`. Durable on return.
    fn set_mta_sts_policy(&self, domain: &str, policy: CachedStsPolicy) -> Result<()> {
        let domain = domain.to_string();
        self.db().write(move |ctx| {
            ctx.conn
                .prepare_cached(
                    "INSERT INTO mta_sts_policies (domain, id, policy, fetched_at, expires_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (domain) DO UPDATE SET \
                     id = excluded.id, policy = excluded.policy, \
                     fetched_at = excluded.fetched_at, expires_at = excluded.expires_at",
                )?
                .execute(params![
                    domain,
                    policy.id,
                    policy.policy,
                    policy.fetched_at,
                    policy.expires_at
                ])?;
            Ok(())
        })
    }

    /// Counts one TLS session outcome. Not waited for: a count lost in a crash only makes one
    /// report a little short.
    fn count_tls_result(&self, result: TlsResult) {
        self.db().write_behind(move |ctx| {
            ctx.conn
                .prepare_cached(
                    "INSERT INTO tls_report_results (day, domain, policy_type, policy_string, \
                     mx_host, result_type, receiving_ip, count) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1) \
                     ON CONFLICT DO UPDATE SET count = count + 1",
                )?
                .execute(params![
                    result.day,
                    result.domain,
                    result.policy_type,
                    result.policy_string,
                    result.mx_host,
                    result.result_type,
                    result.receiving_ip
                ])?;
            Ok(())
        });
    }

    /// The (day, domain) pairs with results recorded before `day`: the reports due.
    fn tls_reports_due(&self, day: i64) -> Result<Vec<(i64, String)>> {
        self.db().read(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT day, domain FROM tls_report_results WHERE day < ?1 \
                 ORDER BY day, domain",
            )?;
            let rows = stmt
                .query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    /// Takes the results of `domain` on `day` out of the store, in one transaction: whoever
    /// took them is the only one to report them (a report is never sent twice, even across
    /// a restart; one lost in a crash before it was queued is not sent at all).
    fn take_tls_results(&self, day: i64, domain: &str) -> Result<Vec<TlsResultCount>> {
        let domain = domain.to_string();
        self.db().write(move |ctx| {
            let mut stmt = ctx.conn.prepare_cached(
                "DELETE FROM tls_report_results WHERE day = ?1 AND domain = ?2 \
                 RETURNING policy_type, policy_string, mx_host, result_type, receiving_ip, count",
            )?;
            let rows = stmt
                .query_map(params![day, domain], |r| {
                    Ok(TlsResultCount {
                        result: TlsResult {
                            day,
                            domain: domain.clone(),
                            policy_type: r.get(0)?,
                            policy_string: r.get(1)?,
                            mx_host: r.get(2)?,
                            result_type: r.get(3)?,
                            receiving_ip: r.get(4)?,
                        },
                        count: r.get::<_, i64>(5)?.max(0) as u64,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }
}
