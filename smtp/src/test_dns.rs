//! A small authoritative DNS server for tests, listening on 127.0.0.1 over UDP and TCP on the
//! same port, so a real resolver can be pointed at it.
//!
//! It answers TXT, MX, A, AAAA, SRV and CNAME queries from a [`Zone`]: NXDOMAIN for a name the zone does not
//! know, NOERROR with no answers (NODATA) for a known name without a record of the asked type,
//! SERVFAIL for names marked as broken. Answers for names marked secure carry the AD bit, as a
//! validating resolver's would (RFC 4035 §3.2.3), for the DANE tests (RFC 7672 §2.1). UDP answers over 512 bytes are truncated (TC bit), so
//! the client has to retry over TCP (RFC 1035 §4.2.1).

use std::collections::{HashMap, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};
use tokio::task::JoinHandle;

/// Record types (RFC 1035 §3.2.2, RFC 3596 §2.1 for AAAA).
const TYPE_A: u16 = 1;
const TYPE_MX: u16 = 15;
const TYPE_TXT: u16 = 16;
const TYPE_AAAA: u16 = 28;
/// RFC 1035 §3.2.2 (CNAME) and RFC 2782 (SRV); the stub answers a CNAME query with the
/// CNAME, and does not follow it for other types.
const TYPE_CNAME: u16 = 5;
const TYPE_SRV: u16 = 33;
/// RFC 6698 §7.1.
const TYPE_TLSA: u16 = 52;
/// The Internet class (RFC 1035 §3.2.4).
const CLASS_IN: u16 = 1;

/// Response codes (RFC 1035 §4.1.1).
const RCODE_NOERROR: u8 = 0;
const RCODE_SERVFAIL: u8 = 2;
const RCODE_NXDOMAIN: u8 = 3;

/// TTL of every answer, in seconds.
const TTL: u32 = 60;

/// One resource record of the zone.
#[derive(Debug, Clone)]
pub(crate) enum Record {
    Txt(String),
    /// Preference and exchange; the exchange "." is the root (null MX, RFC 7505).
    Mx(u16, String),
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    /// Priority, weight, port, target ("." : the service is not offered, RFC 6186 §4).
    Srv(u16, u16, u16, String),
    Cname(String),
    /// Certificate usage, selector, matching type, certificate association data (RFC 6698).
    Tlsa(u8, u8, u8, Vec<u8>),
}

impl Record {
    fn rtype(&self) -> u16 {
        match self {
            Record::Txt(_) => TYPE_TXT,
            Record::Mx(..) => TYPE_MX,
            Record::A(_) => TYPE_A,
            Record::Aaaa(_) => TYPE_AAAA,
            Record::Srv(..) => TYPE_SRV,
            Record::Cname(_) => TYPE_CNAME,
            Record::Tlsa(..) => TYPE_TLSA,
        }
    }

    /// The RDATA field of the record.
    fn rdata(&self) -> Vec<u8> {
        match self {
            // RFC 1035 §3.3.14: one or more <character-string>s, each a length octet and at
            // most 255 octets.
            Record::Txt(value) => {
                let mut rdata = Vec::new();
                for chunk in value.as_bytes().chunks(255) {
                    rdata.push(chunk.len() as u8);
                    rdata.extend_from_slice(chunk);
                }
                if rdata.is_empty() {
                    rdata.push(0); // one empty string
                }
                rdata
            }
            // RFC 1035 §3.3.9: 16-bit PREFERENCE, then EXCHANGE as an (uncompressed) name.
            Record::Mx(preference, exchange) => {
                let mut rdata = preference.to_be_bytes().to_vec();
                encode_name(exchange, &mut rdata);
                rdata
            }
            // RFC 1035 §3.4.1: the 32-bit address.
            Record::A(ip) => ip.octets().to_vec(),
            // RFC 3596 §2.2: the 128-bit address.
            Record::Aaaa(ip) => ip.octets().to_vec(),
            // RFC 2782: priority, weight, port, then the target, never compressed.
            Record::Srv(priority, weight, port, target) => {
                let mut rdata = Vec::new();
                for n in [priority, weight, port] {
                    rdata.extend_from_slice(&n.to_be_bytes());
                }
                encode_name(target, &mut rdata);
                rdata
            }
            // RFC 1035 §3.3.1: the canonical name.
            Record::Cname(target) => {
                let mut rdata = Vec::new();
                encode_name(target, &mut rdata);
                rdata
            }
            // RFC 6698 §2.1: three octets, then the data.
            Record::Tlsa(usage, selector, matching, data) => {
                let mut rdata = vec![*usage, *selector, *matching];
                rdata.extend_from_slice(data);
                rdata
            }
        }
    }
}

