//! Reading a personnel department's staff list (CSV) for bulk address issuing.
//!
//! The files come from Excel or LibreOffice on Vietnamese-locale machines, so they may start
//! with a byte-order mark, use ';' instead of ',' (Excel does this wherever ',' is the decimal
//! separator, as in Vietnamese), and have headers typed in Vietnamese with or without accents.
//! The whole file is validated and every problem is reported at once with its line number, so
//! the personnel department can fix the file in one round trip instead of one error at a time.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use storage::text::fold_for_search;
use unicode_normalization::UnicodeNormalization;

use crate::naming::{AddressRule, NamingError, derive_local_part, is_valid_local_part};
use crate::sizes::parse_size;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to re-save a file correctly, quoted in every encoding error.
const SAVE_AS_UTF8: &str = "save it as UTF-8 (in Excel: File > Save As > \"CSV UTF-8 (Comma \
                            delimited) (*.csv)\"; in LibreOffice: Character set \"Unicode (UTF-8)\")";

/// A column of the staff list that govmail understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffColumn {
    /// The person's full name (họ và tên). Required.
    FullName,
    /// The agency code (mã đơn vị). Required.
    Agency,
    /// An explicit address (địa chỉ), bare local part or local@domain. Optional.
    Address,
    /// The mailbox quota (hạn mức). Optional.
    Quota,
    /// Whether this is a unit (shared, hộp thư đơn vị) mailbox. Optional.
    Unit,
}

impl StaffColumn {
    /// Every column, in the order used for messages.
    pub const ALL: [StaffColumn; 5] = [
        StaffColumn::FullName,
        StaffColumn::Agency,
        StaffColumn::Address,
        StaffColumn::Quota,
        StaffColumn::Unit,
    ];

    /// Header names recognised for this column. Matching ignores case, accents, surrounding
    /// spaces, and treats '_', '-' and spaces alike, so "Họ và tên", "HO VA TEN" and
    /// "ho_va_ten" all match "họ và tên".
    pub fn accepted_headers(self) -> &'static [&'static str] {
        match self {
            StaffColumn::FullName => &["full_name", "name", "họ và tên", "họ tên", "ho_ten"],
            StaffColumn::Agency => &["agency", "agency_code", "mã đơn vị", "ma_don_vi", "đơn vị"],
            StaffColumn::Address => &["address", "email", "e-mail", "địa chỉ", "dia_chi"],
            StaffColumn::Quota => &["quota", "hạn mức"],
            StaffColumn::Unit => &["unit", "hộp thư đơn vị"],
        }
    }

    /// Human-readable name with the Vietnamese term, for messages.
    pub fn description(self) -> &'static str {
        match self {
            StaffColumn::FullName => "full name (họ và tên)",
            StaffColumn::Agency => "agency code (mã đơn vị)",
            StaffColumn::Address => "address (địa chỉ)",
            StaffColumn::Quota => "quota (hạn mức)",
            StaffColumn::Unit => "unit mailbox (hộp thư đơn vị)",
        }
    }

    fn is_required(self) -> bool {
        matches!(self, StaffColumn::FullName | StaffColumn::Agency)
    }

    fn index(self) -> usize {
        match self {
            StaffColumn::FullName => 0,
            StaffColumn::Agency => 1,
            StaffColumn::Address => 2,
            StaffColumn::Quota => 3,
            StaffColumn::Unit => 4,
        }
    }
}

impl fmt::Display for StaffColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// A problem with the file as a whole; no rows can be read.
#[derive(Debug, thiserror::Error)]
pub enum CsvFileError {
    /// The file is UTF-16 (Excel's "Unicode Text"), recognised by its byte-order mark.
    #[error("the file is UTF-16 text; {}", SAVE_AS_UTF8)]
    Utf16,
    /// The bytes are not valid UTF-8, typically a legacy code page (Windows-1258, TCVN3/ABC).
    #[error("line {line}: the file is not valid UTF-8 text; {}", SAVE_AS_UTF8)]
    NotUtf8 {
        /// Physical line holding the first invalid byte.
        line: usize,
    },
    /// No header row.
    #[error(
        "the file is empty; its first row must be a header such as \
         \"họ và tên,mã đơn vị,địa chỉ,hạn mức\""
    )]
    Empty,
    /// One or both required columns are absent from the header row.
    #[error("{}", missing_columns_message(*.line, .missing, .found))]
    MissingColumns {
        /// Line of the header row.
        line: usize,
        /// The required columns that were not found.
        missing: Vec<StaffColumn>,
        /// The non-empty header cells that were found, as written.
        found: Vec<String>,
    },
    /// Two header cells map to the same column.
    #[error(
        "line {line}: columns '{first}' and '{second}' both mean {column}; keep only one of them"
    )]
    DuplicateColumn {
        /// Line of the header row.
        line: usize,
        /// The column named twice.
        column: StaffColumn,
        /// First header cell, as written.
        first: String,
        /// Second header cell, as written.
        second: String,
    },
    /// The CSV reader failed (not expected for in-memory UTF-8 input, kept for robustness).
    #[error("cannot read the CSV data: {0}")]
    Csv(#[from] csv::Error),
}

