//! Accepting IMAP connections: implicit TLS (993) or STARTTLS (143), clean shutdown.

use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::Imap;
use crate::session::{End, Session};

/// The current TLS acceptor; replaced on certificate reload.
pub type TlsSource = tokio::sync::watch::Receiver<Option<TlsAcceptor>>;

pub struct Listener {
    pub socket: TcpListener,
    pub protocol: Protocol,
    pub implicit_tls: bool,
}

/// What a listener speaks. POP3 and ManageSieve share the IMAP service's storage, settings
/// and login throttle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Imap,
    Pop3,
    /// RFC 5804, plain with STARTTLS only.
    ManageSieve,
}

/// The service as currently configured. A reload (SIGHUP) sends a new generation; each new
/// connection takes the latest and open sessions keep theirs.
pub type Live = tokio::sync::watch::Receiver<Arc<Imap>>;

/// The IMAP listeners of one server. Each accepts until its own stop token (a listener moved
/// by a reload) or the shutdown; `wait` returns when the last session has said BYE.
pub struct Server {
    live: Live,
    tls: TlsSource,
    sessions: TaskTracker,
}

impl Server {
    pub fn new(live: Live, tls: TlsSource) -> Server {
        Server {
            live,
            tls,
            sessions: TaskTracker::new(),
        }
    }

    /// Accepts on `listener` until `stop` is cancelled (or the service shuts down).
    pub fn listen(&self, listener: Listener, stop: CancellationToken) {
        let (live, tls, sessions) = (self.live.clone(), self.tls.clone(), self.sessions.clone());
        self.sessions.spawn(async move {
            let shutdown = live.borrow().shutdown.clone();
            loop {
                let accepted = tokio::select! {
                    _ = stop.cancelled() => break,
                    _ = shutdown.cancelled() => break,
                    a = listener.socket.accept() => a,
                };
                let Ok((stream, peer)) = accepted else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let (imap, acceptor) = (live.borrow().clone(), tls.borrow().clone());
                let implicit = listener.implicit_tls;
                let stats = match listener.protocol {
                    Protocol::Imap => &imap.stats.imap,
                    Protocol::Pop3 => &imap.stats.pop3,
                    Protocol::ManageSieve => &imap.stats.sieve,
                };
                crate::stats::Stats::bump(if implicit {
                    &stats.connections_tls
                } else {
                    &stats.connections_plain
                });
                let protocol = listener.protocol;
                // Each protocol's future is boxed on its own, so a task holds only the one
                // that runs: an idle connection costs what its own session needs.
                sessions.spawn(async move {
                    match protocol {
                        Protocol::Imap => {
                            Box::pin(connection(stream, peer, imap, acceptor, implicit)).await
                        }
                        Protocol::Pop3 => {
                            Box::pin(crate::pop3::connection(
                                stream, peer, imap, acceptor, implicit,
                            ))
                            .await
                        }
                        Protocol::ManageSieve => {
                            Box::pin(crate::managesieve::connection(stream, peer, imap, acceptor))
                                .await
                        }
                    }
                });
            }
        });
    }

    /// Waits until every listener has stopped and every session has ended.
    pub async fn wait(&self) {
        self.sessions.close();
        self.sessions.wait().await;
    }
}

async fn connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    imap: Arc<Imap>,
    tls: Option<TlsAcceptor>,
    implicit_tls: bool,
) {
    let stream = crate::io::QuickAck(stream);
    if implicit_tls {
        let Some(acceptor) = tls else { return };
        Box::pin(over_tls(acceptor, stream, imap, peer, true)).await;
        return;
    }
    let mut session = Session::new(stream, imap.clone(), peer, false, tls.is_some());
    if session.run(true).await != End::StartTls {
        return;
    }
    let Some(acceptor) = tls else { return };
    Box::pin(over_tls(acceptor, session.into_stream(), imap, peer, false)).await;
}

/// The TLS handshake, then the session on the encrypted stream. Callers box it: a task keeps
/// its connection's future for as long as the client stays, and a plain-text connection must
/// not carry room for a handshake's and a TLS session's state (kilobytes).
async fn over_tls(
    acceptor: TlsAcceptor,
    stream: crate::io::QuickAck,
    imap: Arc<Imap>,
    peer: std::net::SocketAddr,
    greet: bool,
) {
    if let Ok(s) = acceptor.accept(stream).await {
        Session::new(s, imap, peer, true, false).run(greet).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use tokio::net::{TcpListener, TcpStream};

    /// A task holds its connection's whole future for as long as the client stays: the
    /// TLS handshake's state (a rustls connection, kilobytes) must be boxed, not laid out
    /// beside a plain-text session that never uses it.
    #[tokio::test]
    async fn a_connection_keeps_a_small_future() {
        let dir = tempfile::tempdir().unwrap();
        let store = storage::Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        let imap = crate::test_client::imap(store, Default::default());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let _client = TcpStream::connect(addr).await.unwrap();
        let (stream, peer) = listener.accept().await.unwrap();
        let imap_size =
            std::mem::size_of_val(&super::connection(stream, peer, imap.clone(), None, false));
        let _client = TcpStream::connect(addr).await.unwrap();
        let (stream, peer) = listener.accept().await.unwrap();
        let pop3 = std::mem::size_of_val(&crate::pop3::connection(
            stream,
            peer,
            imap.clone(),
            None,
            false,
        ));
        let _client = TcpStream::connect(addr).await.unwrap();
        let (stream, peer) = listener.accept().await.unwrap();
        let sieve =
            std::mem::size_of_val(&crate::managesieve::connection(stream, peer, imap, None));
        assert!(
            imap_size <= 1536,
            "an IMAP connection's future is {imap_size} bytes"
        );
        assert!(pop3 <= 1536, "a POP3 connection's future is {pop3} bytes");
        assert!(
            sieve <= 1536,
            "a ManageSieve connection's future is {sieve} bytes"
        );
    }
}
