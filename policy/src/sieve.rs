//! Sieve filtering (RFC 5228) with `sieve-rs`: compiling a user's script with messages that
//! say where the mistake is, and running the admin-wide script and then the user's active
//! script against one message for one recipient, turning sieve-rs's event loop into a plain
//! list of actions that delivery carries out.
//!
//! Running a script needs a few answers from outside (an included script, whether a mailbox
//! exists, whether a vacation reply was already sent): a [`Host`] gives them, so this module
//! stays free of storage and easy to test.
//!
//! Chaining: the admin script runs first and a `stop` in it ends all processing (RFC 6609
//! §3.2, as for an included script); a `return` ends only the admin script. Both are run as
//! includes of a small wrapper script, which gives exactly these semantics.

use std::sync::Arc;

use mail_parser::{HeaderValue, Message};
use sieve::compiler::ErrorType;
use sieve::compiler::grammar::Capability;
use sieve::runtime::RuntimeError;
use sieve::{Compiler, Event, Input, Recipient, Runtime};

/// The Sieve extensions govmail offers (ManageSieve's SIEVE capability, RFC 5804 §1.7). A
/// script that requires any other is refused when stored and fails (implicit keep) if run.
pub const EXTENSIONS: &[&str] = &[
    "body",
    "comparator-i;ascii-numeric",
    "copy",
    "date",
    "encoded-character",
    "envelope",
    "ereject",
    "fileinto",
    "imap4flags",
    "include",
    "index",
    "mailbox",
    "reject",
    "relational",
    "subaddress",
    "vacation",
    "vacation-seconds",
    "variables",
];

/// The extensions as one space-separated string.
pub fn extensions() -> String {
    EXTENSIONS.join(" ")
}

/// Largest script accepted, in bytes.
pub const MAX_SCRIPT_SIZE: usize = 128 * 1024;

/// The longest vacation period a script may set (`:days` / `:seconds`): a year.
pub const MAX_VACATION_PERIOD: u64 = 365 * 86_400;

/// Default period between two vacation replies to the same sender (RFC 5230 §4.1: 7 days).
pub const DEFAULT_VACATION_DAYS: u64 = 7;

/// A compiled script, cheap to clone and share between deliveries.
#[derive(Debug, Clone)]
pub struct Script(Arc<sieve::Sieve>);

/// Why a script does not compile: the place (1-based line and column) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column > 0 {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for CompileError {}

fn compiler() -> Compiler {
    Compiler::new()
        .with_max_script_size(MAX_SCRIPT_SIZE)
        .with_max_includes(8)
}

/// The capabilities sieve-rs knows but govmail does not offer.
fn disabled_capabilities() -> Vec<Capability> {
    let enabled: Vec<Capability> = EXTENSIONS.iter().map(|e| Capability::parse(e)).collect();
    Capability::all()
        .iter()
        .filter(|c| {
            // i;octet and i;ascii-casemap are always there (RFC 5228 §2.7.3).
            !enabled.contains(c) && !matches!(c, Capability::Comparator(_))
        })
        .cloned()
        .collect()
}

/// The 1-based line and column of the first occurrence of `word` at a word start (1, 0 when
/// absent).
fn place_of(text: &str, word: &str) -> (usize, usize) {
    let found = text.match_indices(word).find(|(at, _)| {
        text[..*at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '"')
    });
    match found {
        Some((at, _)) => {
            let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
            (
                text[..at].matches('\n').count() + 1,
                text[line_start..at].chars().count() + 1,
            )
        }
        None => (1, 0),
    }
}

/// The 1-based line of the first occurrence of `needle` in `text` (1 if absent).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(1, |at| text[..at].matches('\n').count() + 1)
}

