//! One ManageSieve connection: a state machine over any stream (RFC 5804 §2).

use std::net::SocketAddr;
use std::sync::Arc;

use auth::Secret;
use storage::{AccountId, StorageError};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::Imap;
use crate::response::{Utf8, string};
use crate::wire::{Frame, Framer, Limits, Token};

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Closed,
    /// The client asked for STARTTLS and got OK: wrap the stream and start a new session.
    StartTls,
}

/// What is valid in each state (RFC 5804 §2: most commands need authentication).
#[derive(Debug)]
enum State {
    NotAuthenticated,
    Authenticated { account: AccountId, address: String },
}

/// Longest command line without its literals.
const MAX_LINE: usize = 8 * 1024;
/// Largest literal: a script (the compiler's limit) with room for the line around it.
const MAX_LITERAL: u64 = policy::sieve::MAX_SCRIPT_SIZE as u64;
/// Commands that failed in a row before the connection is closed.
const MAX_ERRORS: u32 = 20;

/// Response codes of RFC 5804 §1.3.
mod code {
    pub const NONEXISTENT: &str = "NONEXISTENT";
    pub const ACTIVE: &str = "ACTIVE";
    pub const ALREADYEXISTS: &str = "ALREADYEXISTS";
    pub const QUOTA_MAXSIZE: &str = "QUOTA/MAXSIZE";
    pub const QUOTA: &str = "QUOTA";
    pub const TRYLATER: &str = "TRYLATER";
    pub const ENCRYPT_NEEDED: &str = "ENCRYPT-NEEDED";
    pub const WARNINGS: &str = "WARNINGS";
}

pub struct Session<S> {
    stream: S,
    imap: Arc<Imap>,
    peer: SocketAddr,
    tls: bool,
    starttls_available: bool,
    state: State,
    input: Vec<u8>,
    output: Vec<u8>,
    framer: Framer,
    errors: u32,
    /// The deadline of the command being received.
    pace: netlimits::Pace,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// `tls`: the stream is encrypted; `starttls`: a TLS acceptor is there for STARTTLS.
    pub fn new(stream: S, imap: Arc<Imap>, peer: SocketAddr, tls: bool, starttls: bool) -> Self {
        let pace = netlimits::Pace::new(&imap.config.deadlines);
        Session {
            stream,
            imap,
            peer,
            tls,
            starttls_available: starttls && !tls,
            state: State::NotAuthenticated,
            input: Vec::new(),
            output: Vec::with_capacity(1024),
            framer: Framer::new(Limits::BEFORE_LOGIN),
            errors: 0,
            pace,
        }
    }

    pub fn into_stream(self) -> S {
        self.stream
    }

    /// PLAIN sends the password in clear: only over TLS (RFC 5804 §2.1, §4.1 of RFC 4616),
    /// or from loopback when configured.
    fn login_allowed(&self) -> bool {
        self.tls || (self.imap.config.plaintext_login_on_loopback && self.peer.ip().is_loopback())
    }

    /// The capability response (RFC 5804 §1.7), without the final OK.
    fn capabilities(&mut self) {
        let mut caps: Vec<(&str, String)> = vec![
            (
                "IMPLEMENTATION",
                format!("govmail {}", env!("CARGO_PKG_VERSION")),
            ),
            // An empty SASL list before TLS: PLAIN is not offered in clear.
            (
                "SASL",
                if self.login_allowed() {
                    "PLAIN".into()
                } else {
                    String::new()
                },
            ),
            ("SIEVE", policy::sieve::extensions()),
            (
                "MAXREDIRECTS",
                self.imap.config.sieve_max_redirects.to_string(),
            ),
        ];
        if self.starttls_available {
            caps.push(("STARTTLS", String::new()));
        }
        if let State::Authenticated { address, .. } = &self.state {
            caps.push(("OWNER", address.clone()));
        }
        caps.push(("VERSION", "1.0".into()));
        for (name, value) in caps {
            string(&mut self.output, name.as_bytes(), Utf8::Quoted);
            // STARTTLS has no value (RFC 5804 §1.7).
            if name != "STARTTLS" {
                self.output.push(b' ');
                string(&mut self.output, value.as_bytes(), Utf8::Quoted);
            }
            self.output.extend_from_slice(b"\r\n");
        }
    }

