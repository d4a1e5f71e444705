//! `govmail sieve`: an account's Sieve scripts (bộ lọc thư), as ManageSieve offers them to
//! users (RFC 5804), for administrators and provisioning scripts.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::SieveCmd;
use crate::output::{date, explain, print_json, table};
use crate::{CliError, CliResult};

pub fn sieve(store: &storage::Store, cmd: &SieveCmd) -> CliResult {
    match cmd {
        SieveCmd::List { account, json } => {
            let id = account_id(store, account)?;
            let scripts = store.sieve_list(id)?;
            if *json {
                return print_json(&scripts);
            }
            if scripts.is_empty() {
                println!(
                    "{} has no Sieve script. Add one with `govmail sieve put {} NAME FILE \
                     --activate`.",
                    account.trim(),
                    account.trim()
                );
                return Ok(());
            }
            let mut t = table(&["name", "active", "size", "updated"]);
            for s in &scripts {
                t.add_row(vec![
                    s.name.clone(),
                    if s.active { "yes" } else { "" }.to_string(),
                    format!("{} B", s.size),
                    date(s.updated_at),
                ]);
            }
            println!("{t}");
            Ok(())
        }
        SieveCmd::Get { account, name } => {
            let id = account_id(store, account)?;
            let script = store
                .sieve_get(id, name)
                .map_err(|e| not_found(store, account, id, e))?;
            print!("{}", script.content);
            if !script.content.ends_with('\n') {
                println!();
            }
            Ok(())
        }
        SieveCmd::Put {
            account,
            name,
            file,
            activate,
        } => {
            let id = account_id(store, account)?;
            let text = read_script(file)?;
            policy::sieve::compile(&text).map_err(|e| invalid(file, &e))?;
            store.sieve_put(id, name, &text, *activate)?;
            // What ManageSieve answers with OK (WARNINGS): stored, but it will not do all
            // that it says (a folder that does not exist, for one).
            let address = store.get_account_by_id(id)?.address;
            let mailboxes: Vec<String> = store
                .list_mailboxes(id, storage::Counts::Without)?
                .into_iter()
                .map(|m| m.name)
                .collect();
            let aliases = store.list_aliases(&address)?;
            let owner = policy::sieve::lint::Owner {
                address: &address,
                aliases: &aliases,
                mailboxes: &mailboxes,
            };
            for warning in policy::sieve::lint::warnings(&text, &owner) {
                eprintln!("cảnh báo / warning: {warning}");
            }
            if *activate {
                println!(
                    "Script '{name}' stored for {} and active: it filters new mail from now on.",
                    account.trim()
                );
            } else {
                println!(
                    "Script '{name}' stored for {} (not active; `govmail sieve activate {} \
                     '{name}'` makes it run).",
                    account.trim(),
                    account.trim()
                );
            }
            Ok(())
        }
        SieveCmd::Activate {
            account,
            name,
            none,
        } => {
            let id = account_id(store, account)?;
            let name = if *none { None } else { name.as_deref() };
            store
                .sieve_set_active(id, name)
                .map_err(|e| not_found(store, account, id, e))?;
            match name {
                Some(name) => println!("Script '{name}' is now active for {}.", account.trim()),
                None => println!("{} has no active script now.", account.trim()),
            }
            Ok(())
        }
        SieveCmd::Delete { account, name } => {
            let id = account_id(store, account)?;
            store
                .sieve_delete(id, name)
                .map_err(|e| not_found(store, account, id, e))?;
            println!("Script '{name}' of {} deleted.", account.trim());
            Ok(())
        }
        SieveCmd::Check { file } => check(file).map(|_| ()),
    }
}

/// `govmail sieve check FILE`: compiles without storing.
pub fn check(file: &Path) -> CliResult<ExitCode> {
    let text = read_script(file)?;
    policy::sieve::compile(&text).map_err(|e| invalid(file, &e))?;
    println!("{}: valid Sieve script.", shown(file));
    Ok(ExitCode::SUCCESS)
}

fn account_id(store: &storage::Store, address: &str) -> CliResult<storage::AccountId> {
    store
        .get_account(address.trim())
        .map(|a| a.id)
        .map_err(|e| explain(store, e))
}

/// "no script X": with the names that exist.
fn not_found(
    store: &storage::Store,
    account: &str,
    id: storage::AccountId,
    e: storage::StorageError,
) -> CliError {
    match e {
        storage::StorageError::NotFound {
            what: "Sieve script",
            key,
        } => {
            let names: Vec<String> = store
                .sieve_list(id)
                .map(|l| l.into_iter().map(|s| s.name).collect())
                .unwrap_or_default();
            if names.is_empty() {
                CliError(format!(
                    "{} has no Sieve script '{key}' (it has none)",
                    account.trim()
                ))
            } else {
                CliError(format!(
                    "{} has no Sieve script '{key}'; its scripts: {}",
                    account.trim(),
                    names.join(", ")
                ))
            }
        }
        other => CliError(other.to_string()),
    }
}

fn shown(file: &Path) -> String {
    if file == Path::new("-") {
        "standard input".into()
    } else {
        file.display().to_string()
    }
}

fn invalid(file: &Path, e: &policy::sieve::CompileError) -> CliError {
    CliError(format!(
        "{}: not a valid Sieve script, {e}. Fix the script and run the command again \
         (`govmail sieve check FILE` checks without storing)",
        shown(file)
    ))
}

/// Reads a script file (or standard input for `-`) as UTF-8 (RFC 5228 §2.2).
fn read_script(file: &Path) -> CliResult<String> {
    let mut bytes = Vec::new();
    let read = if file == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    read.map_err(|e| CliError(format!("cannot read {}: {e}", shown(file))))?;
    if bytes.len() > policy::sieve::MAX_SCRIPT_SIZE {
        return Err(CliError(format!(
            "{} is too large for a Sieve script ({} bytes, at most {})",
            shown(file),
            bytes.len(),
            policy::sieve::MAX_SCRIPT_SIZE
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        CliError(format!(
            "{} is not UTF-8 text: save the script as UTF-8 (Sieve scripts are UTF-8, RFC 5228 \
             §2.2)",
            shown(file)
        ))
    })
}
