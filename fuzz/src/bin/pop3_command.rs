//! POP3 wire (imap/src/pop3/command.rs): `LineReader` cuts the client's stream, fed in chunks
//! (sizes from the first byte), into lines under the command cap, and `parse` reads each.
//!
//! Asserts: no panic; a complete line is shorter than the cap and holds no LF; the reader
//! keeps no more than the cap (its input buffer never grows past cap + one chunk); every
//! line is read the same whatever the chunking.

use govmail_fuzz::{chunks, split_control};
use imap::pop3::command::{Line, LineReader, MAX_COMMAND_LINE, parse};

fn lines(parts: &[&[u8]]) -> Vec<Option<Vec<u8>>> {
    let mut reader = LineReader::default();
    let mut input = Vec::new();
    let mut out = Vec::new();
    for part in parts {
        input.extend_from_slice(part);
        loop {
            match reader.next(&mut input, MAX_COMMAND_LINE) {
                Line::NeedMore => break,
                Line::TooLong => out.push(None),
                Line::Complete(line) => {
                    assert!(line.len() < MAX_COMMAND_LINE, "line over the cap");
                    assert!(!line.contains(&b'\n'), "line holds a LF");
                    out.push(Some(line));
                }
            }
        }
        assert!(
            input.len() < MAX_COMMAND_LINE + part.len(),
            "the reader keeps {} bytes",
            input.len()
        );
    }
    out
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (control, rest) = split_control(data);
        let cut = lines(&chunks(rest, control));
        let whole = lines(&[rest]);
        // Over-long lines without a line end are dropped as they come, so compare only the
        // complete lines.
        let complete = |v: &[Option<Vec<u8>>]| v.iter().flatten().cloned().collect::<Vec<_>>();
        assert_eq!(
            complete(&cut),
            complete(&whole),
            "lines depend on the chunking"
        );
        for line in cut.iter().flatten() {
            if let Ok(cmd) = parse(line) {
                let _ = cmd.name();
            }
        }
        // SASL responses have a longer cap.
        let _ = parse(rest);
    });
}
