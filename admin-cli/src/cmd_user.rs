//! `govmail user …`: issuing addresses and managing accounts.

use std::io::BufRead;
use std::process::ExitCode;

use serde::Serialize;
use storage::{
    Account, AccountFilter, AccountKind, AccountStatus, Grant, GrantChange, NewAccount, Quota,
    Store,
};

use crate::cli::{AliasCmd, QuotaCmd, UserAdd, UserCmd};
use crate::config::Config;
use crate::output::{explain, print_json, table};
use crate::sizes::{format_size, parse_size};
use crate::{CliError, CliResult};

pub fn user(config: &Config, store: &Store, cmd: &UserCmd) -> CliResult<ExitCode> {
    let explain = |e| explain(store, e);
    match cmd {
        UserCmd::Add(args) => add(config, store, args)?,
        UserCmd::Import(args) => return crate::cmd_import::import(config, store, args),
        UserCmd::List {
            agency,
            subtree,
            status,
            domain,
            json,
        } => {
            let filter = AccountFilter {
                agency: agency.clone(),
                subtree: *subtree,
                status: status.as_deref().map(parse_status).transpose()?,
                domain: domain.clone(),
            };
            let accounts = store.list_accounts(&filter).map_err(explain)?;
            if *json {
                print_json(&accounts)?;
            } else {
                let mut t = table(&[
                    "Address", "Name", "Agency", "Kind", "Status", "Used", "Quota",
                ]);
                for a in &accounts {
                    t.add_row(vec![
                        a.address.clone(),
                        a.display_name.clone(),
                        a.agency.clone(),
                        a.kind.as_str().into(),
                        a.status.as_str().into(),
                        format_size(a.used_bytes),
                        quota_text(a.quota),
                    ]);
                }
                println!("{t}");
                println!("{} account(s)", accounts.len());
            }
        }
        UserCmd::Show { address, json } => {
            let account = store.get_account(address).map_err(explain)?;
            let aliases = store.list_aliases(&account.address)?;
            let grants = Grants {
                shared_with: store.grants_of_unit(&account.address)?,
                unit_access: store.grants_to(&account.address)?,
            };
            if *json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    account: &'a Account,
                    aliases: &'a [String],
                    #[serde(flatten)]
                    grants: &'a Grants,
                }
                print_json(&Shown {
                    account: &account,
                    aliases: &aliases,
                    grants: &grants,
                })?;
            } else {
                show(&account, &aliases, &grants);
            }
        }
        UserCmd::Role(cmd) => crate::cmd_audit::role(store, cmd)?,
        UserCmd::Passwd {
            address,
            password_stdin,
        } => {
            let account = store.get_account(address).map_err(explain)?;
            let (password, hash) = if *password_stdin {
                let password = read_password_stdin()?;
                let hash = storage::password::hash(&password)?;
                (None, hash)
            } else {
                let password = storage::password::generate();
                let hash = storage::password::hash_generated(&password)?;
                (Some(password), hash)
            };
            store.set_password_hash(&account.address, hash)?;
            match password {
                Some(p) => println!("New password for {}: {p}", account.address),
                None => println!("Password of {} changed.", account.address),
            }
        }
        UserCmd::Suspend { address } => set_status(store, address, AccountStatus::Suspended)?,
        UserCmd::Resume {
            address,
            undo_removal,
        } => resume(store, address, *undo_removal)?,
        UserCmd::Quota(QuotaCmd::Set {
            address,
            size,
            messages,
        }) => {
            let bytes = parse_size(size).map_err(|e| CliError(format!("quota: {e}")))?;
            let quota = Quota {
                bytes,
                messages: *messages,
            };
            store.set_quota(address, quota).map_err(explain)?;
            println!("Quota of {} set to {}.", address.trim(), quota_text(quota));
        }
        UserCmd::Quota(QuotaCmd::Show { address, json }) => {
            let account = store.get_account(address).map_err(explain)?;
            let usage = account.quota_usage();
            if *json {
                print_json(&usage)?;
            } else {
                println!(
                    "{}: {} of {} used, {} message(s){}",
                    account.address,
                    format_size(usage.used_bytes),
                    quota_text(usage.limit),
                    usage.used_messages,
                    usage
                        .limit
                        .messages
                        .map(|m| format!(" of {m}"))
                        .unwrap_or_default()
                );
            }
        }
        UserCmd::SetName { address, name } => {
            store.set_display_name(address, name).map_err(explain)?;
            println!(
                "Display name of {} set to \"{}\".",
                address.trim(),
                name.trim()
            );
        }
        UserCmd::Remove { address, purge } => {
            store
                .set_status(address, AccountStatus::Removed)
                .map_err(explain)?;
            if *purge {
                let n = store.purge_account(address).map_err(explain)?;
                println!(
                    "Account {} removed and purged ({n} message(s) deleted).",
                    address.trim()
                );
            } else {
                println!(
                    "Account {} removed; its mail is kept until `govmail user purge {}`.",
                    address.trim(),
                    address.trim()
                );
            }
        }
        UserCmd::Purge { address } => {
            let n = store.purge_account(address).map_err(explain)?;
            println!(
                "Account {} purged ({n} message(s) deleted).",
                address.trim()
            );
        }
        UserCmd::Alias(AliasCmd::Add { alias, address }) => {
            store.add_alias(alias, address).map_err(explain)?;
            println!("Alias {} now delivers to {}.", alias.trim(), address.trim());
        }
        UserCmd::Alias(AliasCmd::List { address, json }) => {
            let aliases = store.list_aliases(address).map_err(explain)?;
            if *json {
                print_json(&aliases)?;
            } else {
                for a in aliases {
                    println!("{a}");
                }
            }
        }
        UserCmd::Alias(AliasCmd::Remove { alias }) => {
            store.remove_alias(alias).map_err(explain)?;
            println!("Alias {} removed.", alias.trim());
        }
        UserCmd::Grant {
            unit,
            account,
            read_only,
        } => {
            let change = store.grant(unit, account, *read_only).map_err(explain)?;
            let (unit, account) = (unit.trim().to_lowercase(), account.trim().to_lowercase());
            let mode = access_text(*read_only);
            match change {
                GrantChange::Created => println!(
                    "{account} can now open {unit} {mode}: its mail client shows it under \
                     Shared/{unit}/."
                ),
                GrantChange::Changed => {
                    println!("{account}'s access to {unit} is now {mode}.")
                }
                GrantChange::Unchanged => {
                    println!("{account} already has {mode} access to {unit}; nothing changed.")
                }
            }
        }
        UserCmd::Revoke { unit, account } => {
            store.revoke(unit, account).map_err(explain)?;
            println!(
                "{} no longer has access to {}; open IMAP sessions lose it at their next \
                 command.",
                account.trim().to_lowercase(),
                unit.trim().to_lowercase()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_status(s: &str) -> CliResult<AccountStatus> {
    match s.trim().to_ascii_lowercase().as_str() {
        "active" => Ok(AccountStatus::Active),
        "suspended" => Ok(AccountStatus::Suspended),
        "removed" => Ok(AccountStatus::Removed),
        other => Err(CliError(format!(
            "unknown status {other:?}: use active, suspended or removed"
        ))),
    }
}

/// Resumes a suspended account. A removed one comes back only when asked outright: its mail
/// may have been purged and its grants are gone, so a typo must not revive it.
fn resume(store: &Store, address: &str, undo_removal: bool) -> CliResult {
    let account = store.get_account(address).map_err(|e| explain(store, e))?;
    if account.status == AccountStatus::Removed && !undo_removal {
        return Err(CliError(format!(
            "account {} was removed (tài khoản đã bị xóa); to bring it back as it is now, \
             without its former unit-mailbox grants, run: govmail user resume --undo-removal {}",
            account.address, account.address
        )));
    }
    set_status(store, address, AccountStatus::Active)
}

fn set_status(store: &Store, address: &str, status: AccountStatus) -> CliResult {
    store
        .set_status(address, status)
        .map_err(|e| explain(store, e))?;
    println!("Account {} is now {}.", address.trim(), status.as_str());
    Ok(())
}

pub fn quota_text(q: Quota) -> String {
    q.bytes
        .map(format_size)
        .unwrap_or_else(|| "unlimited".into())
}

/// The grants `user show` lists: who may open this unit, and which units this account opens.
#[derive(Serialize)]
struct Grants {
    shared_with: Vec<Grant>,
    unit_access: Vec<Grant>,
}

fn access_text(read_only: bool) -> &'static str {
    if read_only { "read-only" } else { "read-write" }
}

fn show(a: &Account, aliases: &[String], grants: &Grants) {
    println!("Address:      {}", a.address);
    println!("Name:         {}", a.display_name);
    println!("Agency:       {}", a.agency);
    println!("Kind:         {}", a.kind.as_str());
    println!("Status:       {}", a.status.as_str());
    println!(
        "Quota:        {} used of {}; {} message(s){}",
        format_size(a.used_bytes),
        quota_text(a.quota),
        a.used_messages,
        a.quota
            .messages
            .map(|m| format!(" of {m}"))
            .unwrap_or_default()
    );
    println!("Created:      {}", crate::output::date(a.created_at));
    if !aliases.is_empty() {
        println!("Aliases:      {}", aliases.join(", "));
    }
    if a.kind == AccountKind::Unit {
        let with: Vec<String> = grants
            .shared_with
            .iter()
            .map(|g| format!("{} ({})", g.grantee, access_text(g.read_only)))
            .collect();
        let text = if with.is_empty() {
            "no one (give access with `govmail user grant UNIT ACCOUNT [--read-only]`)".into()
        } else {
            with.join(", ")
        };
        println!("Shared with:  {text}");
    }
    if !grants.unit_access.is_empty() {
        let units: Vec<String> = grants
            .unit_access
            .iter()
            .map(|g| format!("{} ({})", g.unit, access_text(g.read_only)))
            .collect();
        println!("Unit access:  {}", units.join(", "));
    }
}

fn read_password_stdin() -> CliResult<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError(format!("cannot read the password from standard input: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.chars().count() < 10 {
        return Err(CliError(
            "the password must have at least 10 characters".into(),
        ));
    }
    Ok(password)
}

/// The address rule and default quota of the configuration, for crate adminops.
pub fn issue_rules(config: &Config) -> adminops::issue::Rules {
    adminops::issue::Rules {
        address_rule: config.accounts.address_rule,
        default_quota: config.default_quota(),
    }
}

/// The domain to issue on (`--domain`, else the default), checked to be served.
pub fn issuing_domain(config: &Config, store: &Store, domain: Option<&str>) -> CliResult<String> {
    adminops::issue::issuing_domain(store, domain.unwrap_or(&config.server.default_domain))
        .map_err(CliError)
}

fn add(config: &Config, store: &Store, args: &UserAdd) -> CliResult {
    let domain = issuing_domain(config, store, args.domain.as_deref())?;
    // The same checks as the web console's form (crate adminops).
    let planned = adminops::issue::plan_one(
        store,
        &domain,
        issue_rules(config),
        &adminops::issue::OneAccount {
            full_name: &args.name,
            agency: &args.agency,
            address: args.address.as_deref(),
            quota: args.quota.as_deref(),
            unit: args.unit,
        },
    )
    .map_err(|e| match e {
        adminops::issue::OneError::Quota(e) => CliError(format!("--quota: {e}")),
        other => CliError(other.to_string()),
    })?;
    let (password, hash) = if args.password_stdin {
        let password = read_password_stdin()?;
        (None, storage::password::hash(&password)?)
    } else {
        let password = storage::password::generate();
        let hash = storage::password::hash_generated(&password)?;
        (Some(password), hash)
    };
    let account = store
        .create_account(NewAccount {
            address: planned.address,
            display_name: planned.full_name,
            agency_code: planned.agency,
            kind: planned.kind,
            password_hash: hash,
            quota: planned.quota,
        })
        .map_err(|e| explain(store, e))?;
    if args.json {
        #[derive(Serialize)]
        struct Issued<'a> {
            #[serde(flatten)]
            account: &'a Account,
            password: Option<&'a str>,
        }
        return print_json(&Issued {
            account: &account,
            password: password.as_deref(),
        });
    }
    println!(
        "Issued {} to {} ({}), quota {}.",
        account.address,
        account.display_name,
        account.agency,
        quota_text(account.quota)
    );
    if let Some(p) = password {
        println!("Initial password: {p}");
    }
    Ok(())
}
