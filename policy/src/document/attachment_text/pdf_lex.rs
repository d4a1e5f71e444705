//! PDF tokens and objects (ISO 32000-1 §7.2–7.3), read from a byte slice. The object parser
//! recurses into arrays and dictionaries at most [`MAX_NESTING`] deep; every token costs a step
//! of the [`Budget`], and every token read consumes at least one byte.

use std::borrow::Cow;

use super::{Budget, MAX_NESTING, Res, Stop};

/// A PDF object, owned (names and strings are short; a stream's data stays in the file and
/// is named by its range).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Obj {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Name),
    Str(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    Ref(u32, u16),
    /// A stream: its dictionary and where its raw data lies in the file.
    Stream(Dict, std::ops::Range<usize>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Dict(pub(crate) Vec<(Name, Obj)>);

/// Bytes of a name kept in place.
const INLINE_NAME: usize = 22;

/// A name (§7.3.5), its `#xx` escapes decoded. Nearly every name is a few bytes (a key such
/// as "Type" or "Resources", "FlateDecode", a font's "F1"): those are kept in place, longer
/// ones on the heap. Every key of every dictionary is a name, and allocating each was a
/// tenth of reading a one-page PDF.
#[derive(Clone)]
pub(crate) enum Name {
    Inline { len: u8, bytes: [u8; INLINE_NAME] },
    Heap(Box<[u8]>),
}

impl From<&[u8]> for Name {
    fn from(name: &[u8]) -> Name {
        match u8::try_from(name.len()) {
            Ok(len) if name.len() <= INLINE_NAME => {
                let mut bytes = [0u8; INLINE_NAME];
                bytes[..name.len()].copy_from_slice(name);
                Name::Inline { len, bytes }
            }
            _ => Name::Heap(name.into()),
        }
    }
}

impl std::ops::Deref for Name {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Name::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Name::Heap(b) => b,
        }
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}", String::from_utf8_lossy(self))
    }
}

impl Dict {
    pub(crate) fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.0.iter().find(|(k, _)| &k[..] == key).map(|(_, v)| v)
    }

    pub(crate) fn name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key) {
            Some(Obj::Name(n)) => Some(&n[..]),
            _ => None,
        }
    }
}

impl Obj {
    pub(crate) fn as_f64(&self) -> Option<f64> {
        match *self {
            Obj::Int(i) => Some(i as f64),
            Obj::Real(r) => Some(r),
            _ => None,
        }
    }

    pub(crate) fn as_int(&self) -> Option<i64> {
        match *self {
            Obj::Int(i) => Some(i),
            _ => None,
        }
    }

    pub(crate) fn as_dict(&self) -> Option<&Dict> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, _) => Some(d),
            _ => None,
        }
    }
}

