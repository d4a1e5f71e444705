//! EXPUNGE, and UID EXPUNGE of a set (RFC 9051 §6.4.3; RFC 4315 §2.1).

use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::sequence::SequenceSet;
use crate::session::Session;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub(crate) async fn expunge(&mut self, uids: Option<SequenceSet>) -> Result<Done, ImapError> {
        let view = self.writable()?;
        let (owner, id) = (view.owner, view.id);
        let only = match &uids {
            Some(set) => Some(
                view.resolve(set, true)?
                    .into_iter()
                    .map(|(_, u)| u)
                    .collect(),
            ),
            None => None,
        };
        let store = self.imap.store.clone();
        let gone = blocking("EXPUNGE failed", move || store.expunge(owner, id, only)).await?;
        self.forget(&gone.uids);
        // RFC 7162 §3.2.7: expunging changes the mailbox's HIGHESTMODSEQ.
        Ok(match self.condstore {
            true => Done::code(format!("HIGHESTMODSEQ {}", gone.highest_modseq)),
            false => Done::default(),
        })
    }

    /// Drops removed UIDs from the session's view and tells the client: one `* VANISHED`
    /// once QRESYNC is on (RFC 7162 §3.2.10), else `* n EXPUNGE` each, highest number first
    /// so that each stays valid.
    pub(crate) fn forget(&mut self, gone: &[u32]) {
        let qresync = self.qresync;
        let Some(view) = self.view_mut() else {
            return;
        };
        let mut known: Vec<u32> = gone
            .iter()
            .copied()
            .filter(|&u| view.seq(u).is_some())
            .collect();
        let numbers = view.remove(&known);
        if qresync {
            known.sort_unstable();
            crate::condstore::vanished(&mut self.output, &known, false);
        } else {
            for n in numbers {
                self.output
                    .extend_from_slice(format!("* {n} EXPUNGE\r\n").as_bytes());
            }
        }
    }
}
