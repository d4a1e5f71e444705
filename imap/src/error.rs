//! One error type for every command. It says whose fault a failure is, and from that alone
//! follow the status (BAD or NO), the response code (RFC 9051 §7.1, RFC 5530), the log level
//! and the counter it is counted in:
//!
//! | fault  | reply                    | log           | counter                         |
//! |--------|--------------------------|---------------|---------------------------------|
//! | syntax | `BAD text`               | debug         | govmail_imap_bad_commands_total |
//! | client | `NO [CODE] text`         | debug         | govmail_imap_refused_total      |
//! | server | `NO [SERVERBUG] …` etc.  | error, detail | govmail_imap_server_errors_total|
//!
//! A server fault's detail (the storage error) goes to the log only; the client reads a
//! short sentence and, where it is the server's disk or a passing fault, a code that tells
//! it to try again (RFC 5530 LIMIT, UNAVAILABLE).

use std::borrow::Cow;

use storage::StorageError;

use crate::response::Status;

/// A command that succeeded: its tagged OK's response code and text ("NAME completed" when
/// none is given).
#[derive(Debug, Default)]
pub(crate) struct Done {
    pub(crate) code: Option<String>,
    pub(crate) text: Option<&'static str>,
}

impl Done {
    pub(crate) fn code(code: String) -> Self {
        Done {
            code: Some(code),
            text: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The command does not follow the grammar, or is not valid in this state: BAD.
    Syntax,
    /// A well-formed command the client cannot have: no such mailbox, over quota, read-only.
    Client,
    /// Our failure: the store could not be read or written.
    Server,
}

#[derive(Debug)]
pub(crate) struct ImapError {
    pub(crate) fault: Fault,
    pub(crate) code: Option<Cow<'static, str>>,
    pub(crate) text: Cow<'static, str>,
}

/// Text of a NO for the server's own failures.
const TRY_AGAIN: &str = "temporary failure, try again";

/// APPEND, COPY or MOVE below the disk reserve (`[storage] min_free_space`).
pub(crate) const LOW_DISK_TEXT: &str = "the server's disk is nearly full; try again later";

impl ImapError {
    pub(crate) fn bad(text: impl Into<Cow<'static, str>>) -> Self {
        ImapError {
            fault: Fault::Syntax,
            code: None,
            text: text.into(),
        }
    }

    pub(crate) fn no(code: Option<&'static str>, text: impl Into<Cow<'static, str>>) -> Self {
        ImapError {
            fault: Fault::Client,
            code: code.map(Cow::Borrowed),
            text: text.into(),
        }
    }

    /// Our own failure: logged here with what was being done, `NO [SERVERBUG]` to the client.
    pub(crate) fn server(doing: &'static str, detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "IMAP: {doing}");
        ImapError {
            fault: Fault::Server,
            code: Some(Cow::Borrowed("SERVERBUG")),
            text: Cow::Borrowed(TRY_AGAIN),
        }
    }

    /// A storage error, classified: the client's (no such mailbox, quota, conflict) or ours.
    pub(crate) fn storage(doing: &'static str, e: StorageError) -> Self {
        match e {
            StorageError::OverQuota { .. } => ImapError::no(Some("OVERQUOTA"), "over quota"),
            // Not OVERQUOTA: that is the user's quota (RFC 9051 §7.1); this is the server's
            // disk, a temporary limit (RFC 5530 §3 LIMIT).
            StorageError::LowDisk { .. } => ImapError::no(Some("LIMIT"), LOW_DISK_TEXT),
            StorageError::NotFound { .. } => ImapError::no(Some("NONEXISTENT"), "no such mailbox"),
            StorageError::Conflict(m) => ImapError::no(Some("ALREADYEXISTS"), m),
            StorageError::Invalid(m) => ImapError::no(Some("CANNOT"), m),
            other => ImapError::server(doing, other),
        }
    }

    /// A client fault becomes "no such mailbox" (a name that resolves to nothing one may
    /// open); the server's own faults stay as they are.
    pub(crate) fn no_such_mailbox_unless_ours(self) -> Self {
        match self.fault {
            Fault::Server => self,
            _ => ImapError::no(Some("NONEXISTENT"), "no such mailbox"),
        }
    }

    /// A blocking task that did not finish (it panicked): ours.
    pub(crate) fn lost(doing: &'static str, e: tokio::task::JoinError) -> Self {
        ImapError::server(doing, e)
    }

    pub(crate) fn status(&self) -> Status {
        match self.fault {
            Fault::Syntax => Status::Bad,
            Fault::Client | Fault::Server => Status::No,
        }
    }
}

/// A storage call run on the blocking pool, its failure classified.
pub(crate) async fn blocking<R: Send + 'static>(
    doing: &'static str,
    work: impl FnOnce() -> Result<R, StorageError> + Send + 'static,
) -> Result<R, ImapError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(ImapError::storage(doing, e)),
        Err(e) => Err(ImapError::lost(doing, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_choose_the_status_and_code() {
        assert_eq!(ImapError::bad("x").status(), Status::Bad);
        let e = ImapError::storage(
            "test",
            StorageError::NotFound {
                what: "mailbox",
                key: "x".into(),
            },
        );
        assert_eq!(
            (e.status(), e.code.as_deref()),
            (Status::No, Some("NONEXISTENT"))
        );
        let e = ImapError::storage("test", StorageError::Invalid("x".into()));
        assert_eq!(e.fault, Fault::Client);
        let e = ImapError::server("test", "disk on fire");
        assert_eq!(
            (e.fault, e.code.as_deref()),
            (Fault::Server, Some("SERVERBUG"))
        );
    }
}
