//! NOTIFY (RFC 5465): the client names the mailboxes it wants to hear about and the events,
//! and the server tells them as they happen, without being asked, for as long as the
//! session lasts or until NOTIFY NONE.
//!
//! Built on the change hub (`storage::changes`, also what IDLE uses): a session with NOTIFY
//! on holds one more receiver, on its own account, and waits on it together with the socket
//! (`wait`), so nothing polls. What it tells:
//! - the selected mailbox (filter SELECTED or SELECTED-DELAYED): EXISTS, EXPUNGE (only at a
//!   command that allows it for SELECTED-DELAYED, §5.1) and FETCH FLAGS as they happen,
//!   through the same `View` as every update (`idle::apply`), and for MessageNew the fetch
//!   attributes asked (§5.2). Without SELECTED the selected mailbox is told at commands, as
//!   without NOTIFY;
//! - the account's other mailboxes (INBOXES, PERSONAL, SUBSCRIBED, SUBTREE, MAILBOXES): a
//!   STATUS (MESSAGES UIDNEXT UIDVALIDITY UNSEEN, and HIGHESTMODSEQ with CONDSTORE) after
//!   MessageNew, MessageExpunge or FlagChange (§5.2–§5.4); a LIST for MailboxName (created,
//!   deleted as \NonExistent, renamed with OLDNAME, §5.4 of RFC 5465 and RFC 5258 §3.4); a
//!   LIST with or without \Subscribed for SubscriptionChange (§5.5). Mailbox renames and
//!   subscriptions are found by comparing the list the session last knew with the list now,
//!   when the hub says the mailbox list changed.
//!
//! Mailboxes of the shared namespace are told when selected; as other mailboxes they are not
//! watched (their changes are published to the unit's watchers, not this account's).
//!
//! Bounded: the hub keeps at most `storage::CHANNEL_CAPACITY` changes per account for all its
//! sessions, and a session writes what one batch of them says before taking the next (a
//! client that stops reading is dropped by the send deadline). A session that falls further
//! behind than the hub keeps, or whose one batch would be over `BUFFER_LIMIT` bytes, has lost
//! what it was asked to tell: it says `* OK [NOTIFICATIONOVERFLOW]` and NOTIFY is off, as if
//! NOTIFY NONE (§5.8). The client can set it again and re-read.
//!
//! Decisions where RFC 5465 leaves room: a mailbox matched by several filters takes the
//! events of the first; the selected mailbox is in no other filter (its changes are EXISTS
//! and the like, not STATUS); INBOXES is INBOX (the only mailbox delivery files into
//! without a Sieve rule).

use std::collections::{BTreeMap, BTreeSet};

use storage::{AccountId, Change, MailboxId};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

use crate::error::{Done, ImapError, blocking};
use crate::fetch::{self, Item};
use crate::response::{self, Status};
use crate::session::{Session, State};
use crate::wire::Token;

/// The events offered (RFC 5465 §5), as BADEVENT lists them (§3.1).
const BADEVENT: &str = "BADEVENT (MessageNew MessageExpunge FlagChange MailboxName \
                        SubscriptionChange)";

/// Bytes one batch of notifications may come to before it counts as an overflow (§5.8).
pub(crate) const BUFFER_LIMIT: usize = 256 * 1024;

/// The events asked for one filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Events {
    pub(crate) new: bool,
    pub(crate) expunge: bool,
    pub(crate) flags: bool,
    pub(crate) mailbox_name: bool,
    pub(crate) subscription: bool,
    /// MessageNew's fetch attributes (SELECTED only, §5.2).
    pub(crate) fetch: Vec<Item>,
}

/// Which mailboxes a group is about (RFC 5465 §6), names as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Filter<N> {
    Inboxes,
    Personal,
    Subscribed,
    Subtree(Vec<N>),
    Mailboxes(Vec<N>),
}

/// The selected mailbox's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selected {
    /// SELECTED-DELAYED: expunges wait for a command that allows them (§5.1).
    pub(crate) delayed: bool,
    pub(crate) events: Events,
}

/// A parsed NOTIFY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotifyCommand {
    None,
    Set {
        /// `SET STATUS`: a STATUS for every mailbox of the filters at once (§3).
        status: bool,
        selected: Option<Selected>,
        groups: Vec<(Filter<Vec<u8>>, Events)>,
    },
}

