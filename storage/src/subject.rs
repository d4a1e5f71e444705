//! The base subject of RFC 5256 §2.1, which SORT (RFC 5256 §3) and THREAD (§4) compare, and
//! the i;unicode-casemap form (RFC 5051) they compare it in.
//!
//! Both are computed once per content at delivery and stored (`contents.sort_subject`,
//! `thread_subject`, `thread_reply`, migration 23; see [`SubjectKeys`]), so that a SORT or
//! THREAD of a large mailbox reads them instead of working them out again for every message.
//! Contents stored before that get them on the first SORT or THREAD of their mailbox, from
//! the stored subject (no blob read).

/// i;unicode-casemap (RFC 5051), with a fast path for ASCII, where titlecasing is
/// uppercasing and decomposition changes nothing: the same result, without the per-character
/// Unicode tables (it was most of THREAD's and SORT SUBJECT's time on 100,000 messages).
pub fn casemap(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_uppercase()
    } else {
        crate::text::unicode_casemap(s)
    }
}

/// What SORT SUBJECT and THREAD compare of one message, computed from its decoded Subject
/// (`None`: no Subject header, which sorts as the empty string, RFC 5256 §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectKeys {
    /// SORT's key: [`base_subject`] in i;unicode-casemap form, compared as octets.
    pub sort: String,
    /// THREAD's base subject and whether the subject marked a reply or forward
    /// ([`thread_subject`]).
    pub thread: String,
    pub reply: bool,
}

impl SubjectKeys {
    pub fn of(subject: Option<&str>) -> SubjectKeys {
        let subject = subject.unwrap_or("");
        let sort = casemap(&base_subject(subject));
        let (thread, reply) = thread_subject(subject);
        SubjectKeys {
            sort,
            thread,
            reply,
        }
    }
}

/// The base subject of RFC 5256 §2.1, steps (1) to (7), from a subject already decoded from
/// RFC 2047 at delivery (step 1's first half).
///
/// Only the RFC's "re", "fw" and "fwd" are reply/forward markers: §7 leaves translations out
/// on purpose, so localized ones ("TL:", "Trả lời:", "Chuyển tiếp:", "AW:") stay part of the
/// base subject here. THREAD treats the Vietnamese ones as replies: see [`thread_subject`].
pub fn base_subject(subject: &str) -> String {
    base_subject_of(subject, false).0
}

/// The Vietnamese reply and forward markers THREAD takes as "Re:" and "Fwd:" (issue 24): what
/// Vietnamese mail clients and webmails write ("Trả lời" is "reply", "TL" its short form,
/// "Chuyển tiếp" is "forward"), with and without diacritics. Compared case-insensitively.
const VIETNAMESE_REFWD: &[&str] = &["trả lời", "tra loi", "chuyển tiếp", "chuyen tiep", "tl"];

/// The base subject THREAD compares (RFC 5256 §2.1, with the Vietnamese markers of
/// [`VIETNAMESE_REFWD`] as subj-refwd), in i;unicode-casemap form, and whether the subject
/// marked a reply or forward (a subj-refwd, a "(fwd)" trailer or a "[fwd: …]" wrapper was
/// removed): REFERENCES step 5 (RFC 5256 §4) needs to know.
pub fn thread_subject(subject: &str) -> (String, bool) {
    let (base, reply) = base_subject_of(subject, true);
    (casemap(&base), reply)
}

fn base_subject_of(subject: &str, localized: bool) -> (String, bool) {
    let mut reply = false;
    // (1) Tabs and continuations become spaces, runs of spaces one space.
    let mut s = String::with_capacity(subject.len());
    for c in subject.chars() {
        let c = if matches!(c, '\t' | '\r' | '\n') {
            ' '
        } else {
            c
        };
        if !(c == ' ' && s.ends_with(' ')) {
            s.push(c);
        }
    }
    let mut s = s.as_str();
    loop {
        // (2) Trailers: "(fwd)" and white space, as long as there are any.
        loop {
            let t = s.trim_end_matches([' ', '\t']);
            match strip_suffix_ignore_case(t, "(fwd)") {
                Some(rest) => {
                    s = rest;
                    reply = true;
                }
                None => {
                    s = t;
                    break;
                }
            }
        }
        // (3)-(5) Leaders ("Re:", "[blob] Fwd[2]:", white space), then a leading blob that
        // leaves a non-empty base, until neither is left.
        loop {
            if let Some((rest, refwd)) = subj_leader(s, localized) {
                s = rest;
                reply |= refwd;
            } else if let Some(rest) = subj_blob(s).filter(|rest| !rest.is_empty()) {
                s = rest;
            } else {
                break;
            }
        }
        // (6) "[fwd: …]" around the whole: unwrap and start again from (2).
        if let Some(inner) = strip_prefix_ignore_case(s, "[fwd:")
            && let Some(inner) = inner.strip_suffix(']')
        {
            s = inner;
            reply = true;
            continue;
        }
        // (7)
        return (s.to_string(), reply);
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    // `get` is None off a character boundary; the prefixes are ASCII.
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `s` without `prefix` (lower case), compared character by character in lower case: for the
/// Vietnamese markers, whose letters are not ASCII.
fn strip_prefix_fold<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.char_indices();
    for want in prefix.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(want.to_lowercase()) {
            return None;
        }
    }
    let at = rest.next().map_or(s.len(), |(i, _)| i);
    Some(&s[at..])
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..at])
}