/// Compiles a script, refusing syntax errors and extensions govmail does not offer.
pub fn compile(text: &str) -> Result<Script, CompileError> {
    // RFC 5230 §4.1 lets a site cap the period; sieve-rs multiplies `:days` by 86,400
    // unchecked (overflowing on `:days 3333333333333333333`).
    let longest = lint::named(text).longest_period;
    if longest > MAX_VACATION_PERIOD {
        return Err(CompileError {
            line: 1,
            column: 1,
            message: format!(
                "a vacation period may be at most {} days",
                MAX_VACATION_PERIOD / 86_400
            ),
        });
    }
    // sieve-rs 0.7.3 has internal assertions that some scripts trip (found by fuzzing): a
    // script that makes the compiler panic is refused like any invalid script.
    let compiled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        compiler().compile(text.as_bytes())
    }))
    .map_err(|_| CompileError {
        line: 1,
        column: 1,
        message: "the script could not be compiled".into(),
    })?;
    let sieve = compiled.map_err(|e| {
        let full = e.to_string();
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m)
            .to_string();
        let (line, column) = match (e.line_num(), e.error_type()) {
            // sieve-rs loses the place of an unknown command (line 0): find the word.
            (0, ErrorType::UnexpectedToken { found, .. }) => place_of(text, found),
            (line, _) => (line.max(1), e.line_pos()),
        };
        CompileError {
            line,
            column,
            message,
        }
    })?;
    let sieve = Arc::new(sieve);
    // The compiler accepts any `require`; a run of the script's first instruction (the
    // require at its top) with only our extensions allowed tells whether it asks for more.
    let runtime = Runtime::new().without_capabilities(disabled_capabilities());
    let mut probe = runtime.filter(b"");
    let unsupported = match probe.run(Input::script("probe", sieve.clone())) {
        Some(Err(RuntimeError::CapabilityNotAllowed(c))) => Some(c.to_string()),
        Some(Err(RuntimeError::CapabilityNotSupported(c))) => Some(c),
        _ => None,
    };
    if let Some(name) = unsupported {
        return Err(CompileError {
            line: line_of(text, &format!("\"{name}\"")),
            column: 0,
            message: format!(
                "the extension \"{name}\" is not supported here; supported: {}",
                extensions()
            ),
        });
    }
    Ok(Script(sieve))
}

/// Runtime limits, so that a hostile or careless script cannot hold up delivery.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Instructions one run may execute (sieve-rs's CPU limit).
    pub max_instructions: usize,
    /// Redirects one run may perform (RFC 5228 §4.2 lets sites limit them).
    pub max_redirects: usize,
    /// Messages one run may send (redirects and vacation replies together).
    pub max_out_messages: usize,
    /// Depth of nested includes below the user's script.
    pub max_nested_includes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_instructions: 20_000,
            max_redirects: 4,
            max_out_messages: 5,
            max_nested_includes: 3,
        }
    }
}

/// What a run needs from outside.
pub trait Host {
    /// The user's script `name` (`include :personal`), or the admin's (`include :global`).
    /// `Ok(None)` when there is none; `Err` for our own failure (the run then keeps the
    /// message).
    fn include(&mut self, name: &str, global: bool) -> Result<Option<Script>, String>;
    /// Whether the recipient has a mailbox of this name (RFC 5490 `mailboxexists`).
    fn mailbox_exists(&mut self, name: &str) -> bool;
    /// Whether a vacation reply to `sender` for `handle` may go now; a `true` answer is
    /// recorded, so the next question within `period` seconds gets `false` (RFC 5230 §4.2).
    fn vacation_should_reply(&mut self, sender: &str, handle: &str, period: u64) -> bool;
    /// Whether the recipient may send as `address`: its own address or one of its aliases.
    /// A vacation reply's `:from` must be one (RFC 5230 §4.4 leaves the check to the
    /// server): otherwise a script could send mail as anybody, to anybody who writes.
    fn owns_address(&mut self, address: &str) -> bool;
}

/// A vacation auto-reply to send (RFC 5230 §4.5), already checked against the rules of
/// RFC 3834 and the once-per-period record. The caller builds the message (with
/// `Auto-Submitted: auto-replied`) and sends it with the null envelope sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacationReply {
    /// The envelope sender of the message being answered.
    pub to: String,
    /// The script's `:from`, when it gave one of the recipient's own addresses; otherwise
    /// the reply comes from the recipient's address.
    pub from: Option<String>,
    /// A `:from` the recipient does not own, set aside (for the log).
    pub refused_from: Option<String>,
    pub subject: String,
    pub body: String,
    /// The Message-ID answered (without angle brackets), for In-Reply-To and References.
    pub in_reply_to: Option<String>,
    /// The answered message's own References ids, in order.
    pub references: Vec<String>,
    /// Seconds before the same sender gets another reply (`:days` / `:seconds`).
    pub period: u64,
    pub handle: String,
}

/// One thing delivery must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Store in INBOX with these flags and keywords (imap4flags, RFC 5232).
    Keep {
        flags: Vec<String>,
    },
    /// Store in `mailbox`; a missing mailbox is created with `create` (RFC 5490 §3.2),
    /// otherwise the copy goes to INBOX.
    FileInto {
        mailbox: String,
        flags: Vec<String>,
        create: bool,
    },
    /// Send the message on to `address` (RFC 5228 §4.2).
    Redirect {
        address: String,
    },
    /// Refuse the message (RFC 5429): nothing is stored for this recipient.
    Reject {
        reason: String,
        extended: bool,
    },
    Vacation(VacationReply),
}

