//! The shared namespace (RFC 2342): unit mailboxes (hộp thư đơn vị, e.g. vanthu@) opened
//! through grants, named `Shared/<unit address>/<mailbox>`.
//!
//! Every name a client gives goes through `resolve`, which says whose mailbox it is and what
//! the logged-in account may do there. A shared name resolves only through a grant of an
//! active unit to this account, looked up afresh each time; anything else (no grant, a
//! personal account, an unknown address, a malformed name) is the same "no such mailbox", so
//! nothing about other accounts can be learnt by probing. A session that has a shared mailbox
//! selected re-checks its grant before each command (`recheck_grant`), so a revoke or a
//! change to read-only applies at the next command.
//!
//! Decision: CREATE, DELETE and RENAME under `Shared/` are refused with NO [NOPERM], even
//! with a read-write grant: a unit's folders are its own business (its văn thư's), and a
//! rename by one grantee would move everyone's folders.

use storage::{AccountId, StorageError, Store};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::command::{Command, Needs};
use crate::response::Status;
use crate::session::{Rights, Session, State};

/// The first level of every shared name.
pub(crate) const PREFIX: &str = storage::SHARED_PREFIX;

/// RFC 2342 §5: personal namespace "", no other users' namespace, shared namespace "Shared/".
pub(crate) const NAMESPACE_RESPONSE: &[u8] =
    b"* NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))\r\n";

/// A mailbox name, by namespace.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Name<'a> {
    /// One of the logged-in account's own mailboxes.
    Own(&'a str),
    /// `Shared` or `Shared/<unit>`: a level of the shared namespace, never a mailbox.
    Node,
    /// `Shared/<unit>/<mailbox>`: a mailbox of a unit.
    Unit { unit: &'a str, mailbox: &'a str },
}

/// Sorts a name into its namespace (case-sensitive prefix, as namespace prefixes are).
pub(crate) fn parse(name: &str) -> Name<'_> {
    let Some(rest) = name.strip_prefix(PREFIX) else {
        return Name::Own(name);
    };
    if rest.is_empty() {
        return Name::Node;
    }
    let Some(rest) = rest.strip_prefix('/') else {
        // "Sharedfolder" is an ordinary name.
        return Name::Own(name);
    };
    match rest.split_once('/') {
        Some((unit, mailbox)) => Name::Unit { unit, mailbox },
        None => Name::Node,
    }
}

/// Whether a name is in the shared namespace.
pub(crate) fn is_shared(name: &str) -> bool {
    !matches!(parse(name), Name::Own(_))
}

/// The shared name of a unit's mailbox.
pub(crate) fn shared_name(unit: &str, mailbox: &str) -> String {
    format!("{PREFIX}/{unit}/{mailbox}")
}

/// A mailbox name resolved to its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The account whose mailbox it is (the unit, for a shared name).
    pub(crate) owner: AccountId,
    /// The name within the owner's mailboxes.
    pub(crate) name: String,
    pub(crate) rights: Rights,
}

fn no_such_mailbox(name: &str) -> StorageError {
    StorageError::NotFound {
        what: "mailbox",
        key: name.to_string(),
    }
}

/// Whose mailbox `name` is, for `account` (blocking: run it off the async runtime). Shared
/// names the account has no grant for are `NotFound`, exactly like missing mailboxes.
pub(crate) fn resolve(store: &Store, account: AccountId, name: &str) -> storage::Result<Target> {
    match parse(name) {
        Name::Own(own) => Ok(Target {
            owner: account,
            name: own.to_string(),
            rights: Rights::ReadWrite,
        }),
        Name::Node => Err(no_such_mailbox(name)),
        Name::Unit { unit, mailbox } => match store.shared_access(account, unit)? {
            // A malformed name ("..", wildcards, empty levels) is no mailbox either.
            Some(grant) => Ok(Target {
                owner: grant.unit_id,
                name: storage::normalize_name(mailbox).map_err(|_| no_such_mailbox(name))?,
                rights: if grant.read_only {
                    Rights::ReadOnly
                } else {
                    Rights::ReadWrite
                },
            }),
            None => Err(no_such_mailbox(name)),
        },
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// Before each command with a unit's mailbox selected: is the grant still there, and
    /// with which rights? A revoked grant closes the mailbox (`* OK [CLOSED]`, RFC 9051
    /// §7.1) and refuses a command that needs it with NO [NOPERM]; false then. A grant
    /// changed to read-only makes the selected mailbox read-only at once (a change to
    /// read-write needs a new SELECT). On a storage failure the command goes ahead with what
    /// the session knew.
    pub(crate) async fn recheck_grant(&mut self, tag: &str, cmd: &Command) -> bool {
        let (account, owner) = match &self.state {
            State::Selected { account, mailbox } if mailbox.owner != *account => {
                (*account, mailbox.owner)
            }
            _ => return true,
        };
        let store = self.imap.store.clone();
        let access =
            tokio::task::spawn_blocking(move || store.shared_access_by_id(account, owner)).await;
        match access {
            Ok(Ok(Some(grant))) => {
                if grant.read_only
                    && let State::Selected { mailbox, .. } = &mut self.state
                {
                    mailbox.rights = Rights::ReadOnly;
                    mailbox.read_only = true;
                }
                true
            }
            Ok(Ok(None)) => {
                self.state = State::Authenticated { account };
                self.changes = None;
                self.output.extend_from_slice(
                    b"* OK [CLOSED] access to this shared mailbox was revoked\r\n",
                );
                if matches!(cmd, Command::Close | Command::Unselect) {
                    self.tagged(tag, Status::Ok, None, "mailbox closed");
                    return false;
                }
                if cmd.needs() == Needs::Selected {
                    self.tagged(
                        tag,
                        Status::No,
                        Some("NOPERM"),
                        "access to this shared mailbox was revoked",
                    );
                    return false;
                }
                true
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "cannot re-check a shared mailbox's grant");
                true
            }
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_into_namespaces() {
        assert_eq!(parse("INBOX"), Name::Own("INBOX"));
        assert_eq!(parse("Lưu trữ/2026"), Name::Own("Lưu trữ/2026"));
        assert_eq!(parse("Sharedfolder"), Name::Own("Sharedfolder"));
        assert_eq!(
            parse("shared/x@y.gov.vn/INBOX"),
            Name::Own("shared/x@y.gov.vn/INBOX")
        );
        assert_eq!(parse("Shared"), Name::Node);
        assert_eq!(parse("Shared/"), Name::Node);
        assert_eq!(parse("Shared/vanthu@stttt.gov.vn"), Name::Node);
        assert_eq!(
            parse("Shared/vanthu@stttt.gov.vn/INBOX"),
            Name::Unit {
                unit: "vanthu@stttt.gov.vn",
                mailbox: "INBOX"
            }
        );
        assert_eq!(
            parse("Shared/vanthu@stttt.gov.vn/Lưu trữ/2026"),
            Name::Unit {
                unit: "vanthu@stttt.gov.vn",
                mailbox: "Lưu trữ/2026"
            }
        );
        assert_eq!(
            parse("Shared//INBOX"),
            Name::Unit {
                unit: "",
                mailbox: "INBOX"
            }
        );
        assert!(is_shared("Shared/x") && !is_shared("INBOX"));
    }
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod conversations;
