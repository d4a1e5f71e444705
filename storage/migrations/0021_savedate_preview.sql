-- govmail schema, migration 21: SAVEDATE (RFC 8514) and PREVIEW (RFC 8970) for IMAP.
--
-- * messages.save_date: when the message was saved into its mailbox (APPEND, delivery, COPY,
--   MOVE), Unix seconds. Messages saved before this migration have none: FETCH SAVEDATE
--   answers NIL for them (RFC 8514 §4 allows it) and SEARCH SAVED* never matches them.
-- * contents.preview: the message's preview text (at most 256 characters), computed once from
--   the start of the message the first time a client asks for it, then kept; NULL until then.
ALTER TABLE messages ADD COLUMN save_date INTEGER;
ALTER TABLE contents ADD COLUMN preview TEXT;
