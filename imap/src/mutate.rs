//! Commands that change or report on mailboxes: STORE, EXPUNGE, COPY/MOVE (UIDPLUS codes,
//! RFC 4315; MOVE, RFC 6851), STATUS, APPEND, CREATE/DELETE/RENAME/(UN)SUBSCRIBE.

use std::sync::Arc;

use storage::{FlagChange, FlagOp, Flags, StorageError};
use tokio::io::{AsyncRead, AsyncWrite};

use crate::response::Status;
use crate::sequence::{self, compact};
use crate::session::{Rights, Session, State, flags_text};
use crate::shared;
use crate::wire::Token;

/// Parses a flag list: system flags and keywords.
fn parse_flags(tokens: &[Token]) -> Result<(Flags, Vec<String>), String> {
    let mut flags = Flags::default();
    let mut keywords = Vec::new();
    for t in tokens {
        let Token::Atom(name) = t else {
            return Err("flags are atoms".into());
        };
        if let Some(f) = Flags::from_name(name) {
            flags = flags.union(f);
        } else if name.starts_with('\\') {
            return Err(format!("unknown system flag {name}"));
        } else {
            storage::check_keyword(name).map_err(|e| e.to_string())?;
            keywords.push(name.clone());
        }
    }
    Ok((flags, keywords))
}

/// How a storage error is told to the client (RFC 5530 response codes).
fn storage_reply(e: &StorageError) -> (Option<&'static str>, String) {
    match e {
        StorageError::OverQuota { .. } => (Some("OVERQUOTA"), "over quota".into()),
        // Not OVERQUOTA: that is the user's quota (RFC 9051 §7.1); this is the server's
        // disk, a temporary limit (RFC 5530 §3 LIMIT).
        StorageError::LowDisk { .. } => (Some("LIMIT"), LOW_DISK_TEXT.into()),
        StorageError::NotFound { .. } => (Some("NONEXISTENT"), e.to_string()),
        StorageError::Conflict(m) => (Some("ALREADYEXISTS"), m.clone()),
        StorageError::Invalid(m) => (Some("CANNOT"), m.clone()),
        _ => (Some("SERVERBUG"), "temporary failure, try again".into()),
    }
}

/// APPEND below the disk reserve (`[storage] min_free_space`).
pub(crate) const LOW_DISK_TEXT: &str = "the server's disk is nearly full; try again later";

/// Refuses a change to a unit's mailbox shared read-only (RFC 9051 §7.1 NOPERM).
const NOPERM_TEXT: &str = "read-only access to this shared mailbox: ask the administrator for \
                           read-write access (govmail user grant)";

