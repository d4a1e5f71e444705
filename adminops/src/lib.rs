//! What an administrator does to the directory and the mail, written once for both of its
//! front ends, the `govmail` CLI and the web console (crate `web`), so that they validate,
//! report and act identically:
//!
//! - [`staff_csv`]: reading a personnel department's staff list, every problem with its line;
//! - [`naming`], [`sizes`]: the address rules and quota sizes the list and the forms use;
//! - [`issue`]: planning addresses for the list (or one person) against the directory, and
//!   making their one-time passwords; nothing is written unless every row is valid;
//! - [`quarantine`]: releasing a held message with the keywords its recognition gives.

pub mod issue;
pub mod naming;
pub mod quarantine;
pub mod sizes;
pub mod staff_csv;
