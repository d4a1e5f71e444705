//! A small connection pool: at most `size` connections, opened on demand, reused while
//! alive. Not deadpool-postgres: callers are blocking threads that hand whole operations to
//! the backend's own runtime, so a semaphore and a stack of idle clients are all that is
//! needed, with no further crate (and no second runtime abstraction) in the tree.
//!
//! Each connection keeps its prepared statements ([`Queries`]): tokio-postgres prepares a
//! statement given as text at every call (Parse and Describe, a round trip to the server,
//! then Bind and Execute, another), so a delivery of some twenty statements waited for forty
//! round trips. Prepared once per connection and reused, each statement is one round trip.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Error, GenericClient, Row, Statement, Transaction};

use super::tls::RustlsConnect;

/// Statements kept per connection at most; more (SQL made up at run time in many shapes) and
/// the cache starts again. The backend's SQL has a few hundred shapes.
const MAX_STATEMENTS: usize = 1024;

/// A connection's prepared statements, by their SQL text.
type Statements = Arc<Mutex<HashMap<String, Statement>>>;

/// A connection and its prepared statements.
struct Conn {
    client: Client,
    statements: Statements,
}

pub(crate) struct Pool {
    config: tokio_postgres::Config,
    tls: RustlsConnect,
    /// Run on each new connection before its first use (session settings).
    setup: Option<&'static str>,
    idle: Mutex<Vec<Conn>>,
    permits: Arc<Semaphore>,
}

/// A connection taken from the pool; it goes back when dropped (unless it broke).
pub(crate) struct Pooled {
    conn: Option<Conn>,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

/// A transaction on a pooled connection, with the connection's prepared statements.
pub(crate) struct Tx<'a> {
    tx: Transaction<'a>,
    statements: Statements,
}

/// The statement of `sql` on the connection `c` (a client or a transaction on it): the one
/// prepared before, or prepared now and kept.
async fn statement<C: GenericClient + Sync>(
    c: &C,
    statements: &Statements,
    sql: &str,
) -> Result<Statement, Error> {
    let known = statements
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(sql)
        .cloned();
    if let Some(statement) = known {
        return Ok(statement);
    }
    let statement = c.prepare(sql).await?;
    let mut all = statements.lock().unwrap_or_else(|p| p.into_inner());
    if all.len() >= MAX_STATEMENTS {
        all.clear();
    }
    all.insert(sql.to_string(), statement.clone());
    Ok(statement)
}

/// Forgets the statement of `sql` when the server says it no longer holds (SQLSTATE 26000)
/// or no longer fits (0A000: "cached plan must not change result type", after a migration
/// changed a table under it): the next use prepares it again.
fn forget_if_stale<T>(
    statements: &Statements,
    sql: &str,
    result: Result<T, Error>,
) -> Result<T, Error> {
    if let Err(e) = &result
        && e.code()
            .is_some_and(|c| c.code() == "26000" || c.code() == "0A000")
    {
        statements
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(sql);
    }
    result
}

/// What the backend asks of a connection or a transaction: the statements of
/// tokio-postgres, taking SQL text, run as statements prepared once per connection.
pub(crate) trait Queries: Sync {
    fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Vec<Row>, Error>> + Send;

