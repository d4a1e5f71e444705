//! The listeners: HTTPS (`[listen] https`), plain HTTP (`[listen] http`: Thunderbird's
//! plain-HTTP fallback, and a redirect to HTTPS for everything else) and the metrics endpoint
//! (`[listen] metrics`, plain HTTP on loopback).
//!
//! Each connection is HTTP/1.1 served by hyper, with axum's router. Each new connection takes
//! the newest TLS acceptor and settings, so a reload (SIGHUP) changes the certificate and the
//! answers without dropping anyone. Bounded like the mail listeners: per-IP connections, the
//! TLS handshake's deadline, a deadline for each request's head, a body cap, and a lifetime.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use crate::{Web, autoconfig, autodiscover, mobileconfig, mta_sts};

/// Renders the Prometheus exposition text (the caller owns the counters).
pub type MetricsRender =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = String> + Send>> + Send + Sync>;

/// What one client may hold.
#[derive(Debug, Clone)]
pub struct Limits {
    pub connections_per_ip: usize,
    pub exempt: Vec<netlimits::Network>,
    pub handshake: Duration,
    /// A request's head must arrive within this (hyper's header read timeout).
    pub request_head: Duration,
    /// A connection is closed after this, whatever it is doing: every answer here is small.
    pub lifetime: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections_per_ip: 20,
            exempt: Vec::new(),
            handshake: netlimits::Deadlines::default().handshake,
            request_head: Duration::from_secs(10),
            lifetime: Duration::from_secs(120),
        }
    }
}

/// The HTTPS routes.
pub fn https_router(web: watch::Receiver<Arc<Web>>) -> Router {
    Router::new()
        .route("/mail/config-v1.1.xml", get(autoconfig::handler))
        .route(
            "/.well-known/autoconfig/mail/config-v1.1.xml",
            get(autoconfig::handler),
        )
        // Outlook capitalises the path; paths are case-sensitive (RFC 3986 §6.2.2.1).
        .route("/autodiscover/autodiscover.xml", post(autodiscover::pox))
        .route("/Autodiscover/Autodiscover.xml", post(autodiscover::pox))
        .route(
            "/autodiscover/autodiscover.json/v1.0/{address}",
            get(autodiscover::json),
        )
        .route(
            "/Autodiscover/Autodiscover.json/v1.0/{address}",
            get(autodiscover::json),
        )
        .route(
            "/autodiscover/autodiscover.json",
            get(autodiscover::json_query),
        )
        .route(
            "/Autodiscover/Autodiscover.json",
            get(autodiscover::json_query),
        )
        .route("/mobileconfig", get(mobileconfig::handler))
        .route("/setup", get(mobileconfig::setup_page))
        .route("/", get(mobileconfig::setup_page))
        .route("/.well-known/mta-sts.txt", get(mta_sts::handler))
        .merge(crate::console::routes())
        .fallback(|| async { crate::not_found("not found") })
        .layer(DefaultBodyLimit::max(autodiscover::MAX_REQUEST))
        .with_state(web)
}

/// The plain-HTTP routes: Thunderbird's autoconfiguration (it falls back to HTTP when HTTPS
/// fails, as it does against a self-signed certificate), ACME HTTP-01 answers, and a redirect
/// to HTTPS for the rest.
pub fn http_router(web: watch::Receiver<Arc<Web>>) -> Router {
    Router::new()
        .route("/mail/config-v1.1.xml", get(autoconfig::handler))
        .route(
            "/.well-known/autoconfig/mail/config-v1.1.xml",
            get(autoconfig::handler),
        )
        // RFC 8555 §8.3: validated over plain HTTP on port 80, before any certificate works.
        .route(
            "/.well-known/acme-challenge/{token}",
            get(crate::acme::handler),
        )
        .fallback(to_https)
        .layer(DefaultBodyLimit::max(autodiscover::MAX_REQUEST))
        .with_state(web)
}

/// 308 to the same path over HTTPS, on the host asked for if it is a host name.
async fn to_https(
    State(web): State<watch::Receiver<Arc<Web>>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let web = web.borrow().clone();
    let s = &web.settings;
    let host = crate::request_host(&headers).unwrap_or_else(|| s.hostname.clone());
    let port = match s.https {
        Some(443) | None => String::new(),
        Some(p) => format!(":{p}"),
    };
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, format!("https://{host}{port}{path}"))],
    )
        .into_response()
}

/// `GET /metrics` only.
pub fn metrics_router(render: MetricsRender) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(render): State<MetricsRender>| async move {
                (
                    [(
                        header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    render().await,
                )
            }),
        )
        .fallback(|| async { crate::not_found("only /metrics is here") })
        .with_state(render)
}

/// Serves HTTPS on `socket` until `stop`.
pub async fn serve_https(
    socket: TcpListener,
    tls: watch::Receiver<Option<TlsAcceptor>>,
    web: watch::Receiver<Arc<Web>>,
    stop: CancellationToken,
) {
    let router = https_router(web.clone());
    accept_loop("https", socket, Some(tls), router, Some(web), stop).await
}

