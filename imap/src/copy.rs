//! COPY and MOVE, with and without UID (RFC 9051 §6.4.7; MOVE, RFC 6851; COPYUID, RFC
//! 4315 §3), between one's own mailboxes and a unit's shared ones.

use storage::StorageError;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::sequence::{SequenceSet, compact};
use crate::session::Session;
use crate::shared;
use crate::view::NOPERM_TEXT;

/// No such mailbox: for one of the account's own names the client may CREATE it
/// (TRYCREATE), for a shared name it may not.
pub(crate) fn missing(name: &str) -> ImapError {
    if shared::is_shared(name) {
        ImapError::no(Some("NONEXISTENT"), "no such mailbox")
    } else {
        ImapError::no(Some("TRYCREATE"), "no such mailbox: create it first")
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub(crate) async fn copy_or_move(
        &mut self,
        by_uid: bool,
        moving: bool,
        set: SequenceSet,
        raw: &[u8],
    ) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let view = if moving {
            self.writable()?
        } else {
            self.view()?
        };
        let (owner, id) = (view.owner, view.id);
        let targets: Vec<u32> = view
            .resolve(&set, by_uid)?
            .into_iter()
            .map(|(_, u)| u)
            .collect();
        let dest = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        let store = self.imap.store.clone();
        let lookup = dest.clone();
        let done = blocking("COPY failed", move || {
            // Between a unit's mailbox and one's own, or within either.
            let target = shared::resolve(&store, account, &lookup)?;
            let to = store.mailbox_head(target.owner, &target.name)?;
            if !target.rights.allows(crate::acl::Right::Insert) {
                return Ok(None);
            }
            if targets.is_empty() {
                return Ok(Some((to.uidvalidity, Vec::new())));
            }
            let (from, to_pair) = ((owner, id), (target.owner, to.id));
            let mapping = if moving {
                store.move_across(from, targets, to_pair)?
            } else {
                store.copy_across(from, targets, to_pair)?
            };
            Ok::<_, StorageError>(Some((to.uidvalidity, mapping)))
        })
        .await;
        let (validity, mapping) = match done {
            Ok(Some(found)) => found,
            Ok(None) => return Err(ImapError::no(Some("NOPERM"), NOPERM_TEXT)),
            Err(e) if e.code.as_deref() == Some("NONEXISTENT") => return Err(missing(&dest)),
            Err(e) => return Err(e),
        };
        let from: Vec<u32> = mapping.iter().map(|(a, _)| *a).collect();
        let to: Vec<u32> = mapping.iter().map(|(_, b)| *b).collect();
        let code = (!mapping.is_empty())
            .then(|| format!("COPYUID {validity} {} {}", compact(&from), compact(&to)));
        if !moving {
            return Ok(Done { code, text: None });
        }
        // RFC 6851 §3.3: COPYUID in an untagged OK, then the EXPUNGEs.
        if let Some(code) = &code {
            self.output
                .extend_from_slice(format!("* OK [{code}] moved\r\n").as_bytes());
        }
        self.forget(&from);
        Ok(Done::default())
    }
}
