//! Text in TCVN3 (TCVN 5712:1993, the "ABC" encoding of the .VnTime fonts), as it reaches mail.
//!
//! Agencies kept writing documents in .VnTime fonts long after Unicode became the standard
//! (Quyết định 72/2002/QĐ-TTg): the letters are one byte each, and the font draws them. Text
//! pasted from such a file into a mail client keeps the bytes and loses the font, so it is
//! sent as Windows-1252 or Latin-1 and reads "Sè: 64/Q§-UBND", "QuyÕt ®Þnh" for "Số:
//! 64/QĐ-UBND", "Quyết định". The .VnTimeH fonts draw capitals from the small letters' codes,
//! so a capital with a tone mark arrives as the small letter.
//!
//! A text is taken for TCVN3 when several of the signs Latin-1 has where TCVN3 has Vietnamese
//! letters (§ ® ¸ · µ ¶ ¹ « ¬ ª © …) stand against a letter, and it holds no letter that only
//! Unicode Vietnamese has (ă đ ơ ư, ạ … ỹ): then it is decoded, character for character.

/// Signs standing against a letter that make a text TCVN3.
const SIGNS: usize = 4;
/// The signs looked at before giving up: bounds the work on text with many Latin-1 signs.
const LOOKS: usize = 64;

/// TCVN3 codes 0xA1–0xFE and the letters they stand for (0 where the code is no letter).
const TABLE: [char; 94] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', // A1–AE
    '\0', '\0', '\0', '\0', '\0', '\0', // AF–B4
    'à', 'ả', 'ã', 'á', 'ạ', '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', // B5–BE
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', // BF–C5
    'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', '\0', 'ẻ', 'ẽ', // C6–CF
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', '\0', // D0–D9
    '\0', '\0', 'ĩ', 'í', 'ị', 'ò', '\0', 'ỏ', 'õ', 'ó', // DA–E3
    'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', // E4–ED
    'ợ', 'ù', '\0', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', // EE–F7
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', // F8–FE
];

fn letter(c: char) -> Option<char> {
    let i = u32::from(c).checked_sub(0xA1)?;
    TABLE
        .get(usize::try_from(i).ok()?)
        .copied()
        .filter(|&l| l != '\0')
}

/// `text` decoded from TCVN3 when it is TCVN3 read as Latin-1, else unchanged.
pub(crate) fn decoded(text: String) -> String {
    if !is_tcvn3(&text) {
        return text;
    }
    text.chars().map(|c| letter(c).unwrap_or(c)).collect()
}

/// Whether `text` is TCVN3 read as Latin-1 (see the module documentation).
fn is_tcvn3(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The signs are U+00A1–U+00BE, written C2 A1–C2 BE: most text has no C2 byte at all, or
    // only the C2 A0 of a no-break space.
    let mut signs = 0;
    for at in memchr::memchr_iter(0xC2, bytes).take(LOOKS) {
        let sign = bytes.get(at + 1).and_then(|&b| {
            let c = char::from_u32(u32::from(b))?;
            letter(c)
        });
        let against_letter = bytes
            .get(at.wrapping_sub(1))
            .is_some_and(u8::is_ascii_alphabetic)
            || bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic);
        if sign.is_some() && against_letter {
            signs += 1;
            if signs == SIGNS {
                break;
            }
        }
    }
    // Letters only Unicode Vietnamese has: Latin Extended-A/B (ă đ ĩ ũ ơ ư, C4–C6) and Latin
    // Extended Additional (ạ … ỹ, E1 BA–BB).
    signs == SIGNS
        && memchr::memchr3(0xC4, 0xC5, 0xC6, bytes).is_none()
        && memchr::memmem::find(bytes, b"\xE1\xBA").is_none()
        && memchr::memmem::find(bytes, b"\xE1\xBB").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TCVN 5712:1993 VN3: "Số: 64/QĐ-UBND", "Quyết định", the national motto.
    #[test]
    fn tcvn3_read_as_latin1_is_decoded() {
        let pasted = "C\u{E9}NG H\u{DF}A X\u{B7} H\u{E9}I CH\u{F1} NGH\u{DC}A VI\u{D6}T NAM\n\
                      \u{A7}\u{E9}c l\u{CB}p - T\u{F9} do - H\u{B9}nh ph\u{F3}c\n\
                      S\u{E8}: 64/Q\u{A7}-UBND\nQuy\u{D5}t \u{AE}\u{DE}nh th\u{B5}nh l\u{CB}p";
        assert_eq!(
            decoded(pasted.to_owned()),
            "CộNG HòA Xã HộI CHủ NGHĩA VIệT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
             Số: 64/QĐ-UBND\nQuyết định thành lập"
        );
    }

    /// Unicode Vietnamese, and Latin-1 text with a few signs, stay as they are.
    #[test]
    fn other_text_is_left_alone() {
        for text in [
            "Quyết định số 64/QĐ-UBND © 2027 «trích»",
            "Café Müller, prix: 12 € ; § 5 Abs. 2; Microsoft® Word",
            "Sè: 64/Q§-UBND và Tiếng Việt",
        ] {
            assert_eq!(decoded(text.to_owned()), text);
        }
    }
}
