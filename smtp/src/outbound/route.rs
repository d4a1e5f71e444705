//! Where mail for a domain goes: a static route, the smarthost, or the domain's MX hosts
//! (RFC 5321 §5.1), with null MX (RFC 7505) and the implicit MX (the domain's own address).

use std::collections::HashMap;
use std::net::IpAddr;

use hickory_resolver::TokioResolver;
use hickory_resolver::proto::rr::RData;

use super::Failure;

/// TLS on an outbound connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain text only (a private network relay that offers no TLS).
    None,
    /// STARTTLS when the server offers it, certificate not checked (RFC 7435 opportunistic
    /// security, what MTAs do towards MX hosts); plain text otherwise.
    Opportunistic,
    /// STARTTLS must succeed, or the attempt fails temporarily.
    Required,
    /// TLS from the first byte (a smarthost on port 465).
    Implicit,
}

/// One configured next hop.
#[derive(Debug, Clone)]
pub struct Route {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// Login for a smarthost that requires AUTH.
    pub auth: Option<(String, String)>,
}

/// Static routes by recipient domain, and an optional smarthost for everything else.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    pub domains: HashMap<String, Route>,
    pub smarthost: Option<Route>,
}

/// A host to try, in order.
#[derive(Debug, Clone)]
pub struct Hop {
    /// The name (for SNI, Remote-MTA and logs) or an IP literal.
    pub name: String,
    pub port: u16,
    pub tls: TlsMode,
    pub auth: Option<(String, String)>,
}

impl Routes {
    /// The hops for `domain`, best first.
    pub async fn hops(
        &self,
        domain: &str,
        resolver: Option<&TokioResolver>,
    ) -> Result<Vec<Hop>, Failure> {
        let configured = self.domains.get(domain).or(self.smarthost.as_ref());
        if let Some(route) = configured {
            return Ok(vec![Hop {
                name: route.host.clone(),
                port: route.port,
                tls: route.tls,
                auth: route.auth.clone(),
            }]);
        }
        let Some(resolver) = resolver else {
            return Err(Failure::temporary(
                "4.4.3",
                "no DNS resolver available and no route configured for this domain",
            ));
        };
        let mx = match resolver.mx_lookup(format!("{domain}.")).await {
            Ok(lookup) => {
                let mut hosts: Vec<(u16, String)> = lookup
                    .answers()
                    .iter()
                    .filter_map(|record| match &record.data {
                        RData::MX(mx) => Some((mx.preference, mx.exchange.to_ascii())),
                        _ => None,
                    })
                    .collect();
                hosts.sort();
                hosts
            }
            Err(e) if e.is_nx_domain() => {
                return Err(Failure::permanent(
                    "5.1.2",
                    format!("the domain {domain} does not exist"),
                ));
            }
            // RFC 5321 §5.1: no MX records: the domain itself is the implicit MX.
            Err(e) if e.is_no_records_found() => vec![(0, domain.to_string())],
            Err(e) => {
                return Err(Failure::temporary(
                    "4.4.3",
                    format!("DNS lookup of MX for {domain} failed: {e}"),
                ));
            }
        };
        // RFC 7505 §3: a single MX with the root as exchange says "no mail here".
        let names: Vec<String> = mx
            .into_iter()
            .map(|(_, name)| name.trim_end_matches('.').to_string())
            .collect();
        if names.iter().any(|n| n.is_empty()) {
            return Err(Failure::permanent(
                "5.1.10",
                format!("{domain} does not accept mail (null MX)"),
            ));
        }
        Ok(names
            .into_iter()
            .map(|name| Hop {
                name,
                port: 25,
                tls: TlsMode::Opportunistic,
                auth: None,
            })
            .collect())
    }
}

/// The addresses of a hop: an IP literal as is, else A/AAAA from DNS.
pub async fn addresses(
    hop: &Hop,
    resolver: Option<&TokioResolver>,
) -> Result<Vec<IpAddr>, Failure> {
    let bare = hop.name.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    if hop.name.eq_ignore_ascii_case("localhost") {
        return Ok(vec![IpAddr::from([127, 0, 0, 1])]);
    }
    let Some(resolver) = resolver else {
        return Err(Failure::temporary(
            "4.4.3",
            format!("no DNS resolver to look up {}", hop.name),
        ));
    };
    match resolver.lookup_ip(format!("{}.", hop.name)).await {
        Ok(ips) => {
            let list: Vec<IpAddr> = ips.iter().collect();
            if list.is_empty() {
                Err(Failure::temporary(
                    "4.4.4",
                    format!("{} has no address", hop.name),
                ))
            } else {
                Ok(list)
            }
        }
        Err(e) => Err(Failure::temporary(
            "4.4.4",
            format!("cannot resolve {}: {e}", hop.name),
        )),
    }
}
