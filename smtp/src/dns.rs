//! DNS set-up shared by the SPF/DKIM/DMARC verifier (`mailauth`) and the outbound worker's
//! MX and address lookups (`outbound::route`). A leaf: it uses only `hickory-resolver`.

use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;

/// A configuration naming one nameserver: UDP, with TCP on the same port for truncated
/// answers (RFC 7766). Shared with the SPF/DKIM/DMARC verifier.
pub fn single_nameserver(addr: SocketAddr) -> ResolverConfig {
    let mut udp = ConnectionConfig::udp();
    udp.port = addr.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = addr.port();
    let server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
    ResolverConfig::from_name_servers(vec![server])
}

/// A resolver that asks only the nameserver at `addr` (UDP, falling back to TCP on the same
/// port for truncated answers), for a configured resolver or a test's DNS stub.
pub fn resolver_for(addr: SocketAddr) -> Result<TokioResolver, String> {
    let config = single_nameserver(addr);
    let mut opts = ResolverOpts::default();
    opts.timeout = Duration::from_secs(2);
    opts.attempts = 1;
    TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
        .with_options(opts)
        .build()
        .map_err(|e| format!("cannot set up the DNS resolver for {addr}: {e}"))
}

/// The outbound worker's resolver: the nameserver at `addr` when one is configured, else the
/// system configuration (`/etc/resolv.conf`).
pub fn resolver(addr: Option<SocketAddr>) -> Result<TokioResolver, String> {
    match addr {
        Some(addr) => resolver_for(addr),
        None => TokioResolver::builder_tokio()
            .and_then(|b| b.build())
            .map_err(|e| e.to_string()),
    }
}
