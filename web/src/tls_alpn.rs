//! ACME TLS-ALPN-01 (RFC 8737) on the HTTPS listener: the CA opens a TLS connection to port
//! 443 of the name being validated, offering only the ALPN protocol `acme-tls/1` with that
//! name in SNI, and expects a self-signed certificate for the name carrying the critical
//! `id-pe-acmeIdentifier` extension with the SHA-256 digest of the key authorization (§3).
//!
//! The renewal task puts one such certificate per name in [`Pending`] while its order waits
//! for validation and takes it away afterwards. [`Resolver`] wraps the listener's normal
//! certificate: a ClientHello whose ALPN list is exactly `acme-tls/1` gets the pending
//! challenge certificate for its SNI name (or no handshake at all, if none is pending: a
//! validation never sees the normal certificate); every other ClientHello gets the normal
//! certificate as before. After an `acme-tls/1` handshake the listener closes the connection
//! without reading or writing anything more (§3: no other exchange on it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio_rustls::rustls;
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert, ServerConfig};
use tokio_rustls::rustls::sign::CertifiedKey;

/// The ALPN protocol of the validation (RFC 8737 §6.2).
pub const ACME_TLS_1: &[u8] = b"acme-tls/1";

/// The protocols the HTTPS listener negotiates, in our order of preference: HTTP/1.1 (what
/// hyper serves here; a client offering it with others gets it), HTTP/1.0, and the validation.
fn protocols() -> Vec<Vec<u8>> {
    vec![
        b"http/1.1".to_vec(),
        b"http/1.0".to_vec(),
        ACME_TLS_1.to_vec(),
    ]
}

/// Pending TLS-ALPN-01 certificates: DNS name (lower case) → the challenge certificate.
/// Shared by the renewal task (which fills and empties it) and every HTTPS acceptor.
#[derive(Debug, Clone, Default)]
pub struct Pending(Arc<Mutex<HashMap<String, Arc<CertifiedKey>>>>);

impl Pending {
    /// Makes and keeps the challenge certificate for `name`, whose key authorization's
    /// SHA-256 digest is `digest`.
    pub fn insert(&self, name: &str, digest: &[u8; 32]) -> Result<(), String> {
        let certified = challenge_certificate(name, digest)?;
        if let Ok(mut map) = self.0.lock() {
            map.insert(name.to_ascii_lowercase(), Arc::new(certified));
        }
        Ok(())
    }

    pub fn remove(&self, name: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&name.to_ascii_lowercase());
        }
    }

    /// Whether no validation is pending (the listener then uses its plain configuration).
    pub fn is_empty(&self) -> bool {
        self.0.lock().map(|map| map.is_empty()).unwrap_or(true)
    }

    fn get(&self, name: &str) -> Option<Arc<CertifiedKey>> {
        let map = self.0.lock().ok()?;
        map.get(&name.to_ascii_lowercase()).cloned()
    }
}

/// The self-signed certificate of RFC 8737 §3 for `name`: its only subjectAltName is `name`,
/// and the critical acmeIdentifier extension (1.3.6.1.5.5.7.1.31) holds
/// `Authorization ::= OCTET STRING (SIZE (32))`, the digest. A fresh P-256 key each time.
pub fn challenge_certificate(name: &str, digest: &[u8; 32]) -> Result<CertifiedKey, String> {
    let failed =
        |e: rcgen::Error| format!("cannot make the TLS-ALPN-01 certificate for {name}: {e}");
    let mut params = rcgen::CertificateParams::new(vec![name.to_string()]).map_err(failed)?;
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .custom_extensions
        .push(rcgen::CustomExtension::new_acme_identifier(digest));
    let key = rcgen::KeyPair::generate().map_err(failed)?;
    let cert = params.self_signed(&key).map_err(failed)?;
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let signing = rustls::crypto::ring::sign::any_supported_type(&key_der)
        .map_err(|e| format!("cannot use the TLS-ALPN-01 key for {name}: {e}"))?;
    Ok(CertifiedKey::new(vec![cert.der().clone()], signing))
}

