-- Full-text search (SQLite's migrations 8 and 13): the text of each content in
-- storage::text::search_form (diacritics folded, lower case, white space one space, done in
-- Rust before it is stored, the same function as SQLite's index and the searched string
-- use), found by substring with pg_trgm's trigram GIN indexes. SQLite's FTS5 table uses the
-- trigram tokenizer, so a search there is a substring test (IMAP SEARCH's semantics, RFC 9051
-- §6.4.4); a tsvector would match whole words only ("guyen" would not find "nguyen"), so the
-- trigram index is what gives equal results. pg_trgm is in Debian's postgresql package and is
-- a trusted extension (PostgreSQL 13+): the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE search_index (
    content_id  BIGINT PRIMARY KEY REFERENCES contents(id) ON DELETE CASCADE,
    subject     TEXT NOT NULL,
    from_addr   TEXT NOT NULL,
    to_addr     TEXT NOT NULL,
    cc_addr     TEXT NOT NULL,
    body        TEXT NOT NULL,
    header      TEXT NOT NULL
);
CREATE INDEX search_index_subject ON search_index USING gin (subject gin_trgm_ops);
CREATE INDEX search_index_from ON search_index USING gin (from_addr gin_trgm_ops);
CREATE INDEX search_index_to ON search_index USING gin (to_addr gin_trgm_ops);
CREATE INDEX search_index_cc ON search_index USING gin (cc_addr gin_trgm_ops);
CREATE INDEX search_index_body ON search_index USING gin (body gin_trgm_ops);
CREATE INDEX search_index_header ON search_index USING gin (header gin_trgm_ops);
