//! The text shown by a page's content stream (ISO 32000-1 §9.4): strings of the text-showing
//! operators (Tj, TJ, ', ") decoded through the font's /ToUnicode CMap (§9.10.3: bfchar and
//! bfrange, one- or two-byte codes as its codespace ranges say — Word and LibreOffice write
//! Vietnamese with Identity-H fonts of two-byte glyph codes, or subsets of one-byte codes), or
//! WinAnsi for a simple font without one. Lines are told apart by the text position: a move
//! to another baseline is a line break, a gap on the same baseline wider than a fifth of the
//! font size is a space (advance widths from /Widths or /W).

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use super::pdf::{Doc, MAX_STREAM_BYTES};
use super::pdf_lex::{
    Dict, Lexer, MAX_STRING_BYTES, Obj, ShortBytes, Tok, decode_hex_into, decode_hex_short,
};
use super::{Budget, Res, Stop, TextOut};

/// Mappings read from one CMap, and width entries from one font.
pub(crate) const MAX_CMAP_ENTRIES: usize = 20_000;

/// Fonts loaded per page.
pub(crate) const MAX_FONTS: usize = 64;

/// Streams of one page's /Contents array.
pub(crate) const MAX_CONTENT_PARTS: usize = 64;

/// Form XObjects followed (`Do`), nested and in all, per page.
pub(crate) const MAX_FORM_DEPTH: usize = 2;
pub(crate) const MAX_FORMS: usize = 16;

/// Operands kept before an operator (a text operator takes at most three).
const MAX_OPERANDS: usize = 16;

/// The text of one code: nearly always one character, kept without an allocation.
enum Mapped {
    Char(char),
    Text(Box<str>),
}

impl Mapped {
    /// The text of UTF-16BE `bytes` (a CMap's destination string).
    fn from_utf16(bytes: &[u8]) -> Mapped {
        let mut chars = char::decode_utf16(
            bytes
                .chunks(2)
                .take(32)
                .map(|p| u16::from(p[0]) << 8 | u16::from(p.get(1).copied().unwrap_or(0))),
        )
        .flatten();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Mapped::Char(c),
            (None, _) => Mapped::Text("".into()),
            (Some(a), Some(b)) => {
                let mut text = String::from(a);
                text.push(b);
                text.extend(chars);
                Mapped::Text(text.into())
            }
        }
    }
}

enum RangeDst {
    /// UTF-16 units; the last grows with the code.
    Base(Vec<u16>),
}

#[derive(Default)]
struct Font {
    /// Code length when no codespace range matches: 2 for a composite (Type0) font.
    code_len: usize,
    /// (length, low, high) byte-wise ranges.
    codespace: Vec<(usize, Vec<u8>, Vec<u8>)>,
    chars: HashMap<(usize, u32), Mapped, BuildCodeHasher>,
    ranges: Vec<(usize, u32, u32, RangeDst)>,
    /// A simple font: codes without a mapping are read as WinAnsi.
    simple: bool,
    /// Glyph widths in thousandths of the font size: (first code, last code, width).
    widths: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// A composite font without ToUnicode: its codes are glyph numbers, not text.
    unreadable: bool,
}

impl Font {
    /// Splits `bytes` into codes (§9.7.6.2), at least one byte each.
    fn codes<'s>(&'s self, bytes: &'s [u8]) -> impl Iterator<Item = (usize, u32)> + 's {
        let mut at = 0;
        std::iter::from_fn(move || {
            let rest = bytes.get(at..).filter(|r| !r.is_empty())?;
            if self.codespace.is_empty() {
                let len = self.code_len.clamp(1, rest.len());
                at += len;
                return Some((len, code_of(&rest[..len])));
            }
            let len = (1..=4)
                .find(|&n| {
                    rest.len() >= n
                        && self.codespace.iter().any(|(l, lo, hi)| {
                            *l == n
                                && rest[..n]
                                    .iter()
                                    .zip(lo.iter().zip(hi))
                                    .all(|(b, (lo, hi))| lo <= b && b <= hi)
                        })
                })
                .unwrap_or(self.code_len.clamp(1, rest.len()));
            at += len;
            Some((len, code_of(&rest[..len])))
        })
    }

    /// A simple font whose codes are all WinAnsi characters: one byte per code, no map.
    fn is_plain_single_byte(&self) -> bool {
        self.simple
            && !self.unreadable
            && self.codespace.is_empty()
            && self.code_len <= 1
            && self.chars.is_empty()
            && self.ranges.is_empty()
    }