fn astring(token: &Token) -> Option<Vec<u8>> {
    match token {
        Token::Nil => Some(b"NIL".to_vec()),
        other => other.as_bytes().map(<[u8]>::to_vec),
    }
}

/// `one-or-more-mailbox`: a mailbox or a parenthesized list of them.
fn mailboxes(token: &Token) -> Result<Vec<Vec<u8>>, ImapError> {
    let bad = || ImapError::bad("SUBTREE and MAILBOXES take a mailbox or a list of them");
    match token {
        Token::List(list) if !list.is_empty() => {
            list.iter().map(|t| astring(t).ok_or_else(bad)).collect()
        }
        Token::List(_) => Err(bad()),
        other => astring(other).map(|m| vec![m]).ok_or_else(bad),
    }
}

/// `events` (RFC 5465 §8): NONE or a list; MessageNew may carry fetch attributes.
fn events(token: &Token, selected: bool) -> Result<Events, ImapError> {
    let mut e = Events::default();
    let list = match token {
        Token::Atom(a) if a.eq_ignore_ascii_case("NONE") => return Ok(e),
        Token::List(list) if !list.is_empty() => list,
        _ => {
            return Err(ImapError::bad(
                "events are NONE or a list such as (MessageNew MessageExpunge)",
            ));
        }
    };
    let mut i = 0;
    while i < list.len() {
        let Token::Atom(name) = &list[i] else {
            return Err(ImapError::bad("events are atoms such as MessageNew"));
        };
        match name.to_ascii_lowercase().as_str() {
            "messagenew" => {
                e.new = true;
                if let Some(atts @ Token::List(_)) = list.get(i + 1) {
                    if !selected {
                        // §5.2: fetch attributes are for the selected mailbox only.
                        return Err(ImapError::bad(
                            "MessageNew takes fetch attributes for SELECTED only",
                        ));
                    }
                    e.fetch = fetch::parse_items(atts).map_err(ImapError::bad)?;
                    if e.fetch.iter().any(Item::sets_seen) {
                        return Err(ImapError::bad(
                            "a notification does not set \\Seen: use BODY.PEEK",
                        ));
                    }
                    i += 1;
                }
            }
            "messageexpunge" => e.expunge = true,
            "flagchange" => e.flags = true,
            "mailboxname" => e.mailbox_name = true,
            "subscriptionchange" => e.subscription = true,
            // AnnotationChange, the METADATA events and anything unknown: §3.1 BADEVENT.
            _ => {
                return Err(ImapError::no(
                    Some(BADEVENT),
                    format!("event {name} is not offered"),
                ));
            }
        }
        i += 1;
    }
    // RFC 5465 §5: MessageNew and MessageExpunge go together; FlagChange needs both.
    if e.new != e.expunge {
        return Err(ImapError::bad(
            "MessageNew and MessageExpunge are asked together",
        ));
    }
    if e.flags && !e.new {
        return Err(ImapError::bad(
            "FlagChange needs MessageNew and MessageExpunge",
        ));
    }
    Ok(e)
}

/// Parses NOTIFY's arguments (RFC 5465 §8); None when `name` is not NOTIFY.
pub(crate) fn parse(name: &str, args: &[Token]) -> Option<Result<NotifyCommand, ImapError>> {
    (name == "NOTIFY").then(|| parse_args(args))
}

