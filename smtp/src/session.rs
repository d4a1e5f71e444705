//! One SMTP connection: a state machine over any `AsyncRead + AsyncWrite` stream, so tests
//! drive it in memory and STARTTLS is a stream swap (the caller builds a new session on the
//! TLS stream, with a fresh state as RFC 3207 §4.2 requires).
//!
//! Commands are parsed incrementally by smtp-proto; every complete command in the input
//! buffer is answered before the replies are flushed, which is PIPELINING (RFC 2920) for free
//! (replies waiting past `FLUSH_OVER` are sent before the next command runs).
//! DATA ends only at <CRLF>.<CRLF> (RFC 5321 §4.1.1.4): a bare <LF>.<LF> never ends a message,
//! so no second message can be smuggled inside the first.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use smtp_proto::request::receiver::{BdatReceiver, DataReceiver, MAX_LINE_LENGTH, RequestReceiver};
use smtp_proto::{Error as ProtoError, MailFrom, RcptTo, Request};
use storage::{AccountStatus, NewQueueRecipient, Notify};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::Smtp;
use crate::delivery::{self, Accepted};
use crate::reply::{self, Reply};

/// Settings of the SMTP service (`[smtp]` in govmail.toml).
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub hostname: String,
    /// Largest message accepted (SIZE, RFC 1870).
    pub max_message_size: usize,
    pub max_recipients: usize,
    /// Errors tolerated in one session before it is closed (421).
    pub max_errors: usize,
    /// Over-quota recipients get 452 4.2.2 (retry later) instead of 552 5.2.2.
    pub over_quota_temporary: bool,
    /// RFC 5321 §4.5.3.2: at least 5 minutes for a command, 10 minutes for DATA blocks.
    pub command_timeout: Duration,
    pub data_timeout: Duration,
    /// Allow AUTH without TLS from loopback clients (tests, a local webmail). Never set this
    /// for a port reachable from outside.
    pub plaintext_auth_on_loopback: bool,
    /// Most simultaneous connections from one IP address.
    pub max_connections_per_ip: usize,
    /// Clients whose connections the cap above does not count (`[limits]`).
    pub exempt: Vec<netlimits::Network>,
    /// TLS handshake, command and transfer deadlines (`[limits]`).
    pub deadlines: netlimits::Deadlines,
    /// Percentages of the storage quota at which an account gets one notice per crossing.
    pub quota_warnings: Vec<u8>,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            hostname: "localhost".into(),
            max_message_size: 50 * 1024 * 1024,
            max_recipients: 100,
            max_errors: 10,
            over_quota_temporary: false,
            command_timeout: Duration::from_secs(300),
            data_timeout: Duration::from_secs(600),
            plaintext_auth_on_loopback: false,
            max_connections_per_ip: 50,
            exempt: Vec::new(),
            deadlines: netlimits::Deadlines::default(),
            quota_warnings: vec![75, 90],
        }
    }
}

/// What a listener is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// MX: mail from other servers for our own domains; no AUTH, no relaying.
    Inbound,
    /// Submission (RFC 6409): mail from our users' clients, after AUTH, to anywhere.
    Submission,
}

/// The account a submission session has logged in as.
#[derive(Debug, Clone)]
pub(crate) struct Authenticated {
    pub account: storage::AccountId,
    pub address: String,
    /// Addresses it may use as envelope sender and in From: its own and its aliases.
    pub senders: Vec<String>,
    /// The account's agency and the agencies above it: whose document rules apply.
    pub agencies: Vec<String>,
}

/// Why a session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum End {
    /// QUIT, disconnect, timeout or too many errors.
    Closed,
    /// STARTTLS accepted: the caller wraps the stream in TLS and starts a new session.
    StartTls,
}

/// The envelope of the transaction in progress.
#[derive(Debug)]
struct Envelope {
    from: String,
    size_hint: usize,
    /// RFC 3461 ENVID and RET.
    envid: Option<String>,
    ret_full: bool,
    /// Local recipients (account, address as given).
    recipients: Vec<(storage::AccountId, String)>,
    /// Remote recipients (submission only), for the outbound queue.
    remote: Vec<NewQueueRecipient>,
    /// BDAT chunks received so far (RFC 3030), and whether they went over the size limit.
    chunks: Vec<u8>,
    chunks_too_big: bool,
}

