-- govmail schema, migration 14: small messages kept inside the database (issue 20).
--
-- A message of at most storage::blob::INLINE_MAX bytes is no longer a file under blobs/ but a
-- row here, named by the same SHA-256 as its contents row. It becomes durable with the
-- transaction that stores its metadata: the writer's one group commit (one WAL fsync) makes a
-- whole batch of deliveries durable, where a file cost its own fsync, a rename and a directory
-- fsync before that commit could start. Larger messages stay files. Contents stored before
-- this migration keep their files; readers look here first, then in blobs/.
CREATE TABLE inline_blobs (
    blob TEXT PRIMARY KEY,        -- contents.blob of the message
    data BLOB NOT NULL            -- the raw message, byte for byte
);
