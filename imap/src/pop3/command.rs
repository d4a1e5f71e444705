//! POP3 wire: cutting the input into lines and parsing commands (RFC 1939 §3, RFC 2449 §3-4).
//! No I/O here; "need more bytes" is not an error.
//!
//! Security: a line is capped before it is kept. Past the cap the reader only looks for the
//! end of the line and throws the bytes away, so a client sending an endless line costs us
//! at most `max` bytes of memory, and the session answers once and resynchronizes at the next
//! line end.

use auth::Secret;

/// RFC 2449 §4: a command line is at most 255 octets, including the terminating CRLF.
pub const MAX_COMMAND_LINE: usize = 255;

/// Longest SASL response line we accept (after `+ `). RFC 2449's 255-octet limit is for
/// command lines; a SASL response is not a command (RFC 5034 §4), and PLAIN with a long
/// password and name needs more. 12 KiB, like SMTP AUTH lines (RFC 4954 §4).
pub const MAX_SASL_LINE: usize = 12 * 1024;

/// What the line reader found in the input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A complete line, without its line end.
    Complete(Vec<u8>),
    /// A line longer than the cap; it has been consumed up to and including its line end.
    TooLong,
    NeedMore,
}

/// Cuts lines from the input buffer, one at a time.
#[derive(Debug, Default)]
pub struct LineReader {
    /// Discarding the rest of an over-long line.
    discarding: bool,
}

impl LineReader {
    /// Whether the rest of an over-long line is being discarded (it is not in the input).
    pub fn discarding(&self) -> bool {
        self.discarding
    }

    /// Takes the next line from the front of `input`, `max` octets at most including CRLF.
    /// A bare LF also ends a line (lenient with broken clients; RFC 1939 asks for CRLF).
    pub fn next(&mut self, input: &mut Vec<u8>, max: usize) -> Line {
        let newline = input.iter().position(|&b| b == b'\n');
        if self.discarding {
            match newline {
                Some(end) => {
                    input.drain(..=end);
                    self.discarding = false;
                    return Line::TooLong;
                }
                None => {
                    // Keep nothing: the bytes belong to the line we are dropping.
                    input.clear();
                    return Line::NeedMore;
                }
            }
        }
        match newline {
            Some(end) if end < max => {
                let mut line: Vec<u8> = input.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                Line::Complete(line)
            }
            Some(end) => {
                input.drain(..=end);
                Line::TooLong
            }
            None if input.len() >= max => {
                input.clear();
                self.discarding = true;
                Line::NeedMore
            }
            None => Line::NeedMore,
        }
    }
}

/// One POP3 command, parsed. Keywords are case-insensitive (RFC 1939 §3).
#[derive(Debug)]
pub enum Command {
    Capa,
    Stls,
    User(String),
    Pass(Secret),
    /// AUTH with no mechanism lists the mechanisms; `initial` is the SASL initial response
    /// (RFC 5034 §4), "=" meaning an empty one.
    Auth {
        mechanism: Option<String>,
        initial: Option<String>,
    },
    Apop,
    Stat,
    List(Option<u32>),
    Retr(u32),
    Dele(u32),
    Noop,
    Rset,
    Top(u32, u32),
    Uidl(Option<u32>),
    Quit,
}

impl Command {
    /// The keyword, for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Capa => "CAPA",
            Command::Stls => "STLS",
            Command::User(_) => "USER",
            Command::Pass(_) => "PASS",
            Command::Auth { .. } => "AUTH",
            Command::Apop => "APOP",
            Command::Stat => "STAT",
            Command::List(_) => "LIST",
            Command::Retr(_) => "RETR",
            Command::Dele(_) => "DELE",
            Command::Noop => "NOOP",
            Command::Rset => "RSET",
            Command::Top(..) => "TOP",
            Command::Uidl(_) => "UIDL",
            Command::Quit => "QUIT",
        }
    }
}

