//! `[tls] acme`: a certificate from an ACME CA (RFC 8555; Let's Encrypt and the like),
//! obtained and renewed by a background task.
//!
//! On start, on every reload (SIGHUP) and then once a day the task reads the installed
//! certificate (`[tls] cert`) and orders a new one when it is due: missing or unreadable,
//! self-signed (the placeholder `init` writes), not covering every configured name, or with
//! fewer than `renew_before_days` days left. The CA checks each name with HTTP-01 (§8.3,
//! the default), answered by the `[listen] http` listener, or with TLS-ALPN-01 (RFC 8737,
//! `challenge = "tls-alpn-01"`), answered by the `[listen] https` listener's handshake; both
//! from [`web::acme::Challenges`].
//!
//! A new pair is written beside the old one, synced, checked as a usable pair, and renamed
//! over it; then the server reloads exactly as on SIGHUP, so open sessions keep their
//! connection and new ones get the new certificate. Any failure (the CA down, a refused
//! order, a failed validation, a bad answer) is logged, counted in
//! `govmail_acme_renewal_failures_total`, and leaves the installed certificate untouched: an
//! ACME outage never removes a working certificate. The next check retries.
//!
//! The account (its key and URL) is kept in `<data_dir>/acme/account.json` (mode 0600).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use instant_acme::{
    Account, AccountCredentials, AuthorizationStatus, ChallengeType, Identifier, NewAccount,
    NewOrder, OrderStatus, RetryPolicy,
};
use tokio::sync::{Notify, mpsc, watch};
use tokio_util::sync::CancellationToken;

use crate::config::{AcmeConfig, Config};

/// How often the certificate is looked at when nothing wakes the task.
const CHECK_EVERY: Duration = Duration::from_secs(24 * 3600);
/// An order that takes longer than this has failed (the CA is stuck or validation hangs).
const ORDER_DEADLINE: Duration = Duration::from_secs(300);

/// What the metrics endpoint shows about the certificate and its renewal.
#[derive(Debug, Default)]
pub struct Status {
    /// The installed certificate's notAfter, unix seconds (0: unknown).
    expiry: AtomicI64,
    failures: AtomicU64,
}

impl Status {
    /// Reads the expiry of the certificate in `cert_path` (kept as it was if unreadable).
    pub fn note_certificate(&self, cert_path: &Path) {
        match Facts::read(cert_path) {
            Ok(facts) => self.expiry.store(facts.not_after, Ordering::Relaxed),
            Err(e) => tracing::warn!(error = %e, "cannot read the certificate's expiry"),
        }
    }

    pub fn failures(&self) -> u64 {
        self.failures.load(Ordering::Relaxed)
    }

    /// Prometheus text for the two series.
    pub fn render(&self) -> String {
        format!(
            "# HELP govmail_tls_certificate_expiry_seconds notAfter of the installed \
             certificate (unix time)\n# TYPE govmail_tls_certificate_expiry_seconds gauge\n\
             govmail_tls_certificate_expiry_seconds {}\n\
             # HELP govmail_acme_renewal_failures_total ACME orders that failed (the \
             certificate in place was kept)\n# TYPE govmail_acme_renewal_failures_total counter\n\
             govmail_acme_renewal_failures_total {}\n",
            self.expiry.load(Ordering::Relaxed),
            self.failures()
        )
    }
}

/// What matters about an installed certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub not_after: i64,
    pub serial: String,
    pub self_signed: bool,
    /// The DNS names of its subjectAltName, lower case.
    pub names: Vec<String>,
}

impl Facts {
    /// The first certificate of a PEM file (the server's own).
    pub fn read(cert_path: &Path) -> Result<Facts, String> {
        use rustls_pki_types::CertificateDer;
        use rustls_pki_types::pem::PemObject;
        let der = CertificateDer::pem_file_iter(cert_path)
            .map_err(|e| format!("cannot read {}: {e}", cert_path.display()))?
            .next()
            .ok_or_else(|| format!("no certificate in {}", cert_path.display()))?
            .map_err(|e| format!("bad certificate in {}: {e}", cert_path.display()))?;
        Facts::from_der(&der).map_err(|e| format!("{}: {e}", cert_path.display()))
    }

