//! The body's trigrams, made in Rust for the search index's GIN index on an integer array
//! (migration 6), instead of by pg_trgm's `gin_trgm_ops` in the database.
//!
//! pg_trgm extracted the trigrams of every indexed body in the database at each delivery's
//! index flush (its word splitting and character tests run per character: about 150 µs for a
//! 4 KiB body, most of PostgreSQL's cost for the search index and the largest item of its
//! CPU per delivered message). The body is already in search form (lower case, diacritics
//! folded: `text::search_form`), so its trigrams are three characters in a row, hashed to an
//! `int4`; a GIN index on the array is fed without any work of the database's.
//!
//! The index only narrows a search: the condition is `body_trgm @> needle's trigrams AND
//! body LIKE pattern`, so a collision of the hash only makes the index find a row that LIKE
//! then rejects. Every row whose body contains the needle has each of the needle's trigrams
//! (they are trigrams of the body, hashed alike), so the results are the rows LIKE finds: the
//! same as SQLite's trigram index gives (storage/tests/search.rs on both backends).

use std::collections::BTreeSet;

/// The distinct trigrams of `text` (windows of three characters), hashed, in ascending
/// order. Empty for a text of fewer than three characters.
pub(crate) fn trigrams(text: &str) -> Vec<i32> {
    let mut set = BTreeSet::new();
    let mut chars = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let mut window: [usize; 4] = [0; 4];
    // The byte offsets of the window's three characters and of the end of the third.
    for slot in window.iter_mut() {
        match chars.next() {
            Some(i) => *slot = i,
            None => return Vec::new(),
        }
    }
    loop {
        if let Some(trigram) = text.get(window[0]..window[3]) {
            set.insert(hash(trigram.as_bytes()));
        }
        let Some(next) = chars.next() else { break };
        window = [window[1], window[2], window[3], next];
    }
    set.into_iter().collect()
}

/// FNV-1a, 32 bits, as an `int4`.
fn hash(bytes: &[u8]) -> i32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as i32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn trigrams_are_windows_of_three_characters() {
        assert!(trigrams("").is_empty());
        assert!(trigrams("ab").is_empty());
        assert_eq!(trigrams("abc"), vec![hash(b"abc")]);
        let mut want = vec![hash(b"abc"), hash(b"bcd")];
        want.sort_unstable();
        assert_eq!(trigrams("abcd"), want);
        // Repeated windows once; characters, not bytes.
        assert_eq!(trigrams("aaaaaa"), vec![hash(b"aaa")]);
        let mut want = vec![hash("đ ơ".as_bytes()), hash(" ơn".as_bytes())];
        want.sort_unstable();
        assert_eq!(trigrams("đ ơn"), want);
    }

    proptest! {
        /// What makes the index safe: a text containing a needle has all its trigrams.
        #[test]
        fn a_texts_trigrams_hold_those_of_its_every_substring(
            text in "[a-cđơ ]{0,40}", from in 0usize..40, len in 0usize..40,
        ) {
            let chars: Vec<char> = text.chars().collect();
            let from = from.min(chars.len());
            let to = (from + len).min(chars.len());
            let needle: String = chars[from..to].iter().collect();
            let all: BTreeSet<i32> = trigrams(&text).into_iter().collect();
            for t in trigrams(&needle) {
                prop_assert!(all.contains(&t));
            }
        }
    }
}
