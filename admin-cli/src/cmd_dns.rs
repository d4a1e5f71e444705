//! `govmail dns DOMAIN`: every DNS record a served domain needs, as zone-file lines ready to
//! paste into a zone or to enter one by one in a DNS portal (name, type, value), all derived
//! from the running configuration; `--check` looks each one up and says which are missing or
//! wrong.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use hickory_resolver::TokioResolver;
use hickory_resolver::proto::rr::{RData, RecordType};

use crate::config::Config;
use crate::{CliError, CliResult};

/// The TTL written on every record: an hour, so a mistake corrected is corrected soon.
const TTL: u32 = 3600;

/// What a record's value is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// An MX whose exchange is this host.
    Mx(String),
    /// An address record with this address (`None`: any address will do, since we do not
    /// know the server's public one).
    A(Option<IpAddr>),
    Aaaa(Option<IpAddr>),
    /// A TXT record starting with the prefix; exactly `value` if `exact`.
    Txt {
        prefix: &'static str,
        value: String,
        exact: bool,
    },
    /// An SRV record to this target and port ("." and 0: the service is not offered).
    Srv {
        target: String,
        port: u16,
    },
    Cname(String),
}

/// One record: owner name (no trailing dot), the expectation, the zone-file line (`None`:
/// only a hint, printed as a comment), and why it is there.
#[derive(Debug, Clone)]
struct Record {
    name: String,
    expect: Expect,
    line: Option<String>,
    why: String,
}

impl Record {
    fn kind(&self) -> &'static str {
        match self.expect {
            Expect::Mx(_) => "MX",
            Expect::A(_) => "A",
            Expect::Aaaa(_) => "AAAA",
            Expect::Txt { .. } => "TXT",
            Expect::Srv { .. } => "SRV",
            Expect::Cname(_) => "CNAME",
        }
    }
}

fn txt(name: &str, prefix: &'static str, value: String, exact: bool, why: String) -> Record {
    Record {
        name: name.to_string(),
        line: Some(
            crate::cmd_dkim::txt_line(name, &value).replace(". IN TXT", &format!(". {TTL} IN TXT")),
        ),
        expect: Expect::Txt {
            prefix,
            value,
            exact,
        },
        why,
    }
}

