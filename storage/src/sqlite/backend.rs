//! The backend traits whose SQLite methods are still inherent (`impl SqliteBackend` blocks in
//! the group's files: message.rs, search.rs, queue.rs, …): each method here forwards to the
//! SQLite code's own. The other groups implement their traits in their own files
//! (directory.rs, mailbox.rs, grants.rs, roles.rs, sieve.rs, outbound_tls.rs, space.rs, and
//! `Runtime` in mod.rs), as the PostgreSQL backend does for all of them.

use std::collections::HashMap;
use std::ops::RangeInclusive;
use std::path::Path;
use std::sync::Arc;

use crate::backend;
use crate::search::TextField;
use crate::thread::ThreadRow;
use crate::{
    AccountActivity, AccountId, BackupReport, CheckReport, Delivered, DeliveryTarget,
    DocumentEntry, Expunge, FlagChange, FlagRow, FlagUpdate, Flags, FollowUp, Gauges, MailboxId,
    MessageInfo, MessageKey, MessageMeta, NewDocument, NewMessage, NewQueueEntry, PendingReceipt,
    Quarantined, QueueEntry, QueueId, RecallKind, RecallRequest, RecallState, RecallableDocument,
    RecalledCopy, ReceiptReport, RecipientOutcome, RecipientStatus, Replaced, Result, Settle,
    TrackedDocument, Tracking, TrackingFilter, UsageCounter, UsageDay,
};

use super::SqliteBackend;

impl backend::Messages for SqliteBackend {
    fn append_many(
        &self,
        account: AccountId,
        mailbox: &str,
        messages: Vec<NewMessage>,
        replace: Option<Replaced>,
    ) -> Result<Vec<Delivered>> {
        SqliteBackend::append_many(self, account, mailbox, messages, replace)
    }

    fn deliver(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
    ) -> Result<Vec<Delivered>> {
        SqliteBackend::deliver(self, raw, meta, internal_date, targets)
    }

    fn append(
        &self,
        account: AccountId,
        mailbox: &str,
        raw: Arc<[u8]>,
        flags: Flags,
        keywords: Vec<String>,
        internal_date: i64,
    ) -> Result<Delivered> {
        SqliteBackend::append(self, account, mailbox, raw, flags, keywords, internal_date)
    }

    fn messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>> {
        SqliteBackend::messages(self, account, mailbox, uids)
    }

    fn messages_by_uid(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: &[u32],
    ) -> Result<Vec<MessageInfo>> {
        SqliteBackend::messages_by_uid(self, account, mailbox, uids)
    }