/// The stub's data: records by owner name (lower case, without the trailing dot).
#[derive(Debug, Clone, Default)]
pub(crate) struct Zone {
    records: HashMap<String, Vec<Record>>,
    servfail: HashSet<String>,
    secure: HashSet<String>,
}

impl Zone {
    pub(crate) fn new() -> Zone {
        Zone::default()
    }

    pub(crate) fn record(mut self, name: &str, record: Record) -> Zone {
        self.records.entry(key(name)).or_default().push(record);
        self
    }

    pub(crate) fn txt(self, name: &str, value: &str) -> Zone {
        self.record(name, Record::Txt(value.to_string()))
    }

    pub(crate) fn mx(self, name: &str, preference: u16, exchange: &str) -> Zone {
        self.record(name, Record::Mx(preference, exchange.to_string()))
    }

    pub(crate) fn a(self, name: &str, ip: Ipv4Addr) -> Zone {
        self.record(name, Record::A(ip))
    }

    pub(crate) fn aaaa(self, name: &str, ip: Ipv6Addr) -> Zone {
        self.record(name, Record::Aaaa(ip))
    }

    /// Every query for `name` gets SERVFAIL (a broken authoritative server).
    pub(crate) fn servfail(mut self, name: &str) -> Zone {
        self.servfail.insert(key(name));
        self
    }

    /// Answers for `name` are marked authenticated (AD), as from a validating resolver.
    pub(crate) fn secure(mut self, name: &str) -> Zone {
        self.secure.insert(key(name));
        self
    }

    /// The response code and the matching records for a question.
    fn lookup(&self, name: &str, qtype: u16) -> (u8, Vec<&Record>) {
        if self.servfail.contains(name) {
            return (RCODE_SERVFAIL, Vec::new());
        }
        match self.records.get(name) {
            Some(records) => (
                RCODE_NOERROR,
                records.iter().filter(|r| r.rtype() == qtype).collect(),
            ),
            None => (RCODE_NXDOMAIN, Vec::new()),
        }
    }
}

/// A zone of TXT records only, from (name, value) pairs.
pub(crate) fn zone(records: &[(&str, &str)]) -> Zone {
    records
        .iter()
        .fold(Zone::new(), |zone, (name, value)| zone.txt(name, value))
}

