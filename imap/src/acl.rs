//! ACL (RFC 4314) over the grants of unit mailboxes, and LIST RETURN (MYRIGHTS) (RFC 8440).
//!
//! govmail has no per-mailbox access lists: a unit mailbox (hộp thư đơn vị) is opened to
//! other accounts by grants (`govmail grant`, storage/src/grants.rs), read-only or
//! read-write, for all of the unit's mailboxes at once. This module is the one place where
//! those grants become RFC 4314 rights, both ways:
//!
//! | who                                   | rights        | what it allows                  |
//! |---------------------------------------|---------------|---------------------------------|
//! | the owner, in its own mailboxes       | `lrswipkxtea` | everything                      |
//! | a read-write grant (`--read-write`)   | `lrswite`     | read, flags, APPEND/COPY in, EXPUNGE; no CREATE/DELETE/RENAME (`k` `x`), no ACL (`a`) |
//! | a read-only grant                     | `lr`          | SELECT (read-only), FETCH, SEARCH, COPY out |
//! | an administrator (role `admin`)       | its grant's + `a` | GETACL/SETACL on any active unit's mailboxes |
//!
//! Enforcement reads the same table: APPEND and COPY/MOVE into a mailbox ask
//! [`Rights::allows`]`(Right::Insert)`; a read-only grant's SELECT is READ-ONLY because
//! `lr` has none of `s w t e` (see the test `enforcement_agrees_with_the_table`).
//!
//! SETACL/DELETEACL change grants, so only what a grant can express is taken: after the
//! `+`/`-` modification (RFC 4314 §3.1) the identifier must hold exactly `lr`, `lrswite` or
//! nothing (DELETEACL, or SETACL to ""), else `NO [CANNOT]` naming the two sets. A grant
//! covers all of a unit's mailboxes, so a SETACL on one of them changes the ACL of every one
//! (RFC 4314 §2 leaves how rights are stored to the server). Only the unit itself (its
//! văn thư, logged in as the unit) and administrators have `a`. Identifiers are account
//! addresses; `anyone`, `authenticated` and negative rights (`-name`) are not offered.
//! Obsolete rights (RFC 4314 §2.1.1): `c` is `k` and `d` is `xte`, both ways.

use storage::{AccountId, AccountKind, StorageError, Store};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::response::Utf8;
use crate::session::{Rights, Session};
use crate::shared;
use crate::wire::Token;

/// The rights of RFC 4314 §2.1, in the order they are written.
const LETTERS: &str = "lrswipkxtea";

/// One right (RFC 4314 §2.1). All are named; commands ask for those they need.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Right {
    Lookup,
    Read,
    Seen,
    Write,
    Insert,
    Post,
    Create,
    DeleteMailbox,
    DeleteMessages,
    Expunge,
    Administer,
}

impl Right {
    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RightSet(u16);

impl RightSet {
    pub(crate) const NONE: RightSet = RightSet(0);

    /// Rights from their letters; Err(letter) for one RFC 4314 does not define (a BAD,
    /// §3.1: never ignored). `c` and `d` are the obsolete rights of §2.1.1.
    pub(crate) fn parse(text: &str) -> Result<RightSet, char> {
        let mut set = 0u16;
        for c in text.chars() {
            set |= match c {
                'c' => RightSet::of("k").0,
                'd' => RightSet::of("xte").0,
                _ => match LETTERS.find(c) {
                    Some(i) => 1 << i,
                    None => return Err(c),
                },
            };
        }
        Ok(RightSet(set))
    }

    /// A set from letters known to be valid (the table above).
    const fn of(text: &str) -> RightSet {
        let (bytes, letters) = (text.as_bytes(), LETTERS.as_bytes());
        let mut set = 0u16;
        let mut i = 0;
        while i < bytes.len() {
            let mut j = 0;
            while j < letters.len() {
                if letters[j] == bytes[i] {
                    set |= 1 << j;
                }
                j += 1;
            }
            i += 1;
        }
        RightSet(set)
    }

    pub(crate) fn contains(self, right: Right) -> bool {
        self.0 & right.bit() != 0
    }