/// Where a `fileinto` files for one recipient (see [`folder`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Folder {
    /// An existing mailbox: the name as written, or else its modified UTF-7 reading.
    Existing(String),
    /// Neither exists. `name` is the name as written (normalised): what `:create` makes;
    /// `decoded` its modified UTF-7 reading, when it is one and differs.
    Missing {
        name: String,
        decoded: Option<String>,
    },
    /// The name as written is not a valid mailbox name (the reason).
    Invalid(String),
}

/// Finds the mailbox a `fileinto` names. Sieve strings are UTF-8 (RFC 5228), so the name
/// as written comes first; but Roundcube's filter editor (Debian's
/// configuration leaves `managesieve_mbox_encoding` at its default, `UTF7-IMAP`) writes the
/// IMAP4rev1 form, `fileinto "L&AbA-u tr&Hu8- 2026"` for "Lưu trữ 2026". When the name as
/// written is no mailbox and is valid modified UTF-7 (RFC 3501 §5.1.3) that decodes to one,
/// that mailbox is meant. The hierarchy separator needs no translation: Roundcube writes
/// the names as LIST gives them, with our '/' (NAMESPACE `(("" "/"))`, no prefix).
pub fn folder(written: &str, exists: &mut dyn FnMut(&str) -> bool) -> Folder {
    let name = match storage::normalize_name(written) {
        Ok(name) if exists(&name) => return Folder::Existing(name),
        Ok(name) => Ok(name),
        Err(e) => Err(e.to_string()),
    };
    let decoded = crate::utf7::decode(written)
        .filter(|d| d != written)
        .and_then(|d| storage::normalize_name(&d).ok());
    if let Some(d) = &decoded
        && exists(d)
    {
        return Folder::Existing(d.clone());
    }
    match name {
        Ok(name) => Folder::Missing { name, decoded },
        Err(e) => Folder::Invalid(e),
    }
}

/// The result of running the scripts for one recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// What to do; no Keep, FileInto or Reject means the message is discarded.
    pub actions: Vec<Action>,
    /// Why the run failed, if it did: the actions are then only the implicit keep
    /// (RFC 5228 §2.10.6).
    pub error: Option<String>,
}

impl Outcome {
    fn failed(error: String) -> Outcome {
        Outcome {
            actions: vec![Action::Keep { flags: Vec::new() }],
            error: Some(error),
        }
    }

    /// Whether the message is stored anywhere for this recipient.
    pub fn stores(&self) -> bool {
        self.actions
            .iter()
            .any(|a| matches!(a, Action::Keep { .. } | Action::FileInto { .. }))
    }
}

/// The envelope and recipient of one run.
#[derive(Debug, Clone, Copy)]
pub struct Envelope<'a> {
    /// MAIL FROM (empty for the null sender).
    pub from: &'a str,
    /// The RCPT TO address this copy is for (an alias or the account's address).
    pub to: &'a str,
    /// The recipient account's own address.
    pub user: &'a str,
}

/// Names the wrapper uses for the two scripts it chains. They contain a control character,
/// which a stored script name never does (RFC 5804 §1.6), so they cannot clash with a user's
/// `include`.
const GLOBAL_SLOT: &str = "\u{1}global";
const PERSONAL_SLOT: &str = "\u{1}personal";

/// Runs scripts: holds the runtime settings and the wrappers that chain the admin's script
/// and the user's. Build one per server and share it.
pub struct Engine {
    runtime: Runtime,
    wrapper_both: Arc<sieve::Sieve>,
    wrapper_global: Arc<sieve::Sieve>,
    wrapper_personal: Arc<sieve::Sieve>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

fn wrapper(global: bool, personal: bool) -> Result<Arc<sieve::Sieve>, String> {
    let mut text = String::from("require \"include\";\r\n");
    if global {
        text.push_str(&format!("include :global \"{GLOBAL_SLOT}\";\r\n"));
    }
    if personal {
        text.push_str(&format!("include :personal \"{PERSONAL_SLOT}\";\r\n"));
    }
    compiler()
        .compile(text.as_bytes())
        .map(Arc::new)
        .map_err(|e| format!("internal Sieve wrapper does not compile: {e}"))
}

impl Engine {
    /// `hostname` names this server in the Message-IDs of vacation replies.
    pub fn new(hostname: &str, limits: &Limits) -> Result<Engine, String> {
        let runtime = Runtime::new()
            .without_capabilities(disabled_capabilities())
            .with_cpu_limit(limits.max_instructions)
            .with_max_redirects(limits.max_redirects)
            .with_max_out_messages(limits.max_out_messages)
            // +1: the wrapper is one level of include itself.
            .with_max_nested_includes(limits.max_nested_includes + 1)
            .with_default_vacation_expiry(DEFAULT_VACATION_DAYS * 86_400)
            .with_vacation_default_subject("Trả lời tự động / Automated reply")
            .with_vacation_subject_prefix("Auto: ")
            .with_local_hostname(hostname.to_string());
        Ok(Engine {
            runtime,
            wrapper_both: wrapper(true, true)?,
            wrapper_global: wrapper(true, false)?,
            wrapper_personal: wrapper(false, true)?,
        })
    }

