//! `govmail user import`: issuing addresses from the personnel department's staff list.
//!
//! Every row is validated first (syntax, agency, address) and every bad row is reported with
//! its line number. Nothing is written unless every row is valid, or `--skip-invalid` asks
//! for the valid rows only. All accounts are then created in one transaction. The issued
//! addresses and initial passwords are written to a CSV for distribution *before* the
//! accounts are committed, so a password can never be lost.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};
use storage::{AccountKind, NewAccount, Quota, Store};

use crate::cli::UserImport;
use crate::cmd_user::{choose_address, issuing_domain, quota_text};
use crate::config::Config;
use crate::output::{table, unknown_agency};
use crate::staff_csv::{StaffRow, parse_staff_csv};
use crate::{CliError, CliResult};

struct Planned<'a> {
    row: &'a StaffRow,
    address: String,
    quota: Quota,
}

pub fn import(config: &Config, store: &Store, args: &UserImport) -> CliResult<ExitCode> {
    let data = std::fs::read(&args.file)
        .map_err(|e| CliError(format!("cannot read {}: {e}", args.file.display())))?;
    let list =
        parse_staff_csv(&data).map_err(|e| CliError(format!("{}: {e}", args.file.display())))?;
    let domain = issuing_domain(config, store, args.domain.as_deref())?;
    if !list.ignored_columns.is_empty() {
        eprintln!(
            "note: ignoring column(s) {}",
            list.ignored_columns.join(", ")
        );
    }

    let agencies: HashSet<String> = store
        .list_agencies()?
        .into_iter()
        .map(|a| a.code.to_ascii_uppercase())
        .collect();
    let mut taken: HashSet<String> = store.addresses_like("", &domain)?.into_iter().collect();
    let mut errors: Vec<(usize, String)> = list
        .errors
        .iter()
        .map(|e| (e.line, e.to_string()))
        .collect();
    let mut planned = Vec::with_capacity(list.rows.len());
    let default_quota = config.default_quota();
    for row in &list.rows {
        if !agencies.contains(&row.agency) {
            errors.push((
                row.line,
                format!("line {}: {}", row.line, unknown_agency(store, &row.agency)),
            ));
            continue;
        }
        match choose_address(
            config,
            &row.full_name,
            row.address.as_deref(),
            &domain,
            &taken,
        ) {
            Ok(address) => {
                taken.insert(address.clone());
                let quota = match row.quota {
                    Some(bytes) => Quota {
                        bytes,
                        messages: default_quota.messages,
                    },
                    None => default_quota,
                };
                planned.push(Planned {
                    row,
                    address,
                    quota,
                });
            }
            Err(e) => errors.push((row.line, format!("line {}: {e}", row.line))),
        }
    }
    errors.sort_by_key(|(line, _)| *line);

    if !errors.is_empty() {
        eprintln!(
            "{} row(s) of {} have errors:",
            errors.len(),
            args.file.display()
        );
        for (_, e) in &errors {
            eprintln!("  {e}");
        }
        if !args.skip_invalid {
            return Err(CliError(format!(
                "nothing was imported: fix the {} row(s) above and run again, or add \
                 --skip-invalid to issue only the {} valid row(s)",
                errors.len(),
                planned.len()
            )));
        }
        eprintln!(
            "--skip-invalid: the {} row(s) above are skipped.",
            errors.len()
        );
    }

    if args.dry_run {
        let mut t = table(&["Line", "Full name", "Agency", "Address", "Quota", "Kind"]);
        for p in &planned {
            t.add_row(vec![
                p.row.line.to_string(),
                p.row.full_name.clone(),
                p.row.agency.clone(),
                p.address.clone(),
                quota_text(p.quota),
                kind(p.row).as_str().to_string(),
            ]);
        }
        println!("{t}");
        println!(
            "Dry run: {} account(s) would be issued, {} row(s) rejected. Nothing was written.",
            planned.len(),
            errors.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if planned.is_empty() {
        return Err(CliError("no valid row to import".into()));
    }

    let out = args.out.clone().unwrap_or_else(|| default_out(&args.file));
    if out.exists() {
        return Err(CliError(format!(
            "{} already exists and may hold earlier passwords: choose another file with --out",
            out.display()
        )));
    }

    let credentials = make_passwords(planned.len())?;
    let tmp = out.with_extension("csv.partial");
    write_issued(&tmp, &planned, &credentials)?;
    let accounts: Vec<NewAccount> = planned
        .iter()
        .zip(&credentials)
        .map(|(p, (_, hash))| NewAccount {
            address: p.address.clone(),
            display_name: p.row.full_name.clone(),
            agency_code: p.row.agency.clone(),
            kind: kind(p.row),
            password_hash: hash.clone(),
            quota: p.quota,
        })
        .collect();
    if let Err(e) = store.create_accounts(accounts) {
        let _ = std::fs::remove_file(&tmp);
        return Err(CliError(format!("nothing was imported: {e}")));
    }
    std::fs::rename(&tmp, &out).map_err(|e| {
        CliError(format!(
            "accounts were issued, but moving {} to {} failed ({e}): the passwords are in {}",
            tmp.display(),
            out.display(),
            tmp.display()
        ))
    })?;
    println!(
        "Issued {} account(s) on {domain}{}. Addresses and initial passwords: {}",
        planned.len(),
        if errors.is_empty() {
            String::new()
        } else {
            format!(" ({} row(s) skipped)", errors.len())
        },
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn kind(row: &StaffRow) -> AccountKind {
    if row.unit {
        AccountKind::Unit
    } else {
        AccountKind::Personal
    }
}

fn default_out(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "staff".into());
    input.with_file_name(format!("{stem}-issued.csv"))
}

/// Generates and hashes `n` initial passwords on every core, with a progress bar on a
/// terminal (indicatif draws nothing when stderr is not one).
fn make_passwords(n: usize) -> CliResult<Vec<(String, String)>> {
    let bar = ProgressBar::new(n as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta} left)") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("Creating passwords");
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(n.max(1));
    let chunk = n.div_ceil(threads);
    let results: Vec<storage::Result<Vec<(String, String)>>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let bar = bar.clone();
                let count = chunk.min(n.saturating_sub(t * chunk));
                s.spawn(move || {
                    (0..count)
                        .map(|_| {
                            let password = storage::password::generate();
                            let hash = storage::password::hash_generated(&password)?;
                            bar.inc(1);
                            Ok((password, hash))
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(storage::StorageError::Invalid(
                        "password thread panicked".into(),
                    ))
                })
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut out = Vec::with_capacity(n);
    for chunk in results {
        out.extend(chunk?);
    }
    Ok(out)
}

/// The distribution list: UTF-8 with BOM so Excel shows the diacritics; owner-only access
/// because it holds passwords.
fn write_issued(
    path: &Path,
    planned: &[Planned<'_>],
    credentials: &[(String, String)],
) -> CliResult {
    let fail =
        |e: &dyn std::fmt::Display| CliError(format!("cannot write {}: {e}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| fail(&e))?;
    file.write_all(b"\xEF\xBB\xBF").map_err(|e| fail(&e))?;
    let mut writer = csv::Writer::from_writer(file);
    writer
        .write_record([
            "line",
            "full_name",
            "agency",
            "address",
            "password",
            "quota",
            "kind",
        ])
        .map_err(|e| fail(&e))?;
    for (p, (password, _)) in planned.iter().zip(credentials) {
        writer
            .write_record([
                p.row.line.to_string().as_str(),
                &p.row.full_name,
                &p.row.agency,
                &p.address,
                password,
                &quota_text(p.quota),
                kind(p.row).as_str(),
            ])
            .map_err(|e| fail(&e))?;
    }
    let file = writer.into_inner().map_err(|e| fail(&e))?;
    file.sync_all().map_err(|e| fail(&e))?;
    Ok(())
}
