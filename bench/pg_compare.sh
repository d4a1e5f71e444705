#!/usr/bin/env bash
# Issue 23's benchmark: a release govmail on SQLite against the same govmail on PostgreSQL,
# one node and two nodes, side by side in one run on this machine.
#
#   cargo build --release -p govmail && bash bench/pg_compare.sh [RUNS] [MSGS] [CONC] [SIZE]
#
# What it does (everything on loopback, under $WORK, removed and made again at each start):
# - a PostgreSQL cluster of the newest /usr/lib/postgresql/*/bin (Debian's `postgresql`), as
#   storage/src/postgres/testing.rs starts one: initdb in a temp dir (as the `postgres` user
#   when run as root), a free port, Debian's durability defaults (fsync, synchronous_commit
#   and full_page_writes on: a `250` after DATA means the COMMIT reached the disk), and
#   pg_stat_statements loaded (PG_STATS=0 to leave it out);
# - one SQLite template store (`govmail init`, agency BENCH, user1..user100 and bigbox with
#   password $PASS, SMTP and IMAP only, plain-text login on loopback), copied by
#   `govmail store migrate` into the database gm_template; every PostgreSQL run starts from a
#   copy of it (CREATE DATABASE … TEMPLATE), every SQLite run from a copy of the directory;
# - blobs (above 128 KiB only: smaller messages stay in the database) in node A's data
#   directory, which node B shares through a symlink, or with BLOBS=s3 in a moto_server
#   bucket (PyPI moto[server]);
# - step smtp: Postfix's smtp-source, MSGS messages of SIZE bytes over CONC sessions (the
#   load of ../shared/bench/smtp_load.sh, by one harness of our own: see `load`), against
#   SQLite, one PostgreSQL node, and two nodes (CONC/2 sessions to each, the same messages),
#   alternating, RUNS times, each timed until every generator has had its 250s and the store
#   is counted once (no poller during the load); the medians, and the CPU per message of
#   govmail, of the PostgreSQL server's processes and of the load generators (user + system
#   ticks from /proc);
#   with PG_STATS=1 (default) the statements PostgreSQL ran per delivered message in the
#   first one-node and the first two-node run (pg_stat_statements: calls / messages, and the
#   top statements, by calls and by execution time, with plans per message when PG_CONF
#   turns on pg_stat_statements.track_planning), and commits and WAL per message
#   (pg_stat_database, pg_stat_wal);
# - step imap: ../shared/bench/imap_load.py (CLIENTS clients for SECS seconds) against SQLite
#   and one PostgreSQL node, alternating, RUNS times, each from the empty template; with
#   PG_STATS=1 the statements per IMAP operation of the first PostgreSQL run;
# - step bigbox: ../shared/bench/bigbox.py fills bigbox@ with BIGBOX_COUNT messages by APPEND
#   (4 connections) on SQLite and on PostgreSQL, then times SELECT, UID FETCH 1:* (FLAGS),
#   SEARCH SUBJECT and SEARCH BODY (3 repetitions each).
#
# Environment: BIN (target/release/govmail), WORK (/tmp/govmail-pg-bench), STEPS ("smtp imap
# bigbox"), KINDS of SMTP runs ("sqlite pg1 pg2"; "pg1base", "pg2base": one node, two nodes, run
# by BASE_BIN, another build, such as the last commit's, on the same template), TEMPLATE_SQL (SQL run on the PostgreSQL
# template after it is filled, for experiments: "DROP INDEX …"), PG_CONF (lines added to
# postgresql.conf, for experiments: "pg_stat_statements.track_planning = on"), PASS, BLOBS (files|s3), PG_STATS (1|0), SECS (20), CLIENTS (10), WARM (1: every user logs in once before
# the imap step's measure; 0: cold), WARM_MSGS (300: messages sent to each node before the smtp
# step's measure, not counted; 0: cold), ROUNDS (10: smtp-source runs per load worker), PERF (1:
# `perf record -a -g` during each SMTP load, into $WORK/perf-KIND-RUN.data), THREADS (1: govmail's
# CPU per message by thread name), BIGBOX_COUNT
# (100000), ports PORT (2625: SMTP of node A, node B +1), IMAP_PORT (2643, node B +1), PG_PORT
# (PostgreSQL's; a free one by default).
# Output: RESULT lines (as ../shared/bench's scripts print them) and a summary at the end,
# also kept in $WORK/results.txt. The machine is shared: trust the CPU per message more than
# the rates, and compare only figures of one run of this script.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
BENCH=${BENCH:-$PWD/../shared/bench}
WORK=${WORK:-/tmp/govmail-pg-bench}
RUNS=${1:-3}
MSGS=${2:-3000}
CONC=${3:-10}
SIZE=${4:-4096}
STEPS=${STEPS:-smtp imap bigbox}
KINDS=${KINDS:-sqlite pg1 pg2}
PASS=${PASS:-bench-pw-2026}
BLOBS=${BLOBS:-files}
PG_STATS=${PG_STATS:-1}
SECS=${SECS:-20}
WARM=${WARM:-1}
CLIENTS=${CLIENTS:-10}
BIGBOX_COUNT=${BIGBOX_COUNT:-100000}
PORT=${PORT:-2625}
IMAP_PORT=${IMAP_PORT:-2643}
HZ=$(getconf CLK_TCK)

