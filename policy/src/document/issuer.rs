//! Who issued a document: a state agency, the Party, a union or mass organisation, or a
//! company.
//!
//! Nghị định 30/2020/NĐ-CP governs the administrative documents of state agencies (Điều 2);
//! the Party writes its documents by Hướng dẫn 36-HD/VPTW, trade and youth unions and the
//! Mặt trận by their own rules, companies as they like. All of them may use the same type
//! names ("Kế hoạch", "Thông báo", "Quyết định") and numbers that look alike, so the issuer is
//! read from what each convention writes differently:
//!
//! - **The numbering.** A Party document is numbered `87-KH/TU`: the number, a hyphen, the type,
//!   a slash, the Party body (Hướng dẫn 36-HD/VPTW, mục I.3). A state document is `87/KH-UBND`.
//!   The issuing body's code says the rest: `TU` (Tỉnh ủy), `ĐU` (Đảng ủy) are the Party's,
//!   `CĐCS` (công đoàn cơ sở) a union's, `HĐQT` (a company's board) a company's, `UBND`, `SNV`
//!   (Sở Nội vụ), `BYT` (Bộ Y tế) the state's.
//! - **The header block.** ND30 Phụ lục I puts the issuing body's name in capitals at the top
//!   left ("ỦY BAN NHÂN DÂN TỈNH …", "SỞ Y TẾ"); the Party heads its documents "ĐẢNG CỘNG SẢN
//!   VIỆT NAM" under "TỈNH ỦY …"; a union "CÔNG ĐOÀN …", a company "CÔNG TY …".
//! - **Who says they send it.** "Công ty TNHH … gửi Báo giá số …".
//! - **The sender's domain.** State agencies write from `.gov.vn`, Party bodies from `.dcs.vn`
//!   (the Party's network). A commune clerk on gmail still sends the commune's documents, so
//!   another domain says nothing.
//!
//! The strongest sign decides, in that order; without any, the issuer is unknown and a
//! document with the form of agency correspondence is taken as a state agency's.

use serde::Serialize;

use super::number::DocNumber;
use super::types::{find_phrase, is_letter};

/// Who issued a document. The serialised form is the id (`"party"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Issuer {
    /// A state agency (cơ quan nhà nước, đơn vị sự nghiệp công lập): ND30 applies.
    State,
    /// A body of the Communist Party of Vietnam (Hướng dẫn 36-HD/VPTW).
    Party,
    /// A trade union, the youth union, the Fatherland Front or another mass organisation.
    Union,
    /// A company, bank, cooperative or private practice.
    Company,
    /// Another organisation or a person: an association (hội), a residents' board, a
    /// citizen.
    Other,
    /// No sign either way.
    #[default]
    Unknown,
}

impl Issuer {
    pub fn as_id(self) -> &'static str {
        match self {
            Issuer::State => "state",
            Issuer::Party => "party",
            Issuer::Union => "union",
            Issuer::Company => "company",
            Issuer::Other => "other",
            Issuer::Unknown => "unknown",
        }
    }

    /// The issuer in the words an administrator reads.
    pub fn name(self) -> &'static str {
        match self {
            Issuer::State => "cơ quan nhà nước (state agency)",
            Issuer::Party => "tổ chức Đảng (Party)",
            Issuer::Union => "công đoàn, đoàn thể (union or mass organisation)",
            Issuer::Company => "doanh nghiệp (company)",
            Issuer::Other => "tổ chức, cá nhân khác (another organisation or a person)",
            Issuer::Unknown => "không rõ (unknown)",
        }
    }

    /// Whether ND30 governs what this issuer writes: a state agency's document, or one whose
    /// issuer shows no sign of being anything else.
    pub fn issues_administrative_documents(self) -> bool {
        matches!(self, Issuer::State | Issuer::Unknown)
    }
}

