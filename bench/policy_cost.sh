#!/usr/bin/env bash
# Issue 5's benchmark: SMTP delivered messages/s with and without the policy step
# (official-document recognition and the document rules), same binary, same machine,
# runs alternating so that the machine's drift hits both alike.
#
#   cargo build --release -p govmail && bash bench/policy_cost.sh [RUNS]
#
# Each run starts from a copy of one prepared store (domain bench.gov.vn, agency BENCH,
# user1..user100), so both modes see the same data. The load is ../shared/bench/smtp_load.sh
# (Postfix's smtp-source: MSGS messages of SIZE bytes over CONC sessions, one connection per
# message, random recipients). With MSG_FILE set, smtp-source -F sends that file instead, all
# to user1 (e.g. an official document from policy/tests/corpus, which the recogniser reads
# in full), timed the same way: until every message is in the store.
#
# Prints one RESULT line per run and the medians with the policy step's cost:
#   cost = 1 - rate(on) / rate(off)
# and the server's CPU time per message in each mode, with the share the policy step takes:
#   CPU cost = 1 - cpu(off) / cpu(on)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
LOAD=${LOAD:-$PWD/../shared/bench/smtp_load.sh}
WORK=${WORK:-/tmp/govmail-policy-bench}
RUNS=${1:-3}
MSGS=${MSGS:-5000}
CONC=${CONC:-10}
SIZE=${SIZE:-4096}
PORT=${PORT:-2625}

. bench/bench_store.sh   # the script cd-ed to the repository above
prepare_bench_store
require_free_port

# smtp-source ends each line of the file with CRLF itself: a file already in CRLF would be sent
# with CR CR LF line ends, which no real client sends. Give it LF lines.
if [ -n "${MSG_FILE:-}" ]; then
  tr -d '\r' <"$MSG_FILE" >"$WORK/message.eml"
  MSG_FILE=$WORK/message.eml
fi

run_one() { # mode (on|off) -> prints the delivered rate
  local mode=$1 dir="$WORK/run"
  rm -rf "$dir" && cp -a "$WORK/template" "$dir"
  if [ "$mode" = off ]; then
    sed -i 's/^\[policy\]$/[policy]\nenabled = false/' "$dir/govmail.toml"
  fi
  "$BIN" serve --config "$dir/govmail.toml" 2>"$dir/serve.log" &
  local pid=$!
  for _ in $(seq 100); do
    (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
    sleep 0.1
  done
  local line count="sqlite3 $dir/data/govmail.db 'select count(*) from messages'"
  if [ -n "${MSG_FILE:-}" ]; then
    local start end
    start=$(date +%s.%N)
    "${SMTP_SOURCE:-/usr/sbin/smtp-source}" -c -F "$MSG_FILE" -m "$MSGS" -s "$CONC" \
      -f sender@bench.gov.vn -t user1@bench.gov.vn "127.0.0.1:$PORT" >/dev/null
    while [ "$(bash -c "$count")" -lt "$MSGS" ]; do sleep 0.1; done
    end=$(date +%s.%N)
    line=$(awk -v s="$start" -v e="$end" -v n="$MSGS" -v m="$mode" \
      'BEGIN { printf "RESULT policy_file tag=policy-%s msgs=%d deliver_rate=%.1f\n", m, n, n / (e - s) }')
  else
    line=$(COUNT_CMD="$count" TAG="policy-$mode" \
      bash "$LOAD" 127.0.0.1 "$PORT" "$MSGS" "$CONC" "$SIZE" 2>/dev/null | grep '^RESULT' || true)
  fi
  # The server's CPU time (user + system, /proc/PID/stat fields 14 and 15) per message: a
  # steadier measure than the rate, which also moves with the disk's fsync latency.
  local ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$MSGS" \
    'BEGIN { printf "%.1f\n", t / hz * 1e6 / n }' >>"$WORK/cpu-$mode"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$line cpu_us_per_msg=$(tail -1 "$WORK/cpu-$mode")" >&2
  echo "$line" | sed -n 's/.*deliver_rate=\([0-9.]*\).*/\1/p'
}

on=() off=()
rm -f "$WORK/cpu-on" "$WORK/cpu-off"
for r in $(seq "$RUNS"); do
  on+=("$(run_one on)")
  off+=("$(run_one off)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_on=$(median "${on[@]}")
m_off=$(median "${off[@]}")
echo "policy on : ${on[*]} msg/s, median $m_on"
echo "policy off: ${off[*]} msg/s, median $m_off"
awk -v a="$m_on" -v b="$m_off" 'BEGIN { printf "policy step cost: %.1f%%\n", (b > 0 ? (1 - a / b) * 100 : 0) }'
c_on=$(median $(cat "$WORK/cpu-on"))
c_off=$(median $(cat "$WORK/cpu-off"))
echo "server CPU per message: on $c_on µs, off $c_off µs (medians)"
awk -v a="$c_on" -v b="$c_off" 'BEGIN { printf "policy step CPU cost: %.1f%%\n", (a > 0 ? (1 - b / a) * 100 : 0) }'
