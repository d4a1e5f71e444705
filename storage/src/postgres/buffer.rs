//! What a node holds in memory between flushes, as SQLite's usage buffer does: usage counts,
//! register entries (with their tracking rows), receipts from other servers, recallable
//! documents and TLS results. One write a second (and at shutdown) stores them all in one
//! transaction, so a login or a delivery never waits for the database's commit for them.
//!
//! Several nodes flush into the same rows: every counter is written as an increment
//! (`INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`), never read, added to and
//! written back, so no node's increments are lost whatever the interleaving. A flush that
//! fails puts what it took back (in front of what came meanwhile), so an unreachable database
//! delays counts but does not drop them.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use crate::types::AccountId;
use crate::{NewDocument, RecallableDocument, ReceiptReport, TlsResult, Tracking, UsageCounter};

/// One buffered write of the register, in the order it was made (a receipt is applied after
/// the document it answers, when both wait in the same flush).
#[derive(Clone)]
pub(crate) enum Entry {
    Document(Box<NewDocument>, Option<Box<Tracking>>),
    Receipt(ReceiptReport),
    Recallable(RecallableDocument),
}

pub(crate) type Counts = HashMap<(AccountId, i64, UsageCounter), u64>;

/// A TLS result's key (`tls_report_results`' primary key without the day's domain split).
pub(crate) type TlsKey = (i64, String, String, String, String, String, String);

#[derive(Default)]
pub(crate) struct DomainState {
    /// Sieve script changes made through this backend (`Runtime::sieve_changes_here`).
    pub(crate) sieve_changes: AtomicU64,
    /// Signalled when an urgent document's recipients are written with their deadlines.
    pub(crate) follow_ups: Arc<tokio::sync::Notify>,
    counts: Mutex<Counts>,
    entries: Mutex<Vec<Entry>>,
    tls: Mutex<HashMap<TlsKey, u64>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What one flush takes.
#[derive(Default)]
pub(crate) struct Taken {
    pub(crate) counts: Counts,
    pub(crate) entries: Vec<Entry>,
    pub(crate) tls: HashMap<TlsKey, u64>,
}

impl Taken {
    pub(crate) fn is_empty(&self) -> bool {
        self.counts.is_empty() && self.entries.is_empty() && self.tls.is_empty()
    }
}

impl DomainState {
    pub(crate) fn count(&self, account: AccountId, day: i64, counter: UsageCounter, n: u64) {
        *lock(&self.counts)
            .entry((account, day, counter))
            .or_insert(0) += n;
    }

    pub(crate) fn push(&self, entry: Entry) {
        lock(&self.entries).push(entry);
    }

    pub(crate) fn count_tls(&self, r: TlsResult) {
        let key = (
            r.day,
            r.domain,
            r.policy_type,
            r.policy_string,
            r.mx_host,
            r.result_type,
            r.receiving_ip,
        );
        *lock(&self.tls).entry(key).or_insert(0) += 1;
    }

    pub(crate) fn take(&self) -> Taken {
        // Entries before nothing else matters: each list keeps its own order.
        Taken {
            counts: std::mem::take(&mut *lock(&self.counts)),
            entries: std::mem::take(&mut *lock(&self.entries)),
            tls: std::mem::take(&mut *lock(&self.tls)),
        }
    }

    /// Puts back what a failed flush took, before what was buffered meanwhile.
    pub(crate) fn put_back(&self, taken: Taken) {
        {
            let mut counts = lock(&self.counts);
            for (k, n) in taken.counts {
                *counts.entry(k).or_insert(0) += n;
            }
        }
        {
            let mut entries = lock(&self.entries);
            let later = std::mem::replace(&mut *entries, taken.entries);
            entries.extend(later);
        }
        let mut tls = lock(&self.tls);
        for (k, n) in taken.tls {
            *tls.entry(k).or_insert(0) += n;
        }
    }
}