/// Whether a ClientHello is a TLS-ALPN-01 validation: its ALPN extension lists exactly one
/// protocol, `acme-tls/1` (RFC 8737 §3: the CA offers no other).
fn is_validation(hello: &ClientHello<'_>) -> bool {
    let Some(mut offered) = hello.alpn() else {
        return false;
    };
    offered.next() == Some(ACME_TLS_1) && offered.next().is_none()
}

/// The HTTPS listener's certificate choice (see the module comment).
#[derive(Debug)]
pub struct Resolver {
    normal: Arc<dyn ResolvesServerCert>,
    pending: Pending,
}

impl ResolvesServerCert for Resolver {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        if !is_validation(&hello) {
            return self.normal.resolve(hello);
        }
        let name = hello.server_name()?;
        let found = self.pending.get(name);
        if found.is_none() {
            tracing::debug!(%name, "acme-tls/1 handshake for a name with no pending challenge");
        }
        found
    }
}

/// The HTTPS listener's configuration made from the mail ports' `base`: the same, but with
/// [`Resolver`] and the ALPN protocols that let a validation negotiate `acme-tls/1`. Used
/// only while a validation is pending: a server that lists protocols must refuse a client
/// offering none of them (RFC 7301 §3.2; rustls does), and outside validations the listener
/// keeps accepting whatever ALPN a client sends, as the mail ports do.
pub fn https_config(base: &Arc<ServerConfig>, pending: &Pending) -> Arc<ServerConfig> {
    let mut config = ServerConfig::clone(base);
    config.cert_resolver = Arc::new(Resolver {
        normal: base.cert_resolver.clone(),
        pending: pending.clone(),
    });
    config.alpn_protocols = protocols();
    Arc::new(config)
}