    /// Runs the admin's `global` script, then (unless it stopped) the user's `personal`
    /// script, against `message` for one recipient. With neither, the message is kept.
    pub fn run(
        &self,
        message: &Message<'_>,
        envelope: Envelope<'_>,
        global: Option<&Script>,
        personal: Option<&Script>,
        host: &mut dyn Host,
    ) -> Outcome {
        let wrapper = match (global, personal) {
            (Some(_), Some(_)) => &self.wrapper_both,
            (Some(_), None) => &self.wrapper_global,
            (None, Some(_)) => &self.wrapper_personal,
            (None, None) => {
                return Outcome {
                    actions: vec![Action::Keep { flags: Vec::new() }],
                    error: None,
                };
            }
        };
        let mut ctx = self
            .runtime
            .filter_parsed(message.clone())
            .with_user_address(envelope.user)
            .with_envelope(sieve::Envelope::To, envelope.to);
        if !envelope.from.is_empty() {
            ctx.set_envelope(sieve::Envelope::From, envelope.from);
        }
        let sender = envelope.from.to_ascii_lowercase();
        let mut actions = Vec::new();
        // Messages sieve-rs built (vacation replies), by id, until they are sent.
        let mut created: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut vacation: Option<(String, u64)> = None;
        let mut input = Input::script("govmail", wrapper.clone());
        while let Some(result) = ctx.run(input) {
            input = Input::True;
            let event = match result {
                Ok(event) => event,
                Err(RuntimeError::TooManyIncludes) => {
                    return Outcome::failed("too many nested includes".into());
                }
                Err(e) => return Outcome::failed(e.to_string()),
            };
            match event {
                Event::IncludeScript { name, optional } => {
                    let (key, global_location) = match &name {
                        sieve::Script::Personal(n) => (n.as_str(), false),
                        sieve::Script::Global(n) => (n.as_str(), true),
                    };
                    let found = match (key, global_location) {
                        (GLOBAL_SLOT, true) => global.cloned(),
                        (PERSONAL_SLOT, false) => personal.cloned(),
                        _ => match host.include(key, global_location) {
                            Ok(found) => found,
                            Err(e) => return Outcome::failed(e),
                        },
                    };
                    input = match found {
                        Some(script) => Input::Script {
                            name,
                            script: script.0,
                        },
                        None if optional => Input::False,
                        // RFC 6609 §3.2: a missing script without :optional is an error.
                        None => {
                            let location = if global_location {
                                "global"
                            } else {
                                "personal"
                            };
                            return Outcome::failed(format!(
                                "the {location} script \"{key}\" to include does not exist"
                            ));
                        }
                    };
                }
                Event::MailboxExists { mailboxes, .. } => {
                    let all = mailboxes.iter().all(|m| match m {
                        sieve::Mailbox::Name(n) => host.mailbox_exists(n),
                        sieve::Mailbox::Id(_) => false,
                    });
                    input = all.into();
                }
                Event::DuplicateId { id, expiry, .. } => {
                    // Only the vacation test asks this (the duplicate extension is off). The
                    // id is "_v" + sender + handle; `true` means "already answered".
                    let handle = id
                        .strip_prefix("_v")
                        .and_then(|rest| rest.strip_prefix(&sender))
                        .unwrap_or(&id)
                        .to_string();
                    let handle = format!("{:016x}", fnv1a(handle.as_bytes()));
                    let reply = !sender.is_empty()
                        && !never_auto_reply(message)
                        && host.vacation_should_reply(&sender, &handle, expiry);
                    if reply {
                        vacation = Some((handle, expiry));
                    }
                    input = (!reply).into();
                }
                Event::Keep { flags, .. } => actions.push(Action::Keep { flags }),
                Event::Discard => {}
                Event::Reject { reason, extended } => {
                    actions.push(Action::Reject { reason, extended });
                }
                Event::FileInto {
                    folder,
                    flags,
                    create,
                    message_id: 0,
                    ..
                } => actions.push(Action::FileInto {
                    mailbox: folder,
                    flags,
                    create,
                }),
                Event::CreatedMessage {
                    message_id,
                    message,
                } => created.push((message_id, message)),
                Event::SendMessage {
                    recipient: Recipient::Address(address),
                    message_id: 0,
                    ..
                } => actions.push(Action::Redirect { address }),
                Event::SendMessage {
                    recipient: Recipient::Address(to),
                    message_id,
                    ..
                } => {
                    let built = created
                        .iter()
                        .position(|(id, _)| *id == message_id)
                        .map(|at| created.swap_remove(at).1);
                    if let (Some(raw), Some((handle, period))) = (built, vacation.take()) {
                        let mut reply = vacation_reply(&raw, to, envelope.user, handle, period);
                        if let Some(from) = &reply.from
                            && !host.owns_address(from)
                        {
                            reply.refused_from = reply.from.take();
                        }
                        actions.push(Action::Vacation(reply));
                    }
                }
                // Turned off (enotify, extlists, external functions, fcc, editheader, ...):
                // answer "no" and go on.
                _ => input = Input::False,
            }
        }
        Outcome {
            actions,
            error: None,
        }
    }
}

/// RFC 3834 §2 and RFC 5230 §4.5 cases where no auto-reply may go, checked here whatever
/// sieve-rs checks itself (it misses `Auto-Submitted`, which mail-parser 0.11 names with its
/// own variant, and `Precedence: list` / `junk`): `Auto-Submitted` other than `no`,
/// `Precedence: bulk / list / junk`, any `List-*` field (RFC 2369, 2919), and
/// `X-Auto-Response-Suppress: All / OOF` (Microsoft's convention).
fn never_auto_reply(message: &Message<'_>) -> bool {
    message.headers().iter().any(|h| {
        let name = h.name.as_str();
        let raw = message
            .raw_message
            .get(h.offset_start as usize..h.offset_end as usize)
            .map(|v| String::from_utf8_lossy(v).trim().to_ascii_lowercase())
            .unwrap_or_default();
        let value = raw.split(';').next().unwrap_or("").trim();
        if name.eq_ignore_ascii_case("Auto-Submitted") {
            value != "no"
        } else if name.eq_ignore_ascii_case("Precedence") {
            ["bulk", "list", "junk"].contains(&value)
        } else if name.eq_ignore_ascii_case("X-Auto-Response-Suppress") {
            raw.split(',').any(|v| ["all", "oof"].contains(&v.trim()))
        } else {
            name.len() > 5 && name[..5].eq_ignore_ascii_case("List-")
        }
    })
}

/// 64-bit FNV-1a: a short, stable name for a vacation handle (which defaults to the whole
/// reason text).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads back the reply sieve-rs built (its header fields are raw UTF-8), so that delivery
/// can write it again properly encoded.
fn vacation_reply(
    raw: &[u8],
    to: String,
    user: &str,
    handle: String,
    period: u64,
) -> VacationReply {
    let parsed = storage::mime::parse(raw);
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|m| m.header(name))
            .cloned()
            .map(HeaderValue::into_owned)
    };
    let from = parsed
        .as_ref()
        .and_then(|m| m.from())
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .filter(|a| !a.eq_ignore_ascii_case(user))
        .map(str::to_string);
    let subject = parsed
        .as_ref()
        .and_then(|m| m.subject())
        .unwrap_or("Trả lời tự động / Automated reply")
        .to_string();
    let ids = |value: Option<HeaderValue<'static>>| -> Vec<String> {
        match value {
            Some(HeaderValue::Text(t)) => vec![t.into_owned()],
            Some(HeaderValue::TextList(l)) => l.into_iter().map(|t| t.into_owned()).collect(),
            _ => Vec::new(),
        }
    };
    let in_reply_to = ids(field("In-Reply-To")).into_iter().next();
    let mut references = ids(field("References"));
    // sieve-rs puts the answered id first and then the old References; RFC 5322 §3.6.4
    // wants the old ones first and the answered id last.
    if !references.is_empty() {
        let first = references.remove(0);
        references.push(first);
    }
    let body = parsed
        .as_ref()
        .and_then(|m| m.body_text(0))
        .map(|b| b.into_owned())
        .unwrap_or_default();
    VacationReply {
        to,
        from,
        refused_from: None,
        subject,
        body,
        in_reply_to,
        references,
        period,
        handle,
    }
}

pub mod lint;
pub mod vacation;

#[cfg(test)]
mod tests;
