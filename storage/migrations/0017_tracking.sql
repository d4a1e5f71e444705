-- govmail schema, migration 17: receipt and read tracking of official documents (issue 22
-- item 2; Nghị định 30/2020/NĐ-CP Điều 21.2: the receiving văn thư tells the sender, the same
-- day, that the document was received).
--
-- Each register entry (documents) now keeps the document's Message-ID, by which receipts
-- from other servers find it, and one row per recipient here: local recipients with the
-- content of their copy (how a first \Seen finds its row) and the time of delivery; remote
-- recipients with what their server's receipts reported.
ALTER TABLE documents ADD COLUMN message_id TEXT;    -- without angle brackets
CREATE INDEX documents_message_id ON documents(message_id) WHERE message_id IS NOT NULL;

CREATE TABLE document_recipients (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id),
    address       TEXT NOT NULL,          -- lowercase
    account_id    INTEGER,                -- a local recipient; NULL for a remote one
    agency_id     INTEGER,                -- the local recipient's agency at delivery
    remote_agency TEXT,                   -- a remote recipient's agency, as its receipt named it
    content_id    INTEGER,                -- the local copy's content (contents.id)
    delivered_at  INTEGER,                -- Unix seconds; remote: when its receipt came
    read_at       INTEGER,                -- the first \Seen (local), or a read receipt (remote)
    -- The receipt owed to the sender for this recipient's agency:
    --   none: no receipt applies (remote recipient, null sender, automatic message)
    --   new:  delivered, mode not decided yet      wait: mode "read", not read yet
    --   due:  to be sent now                        sent: sent at receipt_at
    --   off:  the agency sends no receipts
    receipt       TEXT NOT NULL CHECK (receipt IN ('none', 'new', 'wait', 'due', 'sent', 'off')),
    receipt_at    INTEGER
);
CREATE INDEX document_recipients_document ON document_recipients(document_id);
CREATE INDEX document_recipients_content ON document_recipients(content_id)
    WHERE content_id IS NOT NULL;
-- What the receipt sender looks for: small, whatever the size of the register.
CREATE INDEX document_recipients_pending ON document_recipients(document_id, agency_id)
    WHERE receipt IN ('new', 'due');
