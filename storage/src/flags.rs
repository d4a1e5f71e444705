//! System flags as a bitmask, keywords as a sorted set (RFC 9051 §2.3.2).

use serde::Serialize;

use crate::error::{Result, StorageError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub struct Flags(pub u8);

impl Flags {
    pub const SEEN: Flags = Flags(1);
    pub const ANSWERED: Flags = Flags(2);
    pub const FLAGGED: Flags = Flags(4);
    pub const DELETED: Flags = Flags(8);
    pub const DRAFT: Flags = Flags(16);

    const NAMES: [(Flags, &'static str); 5] = [
        (Flags::SEEN, "\\Seen"),
        (Flags::ANSWERED, "\\Answered"),
        (Flags::FLAGGED, "\\Flagged"),
        (Flags::DELETED, "\\Deleted"),
        (Flags::DRAFT, "\\Draft"),
    ];

    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    pub fn minus(self, other: Flags) -> Flags {
        Flags(self.0 & !other.0)
    }

    /// The system flag named `name` (case-insensitive), if it is one.
    pub fn from_name(name: &str) -> Option<Flags> {
        Flags::NAMES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(f, _)| *f)
    }

    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Flags::NAMES
            .iter()
            .filter(move |(f, _)| self.contains(*f))
            .map(|(_, n)| *n)
    }
}

/// Keywords: IMAP atoms without '\' (e.g. `$Official`, `$Important`, `$Forwarded`).
pub fn check_keyword(keyword: &str) -> Result<()> {
    let ok = !keyword.is_empty()
        && keyword.len() <= 100
        && keyword
            .bytes()
            .all(|b| b > b' ' && b < 0x7f && !b"(){%*\"\\]".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(StorageError::Invalid(format!(
            "invalid keyword {keyword:?}"
        )))
    }
}

/// Keywords as stored: sorted, unique, space-separated; None when empty.
pub(crate) fn join_keywords(keywords: &[String]) -> Option<String> {
    if keywords.is_empty() {
        return None;
    }
    let mut sorted: Vec<&str> = keywords.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    Some(sorted.join(" "))
}

pub(crate) fn split_keywords(stored: Option<String>) -> Vec<String> {
    stored
        .map(|s| s.split(' ').map(str::to_string).collect())
        .unwrap_or_default()
}
