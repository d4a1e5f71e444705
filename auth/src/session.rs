//! Web console sessions: a random id in a cookie, the session kept on the server.
//!
//! - The id is 32 bytes from the operating system's generator (ring's `SystemRandom`),
//!   base64url: unguessable, and carrying nothing but itself. A new id is made at every login
//!   and the one the browser came with is dropped, so an id planted before login (session
//!   fixation) is never promoted to a logged-in session.
//! - The server keeps only the SHA-256 of each id (a memory dump does not give away live
//!   sessions), with the account, its CSRF token and the time of its last request.
//! - A session ends after `idle` without a request (30 minutes by default), at logout, when
//!   its account changes its password elsewhere, or when the server restarts.
//! - Each session has its own CSRF token (also 32 random bytes), which every form carries in
//!   a hidden field and every POST must echo ([`Session::csrf_matches`], compared in constant
//!   time).
//!
//! Sessions live in this process's memory: enough for one node (a restart logs everyone out,
//! which is harmless). Several nodes behind one name would need them in shared storage.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use sha2::{Digest, Sha256};

use storage::AccountId;

/// Session settings.
#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// A session without a request for this long is over.
    pub idle: Duration,
    /// Most sessions held at once (the oldest idle ones go first beyond it).
    pub max_sessions: usize,
    /// Most sessions of one account at once (its oldest goes first beyond it).
    pub per_account: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            idle: Duration::from_secs(30 * 60),
            max_sessions: 10_000,
            per_account: 10,
        }
    }
}

/// A logged-in session as a request sees it.
#[derive(Clone)]
pub struct Session {
    pub account: AccountId,
    /// The account's address, as stored (lower case).
    pub address: String,
    csrf: String,
}

impl Session {
    /// The token the session's forms carry (`<input type=hidden name=csrf>`).
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Whether a POST's token is the session's, compared in constant time.
    pub fn csrf_matches(&self, given: Option<&str>) -> bool {
        given.is_some_and(|g| constant_time_eq(g.as_bytes(), self.csrf.as_bytes()))
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.account)
            .field("address", &self.address)
            .field("csrf", &"/* REDACTED */")
            .finish()
    }
}

/// Compares without stopping at the first difference (the time does not tell how much of a
/// guessed token was right).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

struct Entry {
    session: Session,
    created: Instant,
    last_seen: Instant,
}

/// The sessions of one server; share it (`Arc`) between requests.
pub struct Sessions {
    config: SessionConfig,
    rng: SystemRandom,
    /// Keyed by the SHA-256 of the id.
    live: Mutex<HashMap<[u8; 32], Entry>>,
}

/// The generator failed (no entropy source): refuse the login rather than make a weak id.
#[derive(Debug, thiserror::Error)]
#[error("the system random generator failed: cannot make a session id")]
pub struct NoRandom;

