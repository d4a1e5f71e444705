-- govmail schema, migration 20: recall of official documents sent by mistake
-- (Nghị định 30/2020/NĐ-CP Điều 18.4b; issue 22 item 4).

-- Official documents with their Message-ID, written when they are submitted by one of our
-- accounts ('sent') or delivered to one of them from outside ('received'). `sender` is the
-- From address as it was at that moment: a recall notice from another server is honoured
-- only when it comes from that address.
CREATE TABLE recall_documents (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL,             -- without angle brackets
    direction       TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    sender          TEXT NOT NULL,             -- lowercase From address
    sender_account  INTEGER,                   -- the submitting account ('sent')
    doc_type        TEXT,
    number          TEXT,
    subject         TEXT,
    remote_recipients TEXT NOT NULL DEFAULT '', -- space-separated envelope recipients not ours
    at              INTEGER NOT NULL,
    recalled_at     INTEGER,
    recalled_by     TEXT
);
CREATE INDEX recall_documents_message_id ON recall_documents(message_id);

-- Recall requests, written before anything is done so that a crash resumes them.
-- kind 'mailbox': a message was copied or moved into a \X-Recall mailbox (the trigger below,
-- in the same transaction as the COPY/MOVE/APPEND); 'admin': `govmail recall`;
-- 'remote': an authenticated recall notice from the document's sending server.
-- state: 'pending' → 'moved' (recipients' copies taken out, notices owed) → 'done' or
-- 'refused'.
CREATE TABLE recall_requests (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('mailbox', 'admin', 'remote')),
    account_id  INTEGER,                       -- who asks (the mailbox's owner, --by)
    mailbox_id  INTEGER,                       -- 'mailbox': where the copy was put
    uid         INTEGER,
    message_id  TEXT,                          -- 'admin', 'remote'
    requester   TEXT,                          -- 'remote': the notice's From
    state       TEXT NOT NULL DEFAULT 'pending',
    outcome     TEXT,                          -- JSON: reached recipients, or why refused
    done_at     INTEGER
);
CREATE INDEX recall_requests_open ON recall_requests(id) WHERE state IN ('pending', 'moved');

-- The exchange register says which entries were recalled, when and by whom.
ALTER TABLE documents ADD COLUMN recalled_at INTEGER;
ALTER TABLE documents ADD COLUMN recalled_by TEXT;

-- Finding every local copy of a document by its Message-ID.
CREATE INDEX contents_message_id ON contents(message_id) WHERE message_id IS NOT NULL;

CREATE TRIGGER recall_on_insert AFTER INSERT ON messages
WHEN (SELECT special_use FROM mailboxes WHERE id = NEW.mailbox_id) = '\X-Recall'
BEGIN
    INSERT INTO recall_requests (at, kind, account_id, mailbox_id, uid)
    VALUES (CAST(strftime('%s', 'now') AS INTEGER), 'mailbox',
            (SELECT account_id FROM mailboxes WHERE id = NEW.mailbox_id),
            NEW.mailbox_id, NEW.uid);
END;

-- Existing accounts get the "Thu hồi" folder too (new ones get it with the other special
-- folders). A folder of that name the user made already becomes the recall folder.
UPDATE mailboxes SET special_use = '\X-Recall' WHERE name = 'Thu hồi' AND special_use IS NULL;
INSERT INTO mailboxes (account_id, name, special_use, uidvalidity)
    SELECT a.id, 'Thu hồi', '\X-Recall',
           (SELECT value FROM counters WHERE name = 'uidvalidity') + row_number() OVER (ORDER BY a.id)
    FROM accounts a
    WHERE NOT EXISTS (SELECT 1 FROM mailboxes m WHERE m.account_id = a.id AND m.name = 'Thu hồi');
UPDATE counters SET value = max(value, (SELECT coalesce(max(uidvalidity), 0) FROM mailboxes))
    WHERE name = 'uidvalidity';
INSERT OR IGNORE INTO subscriptions (account_id, name)
    SELECT account_id, name FROM mailboxes WHERE special_use = '\X-Recall';
