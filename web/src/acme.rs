//! ACME challenges the renewal task answers through the web listeners, put here while an
//! order is pending and taken away afterwards; the maps outlive reloads.
//!
//! - HTTP-01 (RFC 8555 §8.3): the CA fetches
//!   `http://<name>/.well-known/acme-challenge/<token>` on port 80 and expects the key
//!   authorization as the body ([`handler`], on the plain-HTTP listener).
//! - TLS-ALPN-01 (RFC 8737): the CA connects to port 443 offering ALPN `acme-tls/1` and
//!   checks the certificate it is shown ([`crate::tls_alpn`], on the HTTPS listener).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use crate::Web;

/// Pending challenges: HTTP-01 answers (token → key authorization, through `insert`,
/// `remove` and `get`) and TLS-ALPN-01 certificates (`tls_alpn`).
#[derive(Debug, Clone, Default)]
pub struct Challenges {
    http: Arc<Mutex<HashMap<String, String>>>,
    pub tls_alpn: crate::tls_alpn::Pending,
}

impl Challenges {
    pub fn insert(&self, token: &str, key_authorization: &str) {
        if let Ok(mut map) = self.http.lock() {
            map.insert(token.to_string(), key_authorization.to_string());
        }
    }

    pub fn remove(&self, token: &str) {
        if let Ok(mut map) = self.http.lock() {
            map.remove(token);
        }
    }

    pub fn get(&self, token: &str) -> Option<String> {
        self.http
            .lock()
            .ok()
            .and_then(|map| map.get(token).cloned())
    }
}

/// `GET /.well-known/acme-challenge/{token}`: the key authorization if that token is
/// pending, else 404. The body is exactly the key authorization (RFC 8555 §8.3: the CA
/// compares it after trimming whitespace; we send none).
pub async fn handler(
    State(web): State<watch::Receiver<Arc<Web>>>,
    Path(token): Path<String>,
) -> Response {
    let challenges = web.borrow().acme.clone();
    match challenges.get(&token) {
        Some(answer) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/octet-stream")],
            answer,
        )
            .into_response(),
        None => crate::not_found("no such ACME challenge"),
    }
}
