//! The follow-up list (danh sách theo dõi): personal addresses issued but not used in the
//! period, addresses used but not regularly, and agencies whose staff still lack an address.
//! Shared by `govmail report inactive` and the web console's page.

use std::collections::{HashMap, HashSet};

use storage::{Account, AccountKind, AccountStatus, Agency, StorageError, Store};

use super::period::Measured;
use super::usage::RegularRule;

/// An address used in some weeks of the period, fewer than the regular-use rule asks.
#[derive(Debug, Clone)]
pub struct Irregular {
    pub account: Account,
    /// Weeks of the period (so far) with a login or a message sent.
    pub active_weeks: u64,
    pub weeks: u64,
}

/// An agency whose headcount is above the addresses issued to its own staff.
#[derive(Debug, Clone)]
pub struct Missing {
    pub agency: Agency,
    pub headcount: u64,
    pub issued: u64,
}

#[derive(Debug, Clone, Default)]
pub struct FollowUp {
    /// Active personal accounts with no login and nothing sent in the period.
    pub unused: Vec<Account>,
    /// Active personal accounts used, but in fewer weeks than the rule's share.
    pub irregular: Vec<Irregular>,
    pub missing: Vec<Missing>,
}

/// The follow-up list of the measured period, for every agency or `agency`'s subtree
/// (`NotFound` for an unknown code). Accounts come in the directory's order.
pub fn follow_up(
    store: &Store,
    m: Measured,
    agency: Option<&str>,
    rule: RegularRule,
) -> Result<FollowUp, StorageError> {
    let period = m.measured;
    let agencies = store.list_agencies()?;
    let scope: Option<HashSet<String>> = match agency {
        Some(code) => {
            let root = store.get_agency(code)?;
            let ids: HashSet<i64> = storage::subtree_ids(&agencies, root.id)
                .into_iter()
                .collect();
            Some(
                agencies
                    .iter()
                    .filter(|a| ids.contains(&a.id))
                    .map(|a| a.code.clone())
                    .collect(),
            )
        }
        None => None,
    };
    let in_scope = |code: &str| scope.as_ref().is_none_or(|s| s.contains(code));
    let days = period.to - period.from + 1;
    let weeks = (days.max(0) as u64).div_ceil(7).max(1);
    // Weeks active per account, as the usage report counts them (`usage::compute`).
    let active: HashMap<i64, u64> = store
        .usage_activity(period.from, period.to)?
        .iter()
        .filter(|a| a.any_active())
        .map(|a| (a.account, a.active_weeks(0, days)))
        .collect();
    let accounts = store.list_accounts(&storage::AccountFilter::default())?;
    let mut out = FollowUp::default();
    for a in &accounts {
        if a.kind != AccountKind::Personal
            || a.status != AccountStatus::Active
            || !in_scope(&a.agency)
        {
            continue;
        }
        match active.get(&a.id) {
            None => out.unused.push(a.clone()),
            Some(&w) if w * 100 < u64::from(rule.weeks_percent) * weeks => {
                out.irregular.push(Irregular {
                    account: a.clone(),
                    active_weeks: w,
                    weeks,
                })
            }
            Some(_) => {}
        }
    }
    let mut issued: HashMap<&str, u64> = HashMap::new();
    for a in &accounts {
        if a.kind == AccountKind::Personal && a.status != AccountStatus::Removed {
            *issued.entry(a.agency.as_str()).or_insert(0) += 1;
        }
    }
    out.missing = agencies
        .iter()
        .filter(|a| in_scope(&a.code))
        .filter_map(|a| {
            let staff = u64::from(a.headcount?);
            let have = issued.get(a.code.as_str()).copied().unwrap_or(0);
            (staff > have).then(|| Missing {
                agency: a.clone(),
                headcount: staff,
                issued: have,
            })
        })
        .collect();
    Ok(out)
}
