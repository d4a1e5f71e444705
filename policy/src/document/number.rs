//! Số, ký hiệu: finding a document's number and writing it in canonical form.
//!
//! ND30 Phụ lục I, mục II.3 writes the number as `Số: 123/GM-UBND`: the number (with a
//! leading zero below 10), "/", then the ký hiệu, whose groups (type abbreviation, issuing
//! body, drafting unit) are joined by "-". Normative documents put the year between number and
//! ký hiệu (`08/2014/QĐ-UBND`). A công văn has no type abbreviation: its ký hiệu is the issuing
//! body and the drafting unit (`12/UBND-VX`).
//!
//! In mail the same number shows up in other shapes: file names replace "/" by "-" or "_"
//! (`45_TB-UBND_signed.pdf`, `03-2026-NQ-HĐND.pdf`), and unaccented keyboards write QĐ, QyĐ, CĐ
//! as QD, QyD, CD. Numbers that are *cited* ("Căn cứ Quyết định số …", "Thực hiện Chỉ thị số …",
//! "theo Giấy mời số …") belong to other documents.

use std::fmt;
use std::sync::LazyLock;

use super::issuer;
use super::types::{DocType, TYPES, is_word_char, type_at_start};

/// A document number has at most this many digits; longer runs are phone or account numbers.
const MAX_DIGITS: usize = 6;
/// Abbreviation groups in a ký hiệu: type-body-unit at most, with one spare.
const MAX_GROUPS: usize = 4;
const MAX_GROUP_CHARS: usize = 12;

/// A số/ký hiệu, valid by construction; `Display` writes the canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    number: u32,
    year: Option<u16>,
    /// At least two groups; the first one canonicalised (`QD` → `QĐ`).
    symbol: Vec<String>,
    /// Written in the Party's style, `87-KH/TU` (Hướng dẫn 36-HD/VPTW, mục I.3): the number,
    /// "-", the type, "/", the Party body. See `issuer`.
    party: bool,
}

impl DocNumber {
    /// Parses a whole string holding one number in any of the shapes described in the module
    /// documentation ("123/GM-UBND", "45_TB-UBND", "1693/QD-UBND").
    pub fn parse(s: &str) -> Option<DocNumber> {
        let s = s.trim();
        scan(s)
            .into_iter()
            .next()
            .filter(|f| f.start == 0 && f.end == s.len())
            .map(|f| f.number)
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    /// The year, for normative documents.
    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// The ký hiệu groups ("GM", "UBND").
    pub fn symbol(&self) -> &[String] {
        &self.symbol
    }

    /// Whether `text` spells the same document's number as `self` read from a file name:
    /// the same number and year, and a ký hiệu that `self`'s starts with, letter for letter
    /// but for the Đ that file names drop (`19-HD-SGDDT.pdf` is 19/HD-SGDĐT) and the
    /// descriptions they append (`02-BTT-UBND-LS-CB.pdf` is 02/BTT-UBND).
    pub(crate) fn spelled_by(&self, text: &DocNumber) -> bool {
        // Compared character by character, without writing the plain forms out: this runs
        // for every pair of numbers a message names.
        fn plain(group: &str) -> impl Iterator<Item = char> + '_ {
            group.chars().map(|c| match c {
                'Đ' | 'đ' => 'D',
                c => c.to_ascii_uppercase(),
            })
        }
        self.number == text.number
            && self.year == text.year
            && self.party == text.party
            && text.symbol.len() <= self.symbol.len()
            && self
                .symbol
                .iter()
                .zip(&text.symbol)
                .all(|(a, b)| plain(a).eq(plain(b)))
    }

    /// How many letters of the ký hiệu are Vietnamese (Đ), which unaccented typing loses.
    pub(crate) fn vietnamese_letters(&self) -> usize {
        self.symbol
            .iter()
            .map(|g| g.chars().filter(|c| !c.is_ascii()).count())
            .sum()
    }

    /// Written in the Party's style (`87-KH/TU`) rather than ND30's (`87/KH-UBND`).
    pub fn party_style(&self) -> bool {
        self.party
    }

    /// The type named by the first group of the ký hiệu, if it is a type abbreviation. None
    /// for a công văn, whose first group is the issuing body.
    pub fn doc_type(&self) -> Option<DocType> {
        let first = self.symbol.first()?;
        // A document two or more bodies issue jointly (văn bản liên tịch) adds "LT" to its
        // type's abbreviation, as the Luật Ban hành văn bản quy phạm pháp luật 2008 (Điều 2)
        // wrote the "TTLT" of a thông tư liên tịch and agencies write their joint plans and
        // programmes ("07/KHLT-SYT-SGDĐT", "02/CTrLT-…"): the type is the one before "LT".
        DocType::from_abbreviation(first).or_else(|| {
            first
                .strip_suffix("LT")
                .and_then(DocType::from_abbreviation)
        })
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.party {
            // Hướng dẫn 36-HD/VPTW: "05-CT/TW", also with a leading zero below 10.
            let (kind, body) = self.symbol.split_first().ok_or(fmt::Error)?;
            return write!(f, "{:02}-{kind}/{}", self.number, body.join("-"));
        }
        // ND30 Phụ lục I II.3: numbers below 10 are written with a leading zero.
        write!(f, "{:02}/", self.number)?;
        if let Some(year) = self.year {
            write!(f, "{year}/")?;
        }
        f.write_str(&self.symbol.join("-"))
    }
}

/// A number found in a text, with its byte range.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub number: DocNumber,
    pub start: usize,
    pub end: usize,
}

