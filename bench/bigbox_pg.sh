#!/usr/bin/env bash
# bigbox.py's 100,000-message mailbox on SQLite and on PostgreSQL (issue 23's benchmark),
# filled without APPEND (far too slow at this size on PostgreSQL): `govmail import mbox` of
# bigbox.py's own messages (its make_msg, so its SEARCH answers hold: 100 hits each) into a
# SQLite store, then `govmail store migrate --to` a PostgreSQL configuration (blob files
# beside it, not S3), timed as a measure of migrate's rows/s into PostgreSQL, then
# bigbox.py --fill none against each, one server at a time.
#
#   cargo build --release -p govmail && bash bench/bigbox_pg.sh [COUNT=100000] [REPEAT=3]
#
# Environment: BIN (target/release/govmail), WORK (/tmp/govmail-bigbox-pg), IMAP_PORT (2643),
# REUSE=1: the stores of an earlier run in WORK, queried again (no import, no migrate).
# Prints RESULT lines; the CPU of govmail and of PostgreSQL per query run alongside.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
BENCH=${BENCH:-$PWD/../shared/bench}
WORK=${WORK:-/tmp/govmail-bigbox-pg}
COUNT=${1:-100000}
REPEAT=${2:-3}
IMAP_PORT=${IMAP_PORT:-2643}
PASS=${PASS:-bench-pw-2026}
HZ=$(getconf CLK_TCK)
[ -x "$BIN" ] || { echo "no $BIN: cargo build --release -p govmail" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
say() { echo "[$(date +%T)] $*" >&2; }
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/pg/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1
  return 0
}
trap cleanup EXIT
REUSE=${REUSE:-0}
[ "$REUSE" = 1 ] || { rm -rf "$WORK" && mkdir -p "$WORK"; }
SRC=$WORK/sqlite
PGDIR=$WORK/pg-store

# --- PostgreSQL (as bench/pg_compare.sh starts it) ------------------------------------------------
if [ "$REUSE" = 1 ]; then
  PGPORT=$(sed -n 's/^port = //p' "$WORK/pg/data/postgresql.conf" | tail -1)
else
  PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$WORK/pg"
  as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U govmail -A trust -E UTF8 --no-locale >/dev/null
  printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nshared_preload_libraries = 'pg_stat_statements'\n" \
    "$PGPORT" "$WORK/pg" | as_pg tee -a "$WORK/pg/data/postgresql.conf" >/dev/null
