//! The text of attached documents: the text layer of a PDF's first pages, the body of a DOCX
//! (`word/document.xml`) or an ODT (`content.xml`). Signed PDFs made by document systems and
//! office files carry the document's header ("Số: 123/QĐ-UBND", the title line, the stamps)
//! as text, and the recogniser reads it like a body. Scans without a text layer stay unread
//! (no OCR). Of a spreadsheet only the head is read, where a report made as a sheet has its
//! ND30 header; the table below is an annex or a list of documents, whose numbers are cited
//! ones, not the message's.
//!
//! Attachments come from anyone, so every reader here is bounded: in the bytes it looks at,
//! the bytes it inflates, the entries and objects it visits, the depth of any nesting it
//! follows (no recursion is driven by the input beyond [`MAX_NESTING`]), the text it returns,
//! and a [`Budget`] of work steps that every loop draws on, so that a hostile file ends in
//! bounded time without a wall clock. Nothing here panics on input; a file that cannot be read
//! gives `None` or the text read up to the fault.

mod office;
mod pdf;
pub(crate) mod pdf_lex;
mod pdf_text;
mod zip;

#[cfg(test)]
mod tests;

use super::text::nfc;

/// Inflates zlib (`zlib`) or raw deflate data into `out`, at most `cap` bytes whatever the
/// stream says; a corrupt or truncated stream keeps what came out before the fault. One shot
/// into a buffer that grows as the output comes (miniz_oxide's non-wrapping mode): no 32 KiB
/// window is made and zeroed per stream, which was a third of the work of reading a small PDF
/// or DOCX. The decompressor's state (11 KB) is made once per thread and reset for each stream
/// (`DecompressorOxide::init`), not made, zeroed and moved into a box every time: that was a
/// third of inflating a DOCX's `document.xml`. The buffer grows as miniz_oxide's
/// `decompress_to_vec_with_limit` grows it, and a fault keeps the same bytes.
pub(crate) fn inflate_into(raw: &[u8], zlib: bool, cap: usize, out: &mut Vec<u8>) {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
    thread_local! {
        static INFLATER: std::cell::RefCell<Box<DecompressorOxide>> =
            std::cell::RefCell::new(Box::default());
    }
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
        | if zlib {
            inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        } else {
            0
        };
    let mut data = vec![0u8; raw.len().saturating_mul(2).min(cap)];
    INFLATER.with(|inflater| {
        // Never borrowed twice: nothing below calls back into this function.
        let Ok(mut inflater) = inflater.try_borrow_mut() else {
            data.clear();
            return;
        };
        inflater.init();
        let mut input = raw;
        let mut at = 0;
        // Each turn either ends or doubles the buffer, which stops at the cap.
        loop {
            let (status, used, written) = decompress(&mut inflater, input, &mut data, at, flags);
            at += written;
            match status {
                TINFLStatus::Done => {
                    data.truncate(at);
                    return;
                }
                TINFLStatus::HasMoreOutput if used <= input.len() && data.len() < cap => {
                    input = &input[used..];
                    let grown = data.len().saturating_mul(2).max(1).min(cap);
                    data.resize(grown, 0);
                }
                // Past the cap, truncated or corrupt: what came out before (the buffer as it
                // stands, as miniz_oxide's own loop returns it).
                _ => return,
            }
        }
    });
    data.truncate(cap);
    if out.is_empty() {
        *out = data;
    } else {
        out.extend_from_slice(&data);
    }
}

/// Attachments larger than this are not read. Signed PDFs of official documents are a few
/// hundred KB (scans several MB, and they have no text layer); the readers look at a small
/// part of a file anyway, and this bounds the search for a PDF's trailer or a zip's directory.
pub(crate) const MAX_ATTACHMENT_BYTES: usize = 32 * 1024 * 1024;

/// The text returned per attachment, in bytes: about half a page. A document's header
/// (agency, Quốc hiệu, số/ký hiệu, place and date), title, "V/v" line and stamps are in its
/// first few hundred bytes; what follows is its content, whose numbers are citations ("Căn cứ
/// Nghị định số …"), and reading it costs the recogniser time for nothing (a first page is
/// 2–5 KB).
pub const MAX_TEXT_BYTES: usize = 4 * 1024;

/// Depth of nested arrays and dictionaries (PDF) followed by the recursive parser. Real files
/// nest a handful of levels.
pub(crate) const MAX_NESTING: usize = 32;

/// Work steps per attachment. A step is one token or XML event, one zip directory entry or
/// xref subsection, one page-tree node, or 256 bytes scanned or inflated. A one-page PDF
/// from LibreOffice takes about 1,200, the 2 MB PDFs of the bench 1,900–7,800 (most of it a
/// root /Kids of 1,117 pages), a DOCX under 200; a hostile file stops here.
pub const WORK_BUDGET: u64 = 400_000;

/// The work left for one attachment (see [`WORK_BUDGET`]).
#[derive(Debug)]
pub(crate) struct Budget {
    used: u64,
    limit: u64,
}

/// Why a reader stopped early: the work budget ran out, or the input is not what it should
/// be. Either way what was read so far is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    Budget,
    Malformed,
}

