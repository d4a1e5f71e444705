//! Pure decisions shared by every protocol: official-document recognition, exchange rules,
//! the usage report shared by the CLI and the web console (`report`, the one part that reads
//! storage),
//! Sieve filtering (`sieve`), and IMAP's modified UTF-7 for mailbox names (`utf7`), which
//! IMAP and Sieve delivery both read, and the working calendar (`working_time`) that urgent
//! documents' deadlines count in. Logins are the `auth` crate's.

pub mod document;
pub mod report;
pub mod rules;
pub mod sieve;
pub mod signature;
pub mod urgent;
pub mod utf7;
pub mod working_time;
