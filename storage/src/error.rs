//! Errors of the storage engine, classed so that callers can map them to a reply: a caller's
//! mistake (`NotFound`, `Conflict`, `Invalid`, `OverQuota`) or our own failure (`Db`, `Io`, …).

use std::path::PathBuf;

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

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
    #[error("database error: {0}")]
    Db(rusqlite::Error),
    /// SQLite found damaged pages: never retried, never written over.
    #[error(
        "the database is damaged ({0}): stop govmail, keep a copy of the data directory, run \
         `govmail check` and restore from the last backup"
    )]
    Corrupt(rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
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

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StorageError::Corrupt(e)
            }
            _ => StorageError::Db(e),
        }
    }
}

impl StorageError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StorageError::Io {
            context: context.into(),
            source,
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
            self,
            StorageError::NotFound { .. }
                | StorageError::Conflict(_)
                | StorageError::Invalid(_)
                | StorageError::OverQuota { .. }
        )
    }
}
