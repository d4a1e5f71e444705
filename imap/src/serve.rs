//! Accepting IMAP connections: implicit TLS (993) or STARTTLS (143), clean shutdown.

use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::task::TaskTracker;

use crate::Imap;
use crate::session::{End, Session};

/// The current TLS acceptor; replaced on certificate reload.
pub type TlsSource = tokio::sync::watch::Receiver<Option<TlsAcceptor>>;

pub struct Listener {
    pub socket: TcpListener,
    pub implicit_tls: bool,
}

/// Serves IMAP on `listeners` until `imap.shutdown` is cancelled; open sessions get BYE.
pub async fn serve(listeners: Vec<Listener>, imap: Arc<Imap>, tls: TlsSource) {
    let tracker = TaskTracker::new();
    for listener in listeners {
        let (imap, tls, sessions) = (imap.clone(), tls.clone(), tracker.clone());
        tracker.spawn(async move {
            loop {
                let accepted = tokio::select! {
                    _ = imap.shutdown.cancelled() => break,
                    a = listener.socket.accept() => a,
                };
                let Ok((stream, peer)) = accepted else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (imap, acceptor) = (imap.clone(), tls.borrow().clone());
                let implicit = listener.implicit_tls;
                sessions.spawn(async move {
                    connection(stream, peer, imap, acceptor, implicit).await;
                });
            }
        });
    }
    tracker.close();
    tracker.wait().await;
}

async fn connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    imap: Arc<Imap>,
    tls: Option<TlsAcceptor>,
    implicit_tls: bool,
) {
    if implicit_tls {
        let Some(acceptor) = tls else { return };
        if let Ok(s) = acceptor.accept(stream).await {
            Session::new(s, imap, peer, true, false).run(true).await;
        }
        return;
    }
    let mut session = Session::new(stream, imap.clone(), peer, false, tls.is_some());
    if session.run(true).await != End::StartTls {
        return;
    }
    let Some(acceptor) = tls else { return };
    if let Ok(s) = acceptor.accept(session.into_stream()).await {
        Session::new(s, imap, peer, true, false).run(false).await;
    }
}
