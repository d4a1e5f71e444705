-- govmail schema, migration 6: usage counters laid out for reports over long periods.
--
-- usage_daily is keyed by (day, account_id) instead of (account_id, day): every report asks
-- for a range of days, which is now one contiguous stretch of the table.
--
-- usage_monthly holds each account's totals per month plus a bitmap of the days it was
-- active (bit d-1 for day d of the month; "active" = logged in by any protocol or sent mail,
-- the usage report's rule). A year's report reads 12 rows per account instead of 365 (issue
-- 6: 3.65 M account-days in under a second); usage_daily serves the partial months at the
-- edges of a period. The writer keeps both in the same transaction.

CREATE TABLE usage_daily_by_day (
    day                 INTEGER NOT NULL,
    account_id          INTEGER NOT NULL REFERENCES accounts(id),
    logins_imap         INTEGER NOT NULL DEFAULT 0,
    logins_pop3         INTEGER NOT NULL DEFAULT 0,
    logins_smtp         INTEGER NOT NULL DEFAULT 0,
    logins_sieve        INTEGER NOT NULL DEFAULT 0,
    sent                INTEGER NOT NULL DEFAULT 0,
    received            INTEGER NOT NULL DEFAULT 0,
    official_sent       INTEGER NOT NULL DEFAULT 0,
    official_received   INTEGER NOT NULL DEFAULT 0,
    secret_refused      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, account_id)
) WITHOUT ROWID;

INSERT INTO usage_daily_by_day
SELECT day, account_id, logins_imap, logins_pop3, logins_smtp, logins_sieve, sent, received,
       official_sent, official_received, secret_refused
FROM usage_daily;

DROP TABLE usage_daily;
ALTER TABLE usage_daily_by_day RENAME TO usage_daily;

-- month = year * 12 + (month - 1) of the Vietnam-time calendar.
CREATE TABLE usage_monthly (
    month               INTEGER NOT NULL,
    account_id          INTEGER NOT NULL REFERENCES accounts(id),
    active_days         INTEGER NOT NULL DEFAULT 0,
    logins_imap         INTEGER NOT NULL DEFAULT 0,
    logins_pop3         INTEGER NOT NULL DEFAULT 0,
    logins_smtp         INTEGER NOT NULL DEFAULT 0,
    logins_sieve        INTEGER NOT NULL DEFAULT 0,
    sent                INTEGER NOT NULL DEFAULT 0,
    received            INTEGER NOT NULL DEFAULT 0,
    official_sent       INTEGER NOT NULL DEFAULT 0,
    official_received   INTEGER NOT NULL DEFAULT 0,
    secret_refused      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, account_id)
) WITHOUT ROWID;

-- Days are Vietnam-time day numbers (days since 1970-01-01), so date(day * 86400) is the
-- calendar date. Each (account, day) is one row, so summing the day bits is OR-ing them.
INSERT INTO usage_monthly
SELECT CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER) * 12
           + CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER) - 1 AS m,
       account_id,
       SUM(CASE WHEN logins_imap + logins_pop3 + logins_smtp + logins_sieve + sent > 0
                THEN 1 << (CAST(strftime('%d', day * 86400, 'unixepoch') AS INTEGER) - 1)
                ELSE 0 END),
       SUM(logins_imap), SUM(logins_pop3), SUM(logins_smtp), SUM(logins_sieve), SUM(sent),
       SUM(received), SUM(official_sent), SUM(official_received), SUM(secret_refused)
FROM usage_daily
GROUP BY m, account_id;
