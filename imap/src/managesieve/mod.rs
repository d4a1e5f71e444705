//! ManageSieve (RFC 5804): users manage their Sieve scripts from mail clients (Thunderbird's
//! Sieve add-on, Roundcube, `sieve-connect`) on port 4190, with STARTTLS.
//!
//! The grammar (RFC 5804 §4) is IMAP's without tags, so commands are framed by the IMAP
//! framer (`crate::wire::Framer`: size caps checked when a literal is announced, before it
//! is read) and tokenized by the IMAP tokenizer. Scripts are compiled by `policy::sieve`
//! before they are stored, and live in storage like those `govmail sieve` manages.

mod session;
#[cfg(test)]
mod tests;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

pub use session::{End, Session};

use crate::Imap;

/// Serves one ManageSieve connection on a plain port (`[listen] managesieve`), with STARTTLS
/// when `tls` is given. After STARTTLS the session starts over on the encrypted stream and
/// re-sends its capabilities (RFC 5804 §2.2).
pub async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    imap: Arc<Imap>,
    tls: Option<TlsAcceptor>,
) {
    let _ = stream.set_nodelay(true);
    let mut session = Session::new(stream, imap.clone(), peer, false, tls.is_some());
    if session.run(true).await != End::StartTls {
        return;
    }
    let Some(acceptor) = tls else { return };
    Box::pin(over_tls(acceptor, session.into_stream(), imap, peer)).await;
}

/// The TLS handshake after STARTTLS, then the session on the encrypted stream. Boxed by the
/// caller, so that a plain-text session does not carry room for a handshake's and a TLS
/// session's state.
async fn over_tls(acceptor: TlsAcceptor, stream: TcpStream, imap: Arc<Imap>, peer: SocketAddr) {
    let handshake = imap.config.deadlines.handshake;
    let at = netlimits::TlsAt {
        listener: "managesieve STARTTLS",
        port: netlimits::TlsAt::port_of(&stream),
        peer,
    };
    // A failure is logged by netlimits::handshake.
    if let Ok(s) = netlimits::handshake(handshake, at, acceptor.accept(stream)).await {
        Session::new(s, imap, peer, true, false).run(false).await;
    }
}
