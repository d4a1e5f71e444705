//! Rules shared by every protocol: logins and their throttling (here now); official-document
//! recognition, exchange rules, Sieve and usage reports (issues 5 and 6).

pub mod login;
