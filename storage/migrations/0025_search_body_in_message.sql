-- govmail schema, migration 25: a long body text is not written twice (issue 20).
--
-- search_text kept every content's body text in search form beside the message itself, and
-- the WAL and its checkpoint wrote it twice more: for a 100 KB text message, half of the
-- ~400 KB a delivery wrote. A body text longer than storage::search::KEEP_BODY_MAX is now
-- stored empty with `body_in_message = 1`: a SEARCH BODY or TEXT candidate whose body must be
-- checked has it read again from its message (the same parse and search form as at delivery).
-- Rows written before keep their text (0).
ALTER TABLE search_text ADD COLUMN body_in_message INTEGER NOT NULL DEFAULT 0;
