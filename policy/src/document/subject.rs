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
pub(crate) struct Subject<'a> {
    /// Marks in the prefix, or bracketed or trailing anywhere.
    pub marks: Vec<Mark>,
    /// The subject after its mark and number prefixes.
    pub topic: &'a str,
}

pub(crate) fn analyse(subject: &str) -> Subject<'_> {
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
    marks.extend(marks::subject_anywhere(rest));
    Subject { marks, topic: rest }
}

fn strip_separators(s: &str) -> &str {
    s.trim_start().trim_start_matches(SEPARATORS).trim_start()
}

/// The type named at the start of a topic, after an optional "Gửi" ("Gửi kế hoạch …").
pub(crate) fn leading_type(topic: &str) -> Option<DocType> {
    let folded = fold(topic);
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

/// Whether a subject's topic starts by acknowledging receipt ("Đã nhận: Giấy mời …").
pub(crate) fn starts_with_acknowledgement(topic: &str) -> bool {
    let folded = fold(topic);
    ACKNOWLEDGEMENTS
        .iter()
        .any(|a| word_at(folded.trim_start(), 0, a))
}

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

    #[test]
    fn prefixes_are_peeled() {
        let s = analyse("[HỎA TỐC] [204/GM-SGDĐT] Giấy mời dự hội nghị");
        assert_eq!(s.marks, vec![Mark::Urgency(Urgency::HoaToc)]);
        assert_eq!(s.topic, "Giấy mời dự hội nghị");
        let s = analyse("MẬT: 61/KH-CAT - Kế hoạch bảo vệ");
        assert_eq!(s.marks, vec![Mark::Secrecy(Secrecy::Mat)]);
        assert_eq!(s.topic, "Kế hoạch bảo vệ");
        assert_eq!(leading_type(s.topic), Some(DocType::KeHoach));
        assert_eq!(
            leading_type(analyse("Gửi công văn V/v góp ý").topic),
            Some(DocType::CongVan)
        );
        assert_eq!(leading_type("V/v tổ chức hội nghị"), Some(DocType::CongVan));
        assert_eq!(leading_type("Mật khẩu hộp thư sắp hết hạn"), None);
        assert_eq!(analyse("Mật khẩu hộp thư").marks, vec![]);
    }

    #[test]
    fn acknowledgements() {
        assert!(starts_with_acknowledgement("Đã nhận: Giấy mời họp"));
        assert!(!starts_with_acknowledgement(
            "Giấy mời họp, đề nghị xác nhận"
        ));
        assert!(mentions_acknowledgement("Phòng đã nhận được giấy mời."));
        assert!(!mentions_acknowledgement("Gửi giấy mời họp"));
    }
}