    pub fn from_der(der: &[u8]) -> Result<Facts, String> {
        use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};
        let (_, cert) =
            X509Certificate::from_der(der).map_err(|e| format!("not an X.509 certificate: {e}"))?;
        let names = match cert.subject_alternative_name() {
            Ok(Some(san)) => san
                .value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DNSName(name) => Some(name.to_ascii_lowercase()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Facts {
            not_after: cert.validity().not_after.timestamp(),
            serial: cert.raw_serial_as_string(),
            self_signed: cert.subject() == cert.issuer(),
            names,
        })
    }

    /// Why this certificate should be replaced now, if it should.
    pub fn due(&self, names: &[String], renew_before_days: u32, now: i64) -> Option<String> {
        if self.self_signed {
            return Some("the installed certificate is self-signed".to_string());
        }
        if let Some(missing) = names.iter().find(|n| !self.names.contains(n)) {
            return Some(format!(
                "the installed certificate does not cover {missing}"
            ));
        }
        let left = self.not_after - now;
        if left < i64::from(renew_before_days) * 86_400 {
            let days = left.div_euclid(86_400);
            return Some(format!(
                "the installed certificate expires in {days} days \
                 (renew_before_days = {renew_before_days})"
            ));
        }
        None
    }
}

/// The renewal task. `config` follows reloads; `wake` asks for a check now (SIGHUP);
/// `installed` tells the server to reload with the new certificate.
pub async fn run(
    config: watch::Receiver<Config>,
    challenges: web::acme::Challenges,
    status: Arc<Status>,
    wake: Arc<Notify>,
    installed: mpsc::Sender<()>,
    shutdown: CancellationToken,
) {
    loop {
        let current = config.borrow().clone();
        if let Some(acme) = &current.tls.acme {
            let check = check(&current, acme, &challenges, &status, &installed);
            tokio::select! {
                _ = shutdown.cancelled() => return,
                () = check => {}
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(CHECK_EVERY) => {}
        }
    }
}

/// One look at the certificate, and an order if it is due.
async fn check(
    config: &Config,
    acme: &AcmeConfig,
    challenges: &web::acme::Challenges,
    status: &Status,
    installed: &mpsc::Sender<()>,
) {
    let names = match config.acme_names(acme) {
        Ok(names) => names,
        Err(e) => {
            status.failures.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error = %e, "ACME: no certificate ordered");
            return;
        }
    };
    let cert_path = config.resolve(&config.tls.cert);
    let reason = match Facts::read(&cert_path) {
        Ok(facts) => match facts.due(&names, acme.renew_before_days, storage::now()) {
            Some(reason) => reason,
            None => {
                tracing::info!(
                    serial = %facts.serial,
                    not_after = facts.not_after,
                    "ACME: the certificate is not due for renewal"
                );
                return;
            }
        },
        Err(e) => format!("no usable certificate installed ({e})"),
    };
    tracing::info!(
        directory = %acme.directory,
        names = %names.join(","),
        %reason,
        "ACME: ordering a certificate"
    );
    let ordered = tokio::time::timeout(ORDER_DEADLINE, order(config, acme, &names, challenges))
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "the order took longer than {} s",
                ORDER_DEADLINE.as_secs()
            ))
        });
    match ordered {
        Ok(facts) => {
            tracing::info!(
                serial = %facts.serial,
                not_after = facts.not_after,
                cert = %cert_path.display(),
                "ACME: new certificate installed; reloading"
            );
            let _ = installed.send(()).await;
        }
        Err(e) => {
            status.failures.fetch_add(1, Ordering::Relaxed);
            tracing::error!(
                error = %e,
                directory = %acme.directory,
                "ACME: renewal failed; the installed certificate stays in service (retried \
                 on the next check: SIGHUP or in a day)"
            );
        }
    }
}

