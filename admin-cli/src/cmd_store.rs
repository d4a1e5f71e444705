//! `govmail store migrate --to CONFIG`: copies this configuration's store (the running one:
//! SQLite and blob files, say) into the store another configuration names (PostgreSQL and
//! an S3 bucket, or any backend), written against the backend traits only, so any backend
//! can be the source or the target.
//!
//! What is copied: domains, agencies, accounts with their password hashes, statuses and
//! quotas, aliases, roles, shared-mailbox grants, Sieve scripts (and which is active),
//! subscriptions, and every mailbox (the hidden one of recalled copies too) with its
//! UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ and every message with its UID, MODSEQ, flags,
//! keywords and internal date (RFC 9051 §2.3.1.1, RFC 7162 §3.1: clients keep their caches). Then every message and counter is compared, and
//! each copied message's bytes are read back from the target and checked against their
//! SHA-256 name (as `check --deep`).
//!
//! Then the state that is not mail, row by row ([`storage::backend::Table`]): the outbound
//! queue (each entry's recipients, attempts, next try and DSN state, with the message it
//! sends), the register of official documents with its tracking (recipients, receipts,
//! follow-ups), usage counters (daily and monthly, so `govmail report` gives the same
//! figures), the audit log, quarantine (with the held messages), recall records and
//! requests, each mailbox's expunge history, and who got a vacation reply (RFC 5230 §4.2:
//! not twice in a period, across the move too). The expunge history is copied as it is, with the
//! MODSEQs of the expunges: since UIDVALIDITY, UIDs and MODSEQs are kept too, a client that
//! resynchronises with QRESYNC from a MODSEQ it saw on the old server gets the same VANISHED
//! (EARLIER) answer from the new one (RFC 7162 §3.2.5.2, §3.2.10), and needs no full resync.
//! Each table's rows are compared with the source's afterwards.
//!
//! A second run catches up: what the target has already (an account, a mailbox with the same
//! UIDVALIDITY, a UID) is kept, only what is new is copied; flags and MODSEQs changed since
//! on messages already copied are brought over too. What the source no longer has goes from
//! the target: messages expunged or moved away (with neither a MODSEQ nor an expunge
//! history entry of the target's own: both come from the source, so QRESYNC's VANISHED
//! (EARLIER) is the same), mailboxes deleted (or renamed: copied again under the new name),
//! accounts deleted, and aliases, subscriptions, roles and grants withdrawn. The other
//! tables are made equal to the source's again (a queue entry sent meanwhile goes, a receipt
//! recorded meanwhile comes), so the target must not serve before the last run, which is
//! done with the old server stopped, so nothing changes under it. A target that holds
//! accounts but none of the source's is refused: it is not a copy.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use storage::backend::{ImportedMailbox, ImportedMessage, Row, Span, Table, Value};
use storage::{Account, AccountFilter, Counts, MessageInfo, NewAccount, Store};

use crate::config::Config;
use crate::{CliError, CliResult};

/// Messages read and written per transaction.
const BATCH: usize = 256;
/// Rows of the other tables read and written per transaction.
const ROWS: usize = 1_000;

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Migrated {
    pub accounts: u64,
    pub mailboxes: u64,
    pub messages: u64,
    /// Messages written by this run (the others were there already).
    pub copied: u64,
    /// Messages already there whose flags or MODSEQ were brought up to date.
    pub updated: u64,
    /// Messages of the target the source expunged (or moved) since an earlier run.
    pub expunged: u64,
    /// Mailboxes and accounts of the target the source deleted since an earlier run.
    pub mailboxes_deleted: u64,
    pub accounts_deleted: u64,
    /// Rows of each other table, as the source has them (all written again).
    pub rows: HashMap<Table, u64>,
}

