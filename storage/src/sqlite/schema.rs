//! Opening the database: refusing files that are not ours, and applying numbered migrations.
//!
//! A govmail database carries `PRAGMA application_id = APPLICATION_ID` and its schema version
//! in `PRAGMA user_version`. An empty file (or no file) is initialised; any other SQLite file,
//! or a non-SQLite file, is refused and never written to. A database made by a newer govmail
//! (user_version above what this binary knows) is refused with a clear message.

use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, StorageError};

/// "GMAL" in ASCII: marks the SQLite file as govmail's (SQLite file format, offset 68).
pub const APPLICATION_ID: i32 = 0x474D_414C;

/// Migrations in order; migration N (1-based) brings user_version from N-1 to N.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_queue.sql"),
    include_str!("../../migrations/0003_quarantine.sql"),
    include_str!("../../migrations/0004_documents.sql"),
    include_str!("../../migrations/0005_sieve.sql"),
    include_str!("../../migrations/0006_usage_monthly.sql"),
    include_str!("../../migrations/0007_structure.sql"),
    include_str!("../../migrations/0008_search.sql"),
    include_str!("../../migrations/0009_grants.sql"),
    include_str!("../../migrations/0010_recent.sql"),
    include_str!("../../migrations/0011_uidvalidity.sql"),
    include_str!("../../migrations/0012_subscriptions.sql"),
    include_str!("../../migrations/0013_search_header.sql"),
    include_str!("../../migrations/0014_inline_blobs.sql"),
    include_str!("../../migrations/0015_roles_audit.sql"),
    include_str!("../../migrations/0016_outbound_tls.sql"),
    include_str!("../../migrations/0017_tracking.sql"),
    include_str!("../../migrations/0018_urgent_follow_up.sql"),
    include_str!("../../migrations/0019_signatures.sql"),
    include_str!("../../migrations/0020_recall.sql"),
    include_str!("../../migrations/0021_savedate_preview.sql"),
    include_str!("../../migrations/0022_threading.sql"),
    include_str!("../../migrations/0023_search_terms.sql"),
    include_str!("../../migrations/0024_subject_keys.sql"),
    include_str!("../../migrations/0025_search_body_in_message.sql"),
    include_str!("../../migrations/0026_register_checks.sql"),
];

pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// How long a connection waits for a lock before SQLITE_BUSY.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// What the WAL file is cut back to after a checkpoint has copied all of it into the
/// database: 8 MiB, above the ~4–6 MiB the automatic checkpoint (every 1,000 pages) lets it
/// reach under steady load, so it is not cut and regrown all the time, but far below what a
/// reader holding an old snapshot (a backup, a long search) can make it grow to. Without a
/// limit SQLite keeps the file at its largest size for ever.
pub(crate) const JOURNAL_SIZE_LIMIT: i64 = 8 * 1024 * 1024;

/// Settings every connection gets. `synchronous = FULL` makes each COMMIT fsync the WAL: a
/// committed delivery survives power loss (NORMAL would not, in WAL mode).
/// Prepared statements each connection keeps. rusqlite keeps 16 by default, fewer than the
/// writer runs for one delivery (message, register, tracking, usage…): with 16 it prepared
/// statements again and again, about 70,000 instructions each (callgrind).
const STATEMENT_CACHE: usize = 256;

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // The query planner's stability guarantee: a plan is chosen once, without looking at the
    // values bound. Without it SQLite marks a cached statement to be prepared again whenever a
    // parameter it peeked at changes: `LIMIT ?`, and any `column = ?` whose value goes from 0
    // or 1 to something else or back (an account or mailbox id of 1, FTS5's segment ids in
    // its own statements). Under IMAP load that was half of SEARCH's and three quarters of
    // FETCH's instructions (callgrind: `sqlite3Reprepare`). Answers never depend on the plan;
    // no statement here relies on a value-dependent plan (no ANALYZE statistics, no `LIKE ?`
    // on a hot path).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -16000;",
    )?;
    Ok(())
}

