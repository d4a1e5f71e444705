-- govmail schema, migration 16: what outbound TLS remembers (issue 21, item 5).
--
-- MTA-STS policies of other domains (RFC 8461 §5.1): kept across restarts with the id of the
-- TXT record they were fetched under, so a policy is fetched again only when that id changes
-- or max_age runs out, and a cached unexpired policy keeps protecting delivery when the
-- policy host cannot be reached (an attacker blocking HTTPS must not downgrade us).
CREATE TABLE mta_sts_policies (
    domain TEXT PRIMARY KEY,      -- the recipient domain, lower case
    id TEXT NOT NULL,             -- the TXT record's id= when the policy was fetched
    policy TEXT NOT NULL,         -- the policy file, as parsed and written back
    fetched_at INTEGER NOT NULL,  -- Unix seconds
    expires_at INTEGER NOT NULL   -- fetched_at + max_age
);

-- TLS-RPT (RFC 8460): the day's count of TLS sessions per policy domain, policy and result,
-- until the daily report takes them. A success has result_type ''.
CREATE TABLE tls_report_results (
    day INTEGER NOT NULL,             -- days since 1970-01-01, UTC
    domain TEXT NOT NULL,             -- the policy domain (the recipient domain)
    policy_type TEXT NOT NULL,        -- 'sts' | 'tlsa' | 'no-policy-found' (§4.4)
    policy_string TEXT NOT NULL,      -- the policy's lines, joined by '\n'
    mx_host TEXT NOT NULL,            -- the MX host (or '' when none was reached)
    result_type TEXT NOT NULL,        -- '' for a success, else a §4.3 result type
    receiving_ip TEXT NOT NULL,       -- '' when unknown
    count INTEGER NOT NULL,
    PRIMARY KEY (day, domain, policy_type, policy_string, mx_host, result_type, receiving_ip)
) WITHOUT ROWID;