pub fn migrate(source: &Config, to: &Path) -> CliResult<ExitCode> {
    let target = Config::load(to)?;
    if source.store_description() == target.store_description()
        && source.blobs_description() == target.blobs_description()
    {
        return Err(CliError(format!(
            "{} names the same store as {} ({}): nothing to copy",
            to.display(),
            source.path.display(),
            source.store_description()
        )));
    }
    let from = source.open_store(storage::OpenMode::MustExist)?;
    let into = target.open_store(storage::OpenMode::CreateIfMissing)?;
    eprintln!(
        "Copying {} ({}) into {} ({}).",
        source.store_description(),
        source.blobs_description(),
        target.store_description(),
        target.blobs_description()
    );
    let started = std::time::Instant::now();
    let done = copy_store(&from, &into)?;
    let problems = verify(&from, &into)?;
    from.shutdown();
    into.shutdown();
    println!(
        "Copied {} account(s), {} mailbox(es), {} message(s) ({} new, {} updated, {} expunged) \
         in {:.1} s.",
        done.accounts,
        done.mailboxes,
        done.messages,
        done.copied,
        done.updated,
        done.expunged,
        started.elapsed().as_secs_f64()
    );
    if done.mailboxes_deleted + done.accounts_deleted > 0 {
        println!(
            "Deleted {} mailbox(es) and {} account(s) the source no longer has.",
            done.mailboxes_deleted, done.accounts_deleted
        );
    }
    let tables: Vec<String> = Table::ALL
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                done.rows.get(t).copied().unwrap_or(0),
                t.describe()
            )
        })
        .collect();
    println!("Copied {}.", tables.join(", "));
    if !problems.is_empty() {
        for p in &problems {
            println!("  MISMATCH: {p}");
        }
        println!(
            "{} difference(s) between the stores: run again (with the old server stopped).",
            problems.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "Verified: every mailbox's UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, every message's \
         UID, MODSEQ, flags, date, size and content, every account's usage, and every row \
         of the queue, register, tracking, usage counters, audit log, quarantine, recall, \
         expunge history and vacation replies."
    );
    println!("Run again to catch up; the last run with the old server stopped.");
    Ok(ExitCode::SUCCESS)
}

fn bar(total: u64) -> ProgressBar {
    // indicatif draws nothing when stderr is not a terminal.
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} messages ({eta} left)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("Copying");
    bar
}

