//! The typed command layer: a tokenized command (`wire`) becomes a [`Command`] with its
//! arguments checked against RFC 9051's grammar (§9) and that of each extension we announce.
//! What the grammar rejects is a [`ImapError::bad`] here, before any handler runs; handlers
//! see only well-formed arguments. [`allowed`] says in which state each command may run
//! (RFC 9051 §3, §6).
//!
//! Mailbox names stay as the client wrote them (bytes): their meaning depends on the
//! session's UTF-8 mode (modified UTF-7 before ENABLE UTF8=ACCEPT), which the handler knows.

use storage::{FlagOp, Flags};

use crate::condstore::{self, FetchModifiers, SelectParams};
use crate::error::ImapError;
use crate::esearch::Returns;
use crate::fetch::{self, Item};
use crate::list::{self, ListArgs};
use crate::search::{self, Key};
use crate::sequence::{self, SequenceSet};
use crate::sort::{self, Criterion};
use crate::status;
use crate::wire::{self, Token};

/// A command with checked arguments.
#[derive(Debug)]
pub(crate) enum Command {
    Capability,
    Noop,
    /// RFC 3501 §6.4.1 (gone in IMAP4rev2): a NOOP here.
    Check,
    Logout,
    StartTls,
    Login {
        user: Vec<u8>,
        password: Vec<u8>,
    },
    Authenticate {
        mechanism: String,
        /// SASL-IR (RFC 4959): the first response with the command; `=` is empty.
        initial: Option<Vec<u8>>,
    },
    /// RFC 2971: the client's list is only informative, but must be well formed.
    Id,
    Enable(Vec<String>),
    Namespace,
    List(ListArgs),
    Lsub(ListArgs),
    Select {
        mailbox: Vec<u8>,
        examine: bool,
        params: SelectParams,
    },
    Create(Vec<u8>),
    Delete(Vec<u8>),
    Rename {
        from: Vec<u8>,
        to: Vec<u8>,
    },
    Subscribe(Vec<u8>),
    Unsubscribe(Vec<u8>),
    Status {
        mailbox: Vec<u8>,
        items: Vec<status::Item>,
    },
    Append(Append),
    GetQuota(Vec<u8>),
    GetQuotaRoot(Vec<u8>),
    /// RFC 9208 §4.1.3: refused, quotas are the administrator's.
    SetQuota,
    Idle,
    Close,
    Unselect,
    Expunge {
        /// UID EXPUNGE's set (RFC 4315 §2.1).
        uids: Option<SequenceSet>,
    },
    Fetch {
        uid: bool,
        set: SequenceSet,
        items: Vec<Item>,
        modifiers: FetchModifiers,
    },
    Store(Store),
    Search {
        uid: bool,
        /// `RETURN (…)` (RFC 4731; RFC 9051 §6.4.4; RFC 5267; RFC 5182).
        returns: Option<Returns>,
        key: Key,
    },
    Sort {
        uid: bool,
        /// ESORT (RFC 5267 §3): `SORT RETURN (…) …`.
        returns: Option<Returns>,
        criteria: Vec<Criterion>,
        key: Key,
    },
    Copy {
        uid: bool,
        set: SequenceSet,
        mailbox: Vec<u8>,
    },
    Move {
        uid: bool,
        set: SequenceSet,
        mailbox: Vec<u8>,
    },
    // imapsort (issue 24): THREAD (RFC 5256), CANCELUPDATE (RFC 5267).
    Thread {
        uid: bool,
        algorithm: crate::thread::Algorithm,
        key: Key,
    },
    /// CANCELUPDATE (RFC 5267 §4.3): the tags of the searches no longer to keep up to date.
    CancelUpdate(Vec<String>),
    // APPEND extensions and session layers (imapappend).
    /// RFC 4978: `COMPRESS DEFLATE` (the only algorithm; checked by the parser).
    Compress,
    /// RFC 8508: `[UID] REPLACE n mailbox append-message`.
    Replace {
        uid: bool,
        /// The message replaced: a sequence number, or a UID with `uid`.
        number: u32,
        append: Append,
    },
    /// RFC 8437.
    Unauthenticate,
    // imapnotify: ACL (RFC 4314), NOTIFY (RFC 5465), CREATE-SPECIAL-USE (RFC 6154 §3).
    Acl(crate::acl::AclCommand),
    Notify(crate::notify::NotifyCommand),
    /// CREATE with `(USE (…))` (RFC 6154 §3): special-use attributes as sent.
    CreateSpecialUse {
        mailbox: Vec<u8>,
        uses: Vec<String>,
    },
    // end imapnotify
}