fn refuse(path: &Path, reason: impl Into<String>) -> StorageError {
    StorageError::Refused {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Checks the first bytes of an existing file before SQLite touches it, so that a foreign file
/// gets a clear refusal rather than an obscure error (or worse, being turned into a database).
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StorageError::io(format!("opening {}", path.display()), e)),
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(StorageError::io(format!("reading {}", path.display()), e)),
        }
    }
    if read == 0 {
        return Ok(()); // an empty file: SQLite treats it as a new database
    }
    if read < 16 || &header != b"SQLite format 3\0" {
        return Err(refuse(
            path,
            "this file is not a govmail database (not SQLite at all); it was left untouched. \
             Point data_dir at an empty directory or at a govmail data directory",
        ));
    }
    Ok(())
}

/// Opens the writer connection, creating and migrating the database as needed.
pub(crate) fn open_writer(path: &Path) -> Result<Connection> {
    check_header(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify_open_error(path, e))?;
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if app_id != APPLICATION_ID && !(app_id == 0 && version == 0 && tables == 0) {
        return Err(refuse(
            path,
            "this SQLite database belongs to another program (no govmail application id); \
             it was left untouched",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(refuse(
            path,
            format!(
                "the database has schema version {version}, made by a newer govmail; this \
                 binary knows up to version {SCHEMA_VERSION}. Upgrade govmail (never downgrade \
                 over a newer database)"
            ),
        ));
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    configure(&conn)?;
    conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
    migrate(&conn, version)?;
    Ok(conn)
}

fn classify_open_error(path: &Path, e: rusqlite::Error) -> StorageError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => refuse(
            path,
            "the database file is corrupt or encrypted (SQLite: not a database); it was left \
             untouched. Restore it from a backup",
        ),
        _ => crate::sqlite::error::database(e),
    }
}

fn migrate(conn: &Connection, from: i32) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let target = index as i32 + 1;
        // One transaction per migration: a crash leaves the schema at a whole version.
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;\n{sql}\nPRAGMA application_id = {APPLICATION_ID};\n\
             PRAGMA user_version = {target};\nCOMMIT;"
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK");
        })?;
        tracing::info!(version = target, "applied schema migration");
    }
    Ok(())
}

/// Opens the connection that checkpoints the WAL besides the writer (`storage::db`); it
/// writes nothing else. The writer must have opened and migrated the file first.
pub(crate) fn open_checkpointer(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
    Ok(conn)
}

