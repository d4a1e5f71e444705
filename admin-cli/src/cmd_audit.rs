//! `govmail user role …` (roles on the web console) and `govmail audit` (the audit log).

use storage::{AuditFilter, NewAudit, Role, Store};

use crate::cli::RoleCmd;
use crate::output::{explain, print_json, table};
use crate::{CliError, CliResult};

/// Who runs a command on the server's shell, as the audit log names them: `cli:<user>` (the
/// user behind sudo if any).
pub fn cli_actor() -> String {
    let user = std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{}", auth::loggable(&user))
}

fn parse_role(text: &str) -> CliResult<Role> {
    Role::parse(text).ok_or_else(|| {
        CliError(format!(
            "unknown role \"{}\": the roles are admin (quản trị viên: the administrators' desk) \
             and report-viewer (người xem báo cáo: the usage report of an agency's subtree, \
             with --agency CODE)",
            text.trim()
        ))
    })
}

pub fn role(store: &Store, cmd: &RoleCmd) -> CliResult {
    let explain = |e| explain(store, e);
    let log = |action: &str, address: &str, role: Role, agency: Option<&str>| {
        store.audit(NewAudit {
            actor: cli_actor(),
            action: action.into(),
            target: Some(address.trim().to_lowercase()),
            detail: Some(crate::cmd_server::role_detail(role, agency)),
            source: "cli".into(),
        })
    };
    match cmd {
        RoleCmd::Add {
            address,
            role,
            agency,
        } => {
            let role = parse_role(role)?;
            let agency = match agency {
                Some(code) => Some(store.get_agency(code).map_err(explain)?.code),
                None => None,
            };
            let added = store
                .add_role(address, role, agency.as_deref())
                .map_err(explain)?;
            let address = address.trim().to_lowercase();
            let what = match &agency {
                Some(code) => format!("{role} ({}) of {code}", role.name_vi()),
                None => format!("{role} ({})", role.name_vi()),
            };
            if added {
                log("role.add", &address, role, agency.as_deref())?;
                println!(
                    "{address} is now {what}; it logs in to the web console with its address and password."
                );
            } else {
                println!("{address} was already {what}: nothing changed.");
            }
        }
        RoleCmd::Remove {
            address,
            role,
            agency,
        } => {
            let role = parse_role(role)?;
            let agency = match agency {
                Some(code) => Some(store.get_agency(code).map_err(explain)?.code),
                None => None,
            };
            let address = address.trim().to_lowercase();
            if store
                .remove_role(&address, role, agency.as_deref())
                .map_err(explain)?
            {
                log("role.remove", &address, role, agency.as_deref())?;
                println!(
                    "{address} is no longer {role}{}.",
                    agency.map(|c| format!(" of {c}")).unwrap_or_default()
                );
            } else {
                return Err(CliError(format!(
                    "{address} does not have the role {role}{}: see `govmail user role list \
                     {address}`",
                    agency.map(|c| format!(" of {c}")).unwrap_or_default()
                )));
            }
        }
        RoleCmd::List { address, json } => {
            let roles = store.list_roles(address.as_deref()).map_err(explain)?;
            if *json {
                return print_json(&roles);
            }
            let mut t = table(&["Address", "Role", "Agency (subtree)", "Since"]);
            for r in &roles {
                t.add_row(vec![
                    r.address.clone(),
                    format!("{} ({})", r.role, r.role.name_vi()),
                    r.agency.clone().unwrap_or_else(|| "—".into()),
                    crate::output::date(r.created_at),
                ]);
            }
            println!("{t}");
            println!("{} role(s)", roles.len());
        }
    }
    Ok(())
}

pub fn audit(
    store: &Store,
    since: Option<&str>,
    actor: Option<&str>,
    limit: u32,
    json: bool,
) -> CliResult {
    let since = since
        .map(|d| {
            crate::period::parse_day(d)
                .map(|day| day * 86_400 - storage::VIETNAM_UTC_OFFSET_SECS)
                .map_err(|e| CliError(format!("--since: {e}")))
        })
        .transpose()?;
    let entries = store.audit_log(&AuditFilter {
        since,
        actor: actor.map(|a| a.trim().to_lowercase()),
        action: None,
        limit: Some(limit),
    })?;
    if json {
        return print_json(&entries);
    }
    let mut t = table(&["When (Vietnam time)", "Who", "What", "On", "Detail", "From"]);
    for e in &entries {
        let at = storage::VnTime::from_unix(e.at);
        t.add_row(vec![
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                at.year, at.month, at.day, at.hour, at.minute, at.second
            ),
            e.actor.clone(),
            e.action.clone(),
            e.target.clone().unwrap_or_default(),
            e.detail.clone().unwrap_or_default(),
            e.source.clone(),
        ]);
    }
    println!("{t}");
    println!("{} line(s), newest first", entries.len());
    Ok(())
}
