//! The web console's `multipart/form-data` reader (web/src/console/multipart.rs: the staff
//! list upload of the administrators' desk).
//!
//! The input's first line is the request's Content-Type, the rest its body. Asserts: no
//! panic; at most `MAX_PARTS` parts; each part's content is a piece of the body, in order,
//! and the pieces do not overlap; names and file names are no longer than the body.

use web::console::multipart::{MAX_PARTS, boundary, parse};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (head, body) = match data.iter().position(|&b| b == b'\n') {
            Some(at) => (&data[..at], &data[at + 1..]),
            None => (data, &[][..]),
        };
        let content_type = String::from_utf8_lossy(head);
        // A fuzzer rarely finds a valid Content-Type: try the line as the boundary itself too.
        let candidates = [
            boundary(&content_type).map(str::to_string),
            Some(content_type.trim().to_string()).filter(|b| !b.is_empty() && b.len() <= 70),
        ];
        for b in candidates.into_iter().flatten() {
            let Ok(parts) = parse(body, &b) else {
                continue;
            };
            assert!(parts.len() <= MAX_PARTS, "{} parts", parts.len());
            let start = body.as_ptr() as usize;
            let mut end_of_last = start;
            for p in &parts {
                let at = p.data.as_ptr() as usize;
                assert!(
                    at >= end_of_last && at + p.data.len() <= start + body.len(),
                    "a part outside the body or overlapping the one before"
                );
                end_of_last = at + p.data.len();
                assert!(p.name.len() <= body.len() * 3 + 3);
                assert!(p.filename.as_ref().is_none_or(|f| f.len() <= body.len() * 3 + 3));
            }
        }
    });
}
