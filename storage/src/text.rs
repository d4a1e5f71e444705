//! Vietnamese text folding.
//!
//! Vietnamese stacks up to two diacritics on a vowel ("ệ" = e + circumflex + dot below) and the
//! same word reaches us in several shapes: precomposed (NFC, what most keyboards produce),
//! decomposed (NFD, what macOS file names and some copy-pastes produce), or typed without any
//! accents at all. Full-text search and address derivation both need one comparable form, so
//! these functions reduce text to its base Latin letters.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};

/// Removes diacritics, keeping letter case: "Nguyễn Văn Đức" → "Nguyen Van Duc".
///
/// Works on precomposed (NFC), decomposed (NFD) and mixed input. The text is decomposed, every
/// combining mark is dropped and the letters that carry a stroke rather than a combining
/// accent are mapped by hand: 'đ' → 'd', 'Đ' → 'D'. The Icelandic capital eth 'Ð' (U+00D0),
/// which looks identical to 'Đ' and is regularly typed in its place by legacy Vietnamese input
/// methods and fonts, is also mapped to 'D'.
///
/// "Combining mark" here is the Unicode general category Mark (Mn, Mc, Me), which covers every
/// Vietnamese accent. For scripts that write vowels with spacing marks (Mc, e.g. Devanagari)
/// those vowels are dropped too; that is acceptable because the result is only used as a
/// search/matching key, never shown back as the "real" text.
///
/// Characters that are not affected (other letters, digits, punctuation, CJK, …) are kept, and
/// the output is recomposed to NFC so that scripts whose NFD form is not built from marks
/// (Hangul syllables, for instance) come back in their usual precomposed shape.
pub fn fold_diacritics(s: &str) -> String {
    // Fast path: pure ASCII has nothing to fold and is by far the most common input
    // (addresses, domain names, already-unaccented names).
    if s.is_ascii() {
        return s.to_owned();
    }
    fold(s, false)
}

/// Folds text for case- and accent-insensitive matching: [`fold_diacritics`] and lowercasing.
/// "Trần THỊ Ngọc Ánh" → "tran thi ngoc anh".
///
/// Each character is folded before it is lowercased on purpose: lowercasing 'İ' (U+0130)
/// produces "i" + U+0307 COMBINING DOT ABOVE, which would otherwise survive into the key.
pub fn fold_for_search(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    fold(s, true)
}

/// First code points of the tables below.
const LATIN_START: u32 = 0xC0;
const EXTENDED_START: u32 = 0x1E00;

/// The ASCII base letter of each character of U+00C0..U+024F (Latin-1 letters, Latin
/// Extended-A and -B) and of U+1E00..U+1EFF (Latin Extended Additional: ạ ả ấ … ỹ), 0 where the
/// base letter is not ASCII; computed once from the canonical decompositions, so that the
/// letters Vietnamese writes fold with one lookup each.
struct Tables {
    latin: Vec<u8>,
    extended: Vec<u8>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| Tables {
    latin: ascii_letters(LATIN_START..=0x24F),
    extended: ascii_letters(EXTENDED_START..=0x1EFF),
});

fn ascii_letters(range: std::ops::RangeInclusive<u32>) -> Vec<u8> {
    range
        .map(|cp| {
            let base = base_letter(cp);
            if base.is_ascii() { base as u8 } else { 0 }
        })
        .collect()
}

/// The letter under the diacritics of `cp`: its canonical decomposition's first character
/// that is not a combining mark.
fn base_letter(cp: u32) -> char {
    let c = char::from_u32(cp).unwrap_or(' ');
    match c {
        // U+0111 / U+0110 have no canonical decomposition: the stroke is part of the letter.
        // The Icelandic capital eth 'Ð' (U+00D0) looks identical to 'Đ' and is regularly typed
        // in its place by legacy Vietnamese input methods and fonts.
        'đ' => 'd',
        'Đ' | 'Ð' => 'D',
        _ => {
            let mut base = None;
            decompose_canonical(c, |d| {
                if base.is_none() && !is_combining_mark(d) {
                    base = Some(d);
                }
            });
            base.unwrap_or(c)
        }
    }
}