/// A lexical token. Names and strings borrow from the data when they can (no escape in
/// them): a content stream's text is read without a copy of each string.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    Int(i64),
    Real(f64),
    Name(Cow<'a, [u8]>),
    Str(Cow<'a, [u8]>),
    /// A hexadecimal string, as it stands between its `<` and `>` (decoded by
    /// [`decode_hex`] where its bytes are wanted): the glyph codes of a content stream and
    /// the entries of a CMap come as a great many short ones.
    Hex(&'a [u8]),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    /// A keyword or operator (`obj`, `R`, `Tj`, `true` …).
    Word(&'a [u8]),
}

/// The class of each byte (§7.2.3): white-space, delimiter or regular. One lookup per byte
/// in the lexer's loops, which run over every byte of a content stream.
const WHITE: u8 = 1;
const DELIMITER: u8 = 2;
static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let white = b" \n\r\t\x0c\0";
    let mut i = 0;
    while i < white.len() {
        classes[white[i] as usize] = WHITE;
        i += 1;
    }
    let delimiters = b"()<>[]{}/%";
    let mut i = 0;
    while i < delimiters.len() {
        classes[delimiters[i] as usize] = DELIMITER;
        i += 1;
    }
    classes
};

/// The value of each hexadecimal digit, [`NOT_HEX`] for other bytes: hex strings (`<0041…>`)
/// carry the glyph codes of the CID fonts Vietnamese text is set in, four digits a glyph.
const NOT_HEX: u8 = 0xFF;
static HEX_VALUES: [u8; 256] = {
    let mut values = [NOT_HEX; 256];
    let mut d = 0u8;
    while d < 10 {
        values[(b'0' + d) as usize] = d;
        d += 1;
    }
    let mut d = 0u8;
    while d < 6 {
        values[(b'a' + d) as usize] = 10 + d;
        values[(b'A' + d) as usize] = 10 + d;
        d += 1;
    }
    values
};

pub(crate) fn is_white(b: u8) -> bool {
    CLASSES[usize::from(b)] == WHITE
}

fn is_regular(b: u8) -> bool {
    CLASSES[usize::from(b)] == 0
}

/// Strings longer than this are cut (the rest is skipped): text is shown a few words at a
/// time.
pub(crate) const MAX_STRING_BYTES: usize = 64 * 1024;

pub(crate) struct Lexer<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) pos: usize,
    /// Whether "n g R" is read as a reference: not in content streams and CMaps, which have
    /// none (and whose numbers would each be read twice for nothing).
    refs: bool,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8], pos: usize) -> Lexer<'a> {
        Lexer {
            data,
            pos,
            refs: true,
        }
    }

    /// A lexer for a content stream or a CMap, where there are no references.
    pub(crate) fn without_refs(data: &'a [u8]) -> Lexer<'a> {
        Lexer {
            data,
            pos: 0,
            refs: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    pub(crate) fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                // A comment runs to the end of the line.
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or None at the end of the data. Every token consumes at least one
    /// byte.
    pub(crate) fn token(&mut self, budget: &mut Budget) -> Res<Option<Tok<'a>>> {
        self.skip_white();
        let Some(b) = self.peek() else {
            return Ok(None);
        };
        let start = self.pos;
        self.pos += 1;
        let tok = match b {
            b'[' => Tok::ArrayOpen,
            b']' => Tok::ArrayClose,
            b'<' if self.peek() == Some(b'<') => {
                self.pos += 1;
                Tok::DictOpen
            }
            b'>' if self.peek() == Some(b'>') => {
                self.pos += 1;
                Tok::DictClose
            }
            b'<' => Tok::Hex(self.hex_string()),
            b'(' => Tok::Str(self.literal_string()),
            b'/' => {
                let from = self.pos;
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                Tok::Name(decode_name(&self.data[from..self.pos]))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                number(&self.data[start..self.pos])
            }
            _ if is_regular(b) => {
                while self.peek().is_some_and(is_regular) {
                    self.pos += 1;
                }
                Tok::Word(&self.data[start..self.pos])
            }
            // A stray delimiter (`)`, `>`, `{`, `}`): a word of its own.
            _ => Tok::Word(&self.data[start..self.pos]),
        };
        // One step per token, more for a long one.
        budget.bytes(self.pos - start)?;
        Ok(Some(tok))
    }

    /// The digits of a hex string after its '<', up to its '>' (past which the lexer goes).
    fn hex_string(&mut self) -> &'a [u8] {
        let data = self.data;
        let rest = &data[self.pos..];
        let digits = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        // Past the '>' when there is one.
        self.pos += (digits + 1).min(rest.len());
        &rest[..digits]
    }

    /// A literal string after its '(' (§7.3.4.2): balanced parentheses, backslash escapes.
    /// Nesting is a counter.
    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        // Most strings hold no escape and no parentheses: the bytes up to the ')', borrowed.
        let data = self.data;
        let rest = &data[self.pos..];
        let special = memchr::memchr3(b'(', b')', b'\\', rest);
        if let Some(end) = special
            && rest[end] == b')'
        {
            self.pos += end + 1;
            return Cow::Borrowed(&rest[..end.min(MAX_STRING_BYTES)]);
        }
        let mut out = Vec::with_capacity(special.unwrap_or(rest.len()).min(MAX_STRING_BYTES));
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            let c = match b {
                b'(' => {
                    depth += 1;
                    b'('
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    b')'
                }
                b'\\' => {
                    let Some(e) = self.peek() else { break };
                    self.pos += 1;
                    match e {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 8,
                        b'f' => 12,
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            (v & 0xFF) as u8
                        }
                        // A line break after a backslash continues the string.
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                            continue;
                        }
                        b'\n' => continue,
                        other => other,
                    }
                }
                other => other,
            };
            if out.len() < MAX_STRING_BYTES {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }

    /// The next object (§7.3), references (`12 0 R`) included. Nesting deeper than
    /// [`MAX_NESTING`] is malformed.
    pub(crate) fn object(&mut self, budget: &mut Budget) -> Res<Obj> {
        let tok = self.token(budget)?.ok_or(Stop::Malformed)?;
        self.object_from(tok, 0, budget)
    }

    pub(crate) fn object_from(
        &mut self,
        tok: Tok<'a>,
        depth: usize,
        budget: &mut Budget,
    ) -> Res<Obj> {
        Ok(match tok {
            Tok::Int(i) if !self.refs => Obj::Int(i),
            Tok::Int(i) => {
                // "n g R" is a reference: look two tokens ahead, else come back.
                let save = self.pos;
                if let (Ok(n), Ok(Some(g))) = (u32::try_from(i), self.ref_tail(budget)) {
                    return Ok(Obj::Ref(n, g));
                }
                self.pos = save;
                Obj::Int(i)
            }
            Tok::Real(r) => Obj::Real(r),
            Tok::Name(n) => Obj::Name(Name::from(&n[..])),
            Tok::Str(s) => Obj::Str(s.into_owned()),
            Tok::Hex(h) => Obj::Str(decode_hex(h)),
            Tok::ArrayOpen => {
                if depth >= MAX_NESTING {
                    return Err(Stop::Malformed);
                }
                let mut items = Vec::new();
                loop {
                    let t = self.token(budget)?.ok_or(Stop::Malformed)?;
                    if t == Tok::ArrayClose {
                        break;
                    }
                    items.push(self.object_from(t, depth + 1, budget)?);
                }
                Obj::Array(items)
            }
            Tok::DictOpen => {
                if depth >= MAX_NESTING {
                    return Err(Stop::Malformed);
                }
                Obj::Dict(self.dict_body(depth, budget)?)
            }
            Tok::Word(b"true") => Obj::Bool(true),
            Tok::Word(b"false") => Obj::Bool(false),
            Tok::Word(b"null") => Obj::Null,
            Tok::ArrayClose | Tok::DictClose | Tok::Word(_) => return Err(Stop::Malformed),
        })
    }

    /// The entries of a dictionary after its `<<`, up to its `>>`.
    pub(crate) fn dict_body(&mut self, depth: usize, budget: &mut Budget) -> Res<Dict> {
        let mut entries = Vec::new();
        loop {
            match self.token(budget)?.ok_or(Stop::Malformed)? {
                Tok::DictClose => break,
                Tok::Name(key) => {
                    let t = self.token(budget)?.ok_or(Stop::Malformed)?;
                    // A key without a value before `>>` (seen in broken files): null.
                    let key = Name::from(&key[..]);
                    if t == Tok::DictClose {
                        entries.push((key, Obj::Null));
                        break;
                    }
                    let value = self.object_from(t, depth + 1, budget)?;
                    entries.push((key, value));
                }
                _ => return Err(Stop::Malformed),
            }
        }
        Ok(Dict(entries))
    }

    /// After an integer: "g R" gives Some(g); anything else None (the caller rewinds).
    fn ref_tail(&mut self, budget: &mut Budget) -> Res<Option<u16>> {
        self.skip_white();
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Ok(None);
        }
        let Some(Tok::Int(g)) = self.token(budget)? else {
            return Ok(None);
        };
        self.skip_white();
        if self.peek() != Some(b'R') {
            return Ok(None);
        }
        if self.data.get(self.pos + 1).is_some_and(|&b| is_regular(b)) {
            return Ok(None);
        }
        self.pos += 1;
        Ok(u16::try_from(g).ok())
    }
}

