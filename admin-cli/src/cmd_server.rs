//! `govmail init`, `demo`, `serve` and `check`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use storage::{AccountKind, NewAccount, OpenMode, Store};

use crate::config::{self, Config};
use crate::{CliError, CliResult};

pub const CONFIG_FILE: &str = "govmail.toml";

/// Creates a server directory; refuses a directory that already has anything in it.
pub fn init(
    dir: &Path,
    domain: &str,
    hostname: Option<&str>,
    data_dir: Option<&Path>,
) -> CliResult<Config> {
    let config = create(dir, domain, hostname, data_dir)?;
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
    let absolute = std::fs::canonicalize(&config_path).unwrap_or(config_path);
    println!("Next: add agencies and accounts, then serve:");
    println!("  export GOVMAIL_CONFIG={}", absolute.display());
    println!("  govmail agency add UBND \"Ủy ban nhân dân tỉnh\" --headcount 40");
    println!("  govmail user add \"Nguyễn Văn An\" --agency UBND");
    println!("  govmail serve");
    Ok(config)
}

/// The work of `init`, without the messages (the demo has its own).
fn create(
    dir: &Path,
    domain: &str,
    hostname: Option<&str>,
    data_dir: Option<&Path>,
) -> CliResult<Config> {
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
    std::fs::write(&config_path, text)
        .map_err(|e| CliError(format!("cannot write {}: {e}", config_path.display())))?;
    let config = Config::load(&config_path)?;
    crate::tls::write_self_signed(
        &hostname,
        &config.resolve(&config.tls.cert),
        &config.resolve(&config.tls.key),
    )?;
    let store = Store::open(&config.data_dir(), OpenMode::CreateIfMissing)?;
    store.add_domain(&domain)?;
    store.shutdown();
    Ok(config)
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

pub fn demo(dir: &Path, port_offset: u16) -> CliResult<ExitCode> {
    let config_path = dir.join(CONFIG_FILE);
    if !config_path.exists() {
        let config = create(dir, "demo.gov.vn", None, None)?;
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
    for port in [2525u16, 2587, 2465, 1143, 1993, 4190, 1110, 1995, 9187] {
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
    let store = Store::open(&config.data_dir(), OpenMode::MustExist)?;
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
            crate::cmd_user::choose_address(config, name, None, domain, &taken)?
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
    store.shutdown();
    write_private(&dir.join(DEMO_CREDENTIALS), &lines)
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

/// Runs the server until Ctrl-C or SIGTERM.
pub fn serve(config: &Config, log_format: crate::cli::LogFormat) -> CliResult<ExitCode> {
    init_logging(log_format);
    let tls = crate::tls::server_config(
        &config.resolve(&config.tls.cert),
        &config.resolve(&config.tls.key),
    )?;
    let _running = crate::cmd_backup::server_lock(&config.data_dir())?;
    let store = Store::open(&config.data_dir(), OpenMode::MustExist)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("govmail")
        .build()
        .map_err(|e| CliError(format!("cannot start the async runtime: {e}")))?;
    let result = runtime.block_on(run_services(config, store.clone(), tls));
    store.shutdown();
    tracing::info!("govmail stopped");
    result.map(|_| ExitCode::SUCCESS)
}

/// Starts every service this build has on its configured address and waits for a signal.
/// Services not built yet (submission, IMAP, POP3, ManageSieve) are reported as not available
/// rather than bound and left silent.
async fn run_services(
    config: &Config,
    store: Store,
    tls: std::sync::Arc<rustls::ServerConfig>,
) -> CliResult {
    let shutdown = tokio_util::sync::CancellationToken::new();
    let tracker = tokio_util::task::TaskTracker::new();
    let accounts = tokio::task::spawn_blocking({
        let store = store.clone();
        move || store.list_accounts(&storage::AccountFilter::default())
    })
    .await
    .map_err(|e| CliError(format!("storage task failed: {e}")))??;
    tracing::info!(
        data_dir = %config.data_dir().display(),
        accounts = accounts.len(),
        hostname = %config.server.hostname,
        "storage open"
    );
    let (tls_tx, tls_rx) = tokio::sync::watch::channel(Some(tokio_rustls::TlsAcceptor::from(tls)));
    let logins = std::sync::Arc::new(policy::login::LoginGuard::default());
    let mut smtp = smtp::Smtp::new(config.smtp(), store.clone(), logins);
    smtp.shutdown = shutdown.clone();
    smtp.policy = config.policy().map_err(CliError)?;
    if config.smtp.check_sender_auth {
        let verifier = match config.smtp.dns_resolver {
            Some(addr) => smtp::mailauth::Verifier::with_nameserver(addr),
            None => smtp::mailauth::Verifier::system(),
        };
        match verifier {
            Ok(v) => smtp.verifier = Some(v),
            Err(e) => tracing::warn!(
                error = %e,
                "SPF/DKIM/DMARC checks are off: no DNS resolver (set [smtp] dns_resolver)"
            ),
        }
    }
    let smtp = std::sync::Arc::new(smtp);
    let mut smtp_listeners = Vec::new();
    let mut imap_listeners = Vec::new();
    for (service, addr) in config.listen.all() {
        if service == "imap" || service == "imaps" {
            let socket = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
                CliError(format!(
                    "cannot listen for {service} on {addr}: {e} (is another mail server running? \
                     change [listen] {service} in the configuration)"
                ))
            })?;
            tracing::info!(%service, %addr, "listening");
            imap_listeners.push(imap::Listener {
                socket,
                implicit_tls: service == "imaps",
            });
            continue;
        }
        let smtp_mode = match service {
            "smtp" => Some((smtp::Mode::Inbound, false)),
            "submission" => Some((smtp::Mode::Submission, false)),
            "submissions" => Some((smtp::Mode::Submission, true)),
            _ => None,
        };
        let Some((mode, implicit_tls)) = smtp_mode else {
            tracing::warn!(
                %service,
                %addr,
                "service not available in this version yet; not listening"
            );
            continue;
        };
        let socket = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            CliError(format!(
                "cannot listen for {service} on {addr}: {e} (is another mail server running? \
                 change [listen] {service} in the configuration)"
            ))
        })?;
        tracing::info!(%service, %addr, "listening");
        smtp_listeners.push(smtp::Listener {
            socket,
            mode,
            implicit_tls,
        });
    }
    let mut outbound = config.outbound().map_err(CliError)?;
    outbound.dkim = crate::cmd_dkim::load_keys(config)?;
    for domain in outbound.dkim.keys() {
        tracing::info!(%domain, "DKIM signing key loaded");
    }
    tracker.spawn(smtp::outbound::run(
        smtp.clone(),
        outbound,
        shutdown.clone(),
    ));
    if let Some(addr) = config.listen.metrics {
        let socket = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            CliError(format!(
                "cannot listen for metrics on {addr}: {e} (change [listen] metrics)"
            ))
        })?;
        tracing::info!(service = "metrics", %addr, "listening");
        tracker.spawn(crate::metrics::serve(
            socket,
            smtp.clone(),
            shutdown.clone(),
        ));
    }
    let imap_service = std::sync::Arc::new(imap::Imap {
        config: imap::ImapConfig {
            plaintext_login_on_loopback: config.smtp.plaintext_auth_on_loopback,
            max_literal: config.smtp().max_message_size as u64,
            ..imap::ImapConfig::default()
        },
        store: store.clone(),
        logins: smtp.logins.clone(),
        shutdown: shutdown.clone(),
    });
    tracker.spawn(imap::serve(imap_listeners, imap_service, tls_rx.clone()));
    tracker.spawn(smtp::serve(
        smtp_listeners,
        smtp.clone(),
        tls_rx.clone(),
        shutdown.clone(),
    ));
    // Handlers are installed before "running" is announced: a SIGTERM right after it must
    // stop the server cleanly, not kill it with the default action.
    let mut signals = Signals::install()?;
    tracing::info!("govmail running; press Ctrl-C to stop");
    while signals.next().await == Signal::Reload {
        reload(config, &tls_tx);
    }
    tracing::info!("shutting down");
    shutdown.cancel();
    tracker.close();
    tracker.wait().await;
    Ok(())
}