/// What the session knows; each stage carries only what is valid in it.
#[derive(Debug)]
enum Stage {
    /// Before HELO/EHLO.
    Fresh,
    /// After HELO/EHLO, no transaction.
    Greeted { helo: String, esmtp: bool },
    /// After MAIL FROM.
    Mail {
        helo: String,
        esmtp: bool,
        envelope: Envelope,
    },
}

pub struct Session<S> {
    pub(crate) stream: S,
    pub(crate) smtp: Arc<Smtp>,
    pub(crate) mode: Mode,
    pub(crate) peer: SocketAddr,
    pub(crate) tls: bool,
    pub(crate) auth: Option<Authenticated>,
    /// Offer STARTTLS (a TLS acceptor is configured and the session is not yet encrypted).
    starttls_available: bool,
    stage: Stage,
    errors: usize,
    pub(crate) input: Vec<u8>,
    pub(crate) output: Vec<u8>,
    /// The deadline of the command or transfer being received.
    pub(crate) pace: netlimits::Pace,
}

const READ_CHUNK: usize = 16 * 1024;
/// Replies waiting in the output are sent before the next pipelined command runs once they
/// are this large.
const FLUSH_OVER: usize = 64 * 1024;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub fn new(
        stream: S,
        smtp: Arc<Smtp>,
        mode: Mode,
        peer: SocketAddr,
        tls: bool,
        starttls_available: bool,
    ) -> Session<S> {
        let pace = netlimits::Pace::new(&smtp.config.deadlines);
        Session {
            stream,
            smtp,
            mode,
            peer,
            tls,
            auth: None,
            starttls_available: starttls_available && !tls,
            stage: Stage::Fresh,
            errors: 0,
            input: Vec::with_capacity(READ_CHUNK),
            output: Vec::with_capacity(1024),
            pace,
        }
    }

    /// Gives the stream back (for STARTTLS).
    pub fn into_stream(self) -> S {
        self.stream
    }

    /// Runs the session; `greet` is false after STARTTLS (no second banner).
    pub async fn run(&mut self, greet: bool) -> End {
        if greet {
            self.reply(Reply::plain(
                220,
                format!("{} ESMTP govmail", self.smtp.config.hostname),
            ));
        }
        // Discarding the rest of a line over the length limit.
        let mut discarding = false;
        loop {
            // A shutdown ends the session between commands, pipelined ones too: a transfer in
            // progress (DATA, a BDAT chunk) finishes and is answered first.
            if self.smtp.shutdown.is_cancelled() {
                self.say_shutting_down().await;
                return End::Closed;
            }
            // Pipelined replies are sent once they pass FLUSH_OVER, not only when the input
            // runs out: a client sending thousands of EHLO or NOOP without reading holds no
            // more of the server's memory than that.
            if self.output.len() >= FLUSH_OVER && !self.flush().await {
                return End::Closed;
            }
            let request = match read_command(&mut self.input, &mut discarding) {
                CommandLine::Request(request) => {
                    self.pace.done();
                    request
                }
                CommandLine::Refused(reply) => {
                    self.pace.done();
                    if !self.error(reply) {
                        let _ = self.flush().await;
                        return End::Closed;
                    }
                    continue;
                }
                CommandLine::NeedMore => {
                    if !self.input.is_empty() || discarding {
                        // Part of a line has arrived: its deadline runs.
                        self.pace.begin();
                    }
                    if !self.flush().await || !self.fill_command().await {
                        return End::Closed;
                    }
                    continue;
                }
            };
            match request {
                Request::Quit => {
                    self.reply(Reply::new(221, reply::SE_CLOSING, "bye"));
                    let _ = self.flush().await;
                    return End::Closed;
                }
                Request::StartTls => {
                    if self.starttls_available {
                        self.reply(Reply::new(220, reply::SE_OK, "ready to start TLS"));
                        // RFC 3207 §4.2 / CVE-2011-0411: anything pipelined after STARTTLS is
                        // discarded, never executed inside the TLS session.
                        self.input.clear();
                        let ok = self.flush().await;
                        return if ok { End::StartTls } else { End::Closed };
                    }
                    let r = Reply::new(502, reply::SE_NOT_SUPPORTED, "STARTTLS not available");
                    if !self.error(r) {
                        break;
                    }
                }
                Request::Data => {
                    if !self.data().await {
                        break;
                    }
                }
                Request::Bdat {
                    chunk_size,
                    is_last,
                } => {
                    if !self.bdat(chunk_size, is_last).await {
                        break;
                    }
                }
                Request::Auth {
                    mechanism,
                    initial_response,
                } => {
                    if !self.authenticate(mechanism, initial_response).await {
                        break;
                    }
                }
                other => {
                    let reply = self.command(other).await;
                    let positive = reply.is_positive();
                    if positive {
                        self.reply(reply);
                    } else if !self.error(reply) {
                        break;
                    }
                }
            }
        }
        let _ = self.flush().await;
        End::Closed
    }

    pub(crate) fn reply(&mut self, reply: Reply) {
        reply.write_to(&mut self.output);
    }

    /// Sends an error reply; returns false when the session must end (too many errors).
    pub(crate) fn error(&mut self, reply: Reply) -> bool {
        self.errors += 1;
        self.reply(reply);
        if self.errors >= self.smtp.config.max_errors {
            self.reply(Reply::new(
                421,
                reply::SE_TOO_MANY_ERRORS,
                "too many errors, closing connection",
            ));
            return false;
        }
        true
    }

    pub(crate) async fn flush(&mut self) -> bool {
        if self.output.is_empty() {
            return true;
        }
        // A client that stops reading its replies is let go (`Deadlines::to_send`; soon
        // once the server is shutting down).
        let limit = self.smtp.config.deadlines.to_send(self.output.len());
        let (to, bytes, shutdown) = (&mut self.stream, &self.output[..], &self.smtp.shutdown);
        let write =
            move || async move { to.write_all(bytes).await.is_ok() && to.flush().await.is_ok() };
        let ok = netlimits::send_within(limit, || shutdown.cancelled(), write).await;
        self.output.clear();
        ok
    }

    /// Tells the client the server is going away (RFC 5321 §3.8: 421), before the session
    /// ends.
    pub(crate) async fn say_shutting_down(&mut self) {
        self.reply(Reply::new(
            421,
            reply::SE_SHUTDOWN,
            format!(
                "{} shutting down, try again later",
                self.smtp.config.hostname
            ),
        ));
        let _ = self.flush().await;
    }

    /// Waits for the next command; on server shutdown the client is told 421 (RFC 5321
    /// §3.8) and the session ends. A transaction in progress (DATA) is never cut this way.
    pub(crate) async fn fill_command(&mut self) -> bool {
        if !self.input.is_empty() {
            self.pace.begin();
        }
        let shutdown = self.smtp.shutdown.clone();
        tokio::select! {
            filled = self.fill(self.smtp.config.command_timeout) => filled,
            _ = shutdown.cancelled() => {
                self.say_shutting_down().await;
                false
            }
        }
    }

    /// Reads more input; false on EOF, error or timeout (after a 421 on timeout). `timeout`
    /// bounds each read; a command or transfer in progress also has its deadline (`pace`).
    pub(crate) async fn fill(&mut self, timeout: Duration) -> bool {
        let start = self.input.len();
        self.input.resize(start + READ_CHUNK, 0);
        let wait = self.pace.wait(timeout);
        let read = tokio::time::timeout(wait, self.stream.read(&mut self.input[start..])).await;
        match read {
            Ok(Ok(n)) if n > 0 => {
                self.input.truncate(start + n);
                self.pace.received(n);
                true
            }
            Ok(_) => {
                self.input.truncate(start);
                false
            }
            Err(_) => {
                self.input.truncate(start);
                let text = if wait < timeout {
                    tracing::info!(peer = %self.peer, "SMTP client too slow");
                    "too slow, closing connection"
                } else {
                    "timeout, closing connection"
                };
                self.reply(Reply::new(421, "4.4.2", text));
                let _ = self.flush().await;
                false
            }
        }
    }

    async fn command(&mut self, request: Request<String>) -> Reply {
        match request {
            Request::Ehlo { host } => self.helo(host, true),
            Request::Helo { host } => self.helo(host, false),
            Request::Lhlo { .. } => Reply::new(500, reply::SE_SYNTAX, "LHLO is for LMTP"),
            Request::Mail { from } => self.mail(from),
            Request::Rcpt { to } => self.rcpt(to).await,
            Request::Rset => {
                self.stage = match std::mem::replace(&mut self.stage, Stage::Fresh) {
                    Stage::Mail { helo, esmtp, .. } | Stage::Greeted { helo, esmtp } => {
                        Stage::Greeted { helo, esmtp }
                    }
                    Stage::Fresh => Stage::Fresh,
                };
                Reply::new(250, reply::SE_OK, "reset")
            }
            Request::Noop { .. } => Reply::new(250, reply::SE_OK, "OK"),
            // RFC 5321 §3.5.3: 252 neither confirms nor denies an address (no harvesting).
            Request::Vrfy { .. } => Reply::new(252, "2.5.2", "cannot verify, send mail to try"),
            Request::Expn { .. } => Reply::new(502, reply::SE_NOT_SUPPORTED, "EXPN not supported"),
            Request::Help { .. } => Reply::new(214, reply::SE_OK, "see RFC 5321"),
            other => Reply::new(
                502,
                reply::SE_NOT_SUPPORTED,
                format!("{} not supported", other.name()),
            ),
        }
    }

    fn helo(&mut self, host: String, esmtp: bool) -> Reply {
        let helo = host.trim().to_string();
        if helo.is_empty() {
            return Reply::new(501, reply::SE_BAD_PARAM, "HELO/EHLO needs a host name");
        }
        // RFC 5321 §4.1.4: HELO/EHLO resets any transaction.
        self.stage = Stage::Greeted { helo, esmtp };
        if !esmtp {
            return Reply::plain(250, self.smtp.config.hostname.clone());
        }
        let mut lines = vec![
            format!("{} greets you", self.smtp.config.hostname),
            "PIPELINING".into(),
            format!("SIZE {}", self.smtp.config.max_message_size),
            "8BITMIME".into(),
            "SMTPUTF8".into(),
            "ENHANCEDSTATUSCODES".into(),
            "CHUNKING".into(),
            "DSN".into(),
        ];
        if self.starttls_available {
            lines.push("STARTTLS".into());
        }
        if self.auth_offered() {
            lines.push("AUTH PLAIN LOGIN".into());
        }
        Reply::multi(250, lines)
    }

    fn mail(&mut self, from: MailFrom<String>) -> Reply {
        let (helo, esmtp) = match &self.stage {
            Stage::Fresh => {
                return Reply::new(503, reply::SE_BAD_SEQUENCE, "send HELO or EHLO first");
            }
            Stage::Mail { .. } => {
                return Reply::new(503, reply::SE_BAD_SEQUENCE, "nested MAIL command");
            }
            Stage::Greeted { helo, esmtp } => (helo.clone(), *esmtp),
        };
        let address = from.address.trim().to_lowercase();
        if self.mode == Mode::Submission {
            // RFC 6409 §4.3 / RFC 4954 §6: submission requires authentication first.
            let Some(auth) = &self.auth else {
                return Reply::new(530, reply::SE_AUTH_REQUIRED, "authentication required");
            };
            if !auth.senders.contains(&address) {
                return Reply::new(
                    553,
                    reply::SE_SENDER_NOT_OWNED,
                    format!("{} may not send as <{address}>", auth.address),
                );
            }
        }
        if from.size > self.smtp.config.max_message_size {
            return Reply::new(
                552,
                reply::SE_MESSAGE_TOO_BIG,
                format!(
                    "message size exceeds the limit of {} bytes",
                    self.smtp.config.max_message_size
                ),
            );
        }
        // Below the disk reserve, before the client sends anything (RFC 1870 SIZE counted).
        // One statvfs: cheap enough to make here.
        if let Err(e) = self.smtp.store.has_room(from.size as u64) {
            return low_disk_reply(&e);
        }
        self.stage = Stage::Mail {
            helo,
            esmtp,
            envelope: Envelope {
                from: address,
                size_hint: from.size,
                envid: from.env_id,
                ret_full: from.flags & smtp_proto::MAIL_RET_FULL != 0,
                recipients: Vec::new(),
                remote: Vec::new(),
                chunks: Vec::new(),
                chunks_too_big: false,
            },
        };
        Reply::new(250, reply::SE_SENDER_OK, "sender OK")
    }

    async fn rcpt(&mut self, to: RcptTo<String>) -> Reply {
        let Stage::Mail { envelope, .. } = &self.stage else {
            return Reply::new(503, reply::SE_BAD_SEQUENCE, "send MAIL FROM first");
        };
        if envelope.recipients.len() + envelope.remote.len() >= self.smtp.config.max_recipients {
            // RFC 5321 §4.5.3.1.10: 452 for too many recipients; the client sends the rest later.
            return Reply::new(452, reply::SE_TOO_MANY_RCPTS, "too many recipients");
        }
        let size = envelope.size_hint as u64;
        let address = to.address.trim().to_lowercase();
        let Some((_, domain)) = address.rsplit_once('@') else {
            return Reply::new(
                501,
                reply::SE_BAD_DEST_SYNTAX,
                "recipient must be local@domain",
            );
        };
        let domain = domain.to_string();
        let store = self.smtp.store.clone();
        let lookup = address.clone();
        let found = tokio::task::spawn_blocking(move || {
            // An account's or alias's domain is served (both are refused on other domains),
            // so the domain is looked up only for an address that is neither.
            let recipient = store.resolve_recipient(&lookup)?;
            let served = recipient.is_some() || store.serves_domain(&domain)?;
            Ok::<_, storage::StorageError>((served, recipient))
        })
        .await;
        let (served, recipient) = match found {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "recipient lookup failed");
                return Reply::new(451, reply::SE_SYSTEM_TEMP, "temporary lookup failure");
            }
            Err(_) => return Reply::new(451, reply::SE_SYSTEM_TEMP, "temporary lookup failure"),
        };
        if !served {
            // No relaying for unauthenticated clients: only our own domains are accepted.
            if self.auth.is_none() {
                return Reply::new(554, reply::SE_RELAY_DENIED, "relay access denied");
            }
            if !plausible_remote(&address) {
                return Reply::new(501, reply::SE_BAD_DEST_SYNTAX, "bad recipient address");
            }
            let notify = Notify((to.flags & 0x0f) as u8);
            if let Stage::Mail { envelope, .. } = &mut self.stage
                && !envelope.remote.iter().any(|r| r.address == address)
            {
                envelope.remote.push(NewQueueRecipient {
                    address,
                    orcpt: to.orcpt,
                    notify,
                });
            }
            return Reply::new(250, reply::SE_RCPT_OK, "recipient OK, will be relayed");
        }
        let Some(recipient) = recipient else {
            return Reply::new(550, reply::SE_BAD_DEST_MAILBOX, "no such mailbox here");
        };
        if recipient.status != AccountStatus::Active {
            return Reply::new(550, reply::SE_MAILBOX_DISABLED, "mailbox disabled");
        }
        if recipient.quota.would_exceed(size.max(1), 1).is_some() {
            return if self.smtp.config.over_quota_temporary {
                Reply::new(
                    452,
                    reply::SE_MAILBOX_FULL_TEMP,
                    "mailbox full, try again later",
                )
            } else {
                Reply::new(552, reply::SE_MAILBOX_FULL, "mailbox full")
            };
        }
        // The same mailbox named twice (or through an alias) gets the message once.
        if let Stage::Mail { envelope, .. } = &mut self.stage
            && !envelope
                .recipients
                .iter()
                .any(|(id, _)| *id == recipient.account)
        {
            envelope
                .recipients
                .push((recipient.account, recipient.address));
        }
        Reply::new(250, reply::SE_RCPT_OK, "recipient OK")
    }

    pub(crate) fn in_transaction(&self) -> bool {
        matches!(self.stage, Stage::Mail { .. })
    }

    /// Checks that a message may start; returns the error reply otherwise.
    fn ready_for_data(&self) -> Option<Reply> {
        match &self.stage {
            Stage::Mail { envelope, .. }
                if !envelope.recipients.is_empty() || !envelope.remote.is_empty() =>
            {
                None
            }
            Stage::Mail { .. } => Some(Reply::new(554, "5.5.1", "no valid recipients")),
            _ => Some(Reply::new(
                503,
                reply::SE_BAD_SEQUENCE,
                "send MAIL FROM first",
            )),
        }
    }

    /// DATA: reads the message up to <CRLF>.<CRLF>; returns false if the session must end.
    async fn data(&mut self) -> bool {
        if let Some(reply) = self.ready_for_data() {
            return self.error(reply);
        }
        self.reply(Reply::plain(354, "end data with <CR><LF>.<CR><LF>"));
        if !self.flush().await {
            return false;
        }
        let mut receiver = DataReceiver::new();
        let Some((body, too_big)) = self
            .receive(READ_CHUNK, |bytes, body| receiver.ingest(bytes, body))
            .await
        else {
            return false;
        };
        self.finish_message(body, too_big).await
    }

    /// BDAT (RFC 3030): reads one chunk; delivers after the LAST one.
    async fn bdat(&mut self, chunk_size: usize, is_last: bool) -> bool {
        if let Some(reply) = self.ready_for_data() {
            // The chunk's bytes must still be consumed to stay in sync.
            if !self.skip(chunk_size).await {
                return false;
            }
            return self.error(reply);
        }
        let max = self.smtp.config.max_message_size;
        let mut receiver = BdatReceiver::new(chunk_size, is_last);
        let Some((chunk, chunk_too_big)) = self
            .receive(chunk_size.min(max + 1), |bytes, chunk| {
                receiver.ingest(bytes, chunk)
            })
            .await
        else {
            return false;
        };
        let Stage::Mail { envelope, .. } = &mut self.stage else {
            return false;
        };
        if chunk_too_big || envelope.chunks.len() + chunk.len() > max {
            envelope.chunks_too_big = true;
            envelope.chunks = Vec::new();
        } else if !envelope.chunks_too_big {
            envelope.chunks.extend_from_slice(&chunk);
        }
        if !is_last {
            self.reply(Reply::new(
                250,
                reply::SE_OK,
                format!("{chunk_size} bytes received"),
            ));
            return true;
        }
        let body = std::mem::take(&mut envelope.chunks);
        let too_big = envelope.chunks_too_big;
        self.finish_message(body, too_big).await
    }

    /// Feeds input to `ingest` (a DATA or BDAT receiver) until it reports the end, reading
    /// more as needed. Keeps at most `max_message_size` bytes: past that it goes on consuming
    /// but drops the data, and says so. None if the connection ended.
    async fn receive(
        &mut self,
        capacity: usize,
        mut ingest: impl FnMut(&mut std::slice::Iter<'_, u8>, &mut Vec<u8>) -> bool,
    ) -> Option<(Vec<u8>, bool)> {
        let mut data = Vec::with_capacity(capacity);
        let mut too_big = false;
        // The transfer has a deadline of its own, which grows with the bytes received.
        self.pace.done();
        self.pace.begin();
        loop {
            let mut bytes = self.input.iter();
            let before = bytes.len();
            let done = ingest(&mut bytes, &mut data);
            let consumed = before - bytes.len();
            self.input.drain(..consumed);
            if data.len() > self.smtp.config.max_message_size {
                too_big = true;
                data.clear();
            }
            if done {
                self.pace.done();
                return Some((data, too_big));
            }
            if !self.fill(self.smtp.config.data_timeout).await {
                return None;
            }
        }
    }

    async fn skip(&mut self, mut n: usize) -> bool {
        self.pace.done();
        self.pace.begin();
        loop {
            let take = n.min(self.input.len());
            self.input.drain(..take);
            n -= take;
            if n == 0 {
                self.pace.done();
                return true;
            }
            if !self.fill(self.smtp.config.data_timeout).await {
                return false;
            }
        }
    }

    /// Delivers a complete message and ends the transaction.
    async fn finish_message(&mut self, body: Vec<u8>, too_big: bool) -> bool {
        let Stage::Mail {
            helo,
            esmtp,
            envelope,
        } = std::mem::replace(&mut self.stage, Stage::Fresh)
        else {
            return false;
        };
        self.stage = Stage::Greeted {
            helo: helo.clone(),
            esmtp,
        };
        if too_big {
            return self.error(Reply::new(
                552,
                reply::SE_MESSAGE_TOO_BIG,
                format!(
                    "message exceeds the limit of {} bytes",
                    self.smtp.config.max_message_size
                ),
            ));
        }
        // Again before anything is stored: space may have run out while the message came.
        if let Err(e) = self.smtp.store.has_room(body.len() as u64) {
            crate::stats::Stats::bump(&self.smtp.stats.refused);
            return self.error(low_disk_reply(&e));
        }
        let mut body = body;
        if let Some(auth) = &self.auth {
            // RFC 6409 §8: the MSA checks the author and may complete the header.
            if let Err(reply) = crate::submission::check_from(&body, &auth.senders, &auth.address) {
                // Counted like every other refusal of a message.
                crate::stats::Stats::bump(&self.smtp.stats.refused);
                return self.error(reply);
            }
            body = crate::submission::complete_header(body, &self.smtp.config.hostname);
        }
        let envelope = delivery::Envelope {
            helo,
            peer: self.peer,
            tls: self.tls,
            esmtp,
            authenticated: self.auth.as_ref().map(|a| a.account),
            sender_agencies: self
                .auth
                .as_ref()
                .map(|a| a.agencies.clone())
                .unwrap_or_default(),
            mail_from: envelope.from,
            envid: envelope.envid,
            ret_full: envelope.ret_full,
            recipients: envelope.recipients,
            remote: envelope.remote,
        };
        let accepted = Accepted { envelope, body };
        let reply = delivery::deliver(&self.smtp, accepted).await;
        if !reply.is_positive() {
            crate::stats::Stats::bump(&self.smtp.stats.refused);
        }
        if reply.is_positive() {
            self.reply(reply);
            true
        } else {
            self.error(reply)
        }
    }
}

