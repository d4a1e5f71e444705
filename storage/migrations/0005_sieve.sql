-- govmail schema, migration 5: Sieve filters (RFC 5228) managed with `govmail sieve` and
-- ManageSieve (RFC 5804), and the vacation replies already sent (RFC 5230 §4.2).

CREATE TABLE sieve_scripts (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    name        TEXT NOT NULL,                 -- RFC 5804 §1.6: UTF-8, no control characters
    content     TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    version     INTEGER NOT NULL,              -- the sieve_generation of its last change
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, name)
) WITHOUT ROWID;
-- RFC 5804 §2.8: at most one active script per account.
CREATE UNIQUE INDEX sieve_scripts_one_active ON sieve_scripts(account_id) WHERE active = 1;

-- Bumped by every change to any script: delivery reads this one number per message and
-- reloads its list of accounts with an active script only when it moved (possibly changed by
-- another process, `govmail sieve put`).
CREATE TABLE sieve_generation (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    value   INTEGER NOT NULL
);
INSERT INTO sieve_generation (id, value) VALUES (1, 0);

-- A vacation reply sent to `sender` for `handle` (RFC 5230 §4.2): no other reply to the same
-- sender for the same handle before `expires_at`.
CREATE TABLE vacation_sent (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    sender      TEXT NOT NULL,                 -- lowercase envelope sender
    handle      TEXT NOT NULL,
    sent_at     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (account_id, sender, handle)
) WITHOUT ROWID;
