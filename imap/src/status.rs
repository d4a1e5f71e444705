//! STATUS data items (RFC 9051 §6.3.11), for the STATUS command and for LIST's
//! `RETURN (STATUS (…))` (LIST-STATUS, RFC 5819). Every value comes from the counters read
//! with the mailbox (`storage::Mailbox`), so a LIST of many mailboxes with their STATUS makes
//! no query per mailbox.

use storage::Mailbox;

use crate::wire::Token;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item {
    Messages,
    UidNext,
    UidValidity,
    Unseen,
    /// Messages no session has seen yet (RFC 3501 §2.3.2; IMAP4rev2 dropped it).
    Recent,
    /// RFC 8438.
    Size,
    /// RFC 7162.
    HighestModSeq,
    /// RFC 7889 §4: the largest message APPEND accepts into this mailbox.
    AppendLimit,
    /// RFC 8474 §4.2 (OBJECTID).
    MailboxId,
}

impl Item {
    fn name(self) -> &'static str {
        match self {
            Item::Messages => "MESSAGES",
            Item::UidNext => "UIDNEXT",
            Item::UidValidity => "UIDVALIDITY",
            Item::Unseen => "UNSEEN",
            Item::Recent => "RECENT",
            Item::Size => "SIZE",
            Item::HighestModSeq => "HIGHESTMODSEQ",
            Item::AppendLimit => "APPENDLIMIT",
            Item::MailboxId => "MAILBOXID",
        }
    }
}

/// Parses `(MESSAGES UNSEEN …)`'s contents: at least one known item (RFC 9051 §9
/// status-att-list), or a message for a BAD.
pub(crate) fn parse_items(tokens: &[Token]) -> Result<Vec<Item>, String> {
    if tokens.is_empty() {
        return Err("STATUS needs at least one item, e.g. (MESSAGES UNSEEN)".into());
    }
    tokens
        .iter()
        .map(|t| {
            let Token::Atom(name) = t else {
                return Err("STATUS items are atoms, e.g. (MESSAGES UNSEEN)".to_string());
            };
            Ok(match name.to_ascii_uppercase().as_str() {
                "MESSAGES" => Item::Messages,
                "UIDNEXT" => Item::UidNext,
                "UIDVALIDITY" => Item::UidValidity,
                "UNSEEN" => Item::Unseen,
                "RECENT" => Item::Recent,
                "SIZE" => Item::Size,
                "HIGHESTMODSEQ" => Item::HighestModSeq,
                "APPENDLIMIT" => Item::AppendLimit,
                "MAILBOXID" => Item::MailboxId,
                _ => {
                    return Err(format!(
                        "unknown STATUS item {name}: use MESSAGES, UIDNEXT, UIDVALIDITY, \
                         UNSEEN, RECENT, SIZE, HIGHESTMODSEQ, APPENDLIMIT or MAILBOXID"
                    ));
                }
            })
        })
        .collect()
}

/// Whether asking for these items is a CONDSTORE enabling command: STATUS with
/// HIGHESTMODSEQ (RFC 7162 §3.1), and so LIST's `RETURN (STATUS (… HIGHESTMODSEQ))`, which
/// RFC 5819 §2 defines as that STATUS for each mailbox listed. The caller enables it (the
/// session's `enable_condstore`) before writing the values.
pub(crate) fn enables_condstore(items: &[Item]) -> bool {
    items.contains(&Item::HighestModSeq)
}

/// `MESSAGES 2 UNSEEN 1 …`: the items' values, in the order asked.
pub(crate) fn values(items: &[Item], b: &Mailbox, append_limit: u64) -> String {
    items
        .iter()
        .map(|&item| {
            let value = match item {
                Item::Messages => b.messages.to_string(),
                Item::UidNext => b.uidnext.to_string(),
                Item::UidValidity => b.uidvalidity.to_string(),
                Item::Unseen => b.unseen.to_string(),
                Item::Recent => b.recent.to_string(),
                Item::Size => b.size.to_string(),
                Item::HighestModSeq => b.highest_modseq.to_string(),
                Item::AppendLimit => append_limit.to_string(),
                Item::MailboxId => format!("({})", crate::objectid::mailbox_id(b.uidvalidity)),
            };
            format!("{} {value}", item.name())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin> crate::session::Session<S> {
    /// STATUS mailbox (items) (RFC 9051 §6.3.11), of one's own or a unit's mailbox.
    pub(crate) async fn status(
        &mut self,
        raw: &[u8],
        items: Vec<Item>,
    ) -> Result<crate::error::Done, crate::error::ImapError> {
        use crate::error::{ImapError, blocking};
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let name = self
            .name_in(raw)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        let store = self.imap.store.clone();
        let b = blocking("STATUS could not read the mailbox", move || {
            let target = crate::shared::resolve(&store, account, &name)?;
            store.get_mailbox(target.owner, &target.name)
        })
        .await
        .map_err(ImapError::no_such_mailbox_unless_ours)?;
        if enables_condstore(&items) {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let values = values(&items, &b, self.imap.config.max_literal);
        let mut line = b"* STATUS ".to_vec();
        crate::response::astring(&mut line, raw, crate::response::Utf8::Quoted);
        line.extend_from_slice(format!(" ({values})\r\n").as_bytes());
        self.output.extend(line);
        Ok(crate::error::Done::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_parsed_and_answered_in_order() {
        let atoms = |names: &[&str]| -> Vec<Token> {
            names.iter().map(|n| Token::Atom(n.to_string())).collect()
        };
        let items = parse_items(&atoms(&[
            "unseen",
            "MESSAGES",
            "AppendLimit",
            "SIZE",
            "mailboxid",
        ]))
        .unwrap();
        let b = Mailbox {
            id: 1,
            account: 1,
            name: "INBOX".into(),
            special_use: None,
            uidvalidity: 7,
            uidnext: 5,
            highest_modseq: 9,
            messages: 4,
            unseen: 3,
            size: 1200,
            recent: 0,
        };
        assert_eq!(
            values(&items, &b, 1000),
            "UNSEEN 3 MESSAGES 4 APPENDLIMIT 1000 SIZE 1200 MAILBOXID (F7)"
        );
        assert!(
            parse_items(&atoms(&["MESSAGES", "DELETED-STORAGE"]))
                .unwrap_err()
                .contains("unknown")
        );
        assert!(parse_items(&[]).is_err());
        assert!(parse_items(&[Token::Quoted(b"MESSAGES".to_vec())]).is_err());
    }
}
