//! Limits that keep a client from holding or exhausting the server's connections, shared by
//! every listener (SMTP, IMAP, POP3, ManageSieve) so that each protocol enforces them the
//! same way:
//!
//! - `per_ip`: how many connections one client address may hold at once, with networks
//!   exempted by configuration (none by default, loopback included);
//! - `accept`: what an accept loop does when `accept` fails (out of file descriptors):
//!   back off, and log once per interval rather than once per failure;
//! - `pace`: deadlines on what a client sends. Waiting between commands is the protocol's
//!   idle timeout; once a command has started it must arrive whole within a deadline that
//!   grows with the bytes received (a minimum transfer rate), so a client trickling a
//!   command, a literal or a message one byte at a time cannot hold its session forever.
//!   The TLS handshake has a deadline of its own (`Deadlines::handshake`).

mod accept;
mod pace;
mod per_ip;
#[cfg(feature = "testing")]
pub mod testing;

pub use accept::{AcceptErrors, FIRST_PAUSE, LOG_EVERY, MAX_PAUSE, Throttle, refuse};
pub use pace::{Deadlines, Pace, SHUTDOWN_WRITE_GRACE, send_within};
pub use per_ip::{Network, PerIp, Slot};

/// Where a TLS handshake happens, for its log line.
#[derive(Debug, Clone, Copy)]
pub struct TlsAt<'a> {
    /// The listener as an administrator names it: "imaps", "imap STARTTLS", "pop3s",
    /// "pop3 STLS", "managesieve STARTTLS", "smtp STARTTLS", "submission STARTTLS",
    /// "submissions".
    pub listener: &'a str,
    /// The listener's port (0 when the socket could not say).
    pub port: u16,
    /// The client.
    pub peer: std::net::SocketAddr,
}

impl TlsAt<'_> {
    /// The local port of a connection's socket, for [`TlsAt::port`].
    pub fn port_of(socket: &tokio::net::TcpStream) -> u16 {
        socket.local_addr().map_or(0, |a| a.port())
    }
}

/// Runs a TLS handshake (`acceptor.accept(stream)`) for at most `limit`: a client that
/// opens a connection and sends nothing, or a handshake at a byte a minute, is dropped then.
/// A failure is logged here, at info, for every listener of every protocol: with the client,
/// the listener and rustls's reason ("peer is incompatible: ...", "received corrupt
/// message ..."), an administrator can answer "my mail client says it cannot connect".
pub async fn handshake<T>(
    limit: std::time::Duration,
    at: TlsAt<'_>,
    handshake: impl std::future::Future<Output = std::io::Result<T>>,
) -> std::io::Result<T> {
    let done = match tokio::time::timeout(limit, handshake).await {
        Ok(done) => done,
        Err(_) => Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "TLS handshake not finished in time",
        )),
    };
    if let Err(e) = &done {
        tracing::info!(peer = %at.peer, listener = %at.listener, port = at.port, error = %e, "TLS handshake failed");
    }
    done
}
