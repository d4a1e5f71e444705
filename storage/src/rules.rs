//! The directory's rules that every backend enforces alike, with the errors that tell an
//! administrator what to fix: written once here, so SQLite and PostgreSQL refuse the same
//! input with the same words.

use crate::error::{Result, StorageError};

/// An agency's name, trimmed; refused when empty.
pub(crate) fn agency_name(code: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StorageError::Invalid(format!(
            "the name of agency {code} is empty: give its full name, e.g. \
             \"Sở Thông tin và Truyền thông\""
        )));
    }
    Ok(name.to_string())
}

/// `address` (an account or an alias) names a domain this server does not serve.
pub(crate) fn domain_not_served(address: &str, domain: &str) -> StorageError {
    StorageError::Invalid(format!(
        "the domain of {address} is not served here: add it first with \
         `govmail domain add {domain}`"
    ))
}

/// `address` is already an account or an alias.
pub(crate) fn address_issued(address: &str) -> StorageError {
    StorageError::Conflict(format!(
        "the address {address} is already issued (as an account or an alias)"
    ))
}

pub(crate) fn domain_served(name: &str) -> StorageError {
    StorageError::Conflict(format!("the domain {name} is already served"))
}

pub(crate) fn agency_code_used(code: &str) -> StorageError {
    StorageError::Conflict(format!("the agency code {code} is already used"))
}
