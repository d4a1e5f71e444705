//! Urgency and secrecy marks.
//!
//! ND30 Phụ lục I, mục III.2: the urgency mark (HỎA TỐC, THƯỢNG KHẨN, KHẨN) and the secrecy
//! mark (MẬT, TỐI MẬT, TUYỆT MẬT, Luật Bảo vệ bí mật nhà nước) are stamps placed under the
//! số/ký hiệu, on a line of their own. Mail carries them as that stamp line in the body, as a
//! subject prefix ("[MẬT]", "KHẨN:", "Hỏa tốc -"), or in a file name.
//!
//! The same words occur in prose — "khẩn trương" (promptly), "mật khẩu" (password),
//! "bảo mật", "bí mật" — so a mark only counts where a stamp would be: alone on its line,
//! bracketed, or as a subject prefix followed by a separator.

use serde::Serialize;

use super::text::fold;

/// Urgency (độ khẩn), most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    HoaToc,
    ThuongKhan,
    Khan,
}

impl Urgency {
    pub fn as_id(self) -> &'static str {
        match self {
            Urgency::HoaToc => "hoa-toc",
            Urgency::ThuongKhan => "thuong-khan",
            Urgency::Khan => "khan",
        }
    }
}

/// Secrecy (độ mật), most secret first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Secrecy {
    TuyetMat,
    ToiMat,
    Mat,
}

impl Secrecy {
    pub fn as_id(self) -> &'static str {
        match self {
            Secrecy::TuyetMat => "tuyet-mat",
            Secrecy::ToiMat => "toi-mat",
            Secrecy::Mat => "mat",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Urgency(Urgency),
    Secrecy(Secrecy),
}

impl Mark {
    pub(crate) fn as_id(self) -> &'static str {
        match self {
            Mark::Urgency(u) => u.as_id(),
            Mark::Secrecy(s) => s.as_id(),
        }
    }
}

/// The marks' words, folded; longer phrases first so that "thượng khẩn" is not read as "khẩn".
/// "Hỏa tốc hẹn giờ" is the timed variant of Hỏa tốc.
const MARK_WORDS: &[(&[&str], Mark)] = &[
    (
        &["hoa", "toc", "hen", "gio"],
        Mark::Urgency(Urgency::HoaToc),
    ),
    (&["hoa", "toc"], Mark::Urgency(Urgency::HoaToc)),
    (&["thuong", "khan"], Mark::Urgency(Urgency::ThuongKhan)),
    (&["khan"], Mark::Urgency(Urgency::Khan)),
    (&["tuyet", "mat"], Mark::Secrecy(Secrecy::TuyetMat)),
    (&["toi", "mat"], Mark::Secrecy(Secrecy::ToiMat)),
    (&["mat"], Mark::Secrecy(Secrecy::Mat)),
];

/// Reads `s` as nothing but marks (separated by spaces or light punctuation), e.g. "TỐI MẬT",
/// "Mật - Khẩn". None if any other word is present: "Mật khẩu", "khẩn trương".
pub(crate) fn only_marks(s: &str) -> Option<Vec<Mark>> {
    only_folded_marks(&fold(s))
}

/// [`only_marks`] of text already folded.
fn only_folded_marks(folded: &str) -> Option<Vec<Mark>> {
    // Up to six words, read into an array: this runs on every short line of a body.
    const MAX_WORDS: usize = 6;
    let mut split = folded
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '/' | '+' | '&' | '*'))
        .filter(|w| !w.is_empty());
    let mut array = [""; MAX_WORDS];
    let mut count = 0;
    for word in split.by_ref().take(MAX_WORDS) {
        // Most lines fail on their first word.
        if !MARK_WORDS.iter().any(|(phrase, _)| phrase.contains(&word)) {
            return None;
        }
        array[count] = word;
        count += 1;
    }
    if count == 0 || split.next().is_some() {
        return None;
    }
    let words = &array[..count];
    let mut marks = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        for (phrase, mark) in MARK_WORDS {
            if words.get(i..i + phrase.len()) == Some(phrase) {
                marks.push(*mark);
                i += phrase.len();
                continue 'words;
            }
        }
        return None;
    }
    Some(marks)
}

