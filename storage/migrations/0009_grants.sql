-- govmail schema, migration 9: unit mailboxes (hộp thư đơn vị, e.g. vanthu@) shared through
-- grants. A grant lets one account open a unit account's mailboxes in IMAP's shared namespace,
-- read-write or read-only; what it does there is done as the unit (its quota, its UIDs).
-- Grants go when either account is removed.
CREATE TABLE grants (
    unit_account_id     INTEGER NOT NULL REFERENCES accounts(id),
    grantee_account_id  INTEGER NOT NULL REFERENCES accounts(id),
    read_only           INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (unit_account_id, grantee_account_id),
    CHECK (unit_account_id != grantee_account_id)
) WITHOUT ROWID;
-- IMAP asks "which units may this account open?" at every LIST and shared SELECT.
CREATE INDEX grants_grantee ON grants(grantee_account_id);