/// 452 4.3.1 for a refusal because the disk is nearly full; 451 4.3.0 when free space could
/// not even be read.
fn low_disk_reply(e: &storage::StorageError) -> Reply {
    if e.is_low_disk() {
        reply::low_disk()
    } else {
        tracing::error!(error = %e, "cannot check free disk space");
        Reply::new(
            451,
            reply::SE_SYSTEM_TEMP,
            "temporary failure, try again later",
        )
    }
}

/// What the command reader found at the front of the input.
#[doc(hidden)]
#[derive(Debug)]
pub enum CommandLine {
    /// No whole line yet.
    NeedMore,
    Request(Request<String>),
    /// A line that is not a command, with the reply it gets.
    Refused(Reply),
}

/// Takes the next command line off the front of `input` (no I/O; the fuzz target
/// `smtp_session` drives it too). `discarding` carries, between calls, that the rest of a
/// line over smtp-proto's 4 KiB limit is being thrown away.
///
/// Commands are parsed one whole line at a time: smtp-proto, given more, reads a command
/// that lacks its argument ("MAIL FROM" without a colon) on into the next line, swallowing a
/// pipelined command that then never gets its reply (found by the smtp_session fuzz target).
/// Every call either consumes input or returns NeedMore with no whole line in the input.
#[doc(hidden)]
pub fn read_command(input: &mut Vec<u8>, discarding: &mut bool) -> CommandLine {
    loop {
        let Some(end) = input.iter().position(|&b| b == b'\n') else {
            if *discarding {
                input.clear();
            } else if input.len() > MAX_LINE_LENGTH {
                *discarding = true;
                input.clear();
                return CommandLine::Refused(Reply::new(
                    500,
                    reply::SE_LINE_TOO_LONG,
                    "line too long",
                ));
            }
            return CommandLine::NeedMore;
        };
        if std::mem::take(discarding) {
            input.drain(..=end);
            continue;
        }
        let parsed = if end >= MAX_LINE_LENGTH {
            Err(ProtoError::ResponseTooLong)
        } else {
            RequestReceiver::default()
                .ingest(&mut input[..=end].iter())
                .map(|r| r.into_owned())
        };
        input.drain(..=end);
        return match parsed {
            Ok(request) => CommandLine::Request(request),
            // A whole line that is not a whole command.
            Err(ProtoError::NeedsMoreData { .. }) => CommandLine::Refused(Reply::new(
                501,
                reply::SE_SYNTAX,
                "syntax error: the command is incomplete",
            )),
            Err(e) => CommandLine::Refused(protocol_error(e)),
        };
    }
}

