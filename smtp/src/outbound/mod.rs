//! The outbound worker: takes due entries from the persistent queue, delivers them to the
//! next hop (static route, smarthost or MX), records each recipient's outcome, retries with
//! exponential backoff, and reports to the sender with DSNs (RFC 3464): a delay notice once
//! after `delay_notice`, a failure report on a permanent error or when `max_age` has passed.
//!
//! Every outcome is committed before the worker moves on, so after a crash only the attempt
//! in progress can be repeated (a remote 250 whose record was not yet durable): nothing
//! accepted is lost, and nothing recorded as sent is sent again.
//!
//! The worker takes what it uses and nothing more: a [`Context`] (the store, the counters,
//! the outbox for DSNs, whose wake-up call is the worker's own) and the live
//! [`OutboundConfig`] (our name, routes, DKIM keys, timings), not the SMTP service's hub.

mod client;
mod dane;
pub mod mta_sts;
mod mta_sts_fetch;
mod route;
mod tls_policy;
pub mod tls_report;
mod tls_verify;

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hickory_resolver::TokioResolver;
use storage::{QueueEntry, QueueRecipient, RecipientOutcome, RecipientState, Store};
use tokio_rustls::TlsConnector;
use tokio_util::sync::CancellationToken;

use crate::notices::{self, Action, DsnInput, RecipientStatus};
use crate::outbox::Outbox;
use crate::stats::Stats;

pub use client::xtext;
pub use route::{Route, Routes, TlsMode};

/// Settings of the outbound queue (`[queue]` and `[relay]` in govmail.toml).
#[derive(Debug, Clone)]
pub struct OutboundConfig {
    /// Our name: the EHLO argument, and the reporting MTA in DSNs (`[server] hostname`).
    pub hostname: String,
    /// First retry delay; each later one doubles, up to `retry_max`.
    pub retry_initial: Duration,
    pub retry_max: Duration,
    /// Give up (failure DSN, status 4.4.7) after this long in the queue.
    pub max_age: Duration,
    /// Send the sender one "still trying" DSN after this long.
    pub delay_notice: Duration,
    /// How often the queue is looked at even without a wake-up (catches `govmail queue retry`
    /// from another process).
    pub poll_interval: Duration,
    /// Timeout of each step of an outbound SMTP conversation (RFC 5321 §4.5.3.2 suggests
    /// minutes; one value keeps it simple).
    pub timeout: Duration,
    /// Entries delivered at the same time.
    pub concurrency: usize,
    pub routes: Routes,
    /// DKIM keys by sender domain: mail from that domain is signed before it leaves.
    pub dkim: std::collections::HashMap<String, Arc<crate::mailauth::DkimKey>>,
    /// The nameserver for MX and address lookups; None uses the system configuration.
    pub dns_resolver: Option<SocketAddr>,
    /// Honour recipient domains' MTA-STS policies (RFC 8461) on delivery to their MX hosts.
    pub mta_sts: bool,
    /// Honour DANE TLSA records (RFC 7672); trusts the AD bit of `dns_resolver`, which must
    /// be a validating resolver (see `crate::dns::secure_query`). Off without `dns_resolver`.
    pub dane: bool,
    /// Recipient domains (lower case) whose mail leaves only over TLS with a certificate valid
    /// for the host name (WebPKI) or matching its DANE records; otherwise it waits queued.
    pub require_tls: HashSet<String>,
    /// CA certificates (PEM) trusted besides the system's for MTA-STS and `require_tls`.
    pub tls_ca_file: Option<std::path::PathBuf>,
    /// The port of MX hosts: 25 (RFC 5321 §4.5.4); only tests change it.
    pub mx_port: u16,
    /// The port of MTA-STS policy hosts: 443 (RFC 8461 §3.3); only tests change it.
    pub mta_sts_port: u16,
    /// Send TLS-RPT reports (RFC 8460) to domains that ask for them.
    pub tls_reports: bool,
}

