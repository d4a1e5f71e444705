//! `govmail init`, `demo`, `serve` and `check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use storage::{AccountKind, NewAccount, OpenMode, Store};

use crate::config::{self, Config};
use crate::{CliError, CliResult};

pub const CONFIG_FILE: &str = "govmail.toml";

/// Creates a server directory; refuses a directory that already has anything in it.
/// `init --admin`: the web console's first administrator.
pub struct FirstAdmin<'a> {
    /// A local part or a full address on the domain.
    pub address: &'a str,
    pub name: Option<&'a str>,
    /// The root agency's code (created if absent).
    pub agency: Option<&'a str>,
}

pub fn init(
    dir: &Path,
    domain: &str,
    hostname: Option<&str>,
    data_dir: Option<&Path>,
    organization: Option<&str>,
    admin: Option<FirstAdmin<'_>>,
) -> CliResult<Config> {
    // Checked before anything is written, so a bad --admin leaves no half-made directory.
    if let Some(admin) = &admin {
        first_admin_address(admin.address, &storage::normalize_domain(domain)?)?;
    }
    let (config, fingerprint) = create(dir, domain, hostname, data_dir, organization)?;
    let config_path = dir.join(CONFIG_FILE);
    println!(
        "Created {} for {} (host {}).",
        dir.display(),
        config.server.default_domain,
        config.server.hostname
    );
    println!("  configuration: {}", config_path.display());
    println!("  data:          {}", config.data_dir().display());
    println!(
        "  TLS:           self-signed certificate in {} (replace for production)",
        config.resolve(&config.tls.cert).display()
    );
    print_certificate(&config, &fingerprint);
    let absolute = std::fs::canonicalize(&config_path).unwrap_or(config_path);
    let made = match &admin {
        Some(admin) => Some(make_first_admin(&config, admin, organization)?),
        None => None,
    };
    println!("Next:");
    println!("  export GOVMAIL_CONFIG={}", absolute.display());
    match made {
        Some(made) => {
            println!(
                "The web console's first administrator (quản trị viên), in agency {}:",
                made.agency
            );
            println!("  address:  {}", made.address);
            match &made.password {
                Some(p) => println!(
                    "  password: {p}   (shown only this once: keep it safe, change it after \
                     logging in)"
                ),
                None => println!("  password: unchanged (the account existed already)"),
            }
            println!("  log in at {}/login", console_url(&config));
            println!(
                "There the administrator issues accounts (one at a time, or a staff list as \
                 CSV),"
            );
            println!("changes quotas and sees the server's health. Add the agency tree here:");
            println!(
                "  govmail agency add STTTT \"Sở Thông tin và Truyền thông\" --parent {} \
                 --headcount 35",
                made.agency
            );
        }
        None => {
            println!("  govmail agency add UBND \"Ủy ban nhân dân tỉnh\" --headcount 40");
            println!("  govmail user add \"Nguyễn Văn An\" --agency UBND");
            println!(
                "Then make the first administrator of the web console (quản trị viên), who logs in"
            );
            println!(
                "with the address and password at {}/login (`init --admin ADDRESS` does all \
                 three at once):",
                console_url(&config)
            );
            println!(
                "  govmail user role add annv@{} admin",
                config.server.default_domain
            );
        }
    }
    println!("  govmail serve");
    println!(
        "DNS records to publish: govmail dns {}",
        config.server.default_domain
    );
    Ok(config)
}

/// `--admin`'s full address on `domain`: a bare local part gets the domain.
fn first_admin_address(given: &str, domain: &str) -> CliResult<String> {
    let given = given.trim().to_lowercase();
    let (local, dom) = given.rsplit_once('@').unwrap_or((&given, domain));
    if !adminops::naming::is_valid_local_part(local) || dom != domain {
        return Err(CliError(format!(
            "invalid --admin {given:?}: give a local part such as quantri, or an address on \
             {domain} such as quantri@{domain}"
        )));
    }
    Ok(format!("{local}@{domain}"))
}

/// What `init --admin` made.
struct MadeAdmin {
    address: String,
    agency: String,
    /// None when the account existed already (a data directory kept from before).
    password: Option<String>,
}

/// The root agency's default code: the domain's first label ("quangngai.gov.vn" → QUANGNGAI).
fn root_agency_code(domain: &str) -> String {
    let code: String = domain
        .split('.')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect::<String>()
        .to_ascii_uppercase();
    if code.is_empty() { "ROOT".into() } else { code }
}

