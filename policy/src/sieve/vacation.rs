//! The out-of-office reply (trả lời tự động) set from the web console, written as a Sieve
//! `vacation` action (RFC 5230) inside the user's own active script, so that a ManageSieve
//! client sees it and can edit it, and whatever else the user wrote stays as it was.
//!
//! The reply lives in one section between two marker comments, placed right after the
//! script's leading `require` commands (RFC 5228 §3.2: `require` must come before any other
//! command; the section's own `require` is then still one of the leading ones):
//!
//! ```sieve
//! # BEGIN govmail out-of-office …
//! require ["date", "relational", "vacation"];
//! if allof (currentdate :zone "+0700" :value "ge" "date" "2026-12-10",
//!           currentdate :zone "+0700" :value "le" "date" "2026-12-20") {
//!     vacation :subject "Đang đi công tác" "…";
//! }
//! # END govmail out-of-office
//! ```
//!
//! The dates are tested with `currentdate` (RFC 5260 §5), in Vietnam time, both days
//! included; `:value "ge"` needs `relational` (RFC 5231). Without dates the reply is always on.

/// The first line of the section (a comment: any Sieve client keeps it).
pub const BEGIN: &str =
    "# BEGIN govmail out-of-office (trả lời tự động, đặt từ trang web; sửa được ở đây)";
/// The last line of the section.
pub const END: &str = "# END govmail out-of-office";

/// The script name used when the account has no active script yet.
pub const SCRIPT_NAME: &str = "govmail";

/// Longest subject accepted, in characters.
pub const MAX_SUBJECT: usize = 200;
/// Longest message accepted, in characters (the form's limit)…
pub const MAX_MESSAGE: usize = 4000;
/// …and in bytes of UTF-8 with CRLF line ends: sieve-rs refuses a longer string (its
/// compiler's max_string_size). A Vietnamese letter with diacritics takes 2 or 3 bytes, so a
/// message of 1,500 to 4,000 characters fits.
pub const MAX_MESSAGE_BYTES: usize = 4096;

/// An out-of-office reply as the form shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vacation {
    /// First day (YYYY-MM-DD, Vietnam time), included.
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
    pub subject: String,
    pub message: String,
}

/// What is wrong with a form, in Vietnamese (for the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub &'static str);

/// A day written `YYYY-MM-DD` (what an `<input type=date>` sends), checked.
fn valid_day(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    match (num(&text[0..4]), num(&text[5..7]), num(&text[8..10])) {
        (Some(y), Some(m), Some(d)) => {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1970..=9999).contains(&y) && (1..=days).contains(&d)
        }
        _ => false,
    }
}

impl Vacation {
    /// Checks the form: a message, dates that exist and are in order, sizes.
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.message.trim().is_empty() {
            return Err(Invalid("Vui lòng nhập nội dung thư trả lời tự động."));
        }
        let bytes = self.message.len() + self.message.matches('\n').count();
        if self.message.chars().count() > MAX_MESSAGE || bytes > MAX_MESSAGE_BYTES {
            return Err(Invalid(
                "Nội dung thư trả lời quá dài: hãy rút gọn (tối đa khoảng 1.500 chữ có dấu, \
                 hoặc 4.000 ký tự không dấu).",
            ));
        }
        if self.subject.chars().count() > MAX_SUBJECT {
            return Err(Invalid("Tiêu đề quá dài (tối đa 200 ký tự)."));
        }
        if self.subject.chars().any(|c| c.is_control()) {
            return Err(Invalid("Tiêu đề không được xuống dòng."));
        }
        for day in [&self.from, &self.to].into_iter().flatten() {
            if !valid_day(day) {
                return Err(Invalid(
                    "Ngày không hợp lệ: hãy chọn ngày theo dạng năm-tháng-ngày.",
                ));
            }
        }
        if let (Some(from), Some(to)) = (&self.from, &self.to)
            && to < from
        {
            return Err(Invalid("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."));
        }
        Ok(())
    }

    /// The section's text, markers included, ending with a line break.
    pub fn section(&self) -> String {
        let mut tests = Vec::new();
        if let Some(from) = &self.from {
            tests.push(format!(
                "currentdate :zone \"+0700\" :value \"ge\" \"date\" {}",
                quote(from)
            ));
        }
        if let Some(to) = &self.to {
            tests.push(format!(
                "currentdate :zone \"+0700\" :value \"le\" \"date\" {}",
                quote(to)
            ));
        }
        let subject = if self.subject.trim().is_empty() {
            String::new()
        } else {
            format!(":subject {} ", quote(self.subject.trim()))
        };
        let action = format!("vacation {subject}{};", quote(&self.message));
        let body = if tests.is_empty() {
            format!("{action}\n")
        } else {
            format!(
                "if allof ({}) {{\n    {action}\n}}\n",
                tests.join(",\n          ")
            )
        };
        format!("{BEGIN}\nrequire [\"date\", \"relational\", \"vacation\"];\n{body}{END}\n")
    }
}

