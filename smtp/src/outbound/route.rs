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
    /// Whether mail for `domain` goes to a configured host (a static route or the smarthost)
    /// rather than to the domain's MX hosts.
    pub fn is_routed(&self, domain: &str) -> bool {
        self.domains.contains_key(domain) || self.smarthost.is_some()
    }

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
                if hosts.is_empty() {
                    // An answer without MX records (e.g. only a CNAME): the implicit MX.
                    vec![(0, domain.to_string())]
                } else {
                    hosts
                }
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

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};
    use std::sync::atomic::Ordering;

    use super::*;
    use crate::dns::resolver_for;
    use crate::test_dns::{DnsStub, Zone, start_stub};

    async fn stub_and_resolver(zone: Zone) -> (DnsStub, TokioResolver) {
        let stub = start_stub(zone).await;
        let resolver = resolver_for(stub.addr).unwrap();
        (stub, resolver)
    }

    fn names(hops: &[Hop]) -> Vec<&str> {
        hops.iter().map(|h| h.name.as_str()).collect()
    }

    fn hop(name: &str) -> Hop {
        Hop {
            name: name.into(),
            port: 25,
            tls: TlsMode::Opportunistic,
            auth: None,
        }
    }

    fn route(host: &str, port: u16, tls: TlsMode) -> Route {
        Route {
            host: host.into(),
            port,
            tls,
            auth: Some(("user".into(), "secret".into())),
        }
    }

    #[tokio::test]
    async fn mx_hosts_sorted_by_preference() {
        // Served in this (wrong) order; one exchange with and one without the trailing dot.
        let zone = Zone::new()
            .mx("example.test", 30, "mx3.example.test.")
            .mx("example.test", 10, "mx1.example.test")
            .mx("example.test", 20, "MX2.example.test.");
        let (_stub, resolver) = stub_and_resolver(zone).await;
        let hops = Routes::default()
            .hops("example.test", Some(&resolver))
            .await
            .unwrap();
        assert_eq!(
            names(&hops),
            ["mx1.example.test", "MX2.example.test", "mx3.example.test"]
        );
        for hop in &hops {
            assert_eq!(hop.port, 25);
            assert_eq!(hop.tls, TlsMode::Opportunistic);
            assert!(hop.auth.is_none());
        }
    }

    #[tokio::test]
    async fn no_mx_means_the_domain_itself() {
        // RFC 5321 §5.1: an A record but no MX (NODATA): the implicit MX.
        let zone = Zone::new().a("plain.test", Ipv4Addr::new(192, 0, 2, 7));
        let (_stub, resolver) = stub_and_resolver(zone).await;
        let hops = Routes::default()
            .hops("plain.test", Some(&resolver))
            .await
            .unwrap();
        assert_eq!(names(&hops), ["plain.test"]);
        assert_eq!(hops[0].port, 25);
        assert_eq!(hops[0].tls, TlsMode::Opportunistic);
        let ips = addresses(&hops[0], Some(&resolver)).await.unwrap();
        assert_eq!(ips, [IpAddr::from([192, 0, 2, 7])]);
    }

    #[tokio::test]
    async fn null_mx_is_a_permanent_failure() {
        // RFC 7505 §3: a single MX of preference 0 with the root as exchange.
        let zone = Zone::new()
            .mx("nomail.test", 0, ".")
            .a("nomail.test", Ipv4Addr::new(192, 0, 2, 8));
        let (_stub, resolver) = stub_and_resolver(zone).await;
        let err = Routes::default()
            .hops("nomail.test", Some(&resolver))
            .await
            .unwrap_err();
        assert!(err.permanent, "{err:?}");
        assert_eq!(err.status, "5.1.10");
    }

    #[tokio::test]
    async fn unknown_domain_is_a_permanent_failure() {
        let zone = Zone::new().mx("example.test", 10, "mx1.example.test");
        let (_stub, resolver) = stub_and_resolver(zone).await;
        let err = Routes::default()
            .hops("nowhere.test", Some(&resolver))
            .await
            .unwrap_err();
        assert!(err.permanent, "{err:?}");
        assert_eq!(err.status, "5.1.2");
    }

    #[tokio::test]
    async fn dns_trouble_is_a_temporary_failure() {
        // SERVFAIL must neither bounce the mail nor fall back to the implicit MX.
        let zone = Zone::new()
            .a("broken.test", Ipv4Addr::new(192, 0, 2, 9))
            .servfail("broken.test");
        let (_stub, resolver) = stub_and_resolver(zone).await;
        let err = Routes::default()
            .hops("broken.test", Some(&resolver))
            .await
            .unwrap_err();
        assert!(!err.permanent, "{err:?}");
        assert_eq!(err.status, "4.4.3");
    }

    #[tokio::test]
    async fn no_resolver_and_no_route_is_a_temporary_failure() {
        let err = Routes::default()
            .hops("example.test", None)
            .await
            .unwrap_err();
        assert!(!err.permanent, "{err:?}");
        assert_eq!(err.status, "4.4.3");
    }

    #[tokio::test]
    async fn static_route_and_smarthost_win_over_dns() {
        let mut routes = Routes::default();
        routes.domains.insert(
            "example.test".into(),
            route("relay.internal", 2525, TlsMode::None),
        );
        routes.smarthost = Some(route("smarthost.test", 465, TlsMode::Implicit));

        // The stub has MX records for both domains, but must not be asked.
        let zone = Zone::new().mx("example.test", 10, "mx1.example.test").mx(
            "other.test",
            10,
            "mx1.other.test",
        );
        let (stub, resolver) = stub_and_resolver(zone).await;

        let hops = routes.hops("example.test", Some(&resolver)).await.unwrap();
        assert_eq!(names(&hops), ["relay.internal"]);
        assert_eq!(hops[0].port, 2525);
        assert_eq!(hops[0].tls, TlsMode::None);
        assert_eq!(hops[0].auth, Some(("user".into(), "secret".into())));

        let hops = routes.hops("other.test", Some(&resolver)).await.unwrap();
        assert_eq!(names(&hops), ["smarthost.test"]);
        assert_eq!(hops[0].port, 465);
        assert_eq!(hops[0].tls, TlsMode::Implicit);
        assert_eq!(stub.queries.load(Ordering::SeqCst), 0);

        // Without any resolver at all.
        let hops = routes.hops("example.test", None).await.unwrap();
        assert_eq!(names(&hops), ["relay.internal"]);
        let hops = routes.hops("other.test", None).await.unwrap();
        assert_eq!(names(&hops), ["smarthost.test"]);
    }

    #[tokio::test]
    async fn addresses_of_an_mx_host() {
        let v6: Ipv6Addr = "2001:db8::25".parse().unwrap();
        let zone = Zone::new()
            .mx("example.test", 10, "mx1.example.test")
            .a("mx1.example.test", Ipv4Addr::new(192, 0, 2, 25))
            .aaaa("mx1.example.test", v6)
            .a("mx1.example.test", Ipv4Addr::new(192, 0, 2, 26));
        let (_stub, resolver) = stub_and_resolver(zone).await;
        let hops = Routes::default()
            .hops("example.test", Some(&resolver))
            .await
            .unwrap();
        let mut ips = addresses(&hops[0], Some(&resolver)).await.unwrap();
        ips.sort();
        assert_eq!(
            ips,
            [
                IpAddr::from([192, 0, 2, 25]),
                IpAddr::from([192, 0, 2, 26]),
                IpAddr::from(v6),
            ]
        );
    }

    #[tokio::test]
    async fn ip_literal_needs_no_dns() {
        let ips = addresses(&hop("[192.0.2.1]"), None).await.unwrap();
        assert_eq!(ips, [IpAddr::from([192, 0, 2, 1])]);
    }

    #[tokio::test]
    async fn host_without_address_is_a_temporary_failure() {
        // A known name with neither A nor AAAA (NODATA for both), and an unknown name.
        let zone = Zone::new().txt("noaddr.example.test", "v=spf1 -all");
        let (_stub, resolver) = stub_and_resolver(zone).await;
        for name in ["noaddr.example.test", "gone.example.test"] {
            let err = addresses(&hop(name), Some(&resolver)).await.unwrap_err();
            assert!(!err.permanent, "{name}: {err:?}");
            assert_eq!(err.status, "4.4.4", "{name}");
        }
        // Without a resolver, only the status differs.
        let err = addresses(&hop("noaddr.example.test"), None)
            .await
            .unwrap_err();
        assert!(!err.permanent);
        assert_eq!(err.status, "4.4.3");
    }
}
