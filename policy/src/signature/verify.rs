//! Digests and signature checks, with ring (the one crypto provider of govmail,
//! DEPENDENCIES.md). Algorithms are named by their OIDs (RFC 8017 Appendix C for RSA,
//! RFC 5758/5480 for ECDSA, RFC 5754/NIST for the digests); what ring cannot check is
//! [`Unsupported`].

use der::Encode;
use ring::digest;
use ring::signature::{self, VerificationAlgorithm};
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::tlv;

/// An algorithm, or a key, that cannot be checked here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unsupported;

/// A digest algorithm of CMS (`digestAlgorithm`) or of a PSS/timestamp structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Digest {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

const SHA1: &str = "1.3.14.3.2.26";
const SHA256: &str = "2.16.840.1.101.3.4.2.1";
const SHA384: &str = "2.16.840.1.101.3.4.2.2";
const SHA512: &str = "2.16.840.1.101.3.4.2.3";

const RSA: &str = "1.2.840.113549.1.1.1";
const RSA_SHA1: &str = "1.2.840.113549.1.1.5";
const RSA_PSS: &str = "1.2.840.113549.1.1.10";
const RSA_SHA256: &str = "1.2.840.113549.1.1.11";
const RSA_SHA384: &str = "1.2.840.113549.1.1.12";
const RSA_SHA512: &str = "1.2.840.113549.1.1.13";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const ECDSA_SHA1: &str = "1.2.840.10045.4.1";
const ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
const ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
const ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";
const P256: &str = "1.2.840.10045.3.1.7";
const P384: &str = "1.3.132.0.34";

impl Digest {
    pub(super) fn from_oid(oid: &str) -> Result<Digest, Unsupported> {
        Ok(match oid {
            SHA1 => Digest::Sha1,
            SHA256 => Digest::Sha256,
            SHA384 => Digest::Sha384,
            SHA512 => Digest::Sha512,
            _ => return Err(Unsupported),
        })
    }

    /// From the DER of an AlgorithmIdentifier (a SEQUENCE whose first item is the OID).
    pub(super) fn from_algorithm_der(der: &[u8]) -> Result<Digest, Unsupported> {
        let (seq, _) = tlv::expect(der, tlv::SEQUENCE).ok_or(Unsupported)?;
        let (oid, _) = tlv::expect(seq.content, tlv::OID).ok_or(Unsupported)?;
        let oid = der::asn1::ObjectIdentifier::from_bytes(oid.content).map_err(|_| Unsupported)?;
        Digest::from_oid(&oid.to_string())
    }

    fn ring(self) -> &'static digest::Algorithm {
        match self {
            Digest::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
            Digest::Sha256 => &digest::SHA256,
            Digest::Sha384 => &digest::SHA384,
            Digest::Sha512 => &digest::SHA512,
        }
    }

    /// The digest of `parts` in order (the byte ranges of a signed PDF).
    pub(super) fn of(self, parts: &[&[u8]]) -> digest::Digest {
        let mut ctx = digest::Context::new(self.ring());
        for p in parts {
            ctx.update(p);
        }
        ctx.finish()
    }
}

/// Checks `signature` over `message` by the key `spki`, with the signature algorithm `alg`;
/// `digest` is CMS's digestAlgorithm, for the algorithms that name only the key type
/// (`rsaEncryption`, `id-ecPublicKey`). Ok(false) is a wrong signature.
pub(super) fn check(
    spki: &SubjectPublicKeyInfoOwned,
    alg: &AlgorithmIdentifierOwned,
    digest: Option<Digest>,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, Unsupported> {
    let ring_alg = choose(spki, alg, digest)?;
    let key = spki.subject_public_key.raw_bytes();
    Ok(ring_alg
        .verify(key.into(), message.into(), signature.into())
        .is_ok())
}

fn choose(
    spki: &SubjectPublicKeyInfoOwned,
    alg: &AlgorithmIdentifierOwned,
    digest: Option<Digest>,
) -> Result<&'static dyn VerificationAlgorithm, Unsupported> {
    let key_type = spki.algorithm.oid.to_string();
    let sig = alg.oid.to_string();
    let hash = match sig.as_str() {
        RSA | EC_PUBLIC_KEY => digest.ok_or(Unsupported)?,
        RSA_SHA1 | ECDSA_SHA1 => Digest::Sha1,
        RSA_SHA256 | ECDSA_SHA256 => Digest::Sha256,
        RSA_SHA384 | ECDSA_SHA384 => Digest::Sha384,
        RSA_SHA512 | ECDSA_SHA512 => Digest::Sha512,
        RSA_PSS => pss_hash(alg)?,
        _ => return Err(Unsupported),
    };
    match key_type.as_str() {
        // Keys of 1024 bits are still accepted with SHA-1/256/512: documents signed years ago
        // by older certificates remain checkable (the chain's dates decide the rest).
        RSA if sig == RSA_PSS => Ok(match hash {
            Digest::Sha256 => &signature::RSA_PSS_2048_8192_SHA256,
            Digest::Sha384 => &signature::RSA_PSS_2048_8192_SHA384,
            Digest::Sha512 => &signature::RSA_PSS_2048_8192_SHA512,
            Digest::Sha1 => return Err(Unsupported),
        }),
        RSA if matches!(
            sig.as_str(),
            RSA | RSA_SHA1 | RSA_SHA256 | RSA_SHA384 | RSA_SHA512
        ) =>
        {
            Ok(match hash {
                Digest::Sha1 => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                Digest::Sha256 => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                Digest::Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
                Digest::Sha512 => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            })
        }
        EC_PUBLIC_KEY
            if matches!(
                sig.as_str(),
                EC_PUBLIC_KEY | ECDSA_SHA1 | ECDSA_SHA256 | ECDSA_SHA384 | ECDSA_SHA512
            ) =>
        {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok())
                .map(|o| o.to_string());
            Ok(match (curve.as_deref(), hash) {
                (Some(P256), Digest::Sha256) => &signature::ECDSA_P256_SHA256_ASN1,
                (Some(P256), Digest::Sha384) => &signature::ECDSA_P256_SHA384_ASN1,
                (Some(P384), Digest::Sha256) => &signature::ECDSA_P384_SHA256_ASN1,
                (Some(P384), Digest::Sha384) => &signature::ECDSA_P384_SHA384_ASN1,
                _ => return Err(Unsupported),
            })
        }
        _ => Err(Unsupported),
    }
}

/// The hash of RSASSA-PSS parameters (RFC 8017 Appendix A.2.3: `[0] hashAlgorithm`, SHA-1
/// when absent). ring checks MGF1 with the same hash and a salt as long as the hash, which is
/// what signers use.
fn pss_hash(alg: &AlgorithmIdentifierOwned) -> Result<Digest, Unsupported> {
    let Some(params) = &alg.parameters else {
        return Ok(Digest::Sha1);
    };
    let der = params.to_der().map_err(|_| Unsupported)?;
    let (seq, _) = tlv::expect(&der, tlv::SEQUENCE).ok_or(Unsupported)?;
    match tlv::items(seq.content).find(|t| t.tag == 0xa0) {
        Some(hash) => Digest::from_algorithm_der(hash.content),
        None => Ok(Digest::Sha1),
    }
}
