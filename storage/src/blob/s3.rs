//! Blobs in an S3-compatible object store (MinIO, Ceph RGW, Garage, a cloud): one object per
//! blob, named `PREFIX` + its SHA-256 hex, in one bucket.
//!
//! The client is ours and small, on crates the build already has (hyper's HTTP/1.1 client with
//! hyper-rustls over rustls with ring, quick-xml for the listing, ring's HMAC for AWS
//! Signature Version 4): the S3 calls a content-addressed store needs are five (PUT, GET with
//! a Range, HEAD, DELETE, ListObjectsV2), and the SDKs would bring a second crypto provider
//! and a second HTTP stack.
//!
//! `BlobStore` is blocking; the backend has its own small tokio runtime (two threads) and
//! waits for its answers on a channel, so it is never `block_on` on a caller's runtime thread
//! (callers are on `spawn_blocking` or the storage writer thread anyway).
//!
//! PUT answers only once the object is stored durably (S3's contract), so `put_unsynced` is
//! `put` and `sync` has nothing to do. Names are content hashes, so every request is
//! idempotent and is retried (three more times, with backoff) when the store is unavailable
//! (connection refused or reset, timeout, HTTP 5xx, throttling).
//!
//! Credentials are only used to sign requests: they never appear in errors, logs, or `Debug`.

use std::fmt;
use std::future::Future;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use sha2::{Digest, Sha256};

use super::{BlobError, BlobErrorKind, BlobStore, Put, check_name, is_hash};

/// SHA-256 of the empty body.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// Attempts of one request when the store is unavailable.
const ATTEMPTS: u32 = 4;

/// A secret that prints as `[redacted]`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where the bucket is and how to sign for it (`[storage.blobs] backend = "s3"`).
#[derive(Debug, Clone)]
pub struct S3Config {
    /// `https://s3.tinh.gov.vn:9000` (or `http://` on loopback in tests).
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    /// Put before every blob name (`govmail/`); empty for none.
    pub prefix: String,
    /// `https://endpoint/bucket/key` (MinIO, Ceph and most self-hosted stores) rather than
    /// `https://bucket.endpoint/key`.
    pub path_style: bool,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    /// PEM certificates to trust for the endpoint besides the system's (a private CA).
    pub ca_file: Option<PathBuf>,
    /// Longest wait for one request.
    pub timeout: Duration,
}

/// Blobs in a bucket.
pub struct S3Blobs {
    inner: Arc<Inner>,
    /// Shut down in the background on drop: a runtime may not be dropped (blocking) from
    /// inside another one's async context, where the last `Store` may well be dropped.
    runtime: Option<tokio::runtime::Runtime>,
}

struct Inner {
    config: S3Config,
    client: Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>,
    scheme: String,
    /// The Host header and authority: `endpoint` or `bucket.endpoint`.
    host: String,
    /// The path before the key: `/bucket/` (path style) or `/`.
    base_path: String,
}

impl fmt::Debug for S3Blobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Blobs")
            .field("endpoint", &self.inner.config.endpoint)
            .field("bucket", &self.inner.config.bucket)
            .field("prefix", &self.inner.config.prefix)
            .finish_non_exhaustive()
    }
}

