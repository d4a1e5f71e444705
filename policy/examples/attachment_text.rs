//! The cost of reading attachments' text, file by file: `cargo run --release -p policy
//! --example attachment_text -- FILE…` (a .pdf, .docx, .odt or .xlsx) prints each file's text
//! size, work steps and time per read over ROUNDS reads (default 1000). For instruction
//! counts run it under `valgrind --tool=callgrind
//! --toggle-collect='policy::document::attachment_text::attachment_text_steps'` and divide by
//! ROUNDS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1000);
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let (text, steps) = policy::document::attachment_text_steps(&path, None, &bytes);
        let start = Instant::now();
        for _ in 0..rounds {
            let read = policy::document::attachment_text_steps(&path, None, &bytes);
            std::hint::black_box(read);
        }
        let each = start.elapsed().as_secs_f64() / rounds as f64;
        println!(
            "{path}: {} bytes, text {} bytes, {steps} steps, {:.1} µs per read",
            bytes.len(),
            text.map_or(0, |t| t.len()),
            each * 1e6
        );
    }
}
