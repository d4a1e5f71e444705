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
pub use pace::{Deadlines, Pace};
pub use per_ip::{Network, PerIp, Slot};

/// Runs a TLS handshake (`acceptor.accept(stream)`) for at most `limit`: a client that
/// opens a connection and sends nothing, or a handshake at a byte a minute, is dropped then.
pub async fn handshake<T>(
    limit: std::time::Duration,
    handshake: impl std::future::Future<Output = std::io::Result<T>>,
) -> std::io::Result<T> {
    match tokio::time::timeout(limit, handshake).await {
        Ok(done) => done,
        Err(_) => Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "TLS handshake not finished in time",
        )),
    }
}