fn parse_args(args: &[Token]) -> Result<NotifyCommand, ImapError> {
    let usage = "NOTIFY NONE, or NOTIFY SET [STATUS] (filter events) …";
    let (first, rest) = args.split_first().ok_or_else(|| ImapError::bad(usage))?;
    let Token::Atom(word) = first else {
        return Err(ImapError::bad(usage));
    };
    if word.eq_ignore_ascii_case("NONE") {
        return if rest.is_empty() {
            Ok(NotifyCommand::None)
        } else {
            Err(ImapError::bad(usage))
        };
    }
    if !word.eq_ignore_ascii_case("SET") {
        return Err(ImapError::bad(usage));
    }
    let mut rest = rest;
    let mut status = false;
    if let [Token::Atom(s), after @ ..] = rest
        && s.eq_ignore_ascii_case("STATUS")
    {
        status = true;
        rest = after;
    }
    if rest.is_empty() {
        return Err(ImapError::bad(usage));
    }
    let mut selected = None;
    let mut groups = Vec::new();
    for group in rest {
        let Token::List(parts) = group else {
            return Err(ImapError::bad(usage));
        };
        let Some(Token::Atom(filter)) = parts.first() else {
            return Err(ImapError::bad(usage));
        };
        let filter = filter.to_ascii_lowercase();
        match (filter.as_str(), &parts[1..]) {
            ("selected" | "selected-delayed", [ev]) => {
                if selected.is_some() {
                    return Err(ImapError::bad("SELECTED is given once"));
                }
                selected = Some(Selected {
                    delayed: filter == "selected-delayed",
                    events: events(ev, true)?,
                });
            }
            ("inboxes", [ev]) => groups.push((Filter::Inboxes, events(ev, false)?)),
            ("personal", [ev]) => groups.push((Filter::Personal, events(ev, false)?)),
            ("subscribed", [ev]) => groups.push((Filter::Subscribed, events(ev, false)?)),
            ("subtree", [m, ev]) => {
                groups.push((Filter::Subtree(mailboxes(m)?), events(ev, false)?))
            }
            ("mailboxes", [m, ev]) => {
                groups.push((Filter::Mailboxes(mailboxes(m)?), events(ev, false)?))
            }
            _ => {
                return Err(ImapError::bad(format!(
                    "unknown NOTIFY filter or arguments in ({filter} …): use SELECTED, \
                     SELECTED-DELAYED, INBOXES, PERSONAL, SUBSCRIBED, SUBTREE or MAILBOXES"
                )));
            }
        }
    }
    Ok(NotifyCommand::Set {
        status,
        selected,
        groups,
    })
}

/// The NOTIFY state of a session.
#[derive(Debug)]
pub(crate) struct Notifier {
    /// Whose changes these are: NOTIFY ends with the login it was set in (a later
    /// UNAUTHENTICATE, RFC 8437, and LOGIN as someone else must hear nothing of this one).
    account: AccountId,
    pub(crate) selected: Option<Selected>,
    groups: Vec<(Filter<String>, Events)>,
    /// Changes to the account's own mailboxes.
    rx: Receiver<Change>,
    /// The account's mailboxes as last told: name by id.
    mailboxes: BTreeMap<MailboxId, String>,
    subscriptions: BTreeSet<String>,
}

impl Notifier {
    /// The events of the first group whose filter takes `name`.
    fn events_for(&self, name: &str) -> Option<&Events> {
        self.groups
            .iter()
            .find(|(f, _)| self.takes(f, name))
            .map(|(_, e)| e)
    }

    fn takes(&self, filter: &Filter<String>, name: &str) -> bool {
        match filter {
            Filter::Inboxes => name == storage::INBOX,
            Filter::Personal => true,
            Filter::Subscribed => self.subscriptions.contains(name),
            Filter::Subtree(roots) => roots.iter().any(|r| {
                name == r
                    || (name.len() > r.len()
                        && name.starts_with(r.as_str())
                        && name.as_bytes()[r.len()] == b'/')
            }),
            Filter::Mailboxes(names) => names.iter().any(|n| n == name),
        }
    }
}

/// One notification about a mailbox other than the selected one.
enum Line {
    Status {
        name: String,
        values: String,
    },
    /// MailboxName or SubscriptionChange (RFC 5465 §5.4, §5.5).
    List {
        name: String,
        attrs: &'static str,
        old: Option<String>,
    },
}

/// A mailbox's counters, as STATUS tells them to a NOTIFY client.
fn status_values(b: &storage::Mailbox, condstore: bool) -> String {
    let mut v = format!(
        "MESSAGES {} UIDNEXT {} UIDVALIDITY {} UNSEEN {}",
        b.messages, b.uidnext, b.uidvalidity, b.unseen
    );
    if condstore {
        v.push_str(&format!(" HIGHESTMODSEQ {}", b.highest_modseq));
    }
    v
}