impl Drop for S3Blobs {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// What a request got back.
struct Answer {
    status: StatusCode,
    headers: hyper::HeaderMap,
    body: Bytes,
}

impl S3Blobs {
    /// Connects to the bucket and checks that it is there and ours to use (HeadBucket), so a
    /// wrong endpoint, bucket or key is reported at start rather than at the first message.
    pub fn open(config: S3Config) -> Result<S3Blobs, BlobError> {
        let bad = |why: String| BlobError::new(BlobErrorKind::Denied, why);
        let uri: Uri = config.endpoint.parse().map_err(|e| {
            bad(format!(
                "S3 endpoint {:?} is not a URL: {e}",
                config.endpoint
            ))
        })?;
        let scheme = match uri.scheme_str() {
            Some("https") => "https",
            Some("http") => "http",
            _ => {
                return Err(bad(format!(
                    "S3 endpoint {:?} must start with https:// (or http://)",
                    config.endpoint
                )));
            }
        };
        let authority = uri
            .authority()
            .ok_or_else(|| bad(format!("S3 endpoint {:?} has no host", config.endpoint)))?;
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(bad(format!(
                "S3 endpoint {:?}: give the server only (scheme, host, port), the bucket \
                 is its own setting",
                config.endpoint
            )));
        }
        let bucket_ok = (3..=63).contains(&config.bucket.len())
            && config
                .bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !bucket_ok {
            return Err(bad(format!(
                "S3 bucket name {:?}: 3 to 63 lowercase letters, digits, '-' or '.'",
                config.bucket
            )));
        }
        if config.region.is_empty() || config.access_key_id.is_empty() {
            return Err(bad("S3 region and access key id must be given".into()));
        }
        let (host, base_path) = if config.path_style {
            (
                authority.as_str().to_string(),
                format!("/{}/", config.bucket),
            )
        } else {
            (
                format!("{}.{}", config.bucket, authority.as_str()),
                "/".to_string(),
            )
        };
        let tls = tls_config(&config)?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("blobs-s3")
            .enable_all()
            .build()
            .map_err(|e| BlobError::io("starting the S3 client's threads", e))?;
        let client = {
            let _guard = runtime.enter();
            Client::builder(TokioExecutor::new())
                .pool_idle_timeout(Duration::from_secs(30))
                .build(connector)
        };
        let blobs = S3Blobs {
            inner: Arc::new(Inner {
                config,
                client,
                scheme: scheme.to_string(),
                host,
                base_path,
            }),
            runtime: Some(runtime),
        };
        let inner = blobs.inner.clone();
        blobs.run(async move {
            let path = inner.base_path.trim_end_matches('/').to_string();
            let path = if path.is_empty() { "/".into() } else { path };
            let answer = inner
                .send(
                    Method::HEAD,
                    &path,
                    &[],
                    Vec::new(),
                    Bytes::new(),
                    EMPTY_SHA256,
                )
                .await?;
            match answer.status {
                s if s.is_success() => Ok(()),
                StatusCode::NOT_FOUND => Err(BlobError::new(
                    BlobErrorKind::Denied,
                    format!(
                        "S3 bucket {:?} does not exist at {}: create it first",
                        inner.config.bucket, inner.config.endpoint
                    ),
                )),
                _ => Err(inner.error("checking the bucket", &answer)),
            }
        })?;
        Ok(blobs)
    }

    /// Runs `work` on the backend's runtime and waits for it on this thread.
    fn run<T: Send + 'static>(
        &self,
        work: impl Future<Output = Result<T, BlobError>> + Send + 'static,
    ) -> Result<T, BlobError> {
        let gone = || BlobError::new(BlobErrorKind::Unavailable, "the S3 client has stopped");
        let runtime = self.runtime.as_ref().ok_or_else(gone)?;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        runtime.spawn(async move {
            let _ = tx.send(work.await);
        });
        rx.recv().map_err(|_| gone())?
    }

    fn key_path(&self, hash: &str) -> Result<String, BlobError> {
        check_name(hash)?;
        Ok(format!(
            "{}{}",
            self.inner.base_path,
            uri_encode(&format!("{}{hash}", self.inner.config.prefix), false)
        ))
    }

    /// HEAD: the object's size, None when absent.
    fn head(&self, hash: &str) -> Result<Option<u64>, BlobError> {
        let path = self.key_path(hash)?;
        let inner = self.inner.clone();
        self.run(async move {
            let answer = inner
                .send(
                    Method::HEAD,
                    &path,
                    &[],
                    Vec::new(),
                    Bytes::new(),
                    EMPTY_SHA256,
                )
                .await?;
            match answer.status {
                s if s.is_success() => Ok(Some(content_length(&answer)?)),
                StatusCode::NOT_FOUND => Ok(None),
                _ => Err(inner.error(&format!("looking up {path}"), &answer)),
            }
        })
    }
}

