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

/// An answer whose DNSSEC status we can see: the records of the asked type and whether the
/// resolver said they are authenticated (the AD bit).
#[derive(Debug, Clone)]
pub struct SecureAnswer {
    /// The response code (NXDOMAIN, SERVFAIL…).
    pub rcode: hickory_resolver::proto::op::ResponseCode,
    /// The AD bit of the answer.
    pub authenticated: bool,
    pub records: Vec<hickory_resolver::proto::rr::Record>,
}

/// Asks the nameserver at `server` for `name`/`rtype` with the AD bit set in the query (RFC
/// 6840 §5.7) and the DO bit in EDNS, and reports the answer's AD bit.
///
/// RFC 7672 §2.1 requires DNSSEC-authenticated MX and TLSA answers before DANE applies. We do
/// not validate signatures ourselves: like Postfix (`smtp_dns_support_level = dnssec`) we
/// trust the AD bit of the *configured* resolver (`[smtp] dns_resolver`), which must then be
/// a validating resolver on this machine or reached over a trusted network (unbound,
/// systemd-resolved with DNSSEC=yes, BIND with dnssec-validation). hickory's own validation
/// (the `dnssec-ring` feature) would need the root trust anchor kept up to date and a
/// signing test zone; the AD design keeps one validator on the machine for every program.
/// The query goes over UDP, and again over TCP when the answer is truncated (RFC 7766).
pub async fn secure_query(
    server: SocketAddr,
    name: &str,
    rtype: hickory_resolver::proto::rr::RecordType,
    timeout: Duration,
) -> Result<SecureAnswer, String> {
    use hickory_resolver::proto::op::{Edns, Message, Query};
    use hickory_resolver::proto::rr::Name;
    let fqdn = if name.ends_with('.') {
        name.to_string()
    } else {
        format!("{name}.")
    };
    let qname = Name::from_ascii(&fqdn).map_err(|e| format!("bad DNS name {name}: {e}"))?;
    let mut query = Message::query();
    query.metadata.recursion_desired = true;
    query.metadata.authentic_data = true;
    query.add_query(Query::query(qname, rtype));
    let mut edns = Edns::new();
    edns.set_dnssec_ok(true);
    edns.set_max_payload(1232);
    query.set_edns(edns);
    let id = query.metadata.id;
    let wire = query.to_vec().map_err(|e| e.to_string())?;
    let exchange = async {
        let udp = tokio::net::UdpSocket::bind(if server.is_ipv4() {
            "0.0.0.0:0"
        } else {
            "[::]:0"
        })
        .await
        .map_err(|e| e.to_string())?;
        udp.connect(server).await.map_err(|e| e.to_string())?;
        udp.send(&wire).await.map_err(|e| e.to_string())?;
        let mut buf = vec![0u8; 4096];
        // Datagrams that are not the answer to this query (a late one, a spoofed one) are
        // skipped; the timeout around the whole exchange ends the loop.
        let answer = loop {
            let n = udp.recv(&mut buf).await.map_err(|e| e.to_string())?;
            match Message::from_vec(&buf[..n]) {
                Ok(m) if m.metadata.id == id && m.queries == query.queries => break m,
                _ => continue,
            }
        };
        if !answer.metadata.truncation {
            return Ok::<Message, String>(answer);
        }
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut tcp = tokio::net::TcpStream::connect(server)
            .await
            .map_err(|e| e.to_string())?;
        let mut framed = (wire.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&wire);
        tcp.write_all(&framed).await.map_err(|e| e.to_string())?;
        let mut len = [0u8; 2];
        tcp.read_exact(&mut len).await.map_err(|e| e.to_string())?;
        let mut reply = vec![0u8; usize::from(u16::from_be_bytes(len))];
        tcp.read_exact(&mut reply)
            .await
            .map_err(|e| e.to_string())?;
        let answer = Message::from_vec(&reply).map_err(|e| e.to_string())?;
        if answer.metadata.id != id {
            return Err("the DNS answer over TCP is for another query".into());
        }
        Ok(answer)
    };
    let answer: Message = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| format!("DNS query for {name} timed out"))??;
    Ok(SecureAnswer {
        rcode: answer.metadata.response_code,
        authenticated: answer.metadata.authentic_data,
        records: answer
            .answers
            .into_iter()
            .filter(|r| r.record_type() == rtype)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use hickory_resolver::proto::op::ResponseCode;
    use hickory_resolver::proto::rr::{RData, RecordType};

    use super::*;
    use crate::test_dns::{Record, Zone, start_stub};

    #[tokio::test]
    async fn secure_query_reports_the_ad_bit() {
        let zone = Zone::new()
            .mx("danang.gov.vn", 10, "mx.danang.gov.vn")
            .secure("danang.gov.vn")
            .record(
                "_25._tcp.mx.danang.gov.vn",
                Record::Tlsa(3, 1, 1, vec![0xab; 32]),
            )
            .secure("_25._tcp.mx.danang.gov.vn")
            .mx("hue.gov.vn", 10, "mx.hue.gov.vn");
        let stub = start_stub(zone).await;
        let t = Duration::from_secs(2);
        let mx = secure_query(stub.addr, "danang.gov.vn", RecordType::MX, t)
            .await
            .unwrap();
        assert!(mx.authenticated);
        assert_eq!(mx.records.len(), 1);
        let tlsa = secure_query(stub.addr, "_25._tcp.mx.danang.gov.vn", RecordType::TLSA, t)
            .await
            .unwrap();
        assert!(tlsa.authenticated);
        match &tlsa.records[0].data {
            RData::TLSA(r) => {
                assert_eq!(u8::from(r.cert_usage), 3);
                assert_eq!(r.cert_data, vec![0xab; 32]);
            }
            other => panic!("{other:?}"),
        }
        let insecure = secure_query(stub.addr, "hue.gov.vn", RecordType::MX, t)
            .await
            .unwrap();
        assert!(!insecure.authenticated);
        let missing = secure_query(stub.addr, "nowhere.vn", RecordType::MX, t)
            .await
            .unwrap();
        assert_eq!(missing.rcode, ResponseCode::NXDomain);
    }
}
