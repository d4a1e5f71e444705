//! TLS material: the demo's self-signed certificate and loading the configured pair.

use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// The names a self-signed certificate for `hostname` serving `domain` covers: the host, the
/// names mail clients and other servers look up on the HTTPS listener (autoconfig.,
/// autodiscover., mta-sts. of the domain, and the domain itself, where Thunderbird's second
/// lookup goes: `https://<domain>/.well-known/autoconfig/…`), and localhost.
pub fn certificate_names(hostname: &str, domain: &str) -> Vec<String> {
    let mut names = vec![hostname.to_string(), domain.to_string()];
    for prefix in ["autoconfig", "autodiscover", "mta-sts"] {
        names.push(format!("{prefix}.{domain}"));
    }
    names.push("localhost".to_string());
    names.dedup();
    names
}

/// Writes a self-signed certificate and key for `names` (the first is the subject's CN; the
/// agency, if given, its O=), key readable by the owner only. Returns the certificate's
/// SHA-256 fingerprint, for users to compare with what their mail client shows.
pub fn write_self_signed(
    names: &[String],
    organization: Option<&str>,
    cert_path: &Path,
    key_path: &Path,
) -> Result<String, String> {
    let failed = |e: rcgen::Error| format!("cannot generate a self-signed certificate: {e}");
    let mut params = rcgen::CertificateParams::new(names.to_vec()).map_err(failed)?;
    // rcgen's default subject is "CN=rcgen self signed cert", which tells a user nothing.
    let mut subject = rcgen::DistinguishedName::new();
    if let Some(first) = names.first() {
        subject.push(rcgen::DnType::CommonName, first.as_str());
    }
    if let Some(org) = organization.filter(|o| !o.trim().is_empty()) {
        subject.push(rcgen::DnType::OrganizationName, org.trim());
    }
    params.distinguished_name = subject;
    // Valid from yesterday for 397 days: within what browsers and scanners accept for a
    // server certificate (CA/B Forum: 398 days); it stands in until a real one is installed.
    let today = storage::VnTime::from_unix(storage::now() - 86_400);
    let (y, m, d) = (
        today.year as i32,
        today.month as u8,
        today.day.min(28) as u8,
    );
    params.not_before = rcgen::date_time_ymd(y, m, d);
    params.not_after = rcgen::date_time_ymd(y + 1, m, d);
    let signing_key = rcgen::KeyPair::generate().map_err(failed)?;
    let cert = params.self_signed(&signing_key).map_err(failed)?;
    let certified = rcgen::CertifiedKey { cert, signing_key };
    for path in [cert_path, key_path] {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    std::fs::write(cert_path, certified.cert.pem())
        .map_err(|e| format!("cannot write {}: {e}", cert_path.display()))?;
    write_private(key_path, certified.signing_key.serialize_pem().as_bytes())?;
    Ok(fingerprint_der(certified.cert.der()))
}

/// SHA-256 of a certificate, as browsers and `openssl x509 -fingerprint -sha256` print it:
/// upper-case hexadecimal pairs joined by colons.
pub fn fingerprint_der(der: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(der);
    digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The fingerprint of the first certificate in a PEM file (the server's own).
pub fn fingerprint(cert_path: &Path) -> Result<String, String> {
    let cert = CertificateDer::pem_file_iter(cert_path)
        .map_err(|e| format!("cannot read the certificate {}: {e}", cert_path.display()))?
        .next()
        .ok_or_else(|| format!("no certificate in {}", cert_path.display()))?
        .map_err(|e| format!("bad certificate in {}: {e}", cert_path.display()))?;
    Ok(fingerprint_der(&cert))
}

#[cfg(unix)]
fn write_private(path: &Path, data: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .and_then(|mut f| f.write_all(data))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, data: &[u8]) -> Result<(), String> {
    std::fs::write(path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Loads the certificate chain and key into a rustls server configuration (TLS 1.2 and 1.3
/// with rustls' safe defaults only).
pub fn server_config(cert_path: &Path, key_path: &Path) -> Result<Arc<ServerConfig>, String> {
    Ok(server_config_and_signer(cert_path, key_path)?.0)
}

/// [`server_config`], and the signer of `.mobileconfig` profiles made from the same pair
/// (`None` when the certificate is self-signed, or its key cannot sign profiles: a warning
/// says why, and profiles go out unsigned).
pub fn server_config_and_signer(
    cert_path: &Path,
    key_path: &Path,
) -> Result<(Arc<ServerConfig>, Option<Arc<web::profile_signing::Signer>>), String> {
    let (certs, key) = load_pair(cert_path, key_path)?;
    let signer = match web::profile_signing::Signer::new(&certs, &key) {
        Ok(signer) => signer.map(Arc::new),
        Err(e) => {
            tracing::warn!(
                cert = %cert_path.display(),
                error = %e,
                "configuration profiles (.mobileconfig) will be sent unsigned"
            );
            None
        }
    };
    let mut config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            format!(
                "the certificate {} and key {} do not form a usable pair: {e}",
                cert_path.display(),
                key_path.display()
            )
        })?;
    // Our preference order (AEAD suites, strongest first) wins over the client's.
    config.ignore_client_order = true;
    Ok((Arc::new(config), signer))
}

/// The certificate chain and the private key, read from their PEM files.
fn load_pair(
    cert_path: &Path,
    key_path: &Path,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_path)
        .map_err(|e| format!("cannot read the certificate {}: {e}", cert_path.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("bad certificate in {}: {e}", cert_path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "no certificate found in {} (expected a PEM 'BEGIN CERTIFICATE' block)",
            cert_path.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_file(key_path)
        .map_err(|e| format!("cannot read the private key {}: {e}", key_path.display()))?;
    Ok((certs, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_signed_pair_loads() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
        let names = certificate_names("mail.demo.gov.vn", "demo.gov.vn");
        let printed = write_self_signed(&names, Some("Sở TT&TT"), &cert, &key).unwrap();
        assert!(server_config(&cert, &key).is_ok());
        assert_eq!(fingerprint(&cert).unwrap(), printed);
        assert_eq!(printed.len(), 32 * 3 - 1);
        std::fs::write(&key, "garbage").unwrap_or_else(|e| panic!("{e}"));
        assert!(server_config(&cert, &key).is_err());
    }
}