pub(crate) type Res<T> = Result<T, Stop>;

impl Budget {
    pub(crate) fn new(limit: u64) -> Budget {
        Budget { used: 0, limit }
    }

    /// Takes `steps` steps, or fails when the budget is spent.
    pub(crate) fn spend(&mut self, steps: u64) -> Res<()> {
        self.used = self.used.saturating_add(steps);
        if self.used > self.limit {
            Err(Stop::Budget)
        } else {
            Ok(())
        }
    }

    /// Takes the steps for `bytes` bytes scanned or inflated.
    pub(crate) fn bytes(&mut self, bytes: usize) -> Res<()> {
        self.spend((bytes as u64 / 256).max(1))
    }

    pub(crate) fn used(&self) -> u64 {
        self.used
    }

    /// Whether a reader asked for more steps than the budget had.
    pub(crate) fn exhausted(&self) -> bool {
        self.used > self.limit
    }

    /// The most bytes one inflation may produce: what the steps left pay for, and one step
    /// more, so that an output that reaches it exhausts the budget when it is charged
    /// ([`Budget::bytes`]). Inflating runs before its output is charged: without this bound a
    /// small budget would not bound the work of a bomb's one stream.
    pub(crate) fn room_bytes(&self) -> usize {
        let steps = self.limit.saturating_sub(self.used).saturating_add(1);
        usize::try_from(steps.saturating_mul(256)).unwrap_or(usize::MAX)
    }
}

/// The text gathered from one attachment, at most [`MAX_TEXT_BYTES`], with runs of line
/// breaks collapsed.
#[derive(Debug)]
pub(crate) struct TextOut {
    text: String,
}

impl Default for TextOut {
    /// Room for the whole text at once: grown a character at a time from empty, the buffer
    /// was reallocated about ten times per attachment (2,600 instructions, 3% of reading the
    /// one-page PDF of corpus message 0008).
    fn default() -> TextOut {
        TextOut {
            text: String::with_capacity(MAX_TEXT_BYTES),
        }
    }
}

impl TextOut {
    pub(crate) fn full(&self) -> bool {
        self.text.len() >= MAX_TEXT_BYTES
    }

    pub(crate) fn push(&mut self, c: char) {
        if c.is_ascii_graphic() || c == ' ' {
            if self.text.len() < MAX_TEXT_BYTES {
                self.text.push(c);
            }
            return;
        }
        if c == '\n' {
            self.newline();
            return;
        }
        if self.text.len() + c.len_utf8() > MAX_TEXT_BYTES {
            return;
        }
        // Control characters other than the tab say nothing to a reader of the text.
        if c.is_control() && c != '\t' {
            return;
        }
        self.text.push(c);
    }

    /// Appends `bytes` in one copy when they are all printable ASCII (what [`TextOut::push`]
    /// would keep of each), as far as the text's limit allows; false, with nothing appended,
    /// when some byte is not.
    pub(crate) fn push_printable_ascii(&mut self, bytes: &[u8]) -> bool {
        // Without an early exit, so that the check runs over many bytes at a time.
        let printable = bytes
            .iter()
            .fold(true, |all, &b| all & (b.wrapping_sub(b' ') < 95));
        if !printable {
            return false;
        }
        let room = MAX_TEXT_BYTES.saturating_sub(self.text.len());
        let run = &bytes[..bytes.len().min(room)];
        // Printable ASCII is UTF-8.
        if let Ok(run) = std::str::from_utf8(run) {
            self.text.push_str(run);
        }
        true
    }

    /// Appends in one copy the longest start of `s` that [`TextOut::push`] would keep
    /// character by character as it is (no control character, within the text's limit), and
    /// returns the rest, for the caller to push a character at a time. A word processor's text
    /// runs are whole words and lines, which cost about 65 instructions a character when
    /// pushed one at a time.
    pub(crate) fn push_plain_start<'s>(&mut self, s: &'s str) -> &'s str {
        // Control characters are below 0x20, 0x7F, and U+0080–U+009F (lead byte C2, which
        // also starts harmless characters: those go the slow way).
        let clean = s
            .bytes()
            .position(|b| b < 0x20 || b == 0x7F || b == 0xC2)
            .unwrap_or(s.len());
        let mut cut = clean.min(MAX_TEXT_BYTES.saturating_sub(self.text.len()));
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.push_str(&s[..cut]);
        &s[cut..]
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        let s = self.push_plain_start(s);
        for c in s.chars() {
            if self.full() {
                return;
            }
            self.push(c);
        }
    }

    pub(crate) fn newline(&mut self) {
        while self.text.ends_with([' ', '\t']) {
            self.text.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') && !self.full() {
            self.text.push('\n');
        }
    }

    /// A space, unless the text is at a line start or already ends with one.
    pub(crate) fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with([' ', '\n', '\t']) {
            self.push(' ');
        }
    }

    pub(crate) fn ends_with_space(&self) -> bool {
        self.text.is_empty() || self.text.ends_with([' ', '\n', '\t'])
    }

    fn finish(mut self) -> Option<String> {
        let text = self.text.trim();
        if text.is_empty() {
            return None;
        }
        if !text.is_ascii() {
            return Some(nfc(text));
        }
        // ASCII is NFC as it stands: the text is returned trimmed, without a copy.
        let end = self.text.trim_end().len();
        self.text.truncate(end);
        let start = end - self.text.trim_start().len();
        self.text.drain(..start);
        Some(self.text)
    }
}

