//! MTA-STS (RFC 8461): the policy that tells other servers to deliver to our domains only over
//! TLS to our MX with a valid certificate. Served at
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` (§3.3), announced by the TXT record
//! `_mta-sts.<domain>` whose `id` changes whenever the policy does (§3.1): here the id is
//! derived from the policy text, so `govmail dns` and this listener always agree.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::Web;

/// §5: "testing" lets senders report failures (TLS-RPT) but deliver anyway; "enforce" makes
/// them refuse to deliver without valid TLS; "none" withdraws a policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Testing,
    Enforce,
    None,
}

impl Mode {
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "testing" => Some(Mode::Testing),
            "enforce" => Some(Mode::Enforce),
            "none" => Some(Mode::None),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Mode::Testing => "testing",
            Mode::Enforce => "enforce",
            Mode::None => "none",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub mode: Mode,
    /// Seconds senders may cache the policy (§3.2: at most 31557600).
    pub max_age: u64,
}

impl Default for Policy {
    fn default() -> Self {
        // One week, as RFC 8461's own example; long enough to protect, short enough that a
        // mistake in "enforce" does not last.
        Policy {
            mode: Mode::Testing,
            max_age: 604_800,
        }
    }
}

impl Policy {
    /// The policy file (§3.2), its one `mx` the server's host name.
    pub fn text(&self, mx: &str) -> String {
        format!(
            "version: STSv1\r\nmode: {}\r\nmx: {mx}\r\nmax_age: {}\r\n",
            self.mode.as_str(),
            self.max_age.min(31_557_600)
        )
    }

    /// The `id` of the `_mta-sts` TXT record (§3.1: 1 to 32 letters or digits): the first 20
    /// hexadecimal digits of the policy's SHA-256.
    pub fn id(&self, mx: &str) -> String {
        let digest = Sha256::digest(self.text(mx).as_bytes());
        digest.iter().take(10).map(|b| format!("{b:02x}")).collect()
    }

    /// The TXT record's value.
    pub fn txt(&self, mx: &str) -> String {
        format!("v=STSv1; id={}", self.id(mx))
    }
}

/// `GET /.well-known/mta-sts.txt`, on `mta-sts.<served domain>` only.
pub async fn handler(State(web): State<watch::Receiver<Arc<Web>>>, headers: HeaderMap) -> Response {
    let web = web.borrow().clone();
    let domain =
        crate::request_host(&headers).and_then(|h| h.strip_prefix("mta-sts.").map(str::to_string));
    let Some(domain) = domain else {
        return crate::not_found("the MTA-STS policy is served on mta-sts.<domain> only");
    };
    if !web.serves(&domain).await {
        return crate::not_found("this server does not serve that domain");
    }
    (
        // §3.3: the media type is "text/plain".
        [(header::CONTENT_TYPE, "text/plain")],
        web.settings.mta_sts.text(&web.settings.hostname),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_follows_the_policy() {
        let p = Policy::default();
        assert_eq!(
            p.text("mail.demo.gov.vn"),
            "version: STSv1\r\nmode: testing\r\nmx: mail.demo.gov.vn\r\nmax_age: 604800\r\n"
        );
        let id = p.id("mail.demo.gov.vn");
        assert_eq!(id.len(), 20);
        assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(id, p.id("mail.demo.gov.vn"));
        let enforce = Policy {
            mode: Mode::Enforce,
            ..p.clone()
        };
        assert_ne!(enforce.id("mail.demo.gov.vn"), id);
        assert_ne!(p.id("mx2.demo.gov.vn"), id);
        assert_eq!(p.txt("m.vn"), format!("v=STSv1; id={}", p.id("m.vn")));
    }
}
