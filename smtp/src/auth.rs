//! SMTP AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, on the submission
//! ports only, and only over TLS (RFC 4954 §4: 538 5.7.11 otherwise), unless the
//! configuration allows plaintext from loopback for tests.

use ::auth::{Checked, LoginError, Secret, decode_plain};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use smtp_proto::{AUTH_LOGIN, AUTH_PLAIN};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::reply::{self, Reply};
use crate::session::{Authenticated, Mode, Session};

/// RFC 4954 §4: a line of the exchange may be up to 12288 octets.
const MAX_AUTH_LINE: usize = 12288;

fn decode_text(response: &str) -> Option<String> {
    let bytes = BASE64.decode(response.trim()).ok()?;
    String::from_utf8(bytes).ok()
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// AUTH may be offered: a submission port, not yet authenticated, over TLS (or loopback
    /// when allowed).
    pub(crate) fn auth_offered(&self) -> bool {
        self.mode == Mode::Submission
            && self.auth.is_none()
            && (self.tls
                || (self.smtp.config.plaintext_auth_on_loopback && self.peer.ip().is_loopback()))
    }

    /// Reads one line of the AUTH exchange (without CRLF); None if the connection ended.
    async fn auth_line(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.input.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.input[..end]).into_owned();
                self.input.drain(..end + 2);
                self.pace.done();
                return Some(line);
            }
            if self.input.len() > MAX_AUTH_LINE {
                return None;
            }
            if !self.flush().await || !self.fill_command().await {
                return None;
            }
        }
    }

    /// Sends a 334 challenge and reads the answer; Err(reply) when cancelled or malformed.
    async fn challenge(&mut self, prompt: &str) -> Result<String, Option<Reply>> {
        self.reply(Reply::plain(334, BASE64.encode(prompt)));
        let Some(line) = self.auth_line().await else {
            return Err(None);
        };
        if line.trim() == "*" {
            // RFC 4954 §4: the client cancels with "*".
            return Err(Some(Reply::new(
                501,
                reply::SE_SYNTAX,
                "authentication cancelled",
            )));
        }
        Ok(line)
    }

    /// AUTH: returns false when the session must end.
    pub(crate) async fn authenticate(&mut self, mechanism: u64, initial: String) -> bool {
        if self.mode != Mode::Submission {
            return self.error(Reply::new(
                503,
                reply::SE_BAD_SEQUENCE,
                "AUTH is offered on the submission ports only",
            ));
        }
        if self.auth.is_some() {
            return self.error(Reply::new(
                503,
                reply::SE_BAD_SEQUENCE,
                "already authenticated",
            ));
        }
        if !self.auth_offered() {
            return self.error(Reply::new(
                538,
                reply::SE_ENCRYPTION_REQUIRED,
                "encryption required: use STARTTLS first",
            ));
        }
        if self.in_transaction() {
            return self.error(Reply::new(
                503,
                reply::SE_BAD_SEQUENCE,
                "AUTH is not allowed during a mail transaction",
            ));
        }
        let malformed = || Reply::new(501, reply::SE_SYNTAX, "malformed AUTH response");
        let credentials = match mechanism {
            AUTH_PLAIN => {
                // "=" is an empty initial response (RFC 4954 §4).
                let response = if initial.is_empty() {
                    match self.challenge("").await {
                        Ok(line) => line,
                        Err(reply) => return reply.map(|r| self.error(r)).unwrap_or(false),
                    }
                } else if initial == "=" {
                    String::new()
                } else {
                    initial
                };
                decode_plain(&response)
            }
            AUTH_LOGIN => {
                let user = if initial.is_empty() {
                    match self.challenge("Username:").await {
                        Ok(line) => line,
                        Err(reply) => return reply.map(|r| self.error(r)).unwrap_or(false),
                    }
                } else {
                    initial
                };
                let Some(user) = decode_text(&user) else {
                    return self.error(malformed());
                };
                match self.challenge("Password:").await {
                    Ok(line) => decode_text(&line).map(|p| (user, Secret::new(p))),
                    Err(reply) => return reply.map(|r| self.error(r)).unwrap_or(false),
                }
            }
            _ => {
                return self.error(Reply::new(
                    504,
                    reply::SE_BAD_PARAM,
                    "unsupported mechanism: use PLAIN or LOGIN",
                ));
            }
        };
        let Some((login, password)) = credentials else {
            return self.error(malformed());
        };
        let reply = self.check_credentials(login, password).await;
        if reply.is_positive() {
            self.reply(reply);
            true
        } else {
            self.error(reply)
        }
    }

    async fn check_credentials(&mut self, login: String, password: Secret) -> Reply {
        let ip = self.peer.ip();
        let check =
            self.smtp
                .logins
                .check(&self.smtp.store, ip, &login, password, |store, account| {
                    Ok((
                        store.list_aliases(&account.address)?,
                        store.agency_chain(&account.agency)?,
                    ))
                });
        // A shutdown does not wait out the throttle's delay (up to a minute); the attempt,
        // dropped, stays counted as a failure. The session's loop then says 421.
        let shutdown = self.smtp.shutdown.clone();
        let checked = tokio::select! {
            checked = check => checked,
            _ = shutdown.cancelled() => {
                return Reply::new(454, reply::SE_AUTH_TEMP, "server shutting down");
            }
        };
        match checked {
            Checked::Accepted(account, Ok((aliases, agencies))) => {
                crate::stats::Stats::bump(&self.smtp.stats.auth_successes);
                self.smtp
                    .store
                    .count(account.id, storage::UsageCounter::LoginSmtp, 1);
                tracing::info!(%ip, account = %account.address, "SMTP login");
                let mut senders = vec![account.address.clone()];
                senders.extend(aliases);
                self.auth = Some(Authenticated {
                    account: account.id,
                    address: account.address,
                    senders,
                    agencies,
                });
                Reply::new(235, reply::SE_AUTH_OK, "authentication successful")
            }
            Checked::Accepted(_, Err(e)) => {
                tracing::error!(error = %LoginError::Unavailable(e), "login check failed");
                Reply::new(454, reply::SE_AUTH_TEMP, "temporary authentication failure")
            }
            Checked::Locked { retry_after } => {
                ::auth::log_refused("SMTP", ip, &login, ::auth::Refusal::Throttled);
                Reply::new(
                    454,
                    reply::SE_AUTH_TEMP,
                    format!(
                        "too many failed logins; try again in {} minutes",
                        ::auth::retry_minutes(retry_after)
                    ),
                )
            }
            Checked::Refused(e) => {
                crate::stats::Stats::bump(&self.smtp.stats.auth_failures);
                ::auth::log_refused("SMTP", ip, &login, ::auth::Refusal::Failed(&e));
                Reply::new(535, reply::SE_AUTH_INVALID, "invalid credentials")
            }
            Checked::Unavailable(e) => {
                tracing::error!(error = %e, "login check failed");
                Reply::new(454, reply::SE_AUTH_TEMP, "temporary authentication failure")
            }
        }
    }
}
