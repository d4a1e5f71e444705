//! The structure of a PDF file (ISO 32000-1 §7.5, §7.7.3), read lazily: from the trailer to
//! /Root, /Pages and the first [`MAX_PAGES`] pages, resolving only the objects on that path
//! through the cross-reference tables or streams (and object streams), with a scan of the file
//! for `n g obj` when those are broken. Nothing is parsed that the first pages do not need, so
//! a file of a million objects costs what its first page costs.
//!
//! lopdf, the maintained PDF crate, parses every object of the file when it loads one (18 ms
//! for a 2 MB text PDF, 0.97 s and 890 MB for a file of 10⁶ small objects, measured here), so
//! it cannot meet the recogniser's bounds; this reader does only what the text of the first
//! pages needs.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::pdf_lex::{Dict, Lexer, Obj, Tok, is_white};
use super::{Budget, Res, Stop, TextOut, pdf_text};

/// Pages read: the header, number, title and marks of a document are on its first page; the
/// second holds the end of a short one (the "Nơi nhận" list, the signature).
pub(crate) const MAX_PAGES: usize = 2;

/// Cross-reference sections followed through /Prev (each incremental update, a signature for
/// instance, adds one).
pub(crate) const MAX_XREF_SECTIONS: usize = 32;

/// Subsections of one cross-reference table, and index pairs of one xref stream.
pub(crate) const MAX_SUBSECTIONS: usize = 4096;

/// Bytes inflated from one stream (a page's contents, a ToUnicode CMap, an object stream).
pub(crate) const MAX_STREAM_BYTES: usize = 1024 * 1024;

/// Bytes inflated from one cross-reference stream (5 bytes per object: 1.6 million objects).
pub(crate) const MAX_XREF_STREAM_BYTES: usize = 8 * 1024 * 1024;

/// Bytes inflated from all streams of one file together.
pub(crate) const MAX_INFLATED_TOTAL: usize = 16 * 1024 * 1024;

/// Page-tree nodes visited, and kids looked at per node.
pub(crate) const MAX_TREE_NODES: usize = 256;
pub(crate) const MAX_KIDS: usize = 64;

/// Objects indexed by the scan that stands in for a broken cross-reference table.
pub(crate) const MAX_SCANNED_OBJECTS: usize = 100_000;

/// Objects in one object stream looked at, and object streams kept inflated at once.
pub(crate) const MAX_OBJSTM_OBJECTS: usize = 10_000;
const OBJSTM_CACHE: usize = 4;

/// References followed one after another (a reference to a reference …).
const MAX_REF_CHAIN: usize = 8;

enum Section {
    /// A classic table: (first object, count, offset of the first 20-byte entry).
    Table(Vec<(u32, u32, usize)>),
    /// A cross-reference stream: its decoded rows, field widths and (first, count) pairs.
    Stream {
        rows: Vec<u8>,
        widths: [usize; 3],
        index: Vec<(u32, u32)>,
    },
}

enum Loc {
    Offset(usize),
    /// In object stream `.0` at index `.1`.
    InStream(u32, usize),
}

struct ObjStm {
    data: Vec<u8>,
    first: usize,
    /// (object number, offset from `first`)
    offsets: Vec<(u32, usize)>,
}

pub(crate) struct Doc<'a, 'b> {
    data: &'a [u8],
    sections: Vec<Section>,
    /// Offsets found by scanning the file, built on the first lookup that needs it.
    scanned: Option<HashMap<u32, usize>>,
    objstms: Vec<(u32, Rc<ObjStm>)>,
    inflated: usize,
    pub(crate) budget: &'b mut Budget,
}

/// Reads the text of the first pages of `data` into `out`.
pub(super) fn read(data: &[u8], budget: &mut Budget, out: &mut TextOut) {
    let Ok((mut doc, root)) = Doc::open(data, budget) else {
        return;
    };
    let Ok(pages) = doc.first_pages(&root) else {
        return;
    };
    for (page, resources) in pages {
        if out.full() {
            break;
        }
        // A fault in one page's contents keeps what was read.
        let _ = pdf_text::page_text(&mut doc, &page, resources.as_ref(), out);
        out.newline();
    }
}

