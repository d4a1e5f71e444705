//! `govmail.toml`: reading it, and writing the commented template that `govmail init` creates.
//!
//! Relative paths in the file are relative to the file's own directory, so a configuration
//! directory can be moved as a whole.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::naming::AddressRule;
use crate::sizes::parse_size;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    #[serde(default)]
    pub storage: StorageSection,
    #[serde(default)]
    pub tls: TlsConfig,
    #[serde(default)]
    pub listen: ListenConfig,
    #[serde(default)]
    pub accounts: AccountsConfig,
    #[serde(default)]
    pub smtp: SmtpSection,
    #[serde(default)]
    pub queue: QueueSection,
    #[serde(default)]
    pub relay: RelaySection,
    #[serde(default)]
    pub policy: PolicySection,
    #[serde(default)]
    pub report: ReportSection,
    #[serde(default)]
    pub sieve: SieveSection,
    #[serde(default)]
    pub limits: LimitsSection,
    #[serde(default)]
    pub web: WebSection,
    #[serde(default)]
    pub signatures: SignaturesSection,
    /// The directory holding the config file; relative paths are resolved against it.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// The file this configuration was read from (re-read on SIGHUP).
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// The server's name (greeting banners, Received headers, the TLS certificate).
    pub hostname: String,
    /// Domain used by `govmail user add` and `import` when no domain is given.
    pub default_domain: String,
    #[serde(default = "default_data_dir")]
    pub data_dir: PathBuf,
    /// The agency running the server ("Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"): the
    /// certificate's O=, and the provider name mail clients show.
    pub organization: Option<String>,
}

fn default_data_dir() -> PathBuf {
    PathBuf::from("data")
}

/// `[storage]`: where the metadata is (SQLite in the data directory, the default, or a
/// PostgreSQL database several nodes share) and the data directory's disk.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageSection {
    /// "sqlite" (the default: `govmail.db` in the data directory, one node) or "postgres"
    /// (a database several govmail nodes share; `url` says where).
    #[serde(default = "default_store_backend")]
    pub backend: String,
    /// `postgres://user@host[:port]/dbname?sslmode=require`, for `backend = "postgres"`. A
    /// password in it is allowed but better kept in `password_file` or `PGPASSWORD`; it is
    /// never logged nor shown by `govmail check`.
    pub url: Option<String>,
    /// A file whose first line is the database password (readable by govmail only).
    pub password_file: Option<PathBuf>,
    /// PEM certificates of a private CA that signed the database server's certificate.
    pub ca_file: Option<PathBuf>,
    /// Connections to the database this node keeps open at most.
    #[serde(default = "default_pool_size")]
    pub pool_size: usize,
    /// Free space kept on the data directory's file system; below it new mail is refused
    /// with a temporary error. A size ("256MiB"); "0" keeps no reserve.
    #[serde(default = "default_min_free_space")]
    pub min_free_space: String,
    /// `[storage.blobs]`: where message contents are kept.
    #[serde(default)]
    pub blobs: BlobsSection,
}

fn default_store_backend() -> String {
    "sqlite".into()
}

fn default_pool_size() -> usize {
    16
}

fn default_min_free_space() -> String {
    "256MiB".into()
}

impl Default for StorageSection {
    fn default() -> Self {
        StorageSection {
            backend: default_store_backend(),
            url: None,
            password_file: None,
            ca_file: None,
            pool_size: default_pool_size(),
            min_free_space: default_min_free_space(),
            blobs: BlobsSection::default(),
        }
    }
}

/// Shows the database URL without its password (the configuration is logged and debugged).
impl std::fmt::Debug for StorageSection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorageSection")
            .field("backend", &self.backend)
            .field("url", &self.url.as_deref().map(storage::postgres::redacted))
            .field("password_file", &self.password_file)
            .field("ca_file", &self.ca_file)
            .field("pool_size", &self.pool_size)
            .field("min_free_space", &self.min_free_space)
            .field("blobs", &self.blobs)
            .finish()
    }
}

/// `[storage.blobs]`: message contents as files under the data directory (`backend =
/// "files"`, the default) or in an S3-compatible bucket (`backend = "s3"`). Small messages
/// stay in the database either way. Credentials are read from `credentials_file` or from
/// the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), never from
/// this file, and are never logged.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlobsSection {
    #[serde(default = "default_blob_backend")]
    pub backend: String,
    /// `https://s3.tinh.gov.vn:9000`.
    pub endpoint: Option<String>,
    pub bucket: Option<String>,
    #[serde(default = "default_region")]
    pub region: String,
    /// Put before every object name, to share a bucket (`govmail/`).
    #[serde(default)]
    pub prefix: String,
    /// `endpoint/bucket/object` (true, what self-hosted stores expect) or
    /// `bucket.endpoint/object`.
    #[serde(default = "default_true")]
    pub path_style: bool,
    /// A TOML file with `access_key_id`, `secret_access_key` and optionally `session_token`,
    /// readable by govmail only.
    pub credentials_file: Option<PathBuf>,
    /// PEM certificates of a private CA that signed the endpoint's certificate.
    pub ca_file: Option<PathBuf>,
    /// Longest wait for one request, in seconds.
    #[serde(default = "default_blob_timeout")]
    pub timeout_secs: u64,
}

fn default_blob_backend() -> String {
    "files".into()
}

fn default_region() -> String {
    "us-east-1".into()
}

fn default_blob_timeout() -> u64 {
    60
}

impl Default for BlobsSection {
    fn default() -> Self {
        BlobsSection {
            backend: default_blob_backend(),
            endpoint: None,
            bucket: None,
            region: default_region(),
            prefix: String::new(),
            path_style: true,
            credentials_file: None,
            ca_file: None,
            timeout_secs: default_blob_timeout(),
        }
    }
}

/// What `[storage.blobs] credentials_file` holds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct S3Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// Obtain and renew `cert`/`key` from an ACME CA (RFC 8555), e.g. Let's Encrypt.
    pub acme: Option<AcmeConfig>,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            cert: PathBuf::from("tls/cert.pem"),
            key: PathBuf::from("tls/key.pem"),
            acme: None,
        }
    }
}

/// `[tls] acme = { directory = "…", contact = "…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcmeConfig {
    /// The CA's directory URL (https), e.g. https://acme-v02.api.letsencrypt.org/directory.
    pub directory: String,
    /// The e-mail address the CA writes to about the account (expiry, incidents).
    pub contact: String,
    /// How the CA checks that we hold the names: "http-01" (the default: it fetches a file
    /// from `[listen] http`, which must be reachable from the Internet on port 80) or
    /// "tls-alpn-01" (RFC 8737: it opens a TLS connection to `[listen] https`, which must be
    /// reachable on port 443; for servers that keep port 80 closed).
    #[serde(default = "default_acme_challenge")]
    pub challenge: String,
    /// Order a new certificate when the current one has fewer days left than this.
    #[serde(default = "default_renew_before_days")]
    pub renew_before_days: u32,
    /// The names the certificate covers; default: `[server] hostname`.
    #[serde(default)]
    pub names: Vec<String>,
    /// A PEM CA certificate to trust for the directory's own HTTPS (a private or test CA);
    /// default: the system's roots.
    pub ca_file: Option<PathBuf>,
}

impl AcmeConfig {
    /// Whether the CA validates with TLS-ALPN-01 (RFC 8737) rather than HTTP-01.
    pub fn tls_alpn(&self) -> bool {
        self.challenge == "tls-alpn-01"
    }
}

fn default_acme_challenge() -> String {
    "http-01".to_string()
}

fn default_renew_before_days() -> u32 {
    30
}

/// Listening addresses; a missing key means that service is off.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenConfig {
    pub smtp: Option<SocketAddr>,
    pub submission: Option<SocketAddr>,
    pub submissions: Option<SocketAddr>,
    pub imap: Option<SocketAddr>,
    pub imaps: Option<SocketAddr>,
    pub pop3: Option<SocketAddr>,
    pub pop3s: Option<SocketAddr>,
    pub managesieve: Option<SocketAddr>,
    /// Prometheus metrics over HTTP (`GET /metrics`); keep it on loopback or an admin network.
    pub metrics: Option<SocketAddr>,
    /// HTTPS: mail clients' autoconfiguration, the MTA-STS policy, the setup page.
    pub https: Option<SocketAddr>,
    /// Plain HTTP: Thunderbird's fallback and a redirect to HTTPS.
    pub http: Option<SocketAddr>,
}

impl ListenConfig {
    /// (service, address) for every configured listener.
    pub fn all(&self) -> Vec<(&'static str, SocketAddr)> {
        [
            ("smtp", self.smtp),
            ("submission", self.submission),
            ("submissions", self.submissions),
            ("imap", self.imap),
            ("imaps", self.imaps),
            ("pop3", self.pop3),
            ("pop3s", self.pop3s),
            ("managesieve", self.managesieve),
        ]
        .into_iter()
        .filter_map(|(name, addr)| addr.map(|a| (name, a)))
        .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsConfig {
    #[serde(default)]
    pub address_rule: AddressRule,
    /// Quota for new accounts, e.g. "2GiB" or "unlimited".
    #[serde(default = "default_quota")]
    pub default_quota: String,
    /// Message-count limit for new accounts; absent means unlimited.
    #[serde(default)]
    pub default_quota_messages: Option<u64>,
}

fn default_quota() -> String {
    "2GiB".into()
}

impl Default for AccountsConfig {
    fn default() -> Self {
        AccountsConfig {
            address_rule: AddressRule::default(),
            default_quota: default_quota(),
            default_quota_messages: None,
        }
    }
}

/// `[smtp]`: limits of the SMTP service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSection {
    /// Largest message accepted, e.g. "50MiB".
    #[serde(default = "default_max_message_size")]
    pub max_message_size: String,
    #[serde(default = "default_max_recipients")]
    pub max_recipients: usize,
    /// "reject" (552 5.2.2) or "defer" (452 4.2.2: the sender retries later).
    #[serde(default = "default_over_quota")]
    pub over_quota: String,
    /// Allow AUTH without TLS from 127.0.0.1/::1 (tests, a local webmail).
    #[serde(default)]
    pub plaintext_auth_on_loopback: bool,
    #[serde(default = "default_max_connections_per_ip")]
    pub max_connections_per_ip: usize,
    /// Verify SPF, DKIM and DMARC of mail from other servers.
    #[serde(default = "default_true")]
    pub check_sender_auth: bool,
    /// DNS server for those checks ("ip:port"); default: the system's (/etc/resolv.conf).
    pub dns_resolver: Option<SocketAddr>,
    /// Quota percentages at which an account gets a warning message.
    #[serde(default = "default_quota_warnings")]
    pub quota_warnings: Vec<u8>,
}

fn default_quota_warnings() -> Vec<u8> {
    vec![75, 90]
}

fn default_true() -> bool {
    true
}

/// Postfix's default (smtpd_client_connection_count_limit).
fn default_max_connections_per_ip() -> usize {
    50
}

fn default_max_message_size() -> String {
    "50MiB".into()
}

fn default_max_recipients() -> usize {
    100
}

fn default_over_quota() -> String {
    "reject".into()
}

impl Default for SmtpSection {
    fn default() -> Self {
        SmtpSection {
            max_message_size: default_max_message_size(),
            max_recipients: default_max_recipients(),
            over_quota: default_over_quota(),
            plaintext_auth_on_loopback: false,
            max_connections_per_ip: default_max_connections_per_ip(),
            check_sender_auth: true,
            dns_resolver: None,
            quota_warnings: default_quota_warnings(),
        }
    }
}

/// `[queue]`: retries of outbound mail.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSection {
    #[serde(default = "default_retry_initial")]
    pub retry_initial: String,
    #[serde(default = "default_retry_max")]
    pub retry_max: String,
    #[serde(default = "default_give_up_after")]
    pub give_up_after: String,
    #[serde(default = "default_delay_notice_after")]
    pub delay_notice_after: String,
    #[serde(default = "default_poll_interval")]
    pub poll_interval: String,
}

