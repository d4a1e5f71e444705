//! IMAP framer and tokenizer (imap/src/wire.rs) on a client's byte stream.
//!
//! The input is fed to `Framer::push` in chunks (sizes from the first byte; caps from the
//! second and third, small so that LineTooLong/LiteralTooBig are reached) and every framed
//! command is tokenized, as the session does. Asserts:
//! - no panic;
//! - the frames are the same whatever the chunking (compared with a feed of the whole input):
//!   commands, continuations, over-big literals, and the number of over-long lines;
//! - bounded: the framer never holds more than the line cap plus the announced literals, a
//!   frame is no longer than the input, a command's tokens at most 3 times its frame's bytes
//!   (U+FFFD for a non-UTF-8 byte);
//! - a command within the caps is framed whole: `A APPEND X {n}` with a literal of the
//!   input's bytes (n at most the literal cap) and a short line after it gives one command;
//! - the typed command layer (imap/src/command.rs) reads every tokenized command;
//! - round trip: the writer of IMAP strings (imap::response::{string, astring}) gives back
//!   the same bytes through the tokenizer, in both UTF-8 modes.

use govmail_fuzz::{assert_bounded, chunks, split_control};
use imap::response::{Utf8, astring, string};
use imap::wire::{Frame, Framer, Limits, Token, tokenize};

/// What is compared between two feeds (a LineTooLong's tag depends on how much of the line
/// had arrived, so only the count of those is compared).
#[derive(Debug, PartialEq, Eq)]
enum Event {
    Command(Vec<u8>),
    Continue(u64),
    LiteralTooBig(u64, bool),
    LineTooLong,
}

fn feed(parts: &[&[u8]], max_line: usize, max_literal: u64) -> Vec<Event> {
    let limits = Limits::after_login(max_line, max_literal);
    let mut framer = Framer::new(limits);
    let mut input = Vec::new();
    let mut events = Vec::new();
    let total: usize = parts.iter().map(|p| p.len()).sum();
    for part in parts {
        input.extend_from_slice(part);
        // Every push consumes input or asks for more: bound the loop to catch a framer
        // that neither consumes nor waits.
        let mut spins = 0usize;
        loop {
            spins += 1;
            assert!(spins <= total + 4, "the framer makes no progress");
            let frame = framer.push(&mut input);
            match frame {
                Frame::NeedMore => break,
                Frame::Command(c) => {
                    assert_bounded("frame", c.len(), total, 1, 0);
                    events.push(Event::Command(c));
                }
                Frame::Continue(n) => {
                    assert!(n <= max_literal, "continuation for a literal over the cap");
                    events.push(Event::Continue(n));
                }
                Frame::LiteralTooBig {
                    size,
                    synchronizing,
                    ..
                } => {
                    // A literal within its cap is refused only when the command would pass
                    // the command cap, which takes at least that many bytes of input.
                    assert!(
                        size > max_literal
                            || (total as u64).saturating_add(size) + 2 > limits.max_command,
                        "a literal within the caps was refused"
                    );
                    events.push(Event::LiteralTooBig(size, synchronizing));
                }
                Frame::LineTooLong { .. } => events.push(Event::LineTooLong),
                // Only a framer built with `spool_over` hands literals out.
                Frame::Spool { .. } => panic!("a literal was handed out to spool"),
            }
        }
    }
    events
}

fn check_tokens(args: &[Token], frame_len: usize) -> usize {
    let mut bytes = 0;
    for t in args {
        bytes += match t {
            Token::Atom(a) => a.len(),
            Token::Quoted(q) | Token::Literal(q) | Token::Literal8(q) => q.len(),
            Token::List(items) => check_tokens(items, frame_len),
            Token::Nil => 3,
        };
    }
    // Atoms are kept as text: a byte that is not UTF-8 (allowed inside a bracketed section)
    // becomes U+FFFD, 3 bytes.
    assert_bounded("tokens", bytes, frame_len, 3, 0);
    bytes
}

fn round_trip(value: &[u8]) {
    for utf8 in [Utf8::Quoted, Utf8::LiteralOnly] {
        for as_astring in [false, true] {
            let mut line = b"A X ".to_vec();
            if as_astring {
                astring(&mut line, value, utf8);
            } else {
                string(&mut line, value, utf8);
            }
            let cmd = tokenize(&line)
                .unwrap_or_else(|e| panic!("written string does not tokenize: {e:?} {line:?}"));
            assert_eq!(cmd.args.len(), 1, "one string written, {:?} read", cmd.args);
            let back = match &cmd.args[0] {
                Token::Nil => panic!("string {value:?} read back as NIL"),
                t => t.as_bytes().map(<[u8]>::to_vec),
            };
            assert_eq!(back.as_deref(), Some(value), "string round trip ({utf8:?})");
        }
    }
}

/// A command whose lines fit `max_line` and whose literal fits `max_literal` must come out
/// whole, however long it is in total (APPEND of a large message).
fn within_caps(data: &[u8], max_line: usize, max_literal: u64) {
    let literal = &data[..data.len().min(max_literal as usize)];
    let head = format!("A APPEND X {{{}+}}", literal.len());
    // The line's text without the literal: the announcement, its CRLF and " Y".
    if head.len() + 4 > max_line {
        return;
    }
    let mut stream = head.clone().into_bytes();
    stream.extend_from_slice(b"\r\n");
    stream.extend_from_slice(literal);
    stream.extend_from_slice(b" Y\r\n");
    let mut expected = head.into_bytes();
    expected.extend_from_slice(b"\r\n");
    expected.extend_from_slice(literal);
    expected.extend_from_slice(b" Y");
    let events = feed(&[&stream], max_line, max_literal);
    assert_eq!(
        events,
        vec![Event::Command(expected)],
        "a command within the caps (line {max_line}, literal {max_literal}) is not framed whole"
    );
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (control, rest) = split_control(data);
        let (caps, rest) = split_control(rest);
        let max_line = 8 + usize::from(caps & 0x0f) * 8;
        let max_literal = u64::from(caps >> 4) * 4;
        let events = feed(&chunks(rest, control), max_line, max_literal);
        let whole = feed(&[rest], max_line, max_literal);
        assert_eq!(events, whole, "framing depends on how the input was cut");
        // The real caps too, on the whole input.
        let real = feed(&[rest], 64 * 1024, 50 * 1024 * 1024);
        for event in events.iter().chain(&real) {
            if let Event::Command(frame) = event
                && let Ok(cmd) = tokenize(frame)
            {
                check_tokens(&cmd.args, frame.len());
                assert!(!cmd.tag.is_empty() && !cmd.name.is_empty());
                // The typed command layer reads the tokens as the session does: it answers
                // (a command or a BAD) without panicking.
                let _ = imap::check_command(frame);
            }
        }
        within_caps(rest, max_line, max_literal);
        if rest.len() <= 4096 {
            round_trip(rest);
        }
    });
}