/// No such mailbox: for one of the account's own names the client may CREATE it
/// (TRYCREATE), for a shared name it may not.
fn missing_code(name: &str) -> &'static str {
    if shared::is_shared(name) {
        "NONEXISTENT"
    } else {
        "TRYCREATE"
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// The selected mailbox's (owner, id, uidvalidity, read_only, uids), or a BAD reply.
    /// The owner is the account storage calls name: the unit's, for a shared mailbox.
    fn selected(&mut self, tag: &str) -> Option<(i64, i64, u32, bool, Vec<u32>)> {
        match &self.state {
            State::Selected { mailbox, .. } => Some((
                mailbox.owner,
                mailbox.id,
                mailbox.uidvalidity,
                mailbox.read_only,
                mailbox.uids.clone(),
            )),
            _ => {
                self.tagged(tag, Status::Bad, None, "select a mailbox first");
                None
            }
        }
    }

    /// What the logged-in account may do in the selected mailbox.
    fn selected_rights(&self) -> Rights {
        match &self.state {
            State::Selected { mailbox, .. } => mailbox.rights,
            _ => Rights::ReadWrite,
        }
    }

    /// Like `selected`, for commands that change the mailbox: NO [NOPERM] through a read-only
    /// grant, NO [READ-ONLY] after EXAMINE.
    fn writable(&mut self, tag: &str) -> Option<(i64, i64, u32, Vec<u32>)> {
        let (owner, id, validity, read_only, uids) = self.selected(tag)?;
        if self.selected_rights() == Rights::ReadOnly {
            self.tagged(tag, Status::No, Some("NOPERM"), NOPERM_TEXT);
            return None;
        }
        if read_only {
            self.tagged(
                tag,
                Status::No,
                Some("READ-ONLY"),
                "the mailbox is read-only",
            );
            return None;
        }
        Some((owner, id, validity, uids))
    }

    /// The UIDs a sequence set names in the selected mailbox.
    fn resolve(uids: &[u32], by_uid: bool, token: Option<&Token>) -> Option<Vec<u32>> {
        let Some(Token::Atom(text)) = token else {
            return None;
        };
        let set = sequence::parse(text)?;
        let largest = if by_uid {
            uids.last().copied().unwrap_or(0)
        } else {
            uids.len() as u32
        };
        Some(
            uids.iter()
                .enumerate()
                .filter(|&(i, &u)| {
                    set.contains(if by_uid { u } else { i as u32 + 1 }, largest, &[])
                })
                .map(|(_, &u)| u)
                .collect(),
        )
    }

    /// STORE / UID STORE set [(UNCHANGEDSINCE m)] item flags (RFC 9051 §6.4.6, RFC 7162
    /// §3.1.3).
    pub(crate) async fn store_flags(&mut self, tag: &str, by_uid: bool, args: &[Token]) {
        let Some((owner, id, _, uids)) = self.writable(tag) else {
            return;
        };
        let Some(targets) = Self::resolve(&uids, by_uid, args.first()) else {
            self.tagged(tag, Status::Bad, None, "STORE needs a sequence set");
            return;
        };
        let (unchanged_since, args) = match args.get(1) {
            Some(Token::List(modifiers)) => match crate::condstore::store_modifiers(modifiers) {
                Ok(since) => (Some(since), &args[2..]),
                Err(e) => return self.tagged(tag, Status::Bad, None, &e),
            },
            _ => (None, args.get(1..).unwrap_or_default()),
        };
        let Some(Token::Atom(item)) = args.first() else {
            self.tagged(
                tag,
                Status::Bad,
                None,
                "STORE needs FLAGS, +FLAGS or -FLAGS",
            );
            return;
        };
        let item = item.to_ascii_uppercase();
        let silent = item.ends_with(".SILENT");
        let op = match item.trim_end_matches(".SILENT") {
            "FLAGS" => FlagOp::Replace,
            "+FLAGS" => FlagOp::Add,
            "-FLAGS" => FlagOp::Remove,
            _ => {
                self.tagged(
                    tag,
                    Status::Bad,
                    None,
                    "STORE needs FLAGS, +FLAGS or -FLAGS",
                );
                return;
            }
        };
        let list: Vec<Token> = match args.get(1) {
            Some(Token::List(l)) => l.clone(),
            // Flags may also come without parentheses: STORE 1 +FLAGS \Seen.
            Some(_) => args[1..].to_vec(),
            None => Vec::new(),
        };
        let (flags, keywords) = match parse_flags(&list) {
            Ok(f) => f,
            Err(e) => {
                self.tagged(tag, Status::Bad, None, &e);
                return;
            }
        };
        if unchanged_since.is_some() {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let store = self.imap.store.clone();
        let change = FlagChange {
            op,
            flags,
            keywords,
            unchanged_since,
        };
        let done =
            tokio::task::spawn_blocking(move || store.set_flags(owner, id, targets, change)).await;
        match done {
            Ok(Ok(update)) => {
                self.report_stored(&uids, by_uid, silent, &update.changed);
                if update.modified.is_empty() {
                    return self.tagged(tag, Status::Ok, None, "STORE completed");
                }
                // RFC 7162 §3.1.3: the messages left alone, as numbers or UIDs like the set.
                let modified: Vec<u32> = if by_uid {
                    update.modified
                } else {
                    let seq = |u: &u32| uids.binary_search(u).ok().map(|n| n as u32 + 1);
                    update.modified.iter().filter_map(seq).collect()
                };
                let code = format!("MODIFIED {}", compact(&modified));
                self.tagged(tag, Status::Ok, Some(&code), "Conditional STORE failed");
            }
            Ok(Err(e)) => {
                let (code, text) = storage_reply(&e);
                self.tagged(tag, Status::No, code, &text);
            }
            Err(_) => self.tagged(tag, Status::No, Some("SERVERBUG"), "temporary failure"),
        }
    }

    /// The untagged FETCH of each message a STORE changed. Once CONDSTORE is on, each one
    /// carries UID and MODSEQ, even after .SILENT, which then only drops FLAGS (RFC 7162
    /// §3.1.3, §3.2.4): the client must learn the new MODSEQ.
    fn report_stored(
        &mut self,
        uids: &[u32],
        by_uid: bool,
        silent: bool,
        changed: &[(u32, Flags, Vec<String>, u64)],
    ) {
        if silent && !self.condstore {
            return;
        }
        for (uid, flags, keywords, modseq) in changed {
            let Ok(n) = uids.binary_search(uid) else {
                continue;
            };
            let flags = (!silent).then(|| flags_text(*flags, keywords));
            crate::response::fetch_flags(
                &mut self.output,
                n + 1,
                (by_uid || self.condstore).then_some(*uid),
                flags.as_deref(),
                self.condstore.then_some(*modseq),
            );
        }
    }

    /// EXPUNGE, or UID EXPUNGE of a set (RFC 4315 §2.1).
    pub(crate) async fn expunge(&mut self, tag: &str, set: Option<&Token>) {
        let Some((owner, id, _, uids)) = self.writable(tag) else {
            return;
        };
        let only = match set {
            Some(t) => match Self::resolve(&uids, true, Some(t)) {
                Some(list) => Some(list),
                None => {
                    self.tagged(tag, Status::Bad, None, "UID EXPUNGE needs a UID set");
                    return;
                }
            },
            None => None,
        };
        let store = self.imap.store.clone();
        let done = tokio::task::spawn_blocking(move || store.expunge(owner, id, only)).await;
        match done {
            Ok(Ok(gone)) => {
                self.forget(&gone.uids);
                // RFC 7162 §3.2.7: expunging changes the mailbox's HIGHESTMODSEQ.
                let code = format!("HIGHESTMODSEQ {}", gone.highest_modseq);
                let code = self.condstore.then_some(code.as_str());
                self.tagged(tag, Status::Ok, code, "EXPUNGE completed");
            }
            Ok(Err(e)) => {
                let (code, text) = storage_reply(&e);
                self.tagged(tag, Status::No, code, &text);
            }
            Err(_) => self.tagged(tag, Status::No, Some("SERVERBUG"), "temporary failure"),
        }
    }

    /// Drops removed UIDs from the session's view and tells the client: one `* VANISHED`
    /// once QRESYNC is on (RFC 7162 §3.2.10), else `* n EXPUNGE` each, highest number first
    /// so that each stays valid.
    fn forget(&mut self, gone: &[u32]) {
        let State::Selected { mailbox, .. } = &mut self.state else {
            return;
        };
        let mut numbers: Vec<usize> = gone
            .iter()
            .filter_map(|u| mailbox.uids.binary_search(u).ok())
            .collect();
        numbers.sort_unstable_by(|a, b| b.cmp(a));
        numbers.dedup();
        let mut vanished: Vec<u32> = Vec::with_capacity(numbers.len());
        for n in numbers {
            vanished.push(mailbox.uids.remove(n));
            if !self.qresync {
                self.output
                    .extend_from_slice(format!("* {} EXPUNGE\r\n", n + 1).as_bytes());
            }
        }
        if self.qresync {
            vanished.reverse();
            crate::condstore::vanished(&mut self.output, &vanished, false);
        }
    }

    pub(crate) async fn copy_or_move(
        &mut self,
        tag: &str,
        by_uid: bool,
        moving: bool,
        args: &[Token],
    ) {
        let Some((owner, id, _, read_only, uids)) = self.selected(tag) else {
            return;
        };
        let Some(account) = self.account() else {
            return;
        };
        if moving && self.selected_rights() == Rights::ReadOnly {
            self.tagged(tag, Status::No, Some("NOPERM"), NOPERM_TEXT);
            return;
        }
        if moving && read_only {
            self.tagged(
                tag,
                Status::No,
                Some("READ-ONLY"),
                "the mailbox is read-only",
            );
            return;
        }
        let Some(targets) = Self::resolve(&uids, by_uid, args.first()) else {
            self.tagged(tag, Status::Bad, None, "a sequence set is needed");
            return;
        };
        let Some(dest) = args
            .get(1)
            .and_then(Token::as_bytes)
            .and_then(|n| self.name_in(n))
        else {
            self.tagged(tag, Status::Bad, None, "a destination mailbox is needed");
            return;
        };
        let store = self.imap.store.clone();
        let missing = missing_code(&dest);
        let done = tokio::task::spawn_blocking(move || {
            // Between a unit's mailbox and one's own, or within either.
            let target = shared::resolve(&store, account, &dest)?;
            let to = store.mailbox_head(target.owner, &target.name)?;
            if target.rights == Rights::ReadOnly {
                return Ok(None);
            }
            let (from, to_pair) = ((owner, id), (target.owner, to.id));
            let mapping = if moving {
                store.move_across(from, targets, to_pair)?
            } else {
                store.copy_across(from, targets, to_pair)?
            };
            Ok::<_, StorageError>(Some((to.uidvalidity, mapping)))
        })
        .await;
        match done {
            Ok(Ok(None)) => self.tagged(tag, Status::No, Some("NOPERM"), NOPERM_TEXT),
            Ok(Ok(Some((validity, mapping)))) => {
                let from: Vec<u32> = mapping.iter().map(|(a, _)| *a).collect();
                let to: Vec<u32> = mapping.iter().map(|(_, b)| *b).collect();
                let code = (!mapping.is_empty())
                    .then(|| format!("COPYUID {validity} {} {}", compact(&from), compact(&to)));
                if moving {
                    // RFC 6851 §3.3: COPYUID in an untagged OK, then the EXPUNGEs.
                    if let Some(code) = &code {
                        self.output
                            .extend_from_slice(format!("* OK [{code}] moved\r\n").as_bytes());
                    }
                    self.forget(&from);
                    self.tagged(tag, Status::Ok, None, "MOVE completed");
                } else {
                    self.tagged(tag, Status::Ok, code.as_deref(), "COPY completed");
                }
            }
            Ok(Err(e)) => {
                let (code, text) = match e {
                    StorageError::NotFound { .. } => (Some(missing), "no such mailbox".to_string()),
                    other => storage_reply(&other),
                };
                self.tagged(tag, Status::No, code, &text);
            }
            Err(_) => self.tagged(tag, Status::No, Some("SERVERBUG"), "temporary failure"),
        }
    }

    pub(crate) async fn status(&mut self, tag: &str, args: &[Token]) {
        let Some(account) = self.account() else {
            return;
        };
        let (Some(raw), Some(Token::List(items))) =
            (args.first().and_then(Token::as_bytes), args.get(1))
        else {
            self.tagged(
                tag,
                Status::Bad,
                None,
                "STATUS needs a mailbox and a list of items",
            );
            return;
        };
        let raw = raw.to_vec();
        let Some(name) = self.name_in(&raw) else {
            self.tagged(tag, Status::Bad, None, "bad mailbox name");
            return;
        };
        let items = match crate::status::parse_items(items) {
            Ok(items) => items,
            Err(e) => {
                self.tagged(tag, Status::Bad, None, &e);
                return;
            }
        };
        let store = self.imap.store.clone();
        let lookup = name.clone();
        let Ok(Ok(b)) = tokio::task::spawn_blocking(move || {
            let target = shared::resolve(&store, account, &lookup)?;
            store.get_mailbox(target.owner, &target.name)
        })
        .await
        else {
            self.tagged(tag, Status::No, Some("NONEXISTENT"), "no such mailbox");
            return;
        };
        if crate::status::enables_condstore(&items) {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let values = crate::status::values(&items, &b, self.imap.config.max_literal);
        let mut line = b"* STATUS ".to_vec();
        crate::response::astring(&mut line, &raw, crate::response::Utf8::Quoted);
        line.extend_from_slice(format!(" ({values})\r\n").as_bytes());
        self.output.extend(line);
        self.tagged(tag, Status::Ok, None, "STATUS completed");
    }

    /// APPEND mailbox [(flags)] [date-time] literal (RFC 9051 §6.3.12; APPENDUID, RFC 4315).
    pub(crate) async fn append(&mut self, tag: &str, args: &[Token]) {
        let Some(account) = self.account() else {
            return;
        };
        let Some(name) = args
            .first()
            .and_then(Token::as_bytes)
            .and_then(|n| self.name_in(n))
        else {
            self.tagged(tag, Status::Bad, None, "APPEND needs a mailbox name");
            return;
        };
        let mut flags = (Flags::default(), Vec::new());
        let mut date = storage::now();
        let mut message = None;
        for t in &args[1..] {
            match t {
                Token::List(l) => match parse_flags(l) {
                    Ok(f) => flags = f,
                    Err(e) => {
                        self.tagged(tag, Status::Bad, None, &e);
                        return;
                    }
                },
                Token::Quoted(d) => match crate::date::parse_date_time(&String::from_utf8_lossy(d))
                {
                    Some(t) => date = t,
                    None => {
                        self.tagged(tag, Status::Bad, None, "bad date-time");
                        return;
                    }
                },
                Token::Literal(bytes) => message = Some(bytes.clone()),
                _ => {}
            }
        }
        let Some(message) = message else {
            self.tagged(
                tag,
                Status::Bad,
                None,
                "APPEND needs the message as a literal",
            );
            return;
        };
        let store = self.imap.store.clone();
        let missing = missing_code(&name);
        let done = tokio::task::spawn_blocking(move || {
            let target = shared::resolve(&store, account, &name)?;
            if target.rights == Rights::ReadOnly {
                // Known to exist before saying NOPERM, so a missing one stays NONEXISTENT.
                store.mailbox_head(target.owner, &target.name)?;
                return Ok(None);
            }
            // Into a unit's mailbox: stored as the unit's, against the unit's quota.
            let message = Arc::from(message);
            store
                .append(target.owner, &target.name, message, flags.0, flags.1, date)
                .map(Some)
        })
        .await;
        match done {
            Ok(Ok(Some(d))) => {
                let code = format!("APPENDUID {} {}", d.uidvalidity, d.uid);
                self.tagged(tag, Status::Ok, Some(&code), "APPEND completed");
            }
            Ok(Ok(None)) => self.tagged(tag, Status::No, Some("NOPERM"), NOPERM_TEXT),
            Ok(Err(StorageError::NotFound { .. })) => {
                self.tagged(tag, Status::No, Some(missing), "no such mailbox")
            }
            Ok(Err(e)) => {
                let (code, text) = storage_reply(&e);
                self.tagged(tag, Status::No, code, &text);
            }
            Err(_) => self.tagged(tag, Status::No, Some("SERVERBUG"), "temporary failure"),
        }
    }

    pub(crate) async fn manage(&mut self, tag: &str, command: &str, args: &[Token]) {
        let Some(account) = self.account() else {
            return;
        };
        let names: Vec<String> = args
            .iter()
            .filter_map(|t| t.as_bytes().and_then(|n| self.name_in(n)))
            .collect();
        let needed = if command == "RENAME" { 2 } else { 1 };
        if names.len() < needed {
            self.tagged(
                tag,
                Status::Bad,
                None,
                &format!("{command} needs {needed} mailbox name(s)"),
            );
            return;
        }
        if names.iter().any(|n| shared::is_shared(n)) {
            return self.manage_shared(tag, command, account, &names[0]).await;
        }
        let store = self.imap.store.clone();
        let command_owned = command.to_string();
        let done = tokio::task::spawn_blocking(move || match command_owned.as_str() {
            // A trailing delimiter only says the name may hold children (RFC 9051 §6.3.4).
            "CREATE" => store
                .create_mailbox(account, names[0].trim_end_matches('/'), None)
                .map(|_| ()),
            "DELETE" => store.delete_mailbox(account, &names[0]),
            "RENAME" => store.rename_mailbox(account, &names[0], &names[1]),
            "SUBSCRIBE" => store.set_subscribed(account, &names[0], true),
            _ => store.set_subscribed(account, &names[0], false),
        })
        .await;
        match done {
            Ok(Ok(())) => self.tagged(tag, Status::Ok, None, &format!("{command} completed")),
            Ok(Err(e)) => {
                let (code, text) = storage_reply(&e);
                self.tagged(tag, Status::No, code, &text);
            }
            Err(_) => self.tagged(tag, Status::No, Some("SERVERBUG"), "temporary failure"),
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<S> {
    /// CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE of names in the shared namespace.
    /// A unit's folders are not created, deleted or renamed by its grantees (NOPERM); its
    /// mailboxes are always subscribed (subscriptions are kept per mailbox, not per grantee).
    async fn manage_shared(&mut self, tag: &str, command: &str, account: i64, name: &str) {
        if !matches!(command, "SUBSCRIBE" | "UNSUBSCRIBE") {
            let text = format!(
                "{command} is not allowed in the shared namespace: a unit's folders are managed \
                 by the unit mailbox itself"
            );
            return self.tagged(tag, Status::No, Some("NOPERM"), &text);
        }
        let store = self.imap.store.clone();
        let name = name.to_string();
        let found = tokio::task::spawn_blocking(move || {
            let target = shared::resolve(&store, account, &name)?;
            store.mailbox_head(target.owner, &target.name)
        })
        .await;
        match found {
            Ok(Ok(_)) if command == "SUBSCRIBE" => {
                self.tagged(tag, Status::Ok, None, "SUBSCRIBE completed")
            }
            Ok(Ok(_)) => self.tagged(
                tag,
                Status::No,
                Some("CANNOT"),
                "shared mailboxes are always subscribed",
            ),
            Ok(Err(e)) if e.is_client_error() => {
                self.tagged(tag, Status::No, Some("NONEXISTENT"), "no such mailbox")
            }
            _ => self.tagged(tag, Status::No, Some("SERVERBUG"), "temporary failure"),
        }
    }

    /// GETQUOTAROOT mailbox / GETQUOTA root (RFC 9208): the quota root of one's own
    /// mailboxes is "", that of a unit's shared mailboxes `Shared/<unit>`; STORAGE in KiB and
    /// MESSAGE counts, the figures `govmail user show` prints.
    pub(crate) async fn quota(&mut self, tag: &str, command: &str, args: &[Token]) {
        let Some(account) = self.account() else {
            return;
        };
        let Some(raw) = args.first().and_then(Token::as_bytes).map(<[u8]>::to_vec) else {
            let text = format!("{command} needs a mailbox name or a quota root");
            return self.tagged(tag, Status::Bad, None, &text);
        };
        let Some(name) = self.name_in(&raw) else {
            return self.tagged(tag, Status::Bad, None, "bad mailbox name");
        };
        // Whose quota: Some(None) one's own, Some(Some(unit)) a unit's; None: no such root.
        let wanted: Option<Option<String>> = match (command, shared::parse(&name)) {
            ("GETQUOTAROOT", shared::Name::Own(_)) | ("GETQUOTA", shared::Name::Own("")) => {
                Some(None)
            }
            ("GETQUOTAROOT", shared::Name::Unit { unit, .. }) => Some(Some(unit.to_string())),
            ("GETQUOTA", shared::Name::Node) => name
                .strip_prefix(&format!("{}/", shared::PREFIX))
                .filter(|unit| !unit.is_empty())
                .map(|unit| Some(unit.to_string())),
            _ => None,
        };
        let Some(unit) = wanted else {
            return self.tagged(
                tag,
                Status::No,
                Some("NONEXISTENT"),
                "no such quota root: \"\" for your own mailboxes, Shared/<unit address> for \
                 a unit's",
            );
        };
        let store = self.imap.store.clone();
        let lookup = unit.clone();
        let found = tokio::task::spawn_blocking(move || {
            let owner = match &lookup {
                Some(unit) => match store.shared_access(account, unit)? {
                    Some(grant) => grant.unit_id,
                    None => return Ok(None),
                },
                None => account,
            };
            store.get_account_by_id(owner).map(Some)
        })
        .await;
        let a = match found {
            Ok(Ok(Some(a))) => a,
            Ok(Ok(None)) => {
                return self.tagged(tag, Status::No, Some("NONEXISTENT"), "no such mailbox");
            }
            _ => return self.tagged(tag, Status::No, Some("SERVERBUG"), "cannot read the quota"),
        };
        let root = unit
            .as_deref()
            .map(|u| format!("{}/{u}", shared::PREFIX))
            .unwrap_or_default();
        let mut root_out = Vec::new();
        crate::response::astring(
            &mut root_out,
            root.as_bytes(),
            crate::response::Utf8::Quoted,
        );
        if command == "GETQUOTAROOT" {
            let mut line = b"* QUOTAROOT ".to_vec();
            crate::response::astring(&mut line, &raw, crate::response::Utf8::Quoted);
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
        self.tagged(tag, Status::Ok, None, &format!("{command} completed"));
    }

    /// SORT and UID SORT (RFC 5256 §3): `SORT (criteria) charset search-keys`, answered with
    /// `* SORT` and the numbers in order.
    pub(crate) async fn sort(&mut self, tag: &str, by_uid: bool, args: &[Token]) {
        let Some((owner, id, _, _, known)) = self.selected(tag) else {
            return;
        };
        let criteria = match args.first().map(crate::sort::parse) {
            Some(Ok(c)) => c,
            Some(Err(e)) => return self.tagged(tag, Status::Bad, None, &e),
            None => return self.tagged(tag, Status::Bad, None, "SORT (criteria) charset keys"),
        };
        let charset = args.get(1).and_then(Token::as_bytes).unwrap_or_default();
        if !charset.eq_ignore_ascii_case(b"UTF-8") && !charset.eq_ignore_ascii_case(b"US-ASCII") {
            return self.tagged(
                tag,
                Status::No,
                Some("BADCHARSET (UTF-8 US-ASCII)"),
                "use UTF-8",
            );
        }
        let key = match crate::search::parse(args.get(2..).unwrap_or_default()) {
            Ok(k) => k,
            Err(e) => return self.tagged(tag, Status::Bad, None, &e),
        };
        let with_modseq = crate::condstore::mentions_modseq(&key);
        if with_modseq {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let store = self.imap.store.clone();
        let sorted = tokio::task::spawn_blocking(move || {
            let hits = crate::search_run::run(&store, owner, id, &known, key, true)?;
            let highest = hits
                .iter()
                .filter_map(|h| h.info.as_ref().map(|i| i.modseq))
                .max();
            let hits = hits
                .iter()
                .filter_map(|h| Some((h.seq, h.info.as_ref()?)))
                .collect();
            let order = crate::sort::sort(&criteria, hits)
                .into_iter()
                .map(|(seq, info)| if by_uid { info.uid } else { seq })
                .collect::<Vec<u32>>();
            Ok::<_, StorageError>((order, highest))
        })
        .await;
        match sorted {
            Ok(Ok((order, highest))) => {
                let mut line = String::from("* SORT");
                for n in order {
                    line.push(' ');
                    line.push_str(&n.to_string());
                }
                // RFC 7162 §3.1.9: like SEARCH, the highest MODSEQ of the messages found.
                if let Some(m) = highest.filter(|_| with_modseq) {
                    line.push_str(&format!(" (MODSEQ {m})"));
                }
                line.push_str("\r\n");
                self.output.extend_from_slice(line.as_bytes());
                self.tagged(tag, Status::Ok, None, "SORT completed");
            }
            _ => self.tagged(tag, Status::No, Some("SERVERBUG"), "sort failed"),
        }
    }

    /// SEARCH and UID SEARCH; `CHARSET UTF-8` (or US-ASCII) is accepted and ignored.
    pub(crate) async fn search(&mut self, tag: &str, by_uid: bool, args: &[Token]) {
        let Some((owner, id, _, _, known)) = self.selected(tag) else {
            return;
        };
        let mut args = args;
        // RFC 4731 / RFC 9051 §6.4.4: RETURN (MIN MAX COUNT ALL) asks for ESEARCH.
        let mut returns: Option<Vec<String>> = None;
        if let (Some(Token::Atom(a)), Some(Token::List(opts))) = (args.first(), args.get(1))
            && a.eq_ignore_ascii_case("RETURN")
        {
            let mut list: Vec<String> = opts
                .iter()
                .filter_map(|t| match t {
                    Token::Atom(o) => Some(o.to_ascii_uppercase()),
                    _ => None,
                })
                .collect();
            if list.is_empty() {
                list.push("ALL".into());
            }
            returns = Some(list);
            args = &args[2..];
        }
        if returns.is_none() && self.rev2 {
            returns = Some(vec!["ALL".into()]);
        }
        if let Some(Token::Atom(a)) = args.first()
            && a.eq_ignore_ascii_case("CHARSET")
        {
            let charset = args.get(1).and_then(Token::as_bytes).unwrap_or_default();
            if !charset.eq_ignore_ascii_case(b"UTF-8") && !charset.eq_ignore_ascii_case(b"US-ASCII")
            {
                self.tagged(
                    tag,
                    Status::No,
                    Some("BADCHARSET (UTF-8 US-ASCII)"),
                    "use UTF-8",
                );
                return;
            }
            args = &args[2..];
        }
        let key = match crate::search::parse(args) {
            Ok(k) => k,
            Err(e) => {
                self.tagged(tag, Status::Bad, None, &e);
                return;
            }
        };
        let with_modseq = crate::condstore::mentions_modseq(&key);
        if with_modseq {
            self.enable_condstore(); // RFC 7162 §3.1
        }
        let store = self.imap.store.clone();
        let found = tokio::task::spawn_blocking(move || {
            let hits = crate::search_run::run(&store, owner, id, &known, key, with_modseq)?;
            let modseqs: Vec<u64> = hits
                .iter()
                .filter_map(|h| h.info.as_ref().map(|i| i.modseq))
                .collect();
            let hits = hits
                .into_iter()
                .map(|h| if by_uid { h.uid } else { h.seq })
                .collect::<Vec<u32>>();
            Ok::<_, StorageError>((hits, modseqs))
        })
        .await;
        match found {
            Ok(Ok((hits, modseqs))) if returns.is_some() => {
                let returns = returns.unwrap_or_default();
                let mut line = format!("* ESEARCH (TAG \"{tag}\")");
                if by_uid {
                    line.push_str(" UID");
                }
                for opt in &returns {
                    match opt.as_str() {
                        "MIN" if !hits.is_empty() => line.push_str(&format!(" MIN {}", hits[0])),
                        "MAX" if !hits.is_empty() => {
                            line.push_str(&format!(" MAX {}", hits[hits.len() - 1]))
                        }
                        "COUNT" => line.push_str(&format!(" COUNT {}", hits.len())),
                        "ALL" if !hits.is_empty() => {
                            line.push_str(&format!(" ALL {}", compact(&hits)))
                        }
                        _ => {}
                    }
                }
                if with_modseq && let Some(m) = crate::condstore::esearch_modseq(&modseqs, &returns)
                {
                    line.push_str(&format!(" MODSEQ {m}"));
                }
                line.push_str("\r\n");
                self.output.extend_from_slice(line.as_bytes());
                self.tagged(tag, Status::Ok, None, "SEARCH completed");
            }
            Ok(Ok((hits, modseqs))) => {
                let mut list: Vec<String> = hits.iter().map(u32::to_string).collect();
                // RFC 7162 §3.1.6: the highest MODSEQ of the messages found.
                if let Some(m) = modseqs.iter().max().filter(|_| with_modseq) {
                    list.push(format!("(MODSEQ {m})"));
                }
                let line = if list.is_empty() {
                    "* SEARCH\r\n".to_string()
                } else {
                    format!("* SEARCH {}\r\n", list.join(" "))
                };
                self.output.extend_from_slice(line.as_bytes());
                self.tagged(tag, Status::Ok, None, "SEARCH completed");
            }
            _ => self.tagged(tag, Status::No, Some("SERVERBUG"), "search failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date_time;

    #[test]
    fn dates_and_flags() {
        assert_eq!(
            parse_date_time("03-Nov-2026 08:00:00 +0700"),
            Some(1_793_667_600)
        );
        assert_eq!(
            parse_date_time(" 3-Nov-2026 01:00:00 +0000"),
            Some(1_793_667_600)
        );
        assert_eq!(parse_date_time("3-Foo-2026 01:00:00 +0000"), None);
        let (f, k) = parse_flags(&[
            Token::Atom("\\Seen".into()),
            Token::Atom("$Official".into()),
        ])
        .unwrap();
        assert_eq!((f, k), (Flags::SEEN, vec!["$Official".to_string()]));
        assert!(parse_flags(&[Token::Atom("\\Bogus".into())]).is_err());
    }
}
