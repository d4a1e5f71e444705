-- govmail schema, migration 12: IMAP subscriptions as a list of names of their own
-- (RFC 9051 §6.3.7-6.3.8), no longer a column of the mailbox row. A subscribed name need not
-- exist (a deleted mailbox stays subscribed: the server must not drop it on its own), and
-- CREATE, DELETE and RENAME leave the list alone (RFC 9051 §6.3.6: renaming does not update
-- subscriptions). Names are stored normalised, as mailbox names are.
CREATE TABLE subscriptions (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
) WITHOUT ROWID;
INSERT INTO subscriptions (account_id, name)
    SELECT account_id, name FROM mailboxes WHERE subscribed != 0;
ALTER TABLE mailboxes DROP COLUMN subscribed;