/// Characters that end a subject prefix ("KHẨN: …", "Hỏa tốc - …", "MẬT | …").
const PREFIX_SEPARATORS: &[char] = &[':', '-', '–', '—', '|', '>'];

/// Characters around a stamp written in plain text ("[KHẨN]", "*MẬT*", "(Hỏa tốc)").
const STAMP_WRAPPERS: &[char] = &[
    '[', ']', '(', ')', '*', '_', '"', '\'', '.', '!', ':', '<', '>',
];

/// A "DỰ THẢO" stamp on a line of its own at the top of a text ("DỰ THẢO", "(Dự thảo lần
/// 2)", "Dự thảo 3"): the text is a draft that has not been issued. `folded` is the line's
/// start folded.
pub(crate) fn is_draft_stamp(folded: &str) -> bool {
    let line = folded.trim_matches(|c: char| !c.is_alphanumeric());
    let Some(rest) = line.strip_prefix("du thao") else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("lan").map_or(rest, str::trim_start);
    rest.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace())
        || matches!(rest, "thu hai" | "thu ba" | "cuoi")
}

/// A stamp line: a body line holding only marks ("KHẨN", "TỐI MẬT"), or an "Độ khẩn:" /
/// "Độ mật:" field of a document-management notification ("Độ khẩn: Thượng khẩn"; "Thường"
/// means none).
///
/// `folded` is the trimmed line folded (or its first 40 characters or more, folded).
pub(crate) fn stamp_line(line: &str, folded: &str) -> Option<Vec<Mark>> {
    // A stamp is a few words, the first of them a mark's or a field label's (looked at first:
    // most lines fail there). More than 40 bytes may still be 40 characters or fewer.
    if !may_start_a_stamp(folded) {
        return None;
    }
    let line = line.trim();
    if line.is_empty() || (line.len() > 40 && line.chars().nth(40).is_some()) {
        return None;
    }
    folded_stamp(folded)
}

/// The marks of a stamp line, from its folded text, without the cheap tests of [`stamp_line`].
fn folded_stamp(folded: &str) -> Option<Vec<Mark>> {
    // Folding keeps the wrappers (ASCII) as they are.
    if let Some(marks) = only_folded_marks(folded.trim_matches(STAMP_WRAPPERS)) {
        return Some(marks);
    }
    const FIELDS: &[&str] = &["do khan:", "muc do khan:", "do mat:", "muc do mat:"];
    // A notification may list its fields as bullets ("- Độ khẩn: Khẩn").
    let folded = folded.trim_start_matches(['-', '+', '*', '•', ' ']);
    let field = FIELDS.iter().find(|f| folded.starts_with(*f))?;
    only_folded_marks(folded[field.len()..].trim_matches(STAMP_WRAPPERS))
}

/// Marks at the start of a subject, each bracketed or followed by a separator, with the rest of
/// the subject after them. Other bracketed prefixes are left to the caller.
pub(crate) fn subject_prefix(subject: &str) -> Option<(Vec<Mark>, &str)> {
    let s = subject.trim_start();
    if let Some(close) = bracket_close(s) {
        let marks = only_marks(&s[1..close])?;
        let rest = s[close + 1..].trim_start();
        return Some((
            marks,
            rest.trim_start_matches(PREFIX_SEPARATORS).trim_start(),
        ));
    }
    // A prefix is a few words: do not fold a whole long subject to find out.
    let sep = s.find(PREFIX_SEPARATORS).filter(|&at| at <= 48)?;
    // "Mật khẩu: …" fails here: every word before the separator must be a mark.
    let marks = only_marks(&s[..sep])?;
    Some((
        marks,
        s[sep..].trim_start_matches(PREFIX_SEPARATORS).trim_start(),
    ))
}

/// If `s` starts with '[' or '(', the byte index of the matching close.
pub(crate) fn bracket_close(s: &str) -> Option<usize> {
    let close = match s.chars().next()? {
        '[' => ']',
        '(' => ')',
        _ => return None,
    };
    s.find(close)
}