/// One pass, character by character, rather than NFD → filter → NFC over the whole string:
/// the marks are all dropped, so their canonical order does not matter, and what remains is
/// already composed except for Hangul, handled below. This runs on every message body at
/// delivery (recognition, the search index), so it is kept cheap.
fn fold(s: &str, lower: bool) -> String {
    // Built as bytes: pushing ASCII to a String goes through char encoding each time.
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut jamo = false;
    let push = |out: &mut Vec<u8>, c: char| {
        if c.is_ascii() {
            let b = c as u8;
            out.push(if lower { b.to_ascii_lowercase() } else { b });
        } else if !lower {
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        } else {
            // Only U+0130 lowercases to more than one character, and it was folded to "I".
            for l in c.to_lowercase().filter(|l| !is_combining_mark(*l)) {
                out.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    };
    // The tables once per call, not once per letter.
    let tables = &*TABLES;
    let case = if lower { 0x20 } else { 0 };
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, most of a Vietnamese text too, is copied eight bytes at a time where eight
        // remain, up to the first non-ASCII byte: the eight are written, then the length cut.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            let ascii = match w & HIGH_BITS {
                0 => 8,
                high => (high.trailing_zeros() / 8) as usize,
            };
            if ascii > 0 {
                let w = if lower { ascii_lowercase(w) } else { w };
                let len = out.len();
                out.extend_from_slice(&w.to_le_bytes());
                out.truncate(len + ascii);
                i += ascii;
                continue;
            }
        } else if b.is_ascii() {
            out.push(if lower { b.to_ascii_lowercase() } else { b });
            i += 1;
            continue;
        }
        // The letters Vietnamese writes, read from their UTF-8 bytes: two bytes from C3 (U+00C0
        // to U+024F), three from E1 B8..BB (U+1E00 to U+1EFF); the combining marks U+0300 to
        // U+036F, two bytes from CC or CD, are dropped.
        let next = bytes.get(i + 1).map_or(0, |&n| u32::from(n & 0x3F));
        let (letter, len) = match b {
            0xC3..=0xC9 => {
                let cp = (u32::from(b & 0x1F) << 6) | next;
                (tables.latin.get((cp - LATIN_START) as usize), 2)
            }
            0xCC | 0xCD if bytes.get(i + 1).is_some_and(|&n| (b == 0xCC) || n <= 0xAF) => {
                i += 2;
                continue;
            }
            0xE1 if matches!(bytes.get(i + 1), Some(0xB8..=0xBB)) => {
                let third = bytes.get(i + 2).map_or(0, |&n| u32::from(n & 0x3F));
                let cp = 0x1000 | (next << 6) | third;
                (tables.extended.get((cp - EXTENDED_START) as usize), 3)
            }
            _ => (None, 0),
        };
        if let Some(&a) = letter.filter(|&&a| a != 0) {
            out.push(if a.is_ascii_uppercase() { a | case } else { a });
            i += len;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let cp = c as u32;
        match c {
            // Combining diacritical marks (decomposed input).
            '\u{300}'..='\u{36F}' => {}
            '\u{C0}'..='\u{24F}' => push(&mut out, base_letter(cp)),
            '\u{1E00}'..='\u{1EFF}' => push(&mut out, base_letter(cp)),
            // Hangul syllables decompose into conjoining jamo, not marks: keep them whole.
            '\u{AC00}'..='\u{D7A3}' => push(&mut out, c),
            c => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    jamo |= ('\u{1100}'..='\u{11FF}').contains(&d);
                    push(&mut out, d);
                }
            }),
        }
    }
    // Only whole characters were pushed, so this always succeeds; the lossy form keeps the
    // function total without an unwrap.
    let out = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if jamo {
        // Decomposed Hangul in the input: compose it, as NFC would.
        out.nfc().collect()
    } else {
        out
    }
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Lowercases the eight ASCII bytes of `w` at once: a byte gets 0x20 added when it is in
/// 'A'..='Z'. Adding 0x3F (0x80 - 'A') sets a byte's high bit when it is 'A' or above, adding
/// 0x25 (0x80 - 'Z' - 1) when it is above 'Z'; no byte carries into the next, all being < 0x80.
fn ascii_lowercase(w: u64) -> u64 {
    let at_least_a = w.wrapping_add(0x3F3F_3F3F_3F3F_3F3F);
    let above_z = w.wrapping_add(0x2525_2525_2525_2525);
    let upper = at_least_a & !above_z & HIGH_BITS;
    w | (upper >> 2)
}

