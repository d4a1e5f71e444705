//! TLS-RPT (RFC 8460): every outbound TLS session to a domain with a policy (MTA-STS or
//! DANE) is counted per day as a success or a failure with its result type (§4.3), under
//! the policy domain (§3: the recipient domain for MTA-STS, the MX host for DANE); once a
//! day the counts of each finished day go to the domains that ask for them with a
//! `_smtp._tls` TXT record (§3), as a gzipped JSON report (§4.4) in a message (§5.3)
//! through our own outbound queue.
//!
//! A day's counts are taken out of the store in the same transaction that reads them
//! (`Store::take_tls_results`), so a report is sent at most once, across restarts too. Only
//! `mailto:` rua addresses are used: `https:` submission (§3) is not implemented.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{Value, json};
use storage::{Store, TlsResult, TlsResultCount};

/// Result types of RFC 8460 §4.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultType {
    StarttlsNotSupported,
    CertificateHostMismatch,
    CertificateExpired,
    CertificateNotTrusted,
    ValidationFailure,
    TlsaInvalid,
    DnssecInvalid,
    DaneRequired,
    StsPolicyFetchError,
    StsPolicyInvalid,
    StsWebpkiInvalid,
}

impl ResultType {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultType::StarttlsNotSupported => "starttls-not-supported",
            ResultType::CertificateHostMismatch => "certificate-host-mismatch",
            ResultType::CertificateExpired => "certificate-expired",
            ResultType::CertificateNotTrusted => "certificate-not-trusted",
            ResultType::ValidationFailure => "validation-failure",
            ResultType::TlsaInvalid => "tlsa-invalid",
            ResultType::DnssecInvalid => "dnssec-invalid",
            ResultType::DaneRequired => "dane-required",
            ResultType::StsPolicyFetchError => "sts-policy-fetch-error",
            ResultType::StsPolicyInvalid => "sts-policy-invalid",
            ResultType::StsWebpkiInvalid => "sts-webpki-invalid",
        }
    }
}

/// The policy a session was held to, as the report names it (§4.4 "policy").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPolicy {
    /// "sts", "tlsa" or "no-policy-found".
    pub kind: &'static str,
    /// The policy's lines (STS) or TLSA records in presentation form.
    pub lines: Vec<String>,
}

/// Whether a queued message is one of our TLS reports: the null sender and a
/// `TLS-Report-Domain` field in its header (RFC 8460 §5.3).
pub fn is_report(sender: &str, message: &[u8]) -> bool {
    if !sender.is_empty() {
        return false;
    }
    let end = message
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(message.len());
    message[..end]
        .split(|&b| b == b'\n')
        .any(|line| line.len() >= 18 && line[..18].eq_ignore_ascii_case(b"TLS-Report-Domain:"))
}

/// Days since 1970-01-01 (UTC) of a Unix time.
pub fn day_of(unix: i64) -> i64 {
    unix.div_euclid(86_400)
}

/// Counts one session (success when `failure` is None).
pub fn count(
    store: &Store,
    domain: &str,
    policy: &ReportPolicy,
    mx_host: &str,
    receiving_ip: Option<std::net::IpAddr>,
    failure: Option<ResultType>,
) {
    store.count_tls_result(TlsResult {
        day: day_of(storage::now()),
        domain: domain.to_string(),
        policy_type: policy.kind.to_string(),
        policy_string: policy.lines.join("\n"),
        mx_host: mx_host.to_string(),
        result_type: failure.map(|f| f.as_str().to_string()).unwrap_or_default(),
        receiving_ip: receiving_ip.map(|ip| ip.to_string()).unwrap_or_default(),
    });
}

