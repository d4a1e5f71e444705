//! Reading a message's parts for evidence: document types, numbers, marks and the signs of
//! agency correspondence, each with where it was read and a short human-readable reason.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::issuer::{self, Issuer};
use super::marks::{self, Mark};
use super::number::{
    Context, DocNumber, Found, blank_number, clause_start, context_of_folded, header_number, scan,
};
use super::subject;
use super::text::{
    Content, INLINE_SUBJECT_LABELS, NEWS_DATELINE, NEWS_FROM_LABELS, Thread, excerpt, fold,
    inline_subject, news_line,
};
use super::types::{DocType, is_letter, sent_type, type_at_start, word_at};

/// Where a type was read, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TypeSource {
    /// The type-name line of the document itself ("QUYẾT ĐỊNH"), ND30 Phụ lục I II.5.
    TitleLine,
    /// A "V/v …" summary line: only a công văn has one (ND30 Phụ lục I II.5).
    SummaryLine,
    /// The "Trích yếu:" or "Loại văn bản:" field of a document-management notification,
    /// which copies the document's register entry ("Trích yếu: Chỉ thị về …").
    RegisterField,
    Subject,
    /// The abbreviation in the document's own ký hiệu.
    Number,
    Attachment,
    /// "… trân trọng gửi giấy mời …"
    CoverNote,
    /// The text of an attached PDF, DOCX or ODT (its title, "V/v" or register lines): the
    /// document itself when the note names none, below what the message says of what it
    /// sends (a công văn may enclose a Quyết định for information).
    AttachmentText,
    /// "Sở Y tế gửi giấy mời …" inside a subject that does not start with a type.
    SubjectMention,
    /// A ký hiệu whose first group is not a type abbreviation is a công văn's (body-unit).
    NumberShape,
}

/// Where a number was read, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NumberSource {
    HeaderLine,
    /// A document-management notification's "Số ký hiệu:" field: the document's number, but
    /// not the document (a reminder has one too).
    RegisterField,
    Subject,
    Attachment,
    CoverNote,
    /// A number in the text of an attached PDF, DOCX or ODT.
    AttachmentText,
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
    /// The message names a document without carrying it: a reminder ("Nhắc việc", "Sắp đến
    /// hạn"), news about it ("[Báo Điện tử Chính phủ] … Công điện số …").
    pub(super) names_only: bool,
    pub(super) automatic: bool,
    /// A delivery or read report (see `Content::report`).
    pub(super) report: bool,
    /// A meeting request (see `Content::calendar`).
    pub(super) calendar: bool,
    /// Numbers the text asks a question about: they are not the document's.
    asked: Vec<DocNumber>,
    /// The sender's domain dresses up as the state's (see `Content::impersonated`).
    pub(super) impersonated: bool,
    /// Something says the document is a draft, not issued: "gửi dự thảo …", a "DỰ THẢO"
    /// stamp, a blank number ("Số:   /QĐ-UBND"), a draft's file name.
    pub(super) draft: bool,
    /// What says who issued the document, strongest first (see [`IssuerSign`]).
    pub(super) issuer_signs: Vec<(IssuerSign, Issuer, String)>,
    /// The sender's domain names the issuer ([`IssuerSign::SenderDomain`]): trade wording,
    /// which ranks below it, can decide nothing and is not looked for.
    sender_domain_known: bool,
}

/// Where a sign of the issuer was read, most authoritative first. The document's own number
/// ranks between the header block and the others; `mod.rs` weighs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum IssuerSign {
    /// The issuing body's name in capitals at the top of the document (ND30 Phụ lục I II.2).
    HeaderBlock,
    /// "Công ty … gửi Báo giá số …".
    CompanySends,
    /// The sender's domain (`.gov.vn`, `.dcs.vn`).
    SenderDomain,
    /// Trade wording ("báo giá", "khách hàng doanh nghiệp"): only when nothing else says who
    /// the issuer is.
    TradeWording,
}

/// Words of trade, folded, that an agency's documents and cover notes do not use about
/// themselves: a quotation, customers, a hotline, a discount.
const TRADE_WORDS: &[&str] = &[
    "bao gia",
    "khach hang doanh nghiep",
    "cham soc khach hang",
    "hotline",
    "chiet khau",
    "gia cuoc",
];

/// Searchers for [`TRADE_WORDS`], made once.
static TRADE_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    TRADE_WORDS
        .iter()
        .map(memchr::memmem::Finder::new)
        .collect()
});

/// File types documents are sent as (signed PDF, office formats, archives of several).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "zip", "rar",
    "7z",
];