/// The bytes of a hex string's digits `raw` (§7.3.4.3), at most [`MAX_STRING_BYTES`].
pub(crate) fn decode_hex(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity((raw.len() / 2 + 1).min(MAX_STRING_BYTES));
    decode_hex_into(raw, MAX_STRING_BYTES, |b| out.push(b));
    out
}

/// Gives `push` the bytes of a hex string's digits `raw`, at most `cap` of them.
/// White-space (and anything else that is not a digit) between the digits is skipped; an
/// odd digit count has its last digit followed by 0.
pub(crate) fn decode_hex_into(raw: &[u8], cap: usize, mut push: impl FnMut(u8)) {
    let mut kept = 0usize;
    let mut high: Option<u8> = None;
    for &b in raw {
        let v = HEX_VALUES[usize::from(b)];
        if v == NOT_HEX {
            continue;
        }
        match high.take() {
            Some(h) => {
                if kept < cap {
                    push(h << 4 | v);
                    kept += 1;
                }
            }
            None => high = Some(v),
        }
    }
    if let Some(h) = high
        && kept < cap
    {
        push(h << 4);
    }
}

/// The bytes of a hex string's digits `raw`, at most [`SHORT_HEX`] of them (more are cut),
/// without an allocation: what a CMap's codes and texts need.
pub(crate) const SHORT_HEX: usize = 64;

