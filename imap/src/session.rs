//! One IMAP connection: a state machine over any stream (RFC 9051 §3: not authenticated,
//! authenticated, selected, logout). STARTTLS is a stream swap done by the caller.
//!
//! Each command arrives typed (`command::parse`), is checked against the session's state
//! (`Session::allowed`, RFC 9051 §3), and runs in `execute`: the few that only touch the
//! session (CAPABILITY, NOOP, LOGOUT, STARTTLS, LOGIN, AUTHENTICATE PLAIN with SASL-IR, ID,
//! ENABLE, NAMESPACE) here, every other in its handler module (see lib.rs). Then the selected
//! mailbox's changes are told (`idle::updates`, by RFC 9051 §7) and the tagged reply is
//! written from the handler's `Result` (`finish`). Names in the shared namespace (unit
//! mailboxes) are resolved by `shared`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use auth::Secret;
use storage::{AccountId, Flags};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::Imap;
use crate::command::{Command, Needs};
use crate::error::{Done, Fault, ImapError};
use crate::response::{self, Status, Utf8};
use crate::view::View;
use crate::wire::{Command as WireCommand, Frame, Framer, Limits};

/// Why a session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum End {
    Closed,
    StartTls,
}

/// What the logged-in account may do in a mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rights {
    /// Its own mailbox, or a unit's through a read-write grant.
    ReadWrite,
    /// A unit's mailbox through a read-only grant: read and copy out, nothing else
    /// (anything more is `NO [NOPERM]`, RFC 9051 §7.1).
    ReadOnly,
}

#[derive(Debug)]
pub(crate) enum State {
    NotAuthenticated,
    /// `account` is who logged in, in this state and the next.
    Authenticated {
        account: AccountId,
    },
    Selected {
        account: AccountId,
        mailbox: View,
    },
}

pub struct Session<S> {
    /// Compressed once the client asks (COMPRESS, RFC 4978).
    pub(crate) stream: crate::compress::Compressible<S>,
    pub(crate) imap: Arc<Imap>,
    pub(crate) peer: SocketAddr,
    tls: bool,
    starttls_available: bool,
    pub(crate) state: State,
    utf8: bool,
    /// The client enabled IMAP4rev2: SEARCH answers in ESEARCH form (RFC 9051 §7.3.4).
    pub(crate) rev2: bool,
    /// A CONDSTORE enabling command was issued (RFC 7162 §3.1): flag changes are reported
    /// with UID and MODSEQ.
    pub(crate) condstore: bool,
    /// ENABLE QRESYNC was issued (RFC 7162 §3.2.3; implies `condstore`): expunges are
    /// reported as VANISHED, and SELECT takes the QRESYNC parameter.
    pub(crate) qresync: bool,
    pub(crate) input: Vec<u8>,
    pub(crate) output: Vec<u8>,
    framer: Framer,
    /// Changes to the account published by other sessions and deliveries (set at SELECT).
    pub(crate) changes: Option<tokio::sync::broadcast::Receiver<storage::Change>>,
    /// The deadline of the command being received.
    pub(crate) pace: netlimits::Pace,
    // imapnotify
    /// NOTIFY's filters and receiver (RFC 5465), while it is on.
    pub(crate) notify: Option<Box<crate::notify::Notifier>>,
    // end imapnotify
    /// A write failed or was not taken in time: the connection is unusable (a reply may be
    /// half sent), and the session ends at the next turn of its loop, whatever was pipelined.
    closed: bool,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub fn new(stream: S, imap: Arc<Imap>, peer: SocketAddr, tls: bool, starttls: bool) -> Self {
        let framer = Framer::new(Limits::BEFORE_LOGIN).spool_over(SPOOL_OVER);
        let pace = netlimits::Pace::new(&imap.config.deadlines);
        Session {
            stream: crate::compress::Compressible::new(stream),
            imap,
            peer,
            tls,
            starttls_available: starttls && !tls,
            state: State::NotAuthenticated,
            utf8: false,
            rev2: false,
            condstore: false,
            qresync: false,
            input: Vec::new(),
            output: Vec::new(),
            framer,
            changes: None,
            pace,
            notify: None,
            closed: false,
        }
    }

