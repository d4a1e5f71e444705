//! Which TLS each MX host of a recipient domain must offer, and what happens when it does
//! not: DANE (RFC 7672) when the host has authenticated TLSA records, else the domain's
//! MTA-STS policy (RFC 8461), else `[relay] require_tls`, else opportunistic TLS (RFC 7435).
//! DANE wins over MTA-STS (RFC 8461 §2: a host with DANE is checked by DANE alone).
//!
//! A host that fails an enforced check is not used: the attempt fails temporarily (4.7.5),
//! the message stays queued with the reason, and the next retry asks again.

use std::net::IpAddr;
use std::sync::Arc;

use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::RecordType;

use super::dane::{self, TlsaLookup};
use super::mta_sts::{Mode, Policy};
use super::mta_sts_fetch::{self, Fetcher};
use super::route::{Hop, TlsMode};
use super::tls_report::{self, ReportPolicy, ResultType};
use super::tls_verify::{Check, Verifier};
use super::{Failure, Worker};

/// What is known of a recipient domain before its hosts are tried.
#[derive(Debug, Default)]
pub struct DomainTls {
    pub domain: String,
    /// The MTA-STS policy in force, if any (mode `none` counts as none).
    pub sts: Option<Policy>,
    /// The MX answer was DNSSEC-authenticated (RFC 7672 §2.2.1), so TLSA records are asked.
    pub mx_secure: bool,
    pub require_tls: bool,
}

/// How to connect to one hop.
pub enum HopTls {
    /// As the route says, without any check.
    Plain,
    /// With a certificate check; `required`: no plain-text fallback.
    Checked {
        verifier: Arc<Verifier>,
        required: bool,
        /// Counted for TLS-RPT under this policy.
        report: Option<ReportPolicy>,
        /// Why the check is there, for the failure text ("MTA-STS", "DANE", "require_tls").
        why: &'static str,
    },
    /// Not to be used at all.
    Refused(Failure),
}

impl DomainTls {
    /// No policy at all: opportunistic TLS, nothing counted.
    pub fn unchecked(domain: &str) -> DomainTls {
        DomainTls {
            domain: domain.to_string(),
            ..DomainTls::default()
        }
    }
}

impl Worker {
    /// Looks at the domain's policies once per delivery attempt. MTA-STS and DANE apply only
    /// to MX hosts (`via_mx`); a static route or the smarthost is the administrator's choice,
    /// to which only `require_tls` applies.
    pub(super) async fn domain_tls(&self, domain: &str, via_mx: bool) -> DomainTls {
        let mut found = DomainTls {
            domain: domain.to_string(),
            require_tls: self.config.require_tls.contains(domain),
            ..DomainTls::default()
        };
        if !via_mx {
            return found;
        }
        if self.config.dane
            && let Some(server) = self.config.dns_resolver
        {
            // RFC 7672 §2.2.1: DANE applies to MX hosts from a secure MX RRset (or the
            // domain itself as implicit MX, from a secure denial; not handled: insecure).
            if let Ok(answer) =
                crate::dns::secure_query(server, domain, RecordType::MX, self.config.timeout).await
            {
                found.mx_secure = answer.authenticated
                    && answer.rcode == ResponseCode::NoError
                    && !answer.records.is_empty();
            }
        }
        if self.config.mta_sts
            && let Some(resolver) = &self.resolver
        {
            let fetcher = Fetcher {
                roots: self.roots.clone(),
                port: self.config.mta_sts_port,
                timeout: self.config.timeout.min(std::time::Duration::from_secs(60)),
            };
            let sts = mta_sts_fetch::find(domain, resolver, &self.context.store, &fetcher).await;
            if let Some((kind, _)) = &sts.fetch_error {
                // The failure is reported under the policy we still hold, or none.
                let report = match &sts.policy {
                    Some(p) => sts_report(p),
                    None => ReportPolicy {
                        kind: "no-policy-found",
                        lines: Vec::new(),
                    },
                };
                tls_report::count(&self.context.store, domain, &report, "", None, Some(*kind));
            }
            found.sts = sts.policy.filter(|p| p.mode != Mode::None);
        }
        found
    }

