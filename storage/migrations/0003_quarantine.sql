-- govmail schema, migration 3: the quarantine, where received mail that may not be delivered
-- (a document marked secret, Luật Bảo vệ bí mật nhà nước) waits for the administrator.
-- Like a queue entry, a quarantined message holds one reference on its content.

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    content_id  INTEGER NOT NULL REFERENCES contents(id),
    sender      TEXT NOT NULL,
    recipients  TEXT NOT NULL,                 -- account ids, space-separated
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
