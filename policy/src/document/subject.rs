//! The subject line of a document's e-mail.
//!
//! Văn thư mailboxes write the subject as the document's own name line, optionally preceded
//! by its marks and its number: "[HỎA TỐC] [87/GM-BCĐ] Giấy mời họp …", "MẬT: 17/KH-UBND -
//! Kế hoạch …", "Gửi công văn V/v …". What is left after those prefixes — the topic — starts
//! with the type name (ND30 Phụ lục I, mục II.5: "tên loại và trích yếu nội dung").

use super::marks::{self, Mark};
use super::number::{DocNumber, at_start};
use super::text::fold;
use super::types::{DocType, type_at_start, word_at};

const SEPARATORS: &[char] = &[':', '-', '–', '—', '|'];

#[derive(Debug, Default)]
pub(crate) struct Subject {
    /// Marks in the prefix, or bracketed or trailing anywhere.
    pub marks: Vec<Mark>,
    /// The subject after its mark and number prefixes (the topic), folded.
    pub folded: String,
}

pub(crate) fn analyse(subject: &str) -> Subject {
    let mut marks = Vec::new();
    let mut rest = subject.trim();
    loop {
        if let Some((found, after)) = marks::subject_prefix(rest) {
            marks.extend(found);
            rest = after;
            continue;
        }
        if let Some(close) = marks::bracket_close(rest)
            && DocNumber::parse(&rest[1..close]).is_some()
        {
            rest = strip_separators(&rest[close + 1..]);
            continue;
        }
        // "18/HĐ-STTTT - Hợp đồng …"
        if let Some(first) = at_start(rest) {
            let after = rest[first.end..].trim_start();
            if after.starts_with(SEPARATORS) {
                rest = strip_separators(after);
                continue;
            }
        }
        break;
    }
    // Marks after the prefixes: "Giấy mời họp (Khẩn)".
    let folded = fold(rest);
    marks.extend(marks::subject_anywhere(rest, &folded));
    marks.extend(after_type_name(&folded));
    Subject { marks, folded }
}

/// The urgency said between the type name and the number: "Công điện khẩn số 11/CĐ-BCH",
/// "CONG VAN HOA TOC SO 12/UBND" (the name a document goes by in speech, "công điện khẩn").
/// Only words that are all marks, and only when "số" or the number follows them, so that
/// "Công văn khẩn trương …" or "Giấy mời mật thiết …" stay prose.
fn after_type_name(folded: &str) -> Vec<Mark> {
    let Some((_, end)) = type_at_start(folded) else {
        return Vec::new();
    };
    let mut words = Vec::new();
    for word in folded[end..].split_whitespace() {
        if word == "so" || word.starts_with(|c: char| c.is_ascii_digit()) {
            if words.is_empty() {
                return Vec::new();
            }
            return marks::only_marks(&words.join(" ")).unwrap_or_default();
        }
        words.push(word);
        if words.len() > 3 {
            break;
        }
    }
    Vec::new()
}

fn strip_separators(s: &str) -> &str {
    s.trim_start().trim_start_matches(SEPARATORS).trim_start()
}

impl Subject {
    /// The type named at the start of the topic, after an optional "Gửi" ("Gửi kế hoạch …").
    pub(crate) fn leading_type(&self) -> Option<DocType> {
        leading_type(&self.folded)
    }

    /// Whether the topic starts by acknowledging receipt ("Đã nhận: Giấy mời …").
    pub(crate) fn acknowledges(&self) -> bool {
        let folded = self.folded.trim_start();
        ACKNOWLEDGEMENTS.iter().any(|a| word_at(folded, 0, a))
    }

    /// Whether the topic is a reminder about a document ("[Nhắc việc] Văn bản 66/BC-SYT quá
    /// hạn", "Sắp đến hạn: 356/SNV-CCVC"): a document system's reminder names a document it
    /// does not carry.
    pub(crate) fn reminds(&self) -> bool {
        is_reminder(&self.folded)
    }

    /// Whether the topic is news: a newspaper's or a news site's tag ("[Báo Điện tử Chính
    /// phủ] Thủ tướng ra Công điện …", "Bản tin …", "Tin tức: …"). An article about a document
    /// is not the document.
    pub(crate) fn reports_news(&self) -> bool {
        let folded = self.folded.trim_start();
        const NEWS: &[&str] = &[
            "[bao ",
            "bao dien tu",
            "[tin ",
            "tin tuc",
            "ban tin",
            "[ban tin",
        ];
        NEWS.iter().any(|n| folded.starts_with(n))
    }
}

