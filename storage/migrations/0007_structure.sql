-- govmail schema, migration 7: the ENVELOPE and MIME structure of each content (versioned
-- JSON, see storage/src/structure.rs), so that IMAP FETCH ENVELOPE/BODYSTRUCTURE and
-- BODY[part] never re-parse the message. NULL for contents stored before this migration:
-- computed from the blob on first FETCH and written back.
ALTER TABLE contents ADD COLUMN structure TEXT;
