//! APPEND (RFC 9051 §6.3.12; APPENDUID, RFC 4315 §3; literal8, RFC 3516 §4.4; UTF8, RFC
//! 6855 §4). Into one's own mailbox, or a unit's through a read-write grant.

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};

use crate::command::Append;
use crate::copy::missing;
use crate::error::{Done, ImapError, blocking};
use crate::session::{Rights, Session};
use crate::shared;
use crate::view::NOPERM_TEXT;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub(crate) async fn append(&mut self, args: Append) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let name = self
            .name_in(&args.mailbox)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        let store = self.imap.store.clone();
        let lookup = name.clone();
        let date = args.date.unwrap_or_else(storage::now);
        // A literal8 may hold NUL bytes: FETCH then shows them as 0x80 in a plain literal
        // (see `fetch::literal`), and byte for byte through BINARY.
        tracing::debug!(binary = args.binary, size = args.message.len(), "APPEND");
        let done = blocking("APPEND failed", move || {
            let target = shared::resolve(&store, account, &lookup)?;
            if target.rights == Rights::ReadOnly {
                // Known to exist before saying NOPERM, so a missing one stays NONEXISTENT.
                store.mailbox_head(target.owner, &target.name)?;
                return Ok(None);
            }
            // Into a unit's mailbox: stored as the unit's, against the unit's quota.
            let message = Arc::from(args.message);
            store
                .append(
                    target.owner,
                    &target.name,
                    message,
                    args.flags,
                    args.keywords,
                    date,
                )
                .map(Some)
        })
        .await;
        match done {
            Ok(Some(d)) => Ok(Done::code(format!("APPENDUID {} {}", d.uidvalidity, d.uid))),
            Ok(None) => Err(ImapError::no(Some("NOPERM"), NOPERM_TEXT)),
            Err(e) if e.code.as_deref() == Some("NONEXISTENT") => Err(missing(&name)),
            Err(e) => Err(e),
        }
    }
}