/// Creates the root agency (if absent), the administrator's account (if absent) with a
/// generated password, and gives it the admin role; each step is written to the audit log.
fn make_first_admin(
    config: &Config,
    admin: &FirstAdmin<'_>,
    organization: Option<&str>,
) -> CliResult<MadeAdmin> {
    let domain = &config.server.default_domain;
    let address = first_admin_address(admin.address, domain)?;
    let code = admin
        .agency
        .map(|c| c.trim().to_ascii_uppercase())
        .unwrap_or_else(|| root_agency_code(domain));
    let store = config.open_store(OpenMode::MustExist)?;
    let audit = |action: &str, target: &str, detail: String| {
        store.audit(storage::NewAudit {
            actor: "cli:init".into(),
            action: action.into(),
            target: Some(target.to_string()),
            detail: Some(detail),
            source: "cli".into(),
        })
    };
    let agency = match store.get_agency(&code) {
        Ok(a) => a.code,
        Err(storage::StorageError::NotFound { .. }) => {
            let name = organization
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .unwrap_or(domain)
                .to_string();
            let made = store.add_agency(&code, &name, None, None)?;
            audit("agency.add", &made.code, name)?;
            made.code
        }
        Err(e) => return Err(e.into()),
    };
    let password = match store.get_account(&address) {
        Ok(_) => None,
        Err(storage::StorageError::NotFound { .. }) => {
            let password = storage::password::generate();
            let name = admin
                .name
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or("Quản trị hệ thống");
            store.create_account(NewAccount {
                address: address.clone(),
                display_name: name.to_string(),
                agency_code: agency.clone(),
                kind: AccountKind::Personal,
                password_hash: storage::password::hash_generated(&password)?,
                quota: config.default_quota(),
            })?;
            audit("account.issue", &address, format!("{name} ({agency})"))?;
            Some(password)
        }
        Err(e) => return Err(e.into()),
    };
    if store.add_role(&address, storage::Role::Admin, None)? {
        audit(
            "role.add",
            &address,
            role_detail(storage::Role::Admin, None),
        )?;
    }
    store.shutdown();
    Ok(MadeAdmin {
        address,
        agency,
        password,
    })
}

/// The web console's address: the HTTPS listener on the server's host name.
fn console_url(config: &Config) -> String {
    match config.listen.https.map(|a| a.port()) {
        Some(443) | None => format!("https://{}", config.server.hostname),
        Some(port) => format!("https://{}:{port}", config.server.hostname),
    }
}

/// The certificate's names and fingerprint: a user accepting a self-signed certificate in
/// a mail client compares the fingerprint it shows with this one.
fn print_certificate(config: &Config, fingerprint: &str) {
    let names =
        crate::tls::certificate_names(&config.server.hostname, &config.server.default_domain);
    println!("  certificate:   for {}", names.join(", "));
    println!("  SHA-256 fingerprint (compare with what the mail client shows):");
    println!("    {fingerprint}");
}