#[derive(Debug, PartialEq, Eq)]
enum Signal {
    Stop,
    Reload,
}

/// The signals `serve` answers: Ctrl-C or SIGTERM (stop), SIGHUP (reload).
struct Signals {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> CliResult<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let failed = |e: std::io::Error| CliError(format!("cannot handle signals: {e}"));
            Ok(Signals {
                int: signal(SignalKind::interrupt()).map_err(failed)?,
                term: signal(SignalKind::terminate()).map_err(failed)?,
                hup: signal(SignalKind::hangup()).map_err(failed)?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Signals {})
        }
    }

    async fn next(&mut self) -> Signal {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.int.recv() => Signal::Stop,
                _ = self.term.recv() => Signal::Stop,
                _ = self.hup.recv() => Signal::Reload,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Signal::Stop
        }
    }
}

/// SIGHUP: re-reads the configuration and the TLS certificate. A configuration or
/// certificate with an error is refused whole and the running one stays. New connections get
/// the new certificate; open ones keep theirs. Other settings are checked now and take effect
/// at the next restart (listeners, limits, routes).
fn reload(config: &Config, tls: &tokio::sync::watch::Sender<Option<tokio_rustls::TlsAcceptor>>) {
    let fresh = match Config::load(&config.path) {
        Ok(fresh) => fresh,
        Err(e) => {
            tracing::error!(error = %e, "reload refused: the configuration has an error; still running with the previous one");
            return;
        }
    };
    match crate::tls::server_config(
        &fresh.resolve(&fresh.tls.cert),
        &fresh.resolve(&fresh.tls.key),
    ) {
        Ok(server_config) => {
            let _ = tls.send(Some(tokio_rustls::TlsAcceptor::from(server_config)));
            tracing::info!(
                cert = %fresh.resolve(&fresh.tls.cert).display(),
                "reloaded: TLS certificate in use for new connections; other configuration \
                 changes take effect at the next restart"
            );
        }
        Err(e) => {
            tracing::error!(error = %e, "reload refused: the TLS certificate cannot be used; still running with the previous one")
        }
    }
}

/// Logs go to stderr (journald collects them under systemd). No log line carries a
/// password or AUTH data: credentials only exist as `smtp::Secret`, whose Debug is redacted.
fn init_logging(format: crate::cli::LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        crate::cli::LogFormat::Human => builder.try_init(),
        crate::cli::LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

pub fn check(store: &Store, repair: bool, deep: bool, json: bool) -> CliResult<ExitCode> {
    let report = store.check(deep, repair)?;
    let unresolved = report
        .problems
        .iter()
        .filter(|p| !(p.harmless || report.repaired && p.repairable))
        .count();
    if json {
        crate::output::print_json(&report)?;
    } else {
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