/// Position of the last occurrence of `needle` in `hay`.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    // Each turn moves past the candidate first byte.
    while let Some(i) = hay.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

impl<'a, 'b> Doc<'a, 'b> {
    /// Reads the trailer and the cross-reference sections; returns the document catalog.
    pub(crate) fn open(data: &'a [u8], budget: &'b mut Budget) -> Res<(Doc<'a, 'b>, Dict)> {
        // The header may follow a little junk (§7.5.2 implementation note).
        let head = &data[..data.len().min(1024)];
        find(head, b"%PDF-").ok_or(Stop::Malformed)?;
        let mut doc = Doc {
            data,
            sections: Vec::new(),
            scanned: None,
            objstms: Vec::new(),
            inflated: 0,
            budget,
        };
        let trailer = doc.read_xref().ok().flatten();
        let trailer = match trailer {
            Some(t) if t.get(b"Root").is_some() => t,
            // A broken table: the last trailer dictionary in the file, and objects by scanning.
            _ => {
                doc.sections.clear();
                doc.budget.bytes(data.len())?;
                let at = rfind(data, b"trailer").ok_or(Stop::Malformed)?;
                let mut lex = Lexer::new(data, at + 7);
                match lex.object(doc.budget)? {
                    Obj::Dict(d) => d,
                    _ => return Err(Stop::Malformed),
                }
            }
        };
        // Encrypted files (§7.6) need decryption of every string and stream: not read.
        if trailer.get(b"Encrypt").is_some() {
            return Err(Stop::Malformed);
        }
        let root = trailer.get(b"Root").cloned().ok_or(Stop::Malformed)?;
        let root = doc.resolve(root)?;
        match root {
            Obj::Dict(d) => Ok((doc, d)),
            _ => Err(Stop::Malformed),
        }
    }

    /// Follows startxref and the /Prev chain; returns the newest trailer.
    fn read_xref(&mut self) -> Res<Option<Dict>> {
        let data = self.data;
        let tail_from = data.len().saturating_sub(2048);
        let at = rfind(&data[tail_from..], b"startxref").ok_or(Stop::Malformed)? + tail_from;
        let mut lex = Lexer::new(data, at + 9);
        let Some(Tok::Int(offset)) = lex.token(self.budget)? else {
            return Err(Stop::Malformed);
        };
        let mut next = usize::try_from(offset).ok();
        let mut newest: Option<Dict> = None;
        let mut seen = HashSet::new();
        while let Some(offset) = next.take() {
            // A /Prev pointing back to a section already read would loop.
            if self.sections.len() >= MAX_XREF_SECTIONS || !seen.insert(offset) {
                break;
            }
            self.budget.spend(1)?;
            let (section, trailer) = self.xref_section(offset)?;
            self.sections.push(section);
            // A hybrid file's table is completed by a cross-reference stream (§7.5.8.4).
            if let Some(stm) = trailer.get(b"XRefStm").and_then(Obj::as_int)
                && let Ok(stm) = usize::try_from(stm)
                && seen.insert(stm)
                && let Ok((section, _)) = self.xref_section(stm)
            {
                self.sections.push(section);
            }
            next = trailer
                .get(b"Prev")
                .and_then(Obj::as_int)
                .and_then(|p| usize::try_from(p).ok());
            if newest.is_none() {
                newest = Some(trailer);
            }
        }
        Ok(newest)
    }

