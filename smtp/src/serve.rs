//! Accepting connections: one task per connection, STARTTLS as a stream swap, a cap on
//! connections per client IP, clean shutdown (stop accepting, let sessions in progress
//! finish, then return).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;
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

/// Connections open per client IP, shared by the listeners of one server.
#[derive(Default)]
struct PerIp(Mutex<HashMap<IpAddr, usize>>);

/// Holds one connection slot; gives it back when dropped.
struct Slot {
    table: Arc<PerIp>,
    ip: IpAddr,
}

impl PerIp {
    fn take(table: &Arc<PerIp>, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut map = table.0.lock().ok()?;
        let n = map.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            table: table.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut map) = self.table.0.lock()
            && let Some(n) = map.get_mut(&self.ip)
        {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// The current TLS acceptor; replaced when certificates are reloaded (SIGHUP). Each new
/// connection takes the latest; sessions already open keep theirs.
pub type TlsSource = tokio::sync::watch::Receiver<Option<TlsAcceptor>>;

/// Serves SMTP on `listeners` until `shutdown` is cancelled.
pub async fn serve(
    listeners: Vec<Listener>,
    smtp: Arc<Smtp>,
    tls: TlsSource,
    shutdown: CancellationToken,
) {
    let tracker = TaskTracker::new();
    let per_ip = Arc::new(PerIp::default());
    for listener in listeners {
        let (smtp, tls, shutdown, per_ip, sessions) = (
            smtp.clone(),
            tls.clone(),
            shutdown.clone(),
            per_ip.clone(),
            tracker.clone(),
        );
        tracker.spawn(async move {
            accept_loop(listener, smtp, tls, shutdown, per_ip, sessions).await;
        });
    }
    tracker.close();
    tracker.wait().await;
}

async fn accept_loop(
    listener: Listener,
    smtp: Arc<Smtp>,
    tls: TlsSource,
    shutdown: CancellationToken,
    per_ip: Arc<PerIp>,
    sessions: TaskTracker,
) {
    loop {
        let accepted = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.socket.accept() => accepted,
        };
        let (mut stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Some(slot) = PerIp::take(&per_ip, peer.ip(), smtp.config.max_connections_per_ip) else {
            crate::stats::Stats::bump(&smtp.stats.connections_refused);
            tracing::info!(%peer, "too many connections from this address");
            // RFC 5321 §3.8: 421 and close. On an implicit-TLS port the client cannot read
            // it, but closing is the answer either way.
            let _ = stream
                .write_all(b"421 4.7.0 too many connections from your address\r\n")
                .await;
            continue;
        };
        crate::stats::Stats::bump(match listener.mode {
            Mode::Inbound => &smtp.stats.connections_inbound,
            Mode::Submission => &smtp.stats.connections_submission,
        });
        let (smtp, tls) = (smtp.clone(), tls.borrow().clone());
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
    if implicit_tls {
        let Some(acceptor) = tls else { return };
        match acceptor.accept(stream).await {
            Ok(tls_stream) => {
                let mut session = Session::new(tls_stream, smtp, mode, peer, true, false);
                session.run(true).await;
            }
            Err(e) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
        }
        return;
    }
    let mut session = Session::new(stream, smtp.clone(), mode, peer, false, tls.is_some());
    if session.run(true).await != End::StartTls {
        return;
    }
    let Some(acceptor) = tls else { return };
    match acceptor.accept(session.into_stream()).await {
        Ok(tls_stream) => {
            let mut session = Session::new(tls_stream, smtp, mode, peer, true, false);
            session.run(false).await;
        }
        Err(e) => tracing::debug!(%peer, error = %e, "STARTTLS handshake failed"),
    }
}