fn key_of(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    pub fn new(config: SessionConfig) -> Sessions {
        Sessions {
            config,
            rng: SystemRandom::new(),
            live: Mutex::new(HashMap::new()),
        }
    }

    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    fn random_token(&self) -> Result<String, NoRandom> {
        let mut bytes = [0u8; 32];
        self.rng.fill(&mut bytes).map_err(|_| NoRandom)?;
        Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Entry>> {
        // A panic while holding the lock leaves the map consistent (every change is one
        // insert or remove): carry on with it.
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a session for a successful login and returns its new id (for the cookie) and
    /// the session. `previous`, the id the browser came with, is ended first: the
    /// logged-in session never reuses an id chosen before the login.
    pub fn start(
        &self,
        account: AccountId,
        address: &str,
        previous: Option<&str>,
        now: Instant,
    ) -> Result<(String, Session), NoRandom> {
        let id = self.random_token()?;
        let session = Session {
            account,
            address: address.to_string(),
            csrf: self.random_token()?,
        };
        let idle = self.config.idle;
        let mut live = self.lock();
        if let Some(previous) = previous {
            live.remove(&key_of(previous));
        }
        live.retain(|_, e| now.saturating_duration_since(e.last_seen) < idle);
        // Beyond the caps, the oldest sessions (of this account, then of anyone) go.
        let mine: Vec<([u8; 32], Instant)> = live
            .iter()
            .filter(|(_, e)| e.session.account == account)
            .map(|(k, e)| (*k, e.created))
            .collect();
        if mine.len() >= self.config.per_account.max(1) {
            let mut mine = mine;
            mine.sort_by_key(|(_, created)| *created);
            for (k, _) in mine
                .iter()
                .take(mine.len() + 1 - self.config.per_account.max(1))
            {
                live.remove(k);
            }
        }
        while live.len() >= self.config.max_sessions.max(1) {
            let Some(oldest) = live
                .iter()
                .min_by_key(|(_, e)| e.last_seen)
                .map(|(k, _)| *k)
            else {
                break;
            };
            live.remove(&oldest);
        }
        live.insert(
            key_of(&id),
            Entry {
                session: session.clone(),
                created: now,
                last_seen: now,
            },
        );
        Ok((id, session))
    }

    /// The session of `id` if it is live, its idle clock restarted; an expired one is ended.
    pub fn get(&self, id: &str, now: Instant) -> Option<Session> {
        let key = key_of(id);
        let mut live = self.lock();
        let entry = live.get_mut(&key)?;
        if now.saturating_duration_since(entry.last_seen) >= self.config.idle {
            live.remove(&key);
            return None;
        }
        entry.last_seen = now;
        Some(entry.session.clone())
    }

    /// Ends the session `id` (logout). Returns whether it was live.
    pub fn end(&self, id: &str) -> bool {
        self.lock().remove(&key_of(id)).is_some()
    }

    /// Ends every session of `account` except `keep` (after a password change or a
    /// suspension: whoever knew the old password is out). Returns how many ended.
    pub fn end_account(&self, account: AccountId, keep: Option<&str>) -> usize {
        let keep = keep.map(key_of);
        let mut live = self.lock();
        let before = live.len();
        live.retain(|k, e| e.session.account != account || Some(*k) == keep);
        before - live.len()
    }

    /// Live sessions (expired ones not yet swept included).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sessions() -> Sessions {
        Sessions::new(SessionConfig {
            idle: Duration::from_secs(60),
            max_sessions: 4,
            per_account: 2,
        })
    }

    #[test]
    fn ids_are_random_long_and_never_the_previous_one() {
        let s = sessions();
        let t0 = Instant::now();
        let (a, sa) = s.start(1, "annv@x.gov.vn", None, t0).unwrap();
        let (b, sb) = s.start(1, "annv@x.gov.vn", Some(&a), t0).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "32 bytes in base64url");
        assert_ne!(sa.csrf(), sb.csrf());
        assert_ne!(a, sa.csrf());
        // Logging in with a planted (or old) id ends it: only the new one is live.
        assert!(s.get(&a, t0).is_none());
        assert_eq!(s.get(&b, t0).unwrap().address, "annv@x.gov.vn");
        // An id the server never made is nothing.
        assert!(s.get("attacker-chosen", t0).is_none());
    }

    #[test]
    fn a_session_ends_after_the_idle_timeout_but_not_while_used() {
        let s = sessions();
        let t0 = Instant::now();
        let (id, _) = s.start(1, "annv@x.gov.vn", None, t0).unwrap();
        assert!(s.get(&id, t0 + Duration::from_secs(50)).is_some());
        // Used at 50 s: live until 110 s.
        assert!(s.get(&id, t0 + Duration::from_secs(100)).is_some());
        assert!(s.get(&id, t0 + Duration::from_secs(161)).is_none());
        assert!(s.get(&id, t0).is_none(), "gone for good");
    }

    #[test]
    fn logout_and_password_changes_end_sessions() {
        let s = sessions();
        let t0 = Instant::now();
        let (a, _) = s.start(1, "annv@x.gov.vn", None, t0).unwrap();
        let (b, _) = s.start(1, "annv@x.gov.vn", None, t0).unwrap();
        let (c, _) = s.start(2, "binh@x.gov.vn", None, t0).unwrap();
        assert!(s.end(&a));
        assert!(!s.end(&a));
        let (d, _) = s.start(1, "annv@x.gov.vn", None, t0).unwrap();
        assert_eq!(s.end_account(1, Some(&d)), 1);
        assert!(s.get(&b, t0).is_none() && s.get(&d, t0).is_some());
        assert!(s.get(&c, t0).is_some());
    }

    #[test]
    fn sessions_are_capped_per_account_and_in_all() {
        let s = sessions();
        let t0 = Instant::now();
        let mut ids = Vec::new();
        for i in 0..3u64 {
            let at = t0 + Duration::from_secs(i);
            ids.push(s.start(1, "annv@x.gov.vn", None, at).unwrap().0);
        }
        let at = t0 + Duration::from_secs(5);
        assert!(s.get(&ids[0], at).is_none(), "the account's oldest went");
        assert!(s.get(&ids[2], at).is_some());
        for i in 10..15 {
            s.start(i, "x@x.gov.vn", None, at).unwrap();
        }
        assert!(s.len() <= 4);
    }

    #[test]
    fn csrf_tokens_must_match_exactly() {
        let s = sessions();
        let (_, session) = s.start(1, "annv@x.gov.vn", None, Instant::now()).unwrap();
        let token = session.csrf().to_string();
        assert!(session.csrf_matches(Some(&token)));
        assert!(!session.csrf_matches(None));
        assert!(!session.csrf_matches(Some("")));
        assert!(!session.csrf_matches(Some(&token[..token.len() - 1])));
        let mut wrong = token.clone().into_bytes();
        wrong[0] ^= 1;
        assert!(!session.csrf_matches(Some(std::str::from_utf8(&wrong).unwrap())));
        assert!(!format!("{session:?}").contains(&token), "never logged");
    }
}