/// The records for `domain`, in the order they are printed.
fn records(config: &Config, domain: &str, addresses: &[IpAddr]) -> CliResult<Vec<Record>> {
    let s = config.mail_settings().map_err(CliError)?;
    let host = s.hostname.clone();
    let mut out = vec![Record {
        name: domain.to_string(),
        expect: Expect::Mx(host.clone()),
        line: Some(format!("{domain}. {TTL} IN MX 10 {host}.")),
        why: "Mail for the domain goes to this server (RFC 5321 §5.1).".into(),
    }];
    // The server's address: given on the command line, or the listeners' own if they are
    // bound to a public one; otherwise a hint to fill in.
    let mut ips: Vec<IpAddr> = addresses.to_vec();
    if ips.is_empty() {
        for (_, addr) in config.listen.all() {
            let ip = addr.ip();
            if !ip.is_loopback() && !ip.is_unspecified() && !ips.contains(&ip) {
                ips.push(ip);
            }
        }
    }
    let address_why =
        format!("The server's address ({host} is what clients and servers connect to).");
    if ips.is_empty() {
        out.push(Record {
            name: host.clone(),
            expect: Expect::A(None),
            line: None,
            why: format!(
                "{address_why} Fill in its public IPv4 address (and IPv6 as AAAA), or run \
                 `govmail dns {domain} --address IP`:\n; {host}. {TTL} IN A <public IPv4 address>"
            ),
        });
    }
    for ip in &ips {
        let (kind, expect) = match ip {
            IpAddr::V4(_) => ("A", Expect::A(Some(*ip))),
            IpAddr::V6(_) => ("AAAA", Expect::Aaaa(Some(*ip))),
        };
        out.push(Record {
            name: host.clone(),
            expect,
            line: Some(format!("{host}. {TTL} IN {kind} {ip}")),
            why: address_why.clone(),
        });
    }
    out.push(txt(
        domain,
        "v=spf1",
        "v=spf1 mx -all".into(),
        false,
        "SPF (RFC 7208): only the domain's MX servers send its mail; add other senders (a \
         relay, a document system) before -all."
            .into(),
    ));
    match crate::cmd_dkim::dns_record(config, domain)? {
        Some((name, value)) => out.push(txt(
            &name,
            "v=DKIM1",
            value,
            true,
            "DKIM (RFC 6376): the public key that verifies this server's signatures.".into(),
        )),
        None => out.push(Record {
            name: format!("govmail._domainkey.{domain}"),
            expect: Expect::Txt {
                prefix: "v=DKIM1",
                value: String::new(),
                exact: false,
            },
            line: None,
            why: format!(
                "DKIM: {domain} has no signing key yet. Create one with `govmail dkim generate \
                 {domain}` and run this command again."
            ),
        }),
    }
    out.push(txt(
        &format!("_dmarc.{domain}"),
        "v=DMARC1",
        format!("v=DMARC1; p=quarantine; rua=mailto:postmaster@{domain}"),
        false,
        "DMARC (RFC 7489): mail claiming to be from the domain that fails SPF and DKIM goes to \
         the junk folder; receivers send reports to postmaster@. Start with p=none if other \
         systems still send as the domain unsigned."
            .into(),
    ));
    // RFC 6186 §3 and RFC 8314 §5.1: implicit TLS is preferred (lower priority number), IMAP
    // before POP3 (RFC 6186 §3.4); a service not offered has target "." (RFC 6186 §4).
    let srv = [
        (
            "_submissions",
            s.submissions,
            0,
            "mail clients sending, implicit TLS (RFC 8314)",
        ),
        (
            "_submission",
            s.submission,
            10,
            "mail clients sending, STARTTLS (RFC 6409)",
        ),
        (
            "_imaps",
            s.imaps,
            0,
            "mail clients reading, IMAP over implicit TLS",
        ),
        (
            "_imap",
            s.imap,
            10,
            "mail clients reading, IMAP with STARTTLS",
        ),
        ("_pop3s", s.pop3s, 20, "POP3 over implicit TLS"),
        ("_pop3", s.pop3, 30, "POP3 with STLS"),
    ];
    for (service, port, priority, what) in srv {
        let name = format!("{service}._tcp.{domain}");
        let (line, target, port) = match port {
            Some(port) => (
                format!("{name}. {TTL} IN SRV {priority} 1 {port} {host}."),
                host.clone(),
                port,
            ),
            None => (format!("{name}. {TTL} IN SRV 0 0 0 ."), ".".to_string(), 0),
        };
        let why = match port {
            0 => format!("RFC 6186: {what}: not offered by this server."),
            _ => format!("RFC 6186: {what}."),
        };
        out.push(Record {
            name,
            expect: Expect::Srv { target, port },
            line: Some(line),
            why,
        });
    }
    for (prefix, why) in [
        (
            "autoconfig",
            "Thunderbird's automatic set-up (autoconfig) is served by this server.",
        ),
        (
            "autodiscover",
            "Outlook's automatic set-up (autodiscover) is served by this server.",
        ),
        (
            "mta-sts",
            "The MTA-STS policy (RFC 8461 §3.3) is served by this server.",
        ),
    ] {
        out.push(Record {
            name: format!("{prefix}.{domain}"),
            expect: Expect::Cname(host.clone()),
            line: Some(format!("{prefix}.{domain}. {TTL} IN CNAME {host}.")),
            why: why.into(),
        });
    }
    if let Some(port) = s.https {
        out.push(Record {
            name: format!("_autodiscover._tcp.{domain}"),
            expect: Expect::Srv {
                target: host.clone(),
                port,
            },
            line: Some(format!(
                "_autodiscover._tcp.{domain}. {TTL} IN SRV 0 1 {port} {host}."
            )),
            why: "Outlook finds the autodiscover endpoint through this when the names above fail."
                .into(),
        });
    }
    let policy = s.mta_sts.text(&host);
    out.push(txt(
        &format!("_mta-sts.{domain}"),
        "v=STSv1",
        s.mta_sts.txt(&host),
        true,
        format!(
            "MTA-STS (RFC 8461): announces the policy served at \
             https://mta-sts.{domain}/.well-known/mta-sts.txt; its id changes with the policy, \
             which is now:\n; {}",
            policy.trim_end().replace("\r\n", "\n; ")
        ),
    ));
    out.push(txt(
        &format!("_smtp._tls.{domain}"),
        "v=TLSRPTv1",
        format!("v=TLSRPTv1; rua=mailto:postmaster@{domain}"),
        false,
        "TLS-RPT (RFC 8460): where other servers report TLS failures delivering to us.".into(),
    ));
    Ok(out)
}