fn skip_wsp(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// `subj-blob = "[" *BLOBCHAR "]" *WSP`: what follows a blob at the start of `s`.
fn subj_blob(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find([']', '['])?;
    inner[close..].strip_prefix(']').map(skip_wsp)
}

/// `subj-leader = (*subj-blob subj-refwd) / WSP`: what follows one leader at the start of
/// `s`, if there is one, and whether it was a subj-refwd. Every branch consumes at least one
/// character.
fn subj_leader(s: &str, localized: bool) -> Option<(&str, bool)> {
    if s.starts_with([' ', '\t']) {
        return Some((skip_wsp(s), false));
    }
    let mut rest = s;
    while let Some(after) = subj_blob(rest) {
        rest = after;
    }
    subj_refwd(rest, localized).map(|rest| (rest, true))
}

/// `subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"`; with `localized`, the markers of
/// [`VIETNAMESE_REFWD`] too.
fn subj_refwd(s: &str, localized: bool) -> Option<&str> {
    let rest = strip_prefix_ignore_case(s, "re")
        .or_else(|| strip_prefix_ignore_case(s, "fwd"))
        .or_else(|| strip_prefix_ignore_case(s, "fw"))
        .or_else(|| {
            localized
                .then(|| {
                    VIETNAMESE_REFWD
                        .iter()
                        .find_map(|marker| strip_prefix_fold(s, marker))
                })
                .flatten()
        })?;
    let rest = skip_wsp(rest);
    let rest = subj_blob(rest).unwrap_or(rest);
    // "fwd" tried before "fw" cannot hide "fw" + ":": "fwd" needs a "d" where "fw:" has ":".
    rest.strip_prefix(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored keys: SORT's keeps the Vietnamese markers (RFC 5256 §7: no translations),
    /// THREAD's takes them as "Re:" / "Fwd:" (issue 24); both in i;unicode-casemap form.
    #[test]
    fn stored_keys_of_vietnamese_replies() {
        let k = SubjectKeys::of(Some("Trả lời: Re: [UBND] Báo cáo tuần"));
        assert_eq!(
            k.sort,
            crate::text::unicode_casemap("Trả lời: Re: [UBND] Báo cáo tuần")
        );
        assert_eq!(k.thread, crate::text::unicode_casemap("Báo cáo tuần"));
        assert!(k.reply);
        let k = SubjectKeys::of(Some("TL: Fwd: Giấy mời họp"));
        assert_eq!(
            k.sort,
            crate::text::unicode_casemap("TL: Fwd: Giấy mời họp")
        );
        assert_eq!(k.thread, crate::text::unicode_casemap("Giấy mời họp"));
        assert!(k.reply);
        let k = SubjectKeys::of(Some("Re: chuyen tiep: tra loi: x"));
        assert_eq!(
            (k.sort.as_str(), k.thread.as_str(), k.reply),
            ("CHUYEN TIEP: TRA LOI: X", "X", true)
        );
        let k = SubjectKeys::of(Some("  bigbox message 7 xyz "));
        assert_eq!(
            (k.sort.as_str(), k.thread.as_str(), k.reply),
            ("BIGBOX MESSAGE 7 XYZ", "BIGBOX MESSAGE 7 XYZ", false)
        );
        // No Subject header: the empty string (RFC 5256 §3).
        let k = SubjectKeys::of(None);
        assert_eq!(
            (k.sort.as_str(), k.thread.as_str(), k.reply),
            ("", "", false)
        );
        // "Trả lời công văn" is a subject, not a marker.
        let k = SubjectKeys::of(Some("Trả lời công văn số 12"));
        assert!(!k.reply);
        assert_eq!(k.thread, k.sort);
    }
}