    /// `OK|NO|BYE [(CODE)] "text"`.
    fn reply(&mut self, status: &str, code: Option<&str>, text: &str) {
        self.output.extend_from_slice(status.as_bytes());
        if let Some(code) = code {
            self.output.extend_from_slice(b" (");
            self.output.extend_from_slice(code.as_bytes());
            self.output.push(b')');
        }
        if !text.is_empty() {
            self.output.push(b' ');
            string(&mut self.output, text.as_bytes(), Utf8::Quoted);
        }
        self.output.extend_from_slice(b"\r\n");
        if status == "NO" {
            self.errors += 1;
        } else {
            self.errors = 0;
        }
    }

    fn ok(&mut self, text: &str) {
        self.reply("OK", None, text);
    }

    fn no(&mut self, code: Option<&str>, text: &str) {
        self.reply("NO", code, text);
    }

    /// Runs the session; `greet` is false after STARTTLS (the capabilities are sent again
    /// all the same, RFC 5804 §2.2).
    pub async fn run(&mut self, greet: bool) -> End {
        self.capabilities();
        self.ok(if greet {
            "govmail ManageSieve ready"
        } else {
            "TLS negotiation successful"
        });
        loop {
            // A shutdown ends the session between commands, pipelined ones too.
            if self.imap.shutdown.is_cancelled() {
                self.farewell(crate::io::Read::Shutdown).await;
                return End::Closed;
            }
            let frame = match self.framer.push(&mut self.input) {
                Frame::Command(frame) => {
                    self.pace.done();
                    frame
                }
                // ManageSieve has no continuation request: a client's `{n}` literal follows
                // at once, like `{n+}` (RFC 5804 §4 only defines the latter for clients).
                // Scripts are small (MAX_LITERAL): nothing is spooled.
                Frame::NeedMore | Frame::Continue(_) | Frame::Spool { .. } => {
                    if !self.flush().await || !self.fill().await {
                        return End::Closed;
                    }
                    continue;
                }
                Frame::LineTooLong { .. } => {
                    self.no(None, "command line too long");
                    continue;
                }
                Frame::LiteralTooBig { size, .. } => {
                    // The client sends the bytes without waiting: we cannot find the next
                    // command in them, so the connection ends.
                    let limit = match self.state {
                        State::NotAuthenticated => Limits::BEFORE_LOGIN.max_literal,
                        State::Authenticated { .. } => MAX_LITERAL,
                    };
                    let text =
                        format!("a literal of {size} bytes is over the limit of {limit} bytes");
                    self.reply("BYE", Some(code::QUOTA_MAXSIZE), &text);
                    let _ = self.flush().await;
                    return End::Closed;
                }
            };
            let end = self.command(&frame).await;
            if !self.flush().await {
                return End::Closed;
            }
            if let Some(end) = end {
                return end;
            }
            if self.errors >= MAX_ERRORS {
                self.reply("BYE", None, "too many errors");
                let _ = self.flush().await;
                return End::Closed;
            }
        }
    }

    async fn flush(&mut self) -> bool {
        crate::io::flush(
            &mut self.stream,
            &mut self.output,
            &self.imap.config.deadlines,
            &self.imap.shutdown,
        )
        .await
    }

    async fn fill(&mut self) -> bool {
        let shutdown = self.imap.shutdown.clone();
        let busy = !self.input.is_empty() || self.framer.in_command();
        let read = crate::io::read_more(
            &mut self.stream,
            &mut self.input,
            (&mut self.pace, busy),
            self.imap.config.idle_timeout,
            &shutdown,
        )
        .await;
        if read == crate::io::Read::Data {
            return true;
        }
        self.farewell(read).await;
        false
    }

