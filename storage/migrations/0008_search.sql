-- govmail schema, migration 8: the full-text index behind IMAP SEARCH.
--
-- One row per content (rowid = contents.id): a circular to 3,000 staff is indexed once. The
-- text is stored already folded (storage::text::search_form: no diacritics, đ → d, lowercase,
-- white space collapsed), so "giay moi" and "Giấy mời" meet in the same form. The trigram
-- tokenizer makes any substring of three characters or more findable from the index, which is
-- what SEARCH asks (RFC 9051 §6.4.4: substring match). Contentless: the text is not kept a
-- second time; contentless_delete lets a row go when its content does.
CREATE VIRTUAL TABLE search_index USING fts5(
    subject, from_addr, to_addr, cc_addr, body,
    content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);

-- 1 once the content is in search_index. Contents stored before this migration are indexed
-- from their blobs the first time their mailbox is searched.
ALTER TABLE contents ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX contents_unindexed ON contents(id) WHERE indexed = 0;