/// Copies everything `from` holds that `into` lacks (see the module documentation).
pub fn copy_store(from: &Store, into: &Store) -> CliResult<Migrated> {
    let mut done = Migrated::default();
    for domain in from.list_domains()? {
        if !into.serves_domain(&domain.name)? {
            into.add_domain(&domain.name)?;
        }
    }
    copy_agencies(from, into)?;
    let accounts = from.list_accounts(&AccountFilter::default())?;
    let gone = gone_accounts(&accounts, into)?;
    let mut total = 0u64;
    for account in &accounts {
        for m in from.list_mailboxes(account.id, Counts::With)? {
            total += u64::from(m.messages);
        }
    }
    let progress = bar(total);
    let mut pairs = Vec::new();
    for account in &accounts {
        let target = within(&account.address, copy_account(from, into, account))?;
        pairs.push((account.clone(), target.clone()));
        done.accounts += 1;
        let mailboxes = every_mailbox(from, account.id)?;
        done.mailboxes_deleted += within(
            &account.address,
            delete_gone_mailboxes(&mailboxes, into, &target),
        )?;
        let there: HashMap<String, storage::Mailbox> = every_mailbox(into, target.id)?
            .into_iter()
            .map(|m| (m.name.clone(), m))
            .collect();
        for mailbox in mailboxes {
            let what = format!("{} mailbox {:?}", account.address, mailbox.name);
            let counters = |m: &storage::Mailbox| (m.uidvalidity, m.uidnext, m.highest_modseq);
            let imported = match there.get(&mailbox.name) {
                // Up to date (a catch-up run): no write.
                Some(t) if counters(t) == counters(&mailbox) => t.id,
                _ => within(
                    &what,
                    into.import_mailbox(
                        target.id,
                        &ImportedMailbox {
                            name: mailbox.name.clone(),
                            special_use: mailbox.special_use.clone(),
                            uidvalidity: mailbox.uidvalidity,
                            uidnext: mailbox.uidnext,
                            highest_modseq: mailbox.highest_modseq,
                        },
                    )
                    .map_err(CliError::from),
                )?,
            };
            done.mailboxes += 1;
            within(
                &what,
                copy_messages(
                    from,
                    into,
                    (account.id, mailbox.id),
                    (target.id, imported),
                    &mut done,
                    &progress,
                ),
            )?;
            // Which messages are no longer \Recent (RFC 3501 §2.3.2): a claim of UID 0 only
            // reads it.
            let claimed = from.claim_recent(account.id, mailbox.id, 0)?;
            if claimed > 0 {
                into.claim_recent(target.id, imported, claimed)?;
            }
            within(
                &what,
                copy_table(
                    from,
                    into,
                    Table::Expunged,
                    (Some(mailbox.id), Some(imported)),
                    &mut done,
                ),
            )?;
        }
        within(
            &format!("{} of {}", Table::VacationSent.describe(), account.address),
            copy_table(
                from,
                into,
                Table::VacationSent,
                (Some(account.id), Some(target.id)),
                &mut done,
            ),
        )?;
        let subscribed: HashSet<String> = into.subscriptions(target.id)?.into_iter().collect();
        let wanted: HashSet<String> = from.subscriptions(account.id)?.into_iter().collect();
        for name in wanted.difference(&subscribed) {
            into.subscribe_mailbox(target.id, name)?;
        }
        for name in subscribed.difference(&wanted) {
            into.unsubscribe_mailbox(target.id, name)?;
        }
    }
    progress.finish_and_clear();
    // Roles and grants name accounts: once every account is there.
    let roles = from.list_roles(None)?;
    let key = |r: &storage::RoleGrant| (r.address.clone(), r.role, r.agency.clone());
    let kept: HashSet<_> = roles.iter().map(key).collect();
    for role in into.list_roles(None)? {
        if !kept.contains(&key(&role)) {
            into.remove_role(&role.address, role.role, role.agency.as_deref())?;
        }
    }
    for role in roles {
        within(
            &format!("role of {}", role.address),
            into.add_role(&role.address, role.role, role.agency.as_deref())
                .map_err(CliError::from),
        )?;
    }
    for (source, target) in &pairs {
        let granted: HashMap<String, bool> = into
            .grants_to(&target.address)?
            .into_iter()
            .map(|g| (g.unit, g.read_only))
            .collect();
        let grants = from.grants_to(&source.address)?;
        let kept: HashSet<&str> = grants.iter().map(|g| g.unit.as_str()).collect();
        for unit in granted.keys().filter(|u| !kept.contains(u.as_str())) {
            into.revoke(unit, &target.address)?;
        }
        for g in grants {
            if granted.get(&g.unit) != Some(&g.read_only) {
                within(
                    &format!("grant of {} to {}", g.unit, g.grantee),
                    into.grant(&g.unit, &g.grantee, g.read_only)
                        .map_err(CliError::from),
                )?;
            }
        }
        within(
            &format!("Sieve scripts of {}", source.address),
            copy_sieve(from, into, source, target),
        )?;
    }
    // The store's own tables last: their rows name accounts, agencies, mailboxes and the
    // contents of messages copied above.
    for table in Table::ALL.into_iter().filter(|t| t.scope().is_none()) {
        within(
            table.describe(),
            copy_table(from, into, table, (None, None), &mut done),
        )?;
    }
    // Accounts the source deleted go last: the rows above no longer name them.
    for address in gone {
        within(&address, delete_account(into, &address))?;
        done.accounts_deleted += 1;
    }
    Ok(done)
}

/// The addresses of the target's accounts that the source lacks (deleted there since an
/// earlier run). A target holding accounts but none of the source's is not its copy:
/// refused, rather than emptied.
fn gone_accounts(accounts: &[Account], into: &Store) -> CliResult<Vec<String>> {
    let ours: HashSet<&str> = accounts.iter().map(|a| a.address.as_str()).collect();
    let theirs = into.list_accounts(&AccountFilter::default())?;
    let gone: Vec<String> = theirs
        .iter()
        .filter(|a| !ours.contains(a.address.as_str()))
        .map(|a| a.address.clone())
        .collect();
    if !gone.is_empty() && gone.len() == theirs.len() {
        return Err(CliError(format!(
            "the target store holds {} account(s), none of this store's: it is not a copy of \
             this store (copy into an empty store)",
            theirs.len()
        )));
    }
    Ok(gone)
}