/// Every well-formed number in `text`. Dates ("22/10/2026", "tháng 11/2026"), counts ("5/8"),
/// phone numbers ("0255/3712 450") and serials ("45/HP-2019") are not well-formed: after the
/// number and an optional year there must be at least two letter groups.
pub(crate) fn scan(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // The characters from a candidate digit on: a number is read forward only, and is far
    // shorter than this. Reused from one candidate to the next.
    let mut window: Vec<(usize, char)> = Vec::new();
    let mut from = 0;
    // A number's digits are followed by a separator: candidates are found from the
    // separators, which are far rarer than digits (one memchr3 pass instead of a test of
    // every byte), as the digit run just before each one. Most digit runs (dates in words,
    // counts, amounts) are never looked at.
    while let Some(offset) = memchr::memchr3(b'/', b'-', b'_', &bytes[from..]) {
        let sep = from + offset;
        // The digit run that ends at the separator, not reaching back before `from`.
        let mut at = sep;
        while at > from && bytes[at - 1].is_ascii_digit() {
            at -= 1;
        }
        // Or, before a slash, the digit run a template's blank left spaces after
        // ("Quyết định số 317 /QĐ-UBND").
        let mut spaced = false;
        if at == sep && bytes[sep] == b'/' {
            let blank = bytes[from..sep]
                .iter()
                .rev()
                .take_while(|&&b| b == b' ')
                .count();
            let digits_end = sep - blank;
            let mut start = digits_end;
            while start > from && bytes[start - 1].is_ascii_digit() {
                start -= 1;
            }
            if (1..=MAX_BLANK).contains(&blank) && start < digits_end {
                at = start;
                spaced = true;
            }
        }
        if at == sep {
            from = sep + 1;
            continue;
        }
        // A number starts a token: never inside a word, a digit run or a "12/…" group.
        let starts_token = text[..at]
            .chars()
            .next_back()
            .is_none_or(|p| !(is_word_char(p) || matches!(p, '/' | '.' | ',')));
        if starts_token {
            fill_window(&text[at..], spaced, &mut window);
            if let Some((number, next)) = parse_at(&window, 0) {
                // Past the window's last character when the number ends with it.
                let covered = window.last().map_or(0, |&(o, c)| o + c.len_utf8());
                let end = at + window.get(next).map_or(covered, |&(o, _)| o);
                found.push(Found {
                    number,
                    start: at,
                    end,
                });
                from = end;
                continue;
            }
        }
        // Past this run of digits.
        from = sep;
    }
    found
}

/// Characters read from a candidate digit: the longest number (six digits, a year and four
/// groups of twelve characters, with their separators: 64 characters) and the one after it.
const NUMBER_WINDOW: usize = MAX_DIGITS + 5 + MAX_GROUPS * (MAX_GROUP_CHARS + 1) + 1;

/// Spaces a template's blank leaves between the number and the slash ("Số: 218 /SYT-KHTC"):
/// at most this many are closed up.
const MAX_BLANK: usize = 3;

/// The characters a number that starts `text` may be read from, with their offsets in `text`,
/// into `window`. A number has no white space in it, except, when `spaced`, the spaces of a
/// template's blanks next to its separators ("317 /QĐ-UBND", "1203 / QĐ - UBND": ND30 Phụ lục
/// I II.3 has the number filled into the "Số:     /QĐ-UBND" left at drafting), which are
/// left out. Invisible format characters (zero-width space and joiners, word joiner, BOM, soft
/// hyphen) that text copied from web pages carries are left out too: "82/\u{200B}KH-UBND" is
/// 82/KH-UBND.
fn fill_window(text: &str, spaced: bool, window: &mut Vec<(usize, char)>) {
    window.clear();
    // Room for the whole window at once, not grown push by push (once per text scanned).
    window.reserve(NUMBER_WINDOW);
    let is_sep = |c: char| matches!(c, '/' | '-' | '–' | '_');
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if window.len() == NUMBER_WINDOW {
            break;
        }
        if matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
        ) {
            continue;
        }
        if c == ' ' && spaced {
            let after_sep = window.last().is_some_and(|&(_, p)| is_sep(p));
            let blank = 1 + text[at + 1..].bytes().take_while(|&b| b == b' ').count();
            let before_sep = text[at + blank..].starts_with(is_sep);
            if blank <= MAX_BLANK && (after_sep || before_sep) {
                for _ in 1..blank {
                    chars.next();
                }
                continue;
            }
        }
        if c.is_whitespace() {
            break;
        }
        window.push((at, c));
    }
}

fn run_end(chars: &[(usize, char)], from: usize, pred: impl Fn(char) -> bool) -> usize {
    let mut j = from;
    while chars.get(j).is_some_and(|&(_, c)| pred(c)) {
        j += 1;
    }
    j
}

fn is_separator(c: Option<&(usize, char)>) -> bool {
    matches!(c, Some((_, '/' | '-' | '_')))
}

/// The value of the digits `chars[from..to]`; None if it overflows.
fn value(chars: &[(usize, char)], from: usize, to: usize) -> Option<u32> {
    chars[from..to].iter().try_fold(0u32, |n, &(_, c)| {
        n.checked_mul(10)?.checked_add(c.to_digit(10)?)
    })
}