impl std::fmt::Display for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Party bodies in a folded header line (Hướng dẫn 36-HD/VPTW, mục I.1: "ĐẢNG CỘNG SẢN VIỆT
/// NAM" at the top right, the Party committee at the top left). Looked for anywhere in the
/// line: "VĂN PHÒNG TỈNH ỦY", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "ĐẢNG ỦY UBND TỈNH".
const PARTY_WORDS: &[&str] = &[
    "dang cong san",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "dang uy",
    "dang bo",
    "chi bo",
    "dang doan",
    "ban can su dang",
    "ban chap hanh trung uong",
    "trung uong dang",
];

/// Whether a folded line holds letters every one of [`PARTY_WORDS`] has one of: "uy" (the
/// committees), "dang" (the Party itself, its organisations), "chi bo" or "trung uong". One
/// pass over the bytes, which most header lines ("SỞ Y TẾ", "ỦY BAN NHÂN DÂN …" has "uy" and is
/// looked at in full) pass with none: cheaper than looking for every phrase at every word.
fn may_name_the_party(folded: &str) -> bool {
    let bytes = folded.as_bytes();
    (0..bytes.len()).any(|at| {
        let rest = &bytes[at..];
        match bytes[at] {
            b'u' => rest.starts_with(b"uy"),
            b'd' => rest.starts_with(b"dang"),
            b'c' => rest.starts_with(b"chi bo"),
            b't' => rest.starts_with(b"trung uong"),
            _ => false,
        }
    })
}

/// Unions and mass organisations, at the start of a folded header line.
const UNION_STARTS: &[&str] = &[
    "tong lien doan lao dong",
    "lien doan lao dong",
    "cong doan",
    "ban chap hanh cong doan",
    "bch cong doan",
    "bch doan",
    "doan tncs",
    "doan thanh nien",
    "ban chap hanh doan",
    "tinh doan",
    "thanh doan",
    "huyen doan",
    "hoi lien hiep phu nu",
    "hoi phu nu",
    "hoi nong dan",
    "hoi cuu chien binh",
    "hoi chu thap do",
    "hoi khuyen hoc",
    "hoi nguoi cao tuoi",
    "hoi nha bao",
    "hoi van hoc nghe thuat",
    "lien hiep cac hoi",
    "mat tran to quoc",
    "uy ban mat tran",
    "uy ban mttq",
    "ubmttq",
    "mttq",
];

/// Companies, banks, cooperatives and private practices, at the start of a folded header
/// line.
const COMPANY_STARTS: &[&str] = &[
    "cong ty",
    // Law practices (Luật Luật sư 2006, Điều 32-34: văn phòng luật sư, công ty luật), private
    // notary offices (Luật Công chứng 2014, Điều 22: văn phòng công chứng, unlike the state's
    // "phòng công chứng") and bailiffs' offices (Nghị định 08/2020/NĐ-CP, văn phòng thừa phát
    // lại) are private practices; they come before the state's "văn phòng".
    "van phong luat su",
    "van phong cong chung",
    "van phong thua phat lai",
    "htx ",
    "phong kham",
    "hoi dong quan tri",
    "hoi dong thanh vien",
    "tong cong ty",
    "tap doan",
    "ngan hang",
    "hop tac xa",
    "ctcp",
    "cty",
    "doanh nghiep",
    "chi nhanh cong ty",
    "ho kinh doanh",
];

/// Other organisations, at the start of a folded header line: associations (any "Hội …" but
/// the councils, "Hội đồng …"), residents' boards, and the villages and residential groups
/// (thôn, ấp, xóm, buôn, tổ dân phố, khu phố), which are self-governing communities of their
/// residents, not agencies (Thông tư 04/2012/TT-BNV, Điều 2).
const OTHER_STARTS: &[&str] = &[
    "hoi ",
    // A bar association is a socio-professional organisation (Luật Luật sư 2006, Điều 60).
    "doan luat su",
    "hiep hoi",
    "cau lac bo",
    "ban quan tri",
    "ban dai dien",
    "to dan pho",
    "khu pho",
    "thon ",
    "ap ",
    "xom ",
    "buon ",
];

/// Banks that are state agencies: the State Bank of Vietnam and its regional branches
/// (Ngân hàng Nhà nước, a ministry-level agency), unlike the commercial banks.
const STATE_BANKS: &[&str] = &["ngan hang nha nuoc"];

/// State bodies at the start of a folded header line (ND30 Phụ lục I, mục II.2: the issuing
/// body and the body above it, in capitals).
const STATE_STARTS: &[&str] = &[
    "uy ban nhan dan",
    "ubnd",
    "hoi dong nhan dan",
    "hdnd",
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "van phong",
    "bo ",
    "so ",
    "cuc ",
    "tong cuc",
    "chi cuc",
    "vu ",
    "thanh tra",
    "kho bac",
    "bao hiem xa hoi",
    "cong an",
    "bo chi huy",
    "bo tu lenh",
    "toa an",
    "vien kiem sat",
    "kiem toan nha nuoc",
    "ban quan ly",
    "ban chi dao",
    "ban chi huy",
    "ban dan toc",
    "ban tiep cong dan",
    "doan dai bieu quoc hoi",
    "doan dbqh",
    "benh vien",
    "trung tam",
    "truong ",
    "dai phat thanh",
    "phong ",
    "tinh ",
    "thanh pho ",
    "xa ",
    "phuong ",
    "dac khu",
];

/// The issuer an all-capitals header line names ("SỞ Y TẾ", "TỈNH ỦY GIA LAI", "CÔNG TY TNHH
/// …"); `line` is the line as written (trimmed), `folded` the same line folded. Lines with a
/// lower-case letter are prose, not a header (ND30 writes the issuing body in capitals).
pub(crate) fn header_line(line: &str, folded: &str) -> Option<Issuer> {
    // Prose has a lower-case letter early on: that test comes first. A bracketed remark may
    // have some: "TRUNG TÂM ĐÀO TẠO VIỆT (Công ty TNHH)".
    let outside = line.split_once('(').map_or(line, |(name, _)| name);
    if line.len() > 480 || outside.chars().any(char::is_lowercase) {
        return None;
    }
    // Four letters are enough to know there are four (the Unicode lookup of a Vietnamese
    // capital is not cheap).
    if line.chars().filter(|&c| is_letter(c)).take(4).count() < 4 || line.chars().count() > 100 {
        return None;
    }
    // A name has no verb of sending and no document number: "SỞ Y TẾ GỬI BÁO CÁO SỐ 66/…"
    // is a sentence in capitals.
    if folded.contains(" gui ")
        || folded
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'/')
    {
        return None;
    }
    // The national motto is the state's header line, not an issuer: companies write it too.
    let folded = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    if folded.starts_with("cong hoa xa hoi") || folded.starts_with("doc lap") {
        return None;
    }
    if may_name_the_party(folded) && find_phrase(folded, PARTY_WORDS).is_some() {
        return Some(Issuer::Party);
    }
    let [banks, unions, companies, states, others] = &*HEADER_STARTS;
    if banks.start(folded) {
        Some(Issuer::State)
    } else if unions.start(folded) {
        Some(Issuer::Union)
    } else if companies.start(folded) || find_phrase(folded, &["tnhh", "co phan"]).is_some() {
        Some(Issuer::Company)
    } else if states.start(folded) || folded.starts_with("hoi dong") {
        Some(Issuer::State)
    } else if others.start(folded) {
        Some(Issuer::Other)
    } else {
        None
    }
}

