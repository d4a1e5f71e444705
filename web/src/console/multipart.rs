//! `multipart/form-data` (RFC 7578) as a browser sends a form with a file: the staff list
//! upload of [`super::admin_issue`]. The body is read whole first, under the route's size
//! limit; this parser then only slices it, with a cap on the number of parts and on each
//! part's header block, so a hostile body costs no more than its bytes.
//!
//! Grammar (RFC 2046 §5.1.1): an ignored preamble; each part follows a delimiter line
//! `--BOUNDARY` (at the start of the body or after CRLF) with optional linear white space
//! before its CRLF, then header lines, an empty line and the content; `--BOUNDARY--` closes
//! the body and what follows (the epilogue) is ignored. Of the headers only
//! `Content-Disposition: form-data; name="…"; filename="…"` matters (RFC 7578 §4.2).

use memchr::memmem;

/// Most parts a form may send (the upload form has three fields).
pub const MAX_PARTS: usize = 16;
/// Most bytes of one part's header block.
const MAX_HEADERS: usize = 8 * 1024;

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    /// The file's name, for a file field (as the browser sent it).
    pub filename: Option<String>,
    pub data: &'a [u8],
}

impl Part<'_> {
    /// The content as text (a plain field), if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(self.data).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MultipartError {
    /// The body does not follow the grammar (the reason, for the log).
    Malformed(&'static str),
    TooManyParts,
}

/// The boundary of a `multipart/form-data` Content-Type (RFC 2046 §5.1.1: 1 to 70
/// characters; browsers use letters, digits and '-').
pub fn boundary(content_type: &str) -> Option<&str> {
    let mut params = content_type.split(';');
    let kind = params.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    let value = params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then_some(v.trim())
    })?;
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    let allowed = |c: char| c.is_ascii_alphanumeric() || "'()+_,-./:=? ".contains(c);
    (!value.is_empty() && value.len() <= 70 && value.chars().all(allowed) && !value.ends_with(' '))
        .then_some(value)
}

/// Splits `body` into its parts.
///
/// # Errors
///
/// See [`MultipartError`].
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, MultipartError> {
    let delimiter = format!("--{boundary}");
    let between = format!("\r\n--{boundary}");
    let finder = memmem::Finder::new(between.as_bytes());
    // The first delimiter: at the very start, or after the preamble's CRLF.
    let mut at = if body.starts_with(delimiter.as_bytes()) {
        0
    } else {
        finder
            .find(body)
            .ok_or(MultipartError::Malformed("no delimiter"))?
            + 2
    };
    let mut parts = Vec::new();
    loop {
        // Invariant: body[at..] starts with the delimiter.
        let mut i = at + delimiter.len();
        if body[i..].starts_with(b"--") {
            return Ok(parts);
        }
        while matches!(body.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if !body[i..].starts_with(b"\r\n") {
            return Err(MultipartError::Malformed(
                "delimiter line not ended by CRLF",
            ));
        }
        i += 2;
        if parts.len() == MAX_PARTS {
            return Err(MultipartError::TooManyParts);
        }
        let (headers, content_start) = if body[i..].starts_with(b"\r\n") {
            (&body[i..i], i + 2)
        } else {
            let window = &body[i..body.len().min(i + MAX_HEADERS + 4)];
            let end = memmem::find(window, b"\r\n\r\n").ok_or(MultipartError::Malformed(
                "part headers unterminated or too long",
            ))?;
            (&body[i..i + end], i + end + 4)
        };
        let rest = body
            .get(content_start..)
            .ok_or(MultipartError::Malformed("truncated part"))?;
        let end = finder
            .find(rest)
            .ok_or(MultipartError::Malformed("no closing delimiter"))?;
        let (name, filename) = disposition(headers)?;
        parts.push(Part {
            name,
            filename,
            data: &rest[..end],
        });
        // Advances: the next delimiter starts after this one's CRLF (content_start > at).
        at = content_start + end + 2;
    }
}

/// The field name and file name of a part's `Content-Disposition: form-data`.
fn disposition(headers: &[u8]) -> Result<(String, Option<String>), MultipartError> {
    let text = String::from_utf8_lossy(headers);
    for line in text.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case("content-disposition") {
            continue;
        }
        let (kind, params) = value.split_once(';').unwrap_or((value, ""));
        if !kind.trim().eq_ignore_ascii_case("form-data") {
            return Err(MultipartError::Malformed("not form-data"));
        }
        let params = parameters(params);
        let get = |wanted: &str| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
                .map(|(_, v)| v.clone())
        };
        let name = get("name").ok_or(MultipartError::Malformed("part without a name"))?;
        return Ok((name, get("filename")));
    }
    Err(MultipartError::Malformed(
        "part without Content-Disposition",
    ))
}

