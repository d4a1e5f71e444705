//! The text of attachments (policy/src/document/attachment_text): a PDF's first pages, a
//! DOCX's or an ODT's body. Byte 0 picks the kind (0 PDF, 1 DOCX, 2 ODT, by value modulo 3);
//! the rest is the file.
//!
//! Asserts: no panic; the work stays within the budget (plus the charge that overran it); the text is at most `MAX_TEXT_BYTES` (NFC may lengthen it, at most
//! threefold), is NFC, is not empty, and holds no control characters but tab and line feed.

use govmail_fuzz::{assert_bounded, split_control};
use policy::document::{MAX_TEXT_BYTES, WORK_BUDGET, attachment_text_steps};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (control, file) = split_control(data);
        let name = match control % 3 {
            0 => "van-ban.pdf",
            1 => "van-ban.docx",
            _ => "van-ban.odt",
        };
        let (text, steps) = attachment_text_steps(name, None, file);
        // The step that overruns the budget is the last one taken; the largest single charge is
        // for a scan of the whole file or 8 MiB inflated (256 bytes a step).
        let last_charge = (file.len() / 256).max(8 * 1024 * 1024 / 256) as u64;
        assert!(steps <= WORK_BUDGET + last_charge, "{steps} steps");
        if let Some(text) = text {
            assert_bounded("text", text.len(), MAX_TEXT_BYTES, 3, 0);
            assert!(!text.trim().is_empty(), "empty text returned");
            assert!(
                unicode_normalization::is_nfc(&text),
                "text not NFC: {text:?}"
            );
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\t' && c != '\n'),
                "control character in {text:?}"
            );
        }
    });
}