pub(crate) fn decode_hex_short(raw: &[u8]) -> ShortBytes {
    let mut out = ShortBytes {
        len: 0,
        bytes: [0; SHORT_HEX],
    };
    decode_hex_into(raw, SHORT_HEX, |b| {
        if let Some(slot) = out.bytes.get_mut(out.len) {
            *slot = b;
            out.len += 1;
        }
    });
    out
}

/// Up to [`SHORT_HEX`] bytes, in place.
pub(crate) struct ShortBytes {
    len: usize,
    bytes: [u8; SHORT_HEX],
}

impl std::ops::Deref for ShortBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

fn number(s: &[u8]) -> Tok<'static> {
    // Most numbers are short integers: read without the general parser.
    let (negative, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    if !digits.is_empty() && digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit) {
        let v = digits
            .iter()
            .fold(0i64, |v, &d| v * 10 + i64::from(d - b'0'));
        return Tok::Int(if negative { -v } else { v });
    }
    // Then most reals: a few digits with a point ("72.024", "-0.5"), what content streams
    // position their text with.
    if let Some(r) = short_decimal(digits) {
        return Tok::Real(if negative { -r } else { r });
    }
    let text = std::str::from_utf8(s).unwrap_or("0");
    if let Ok(i) = text.parse::<i64>() {
        return Tok::Int(i);
    }
    // "--5", "4.", ".5", "1.2.3": readers are lenient; what does not parse is 0.
    let r = text
        .parse::<f64>()
        .ok()
        .filter(|r| r.is_finite())
        .unwrap_or(0.0);
    Tok::Real(r)
}

/// The value of "ddd.ddd" (either side may be empty, not both) with at most 15 digits, as
/// `str::parse::<f64>` gives it, without the general parser: the digits as an integer are
/// exact in an f64 (below 2^53), so are the powers of ten up to 10^15, and one correctly
/// rounded division of two exact values is the correctly rounded decimal (Clinger's fast
/// path). None for anything else.
fn short_decimal(digits: &[u8]) -> Option<f64> {
    const POWERS: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let point = digits.iter().position(|&b| b == b'.')?;
    let (whole, fraction) = (&digits[..point], &digits[point + 1..]);
    let count = whole.len() + fraction.len();
    if count == 0 || count > 15 {
        return None;
    }
    let mut value = 0i64;
    for &d in whole.iter().chain(fraction) {
        if !d.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(d - b'0');
    }
    Some(value as f64 / POWERS[fraction.len()])
}

