//! Finding a recipient domain's MTA-STS policy (RFC 8461 §3, §5.1): its `_mta-sts` TXT
//! record, the cache in the store, and the HTTPS fetch of
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` (§3.3: WebPKI-valid certificate, HTTP
//! 200, no redirects, `text/plain`, bounded size and time) through hyper's client.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::proto::rr::RData;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::RootCertStore;
use storage::{CachedStsPolicy, Store};

use super::mta_sts::{self, MAX_POLICY_SIZE, Policy};
use super::tls_report::ResultType;

/// How to reach policy hosts.
#[derive(Debug, Clone)]
pub struct Fetcher {
    /// The CAs a policy host's certificate must chain to (§3.3: WebPKI).
    pub roots: Arc<RootCertStore>,
    /// 443; a test points it elsewhere (`[relay] mta_sts_port`).
    pub port: u16,
    /// For the whole fetch: connection, TLS, request and body.
    pub timeout: Duration,
}

/// What is known of a domain's policy for one delivery.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The policy in force (fresh or cached); None: the domain has none.
    pub policy: Option<Policy>,
    /// A fetch that failed (reported with TLS-RPT even when a cached policy was used).
    pub fetch_error: Option<(ResultType, String)>,
}

/// The policy of `domain` (§5.1): the cached one while the TXT id is the same and it has not
/// expired; otherwise a fresh fetch, kept in the store; and when the fetch fails, the cached
/// one if it is still unexpired (an attacker blocking the policy host must not turn
/// protection off), else no policy (§5: a policy that cannot be had is no policy).
pub async fn find(
    domain: &str,
    resolver: &TokioResolver,
    store: &Store,
    fetcher: &Fetcher,
) -> Found {
    let id = txt_id(domain, resolver).await;
    let now = storage::now();
    let cached = {
        let store = store.clone();
        let domain = domain.to_string();
        tokio::task::spawn_blocking(move || store.mta_sts_policy(&domain))
            .await
            .ok()
            .and_then(|r| r.ok())
            .flatten()
    };
    let usable = cached
        .as_ref()
        .filter(|c| c.expires_at > now)
        .and_then(|c| {
            mta_sts::parse_policy(c.policy.as_bytes())
                .ok()
                .map(|p| (c.id.clone(), p))
        });
    let Some(id) = id else {
        // §5.1: no (valid) TXT record: a cached unexpired policy stays in force.
        return Found {
            policy: usable.map(|(_, p)| p),
            fetch_error: None,
        };
    };
    if let Some((cached_id, policy)) = &usable
        && *cached_id == id
    {
        return Found {
            policy: Some(policy.clone()),
            fetch_error: None,
        };
    }
    match fetch(domain, resolver, fetcher).await {
        Ok(policy) => {
            let record = CachedStsPolicy {
                id,
                policy: policy.to_text(),
                fetched_at: now,
                expires_at: now.saturating_add(policy.max_age as i64),
            };
            let store = store.clone();
            let owned = domain.to_string();
            let kept =
                tokio::task::spawn_blocking(move || store.set_mta_sts_policy(&owned, record)).await;
            if !matches!(kept, Ok(Ok(()))) {
                tracing::warn!(%domain, "could not keep the MTA-STS policy in the store");
            }
            Found {
                policy: Some(policy),
                fetch_error: None,
            }
        }
        Err(error) => {
            tracing::warn!(%domain, error = %error.1, "MTA-STS policy fetch failed");
            Found {
                policy: usable.map(|(_, p)| p),
                fetch_error: Some(error),
            }
        }
    }
}

/// The id of the domain's `_mta-sts` TXT record, if it has exactly one valid one (§3.1).
async fn txt_id(domain: &str, resolver: &TokioResolver) -> Option<String> {
    let lookup = resolver
        .txt_lookup(format!("_mta-sts.{domain}."))
        .await
        .ok()?;
    let records: Vec<String> = lookup
        .answers()
        .iter()
        .filter_map(|r| match &r.data {
            // The character-strings of one record are joined (RFC 7208 §3.3 does the same).
            RData::TXT(txt) => Some(
                txt.txt_data
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    mta_sts::parse_txt(&records)
}

/// Fetches and parses the policy of `domain` (§3.3).
pub async fn fetch(
    domain: &str,
    resolver: &TokioResolver,
    fetcher: &Fetcher,
) -> Result<Policy, (ResultType, String)> {
    let host = format!("mta-sts.{domain}");
    let body = tokio::time::timeout(fetcher.timeout, get(&host, resolver, fetcher))
        .await
        .map_err(|_| {
            (
                ResultType::StsPolicyFetchError,
                format!("https://{host}: timed out"),
            )
        })??;
    mta_sts::parse_policy(&body)
        .map_err(|e| (ResultType::StsPolicyInvalid, format!("https://{host}: {e}")))
}

async fn get(
    host: &str,
    resolver: &TokioResolver,
    fetcher: &Fetcher,
) -> Result<Vec<u8>, (ResultType, String)> {
    let fetch_error = |what: String| {
        (
            ResultType::StsPolicyFetchError,
            format!("https://{host}: {what}"),
        )
    };
    let ips: Vec<IpAddr> = resolver
        .lookup_ip(format!("{host}."))
        .await
        .map_err(|e| fetch_error(format!("cannot resolve: {e}")))?
        .iter()
        .collect();
    let ip = ips
        .first()
        .copied()
        .ok_or_else(|| fetch_error("no address".into()))?;
    let tcp = tokio::net::TcpStream::connect(SocketAddr::new(ip, fetcher.port))
        .await
        .map_err(|e| fetch_error(format!("cannot connect: {e}")))?;
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| fetch_error(e.to_string()))?
    .with_root_certificates(fetcher.roots.clone())
    .with_no_client_auth();
    let name = rustls_pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| fetch_error(e.to_string()))?;
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        // §3.3: a policy host without a valid certificate is a webpki failure.
        .map_err(|e| {
            (
                ResultType::StsWebpkiInvalid,
                format!("https://{host}: TLS: {e}"),
            )
        })?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .map_err(|e| fetch_error(e.to_string()))?;
    let driver = tokio::spawn(connection);
    let request = hyper::Request::get("/.well-known/mta-sts.txt")
        .header(hyper::header::HOST, host)
        .header(hyper::header::USER_AGENT, "govmail")
        .body(Empty::<Bytes>::new())
        .map_err(|e| fetch_error(e.to_string()))?;
    let result = async {
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| fetch_error(e.to_string()))?;
        // §3.3: only 200 counts; redirects are not followed.
        if response.status() != hyper::StatusCode::OK {
            return Err(fetch_error(format!("HTTP status {}", response.status())));
        }
        // §3.3: the policy is text/plain (parameters such as charset allowed).
        let text_plain = response
            .headers()
            .get(hyper::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain"))
            });
        if !text_plain {
            return Err(fetch_error("the policy is not served as text/plain".into()));
        }
        let body = Limited::new(response.into_body(), MAX_POLICY_SIZE)
            .collect()
            .await
            .map_err(|e| fetch_error(format!("reading the policy: {e}")))?;
        Ok(body.to_bytes().to_vec())
    }
    .await;
    driver.abort();
    result
}
