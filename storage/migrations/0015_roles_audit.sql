-- govmail schema, migration 15: roles for the web console (issue 25) and the audit log.
--
-- A role is granted on an account with `govmail user role add`: `admin` (the administrators'
-- desk, everywhere) or `report-viewer` of an agency, which sees the usage figures of that
-- agency's subtree (a Sở sees its own units, the province sees all). An account may view
-- several subtrees (one row each). A role goes with its account or agency.
CREATE TABLE account_roles (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'report-viewer')),
    agency_id   INTEGER REFERENCES agencies(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    -- An administrator is not scoped; a report viewer always is.
    CHECK ((role = 'admin') = (agency_id IS NULL))
);
CREATE UNIQUE INDEX account_roles_one ON account_roles(account_id, role, ifnull(agency_id, 0));

-- Who did what, when, from where: every change made on the web console or with a role
-- command, and every refused attempt to reach data outside one's role. Kept for ever (it is
-- small); `govmail audit` lists it.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,              -- Unix seconds
    actor   TEXT NOT NULL,                 -- an account's address, or `cli:<user>` for the shell
    action  TEXT NOT NULL,                 -- e.g. `role.add`, `password.change`, `report.denied`
    target  TEXT,                          -- what it was done to (an address, an agency code)
    detail  TEXT,                          -- anything else worth keeping, never a password
    source  TEXT NOT NULL                  -- the client's IP address, or `cli`
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor, at);