pub(crate) use crate::append::Append;

/// STORE's arguments (RFC 9051 §6.4.6; UNCHANGEDSINCE, RFC 7162 §3.1.3).
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) uid: bool,
    pub(crate) set: SequenceSet,
    pub(crate) unchanged_since: Option<u64>,
    pub(crate) op: FlagOp,
    pub(crate) silent: bool,
    pub(crate) flags: Flags,
    pub(crate) keywords: Vec<String>,
}

/// Where a command may run (RFC 9051 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Any state.
    Any,
    NotAuthenticated,
    /// Authenticated or selected.
    LoggedIn,
    Selected,
}

impl Command {
    /// The command's name for replies and logs (`UID FETCH` as `FETCH`).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Command::Capability => "CAPABILITY",
            Command::Noop => "NOOP",
            Command::Check => "CHECK",
            Command::Logout => "LOGOUT",
            Command::StartTls => "STARTTLS",
            Command::Login { .. } => "LOGIN",
            Command::Authenticate { .. } => "AUTHENTICATE",
            Command::Id => "ID",
            Command::Enable(_) => "ENABLE",
            Command::Namespace => "NAMESPACE",
            Command::List(_) => "LIST",
            Command::Lsub(_) => "LSUB",
            Command::Select { examine: false, .. } => "SELECT",
            Command::Select { examine: true, .. } => "EXAMINE",
            Command::Create(_) => "CREATE",
            Command::Delete(_) => "DELETE",
            Command::Rename { .. } => "RENAME",
            Command::Subscribe(_) => "SUBSCRIBE",
            Command::Unsubscribe(_) => "UNSUBSCRIBE",
            Command::Status { .. } => "STATUS",
            Command::Append(_) => "APPEND",
            Command::GetQuota(_) => "GETQUOTA",
            Command::GetQuotaRoot(_) => "GETQUOTAROOT",
            Command::SetQuota => "SETQUOTA",
            Command::Idle => "IDLE",
            Command::Close => "CLOSE",
            Command::Unselect => "UNSELECT",
            Command::Expunge { .. } => "EXPUNGE",
            Command::Fetch { .. } => "FETCH",
            Command::Store(_) => "STORE",
            Command::Search { .. } => "SEARCH",
            Command::Sort { .. } => "SORT",
            Command::Copy { .. } => "COPY",
            Command::Move { .. } => "MOVE",
            Command::Thread { .. } => "THREAD",
            Command::CancelUpdate(_) => "CANCELUPDATE",
            // imapappend
            Command::Compress => "COMPRESS",
            Command::Replace { .. } => "REPLACE",
            Command::Unauthenticate => "UNAUTHENTICATE",
            // imapnotify
            Command::Acl(c) => c.name(),
            Command::Notify(_) => "NOTIFY",
            Command::CreateSpecialUse { .. } => "CREATE",
            // end imapnotify
        }
    }

    /// The states the command is valid in (RFC 9051 §6.1–§6.4).
    pub(crate) fn needs(&self) -> Needs {
        match self {
            Command::Capability | Command::Noop | Command::Logout | Command::Id => Needs::Any,
            Command::StartTls | Command::Login { .. } | Command::Authenticate { .. } => {
                Needs::NotAuthenticated
            }
            // RFC 3501 §6.4.1: CHECK is for the selected mailbox (IMAP4rev2 dropped it).
            Command::Check
            | Command::Close
            | Command::Unselect
            | Command::Expunge { .. }
            | Command::Fetch { .. }
            | Command::Store(_)
            | Command::Search { .. }
            | Command::Sort { .. }
            | Command::Copy { .. }
            | Command::Move { .. }
            | Command::Thread { .. }
            | Command::CancelUpdate(_) => Needs::Selected,
            // imapappend
            Command::Replace { .. } => Needs::Selected,
            _ => Needs::LoggedIn,
        }
    }

    /// A command that works on messages named by UID (and EXPUNGE): the view is brought up
    /// to date before it runs, expunges included.
    pub(crate) fn reads_by_uid(&self) -> bool {
        matches!(
            self,
            Command::Fetch { uid: true, .. }
                | Command::Store(Store { uid: true, .. })
                | Command::Search { uid: true, .. }
                | Command::Sort { uid: true, .. }
                | Command::Copy { uid: true, .. }
                | Command::Move { uid: true, .. }
                | Command::Expunge { .. }
                | Command::Thread { uid: true, .. }
        )
    }

    /// Whether untagged EXPUNGE may be sent while it runs. RFC 9051 §7.5.1: not during
    /// FETCH, STORE or SEARCH (sequence numbers would shift under the client), and the same
    /// holds for SORT (RFC 5256 §3 reuses SEARCH's rules); the UID forms may.
    pub(crate) fn allows_expunge(&self) -> bool {
        !matches!(
            self,
            Command::Fetch { uid: false, .. }
                | Command::Store(Store { uid: false, .. })
                | Command::Search { uid: false, .. }
                | Command::Sort { uid: false, .. }
                | Command::Thread { uid: false, .. }
        )
    }
}

