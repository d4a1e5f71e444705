//! GETQUOTAROOT mailbox / GETQUOTA root (RFC 9208): the quota root of one's own mailboxes is
//! "", that of a unit's shared mailboxes `Shared/<unit>`; STORAGE in KiB and MESSAGE counts,
//! the figures `govmail user show` prints.

use tokio::io::{AsyncRead, AsyncWrite};

use crate::error::{Done, ImapError, blocking};
use crate::response::{Utf8, astring};
use crate::session::Session;
use crate::shared;

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// `by_mailbox`: GETQUOTAROOT (the argument is a mailbox), else GETQUOTA (a root).
    pub(crate) async fn quota(&mut self, by_mailbox: bool, raw: &[u8]) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let name = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the name is not valid UTF-8 or UTF-7"))?;
        // Whose quota: Some(None) one's own, Some(Some(unit)) a unit's; None: no such root.
        let wanted: Option<Option<String>> = match (by_mailbox, shared::parse(&name)) {
            (true, shared::Name::Own(_)) | (false, shared::Name::Own("")) => Some(None),
            (true, shared::Name::Unit { unit, .. }) => Some(Some(unit.to_string())),
            (false, shared::Name::Node) => name
                .strip_prefix(&format!("{}/", shared::PREFIX))
                .filter(|unit| !unit.is_empty())
                .map(|unit| Some(unit.to_string())),
            _ => None,
        };
        let Some(unit) = wanted else {
            return Err(ImapError::no(
                Some("NONEXISTENT"),
                "no such quota root: \"\" for your own mailboxes, Shared/<unit address> for \
                 a unit's",
            ));
        };
        let store = self.imap.store.clone();
        let lookup = unit.clone();
        let found = blocking("cannot read the quota", move || {
            let owner = match &lookup {
                Some(unit) => match store.shared_access(account, unit)? {
                    Some(grant) => grant.unit_id,
                    None => return Ok(None),
                },
                None => account,
            };
            store.get_account_by_id(owner).map(Some)
        })
        .await?;
        let Some(a) = found else {
            return Err(ImapError::no(Some("NONEXISTENT"), "no such mailbox"));
        };
        let root = unit
            .as_deref()
            .map(|u| format!("{}/{u}", shared::PREFIX))
            .unwrap_or_default();
        let mut root_out = Vec::new();
        astring(&mut root_out, root.as_bytes(), Utf8::Quoted);
        if by_mailbox {
            let mut line = b"* QUOTAROOT ".to_vec();
            astring(&mut line, raw, Utf8::Quoted);
            line.push(b' ');
            line.extend_from_slice(&root_out);
            line.extend_from_slice(b"\r\n");
            self.output.extend(line);
        }
        let mut resources = Vec::new();
        if let Some(limit) = a.quota.bytes {
            resources.push(format!(
                "STORAGE {} {}",
                a.used_bytes.div_ceil(1024),
                limit / 1024
            ));
        }
        if let Some(limit) = a.quota.messages {
            resources.push(format!("MESSAGE {} {limit}", a.used_messages));
        }
        let mut line = b"* QUOTA ".to_vec();
        line.extend_from_slice(&root_out);
        line.extend_from_slice(format!(" ({})\r\n", resources.join(" ")).as_bytes());
        self.output.extend(line);
        Ok(Done::default())
    }
}
