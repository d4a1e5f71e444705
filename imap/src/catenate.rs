//! CATENATE (RFC 4469): APPEND of a message made of literal text and of messages or parts
//! of messages already on the server, named by IMAP URLs (RFC 5092).
//!
//! Only the logged-in user's own mailboxes are reachable, and no URLAUTH (RFC 4467): a URL
//! is either relative to the server (`/mailbox;UIDVALIDITY=v/;UID=u/;SECTION=s`) or
//! absolute naming the logged-in user (`imap://user@host/…`; the IMAP service does not know
//! the names it is reached by, so the host is not compared: whatever it says, the URL is
//! resolved in this user's mailboxes, and the UIDVALIDITY, when given, must match). A URL
//! that cannot be resolved is `NO [BADURL url]`; a message over the size limit is
//! `NO [TOOBIG]` (RFC 4469 §6), and nothing is appended (the whole APPEND fails).

use tokio::io::{AsyncRead, AsyncWrite};

use crate::append::Part;
use crate::error::ImapError;
use crate::fetch::{SectionText, header_fields, parse_section, section_range};
use crate::session::Session;

/// An IMAP URL to a message or part of one (RFC 5092 `imessagepart`), decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct MessageUrl {
    /// The user named in an absolute URL's authority (`iuserinfo`), when any.
    pub user: Option<String>,
    pub mailbox: String,
    pub uidvalidity: Option<u32>,
    pub uid: u32,
    /// The section as in BODY[section], when given.
    pub section: Option<String>,
    /// `;PARTIAL=offset[.length]`.
    pub partial: Option<(u64, Option<u64>)>,
}

/// `%XX` escapes undone (RFC 5092 §3: names and sections are %-encoded UTF-8).
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Finds `;NAME=` (case-insensitive) in `s`: the byte offset where it starts.
fn find_param(s: &str, name: &str) -> Option<usize> {
    let pattern = format!(";{name}=");
    s.to_ascii_lowercase().find(&pattern.to_ascii_lowercase())
}

/// Parses an IMAP URL to a message or message part (RFC 5092 §7 `imessagepart`), absolute
/// or relative to the server (`/…`). URLAUTH (RFC 4467) and URLs naming anything but one
/// message are refused (None).
pub fn parse_url(url: &str) -> Option<MessageUrl> {
    let mut user = None;
    let path = if let Some(rest) = url
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("imap://"))
        .map(|_| &url[7..])
    {
        let slash = rest.find('/')?;
        let authority = &rest[..slash];
        if let Some(at) = authority.rfind('@') {
            // `iuserinfo = enc-user [iauth] / [enc-user] iauth`: only the user matters.
            let userinfo = &authority[..at];
            let name = userinfo.split(';').next().unwrap_or_default();
            if !name.is_empty() {
                user = Some(percent_decode(name)?);
            }
        }
        &rest[slash..]
    } else {
        url
    };
    let path = path.strip_prefix('/')?;
    if find_param(path, "URLAUTH").is_some() || find_param(path, "EXPIRE").is_some() {
        return None;
    }
    let uid_at = path.to_ascii_lowercase().find("/;uid=")?;
    let (mailbox_part, rest) = (&path[..uid_at], &path[uid_at + 6..]);
    let (mailbox, uidvalidity) = match find_param(mailbox_part, "UIDVALIDITY") {
        Some(at) => {
            let v: u32 = mailbox_part[at + 13..].parse().ok()?;
            (&mailbox_part[..at], Some(v))
        }
        None => (mailbox_part, None),
    };
    if mailbox.is_empty() {
        return None;
    }
    let mailbox = percent_decode(mailbox)?;
    // After the UID: `[/;SECTION=enc-section] [/;PARTIAL=range]`, in that order.
    let mut pieces = rest.split("/;");
    let uid: u32 = pieces.next()?.parse().ok().filter(|&u| u > 0)?;
    let (mut section, mut partial) = (None, None);
    for piece in pieces {
        let (name, value) = piece.split_once('=')?;
        if name.eq_ignore_ascii_case("SECTION") && section.is_none() && partial.is_none() {
            section = Some(percent_decode(value)?);
        } else if name.eq_ignore_ascii_case("PARTIAL") && partial.is_none() {
            let (offset, length) = match value.split_once('.') {
                Some((o, l)) => (o.parse().ok()?, Some(l.parse().ok().filter(|&l| l > 0)?)),
                None => (value.parse().ok()?, None),
            };
            partial = Some((offset, length));
        } else {
            return None;
        }
    }
    Some(MessageUrl {
        user,
        mailbox,
        uidvalidity,
        uid,
        section,
        partial,
    })
}

/// `NO [BADURL url]`: the URL as the client gave it, less what cannot stand in a response
/// code (RFC 4469 §6 `url-resp-text`: no CR, LF or ']').
fn bad_url(url: &str, why: &'static str) -> ImapError {
    let shown: String = url
        .chars()
        .filter(|&c| c != '\r' && c != '\n' && c != ']' && c != '\0')
        .collect();
    let mut e = ImapError::no(None, why);
    e.code = Some(format!("BADURL {shown}").into());
    e
}

fn too_big() -> ImapError {
    ImapError::no(Some("TOOBIG"), "the message would be over the size limit")
}