/// The form text is indexed and searched in: [`fold_for_search`] with every run of white space
/// (line breaks included) made one space, so that "giấy\r\nmời" is found by "giay moi". IMAP
/// SEARCH compares substrings (RFC 9051 §6.4.4); both the stored text and the searched string go
/// through this function, so the comparison stays a substring test.
pub fn search_form(s: &str) -> String {
    let folded = fold_for_search(s);
    let bytes = folded.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut space = false;
    let mut i = 0;
    // Byte by byte, copying each run of text whole: most of a body is ASCII, and a character
    // is decoded only at a non-ASCII byte, to ask whether it is white space (U+00A0, U+3000…).
    while let Some(&b) = bytes.get(i) {
        let len = if b.is_ascii() {
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                space = true;
                i += 1;
                continue;
            }
            1
        } else {
            match folded.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if c.is_whitespace() => {
                    space = true;
                    i += c.len_utf8();
                    continue;
                }
                Some(c) => c.len_utf8(),
                // Not reached: `i` stays on character boundaries.
                None => break,
            }
        };
        if space && !out.is_empty() {
            out.push(b' ');
        }
        space = false;
        // The rest of this run of ASCII text that is not white space, copied at once.
        let run = bytes[i + len..]
            .iter()
            .position(|&c| !c.is_ascii_graphic())
            .map_or(bytes.len(), |p| i + len + p);
        out.extend_from_slice(&bytes[i..run]);
        i = run;
    }
    // Whole characters of a String were copied, so this always succeeds.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The i;unicode-casemap collation key (RFC 5051 §2), which IMAP SORT compares (RFC 5256 §7): each character replaced by its titlecase, then by its
/// full decomposition (canonical and compatibility mappings of UnicodeData, applied
/// recursively); the results compare as UTF-8 octets. Titlecase is the simple (one character)
/// mapping: Rust's uppercase where it is one character, except the digraphs (ǆ → ǅ) and
/// Georgian Mkhedruli, whose titlecase is themselves; a character whose uppercase is several
/// (ß → SS) has no simple titlecase and stays.
pub fn unicode_casemap(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        decompose_compatible(titlecase(c), |d| out.push(d));
    }
    out
}