/// Words that every mark has one of ("hỏa tốc", "thượng khẩn", "tối mật" …), folded.
const MARK_KEYS: &[&str] = &["khan", "mat", "toc"];

/// Whether a text, given `folded`, can hold a mark at all: most subjects and file names have
/// none of the mark words, and are passed over without looking for brackets, prefixes and
/// capitals.
fn may_have_marks(folded: &str) -> bool {
    MARK_KEYS.iter().any(|k| folded.contains(k))
}

/// Whether a folded line can be a stamp, by its first word: every stamp starts with a mark's
/// word ("hỏa tốc", "thượng khẩn", "khẩn", "mật" …) or a field label's ("độ khẩn:", "mức độ
/// mật:"), after ASCII wrappers and separators. The word is read as the first run of ASCII
/// letters and digits, which is that word whenever the line is a stamp (wrappers, separators
/// and white space are none of them). Most body lines are passed over here, without trimming
/// and splitting them.
fn may_start_a_stamp(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    let Some(start) = bytes.iter().position(u8::is_ascii_alphanumeric) else {
        return false;
    };
    let end = bytes[start..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .map_or(bytes.len(), |len| start + len);
    let word = &folded[start..end];
    matches!(word, "do" | "muc") || MARK_WORDS.iter().any(|(phrase, _)| phrase.contains(&word))
}

/// Bracketed marks anywhere in a subject ("Giấy mời họp (Khẩn)") and a trailing " - KHẨN";
/// `folded` is the subject folded, which the caller keeps.
pub(crate) fn subject_anywhere(subject: &str, folded: &str) -> Vec<Mark> {
    if !may_have_marks(folded) {
        return Vec::new();
    }
    bracketed_or_trailing(subject)
}

/// [`subject_anywhere`] for text already known to hold a mark word.
fn bracketed_or_trailing(subject: &str) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (open, close) in [('[', ']'), ('(', ')')] {
        let mut rest = subject;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + 1..];
            let Some(end) = after.find(close) else {
                break;
            };
            if let Some(found) = only_marks(&after[..end]) {
                marks.extend(found);
            }
            rest = &after[end + 1..];
        }
    }
    // Stamps as dash-separated fields after the title: a trailing "Giấy mời họp - KHẨN", and
    // the "Văn bản 2544/QĐ-UBND - Hỏa tốc - Tối mật" of document-system notifications. A
    // field counts only when it holds nothing but marks ("- Khẩn trương" is prose).
    for sep in [" - ", " – "] {
        for field in subject.split(sep).skip(1) {
            if let Some(found) = only_marks(field) {
                marks.extend(found);
            }
        }
    }
    marks
}

