//! The running server: every service on its configured address, the signals, and the reload.
//!
//! A reload (SIGHUP) builds everything the new configuration needs first — TLS, the SMTP and
//! IMAP settings, policy, outbound routes and DKIM keys, sockets for moved listeners — and
//! swaps it in only when all of it succeeded. So a configuration with an error is refused
//! whole and the running one stays. Each new connection takes the newest generation; open
//! sessions finish with the one they started with, so nothing is dropped.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use storage::Store;

use crate::config::Config;
use crate::{CliError, CliResult};

/// What one configuration builds, made before anything is swapped in.
struct Generation {
    tls: TlsAcceptor,
    smtp: Arc<smtp::Smtp>,
    imap: Arc<imap::Imap>,
    outbound: Arc<smtp::outbound::OutboundConfig>,
    web: Arc<web::Web>,
}

impl Generation {
    /// `base` lends the parts that outlive a reload: storage, the login throttle, counters,
    /// the outbound wake-up and the shutdown signal.
    fn build(
        config: &Config,
        base: &smtp::Smtp,
        imap_stats: &Arc<imap::stats::Stats>,
        acme: &web::acme::Challenges,
        sessions: &Arc<auth::Sessions>,
        tls_status: &Arc<crate::acme::Status>,
    ) -> CliResult<Generation> {
        let (tls, profile_signer) = crate::tls::server_config_and_signer(
            &config.resolve(&config.tls.cert),
            &config.resolve(&config.tls.key),
        )?;
        let mut smtp = base.reconfigured(config.smtp()).with_sieve(config.sieve());
        smtp.policy = config.policy().map_err(CliError)?;
        smtp.signatures = config.signatures().map_err(CliError)?.map(Arc::new);
        if let Some(anchors) = &smtp.signatures {
            tracing::info!(
                anchors = anchors.len(),
                "PDF signatures of official documents are checked"
            );
        }
        for rules in &smtp.policy.agencies {
            if base.store.get_agency(&rules.agency).is_err() {
                return Err(CliError(format!(
                    "[policy.agencies.{}]: no agency has the code {} (see `govmail agency \
                     list`); fix or remove the section",
                    rules.agency, rules.agency
                )));
            }
        }
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
        let mut outbound = config.outbound().map_err(CliError)?;
        outbound.dkim = crate::cmd_dkim::load_keys(config)?;
        let limits = config.limits().map_err(CliError)?;
        let imap = imap::Imap {
            config: imap::ImapConfig {
                connections_per_ip: limits.per_ip,
                exempt: limits.exempt.clone(),
                deadlines: limits.deadlines,
                plaintext_login_on_loopback: config.smtp.plaintext_auth_on_loopback,
                max_literal: smtp.config.max_message_size as u64,
                sieve_max_redirects: config.sieve.max_redirects,
                ..imap::ImapConfig::default()
            },
            store: base.store.clone(),
            logins: base.logins.clone(),
            shutdown: base.shutdown.clone(),
            stats: imap_stats.clone(),
        };
        let web = web::Web {
            settings: config.mail_settings().map_err(CliError)?,
            domains: Arc::new(base.store.clone()),
            limits: web::Limits {
                exempt: limits.exempt.clone(),
                handshake: limits.deadlines.handshake,
                ..web::Limits::default()
            },
            acme: acme.clone(),
            profile_signer,
            console: Some(Arc::new(web::console::Console {
                store: base.store.clone(),
                logins: base.logins.clone(),
                sessions: sessions.clone(),
                rule: policy::report::usage::RegularRule {
                    weeks_percent: config.report.regular_weeks_percent,
                    target_percent: config.report.target_percent,
                },
                admin: web::console::admin::AdminSettings {
                    issue: crate::cmd_user::issue_rules(config),
                    default_domain: config.server.default_domain.clone(),
                    metrics: Some(crate::metrics::render_parts(
                        base.stats.clone(),
                        imap_stats.clone(),
                        base.store.clone(),
                        tls_status.clone(),
                    )),
                    certificate: Some(web::console::admin::CertificateSource {
                        path: config.resolve(&config.tls.cert),
                        expiry: |path| crate::acme::Facts::read(path).map(|f| f.not_after),
                    }),
                },
                denials: Default::default(),
            })),
        };
        Ok(Generation {
            web: Arc::new(web),
            tls: TlsAcceptor::from(tls),
            smtp: Arc::new(smtp),
            imap: Arc::new(imap),
            outbound: Arc::new(outbound),
        })
    }
}

