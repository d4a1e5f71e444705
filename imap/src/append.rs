//! APPEND (RFC 9051 §6.3.12; APPENDUID, RFC 4315 §3; literal8, RFC 3516 §4.4; UTF8, RFC
//! 6855 §4), with several messages at once (MULTIAPPEND, RFC 3502). Into one's own
//! mailbox, or a unit's through a read-write grant.
//!
//! All the messages of one command are stored in one transaction after one quota check for
//! their sum (`storage::Store::append_many`): if any of them cannot be, none is (RFC 3502
//! §6.3.11). A literal refused while the command is being received (over the message size
//! limit, or over the whole command's limit, `wire::Limits::max_command`: the size limit
//! plus a few lines, so a MULTIAPPEND's messages together are bounded like one message)
//! ends the command with `NO [TOOBIG]` before anything is stored.

use std::sync::Arc;

use storage::Flags;
use tokio::io::{AsyncRead, AsyncWrite};

use crate::copy::missing;
use crate::error::{Done, ImapError, blocking};
use crate::session::Session;
use crate::shared;
use crate::view::NOPERM_TEXT;
use crate::wire::Token;

/// APPEND's arguments: the mailbox and one message or more.
#[derive(Debug)]
pub(crate) struct Append {
    pub(crate) mailbox: Vec<u8>,
    pub(crate) messages: Vec<AppendMessage>,
}

/// One message of an APPEND (`append-message`, RFC 3502 §6.3.11).
#[derive(Debug)]
pub(crate) struct AppendMessage {
    pub(crate) flags: Flags,
    pub(crate) keywords: Vec<String>,
    /// The internal date, Unix seconds; now when absent.
    pub(crate) date: Option<i64>,
    pub(crate) data: Data,
    /// Sent as a literal8 (`~{n}`), alone or inside `UTF8 (…)`: may hold NUL bytes.
    pub(crate) binary: bool,
}

/// The message itself: its bytes, or the parts CATENATE joins (RFC 4469 §5).
#[derive(Debug)]
pub(crate) enum Data {
    Bytes(Vec<u8>),
    Catenate(Vec<Part>),
}

/// A CATENATE part: literal text, or an IMAP URL of a message or part (RFC 4469 §5).
#[derive(Debug)]
pub(crate) enum Part {
    Text(Vec<u8>),
    Url(Vec<u8>),
}

const USAGE: &str = "APPEND needs a mailbox and, for each message, optional (flags) and \
                     \"date-time\", and the message as a literal";

/// `APPEND mailbox 1*(SP [(flags) SP] [date-time SP] append-data)` where append-data is a
/// literal, a literal8, `UTF8 (literal8)` (RFC 6855 §4) or `CATENATE (parts)` (RFC 4469
/// §5). The message bytes are moved out of `args`, not copied.
pub(crate) fn parse(args: &mut [Token]) -> Result<Append, ImapError> {
    let [mailbox, rest @ ..] = args else {
        return Err(ImapError::bad(USAGE));
    };
    let mailbox = match mailbox {
        Token::Nil => b"NIL".to_vec(),
        other => other
            .as_bytes()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| ImapError::bad(USAGE))?,
    };
    let mut messages = Vec::new();
    let mut at = 0;
    // Each pass takes at least the message's data token, or fails: it ends.
    while at < rest.len() {
        let (message, next) = one_message(rest, at)?;
        messages.push(message);
        at = next;
    }
    if messages.is_empty() {
        return Err(ImapError::bad(USAGE));
    }
    Ok(Append { mailbox, messages })
}

