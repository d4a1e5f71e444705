//! The signature check of PDF attachments (policy/src/signature): finding signature
//! dictionaries with the PDF lexer, the byte ranges, the DER walk and the CMS/X.509 decoding,
//! the digest and signature checks, the certificate path. The input is the file; there are no
//! trust anchors (so nothing may come out valid).
//!
//! Asserts: no panic; nothing is `valid` without anchors; an unsigned file has no signers; at
//! most `MAX_SIGNATURES` signers; every X-Govmail-Signature field is one field (CRLF only at
//! its end, or folding before a space) whatever the file and certificates say.

use policy::signature::{MAX_SIGNATURES, Status, TrustAnchors, check_pdf, header_fields};

fn main() {
    let anchors = TrustAnchors::default();
    afl::fuzz!(|data: &[u8]| {
        let report = check_pdf("văn bản.pdf", data, &anchors, 1_796_601_600);
        assert_ne!(report.status, Status::Valid, "valid without anchors");
        assert!(report.signers.iter().all(|s| s.status != Status::Valid));
        if report.status == Status::Unsigned {
            assert!(report.signers.is_empty());
        }
        assert!(report.signers.len() <= MAX_SIGNATURES, "{}", report.signers.len());
        for field in header_fields(std::slice::from_ref(&report)) {
            let body = field.strip_suffix("\r\n").expect("ends in CRLF");
            for (i, line) in body.split("\r\n").enumerate() {
                assert!(i == 0 || line.starts_with(' '), "unfolded line in {field:?}");
                assert!(!line.contains(['\r', '\n']), "bare CR or LF in {field:?}");
                assert!(line.len() < 998, "line too long in {field:?}");
            }
        }
    });
}