fn default_retry_initial() -> String {
    "5m".into()
}
fn default_retry_max() -> String {
    "4h".into()
}
fn default_give_up_after() -> String {
    "5d".into()
}
fn default_delay_notice_after() -> String {
    "4h".into()
}
fn default_poll_interval() -> String {
    "5s".into()
}

impl Default for QueueSection {
    fn default() -> Self {
        QueueSection {
            retry_initial: default_retry_initial(),
            retry_max: default_retry_max(),
            give_up_after: default_give_up_after(),
            delay_notice_after: default_delay_notice_after(),
            poll_interval: default_poll_interval(),
        }
    }
}

/// `[relay]`: where outbound mail goes when not straight to the recipient's MX.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelaySection {
    /// "host:port" of the province's mail gateway; all remote mail goes there.
    pub smarthost: Option<String>,
    /// "none", "opportunistic" (default), "required" (STARTTLS) or "implicit" (port 465).
    pub smarthost_tls: Option<String>,
    pub smarthost_user: Option<String>,
    pub smarthost_password: Option<String>,
    /// Static routes: recipient domain → "host:port" (private networks, tests).
    #[serde(default)]
    pub routes: std::collections::BTreeMap<String, String>,
    /// Honour recipient domains' MTA-STS policies (RFC 8461); default true.
    pub mta_sts: Option<bool>,
    /// Honour DANE TLSA records (RFC 7672), trusting the AD bit of `[smtp] dns_resolver`,
    /// which must then be a validating resolver; default false.
    #[serde(default)]
    pub dane: bool,
    /// Recipient domains whose mail leaves only over verified TLS.
    #[serde(default)]
    pub require_tls: Vec<String>,
    /// A PEM file of CA certificates trusted besides the system's for MTA-STS and
    /// require_tls (the government's own CA).
    pub tls_ca_file: Option<PathBuf>,
    /// Send daily TLS-RPT reports (RFC 8460); default true.
    pub tls_reports: Option<bool>,
    /// Tests only: the port of MX hosts (25) and of MTA-STS policy hosts (443).
    pub mx_port: Option<u16>,
    pub mta_sts_port: Option<u16>,
}

/// `[report]`: how the usage report counts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    /// A user is "regular" when active in at least this percentage of the period's weeks.
    #[serde(default = "default_regular_weeks")]
    pub regular_weeks_percent: u8,
    /// The province's target share of regular users (the line on the HTML chart).
    #[serde(default = "default_target")]
    pub target_percent: u8,
    /// The issuing body printed at the head of the HTML report and in the CSV
    /// ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH QUẢNG NGÃI"); absent: none printed.
    pub issuer: Option<String>,
    /// The place written before the report's date ("Quảng Ngãi, ngày … tháng … năm …").
    pub place: Option<String>,
}

fn default_regular_weeks() -> u8 {
    75
}

fn default_target() -> u8 {
    85
}

impl Default for ReportSection {
    fn default() -> Self {
        ReportSection {
            regular_weeks_percent: default_regular_weeks(),
            target_percent: default_target(),
            issuer: None,
            place: None,
        }
    }
}

/// `[sieve]`: mail filters (RFC 5228) at local delivery.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SieveSection {
    /// The admin-wide script run before each recipient's own; absent: none.
    pub global_script: Option<PathBuf>,
    #[serde(default = "default_max_redirects_per_hour")]
    pub max_redirects_per_hour: u32,
    #[serde(default = "default_sieve_max_redirects")]
    pub max_redirects: usize,
}

fn default_max_redirects_per_hour() -> u32 {
    smtp::filter::SieveSettings::default().max_redirects_per_hour
}

fn default_sieve_max_redirects() -> usize {
    policy::sieve::Limits::default().max_redirects
}

impl Default for SieveSection {
    fn default() -> Self {
        SieveSection {
            global_script: None,
            max_redirects_per_hour: default_max_redirects_per_hour(),
            max_redirects: default_sieve_max_redirects(),
        }
    }
}

/// `[signatures]`: the signature check of PDF documents attached to official documents
/// (Nghị định 30/2020 Điều 21.2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignaturesSection {
    /// Off: attachments are not checked and no X-Govmail-Signature field is added.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// PEM files of the CA certificates a signer's chain must reach (each may hold several).
    #[serde(default)]
    pub trust_anchors: Vec<PathBuf>,
}

fn yes() -> bool {
    true
}

impl Default for SignaturesSection {
    fn default() -> Self {
        SignaturesSection {
            enabled: true,
            trust_anchors: Vec::new(),
        }
    }
}

/// `[limits]`: what one client may hold, on every service (issue 17).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    #[serde(default = "default_imap_per_ip")]
    pub imap_connections_per_ip: usize,
    #[serde(default = "default_pop3_per_ip")]
    pub pop3_connections_per_ip: usize,
    #[serde(default = "default_managesieve_per_ip")]
    pub managesieve_connections_per_ip: usize,
    /// Networks ("10.20.0.0/16", "127.0.0.1") whose connections no per-IP cap counts.
    #[serde(default)]
    pub exempt_networks: Vec<String>,
    #[serde(default = "default_handshake")]
    pub tls_handshake_timeout: String,
    #[serde(default = "default_command_deadline")]
    pub command_deadline: String,
    /// Bytes per second.
    #[serde(default = "default_min_rate")]
    pub transfer_min_rate: u32,
}

fn default_imap_per_ip() -> usize {
    imap::ConnectionsPerIp::default().imap
}
fn default_pop3_per_ip() -> usize {
    imap::ConnectionsPerIp::default().pop3
}
fn default_managesieve_per_ip() -> usize {
    imap::ConnectionsPerIp::default().managesieve
}
fn default_handshake() -> String {
    format!("{}s", netlimits::Deadlines::default().handshake.as_secs())
}
fn default_command_deadline() -> String {
    format!("{}s", netlimits::Deadlines::default().line.as_secs())
}
fn default_min_rate() -> u32 {
    netlimits::Deadlines::default().min_rate
}

impl Default for LimitsSection {
    fn default() -> Self {
        LimitsSection {
            imap_connections_per_ip: default_imap_per_ip(),
            pop3_connections_per_ip: default_pop3_per_ip(),
            managesieve_connections_per_ip: default_managesieve_per_ip(),
            exempt_networks: Vec::new(),
            tls_handshake_timeout: default_handshake(),
            command_deadline: default_command_deadline(),
            transfer_min_rate: default_min_rate(),
        }
    }
}

/// `[web]`: what the HTTPS listener publishes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSection {
    /// MTA-STS (RFC 8461) mode: "testing", "enforce" or "none".
    #[serde(default = "default_mta_sts_mode")]
    pub mta_sts_mode: String,
    /// How long senders keep the MTA-STS policy, e.g. "7d".
    #[serde(default = "default_mta_sts_max_age")]
    pub mta_sts_max_age: String,
    /// The web console logs a user out after this long without a request, e.g. "30m".
    /// Read at start (a reload keeps the running sessions and their timeout).
    #[serde(default = "default_console_idle")]
    pub console_idle: String,
}

fn default_console_idle() -> String {
    "30m".into()
}

fn default_mta_sts_mode() -> String {
    "testing".into()
}

fn default_mta_sts_max_age() -> String {
    "7d".into()
}

impl Default for WebSection {
    fn default() -> Self {
        WebSection {
            mta_sts_mode: default_mta_sts_mode(),
            mta_sts_max_age: default_mta_sts_max_age(),
            console_idle: default_console_idle(),
        }
    }
}

impl Config {
    /// The web console's session settings (`[web] console_idle`).
    pub fn session_config(&self) -> Result<auth::SessionConfig, String> {
        let idle = parse_duration(&self.web.console_idle)
            .map_err(|e| format!("[web] console_idle: {e}"))?;
        if idle.as_secs() < 60 || idle.as_secs() > 24 * 3600 {
            return Err("[web] console_idle must be between 1m and 24h (e.g. \"30m\")".into());
        }
        Ok(auth::SessionConfig {
            idle,
            ..auth::SessionConfig::default()
        })
    }

    /// What the HTTPS listener tells mail clients, from `[server]`, `[listen]` and `[web]`.
    pub fn mail_settings(&self) -> Result<web::MailSettings, String> {
        let mode = web::mta_sts::Mode::parse(&self.web.mta_sts_mode).ok_or_else(|| {
            format!(
                "[web] mta_sts_mode = \"{}\": use \"testing\", \"enforce\" or \"none\"",
                self.web.mta_sts_mode
            )
        })?;
        let max_age = parse_duration(&self.web.mta_sts_max_age)
            .map_err(|e| format!("[web] mta_sts_max_age: {e}"))?
            .as_secs();
        // RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year).
        if max_age == 0 || max_age > 31_557_600 {
            return Err("[web] mta_sts_max_age must be between 1s and 365d".into());
        }
        let l = &self.listen;
        let port = |a: Option<SocketAddr>| a.map(|a| a.port());
        Ok(web::MailSettings {
            hostname: self.server.hostname.clone(),
            organization: self.server.organization.clone(),
            imaps: port(l.imaps),
            imap: port(l.imap),
            pop3s: port(l.pop3s),
            pop3: port(l.pop3),
            submissions: port(l.submissions),
            submission: port(l.submission),
            https: port(l.https),
            mta_sts: web::mta_sts::Policy { mode, max_age },
        })
    }
}

/// `[limits]` as the services take it.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    pub per_ip: imap::ConnectionsPerIp,
    pub exempt: Vec<netlimits::Network>,
    pub deadlines: netlimits::Deadlines,
}

impl Config {
    /// The connection limits; errors name the key to fix.
    pub fn limits(&self) -> Result<Limits, String> {
        let l = &self.limits;
        let exempt = l
            .exempt_networks
            .iter()
            .map(|n| {
                n.parse()
                    .map_err(|e| format!("[limits] exempt_networks: {e}"))
            })
            .collect::<Result<_, _>>()?;
        let duration = |key: &str, text: &str| match parse_duration(text) {
            Ok(d) if !d.is_zero() => Ok(d),
            Ok(_) => Err(format!("[limits] {key} must be more than 0")),
            Err(e) => Err(format!("[limits] {key}: {e}")),
        };
        if l.transfer_min_rate == 0 {
            return Err("[limits] transfer_min_rate must be at least 1 (bytes per second)".into());
        }
        let caps = [
            ("imap_connections_per_ip", l.imap_connections_per_ip),
            ("pop3_connections_per_ip", l.pop3_connections_per_ip),
            (
                "managesieve_connections_per_ip",
                l.managesieve_connections_per_ip,
            ),
        ];
        if let Some((key, _)) = caps.iter().find(|(_, n)| *n == 0) {
            return Err(format!("[limits] {key} must be at least 1"));
        }
        Ok(Limits {
            per_ip: imap::ConnectionsPerIp {
                imap: l.imap_connections_per_ip,
                pop3: l.pop3_connections_per_ip,
                managesieve: l.managesieve_connections_per_ip,
            },
            exempt,
            deadlines: netlimits::Deadlines {
                handshake: duration("tls_handshake_timeout", &l.tls_handshake_timeout)?,
                line: duration("command_deadline", &l.command_deadline)?,
                min_rate: l.transfer_min_rate,
            },
        })
    }
}