    fn union(self, other: RightSet) -> RightSet {
        RightSet(self.0 | other.0)
    }

    fn minus(self, other: RightSet) -> RightSet {
        RightSet(self.0 & !other.0)
    }

    /// The letters, in RFC 4314's order, with `c` when `k` is there and `d` when all of `x t
    /// e` are (§2.1.1: what older clients read).
    pub(crate) fn text(self) -> String {
        let mut out: String = LETTERS
            .chars()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, c)| c)
            .collect();
        if self.contains(Right::Create) {
            out.push('c');
        }
        if self.0 & DELETE.0 == DELETE.0 {
            out.push('d');
        }
        out
    }
}

/// The obsolete `d` (RFC 4314 §2.1.1).
const DELETE: RightSet = RightSet::of("xte");
/// The owner of a mailbox, in it.
pub(crate) const OWNER: RightSet = RightSet::of(LETTERS);
/// A read-write grant.
pub(crate) const READ_WRITE: RightSet = RightSet::of("lrswite");
/// A read-only grant.
pub(crate) const READ_ONLY: RightSet = RightSet::of("lr");
/// What an administrator has on top of its grant, in any unit's mailboxes.
const ADMINISTER: RightSet = RightSet::of("a");

impl Rights {
    /// A grant's rights (the table in the module's doc).
    pub(crate) fn acl(self) -> RightSet {
        match self {
            Rights::ReadWrite => READ_WRITE,
            Rights::ReadOnly => READ_ONLY,
        }
    }

    /// Whether this access allows `right`: what APPEND, COPY and MOVE check, from the same
    /// table as MYRIGHTS. One's own mailboxes resolve to `ReadWrite`, whose rights hold every
    /// right those commands need; what only owners have (`k x a`) is checked where those
    /// commands run (CREATE/DELETE/RENAME refuse the shared namespace).
    pub(crate) fn allows(self, right: Right) -> bool {
        self.acl().contains(right)
    }
}

/// The rights of `account` in a mailbox owned by `owner` reached through `rights`.
pub(crate) fn rights_of(
    account: AccountId,
    owner: AccountId,
    rights: Rights,
    admin: bool,
) -> RightSet {
    let base = if owner == account {
        OWNER
    } else {
        rights.acl()
    };
    if admin { base.union(ADMINISTER) } else { base }
}

/// Rights with an administrator's `a` added when `admin`.
pub(crate) fn with_admin(rights: RightSet, admin: bool) -> RightSet {
    if admin {
        rights.union(ADMINISTER)
    } else {
        rights
    }
}

/// The grant mode a set of rights means: Some(Some(read_only)) for a grant, Some(None) for
/// no grant, None when no grant gives exactly these rights.
fn grant_for(set: RightSet) -> Option<Option<bool>> {
    match set {
        s if s == RightSet::NONE => Some(None),
        s if s == READ_ONLY => Some(Some(true)),
        s if s == READ_WRITE => Some(Some(false)),
        _ => None,
    }
}

/// An ACL command, its arguments checked (RFC 4314 §3, §9 grammar).
#[derive(Debug)]
pub(crate) enum AclCommand {
    GetAcl(Vec<u8>),
    MyRights(Vec<u8>),
    ListRights {
        mailbox: Vec<u8>,
        identifier: String,
    },
    /// `rights` as sent, modifier (`+`/`-`) included.
    SetAcl {
        mailbox: Vec<u8>,
        identifier: String,
        rights: String,
    },
    DeleteAcl {
        mailbox: Vec<u8>,
        identifier: String,
    },
}

impl AclCommand {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            AclCommand::GetAcl(_) => "GETACL",
            AclCommand::MyRights(_) => "MYRIGHTS",
            AclCommand::ListRights { .. } => "LISTRIGHTS",
            AclCommand::SetAcl { .. } => "SETACL",
            AclCommand::DeleteAcl { .. } => "DELETEACL",
        }
    }
}

fn astring(token: &Token) -> Option<Vec<u8>> {
    match token {
        Token::Nil => Some(b"NIL".to_vec()),
        other => other.as_bytes().map(<[u8]>::to_vec),
    }
}