    pub fn into_stream(self) -> S {
        self.stream.inner
    }

    fn login_allowed(&self) -> bool {
        self.tls || (self.imap.config.plaintext_login_on_loopback && self.peer.ip().is_loopback())
    }

    fn capabilities(&self) -> String {
        let mut caps = vec![
            "IMAP4rev1",
            "IMAP4rev2",
            "LITERAL+",
            "SASL-IR",
            "ID",
            "ENABLE",
            "CONDSTORE",
            "QRESYNC",
        ];
        caps.extend([
            "IDLE",
            "UIDPLUS",
            "MOVE",
            "ESEARCH",
            "SORT",
            "SORT=DISPLAY",
            "QUOTA",
            "QUOTA=RES-STORAGE",
            "QUOTA=RES-MESSAGE",
            "UNSELECT",
            "UTF8=ACCEPT",
            "SPECIAL-USE",
            "CHILDREN",
            "NAMESPACE",
            "BINARY",
            "LIST-EXTENDED",
            "LIST-STATUS",
        ]);
        // imapsort (issue 24): THREAD (RFC 5256), ESORT and CONTEXT (RFC 5267), SEARCHRES
        // (RFC 5182), WITHIN (RFC 5032), OBJECTID (RFC 8474).
        caps.extend([
            "THREAD=ORDEREDSUBJECT",
            "THREAD=REFERENCES",
            "THREAD=REFS",
            "ESORT",
            "CONTEXT=SEARCH",
            "CONTEXT=SORT",
            "SEARCHRES",
            "WITHIN",
            "OBJECTID",
        ]);
        // imapappend: RFC 3502, 4469, 8508, 8514, 8438, 8970.
        caps.extend([
            "MULTIAPPEND",
            "CATENATE",
            // RFC 5550 §5: ;PARTIAL= in CATENATE's URLs.
            "URL-PARTIAL",
            "REPLACE",
            "SAVEDATE",
            "STATUS=SIZE",
            "PREVIEW",
        ]);
        if !matches!(self.state, State::NotAuthenticated) {
            // RFC 8437 §3: what a logged-in client may do.
            caps.push("UNAUTHENTICATE");
            if !self.stream.is_compressed() {
                // RFC 4978 §3: a command of the authenticated state, once.
                caps.push("COMPRESS=DEFLATE");
            }
        }
        // imapnotify: RFC 4314 (RIGHTS=: the rights beyond RFC 2086's, §2.1.1), RFC 8440.
        caps.extend([
            "ACL",
            "RIGHTS=texk",
            "LIST-MYRIGHTS",
            "CREATE-SPECIAL-USE",
            "NOTIFY",
        ]);
        // end imapnotify
        // RFC 7889: the largest message APPEND accepts (the message size limit).
        let appendlimit = format!("APPENDLIMIT={}", self.imap.config.max_literal);
        caps.push(appendlimit.as_str());
        if self.starttls_available {
            caps.push("STARTTLS");
        }
        if matches!(self.state, State::NotAuthenticated) {
            if self.login_allowed() {
                caps.push("AUTH=PLAIN");
            } else {
                // RFC 9051 §6.2.3: no LOGIN before TLS.
                caps.push("LOGINDISABLED");
            }
        }
        caps.join(" ")
    }

