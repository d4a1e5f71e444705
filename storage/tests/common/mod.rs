//! The conformance suite's door to a backend: every test that goes through the public API
//! opens its store with [`open_backend`], so the same tests run against every backend.
//!
//! The backend is chosen by `GOVMAIL_TEST_BACKEND`: unset or `sqlite` is the default SQLite
//! store in the test's directory; `postgres` is PostgreSQL (one throwaway cluster per test
//! process, a database per test directory, created the first time and found again on
//! reopen), with the blob files under the test directory's `blobs/` as SQLite keeps them.
//! The test binary `conformance_postgres` includes the suite's files as modules and runs them
//! on PostgreSQL whatever the variable says (this module sees its path, `module_path!`).
//! Tests that look inside SQLite are in `sqlite_store.rs` instead (and `space.rs`, about the
//! data directory's file system and SQLite's WAL, is SQLite-only as a whole).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use storage::{
    AccountKind, DeliveryTarget, FlagChange, FlagOp, Flags, MessageMeta, NewAccount, OpenMode,
    Quota, Store,
};

/// Which backend the suite runs against: PostgreSQL in the `conformance_postgres` binary,
/// else `GOVMAIL_TEST_BACKEND` (default `sqlite`).
pub fn backend_name() -> String {
    if module_path!().starts_with("conformance_postgres::") {
        return "postgres".into();
    }
    std::env::var("GOVMAIL_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into())
}

/// Opens the store of the test directory `dir`, creating it the first time: calling it again
/// with the same `dir` (after `shutdown` and drop) reopens the same store, with its data.
pub fn open_backend(dir: &Path) -> Store {
    match backend_name().as_str() {
        "sqlite" => Store::open(dir, OpenMode::CreateIfMissing).unwrap(),
        "postgres" => match postgres() {
            Some(pg) => {
                let mut config = storage::postgres::PgConfig::new(pg.database_url(&db_name(dir)));
                config.pool_size = 4;
                let backend = storage::postgres::PgBackend::open(&config, dir).unwrap();
                Store::from_backend(Arc::new(backend))
            }
            // Not installed, and not CI (where `TestPostgres::start` panics instead): said
            // once, and the test runs on SQLite.
            None => Store::open(dir, OpenMode::CreateIfMissing).unwrap(),
        },
        other => panic!("GOVMAIL_TEST_BACKEND={other}: no such storage backend in this build"),
    }
}

/// Whether the stores of this process are PostgreSQL ones (a test of a behaviour that
/// differs by design asks).
pub fn is_postgres() -> bool {
    backend_name() == "postgres" && postgres().is_some()
}

/// The test process's PostgreSQL cluster, started at the first use (one for the whole
/// binary, even with this module included several times).
fn postgres() -> Option<&'static storage::postgres::testing::SharedPostgres> {
    storage::postgres::testing::SharedPostgres::get()
}

/// The database of a test directory: named after its path, so that reopening the same
/// directory finds the same database.
fn db_name(dir: &Path) -> String {
    let hash = storage::hash_hex(dir.to_string_lossy().as_bytes());
    format!("t_{}", &hash[..24])
}

/// The default SQLite store in `dir`, for the SQLite-only tests (`sqlite_*.rs`).
pub fn open_sqlite(dir: &Path) -> Store {
    Store::open(dir, OpenMode::CreateIfMissing).unwrap()
}

/// A new store in a new directory, opened by `open`, with the demo domain and two agencies
/// (UBND, and STTTT under it).
pub fn store_with(open: fn(&Path) -> Store) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path());
    store.add_domain("demo.gov.vn").unwrap();
    store
        .add_agency("UBND", "Ủy ban nhân dân tỉnh", None, Some(20))
        .unwrap();
    store
        .add_agency(
            "STTTT",
            "Sở Thông tin và Truyền thông",
            Some("UBND"),
            Some(50),
        )
        .unwrap();
    (dir, store)
}

pub fn account(store: &Store, local: &str, quota: Quota) -> i64 {
    store
        .create_account(NewAccount {
            address: format!("{local}@demo.gov.vn"),
            display_name: format!("Người dùng {local}"),
            agency_code: "STTTT".into(),
            kind: AccountKind::Personal,
            password_hash: storage::password::hash_generated("x").unwrap(),
            quota,
        })
        .unwrap()
        .id
}

pub fn message(n: usize) -> Arc<[u8]> {
    format!(
        "From: a@demo.gov.vn\r\nTo: b@demo.gov.vn\r\nSubject: Giấy mời số {n}\r\n\r\nNội dung {n}\r\n"
    )
    .into_bytes()
    .into()
}

pub fn deliver(store: &Store, accounts: &[i64], raw: Arc<[u8]>) -> Vec<storage::Delivered> {
    let meta = MessageMeta::parse(&raw);
    let targets = accounts.iter().map(|&a| DeliveryTarget::inbox(a)).collect();
    store.deliver(raw, meta, storage::now(), targets).unwrap()
}

pub fn change(op: FlagOp, flags: Flags, keywords: Vec<String>, since: Option<u64>) -> FlagChange {
    FlagChange {
        op,
        flags,
        keywords,
        unchanged_since: since,
    }
}

pub fn inbox(store: &Store, account: i64) -> storage::Mailbox {
    store.get_mailbox(account, "INBOX").unwrap()
}

/// The blob files under `dir/blobs` that a content still names. On SQLite that is every
/// file: a blob goes with its last reference. PostgreSQL keeps an unreferenced file until
/// the delayed sweep (another node may be delivering the same content at that moment), and
/// `check` names it as a harmless orphan: those are not counted.
pub fn blob_files(store: &Store, dir: &Path) -> usize {
    let all = walk(&dir.join("blobs"));
    if !is_postgres() {
        return all;
    }
    let awaiting_sweep = store
        .check(false, false)
        .unwrap()
        .problems
        .iter()
        .filter(|p| p.kind == "orphan-blob" && p.harmless)
        .count();
    all - awaiting_sweep
}

pub fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// A message over `storage::INLINE_MAX` bytes: kept in a file under blobs/.
pub fn big_message(n: usize) -> Arc<[u8]> {
    let mut raw = message(n).to_vec();
    let line = format!("Dòng nội dung số {n} của một văn bản dài.\r\n");
    while raw.len() <= storage::INLINE_MAX {
        raw.extend_from_slice(line.as_bytes());
    }
    raw.into()
}