/// The services this build answers, with the listener kind each one is.
fn service_kind(service: &str) -> Option<Kind> {
    Some(match service {
        "smtp" => Kind::Smtp(smtp::Mode::Inbound, false),
        "submission" => Kind::Smtp(smtp::Mode::Submission, false),
        "submissions" => Kind::Smtp(smtp::Mode::Submission, true),
        "imap" => Kind::Imap(imap::Protocol::Imap, false),
        "imaps" => Kind::Imap(imap::Protocol::Imap, true),
        "pop3" => Kind::Imap(imap::Protocol::Pop3, false),
        "pop3s" => Kind::Imap(imap::Protocol::Pop3, true),
        "managesieve" => Kind::Imap(imap::Protocol::ManageSieve, false),
        "metrics" => Kind::Metrics,
        "https" => Kind::Https,
        "http" => Kind::Http,
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum Kind {
    Smtp(smtp::Mode, bool),
    /// Served by the IMAP service's storage and settings: IMAP, POP3 or ManageSieve.
    Imap(imap::Protocol, bool),
    Metrics,
    /// The web service (crate `web`) over TLS, or plain HTTP.
    Https,
    Http,
}

/// Every configured address, services and the metrics endpoint alike.
fn addresses(config: &Config) -> Vec<(&'static str, SocketAddr)> {
    let mut all = config.listen.all();
    for (service, addr) in [
        ("metrics", config.listen.metrics),
        ("https", config.listen.https),
        ("http", config.listen.http),
    ] {
        if let Some(addr) = addr {
            all.push((service, addr));
        }
    }
    all
}

/// A listener in service: its address and what stops it.
struct Bound {
    addr: SocketAddr,
    stop: CancellationToken,
}

/// The running server.
struct Running {
    config: Config,
    shutdown: CancellationToken,
    tls: watch::Sender<Option<TlsAcceptor>>,
    smtp: watch::Sender<Arc<smtp::Smtp>>,
    imap: watch::Sender<Arc<imap::Imap>>,
    outbound: watch::Sender<Arc<smtp::outbound::OutboundConfig>>,
    web: watch::Sender<Arc<web::Web>>,
    /// The configuration in service, for the ACME renewal task.
    config_tx: watch::Sender<Config>,
    /// Pending ACME HTTP-01 answers (outlive generations).
    acme: web::acme::Challenges,
    /// The web console's sessions (outlive generations: a reload logs nobody out).
    sessions: Arc<auth::Sessions>,
    /// The certificate's expiry and the renewal failures, for the metrics.
    tls_status: Arc<crate::acme::Status>,
    /// The newest TLS acceptor, for listeners started later.
    tls_rx: watch::Receiver<Option<TlsAcceptor>>,
    smtp_server: smtp::Server,
    imap_server: imap::Server,
    tasks: tokio_util::task::TaskTracker,
    listening: BTreeMap<&'static str, Bound>,
}

impl Running {
    /// Binds the addresses of `config` that are not already served where it says (all of
    /// them at start). Nothing is started: a failure leaves the running server as it was.
    async fn bind_changed(
        &self,
        config: &Config,
    ) -> CliResult<Vec<(&'static str, SocketAddr, TcpListener)>> {
        let mut bound = Vec::new();
        for (service, addr) in addresses(config) {
            if self.listening.get(service).is_some_and(|b| b.addr == addr) {
                continue;
            }
            if service_kind(service).is_none() {
                tracing::warn!(
                    %service,
                    %addr,
                    "service not available in this version yet; not listening"
                );
                continue;
            }
            let socket = TcpListener::bind(addr).await.map_err(|e| {
                CliError(format!(
                    "cannot listen for {service} on {addr}: {e} (is another mail server \
                     running? change [listen] {service} in the configuration)"
                ))
            })?;
            bound.push((service, addr, socket));
        }
        Ok(bound)
    }

    /// Stops the listeners `config` no longer has (or has elsewhere) and starts `fresh`.
    fn switch_listeners(
        &mut self,
        config: &Config,
        fresh: Vec<(&'static str, SocketAddr, TcpListener)>,
    ) {
        let wanted: BTreeMap<_, _> = addresses(config).into_iter().collect();
        let gone: Vec<&'static str> = self
            .listening
            .iter()
            .filter(|(service, b)| wanted.get(*service) != Some(&b.addr))
            .map(|(service, _)| *service)
            .collect();
        for service in gone {
            if let Some(b) = self.listening.remove(service) {
                b.stop.cancel();
                tracing::info!(%service, addr = %b.addr, "stopped listening");
            }
        }
        for (service, addr, socket) in fresh {
            let Some(kind) = service_kind(service) else {
                continue;
            };
            let stop = self.shutdown.child_token();
            match kind {
                Kind::Smtp(mode, implicit_tls) => self.smtp_server.listen(
                    smtp::Listener {
                        socket,
                        mode,
                        implicit_tls,
                    },
                    stop.clone(),
                ),
                Kind::Imap(protocol, implicit_tls) => self.imap_server.listen(
                    imap::Listener {
                        socket,
                        protocol,
                        implicit_tls,
                    },
                    stop.clone(),
                ),
                Kind::Metrics => {
                    let (smtp, imap) = (self.smtp.borrow().clone(), self.imap.borrow().clone());
                    let render = crate::metrics::render_fn(smtp, imap, self.tls_status.clone());
                    self.tasks
                        .spawn(web::serve_metrics(socket, render, stop.clone()));
                }
                Kind::Https => {
                    self.tasks.spawn(web::serve_https(
                        socket,
                        self.tls_rx.clone(),
                        self.web.subscribe(),
                        stop.clone(),
                    ));
                }
                Kind::Http => {
                    self.tasks
                        .spawn(web::serve_http(socket, self.web.subscribe(), stop.clone()));
                }
            }
            tracing::info!(%service, %addr, "listening");
            self.listening.insert(service, Bound { addr, stop });
        }
    }

    /// Puts a new generation in service for new connections.
    fn install(&mut self, generation: Generation) {
        let _ = self.tls.send(Some(generation.tls));
        let _ = self.smtp.send(generation.smtp);
        let _ = self.imap.send(generation.imap);
        let _ = self.outbound.send(generation.outbound);
        let _ = self.web.send(generation.web);
    }

    /// SIGHUP. See the module comment.
    async fn reload(&mut self) {
        let fresh = match Config::load(&self.config.path) {
            Ok(fresh) => fresh,
            Err(e) => return refused(&e),
        };
        if fresh.data_dir() != self.config.data_dir() {
            return refused(&format!(
                "[server] data_dir changed to {}: moving the data needs a restart",
                fresh.data_dir().display()
            ));
        }
        let base = self.smtp.borrow().clone();
        let imap_stats = self.imap.borrow().stats.clone();
        let generation = match Generation::build(
            &fresh,
            &base,
            &imap_stats,
            &self.acme,
            &self.sessions,
            &self.tls_status,
        ) {
            Ok(g) => g,
            Err(e) => return refused(&e.0),
        };
        let sockets = match self.bind_changed(&fresh).await {
            Ok(s) => s,
            Err(e) => return refused(&e.0),
        };
        let moved = sockets.len();
        base.store.set_min_free_space(fresh.min_free_space());
        self.install(generation);
        self.switch_listeners(&fresh, sockets);
        self.tls_status
            .note_certificate(&fresh.resolve(&fresh.tls.cert));
        tracing::info!(
            config = %fresh.path.display(),
            cert = %fresh.resolve(&fresh.tls.cert).display(),
            listeners_started = moved,
            "reloaded: new connections use the new configuration and certificate; open \
             sessions finish with the previous one"
        );
        self.config_tx.send_replace(fresh.clone());
        self.config = fresh;
    }
}

/// With `[tls] acme` and no certificate yet (a fresh install), a self-signed stand-in so
/// that the listeners can start; the ACME task replaces it at once.
fn placeholder_for_acme(config: &Config) -> CliResult {
    let (cert, key) = (
        config.resolve(&config.tls.cert),
        config.resolve(&config.tls.key),
    );
    if config.tls.acme.is_none() || (cert.exists() && key.exists()) {
        return Ok(());
    }
    let names =
        crate::tls::certificate_names(&config.server.hostname, &config.server.default_domain);
    crate::tls::write_self_signed(&names, None, &cert, &key)?;
    tracing::warn!(
        cert = %cert.display(),
        "no certificate yet: a self-signed one stands in until the ACME order completes"
    );
    Ok(())
}

fn refused(error: &str) {
    tracing::error!(
        error = %error,
        "reload refused: nothing changed; still running with the previous configuration"
    );
}

/// Starts every service of `config` and serves until Ctrl-C or SIGTERM.
pub async fn run(config: &Config, store: Store) -> CliResult {
    let shutdown = CancellationToken::new();
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
    // One password-check pool and one throttle for every protocol.
    let pool = Arc::new(auth::PasswordPool::per_core());
    // Several nodes on one database count login failures together.
    let logins = Arc::new(auth::Logins::for_store(
        auth::ThrottleConfig::default(),
        pool,
        &store,
    ));
    let mut base = smtp::Smtp::new(config.smtp(), store, logins);
    base.shutdown = shutdown.clone();
    placeholder_for_acme(config)?;
    let acme = web::acme::Challenges::default();
    // In this process's memory: one node (see auth::session).
    let sessions = Arc::new(auth::Sessions::new(config.session_config()?));
    let tls_status = Arc::new(crate::acme::Status::default());
    tls_status.note_certificate(&config.resolve(&config.tls.cert));
    let first = Generation::build(
        config,
        &base,
        &Arc::default(),
        &acme,
        &sessions,
        &tls_status,
    )?;
    for domain in first.outbound.dkim.keys() {
        tracing::info!(%domain, "DKIM signing key loaded");
    }
    let (tls, tls_rx) = watch::channel(Some(first.tls.clone()));
    let (smtp_tx, smtp_rx) = watch::channel(first.smtp.clone());
    let (imap_tx, imap_rx) = watch::channel(first.imap.clone());
    let (outbound_tx, outbound_rx) = watch::channel(first.outbound.clone());
    let (web_tx, _) = watch::channel(first.web.clone());
    let tasks = tokio_util::task::TaskTracker::new();
    let mut running = Running {
        config: config.clone(),
        shutdown: shutdown.clone(),
        tls,
        smtp: smtp_tx,
        imap: imap_tx,
        outbound: outbound_tx,
        web: web_tx,
        config_tx: watch::channel(config.clone()).0,
        acme: acme.clone(),
        sessions,
        tls_status: tls_status.clone(),
        tls_rx: tls_rx.clone(),
        smtp_server: smtp::Server::new(smtp_rx, tls_rx.clone()),
        imap_server: imap::Server::new(imap_rx, tls_rx),
        tasks: tasks.clone(),
        listening: BTreeMap::new(),
    };
    let sockets = running.bind_changed(config).await?;
    running.switch_listeners(config, sockets);
    tasks.spawn(smtp::outbound::run(
        first.smtp.outbound_context(),
        outbound_rx,
        shutdown.clone(),
    ));
    // Recalls of official documents (the "Thu hồi" folder, `govmail recall`, notices from
    // other servers): requests are durable in the store; this worker carries them out.
    tasks.spawn(smtp::recall::run(
        smtp::recall::Context {
            hostname: first.smtp.config.hostname.clone(),
            store: first.smtp.store.clone(),
            outbox: first.smtp.outbox(),
            wake: Arc::new(tokio::sync::Notify::new()),
            poll: smtp::recall::POLL,
        },
        shutdown.clone(),
    ));
    // The receipt sender (issue 22): with the newest generation's policy and host name.
    tasks.spawn(smtp::receipts::run(
        running.smtp.subscribe(),
        shutdown.clone(),
    ));
    // The follow-up of unread urgent documents (issue 22): reminders and escalations.
    tasks.spawn(smtp::follow_up::run(
        running.smtp.subscribe(),
        shutdown.clone(),
    ));
    // Handlers are installed before "running" is announced: a SIGTERM right after it must
    // stop the server cleanly, not kill it with the default action.
    let mut signals = Signals::install()?;
    // The ACME task: checks now, on each SIGHUP and daily; a new certificate reloads.
    let acme_wake = Arc::new(tokio::sync::Notify::new());
    let (installed_tx, mut installed) = tokio::sync::mpsc::channel(1);
    tasks.spawn(crate::acme::run(
        running.config_tx.subscribe(),
        acme,
        tls_status,
        acme_wake.clone(),
        installed_tx,
        shutdown.clone(),
    ));
    tracing::info!("govmail running; press Ctrl-C to stop");
    loop {
        tokio::select! {
            signal = signals.next() => {
                if signal != Signal::Reload {
                    break;
                }
                running.reload().await;
                acme_wake.notify_one();
            }
            Some(()) = installed.recv() => running.reload().await,
        }
    }
    tracing::info!("shutting down");
    shutdown.cancel();
    let finished = async {
        running.smtp_server.wait().await;
        running.imap_server.wait().await;
        tasks.close();
        tasks.wait().await;
    };
    if tokio::time::timeout(SHUTDOWN_GRACE, finished)
        .await
        .is_err()
    {
        // What is cut was not acknowledged: a message still being received gets no 250, so
        // its sender retries; an outbound delivery's lease runs out and it is tried again.
        tracing::warn!(
            grace = ?SHUTDOWN_GRACE,
            "sessions or tasks still running after the shutdown grace; they are cut"
        );
    }
    Ok(())
}

/// How long a shutdown waits for sessions to end and tasks to finish: a transfer in progress
/// is finished and answered, an outbound delivery completes, a session says goodbye. Then
/// whatever still runs (a client trickling a large message, a slow remote server) is cut, so
/// that `serve` always stops well within systemd's TimeoutStopSec (90 s in our unit).
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

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
