//! Message authentication for govmail: SPF, DKIM and DMARC checks on received
//! mail (reported as an RFC 8601 `Authentication-Results` header) and DKIM
//! signing of outgoing mail.
//!
//! Built on `mail-auth` 0.13 (ring backend) with a `hickory-resolver` 0.26
//! resolver.
//!
//! DNS is never allowed to stall delivery: every DNS query gives up after
//! [`DNS_QUERY_TIMEOUT`], and a whole verification is cut off after
//! [`VERIFY_BUDGET`]; whatever is still unanswered by then is reported as
//! `temperror`.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use mail_auth::common::crypto::{
    Algorithm, DkimKey as AnyKey, Ed25519Key, RsaKey, Sha256, SigningKey,
};
use mail_auth::common::headers::{HeaderWriter, Writable};
use mail_auth::dkim::DkimSigner;
use mail_auth::dmarc::Policy;
use mail_auth::dmarc::verify::DmarcParameters;
use mail_auth::hickory_resolver::config::ResolverOpts;
use mail_auth::hickory_resolver::system_conf::read_system_conf;
use mail_auth::spf::verify::SpfParameters;
use mail_auth::{
    AuthenticatedMessage, DkimOutput, DkimResult, DmarcOutput, DmarcResult, MessageAuthenticator,
    SpfOutput, SpfResult,
};
use rustls::pki_types::PrivateKeyDer;
use rustls::pki_types::pem::PemObject;
use tokio::time::{Instant, timeout_at};

/// Timeout of one DNS query attempt; hickory retries a failed query once.
pub const DNS_QUERY_TIMEOUT: Duration = Duration::from_secs(2);

/// Upper bound for one whole [`Verifier::verify`] call.
pub const VERIFY_BUDGET: Duration = Duration::from_secs(5);

/// Part of [`VERIFY_BUDGET`] given to the DKIM and SPF checks (run
/// concurrently); DMARC gets the rest.
const FIRST_PHASE_BUDGET: Duration = Duration::from_secs(3);

/// Headers covered by our DKIM signatures. Headers that are absent from a
/// message are still listed in `h=` (mail-auth does this), so nobody can add
/// them later without breaking the signature.
pub const SIGNED_HEADERS: [&str; 11] = [
    "From",
    "To",
    "Cc",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Reply-To",
    "In-Reply-To",
    "References",
];

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Failure to set up a [`Verifier`].
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The system resolver configuration could not be used.
    #[error(
        "cannot use the system DNS configuration (/etc/resolv.conf): {0}; \
         fix it or configure an explicit DNS resolver address"
    )]
    SystemConfig(String),
    /// The DNS resolver could not be built.
    #[error("cannot set up the DNS resolver for {target}: {reason}")]
    Resolver {
        /// What we tried to use ("system configuration" or an address).
        target: String,
        /// The resolver library's message.
        reason: String,
    },
}

/// Failure to create, load or use a DKIM key.
#[derive(Debug, thiserror::Error)]
pub enum DkimError {
    /// The signing domain is not a valid DNS name.
    #[error("invalid DKIM signing domain {0:?}: expected a DNS name such as \"example.com\"")]
    InvalidDomain(String),
    /// The selector is not a valid DNS label sequence.
    #[error("invalid DKIM selector {0:?}: use letters, digits, '-' or '_' (dots separate labels)")]
    InvalidSelector(String),
    /// The system random generator failed while generating a key.
    #[error("cannot generate a DKIM key: {0}")]
    KeyGeneration(String),
    /// The PEM text could not be decoded.
    #[error("cannot read the DKIM private key file: {0}")]
    InvalidPem(String),
    /// The PEM holds a key type we cannot sign with.
    #[error(
        "unsupported DKIM private key: {0} (expected an RSA key of 2048-4096 bits or an \
         Ed25519 key, PEM encoded as PKCS#8 \"PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\")"
    )]
    UnsupportedKey(String),
    /// The message could not be signed.
    #[error("cannot DKIM-sign the message: {0}")]
    Signing(String),
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

/// What the sender's DMARC policy asks for when DMARC fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DmarcAction {
    /// Deliver normally: DMARC passed, was not evaluated, or the policy is
    /// `p=none` (also when the result was a temporary DNS error).
    #[default]
    None,
    /// DMARC failed and the domain asks for `p=quarantine` (deliver to spam).
    Quarantine,
    /// DMARC failed and the domain asks for `p=reject`.
    Reject,
}

/// Result of [`Verifier::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// `Authentication-Results` header field ready to prepend to the
    /// message, folded with CRLF + TAB and ending in CRLF.
    pub header: String,
    /// The action the sender's DMARC policy requests (only ever
    /// `Quarantine`/`Reject` when DMARC definitely failed).
    pub dmarc: DmarcAction,
}

/// Checks SPF, DKIM and DMARC of received messages.
///
/// Cheap to clone (the resolver and its cache are shared); build one at
/// start-up and share it between connections.
#[derive(Clone)]
pub struct Verifier {
    auth: MessageAuthenticator,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier").finish_non_exhaustive()
    }
}

fn bounded_opts(mut opts: ResolverOpts) -> ResolverOpts {
    opts.timeout = opts.timeout.min(DNS_QUERY_TIMEOUT);
    opts.attempts = opts.attempts.min(1);
    opts
}

impl Verifier {
    /// Uses the nameservers from `/etc/resolv.conf`. There is deliberately
    /// no fallback to public resolvers: if the system configuration is
    /// unusable this returns an error.
    pub fn system() -> Result<Verifier, VerifyError> {
        let (config, opts) =
            read_system_conf().map_err(|e| VerifyError::SystemConfig(e.to_string()))?;
        if config.name_servers().is_empty() {
            return Err(VerifyError::SystemConfig("no nameserver configured".into()));
        }
        let auth = MessageAuthenticator::new(config, bounded_opts(opts)).map_err(|e| {
            VerifyError::Resolver {
                target: "the system configuration".into(),
                reason: e.to_string(),
            }
        })?;
        Ok(Verifier { auth })
    }

    /// Uses one specific nameserver (UDP, falling back to TCP on the same
    /// port for truncated answers).
    pub fn with_nameserver(addr: SocketAddr) -> Result<Verifier, VerifyError> {
        let config = crate::dns::single_nameserver(addr);
        let auth = MessageAuthenticator::new(config, bounded_opts(ResolverOpts::default()))
            .map_err(|e| VerifyError::Resolver {
                target: addr.to_string(),
                reason: e.to_string(),
            })?;
        Ok(Verifier { auth })
    }

