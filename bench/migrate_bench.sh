#!/usr/bin/env bash
# `govmail store migrate` throughput (issue 23, "moving a province"): a SQLite store of
# ACCOUNTS accounts (bench/gen_staff.py, agencies AG000..AG099), MESSAGES messages spread
# over 10 of them (`govmail import mbox`), and a year of daily usage for every account
# (365 usage_daily rows and 12 usage_monthly rows each, written with sqlite3), copied into
#   - another SQLite store (kind sqlite), and
#   - PostgreSQL 15 in a temp cluster (kind pg; blob files, not S3),
# RUNS times each, each into an empty target, then once more into the filled one (a
# catch-up run with nothing new). For each run: wall time, govmail's CPU (user + system,
# from /proc of the process after it ends, through `time`), PostgreSQL's CPU (the
# postmaster and its children, from /proc), rows per second and CPU per row. A row is a
# message or a row of the other tables (what `store migrate` prints as copied).
#
#   cargo build --release -p govmail
#   bash bench/migrate_bench.sh [ACCOUNTS=3000] [MESSAGES=10000] [RUNS=2]
#
# Environment: BIN (default target/release/govmail), WORK (/tmp/govmail-migrate-bench),
# KINDS ("sqlite pg").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
WORK=${WORK:-/tmp/govmail-migrate-bench}
ACCOUNTS=${1:-3000}
MESSAGES=${2:-10000}
RUNS=${3:-2}
KINDS=${KINDS:-sqlite pg}
HZ=$(getconf CLK_TCK)

