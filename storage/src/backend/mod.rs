//! The storage backend traits: what any backend (SQLite, PostgreSQL, …) provides, grouped as
//! the storage files are, in domain terms only (no SQL, no driver types). The methods block, like
//! a database call; async callers run them with `tokio::task::spawn_blocking`. Errors are the
//! backend-neutral [`crate::StorageError`], classed by who is at fault.
//!
//! A backend implements every group; [`Backend`] is their union, and [`crate::Store`] holds an
//! `Arc<dyn Backend>` (its methods are reached through `Deref`, so callers write
//! `store.get_account(…)` whatever the backend). What a backend must guarantee beyond the
//! signatures (atomicity of a delivery, UID and MODSEQ order, change notifications after
//! commit) is written on each method, and checked by the conformance suite in
//! `storage/tests/` that runs against every backend.
//!
//! The pieces that cut across the groups belong to the backend, not to `Store`: the change
//! hub (`Runtime::subscribe`: SQLite publishes from its writer after each commit, a
//! multi-node backend from LISTEN/NOTIFY), the usage buffer (`Usage::count` adds in memory,
//! the backend flushes into its tables), the disk reserve (`Space`: SQLite checks it in its
//! writer for database and blobs together), the blob store (written before the metadata
//! commit, in the backend's own order), the \Recent claims and the wake-ups. Each is bound to
//! the backend's transactions and process model, so `Store` stays a plain handle. The
//! building blocks that are not SQL (`changes::ChangeHub`, the blob store, `text` folding,
//! `meta` and `structure` parsing, `preview_of`, `footprint`) are the crate's, for any
//! backend to use.
//!
//! Outside the traits: `Store::open` (choosing the backend is configuration),
//! `Store::each_flags` (a closure wrapper over [`Messages::each_flags`], which takes a
//! `&mut dyn FnMut` to stay object-safe), and the free functions over files or plain data
//! (`restore`, `verify_backup` of SQLite's backup directory; `normalize_address` and the
//! other normalisers; `check_keyword`, `check_script_name`, `bare_message_id`).

mod directory;
mod grants;
mod import;
mod login_buckets;
mod mailboxes;
mod maintenance;
mod messages;
mod outbound_tls;
mod quarantine;
mod queue;
mod recall;
mod register;
mod roles;
mod runtime;
mod search;
mod sieve;
mod space;
mod usage;

pub use directory::Directory;
pub use grants::Grants;
pub use import::{Import, ImportedMailbox, ImportedMessage, Row, ScopeKind, Span, Table, Value};
pub use login_buckets::{LoginBuckets, Take};
pub use mailboxes::Mailboxes;
pub use maintenance::Maintenance;
pub use messages::Messages;
pub use outbound_tls::OutboundTls;
pub use quarantine::Quarantine;
pub(crate) use queue::off_runtime;
pub use queue::{Pending, Queue};
pub use recall::Recall;
pub use register::Register;
pub use roles::Roles;
pub use runtime::Runtime;
pub use search::Search;
pub use sieve::Sieve;
pub use space::Space;
pub use usage::Usage;

/// Everything a storage backend provides: the union of the groups.
pub trait Backend:
    Directory
    + Mailboxes
    + Messages
    + Search
    + Queue
    + Sieve
    + Usage
    + Register
    + Recall
    + Grants
    + Quarantine
    + Roles
    + OutboundTls
    + Space
    + Maintenance
    + Runtime
    + Import
    + Send
    + Sync
    + 'static
{
}

impl<T> Backend for T where
    T: Directory
        + Mailboxes
        + Messages
        + Search
        + Queue
        + Sieve
        + Usage
        + Register
        + Recall
        + Grants
        + Quarantine
        + Roles
        + OutboundTls
        + Space
        + Maintenance
        + Runtime
        + Import
        + Send
        + Sync
        + 'static
{
}