fn missing_columns_message(line: usize, missing: &[StaffColumn], found: &[String]) -> String {
    let mut message = format!("line {line}: the header row has no ");
    for (i, column) in missing.iter().enumerate() {
        if i > 0 {
            message.push_str(" and no ");
        }
        let names: Vec<String> = column
            .accepted_headers()
            .iter()
            .map(|name| format!("'{name}'"))
            .collect();
        // Writing to a String cannot fail.
        let _ = write!(message, "{column} column (name it {})", names.join(", "));
    }
    message.push_str("; case and accents do not matter");
    if found.is_empty() {
        message.push_str("; the header row is empty");
    } else {
        let found: Vec<String> = found.iter().map(|name| format!("'{name}'")).collect();
        let _ = write!(message, "; columns found: {}", found.join(", "));
    }
    message
}

/// The parsed staff list: the rows that passed validation and everything that did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffList {
    /// Valid rows, in file order. A row with any error is left out (and listed in `errors`).
    pub rows: Vec<StaffRow>,
    /// Every problem found, in file order; a row can contribute several.
    pub errors: Vec<RowError>,
    /// Header cells that match no known column, as written in the file. Their data is ignored.
    /// Empty header cells (left over from formatting in Excel) are not listed.
    pub ignored_columns: Vec<String>,
}

/// One valid person (or unit mailbox) from the staff list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRow {
    /// 1-based physical line number in the file where the row starts (the header is line 1
    /// unless empty lines precede it), as an editor or Excel shows it.
    pub line: usize,
    /// Full name: trimmed, internal whitespace collapsed to single spaces, diacritics kept
    /// exactly, normalised to NFC.
    pub full_name: String,
    /// Agency code, trimmed and uppercased; matches `[A-Z0-9_.-]{1,32}`.
    pub agency: String,
    /// Explicit address, lowercased: a bare local part ("annv") or "local@domain".
    /// `None` when the column is absent or empty: derive one from the name.
    pub address: Option<String>,
    /// `None`: column absent or empty, use the default quota. `Some(None)`: unlimited.
    /// `Some(Some(bytes))`: that quota.
    pub quota: Option<Option<u64>>,
    /// Whether this is a unit (shared) mailbox rather than a person's.
    pub unit: bool,
}

/// A problem with one row. `Display` gives "line 7: agency code is empty (column 'agency')".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based physical line number where the row starts.
    pub line: usize,
    /// What is wrong and what to fix, without the "line N:" prefix.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Parses and validates a staff list.