fn parse_at(chars: &[(usize, char)], i: usize) -> Option<(DocNumber, usize)> {
    let digits_end = run_end(chars, i, |c| c.is_ascii_digit());
    if digits_end - i > MAX_DIGITS {
        return None;
    }
    let number = value(chars, i, digits_end)?;
    if number == 0 || !is_separator(chars.get(digits_end)) {
        return None;
    }
    let mut j = digits_end + 1;
    let mut year = None;
    let year_end = run_end(chars, j, |c| c.is_ascii_digit());
    if year_end > j {
        let y = u16::try_from(value(chars, j, year_end)?).ok()?;
        if year_end - j != 4 || !(1945..=2100).contains(&y) || !is_separator(chars.get(year_end)) {
            return None;
        }
        year = Some(y);
        j = year_end + 1;
    }
    let mut symbol: Vec<String> = Vec::new();
    let mut end = j;
    // The Party's style: "-" after the number, "/" after the type (`87-KH/TU`).
    let mut party = false;
    // The ký hiệu is typed in small letters (see `small_type`).
    let mut lower = false;
    loop {
        let mut group_end = run_end(chars, j, is_word_char);
        // "C.I", "C.II": Thanh tra Chính phủ writes its units as a letter, a dot and a
        // Roman numeral (96/TTCP-C.I).
        if chars.get(group_end).is_some_and(|&(_, c)| c == '.') {
            let roman_end = run_end(chars, group_end + 1, |c| matches!(c, 'I' | 'V' | 'X'));
            if roman_end > group_end + 1
                && !chars.get(roman_end).is_some_and(|&(_, c)| is_word_char(c))
            {
                group_end = roman_end;
            }
        }
        // A clerk typing in small letters ("quyết định số 815/qđ-ubnd") writes the whole ký
        // hiệu so: read it in capitals when its first group is a type abbreviation of ND30
        // Phụ lục III, so that a word after a date or count ("3/4-ngay") stays no number.
        let typed_small = lower_case_group(&chars[j..group_end])
            && (lower || symbol.is_empty() && small_type(&chars[j..group_end]));
        if typed_small {
            lower = true;
        } else if lower || !valid_group(&chars[j..group_end]) {
            break;
        }
        // Latin ETH (U+00D0), which TCVN3-to-Unicode conversions leave in place of Đ
        // (U+0110), is that Đ: "11/ÐA-SNV" is the Đề án 11/ĐA-SNV.
        let group: String = chars[j..group_end]
            .iter()
            .map(|&(_, c)| match c {
                'Ð' => 'Đ',
                'ð' => 'đ',
                c => c,
            })
            .collect();
        let group = if lower { group.to_uppercase() } else { group };
        let group = if symbol.is_empty() {
            canonical_abbreviation(group)
        } else {
            group
        };
        // An issuing body's code typed without its Đ ("19-HD-SGDDT.pdf") is restored from
        // the codes `issuer` knows; a type abbreviation is never a body's code.
        let group = match issuer::restore_code(&group) {
            Some(code) if DocType::from_abbreviation(&group).is_none() => code.to_owned(),
            _ => group,
        };
        symbol.push(group);
        end = group_end;
        if symbol.len() == MAX_GROUPS {
            break;
        }
        match chars.get(group_end) {
            // Word's autocorrect turns the hyphen into an en dash ("45/KH–UBND"); some
            // editors write the non-breaking (U+2011) or Unicode (U+2010) hyphen.
            Some((_, '-' | '_' | '–' | '\u{2011}' | '\u{2010}')) => j = group_end + 1,
            Some((_, '/')) if symbol.len() == 1 && year.is_none() && chars[digits_end].1 == '-' => {
                party = true;
                j = group_end + 1;
            }
            _ => break,
        }
    }
    if symbol.len() < 2 {
        return None;
    }
    // Hướng dẫn 36-HD/VPTW numbers the Party's documents "number-TYPE/BODY"; ND30 Phụ lục I
    // II.3 numbers a state body's "number/TYPE-BODY". A state body's code after the slash
    // ("giấy mời số 07-GM/UBND") is its own number typed in the Party's order: read in ND30's.
    if party && issuer::state_code(&symbol[1]) && DocType::from_abbreviation(&symbol[0]).is_some() {
        party = false;
    }
    Some((
        DocNumber {
            number,
            year,
            symbol,
            party,
        },
        end,
    ))
}

/// A ký hiệu group is an abbreviation: it starts with a capital and is otherwise capitals and
/// digits, except that a few abbreviations carry one lower-case letter (QyĐ, CTr, TTr, TTg),
/// always with at least two capitals. Ordinary words ("signed", "Ky", "So", "STTTTvề" where a
/// space was lost) are not groups, which is what ends a number inside a file name such as
/// `45_TB-UBND_Ky_so.pdf`.
fn valid_group(group: &[(usize, char)]) -> bool {
    let Some(&(_, first)) = group.first() else {
        return false;
    };
    if !first.is_uppercase() || group.len() > MAX_GROUP_CHARS {
        return false;
    }
    let upper = group.iter().filter(|(_, c)| c.is_uppercase()).count();
    let lower = group.iter().filter(|(_, c)| c.is_lowercase()).count();
    lower == 0 || (upper >= 2 && lower == 1)
}

/// A group typed in small letters only: letters (Vietnamese ones too) and digits, the first a
/// letter.
fn lower_case_group(group: &[(usize, char)]) -> bool {
    group.first().is_some_and(|&(_, c)| c.is_lowercase())
        && group.len() <= MAX_GROUP_CHARS
        && group
            .iter()
            .all(|&(_, c)| c.is_lowercase() || c.is_ascii_digit())
}

/// Whether a group typed in small letters is, in capitals, a type abbreviation of ND30 Phụ lục
/// III ("qđ", "qd", "tb", "kh"), or the code of a state body that starts a công văn's ký hiệu
/// ("ubnd", "snv"): the start of a number typed in small letters.
fn small_type(group: &[(usize, char)]) -> bool {
    let upper: String = group
        .iter()
        .flat_map(|&(_, c)| match c {
            'ð' => 'Đ'.to_uppercase(),
            c => c.to_uppercase(),
        })
        .collect();
    DocType::from_abbreviation(&canonical_abbreviation(upper.clone())).is_some()
        || issuer::state_code(&upper)
}

/// The first ký hiệu group as ND30 Phụ lục III writes it. Unaccented keyboards turn QĐ, QyĐ and
/// CĐ into QD, QyD and CD; the other abbreviations with Đ (ĐA, HĐ) cannot be restored because
/// DA and HD are themselves abbreviations (Dự án, Hướng dẫn). Case follows the table (CTr).
fn canonical_abbreviation(group: String) -> String {
    // A longer group (an issuing body's "UBND") is none of them in any case: capitals are
    // never fewer characters.
    if group.chars().nth(MAX_ABBREVIATION_CHARS).is_some() {
        return group;
    }
    // Most groups are written as the table writes them.
    if DocType::from_abbreviation(&group).is_some() {
        return group;
    }
    // Most groups left are a body's code in ASCII capitals ("SNV"), their own capitals.
    let upper = if group
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        std::borrow::Cow::Borrowed(group.as_str())
    } else {
        std::borrow::Cow::Owned(group.to_uppercase())
    };
    let restored = match upper.as_ref() {
        "QD" => Some("QĐ"),
        "QYD" => Some("QyĐ"),
        "CD" => Some("CĐ"),
        _ => UPPER_ABBREVIATIONS
            .iter()
            .find(|(u, _)| *u == upper)
            .map(|(_, a)| *a),
    };
    restored.map_or(group, str::to_owned)
}