    /// Says why the session ends (BYE) when the server ends it: idle, too slow, or shutting
    /// down; nothing when the client went away.
    async fn farewell(&mut self, read: crate::io::Read) {
        if let Some(why) = read.farewell() {
            self.reply("BYE", None, why);
            let _ = self.flush().await;
        }
    }

    /// Reads the next framed line (an AUTHENTICATE continuation).
    async fn next_frame(&mut self) -> Option<Vec<u8>> {
        loop {
            match self.framer.push(&mut self.input) {
                Frame::Command(frame) => {
                    self.pace.done();
                    return Some(frame);
                }
                Frame::NeedMore | Frame::Continue(_) => {
                    if !self.flush().await || !self.fill().await {
                        return None;
                    }
                }
                Frame::LineTooLong { .. } | Frame::LiteralTooBig { .. } | Frame::Spool { .. } => {
                    return None;
                }
            }
        }
    }

    fn account(&self) -> Option<AccountId> {
        match self.state {
            State::Authenticated { account, .. } => Some(account),
            State::NotAuthenticated => None,
        }
    }

    async fn command(&mut self, frame: &[u8]) -> Option<End> {
        let (name, args) = match parse(frame) {
            Ok(parsed) => parsed,
            Err(message) => {
                self.no(None, &format!("syntax error: {message}"));
                return None;
            }
        };
        match name.as_str() {
            "CAPABILITY" => {
                self.capabilities();
                self.ok("CAPABILITY completed");
            }
            "NOOP" => match args.first().map(text) {
                // RFC 5804 §2.14: the client's string comes back in a TAG code.
                Some(Some(tag)) => {
                    let mut code = b"TAG ".to_vec();
                    string(&mut code, tag.as_bytes(), Utf8::Quoted);
                    let code = String::from_utf8_lossy(&code).into_owned();
                    self.reply("OK", Some(&code), "Done");
                }
                _ => self.ok("Done"),
            },
            "LOGOUT" => {
                self.ok("Logout completed");
                return Some(End::Closed);
            }
            "STARTTLS" => {
                if !self.starttls_available {
                    self.no(None, "STARTTLS is not available here");
                    return None;
                }
                if !self.input.is_empty() {
                    // RFC 3207-style injection guard: nothing may follow STARTTLS unencrypted.
                    self.reply("BYE", None, "data after STARTTLS");
                    return Some(End::Closed);
                }
                self.ok("Begin TLS negotiation now");
                return Some(End::StartTls);
            }
            "AUTHENTICATE" => return self.authenticate(&args).await,
            "UNAUTHENTICATE" => {
                // RFC 5804 §2.14.1.
                if self.account().is_none() {
                    self.no(None, "not authenticated");
                } else {
                    self.state = State::NotAuthenticated;
                    self.ok("Unauthenticate completed");
                }
            }
            _ => {
                let Some(account) = self.account() else {
                    if COMMANDS.contains(&name.as_str()) {
                        self.no(None, "authenticate first");
                    } else {
                        self.no(None, &format!("unknown command {name}"));
                    }
                    return None;
                };
                self.script_command(account, &name, &args).await;
            }
        }
        None
    }

    async fn authenticate(&mut self, args: &[Token]) -> Option<End> {
        if self.account().is_some() {
            self.no(None, "already authenticated");
            return None;
        }
        let Some(mechanism) = args.first().and_then(text) else {
            self.no(None, "AUTHENTICATE needs a mechanism name");
            return None;
        };
        if !mechanism.eq_ignore_ascii_case("PLAIN") {
            self.no(None, "only the PLAIN mechanism is offered");
            return None;
        }
        if !self.login_allowed() {
            self.no(Some(code::ENCRYPT_NEEDED), "use STARTTLS first");
            return None;
        }
        // RFC 5804 §2.1: the initial response may come with the command; otherwise the
        // server sends an empty challenge and the client answers with a string.
        let response = match args.get(1) {
            Some(token) => text(token),
            None => {
                self.output.extend_from_slice(b"\"\"\r\n");
                if !self.flush().await {
                    return Some(End::Closed);
                }
                let frame = self.next_frame().await?;
                match parse_args(&frame) {
                    Ok(args) => args.first().and_then(text),
                    Err(_) => None,
                }
            }
        };
        let Some(response) = response else {
            self.no(None, "malformed PLAIN response");
            return None;
        };
        if response == "*" {
            self.no(None, "authentication cancelled");
            return None;
        }
        let Some((user, pass)) = auth::decode_plain(&response) else {
            self.no(None, "malformed PLAIN response");
            return None;
        };
        self.check_credentials(user, pass).await;
        None
    }