/// `; key=value; key="quoted \"value\""` into pairs. Every step consumes at least one
/// character, so the loop ends.
fn parameters(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ';' || c.is_whitespace()).is_some() {}
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && *c != ';') {
            key.push(c);
        }
        if chars.next_if_eq(&'=').is_none() {
            if chars.peek().is_none() {
                return out;
            }
            continue;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => value.extend(chars.next()),
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ';') {
                value.push(c);
            }
        }
        out.push((key.trim().to_string(), value.trim_end().to_string()));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const B: &str = "----WebKitFormBoundaryx7Qh2ZPaH0aV1Tq9";

    fn chromium_body(csv: &str) -> Vec<u8> {
        format!(
            "--{B}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n\
             --{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"danh sách.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n{csv}\r\n--{B}--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn a_browsers_upload_is_split_into_its_fields() {
        let csv = "họ và tên,mã đơn vị\r\nNguyễn Văn An,STTTT\r\n";
        let body = chromium_body(csv);
        let parts = parse(&body, B).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].text(), Some("tok"));
        assert_eq!(parts[0].filename, None);
        assert_eq!(parts[1].name, "file");
        assert_eq!(parts[1].filename.as_deref(), Some("danh sách.csv"));
        assert_eq!(parts[1].data, csv.as_bytes());
    }

    #[test]
    fn the_boundary_comes_from_the_content_type() {
        assert_eq!(
            boundary(&format!("multipart/form-data; boundary={B}")),
            Some(B)
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""),
            Some("a b")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(
            boundary(&format!("multipart/form-data; boundary={}", "x".repeat(71))),
            None
        );
    }

    #[test]
    fn a_preamble_empty_headers_and_an_epilogue_are_allowed() {
        let body = b"ignored\r\n--b \t\r\n\r\nno headers\r\n--b\r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n--b--epilogue";
        assert_eq!(
            parse(body, "b"),
            Err(MultipartError::Malformed(
                "part without Content-Disposition"
            ))
        );
        let body =
            b"ignored\r\n--b\r\ncontent-disposition: form-data; name=x\r\n\r\n\r\n--b--epilogue";
        let parts = parse(body, "b").unwrap();
        assert_eq!(parts[0].name, "x");
        assert_eq!(parts[0].data, b"");
    }

    #[test]
    fn broken_bodies_are_refused() {
        for body in [
            &b""[..],
            b"--b",
            b"--b\r\nContent-Disposition: form-data; name=x\r\n\r\nno end",
            b"--bX\r\n",
            b"--b\r\nContent-Disposition: attachment; name=x\r\n\r\n\r\n--b--",
            b"--b\r\nContent-Disposition: form-data\r\n\r\n\r\n--b--",
        ] {
            assert!(
                parse(body, "b").is_err(),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        let mut many = Vec::new();
        for _ in 0..=MAX_PARTS {
            many.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n");
        }
        many.extend_from_slice(b"--b--");
        assert_eq!(parse(&many, "b"), Err(MultipartError::TooManyParts));
        let long = format!("--b\r\nX: {}\r\n\r\nv\r\n--b--", "a".repeat(MAX_HEADERS));
        assert!(parse(long.as_bytes(), "b").is_err());
    }

    #[test]
    fn quoted_parameters_keep_escapes_and_semicolons() {
        let p = parameters("; name=\"a;b\"; filename=\"x\\\"y.csv\"; bare=v ; junk");
        assert_eq!(
            p,
            [
                ("name".to_string(), "a;b".to_string()),
                ("filename".to_string(), "x\"y.csv".to_string()),
                ("bare".to_string(), "v".to_string()),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_body_is_parsed_or_refused_without_panic(
            body in proptest::collection::vec(proptest::sample::select(
                b"-b\r\n:;=\" xContent-Disposition form-data name".to_vec()), 0..400),
        ) {
            if let Ok(parts) = parse(&body, "b") {
                proptest::prop_assert!(parts.len() <= MAX_PARTS);
                for p in parts {
                    proptest::prop_assert!(p.data.len() <= body.len());
                }
            }
        }

        #[test]
        fn any_parameters_end(s in ".{0,80}") {
            let _ = parameters(&s);
        }
    }
}
