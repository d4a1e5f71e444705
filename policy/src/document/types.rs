//! The document types: the 29 kinds of văn bản hành chính of Nghị định 30/2020/NĐ-CP Điều 7
//! (with their abbreviations from Phụ lục III), plus meeting papers and work schedules, which
//! agencies exchange electronically under Quyết định 45/2018/QĐ-TTg.
//!
//! Everything the recogniser knows about a type is in [`TYPES`], one row per type, so that a
//! new type or a changed rule (the mandatory list is a national decision that changes) is one
//! edit in one place.

use serde::Serialize;

use super::number::{Context, context_of_folded};

/// A kind of official document. The serialised form is the type's id (`"giay-moi"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    NghiQuyet,
    QuyetDinh,
    ChiThi,
    QuyChe,
    QuyDinh,
    ThongCao,
    ThongBao,
    HuongDan,
    ChuongTrinh,
    KeHoach,
    PhuongAn,
    DeAn,
    DuAn,
    BaoCao,
    BienBan,
    ToTrinh,
    HopDong,
    CongVan,
    CongDien,
    BanGhiNho,
    BanThoaThuan,
    GiayUyQuyen,
    GiayMoi,
    GiayGioiThieu,
    GiayNghiPhep,
    PhieuGui,
    PhieuChuyen,
    PhieuBao,
    ThuCong,
    TaiLieuHop,
    LichCongTac,
}

/// One row of the type table.
#[derive(Debug)]
pub struct TypeInfo {
    pub doc_type: DocType,
    /// Stable id, used in labels, reports and headers.
    pub id: &'static str,
    /// The Vietnamese name as ND30 writes it.
    pub name: &'static str,
    /// The ways the name is written, folded (no diacritics, lowercase). The first is the name
    /// itself; the others are the usual variants.
    pub names: &'static [&'static str],
    /// When not empty, a name only counts if one of these folded words follows it within a few
    /// words ("tài liệu" is only meeting papers when a meeting is named).
    pub followed_by: &'static [&'static str],
    /// Abbreviations used in the số/ký hiệu (ND30 Phụ lục III), with their Vietnamese letters.
    /// Empty for types whose symbol is not an abbreviation (công văn) or which have no number.
    pub abbreviations: &'static [&'static str],
    /// Must be exchanged electronically (see [`TypeInfo::mandatory`] users in `mod.rs`).
    pub mandatory: bool,
    /// Carries a số/ký hiệu of its own.
    pub numbered: bool,
}

const fn row(
    doc_type: DocType,
    id: &'static str,
    name: &'static str,
    names: &'static [&'static str],
    abbreviations: &'static [&'static str],
    mandatory: bool,
) -> TypeInfo {
    TypeInfo {
        doc_type,
        id,
        name,
        names,
        followed_by: &[],
        abbreviations,
        mandatory,
        numbered: true,
    }
}

