-- govmail schema, migration 23: a smaller, cheaper full-text index, exact all the same (issue 20).
--
-- The trigram index of migration 13 (detail=full) made FTS5 tokenize and hash every character
-- of every message, and keep each trigram's positions: about 1.2 million instructions per 4 KB
-- message, a third of a delivery, and an index four times the size of the text.
--
-- * `search_index` now holds, per content, each distinct trigram of each field once, as a
--   term of its own (field letter + the trigram's UTF-8 in hex, storage::search), with no
--   positions (detail=none). A search asks for the contents having every trigram of the string
--   in the field: the candidates.
-- * `search_text` keeps the fields' text in search form, as they were indexed; each candidate
--   is checked against it, so that the answer is exactly "the field contains the string"
--   (RFC 9051 §6.4.4), as before: a content with all the trigrams in another order is not one.
--
-- Every content is queued (indexed = 0) and re-read from its blob, by the backlog at start and,
-- for a mailbox, before its first SEARCH or SORT, as after migration 13.
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    terms,
    content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
);
CREATE TABLE search_text (
    content_id INTEGER PRIMARY KEY,   -- contents.id
    subject TEXT NOT NULL,
    from_addr TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    cc_addr TEXT NOT NULL,
    body TEXT NOT NULL,
    header TEXT NOT NULL
);
UPDATE contents SET indexed = 0;