/// Deletes the target's mailboxes of the account that the source no longer has under the
/// same name and UIDVALIDITY (deleted, renamed, or deleted and made again), but INBOX and
/// never-used ones that [`Import::import_mailbox`] takes over. A renamed mailbox is then
/// copied again under its new name. Returns how many were deleted.
fn delete_gone_mailboxes(
    mailboxes: &[storage::Mailbox],
    into: &Store,
    target: &Account,
) -> CliResult<u64> {
    let same: HashSet<(&str, u32)> = mailboxes
        .iter()
        .map(|m| (m.name.as_str(), m.uidvalidity))
        .collect();
    let names: HashSet<&str> = mailboxes.iter().map(|m| m.name.as_str()).collect();
    let mut deleted = 0;
    for m in into.list_mailboxes(target.id, Counts::Without)? {
        let unused = m.uidnext == 1 && names.contains(m.name.as_str());
        if same.contains(&(m.name.as_str(), m.uidvalidity)) || unused || m.name == "INBOX" {
            continue;
        }
        into.delete_mailbox(target.id, &m.name)?;
        deleted += 1;
    }
    Ok(deleted)
}

/// Deletes an account of the target for good (`govmail user remove`, then `purge`).
fn delete_account(into: &Store, address: &str) -> CliResult {
    into.set_status(address, storage::AccountStatus::Removed)?;
    into.purge_account(address)?;
    Ok(())
}

/// Makes `into`'s rows of `table` (of the scope `scopes.1`) those of `from` (of `scopes.0`),
/// a page of keys at a time, each page replacing the target's rows of the same keys, the
/// last one (fewer rows than a page: no key after them) those above too. A scope without
/// rows is one transaction, which clears the target's.
fn copy_table(
    from: &Store,
    into: &Store,
    table: Table,
    scopes: (Option<i64>, Option<i64>),
    done: &mut Migrated,
) -> CliResult {
    let mut after = i64::MIN;
    loop {
        let rows = from.export_rows(
            table,
            Span {
                scope: scopes.0,
                after,
                upto: None,
            },
            ROWS,
        )?;
        let last = match rows.last() {
            Some(row) if rows.len() >= ROWS => Some(key(row)),
            _ => None,
        };
        *done.rows.entry(table).or_default() += rows.len() as u64;
        // The target's rows of the same keys (its first page after `after`: the same rows
        // only if it has no other in the range): no write when they are the same, as most
        // are in a catch-up run, and a scope without rows on either side (a write
        // transaction, and its fsync, per account or mailbox otherwise).
        let theirs = into.export_rows(
            table,
            Span {
                scope: scopes.1,
                after,
                upto: None,
            },
            ROWS,
        )?;
        if theirs == rows {
            match last {
                Some(last) => {
                    after = last;
                    continue;
                }
                None => return Ok(()),
            }
        }
        let mut contents = Vec::new();
        let mut seen = HashSet::new();
        for hash in table.contents_held(&rows) {
            if seen.insert(hash) {
                contents.push(std::sync::Arc::from(from.read_blob(hash)?));
            }
        }
        into.replace_rows(
            table,
            Span {
                scope: scopes.1,
                after,
                upto: last,
            },
            rows,
            contents,
        )?;
        match last {
            Some(last) => after = last,
            None => return Ok(()),
        }
    }
}

/// A row's key (its first value, an integer).
fn key(row: &Row) -> i64 {
    match row.first() {
        Some(Value::Int(k)) => *k,
        _ => i64::MIN,
    }
}

/// What differs between the rows of `table` in the two stores (scopes as in [`copy_table`]).
fn compare_table(
    from: &Store,
    into: &Store,
    table: Table,
    scopes: (Option<i64>, Option<i64>),
    what: &str,
    problems: &mut Vec<String>,
) -> CliResult {
    let mut after = i64::MIN;
    loop {
        let span = |scope| Span {
            scope,
            after,
            upto: None,
        };
        let ours = from.export_rows(table, span(scopes.0), ROWS)?;
        let theirs = into.export_rows(table, span(scopes.1), ROWS)?;
        if ours != theirs {
            let differs = ours.iter().zip(&theirs).position(|(a, b)| a != b);
            let at = differs
                .and_then(|i| ours.get(i))
                .or(ours.get(theirs.len()))
                .or(theirs.get(ours.len()))
                .map(key)
                .unwrap_or(after);
            problems.push(format!(
                "{what}{}: {} rows ≠ {} from key {after} on (first difference at key {at})",
                table.describe(),
                ours.len(),
                theirs.len()
            ));
            return Ok(());
        }
        match ours.last() {
            Some(last) => after = key(last),
            None => return Ok(()),
        }
    }
}

