//! The web console (issue 25): server-rendered pages on the HTTPS listener, in Vietnamese.
//!
//! - Every civil servant: log in with the mail address and password (the same check,
//!   throttle and lockout as IMAP: one [`auth::Logins`] for every protocol), change the
//!   password ([`password`]), set an out-of-office reply with dates ([`vacation`]: a Sieve
//!   `vacation` rule in the user's own active script), see the quota in use ([`home`]).
//! - A report viewer: the usage dashboard of an agency subtree ([`dashboard`]).
//! - An administrator: find accounts, suspend/resume, reset a password ([`admin`]); issue
//!   one account or a staff list ([`admin_issue`]); change a quota and grant unit mailboxes
//!   ([`admin_account`]); release or delete quarantined mail, retry or remove queued mail
//!   ([`admin_mail`]); see the server's health ([`admin_health`]).
//!
//! Sessions are [`auth::Sessions`] (server-side, in memory) behind a `__Host-` cookie that is
//! `Secure; HttpOnly; SameSite=Strict; Path=/`; every POST carries the session's CSRF token
//! in a hidden field and is refused (403) without it. Pages are only routed on the HTTPS
//! listener (the plain-HTTP one redirects), need a session (otherwise a redirect to
//! `/login`), and carry a Content-Security-Policy without inline scripts or styles. No
//! JavaScript is needed: forms and links only; the one stylesheet is served from here.

pub mod admin;
// The administrators' desk beyond account search (consadm).
pub mod admin_account;
pub mod admin_health;
pub mod admin_issue;
pub mod admin_mail;
pub mod dashboard;
pub mod denials;
pub mod home;
pub mod i18n;
mod layout;
// Public for its fuzz target (fuzz/src/bin/console_multipart.rs).
pub mod multipart;
pub mod password;
pub mod register;
pub mod scope;
mod sent;
pub mod session_routes;
pub mod unused;
pub mod vacation;
mod xlsx;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tokio::sync::watch;

use policy::report::usage::RegularRule;
use storage::{Account, AccountStatus, NewAudit, Role, RoleGrant, Store};

use crate::Web;

/// The session cookie. The `__Host-` prefix makes browsers refuse it unless it is Secure,
/// has Path=/ and no Domain (RFC 6265bis §4.1.3.2): no other host can set or shadow it.
pub const COOKIE: &str = "__Host-govmail";

/// Every console response's security headers.
const CSP: &str = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; \
                   base-uri 'none'; object-src 'none'";

/// What the console needs, made once by the program and kept across reloads (the sessions
/// must outlive a configuration's generation).
pub struct Console {
    pub store: Store,
    pub logins: Arc<auth::Logins>,
    pub sessions: Arc<auth::Sessions>,
    /// What counts as regular use, and the target (`[report]`).
    pub rule: RegularRule,
    /// What the administrators' pages need from the configuration.
    pub admin: admin::AdminSettings,
    /// Refusals written to the audit log at a bounded rate per account.
    pub denials: denials::DenialLog,
}

/// The client's address, set on each request by the listener (`server::connection`).
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub std::net::SocketAddr);

type WebState = watch::Receiver<Arc<Web>>;