/// The most characters a type abbreviation of ND30 Phụ lục III has ("QyĐ", "CTr", "GGT").
const MAX_ABBREVIATION_CHARS: usize = 3;

/// The table's abbreviations in capitals, with their own spelling.
static UPPER_ABBREVIATIONS: LazyLock<Vec<(String, &str)>> = LazyLock::new(|| {
    TYPES
        .iter()
        .flat_map(|t| t.abbreviations.iter())
        .map(|a| (a.to_uppercase(), *a))
        .collect()
});

/// Labels of the number line in a document header, folded: "Số:" (ND30), and the "Số, ký
/// hiệu:" / "Số ký hiệu:" fields of document-management notifications.
const HEADER_LABELS: &[&str] = &[
    "so:",
    "so :",
    // Bilingual documents (a ministry's to foreign parties) write the label with its English
    // translation: "Số/No.: 1120/BNG-LS".
    "so/no.:",
    "so/no:",
    "so / no.:",
    "so / no:",
    "so, ky hieu:",
    "so/ky hieu:",
    "so ky hieu:",
    "so hieu:",
    "ky hieu:",
    "so ky hieu van ban:",
    "so hieu van ban:",
    "ky hieu van ban:",
    "so van ban:",
];

/// The number on a header line ("Số: 699/QĐ-SNV"), and whether the line is a
/// document-management system's register field ("Số ký hiệu: …") rather than the document's
/// own "Số:" line. Other "Số …:" lines ("Số điện thoại:") are not header lines. `folded` is
/// the trimmed line's start folded (14 characters or more).
pub(crate) fn header_number(line: &str, folded: &str) -> Option<(DocNumber, bool)> {
    let line = line.trim();
    // "Số: 45/QĐ-UBND ở đây là số mới hay cũ?": a question about a number, not a header.
    if line.ends_with('?') {
        return None;
    }
    let label = HEADER_LABELS.iter().find(|l| folded.starts_with(*l))?;
    let register = !matches!(
        *label,
        "so:" | "so :" | "so/no.:" | "so/no:" | "so / no.:" | "so / no:"
    );
    // The labels fold one character to one character, so their length in characters is the
    // same in the original line.
    let skip = label.chars().count();
    let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
    let rest = line[start..].trim_start();
    // A number typed into a template's blanks keeps the blanks' spaces: "Số: 218 /SYT-KHTC",
    // "Số:  52 / QĐ - UBND" (ND30 Phụ lục I II.3 writes the "Số:" line with the number and
    // ký hiệu filled in at issue).
    // Closed up only when the number as written is none, so that the usual line costs what
    // it did.
    at_start(rest)
        .or_else(|| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                .then(|| at_start(&closed_up(rest)))
                .flatten()
        })
        .map(|f| (f.number, register))
}

/// `text` (which starts with a number) without the spaces next to its first separators
/// ("52 / QĐ - UBND" → "52/QĐ-UBND"), as far as a number reaches.
fn closed_up(text: &str) -> String {
    let chars: Vec<char> = text.chars().take(NUMBER_WINDOW * 2).collect();
    let is_sep = |c: &char| matches!(c, '/' | '-' | '–' | '_');
    let mut out = String::with_capacity(text.len().min(NUMBER_WINDOW * 8));
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let before = chars[..i].iter().rev().find(|c| **c != ' ');
            let after = chars[i + 1..].iter().find(|c| **c != ' ');
            if before.is_some_and(is_sep) || after.is_some_and(is_sep) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// Whether a header line has the number left blank for the clerk to fill in at issue ("Số:
/// /QĐ-UBND", "Số: …/KH-SYT", "Số:     /TTr-UBND"): the document is a draft (ND30 Điều 15,
/// Phụ lục I II.3). `folded` is the trimmed line's start folded.
pub(crate) fn blank_number(line: &str, folded: &str) -> bool {
    let Some(label) = HEADER_LABELS.iter().find(|l| folded.starts_with(*l)) else {
        return false;
    };
    let line = line.trim();
    let rest = line
        .char_indices()
        .nth(label.chars().count())
        .map_or("", |(i, _)| &line[i..]);
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '…' | '_'));
    rest.strip_prefix('/')
        .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()))
}

/// What the words before a number say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// The nearest cue is a verb of sending: "gửi giấy mời số …", "ban hành kèm theo" aside.
    Sent,
    /// The nearest cue cites another document: "Căn cứ", "theo", "Thực hiện", "tại", …
    Cited,
    /// The nearest cue says the document is a draft: "gửi dự thảo Hợp đồng số …". A draft is
    /// not yet a document (ND30 Điều 15: the number is given when it is issued).
    Draft,
    /// The verb of sending is a request: "đề nghị các đơn vị gửi …", "xin gửi lại giúp …".
    Requested,
    /// No cue.
    Plain,
}

