-- govmail schema, migration 22: what THREAD (RFC 5256 §4) and THREADID (RFC 8474 §5.2) read.
--
-- `thread_refs` holds the message IDs a content refers to, oldest first, space-separated and
-- without angle brackets: those of its References header, or, when it has none that can be
-- read, the first of In-Reply-To (RFC 5256 §4, step 1A). Computed at delivery from the one
-- parse (storage::thread::thread_refs); '' when the message refers to nothing. NULL marks a
-- content stored before this migration: its header is read once from the blob, on the first
-- THREAD of a mailbox holding it, and the column written back.
ALTER TABLE contents ADD COLUMN thread_refs TEXT;
