//! CREATE, DELETE, RENAME (RFC 9051 §6.3.4–§6.3.6), SUBSCRIBE and UNSUBSCRIBE (§6.3.7–
//! §6.3.8), for one's own mailboxes; in the shared namespace only (UN)SUBSCRIBE is taken.

use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::session::Session;
use crate::shared;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// A mailbox name as the account means it.
    fn mailbox_name(&self, raw: &[u8]) -> Result<(storage::AccountId, String), ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let name = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        Ok((account, name))
    }

    pub(crate) async fn create(&mut self, raw: &[u8]) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        refuse_shared("CREATE", &name)?;
        let store = self.imap.store.clone();
        blocking("CREATE failed", move || {
            // A trailing delimiter only says the name may hold children (RFC 9051 §6.3.4).
            // Superior names are not needed for "a/b/c" to exist (RFC 9051 §6.3.4 asks for
            // those "needed"): a level that is no mailbox is listed \Noselect, or
            // \NonExistent in LIST-EXTENDED's answers (RFC 5258 §3.4).
            store.create_mailbox(account, name.trim_end_matches('/'), None)?;
            // imapsort: RFC 8474 §4.1, the new mailbox's MAILBOXID in the tagged OK.
            store.get_mailbox(account, name.trim_end_matches('/'))
        })
        .await
        .map(|created| Done {
            code: Some(format!(
                "MAILBOXID ({})",
                crate::objectid::mailbox_id(created.uidvalidity)
            )),
            text: None,
        })
    }

    pub(crate) async fn delete(&mut self, raw: &[u8]) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        refuse_shared("DELETE", &name)?;
        let store = self.imap.store.clone();
        blocking("DELETE failed", move || {
            store.delete_mailbox(account, &name)
        })
        .await?;
        Ok(Done::default())
    }

    pub(crate) async fn rename(&mut self, from: &[u8], to: &[u8]) -> Result<Done, ImapError> {
        let (account, from) = self.mailbox_name(from)?;
        let (_, to) = self.mailbox_name(to)?;
        refuse_shared("RENAME", &from)?;
        refuse_shared("RENAME", &to)?;
        let store = self.imap.store.clone();
        blocking("RENAME failed", move || {
            store.rename_mailbox(account, &from, &to)
        })
        .await?;
        Ok(Done::default())
    }

    pub(crate) async fn subscribe(&mut self, raw: &[u8], on: bool) -> Result<Done, ImapError> {
        let (account, name) = self.mailbox_name(raw)?;
        let store = self.imap.store.clone();
        if shared::is_shared(&name) {
            // A unit's mailboxes are always subscribed (kept per mailbox, not per grantee).
            let lookup = name.clone();
            blocking("SUBSCRIBE failed", move || {
                let target = shared::resolve(&store, account, &lookup)?;
                store.mailbox_head(target.owner, &target.name)
            })
            .await
            .map_err(ImapError::no_such_mailbox_unless_ours)?;
            if !on {
                return Err(ImapError::no(
                    Some("CANNOT"),
                    "shared mailboxes are always subscribed",
                ));
            }
            return Ok(Done::default());
        }
        blocking("SUBSCRIBE failed", move || {
            if on {
                store.subscribe_mailbox(account, &name)
            } else {
                store.unsubscribe_mailbox(account, &name)
            }
        })
        .await?;
        Ok(Done::default())
    }
}

/// A unit's folders are not created, deleted or renamed by its grantees (NOPERM).
fn refuse_shared(command: &str, name: &str) -> Result<(), ImapError> {
    if shared::is_shared(name) {
        return Err(ImapError::no(
            Some("NOPERM"),
            format!(
                "{command} is not allowed in the shared namespace: a unit's folders are \
                 managed by the unit mailbox itself"
            ),
        ));
    }
    Ok(())
}
