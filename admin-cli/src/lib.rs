//! The parts of `govmail` that read outside input — the configuration file and the staff CSV
//! list, with the size and naming rules they use — as a library, so that the fuzz targets
//! (fuzz/, a separate package) can call them. The binary (main.rs) uses them from here.

pub mod config;
pub mod naming;
pub mod sizes;
pub mod staff_csv;
