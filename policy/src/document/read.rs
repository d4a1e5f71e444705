//! Reading a message's parts for evidence: document types, numbers, marks and the signs of
//! agency correspondence, each with where it was read and a short human-readable reason.

use std::borrow::Cow;

use super::marks::{self, Mark};
use super::number::{Context, DocNumber, Found, clause_start, context, header_number, scan};
use super::subject;
use super::text::{Content, Thread, excerpt, fold, inline_subject};
use super::types::{DocType, sent_type, type_at_start};

/// Where a type was read, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TypeSource {
    /// The type-name line of the document itself ("QUYẾT ĐỊNH"), ND30 Phụ lục I II.5.
    TitleLine,
    /// A "V/v …" summary line: only a công văn has one (ND30 Phụ lục I II.5).
    SummaryLine,
    Subject,
    /// The abbreviation in the document's own ký hiệu.
    Number,
    Attachment,
    /// "… trân trọng gửi giấy mời …"
    CoverNote,
    /// "Sở Y tế gửi giấy mời …" inside a subject that does not start with a type.
    SubjectMention,
    /// A ký hiệu whose first group is not a type abbreviation is a công văn's (body-unit).
    NumberShape,
}

/// Where a number was read, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NumberSource {
    HeaderLine,
    Subject,
    Attachment,
    CoverNote,
}

/// Whether the reasons are written down. Only `govmail policy classify --explain` and the
/// tests read them; delivery does not, and formatting them was a tenth of the recognition's
/// work.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Explain(pub(super) bool);

impl Explain {
    /// The reason `f` writes, or an empty string (no allocation) when not explaining.
    pub(super) fn why(self, f: impl FnOnce() -> String) -> String {
        if self.0 { f() } else { String::new() }
    }

    /// A sign of form: `f`'s detailed wording when explaining, else the `plain` one (only its
    /// presence counts then).
    fn sign(self, plain: &'static str, f: impl FnOnce() -> String) -> Cow<'static, str> {
        if self.0 { f().into() } else { plain.into() }
    }
}

/// Each candidate carries its reason, empty unless explaining (see [`Explain`]).
#[derive(Debug, Default)]
pub(super) struct Candidates {
    pub(super) explain: Explain,
    pub(super) types: Vec<(TypeSource, DocType, String)>,
    pub(super) numbers: Vec<(NumberSource, DocNumber, String)>,
    pub(super) marks: Vec<(Mark, String)>,
    /// Signs of the form of agency correspondence that only it has.
    pub(super) form: Vec<Cow<'static, str>>,
    /// Signs that other formal mail shares (a salutation, the "./." end mark, an official
    /// sender, an attached PDF or office file): two of them together count as one of `form`.
    pub(super) weak_form: Vec<Cow<'static, str>>,
    /// The text ended with "./." (one of `weak_form`, counted once).
    end_mark: bool,
    /// Why something was set aside (cited numbers, acknowledgements); empty unless explaining.
    pub(super) notes: Vec<String>,
    pub(super) acknowledgement: bool,
    pub(super) automatic: bool,
}

/// File types documents are sent as (signed PDF, office formats, archives of several).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "zip", "rar",
    "7z",
];

impl Candidates {
    pub(super) fn new(explain: Explain) -> Candidates {
        Candidates {
            explain,
            ..Candidates::default()
        }
    }

    /// Notes a reason for setting something aside, when explaining.
    fn note(&mut self, f: impl FnOnce() -> String) {
        if self.explain.0 {
            self.notes.push(f());
        }
    }

    pub(super) fn read(&mut self, content: &Content) {
        if content.official_sender {
            self.weak_form.push("sender on a .gov.vn domain".into());
        }
        if content.automatic {
            self.automatic = true;
            self.note(|| {
                "automatic or mailing-list message (Auto-Submitted, Precedence, List-Id)".to_owned()
            });
        }
        let parsed = subject::analyse(&content.subject);
        if parsed.acknowledges() {
            self.acknowledge(&content.subject);
        } else if !content.subject.is_empty() {
            self.read_subject(&content.subject, parsed, "subject");
        }
        if content.replied {
            self.note(|| {
                format!(
                    "reply: subject '{}' not read",
                    excerpt(&content.raw_subject)
                )
            });
            if content.thread == Thread::Reply
                && content
                    .bodies
                    .iter()
                    .any(|b| subject::mentions_acknowledgement(b))
            {
                self.acknowledge(&content.raw_subject);
            }
        }
        for forwarded in &content.forwarded_subjects {
            self.read_subject(forwarded, subject::analyse(forwarded), "forwarded subject");
        }
        for body in &content.bodies {
            self.read_body(body);
        }
        for name in &content.attachments {
            self.read_attachment(name);
        }
        for text in &content.attachment_texts {
            self.read_body(text);
        }
        self.type_from_number();
    }

    fn acknowledge(&mut self, subject: &str) {
        self.acknowledgement = true;
        self.note(|| format!("acknowledgement of receipt: '{}'", excerpt(subject)));
    }