impl Default for OutboundConfig {
    fn default() -> Self {
        OutboundConfig {
            hostname: "localhost".into(),
            retry_initial: Duration::from_secs(5 * 60),
            retry_max: Duration::from_secs(4 * 3600),
            max_age: Duration::from_secs(5 * 24 * 3600),
            delay_notice: Duration::from_secs(4 * 3600),
            poll_interval: Duration::from_secs(5),
            timeout: Duration::from_secs(120),
            concurrency: 16,
            routes: Routes::default(),
            dkim: std::collections::HashMap::new(),
            dns_resolver: None,
            mta_sts: true,
            dane: false,
            require_tls: HashSet::new(),
            tls_ca_file: None,
            mx_port: 25,
            mta_sts_port: 443,
            tls_reports: true,
        }
    }
}

impl OutboundConfig {
    /// The delay before attempt `attempts + 1`.
    pub fn backoff(&self, attempts: u32) -> Duration {
        let factor = 1u32 << attempts.saturating_sub(1).min(20);
        self.retry_initial
            .saturating_mul(factor)
            .min(self.retry_max)
    }
}

/// Why an attempt did not deliver: a reply code class and an enhanced status code.
#[derive(Debug, Clone)]
pub struct Failure {
    pub permanent: bool,
    pub status: String,
    pub text: String,
}

impl Failure {
    pub fn temporary(status: &str, text: impl Into<String>) -> Failure {
        Failure {
            permanent: false,
            status: status.into(),
            text: text.into(),
        }
    }

    pub fn permanent(status: &str, text: impl Into<String>) -> Failure {
        Failure {
            permanent: true,
            status: status.into(),
            text: text.into(),
        }
    }

    fn from_reply(reply: &smtp_proto::Response<String>, host: &str) -> Failure {
        let permanent = reply.code >= 500;
        let status = if reply.esc[0] != 0 {
            format!("{}.{}.{}", reply.esc[0], reply.esc[1], reply.esc[2])
        } else if permanent {
            "5.0.0".into()
        } else {
            "4.0.0".into()
        };
        let text = format!(
            "{host} said: {} {status} {}",
            reply.code,
            reply.message.replace(['\r', '\n'], " ")
        );
        Failure {
            permanent,
            status,
            text,
        }
    }

    fn outcome(&self, address: &str, host: &str) -> RecipientOutcome {
        RecipientOutcome {
            address: address.to_string(),
            state: if self.permanent {
                RecipientState::Failed
            } else {
                RecipientState::Pending
            },
            reply: self.text.clone(),
            status: self.status.clone(),
            remote_mta: (!host.is_empty()).then(|| host.to_string()),
        }
    }
}

/// What the outbound worker uses of the SMTP service; the parts outlive a reload.
#[derive(Clone)]
pub struct Context {
    /// The queue and the messages' blobs.
    pub store: Store,
    /// Counters for the metrics endpoint (relayed, bounced, deferred).
    pub stats: Arc<Stats>,
    /// Where DSNs go; its wake-up call is the one the worker waits on.
    pub outbox: Outbox,
}

/// The running worker's shared parts.
struct Worker {
    context: Context,
    config: Arc<OutboundConfig>,
    resolver: Option<TokioResolver>,
    tls: TlsConnector,
    /// The CAs an MX or MTA-STS policy host must chain to when a policy checks (WebPKI).
    roots: Arc<rustls::RootCertStore>,
    /// Entries being attempted; shared by the generations of a reloaded worker so that an
    /// entry is never attempted twice at once.
    in_flight: Arc<Mutex<HashSet<storage::QueueId>>>,
}

/// The outbound settings as currently configured; a reload sends new ones (routes, relay,
/// DKIM keys, timings), used from the next look at the queue.
pub type LiveConfig = tokio::sync::watch::Receiver<Arc<OutboundConfig>>;

impl Worker {
    fn new(
        context: Context,
        config: Arc<OutboundConfig>,
        in_flight: Arc<Mutex<HashSet<storage::QueueId>>>,
    ) -> Worker {
        let resolver = match crate::dns::resolver(config.dns_resolver) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::warn!(error = %e, "no DNS resolver: only static routes and the smarthost work");
                None
            }
        };
        let roots = match tls_verify::roots(config.tls_ca_file.as_deref()) {
            Ok(roots) => roots,
            Err(e) => {
                // Nothing is trusted then: enforced policies defer until this is fixed.
                tracing::error!(error = %e, "[relay] tls_ca_file unusable");
                Arc::new(rustls::RootCertStore::empty())
            }
        };
        Worker {
            context,
            config,
            resolver,
            tls: opportunistic_tls(),
            roots,
            in_flight,
        }
    }
}

