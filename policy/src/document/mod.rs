//! Recognition of official administrative documents (văn bản hành chính) in mail.
//!
//! A message carries an official document when it names a document type (in a title line, the
//! subject, the number's ký hiệu, an attachment name or the cover note) *and* shows the form of
//! agency correspondence (ND30 Phụ lục I): the national header, a "Số:" line, a "Nơi nhận:"
//! list, a digital-signature block, a document number in the subject or a file name — or two of
//! the weaker signs that other formal mail shares (a "Kính gửi:" salutation, the "./." end mark,
//! a `.gov.vn` sender, an attached PDF or office file). A chat that mentions
//! "báo cáo", a spam "THÔNG BÁO:" or a newsletter has the first without the second.
//!
//! The modules: `text` (normalisation, HTML, the message's parts), `subject`, `number`
//! (số/ký hiệu), `marks` (urgency, secrecy), `types` (the type table), `tcvn3` (bodies in the
//! .VnTime fonts' encoding), `read` (gathering the evidence); this one decides.
//!
//! A forward of a document (inline or as message/rfc822) is that document. A reply is judged by
//! what it adds, not by the subject and quotation it repeats, so "Re: Giấy mời … — Đã nhận"
//! carries nothing.
//!
//! Everything here is a pure function of the parsed message.

pub(crate) mod attachment_text;
mod issuer;
mod marks;
mod number;
mod read;
mod subject;
mod tcvn3;
mod text;
mod types;

#[cfg(test)]
mod tests;

use mail_parser::Message;
use serde::Serialize;

pub use attachment_text::{MAX_TEXT_BYTES, WORK_BUDGET, attachment_text, attachment_text_steps};

pub use issuer::Issuer;
pub use marks::{Secrecy, Urgency};
pub use number::DocNumber;
pub use types::{DocType, TYPES, TypeInfo};

use attachment_text::Reading;
use marks::Mark;
use read::{Candidates, Explain, IssuerSign, NumberSource, TypeSource};

/// What the recogniser found in a message. Field names are those of the corpus labels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Recognition {
    /// The message carries an official document. When false, every other field is
    /// empty/false.
    pub official: bool,
    pub doc_type: Option<DocType>,
    /// Số/ký hiệu in canonical form (`123/GM-UBND`); None when the document has none.
    pub number: Option<String>,
    pub urgency: Option<Urgency>,
    pub secrecy: Option<Secrecy>,
    /// Must be exchanged electronically: a mandatory type without a secrecy mark (state
    /// secrets may not travel by e-mail at all: Luật Bảo vệ bí mật nhà nước, NĐ 26/2020 Điều 4).
    pub mandatory: bool,
    /// Who issued the document the message carries, when it names one: a Party, union or
    /// company document is not an administrative document (`official` is false).
    pub issuer: Issuer,
    /// Short human-readable reasons, e.g. "attachment 45_TB-UBND_signed.pdf → 45/TB-UBND";
    /// only from [`explain`] (delivery needs none of them).
    pub evidence: Vec<String>,
}

/// Parses a raw message and recognises it, with the evidence. None if the bytes are not a
/// message at all.
pub fn recognise_bytes(raw: &[u8]) -> Option<Recognition> {
    let message = storage::mime::parse(raw)?;
    Some(explain(&message))
}

/// Recognises the official document carried by a parsed message, if any; `evidence` is left
/// empty. What delivery calls.
pub fn recognise(message: &Message<'_>) -> Recognition {
    recognise_with(message, Explain(false))
}

/// [`recognise`], for a caller that must stay quick (a session's task on an async runtime):
/// the text of the message's attachments (PDF, DOCX, ODT, XLSX) is read within `steps` work
/// steps in all (at most [`WORK_BUDGET`]) instead of [`WORK_BUDGET`] steps each. None when
/// that was not enough: then only [`recognise`] gives the answer, and it may take the full
/// budget, too long for such a caller. Within the budget the answer is [`recognise`]'s: an
/// attachment read to its end gives the same text whatever budget it was read under.
pub fn recognise_within(message: &Message<'_>, steps: u64) -> Option<Recognition> {
    let content = text::collect(message, Reading::within(steps.min(WORK_BUDGET)));
    if content.reading.exhausted() {
        return None;
    }
    Some(recognise_content(content, Explain(false)))
}

/// Whether the pre-scan lets `message` through to the full reading (see
/// `read::may_carry_a_document`): false proves that [`recognise`] finds no document. For the
/// tests that check it against the full rules on every corpus.
#[doc(hidden)]
pub fn may_carry_a_document(message: &Message<'_>) -> bool {
    let content = text::collect(message, Reading::default());
    read::may_carry_a_document(&content, &read::bodies_as_fields(&content))
}

