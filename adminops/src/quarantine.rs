//! Releasing a message held in quarantine (`govmail quarantine release`, the console's
//! *Thư bị giữ lại*): an official document gets the keywords its recognition gives (urgency,
//! type) as if it had been delivered at once.

use storage::{Result, Store};

/// Delivers held message `id` to its recipients' INBOXes; returns how many mailboxes got it.
pub fn release(store: &Store, id: i64) -> Result<usize> {
    let raw = store.read_blob(&store.quarantine_get(id)?.blob)?;
    let keywords = policy::document::recognise_bytes(&raw)
        .filter(|r| r.official)
        .map(|r| policy::rules::keywords(&r))
        .unwrap_or_default();
    Ok(store.quarantine_release(id, keywords)?.len())
}
