-- govmail schema, migration 2: the outbound queue.
--
-- A queued message holds one reference on its content row (contents.refs counts messages rows
-- and queue rows), so the blob stays until every remote recipient is done.

CREATE TABLE queue (
    id              INTEGER PRIMARY KEY,
    content_id      INTEGER NOT NULL REFERENCES contents(id),
    sender          TEXT NOT NULL,             -- envelope sender; '' is the null sender (DSNs)
    envid           TEXT,                      -- RFC 3461 ENVID
    ret_full        INTEGER NOT NULL DEFAULT 0, -- RFC 3461 RET=FULL (else headers only)
    account_id      INTEGER REFERENCES accounts(id), -- the authenticated submitter, if any
    created_at      INTEGER NOT NULL,
    next_attempt    INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    delay_notified  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX queue_due ON queue(next_attempt);

CREATE TABLE queue_recipients (
    queue_id        INTEGER NOT NULL REFERENCES queue(id),
    address         TEXT NOT NULL,
    orcpt           TEXT,                      -- RFC 3461 ORCPT address (xtext decoded, rfc822 type)
    notify          INTEGER NOT NULL DEFAULT 0, -- RFC 3461 NOTIFY bits, see queue.rs
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    last_attempt    INTEGER,
    last_reply      TEXT,                      -- the remote reply or our error
    status          TEXT,                      -- enhanced status code of the last outcome
    remote_mta      TEXT,
    PRIMARY KEY (queue_id, address)
) WITHOUT ROWID;