/// Runs the outbound worker until `shutdown`; attempts in progress are finished first.
pub async fn run(context: Context, mut config: LiveConfig, shutdown: CancellationToken) {
    let in_flight = Arc::new(Mutex::new(HashSet::new()));
    let mut worker = Arc::new(Worker::new(
        context.clone(),
        config.borrow_and_update().clone(),
        in_flight.clone(),
    ));
    let mut permits = Arc::new(tokio::sync::Semaphore::new(
        worker.config.concurrency.max(1),
    ));
    let tasks = tokio_util::task::TaskTracker::new();
    let wake = context.outbox.wake.clone();
    // TLS-RPT: the reports of finished days, looked for at start and then every hour.
    let mut next_reports = tokio::time::Instant::now();
    loop {
        if worker.config.tls_reports && tokio::time::Instant::now() >= next_reports {
            next_reports = tokio::time::Instant::now() + Duration::from_secs(3600);
            let worker = worker.clone();
            tasks.spawn(async move {
                let sent = tls_report::send_due(
                    &worker.context.store,
                    &worker.context.outbox,
                    worker.resolver.as_ref(),
                    &worker.config.hostname,
                )
                .await;
                if sent > 0 {
                    tracing::info!(reports = sent, "TLS reports queued");
                }
            });
        }
        // A reload sent new settings (`changed()` below may already have marked them seen,
        // so compare generations rather than asking `has_changed`).
        let config_now = config.borrow().clone();
        if !Arc::ptr_eq(&config_now, &worker.config) {
            worker = Arc::new(Worker::new(context.clone(), config_now, in_flight.clone()));
            permits = Arc::new(tokio::sync::Semaphore::new(
                worker.config.concurrency.max(1),
            ));
        }
        let now = storage::now();
        let store = worker.context.store.clone();
        let due = tokio::task::spawn_blocking(move || store.queue_due(now, 256)).await;
        let due = match due {
            Ok(Ok(due)) => due,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "reading the queue failed");
                Vec::new()
            }
            Err(_) => Vec::new(),
        };
        for entry in due {
            let fresh = worker
                .in_flight
                .lock()
                .map(|mut set| set.insert(entry.id))
                .unwrap_or(false);
            if !fresh {
                continue;
            }
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let worker = worker.clone();
            tasks.spawn(async move {
                let id = entry.id;
                worker.attempt(entry).await;
                if let Ok(mut set) = worker.in_flight.lock() {
                    set.remove(&id);
                }
                drop(permit);
                worker.context.outbox.wake();
            });
        }
        let store = worker.context.store.clone();
        let next = tokio::task::spawn_blocking(move || store.queue_next_due())
            .await
            .ok()
            .and_then(|r| r.ok())
            .flatten();
        let poll = worker.config.poll_interval;
        let wait = match next {
            Some(t) if t > storage::now() => {
                Duration::from_secs((t - storage::now()) as u64).min(poll)
            }
            _ => poll,
        };
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = wake.notified() => {}
            Ok(()) = config.changed() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
    tasks.close();
    tasks.wait().await;
}

/// RFC 7435 opportunistic TLS towards MX hosts: encrypt when offered, without checking the
/// certificate (an MX certificate is rarely valid for the name we connect to).
fn opportunistic_tls() -> TlsConnector {
    match mail_send::smtp::tls::build_tls_connector(true) {
        Ok(connector) => connector,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the TLS client");
            TlsConnector::from(Arc::new(
                rustls::ClientConfig::builder()
                    .with_root_certificates(rustls::RootCertStore::empty())
                    .with_no_client_auth(),
            ))
        }
    }
}

