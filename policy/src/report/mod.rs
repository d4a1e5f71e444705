//! Reports (ARCHITECTURE.md: `policy::report`), shared by the CLI (`govmail report`) and the
//! web console's dashboard: report periods ([`period`]), the usage figures per agency rolled
//! up the tree ([`usage`]) and the bar chart ([`chart`]), the CSV file and its notes
//! ([`export`]), the follow-up list of unused addresses ([`follow_up`]) and the search of the
//! exchange register ([`register`]). The one part of `policy` that reads storage.

pub mod chart;
pub mod export;
pub mod follow_up;
pub mod period;
pub mod register;
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

/// One month of the trend: its label ("T11/2026"), the month ("2026-11") and the regular-use
/// share of the whole tree; None when no address had been issued yet (no data, not 0%).
pub struct MonthPoint {
    pub label: String,
    pub month: String,
    pub share: Option<f64>,
}

/// The regular-use share of the whole tree (or of `agency`'s subtree), month by month over
/// the measured period. A month in which no address had been issued has no share (no data,
/// not 0%).
pub fn monthly_trend(
    store: &Store,
    activity: &[storage::AccountActivity],
    period: period::Period,
    rule: RegularRule,
    agency: Option<&str>,
) -> Result<Vec<MonthPoint>, StorageError> {
    use period::{Period, days_from_civil};
    let agencies = store.list_agencies()?;
    let accounts = store.list_accounts(&storage::AccountFilter::default())?;
    let start = storage::VnTime::from_unix(period.from * 86_400);
    let (mut y, mut m) = (start.year, start.month);
    let mut points = Vec::new();
    loop {
        let first = days_from_civil(y, m, 1);
        if first > period.to || points.len() >= 36 {
            break;
        }
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let month = Period {
            from: first.max(period.from),
            to: (days_from_civil(ny, nm, 1) - 1).min(period.to),
        };
        let rows = compute(
            &agencies,
            &accounts,
            activity,
            period.from,
            &[],
            month,
            rule,
        );
        let top: Vec<&Row> = match agency {
            Some(code) => rows
                .iter()
                .filter(|r| r.agency.eq_ignore_ascii_case(code))
                .collect(),
            None => rows.iter().filter(|r| r.depth == 0).collect(),
        };
        let staff: u64 = top.iter().filter_map(|r| r.subtree.headcount).sum();
        let issued: u64 = top.iter().map(|r| r.subtree.issued).sum();
        let regular: u64 = top.iter().map(|r| r.subtree.regular).sum();
        points.push(MonthPoint {
            label: format!("T{m}/{y}"),
            month: format!("{y:04}-{m:02}"),
            share: (staff > 0 && issued > 0).then(|| regular as f64 / staff as f64),
        });
        (y, m) = (ny, nm);
    }
    Ok(points)
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