/// The bytes a URL names, read from `account`'s own mailboxes (blocking).
fn resolve(
    store: &storage::Store,
    account: storage::AccountId,
    url: &MessageUrl,
    raw_url: &str,
) -> Result<Vec<u8>, ImapError> {
    let bad = |why| bad_url(raw_url, why);
    if crate::shared::is_shared(&url.mailbox) {
        return Err(bad("only your own mailboxes can be named"));
    }
    let head = match store.mailbox_head(account, &url.mailbox) {
        Ok(h) => h,
        Err(storage::StorageError::NotFound { .. }) | Err(storage::StorageError::Invalid(_)) => {
            return Err(bad("no such mailbox"));
        }
        Err(e) => return Err(ImapError::storage("CATENATE failed", e)),
    };
    if url.uidvalidity.is_some_and(|v| v != head.uidvalidity) {
        return Err(bad("the mailbox's UIDVALIDITY has changed"));
    }
    let info = store
        .messages_with_structure(account, head.id, url.uid..=url.uid)
        .map_err(|e| ImapError::storage("CATENATE failed", e))?
        .into_iter()
        .next()
        .ok_or_else(|| bad("no such message"))?;
    let read = |range: std::ops::Range<u64>| {
        store
            .read_content_range(&info.blob, range)
            .map_err(|e| ImapError::storage("CATENATE failed", e))
    };
    let bytes = match &url.section {
        None => read(0..info.size)?,
        Some(spec) => {
            let section = parse_section(spec).ok_or_else(|| bad("bad section"))?;
            let structure = info.structure.as_ref().ok_or_else(|| bad("no structure"))?;
            let (start, end) =
                section_range(structure, &section).ok_or_else(|| bad("no such part"))?;
            let bytes = read(start..end)?;
            match &section.text {
                SectionText::Fields { not, names } => header_fields(&bytes, names, *not),
                _ => bytes,
            }
        }
    };
    Ok(match url.partial {
        None => bytes,
        Some((offset, length)) => {
            let start = (offset.min(bytes.len() as u64)) as usize;
            let end = match length {
                Some(l) => (offset.saturating_add(l).min(bytes.len() as u64)) as usize,
                None => bytes.len(),
            };
            bytes[start..end].to_vec()
        }
    })
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// The message CATENATE's parts make, at most the message size limit.
    pub(crate) async fn catenate(
        &mut self,
        account: storage::AccountId,
        parts: Vec<Part>,
    ) -> Result<Vec<u8>, ImapError> {
        let max = self.imap.config.max_literal;
        let store = self.imap.store.clone();
        let work = move || {
            // The local part and the whole address both name the user.
            let user = store.get_account_by_id(account).ok().map(|a| a.address);
            let is_user = |named: &str| {
                user.as_deref().is_some_and(|u| {
                    u.eq_ignore_ascii_case(named)
                        || u.split('@')
                            .next()
                            .is_some_and(|l| l.eq_ignore_ascii_case(named))
                })
            };
            let mut message = Vec::new();
            for part in parts {
                let bytes = match part {
                    Part::Text(text) => text,
                    Part::Url(raw) => {
                        let raw = String::from_utf8_lossy(&raw).into_owned();
                        let url = parse_url(&raw)
                            .ok_or_else(|| bad_url(&raw, "not an IMAP URL to a message"))?;
                        if let Some(named) = &url.user
                            && !is_user(named)
                        {
                            return Err(bad_url(&raw, "only your own messages can be named"));
                        }
                        resolve(&store, account, &url, &raw)?
                    }
                };
                if message.len() as u64 + bytes.len() as u64 > max {
                    return Err(too_big());
                }
                message.extend_from_slice(&bytes);
            }
            Ok(message)
        };
        match tokio::task::spawn_blocking(work).await {
            Ok(result) => result,
            Err(e) => Err(ImapError::lost("CATENATE failed", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn urls_of_rfc_4469_and_5092() {
        let u = parse_url("/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME").unwrap();
        assert_eq!(u.mailbox, "Drafts");
        assert_eq!(u.uidvalidity, Some(385759045));
        assert_eq!(u.uid, 20);
        assert_eq!(u.section.as_deref(), Some("1.MIME"));
        let u = parse_url("/Drafts;UIDVALIDITY=385759045/;UID=30").unwrap();
        assert_eq!((u.uid, u.section, u.partial), (30, None, None));
        let u = parse_url(
            "imap://annv@mail.example.gov.vn/L%C6%B0u%20tr%E1%BB%AF/2026/;UID=7/;SECTION=HEADER.FIELDS%20(Subject)/;PARTIAL=0.10",
        )
        .unwrap();
        assert_eq!(u.user.as_deref(), Some("annv"));
        assert_eq!(u.mailbox, "Lưu trữ/2026");
        assert_eq!(u.section.as_deref(), Some("HEADER.FIELDS (Subject)"));
        assert_eq!(u.partial, Some((0, Some(10))));
        let u = parse_url("imap://a;AUTH=*@h/INBOX/;uid=1").unwrap();
        assert_eq!(u.user.as_deref(), Some("a"));
        for bad in [
            "",
            "INBOX/;UID=1",
            "/INBOX",
            "/;UID=1",
            "/INBOX/;UID=0",
            "/INBOX/;UID=x",
            "/INBOX/;UID=1/;URLAUTH=anonymous:internal:91354a473744909de610943775f92038",
            "/INBOX;EXPIRE=2026-12-07T00:00:00Z/;UID=1",
            "/INBOX/;UID=1/;PARTIAL=0.0",
            "/INBOX/;UID=1/;PARTIAL=1/;SECTION=TEXT",
            "/INBOX/;UID=1/;FOO=1",
            "/IN%ZZ/;UID=1",
            "http://h/INBOX/;UID=1",
        ] {
            assert_eq!(parse_url(bad), None, "{bad:?}");
        }
    }
}
