//! DANE for SMTP (RFC 7672): the TLSA records of an MX host, looked up only when they are
//! DNSSEC-authenticated (§2.1, see [`crate::dns::secure_query`] for what "authenticated"
//! means here), and the check of the server's certificate chain against them (§3.1).
//!
//! Only DANE-TA(2) and DANE-EE(3) are usable for SMTP (§3.1.3: PKIX-TA(0) and PKIX-EE(1)
//! records are ignored), with selectors Cert(0)/SPKI(1) and matching types Full(0),
//! SHA2-256(1), SHA2-512(2) (RFC 6698 §2.1).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType};
use rustls::RootCertStore;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::crypto::CryptoProvider;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::{Digest, Sha256, Sha512};

use super::tls_report::ResultType;

/// One usable TLSA record (RFC 6698 §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tlsa {
    /// 2 (DANE-TA) or 3 (DANE-EE).
    pub usage: u8,
    /// 0: the whole certificate; 1: its SubjectPublicKeyInfo.
    pub selector: u8,
    /// 0: the data itself; 1: its SHA-256; 2: its SHA-512.
    pub matching: u8,
    pub data: Vec<u8>,
}

impl Tlsa {
    /// The record if RFC 7672 §3.1 lets SMTP use it.
    pub fn usable(usage: u8, selector: u8, matching: u8, data: Vec<u8>) -> Option<Tlsa> {
        let usable = matches!(usage, 2 | 3)
            && matches!(selector, 0 | 1)
            && match matching {
                0 => !data.is_empty(),
                1 => data.len() == 32,
                2 => data.len() == 64,
                _ => false,
            };
        usable.then_some(Tlsa {
            usage,
            selector,
            matching,
            data,
        })
    }

    /// The record as TLS-RPT's `policy-string` shows it ("3 1 1 <hex>", RFC 8460 §4.4).
    pub fn presentation(&self) -> String {
        let hex: String = self.data.iter().map(|b| format!("{b:02x}")).collect();
        format!("{} {} {} {hex}", self.usage, self.selector, self.matching)
    }

    /// Whether `cert` (DER) is the one this record names.
    pub fn matches(&self, cert: &[u8]) -> bool {
        let selected: &[u8] = match self.selector {
            0 => cert,
            _ => match x509_parser::parse_x509_certificate(cert) {
                Ok((_, parsed)) => parsed.tbs_certificate.subject_pki.raw,
                Err(_) => return false,
            },
        };
        match self.matching {
            0 => selected == self.data.as_slice(),
            1 => Sha256::digest(selected).as_slice() == self.data.as_slice(),
            2 => Sha512::digest(selected).as_slice() == self.data.as_slice(),
            _ => false,
        }
    }
}

/// What the TLSA lookup of one MX host found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsaLookup {
    /// No DANE for this host: no records, or an answer that is not authenticated (§2.2).
    None,
    /// Authenticated TLSA records, of which these are usable. Empty: §2.2 says TLS is still
    /// mandatory (records were published), without authentication.
    Secure(Vec<Tlsa>),
    /// The lookup failed (SERVFAIL, timeout): §2.2 says the host must not be used (an attacker
    /// could be hiding the records), so the delivery is deferred.
    Failed(String),
}

/// Looks up `_25._tcp.<host>` (RFC 7672 §2.2.3 names the records after the MX host and port).
pub async fn lookup(resolver: SocketAddr, host: &str, port: u16, timeout: Duration) -> TlsaLookup {
    let name = format!("_{port}._tcp.{}", host.trim_end_matches('.'));
    match crate::dns::secure_query(resolver, &name, RecordType::TLSA, timeout).await {
        Ok(answer) if answer.rcode == ResponseCode::NXDomain => TlsaLookup::None,
        Ok(answer) if answer.rcode != ResponseCode::NoError => {
            TlsaLookup::Failed(format!("TLSA lookup of {name}: {}", answer.rcode))
        }
        Ok(answer) if !answer.authenticated || answer.records.is_empty() => TlsaLookup::None,
        Ok(answer) => TlsaLookup::Secure(
            answer
                .records
                .into_iter()
                .filter_map(|r| match r.data {
                    RData::TLSA(t) => Tlsa::usable(
                        t.cert_usage.into(),
                        t.selector.into(),
                        t.matching.into(),
                        t.cert_data,
                    ),
                    _ => None,
                })
                .collect(),
        ),
        Err(e) => TlsaLookup::Failed(format!("TLSA lookup of {name}: {e}")),
    }
}

