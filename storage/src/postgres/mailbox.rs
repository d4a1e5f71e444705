//! Mailboxes on PostgreSQL, with the same methods as `Store`'s (storage/src/mailbox.rs).

use std::future::Future;
use std::task::Poll;

use tokio_postgres::Row;

use super::pool::{Queries, Tx};

use super::{Notes, PgBackend, PgResult, pg_write};
use crate::backend::Mailboxes;
use crate::changes::Change;
use crate::error::{Result, StorageError};
use crate::flags::Flags;
use crate::mailbox::{
    Counts, DEFAULT_MAILBOXES, INBOX, Mailbox, MailboxHead, MailboxView, SEPARATOR,
    in_shared_namespace, normalize_name,
};
use crate::types::{AccountId, MailboxId};

const MAILBOX_SELECT: &str = "SELECT m.id, m.account_id, m.name, m.special_use, m.uidvalidity, \
     m.uidnext, m.highest_modseq, \
     (SELECT count(*) FROM messages x WHERE x.mailbox_id = m.id), \
     (SELECT count(*) FROM messages x WHERE x.mailbox_id = m.id AND x.flags & 1 = 0), \
     (SELECT coalesce(sum(c.size), 0)::bigint FROM messages x JOIN contents c \
        ON c.id = x.content_id WHERE x.mailbox_id = m.id), \
     (SELECT count(*) FROM messages x WHERE x.mailbox_id = m.id AND x.uid > m.recent_uid) \
     FROM mailboxes m";

const MAILBOX_SELECT_WITHOUT_COUNTS: &str = "SELECT m.id, m.account_id, m.name, m.special_use, \
     m.uidvalidity, m.uidnext, m.highest_modseq, 0::bigint, 0::bigint, 0::bigint, 0::bigint \
     FROM mailboxes m";

/// The recall feature's hidden mailbox (`recall::NOT_HIDDEN` in SQL of PostgreSQL's).
pub(crate) const NOT_HIDDEN: &str = "m.special_use IS DISTINCT FROM '\\X-Recalled'";

pub(crate) fn select(counts: Counts) -> &'static str {
    match counts {
        Counts::With => MAILBOX_SELECT,
        Counts::Without => MAILBOX_SELECT_WITHOUT_COUNTS,
    }
}

pub(crate) fn mailbox_from_row(r: &Row) -> Mailbox {
    Mailbox {
        id: r.get(0),
        account: r.get(1),
        name: r.get(2),
        special_use: r.get(3),
        uidvalidity: r.get::<_, i64>(4) as u32,
        uidnext: r.get::<_, i64>(5) as u32,
        highest_modseq: r.get::<_, i64>(6) as u64,
        messages: r.get::<_, i64>(7) as u32,
        unseen: r.get::<_, i64>(8) as u32,
        size: r.get::<_, i64>(9).max(0) as u64,
        recent: r.get::<_, i64>(10) as u32,
    }
}

pub(crate) async fn mailbox_id(
    c: &impl Queries,
    account: AccountId,
    name: &str,
) -> PgResult<MailboxId> {
    match c
        .query_opt(
            "SELECT id FROM mailboxes WHERE account_id = $1 AND name = $2",
            &[&account, &name],
        )
        .await?
    {
        Some(r) => Ok(r.get(0)),
        None => Err(StorageError::not_found("mailbox", name).into()),
    }
}

async fn mailbox_head(c: &impl Queries, account: AccountId, name: &str) -> PgResult<MailboxHead> {
    match c
        .query_opt(
            "SELECT id, uidvalidity, uidnext, highest_modseq FROM mailboxes \
             WHERE account_id = $1 AND name = $2",
            &[&account, &name],
        )
        .await?
    {
        Some(r) => Ok(MailboxHead {
            id: r.get(0),
            uidvalidity: r.get::<_, i64>(1) as u32,
            uidnext: r.get::<_, i64>(2) as u32,
            highest_modseq: r.get::<_, i64>(3) as u64,
        }),
        None => Err(StorageError::not_found("mailbox", name).into()),
    }
}

