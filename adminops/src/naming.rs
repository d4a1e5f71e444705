//! Deriving e-mail local parts from Vietnamese full names (họ và tên).
//!
//! A Vietnamese name is written family name first, given name last, with zero or more middle
//! names in between: "Nguyễn Văn An" is family "Nguyễn", middle "Văn", given "An". Agencies
//! conventionally address people by the given name, so every rule below keeps it whole and
//! abbreviates or reorders the rest.

use std::fmt;
use std::str::FromStr;

use storage::text::fold_diacritics;

/// Longest local part RFC 5321 (section 4.5.3.1.1) allows.
const MAX_LOCAL_PART_LEN: usize = 64;

/// How an e-mail local part is built from a full name. Examples use "Nguyễn Văn An".
///
/// In configuration files the rules are spelled in kebab-case: `given-initials`,
/// `given-dot-family`, `full-dotted`, `initials-given`. A one-word name yields just that word
/// under every rule ("Hòa" → "hoa").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddressRule {
    /// Given name followed by the initials of the family and middle names: "annv";
    /// "Trần Thị Ngọc Ánh" → "anhttn". The usual convention in Vietnamese state agencies.
    #[default]
    GivenInitials,
    /// Given name, a dot, family name: "an.nguyen".
    GivenDotFamily,
    /// Every word of the name in order, separated by dots: "nguyen.van.an".
    FullDotted,
    /// Initials of the family and middle names followed by the given name: "nvan".
    InitialsGiven,
}

impl AddressRule {
    /// Every rule, in the order they are documented (useful for help texts).
    pub const ALL: [AddressRule; 4] = [
        AddressRule::GivenInitials,
        AddressRule::GivenDotFamily,
        AddressRule::FullDotted,
        AddressRule::InitialsGiven,
    ];

    /// The rule's configuration name, identical to its serde spelling ("given-initials").
    pub fn as_str(self) -> &'static str {
        match self {
            AddressRule::GivenInitials => "given-initials",
            AddressRule::GivenDotFamily => "given-dot-family",
            AddressRule::FullDotted => "full-dotted",
            AddressRule::InitialsGiven => "initials-given",
        }
    }
}

impl fmt::Display for AddressRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AddressRule {
    type Err = NamingError;

    /// Parses a configuration name such as "given-initials" (case-insensitive; '_' is accepted
    /// in place of '-').
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        AddressRule::ALL
            .into_iter()
            .find(|rule| rule.as_str() == wanted)
            .ok_or_else(|| NamingError::UnknownRule(s.to_owned()))
    }
}

/// Why no local part could be derived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NamingError {
    /// The name is empty or only whitespace.
    #[error("full name (họ và tên) is empty")]
    EmptyName,
    /// Nothing in the name survives folding to ASCII letters and digits.
    #[error(
        "full name (họ và tên) '{0}' contains no Latin letters or digits to build an e-mail \
         address from; give the address explicitly"
    )]
    NoUsableCharacters(String),
    /// The derived local part exceeds the 64 characters allowed by RFC 5321.
    #[error(
        "the address derived from '{name}' would be {len} characters long, more than the 64 \
         allowed before '@'; give the address explicitly or use a shorter address rule"
    )]
    TooLong {
        /// The full name as given.
        name: String,
        /// Length of the derived local part.
        len: usize,
    },
    /// An address rule name that does not exist.
    #[error(
        "unknown address rule '{0}'; use one of: given-initials (annv), given-dot-family \
         (an.nguyen), full-dotted (nguyen.van.an), initials-given (nvan)"
    )]
    UnknownRule(String),
}

