//! Rules shared by every protocol: logins and their throttling, and official-document
//! recognition, exchange rules, and Sieve filtering (`sieve`).

pub mod document;
pub mod login;
pub mod rules;
pub mod sieve;
