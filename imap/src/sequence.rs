//! Sequence sets (RFC 9051 §9 `sequence-set`): "1:5,7,10:*", for message numbers or UIDs.
//! `*` is the largest number in use; "$" is the result of the last SEARCH (RFC 5182).

use std::ops::RangeInclusive;

/// One element: a number or `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqNum {
    Value(u32),
    /// `*`: the highest message number or UID in the mailbox.
    Star,
}

impl SeqNum {
    fn resolve(self, largest: u32) -> u32 {
        match self {
            SeqNum::Value(v) => v,
            SeqNum::Star => largest,
        }
    }
}

/// A parsed sequence set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SequenceSet {
    Ranges(Vec<(SeqNum, SeqNum)>),
    /// `$`: the saved search result.
    Saved,
}

/// Parses a sequence set; numbers are 1..=4294967295 (nz-number).
pub fn parse(text: &str) -> Option<SequenceSet> {
    if text == "$" {
        return Some(SequenceSet::Saved);
    }
    let num = |s: &str| -> Option<SeqNum> {
        if s == "*" {
            return Some(SeqNum::Star);
        }
        if s.is_empty() || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().map(SeqNum::Value)
    };
    let mut ranges = Vec::new();
    for part in text.split(',') {
        let range = match part.split_once(':') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let n = num(part)?;
                (n, n)
            }
        };
        ranges.push(range);
    }
    Some(SequenceSet::Ranges(ranges))
}

impl SequenceSet {
    /// The set as inclusive ranges given the largest number in use (for `*`). "3:1" means
    /// 1:3 (RFC 9051 §9: the order of the two ends does not matter). Ranges past `largest`
    /// are kept: UID ranges may name UIDs that do not exist.
    pub fn ranges(&self, largest: u32, saved: &[u32]) -> Vec<RangeInclusive<u32>> {
        match self {
            SequenceSet::Saved => saved.iter().map(|&u| u..=u).collect(),
            SequenceSet::Ranges(list) => list
                .iter()
                .map(|&(a, b)| {
                    let (a, b) = (a.resolve(largest), b.resolve(largest));
                    a.min(b)..=a.max(b)
                })
                .collect(),
        }
    }

    /// The largest number written in the set, not counting `*` (which is always in range).
    pub fn highest_number(&self) -> Option<u32> {
        match self {
            SequenceSet::Saved => None,
            SequenceSet::Ranges(list) => list
                .iter()
                .flat_map(|&(a, b)| [a, b])
                .filter_map(|n| match n {
                    SeqNum::Value(v) => Some(v),
                    SeqNum::Star => None,
                })
                .max(),
        }
    }

    /// Whether `n` is in the set. Called for every message of a FETCH or SEARCH: no
    /// allocation, the ranges are resolved on the fly.
    pub fn contains(&self, n: u32, largest: u32, saved: &[u32]) -> bool {
        match self {
            SequenceSet::Saved => saved.contains(&n),
            SequenceSet::Ranges(list) => list.iter().any(|&(a, b)| {
                let (a, b) = (a.resolve(largest), b.resolve(largest));
                a.min(b) <= n && n <= a.max(b)
            }),
        }
    }
}

/// Writes a sorted list of numbers compactly: [1,2,3,5,7,8] → "1:3,5,7:8" (for UIDPLUS
/// COPYUID/APPENDUID, ESEARCH ALL, VANISHED).
pub fn compact(numbers: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && numbers[i + 1] == end.wrapping_add(1) {
            i += 1;
            end = numbers[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_resolve_and_compact() {
        let s = parse("1:3,7,10:*").unwrap();
        assert_eq!(s.ranges(12, &[]), vec![1..=3, 7..=7, 10..=12]);
        assert_eq!(parse("*:4").unwrap().ranges(2, &[]), vec![2..=4]);
        assert!(parse("5").unwrap().contains(5, 9, &[]));
        assert_eq!(parse("$").unwrap().ranges(9, &[3, 8]), vec![3..=3, 8..=8]);
        for bad in [
            "",
            "0",
            "1:",
            ":2",
            "a",
            "1,,2",
            "01",
            "4294967296",
            "1:2:3",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(compact(&[1, 2, 3, 5, 7, 8]), "1:3,5,7:8");
        assert_eq!(compact(&[4]), "4");
        assert_eq!(compact(&[]), "");
    }
}
