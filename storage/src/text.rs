//! Vietnamese text folding.
//!
//! Vietnamese stacks up to two diacritics on a vowel ("ệ" = e + circumflex + dot below) and the
//! same word reaches us in several shapes: precomposed (NFC, what most keyboards produce),
//! decomposed (NFD, what macOS file names and some copy-pastes produce), or typed without any
//! accents at all. Full-text search and address derivation both need one comparable form, so
//! these functions reduce text to its base Latin letters.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
    s.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            // U+0111 / U+0110 have no canonical decomposition: the stroke is part of the letter.
            'đ' => 'd',
            'Đ' | 'Ð' => 'D',
            other => other,
        })
        .nfc()
        .collect()
}

/// Folds text for case- and accent-insensitive matching: [`fold_diacritics`] followed by
/// lowercasing. "Trần THỊ Ngọc Ánh" → "tran thi ngoc anh".
///
/// Folding happens before lowercasing on purpose: lowercasing 'İ' (U+0130) produces
/// "i" + U+0307 COMBINING DOT ABOVE, which would otherwise survive into the key.
pub fn fold_for_search(s: &str) -> String {
    fold_diacritics(s).to_lowercase()
}

/// The form text is indexed and searched in: [`fold_for_search`] with every run of white space
/// (line breaks included) made one space, so that "giấy\r\nmời" is found by "giay moi". IMAP
/// SEARCH compares substrings (RFC 9051 §6.4.4); both the stored text and the searched string go
/// through this function, so the comparison stays a substring test.
pub fn search_form(s: &str) -> String {
    let folded = fold_for_search(s);
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

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
}