    /// Verifies one received message.
    ///
    /// `raw` is the message as received (without our own trace headers),
    /// `peer` the client's IP address, `helo` its HELO/EHLO argument,
    /// `mail_from` the envelope sender (`""` or `"<>"` for the null sender)
    /// and `hostname` our host name, used as the authserv-id.
    ///
    /// Never fails: DNS problems become `temperror` results, and the call
    /// returns within about [`VERIFY_BUDGET`].
    pub async fn verify(
        &self,
        raw: &[u8],
        peer: IpAddr,
        helo: &str,
        mail_from: &str,
        hostname: &str,
    ) -> Verdict {
        let start = Instant::now();
        let first_deadline = start + FIRST_PHASE_BUDGET;
        let final_deadline = start + VERIFY_BUDGET;

        let helo = helo.trim();
        let mail_from = normalize_mail_from(mail_from);
        // RFC 7208 section 2.4: the null sender is checked as postmaster@HELO.
        let spf_domain = match mail_from.rsplit_once('@') {
            Some((_, domain)) => domain,
            None => helo,
        };
        let message = AuthenticatedMessage::parse(raw);

        // DKIM and SPF are independent: run them concurrently.
        let dkim_check = async {
            let Some(message) = message.as_ref() else {
                return Vec::new();
            };
            match timeout_at(first_deadline, self.auth.verify_dkim(message)).await {
                Ok(outputs) => outputs,
                Err(_) => {
                    tracing::debug!("DKIM verification timed out");
                    message
                        .dkim_headers
                        .iter()
                        .map(|h| DkimOutput::temp_err(timeout_error()).with_signature(&h.header))
                        .collect()
                }
            }
        };
        let spf_check = async {
            let params = SpfParameters::verify_mail_from(peer, helo, hostname, mail_from);
            match timeout_at(first_deadline, self.auth.verify_spf(params)).await {
                Ok(output) => output,
                Err(_) => {
                    tracing::debug!("SPF verification timed out");
                    SpfOutput::new(spf_domain.to_string()).with_result(SpfResult::TempError)
                }
            }
        };
        let (dkim, spf) = tokio::join!(dkim_check, spf_check);

        let dmarc = match message.as_ref() {
            None => None,
            Some(message) => {
                let params = DmarcParameters::new(message, &dkim, spf_domain, &spf);
                match timeout_at(final_deadline, self.auth.verify_dmarc(params)).await {
                    Ok(output) => Some(output),
                    Err(_) => {
                        tracing::debug!("DMARC verification timed out");
                        let err = DmarcResult::TempError(timeout_error());
                        Some(
                            DmarcOutput::new(author_domain(message))
                                .with_spf_result(err.clone())
                                .with_dkim_result(err),
                        )
                    }
                }
            }
        };

        let action = match &dmarc {
            Some(output) if matches!(output.result(), DmarcResult::Fail(_)) => {
                match output.policy() {
                    Policy::Reject => DmarcAction::Reject,
                    Policy::Quarantine => DmarcAction::Quarantine,
                    Policy::None | Policy::Unspecified => DmarcAction::None,
                }
            }
            _ => DmarcAction::None,
        };

        let header = format_header(
            hostname,
            peer,
            helo,
            mail_from,
            &spf,
            &dkim,
            message.is_some(),
            dmarc.as_ref(),
        );
        tracing::debug!(elapsed = ?start.elapsed(), ?action, "message authentication done");
        Verdict {
            header,
            dmarc: action,
        }
    }
}

impl Verifier {
    /// The domains (`d=`, lowercase) of the DKIM signatures of `raw` that verify (RFC 6376
    /// §6.1), within the first phase's time budget; none when DNS fails or times out. Used
    /// where a decision needs a signature whatever the peer (a recall notice, see
    /// `recall::incoming`), even from loopback where [`Verifier::verify`] is skipped.
    pub async fn dkim_pass_domains(&self, raw: &[u8]) -> Vec<String> {
        let Some(message) = AuthenticatedMessage::parse(raw) else {
            return Vec::new();
        };
        let deadline = Instant::now() + FIRST_PHASE_BUDGET;
        match timeout_at(deadline, self.auth.verify_dkim(&message)).await {
            Ok(outputs) => outputs
                .iter()
                .filter(|o| matches!(o.result(), mail_auth::DkimResult::Pass))
                .filter_map(|o| o.signature().map(|s| s.d.to_lowercase()))
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

fn timeout_error() -> mail_auth::Error {
    mail_auth::Error::Dns(mail_auth::DnsError::Resolver("timed out".into()))
}

fn normalize_mail_from(mail_from: &str) -> &str {
    let trimmed = mail_from.trim();
    trimmed
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(trimmed)
        .trim()
}

fn author_domain(message: &AuthenticatedMessage<'_>) -> String {
    message
        .from()
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Authentication-Results formatting (RFC 8601)
// ---------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn format_header(
    hostname: &str,
    peer: IpAddr,
    helo: &str,
    mail_from: &str,
    spf: &SpfOutput,
    dkim: &[DkimOutput<'_>],
    parsed: bool,
    dmarc: Option<&DmarcOutput>,
) -> String {
    let mut h = String::with_capacity(256);
    h.push_str("Authentication-Results: ");
    push_value(&mut h, &authserv_id(hostname));

    // spf
    h.push_str(";\r\n\tspf=");
    let (word, comment) = match spf.result() {
        SpfResult::Pass => ("pass", format!("client {peer} permitted")),
        SpfResult::Fail => ("fail", format!("client {peer} not permitted")),
        SpfResult::SoftFail => ("softfail", format!("client {peer} probably not permitted")),
        SpfResult::Neutral => ("neutral", format!("no assertion about client {peer}")),
        SpfResult::TempError => ("temperror", "DNS error".to_string()),
        SpfResult::PermError => ("permerror", "invalid SPF record".to_string()),
        SpfResult::None => ("none", "no SPF record".to_string()),
    };
    h.push_str(word);
    h.push_str(" (");
    h.push_str(&comment);
    h.push_str(") smtp.mailfrom=");
    if mail_from.is_empty() {
        let mut postmaster = String::from("postmaster@");
        postmaster.push_str(helo);
        push_value(&mut h, &postmaster);
    } else {
        push_value(&mut h, mail_from);
    }
    if !helo.is_empty() {
        h.push_str(" smtp.helo=");
        push_value(&mut h, helo);
    }

    // dkim (one entry per signature)
    if dkim.is_empty() {
        h.push_str(";\r\n\tdkim=none");
        h.push_str(if parsed {
            " (message not signed)"
        } else {
            " (message could not be parsed)"
        });
    }
    for output in dkim {
        h.push_str(";\r\n\tdkim=");
        match output.result() {
            DkimResult::Pass => h.push_str("pass"),
            // RFC 6376 section 6.1.3: a body hash mismatch is a PERMFAIL of the
            // signature, i.e. "fail". mail-auth (like Gmail) reports "neutral".
            DkimResult::Neutral(mail_auth::Error::Dkim(
                mail_auth::dkim::DkimError::FailedBodyHashMatch,
            )) => h.push_str("fail (body hash did not verify)"),
            DkimResult::Neutral(e) => push_result(&mut h, "neutral", e),
            DkimResult::Fail(e) => push_result(&mut h, "fail", e),
            DkimResult::PermError(e) => push_result(&mut h, "permerror", e),
            DkimResult::TempError(e) => push_result(&mut h, "temperror", e),
            DkimResult::None => h.push_str("none"),
        }
        if let Some(sig) = output.signature() {
            h.push_str(" header.d=");
            push_value(&mut h, &sig.d);
            if !sig.i.is_empty() {
                h.push_str(" header.i=");
                push_value(&mut h, &sig.i);
            }
            h.push_str(" header.s=");
            push_value(&mut h, &sig.s);
            h.push_str(" header.a=");
            h.push_str(match sig.a {
                Algorithm::RsaSha256 => "rsa-sha256",
                Algorithm::RsaSha1 => "rsa-sha1",
                Algorithm::Ed25519Sha256 => "ed25519-sha256",
            });
            if sig.b.len() >= 6 {
                // RFC 6008: enough of the signature to tell signatures apart.
                let b = base64_encode(sig.b.get(..6).unwrap_or_default());
                h.push_str(" header.b=");
                push_value(&mut h, &b);
            }
        }
    }

    // dmarc
    h.push_str(";\r\n\tdmarc=");
    match dmarc {
        Some(output) if !output.domain().is_empty() => {
            match output.result() {
                DmarcResult::Pass => h.push_str("pass"),
                DmarcResult::Fail(_) => h.push_str("fail"),
                DmarcResult::TempError(_) => h.push_str("temperror (DNS error)"),
                DmarcResult::PermError(_) => h.push_str("permerror"),
                DmarcResult::None => h.push_str("none"),
            }
            if output.dmarc_record().is_some() {
                h.push_str(" (p=");
                h.push_str(&output.policy().to_string());
                h.push(')');
            } else if output.result() == DmarcResult::None {
                h.push_str(" (no DMARC record)");
            }
            h.push_str(" header.from=");
            push_value(&mut h, output.domain());
        }
        _ => h.push_str("none (no usable From domain)"),
    }
    h.push_str("\r\n");
    h
}

fn push_result(h: &mut String, word: &str, err: &mail_auth::Error) {
    use mail_auth::Error as E;
    use mail_auth::common::crypto::CryptoError;
    use mail_auth::dkim::DkimError as D;
    h.push_str(word);
    let reason = match err {
        E::Dns(mail_auth::DnsError::Resolver(_)) => "DNS error",
        E::Dns(mail_auth::DnsError::RecordNotFound(_)) => "no key for signature",
        E::Dns(mail_auth::DnsError::InvalidRecordType) | E::ParseError => "invalid key record",
        E::Crypto(CryptoError::FailedVerification | CryptoError::Library(_)) => {
            "signature did not verify"
        }
        E::Crypto(CryptoError::IncompatibleAlgorithms) => "key and signature algorithms differ",
        E::Dkim(D::FailedBodyHashMatch) => "body hash did not verify",
        E::Dkim(D::SignatureExpired) => "signature expired",
        E::Dkim(D::RevokedPublicKey) => "key revoked",
        E::Dkim(D::FailedAuidMatch) => "identity does not match domain",
        E::Dkim(D::SignatureLength) => "signature uses l= tag",
        E::Dkim(D::UnsupportedAlgorithm | D::UnsupportedKeyType) => "unsupported algorithm",
        E::Dkim(_) => "malformed signature",
        _ => "signature could not be checked",
    };
    h.push_str(" (");
    h.push_str(reason);
    h.push(')');
}

/// The authserv-id must be a plain token; keep only DNS name characters.
fn authserv_id(hostname: &str) -> String {
    let id: String = hostname
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if id.is_empty() {
        "localhost".to_string()
    } else {
        id
    }
}

/// Appends an RFC 8601 `value`: as is when it is a token or an addr-spec with
/// a plain local part, otherwise as a quoted-string. Control characters
/// (including CR and LF) are dropped, so header injection is impossible.
fn push_value(h: &mut String, value: &str) {
    let is_plain = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '@' | '!' | '#' | '$')
    };
    let is_token_like = !value.is_empty()
        && value.chars().all(is_plain)
        && value.matches('@').count() <= 1
        && !value.starts_with('@');
    if is_token_like {
        h.push_str(value);
        return;
    }
    h.push('"');
    for c in value.chars().filter(|c| !c.is_control()) {
        if c == '"' || c == '\\' {
            h.push('\\');
        }
        h.push(c);
    }
    h.push('"');
}

// ---------------------------------------------------------------------------
// DKIM signing
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyType {
    Rsa,
    Ed25519,
}

/// A DKIM signing key for one domain and selector.
///
/// [`DkimKey::generate`] makes Ed25519 keys (see its documentation);
/// [`DkimKey::from_pem`] also loads RSA keys, e.g. made with
/// `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem`.
pub struct DkimKey {
    /// Signing domain (`d=`).
    pub domain: String,
    /// Selector (`s=`).
    pub selector: String,
    key: AnyKey,
    kind: KeyType,
    /// `p=` value bytes: SubjectPublicKeyInfo DER for RSA, the raw 32-byte
    /// key for Ed25519 (RFC 8463).
    public_key: Vec<u8>,
}

impl fmt::Debug for DkimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DkimKey")
            .field("domain", &self.domain)
            .field("selector", &self.selector)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Borrowing adapter so that a signer can be built for each message from the
/// (public, mutable) domain and selector fields without copying the key.
struct KeyRef<'a>(&'a AnyKey);

impl SigningKey for KeyRef<'_> {
    type Hasher = Sha256;

