//! One POP3 connection: a state machine over any stream (RFC 1939 §3: AUTHORIZATION,
//! TRANSACTION, UPDATE). STLS is a stream swap done by the caller, which then runs a fresh
//! session on the TLS stream: RFC 2595 §4 wants everything learnt before TLS (a USER name)
//! forgotten.
//!
//! Every complete command in the input is answered before the replies are flushed, which is
//! PIPELINING (RFC 2449 §6.6) at no cost; replies waiting past `io::FLUSH_OVER` are sent
//! before the next command runs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use auth::Secret;
use tokio::io::{AsyncRead, AsyncWrite};

use super::command::{self, Command, Line, LineReader, MAX_COMMAND_LINE, MAX_SASL_LINE};
use super::maildrop::{self, Maildrop, Missing, Stuffer};
use crate::Imap;

/// Why a session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum End {
    Closed,
    StartTls,
}

/// RFC 1939 §3: an inactivity autologout timer of at least 10 minutes.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// Protocol errors (unknown commands, bad arguments, commands out of state, over-long lines)
/// tolerated before the connection is closed: a confused or hostile client does not get to
/// loop forever.
pub const MAX_ERRORS: u32 = 10;

/// Extended response codes (RFC 2449 §8, RFC 3206), written as `-ERR [CODE] text`. IN-USE
/// (RFC 2449 §8.1.2) is never given: the maildrop is not locked (see `maildrop`), and
/// LOGIN-DELAY (§8.1.1) neither: we do not limit how often a client may log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RespCode {
    /// RFC 3206 §4: the failure is about the credentials (or the way they were sent).
    Auth,
    /// RFC 3206 §5: a temporary problem on our side; try again later.
    SysTemp,
}

impl RespCode {
    fn as_str(self) -> &'static str {
        match self {
            RespCode::Auth => "AUTH",
            RespCode::SysTemp => "SYS/TEMP",
        }
    }
}

#[derive(Debug)]
enum State {
    /// Before login; `user` is the name given by USER, waiting for PASS.
    Authorization { user: Option<String> },
    /// Logged in, with the snapshot of the INBOX.
    Transaction(Maildrop),
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
    lines: LineReader,
    errors: u32,
    /// The deadline of the command being received.
    pace: netlimits::Pace,
}

