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

/// argon2's working memory, reused between checks by [`verify_with_memory`].
pub type HashMemory = Vec<argon2::Block>;

/// [`verify`] with argon2's working memory supplied by the caller and kept between calls
/// (`memory` grows to the largest hash's m_cost). A long-lived checking thread thereby holds
/// one buffer instead of asking the allocator for 19 MiB per login, which the allocator then
/// tends to keep per thread. The comparison of the outputs is constant-time.
pub fn verify_with_memory(password: &str, stored: &str, memory: &mut HashMemory) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        Params::try_from(&parsed),
        parsed.salt.as_ref(),
        parsed.hash.as_ref(),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, argon2::Block::default());
    }
    let mut out = vec![0u8; expected.as_bytes().len()];
    let computed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
        &mut memory[..blocks],
    );
    computed.is_ok() && constant_time_eq(&out, expected.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
    fn verify_with_kept_memory_agrees_with_verify() {
        let mut memory = Vec::new();
        for stored in [
            hash("Mật-khẩu 2026").unwrap(),
            hash_generated("Mật-khẩu 2026").unwrap(),
        ] {
            assert!(verify_with_memory("Mật-khẩu 2026", &stored, &mut memory));
            assert!(!verify_with_memory("Mật-khẩu 2027", &stored, &mut memory));
            assert!(verify("Mật-khẩu 2026", &stored));
        }
        // The buffer grew once, to the default 19 MiB hash, and is reused.
        assert_eq!(memory.len(), 19 * 1024);
        assert!(!verify_with_memory("x", "not a hash", &mut memory));
        assert!(!verify_with_memory(
            "x",
            "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ",
            &mut memory
        ));
    }

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
