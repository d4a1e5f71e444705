//! The CMS SignedData inside a PDF signature's `/Contents` (RFC 5652 §5; ISO 32000-1
//! §12.8.3.3 for `adbe.pkcs7.detached` and `adbe.pkcs7.sha1`, ETSI EN 319 142-1 for
//! `ETSI.CAdES.detached`, RFC 3161 for document timestamps): the digest of the signed byte
//! ranges against the `messageDigest` attribute, the signature over the DER of the signed
//! attributes (RFC 5652 §5.4), and the signer's certificate path.
//!
//! The outer structure is walked with [`tlv`], so that the signed attributes and the
//! certificates are checked over their bytes exactly as signed (the typed decoders sort SET
//! OF on decoding); each SignerInfo and certificate is then decoded with RustCrypto's `cms`
//! and `x509-cert`.

use der::Decode;
use der::asn1::{ObjectIdentifier, OctetStringRef};
use x509_cert::time::Time;

use super::chain::{self, Cert, Trust};
use super::verify::{self, Digest, Unsupported};
use super::{Reason, Status, tlv};

const SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// Certificates read from one signature, at most (a signer, its CAs, maybe a TSA's).
const MAX_CERTS: usize = 32;

/// What the signature's `/SubFilter` says the CMS signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `adbe.pkcs7.detached`, `ETSI.CAdES.detached`: the byte ranges, detached.
    Detached,
    /// `adbe.pkcs7.sha1`: the SHA-1 digest of the byte ranges, encapsulated.
    Sha1,
    /// `ETSI.RFC3161` (`/Type /DocTimeStamp`): a timestamp token whose imprint is the digest
    /// of the byte ranges.
    Timestamp,
}

/// One signature's verdict and who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Checked {
    pub status: Status,
    pub reason: Option<Reason>,
    pub name: Option<String>,
    pub org: Option<String>,
    /// The signingTime attribute, when signed.
    pub signing_time: Option<i64>,
}

impl Checked {
    fn bad(status: Status, reason: Reason) -> Checked {
        Checked {
            status,
            reason: Some(reason),
            name: None,
            org: None,
            signing_time: None,
        }
    }
}

/// The parts of a SignedData this check reads.
struct SignedData<'a> {
    econtent: Option<&'a [u8]>,
    certs: Vec<Cert>,
    signer: &'a [u8],
}

/// Walks ContentInfo → SignedData (RFC 5652 §3, §5.1). Anything after the ContentInfo (the
/// zero padding of `/Contents`) is ignored.
fn signed_data(cms: &[u8]) -> Option<SignedData<'_>> {
    let (info, _) = tlv::expect(cms, tlv::SEQUENCE)?;
    let (oid, rest) = tlv::expect(info.content, tlv::OID)?;
    if ObjectIdentifier::from_bytes(oid.content).ok()?.to_string() != SIGNED_DATA {
        return None;
    }
    let (explicit, _) = tlv::expect(rest, 0xa0)?;
    let (sd, _) = tlv::expect(explicit.content, tlv::SEQUENCE)?;
    let (_version, rest) = tlv::expect(sd.content, tlv::INTEGER)?;
    let (_digests, rest) = tlv::expect(rest, tlv::SET)?;
    let (encap, mut rest) = tlv::expect(rest, tlv::SEQUENCE)?;
    let (_type, econtent) = tlv::expect(encap.content, tlv::OID)?;
    let econtent = match tlv::expect(econtent, 0xa0) {
        Some((e, _)) => Some(tlv::expect(e.content, tlv::OCTET_STRING)?.0.content),
        None => None,
    };
    let mut certs = Vec::new();
    if let Some((set, after)) = tlv::expect(rest, 0xa0) {
        certs = tlv::items(set.content)
            .filter(|t| t.tag == tlv::SEQUENCE)
            .take(MAX_CERTS)
            .filter_map(|t| Cert::from_der(t.raw))
            .collect();
        rest = after;
    }
    if let Some((_crls, after)) = tlv::expect(rest, 0xa1) {
        rest = after;
    }
    let (signers, _) = tlv::expect(rest, tlv::SET)?;
    // A PDF signature has one signer (ISO 32000-1 §12.8.3.3.1).
    let (signer, _) = tlv::expect(signers.content, tlv::SEQUENCE)?;
    Some(SignedData {
        econtent,
        certs,
        signer: signer.raw,
    })
}

/// The signed attributes as signed: their `[0] IMPLICIT` tag replaced by SET OF's (RFC 5652
/// §5.4). None when the SignerInfo has none.
fn signed_attributes(signer: &[u8]) -> Option<Vec<u8>> {
    let (si, _) = tlv::expect(signer, tlv::SEQUENCE)?;
    let attrs = tlv::items(si.content).nth(3).filter(|t| t.tag == 0xa0)?;
    let mut der = attrs.raw.to_vec();
    der[0] = tlv::SET;
    Some(der)
}