/// Derives an e-mail local part (the part before '@') from a full name using `rule`.
///
/// The name is folded to unaccented lowercase ASCII ("Đức" → "duc"), split on whitespace (any
/// amount, any kind), and everything but ASCII letters and digits is removed from each word,
/// so "O'Neil" → "oneil" and "Thị-Mai" → "thimai". Words that become empty are dropped. The
/// result always satisfies [`is_valid_local_part`].
///
/// Collisions are not handled here: try the result, then [`with_number`]`(result, 2)`, 3, …
///
/// # Errors
///
/// [`NamingError::EmptyName`], [`NamingError::NoUsableCharacters`] (e.g. a name written only
/// in Chinese characters) or [`NamingError::TooLong`] (more than 64 characters).
pub fn derive_local_part(full_name: &str, rule: AddressRule) -> Result<String, NamingError> {
    if full_name.trim().is_empty() {
        return Err(NamingError::EmptyName);
    }
    let folded = fold_diacritics(full_name).to_lowercase();
    let words: Vec<String> = folded
        .split_whitespace()
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect();

    let Some((given, others)) = words.split_last() else {
        return Err(NamingError::NoUsableCharacters(full_name.trim().to_owned()));
    };
    // Words are non-empty ASCII, so taking the first byte as a char is exact.
    let initials: String = others.iter().filter_map(|w| w.chars().next()).collect();

    let local = match rule {
        AddressRule::GivenInitials => format!("{given}{initials}"),
        AddressRule::InitialsGiven => format!("{initials}{given}"),
        AddressRule::GivenDotFamily => match others.first() {
            Some(family) => format!("{given}.{family}"),
            None => given.clone(),
        },
        AddressRule::FullDotted => words.join("."),
    };

    if local.len() > MAX_LOCAL_PART_LEN {
        return Err(NamingError::TooLong {
            name: full_name.trim().to_owned(),
            len: local.len(),
        });
    }
    Ok(local)
}

/// Appends a collision counter: `with_number("annv", 2)` → "annv2".
///
/// The caller tries the plain local part first, then 2, 3, … until one is free (there is no
/// "annv1", matching how people count duplicates). The result can exceed 64 characters for a
/// local part already near the limit, so check it with [`is_valid_local_part`].
pub fn with_number(local: &str, n: u32) -> String {
    format!("{local}{n}")
}

