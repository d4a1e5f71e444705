-- govmail schema, migration 24: the subject keys SORT (RFC 5256 §3) and THREAD (§4) compare,
-- computed once per content at delivery (storage::subject::SubjectKeys) instead of at every
-- SORT SUBJECT or THREAD of the mailbox.
--
-- `sort_subject`: the base subject of RFC 5256 §2.1 in i;unicode-casemap form (RFC 5051),
-- compared as octets. `thread_subject`: THREAD's base subject (the Vietnamese "TL:",
-- "Trả lời:", "Chuyển tiếp:" taken as "Re:"/"Fwd:"), in the same form; `thread_reply` 1 when
-- the subject marked a reply or forward. NULL marks a content stored before this migration:
-- the keys are computed from `subject` (no blob read) on the first SORT or THREAD of a
-- mailbox holding it, and written back.
ALTER TABLE contents ADD COLUMN sort_subject TEXT;
ALTER TABLE contents ADD COLUMN thread_subject TEXT;
ALTER TABLE contents ADD COLUMN thread_reply INTEGER;