/// The `append-message` starting at `args[at]`, and where the next one starts.
fn one_message(args: &mut [Token], mut at: usize) -> Result<(AppendMessage, usize), ImapError> {
    let (mut flags, mut keywords) = (Flags::default(), Vec::new());
    if let Some(Token::List(list)) = args.get(at) {
        (flags, keywords) = crate::command::flags(list)?;
        at += 1;
    }
    let mut date = None;
    if let Some(Token::Quoted(d)) = args.get(at) {
        let text = String::from_utf8_lossy(d);
        date = Some(crate::date::parse_date_time(&text).ok_or_else(|| {
            ImapError::bad(format!(
                "bad date-time \"{text}\": the form is \"06-Dec-2026 08:00:00 +0700\""
            ))
        })?);
        at += 1;
    }
    let start = at.min(args.len());
    let (data, binary, taken) = match &mut args[start..] {
        [Token::Literal(m), ..] => (Data::Bytes(std::mem::take(m)), false, 1),
        [Token::Literal8(m), ..] => (Data::Bytes(std::mem::take(m)), true, 1),
        // RFC 6855 §4: `UTF8 (~{n}…)`, the message may hold UTF-8 header fields. Its
        // literal8 is a literal8 in the grammar, but the data is a message like any other.
        [Token::Atom(word), Token::List(inner), ..] if word.eq_ignore_ascii_case("UTF8") => {
            (Data::Bytes(utf8_literal(inner)?), true, 2)
        }
        [Token::Atom(word), Token::List(parts), ..] if word.eq_ignore_ascii_case("CATENATE") => {
            let (parts, binary) = catenate_parts(parts)?;
            (Data::Catenate(parts), binary, 2)
        }
        _ => return Err(ImapError::bad(USAGE)),
    };
    Ok((
        AppendMessage {
            flags,
            keywords,
            date,
            data,
            binary,
        },
        at + taken,
    ))
}

/// `REPLACE n mailbox append-message` and `UID REPLACE uid mailbox append-message` (RFC
/// 8508 §3, §6); None for any other command.
pub(crate) fn parse_replace(
    cmd: &mut crate::wire::Command,
) -> Option<Result<crate::command::Command, ImapError>> {
    let uid = match (cmd.name.as_str(), cmd.args.first()) {
        ("REPLACE", _) => false,
        ("UID", Some(Token::Atom(sub))) if sub.eq_ignore_ascii_case("REPLACE") => true,
        _ => return None,
    };
    let args = if uid {
        &mut cmd.args[1..]
    } else {
        &mut cmd.args[..]
    };
    let usage = "REPLACE needs a message number, a mailbox and one message";
    let parsed = (|| {
        let [Token::Atom(n), rest @ ..] = args else {
            return Err(ImapError::bad(usage));
        };
        let number: u32 = Some(n)
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse().ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| ImapError::bad(usage))?;
        let append = parse(rest)?;
        if append.messages.len() != 1 {
            return Err(ImapError::bad("REPLACE takes one message"));
        }
        Ok(crate::command::Command::Replace {
            uid,
            number,
            append,
        })
    })();
    Some(parsed)
}

fn utf8_literal(inner: &mut [Token]) -> Result<Vec<u8>, ImapError> {
    match inner {
        [Token::Literal8(m)] => Ok(std::mem::take(m)),
        _ => Err(ImapError::bad(
            "APPEND UTF8 takes the message as a literal8: UTF8 (~{n}…)",
        )),
    }
}

