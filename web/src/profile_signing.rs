//! Signing the `.mobileconfig` profile with the server's certificate, so that iOS and macOS
//! show it as "Verified" with the server's name: a CMS SignedData (RFC 5652 §5) in DER that
//! carries the profile as its encapsulated content (id-data), the certificate chain, and one
//! SignerInfo identified by issuer and serial number, with the signed attributes content-type,
//! message-digest (SHA-256 of the profile) and signing-time (§11), signed with the server's
//! key: RSA PKCS #1 v1.5 with SHA-256 or ECDSA P-256 with SHA-256 (RFC 5754). The structure
//! is built with RustCrypto's `cms`/`der` types; the signature is ring's, through rustls'
//! signing key (which reads PKCS #8, PKCS #1 and SEC 1 keys alike).
//!
//! A self-signed certificate gets no [`Signer`]: a profile signed with it shows as "Not
//! Verified" just like an unsigned one, so signing would add bytes and nothing else.

use std::sync::Arc;
use std::time::SystemTime;

use cms::cert::x509::Certificate;
use cms::cert::x509::attr::{Attribute, AttributeValue};
use cms::cert::x509::spki::AlgorithmIdentifierOwned;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier as Oid, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use tokio_rustls::rustls::SignatureScheme;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::sign::SigningKey;

const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const ID_SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");

/// The server's certificate chain and key, ready to sign profiles.
pub struct Signer {
    /// The server's certificate first, then the rest of its chain (as configured).
    chain: Vec<Certificate>,
    key: Arc<dyn SigningKey>,
    scheme: SignatureScheme,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("certificates", &self.chain.len())
            .field("scheme", &self.scheme)
            .finish()
    }
}

