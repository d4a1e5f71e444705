//! SMTP service: inbound MX (and, later, submission and the outbound queue).
//!
//! Layers: `reply` (wire replies and enhanced status codes), `session` (the per-connection
//! state machine over any stream), `delivery` (local delivery through storage), and `serve`
//! (listeners, TLS, shutdown).

pub mod delivery;
pub mod reply;
mod serve;
pub mod session;

pub use serve::{Listener, serve};
pub use session::{End, Session, SmtpConfig};
