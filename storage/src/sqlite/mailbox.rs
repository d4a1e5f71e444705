//! Mailboxes (folders) of an account.
//!
//! Names are UTF-8 with '/' as the hierarchy separator; "INBOX" is case-insensitive
//! (RFC 9051 §5.1). IMAP's modified UTF-7 is the IMAP crate's business, never stored.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::backend::Mailboxes;
use crate::changes::Change;
use crate::db::WriteCtx;
use crate::error::{Result, StorageError};
use crate::flags::Flags;
use crate::types::{AccountId, MailboxId};
use crate::{message, sqlite::SqliteBackend};

pub const SEPARATOR: char = '/';
pub const INBOX: &str = "INBOX";

/// The mailboxes every new account gets, with their RFC 6154 special-use attribute.
pub const DEFAULT_MAILBOXES: &[(&str, Option<&str>)] = &[
    (INBOX, None),
    ("Sent", Some("\\Sent")),
    ("Drafts", Some("\\Drafts")),
    ("Trash", Some("\\Trash")),
    ("Junk", Some("\\Junk")),
    ("Archive", Some("\\Archive")),
    // Not RFC 6154: moving or copying a sent official document here recalls it (ND 30/2020
    // Điều 18.4b; see `recall`). RFC 9051 §7.3.1 lets a server send extension attributes.
    (
        crate::recall::RECALL_MAILBOX,
        Some(crate::recall::RECALL_ATTRIBUTE),
    ),
];

const MAX_NAME_BYTES: usize = 512;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Mailbox {
    pub id: MailboxId,
    pub account: AccountId,
    pub name: String,
    pub special_use: Option<String>,
    /// Changes only when UIDs of this name can no longer be trusted (RFC 9051 §2.3.1.1).
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub highest_modseq: u64,
    /// The counts below are read only when asked for ([`Counts::With`]); zero otherwise.
    pub messages: u32,
    pub unseen: u32,
    pub size: u64,
    /// Messages no session has seen as \Recent yet (RFC 3501 §2.3.2, STATUS RECENT).
    pub recent: u32,
}

/// Whether a mailbox listing reads each mailbox's counts (messages, unseen, total size). They
/// are aggregates over every message, one content row each for the size: a LIST without
/// STATUS, which clients send at every sync, does without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    With,
    Without,
}

/// A mailbox's identity and counters, read without touching its messages (see
/// [`Store::mailbox_head`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailboxHead {
    pub id: MailboxId,
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub highest_modseq: u64,
}

/// A mailbox as SELECT sees it (see [`Store::view_mailbox`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxView {
    pub id: MailboxId,
    pub uidvalidity: u32,
    pub uidnext: u32,
    pub highest_modseq: u64,
    /// Every UID, ascending.
    pub uids: Vec<u32>,
    /// The highest UID a session has already seen as recent (see [`Store::claim_recent`]):
    /// the messages above it are \Recent (RFC 3501 §2.3.2).
    pub recent_uid: u32,
    /// The lowest UID without \Seen, for SELECT's `[UNSEEN n]` (RFC 3501 §6.3.1).
    pub first_unseen: Option<u32>,
    /// The keywords set on any message of the mailbox, sorted, for SELECT's FLAGS and
    /// PERMANENTFLAGS (RFC 9051 §7.3.5).
    pub keywords: Vec<String>,
}

/// Checks and normalises a mailbox name: non-empty, no empty, "." or ".." levels, no control
/// characters, "inbox" in any case means INBOX.
/// The first level of the shared namespace (RFC 2342): `Shared/<unit>/<mailbox>` names a
/// unit's mailbox opened through a grant, so no account has a mailbox of its own there.
pub const SHARED_PREFIX: &str = "Shared";

/// Whether a name is in the shared namespace: `Shared` or below it (case-sensitive, as
/// namespace prefixes are; "Sharedfolder" is an ordinary name).
pub fn in_shared_namespace(name: &str) -> bool {
    name.strip_prefix(SHARED_PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(SEPARATOR))
}

