//! SMTP service: inbound MX, submission with AUTH, local delivery and the outbound queue.
//!
//! Layers: `reply` (wire replies and enhanced status codes), `session` (the per-connection
//! state machine over any stream) with `auth` (AUTH PLAIN/LOGIN) and `submission` (what the
//! MSA checks), `delivery` (the delivery pipeline: accept, authenticate, classify, plan,
//! commit, after commit; see its module doc), `outbound` (the queue's worker), `receipts`
//! (receipts of official documents and the task that sends them), and `serve`
//! (listeners, TLS, limits, shutdown). Leaves shared by several of them: `dates`, `dns`,
//! `stats`, and `outbox` (where the server's own mail goes). Imports point one way, leaves
//! first; `Smtp`, the service hub below, is used only by the session, `serve` and
//! `delivery::deliver`, which hand each part what it needs.

mod auth;
pub mod dates;
pub mod delivery;
pub mod dns;
pub mod filter;
pub mod follow_up;
#[cfg(test)]
mod limits_tests;
pub mod mailauth;
pub mod notices;
pub mod outbound;
pub mod outbox;
pub mod recall;
pub mod receipts;
pub mod reply;
mod serve;
pub mod session;
pub mod stats;
pub mod submission;
#[cfg(test)]
pub(crate) mod test_dns;
#[cfg(test)]
mod test_support;

use std::sync::Arc;

use storage::Store;

pub use ::auth::{Secret, decode_plain};
pub use serve::{Listener, Live, Server, TlsSource};
pub use session::{End, Mode, Session, SmtpConfig};

/// What every SMTP session shares: settings, storage, logins (throttle and password check)
/// and the outbound worker's wake-up call.
pub struct Smtp {
    pub config: SmtpConfig,
    pub store: Store,
    pub logins: Arc<::auth::Logins>,
    /// Signalled when a message is queued, so the outbound worker starts at once.
    pub outbound: Arc<tokio::sync::Notify>,
    /// SPF/DKIM/DMARC checks of inbound mail; None turns them off.
    pub verifier: Option<mailauth::Verifier>,
    /// Cancelled when the server stops: idle sessions say 421 and close.
    pub shutdown: tokio_util::sync::CancellationToken,
    /// The official-document exchange rules (`[policy]`).
    pub policy: policy::rules::PolicyConfig,
    /// Counters for the metrics endpoint; shared by the generations of a reloaded service.
    pub stats: Arc<stats::Stats>,
    /// Sieve filtering at local delivery (`[sieve]`); None turns it off.
    pub sieve: Option<Arc<filter::Filters>>,
    /// The trust anchors of the signature check of official documents' PDF attachments
    /// (`[signatures]`); None turns the check off.
    pub signatures: Option<Arc<policy::signature::TrustAnchors>>,
}

impl Smtp {
    /// Where the server's own mail (DSNs, notices) goes: this store, and the outbound
    /// worker's wake-up call.
    pub fn outbox(&self) -> outbox::Outbox {
        outbox::Outbox::new(self.store.clone(), self.outbound.clone())
    }

    /// What the outbound worker uses of this service: the store, the counters and the
    /// outbox, all shared by the generations of a reloaded service.
    pub fn outbound_context(&self) -> outbound::Context {
        outbound::Context {
            store: self.store.clone(),
            stats: self.stats.clone(),
            outbox: self.outbox(),
        }
    }

    /// Sets up Sieve filtering with `settings` (users' scripts always run; `settings` adds
    /// the admin script and the limits).
    pub fn with_sieve(mut self, settings: filter::SieveSettings) -> Smtp {
        match filter::Filters::new(&self.config.hostname, settings) {
            Ok(filters) => self.sieve = Some(Arc::new(filters)),
            Err(e) => tracing::error!(error = %e, "Sieve filtering is off"),
        }
        self
    }

    pub fn new(config: SmtpConfig, store: Store, logins: Arc<::auth::Logins>) -> Smtp {
        Smtp {
            config,
            store,
            logins,
            outbound: Arc::new(tokio::sync::Notify::new()),
            verifier: None,
            shutdown: tokio_util::sync::CancellationToken::new(),
            policy: policy::rules::PolicyConfig::default(),
            stats: Arc::default(),
            sieve: None,
            signatures: None,
        }
        .with_sieve(filter::SieveSettings::default())
    }

    /// A service with new settings that shares this one's storage, throttle, outbound
    /// wake-up, shutdown signal and counters: what a reload (SIGHUP) puts in place. Sieve is
    /// off until the caller sets it up with `with_sieve`.
    pub fn reconfigured(&self, config: SmtpConfig) -> Smtp {
        Smtp {
            config,
            store: self.store.clone(),
            logins: self.logins.clone(),
            outbound: self.outbound.clone(),
            verifier: None,
            shutdown: self.shutdown.clone(),
            policy: policy::rules::PolicyConfig::default(),
            stats: self.stats.clone(),
            sieve: None,
            signatures: None,
        }
    }
}
