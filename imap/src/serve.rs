//! Accepting IMAP, POP3 and ManageSieve connections: implicit TLS (993, 995) or STARTTLS,
//! a cap on connections per client IP and protocol, deadlines on TLS handshakes, clean
//! shutdown.

use std::sync::Arc;

use netlimits::{AcceptErrors, PerIp, Throttle};
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
    /// Connections per client IP: IMAP, POP3 and ManageSieve each count their own (all
    /// ports of a protocol together).
    per_ip: [Arc<PerIp>; 3],
    sessions: TaskTracker,
}

impl Protocol {
    fn index(self) -> usize {
        match self {
            Protocol::Imap => 0,
            Protocol::Pop3 => 1,
            Protocol::ManageSieve => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Protocol::Imap => "imap",
            Protocol::Pop3 => "pop3",
            Protocol::ManageSieve => "managesieve",
        }
    }

    /// The reply to a client over its protocol's cap, before closing.
    fn too_many(self) -> &'static [u8] {
        match self {
            // RFC 9051 §7.1.5: BYE may be the greeting when the server will not serve.
            Protocol::Imap => b"* BYE too many connections from your address\r\n",
            // RFC 3206 §5: SYS/TEMP, a problem on our side that will pass; try later.
            Protocol::Pop3 => b"-ERR [SYS/TEMP] too many connections from your address\r\n",
            // RFC 5804 §1.3: BYE closes the connection; TRYLATER says to come back.
            Protocol::ManageSieve => {
                b"BYE (TRYLATER) \"too many connections from your address\"\r\n"
            }
        }
    }
}

impl Server {
    pub fn new(live: Live, tls: TlsSource) -> Server {
        Server {
            live,
            tls,
            per_ip: Default::default(),
            sessions: TaskTracker::new(),
        }
    }

    /// Accepts on `listener` until `stop` is cancelled (or the service shuts down).
    pub fn listen(&self, listener: Listener, stop: CancellationToken) {
        let (live, tls, sessions) = (self.live.clone(), self.tls.clone(), self.sessions.clone());
        let per_ip = self.per_ip[listener.protocol.index()].clone();
        self.sessions.spawn(async move {
            let shutdown = live.borrow().shutdown.clone();
            let mut errors = AcceptErrors::default();
            let mut refusals = Throttle::new(netlimits::LOG_EVERY);
            let service = listener.protocol.name();
            loop {
                let accepted = tokio::select! {
                    _ = stop.cancelled() => break,
                    _ = shutdown.cancelled() => break,
                    a = listener.socket.accept() => a,
                };
                let (stream, peer) = match accepted {
                    Ok(pair) => {
                        errors.accepted();
                        pair
                    }
                    Err(e) => {
                        // Out of file descriptors: retrying at once would spin.
                        let pause = errors.failed(service, &e);
                        tokio::select! {
                            _ = stop.cancelled() => break,
                            _ = shutdown.cancelled() => break,
                            _ = tokio::time::sleep(pause) => continue,
                        }
                    }
                };
                let _ = stream.set_nodelay(true);
                let (imap, acceptor) = (live.borrow().clone(), tls.borrow().clone());
                let implicit = listener.implicit_tls;
                let stats = match listener.protocol {
                    Protocol::Imap => &imap.stats.imap,
                    Protocol::Pop3 => &imap.stats.pop3,
                    Protocol::ManageSieve => &imap.stats.sieve,
                };
                let caps = &imap.config.connections_per_ip;
                let max = match listener.protocol {
                    Protocol::Imap => caps.imap,
                    Protocol::Pop3 => caps.pop3,
                    Protocol::ManageSieve => caps.managesieve,
                };
                let Some(slot) = PerIp::take(&per_ip, peer.ip(), max, &imap.config.exempt) else {
                    crate::stats::Stats::bump(&stats.connections_refused);
                    if let Some(not_logged) = refusals.ready() {
                        tracing::info!(service, %peer, max, refusals_not_logged = not_logged,
                            "too many connections from this address");
                    }
                    // On an implicit-TLS port the client expects a handshake, not a line.
                    let line: &[u8] = if implicit {
                        b""
                    } else {
                        listener.protocol.too_many()
                    };
                    netlimits::refuse(stream, line);
                    continue;
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
                    let _slot = slot;
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
    let handshake = imap.config.deadlines.handshake;
    let at = netlimits::TlsAt {
        listener: if greet { "imaps" } else { "imap STARTTLS" },
        port: netlimits::TlsAt::port_of(&stream.0),
        peer,
    };
    // A failure is logged by netlimits::handshake.
    if let Ok(s) = netlimits::handshake(handshake, at, acceptor.accept(stream)).await {
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
        // 1.5 KiB before the per-command deadline (netlimits::Pace, 48 bytes, held by every
        // session) and the login pool handle; 1,000 idle connections measure about 4 KB each
        // in all (tests/limits_e2e.rs).
        const MAX: usize = 1600;
        assert!(
            imap_size <= MAX,
            "an IMAP connection's future is {imap_size} bytes"
        );
        assert!(pop3 <= MAX, "a POP3 connection's future is {pop3} bytes");
        assert!(
            sieve <= MAX,
            "a ManageSieve connection's future is {sieve} bytes"
        );
    }
}