pub fn normalize_name(name: &str) -> Result<String> {
    let bad = |why: &str| StorageError::Invalid(format!("invalid mailbox name {name:?}: {why}"));
    if name.is_empty() {
        return Err(bad("empty"));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(bad("too long"));
    }
    if name.chars().any(|c| c.is_control() || c == '*' || c == '%') {
        return Err(bad("control characters, '*' and '%' are not allowed"));
    }
    let levels: Vec<&str> = name.split(SEPARATOR).collect();
    if levels
        .iter()
        .any(|l| l.is_empty() || *l == "." || *l == "..")
    {
        return Err(bad("empty, '.' or '..' levels are not allowed"));
    }
    if levels[0].eq_ignore_ascii_case(INBOX) {
        let mut out = String::from(INBOX);
        for level in &levels[1..] {
            out.push(SEPARATOR);
            out.push_str(level);
        }
        return Ok(out);
    }
    Ok(name.to_string())
}

/// A personal mailbox cannot be created in the shared namespace: no client could show,
/// select or delete it there.
fn refuse_shared(name: &str) -> Result<()> {
    if in_shared_namespace(name) {
        return Err(StorageError::Invalid(format!(
            "invalid mailbox name {name:?}: \"{SHARED_PREFIX}/\" holds the units' shared mailboxes"
        )));
    }
    Ok(())
}

pub(crate) const MAILBOX_SELECT: &str = "SELECT m.id, m.account_id, m.name, m.special_use, m.uidvalidity, \
     m.uidnext, m.highest_modseq, \
     (SELECT count(*) FROM messages x WHERE x.mailbox_id = m.id), \
     (SELECT count(*) FROM messages x WHERE x.mailbox_id = m.id AND x.flags & 1 = 0), \
     (SELECT coalesce(sum(c.size), 0) FROM messages x JOIN contents c ON c.id = x.content_id \
        WHERE x.mailbox_id = m.id), \
     (SELECT count(*) FROM messages x WHERE x.mailbox_id = m.id AND x.uid > m.recent_uid) \
     FROM mailboxes m";

/// [`MAILBOX_SELECT`] with the counts left at zero.
const MAILBOX_SELECT_WITHOUT_COUNTS: &str = "SELECT m.id, m.account_id, m.name, m.special_use, \
     m.uidvalidity, m.uidnext, m.highest_modseq, 0, 0, 0, 0 FROM mailboxes m";

impl Counts {
    pub(crate) fn select(self) -> &'static str {
        match self {
            Counts::With => MAILBOX_SELECT,
            Counts::Without => MAILBOX_SELECT_WITHOUT_COUNTS,
        }
    }
}

pub(crate) fn mailbox_from_row(r: &Row<'_>) -> rusqlite::Result<Mailbox> {
    Ok(Mailbox {
        id: r.get(0)?,
        account: r.get(1)?,
        name: r.get(2)?,
        special_use: r.get(3)?,
        uidvalidity: r.get::<_, i64>(4)? as u32,
        uidnext: r.get::<_, i64>(5)? as u32,
        highest_modseq: r.get::<_, i64>(6)? as u64,
        messages: r.get::<_, i64>(7)? as u32,
        unseen: r.get::<_, i64>(8)? as u32,
        size: r.get::<_, i64>(9)?.max(0) as u64,
        recent: r.get::<_, i64>(10)? as u32,
    })
}

