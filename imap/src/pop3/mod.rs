//! POP3 service: RFC 1939 (USER/PASS, STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL, QUIT),
//! RFC 2449 (CAPA, response codes, PIPELINING), RFC 2595 (STLS), RFC 5034 (AUTH PLAIN, with
//! an initial response or after `+ `), RFC 3206 (AUTH-RESP-CODE). APOP is not offered: it
//! needs the plaintext password on the server, and we keep only argon2 hashes.
//!
//! The maildrop is the account's INBOX. It shares the IMAP service's settings, store,
//! login throttle and shutdown token (`Imap`), so one struct serves both protocols.
//!
//! Layers, as in IMAP: `command` (lines and commands, no I/O), `session` (the state machine,
//! generic over the stream), `maildrop` (the snapshot and the storage calls).

#[doc(hidden)]
pub mod command; // public for the fuzz target (fuzz/)
mod maildrop;
mod session;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

use crate::Imap;

pub use command::MAX_COMMAND_LINE;
pub use session::{End, IDLE_TIMEOUT, MAX_ERRORS, Session};

/// Serves one POP3 connection to its end: implicit TLS first when `implicit_tls` (pop3s,
/// RFC 8314 §3.3), otherwise plaintext with STLS offered when `tls` is given (RFC 2595 §4).
/// Without an acceptor, an implicit-TLS connection is closed at once.
pub async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    imap: Arc<Imap>,
    tls: Option<TlsAcceptor>,
    implicit_tls: bool,
) {
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

/// The TLS handshake (pop3s, or after STLS when `greet` is false), then the session on the
/// encrypted stream. Boxed by the caller, so that a plain-text connection does not carry
/// room for a handshake's and a TLS session's state.
async fn over_tls(
    acceptor: TlsAcceptor,
    stream: TcpStream,
    imap: Arc<Imap>,
    peer: SocketAddr,
    greet: bool,
) {
    let handshake = imap.config.deadlines.handshake;
    let at = netlimits::TlsAt {
        listener: if greet { "pop3s" } else { "pop3 STLS" },
        port: netlimits::TlsAt::port_of(&stream),
        peer,
    };
    // A failure is logged by netlimits::handshake.
    if let Ok(s) = netlimits::handshake(handshake, at, acceptor.accept(stream)).await {
        Session::new(s, imap, peer, true, false).run(greet).await;
    }
}