    fn sign(&self, input: impl Writable) -> mail_auth::Result<Vec<u8>> {
        self.0.sign(input)
    }

    fn algorithm(&self) -> Algorithm {
        self.0.algorithm()
    }
}

impl DkimKey {
    /// Generates a new RSA-2048 key and returns it with its PEM text (PKCS#1), to be saved
    /// (mode 0600) and loaded later with [`DkimKey::from_pem`]. RSA because Gmail and Outlook
    /// ignore Ed25519 signatures; ring cannot make RSA keys, so mail-auth's `generate`
    /// feature (the pure-Rust `rsa` crate) does.
    pub fn generate(domain: &str, selector: &str) -> Result<(DkimKey, String), DkimError> {
        let (domain, selector) = check_names(domain, selector)?;
        // RSA-2048 (rsa-sha256): the algorithm every receiver verifies (RFC 8301 §3.2).
        let pair = mail_auth::dkim::generate::DkimKeyPair::generate_rsa(2048)
            .map_err(|e| DkimError::KeyGeneration(e.to_string()))?;
        let der = pair.private_key().to_vec();
        let pem = pem_encode("RSA PRIVATE KEY", &der);
        let key = Self::from_der(domain, selector, PrivateKeyDer::Pkcs1(der.into()))?;
        Ok((key, pem))
    }

    /// Generates an Ed25519 key (`ed25519-sha256`, RFC 8463): small and fast, verified by
    /// fewer receivers than RSA; useful as a second signature.
    pub fn generate_ed25519(domain: &str, selector: &str) -> Result<(DkimKey, String), DkimError> {
        let (domain, selector) = check_names(domain, selector)?;
        let der =
            Ed25519Key::generate_pkcs8().map_err(|e| DkimError::KeyGeneration(e.to_string()))?;
        let pem = pem_encode("PRIVATE KEY", &der);
        let key = Self::from_der(domain, selector, PrivateKeyDer::Pkcs8(der.into()))?;
        Ok((key, pem))
    }

    /// Loads a PEM private key: the PKCS#8 text written by
    /// [`DkimKey::generate`], or an RSA key (PKCS#8 `PRIVATE KEY` or PKCS#1
    /// `RSA PRIVATE KEY`, 2048-4096 bits) or Ed25519 key made with openssl.
    pub fn from_pem(domain: &str, selector: &str, pem: &str) -> Result<DkimKey, DkimError> {
        let (domain, selector) = check_names(domain, selector)?;
        let der = PrivateKeyDer::from_pem_slice(pem.as_bytes())
            .map_err(|e| DkimError::InvalidPem(format!("no PEM private key found ({e})")))?;
        Self::from_der(domain, selector, der)
    }

