//! `govmail domain …` and `govmail agency …`.

use storage::{Agency, Store};

use crate::cli::{AgencyCmd, DomainCmd};
use crate::output::{explain, print_json, table};
use crate::{CliError, CliResult};

pub fn domain(store: &Store, cmd: &DomainCmd) -> CliResult {
    match cmd {
        DomainCmd::Add { name } => {
            let domain = store.add_domain(name)?;
            println!("Domain {} added.", domain.name);
        }
        DomainCmd::List { json } => {
            let domains = store.list_domains()?;
            if *json {
                return print_json(&domains);
            }
            let mut t = table(&["Domain", "Accounts", "Added"]);
            for d in &domains {
                t.add_row(vec![
                    d.name.clone(),
                    d.accounts.to_string(),
                    crate::output::date(d.created_at),
                ]);
            }
            println!("{t}");
        }
        DomainCmd::Remove { name } => {
            store.remove_domain(name)?;
            println!("Domain {} removed.", name.trim().to_ascii_lowercase());
        }
    }
    Ok(())
}

fn headcount_text(h: Option<u32>) -> String {
    h.map(|h| h.to_string()).unwrap_or_else(|| "—".into())
}

pub fn agency(store: &Store, cmd: &AgencyCmd) -> CliResult {
    let explain = |e| explain(store, e);
    match cmd {
        AgencyCmd::Add {
            code,
            name,
            parent,
            headcount,
        } => {
            let agency = store
                .add_agency(code, name, parent.as_deref(), *headcount)
                .map_err(explain)?;
            println!(
                "Agency {} \"{}\" added{}.",
                agency.code,
                agency.name,
                agency
                    .parent
                    .map(|p| format!(" under {p}"))
                    .unwrap_or_default()
            );
        }
        AgencyCmd::List { json } => {
            let agencies = store.list_agencies()?;
            if *json {
                return print_json(&agencies);
            }
            let mut t = table(&["Code", "Name", "Parent", "Headcount", "Accounts"]);
            for a in &agencies {
                t.add_row(vec![
                    a.code.clone(),
                    a.name.clone(),
                    a.parent.clone().unwrap_or_default(),
                    headcount_text(a.headcount),
                    a.accounts.to_string(),
                ]);
            }
            println!("{t}");
        }
        AgencyCmd::Tree { root } => {
            let agencies = store.list_agencies()?;
            let roots: Vec<&Agency> = match root {
                Some(code) => {
                    let a = store.get_agency(code).map_err(explain)?;
                    agencies.iter().filter(|x| x.id == a.id).collect()
                }
                None => agencies.iter().filter(|a| a.parent.is_none()).collect(),
            };
            for r in roots {
                print_tree(&agencies, r, "", true, true);
            }
            println!("(headcount = số biên chế of the agency itself; accounts = its own)");
        }
        AgencyCmd::Show { code, json } => {
            let a = store.get_agency(code).map_err(explain)?;
            if *json {
                return print_json(&a);
            }
            println!("Code:       {}", a.code);
            println!("Name:       {}", a.name);
            println!("Parent:     {}", a.parent.as_deref().unwrap_or("—"));
            println!("Headcount:  {}", headcount_text(a.headcount));
            println!("Accounts:   {}", a.accounts);
            println!("Sub-agencies: {}", a.children);
        }
        AgencyCmd::Headcount { code, headcount } => {
            let value = match headcount.trim().to_ascii_lowercase().as_str() {
                "none" | "unknown" | "-" => None,
                n => Some(n.parse::<u32>().map_err(|_| {
                    CliError(format!(
                        "invalid headcount {headcount:?}: give a whole number of staff (số biên \
                         chế), e.g. 45, or \"none\" if unknown"
                    ))
                })?),
            };
            store.set_agency_headcount(code, value).map_err(explain)?;
            println!(
                "Headcount of {} set to {}.",
                code.trim(),
                headcount_text(value)
            );
        }
        AgencyCmd::Rename { code, name } => {
            store.rename_agency(code, name).map_err(explain)?;
            println!("Agency {} renamed to \"{}\".", code.trim(), name.trim());
        }
        AgencyCmd::Move { code, parent, top } => {
            let parent = if *top { None } else { parent.as_deref() };
            store.move_agency(code, parent).map_err(explain)?;
            match parent {
                Some(p) => println!("Agency {} moved under {}.", code.trim(), p.trim()),
                None => println!("Agency {} moved to the top level.", code.trim()),
            }
        }
        AgencyCmd::Remove { code } => {
            store.remove_agency(code).map_err(explain)?;
            println!("Agency {} removed.", code.trim());
        }
    }
    Ok(())
}

fn print_tree(all: &[Agency], node: &Agency, prefix: &str, last: bool, root: bool) {
    let (branch, child_prefix) = if root {
        ("", String::new())
    } else if last {
        ("└── ", format!("{prefix}    "))
    } else {
        ("├── ", format!("{prefix}│   "))
    };
    println!(
        "{prefix}{branch}{} {} [headcount {}, accounts {}]",
        node.code,
        node.name,
        headcount_text(node.headcount),
        node.accounts
    );
    let children: Vec<&Agency> = all
        .iter()
        .filter(|a| a.parent.as_deref() == Some(node.code.as_str()))
        .collect();
    for (i, child) in children.iter().enumerate() {
        print_tree(all, child, &child_prefix, i + 1 == children.len(), false);
    }
}