/// Classifies a number by the text of its clause before it, folded (`text::fold`: a caller
/// that reads the clause further keeps the folded text rather than folding it twice).
///
/// ND30 Phụ lục I, mục II.6 (the content opens with its căn cứ) and the usual wording of cover
/// notes: a document names the documents it relies on after "Căn cứ", "Thực hiện", "Theo",
/// "Triển khai", "Phúc đáp", "tại"; the one it carries after a verb of sending. The nearest cue
/// wins, so "gửi kế hoạch thực hiện Quyết định số …" cites the decision.
pub(crate) fn context_of_folded(folded: &str) -> Context {
    // A clause before a number is a few words: room for them at once, not grown word by word.
    let mut words: Vec<&str> = Vec::with_capacity(16);
    words.extend(
        folded
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty()),
    );
    let mut last: Option<Context> = None;
    // "đề nghị", "yêu cầu" earlier in the clause make a later "gửi" a request.
    let mut asking = false;
    for (i, &w) in words.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| words.get(p)).copied();
        let next = |k: usize| words.get(i + k).copied();
        let cue = match (prev, w) {
            (Some("kinh"), "gui") => None,
            (_, "gui") => {
                // "gửi giúp", "gửi lại giúp", "gửi giùm", "gửi hộ": asking someone to send.
                let helped = [next(1), next(2)]
                    .iter()
                    .any(|w| matches!(w, Some("giup" | "gium" | "ho")));
                // "chị gửi em file …", "gửi cho em bản …": a copy sent to the writer is
                // asked for.
                let to_me = matches!(next(1), Some("em" | "minh"))
                    && matches!(next(2), Some("file" | "ban"))
                    || next(1) == Some("cho")
                        && matches!(next(2), Some("em" | "minh"))
                        && matches!(next(3), Some("file" | "ban"));
                let helped = helped || to_me;
                Some(if asking || helped {
                    Context::Requested
                } else {
                    Context::Sent
                })
            }
            // "xin file QĐ 702/…", "xin bản Word …", "xin lại …": asking for a copy.
            (Some("xin"), "file" | "ban" | "lai") => Some(Context::Requested),
            // "không mở được văn bản …", "không tải được", "không nhận được": the writer has
            // no usable copy of it and asks for it again (a help-desk ticket, a complaint).
            (Some("khong" | "chua"), "mo" | "tai" | "xem" | "doc" | "nhan")
                if next(1) == Some("duoc") =>
            {
                Some(Context::Requested)
            }
            (Some("de"), "nghi") | (Some("yeu"), "cau") => {
                asking = true;
                None
            }
            (Some("du"), "thao") => Some(Context::Draft),
            // "ban hành kèm Quyết định số …" cites the decision the text was issued with.
            (Some("hanh"), "kem") if i >= 2 && words[i - 2] == "ban" => Some(Context::Cited),
            (Some("ban" | "phat"), "hanh") => Some(Context::Sent),
            // "Kính chuyển …", "chuyển (tiếp) …", "kính trình …": sending onwards or up. Not
            // "chuyển đổi", "chuyển giao", "chuyển khoản", nor the type "phiếu chuyển".
            (Some("kinh"), "chuyen" | "trinh") => Some(Context::Sent),
            (prev, "chuyen")
                if prev != Some("phieu")
                    && !matches!(
                        next(1),
                        Some("doi" | "giao" | "khoan" | "mon" | "nganh" | "bien" | "dong")
                    ) =>
            {
                Some(Context::Sent)
            }
            (Some("dinh"), "kem") => Some(Context::Sent),
            // "gửi kèm theo" carries; "ban hành kèm theo Quyết định số …" cites the decision
            // the attached text was issued with.
            (Some("kem"), "theo") => {
                let issued = i >= 3 && words.get(i - 3..i - 1) == Some(&["ban", "hanh"][..]);
                Some(if issued {
                    Context::Cited
                } else {
                    Context::Sent
                })
            }
            (_, "theo") => Some(Context::Cited),
            (Some("can"), "cu")
            | (Some("thuc"), "hien")
            | (Some("trien"), "khai")
            | (Some("phuc"), "dap")
            | (Some("tra"), "loi")
            | (Some("thay"), "the")
            | (Some("sua"), "doi")
            | (Some("bai" | "huy"), "bo")
            | (Some("dinh"), "chinh")
            | (Some("lien"), "quan") => Some(Context::Cited),
            // "tại" only cites when a document follows ("tại Công văn số …"); the folded word
            // is also "tài" (tài liệu) and "tải".
            (_, "tai") => {
                let next = words
                    .get(i + 1..)
                    .map(|rest| rest.join(" "))
                    .unwrap_or_default();
                (type_at_start(&next).is_some() || next.starts_with("van ban"))
                    .then_some(Context::Cited)
            }
            _ => None,
        };
        if cue.is_some() {
            last = cue;
        }
    }
    last.unwrap_or(Context::Plain)
}

/// Characters that end the clause a number belongs to.
const CLAUSE_ENDS: &[char] = &['\n', '.', ';', '(', '!', '?', '[', '|'];

/// The start of the clause that contains byte `at` of `text`, looking back no further than
/// `from`; None if no clause boundary lies between `from` and `at`.
pub(crate) fn clause_start(text: &str, from: usize, at: usize) -> Option<usize> {
    text[from..at].rfind(CLAUSE_ENDS).map(|i| from + i + 1)
}