[ -x "$BIN" ] || { echo "no $BIN: cargo build --release -p govmail" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
for port in $PORT $((PORT + 1)) $IMAP_PORT $((IMAP_PORT + 1)); do
  if (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
    echo "port $port is already in use: stop what listens there, or set PORT/IMAP_PORT" >&2
    exit 1
  fi
done

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$WORK/pg/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1
  return 0
}
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: >"$RESULTS"
say() { echo "[$(date +%T)] $*" >&2; }
result() { echo "$*" | tee -a "$RESULTS"; }

# --- PostgreSQL ------------------------------------------------------------------------------
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi
PGPORT=${PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
mkdir -p "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U govmail -A trust -E UTF8 --no-locale >/dev/null
{
  echo "listen_addresses = '127.0.0.1'"
  echo "port = $PGPORT"
  echo "unix_socket_directories = '$WORK/pg'"
  echo "max_connections = 200"
  if [ "$PG_STATS" = 1 ]; then echo "shared_preload_libraries = 'pg_stat_statements'"; fi
  if [ -n "${PG_CONF:-}" ]; then echo "$PG_CONF"; fi
} | as_pg tee -a "$WORK/pg/data/postgresql.conf" >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w start >/dev/null
sql() { psql -h "$WORK/pg" -p "$PGPORT" -U govmail -d "${DB:-postgres}" -Atqc "$1"; }
[ "$PG_STATS" = 1 ] && sql "CREATE EXTENSION pg_stat_statements" && DB=template1 sql "CREATE EXTENSION pg_stat_statements"
POSTMASTER=$(head -1 "$WORK/pg/data/postmaster.pid")

# CPU ticks (user + system) of the PostgreSQL server: the postmaster, its live children, and
# its children that ended (the postmaster's cutime/cstime).
pg_ticks() {
  local t=0 p
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$POSTMASTER/stat")
  for p in $(pgrep -P "$POSTMASTER"); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# "pid:tid/name ticks" of every thread of the processes $1, sorted (for join).
thread_ticks() {
  local p t
  for p in $1; do
    for t in /proc/"$p"/task/*; do
      awk -v id="$p:${t##*/}" '{ match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2)
        gsub(/ /, "_", name); $0 = substr($0, RSTART + RLENGTH)
        print id "/" name, $12 + $13 }' "$t/stat" 2>/dev/null
    done
  done | sort
}

# --- blobs -------------------------------------------------------------------------------------
BLOBS_TOML=""
if [ "$BLOBS" = s3 ]; then
  command -v moto_server >/dev/null || { echo "BLOBS=s3 needs moto_server (pip install 'moto[server]')" >&2; exit 1; }
  S3PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$S3PORT" >"$WORK/moto.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$S3PORT/" >/dev/null && break; sleep 0.2; done
  printf 'access_key_id = "bench"\nsecret_access_key = "bench-secret"\n' >"$WORK/s3.toml"
  BLOBS_TOML="[storage.blobs]
backend = \"s3\"
endpoint = \"http://127.0.0.1:$S3PORT\"
bucket = \"BUCKET\"
credentials_file = \"$WORK/s3.toml\""
fi
# A fresh bucket per run (moto keeps them in memory).
new_bucket() { [ "$BLOBS" = s3 ] && curl -s -X PUT "http://127.0.0.1:$S3PORT/$1" >/dev/null; return 0; }

# --- the stores --------------------------------------------------------------------------------
say "template store"
TPL=$WORK/template
"$BIN" init "$TPL" --domain bench.gov.vn >/dev/null
export GOVMAIL_CONFIG="$TPL/govmail.toml"
"$BIN" agency add BENCH "Đơn vị đo hiệu năng" >/dev/null
{ echo "Họ và tên;Mã đơn vị;Địa chỉ"
  for i in $(seq 1 100); do echo "Người dùng $i;BENCH;user$i@bench.gov.vn"; done
  echo "Hộp thư lớn;BENCH;bigbox@bench.gov.vn"
} >"$WORK/staff.csv"
"$BIN" user import "$WORK/staff.csv" --out "$WORK/passwords.csv" >/dev/null
for u in $(seq -f 'user%g' 1 100) bigbox; do
  echo "$PASS" | "$BIN" user passwd "$u@bench.gov.vn" --password-stdin >/dev/null
done
unset GOVMAIL_CONFIG
sed -i -E "s/^(submission|submissions|imaps|pop3|pop3s|managesieve|metrics|https|http) = /# \1 = /;
  s/^smtp = .*/smtp = \"127.0.0.1:$PORT\"/;
  s/^imap = .*/imap = \"127.0.0.1:$IMAP_PORT\"/;
  s/^plaintext_auth_on_loopback = .*/plaintext_auth_on_loopback = true/;
  s/^max_connections_per_ip = .*/max_connections_per_ip = 500/;
  s/^imap_connections_per_ip = .*/imap_connections_per_ip = 500/" "$TPL/govmail.toml"

# $1: directory, $2: database, $3: bucket. The template's configuration on PostgreSQL.
pg_config() {
  local dir=$1 db=$2 bucket=$3
  cp -a "$TPL" "$dir"
  rm -rf "$dir/data"
  sed -i "s|^min_free_space = |backend = \"postgres\"\nurl = \"postgres://govmail@127.0.0.1:$PGPORT/$db\"\npool_size = 16\nmin_free_space = |" \
    "$dir/govmail.toml"
  [ -n "$BLOBS_TOML" ] && printf '\n%s\n' "${BLOBS_TOML/BUCKET/$bucket}" >>"$dir/govmail.toml"
  return 0
}
say "gm_template: store migrate of the template into PostgreSQL"
sql "CREATE DATABASE gm_template"
new_bucket tpl
pg_config "$WORK/pg-template" gm_template tpl
GOVMAIL_CONFIG="$TPL/govmail.toml" "$BIN" store migrate --to "$WORK/pg-template/govmail.toml" >/dev/null 2>"$WORK/migrate.log"
[ -n "${TEMPLATE_SQL:-}" ] && DB=gm_template sql "$TEMPLATE_SQL"
# The base kinds start from a template of BASE_BIN's own (its schema may be older).
if [[ " $KINDS " == *base* ]]; then
  say "gm_template_base: store migrate by $BASE_BIN"
  sql "CREATE DATABASE gm_template_base"
  pg_config "$WORK/pg-template-base" gm_template_base tpl
  GOVMAIL_CONFIG="$TPL/govmail.toml" "$BASE_BIN" store migrate --to "$WORK/pg-template-base/govmail.toml" >/dev/null 2>>"$WORK/migrate.log"
  [ -n "${TEMPLATE_SQL:-}" ] && DB=gm_template_base sql "$TEMPLATE_SQL"
fi

# --- servers -----------------------------------------------------------------------------------
wait_port() {
  for _ in $(seq 200); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1: see the serve.log under $WORK" >&2
  return 1
}
# Starts govmail on $1's configuration; prints its pid.
serve() {
  "${SERVE_BIN:-$BIN}" serve --config "$1/govmail.toml" >"$1/serve.log" 2>&1 &
  echo $!
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# A fresh copy: sqlite → $WORK/run-sqlite; pg → database bench (+ node B's directory).
fresh_sqlite() { rm -rf "$WORK/run-sqlite" && cp -a "$TPL" "$WORK/run-sqlite"; }
RUN_N=0
fresh_pg() {
  RUN_N=$((RUN_N + 1))
  sql "DROP DATABASE IF EXISTS bench" && sql "CREATE DATABASE bench TEMPLATE ${1:-gm_template}"
  rm -rf "$WORK/run-pg-a" "$WORK/run-pg-b"
  new_bucket "run$RUN_N"
  pg_config "$WORK/run-pg-a" bench "run$RUN_N"
  pg_config "$WORK/run-pg-b" bench "run$RUN_N"
  sed -i -E "s/^smtp = .*/smtp = \"127.0.0.1:$((PORT + 1))\"/;
    s/^imap = .*/imap = \"127.0.0.1:$((IMAP_PORT + 1))\"/" "$WORK/run-pg-b/govmail.toml"
  # Node B shares node A's blob files ("files on storage every node mounts").
  mkdir -p "$WORK/run-pg-a/data/blobs" "$WORK/run-pg-b/data"
  ln -s "$WORK/run-pg-a/data/blobs" "$WORK/run-pg-b/data/blobs"
  [ "$PG_STATS" = 1 ] && DB=bench sql "SELECT pg_stat_statements_reset()" >/dev/null
  DB=bench sql "SELECT pg_stat_reset(), pg_stat_reset_shared('wal')" >/dev/null
  return 0
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
field() { grep -o "$1=[0-9.na]*" | head -1 | cut -d= -f2; }
cpu_us() { awk -v t="$1" -v hz="$HZ" -v n="$2" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }'; }

# --- step smtp ---------------------------------------------------------------------------------
# The load of step smtp, one harness for every kind: CONC smtp-source workers (Postfix's
# smtp-source, run as ../shared/bench/smtp_load.sh runs it: ROUNDS invocations per worker,
# each to a fresh random recipient user1..user100, one connection per message), MSGS
# messages of SIZE bytes in all, worker w sending to the (w mod n)-th of the n ports given:
# one node takes all CONC sessions, two nodes CONC/2 each, the same sessions and messages.
# govmail answers 250 after DATA only once the delivery has committed, so the step is timed
# until the last worker has exited, and the store is counted once, then, to check that every
# accepted message is there (only if some were missing would it be read again, once a second,
# for up to 60 s). No poller runs during the load: smtp_load.sh's COUNT_CMD forked a psql
# (a new PostgreSQL backend) 5 times a second per generator, CPU counted as PostgreSQL's,
# twice over in the two-node step, which ran two generators.
# Prints "delivered accepted failed seconds load_ticks" (load_ticks: the workers' CPU, from
# the cutime and cstime of the shell that waited for them).
ROUNDS=${ROUNDS:-10}
WARM_MSGS=${WARM_MSGS:-300}
load() { # $1: count command, $2..: ports
  local count=$1; shift
  local ports=("$@") me=$BASHPID base t0 t1 w r k n c0 c1 accepted=0 failed=0 got workers=()
  base=$(bash -c "$count")
  RANDOM=$run
  for ((w = 0; w < CONC; w++)); do
    : >"$WORK/plan.$w"
    for ((r = 0; r < ROUNDS; r++)); do
      k=$((w * ROUNDS + r))
      n=$((MSGS / (CONC * ROUNDS) + (k < MSGS % (CONC * ROUNDS) ? 1 : 0)))
      if [ "$n" -gt 0 ]; then echo "$n user$((RANDOM % 100 + 1))@bench.gov.vn" >>"$WORK/plan.$w"; fi
    done
  done
  c0=$(awk '{ print $16 + $17 }' "/proc/$me/stat")
  t0=$(date +%s.%N)
  for ((w = 0; w < CONC; w++)); do
    (
      ok=0 bad=0
      while read -r n rcpt; do
        if timeout 600 smtp-source -4 -s 1 -m "$n" -l "$SIZE" -M loadgen.example \
          -f bench@loadgen.example -t "$rcpt" -S "bench $w" \
          "inet:127.0.0.1:${ports[w % ${#ports[@]}]}" >/dev/null 2>>"$WORK/load-errors.txt"; then
          ok=$((ok + n))
        else
          bad=$((bad + n))
        fi
      done <"$WORK/plan.$w"
      echo "$ok $bad" >"$WORK/done.$w"
    ) &
    workers+=($!)
  done
  wait "${workers[@]}" || true
  t1=$(date +%s.%N)
  c1=$(awk '{ print $16 + $17 }' "/proc/$me/stat")
  for ((w = 0; w < CONC; w++)); do
    read -r ok bad <"$WORK/done.$w" || { ok=0; bad=0; }
    accepted=$((accepted + ok)); failed=$((failed + bad))
  done
  got=$(($(bash -c "$count") - base))
  for _ in $(seq 60); do
    [ "$got" -ge "$accepted" ] && break
    sleep 1
    t1=$(date +%s.%N)
    got=$(($(bash -c "$count") - base))
  done
  echo "$got $accepted $failed $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $((c1 - c0))"
}

smtp_one() { # $1: label, $2: pids of govmail (space-separated), $3.. : ports
  local label=$1 pids=$2; shift 2
  local count g0=0 g1=0 p0 p1 p delivered accepted failed secs load_ticks rate
  if [ "$label" = sqlite ]; then
    count="sqlite3 $WORK/run-sqlite/data/govmail.db 'select count(*) from messages'"
  else
    count="psql -h $WORK/pg -p $PGPORT -U govmail -d bench -Atqc 'select count(*) from messages'"
  fi
  # Warm-up, not measured: WARM_MSGS messages over CONC/n sessions to each node, so that
  # what a node pays once (its pool's connections, and on each a backend's caches, the
  # statements prepared and planned) is not charged to the first messages of a short run:
  # two nodes pay it twice, and a node that has run for a day has long paid it.
  if [ "$WARM_MSGS" -gt 0 ]; then
    local warm=()
    for port in "$@"; do
      smtp-source -4 -s $((CONC / $#)) -m "$WARM_MSGS" -l "$SIZE" -M loadgen.example \
        -f bench@loadgen.example -t user1@bench.gov.vn "inet:127.0.0.1:$port" >/dev/null 2>&1 &
      warm+=($!)
    done
    wait "${warm[@]}" || true
  fi
  for p in $pids; do g0=$((g0 + $(ticks "$p"))); done
  p0=$(pg_ticks)
  [ "${THREADS:-0}" = 1 ] && thread_ticks "$pids" >"$WORK/threads0.txt"
  local perf=""
  if [ "${PERF:-0}" = 1 ]; then
    perf record -a -g -F 499 -o "$WORK/perf-$label-$run.data" >/dev/null 2>&1 &
    perf=$!
  fi
  read -r delivered accepted failed secs load_ticks < <(load "$count" "$@")
  if [ -n "$perf" ]; then kill -INT "$perf"; wait "$perf" || true; fi
  for p in $pids; do g1=$((g1 + $(ticks "$p"))); done
  p1=$(pg_ticks)
  if [ "${THREADS:-0}" = 1 ]; then
    thread_ticks "$pids" >"$WORK/threads1.txt"
    # CPU per message of govmail's threads, by name (summed over the nodes).
    result "RESULT threads tag=$label $(join "$WORK/threads0.txt" "$WORK/threads1.txt" |
      awk -v hz="$HZ" -v n="$MSGS" '{ split($1, k, "/"); d[k[2]] += $3 - $2 }
        END { for (t in d) if (d[t] > 0) printf "%s=%.0fus ", t, d[t] / hz * 1e6 / n }')"
  fi
  rate=$(awk -v n="$delivered" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')
  local gcpu pcpu=0 lcpu
  gcpu=$(cpu_us $((g1 - g0)) "$MSGS")
  [ "$label" != sqlite ] && pcpu=$(cpu_us $((p1 - p0)) "$MSGS")
  lcpu=$(cpu_us "$load_ticks" "$MSGS")
  result "RESULT smtp_load tag=$label msgs=$MSGS conc=$CONC size=$SIZE nodes=$# accepted=$accepted failed=$failed delivered=$delivered t_deliver=$secs deliver_rate=$rate govmail_cpu_us_per_msg=$gcpu postgres_cpu_us_per_msg=$pcpu load_cpu_us_per_msg=$lcpu"
  echo "$label $rate $gcpu $pcpu" >>"$WORK/smtp.txt"
}

statements_per_message() {
  local n
  n=$(DB=bench sql "SELECT count(*) FROM messages")
  result "RESULT pg_statements tag=$1 per_msg=$(DB=bench sql "SELECT round(sum(calls)::numeric / $n, 1) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bench')") (commits and BEGINs included; $n messages)"
  DB=bench sql "SELECT round(calls::numeric / $n, 2) || ' ' || round(total_exec_time::numeric / $n * 1000) || 'us ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bench') ORDER BY calls DESC LIMIT 25" \
    | sed 's/^/  per msg: /' | tee -a "$RESULTS"
  # Where PostgreSQL's time goes: statements by execution time, commits and WAL per message.
  DB=bench sql "SELECT round(total_exec_time::numeric / $n * 1000) || 'us ' || round(calls::numeric / $n, 2) || ' plans=' || round(plans::numeric / $n, 2) || ' ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bench') ORDER BY total_exec_time DESC LIMIT 12" \
    | sed 's/^/  exec time per msg: /' | tee -a "$RESULTS"
  result "RESULT pg_wal tag=$1 $(DB=bench sql "SELECT 'commits_per_msg=' || round((SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench')::numeric / $n, 2) || ' wal_records_per_msg=' || round(wal_records::numeric / $n, 1) || ' wal_bytes_per_msg=' || round(wal_bytes / $n) || ' wal_fpi_per_msg=' || round(wal_fpi::numeric / $n, 2) || ' wal_syncs_per_msg=' || round(wal_sync::numeric / $n, 2) FROM pg_stat_wal")"
}

if [[ " $STEPS " == *" smtp "* ]]; then
  : >"$WORK/smtp.txt"
  for run in $(seq 1 "$RUNS"); do
    if [[ " $KINDS " == *" sqlite "* ]]; then
      say "smtp run $run: sqlite"
      fresh_sqlite
      a=$(serve "$WORK/run-sqlite"); PIDS+=("$a"); wait_port "$PORT"
      smtp_one sqlite "$a" "$PORT"
      stop "$a"
    fi
    if [[ " $KINDS " == *" pg1 "* ]]; then
      say "smtp run $run: one PostgreSQL node"
      fresh_pg
      a=$(serve "$WORK/run-pg-a"); PIDS+=("$a"); wait_port "$PORT"
      smtp_one pg1 "$a" "$PORT"
      stop "$a"
      if [ "$PG_STATS" = 1 ] && [ "$run" = 1 ]; then statements_per_message pg1; fi
    fi
    if [[ " $KINDS " == *" pg1base "* ]]; then
      say "smtp run $run: one PostgreSQL node, $BASE_BIN"
      fresh_pg gm_template_base
      a=$(SERVE_BIN=$BASE_BIN serve "$WORK/run-pg-a"); PIDS+=("$a"); wait_port "$PORT"
      smtp_one pg1base "$a" "$PORT"
      stop "$a"
      if [ "$PG_STATS" = 1 ] && [ "$run" = 1 ]; then statements_per_message pg1base; fi
    fi
    for kind in pg2 pg2base; do
      [[ " $KINDS " == *" $kind "* ]] || continue
      bin=$BIN
      template=gm_template
      [ "$kind" = pg2base ] && bin=$BASE_BIN template=gm_template_base
      say "smtp run $run: two PostgreSQL nodes, $bin"
      fresh_pg "$template"
      a=$(SERVE_BIN=$bin serve "$WORK/run-pg-a"); PIDS+=("$a")
      b=$(SERVE_BIN=$bin serve "$WORK/run-pg-b"); PIDS+=("$b")
      wait_port "$PORT"; wait_port $((PORT + 1))
      smtp_one "$kind" "$a $b" "$PORT" $((PORT + 1))
      stop "$a"; stop "$b"
      if [ "$PG_STATS" = 1 ] && [ "$run" = 1 ]; then statements_per_message "$kind"; fi
    done
  done
fi

# --- step imap ---------------------------------------------------------------------------------
imap_one() { # $1: label, $2: dir
  local label=$1 pid out rate g0 g1 p0 p1
  pid=$(serve "$2"); PIDS+=("$pid"); wait_port "$IMAP_PORT"
  # Every user logs in once before the measure (WARM=1, the default): the first login of an
  # address pays the argon2 check, later ones do not, and imap_load.py's sessions log in at
  # random; unwarmed, the backend doing fewer operations in SECS pays a larger share of them.
  [ "$WARM" = 1 ] && python3 - 127.0.0.1 "$IMAP_PORT" "$PASS" <<'PY'
import imaplib, sys
host, port, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for n in range(1, 101):
    m = imaplib.IMAP4(host, port)
    m.login(f"user{n}@bench.gov.vn", password)
    m.logout()
PY
  g0=$(ticks "$pid"); p0=$(pg_ticks)
  out=$(python3 "$BENCH/imap_load.py" 127.0.0.1 "$IMAP_PORT" --clients "$CLIENTS" --secs "$SECS" \
    --seed "$run" --password "$PASS" --user-tmpl "user%d@bench.gov.vn" --tag "$label")
  g1=$(ticks "$pid"); p1=$(pg_ticks)
  stop "$pid"
  rate=$(echo "$out" | grep '^RESULT imap_load ' | field ops_per_s)
  local ops
  ops=$(echo "$out" | grep '^RESULT imap_load ' | field ops)
  result "$(echo "$out" | grep '^RESULT imap_load ') govmail_cpu_us_per_op=$(cpu_us $((g1 - g0)) "${ops:-1}") postgres_cpu_us_per_op=$(cpu_us $((p1 - p0)) "${ops:-1}")"
  echo "$out" | grep '^RESULT imap_load_lat' | tee -a "$RESULTS" >/dev/null
  echo "$label ${rate:-0}" >>"$WORK/imap.txt"
  if [ "$label" = pg1 ] && [ "$PG_STATS" = 1 ] && [ "$run" = 1 ] && [ -n "$ops" ]; then
    result "RESULT pg_statements tag=imap per_op=$(DB=bench sql "SELECT round(sum(calls)::numeric / $ops, 1) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bench')") ($ops IMAP operations)"
    DB=bench sql "SELECT round(calls::numeric / $ops, 2) || ' plans=' || round(plans::numeric / $ops, 2) || ' ' || round(total_exec_time::numeric / $ops * 1000) || 'us ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'bench') ORDER BY calls DESC LIMIT 20" \
      | sed 's/^/  per op: /' | tee -a "$RESULTS"
  fi
}
if [[ " $STEPS " == *" imap "* ]]; then
  : >"$WORK/imap.txt"
  for run in $(seq 1 "$RUNS"); do
    say "imap_load run $run"
    fresh_sqlite; imap_one sqlite "$WORK/run-sqlite"
    fresh_pg; imap_one pg1 "$WORK/run-pg-a"
  done
fi

# --- step bigbox -------------------------------------------------------------------------------
if [[ " $STEPS " == *" bigbox "* ]]; then
  for label in sqlite pg1; do
    say "bigbox on $label: filling $BIGBOX_COUNT messages"
    if [ "$label" = sqlite ]; then fresh_sqlite; dir=$WORK/run-sqlite; else fresh_pg; dir=$WORK/run-pg-a; fi
    pid=$(serve "$dir"); PIDS+=("$pid"); wait_port "$IMAP_PORT"
    python3 "$BENCH/bigbox.py" 127.0.0.1 "$IMAP_PORT" --user bigbox@bench.gov.vn --password "$PASS" \
      --count "$BIGBOX_COUNT" --fill append --parallel 4 --repeat 3 --client raw --tag "$label" \
      | grep '^RESULT' | tee -a "$RESULTS"
    stop "$pid"
  done
fi

# --- summary -----------------------------------------------------------------------------------
echo "== summary (msgs=$MSGS conc=$CONC size=$SIZE, medians of $RUNS; blobs: $BLOBS)" | tee -a "$RESULTS"
if [ -s "$WORK/smtp.txt" ]; then
  rate_sqlite=0 rate_pg1=0 rate_pg2=0 rate_pg1base=0 rate_pg2base=0
  for label in $KINDS; do
    r=$(awk -v l=$label '$1 == l { print $2 }' "$WORK/smtp.txt" | median)
    g=$(awk -v l=$label '$1 == l { print $3 }' "$WORK/smtp.txt" | median)
    p=$(awk -v l=$label '$1 == l { print $4 }' "$WORK/smtp.txt" | median)
    echo "smtp $label: $(awk -v l=$label '$1 == l { printf "%s ", $2 }' "$WORK/smtp.txt")msg/s, median $r; CPU per message: govmail $g µs, postgres $p µs" | tee -a "$RESULTS"
    eval "rate_$label=$r"
  done
  awk -v s="$rate_sqlite" -v a="$rate_pg1" -v b="$rate_pg2" \
    'BEGIN { if (a > 0) printf "sqlite / one node: %.2fx (goal <= 2); two nodes / one node: %.2fx (goal > 1)\n", s / a, b / a }' | tee -a "$RESULTS"
  awk -v a="$rate_pg1base" -v b="$rate_pg2base" \
    'BEGIN { if (a > 0 && b > 0) printf "BASE_BIN: two nodes / one node: %.2fx\n", b / a }' | tee -a "$RESULTS"
fi
if [ -s "$WORK/imap.txt" ]; then
  for label in sqlite pg1; do
    echo "imap_load $label: $(awk -v l=$label '$1 == l { printf "%s ", $2 }' "$WORK/imap.txt")ops/s, median $(awk -v l=$label '$1 == l { print $2 }' "$WORK/imap.txt" | median)" | tee -a "$RESULTS"
  done
fi
grep '^RESULT bigbox_median' "$RESULTS" || true
