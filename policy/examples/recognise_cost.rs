//! Recognises each message given on the command line once (after parsing them all), for
//! instruction counts per recognition:
//! `valgrind --tool=callgrind --toggle-collect='policy::document::recognise' \
//!    target/release/examples/recognise_cost policy/tests/corpus*/*.eml`
//! then divide the collected instructions by the number of messages it prints.
//! With `DUMP=1` it prints each message's explained recognition instead (one line each), to
//! compare two versions' results.
#![allow(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    let raws: Vec<Vec<u8>> = std::env::args()
        .skip(1)
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let parsed: Vec<_> = raws
        .iter()
        .map(|raw| {
            mail_parser::MessageParser::default()
                .parse(&raw[..])
                .unwrap()
        })
        .collect();
    if std::env::var_os("DUMP").is_some() {
        for message in &parsed {
            println!("{:?}", policy::document::explain(message));
        }
        return;
    }
    let mut official = 0usize;
    for message in &parsed {
        official += usize::from(policy::document::recognise(message).official);
    }
    println!("{} messages, {official} official", parsed.len());
}
