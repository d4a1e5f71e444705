//! ACME HTTP-01 (RFC 8555 §8.3): the CA fetches
//! `http://<name>/.well-known/acme-challenge/<token>` on port 80 and expects the key
//! authorization as the body. The ACME client (govmail's renewal task) puts the answer here
//! while an order is pending and takes it away afterwards; the map outlives reloads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use crate::Web;

/// Pending HTTP-01 answers: token → key authorization.
#[derive(Debug, Clone, Default)]
pub struct Challenges(Arc<Mutex<HashMap<String, String>>>);

impl Challenges {
    pub fn insert(&self, token: &str, key_authorization: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(token.to_string(), key_authorization.to_string());
        }
    }

    pub fn remove(&self, token: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(token);
        }
    }

    pub fn get(&self, token: &str) -> Option<String> {
        self.0.lock().ok().and_then(|map| map.get(token).cloned())
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
