-- The body's trigrams made by govmail (storage/src/postgres/trigram.rs), not by pg_trgm: each
-- body's distinct trigrams, hashed to int4, in an array with a plain GIN index (array_ops,
-- built in). pg_trgm's gin_trgm_ops spent about 150 µs extracting the trigrams of a 4 KiB body
-- at each index flush, most of the database's cost for the index and the largest item of its
-- CPU per delivered message; the nodes now do it, off the delivery's path. A body search is
-- `body_trgm @> needle's trigrams AND body LIKE pattern`: the index narrows, LIKE decides, so
-- the results are unchanged (the other fields keep their pg_trgm indexes: short texts).
-- Rows indexed before have no trigrams (NULL) until the nodes fill them in from their stored
-- body (search::fill_trigrams, a batch a second); searches test those by LIKE alone, found
-- through the partial index below.
ALTER TABLE search_index ADD COLUMN body_trgm INT4[];
DROP INDEX search_index_body;
CREATE INDEX search_index_body_trgm ON search_index USING gin (body_trgm);
CREATE INDEX search_index_no_trgm ON search_index (content_id) WHERE body_trgm IS NULL;