/// The console's routes, merged into the HTTPS router.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route(
            "/login",
            get(session_routes::login_page).post(session_routes::login),
        )
        .route("/logout", post(session_routes::logout))
        .route("/console", get(home::page_handler))
        .route("/console/", get(home::page_handler))
        .route("/console/console.css", get(layout::stylesheet))
        .route(
            "/console/password",
            get(password::page_handler).post(password::change),
        )
        .route(
            "/console/vacation",
            get(vacation::page_handler).post(vacation::save),
        )
        .route("/console/report", get(dashboard::page_handler))
        // The report viewer's pages and downloads (consrep).
        .route("/console/report/print", get(dashboard::print_handler))
        .route("/console/report/download.csv", get(dashboard::csv_handler))
        .route(
            "/console/report/download.xlsx",
            get(dashboard::xlsx_handler),
        )
        .route("/console/register", get(register::page_handler))
        .route("/console/unused", get(unused::page_handler))
        .route("/console/lang", get(i18n::switch))
        .route("/console/sent", get(sent::page_handler))
        .route("/console/admin", get(admin::search))
        .route("/console/admin/status", post(admin::set_status))
        .route("/console/admin/reset", post(admin::reset_password))
        // The administrators' desk: issuing, one account, quarantine, queue, health.
        .route(
            "/console/admin/issue",
            get(admin_issue::page_handler).post(admin_issue::issue_one),
        )
        .route("/console/admin/import", post(admin_issue::import))
        .route("/console/admin/account", get(admin_account::page_handler))
        .route("/console/admin/quota", post(admin_account::set_quota))
        .route("/console/admin/grant", post(admin_account::grant))
        .route("/console/admin/revoke", post(admin_account::revoke))
        .route(
            "/console/admin/quarantine",
            get(admin_mail::quarantine).post(admin_mail::quarantine_action),
        )
        .route(
            "/console/admin/queue",
            get(admin_mail::queue).post(admin_mail::queue_action),
        )
        .route("/console/admin/health", get(admin_health::page_handler))
        // A form's longest field (the out-of-office message, 4,000 characters) is up to 36 KiB
        // once a browser has percent-encoded its Vietnamese letters: more than the listener's
        // 16 KiB for autodiscover requests. Read whole, a too-long message gets the page's own
        // explanation rather than a bare 413.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_FORM))
        .layer(axum::middleware::map_response(security_headers))
}

/// The largest form body the console accepts.
pub const MAX_FORM: usize = 64 * 1024;

async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Not "no-referrer": with it Chromium sends `Origin: null` on the console's own form
    // posts, which `same_origin` must refuse. Other sites still get no Referer.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages show personal data: never kept by a shared cache or the back button.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The console of the running configuration, or 404 when this server has none.
fn console_of(state: &WebState) -> Result<Arc<Console>, Response> {
    state
        .borrow()
        .console
        .clone()
        .ok_or_else(|| crate::not_found("not found"))
}

/// The client's IP address (unspecified if the listener did not say, as in unit tests).
fn peer_ip(parts: &Parts) -> IpAddr {
    parts
        .extensions
        .get::<Peer>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| {
            p.0.ip().to_canonical()
        })
}

/// The client's IP address as an extractor (never fails).
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(peer_ip(parts)))
    }
}

/// The session id the browser sent, if any.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// A request of a logged-in user: the session, the account as it is now, and its roles.
pub struct Authed {
    pub console: Arc<Console>,
    pub session: auth::Session,
    /// The session id (for logout, and to keep this session when the password changes).
    pub id: String,
    pub account: Account,
    pub roles: Vec<RoleGrant>,
    pub ip: IpAddr,
    /// The language of the pages (the person's choice, else the browser's).
    pub lang: i18n::Lang,
    /// The path and query asked for (the language switch comes back to it).
    pub path: String,
}