/// Orders, validates, finalizes and installs. The challenge answers are withdrawn whatever
/// happens.
async fn order(
    config: &Config,
    acme: &AcmeConfig,
    names: &[String],
    challenges: &web::acme::Challenges,
) -> Result<Facts, String> {
    let kind = if acme.tls_alpn() {
        if config.listen.https.is_none() {
            return Err(
                "TLS-ALPN-01 needs the HTTPS listener: set [listen] https (port 443 as seen \
                 from the Internet)"
                    .to_string(),
            );
        }
        ChallengeType::TlsAlpn01
    } else {
        if config.listen.http.is_none() {
            return Err(
                "HTTP-01 needs the plain-HTTP listener: set [listen] http (port 80 as seen from \
                 the Internet)"
                    .to_string(),
            );
        }
        ChallengeType::Http01
    };
    let account = account(config, acme).await?;
    let identifiers: Vec<Identifier> = names.iter().cloned().map(Identifier::Dns).collect();
    let mut order = match account.new_order(&NewOrder::new(&identifiers)).await {
        Ok(order) => order,
        Err(e) => {
            // RFC 8555 §7.3.1: the CA forgot the account (or it was deactivated): forget it
            // too, so that the next check registers a new one instead of failing forever.
            if let instant_acme::Error::Api(problem) = &e
                && problem
                    .r#type
                    .as_deref()
                    .is_some_and(|t| t.ends_with(":accountDoesNotExist"))
            {
                let _ = std::fs::remove_file(account_path(config));
            }
            return Err(format!("the CA refused the order: {e}"));
        }
    };
    // What was put up for the CA to see, withdrawn at the end: HTTP-01 tokens and the names
    // with a TLS-ALPN-01 certificate.
    let mut tokens = Vec::new();
    let mut alpn_names = Vec::new();
    let result = async {
        let mut authorizations = order.authorizations();
        while let Some(authz) = authorizations.next().await {
            let mut authz = authz.map_err(|e| format!("cannot read an authorization: {e}"))?;
            match authz.status {
                AuthorizationStatus::Pending => {}
                AuthorizationStatus::Valid => continue,
                other => {
                    return Err(format!(
                        "authorization for {} is {other:?}",
                        authz.identifier()
                    ));
                }
            }
            let name = authz.identifier().to_string();
            let mut challenge = authz.challenge(kind.clone()).ok_or_else(|| {
                format!("the CA offers no {} challenge for {name}", acme.challenge)
            })?;
            if kind == ChallengeType::TlsAlpn01 {
                // RFC 8737 §3: the certificate carries SHA-256(key authorization).
                let digest = challenge.key_authorization().digest();
                let digest: [u8; 32] = digest
                    .as_ref()
                    .try_into()
                    .map_err(|_| "the key authorization digest is not SHA-256".to_string())?;
                challenges.tls_alpn.insert(&name, &digest)?;
                alpn_names.push(name.clone());
            } else {
                let token = challenge.token.clone();
                challenges.insert(&token, challenge.key_authorization().as_str());
                tokens.push(token);
            }
            challenge
                .set_ready()
                .await
                .map_err(|e| format!("cannot start the validation of {name}: {e}"))?;
        }
        let retries = RetryPolicy::new().timeout(Duration::from_secs(120));
        let state = order
            .poll_ready(&retries)
            .await
            .map_err(|e| format!("validation failed: {e}"))?;
        if state != OrderStatus::Ready {
            return Err(format!("the order is {state:?} after validation"));
        }
        let key_pem = order
            .finalize()
            .await
            .map_err(|e| format!("finalization failed: {e}"))?;
        let chain_pem = order
            .poll_certificate(&retries)
            .await
            .map_err(|e| format!("no certificate: {e}"))?;
        Ok((key_pem, chain_pem))
    }
    .await;
    for token in &tokens {
        challenges.remove(token);
    }
    for name in &alpn_names {
        challenges.tls_alpn.remove(name);
    }
    let (key_pem, chain_pem) = result?;
    install(
        &config.resolve(&config.tls.cert),
        &config.resolve(&config.tls.key),
        chain_pem.as_bytes(),
        key_pem.as_bytes(),
    )
}