/// Whether the handshake just made was a validation (the connection is then closed).
pub fn negotiated(conn: &rustls::ServerConnection) -> bool {
    conn.alpn_protocol() == Some(ACME_TLS_1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
    use tokio_rustls::{TlsAcceptor, TlsConnector};

    /// The mail ports' configuration: a self-signed certificate for mail.demo.gov.vn.
    fn base() -> (Arc<ServerConfig>, CertificateDer<'static>) {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["mail.demo.gov.vn".to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let der = cert.der().clone();
        let config = ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(
                vec![der.clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
            )
            .unwrap();
        (Arc::new(config), der)
    }

    /// Accepts any certificate and keeps the one it was shown (a validation trusts none: it
    /// checks the extension).
    #[derive(Debug)]
    struct Keep(Arc<std::sync::Mutex<Option<CertificateDer<'static>>>>);

    impl rustls::client::danger::ServerCertVerifier for Keep {
        fn verify_server_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: rustls::pki_types::UnixTime,
        ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            *self.0.lock().unwrap() = Some(end_entity.clone().into_owned());
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }
        // webpki refuses to parse a certificate with the (unknown to it) critical
        // acmeIdentifier extension; the test is about which certificate is shown.
        fn verify_tls12_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
        }
        fn verify_tls13_signature(
            &self,
            _: &[u8],
            _: &CertificateDer<'_>,
            _: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
        }
        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            rustls::crypto::ring::default_provider()
                .signature_verification_algorithms
                .supported_schemes()
        }
    }

    /// One handshake with `config` (in memory) as `name` offering `alpn`: the certificate
    /// shown and the protocol negotiated, or `None` if the handshake failed.
    async fn handshake(
        config: Arc<ServerConfig>,
        name: &str,
        alpn: &[&[u8]],
    ) -> Option<(CertificateDer<'static>, Option<Vec<u8>>)> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let shown = Arc::new(std::sync::Mutex::new(None));
        let mut client = rustls::ClientConfig::builder()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Keep(shown.clone())))
            .with_no_client_auth();
        client.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        let (a, b) = tokio::io::duplex(64 * 1024);
        let server = tokio::spawn(async move {
            let mut tls = TlsAcceptor::from(config).accept(b).await.ok()?;
            let validation = negotiated(tls.get_ref().1);
            // What the listener does: a validation is closed at once, others are served.
            if !validation {
                let mut byte = [0u8; 1];
                tls.read_exact(&mut byte).await.ok()?;
                tls.write_all(&byte).await.ok()?;
            }
            tls.shutdown().await.ok()
        });
        let name = ServerName::try_from(name.to_string()).unwrap();
        let mut tls = TlsConnector::from(Arc::new(client))
            .connect(name, a)
            .await
            .ok()?;
        let protocol = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
        if protocol.as_deref() != Some(ACME_TLS_1) {
            tls.write_all(b"x").await.unwrap();
            let mut byte = [0u8; 1];
            tls.read_exact(&mut byte).await.unwrap();
        } else {
            // Nothing more comes on a validation's connection.
            let mut rest = Vec::new();
            let _ = tls.read_to_end(&mut rest).await;
            assert!(rest.is_empty());
        }
        let _ = server.await;
        let cert = shown.lock().unwrap().clone()?;
        Some((cert, protocol))
    }

    /// The acmeIdentifier extension of `cert`: (critical, value).
    fn acme_identifier(cert: &CertificateDer<'_>) -> Option<(bool, Vec<u8>)> {
        use x509_cert::der::Decode;
        let cert = x509_cert::Certificate::from_der(cert).unwrap();
        let oid = x509_cert::der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.31");
        cert.tbs_certificate
            .extensions
            .unwrap_or_default()
            .into_iter()
            .find(|e| e.extn_id == oid)
            .map(|e| (e.critical, e.extn_value.into_bytes()))
    }

    #[tokio::test]
    async fn acme_tls_1_is_answered_only_for_a_pending_challenge() {
        let (base, normal) = base();
        let pending = Pending::default();
        let config = https_config(&base, &pending);
        let digest = [7u8; 32];

        // Nothing pending: a validation gets no handshake at all; browsers get the normal one.
        assert!(
            handshake(config.clone(), "mail.demo.gov.vn", &[ACME_TLS_1])
                .await
                .is_none()
        );
        let (cert, protocol) = handshake(config.clone(), "mail.demo.gov.vn", &[b"h2", b"http/1.1"])
            .await
            .unwrap();
        assert_eq!(
            (cert, protocol.as_deref()),
            (normal.clone(), Some(&b"http/1.1"[..]))
        );

        pending.insert("Mail.Demo.gov.vn", &digest).unwrap();
        // The validation: the challenge certificate, acme-tls/1, the critical extension
        // holding the digest as a DER OCTET STRING (RFC 8737 §3).
        let (cert, protocol) = handshake(config.clone(), "mail.demo.gov.vn", &[ACME_TLS_1])
            .await
            .unwrap();
        assert_ne!(cert, normal);
        assert_eq!(protocol.as_deref(), Some(ACME_TLS_1));
        let mut value = vec![0x04, 0x20];
        value.extend_from_slice(&digest);
        assert_eq!(acme_identifier(&cert), Some((true, value)));
        // Every other handshake still gets the normal certificate: no ALPN, ALPN with other
        // protocols too, or acme-tls/1 for another name.
        let http: &[u8] = b"http/1.1";
        for alpn in [&[][..], &[ACME_TLS_1, http][..], &[http][..]] {
            let (cert, _) = handshake(config.clone(), "mail.demo.gov.vn", alpn)
                .await
                .unwrap();
            assert_eq!(cert, normal, "{alpn:?}");
            assert_eq!(acme_identifier(&cert), None);
        }
        assert!(
            handshake(config.clone(), "other.demo.gov.vn", &[ACME_TLS_1])
                .await
                .is_none()
        );

        // The order over: validations are refused again.
        pending.remove("mail.demo.gov.vn");
        assert!(
            handshake(config.clone(), "mail.demo.gov.vn", &[ACME_TLS_1])
                .await
                .is_none()
        );
    }
}