/// `[policy]`: the exchange rules for official documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySection {
    /// False turns recognition and the document rules off (benchmarks; see PolicyConfig).
    #[serde(default = "default_true")]
    pub enabled: bool,
    #[serde(default = "default_official_domains")]
    pub official_domains: Vec<String>,
    /// Ids of the types that must be exchanged electronically; default: the national list.
    pub mandatory: Option<Vec<String>>,
    #[serde(default = "default_external")]
    pub external_mandatory: String,
    /// `[policy.agencies.CODE]`: an agency's own rules for mail its staff (and the staff of
    /// the agencies under it) send.
    #[serde(default)]
    pub agencies: std::collections::BTreeMap<String, AgencyPolicySection>,
    /// When receiving agencies send receipts of official documents: "delivered", "read"
    /// or "off" (Nghị định 30/2020 Điều 21.2).
    #[serde(default = "default_receipts")]
    pub receipts: String,
    /// `[policy.urgent]`: the time each urgency level has to be read.
    #[serde(default)]
    pub urgent: UrgentSection,
    /// `[policy.calendar]`: the working time those times count in.
    #[serde(default)]
    pub calendar: CalendarSection,
}

/// `[policy.urgent]`: durations such as "30m", "2h".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgentSection {
    #[serde(default = "default_hoa_toc")]
    pub hoa_toc: String,
    #[serde(default = "default_thuong_khan")]
    pub thuong_khan: String,
    #[serde(default = "default_khan")]
    pub khan: String,
}

impl Default for UrgentSection {
    fn default() -> Self {
        UrgentSection {
            hoa_toc: default_hoa_toc(),
            thuong_khan: default_thuong_khan(),
            khan: default_khan(),
        }
    }
}

fn default_hoa_toc() -> String {
    "30m".into()
}
fn default_thuong_khan() -> String {
    "2h".into()
}
fn default_khan() -> String {
    "4h".into()
}

/// `[policy.calendar]`: working periods of a day, working weekdays, public holidays and
/// make-up working days, in Vietnam time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSection {
    #[serde(default = "default_hours")]
    pub hours: Vec<String>,
    #[serde(default = "default_weekdays")]
    pub weekdays: Vec<String>,
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default)]
    pub make_up_days: Vec<String>,
}

impl Default for CalendarSection {
    fn default() -> Self {
        CalendarSection {
            hours: default_hours(),
            weekdays: default_weekdays(),
            holidays: Vec::new(),
            make_up_days: Vec::new(),
        }
    }
}

fn default_hours() -> Vec<String> {
    vec!["07:30-11:30".into(), "13:30-17:00".into()]
}
fn default_weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .map(String::from)
        .to_vec()
}

