//! Issuing addresses: one person (`govmail user add`, the console's *Cấp tài khoản*) or a
//! whole staff list (`govmail user import`, the console's CSV upload).
//!
//! A staff list is planned whole before anything is written: every row is validated (syntax
//! by [`crate::staff_csv`], then the agency against the directory and the address against
//! the addresses in use and the list's own earlier rows), and every bad row is reported with
//! its line number. The caller writes nothing unless [`ImportPlan::errors`] is empty (the
//! CLI's `--skip-invalid` is the one exception, and says so), and then creates every account
//! in one transaction ([`storage::Store::create_accounts`]).

use std::collections::HashSet;
use std::fmt;

use storage::{AccountKind, NewAccount, Quota, StorageError, Store};

use crate::naming::{AddressRule, derive_local_part, is_valid_local_part, with_number};
use crate::sizes::{SizeError, parse_size};
use crate::staff_csv::{CsvFileError, StaffRow, parse_staff_csv};

/// How addresses and quotas are chosen (`[accounts] address_rule` and the default quota of
/// the configuration).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    pub address_rule: AddressRule,
    pub default_quota: Quota,
}

/// One account to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The staff list's line (0 for an account issued on its own).
    pub line: usize,
    pub full_name: String,
    /// The agency code, as the directory spells it.
    pub agency: String,
    /// The full address, free when planned.
    pub address: String,
    pub quota: Quota,
    pub kind: AccountKind,
}

/// A bad row of a staff list. `Display` gives the CLI's line: "line 7: unknown agency …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    /// What is wrong and what to fix, without the "line N:" prefix.
    pub reason: String,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A staff list checked against the directory.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// The valid rows, each with its free address, in file order.
    pub planned: Vec<Planned>,
    /// Every problem, sorted by line. Nothing may be written while it is not empty.
    pub errors: Vec<LineError>,
    /// Header cells that match no known column (their data is ignored).
    pub ignored_columns: Vec<String>,
}

/// Why a staff list cannot be planned at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole is unusable (encoding, header).
    #[error(transparent)]
    File(#[from] CsvFileError),
    /// The directory could not be read.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Parses and validates a staff list and chooses every row's address on `domain` (which must
/// be served: see [`issuing_domain`]).
///
/// # Errors
///
/// [`ImportError::File`] when no row can be read, [`ImportError::Storage`] when the directory
/// cannot be. Bad rows are not errors: they are in [`ImportPlan::errors`].
pub fn plan_import(
    store: &Store,
    data: &[u8],
    domain: &str,
    rules: Rules,
) -> Result<ImportPlan, ImportError> {
    let list = parse_staff_csv(data)?;
    let agencies: HashSet<String> = store
        .list_agencies()?
        .into_iter()
        .map(|a| a.code.to_ascii_uppercase())
        .collect();
    let mut taken: HashSet<String> = store.addresses_like("", domain)?.into_iter().collect();
    let mut errors: Vec<LineError> = list
        .errors
        .iter()
        .map(|e| LineError {
            line: e.line,
            reason: e.reason.clone(),
        })
        .collect();
    let mut planned = Vec::with_capacity(list.rows.len());
    for row in &list.rows {
        if !agencies.contains(&row.agency) {
            errors.push(LineError {
                line: row.line,
                reason: unknown_agency(store, &row.agency),
            });
            continue;
        }
        match choose_address(
            rules.address_rule,
            &row.full_name,
            row.address.as_deref(),
            domain,
            &taken,
        ) {
            Ok(address) => {
                taken.insert(address.clone());
                planned.push(planned_row(row, address, rules.default_quota));
            }
            Err(reason) => errors.push(LineError {
                line: row.line,
                reason,
            }),
        }
    }
    // Stable: a row's own problems keep their order.
    errors.sort_by_key(|e| e.line);
    Ok(ImportPlan {
        planned,
        errors,
        ignored_columns: list.ignored_columns,
    })
}

fn planned_row(row: &StaffRow, address: String, default_quota: Quota) -> Planned {
    Planned {
        line: row.line,
        full_name: row.full_name.clone(),
        agency: row.agency.clone(),
        address,
        quota: match row.quota {
            Some(bytes) => Quota {
                bytes,
                messages: default_quota.messages,
            },
            None => default_quota,
        },
        kind: if row.unit {
            AccountKind::Unit
        } else {
            AccountKind::Personal
        },
    }
}

/// What one person's account is asked for (the CLI's `user add` arguments, the console's
/// form).
#[derive(Debug, Clone, Default)]
pub struct OneAccount<'a> {
    pub full_name: &'a str,
    pub agency: &'a str,
    /// A bare local part or a full address on the domain; `None`: derived from the name.
    pub address: Option<&'a str>,
    /// A size such as "2 GB" or "unlimited"; `None`: the default quota.
    pub quota: Option<&'a str>,
    pub unit: bool,
}