    fn push_text(&self, len: usize, code: u32, out: &mut TextOut) {
        if self.unreadable {
            return;
        }
        if let Some(m) = (!self.chars.is_empty())
            .then(|| self.chars.get(&(len, code)))
            .flatten()
        {
            match m {
                Mapped::Char(c) => out.push(*c),
                Mapped::Text(s) => out.push_str(s),
            }
            return;
        }
        // Sorted by low code (as built): the last range starting at or below the code.
        let i = self.ranges.partition_point(|r| r.1 <= code);
        if let Some((l, lo, hi, RangeDst::Base(units))) = i.checked_sub(1).map(|i| &self.ranges[i])
            && *l == len
            && code <= *hi
        {
            let mut units = units.clone();
            if let Some(last) = units.last_mut() {
                *last = last.wrapping_add((code - lo) as u16);
            }
            for c in char::decode_utf16(units).flatten() {
                out.push(c);
            }
            return;
        }
        if self.simple && len == 1 {
            out.push(win_ansi(code as u8));
        }
    }

    fn width(&self, code: u32) -> f64 {
        // Sorted by first code, not overlapping (as built).
        let i = self.widths.partition_point(|&(first, _, _)| first <= code);
        match i.checked_sub(1).map(|i| self.widths[i]) {
            Some((_, last, w)) if code <= last => w,
            _ => self.default_width,
        }
    }
}

/// A hasher for character codes (small integers): one multiplication, where the default
/// SipHash was a tenth of the text's cost. The codes come from the file, but a bad spread only
/// slows the lookups of that file, within its work budget.
#[derive(Default, Clone, Copy)]
struct BuildCodeHasher;

#[derive(Default)]
struct CodeHasher(u64);

impl std::hash::BuildHasher for BuildCodeHasher {
    type Hasher = CodeHasher;
    fn build_hasher(&self) -> CodeHasher {
        CodeHasher(0)
    }
}

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
    }
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |v, &b| v << 8 | u32::from(b))
}

/// Windows-1252 (WinAnsiEncoding, §D.2), enough for digits, Latin letters and punctuation.
fn win_ansi(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .take(32)
        .map(|p| u16::from(p[0]) << 8 | u16::from(p.get(1).copied().unwrap_or(0)))
        .collect()
}

impl Doc<'_, '_> {
    fn dict_of(&mut self, obj: Option<&Obj>) -> Res<Dict> {
        match obj {
            None => Ok(Dict::default()),
            Some(o) => match self.resolve(o.clone())? {
                Obj::Dict(d) | Obj::Stream(d, _) => Ok(d),
                _ => Ok(Dict::default()),
            },
        }
    }