/// The `rua` mailto addresses of a `_smtp._tls` TXT record (§3: "v=TLSRPTv1; rua=…", a
/// comma-separated list of URIs). None when the record is not a TLSRPTv1 record.
pub fn parse_rua(record: &str) -> Option<Vec<String>> {
    if record.len() > 2048 {
        return None;
    }
    let mut fields = record.split(';').map(|f| f.trim_matches([' ', '\t']));
    if fields.next()? != "v=TLSRPTv1" {
        return None;
    }
    let mut out = Vec::new();
    // A finite split of a bounded record.
    for field in fields {
        let Some(list) = field.strip_prefix("rua=") else {
            continue;
        };
        for uri in list.split(',').map(str::trim) {
            let Some(address) = uri.strip_prefix("mailto:") else {
                continue; // https: is not implemented
            };
            // §3: the address is a URI: %-escapes are possible but never used in practice;
            // an address with one is skipped rather than guessed.
            let plausible = address.len() <= 254
                && address
                    .split_once('@')
                    .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
                && !address.contains(['%', '?', ' ', '<', '>', '"']);
            if plausible && out.len() < 8 {
                out.push(address.to_string());
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// "YYYY-MM-DDT00:00:00Z" of a day (RFC 3339, as §4.4's date-range wants).
fn civil(day: i64) -> (i64, u32, u32) {
    // Days to a proleptic Gregorian date (H. Hinnant's algorithm).
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn day_string(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The report of one policy domain for one day (§4.4).
pub fn report_json(
    organization: &str,
    contact: &str,
    report_id: &str,
    day: i64,
    domain: &str,
    rows: &[TlsResultCount],
) -> Value {
    // One "policies" entry per policy the day's sessions were held to.
    let mut by_policy: BTreeMap<(&str, &str), Vec<&TlsResultCount>> = BTreeMap::new();
    for row in rows {
        by_policy
            .entry((&row.result.policy_type, &row.result.policy_string))
            .or_default()
            .push(row);
    }
    let policies: Vec<Value> = by_policy
        .into_iter()
        .map(|((kind, string), rows)| {
            let ok: u64 = rows
                .iter()
                .filter(|r| r.result.result_type.is_empty())
                .map(|r| r.count)
                .sum();
            let failed: Vec<&&TlsResultCount> = rows
                .iter()
                .filter(|r| !r.result.result_type.is_empty())
                .collect();
            let lines: Vec<&str> = if string.is_empty() {
                Vec::new()
            } else {
                string.split('\n').collect()
            };
            let mut policy = json!({
                "policy-type": kind,
                "policy-string": lines,
                "policy-domain": domain,
            });
            if kind == "sts" {
                let mx: Vec<&str> = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("mx: "))
                    .collect();
                policy["mx-host"] = json!(mx);
            }
            let details: Vec<Value> = failed
                .iter()
                .map(|r| {
                    let mut d = json!({
                        "result-type": r.result.result_type,
                        "receiving-mx-hostname": r.result.mx_host,
                        "failed-session-count": r.count,
                    });
                    if !r.result.receiving_ip.is_empty() {
                        d["receiving-ip"] = json!(r.result.receiving_ip);
                    }
                    d
                })
                .collect();
            json!({
                "policy": policy,
                "summary": {
                    "total-successful-session-count": ok,
                    "total-failure-session-count": failed.iter().map(|r| r.count).sum::<u64>(),
                },
                "failure-details": details,
            })
        })
        .collect();
    json!({
        "organization-name": organization,
        "date-range": {
            "start-datetime": format!("{}T00:00:00Z", day_string(day)),
            "end-datetime": format!("{}T23:59:59Z", day_string(day)),
        },
        "contact-info": contact,
        "report-id": report_id,
        "policies": policies,
    })
}

/// The message carrying a report (§5.3): multipart/report; report-type="tlsrpt", a short
/// text and the gzipped JSON as application/tlsrpt+gzip named as §5.1 says.
pub fn report_message(
    submitter: &str,
    to: &str,
    day: i64,
    domain: &str,
    report_id: &str,
    json: &Value,
    now: i64,
) -> Vec<u8> {
    use mail_builder::MessageBuilder;
    use mail_builder::headers::address::Address;
    use mail_builder::headers::content_type::ContentType;
    use mail_builder::headers::raw::Raw;
    use mail_builder::headers::text::Text;
    use mail_builder::mime::{BodyPart, MimePart};

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(json.to_string().as_bytes());
    let gz = gz.finish().unwrap_or_default();
    let begin = day * 86_400;
    let end = begin + 86_399;
    let filename = format!("{submitter}!{domain}!{begin}!{end}.json.gz");
    let text = format!(
        "Báo cáo TLS (RFC 8460) của {submitter} về thư gửi tới {domain} ngày {}.\r\n\
         TLS report (RFC 8460) from {submitter} about mail sent to {domain} on {}.\r\n",
        day_string(day),
        day_string(day)
    );
    let body = MimePart::new(
        ContentType::new("multipart/report").attribute("report-type", "tlsrpt"),
        vec![
            MimePart::new("text/plain", text),
            MimePart::new(
                ContentType::new("application/tlsrpt+gzip"),
                BodyPart::Binary(std::borrow::Cow::Owned(gz)),
            )
            .attachment(filename),
        ],
    );
    let builder = MessageBuilder::new()
        .from(Address::new_address(
            Some("govmail TLS report"),
            format!("noreply-tlsrpt@{submitter}"),
        ))
        .to(Address::new_address(None::<&str>, to.to_string()))
        .subject(Text::new(format!(
            "Report Domain: {domain} Submitter: {submitter} Report-ID: <{report_id}>"
        )))
        .header("Date", Raw::new(crate::dates::rfc5322_date(now)))
        .header("TLS-Report-Domain", Raw::new(domain.to_string()))
        .header("TLS-Report-Submitter", Raw::new(submitter.to_string()))
        .header("Auto-Submitted", Raw::new("auto-generated"))
        .header("MIME-Version", Raw::new("1.0"))
        .body(body);
    let mut out = Vec::new();
    let _ = builder.write_to(&mut out);
    out
}

/// Sends the reports of every finished day: for each (day, domain) with counts, looks up
/// the domain's `_smtp._tls` record; with rua addresses, takes the counts and queues one
/// message per address; without, drops the counts (nobody asked for them). Returns the
/// number of reports queued.
pub async fn send_due(
    store: &Store,
    outbox: &crate::outbox::Outbox,
    resolver: Option<&hickory_resolver::TokioResolver>,
    submitter: &str,
) -> usize {
    let today = day_of(storage::now());
    let due = {
        let store = store.clone();
        tokio::task::spawn_blocking(move || store.tls_reports_due(today)).await
    };
    let Ok(Ok(due)) = due else {
        return 0;
    };
    let mut sent = 0;
    for (day, domain) in due {
        let rua = match resolver {
            Some(r) => match r.txt_lookup(format!("_smtp._tls.{domain}.")).await {
                Ok(lookup) => lookup
                    .answers()
                    .iter()
                    .filter_map(|rec| match &rec.data {
                        hickory_resolver::proto::rr::RData::TXT(txt) => Some(txt.to_string()),
                        _ => None,
                    })
                    .find_map(|t| parse_rua(&t)),
                Err(e) if e.is_nx_domain() || e.is_no_records_found() => None,
                // DNS trouble: try again at the next round.
                Err(_) => continue,
            },
            None => continue,
        };
        let taken = {
            let store = store.clone();
            let domain = domain.clone();
            tokio::task::spawn_blocking(move || store.take_tls_results(day, &domain)).await
        };
        let Ok(Ok(rows)) = taken else {
            continue;
        };
        let Some(rua) = rua else {
            continue;
        };
        let report_id = format!("{}.{domain}@{submitter}", day_string(day));
        let json = report_json(
            submitter,
            &format!("postmaster@{submitter}"),
            &report_id,
            day,
            &domain,
            &rows,
        );
        for to in rua {
            let message = report_message(
                submitter,
                &to,
                day,
                &domain,
                &report_id,
                &json,
                storage::now(),
            );
            match outbox.deliver_notice(&to, message).await {
                Ok(()) => sent += 1,
                Err(e) => tracing::warn!(%domain, %to, error = %e, "could not queue a TLS report"),
            }
        }
        tracing::info!(%domain, day = %day_string(day), "TLS report queued");
    }
    sent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rua_of_the_section_3_examples() {
        assert_eq!(
            parse_rua("v=TLSRPTv1;rua=mailto:reports@example.com"),
            Some(vec!["reports@example.com".to_string()])
        );
        assert_eq!(
            parse_rua(
                "v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt,mailto:tls@hue.gov.vn"
            ),
            Some(vec!["tls@hue.gov.vn".to_string()])
        );
        for bad in [
            "v=TLSRPTv2; rua=mailto:a@b.c",
            "rua=mailto:a@b.c",
            "v=TLSRPTv1",
            "v=TLSRPTv1; rua=https://x.example/",
            "v=TLSRPTv1; rua=mailto:nobody",
            "v=TLSRPTv1; rua=mailto:a%40b@c.d",
            "",
        ] {
            assert_eq!(parse_rua(bad), None, "{bad}");
        }
        let long = format!("v=TLSRPTv1; rua={}", "mailto:a@b.c,".repeat(1000));
        assert_eq!(parse_rua(&long), None);
        let many = format!("v=TLSRPTv1; rua={}", "mailto:a@b.c,".repeat(20));
        assert_eq!(parse_rua(&many).unwrap().len(), 8);
    }

    #[test]
    fn our_reports_are_recognised_by_sender_and_header() {
        let json = json!({});
        let message = report_message("mx.qn.vn", "t@hue.gov.vn", 1, "hue.gov.vn", "r", &json, 0);
        assert!(is_report("", &message));
        assert!(!is_report("annv@qn.vn", &message));
        assert!(!is_report(
            "",
            b"Subject: TLS-Report-Domain: x\r\n\r\nTLS-Report-Domain: x\r\n"
        ));
        assert!(!is_report("", b""));
    }

    #[test]
    fn days_are_utc_calendar_dates() {
        assert_eq!(day_string(0), "1970-01-01");
        assert_eq!(day_string(day_of(1_796_601_600)), "2026-12-07");
        assert_eq!(day_string(day_of(951_782_400)), "2000-02-29");
    }

    fn row(kind: &str, policy: &str, result: &str, count: u64) -> TlsResultCount {
        TlsResultCount {
            result: TlsResult {
                day: 20_429,
                domain: "hue.gov.vn".into(),
                policy_type: kind.into(),
                policy_string: policy.into(),
                mx_host: "mx.hue.gov.vn".into(),
                result_type: result.into(),
                receiving_ip: String::new(),
            },
            count,
        }
    }

    #[test]
    fn the_report_has_the_fields_of_section_4_4() {
        let sts = "version: STSv1\nmode: enforce\nmx: mx.hue.gov.vn\nmax_age: 86400";
        let rows = [
            row("sts", sts, "", 41),
            row("sts", sts, "certificate-expired", 2),
            row("tlsa", "3 1 1 ab", "", 5),
        ];
        let json = report_json(
            "mail.qn.vn",
            "postmaster@mail.qn.vn",
            "r1",
            20_429,
            "hue.gov.vn",
            &rows,
        );
        let text = json.to_string();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["date-range"]["start-datetime"], "2025-12-07T00:00:00Z");
        assert_eq!(back["date-range"]["end-datetime"], "2025-12-07T23:59:59Z");
        let policies = back["policies"].as_array().unwrap();
        assert_eq!(policies.len(), 2);
        let sts = &policies[0];
        assert_eq!(sts["policy"]["policy-type"], "sts");
        assert_eq!(sts["policy"]["policy-string"].as_array().unwrap().len(), 4);
        assert_eq!(sts["policy"]["mx-host"], json!(["mx.hue.gov.vn"]));
        assert_eq!(sts["summary"]["total-successful-session-count"], 41);
        assert_eq!(sts["summary"]["total-failure-session-count"], 2);
        assert_eq!(
            sts["failure-details"][0]["result-type"],
            "certificate-expired"
        );
        assert!(sts["failure-details"][0].get("receiving-ip").is_none());
        let tlsa = &policies[1];
        assert_eq!(tlsa["policy"]["policy-type"], "tlsa");
        assert!(tlsa["policy"].get("mx-host").is_none());
        assert_eq!(tlsa["summary"]["total-failure-session-count"], 0);
        assert_eq!(tlsa["failure-details"], json!([]));
    }
}
