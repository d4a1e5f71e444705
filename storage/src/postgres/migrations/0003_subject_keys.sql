-- SORT's and THREAD's subject keys, stored at delivery (SQLite's migration 24): the base
-- subject of RFC 5256 §2.1 in i;unicode-casemap form (`sort_subject`), THREAD's base subject
-- and whether the subject marked a reply or forward (`thread_subject`, `thread_reply`), all
-- computed in Rust by storage::subject::SubjectKeys, as SQLite does. NULL for contents stored
-- before this migration: filled from the stored subject on their first SORT or THREAD.
ALTER TABLE contents ADD COLUMN sort_subject TEXT;
ALTER TABLE contents ADD COLUMN thread_subject TEXT;
ALTER TABLE contents ADD COLUMN thread_reply BOOLEAN;