    /// Builds the text decoder of a font dictionary (§9.6, §9.7).
    fn font(&mut self, font: &Dict) -> Res<Font> {
        let composite = font.name(b"Subtype") == Some(b"Type0");
        let mut f = Font {
            code_len: if composite { 2 } else { 1 },
            simple: !composite,
            default_width: if composite { 1000.0 } else { 500.0 },
            ..Font::default()
        };
        match font.get(b"ToUnicode").cloned().map(|o| self.resolve(o)) {
            Some(Ok(Obj::Stream(dict, range))) => {
                let data = self.decode(&dict, range, MAX_STREAM_BYTES)?;
                self.read_cmap(&data, &mut f)?;
            }
            _ if composite => f.unreadable = true,
            _ => {}
        }
        if !composite {
            // /Differences names such as "uni1EA0" say the character outright.
            if let Ok(Obj::Dict(enc)) =
                self.resolve(font.get(b"Encoding").cloned().unwrap_or(Obj::Null))
                && let Some(Obj::Array(diffs)) = enc.get(b"Differences")
            {
                let mut code = 0u32;
                for d in diffs.iter().take(256) {
                    match d {
                        Obj::Int(c) => code = u32::try_from(*c).unwrap_or(0),
                        Obj::Name(n) => {
                            if let Some(c) = std::str::from_utf8(n)
                                .ok()
                                .and_then(|n| n.strip_prefix("uni"))
                                .filter(|h| h.len() == 4)
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32)
                            {
                                f.chars.entry((1, code)).or_insert(Mapped::Char(c));
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
            let first = font.get(b"FirstChar").and_then(Obj::as_int).unwrap_or(0);
            if let Ok(Obj::Array(ws)) =
                self.resolve(font.get(b"Widths").cloned().unwrap_or(Obj::Null))
                && let Ok(first) = u32::try_from(first)
            {
                for (i, w) in ws.iter().take(256).enumerate() {
                    if let Some(w) = w.as_f64() {
                        let c = first + i as u32;
                        f.widths.push((c, c, w));
                    }
                }
            }
        } else if let Ok(Obj::Array(desc)) =
            self.resolve(font.get(b"DescendantFonts").cloned().unwrap_or(Obj::Null))
            && let Some(d) = desc.first()
        {
            let cid = self.dict_of(Some(d))?;
            if let Some(dw) = cid.get(b"DW").and_then(Obj::as_f64) {
                f.default_width = dw;
            }
            if let Ok(Obj::Array(w)) = self.resolve(cid.get(b"W").cloned().unwrap_or(Obj::Null)) {
                read_cid_widths(&w, &mut f.widths);
            }
        }
        f.widths.sort_by_key(|&(first, _, _)| first);
        f.ranges.sort_by_key(|r| r.1);
        Ok(f)
    }

    /// Reads a ToUnicode CMap (§9.10.3; Adobe Technical Note #5014): its codespace ranges,
    /// bfchar pairs and bfrange triples, read as they come (no list of objects is built).
    fn read_cmap(&mut self, data: &[u8], f: &mut Font) -> Res<()> {
        let mut lex = Lexer::without_refs(data);
        let mut entries = 0usize;
        while let Some(tok) = lex.token(self.budget)? {
            let Tok::Word(word) = tok else { continue };
            let (end, arity): (&[u8], usize) = match word {
                b"begincodespacerange" => (b"endcodespacerange", 2),
                b"beginbfchar" => (b"endbfchar", 2),
                b"beginbfrange" => (b"endbfrange", 3),
                _ => continue,
            };
            // The entries up to the end keyword (any other keyword ends them too), taken
            // `arity` objects at a time. Every turn reads a token.
            let mut entry: Vec<CmapItem<'_>> = Vec::with_capacity(arity);
            while let Some(t) = lex.token(self.budget)? {
                if t == Tok::Word(end) || matches!(t, Tok::Word(_)) {
                    break;
                }
                entry.push(match t {
                    // Codes and their text, borrowed where they can be: a CMap is mostly
                    // hex strings, two or three per entry.
                    Tok::Str(s) => CmapItem::Str(s),
                    Tok::Hex(h) => CmapItem::Hex(h),
                    Tok::Name(n) => CmapItem::Name(n),
                    t => CmapItem::Obj(lex.object_from(t, 0, self.budget)?),
                });
                entries += 1;
                if entries > MAX_CMAP_ENTRIES * 3 {
                    return Ok(());
                }
                if entry.len() == arity {
                    // Hex strings decoded in place: 64 bytes hold any code (1–4 bytes) and
                    // any text that is read (32 UTF-16 units); a longer code is refused as
                    // it was whole.
                    let hex: [ShortBytes; 3] = std::array::from_fn(|i| match entry.get(i) {
                        Some(CmapItem::Hex(h)) => decode_hex_short(h),
                        _ => decode_hex_short(b""),
                    });
                    let mut views = [View::None, View::None, View::None];
                    for ((view, item), hex) in views.iter_mut().zip(&entry).zip(&hex) {
                        *view = match item {
                            CmapItem::Str(s) => View::Bytes(s),
                            CmapItem::Hex(_) => View::Bytes(hex),
                            CmapItem::Name(n) => View::Name(n),
                            CmapItem::Obj(o) => View::Obj(o),
                        };
                    }
                    cmap_entry(word, &views[..entry.len()], f);
                    entry.clear();
                }
            }
        }
        Ok(())
    }
}

/// An item of a CMap entry: a string or a name as the lexer gave it, or another object (a
/// bfrange's array of strings).
enum CmapItem<'a> {
    Str(Cow<'a, [u8]>),
    /// A hex string's digits.
    Hex(&'a [u8]),
    Name(Cow<'a, [u8]>),
    Obj(Obj),
}

/// One entry of a CMap section `word`: a codespace range (lo hi), a bfchar (code text) or a
/// bfrange (lo hi text-or-array).
/// A CMap item as [`cmap_entry`] reads it: a string's bytes (hex decoded), a name, or
/// another object.
enum View<'e> {
    None,
    Bytes(&'e [u8]),
    Name(&'e [u8]),
    Obj(&'e Obj),
}

fn cmap_entry(word: &[u8], entry: &[View<'_>], f: &mut Font) {
    use View::{Bytes as Str, Name};
    match (word, entry) {
        (b"begincodespacerange", [Str(lo), Str(hi)])
            if lo.len() == hi.len() && (1..=4).contains(&lo.len()) =>
        {
            f.codespace.push((lo.len(), lo.to_vec(), hi.to_vec()));
        }
        (b"beginbfchar", [Str(src), dst]) => {
            if !(1..=4).contains(&src.len()) || f.chars.len() >= MAX_CMAP_ENTRIES {
                return;
            }
            let text = match dst {
                Str(d) => Mapped::from_utf16(d),
                Name(n) => Mapped::Text(String::from_utf8_lossy(n).into()),
                _ => return,
            };
            f.chars.insert((src.len(), code_of(src)), text);
        }
        (b"beginbfrange", [Str(lo), Str(hi), dst]) => {
            if lo.len() != hi.len() || !(1..=4).contains(&lo.len()) {
                return;
            }
            let (len, lo, hi) = (lo.len(), code_of(lo), code_of(hi));
            if hi < lo {
                return;
            }
            match dst {
                Str(d) if f.ranges.len() < MAX_CMAP_ENTRIES => {
                    f.ranges.push((len, lo, hi, RangeDst::Base(utf16_units(d))))
                }
                View::Obj(Obj::Array(ds)) => {
                    for (i, d) in ds.iter().enumerate().take((hi - lo) as usize + 1) {
                        if let Obj::Str(d) = d
                            && f.chars.len() < MAX_CMAP_ENTRIES
                        {
                            f.chars.insert((len, lo + i as u32), Mapped::from_utf16(d));
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// /W of a CIDFont (§9.7.4.3): `c [w1 w2 …]` and `c_first c_last w`.
fn read_cid_widths(w: &[Obj], out: &mut Vec<(u32, u32, f64)>) {
    let mut i = 0;
    // Each turn consumes two or three items.
    while i < w.len() && out.len() < MAX_CMAP_ENTRIES {
        let Some(first) = w[i].as_int().and_then(|c| u32::try_from(c).ok()) else {
            return;
        };
        match (w.get(i + 1), w.get(i + 2)) {
            (Some(Obj::Array(ws)), _) => {
                for (k, v) in ws.iter().enumerate().take(MAX_CMAP_ENTRIES) {
                    if let Some(v) = v.as_f64() {
                        let c = first.saturating_add(k as u32);
                        out.push((c, c, v));
                    }
                }
                i += 2;
            }
            (Some(last), Some(v)) => {
                if let (Some(last), Some(v)) = (
                    last.as_int().and_then(|c| u32::try_from(c).ok()),
                    v.as_f64(),
                ) && last >= first
                {
                    out.push((first, last, v));
                }
                i += 3;
            }
            _ => return,
        }
    }
}

/// The text state that matters for telling lines and words apart.
struct TextState {
    /// Text matrix and text line matrix (a b c d e f).
    tm: [f64; 6],
    tlm: [f64; 6],
    font: Option<Rc<Font>>,
    size: f64,
    leading: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    /// Where the last text shown ended (x, y) and the font size it had there.
    last: Option<(f64, f64, f64)>,
}

const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

impl TextState {
    fn new() -> TextState {
        TextState {
            tm: IDENTITY,
            tlm: IDENTITY,
            font: None,
            size: 0.0,
            leading: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            last: None,
        }
    }

    fn move_line(&mut self, tx: f64, ty: f64) {
        let m = self.tlm;
        self.tlm[4] = tx * m[0] + ty * m[2] + m[4];
        self.tlm[5] = tx * m[1] + ty * m[3] + m[5];
        self.tm = self.tlm;
    }

    /// The font size in user space (vertical scale of the text matrix).
    fn effective_size(&self) -> f64 {
        let s = self.size.abs() * self.tm[3].abs().max(self.tm[0].abs());
        if s > 0.0 { s } else { 1.0 }
    }

    /// A line break or a space between the text shown before and what is shown now.
    fn separate(&mut self, out: &mut TextOut) {
        let (x, y) = (self.tm[4], self.tm[5]);
        let size = self.effective_size();
        if let Some((lx, ly, lsize)) = self.last {
            let size = size.max(lsize);
            if (y - ly).abs() > size * 0.5 {
                out.newline();
            } else if (x - lx > size * 0.2 || x < lx - size) && !out.ends_with_space() {
                out.space();
            }
        }
    }

    /// Shows `bytes` with the current font: the text, and the text position moved by the
    /// glyphs' advance (§9.4.4).
    fn show(&mut self, bytes: &[u8], out: &mut TextOut) {
        let Some(font) = self.font.clone() else {
            return;
        };
        self.separate(out);
        if font.is_plain_single_byte() {
            // The common simple font (a standard font or one without a ToUnicode map): every
            // byte is one WinAnsi character, and the glyphs' advances add up to one move.
            if !out.push_printable_ascii(bytes) {
                for &b in bytes {
                    out.push(win_ansi(b));
                }
            }
            let advance = if font.widths.is_empty() {
                // Every glyph has the default width (a standard font without /Widths): the
                // advances add up without a lookup per byte.
                let spaces = memchr::memchr_iter(b' ', bytes).count();
                bytes.len() as f64 * (font.default_width / 1000.0 * self.size + self.char_spacing)
                    + spaces as f64 * self.word_spacing
            } else {
                let mut advance = 0.0;
                for &b in bytes {
                    advance += font.width(u32::from(b)) / 1000.0 * self.size + self.char_spacing;
                    if b == b' ' {
                        advance += self.word_spacing;
                    }
                }
                advance
            };
            self.advance(advance * self.scale);
            self.last = Some((self.tm[4], self.tm[5], self.effective_size()));
            return;
        }
        for (len, code) in font.codes(bytes) {
            font.push_text(len, code, out);
            let mut advance = font.width(code) / 1000.0 * self.size + self.char_spacing;
            if len == 1 && code == 32 {
                advance += self.word_spacing;
            }
            self.advance(advance * self.scale);
        }
        self.last = Some((self.tm[4], self.tm[5], self.effective_size()));
    }

    fn advance(&mut self, tx: f64) {
        self.tm[4] += tx * self.tm[0];
        self.tm[5] += tx * self.tm[1];
    }
}

/// Reads the text of `page` into `out`.
pub(super) fn page_text(
    doc: &mut Doc<'_, '_>,
    page: &Dict,
    resources: Option<&Obj>,
    out: &mut TextOut,
) -> Res<()> {
    let resources = doc.dict_of(resources)?;
    let content = contents(doc, page.get(b"Contents"))?;
    let mut state = TextState::new();
    let mut forms = 0;
    let mut fonts = HashMap::new();
    interpret(
        doc, &content, &resources, &mut state, &mut fonts, &mut forms, 0, out,
    )
}

/// The page's content streams, decoded and joined (§7.8.2).
fn contents(doc: &mut Doc<'_, '_>, contents: Option<&Obj>) -> Res<Vec<u8>> {
    let Some(contents) = contents else {
        return Ok(Vec::new());
    };
    let parts = match doc.resolve(contents.clone())? {
        Obj::Array(a) => a,
        s @ Obj::Stream(..) => vec![s],
        _ => return Ok(Vec::new()),
    };
    let mut data = Vec::new();
    for part in parts.into_iter().take(MAX_CONTENT_PARTS) {
        if data.len() >= MAX_STREAM_BYTES {
            break;
        }
        if let Obj::Stream(dict, range) = doc.resolve(part)? {
            // An unreadable part (an unknown filter) is left out; the others are read.
            if let Ok(d) = doc.decode(&dict, range, MAX_STREAM_BYTES - data.len()) {
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
        }
    }
    Ok(data)
}

/// An operand of a content-stream operator, borrowed from the stream where it can be: the
/// strings and names the text operators take, numbers, and TJ arrays (their items in
/// `Operands::items`). Anything else (a dictionary of marked content) is only counted.
enum Operand<'a> {
    Num(f64),
    Name(Cow<'a, [u8]>),
    Str(Cow<'a, [u8]>),
    /// A hex string's digits, decoded when shown.
    Hex(&'a [u8]),
    /// A TJ array: `items[range]`.
    Array(std::ops::Range<usize>),
    Other,
}

impl Operand<'_> {
    /// The bytes of a string (a hex string decoded into `scratch`).
    fn bytes<'s>(&'s self, scratch: &'s mut Vec<u8>) -> Option<&'s [u8]> {
        match self {
            Operand::Str(s) => Some(s),
            Operand::Hex(h) => {
                scratch.clear();
                decode_hex_into(h, MAX_STRING_BYTES, |b| scratch.push(b));
                Some(scratch)
            }
            _ => None,
        }
    }
}

/// The operands before an operator, and the items of their arrays; cleared after each
/// operator, their room kept for the next.
#[derive(Default)]
struct Operands<'a> {
    list: Vec<Operand<'a>>,
    items: Vec<Operand<'a>>,
}

impl<'a> Operands<'a> {
    fn clear(&mut self) {
        self.list.clear();
        self.items.clear();
    }

    fn num(&self, i: usize) -> f64 {
        match self.list.get(i) {
            Some(Operand::Num(n)) => *n,
            _ => 0.0,
        }
    }

    /// The bytes of operand `i` if it is a string (a hex string decoded into `scratch`).
    fn str<'s>(&'s self, i: usize, scratch: &'s mut Vec<u8>) -> Option<&'s [u8]> {
        self.list.get(i).and_then(|o| o.bytes(scratch))
    }

    fn name(&self, i: usize) -> Option<&[u8]> {
        match self.list.get(i) {
            Some(Operand::Name(n)) => Some(n),
            _ => None,
        }
    }

    /// Reads the operand that starts with `tok` and keeps it (when fewer than
    /// [`MAX_OPERANDS`] are kept). The same tokens are consumed as by [`Lexer::object_from`],
    /// and the same inputs are malformed.
    fn read(&mut self, lex: &mut Lexer<'a>, tok: Tok<'a>, budget: &mut Budget) -> Res<()> {
        let operand = match tok {
            Tok::ArrayOpen => {
                let from = self.items.len();
                loop {
                    let item = match lex.token(budget)?.ok_or(Stop::Malformed)? {
                        Tok::ArrayClose => break,
                        Tok::Str(s) => Operand::Str(s),
                        Tok::Hex(h) => Operand::Hex(h),
                        Tok::Int(i) => Operand::Num(i as f64),
                        Tok::Real(r) => Operand::Num(r),
                        // Nested arrays, dictionaries, names: read and not kept.
                        t => {
                            lex.object_from(t, 1, budget)?;
                            Operand::Other
                        }
                    };
                    self.items.push(item);
                }
                Operand::Array(from..self.items.len())
            }
            Tok::Str(s) => Operand::Str(s),
            Tok::Hex(h) => Operand::Hex(h),
            Tok::Name(n) => Operand::Name(n),
            Tok::Int(i) => Operand::Num(i as f64),
            Tok::Real(r) => Operand::Num(r),
            t => {
                lex.object_from(t, 0, budget)?;
                Operand::Other
            }
        };
        // Past the cap the operands are dropped (no operator read here takes so many).
        if self.list.len() < MAX_OPERANDS {
            self.list.push(operand);
        } else {
            self.clear();
        }
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
fn interpret(
    doc: &mut Doc<'_, '_>,
    content: &[u8],
    resources: &Dict,
    state: &mut TextState,
    fonts: &mut HashMap<Vec<u8>, Rc<Font>>,
    forms: &mut usize,
    depth: usize,
    out: &mut TextOut,
) -> Res<()> {
    let mut lex = Lexer::without_refs(content);
    let mut operands = Operands::default();
    // The bytes of the hex string being shown.
    let mut scratch = Vec::new();
    // Every turn reads at least one token (one byte or more), or ends.
    while let Some(tok) = lex.token(doc.budget)? {
        if out.full() {
            return Ok(());
        }
        let Tok::Word(op) = tok else {
            // A malformed operand (a stray ']') is dropped with the operands before it.
            match operands.read(&mut lex, tok, doc.budget) {
                Ok(()) => {}
                Err(Stop::Malformed) => operands.clear(),
                Err(e) => return Err(e),
            }
            continue;
        };
        let num = |i: usize| operands.num(i);
        match op {
            b"BT" => {
                state.tm = IDENTITY;
                state.tlm = IDENTITY;
            }
            b"Tf" => {
                state.size = num(1);
                state.font = match operands.name(0) {
                    Some(name) => load_font(doc, resources, fonts, name)?,
                    None => None,
                };
            }
            b"Td" => state.move_line(num(0), num(1)),
            b"TD" => {
                state.leading = -num(1);
                state.move_line(num(0), num(1));
            }
            b"Tm" => {
                let mut m = IDENTITY;
                for (i, slot) in m.iter_mut().enumerate() {
                    *slot = num(i);
                }
                state.tm = m;
                state.tlm = m;
            }
            b"T*" => state.move_line(0.0, -state.leading),
            b"TL" => state.leading = num(0),
            b"Tc" => state.char_spacing = num(0),
            b"Tw" => state.word_spacing = num(0),
            b"Tz" => state.scale = num(0) / 100.0,
            b"Tj" => {
                if let Some(s) = operands.str(0, &mut scratch) {
                    state.show(s, out);
                }
            }
            b"'" => {
                state.move_line(0.0, -state.leading);
                if let Some(s) = operands.str(0, &mut scratch) {
                    state.show(s, out);
                }
            }
            b"\"" => {
                state.word_spacing = num(0);
                state.char_spacing = num(1);
                state.move_line(0.0, -state.leading);
                if let Some(s) = operands.str(2, &mut scratch) {
                    state.show(s, out);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(range)) = operands.list.first() {
                    for item in operands.items.get(range.clone()).unwrap_or_default() {
                        if let Some(s) = item.bytes(&mut scratch) {
                            state.show(s, out);
                        } else {
                            // Thousandths of the font size, subtracted from the position.
                            let adjust = match item {
                                Operand::Num(n) => *n,
                                _ => 0.0,
                            };
                            state.advance(-adjust / 1000.0 * state.size * state.scale);
                        }
                    }
                }
            }
            b"Do" if depth < MAX_FORM_DEPTH && *forms < MAX_FORMS => {
                *forms += 1;
                if let Some(name) = operands.name(0) {
                    let xobjects = doc.dict_of(resources.get(b"XObject"))?;
                    if let Some(x) = xobjects.get(name).cloned()
                        && let Ok(Obj::Stream(dict, range)) = doc.resolve(x)
                        && dict.name(b"Subtype") == Some(b"Form")
                        && let Ok(data) = doc.decode(&dict, range, MAX_STREAM_BYTES)
                    {
                        let own = match dict.get(b"Resources") {
                            Some(r) => Some(doc.dict_of(Some(r))?),
                            None => None,
                        };
                        let mut inner_fonts = HashMap::new();
                        let (res, fonts) = match &own {
                            Some(r) => (r, &mut inner_fonts),
                            None => (resources, &mut *fonts),
                        };
                        interpret(doc, &data, res, state, fonts, forms, depth + 1, out)?;
                    }
                }
            }
            b"BI" => skip_inline_image(&mut lex, doc)?,
            _ => {}
        }
        operands.clear();
    }
    Ok(())
}

fn load_font(
    doc: &mut Doc<'_, '_>,
    resources: &Dict,
    fonts: &mut HashMap<Vec<u8>, Rc<Font>>,
    name: &[u8],
) -> Res<Option<Rc<Font>>> {
    if let Some(f) = fonts.get(name) {
        return Ok(Some(f.clone()));
    }
    if fonts.len() >= MAX_FONTS {
        return Ok(None);
    }
    let dict = doc.dict_of(resources.get(b"Font"))?;
    let Some(font) = dict.get(name).cloned() else {
        return Ok(None);
    };
    let font = match doc.resolve(font)? {
        Obj::Dict(d) => doc.font(&d)?,
        _ => return Ok(None),
    };
    let font = Rc::new(font);
    fonts.insert(name.to_vec(), font.clone());
    Ok(Some(font))
}

/// Skips an inline image (§8.9.7): its parameters up to ID, then the data up to an EI that
/// stands alone.
fn skip_inline_image(lex: &mut Lexer<'_>, doc: &mut Doc<'_, '_>) -> Res<()> {
    loop {
        match lex.token(doc.budget)? {
            None => return Ok(()),
            Some(Tok::Word(b"ID")) => break,
            Some(_) => {}
        }
    }
    let data = lex.data;
    let mut at = lex.pos + 1;
    // Each turn moves one byte on.
    while at + 2 <= data.len() {
        if &data[at..at + 2] == b"EI"
            && data[at - 1].is_ascii_whitespace()
            && data.get(at + 2).is_none_or(|b| b.is_ascii_whitespace())
        {
            doc.budget.bytes(at - lex.pos)?;
            lex.pos = at + 2;
            return Ok(());
        }
        at += 1;
    }
    doc.budget.bytes(data.len().saturating_sub(lex.pos))?;
    lex.pos = data.len();
    Ok(())
}