    /// One cross-reference section at `offset`: a table and its trailer, or a stream whose
    /// dictionary is the trailer.
    fn xref_section(&mut self, offset: usize) -> Res<(Section, Dict)> {
        let data = self.data;
        let mut lex = Lexer::new(data, offset);
        lex.skip_white();
        if data.get(lex.pos..lex.pos + 4) == Some(b"xref") {
            lex.pos += 4;
            let mut subs = Vec::new();
            loop {
                let Some(tok) = lex.token(self.budget)? else {
                    return Err(Stop::Malformed);
                };
                let first = match tok {
                    Tok::Word(b"trailer") => break,
                    Tok::Int(i) => u32::try_from(i).map_err(|_| Stop::Malformed)?,
                    _ => return Err(Stop::Malformed),
                };
                let Some(Tok::Int(count)) = lex.token(self.budget)? else {
                    return Err(Stop::Malformed);
                };
                let count = u32::try_from(count).map_err(|_| Stop::Malformed)?;
                lex.skip_white();
                if subs.len() >= MAX_SUBSECTIONS {
                    return Err(Stop::Malformed);
                }
                subs.push((first, count, lex.pos));
                // Entries are 20 bytes each (§7.5.4); jump over them.
                let len = (count as usize).checked_mul(20).ok_or(Stop::Malformed)?;
                lex.pos = lex.pos.checked_add(len).ok_or(Stop::Malformed)?;
                if lex.pos > data.len() {
                    return Err(Stop::Malformed);
                }
            }
            let Obj::Dict(trailer) = lex.object(self.budget)? else {
                return Err(Stop::Malformed);
            };
            return Ok((Section::Table(subs), trailer));
        }
        // A cross-reference stream (§7.5.8).
        let Obj::Stream(dict, range) = self.parse_at(offset, None)? else {
            return Err(Stop::Malformed);
        };
        if dict.name(b"Type") != Some(b"XRef") {
            return Err(Stop::Malformed);
        }
        let mut widths = [0usize; 3];
        match dict.get(b"W") {
            Some(Obj::Array(w)) if w.len() == 3 => {
                for (slot, v) in widths.iter_mut().zip(w) {
                    *slot = v
                        .as_int()
                        .and_then(|v| usize::try_from(v).ok())
                        .filter(|&v| v <= 8)
                        .ok_or(Stop::Malformed)?;
                }
            }
            _ => return Err(Stop::Malformed),
        }
        let size = dict.get(b"Size").and_then(Obj::as_int).unwrap_or(0);
        let mut index = Vec::new();
        match dict.get(b"Index") {
            Some(Obj::Array(pairs)) => {
                for pair in pairs.chunks(2).take(MAX_SUBSECTIONS) {
                    if let [a, b] = pair
                        && let (Some(a), Some(b)) = (a.as_int(), b.as_int())
                    {
                        index.push((
                            u32::try_from(a).map_err(|_| Stop::Malformed)?,
                            u32::try_from(b).map_err(|_| Stop::Malformed)?,
                        ));
                    }
                }
            }
            _ => index.push((0, u32::try_from(size).map_err(|_| Stop::Malformed)?)),
        }
        let rows = self.decode(&dict, range, MAX_XREF_STREAM_BYTES)?;
        Ok((
            Section::Stream {
                rows,
                widths,
                index,
            },
            dict,
        ))
    }