/// The saved account for this directory, or a new one (saved).
async fn account(config: &Config, acme: &AcmeConfig) -> Result<Account, String> {
    let builder = || match &acme.ca_file {
        Some(ca) => Account::builder_with_root(config.resolve(ca))
            .map_err(|e| format!("cannot use ca_file {}: {e}", config.resolve(ca).display())),
        None => Account::builder().map_err(|e| format!("no HTTPS client: {e}")),
    };
    let path = account_path(config);
    if let Some(saved) = load_account(&path, &acme.directory) {
        return builder()?
            .from_credentials(saved)
            .await
            .map_err(|e| format!("cannot reach the ACME directory {}: {e}", acme.directory));
    }
    let contact = format!("mailto:{}", acme.contact.trim_start_matches("mailto:"));
    let (account, credentials) = builder()?
        .create(
            &NewAccount {
                contact: &[&contact],
                terms_of_service_agreed: true,
                only_return_existing: false,
            },
            acme.directory.clone(),
            None,
        )
        .await
        .map_err(|e| format!("cannot create an account at {}: {e}", acme.directory))?;
    let saved = serde_json::json!({ "directory": acme.directory, "credentials": credentials });
    let text = serde_json::to_vec_pretty(&saved).map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    write_synced(&path, &text, true)?;
    tracing::info!(id = %account.id(), file = %path.display(), "ACME: account created");
    Ok(account)
}

fn account_path(config: &Config) -> PathBuf {
    config.data_dir().join("acme").join("account.json")
}

/// The credentials saved for `directory`, if any (another directory's are ignored).
fn load_account(path: &Path, directory: &str) -> Option<AccountCredentials> {
    let text = std::fs::read(path).ok()?;
    let mut saved: serde_json::Value = match serde_json::from_slice(&text) {
        Ok(saved) => saved,
        Err(e) => {
            tracing::warn!(
                file = %path.display(),
                error = %e,
                "ACME: unreadable account file; making a new account"
            );
            return None;
        }
    };
    if saved.get("directory").and_then(|d| d.as_str()) != Some(directory) {
        return None;
    }
    serde_json::from_value(saved.get_mut("credentials")?.take()).ok()
}