/// The number at the very start of `text`, if any. Reads only as far as a number can reach.
pub(crate) fn at_start(text: &str) -> Option<Found> {
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // On the stack: this runs for every header line.
    let mut window = [(0, '\0'); NUMBER_WINDOW];
    let mut len = 0;
    for (slot, c) in window.iter_mut().zip(text.char_indices()) {
        *slot = c;
        len += 1;
    }
    let chars = &window[..len];
    let (number, next) = parse_at(chars, 0)?;
    Some(Found {
        number,
        start: 0,
        end: chars.get(next).map_or(text.len(), |&(at, _)| at),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::document::text::fold;

    /// [`context_of_folded`] of the clause as written.
    fn context(before: &str) -> Context {
        context_of_folded(&fold(before))
    }

    /// The reading `scan` replaced: every run of digits, each tested for the separator after
    /// it. `scan` finds its candidates from the separators instead, and must find the same
    /// numbers at the same places.
    fn scan_by_digits(text: &str) -> Vec<(String, usize, usize)> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(offset) = bytes[from..].iter().position(u8::is_ascii_digit) {
            let at = from + offset;
            let digits = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let blank = bytes[at + digits..]
                .iter()
                .take_while(|&&b| b == b' ')
                .count();
            let spaced =
                (1..=MAX_BLANK).contains(&blank) && bytes.get(at + digits + blank) == Some(&b'/');
            let starts_token = (matches!(bytes.get(at + digits), Some(b'/' | b'-' | b'_'))
                || spaced)
                && text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|p| !(is_word_char(p) || matches!(p, '/' | '.' | ',')));
            if starts_token {
                let mut window = Vec::new();
                fill_window(&text[at..], spaced, &mut window);
                if let Some((number, next)) = parse_at(&window, 0) {
                    let covered = window.last().map_or(0, |&(o, c)| o + c.len_utf8());
                    let end = at + window.get(next).map_or(covered, |&(o, _)| o);
                    found.push((number.to_string(), at, end));
                    from = end;
                    continue;
                }
            }
            from = at + digits;
        }
        found
    }

    #[test]
    fn scan_from_separators_finds_what_every_digit_run_gives() {
        use proptest::prelude::*;
        let shown = |text: &str| {
            scan(text)
                .into_iter()
                .map(|f| (f.number.to_string(), f.start, f.end))
                .collect::<Vec<_>>()
        };
        for text in [
            "",
            "Số: 699/QĐ-SNV ngày 12/7/2018 và 28/2018/QĐ-TTg; 12-34/X 5_6-GM-UBND",
            "87-KH/TU, 1123-CV/TU 12/34/GM-UBND 0255/3712 450 45/HP-2019 a12/GM-UBND",
            "19-HD-SGDDT.pdf 03.CT-UBND 1078_UBND-KT.signed 96/TTCP-C.I 1234567/GM-UBND",
            "-/_12/GM-UBND/13/TB-SYT-/-14/KH-UBND_",
            "số 317 /QĐ-UBND; 1203 / QĐ - UBND 12    /GM-UBND 82/\u{200B}KH-UBND 5 / 8 người",
        ] {
            assert_eq!(shown(text), scan_by_digits(text), "{text:?}");
        }
        let config = ProptestConfig::with_cases(4000);
        proptest!(config, |(text in "[0-9/_ .,aGMUBNDĐQTBKHX–ệ\n-]{0,40}")| {
            prop_assert_eq!(shown(&text), scan_by_digits(&text));
        });
    }

    /// `canonical_abbreviation` passes over groups longer than every abbreviation.
    #[test]
    fn no_abbreviation_is_longer_than_the_maximum() {
        for abbreviation in TYPES.iter().flat_map(|t| t.abbreviations.iter()) {
            assert!(
                abbreviation.chars().count() <= MAX_ABBREVIATION_CHARS,
                "{abbreviation}"
            );
        }
        assert_eq!(canonical_abbreviation("qd".into()), "QĐ");
        assert_eq!(canonical_abbreviation("ctr".into()), "CTr");
        assert_eq!(canonical_abbreviation("UBND".into()), "UBND");
    }

    /// `read_body` asks `header_number` and `blank_number` only about lines whose folded start
    /// is "s" or "k": every label must start so.
    #[test]
    fn every_header_label_starts_with_s_or_k() {
        for label in HEADER_LABELS {
            assert!(label.starts_with(['s', 'k']), "{label}");
        }
    }

    fn header_line(line: &str) -> Option<DocNumber> {
        header_number(line, &fold(line.trim())).map(|(n, _)| n)
    }

    fn all(text: &str) -> Vec<String> {
        scan(text).iter().map(|f| f.number.to_string()).collect()
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(all("Số: 7/GM-UBND"), ["07/GM-UBND"]);
        assert_eq!(all("số 2041/TTg-KTTH ngày 3/4/2025"), ["2041/TTg-KTTH"]);
        assert_eq!(all("[12/2025/QĐ-UBND] Quyết định"), ["12/2025/QĐ-UBND"]);
        // Known issuer codes typed without their Đ get it back (see `issuer::restore_code`).
        assert_eq!(all("[317/QD-SGDDT] Quyet dinh"), ["317/QĐ-SGDĐT"]);
        assert_eq!(all("Quy dinh 4/QyD-STP"), ["04/QyĐ-STP"]);
        assert_eq!(all("Cong dien 3/CD-UBND"), ["03/CĐ-UBND"]);
        assert_eq!(all("Chương trình số 9/CTR-SCT"), ["09/CTr-SCT"]);
        assert_eq!(all("Số: 0012/UBND-KGVX"), ["12/UBND-KGVX"]);
        // Đ letters stay; unaccented HD is a Hướng dẫn, not a Hợp đồng.
        assert_eq!(all("7/HĐ-SXD và 8/HD-SXD"), ["07/HĐ-SXD", "08/HD-SXD"]);
        // Latin ETH (U+00D0), which TCVN3 conversions leave for Đ, is read as Đ; Đ inside an
        // issuer code stays.
        assert_eq!(all("Đề án 11/ÐA-SNV"), ["11/ĐA-SNV"]);
        assert_eq!(all("27/CÐ-BYT"), ["27/CĐ-BYT"]);
        assert_eq!(
            all("19/HD-SGDĐT và 1567/STNMT-QLĐĐ, 09/GM-BCĐ"),
            ["19/HD-SGDĐT", "1567/STNMT-QLĐĐ", "09/GM-BCĐ"]
        );
    }

    #[test]
    fn file_name_shapes() {
        assert_eq!(all("77_KH-SGDDT_signed.pdf"), ["77/KH-SGDĐT"]);
        assert_eq!(all("2231-SCT-QLTM.pdf"), ["2231/SCT-QLTM"]);
        assert_eq!(all("11-2025-NQ-HĐND.signed.pdf"), ["11/2025/NQ-HĐND"]);
        assert_eq!(all("4_CD-UBND_Ky_so.pdf"), ["04/CĐ-UBND"]);
        assert_eq!(all("Tờ trình 31-TTr-STC.pdf"), ["31/TTr-STC"]);
        assert_eq!(all("Hop_QC_5_TB_UBND.docx"), ["05/TB-UBND"]);
    }

    #[test]
    fn dates_phones_counts_and_serials_are_not_numbers() {
        assert!(all("ngày 22/10/2026, tháng 11/2026, 3/7 người").is_empty());
        assert!(all("Điện thoại: 0236/3822 117, di động 0913-456-789").is_empty());
        assert!(all("máy chiếu serial 88/EP-2021, phòng 2/3").is_empty());
        assert!(all("Họp ngày 09-12-2026.pdf, IMG_3321.jpg").is_empty());
        assert!(all("V/v, v.v. và 2026-2030").is_empty());
    }

    #[test]
    fn header_lines() {
        assert_eq!(
            header_line("  Số: 318/SNN-TL").map(|n| n.to_string()),
            Some("318/SNN-TL".to_owned())
        );
        assert_eq!(
            header_line("Số, ký hiệu: 5/BC-UBND").map(|n| n.to_string()),
            Some("05/BC-UBND".to_owned())
        );
        assert_eq!(header_line("Số điện thoại: 0236/3822 117"), None);
        assert_eq!(header_line("Số lượng: 12/KH-AB"), None);
    }

    #[test]
    fn citations_and_sending() {
        assert_eq!(context("Căn cứ Thông tư số "), Context::Cited);
        assert_eq!(context("Thuc hien Chi thi so "), Context::Cited);
        assert_eq!(context("Phúc đáp Công văn số "), Context::Cited);
        assert_eq!(
            context("Sở Tư pháp trân trọng gửi tờ trình số "),
            Context::Sent
        );
        assert_eq!(
            context("UBND huyện gửi kế hoạch triển khai Quyết định số "),
            Context::Cited
        );
        assert_eq!(
            context("Văn phòng gửi kèm theo Quyết định số "),
            Context::Sent
        );
        assert_eq!(
            context("Quy chế ban hành kèm theo Quyết định số "),
            Context::Cited
        );
        assert_eq!(context("nội dung nêu tại Công văn số "), Context::Cited);
        assert_eq!(context("gửi tài liệu số "), Context::Sent);
        assert_eq!(context("Kính gửi các phòng, Báo cáo số "), Context::Plain);
    }

    #[test]
    fn word_processors_dashes_join_groups() {
        assert_eq!(all("Kế hoạch số 45/KH–UBND ngày"), ["45/KH-UBND"]);
        assert_eq!(all("Số: 12/UBND\u{2011}VP"), ["12/UBND-VP"]);
    }

    #[test]
    fn a_templates_blank_leaves_a_space_before_the_slash() {
        assert_eq!(
            header_line("Số: 218 /SYT-KHTC").map(|n| n.to_string()),
            Some("218/SYT-KHTC".into())
        );
        assert_eq!(
            header_number("Số ký hiệu: 45/QĐ-UBND", "so ky hieu: 45/qd-ubnd").map(|h| h.1),
            Some(true)
        );
        assert_eq!(
            header_number("Số: 45/QĐ-UBND", "so: 45/qd-ubnd").map(|h| h.1),
            Some(false)
        );
    }

    #[test]
    fn a_copy_sent_to_the_writer_is_asked_for() {
        assert_eq!(
            context("Chị Lan ơi, chị gửi em file QĐ "),
            Context::Requested
        );
        assert_eq!(
            context("anh gửi cho em bản Word Quyết định "),
            Context::Requested
        );
        assert_eq!(context("Em gửi file Quyết định số "), Context::Sent);
    }

    #[test]
    fn passing_on_is_sending() {
        assert_eq!(
            context("Kính chuyển Sở Xây dựng phiếu chuyển hồ sơ số "),
            Context::Sent
        );
        assert_eq!(context("Kính trình UBND tỉnh Tờ trình số "), Context::Sent);
        assert_eq!(
            context("Kế hoạch chuyển đổi số theo Quyết định "),
            Context::Cited
        );
        assert_eq!(context("đề án chuyển đổi số "), Context::Plain);
    }

    #[test]
    fn blank_numbers_are_drafts() {
        let blank = |l: &str| blank_number(l, &fold(l.trim()));
        assert!(blank("Số:      /QĐ-UBND"));
        assert!(blank("Số: …/KH-SYT"));
        assert!(blank("Số: ......./TTr-UBND"));
        assert!(!blank("Số: 12/QĐ-UBND"));
        assert!(!blank("Số điện thoại: 0263/3822"));
    }

    #[test]
    fn party_numbers_keep_the_partys_style() {
        // Hướng dẫn 36-HD/VPTW I.3: number-TYPE/BODY.
        assert_eq!(all("Chỉ thị 05-CT/TW của Bộ Chính trị"), ["05-CT/TW"]);
        assert_eq!(all("Kế hoạch số 87-KH/TU ngày 02/10"), ["87-KH/TU"]);
        let n = DocNumber::parse("09-HD/BTGDVTU").unwrap();
        assert!(n.party_style());
        assert_eq!(n.doc_type(), Some(DocType::HuongDan));
        // A year or a third group in the Party's place is no Party number.
        assert!(all("2025-2030/NQ").is_empty());
        assert!(!DocNumber::parse("87/KH-TU").unwrap().party_style());
    }

    /// A state body's number typed in the Party's order is read in ND30's; a Party body's
    /// stays the Party's.
    #[test]
    fn a_state_bodys_number_in_the_partys_order_is_its_nd30_number() {
        assert_eq!(all("gửi giấy mời số 07-GM/UBND"), ["07/GM-UBND"]);
        assert_eq!(all("Thông báo 15-TB/SNV"), ["15/TB-SNV"]);
        assert!(!DocNumber::parse("07-GM/UBND").unwrap().party_style());
        assert_eq!(all("Thông báo số 15-TB/ĐU"), ["15-TB/ĐU"]);
    }

    /// A template's blank leaves spaces between the number and the slash wherever the number
    /// is copied, in prose and subjects too (ND30 Phụ lục I II.3: "Số:     /QĐ-UBND" is
    /// filled in at issue).
    #[test]
    fn a_blanks_spaces_are_closed_up_in_prose() {
        assert_eq!(
            all("Em gửi Quyết định số 317 /QĐ-UBND ngày 19/10"),
            ["317/QĐ-UBND"]
        );
        assert_eq!(all("gửi báo cáo số: 45 /BC-UBND ngày"), ["45/BC-UBND"]);
        assert_eq!(all("QĐ 1203 / QĐ - UBND phê duyệt"), ["1203/QĐ-UBND"]);
        // Dates, counts and ratios with spaces stay none.
        assert!(all("ngày 12 / 10 / 2027, 5 / 8 người, tỷ lệ 1 /500").is_empty());
        // Four spaces are no template's blank.
        assert!(all("số 12    /GM-UBND").is_empty());
    }

    /// Text copied from web pages carries invisible format characters inside the number.
    #[test]
    fn invisible_characters_inside_a_number_are_skipped() {
        assert_eq!(all("Kế hoạch số 82/\u{200B}KH-UBND ngày"), ["82/KH-UBND"]);
        assert_eq!(all("số 12/GM\u{AD}-UBND"), ["12/GM-UBND"]);
    }

    /// A clerk typing in small letters writes the whole ký hiệu so; only a type's
    /// abbreviation (ND30 Phụ lục III) starts such a number.
    #[test]
    fn numbers_typed_in_small_letters() {
        assert_eq!(all("quyết định số 815/qđ-ubnd ngày 14/6"), ["815/QĐ-UBND"]);
        assert_eq!(
            all("gui qd 12/qd-ubnd va kh 3/kh-sgddt"),
            ["12/QĐ-UBND", "03/KH-SGDĐT"]
        );
        assert!(all("3/4-ngay, 2/xe-may, 5/nha-may, 7/tb-UBND").is_empty());
        // A công văn's starts with the issuing body's code.
        assert_eq!(
            all("cv so 233/ubnd-vhxh, 41/snv-ccvc"),
            ["233/UBND-VHXH", "41/SNV-CCVC"]
        );
        // A ký hiệu in capitals still ends at a word in small letters.
        assert_eq!(all("12_GM-UBND-signed.pdf"), ["12/GM-UBND"]);
    }

    /// Joint documents (văn bản liên tịch) add "LT" to the type's abbreviation.
    #[test]
    fn joint_documents_add_lt_to_the_type() {
        let joint = DocNumber::parse("07/KHLT-SYT-SGDĐT").unwrap();
        assert_eq!(joint.doc_type(), Some(DocType::KeHoach));
        assert_eq!(joint.to_string(), "07/KHLT-SYT-SGDĐT");
        let programme = DocNumber::parse("03/CTrLT-UBND-MTTQ").unwrap();
        assert_eq!(programme.doc_type(), Some(DocType::ChuongTrinh));
        assert_eq!(DocNumber::parse("12/UBND-VP").unwrap().doc_type(), None);
    }

    /// The "Số:" line of a bilingual document, and a number typed into a template's blanks
    /// with spaces around its separators.
    #[test]
    fn bilingual_labels_and_spaced_blanks() {
        let shown = |line: &str| header_line(line).map(|n| n.to_string());
        assert_eq!(shown("Số/No.: 1120/BNG-LS"), Some("1120/BNG-LS".into()));
        assert_eq!(shown("Số/No: 15/TB-BNG"), Some("15/TB-BNG".into()));
        assert_eq!(shown("Số / No.: 16/TB-BNG"), Some("16/TB-BNG".into()));
        assert_eq!(
            shown("Số:  52 / QĐ - UBND        Phú Tân, ngày 07 tháng 6 năm 2027"),
            Some("52/QĐ-UBND".into())
        );
        assert_eq!(
            shown("Số: 2027 / 2027 / NQ - HĐND"),
            Some("2027/2027/NQ-HĐND".into())
        );
        assert_eq!(
            shown("Số: 96/TTCP-C.I          Hà Nội"),
            Some("96/TTCP-C.I".into())
        );
        assert_eq!(shown("Số: 15 - 20 người"), None);
    }

    /// A document the writer cannot open or did not get is asked for again, not sent.
    #[test]
    fn a_document_the_writer_cannot_open_is_asked_for() {
        assert_eq!(
            context("[#4512] Không mở được văn bản "),
            Context::Requested
        );
        assert_eq!(
            context("xã không nhận được file Quyết định số "),
            Context::Requested
        );
        assert_eq!(context("Xã chưa nhận được Giấy mời "), Context::Requested);
        assert_eq!(context("Văn phòng gửi văn bản mở rộng số "), Context::Sent);
    }

    #[test]
    fn roman_numbered_units() {
        assert_eq!(all("Công văn số 96/TTCP-C.I ngày 2/4"), ["96/TTCP-C.I"]);
        assert_eq!(all("số 12/UBND-VP. Các đơn vị"), ["12/UBND-VP"]);
        assert!(header_line("Số: 45/QĐ-UBND ở đây là số mới hay cũ anh?").is_none());
    }

    #[test]
    fn known_codes_get_their_d_back() {
        assert_eq!(all("GM-327-SGDDT"), Vec::<String>::new());
        assert_eq!(all("327-GM-SGDDT"), ["327/GM-SGDĐT"]);
        assert_eq!(all("12/HDND-VP"), ["12/HĐND-VP"]);
        // A type abbreviation stays: HD is Hướng dẫn.
        assert_eq!(all("19/HD-SNV"), ["19/HD-SNV"]);
    }

    #[test]
    fn a_file_names_number_is_spelled_by_the_text() {
        let file = |s: &str| DocNumber::parse(s).unwrap();
        assert!(file("19-HD-SGDDT").spelled_by(&file("19/HD-SGDĐT")));
        assert!(file("02-BTT-UBND-LS-CB").spelled_by(&file("02/BTT-UBND")));
        assert!(file("03-BGN-UBND_MOU").spelled_by(&file("03/BGN-UBND")));
        assert!(!file("03-BGN-UBND").spelled_by(&file("04/BGN-UBND")));
        assert!(!file("03-BGN-UBND").spelled_by(&file("03/BGN-SNV")));
        assert!(!file("15-2025-QD-UBND").spelled_by(&file("15/QĐ-UBND")));
    }

    #[test]
    fn parse_whole_string() {
        assert_eq!(
            DocNumber::parse("1950/TTg-KGVX").map(|n| n.to_string()),
            Some("1950/TTg-KGVX".to_owned())
        );
        assert_eq!(DocNumber::parse("1950/TTg-KGVX ngày"), None);
        let n = DocNumber::parse("5/2024/NQ-HĐND").unwrap();
        assert_eq!(n.year(), Some(2024));
        assert_eq!(n.doc_type(), Some(DocType::NghiQuyet));
        assert_eq!(DocNumber::parse("12/UBND-VX").unwrap().doc_type(), None);
    }
}