/// The work of `init`, without the messages (the demo has its own).
fn create(
    dir: &Path,
    domain: &str,
    hostname: Option<&str>,
    data_dir: Option<&Path>,
    organization: Option<&str>,
) -> CliResult<(Config, String)> {
    let domain = storage::normalize_domain(domain)?;
    let hostname = match hostname {
        Some(h) => storage::normalize_domain(h).map_err(|_| {
            CliError(format!(
                "invalid --hostname {h:?}: expected e.g. mail.{domain}"
            ))
        })?,
        None => format!("mail.{domain}"),
    };
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| CliError(format!("cannot read {}: {e}", dir.display())))?;
        if entries.next().is_some() {
            return Err(CliError(format!(
                "{} is not empty: `govmail init` only creates new servers, it never \
                 overwrites. Choose a new directory",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError(format!("cannot create {}: {e}", dir.display())))?;
    let config_path = dir.join(CONFIG_FILE);
    let mut text = config::template(&hostname, &domain);
    if let Some(data_dir) = data_dir {
        let absolute = std::path::absolute(data_dir)
            .map_err(|e| CliError(format!("invalid --data-dir {}: {e}", data_dir.display())))?;
        let value = toml::Value::String(absolute.display().to_string());
        text = text.replace("data_dir = \"data\"", &format!("data_dir = {value}"));
    }
    if let Some(org) = organization.map(str::trim).filter(|o| !o.is_empty()) {
        let value = toml::Value::String(org.to_string());
        text = text.replace(
            "# organization = \"Sở Thông tin và Truyền thông tỉnh Quảng Ngãi\"",
            &format!("organization = {value}"),
        );
    }
    std::fs::write(&config_path, text)
        .map_err(|e| CliError(format!("cannot write {}: {e}", config_path.display())))?;
    let config = Config::load(&config_path)?;
    let fingerprint = crate::tls::write_self_signed(
        &crate::tls::certificate_names(&hostname, &domain),
        config.server.organization.as_deref(),
        &config.resolve(&config.tls.cert),
        &config.resolve(&config.tls.key),
    )?;
    let store = config.open_store(OpenMode::CreateIfMissing)?;
    // A data directory may already hold mail, e.g. after the package was purged (purge keeps
    // the mail) and installed again: it is kept as it is, with the domain added if missing.
    if !store.list_domains()?.iter().any(|d| d.name == domain) {
        store.add_domain(&domain)?;
    }
    store.shutdown();
    Ok((config, fingerprint))
}

/// The demo agency tree: (code, name, parent, headcount).
const DEMO_AGENCIES: &[(&str, &str, Option<&str>, u32)] = &[
    ("UBND", "Ủy ban nhân dân tỉnh Demo", None, 40),
    ("STTTT", "Sở Thông tin và Truyền thông", Some("UBND"), 35),
    ("SNV", "Sở Nội vụ", Some("UBND"), 30),
    ("XA-ANHOA", "Ủy ban nhân dân xã An Hòa", Some("UBND"), 20),
];

/// The demo accounts: (full name, agency, unit mailbox?).
const DEMO_ACCOUNTS: &[(&str, &str, bool)] = &[
    ("Nguyễn Văn An", "STTTT", false),
    ("Trần Thị Bích Ngọc", "STTTT", false),
    ("Lê Hoàng Đức", "SNV", false),
    ("Phạm Thị Hòa", "XA-ANHOA", false),
    ("Văn thư Sở Thông tin và Truyền thông", "STTTT", true),
];

const DEMO_CREDENTIALS: &str = "demo-accounts.txt";

/// The demo's first administrator (also a report viewer of the whole province) and a report
/// viewer of one Sở, by local part (the first two demo accounts' derived addresses).
const DEMO_ADMIN: &str = "annv";
const DEMO_VIEWER: &str = "ngocttb";

pub fn demo(dir: &Path, port_offset: u16) -> CliResult<ExitCode> {
    let config_path = dir.join(CONFIG_FILE);
    if !config_path.exists() {
        let (config, _) = create(dir, "demo.gov.vn", None, None, Some(DEMO_AGENCIES[0].1))?;
        if port_offset > 0 {
            shift_ports(&dir.join(CONFIG_FILE), port_offset)?;
        }
        println!("Created the demo server in {}.", dir.display());
        populate_demo(&config, dir)?;
    }
    let config = Config::load(&config_path)?;
    let credentials = std::fs::read_to_string(dir.join(DEMO_CREDENTIALS)).unwrap_or_default();
    println!();
    println!(
        "Demo accounts (address / password), also in {}:",
        dir.join(DEMO_CREDENTIALS).display()
    );
    print!("{credentials}");
    println!();
    println!("Mail client settings (self-signed certificate: accept it once):");
    for (service, addr) in config.listen.all() {
        println!("  {service:<12} {addr}");
    }
    println!("  user name: the full address; password: as above");
    if let Some(https) = config.listen.https {
        let domain = &config.server.default_domain;
        println!();
        println!("Automatic set-up (Thunderbird, Outlook, iPhone): the clients look these up");
        println!("under autoconfig.{domain} and autodiscover.{domain}; to try without DNS:");
        println!(
            "  curl -k --resolve autoconfig.{domain}:{port}:{ip} \\\n    \
             'https://autoconfig.{domain}:{port}/mail/config-v1.1.xml?emailaddress=annv@{domain}'",
            port = https.port(),
            ip = https.ip()
        );
        println!("  setup page with QR code for phones: https://{https}/setup");
        println!();
        println!("Web console (trang quản trị): https://{https}/login — log in with an address");
        println!("and password above. {DEMO_ADMIN}@{domain} is an administrator (quản trị viên)");
        println!("and sees the whole province's usage report; {DEMO_VIEWER}@{domain} sees only");
        println!("STTTT's; everyone can change their password and set an out-of-office reply.");
        println!(
            "The administrator's desk (issue accounts, import a staff CSV, quotas, unit \
             mailboxes,"
        );
        println!("quarantine, outbound queue, server health): https://{https}/console/admin");
    }
    match crate::tls::fingerprint(&config.resolve(&config.tls.cert)) {
        Ok(fingerprint) => {
            println!();
            println!("TLS certificate (self-signed) SHA-256 fingerprint, to compare with what the");
            println!("mail client shows before accepting it:");
            println!("  {fingerprint}");
        }
        Err(e) => println!("(cannot read the certificate: {e})"),
    }
    println!(
        "Administer it in another terminal with: GOVMAIL_CONFIG={} govmail user list",
        config_path.display()
    );
    serve(&config, crate::cli::LogFormat::Human)
}

/// Moves every default listener port by `offset` in a freshly written configuration.
fn shift_ports(path: &Path, offset: u16) -> CliResult {
    let mut text = std::fs::read_to_string(path)
        .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
    for port in [
        2525u16, 2587, 2465, 1143, 1993, 4190, 1110, 1995, 9187, 8443, 8080,
    ] {
        let shifted = port.checked_add(offset).ok_or_else(|| {
            CliError(format!(
                "--port-offset {offset} moves port {port} past 65535"
            ))
        })?;
        text = text.replace(
            &format!("127.0.0.1:{port}\""),
            &format!("127.0.0.1:{shifted}\""),
        );
    }
    std::fs::write(path, text)
        .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))
}