///
/// Input: UTF-8 with or without byte-order mark; ',', ';' or tab as delimiter (detected from
/// the header row); RFC 4180 quoting; CRLF or LF line ends. The first non-empty row is the
/// header (see [`StaffColumn::accepted_headers`]); columns in any order; unknown columns are
/// ignored and listed in [`StaffList::ignored_columns`]. Empty lines, and rows whose cells are
/// all empty (Excel writes ";;;;" for formatted but empty rows), are skipped silently.
///
/// Returns `Err` only for problems with the file as a whole (encoding, header). Problems with
/// individual rows are all collected in [`StaffList::errors`]; check it before issuing
/// anything. Explicit addresses are checked for duplicates within the file (identical strings
/// only; "annv" and "annv@hanoi.gov.vn" are not compared because the domain is not known here).
///
/// # Errors
///
/// [`CsvFileError`] when the file cannot be used at all: not UTF-8, no header row, a required
/// column missing or a column given twice.
pub fn parse_staff_csv(data: &[u8]) -> Result<StaffList, CsvFileError> {
    if data.starts_with(b"\xFF\xFE") || data.starts_with(b"\xFE\xFF") {
        return Err(CsvFileError::Utf16);
    }
    let data = data.strip_prefix(UTF8_BOM).unwrap_or(data);
    let text = std::str::from_utf8(data).map_err(|e| CsvFileError::NotUtf8 {
        line: 1 + data[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count(),
    })?;

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(text))
        // The header is handled here (to know its line and to match names loosely), and
        // `flexible` lets a row with the wrong number of fields become a row error instead of
        // aborting the whole file.
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();

    let header = loop {
        match records.next() {
            None => return Err(CsvFileError::Empty),
            Some(record) => {
                let record = record?;
                if !is_blank(&record) {
                    break record;
                }
            }
        }
    };
    let mut lines = LineCounter::new(text);
    let header_line = lines.line_of(&header);
    let layout = Layout::from_header(&header, header_line)?;

    let mut list = StaffList {
        ignored_columns: layout.ignored.clone(),
        ..StaffList::default()
    };
    // Explicit address → line where it first appeared.
    let mut seen_addresses: HashMap<String, usize> = HashMap::new();
    for record in records {
        let record = record?;
        if is_blank(&record) {
            continue;
        }
        let line = lines.line_of(&record);
        if record.len() != header.len() {
            // A quote opened and never closed swallows the rest of the file into one field;
            // the field count is then wrong, but the quote is what needs fixing.
            let reason = if record.iter().any(|field| field.contains(['\n', '\r'])) {
                format!(
                    "the row has {} fields but the header has {} and it runs over several \
                     lines: a double quote (\") on this line is probably never closed; close \
                     or remove it",
                    record.len(),
                    header.len()
                )
            } else {
                format!(
                    "the row has {} fields but the header has {}; check for a missing or \
                     extra separator, or a value containing the separator that is not \
                     enclosed in double quotes (\")",
                    record.len(),
                    header.len()
                )
            };
            list.errors.push(RowError { line, reason });
            continue;
        }
        let mut reasons = Vec::new();
        if let Some(row) = layout.validate(&record, line, &mut seen_addresses, &mut reasons) {
            list.rows.push(row);
        }
        list.errors
            .extend(reasons.into_iter().map(|reason| RowError { line, reason }));
    }
    Ok(list)
}

/// A full name as it is stored: whitespace collapsed, NFC, diacritics kept; refused when
/// empty or holding control characters. The staff list's rule, also used for one account
/// (`user add`, the console's form).
///
/// # Errors
///
/// What is wrong, as a sentence.
pub fn full_name(raw: &str) -> Result<String, &'static str> {
    let name: String = raw
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect();
    if name.is_empty() {
        return Err("full name is empty");
    }
    if name.chars().any(char::is_control) {
        return Err("full name contains invisible control characters; retype it");
    }
    Ok(name)
}

/// Which field of a record holds which column, plus the header text for messages.
struct Layout {
    /// Indexed by [`StaffColumn::index`]: (field index, header cell as written).
    columns: [Option<(usize, String)>; 5],
    ignored: Vec<String>,
}

impl Layout {
    fn from_header(header: &csv::StringRecord, line: usize) -> Result<Layout, CsvFileError> {
        let mut columns: [Option<(usize, String)>; 5] = Default::default();
        let mut ignored = Vec::new();
        for (field, cell) in header.iter().enumerate() {
            let written = cell.trim();
            let key = header_key(written);
            let column = StaffColumn::ALL.into_iter().find(|column| {
                column
                    .accepted_headers()
                    .iter()
                    .any(|name| header_key(name) == key)
            });
            match column {
                Some(column) => {
                    let slot = &mut columns[column.index()];
                    if let Some((_, first)) = slot {
                        return Err(CsvFileError::DuplicateColumn {
                            line,
                            column,
                            first: first.clone(),
                            second: written.to_owned(),
                        });
                    }
                    *slot = Some((field, written.to_owned()));
                }
                None if written.is_empty() => {}
                None => ignored.push(written.to_owned()),
            }
        }
        let missing: Vec<StaffColumn> = StaffColumn::ALL
            .into_iter()
            .filter(|column| column.is_required() && columns[column.index()].is_none())
            .collect();
        if !missing.is_empty() {
            return Err(CsvFileError::MissingColumns {
                line,
                missing,
                found: header
                    .iter()
                    .map(str::trim)
                    .filter(|cell| !cell.is_empty())
                    .map(str::to_owned)
                    .collect(),
            });
        }
        Ok(Layout { columns, ignored })
    }