    /// Where object `num` is, by the newest section that has it.
    fn locate(&mut self, num: u32) -> Res<Option<Loc>> {
        for section in &self.sections {
            match section {
                Section::Table(subs) => {
                    for &(first, count, at) in subs {
                        if num < first || num - first >= count {
                            continue;
                        }
                        let entry = at + (num - first) as usize * 20;
                        let Some(e) = self.data.get(entry..entry + 18) else {
                            continue;
                        };
                        // "nnnnnnnnnn ggggg n": a free entry ('f') is looked up further back.
                        if e[17] == b'n'
                            && let Some(off) = std::str::from_utf8(&e[..10])
                                .ok()
                                .and_then(|s| s.trim().parse::<usize>().ok())
                        {
                            return Ok(Some(Loc::Offset(off)));
                        }
                    }
                }
                Section::Stream {
                    rows,
                    widths,
                    index,
                } => {
                    let row_len: usize = widths.iter().sum();
                    let mut row = 0usize;
                    for &(first, count) in index {
                        if num >= first && num - first < count {
                            let at = (row + (num - first) as usize) * row_len;
                            let Some(r) = rows.get(at..at + row_len) else {
                                break;
                            };
                            let field = |i: usize| -> u64 {
                                let from: usize = widths[..i].iter().sum();
                                r[from..from + widths[i]]
                                    .iter()
                                    .fold(0u64, |v, &b| v << 8 | u64::from(b))
                            };
                            // A zero-width type field means type 1 (§7.5.8.2).
                            let kind = if widths[0] == 0 { 1 } else { field(0) };
                            match kind {
                                1 => {
                                    if let Ok(off) = usize::try_from(field(1)) {
                                        return Ok(Some(Loc::Offset(off)));
                                    }
                                }
                                2 => {
                                    if let (Ok(stm), Ok(i)) =
                                        (u32::try_from(field(1)), usize::try_from(field(2)))
                                    {
                                        return Ok(Some(Loc::InStream(stm, i)));
                                    }
                                }
                                _ => {}
                            }
                            break;
                        }
                        row += count as usize;
                    }
                }
            }
        }
        Ok(self.scanned_offset(num)?.map(Loc::Offset))
    }

    /// The offset of `num` by scanning the file for `n g obj` (the last definition wins, as
    /// incremental updates append).
    fn scanned_offset(&mut self, num: u32) -> Res<Option<usize>> {
        if self.scanned.is_none() {
            self.budget.bytes(self.data.len())?;
            let data = self.data;
            let mut map = HashMap::new();
            let mut from = 0;
            // Each turn moves past the "obj" found.
            while let Some(i) = find(&data[from..], b"obj") {
                let at = from + i;
                from = at + 3;
                if data
                    .get(at + 3)
                    .is_some_and(|&b| !is_white(b) && b != b'<' && b != b'[')
                {
                    continue;
                }
                if let Some((n, start)) = object_header_before(data, at) {
                    if map.len() >= MAX_SCANNED_OBJECTS {
                        break;
                    }
                    map.insert(n, start);
                }
            }
            self.scanned = Some(map);
        }
        Ok(self.scanned.as_ref().and_then(|m| m.get(&num).copied()))
    }

    /// Object `num`, direct (a missing object is null, §7.3.10).
    pub(crate) fn get(&mut self, num: u32) -> Res<Obj> {
        match self.locate(num)? {
            None => Ok(Obj::Null),
            Some(Loc::Offset(off)) => match self.parse_at(off, Some(num)) {
                Ok(o) => Ok(o),
                // The table's offset is wrong: try the scan's.
                Err(Stop::Malformed) => match self.scanned_offset(num)? {
                    Some(s) if s != off => self.parse_at(s, Some(num)),
                    _ => Err(Stop::Malformed),
                },
                Err(e) => Err(e),
            },
            Some(Loc::InStream(stm, index)) => self.in_objstm(stm, num, index),
        }
    }

    /// Follows references until a direct object.
    pub(crate) fn resolve(&mut self, mut obj: Obj) -> Res<Obj> {
        for _ in 0..MAX_REF_CHAIN {
            match obj {
                Obj::Ref(n, _) => obj = self.get(n)?,
                other => return Ok(other),
            }
        }
        Err(Stop::Malformed)
    }