/// rustls with ring, trusting the system's roots and `ca_file`'s certificates.
fn tls_config(config: &S3Config) -> Result<rustls::ClientConfig, BlobError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = &config.ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| {
                BlobError::with_source(
                    BlobErrorKind::Denied,
                    format!("reading the S3 CA file {}", path.display()),
                    e,
                )
            })?;
        for cert in certs {
            roots.add(cert).map_err(|e| {
                BlobError::with_source(
                    BlobErrorKind::Denied,
                    format!("a certificate of {}", path.display()),
                    e,
                )
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| BlobError::with_source(BlobErrorKind::Failed, "TLS for S3", e))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn content_length(answer: &Answer) -> Result<u64, BlobError> {
    answer
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| BlobError::new(BlobErrorKind::Failed, "S3 answered without a size"))
}

impl Inner {
    /// Sends one signed request, retrying while the store is unavailable.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        headers: Vec<(&'static str, String)>,
        body: Bytes,
        payload_sha256: &str,
    ) -> Result<Answer, BlobError> {
        let mut delay = Duration::from_millis(100);
        let mut attempt = 1;
        loop {
            let result = self
                .send_once(&method, path, query, &headers, body.clone(), payload_sha256)
                .await;
            let retry = match &result {
                Ok(answer) => retryable_status(answer.status),
                Err(e) => e.is_retryable(),
            };
            if !retry || attempt >= ATTEMPTS {
                return result;
            }
            tracing::debug!(%method, path, attempt, "S3 unavailable; trying again");
            tokio::time::sleep(delay).await;
            delay *= 4;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        query: &[(&str, &str)],
        extra: &[(&'static str, String)],
        body: Bytes,
        payload_sha256: &str,
    ) -> Result<Answer, BlobError> {
        let query_string = canonical_query(query);
        let (amz_date, day) = amz_dates(SystemTime::now());
        let mut headers: Vec<(String, String)> = vec![
            ("host".into(), self.host.clone()),
            ("x-amz-content-sha256".into(), payload_sha256.to_string()),
            ("x-amz-date".into(), amz_date.clone()),
        ];
        if let Some(token) = &self.config.session_token {
            headers.push(("x-amz-security-token".into(), token.0.clone()));
        }
        for (name, value) in extra {
            headers.push((name.to_string(), value.clone()));
        }
        headers.sort();
        let authorization = authorization(
            &self.config,
            method.as_str(),
            path,
            &query_string,
            &headers,
            payload_sha256,
            &amz_date,
            &day,
        );
        let uri = if query_string.is_empty() {
            format!("{}://{}{path}", self.scheme, self.host)
        } else {
            format!("{}://{}{path}?{query_string}", self.scheme, self.host)
        };
        let mut request = Request::builder().method(method.clone()).uri(&uri);
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let request = request
            .header(hyper::header::AUTHORIZATION, authorization)
            .body(Full::new(body))
            .map_err(|e| {
                BlobError::with_source(BlobErrorKind::Failed, format!("S3 request {path}"), e)
            })?;
        let context = || format!("S3 {method} {}{path}", self.config.endpoint);
        let exchange = async {
            let response =
                self.client.request(request).await.map_err(|e| {
                    BlobError::with_source(BlobErrorKind::Unavailable, context(), e)
                })?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| BlobError::with_source(BlobErrorKind::Unavailable, context(), e))?
                .to_bytes();
            Ok(Answer {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        match tokio::time::timeout(self.config.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(BlobError::new(
                BlobErrorKind::Unavailable,
                format!("{}: no answer within {:?}", context(), self.config.timeout),
            )),
        }
    }

    /// The error for an answer that is not the one expected, classed by status and S3 code.
    fn error(&self, what: &str, answer: &Answer) -> BlobError {
        let code = xml_text(&answer.body, "Code").unwrap_or_default();
        let kind = match (answer.status, code.as_str()) {
            (_, "NoSuchBucket") => BlobErrorKind::Denied,
            (StatusCode::NOT_FOUND, _) => BlobErrorKind::NotFound,
            (StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED, _) => BlobErrorKind::Denied,
            (
                _,
                "InvalidAccessKeyId"
                | "SignatureDoesNotMatch"
                | "AccessDenied"
                | "AuthorizationHeaderMalformed",
            ) => BlobErrorKind::Denied,
            (s, _) if retryable_status(s) => BlobErrorKind::Unavailable,
            _ => BlobErrorKind::Failed,
        };
        let code = if code.is_empty() {
            String::new()
        } else {
            format!(" {code}")
        };
        BlobError::new(
            kind,
            format!(
                "{what} in S3 bucket {:?} at {}: HTTP {}{code}",
                self.config.bucket, self.config.endpoint, answer.status
            ),
        )
    }
}

fn retryable_status(status: StatusCode) -> bool {
    status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        // A concurrent conditional write of the same key (S3 ConditionalRequestConflict).
        || status == StatusCode::CONFLICT
}

impl BlobStore for S3Blobs {
    fn put(&self, hash: &str, data: &[u8]) -> Result<Put, BlobError> {
        let path = self.key_path(hash)?;
        // Same name, same bytes: one already there is complete (a PUT is all or nothing).
        if self.head(hash)?.is_some() {
            return Ok(Put::Existed);
        }
        let inner = self.inner.clone();
        let body = Bytes::copy_from_slice(data);
        // The blob's name is its SHA-256, which is also the payload hash the signature
        // covers: the store itself checks that it received exactly these bytes.
        let hash = hash.to_string();
        self.run(async move {
            let headers = vec![
                ("if-none-match", "*".to_string()),
                ("content-type", "message/rfc822".to_string()),
            ];
            let answer = inner
                .send(Method::PUT, &path, &[], headers, body, &hash)
                .await?;
            match answer.status {
                s if s.is_success() => Ok(Put::Created),
                // Stored meanwhile by another node (If-None-Match: *).
                StatusCode::PRECONDITION_FAILED => Ok(Put::Existed),
                _ => Err(inner.error(&format!("storing {hash}"), &answer)),
            }
        })
    }

    fn get(&self, hash: &str) -> Result<Vec<u8>, BlobError> {
        let path = self.key_path(hash)?;
        let inner = self.inner.clone();
        self.run(async move {
            let answer = inner
                .send(
                    Method::GET,
                    &path,
                    &[],
                    Vec::new(),
                    Bytes::new(),
                    EMPTY_SHA256,
                )
                .await?;
            if answer.status.is_success() {
                Ok(answer.body.to_vec())
            } else {
                Err(inner.error(&format!("reading {path}"), &answer))
            }
        })
    }

    fn get_range(&self, hash: &str, range: Range<u64>) -> Result<Vec<u8>, BlobError> {
        let path = self.key_path(hash)?;
        if range.start >= range.end {
            // Nothing to read, but a missing blob is still an error.
            return match self.head(hash)? {
                Some(_) => Ok(Vec::new()),
                None => Err(BlobError::new(
                    BlobErrorKind::NotFound,
                    format!("no blob {hash} in the S3 bucket"),
                )),
            };
        }
        let inner = self.inner.clone();
        self.run(async move {
            let headers = vec![("range", format!("bytes={}-{}", range.start, range.end - 1))];
            let answer = inner
                .send(Method::GET, &path, &[], headers, Bytes::new(), EMPTY_SHA256)
                .await?;
            let wanted = (range.end - range.start) as usize;
            match answer.status {
                StatusCode::PARTIAL_CONTENT => {
                    let body = &answer.body[..answer.body.len().min(wanted)];
                    Ok(body.to_vec())
                }
                // A store that ignores Range sends everything: cut it here.
                StatusCode::OK => {
                    let len = answer.body.len() as u64;
                    let (start, end) = (range.start.min(len), range.end.min(len));
                    Ok(answer.body[start as usize..end as usize].to_vec())
                }
                // The object is there but shorter than the start.
                StatusCode::RANGE_NOT_SATISFIABLE => Ok(Vec::new()),
                _ => Err(inner.error(&format!("reading {path}"), &answer)),
            }
        })
    }

    fn size(&self, hash: &str) -> Result<Option<u64>, BlobError> {
        self.head(hash)
    }

    fn delete(&self, hash: &str) -> Result<(), BlobError> {
        let path = self.key_path(hash)?;
        let inner = self.inner.clone();
        self.run(async move {
            let answer = inner
                .send(
                    Method::DELETE,
                    &path,
                    &[],
                    Vec::new(),
                    Bytes::new(),
                    EMPTY_SHA256,
                )
                .await?;
            match answer.status {
                s if s.is_success() => Ok(()),
                StatusCode::NOT_FOUND
                    if xml_text(&answer.body, "Code").as_deref() != Some("NoSuchBucket") =>
                {
                    Ok(())
                }
                _ => Err(inner.error(&format!("removing {path}"), &answer)),
            }
        })
    }

    /// ListObjectsV2 under the prefix, a thousand at a time.
    fn list(&self) -> Result<Vec<(String, u64)>, BlobError> {
        let inner = self.inner.clone();
        self.run(async move {
            let path = inner.base_path.trim_end_matches('/').to_string();
            let path = if path.is_empty() { "/".into() } else { path };
            let mut out = Vec::new();
            let mut token: Option<String> = None;
            loop {
                let mut query = vec![
                    ("list-type", "2"),
                    ("max-keys", "1000"),
                    ("prefix", inner.config.prefix.as_str()),
                ];
                if let Some(token) = &token {
                    query.push(("continuation-token", token.as_str()));
                }
                let answer = inner
                    .send(
                        Method::GET,
                        &path,
                        &query,
                        Vec::new(),
                        Bytes::new(),
                        EMPTY_SHA256,
                    )
                    .await?;
                if !answer.status.is_success() {
                    return Err(inner.error("listing", &answer));
                }
                let page = parse_list(&answer.body).ok_or_else(|| {
                    BlobError::new(
                        BlobErrorKind::Failed,
                        "S3 listing: the answer is not a ListObjectsV2 result",
                    )
                })?;
                for (key, size) in page.objects {
                    if let Some(name) = key.strip_prefix(inner.config.prefix.as_str())
                        && is_hash(name)
                    {
                        out.push((name.to_string(), size));
                    }
                }
                match page.next {
                    // Each page must move on, or the loop would not end.
                    Some(next) if page.truncated && token.as_deref() != Some(next.as_str()) => {
                        token = Some(next)
                    }
                    Some(_) if page.truncated => {
                        return Err(BlobError::new(
                            BlobErrorKind::Failed,
                            "S3 listing: the same continuation token twice",
                        ));
                    }
                    _ if page.truncated => {
                        return Err(BlobError::new(
                            BlobErrorKind::Failed,
                            "S3 listing: truncated without a continuation token",
                        ));
                    }
                    _ => return Ok(out),
                }
            }
        })
    }

    fn describe(&self) -> String {
        format!(
            "S3 bucket {} at {} (prefix {:?})",
            self.inner.config.bucket, self.inner.config.endpoint, self.inner.config.prefix
        )
    }
}

/// One page of ListObjectsV2: the keys with their sizes, whether the listing goes on, and
/// its continuation token.
#[derive(Debug, Default, PartialEq)]
pub struct ListPage {
    pub objects: Vec<(String, u64)>,
    pub truncated: bool,
    pub next: Option<String>,
}

/// Reads `ListBucketResult`: `Contents/Key`, `Contents/Size`, `IsTruncated`,
/// `NextContinuationToken`. None if the XML is not well-formed. Every `read_event` consumes
/// input or returns Eof, so the loop ends; depth is capped.
fn parse_list(body: &[u8]) -> Option<ListPage> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut path: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut page = ListPage::default();
    let (mut key, mut size) = (None::<String>, None::<u64>);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                if path.len() >= 8 {
                    return None;
                }
                path.push(String::from_utf8_lossy(e.local_name().as_ref().as_bytes()).into());
                current.clear();
            }
            Event::End(_) => {
                let name = path.pop()?;
                match (path.len(), path.last().map(String::as_str), name.as_str()) {
                    (2, Some("Contents"), "Key") => key = Some(current.clone()),
                    (2, Some("Contents"), "Size") => size = current.trim().parse().ok(),
                    (1, _, "Contents") => {
                        page.objects.push((key.take()?, size.take()?));
                    }
                    (1, _, "IsTruncated") => page.truncated = current.trim() == "true",
                    (1, _, "NextContinuationToken") => page.next = Some(current.clone()),
                    _ => {}
                }
                current.clear();
            }
            Event::Text(t) => current.push_str(&t),
            Event::CData(t) => current.push_str(&t),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    current.push(c);
                } else {
                    current.push_str(quick_xml::escape::resolve_predefined_entity(&r)?);
                }
            }
            Event::DocType(_) => return None,
            Event::Eof => break,
            _ => {}
        }
    }
    path.is_empty().then_some(page)
}

