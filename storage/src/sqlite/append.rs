//! Appending several messages at once: IMAP MULTIAPPEND (RFC 3502) and REPLACE (RFC 8508).
//!
//! Every message of one command goes in one write transaction, after one quota check for
//! their sum: either all are appended (consecutive UIDs, for APPENDUID with a UID set, RFC
//! 4315 §3) or none is. REPLACE expunges the message it replaces in that same transaction.

use std::sync::Arc;

use crate::blob::StoredBlob;
use crate::error::{Result, StorageError};
use crate::flags::{Flags, check_keyword, join_keywords};
use crate::mailbox::mailbox_id;
use crate::message::{
    Delivered, NewContent, content_for, insert_message, quota_of, remove_messages,
};
use crate::meta::MessageMeta;
use crate::sqlite::SqliteBackend;
use crate::types::{AccountId, MailboxId};

/// An item whose message is stored as a blob, with its content row's data.
pub(crate) type Staged<T> = (StoredBlob, NewContent, T);

/// One message to append.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub raw: Arc<[u8]>,
    pub flags: Flags,
    pub keywords: Vec<String>,
    pub internal_date: i64,
}

/// The message a REPLACE expunges once its replacement is stored (RFC 8508 §3): its owner
/// (a unit's when the selected mailbox is shared), mailbox and UID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    pub owner: AccountId,
    pub mailbox: MailboxId,
    pub uid: u32,
}

impl SqliteBackend {
    /// Appends `messages` to `account`'s mailbox `mailbox` in one transaction, checked once
    /// against the quota for their total size and number; with `replace`, that message is
    /// expunged in the same transaction first (its bytes no longer count against the quota
    /// when it is the same owner's, RFC 8508 §3.4's "as if" the replacement were atomic).
    /// The copies get consecutive UIDs, returned in order.
    pub fn append_many(
        &self,
        account: AccountId,
        mailbox: &str,
        messages: Vec<NewMessage>,
        replace: Option<Replaced>,
    ) -> Result<Vec<Delivered>> {
        if messages.is_empty() {
            return Err(StorageError::Invalid("no message to append".into()));
        }
        for m in &messages {
            m.keywords.iter().try_for_each(|k| check_keyword(k))?;
        }
        let name = crate::mailbox::normalize_name(mailbox)?;
        let total: u64 = messages.iter().map(|m| m.raw.len() as u64).sum();
        // Fail before writing any blob when the mailbox does not exist, the quota is full or
        // the disk nearly is.
        let _room = self.claim_room(total)?;
        self.db().read(|conn| {
            mailbox_id(conn, account, &name)?;
            if replace.is_some() {
                // What the replaced message frees is known in the transaction below.
                return Ok(());
            }
            let (address, usage) = quota_of(conn, account)?;
            match usage.would_exceed(total, messages.len() as u64) {
                Some(detail) => Err(StorageError::OverQuota { address, detail }),
                None => Ok(()),
            }
        })?;
        let (staged, created) = self.stage_all(messages, |m| &m.raw)?;
        let blobs = self.blobs().clone();
        let result = self.db().write(move |ctx| {
            if let Some(r) = replace
                && remove_messages(ctx, r.owner, r.mailbox, &[r.uid], true)? == 0
            {
                // Expunged by another session since the client named it: no replacement.
                return Err(StorageError::Invalid(
                    "the message to replace has been expunged".into(),
                ));
            }
            // In the transaction: a mailbox deleted since the check above is not replaced by
            // INBOX (as a delivery's would be), the command fails.
            let target = mailbox_id(ctx.conn, account, &name)?;
            let (address, usage) = quota_of(ctx.conn, account)?;
            if let Some(detail) = usage.would_exceed(total, staged.len() as u64) {
                return Err(StorageError::OverQuota { address, detail });
            }
            let mut delivered = Vec::with_capacity(staged.len());
            for (blob, content, m) in staged {
                let content = content_for(ctx, &blob, &m.raw, content, &*blobs)?;
                let keywords = join_keywords(&m.keywords);
                delivered.push(insert_message(
                    ctx,
                    account,
                    target,
                    content,
                    blob.size,
                    m.flags,
                    keywords.as_deref(),
                    m.internal_date,
                )?);
            }
            Ok(delivered)
        });
        if result.is_err() {
            self.forget_blobs(created);
        }
        result
    }

