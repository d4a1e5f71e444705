//! The PostgreSQL backend for metadata (issue 23): several govmail nodes on one database.

pub mod testing;