/// The next change of an optional receiver; never, without one.
async fn next(rx: Option<&mut Receiver<Change>>) -> Result<Change, RecvError> {
    match rx {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}

/// The next batch of changes to the account's mailboxes for a NOTIFY session (never,
/// without NOTIFY): what arrived and whatever else waits; None when some were lost (the
/// session fell further behind than the hub keeps, §5.8).
pub(crate) async fn told(n: Option<&mut Notifier>) -> Option<Vec<Change>> {
    let Some(n) = n else {
        return std::future::pending().await;
    };
    let first = n.rx.recv().await.ok()?;
    let mut batch = vec![first];
    loop {
        match n.rx.try_recv() {
            Ok(c) => batch.push(c),
            Err(TryRecvError::Lagged(_)) => return None,
            Err(_) => return Some(batch),
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// NOTIFY SET / NOTIFY NONE (RFC 5465 §3).
    pub(crate) async fn notify_command(&mut self, cmd: NotifyCommand) -> Result<Done, ImapError> {
        let account = self
            .account()
            .ok_or_else(|| ImapError::bad("log in first"))?;
        let NotifyCommand::Set {
            status,
            selected,
            groups,
        } = cmd
        else {
            self.notify = None;
            return Ok(Done::default());
        };
        let mut resolved = Vec::with_capacity(groups.len());
        for (filter, events) in groups {
            let names = |raw: Vec<Vec<u8>>| -> Result<Vec<String>, ImapError> {
                raw.iter()
                    .map(|n| {
                        let name = self.name_in(n).ok_or_else(|| {
                            ImapError::bad("the mailbox name is not valid UTF-8 or UTF-7")
                        })?;
                        // INBOX in any case is INBOX; a name that cannot exist names nothing.
                        Ok(storage::normalize_name(name.trim_end_matches('/')).unwrap_or(name))
                    })
                    .collect()
            };
            let filter = match filter {
                Filter::Inboxes => Filter::Inboxes,
                Filter::Personal => Filter::Personal,
                Filter::Subscribed => Filter::Subscribed,
                Filter::Subtree(n) => Filter::Subtree(names(n)?),
                Filter::Mailboxes(n) => Filter::Mailboxes(names(n)?),
            };
            resolved.push((filter, events));
        }
        let store = self.imap.store.clone();
        // Subscribed before the list is read: nothing committed in between is missed.
        let (rx, boxes, subscriptions) = blocking("cannot read the mailbox list", move || {
            let rx = store.subscribe(account);
            let boxes = store.list_mailboxes(account, storage::Counts::With)?;
            let subscriptions = store.subscriptions(account)?;
            Ok((rx, boxes, subscriptions))
        })
        .await?;
        let notifier = Notifier {
            account,
            selected,
            groups: resolved,
            rx,
            mailboxes: boxes.iter().map(|b| (b.id, b.name.clone())).collect(),
            subscriptions: subscriptions.into_iter().collect(),
        };
        if status {
            // §3: a STATUS for each mailbox the filters name, so the client starts from a
            // known state; not for the selected one.
            let skip = self.selected_own(account);
            let mut out = Vec::new();
            for b in &boxes {
                let told = notifier
                    .events_for(&b.name)
                    .is_some_and(|e| e.new || e.expunge || e.flags);
                if told && Some(b.id) != skip && !crate::shared::is_shared(&b.name) {
                    out.extend_from_slice(b"* STATUS ");
                    out.extend_from_slice(&self.name_out(&b.name));
                    out.extend_from_slice(
                        format!(" ({})\r\n", status_values(b, self.condstore)).as_bytes(),
                    );
                }
            }
            self.output.extend_from_slice(&out);
        }
        self.notify = Some(Box::new(notifier));
        Ok(Done::default())
    }

    /// The selected mailbox's id when it is one of `account`'s own.
    fn selected_own(&self, account: AccountId) -> Option<MailboxId> {
        match &self.state {
            State::Selected { mailbox, .. } if mailbox.owner == account => Some(mailbox.id),
            _ => None,
        }
    }

    /// §5.8: what was asked can no longer be told; NOTIFY is off.
    fn overflow(&mut self) {
        self.notify = None;
        self.output.extend_from_slice(
            b"* OK [NOTIFICATIONOVERFLOW] too many changes to tell: NOTIFY is off, set it again\r\n",
        );
    }

    /// Tells a batch (see [`told`]), or the overflow when changes were lost.
    pub(crate) async fn tell_or_overflow(&mut self, batch: Option<Vec<Change>>) {
        match batch {
            Some(batch) => self.tell(batch).await,
            None => self.overflow(),
        }
    }

    /// Tells a batch of changes to the account's own mailboxes, as the filters ask.
    async fn tell(&mut self, batch: Vec<Change>) {
        let (Some(account), Some(n)) = (self.account(), self.notify.as_ref()) else {
            return;
        };
        if n.account != account {
            self.notify = None;
            return;
        }
        let skip = self.selected_own(account);
        let mut dirty = BTreeSet::new();
        let mut relist = false;
        for change in &batch {
            let (mailbox, wants): (MailboxId, fn(&Events) -> bool) = match *change {
                Change::Appended { mailbox, .. } => (mailbox, |e| e.new),
                Change::Expunged { mailbox, .. } => (mailbox, |e| e.expunge),
                Change::FlagsChanged { mailbox, .. } => (mailbox, |e| e.flags),
                Change::MailboxesChanged => {
                    relist = true;
                    continue;
                }
            };
            if Some(mailbox) == skip {
                continue;
            }
            match n.mailboxes.get(&mailbox) {
                Some(name) if n.events_for(name).is_some_and(wants) => {
                    dirty.insert(mailbox);
                }
                Some(_) => {}
                // Not known yet: created since; the list is read again.
                None => relist = true,
            }
        }
        if dirty.is_empty() && !relist {
            return;
        }
        let store = self.imap.store.clone();
        let read = blocking("cannot read the mailbox list", move || {
            let boxes = store.list_mailboxes(account, storage::Counts::With)?;
            let subs = if relist {
                Some(store.subscriptions(account)?)
            } else {
                None
            };
            Ok((boxes, subs))
        })
        .await;
        let Ok((boxes, subs)) = read else {
            return;
        };
        let condstore = self.condstore;
        let mut out = Vec::new();
        let Some(n) = self.notify.as_mut() else {
            return;
        };
        let mut lines: Vec<Line> = Vec::new();
        if relist {
            let now: BTreeMap<MailboxId, String> =
                boxes.iter().map(|b| (b.id, b.name.clone())).collect();
            let before = std::mem::replace(&mut n.mailboxes, now);
            if let Some(subs) = subs {
                let subs: BTreeSet<String> = subs.into_iter().collect();
                let old_subs = std::mem::replace(&mut n.subscriptions, subs);
                for name in n.subscriptions.symmetric_difference(&old_subs) {
                    if n.events_for(name).is_some_and(|e| e.subscription) {
                        lines.push(Line::List {
                            name: name.clone(),
                            attrs: if n.subscriptions.contains(name) {
                                "\\Subscribed"
                            } else {
                                ""
                            },
                            old: None,
                        });
                    }
                }
            }
            let asked = |name: &str| n.events_for(name).is_some_and(|e| e.mailbox_name);
            for (id, old) in &before {
                match n.mailboxes.get(id) {
                    None if asked(old) => lines.push(Line::List {
                        name: old.clone(),
                        attrs: "\\NonExistent",
                        old: None,
                    }),
                    Some(new) if new != old && (asked(new) || asked(old)) => {
                        lines.push(Line::List {
                            name: new.clone(),
                            attrs: "",
                            old: Some(old.clone()),
                        })
                    }
                    _ => {}
                }
            }
            for (id, new) in &n.mailboxes {
                if !before.contains_key(id) && asked(new) {
                    lines.push(Line::List {
                        name: new.clone(),
                        attrs: "",
                        old: None,
                    });
                }
            }
        }
        for b in &boxes {
            if dirty.contains(&b.id) {
                lines.push(Line::Status {
                    name: b.name.clone(),
                    values: status_values(b, condstore),
                });
            }
        }
        for line in lines {
            match line {
                Line::Status { name, values } => {
                    out.extend_from_slice(b"* STATUS ");
                    out.extend_from_slice(&self.name_out(&name));
                    out.extend_from_slice(format!(" ({values})\r\n").as_bytes());
                }
                Line::List { name, attrs, old } => {
                    out.extend_from_slice(format!("* LIST ({attrs}) \"/\" ").as_bytes());
                    out.extend_from_slice(&self.name_out(&name));
                    if let Some(old) = old {
                        // RFC 5465 §5.4, with RFC 5258's OLDNAME extended data item.
                        out.extend_from_slice(b" (\"OLDNAME\" (");
                        out.extend_from_slice(&self.name_out(&old));
                        out.extend_from_slice(b"))");
                    }
                    out.extend_from_slice(b"\r\n");
                }
            }
        }
        if out.len() > BUFFER_LIMIT {
            self.overflow();
            return;
        }
        self.output.extend_from_slice(&out);
    }

    /// RFC 5465 §5.2: MessageNew's fetch attributes, for messages just told by EXISTS.
    pub(crate) async fn tell_new(&mut self, uids: &[u32]) {
        let items = match self.notify.as_ref().and_then(|n| n.selected.as_ref()) {
            Some(s) if s.events.new && !s.events.fetch.is_empty() => s.events.fetch.clone(),
            _ => return,
        };
        let set = crate::sequence::SequenceSet::Ranges(
            uids.iter()
                .map(|&u| {
                    (
                        crate::sequence::SeqNum::Value(u),
                        crate::sequence::SeqNum::Value(u),
                    )
                })
                .collect(),
        );
        let before = self.output.len();
        if let Err(e) = Box::pin(self.fetch(true, set, items, Default::default())).await {
            tracing::debug!(reply = %e.text, "NOTIFY: cannot fetch new messages");
        }
        if self.output.len() - before > BUFFER_LIMIT {
            self.output.truncate(before);
            self.overflow();
        }
    }

    /// Waits for the next command while NOTIFY is on: the socket, the account's changes and
    /// (for SELECTED) the selected mailbox's, told as they come. True when bytes arrived (or
    /// NOTIFY went off: the caller reads as usual), false when the session ends.
    pub(crate) async fn wait(&mut self) -> bool {
        let shutdown = self.imap.shutdown.clone();
        let deadline = tokio::time::Instant::now() + self.imap.config.idle_timeout;
        self.pace.done();
        let mut buf = [0u8; 1024];
        loop {
            if self.notify.as_ref().map(|n| n.account) != self.account() {
                self.notify = None;
            }
            let Some(n) = self.notify.as_mut() else {
                return true;
            };
            // SELECTED with events: the selected mailbox's changes are told as they come (all
            // of them, flags too: unsolicited FETCH FLAGS are always allowed). Otherwise
            // they wait in the queue for the next command, as without NOTIFY.
            let live = n
                .selected
                .clone()
                .filter(|s| s.events.new && matches!(self.state, State::Selected { .. }));
            let selected_rx = if live.is_some() {
                self.changes.as_mut()
            } else {
                None
            };
            tokio::select! {
                read = self.stream.read(&mut buf) => {
                    return match read {
                        Ok(k) if k > 0 => {
                            self.input.extend_from_slice(&buf[..k]);
                            self.pace.received(k);
                            true
                        }
                        _ => false,
                    };
                }
                told = told(Some(n)) => Box::pin(self.tell_or_overflow(told)).await,
                change = next(selected_rx) => {
                    let mut batch = vec![match change {
                        Ok(c) => c,
                        Err(RecvError::Lagged(_)) => Change::MailboxesChanged,
                        Err(RecvError::Closed) => return false,
                    }];
                    if let Some(rx) = self.changes.as_mut() {
                        loop {
                            match rx.try_recv() {
                                Ok(c) => batch.push(c),
                                Err(TryRecvError::Lagged(_)) => batch.push(Change::MailboxesChanged),
                                Err(_) => break,
                            }
                        }
                    }
                    let delayed = live.is_none_or(|s| s.delayed);
                    Box::pin(self.apply(batch, !delayed)).await;
                }
                _ = shutdown.cancelled() => {
                    let why = crate::io::Read::Shutdown.farewell().unwrap_or_default();
                    response::status(&mut self.output, None, Status::Bye, None, why);
                    let _ = self.flush().await;
                    return false;
                }
                _ = tokio::time::sleep_until(deadline) => {
                    let why = crate::io::Read::Idle.farewell().unwrap_or_default();
                    response::status(&mut self.output, None, Status::Bye, None, why);
                    let _ = self.flush().await;
                    return false;
                }
            }
            if !self.flush().await {
                return false;
            }
        }
    }
}

#[cfg(test)]
#[path = "notify_tests.rs"]
mod tests;