    /// The indirect object at `offset` ("n g obj … endobj"), checked to be `expect` when
    /// given. A stream's /Length may be a reference to an object at an offset of its own.
    fn parse_at(&mut self, offset: usize, expect: Option<u32>) -> Res<Obj> {
        let data = self.data;
        let mut lex = Lexer::new(data, offset);
        let (Some(Tok::Int(n)), Some(Tok::Int(_)), Some(Tok::Word(b"obj"))) = (
            lex.token(self.budget)?,
            lex.token(self.budget)?,
            lex.token(self.budget)?,
        ) else {
            return Err(Stop::Malformed);
        };
        if expect.is_some_and(|e| i64::from(e) != n) {
            return Err(Stop::Malformed);
        }
        let obj = lex.object(self.budget)?;
        let Obj::Dict(dict) = obj else {
            return Ok(obj);
        };
        if lex.token(self.budget)? != Some(Tok::Word(b"stream")) {
            return Ok(Obj::Dict(dict));
        }
        // The data starts after the end of line that follows "stream" (§7.3.8.1).
        let mut start = lex.pos;
        if data.get(start) == Some(&b'\r') {
            start += 1;
        }
        if data.get(start) == Some(&b'\n') {
            start += 1;
        }
        let declared = match dict.get(b"Length") {
            Some(Obj::Int(l)) => usize::try_from(*l).ok(),
            // One level only: the length object must itself be at an offset.
            Some(Obj::Ref(n, _)) if Some(*n) != expect => match self.locate(*n)? {
                Some(Loc::Offset(off)) => {
                    let mut l = Lexer::new(data, off);
                    match (
                        l.token(self.budget)?,
                        l.token(self.budget)?,
                        l.token(self.budget)?,
                    ) {
                        (Some(Tok::Int(_)), Some(Tok::Int(_)), Some(Tok::Word(b"obj"))) => {
                            match l.token(self.budget)? {
                                Some(Tok::Int(v)) => usize::try_from(v).ok(),
                                _ => None,
                            }
                        }
                        _ => None,
                    }
                }
                _ => None,
            },
            _ => None,
        };
        // A length that does not end at "endstream" (wrong, or a gigabyte declared in a
        // small file) is replaced by a search for the keyword.
        let end = declared
            .and_then(|len| start.checked_add(len))
            .filter(|&end| {
                let mut l = Lexer::new(data, end);
                l.skip_white();
                data.get(l.pos..l.pos + 9) == Some(b"endstream")
            });
        let end = match end {
            Some(e) => e,
            None => {
                let rest = data.get(start..).ok_or(Stop::Malformed)?;
                let found = find(rest, b"endstream");
                self.budget.bytes(found.unwrap_or(rest.len()))?;
                let mut e = start + found.ok_or(Stop::Malformed)?;
                // The end of line before the keyword is not data.
                if e > start && data[e - 1] == b'\n' {
                    e -= 1;
                }
                if e > start && data[e - 1] == b'\r' {
                    e -= 1;
                }
                e
            }
        };
        Ok(Obj::Stream(dict, start..end))
    }

    /// Object `num` at `index` of object stream `stm` (§7.5.7).
    fn in_objstm(&mut self, stm: u32, num: u32, index: usize) -> Res<Obj> {
        let cached = self
            .objstms
            .iter()
            .find(|(n, _)| *n == stm)
            .map(|(_, s)| s.clone());
        let objstm = match cached {
            Some(s) => s,
            None => {
                // An object stream is never itself in an object stream: look it up at an
                // offset only, so that this does not recurse.
                let Some(Loc::Offset(off)) = self.locate(stm)? else {
                    return Err(Stop::Malformed);
                };
                let Obj::Stream(dict, range) = self.parse_at(off, Some(stm))? else {
                    return Err(Stop::Malformed);
                };
                let n = dict.get(b"N").and_then(Obj::as_int).unwrap_or(0);
                let first = dict.get(b"First").and_then(Obj::as_int).unwrap_or(0);
                let n = usize::try_from(n).map_err(|_| Stop::Malformed)?;
                let first = usize::try_from(first).map_err(|_| Stop::Malformed)?;
                let data = self.decode(&dict, range, MAX_STREAM_BYTES)?;
                let mut offsets = Vec::new();
                let mut lex = Lexer::new(&data, 0);
                for _ in 0..n.min(MAX_OBJSTM_OBJECTS) {
                    match (lex.token(self.budget)?, lex.token(self.budget)?) {
                        (Some(Tok::Int(o)), Some(Tok::Int(at))) => {
                            if let (Ok(o), Ok(at)) = (u32::try_from(o), usize::try_from(at)) {
                                offsets.push((o, at));
                            }
                        }
                        _ => break,
                    }
                }
                let s = Rc::new(ObjStm {
                    data,
                    first,
                    offsets,
                });
                if self.objstms.len() >= OBJSTM_CACHE {
                    self.objstms.remove(0);
                }
                self.objstms.push((stm, s.clone()));
                s
            }
        };
        // The index from the xref stream, checked; else the object's number in the header.
        let at = match objstm.offsets.get(index) {
            Some(&(o, at)) if o == num => at,
            _ => objstm
                .offsets
                .iter()
                .find(|(o, _)| *o == num)
                .map(|&(_, at)| at)
                .ok_or(Stop::Malformed)?,
        };
        let mut lex = Lexer::new(&objstm.data, objstm.first.saturating_add(at));
        lex.object(self.budget)
    }