    /// Runs the session; `greet` is false after STARTTLS.
    pub async fn run(&mut self, greet: bool) -> End {
        if greet {
            let text = format!("[CAPABILITY {}] govmail ready", self.capabilities());
            response::status(&mut self.output, None, Status::Ok, None, &text);
        }
        loop {
            // A shutdown ends the session between commands, pipelined ones too: the command
            // in progress finishes, the next one does not start (RFC 9051 §7.1.5: BYE).
            if self.imap.shutdown.is_cancelled() {
                self.farewell(crate::io::Read::Shutdown).await;
                return End::Closed;
            }
            // Replies to pipelined commands are sent once they pass FLUSH_OVER, not only when
            // the input runs out: a client sending thousands of `FETCH 1:* FLAGS` or `LIST ""
            // *` without reading holds that much of the server's memory, no more.
            if self.closed || (self.output.len() >= crate::io::FLUSH_OVER && !self.flush().await) {
                return End::Closed;
            }
            let frame = self.framer.push(&mut self.input);
            if matches!(frame, Frame::Command(_)) {
                self.pace.done();
            }
            match frame {
                Frame::NeedMore => {
                    if !self.flush().await || !self.fill().await {
                        return End::Closed;
                    }
                }
                Frame::Continue(_) => {
                    self.output.extend_from_slice(b"+ go ahead\r\n");
                }
                Frame::Spool {
                    size,
                    synchronizing,
                } => {
                    if synchronizing {
                        // Not even spooled below the disk reserve (one statvfs).
                        if self
                            .imap
                            .store
                            .has_room(size)
                            .is_err_and(|e| e.is_low_disk())
                        {
                            let tag = self.framer.refuse_spool().unwrap_or_else(|| "*".into());
                            let text = crate::error::LOW_DISK_TEXT;
                            self.tagged(&tag, Status::No, Some("LIMIT"), text);
                            continue;
                        }
                        self.output.extend_from_slice(b"+ go ahead\r\n");
                    }
                    match self.spool_literal(size).await {
                        Some(bytes) => self.framer.literal_read(&bytes),
                        None => return End::Closed,
                    }
                }
                Frame::LineTooLong { tag } => {
                    let tag = tag.unwrap_or_else(|| "*".into());
                    response::status(
                        &mut self.output,
                        Some(&tag),
                        Status::Bad,
                        Some("TOOBIG"),
                        "command line too long",
                    );
                }
                Frame::LiteralTooBig {
                    tag,
                    size,
                    synchronizing,
                } => {
                    let tag = tag.unwrap_or_else(|| "*".into());
                    let text = format!("literal of {size} bytes is over the limit");
                    response::status(
                        &mut self.output,
                        Some(&tag),
                        Status::No,
                        Some("TOOBIG"),
                        &text,
                    );
                    if !synchronizing {
                        // The client is already sending the bytes: no way to resynchronize.
                        response::status(&mut self.output, None, Status::Bad, None, "closing");
                        let _ = self.flush().await;
                        return End::Closed;
                    }
                }
                Frame::Command(bytes) => match crate::wire::tokenize(&bytes) {
                    Ok(cmd) => {
                        if let Some(end) = self.command(cmd).await {
                            let _ = self.flush().await;
                            return end;
                        }
                    }
                    Err(e) => {
                        let tag = e.tag.unwrap_or_else(|| "*".into());
                        response::status(
                            &mut self.output,
                            Some(&tag),
                            Status::Bad,
                            None,
                            &e.message,
                        );
                    }
                },
            }
        }
    }

    /// Sends the output; false (and the session marked `closed`) when it could not be.
    pub(crate) async fn flush(&mut self) -> bool {
        let sent = crate::io::flush(
            &mut self.stream,
            &mut self.output,
            &self.imap.config.deadlines,
            &self.imap.shutdown,
        )
        .await;
        self.closed |= !sent;
        sent
    }