/// The kinds of attachment whose text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Pdf,
    Docx,
    Odt,
    Xlsx,
}

/// Which kind `name` and `content_type` say the attachment is, if one that is read. The
/// bytes decide in the end: a PDF starts with `%PDF-`, an office file is a zip.
pub(crate) fn kind(name: &str, content_type: Option<&str>) -> Option<Kind> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.trim().to_ascii_lowercase());
    match ext.as_deref() {
        Some("pdf") => return Some(Kind::Pdf),
        Some("docx" | "docm" | "dotx") => return Some(Kind::Docx),
        Some("odt" | "ott") => return Some(Kind::Odt),
        Some("xlsx" | "xlsm") => return Some(Kind::Xlsx),
        _ => {}
    }
    let ct = content_type?.trim().to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or_default().trim();
    match ct {
        "application/pdf" | "application/x-pdf" => Some(Kind::Pdf),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            Some(Kind::Docx)
        }
        "application/vnd.oasis.opendocument.text" => Some(Kind::Odt),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Kind::Xlsx),
        _ => None,
    }
}

/// The text of an attachment named `name` (may be empty) of type `content_type`, NFC: the
/// first pages of a PDF's text layer, the body of a DOCX or ODT. None when the attachment is
/// of another kind, too large, unreadable or without text.
pub fn attachment_text(name: &str, content_type: Option<&str>, bytes: &[u8]) -> Option<String> {
    let kind = kind(name, content_type)?;
    read(kind, bytes, &mut Budget::new(WORK_BUDGET))
}

/// [`attachment_text`] for a known kind, drawing on `budget`.
pub(crate) fn read(kind: Kind, bytes: &[u8], budget: &mut Budget) -> Option<String> {
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return None;
    }
    let mut out = TextOut::default();
    match kind {
        Kind::Pdf => pdf::read(bytes, budget, &mut out),
        Kind::Docx => office::read_docx(bytes, budget, &mut out),
        Kind::Odt => office::read_odt(bytes, budget, &mut out),
        Kind::Xlsx => office::read_xlsx(bytes, budget, &mut out),
    }
    out.finish()
}

/// [`attachment_text`] and the work steps it took (for the fuzz target and benchmarks, which
/// check that no input goes past [`WORK_BUDGET`]).
#[doc(hidden)]
pub fn attachment_text_steps(
    name: &str,
    content_type: Option<&str>,
    bytes: &[u8],
) -> (Option<String>, u64) {
    let mut budget = Budget::new(WORK_BUDGET);
    let text = kind(name, content_type).and_then(|k| read(k, bytes, &mut budget));
    (text, budget.used())
}

/// Which kind of attachment a message part is, by its name and content type, if one whose
/// text is read.
fn part_kind(part: &mail_parser::MessagePart<'_>) -> Option<Kind> {
    use mail_parser::MimeHeaders;
    let content_type = part
        .content_type()
        .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()));
    kind(
        part.attachment_name().unwrap_or_default(),
        content_type.as_deref(),
    )
}

/// Attachments of one message whose text is read (the others are still read by name): a
/// document comes with an annex or two, not dozens.
pub(crate) const MAX_ATTACHMENTS_READ: usize = 4;

/// The attachment reading of one message: how many attachments were looked at (up to
/// [`MAX_ATTACHMENTS_READ`]) and the work they may take: [`WORK_BUDGET`] steps each, or
/// ([`Reading::within`]) a budget shared by all of them, for a caller that must stay quick
/// and learns when that was not enough ([`Reading::exhausted`]).
#[derive(Debug, Default)]
pub(crate) struct Reading {
    tried: usize,
    shared: Option<Budget>,
}

impl Reading {
    /// A reading whose attachments together take at most `steps` steps.
    pub(crate) fn within(steps: u64) -> Reading {
        Reading {
            tried: 0,
            shared: Some(Budget::new(steps)),
        }
    }

    /// Whether the shared budget ran out: some attachment was not read to its end, so what
    /// was read is not what a reading with the full budget gives.
    pub(crate) fn exhausted(&self) -> bool {
        self.shared.as_ref().is_some_and(Budget::exhausted)
    }
}

/// The text of a message part that is a PDF, DOCX or ODT attachment, read under `reading`.
pub(crate) fn of_part(
    part: &mail_parser::MessagePart<'_>,
    reading: &mut Reading,
) -> Option<String> {
    let kind = part_kind(part)?;
    if reading.tried >= MAX_ATTACHMENTS_READ {
        return None;
    }
    reading.tried += 1;
    match &mut reading.shared {
        None => read(kind, part.contents(), &mut Budget::new(WORK_BUDGET)),
        Some(budget) if budget.exhausted() => None,
        Some(budget) => read(kind, part.contents(), budget),
    }
}