/// [`parse_list`] for the fuzz target `s3_listing` (fuzz/).
#[doc(hidden)]
pub fn parse_list_page(body: &[u8]) -> Option<ListPage> {
    parse_list(body)
}

/// The text of the first element named `name` (an error's `Code`), if any.
fn xml_text(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find(&format!("<{name}>"))? + name.len() + 2;
    let end = start + text[start..].find(&format!("</{name}>"))?;
    Some(text[start..end].trim().to_string())
}

/// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, every other byte
/// is `%XX` (upper case); `/` stays in paths.
fn uri_encode(s: &str, encode_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b'/' if !encode_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The query string, encoded and sorted by name (SigV4's canonical form, sent as is).
fn canonical_query(query: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (uri_encode(k, true), uri_encode(v, true)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `20130524T000000Z` and `20130524` for a time.
fn amz_dates(at: SystemTime) -> (String, String) {
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let date = format!("{year:04}{month:02}{day:02}");
    (
        format!(
            "{date}T{:02}{:02}{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        ),
        date,
    )
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key);
    ring::hmac::sign(&key, data).as_ref().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The Authorization header of AWS Signature Version 4 for a request whose `headers` are
/// lower-case, sorted, and all signed.
#[allow(clippy::too_many_arguments)]
fn authorization(
    config: &S3Config,
    method: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    payload_sha256: &str,
    amz_date: &str,
    day: &str,
) -> String {
    let canonical_headers: String = headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim()))
        .collect();
    let signed_headers = headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_request = format!(
        "{method}\n{path}\n{query}\n{canonical_headers}\n{signed_headers}\n{payload_sha256}"
    );
    let scope = format!("{day}/{}/s3/aws4_request", config.region);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", config.secret_access_key.0).as_bytes(),
        day.as_bytes(),
    );
    for part in [config.region.as_str(), "s3", "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, \
         Signature={signature}",
        config.access_key_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_config() -> S3Config {
        S3Config {
            endpoint: "https://s3.amazonaws.com".into(),
            bucket: "examplebucket".into(),
            region: "us-east-1".into(),
            prefix: String::new(),
            path_style: false,
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            session_token: None,
            ca_file: None,
            timeout: Duration::from_secs(5),
        }
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The worked examples of AWS's "Signature Calculations for the Authorization Header"
    /// (Amazon S3 API reference, sig-v4-header-based-auth): GET with a Range, and a listing.
    #[test]
    fn signatures_match_the_aws_examples() {
        let config = example_config();
        let get = authorization(
            &config,
            "GET",
            "/test.txt",
            "",
            &h(&[
                ("host", "examplebucket.s3.amazonaws.com"),
                ("range", "bytes=0-9"),
                ("x-amz-content-sha256", EMPTY_SHA256),
                ("x-amz-date", "20130524T000000Z"),
            ]),
            EMPTY_SHA256,
            "20130524T000000Z",
            "20130524",
        );
        assert_eq!(
            get,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
        let list = authorization(
            &config,
            "GET",
            "/",
            &canonical_query(&[("prefix", "J"), ("max-keys", "2")]),
            &h(&[
                ("host", "examplebucket.s3.amazonaws.com"),
                ("x-amz-content-sha256", EMPTY_SHA256),
                ("x-amz-date", "20130524T000000Z"),
            ]),
            EMPTY_SHA256,
            "20130524T000000Z",
            "20130524",
        );
        assert!(
            list.ends_with(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
            ),
            "{list}"
        );
    }

    #[test]
    fn dates_and_encoding() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600);
        assert_eq!(
            amz_dates(at),
            ("20130524T000000Z".to_string(), "20130524".to_string())
        );
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400 + 3661);
        assert_eq!(amz_dates(leap).0, "20000229T010101Z");
        assert_eq!(uri_encode("a b/c~d+é", false), "a%20b/c~d%2B%C3%A9");
        assert_eq!(uri_encode("a/b", true), "a%2Fb");
        assert_eq!(
            canonical_query(&[("prefix", "g/"), ("list-type", "2")]),
            "list-type=2&prefix=g%2F"
        );
    }

    #[test]
    fn listings_are_read_and_malformed_ones_refused() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>b</Name><Prefix>g/</Prefix><KeyCount>2</KeyCount><MaxKeys>1000</MaxKeys>
  <IsTruncated>true</IsTruncated>
  <Contents><Key>g/aa</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>
    <Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>g/b&amp;b</Key><Size>0</Size></Contents>
  <NextContinuationToken>1x+/=&lt;</NextContinuationToken>
</ListBucketResult>"#;
        assert_eq!(
            parse_list(body),
            Some(ListPage {
                objects: vec![("g/aa".into(), 12), ("g/b&b".into(), 0)],
                truncated: true,
                next: Some("1x+/=<".into()),
            })
        );
        assert_eq!(
            parse_list(b"<ListBucketResult><Contents><Key>x</Key>"),
            None
        );
        assert_eq!(
            parse_list(b"<ListBucketResult><Contents><Key>x</Key></Contents></ListBucketResult>"),
            None,
            "an object without a size"
        );
        assert_eq!(
            xml_text(b"<Error><Code>NoSuchKey</Code></Error>", "Code").as_deref(),
            Some("NoSuchKey")
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let config = example_config();
        let shown = format!("{config:?}");
        assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
