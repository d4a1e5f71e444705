//! PostgreSQL schema migrations, numbered like SQLite's but of their own (the two schemas
//! describe one data model and evolve together, yet their numbers need not match).
//!
//! Applied at open, each in its own transaction, under a transaction-level advisory lock so
//! that several nodes starting at once do not apply one twice. A database whose version is
//! newer than this binary knows is refused: an older node must not write to a schema it does
//! not understand (the operator upgrades every node, then restarts them).

use super::pool::{Pooled, Queries};

use super::PgResult;
use crate::error::StorageError;

/// (version, SQL) in order; the version is the file's number.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_init.sql")),
    (2, include_str!("migrations/0002_search.sql")),
    (3, include_str!("migrations/0003_subject_keys.sql")),
    (4, include_str!("migrations/0004_domain_leases.sql")),
    (5, include_str!("migrations/0005_login_throttle.sql")),
    (6, include_str!("migrations/0006_body_trigrams.sql")),
];

/// The schema version this binary writes.
pub const PG_SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Any fixed number, the same on every node: the key of the migration lock
/// (pg_advisory_xact_lock), "govmail" in ASCII.
const MIGRATION_LOCK: i64 = 0x0067_6f76_6d61_696c;

pub(crate) async fn migrate(client: &mut Pooled) -> PgResult<()> {
    migrate_to(client, MIGRATIONS).await
}

async fn migrate_to(client: &mut Pooled, migrations: &[(i64, &str)]) -> PgResult<()> {
    let known = migrations.last().map_or(0, |m| m.0);
    loop {
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS govmail_schema (\
               id BIGINT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL); \
             INSERT INTO govmail_schema (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING",
        )
        .await?;
        let current: i64 = tx
            .query_one("SELECT version FROM govmail_schema WHERE id = 1", &[])
            .await?
            .get(0);
        if current > known {
            return Err(StorageError::Refused {
                path: "PostgreSQL".into(),
                reason: format!(
                    "the database's schema is version {current}, newer than this govmail \
                     knows ({known}): upgrade govmail on this node"
                ),
            }
            .into());
        }
        let Some((version, sql)) = migrations.iter().find(|(v, _)| *v > current) else {
            tx.commit().await?;
            return Ok(());
        };
        tracing::info!(version, "applying PostgreSQL migration");
        tx.batch_execute(sql).await?;
        tx.execute(
            "UPDATE govmail_schema SET version = $1 WHERE id = 1",
            &[version],
        )
        .await?;
        tx.commit().await?;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::postgres::testing::TestPostgres;
    use crate::postgres::{PgBackend, PgConfig};

    #[test]
    fn migrations_apply_once_and_a_newer_schema_is_refused() {
        let Some(pg) = TestPostgres::start() else {
            return;
        };
        let blobs = tempfile::tempdir().unwrap();
        let config = PgConfig::new(pg.url());
        // Two nodes opening a fresh database at once: one applies, the other waits and
        // finds it done.
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| PgBackend::open(&config, blobs.path()));
            let b = s.spawn(|| PgBackend::open(&config, blobs.path()));
            (a.join().unwrap(), b.join().unwrap())
        });
        a.unwrap();
        b.unwrap();
        assert_eq!(
            pg.psql("SELECT version FROM govmail_schema").trim(),
            PG_SCHEMA_VERSION.to_string()
        );
        assert_eq!(pg.psql("SELECT count(*) FROM counters").trim(), "1");
        // A later binary moved the schema on: this one refuses to open it.
        pg.psql(&format!(
            "UPDATE govmail_schema SET version = {}",
            PG_SCHEMA_VERSION + 1
        ));
        let err = PgBackend::open(&config, blobs.path()).err().unwrap();
        assert!(
            matches!(err, StorageError::Refused { .. }) && err.to_string().contains("newer"),
            "{err}"
        );
    }
}
