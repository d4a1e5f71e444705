//! Accepting connections: one task per connection, STARTTLS as a stream swap, a cap on
//! connections per client IP, clean shutdown (stop accepting, let sessions in progress
//! finish, then return).

use std::sync::Arc;

use netlimits::{AcceptErrors, PerIp, Throttle};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::Smtp;
use crate::session::{End, Mode, Session};

/// A bound listening socket and how connections on it start.
pub struct Listener {
    pub socket: TcpListener,
    pub mode: Mode,
    /// Implicit TLS from the first byte (port 465); otherwise plain with STARTTLS offered when
    /// `tls` is set.
    pub implicit_tls: bool,
}

/// The current TLS acceptor; replaced when certificates are reloaded (SIGHUP). Each new
/// connection takes the latest; sessions already open keep theirs.
pub type TlsSource = tokio::sync::watch::Receiver<Option<TlsAcceptor>>;

/// The service as currently configured. A reload (SIGHUP) sends a new generation; each new
/// connection takes the latest, and sessions already open finish with the one they started
/// with, so a reload drops nothing.
pub type Live = tokio::sync::watch::Receiver<Arc<Smtp>>;

/// The SMTP listeners of one server: each accepts until its own stop token (a listener
/// moved by a reload) or the server's shutdown; sessions are tracked so that `wait` returns
/// only when the last one has ended.
pub struct Server {
    live: Live,
    tls: TlsSource,
    per_ip: Arc<PerIp>,
    sessions: TaskTracker,
}

impl Server {
    pub fn new(live: Live, tls: TlsSource) -> Server {
        Server {
            live,
            tls,
            per_ip: Arc::new(PerIp::default()),
            sessions: TaskTracker::new(),
        }
    }

    /// Accepts on `listener` until `stop` is cancelled (or the service shuts down).
    pub fn listen(&self, listener: Listener, stop: CancellationToken) {
        let (live, tls, per_ip, sessions) = (
            self.live.clone(),
            self.tls.clone(),
            self.per_ip.clone(),
            self.sessions.clone(),
        );
        self.sessions
            .spawn(accept_loop(listener, live, tls, stop, per_ip, sessions));
    }

    /// Waits until every listener has stopped and every session has ended.
    pub async fn wait(&self) {
        self.sessions.close();
        self.sessions.wait().await;
    }
}

async fn accept_loop(
    listener: Listener,
    live: Live,
    tls: TlsSource,
    stop: CancellationToken,
    per_ip: Arc<PerIp>,
    sessions: TaskTracker,
) {
    let shutdown = live.borrow().shutdown.clone();
    let mut errors = AcceptErrors::default();
    let mut refusals = Throttle::new(netlimits::LOG_EVERY);
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => break,
            _ = shutdown.cancelled() => break,
            accepted = listener.socket.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => {
                errors.accepted();
                pair
            }
            Err(e) => {
                let pause = errors.failed("smtp", &e);
                tokio::select! {
                    _ = stop.cancelled() => break,
                    _ = shutdown.cancelled() => break,
                    _ = tokio::time::sleep(pause) => continue,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let smtp = live.borrow().clone();
        let max = smtp.config.max_connections_per_ip;
        let Some(slot) = PerIp::take(&per_ip, peer.ip(), max, &smtp.config.exempt) else {
            crate::stats::Stats::bump(&smtp.stats.connections_refused);
            if let Some(not_logged) = refusals.ready() {
                tracing::info!(%peer, max, refusals_not_logged = not_logged,
                    "SMTP: too many connections from this address");
            }
            // RFC 5321 §3.8: 421 and close. On an implicit-TLS port the client cannot read
            // it, but closing is the answer either way.
            netlimits::refuse(
                stream,
                b"421 4.7.0 too many connections from your address\r\n",
            );
            continue;
        };
        crate::stats::Stats::bump(match listener.mode {
            Mode::Inbound => &smtp.stats.connections_inbound,
            Mode::Submission => &smtp.stats.connections_submission,
        });
        let tls = tls.borrow().clone();
        let (mode, implicit) = (listener.mode, listener.implicit_tls);
        sessions.spawn(async move {
            connection(stream, peer, smtp, tls, mode, implicit).await;
            drop(slot);
        });
    }
}

async fn connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    smtp: Arc<Smtp>,
    tls: Option<TlsAcceptor>,
    mode: Mode,
    implicit_tls: bool,
) {
    let handshake = smtp.config.deadlines.handshake;
    // A failed handshake is logged by netlimits::handshake, with the local port (read only
    // when there is a handshake: a getsockname per plain connection is not free).
    if implicit_tls {
        let port = netlimits::TlsAt::port_of(&stream);
        let Some(acceptor) = tls else { return };
        let listener = match mode {
            Mode::Inbound => "smtps",
            Mode::Submission => "submissions",
        };
        let at = netlimits::TlsAt {
            listener,
            port,
            peer,
        };
        if let Ok(tls_stream) = netlimits::handshake(handshake, at, acceptor.accept(stream)).await {
            let mut session = Session::new(tls_stream, smtp, mode, peer, true, false);
            session.run(true).await;
        }
        return;
    }
    let mut session = Session::new(stream, smtp.clone(), mode, peer, false, tls.is_some());
    if session.run(true).await != End::StartTls {
        return;
    }
    let Some(acceptor) = tls else { return };
    let listener = match mode {
        Mode::Inbound => "smtp STARTTLS",
        Mode::Submission => "submission STARTTLS",
    };
    let stream = session.into_stream();
    let at = netlimits::TlsAt {
        listener,
        port: netlimits::TlsAt::port_of(&stream),
        peer,
    };
    let accepted = acceptor.accept(stream);
    if let Ok(tls_stream) = netlimits::handshake(handshake, at, accepted).await {
        let mut session = Session::new(tls_stream, smtp, mode, peer, true, false);
        session.run(false).await;
    }
}