/// The id of an account's mailbox by (normalised) name.
pub(crate) fn mailbox_id(conn: &Connection, account: AccountId, name: &str) -> Result<MailboxId> {
    conn.prepare_cached("SELECT id FROM mailboxes WHERE account_id = ?1 AND name = ?2")?
        .query_row(params![account, name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StorageError::not_found("mailbox", name))
}

/// A mailbox's identity and counters by (normalised) name.
fn mailbox_head(conn: &Connection, account: AccountId, name: &str) -> Result<MailboxHead> {
    conn.prepare_cached(
        "SELECT id, uidvalidity, uidnext, highest_modseq FROM mailboxes \
         WHERE account_id = ?1 AND name = ?2",
    )?
    .query_row(params![account, name], |r| {
        Ok(MailboxHead {
            id: r.get(0)?,
            uidvalidity: r.get::<_, i64>(1)? as u32,
            uidnext: r.get::<_, i64>(2)? as u32,
            highest_modseq: r.get::<_, i64>(3)? as u64,
        })
    })
    .optional()?
    .ok_or_else(|| StorageError::not_found("mailbox", name))
}

/// What SELECT reads of a mailbox's messages, in one pass over its rows (they are stored in
/// UID order, each with its flags and keywords): every UID, ascending; the lowest UID without
/// \Seen; and the keywords set on any message, sorted and without repeats. Three queries
/// walked the same rows three times before: on a 100,000-message mailbox the keywords alone
/// were 49 of SELECT's 130 million instructions.
fn scan_messages(
    conn: &Connection,
    mailbox: MailboxId,
) -> Result<(Vec<u32>, Option<u32>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT uid, flags, keywords FROM messages WHERE mailbox_id = ?1 ORDER BY uid",
    )?;
    let mut rows = stmt.query([mailbox])?;
    let mut uids = Vec::new();
    let mut first_unseen = None;
    // Most messages carry the same few keyword lists: each distinct list is split once.
    let mut lists: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Keywords are case-insensitive (RFC 9051 §2.3.2): keyed by their upper case, spelled
    // as on the first message (in UID order) that has them.
    let mut keywords = std::collections::BTreeMap::new();
    while let Some(row) = rows.next()? {
        let uid = row.get::<_, i64>(0)? as u32;
        uids.push(uid);
        if first_unseen.is_none() && row.get::<_, i64>(1)? & i64::from(Flags::SEEN.0) == 0 {
            first_unseen = Some(uid);
        }
        let joined = match row.get_ref(2)? {
            rusqlite::types::ValueRef::Null => continue,
            value => value.as_str().map_err(rusqlite::Error::from)?,
        };
        if lists.contains(joined) {
            continue;
        }
        for k in joined.split(' ').filter(|k| !k.is_empty()) {
            keywords
                .entry(k.to_ascii_uppercase())
                .or_insert_with(|| k.to_string());
        }
        lists.insert(joined.to_string());
    }
    Ok((uids, first_unseen, keywords.into_values().collect()))
}