/// Pictures of a paper document: phone photos, scans saved as images.
const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "heic", "heif", "tif", "tiff", "webp"];

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

    /// Reads `content`, whose bodies `bodies` holds as [`as_fields`] gives them (see
    /// [`bodies_as_fields`]).
    pub(super) fn read(&mut self, content: &Content, bodies: &[Cow<'_, str>]) {
        if content.sender_issuer == Some(Issuer::State) {
            self.weak_form.push("sender on a .gov.vn domain".into());
        } else if content.sender_names_agency {
            // A commune's clerk often writes from a private address under the agency's name.
            self.weak_form.push("sender named as a state body".into());
        }
        if let Some(kind) = content.sender_issuer {
            let why = self.explain.why(|| {
                let domain = if kind == Issuer::Party {
                    ".dcs.vn"
                } else {
                    ".gov.vn"
                };
                format!("sender's domain is on {domain}")
            });
            self.issuer_signs
                .push((IssuerSign::SenderDomain, kind, why));
            self.sender_domain_known = true;
        }
        if content.report {
            self.report = true;
        }
        if content.impersonated {
            self.impersonated = true;
        }
        if content.calendar {
            self.calendar = true;
            self.note(|| "a meeting request (text/calendar, RFC 5546)".to_owned());
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
        } else if parsed.reminds() {
            self.remind(&content.subject);
        } else if parsed.reports_news() {
            self.names_only = true;
            self.note(|| format!("news about a document: '{}'", excerpt(&content.subject)));
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
        for body in bodies {
            self.read_body(body);
        }
        for name in &content.attachments {
            self.read_attachment(name);
        }
        for text in &content.attachment_texts {
            self.read_attachment_text(text);
        }
        if !self.asked.is_empty() {
            let asked = std::mem::take(&mut self.asked);
            self.numbers
                .retain(|c| c.0 == NumberSource::Attachment || !asked.contains(&c.1));
        }
        // A phone photo or scan of the signed paper, when the note names the document it
        // sends: the number is in the note, the paper in the picture.
        let photo = content.attachments.iter().find(|name| {
            let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
            IMAGE_EXTENSIONS.iter().any(|i| ext.eq_ignore_ascii_case(i))
        });
        if let Some(photo) = photo
            && self.numbers.iter().any(|c| c.0 == NumberSource::CoverNote)
        {
            let sign = self.explain.sign("photo of the paper", || {
                format!("photo of the paper {photo} with the number in the note")
            });
            self.weak_form.push(sign);
        }
        self.type_from_number();
    }

    /// Reads an attachment's text like a body, then ranks what it gave below what the message
    /// itself says (see [`TypeSource::AttachmentText`]). A draft's text (a "DỰ THẢO" stamp, a
    /// blank number) gives no type or number: the draft is not what is issued.
    fn read_attachment_text(&mut self, text: &str) {
        let mut inner = Candidates::new(self.explain);
        inner.sender_domain_known = self.sender_domain_known;
        inner.read_body(&as_fields(text));
        self.form.append(&mut inner.form);
        self.weak_form.append(&mut inner.weak_form);
        self.marks.append(&mut inner.marks);
        self.notes.append(&mut inner.notes);
        self.issuer_signs.append(&mut inner.issuer_signs);
        self.asked.append(&mut inner.asked);
        self.names_only |= inner.names_only;
        if inner.draft {
            self.note(|| {
                "an attachment's text is a draft: its type and number are not read".into()
            });
            return;
        }
        let explain = self.explain;
        let relabel = |why: String| {
            if explain.0 {
                format!("attachment text: {why}")
            } else {
                why
            }
        };
        self.types.extend(
            inner
                .types
                .into_iter()
                .map(|(_, t, why)| (TypeSource::AttachmentText, t, relabel(why))),
        );
        self.numbers.extend(
            inner
                .numbers
                .into_iter()
                .map(|(_, n, why)| (NumberSource::AttachmentText, n, relabel(why))),
        );
    }

    /// Notes that a number belongs to another document, a draft or a request.
    fn set_aside(&mut self, number: &DocNumber, ctx: Context, label: &str) {
        if ctx == Context::Draft {
            self.set_draft(|| format!("{label}: {number} is a draft's"));
            return;
        }
        self.note(|| {
            let why = if ctx == Context::Requested {
                "is asked for, not sent"
            } else {
                "is cited, not this document's number"
            };
            format!("{label}: {number} {why}")
        });
    }

    fn set_draft(&mut self, f: impl FnOnce() -> String) {
        self.draft = true;
        self.note(f);
    }

    /// A reminder about a document carries none, even when it repeats the document's
    /// register fields.
    fn remind(&mut self, text: &str) {
        self.names_only = true;
        self.note(|| format!("a reminder about a document: '{}'", excerpt(text)));
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
        } else if let Some(sending) = sent_type(&parsed.folded) {
            if sending.draft {
                self.set_draft(|| format!("{label}: '{}' sends a draft", excerpt(subject)));
            } else {
                let t = sending.doc_type;
                self.types.push((TypeSource::SubjectMention, t, shown(&t)));
            }
        }
        for (found, ctx, _, _) in numbers_in_context(subject) {
            if ctx != Context::Sent && ctx != Context::Plain {
                self.set_aside(&found.number, ctx, label);
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

    /// Reads a body or an attachment's text, given as [`as_fields`] gives it.
    fn read_body(&mut self, body: &str) {
        // The title and "V/v" lines count only below a document header (ND30 Phụ lục I: Quốc
        // hiệu, the issuing body and số/ký hiệu come first), so that an agenda ("CHƯƠNG TRÌNH
        // HỘI NGHỊ") pasted into a cover note is not taken for the document.
        let mut header_seen = false;
        let mut title_seen = false;
        // The header block: the issuing body's name stands among a text's first lines, or
        // just above its "Số:" line when a cover note comes first.
        let mut lines_read = 0usize;
        let mut issuer_taken = false;
        // The three lines before the current one (as written, folded, their line count):
        // below the first lines, a header line counts only just above a "Số:" line, so it is
        // looked for there, not on every line of a long body.
        let mut recent: [Option<(&str, &str, usize)>; 3] = [None; 3];
        // The body folded once, for every check below. Folding maps each character on its own
        // and keeps line breaks, so its lines are the body's lines, folded.
        let folded = fold(body);
        for (line, folded_line) in lines(body).zip(lines(&folded)) {
            let line = unquoted(line);
            if line.is_empty() {
                continue;
            }
            lines_read += 1;
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
            if !issuer_taken
                && lines_read <= HEADER_BLOCK_LINES
                && let Some(kind) = issuer::header_line(line, folded_line)
            {
                issuer_taken = true;
                header_seen = true;
                self.issuer_from_header(kind, line);
            }
            // The rules that read only lines with a label of theirs: by the first byte.
            let rules = line_rules(head);
            if rules & NEWS_RULE != 0 && news_line(head) {
                self.names_only = true;
                self.note(|| format!("news: '{}'", excerpt(line)));
            }
            if rules & INLINE_SUBJECT_RULE != 0
                && let Some(subject) = inline_subject(line, head)
            {
                let parsed = subject::analyse(subject);
                self.read_subject(subject, parsed, "forwarded subject");
            }
            if head.starts_with(['s', 'k']) && blank_number(line, head) {
                self.set_draft(|| format!("body: '{}' has no number yet", excerpt(line)));
            }
            if lines_read <= HEADER_BLOCK_LINES && marks::is_draft_stamp(head) {
                self.set_draft(|| format!("body: '{}' stamps a draft", excerpt(line)));
            }
            // Every header label starts with "s" or "k" (`number::HEADER_LABELS`).
            if head.starts_with(['s', 'k'])
                && let Some((n, register)) = header_number(line, head)
            {
                header_seen = true;
                // The nearest header line at most three lines up, this one included.
                let nearest = if issuer_taken {
                    None
                } else {
                    std::iter::once(Some((line, folded_line, lines_read)))
                        .chain(recent.iter().copied())
                        .flatten()
                        .filter(|&(_, _, at)| lines_read - at <= 3)
                        .find_map(|(l, f, _)| Some((issuer::header_line(l, f)?, l)))
                };
                if let Some((kind, name)) = nearest {
                    issuer_taken = true;
                    self.issuer_from_header(kind, name);
                }
                let source = if register {
                    self.form.push("a notification's register field".into());
                    NumberSource::RegisterField
                } else {
                    self.form.push("'Số:' line".into());
                    NumberSource::HeaderLine
                };
                let why = self
                    .explain
                    .why(|| format!("body: '{}' → {n}", excerpt(line)));
                self.numbers.push((source, n, why));
            }
            if let Some(found) = marks::stamp_line(line, head) {
                for mark in found {
                    let why = self
                        .explain
                        .why(|| format!("body stamp '{line}' → {}", mark.as_id()));
                    self.marks.push((mark, why));
                }
            }
            if lines_read == 1 && subject::is_reminder(head) {
                self.remind(line);
            }
            if !title_seen && let Some(t) = title_line(line) {
                title_seen = true;
                if header_seen {
                    let why = self.explain.why(|| format!("title line '{line}' → {t}"));
                    self.types.push((TypeSource::TitleLine, t, why));
                } else if !t.info().numbered {
                    // A schedule or meeting papers carry no number and often no header: their
                    // title in capitals is a sign of form. It is not the type (an agenda
                    // pasted into a note has one too), and a numbered type's title without a
                    // header or number ("THÔNG BÁO BẢO TRÌ") is not enough.
                    self.weak_form.push("a title line in capitals".into());
                }
            }
            if header_seen && head.starts_with("v/v ") {
                let why = self
                    .explain
                    .why(|| format!("summary line '{}' → cong-van", excerpt(line)));
                self.types
                    .push((TypeSource::SummaryLine, DocType::CongVan, why));
            }
            if rules & REGISTER_RULE != 0
                && let Some(t) = register_field(folded_line)
            {
                let why = self
                    .explain
                    .why(|| format!("notification field '{}' → {t}", excerpt(line)));
                self.types.push((TypeSource::RegisterField, t, why));
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
            recent.rotate_right(1);
            recent[0] = Some((line, folded_line, lines_read));
        }
        // Trade wording names the issuer only when nothing else does; the sender's domain,
        // read before any text, ranks above it (see `issuer_of` in mod.rs): with that sign
        // the wording can never decide, and the text is not searched for it.
        if let Some(word) = (!self.sender_domain_known)
            .then(|| TRADE_WORDS.iter().zip(TRADE_FINDERS.iter()))
            .into_iter()
            .flatten()
            .find(|(_, f)| f.find(folded.as_bytes()).is_some())
            .map(|(w, _)| w)
        {
            let why = self.explain.why(|| format!("trade wording: '{word}'"));
            self.issuer_signs
                .push((IssuerSign::TradeWording, Issuer::Company, why));
        }
        let mut sent_number = false;
        for (found, ctx, start, folded_clause) in numbers_in_context(body) {
            // "… 45/QĐ-UBND ở đây là số mới hay cũ?": a number asked about is discussed,
            // not sent, wherever else it stands (a header pasted to ask about it).
            if asked_about(body, found.end) {
                self.note(|| format!("body: {} is asked about", found.number));
                self.asked.push(found.number);
                continue;
            }
            match ctx {
                Context::Sent => {
                    let clause = &body[start..found.start];
                    if issuer::company_sends(&folded_clause) {
                        let why = self
                            .explain
                            .why(|| format!("a company sends it: '{}'", excerpt(clause)));
                        self.issuer_signs
                            .push((IssuerSign::CompanySends, Issuer::Company, why));
                    }
                    let why = self.explain.why(|| {
                        let shown = excerpt(&body[start..found.end]);
                        format!("cover note: '{shown}' → {}", found.number)
                    });
                    sent_number = true;
                    self.numbers
                        .push((NumberSource::CoverNote, found.number, why));
                }
                Context::Plain => {}
                ctx => self.set_aside(&found.number, ctx, "body"),
            }
        }
        if sent_number {
            self.weak_form
                .push("cover note sends a numbered document".into());
        }
        if let Some(sending) = sent_type(&folded) {
            let (t, at) = (sending.doc_type, sending.at);
            // `at` indexes the folded text: show the folded words, which are what matched.
            let shown = || folded.get(at..).map(excerpt).unwrap_or_default();
            if sending.draft {
                self.set_draft(|| format!("cover note: '{}' sends a draft", shown()));
            } else {
                let why = self
                    .explain
                    .why(|| format!("cover note: '{}' → {t}", shown()));
                self.types.push((TypeSource::CoverNote, t, why));
            }
        }
    }

    fn issuer_from_header(&mut self, kind: Issuer, line: &str) {
        if kind == Issuer::State {
            self.form.push("issuing body's name in the header".into());
        }
        let why = self
            .explain
            .why(|| format!("header names the issuer: '{}'", excerpt(line)));
        self.issuer_signs.push((IssuerSign::HeaderBlock, kind, why));
    }

    fn read_attachment(&mut self, name: &str) {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        // File names cannot hold "/", and write the number's separators as "-", "_" or ".":
        // "03.CT-UBND.pdf", "1078_UBND-KT.signed.pdf".
        let stem_dotless = stem.replace('.', "-");
        let stem = stem_dotless.as_str();
        let explain = self.explain;
        if DOCUMENT_EXTENSIONS
            .iter()
            .any(|known| ext.eq_ignore_ascii_case(known))
        {
            // Weak: spam and phishing attach PDFs too.
            let sign = explain.sign("attached document", || format!("attached document {name}"));
            self.weak_form.push(sign);
        }
        let folded = fold(stem);
        if folded.contains("du thao") {
            self.set_draft(|| format!("attachment {name} is a draft"));
        }
        // File names write "V/v" as "V-v" and spaces as "_" or "-".
        let words = if let Some(rest) = folded.strip_prefix("v-v").or(folded.strip_prefix("v_v")) {
            format!("v/v {}", rest.replace(['_', '-'], " "))
        } else {
            folded.replace(['_', '-'], " ")
        };
        let words = words.trim_start();
        // "CV" is how file names write "công văn" ("CV 3318 SYT-NVY.pdf"); in prose it may be
        // a curriculum vitae, so only here, and only beside a number: ND30 gives the công văn
        // no type abbreviation (Phụ lục I II.3), so "CV" is the sender's shorthand for one
        // numbered document, while "CV_NguyenThiKimNgan.pdf" is a curriculum vitae.
        let named_type = type_at_start(words)
            .map(|(t, _)| t)
            .or_else(|| {
                (word_at(words, 0, "cv") && stem.bytes().any(|b| b.is_ascii_digit()))
                    .then_some(DocType::CongVan)
            })
            .or_else(|| abbreviation_first(stem));
        let number = scan(stem)
            .into_iter()
            .next()
            .map(|found| found.number)
            .or_else(|| named_type.and_then(|t| number_after_type_name(stem, t)));
        if let Some(number) = number
            .as_ref()
            .filter(|_| self.draft && folded.contains("du thao"))
        {
            self.note(|| format!("attachment {name}: {number} is a draft's"));
        } else if let Some(number) = number {
            let sign = explain.sign("document number in an attachment", || {
                format!("document number in attachment {name}")
            });
            self.form.push(sign);
            let why = explain.why(|| format!("attachment {name} → {number}"));
            self.numbers.push((NumberSource::Attachment, number, why));
        }
        for mark in marks::in_file_name(name) {
            let why = explain.why(|| format!("attachment {name} → {}", mark.as_id()));
            self.marks.push((mark, why));
        }
        if let Some(t) = named_type {
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
            // A year belongs to legal-normative documents, whose ký hiệu names their type
            // (ND30 Phụ lục I II.3); a công văn has none. "18/2027/GTT-TA" (a court's
            // summons) or "15/2025/HĐNT-APT" (a company's contract) is no công văn.
            None if *source <= NumberSource::Attachment && number.year().is_none() => {
                let why = explain
                    .why(|| format!("ký hiệu of {number} names no type (body-unit) → cong-van"));
                self.types
                    .push((TypeSource::NumberShape, DocType::CongVan, why));
            }
            None => {}
        }
    }
}

/// A file name that starts with the type's abbreviation and then the number ("QD_12_THCSNT_
/// signed.pdf", "KH 163-SYT tiem chung.pdf"): the type the abbreviation names.
fn abbreviation_first(stem: &str) -> Option<DocType> {
    // The abbreviation ends at a separator or at the number glued to it ("KH119-SXD.pdf").
    let end = stem
        .find(|c: char| matches!(c, ' ' | '_' | '-') || c.is_ascii_digit())
        .unwrap_or(stem.len());
    let first = &stem[..end];
    let rest = stem[end..].trim_start_matches([' ', '_', '-']);
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    DocNumber::parse(&format!("1/{first}-X"))?.doc_type()
}

/// A file name that names the type in words leaves its abbreviation out of the number:
/// "Giấy mời 71-SNV.docx" is 71/GM-SNV, "Ke hoach so 88 UBND.pdf" 88/KH-UBND. The number is
/// the first digits after the type name, and the ký hiệu the abbreviation groups after them.
fn number_after_type_name(stem: &str, doc_type: DocType) -> Option<DocNumber> {
    let at = stem.find(|c: char| c.is_ascii_digit())?;
    let rest = &stem[at..];
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let groups: Vec<&str> = rest[digits_end..]
        .split([' ', '-', '_'])
        .filter(|g| !g.is_empty())
        .take_while(|g| {
            g.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
                && g.starts_with(char::is_uppercase)
        })
        .take(3)
        .collect();
    let digits = &rest[..digits_end];
    let first = groups.first()?;
    // "Bao cao 57 BC-SYT (ky so).pdf" has the abbreviation after a space; a công văn has
    // none ("CV 3318 SYT-NVY.pdf").
    if DocType::from_abbreviation(first).is_some() || doc_type == DocType::CongVan {
        return DocNumber::parse(&format!("{digits}/{}", groups.join("-")));
    }
    let abbreviation = doc_type.info().abbreviations.first()?;
    DocNumber::parse(&format!("{digits}/{abbreviation}-{}", groups.join("-")))
}

/// Labels of a document-management notification's fields, folded, that an HTML table puts
/// on a line of their own with the value on the next ("Số/Ký hiệu" then "2904/UBND-TH").
const FIELD_LABELS: &[&str] = &[
    "so/ky hieu",
    "so, ky hieu",
    "so ky hieu",
    "ky hieu",
    "ky hieu van ban",
    "so hieu van ban",
    "so van ban",
    "trich yeu",
    "loai van ban",
    "do khan",
    "do mat",
];

/// Whether a line is a field label on its own ("Số/Ký hiệu", "Độ khẩn:").
fn field_label(line: &str) -> bool {
    // Every label starts with S, K, T, L or Đ/D: most lines are passed over unfolded, before
    // their end is trimmed.
    let line = line.trim_start();
    if !line.starts_with(['S', 's', 'K', 'k', 'T', 't', 'L', 'l', 'Đ', 'đ', 'D', 'd']) {
        return false;
    }
    let line = line.trim_end().trim_end_matches(':').trim_end();
    line.len() <= 48
        && line.chars().nth(16).is_none()
        && FIELD_LABELS.contains(&fold(line).as_str())
}

/// A notification's fields as "label: value" lines, however they were laid out: rows of a
/// text table ("| Ký hiệu văn bản | 03/CT-UBND |", border lines "+----+" dropped), a label and
/// its value on two lines (an HTML table's cells), dot leaders ("Số văn bản ....... : 412/GM-
/// UBND"), and a number split into its two fields ("Số: 1522" then "Ký hiệu: TB-VPUB"). Other
/// text is returned as it is.
fn as_fields(body: &str) -> Cow<'_, str> {
    // A text table, dot leaders, a "Ký hiệu:" field: looked for with searchers made once.
    // Each shape is looked for only when the byte it cannot do without is there: "|", ":",
    // a non-ASCII letter's lead byte (E1 for "ệ"/"Ệ", E2 for "…").
    let bytes = body.as_bytes();
    let [row, indented_row, dots, ellipses] = &*FIELD_SHAPES;
    let has = |f: &memchr::memmem::Finder<'_>| f.find(bytes).is_some();
    let bar = memchr::memchr(b'|', bytes).is_some();
    let non_ascii = memchr::memchr2(0xE1, 0xE2, bytes).is_some();
    // "Ký hiệu:" is looked for back from each colon, which are few.
    let symbol_label = || {
        memchr::memchr_iter(b':', bytes).any(|at| {
            let before = &bytes[..at];
            SYMBOL_LABEL_ENDS
                .iter()
                .any(|end| before.ends_with(end.as_bytes()))
        })
    };
    let table = body.starts_with('|')
        || bar && (has(row) || has(indented_row))
        || has(dots)
        || non_ascii && has(ellipses)
        || symbol_label();
    if !table && !lines(body).any(field_label) {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut lines = lines(body).peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if field_label(trimmed) {
            // The value is the next line that has one.
            while lines.peek().is_some_and(|l| l.trim().is_empty()) {
                lines.next();
            }
            out.push_str(trimmed.trim_end_matches(':').trim_end());
            out.push_str(": ");
            if let Some(value) = lines.next() {
                out.push_str(value.trim());
            }
        } else if let Some(row) = trimmed.strip_prefix('|') {
            let cells: Vec<&str> = row
                .trim_end_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            match cells.as_slice() {
                [label, values @ ..] if !label.is_empty() && !values.is_empty() => {
                    out.push_str(label);
                    out.push_str(": ");
                    out.push_str(&values.join(" "));
                }
                // A continuation row ("|     | hai cấp |") continues the value above.
                _ => out.push_str(&cells.join(" ")),
            }
        } else if let Some((label, value)) = dot_leaders(trimmed) {
            out.push_str(label);
            out.push_str(": ");
            out.push_str(value);
        } else if let Some(number) = bare_number(trimmed)
            && let Some(symbol) = lines.peek().and_then(|next| symbol_field(next.trim()))
        {
            lines.next();
            out.push_str("Số, ký hiệu: ");
            out.push_str(number);
            out.push('/');
            out.push_str(symbol);
        } else if !trimmed.starts_with("+-") {
            out.push_str(line);
        }
        out.push('\n');
    }
    Cow::Owned(out)
}

/// What makes [`as_fields`] rewrite a text: rows of a text table ("\n|", "\n |"), dot leaders
/// ("....", "……"), and a ký hiệu in a field of its own ("Ký hiệu:", unaccented or in
/// capitals: [`SYMBOL_LABEL_ENDS`] before a colon).
static FIELD_SHAPES: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
    LazyLock::new(|| ["\n|", "\n |", "....", "……"].map(memchr::memmem::Finder::new));

/// How a "Ký hiệu:" label ends before its colon, as written, unaccented or in capitals.
const SYMBOL_LABEL_ENDS: [&str; 3] = ["iệu", "IỆU", "ieu"];

/// The lines of `text` as [`str::lines`] splits them (at "\n", and at "\r\n" without its
/// "\r"; no empty line after a final line end), found with memchr: the standard searcher's
/// set-up per line was a tenth of the reading of a short body.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let text = rest?;
        match memchr::memchr(b'\n', text.as_bytes()) {
            Some(at) => {
                rest = Some(&text[at + 1..]).filter(|t| !t.is_empty());
                let line = &text[..at];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// "Số văn bản ....... : 412/GM-UBND" as its label and value; None without a run of four or
/// more leader dots.
fn dot_leaders(line: &str) -> Option<(&str, &str)> {
    let at = line.find("....").or_else(|| line.find("……"))?;
    let label = line[..at].trim_end();
    let value = line[at..]
        .trim_start_matches(['.', '…', ' ', '\t'])
        .trim_start_matches(':')
        .trim_start();
    // A field's label is short and has no colon of its own ("Số: ……/QĐ-UBND" is a blank).
    let field = !label.is_empty() && label.chars().count() <= 32 && !label.ends_with(':');
    (field && !value.is_empty()).then_some((label, value))
}

/// The digits of a "Số: 1522" line that holds nothing else.
fn bare_number(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("Số:")
        .or_else(|| line.strip_prefix("SỐ:"))
        .or_else(|| line.strip_prefix("So:"))?
        .trim();
    (!rest.is_empty() && rest.len() <= 6 && rest.bytes().all(|b| b.is_ascii_digit()))
        .then_some(rest)
}

/// The value of a "Ký hiệu: TB-VPUB" line, when it is a ký hiệu's groups.
fn symbol_field(line: &str) -> Option<&str> {
    let (label, value) = line.split_once(':')?;
    if fold(label.trim()) != "ky hieu" {
        return None;
    }
    let value = value.trim();
    DocNumber::parse(&format!("1/{value}")).map(|_| value)
}

/// The type a document-management notification's field names: "Trích yếu: Chỉ thị về …"
/// (the register's summary starts with the type), "Loại văn bản: Chỉ thị". `folded` is the
/// folded line.
fn register_field(folded: &str) -> Option<DocType> {
    let field = REGISTER_FIELDS.iter().find(|f| folded.starts_with(*f))?;
    type_at_start(folded[field.len()..].trim_start()).map(|(t, _)| t)
}

/// The fields of a document-management notification that give the type, folded (see
/// [`register_field`]).
const REGISTER_FIELDS: &[&str] = &[
    "trich yeu:",
    "loai van ban:",
    "loai vb:",
    "the loai:",
    "noi dung:",
];

/// Line rules that read only lines starting with one of their labels, as bits of
/// [`LINE_RULES_BY_FIRST_BYTE`].
const NEWS_RULE: u8 = 1;
const INLINE_SUBJECT_RULE: u8 = 2;
const REGISTER_RULE: u8 = 4;

/// For each first byte of a folded line, the rules among [`NEWS_RULE`], [`INLINE_SUBJECT_RULE`]
/// and [`REGISTER_RULE`] whose labels start with it, made from the labels themselves: a line is
/// handed only to the rules it can match, not compared with every label of every rule (most
/// lines start with none of them).
static LINE_RULES_BY_FIRST_BYTE: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let mut table = [0u8; 256];
    let rules: [(u8, &[&str]); 3] = [
        (NEWS_RULE, NEWS_FROM_LABELS),
        (NEWS_RULE, &[NEWS_DATELINE]),
        (INLINE_SUBJECT_RULE, INLINE_SUBJECT_LABELS),
    ];
    for (rule, labels) in rules.into_iter().chain([(REGISTER_RULE, REGISTER_FIELDS)]) {
        for label in labels {
            if let Some(&first) = label.as_bytes().first() {
                table[usize::from(first)] |= rule;
            }
        }
    }
    table
});

/// The rules of [`LINE_RULES_BY_FIRST_BYTE`] a folded line's start can match.
fn line_rules(head: &str) -> u8 {
    head.as_bytes()
        .first()
        .map_or(0, |&b| LINE_RULES_BY_FIRST_BYTE[usize::from(b)])
}

/// Whether the sentence that goes on after byte `end` of `text` ends with a question mark.
fn asked_about(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let stop = rest.find(['\n', '.', '!', '?', ';']).map(|i| &rest[i..]);
    stop.is_some_and(|s| s.starts_with('?'))
}

/// A body line without quotation marks and surrounding white space: a forward may quote the
/// document ("> Số: …"); a reply's quotation was cut before.
fn unquoted(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
        .trim_end()
}

/// Numbers in `text` with what their clause says about them, where the clause starts, and the
/// clause folded (read again for who sends the number). A number that follows another one in
/// the same clause without a verb of sending between them is a further reference ("Kế hoạch
/// số 12/KH-UBND ngày … về Quyết định số 34/QĐ-TTg").
fn numbers_in_context(text: &str) -> Vec<(Found, Context, usize, String)> {
    let mut out = Vec::new();
    let mut previous_end: Option<usize> = None;
    for found in scan(text) {
        // Look back no further than the previous number: this keeps the work linear.
        let from = previous_end.unwrap_or(0);
        let boundary = clause_start(text, from, found.start);
        let start = boundary.unwrap_or(from);
        let folded = fold(&text[start..found.start]);
        let mut ctx = context_of_folded(&folded);
        if previous_end.is_some() && boundary.is_none() && ctx == Context::Plain {
            ctx = Context::Cited;
        }
        previous_end = Some(found.end);
        out.push((found, ctx, start, folded));
    }
    out
}

/// Lines at the top of a text in which the issuing body's name counts as its header.
const HEADER_BLOCK_LINES: usize = 6;

/// The type-name line of a document (ND30 Phụ lục I II.5: the type in capitals on its own line,
/// "QUYẾT ĐỊNH", "THÔNG CÁO BÁO CHÍ", "THƯ CHÚC MỪNG NĂM MỚI").
fn title_line(line: &str) -> Option<DocType> {
    // A title may carry its period in brackets: "LỊCH CÔNG TÁC TUẦN 52 (từ 21/12 đến 25/12)".
    // Most lines have a lower-case letter among their first few characters: looked for in
    // the same pass as the bracket, which most lines have none of.
    let mut bracketed = line.len();
    for (at, c) in line.char_indices() {
        if c == '(' {
            bracketed = at;
            break;
        }
        if c.is_lowercase() {
            return None;
        }
    }
    let (line, rest) = line.split_at(bracketed);
    let rest_upper = rest.rsplit_once(')').map_or("", |(_, after)| after);
    if rest_upper.chars().any(|c| c.is_lowercase()) || line.chars().count() > 80 {
        return None;
    }
    if line.chars().filter(|&c| is_letter(c)).take(4).count() < 4 {
        return None;
    }
    // Markup left by a conversion ("**LỊCH CÔNG TÁC**") is no part of the title.
    let line = line.trim_matches(|c: char| c == '*' || c == '_' || c == '#' || c.is_whitespace());
    // A title starts with a type's name (or "thư …"): a line whose first letter, folded,
    // starts none ("UBND …", "SỞ …") is passed over without folding it. Only ASCII is folded
    // here (to lower case, as `fold` does); other letters are left to `fold`.
    if let Some(first) = line.bytes().next()
        && first.is_ascii()
        && !TYPE_WORD_STARTS[usize::from(first.to_ascii_lowercase())]
    {
        return None;
    }
    let folded = fold(line.trim_end_matches([':', '.']));
    // A leader's public letter is titled "THƯ GỬI …" ("Thư gửi các thầy giáo, cô giáo"),
    // "THƯ KÊU GỌI …" (an appeal) or "THƯ CHÚC …" ("THƯ CHÚC TẾT"): a thư công (ND30 Điều
    // 7, khoản 29).
    if ["thu gui", "thu keu goi", "thu chuc"]
        .iter()
        .any(|t| word_at(&folded, 0, t))
    {
        return Some(DocType::ThuCong);
    }
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
    // Looked for from each "c" where it still fits in the head (none in a short line), which
    // is cheaper than a substring search on every line.
    let bytes = head.as_bytes();
    let republic = bytes.len().checked_sub(REPUBLIC.len()).is_some_and(|last| {
        (0..=last).any(|at| bytes[at] == b'c' && bytes[at..].starts_with(REPUBLIC.as_bytes()))
    });
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

/// Words whose presence in a folded text lets it name a document type, by their first byte:
/// every name of the type table (`type_at_start`, `sent_type`, register fields, "v/v" lines)
/// and the public letters' titles that `title_line` reads ("thư gửi …", "thư kêu gọi …",
/// "thư chúc …").
static TYPE_WORDS: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let mut by_first: Vec<Vec<&'static str>> = vec![Vec::new(); 256];
    for word in super::types::TYPES
        .iter()
        .flat_map(|t| t.names.iter().copied())
        .chain(["thu gui", "thu keu goi", "thu chuc"])
    {
        if let Some(&first) = word.as_bytes().first() {
            by_first[usize::from(first)].push(word);
        }
    }
    by_first
});

/// Whether `text` holds the start of something [`scan`] or [`header_number`] could read as a
/// document number: a run of ASCII digits followed, after spaces at most, by "/", "-" or "_"
/// (every number has one of them after its digits; "Số: 218 /SYT-KHTC" keeps the template's
/// space).
fn number_may_start(text: &str) -> bool {
    // Looked for from the separators, which are far rarer than digits: one after a digit,
    // with spaces at most between them.
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'/', b'-', b'_', bytes).any(|at| {
        let before = bytes[..at].iter().rposition(|&b| b != b' ');
        before.is_some_and(|i| bytes[i].is_ascii_digit())
    })
}

/// Whether a text as a body or subject is read could give a document type: it names one in
/// words, or holds a number (whose ký hiệu gives one). Exactly as strict as the rules that read
/// types, never stricter: a type comes only from a type's name (anywhere in the folded text is
/// a superset of where the rules look) or from a number.
fn may_name_a_type(text: &str) -> bool {
    if number_may_start(text) {
        return true;
    }
    let folded = fold(text);
    let folded = folded.as_bytes();
    // At every byte (a superset of the word starts the rules look at), the words that start
    // with it: one table lookup for most bytes.
    let words = &*TYPE_WORDS;
    let starts = &*TYPE_WORD_STARTS;
    folded.iter().enumerate().any(|(at, &b)| {
        starts[usize::from(b)]
            && words[usize::from(b)]
                .iter()
                .any(|w| folded[at..].starts_with(w.as_bytes()))
    })
}

/// Whether a byte starts one of [`TYPE_WORDS`]: the test made for every byte of the text.
static TYPE_WORD_STARTS: LazyLock<[bool; 256]> =
    LazyLock::new(|| std::array::from_fn(|b| !TYPE_WORDS[b].is_empty()));

/// A pre-scan that proves cheaply that a message carries no document: nothing in it can give
/// a document type, and without a type [`super::decide`] finds nothing (every field empty).
/// A message with attachments is always read in full (their names and text are read for
/// types, numbers and form). The bodies are looked at as [`Candidates::read_body`] sees them
/// (after [`as_fields`], which joins a table's cells and a split number's fields).
/// `bodies` are `content`'s bodies as [`bodies_as_fields`] gives them.
pub(super) fn may_carry_a_document(content: &Content, bodies: &[Cow<'_, str>]) -> bool {
    if !content.attachments.is_empty() || !content.attachment_texts.is_empty() {
        return true;
    }
    may_name_a_type(&content.subject)
        || content
            .forwarded_subjects
            .iter()
            .any(|s| may_name_a_type(s))
        || bodies.iter().any(|b| may_name_a_type(b))
}

/// The bodies of `content` as [`as_fields`] gives them, worked out once for the pre-scan and
/// the reading (its tests for a table's shapes look at every line).
pub(super) fn bodies_as_fields(content: &Content) -> Vec<Cow<'_, str>> {
    content.bodies.iter().map(|b| as_fields(b)).collect()
}

#[cfg(test)]
mod line_tests {
    use super::{as_fields, lines, number_may_start};

    /// A number split into "Số:" and "Ký hiệu:" fields is joined however the label is written
    /// (the colon search back to "iệu", "IỆU" or "ieu"), and text without a field shape is
    /// left as it is.
    #[test]
    fn a_split_number_is_joined_whatever_the_labels_case() {
        for body in [
            "Số: 1522\nKý hiệu: TB-VPUB\n",
            "Số: 1522\nKÝ HIỆU: TB-VPUB\n",
            "So: 1522\nKy hieu: TB-VPUB\n",
        ] {
            assert_eq!(as_fields(body), "Số, ký hiệu: 1522/TB-VPUB\n", "{body:?}");
        }
        let plain = "Số: 1522\nnội dung: hiệu quả: cao\n";
        assert!(matches!(as_fields(plain), std::borrow::Cow::Borrowed(_)));
    }

    /// `number_may_start`, which looks from the separators back, says what its definition
    /// says: some run of digits is followed, after spaces at most, by "/", "-" or "_".
    #[test]
    fn number_starts_are_found_from_the_separators() {
        fn by_definition(text: &str) -> bool {
            let b = text.as_bytes();
            (0..b.len()).any(|i| {
                b[i].is_ascii_digit()
                    && b[i + 1..]
                        .iter()
                        .find(|&&c| c != b' ')
                        .is_some_and(|c| matches!(c, b'/' | b'-' | b'_'))
            })
        }
        let alphabet = b"0123456789  /-_aX\n";
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for len in 0..2000 {
            let text: String = (0..len % 24)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(alphabet[(seed % alphabet.len() as u64) as usize])
                })
                .collect();
            assert_eq!(number_may_start(&text), by_definition(&text), "{text:?}");
        }
        for (text, expected) in [
            ("Số: 218 /SYT", true),
            ("12/GM", true),
            ("- 12", false),
            ("a-b 3", false),
            ("Ngày 7 - 12", true),
        ] {
            assert_eq!(number_may_start(text), expected, "{text:?}");
        }
    }

    /// `lines` splits exactly as `str::lines` does, bare "\r" and final line ends included.
    #[test]
    fn lines_split_as_str_lines_does() {
        for text in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\r\n",
            "a\r",
            "a\rb\n",
            "\r\n\r\n",
            "a\n\nb",
            "Số: 12\r\nKÍNH GỬI\n\r\nx\r",
            "\u{1ec7}\n\u{1ec7}",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }
}
