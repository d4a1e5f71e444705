//! The SQLite backend (the default): one database file in WAL mode beside the blob store.

pub(crate) mod error;
