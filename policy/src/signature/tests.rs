#![allow(clippy::unwrap_used, clippy::expect_used)]

//! The fixtures are made by policy/tests/signatures/make.py with a test CA and pyHanko.

use std::time::Instant;

use base64::Engine;

use super::*;

const ROOT: &str = include_str!("../../tests/signatures/root.pem");
const UNSIGNED: &[u8] = include_bytes!("../../tests/signatures/unsigned.pdf");
const VALID: &[u8] = include_bytes!("../../tests/signatures/valid.pdf");
const TWO: &[u8] = include_bytes!("../../tests/signatures/two.pdf");
const ECDSA: &[u8] = include_bytes!("../../tests/signatures/ecdsa.pdf");
const TAMPERED: &[u8] = include_bytes!("../../tests/signatures/tampered.pdf");
const APPENDED: &[u8] = include_bytes!("../../tests/signatures/appended.pdf");
const UNTRUSTED: &[u8] = include_bytes!("../../tests/signatures/untrusted.pdf");
const EXPIRED: &[u8] = include_bytes!("../../tests/signatures/expired.pdf");
const KEY_USAGE: &[u8] = include_bytes!("../../tests/signatures/keyusage.pdf");

/// 2026-12-07, when the fixtures were made (any time in their certificates' 2020–2045).
const NOW: i64 = 1_796_601_600;

const UBND: &str = "Ủy ban nhân dân tỉnh Quảng Ngãi";