/// Checks a presented chain against usable TLSA records (§3.1). `name` is the MX host name,
/// the reference identifier of DANE-TA (§3.2.2).
pub fn verify(
    tlsa: &[Tlsa],
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    name: &ServerName<'_>,
    now: UnixTime,
    provider: &Arc<CryptoProvider>,
) -> Result<(), ResultType> {
    if tlsa.is_empty() {
        // §2.2: published but unusable records: encrypted, not authenticated.
        return Ok(());
    }
    // §3.1.1: DANE-EE matches the server's own certificate; its names and dates are not
    // looked at.
    if tlsa
        .iter()
        .filter(|t| t.usage == 3)
        .any(|t| t.matches(end_entity))
    {
        return Ok(());
    }
    // §3.1.2: DANE-TA names a trust anchor that the server sends in its chain; the chain up
    // to it is then checked as usual, names included (§3.2.2), with that anchor alone.
    for anchor in intermediates {
        if !tlsa
            .iter()
            .filter(|t| t.usage == 2)
            .any(|t| t.matches(anchor))
        {
            continue;
        }
        let mut roots = RootCertStore::empty();
        if roots.add(anchor.clone()).is_err() {
            continue;
        }
        let Ok(verifier) =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone()).build()
        else {
            continue;
        };
        return verifier
            .verify_server_cert(end_entity, intermediates, name, &[], now)
            .map(|_| ())
            .map_err(|e| super::tls_verify::classify(&e));
    }
    Err(ResultType::TlsaInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert() -> (Vec<u8>, Vec<u8>) {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["mx.danang.gov.vn".into()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let der = cert.der().to_vec();
        (der, rcgen::PublicKeyData::subject_public_key_info(&key))
    }

    #[test]
    fn records_that_smtp_may_use() {
        assert!(Tlsa::usable(3, 1, 1, vec![0; 32]).is_some());
        assert!(Tlsa::usable(2, 0, 2, vec![0; 64]).is_some());
        assert!(Tlsa::usable(3, 0, 0, vec![1]).is_some());
        // PKIX-TA/PKIX-EE are not for SMTP (§3.1.3); unknown selectors and matching types, and
        // digests of the wrong length, are unusable.
        for (u, s, m, len) in [
            (0, 0, 1, 32),
            (1, 1, 1, 32),
            (4, 1, 1, 32),
            (3, 2, 1, 32),
            (3, 1, 3, 32),
            (3, 1, 1, 31),
            (3, 1, 2, 32),
            (3, 0, 0, 0),
        ] {
            assert!(
                Tlsa::usable(u, s, m, vec![0; len]).is_none(),
                "{u} {s} {m} {len}"
            );
        }
    }

    #[test]
    fn dane_ee_matches_the_certificate_or_its_key() {
        let (der, spki) = cert();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let name = ServerName::try_from("other.name.test").unwrap();
        let ee = CertificateDer::from(der.clone());
        for record in [
            Tlsa::usable(3, 1, 1, Sha256::digest(&spki).to_vec()).unwrap(),
            Tlsa::usable(3, 0, 2, Sha512::digest(&der).to_vec()).unwrap(),
            Tlsa::usable(3, 0, 0, der.clone()).unwrap(),
        ] {
            assert!(record.matches(&der), "{}", record.presentation());
            // Another name and no chain: DANE-EE does not care.
            assert_eq!(
                verify(&[record], &ee, &[], &name, UnixTime::now(), &provider),
                Ok(())
            );
        }
        let wrong = Tlsa::usable(3, 1, 1, vec![7; 32]).unwrap();
        assert_eq!(
            verify(&[wrong], &ee, &[], &name, UnixTime::now(), &provider),
            Err(ResultType::TlsaInvalid)
        );
        // A record of a certificate that cannot be parsed matches nothing by key.
        assert!(
            !Tlsa::usable(3, 1, 0, spki)
                .unwrap()
                .matches(b"not a certificate")
        );
    }

    #[test]
    fn dane_ta_checks_the_chain_to_the_named_anchor_and_the_mx_name() {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::from_params(&ca_params, &ca_key);
        let key = rcgen::KeyPair::generate().unwrap();
        let leaf = rcgen::CertificateParams::new(vec!["mx.danang.gov.vn".into()])
            .unwrap()
            .signed_by(&key, &issuer)
            .unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let ee = CertificateDer::from(leaf.der().to_vec());
        let chain = [CertificateDer::from(ca.der().to_vec())];
        let ta = Tlsa::usable(2, 0, 1, Sha256::digest(ca.der()).to_vec()).unwrap();
        let mx = ServerName::try_from("mx.danang.gov.vn").unwrap();
        let now = UnixTime::now();
        assert_eq!(
            verify(std::slice::from_ref(&ta), &ee, &chain, &mx, now, &provider),
            Ok(())
        );
        // DANE-TA checks the name (RFC 7672 §3.2.2).
        let other = ServerName::try_from("mx.hue.gov.vn").unwrap();
        assert_eq!(
            verify(
                std::slice::from_ref(&ta),
                &ee,
                &chain,
                &other,
                now,
                &provider
            ),
            Err(ResultType::CertificateHostMismatch)
        );
        // The anchor must be in the chain the server sends.
        assert_eq!(
            verify(std::slice::from_ref(&ta), &ee, &[], &mx, now, &provider),
            Err(ResultType::TlsaInvalid)
        );
        // A DANE-TA record naming the server's own certificate is not a trust anchor.
        let wrong = Tlsa::usable(2, 0, 1, Sha256::digest(leaf.der()).to_vec()).unwrap();
        assert_eq!(
            verify(&[wrong], &ee, &chain, &mx, now, &provider),
            Err(ResultType::TlsaInvalid)
        );
    }
}