impl PolicySection {
    /// The urgent documents' rules, with errors that name the setting to fix.
    fn urgent_rules(&self) -> Result<policy::urgent::UrgentRules, String> {
        let time = |name: &str, value: &str| -> Result<u64, String> {
            let d = parse_duration(value)
                .map_err(|e| format!("[policy.urgent] {name} = \"{value}\": {e}"))?;
            if d.as_secs() == 0 {
                return Err(format!(
                    "[policy.urgent] {name} = \"{value}\": give at least one second"
                ));
            }
            Ok(d.as_secs())
        };
        let c = &self.calendar;
        let calendar = policy::working_time::WorkingCalendar::new(
            &c.hours,
            &c.weekdays,
            &c.holidays,
            &c.make_up_days,
        )
        .map_err(|e| format!("[policy.calendar]: {e}"))?;
        Ok(policy::urgent::UrgentRules {
            hoa_toc: time("hoa_toc", &self.urgent.hoa_toc)?,
            thuong_khan: time("thuong_khan", &self.urgent.thuong_khan)?,
            khan: time("khan", &self.urgent.khan)?,
            calendar,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyPolicySection {
    pub mandatory: Option<Vec<String>>,
    pub external_mandatory: Option<String>,
    pub receipts: Option<String>,
}

fn default_receipts() -> String {
    "delivered".into()
}

fn default_official_domains() -> Vec<String> {
    policy::rules::PolicyConfig::default().official_domains
}

fn default_external() -> String {
    "warn".into()
}

impl Default for PolicySection {
    fn default() -> Self {
        PolicySection {
            enabled: true,
            official_domains: default_official_domains(),
            mandatory: None,
            external_mandatory: default_external(),
            agencies: Default::default(),
            receipts: default_receipts(),
            urgent: UrgentSection::default(),
            calendar: CalendarSection::default(),
        }
    }
}

impl Config {
    /// The document rules; errors name the key to fix.
    pub fn policy(&self) -> Result<policy::rules::PolicyConfig, String> {
        use policy::rules::{AgencyRules, External, PolicyConfig, ReceiptMode};
        let p = &self.policy;
        let external = |section: &str, mode: &str| match mode {
            "warn" => Ok(External::Warn),
            "reject" => Ok(External::Reject),
            "allow" => Ok(External::Allow),
            other => Err(format!(
                "{section} external_mandatory = \"{other}\": use \"warn\", \"reject\" or \"allow\""
            )),
        };
        let types = |section: &str, ids: &[String]| {
            for id in ids {
                if policy::document::DocType::from_id(id).is_none() {
                    let known: Vec<&str> = policy::document::TYPES.iter().map(|t| t.id).collect();
                    return Err(format!(
                        "{section} mandatory: unknown document type \"{id}\"; known types: {}",
                        known.join(", ")
                    ));
                }
            }
            Ok(ids.to_vec())
        };
        let receipts = |section: &str, mode: &str| {
            ReceiptMode::from_name(mode).ok_or_else(|| {
                format!("{section} receipts = \"{mode}\": use \"delivered\", \"read\" or \"off\"")
            })
        };
        let mut config = PolicyConfig {
            enabled: p.enabled,
            official_domains: p.official_domains.clone(),
            external_mandatory: external("[policy]", &p.external_mandatory)?,
            receipts: receipts("[policy]", &p.receipts)?,
            urgent: p.urgent_rules()?,
            ..PolicyConfig::default()
        };
        if let Some(ids) = &p.mandatory {
            config.mandatory = types("[policy]", ids)?;
        }
        for (code, a) in &p.agencies {
            let section = format!("[policy.agencies.{code}]");
            config.agencies.push(AgencyRules {
                agency: code.clone(),
                mandatory: a
                    .mandatory
                    .as_deref()
                    .map(|ids| types(&section, ids))
                    .transpose()?,
                external_mandatory: a
                    .external_mandatory
                    .as_deref()
                    .map(|m| external(&section, m))
                    .transpose()?,
                receipts: a
                    .receipts
                    .as_deref()
                    .map(|m| receipts(&section, m))
                    .transpose()?,
            });
        }
        Ok(config)
    }
}

/// Parses "30s", "5m", "4h", "5d" or "200ms".
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a duration: write e.g. 30s, 5m, 4h or 5d"))?;
    let secs = |k: u64| std::time::Duration::from_secs(n.saturating_mul(k));
    match unit.trim() {
        "ms" => Ok(std::time::Duration::from_millis(n)),
        "s" | "" => Ok(secs(1)),
        "m" | "min" => Ok(secs(60)),
        "h" => Ok(secs(3600)),
        "d" => Ok(secs(86400)),
        other => Err(format!(
            "unknown unit \"{other}\" in \"{text}\": use ms, s, m, h or d"
        )),
    }
}

/// `[tls] acme`'s settings apart from the names.
fn check_acme(acme: &AcmeConfig) -> Result<(), String> {
    if !acme.directory.starts_with("https://") {
        return Err(format!(
            "directory {:?} must be an https:// URL (RFC 8555 §6.1)",
            acme.directory
        ));
    }
    let contact = acme.contact.trim_start_matches("mailto:");
    if storage::normalize_address(contact).is_err() {
        return Err(format!(
            "contact {:?} must be an e-mail address",
            acme.contact
        ));
    }
    match acme.challenge.as_str() {
        "http-01" | "tls-alpn-01" => {}
        other => {
            return Err(format!(
                "challenge {other:?}: use \"http-01\" (the CA fetches \
                 http://<name>/.well-known/acme-challenge/… from [listen] http, port 80) or \
                 \"tls-alpn-01\" (it connects to [listen] https, port 443)"
            ));
        }
    }
    if acme.renew_before_days == 0 {
        return Err("renew_before_days must be at least 1".to_string());
    }
    Ok(())
}

fn parse_hostport(text: &str) -> Result<(String, u16), String> {
    let (host, port) = text
        .trim()
        .rsplit_once(':')
        .ok_or_else(|| format!("\"{text}\" must be host:port, e.g. relay.tinh.gov.vn:25"))?;
    let port = port
        .parse()
        .map_err(|_| format!("\"{text}\": the port must be a number"))?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(format!("\"{text}\": the host is missing"));
    }
    Ok((host.to_string(), port))
}

fn parse_tls_mode(text: Option<&str>) -> Result<smtp::outbound::TlsMode, String> {
    use smtp::outbound::TlsMode;
    match text.unwrap_or("opportunistic") {
        "none" => Ok(TlsMode::None),
        "opportunistic" => Ok(TlsMode::Opportunistic),
        "required" => Ok(TlsMode::Required),
        "implicit" => Ok(TlsMode::Implicit),
        other => Err(format!(
            "smarthost_tls \"{other}\" must be none, opportunistic, required or implicit"
        )),
    }
}

impl Config {
    /// The outbound queue's settings; errors name the key to fix.
    pub fn outbound(&self) -> Result<smtp::outbound::OutboundConfig, String> {
        use smtp::outbound::{OutboundConfig, Route, Routes, TlsMode};
        let q = &self.queue;
        let d = |key: &str, v: &str| parse_duration(v).map_err(|e| format!("[queue] {key}: {e}"));
        let mut routes = Routes::default();
        for (domain, target) in &self.relay.routes {
            let (host, port) = parse_hostport(target).map_err(|e| format!("[relay.routes] {e}"))?;
            let domain = storage::normalize_domain(domain)
                .map_err(|e| format!("[relay.routes] \"{domain}\": {e}"))?;
            routes.domains.insert(
                domain,
                Route {
                    host,
                    port,
                    tls: TlsMode::Opportunistic,
                    auth: None,
                },
            );
        }
        if let Some(target) = &self.relay.smarthost {
            let (host, port) =
                parse_hostport(target).map_err(|e| format!("[relay] smarthost {e}"))?;
            let tls = parse_tls_mode(self.relay.smarthost_tls.as_deref())
                .map_err(|e| format!("[relay] {e}"))?;
            let auth = match (&self.relay.smarthost_user, &self.relay.smarthost_password) {
                (Some(u), Some(p)) => Some((u.clone(), p.clone())),
                (None, None) => None,
                _ => {
                    return Err("[relay] smarthost_user and smarthost_password go together".into());
                }
            };
            routes.smarthost = Some(Route {
                host,
                port,
                tls,
                auth,
            });
        }
        if self.relay.dane && self.smtp.dns_resolver.is_none() {
            // RFC 7672 §2.1: DANE needs answers known to be authenticated, here the AD bit of
            // a resolver the administrator names and trusts (the system's may not validate).
            return Err(
                "[relay] dane = true needs [smtp] dns_resolver: a DNSSEC-validating \
                        resolver on this machine, e.g. unbound on \"127.0.0.1:53\""
                    .into(),
            );
        }
        Ok(OutboundConfig {
            hostname: self.server.hostname.clone(),
            retry_initial: d("retry_initial", &q.retry_initial)?,
            retry_max: d("retry_max", &q.retry_max)?,
            max_age: d("give_up_after", &q.give_up_after)?,
            delay_notice: d("delay_notice_after", &q.delay_notice_after)?,
            poll_interval: d("poll_interval", &q.poll_interval)?,
            dns_resolver: self.smtp.dns_resolver,
            routes,
            mta_sts: self.relay.mta_sts.unwrap_or(true),
            dane: self.relay.dane,
            require_tls: self
                .relay
                .require_tls
                .iter()
                .map(|d| {
                    storage::normalize_domain(d)
                        .map_err(|e| format!("[relay] require_tls \"{d}\": {e}"))
                })
                .collect::<Result<_, _>>()?,
            tls_ca_file: self.relay.tls_ca_file.as_deref().map(|p| self.resolve(p)),
            tls_reports: self.relay.tls_reports.unwrap_or(true),
            mx_port: self.relay.mx_port.unwrap_or(25),
            mta_sts_port: self.relay.mta_sts_port.unwrap_or(443),
            ..OutboundConfig::default()
        })
    }

    /// The SMTP service's settings (`[limits]` was checked by `parse`).
    pub fn smtp(&self) -> smtp::SmtpConfig {
        let limits = self.limits().unwrap_or_default();
        smtp::SmtpConfig {
            hostname: self.server.hostname.clone(),
            max_message_size: parse_size(&self.smtp.max_message_size)
                .ok()
                .flatten()
                .map_or(usize::MAX, |v| v.min(usize::MAX as u64) as usize),
            max_recipients: self.smtp.max_recipients.max(1),
            over_quota_temporary: self.smtp.over_quota == "defer",
            plaintext_auth_on_loopback: self.smtp.plaintext_auth_on_loopback,
            max_connections_per_ip: self.smtp.max_connections_per_ip.max(1),
            exempt: limits.exempt,
            deadlines: limits.deadlines,
            quota_warnings: self.smtp.quota_warnings.clone(),
            ..smtp::SmtpConfig::default()
        }
    }

    /// The Sieve settings, with the admin script's path resolved against the config file.
    pub fn sieve(&self) -> smtp::filter::SieveSettings {
        smtp::filter::SieveSettings {
            global_script: self.sieve.global_script.as_deref().map(|p| self.resolve(p)),
            max_redirects_per_hour: self.sieve.max_redirects_per_hour,
            limits: policy::sieve::Limits {
                max_redirects: self.sieve.max_redirects,
                ..policy::sieve::Limits::default()
            },
        }
    }

    /// The trust anchors of `[signatures]`, read from their PEM files (relative paths against
    /// the config file); None when the check is off. An unreadable file or certificate is an
    /// error, so that a typo does not silently make every signature untrusted.
    pub fn signatures(&self) -> Result<Option<policy::signature::TrustAnchors>, String> {
        use rustls_pki_types::CertificateDer;
        use rustls_pki_types::pem::PemObject;
        if !self.signatures.enabled {
            return Ok(None);
        }
        let mut ders: Vec<Vec<u8>> = Vec::new();
        let mut origin: Vec<PathBuf> = Vec::new();
        for file in &self.signatures.trust_anchors {
            let path = self.resolve(file);
            let certs = CertificateDer::pem_file_iter(&path)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| {
                    format!(
                        "[signatures] trust_anchors: cannot read {}: {e}",
                        path.display()
                    )
                })?;
            if certs.is_empty() {
                return Err(format!(
                    "[signatures] trust_anchors: {} holds no PEM certificate",
                    path.display()
                ));
            }
            for c in certs {
                ders.push(c.as_ref().to_vec());
                origin.push(path.clone());
            }
        }
        policy::signature::TrustAnchors::from_der(&ders)
            .map(Some)
            .map_err(|i| {
                format!(
                    "[signatures] trust_anchors: a certificate in {} does not read as X.509",
                    origin[i].display()
                )
            })
    }

    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the configuration {}: {e}. Create one with `govmail init DIR \
                 --domain DOMAIN`, or pass --config FILE (or set GOVMAIL_CONFIG)",
                path.display()
            )
        })?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let mut config: Config = toml::from_str(text)
            .map_err(|e| format!("error in the configuration {}: {e}", path.display()))?;
        config.path = path.to_path_buf();
        config.base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        parse_size(&config.accounts.default_quota).map_err(|e| {
            format!(
                "error in the configuration {}: [accounts] default_quota: {e}",
                path.display()
            )
        })?;
        if !matches!(parse_size(&config.storage.min_free_space), Ok(Some(_))) {
            let why = match parse_size(&config.storage.min_free_space) {
                Err(e) => e.to_string(),
                Ok(_) => "a reserve cannot be unlimited; \"0\" keeps none".into(),
            };
            return Err(format!(
                "error in the configuration {}: [storage] min_free_space: {why}",
                path.display()
            ));
        }
        config
            .pg_config()
            .map_err(|e| format!("error in the configuration {}: {e}", path.display()))?;
        match config.storage.blobs.backend.as_str() {
            "files" => {}
            "s3" => {
                let blobs = &config.storage.blobs;
                if blobs.endpoint.is_none() || blobs.bucket.is_none() {
                    return Err(format!(
                        "error in the configuration {}: [storage.blobs] backend = \"s3\" needs \
                         endpoint and bucket",
                        path.display()
                    ));
                }
            }
            other => {
                return Err(format!(
                    "error in the configuration {}: [storage.blobs] backend = {other:?}: \
                     \"files\" or \"s3\"",
                    path.display()
                ));
            }
        }
        parse_size(&config.smtp.max_message_size).map_err(|e| {
            format!(
                "error in the configuration {}: [smtp] max_message_size: {e}",
                path.display()
            )
        })?;
        if config
            .smtp
            .quota_warnings
            .iter()
            .any(|&p| p == 0 || p > 100)
        {
            return Err(format!(
                "error in the configuration {}: [smtp] quota_warnings are percentages from 1 to 100",
                path.display()
            ));
        }
        if !matches!(config.smtp.over_quota.as_str(), "reject" | "defer") {
            return Err(format!(
                "error in the configuration {}: [smtp] over_quota must be \"reject\" or \"defer\"",
                path.display()
            ));
        }
        config
            .outbound()
            .map_err(|e| format!("error in the configuration {}: {e}", path.display()))?;
        config
            .policy()
            .map_err(|e| format!("error in the configuration {}: {e}", path.display()))?;
        config
            .limits()
            .map_err(|e| format!("error in the configuration {}: {e}", path.display()))?;
        config
            .mail_settings()
            .map_err(|e| format!("error in the configuration {}: {e}", path.display()))?;
        if let Some(acme) = &config.tls.acme {
            config
                .acme_names(acme)
                .and_then(|_| check_acme(acme))
                .and_then(
                    |()| match (acme.tls_alpn(), config.listen.http, config.listen.https) {
                        (false, None, _) => Err("http-01 needs the plain-HTTP listener: set \
                                                 [listen] http (port 80 as the CA sees it)"
                            .to_string()),
                        (true, _, None) => Err("tls-alpn-01 needs the HTTPS listener: set \
                                                [listen] https (port 443 as the CA sees it)"
                            .to_string()),
                        _ => Ok(()),
                    },
                )
                .map_err(|e| {
                    format!(
                        "error in the configuration {}: [tls] acme: {e}",
                        path.display()
                    )
                })?;
        }
        storage::normalize_domain(&config.server.default_domain).map_err(|e| {
            format!(
                "error in the configuration {}: [server] default_domain: {e}",
                path.display()
            )
        })?;
        Ok(config)
    }

    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.resolve(&self.server.data_dir)
    }

    /// The names an ACME certificate covers: `names`, else the server's host name;
    /// normalised (lower case, checked), without duplicates.
    pub fn acme_names(&self, acme: &AcmeConfig) -> Result<Vec<String>, String> {
        let given = if acme.names.is_empty() {
            std::slice::from_ref(&self.server.hostname)
        } else {
            acme.names.as_slice()
        };
        let mut names: Vec<String> = Vec::new();
        for name in given {
            let name = storage::normalize_domain(name)
                .map_err(|e| format!("the name {name:?} cannot be in a certificate: {e}"))?;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Ok(names)
    }

    /// `[storage] min_free_space` in bytes (checked by `parse`).
    pub fn min_free_space(&self) -> u64 {
        parse_size(&self.storage.min_free_space)
            .ok()
            .flatten()
            .unwrap_or(storage::DEFAULT_MIN_FREE_SPACE)
    }

    /// The PostgreSQL settings of `[storage]` (checked: the URL parses, the pool is not
    /// empty), or None for SQLite. The password is not read here: at connection time, from
    /// the URL, `password_file` or `PGPASSWORD`. Errors show the URL without its password.
    pub fn pg_config(&self) -> Result<Option<storage::postgres::PgConfig>, String> {
        let s = &self.storage;
        match s.backend.as_str() {
            "sqlite" => {
                let stray = [
                    ("url", s.url.is_some()),
                    ("password_file", s.password_file.is_some()),
                    ("ca_file", s.ca_file.is_some()),
                ];
                if let Some((key, _)) = stray.iter().find(|(_, set)| *set) {
                    return Err(format!(
                        "[storage] {key} is for backend = \"postgres\"; the backend is \
                         \"sqlite\" (the default)"
                    ));
                }
                Ok(None)
            }
            "postgres" => {
                let Some(url) = s.url.as_deref().filter(|u| !u.trim().is_empty()) else {
                    return Err("[storage] backend = \"postgres\" needs url = \
                                \"postgres://user@host/dbname\""
                        .into());
                };
                if s.pool_size == 0 {
                    return Err("[storage] pool_size must be at least 1".into());
                }
                let mut pg = storage::postgres::PgConfig::new(url);
                pg.password_file = s.password_file.as_ref().map(|f| self.resolve(f));
                pg.ca_file = s.ca_file.as_ref().map(|f| self.resolve(f));
                pg.pool_size = s.pool_size;
                pg.check().map_err(|e| e.to_string())?;
                Ok(Some(pg))
            }
            other => Err(format!(
                "[storage] backend = {other:?}: \"sqlite\" or \"postgres\""
            )),
        }
    }

    /// What holds the metadata, for the log and `govmail check` (no password).
    pub fn store_description(&self) -> String {
        match (&self.storage.backend[..], &self.storage.url) {
            ("postgres", Some(url)) => {
                format!("PostgreSQL at {}", storage::postgres::redacted(url))
            }
            _ => format!(
                "SQLite in {}",
                self.data_dir().join(storage::DB_FILE).display()
            ),
        }
    }

    /// The S3 settings of `[storage.blobs]`, with credentials from `credentials_file` or the
    /// environment; None for the files backend.
    pub fn s3_config(&self) -> Result<Option<storage::S3Config>, String> {
        let blobs = &self.storage.blobs;
        if blobs.backend != "s3" {
            return Ok(None);
        }
        let (access_key_id, secret, token) = match &blobs.credentials_file {
            Some(file) => {
                let file = self.resolve(file);
                let text = std::fs::read_to_string(&file).map_err(|e| {
                    format!("[storage.blobs] credentials_file {}: {e}", file.display())
                })?;
                // The error names the file and the key, never a value.
                let c: S3Credentials = toml::from_str(&text).map_err(|e| {
                    format!(
                        "[storage.blobs] credentials_file {}: {}",
                        file.display(),
                        e.message()
                    )
                })?;
                (c.access_key_id, c.secret_access_key, c.session_token)
            }
            None => {
                let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
                match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
                    (Some(id), Some(secret)) => (id, secret, var("AWS_SESSION_TOKEN")),
                    _ => {
                        return Err("[storage.blobs] backend = \"s3\": give credentials_file, \
                                    or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the \
                                    environment"
                            .into());
                    }
                }
            }
        };
        Ok(Some(storage::S3Config {
            endpoint: blobs.endpoint.clone().unwrap_or_default(),
            bucket: blobs.bucket.clone().unwrap_or_default(),
            region: blobs.region.clone(),
            prefix: blobs.prefix.clone(),
            path_style: blobs.path_style,
            access_key_id,
            secret_access_key: storage::Secret::new(secret),
            session_token: token.map(storage::Secret::new),
            ca_file: blobs.ca_file.as_ref().map(|f| self.resolve(f)),
            timeout: std::time::Duration::from_secs(blobs.timeout_secs.max(1)),
        }))
    }

    /// The object store of `[storage.blobs]`, connected; None for the files under data_dir.
    pub fn blob_store(&self) -> storage::Result<Option<std::sync::Arc<dyn storage::BlobStore>>> {
        Ok(
            match self.s3_config().map_err(storage::StorageError::Invalid)? {
                Some(s3) => Some(std::sync::Arc::new(storage::S3Blobs::open(s3)?)),
                None => None,
            },
        )
    }

    /// Where message contents are, for the log (no credentials).
    pub fn blobs_description(&self) -> String {
        let blobs = &self.storage.blobs;
        match blobs.backend.as_str() {
            "s3" => format!(
                "S3 bucket {} at {} (prefix {:?})",
                blobs.bucket.as_deref().unwrap_or_default(),
                blobs.endpoint.as_deref().unwrap_or_default(),
                blobs.prefix
            ),
            _ => format!(
                "files in {}",
                self.data_dir().join(storage::BLOB_DIR).display()
            ),
        }
    }

    /// Opens the configured store: SQLite in the data directory (the default) or the
    /// PostgreSQL database of `[storage]`, with message contents where `[storage.blobs]` says
    /// (files under the data directory, which for several nodes must be storage they share,
    /// or an S3 bucket), and the disk reserve. Every command that uses the store opens it
    /// here, so that they all see the same one.
    pub fn open_store(&self, mode: storage::OpenMode) -> storage::Result<storage::Store> {
        let blobs = self.blob_store()?;
        let store = match self.pg_config().map_err(storage::StorageError::Invalid)? {
            None => storage::Store::open_with_blobs(&self.data_dir(), mode, blobs)?,
            Some(pg) => storage::postgres::open_store(&pg, blobs, &self.data_dir())?,
        };
        store.set_min_free_space(self.min_free_space());
        Ok(store)
    }

    pub fn default_quota(&self) -> storage::Quota {
        storage::Quota {
            bytes: parse_size(&self.accounts.default_quota).ok().flatten(),
            messages: self.accounts.default_quota_messages,
        }
    }
}