    /// The data of a stream, decoded, at most `cap` bytes (and what is left of
    /// [`MAX_INFLATED_TOTAL`]). Flate (with PNG predictors) and ASCIIHex are decoded; a stream
    /// under another filter is unreadable here.
    pub(crate) fn decode(
        &mut self,
        dict: &Dict,
        range: std::ops::Range<usize>,
        cap: usize,
    ) -> Res<Vec<u8>> {
        let raw = self.data.get(range).ok_or(Stop::Malformed)?;
        let cap = cap
            .min(MAX_INFLATED_TOTAL.saturating_sub(self.inflated))
            .min(self.budget.room_bytes());
        let filters: Vec<&[u8]> = match dict.get(b"Filter") {
            None => Vec::new(),
            Some(Obj::Name(n)) => vec![&n[..]],
            Some(Obj::Array(a)) => a
                .iter()
                .take(4)
                .map(|f| match f {
                    Obj::Name(n) => &n[..],
                    _ => &[][..],
                })
                .collect(),
            Some(_) => return Err(Stop::Malformed),
        };
        let parms: Vec<Option<&Dict>> = match dict.get(b"DecodeParms") {
            Some(Obj::Dict(d)) => vec![Some(d)],
            Some(Obj::Array(a)) => a.iter().map(Obj::as_dict).collect(),
            _ => Vec::new(),
        };
        let mut data = raw[..raw.len().min(cap)].to_vec();
        if filters.is_empty() {
            self.budget.bytes(data.len())?;
        }
        for (i, filter) in filters.iter().enumerate() {
            self.budget.bytes(data.len())?;
            data = match *filter {
                b"FlateDecode" | b"Fl" => {
                    let source = if i == 0 { raw } else { &data[..] };
                    let inflated = inflate(source, cap);
                    match parms.get(i).copied().flatten() {
                        Some(p) => unpredict(inflated, p)?,
                        None => inflated,
                    }
                }
                b"ASCIIHexDecode" | b"AHx" => hex_decode(&data),
                _ => return Err(Stop::Malformed),
            };
            data.truncate(cap);
            self.budget.bytes(data.len())?;
        }
        self.inflated += data.len();
        Ok(data)
    }
}

/// ASCIIHex data (§7.4.2): pairs of hex digits up to '>', white space ignored.
fn hex_decode(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|p| p[0] << 4 | p.get(1).copied().unwrap_or(0))
        .collect()
}

/// Inflates zlib (or raw deflate) data into at most `cap` bytes. A corrupt or truncated stream
/// keeps what came out before the fault.
fn inflate(raw: &[u8], cap: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let zlib = raw.len() >= 2
        && raw[0] & 0x0F == 8
        && (u16::from(raw[0]) << 8 | u16::from(raw[1])) % 31 == 0;
    // The output stops at the cap whatever the stream says.
    super::inflate_into(raw, zlib, cap, &mut out);
    out
}