    async fn check_credentials(&mut self, user: String, pass: Secret) {
        let outcome = crate::login::check(
            &self.imap,
            crate::login::Protocol::ManageSieve,
            self.peer.ip(),
            &user,
            pass,
            |_, _| Ok(()),
        )
        .await;
        match outcome {
            crate::login::Outcome::Accepted(account, _) => {
                self.state = State::Authenticated {
                    account: account.id,
                    address: account.address,
                };
                self.framer
                    .set_limits(Limits::after_login(MAX_LINE, MAX_LITERAL));
                self.ok("Authenticated");
            }
            crate::login::Outcome::Locked { minutes } => {
                let text = format!("too many failed logins; try again in {minutes} minutes");
                self.no(Some(code::TRYLATER), &text);
            }
            crate::login::Outcome::Refused => self.no(None, "invalid credentials"),
            crate::login::Outcome::Unavailable => {
                self.no(Some(code::TRYLATER), "temporary failure, try again")
            }
            crate::login::Outcome::ShuttingDown => {
                self.no(Some(code::TRYLATER), "server shutting down")
            }
        }
    }

    /// The commands of the authenticated state that work on scripts.
    async fn script_command(&mut self, account: AccountId, name: &str, args: &[Token]) {
        let reply = match script_args(name, args) {
            Ok(a) => self.script_reply(account, name, a).await,
            Err(e) => Reply::No(None, e),
        };
        self.send(reply);
    }

    /// What a valid script names that delivery will not honour, as one warning text (empty
    /// when there is none): see [`policy::sieve::lint::warnings`] (a `fileinto` into a folder
    /// the account does not have, or into the shared namespace; a vacation `:from` that is
    /// not the account's).
    async fn script_warnings(&self, account: AccountId, script: &str) -> String {
        let State::Authenticated { address, .. } = &self.state else {
            return String::new();
        };
        let (store, owner, text) = (self.imap.store.clone(), address.clone(), script.to_string());
        let found = blocking(move || {
            let mailboxes: Vec<String> = store
                .list_mailboxes(account, storage::Counts::Without)?
                .into_iter()
                .map(|m| m.name)
                .collect();
            let aliases = store.list_aliases(&owner)?;
            let owner = policy::sieve::lint::Owner {
                address: &owner,
                aliases: &aliases,
                mailboxes: &mailboxes,
            };
            Ok(policy::sieve::lint::warnings(&text, &owner))
        })
        .await;
        match found {
            Ok(warnings) => warnings.join("; "),
            // The script is stored or checked all the same; only the advice is missing.
            Err(e) => {
                let error = match e {
                    Failure::Storage(e) => e.to_string(),
                    Failure::Task => "the task failed".into(),
                };
                tracing::warn!(account = %address, %error, "cannot read the mailboxes for Sieve warnings");
                String::new()
            }
        }
    }