/// RETR and TOP flush their output every this many octets.
const WRITE_CHUNK: usize = 64 * 1024;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// `tls`: the stream is encrypted; `starttls`: STLS may be offered (we have a certificate).
    pub fn new(stream: S, imap: Arc<Imap>, peer: SocketAddr, tls: bool, starttls: bool) -> Self {
        let pace = netlimits::Pace::new(&imap.config.deadlines);
        Session {
            stream,
            imap,
            peer,
            tls,
            starttls_available: starttls && !tls,
            state: State::Authorization { user: None },
            input: Vec::new(),
            output: Vec::new(),
            lines: LineReader::default(),
            errors: 0,
            pace,
        }
    }

    pub fn into_stream(self) -> S {
        self.stream
    }

    /// Passwords only under TLS, or from loopback when configured (the IMAP rule; RFC 2595
    /// §2.1 and RFC 8314 §3: no cleartext passwords on the network).
    fn login_allowed(&self) -> bool {
        self.tls || (self.imap.config.plaintext_login_on_loopback && self.peer.ip().is_loopback())
    }

    fn ok(&mut self, text: &str) {
        self.output.extend_from_slice(b"+OK");
        if !text.is_empty() {
            self.output.push(b' ');
            self.output.extend_from_slice(text.as_bytes());
        }
        self.output.extend_from_slice(b"\r\n");
    }

    fn err(&mut self, code: Option<RespCode>, text: &str) {
        self.output.extend_from_slice(b"-ERR ");
        if let Some(code) = code {
            self.output.push(b'[');
            self.output.extend_from_slice(code.as_str().as_bytes());
            self.output.extend_from_slice(b"] ");
        }
        self.output.extend_from_slice(text.as_bytes());
        self.output.extend_from_slice(b"\r\n");
    }

    /// Counts a protocol error; true when the budget is spent and the session must close.
    fn bad(&mut self, text: &str) -> bool {
        self.err(None, text);
        self.errors += 1;
        if self.errors >= MAX_ERRORS {
            self.err(None, "too many errors; closing the connection");
            return true;
        }
        false
    }

    /// Runs the session; `greet` is false after STLS (RFC 2595 §4: no new greeting).
    pub async fn run(&mut self, greet: bool) -> End {
        if greet {
            // No APOP timestamp: APOP is not offered (RFC 1939 §7).
            self.ok("govmail POP3 server ready");
        }
        loop {
            // A shutdown ends the session between commands, pipelined ones too.
            if self.imap.shutdown.is_cancelled() {
                self.say_shutting_down().await;
                return End::Closed;
            }
            // Pipelined replies are sent once they pass FLUSH_OVER: a client sending
            // thousands of LIST or UIDL without reading holds no more than that.
            if self.output.len() >= crate::io::FLUSH_OVER && !self.flush().await {
                return End::Closed;
            }
            let line = self.lines.next(&mut self.input, MAX_COMMAND_LINE);
            if !matches!(line, Line::NeedMore) {
                self.pace.done();
            }
            match line {
                Line::NeedMore => {
                    if !self.flush().await || !self.fill().await {
                        return End::Closed;
                    }
                }
                Line::TooLong => {
                    // RFC 2449 §4: 255 octets at most, CRLF included.
                    if self.bad("command line too long (255 octets at most)") {
                        let _ = self.flush().await;
                        return End::Closed;
                    }
                }
                Line::Complete(line) => {
                    let end = match command::parse(&line) {
                        Ok(cmd) => {
                            tracing::trace!(command = cmd.name(), "POP3 command");
                            self.command(cmd).await
                        }
                        Err(e) => self.bad(e.0).then_some(End::Closed),
                    };
                    if let Some(end) = end {
                        let _ = self.flush().await;
                        return end;
                    }
                }
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

    /// Reads more input; false when the session must end (closed, idle, shutting down).
    async fn fill(&mut self) -> bool {
        let shutdown = self.imap.shutdown.clone();
        let busy = !self.input.is_empty() || self.lines.discarding();
        let pace = (&mut self.pace, busy);
        match crate::io::read_more(
            &mut self.stream,
            &mut self.input,
            pace,
            IDLE_TIMEOUT,
            &shutdown,
        )
        .await
        {
            crate::io::Read::Data => true,
            crate::io::Read::Closed => false,
            crate::io::Read::TooSlow => {
                tracing::info!(peer = %self.peer, "POP3 command not received in time");
                self.err(None, "command not received in time");
                let _ = self.flush().await;
                false
            }
            // RFC 1939 §3: when the autologout timer expires the session does not enter
            // UPDATE, and the server closes the connection without a response.
            crate::io::Read::Idle => {
                tracing::debug!(peer = %self.peer, "POP3 session idle for too long");
                false
            }
            crate::io::Read::Shutdown => {
                self.say_shutting_down().await;
                false
            }
        }
    }

    /// Tells the client the server is going away, before the session ends: not the UPDATE
    /// state, so nothing marked is removed (RFC 1939 §6).
    async fn say_shutting_down(&mut self) {
        self.err(Some(RespCode::SysTemp), "server shutting down");
        let _ = self.flush().await;
    }

    /// Runs one command; Some(end) when the session must end.
    async fn command(&mut self, cmd: Command) -> Option<End> {
        // The one gate saying which commands each state allows (RFC 1939 §4, §5; CAPA in
        // both, RFC 2449 §5; STLS and AUTH only before login, RFC 2595 §4, RFC 5034 §4).
        let authorized = matches!(self.state, State::Transaction(_));
        let allowed = match &cmd {
            Command::Capa | Command::Quit => true,
            Command::Stls
            | Command::User(_)
            | Command::Pass(_)
            | Command::Auth { .. }
            | Command::Apop => !authorized,
            Command::Stat
            | Command::List(_)
            | Command::Retr(_)
            | Command::Dele(_)
            | Command::Noop
            | Command::Rset
            | Command::Top(..)
            | Command::Uidl(_) => authorized,
        };
        if !allowed {
            let text = if authorized {
                "already logged in"
            } else {
                "log in first (USER and PASS, or AUTH PLAIN)"
            };
            return self.bad(text).then_some(End::Closed);
        }
        match cmd {
            Command::Capa => self.capa(),
            Command::Quit => return Some(self.quit().await),
            Command::Stls => return self.stls().await,
            Command::User(name) => self.user(name),
            Command::Pass(pass) => {
                let State::Authorization { user } = &mut self.state else {
                    return None;
                };
                match user.take() {
                    Some(user) => self.login(user, pass).await,
                    None => return self.bad("give USER first").then_some(End::Closed),
                }
            }
            Command::Auth { mechanism, initial } => return self.auth(mechanism, initial).await,
            Command::Apop => self.err(None, "APOP is not supported; use USER and PASS"),
            Command::Noop => self.ok(""),
            Command::Stat => {
                let (count, size) = self.maildrop()?.stat();
                self.ok(&format!("{count} {size}"));
            }
            Command::List(which) => self.list(which),
            Command::Uidl(which) => self.uidl(which),
            Command::Dele(n) => {
                let result = self.maildrop_mut()?.mark_deleted(n);
                match result {
                    Ok(()) => self.ok(&format!("message {n} deleted")),
                    Err(missing) => self.missing(n, missing),
                }
            }
            Command::Rset => {
                let drop = self.maildrop_mut()?;
                drop.unmark_all();
                let (count, size) = drop.stat();
                self.ok(&format!("maildrop has {count} messages ({size} octets)"));
            }
            Command::Retr(n) => return self.send_message(n, None).await,
            Command::Top(n, lines) => return self.send_message(n, Some(lines)).await,
        }
        None
    }

    fn maildrop(&self) -> Option<&Maildrop> {
        match &self.state {
            State::Transaction(drop) => Some(drop),
            State::Authorization { .. } => None,
        }
    }

    fn maildrop_mut(&mut self) -> Option<&mut Maildrop> {
        match &mut self.state {
            State::Transaction(drop) => Some(drop),
            State::Authorization { .. } => None,
        }
    }

    fn missing(&mut self, n: u32, missing: Missing) {
        match missing {
            Missing::NoSuchMessage => self.err(None, "no such message"),
            Missing::Deleted => self.err(None, &format!("message {n} already deleted")),
        }
    }

    /// RFC 2449 §5 and §6: what we offer depends on the state and on TLS.
    fn capa(&mut self) {
        let mut caps = vec!["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"];
        if matches!(self.state, State::Authorization { .. }) {
            if self.starttls_available {
                caps.push("STLS");
            }
            // RFC 2595 §2.1: no plaintext passwords before TLS, so USER and SASL are not
            // announced until they would be accepted.
            if self.login_allowed() {
                caps.push("USER");
                caps.push("SASL PLAIN");
            }
        }
        caps.push("IMPLEMENTATION govmail");
        self.ok("capability list follows");
        for cap in caps {
            self.output.extend_from_slice(cap.as_bytes());
            self.output.extend_from_slice(b"\r\n");
        }
        self.output.extend_from_slice(b".\r\n");
    }

    async fn quit(&mut self) -> End {
        let State::Transaction(drop) = &self.state else {
            self.ok("govmail POP3 server signing off");
            return End::Closed;
        };
        // RFC 1939 §6: the UPDATE state, entered only by QUIT from TRANSACTION.
        let (account, mailbox, marked) = (drop.account, drop.mailbox, drop.marked());
        let left = drop.stat().0;
        let store = self.imap.store.clone();
        let removed = tokio::task::spawn_blocking(move || {
            maildrop::expunge_marked(&store, account, mailbox, marked)
        })
        .await;
        match removed {
            Ok(Ok(_)) => {
                let text = if left == 0 {
                    "govmail POP3 server signing off (maildrop empty)".to_string()
                } else {
                    format!("govmail POP3 server signing off ({left} messages left)")
                };
                self.ok(&text);
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, "POP3: cannot remove deleted messages");
                self.err(Some(RespCode::SysTemp), "some deleted messages not removed");
            }
            Err(e) => {
                tracing::error!(error = %e, "POP3: expunge task failed");
                self.err(Some(RespCode::SysTemp), "some deleted messages not removed");
            }
        }
        End::Closed
    }

    async fn stls(&mut self) -> Option<End> {
        if self.tls {
            // RFC 2595 §4: STLS on a TLS connection is an error.
            self.err(None, "TLS is already active");
            return None;
        }
        if !self.starttls_available {
            self.err(None, "STLS is not available here");
            return None;
        }
        self.ok("begin TLS negotiation");
        // Nothing the client pipelined after STLS may survive into the TLS session (the
        // plaintext injection of CVE-2011-0411 and its kin).
        self.input.clear();
        let _ = self.flush().await;
        Some(End::StartTls)
    }

    fn refuse_plaintext(&mut self) {
        let text = if self.starttls_available {
            "TLS is required to log in: use STLS first"
        } else {
            "TLS is required to log in: use the POP3S port"
        };
        self.err(Some(RespCode::Auth), text);
    }

    fn user(&mut self, name: String) {
        if !self.login_allowed() {
            self.refuse_plaintext();
            return;
        }
        self.state = State::Authorization { user: Some(name) };
        self.ok("send PASS");
    }

    async fn auth(&mut self, mechanism: Option<String>, initial: Option<String>) -> Option<End> {
        if !self.login_allowed() {
            self.refuse_plaintext();
            return None;
        }
        let Some(mechanism) = mechanism else {
            // AUTH alone lists the mechanisms (the RFC 1734 habit some clients still have).
            self.ok("SASL mechanisms follow");
            self.output.extend_from_slice(b"PLAIN\r\n.\r\n");
            return None;
        };
        if mechanism != "PLAIN" {
            self.err(None, "unsupported mechanism; use PLAIN");
            return None;
        }
        // A USER given earlier is forgotten: AUTH starts its own login.
        self.state = State::Authorization { user: None };
        let response = match initial {
            // RFC 5034 §4: "=" is an empty initial response.
            Some(r) if r == "=" => String::new(),
            Some(r) => r,
            None => {
                self.output.extend_from_slice(b"+ \r\n");
                if !self.flush().await {
                    return Some(End::Closed);
                }
                let line = loop {
                    match self.lines.next(&mut self.input, MAX_SASL_LINE) {
                        Line::Complete(line) => {
                            self.pace.done();
                            break line;
                        }
                        Line::TooLong => {
                            self.err(None, "authentication response too long");
                            return None;
                        }
                        Line::NeedMore => {
                            if !self.fill().await {
                                return Some(End::Closed);
                            }
                        }
                    }
                };
                // RFC 5034 §4: "*" cancels the exchange.
                if line == b"*" {
                    self.err(None, "authentication cancelled");
                    return None;
                }
                String::from_utf8_lossy(&line).into_owned()
            }
        };
        match auth::decode_plain(&response) {
            Some((user, pass)) => self.login(user, pass).await,
            None => self.err(None, "malformed PLAIN response"),
        }
        None
    }

    /// Checks credentials through the shared throttle and opens the maildrop.
    async fn login(&mut self, user: String, pass: Secret) {
        if !self.login_allowed() {
            self.refuse_plaintext();
            return;
        }
        let outcome = crate::login::check(
            &self.imap,
            crate::login::Protocol::Pop3,
            self.peer.ip(),
            &user,
            pass,
            // Take the snapshot in the same trip to the blocking pool.
            |store, account| Maildrop::open(store, account.id),
        )
        .await;
        match outcome {
            crate::login::Outcome::Accepted(account, Ok(drop)) => {
                let (count, size) = drop.stat();
                tracing::debug!(account = %account.address, messages = count, "POP3 maildrop");
                self.state = State::Transaction(drop);
                self.ok(&format!(
                    "logged in; maildrop has {count} messages ({size} octets)"
                ));
            }
            crate::login::Outcome::Accepted(account, Err(e)) => {
                tracing::error!(account = %account.address, error = %e, "POP3: cannot open the maildrop");
                self.err(
                    Some(RespCode::SysTemp),
                    "cannot open the maildrop; try again later",
                );
            }
            crate::login::Outcome::Locked { minutes } => {
                let text = format!("too many failed logins; try again in {minutes} minutes");
                self.err(Some(RespCode::Auth), &text);
            }
            crate::login::Outcome::Refused => self.err(Some(RespCode::Auth), "invalid credentials"),
            crate::login::Outcome::Unavailable => self.err(
                Some(RespCode::SysTemp),
                "temporary failure; try again later",
            ),
            // The session's loop answers with its shutdown notice, and ends.
            crate::login::Outcome::ShuttingDown => {}
        }
    }

    fn list(&mut self, which: Option<u32>) {
        let Some(drop) = self.maildrop() else { return };
        match which {
            Some(n) => match drop.get(n) {
                Ok(entry) => {
                    let text = format!("{n} {}", entry.size);
                    self.ok(&text);
                }
                Err(missing) => self.missing(n, missing),
            },
            None => {
                let (count, size) = drop.stat();
                let mut body = String::new();
                for (n, entry) in drop.visible() {
                    body.push_str(&format!("{n} {}\r\n", entry.size));
                }
                self.ok(&format!("{count} messages ({size} octets)"));
                self.output.extend_from_slice(body.as_bytes());
                self.output.extend_from_slice(b".\r\n");
            }
        }
    }

    fn uidl(&mut self, which: Option<u32>) {
        let Some(drop) = self.maildrop() else { return };
        match which {
            Some(n) => match drop.get(n) {
                Ok(entry) => {
                    let text = format!("{n} {}", drop.unique_id(entry));
                    self.ok(&text);
                }
                Err(missing) => self.missing(n, missing),
            },
            None => {
                let mut body = String::new();
                for (n, entry) in drop.visible() {
                    body.push_str(&format!("{n} {}\r\n", drop.unique_id(entry)));
                }
                self.ok("unique-id listing follows");
                self.output.extend_from_slice(body.as_bytes());
                self.output.extend_from_slice(b".\r\n");
            }
        }
    }

    /// RETR n (`top` None) or TOP n m.
    async fn send_message(&mut self, n: u32, top: Option<u32>) -> Option<End> {
        let drop = self.maildrop()?;
        let entry = match drop.get(n) {
            Ok(entry) => entry.clone(),
            Err(missing) => {
                self.missing(n, missing);
                return None;
            }
        };
        let (account, mailbox, uid) = (drop.account, drop.mailbox, entry.uid);
        let store = self.imap.store.clone();
        let seen = top.is_none();
        let read = tokio::task::spawn_blocking(move || {
            maildrop::read(&store, account, mailbox, uid, seen)
        })
        .await;
        let raw = match read {
            Ok(Ok(raw)) => raw,
            Ok(Err(storage::StorageError::NotFound { .. })) => {
                // Expunged by an IMAP session since the login.
                self.err(None, &format!("message {n} was removed by another session"));
                return None;
            }
            Ok(Err(e)) => {
                tracing::error!(error = %e, uid, "POP3: cannot read a message");
                self.err(Some(RespCode::SysTemp), "cannot read the message");
                return None;
            }
            Err(e) => {
                tracing::error!(error = %e, "POP3: read task failed");
                self.err(Some(RespCode::SysTemp), "cannot read the message");
                return None;
            }
        };
        let bytes = match top {
            None => {
                self.ok(&format!("{} octets", entry.size));
                &raw[..]
            }
            Some(lines) => {
                self.ok("top of message follows");
                maildrop::top(&raw, lines)
            }
        };
        let mut stuffer = Stuffer::default();
        for chunk in bytes.chunks(WRITE_CHUNK) {
            stuffer.push(chunk, &mut self.output);
            if self.output.len() >= WRITE_CHUNK && !self.flush().await {
                return Some(End::Closed);
            }
        }
        stuffer.finish(&mut self.output);
        None
    }
}
