//! Signature check of the PDF documents attached to an official document (Nghị định
//! 30/2020/NĐ-CP Điều 21.2: on receipt the văn thư checks the document's authenticity and
//! integrity). For each PDF: its signatures ([`pdf`]), each one's byte ranges, message
//! digest and CMS signature ([`cms`]), the signer's certificate path to the configured trust
//! anchors at the signing time ([`chain`]). A pure function of the file, the anchors and a
//! clock: no network, so revocation (CRL, OCSP) is not checked.
//!
//! A file's status is its worst signature's: `invalid` (the file was changed after signing,
//! or a signature does not verify) before `untrusted` (no path to an anchor, or something we
//! cannot check) before `expired` (a certificate not valid at the signing time) before
//! `valid`; `unsigned` when it has none. ND 30 documents carry two signatures, the competent
//! person's and the agency's: each is reported with its signer and time.
//!
//! A document signed more than once is a chain of incremental updates, each signature
//! covering the file up to its own end (ISO 32000-1 §12.8.1, §7.5.6). The signature that
//! covers the most must cover the whole file: bytes after it are changes nobody signed,
//! and the file is reported `invalid` ("modified after signing"). What earlier signers'
//! later revisions changed (DocMDP permissions) is not judged.

mod chain;
mod cms;
mod pdf;
mod time;
mod tlv;
mod verify;

#[cfg(test)]
mod tests;

use crate::document::attachment_text::{Budget, MAX_ATTACHMENT_BYTES, WORK_BUDGET};

/// A file's or a signature's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Unsigned,
    Valid,
    Expired,
    Untrusted,
    Invalid,
}

impl Status {
    /// The value of `status=` in the header and the register.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unsigned => "unsigned",
            Status::Valid => "valid",
            Status::Expired => "expired",
            Status::Untrusted => "untrusted",
            Status::Invalid => "invalid",
        }
    }
}

/// Why a signature is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The signed bytes changed (digest mismatch), or bytes were added after the signature.
    Modified,
    /// The byte ranges reach outside the file.
    RangeOutside,
    /// The byte ranges leave out more than the signature's own value.
    RangeNotContents,
    /// The signature dictionary or the CMS does not read.
    Malformed,
    /// The CMS signature does not verify with the signer's key.
    BadSignature,
    /// The signature is larger than any real one.
    TooLarge,
    /// More signatures than any real document has.
    TooMany,
    /// An algorithm or a signature format we cannot check.
    Unsupported,
    /// The signer's certificate is not in the signature.
    NoCertificate,
    /// No path from the signer's certificate to a configured trust anchor.
    NoTrustedPath,
    /// The signer's certificate says its key is not for signing (RFC 5280 §4.2.1.3).
    NotForSigning,
    /// A certificate on the path was not valid at the signing time.
    NotValidAtSigning,
    /// The file is too large to be checked.
    NotChecked,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Modified => "modified after signing",
            Reason::RangeOutside => "byte range outside the file",
            Reason::RangeNotContents => "byte range does not exclude exactly the signature",
            Reason::Malformed => "malformed signature",
            Reason::BadSignature => "signature does not verify",
            Reason::TooLarge => "signature too large",
            Reason::TooMany => "too many signatures",
            Reason::Unsupported => "unsupported signature algorithm or format",
            Reason::NoCertificate => "signer certificate missing",
            Reason::NoTrustedPath => "no path to a trust anchor",
            Reason::NotForSigning => "certificate not for signing",
            Reason::NotValidAtSigning => "certificate not valid at the signing time",
            Reason::NotChecked => "not checked: file too large",
        }
    }
}

/// One signature of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub status: Status,
    pub reason: Option<Reason>,
    /// The certificate subject's CN, as written (Vietnamese kept).
    pub name: Option<String>,
    /// The certificate subject's O.
    pub org: Option<String>,
    /// The signing time (Unix seconds): the signed signingTime attribute, else the
    /// dictionary's `/M`.
    pub signed_at: Option<i64>,
    /// A document timestamp (RFC 3161), not a person's or an agency's signature.
    pub timestamp: bool,
}

/// The check of one PDF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The attachment's name.
    pub file: String,
    pub status: Status,
    /// Why, when the file as a whole is at fault (too many signatures, too large).
    pub reason: Option<Reason>,
    /// Its signatures, in the order they were made (by how much of the file they cover).
    pub signers: Vec<Signer>,
}

/// The certificates signatures are checked against (`[signatures] trust_anchors`).
#[derive(Debug, Clone, Default)]
pub struct TrustAnchors {
    certs: Vec<chain::Cert>,
}

