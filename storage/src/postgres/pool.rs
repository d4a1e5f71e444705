//! A small connection pool: at most `size` connections, opened on demand, reused while
//! alive. Not deadpool-postgres: callers are blocking threads that hand whole operations to
//! the backend's own runtime, so a semaphore and a stack of idle clients are all that is
//! needed, with no further crate (and no second runtime abstraction) in the tree.

use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_postgres::Client;

use super::tls::RustlsConnect;

pub(crate) struct Pool {
    config: tokio_postgres::Config,
    tls: RustlsConnect,
    idle: Mutex<Vec<Client>>,
    permits: Arc<Semaphore>,
}

/// A connection taken from the pool; it goes back when dropped (unless it broke).
pub(crate) struct Pooled {
    client: Option<Client>,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

impl Pool {
    pub(crate) fn new(config: tokio_postgres::Config, tls: RustlsConnect, size: usize) -> Pool {
        Pool {
            config,
            tls,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(size.max(1))),
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
                Some(client) if !client.is_closed() => {
                    return Ok(Pooled {
                        client: Some(client),
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
        Ok(Pooled {
            client: Some(client),
            pool: self.clone(),
            _permit: permit,
        })
    }
}

#[allow(clippy::panic)]
fn unreachable_closed() -> ! {
    panic!("the pool's semaphore is never closed")
}

impl std::ops::Deref for Pooled {
    type Target = Client;
    fn deref(&self) -> &Client {
        match &self.client {
            Some(c) => c,
            None => unreachable_closed(),
        }
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Client {
        match &mut self.client {
            Some(c) => c,
            None => unreachable_closed(),
        }
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(client) = self.client.take()
            && !client.is_closed()
        {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(client);
        }
    }
}