    /// Receives a large literal (an APPEND of a message with attachments) into a spool file
    /// rather than memory, so that a client sending slowly, or stopping halfway, holds disk
    /// rather than the server's memory; the bytes are read back once complete, for the
    /// command that uses them. None when the connection ends (or the spool fails, which
    /// leaves no way to resynchronize with the client).
    async fn spool_literal(&mut self, size: u64) -> Option<Vec<u8>> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
        let store = self.imap.store.clone();
        let file = match tokio::task::spawn_blocking(move || store.spool()).await {
            Ok(Ok(file)) => file,
            failed => {
                if let Ok(Err(e)) = failed {
                    tracing::error!(error = %e, peer = %self.peer, "cannot spool an APPEND");
                }
                let text = "cannot receive the literal now, try again later";
                response::status(&mut self.output, None, Status::Bye, None, text);
                let _ = self.flush().await;
                return None;
            }
        };
        let mut file =
            tokio::io::BufWriter::with_capacity(SPOOL_BUFFER, tokio::fs::File::from_std(file));
        let mut left = size;
        loop {
            let take = left.min(self.input.len() as u64) as usize;
            if take > 0 {
                file.write_all(&self.input[..take]).await.ok()?;
                self.input.drain(..take);
                left -= take as u64;
            }
            if left == 0 {
                break;
            }
            if !self.flush().await || !self.fill().await {
                return None;
            }
        }
        file.flush().await.ok()?;
        let mut file = file.into_inner();
        file.rewind().await.ok()?;
        let mut bytes = Vec::with_capacity(usize::try_from(size).ok()?);
        file.read_to_end(&mut bytes).await.ok()?;
        (bytes.len() as u64 == size).then_some(bytes)
    }

    async fn fill(&mut self) -> bool {
        // After a large APPEND the buffer would otherwise keep its megabytes while idle.
        if self.input.is_empty() && self.input.capacity() > crate::io::KEEP_CAPACITY {
            self.input = Vec::new();
        }
        let busy = !self.input.is_empty() || self.framer.in_command();
        // imapnotify: with NOTIFY on, waiting for a command is waiting for changes too.
        if self.notify.is_some() && !busy {
            return Box::pin(self.wait()).await;
        }
        // end imapnotify
        let shutdown = self.imap.shutdown.clone();
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

    /// Says why the session ends (`* BYE`, RFC 9051 §7.1.5) when the server ends it: idle,
    /// too slow, or shutting down; nothing when the client went away.
    async fn farewell(&mut self, read: crate::io::Read) {
        if let Some(why) = read.farewell() {
            response::status(&mut self.output, None, Status::Bye, None, why);
            let _ = self.flush().await;
        }
    }

    pub(crate) fn tagged(&mut self, tag: &str, status: Status, code: Option<&str>, text: &str) {
        response::status(&mut self.output, Some(tag), status, code, text);
    }

    /// Runs one command; Some(end) when the session must end.
    async fn command(&mut self, mut wire: WireCommand) -> Option<End> {
        let tag = std::mem::take(&mut wire.tag);
        let cmd = crate::command::parse(&mut wire);
        drop(wire);
        let cmd = match cmd.and_then(|cmd| self.allowed(cmd)) {
            Ok(cmd) => cmd,
            Err(e) => {
                self.finish(&tag, "command", Err(e));
                return None;
            }
        };
        if !self.recheck_grant(&tag, &cmd).await {
            return None;
        }
        // A session spends most of its life idle, in IDLE or between commands; its future
        // keeps room for the largest state it can be in. So IDLE's state stays inline and
        // small, and every other command's (FETCH, SEARCH, APPEND …) is boxed for as long as
        // the command runs.
        if matches!(cmd, Command::Idle) {
            return self.idle(&tag).await;
        }
        Box::pin(self.execute(tag, cmd)).await
    }

    /// Refuses a command not valid in the session's state (RFC 9051 §3): BAD.
    fn allowed(&self, cmd: Command) -> Result<Command, ImapError> {
        let refusal = match (cmd.needs(), &self.state) {
            (Needs::Any, _)
            | (Needs::NotAuthenticated, State::NotAuthenticated)
            | (Needs::LoggedIn, State::Authenticated { .. } | State::Selected { .. })
            | (Needs::Selected, State::Selected { .. }) => return Ok(cmd),
            (Needs::NotAuthenticated, _) => "already logged in",
            (_, State::NotAuthenticated) => "log in first (LOGIN or AUTHENTICATE)",
            (Needs::Selected, _) => "select a mailbox first",
        };
        Err(ImapError::bad(format!("{}: {refusal}", cmd.name())))
    }

    /// Runs a command other than IDLE, then tells the client what changed in the selected
    /// mailbox meanwhile (RFC 9051 §7), then the tagged reply.
    async fn execute(&mut self, tag: String, cmd: Command) -> Option<End> {
        let name = cmd.name();
        let allows_expunge = cmd.allows_expunge();
        if cmd.reads_by_uid() && matches!(self.state, State::Selected { .. }) {
            // What other sessions expunged is told first (RFC 9051 §7.5.1 allows it during
            // UID commands), so the command works on the mailbox as it is.
            self.updates(true).await;
        }
        let result = match cmd {
            Command::Capability => {
                let caps = self.capabilities();
                self.output
                    .extend_from_slice(format!("* CAPABILITY {caps}\r\n").as_bytes());
                Ok(Done::default())
            }
            // RFC 9051 §6.1.2: NOOP is how a client polls; the updates follow below.
            Command::Noop | Command::Check => Ok(Done::default()),
            Command::Logout => {
                response::status(&mut self.output, None, Status::Bye, None, "logging out");
                self.tagged(&tag, Status::Ok, None, "LOGOUT completed");
                return Some(End::Closed);
            }
            Command::Id => {
                // RFC 2971: say who we are; the client's list is only informative.
                // The version lets an administrator tell which build a client met.
                let id = format!(
                    "* ID (\"name\" \"govmail\" \"version\" \"{}\")\r\n",
                    env!("CARGO_PKG_VERSION")
                );
                self.output.extend_from_slice(id.as_bytes());
                Ok(Done::default())
            }
            Command::StartTls => {
                if !self.starttls_available {
                    Err(ImapError::bad("STARTTLS is not available here"))
                } else {
                    self.tagged(&tag, Status::Ok, None, "begin TLS negotiation now");
                    // RFC 9051 §6.2.1: nothing pipelined after STARTTLS is kept.
                    self.input.clear();
                    let _ = self.flush().await;
                    return Some(End::StartTls);
                }
            }
            Command::Login { user, password } => {
                let user = String::from_utf8_lossy(&user).into_owned();
                let pass = Secret::new(String::from_utf8_lossy(&password).into_owned());
                self.check_credentials(user, pass).await
            }
            Command::Authenticate { mechanism, initial } => {
                match self.authenticate(&mechanism, initial).await {
                    Ok(result) => result,
                    Err(end) => return Some(end),
                }
            }
            Command::Enable(caps) => Ok(self.enable(&caps)),
            Command::Namespace => {
                // RFC 2342: personal "", no other users', shared "Shared/" (unit mailboxes).
                self.output
                    .extend_from_slice(crate::shared::NAMESPACE_RESPONSE);
                Ok(Done::default())
            }
            Command::List(args) => self.list(false, args).await,
            Command::Lsub(args) => self.list(true, args).await,
            Command::Select {
                mailbox,
                examine,
                params,
            } => self.select(&mailbox, examine, params).await,
            Command::Close => self.close(true).await,
            Command::Unselect => self.close(false).await,
            Command::Fetch {
                uid,
                set,
                items,
                modifiers,
            } => self.fetch(uid, set, items, modifiers).await,
            Command::Store(args) => self.store_flags(args).await,
            Command::Search { uid, returns, key } => self.search(&tag, uid, returns, key).await,
            Command::Sort {
                uid,
                returns,
                criteria,
                key,
            } => self.sort(&tag, uid, returns, criteria, key).await,
            Command::Expunge { uids } => self.expunge(uids).await,
            Command::Copy { uid, set, mailbox } => {
                self.copy_or_move(uid, false, set, &mailbox).await
            }
            Command::Move { uid, set, mailbox } => {
                self.copy_or_move(uid, true, set, &mailbox).await
            }
            Command::Status { mailbox, items } => self.status(&mailbox, items).await,
            Command::GetQuota(root) => self.quota(false, &root).await,
            Command::GetQuotaRoot(mailbox) => self.quota(true, &mailbox).await,
            Command::SetQuota => Err(ImapError::no(
                Some("NOPERM"),
                "quotas are set by the administrator (govmail user quota)",
            )),
            Command::Append(args) => self.append(args).await,
            Command::Create(name) => self.create(&name).await,
            Command::Delete(name) => self.delete(&name).await,
            Command::Rename { from, to } => self.rename(&from, &to).await,
            Command::Subscribe(name) => self.subscribe(&name, true).await,
            Command::Unsubscribe(name) => self.subscribe(&name, false).await,
            Command::Idle => Err(ImapError::bad("IDLE is not run here")),
            // imapsort (issue 24)
            Command::Thread {
                uid,
                algorithm,
                key,
            } => self.thread(uid, algorithm, key).await,
            Command::CancelUpdate(tags) => self.cancel_update(&tags),
            // imapappend
            Command::Compress => {
                if self.stream.is_compressed() {
                    Err(ImapError::no(
                        Some("COMPRESSIONACTIVE"),
                        "DEFLATE is active already",
                    ))
                } else {
                    // RFC 4978 §3: the OK is the last thing sent uncompressed; what the
                    // client sent after the command is compressed already.
                    self.tagged(&tag, Status::Ok, None, "DEFLATE active");
                    if !self.flush().await {
                        return Some(End::Closed);
                    }
                    let pending = std::mem::take(&mut self.input);
                    self.stream.start(pending);
                    return None;
                }
            }
            Command::Replace {
                uid,
                number,
                append,
            } => self.replace(uid, number, append).await,
            Command::Unauthenticate => Ok(self.unauthenticate()),
            // imapnotify
            Command::CreateSpecialUse { mailbox, uses } => {
                self.create_special_use(&mailbox, uses).await
            }
            Command::Acl(c) => self.acl_command(c).await,
            Command::Notify(n) => self.notify_command(n).await,
            // end imapnotify
        };
        // RFC 9051 §7: the selected mailbox's changes go before the tagged reply; expunges
        // wait while a FETCH, STORE, SEARCH or SORT by sequence number runs (§7.5.1).
        if matches!(self.state, State::Selected { .. }) {
            self.updates(allows_expunge).await;
        }
        self.finish(&tag, name, result);
        None
    }

    /// The tagged reply of a command: OK with its code, or the error's status, code and
    /// text; errors are counted by whose fault they are.
    pub(crate) fn finish(&mut self, tag: &str, name: &str, result: Result<Done, ImapError>) {
        match result {
            Ok(done) => {
                let text = match done.text {
                    Some(text) => std::borrow::Cow::Borrowed(text),
                    None => std::borrow::Cow::Owned(format!("{name} completed")),
                };
                self.tagged(tag, Status::Ok, done.code.as_deref(), &text);
            }
            Err(e) => {
                let counter = match e.fault {
                    Fault::Syntax => &self.imap.stats.imap_commands.bad,
                    Fault::Client => &self.imap.stats.imap_commands.refused,
                    Fault::Server => &self.imap.stats.imap_commands.failed,
                };
                crate::stats::Stats::bump(counter);
                if e.fault != Fault::Server {
                    tracing::debug!(peer = %self.peer, command = name, reply = %e.text, "IMAP command refused");
                }
                self.tagged(tag, e.status(), e.code.as_deref(), &e.text);
            }
        }
    }

    /// UNAUTHENTICATE (RFC 8437 §3): back to the not-authenticated state, as after the
    /// greeting: the mailbox is closed without expunging, what ENABLE turned on is off, and
    /// only small commands are read again. TLS and COMPRESS stay.
    fn unauthenticate(&mut self) -> Done {
        self.state = State::NotAuthenticated;
        self.utf8 = false;
        self.rev2 = false;
        self.condstore = false;
        self.qresync = false;
        self.changes = None;
        // RFC 5465 §3: NOTIFY belongs to the login it was set in.
        self.notify = None;
        self.framer.set_limits(Limits::BEFORE_LOGIN);
        Done::default()
    }

    /// ENABLE (RFC 5161): the capabilities named that we have are turned on and listed.
    fn enable(&mut self, caps: &[String]) -> Done {
        let mut enabled = Vec::new();
        for cap in caps {
            match cap.as_str() {
                "UTF8=ACCEPT" => self.utf8 = true,
                "IMAP4REV2" => {
                    self.utf8 = true;
                    self.rev2 = true;
                }
                "CONDSTORE" => self.enable_condstore(),
                // RFC 7162 §3.2.3: QRESYNC implies CONDSTORE.
                "QRESYNC" => {
                    self.enable_condstore();
                    self.qresync = true;
                }
                _ => continue,
            }
            if !enabled.contains(cap) {
                enabled.push(cap.clone());
            }
        }
        let mut line = String::from("* ENABLED");
        for cap in &enabled {
            line.push(' ');
            line.push_str(cap);
        }
        line.push_str("\r\n");
        self.output.extend_from_slice(line.as_bytes());
        Done::default()
    }

    /// AUTHENTICATE PLAIN (RFC 9051 §6.2.2, SASL-IR RFC 4959). Err when the connection ends.
    async fn authenticate(
        &mut self,
        mechanism: &str,
        initial: Option<Vec<u8>>,
    ) -> Result<Result<Done, ImapError>, End> {
        if mechanism != "PLAIN" {
            return Ok(Err(ImapError::no(
                None,
                "only AUTHENTICATE PLAIN is offered",
            )));
        }
        let response = match initial {
            Some(r) => String::from_utf8_lossy(&r).into_owned(),
            None => {
                self.output.extend_from_slice(b"+ \r\n");
                if !self.flush().await {
                    return Err(End::Closed);
                }
                let Some(line) = self.read_line().await else {
                    return Err(End::Closed);
                };
                if line.trim() == "*" {
                    return Ok(Err(ImapError::bad("authentication cancelled")));
                }
                line
            }
        };
        let response = if response == "=" {
            String::new()
        } else {
            response
        };
        Ok(match auth::decode_plain(&response) {
            Some((user, pass)) => self.check_credentials(user, pass).await,
            None => Err(ImapError::bad("malformed PLAIN response")),
        })
    }

    /// Reads one line (continuation of AUTHENTICATE), without CRLF.
    async fn read_line(&mut self) -> Option<String> {
        loop {
            if let Some(end) = self.input.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.input[..end]).into_owned();
                self.input.drain(..end + 2);
                return Some(line);
            }
            if self.input.len() > 16 * 1024 || !self.fill().await {
                return None;
            }
        }
    }

    async fn check_credentials(&mut self, user: String, pass: Secret) -> Result<Done, ImapError> {
        if !self.login_allowed() {
            return Err(ImapError::no(Some("PRIVACYREQUIRED"), "use STARTTLS first"));
        }
        let outcome = crate::login::check(
            &self.imap,
            crate::login::Protocol::Imap,
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
                };
                self.framer.set_limits(Limits::after_login(
                    self.imap.config.max_line,
                    self.imap.config.max_literal,
                ));
                let caps = self.capabilities();
                Ok(Done {
                    code: Some(format!("CAPABILITY {caps}")),
                    text: Some("logged in"),
                })
            }
            crate::login::Outcome::Locked { minutes } => Err(ImapError::no(
                Some("UNAVAILABLE"),
                format!("too many failed logins; try again in {minutes} minutes"),
            )),
            crate::login::Outcome::Refused => Err(ImapError::no(
                Some("AUTHENTICATIONFAILED"),
                "invalid credentials",
            )),
            crate::login::Outcome::Unavailable => Err(ImapError::no(
                Some("UNAVAILABLE"),
                "temporary failure, try again",
            )),
            crate::login::Outcome::ShuttingDown => {
                Err(ImapError::no(Some("UNAVAILABLE"), "server shutting down"))
            }
        }
    }

    /// How 8-bit strings may be written to this client (RFC 6855 §3).
    pub(crate) fn utf8_mode(&self) -> Utf8 {
        if self.utf8 {
            Utf8::Quoted
        } else {
            Utf8::LiteralOnly
        }
    }

    pub(crate) fn account(&self) -> Option<AccountId> {
        match self.state {
            State::Authenticated { account } | State::Selected { account, .. } => Some(account),
            State::NotAuthenticated => None,
        }
    }

    pub(crate) fn name_out(&self, name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        if self.utf8 {
            response::astring(&mut out, name.as_bytes(), Utf8::Quoted);
        } else {
            response::astring(
                &mut out,
                crate::utf7::encode(name).as_bytes(),
                Utf8::LiteralOnly,
            );
        }
        out
    }

    pub(crate) fn name_in(&self, raw: &[u8]) -> Option<String> {
        let text = std::str::from_utf8(raw).ok()?;
        if self.utf8 {
            Some(text.to_string())
        } else {
            crate::utf7::decode(text)
        }
    }
}