/// Serves plain HTTP on `socket` until `stop`.
pub async fn serve_http(
    socket: TcpListener,
    web: watch::Receiver<Arc<Web>>,
    stop: CancellationToken,
) {
    let router = http_router(web.clone());
    accept_loop("http", socket, None, router, Some(web), stop).await
}

/// Serves the metrics endpoint on `socket` until `stop`.
pub async fn serve_metrics(socket: TcpListener, render: MetricsRender, stop: CancellationToken) {
    accept_loop("metrics", socket, None, metrics_router(render), None, stop).await
}

async fn accept_loop(
    listener: &'static str,
    socket: TcpListener,
    tls: Option<watch::Receiver<Option<TlsAcceptor>>>,
    router: Router,
    web: Option<watch::Receiver<Arc<Web>>>,
    stop: CancellationToken,
) {
    let per_ip = Arc::new(netlimits::PerIp::default());
    let mut errors = netlimits::AcceptErrors::default();
    let defaults = Arc::new(Limits::default());
    // The HTTPS acceptor made from the newest mail ports' one (see `https_acceptor`).
    let mut derived = None;
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => return,
            accepted = socket.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => {
                errors.accepted();
                accepted
            }
            Err(e) => {
                // Out of file descriptors: retrying at once would spin.
                let pause = errors.failed(listener, &e);
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = tokio::time::sleep(pause) => continue,
                }
            }
        };
        // The newest configuration's limits (the metrics listener has only the defaults).
        let limits = match &web {
            Some(web) => Arc::new(web.borrow().limits.clone()),
            None => defaults.clone(),
        };
        let Some(slot) = netlimits::PerIp::take(
            &per_ip,
            peer.ip(),
            limits.connections_per_ip,
            &limits.exempt,
        ) else {
            tracing::debug!(%peer, %listener, "too many connections from this address");
            netlimits::refuse(
                stream,
                b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            );
            continue;
        };
        let acceptor = match &tls {
            None => None,
            Some(tls) => {
                let Some(base) = tls.borrow().clone() else {
                    continue;
                };
                let pending = match &web {
                    Some(web) => web.borrow().acme.tls_alpn.clone(),
                    None => Default::default(),
                };
                Some(https_acceptor(&mut derived, &base, &pending))
            }
        };
        let (router, limits, stop) = (router.clone(), limits.clone(), stop.clone());
        tokio::spawn(async move {
            let _slot = slot;
            match acceptor {
                Some(acceptor) => {
                    let at = netlimits::TlsAt {
                        listener,
                        port: netlimits::TlsAt::port_of(&stream),
                        peer,
                    };
                    let Ok(stream) =
                        netlimits::handshake(limits.handshake, at, acceptor.accept(stream)).await
                    else {
                        return;
                    };
                    if crate::tls_alpn::negotiated(stream.get_ref().1) {
                        // RFC 8737 §3: a TLS-ALPN-01 validation; nothing else is exchanged.
                        tracing::info!(%peer, "ACME TLS-ALPN-01 validation handshake answered");
                        let mut stream = stream;
                        let _ = tokio::io::AsyncWriteExt::shutdown(&mut stream).await;
                        return;
                    }
                    connection(stream, peer, router, &limits, stop).await
                }
                None => connection(stream, peer, router, &limits, stop).await,
            }
        });
    }
}

/// The HTTPS listener's acceptor: the mail ports' `base` itself, or while an ACME
/// TLS-ALPN-01 validation is pending one made from it that also answers validations from
/// `pending` ([`crate::tls_alpn::https_config`]), made once per `base` (each reload brings a
/// new one) and kept in `cache`.
fn https_acceptor(
    cache: &mut Option<(TlsAcceptor, TlsAcceptor)>,
    base: &TlsAcceptor,
    pending: &crate::tls_alpn::Pending,
) -> TlsAcceptor {
    if pending.is_empty() {
        return base.clone();
    }
    if let Some((from, made)) = cache.as_ref()
        && Arc::ptr_eq(from.config(), base.config())
    {
        return made.clone();
    }
    let made = TlsAcceptor::from(crate::tls_alpn::https_config(base.config(), pending));
    *cache = Some((base.clone(), made.clone()));
    made
}