    fn from_der(
        domain: String,
        selector: String,
        der: PrivateKeyDer<'_>,
    ) -> Result<DkimKey, DkimError> {
        let (key, kind, public_key) = match der {
            PrivateKeyDer::Pkcs1(_) => {
                let rsa = RsaKey::<Sha256>::from_key_der(der)
                    .map_err(|e| DkimError::UnsupportedKey(e.to_string()))?;
                let spki = rsa_spki(&rsa.public_key());
                (AnyKey::Rsa(rsa), KeyType::Rsa, spki)
            }
            PrivateKeyDer::Pkcs8(pkcs8) => {
                let bytes = pkcs8.secret_pkcs8_der().to_vec();
                match RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs8(pkcs8)) {
                    Ok(rsa) => {
                        let spki = rsa_spki(&rsa.public_key());
                        (AnyKey::Rsa(rsa), KeyType::Rsa, spki)
                    }
                    Err(rsa_err) => {
                        let ed = Ed25519Key::from_pkcs8_maybe_unchecked_der(&bytes).map_err(
                            |ed_err| {
                                DkimError::UnsupportedKey(format!(
                                    "not usable as RSA ({rsa_err}) nor as Ed25519 ({ed_err})"
                                ))
                            },
                        )?;
                        let public = ed.public_key();
                        (AnyKey::Ed25519(ed), KeyType::Ed25519, public)
                    }
                }
            }
            PrivateKeyDer::Sec1(_) => {
                return Err(DkimError::UnsupportedKey(
                    "EC (SEC1) keys cannot be used for DKIM".into(),
                ));
            }
            _ => return Err(DkimError::UnsupportedKey("unknown key format".into())),
        };
        Ok(DkimKey {
            domain,
            selector,
            key,
            kind,
            public_key,
        })
    }

    /// The TXT record to publish: `(name, value)`, e.g.
    /// `("s1._domainkey.example.com", "v=DKIM1; k=rsa; p=MIIB...")`.
    ///
    /// An RSA-2048 value is about 410 characters: most DNS panels split it
    /// by themselves; in a zone file write it as several quoted strings of
    /// at most 255 characters.
    pub fn dns_record(&self) -> (String, String) {
        let name = format!("{}._domainkey.{}", self.selector, self.domain);
        let k = match self.kind {
            KeyType::Rsa => "rsa",
            KeyType::Ed25519 => "ed25519",
        };
        let value = format!("v=DKIM1; k={k}; p={}", base64_encode(&self.public_key));
        (name, value)
    }

    /// Signs a message (relaxed/relaxed, sha256, [`SIGNED_HEADERS`]) and
    /// returns the `DKIM-Signature` header field, ending in CRLF, to
    /// prepend to the message unchanged.
    pub fn sign(&self, raw: &[u8]) -> Result<String, DkimError> {
        let (domain, selector) = check_names(&self.domain, &self.selector)?;
        if !has_from_header(raw) {
            return Err(DkimError::Signing(
                "the message has no From header (DKIM always signs From)".into(),
            ));
        }
        let signature = DkimSigner::from_key(KeyRef(&self.key))
            .domain(domain)
            .selector(selector)
            .headers(SIGNED_HEADERS)
            .sign(raw)
            .map_err(|e| match e {
                mail_auth::Error::NoHeadersFound => DkimError::Signing(
                    "the message has none of the headers to sign (From, To, Subject, ...)".into(),
                ),
                other => DkimError::Signing(other.to_string()),
            })?;
        Ok(signature.to_header())
    }
}

/// True when the header section of `raw` contains a From field.
fn has_from_header(raw: &[u8]) -> bool {
    for line in raw.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return false; // end of the header section
        }
        if line.first().is_some_and(|b| b.is_ascii_whitespace()) {
            continue; // continuation of a folded field
        }
        if let Some(colon) = line.iter().position(|b| *b == b':') {
            let name = line.get(..colon).unwrap_or_default();
            if name.trim_ascii().eq_ignore_ascii_case(b"from") {
                return true;
            }
        }
    }
    false
}

fn check_names(domain: &str, selector: &str) -> Result<(String, String), DkimError> {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    if !is_dns_name(&domain) || !domain.contains('.') {
        return Err(DkimError::InvalidDomain(domain));
    }
    let selector = selector.trim().to_string();
    if !is_dns_name(&selector) {
        return Err(DkimError::InvalidSelector(selector));
    }
    Ok((domain, selector))
}

fn is_dns_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

// ---------------------------------------------------------------------------
// Small encoders (no extra dependencies)
// ---------------------------------------------------------------------------

/// Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo, the form that
/// openssl produces and every DKIM verifier (OpenDKIM included) accepts.
fn rsa_spki(pkcs1: &[u8]) -> Vec<u8> {
    // AlgorithmIdentifier { rsaEncryption, NULL }
    const ALG_ID: [u8; 15] = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut bit_string = vec![0x03];
    der_len(&mut bit_string, pkcs1.len() + 1);
    bit_string.push(0x00); // no unused bits
    bit_string.extend_from_slice(pkcs1);

    let mut out = vec![0x30];
    der_len(&mut out, ALG_ID.len() + bit_string.len());
    out.extend_from_slice(&ALG_ID);
    out.extend_from_slice(&bit_string);
    out
}

fn der_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sym = |v: u32| char::from(ALPHABET[(v & 63) as usize]);
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(sym(n >> 18));
        out.push(sym(n >> 12));
        out.push(if chunk.len() > 1 { sym(n >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(n) } else { '=' });
    }
    out
}