/// A name with its `#xx` escapes decoded (§7.3.5).
fn decode_name(raw: &[u8]) -> Cow<'_, [u8]> {
    if !raw.contains(&b'#') {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::{Lexer, Tok, is_regular, is_white, number};

    /// The reading of a hex string before the table: byte by byte up to the '>'.
    fn hex_by_bytes(data: &[u8]) -> (Vec<u8>, usize) {
        let mut pos = 0;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = data.get(pos) {
            pos += 1;
            let v = match b {
                b'>' => break,
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => continue,
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        (out, pos)
    }

    /// The table-driven hex string gives the bytes and stops where the byte-by-byte reading
    /// did, odd digit counts, white-space, junk and a missing '>' included.
    #[test]
    fn hex_strings_read_as_byte_by_byte() {
        use proptest::prelude::*;
        let config = ProptestConfig::with_cases(4000);
        proptest!(config, |(data in proptest::collection::vec(
            prop_oneof![Just(b'>'), Just(b' '), Just(b'g'), 0u8..=255, b'0'..=b'9', b'a'..=b'f', b'A'..=b'F'],
            0..24,
        ))| {
            let mut lex = Lexer::without_refs(&data);
            let read = super::decode_hex(lex.hex_string());
            prop_assert_eq!((read, lex.pos), hex_by_bytes(&data));
        });
    }

    /// The class table says what §7.2.3 says: six white-space bytes, ten delimiters, the
    /// rest regular.
    #[test]
    fn byte_classes_are_the_standards() {
        for b in 0..=255u8 {
            let white = matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0');
            let delimiter = matches!(
                b,
                b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
            );
            assert_eq!(is_white(b), white, "{b}");
            assert_eq!(is_regular(b), !white && !delimiter, "{b}");
        }
    }

    /// What the general parser makes of a number token (the reading `number` had before its
    /// fast paths): an i64, else a finite f64, else 0.
    fn by_parser(s: &[u8]) -> Tok<'static> {
        let text = std::str::from_utf8(s).unwrap_or("0");
        if let Ok(i) = text.parse::<i64>() {
            return Tok::Int(i);
        }
        let r = text
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite())
            .unwrap_or(0.0);
        Tok::Real(r)
    }

    fn same(a: &Tok<'_>, b: &Tok<'_>) -> bool {
        match (a, b) {
            (Tok::Int(x), Tok::Int(y)) => x == y,
            // Bit for bit: -0.0 stays -0.0.
            (Tok::Real(x), Tok::Real(y)) => x.to_bits() == y.to_bits(),
            _ => false,
        }
    }

    /// The short-decimal path gives exactly what `str::parse::<f64>` gives, sign of zero
    /// included.
    #[test]
    fn short_decimals_read_as_the_parser_reads_them() {
        use proptest::prelude::*;
        for s in [
            "72.024",
            "-0.5",
            "+.5",
            "4.",
            ".",
            "-.",
            "-0.0",
            "0.1",
            "1e5",
            "--5",
            "1.2.3",
            "999999999999999.",
            ".000000000000001",
            "1234567890.12345",
            "12345678901.234567",
            "-",
            "+",
            "3",
            "-17",
            "0.30000000000000004",
        ] {
            let (a, b) = (number(s.as_bytes()), by_parser(s.as_bytes()));
            assert!(same(&a, &b), "{s}: {a:?} vs {b:?}");
        }
        let config = ProptestConfig::with_cases(20_000);
        proptest!(config, |(s in "[+-]?[0-9]{0,9}\\.?[0-9]{0,9}")| {
            let (a, b) = (number(s.as_bytes()), by_parser(s.as_bytes()));
            prop_assert!(same(&a, &b), "{}: {:?} vs {:?}", s, a, b);
        });
    }
}