    /// The cell for `column` and its header text, or `None` if the file has no such column.
    fn cell<'r>(
        &self,
        record: &'r csv::StringRecord,
        column: StaffColumn,
    ) -> Option<(&'r str, &str)> {
        let (field, header) = self.columns[column.index()].as_ref()?;
        Some((record.get(*field).unwrap_or(""), header.as_str()))
    }

    /// Validates one record (already known to have the header's field count). Pushes every
    /// problem onto `reasons` and returns the row only if there were none.
    fn validate(
        &self,
        record: &csv::StringRecord,
        line: usize,
        seen_addresses: &mut HashMap<String, usize>,
        reasons: &mut Vec<String>,
    ) -> Option<StaffRow> {
        // A line break inside a value almost always means a quote was opened and never closed,
        // which swallows the following lines into this field; say so rather than reporting a
        // baffling name or code.
        for column in StaffColumn::ALL {
            if let Some((value, header)) = self.cell(record, column)
                && value.contains(['\n', '\r'])
            {
                reasons.push(format!(
                    "the value spans several lines; check for a double quote (\") that is not \
                     closed (column '{header}')"
                ));
            }
        }
        if !reasons.is_empty() {
            return None;
        }

        let full_name = self.full_name(record, reasons);
        let agency = self.agency(record, reasons);
        let address = self.address(record, line, seen_addresses, reasons);
        let quota = self.quota(record, reasons);
        let unit = self.unit(record, reasons);

        // Without an explicit address one is derived from the name later; catch names that
        // cannot yield one now, while the whole file is being reviewed. (An address that was
        // given but is invalid has been reported already.)
        let address_given = self
            .cell(record, StaffColumn::Address)
            .is_some_and(|(raw, _)| !raw.trim().is_empty());
        if let Some(name) = &full_name
            && !address_given
            && let Err(err @ NamingError::NoUsableCharacters(_)) =
                derive_local_part(name, AddressRule::default())
        {
            reasons.push(err.to_string());
        }

        if !reasons.is_empty() {
            return None;
        }
        Some(StaffRow {
            line,
            full_name: full_name?,
            agency: agency?,
            address,
            quota: quota?,
            unit: unit?,
        })
    }

    fn full_name(&self, record: &csv::StringRecord, reasons: &mut Vec<String>) -> Option<String> {
        let (raw, header) = self.cell(record, StaffColumn::FullName)?;
        match full_name(raw) {
            Ok(name) => Some(name),
            Err(reason) => {
                reasons.push(format!("{reason} (column '{header}')"));
                None
            }
        }
    }

    fn agency(&self, record: &csv::StringRecord, reasons: &mut Vec<String>) -> Option<String> {
        let (raw, header) = self.cell(record, StaffColumn::Agency)?;
        let code = raw.trim();
        if code.is_empty() {
            reasons.push(format!("agency code is empty (column '{header}')"));
            return None;
        }
        let valid = code.len() <= 32
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        if !valid {
            reasons.push(format!(
                "agency code '{code}' is not valid: use at most 32 characters from A-Z, 0-9, \
                 '_', '.' and '-', without accents or spaces (column '{header}')"
            ));
            return None;
        }
        Some(code.to_ascii_uppercase())
    }

    /// `None` both for "no address" and for an invalid one (the latter also pushes a reason).
    fn address(
        &self,
        record: &csv::StringRecord,
        line: usize,
        seen_addresses: &mut HashMap<String, usize>,
        reasons: &mut Vec<String>,
    ) -> Option<String> {
        let (raw, header) = self.cell(record, StaffColumn::Address)?;
        let address = raw.trim().to_lowercase();
        if address.is_empty() {
            return None;
        }
        let (local, domain) = match address.split_once('@') {
            Some((local, domain)) => (local, Some(domain)),
            None => (address.as_str(), None),
        };
        if !is_valid_local_part(local) {
            reasons.push(format!(
                "address '{address}' is not valid: the part before '@' may only use a-z, 0-9, \
                 '.', '-' and '_' (no accents or spaces, no '.' at the start, end or twice in a \
                 row, at most 64 characters) (column '{header}')"
            ));
            return None;
        }
        if let Some(domain) = domain
            && !is_plausible_domain(domain)
        {
            reasons.push(format!(
                "address '{address}' has an invalid domain '{domain}': expected a name such as \
                 'hanoi.gov.vn', or leave out '@…' to use the agency's domain (column '{header}')"
            ));
            return None;
        }
        if let Some(first) = seen_addresses.get(&address) {
            reasons.push(format!(
                "address '{address}' is already used on line {first}; every address must be \
                 unique (column '{header}')"
            ));
            return None;
        }
        seen_addresses.insert(address.clone(), line);
        Some(address)
    }

    /// `Some(None)`: the column is absent or empty (the row gets the default quota).
    fn quota(
        &self,
        record: &csv::StringRecord,
        reasons: &mut Vec<String>,
    ) -> Option<Option<Option<u64>>> {
        let Some((raw, header)) = self.cell(record, StaffColumn::Quota) else {
            return Some(None);
        };
        let raw = raw.trim();
        if raw.is_empty() {
            return Some(None);
        }
        match parse_size(raw) {
            Ok(quota) => Some(Some(quota)),
            Err(err) => {
                reasons.push(format!("quota is not valid (column '{header}'): {err}"));
                None
            }
        }
    }

    fn unit(&self, record: &csv::StringRecord, reasons: &mut Vec<String>) -> Option<bool> {
        let Some((raw, header)) = self.cell(record, StaffColumn::Unit) else {
            return Some(false);
        };
        // Folding makes "Có", "CÓ" and "co" equivalent, and "không" / "khong" likewise.
        match fold_for_search(raw.trim()).as_str() {
            "yes" | "true" | "1" | "x" | "co" => Some(true),
            "no" | "false" | "0" | "khong" | "" => Some(false),
            _ => {
                reasons.push(format!(
                    "unit mailbox flag '{}' is not understood: write 'có' or 'không' (or yes/no, \
                     true/false, 1/0, x for yes, or leave it empty for no) (column '{header}')",
                    raw.trim()
                ));
                None
            }
        }
    }
}

