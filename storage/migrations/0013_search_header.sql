-- govmail schema, migration 13: SEARCH as RFC 9051 §6.4.4 words it.
--
-- * TEXT matches "the header (including MIME header fields) or body": the index gains a
--   `header` column holding every header field ("Name: value", encoded words decoded, in
--   storage::text::search_form); before, TEXT saw only subject, addresses and body.
-- * FROM/TO/CC match the envelope's address fields, groups included: the address columns now
--   keep group names (`Phòng Tổng hợp: <a@x.gov.vn>, <b@y.gov.vn>;`, `undisclosed-recipients:;`).
-- * SENTBEFORE/SENTON/SENTSINCE compare the day the Date: header names, as written,
--   "disregarding time and timezone": `sent_day` (days since 1970-01-01) keeps it; sent_date
--   (UTC seconds) stays for SORT DATE (RFC 5256 §2.2).
--
-- An FTS5 table cannot gain a column, so the index is made again: every content is queued
-- (indexed = 0) and re-read from its blob, by the backlog at start and, for a mailbox, before
-- its first SEARCH or SORT; that pass also rewrites the address columns and fills sent_day.
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5(
    subject, from_addr, to_addr, cc_addr, body, header,
    content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);
ALTER TABLE contents ADD COLUMN sent_day INTEGER;
UPDATE contents SET indexed = 0;
