-- govmail schema, migration 11: the last UIDVALIDITY given out, kept so that none is ever
-- given twice (RFC 9051 §2.3.1.1: a name's UIDVALIDITY must change when its UIDs can no
-- longer be trusted). New mailboxes used to take max(uidvalidity) + 1 over the mailboxes
-- that still exist, so a mailbox deleted and re-created within the same second got its old
-- value back and caching clients showed another message under a UID they had cached.
-- One row per named counter; 'uidvalidity' is the only one so far.
CREATE TABLE counters (
    name    TEXT PRIMARY KEY,
    value   INTEGER NOT NULL
) WITHOUT ROWID;
-- Values given out before this migration are not all known any more (those of deleted
-- mailboxes are gone), but they were time-based: start above both the existing ones and
-- the clock.
INSERT INTO counters (name, value)
    SELECT 'uidvalidity',
           max(coalesce(max(uidvalidity), 0), CAST(strftime('%s', 'now') AS INTEGER))
    FROM mailboxes;