fn populate_demo(config: &Config, dir: &Path) -> CliResult {
    let store = config.open_store(OpenMode::MustExist)?;
    for (code, name, parent, headcount) in DEMO_AGENCIES {
        store.add_agency(code, name, *parent, Some(*headcount))?;
    }
    let domain = &config.server.default_domain;
    let mut taken = std::collections::HashSet::new();
    let mut lines = String::new();
    let mut accounts = Vec::new();
    for (name, agency, unit) in DEMO_ACCOUNTS {
        let address = if *unit {
            format!("vanthu@{domain}")
        } else {
            adminops::issue::choose_address(
                config.accounts.address_rule,
                name,
                None,
                domain,
                &taken,
            )
            .map_err(CliError)?
        };
        taken.insert(address.clone());
        let password = storage::password::generate();
        lines.push_str(&format!("  {address:<28} {password}   {name}\n"));
        accounts.push(NewAccount {
            address,
            display_name: name.to_string(),
            agency_code: agency.to_string(),
            kind: if *unit {
                AccountKind::Unit
            } else {
                AccountKind::Personal
            },
            password_hash: storage::password::hash_generated(&password)?,
            quota: config.default_quota(),
        });
    }
    store.create_accounts(accounts)?;
    for (local, role, agency) in [
        (DEMO_ADMIN, storage::Role::Admin, None),
        (DEMO_ADMIN, storage::Role::ReportViewer, Some("UBND")),
        (DEMO_VIEWER, storage::Role::ReportViewer, Some("STTTT")),
    ] {
        let address = format!("{local}@{domain}");
        if taken.contains(&address) {
            store.add_role(&address, role, agency)?;
            store.audit(storage::NewAudit {
                actor: "cli:demo".into(),
                action: "role.add".into(),
                target: Some(address),
                detail: Some(role_detail(role, agency)),
                source: "cli".into(),
            })?;
        }
    }
    store.shutdown();
    write_private(&dir.join(DEMO_CREDENTIALS), &lines)
}

/// How a role is written in the audit log: `admin`, `report-viewer STTTT`.
pub fn role_detail(role: storage::Role, agency: Option<&str>) -> String {
    match agency {
        Some(code) => format!("{role} {code}"),
        None => role.to_string(),
    }
}

fn write_private(path: &PathBuf, text: &str) -> CliResult {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))
}

/// Most threads for blocking work at once, per core; more work waits its turn. Blocking work
/// (SQLite reads, a delivery's fsync and group commit) is short and CPU- or disk-bound, so a
/// few threads per core keep both busy: 8 and 64 threads on 2 cores deliver the same SMTP
/// load (50 sessions). More threads only cost memory, since each thread that ever ran keeps
/// its stack and its allocator arena, and a burst of connections would start one per client.
const BLOCKING_THREADS_PER_CORE: usize = 4;

/// Runs the server until Ctrl-C or SIGTERM.
pub fn serve(config: &Config, log_format: crate::cli::LogFormat) -> CliResult<ExitCode> {
    init_logging(log_format);
    let _running = crate::cmd_backup::server_lock(&config.data_dir())?;
    let store = config.open_store(OpenMode::MustExist)?;
    tracing::info!(store = %config.store_description(), "metadata");
    tracing::info!(blobs = %config.blobs_description(), "message contents");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // tokio's default is 512 threads.
        .max_blocking_threads(
            BLOCKING_THREADS_PER_CORE * std::thread::available_parallelism().map_or(2, |n| n.get()),
        )
        .thread_name("govmail")
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))?;
    index_backlog(&store);
    let result = runtime.block_on(crate::services::run(config, store.clone()));
    // Drops the tasks still running after the grace, and waits a little for the storage
    // calls in progress on blocking threads (each one bounded) before the store stops.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    store.shutdown();
    tracing::info!("govmail stopped");
    result.map(|_| ExitCode::SUCCESS)
}