/// A Sieve quoted string (RFC 5228 §2.4.2): `\` and `"` escaped; line breaks kept as CRLF.
fn quote(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\r\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads a quoted string starting at `text[0] == '"'`: its value and the bytes it took.
fn unquote(text: &str) -> Option<(String, usize)> {
    let mut chars = text.char_indices();
    if chars.next()?.1 != '"' {
        return None;
    }
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out.replace("\r\n", "\n"), i + 1)),
            // RFC 5228 §2.4.2: a backslash quotes the next character.
            '\\' => out.push(chars.next()?.1),
            c => out.push(c),
        }
    }
    None
}

/// Where the section is in `script`: its byte range, end-of-line included.
fn find_section(script: &str) -> Option<std::ops::Range<usize>> {
    let start = script.find(BEGIN)?;
    let end_marker = start + script[start..].find(END)?;
    let mut end = end_marker + END.len();
    if script[end..].starts_with("\r\n") {
        end += 2;
    } else if script[end..].starts_with('\n') {
        end += 1;
    }
    Some(start..end)
}

/// The reply the section of `script` sets, if the script has one that reads as this module
/// writes it. `Err(())` when the markers are there but their content was changed by hand
/// beyond what this reads (the page then says so, and still lets the user replace it).
#[allow(clippy::result_unit_err)]
pub fn read(script: &str) -> Result<Option<Vacation>, ()> {
    let Some(range) = find_section(script) else {
        return Ok(None);
    };
    let section = &script[range];
    let after = |needle: &str| -> Option<String> {
        let at = section.find(needle)? + needle.len();
        unquote(&section[at..]).map(|(v, _)| v)
    };
    let from = after("\"ge\" \"date\" ");
    let to = after("\"le\" \"date\" ");
    let Some(at) = section.find("vacation ") else {
        return Err(());
    };
    let mut rest = &section[at + "vacation ".len()..];
    let mut subject = String::new();
    if let Some(r) = rest.strip_prefix(":subject ") {
        let (s, used) = unquote(r).ok_or(())?;
        subject = s;
        rest = r[used..].trim_start();
    }
    let (message, _) = unquote(rest).ok_or(())?;
    Ok(Some(Vacation {
        from,
        to,
        subject,
        message,
    }))
}

/// The end of the script's leading `require` commands, comments and white space: where the
/// section goes. Every step of the loop consumes at least one byte or stops.
fn after_requires(script: &str) -> usize {
    let b = script.as_bytes();
    let mut at = 0;
    let mut last_end = 0;
    loop {
        while at < b.len() && b[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= b.len() {
            return last_end;
        }
        if b[at] == b'#' {
            at = script[at..].find('\n').map_or(b.len(), |n| at + n + 1);
            continue;
        }
        if script[at..].starts_with("/*") {
            match script[at + 2..].find("*/") {
                Some(n) => at += 2 + n + 2,
                None => return last_end,
            }
            continue;
        }
        let word = script[at..]
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("require"));
        let next = b.get(at + 7).copied();
        if !(word && matches!(next, Some(b' ' | b'\t' | b'\r' | b'\n' | b'[' | b'"'))) {
            return last_end;
        }
        // Up to the ';' ending the command, outside strings.
        let mut i = at + 7;
        let mut in_string = false;
        while i < b.len() {
            match b[i] {
                b'\\' if in_string => i += 1,
                b'"' => in_string = !in_string,
                b';' if !in_string => break,
                _ => {}
            }
            i += 1;
        }
        if i >= b.len() {
            return last_end;
        }
        at = i + 1;
        // The line break after the ';' goes with it.
        if script[at..].starts_with("\r\n") {
            at += 2;
        } else if script[at..].starts_with('\n') {
            at += 1;
        }
        last_end = at;
    }
}