/// Why a line is not a command we can run; the text goes to the client after `-ERR `.
#[derive(Debug, PartialEq, Eq)]
pub struct ParseError(pub &'static str);

/// Parses one command line (without CRLF).
pub fn parse(line: &[u8]) -> Result<Command, ParseError> {
    // The password of PASS may hold any octet but CR and LF, spaces included: take it
    // before any other processing, so that it is never lossily converted or trimmed.
    let keyword_end = line.iter().position(|&b| b == b' ').unwrap_or(line.len());
    let keyword = std::str::from_utf8(&line[..keyword_end])
        .map_err(|_| ParseError("unknown command"))?
        .to_ascii_uppercase();
    let rest = line.get(keyword_end + 1..).unwrap_or_default();
    if keyword == "PASS" {
        // RFC 1939 §7 PASS: "the server may treat spaces in the argument as part of the
        // password, instead of as argument separators".
        if rest.is_empty() {
            return Err(ParseError("PASS needs a password"));
        }
        let pass = String::from_utf8(rest.to_vec())
            .map_err(|_| ParseError("the password is not valid UTF-8"))?;
        return Ok(Command::Pass(Secret::new(pass)));
    }
    let rest = std::str::from_utf8(rest).map_err(|_| ParseError("arguments must be UTF-8"))?;
    let args: Vec<&str> = rest.split(' ').filter(|a| !a.is_empty()).collect();
    let no_args = |cmd: Command| {
        if args.is_empty() {
            Ok(cmd)
        } else {
            Err(ParseError("this command takes no arguments"))
        }
    };
    match keyword.as_str() {
        "CAPA" => no_args(Command::Capa),
        "STLS" => no_args(Command::Stls),
        "STAT" => no_args(Command::Stat),
        "NOOP" => no_args(Command::Noop),
        "RSET" => no_args(Command::Rset),
        "QUIT" => no_args(Command::Quit),
        "APOP" => Ok(Command::Apop),
        "USER" => match args.as_slice() {
            [name] => Ok(Command::User((*name).to_string())),
            _ => Err(ParseError("USER needs one name")),
        },
        "AUTH" => match args.as_slice() {
            [] => Ok(Command::Auth {
                mechanism: None,
                initial: None,
            }),
            [mechanism] => Ok(Command::Auth {
                mechanism: Some(mechanism.to_ascii_uppercase()),
                initial: None,
            }),
            [mechanism, initial] => Ok(Command::Auth {
                mechanism: Some(mechanism.to_ascii_uppercase()),
                initial: Some((*initial).to_string()),
            }),
            _ => Err(ParseError("AUTH takes a mechanism and an initial response")),
        },
        "LIST" | "UIDL" => {
            let which = match args.as_slice() {
                [] => None,
                [n] => Some(number(n)?),
                _ => return Err(ParseError("give one message number or none")),
            };
            Ok(if keyword == "LIST" {
                Command::List(which)
            } else {
                Command::Uidl(which)
            })
        }
        "RETR" | "DELE" => match args.as_slice() {
            [n] => {
                let n = number(n)?;
                Ok(if keyword == "RETR" {
                    Command::Retr(n)
                } else {
                    Command::Dele(n)
                })
            }
            _ => Err(ParseError("give one message number")),
        },
        "TOP" => match args.as_slice() {
            [n, lines] => Ok(Command::Top(number(n)?, count(lines)?)),
            _ => Err(ParseError(
                "TOP needs a message number and a number of lines",
            )),
        },
        _ => Err(ParseError("unknown command")),
    }
}

/// A message number: decimal digits (RFC 1939 §3: numbers are decimal, messages start at 1;
/// 0 is syntactically a number and answered as "no such message" later).
fn number(arg: &str) -> Result<u32, ParseError> {
    if !arg.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError("a message number is decimal digits"));
    }
    // A number too large for u32 is no message either.
    Ok(arg.parse().unwrap_or(u32::MAX))
}

