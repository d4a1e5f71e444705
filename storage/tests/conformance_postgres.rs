//! The storage conformance suite against PostgreSQL: the same test files as the SQLite run
//! (`cargo test -p storage --test api`, …), included here as modules, so every test runs on
//! both backends. Their `common::open_backend` sees that it is inside this binary and opens
//! a database of one throwaway PostgreSQL cluster (Debian's `postgresql`, started by
//! `storage::postgres::testing` in a temp dir on a loopback port). Under `CI=true` a missing
//! PostgreSQL fails the tests; elsewhere they run on SQLite, saying so.
//!
//! The blobs are files under each test's directory, as with SQLite (the S3 blob store has
//! its own conformance tests: storage/src/blob/).
// Each included file declares its own `mod common` (as it does in its own binary): the
// helpers are loaded once per file here, which is what lets the files stay unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::duplicate_mod)]

#[path = "api.rs"]
mod api;
#[path = "grants.rs"]
mod grants;
#[path = "import.rs"]
mod import;
#[path = "mailboxes.rs"]
mod mailboxes;
#[path = "outbound_tls.rs"]
mod outbound_tls;
#[path = "quarantine.rs"]
mod quarantine;
#[path = "recall.rs"]
mod recall;
#[path = "roles.rs"]
mod roles;
#[path = "search.rs"]
mod search;
#[path = "sieve.rs"]
mod sieve;
#[path = "tracking.rs"]
mod tracking;
#[path = "usage.rs"]
mod usage;