/// A list of folded starts of header lines, by their first byte: a line is compared only with
/// the starts that begin with its own first byte (a few of the list's tens).
struct StartsByFirstByte(Vec<Vec<&'static str>>);

impl StartsByFirstByte {
    fn new(list: &[&'static str]) -> StartsByFirstByte {
        let mut by_first = vec![Vec::new(); 256];
        for &start in list {
            if let Some(&first) = start.as_bytes().first() {
                by_first[usize::from(first)].push(start);
            }
        }
        StartsByFirstByte(by_first)
    }

    /// Whether `folded` starts with one of the list's starts.
    fn start(&self, folded: &str) -> bool {
        folded
            .as_bytes()
            .first()
            .is_some_and(|&b| self.0[usize::from(b)].iter().any(|s| folded.starts_with(s)))
    }
}

/// [`STATE_BANKS`], [`UNION_STARTS`], [`COMPANY_STARTS`], [`STATE_STARTS`] and
/// [`OTHER_STARTS`] by their first byte, made once.
static HEADER_STARTS: std::sync::LazyLock<[StartsByFirstByte; 5]> =
    std::sync::LazyLock::new(|| {
        [
            STATE_BANKS,
            UNION_STARTS,
            COMPANY_STARTS,
            STATE_STARTS,
            OTHER_STARTS,
        ]
        .map(StartsByFirstByte::new)
    });

/// Party bodies' codes in a ký hiệu (Hướng dẫn 36-HD/VPTW, Phụ lục: TW Ban Chấp hành Trung
/// ương, TU tỉnh/thành ủy, HU huyện ủy, QU quận ủy, ĐU đảng ủy, ĐUK đảng ủy khối, BCSĐ ban cán
/// sự đảng, ĐĐ đảng đoàn). Their boards end with the committee's code: BTGTU (Ban Tuyên giáo
/// Tỉnh ủy), VPTU, UBKTTU, BDVHU.
const PARTY_CODES: &[&str] = &["TW", "TƯ", "TU", "HU", "QU", "ĐU", "ĐUK", "BCSĐ", "ĐĐ"];
const PARTY_SUFFIXES: &[&str] = &["TW", "TU", "HU", "QU", "ĐU"];

/// Unions' and mass organisations' codes: CĐCS (công đoàn cơ sở), LĐLĐ (liên đoàn lao động),
/// CĐN/CĐVC (công đoàn ngành, viên chức), TLĐ (Tổng Liên đoàn), ĐTN/TĐTN (Đoàn thanh niên),
/// HLHPN, HND, HCCB, MTTQ, and associations (hội): HCTĐ (Chữ thập đỏ), HKH (Khuyến học),
/// HNCT (Người cao tuổi), LHH (Liên hiệp các hội), HVHNT (Văn học nghệ thuật), HNB (Nhà báo).
const UNION_CODES: &[&str] = &[
    "CĐCS", "CĐ", "CĐN", "CĐVC", "LĐLĐ", "TLĐ", "ĐTN", "TĐTN", "HLHPN", "HPN", "HND", "HCCB",
    "MTTQ", "UBMTTQ", "HCTĐ", "HKH", "HNCT", "LHH", "HVHNT", "HNB",
];

/// Companies' codes: a board (HĐQT, HĐTV), the general director (TGĐ), the company (CTY), a
/// cooperative (HTX).
const COMPANY_CODES: &[&str] = &["HĐQT", "HĐTV", "TGĐ", "CTY", "CTCP", "NHTM", "HTX"];

/// State bodies' codes: the People's Committee and Council, the Government and its office,
/// the ministries (after the 2025 reorganisation) and the services every province has.
const STATE_CODES: &[&str] = &[
    "UBND", "HĐND", "CP", "TTg", "VPCP", "VP", "QH", "UBTVQH", "VPQH", "ĐĐBQH", "TTCP", "KTNN",
    "NHNN", "BHXH", "KBNN", "BTC", "BYT", "BCT", "BXD", "BNV", "BTP", "BGDĐT", "BNG", "BQP", "BCA",
    "BKHCN", "BVHTTDL", "BNNMT", "BDTTG", "BNNPTNT", "BTNMT", "BKHĐT", "BLĐTBXH", "BTTTT", "BGTVT",
    "BCĐ", "BCH", "BQL",
];

/// Codes with Đ that unaccented typing writes with D ("SGDDT", "HDND"), besides those of the
/// lists above: the services and committees whose names hold "Đào tạo", "Đầu tư", "Lao động",
/// "Đại biểu".
const CODES_WITH_D: &[&str] = &["SGDĐT", "SKHĐT", "SLĐTBXH", "VPĐĐBQH", "ĐBQH"];

/// The code a ký hiệu group stands for when it was typed without its Đ: "SGDDT" is SGDĐT,
/// "HDND" HĐND, "DTN" ĐTN. Only codes the lists know are restored; a group that already has a
/// Đ, or that no code matches, is left as it is.
pub(crate) fn restore_code(group: &str) -> Option<&'static str> {
    // Most groups have no "D" at all: that byte test comes first, before the search for "Đ".
    if !group.as_bytes().contains(&b'D') || group.contains('Đ') {
        return None;
    }
    CODES_WITHOUT_D
        .iter()
        .find(|(plain, _)| plain == group)
        .map(|&(_, code)| code)
}

/// The codes of the lists that have a Đ, each with its spelling typed without it ("SGDDT",
/// SGDĐT), in the lists' order: made once, not for every group looked up.
static CODES_WITHOUT_D: std::sync::LazyLock<Vec<(String, &'static str)>> =
    std::sync::LazyLock::new(|| {
        [
            STATE_CODES,
            PARTY_CODES,
            UNION_CODES,
            COMPANY_CODES,
            CODES_WITH_D,
        ]
        .iter()
        .flat_map(|list| list.iter())
        .filter(|code| code.contains('Đ'))
        .map(|code| (code.replace('Đ', "D"), *code))
        .collect()
    });

/// The issuer a document number's ký hiệu names, with the code that says so. A Party-style
/// number (`87-KH/TU`) is the Party's unless its body is a state one (a slip of the hand); in
/// the state style the body is the group after the type (`GM-UBND`), or the first group of a
/// công văn (`UBND-VP`).
pub(crate) fn of_number(number: &DocNumber) -> Option<(Issuer, String)> {
    let groups = number.symbol();
    let body_at = usize::from(number.doc_type().is_some() || number.party_style());
    let classify = |code: &str| -> Option<Issuer> {
        if state_code(code) {
            Some(Issuer::State)
        } else if PARTY_CODES.contains(&code)
            || (code.chars().count() >= 4 && PARTY_SUFFIXES.iter().any(|s| code.ends_with(s)))
        {
            Some(Issuer::Party)
        } else if UNION_CODES.contains(&code) {
            Some(Issuer::Union)
        } else if COMPANY_CODES.contains(&code) {
            Some(Issuer::Company)
        } else {
            None
        }
    };
    // The body, then the groups after it (a drafting unit says nothing; a second body of a
    // joint document may: `02/BTT-UBND-…`).
    let found = groups
        .iter()
        .skip(body_at)
        .find_map(|g| classify(g).map(|i| (i, g.clone())));
    match (number.party_style(), found) {
        // The Đoàn and the Mặt trận number like the Party (`05-KH/TĐTN`); a state body in
        // the Party's style is a slip of the hand.
        (true, Some((kind, code))) if kind != Issuer::Party => Some((kind, code)),
        (true, _) => Some((Issuer::Party, format!("{number}"))),
        (false, found) => found,
    }
}

/// Whether `code` (in capitals) is a state body's code: one of [`STATE_CODES`] or a Sở's.
pub(crate) fn state_code(code: &str) -> bool {
    STATE_CODES.contains(&code) || state_service(code)
}

/// A Sở's code: S and the service's initials in capitals (SNV, SYT, SGDĐT, SKHCN, SNgV), three
/// to seven letters (a court's two-letter "ST" is "sơ thẩm"); ND30 Phụ lục I has each
/// provincial service write its name so.
fn state_service(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next() == Some('S')
        && (3..=7).contains(&code.chars().count())
        && chars.all(|c| c.is_uppercase() || c == 'g')
}

/// The issuer a sender's address says: `.gov.vn` is the state's network, `.dcs.vn` the
/// Party's, `.org.vn` an organisation's and a `.com.vn` or `.com` domain of its own a
/// company's (VNNIC's second-level domains by kind of registrant). Free mail (gmail, yahoo,
/// outlook) says nothing: a commune's clerk may write from it.
pub(crate) fn of_address(address: &str) -> Option<Issuer> {
    if impersonates_the_state(address) {
        return None;
    }
    let domain = address
        .rsplit_once('@')?
        .1
        .trim_end_matches('>')
        .to_ascii_lowercase();
    // `domain` is `suffix` or ends with "." and `suffix` (no string built per suffix).
    let under = |suffix: &str| {
        domain
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
    };
    if under("gov.vn") {
        Some(Issuer::State)
    } else if under("dcs.vn") {
        Some(Issuer::Party)
    } else if under("org.vn") {
        Some(Issuer::Other)
    } else if (under("com.vn") || under("com")) && !FREE_MAIL.iter().any(|f| under(f)) {
        Some(Issuer::Company)
    } else {
        None
    }
}

/// Whether a sender's domain dresses up as the state's without being under `.gov.vn`:
/// "mof-gov.vn.cc", "gdt.gov.vn.com", "thongbao-gov.vn": phishing's look-alikes.
pub(crate) fn impersonates_the_state(address: &str) -> bool {
    let Some((_, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let domain = domain.trim_end_matches('>').to_ascii_lowercase();
    domain.contains("gov.vn") && !(domain.ends_with(".gov.vn") || domain == "gov.vn")
}

/// Free mail providers, whose addresses anyone has.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.com.vn",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "zoho.com",
    "aol.com",
    "protonmail.com",
];

/// Whether a folded clause that sends a document ("công ty tnhh … gửi báo giá số") has a
/// company as its subject: the clause starts with one.
pub(crate) fn company_sends(folded_clause: &str) -> bool {
    let clause = folded_clause.trim_start_matches(|c: char| !c.is_alphanumeric());
    if STATE_BANKS.iter().any(|s| clause.starts_with(s)) {
        return false;
    }
    COMPANY_STARTS
        .iter()
        .any(|s| clause.starts_with(s) && clause.get(s.len()..).is_some_and(|r| r.starts_with(' ')))
}

/// Whether a sender's display name names a state body ("UBND xã Bắc Hà", "Văn phòng Sở Y
/// tế"): a clerk writing from a private address under the agency's name.
pub(crate) fn names_state_body(folded_name: &str) -> bool {
    let name = folded_name.trim_start_matches(|c: char| !c.is_alphanumeric());
    const BODIES: &[&str] = &[
        "ubnd ",
        "uy ban nhan dan",
        "hdnd ",
        "hoi dong nhan dan",
        "van thu ",
        "van phong ubnd",
        "van phong hdnd",
        "so ",
        "bo ",
    ];
    BODIES.iter().any(|b| name.starts_with(b))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::document::text::fold;

    fn line(s: &str) -> Option<Issuer> {
        header_line(s, &fold(s))
    }

    fn number(s: &str) -> Option<Issuer> {
        of_number(&DocNumber::parse(s).unwrap()).map(|(i, _)| i)
    }

    /// The lists by first byte say what the lists say, for every start of every list and for
    /// lines that start with none.
    #[test]
    fn starts_by_first_byte_are_the_lists() {
        let lists = [
            STATE_BANKS,
            UNION_STARTS,
            COMPANY_STARTS,
            STATE_STARTS,
            OTHER_STARTS,
        ];
        let samples: Vec<String> = lists
            .iter()
            .flat_map(|l| l.iter())
            .flat_map(|s| {
                [
                    s.to_string(),
                    format!("{s}x y"),
                    s[..s.len() - 1].to_string(),
                ]
            })
            .chain(["", "x", "so y te", "\u{1ec7}"].map(String::from))
            .collect();
        for (list, table) in lists.iter().zip(HEADER_STARTS.iter()) {
            for line in &samples {
                let expected = list.iter().any(|s| line.starts_with(s));
                assert_eq!(table.start(line), expected, "{line:?}");
            }
        }
    }

    /// The pre-test lets through every Party phrase, so that it never hides one.
    #[test]
    fn every_party_phrase_passes_the_pre_test() {
        for phrase in PARTY_WORDS {
            assert!(may_name_the_party(phrase), "{phrase}");
            assert!(may_name_the_party(&format!("ban x {phrase} y")), "{phrase}");
        }
        assert!(!may_name_the_party("so y te"));
    }

    /// ND30 Phụ lục I II.2, Hướng dẫn 36-HD/VPTW I.1: the header names the issuer.
    #[test]
    fn header_lines_name_the_issuer() {
        assert_eq!(line("ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN"), Some(Issuer::State));
        assert_eq!(line("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"), Some(Issuer::State));
        assert_eq!(line("BỘ KHOA HỌC VÀ CÔNG NGHỆ"), Some(Issuer::State));
        assert_eq!(line("TỈNH ỦY QUẢNG TRỊ"), Some(Issuer::Party));
        assert_eq!(line("VĂN PHÒNG TỈNH ỦY"), Some(Issuer::Party));
        assert_eq!(line("ĐẢNG ỦY UBND TỈNH"), Some(Issuer::Party));
        assert_eq!(line("ĐẢNG CỘNG SẢN VIỆT NAM"), Some(Issuer::Party));
        assert_eq!(
            line("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS AN HẢI"),
            Some(Issuer::Union)
        );
        assert_eq!(line("BCH ĐOÀN TNCS HỒ CHÍ MINH TỈNH"), Some(Issuer::Union));
        assert_eq!(line("ĐOÀN TNCS HỒ CHÍ MINH"), Some(Issuer::Union));
        assert_eq!(
            line("CÔNG TY CỔ PHẦN THỦY ĐIỆN SÔNG ĐÀ"),
            Some(Issuer::Company)
        );
        assert_eq!(line("NGÂN HÀNG TMCP PHƯƠNG NAM"), Some(Issuer::Company));
        assert_eq!(line("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"), Some(Issuer::State));
        assert_eq!(line("HỘI CHỮ THẬP ĐỎ TỈNH PHÚ THỌ"), Some(Issuer::Union));
        assert_eq!(line("HỘI KIẾN TRÚC SƯ TỈNH NAM ĐỊNH"), Some(Issuer::Other));
        assert_eq!(
            line("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH"),
            Some(Issuer::State)
        );
        assert_eq!(
            line("BAN QUẢN TRỊ NHÀ CHUNG CƯ AN PHÚ"),
            Some(Issuer::Other)
        );
        assert_eq!(line("PHÒNG KHÁM ĐA KHOA HÒA BÌNH"), Some(Issuer::Company));
        assert_eq!(line("THÔN NÀ PÀN"), Some(Issuer::Other));
        assert_eq!(line("HIỆP HỘI DU LỊCH TỈNH GIA LAI"), Some(Issuer::Other));
        assert_eq!(
            line("TRUNG TÂM ĐÀO TẠO KỸ NĂNG VIỆT (Công ty TNHH)"),
            Some(Issuer::Company)
        );
        assert_eq!(line("HTX NÔNG NGHIỆP TÂN PHÚ"), Some(Issuer::Company));
        assert_eq!(line("PHÒNG VĂN HÓA - XÃ HỘI"), Some(Issuer::State));
        // The national motto names no issuer (companies write it too); prose is no header.
        assert_eq!(line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), None);
        assert_eq!(line("Sở Y tế gửi kế hoạch"), None);
        assert_eq!(line("QUYẾT ĐỊNH"), None);
        assert_eq!(line("SO Y TE GUI BAO CAO SO 66/BC-SYT VE DICH BENH"), None);
    }

    /// Law practices, private notaries and bailiffs are private (Luật Luật sư 2006 Điều 32-34,
    /// Luật Công chứng 2014 Điều 22); a bar association is a socio-professional organisation
    /// (Luật Luật sư Điều 60). The state's own offices stay the state's.
    #[test]
    fn law_practices_are_not_state_agencies() {
        assert_eq!(line("ĐOÀN LUẬT SƯ THÀNH PHỐ CẦN THƠ"), Some(Issuer::Other));
        assert_eq!(line("VĂN PHÒNG LUẬT SƯ AN PHÁT"), Some(Issuer::Company));
        assert_eq!(line("CÔNG TY LUẬT TNHH MINH TÂM"), Some(Issuer::Company));
        assert_eq!(
            line("VĂN PHÒNG CÔNG CHỨNG NGUYỄN HUỆ"),
            Some(Issuer::Company)
        );
        assert_eq!(
            line("VĂN PHÒNG THỪA PHÁT LẠI QUẬN 1"),
            Some(Issuer::Company)
        );
        assert_eq!(line("PHÒNG CÔNG CHỨNG SỐ 2"), Some(Issuer::State));
        assert_eq!(line("VĂN PHÒNG UBND TỈNH"), Some(Issuer::State));
    }

    /// Hướng dẫn 36-HD/VPTW I.3: the Party writes number-TYPE/BODY.
    #[test]
    fn numbers_name_the_issuer() {
        assert_eq!(number("87-KH/TU"), Some(Issuer::Party));
        // The youth union numbers like the Party; its code says who it is.
        assert_eq!(number("05-KH/TĐTN"), Some(Issuer::Union));
        assert_eq!(number("1123-CV/TU"), Some(Issuer::Party));
        assert_eq!(number("09-HD/BTGDVTU"), Some(Issuer::Party));
        // File names write the Party's slash as a hyphen: the body's code still says it.
        assert_eq!(number("87/KH-TU"), Some(Issuer::Party));
        assert_eq!(number("45/KH-ĐU"), Some(Issuer::Party));
        assert_eq!(number("12/TB-CĐCS"), Some(Issuer::Union));
        assert_eq!(number("31/TB-HCTĐ"), Some(Issuer::Union));
        assert_eq!(number("25/2025/QĐ-HĐQT"), Some(Issuer::Company));
        assert_eq!(number("45/GGT-CTY"), Some(Issuer::Company));
        assert_eq!(number("123/GM-UBND"), Some(Issuer::State));
        assert_eq!(number("19/HD-SGDĐT"), Some(Issuer::State));
        assert_eq!(number("356/SNV-CCVC"), Some(Issuer::State));
        assert_eq!(number("1932/QĐ-BYT"), Some(Issuer::State));
        assert_eq!(number("04/CĐ-UBND"), Some(Issuer::State));
        // A Party-style number of a state body is a slip of the hand, not the Party's.
        assert_eq!(number("45-KH/UBND"), Some(Issuer::State));
        // A code nobody knows says nothing.
        assert_eq!(number("2509/BG-APCA"), None);
    }

    #[test]
    fn codes_typed_without_their_d_are_restored() {
        assert_eq!(restore_code("SGDDT"), Some("SGDĐT"));
        assert_eq!(restore_code("HDND"), Some("HĐND"));
        assert_eq!(restore_code("DTN"), Some("ĐTN"));
        assert_eq!(restore_code("SGDĐT"), None);
        assert_eq!(restore_code("UBND"), None);
        assert_eq!(restore_code("DBP"), None);
    }

    #[test]
    fn domains_and_display_names() {
        assert_eq!(of_address("vptu@gialai.dcs.vn"), Some(Issuer::Party));
        assert_eq!(of_address("vanthu@mst.gov.vn"), Some(Issuer::State));
        assert_eq!(of_address("ubnd.bacha@gmail.com"), None);
        assert_eq!(of_address("vanthu@yahoo.com.vn"), None);
        assert_eq!(
            of_address("phapche@logistics.com.vn"),
            Some(Issuer::Company)
        );
        assert_eq!(of_address("vp@hoiluatgia.org.vn"), Some(Issuer::Other));
        assert!(impersonates_the_state("hoantien@mof-gov.vn.cc"));
        assert!(impersonates_the_state("a@gdt.gov.vn.com"));
        assert!(!impersonates_the_state("vanthu@mof.gov.vn"));
        assert!(company_sends(&fold(
            "Công ty TNHH Giải pháp An Phát gửi Báo giá số "
        )));
        assert!(!company_sends(&fold("Sở Tài chính gửi Công văn số ")));
        assert!(!company_sends(&fold(
            "Ngân hàng Nhà nước chi nhánh Khu vực 5 gửi Công văn số "
        )));
        assert!(names_state_body(&fold("UBND xã Bắc Hà")));
        assert!(!names_state_body(&fold("Nguyễn Văn An")));
    }
}
