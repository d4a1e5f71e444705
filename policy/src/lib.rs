//! Rules shared by every protocol: logins and their throttling, and official-document
//! recognition (here now); exchange rules, Sieve and usage reports (issues 5 and 6).

pub mod document;
pub mod login;
pub mod rules;
