//! The parts of `govmail` that read outside input — the configuration file and the staff CSV
//! list, with the size and naming rules they use — as a library, so that the fuzz targets
//! (fuzz/, a separate package) can call them. The binary (main.rs) uses them from here. The
//! staff list, naming and sizes live in crate `adminops` (shared with the web console) and
//! are re-exported under their former paths.

pub mod config;
pub use adminops::{naming, sizes, staff_csv};