    fn messages_with_structure(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<MessageInfo>> {
        SqliteBackend::messages_with_structure(self, account, mailbox, uids)
    }

    fn changed_messages(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        with_structure: bool,
    ) -> Result<Vec<MessageInfo>> {
        SqliteBackend::changed_messages(self, account, mailbox, uids, since, with_structure)
    }

    fn each_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        since: u64,
        each: &mut dyn FnMut(FlagRow<'_>),
    ) -> Result<()> {
        SqliteBackend::each_flags(self, account, mailbox, uids, since, each)
    }

    fn each_sort_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        columns: crate::sort_keys::SortColumns,
        each: &mut dyn FnMut(crate::sort_keys::SortRow<'_>),
    ) -> Result<()> {
        SqliteBackend::each_sort_row(self, account, mailbox, uids, columns, each)
    }

    fn each_thread_row(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        each: &mut dyn FnMut(crate::thread::ThreadRowRef<'_>),
    ) -> Result<bool> {
        SqliteBackend::each_thread_row(self, account, mailbox, uids, each)
    }

    fn read_content_range(&self, blob: &str, range: std::ops::Range<u64>) -> Result<Vec<u8>> {
        SqliteBackend::read_content_range(self, blob, range)
    }

    fn uids(&self, account: AccountId, mailbox: MailboxId) -> Result<Vec<u32>> {
        SqliteBackend::uids(self, account, mailbox)
    }

    fn message_keys(
        &self,
        account: AccountId,
        mailbox: MailboxId,
    ) -> Result<std::collections::HashSet<MessageKey>> {
        SqliteBackend::message_keys(self, account, mailbox)
    }

    fn read_message(&self, account: AccountId, mailbox: MailboxId, uid: u32) -> Result<Vec<u8>> {
        SqliteBackend::read_message(self, account, mailbox, uid)
    }

    fn set_flags(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: Vec<u32>,
        change: FlagChange,
    ) -> Result<FlagUpdate> {
        SqliteBackend::set_flags(self, account, mailbox, uids, change)
    }

    fn expunge(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        only: Option<Vec<u32>>,
    ) -> Result<Expunge> {
        SqliteBackend::expunge(self, account, mailbox, only)
    }

    fn copy(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>> {
        SqliteBackend::copy(self, account, from, uids, to)
    }

    fn copy_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>> {
        SqliteBackend::copy_across(self, from, uids, to)
    }

    fn move_messages(
        &self,
        account: AccountId,
        from: MailboxId,
        uids: Vec<u32>,
        to: MailboxId,
    ) -> Result<Vec<(u32, u32)>> {
        SqliteBackend::move_messages(self, account, from, uids, to)
    }

    fn move_across(
        &self,
        from: (AccountId, MailboxId),
        uids: Vec<u32>,
        to: (AccountId, MailboxId),
    ) -> Result<Vec<(u32, u32)>> {
        SqliteBackend::move_across(self, from, uids, to)
    }

    fn expunged_since(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        modseq: u64,
    ) -> Result<Vec<u32>> {
        SqliteBackend::expunged_since(self, account, mailbox, modseq)
    }

    fn save_dates(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<(u32, Option<i64>)>> {
        SqliteBackend::save_dates(self, account, mailbox, uids)
    }

    fn previews(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
        lazy: bool,
    ) -> Result<HashMap<u32, Option<String>>> {
        SqliteBackend::previews(self, account, mailbox, uids, lazy)
    }

    fn thread_rows(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        uids: RangeInclusive<u32>,
    ) -> Result<Vec<ThreadRow>> {
        SqliteBackend::thread_rows(self, account, mailbox, uids)
    }
}

impl backend::Search for SqliteBackend {
    fn search_text(
        &self,
        account: AccountId,
        mailbox: MailboxId,
        field: TextField,
        needle: &str,
    ) -> Result<Vec<u32>> {
        SqliteBackend::search_text(self, account, mailbox, field, needle)
    }

    fn index_mailbox_backlog(&self, mailbox: MailboxId) -> Result<()> {
        SqliteBackend::index_mailbox_backlog(self, mailbox)
    }

    fn index_backlog(&self) -> Result<usize> {
        SqliteBackend::index_backlog(self)
    }
}

impl backend::Queue for SqliteBackend {
    fn deliver_and_queue(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> Result<(Vec<Delivered>, Option<QueueId>)> {
        SqliteBackend::deliver_and_queue(self, raw, meta, internal_date, targets, outbound)
    }

    fn deliver_and_queue_async(
        self: Arc<Self>,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        internal_date: i64,
        targets: Vec<DeliveryTarget>,
        outbound: Option<NewQueueEntry>,
    ) -> backend::Pending<(Vec<Delivered>, Option<QueueId>)> {
        SqliteBackend::deliver_and_queue_async(self, raw, meta, internal_date, targets, outbound)
    }

    fn enqueue(&self, raw: Arc<[u8]>, entry: NewQueueEntry) -> Result<QueueId> {
        SqliteBackend::enqueue(self, raw, entry)
    }

    fn queue_due(&self, now: i64, limit: usize) -> Result<Vec<QueueEntry>> {
        SqliteBackend::queue_due(self, now, limit)
    }

    fn queue_next_due(&self) -> Result<Option<i64>> {
        SqliteBackend::queue_next_due(self)
    }

    fn queue_list(&self) -> Result<Vec<QueueEntry>> {
        SqliteBackend::queue_list(self)
    }

    fn queue_entry(&self, id: QueueId) -> Result<QueueEntry> {
        SqliteBackend::queue_entry(self, id)
    }

    fn read_blob(&self, hash: &str) -> Result<Vec<u8>> {
        SqliteBackend::read_blob(self, hash)
    }

    fn queue_record(
        &self,
        id: QueueId,
        outcomes: Vec<RecipientOutcome>,
        now: i64,
        next_attempt: i64,
        delay_notified: bool,
    ) -> Result<bool> {
        SqliteBackend::queue_record(self, id, outcomes, now, next_attempt, delay_notified)
    }

    fn queue_retry(&self, id: Option<QueueId>) -> Result<usize> {
        SqliteBackend::queue_retry(self, id)
    }

    fn queue_remove(&self, id: QueueId) -> Result<()> {
        SqliteBackend::queue_remove(self, id)
    }
}

impl backend::Usage for SqliteBackend {
    fn count(&self, account: AccountId, counter: UsageCounter, n: u64) {
        SqliteBackend::count(self, account, counter, n)
    }

    fn flush_usage(&self) -> Result<()> {
        SqliteBackend::flush_usage(self)
    }

    fn add_usage(&self, day: i64, counts: Vec<(AccountId, UsageCounter, u64)>) -> Result<()> {
        SqliteBackend::add_usage(self, day, counts)
    }

    fn usage_between(&self, from: i64, to: i64) -> Result<Vec<UsageDay>> {
        SqliteBackend::usage_between(self, from, to)
    }

    fn usage_activity(&self, from: i64, to: i64) -> Result<Vec<AccountActivity>> {
        SqliteBackend::usage_activity(self, from, to)
    }
}

impl backend::Register for SqliteBackend {
    fn due_follow_ups(&self, now: i64, limit: usize) -> Result<Vec<FollowUp>> {
        SqliteBackend::due_follow_ups(self, now, limit)
    }

    fn next_follow_up(&self) -> Result<Option<i64>> {
        SqliteBackend::next_follow_up(self)
    }

    fn claim_follow_ups(
        &self,
        reminded: Vec<i64>,
        escalated: Vec<i64>,
        now: i64,
    ) -> Result<(Vec<i64>, Vec<i64>)> {
        SqliteBackend::claim_follow_ups(self, reminded, escalated, now)
    }

    fn flag_copies(&self, account: AccountId, content: i64) -> Result<()> {
        SqliteBackend::flag_copies(self, account, content)
    }

    fn clerks_of(&self, account: AccountId) -> Result<Vec<String>> {
        SqliteBackend::clerks_of(self, account)
    }

    fn record_document(&self, document: NewDocument) {
        SqliteBackend::record_document(self, document)
    }

    fn documents_between(&self, from: i64, to: i64) -> Result<Vec<DocumentEntry>> {
        SqliteBackend::documents_between(self, from, to)
    }

    fn receipts_wakeup(&self) -> Arc<tokio::sync::Notify> {
        SqliteBackend::receipts_wakeup(self)
    }

    fn record_tracked_document(&self, document: crate::NewDocument, tracking: Tracking) {
        SqliteBackend::record_tracked_document(self, document, tracking)
    }

    fn pending_receipts(&self, limit: usize) -> Result<Vec<PendingReceipt>> {
        SqliteBackend::pending_receipts(self, limit)
    }

    fn settle_receipts(&self, document: i64, agency: Option<i64>, how: Settle) -> Result<bool> {
        SqliteBackend::settle_receipts(self, document, agency, how)
    }

    fn settle_many_receipts(&self, groups: Vec<(i64, Option<i64>, Settle)>) -> Result<bool> {
        SqliteBackend::settle_many_receipts(self, groups)
    }

    fn record_receipt(&self, report: ReceiptReport) {
        SqliteBackend::record_receipt(self, report)
    }

    fn tracked_documents(
        &self,
        filter: &TrackingFilter,
    ) -> Result<Vec<(TrackedDocument, Vec<RecipientStatus>)>> {
        SqliteBackend::tracked_documents(self, filter)
    }
}

impl backend::Recall for SqliteBackend {
    fn record_recallable(&self, d: RecallableDocument) -> Result<()> {
        SqliteBackend::record_recallable(self, d)
    }

    fn recallable(&self, message_id: &str, sent: bool) -> Result<Vec<RecallableDocument>> {
        SqliteBackend::recallable(self, message_id, sent)
    }

    fn request_recall(
        &self,
        kind: RecallKind,
        account: Option<AccountId>,
        message_id: &str,
        requester: Option<&str>,
    ) -> Result<i64> {
        SqliteBackend::request_recall(self, kind, account, message_id, requester)
    }

    fn open_recalls(&self, limit: usize) -> Result<Vec<RecallRequest>> {
        SqliteBackend::open_recalls(self, limit)
    }

    fn recall_requests(&self, limit: usize) -> Result<Vec<RecallRequest>> {
        SqliteBackend::recall_requests(self, limit)
    }

    fn recall_request(&self, id: i64) -> Result<RecallRequest> {
        SqliteBackend::recall_request(self, id)
    }

    fn finish_recall(&self, id: i64, state: RecallState, outcome: &str) -> Result<()> {
        SqliteBackend::finish_recall(self, id, state, outcome)
    }

    fn may_recall(&self, account: AccountId, sender: AccountId) -> Result<bool> {
        SqliteBackend::may_recall(self, account, sender)
    }

    fn take_out_copies(
        &self,
        request: i64,
        message_id: &str,
        sender: &str,
        keep: Option<AccountId>,
        by: &str,
    ) -> Result<Vec<RecalledCopy>> {
        SqliteBackend::take_out_copies(self, request, message_id, sender, keep, by)
    }

    fn recalled_copies(&self, account: AccountId) -> Result<Vec<(Option<String>, u32)>> {
        SqliteBackend::recalled_copies(self, account)
    }

    fn purge_recalled(&self, before: i64) -> Result<usize> {
        SqliteBackend::purge_recalled(self, before)
    }
}

impl backend::Quarantine for SqliteBackend {
    fn quarantine(
        &self,
        raw: Arc<[u8]>,
        meta: MessageMeta,
        sender: &str,
        recipients: &[AccountId],
        reason: &str,
    ) -> Result<i64> {
        SqliteBackend::quarantine(self, raw, meta, sender, recipients, reason)
    }

    fn quarantine_list(&self) -> Result<Vec<Quarantined>> {
        SqliteBackend::quarantine_list(self)
    }

    fn quarantine_get(&self, id: i64) -> Result<Quarantined> {
        SqliteBackend::quarantine_get(self, id)
    }

    fn quarantine_release(&self, id: i64, keywords: Vec<String>) -> Result<Vec<Delivered>> {
        SqliteBackend::quarantine_release(self, id, keywords)
    }

    fn quarantine_delete(&self, id: i64) -> Result<()> {
        SqliteBackend::quarantine_delete(self, id)
    }
}

impl backend::Maintenance for SqliteBackend {
    fn backup(&self, dest: &Path) -> Result<BackupReport> {
        SqliteBackend::backup(self, dest)
    }

    fn check(&self, deep: bool, repair: bool) -> Result<CheckReport> {
        SqliteBackend::check(self, deep, repair)
    }

    fn gauges(&self) -> Result<Gauges> {
        SqliteBackend::gauges(self)
    }
}
