//! The rules a new password chosen by its owner must meet (the web console's "đổi mật khẩu"):
//! long enough, not built on the address, and not one of the passwords every guesser tries
//! first (`common-passwords.txt`, shipped inside the program). Each refusal says why in
//! Vietnamese, the language of the page.

/// The fewest characters a password may have.
pub const MIN_LENGTH: usize = 10;
/// The most (argon2 takes any length, but a form field should not carry a book).
pub const MAX_LENGTH: usize = 256;

const COMMON: &str = include_str!("common-passwords.txt");

/// Why a new password is refused, with the sentence the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weak {
    TooShort,
    TooLong,
    ContainsAddress,
    Common,
    SameAsOld,
    Mismatch,
}

impl Weak {
    pub fn message_vi(self) -> &'static str {
        match self {
            Weak::TooShort => "Mật khẩu mới phải có ít nhất 10 ký tự.",
            Weak::TooLong => "Mật khẩu mới quá dài (tối đa 256 ký tự).",
            Weak::ContainsAddress => {
                "Mật khẩu mới không được chứa tên hộp thư (phần trước dấu @ của địa chỉ)."
            }
            Weak::Common => {
                "Mật khẩu này quá phổ biến (nằm trong danh sách mật khẩu hay bị lộ, dễ bị đoán). \
                 Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ."
            }
            Weak::SameAsOld => "Mật khẩu mới phải khác mật khẩu hiện tại.",
            Weak::Mismatch => "Hai lần nhập mật khẩu mới không giống nhau.",
        }
    }
}

/// Whether `password` is on the shipped list (case does not matter).
pub fn is_common(password: &str) -> bool {
    let wanted = password.trim().to_lowercase();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l.to_lowercase() == wanted)
}

/// Checks a new password for the account `address` (`confirm`: the second typing).
pub fn check(address: &str, new: &str, confirm: &str) -> Result<(), Weak> {
    if new != confirm {
        return Err(Weak::Mismatch);
    }
    let length = new.chars().count();
    if length < MIN_LENGTH {
        return Err(Weak::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(Weak::TooLong);
    }
    let local = address
        .rsplit_once('@')
        .map_or(address, |(l, _)| l)
        .to_lowercase();
    // A local part of one or two letters is in too many passwords to forbid.
    if local.chars().count() >= 3 && new.to_lowercase().contains(&local) {
        return Err(Weak::ContainsAddress);
    }
    if is_common(new) {
        return Err(Weak::Common);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_shipped_and_read() {
        let entries = COMMON
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert!(entries >= 200, "{entries}");
        for p in ["123456a@", "matkhau", "MATKHAU", "P@ssw0rd", "anhyeuem"] {
            assert!(is_common(p), "{p}");
        }
        assert!(!is_common("trời hôm nay xanh lắm"));
    }

    #[test]
    fn each_rule_refuses_with_its_own_reason() {
        let a = "annv@quangngai.gov.vn";
        assert_eq!(check(a, "ngắn", "ngắn"), Err(Weak::TooShort));
        assert_eq!(
            check(a, "annv-2026-mới!", "annv-2026-mới!"),
            Err(Weak::ContainsAddress)
        );
        assert_eq!(
            check(a, "AnNV2026xyz!", "AnNV2026xyz!"),
            Err(Weak::ContainsAddress)
        );
        assert_eq!(check(a, "1234567890", "1234567890"), Err(Weak::Common));
        assert_eq!(check(a, "Password@123", "Password@123"), Err(Weak::Common));
        assert_eq!(
            check(a, "hoa sen nở muộn", "hoa sen nở"),
            Err(Weak::Mismatch)
        );
        assert_eq!(
            check(a, &"x".repeat(300), &"x".repeat(300)),
            Err(Weak::TooLong)
        );
        assert_eq!(check(a, "hoa sen nở muộn", "hoa sen nở muộn"), Ok(()));
        // Ten characters, counted as characters, not bytes.
        assert_eq!(check(a, "đường phố!", "đường phố!"), Ok(()));
        for w in [
            Weak::TooShort,
            Weak::Common,
            Weak::ContainsAddress,
            Weak::Mismatch,
        ] {
            assert!(w.message_vi().starts_with("M") || w.message_vi().starts_with("H"));
        }
    }
}