/// Puts a new pair in place of the old one: each written to a temporary file beside its
/// target and synced, the pair checked by loading it as the listeners will, then renamed
/// (key first: between the two renames a reload sees a mismatched pair and refuses it,
/// keeping the running certificate) and the directory synced.
pub fn install(
    cert_path: &Path,
    key_path: &Path,
    chain: &[u8],
    key: &[u8],
) -> Result<Facts, String> {
    let temp = |p: &Path| -> PathBuf {
        let mut name = p.file_name().unwrap_or_default().to_os_string();
        name.push(".acme-new");
        p.with_file_name(name)
    };
    let (cert_tmp, key_tmp) = (temp(cert_path), temp(key_path));
    for path in [cert_path, key_path] {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    write_synced(&cert_tmp, chain, false)?;
    write_synced(&key_tmp, key, true)?;
    let checked = crate::tls::server_config(&cert_tmp, &key_tmp)
        .map_err(|e| e.to_string())
        .and_then(|_| Facts::read(&cert_tmp));
    let facts = match checked {
        Ok(facts) => facts,
        Err(e) => {
            let _ = std::fs::remove_file(&cert_tmp);
            let _ = std::fs::remove_file(&key_tmp);
            return Err(format!("the CA's certificate is not usable: {e}"));
        }
    };
    std::fs::rename(&key_tmp, key_path)
        .map_err(|e| format!("cannot replace {}: {e}", key_path.display()))?;
    std::fs::rename(&cert_tmp, cert_path)
        .map_err(|e| format!("cannot replace {}: {e}", cert_path.display()))?;
    for path in [cert_path, key_path] {
        if let Some(dir) = path.parent()
            && let Ok(dir) = std::fs::File::open(dir)
        {
            let _ = dir.sync_all();
        }
    }
    Ok(facts)
}

/// Writes `data` to `path` and syncs it to disk; `private`: readable by the owner only.
fn write_synced(path: &Path, data: &[u8], private: bool) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    options
        .open(path)
        .and_then(|mut f| {
            f.write_all(data)?;
            f.sync_all()
        })
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(self_signed: bool, names: &[&str], not_after: i64) -> Facts {
        Facts {
            not_after,
            serial: "01".into(),
            self_signed,
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn a_certificate_is_due_when_self_signed_short_of_names_or_expiring() {
        let now = 1_800_000_000;
        let names = vec!["mail.demo.gov.vn".to_string()];
        let good = facts(false, &["mail.demo.gov.vn"], now + 60 * 86_400);
        assert_eq!(good.due(&names, 30, now), None);
        assert!(
            good.due(&names, 61, now)
                .unwrap()
                .contains("expires in 60 days")
        );
        assert!(
            facts(true, &["mail.demo.gov.vn"], now + 300 * 86_400)
                .due(&names, 30, now)
                .unwrap()
                .contains("self-signed")
        );
        assert!(
            facts(false, &["other.gov.vn"], now + 300 * 86_400)
                .due(&names, 30, now)
                .unwrap()
                .contains("does not cover mail.demo.gov.vn")
        );
        // Already expired: due, with a negative count.
        assert!(
            facts(false, &["mail.demo.gov.vn"], now - 86_400)
                .due(&names, 30, now)
                .is_some()
        );
    }

    #[test]
    fn a_bad_pair_is_never_installed() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
        let names = crate::tls::certificate_names("mail.demo.gov.vn", "demo.gov.vn");
        crate::tls::write_self_signed(&names, None, &cert, &key).unwrap_or_else(|e| panic!("{e}"));
        let (old_cert, old_key) = (
            std::fs::read(&cert).unwrap_or_default(),
            std::fs::read(&key).unwrap_or_default(),
        );
        // Another pair's key with this certificate: refused, nothing replaced or left over.
        let other = dir.path().join("other");
        crate::tls::write_self_signed(&names, None, &other.join("c.pem"), &other.join("k.pem"))
            .unwrap_or_else(|e| panic!("{e}"));
        let other_key = std::fs::read(other.join("k.pem")).unwrap_or_default();
        assert!(install(&cert, &key, &old_cert, &other_key).is_err());
        assert!(install(&cert, &key, b"garbage", &old_key).is_err());
        assert_eq!(std::fs::read(&cert).unwrap_or_default(), old_cert);
        assert_eq!(std::fs::read(&key).unwrap_or_default(), old_key);
        assert_eq!(
            std::fs::read_dir(dir.path())
                .map(|d| d.count())
                .unwrap_or(0),
            3
        );
        // A good pair replaces the old one.
        let new_cert = std::fs::read(other.join("c.pem")).unwrap_or_default();
        let installed =
            install(&cert, &key, &new_cert, &other_key).unwrap_or_else(|e| panic!("{e}"));
        assert!(installed.self_signed);
        assert!(installed.names.contains(&"mail.demo.gov.vn".to_string()));
        assert_eq!(std::fs::read(&key).unwrap_or_default(), other_key);
        let status = Status::default();
        status.note_certificate(&cert);
        assert!(status.render().contains(&format!(
            "govmail_tls_certificate_expiry_seconds {}\n",
            installed.not_after
        )));
    }
}
