//! SMTP command reading as smtp/src/session.rs does it: the session's own
//! `smtp::session::read_command` (whole lines through smtp-proto's `RequestReceiver`) on the
//! client's stream (fed in chunks, sizes from the first byte), DATA through `DataReceiver` up
//! to <CRLF>.<CRLF>, BDAT through `BdatReceiver`, AUTH PLAIN's initial response through
//! `auth::decode_plain`, parse errors through the session's reply
//! (`smtp::session::read_command` refusals), and a received message through the submission checks
//! (`smtp::submission::{check_from, complete_header}`).
//!
//! Asserts: no panic; progress (every step consumes input or waits for more); bounded: a
//! message body is no longer than the input, the header completion adds at most 512 bytes;
//! every reply is well framed (lines ending in CRLF, no other CR or LF); the requests and
//! messages are the same whatever the chunking, when no line is over smtp-proto's 4096-byte
//! limit (a line past it is refused as soon as 4 KiB of it have arrived, which depends on the
//! chunking only in where the refusal falls).

use govmail_fuzz::{assert_bounded, chunks, split_control};
use smtp::reply::Reply;
use smtp::session::{CommandLine, read_command};
use smtp::submission::{check_from, complete_header};
use smtp_proto::Request;
use smtp_proto::request::receiver::{BdatReceiver, DataReceiver};

fn check_reply(reply: &Reply) {
    let mut out = Vec::new();
    reply.write_to(&mut out);
    assert!(out.ends_with(b"\r\n"), "reply without CRLF: {out:?}");
    for line in out.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(!line.contains(&b'\r'), "bare CR in a reply: {out:?}");
    }
}

/// Receives a message body with `ingest`; None when the input ended first.
fn receive(
    input: &mut Vec<u8>,
    parts: &mut std::slice::Iter<'_, &[u8]>,
    mut ingest: impl FnMut(&mut std::slice::Iter<'_, u8>, &mut Vec<u8>) -> bool,
) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut bytes = input.iter();
        let done = ingest(&mut bytes, &mut body);
        let consumed = input.len() - bytes.len();
        input.drain(..consumed);
        if done {
            return Some(body);
        }
        input.extend_from_slice(parts.next()?);
    }
}

fn session(parts: &[&[u8]], total: usize) -> Vec<String> {
    let mut log = Vec::new();
    let mut discarding = false;
    let mut input: Vec<u8> = Vec::new();
    let mut parts = parts.iter();
    let mut steps = 0usize;
    loop {
        steps += 1;
        assert!(
            steps <= 2 * total + 16,
            "the command reader makes no progress"
        );
        let before = input.len();
        let request = match read_command(&mut input, &mut discarding) {
            CommandLine::Request(request) => request,
            CommandLine::NeedMore => {
                assert!(
                    !input.contains(&b'\n'),
                    "a whole line was left unread ({before} bytes before)"
                );
                match parts.next() {
                    Some(part) => {
                        input.extend_from_slice(part);
                        continue;
                    }
                    None => return log,
                }
            }
            CommandLine::Refused(reply) => {
                log.push(format!("refused {}", reply.code));
                check_reply(&reply);
                continue;
            }
        };
        log.push(format!("{request:?}"));
        let body = match request {
            Request::Quit => return log,
            Request::Data => {
                let mut data = DataReceiver::new();
                receive(&mut input, &mut parts, |b, out| data.ingest(b, out))
            }
            Request::Bdat {
                chunk_size,
                is_last,
            } => {
                let mut bdat = BdatReceiver::new(chunk_size, is_last);
                receive(&mut input, &mut parts, |b, out| bdat.ingest(b, out))
            }
            Request::Auth {
                initial_response, ..
            } => {
                if let Some((login, _)) = auth::decode_plain(&initial_response) {
                    assert_bounded(
                        "AUTH PLAIN login",
                        login.len(),
                        initial_response.len(),
                        1,
                        0,
                    );
                }
                continue;
            }
            _ => continue,
        };
        let Some(body) = body else {
            return log;
        };
        assert_bounded("message", body.len(), total, 1, 0);
        log.push(format!("message {body:?}"));
        let senders = vec!["annv@quangngai.gov.vn".to_string()];
        if let Err(reply) = check_from(&body, &senders, "annv@quangngai.gov.vn") {
            check_reply(&reply);
        }
        let len = body.len();
        let completed = complete_header(body, "mail.quangngai.gov.vn");
        assert_bounded("completed header", completed.len(), len, 1, 512);
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let (control, rest) = split_control(data);
        let cut = session(&chunks(rest, control), rest.len());
        let whole = session(&[rest], rest.len());
        if std::env::var_os("FUZZ_DEBUG").is_some() {
            eprintln!("chunked: {cut:#?}\nwhole: {whole:#?}");
        }
        let long_line = rest.split(|&b| b == b'\n').any(|l| l.len() >= 4000);
        if !long_line {
            assert_eq!(cut, whole, "commands depend on how the input was cut");
        }
    });
}