impl Signer {
    /// A signer for the server's `chain` (its own certificate first) and `key`; `Ok(None)`
    /// when the certificate is self-signed (see the module comment). An error when the key
    /// is not RSA or ECDSA P-256, or does not sign.
    pub fn new(
        chain: &[CertificateDer<'_>],
        key: &PrivateKeyDer<'_>,
    ) -> Result<Option<Signer>, String> {
        let mut certs = Vec::new();
        for der in chain {
            let cert = Certificate::from_der(der)
                .map_err(|e| format!("cannot read the certificate: {e}"))?;
            // A chain file may repeat a certificate; a CMS certificate set holds each once.
            if !certs.contains(&cert) {
                certs.push(cert);
            }
        }
        let Some(leaf) = certs.first() else {
            return Err("no certificate".to_string());
        };
        if leaf.tbs_certificate.subject == leaf.tbs_certificate.issuer {
            return Ok(None);
        }
        let key = tokio_rustls::rustls::crypto::ring::sign::any_supported_type(key)
            .map_err(|e| format!("cannot use the private key: {e}"))?;
        let scheme = [
            SignatureScheme::RSA_PKCS1_SHA256,
            SignatureScheme::ECDSA_NISTP256_SHA256,
        ]
        .into_iter()
        .find(|s| key.choose_scheme(&[*s]).is_some())
        .ok_or_else(|| {
            format!(
                "a {:?} key cannot sign profiles: only RSA and ECDSA P-256 keys can \
                 (with SHA-256)",
                key.algorithm()
            )
        })?;
        Ok(Some(Signer {
            chain: certs,
            key,
            scheme,
        }))
    }

    /// `content` (the profile) as a DER ContentInfo holding a SignedData, signed at `now`.
    pub fn sign(&self, content: &[u8], now: SystemTime) -> Result<Vec<u8>, String> {
        self.build(content, now)
            .map_err(|e| format!("cannot sign the profile: {e}"))
    }

    fn build(
        &self,
        content: &[u8],
        now: SystemTime,
    ) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let leaf = self.chain.first().ok_or("no certificate")?;
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA256,
            parameters: None,
        };
        let attribute = |oid: Oid, value: Any| -> Result<Attribute, der::Error> {
            Ok(Attribute {
                oid,
                values: SetOfVec::try_from(vec![AttributeValue::from(value)])?,
            })
        };
        // RFC 5652 §11.3: UTCTime for dates from 1950 to 2049, as here.
        let time = UtcTime::from_system_time(now)?;
        let signed_attrs = SetOfVec::try_from(vec![
            attribute(ID_CONTENT_TYPE, Any::encode_from(&ID_DATA)?)?,
            attribute(
                ID_MESSAGE_DIGEST,
                Any::encode_from(&OctetString::new(Sha256::digest(content).to_vec())?)?,
            )?,
            attribute(ID_SIGNING_TIME, Any::encode_from(&time)?)?,
        ])?;
        // §5.4: the signature covers the DER of the attributes as a SET OF (tag 0x31), not
        // as the [0] IMPLICIT field they are sent in.
        let signed = signed_attrs.to_der()?;
        let signer = self
            .key
            .choose_scheme(&[self.scheme])
            .ok_or("the key no longer offers its scheme")?;
        let signature = signer.sign(&signed)?;
        let signature_algorithm = match self.scheme {
            // RFC 5754 §3.2 (and what OpenSSL writes): rsaEncryption with NULL parameters.
            SignatureScheme::RSA_PKCS1_SHA256 => AlgorithmIdentifierOwned {
                oid: RSA_ENCRYPTION,
                parameters: Some(Any::from(der::asn1::Null)),
            },
            // RFC 5754 §3.3: parameters absent; the value is an ECDSA-Sig-Value in DER,
            // as ring makes it.
            _ => AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            },
        };
        let signer_info = SignerInfo {
            // §5.3: version 1 with issuerAndSerialNumber.
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: leaf.tbs_certificate.issuer.clone(),
                serial_number: leaf.tbs_certificate.serial_number.clone(),
            }),
            digest_alg: sha256.clone(),
            signed_attrs: Some(signed_attrs),
            signature_algorithm,
            signature: OctetString::new(signature)?,
            unsigned_attrs: None,
        };
        let certificates = self
            .chain
            .iter()
            .cloned()
            .map(CertificateChoices::Certificate)
            .collect::<Vec<_>>();
        let signed_data = SignedData {
            // §5.1: version 1 (id-data content, X.509 certificates only, version 1 signer).
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256])?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: ID_DATA,
                econtent: Some(Any::encode_from(&OctetString::new(content)?)?),
            },
            certificates: Some(CertificateSet(SetOfVec::try_from(certificates)?)),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
        };
        let info = ContentInfo {
            content_type: ID_SIGNED_DATA,
            content: Any::encode_from(&signed_data)?,
        };
        Ok(info.to_der()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CA and a server certificate it issued, with `algorithm`'s keys: (chain, key, CA).
    fn issued(
        algorithm: &'static rcgen::SignatureAlgorithm,
    ) -> (
        Vec<CertificateDer<'static>>,
        PrivateKeyDer<'static>,
        rcgen::Certificate,
    ) {
        let ca_key = rcgen::KeyPair::generate_for(algorithm).unwrap();
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "Test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let key = rcgen::KeyPair::generate_for(algorithm).unwrap();
        let params = rcgen::CertificateParams::new(vec!["mail.demo.gov.vn".to_string()]).unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();
        let chain = vec![cert.der().clone(), ca_cert.der().clone()];
        let key = PrivateKeyDer::Pkcs8(key.serialize_der().into());
        (chain, key, ca_cert)
    }

    #[test]
    fn self_signed_certificates_do_not_sign() {
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["mail.demo.gov.vn".to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let der = PrivateKeyDer::Pkcs8(key.serialize_der().into());
        assert!(Signer::new(&[cert.der().clone()], &der).unwrap().is_none());
    }

    #[test]
    fn the_signed_data_holds_the_profile_the_chain_and_the_attributes() {
        let (chain, key, _) = issued(&rcgen::PKCS_ECDSA_P256_SHA256);
        let signer = Signer::new(&chain, &key).unwrap().unwrap();
        assert_eq!(signer.scheme, SignatureScheme::ECDSA_NISTP256_SHA256);
        let profile = "<plist>Thư công vụ</plist>".as_bytes();
        let der = signer.sign(profile, SystemTime::now()).unwrap();
        let info = ContentInfo::from_der(&der).unwrap();
        assert_eq!(info.content_type, ID_SIGNED_DATA);
        let data: SignedData = info.content.decode_as().unwrap();
        let content: OctetString = data
            .encap_content_info
            .econtent
            .unwrap()
            .decode_as()
            .unwrap();
        assert_eq!(content.as_bytes(), profile);
        assert_eq!(data.certificates.unwrap().0.len(), 2);
        let [si] = data.signer_infos.0.as_slice() else {
            panic!("one signer")
        };
        let attrs = si.signed_attrs.as_ref().unwrap();
        let oids: Vec<Oid> = attrs.iter().map(|a| a.oid).collect();
        for oid in [ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNING_TIME] {
            assert!(oids.contains(&oid), "{oid}");
        }
        // RSA keys (which ring cannot make) are tried with openssl in tests/autoconfig_e2e.rs.
    }

    #[test]
    fn a_p384_key_is_refused() {
        let (chain, key, _) = issued(&rcgen::PKCS_ECDSA_P384_SHA384);
        let e = Signer::new(&chain, &key).unwrap_err();
        assert!(e.contains("only RSA and ECDSA P-256"), "{e}");
    }
}