fn text(token: &Token) -> Option<String> {
    astring(token).and_then(|b| String::from_utf8(b).ok())
}

/// Parses an ACL command; None when `name` is not one.
pub(crate) fn parse(name: &str, args: &[Token]) -> Option<Result<AclCommand, ImapError>> {
    let usage = match name {
        "GETACL" => "GETACL needs a mailbox name",
        "MYRIGHTS" => "MYRIGHTS needs a mailbox name",
        "LISTRIGHTS" => "LISTRIGHTS needs a mailbox name and an identifier",
        "SETACL" => "SETACL needs a mailbox name, an identifier and rights",
        "DELETEACL" => "DELETEACL needs a mailbox name and an identifier",
        _ => return None,
    };
    let bad = || ImapError::bad(usage);
    let parsed = match (name, args) {
        ("GETACL", [m]) => astring(m).map(AclCommand::GetAcl),
        ("MYRIGHTS", [m]) => astring(m).map(AclCommand::MyRights),
        ("LISTRIGHTS", [m, id]) => {
            astring(m)
                .zip(text(id))
                .map(|(mailbox, identifier)| AclCommand::ListRights {
                    mailbox,
                    identifier,
                })
        }
        ("DELETEACL", [m, id]) => {
            astring(m)
                .zip(text(id))
                .map(|(mailbox, identifier)| AclCommand::DeleteAcl {
                    mailbox,
                    identifier,
                })
        }
        ("SETACL", [m, id, rights]) => {
            let rights = text(rights);
            astring(m)
                .zip(text(id))
                .zip(rights)
                .map(|((mailbox, identifier), rights)| AclCommand::SetAcl {
                    mailbox,
                    identifier,
                    rights,
                })
        }
        _ => None,
    };
    let Some(parsed) = parsed else {
        return Some(Err(bad()));
    };
    if let AclCommand::SetAcl { rights, .. } = &parsed {
        let letters = rights.strip_prefix(['+', '-']).unwrap_or(rights);
        if let Err(c) = RightSet::parse(letters) {
            // RFC 4314 §3.1: an unknown right is a BAD, never ignored.
            return Some(Err(ImapError::bad(format!(
                "unknown right {c:?}: rights are letters of {LETTERS}"
            ))));
        }
    }
    Some(Ok(parsed))
}

/// A mailbox as the ACL commands see it.
struct AclTarget {
    /// The owner's address, and whether it is a unit.
    owner_address: String,
    unit: bool,
    /// The caller's rights there.
    mine: RightSet,
}

fn missing(name: &str) -> StorageError {
    StorageError::NotFound {
        what: "mailbox",
        key: name.to_string(),
    }
}

/// Whether `account` holds the administrator role.
pub(crate) fn is_admin(store: &Store, account: AccountId) -> storage::Result<bool> {
    Ok(store
        .roles_of(account)?
        .iter()
        .any(|r| r.role == storage::Role::Admin))
}

/// Resolves a name for the ACL commands (blocking). An administrator also reaches the
/// mailboxes of units it has no grant to (to give the first grants); anything else it cannot
/// see is "no such mailbox", as everywhere (see `shared`).
fn target(store: &Store, account: AccountId, name: &str) -> storage::Result<AclTarget> {
    let admin = is_admin(store, account)?;
    let (owner, mailbox, mine) = match shared::resolve(store, account, name) {
        Ok(t) => {
            let mine = rights_of(account, t.owner, t.rights, admin);
            (t.owner, t.name, mine)
        }
        Err(StorageError::NotFound { .. }) if admin => match shared::parse(name) {
            shared::Name::Unit { unit, mailbox } => {
                let found = store.get_account(unit).map_err(|_| missing(name))?;
                if found.kind != AccountKind::Unit || found.status != storage::AccountStatus::Active
                {
                    return Err(missing(name));
                }
                let mailbox = storage::normalize_name(mailbox).map_err(|_| missing(name))?;
                (found.id, mailbox, ADMINISTER)
            }
            _ => return Err(missing(name)),
        },
        Err(e) => return Err(e),
    };
    store.mailbox_head(owner, &mailbox)?;
    let found = store.get_account_by_id(owner)?;
    Ok(AclTarget {
        owner_address: found.address,
        unit: found.kind == AccountKind::Unit,
        mine,
    })
}