    /// Reads a subject, `parsed` by [`subject::analyse`].
    fn read_subject(&mut self, subject: &str, parsed: subject::Subject, label: &'static str) {
        let explain = self.explain;
        let shown = |what: &dyn std::fmt::Display| {
            explain.why(|| format!("{label}: '{}' → {what}", excerpt(subject)))
        };
        for &mark in &parsed.marks {
            self.marks.push((mark, shown(&mark.as_id())));
        }
        if let Some(t) = parsed.leading_type() {
            self.types.push((TypeSource::Subject, t, shown(&t)));
        } else if let Some((t, _)) = sent_type(&parsed.folded) {
            self.types.push((TypeSource::SubjectMention, t, shown(&t)));
        }
        for (found, ctx, _) in numbers_in_context(subject) {
            if ctx == Context::Cited {
                self.note(|| {
                    format!(
                        "{label}: {} is cited, not this document's number",
                        found.number
                    )
                });
            } else {
                let sign = explain.sign("document number in a subject", || {
                    format!("document number in the {label}")
                });
                self.form.push(sign);
                let why = shown(&found.number);
                self.numbers
                    .push((NumberSource::Subject, found.number, why));
            }
        }
    }

    fn read_body(&mut self, body: &str) {
        // The title and "V/v" lines count only below a document header (ND30 Phụ lục I: Quốc
        // hiệu and số/ký hiệu come first), so that an agenda ("CHƯƠNG TRÌNH HỘI NGHỊ") pasted
        // into a cover note is not taken for the document.
        let mut header_seen = false;
        let mut title_seen = false;
        // The body folded once, for every check below. Folding maps each character on its own
        // and keeps line breaks, so its lines are the body's lines, folded.
        let folded = fold(body);
        for (line, folded_line) in body.lines().zip(folded.lines()) {
            let line = unquoted(line);
            if line.is_empty() {
                continue;
            }
            // Labels, stamps and form signs are all near the start of the line.
            let folded_line = unquoted(folded_line);
            // 48 characters: 48 bytes when they are ASCII, as folded Vietnamese is.
            const HEAD_CHARS: usize = 48;
            let cut = match folded_line.as_bytes().get(..HEAD_CHARS) {
                None => folded_line.len(),
                Some(start) if start.is_ascii() => HEAD_CHARS,
                Some(_) => folded_line
                    .char_indices()
                    .nth(HEAD_CHARS)
                    .map_or(folded_line.len(), |(i, _)| i),
            };
            let head = &folded_line[..cut];
            if let Some(subject) = inline_subject(line, head) {
                let parsed = subject::analyse(subject);
                self.read_subject(subject, parsed, "forwarded subject");
            }
            if let Some(n) = header_number(line, head) {
                header_seen = true;
                self.form.push("'Số:' line".into());
                let why = self
                    .explain
                    .why(|| format!("body: '{}' → {n}", excerpt(line)));
                self.numbers.push((NumberSource::HeaderLine, n, why));
            }
            if let Some(found) = marks::stamp_line(line, head) {
                for mark in found {
                    let why = self
                        .explain
                        .why(|| format!("body stamp '{line}' → {}", mark.as_id()));
                    self.marks.push((mark, why));
                }
            }
            if header_seen
                && !title_seen
                && let Some(t) = title_line(line)
            {
                title_seen = true;
                let why = self.explain.why(|| format!("title line '{line}' → {t}"));
                self.types.push((TypeSource::TitleLine, t, why));
            }
            if header_seen && head.starts_with("v/v ") {
                let why = self
                    .explain
                    .why(|| format!("summary line '{}' → cong-van", excerpt(line)));
                self.types
                    .push((TypeSource::SummaryLine, DocType::CongVan, why));
            }
            match form_line(head) {
                Some(Form::Strong(sign)) => {
                    header_seen |= sign == NATIONAL_HEADER;
                    self.form.push(sign.into());
                }
                Some(Form::Weak(sign)) => self.weak_form.push(sign.into()),
                None => {}
            }
            // ND30 custom: the text of a document or cover note ends with "./.".
            if line.ends_with("./.") && !self.end_mark {
                self.end_mark = true;
                self.weak_form.push("text ends with './.'".into());
            }
        }
        for (found, ctx, start) in numbers_in_context(body) {
            match ctx {
                Context::Sent => {
                    let why = self.explain.why(|| {
                        let shown = excerpt(&body[start..found.end]);
                        format!("cover note: '{shown}' → {}", found.number)
                    });
                    self.numbers
                        .push((NumberSource::CoverNote, found.number, why));
                }
                Context::Cited => self.note(|| {
                    format!(
                        "body: {} is cited, not this document's number",
                        found.number
                    )
                }),
                Context::Plain => {}
            }
        }
        if let Some((t, at)) = sent_type(&folded) {
            // `at` indexes the folded text: show the folded words, which are what matched.
            let why = self.explain.why(|| {
                let shown = folded.get(at..).map(excerpt).unwrap_or_default();
                format!("cover note: '{shown}' → {t}")
            });
            self.types.push((TypeSource::CoverNote, t, why));
        }
    }