impl TrustAnchors {
    /// From DER certificates; Err(i) when the i-th does not read.
    pub fn from_der<C: AsRef<[u8]>>(certs: &[C]) -> Result<TrustAnchors, usize> {
        let certs = certs
            .iter()
            .enumerate()
            .map(|(i, c)| chain::Cert::from_der(c.as_ref()).ok_or(i))
            .collect::<Result<_, _>>()?;
        Ok(TrustAnchors { certs })
    }

    pub fn len(&self) -> usize {
        self.certs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// Each anchor's subject CN and O, for the administrator's log.
    pub fn names(&self) -> Vec<(Option<String>, Option<String>)> {
        self.certs.iter().map(|c| c.name_and_org()).collect()
    }
}

/// Signatures kept per file (more: the file is invalid, "too many signatures").
pub const MAX_SIGNATURES: usize = pdf::MAX_SIGNATURES;

/// Signed PDF attachments checked per message, at most.
pub const MAX_FILES: usize = 8;

/// SHA-2 work per file, in bytes hashed over all its signatures: each signature hashes
/// nearly the whole file, so this is a few signatures' worth of a large file.
const MAX_HASHED_BYTES: usize = 96 * 1024 * 1024;

/// Trailing bytes after the last signed byte that change nothing: line ends and spaces some
/// writers add after `%%EOF`.
const MAX_TRAILING_WHITESPACE: usize = 16;

/// Checks the signatures of the PDF `data` named `file`, against `anchors`, `now` being the
/// time of delivery (the signing time when the signature gives none).
pub fn check_pdf(file: &str, data: &[u8], anchors: &TrustAnchors, now: i64) -> FileReport {
    let report = |status, reason, signers| FileReport {
        file: file.to_string(),
        status,
        reason,
        signers,
    };
    if data.len() > MAX_ATTACHMENT_BYTES {
        return report(Status::Untrusted, Some(Reason::NotChecked), Vec::new());
    }
    let mut budget = Budget::new(WORK_BUDGET);
    let mut found = match pdf::find(data, &mut budget) {
        Ok(found) => found,
        Err(reason) => return report(Status::Invalid, Some(reason), Vec::new()),
    };
    if found.is_empty() {
        return report(Status::Unsigned, None, Vec::new());
    }
    found.sort_by_key(|f| f.end);
    let last_end = found.iter().map(|f| f.end).max().unwrap_or(0);
    let covers_all = data.get(last_end..).is_some_and(|tail| {
        tail.len() <= MAX_TRAILING_WHITESPACE
            && tail.iter().all(|b| b.is_ascii_whitespace() || *b == 0)
    });
    let mut hashed = 0usize;
    let mut signers = Vec::with_capacity(found.len());
    for f in &found {
        let mut signer = match &f.contents {
            Err((status, reason)) => Signer {
                status: *status,
                reason: Some(*reason),
                name: None,
                org: None,
                signed_at: f.claimed,
                timestamp: false,
            },
            Ok((kind, cms)) => {
                hashed = hashed.saturating_add(f.end);
                if hashed > MAX_HASHED_BYTES {
                    Signer {
                        status: Status::Untrusted,
                        reason: Some(Reason::NotChecked),
                        name: None,
                        org: None,
                        signed_at: f.claimed,
                        timestamp: *kind == cms::Kind::Timestamp,
                    }
                } else {
                    let c = cms::check(cms, *kind, f.ranges, &anchors.certs, f.claimed, now);
                    Signer {
                        status: c.status,
                        reason: c.reason,
                        name: c.name,
                        org: c.org,
                        signed_at: c.signing_time.or(f.claimed),
                        timestamp: *kind == cms::Kind::Timestamp,
                    }
                }
            }
        };
        // The last signature must cover the file: what follows it nobody signed.
        if f.end == last_end && !covers_all && signer.status != Status::Invalid {
            signer.status = Status::Invalid;
            signer.reason = Some(Reason::Modified);
        }
        signers.push(signer);
    }
    let status = signers
        .iter()
        .map(|s| s.status)
        .max()
        .unwrap_or(Status::Unsigned);
    report(status, None, signers)
}

/// Checks every PDF attachment of `message` (at most [`MAX_FILES`]). Empty when it has none.
pub fn check_message(
    message: &mail_parser::Message<'_>,
    anchors: &TrustAnchors,
    now: i64,
) -> Vec<FileReport> {
    pdf_files(message)
        .map(|(name, data)| check_pdf(name, data, anchors, now))
        .collect()
}

/// [`check_message`] for a caller that must stay quick (a session's task on an async
/// runtime): None when one of the files names a signature (`/ByteRange`), whose check
/// (digests of the signed ranges, the CMS, the certificate path) is for a blocking thread.
/// Files without one are `unsigned` after a scan of their bytes.
pub fn check_unsigned_message(
    message: &mail_parser::Message<'_>,
    anchors: &TrustAnchors,
    now: i64,
) -> Option<Vec<FileReport>> {
    let signed =
        pdf_files(message).any(|(_, data)| memchr::memmem::find(data, b"/ByteRange").is_some());
    (!signed).then(|| check_message(message, anchors, now))
}

/// The PDF attachments of `message` (at most [`MAX_FILES`]), by name and bytes.
fn pdf_files<'m>(
    message: &'m mail_parser::Message<'_>,
) -> impl Iterator<Item = (&'m str, &'m [u8])> {
    use mail_parser::MimeHeaders;
    message
        .attachments()
        .filter_map(|part| {
            let name = part.attachment_name().unwrap_or_default();
            let content_type = part
                .content_type()
                .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()));
            let is_pdf = crate::document::attachment_text::kind(name, content_type.as_deref())
                == Some(crate::document::attachment_text::Kind::Pdf);
            let data = part.contents();
            // The bytes decide: a PDF starts with its header (maybe after a little junk).
            (is_pdf && memchr::memmem::find(&data[..data.len().min(1024)], b"%PDF-").is_some())
                .then_some((name, data))
        })
        .take(MAX_FILES)
}