/// Parses a tokenized command; a BAD naming the fault when the grammar rejects it.
/// APPEND's message is moved out of `cmd`, not copied.
pub(crate) fn parse(cmd: &mut wire::Command) -> Result<Command, ImapError> {
    if cmd.name == "APPEND" {
        return crate::append::parse(&mut cmd.args).map(Command::Append);
    }
    // imapappend: REPLACE moves its message out of the tokens too.
    if let Some(replace) = crate::append::parse_replace(cmd) {
        return replace;
    }
    let args = cmd.args.as_slice();
    let name = cmd.name.as_str();
    let none = |c: Command| {
        if args.is_empty() {
            Ok(c)
        } else {
            Err(ImapError::bad(format!("{name} takes no arguments")))
        }
    };
    // imapnotify: ACL (RFC 4314), NOTIFY (RFC 5465), CREATE-SPECIAL-USE (RFC 6154 §3).
    if let Some(acl) = crate::acl::parse(name, args) {
        return acl.map(Command::Acl);
    }
    if let Some(notify) = crate::notify::parse(name, args) {
        return notify.map(Command::Notify);
    }
    if name == "CREATE" && args.len() > 1 {
        return crate::mailboxes::create_params(args)
            .map(|(mailbox, uses)| Command::CreateSpecialUse { mailbox, uses });
    }
    // end imapnotify
    match name {
        "CAPABILITY" => none(Command::Capability),
        "NOOP" => none(Command::Noop),
        "CHECK" => none(Command::Check),
        "LOGOUT" => none(Command::Logout),
        "STARTTLS" => none(Command::StartTls),
        "NAMESPACE" => none(Command::Namespace),
        "IDLE" => none(Command::Idle),
        "CLOSE" => none(Command::Close),
        "UNSELECT" => none(Command::Unselect),
        "EXPUNGE" => none(Command::Expunge { uids: None }),
        "LOGIN" => match args {
            [user, password] => Ok(Command::Login {
                user: astring(user, "LOGIN needs a user name and a password")?,
                password: astring(password, "LOGIN needs a user name and a password")?,
            }),
            _ => Err(ImapError::bad("LOGIN needs a user name and a password")),
        },
        "AUTHENTICATE" => match args {
            [Token::Atom(mechanism)] => Ok(Command::Authenticate {
                mechanism: mechanism.to_ascii_uppercase(),
                initial: None,
            }),
            [Token::Atom(mechanism), Token::Atom(initial)] => Ok(Command::Authenticate {
                mechanism: mechanism.to_ascii_uppercase(),
                initial: Some(initial.as_bytes().to_vec()),
            }),
            _ => Err(ImapError::bad("AUTHENTICATE needs a mechanism name")),
        },
        "ID" => id(args).map(|()| Command::Id),
        "ENABLE" => {
            let caps = args
                .iter()
                .map(|t| match t {
                    Token::Atom(a) => Ok(a.to_ascii_uppercase()),
                    _ => Err(ImapError::bad("ENABLE takes capability names")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if caps.is_empty() {
                return Err(ImapError::bad("ENABLE needs a capability name"));
            }
            Ok(Command::Enable(caps))
        }
        "LIST" => list::parse(args, false)
            .map(Command::List)
            .map_err(ImapError::bad),
        "LSUB" => list::parse(args, true)
            .map(Command::Lsub)
            .map_err(ImapError::bad),
        "SELECT" | "EXAMINE" => {
            let usage = format!("{name} needs a mailbox name");
            let (mailbox, params) = match args {
                [mailbox] => (mailbox, None),
                [mailbox, params] => (mailbox, Some(params)),
                [_, _, _, ..] => {
                    return Err(ImapError::bad(format!("unexpected {name} argument")));
                }
                _ => return Err(ImapError::bad(usage)),
            };
            Ok(Command::Select {
                mailbox: astring(mailbox, &usage)?,
                examine: name == "EXAMINE",
                params: condstore::select_params(params).map_err(ImapError::bad)?,
            })
        }
        "CREATE" | "DELETE" | "SUBSCRIBE" | "UNSUBSCRIBE" => {
            let [mailbox] = args else {
                return Err(ImapError::bad(format!("{name} needs one mailbox name")));
            };
            let mailbox = astring(mailbox, "a mailbox name is an atom or a string")?;
            Ok(match name {
                "CREATE" => Command::Create(mailbox),
                "DELETE" => Command::Delete(mailbox),
                "SUBSCRIBE" => Command::Subscribe(mailbox),
                _ => Command::Unsubscribe(mailbox),
            })
        }
        "RENAME" => match args {
            [from, to] => Ok(Command::Rename {
                from: astring(from, "RENAME needs two mailbox names")?,
                to: astring(to, "RENAME needs two mailbox names")?,
            }),
            _ => Err(ImapError::bad("RENAME needs two mailbox names")),
        },
        "STATUS" => match args {
            [mailbox, Token::List(items)] => Ok(Command::Status {
                mailbox: astring(mailbox, "STATUS needs a mailbox and a list of items")?,
                items: status::parse_items(items).map_err(ImapError::bad)?,
            }),
            _ => Err(ImapError::bad("STATUS needs a mailbox and a list of items")),
        },
        "GETQUOTA" | "GETQUOTAROOT" => {
            let [arg] = args else {
                return Err(ImapError::bad(format!(
                    "{name} needs a mailbox name or a quota root"
                )));
            };
            let arg = astring(arg, "a quota root is an atom or a string")?;
            Ok(if name == "GETQUOTA" {
                Command::GetQuota(arg)
            } else {
                Command::GetQuotaRoot(arg)
            })
        }
        "SETQUOTA" => match args {
            // setquota = "SETQUOTA" SP quota-root-name SP setquota-list (RFC 9208 §9)
            [root, Token::List(limits)]
                if astring(root, "").is_ok()
                    && limits.len() % 2 == 0
                    && limits.chunks(2).all(|pair| {
                        matches!(pair, [Token::Atom(_), Token::Atom(n)]
                            if n.bytes().all(|b| b.is_ascii_digit()))
                    }) =>
            {
                Ok(Command::SetQuota)
            }
            _ => Err(ImapError::bad(
                "SETQUOTA needs a quota root and a list of resources and limits",
            )),
        },
        "UID" => {
            let Some((Token::Atom(sub), rest)) = args.split_first() else {
                return Err(ImapError::bad(
                    "UID needs a command: FETCH, STORE, SEARCH, SORT, COPY, MOVE or EXPUNGE",
                ));
            };
            let sub = sub.to_ascii_uppercase();
            if sub == "EXPUNGE" {
                let [set] = rest else {
                    return Err(ImapError::bad("UID EXPUNGE needs a UID set"));
                };
                return Ok(Command::Expunge {
                    uids: Some(sequence_set(set)?),
                });
            }
            selected_command(&sub, rest, true)
        }
        "FETCH" | "STORE" | "SEARCH" | "SORT" | "COPY" | "MOVE" | "THREAD" => {
            selected_command(name, args, false)
        }
        // RFC 5267 §4.3: `CANCELUPDATE tag-string *(SP tag-string)`.
        "CANCELUPDATE" => {
            let tags = args
                .iter()
                .map(|t| match t {
                    Token::Quoted(s) | Token::Literal(s) => {
                        Ok(String::from_utf8_lossy(s).into_owned())
                    }
                    _ => Err(ImapError::bad("CANCELUPDATE takes the tags as strings")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if tags.is_empty() {
                return Err(ImapError::bad("CANCELUPDATE needs a tag"));
            }
            Ok(Command::CancelUpdate(tags))
        }
        // imapappend
        "COMPRESS" => match args {
            [Token::Atom(a)] if a.eq_ignore_ascii_case("DEFLATE") => Ok(Command::Compress),
            _ => Err(ImapError::bad(
                "COMPRESS takes DEFLATE, the one algorithm offered",
            )),
        },
        "UNAUTHENTICATE" => none(Command::Unauthenticate),
        other => Err(ImapError::bad(format!("unknown command {other}"))),
    }
}

/// The commands that come with and without UID.
fn selected_command(name: &str, args: &[Token], uid: bool) -> Result<Command, ImapError> {
    match name {
        "FETCH" => {
            let (set, items, modifiers) = match args {
                [set, items] => (set, items, None),
                [set, items, modifiers] => (set, items, Some(modifiers)),
                [_, _, _, ..] => {
                    return Err(ImapError::bad(
                        "unexpected FETCH argument: modifiers come in parentheses",
                    ));
                }
                _ => return Err(ImapError::bad("FETCH needs a sequence set and data items")),
            };
            let modifiers = condstore::fetch_modifiers(modifiers).map_err(ImapError::bad)?;
            if modifiers.vanished && !uid {
                // RFC 7162 §3.2.6: VANISHED names UIDs, so only UID FETCH takes it.
                return Err(ImapError::bad("VANISHED is for UID FETCH"));
            }
            Ok(Command::Fetch {
                uid,
                set: sequence_set(set)?,
                items: fetch::parse_items(items).map_err(ImapError::bad)?,
                modifiers,
            })
        }
        "STORE" => store(args, uid).map(Command::Store),
        "SEARCH" => {
            let mut rest = args;
            let mut returns = None;
            if let [Token::Atom(word), Token::List(options), after @ ..] = rest
                && word.eq_ignore_ascii_case("RETURN")
            {
                returns = Some(Returns::parse(options).map_err(ImapError::bad)?);
                rest = after;
            }
            if let [Token::Atom(word), charset, after @ ..] = rest
                && word.eq_ignore_ascii_case("CHARSET")
            {
                check_charset(charset)?;
                rest = after;
            }
            Ok(Command::Search {
                uid,
                returns,
                key: search::parse(rest).map_err(ImapError::bad)?,
            })
        }
        "SORT" => {
            let mut rest = args;
            let mut returns = None;
            if let [Token::Atom(word), Token::List(options), after @ ..] = rest
                && word.eq_ignore_ascii_case("RETURN")
            {
                returns = Some(Returns::parse(options).map_err(ImapError::bad)?);
                rest = after;
            }
            let [criteria, charset, keys @ ..] = rest else {
                return Err(ImapError::bad("SORT needs (criteria) charset search-keys"));
            };
            let criteria = sort::parse(criteria).map_err(ImapError::bad)?;
            check_charset(charset)?;
            Ok(Command::Sort {
                uid,
                returns,
                criteria,
                key: search::parse(keys).map_err(ImapError::bad)?,
            })
        }
        // RFC 5256 §3: `THREAD algorithm charset search-keys`.
        "THREAD" => {
            let [Token::Atom(algorithm), charset, keys @ ..] = args else {
                return Err(ImapError::bad(
                    "THREAD needs an algorithm, a charset and search keys",
                ));
            };
            let algorithm = crate::thread::Algorithm::parse(algorithm)
                .ok_or_else(|| ImapError::bad("Unknown thread algorithm"))?;
            check_charset(charset)?;
            Ok(Command::Thread {
                uid,
                algorithm,
                key: search::parse(keys).map_err(ImapError::bad)?,
            })
        }
        "COPY" | "MOVE" => {
            let [set, mailbox] = args else {
                return Err(ImapError::bad(format!(
                    "{name} needs a sequence set and a mailbox name"
                )));
            };
            let set = sequence_set(set)?;
            let mailbox = astring(mailbox, "a mailbox name is an atom or a string")?;
            Ok(if name == "COPY" {
                Command::Copy { uid, set, mailbox }
            } else {
                Command::Move { uid, set, mailbox }
            })
        }
        other if uid => Err(ImapError::bad(format!("unknown UID command {other}"))),
        other => Err(ImapError::bad(format!("unknown command {other}"))),
    }
}

/// An astring (RFC 9051 §9): an atom, a quoted string or a literal. `NIL` is an atom there.
fn astring(token: &Token, usage: &str) -> Result<Vec<u8>, ImapError> {
    match token {
        Token::Nil => Ok(b"NIL".to_vec()),
        other => other
            .as_bytes()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| ImapError::bad(usage.to_string())),
    }
}

/// A sequence set (RFC 9051 §9), or `$`, the saved search result (RFC 5182 §2.2).
fn sequence_set(token: &Token) -> Result<SequenceSet, ImapError> {
    match token {
        Token::Atom(text) => sequence::parse(text)
            .ok_or_else(|| ImapError::bad(format!("invalid sequence set {text}"))),
        _ => Err(ImapError::bad("expected a sequence set such as 1:5,7")),
    }
}

/// Only UTF-8 (and its subset US-ASCII) is searched (RFC 9051 §6.4.4 BADCHARSET).
fn check_charset(token: &Token) -> Result<(), ImapError> {
    let charset = token.as_bytes().unwrap_or_default();
    if charset.eq_ignore_ascii_case(b"UTF-8") || charset.eq_ignore_ascii_case(b"US-ASCII") {
        Ok(())
    } else {
        Err(ImapError::no(
            Some("BADCHARSET (UTF-8 US-ASCII)"),
            "use UTF-8",
        ))
    }
}

/// ID's argument (RFC 2971 §3.3): NIL or a list of up to 30 field/value pairs, fields
/// strings of at most 30 octets, values strings of at most 1024 octets or NIL.
fn id(args: &[Token]) -> Result<(), ImapError> {
    let bad = || ImapError::bad("ID takes NIL or a list of field and value strings");
    match args {
        [Token::Nil] => Ok(()),
        [Token::List(items)] if items.len() % 2 == 0 && items.len() <= 60 => {
            for pair in items.chunks(2) {
                let field = match &pair[0] {
                    Token::Quoted(f) | Token::Literal(f) if f.len() <= 30 => f,
                    _ => return Err(bad()),
                };
                let _ = field;
                match &pair[1] {
                    Token::Nil => {}
                    Token::Quoted(v) | Token::Literal(v) if v.len() <= 1024 => {}
                    _ => return Err(bad()),
                }
            }
            Ok(())
        }
        _ => Err(bad()),
    }
}

/// A flag list's members (RFC 9051 §9 `flag`): system flags other than \Recent, and
/// keywords. `\*` and `\Recent` are flags the server shows, never ones a client sets.
pub(crate) fn flags(tokens: &[Token]) -> Result<(Flags, Vec<String>), ImapError> {
    let mut flags = Flags::default();
    let mut keywords: Vec<String> = Vec::new();
    for t in tokens {
        let Token::Atom(name) = t else {
            return Err(ImapError::bad(
                "flags are atoms such as \\Seen or $Important",
            ));
        };
        if let Some(f) = Flags::from_name(name) {
            flags = flags.union(f);
        } else if name.starts_with('\\') {
            return Err(ImapError::bad(format!(
                "{name} is not a flag a client may set"
            )));
        } else {
            storage::check_keyword(name).map_err(|e| ImapError::bad(e.to_string()))?;
            if !keywords.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                keywords.push(name.clone());
            }
        }
    }
    Ok((flags, keywords))
}

/// `STORE set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] (flags) | flag …`.
fn store(args: &[Token], uid: bool) -> Result<Store, ImapError> {
    let usage = "STORE needs a sequence set, FLAGS, +FLAGS or -FLAGS, and flags";
    let [set, rest @ ..] = args else {
        return Err(ImapError::bad(usage));
    };
    let set = sequence_set(set)?;
    let (unchanged_since, rest) = match rest {
        [Token::List(modifiers), after @ ..] => (
            Some(condstore::store_modifiers(modifiers).map_err(ImapError::bad)?),
            after,
        ),
        _ => (None, rest),
    };
    let [Token::Atom(item), values @ ..] = rest else {
        return Err(ImapError::bad(usage));
    };
    let item = item.to_ascii_uppercase();
    let silent = item.ends_with(".SILENT");
    let op = match item.trim_end_matches(".SILENT") {
        "FLAGS" => FlagOp::Replace,
        "+FLAGS" => FlagOp::Add,
        "-FLAGS" => FlagOp::Remove,
        _ => return Err(ImapError::bad(usage)),
    };
    let (flags, keywords) = match values {
        [Token::List(list)] => self::flags(list)?,
        // RFC 9051 §9: `flag *(SP flag)` without parentheses, at least one.
        [] => return Err(ImapError::bad(usage)),
        bare => self::flags(bare)?,
    };
    Ok(Store {
        uid,
        set,
        unchanged_since,
        op,
        silent,
        flags,
        keywords,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Result<Command, ImapError> {
        let mut cmd = wire::tokenize(line.as_bytes()).map_err(|e| ImapError::bad(e.message))?;
        parse(&mut cmd)
    }

    #[test]
    fn mailbox_names_are_astrings() {
        for (line, name) in [
            ("a SELECT a[b", &b"a[b"[..]),
            ("a SELECT NIL", b"NIL"),
            ("a SELECT {3}\r\nx y", b"x y"),
        ] {
            match parsed(line) {
                Ok(Command::Select { mailbox, .. }) => assert_eq!(mailbox, name, "{line}"),
                other => panic!("{line}: {other:?}"),
            }
        }
        assert!(parsed("a SELECT ~{1}\r\nx").is_err());
        assert!(parsed("a SELECT (x)").is_err());
        assert!(parsed("a SELECT x y").is_err());
    }

    #[test]
    fn arguments_are_checked() {
        assert!(parsed("a NOOP x").is_err());
        assert!(matches!(
            parsed("a FETCH $ FLAGS"),
            Ok(Command::Fetch {
                set: SequenceSet::Saved,
                ..
            })
        ));
        assert!(parsed("a FETCH $,1 FLAGS").is_err());
        assert!(parsed("a FETCH 0 FLAGS").is_err());
        assert!(parsed("a STORE 1 +FLAGS").is_err());
        assert!(parsed("a STORE 1 +FLAGS \\*").is_err());
        assert!(parsed("a UID BOGUS 1").is_err());
        assert!(parsed("a SEARCH RETURN (SAVE) ALL").is_ok());
        assert!(parsed("a SEARCH RETURN (FOO) ALL").is_err());
        assert!(parsed("a THREAD FOO UTF-8 ALL").is_err());
        assert!(matches!(
            parsed("a UID THREAD references UTF-8 ALL"),
            Ok(Command::Thread { uid: true, .. })
        ));
        assert!(matches!(
            parsed("a SORT RETURN (MIN PARTIAL 1:10) (DATE) UTF-8 ALL"),
            Ok(Command::Sort {
                returns: Some(_),
                ..
            })
        ));
        assert!(parsed("a CANCELUPDATE \"a1\" \"a2\"").is_ok());
        assert!(parsed("a CANCELUPDATE").is_err());
        assert!(parsed("a SEARCH YOUNGER 0").is_err());
        assert!(parsed("a ID (\"name\")").is_err());
        assert!(matches!(parsed("a ID NIL"), Ok(Command::Id)));
        assert!(matches!(
            parsed("a STORE 1:* +FLAGS.SILENT \\Seen $A"),
            Ok(Command::Store(Store { silent: true, .. }))
        ));
        assert!(matches!(
            parsed("a UID EXPUNGE 1:3"),
            Ok(Command::Expunge { uids: Some(_) })
        ));
    }

    #[test]
    fn sequence_commands_defer_expunges() {
        assert!(!parsed("a FETCH 1 FLAGS").unwrap().allows_expunge());
        assert!(parsed("a UID FETCH 1 FLAGS").unwrap().allows_expunge());
        assert!(parsed("a NOOP").unwrap().allows_expunge());
    }
}
