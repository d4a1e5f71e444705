//! Runs the recogniser over the labelled sample mail (`shared/corpus`, see its README) and
//! prints precision and recall per field and every mismatch. Fails below 100% on any field.
//!
//! The corpus is a copy of the team's labelled sample (`tests/corpus/`, with its README),
//! kept in the repository so that CI needs nothing outside it; `$GOVMAIL_CORPUS` points the
//! test at another labelled set. A missing corpus is a failure, not a skip: a test that
//! silently checks nothing is worse than none.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use mail_parser::MessageParser;
use policy::document::{Recognition, explain, recognise, recognise_bytes};
use serde_json::Value;

const FIELDS: &[&str] = &[
    "official",
    "doc_type",
    "number",
    "urgency",
    "secrecy",
    "mandatory",
];

fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("GOVMAIL_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus")),
        PathBuf::from,
    );
    assert!(
        dir.join("labels.json").is_file(),
        "corpus not found: {} has no labels.json. Set GOVMAIL_CORPUS to the directory holding \
         the labelled .eml samples and labels.json.",
        dir.display()
    );
    dir
}

/// A field's value as the labels write it: null, a bool or a string.
fn field(r: &Recognition, name: &str) -> Value {
    let json = serde_json::to_value(r).unwrap();
    json.get(name).cloned().unwrap_or(Value::Null)
}

/// Whether a value is a positive prediction/label: `true` for booleans, non-null otherwise.
fn positive(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Null => false,
        _ => true,
    }
}

#[derive(Default)]
struct Score {
    /// Predicted positive and equal to the label.
    hits: usize,
    predicted: usize,
    expected: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        ratio(self.hits, self.predicted)
    }
    fn recall(&self) -> f64 {
        ratio(self.hits, self.expected)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The corpus's .eml files, sorted.
fn corpus_files(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".eml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .eml files in {}", dir.display());
    files
}

/// Delivery calls `recognise`, which writes no reasons; the reasons must never change the
/// result, so both agree on every field of every sample.
#[test]
fn recognising_without_the_reasons_gives_the_same_result() {
    let dir = corpus_dir();
    for file in corpus_files(&dir) {
        let raw = std::fs::read(dir.join(&file)).unwrap();
        let message = MessageParser::default().parse(&raw[..]).unwrap();
        let quick = recognise(&message);
        let explained = explain(&message);
        assert!(quick.evidence.is_empty(), "{file}: {:?}", quick.evidence);
        assert!(!explained.evidence.is_empty(), "{file} has no reasons");
        assert_eq!(
            quick,
            Recognition {
                evidence: Vec::new(),
                ..explained
            },
            "{file}"
        );
    }
}

#[test]
fn corpus_precision_and_recall_are_perfect() {
    let dir = corpus_dir();
    let labels: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap())
            .expect("labels.json is a JSON object of file name → label");
    let files = corpus_files(&dir);

    let mut scores: BTreeMap<&str, Score> = FIELDS.iter().map(|f| (*f, Score::default())).collect();
    let mut mismatches = String::new();
    for file in &files {
        let label = labels
            .get(file)
            .unwrap_or_else(|| panic!("{file} has no label in labels.json"));
        let raw = std::fs::read(dir.join(file)).unwrap();
        let got = recognise_bytes(&raw).unwrap_or_else(|| panic!("{file} does not parse"));
        for name in FIELDS {
            let expected = label.get(*name).cloned().unwrap_or(Value::Null);
            let actual = field(&got, name);
            let score = scores.get_mut(name).unwrap();
            score.expected += usize::from(positive(&expected));
            score.predicted += usize::from(positive(&actual));
            score.hits += usize::from(positive(&actual) && actual == expected);
            if actual != expected {
                writeln!(
                    mismatches,
                    "  {file}  {name:<9}  expected {expected}, got {actual}\n      evidence: {}",
                    got.evidence.join(" | ")
                )
                .unwrap();
            }
        }
    }
    assert_eq!(
        files.len(),
        labels.len(),
        "labels.json and the .eml files disagree"
    );

    let mut table = format!(
        "\n{} messages in {}\n{:<10} {:>10} {:>8}\n",
        files.len(),
        dir.display(),
        "field",
        "precision",
        "recall"
    );
    let mut perfect = true;
    for name in FIELDS {
        let s = &scores[name];
        perfect &= s.hits == s.predicted && s.hits == s.expected;
        writeln!(
            table,
            "{name:<10} {:>9.1}% {:>7.1}%   ({} correct, {} predicted, {} labelled)",
            100.0 * s.precision(),
            100.0 * s.recall(),
            s.hits,
            s.predicted,
            s.expected
        )
        .unwrap();
    }
    println!("{table}");
    if !mismatches.is_empty() {
        println!("mismatches:\n{mismatches}");
    }
    assert!(
        perfect && mismatches.is_empty(),
        "precision/recall below 100%:{table}\nmismatches:\n{mismatches}"
    );
}