fn titlecase(c: char) -> char {
    match c {
        '\u{01C4}'..='\u{01C6}' => '\u{01C5}',
        '\u{01C7}'..='\u{01C9}' => '\u{01C8}',
        '\u{01CA}'..='\u{01CC}' => '\u{01CB}',
        '\u{01F1}'..='\u{01F3}' => '\u{01F2}',
        '\u{10D0}'..='\u{10FA}' | '\u{10FD}'..='\u{10FF}' => c,
        _ => {
            let mut upper = c.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// Folding by the definition: each character decomposed (NFD), its marks dropped, 'đ'/'Đ'/'Ð'
    /// mapped by hand, lowercased, then recomposed. The fast paths of `fold` must agree.
    fn folded_by_definition(s: &str, lower: bool) -> String {
        let mut out = String::new();
        for c in s.chars() {
            let bases: String = match c {
                'đ' => "d".into(),
                'Đ' | 'Ð' => "D".into(),
                _ => c.nfd().filter(|d| !is_combining_mark(*d)).collect(),
            };
            for b in bases.chars() {
                if lower {
                    out.extend(b.to_lowercase().filter(|l| !is_combining_mark(*l)));
                } else {
                    out.push(b);
                }
            }
        }
        out.nfc().collect()
    }

    #[test]
    fn every_latin_letter_folds_as_defined_wherever_it_stands() {
        // Each letter of the ranges read through tables, the combining marks and their
        // neighbours, after 0 to 9 ASCII bytes (the ASCII is copied eight bytes at a time), in
        // upper and lower case, precomposed and decomposed.
        let letters = ('\u{A0}'..='\u{3FF}').chain('\u{1E00}'..='\u{1EFF}');
        for c in letters {
            for prefix in 0..10 {
                let ascii = &"Ab Cd-Ef.Gh"[..prefix];
                for s in [
                    format!("{ascii}{c}Xy"),
                    format!("{ascii}{c}"),
                    format!("{ascii}{}z", c.to_string().nfd()),
                ] {
                    assert_eq!(fold_for_search(&s), folded_by_definition(&s, true), "{s:?}");
                    assert_eq!(
                        fold_diacritics(&s),
                        folded_by_definition(&s, false),
                        "{s:?}"
                    );
                }
            }
        }
        let text =
            "QUYẾT ĐỊNH Về việc thành lập Tổ công tác; Căn cứ Luật Tổ chức chính quyền địa phương";
        assert_eq!(fold_for_search(text), folded_by_definition(text, true));
        assert_eq!(
            fold_for_search(text),
            "quyet dinh ve viec thanh lap to cong tac; can cu luat to chuc chinh quyen dia phuong"
        );
    }

    #[test]
    fn folds_precomposed_vietnamese() {
        assert_eq!(fold_diacritics("Nguyễn Văn Đức"), "Nguyen Van Duc");
        assert_eq!(fold_diacritics("Trần Thị Ngọc Ánh"), "Tran Thi Ngoc Anh");
        assert_eq!(fold_diacritics("Hòa Bình"), "Hoa Binh");
    }

    #[test]
    fn folds_decomposed_vietnamese() {
        let nfd: String = "Nguyễn Văn Đức".nfd().collect();
        assert_ne!(
            nfd, "Nguyễn Văn Đức",
            "test input must really be decomposed"
        );
        assert_eq!(fold_diacritics(&nfd), "Nguyen Van Duc");
    }

    #[test]
    fn folds_mixed_normalisation_forms() {
        // "TRƯỜNG": precomposed Ư and Ơ, combining grave. "đường": precomposed ư, then
        // o + combining horn + combining grave.
        let mixed = "TR\u{01AF}\u{01A0}\u{0300}NG \u{0111}\u{01B0}o\u{031B}\u{0300}ng";
        assert_eq!(fold_diacritics(mixed), "TRUONG duong");
    }

    #[test]
    fn folds_every_vietnamese_vowel() {
        let lower = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        let upper = lower.to_uppercase();
        let expected_lower = [
            "a".repeat(18),
            "e".repeat(12),
            "i".repeat(6),
            "o".repeat(18),
            "u".repeat(12),
            "y".repeat(6),
            "d".to_owned(),
        ]
        .concat();
        assert_eq!(fold_diacritics(lower), expected_lower);
        assert_eq!(fold_diacritics(&upper), expected_lower.to_uppercase());
    }

    /// The one-pass fold gives what decomposing, dropping every mark and recomposing gives,
    /// for every character of the Basic Multilingual Plane (alone and after a letter).
    #[test]
    fn one_pass_fold_equals_decompose_filter_recompose() {
        let reference = |s: &str| -> String {
            s.nfd()
                .filter(|&c| !is_combining_mark(c))
                .map(|c| match c {
                    'đ' => 'd',
                    'Đ' | 'Ð' => 'D',
                    other => other,
                })
                .nfc()
                .collect()
        };
        for cp in 0x80..=0xFFFF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for text in [c.to_string(), format!("a{c}b")] {
                assert_eq!(fold_diacritics(&text), reference(&text), "U+{cp:04X}");
                assert_eq!(
                    fold_for_search(&text),
                    reference(&text)
                        .chars()
                        .flat_map(char::to_lowercase)
                        .filter(|l| !is_combining_mark(*l))
                        .collect::<String>(),
                    "U+{cp:04X}"
                );
            }
        }
    }

    #[test]
    fn maps_look_alike_eth_to_d() {
        assert_eq!(fold_diacritics("\u{00D0}\u{1ED7}"), "Do");
    }

    #[test]
    fn keeps_case_digits_punctuation_and_other_scripts() {
        assert_eq!(fold_diacritics("Số 12/QĐ-UBND"), "So 12/QD-UBND");
        assert_eq!(fold_diacritics("ASCII only, 100%"), "ASCII only, 100%");
        assert_eq!(fold_diacritics("北京"), "北京");
        // Hangul decomposes into conjoining jamo (not marks); it must come back composed.
        assert_eq!(fold_diacritics("한국"), "한국");
        let jamo: String = "한국".nfd().collect();
        assert_ne!(jamo, "한국");
        assert_eq!(fold_diacritics(&jamo), "한국");
        assert_eq!(fold_diacritics(""), "");
    }

    #[test]
    fn folds_other_latin_accents() {
        assert_eq!(
            fold_diacritics("Crème brûlée, Ångström, naïve"),
            "Creme brulee, Angstrom, naive"
        );
    }

    #[test]
    fn search_folding_lowercases() {
        assert_eq!(fold_for_search("Trần THỊ Ngọc Ánh"), "tran thi ngoc anh");
        assert_eq!(fold_for_search("ĐÀ NẴNG"), "da nang");
        assert_eq!(fold_for_search("\u{00D0}ỗ"), "do");
    }

    #[test]
    fn search_form_collapses_white_space() {
        assert_eq!(search_form("  Giấy\r\n\tMỜI  họp "), "giay moi hop");
        assert_eq!(search_form(""), "");
        assert_eq!(
            search_form("a\u{a0}b\u{3000}\u{2028}c\x0bd\x1fe"),
            "a b c d\x1fe"
        );
        assert_eq!(search_form("\u{3000}Ấ\u{85}"), "a");
    }

    /// The byte-wise `search_form` equals its definition: every run of white space (as
    /// `char::is_whitespace` says) one space, none at either end.
    #[test]
    fn search_form_matches_its_definition() {
        use proptest::prelude::*;
        let by_definition = |s: &str| {
            fold_for_search(s)
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let alphabet = proptest::sample::select(vec![
            'a', 'Z', ' ', '\t', '\r', '\n', '\x0b', '\x0c', '\x1f', '~', 'Đ', 'ấ', 'Ệ', '\u{a0}',
            '\u{85}', '\u{2000}', '\u{3000}', '\u{300}', '한', '\u{1100}', '\u{1161}', '😀',
        ]);
        proptest!(|(chars in proptest::collection::vec(alphabet, 0..40))| {
            let s: String = chars.into_iter().collect();
            prop_assert_eq!(search_form(&s), by_definition(&s));
        });
    }

    #[test]
    fn search_folding_of_dotted_capital_i_leaves_no_mark() {
        assert_eq!(fold_for_search("\u{0130}stanbul"), "istanbul");
    }

    #[test]
    fn search_folding_is_form_independent() {
        let nfc = "Hộp thư đơn vị";
        let nfd: String = nfc.nfd().collect();
        assert_eq!(fold_for_search(nfc), fold_for_search(&nfd));
        assert_eq!(fold_for_search(nfc), "hop thu don vi");
    }

    /// RFC 5051: titlecase, then full decomposition; compared as octets.
    #[test]
    fn unicode_casemap_titlecases_and_decomposes() {
        assert_eq!(unicode_casemap("anh Hùng"), "ANH HU\u{300}NG");
        assert_eq!(unicode_casemap("Anh hùng"), unicode_casemap("ANH HÙNG"));
        // NFC and NFD input meet.
        assert_eq!(
            unicode_casemap("Nguy\u{1ec5}n"),
            unicode_casemap("Nguye\u{302}\u{303}n")
        );
        // Diacritics are kept, after the base letter: "Ánh" sorts after every "Anh…".
        assert!(unicode_casemap("Anh z") < unicode_casemap("Ánh a"));
        assert!(unicode_casemap("Ánh") < unicode_casemap("B"));
        // đ has no decomposition: its titlecase Đ (U+0110) sorts after Z.
        assert_eq!(unicode_casemap("đơn"), "\u{110}O\u{31b}N");
        // Simple mappings only: ß keeps (its uppercase is two letters), digraphs titlecase,
        // compatibility decompositions apply (the ligature ﬁ becomes "fi", not titlecased).
        assert_eq!(unicode_casemap("straße"), "STRAßE");
        assert_eq!(unicode_casemap("ǆ"), "Dz\u{30c}");
        assert_eq!(unicode_casemap("ﬁle"), "fiLE");
    }
}