/// A remote address worth queueing: local@domain with a domain that could exist. Routing
/// tricks have no place in submitted mail: the %-hack (`victim%ext.test@relay`), bang paths
/// (`relay!victim`), source routes (`@a:b@c`) and quoted local parts hiding them would make
/// a receiving MTA that still honours them relay for us. RFC 5321 §4.5.3.1.1: a local part
/// has at most 64 octets.
fn plausible_remote(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "%!@:,;<>()[]\\\"".contains(c));
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// The reply to a command smtp-proto could not parse. Public for the fuzz target (fuzz/).
#[doc(hidden)]
pub fn protocol_error(e: ProtoError) -> Reply {
    match e {
        ProtoError::UnknownCommand => Reply::new(500, reply::SE_SYNTAX, "command not recognised"),
        ProtoError::InvalidSenderAddress => Reply::new(
            501,
            reply::SE_BAD_SENDER_SYNTAX,
            "bad sender address syntax",
        ),
        ProtoError::InvalidRecipientAddress => Reply::new(
            501,
            reply::SE_BAD_DEST_SYNTAX,
            "bad recipient address syntax",
        ),
        ProtoError::SyntaxError { syntax } => {
            Reply::new(501, reply::SE_SYNTAX, format!("syntax: {syntax}"))
        }
        ProtoError::InvalidParameter { param } => Reply::new(
            501,
            reply::SE_BAD_PARAM,
            format!("invalid parameter {param}"),
        ),
        ProtoError::UnsupportedParameter { param } => Reply::new(
            555,
            reply::SE_BAD_PARAM,
            format!("unsupported parameter {param}"),
        ),
        ProtoError::ResponseTooLong => Reply::new(500, reply::SE_LINE_TOO_LONG, "line too long"),
        other => Reply::new(500, reply::SE_SYNTAX, format!("syntax error ({other:?})")),
    }
}

#[cfg(test)]
mod tests {
    use super::plausible_remote;

    #[test]
    fn routing_tricks_are_not_plausible_remote_addresses() {
        for ok in ["a.b@gmail.com", "nguyễn@ví-dụ.vn", "x+tag@mail.example.org"] {
            assert!(plausible_remote(ok), "{ok}");
        }
        for bad in [
            "victim%ext.test@gmail.test",
            "a!b@gmail.test",
            "@a.test:b@c.test",
            "\"a@b\"@c.test",
            "a b@c.test",
            ".a@c.test",
            "a..b@c.test",
            "a@-c.test",
            "a@c..test",
            "a@localhost",
            "@c.test",
        ] {
            assert!(!plausible_remote(bad), "{bad}");
        }
        assert!(!plausible_remote(&format!("{}@c.test", "a".repeat(65))));
    }
}