/// Normalises a header cell for matching: no accents, lower case, and '_', '-' and runs of
/// whitespace all reduced to one space.
fn header_key(cell: &str) -> String {
    fold_for_search(cell)
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Picks the delimiter by counting ',', ';' and tabs outside double quotes on the first line
/// that has any content. Ties go to ',' (the RFC 4180 default).
fn detect_delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let mut in_quotes = false;
    let mut has_content = false;
    for c in text.chars() {
        match c {
            // `""` inside quotes toggles twice, which is exactly right for an escaped quote.
            '"' => {
                in_quotes = !in_quotes;
                has_content = true;
            }
            _ if in_quotes => {}
            '\n' | '\r' if has_content => break,
            // Lines before the header that hold nothing but separators (empty Excel rows) are
            // written with the file's real separator, so their counts are kept: they help, and
            // they decide alone when the file has no content at all.
            '\n' | '\r' => {}
            ',' => commas += 1,
            ';' => semicolons += 1,
            '\t' => tabs += 1,
            c if !c.is_whitespace() => has_content = true,
            _ => {}
        }
    }
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// Finds the physical line on which each record starts.
///
/// The csv crate's own `Position::line` is taken where it stopped reading the previous record,
/// i.e. before the '\n' of a CRLF and before any skipped empty lines, so it is often too small.
/// Its byte offset has the same quirk but can be corrected by skipping line-end bytes (an
/// unquoted record cannot begin with one); lines are then counted incrementally, since records
/// arrive in file order.
struct LineCounter<'t> {
    text: &'t [u8],
    /// Byte offset up to which `line` has been counted.
    offset: usize,
    /// Line number (1-based) at `offset`.
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, record: &csv::StringRecord) -> usize {
        let reported = record.position().map_or(self.offset, |pos| {
            usize::try_from(pos.byte()).unwrap_or(usize::MAX)
        });
        let mut start = reported.min(self.text.len());
        while self
            .text
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        if start < self.offset {
            // Not expected (records come in order), but never report a wrong line for it.
            (self.offset, self.line) = (0, 1);
        }
        self.line += self.text[self.offset..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = start;
        self.line
    }
}

