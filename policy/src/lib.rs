//! Pure decisions shared by every protocol: official-document recognition, exchange rules,
//! Sieve filtering (`sieve`), and IMAP's modified UTF-7 for mailbox names (`utf7`), which
//! IMAP and Sieve delivery both read. Logins are the `auth` crate's.

pub mod document;
pub mod rules;
pub mod sieve;
pub mod utf7;
