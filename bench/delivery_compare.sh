#!/usr/bin/env bash
# Issue 20's delivery benchmark: SMTP delivered messages/s of a release govmail against
# Postfix + Dovecot (../shared/bench/anchors_setup.sh, already started), side by side, runs
# alternating so that the machine's drift hits both alike. Also the govmail server's CPU time
# per message (user + system from /proc/PID/stat, a steadier figure than the rate).
#
#   cargo build --release -p govmail
#   ANCHOR_DIR=/tmp/hp/anchor MAILROOT=/tmp/hp/anchor-mail SMTP_PORT=2725 IMAP_PORT=1343 \
#     LMTP_PORT=2724 bash ../shared/bench/anchors_setup.sh configure start
#   ANCHOR_PORT=2725 MAILROOT=/tmp/hp/anchor-mail bash bench/delivery_compare.sh RUNS MSGS CONC SIZE
#
# Each govmail run starts from a copy of one prepared store (domain bench.gov.vn, agency BENCH,
# user1..user100, only the MX port). Each Postfix run counts the Maildir files it adds.
#
# Each run also says where the machine's two cores went, since the load generator shares
# them: `load_us_per_msg` is the CPU of smtp_load.sh and everything it started (smtp-source,
# timeout, awk, date, the delivery count's sqlite3), `idle` the machine's idle share during
# the run, and `runqueue_us_per_msg` how long govmail's threads were ready to run but waited
# for a core (/proc/PID/task/*/schedstat). With idle near 0 and a large runqueue wait, the
# rate is bounded by CPU, not by a wait inside govmail. smtp_load.sh starts one smtp-source
# per round (ROUNDS=10 per session), so its CPU per message grows with CONC.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
LOAD=${LOAD:-$PWD/../shared/bench/smtp_load.sh}
WORK=${WORK:-/tmp/govmail-delivery-bench}
RUNS=${1:-3}
MSGS=${2:-5000}
CONC=${3:-10}
SIZE=${4:-4096}
PORT=${PORT:-2625}
ANCHOR_PORT=${ANCHOR_PORT:-2525}
MAILROOT=${MAILROOT:-/tmp/anchor-mail}
PERF=${PERF:-}   # a perf.data path: record the first govmail run (frame pointers)

. bench/bench_store.sh   # the script cd-ed to the repository above
prepare_bench_store
require_free_port

# Nanoseconds govmail's threads waited for a core (second field of each thread's schedstat).
runqueue_ns() {
  cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ w += $2 } END { printf "%.0f", w }'
}

# The machine's busy and idle ticks (iowait counted as idle).
machine_ticks() {
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $5 + $6 }' /proc/stat
}

govmail_run() {
  local dir="$WORK/run" recorded=""
  rm -rf "$dir" && cp -a "$WORK/template" "$dir"
  "$BIN" serve --config "$dir/govmail.toml" 2>"$dir/serve.log" &
  local pid=$!
  for _ in $(seq 100); do
    (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
    sleep 0.1
  done
  if [ -n "$PERF" ] && [ ! -f "$PERF" ]; then
    perf record -F 499 -g -p "$pid" -o "$PERF" 2>/dev/null &
    recorded=$!
  fi
  local line load count="sqlite3 $dir/data/govmail.db 'select count(*) from messages'"
  local wait0 idle0 wait1 idle1
  wait0=$(runqueue_ns "$pid") idle0=$(machine_ticks)
  load=$( { TIMEFORMAT='%U %S %R'; time COUNT_CMD="$count" TAG=govmail bash "$LOAD" 127.0.0.1 \
    "$PORT" "$MSGS" "$CONC" "$SIZE" >"$WORK/result" 2>/dev/null; } 2>&1)
  wait1=$(runqueue_ns "$pid") idle1=$(machine_ticks)
  line=$(grep '^RESULT' "$WORK/result" || true)
  [ -n "$recorded" ] && { kill -INT "$recorded"; wait "$recorded" 2>/dev/null || true; }
  local ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local cpu
  cpu=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$MSGS" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  local where
  where=$(awk -v l="$load" -v n="$MSGS" -v w0="$wait0" -v w1="$wait1" -v i0="$idle0" -v i1="$idle1" \
    'BEGIN { split(l, t, " "); split(i0, a, " "); split(i1, b, " ");
      printf "load_us_per_msg=%.1f idle=%.0f%% runqueue_us_per_msg=%.1f",
        (t[1] + t[2]) * 1e6 / n, 100 * (b[2] - a[2]) / ((b[1] - a[1]) + (b[2] - a[2]) + 1e-9),
        (w1 - w0) / 1e3 / n }')
  echo "$line cpu_us_per_msg=$cpu $where" >&2
  echo "$where" | sed -n 's/.*load_us_per_msg=\([0-9.]*\).*/\1/p' >>"$WORK/load"
  echo "$cpu" >>"$WORK/cpu"
  echo "$line" | sed -n 's/.*deliver_rate=\([0-9.]*\).*/\1/p'
}

postfix_run() {
  local line load idle0 idle1
  idle0=$(machine_ticks)
  load=$( { TIMEFORMAT='%U %S'; time MAILROOT="$MAILROOT" TAG=postfix bash "$LOAD" 127.0.0.1 \
    "$ANCHOR_PORT" "$MSGS" "$CONC" "$SIZE" >"$WORK/result" 2>/dev/null; } 2>&1)
  idle1=$(machine_ticks)
  line=$(grep '^RESULT' "$WORK/result" || true)
  echo "$line $(awk -v l="$load" -v n="$MSGS" -v i0="$idle0" -v i1="$idle1" \
    'BEGIN { split(l, t, " "); split(i0, a, " "); split(i1, b, " ");
      printf "load_us_per_msg=%.1f idle=%.0f%%", (t[1] + t[2]) * 1e6 / n,
        100 * (b[2] - a[2]) / ((b[1] - a[1]) + (b[2] - a[2]) + 1e-9) }')" >&2
  echo "$line" | sed -n 's/.*deliver_rate=\([0-9.]*\).*/\1/p'
}

g=() p=()
rm -f "$WORK/cpu" "$WORK/load"
for _ in $(seq "$RUNS"); do
  g+=("$(govmail_run)")
  p+=("$(postfix_run)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mg=$(median "${g[@]}") mp=$(median "${p[@]}")
echo "msgs=$MSGS conc=$CONC size=$SIZE"
echo "govmail : ${g[*]} msg/s, median $mg; server CPU per message (median) $(median $(cat "$WORK/cpu")) µs; load generator's CPU per message (median) $(median $(cat "$WORK/load")) µs"
echo "postfix : ${p[*]} msg/s, median $mp"
awk -v a="$mg" -v b="$mp" 'BEGIN { printf "ratio: %.2fx\n", (b > 0 ? a / b : 0) }'
