//! `govmail user import`: issuing addresses from the personnel department's staff list.
//!
//! Every row is validated first (syntax, agency, address) and every bad row is reported with
//! its line number. Nothing is written unless every row is valid, or `--skip-invalid` asks
//! for the valid rows only. All accounts are then created in one transaction. The issued
//! addresses and initial passwords are written to a CSV for distribution *before* the
//! accounts are committed, so a password can never be lost.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use adminops::issue::{Credential, Planned, plan_import};
use indicatif::{ProgressBar, ProgressStyle};
use storage::Store;

use crate::cli::UserImport;
use crate::cmd_user::{issue_rules, issuing_domain, quota_text};
use crate::config::Config;
use crate::output::table;
use crate::{CliError, CliResult};

pub fn import(config: &Config, store: &Store, args: &UserImport) -> CliResult<ExitCode> {
    let data = std::fs::read(&args.file)
        .map_err(|e| CliError(format!("cannot read {}: {e}", args.file.display())))?;
    let domain = issuing_domain(config, store, args.domain.as_deref())?;
    // The one validation the web console's upload also uses (crate adminops).
    let plan = plan_import(store, &data, &domain, issue_rules(config)).map_err(|e| match e {
        adminops::issue::ImportError::File(e) => CliError(format!("{}: {e}", args.file.display())),
        adminops::issue::ImportError::Storage(e) => CliError(e.to_string()),
    })?;
    if !plan.ignored_columns.is_empty() {
        eprintln!(
            "note: ignoring column(s) {}",
            plan.ignored_columns.join(", ")
        );
    }
    let (planned, errors) = (plan.planned, plan.errors);

    if !errors.is_empty() {
        eprintln!(
            "{} row(s) of {} have errors:",
            errors.len(),
            args.file.display()
        );
        for e in &errors {
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
                p.line.to_string(),
                p.full_name.clone(),
                p.agency.clone(),
                p.address.clone(),
                quota_text(p.quota),
                p.kind.as_str().to_string(),
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
    let accounts = adminops::issue::new_accounts(&planned, &credentials);
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

fn default_out(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "staff".into());
    input.with_file_name(format!("{stem}-issued.csv"))
}

/// Generates and hashes `n` initial passwords on every core, with a progress bar on a
/// terminal (indicatif draws nothing when stderr is not one).
fn make_passwords(n: usize) -> CliResult<Vec<Credential>> {
    let bar = ProgressBar::new(n as u64);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta} left)") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("Creating passwords");
    let made = adminops::issue::make_passwords(n, &|| bar.inc(1));
    bar.finish_and_clear();
    Ok(made?)
}

/// The distribution list: UTF-8 with BOM so Excel shows the diacritics; owner-only access
/// because it holds passwords.
fn write_issued(path: &Path, planned: &[Planned], credentials: &[Credential]) -> CliResult {
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
    for (p, c) in planned.iter().zip(credentials) {
        writer
            .write_record([
                p.line.to_string().as_str(),
                &p.full_name,
                &p.agency,
                &p.address,
                &c.password,
                &quota_text(p.quota),
                p.kind.as_str(),
            ])
            .map_err(|e| fail(&e))?;
    }
    let file = writer.into_inner().map_err(|e| fail(&e))?;
    file.sync_all().map_err(|e| fail(&e))?;
    Ok(())
}
