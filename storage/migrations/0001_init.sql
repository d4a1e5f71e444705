-- govmail schema, migration 1. Times are Unix seconds (UTC). Days are days since 1970-01-01
-- in Vietnam time (UTC+7), the calendar the reports speak.

CREATE TABLE domains (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,          -- lowercase, e.g. quangngai.gov.vn
    created_at  INTEGER NOT NULL
);

-- Agencies (cơ quan, đơn vị) form a tree of any depth.
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,                 -- with diacritics, exactly as given
    parent_id   INTEGER REFERENCES agencies(id),
    headcount   INTEGER CHECK (headcount IS NULL OR headcount >= 0), -- số biên chế, own staff only
    created_at  INTEGER NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    address         TEXT NOT NULL UNIQUE,      -- lowercase local@domain
    domain_id       INTEGER NOT NULL REFERENCES domains(id),
    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
    kind            TEXT NOT NULL CHECK (kind IN ('personal', 'unit')),
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,             -- argon2 PHC string
    status          TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'removed')),
    quota_bytes     INTEGER,                   -- NULL: unlimited
    quota_messages  INTEGER,                   -- NULL: unlimited
    used_bytes      INTEGER NOT NULL DEFAULT 0, -- kept in the same transactions as messages
    used_messages   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);
CREATE INDEX accounts_agency ON accounts(agency_id);
CREATE INDEX accounts_domain ON accounts(domain_id);

CREATE TABLE aliases (
    address     TEXT PRIMARY KEY,              -- lowercase local@domain
    account_id  INTEGER NOT NULL REFERENCES accounts(id)
);
CREATE INDEX aliases_account ON aliases(account_id);

CREATE TABLE mailboxes (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    name            TEXT NOT NULL,             -- UTF-8, hierarchy separator '/'
    special_use     TEXT,                      -- \Sent, \Drafts, \Trash, \Junk, \Archive
    uidvalidity     INTEGER NOT NULL,
    uidnext         INTEGER NOT NULL DEFAULT 1,
    highest_modseq  INTEGER NOT NULL DEFAULT 1,
    subscribed      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (account_id, name)
);
-- New mailboxes take max(uidvalidity) + 1: keep that lookup O(log n).
CREATE INDEX mailboxes_uidvalidity ON mailboxes(uidvalidity);

-- One row per distinct message content: a circular to 3,000 staff is one row and one blob.
CREATE TABLE contents (
    id          INTEGER PRIMARY KEY,
    blob        TEXT NOT NULL UNIQUE,          -- SHA-256 of the raw message, hex
    size        INTEGER NOT NULL,
    refs        INTEGER NOT NULL,              -- messages rows pointing here
    subject     TEXT,
    from_addr   TEXT,
    to_addr     TEXT,
    cc_addr     TEXT,
    message_id  TEXT,
    sent_date   INTEGER                        -- Date: header, Unix seconds
);

CREATE TABLE messages (
    mailbox_id      INTEGER NOT NULL REFERENCES mailboxes(id),
    uid             INTEGER NOT NULL,          -- never changes, strictly increases per mailbox
    content_id      INTEGER NOT NULL REFERENCES contents(id),
    flags           INTEGER NOT NULL DEFAULT 0, -- bitmask of system flags, see flags.rs
    keywords        TEXT,                      -- space-separated keywords, NULL when none
    modseq          INTEGER NOT NULL,
    internal_date   INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX messages_content ON messages(content_id);

-- Expunged UIDs with the MODSEQ of their removal, for QRESYNC VANISHED (RFC 7162 §3.2.10).
CREATE TABLE expunged (
    mailbox_id  INTEGER NOT NULL,
    uid         INTEGER NOT NULL,
    modseq      INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;

-- Per account per day counters: the raw material of the usage reports.
CREATE TABLE usage_daily (
    account_id          INTEGER NOT NULL REFERENCES accounts(id),
    day                 INTEGER NOT NULL,
    logins_imap         INTEGER NOT NULL DEFAULT 0,
    logins_pop3         INTEGER NOT NULL DEFAULT 0,
    logins_smtp         INTEGER NOT NULL DEFAULT 0,
    logins_sieve        INTEGER NOT NULL DEFAULT 0,
    sent                INTEGER NOT NULL DEFAULT 0,
    received            INTEGER NOT NULL DEFAULT 0,
    official_sent       INTEGER NOT NULL DEFAULT 0,
    official_received   INTEGER NOT NULL DEFAULT 0,
    secret_refused      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, day)
) WITHOUT ROWID;