/// The ACL of a mailbox: its owner, then each grantee of the unit by address.
fn acl_of(store: &Store, t: &AclTarget) -> storage::Result<Vec<(String, RightSet)>> {
    let mut acl = vec![(t.owner_address.clone(), OWNER)];
    if t.unit {
        for g in store.grants_of_unit(&t.owner_address)? {
            let rights = if g.read_only {
                Rights::ReadOnly
            } else {
                Rights::ReadWrite
            };
            acl.push((g.grantee, rights.acl()));
        }
    }
    Ok(acl)
}

const NOPERM_ADMIN: &str = "only the unit mailbox itself or an administrator may read or \
                            change who has access (the right a)";

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub(crate) async fn acl_command(&mut self, cmd: AclCommand) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let (raw, identifier) = match &cmd {
            AclCommand::GetAcl(m) | AclCommand::MyRights(m) => (m, None),
            AclCommand::ListRights {
                mailbox,
                identifier,
            }
            | AclCommand::SetAcl {
                mailbox,
                identifier,
                ..
            }
            | AclCommand::DeleteAcl {
                mailbox,
                identifier,
            } => (mailbox, Some(identifier.trim().to_lowercase())),
        };
        let name = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        let store = self.imap.store.clone();
        let lookup = name.clone();
        let t = blocking("cannot read the mailbox's rights", move || {
            target(&store, account, &lookup)
        })
        .await
        .map_err(ImapError::no_such_mailbox_unless_ours)?;
        let mut out = Vec::new();
        let mailbox = self.name_out(&name);
        let may_administer = t.mine.contains(Right::Administer);
        match cmd {
            AclCommand::MyRights(_) => {
                // RFC 4314 §3.5.
                out.extend_from_slice(b"* MYRIGHTS ");
                out.extend_from_slice(&mailbox);
                out.extend_from_slice(format!(" {}\r\n", t.mine.text()).as_bytes());
            }
            AclCommand::GetAcl(_) => {
                if !may_administer {
                    return Err(ImapError::no(Some("NOPERM"), NOPERM_ADMIN));
                }
                let store = self.imap.store.clone();
                let acl = blocking("cannot read the grants", move || acl_of(&store, &t)).await?;
                out.extend_from_slice(b"* ACL ");
                out.extend_from_slice(&mailbox);
                for (who, rights) in acl {
                    out.push(b' ');
                    crate::response::astring(&mut out, who.as_bytes(), Utf8::Quoted);
                    out.extend_from_slice(format!(" {}", rights.text()).as_bytes());
                }
                out.extend_from_slice(b"\r\n");
            }
            AclCommand::ListRights { .. } => {
                if !may_administer {
                    return Err(ImapError::no(Some("NOPERM"), NOPERM_ADMIN));
                }
                let who = identifier.unwrap_or_default();
                out.extend_from_slice(b"* LISTRIGHTS ");
                out.extend_from_slice(&mailbox);
                out.push(b' ');
                crate::response::astring(&mut out, who.as_bytes(), Utf8::Quoted);
                // RFC 4314 §3.7: the rights always granted, then the groups that are granted
                // together. The owner's are fixed; a grantee gets `lr`, then `swite` with it.
                if who == t.owner_address {
                    out.extend_from_slice(format!(" {}\r\n", OWNER.text()).as_bytes());
                } else if t.unit {
                    let extra = READ_WRITE.minus(READ_ONLY);
                    out.extend_from_slice(
                        format!(" \"\" {} {}\r\n", READ_ONLY.text(), extra.text()).as_bytes(),
                    );
                } else {
                    out.extend_from_slice(b" \"\"\r\n");
                }
            }
            AclCommand::SetAcl { rights, .. } => {
                let who = identifier.unwrap_or_default();
                self.change_grant(t, who, Some(rights)).await?;
            }
            AclCommand::DeleteAcl { .. } => {
                let who = identifier.unwrap_or_default();
                self.change_grant(t, who, None).await?;
            }
        }
        self.output.extend_from_slice(&out);
        Ok(Done::default())
    }

    /// SETACL (`rights` Some) or DELETEACL: the identifier's grant becomes what the rights
    /// say, if a grant can say it.
    async fn change_grant(
        &mut self,
        t: AclTarget,
        who: String,
        rights: Option<String>,
    ) -> Result<(), ImapError> {
        if !t.mine.contains(Right::Administer) {
            return Err(ImapError::no(Some("NOPERM"), NOPERM_ADMIN));
        }
        if !t.unit {
            return Err(ImapError::no(
                Some("CANNOT"),
                "personal mailboxes (hộp thư cá nhân) are not shared: only unit mailboxes are",
            ));
        }
        if who == t.owner_address {
            return Err(ImapError::no(
                Some("CANNOT"),
                "the unit's own rights cannot be changed",
            ));
        }
        if who.starts_with('-') || who == "anyone" || who == "authenticated" {
            return Err(ImapError::no(
                Some("CANNOT"),
                "rights are given to accounts by address; negative rights, anyone and \
                 authenticated are not offered",
            ));
        }
        let store = self.imap.store.clone();
        let (unit, grantee) = (t.owner_address.clone(), who.clone());
        let current = blocking("cannot read the grants", move || {
            Ok(store
                .grants_of_unit(&unit)?
                .into_iter()
                .find(|g| g.grantee == grantee)
                .map(|g| g.read_only))
        })
        .await?;
        let have = match current {
            Some(true) => READ_ONLY,
            Some(false) => READ_WRITE,
            None => RightSet::NONE,
        };
        let wanted = match &rights {
            None => RightSet::NONE,
            Some(r) => {
                let parse = |s: &str| RightSet::parse(s).unwrap_or_default();
                if let Some(add) = r.strip_prefix('+') {
                    have.union(parse(add))
                } else if let Some(remove) = r.strip_prefix('-') {
                    have.minus(parse(remove))
                } else {
                    parse(r)
                }
            }
        };
        let Some(mode) = grant_for(wanted) else {
            return Err(ImapError::no(
                Some("CANNOT"),
                format!(
                    "a grant gives either {} (read-only) or {} (read-write), not {}",
                    READ_ONLY.text(),
                    READ_WRITE.text(),
                    if wanted == RightSet::NONE {
                        "\"\"".to_string()
                    } else {
                        wanted.text()
                    }
                ),
            ));
        };
        let store = self.imap.store.clone();
        let unit = t.owner_address;
        let account = self.account().unwrap_or_default();
        let source = self.peer.ip().to_string();
        // A storage refusal (an unknown or suspended account, a unit given to itself) says
        // why in its text: NO [CANNOT] or [NONEXISTENT] with it.
        blocking("cannot change the grant", move || {
            let (action, detail) = match (mode, current) {
                (None, None) => return Ok(()),
                (Some(read_only), Some(was)) if read_only == was => return Ok(()),
                (None, Some(_)) => {
                    store.revoke(&unit, &who)?;
                    ("grant.revoke", who.clone())
                }
                (Some(read_only), _) => match store.grant(&unit, &who, read_only) {
                    Err(StorageError::NotFound { .. }) => {
                        return Err(StorageError::Invalid(format!(
                            "there is no account {who}: identifiers are account addresses"
                        )));
                    }
                    done => {
                        done?;
                        let mode = if read_only { "read-only" } else { "read-write" };
                        ("grant.set", format!("{who} {mode}"))
                    }
                },
            };
            // Who changed a unit's access, from where, as the console and CLI record it. The
            // change stands if the log cannot be written (it is logged instead).
            let actor = store.get_account_by_id(account).map(|a| a.address);
            let logged = actor.and_then(|actor| {
                store.audit(storage::NewAudit {
                    actor,
                    action: format!("imap.{action}"),
                    target: Some(unit.clone()),
                    detail: Some(detail),
                    source,
                })
            });
            if let Err(e) = logged {
                tracing::error!(error = %e, unit = %unit, "cannot write the audit log of a SETACL");
            }
            Ok(())
        })
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
#[path = "acl_tests.rs"]
mod tests;