/// Checks that `mailbox` belongs to `account`: every message operation goes through this, so
/// one account can never reach another's mail by guessing ids.
pub(crate) fn owned(conn: &Connection, account: AccountId, mailbox: MailboxId) -> Result<()> {
    let found = conn
        .prepare_cached("SELECT 1 FROM mailboxes WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![mailbox, account], |_| Ok(()))
        .optional()?;
    found.ok_or_else(|| StorageError::not_found("mailbox", mailbox.to_string()))
}

/// The next UIDVALIDITY: strictly above every value ever given out in this database, to any
/// mailbox of any account, whether that mailbox still exists or not, and at least the current
/// time (RFC 9051 §2.3.1.1 suggests a value that changes, such as a time). The last value is
/// kept in `counters` (migration 11) and updated in the same transaction as the mailbox row,
/// so a mailbox deleted and re-created in the same second, or after a restart, never gets the
/// UIDVALIDITY its former incarnation had: a caching client then drops its cache instead of
/// showing another message under a UID it knows.
fn next_uidvalidity(conn: &Connection, now: i64) -> Result<u32> {
    let last: i64 = conn
        .prepare_cached("SELECT value FROM counters WHERE name = 'uidvalidity'")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    // The existing mailboxes too, should the counter ever lag behind them (a database edited
    // by hand): an indexed lookup, and mailboxes are created seldom.
    let existing: i64 = conn
        .prepare_cached("SELECT coalesce(max(uidvalidity), 0) FROM mailboxes")?
        .query_row([], |r| r.get(0))?;
    let next = last.max(existing).saturating_add(1).max(now).max(1);
    let Ok(next) = u32::try_from(next) else {
        // 2^32 - 1 is reached by the clock in 2106, or by four billion mailbox creations:
        // refuse rather than give a value out twice.
        return Err(StorageError::Invalid(
            "no UIDVALIDITY left to give a new mailbox (all 32-bit values used)".into(),
        ));
    };
    conn.prepare_cached(
        "INSERT INTO counters (name, value) VALUES ('uidvalidity', ?1) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )?
    .execute([next])?;
    Ok(next)
}

pub(crate) fn insert_mailbox(
    ctx: &mut WriteCtx<'_>,
    account: AccountId,
    name: &str,
    special_use: Option<&str>,
    now: i64,
) -> Result<MailboxId> {
    let uidvalidity = next_uidvalidity(ctx.conn, now)?;
    ctx.conn
        .prepare_cached(
            "INSERT INTO mailboxes (account_id, name, special_use, uidvalidity) \
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![account, name, special_use, uidvalidity])?;
    Ok(ctx.conn.last_insert_rowid())
}

pub(crate) fn create_default_mailboxes(
    ctx: &mut WriteCtx<'_>,
    account: AccountId,
    now: i64,
) -> Result<()> {
    for (name, special_use) in DEFAULT_MAILBOXES {
        insert_mailbox(ctx, account, name, *special_use, now)?;
        // The administrator's setup, not the server acting on its own (RFC 9051 §6.3.7): a
        // new account shows its folders in clients that list only subscribed ones.
        subscribe(ctx.conn, account, name)?;
    }
    Ok(())
}

/// Adds a (normalised) name to an account's subscriptions; already there is fine
/// (RFC 9051 §6.3.7).
pub(crate) fn subscribe(conn: &Connection, account: AccountId, name: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO subscriptions (account_id, name) VALUES (?1, ?2)")?
        .execute(params![account, name])?;
    Ok(())
}

/// Whether a (normalised) name is a mailbox of the account or a level above one (`A` when
/// `A/B` exists): what SUBSCRIBE accepts.
fn listable(conn: &Connection, account: AccountId, name: &str) -> Result<bool> {
    let prefix = format!("{name}{SEPARATOR}");
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM mailboxes WHERE account_id = ?1 \
             AND (name = ?2 OR substr(name, 1, length(?3)) = ?3) LIMIT 1",
        )?
        .query_row(params![account, name, prefix], |_| Ok(()))
        .optional()?
        .is_some())
}

impl SqliteBackend {
    /// The mailboxes [`Mailboxes::list_mailboxes`] leaves out (see `Import::hidden_mailboxes`).
    pub fn hidden_mailboxes(&self, account: AccountId) -> Result<Vec<Mailbox>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{} WHERE m.account_id = ?1 AND NOT ({}) ORDER BY m.name",
                Counts::Without.select(),
                crate::recall::NOT_HIDDEN,
            ))?;
            let rows = stmt.query_map([account], mailbox_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

impl Mailboxes for SqliteBackend {
    fn list_mailboxes(&self, account: AccountId, counts: Counts) -> Result<Vec<Mailbox>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{} WHERE m.account_id = ?1 AND {} ORDER BY m.name",
                counts.select(),
                crate::recall::NOT_HIDDEN,
            ))?;
            let rows = stmt.query_map([account], mailbox_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn get_mailbox(&self, account: AccountId, name: &str) -> Result<Mailbox> {
        let name = normalize_name(name)?;
        self.db().read(|conn| {
            conn.prepare_cached(&format!(
                "{MAILBOX_SELECT} WHERE m.account_id = ?1 AND m.name = ?2"
            ))?
            .query_row(params![account, name], mailbox_from_row)
            .optional()?
            .ok_or_else(|| StorageError::not_found("mailbox", name))
        })
    }

    /// A mailbox's identity and counters without the aggregates over its messages that
    /// [`Store::get_mailbox`] adds: for commands that only need the mailbox to exist or its id
    /// (COPY and MOVE into it, SUBSCRIBE).
    fn mailbox_head(&self, account: AccountId, name: &str) -> Result<MailboxHead> {
        let name = normalize_name(name)?;
        self.db().read(|conn| mailbox_head(conn, account, &name))
    }

    /// What SELECT needs, read in one snapshot: the mailbox's identity, its counters and every
    /// UID. Unlike [`Store::get_mailbox`] it leaves out the aggregates over the messages'
    /// contents (total size), which STATUS needs and SELECT does not: summing the sizes reads
    /// one content row per message, megabytes of pages for a large mailbox.
    fn view_mailbox(&self, account: AccountId, name: &str) -> Result<MailboxView> {
        let name = normalize_name(name)?;
        self.db().read(|conn| {
            let MailboxHead {
                id,
                uidvalidity,
                uidnext,
                highest_modseq,
            } = mailbox_head(conn, account, &name)?;
            let (mut uids, first_unseen, keywords) = scan_messages(conn, id)?;
            // The session keeps this list while the mailbox is selected: without the room
            // that collecting it left (up to half again).
            uids.shrink_to_fit();
            Ok(MailboxView {
                id,
                uidvalidity,
                uidnext,
                highest_modseq,
                uids,
                recent_uid: conn
                    .prepare_cached("SELECT recent_uid FROM mailboxes WHERE id = ?1")?
                    .query_row([id], |r| r.get::<_, i64>(0))? as u32,
                first_unseen,
                keywords,
            })
        })
    }

    /// Makes the messages up to `uid` recent for the calling session and for no other
    /// (RFC 3501 §2.3.2): returns the highest UID claimed before, so that the caller's recent
    /// messages are those above it. Decided in memory under one lock, so two sessions never
    /// both get a message; the database learns of it behind, without the caller waiting for
    /// a commit (a claim lost in a crash only makes messages recent once more, which RFC 3501
    /// allows: "SHOULD be considered recent" when in doubt).
    fn claim_recent(&self, account: AccountId, mailbox: MailboxId, uid: u32) -> Result<u32> {
        let stored = self.db().read(|conn| {
            owned(conn, account, mailbox)?;
            let stored = conn
                .prepare_cached("SELECT recent_uid FROM mailboxes WHERE id = ?1")?
                .query_row([mailbox], |r| r.get::<_, i64>(0))?;
            Ok(stored as u32)
        })?;
        // The database is behind the claims made here, never ahead.
        let mut claims = self.recent_claims();
        let before = claims.get(&mailbox).copied().unwrap_or(0).max(stored);
        if uid > before {
            claims.insert(mailbox, uid);
            self.db().write_behind(move |ctx| {
                ctx.conn
                    .prepare_cached(
                        "UPDATE mailboxes SET recent_uid = max(recent_uid, ?2) WHERE id = ?1",
                    )?
                    .execute(params![mailbox, uid])?;
                Ok(())
            });
        }
        Ok(before)
    }

    fn create_mailbox(
        &self,
        account: AccountId,
        name: &str,
        special_use: Option<&str>,
    ) -> Result<MailboxId> {
        let name = normalize_name(name)?;
        refuse_shared(&name)?;
        let special_use = special_use.map(str::to_string);
        self.db().write(move |ctx| {
            if mailbox_id(ctx.conn, account, &name).is_ok() {
                return Err(StorageError::Conflict(format!(
                    "mailbox {name:?} already exists"
                )));
            }
            let id = insert_mailbox(ctx, account, &name, special_use.as_deref(), crate::now())?;
            ctx.notify(account, Change::MailboxesChanged);
            Ok(id)
        })
    }

    /// Creates a mailbox with the special use `special_use` (RFC 6154 §3, CREATE-SPECIAL-USE),
    /// unless another mailbox of the account has it: then `Ok(Err(name))` names that mailbox
    /// and nothing is created. Checked in the writer's transaction, so two creations at once
    /// cannot both take the use.
    fn create_special_mailbox(
        &self,
        account: AccountId,
        name: &str,
        special_use: &str,
    ) -> Result<std::result::Result<MailboxId, String>> {
        let name = normalize_name(name)?;
        refuse_shared(&name)?;
        let special_use = special_use.to_string();
        self.db().write(move |ctx| {
            let taken: Option<String> = ctx
                .conn
                .prepare_cached(
                    "SELECT name FROM mailboxes WHERE account_id = ?1 AND special_use = ?2",
                )?
                .query_row(params![account, special_use], |r| r.get(0))
                .optional()?;
            if let Some(other) = taken {
                return Ok(Err(other));
            }
            if mailbox_id(ctx.conn, account, &name).is_ok() {
                return Err(StorageError::Conflict(format!(
                    "mailbox {name:?} already exists"
                )));
            }
            let id = insert_mailbox(ctx, account, &name, Some(&special_use), crate::now())?;
            ctx.notify(account, Change::MailboxesChanged);
            Ok(Ok(id))
        })
    }

    /// Renames a mailbox and its children (RFC 9051 §6.3.6). Renaming INBOX moves its
    /// messages into a new mailbox of the new name and leaves INBOX empty. Subscriptions are
    /// left as they are, on the old names: "renaming a mailbox doesn't update subscription
    /// information on the original name" (RFC 9051 §6.3.6; Dovecot does the same); a client
    /// that wants them moved sends SUBSCRIBE and UNSUBSCRIBE itself.
    fn rename_mailbox(&self, account: AccountId, from: &str, to: &str) -> Result<()> {
        let from = normalize_name(from)?;
        let to = normalize_name(to)?;
        refuse_shared(&to)?;
        self.db().write(move |ctx| {
            let conn = ctx.conn;
            let source = mailbox_id(conn, account, &from)?;
            if mailbox_id(conn, account, &to).is_ok() {
                return Err(StorageError::Conflict(format!(
                    "mailbox {to:?} already exists"
                )));
            }
            if to.starts_with(&format!("{from}{SEPARATOR}")) {
                return Err(StorageError::Invalid(format!(
                    "cannot rename {from:?} into its own child {to:?}"
                )));
            }
            if from == INBOX {
                let target = insert_mailbox(ctx, account, &to, None, crate::now())?;
                message::move_all(ctx, account, source, target)?;
            } else {
                let prefix = format!("{from}{SEPARATOR}");
                let mut stmt = conn.prepare_cached(
                    "SELECT id, name FROM mailboxes WHERE account_id = ?1 \
                     AND (name = ?2 OR substr(name, 1, length(?3)) = ?3)",
                )?;
                let renames: Vec<(MailboxId, String)> = stmt
                    .query_map(params![account, from, prefix], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                for (id, name) in renames {
                    let new_name = format!("{to}{}", &name[from.len()..]);
                    if mailbox_id(conn, account, &new_name).is_ok() {
                        return Err(StorageError::Conflict(format!(
                            "mailbox {new_name:?} already exists"
                        )));
                    }
                    conn.execute(
                        "UPDATE mailboxes SET name = ?1 WHERE id = ?2",
                        params![new_name, id],
                    )?;
                }
            }
            ctx.notify(account, Change::MailboxesChanged);
            Ok(())
        })
    }

    /// Deletes a mailbox and expunges its messages (RFC 9051 §6.3.5); INBOX cannot be
    /// deleted. Child mailboxes are kept, and so is the subscription of the name: the server
    /// must not remove it on its own (RFC 9051 §6.3.7).
    fn delete_mailbox(&self, account: AccountId, name: &str) -> Result<()> {
        let name = normalize_name(name)?;
        if name == INBOX {
            return Err(StorageError::Invalid("INBOX cannot be deleted".into()));
        }
        self.db().write(move |ctx| {
            let id = mailbox_id(ctx.conn, account, &name)?;
            message::remove_all(ctx, account, id)?;
            ctx.conn
                .execute("DELETE FROM expunged WHERE mailbox_id = ?1", [id])?;
            ctx.conn
                .execute("DELETE FROM mailboxes WHERE id = ?1", [id])?;
            ctx.notify(account, Change::MailboxesChanged);
            Ok(())
        })
    }

    /// The account's subscribed names, sorted. Some may name no mailbox: a subscription
    /// outlives the mailbox it named (RFC 9051 §6.3.7), and LIST (SUBSCRIBED) shows such a
    /// name as \NonExistent.
    fn subscriptions(&self, account: AccountId) -> Result<Vec<String>> {
        self.db().read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT name FROM subscriptions WHERE account_id = ?1 ORDER BY name",
            )?;
            let rows = stmt.query_map([account], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }

    /// SUBSCRIBE (RFC 9051 §6.3.7): adds the name to the account's subscriptions. The name
    /// must be a mailbox or a level above one: RFC 9051 lets a server check that it exists,
    /// and Dovecot does (NO for a name it cannot list), so a typo is not kept for ever.
    /// Subscribing twice is not an error.
    fn subscribe_mailbox(&self, account: AccountId, name: &str) -> Result<()> {
        let name = normalize_name(name)?;
        self.db().write(move |ctx| {
            if !listable(ctx.conn, account, &name)? {
                return Err(StorageError::not_found("mailbox", name));
            }
            subscribe(ctx.conn, account, &name)?;
            ctx.notify(account, Change::MailboxesChanged);
            Ok(())
        })
    }

    /// UNSUBSCRIBE (RFC 9051 §6.3.8): removes the name from the account's subscriptions,
    /// whether a mailbox of that name exists or not (that is how a client drops the
    /// subscription of a deleted mailbox). A name that was not subscribed is not an error.
    fn unsubscribe_mailbox(&self, account: AccountId, name: &str) -> Result<()> {
        let name = normalize_name(name)?;
        self.db().write(move |ctx| {
            ctx.conn
                .prepare_cached("DELETE FROM subscriptions WHERE account_id = ?1 AND name = ?2")?
                .execute(params![account, name])?;
            ctx.notify(account, Change::MailboxesChanged);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_inbox_is_case_insensitive() {
        assert_eq!(normalize_name("inbox").ok().as_deref(), Some("INBOX"));
        assert_eq!(
            normalize_name("InBox/Việc").ok().as_deref(),
            Some("INBOX/Việc")
        );
        assert_eq!(
            normalize_name("Công văn đến").ok().as_deref(),
            Some("Công văn đến")
        );
        for bad in [
            "", "a//b", "/a", "a/", "../x", "a/../b", "a*", "a%", "a\u{0}b",
        ] {
            assert!(normalize_name(bad).is_err(), "{bad:?} accepted");
        }
    }
}