/// Opens a read-only connection (the writer must have opened and migrated the file first).
pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    // Readers map the file instead of copying each page out of the OS cache: a FETCH 1:*
    // over a 100,000-message mailbox walks thousands of pages. 64-bit address space is
    // plenty; only pages touched are resident.
    // The map serves the pages, so each reader's own page cache can stay small (the pool
    // may hold 16 of them).
    conn.execute_batch("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -2000;")?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cached statement is not prepared again when the values bound to it change: before
    /// the planner's stability guarantee was set, an id going from 1 to 2 and back (an
    /// `x = ?` SQLite guesses may be a boolean) or a new `LIMIT ?` re-prepared the statement
    /// at its next step.
    #[test]
    fn new_values_do_not_prepare_a_cached_statement_again() {
        use rusqlite::StatementStatus;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("govmail.db");
        let _writer = open_writer(&path).unwrap();
        let reader = open_reader(&path).unwrap();
        let sqls = [
            "SELECT 1 FROM mailboxes WHERE id = ?1 AND account_id = ?2",
            "SELECT uid FROM messages WHERE mailbox_id = ?1 AND flags & ?2 = 0 \
             ORDER BY uid LIMIT ?3",
        ];
        for sql in sqls {
            for (a, b) in [(1, 1), (2, 2), (1, 1), (5, 0), (1, 7)] {
                let mut stmt = reader.prepare_cached(sql).unwrap();
                let n = stmt.parameter_count();
                let values: Vec<i64> = [a, b, b + 1][..n].to_vec();
                let mut rows = stmt.query(rusqlite::params_from_iter(values)).unwrap();
                while rows.next().unwrap().is_some() {}
                drop(rows);
                assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0, "{sql}");
            }
        }
    }

    /// Migration 6 re-keys usage_daily and fills usage_monthly from what was counted before.
    #[test]
    fn migration_6_rolls_existing_daily_counters_up_by_month() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        // No accounts needed for counters with foreign keys off.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        let jan31 = crate::days_from_civil(2026, 1, 31);
        let feb1 = crate::days_from_civil(2026, 2, 1);
        let feb3 = crate::days_from_civil(2026, 2, 3);
        for (account, day, logins, sent, received) in [
            (1, jan31, 1, 0, 4),
            (1, feb1, 0, 2, 0),
            (1, feb3, 0, 0, 9),
            (2, feb3, 3, 0, 0),
        ] {
            conn.execute(
                "INSERT INTO usage_daily (account_id, day, logins_imap, sent, received) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![account, day, logins, sent, received],
            )
            .unwrap();
        }
        conn.execute_batch(MIGRATIONS[5]).unwrap();
        let monthly: Vec<(i64, i64, i64, i64, i64, i64)> = conn
            .prepare(
                "SELECT month, account_id, active_days, logins_imap, sent, received \
                 FROM usage_monthly ORDER BY month, account_id",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let (jan, feb) = (2026 * 12, 2026 * 12 + 1);
        assert_eq!(
            monthly,
            [
                (jan, 1, 1 << 30, 1, 0, 4),
                // 1 Feb active (sent); 3 Feb only received: not active.
                (feb, 1, 1, 0, 2, 9),
                (feb, 2, 1 << 2, 3, 0, 0),
            ]
        );
        let daily: i64 = conn
            .query_row("SELECT count(*) FROM usage_daily", [], |r| r.get(0))
            .unwrap();
        assert_eq!(daily, 4, "daily counters kept");
    }

    /// Migration 26 makes the register's tables again with their CHECK constraints written
    /// as comparisons: the rows stay, the same values are allowed and refused, the recipients
    /// still refer to the documents, and inserting a row builds no ephemeral b-tree (which a
    /// CHECK `IN` list of three values or more cost at every execution).
    #[test]
    fn migration_26_keeps_the_register_and_checks_without_a_temporary_table() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        for sql in &MIGRATIONS[..25] {
            conn.execute_batch(sql).unwrap();
        }
        let document = "INSERT INTO documents (id, at, day, direction, mandatory, sender, \
            recipient_agencies, recipients_local, recipients_external, message_id) \
            VALUES (?1, 1, 1, ?2, 0, 's@x.gov.vn', '', 1, 0, 'm@x')";
        let recipient = "INSERT INTO document_recipients (document_id, address, receipt) \
            VALUES (?1, 'a@x.gov.vn', ?2)";
        conn.execute(document, rusqlite::params![7, "received"])
            .unwrap();
        conn.execute(recipient, rusqlite::params![7, "wait"])
            .unwrap();
        conn.execute_batch(&format!("BEGIN IMMEDIATE;\n{}\nCOMMIT;", MIGRATIONS[25]))
            .unwrap();
        let kept: (String, String, String) = conn
            .query_row(
                "SELECT d.direction, d.message_id, r.receipt FROM documents d \
                 JOIN document_recipients r ON r.document_id = d.id WHERE d.id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(kept, ("received".into(), "m@x".into(), "wait".into()));
        for direction in ["sent", "received", "refused"] {
            conn.execute(
                document,
                rusqlite::params![rusqlite::types::Null, direction],
            )
            .unwrap();
        }
        assert!(
            conn.execute(document, rusqlite::params![20, "kept"])
                .is_err()
        );
        for receipt in ["none", "new", "wait", "due", "sent", "off"] {
            conn.execute(recipient, rusqlite::params![7, receipt])
                .unwrap();
        }
        assert!(
            conn.execute(recipient, rusqlite::params![7, "later"])
                .is_err()
        );
        assert!(
            conn.execute(recipient, rusqlite::params![99, "new"])
                .is_err(),
            "no document 99"
        );
        for sql in [document, recipient] {
            let ops: Vec<String> = conn
                .prepare(&format!("EXPLAIN {sql}"))
                .unwrap()
                .query_map(rusqlite::params![1, "new"], |r| r.get(1))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert!(
                !ops.iter().any(|op| op == "OpenEphemeral"),
                "{sql}: {ops:?}"
            );
        }
        let indexes: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' \
                 AND tbl_name IN ('documents', 'document_recipients')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 6);
    }

    /// Migrations 11 and 12: the UIDVALIDITY counter starts above every existing value and the
    /// clock; subscribed mailboxes become rows of `subscriptions`, unsubscribed ones do not,
    /// and the column is gone.
    #[test]
    fn migrations_11_and_12_seed_the_counter_and_carry_subscriptions_over() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..10] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        let ahead = crate::now() + 100_000; // a value given in a burst, ahead of the clock
        for (account, name, uidvalidity, subscribed) in [
            (1, "INBOX", 1_000, 1),
            (1, "Lưu trữ", ahead, 0),
            (1, "Dự án/2026", 1_002, 1),
            (2, "INBOX", 1_003, 1),
        ] {
            conn.execute(
                "INSERT INTO mailboxes (account_id, name, uidvalidity, subscribed) \
                 VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![account, name, uidvalidity, subscribed],
            )
            .unwrap();
        }
        conn.execute_batch(MIGRATIONS[10]).unwrap();
        conn.execute_batch(MIGRATIONS[11]).unwrap();
        let counter: i64 = conn
            .query_row(
                "SELECT value FROM counters WHERE name = 'uidvalidity'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(counter, ahead);
        let subscriptions: Vec<(i64, String)> = conn
            .prepare("SELECT account_id, name FROM subscriptions ORDER BY account_id, name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(
            subscriptions,
            [
                (1, "Dự án/2026".to_string()),
                (1, "INBOX".to_string()),
                (2, "INBOX".to_string()),
            ]
        );
        assert!(
            conn.prepare("SELECT subscribed FROM mailboxes").is_err(),
            "the column is dropped"
        );
        // An empty database starts the counter at the clock.
        let empty = Connection::open_in_memory().unwrap();
        for sql in MIGRATIONS {
            empty.execute_batch(sql).unwrap();
        }
        let counter: i64 = empty
            .query_row(
                "SELECT value FROM counters WHERE name = 'uidvalidity'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!((counter - crate::now()).abs() < 60, "{counter}");
    }

    /// Migration 13 makes the index again with a header column and queues every content.
    #[test]
    fn migration_13_queues_every_content_for_the_new_index() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..12] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO contents (id, blob, size, refs, to_addr, indexed) \
             VALUES (1, 'ab', 10, 1, 'a@x.gov.vn', 1); \
             INSERT INTO search_index (rowid, subject, from_addr, to_addr, cc_addr, body) \
             VALUES (1, 's', 'f', 'a@x.gov.vn', '', 'b');",
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[12]).unwrap();
        let (indexed, day): (i64, Option<i64>) = conn
            .query_row("SELECT indexed, sent_day FROM contents", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((indexed, day), (0, None));
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0);
        conn.execute(
            "INSERT INTO search_index (rowid, header) VALUES (1, 'x-so: 123')",
            [],
        )
        .unwrap();
    }

    /// The search-terms migration (23 on its branch) makes the index again, without
    /// positions, with the text beside it, and queues every content for it.
    #[test]
    fn the_search_terms_migration_queues_every_content() {
        // Found by its contents, so that its number can follow the order of merges.
        let at = MIGRATIONS
            .iter()
            .position(|m| m.contains("CREATE TABLE search_text"))
            .unwrap();
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..at] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO contents (id, blob, size, refs, indexed) VALUES (1, 'ab', 10, 1, 1); \
             INSERT INTO search_index (rowid, subject, body) VALUES (1, 's', 'b');",
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[at]).unwrap();
        let indexed: i64 = conn
            .query_row("SELECT indexed FROM contents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(indexed, 0);
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0);
        conn.execute_batch(
            "INSERT INTO search_index (rowid, terms) VALUES (1, 's616263'); \
             INSERT INTO search_text VALUES (1, 'abc', '', '', '', '', 'subject: abc');",
        )
        .unwrap();
        let found: i64 = conn
            .query_row(
                "SELECT rowid FROM search_index WHERE search_index MATCH '\"s616263\"'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1);
    }

    /// The tracking migration (15 on its branch) keeps the register's entries (no Message-ID, no recipients' rows: not
    /// tracked) and lets new ones carry both.
    #[test]
    fn the_tracking_migration_keeps_the_register() {
        // Found by its contents, so that its number can follow the order of merges.
        let tracking = MIGRATIONS
            .iter()
            .position(|m| m.contains("CREATE TABLE document_recipients"))
            .unwrap();
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..tracking] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO documents (at, day, direction, mandatory, sender, recipient_agencies, \
             recipients_local, recipients_external) VALUES (1, 0, 'sent', 1, 'a@x.gov.vn', '', 1, 0)",
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[tracking]).unwrap();
        let (count, id): (i64, Option<String>) = conn
            .query_row("SELECT count(*), max(message_id) FROM documents", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((count, id), (1, None));
        conn.execute(
            "INSERT INTO document_recipients (document_id, address, receipt) \
             VALUES (1, 'b@x.gov.vn', 'new')",
            [],
        )
        .unwrap();
        assert!(
            conn.execute(
                "INSERT INTO document_recipients (document_id, address, receipt) \
                 VALUES (1, 'c@x.gov.vn', 'maybe')",
                [],
            )
            .is_err(),
            "the receipt state is checked"
        );
    }

    /// The recall migration (19 on its branch) gives existing accounts the recall folder (a
    /// folder of that name becomes it), with UIDVALIDITY values never given before, and
    /// subscribes them.
    #[test]
    fn the_recall_migration_gives_existing_accounts_the_recall_folder() {
        let conn = Connection::open_in_memory().unwrap();
        // Found by its contents, so that its number can follow the order of merges.
        let upto = MIGRATIONS
            .iter()
            .position(|m| m.contains("CREATE TABLE recall_requests"))
            .unwrap();
        for sql in &MIGRATIONS[..upto] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO accounts (id, address, display_name, agency_id, kind, password_hash,
                                   domain_id, status, created_at)
                 VALUES (1, 'a@x.gov.vn', 'A', 1, 'personal', 'h', 1, 'active', 0),
                        (2, 'b@x.gov.vn', 'B', 1, 'personal', 'h', 1, 'active', 0);
             INSERT INTO mailboxes (account_id, name, uidvalidity) VALUES (2, 'Thu hồi', 5);
             UPDATE counters SET value = 100 WHERE name = 'uidvalidity';",
        )
        .unwrap();
        conn.execute_batch(MIGRATIONS[upto]).unwrap();
        let rows: Vec<(i64, String, u32)> = conn
            .prepare(
                "SELECT account_id, special_use, uidvalidity FROM mailboxes ORDER BY account_id",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            [
                (1, "\\X-Recall".to_string(), 101),
                (2, "\\X-Recall".to_string(), 5)
            ]
        );
        let counter: i64 = conn
            .query_row(
                "SELECT value FROM counters WHERE name = 'uidvalidity'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(counter, 101);
        let subscribed: i64 = conn
            .query_row(
                "SELECT count(*) FROM subscriptions WHERE name = 'Thu hồi'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(subscribed, 2);
    }
}
