//! Output helpers: tables for people, JSON for scripts, and "did you mean" suggestions.

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

use crate::CliResult;

pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    table
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| crate::CliError(format!("cannot encode JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// A date as YYYY-MM-DD in Vietnam time.
pub fn date(unix: i64) -> String {
    let t = storage::VnTime::from_unix(unix);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

pub use adminops::issue::unknown_agency;

/// Maps a storage error, turning "agency not found" into a message with suggestions.
pub fn explain(store: &storage::Store, e: storage::StorageError) -> crate::CliError {
    match e {
        storage::StorageError::NotFound {
            what: "agency",
            key,
        } => crate::CliError(unknown_agency(store, &key)),
        storage::StorageError::NotFound {
            what: "account",
            key,
        } => crate::CliError(format!(
            "no account {key}: see `govmail user list` (addresses are local@domain)"
        )),
        other => crate::CliError(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_vietnam_time() {
        assert_eq!(super::date(0), "1970-01-01");
        // 2026-10-31 17:30 UTC is 1 November 00:30 in Hà Nội.
        assert_eq!(super::date(1_793_467_800), "2026-11-01");
    }
}
