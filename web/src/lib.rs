//! The HTTPS listener (ARCHITECTURE.md: crate `web`): what mail clients fetch to configure
//! themselves, the MTA-STS policy other servers fetch, and the Prometheus endpoint.
//!
//! - Thunderbird: `GET /mail/config-v1.1.xml` on `autoconfig.<domain>` and
//!   `GET /.well-known/autoconfig/mail/config-v1.1.xml` on `<domain>` ([`autoconfig`]).
//! - Outlook: `POST /autodiscover/autodiscover.xml` (the POX schema) and the JSON
//!   `GET /autodiscover/autodiscover.json/v1.0/<address>` ([`autodiscover`]).
//! - iPhone, iPad, Mac: `GET /mobileconfig?emailaddress=…`, and `GET /setup`, a page with a
//!   QR code of that link for a phone to scan ([`mobileconfig`]).
//! - RFC 8461: `GET /.well-known/mta-sts.txt` on `mta-sts.<domain>` ([`mta_sts`]).
//! - RFC 8555 HTTP-01, on the plain-HTTP listener only:
//!   `GET /.well-known/acme-challenge/<token>` ([`acme`]); RFC 8737 TLS-ALPN-01 on the
//!   HTTPS listener, in its TLS handshake ([`tls_alpn`]).
//!
//! No answer depends on whether an account exists, only on its domain: an unknown address
//! of a served domain gets the same configuration as a known one, so none of these
//! unauthenticated endpoints tells anyone which addresses exist.
//!
//! - The web console, `/login` and `/console/…` on the HTTPS listener only ([`console`]).
//!
//! HTTP itself is hyper's (through axum), TLS is tokio-rustls with the mail ports' certificate
//! and reload ([`server`]).

pub mod acme;
pub mod autoconfig;
pub mod autodiscover;
pub mod console;
pub mod mobileconfig;
pub mod mta_sts;
pub mod profile_signing;
pub mod server;
pub mod tls_alpn;
mod xml;

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub use server::{Limits, MetricsRender, serve_http, serve_https, serve_metrics};

/// What mail clients are told, taken from the running configuration (its host name and the
/// ports of its `[listen]` section). A port is `None` when that service is off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailSettings {
    /// The server's host name: the name in its certificate, which clients connect to.
    pub hostname: String,
    /// The agency running the server, shown by clients next to the account.
    pub organization: Option<String>,
    pub imaps: Option<u16>,
    pub imap: Option<u16>,
    pub pop3s: Option<u16>,
    pub pop3: Option<u16>,
    pub submissions: Option<u16>,
    pub submission: Option<u16>,
    /// The HTTPS listener's port, for links that clients follow (443 needs none).
    pub https: Option<u16>,
    pub mta_sts: mta_sts::Policy,
}

impl MailSettings {
    /// `https://hostname[:port]`, the base of links to this listener.
    pub fn base_url(&self) -> String {
        match self.https {
            Some(443) | None => format!("https://{}", self.hostname),
            Some(port) => format!("https://{}:{port}", self.hostname),
        }
    }

    /// The name shown for a domain's provider: the agency if configured, else the domain.
    pub fn provider_name(&self, domain: &str) -> String {
        self.organization
            .clone()
            .unwrap_or_else(|| domain.to_string())
    }
}

/// Which domains this server serves. Blocking (it may read the database): called off the
/// async threads.
pub trait Domains: Send + Sync {
    fn serves(&self, domain: &str) -> bool;
}

impl Domains for storage::Store {
    fn serves(&self, domain: &str) -> bool {
        match self.list_domains() {
            Ok(domains) => domains.iter().any(|d| d.name == domain),
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the served domains");
                false
            }
        }
    }
}

/// One configuration's worth of the web service; a reload makes a new one.
pub struct Web {
    pub settings: MailSettings,
    pub domains: Arc<dyn Domains>,
    /// What one client may hold; each new connection takes the newest.
    pub limits: server::Limits,
    /// Signs `.mobileconfig` profiles; `None` with a self-signed certificate (or a key that
    /// cannot sign them): profiles are then sent unsigned.
    pub profile_signer: Option<Arc<profile_signing::Signer>>,
    /// Pending ACME challenges (HTTP-01 answers, TLS-ALPN-01 certificates), shared by every
    /// generation (the renewal task's).
    pub acme: acme::Challenges,
    /// The web console (shared by every generation, so that reloads keep sessions); None:
    /// its pages answer 404.
    pub console: Option<Arc<console::Console>>,
}

impl Web {
    /// Whether `domain` is served, asked off the async threads.
    async fn serves(&self, domain: &str) -> bool {
        let (domains, domain) = (self.domains.clone(), domain.to_string());
        tokio::task::spawn_blocking(move || domains.serves(&domain))
            .await
            .unwrap_or(false)
    }
}

/// An address from a request: `local@domain`, the domain normalised (lower case), the local
/// part kept as given but for case (RFC 6531 allows UTF-8 there). `None` if malformed.
pub fn parse_address(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if text.len() > 254 || text.chars().any(|c| c.is_control() || "<>\"'&".contains(c)) {
        return None;
    }
    storage::normalize_address(text).ok()
}

/// The host a request was sent to (the `Host` header, RFC 9110 §7.2), lower-cased and
/// without its port; `None` if absent or not a host name.
pub fn request_host(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    storage::normalize_domain(name).ok()
}

/// The domain a request is about: the address's if one is given (malformed: `Err`), else
/// the host it was sent to without `prefix` (`autoconfig.`, `mta-sts.`).
fn request_domain(
    address: Option<&str>,
    headers: &HeaderMap,
    prefix: &str,
) -> Result<Option<String>, Response> {
    if let Some(address) = address {
        return match parse_address(address) {
            Some((_, domain)) => Ok(Some(domain)),
            None => Err(bad_request("malformed e-mail address")),
        };
    }
    Ok(request_host(headers).map(|h| h.strip_prefix(prefix).unwrap_or(&h).to_string()))
}

fn bad_request(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{why}\n"),
    )
        .into_response()
}

fn not_found(why: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{why}\n"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked() {
        assert_eq!(
            parse_address("AnNV@Demo.Gov.VN"),
            Some(("annv".into(), "demo.gov.vn".into()))
        );
        assert_eq!(
            parse_address("nguyễn.an@demo.gov.vn").map(|a| a.0),
            Some("nguyễn.an".into())
        );
        for bad in [
            "",
            "annv",
            "@demo.gov.vn",
            "annv@",
            "a<b@demo.gov.vn",
            "an nv@demo.gov.vn",
            "annv@demo",
            "annv@demo..gov.vn",
            "a\u{0}@demo.gov.vn",
        ] {
            assert_eq!(parse_address(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_address(&format!("{}@demo.gov.vn", "a".repeat(250))),
            None
        );
    }

    #[test]
    fn the_host_header_is_read_without_its_port() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_host(&headers), None);
        headers.insert(header::HOST, "AutoConfig.Demo.gov.vn:8443".parse().unwrap());
        assert_eq!(
            request_host(&headers).as_deref(),
            Some("autoconfig.demo.gov.vn")
        );
        headers.insert(header::HOST, "evil/../x".parse().unwrap());
        assert_eq!(request_host(&headers), None);
    }
}