pub(crate) fn flags_text(flags: Flags, keywords: &[String]) -> String {
    flags
        .names()
        .map(str::to_string)
        .chain(keywords.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// LIST pattern matching (RFC 9051 §6.3.9): `*` matches anything, `%` anything but the
/// hierarchy delimiter. INBOX is case-insensitive.
///
/// Runs the pattern as an automaton over the name, one step a character, keeping the set
/// of pattern positions reached: O(pattern × name) whatever the wildcards. (Backtracking
/// took exponential time on `************x` and froze the runtime's threads.)
pub fn matches(pattern: &str, name: &str) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if s.len() >= 5
            && s.is_char_boundary(5)
            && s[..5].eq_ignore_ascii_case("INBOX")
            && (s.len() == 5 || s.as_bytes()[5] == b'/')
        {
            "INBOX".chars().chain(s[5..].chars()).collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, n) = (fold(pattern), fold(name));
    let wild = |c: char| c == '*' || c == '%';
    // reached[j]: the pattern's first j characters match the name read so far. A wildcard
    // also matches nothing, so reaching it reaches the position after it (`close`).
    let close = |reached: &mut [bool]| {
        for j in 0..p.len() {
            if reached[j] && wild(p[j]) {
                reached[j + 1] = true;
            }
        }
    };
    let mut reached = vec![false; p.len() + 1];
    let mut next = vec![false; p.len() + 1];
    reached[0] = true;
    close(&mut reached);
    for &c in &n {
        next.fill(false);
        let mut any = false;
        for j in 0..p.len() {
            if !reached[j] {
                continue;
            }
            match p[j] {
                '*' => next[j] = true,
                '%' if c != '/' => next[j] = true,
                '%' => {}
                pc if pc == c => next[j + 1] = true,
                _ => continue,
            }
            any = true;
        }
        if !any {
            return false;
        }
        close(&mut next);
        std::mem::swap(&mut reached, &mut next);
    }
    reached[p.len()]
}

/// Literals larger than this (APPEND) are received into a spool file, not memory.
const SPOOL_OVER: u64 = 128 * 1024;
/// Bytes gathered before each write to the spool file.
const SPOOL_BUFFER: usize = 64 * 1024;

/// Idle sessions are closed after this long without a command (RFC 9051 §5.4: at least 30 min).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_patterns() {
        assert!(matches("*", "Lưu trữ/2026"));
        assert!(matches("%", "INBOX"));
        assert!(!matches("%", "Lưu trữ/2026"));
        assert!(matches("Lưu trữ/%", "Lưu trữ/2026"));
        assert!(matches("inbox", "INBOX"));
        assert!(!matches("Sent", "Sent Items"));
        assert!(matches("*/*", "a/b/c"));
        assert!(!matches("%/%", "a/b/c"));
        assert!(matches("%/%/%", "a/b/c"));
        assert!(matches("a*b%c", "axx/yybzzc"));
        assert!(!matches("a*b%c", "axxbz/c"));
        assert!(matches("INBOX/*", "inbox/Lưu"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
        assert!(matches("*%*%", ""));
    }

    /// `************x` took exponential time; a linear matcher answers at once. Counted in
    /// steps, not timed: the automaton visits at most pattern × name positions.
    #[test]
    fn wildcard_runs_do_not_backtrack() {
        let pattern = format!("{}x", "*%".repeat(500));
        let name = "a".repeat(2000);
        assert!(!matches(&pattern, &name));
        assert!(matches(&pattern, &format!("{name}x")));
    }
}
