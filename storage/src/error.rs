//! Errors of the storage engine, the same for every backend, classed by who is at fault so that
//! callers can map them to a reply without knowing the backend: a caller's mistake
//! (`NotFound`, `Conflict`, `Invalid`, `OverQuota`), a temporary condition of the server
//! (`LowDisk`, `WriterGone`, a busy backend), or our own failure (`Backend`, `Corrupt`).
//! [`StorageError::kind`] says which.
//!
//! No backend's error type appears here: a backend turns its own errors into
//! [`StorageError::backend`] / [`StorageError::corrupt`] (the SQLite conversions are in
//! `sqlite::error`), keeping the original as the error's `source()` for the logs.

use std::path::PathBuf;

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// The original error of a backend (database driver, file system), kept for the logs.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Who is at fault, and so how a caller answers (see [`StorageError::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller named something that does not exist.
    NotFound,
    /// The caller asked for something that breaks a rule of the data model as it stands
    /// (duplicate address, agency with children, …): the same request may succeed later.
    Conflict,
    /// The caller's input can never be valid.
    InvalidInput,
    /// The account's quota would be exceeded (the user's to fix).
    QuotaExceeded,
    /// A temporary condition of the server (disk nearly full, backend busy, unreachable or
    /// shutting down): retry later.
    Unavailable,
    /// The stored data is damaged: never retried, never written over.
    Corrupt,
    /// The data directory or database is not one this binary may use (foreign file, newer
    /// schema): an operator must act.
    Refused,
    /// Our own failure (an I/O or database error).
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The named thing does not exist (`what` is e.g. "agency", `key` its code).
    #[error("{what} '{key}' not found")]
    NotFound { what: &'static str, key: String },
    /// The operation would break a rule of the data model (duplicate address, agency with
    /// children, …). The message says what is wrong and how to fix it.
    #[error("{0}")]
    Conflict(String),
    /// Input that can never be valid (bad name, bad flag, …).
    #[error("{0}")]
    Invalid(String),
    /// The account's quota (bytes or messages) would be exceeded.
    #[error("quota exceeded for {address}: {detail}")]
    OverQuota { address: String, detail: String },
    /// The data directory holds something we must not touch.
    #[error("{path}: {reason}")]
    Refused { path: PathBuf, reason: String },
    /// The backend (database, file system) failed: `context` says doing what, `source` is
    /// the backend's own error. `kind` is [`ErrorKind::Unavailable`] when a retry may succeed
    /// (busy, locked, unreachable), else [`ErrorKind::Internal`].
    #[error("{context}: {source}")]
    Backend {
        kind: ErrorKind,
        context: String,
        #[source]
        source: BoxError,
    },
    /// The backend found damaged data: never retried, never written over.
    #[error(
        "the database is damaged ({0}): stop govmail, keep a copy of the data directory, run \
         `govmail check` and restore from the last backup"
    )]
    Corrupt(BoxError),
    /// Free space on the data directory's file system would fall below the reserve
    /// (`[storage] min_free_space`): new mail is refused, as a temporary failure on our side
    /// (SMTP 452 4.3.1, IMAP NO [LIMIT]), until an administrator frees space.
    #[error(
        "the disk is nearly full: {} free on the file system of {}, a message needs up to {} \
         and {} are kept in reserve ([storage] min_free_space); free space or add disk",
        crate::space::human(*free), dir.display(), crate::space::human(*needed),
        crate::space::human(*reserve)
    )]
    LowDisk {
        dir: PathBuf,
        free: u64,
        needed: u64,
        reserve: u64,
    },
    /// The writer thread is gone (the store is shutting down or crashed).
    #[error("storage writer is not running")]
    WriterGone,
}

impl StorageError {
    /// A failure of an I/O call (file system, thread start): our own failure.
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StorageError::backend(ErrorKind::Internal, context, source)
    }

    /// A backend's failure, `kind` being [`ErrorKind::Unavailable`] (retry later) or
    /// [`ErrorKind::Internal`]; `source` is kept for the logs.
    pub fn backend(
        kind: ErrorKind,
        context: impl Into<String>,
        source: impl Into<BoxError>,
    ) -> Self {
        StorageError::Backend {
            kind,
            context: context.into(),
            source: source.into(),
        }
    }

    /// Damaged data found by a backend.
    pub fn corrupt(source: impl Into<BoxError>) -> Self {
        StorageError::Corrupt(source.into())
    }

    /// Who is at fault (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            StorageError::NotFound { .. } => ErrorKind::NotFound,
            StorageError::Conflict(_) => ErrorKind::Conflict,
            StorageError::Invalid(_) => ErrorKind::InvalidInput,
            StorageError::OverQuota { .. } => ErrorKind::QuotaExceeded,
            StorageError::Refused { .. } => ErrorKind::Refused,
            StorageError::Backend { kind, .. } => *kind,
            StorageError::Corrupt(_) => ErrorKind::Corrupt,
            StorageError::LowDisk { .. } | StorageError::WriterGone => ErrorKind::Unavailable,
        }
    }

    /// True when new mail was refused because the disk is nearly full (a temporary
    /// condition of the server: SMTP 452 4.3.1, IMAP NO [LIMIT]).
    pub fn is_low_disk(&self) -> bool {
        matches!(self, StorageError::LowDisk { .. })
    }

    pub(crate) fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        StorageError::NotFound {
            what,
            key: key.into(),
        }
    }

    /// True when the caller is at fault (a permanent, quiet error); false for our own failures,
    /// which callers should report as temporary (SMTP 451, IMAP NO) and log as errors.
    pub fn is_client_error(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::NotFound
                | ErrorKind::Conflict
                | ErrorKind::InvalidInput
                | ErrorKind::QuotaExceeded
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_say_who_is_at_fault() {
        assert!(StorageError::not_found("agency", "X").is_client_error());
        assert!(StorageError::Conflict("c".into()).is_client_error());
        assert!(StorageError::Invalid("i".into()).is_client_error());
        let io = StorageError::io("reading x", std::io::Error::other("boom"));
        assert_eq!(io.kind(), ErrorKind::Internal);
        assert!(!io.is_client_error());
        assert_eq!(io.to_string(), "reading x: boom");
        assert_eq!(StorageError::WriterGone.kind(), ErrorKind::Unavailable);
        assert_eq!(
            StorageError::corrupt(std::io::Error::other("bad page")).kind(),
            ErrorKind::Corrupt
        );
    }
}
