-- govmail schema, migration 4: the exchange register (sổ theo dõi văn bản điện tử): one row
-- per official document sent, received or refused, for the reports. Agencies are recorded as
-- they were at the time of the exchange.

CREATE TABLE documents (
    id                  INTEGER PRIMARY KEY,
    at                  INTEGER NOT NULL,       -- Unix seconds
    day                 INTEGER NOT NULL,       -- days since 1970-01-01, Vietnam time
    direction           TEXT NOT NULL CHECK (direction IN ('sent', 'received', 'refused')),
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
    subject             TEXT
);
CREATE INDEX documents_day ON documents(day);