fn pem_encode(label: &str, der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut pem = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str(&format!("-----END {label}-----\n"));
    pem
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_dns::{DnsStub, start_stub, zone};
    use std::sync::Arc;
    use std::sync::atomic::Ordering;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::UdpSocket;

    // ----- helpers --------------------------------------------------------

    const SPF_LOCAL: &str = "v=spf1 ip4:127.0.0.1 -all";
    const HOST: &str = "mx.test";

    fn message(from: &str, body: &str) -> Vec<u8> {
        format!(
            "From: Alice <{from}>\r\n\
             To: bob@example.net\r\n\
             Subject: Hello\r\n\
             Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\
             Message-ID: <1@test>\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\
             \r\n\
             {body}\r\n"
        )
        .into_bytes()
    }

    fn signed(key: &DkimKey, raw: &[u8]) -> Vec<u8> {
        let mut out = key.sign(raw).unwrap().into_bytes();
        out.extend_from_slice(raw);
        out
    }

    fn assert_well_formed(header: &str) {
        assert!(header.starts_with("Authentication-Results: "), "{header}");
        assert!(header.ends_with("\r\n"), "{header}");
        let body = &header[..header.len() - 2];
        // Every line break is CRLF followed by a TAB (folding), nothing else.
        assert!(
            !body.replace("\r\n\t", "").contains(['\r', '\n']),
            "{header}"
        );
    }

    fn ed_key(domain: &str) -> DkimKey {
        DkimKey::generate_ed25519(domain, "s1").unwrap().0
    }

    /// Stub serving example.com (p=reject), quarantine.example
    /// (p=quarantine) and relaxed.example (p=none), all with SPF allowing
    /// 127.0.0.1 only, plus the DKIM records of `keys`.
    async fn standard_stub(keys: &[&DkimKey]) -> DnsStub {
        let mut records = vec![
            ("example.com".to_string(), SPF_LOCAL.to_string()),
            ("_dmarc.example.com".into(), "v=DMARC1; p=reject".into()),
            ("quarantine.example".into(), SPF_LOCAL.into()),
            (
                "_dmarc.quarantine.example".into(),
                "v=DMARC1; p=quarantine".into(),
            ),
            ("relaxed.example".into(), SPF_LOCAL.into()),
            ("_dmarc.relaxed.example".into(), "v=DMARC1; p=none".into()),
        ];
        for key in keys {
            records.push(key.dns_record());
        }
        let refs: Vec<(&str, &str)> = records
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        start_stub(zone(&refs)).await
    }

    fn local() -> IpAddr {
        IpAddr::from([127, 0, 0, 1])
    }

    fn stranger() -> IpAddr {
        IpAddr::from([10, 9, 9, 9])
    }

    // ----- in an SMTP session ----------------------------------------------

    /// Drives a real inbound session (peer 10.9.9.9) with the verifier on, sending `raw`
    /// from `mail_from` to annv@; returns the reply to the end of DATA.
    async fn inbound(
        verifier: Verifier,
        mail_from: &str,
        raw: &[u8],
    ) -> (String, storage::Store, tempfile::TempDir) {
        let (dir, store) = crate::test_support::store_with_annv();
        let mut smtp = crate::Smtp::new(
            crate::SmtpConfig {
                hostname: HOST.into(),
                ..Default::default()
            },
            store.clone(),
            crate::test_support::logins(),
        );
        smtp.verifier = Some(verifier);
        let (mut client, server) = tokio::io::duplex(1 << 16);
        let peer = "10.9.9.9:4000".parse().unwrap();
        tokio::spawn(async move {
            let mut session = crate::Session::new(
                server,
                Arc::new(smtp),
                crate::Mode::Inbound,
                peer,
                false,
                false,
            );
            session.run(true).await;
        });
        let mut script = format!("EHLO mail.example.com\r\nMAIL FROM:<{mail_from}>\r\nRCPT TO:<annv@x.gov.vn>\r\nDATA\r\n").into_bytes();
        client.write_all(&script).await.unwrap();
        script.clear();
        let mut seen = String::new();
        let mut buf = [0u8; 4096];
        while !seen.contains("354 ") {
            let n = client.read(&mut buf).await.unwrap();
            assert!(n > 0, "{seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        client.write_all(raw).await.unwrap();
        client.write_all(b"\r\n.\r\nQUIT\r\n").await.unwrap();
        let mut rest = String::new();
        while !rest.contains("221 ") {
            let n = client.read(&mut buf).await.unwrap();
            assert!(n > 0, "{rest}");
            rest.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        let reply = rest.lines().next().unwrap_or("").to_string();
        (reply, store, dir)
    }

    fn mailbox(store: &storage::Store, name: &str) -> Vec<String> {
        let account = store.get_account("annv@x.gov.vn").unwrap();
        let mailbox = store.get_mailbox(account.id, name).unwrap();
        store
            .messages(account.id, mailbox.id, 1..=u32::MAX)
            .unwrap()
            .iter()
            .map(|m| {
                String::from_utf8_lossy(&store.read_message(account.id, mailbox.id, m.uid).unwrap())
                    .into_owned()
            })
            .collect()
    }

    #[tokio::test]
    async fn sessions_record_results_and_honour_dmarc_reject_and_quarantine() {
        let key = ed_key("example.com");
        let qkey = ed_key("quarantine.example");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();

        // Signed by the From domain: DMARC passes through DKIM; the result is recorded and a
        // forged result claiming to be ours is dropped.
        let mut forged =
            format!("Authentication-Results: {HOST}; dkim=pass; spf=pass\r\n").into_bytes();
        forged.extend_from_slice(&signed(&key, &message("alice@example.com", "ok")));
        let (reply, store, _dir) = inbound(verifier.clone(), "alice@example.com", &forged).await;
        assert!(reply.starts_with("250 "), "{reply}");
        let inbox = mailbox(&store, "INBOX");
        assert_eq!(inbox.len(), 1);
        assert_eq!(
            inbox[0].matches("Authentication-Results:").count(),
            1,
            "{}",
            inbox[0]
        );
        assert!(
            inbox[0].contains("dkim=pass") && inbox[0].contains("dmarc=pass"),
            "{}",
            inbox[0]
        );

        // Unsigned, from an IP the SPF record does not permit: p=reject → refused.
        let raw = message("alice@example.com", "forged");
        let (reply, store, _dir) = inbound(verifier.clone(), "alice@example.com", &raw).await;
        assert!(reply.starts_with("550 5.7.1"), "{reply}");
        assert!(mailbox(&store, "INBOX").is_empty());

        // p=quarantine → delivered into Junk.
        let raw = signed(&qkey, &message("bob@quarantine.example", "suspicious"));
        let (reply, store, _dir) = inbound(verifier, "bob@quarantine.example", &raw).await;
        assert!(reply.starts_with("250 "), "{reply}");
        assert!(mailbox(&store, "INBOX").is_empty());
        assert_eq!(mailbox(&store, "Junk").len(), 1);
    }

    // ----- verification ---------------------------------------------------

    #[tokio::test]
    async fn signed_message_from_permitted_ip_passes_everything() {
        let key = ed_key("example.com");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let raw = signed(&key, &message("alice@example.com", "Hello body"));

        let verdict = verifier
            .verify(&raw, local(), "mail.example.com", "alice@example.com", HOST)
            .await;
        let h = &verdict.header;
        assert_well_formed(h);
        assert!(
            h.starts_with("Authentication-Results: mx.test;\r\n\tspf=pass "),
            "{h}"
        );
        assert!(h.contains("smtp.mailfrom=alice@example.com"), "{h}");
        assert!(
            h.contains("dkim=pass header.d=example.com header.s=s1 header.a=ed25519-sha256"),
            "{h}"
        );
        assert!(
            h.contains("dmarc=pass (p=reject) header.from=example.com"),
            "{h}"
        );
        assert_eq!(verdict.dmarc, DmarcAction::None);
        // Order: spf, dkim, dmarc.
        let (spf, dkim, dmarc) = (
            h.find("spf=").unwrap(),
            h.find("dkim=").unwrap(),
            h.find("dmarc=").unwrap(),
        );
        assert!(spf < dkim && dkim < dmarc, "{h}");
    }

    #[tokio::test]
    async fn dkim_alone_passes_dmarc_from_a_foreign_ip() {
        let key = ed_key("example.com");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let raw = signed(&key, &message("alice@example.com", "Hello body"));

        let verdict = verifier
            .verify(
                &raw,
                stranger(),
                "mail.example.com",
                "alice@example.com",
                HOST,
            )
            .await;
        assert!(verdict.header.contains("spf=fail "), "{}", verdict.header);
        assert!(verdict.header.contains("dkim=pass "), "{}", verdict.header);
        assert!(verdict.header.contains("dmarc=pass "), "{}", verdict.header);
        assert_eq!(verdict.dmarc, DmarcAction::None);
    }

    #[tokio::test]
    async fn tampered_body_fails_dkim() {
        let key = ed_key("example.com");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let raw = signed(&key, &message("alice@example.com", "Pay 10 EUR"));
        let tampered = String::from_utf8(raw)
            .unwrap()
            .replace("Pay 10 EUR", "Pay 99 EUR")
            .into_bytes();

        // SPF still passes and is aligned, so DMARC passes.
        let verdict = verifier
            .verify(
                &tampered,
                local(),
                "mail.example.com",
                "alice@example.com",
                HOST,
            )
            .await;
        let h = &verdict.header;
        assert_well_formed(h);
        assert!(
            h.contains("dkim=fail (body hash did not verify) header.d=example.com"),
            "{h}"
        );
        assert!(h.contains("dmarc=pass "), "{h}");
        assert_eq!(verdict.dmarc, DmarcAction::None);

        // From a foreign IP nothing aligned passes: DMARC fails, p=reject.
        let verdict = verifier
            .verify(
                &tampered,
                stranger(),
                "mail.example.com",
                "alice@example.com",
                HOST,
            )
            .await;
        assert!(verdict.header.contains("dkim=fail "), "{}", verdict.header);
        assert!(verdict.header.contains("dmarc=fail "), "{}", verdict.header);
        assert_eq!(verdict.dmarc, DmarcAction::Reject);
    }

    #[tokio::test]
    async fn tampered_header_fails_dkim_signature() {
        let key = ed_key("example.com");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let raw = signed(&key, &message("alice@example.com", "Hello"));
        let tampered = String::from_utf8(raw)
            .unwrap()
            .replace("Subject: Hello", "Subject: Urgent")
            .into_bytes();
        let verdict = verifier
            .verify(&tampered, stranger(), "x", "alice@example.com", HOST)
            .await;
        assert!(
            verdict
                .header
                .contains("dkim=fail (signature did not verify)"),
            "{}",
            verdict.header
        );
        assert_eq!(verdict.dmarc, DmarcAction::Reject);
    }

    #[tokio::test]
    async fn spf_fail_without_dkim_applies_the_dmarc_policy() {
        let stub = standard_stub(&[]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();

        let cases = [
            ("example.com", DmarcAction::Reject, "(p=reject)"),
            (
                "quarantine.example",
                DmarcAction::Quarantine,
                "(p=quarantine)",
            ),
            ("relaxed.example", DmarcAction::None, "(p=none)"),
        ];
        for (domain, action, policy) in cases {
            let from = format!("alice@{domain}");
            let verdict = verifier
                .verify(&message(&from, "hi"), stranger(), "evil.test", &from, HOST)
                .await;
            let h = &verdict.header;
            assert_well_formed(h);
            assert!(h.contains("spf=fail "), "{h}");
            assert!(h.contains("dkim=none (message not signed)"), "{h}");
            assert!(
                h.contains(&format!("dmarc=fail {policy} header.from={domain}")),
                "{h}"
            );
            assert_eq!(verdict.dmarc, action, "{domain}");

            // The same message from the permitted IP passes.
            let verdict = verifier
                .verify(&message(&from, "hi"), local(), "ok.test", &from, HOST)
                .await;
            assert!(verdict.header.contains("dmarc=pass "), "{}", verdict.header);
            assert_eq!(verdict.dmarc, DmarcAction::None);
        }
    }

    #[tokio::test]
    async fn no_records_gives_none_results() {
        let stub = start_stub(zone(&[])).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let verdict = verifier
            .verify(
                &message("a@nowhere.example", "hi"),
                stranger(),
                "h.example",
                "a@nowhere.example",
                HOST,
            )
            .await;
        let h = &verdict.header;
        assert!(h.contains("spf=none "), "{h}");
        assert!(h.contains("dkim=none "), "{h}");
        assert!(
            h.contains("dmarc=none (no DMARC record) header.from=nowhere.example"),
            "{h}"
        );
        assert_eq!(verdict.dmarc, DmarcAction::None);
    }

    #[tokio::test]
    async fn null_sender_is_checked_as_postmaster_at_helo() {
        let stub = start_stub(zone(&[("mail.example.com", SPF_LOCAL)])).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let raw = message("mailer-daemon@example.com", "bounce");
        for sender in ["", "<>"] {
            let verdict = verifier
                .verify(&raw, local(), "mail.example.com", sender, HOST)
                .await;
            let h = &verdict.header;
            assert!(
                h.contains(
                    "spf=pass (client 127.0.0.1 permitted) smtp.mailfrom=postmaster@mail.example.com"
                ),
                "{h}"
            );
        }
    }

    #[tokio::test]
    async fn long_txt_record_is_fetched_over_tcp() {
        // An SPF record too long for a 512-byte UDP answer.
        let mut spf = String::from("v=spf1");
        for i in 1..=60 {
            spf.push_str(&format!(" ip4:192.0.2.{i}"));
        }
        spf.push_str(" ip4:127.0.0.1 -all");
        assert!(spf.len() > 600);
        let stub = start_stub(zone(&[("big.example", &spf)])).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let verdict = verifier
            .verify(
                &message("a@big.example", "x"),
                local(),
                "h",
                "a@big.example",
                HOST,
            )
            .await;
        assert!(verdict.header.contains("spf=pass "), "{}", verdict.header);
        assert!(stub.tcp_queries.load(Ordering::SeqCst) > 0);
    }

    #[tokio::test]
    async fn silent_nameserver_gives_temperror_quickly() {
        // Bound but never read: queries vanish. Nothing listens on TCP.
        let silent = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let verifier = Verifier::with_nameserver(silent.local_addr().unwrap()).unwrap();
        let key = ed_key("example.com");
        let raw = signed(&key, &message("alice@example.com", "hi"));

        let started = std::time::Instant::now();
        let verdict = verifier
            .verify(&raw, local(), "mail.example.com", "alice@example.com", HOST)
            .await;
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(6), "took {elapsed:?}");
        let h = &verdict.header;
        assert_well_formed(h);
        assert!(h.contains("spf=temperror "), "{h}");
        assert!(
            h.contains("dkim=temperror (DNS error) header.d=example.com"),
            "{h}"
        );
        assert!(h.contains("dmarc=temperror "), "{h}");
        assert_eq!(verdict.dmarc, DmarcAction::None);
        drop(silent);
    }

    #[tokio::test]
    async fn unparsable_message_still_gets_a_header() {
        let stub = standard_stub(&[]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        for raw in [
            &b""[..],
            b"\x00\x01\x02 no headers here",
            b"\r\n\r\nbody only",
        ] {
            let verdict = verifier
                .verify(raw, local(), "mail.example.com", "alice@example.com", HOST)
                .await;
            let h = &verdict.header;
            assert_well_formed(h);
            assert!(h.contains("spf=pass "), "{h}");
            assert!(h.contains("dkim=none "), "{h}");
            assert!(h.contains("dmarc=none "), "{h}");
            assert_eq!(verdict.dmarc, DmarcAction::None);
        }
    }

    #[tokio::test]
    async fn hostile_input_cannot_inject_header_lines() {
        let stub = standard_stub(&[]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let verdict = verifier
            .verify(
                &message("alice@example.com", "x"),
                local(),
                "evil\r\nX-Injected: 1",
                "<\"a;b\"\r\nX-Injected: 2@example.com>",
                "mx.test\r\nX-Injected: 3",
            )
            .await;
        let h = &verdict.header;
        assert_well_formed(h);
        assert!(!h.contains("\nX-Injected"), "{h}");
        assert!(
            h.starts_with("Authentication-Results: mx.testX-Injected3;"),
            "{h}"
        );
    }

    #[tokio::test]
    async fn malformed_signatures_do_not_panic() {
        let key = ed_key("example.com");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let base = message("alice@example.com", "body");
        let good = key.sign(&base).unwrap();
        let bad_headers = [
            "DKIM-Signature: garbage\r\n".to_string(),
            "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=From; bh=; b=\r\n"
                .to_string(),
            "DKIM-Signature: v=1; a=ed25519-sha256; d=example.com; s=s1; l=99999; \
             h=From; bh=AAAA; b=AAAA\r\n"
                .to_string(),
            good.replace("a=ed25519-sha256", "a=rsa-sha256"),
            good.replace("d=example.com", "d=other.example"),
            good.replace("s=s1", "s=missing"),
        ];
        for bad in bad_headers {
            let mut raw = bad.into_bytes();
            raw.extend_from_slice(&base);
            let verdict = verifier
                .verify(&raw, stranger(), "h", "alice@example.com", HOST)
                .await;
            assert_well_formed(&verdict.header);
            assert!(!verdict.header.contains("dkim=pass"), "{}", verdict.header);
            assert_eq!(verdict.dmarc, DmarcAction::Reject, "{}", verdict.header);
        }
    }

    #[test]
    fn types_can_cross_tasks() {
        fn send_sync<T: Send + Sync>() {}
        fn send<T: Send>(_: &T) {}
        send_sync::<Verifier>();
        send_sync::<DkimKey>();
        let verifier = Verifier::with_nameserver("127.0.0.1:53".parse().unwrap()).unwrap();
        // The future must be Send for tokio::spawn.
        let future = verifier.verify(b"", IpAddr::from([127, 0, 0, 1]), "h", "", "mx");
        send(&future);
    }

    #[test]
    fn verifiers_can_be_built_outside_a_runtime() {
        Verifier::with_nameserver("127.0.0.1:53".parse().unwrap()).unwrap();
        // Works where /etc/resolv.conf names a server; otherwise it must be
        // an error (never a public-resolver fallback).
        match Verifier::system() {
            Ok(_) => assert!(std::path::Path::new("/etc/resolv.conf").exists()),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }

    // ----- keys and signing -----------------------------------------------

    #[tokio::test]
    async fn generated_rsa_key_signs_rsa_sha256_and_verifies() {
        let (key, pem) = DkimKey::generate("example.com", "govmail").unwrap();
        assert!(
            pem.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"),
            "{pem}"
        );
        let loaded = DkimKey::from_pem("example.com", "govmail", &pem).unwrap();
        let (name, value) = loaded.dns_record();
        assert_eq!(name, "govmail._domainkey.example.com");
        assert!(value.starts_with("v=DKIM1; k=rsa; p=MII"), "{value}");
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let header = loaded.sign(&message("a@example.com", "x")).unwrap();
        assert!(header.contains("a=rsa-sha256"), "{header}");
        let mut raw = header.into_bytes();
        raw.extend_from_slice(&message("a@example.com", "x"));
        let verdict = verifier
            .verify(&raw, stranger(), "h", "a@example.com", HOST)
            .await;
        assert!(verdict.header.contains("dkim=pass "), "{}", verdict.header);
    }

    #[tokio::test]
    async fn generated_key_round_trips_through_pem() {
        let started = std::time::Instant::now();
        let (key, pem) = DkimKey::generate_ed25519("Example.COM.", "s2024").unwrap();
        eprintln!("Ed25519 key generation took {:?}", started.elapsed());
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(pem.ends_with("-----END PRIVATE KEY-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));

        let loaded = DkimKey::from_pem("example.com", "s2024", &pem).unwrap();
        assert_eq!(loaded.dns_record(), key.dns_record());

        let (name, value) = loaded.dns_record();
        assert_eq!(name, "s2024._domainkey.example.com");
        let p = value.strip_prefix("v=DKIM1; k=ed25519; p=").unwrap();
        let public = mail_parser::decoders::base64::base64_decode(p.as_bytes()).unwrap();
        assert_eq!(public.len(), 32);

        // A signature made with the reloaded key verifies against the
        // record of the original one.
        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        let header = loaded.sign(&message("a@example.com", "x")).unwrap();
        assert!(
            header.starts_with(
                "DKIM-Signature: v=1; a=ed25519-sha256; s=s2024; d=example.com; c=relaxed/relaxed;"
            ),
            "{header}"
        );
        assert!(header.ends_with(";\r\n"));
        let mut raw = header.into_bytes();
        raw.extend_from_slice(&message("a@example.com", "x"));
        let verdict = verifier
            .verify(&raw, stranger(), "h", "a@example.com", HOST)
            .await;
        assert!(verdict.header.contains("dkim=pass "), "{}", verdict.header);
    }

    #[test]
    fn signature_covers_the_configured_headers() {
        let key = ed_key("example.com");
        let header = key.sign(&message("a@example.com", "x")).unwrap();
        let unfolded = header.replace("\r\n\t", "");
        let h = unfolded
            .split(';')
            .find_map(|tag| tag.trim().strip_prefix("h="))
            .unwrap()
            .to_ascii_lowercase();
        let listed: Vec<&str> = h.split(':').collect();
        for name in SIGNED_HEADERS {
            assert!(
                listed.contains(&name.to_ascii_lowercase().as_str()),
                "{name}: {h}"
            );
        }
        assert!(unfolded.contains("c=relaxed/relaxed"));
        assert!(unfolded.contains(" bh="));
    }

    // RSA-2048 test-only key (openssl genpkey), as PKCS#8 and as PKCS#1.
    const RSA_PKCS8: &str = "\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDmsJN15U9C/nsM
CSnnq+7tcdW3lvU7wJ6ftktEN9nfopJ4Rdf/wZi78jXbpsPR65kOgS6jC9zbYQQT
L5FqonJmAdYIJbw4WnUvNTiI5U8gKCow4jugTLzhcu3OjOaxjBhnSMckjJIHgRdS
uzMDJsprHbTFWYf6WS9M2vsIvB7YrClf4ncR9kInleAInelysXcx/OzL2BUuba4R
RTeiXHxxA8lPigjnccGCd+Te/ffVikCQM1p2apVChbnplYNqBmUxfVZrln+Od0be
0qcqU2OEvaHlV4jKcOm2lctB5w5jH+TiyuStsGrw02IRrxjSPIWAxeWD3/4TXiIo
b938jJw/AgMBAAECggEAalB4NP4wECTtmjdi65TOMPmkT86vSBFWSS6e81p1+12V
+P3fNMwI0p0mewsY9daJHCkm0Bd4elX0pc7nSmiBJke0Vt7lJmdx2AbD/jsHwz8f
apXoetDCv3fS5r0C2FJDMN5WgJ6T8gdpM0R4lvw6jzEKjWTciOCvLtFAnd7srFeT
IrST4szRdZIIoDPbQ/dEi5hmZ63ooMonBSX8hg8vxYsymyh3HyA6su0Gw24/pft0
LCBfgRUoXPwK49JCGZh8OWghNlPAbcsPVWDRFOZqbHkHbggetqSlwWGW1OHA664J
8tsiAUCdztKQidJhUZ2uzVl957q8CdzcCRLhnoiZaQKBgQD+epkyrjEekexl2e0n
c2Kd+6HfbaCh9CrqlGXe4AUM6oyp53fpSnziku25Spe4h3B8LLgzh+ZrJy7bplGI
CGQRW2uQBht6ZHzhpJyYVG341TbNqN5UvZy8vyqsnEJ8mMjOSptC6MwecUPiqCEb
+yzcqJgc7EGeefbt4kRZ4jeNewKBgQDoEZNb8PcnT42Sm6/9sfOiVwoddpdCjXZ+
f84Z0xnb7UVO3nZxW+IqdJKSk27bs680sL5TzLeImrIp/y1AAztuPWN8lW3xnR7B
nKIJvEK1h4zUs671y8og1CFInbiow91pBjZJZ1zReWU1PoXVI30zFl+CjamUpTPb
iiXmKG83DQKBgFKtKhCZH0Q7TH5aqv3iMuv40MJyL3nuhfLoe6BJT9q+aSzaEs8s
cB58ddd5MIm3FwiAzuePA4FUnZinFF4Ju9kXxn5oPY0qEJiOjoG/DGuHeeKfNnx5
je6UfRzPN5qbWMIM4xx93bMWQWPmE7uvgwe9jo33A+qk3WCz3lkFcd75AoGAKffj
umDdkZJle/oD3dFsyhMLlUB5ImQK5d2fHDR9HLTQL+8zZFTFlf/28eMPzVO1f8Xm
5ajEGERBrC6ltEnhWZJoh4NOmr9bbJAzDaeqOMIGygCkx3bPWxiB3GwJlRu20uN4
tdWnh4p4ryRbd6wvXCnTo/ySintF4ZIeQH1Xf5ECgYEA1ADI1hh+aaAieIWWnZ/S
aMJjxwqVdY21bnCPGNPqUcSwZcHF/zSbREM07rSz513s14nKZxj+fMZLlCG7wQT3
OF6Faa4ZjJATYoK4C0QvixDYD79tkS+tqXECfVKUITfikPLZ5/dEk4rxNZ5UKsiy
hZL6e3RTVIa+UYWdy1ShIYE=
-----END PRIVATE KEY-----
";
    const RSA_PKCS1: &str = "\
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA5rCTdeVPQv57DAkp56vu7XHVt5b1O8Cen7ZLRDfZ36KSeEXX
/8GYu/I126bD0euZDoEuowvc22EEEy+RaqJyZgHWCCW8OFp1LzU4iOVPICgqMOI7
oEy84XLtzozmsYwYZ0jHJIySB4EXUrszAybKax20xVmH+lkvTNr7CLwe2KwpX+J3
EfZCJ5XgCJ3pcrF3Mfzsy9gVLm2uEUU3olx8cQPJT4oI53HBgnfk3v331YpAkDNa
dmqVQoW56ZWDagZlMX1Wa5Z/jndG3tKnKlNjhL2h5VeIynDptpXLQecOYx/k4srk
rbBq8NNiEa8Y0jyFgMXlg9/+E14iKG/d/IycPwIDAQABAoIBAGpQeDT+MBAk7Zo3
YuuUzjD5pE/Or0gRVkkunvNadftdlfj93zTMCNKdJnsLGPXWiRwpJtAXeHpV9KXO
50pogSZHtFbe5SZncdgGw/47B8M/H2qV6HrQwr930ua9AthSQzDeVoCek/IHaTNE
eJb8Oo8xCo1k3Ijgry7RQJ3e7KxXkyK0k+LM0XWSCKAz20P3RIuYZmet6KDKJwUl
/IYPL8WLMpsodx8gOrLtBsNuP6X7dCwgX4EVKFz8CuPSQhmYfDloITZTwG3LD1Vg
0RTmamx5B24IHrakpcFhltThwOuuCfLbIgFAnc7SkInSYVGdrs1Zfee6vAnc3AkS
4Z6ImWkCgYEA/nqZMq4xHpHsZdntJ3Ninfuh322gofQq6pRl3uAFDOqMqed36Up8
4pLtuUqXuIdwfCy4M4fmaycu26ZRiAhkEVtrkAYbemR84aScmFRt+NU2zajeVL2c
vL8qrJxCfJjIzkqbQujMHnFD4qghG/ss3KiYHOxBnnn27eJEWeI3jXsCgYEA6BGT
W/D3J0+Nkpuv/bHzolcKHXaXQo12fn/OGdMZ2+1FTt52cVviKnSSkpNu27OvNLC+
U8y3iJqyKf8tQAM7bj1jfJVt8Z0ewZyiCbxCtYeM1LOu9cvKINQhSJ24qMPdaQY2
SWdc0XllNT6F1SN9MxZfgo2plKUz24ol5ihvNw0CgYBSrSoQmR9EO0x+Wqr94jLr
+NDCci957oXy6HugSU/avmks2hLPLHAefHXXeTCJtxcIgM7njwOBVJ2YpxReCbvZ
F8Z+aD2NKhCYjo6Bvwxrh3ninzZ8eY3ulH0czzeam1jCDOMcfd2zFkFj5hO7r4MH
vY6N9wPqpN1gs95ZBXHe+QKBgCn347pg3ZGSZXv6A93RbMoTC5VAeSJkCuXdnxw0
fRy00C/vM2RUxZX/9vHjD81TtX/F5uWoxBhEQawupbRJ4VmSaIeDTpq/W2yQMw2n
qjjCBsoApMd2z1sYgdxsCZUbttLjeLXVp4eKeK8kW3esL1wp06P8kop7ReGSHkB9
V3+RAoGBANQAyNYYfmmgIniFlp2f0mjCY8cKlXWNtW5wjxjT6lHEsGXBxf80m0RD
NO60s+dd7NeJymcY/nzGS5Qhu8EE9zhehWmuGYyQE2KCuAtEL4sQ2A+/bZEvralx
An1SlCE34pDy2ef3RJOK8TWeVCrIsoWS+nt0U1SGvlGFnctUoSGB
-----END RSA PRIVATE KEY-----
";
    // `openssl pkey -in rsa2048.pem -pubout`, base64 body.
    const RSA_SPKI_B64: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA5rCTdeVPQv57DAkp56vu7XHVt5b1O8Cen7ZLRDfZ36KSeEXX/8GYu/I126bD0euZDoEuowvc22EEEy+RaqJyZgHWCCW8OFp1LzU4iOVPICgqMOI7oEy84XLtzozmsYwYZ0jHJIySB4EXUrszAybKax20xVmH+lkvTNr7CLwe2KwpX+J3EfZCJ5XgCJ3pcrF3Mfzsy9gVLm2uEUU3olx8cQPJT4oI53HBgnfk3v331YpAkDNadmqVQoW56ZWDagZlMX1Wa5Z/jndG3tKnKlNjhL2h5VeIynDptpXLQecOYx/k4srkrbBq8NNiEa8Y0jyFgMXlg9/+E14iKG/d/IycPwIDAQAB";

    #[tokio::test]
    async fn rsa_key_from_openssl_signs_rsa_sha256() {
        let key = DkimKey::from_pem("example.com", "rsa1", RSA_PKCS8).unwrap();
        let pkcs1 = DkimKey::from_pem("example.com", "rsa1", RSA_PKCS1).unwrap();
        let (name, value) = key.dns_record();
        assert_eq!(name, "rsa1._domainkey.example.com");
        assert_eq!(value, format!("v=DKIM1; k=rsa; p={RSA_SPKI_B64}"));
        assert_eq!(pkcs1.dns_record(), key.dns_record());

        let stub = standard_stub(&[&key]).await;
        let verifier = Verifier::with_nameserver(stub.addr).unwrap();
        for signer in [&key, &pkcs1] {
            let raw = signed(signer, &message("alice@example.com", "Hello"));
            assert!(
                String::from_utf8_lossy(&raw).starts_with("DKIM-Signature: v=1; a=rsa-sha256;")
            );
            let verdict = verifier
                .verify(&raw, stranger(), "h", "alice@example.com", HOST)
                .await;
            assert!(
                verdict
                    .header
                    .contains("dkim=pass header.d=example.com header.s=rsa1 header.a=rsa-sha256"),
                "{}",
                verdict.header
            );
            assert!(verdict.header.contains("dmarc=pass "), "{}", verdict.header);
        }
    }

    #[test]
    fn bad_input_gives_readable_errors() {
        assert!(matches!(
            DkimKey::generate("not a domain", "s1"),
            Err(DkimError::InvalidDomain(_))
        ));
        assert!(matches!(
            DkimKey::generate("localhost", "s1"),
            Err(DkimError::InvalidDomain(_))
        ));
        assert!(matches!(
            DkimKey::generate("example.com", "s1; x=1"),
            Err(DkimError::InvalidSelector(_))
        ));
        let err = DkimKey::from_pem("example.com", "s1", "hello").unwrap_err();
        assert!(matches!(err, DkimError::InvalidPem(_)), "{err}");
        assert!(err.to_string().contains("DKIM private key"), "{err}");

        // A syntactically valid PKCS#8 PEM holding garbage.
        let junk = pem_encode("PRIVATE KEY", &[0x30, 0x03, 0x02, 0x01, 0x00]);
        let err = DkimKey::from_pem("example.com", "s1", &junk).unwrap_err();
        assert!(matches!(err, DkimError::UnsupportedKey(_)), "{err}");

        let key = ed_key("example.com");
        let err = key.sign(b"Subject: no from\r\n\r\nbody\r\n").unwrap_err();
        assert!(err.to_string().contains("no From header"), "{err}");
        let err = key
            .sign(b"Subject: x\r\n from: folded\r\n\r\nFrom: body@x\r\n")
            .unwrap_err();
        assert!(matches!(err, DkimError::Signing(_)));
        // Public fields are re-validated when signing.
        let mut key = key;
        key.domain = "bad domain".into();
        assert!(matches!(
            key.sign(&message("a@example.com", "x")),
            Err(DkimError::InvalidDomain(_))
        ));
    }

    #[test]
    fn base64_and_der_helpers() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        let mut v = Vec::new();
        der_len(&mut v, 0x7f);
        der_len(&mut v, 0x80);
        der_len(&mut v, 0x10e);
        assert_eq!(v, [0x7f, 0x81, 0x80, 0x82, 0x01, 0x0e]);
    }
}
