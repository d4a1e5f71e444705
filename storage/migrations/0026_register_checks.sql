-- govmail schema, migration 26: the register's CHECK constraints without IN lists (issue 19,
-- the cost of the policy step).
--
-- SQLite checks `x IN ('a', 'b', 'c')` (three values or more) by building an ephemeral b-tree
-- of the list at every execution of the statement: a temporary database opened, a page
-- allocated and zeroed, the b-tree closed again. The register writes two rows per official
-- document (documents, document_recipients), and this was about 30,000 of the ~100,000
-- instructions its write took (callgrind of bench/policy_cost.sh). The same constraint
-- written as `x = 'a' OR x = 'b' …` is checked by comparisons; the values allowed are the
-- same. A CHECK constraint cannot be altered in SQLite: both tables are made again
-- (sqlite.org/lang_altertable.html §7), same columns in the same order, same indexes.
--
-- Foreign keys are on during migrations: the new document_recipients refers to the new
-- documents, so dropping the old tables finds no child row, and renaming documents_new makes
-- that reference name documents again (ALTER TABLE RENAME rewrites references).

CREATE TABLE documents_new (
    id                  INTEGER PRIMARY KEY,
    at                  INTEGER NOT NULL,       -- Unix seconds
    day                 INTEGER NOT NULL,       -- days since 1970-01-01, Vietnam time
    direction           TEXT NOT NULL
        CHECK (direction = 'sent' OR direction = 'received' OR direction = 'refused'),
    doc_type            TEXT,                   -- policy id, e.g. giay-moi
    number              TEXT,                   -- số/ký hiệu, canonical
    urgency             TEXT,
    secrecy             TEXT,
    mandatory           INTEGER NOT NULL,
    sender              TEXT NOT NULL,          -- envelope sender
    sender_agency_id    INTEGER,                -- when the sender is one of our accounts
    recipient_agencies  TEXT NOT NULL,          -- agency ids of local recipients, space-separated
    recipients_local    INTEGER NOT NULL,
    recipients_external INTEGER NOT NULL,
    subject             TEXT,
    message_id          TEXT,                   -- without angle brackets (migration 17)
    signature_status    TEXT,                   -- migration 19
    signatures          TEXT,
    recalled_at         INTEGER,                -- migration 20
    recalled_by         TEXT
);
INSERT INTO documents_new SELECT id, at, day, direction, doc_type, number, urgency, secrecy,
    mandatory, sender, sender_agency_id, recipient_agencies, recipients_local,
    recipients_external, subject, message_id, signature_status, signatures, recalled_at,
    recalled_by
FROM documents;

CREATE TABLE document_recipients_new (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents_new(id),
    address       TEXT NOT NULL,          -- lowercase
    account_id    INTEGER,                -- a local recipient; NULL for a remote one
    agency_id     INTEGER,                -- the local recipient's agency at delivery
    remote_agency TEXT,                   -- a remote recipient's agency, as its receipt named it
    content_id    INTEGER,                -- the local copy's content (contents.id)
    delivered_at  INTEGER,                -- Unix seconds; remote: when its receipt came
    read_at       INTEGER,                -- the first \Seen (local), or a read receipt (remote)
    -- The receipt owed to the sender for this recipient's agency (migration 17):
    --   none: no receipt applies (remote recipient, null sender, automatic message)
    --   new:  delivered, mode not decided yet      wait: mode "read", not read yet
    --   due:  to be sent now                        sent: sent at receipt_at
    --   off:  the agency sends no receipts
    receipt       TEXT NOT NULL
        CHECK (receipt = 'none' OR receipt = 'new' OR receipt = 'wait' OR receipt = 'due'
               OR receipt = 'sent' OR receipt = 'off'),
    receipt_at    INTEGER,
    remind_at     INTEGER,                -- migration 18
    escalate_at   INTEGER,
    reminded_at   INTEGER,
    escalated_at  INTEGER
);
INSERT INTO document_recipients_new SELECT id, document_id, address, account_id, agency_id,
    remote_agency, content_id, delivered_at, read_at, receipt, receipt_at, remind_at,
    escalate_at, reminded_at, escalated_at
FROM document_recipients;

DROP TABLE document_recipients;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
ALTER TABLE document_recipients_new RENAME TO document_recipients;

CREATE INDEX documents_day ON documents(day);
CREATE INDEX documents_message_id ON documents(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX document_recipients_document ON document_recipients(document_id);
CREATE INDEX document_recipients_content ON document_recipients(content_id)
    WHERE content_id IS NOT NULL;
CREATE INDEX document_recipients_pending ON document_recipients(document_id, agency_id)
    WHERE receipt IN ('new', 'due');
CREATE INDEX document_recipients_follow_up ON document_recipients(remind_at)
    WHERE remind_at IS NOT NULL AND read_at IS NULL AND escalated_at IS NULL;