/// The map key of a name: lower case, no trailing dot; the root is "".
fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// A running stub; dropping it stops the server.
pub(crate) struct DnsStub {
    pub(crate) addr: SocketAddr,
    /// Queries answered, over UDP and TCP.
    pub(crate) queries: Arc<AtomicUsize>,
    /// Queries answered over TCP only.
    pub(crate) tcp_queries: Arc<AtomicUsize>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for DnsStub {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts a stub serving `zone` on a free port of 127.0.0.1 (the same for UDP and TCP).
pub(crate) async fn start_stub(zone: Zone) -> DnsStub {
    let zone = Arc::new(zone);
    let (udp, tcp) = loop {
        let udp = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let port = udp.local_addr().unwrap().port();
        if let Ok(tcp) = TcpListener::bind(("127.0.0.1", port)).await {
            break (udp, tcp);
        }
    };
    let addr = udp.local_addr().unwrap();
    let queries = Arc::new(AtomicUsize::new(0));
    let tcp_queries = Arc::new(AtomicUsize::new(0));

    // RFC 1035 §4.2.1: one message per datagram, at most 512 bytes.
    let udp_zone = zone.clone();
    let udp_count = queries.clone();
    let udp_task = tokio::spawn(async move {
        let mut buf = [0u8; 4096];
        loop {
            let Ok((n, from)) = udp.recv_from(&mut buf).await else {
                return;
            };
            if let Some(reply) = answer(&buf[..n], &udp_zone, 512) {
                udp_count.fetch_add(1, Ordering::SeqCst);
                let _ = udp.send_to(&reply, from).await;
            }
        }
    });

    // RFC 1035 §4.2.2: each message prefixed with its 16-bit length; several per connection.
    let all = queries.clone();
    let tcp_only = tcp_queries.clone();
    let tcp_task = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = tcp.accept().await else {
                return;
            };
            let zone = zone.clone();
            let all = all.clone();
            let tcp_only = tcp_only.clone();
            tokio::spawn(async move {
                loop {
                    let mut len = [0u8; 2];
                    if stream.read_exact(&mut len).await.is_err() {
                        return;
                    }
                    let mut query = vec![0u8; usize::from(u16::from_be_bytes(len))];
                    if stream.read_exact(&mut query).await.is_err() {
                        return;
                    }
                    let Some(reply) = answer(&query, &zone, usize::from(u16::MAX)) else {
                        return;
                    };
                    all.fetch_add(1, Ordering::SeqCst);
                    tcp_only.fetch_add(1, Ordering::SeqCst);
                    let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
                    framed.extend_from_slice(&reply);
                    if stream.write_all(&framed).await.is_err() {
                        return;
                    }
                }
            });
        }
    });

    DnsStub {
        addr,
        queries,
        tcp_queries,
        tasks: vec![udp_task, tcp_task],
    }
}

/// Appends `name` in wire form (RFC 1035 §3.1): each label as a length octet and its bytes,
/// ended by the zero-length root label. "." and "" are the root alone.
fn encode_name(name: &str, out: &mut Vec<u8>) {
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
}

