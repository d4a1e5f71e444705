//! Accepting connections: one task per connection, STARTTLS as a stream swap, clean shutdown
//! (stop accepting, let sessions in progress finish, then return).

use std::sync::Arc;

use storage::Store;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::session::{End, Session, SmtpConfig};

/// A bound listening socket and how connections on it start.
pub struct Listener {
    pub socket: TcpListener,
    /// Implicit TLS from the first byte (port 465); otherwise plain with STARTTLS offered when
    /// `tls` is set.
    pub implicit_tls: bool,
}

/// Serves SMTP on `listener` until `shutdown` is cancelled.
pub async fn serve(
    listener: Listener,
    config: Arc<SmtpConfig>,
    store: Store,
    tls: Option<TlsAcceptor>,
    shutdown: CancellationToken,
) {
    let tracker = TaskTracker::new();
    loop {
        let accepted = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.socket.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(error = %e, "accept failed");
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (config, store, tls) = (config.clone(), store.clone(), tls.clone());
        let implicit = listener.implicit_tls;
        tracker.spawn(async move {
            connection(stream, peer, config, store, tls, implicit).await;
        });
    }
    tracker.close();
    tracker.wait().await;
}

async fn connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    config: Arc<SmtpConfig>,
    store: Store,
    tls: Option<TlsAcceptor>,
    implicit_tls: bool,
) {
    if implicit_tls {
        let Some(acceptor) = tls else { return };
        match acceptor.accept(stream).await {
            Ok(tls_stream) => {
                let mut session = Session::new(tls_stream, config, store, peer, true, false);
                session.run(true).await;
            }
            Err(e) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
        }
        return;
    }
    let mut session = Session::new(
        stream,
        config.clone(),
        store.clone(),
        peer,
        false,
        tls.is_some(),
    );
    if session.run(true).await != End::StartTls {
        return;
    }
    let Some(acceptor) = tls else { return };
    match acceptor.accept(session.into_stream()).await {
        Ok(tls_stream) => {
            let mut session = Session::new(tls_stream, config, store, peer, true, false);
            session.run(false).await;
        }
        Err(e) => tracing::debug!(%peer, error = %e, "STARTTLS handshake failed"),
    }
}