/// The table, in [`DocType`] declaration order (checked at compile time).
///
/// `mandatory` follows the Văn phòng Chính phủ list of documents sent electronically without
/// paper (after 11796/VPCP-KSTT), the internal documents of Chỉ thị 15/CT-TTg and meeting
/// papers under Quyết định 45/2018/QĐ-TTg. Secret-marked documents are never mandatory; that
/// rule is applied by the caller, not here.
pub const TYPES: &[TypeInfo] = &[
    row(
        DocType::NghiQuyet,
        "nghi-quyet",
        "Nghị quyết",
        &["nghi quyet"],
        &["NQ"],
        true,
    ),
    row(
        DocType::QuyetDinh,
        "quyet-dinh",
        "Quyết định",
        &["quyet dinh"],
        &["QĐ"],
        true,
    ),
    row(
        DocType::ChiThi,
        "chi-thi",
        "Chỉ thị",
        &["chi thi"],
        &["CT"],
        true,
    ),
    row(
        DocType::QuyChe,
        "quy-che",
        "Quy chế",
        &["quy che"],
        &["QC"],
        true,
    ),
    row(
        DocType::QuyDinh,
        "quy-dinh",
        "Quy định",
        &["quy dinh"],
        &["QyĐ"],
        true,
    ),
    row(
        DocType::ThongCao,
        "thong-cao",
        "Thông cáo",
        &["thong cao"],
        &["TC"],
        true,
    ),
    row(
        DocType::ThongBao,
        "thong-bao",
        "Thông báo",
        &["thong bao"],
        &["TB"],
        true,
    ),
    row(
        DocType::HuongDan,
        "huong-dan",
        "Hướng dẫn",
        &["huong dan"],
        &["HD"],
        true,
    ),
    row(
        DocType::ChuongTrinh,
        "chuong-trinh",
        "Chương trình",
        &["chuong trinh"],
        &["CTr"],
        true,
    ),
    row(
        DocType::KeHoach,
        "ke-hoach",
        "Kế hoạch",
        &["ke hoach"],
        &["KH"],
        true,
    ),
    row(
        DocType::PhuongAn,
        "phuong-an",
        "Phương án",
        &["phuong an"],
        &["PA"],
        true,
    ),
    row(DocType::DeAn, "de-an", "Đề án", &["de an"], &["ĐA"], true),
    row(DocType::DuAn, "du-an", "Dự án", &["du an"], &["DA"], true),
    row(
        DocType::BaoCao,
        "bao-cao",
        "Báo cáo",
        &["bao cao"],
        &["BC"],
        true,
    ),
    row(
        DocType::BienBan,
        "bien-ban",
        "Biên bản",
        &["bien ban"],
        &["BB"],
        false,
    ),
    row(
        DocType::ToTrinh,
        "to-trinh",
        "Tờ trình",
        &["to trinh"],
        &["TTr"],
        true,
    ),
    row(
        DocType::HopDong,
        "hop-dong",
        "Hợp đồng",
        &["hop dong"],
        &["HĐ"],
        false,
    ),
    // ND30 Phụ lục I II.3 and II.5: a công văn has no type name; its symbol is issuing body +
    // drafting unit, and its summary line starts with "V/v".
    row(
        DocType::CongVan,
        "cong-van",
        "Công văn",
        &["cong van", "v/v"],
        &[],
        true,
    ),
    row(
        DocType::CongDien,
        "cong-dien",
        "Công điện",
        &["cong dien"],
        &["CĐ"],
        true,
    ),
    row(
        DocType::BanGhiNho,
        "ban-ghi-nho",
        "Bản ghi nhớ",
        &["ban ghi nho"],
        &["BGN"],
        false,
    ),
    row(
        DocType::BanThoaThuan,
        "ban-thoa-thuan",
        "Bản thỏa thuận",
        &["ban thoa thuan"],
        &["BTT"],
        false,
    ),
    row(
        DocType::GiayUyQuyen,
        "giay-uy-quyen",
        "Giấy ủy quyền",
        &["giay uy quyen"],
        &["GUQ"],
        true,
    ),
    row(
        DocType::GiayMoi,
        "giay-moi",
        "Giấy mời",
        &["giay moi"],
        &["GM"],
        true,
    ),
    row(
        DocType::GiayGioiThieu,
        "giay-gioi-thieu",
        "Giấy giới thiệu",
        &["giay gioi thieu"],
        &["GGT"],
        false,
    ),
    row(
        DocType::GiayNghiPhep,
        "giay-nghi-phep",
        "Giấy nghỉ phép",
        &["giay nghi phep"],
        &["GNP"],
        false,
    ),
    row(
        DocType::PhieuGui,
        "phieu-gui",
        "Phiếu gửi",
        &["phieu gui"],
        &["PG"],
        true,
    ),
    row(
        DocType::PhieuChuyen,
        "phieu-chuyen",
        "Phiếu chuyển",
        &["phieu chuyen"],
        &["PC"],
        true,
    ),
    row(
        DocType::PhieuBao,
        "phieu-bao",
        "Phiếu báo",
        &["phieu bao"],
        &["PB"],
        true,
    ),
    // A thư công is named by its purpose (thư cảm ơn, thư chúc mừng, …) and has no number.
    // "Thư mời" is deliberately absent: it is how invitations to birthdays and webinars are
    // titled, and an agency's invitation is a Giấy mời.
    TypeInfo {
        doc_type: DocType::ThuCong,
        id: "thu-cong",
        name: "Thư công",
        names: &[
            "thu cam on",
            "thu chuc mung",
            "thu tham hoi",
            "thu chia buon",
            "thu ngo",
            "thu khen",
        ],
        followed_by: &[],
        abbreviations: &[],
        mandatory: false,
        numbered: false,
    },
    // Meeting papers are sent under the meeting's Giấy mời and have no number of their own.
    TypeInfo {
        doc_type: DocType::TaiLieuHop,
        id: "tai-lieu-hop",
        name: "Tài liệu họp",
        names: &["tai lieu"],
        followed_by: &[
            "hop",
            "hoi nghi",
            "giao ban",
            "hoi thao",
            "toa dam",
            "phien",
            "chat van",
            "giai trinh",
        ],
        abbreviations: &[],
        mandatory: true,
        numbered: false,
    },
    TypeInfo {
        doc_type: DocType::LichCongTac,
        id: "lich-cong-tac",
        name: "Lịch công tác",
        names: &["lich cong tac", "lich lam viec"],
        followed_by: &[],
        abbreviations: &[],
        mandatory: true,
        numbered: false,
    },
];