/// `cat-part *(SP cat-part)`: `TEXT literal` (a literal8 too with BINARY, RFC 4469 §6),
/// `URL astring`, and `UTF8 (literal8)` (RFC 6855 §4). Whether a part was a literal8.
fn catenate_parts(tokens: &mut [Token]) -> Result<(Vec<Part>, bool), ImapError> {
    let usage = "CATENATE takes (TEXT literal | URL \"imap-url\" …)";
    let mut parts = Vec::new();
    let mut binary = false;
    // Each pass takes two tokens or fails: it ends.
    for pair in tokens.chunks_mut(2) {
        let part = match pair {
            [Token::Atom(word), value] => match (word.to_ascii_uppercase().as_str(), value) {
                ("TEXT", Token::Literal(t)) => Part::Text(std::mem::take(t)),
                ("TEXT", Token::Literal8(t)) => {
                    binary = true;
                    Part::Text(std::mem::take(t))
                }
                ("UTF8", Token::List(inner)) => {
                    binary = true;
                    Part::Text(utf8_literal(inner)?)
                }
                ("URL", Token::Nil) => Part::Url(b"NIL".to_vec()),
                ("URL", url) => Part::Url(
                    url.as_bytes()
                        .map(<[u8]>::to_vec)
                        .ok_or_else(|| ImapError::bad(usage))?,
                ),
                _ => return Err(ImapError::bad(usage)),
            },
            _ => return Err(ImapError::bad(usage)),
        };
        parts.push(part);
    }
    if parts.is_empty() {
        return Err(ImapError::bad(usage));
    }
    Ok((parts, binary))
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    pub(crate) async fn append(&mut self, args: Append) -> Result<Done, ImapError> {
        self.append_or_replace(args, None).await
    }

    /// APPEND, or REPLACE's append (`replace`: the selected mailbox's message it expunges,
    /// in the same transaction).
    pub(crate) async fn append_or_replace(
        &mut self,
        args: Append,
        replace: Option<storage::Replaced>,
    ) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let name = self
            .name_in(&args.mailbox)
            .ok_or_else(|| ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7"))?;
        let now = storage::now();
        let mut messages = Vec::with_capacity(args.messages.len());
        for m in args.messages {
            // A literal8 may hold NUL bytes: FETCH then shows them as 0x80 in a plain literal
            // (see `fetch::literal`), and byte for byte through BINARY.
            let raw = match m.data {
                Data::Bytes(bytes) => bytes,
                Data::Catenate(parts) => self.catenate(account, parts).await?,
            };
            tracing::debug!(binary = m.binary, size = raw.len(), "APPEND");
            messages.push(storage::NewMessage {
                raw: Arc::from(raw),
                flags: m.flags,
                keywords: m.keywords,
                internal_date: m.date.unwrap_or(now),
            });
        }
        let store = self.imap.store.clone();
        let lookup = name.clone();
        let done = blocking("APPEND failed", move || {
            let target = shared::resolve(&store, account, &lookup)?;
            if !target.rights.allows(crate::acl::Right::Insert) {
                // Known to exist before saying NOPERM, so a missing one stays NONEXISTENT.
                store.mailbox_head(target.owner, &target.name)?;
                return Ok(None);
            }
            // Into a unit's mailbox: stored as the unit's, against the unit's quota.
            store
                .append_many(target.owner, &target.name, messages, replace)
                .map(Some)
        })
        .await;
        match done {
            Ok(Some(d)) => Ok(Done::code(appenduid(&d))),
            Ok(None) => Err(ImapError::no(Some("NOPERM"), NOPERM_TEXT)),
            Err(e) if e.code.as_deref() == Some("NONEXISTENT") => Err(missing(&name)),
            Err(e) => Err(e),
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// REPLACE (RFC 8508): the new message is appended and the old one, in the selected
    /// mailbox, expunged, in one transaction: if the append fails, nothing is expunged.
    /// The APPENDUID comes in an untagged OK before the EXPUNGE (§3.3).
    pub(crate) async fn replace(
        &mut self,
        by_uid: bool,
        number: u32,
        append: Append,
    ) -> Result<Done, ImapError> {
        let view = self.writable()?;
        let old = if by_uid {
            view.seq(number).map(|_| number)
        } else {
            view.uids.get(number as usize - 1).copied()
        };
        // RFC 8508 §3.2: a message that is not there is NO (BAD for a sequence number past
        // the end would be right too; Dovecot says NO).
        let Some(old) = old else {
            return Err(ImapError::no(None, "no such message to replace"));
        };
        let replaced = storage::Replaced {
            owner: view.owner,
            mailbox: view.id,
            uid: old,
        };
        let done = self.append_or_replace(append, Some(replaced)).await?;
        let code = done.code.unwrap_or_default();
        self.output
            .extend_from_slice(format!("* OK [{code}] Replacement Message ready\r\n").as_bytes());
        self.forget(&[old]);
        Ok(Done::default())
    }
}

/// `APPENDUID uidvalidity uid-set` (RFC 4315 §3): the UIDs of one command's messages are
/// consecutive (one transaction), so one range.
fn appenduid(done: &[storage::Delivered]) -> String {
    let (Some(first), Some(last)) = (done.first(), done.last()) else {
        return String::new();
    };
    if first.uid == last.uid {
        format!("APPENDUID {} {}", first.uidvalidity, first.uid)
    } else {
        format!("APPENDUID {} {}:{}", first.uidvalidity, first.uid, last.uid)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::wire;

    fn append_of(frame: &[u8]) -> Result<Append, ImapError> {
        let mut cmd = wire::tokenize(frame).map_err(|e| ImapError::bad(e.message))?;
        parse(&mut cmd.args)
    }

    fn bytes(m: &AppendMessage) -> &[u8] {
        match &m.data {
            Data::Bytes(b) => b,
            Data::Catenate(_) => panic!("catenate"),
        }
    }

    #[test]
    fn thunderbirds_utf8_append_is_read() {
        let a = append_of(b"a APPEND \"Sent\" (\\Seen) UTF8 (~{5+}\r\nhello)").unwrap();
        assert_eq!(a.mailbox, b"Sent");
        assert_eq!(a.messages[0].flags, Flags::SEEN);
        assert_eq!(bytes(&a.messages[0]), b"hello");
        assert!(a.messages[0].binary);
        let a =
            append_of(b"a APPEND Drafts (\\Draft $Foo) \" 6-Dec-2026 08:00:00 +0700\" {2}\r\nhi")
                .unwrap();
        assert_eq!(a.messages[0].keywords, vec!["$Foo".to_string()]);
        assert_eq!(a.messages[0].date, Some(1_796_518_800));
        assert!(!a.messages[0].binary);
        let a = append_of(b"a APPEND INBOX ~{3}\r\na\0b").unwrap();
        assert!(a.messages[0].binary);
    }

    /// RFC 3502 §3's example, and each message's own flags and date.
    #[test]
    fn multiappend_takes_each_message_with_its_options() {
        let a = append_of(
            b"A003 APPEND saved-messages (\\Seen) {3}\r\nabc (\\Seen) \
              \"7-Feb-1994 22:43:04 -0800\" {2}\r\nde {1}\r\nf",
        )
        .unwrap();
        assert_eq!(a.messages.len(), 3);
        assert_eq!(bytes(&a.messages[1]), b"de");
        assert!(a.messages[1].date.is_some() && a.messages[2].date.is_none());
        assert_eq!(a.messages[2].flags, Flags::default());
    }

    #[test]
    fn what_append_refuses() {
        for line in [
            &b"a APPEND INBOX (\\Seen) UTF8 ({2}\r\nhi)"[..],
            b"a APPEND INBOX (\\Recent) {2}\r\nhi",
            b"a APPEND INBOX FOO {2}\r\nhi",
            b"a APPEND INBOX",
            b"a APPEND INBOX \"bad date\" {2}\r\nhi",
            b"a APPEND INBOX {2}\r\nhi (\\Seen)",
            b"a APPEND INBOX {2}\r\nhi \"7-Feb-1994 22:43:04 -0800\"",
            b"a APPEND INBOX CATENATE ()",
            b"a APPEND INBOX CATENATE (TEXT \"quoted\")",
            b"a APPEND INBOX CATENATE (URL)",
            b"a APPEND INBOX CATENATE (FOO {1}\r\nx)",
        ] {
            assert!(
                append_of(line).is_err(),
                "{:?} was taken",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn uid_sets_of_appenduid() {
        let d = |uid| storage::Delivered {
            account: 1,
            mailbox: 1,
            uid,
            uidvalidity: 38505,
            modseq: 1,
            used_bytes: 0,
            quota_bytes: None,
        };
        assert_eq!(appenduid(&[d(3955)]), "APPENDUID 38505 3955");
        assert_eq!(
            appenduid(&[d(3955), d(3956), d(3957)]),
            "APPENDUID 38505 3955:3957"
        );
    }
}