impl Worker {
    /// One delivery attempt of one entry, then its record and any DSN.
    async fn attempt(&self, entry: QueueEntry) {
        let store = self.context.store.clone();
        let hash = entry.blob.clone();
        let message = match tokio::task::spawn_blocking(move || store.read_blob(&hash)).await {
            Ok(Ok(m)) => m,
            Ok(Err(e)) => {
                tracing::error!(id = entry.id, error = %e, "queued message unreadable");
                self.record(&entry, Vec::new(), Vec::new()).await;
                return;
            }
            Err(_) => return,
        };
        let signed = self.sign(&entry.sender, &message);
        let to_send = signed.as_deref().unwrap_or(&message);
        let mut by_domain: BTreeMap<String, Vec<&QueueRecipient>> = BTreeMap::new();
        for r in entry.pending() {
            let domain = r
                .address
                .rsplit_once('@')
                .map(|(_, d)| d.to_lowercase())
                .unwrap_or_default();
            by_domain.entry(domain).or_default().push(r);
        }
        let mut outcomes = Vec::new();
        for (domain, recipients) in &by_domain {
            outcomes.extend(
                self.deliver_domain(&entry, domain, recipients, to_send)
                    .await,
            );
        }
        for o in &outcomes {
            tracing::info!(
                id = entry.id,
                to = %o.address,
                state = o.state.as_str(),
                status = %o.status,
                reply = %o.reply,
                "outbound attempt"
            );
        }
        self.record(&entry, outcomes, message).await;
    }

    /// The message with a DKIM-Signature of the sender's domain (RFC 6376), if we hold its key.
    fn sign(&self, sender: &str, message: &[u8]) -> Option<Vec<u8>> {
        let domain = sender.rsplit_once('@')?.1.to_lowercase();
        let key = self.config.dkim.get(&domain)?;
        match key.sign(message) {
            Ok(header) => {
                let mut out = Vec::with_capacity(header.len() + message.len());
                out.extend_from_slice(header.as_bytes());
                out.extend_from_slice(message);
                Some(out)
            }
            Err(e) => {
                tracing::warn!(%domain, error = %e, "DKIM signing failed; sending unsigned");
                None
            }
        }
    }

    async fn deliver_domain(
        &self,
        entry: &QueueEntry,
        domain: &str,
        recipients: &[&QueueRecipient],
        message: &[u8],
    ) -> Vec<RecipientOutcome> {
        let all = |f: &Failure, host: &str| -> Vec<RecipientOutcome> {
            recipients
                .iter()
                .map(|r| f.outcome(&r.address, host))
                .collect()
        };
        let mut hops = match self
            .config
            .routes
            .hops(domain, self.resolver.as_ref())
            .await
        {
            Ok(hops) => hops,
            Err(f) => return all(&f, ""),
        };
        let via_mx = !self.config.routes.is_routed(domain);
        if via_mx {
            for hop in &mut hops {
                hop.port = self.config.mx_port;
            }
        }
        // RFC 8460 §5.3: a TLS report is delivered despite TLS failures (a broken receiver must
        // still hear about it), and its own session is not counted.
        let tls = if tls_report::is_report(&entry.sender, message) {
            tls_policy::DomainTls::unchecked(domain)
        } else {
            self.domain_tls(domain, via_mx).await
        };
        let hostname = self.config.hostname.as_str();
        let envelope = client::Envelope {
            helo: hostname,
            sender: &entry.sender,
            envid: entry.envid.as_deref(),
            ret_full: entry.ret_full,
            recipients,
            message,
            timeout: self.config.timeout,
        };
        let mut last = Failure::temporary("4.4.1", format!("no server for {domain} answered"));
        for hop in &hops {
            let plan = self.hop_tls(&tls, hop).await;
            if let tls_policy::HopTls::Refused(f) = &plan {
                tracing::warn!(host = %hop.name, %domain, reason = %f.text, "MX host not used");
                last = f.clone();
                continue;
            }
            let ips = match route::addresses(hop, self.resolver.as_ref()).await {
                Ok(ips) => ips,
                Err(f) => {
                    last = f;
                    continue;
                }
            };
            for ip in ips {
                match self.send_checked(&tls, hop, ip, &plan, &envelope).await {
                    Ok(outcomes) => return outcomes,
                    Err(f) => {
                        tracing::debug!(host = %hop.name, %ip, error = %f.text, "hop failed");
                        last = f;
                    }
                }
            }
        }
        // Whole-server failures are always retried (RFC 5321 §4.5.4.1); a permanent answer
        // from every server is still final.
        all(&last, hops.last().map(|h| h.name.as_str()).unwrap_or(""))
    }

