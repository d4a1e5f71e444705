-- govmail schema, migration 10: IMAP4rev1's \Recent flag (RFC 3501 §2.3.2). A message is
-- recent in the first session that selects its mailbox read-write after it arrived, and in
-- no other: each mailbox keeps the highest UID some session has claimed so. Messages already
-- stored when this migration runs count as seen by a session.
ALTER TABLE mailboxes ADD COLUMN recent_uid INTEGER NOT NULL DEFAULT 0;
UPDATE mailboxes SET recent_uid = uidnext - 1;