/// A line count for TOP: non-negative; more lines than the body has means the whole body.
fn count(arg: &str) -> Result<u32, ParseError> {
    if arg.is_empty() || !arg.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError("the number of lines is decimal digits"));
    }
    Ok(arg.parse().unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Line> {
        let mut reader = LineReader::default();
        let mut buf = input.to_vec();
        let mut out = Vec::new();
        loop {
            match reader.next(&mut buf, max) {
                Line::NeedMore => return out,
                l => out.push(l),
            }
        }
    }

    #[test]
    fn lines_end_at_crlf_or_lf_and_wait_for_more() {
        assert_eq!(
            lines(b"STAT\r\nLIST 1\nRE", 255),
            vec![
                Line::Complete(b"STAT".to_vec()),
                Line::Complete(b"LIST 1".to_vec())
            ]
        );
    }

    #[test]
    fn an_over_long_line_is_dropped_once_and_the_next_one_is_read() {
        // 255 octets including CRLF is allowed; 256 is not.
        let ok = [b"N".repeat(253), b"\r\n".to_vec()].concat();
        assert_eq!(lines(&ok, 255), vec![Line::Complete(b"N".repeat(253))]);
        let long = [b"N".repeat(254), b"\r\nNOOP\r\n".to_vec()].concat();
        assert_eq!(
            lines(&long, 255),
            vec![Line::TooLong, Line::Complete(b"NOOP".to_vec())]
        );
    }

    #[test]
    fn an_endless_line_is_discarded_without_growing_the_buffer() {
        let mut reader = LineReader::default();
        let mut buf = Vec::new();
        for _ in 0..100 {
            buf.extend_from_slice(&[b'x'; 1000]);
            assert_eq!(reader.next(&mut buf, 255), Line::NeedMore);
            assert!(buf.len() < 1000);
        }
        buf.extend_from_slice(b"xx\r\nQUIT\r\n");
        assert_eq!(reader.next(&mut buf, 255), Line::TooLong);
        assert_eq!(reader.next(&mut buf, 255), Line::Complete(b"QUIT".to_vec()));
    }

    #[test]
    fn every_split_of_the_input_gives_the_same_lines() {
        let input = b"USER annv@x.gov.vn\r\nPASS m\xe1\xba\xadt kh\xe1\xba\xa9u\r\nSTAT\r\n";
        let whole = lines(input, 255);
        for cut in 0..=input.len() {
            let mut reader = LineReader::default();
            let mut buf = input[..cut].to_vec();
            let mut got = Vec::new();
            loop {
                match reader.next(&mut buf, 255) {
                    Line::NeedMore => break,
                    l => got.push(l),
                }
            }
            buf.extend_from_slice(&input[cut..]);
            loop {
                match reader.next(&mut buf, 255) {
                    Line::NeedMore => break,
                    l => got.push(l),
                }
            }
            assert_eq!(got, whole, "cut at {cut}");
        }
    }

    #[test]
    fn commands() {
        assert!(matches!(parse(b"capa"), Ok(Command::Capa)));
        assert!(matches!(parse(b"List"), Ok(Command::List(None))));
        assert!(matches!(parse(b"LIST 3"), Ok(Command::List(Some(3)))));
        assert!(matches!(parse(b"TOP 1 0"), Ok(Command::Top(1, 0))));
        assert!(matches!(
            parse(b"UIDL 99999999999"),
            Ok(Command::Uidl(Some(u32::MAX)))
        ));
        assert!(
            matches!(parse(b"USER annv@x.gov.vn"), Ok(Command::User(u)) if u == "annv@x.gov.vn")
        );
        match parse(b"PASS  hai  ch\xe1\xbb\xaf ") {
            Ok(Command::Pass(p)) => assert_eq!(p.declassify(), " hai  chữ "),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse(b"AUTH plain AGEAYg=="),
            Ok(Command::Auth { mechanism: Some(m), initial: Some(i) }) if m == "PLAIN" && i == "AGEAYg=="
        ));
        assert_eq!(
            parse(b"RETR").err(),
            Some(ParseError("give one message number"))
        );
        assert!(parse(b"RETR -1").is_err());
        assert!(parse(b"RETR 1 2").is_err());
        assert!(parse(b"STAT 1").is_err());
        assert!(parse(b"TOP 1").is_err());
        assert!(parse(b"XYZZY").is_err());
        assert!(parse(b"").is_err());
        assert!(parse(b"\xff\xfe").is_err());
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let cmd = parse(b"PASS secret-123").unwrap();
        assert!(!format!("{cmd:?}").contains("secret-123"));
    }
}