[ -x "$BIN" ] || { echo "no $BIN: cargo build --release -p govmail" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
say() { echo "[$(date +%T)] $*" >&2; }

cleanup() {
  [ -f "$WORK/pg/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1
  return 0
}
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"

# --- the source store --------------------------------------------------------------------------
SRC=$WORK/source
say "source store: $ACCOUNTS accounts, $MESSAGES messages, a year of usage"
"$BIN" init "$SRC" --domain bench.gov.vn >/dev/null
export GOVMAIL_CONFIG="$SRC/govmail.toml"
for i in $(seq 0 99); do
  "$BIN" agency add "$(printf 'AG%03d' "$i")" "Đơn vị $i" >/dev/null
done
python3 bench/gen_staff.py "$ACCOUNTS" >"$WORK/staff.csv"
"$BIN" user import "$WORK/staff.csv" --out "$WORK/passwords.csv" >/dev/null
python3 - "$MESSAGES" "$WORK/mail.mbox" <<'EOF'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="utf-8") as out:
    for i in range(n // 10):
        body = "Kính gửi các đơn vị, đề nghị báo cáo tình hình thực hiện.\n" * (1 + i % 40)
        out.write(f"From vanthu@bench.gov.vn Mon Dec  7 08:00:00 2026\n"
                  f"From: vanthu@bench.gov.vn\nTo: nhanvien@bench.gov.vn\n"
                  f"Subject: Công văn số {i}/STTTT\nMessage-ID: <cv{i}@bench.gov.vn>\n"
                  f"Date: Mon, 7 Dec 2026 08:00:00 +0700\nStatus: {'RO' if i % 2 else 'O'}\n"
                  f"Content-Type: text/plain; charset=utf-8\n\n{body}\n")
EOF
DB=$SRC/data/govmail.db
for address in $(sqlite3 "$DB" "SELECT address FROM accounts ORDER BY id LIMIT 10"); do
  "$BIN" import mbox "$address" "$WORK/mail.mbox" >/dev/null
done
unset GOVMAIL_CONFIG
# A year of daily usage (days of 2026) for every account, and its months.
sqlite3 "$DB" "
WITH RECURSIVE d(day) AS (SELECT 20454 UNION ALL SELECT day + 1 FROM d WHERE day < 20818)
INSERT INTO usage_daily (account_id, day, logins_imap, logins_smtp, sent, received)
  SELECT a.id, d.day, a.id % 7, (a.id + d.day) % 3, d.day % 5, (a.id * d.day) % 11
  FROM accounts a, d;
WITH RECURSIVE m(month) AS (SELECT 2026 * 12 UNION ALL SELECT month + 1 FROM m WHERE month < 2026 * 12 + 11)
INSERT INTO usage_monthly (month, account_id, active_days, logins_imap, sent, received)
  SELECT m.month, a.id, 1073741823, a.id % 70, m.month % 50, a.id % 110 FROM accounts a, m;"
say "source: $(sqlite3 "$DB" "SELECT (SELECT count(*) FROM messages) || ' messages, ' || \
  (SELECT count(*) FROM usage_daily) || ' daily and ' || (SELECT count(*) FROM usage_monthly) || \
  ' monthly usage rows'")"

# --- PostgreSQL ------------------------------------------------------------------------------
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
POSTMASTER=
if [[ " $KINDS " == *" pg "* ]]; then
  PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK/pg"
  as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U govmail -A trust -E UTF8 --no-locale >/dev/null
  printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" \
    "$PGPORT" "$WORK/pg" | as_pg tee -a "$WORK/pg/data/postgresql.conf" >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w start >/dev/null
  POSTMASTER=$(head -1 "$WORK/pg/data/postmaster.pid")
fi
sql() { psql -h "$WORK/pg" -p "$PGPORT" -U govmail -d postgres -Atqc "$1"; }
# CPU ticks of the PostgreSQL server: the postmaster, its live children, its ended ones.
pg_ticks() {
  [ -n "$POSTMASTER" ] || { echo 0; return; }
  local t p
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$POSTMASTER/stat")
  for p in $(pgrep -P "$POSTMASTER"); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

# $1: kind, $2: directory. An empty target's configuration.
target() {
  local kind=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir"
  sed "s|^data_dir = .*|data_dir = \"$dir/data\"|" "$SRC/govmail.toml" >"$dir/govmail.toml"
  if [ "$kind" = pg ]; then
    sql "DROP DATABASE IF EXISTS moved" && sql "CREATE DATABASE moved"
    sed -i "s|^min_free_space = |backend = \"postgres\"\nurl = \"postgres://govmail@127.0.0.1:$PGPORT/moved\"\nmin_free_space = |" \
      "$dir/govmail.toml"
  fi
}

# $1: label. One run of store migrate into $TARGET; prints a result line.
run() {
  local label=$1 pg0 pg1 out
  pg0=$(pg_ticks)
  out=$( { /usr/bin/time -f "TIME %e %U %S" env GOVMAIL_CONFIG="$SRC/govmail.toml" \
      "$BIN" store migrate --to "$TARGET/govmail.toml" 2>"$WORK/migrate.err"; } 2>&1 ) || {
    echo "$out"; cat "$WORK/migrate.err"; exit 1; }
  out="$out
$(grep TIME "$WORK/migrate.err")"
  pg1=$(pg_ticks)
  echo "$out" | grep -q Verified || { echo "$out"; exit 1; }
  python3 - "$label" "$(( (pg1 - pg0) * 1000000 / HZ ))" <<EOF
import re, sys
label, pg_us = sys.argv[1], int(sys.argv[2])
out = """$out"""
messages = int(re.search(r"(\d+) message\(s\)", out).group(1))
tables = next(l for l in out.splitlines() if l.startswith("Copied ") and "outbound" in l)
rows = messages + sum(int(n) for n in re.findall(r"\d+", tables))
wall, user, system = map(float, re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+)", out).groups())
cpu_us = (user + system) * 1e6
print(f"{label}: {rows} rows ({messages} messages) in {wall:.1f} s = {rows / wall:,.0f} rows/s; "
      f"govmail CPU {user + system:.1f} s = {cpu_us / rows:.1f} µs/row; "
      f"PostgreSQL CPU {pg_us / 1e6:.1f} s = {pg_us / rows:.1f} µs/row")
EOF
}

for kind in $KINDS; do
  TARGET=$WORK/target-$kind
  for r in $(seq 1 "$RUNS"); do
    target "$kind" "$TARGET"
    run "$kind run $r (empty target)"
  done
  run "$kind catch-up (nothing new)"
done