    fn query_one(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Row, Error>> + Send;

    fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<Option<Row>, Error>> + Send;

    fn execute(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> impl Future<Output = Result<u64, Error>> + Send;

    /// Statements as text, not prepared (migrations).
    fn batch_execute(&self, sql: &str) -> impl Future<Output = Result<(), Error>> + Send;
}

macro_rules! queries_on {
    ($ty:ty, |$this:ident| $client:expr) => {
        impl Queries for $ty {
            async fn query(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Vec<Row>, Error> {
                let $this = self;
                let s = statement($client, &self.statements(), sql).await?;
                forget_if_stale(&self.statements(), sql, $client.query(&s, params).await)
            }

            async fn query_one(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Row, Error> {
                let $this = self;
                let s = statement($client, &self.statements(), sql).await?;
                forget_if_stale(&self.statements(), sql, $client.query_one(&s, params).await)
            }

            async fn query_opt(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Option<Row>, Error> {
                let $this = self;
                let s = statement($client, &self.statements(), sql).await?;
                forget_if_stale(&self.statements(), sql, $client.query_opt(&s, params).await)
            }

            async fn execute(
                &self,
                sql: &str,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<u64, Error> {
                let $this = self;
                let s = statement($client, &self.statements(), sql).await?;
                forget_if_stale(&self.statements(), sql, $client.execute(&s, params).await)
            }

            async fn batch_execute(&self, sql: &str) -> Result<(), Error> {
                let $this = self;
                $client.batch_execute(sql).await
            }
        }
    };
}

queries_on!(Pooled, |this| this.client());
queries_on!(Tx<'_>, |this| &this.tx);

/// A statement of a [`Tx::pipeline`]: its SQL and its parameters.
pub(crate) type Piped<'a> = (&'a str, &'a [&'a (dyn ToSql + Sync)]);

/// Polls every future until all are done, each first in the order given; their outputs in
/// that order. (tokio-postgres writes a query's request at its future's first poll, so the
/// requests leave in this order.)
pub(crate) async fn join_in_order<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut waiting = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => waiting = true,
                }
            }
        }
        if waiting {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

impl Tx<'_> {
    fn statements(&self) -> Statements {
        self.statements.clone()
    }

    /// Runs `queries` in one round trip to the server instead of one each: every request is
    /// sent before any answer is awaited (tokio-postgres pipelines the queries issued
    /// concurrently on one connection). The server runs them in the order given, each
    /// seeing what the ones before it wrote, so they may depend on each other in SQL (a
    /// sub-select finding the row an earlier INSERT made) but not through the client (no
    /// parameter taken from an earlier result). After a failure the later ones fail too
    /// (the transaction is aborted): the first error is returned.
    pub(crate) async fn pipeline(&self, queries: &[Piped<'_>]) -> Result<Vec<Vec<Row>>, Error> {
        // Prepared first (a round trip each, once per connection): a query still to be
        // prepared would wait for that before sending, and leave out of order.
        let mut prepared = Vec::with_capacity(queries.len());
        for (sql, _) in queries {
            prepared.push(statement(&self.tx, &self.statements, sql).await?);
        }
        let answers = join_in_order(
            prepared
                .iter()
                .zip(queries)
                .map(|(s, (_, params))| self.tx.query(s, params))
                .collect(),
        )
        .await;
        answers
            .into_iter()
            .zip(queries)
            .map(|(answer, (sql, _))| forget_if_stale(&self.statements, sql, answer))
            .collect()
    }

    pub(crate) async fn commit(self) -> Result<(), Error> {
        self.tx.commit().await
    }
}

impl Pool {
    pub(crate) fn new(config: tokio_postgres::Config, tls: RustlsConnect, size: usize) -> Pool {
        Pool {
            config,
            tls,
            setup: None,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(size.max(1))),
        }
    }

    /// A pool whose connections each run `setup` (SQL: session settings) once, when opened.
    pub(crate) fn with_setup(
        config: tokio_postgres::Config,
        tls: RustlsConnect,
        size: usize,
        setup: &'static str,
    ) -> Pool {
        Pool {
            setup: Some(setup),
            ..Pool::new(config, tls, size)
        }
    }

    /// The connection settings (for `pg_dump`, which connects by itself).
    pub(crate) fn config(&self) -> &tokio_postgres::Config {
        &self.config
    }

    /// A live connection: an idle one, or a new one while fewer than `size` are out. Waits
    /// for one to come back otherwise. Must run on the backend's runtime (a new connection's
    /// I/O task is spawned there).
    pub(crate) async fn get(self: &Arc<Self>) -> Result<Pooled, tokio_postgres::Error> {
        let permit = match self.permits.clone().acquire_owned().await {
            Ok(p) => p,
            // The semaphore is never closed.
            Err(_) => unreachable_closed(),
        };
        loop {
            let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
            match idle {
                Some(conn) if !conn.client.is_closed() => {
                    return Ok(Pooled {
                        conn: Some(conn),
                        pool: self.clone(),
                        _permit: permit,
                    });
                }
                Some(_) => continue, // a broken connection: dropped
                None => break,
            }
        }
        let (client, connection) = self.config.connect(self.tls.clone()).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "PostgreSQL connection lost");
            }
        });
        if let Some(setup) = self.setup {
            client.batch_execute(setup).await?;
        }
        Ok(Pooled {
            conn: Some(Conn {
                client,
                statements: Default::default(),
            }),
            pool: self.clone(),
            _permit: permit,
        })
    }
}

#[allow(clippy::panic)]
fn unreachable_closed() -> ! {
    panic!("the pool's semaphore is never closed")
}

impl Pooled {
    fn conn(&self) -> &Conn {
        match &self.conn {
            Some(c) => c,
            None => unreachable_closed(),
        }
    }

    /// The client itself, for what is not a prepared statement (LISTEN, COPY, tests).
    pub(crate) fn client(&self) -> &Client {
        &self.conn().client
    }

    fn statements(&self) -> Statements {
        self.conn().statements.clone()
    }

    /// A transaction (READ COMMITTED, as PostgreSQL's default).
    pub(crate) async fn transaction(&mut self) -> Result<Tx<'_>, Error> {
        let Some(conn) = &mut self.conn else {
            unreachable_closed()
        };
        Ok(Tx {
            tx: conn.client.transaction().await?,
            statements: conn.statements.clone(),
        })
    }

    /// A read-only transaction on one snapshot (REPEATABLE READ): several reads that must
    /// agree with each other.
    pub(crate) async fn snapshot(&mut self) -> Result<Tx<'_>, Error> {
        let Some(conn) = &mut self.conn else {
            unreachable_closed()
        };
        Ok(Tx {
            tx: conn
                .client
                .build_transaction()
                .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .await?,
            statements: conn.statements.clone(),
        })
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && !conn.client.is_closed()
        {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(conn);
        }
    }
}