/// The `X-Govmail-Signature` header fields recording `reports`, one per signature (one for
/// an unsigned file), each ending in CRLF:
/// `X-Govmail-Signature: file="a.pdf"; status=valid; signer="Nguyễn Văn A"; org="UBND tỉnh
/// Quảng Ngãi"; signed-at=2026-12-07T01:40:21Z`, folded before each parameter after the
/// status (RFC 5322 §2.2.3). The values come from the sender's file and certificates:
/// quoted, with control characters, quotes and backslashes replaced, and cut short, so that
/// they cannot end the field or make a line too long (RFC 5322 §2.1.1).
pub fn header_fields(reports: &[FileReport]) -> Vec<String> {
    entries(reports)
        .into_iter()
        .map(|parts| {
            let mut f = format!("X-Govmail-Signature: {}; {}", parts[0], parts[1]);
            for p in &parts[2..] {
                f.push_str(";\r\n ");
                f.push_str(p);
            }
            f + "\r\n"
        })
        .collect()
}

/// The same records as one line each, for the exchange register.
pub fn register_lines(reports: &[FileReport]) -> Vec<String> {
    entries(reports).into_iter().map(|p| p.join("; ")).collect()
}

/// The worst status over `reports`; None when no file was checked.
pub fn overall(reports: &[FileReport]) -> Option<Status> {
    reports.iter().map(|r| r.status).max()
}

/// Each record's `name=value` parameters, `file` and `status` first.
fn entries(reports: &[FileReport]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for r in reports {
        let file = format!("file={}", quoted(&r.file));
        if r.signers.is_empty() {
            let mut parts = vec![file, format!("status={}", r.status.as_str())];
            if let Some(reason) = r.reason {
                parts.push(format!("reason=\"{}\"", reason.as_str()));
            }
            out.push(parts);
            continue;
        }
        for s in &r.signers {
            let mut parts = vec![file.clone(), format!("status={}", s.status.as_str())];
            if let Some(name) = &s.name {
                parts.push(format!("signer={}", quoted(name)));
            }
            if let Some(org) = &s.org {
                parts.push(format!("org={}", quoted(org)));
            }
            if let Some(at) = s.signed_at {
                parts.push(format!("signed-at={}", time::rfc3339(at)));
            }
            if s.timestamp {
                parts.push("kind=timestamp".into());
            }
            if let Some(reason) = s.reason {
                parts.push(format!("reason=\"{}\"", reason.as_str()));
            }
            out.push(parts);
        }
    }
    out
}

/// A value as a quoted string: at most 200 characters, no control characters, `"` and `\`
/// replaced by `'` and `/`.
fn quoted(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '"' => '\'',
            '\\' => '/',
            c if c.is_control() => ' ',
            c => c,
        })
        .take(200)
        .collect();
    format!("\"{clean}\"")
}

/// The IMAP keywords for `reports`: `$Signed` when every signed file is valid,
/// `$SignatureInvalid` when any is invalid.
pub fn keywords(reports: &[FileReport]) -> Vec<String> {
    let signed: Vec<&FileReport> = reports
        .iter()
        .filter(|r| r.status != Status::Unsigned)
        .collect();
    if signed.iter().any(|r| r.status == Status::Invalid) {
        vec!["$SignatureInvalid".into()]
    } else if !signed.is_empty() && signed.iter().all(|r| r.status == Status::Valid) {
        vec!["$Signed".into()]
    } else {
        Vec::new()
    }
}

/// Whether any file is invalid: a tampered signed document, which the unit's văn thư is
/// told about.
pub fn any_invalid(reports: &[FileReport]) -> bool {
    reports.iter().any(|r| r.status == Status::Invalid)
}

/// The signing time as RFC 3339 UTC (for notices and the register).
pub fn format_time(t: i64) -> String {
    time::rfc3339(t)
}
