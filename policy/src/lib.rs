//! Pure decisions shared by every protocol: official-document recognition, exchange rules,
//! and Sieve filtering (`sieve`). Logins are the `auth` crate's.

pub mod document;
pub mod rules;
pub mod sieve;
