//! SQLite's errors turned into the backend-neutral [`StorageError`]: damaged pages are
//! `Corrupt`, a busy or locked database is `Unavailable` (retry later), anything else is our
//! own failure. The rusqlite error is kept as the `source()` for the logs.

use crate::error::{ErrorKind, StorageError};

/// What a failed database call is reported as (its text starts "database error: ").
const CONTEXT: &str = "database error";

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StorageError::corrupt(e)
            }
            _ => database(e),
        }
    }
}

/// A database error that is not classed as damage (even when SQLite says so: used where the
/// caller has already looked at the code, as when opening a file).
pub(crate) fn database(e: rusqlite::Error) -> StorageError {
    let kind = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            ErrorKind::Unavailable
        }
        _ => ErrorKind::Internal,
    };
    StorageError::backend(kind, CONTEXT, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite_error(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_errors_are_classed_by_who_is_at_fault() {
        let corrupt = StorageError::from(sqlite_error(rusqlite::ffi::SQLITE_CORRUPT));
        assert_eq!(corrupt.kind(), ErrorKind::Corrupt);
        let busy = StorageError::from(sqlite_error(rusqlite::ffi::SQLITE_BUSY));
        assert_eq!(busy.kind(), ErrorKind::Unavailable);
        assert!(!busy.is_client_error());
        let other = StorageError::from(rusqlite::Error::QueryReturnedNoRows);
        assert_eq!(other.kind(), ErrorKind::Internal);
        assert!(other.to_string().starts_with("database error: "), "{other}");
        assert!(std::error::Error::source(&other).is_some());
    }
}