    async fn script_reply(&mut self, account: AccountId, name: &str, a: Args) -> Reply {
        let store = self.imap.store.clone();
        let [first, second] = a.strings;
        match name {
            "LISTSCRIPTS" => match blocking(move || store.sieve_list(account)).await {
                Ok(list) => {
                    let mut out = Vec::new();
                    for s in list {
                        string(&mut out, s.name.as_bytes(), Utf8::Quoted);
                        if s.active {
                            out.extend_from_slice(b" ACTIVE");
                        }
                        out.extend_from_slice(b"\r\n");
                    }
                    Reply::Data(out, "Listscripts completed")
                }
                Err(e) => Reply::Failed(e),
            },
            "GETSCRIPT" => match blocking(move || store.sieve_get(account, &first)).await {
                Ok(s) => {
                    // RFC 5804 §2.9: the script as a literal.
                    let mut out = format!("{{{}}}\r\n", s.content.len()).into_bytes();
                    out.extend_from_slice(s.content.as_bytes());
                    out.extend_from_slice(b"\r\n");
                    Reply::Data(out, "Getscript completed")
                }
                Err(e) => Reply::Failed(e),
            },
            "PUTSCRIPT" => {
                // RFC 5804 §2.6: an invalid script is refused with the reason.
                if let Err(e) = policy::sieve::compile(&second) {
                    return Reply::No(None, e.to_string());
                }
                let warnings = self.script_warnings(account, &second).await;
                match done(
                    blocking(move || store.sieve_put(account, &first, &second, false)).await,
                    "Putscript completed",
                ) {
                    Reply::Ok(_) if !warnings.is_empty() => Reply::Warnings(warnings),
                    other => other,
                }
            }
            "CHECKSCRIPT" => match policy::sieve::compile(&first) {
                Ok(_) => {
                    let warnings = self.script_warnings(account, &first).await;
                    if warnings.is_empty() {
                        Reply::Ok("Script is valid")
                    } else {
                        Reply::Warnings(warnings)
                    }
                }
                Err(e) => Reply::No(None, e.to_string()),
            },
            // RFC 5804 §2.8: the empty name deactivates every script.
            "SETACTIVE" => done(
                blocking(move || {
                    store.sieve_set_active(account, Some(first.as_str()).filter(|n| !n.is_empty()))
                })
                .await,
                "Setactive completed",
            ),
            // RFC 5804 §2.10: the active script cannot be deleted.
            "DELETESCRIPT" => match blocking(move || store.sieve_delete(account, &first)).await {
                Err(Failure::Storage(StorageError::Conflict(text))) => {
                    Reply::No(Some(code::ACTIVE), text)
                }
                other => done(other, "Deletescript completed"),
            },
            // RFC 5804 §2.11.1: refused when the new name is taken.
            "RENAMESCRIPT" => {
                match blocking(move || store.sieve_rename(account, &first, &second)).await {
                    Err(Failure::Storage(StorageError::Conflict(text))) => {
                        Reply::No(Some(code::ALREADYEXISTS), text)
                    }
                    other => done(other, "Renamescript completed"),
                }
            }
            "HAVESPACE" => done(
                blocking(move || store.sieve_check_space(account, &first, a.size)).await,
                "Putscript would succeed",
            ),
            _ => Reply::No(None, format!("unknown command {name}")),
        }
    }

    fn send(&mut self, reply: Reply) {
        match reply {
            Reply::Ok(text) => self.ok(text),
            Reply::Warnings(text) => self.reply("OK", Some(code::WARNINGS), &text),
            Reply::Data(data, text) => {
                self.output.extend_from_slice(&data);
                self.ok(text);
            }
            Reply::No(code, text) => self.no(code, &text),
            Reply::Failed(Failure::Storage(e)) => {
                let code = match &e {
                    StorageError::NotFound { .. } => Some(code::NONEXISTENT),
                    // Too many scripts: QUOTA/MAXSCRIPTS would be exact; plain QUOTA is safe.
                    StorageError::OverQuota { detail, .. } if detail.contains("Sieve scripts:") => {
                        Some(code::QUOTA)
                    }
                    StorageError::OverQuota { .. } => Some(code::QUOTA_MAXSIZE),
                    _ => None,
                };
                if e.is_client_error() {
                    self.no(code, &e.to_string());
                } else {
                    tracing::error!(error = %e, "ManageSieve storage failure");
                    self.no(Some(code::TRYLATER), "temporary failure, try again");
                }
            }
            Reply::Failed(Failure::Task) => {
                self.no(Some(code::TRYLATER), "temporary failure, try again");
            }
        }
    }
}