/// Whether `s` is a local part govmail issues: 1–64 characters of lowercase ASCII letters,
/// digits, '.', '-' and '_', not starting or ending with '.' and without "..".
///
/// This is a strict subset of the RFC 5321 dot-atom; it deliberately excludes upper case (so
/// addresses compare byte-for-byte) and the rarer atext symbols that confuse users and other
/// mail systems.
pub fn is_valid_local_part(s: &str) -> bool {
    (1..=MAX_LOCAL_PART_LEN).contains(&s.len())
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
        && !s.starts_with('.')
        && !s.ends_with('.')
        && !s.contains("..")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use unicode_normalization::UnicodeNormalization;

    fn derive(name: &str, rule: AddressRule) -> String {
        derive_local_part(name, rule).unwrap()
    }

    #[test]
    fn given_initials_is_the_default_rule() {
        assert_eq!(AddressRule::default(), AddressRule::GivenInitials);
    }

    #[test]
    fn given_initials() {
        let r = AddressRule::GivenInitials;
        assert_eq!(derive("Nguyễn Văn An", r), "annv");
        assert_eq!(derive("Trần Thị Ngọc Ánh", r), "anhttn");
        assert_eq!(derive("Hòa", r), "hoa");
        assert_eq!(derive("Đỗ Đức", r), "ducd");
        assert_eq!(derive("Lê Anh", r), "anhl");
    }

    #[test]
    fn other_rules() {
        assert_eq!(
            derive("Nguyễn Văn An", AddressRule::GivenDotFamily),
            "an.nguyen"
        );
        assert_eq!(
            derive("Nguyễn Văn An", AddressRule::FullDotted),
            "nguyen.van.an"
        );
        assert_eq!(derive("Nguyễn Văn An", AddressRule::InitialsGiven), "nvan");
        assert_eq!(
            derive("Trần Thị Ngọc Ánh", AddressRule::GivenDotFamily),
            "anh.tran"
        );
        assert_eq!(
            derive("Trần Thị Ngọc Ánh", AddressRule::InitialsGiven),
            "ttnanh"
        );
    }

    #[test]
    fn one_word_name_is_the_word_under_every_rule() {
        for rule in AddressRule::ALL {
            assert_eq!(derive("Hòa", rule), "hoa", "{rule}");
        }
    }

    #[test]
    fn decomposed_unicode_input() {
        let nfd: String = "Trần Thị Ngọc Ánh".nfd().collect();
        assert_ne!(nfd, "Trần Thị Ngọc Ánh");
        assert_eq!(derive(&nfd, AddressRule::GivenInitials), "anhttn");
        let nfd: String = "Đặng Thùy Dương".nfd().collect();
        assert_eq!(derive(&nfd, AddressRule::FullDotted), "dang.thuy.duong");
    }

    #[test]
    fn extra_and_unusual_whitespace() {
        assert_eq!(
            derive("  Nguyễn   Văn \t An  ", AddressRule::GivenInitials),
            "annv"
        );
        assert_eq!(
            derive("Nguyễn\u{00A0}Văn\u{3000}An", AddressRule::GivenInitials),
            "annv"
        );
        assert_eq!(
            derive("Nguyễn\nVăn An\r\n", AddressRule::FullDotted),
            "nguyen.van.an"
        );
    }

    #[test]
    fn punctuation_is_dropped() {
        assert_eq!(derive("H'Hen Niê", AddressRule::GivenInitials), "nieh");
        assert_eq!(
            derive("Nguyễn Thị-Mai Anh", AddressRule::FullDotted),
            "nguyen.thimai.anh"
        );
        // A stand-alone punctuation "word" disappears entirely rather than yielding an initial.
        assert_eq!(
            derive("Nguyễn - Văn An", AddressRule::GivenInitials),
            "annv"
        );
        assert_eq!(
            derive("Nguyễn , Văn An", AddressRule::GivenInitials),
            "annv"
        );
    }

    #[test]
    fn upper_case_input() {
        assert_eq!(
            derive("NGUYỄN VĂN ĐỨC", AddressRule::GivenInitials),
            "ducnv"
        );
    }

    #[test]
    fn empty_names_are_rejected() {
        assert_eq!(
            derive_local_part("", AddressRule::GivenInitials),
            Err(NamingError::EmptyName)
        );
        assert_eq!(
            derive_local_part(" \t ", AddressRule::FullDotted),
            Err(NamingError::EmptyName)
        );
        let err = derive_local_part("", AddressRule::GivenInitials).unwrap_err();
        assert_eq!(err.to_string(), "full name (họ và tên) is empty");
    }

    #[test]
    fn names_without_latin_letters_are_rejected() {
        let err = derive_local_part(" 王小明 ", AddressRule::GivenInitials).unwrap_err();
        assert_eq!(err, NamingError::NoUsableCharacters("王小明".to_owned()));
        assert!(err.to_string().contains("'王小明'"));
        assert!(derive_local_part("- ' ?", AddressRule::GivenInitials).is_err());
    }

    #[test]
    fn overlong_results_are_rejected() {
        let name = format!("Nguyễn {}", "A".repeat(70));
        let err = derive_local_part(&name, AddressRule::FullDotted).unwrap_err();
        assert!(
            matches!(err, NamingError::TooLong { len: 77, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("64"));
    }

    #[test]
    fn derived_parts_are_valid() {
        for name in [
            "Nguyễn Văn An",
            "Hòa",
            "H'Hen Niê",
            "Nguyễn Thị-Mai Anh",
            "Phạm 2 Bình",
        ] {
            for rule in AddressRule::ALL {
                let local = derive(name, rule);
                assert!(is_valid_local_part(&local), "{name} / {rule} → {local}");
            }
        }
    }

    #[test]
    fn numbering() {
        assert_eq!(with_number("annv", 2), "annv2");
        assert_eq!(with_number("an.nguyen", 13), "an.nguyen13");
    }

    #[test]
    fn local_part_validation() {
        for ok in [
            "annv",
            "an.nguyen",
            "an_nguyen",
            "an-nguyen",
            "a",
            "123",
            "annv2",
            &"a".repeat(64),
        ] {
            assert!(is_valid_local_part(ok), "{ok}");
        }
        for bad in [
            "",
            ".annv",
            "annv.",
            "an..nv",
            "Annv",
            "an nv",
            "an@nv",
            "an+tag",
            "đức",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_local_part(bad), "{bad}");
        }
    }

    #[test]
    fn rule_names_round_trip_and_match_serde() {
        for rule in AddressRule::ALL {
            assert_eq!(rule.to_string().parse::<AddressRule>(), Ok(rule));
            let de: Result<AddressRule, serde::de::value::Error> =
                AddressRule::deserialize(rule.as_str().into_deserializer());
            assert_eq!(de, Ok(rule));
        }
        assert_eq!(
            "Given_Dot_Family".parse::<AddressRule>(),
            Ok(AddressRule::GivenDotFamily)
        );
        let err = "initials".parse::<AddressRule>().unwrap_err();
        assert!(err.to_string().contains("given-initials"));
    }
}
