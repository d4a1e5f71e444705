//! The staff list import (adminops/src/staff_csv.rs, re-exported as govmail::staff_csv;
//! `govmail user import` and the web console's upload): a CSV file from Excel with Vietnamese
//! names.
//!
//! Asserts: no panic; bounded: no more valid rows than lines, at most 16 errors per line,
//! the rows' text at most 4 times the file (NFC normalisation) + 64 bytes per row; every
//! valid row has a non-empty name and an agency code of `[A-Z0-9_.-]{1,32}`; errors and rows
//! name a line of the file.

use govmail::staff_csv::parse_staff_csv;
use govmail_fuzz::assert_bounded;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(list) = parse_staff_csv(data) else {
            return;
        };
        // CR alone ends a line too (CSV from old Excel for Mac): count both, an upper bound.
        let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
        assert!(
            list.rows.len() <= lines,
            "{} rows in {lines} lines",
            list.rows.len()
        );
        assert!(
            list.errors.len() <= 16 * lines,
            "{} errors",
            list.errors.len()
        );
        let mut text = 0;
        for row in &list.rows {
            assert!(
                row.line >= 1 && row.line <= lines,
                "row at line {}",
                row.line
            );
            assert!(!row.full_name.is_empty(), "row without a name");
            assert!(
                (1..=32).contains(&row.agency.len())
                    && row.agency.bytes().all(|b| b.is_ascii_uppercase()
                        || b.is_ascii_digit()
                        || b"_.-".contains(&b)),
                "agency code {:?}",
                row.agency
            );
            text += row.full_name.len() + row.agency.len();
            text += row.address.as_ref().map_or(0, String::len);
        }
        assert_bounded("rows", text, data.len(), 4, 64 * list.rows.len());
        for e in &list.errors {
            assert!(e.line >= 1 && e.line <= lines, "error at line {}", e.line);
            let _ = e.to_string();
        }
    });
}
