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
    /// With the flushes it has been through without finding its document: another node may
    /// have the document in its own buffer still (written within a second), so a receipt
    /// that finds none is tried again by the next few flushes.
    Receipt(ReceiptReport, u8),
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
    /// Held by a flush from its take to its commit: two flushes of one node (the flusher's
    /// and a lookup's) never commit out of order, so a receipt taken by the later one never
    /// lands before the document a concurrent earlier one is writing.
    pub(crate) flushing: Mutex<()>,
    counts: Mutex<Counts>,
    entries: Mutex<Vec<Entry>>,
    tls: Mutex<HashMap<TlsKey, u64>>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn receipt(id: &str) -> Entry {
        Entry::Receipt(
            ReceiptReport {
                original_message_id: id.into(),
                to: "a@x.gov.vn".into(),
                recipients: vec![],
                agency: None,
                read: false,
                at: 0,
            },
            0,
        )
    }

    fn ids(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Receipt(r, _) => r.original_message_id.clone(),
                _ => String::new(),
            })
            .collect()
    }

    /// What a failed flush took goes back before what came meanwhile, counts added up: an
    /// unreachable database delays counts and entries, never loses or reorders them.
    #[test]
    fn a_failed_flush_puts_back_in_order() {
        let state = DomainState::default();
        state.count(1, 10, UsageCounter::Sent, 2);
        state.push(receipt("first"));
        state.count_tls(TlsResult {
            day: 1,
            domain: "hue.gov.vn".into(),
            policy_type: "sts".into(),
            policy_string: String::new(),
            mx_host: "mx".into(),
            result_type: String::new(),
            receiving_ip: "192.0.2.1".into(),
        });
        let taken = state.take();
        assert!(!taken.is_empty());
        assert!(state.take().is_empty());
        state.count(1, 10, UsageCounter::Sent, 3);
        state.push(receipt("second"));
        state.put_back(taken);
        let again = state.take();
        assert_eq!(again.counts[&(1, 10, UsageCounter::Sent)], 5);
        assert_eq!(ids(&again.entries), ["first", "second"]);
        assert_eq!(again.tls.values().sum::<u64>(), 1);
    }
}