    /// Each item's message (`raw` of it) stored as a blob before the write transaction, as
    /// every delivery does, with its content row's data read from one parse. Returns them
    /// with the hashes of the blobs this call created, for [`Self::forget_blobs`] when the
    /// transaction fails; on an error here, those created so far are forgotten.
    pub(crate) fn stage_all<T>(
        &self,
        items: impl IntoIterator<Item = T>,
        raw: impl Fn(&T) -> &[u8],
    ) -> Result<(Vec<Staged<T>>, Vec<String>)> {
        let mut staged = Vec::new();
        let mut created = Vec::new();
        for item in items {
            let blob = match self.stage(raw(&item)) {
                Ok(b) => b,
                Err(e) => {
                    self.forget_blobs(created);
                    return Err(e);
                }
            };
            if blob.created {
                created.push(blob.hash.clone());
            }
            let content = NewContent::new(MessageMeta::parse(raw(&item)));
            staged.push((blob, content, item));
        }
        Ok((staged, created))
    }

    /// Blob files this command wrote and no row refers to: the writer removes each unless
    /// another delivery of the same content has claimed it meanwhile.
    pub(crate) fn forget_blobs(&self, hashes: Vec<String>) {
        if hashes.is_empty() {
            return;
        }
        let _ = self.db().write(move |ctx| {
            for hash in hashes {
                ctx.remove_blob_after_commit(hash);
            }
            Ok(())
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::backend::*;
    use crate::{NewAccount, OpenMode, Quota};

    fn store(quota: Quota) -> (tempfile::TempDir, SqliteBackend, AccountId) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteBackend::open(dir.path(), OpenMode::CreateIfMissing).unwrap();
        store.add_domain("x.gov.vn").unwrap();
        store.add_agency("A", "A", None, None).unwrap();
        let id = store
            .create_account(NewAccount {
                address: "a@x.gov.vn".into(),
                display_name: "A".into(),
                agency_code: "A".into(),
                kind: crate::AccountKind::Personal,
                password_hash: String::new(),
                quota,
            })
            .unwrap()
            .id;
        (dir, store, id)
    }

    fn message(body: &str) -> NewMessage {
        NewMessage {
            raw: Arc::from(format!("Subject: {body}\r\n\r\n{body}\r\n").into_bytes()),
            flags: Flags::default(),
            keywords: vec!["$Draft".into()],
            internal_date: 1_700_000_000,
        }
    }

    #[test]
    fn all_or_nothing_with_one_quota_check_for_the_sum() {
        let (_dir, store, account) = store(Quota {
            bytes: None,
            messages: Some(3),
        });
        let done = store
            .append_many(account, "INBOX", vec![message("a"), message("b")], None)
            .unwrap();
        assert_eq!(done.len(), 2);
        assert_eq!(done[1].uid, done[0].uid + 1);
        // Two more would make four: refused whole, nothing stored, UIDs not used.
        let err = store
            .append_many(account, "INBOX", vec![message("c"), message("d")], None)
            .unwrap_err();
        assert!(matches!(err, StorageError::OverQuota { .. }), "{err}");
        let inbox = store.mailbox_head(account, "INBOX").unwrap();
        assert_eq!(store.uids(account, inbox.id).unwrap().len(), 2);
        // A missing mailbox: nothing stored either.
        assert!(
            store
                .append_many(account, "Nowhere", vec![message("e")], None)
                .is_err()
        );
        // A REPLACE at the quota's edge frees the message it replaces.
        store
            .append_many(account, "INBOX", vec![message("c")], None)
            .unwrap();
        let replaced = Replaced {
            owner: account,
            mailbox: inbox.id,
            uid: done[0].uid,
        };
        let new = store
            .append_many(account, "INBOX", vec![message("a2")], Some(replaced))
            .unwrap();
        assert_eq!(
            store.uids(account, inbox.id).unwrap(),
            vec![done[1].uid, done[1].uid + 1, new[0].uid]
        );
        // The replaced message is gone already: nothing is appended.
        assert!(
            store
                .append_many(account, "INBOX", vec![message("a3")], Some(replaced))
                .is_err()
        );
        assert_eq!(store.uids(account, inbox.id).unwrap().len(), 3);
    }
}
