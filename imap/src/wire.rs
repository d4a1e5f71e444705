//! IMAP wire input: framing complete commands out of a byte stream, then tokenizing them.
//!
//! Framing (RFC 9051 §2.2, §4.3): a command is a line ending in CRLF, except that a line
//! ending in a literal announcement `{n}` (synchronizing: the server must answer "+" before
//! the client sends the bytes) or `{n+}` (LITERAL+, RFC 7888: no wait) continues with exactly
//! n bytes and then more line. Security: the line length and every literal's size are checked
//! when announced, before anything is read or allocated, so a client cannot make the server
//! buffer more than the caps (the reason imap-codec documents for its fragmentizer).
//!
//! Tokenizing turns a framed command into a tag, a command name and arguments: atoms,
//! quoted strings, literals, parenthesised lists and NIL. FETCH attributes such as
//! `BODY.PEEK[HEADER.FIELDS (From To)]<0.100>` are kept as one atom, brackets included.

/// What the framer needs next.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A complete command (line plus literals), CRLF at the end removed.
    Command(Vec<u8>),
    /// More input is needed.
    NeedMore,
    /// A synchronizing literal of this size was announced: send "+ …" and read on.
    Continue(u64),
    /// A literal of `size` bytes, over the spool threshold (see [`Framer::spool_over`]), was
    /// announced: the caller reads exactly that many bytes (those already in the input
    /// first) somewhere other than memory, then hands them back with
    /// [`Framer::literal_read`]. For a synchronizing literal it first sends "+ …".
    Spool { size: u64, synchronizing: bool },
    /// The line grew past the cap; the rest of it up to CRLF has been discarded.
    LineTooLong { tag: Option<String> },
    /// A literal over the cap was announced; nothing of it has been read. For a
    /// synchronizing literal the client sends nothing more (it waits for "+"); for a
    /// non-synchronizing one the connection cannot be resynchronized and must close.
    LiteralTooBig {
        tag: Option<String>,
        size: u64,
        synchronizing: bool,
    },
}

/// Size caps of one command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest line, literals not counted (each line of a command with literals is
    /// measured on its own).
    pub max_line: usize,
    /// Largest literal.
    pub max_literal: u64,
    /// Largest command in all, lines and literals together: without it, a command could
    /// chain small literals for ever.
    pub max_command: u64,
}

impl Limits {
    /// Before authentication a client needs no more than a user name and a password
    /// (Dovecot's login process reads a few kilobytes): a stranger cannot make the server
    /// hold more than this per connection.
    pub const BEFORE_LOGIN: Limits = Limits {
        max_line: 8 * 1024,
        max_literal: 4 * 1024,
        max_command: 16 * 1024,
    };

    /// After authentication: `max_line` and `max_literal` (the message size limit), and
    /// a command of one such literal plus a few lines.
    pub fn after_login(max_line: usize, max_literal: u64) -> Limits {
        Limits {
            max_line,
            max_literal,
            max_command: max_literal.saturating_add(4 * max_line as u64),
        }
    }
}

/// Splits the input stream into commands.
#[derive(Debug)]
pub struct Framer {
    limits: Limits,
    /// Literals larger than this are not buffered here but handed out ([`Frame::Spool`]).
    spool_over: u64,
    /// The command being assembled.
    current: Vec<u8>,
    /// Where the line being read starts in `current` (after the last literal).
    line_start: usize,
    /// Bytes of a literal still to copy into `current`.
    literal_left: u64,
    /// A literal handed out with [`Frame::Spool`] has not come back yet.
    spooling: bool,
    /// Discarding an over-long line up to its CRLF.
    skipping: bool,
}

impl Framer {
    pub fn new(limits: Limits) -> Framer {
        Framer {
            limits,
            spool_over: u64::MAX,
            current: Vec::new(),
            line_start: 0,
            literal_left: 0,
            spooling: false,
            skipping: false,
        }
    }

    /// New caps, from the next command on (after login).
    pub fn set_limits(&mut self, limits: Limits) {
        self.limits = limits;
    }

