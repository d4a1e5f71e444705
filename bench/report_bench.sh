#!/usr/bin/env bash
# The usage-report benchmark of issue 6: a year's report for 10,000 accounts with daily
# activity (3.65 M account-days), timed with hyperfine if present, else `time`.
#
#   cargo build --release -p govmail && bash bench/report_bench.sh [WORKDIR]
#
# Builds the data set once in WORKDIR (default /tmp/govmail-report-bench): a province
# (TINH) with 100 agencies (AG000..AG099), 10,000 staff from gen_staff.py, and one
# usage_daily row per account per day of 2026 written straight into SQLite (the counters'
# own path is measured by the SMTP/IMAP benchmarks, not here).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
WORK=${1:-/tmp/govmail-report-bench}
export GOVMAIL_CONFIG="$WORK/srv/govmail.toml"

if [ ! -f "$WORK/srv/data/govmail.db" ]; then
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$BIN" init "$WORK/srv" --domain bench.gov.vn >/dev/null
  "$BIN" agency add TINH "Ủy ban nhân dân tỉnh" --headcount 50 >/dev/null
  for i in $(seq 0 99); do
    code=$(printf 'AG%03d' "$i")
    "$BIN" agency add "$code" "Đơn vị $i" --parent TINH --headcount 110 >/dev/null
  done
  python3 bench/gen_staff.py 10000 > "$WORK/staff.csv"
  "$BIN" user import "$WORK/staff.csv" --out "$WORK/passwords.csv" >/dev/null
  # Days 20454..20818 are 2026-01-01..2026-12-31. Activity varies by account and day so
  # that some users are regular and some are not.
  sqlite3 "$WORK/srv/data/govmail.db" "
    WITH RECURSIVE d(day) AS (SELECT 20454 UNION ALL SELECT day + 1 FROM d WHERE day < 20818)
    INSERT INTO usage_daily (account_id, day, logins_imap, logins_smtp, sent, received,
                             official_sent, official_received)
    SELECT a.id, d.day,
           CASE WHEN (a.id * 7 + d.day) % (a.id % 9 + 2) = 0 THEN 1 ELSE 0 END,
           (a.id + d.day) % 2, (a.id + d.day) % 4, (a.id * 3 + d.day) % 5,
           CASE WHEN (a.id + d.day) % 11 = 0 THEN 1 ELSE 0 END, (a.id + d.day) % 3
    FROM accounts a, d;"
  echo "account-days: $(sqlite3 "$WORK/srv/data/govmail.db" 'SELECT count(*) FROM usage_daily')"
fi

for format in json table html; do
  cmd="$BIN report usage --period 2026 --format $format --out $WORK/report.$format"
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 5 "$cmd"
  else
    echo "$cmd"; for _ in 1 2 3; do /usr/bin/time -f "%e s, %M KB max RSS" $cmd; done
  fi
done