/// Indexes, in the background, mail stored before the full-text index existed (an upgrade
/// from schema 7). Searches are complete meanwhile: a search indexes its own mailbox first.
fn index_backlog(store: &Store) {
    let store = store.clone();
    let spawned = std::thread::Builder::new()
        .name("search-index".into())
        .spawn(move || {
            let mut total = 0;
            loop {
                match store.index_backlog() {
                    Ok(0) => break,
                    Ok(n) => total += n,
                    Err(e) => {
                        tracing::warn!(error = %e, "indexing older mail for search stopped");
                        return;
                    }
                }
            }
            if total > 0 {
                tracing::info!(contents = total, "older mail indexed for search");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "cannot start the search indexing thread");
    }
}

/// Logs go to stderr (journald collects them under systemd). No log line carries a
/// password or AUTH data: credentials only exist as `smtp::Secret`, whose Debug is redacted.
fn init_logging(format: crate::cli::LogFormat) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only on a terminal: journald (and a log file) would keep the escape codes,
    // and an administrator grepping for `account=annv@...` would not find it.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let _ = match format {
        crate::cli::LogFormat::Human => builder.finish().with(QuietSniIpAddress).try_init(),
        crate::cli::LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .finish()
            .with(QuietSniIpAddress)
            .try_init(),
    };
}

/// Drops one rustls warning, "Illegal SNI extension: ignoring IP address presented as
/// hostname", which every client that connects by IP address (`mail.example` unset in DNS,
/// a test, a monitoring probe) causes once per connection: RFC 6066 §3 forbids an address
/// there, rustls ignores it and the handshake goes on, so it says nothing an administrator
/// can act on. An `EnvFilter` directive can only silence its whole module
/// (`rustls::msgs::handshake`), which also warns of duplicate or malformed names and of a
/// meaningless CertificateRequest (seen by our outbound client): those still show.
struct QuietSniIpAddress;

const SNI_IP_WARNING: &str = "Illegal SNI extension: ignoring IP address";

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QuietSniIpAddress {
    fn event_enabled(
        &self,
        event: &tracing::Event<'_>,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) -> bool {
        // rustls logs through the `log` crate: tracing-log turns each record into an event
        // of target "log", with the record's own target in the field `log.target`.
        #[derive(Default)]
        struct Seen {
            rustls: bool,
            sni_ip: bool,
        }
        impl tracing::field::Visit for Seen {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "message" {
                    self.sni_ip = format!("{value:?}").starts_with(SNI_IP_WARNING);
                }
            }
            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                match field.name() {
                    "log.target" => self.rustls = value.starts_with("rustls::"),
                    "message" => self.sni_ip = value.starts_with(SNI_IP_WARNING),
                    _ => {}
                }
            }
        }
        let metadata = event.metadata();
        if metadata.level() != &tracing::Level::WARN {
            return true;
        }
        let mut seen = Seen {
            rustls: metadata.target().starts_with("rustls::"),
            ..Seen::default()
        };
        event.record(&mut seen);
        !(seen.rustls && seen.sni_ip)
    }
}

pub fn check(
    config: &Config,
    store: &Store,
    repair: bool,
    deep: bool,
    json: bool,
) -> CliResult<ExitCode> {
    let report = store.check(deep, repair)?;
    let unresolved = report
        .problems
        .iter()
        .filter(|p| !(p.harmless || report.repaired && p.repairable))
        .count();
    if json {
        crate::output::print_json(&report)?;
    } else {
        // Which store: several nodes' configurations must name the same one (no password).
        println!(
            "Store: {}; message contents: {}.",
            config.store_description(),
            config.blobs_description()
        );
        println!(
            "Checked {} account(s), {} message(s), {} distinct content(s), {} blob file(s) ({}).",
            report.accounts,
            report.messages,
            report.contents,
            report.blob_files,
            crate::sizes::format_size(report.blob_bytes)
        );
        for p in &report.problems {
            let state = if report.repaired && p.repairable {
                "repaired"
            } else if p.harmless {
                "harmless leftover; --repair removes it"
            } else if p.repairable {
                "repairable with --repair"
            } else {
                "NOT repairable"
            };
            println!("  [{}] {} ({state})", p.kind, p.detail);
        }
        if report.problems.is_empty() {
            println!("No problems found.");
        }
    }
    Ok(if unresolved == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