/// A script command's arguments: up to two strings, and HAVESPACE's size.
struct Args {
    strings: [String; 2],
    size: u64,
}

/// Checks the arguments of a script command against its syntax (RFC 5804 §2.5–§2.12).
fn script_args(name: &str, args: &[Token]) -> Result<Args, String> {
    let strings = match name {
        "LISTSCRIPTS" => 0,
        "GETSCRIPT" | "CHECKSCRIPT" | "SETACTIVE" | "DELETESCRIPT" => 1,
        "PUTSCRIPT" | "RENAMESCRIPT" => 2,
        "HAVESPACE" => {
            return match (
                args,
                args.first().and_then(text),
                args.get(1).and_then(number),
            ) {
                ([_, _], Some(name), Some(size)) => Ok(Args {
                    strings: [name, String::new()],
                    size,
                }),
                _ => Err("HAVESPACE takes a script name and a size in bytes".into()),
            };
        }
        _ => return Err(format!("unknown command {name}")),
    };
    if args.len() != strings {
        return Err(format!(
            "{name} takes {strings} argument{}",
            if strings == 1 { "" } else { "s" }
        ));
    }
    let mut out = [String::new(), String::new()];
    for (slot, token) in out.iter_mut().zip(args) {
        *slot = text(token).ok_or("arguments must be UTF-8 strings")?;
    }
    Ok(Args {
        strings: out,
        size: 0,
    })
}

/// OK with `text`, or the failure.
fn done(result: Result<(), Failure>, text: &'static str) -> Reply {
    match result {
        Ok(()) => Reply::Ok(text),
        Err(e) => Reply::Failed(e),
    }
}

/// Commands of the authenticated state (for "authenticate first" vs "unknown command").
const COMMANDS: &[&str] = &[
    "LISTSCRIPTS",
    "GETSCRIPT",
    "PUTSCRIPT",
    "CHECKSCRIPT",
    "SETACTIVE",
    "DELETESCRIPT",
    "RENAMESCRIPT",
    "HAVESPACE",
];

/// The answer to a script command.
enum Reply {
    Ok(&'static str),
    /// OK (WARNINGS) "text" (RFC 5804 §1.3): done, but the script may not do what its
    /// author meant.
    Warnings(String),
    /// Lines to send before the OK.
    Data(Vec<u8>, &'static str),
    No(Option<&'static str>, String),
    Failed(Failure),
}

enum Failure {
    Storage(StorageError),
    /// The blocking task died (a panic): our failure.
    Task,
}

/// Runs a storage call off the async runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StorageError> + Send + 'static,
) -> Result<T, Failure> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result.map_err(Failure::Storage),
        Err(_) => Err(Failure::Task),
    }
}

/// A string argument (quoted, literal, or a bare atom) as UTF-8.
fn text(token: &Token) -> Option<String> {
    token
        .as_bytes()
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::to_string)
}

/// A number argument (HAVESPACE's size): an atom of digits.
fn number(token: &Token) -> Option<u64> {
    match token {
        Token::Atom(a) if a.bytes().all(|b| b.is_ascii_digit()) => a.parse().ok(),
        _ => None,
    }
}

/// Splits a framed command into its upper-cased name and arguments, with the IMAP
/// tokenizer (a ManageSieve command is an IMAP command without the tag).
pub(crate) fn parse(frame: &[u8]) -> Result<(String, Vec<Token>), String> {
    let mut line = b"S ".to_vec();
    line.extend_from_slice(frame);
    crate::wire::tokenize(&line)
        .map(|c| (c.name, c.args))
        .map_err(|e| e.message)
}

/// Tokenizes a line of bare arguments (an AUTHENTICATE continuation).
fn parse_args(frame: &[u8]) -> Result<Vec<Token>, String> {
    let mut line = b"S X ".to_vec();
    line.extend_from_slice(frame);
    crate::wire::tokenize(&line)
        .map(|c| c.args)
        .map_err(|e| e.message)
}
