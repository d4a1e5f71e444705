//! Recognition throughput over the labelled corpus, repeated (issue 5's benchmark):
//! `cargo bench -p policy --bench recognise`. Prints messages/s for parsing alone and for
//! parsing plus recognition, and for recognition alone on messages parsed beforehand. Not a
//! test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use mail_parser::MessageParser;

fn main() {
    // `cargo bench -p policy --bench recognise -- FILE.eml…` measures those files instead.
    let files: Vec<std::path::PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a.ends_with(".eml"))
        .map(Into::into)
        .collect();
    let paths = if files.is_empty() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect()
    } else {
        files
    };
    let mut messages: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    messages.sort();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    // ROUNDS=N sets the rounds (e.g. a few hundred under `valgrind --tool=callgrind`).
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(24_000 / messages.len().max(1));
    let total = messages.len() * rounds;
    println!(
        "corpus: {} messages, {} KB; {rounds} rounds = {total} messages",
        messages.len(),
        bytes / 1024
    );
    let mut official = 0usize;
    for (label, recognise) in [("parse only", false), ("parse + recognise", true)] {
        let mut best = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            for _ in 0..rounds {
                for raw in &messages {
                    let parsed = MessageParser::default().parse(&raw[..]).unwrap();
                    if recognise {
                        official += usize::from(policy::document::recognise(&parsed).official);
                    } else {
                        std::hint::black_box(&parsed);
                    }
                }
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!(
            "{label:>18}: {:>8.0} messages/s ({:.1} µs each)",
            total as f64 / best,
            best * 1e6 / total as f64
        );
    }
    // Recognition alone, on messages parsed beforehand: what the policy step adds to the
    // parse that every delivered message gets anyway.
    let parsed: Vec<_> = messages
        .iter()
        .map(|raw| MessageParser::default().parse(&raw[..]).unwrap())
        .collect();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for _ in 0..rounds {
            for message in &parsed {
                official += usize::from(policy::document::recognise(message).official);
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{:>18}: {:>8.0} messages/s ({:.1} µs each)",
        "recognise only",
        total as f64 / best,
        best * 1e6 / total as f64
    );
    std::hint::black_box(official);
}
