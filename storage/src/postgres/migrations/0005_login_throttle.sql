-- govmail's PostgreSQL schema, migration 5: login throttling shared by the nodes (issue 23:
-- "a brute force spread over nodes is still throttled"). auth::throttle's leaky buckets, one
-- row each: the time (milliseconds since the Unix epoch) the bucket will be empty. Keys are
-- the throttle's own ("pair:", "source:", "account:", "turn:" and what follows). UNLOGGED:
-- throttling counts are not worth a WAL record each, and a crash of the database forgetting
-- them is what a restart of a one-node server does too.
CREATE UNLOGGED TABLE login_buckets (
    key       TEXT PRIMARY KEY,
    empty_at  BIGINT NOT NULL
);
CREATE INDEX login_buckets_empty_at ON login_buckets(empty_at);

-- The networks each account logged in from successfully, with the last time (ms): logins from
-- them skip the account-wide slowdown. Logged: losing them would slow the owners down.
CREATE TABLE login_networks (
    account   TEXT NOT NULL,
    network   TEXT NOT NULL,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (account, network)
);
