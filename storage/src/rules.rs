//! The directory's rules that every backend enforces alike, with the errors that tell an
//! administrator what to fix: written once here, so SQLite and PostgreSQL refuse the same
//! input with the same words.

use crate::error::{Result, StorageError};

/// The name of a mailbox `store migrate` creates: a name IMAP may use, or the hidden mailbox
/// of recalled copies (a name no IMAP command can reach, with its attribute).
pub(crate) fn imported_mailbox_name(m: &crate::backend::ImportedMailbox) -> Result<String> {
    use crate::recall::{RECALLED_ATTRIBUTE, RECALLED_MAILBOX};
    if m.name == RECALLED_MAILBOX && m.special_use.as_deref() == Some(RECALLED_ATTRIBUTE) {
        return Ok(m.name.clone());
    }
    crate::mailbox::normalize_name(&m.name)
}

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

/// Refuses a Sieve script of `size` bytes beside `others` scripts of `bytes` bytes (the
/// account's other scripts: one of the same name is replaced, so it does not count).
pub(crate) fn sieve_space(address: &str, others: u64, bytes: u64, size: u64) -> Result<()> {
    use crate::sieve::{MAX_SCRIPT_BYTES, MAX_SCRIPTS};
    if others + 1 > MAX_SCRIPTS {
        return Err(StorageError::OverQuota {
            address: address.to_string(),
            detail: format!("at most {MAX_SCRIPTS} Sieve scripts: delete one first"),
        });
    }
    if bytes + size > MAX_SCRIPT_BYTES {
        return Err(StorageError::OverQuota {
            address: address.to_string(),
            detail: format!(
                "Sieve scripts may take at most {} KiB together ({} KiB used by the others)",
                MAX_SCRIPT_BYTES / 1024,
                bytes / 1024
            ),
        });
    }
    Ok(())
}

/// The active script cannot be deleted (RFC 5804 §2.10).
pub(crate) fn sieve_script_active(name: &str) -> StorageError {
    StorageError::Conflict(format!(
        "the Sieve script '{name}' is active: activate another one (or none) first"
    ))
}

pub(crate) fn sieve_name_taken(name: &str) -> StorageError {
    StorageError::Conflict(format!(
        "a Sieve script named '{name}' already exists: choose another name"
    ))
}

/// Checks that the agency fits the role: an administrator has none, a report viewer one.
pub(crate) fn role_scope(role: crate::Role, agency: Option<&str>) -> Result<()> {
    use crate::Role;
    match (role, agency) {
        (Role::Admin, Some(code)) => Err(StorageError::Invalid(format!(
            "an administrator (quản trị viên) sees every agency: leave out --agency {code}, \
             or give the role report-viewer --agency {code} to see only that agency's figures"
        ))),
        (Role::ReportViewer, None) => Err(StorageError::Invalid(
            "a report viewer (người xem báo cáo) sees one agency's subtree: say which with \
             --agency CODE (the province's code to see every agency; see `govmail agency list`)"
                .into(),
        )),
        _ => Ok(()),
    }
}

/// Roles are not given to a removed account.
pub(crate) fn role_to_removed(address: &str) -> StorageError {
    StorageError::Conflict(format!(
        "{address} is removed (đã xóa): roles are only given to existing accounts"
    ))
}

/// An audit line without its actor or action.
pub(crate) fn audit_line(actor: &str, action: &str) -> Result<()> {
    if actor.is_empty() || action.is_empty() {
        return Err(StorageError::Invalid(
            "an audit line needs an actor and an action".into(),
        ));
    }
    Ok(())
}

/// A recall request names no document.
pub(crate) fn empty_message_id() -> StorageError {
    StorageError::Invalid("an empty Message-ID".into())
}

/// Refuses an account that is not active for a grant, saying how to fix it.
pub(crate) fn grant_must_be_active(address: &str, status: crate::AccountStatus) -> Result<()> {
    use crate::AccountStatus;
    match status {
        AccountStatus::Active => Ok(()),
        AccountStatus::Suspended => Err(StorageError::Conflict(format!(
            "{address} is suspended (tạm khóa): resume it first with `govmail user resume \
             {address}`"
        ))),
        AccountStatus::Removed => Err(StorageError::Conflict(format!(
            "{address} is removed: grants are only given between active accounts"
        ))),
    }
}

/// Only unit mailboxes are shared.
pub(crate) fn grant_of_personal(address: &str, agency: &str) -> StorageError {
    StorageError::Invalid(format!(
        "{address} is a personal mailbox (hộp thư cá nhân), not a unit mailbox (hộp thư \
         đơn vị): only unit mailboxes are shared. Grant access to the agency's \
         official address instead (see `govmail user list --agency {agency}`)"
    ))
}

pub(crate) fn grant_to_itself(address: &str) -> StorageError {
    StorageError::Invalid(format!(
        "{address} cannot be given access to itself: name the person's account as \
         ACCOUNT"
    ))
}

pub(crate) fn nothing_to_revoke(grantee: &str, unit: &str) -> StorageError {
    StorageError::Conflict(format!(
        "{grantee} has no access to {unit}: nothing to revoke (see `govmail user show {unit}`)"
    ))
}

/// Messages given to `Import::import_messages`: their keywords valid, UID and MODSEQ above 0.
pub(crate) fn imported_messages(messages: &[crate::backend::ImportedMessage]) -> Result<()> {
    for m in messages {
        m.keywords
            .iter()
            .try_for_each(|k| crate::flags::check_keyword(k))?;
        if m.uid == 0 || m.modseq == 0 {
            return Err(StorageError::Invalid(format!(
                "message UID {} MODSEQ {}: both must be above 0",
                m.uid, m.modseq
            )));
        }
    }
    Ok(())
}
