//! Password hashing with argon2id (PHC strings, so parameters travel with each hash).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{Result, StorageError};

/// Hash for a password a person chose: argon2id with the crate's recommended parameters
/// (19 MiB, 2 passes), which makes guessing a weak password expensive.
pub fn hash(password: &str) -> Result<String> {
    hash_with(Argon2::default(), password)
}

/// Hash for a machine-generated initial password with at least 90 bits of entropy. Guessing
/// such a password is infeasible at any hashing speed, so a light argon2id (1 MiB, 1 pass)
/// protects it fully and lets a 10,000-person import finish in seconds. The user's own
/// password, set later, gets `hash`.
pub fn hash_generated(password: &str) -> Result<String> {
    let params = Params::new(1024, 1, 1, None)
        .map_err(|e| StorageError::Invalid(format!("argon2 parameters: {e}")))?;
    hash_with(
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
        password,
    )
}

fn hash_with(argon: Argon2<'_>, password: &str) -> Result<String> {
    argon
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StorageError::Invalid(format!("cannot hash password: {e}")))
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A random password of 16 characters in four groups ("abcd-efgh-jkmn-pqrs") from 55
/// unambiguous symbols (no 0/O, 1/l/I): about 92 bits, easy to read out over the phone.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let index = rand::random_range(0..ALPHABET.len());
        out.push(ALPHABET[index] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let h1 = hash("Mật khẩu 123").unwrap_or_default();
        let h2 = hash_generated("Mật khẩu 123").unwrap_or_default();
        assert!(h1.starts_with("$argon2id$"));
        assert!(verify("Mật khẩu 123", &h1));
        assert!(verify("Mật khẩu 123", &h2));
        assert!(!verify("mật khẩu 123", &h1));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn generated_passwords_are_long_and_distinct() {
        let a = generate();
        let b = generate();
        assert_eq!(a.len(), 19);
        assert_ne!(a, b);
        assert!(!a.contains(['0', 'O', '1', 'l', 'I']));
    }
}