    /// Literals over `bytes` are handed out with [`Frame::Spool`] rather than buffered.
    pub fn spool_over(mut self, bytes: u64) -> Framer {
        self.spool_over = bytes;
        self
    }

    /// The bytes of a literal announced with [`Frame::Spool`]; framing goes on after it.
    pub fn literal_read(&mut self, bytes: &[u8]) {
        self.current.extend_from_slice(bytes);
        self.line_start = self.current.len();
        self.spooling = false;
    }

    /// Refuses a synchronizing literal announced with [`Frame::Spool`] (the client has sent
    /// none of it, RFC 9051 §4.3): drops its command and returns the command's tag.
    pub fn refuse_spool(&mut self) -> Option<String> {
        let tag = tag_of(&self.current);
        self.reset();
        tag
    }

    /// Drops the command being assembled (its spooled literal could not be read).
    fn reset(&mut self) {
        self.current.clear();
        self.line_start = 0;
        self.literal_left = 0;
        self.spooling = false;
    }

    /// Whether part of a command has been taken from the input (a line and literals
    /// waiting for the rest, or an over-long line being discarded).
    pub fn in_command(&self) -> bool {
        !self.current.is_empty() || self.literal_left > 0 || self.skipping || self.spooling
    }

    /// Consumes bytes from the front of `input` and reports what happened.
    ///
    /// Each pass of the loop either consumes input, moves a literal into the command, or
    /// returns: it cannot spin.
    pub fn push(&mut self, input: &mut Vec<u8>) -> Frame {
        if self.spooling {
            // The caller has not read the literal yet: nothing to frame meanwhile.
            return Frame::NeedMore;
        }
        loop {
            if self.literal_left > 0 {
                let take = (self.literal_left.min(input.len() as u64)) as usize;
                self.current.extend(input.drain(..take));
                self.literal_left -= take as u64;
                if self.literal_left > 0 {
                    return Frame::NeedMore;
                }
                self.line_start = self.current.len();
                continue;
            }
            let line_so_far = self.current.len() - self.line_start;
            let Some(end) = input.windows(2).position(|w| w == b"\r\n") else {
                if self.skipping {
                    // Keep the last byte: it may be the CR of the CRLF we look for.
                    let keep = input.len().saturating_sub(1);
                    input.drain(..keep);
                    return Frame::NeedMore;
                }
                if line_so_far + input.len() > self.limits.max_line + 2 {
                    let tag = tag_of(&self.current).or_else(|| tag_of(input));
                    self.reset();
                    let keep = input.len().saturating_sub(1);
                    input.drain(..keep);
                    self.skipping = true;
                    return Frame::LineTooLong { tag };
                }
                return Frame::NeedMore;
            };
            if self.skipping {
                input.drain(..end + 2);
                self.skipping = false;
                continue;
            }
            if line_so_far + end > self.limits.max_line
                || (self.current.len() + end) as u64 > self.limits.max_command
            {
                let tag = tag_of(&self.current).or_else(|| tag_of(input));
                self.reset();
                input.drain(..end + 2);
                return Frame::LineTooLong { tag };
            }
            self.current.extend(input.drain(..end));
            input.drain(..2);
            let Some((size, synchronizing)) =
                literal_announcement(&self.current[self.line_start..])
            else {
                self.line_start = 0;
                return Frame::Command(std::mem::take(&mut self.current));
            };
            let total = (self.current.len() as u64 + 2).saturating_add(size);
            if size > self.limits.max_literal || total > self.limits.max_command {
                let tag = tag_of(&self.current);
                self.reset();
                return Frame::LiteralTooBig {
                    tag,
                    size,
                    synchronizing,
                };
            }
            // Keep the CRLF after the announcement: it is part of the syntax.
            self.current.extend_from_slice(b"\r\n");
            if size > self.spool_over {
                self.spooling = true;
                return Frame::Spool {
                    size,
                    synchronizing,
                };
            }
            self.literal_left = size;
            if size == 0 {
                self.line_start = self.current.len();
            }
            if synchronizing {
                return Frame::Continue(size);
            }
        }
    }
}