/// The account's mailboxes, the hidden one of recalled copies included.
fn every_mailbox(store: &Store, account: storage::AccountId) -> CliResult<Vec<storage::Mailbox>> {
    let mut all = store.list_mailboxes(account, Counts::Without)?;
    all.extend(store.hidden_mailboxes(account)?);
    Ok(all)
}

/// `result`, its error saying what was being copied.
fn within<T>(what: &str, result: CliResult<T>) -> CliResult<T> {
    result.map_err(|e| CliError(format!("{what}: {}", e.0)))
}

/// Agencies parents first (a parent's code must exist when its child is added).
fn copy_agencies(from: &Store, into: &Store) -> CliResult {
    let mut pending = from.list_agencies()?;
    let mut known: HashSet<String> = into.list_agencies()?.into_iter().map(|a| a.code).collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut rest = Vec::new();
        for agency in pending {
            if known.contains(&agency.code) {
                continue;
            }
            match &agency.parent {
                Some(parent) if !known.contains(parent) => rest.push(agency),
                parent => {
                    into.add_agency(
                        &agency.code,
                        &agency.name,
                        parent.as_deref(),
                        agency.headcount,
                    )?;
                    known.insert(agency.code);
                }
            }
        }
        if rest.len() == before {
            return Err(CliError(format!(
                "agencies whose parent is missing: {}",
                rest.iter()
                    .map(|a| a.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        pending = rest;
    }
    Ok(())
}

/// The account in `into`, created (with its password hash) or brought up to date.
fn copy_account(from: &Store, into: &Store, account: &Account) -> CliResult<Account> {
    let (_, hash) = from.password_hash(&account.address)?;
    let target = match into.get_account(&account.address) {
        Ok(existing) => {
            if into.password_hash(&account.address)?.1 != hash {
                into.set_password_hash(&account.address, hash)?;
            }
            if existing.display_name != account.display_name {
                into.set_display_name(&account.address, &account.display_name)?;
            }
            if existing.quota != account.quota {
                into.set_quota(&account.address, account.quota)?;
            }
            existing
        }
        Err(storage::StorageError::NotFound { .. }) => into.create_account(NewAccount {
            address: account.address.clone(),
            display_name: account.display_name.clone(),
            agency_code: account.agency.clone(),
            kind: account.kind,
            password_hash: hash,
            quota: account.quota,
        })?,
        Err(e) => return Err(e.into()),
    };
    if target.status != account.status {
        into.set_status(&account.address, account.status)?;
    }
    let aliases: HashSet<String> = into.list_aliases(&account.address)?.into_iter().collect();
    let wanted: HashSet<String> = from.list_aliases(&account.address)?.into_iter().collect();
    for alias in aliases.difference(&wanted) {
        into.remove_alias(alias)?;
    }
    for alias in wanted.difference(&aliases) {
        into.add_alias(alias, &account.address)?;
    }
    Ok(target)
}

fn copy_sieve(from: &Store, into: &Store, source: &Account, target: &Account) -> CliResult {
    let have: HashMap<String, bool> = into
        .sieve_list(target.id)?
        .into_iter()
        .map(|s| (s.name, s.active))
        .collect();
    for info in from.sieve_list(source.id)? {
        let script = from.sieve_get(source.id, &info.name)?;
        let same = have.contains_key(&script.name)
            && into.sieve_get(target.id, &script.name)?.content == script.content;
        if !same {
            into.sieve_put(target.id, &script.name, &script.content, false)?;
        }
    }
    let active = from.sieve_active(source.id)?.map(|s| s.name);
    let target_active = into.sieve_active(target.id)?.map(|s| s.name);
    if active != target_active {
        into.sieve_set_active(target.id, active.as_deref())?;
    }
    Ok(())
}

/// Copies the messages of one mailbox the target lacks, in UID order, a batch at a time;
/// for those it has, brings flags, keywords and MODSEQ up to date when they changed; those
/// the source no longer has are expunged (their MODSEQs and history come with the mailbox
/// and [`Table::Expunged`]).
fn copy_messages(
    from: &Store,
    into: &Store,
    (account, mailbox): (storage::AccountId, storage::MailboxId),
    (target_account, target_mailbox): (storage::AccountId, storage::MailboxId),
    done: &mut Migrated,
    progress: &ProgressBar,
) -> CliResult {
    let have: HashSet<u32> = into
        .uids(target_account, target_mailbox)?
        .into_iter()
        .collect();
    let uids = from.uids(account, mailbox)?;
    // Expunged on the source since (or moved elsewhere: copied there as new UIDs).
    let kept: HashSet<u32> = uids.iter().copied().collect();
    let mut gone: Vec<u32> = have.iter().filter(|u| !kept.contains(u)).copied().collect();
    gone.sort_unstable();
    for chunk in gone.chunks(BATCH) {
        done.expunged +=
            into.import_expunge(target_account, target_mailbox, chunk.to_vec())? as u64;
    }
    for chunk in uids.chunks(BATCH) {
        let (Some(&first), Some(&last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let infos = from.messages(account, mailbox, first..=last)?;
        let mut batch = Vec::new();
        for info in &infos {
            if have.contains(&info.uid) {
                continue;
            }
            let raw = from.read_message(account, mailbox, info.uid)?;
            batch.push(ImportedMessage {
                uid: info.uid,
                modseq: info.modseq,
                flags: info.flags,
                keywords: info.keywords.clone(),
                internal_date: info.internal_date,
                raw: raw.into(),
            });
        }
        let wanted = batch.len();
        if wanted > 0 {
            done.copied += into.import_messages(target_account, target_mailbox, batch)? as u64;
        }
        // Those there already: the same flags and MODSEQ, or brought up to date.
        let old: Vec<&MessageInfo> = infos.iter().filter(|i| have.contains(&i.uid)).collect();
        if !old.is_empty() {
            let there = into.messages_by_uid(
                target_account,
                target_mailbox,
                &old.iter().map(|i| i.uid).collect::<Vec<_>>(),
            )?;
            let there: HashMap<u32, &MessageInfo> = there.iter().map(|i| (i.uid, i)).collect();
            let stale: Vec<ImportedMessage> = old
                .iter()
                .filter(|i| {
                    there.get(&i.uid).is_some_and(|t| {
                        t.flags != i.flags || t.keywords != i.keywords || t.modseq != i.modseq
                    })
                })
                .map(|i| ImportedMessage {
                    uid: i.uid,
                    modseq: i.modseq,
                    flags: i.flags,
                    keywords: i.keywords.clone(),
                    internal_date: i.internal_date,
                    raw: std::sync::Arc::from(&[][..]),
                })
                .collect();
            if !stale.is_empty() {
                done.updated += into.import_flags(target_account, target_mailbox, stale)? as u64;
            }
        }
        done.messages += infos.len() as u64;
        progress.inc(infos.len() as u64);
    }
    Ok(())
}

/// Compares the two stores: what differs, in words (empty when they agree).
pub fn verify(from: &Store, into: &Store) -> CliResult<Vec<String>> {
    let mut problems = Vec::new();
    let accounts = from.list_accounts(&AccountFilter::default())?;
    let ours: HashSet<&str> = accounts.iter().map(|a| a.address.as_str()).collect();
    for extra in into.list_accounts(&AccountFilter::default())? {
        if !ours.contains(extra.address.as_str()) {
            problems.push(format!("account {} only in the copy", extra.address));
        }
    }
    for account in accounts {
        let target = match into.get_account(&account.address) {
            Ok(t) => t,
            Err(storage::StorageError::NotFound { .. }) => {
                problems.push(format!("account {} missing", account.address));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if from.password_hash(&account.address)?.1 != into.password_hash(&account.address)?.1 {
            problems.push(format!("{}: password hash differs", account.address));
        }
        let (a, b) = (&account, &target);
        if (a.status, a.quota, a.used_bytes, a.used_messages, &a.agency)
            != (b.status, b.quota, b.used_bytes, b.used_messages, &b.agency)
        {
            problems.push(format!(
                "{}: status/quota/usage/agency {:?} {:?} {} {} {} ≠ {:?} {:?} {} {} {}",
                a.address,
                a.status,
                a.quota,
                a.used_bytes,
                a.used_messages,
                a.agency,
                b.status,
                b.quota,
                b.used_bytes,
                b.used_messages,
                b.agency
            ));
        }
        compare_table(
            from,
            into,
            Table::VacationSent,
            (Some(account.id), Some(target.id)),
            &format!("{}: ", account.address),
            &mut problems,
        )?;
        let theirs: HashMap<String, storage::Mailbox> = every_mailbox(into, target.id)?
            .into_iter()
            .map(|m| (m.name.clone(), m))
            .collect();
        let mailboxes = every_mailbox(from, account.id)?;
        let names: HashSet<&str> = mailboxes.iter().map(|m| m.name.as_str()).collect();
        for name in theirs.keys().filter(|n| !names.contains(n.as_str())) {
            problems.push(format!(
                "{} {name:?}: mailbox only in the copy",
                account.address
            ));
        }
        for mailbox in mailboxes {
            let Some(t) = theirs.get(&mailbox.name) else {
                problems.push(format!(
                    "{} {:?}: mailbox missing",
                    account.address, mailbox.name
                ));
                continue;
            };
            if (mailbox.uidvalidity, mailbox.uidnext, mailbox.highest_modseq)
                != (t.uidvalidity, t.uidnext, t.highest_modseq)
            {
                problems.push(format!(
                    "{} {:?}: UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ {} {} {} ≠ {} {} {}",
                    account.address,
                    mailbox.name,
                    mailbox.uidvalidity,
                    mailbox.uidnext,
                    mailbox.highest_modseq,
                    t.uidvalidity,
                    t.uidnext,
                    t.highest_modseq
                ));
            }
            let recent = (
                from.claim_recent(account.id, mailbox.id, 0)?,
                into.claim_recent(target.id, t.id, 0)?,
            );
            if recent.0 != recent.1 {
                problems.push(format!(
                    "{} {:?}: \\Recent claimed up to UID {} ≠ {}",
                    account.address, mailbox.name, recent.0, recent.1
                ));
            }
            compare_table(
                from,
                into,
                Table::Expunged,
                (Some(mailbox.id), Some(t.id)),
                &format!("{} {:?}: ", account.address, mailbox.name),
                &mut problems,
            )?;
            let ours = from.messages(account.id, mailbox.id, 1..=u32::MAX)?;
            let copied = into.messages(target.id, t.id, 1..=u32::MAX)?;
            if ours.len() != copied.len() {
                problems.push(format!(
                    "{} {:?}: {} messages ≠ {}",
                    account.address,
                    mailbox.name,
                    ours.len(),
                    copied.len()
                ));
            }
            for (m, c) in ours.iter().zip(&copied) {
                let key = |i: &MessageInfo| {
                    (
                        i.uid,
                        i.modseq,
                        i.flags,
                        i.keywords.clone(),
                        i.internal_date,
                        i.size,
                        i.blob.clone(),
                    )
                };
                if key(m) != key(c) {
                    problems.push(format!(
                        "{} {:?} UID {}: differs from the copy (UID {})",
                        account.address, mailbox.name, m.uid, c.uid
                    ));
                    continue;
                }
                // The bytes as the target serves them, against their SHA-256 name.
                let bytes = into.read_message(target.id, t.id, c.uid)?;
                if storage::hash_hex(&bytes) != c.blob {
                    problems.push(format!(
                        "{} {:?} UID {}: the copied content does not match its checksum",
                        account.address, mailbox.name, c.uid
                    ));
                }
            }
        }
    }
    for table in Table::ALL.into_iter().filter(|t| t.scope().is_none()) {
        compare_table(from, into, table, (None, None), "", &mut problems)?;
    }
    Ok(problems)
}
