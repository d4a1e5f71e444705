//! Parsing and printing mailbox sizes and quotas ("2GiB", "500 MB", "unlimited").

use storage::text::fold_for_search;

/// Appended to every parse error so the admin sees what is accepted without opening the docs.
const EXAMPLES: &str = "examples of valid sizes: 2GiB, 500 MiB, 1.5G, 30M (K/M/G/T = 1024-based), \
                        500MB (KB/MB/GB/TB = 1000-based), 1024 (bytes), unlimited";

/// Why a size could not be parsed. Every message ends with examples of valid input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// Nothing but whitespace was given.
    #[error("the size is empty; {}", EXAMPLES)]
    Empty,
    /// The numeric part is malformed.
    #[error("'{input}' is not a valid size: {problem}; {}", EXAMPLES)]
    Invalid {
        /// The input as given (trimmed).
        input: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The number is followed by something that is not a known unit.
    #[error("'{input}' has an unknown unit '{unit}'; {}", EXAMPLES)]
    UnknownUnit {
        /// The input as given (trimmed).
        input: String,
        /// The unrecognised unit text.
        unit: String,
    },
    /// The size does not fit in 64 bits.
    #[error("'{input}' is too large: the largest size is 16 EiB (about 18.4 EB)")]
    TooLarge {
        /// The input as given (trimmed).
        input: String,
    },
}

/// Parses a size such as a quota.
///
/// Returns `Ok(None)` for "unlimited", "none" or "không giới hạn" (any case, with or without
/// accents) and `Ok(Some(bytes))` otherwise. "0" is a real zero-byte quota, not "unlimited":
/// confusing the two would silently lift a limit someone meant to impose.
///
/// Accepted form: a number (optionally with a '.' decimal part), optional spaces, an optional
/// case-insensitive unit:
/// - none, `B`, `byte(s)`: bytes;
/// - `K`/`Ki`/`KiB`, `M`/`Mi`/`MiB`, `G`/`Gi`/`GiB`, `T`/`Ti`/`TiB`, `P…`, `E…`: powers of
///   1024, because that is what admins mean by "2G" and what mail clients display;
/// - `KB`, `MB`, `GB`, `TB`, `PB`, `EB`: powers of 1000.
///
/// A fractional number of bytes ("1.5", "0.3 B") is rejected; a fractional size with a larger
/// unit is rounded down to whole bytes. ',' is rejected rather than guessed at, because in
/// Vietnamese it is the decimal separator while in English it groups thousands.
///
/// # Errors
///
/// A [`SizeError`] whose message names the problem and lists valid examples.
pub fn parse_size(s: &str) -> Result<Option<u64>, SizeError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(SizeError::Empty);
    }
    let keyword = fold_for_search(input)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if matches!(keyword.as_str(), "unlimited" | "none" | "khong gioi han") {
        return Ok(None);
    }

    let invalid = |problem| SizeError::Invalid {
        input: input.to_owned(),
        problem,
    };

    let number_len = input
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(input.len());
    let (number, unit) = (&input[..number_len], input[number_len..].trim_start());
    if number.contains(',') {
        return Err(invalid(
            "use '.' as the decimal point (1.5G) and do not group thousands (1000, not 1,000)",
        ));
    }
    if number.is_empty() {
        return Err(invalid(
            "it must start with a number (and cannot be negative)",
        ));
    }
    let (whole, fraction) = match number.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (number, ""),
    };
    if whole.is_empty() || fraction.contains('.') || (number.contains('.') && fraction.is_empty()) {
        return Err(invalid("the number is malformed (write e.g. 1.5 or 0.5)"));
    }
    // 18 decimal places keep `fraction_value * multiplier` far inside u128; nobody needs more.
    if fraction.len() > 18 {
        return Err(invalid("too many decimal places"));
    }

    let Some(multiplier) = unit_multiplier(unit) else {
        return Err(SizeError::UnknownUnit {
            input: input.to_owned(),
            unit: unit.to_owned(),
        });
    };

    let too_large = || SizeError::TooLarge {
        input: input.to_owned(),
    };
    // `whole` is a non-empty run of ASCII digits here, so the only possible failure is overflow.
    let whole: u128 = whole.parse().map_err(|_| too_large())?;
    let (fraction_value, scale) = if fraction.is_empty() {
        (0u128, 1u128)
    } else {
        let value: u128 = fraction
            .parse()
            .map_err(|_| invalid("the number is malformed"))?;
        (value, 10u128.pow(fraction.len() as u32))
    };
    if multiplier == 1 && fraction_value != 0 {
        return Err(invalid("a size in bytes must be a whole number"));
    }
    let bytes = whole
        .checked_mul(multiplier)
        .and_then(|b| b.checked_add(fraction_value * multiplier / scale))
        .ok_or_else(too_large)?;
    u64::try_from(bytes).map(Some).map_err(|_| too_large())
}