pub(super) fn pem_der(pem: &str) -> Vec<u8> {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

fn anchors() -> TrustAnchors {
    TrustAnchors::from_der(&[pem_der(ROOT)]).unwrap()
}

fn check(data: &[u8]) -> FileReport {
    check_pdf("QĐ 123.pdf", data, &anchors(), NOW)
}

#[test]
fn the_anchor_reads() {
    let a = anchors();
    assert_eq!(a.len(), 1);
    assert_eq!(a.names()[0].0.as_deref(), Some("Test Root CA (govmail)"));
    assert_eq!(
        TrustAnchors::from_der(&[b"not a certificate".to_vec()]).unwrap_err(),
        0
    );
}

#[test]
fn a_pdf_without_signature_is_unsigned() {
    let r = check(UNSIGNED);
    assert_eq!((r.status, r.signers.len()), (Status::Unsigned, 0));
    assert_eq!(check(b"%PDF-1.4 not much").status, Status::Unsigned);
}

#[test]
fn a_valid_pades_signature_names_its_signer() {
    let r = check(VALID);
    assert_eq!(r.status, Status::Valid, "{r:?}");
    let s = &r.signers[0];
    assert_eq!(s.name.as_deref(), Some("Nguyễn Văn An"));
    assert_eq!(s.org.as_deref(), Some(UBND));
    // PAdES puts the time in /M, not in a signingTime attribute.
    assert!(s.signed_at.is_some_and(|t| t > 1_700_000_000), "{s:?}");
    assert!(!s.timestamp);
}

#[test]
fn two_signatures_person_then_agency_are_both_reported() {
    let r = check(TWO);
    assert_eq!(r.status, Status::Valid, "{r:?}");
    assert_eq!(r.signers.len(), 2);
    assert_eq!(r.signers[0].name.as_deref(), Some("Nguyễn Văn An"));
    // The agency's certificate writes its organisation as a BMPString.
    assert_eq!(r.signers[1].name.as_deref(), Some(UBND));
    assert_eq!(r.signers[1].org.as_deref(), Some(UBND));
    assert!(r.signers.iter().all(|s| s.status == Status::Valid));
}

#[test]
fn an_ecdsa_p256_signature_is_valid() {
    let r = check(ECDSA);
    assert_eq!(r.status, Status::Valid, "{r:?}");
    assert_eq!(r.signers[0].name.as_deref(), Some("Trần Thị Bình"));
}

#[test]
fn a_changed_signed_byte_is_invalid() {
    let r = check(TAMPERED);
    assert_eq!(r.status, Status::Invalid, "{r:?}");
    assert_eq!(r.signers[0].reason, Some(Reason::Modified));
}

#[test]
fn an_update_after_the_signature_is_a_modification() {
    let r = check(APPENDED);
    assert_eq!(r.status, Status::Invalid, "{r:?}");
    assert_eq!(r.signers[0].reason, Some(Reason::Modified));
    // Still says who signed the part that was signed.
    assert_eq!(r.signers[0].name.as_deref(), Some("Nguyễn Văn An"));
}

#[test]
fn trailing_line_ends_are_not_a_modification() {
    let mut data = VALID.to_vec();
    data.extend_from_slice(b"\r\n");
    assert_eq!(check(&data).status, Status::Valid);
}

#[test]
fn an_other_root_is_untrusted() {
    let r = check(UNTRUSTED);
    assert_eq!(r.status, Status::Untrusted, "{r:?}");
    assert_eq!(r.signers[0].reason, Some(Reason::NoTrustedPath));
    // Without anchors nothing is trusted, but a tampered file is still found out.
    let none = TrustAnchors::default();
    assert_eq!(
        check_pdf("a.pdf", VALID, &none, NOW).status,
        Status::Untrusted
    );
    assert_eq!(
        check_pdf("a.pdf", TAMPERED, &none, NOW).status,
        Status::Invalid
    );
}

#[test]
fn a_certificate_expired_at_signing_is_expired() {
    let r = check(EXPIRED);
    assert_eq!(r.status, Status::Expired, "{r:?}");
    assert_eq!(r.signers[0].name.as_deref(), Some("Lê Văn Cũ"));
    assert_eq!(r.signers[0].reason, Some(Reason::NotValidAtSigning));
}

/// RFC 5280 §4.2.1.3: a key certified for encipherment only does not sign documents.
#[test]
fn a_key_not_for_signing_is_untrusted() {
    let r = check(KEY_USAGE);
    assert_eq!(r.status, Status::Untrusted, "{r:?}");
    assert_eq!(r.signers[0].reason, Some(Reason::NotForSigning));
    assert_eq!(r.signers[0].name.as_deref(), Some("Phạm Văn Mã"));
}

#[test]
fn headers_and_keywords() {
    let reports = [check(TWO), check(UNSIGNED)];
    let fields = header_fields(&reports);
    assert_eq!(fields.len(), 3);
    assert!(fields[0].starts_with(
        "X-Govmail-Signature: file=\"QĐ 123.pdf\"; status=valid;\r\n signer=\"Nguyễn Văn An\";\r\n org=\"Ủy ban nhân dân tỉnh Quảng Ngãi\";\r\n signed-at=20"
    ), "{}", fields[0]);
    assert_eq!(
        fields[2],
        "X-Govmail-Signature: file=\"QĐ 123.pdf\"; status=unsigned\r\n"
    );
    assert_eq!(keywords(&reports), ["$Signed"]);
    let reports = [check(TWO), check(TAMPERED)];
    assert_eq!(keywords(&reports), ["$SignatureInvalid"]);
    assert!(any_invalid(&reports));
    assert!(header_fields(&reports)[2].contains("reason=\"modified after signing\""));
    assert!(keywords(&[check(UNSIGNED)]).is_empty());
    assert!(keywords(&[check(UNTRUSTED)]).is_empty());
}

#[test]
fn values_from_the_sender_cannot_break_the_header() {
    let r = FileReport {
        file: "a\r\nBcc: x@y\".pdf".into(),
        status: Status::Unsigned,
        reason: None,
        signers: Vec::new(),
    };
    let f = &header_fields(&[r])[0];
    assert_eq!(f.matches("\r\n").count(), 1, "{f}");
    assert!(f.contains("file=\"a  Bcc: x@y'.pdf\""), "{f}");
}

/// The hostile shapes end in bounded time, never panic, and report what they are.
#[test]
fn hostile_pdfs_are_bounded() {
    let start = Instant::now();
    let a = anchors();
    // ByteRange outside the file.
    let outside = b"%PDF-1.7\n1 0 obj\n<< /Type /Sig /SubFilter /adbe.pkcs7.detached \
        /ByteRange [0 10 99999999999 5] /Contents <00> >>\nendobj\n";
    let r = check_pdf("x.pdf", outside, &a, NOW);
    assert_eq!(
        (r.status, r.signers[0].reason),
        (Status::Invalid, Some(Reason::RangeOutside))
    );
    let negative = b"%PDF-1.7\n1 0 obj\n<< /ByteRange [0 -10 20 -5] >>\nendobj\n";
    assert_eq!(
        check_pdf("x.pdf", negative, &a, NOW).status,
        Status::Invalid
    );
    let overflow = b"%PDF-1.7\n<< /ByteRange [0 1 9223372036854775807 9223372036854775807] >>";
    assert_eq!(
        check_pdf("x.pdf", overflow, &a, NOW).status,
        Status::Invalid
    );
    // A /Contents of 10 MB: not decoded.
    let mut big =
        b"%PDF-1.7\n1 0 obj\n<< /Type /Sig /SubFilter /adbe.pkcs7.detached /Contents ".to_vec();
    let b = big.len();
    let hex = 20 * 1024 * 1024;
    big.push(b'<');
    big.resize(big.len() + hex, b'0');
    big.push(b'>');
    let c = big.len();
    let suffix_len = " /ByteRange [0 0000000000 0000000000 0000000000] >>\nendobj\n%%EOF\n".len();
    big.extend_from_slice(
        format!(" /ByteRange [0 {b:010} {c:010} {suffix_len:010}] >>\nendobj\n%%EOF\n").as_bytes(),
    );
    assert_eq!(big.len(), c + suffix_len);
    let r = check_pdf("x.pdf", &big, &a, NOW);
    assert_eq!(
        (r.status, r.signers[0].reason),
        (Status::Invalid, Some(Reason::TooLarge)),
        "{r:?}"
    );
    // Deep nesting around a signature dictionary.
    let mut deep = b"%PDF-1.7\n1 0 obj\n".to_vec();
    deep.extend(std::iter::repeat_n(b"[<< /A ".as_slice(), 100_000).flatten());
    deep.extend_from_slice(b"/ByteRange [0 1 2 3] >>");
    let r = check_pdf("x.pdf", &deep, &a, NOW);
    assert_eq!(r.status, Status::Invalid, "{r:?}");
    // Many signatures.
    let mut many = b"%PDF-1.7\n".to_vec();
    for i in 0..1000 {
        many.extend_from_slice(
            format!("{i} 0 obj << /ByteRange [0 1 {} 1] >> endobj\n", i + 3).as_bytes(),
        );
    }
    let r = check_pdf("x.pdf", &many, &a, NOW);
    assert_eq!(
        (r.status, r.reason),
        (Status::Invalid, Some(Reason::TooMany))
    );
    // Garbage CMS in a well-formed gap.
    let mut junk = VALID.to_vec();
    let at = junk.windows(11).position(|w| w == b"/Contents <").unwrap();
    let lt = at + junk[at..].iter().position(|&b| b == b'<').unwrap();
    junk[lt + 1..lt + 9].copy_from_slice(b"30ffffff");
    let r = check_pdf("x.pdf", &junk, &a, NOW);
    assert_eq!(
        (r.status, r.signers[0].reason),
        (Status::Invalid, Some(Reason::Malformed))
    );
    // A huge uncompressed object stream with no signature in it.
    let mut huge =
        b"%PDF-1.7\n1 0 obj << /Type /ObjStm /N 100000 /First 10 /Length 30000000 >> stream\n"
            .to_vec();
    huge.resize(30 * 1024 * 1024, b'[');
    assert_eq!(check_pdf("x.pdf", &huge, &a, NOW).status, Status::Unsigned);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

/// Every truncation of a signed file ends without a panic and is never "valid".
#[test]
fn truncated_files_are_never_valid() {
    let a = anchors();
    for cut in (0..TWO.len()).step_by(97) {
        let r = check_pdf("x.pdf", &TWO[..cut], &a, NOW);
        assert_ne!(r.status, Status::Valid, "cut at {cut}");
    }
}

/// Random byte changes to a signed file, half of them inside its CMS (the DER walk, the
/// `cms`/`x509-cert` decoders, the checks): never a panic, and never `valid` when a signed
/// byte changed. (A change in the zero padding after the CMS changes nothing signed.)
#[test]
fn mutated_signatures_never_panic() {
    let a = anchors();
    let cms_at = TWO.windows(11).position(|w| w == b"/Contents <").unwrap() + 11;
    let mut k: u32 = 0x2026_1207;
    let mut next = |n: usize| {
        k = k.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (k >> 8) as usize % n
    };
    for round in 0..400 {
        let mut data = TWO.to_vec();
        let at = if round % 2 == 0 {
            cms_at + next(3000)
        } else {
            next(data.len())
        };
        let in_cms = round % 2 == 0;
        let new = if in_cms {
            b"0123456789abcdef"[next(16)]
        } else {
            next(256) as u8
        };
        let changed = data[at] != new;
        data[at] = new;
        let r = check_pdf("x.pdf", &data, &a, NOW);
        if changed && !in_cms && r.status == Status::Valid {
            // Only bytes no signature covers may change without notice: the CMS hex of
            // either signature, or trailing white space.
            let gaps: Vec<(usize, usize)> = TWO
                .windows(11)
                .enumerate()
                .filter(|(_, w)| *w == b"/Contents <")
                .map(|(i, _)| {
                    (
                        i + 10,
                        i + 10 + TWO[i + 10..].iter().position(|&b| b == b'>').unwrap(),
                    )
                })
                .collect();
            assert!(
                gaps.iter().any(|&(s, e)| (s..=e).contains(&at)),
                "byte {at} changed and still valid"
            );
        }
    }
}

/// A message with a signed PDF has cryptography to do: a quick caller (a session's task)
/// gets no answer and checks it off the runtime; one with only unsigned PDFs gets the
/// reports `check_message` gives.
#[test]
fn only_unsigned_files_are_checked_by_a_quick_caller() {
    let message = |pdfs: &[&[u8]]| {
        let mut raw = b"Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
            --b\r\nContent-Type: text/plain\r\n\r\nxin gui\r\n"
            .to_vec();
        for (i, pdf) in pdfs.iter().enumerate() {
            raw.extend_from_slice(
                format!(
                    "--b\r\nContent-Type: application/pdf; name=\"{i}.pdf\"\r\n\
                     Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
                    base64::engine::general_purpose::STANDARD.encode(pdf)
                )
                .as_bytes(),
            );
        }
        raw.extend_from_slice(b"--b--\r\n");
        raw
    };
    let anchors = anchors();
    let unsigned = message(&[UNSIGNED, UNSIGNED]);
    let parsed = mail_parser::MessageParser::default()
        .parse(&unsigned[..])
        .unwrap();
    let quick = check_unsigned_message(&parsed, &anchors, NOW).unwrap();
    assert_eq!(quick, check_message(&parsed, &anchors, NOW));
    assert_eq!(quick.len(), 2);
    assert!(quick.iter().all(|r| r.status == Status::Unsigned));
    let signed = message(&[UNSIGNED, VALID]);
    let parsed = mail_parser::MessageParser::default()
        .parse(&signed[..])
        .unwrap();
    assert_eq!(check_unsigned_message(&parsed, &anchors, NOW), None);
    assert_eq!(
        check_message(&parsed, &anchors, NOW)[1].status,
        Status::Valid
    );
}
