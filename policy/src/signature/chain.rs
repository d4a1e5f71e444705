//! Certificates: read from DER, their subject's name and organisation, and the path from a
//! signer's certificate to a trust anchor (RFC 5280 §6, reduced to what a signature check of
//! a received document needs: names chained issuer to subject, each signature checked with
//! the issuer's key, issuers marked as CAs, every certificate below the anchor valid at the
//! signing time). Revocation (CRL, OCSP) is not checked: it needs the network.

use der::{Decode, Tag, Tagged};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, SubjectKeyIdentifier};

use super::tlv;
use super::verify;

/// Certificates followed from the signer up to an anchor, at most.
const MAX_PATH: usize = 8;

/// A certificate and the bytes its issuer signed.
#[derive(Debug, Clone)]
pub(super) struct Cert {
    pub der: Vec<u8>,
    tbs: std::ops::Range<usize>,
    pub cert: Certificate,
}

impl Cert {
    /// Reads one DER certificate (nothing may follow it). None when it does not decode.
    pub(super) fn from_der(der: &[u8]) -> Option<Cert> {
        let (outer, rest) = tlv::expect(der, tlv::SEQUENCE)?;
        if !rest.is_empty() {
            return None;
        }
        let (tbs, _) = tlv::expect(outer.content, tlv::SEQUENCE)?;
        let start = outer.raw.len() - outer.content.len();
        let cert = Certificate::from_der(der).ok()?;
        Some(Cert {
            der: der.to_vec(),
            tbs: start..start + tbs.raw.len(),
            cert,
        })
    }

    fn tbs(&self) -> &[u8] {
        &self.der[self.tbs.clone()]
    }

    /// Whether the certificate is valid at `at` (Unix seconds).
    fn valid_at(&self, at: i64) -> bool {
        let v = &self.cert.tbs_certificate.validity;
        let from = v.not_before.to_unix_duration().as_secs() as i64;
        let to = v.not_after.to_unix_duration().as_secs() as i64;
        (from..=to).contains(&at)
    }

    /// Whether `self` is marked as a CA (RFC 5280 §4.2.1.9) and, when it says what its key
    /// is for, may sign certificates (§4.2.1.3).
    fn is_ca(&self) -> bool {
        matches!(
            self.cert.tbs_certificate.get::<BasicConstraints>(),
            Ok(Some((_, bc))) if bc.ca
        ) && self.key_usage().is_none_or(|ku| ku.key_cert_sign())
    }

    fn key_usage(&self) -> Option<KeyUsage> {
        self.cert
            .tbs_certificate
            .get::<KeyUsage>()
            .ok()
            .flatten()
            .map(|(_, ku)| ku)
    }

    /// Whether the key may sign documents: without a key usage extension any use is
    /// allowed; with one, digitalSignature or nonRepudiation (contentCommitment) must be set
    /// (RFC 5280 §4.2.1.3).
    pub(super) fn may_sign_documents(&self) -> bool {
        self.key_usage()
            .is_none_or(|ku| ku.digital_signature() || ku.non_repudiation())
    }

    /// Whether `issuer`'s key signed `self`.
    fn signed_by(&self, issuer: &Cert) -> bool {
        let Some(signature) = self.cert.signature.as_bytes() else {
            return false;
        };
        matches!(
            verify::check(
                &issuer.cert.tbs_certificate.subject_public_key_info,
                &self.cert.signature_algorithm,
                None,
                self.tbs(),
                signature,
            ),
            Ok(true)
        )
    }

    /// Whether this certificate is the one `sid` names (RFC 5652 §5.3: issuer and serial
    /// number, or subject key identifier).
    pub(super) fn is(&self, sid: &cms::signed_data::SignerIdentifier) -> bool {
        use cms::signed_data::SignerIdentifier as Sid;
        let tbs = &self.cert.tbs_certificate;
        match sid {
            Sid::IssuerAndSerialNumber(isn) => {
                tbs.issuer == isn.issuer
                    && tbs.serial_number.as_bytes() == isn.serial_number.as_bytes()
            }
            Sid::SubjectKeyIdentifier(ski) => matches!(
                tbs.get::<SubjectKeyIdentifier>(),
                Ok(Some((_, own))) if own.0.as_bytes() == ski.0.as_bytes()
            ),
        }
    }

    /// The subject's common name (CN, 2.5.4.3) and organisation (O, 2.5.4.10), decoded from
    /// whichever string type the CA used; Vietnamese text is kept as written.
    pub(super) fn name_and_org(&self) -> (Option<String>, Option<String>) {
        let mut cn = None;
        let mut org = None;
        for rdn in &self.cert.tbs_certificate.subject.0 {
            for atv in rdn.0.iter() {
                let slot = match atv.oid.to_string().as_str() {
                    "2.5.4.3" => &mut cn,
                    "2.5.4.10" => &mut org,
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = directory_string(atv.value.tag(), atv.value.value());
                }
            }
        }
        (cn, org)
    }
}

/// A DirectoryString (RFC 5280 §4.1.2.4) or the older string types CAs still use.
fn directory_string(tag: Tag, bytes: &[u8]) -> Option<String> {
    let s = match tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        // UCS-2 / UTF-16, big-endian.
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::TeletexString => bytes.iter().map(|&b| char::from(b)).collect(),
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// How far a signer's certificate is trusted at the signing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trust {
    /// A path to an anchor, every certificate below it valid at the signing time.
    Trusted,
    /// A path to an anchor, but a certificate on it not valid at the signing time.
    Expired,
    /// No path to any anchor.
    Untrusted,
}

/// The path from `signer` to one of `anchors`, through the certificates `pool` the signature
/// carries, checked at `at`. Greedy: at each step the first issuer whose key verifies is
/// taken (a CA re-keyed under the same name is told apart by the signature check). The
/// anchors' own validity is not checked (RFC 5280 §6.1.1 (d): an anchor is a name and a key).
pub(super) fn path(signer: &Cert, pool: &[Cert], anchors: &[Cert], at: i64) -> Trust {
    let mut current = signer;
    let mut expired = false;
    let reached = |expired: bool| {
        if expired {
            Trust::Expired
        } else {
            Trust::Trusted
        }
    };
    for _ in 0..MAX_PATH {
        if anchors.iter().any(|a| a.der == current.der) {
            return reached(expired);
        }
        expired |= !current.valid_at(at);
        let issuer_name = &current.cert.tbs_certificate.issuer;
        let named = |c: &&Cert| &c.cert.tbs_certificate.subject == issuer_name;
        if anchors.iter().filter(named).any(|a| current.signed_by(a)) {
            return reached(expired);
        }
        let next = pool
            .iter()
            .filter(named)
            .find(|c| c.der != current.der && c.is_ca() && current.signed_by(c));
        match next {
            Some(c) => current = c,
            None => return Trust::Untrusted,
        }
    }
    Trust::Untrusted
}
