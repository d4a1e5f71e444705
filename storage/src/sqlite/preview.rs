//! What IMAP FETCH SAVEDATE (RFC 8514) and PREVIEW (RFC 8970) read: the date each message
//! was saved into its mailbox, and each content's preview text.
//!
//! A preview is computed once per content, from the first [`PREVIEW_READ`] bytes of the
//! message (its text part comes before any attachment), and kept in `contents.preview`: a
//! client listing a mailbox with previews makes each message be parsed at most once, and a
//! 30 MB message costs no more than a small one.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use rusqlite::params;

use crate::error::Result;
use crate::mailbox::owned;
use crate::sqlite::SqliteBackend;
use crate::types::{AccountId, MailboxId};

/// Characters of a preview at most (RFC 8970 §3: "MUST NOT exceed 256 characters").
pub const PREVIEW_CHARS: usize = 256;
/// Bytes of a message read to make its preview.
const PREVIEW_READ: u64 = 64 * 1024;

/// The preview of a message (RFC 8970 §3): the start of its first text part (HTML turned into
/// text), white space collapsed, at most [`PREVIEW_CHARS`] characters. Empty when the message
/// has no text.
pub fn preview_of(raw: &[u8]) -> String {
    let Some(message) = crate::mime::parse(raw) else {
        return String::new();
    };
    let Some(text) = message.body_text(0) else {
        return String::new();
    };
    let mut out = String::with_capacity(PREVIEW_CHARS);
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            if chars + 1 > PREVIEW_CHARS {
                break;
            }
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars == PREVIEW_CHARS {
                return out;
            }
            // No control characters in a preview (RFC 8970 §3: no CR or LF; the others are
            // no text either).
            if !c.is_control() {
                out.push(c);
                chars += 1;
            }
        }
    }
    out
}

impl SqliteBackend {
    /// The save date of each message in `uids` (UID order): None for messages saved before
    /// save dates were kept.
    pub fn save_dates(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<(u32, Option<i64>)>> {
        self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT uid, save_date FROM messages \
                 WHERE mailbox_id = ?1 AND uid BETWEEN ?2 AND ?3 ORDER BY uid",
            )?;
            let rows = stmt.query_map(params![mailbox, uids.start(), uids.end()], |r| {
                Ok((r.get::<_, i64>(0)? as u32, r.get(1)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// The preview of each message in `uids`, by UID. Those not computed yet are computed
    /// now and kept, unless `lazy` (RFC 8970 §3.1 LAZY: the client would rather have NIL
    /// than wait), when they are None.
    pub fn previews(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        lazy: bool,
    ) -> Result<HashMap<u32, Option<String>>> {
        let rows: Vec<(u32, i64, String, Option<String>)> = self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let mut stmt = conn.prepare_cached(
                "SELECT m.uid, c.id, c.blob, c.preview FROM messages m \
                 JOIN contents c ON c.id = m.content_id \
                 WHERE m.mailbox_id = ?1 AND m.uid BETWEEN ?2 AND ?3",
            )?;
            let rows = stmt.query_map(params![mailbox, uids.start(), uids.end()], |r| {
                Ok((r.get::<_, i64>(0)? as u32, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        let mut out = HashMap::with_capacity(rows.len());
        // Computed now: (content id, preview), written back in one transaction.
        let mut computed: HashMap<i64, String> = HashMap::new();
        for (uid, content, blob, stored) in rows {
            let preview = match stored {
                Some(p) => Some(p),
                None if lazy => None,
                None => match computed.get(&content) {
                    Some(p) => Some(p.clone()),
                    None => {
                        let start = self.read_content_range(&blob, 0..PREVIEW_READ)?;
                        let p = preview_of(&start);
                        computed.insert(content, p.clone());
                        Some(p)
                    }
                },
            };
            out.insert(uid, preview);
        }
        if !computed.is_empty() {
            let written = self.db().write(move |ctx| {
                let mut stmt = ctx
                    .conn
                    .prepare_cached("UPDATE contents SET preview = ?1 WHERE id = ?2")?;
                for (id, preview) in &computed {
                    stmt.execute(params![preview, id])?;
                }
                Ok(())
            });
            if let Err(e) = written {
                // Not fatal: computed again next time.
                tracing::warn!(error = %e, "message previews not stored");
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_are_the_start_of_the_text_collapsed() {
        let raw = "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                   Kính gửi:\r\n\r\n   Các cơ quan,\tđơn vị.\r\n";
        assert_eq!(preview_of(raw.as_bytes()), "Kính gửi: Các cơ quan, đơn vị.");
        let long = format!("Subject: x\r\n\r\n{}", "Lưu trữ ".repeat(100));
        let p = preview_of(long.as_bytes());
        assert_eq!(p.chars().count(), PREVIEW_CHARS);
        assert!(p.starts_with("Lưu trữ Lưu"));
        let html = "Content-Type: text/html\r\n\r\n<p>Gi&#7845;y <b>m&#7901;i</b></p>";
        assert_eq!(preview_of(html.as_bytes()), "Giấy mời");
        assert_eq!(preview_of(b"Subject: x\r\n\r\n"), "");
    }
}