    /// Expires old entries, sends the DSNs due, and records the attempt.
    async fn record(
        &self,
        entry: &QueueEntry,
        mut outcomes: Vec<RecipientOutcome>,
        message: Vec<u8>,
    ) {
        let now = storage::now();
        let age = (now - entry.created_at).max(0) as u64;
        let expired = age >= self.config.max_age.as_secs();
        if expired {
            for o in outcomes
                .iter_mut()
                .filter(|o| o.state == RecipientState::Pending)
            {
                o.state = RecipientState::Failed;
                o.reply = format!("gave up after {} days: {}", age / 86400, o.reply);
                o.status = "4.4.7".into();
            }
        }
        for o in &outcomes {
            crate::stats::Stats::bump(match o.state {
                RecipientState::Sent => &self.context.stats.relayed,
                RecipientState::Failed => &self.context.stats.bounced,
                RecipientState::Pending => &self.context.stats.deferred,
            });
        }
        let recipient = |address: &str| entry.recipients.iter().find(|r| r.address == address);
        let mut failed = Vec::new();
        let mut delayed = Vec::new();
        for o in &outcomes {
            let Some(r) = recipient(&o.address) else {
                continue;
            };
            match o.state {
                RecipientState::Failed if r.notify.on_failure() => {
                    failed.push(status(r, o, Action::Failed, now, None));
                }
                RecipientState::Pending if r.notify.on_delay() => {
                    let until = entry.created_at + self.config.max_age.as_secs() as i64;
                    delayed.push(status(r, o, Action::Delayed, now, Some(until)));
                }
                _ => {}
            }
        }
        let send_delay = !entry.delay_notified
            && !delayed.is_empty()
            && age >= self.config.delay_notice.as_secs();
        // RFC 3461 §6.2 / RFC 5321 §4.5.5: never a DSN about a DSN (null sender).
        if !entry.sender.is_empty() && !message.is_empty() {
            if !failed.is_empty() {
                self.send_dsn(entry, &failed, &message).await;
            }
            if send_delay {
                self.send_dsn(entry, &delayed, &message).await;
            }
        }
        let next = now + self.config.backoff(entry.attempts + 1).as_secs() as i64;
        let store = self.context.store.clone();
        let id = entry.id;
        let recorded = tokio::task::spawn_blocking(move || {
            store.queue_record(id, outcomes, now, next, send_delay)
        })
        .await;
        match recorded {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!(id, error = %e, "recording a delivery attempt failed"),
            Err(e) => tracing::error!(id, error = %e, "recording task failed"),
        }
    }

    /// Builds a DSN and delivers it: into the sender's INBOX when the sender is local, else
    /// through the queue with the null sender.
    async fn send_dsn(&self, entry: &QueueEntry, statuses: &[RecipientStatus], original: &[u8]) {
        let envid = entry.envid.as_deref().map(xtext);
        let dsn = notices::delivery_status_notification(&DsnInput {
            hostname: &self.config.hostname,
            to: &entry.sender,
            envid: envid.as_deref(),
            arrival: entry.created_at,
            recipients: statuses,
            original,
            return_full: entry.ret_full,
            now: storage::now(),
        });
        if let Err(e) = self.context.outbox.deliver_notice(&entry.sender, dsn).await {
            tracing::error!(to = %entry.sender, error = %e, "could not deliver a DSN");
        }
    }
}

fn status(
    r: &QueueRecipient,
    o: &RecipientOutcome,
    action: Action,
    now: i64,
    will_retry_until: Option<i64>,
) -> RecipientStatus {
    RecipientStatus {
        recipient: r.address.clone(),
        original_recipient: r.orcpt.as_deref().map(|a| format!("rfc822;{}", xtext(a))),
        action,
        status: o.status.clone(),
        remote_mta: o.remote_mta.clone(),
        diagnostic: Some(o.reply.clone()),
        last_attempt: Some(now),
        will_retry_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_five_minutes_up_to_the_cap() {
        let c = OutboundConfig::default();
        let mins: Vec<u64> = (1..=8).map(|a| c.backoff(a).as_secs() / 60).collect();
        assert_eq!(mins, [5, 10, 20, 40, 80, 160, 240, 240]);
    }
}