/// Reminders' opening words, folded: "Nhắc việc", "Nhắc hạn", "Nhắc lịch (họp)", "Sắp đến
/// hạn", "Quá hạn", "Cảnh báo hạn xử lý", and the reminders to send or hand in what a
/// document asked for ("Nhắc gửi báo cáo …", "Nhắc nộp …").
const REMINDERS: &[&str] = &[
    "nhac gui",
    "nhac nop",
    "nhac viec",
    "nhac han",
    "nhac lich",
    "nhac nho",
    "sap den han",
    "sap het han",
    "qua han",
    "canh bao han",
    "canh bao qua han",
];

/// Whether folded text opens with a reminder's words, brackets aside ("[Nhắc việc] …").
pub(crate) fn is_reminder(folded: &str) -> bool {
    let folded = folded.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '[' | '('));
    REMINDERS.iter().any(|r| word_at(folded, 0, r))
}

fn leading_type(folded: &str) -> Option<DocType> {
    let mut rest = folded.trim_start();
    for verb in ["gui kem theo", "gui kem", "gui", "chuyen"] {
        if word_at(rest, 0, verb) {
            rest = rest[verb.len()..].trim_start();
            break;
        }
    }
    type_at_start(rest).map(|(t, _)| t)
}

/// Acknowledgements of receipt, folded: a reply to a document is not that document.
const ACKNOWLEDGEMENTS: &[&str] = &["da nhan", "xac nhan", "bao nhan", "da tiep nhan"];

/// Whether a reply's own text acknowledges receipt ("Đơn vị đã nhận được văn bản.").
pub(crate) fn mentions_acknowledgement(text: &str) -> bool {
    let folded = format!(" {} ", fold(text));
    ACKNOWLEDGEMENTS.iter().any(|a| {
        folded
            .match_indices(a)
            .any(|(at, _)| folded[..at].ends_with(' ') && word_at(&folded, at, a))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::document::marks::{Secrecy, Urgency};

    /// A reminder to send or hand in ("Nhắc gửi báo cáo …") names what it asks for.
    #[test]
    fn reminders_to_send_are_reminders() {
        assert!(analyse("Nhắc gửi báo cáo thiệt hại mưa lũ").reminds());
        assert!(analyse("[Nhắc nộp] Báo cáo quý III").reminds());
        assert!(!analyse("Gửi báo cáo thiệt hại mưa lũ").reminds());
    }

    #[test]
    fn prefixes_are_peeled() {
        let s = analyse("[HỎA TỐC] [204/GM-SGDĐT] Giấy mời dự hội nghị");
        assert_eq!(s.marks, vec![Mark::Urgency(Urgency::HoaToc)]);
        assert_eq!(s.folded, "giay moi du hoi nghi");
        let s = analyse("MẬT: 61/KH-CAT - Kế hoạch bảo vệ");
        assert_eq!(s.marks, vec![Mark::Secrecy(Secrecy::Mat)]);
        assert_eq!(s.folded, "ke hoach bao ve");
        assert_eq!(s.leading_type(), Some(DocType::KeHoach));
        assert_eq!(
            analyse("Gửi công văn V/v góp ý").leading_type(),
            Some(DocType::CongVan)
        );
        assert_eq!(
            analyse("V/v tổ chức hội nghị").leading_type(),
            Some(DocType::CongVan)
        );
        assert_eq!(analyse("Mật khẩu hộp thư sắp hết hạn").leading_type(), None);
        assert_eq!(analyse("Mật khẩu hộp thư").marks, vec![]);
    }

    #[test]
    fn an_urgency_between_the_type_name_and_the_number() {
        let s = analyse("CONG DIEN KHAN SO 11/CD-BCH VE PHONG CHONG LU QUET");
        assert_eq!(s.marks, vec![Mark::Urgency(Urgency::Khan)]);
        let s = analyse("Công văn hỏa tốc số 125/UBND-VX về phòng chống dịch");
        assert_eq!(s.marks, vec![Mark::Urgency(Urgency::HoaToc)]);
        // Prose after the type name, or no number after the marks: no mark.
        assert!(
            analyse("Công văn khẩn trương triển khai số 12/UBND")
                .marks
                .is_empty()
        );
        assert!(analyse("Giấy mời khẩn").marks.is_empty());
    }

    #[test]
    fn acknowledgements() {
        assert!(analyse("Đã nhận: Giấy mời họp").acknowledges());
        assert!(!analyse("Giấy mời họp, đề nghị xác nhận").acknowledges());
        assert!(mentions_acknowledgement("Phòng đã nhận được giấy mời."));
        assert!(!mentions_acknowledgement("Gửi giấy mời họp"));
    }
}