/// [`recognise`], and the reasons for the result in `evidence`: for administrators and tests.
pub fn explain(message: &Message<'_>) -> Recognition {
    recognise_with(message, Explain(true))
}

fn recognise_with(message: &Message<'_>, explain: Explain) -> Recognition {
    recognise_content(text::collect(message, Reading::default()), explain)
}

fn recognise_content(content: text::Content, explain: Explain) -> Recognition {
    // Most mail names no document at all: a pre-scan proves it without the full reading.
    // Not when explaining, whose reasons say what the reading found.
    let bodies = read::bodies_as_fields(&content);
    if !explain.0 && !read::may_carry_a_document(&content, &bodies) {
        return Recognition::default();
    }
    let mut found = Candidates::new(explain);
    found.read(&content, &bodies);
    decide(found)
}

/// Turns what was read into the recognition: the most authoritative type, the best number
/// consistent with it, the most severe marks.
fn decide(mut found: Candidates) -> Recognition {
    let explain = found.explain;
    let mut evidence = std::mem::take(&mut found.notes);
    // Messages that carry no document whatever they name.
    let carries_none = if found.report {
        Some("a delivery or read report (RFC 6522 multipart/report) about another message")
    } else if found.impersonated {
        Some("the sender's domain dresses up as a .gov.vn one: phishing, not an agency")
    } else {
        None
    };
    if let Some(why) = carries_none {
        if explain.0 {
            evidence.push(why.to_owned());
        }
        return not_official(evidence);
    }
    let best_type = found.types.iter().min_by_key(|c| c.0);
    // An acknowledgement that nonetheless carries a document of its own (its own title line,
    // "Số:" line or numbered attachment) is that document.
    let strong = found.types.iter().any(|c| c.0 == TypeSource::TitleLine)
        || found.numbers.iter().any(|c| {
            matches!(
                c.0,
                NumberSource::HeaderLine
                    | NumberSource::RegisterField
                    | NumberSource::Attachment
                    | NumberSource::AttachmentText
            )
        });
    // A reminder names a document it does not carry, with its register fields and file
    // name; only the document's own text ("Số:" line, title) would make it more.
    let own_text = found.types.iter().any(|c| c.0 == TypeSource::TitleLine)
        || found
            .numbers
            .iter()
            .any(|c| c.0 == NumberSource::HeaderLine);
    let Some((_, doc_type, type_evidence)) = best_type else {
        if explain.0 {
            evidence.push("no document type named".to_owned());
        }
        return not_official(evidence);
    };
    let doc_type = *doc_type;
    if found.form.is_empty() && found.weak_form.len() < 2 {
        if explain.0 {
            evidence.push(format!(
                "{type_evidence}, but nothing has the form of agency correspondence"
            ));
        }
        return not_official(evidence);
    };
    if (found.acknowledgement || found.automatic || found.calendar) && !strong
        || found.names_only && !own_text
    {
        return not_official(evidence);
    }
    if explain.0 {
        evidence.push(type_evidence.clone());
        let form = match (found.form.first(), found.weak_form.as_slice()) {
            (Some(sign), _) => sign.to_string(),
            (None, [a, b, ..]) => format!("{a} + {b}"),
            (None, _) => String::new(),
        };
        evidence.push(format!("form: {form}"));
    }

    // ND30 Điều 15: a document gets its number when it is issued; a draft has none.
    if found.draft && found.numbers.is_empty() && doc_type.info().numbered {
        if explain.0 {
            evidence.push(format!(
                "{type_evidence}, but it is a draft: not an issued document"
            ));
        }
        return not_official(evidence);
    }

    let number = if doc_type.info().numbered {
        let consistent = |n: &DocNumber| match doc_type {
            DocType::CongVan => n.doc_type().is_none(),
            t => n.doc_type() == Some(t),
        };
        let mut numbers: Vec<&(NumberSource, DocNumber, String)> = found.numbers.iter().collect();
        numbers.sort_by_key(|c| c.0);
        let chosen = numbers
            .iter()
            .find(|c| consistent(&c.1))
            // A công văn's issuing body may share letters with a type abbreviation.
            // A Party number that names another type ("học tập Nghị quyết 57-NQ/TW") is a
            // reference, not this công văn's.
            .or_else(|| {
                numbers
                    .iter()
                    .find(|c| !c.1.party_style())
                    .filter(|_| doc_type == DocType::CongVan)
            });
        // A file name's number is the least careful spelling of it: a text that spells the
        // same number is the document's.
        // So is one that drops the Vietnamese letters the text writes elsewhere ("07/BC-DBP"
        // typed in a subject, "07/BC-ĐBP" in the note).
        let chosen = chosen.map(|c| {
            let better = |t: &&&(NumberSource, DocNumber, String)| {
                // A file name's words are no ký hiệu ("PA 04 PCCCR.pdf" is the topic): a text
                // that gives the same type and number spells the document's.
                let same_document = c.1.spelled_by(&t.1)
                    || c.0 == NumberSource::Attachment
                        && t.1.number() == c.1.number()
                        && t.1.year() == c.1.year()
                        && t.1.doc_type() == c.1.doc_type();
                same_document
                    && if c.0 == NumberSource::Attachment {
                        t.0 != NumberSource::Attachment
                    } else {
                        t.1.symbol().len() == c.1.symbol().len()
                            && t.1.vietnamese_letters() > c.1.vietnamese_letters()
                    }
            };
            numbers.iter().find(better).copied().unwrap_or(c)
        });
        chosen.map(|c| {
            if explain.0 {
                evidence.push(c.2.clone());
            }
            &c.1
        })
    } else {
        None
    };
    // The issuer is read from the document's own number, or else the best one named; a Party
    // number of another type than the document's is a reference ("Tài liệu học tập Nghị quyết
    // 57-NQ/TW" are meeting papers of whoever holds the meeting).
    let own_number = number.or_else(|| {
        let mut named: Vec<_> = found
            .numbers
            .iter()
            .filter(|c| !c.1.party_style())
            .collect();
        named.sort_by_key(|c| c.0);
        named.first().map(|c| &c.1)
    });
    let (issuer, issuer_why) = issuer_of(&found, own_number);
    if explain.0 {
        evidence.push(format!("issuer: {issuer}: {issuer_why}"));
    }
    if !issuer.issues_administrative_documents() {
        if explain.0 {
            evidence.push(
                "not a state agency's: ND30 governs the administrative documents of state \
                 agencies"
                    .to_owned(),
            );
        }
        return Recognition {
            issuer,
            ..not_official(evidence)
        };
    }
    let number = number.map(ToString::to_string);

    let urgency = most_severe(&found.marks, &mut evidence, |m| match m {
        Mark::Urgency(u) => Some(u),
        Mark::Secrecy(_) => None,
    });
    let secrecy = most_severe(&found.marks, &mut evidence, |m| match m {
        Mark::Secrecy(s) => Some(s),
        Mark::Urgency(_) => None,
    });
    let mandatory = doc_type.is_mandatory() && secrecy.is_none();
    if secrecy.is_some() && explain.0 {
        evidence.push("secret-marked: must not be sent by e-mail".to_owned());
    }
    Recognition {
        official: true,
        doc_type: Some(doc_type),
        number,
        urgency,
        secrecy,
        mandatory,
        issuer,
        evidence,
    }
}

