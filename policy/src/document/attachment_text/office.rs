//! The body text of a DOCX (ECMA-376 Part 1 §17: `word/document.xml`) or an ODT (OASIS
//! OpenDocument 1.2 Part 1 §5: `content.xml`), paragraphs as lines; the head of an XLSX. quick-xml reads the XML as
//! a stream of events (no tree, no recursion; nesting is a counter here).

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Budget, TextOut, zip};

/// What an element means for the text.
#[derive(Clone, Copy)]
enum Role {
    /// Character data inside it is text (w:t; in ODT every text inside a paragraph).
    Text,
    /// Its end ends a line (a paragraph, a table row).
    Block,
    /// Its start stands for a character (a tab, a break, ODF's `text:s` spaces).
    Char(char),
    /// Nothing inside it is read (a Fallback copy of a text box, a comment, a deleted run,
    /// a field's instruction).
    Skip,
    Other,
}

fn docx_role(name: &str) -> Role {
    match name {
        "w:t" => Role::Text,
        "w:p" | "w:tr" => Role::Block,
        "w:tab" | "w:ptab" => Role::Char('\t'),
        "w:br" | "w:cr" => Role::Char('\n'),
        // mc:Fallback repeats the text of mc:Choice (text boxes); w:del holds deleted runs
        // (their text is in w:delText, never read anyway); w:instrText is a field's code.
        "mc:Fallback" | "w:del" | "w:instrText" | "w:footnoteReference" => Role::Skip,
        _ => Role::Other,
    }
}

fn odt_role(name: &str) -> Role {
    match name {
        "text:p" | "text:h" | "table:table-row" => Role::Block,
        "text:tab" => Role::Char('\t'),
        "text:line-break" => Role::Char('\n'),
        "text:s" => Role::Char(' '),
        // Comments, notes and tracked deletions are not the document's text.
        "office:annotation" | "text:note" | "text:tracked-changes" => Role::Skip,
        _ => Role::Other,
    }
}

fn xlsx_role(name: &str) -> Role {
    match name {
        "t" => Role::Text,
        "si" => Role::Block,
        // Phonetic runs (furigana) repeat a string's reading.
        "rPh" => Role::Skip,
        _ => Role::Other,
    }
}

/// Strings read from the head of a spreadsheet: the ND30 header (body, national motto, "Số:",
/// place and date, title and its subject line) when a report is made as a sheet.
const XLSX_HEAD_STRINGS: usize = 10;

/// The head of an XLSX's strings (ECMA-376 Part 1 §18.4: `xl/sharedStrings.xml`, one `si` per
/// string, written in the order the cells are first filled): a report made as a spreadsheet
/// has its ND30 header in its top cells. The table below is not read: its numbers are a list
/// or citations, not the file's.
pub(super) fn read_xlsx(bytes: &[u8], budget: &mut Budget, out: &mut TextOut) {
    if let Some(xml) = zip::entry(bytes, "xl/sharedStrings.xml", budget) {
        let head = memchr::memmem::find_iter(&xml, b"</si>")
            .nth(XLSX_HEAD_STRINGS - 1)
            .map_or(xml.len(), |at| at + b"</si>".len());
        read_xml(&xml[..head], xlsx_role, false, budget, out);
    }
}

pub(super) fn read_docx(bytes: &[u8], budget: &mut Budget, out: &mut TextOut) {
    if let Some(xml) = zip::entry(bytes, "word/document.xml", budget) {
        read_xml(&xml, docx_role, false, budget, out);
    }
}

pub(super) fn read_odt(bytes: &[u8], budget: &mut Budget, out: &mut TextOut) {
    if let Some(xml) = zip::entry(bytes, "content.xml", budget) {
        read_xml(&xml, odt_role, true, budget, out);
    }
}

/// Reads the text of `xml` as `role` says, into `out`. With `text_in_blocks`, character data
/// inside any block is text (ODF); otherwise only inside Text elements (WordprocessingML, whose
/// other elements hold properties).
fn read_xml(
    xml: &[u8],
    role: fn(&str) -> Role,
    text_in_blocks: bool,
    budget: &mut Budget,
    out: &mut TextOut,
) {
    // The inflated entry may be cut anywhere, in the middle of a character too. The strict
    // check first: it is the quicker one on the valid text that comes nearly always.
    let xml = match std::str::from_utf8(xml) {
        Ok(xml) => std::borrow::Cow::Borrowed(xml),
        Err(_) => String::from_utf8_lossy(xml),
    };
    let mut reader = Reader::from_str(&xml);
    // No list of open elements kept (its size would be the input's nesting) and no error on
    // a document cut short.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    // Depth inside Text / Block elements and inside a Skip element: counters, not a stack.
    let mut text_depth = 0usize;
    let mut block_depth = 0usize;
    let mut skip_depth = 0usize;
    let in_text = |text_depth: usize, block_depth: usize| {
        text_depth > 0 || (text_in_blocks && block_depth > 0)
    };
    loop {
        if budget.spend(1).is_err() || out.full() {
            return;
        }
        // Each event consumes input: the reader advances or ends (Eof or an error).
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) => {
                if skip_depth > 0 {
                    skip_depth += 1;
                    continue;
                }
                match role(e.name().as_ref()) {
                    Role::Text => text_depth += 1,
                    Role::Block => block_depth += 1,
                    Role::Char(c) => out.push(c),
                    Role::Skip => skip_depth = 1,
                    Role::Other => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    continue;
                }
                match role(e.name().as_ref()) {
                    Role::Char(' ') => {
                        // text:s c="N": N spaces; one is enough for a reader.
                        out.push(' ');
                    }
                    Role::Char(c) => out.push(c),
                    Role::Block => out.newline(),
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match role(e.name().as_ref()) {
                    Role::Text => text_depth = text_depth.saturating_sub(1),
                    Role::Block => {
                        block_depth = block_depth.saturating_sub(1);
                        out.newline();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if skip_depth == 0 && in_text(text_depth, block_depth) => {
                // Line ends inside text are white space (XML 1.0 §2.11 normalises them).
                let text = t.xml10_content();
                for c in out.push_plain_start(&text).chars() {
                    out.push(if c == '\n' || c == '\r' { ' ' } else { c });
                }
            }
            Event::CData(t) if skip_depth == 0 && in_text(text_depth, block_depth) => {
                out.push_str(&t.into_inner());
            }
            Event::GeneralRef(r) if skip_depth == 0 && in_text(text_depth, block_depth) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                    Err(_) => None,
                };
                if let Some(c) = c {
                    out.push(c);
                }
            }
            _ => {}
        }
    }
}