// TYPES has one row per DocType, in declaration order, so that `DocType::info` can index it.
const _: () = {
    assert!(TYPES.len() == DocType::LichCongTac as usize + 1);
    let mut i = 0;
    while i < TYPES.len() {
        assert!(TYPES[i].doc_type as usize == i);
        i += 1;
    }
};

/// How many words after a name a `followed_by` word may appear.
const FOLLOW_WINDOW: usize = 8;

impl DocType {
    /// This type's row of [`TYPES`].
    pub fn info(self) -> &'static TypeInfo {
        // Cannot go out of bounds or hit another type's row: checked at compile time below.
        &TYPES[self as usize]
    }

    /// The stable id, e.g. `"giay-moi"`.
    pub fn as_id(self) -> &'static str {
        self.info().id
    }

    /// The Vietnamese name, e.g. "Giấy mời".
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether documents of this type must be exchanged electronically.
    pub fn is_mandatory(self) -> bool {
        self.info().mandatory
    }

    /// Looks a type up by its id.
    pub fn from_id(id: &str) -> Option<DocType> {
        TYPES.iter().find(|t| t.id == id).map(|t| t.doc_type)
    }

    /// The type whose ký hiệu abbreviation this is (`"QĐ"` → Quyết định). Exact match: `HD`
    /// (Hướng dẫn) and `HĐ` (Hợp đồng) are different types.
    pub fn from_abbreviation(abbr: &str) -> Option<DocType> {
        // Compared as numbers: this runs for every ký hiệu group read.
        let key = abbreviation_key(abbr)?;
        ABBREVIATIONS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, t)| t)
    }
}

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_id())
    }
}

/// The bytes of an abbreviation (at most four, "QyĐ") with its length, as one number; None
/// for a longer text, which is no abbreviation.
fn abbreviation_key(abbr: &str) -> Option<u64> {
    let bytes = abbr.as_bytes();
    if bytes.len() > 4 {
        return None;
    }
    let mut key = [0u8; 8];
    key[..bytes.len()].copy_from_slice(bytes);
    key[7] = bytes.len() as u8;
    Some(u64::from_le_bytes(key))
}