/// `script` without the section (the user's own part), unchanged otherwise.
pub fn remove(script: &str) -> String {
    match find_section(script) {
        Some(range) => format!("{}{}", &script[..range.start], &script[range.end..]),
        None => script.to_string(),
    }
}

/// `script` with its section replaced by `vacation`'s (or added after its requires).
pub fn set(script: &str, vacation: &Vacation) -> String {
    let own = remove(script);
    let at = after_requires(&own);
    format!("{}{}{}", &own[..at], vacation.section(), &own[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trip() -> Vacation {
        Vacation {
            from: Some("2026-12-10".into()),
            to: Some("2026-12-20".into()),
            subject: "Đang đi công tác \"Hà Nội\"".into(),
            message: "Tôi đi công tác đến 20/12.\nViệc gấp xin gọi \\ 0912 345 678.".into(),
        }
    }

    #[test]
    fn the_section_compiles_and_reads_back() {
        let v = trip();
        let script = set("", &v);
        assert!(script.starts_with(BEGIN), "{script}");
        assert!(script.contains("require [\"date\", \"relational\", \"vacation\"];"));
        assert!(
            script.contains("currentdate :zone \"+0700\" :value \"ge\" \"date\" \"2026-12-10\"")
        );
        crate::sieve::compile(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
        assert_eq!(read(&script), Ok(Some(v)));
        // Without dates: always on.
        let always = Vacation {
            from: None,
            to: None,
            subject: String::new(),
            message: "Nghỉ phép.".into(),
        };
        let script = set("", &always);
        assert!(!script.contains("currentdate"));
        crate::sieve::compile(&script).unwrap_or_else(|e| panic!("{e}\n{script}"));
        assert_eq!(read(&script), Ok(Some(always)));
    }

    #[test]
    fn the_users_own_script_is_kept_around_the_section() {
        let own = "# my filters\r\nrequire \"fileinto\";\nrequire [\"imap4flags\"];\n\n\
                   if header :contains \"subject\" \"báo cáo\" {\n    fileinto \"Báo cáo\";\n}\n";
        let with = set(own, &trip());
        let at = with.find(BEGIN).unwrap();
        assert!(
            with[..at].ends_with("require [\"imap4flags\"];\n"),
            "{with}"
        );
        crate::sieve::compile(&with).unwrap_or_else(|e| panic!("{e}\n{with}"));
        assert_eq!(remove(&with), own);
        // Setting again replaces, never duplicates.
        let again = set(
            &with,
            &Vacation {
                message: "Khác".into(),
                ..trip()
            },
        );
        assert_eq!(again.matches(BEGIN).count(), 1);
        assert_eq!(read(&again).unwrap().unwrap().message, "Khác");
        assert_eq!(remove(&again), own);
    }

    #[test]
    fn scripts_without_requires_or_with_odd_starts() {
        for own in [
            "keep;\n",
            "/* note */ keep;",
            "require \"fileinto\"; fileinto \"X\";",
            "require [\"fileinto\", \"a;b\"]",
            "# only a comment",
            "",
        ] {
            let with = set(own, &trip());
            assert_eq!(remove(&with), own, "{own:?}");
        }
        assert_eq!(after_requires("require \"x\";\nkeep;"), 13);
        assert_eq!(after_requires("requirex;"), 0);
    }

    #[test]
    fn hand_edits_are_noticed() {
        let broken = format!("{BEGIN}\nrequire \"vacation\";\ndiscard;\n{END}\n");
        assert_eq!(read(&broken), Err(()));
        assert_eq!(read("keep;"), Ok(None));
    }

    #[test]
    fn forms_are_checked_with_vietnamese_reasons() {
        assert!(trip().validate().is_ok());
        let bad = |v: Vacation| v.validate().unwrap_err().0;
        assert!(
            bad(Vacation {
                message: " ".into(),
                ..trip()
            })
            .contains("nội dung")
        );
        assert!(
            bad(Vacation {
                to: Some("2026-12-01".into()),
                ..trip()
            })
            .contains("kết thúc")
        );
        assert!(
            bad(Vacation {
                from: Some("2026-02-30".into()),
                ..trip()
            })
            .contains("không hợp lệ")
        );
        assert!(
            bad(Vacation {
                subject: "a\nb".into(),
                ..trip()
            })
            .contains("xuống dòng")
        );
    }
}