/// Marks in an attachment's file name: bracketed, a prefix with a separator ("Hoa toc - Cong
/// dien.pdf"), or capitalised words at the start or end of the name ("MAT_12_KH-UBND.pdf",
/// "Bao_cao_KHAN.pdf"). Bare words must be capitals, because file names are otherwise sentences
/// ("Mat_khau_wifi.pdf", "Khan_truong_trien_khai.pdf").
pub(crate) fn in_file_name(name: &str) -> Vec<Mark> {
    if !may_have_marks(&fold(name)) {
        return Vec::new();
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let mut marks = bracketed_or_trailing(stem);
    if let Some((found, _)) = subject_prefix(&stem.replace('_', " ")) {
        marks.extend(found);
        return unique(marks);
    }
    let words: Vec<&str> = stem
        .split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let is_caps = |w: &&str| w.chars().all(|c| c.is_uppercase());
    for take_front in [true, false] {
        for len in (1..=3).rev() {
            if len >= words.len() {
                continue;
            }
            let slice = if take_front {
                &words[..len]
            } else {
                &words[words.len() - len..]
            };
            if slice.iter().all(is_caps)
                && let Some(found) = only_marks(&slice.join(" "))
            {
                marks.extend(found);
                break;
            }
        }
    }
    unique(marks)
}

fn unique(marks: Vec<Mark>) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::with_capacity(marks.len());
    for m in marks {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn every_mark_has_a_key_word() {
        for (phrase, _) in MARK_WORDS {
            assert!(may_have_marks(&fold(&phrase.join(" "))), "{phrase:?}");
        }
        assert!(!may_have_marks(&fold("Quyết định về việc thành lập.pdf")));
        assert!(may_have_marks(&fold("Giấy mời (THƯỢNG KHẨN)")));
        // …and starts with a letter that a stamp line may start with.
        for (phrase, _) in MARK_WORDS {
            assert!(may_start_a_stamp(&fold(&phrase.join(" "))), "{phrase:?}");
        }
        assert!(!may_start_a_stamp("[quyet dinh]"));
        assert!(!may_start_a_stamp("dieu 1. ve viec thanh lap"));
        assert!(!may_start_a_stamp("1. khan"));
        assert!(may_start_a_stamp("\u{2013} khan \u{2013}"));
        assert!(may_start_a_stamp("- do khan: khan"));
    }

    const KHAN: Mark = Mark::Urgency(Urgency::Khan);
    const THUONG_KHAN: Mark = Mark::Urgency(Urgency::ThuongKhan);
    const HOA_TOC: Mark = Mark::Urgency(Urgency::HoaToc);
    const MAT: Mark = Mark::Secrecy(Secrecy::Mat);
    const TOI_MAT: Mark = Mark::Secrecy(Secrecy::ToiMat);
    const TUYET_MAT: Mark = Mark::Secrecy(Secrecy::TuyetMat);

    fn stamp(line: &str) -> Option<Vec<Mark>> {
        stamp_line(line, &fold(line.trim()))
    }

    /// Every line read as a stamp passes `may_start_a_stamp`: the first-word test rejects no
    /// stamp.
    #[test]
    fn the_first_word_test_rejects_no_stamp() {
        use proptest::prelude::*;
        let words = proptest::sample::select(vec![
            "hoa",
            "toc",
            "hen",
            "gio",
            "thuong",
            "khan",
            "tuyet",
            "mat",
            "toi",
            "do",
            "muc",
            "do khan:",
            "do mat:",
            "muc do mat:",
            "khanx",
            "1",
            "ve",
            "ạ",
            "x",
        ]);
        let seps = proptest::sample::select(vec![
            " ", "", "-", "\u{2013}", ",", "/", "+", "&", "*", "[", "]", "(", ")", "_", "\"", "'",
            ".", "!", ":", "<", ">", "\u{2022}", "\u{a0}", "  ",
        ]);
        proptest!(|(parts in proptest::collection::vec((seps.clone(), words, seps), 0..5))| {
            let folded: String = parts.iter().flat_map(|(a, w, b)| [*a, *w, *b]).collect();
            if folded_stamp(&folded).is_some() {
                prop_assert!(may_start_a_stamp(&folded), "{:?}", folded);
            }
        });
    }

    #[test]
    fn draft_stamps() {
        let draft = |l: &str| is_draft_stamp(&fold(l));
        assert!(draft("DỰ THẢO"));
        assert!(draft("(Dự thảo lần 2)"));
        assert!(draft("Dự thảo 3"));
        assert!(!draft("Dự thảo quyết định gửi các sở góp ý"));
        assert!(!draft("THÔNG BÁO"));
    }

    #[test]
    fn stamp_lines() {
        assert_eq!(stamp("THƯỢNG KHẨN"), Some(vec![THUONG_KHAN]));
        assert_eq!(stamp("  TỐI MẬT  "), Some(vec![TOI_MAT]));
        assert_eq!(stamp("[KHAN]"), Some(vec![KHAN]));
        assert_eq!(stamp("MẬT - HỎA TỐC"), Some(vec![MAT, HOA_TOC]));
        assert_eq!(stamp("Độ khẩn: Hỏa tốc"), Some(vec![HOA_TOC]));
        assert_eq!(stamp("Độ mật: Thường"), None);
        // Every mark and field label, behind each kind of wrapper and separator.
        for (text, mark) in [
            ("*TỐI MẬT*", TOI_MAT),
            ("– KHẨN –", KHAN),
            ("\"HỎA TỐC\"", HOA_TOC),
            ("(Mật)", MAT),
            ("_Tuyệt mật_", TUYET_MAT),
            ("<< THƯỢNG KHẨN >>", THUONG_KHAN),
            ("Mức độ mật: Mật", MAT),
            ("- Độ khẩn: Khẩn", KHAN),
            ("Hỏa tốc hẹn giờ", HOA_TOC),
        ] {
            assert_eq!(stamp(text), Some(vec![mark]), "{text}");
        }
    }

    #[test]
    fn prose_is_not_a_mark() {
        assert_eq!(stamp("Đề nghị các đơn vị khẩn trương thực hiện."), None);
        assert_eq!(stamp("Mật khẩu mới: Abc@2026"), None);
        assert_eq!(stamp("Bí mật nhé!"), None);
        assert_eq!(stamp("bảo mật thông tin"), None);
        assert_eq!(subject_prefix("Mật khẩu: sắp hết hạn"), None);
        assert_eq!(
            subject_prefix("Khẩn trương hoàn thành báo cáo - hạn 5/12"),
            None
        );
        assert!(
            subject_anywhere(
                "Khẩn trương báo cáo (trước 15/12)",
                &fold("Khẩn trương báo cáo (trước 15/12)")
            )
            .is_empty()
        );
    }

    #[test]
    fn dash_separated_fields_of_a_subject_are_stamps_when_they_hold_only_marks() {
        assert_eq!(
            subject_anywhere(
                "[LGSP] Văn bản 2544/QĐ-UBND - Hỏa tốc - Tối mật",
                &fold("[LGSP] Văn bản 2544/QĐ-UBND - Hỏa tốc - Tối mật")
            ),
            vec![HOA_TOC, Mark::Secrecy(Secrecy::ToiMat)]
        );
        let prose = "Kế hoạch 12/KH-UBND - Khẩn trương triển khai - Mật khẩu wifi";
        assert!(subject_anywhere(prose, &fold(prose)).is_empty());
        assert_eq!(
            subject_anywhere("Giấy mời họp - KHẨN", &fold("Giấy mời họp - KHẨN")),
            vec![KHAN]
        );
    }

    #[test]
    fn subject_prefixes() {
        let (m, rest) = subject_prefix("[TỐI MẬT] Thượng khẩn: Gửi kế hoạch").unwrap();
        assert_eq!(m, vec![TOI_MAT]);
        let (m2, rest) = subject_prefix(rest).unwrap();
        assert_eq!(m2, vec![THUONG_KHAN]);
        assert_eq!(rest, "Gửi kế hoạch");
        let (m, rest) = subject_prefix("Hoa toc - Cong dien ve viec").unwrap();
        assert_eq!((m, rest), (vec![HOA_TOC], "Cong dien ve viec"));
        assert_eq!(
            subject_anywhere("Giấy mời họp (Khẩn)", &fold("Giấy mời họp (Khẩn)")),
            vec![KHAN]
        );
        assert_eq!(
            subject_anywhere("Giấy mời họp - KHẨN", &fold("Giấy mời họp - KHẨN")),
            vec![KHAN]
        );
    }

    #[test]
    fn file_names() {
        assert_eq!(in_file_name("MAT_12_KH-UBND.pdf"), vec![MAT]);
        assert_eq!(in_file_name("Bao_cao_tuan_HOA_TOC.pdf"), vec![HOA_TOC]);
        assert_eq!(in_file_name("[Khẩn] Giấy mời.pdf"), vec![KHAN]);
        assert_eq!(in_file_name("Hoa_toc_-_Cong_dien_15.pdf"), vec![HOA_TOC]);
        assert!(in_file_name("Mat_khau_wifi.pdf").is_empty());
        assert!(in_file_name("Khan_truong_trien_khai.pdf").is_empty());
    }
}
