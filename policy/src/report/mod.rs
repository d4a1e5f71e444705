//! Reports (ARCHITECTURE.md: `policy::report`), shared by the CLI (`govmail report`) and the
//! web console's dashboard: report periods ([`period`]), the usage figures per agency rolled
//! up the tree ([`usage`]) and the bar chart ([`chart`]). The one part of `policy` that reads
//! storage ([`usage_rows`]).

pub mod chart;
pub mod period;
pub mod usage;

use std::collections::HashSet;

use storage::{StorageError, Store};

use period::Measured;
use usage::{RegularRule, Row, compute};

/// The usage rows of the measured period: every agency in tree order, or only `agency`'s
/// subtree (depths then count from it). `NotFound` for an unknown agency code.
pub fn usage_rows(
    store: &Store,
    m: Measured,
    agency: Option<&str>,
    rule: RegularRule,
) -> Result<(Vec<Row>, Vec<storage::AccountActivity>), StorageError> {
    // A period in progress is measured up to today: the regular-use rule counts its weeks
    // so far, not the weeks still to come.
    let period = m.measured;
    let agencies = store.list_agencies()?;
    let accounts = store.list_accounts(&storage::AccountFilter::default())?;
    let activity = store.usage_activity(period.from, period.to)?;
    let documents = store.documents_between(period.from, period.to)?;
    let mut rows = compute(
        &agencies,
        &accounts,
        &activity,
        period.from,
        &documents,
        period,
        rule,
    );
    if let Some(code) = agency {
        let root = store.get_agency(code)?;
        let keep: HashSet<i64> = storage::subtree_ids(&agencies, root.id)
            .into_iter()
            .collect();
        let codes: HashSet<&str> = agencies
            .iter()
            .filter(|a| keep.contains(&a.id))
            .map(|a| a.code.as_str())
            .collect();
        let base = rows
            .iter()
            .find(|r| r.agency == root.code)
            .map_or(0, |r| r.depth);
        rows.retain(|r| codes.contains(r.agency.as_str()));
        for r in &mut rows {
            r.depth -= base;
        }
    }
    Ok((rows, activity))
}

/// Whether the agency `code` is inside the subtree of one of `roots` (codes compared without
/// regard to case, as agency codes are). For a report viewer's scope.
pub fn within_subtrees(agencies: &[storage::Agency], roots: &[String], code: &str) -> bool {
    let Some(target) = agencies.iter().find(|a| a.code.eq_ignore_ascii_case(code)) else {
        return false;
    };
    roots.iter().any(|root| {
        agencies
            .iter()
            .find(|a| a.code.eq_ignore_ascii_case(root))
            .is_some_and(|r| storage::subtree_ids(agencies, r.id).contains(&target.id))
    })
}