    /// How to connect to `hop` of the domain.
    pub(super) async fn hop_tls(&self, d: &DomainTls, hop: &Hop) -> HopTls {
        if hop.tls == TlsMode::None && !d.require_tls {
            return HopTls::Plain;
        }
        if d.mx_secure
            && let Some(server) = self.config.dns_resolver
        {
            match dane::lookup(server, &hop.name, 25, self.config.timeout).await {
                TlsaLookup::Secure(tlsa) => {
                    let report = ReportPolicy {
                        kind: "tlsa",
                        lines: tlsa.iter().map(|t| t.presentation()).collect(),
                    };
                    return HopTls::Checked {
                        verifier: Verifier::new(Check::Dane(tlsa), true),
                        required: true,
                        report: Some(report),
                        why: "DANE",
                    };
                }
                TlsaLookup::Failed(reason) => {
                    // RFC 7672 §2.2: the host's TLSA records cannot be known: do not use it.
                    return HopTls::Refused(Failure::temporary(
                        "4.7.5",
                        format!("{}: DANE: {reason}", hop.name),
                    ));
                }
                TlsaLookup::None => {}
            }
        }
        if let Some(policy) = &d.sts {
            let report = sts_report(policy);
            let enforce = policy.mode == Mode::Enforce;
            // §4.1: only the hosts the policy names. In testing mode the session goes ahead,
            // counted once, as this failure.
            let allowed = policy.allows(&hop.name);
            if !allowed {
                tls_report::count(
                    &self.context.store,
                    &d.domain,
                    &report,
                    &hop.name,
                    None,
                    Some(ResultType::ValidationFailure),
                );
                if enforce {
                    return HopTls::Refused(Failure::temporary(
                        "4.7.5",
                        format!(
                            "{}: not an MX host the MTA-STS policy of {} allows",
                            hop.name, d.domain
                        ),
                    ));
                }
            }
            return HopTls::Checked {
                verifier: Verifier::new(
                    Check::WebPki(self.roots.clone()),
                    enforce || d.require_tls,
                ),
                required: enforce || d.require_tls,
                report: allowed.then_some(report),
                why: if enforce { "MTA-STS" } else { "require_tls" },
            };
        }
        if d.require_tls {
            return HopTls::Checked {
                verifier: Verifier::new(Check::WebPki(self.roots.clone()), true),
                required: true,
                report: None,
                why: "require_tls",
            };
        }
        HopTls::Plain
    }

    /// Sends to one address of a hop under its TLS plan, counting the session for TLS-RPT.
    pub(super) async fn send_checked(
        &self,
        d: &DomainTls,
        hop: &Hop,
        ip: IpAddr,
        plan: &HopTls,
        envelope: &super::client::Envelope<'_>,
    ) -> Result<Vec<storage::RecipientOutcome>, Failure> {
        let addr = std::net::SocketAddr::new(ip, hop.port);
        let (verifier, required, report, why) = match plan {
            HopTls::Plain => return super::client::send(addr, hop, &self.tls, envelope).await,
            HopTls::Refused(f) => return Err(f.clone()),
            HopTls::Checked {
                verifier,
                required,
                report,
                why,
            } => (verifier, *required, report, *why),
        };
        let mut hop = hop.clone();
        if required && hop.tls != TlsMode::Implicit {
            hop.tls = TlsMode::Required;
        }
        let result = super::client::send(addr, &hop, &verifier.connector(), envelope).await;
        // What TLS-RPT hears of the session: a certificate verdict, or no TLS at all.
        let failure = match (verifier.verdict(), &result) {
            (Some(Ok(())), _) => None,
            (Some(Err(kind)), _) => Some(kind),
            (None, Err(f)) if f.status == "4.7.10" => Some(ResultType::StarttlsNotSupported),
            // Delivered in plain text (a testing policy): no STARTTLS.
            (None, Ok(_)) => Some(ResultType::StarttlsNotSupported),
            // A connection that never got as far as TLS is not a TLS session.
            (None, Err(_)) => return result,
        };
        if let Some(report) = report {
            tls_report::count(
                &self.context.store,
                &d.domain,
                report,
                &hop.name,
                Some(ip),
                failure,
            );
        }
        match (failure, result) {
            (Some(kind), Err(_)) if required => Err(Failure::temporary(
                "4.7.5",
                format!(
                    "{}: TLS does not satisfy {why} for {} ({}); the message stays queued",
                    hop.name,
                    d.domain,
                    kind.as_str()
                ),
            )),
            (_, result) => result,
        }
    }
}

fn sts_report(policy: &Policy) -> ReportPolicy {
    ReportPolicy {
        kind: "sts",
        lines: policy.lines(),
    }
}