/// The keywords of `rows` (lists of keywords, in the order of their first messages), each
/// once, in the spelling of the first message that has it.
fn keywords_of(rows: &[Row]) -> Vec<String> {
    let mut all = std::collections::BTreeMap::new();
    for row in rows {
        let joined: &str = row.get(0);
        for k in joined.split(' ').filter(|k| !k.is_empty()) {
            all.entry(k.to_ascii_uppercase())
                .or_insert_with(|| k.to_string());
        }
    }
    all.into_values().collect()
}

/// Checks that `mailbox` belongs to `account` (every message operation goes through this).
pub(crate) async fn owned(
    c: &impl Queries,
    account: AccountId,
    mailbox: MailboxId,
) -> PgResult<()> {
    match c
        .query_opt(
            "SELECT 1 FROM mailboxes WHERE id = $1 AND account_id = $2",
            &[&mailbox, &account],
        )
        .await?
    {
        Some(_) => Ok(()),
        None => Err(StorageError::not_found("mailbox", mailbox.to_string()).into()),
    }
}

/// Both futures' outputs, `a` polled first each time: two queries on one connection, sent
/// together (tokio-postgres writes a query's request at its first poll) and answered in one
/// round trip instead of two.
pub(crate) async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut out_a, mut out_b) = (None, None);
    std::future::poll_fn(|cx| {
        if out_a.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            out_a = Some(v);
        }
        if out_b.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            out_b = Some(v);
        }
        match (out_a.take(), out_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (out_a, out_b) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

/// `query`'s answer, if `mailbox` belongs to `account` (as [`owned`] checks, in the same
/// round trip as the query: a read of a mailbox not owned runs, and its rows are dropped).
pub(crate) async fn owned_then<T>(
    c: &impl Queries,
    account: AccountId,
    mailbox: MailboxId,
    query: impl Future<Output = std::result::Result<T, tokio_postgres::Error>>,
) -> PgResult<T> {
    let (own, answer) = both(owned(c, account, mailbox), query).await;
    own?;
    Ok(answer?)
}

/// The next UIDVALIDITY: above every value ever given out (the counter, and the mailboxes
/// should it lag behind them), at least the current time, and taken under the counter row's
/// lock, so two nodes creating mailboxes at once never get the same value, and a mailbox
/// deleted and re-created never gets its former value back (RFC 9051 §2.3.1.1).
async fn next_uidvalidity(tx: &Tx<'_>, now: i64) -> PgResult<u32> {
    let next: i64 = tx
        .query_one(
            "UPDATE counters SET value = greatest(value + 1, $1, \
               (SELECT coalesce(max(uidvalidity), 0) + 1 FROM mailboxes)) \
             WHERE name = 'uidvalidity' RETURNING value",
            &[&now.max(1)],
        )
        .await?
        .get(0);
    u32::try_from(next).map_err(|_| {
        StorageError::Invalid(
            "no UIDVALIDITY left to give a new mailbox (all 32-bit values used)".into(),
        )
        .into()
    })
}

pub(crate) async fn insert_mailbox(
    tx: &Tx<'_>,
    account: AccountId,
    name: &str,
    special_use: Option<&str>,
    now: i64,
) -> PgResult<MailboxId> {
    let uidvalidity = i64::from(next_uidvalidity(tx, now).await?);
    Ok(tx
        .query_one(
            "INSERT INTO mailboxes (account_id, name, special_use, uidvalidity) \
             VALUES ($1, $2, $3, $4) RETURNING id",
            &[&account, &name, &special_use, &uidvalidity],
        )
        .await?
        .get(0))
}

pub(crate) async fn create_default_mailboxes(
    tx: &Tx<'_>,
    account: AccountId,
    now: i64,
) -> PgResult<()> {
    for (name, special_use) in DEFAULT_MAILBOXES {
        insert_mailbox(tx, account, name, *special_use, now).await?;
        subscribe(tx, account, name).await?;
    }
    Ok(())
}

pub(crate) async fn subscribe(tx: &Tx<'_>, account: AccountId, name: &str) -> PgResult<()> {
    tx.execute(
        "INSERT INTO subscriptions (account_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&account, &name],
    )
    .await?;
    Ok(())
}

async fn listable(c: &impl Queries, account: AccountId, name: &str) -> PgResult<bool> {
    let prefix = format!("{name}{SEPARATOR}");
    Ok(c.query_opt(
        "SELECT 1 FROM mailboxes WHERE account_id = $1 \
         AND (name = $2 OR left(name, length($3)) = $3) LIMIT 1",
        &[&account, &name, &prefix],
    )
    .await?
    .is_some())
}

fn refuse_shared(name: &str) -> Result<()> {
    if in_shared_namespace(name) {
        return Err(StorageError::Invalid(format!(
            "invalid mailbox name {name:?}: \"{}/\" holds the units' shared mailboxes",
            crate::mailbox::SHARED_PREFIX
        )));
    }
    Ok(())
}

fn mailboxes_changed(notes: &mut Notes, account: AccountId) {
    notes.push((account, Change::MailboxesChanged));
}

impl Mailboxes for PgBackend {
    fn list_mailboxes(&self, account: AccountId, counts: Counts) -> Result<Vec<Mailbox>> {
        self.read(move |c| async move {
            let rows = c
                .query(
                    &format!(
                        "{} WHERE m.account_id = $1 AND {NOT_HIDDEN} ORDER BY m.name COLLATE \"C\"",
                        select(counts)
                    ),
                    &[&account],
                )
                .await?;
            Ok(rows.iter().map(mailbox_from_row).collect())
        })
    }

    fn get_mailbox(&self, account: AccountId, name: &str) -> Result<Mailbox> {
        let name = normalize_name(name)?;
        self.read(move |c| async move {
            match c
                .query_opt(
                    &format!("{MAILBOX_SELECT} WHERE m.account_id = $1 AND m.name = $2"),
                    &[&account, &name],
                )
                .await?
            {
                Some(r) => Ok(mailbox_from_row(&r)),
                None => Err(StorageError::not_found("mailbox", name).into()),
            }
        })
    }

    fn mailbox_head(&self, account: AccountId, name: &str) -> Result<MailboxHead> {
        let name = normalize_name(name)?;
        self.read(move |c| async move { mailbox_head(&c, account, &name).await })
    }

    /// What SELECT needs, read in one snapshot (a read-only REPEATABLE READ transaction), its
    /// four statements sent together (one round trip: each finds the mailbox by name).
    fn view_mailbox(&self, account: AccountId, name: &str) -> Result<MailboxView> {
        let name = normalize_name(name)?;
        self.read(move |mut c| async move {
            let tx = c.snapshot().await?;
            const BY_NAME: &str = "(SELECT id FROM mailboxes WHERE account_id = $1 AND name = $2)";
            let seen = i64::from(Flags::SEEN.0);
            let (uids_sql, unseen_sql, keywords_sql) = (
                // One array, not a row per message: a row costs the client an allocation
                // and its decoding, 100,000 of them a tenth of a second.
                format!(
                    "SELECT coalesce(array_agg(uid ORDER BY uid), '{{}}') FROM messages \
                     WHERE mailbox_id = {BY_NAME}"
                ),
                format!(
                    "SELECT uid FROM messages WHERE mailbox_id = {BY_NAME} AND flags & $3 = 0 \
                     ORDER BY uid LIMIT 1"
                ),
                // Each distinct list once, in the order of its first message: a keyword keeps
                // the spelling of the first message (in UID order) that has it, as on SQLite.
                format!(
                    "SELECT keywords FROM messages WHERE mailbox_id = {BY_NAME} \
                     AND keywords IS NOT NULL GROUP BY keywords ORDER BY min(uid)"
                ),
            );
            let answers = tx
                .pipeline(&[
                    (
                        "SELECT id, uidvalidity, uidnext, highest_modseq, recent_uid \
                         FROM mailboxes WHERE account_id = $1 AND name = $2",
                        &[&account, &name],
                    ),
                    (&uids_sql, &[&account, &name]),
                    (&unseen_sql, &[&account, &name, &seen]),
                    (&keywords_sql, &[&account, &name]),
                ])
                .await?;
            tx.commit().await?;
            let mut answers = answers.into_iter();
            let mut next = || answers.next().unwrap_or_default();
            let (head, uids, unseen, keywords) = (next(), next(), next(), next());
            let Some(head) = head.first() else {
                return Err(StorageError::not_found("mailbox", name).into());
            };
            let uids: Vec<u32> = match uids.first() {
                Some(r) => r
                    .get::<_, Vec<i64>>(0)
                    .into_iter()
                    .map(|u| u as u32)
                    .collect(),
                None => Vec::new(),
            };
            Ok(MailboxView {
                id: head.get(0),
                uidvalidity: head.get::<_, i64>(1) as u32,
                uidnext: head.get::<_, i64>(2) as u32,
                highest_modseq: head.get::<_, i64>(3) as u64,
                uids,
                recent_uid: head.get::<_, i64>(4) as u32,
                first_unseen: unseen.first().map(|r| r.get::<_, i64>(0) as u32),
                keywords: keywords_of(&keywords),
            })
        })
    }

    /// Makes the messages up to `uid` recent for the calling session and no other (RFC 3501
    /// §2.3.2); returns the highest UID claimed before. One statement under the mailbox row's
    /// lock: two sessions, on one node or two, never both get a message.
    fn claim_recent(&self, account: AccountId, mailbox: MailboxId, uid: u32) -> Result<u32> {
        let uid = i64::from(uid);
        pg_write!(self, |tx, notes| {
            let row = tx
                .query_opt(
                    "WITH old AS (SELECT recent_uid FROM mailboxes \
                       WHERE id = $1 AND account_id = $2 FOR UPDATE) \
                     UPDATE mailboxes m SET recent_uid = greatest(m.recent_uid, $3) \
                     FROM old WHERE m.id = $1 RETURNING old.recent_uid",
                    &[&mailbox, &account, &uid],
                )
                .await?;
            match row {
                Some(r) => Ok(r.get::<_, i64>(0) as u32),
                None => Err(StorageError::not_found("mailbox", mailbox.to_string()).into()),
            }
        })
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
        pg_write!(self, |tx, notes| {
            if mailbox_id(&tx, account, &name).await.is_ok() {
                return Err(
                    StorageError::Conflict(format!("mailbox {name:?} already exists")).into(),
                );
            }
            let id =
                insert_mailbox(&tx, account, &name, special_use.as_deref(), crate::now()).await?;
            mailboxes_changed(&mut notes, account);
            Ok(id)
        })
    }

    fn create_special_mailbox(
        &self,
        account: AccountId,
        name: &str,
        special_use: &str,
    ) -> Result<std::result::Result<MailboxId, String>> {
        let name = normalize_name(name)?;
        refuse_shared(&name)?;
        let special_use = special_use.to_string();
        pg_write!(self, |tx, notes| {
            // The account's row is the lock under which a special use is taken: two creations
            // at once, on any nodes, cannot both take it.
            tx.execute(
                "SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE",
                &[&account],
            )
            .await?;
            if let Some(r) = tx
                .query_opt(
                    "SELECT name FROM mailboxes WHERE account_id = $1 AND special_use = $2",
                    &[&account, &special_use],
                )
                .await?
            {
                return Ok(Err(r.get(0)));
            }
            if mailbox_id(&tx, account, &name).await.is_ok() {
                return Err(
                    StorageError::Conflict(format!("mailbox {name:?} already exists")).into(),
                );
            }
            let id = insert_mailbox(&tx, account, &name, Some(&special_use), crate::now()).await?;
            mailboxes_changed(&mut notes, account);
            Ok(Ok(id))
        })
    }

    fn rename_mailbox(&self, account: AccountId, from: &str, to: &str) -> Result<()> {
        let from = normalize_name(from)?;
        let to = normalize_name(to)?;
        refuse_shared(&to)?;
        pg_write!(self, |tx, notes| {
            let source = mailbox_id(&tx, account, &from).await?;
            if mailbox_id(&tx, account, &to).await.is_ok() {
                return Err(
                    StorageError::Conflict(format!("mailbox {to:?} already exists")).into(),
                );
            }
            if to.starts_with(&format!("{from}{SEPARATOR}")) {
                return Err(StorageError::Invalid(format!(
                    "cannot rename {from:?} into its own child {to:?}"
                ))
                .into());
            }
            if from == INBOX {
                let target = insert_mailbox(&tx, account, &to, None, crate::now()).await?;
                super::message::move_all(&tx, &mut notes, account, source, target).await?;
            } else {
                let prefix = format!("{from}{SEPARATOR}");
                let renames: Vec<(MailboxId, String)> = tx
                    .query(
                        "SELECT id, name FROM mailboxes WHERE account_id = $1 \
                         AND (name = $2 OR left(name, length($3)) = $3) ORDER BY id FOR UPDATE",
                        &[&account, &from, &prefix],
                    )
                    .await?
                    .iter()
                    .map(|r| (r.get(0), r.get(1)))
                    .collect();
                for (id, name) in renames {
                    let new_name = format!("{to}{}", &name[from.len()..]);
                    if mailbox_id(&tx, account, &new_name).await.is_ok() {
                        return Err(StorageError::Conflict(format!(
                            "mailbox {new_name:?} already exists"
                        ))
                        .into());
                    }
                    tx.execute(
                        "UPDATE mailboxes SET name = $1 WHERE id = $2",
                        &[&new_name, &id],
                    )
                    .await?;
                }
            }
            mailboxes_changed(&mut notes, account);
            Ok(())
        })
    }

    fn delete_mailbox(&self, account: AccountId, name: &str) -> Result<()> {
        let name = normalize_name(name)?;
        if name == INBOX {
            return Err(StorageError::Invalid("INBOX cannot be deleted".into()));
        }
        pg_write!(self, |tx, notes| {
            let id = mailbox_id(&tx, account, &name).await?;
            super::message::remove_all(&tx, &mut notes, account, id).await?;
            tx.execute("DELETE FROM expunged WHERE mailbox_id = $1", &[&id])
                .await?;
            tx.execute("DELETE FROM mailboxes WHERE id = $1", &[&id])
                .await?;
            mailboxes_changed(&mut notes, account);
            Ok(())
        })
    }

    fn subscriptions(&self, account: AccountId) -> Result<Vec<String>> {
        self.read(move |c| async move {
            let rows = c
                .query(
                    "SELECT name FROM subscriptions WHERE account_id = $1 ORDER BY name COLLATE \"C\"",
                    &[&account],
                )
                .await?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn subscribe_mailbox(&self, account: AccountId, name: &str) -> Result<()> {
        let name = normalize_name(name)?;
        pg_write!(self, |tx, notes| {
            if !listable(&tx, account, &name).await? {
                return Err(StorageError::not_found("mailbox", name.clone()).into());
            }
            subscribe(&tx, account, &name).await?;
            mailboxes_changed(&mut notes, account);
            Ok(())
        })
    }

    fn unsubscribe_mailbox(&self, account: AccountId, name: &str) -> Result<()> {
        let name = normalize_name(name)?;
        pg_write!(self, |tx, notes| {
            tx.execute(
                "DELETE FROM subscriptions WHERE account_id = $1 AND name = $2",
                &[&account, &name],
            )
            .await?;
            mailboxes_changed(&mut notes, account);
            Ok(())
        })
    }
}
