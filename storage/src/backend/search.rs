//! Full-text search over message text (diacritics folded), and its indexing backlog.

use crate::search::TextField;
use crate::{AccountId, MailboxId, Result};

/// Full-text search over message text (diacritics folded), and its indexing backlog.
pub trait Search: Send + Sync {
    /// UIDs, ascending, of the messages in `mailbox` whose `field` contains `needle`, which
    /// must be in [`search_form`](crate::text::search_form) and at least [`MIN_INDEXED_CHARS`](crate::search::MIN_INDEXED_CHARS) characters long.
    fn search_text(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        field: TextField,
        needle: &str,
    ) -> Result<Vec<u32>>;

    /// Indexes the contents of `mailbox` not yet indexed. Cheap when there are none anywhere
    /// (one probe of a partial index). SEARCH and SORT call it first: besides the index, it
    /// fills the columns they read (addresses with groups, `sent_day`) for older contents.
    fn index_mailbox_backlog(&self, mailbox: MailboxId) -> Result<()>;

    /// Indexes up to one batch of the contents stored before the index existed; returns how
    /// many it indexed (0: nothing left). The server calls it in a loop at start.
    fn index_backlog(&self) -> Result<usize>;
}