/// The records as a zone file (comments start with ';').
fn zone_text(config: &Config, domain: &str, records: &[Record]) -> String {
    let mut out = format!(
        "; DNS records for {domain}, served by {} (generated by `govmail dns`).\n\
         ; Paste into the zone of {domain}, or enter each line in the DNS portal as\n\
         ; name, type and value. Check them once published: govmail dns {domain} --check\n",
        config.server.hostname
    );
    for r in records {
        out.push('\n');
        for line in r.why.lines() {
            let line = line.strip_prefix("; ").unwrap_or(line);
            out.push_str(&format!("; {line}\n"));
        }
        if let Some(line) = &r.line {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Looks a record up: `Ok` with a verdict line, or the lookup error.
async fn check_one(resolver: &TokioResolver, r: &Record) -> (bool, String) {
    let name = format!("{}.", r.name);
    let rtype = match r.expect {
        Expect::Mx(_) => RecordType::MX,
        Expect::A(_) => RecordType::A,
        Expect::Aaaa(_) => RecordType::AAAA,
        Expect::Txt { .. } => RecordType::TXT,
        Expect::Srv { .. } => RecordType::SRV,
        Expect::Cname(_) => RecordType::CNAME,
    };
    let found: Vec<RData> = match resolver.lookup(name.as_str(), rtype).await {
        Ok(lookup) => lookup
            .answers()
            .iter()
            .filter(|rec| rec.record_type() == rtype)
            .map(|rec| rec.data.clone())
            .collect(),
        Err(e) if e.is_nx_domain() || e.is_no_records_found() => Vec::new(),
        Err(e) => return (false, format!("lookup failed: {e}")),
    };
    let host_of = |n: &hickory_resolver::proto::rr::Name| {
        n.to_ascii().trim_end_matches('.').to_ascii_lowercase()
    };
    let shown: Vec<String> = found
        .iter()
        .map(|d| match d {
            RData::TXT(t) => t
                .txt_data
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<String>(),
            other => other.to_string(),
        })
        .collect();
    let ok = match &r.expect {
        Expect::Mx(host) => found
            .iter()
            .any(|d| matches!(d, RData::MX(mx) if host_of(&mx.exchange) == *host)),
        Expect::A(ip) | Expect::Aaaa(ip) => match ip {
            Some(ip) => found.iter().any(|d| match d {
                RData::A(a) => IpAddr::V4(a.0) == *ip,
                RData::AAAA(a) => IpAddr::V6(a.0) == *ip,
                _ => false,
            }),
            None => !found.is_empty(),
        },
        Expect::Txt {
            prefix,
            value,
            exact,
        } => {
            let ours: Vec<&String> = shown.iter().filter(|t| t.starts_with(prefix)).collect();
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            !ours.is_empty() && (!exact || ours.iter().any(|t| squeeze(t) == squeeze(value)))
        }
        Expect::Srv { target, port } => found.iter().any(|d| match d {
            RData::SRV(srv) => {
                let t = host_of(&srv.target);
                (t == *target || (target == "." && t.is_empty())) && srv.port == *port
            }
            _ => false,
        }),
        Expect::Cname(host) => found
            .iter()
            .any(|d| matches!(d, RData::CNAME(c) if host_of(&c.0) == *host)),
    };
    let verdict = if ok {
        "ok".to_string()
    } else if shown.is_empty() {
        "MISSING".to_string()
    } else {
        format!("WRONG (found: {})", shown.join(" | "))
    };
    (ok, verdict)
}

pub fn dns(
    config: &Config,
    domain: &str,
    check: bool,
    addresses: &[IpAddr],
    resolver: Option<SocketAddr>,
) -> CliResult<ExitCode> {
    let domain = storage::normalize_domain(domain)?;
    let store = config.open_store(storage::OpenMode::MustExist)?;
    let served = store.list_domains()?.iter().any(|d| d.name == domain);
    store.shutdown();
    if !served {
        return Err(CliError(format!(
            "{domain} is not served here: add it with `govmail domain add {domain}`"
        )));
    }
    let records = records(config, &domain, addresses)?;
    if !check {
        print!("{}", zone_text(config, &domain, &records));
        return Ok(ExitCode::SUCCESS);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))?;
    let resolver = match resolver.or(config.smtp.dns_resolver) {
        Some(addr) => {
            let mut opts = hickory_resolver::config::ResolverOpts::default();
            opts.timeout = std::time::Duration::from_secs(3);
            opts.attempts = 2;
            // Ask afresh every time: a record just corrected must not be reported stale.
            opts.cache_size = 0;
            // That one nameserver: UDP, and TCP on the same port for truncated answers.
            use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
            let (mut udp, mut tcp) = (ConnectionConfig::udp(), ConnectionConfig::tcp());
            udp.port = addr.port();
            tcp.port = addr.port();
            let server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
            runtime.block_on(async {
                TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![server]),
                    hickory_resolver::net::runtime::TokioRuntimeProvider::default(),
                )
                .with_options(opts)
                .build()
            })
        }
        None => runtime.block_on(async { TokioResolver::builder_tokio().and_then(|b| b.build()) }),
    }
    .map_err(|e| CliError(format!("cannot set up the DNS resolver: {e}")))?;
    let mut bad = 0;
    println!("Checking the DNS records of {domain}:");
    for r in &records {
        let (ok, verdict) = runtime.block_on(check_one(&resolver, r));
        if !ok {
            bad += 1;
        }
        println!(
            "  {:<8} {:<5} {:<40} {verdict}",
            if ok { "ok" } else { "FIX" },
            r.kind(),
            r.name
        );
    }
    if bad == 0 {
        println!(
            "All {} records are published as they should be.",
            records.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{bad} of {} records are missing or wrong: `govmail dns {domain}` prints what to publish.",
            records.len()
        );
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let dir = std::env::temp_dir();
        Config::parse(
            &crate::config::template("mail.demo.gov.vn", "demo.gov.vn"),
            &dir.join("govmail.toml"),
        )
        .unwrap()
    }

    #[test]
    fn the_zone_has_every_record_in_order() {
        let c = config();
        let all = records(&c, "demo.gov.vn", &[]).unwrap();
        let text = zone_text(&c, "demo.gov.vn", &all);
        for line in [
            "demo.gov.vn. 3600 IN MX 10 mail.demo.gov.vn.",
            "; mail.demo.gov.vn. 3600 IN A <public IPv4 address>",
            "demo.gov.vn. 3600 IN TXT ( \"v=spf1 mx -all\" )",
            "_submissions._tcp.demo.gov.vn. 3600 IN SRV 0 1 2465 mail.demo.gov.vn.",
            "_imap._tcp.demo.gov.vn. 3600 IN SRV 10 1 1143 mail.demo.gov.vn.",
            "autoconfig.demo.gov.vn. 3600 IN CNAME mail.demo.gov.vn.",
            "_autodiscover._tcp.demo.gov.vn. 3600 IN SRV 0 1 8443 mail.demo.gov.vn.",
            "; version: STSv1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} not in\n{text}");
        }
        let with_ip = records(&c, "demo.gov.vn", &["203.0.113.7".parse().unwrap()]).unwrap();
        let text = zone_text(&c, "demo.gov.vn", &with_ip);
        assert!(
            text.contains("\nmail.demo.gov.vn. 3600 IN A 203.0.113.7\n"),
            "{text}"
        );
    }

    #[test]
    fn a_service_turned_off_is_published_as_not_offered() {
        let text = crate::config::template("mail.demo.gov.vn", "demo.gov.vn")
            .replace("pop3 = \"127.0.0.1:1110\"", "");
        let c = Config::parse(&text, &std::env::temp_dir().join("govmail.toml")).unwrap();
        let text = zone_text(&c, "demo.gov.vn", &records(&c, "demo.gov.vn", &[]).unwrap());
        assert!(
            text.contains("\n_pop3._tcp.demo.gov.vn. 3600 IN SRV 0 0 0 .\n"),
            "{text}"
        );
    }
}
