//! SELECT and EXAMINE (RFC 9051 §6.3.2–§6.3.3; CONDSTORE/QRESYNC, RFC 7162 §3.1.8,
//! §3.2.5), CLOSE (§6.4.1) and UNSELECT (RFC 3691). A name in the shared namespace opens a
//! unit's mailbox (`shared`).

use tokio::io::{AsyncRead, AsyncWrite};

use crate::condstore::SelectParams;
use crate::error::{Done, ImapError, blocking};
use crate::response::{self, Status};
use crate::session::{Rights, Session, State};
use crate::view::View;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub(crate) async fn select(
        &mut self,
        raw: &[u8],
        examine: bool,
        params: SelectParams,
    ) -> Result<Done, ImapError> {
        let Some(account) = self.account() else {
            return Err(ImapError::bad("log in first"));
        };
        let name = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        if params.qresync.is_some() && !self.qresync {
            // RFC 7162 §3.2.5: QRESYNC is only for clients that enabled it.
            return Err(ImapError::bad("ENABLE QRESYNC first"));
        }
        if matches!(self.state, State::Selected { .. }) {
            // RFC 9051 §7.1; RFC 7162 §3.2.11 asks it of every server with QRESYNC, whether
            // or not the client enabled it: what follows is about the new mailbox.
            response::status(&mut self.output, None, Status::Ok, Some("CLOSED"), "closed");
        }
        // RFC 9051 §6.3.2: a failed SELECT leaves no mailbox selected.
        self.state = State::Authenticated { account };
        self.changes = None;
        let store = self.imap.store.clone();
        let found = blocking("SELECT could not read the mailbox", move || {
            let target = crate::shared::resolve(&store, account, &name)?;
            // Listen before reading, so that nothing committed in between goes unreported.
            // Changes are published per owner: a unit's mailbox is watched on the unit's
            // channel.
            let changes = store.subscribe(target.owner);
            let mailbox = store.view_mailbox(target.owner, &target.name)?;
            let read_only = examine || target.rights == Rights::ReadOnly;
            // RFC 3501 §2.3.2: the messages no session saw yet are recent in this one,
            // unless it only looks (EXAMINE), which changes nothing.
            let last = mailbox.uids.last().copied().unwrap_or(0);
            let seen_up_to = if !read_only && last > mailbox.recent_uid {
                store.claim_recent(target.owner, mailbox.id, last)?
            } else {
                mailbox.recent_uid
            };
            let resync = match params.qresync {
                Some(q) => crate::condstore::Resync::read(&store, target.owner, &mailbox, q)?,
                None => None,
            };
            Ok((target, changes, mailbox, read_only, seen_up_to, resync))
        })
        .await;
        let (target, changes, mailbox, read_only, seen_up_to, resync) = match found {
            Ok(found) => found,
            Err(e) if e.code.as_deref() == Some("CANNOT") => {
                return Err(ImapError::no(Some("NONEXISTENT"), "no such mailbox"));
            }
            Err(e) => return Err(e),
        };
        if params.condstore {
            // RFC 7162 §3.1.8; HIGHESTMODSEQ below is sent anyway.
            self.condstore = true;
        }
        let split = mailbox.uids.partition_point(|&u| u <= seen_up_to);
        let view = View {
            owner: target.owner,
            id: mailbox.id,
            read_only,
            rights: target.rights,
            recent: std::sync::Arc::new(mailbox.uids[split..].to_vec()),
            uids: mailbox.uids,
            modseq: mailbox.highest_modseq,
            pending_expunges: Vec::new(),
            keywords: mailbox.keywords,
            reported: Vec::new(),
            saved: Vec::new(),
            contexts: Vec::new(),
        };
        // RFC 9051 §6.3.2 (and RFC 3501 §6.3.1 for what IMAP4rev1 adds: RECENT, UNSEEN).
        view.write_flags(&mut self.output);
        let mut lines = format!("* {} EXISTS\r\n", view.exists());
        if !self.rev2 {
            lines.push_str(&format!("* {} RECENT\r\n", view.recent.len()));
            if let Some(n) = mailbox.first_unseen.and_then(|u| view.seq(u)) {
                lines.push_str(&format!("* OK [UNSEEN {n}] first unseen\r\n"));
            }
        }
        lines.push_str(&format!(
            "* OK [UIDVALIDITY {}] UIDs valid\r\n* OK [UIDNEXT {}] next UID\r\n\
             * OK [HIGHESTMODSEQ {}] modseq\r\n",
            mailbox.uidvalidity, mailbox.uidnext, mailbox.highest_modseq
        ));
        // RFC 8474 §4.1 (OBJECTID): the mailbox's id.
        lines.push_str(&format!(
            "* OK [MAILBOXID ({})] Ok\r\n",
            crate::objectid::mailbox_id(mailbox.uidvalidity)
        ));
        self.output.extend_from_slice(lines.as_bytes());
        if let Some(resync) = &resync {
            resync.write(&mut self.output, &view.uids);
        }
        let code = if read_only { "READ-ONLY" } else { "READ-WRITE" };
        self.changes = Some(changes);
        self.state = State::Selected {
            account,
            mailbox: view,
        };
        Ok(Done {
            code: Some(code.to_string()),
            text: Some(if examine {
                "EXAMINE completed"
            } else {
                "SELECT completed"
            }),
        })
    }

    /// CLOSE (`expunge`: RFC 9051 §6.4.1, removes the \Deleted messages without telling,
    /// unless the mailbox is read-only) or UNSELECT (RFC 3691: leaves them).
    pub(crate) async fn close(&mut self, expunge: bool) -> Result<Done, ImapError> {
        let State::Selected { account, mailbox } = &self.state else {
            return Err(ImapError::bad("no mailbox selected"));
        };
        let (account, owner, id, read_only) =
            (*account, mailbox.owner, mailbox.id, mailbox.read_only);
        // The mailbox is closed whatever happens to the expunge (RFC 9051 §6.4.1).
        self.state = State::Authenticated { account };
        self.changes = None;
        if expunge && !read_only {
            let store = self.imap.store.clone();
            blocking("CLOSE could not expunge", move || {
                store.expunge(owner, id, None)
            })
            .await?;
        }
        Ok(Done::default())
    }
}