    fn read_attachment(&mut self, name: &str) {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let explain = self.explain;
        if DOCUMENT_EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known))
        {
            // Weak: spam and phishing attach PDFs too.
            let sign = explain.sign("attached document", || format!("attached document {name}"));
            self.weak_form.push(sign);
        }
        if let Some(found) = scan(stem).into_iter().next() {
            let sign = explain.sign("document number in an attachment", || {
                format!("document number in attachment {name}")
            });
            self.form.push(sign);
            let why = explain.why(|| format!("attachment {name} → {}", found.number));
            self.numbers
                .push((NumberSource::Attachment, found.number, why));
        }
        for mark in marks::in_file_name(name) {
            let why = explain.why(|| format!("attachment {name} → {}", mark.as_id()));
            self.marks.push((mark, why));
        }
        // File names write "V/v" as "V-v" and spaces as "_" or "-".
        let folded = fold(stem);
        let words = if let Some(rest) = folded.strip_prefix("v-v").or(folded.strip_prefix("v_v")) {
            format!("v/v {}", rest.replace(['_', '-'], " "))
        } else {
            folded.replace(['_', '-'], " ")
        };
        if let Some((t, _)) = type_at_start(words.trim_start()) {
            let why = explain.why(|| format!("attachment {name} → {t}"));
            self.types.push((TypeSource::Attachment, t, why));
        }
    }

    /// The best number's ký hiệu names a type (`GM` → giay-moi), or has the body-unit shape of
    /// a công văn.
    fn type_from_number(&mut self) {
        let Some((source, number, _)) = self.numbers.iter().min_by_key(|c| c.0) else {
            return;
        };
        let explain = self.explain;
        match number.doc_type() {
            Some(t) => {
                let why = explain.why(|| format!("ký hiệu of {number} → {t}"));
                self.types.push((TypeSource::Number, t, why));
            }
            None if *source <= NumberSource::Attachment => {
                let why = explain
                    .why(|| format!("ký hiệu of {number} names no type (body-unit) → cong-van"));
                self.types
                    .push((TypeSource::NumberShape, DocType::CongVan, why));
            }
            None => {}
        }
    }
}

/// A body line without quotation marks and surrounding white space: a forward may quote the
/// document ("> Số: …"); a reply's quotation was cut before.
fn unquoted(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
        .trim_end()
}

/// Numbers in `text` with what their clause says about them, and where the clause starts. A
/// number that follows another one in the same clause without a verb of sending between them
/// is a further reference ("Kế hoạch số 12/KH-UBND ngày … về Quyết định số 34/QĐ-TTg").
fn numbers_in_context(text: &str) -> Vec<(Found, Context, usize)> {
    let mut out = Vec::new();
    let mut previous_end: Option<usize> = None;
    for found in scan(text) {
        // Look back no further than the previous number: this keeps the work linear.
        let from = previous_end.unwrap_or(0);
        let boundary = clause_start(text, from, found.start);
        let start = boundary.unwrap_or(from);
        let mut ctx = context(&text[start..found.start]);
        if previous_end.is_some() && boundary.is_none() && ctx == Context::Plain {
            ctx = Context::Cited;
        }
        previous_end = Some(found.end);
        out.push((found, ctx, start));
    }
    out
}

/// The type-name line of a document (ND30 Phụ lục I II.5: the type in capitals on its own line,
/// "QUYẾT ĐỊNH", "THÔNG CÁO BÁO CHÍ", "THƯ CHÚC MỪNG NĂM MỚI").
fn title_line(line: &str) -> Option<DocType> {
    // Most lines have a lower-case letter among their first few characters.
    if line.chars().any(|c| c.is_lowercase()) || line.chars().count() > 80 {
        return None;
    }
    if line.chars().filter(|c| c.is_alphabetic()).count() < 4 {
        return None;
    }
    let folded = fold(line.trim_end_matches([':', '.']));
    type_at_start(&folded)
        .map(|(t, _)| t)
        .filter(|&t| t != DocType::CongVan)
}

const NATIONAL_HEADER: &str = "national header (Quốc hiệu)";

enum Form {
    Strong(&'static str),
    Weak(&'static str),
}

/// Lines of agency correspondence (ND30 Phụ lục I), by their folded start. The salutation is
/// weak: formal letters and some spam use it too.
fn form_line(head: &str) -> Option<Form> {
    const REPUBLIC: &str = "cong hoa xa hoi chu nghia viet nam";
    // The Quốc hiệu may follow the agency's name on the same line of a two-column header.
    // Looked for from each "c", which is cheaper than a substring search on every line.
    let republic = head
        .bytes()
        .enumerate()
        .any(|(at, b)| b == b'c' && head.as_bytes()[at..].starts_with(REPUBLIC.as_bytes()));
    if republic || head.starts_with("doc lap - tu do") {
        Some(Form::Strong(NATIONAL_HEADER))
    } else if head.starts_with("noi nhan") {
        Some(Form::Strong("'Nơi nhận' list"))
    } else if head.starts_with("ky boi:") {
        Some(Form::Strong("digital signature block"))
    } else if head.starts_with("kinh gui") {
        Some(Form::Weak("salutation 'Kính gửi'"))
    } else {
        None
    }
}
