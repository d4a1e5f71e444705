//! Outbound TLS: the MTA-STS policy cache (RFC 8461) and TLS-RPT counts (RFC 8460).

use crate::{CachedStsPolicy, Result, TlsResult, TlsResultCount};

/// Outbound TLS: the MTA-STS policy cache (RFC 8461) and TLS-RPT counts (RFC 8460).
pub trait OutboundTls: Send + Sync {
    /// The cached MTA-STS policy of `domain`, expired or not.
    fn mta_sts_policy(&self, domain: &str) -> Result<Option<CachedStsPolicy>>;

    /// Keeps (or replaces) the policy of `domain`. Durable on return.
    fn set_mta_sts_policy(&self, domain: &str, policy: CachedStsPolicy) -> Result<()>;

    /// Counts one TLS session outcome. Not waited for: a count lost in a crash only makes one
    /// report a little short.
    fn count_tls_result(&self, result: TlsResult);

    /// The (day, domain) pairs with results recorded before `day`: the reports due.
    fn tls_reports_due(&self, day: i64) -> Result<Vec<(i64, String)>>;

    /// Takes the results of `domain` on `day` out of the store, in one transaction: whoever
    /// took them is the only one to report them (a report is never sent twice, even across
    /// a restart; one lost in a crash before it was queued is not sent at all).
    fn take_tls_results(&self, day: i64, domain: &str) -> Result<Vec<TlsResultCount>>;
}