/// Undoes a PNG predictor (§7.4.4.4, Predictor ≥ 10), as cross-reference streams use.
fn unpredict(data: Vec<u8>, parms: &Dict) -> Res<Vec<u8>> {
    let predictor = parms.get(b"Predictor").and_then(Obj::as_int).unwrap_or(1);
    if predictor < 10 {
        // 1: none; 2 (TIFF) is not used for the streams read here.
        return Ok(data);
    }
    let int = |key: &[u8], default: i64, max: i64| {
        parms
            .get(key)
            .and_then(Obj::as_int)
            .unwrap_or(default)
            .clamp(1, max) as usize
    };
    let colors = int(b"Colors", 1, 32);
    let bpc = int(b"BitsPerComponent", 8, 16);
    let columns = int(b"Columns", 1, 1 << 20);
    let bpp = (colors * bpc).div_ceil(8).max(1);
    let row_len = (colors * bpc * columns).div_ceil(8);
    // A row longer than the data is not a row: refused before its buffer is made.
    if row_len > data.len() {
        return Err(Stop::Malformed);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_len];
    for chunk in data.chunks(row_len + 1) {
        let (&kind, row) = chunk.split_first().ok_or(Stop::Malformed)?;
        let mut cur = row.to_vec();
        cur.resize(row_len, 0);
        for i in 0..row_len {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            let add = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => return Err(Stop::Malformed),
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// Before the "obj" at `at`: "n g " — the object number and where it starts.
fn object_header_before(data: &[u8], at: usize) -> Option<(u32, usize)> {
    let mut i = at;
    let digits_back = |i: &mut usize| -> Option<usize> {
        let end = *i;
        while *i > 0 && data[*i - 1].is_ascii_digit() && end - *i < 10 {
            *i -= 1;
        }
        (*i < end).then_some(end)
    };
    let white_back = |i: &mut usize| -> bool {
        let end = *i;
        while *i > 0 && is_white(data[*i - 1]) && end - *i < 16 {
            *i -= 1;
        }
        *i < end
    };
    if !white_back(&mut i) {
        return None;
    }
    digits_back(&mut i)?;
    if !white_back(&mut i) {
        return None;
    }
    let end = digits_back(&mut i)?;
    if i > 0 && !is_white(data[i - 1]) {
        return None;
    }
    let n = std::str::from_utf8(&data[i..end]).ok()?.parse().ok()?;
    Some((n, i))
}

impl Doc<'_, '_> {
    /// The first [`MAX_PAGES`] pages in document order, each with its resources (inherited
    /// from the page tree when the page has none, §7.7.3.4). The tree is walked with a stack of
    /// its own, each node visited once (a /Kids cycle ends), at most [`MAX_TREE_NODES`] nodes.
    fn first_pages(&mut self, root: &Dict) -> Res<Vec<(Dict, Option<Obj>)>> {
        let mut pages = Vec::new();
        let Some(top) = root.get(b"Pages").cloned() else {
            return Ok(pages);
        };
        let mut stack: Vec<(Obj, Option<Obj>)> = vec![(top, None)];
        let mut visited = HashSet::new();
        let mut nodes = 0;
        while let Some((node, inherited)) = stack.pop() {
            nodes += 1;
            if nodes > MAX_TREE_NODES || pages.len() >= MAX_PAGES {
                break;
            }
            self.budget.spend(1)?;
            if let Obj::Ref(n, _) = node
                && !visited.insert(n)
            {
                continue;
            }
            let Ok(Obj::Dict(dict)) = self.resolve(node) else {
                continue;
            };
            let resources = dict.get(b"Resources").cloned().or(inherited);
            match dict.get(b"Kids") {
                Some(kids) if dict.name(b"Type") != Some(b"Page") => {
                    let Ok(Obj::Array(kids)) = self.resolve(kids.clone()) else {
                        continue;
                    };
                    // Pushed in reverse so that the first kid is read first.
                    for kid in kids.into_iter().take(MAX_KIDS).rev() {
                        // Only references can make a cycle; a direct kid is a fresh dict.
                        stack.push((kid, resources.clone()));
                    }
                }
                _ => pages.push((dict, resources)),
            }
        }
        Ok(pages)
    }
}