/// Bytes per unit for a (possibly empty) unit suffix, or `None` if it is not a unit.
fn unit_multiplier(unit: &str) -> Option<u128> {
    const KI: u128 = 1024;
    const K: u128 = 1000;
    let multiplier = match unit.to_ascii_lowercase().as_str() {
        "" | "b" | "byte" | "bytes" => 1,
        "k" | "ki" | "kib" => KI,
        "m" | "mi" | "mib" => KI.pow(2),
        "g" | "gi" | "gib" => KI.pow(3),
        "t" | "ti" | "tib" => KI.pow(4),
        "p" | "pi" | "pib" => KI.pow(5),
        "e" | "ei" | "eib" => KI.pow(6),
        "kb" => K,
        "mb" => K.pow(2),
        "gb" => K.pow(3),
        "tb" => K.pow(4),
        "pb" => K.pow(5),
        "eb" => K.pow(6),
        _ => return None,
    };
    Some(multiplier)
}

/// Formats a byte count with the largest fitting 1024-based unit: "512 B", "1.5 MiB", "2 GiB".
///
/// At most two decimals are shown, trailing zeros removed, and the value is rounded down so a
/// usage figure is never overstated (a full quota shows as full only when it really is). Exact
/// values ("2 GiB", "1.5 MiB", "1.25 GiB") parse back to the same number with [`parse_size`].
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut unit_size: u128 = 1024;
    let mut unit = UNITS[0];
    for next in &UNITS[1..] {
        if u128::from(bytes) < unit_size * 1024 {
            break;
        }
        unit_size *= 1024;
        unit = next;
    }
    let hundredths = u128::from(bytes) * 100 / unit_size;
    let (whole, fraction) = (hundredths / 100, hundredths % 100);
    if fraction == 0 {
        format!("{whole} {unit}")
    } else if fraction % 10 == 0 {
        format!("{whole}.{} {unit}", fraction / 10)
    } else {
        format!("{whole}.{fraction:02} {unit}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const KI: u64 = 1024;

    fn ok(s: &str) -> Option<u64> {
        parse_size(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn binary_units() {
        assert_eq!(ok("2GiB"), Some(2 * KI.pow(3)));
        assert_eq!(ok("500 MiB"), Some(500 * KI.pow(2)));
        assert_eq!(ok("1.5G"), Some(3 * KI.pow(3) / 2));
        assert_eq!(ok("30M"), Some(30 * KI.pow(2)));
        assert_eq!(ok("4k"), Some(4096));
        assert_eq!(ok("1 TiB"), Some(KI.pow(4)));
        assert_eq!(ok("1T"), Some(KI.pow(4)));
        assert_eq!(ok("2gi"), Some(2 * KI.pow(3)));
        assert_eq!(ok("1 PiB"), Some(KI.pow(5)));
    }

    #[test]
    fn decimal_units() {
        assert_eq!(ok("500MB"), Some(500_000_000));
        assert_eq!(ok("2 GB"), Some(2_000_000_000));
        assert_eq!(ok("1.5kb"), Some(1500));
        assert_eq!(ok("3TB"), Some(3_000_000_000_000));
    }

    #[test]
    fn units_are_case_insensitive() {
        for s in ["2gib", "2GIB", "2Gib", "2 g", "2G"] {
            assert_eq!(ok(s), Some(2 * KI.pow(3)), "{s}");
        }
        assert_eq!(ok("500mb"), ok("500MB"));
    }

    #[test]
    fn plain_bytes() {
        assert_eq!(ok("1024"), Some(1024));
        assert_eq!(ok("1024 B"), Some(1024));
        assert_eq!(ok("10 bytes"), Some(10));
        assert_eq!(ok("  77  "), Some(77));
    }

    #[test]
    fn zero_is_a_real_limit_and_unlimited_is_none() {
        assert_eq!(ok("0"), Some(0));
        assert_eq!(ok("0 GiB"), Some(0));
        assert_eq!(ok("unlimited"), None);
        assert_eq!(ok("Unlimited"), None);
        assert_eq!(ok(" NONE "), None);
        assert_eq!(ok("Không giới hạn"), None);
        assert_eq!(ok("khong  gioi han"), None);
    }

    #[test]
    fn fractions_round_down_to_whole_bytes() {
        assert_eq!(ok("0.3K"), Some(307));
        assert_eq!(ok("1.25 GiB"), Some(5 * KI.pow(3) / 4));
        assert_eq!(ok("0.5 KiB"), Some(512));
    }

    #[test]
    fn rejects_fractional_bytes() {
        let err = parse_size("1.5").unwrap_err();
        assert!(err.to_string().contains("whole number"), "{err}");
        assert!(parse_size("1.5 B").is_err());
        // A zero fraction is still a whole number.
        assert_eq!(ok("2.0"), Some(2));
    }

    #[test]
    fn errors_are_explained_with_examples() {
        for bad in [
            "", "   ", "GiB", "-5G", "abc", "1.5.5G", "1.G", ".5G", "5 XB", "5 G B", "1,5G",
            "1,000",
        ] {
            let err = parse_size(bad).unwrap_err();
            let text = err.to_string();
            assert!(
                text.contains("examples of valid sizes: 2GiB"),
                "{bad:?}: {text}"
            );
        }
        assert_eq!(parse_size("").unwrap_err(), SizeError::Empty);
        assert_eq!(
            parse_size("5 XB").unwrap_err(),
            SizeError::UnknownUnit {
                input: "5 XB".into(),
                unit: "XB".into()
            }
        );
        assert!(
            parse_size("1,5G")
                .unwrap_err()
                .to_string()
                .contains("decimal point")
        );
    }

    #[test]
    fn rejects_overflow() {
        assert_eq!(ok("18446744073709551615"), Some(u64::MAX));
        for big in [
            "18446744073709551616",
            "16 EiB",
            "19EB",
            "99999999999999999999999999999999999999999G",
        ] {
            assert!(
                matches!(parse_size(big), Err(SizeError::TooLarge { .. })),
                "{big}"
            );
        }
        assert_eq!(ok("15.5 EiB"), Some(15 * KI.pow(6) + KI.pow(6) / 2));
        assert!(parse_size("1.1234567890123456789G").is_err());
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(format_size(0), "0 B");
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(1023), "1023 B");
        assert_eq!(format_size(1024), "1 KiB");
        assert_eq!(format_size(3 * KI.pow(2) / 2), "1.5 MiB");
        assert_eq!(format_size(2 * KI.pow(3)), "2 GiB");
        assert_eq!(format_size(5 * KI.pow(3) / 4), "1.25 GiB");
        assert_eq!(format_size(500_000_000), "476.83 MiB");
        assert_eq!(format_size(u64::MAX), "15.99 EiB");
        // Rounded down, never up to the next unit.
        assert_eq!(format_size(KI.pow(3) - 1), "1023.99 MiB");
    }

    #[test]
    fn exact_formats_round_trip() {
        for bytes in [
            0,
            1,
            512,
            1024,
            3 * KI.pow(2) / 2,
            2 * KI.pow(3),
            5 * KI.pow(3) / 4,
            KI.pow(4),
        ] {
            assert_eq!(
                ok(&format_size(bytes)),
                Some(bytes),
                "{}",
                format_size(bytes)
            );
        }
    }
}