/// Who issued the document (see `issuer`): the Party's numbering, then the header block, then
/// the body the number's ký hiệu names, then who says they send it and the sender's domain.
fn issuer_of(found: &Candidates, number: Option<&DocNumber>) -> (Issuer, String) {
    let explain = found.explain;
    let by_number = number.and_then(|n| issuer::of_number(n).map(|(kind, code)| (n, kind, code)));
    if let Some((n, Issuer::Party, _)) = by_number
        && n.party_style()
    {
        let why =
            explain.why(|| format!("{n} is numbered in the Party's style (Hướng dẫn 36-HD/VPTW)"));
        return (Issuer::Party, why);
    }
    let sign = |which: IssuerSign| {
        found
            .issuer_signs
            .iter()
            .find(|s| s.0 == which)
            .map(|s| (s.1, s.2.clone()))
    };
    if let Some(header) = sign(IssuerSign::HeaderBlock) {
        return header;
    }
    if let Some((n, kind, code)) = by_number {
        let why = explain.why(|| format!("the ký hiệu of {n} names {code}"));
        return (kind, why);
    }
    sign(IssuerSign::CompanySends)
        .or_else(|| sign(IssuerSign::SenderDomain))
        .or_else(|| sign(IssuerSign::TradeWording))
        .unwrap_or_else(|| {
            let why = explain.why(|| "no header, ký hiệu or domain names one".to_owned());
            (Issuer::Unknown, why)
        })
}

fn not_official(evidence: Vec<String>) -> Recognition {
    Recognition {
        evidence,
        ..Recognition::default()
    }
}

/// The most severe mark of one kind (the enums are ordered most severe first), with its
/// evidence added.
fn most_severe<T: Ord + Copy>(
    marks: &[(Mark, String)],
    evidence: &mut Vec<String>,
    pick: impl Fn(Mark) -> Option<T>,
) -> Option<T> {
    let (value, why) = marks
        .iter()
        .filter_map(|(m, why)| pick(*m).map(|v| (v, why)))
        .min_by_key(|(v, _)| *v)?;
    if !why.is_empty() {
        evidence.push(why.clone());
    }
    Some(value)
}