/// A lowercase ASCII DNS name with at least two labels and a non-numeric top-level label.
/// Only plausibility: whether the domain is served here is decided when issuing.
fn is_plausible_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const GIB: u64 = 1024 * 1024 * 1024;

    fn parse(text: &str) -> StaffList {
        parse_staff_csv(text.as_bytes()).unwrap()
    }

    fn error_lines(list: &StaffList) -> Vec<usize> {
        list.errors.iter().map(|e| e.line).collect()
    }

    #[test]
    fn minimal_comma_file() {
        let list = parse("full_name,agency\nNguyễn Văn An,ubnd-hn\n");
        assert_eq!(list.errors, []);
        assert_eq!(list.ignored_columns, Vec::<String>::new());
        assert_eq!(
            list.rows,
            [StaffRow {
                line: 2,
                full_name: "Nguyễn Văn An".into(),
                agency: "UBND-HN".into(),
                address: None,
                quota: None,
                unit: false,
            }]
        );
    }

    #[test]
    fn bom_semicolons_crlf_and_vietnamese_headers() {
        let text = "\u{FEFF}Họ và tên;Mã đơn vị;Địa chỉ;Hạn mức;Hộp thư đơn vị\r\n\
                    Trần Thị Ngọc Ánh;STP;Anh.TTN;2GiB;không\r\n\
                    Văn phòng Sở;STP;vanphong@stp.hanoi.gov.vn;unlimited;Có\r\n";
        let list = parse(text);
        assert_eq!(list.errors, []);
        assert_eq!(list.rows.len(), 2);
        let anh = &list.rows[0];
        assert_eq!(anh.line, 2);
        assert_eq!(anh.full_name, "Trần Thị Ngọc Ánh");
        assert_eq!(anh.address.as_deref(), Some("anh.ttn"));
        assert_eq!(anh.quota, Some(Some(2 * GIB)));
        assert!(!anh.unit);
        let office = &list.rows[1];
        assert_eq!(office.line, 3);
        assert_eq!(office.address.as_deref(), Some("vanphong@stp.hanoi.gov.vn"));
        assert_eq!(office.quota, Some(None));
        assert!(office.unit);
    }

    #[test]
    fn headers_match_without_accents_in_any_case_and_order() {
        let list = parse("MA_DON_VI,  ho ten ,Dia-Chi,QUOTA,unit\nsyt,Lê Hòa,,,\n");
        assert_eq!(list.errors, []);
        assert_eq!(list.rows[0].full_name, "Lê Hòa");
        assert_eq!(list.rows[0].agency, "SYT");
        assert_eq!(list.rows[0].address, None);
        assert_eq!(list.rows[0].quota, None);
        let list = parse("HỌ VÀ TÊN,ĐƠN VỊ\nLê Hòa,SYT\n");
        assert_eq!(list.rows.len(), 1);
    }

    #[test]
    fn decomposed_headers_and_names_are_normalised_to_nfc() {
        let text: String = "họ và tên;mã đơn vị\nNguyễn   Văn\tĐức ;  stp \n"
            .nfd()
            .collect();
        assert!(!text.contains("Nguyễn"), "input must really be decomposed");
        let list = parse(&text);
        assert_eq!(list.errors, []);
        assert_eq!(list.rows[0].full_name, "Nguyễn Văn Đức");
        assert_eq!(list.rows[0].agency, "STP");
    }

    #[test]
    fn quoted_fields_containing_the_delimiter_and_quotes() {
        let text = "\"họ và tên\",\"ghi chú, thêm\",agency\n\
                    \"Nguyễn Văn \"\"Tí\"\" An\",\"a, b; c\",UBND\n";
        let list = parse(text);
        assert_eq!(list.errors, []);
        assert_eq!(list.rows[0].full_name, "Nguyễn Văn \"Tí\" An");
        assert_eq!(list.ignored_columns, ["ghi chú, thêm"]);

        // Semicolon file whose header has a quoted comma: the comma must not win the vote.
        let text = "\"Họ, tên\";agency;name\nx;A;Lê Hòa\n";
        let list = parse(text);
        assert_eq!(list.errors, []);
        assert_eq!(list.rows[0].full_name, "Lê Hòa");
        assert_eq!(list.ignored_columns, ["Họ, tên"]);
    }

    #[test]
    fn quoted_multi_line_field_keeps_physical_line_numbers() {
        let text = "name,agency,ghi chú\nLê Hòa,A,\"dòng 1\ndòng 2\"\nTrần An,,\n";
        let list = parse(text);
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].line, 2);
        assert_eq!(error_lines(&list), [4]);
        assert_eq!(
            list.errors[0].to_string(),
            "line 4: agency code is empty (column 'agency')"
        );
    }

    #[test]
    fn crlf_line_numbers_with_blank_lines_and_multi_line_fields() {
        let text = "\r\nname;agency;note\r\n\r\nLê Hòa;A;\"x\r\ny\"\r\n\r\n;B;\r\nTrần An;;\r\n";
        let list = parse(text);
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].line, 4);
        assert_eq!(error_lines(&list), [7, 8]);
    }

    #[test]
    fn unclosed_quote_is_explained() {
        let text = "name,agency\n\"Lê Hòa,A\nTrần An,B\n";
        let list = parse(text);
        assert_eq!(list.rows, []);
        assert_eq!(error_lines(&list), [2]);
        assert!(
            list.errors[0].reason.contains("never closed"),
            "{}",
            list.errors[0]
        );
    }

    #[test]
    fn tab_separated() {
        let list = parse("họ tên\tmã đơn vị\nLê Hòa\tSYT\n");
        assert_eq!(list.errors, []);
        assert_eq!(list.rows[0].agency, "SYT");
    }

    #[test]
    fn many_bad_rows_are_all_reported_with_line_numbers() {
        let text = "\
họ và tên;mã đơn vị;địa chỉ;hạn mức;hộp thư đơn vị
Nguyễn Văn An;UBND;annv;1G;
;UBND;;;
Trần Bình;;;;

Lê Cường;SỞ TP;;;
Phạm Dũng;UBND;Dung Pham;;
Hoàng Em;UBND;em@localhost;;
Vũ Giang;UBND;;lots;
Đỗ Hà;UBND;;;maybe
Bùi Khoa;UBND;;
Ngô Lan;UBND;;;;extra
;;;;
王小明;UBND;;;
李四;UBND;li.si;;
Đặng Minh;UBND;ANNV;;
Lý Nam;UBND;;;x
";
        let list = parse(text);
        let got: Vec<String> = list.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            error_lines(&list),
            [3, 4, 6, 7, 8, 9, 10, 11, 12, 14, 16],
            "{got:#?}"
        );
        assert!(got[0].starts_with("line 3: full name is empty (column 'họ và tên')"));
        assert_eq!(got[1], "line 4: agency code is empty (column 'mã đơn vị')");
        assert!(
            got[2].contains("agency code 'SỞ TP' is not valid"),
            "{}",
            got[2]
        );
        assert!(
            got[3].contains("address 'dung pham' is not valid"),
            "{}",
            got[3]
        );
        assert!(got[4].contains("invalid domain 'localhost'"), "{}", got[4]);
        assert!(got[5].contains("quota is not valid") && got[5].contains("'lots'"));
        assert!(got[6].contains("'maybe' is not understood"), "{}", got[6]);
        assert!(
            got[7].contains("has 4 fields but the header has 5"),
            "{}",
            got[7]
        );
        assert!(
            got[8].contains("has 6 fields but the header has 5"),
            "{}",
            got[8]
        );
        assert!(got[9].contains("no Latin letters"), "{}", got[9]);
        assert_eq!(
            got[10],
            "line 16: address 'annv' is already used on line 2; every address must be unique \
             (column 'địa chỉ')"
        );
        let names: Vec<(usize, &str)> = list
            .rows
            .iter()
            .map(|r| (r.line, r.full_name.as_str()))
            .collect();
        assert_eq!(names, [(2, "Nguyễn Văn An"), (15, "李四"), (17, "Lý Nam")]);
        assert!(list.rows[2].unit);
    }

    #[test]
    fn one_row_with_several_problems_reports_each() {
        let list = parse("name,agency,quota,unit\n  ,,5 XB,perhaps\n");
        assert_eq!(error_lines(&list), [2, 2, 2, 2]);
        assert_eq!(list.rows, []);
    }

    #[test]
    fn duplicate_addresses_report_the_first_line() {
        let text = "name,agency,email\nA An,X,an@gov.vn\nB Bình,X,other\nC Chi,X, AN@GOV.VN \n";
        let list = parse(text);
        assert_eq!(list.rows.len(), 2);
        assert_eq!(list.errors.len(), 1);
        assert_eq!(list.errors[0].line, 4);
        assert!(list.errors[0].reason.contains("already used on line 2"));
    }

    #[test]
    fn unit_flag_spellings() {
        let text = "name,agency,unit\nA,X,yes\nB,X,TRUE\nC,X,1\nD,X,X\nE,X,CÓ\nF,X,co\n\
                    G,X,no\nH,X,false\nI,X,0\nJ,X,Không\nK,X,khong\nL,X,\n";
        let list = parse(text);
        assert_eq!(list.errors, []);
        let flags: Vec<bool> = list.rows.iter().map(|r| r.unit).collect();
        assert_eq!(
            flags,
            [
                true, true, true, true, true, true, false, false, false, false, false, false
            ]
        );
    }

    #[test]
    fn quota_values() {
        let list = parse("name,agency,quota\nA,X,500 MiB\nB,X,\nC,X,none\nD,X,0\n");
        assert_eq!(list.errors, []);
        let quotas: Vec<Option<Option<u64>>> = list.rows.iter().map(|r| r.quota).collect();
        assert_eq!(
            quotas,
            [Some(Some(500 << 20)), None, Some(None), Some(Some(0))]
        );
    }

    #[test]
    fn missing_required_column_names_it_and_lists_accepted_headers() {
        let err =
            parse_staff_csv("họ và tên;chức vụ\nLê Hòa;Chuyên viên\n".as_bytes()).unwrap_err();
        let CsvFileError::MissingColumns {
            line,
            missing,
            found,
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(
            (*line, missing.as_slice()),
            (1, [StaffColumn::Agency].as_slice())
        );
        assert_eq!(found, &["họ và tên", "chức vụ"]);
        let text = err.to_string();
        assert!(text.contains("agency code (mã đơn vị)"), "{text}");
        assert!(text.contains("'mã đơn vị', 'ma_don_vi'"), "{text}");
        assert!(text.contains("'chức vụ'"), "{text}");

        let err = parse_staff_csv(b"foo,bar\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("no full name (họ và tên) column") && text.contains("no agency code")
        );
    }

    #[test]
    fn duplicate_column_is_rejected() {
        let err = parse_staff_csv("name,Họ và tên,agency\n".as_bytes()).unwrap_err();
        assert!(matches!(
            err,
            CsvFileError::DuplicateColumn {
                column: StaffColumn::FullName,
                ..
            }
        ));
        assert!(err.to_string().contains("'name' and 'Họ và tên'"));
    }

    #[test]
    fn header_only_and_empty_files() {
        let list = parse("name,agency\r\n");
        assert_eq!(list, StaffList::default());
        assert!(matches!(parse_staff_csv(b""), Err(CsvFileError::Empty)));
        assert!(matches!(
            parse_staff_csv(b"\xEF\xBB\xBF\r\n\r\n"),
            Err(CsvFileError::Empty)
        ));
        assert!(matches!(
            parse_staff_csv(b";;;\n"),
            Err(CsvFileError::Empty)
        ));
    }

    #[test]
    fn leading_and_interspersed_empty_lines_are_skipped() {
        let list = parse("\n;;\nname;agency\n\n\nLê Hòa;A\n;\n\nTrần An;\n");
        assert_eq!(list.rows.len(), 1);
        assert_eq!(list.rows[0].line, 6);
        assert_eq!(error_lines(&list), [9]);
    }

    #[test]
    fn invalid_utf8_reports_line_and_how_to_fix() {
        // "Lê" in Windows-1258 is 4C EA.
        let data = b"name,agency\nAn,X\nL\xEA,Y\n";
        let err = parse_staff_csv(data).unwrap_err();
        assert!(matches!(err, CsvFileError::NotUtf8 { line: 3 }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with("line 3: ") && text.contains("CSV UTF-8"),
            "{text}"
        );

        let err = parse_staff_csv(b"\xFF\xFEn\0a\0").unwrap_err();
        assert!(matches!(err, CsvFileError::Utf16));
        assert!(err.to_string().contains("CSV UTF-8"));
    }

    #[test]
    fn unknown_columns_are_reported_but_empty_ones_are_not() {
        let list = parse("STT;Họ và tên;Chức vụ;Mã đơn vị;;\n1;Lê Hòa;CV;A;;\n");
        assert_eq!(list.errors, []);
        assert_eq!(list.ignored_columns, ["STT", "Chức vụ"]);
    }

    #[test]
    fn domains() {
        for ok in [
            "gov.vn",
            "hanoi.gov.vn",
            "a-b.example",
            "xn--h-1ga.vn",
            "x1.vn",
        ] {
            assert!(is_plausible_domain(ok), "{ok}");
        }
        for bad in [
            "localhost",
            "",
            ".vn",
            "gov..vn",
            "-a.vn",
            "a-.vn",
            "1.2.3.4",
            "hà nội.vn",
            "sở.vn",
            "a@b.vn",
            "A.VN",
        ] {
            assert!(!is_plausible_domain(bad), "{bad}");
        }
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("a,b,c"), b',');
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a\tb"), b'\t');
        assert_eq!(detect_delimiter("\"a;b;c\",d"), b',');
        assert_eq!(detect_delimiter("single"), b',');
        assert_eq!(detect_delimiter(";;;;\r\na;b\n"), b';');
        assert_eq!(detect_delimiter("\r\n\r\nname,agency\n"), b',');
        assert_eq!(detect_delimiter("a;b\nc,d,e,f"), b';');
    }
}