/// Every abbreviation of [`TYPES`] as its [`abbreviation_key`], with its type, in the table's
/// order.
static ABBREVIATIONS: std::sync::LazyLock<Vec<(u64, DocType)>> = std::sync::LazyLock::new(|| {
    TYPES
        .iter()
        .flat_map(|t| t.abbreviations.iter().map(move |a| (a, t.doc_type)))
        .filter_map(|(a, t)| Some((abbreviation_key(a)?, t)))
        .collect()
});

/// A letter or digit. Vietnamese letters are answered from their blocks without the general
/// Unicode table lookup, which showed in the recogniser's profile.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        c if c.is_ascii() => false,
        // Latin-1 letters (not × ÷), Latin Extended-A and -B, Latin Extended Additional (ạ…ỹ).
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        c => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic`, with the letters Vietnamese writes answered from their blocks: the
/// general Unicode table lookup of a Vietnamese capital showed in the recogniser's profile.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        c if c.is_ascii() => false,
        // Latin-1 letters (not × ÷), Latin Extended-A and -B, Latin Extended Additional (ạ…ỹ).
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        c => c.is_alphabetic(),
    }
}

/// True when `folded[at..]` starts with `word` as a whole word.
pub(crate) fn word_at(folded: &str, at: usize, word: &str) -> bool {
    folded.get(at..).is_some_and(|rest| rest.starts_with(word))
        && folded
            .get(at + word.len()..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| !is_word_char(c))
}

/// The first of `phrases` (folded, each starting with a letter or digit) that stands in
/// `folded` as whole words: not inside a longer word on either side. One pass over the word
/// starts of `folded`, each compared with the phrases that begin with its byte.
pub(crate) fn find_phrase<'a>(folded: &str, phrases: &[&'a str]) -> Option<&'a str> {
    let mut in_word = false;
    for (at, c) in folded.char_indices() {
        let word = is_word_char(c);
        if word && !in_word {
            let first = folded.as_bytes()[at];
            if let Some(p) = phrases
                .iter()
                .find(|p| p.as_bytes().first() == Some(&first) && word_at(folded, at, p))
            {
                return Some(p);
            }
        }
        in_word = word;
    }
    None
}

/// The types' names by their first byte, each with its row, in the order of [`TYPES`]: the
/// names a text starting with that byte can start with. Most bytes have none.
static NAMES_BY_FIRST: std::sync::LazyLock<Vec<Vec<(&'static TypeInfo, &'static str)>>> =
    std::sync::LazyLock::new(|| {
        let mut by_first: Vec<Vec<(&'static TypeInfo, &'static str)>> = vec![Vec::new(); 256];
        for info in TYPES {
            for &name in info.names {
                if let Some(&first) = name.as_bytes().first() {
                    by_first[usize::from(first)].push((info, name));
                }
            }
        }
        by_first
    });

/// The type named at the very start of `folded` (folded text, see `text::fold`), with the
/// byte length of the name. The longest name wins ("thông cáo" is not "thông").
pub(crate) fn type_at_start(folded: &str) -> Option<(DocType, usize)> {
    let mut best: Option<(DocType, usize)> = None;
    // Only names starting with this byte can match, and most lines start with none of them.
    let first = folded.as_bytes().first()?;
    for &(info, name) in &NAMES_BY_FIRST[usize::from(*first)] {
        if !word_at(folded, 0, name) {
            continue;
        }
        if !info.followed_by.is_empty() && !followed_within(&folded[name.len()..], info) {
            continue;
        }
        if best.is_none_or(|(_, len)| name.len() > len) {
            best = Some((info.doc_type, name.len()));
        }
    }
    best
}

fn followed_within(rest: &str, info: &TypeInfo) -> bool {
    let words: Vec<&str> = rest
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(FOLLOW_WINDOW + 1)
        .collect();
    (0..words.len().min(FOLLOW_WINDOW)).any(|i| {
        info.followed_by.iter().any(|f| {
            let parts: Vec<&str> = f.split(' ').collect();
            words.get(i..i + parts.len()) == Some(&parts[..])
        })
    })
}

/// The verbs with which a cover note says it carries a document: "gửi", "ban hành", "phát
/// hành", "gửi kèm (theo)", "đính kèm" (folded), each with its searcher, made once. "Kính gửi"
/// (the salutation) is not one.
static SEND_VERBS: std::sync::LazyLock<[(&str, memchr::memmem::Finder<'static>); 4]> =
    std::sync::LazyLock::new(|| {
        ["gui", "ban hanh", "phat hanh", "dinh kem"]
            .map(|verb| (verb, memchr::memmem::Finder::new(verb)))
    });

/// Where the verbs of [`SEND_VERBS`] stand in `folded`, in order.
fn verb_places(folded: &[u8]) -> Vec<(usize, &'static str)> {
    let mut places: Vec<(usize, &'static str)> = SEND_VERBS
        .iter()
        .flat_map(|(verb, finder)| finder.find_iter(folded).map(move |at| (at, *verb)))
        .collect();
    places.sort_unstable();
    places
}

/// What a cover note says it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sending {
    pub doc_type: DocType,
    /// The byte offset of the verb in the folded text.
    pub at: usize,
    /// "gửi dự thảo Quyết định …": a draft of a document of that type, not the document.
    pub draft: bool,
}

/// The first document a cover note says it sends ("… trân trọng gửi giấy mời …"). A verb
/// that asks for a document ("đề nghị các đơn vị gửi báo cáo", "gửi lại giúp tờ trình") sends
/// nothing.
pub(crate) fn sent_type(folded: &str) -> Option<Sending> {
    // In order: the first verb followed by a type wins. The verbs are found with one SIMD
    // search each (`SEND_VERBS`) rather than by testing every byte; no verb can start inside
    // another, so their occurrences, sorted, are every place a verb stands.
    let bytes = folded.as_bytes();
    for (at, verb) in verb_places(bytes) {
        // A verb starts a word. Folded Vietnamese is ASCII: the character before is decoded
        // only when it is not.
        let inside_word = match at.checked_sub(1).and_then(|p| bytes.get(p)) {
            None => false,
            Some(p) if p.is_ascii() => p.is_ascii_alphanumeric(),
            Some(_) => folded[..at].chars().next_back().is_some_and(is_word_char),
        };
        if inside_word || !word_at(folded, at, verb) {
            continue;
        }
        if verb == "gui" && folded[..at].trim_end().ends_with("kinh") {
            continue;
        }
        // "chưa gửi báo cáo", "không gửi giấy mời", "chưa ban hành": a sending the text
        // denies carries nothing (a reminder, a complaint).
        let before = folded[..at].trim_end();
        let denied = ["chua", "khong"].iter().any(|w| {
            before
                .strip_suffix(w)
                .is_some_and(|rest| !rest.ends_with(|c: char| is_word_char(c)))
        });
        if denied {
            continue;
        }
        let mut rest = folded[at + verb.len()..].trim_start();
        // "(Quy định) ban hành kèm (theo) Quyết định …" names the decision a text was issued
        // with: a citation, not a sending.
        if verb == "ban hanh" && word_at(rest, 0, "kem") {
            continue;
        }
        for filler in ["kem theo", "kem", "lai", "den quy co quan", "toi", "den"] {
            if word_at(rest, 0, filler) {
                rest = rest[filler.len()..].trim_start();
                break;
            }
        }
        let draft = word_at(rest, 0, "du thao");
        if draft {
            rest = rest["du thao".len()..].trim_start();
        }
        if let Some((doc_type, _)) = type_at_start(rest) {
            if verb == "gui" && requested(folded, at) {
                continue;
            }
            return Some(Sending {
                doc_type,
                at,
                draft,
            });
        }
    }
    None
}

/// Whether the "gửi" at `at` asks for a document rather than sends one, by the words of its
/// clause around it (see `number::context_of_folded`).
fn requested(folded: &str, at: usize) -> bool {
    let start = folded[..at]
        .rfind(['\n', '.', ';', '!', '?'])
        .map_or(0, |i| i + 1);
    // The verb and the two words after it ("gửi lại giúp").
    let end = folded[at..]
        .char_indices()
        .filter(|&(_, c)| c == ' ')
        .nth(3)
        .map_or(folded.len(), |(i, _)| at + i);
    context_of_folded(&folded[start..end]) == Context::Requested
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::document::text::fold;

    /// The verbs' searchers find every place where a verb's letters stand, as a test of
    /// each byte against the verbs does.
    #[test]
    fn verb_places_are_every_occurrence() {
        use proptest::prelude::*;
        let by_bytes = |folded: &str| -> Vec<(usize, &'static str)> {
            (0..folded.len())
                .flat_map(|at| {
                    ["gui", "ban hanh", "phat hanh", "dinh kem"]
                        .into_iter()
                        .filter(move |v| folded.as_bytes()[at..].starts_with(v.as_bytes()))
                        .map(move |v| (at, v))
                })
                .collect()
        };
        let config = ProptestConfig::with_cases(4000);
        proptest!(config, |(text in "(gui|ban hanh|phat hanh|dinh kem|gu|ban|hanh|d|k| |x|ệ)*")| {
            prop_assert_eq!(verb_places(text.as_bytes()), by_bytes(&text));
        });
    }

    /// `find_phrase` finds a phrase exactly where the definition does: an occurrence with
    /// no word character just before or just after it.
    #[test]
    fn find_phrase_matches_whole_words_as_defined() {
        use proptest::prelude::*;
        let by_definition = |folded: &str, phrase: &str| {
            folded.match_indices(phrase).any(|(at, _)| {
                let before = folded[..at].chars().next_back();
                let after = folded[at + phrase.len()..].chars().next();
                before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c))
            })
        };
        assert_eq!(
            find_phrase("ban chap hanh dang bo", &["chi bo", "dang bo"]),
            Some("dang bo")
        );
        assert_eq!(find_phrase("dang boi", &["dang bo"]), None);
        assert_eq!(find_phrase("xdang bo", &["dang bo"]), None);
        let words = proptest::sample::select(vec!["dang", "bo", "chi", "boi", "x", "đ", "1"]);
        let seps = proptest::sample::select(vec![" ", "", "-", ",", "ạ", "  "]);
        proptest!(|(parts in proptest::collection::vec((words, seps), 0..8))| {
            let folded: String = parts.iter().flat_map(|(w, s)| [*w, *s]).collect();
            for phrase in ["dang bo", "chi bo", "bo", "dang"] {
                prop_assert_eq!(
                    find_phrase(&folded, &[phrase]).is_some(),
                    by_definition(&folded, phrase),
                    "{:?} in {:?}", phrase, folded
                );
            }
        });
    }

    #[test]
    fn table_is_in_declaration_order_and_folded_names_match() {
        for (i, info) in TYPES.iter().enumerate() {
            assert_eq!(info.doc_type as usize, i, "{} out of order", info.id);
            assert_eq!(info.doc_type.as_id(), info.id);
            let json = serde_json::to_string(&info.doc_type).unwrap();
            assert_eq!(json, format!("\"{}\"", info.id));
        }
        // The first folded name of a type named by its own name is that name, folded.
        for info in TYPES
            .iter()
            .filter(|t| t.names.len() == 1 && t.followed_by.is_empty())
        {
            assert_eq!(fold(info.name), info.names[0], "{}", info.id);
        }
        assert_eq!(TYPES.len(), 31);
    }

    /// `is_letter` answers as `char::is_alphabetic` does, for every character.
    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    /// `from_abbreviation` finds what a search of the table finds, for every abbreviation and
    /// for texts that are none.
    #[test]
    fn abbreviations_are_found_as_in_the_table() {
        let by_table = |abbr: &str| {
            TYPES
                .iter()
                .find(|t| t.abbreviations.contains(&abbr))
                .map(|t| t.doc_type)
        };
        let mut texts: Vec<&str> = TYPES
            .iter()
            .flat_map(|t| t.abbreviations.iter().copied())
            .collect();
        assert!(texts.iter().all(|a| a.len() <= 4), "{texts:?}");
        texts.extend([
            "", "Q", "QD", "qđ", "UBND", "QĐX", "QĐ\0", "NĐ", "HĐQT", "TTrX",
        ]);
        for text in texts {
            assert_eq!(DocType::from_abbreviation(text), by_table(text), "{text:?}");
        }
    }

    #[test]
    fn abbreviations_keep_vietnamese_letters_apart() {
        assert_eq!(DocType::from_abbreviation("HD"), Some(DocType::HuongDan));
        assert_eq!(DocType::from_abbreviation("HĐ"), Some(DocType::HopDong));
        assert_eq!(DocType::from_abbreviation("DA"), Some(DocType::DuAn));
        assert_eq!(DocType::from_abbreviation("ĐA"), Some(DocType::DeAn));
        assert_eq!(DocType::from_abbreviation("UBND"), None);
    }

    #[test]
    fn leading_names() {
        assert_eq!(
            type_at_start("thong cao bao chi").map(|t| t.0),
            Some(DocType::ThongCao)
        );
        assert_eq!(
            type_at_start("giay moi hop").map(|t| t.0),
            Some(DocType::GiayMoi)
        );
        assert_eq!(
            type_at_start("v/v xin y kien").map(|t| t.0),
            Some(DocType::CongVan)
        );
        assert_eq!(type_at_start("ke hoachx"), None);
        assert_eq!(
            type_at_start("tai lieu phuc vu ky hop thu 3").map(|t| t.0),
            Some(DocType::TaiLieuHop)
        );
        assert_eq!(
            type_at_start("tai lieu tuyen truyen phong chong ma tuy"),
            None
        );
        assert_eq!(type_at_start("thu moi sinh nhat"), None);
    }

    #[test]
    fn cover_note_verbs() {
        let t = sent_type("so tai chinh tran trong gui ke hoach kiem tra");
        assert_eq!(t.map(|t| t.doc_type), Some(DocType::KeHoach));
        // The salutation is not a verb of sending.
        assert_eq!(sent_type("kinh gui: phong ke hoach tai chinh"), None);
        assert_eq!(
            sent_type("xin gui kem theo bao cao quy iii").map(|t| t.doc_type),
            Some(DocType::BaoCao)
        );
        assert_eq!(sent_type("em nop bao cao roi"), None);
        // Asking for a document sends none (the first verb that names a type decides).
        assert_eq!(
            sent_type("de nghi cac don vi gui bao cao truoc ngay 15"),
            None
        );
        assert_eq!(
            sent_type("xin gui lai giup ban word cua to trinh 204"),
            None
        );
        assert_eq!(sent_type("quy dinh ban hanh kem quyet dinh 15/2025"), None);
        // A draft is sent as a draft.
        let draft = sent_type("so tu phap gui du thao quyet dinh ban hanh quy dinh").unwrap();
        assert_eq!((draft.doc_type, draft.draft), (DocType::QuyetDinh, true));
    }

    /// A sending the text denies ("còn 4 xã chưa gửi báo cáo") carries nothing.
    #[test]
    fn a_denied_sending_sends_nothing() {
        assert_eq!(
            sent_type("con 4 xa chua gui bao cao theo cong van so 12"),
            None
        );
        assert_eq!(sent_type("don vi khong gui giay moi"), None);
        // "khong" must be a word of its own.
        assert_eq!(
            sent_type("ubnd xa gui bao cao so 45").map(|t| t.doc_type),
            Some(DocType::BaoCao)
        );
    }
}