/// The digest a timestamp token's TSTInfo holds (RFC 3161 §2.4.2: messageImprint) and its
/// algorithm.
fn imprint(tst_info: &[u8]) -> Option<(Result<Digest, Unsupported>, &[u8])> {
    let (info, _) = tlv::expect(tst_info, tlv::SEQUENCE)?;
    let imprint = tlv::items(info.content).nth(2)?;
    let (alg, rest) = tlv::expect(imprint.content, tlv::SEQUENCE)?;
    let (hash, _) = tlv::expect(rest, tlv::OCTET_STRING)?;
    Some((Digest::from_algorithm_der(alg.raw), hash.content))
}

/// Checks the CMS signature `cms` over `ranges`, its signer's path to `anchors` at the
/// signing time (the signingTime attribute, else `claimed`, the dictionary's `/M`, else
/// `now`).
pub(super) fn check(
    cms: &[u8],
    kind: Kind,
    ranges: [&[u8]; 2],
    anchors: &[Cert],
    claimed: Option<i64>,
    now: i64,
) -> Checked {
    let Some(sd) = signed_data(cms) else {
        return Checked::bad(Status::Invalid, Reason::Malformed);
    };
    let Ok(si) = cms::signed_data::SignerInfo::from_der(sd.signer) else {
        return Checked::bad(Status::Invalid, Reason::Malformed);
    };
    let Ok(digest) = Digest::from_oid(&si.digest_alg.oid.to_string()) else {
        return Checked::bad(Status::Untrusted, Reason::Unsupported);
    };
    // What the signer's digest is of: the byte ranges, or the encapsulated content that
    // stands for them.
    let content_digest = match (kind, sd.econtent) {
        (Kind::Detached, None) => digest.of(&ranges),
        (Kind::Sha1, Some(e)) => {
            if Digest::Sha1.of(&ranges).as_ref() != e {
                return Checked::bad(Status::Invalid, Reason::Modified);
            }
            digest.of(&[e])
        }
        (Kind::Timestamp, Some(e)) => match imprint(e) {
            Some((Ok(alg), hash)) if alg.of(&ranges).as_ref() == hash => digest.of(&[e]),
            Some((Ok(_), _)) => return Checked::bad(Status::Invalid, Reason::Modified),
            Some((Err(Unsupported), _)) => {
                return Checked::bad(Status::Untrusted, Reason::Unsupported);
            }
            None => return Checked::bad(Status::Invalid, Reason::Malformed),
        },
        _ => return Checked::bad(Status::Invalid, Reason::Malformed),
    };
    let mut signing_time = None;
    let signed_attrs = signed_attributes(sd.signer);
    let message: Vec<u8> = match (&si.signed_attrs, signed_attrs) {
        (Some(attrs), Some(der)) => {
            let mut matched = false;
            for attr in attrs.iter() {
                let Some(value) = attr.values.iter().next() else {
                    continue;
                };
                match attr.oid.to_string().as_str() {
                    MESSAGE_DIGEST => {
                        matched = value
                            .decode_as::<OctetStringRef<'_>>()
                            .is_ok_and(|v| v.as_bytes() == content_digest.as_ref());
                    }
                    SIGNING_TIME => {
                        signing_time = der::Encode::to_der(value)
                            .ok()
                            .and_then(|d| Time::from_der(&d).ok())
                            .map(|t| t.to_unix_duration().as_secs() as i64);
                    }
                    _ => {}
                }
            }
            // RFC 5652 §5.3: with signed attributes, messageDigest must be one of them.
            if !matched {
                return Checked::bad(Status::Invalid, Reason::Modified);
            }
            der
        }
        // No signed attributes: the signature is over the content itself (§5.4).
        (None, None) => match (kind, sd.econtent) {
            (Kind::Detached, _) => ranges.concat(),
            (_, Some(e)) => e.to_vec(),
            (_, None) => return Checked::bad(Status::Invalid, Reason::Malformed),
        },
        _ => return Checked::bad(Status::Invalid, Reason::Malformed),
    };
    let Some(signer) = sd.certs.iter().find(|c| c.is(&si.sid)) else {
        return Checked::bad(Status::Untrusted, Reason::NoCertificate);
    };
    let (name, org) = signer.name_and_org();
    let checked = |status, reason| Checked {
        status,
        reason,
        name: name.clone(),
        org: org.clone(),
        signing_time,
    };
    match verify::check(
        &signer.cert.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm,
        Some(digest),
        &message,
        si.signature.as_bytes(),
    ) {
        Ok(true) => {}
        Ok(false) => return checked(Status::Invalid, Some(Reason::BadSignature)),
        Err(Unsupported) => return checked(Status::Untrusted, Some(Reason::Unsupported)),
    }
    if !signer.may_sign_documents() {
        return checked(Status::Untrusted, Some(Reason::NotForSigning));
    }
    let at = signing_time.or(claimed).unwrap_or(now);
    match chain::path(signer, &sd.certs, anchors, at) {
        Trust::Trusted => checked(Status::Valid, None),
        Trust::Expired => checked(Status::Expired, Some(Reason::NotValidAtSigning)),
        Trust::Untrusted => checked(Status::Untrusted, Some(Reason::NoTrustedPath)),
    }
}