/// Why one account cannot be issued.
#[derive(Debug, thiserror::Error)]
pub enum OneError {
    /// No such agency (the message suggests the closest codes).
    #[error("{0}")]
    Agency(String),
    #[error("quota: {0}")]
    Quota(#[from] SizeError),
    /// The name is empty, or the address given is invalid or taken, or none can be derived
    /// from the name.
    #[error("{0}")]
    Address(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Plans one account on `domain`: the agency must exist, the address be free.
///
/// # Errors
///
/// See [`OneError`].
pub fn plan_one(
    store: &Store,
    domain: &str,
    rules: Rules,
    wanted: &OneAccount<'_>,
) -> Result<Planned, OneError> {
    let full_name = crate::staff_csv::full_name(wanted.full_name)
        .map_err(|reason| OneError::Address(reason.to_string()))?;
    // The agency first, so a typo gets suggestions rather than a generic error.
    let agency = match store.get_agency(wanted.agency) {
        Ok(a) => a.code,
        Err(StorageError::NotFound { .. }) => {
            return Err(OneError::Agency(unknown_agency(store, wanted.agency)));
        }
        Err(e) => return Err(e.into()),
    };
    let quota = match wanted.quota.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => Quota {
            bytes: parse_size(q)?,
            messages: rules.default_quota.messages,
        },
        None => rules.default_quota,
    };
    let prefix = match wanted.address.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => a
            .to_lowercase()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_string(),
        None => derive_local_part(&full_name, rules.address_rule)
            .map_err(|e| OneError::Address(e.to_string()))?,
    };
    let taken: HashSet<String> = store.addresses_like(&prefix, domain)?.into_iter().collect();
    let address = choose_address(
        rules.address_rule,
        &full_name,
        wanted.address.map(str::trim).filter(|a| !a.is_empty()),
        domain,
        &taken,
    )
    .map_err(OneError::Address)?;
    Ok(Planned {
        line: 0,
        full_name,
        agency,
        address,
        quota,
        kind: if wanted.unit {
            AccountKind::Unit
        } else {
            AccountKind::Personal
        },
    })
}

/// Resolves the address to issue: an explicit one (bare local part or full address, which
/// must be on `domain`), or one derived from the name with `rule` and a number appended
/// until it is free ("annv", "annv2", …). `taken` holds every address in use.
///
/// # Errors
///
/// Why no address can be issued, as a sentence for the administrator.
pub fn choose_address(
    rule: AddressRule,
    full_name: &str,
    explicit: Option<&str>,
    domain: &str,
    taken: &HashSet<String>,
) -> Result<String, String> {
    if let Some(explicit) = explicit {
        let explicit = explicit.trim().to_lowercase();
        let (local, dom) = match explicit.rsplit_once('@') {
            Some((l, d)) => (l.to_string(), d.to_string()),
            None => (explicit.clone(), domain.to_string()),
        };
        if !is_valid_local_part(&local) {
            return Err(format!(
                "invalid address {explicit:?}: use lowercase letters a-z, digits, '.', '-' or \
                 '_' before the '@'"
            ));
        }
        if dom != domain {
            return Err(format!(
                "the address {explicit} is not on the domain {domain} (use --domain {dom})"
            ));
        }
        let address = format!("{local}@{dom}");
        if taken.contains(&address) {
            return Err(format!("the address {address} is already issued"));
        }
        return Ok(address);
    }
    let base = derive_local_part(full_name, rule).map_err(|e| e.to_string())?;
    for n in 1..=u32::MAX {
        let local = if n == 1 {
            base.clone()
        } else {
            with_number(&base, n)
        };
        if !is_valid_local_part(&local) {
            break;
        }
        let address = format!("{local}@{domain}");
        if !taken.contains(&address) {
            return Ok(address);
        }
    }
    Err(format!(
        "cannot derive a free address from {full_name:?}: give one with --address"
    ))
}

/// `domain` normalised and checked to be served here.
///
/// # Errors
///
/// A sentence saying how to add it, or a storage failure's text.
pub fn issuing_domain(store: &Store, domain: &str) -> Result<String, String> {
    let domain = storage::normalize_domain(domain).map_err(|e| e.to_string())?;
    match store.serves_domain(&domain) {
        Ok(true) => Ok(domain),
        Ok(false) => Err(format!(
            "the domain {domain} is not served here: add it with `govmail domain add {domain}`"
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// An initial password, shown once, and its hash, stored.
#[derive(Debug, Clone)]
pub struct Credential {
    pub password: String,
    pub hash: String,
}

/// Generates and hashes `n` initial passwords on every core; `tick` is called after each one
/// (the CLI's progress bar).
///
/// # Errors
///
/// A hashing failure.
pub fn make_passwords(n: usize, tick: &(dyn Fn() + Sync)) -> Result<Vec<Credential>, StorageError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(n.max(1));
    let chunk = n.div_ceil(threads);
    let results: Vec<Result<Vec<Credential>, StorageError>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let count = chunk.min(n.saturating_sub(t * chunk));
                s.spawn(move || {
                    (0..count)
                        .map(|_| {
                            let password = storage::password::generate();
                            let hash = storage::password::hash_generated(&password)?;
                            tick();
                            Ok(Credential { password, hash })
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(StorageError::Invalid("password thread panicked".into()))
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(n);
    for chunk in results {
        out.extend(chunk?);
    }
    Ok(out)
}

/// The accounts to create for `planned` with `credentials` (the same length, in order).
pub fn new_accounts(planned: &[Planned], credentials: &[Credential]) -> Vec<NewAccount> {
    planned
        .iter()
        .zip(credentials)
        .map(|(p, c)| NewAccount {
            address: p.address.clone(),
            display_name: p.full_name.clone(),
            agency_code: p.agency.clone(),
            kind: p.kind,
            password_hash: c.hash.clone(),
            quota: p.quota,
        })
        .collect()
}

/// The agency codes closest to `wanted`: by code spelling, or whose name contains it
/// (with or without diacritics).
pub fn closest_agencies(store: &Store, wanted: &str) -> Vec<String> {
    let Ok(agencies) = store.list_agencies() else {
        return Vec::new();
    };
    let wanted_code = wanted.trim().to_ascii_uppercase();
    let wanted_text = storage::text::fold_for_search(wanted.trim());
    let mut scored: Vec<(f64, String)> = agencies
        .iter()
        .map(|a| {
            let by_code = strsim::jaro_winkler(&wanted_code, &a.code);
            let by_name = if !wanted_text.is_empty()
                && storage::text::fold_for_search(&a.name).contains(&wanted_text)
            {
                0.95
            } else {
                0.0
            };
            (by_code.max(by_name), format!("{} ({})", a.code, a.name))
        })
        .filter(|(score, _)| *score >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, s)| s).collect()
}

/// An "unknown agency" message with the closest codes.
pub fn unknown_agency(store: &Store, code: &str) -> String {
    let close = closest_agencies(store, code);
    if close.is_empty() {
        format!(
            "unknown agency code '{}': see `govmail agency list`, or add it with `govmail \
             agency add {} \"Full name\"`",
            code.trim(),
            code.trim()
        )
    } else {
        format!(
            "unknown agency code '{}'; did you mean: {}?",
            code.trim(),
            close.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), storage::OpenMode::CreateIfMissing).unwrap();
        store.add_domain("x.gov.vn").unwrap();
        store
            .add_agency("STTTT", "Sở Thông tin", None, Some(3))
            .unwrap();
        store
            .create_account(NewAccount {
                address: "annv@x.gov.vn".into(),
                display_name: "Nguyễn Văn An".into(),
                agency_code: "STTTT".into(),
                kind: AccountKind::Personal,
                password_hash: storage::password::hash_generated("x").unwrap(),
                quota: Quota::default(),
            })
            .unwrap();
        (dir, store)
    }

    #[test]
    fn a_list_is_planned_against_the_directory_with_every_bad_row_by_line() {
        let (_dir, store) = store();
        let csv = "họ và tên,mã đơn vị,hạn mức\n\
                   Nguyễn Văn An,STTTT,\n\
                   Trần Thị Bích,SOKHAC,\n\
                   Lê Văn,STTTT,nhiều lắm\n\
                   Nguyễn Văn An,sttt,\n";
        let plan = plan_import(&store, csv.as_bytes(), "x.gov.vn", Rules::default()).unwrap();
        // The taken annv@ is skipped: annv2@.
        assert_eq!(plan.planned.len(), 1);
        assert_eq!(plan.planned[0].address, "annv2@x.gov.vn");
        assert_eq!(plan.planned[0].line, 2);
        let lines: Vec<usize> = plan.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5], "{:?}", plan.errors);
        assert!(
            plan.errors[0]
                .reason
                .contains("unknown agency code 'SOKHAC'")
        );
        // A near miss gets a suggestion.
        assert!(
            plan.errors[2].reason.contains("did you mean: STTTT"),
            "{:?}",
            plan.errors[2]
        );
        assert!(plan.errors[0].to_string().starts_with("line 3: "));
    }

    #[test]
    fn addresses_within_one_list_do_not_collide() {
        let (_dir, store) = store();
        let csv = "full_name,agency\nNguyễn Văn Bình,STTTT\nNguyễn Văn Bình,STTTT\n";
        let plan = plan_import(&store, csv.as_bytes(), "x.gov.vn", Rules::default()).unwrap();
        let addresses: Vec<&str> = plan.planned.iter().map(|p| p.address.as_str()).collect();
        assert_eq!(addresses, ["binhnv@x.gov.vn", "binhnv2@x.gov.vn"]);
    }

    #[test]
    fn one_account_checks_agency_quota_and_address() {
        let (_dir, store) = store();
        let one = |agency: &str, address: Option<&str>, quota: Option<&str>| {
            plan_one(
                &store,
                "x.gov.vn",
                Rules::default(),
                &OneAccount {
                    full_name: "Nguyễn Văn An",
                    agency,
                    address,
                    quota,
                    unit: false,
                },
            )
        };
        assert!(matches!(one("NOPE", None, None), Err(OneError::Agency(_))));
        let blank = plan_one(
            &store,
            "x.gov.vn",
            Rules::default(),
            &OneAccount {
                full_name: " \t ",
                agency: "STTTT",
                ..OneAccount::default()
            },
        );
        assert!(matches!(blank, Err(OneError::Address(m)) if m == "full name is empty"));
        assert!(matches!(
            one("STTTT", None, Some("nhiều")),
            Err(OneError::Quota(_))
        ));
        assert!(matches!(
            one("STTTT", Some("annv"), None),
            Err(OneError::Address(m)) if m.contains("already issued")
        ));
        let p = one("sttt".to_uppercase().as_str(), None, Some("2 GB"));
        assert!(matches!(p, Err(OneError::Agency(_))));
        let p = one("STTTT", None, Some("2 GB")).unwrap();
        assert_eq!(p.address, "annv2@x.gov.vn");
        assert_eq!(p.quota.bytes, Some(2_000_000_000));
    }

    #[test]
    fn passwords_are_made_and_hashed_for_each() {
        let n = std::sync::atomic::AtomicUsize::new(0);
        let made = make_passwords(3, &|| {
            n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(made.len(), 3);
        assert_eq!(n.into_inner(), 3);
        assert!(
            made.iter()
                .all(|c| c.password.len() >= 12 && c.hash.starts_with('$'))
        );
    }
}