/// The file `govmail init` writes: every key present and explained.
pub fn template(hostname: &str, domain: &str) -> String {
    let mandatory: Vec<String> = policy::rules::PolicyConfig::default()
        .mandatory
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect();
    let text = format!(
        r#"# govmail configuration. Relative paths are relative to this file's directory.
# Reload after editing: `systemctl reload govmail` (SIGHUP). A file with an error is refused
# whole and the running configuration stays; only [server] data_dir needs a restart.

[server]
# The name clients and other servers know this server by (banners, Received: headers, TLS).
hostname = "{hostname}"
# Domain used by `govmail user add` / `user import` when --domain is not given.
default_domain = "{domain}"
# Database (govmail.db) and message store (blobs/). Back it up as a whole.
data_dir = "data"
# The agency running this server: the self-signed certificate's O=, and the name mail clients
# show for the account's provider.
# organization = "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"

[storage]
# Free space kept on the disk of data_dir. Below it new mail is refused with a temporary error
# (SMTP 452 4.3.1, IMAP NO [LIMIT]): senders retry later and nothing already accepted is lost.
# From twice this size down, a warning is logged once a minute and the database's journal
# (WAL) is kept small. Text-heavy mail takes about twice its size on disk (message file and
# search index). Examples: "256MiB", "2GiB"; "0" keeps no reserve.
min_free_space = "256MiB"

# Where the metadata (directory, mailboxes, flags, queue) is kept: "sqlite" (the default:
# data_dir/govmail.db, one server) or "postgres", a PostgreSQL database several govmail nodes
# share (behind DNS or a TCP load balancer; see docs/admin-guide, "Several nodes"). The
# password comes from the URL, password_file (its first line) or PGPASSWORD; never logged.
# sslmode=require checks the server's certificate against the system's CAs and ca_file.
# Move an existing store with `govmail store migrate --to NEW.toml`. Needs a restart.
# backend = "postgres"
# url = "postgres://govmail@db.example.gov.vn/govmail?sslmode=require"
# password_file = "/etc/govmail/db-password"
# ca_file = "/etc/govmail/db-ca.pem"
# pool_size = 16

# Where message contents are kept: "files" (the default: data_dir/blobs/, on this disk) or
# "s3", an S3-compatible object store (MinIO, Ceph RGW, Garage, a cloud) shared by several
# govmail nodes. Messages up to 128 KiB stay in the database either way. The keys come from
# credentials_file (a TOML file with access_key_id and secret_access_key, readable by govmail
# only) or from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment; never logged.
# Needs a restart. Existing blob files are not moved by switching.
# [storage.blobs]
# backend = "s3"
# endpoint = "https://s3.example.gov.vn:9000"
# bucket = "govmail"
# region = "us-east-1"
# prefix = ""
# path_style = true
# credentials_file = "/etc/govmail/s3-credentials.toml"
# ca_file = "/etc/govmail/s3-ca.pem"

[tls]
# PEM certificate chain and private key. `govmail init` made a self-signed pair for
# {hostname}; for production, point these at a real certificate (e.g. from Let's Encrypt
# or the province's CA): cert = "/etc/letsencrypt/live/{hostname}/fullchain.pem"
cert = "tls/cert.pem"
key = "tls/key.pem"
# Or let govmail obtain and renew them from an ACME CA such as Let's Encrypt. The CA checks
# that this server holds each name in one of two ways (`challenge`):
# - "http-01" (the default): it fetches http://{hostname}/.well-known/acme-challenge/… from
#   the `http` listener, which must be reachable from the Internet on port 80;
# - "tls-alpn-01" (RFC 8737): it connects to the `https` listener on port 443 and checks a
#   special certificate shown only to it; for a server that keeps port 80 closed.
# acme = {{ directory = "https://acme-v02.api.letsencrypt.org/directory", contact = "postmaster@{domain}" }}
# (optional: challenge = "tls-alpn-01", names = [...] (default: [server] hostname),
# renew_before_days = 30)

[listen]
# Each service listens where its key says; delete a key to turn that service off.
# Defaults are loopback and unprivileged ports, safe for trying govmail out. In production:
# smtp = "0.0.0.0:25", submission = "0.0.0.0:587", submissions = "0.0.0.0:465",
# imap = "0.0.0.0:143", imaps = "0.0.0.0:993", pop3 = "0.0.0.0:110", pop3s = "0.0.0.0:995",
# managesieve = "0.0.0.0:4190", https = "0.0.0.0:443", http = "0.0.0.0:80". Delete pop3/pop3s
# if no client of yours uses POP3.
smtp = "127.0.0.1:2525"          # inbound mail from other servers (MX)
submission = "127.0.0.1:2587"    # mail clients sending, STARTTLS + AUTH
submissions = "127.0.0.1:2465"   # mail clients sending, implicit TLS + AUTH
imap = "127.0.0.1:1143"          # mail clients reading, STARTTLS
imaps = "127.0.0.1:1993"         # mail clients reading, implicit TLS
pop3 = "127.0.0.1:1110"          # POP3 (older Outlook set-ups), STLS
pop3s = "127.0.0.1:1995"         # POP3 over implicit TLS
managesieve = "127.0.0.1:4190"   # filter rules (Sieve) from mail clients
metrics = "127.0.0.1:9187"       # Prometheus metrics (GET /metrics): loopback only
https = "127.0.0.1:8443"         # mail client autoconfiguration, MTA-STS policy, setup page
http = "127.0.0.1:8080"          # Thunderbird's plain-HTTP autoconfig; redirects to HTTPS

[web]
# MTA-STS (RFC 8461) tells other servers to send mail to this domain only over TLS with a
# valid certificate. "testing": they deliver anyway and report problems (TLS-RPT); "enforce"
# once the certificate is a real one (not self-signed) and reports show no failures; "none"
# withdraws the policy. `govmail dns DOMAIN` prints the records that announce it.
mta_sts_mode = "testing"
mta_sts_max_age = "7d"
# The web console (https listener, /login) logs a user out after this long without a request.
console_idle = "30m"

[accounts]
# How `govmail user add` derives an address from a full name (họ và tên) when --address is
# not given. Diacritics are removed and đ becomes d; a number is appended on collision.
#   "given-initials"   Nguyễn Văn An -> annv      (default)
#   "given-dot-family" Nguyễn Văn An -> an.nguyen
#   "full-dotted"      Nguyễn Văn An -> nguyen.van.an
#   "initials-given"   Nguyễn Văn An -> nvan
address_rule = "given-initials"
# Quota of new accounts: e.g. "2GiB", "500MiB", "unlimited". Change one account's quota with
# `govmail user quota ADDRESS SIZE`.
default_quota = "2GiB"
# Maximum number of messages of new accounts (remove the line for no limit).
# default_quota_messages = 200000

[smtp]
# Largest message accepted (advertised as SIZE, RFC 1870).
max_message_size = "50MiB"
# Recipients per message; more get 452 and the sender sends them in another transaction.
max_recipients = 100
# A recipient over quota: "reject" (552 5.2.2, the sender gets a bounce) or "defer"
# (452 4.2.2, the sending server retries for days while the user makes room).
over_quota = "reject"
# Simultaneous connections from one IP address, over all SMTP ports (more get 421 4.7.0).
# The other services' caps, and the networks no cap counts, are under [limits].
max_connections_per_ip = 50
# AUTH (and IMAP LOGIN) is offered only over TLS. Set to true to allow it in plain text from
# 127.0.0.1 (tests, a webmail on the same machine); never needed for mail clients.
plaintext_auth_on_loopback = false
# Check SPF, DKIM and DMARC of mail from other servers and record the results in an
# Authentication-Results header; a domain's DMARC "reject" policy is honoured (550) and
# "quarantine" delivers into Junk. Clients on 127.0.0.1 are not checked.
check_sender_auth = true
# DNS server for these checks and for MX lookups of outgoing mail; default: the system's
# resolver (/etc/resolv.conf).
# dns_resolver = "127.0.0.1:53"
# An account whose mailbox passes one of these shares of its quota gets one warning message
# (in Vietnamese and English) per crossing.
quota_warnings = [75, 90]

[limits]
# What one client may hold, so that no one can take every connection the server has.
# Simultaneous connections from one IP address to each service, all its ports together
# (SMTP's is [smtp] max_connections_per_ip). More are told so and closed: IMAP "* BYE",
# POP3 "-ERR [SYS/TEMP]", ManageSieve "BYE (TRYLATER)". An office reaches the server
# through one NAT address, so a cap counts a whole office: Thunderbird opens up to 5 IMAP
# connections per account, usually 2. Raise a cap, or exempt the office's address below,
# if a large office shares one address.
imap_connections_per_ip = 50
pop3_connections_per_ip = 20
managesieve_connections_per_ip = 10
# Networks whose connections no cap counts, e.g. a webmail or a large office's NAT address:
# ["203.0.113.7", "10.20.0.0/16"]. Loopback is capped too unless listed ("127.0.0.1", "::1").
exempt_networks = []
# A client must finish its TLS handshake (implicit TLS or after STARTTLS) within this.
tls_handshake_timeout = "20s"
# Waiting between commands is limited only by each protocol's idle timeout (IMAP 30 min,
# POP3 10 min, SMTP 5 min); but once a client starts a command it must send all of it within
# command_deadline, plus one second for every transfer_min_rate bytes (bytes per second) of
# it, so that a message (SMTP DATA/BDAT, IMAP APPEND) may take as long as it needs at that
# rate or faster, and a command trickled a byte at a time is cut off. Replies likewise: a
# client that stops reading what the server sends is let go after the same time.
command_deadline = "60s"
transfer_min_rate = 1024

[queue]
# Outbound mail that could not be delivered yet is retried: first after retry_initial, then
# twice as long each time up to retry_max. After delay_notice_after the sender gets one
# "still trying" notice; after give_up_after the mail is returned as undeliverable.
# Units: s, m, h, d.
retry_initial = "5m"
retry_max = "4h"
delay_notice_after = "4h"
give_up_after = "5d"

[relay]
# By default mail for other domains goes straight to their MX servers. To send everything
# through the province's mail gateway instead:
# smarthost = "mailgw.tinh.gov.vn:587"
# smarthost_tls = "required"        # none | opportunistic | required | implicit (port 465)
# smarthost_user = "govmail@tinh.gov.vn"
# smarthost_password = "..."
#
#
# Mail to MX hosts is encrypted whenever the receiving server offers STARTTLS. Beyond that:
# - MTA-STS (RFC 8461): a domain that publishes a policy in "enforce" mode gets its mail only
#   through the MX hosts the policy names, with a certificate valid for the host name;
#   otherwise the mail waits in the queue (4.7.5, see `govmail queue list`) and is retried.
#   Policies are fetched over HTTPS and kept in the database for their max_age.
mta_sts = true
# - DANE (RFC 7672): MX hosts with TLSA records are checked against them. This trusts the
#   DNSSEC "authenticated data" bit of [smtp] dns_resolver, which must then be a validating
#   resolver on this machine (e.g. unbound on 127.0.0.1:53), as Postfix's
#   smtp_dns_support_level = dnssec does. DANE comes before MTA-STS.
dane = false
# - Domains whose mail must only leave over TLS with a certificate valid for the server's
#   name (or matching its DANE records), policy or not; otherwise it waits in the queue:
require_tls = []
# - CA certificates (PEM file) trusted besides the system's for MTA-STS and require_tls,
#   e.g. the government's own root CA:
# tls_ca_file = "gov-ca.pem"
# - TLS-RPT (RFC 8460): domains that publish a _smtp._tls TXT record (v=TLSRPTv1;
#   rua=mailto:...) get a daily report of our TLS sessions with them, sent after midnight UTC
#   through the queue. Only mailto: addresses are used.
tls_reports = true
#
# Static routes for particular domains (private networks, tests), used before the smarthost
# (MTA-STS and DANE apply only to MX hosts; require_tls applies to routes too):
# [relay.routes]
# "noibo.tinh.gov.vn" = "10.10.0.25:25"

[policy]
# Official documents (văn bản hành chính) are recognised in every message.
# - A document marked Mật / Tối mật / Tuyệt mật is refused at submission (550) and received
#   ones are held in quarantine (`govmail quarantine`): state secrets may not travel by
#   internet mail (Luật Bảo vệ bí mật nhà nước 2018, Nghị định 26/2020/NĐ-CP).
# - The state's official mail domains (Chỉ thị 15/CT-TTg: official addresses on .gov.vn):
official_domains = ["*.gov.vn", "gov.vn", "chinhphu.vn"]
# - A document of a type that must be exchanged electronically (Quyết định 28/2018/QĐ-TTg;
#   the Government Office's 2020 list, plus meeting papers and work schedules) sent to a
#   domain above that is not official: "warn" (delivered, the sender is told), "reject"
#   (550), or "allow".
external_mandatory = "warn"
# - Those types, by id (uncomment to change the national list):
# mandatory = [MANDATORY]
# - `enabled = false` turns recognition and these rules off entirely (secret-marked documents
#   are then NOT refused): only for measuring what they cost (bench/policy_cost.sh).
# - An agency may have its own rules for mail its staff send; they also cover the agencies
#   under it (unless those have their own). The agency code must exist (`govmail agency list`).
# [policy.agencies.CA-TINH]
# external_mandatory = "reject"
# mandatory = ["giay-moi", "bao-cao"]
# - Receipts (Nghị định 30/2020 Điều 21.2: the receiving văn thư tells the sender the same
#   day): when an official document reaches an agency's mailboxes, the sender gets one
#   receipt per receiving agency ("Đã nhận văn bản số …"), with a machine-readable part
#   (RFC 8098) that another govmail reads into its register (`govmail report tracking`).
#   "delivered" (at delivery), "read" (at the first read by any of its recipients) or
#   "off"; an agency may set its own in its section (`receipts = "read"`).
receipts = "delivered"

# Urgent documents (Hỏa tốc, Thượng khẩn, Khẩn; Nghị định 30/2020 Điều 4.2c, 23.1, 24.2: handled
# at once). A local recipient who has not read one within this working time is reminded
# ("Nhắc việc: …") and the copy flagged; when as long again has passed, the unit's văn thư
# (the accounts granted on the agency's unit mailboxes) and the sender are told.
[policy.urgent]
hoa_toc = "30m"
thuong_khan = "2h"
khan = "4h"

# The working time those deadlines count in (Vietnam time). List the year's public holidays
# (Tết, 30/4, 1/5, 2/9 … as the Government announces them) and make-up working days.
[policy.calendar]
hours = ["07:30-11:30", "13:30-17:00"]
weekdays = ["mon", "tue", "wed", "thu", "fri"]
holidays = []
make_up_days = []

[report]
# No national rule defines "regular use" of official mail. Here a user is regular when active
# (logged in or sent mail) in at least this share of the weeks of the report's period: 75
# means 3 of every 4 weeks. The rule is printed under every report.
regular_weeks_percent = 75
# The province's target share of staff using official mail regularly (drawn on charts).
target_percent = 85
# The issuing body (cơ quan ban hành) at the head of the HTML report and in the CSV, and the
# place written before the report's date ("Quảng Ngãi, ngày 06 tháng 12 năm 2026").
# issuer = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH QUẢNG NGÃI"
# place = "Quảng Ngãi"

[signatures]
# The PDF files attached to an official document are checked on delivery (Nghị định
# 30/2020/NĐ-CP Điều 21.2: the văn thư checks a received document's authenticity and
# integrity): every signature's integrity (the file not modified after signing), the
# signer's certificate chain to the CAs below, and its validity at the signing time. The
# result is added to the stored message as X-Govmail-Signature fields (file, status, signer,
# organisation, signing time), the keyword $Signed (every signed file valid) or
# $SignatureInvalid (a file modified after signing or a signature that does not verify; the
# unit's văn thư is also told), and the exchange register. Nothing is ever altered.
# Revocation (CRL/OCSP) is not checked.
#
# trust_anchors: PEM files of the root CA certificates signers' chains must reach. govmail
# ships none: downloading them and checking them is the administrator's job. Check each
# certificate's SHA-256 fingerprint against one obtained through an official channel
# (`openssl x509 -in FILE -noout -fingerprint -sha256`) before listing it here.
# - The government's own CA (chữ ký số chuyên dùng Chính phủ, used by agencies and their
#   leaders on official documents): Ban Cơ yếu Chính phủ, Cục Chứng thực số và Bảo mật
#   thông tin, published at https://ca.gov.vn
# - The national root CA (Root CA quốc gia, over the public CAs: VNPT-CA, Viettel-CA,
#   FPT-CA, …): Trung tâm Chứng thực điện tử quốc gia (NEAC), published at
#   https://rootca.gov.vn. It was issued under the Ministry of Information and
#   Communications and re-issued in November 2025 under the Ministry of Science and
#   Technology: list both roots while documents signed under the older one circulate.
# Without anchors every signed file is reported "untrusted" (tampering is still found).
# trust_anchors = ["ca/cp-root.pem", "ca/rootca-quocgia.pem"]
trust_anchors = []
# enabled = false turns the check off.

[sieve]
# Mail filters (bộ lọc thư, Sieve, RFC 5228) run when mail is delivered to a local account:
# sorting into folders, flags, auto-replies while away (vacation), forwarding (redirect).
# Users manage their own over ManageSieve (port 4190, e.g. Thunderbird's Sieve add-on,
# Roundcube); `govmail sieve` does it for them.
# An admin-wide script run before every user's own; a `stop` in it ends filtering, a
# `return` hands over to the user's script. `include :global "NAME"` in any script reads
# NAME.sieve from the same directory. Changes are picked up without a restart.
# global_script = "sieve/global.sieve"
# Redirects (forwarding) each account's filters may send per hour; more are kept instead.
max_redirects_per_hour = 60
# Redirects one message may cause per recipient (RFC 5228 §4.2 lets sites limit them).
max_redirects = 4
"#
    );
    // Wrapped at commas so the commented list stays readable.
    let mut lines = Vec::new();
    let mut line = String::new();
    for (i, id) in mandatory.iter().enumerate() {
        let piece = if i + 1 < mandatory.len() {
            format!("{id}, ")
        } else {
            id.clone()
        };
        if line.len() + piece.len() > 80 {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        line.push_str(&piece);
    }
    lines.push(line);
    text.replace(
        "[MANDATORY]",
        &format!("[\n#   {}\n# ]", lines.join("\n#   ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acme_settings_are_checked() {
        let base = template("mail.d.gov.vn", "d.gov.vn");
        let path = Path::new("/etc/govmail/govmail.toml");
        let with = |acme: &str| base.replacen("[tls]\n", &format!("[tls]\nacme = {acme}\n"), 1);
        let config = Config::parse(
            &with(r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn" }"#),
            path,
        )
        .unwrap();
        let acme = config.tls.acme.clone().unwrap();
        assert_eq!(acme.renew_before_days, 30);
        assert_eq!(acme.challenge, "http-01");
        assert_eq!(config.acme_names(&acme).unwrap(), vec!["mail.d.gov.vn"]);
        let names = Config::parse(
            &with(
                r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn", names = ["Mail.D.gov.vn", "mta-sts.d.gov.vn", "mail.d.gov.vn"] }"#,
            ),
            path,
        )
        .unwrap();
        let acme = names.tls.acme.clone().unwrap();
        assert_eq!(
            names.acme_names(&acme).unwrap(),
            vec!["mail.d.gov.vn", "mta-sts.d.gov.vn"]
        );
        for (bad, why) in [
            (
                r#"{ directory = "http://ca.test/dir", contact = "pm@d.gov.vn" }"#,
                "https://",
            ),
            (
                r#"{ directory = "https://ca.test/dir", contact = "pm" }"#,
                "e-mail",
            ),
            (
                r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn", challenge = "dns-01" }"#,
                "use \"http-01\"",
            ),
            (
                r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn", names = ["bad name"] }"#,
                "cannot be in a certificate",
            ),
            (
                r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn", renew_before_days = 0 }"#,
                "at least 1",
            ),
            (r#"{ directory = "https://ca.test/dir" }"#, "contact"),
        ] {
            let e = Config::parse(&with(bad), path).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        let no_http = with(r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn" }"#)
            .lines()
            .filter(|l| !l.starts_with("http = "))
            .collect::<Vec<_>>()
            .join("\n");
        let e = Config::parse(&no_http, path).unwrap_err();
        assert!(e.contains("set [listen] http"), "{e}");
        // TLS-ALPN-01 (RFC 8737) is validated on the HTTPS listener, not the plain one.
        let alpn = r#"{ directory = "https://ca.test/dir", contact = "pm@d.gov.vn", challenge = "tls-alpn-01" }"#;
        let without = |key: &str| {
            with(alpn)
                .lines()
                .filter(|l| !l.starts_with(key))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let config = Config::parse(&without("http = "), path).unwrap();
        assert!(config.tls.acme.unwrap().tls_alpn());
        let e = Config::parse(&without("https = "), path).unwrap_err();
        assert!(e.contains("set [listen] https"), "{e}");
    }

    #[test]
    fn min_free_space_is_a_size_and_never_unlimited() {
        let base = template("h.gov.vn", "d.gov.vn");
        let path = Path::new("/etc/govmail/govmail.toml");
        let config = Config::parse(&base, path).unwrap();
        assert_eq!(config.min_free_space(), 256 * 1024 * 1024);
        let with = |v: &str| {
            base.replace(
                "min_free_space = \"256MiB\"",
                &format!("min_free_space = {v}"),
            )
        };
        let config = Config::parse(&with("\"2GiB\""), path).unwrap();
        assert_eq!(config.min_free_space(), 2 << 30);
        assert_eq!(
            Config::parse(&with("\"0\""), path)
                .unwrap()
                .min_free_space(),
            0
        );
        for bad in ["\"unlimited\"", "\"2 GB nữa\""] {
            let e = Config::parse(&with(bad), path).unwrap_err();
            assert!(e.contains("[storage] min_free_space"), "{e}");
        }
        // Older configuration files have no [storage]: the default reserve.
        let old = base
            .replace("[storage]\n", "")
            .replace("min_free_space = \"256MiB\"\n", "");
        assert_eq!(
            Config::parse(&old, path).unwrap().min_free_space(),
            256 << 20
        );
    }

    #[test]
    fn template_parses_with_every_listener() {
        let config = Config::parse(
            &template("mail.demo.gov.vn", "demo.gov.vn"),
            Path::new("/etc/govmail/govmail.toml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.listen.all().len(), 8, "every service, POP3 included");
        assert_eq!(config.data_dir(), PathBuf::from("/etc/govmail/data"));
        assert_eq!(config.default_quota().bytes, Some(2 << 30));
    }

    /// `[signatures]`: on by default with no anchors; the PEM files are read relative to
    /// the config file; a missing file or a PEM that is not a certificate is an error.
    #[test]
    fn signature_anchors_are_read_and_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let config = Config::parse(&base, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let anchors = config.signatures().unwrap_or_else(|e| panic!("{e}"));
        assert!(anchors.is_some_and(|a| a.is_empty()));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../policy/tests/signatures/root.pem"
        );
        std::fs::copy(root, dir.path().join("root.pem")).unwrap_or_else(|e| panic!("{e}"));
        let with = |list: &str| {
            let text = base.replace(
                "\ntrust_anchors = []\n",
                &format!("\ntrust_anchors = {list}\n"),
            );
            Config::parse(&text, &dir.path().join("govmail.toml")).unwrap_or_else(|e| panic!("{e}"))
        };
        let anchors = with(r#"["root.pem"]"#)
            .signatures()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(anchors.map(|a| a.len()), Some(1));
        let err = with(r#"["missing.pem"]"#)
            .signatures()
            .err()
            .unwrap_or_default();
        assert!(err.contains("missing.pem"), "{err}");
        std::fs::write(
            dir.path().join("bad.pem"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = with(r#"["bad.pem"]"#)
            .signatures()
            .err()
            .unwrap_or_default();
        assert!(err.contains("bad.pem"), "{err}");
        let off = base.replace("# enabled = false turns the check off.", "enabled = false");
        let config = Config::parse(&off, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            config
                .signatures()
                .unwrap_or_else(|e| panic!("{e}"))
                .is_none()
        );
    }

    /// `[storage] backend`: sqlite by default; postgres needs a URL that parses; the
    /// PostgreSQL keys are refused with sqlite; a password in the URL is never shown, neither
    /// in an error nor in the configuration's Debug nor in the store's description.
    #[test]
    fn store_backend_settings_are_parsed_and_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("govmail.toml");
        let config = Config::parse(&base, &path).unwrap();
        assert_eq!(config.storage.backend, "sqlite");
        assert!(config.pg_config().unwrap().is_none());
        assert!(config.store_description().starts_with("SQLite in "));
        let with = |keys: &str| {
            base.replace(
                "min_free_space = \"256MiB\"",
                &format!("{keys}\nmin_free_space = \"256MiB\""),
            )
        };
        let err = Config::parse(&with("backend = \"postgres\""), &path)
            .err()
            .unwrap();
        assert!(err.contains("needs url"), "{err}");
        let err = Config::parse(&with("backend = \"mysql\""), &path)
            .err()
            .unwrap();
        assert!(err.contains("\"sqlite\" or \"postgres\""), "{err}");
        let err = Config::parse(&with("url = \"postgres://g@db/m\""), &path)
            .err()
            .unwrap();
        assert!(err.contains("url is for backend = \"postgres\""), "{err}");
        let err = Config::parse(
            &with("backend = \"postgres\"\nurl = \"postgres://g:bí-mật@db/m?sslmode=sometimes\""),
            &path,
        )
        .err()
        .unwrap();
        assert!(
            err.contains("not a PostgreSQL URL") && !err.contains("bí-mật"),
            "{err}"
        );
        let err = Config::parse(
            &with("backend = \"postgres\"\nurl = \"postgres://g@db/m\"\npool_size = 0"),
            &path,
        )
        .err()
        .unwrap();
        assert!(err.contains("pool_size"), "{err}");
        let config = Config::parse(
            &with(
                "backend = \"postgres\"\n\
                 url = \"postgres://govmail:bí-mật@db.d.gov.vn/govmail?sslmode=require\"\n\
                 password_file = \"db-password\"\nca_file = \"/etc/govmail/db-ca.pem\"\n\
                 pool_size = 4",
            ),
            &path,
        )
        .unwrap();
        let pg = config.pg_config().unwrap().unwrap();
        assert_eq!(pg.password_file, Some(dir.path().join("db-password")));
        assert_eq!(pg.ca_file, Some(PathBuf::from("/etc/govmail/db-ca.pem")));
        assert_eq!(pg.pool_size, 4);
        for shown in [
            format!("{config:?}"),
            format!("{pg:?}"),
            config.store_description(),
        ] {
            assert!(!shown.contains("bí-mật"), "{shown}");
        }
        assert_eq!(
            config.store_description(),
            "PostgreSQL at postgres://govmail:***@db.d.gov.vn/govmail?sslmode=require"
        );
    }

    /// `[storage.blobs]`: files by default; s3 needs endpoint and bucket, reads its keys
    /// from credentials_file, and an error about that file never shows the secret.
    #[test]
    fn blob_backend_settings_are_parsed_and_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("govmail.toml");
        let config = Config::parse(&base, &path).unwrap();
        assert_eq!(config.storage.blobs.backend, "files");
        assert!(config.s3_config().unwrap().is_none());
        let with = |section: &str| format!("{base}\n[storage.blobs]\n{section}\n");
        let err = Config::parse(&with("backend = \"s3\""), &path)
            .err()
            .unwrap();
        assert!(err.contains("endpoint and bucket"), "{err}");
        let err = Config::parse(&with("backend = \"ceph\""), &path)
            .err()
            .unwrap();
        assert!(err.contains("\"files\" or \"s3\""), "{err}");
        let s3 = with(
            "backend = \"s3\"\nendpoint = \"https://s3.d.gov.vn:9000\"\nbucket = \"thu\"\n\
             credentials_file = \"s3.toml\"\nprefix = \"qn/\"",
        );
        std::fs::write(
            dir.path().join("s3.toml"),
            "access_key_id = \"AKIDQN\"\nsecret_access_key = \"bi-mat-Quang-Ngai\"\n",
        )
        .unwrap();
        let s3 = Config::parse(&s3, &path)
            .unwrap()
            .s3_config()
            .unwrap()
            .unwrap();
        assert_eq!(
            (s3.endpoint.as_str(), s3.bucket.as_str(), s3.region.as_str()),
            ("https://s3.d.gov.vn:9000", "thu", "us-east-1")
        );
        assert_eq!((s3.prefix.as_str(), s3.path_style), ("qn/", true));
        assert_eq!(s3.access_key_id, "AKIDQN");
        assert!(!format!("{s3:?}").contains("bi-mat"));
        std::fs::write(
            dir.path().join("s3.toml"),
            "access_key_id = \"AKIDQN\"\nsecret_acess_key = \"bi-mat-Quang-Ngai\"\n",
        )
        .unwrap();
        let s3 = with(
            "backend = \"s3\"\nendpoint = \"https://s3.d.gov.vn\"\nbucket = \"thu\"\n\
             credentials_file = \"s3.toml\"",
        );
        let err = Config::parse(&s3, &path)
            .unwrap()
            .s3_config()
            .err()
            .unwrap();
        assert!(err.contains("s3.toml") && !err.contains("bi-mat"), "{err}");
    }

    #[test]
    fn typos_are_reported() {
        let text = template("h.gov.vn", "d.gov.vn").replace("default_quota =", "defualt_quota =");
        let err = Config::parse(&text, Path::new("x.toml"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("defualt_quota"), "{err}");
    }

    #[test]
    fn queue_and_relay_settings_are_parsed_and_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let config = Config::parse(&base, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let out = config.outbound().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.retry_initial.as_secs(), 300);
        assert_eq!(out.max_age.as_secs(), 5 * 86400);
        assert!(out.routes.smarthost.is_none());
        // Keys go into the [relay] table of the template.
        let relay = |extra: &str| base.replace("[relay]\n", &format!("[relay]\n{extra}"));
        let text = format!(
            "{}\n[relay.routes]\n\"NoiBo.Tinh.gov.vn\" = \"10.0.0.5:2525\"\n",
            relay("smarthost = \"gw.tinh.gov.vn:587\"\nsmarthost_tls = \"required\"\n")
        );
        let config = Config::parse(&text, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let out = config.outbound().unwrap_or_else(|e| panic!("{e}"));
        let route = &out.routes.domains["noibo.tinh.gov.vn"];
        assert_eq!((route.host.as_str(), route.port), ("10.0.0.5", 2525));
        let gw = out
            .routes
            .smarthost
            .unwrap_or_else(|| panic!("no smarthost"));
        assert_eq!(gw.tls, smtp::outbound::TlsMode::Required);
        for (bad, needle) in [
            (
                base.replace("retry_initial = \"5m\"", "retry_initial = \"5 weeks\""),
                "retry_initial",
            ),
            (relay("smarthost = \"gw.tinh.gov.vn\"\n"), "host:port"),
            (
                relay("smarthost = \"gw:25\"\nsmarthost_user = \"u\"\n"),
                "go together",
            ),
        ] {
            let err = Config::parse(&bad, Path::new("x.toml"))
                .err()
                .unwrap_or_default();
            assert!(err.contains(needle), "{err}");
        }
        assert_eq!(
            parse_duration("200ms").ok(),
            Some(std::time::Duration::from_millis(200))
        );
    }

    #[test]
    fn outbound_tls_settings_are_parsed() {
        let base = template("h.gov.vn", "d.gov.vn");
        let config = Config::parse(&base, Path::new("/etc/govmail/govmail.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = config.outbound().unwrap_or_else(|e| panic!("{e}"));
        // The template's defaults: MTA-STS and TLS-RPT on, DANE off (it needs a validating
        // resolver), nothing required, standard ports.
        assert!(out.mta_sts && out.tls_reports && !out.dane);
        assert!(out.require_tls.is_empty() && out.tls_ca_file.is_none());
        assert_eq!((out.mx_port, out.mta_sts_port), (25, 443));
        let no_resolver = base.replace("dane = false", "dane = true");
        let err = Config::parse(&no_resolver, Path::new("x.toml"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("dns_resolver"), "{err}");
        let text = base
            .replace("dane = false", "dane = true")
            .replace(
                "# dns_resolver = \"127.0.0.1:53\"",
                "dns_resolver = \"127.0.0.1:53\"",
            )
            .replace(
                "require_tls = []",
                "require_tls = [\"HaNoi.gov.vn\", \"hue.gov.vn.\"]",
            )
            .replace(
                "# tls_ca_file = \"gov-ca.pem\"",
                "tls_ca_file = \"gov-ca.pem\"",
            )
            .replace("mta_sts = true", "mta_sts = false");
        let config = Config::parse(&text, Path::new("/etc/govmail/govmail.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = config.outbound().unwrap_or_else(|e| panic!("{e}"));
        assert!(out.dane && !out.mta_sts);
        let mut required: Vec<&str> = out.require_tls.iter().map(String::as_str).collect();
        required.sort();
        assert_eq!(required, ["hanoi.gov.vn", "hue.gov.vn"]);
        assert_eq!(
            out.tls_ca_file.as_deref(),
            Some(Path::new("/etc/govmail/gov-ca.pem"))
        );
        let bad = base.replace("require_tls = []", "require_tls = [\"không hợp lệ\"]");
        let err = Config::parse(&bad, Path::new("x.toml"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("require_tls"), "{err}");
    }

    #[test]
    fn limits_are_parsed_and_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let config = Config::parse(&base, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let limits = config.limits().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(limits.per_ip, imap::ConnectionsPerIp::default());
        assert_eq!(limits.deadlines, netlimits::Deadlines::default());
        assert!(limits.exempt.is_empty());
        assert_eq!(config.smtp().deadlines, netlimits::Deadlines::default());
        let text = base
            .replace(
                "exempt_networks = []",
                "exempt_networks = [\"127.0.0.1\", \"10.20.0.0/16\"]",
            )
            .replace("command_deadline = \"60s\"", "command_deadline = \"2m\"")
            .replace(
                "imap_connections_per_ip = 50",
                "imap_connections_per_ip = 7",
            );
        let config = Config::parse(&text, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let limits = config.limits().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(limits.per_ip.imap, 7);
        assert_eq!(limits.deadlines.line.as_secs(), 120);
        assert_eq!(config.smtp().exempt.len(), 2);
        for (from, to, needle) in [
            (
                "exempt_networks = []",
                "exempt_networks = [\"localhost\"]",
                "localhost",
            ),
            (
                "tls_handshake_timeout = \"20s\"",
                "tls_handshake_timeout = \"0s\"",
                "tls_handshake_timeout",
            ),
            (
                "command_deadline = \"60s\"",
                "command_deadline = \"soon\"",
                "command_deadline",
            ),
            (
                "transfer_min_rate = 1024",
                "transfer_min_rate = 0",
                "transfer_min_rate",
            ),
            (
                "pop3_connections_per_ip = 20",
                "pop3_connections_per_ip = 0",
                "pop3_connections_per_ip",
            ),
        ] {
            let err = Config::parse(&base.replace(from, to), Path::new("x.toml"))
                .err()
                .unwrap_or_default();
            assert!(err.contains(needle), "{to}: {err}");
        }
    }

    #[test]
    fn policy_settings_are_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let config = Config::parse(&base, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let p = config.policy().unwrap_or_else(|e| panic!("{e}"));
        assert!(p.is_official_domain("stttt.quangngai.gov.vn"));
        assert_eq!(p.mandatory.len(), 24);
        let bad = base.replace(
            "external_mandatory = \"warn\"",
            "external_mandatory = \"maybe\"",
        );
        let err = Config::parse(&bad, Path::new("x.toml"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("external_mandatory"), "{err}");
        let in_policy = |line: &str| {
            base.replace(
                "external_mandatory = \"warn\"\n",
                &format!("external_mandatory = \"warn\"\n{line}\n"),
            )
        };
        let bad = in_policy("mandatory = [\"giay-moi\", \"thu-rac\"]");
        let err = Config::parse(&bad, Path::new("x.toml"))
            .err()
            .unwrap_or_default();
        assert!(err.contains("thu-rac") && err.contains("giay-moi"), "{err}");
        let ok = in_policy("mandatory = [\"giay-moi\"]");
        let config = Config::parse(&ok, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.policy().map(|p| p.mandatory).ok(),
            Some(vec!["giay-moi".into()])
        );
        // Agency sections: parsed, and checked like the province-wide keys.
        let with_agency =
            |section: &str| base.replace("\n[report]\n", &format!("\n{section}\n\n[report]\n"));
        let ok = with_agency(
            "[policy.agencies.CA-TINH]\nexternal_mandatory = \"reject\"\nmandatory = [\"bao-cao\"]",
        );
        let config = Config::parse(&ok, Path::new("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        let p = config.policy().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.agencies.len(), 1);
        let ca = p.for_sender(&["CA-TINH".to_string()]);
        assert_eq!(ca.external_mandatory, policy::rules::External::Reject);
        assert_eq!(ca.mandatory, ["bao-cao"]);
        for (bad, needle) in [
            (
                "external_mandatory = \"never\"",
                "[policy.agencies.X] external_mandatory",
            ),
            ("mandatory = [\"thu-rac\"]", "[policy.agencies.X] mandatory"),
            ("colour = \"red\"", "colour"),
            ("receipts = \"sometimes\"", "[policy.agencies.X] receipts"),
        ] {
            let text = with_agency(&format!("[policy.agencies.X]\n{bad}"));
            let err = Config::parse(&text, Path::new("x.toml"))
                .and_then(|c| c.policy())
                .err()
                .unwrap_or_default();
            assert!(err.contains(needle), "{bad}: {err}");
        }
    }

    /// Receipts (issue 22 item 2): "delivered" by default, per agency where a section says.
    #[test]
    fn receipts_are_configured_per_agency() {
        use policy::rules::ReceiptMode;
        let base = template("h.gov.vn", "d.gov.vn");
        let p = Config::parse(&base, Path::new("x.toml"))
            .and_then(|c| c.policy())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.receipts, ReceiptMode::Delivered);
        let text = base
            .replace("receipts = \"delivered\"", "receipts = \"read\"")
            .replace(
                "\n[report]\n",
                "\n[policy.agencies.UBND-B]\nreceipts = \"off\"\n\n[report]\n",
            );
        let p = Config::parse(&text, Path::new("x.toml"))
            .and_then(|c| c.policy())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.receipts, ReceiptMode::Read);
        assert_eq!(p.receipts_for(&["UBND-B".into()]), ReceiptMode::Off);
        assert_eq!(p.receipts_for(&["UBND-C".into()]), ReceiptMode::Read);
        let bad = base.replace("receipts = \"delivered\"", "receipts = \"yes\"");
        let err = Config::parse(&bad, Path::new("x.toml"))
            .and_then(|c| c.policy())
            .err()
            .unwrap_or_default();
        assert!(err.contains("[policy] receipts"), "{err}");
    }

    #[test]
    fn urgent_times_and_the_calendar_are_read_and_checked() {
        let base = template("h.gov.vn", "d.gov.vn");
        let p = Config::parse(&base, Path::new("x.toml"))
            .and_then(|c| c.policy())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.urgent, policy::urgent::UrgentRules::default());
        let text = base
            .replace("hoa_toc = \"30m\"", "hoa_toc = \"15m\"")
            .replace("holidays = []", "holidays = [\"2027-09-02\"]");
        let p = Config::parse(&text, Path::new("x.toml"))
            .and_then(|c| c.policy())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.urgent.hoa_toc, 15 * 60);
        assert_ne!(
            p.urgent.calendar,
            policy::working_time::WorkingCalendar::default()
        );
        for (from, to, says) in [
            ("khan = \"4h\"", "khan = \"soon\"", "[policy.urgent] khan"),
            ("khan = \"4h\"", "khan = \"0s\"", "at least one second"),
            ("holidays = []", "holidays = [\"2027-13-01\"]", "2027-13-01"),
            (
                "hours = [\"07:30-11:30\", \"13:30-17:00\"]",
                "hours = [\"07:30-12:00\", \"11:00-17:00\"]",
                "overlap",
            ),
        ] {
            let bad = base.replace(from, to);
            assert_ne!(bad, base, "{from}");
            let err = Config::parse(&bad, Path::new("x.toml"))
                .and_then(|c| c.policy())
                .err()
                .unwrap_or_default();
            assert!(err.contains(says), "{to}: {err}");
        }
    }
}