fi
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w start >/dev/null
sql() { psql -h "$WORK/pg" -p "$PGPORT" -U govmail -d "${DB:-postgres}" -Atqc "$1"; }
POSTMASTER=$(head -1 "$WORK/pg/data/postmaster.pid")
pg_ticks() {
  local t p
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$POSTMASTER/stat")
  for p in $(pgrep -P "$POSTMASTER"); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
# CPU ticks of a process and its children (live and ended).
ticks() {
  local t p
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat")
  for p in $(pgrep -P "$1"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}

if [ "$REUSE" = 0 ]; then
# --- the SQLite store, filled by import mbox ------------------------------------------------------
"$BIN" init "$SRC" --domain bench.gov.vn >/dev/null
export GOVMAIL_CONFIG="$SRC/govmail.toml"
"$BIN" agency add BENCH "Đơn vị đo hiệu năng" >/dev/null
printf 'Họ và tên;Mã đơn vị;Địa chỉ\nHộp thư lớn;BENCH;bigbox@bench.gov.vn\n' >"$WORK/staff.csv"
"$BIN" user import "$WORK/staff.csv" --out "$WORK/passwords.csv" >/dev/null
echo "$PASS" | "$BIN" user passwd bigbox@bench.gov.vn --password-stdin >/dev/null
say "mbox of $COUNT bigbox.py messages"
python3 - "$BENCH" "$COUNT" "$WORK/bigbox.mbox" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from bigbox import make_msg
with open(sys.argv[3], "wb") as out:
    for i in range(int(sys.argv[2])):
        out.write(b"From bigbox@bench.gov.vn Mon Dec  7 08:00:00 2026\n")
        for line in make_msg(i).split(b"\r\n"):
            out.write((b">" + line if line.startswith(b"From ") else line) + b"\n")
PY
say "import mbox"
/usr/bin/time -f "TIME %e %U %S" "$BIN" import mbox bigbox@bench.gov.vn "$WORK/bigbox.mbox" >"$WORK/import.log" 2>"$WORK/import.err" \
  || { cat "$WORK/import.err"; exit 1; }
read -r wall user system < <(grep TIME "$WORK/import.err" | cut -d' ' -f2-)
echo "RESULT bigbox_import tag=sqlite msgs=$COUNT secs=$wall rate=$(awk -v n="$COUNT" -v w="$wall" 'BEGIN { printf "%.0f", n / w }') govmail_cpu_us_per_msg=$(awk -v n="$COUNT" -v u="$user" -v s="$system" 'BEGIN { printf "%.0f", (u + s) * 1e6 / n }')"
unset GOVMAIL_CONFIG
sed -i -E "s/^(smtp|submission|submissions|imaps|pop3|pop3s|managesieve|metrics|https|http) = /# \1 = /;
  s/^imap = .*/imap = \"127.0.0.1:$IMAP_PORT\"/;
  s/^plaintext_auth_on_loopback = .*/plaintext_auth_on_loopback = true/" "$SRC/govmail.toml"

# --- migrated into PostgreSQL -----------------------------------------------------------------------
mkdir -p "$PGDIR"
cp -a "$SRC/tls" "$PGDIR/"
sed "s|^data_dir = .*|data_dir = \"$PGDIR/data\"|;
  s|^min_free_space = |backend = \"postgres\"\nurl = \"postgres://govmail@127.0.0.1:$PGPORT/bigbox\"\npool_size = 16\nmin_free_space = |" \
  "$SRC/govmail.toml" >"$PGDIR/govmail.toml"
sql "CREATE DATABASE bigbox"
DB=bigbox sql "CREATE EXTENSION pg_stat_statements"
say "store migrate into PostgreSQL"
p0=$(pg_ticks)
/usr/bin/time -f "TIME %e %U %S" env GOVMAIL_CONFIG="$SRC/govmail.toml" "$BIN" store migrate --to "$PGDIR/govmail.toml" \
  >"$WORK/migrate.log" 2>"$WORK/migrate.err" || { cat "$WORK/migrate.log" "$WORK/migrate.err"; exit 1; }
p1=$(pg_ticks)
read -r wall user system < <(grep TIME "$WORK/migrate.err" | cut -d' ' -f2-)
rows=$(python3 - "$WORK/migrate.log" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
messages = int(re.search(r"(\d+) message\(s\)", out).group(1))
tables = next((l for l in out.splitlines() if l.startswith("Copied ") and "outbound" in l), "")
print(messages + sum(int(n) for n in re.findall(r"\d+", tables)))
PY
)
echo "RESULT migrate tag=sqlite_to_pg rows=$rows secs=$wall rows_per_s=$(awk -v n="$rows" -v w="$wall" 'BEGIN { printf "%.0f", n / w }') govmail_cpu_us_per_row=$(awk -v n="$rows" -v u="$user" -v s="$system" 'BEGIN { printf "%.0f", (u + s) * 1e6 / n }') postgres_cpu_us_per_row=$(awk -v n="$rows" -v t=$((p1 - p0)) -v hz="$HZ" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')"
DB=bigbox sql "VACUUM ANALYZE"

fi

# --- the queries --------------------------------------------------------------------------------------
for label in sqlite pg; do
  dir=$SRC; [ "$label" = pg ] && dir=$PGDIR
  "$BIN" serve --config "$dir/govmail.toml" >"$dir/serve.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  for _ in $(seq 300); do (echo >/dev/tcp/127.0.0.1/"$IMAP_PORT") 2>/dev/null && break; sleep 0.1; done
  [ "$label" = pg ] && DB=bigbox sql "SELECT pg_stat_statements_reset()" >/dev/null
  g0=$(ticks "$pid"); p0=$(pg_ticks)
  python3 "$BENCH/bigbox.py" 127.0.0.1 "$IMAP_PORT" --user bigbox@bench.gov.vn --password "$PASS" \
    --count "$COUNT" --fill none --repeat "$REPEAT" --client raw --tag "$label" | grep '^RESULT'
  g1=$(ticks "$pid"); p1=$(pg_ticks)
  echo "RESULT bigbox_cpu tag=$label runs=$REPEAT govmail_cpu_s_per_run=$(awk -v t=$((g1 - g0)) -v hz="$HZ" -v n="$REPEAT" 'BEGIN { printf "%.2f", t / hz / n }') postgres_cpu_s_per_run=$(awk -v t=$((p1 - p0)) -v hz="$HZ" -v n="$REPEAT" 'BEGIN { printf "%.2f", t / hz / n }')"
  if [ "$label" = pg ]; then
    DB=bigbox sql "SELECT round(total_exec_time::numeric / $REPEAT) || 'ms ' || round(calls::numeric / $REPEAT, 1) || 'x ' || left(regexp_replace(query, '\s+', ' ', 'g'), 140) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bigbox') ORDER BY total_exec_time DESC LIMIT 8" | sed 's/^/  per run: /'
  fi
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
done