/// `{n}` or `{n+}` at the end of a line: (n, synchronizing).
fn literal_announcement(line: &[u8]) -> Option<(u64, bool)> {
    let body = line.strip_suffix(b"}")?;
    let open = body.iter().rposition(|&b| b == b'{')?;
    let mut digits = &body[open + 1..];
    let synchronizing = match digits.strip_suffix(b"+") {
        Some(d) => {
            digits = d;
            false
        }
        None => true,
    };
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits)
        .ok()?
        .parse()
        .ok()
        .map(|n| (n, synchronizing))
}

/// The tag of a (partial) command line, when it has one that looks like a tag.
pub fn tag_of(line: &[u8]) -> Option<String> {
    let end = line.iter().position(|&b| b == b' ')?;
    let tag = &line[..end];
    (!tag.is_empty() && tag.iter().all(|&b| is_tag_char(b)))
        .then(|| String::from_utf8_lossy(tag).into_owned())
}

/// RFC 9051 §9: tag = 1*<any ASTRING-CHAR except "+">.
fn is_tag_char(b: u8) -> bool {
    is_atom_char(b) && b != b'+' || b == b']'
}

/// ATOM-CHAR: any CHAR except atom-specials: ( ) { SP CTL % * " \ ]
/// Whether an atom so far is a FETCH attribute that takes a section: `BODY[`,
/// `BODY.PEEK[`, `BINARY[`, `BINARY.PEEK[`, `BINARY.SIZE[` (RFC 9051 §6.4.5, RFC 3516).
fn opens_section(atom: &[u8]) -> bool {
    [
        &b"BODY"[..],
        b"BODY.PEEK",
        b"BINARY",
        b"BINARY.PEEK",
        b"BINARY.SIZE",
    ]
    .iter()
    .any(|name| atom.eq_ignore_ascii_case(name))
}

fn is_atom_char(b: u8) -> bool {
    b > b' ' && b < 0x7f && !b"(){%*\"\\]".contains(&b)
}

/// One argument of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An atom (also sequence sets, flags such as `\Seen`, and FETCH attributes with their
    /// bracketed section and partial range). `%` and `*` are allowed (LIST patterns).
    Atom(String),
    /// A quoted string, unescaped.
    Quoted(Vec<u8>),
    /// A literal's bytes.
    Literal(Vec<u8>),
    /// A literal8's bytes (`~{n}`, RFC 3516 §4.3): binary data, which only APPEND takes; it
    /// is no string, so it is no mailbox name or search key.
    Literal8(Vec<u8>),
    List(Vec<Token>),
    Nil,
}

impl Token {
    /// The token as an astring / nstring (atom, quoted or literal), for names and patterns.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Token::Atom(a) => Some(a.as_bytes()),
            Token::Quoted(q) | Token::Literal(q) => Some(q),
            _ => None,
        }
    }
}

/// A tokenized command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub tag: String,
    /// Upper-cased; `UID FETCH` and the like are two words: "UID" here, "FETCH" first arg.
    pub name: String,
    pub args: Vec<Token>,
}

/// Why a command could not be tokenized (answered with BAD, RFC 9051 §7.1.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub tag: Option<String>,
    pub message: String,
}

/// Tokenizes a framed command.
pub fn tokenize(frame: &[u8]) -> Result<Command, SyntaxError> {
    let mut p = Lexer { s: frame, i: 0 };
    let tag = p.word(is_tag_char).ok_or_else(|| SyntaxError {
        tag: None,
        message: "expected a tag".into(),
    })?;
    let err = |message: &str| SyntaxError {
        tag: Some(tag.clone()),
        message: message.into(),
    };
    if !p.eat(b' ') {
        return Err(err("expected a space after the tag"));
    }
    let name = p
        .word(|b| b.is_ascii_alphanumeric() || b == b'-')
        .ok_or_else(|| err("expected a command name"))?
        .to_ascii_uppercase();
    let mut args = Vec::new();
    while p.i < p.s.len() {
        if !p.eat(b' ') {
            return Err(err("expected a space between arguments"));
        }
        args.push(p.token(0).map_err(|m| err(&m))?);
    }
    Ok(Command { tag, name, args })
}

