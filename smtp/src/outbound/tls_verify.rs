//! Checking an MX host's certificate when a policy asks for it: WebPKI (MTA-STS, RFC 8461
//! §4.2; `require_tls`) or the host's TLSA records (DANE, RFC 7672 §3). The verifier keeps
//! what it found, so that a failed handshake can be reported with its TLS-RPT result type
//! (RFC 8460 §4.3), and a `testing` policy can be checked without refusing the connection.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::TlsConnector;

use super::dane::Tlsa;
use super::tls_report::ResultType;

/// The certificate authorities trusted for MTA-STS and `require_tls`: the system's (Debian's
/// ca-certificates, i.e. the WebPKI roots), plus those of `extra` (a PEM file, e.g. the
/// government's own root CA, or a test's).
pub fn roots(extra: Option<&Path>) -> Result<Arc<RootCertStore>, String> {
    let mut roots = RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    if let Some(path) = extra {
        use rustls_pki_types::pem::PemObject;
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("{}: no certificate in it", path.display()));
        }
        let (_, bad) = roots.add_parsable_certificates(certs);
        if bad > 0 {
            return Err(format!(
                "{}: {bad} certificate(s) could not be used",
                path.display()
            ));
        }
    }
    Ok(Arc::new(roots))
}

/// What a connection must prove.
#[derive(Debug, Clone)]
pub enum Check {
    /// A chain to one of `roots`, valid for the host name (RFC 8461 §4.2, RFC 6125).
    WebPki(Arc<RootCertStore>),
    /// A chain matching these TLSA records (RFC 7672 §3.1).
    Dane(Vec<Tlsa>),
}

/// A certificate verifier that remembers its verdict; with `enforce` off it lets every
/// certificate through (opportunistic TLS) but still says what was wrong.
#[derive(Debug)]
pub struct Verifier {
    check: Check,
    enforce: bool,
    provider: Arc<CryptoProvider>,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    /// None until a certificate was seen; then Ok or the failure.
    verdict: Mutex<Option<Result<(), ResultType>>>,
}

impl Verifier {
    pub fn new(check: Check, enforce: bool) -> Arc<Verifier> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let webpki = match &check {
            Check::WebPki(roots) => {
                WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone())
                    .build()
                    .ok()
            }
            Check::Dane(_) => None,
        };
        Arc::new(Verifier {
            check,
            enforce,
            provider,
            webpki,
            verdict: Mutex::new(None),
        })
    }

    /// A TLS client using this verifier.
    pub fn connector(self: &Arc<Self>) -> TlsConnector {
        let config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map(|b| {
                b.dangerous()
                    .with_custom_certificate_verifier(self.clone())
                    .with_no_client_auth()
            });
        match config {
            Ok(config) => TlsConnector::from(Arc::new(config)),
            // Only if ring offered no protocol version: a client that trusts nothing.
            Err(_) => TlsConnector::from(Arc::new(
                ClientConfig::builder()
                    .with_root_certificates(RootCertStore::empty())
                    .with_no_client_auth(),
            )),
        }
    }

    /// What the last certificate check found: None if no certificate was seen.
    pub fn verdict(&self) -> Option<Result<(), ResultType>> {
        self.verdict.lock().ok().and_then(|v| *v)
    }
}

/// The TLS-RPT result type of a certificate error (RFC 8460 §4.3.2).
pub fn classify(error: &rustls::Error) -> ResultType {
    match error {
        rustls::Error::InvalidCertificate(e) => match e {
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                ResultType::CertificateHostMismatch
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                ResultType::CertificateExpired
            }
            CertificateError::UnknownIssuer | CertificateError::BadSignature => {
                ResultType::CertificateNotTrusted
            }
            _ => ResultType::ValidationFailure,
        },
        _ => ResultType::ValidationFailure,
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let result = match (&self.check, &self.webpki) {
            (Check::WebPki(_), Some(webpki)) => webpki
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .map(|_| ())
                .map_err(|e| classify(&e)),
            (Check::WebPki(_), None) => Err(ResultType::CertificateNotTrusted),
            (Check::Dane(tlsa), _) => super::dane::verify(
                tlsa,
                end_entity,
                intermediates,
                server_name,
                now,
                &self.provider,
            ),
        };
        if let Ok(mut verdict) = self.verdict.lock() {
            *verdict = Some(result);
        }
        match result {
            Err(kind) if self.enforce => Err(rustls::Error::General(format!(
                "the certificate does not pass the policy: {}",
                kind.as_str()
            ))),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
