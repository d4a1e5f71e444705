//! `govmail dkim`: DKIM signing keys, one per domain, kept as `dkim/DOMAIN.SELECTOR.pem` next
//! to the configuration (mode 0600), and the DNS records that publish them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use smtp::mailauth::DkimKey;

use crate::cli::DkimCmd;
use crate::config::Config;
use crate::{CliError, CliResult};

fn dir(config: &Config) -> PathBuf {
    config.resolve(Path::new("dkim"))
}

/// The key files found: (domain, selector, path).
fn key_files(config: &Config) -> CliResult<Vec<(String, String, PathBuf)>> {
    let dir = dir(config);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CliError(format!("cannot read {}: {e}", dir.display()))),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".pem") else {
            continue;
        };
        if let Some((domain, selector)) = stem.rsplit_once('.') {
            found.push((domain.to_string(), selector.to_string(), path.clone()));
        }
    }
    found.sort();
    Ok(found)
}

fn load(domain: &str, selector: &str, path: &Path) -> CliResult<DkimKey> {
    let pem = std::fs::read_to_string(path)
        .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
    DkimKey::from_pem(domain, selector, &pem)
        .map_err(|e| CliError(format!("{}: {e}", path.display())))
}

/// Every key, by domain, for the outbound worker. A damaged key file stops the start with a
/// message naming it, rather than sending mail unsigned without notice.
pub fn load_keys(config: &Config) -> CliResult<HashMap<String, Arc<DkimKey>>> {
    let mut keys = HashMap::new();
    for (domain, selector, path) in key_files(config)? {
        let key = load(&domain, &selector, &path)?;
        if keys.insert(domain.clone(), Arc::new(key)).is_some() {
            return Err(CliError(format!(
                "two DKIM keys for {domain} in {}: keep one",
                dir(config).display()
            )));
        }
    }
    Ok(keys)
}

/// DOMAIN's DKIM key, if it has one: (the record's name, its value).
pub fn dns_record(config: &Config, domain: &str) -> CliResult<Option<(String, String)>> {
    let Some((d, selector, path)) = key_files(config)?.into_iter().find(|(d, _, _)| d == domain)
    else {
        return Ok(None);
    };
    Ok(Some(load(&d, &selector, &path)?.dns_record()))
}

/// The record as a zone-file line, the value split into 255-byte strings (RFC 1035 §3.3.14).
fn zone_line(key: &DkimKey) -> String {
    let (name, value) = key.dns_record();
    txt_line(&name, &value)
}

/// A TXT record as a zone-file line, the value split into 255-byte strings.
pub fn txt_line(name: &str, value: &str) -> String {
    let chunks: Vec<String> = value
        .as_bytes()
        .chunks(255)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    format!("{name}. IN TXT ( {} )", chunks.join(" "))
}

pub fn dkim(config: &Config, cmd: &DkimCmd) -> CliResult {
    match cmd {
        DkimCmd::Generate {
            domain,
            selector,
            force,
        } => {
            let domain = storage::normalize_domain(domain)?;
            if selector.is_empty()
                || !selector
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Err(CliError(format!(
                    "selector \"{selector}\": use letters, digits and '-' only"
                )));
            }
            let existing: Vec<_> = key_files(config)?
                .into_iter()
                .filter(|(d, _, _)| *d == domain)
                .collect();
            if !existing.is_empty() && !force {
                return Err(CliError(format!(
                    "{domain} already has a DKIM key ({}); pass --force to replace it",
                    existing[0].2.display()
                )));
            }
            let (key, pem) = DkimKey::generate(&domain, selector)
                .map_err(|e| CliError(format!("cannot generate the key: {e}")))?;
            let dir = dir(config);
            std::fs::create_dir_all(&dir)
                .map_err(|e| CliError(format!("cannot create {}: {e}", dir.display())))?;
            let path = dir.join(format!("{domain}.{selector}.pem"));
            write_private(&path, pem.as_bytes())?;
            for (_, _, old) in existing {
                if old != path {
                    let _ = std::fs::remove_file(old);
                }
            }
            println!("DKIM key for {domain} written to {}", path.display());
            println!("Publish this DNS record, then reload govmail (systemctl reload govmail):\n");
            println!("{}", zone_line(&key));
            Ok(())
        }
        DkimCmd::Show { domain } => {
            let domain = storage::normalize_domain(domain)?;
            let Some((d, selector, path)) = key_files(config)?
                .into_iter()
                .find(|(d, _, _)| *d == domain)
            else {
                return Err(CliError(format!(
                    "{domain} has no DKIM key: create one with `govmail dkim generate {domain}`"
                )));
            };
            println!("{}", zone_line(&load(&d, &selector, &path)?));
            Ok(())
        }
        DkimCmd::List => {
            let files = key_files(config)?;
            if files.is_empty() {
                println!("No DKIM keys: outgoing mail is not signed.");
            }
            for (domain, selector, _) in files {
                println!("{domain}\tselector {selector}");
            }
            Ok(())
        }
    }
}

/// Writes a private key readable by its owner only, durable before we say it is written.
fn write_private(path: &Path, data: &[u8]) -> CliResult {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
    file.write_all(data)
        .and_then(|_| file.sync_all())
        .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))
}