/// The reply to one query message, or None for anything that is not a well-formed query
/// (then nothing is sent).
fn answer(query: &[u8], zone: &Zone, max_len: usize) -> Option<Vec<u8>> {
    // RFC 1035 §4.1.1: the 12-byte header. Byte 2 holds QR (0x80), OPCODE (0x78), AA, TC and
    // RD (0x01); a message with QR set is a response, not a query.
    if query.len() < 12 || query[2] & 0x80 != 0 {
        return None;
    }

    // RFC 1035 §4.1.2: the question: QNAME as labels (clients do not compress it), QTYPE,
    // QCLASS. Only the first question is looked at.
    let mut pos = 12;
    let mut labels = Vec::new();
    loop {
        let len = usize::from(*query.get(pos)?);
        pos += 1;
        if len == 0 {
            break;
        }
        if len & 0xc0 != 0 {
            return None; // a compression pointer (§4.1.4): not expected in a question
        }
        labels.push(String::from_utf8_lossy(query.get(pos..pos + len)?).to_ascii_lowercase());
        pos += len;
    }
    let qtype = u16::from_be_bytes([*query.get(pos)?, *query.get(pos + 1)?]);
    pos += 4; // QTYPE and QCLASS
    let question = query.get(12..pos)?;
    let (rcode, records) = zone.lookup(&labels.join("."), qtype);

    // Header: same ID; QR, the query's OPCODE and RD, AA (we are authoritative); RA; RCODE;
    // QDCOUNT 1, ANCOUNT, NSCOUNT 0, ARCOUNT 0 (the client's EDNS OPT record is ignored).
    let mut reply = Vec::with_capacity(512);
    reply.extend_from_slice(&query[..2]);
    reply.push(0x80 | (query[2] & 0x79) | 0x04);
    // RA, AD (0x20) for a name marked secure, RCODE.
    let ad = if zone.secure.contains(&labels.join(".")) {
        0x20
    } else {
        0
    };
    reply.push(0x80 | ad | rcode);
    reply.extend_from_slice(&1u16.to_be_bytes());
    reply.extend_from_slice(&(records.len() as u16).to_be_bytes());
    reply.extend_from_slice(&[0, 0, 0, 0]);
    reply.extend_from_slice(question);

    // RFC 1035 §4.1.3: each answer RR: NAME (a compression pointer, §4.1.4, to the question
    // name at offset 12), TYPE, CLASS, TTL, RDLENGTH, RDATA.
    for record in records {
        let rdata = record.rdata();
        reply.extend_from_slice(&[0xc0, 0x0c]);
        reply.extend_from_slice(&record.rtype().to_be_bytes());
        reply.extend_from_slice(&CLASS_IN.to_be_bytes());
        reply.extend_from_slice(&TTL.to_be_bytes());
        reply.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
        reply.extend_from_slice(&rdata);
    }

    // Too long for the transport: keep header and question, no answers, set TC (§4.1.1).
    if reply.len() > max_len {
        reply.truncate(12 + question.len());
        reply[2] |= 0x02;
        reply[6] = 0;
        reply[7] = 0;
    }
    Some(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A query for `name`/`qtype` as a client would send it.
    fn query(name: &str, qtype: u16) -> Vec<u8> {
        let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        encode_name(name, &mut q);
        q.extend_from_slice(&qtype.to_be_bytes());
        q.extend_from_slice(&CLASS_IN.to_be_bytes());
        q
    }

    #[test]
    fn names_in_wire_form() {
        let mut out = Vec::new();
        encode_name("mx.Example.", &mut out);
        assert_eq!(out, b"\x02mx\x07Example\x00");
        out.clear();
        encode_name(".", &mut out);
        assert_eq!(out, [0]);
    }

    #[test]
    fn answers_nodata_nxdomain_and_records() {
        let zone = Zone::new()
            .mx("example.test", 10, ".")
            .a("example.test", Ipv4Addr::new(192, 0, 2, 1));
        let reply = answer(&query("EXAMPLE.test", TYPE_MX), &zone, 512).unwrap();
        assert_eq!(&reply[..2], [0x12, 0x34]);
        assert_eq!(reply[3] & 0x0f, RCODE_NOERROR);
        assert_eq!(&reply[6..8], [0, 1]); // one answer
        // Preference 10 then the root name.
        assert_eq!(&reply[reply.len() - 5..], [0, 3, 0, 10, 0]);

        let nodata = answer(&query("example.test", TYPE_AAAA), &zone, 512).unwrap();
        assert_eq!(nodata[3] & 0x0f, RCODE_NOERROR);
        assert_eq!(&nodata[6..8], [0, 0]);

        let nx = answer(&query("other.test", TYPE_A), &zone, 512).unwrap();
        assert_eq!(nx[3] & 0x0f, RCODE_NXDOMAIN);
    }

    #[test]
    fn answers_srv_and_cname() {
        let zone = Zone::new()
            .record(
                "_imaps._tcp.example.test",
                Record::Srv(0, 1, 993, "mx.test".into()),
            )
            .record("autoconfig.example.test", Record::Cname("mx.test".into()));
        let srv = answer(&query("_imaps._tcp.example.test", TYPE_SRV), &zone, 512).unwrap();
        assert_eq!(&srv[6..8], [0, 1]);
        // RDLENGTH 15, priority 0, weight 1, port 993, then "mx.test".
        let tail = [
            0, 15, 0, 0, 0, 1, 0x03, 0xe1, 2, b'm', b'x', 4, b't', b'e', b's', b't', 0,
        ];
        assert_eq!(&srv[srv.len() - tail.len()..], tail);
        let cname = answer(&query("autoconfig.example.test", TYPE_CNAME), &zone, 512).unwrap();
        assert_eq!(&cname[6..8], [0, 1]);
        assert!(cname.ends_with(&[0, 9, 2, b'm', b'x', 4, b't', b'e', b's', b't', 0]));
    }
}