impl Authed {
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r.role == Role::Admin)
    }

    /// The agencies whose subtrees this user may see the figures of (an administrator: all,
    /// shown as `None`).
    pub fn report_scope(&self) -> Option<Vec<String>> {
        if self.is_admin() {
            return None;
        }
        Some(
            self.roles
                .iter()
                .filter(|r| r.role == Role::ReportViewer)
                .filter_map(|r| r.agency.clone())
                .collect(),
        )
    }

    pub fn may_view_reports(&self) -> bool {
        self.report_scope().is_none_or(|s| !s.is_empty())
    }

    /// Writes a line to the audit log as this user from this address. A failure to write it
    /// is logged; the caller decides whether the action stands (changes are written first).
    pub async fn audit(&self, action: &str, target: Option<&str>, detail: Option<String>) {
        audit(
            &self.console.store,
            NewAudit {
                actor: self.account.address.clone(),
                action: action.into(),
                target: target.map(str::to_string),
                detail,
                source: self.ip.to_string(),
            },
        )
        .await
    }

    /// Writes a refusal (`admin.denied`, `report.denied`) to the audit log, at most
    /// `denials::LINES_PER_WINDOW` lines per account per window; the first line after a
    /// window with unwritten refusals says how many there were.
    pub async fn audit_denied(&self, action: &str, target: Option<&str>, detail: String) {
        let now = std::time::Instant::now();
        match self.console.denials.admit(&self.account.address, now) {
            denials::Admit::Skip => {
                tracing::debug!(account = %self.account.address, %action, "console: refusal not written (rate)");
            }
            denials::Admit::Write { unwritten_before } => {
                let detail = if unwritten_before > 0 {
                    format!("{detail} (+{unwritten_before} earlier refusals not written)")
                } else {
                    detail
                };
                self.audit(action, target, Some(detail)).await
            }
        }
    }

    /// Checks a POST's CSRF token (and, when the browser sent one, its Origin): 403 if wrong.
    pub fn check_csrf(&self, headers: &HeaderMap, token: Option<&str>) -> Result<(), Response> {
        if self.session.csrf_matches(token) && same_origin(headers) {
            return Ok(());
        }
        tracing::warn!(account = %self.account.address, peer = %self.ip, "console: POST refused without a valid CSRF token");
        Err(layout::forbidden_in(
            self.lang,
            self.lang.t(i18n::K::csrf_refused),
        ))
    }
}

/// Whether the request's `Origin` (when sent) names the host it was sent to: a form posted
/// from another site is refused even before its token is looked at.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    origin.eq_ignore_ascii_case(&format!("https://{host}"))
}

/// Adds an audit line off the async threads.
pub async fn audit(store: &Store, entry: NewAudit) {
    let store = store.clone();
    let action = entry.action.clone();
    match tokio::task::spawn_blocking(move || store.audit(entry)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, %action, "cannot write the audit log"),
        Err(e) => tracing::error!(error = %e, %action, "cannot write the audit log"),
    }
}

/// Runs storage work off the async threads; a failure is our own (500 with a page).
pub async fn blocking<T: Send + 'static>(
    store: &Store,
    work: impl FnOnce(&Store) -> Result<T, storage::StorageError> + Send + 'static,
) -> Result<Result<T, storage::StorageError>, Response> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || work(&store))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "console: storage task failed");
            layout::server_error()
        })
}

impl FromRequestParts<WebState> for Authed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &WebState) -> Result<Self, Response> {
        let console = console_of(state)?;
        let ip = peer_ip(parts);
        let to_login = || Redirect::to("/login").into_response();
        let Some(id) = session_cookie(&parts.headers) else {
            return Err(to_login());
        };
        let Some(session) = console.sessions.get(&id, Instant::now()) else {
            return Err(to_login());
        };
        let account_id = session.account;
        let found = blocking(&console.store, move |store| {
            let account = store.get_account_by_id(account_id)?;
            let roles = store.roles_of(account_id)?;
            Ok((account, roles))
        })
        .await?;
        let (account, roles) = match found {
            Ok(found) => found,
            Err(e) if e.is_client_error() => {
                console.sessions.end(&id);
                return Err(to_login());
            }
            Err(e) => {
                tracing::error!(error = %e, "console: cannot read the account");
                return Err(layout::server_error());
            }
        };
        // Suspended or removed since the login: out at the next page.
        if account.status != AccountStatus::Active {
            console.sessions.end_account(account.id, None);
            return Err(to_login());
        }
        Ok(Authed {
            console,
            session,
            id,
            account,
            roles,
            ip,
            lang: i18n::Lang::of(&parts.headers),
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/console".into(), |p| p.as_str().to_string()),
        })
    }
}

/// The `Set-Cookie` value that gives the browser a session id.
fn session_set_cookie(id: &str) -> String {
    format!("{COOKIE}={id}; Secure; HttpOnly; SameSite=Strict; Path=/")
}

/// The `Set-Cookie` value that removes it.
fn session_clear_cookie() -> String {
    format!("{COOKIE}=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

/// 303 See Other to `to` (after a POST, RFC 9110 §15.4.4).
fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

#[cfg(test)]
mod tests;