struct Lexer<'a> {
    s: &'a [u8],
    i: usize,
}

/// Lists nest at most this deep (SEARCH criteria, BODYSTRUCTURE-like arguments).
const MAX_DEPTH: usize = 32;

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self, ok: impl Fn(u8) -> bool) -> Option<String> {
        let start = self.i;
        while self.peek().is_some_and(&ok) {
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn token(&mut self, depth: usize) -> Result<Token, String> {
        match self.peek() {
            Some(b'"') => self.quoted().map(Token::Quoted),
            Some(b'{') => self.literal().map(Token::Literal),
            Some(b'~') if self.s.get(self.i + 1) == Some(&b'{') => {
                // RFC 3516 literal8 (BINARY): same framing.
                self.i += 1;
                self.literal().map(Token::Literal8)
            }
            Some(b'(') => {
                if depth >= MAX_DEPTH {
                    return Err("lists nested too deep".into());
                }
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat(b')') {
                        return Ok(Token::List(items));
                    }
                    if self.peek().is_none() {
                        return Err("unterminated list".into());
                    }
                    if !items.is_empty() && !self.eat(b' ') {
                        return Err("expected a space or ')' in a list".into());
                    }
                    items.push(self.token(depth + 1)?);
                }
            }
            Some(_) => self.atom(),
            None => Err("missing argument".into()),
        }
    }

    fn quoted(&mut self) -> Result<Vec<u8>, String> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'\r') | Some(b'\n') => return Err("unterminated quoted string".into()),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(c @ (b'"' | b'\\')) => {
                            out.push(c);
                            self.i += 1;
                        }
                        _ => return Err("bad escape in a quoted string".into()),
                    }
                }
                Some(c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn literal(&mut self) -> Result<Vec<u8>, String> {
        let close = self.s[self.i..]
            .iter()
            .position(|&b| b == b'}')
            .ok_or("bad literal")?;
        let spec = &self.s[self.i + 1..self.i + close];
        let digits = spec.strip_suffix(b"+").unwrap_or(spec);
        let n: usize = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse().ok())
            .ok_or("bad literal size")?;
        self.i += close + 1;
        if !self.s[self.i..].starts_with(b"\r\n") {
            return Err("a literal announcement must end the line".into());
        }
        self.i += 2;
        let end = self
            .i
            .checked_add(n)
            .filter(|&e| e <= self.s.len())
            .ok_or("short literal")?;
        let bytes = self.s[self.i..end].to_vec();
        self.i = end;
        Ok(bytes)
    }

    /// An atom; a '[' inside it opens a section read up to the matching ']' (spaces and
    /// parentheses included), and a '<' a partial range up to '>'.
    fn atom(&mut self) -> Result<Token, String> {
        let start = self.i;
        // A flag: "\" atom (RFC 9051 §9 flag-extension), e.g. \Seen.
        if self.peek() == Some(b'\\') {
            self.i += 1;
        }
        let mut brackets = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'[' if brackets > 0 || opens_section(&self.s[start..self.i]) => brackets += 1,
                b']' if brackets > 0 => brackets -= 1,
                // Elsewhere '[' and ']' are ordinary astring characters (RFC 9051 §9:
                // ATOM-CHAR allows '[', ASTRING-CHAR adds ']'): `SELECT a[b]` names a mailbox.
                b'[' | b']' => {}
                // A partial range follows a section only (`BODY[]<0.100>`): elsewhere '<'
                // is an ordinary atom character (RFC 9051 §9 ATOM-CHAR), as in a mailbox
                // name `a<b`.
                b'<' if brackets == 0 && self.i > start && self.s[self.i - 1] == b']' => {
                    let close = self.s[self.i..]
                        .iter()
                        .position(|&c| c == b'>')
                        .ok_or("unterminated partial range")?;
                    self.i += close + 1;
                    continue;
                }
                _ if brackets > 0 => {
                    if b == b'\r' || b == b'\n' {
                        return Err("unterminated section".into());
                    }
                }
                _ if b == b'%' || b == b'*' || is_atom_char(b) => {}
                _ => break,
            }
            self.i += 1;
        }
        if brackets > 0 {
            return Err("unterminated section".into());
        }
        if self.i == start {
            return Err(format!("unexpected character '{}'", self.s[start] as char));
        }
        let atom = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        Ok(if atom.eq_ignore_ascii_case("NIL") {
            Token::Nil
        } else {
            Token::Atom(atom)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_line: usize, max_literal: u64) -> Limits {
        Limits::after_login(max_line, max_literal)
    }

    fn frames(input: &[u8], chunk: usize) -> Vec<Frame> {
        let mut f = Framer::new(limits(1000, 100));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for piece in input.chunks(chunk) {
            buf.extend_from_slice(piece);
            loop {
                match f.push(&mut buf) {
                    Frame::NeedMore => break,
                    other => out.push(other),
                }
            }
        }
        out
    }

    #[test]
    fn commands_and_literals_frame_the_same_split_at_every_byte() {
        let input: &[u8] = b"a1 NOOP\r\na2 LOGIN {11}\r\nannv@x.gov \"p w\"\r\n\
                             a3 APPEND INBOX (\\Seen) {5+}\r\nhello\r\na4 LOGOUT\r\n";
        let whole = frames(input, input.len());
        assert_eq!(
            whole,
            vec![
                Frame::Command(b"a1 NOOP".to_vec()),
                Frame::Continue(11),
                Frame::Command(b"a2 LOGIN {11}\r\nannv@x.gov \"p w\"".to_vec()),
                Frame::Command(b"a3 APPEND INBOX (\\Seen) {5+}\r\nhello".to_vec()),
                Frame::Command(b"a4 LOGOUT".to_vec()),
            ]
        );
        for chunk in 1..input.len() {
            assert_eq!(frames(input, chunk), whole, "split every {chunk} bytes");
        }
    }

    #[test]
    fn caps_are_enforced_before_reading() {
        let mut f = Framer::new(limits(20, 100));
        let mut buf = b"t1 APPEND INBOX {999999999999}\r\n".to_vec();
        // The line itself is over 20 bytes: refused as too long, literal never read.
        assert_eq!(
            f.push(&mut buf),
            Frame::LineTooLong {
                tag: Some("t1".into())
            }
        );
        let mut f = Framer::new(limits(100, 100));
        let mut buf = b"t2 APPEND INBOX {101}\r\n".to_vec();
        assert_eq!(
            f.push(&mut buf),
            Frame::LiteralTooBig {
                tag: Some("t2".into()),
                size: 101,
                synchronizing: true
            }
        );
        assert!(buf.is_empty());
        // A long line without CRLF yet is cut off as soon as it passes the cap, and the
        // session resynchronizes at the next CRLF.
        let mut f = Framer::new(limits(10, 100));
        let mut buf = b"t3 NOOP xxxxxxxxxxxxxxxxxxxx".to_vec();
        assert_eq!(
            f.push(&mut buf),
            Frame::LineTooLong {
                tag: Some("t3".into())
            }
        );
        assert!(buf.len() <= 1);
        buf.extend_from_slice(b"yyyy\r\nt4 NOOP\r\n");
        assert_eq!(f.push(&mut buf), Frame::Command(b"t4 NOOP".to_vec()));
    }

    /// A literal's bytes are not part of the line: a 64 KiB APPEND (any sent message with
    /// an attachment) was refused as "command line too long".
    #[test]
    fn literals_do_not_count_as_line() {
        let mut f = Framer::new(limits(100, 10_000));
        let mut buf = b"a APPEND Sent (\\Seen) {5000+}\r\n".to_vec();
        buf.extend(std::iter::repeat_n(b'x', 5000));
        buf.extend_from_slice(b"\r\n");
        let Frame::Command(cmd) = f.push(&mut buf) else {
            panic!("not framed");
        };
        assert_eq!(cmd.len(), 31 + 5000);
        // The line after a literal is measured on its own.
        let mut buf = b"b SEARCH TEXT {3000+}\r\n".to_vec();
        buf.extend(std::iter::repeat_n(b'y', 3000));
        buf.extend_from_slice(b" TEXT {3000+}\r\n");
        buf.extend(std::iter::repeat_n(b'z', 3000));
        buf.extend_from_slice(b"\r\n");
        assert!(matches!(f.push(&mut buf), Frame::Command(_)));
    }

    #[test]
    fn before_login_only_small_literals_and_commands_are_read() {
        let mut f = Framer::new(Limits::BEFORE_LOGIN);
        let mut buf = b"a1 LOGIN {52428800}\r\n".to_vec();
        assert!(matches!(
            f.push(&mut buf),
            Frame::LiteralTooBig { size: 52428800, .. }
        ));
        // Many small literals chained in one command stop at the command cap.
        let mut f = Framer::new(Limits::BEFORE_LOGIN);
        let mut refused = false;
        for _ in 0..10 {
            let mut buf = b"{4000+}\r\n".to_vec();
            if f.line_start == 0 && f.current.is_empty() {
                buf = b"a2 ID ({4000+}\r\n".to_vec();
            }
            match f.push(&mut buf) {
                Frame::NeedMore => {}
                Frame::LiteralTooBig { .. } => {
                    refused = true;
                    break;
                }
                other => panic!("{other:?}"),
            }
            let mut literal = vec![b'x'; 4000];
            literal.push(b' ');
            assert_eq!(f.push(&mut literal), Frame::NeedMore);
        }
        assert!(refused);
        assert!(f.current.len() as u64 <= Limits::BEFORE_LOGIN.max_command);
    }

    #[test]
    fn large_literals_are_handed_out_to_spool() {
        let mut f = Framer::new(limits(100, 1_000_000)).spool_over(1000);
        let mut buf = b"a APPEND INBOX {5000}\r\n".to_vec();
        assert_eq!(
            f.push(&mut buf),
            Frame::Spool {
                size: 5000,
                synchronizing: true
            }
        );
        // Until the literal comes back, nothing is framed.
        let mut more = b"xxxx".to_vec();
        assert_eq!(f.push(&mut more), Frame::NeedMore);
        assert_eq!(more.len(), 4);
        f.literal_read(&[b'm'; 5000]);
        let mut rest = b"\r\n".to_vec();
        let Frame::Command(cmd) = f.push(&mut rest) else {
            panic!("not framed");
        };
        assert_eq!(cmd.len(), 23 + 5000);
        assert!(tokenize(&cmd).is_ok());
        // Small literals stay in memory.
        let mut buf = b"b APPEND INBOX {10+}\r\n0123456789\r\n".to_vec();
        assert!(matches!(f.push(&mut buf), Frame::Command(_)));
    }

    #[test]
    fn tokens() {
        let c = tokenize(
            b"A7 uid fetch 1:*,5 (FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.512> \
              BINARY[1.2]) NIL \"qu\\\"o\\\\te\" {3}\r\nabc",
        )
        .unwrap();
        assert_eq!(c.tag, "A7");
        assert_eq!(c.name, "UID");
        assert_eq!(
            c.args,
            vec![
                Token::Atom("fetch".into()),
                Token::Atom("1:*,5".into()),
                Token::List(vec![
                    Token::Atom("FLAGS".into()),
                    Token::Atom("BODY.PEEK[HEADER.FIELDS (From Subject)]<0.512>".into()),
                    Token::Atom("BINARY[1.2]".into()),
                ]),
                Token::Nil,
                Token::Quoted(b"qu\"o\\te".to_vec()),
                Token::Literal(b"abc".to_vec()),
            ]
        );
        let c = tokenize(b"x STORE 1 +FLAGS (\\Seen $Official)").unwrap();
        assert_eq!(
            c.args[2],
            Token::List(vec![
                Token::Atom("\\Seen".into()),
                Token::Atom("$Official".into())
            ])
        );
        let c = tokenize(b"x LIST \"\" %/*").unwrap();
        assert_eq!(c.args[1], Token::Atom("%/*".into()));
        // '<' starts a partial range only after a section (found by the imap_wire target:
        // a mailbox name written as the atom `AAn<a` did not read back).
        let c = tokenize(b"x SELECT AAn<a").unwrap();
        assert_eq!(c.args[0], Token::Atom("AAn<a".into()));
        // Likewise '[' opens a section only after BODY, BINARY and their forms.
        let c = tokenize(b"x SELECT a[b] [[x").unwrap();
        assert_eq!(
            c.args,
            [Token::Atom("a[b]".into()), Token::Atom("[[x".into())]
        );
        let c =
            tokenize(b"x FETCH 1 (body.peek[header.fields (From)]<0.5> BINARY.SIZE[1])").unwrap();
        assert_eq!(
            c.args[1],
            Token::List(vec![
                Token::Atom("body.peek[header.fields (From)]<0.5>".into()),
                Token::Atom("BINARY.SIZE[1]".into())
            ])
        );
    }

    #[test]
    fn syntax_errors_keep_the_tag() {
        for (bad, needle) in [
            (&b"a1 SELECT \"INBOX"[..], "unterminated"),
            (b"a2 SEARCH (OR", "unterminated list"),
            (b"a3 FETCH 1 BODY[HEADER", "unterminated section"),
            (b"a4 LOGIN a  b", "unexpected"),
        ] {
            let e = tokenize(bad).unwrap_err();
            assert_eq!(e.tag.as_deref(), Some(&*String::from_utf8_lossy(&bad[..2])));
            assert!(e.message.contains(needle), "{:?}: {}", bad, e.message);
        }
        assert_eq!(tokenize(b"").unwrap_err().tag, None);
        let deep = format!("a5 SEARCH {}{}", "(".repeat(40), ")".repeat(40));
        assert!(
            tokenize(deep.as_bytes())
                .unwrap_err()
                .message
                .contains("deep")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Bytes heavy in what the framer and tokenizer look at.
        fn hostile() -> impl Strategy<Value = Vec<u8>> {
            proptest::collection::vec(
                prop_oneof![
                    3 => proptest::sample::select(b"\r\n{}+~()[]<>\"\\ 0123456789aAxX*%".to_vec()),
                    1 => any::<u8>(),
                ],
                0..400,
            )
        }

        proptest! {
            /// Fed any bytes in any pieces, the framer returns to NeedMore after a bounded
            /// number of calls, never frames more than it was given, and every frame
            /// tokenizes (or is refused) and parses as SEARCH criteria without panicking.
            #[test]
            fn framing_any_input_ends(input in hostile(), cuts in proptest::collection::vec(1usize..64, 1..20)) {
                let limits = Limits { max_line: 64, max_literal: 32, max_command: 160 };
                let mut framer = Framer::new(limits).spool_over(16);
                let (mut buf, mut framed, mut at) = (Vec::new(), 0usize, 0usize);
                let mut cut = cuts.iter().cycle();
                while at < input.len() {
                    let n = (*cut.next().unwrap_or(&1)).min(input.len() - at);
                    buf.extend_from_slice(&input[at..at + n]);
                    at += n;
                    let mut calls = 0;
                    loop {
                        calls += 1;
                        prop_assert!(calls <= input.len() + 4, "the framer did not settle");
                        match framer.push(&mut buf) {
                            Frame::NeedMore => break,
                            Frame::Command(cmd) => {
                                framed += cmd.len();
                                if let Ok(c) = tokenize(&cmd) {
                                    let _ = crate::search::parse(&c.args);
                                }
                            }
                            Frame::Spool { size, .. } => {
                                prop_assert!(size > 16 && size <= 32);
                                let take = (size as usize).min(buf.len());
                                let mut literal: Vec<u8> = buf.drain(..take).collect();
                                literal.resize(size as usize, b'x');
                                framer.literal_read(&literal);
                            }
                            _ => {}
                        }
                    }
                }
                // Spooled literals are padded to their size: at most 32 bytes each.
                prop_assert!(framed <= input.len() * 3 + 32);
            }
        }
    }
}