/// One HTTP/1.1 connection, until the client closes it, its lifetime ends, or the listener
/// stops (then the request in progress is finished first).
async fn connection<S>(
    stream: S,
    peer: SocketAddr,
    router: Router,
    limits: &Limits,
    stop: CancellationToken,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // Each request learns the client's address (the console's throttle and audit log).
    let router = router.layer(axum::Extension(crate::console::Peer(peer)));
    let service = TowerToHyperService::new(router);
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.request_head)
        .max_buf_size(64 * 1024)
        .serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    let lifetime = tokio::time::sleep(limits.lifetime);
    tokio::pin!(lifetime);
    let result = tokio::select! {
        result = conn.as_mut() => result,
        _ = stop.cancelled() => {
            conn.as_mut().graceful_shutdown();
            conn.as_mut().await
        }
        _ = &mut lifetime => {
            conn.as_mut().graceful_shutdown();
            tokio::time::timeout(Duration::from_secs(5), conn.as_mut())
                .await
                .unwrap_or(Ok(()))
        }
    };
    if let Err(e) = result {
        tracing::debug!(%peer, error = %e, "HTTP connection ended with an error");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Domains, MailSettings};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    struct One;
    impl Domains for One {
        fn serves(&self, domain: &str) -> bool {
            domain == "demo.gov.vn"
        }
    }

    /// A plain-HTTP listener with `limits`, on a free loopback port.
    async fn listener(limits: Limits) -> (SocketAddr, CancellationToken) {
        listener_with(limits, crate::acme::Challenges::default()).await
    }

    async fn listener_with(
        limits: Limits,
        acme: crate::acme::Challenges,
    ) -> (SocketAddr, CancellationToken) {
        let web = Web {
            settings: MailSettings {
                hostname: "mail.demo.gov.vn".into(),
                imaps: Some(993),
                submissions: Some(465),
                https: Some(8443),
                ..MailSettings::default()
            },
            domains: Arc::new(One),
            limits,
            acme: acme.clone(),
            profile_signer: None,
            console: None,
        };
        let (_tx, rx) = watch::channel(Arc::new(web));
        let socket = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        let stop = CancellationToken::new();
        tokio::spawn({
            let stop = stop.clone();
            async move {
                let _tx = _tx;
                serve_http(socket, rx, stop).await
            }
        });
        (addr, stop)
    }

    async fn read_all(stream: &mut tokio::net::TcpStream) -> String {
        let mut out = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    async fn get(addr: SocketAddr, path: &str) -> String {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: mail.demo.gov.vn\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
        read_all(&mut s).await
    }

    #[tokio::test]
    async fn acme_http_01_answers_only_pending_tokens() {
        let acme = crate::acme::Challenges::default();
        let (addr, stop) = listener_with(Limits::default(), acme.clone()).await;
        let path = "/.well-known/acme-challenge/tok-1";
        assert!(get(addr, path).await.starts_with("HTTP/1.1 404 "));
        acme.insert("tok-1", "tok-1.thumbprint");
        let answer = get(addr, path).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(answer.ends_with("\r\n\r\ntok-1.thumbprint"), "{answer}");
        // Not redirected to HTTPS while pending, and gone once the order is over.
        acme.remove("tok-1");
        assert!(get(addr, path).await.starts_with("HTTP/1.1 404 "));
        stop.cancel();
    }

    #[test]
    fn the_https_acceptor_answers_tls_alpn_01_only_while_a_validation_is_pending() {
        let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["mail.demo.gov.vn".to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let config = tokio_rustls::rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
            )
            .unwrap();
        let base = TlsAcceptor::from(Arc::new(config));
        let pending = crate::tls_alpn::Pending::default();
        let mut cache = None;
        // Nothing pending: the mail ports' acceptor as it is (no ALPN list to refuse with).
        let plain = https_acceptor(&mut cache, &base, &pending);
        assert!(Arc::ptr_eq(plain.config(), base.config()));
        pending.insert("mail.demo.gov.vn", &[1; 32]).unwrap();
        let answering = https_acceptor(&mut cache, &base, &pending);
        assert!(!Arc::ptr_eq(answering.config(), base.config()));
        assert!(
            answering
                .config()
                .alpn_protocols
                .contains(&b"acme-tls/1".to_vec())
        );
        // Made once per base.
        let again = https_acceptor(&mut cache, &base, &pending);
        assert!(Arc::ptr_eq(again.config(), answering.config()));
        pending.remove("mail.demo.gov.vn");
        assert!(Arc::ptr_eq(
            https_acceptor(&mut cache, &base, &pending).config(),
            base.config()
        ));
    }

    #[tokio::test]
    async fn a_client_over_its_connection_cap_is_told_and_closed() {
        let limits = Limits {
            connections_per_ip: 1,
            ..Limits::default()
        };
        let (addr, stop) = listener(limits).await;
        let _first = tokio::net::TcpStream::connect(addr).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut second = tokio::net::TcpStream::connect(addr).await.unwrap();
        assert!(read_all(&mut second).await.starts_with("HTTP/1.1 503 "));
        stop.cancel();
    }

    #[tokio::test]
    async fn a_request_head_must_arrive_in_time() {
        let limits = Limits {
            request_head: Duration::from_millis(300),
            ..Limits::default()
        };
        let (addr, stop) = listener(limits).await;
        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /mail/config-v1.1.xml HTTP/1.1\r\nHost: autoconfig.demo.gov.vn\r\n")
            .await
            .unwrap();
        let started = std::time::Instant::now();
        let answer = read_all(&mut slow).await;
        assert!(started.elapsed() < Duration::from_secs(5), "{answer}");
        assert!(!answer.contains("200 OK"), "{answer}");
        // A whole request is answered, from the Host header's domain.
        let mut ok = tokio::net::TcpStream::connect(addr).await.unwrap();
        ok.write_all(
            b"GET /mail/config-v1.1.xml HTTP/1.1\r\nHost: autoconfig.demo.gov.vn\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
        let answer = read_all(&mut ok).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(answer.contains("<port>993</port>"), "{answer}");
        stop.cancel();
    }
}
