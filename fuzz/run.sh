#!/usr/bin/env bash
# Runs the fuzz targets of src/bin/ with AFL++ (cargo-afl). See README.md.
#
#   fuzz/run.sh smoke [SECONDS [TARGET…]]  every target (or those named) for SECONDS (default
#                                      20) each, from the seeds, as CI does
#   fuzz/run.sh long SECONDS [TARGET…]  long runs (all targets, one after another, by default);
#                                      a run resumes from fuzz/out/TARGET when it exists
#   fuzz/run.sh repro TARGET FILE       runs one input through a target and shows the panic
#   fuzz/run.sh build                   installs cargo-afl if needed and builds the targets
#
# Exits non-zero when a target crashed or hung (each input is printed in base64 and hex so
# that a CI log is enough to reproduce it), or when AFL could not run.
# Environment: FUZZ_TIMEOUT_MS (per input, default 2000: longer is a hang),
# FUZZ_MEMORY_MB (per process, default 4096: more is a crash), FUZZ_JOBS (targets fuzzed at
# the same time, each afl-fuzz on one core: default the number of cores for smoke, 1 for long).
set -euo pipefail
caller_dir=$PWD
cd "$(dirname "$0")"

# Must match the afl crate pinned in Cargo.toml.
AFL_VERSION=0.18.2
TIMEOUT_MS=${FUZZ_TIMEOUT_MS:-2000}
MEMORY_MB=${FUZZ_MEMORY_MB:-4096}
# Building for an explicit --target keeps cargo-afl's RUSTFLAGS (instrumentation, opt-level 3,
# one codegen unit) off build scripts and proc macros, which only run at build time; SQLite's C
# code (rusqlite, bundled; never fuzzed) is compiled without optimisation (Cargo.toml).
# Together 27% less CPU time for the build (8.2 min instead of 11.2, measured on 2 cores).
TRIPLE=$(rustc -vV | sed -n 's/^host: //p')
BIN=${CARGO_TARGET_DIR:-target}/$TRIPLE/release

# AFL++ in a CI container: no UI, no CPU frequency or core-dump checks, no CPU pinning (the
# machine is shared with other builds).
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_NO_CRASH_README=1

targets() {
  for f in src/bin/*.rs; do basename "$f" .rs; done
}

ensure_cargo_afl() {
  if ! cargo afl --version 2>/dev/null | grep -q "^cargo-afl $AFL_VERSION "; then
    echo "== installing cargo-afl $AFL_VERSION (builds AFL++; about 80 s on 2 cores)"
    local start=$SECONDS
    cargo install cargo-afl --locked --version "=$AFL_VERSION"
    echo "cargo-afl installed in $((SECONDS - start)) s"
  fi
  # cargo-afl builds AFL++ and its LLVM runtime on install; build them when missing (an
  # install for another rustc). "already built" is the normal answer.
  local out
  if ! out=$(cargo afl config --build 2>&1) && ! grep -q "already built" <<<"$out"; then
    echo "$out" >&2
    exit 1
  fi
}

build() {
  ensure_cargo_afl
  echo "== building the fuzz targets"
  local start=$SECONDS
  cargo afl build --release --locked --target "$TRIPLE"
  echo "fuzz targets built in $((SECONDS - start)) s"
}

# Prints one input so that it can be rebuilt from a CI log: base64 (`base64 -d`) and hex.
show_input() {
  local file=$1
  echo "---- $file ($(stat -c %s "$file") bytes)"
  echo "base64: $(base64 -w0 "$file")"
  od -A x -t x1z -v "$file" | head -n 64
}

# Runs one input through a target outside AFL and shows what it says (the panic message).
repro() {
  local target=$1 file=$2
  local status=0
  timeout 20 "$BIN/$target" <"$file" 2>&1 | tail -n 20 || status=$?
  echo "(exit status $status; 124 = still running after 20 s)"
}

# fuzz TARGET SECONDS: one AFL run; returns 1 when it found a crash or a hang.
fuzz() {
  local target=$1 seconds=$2
  local out=out/$target
  local log=out/$target.log
  mkdir -p out
  local input=seeds/$target
  if [ -d "$out/default/queue" ] && [ "$mode" = long ]; then
    input=- # resume the previous run's queue
  else
    rm -rf "$out"
  fi
  echo "== $target: ${seconds} s (timeout ${TIMEOUT_MS} ms per input, ${MEMORY_MB} MB)"
  local status=0
  cargo afl fuzz -i "$input" -o "$out" -t "$TIMEOUT_MS" -m "$MEMORY_MB" -V "$seconds" \
    -- "$BIN/$target" >"$log" 2>&1 || status=$?
  if [ "$status" != 0 ]; then
    echo "afl-fuzz failed (exit status $status) for $target:"
    tail -n 40 "$log"
    # A seed that crashes or hangs stops AFL before it fuzzes: show which.
    for seed in "seeds/$target"/*; do
      local s=0
      timeout 20 "$BIN/$target" <"$seed" >/dev/null 2>&1 || s=$?
      if [ "$s" != 0 ]; then
        echo "seed $seed fails (exit status $s):"
        show_input "$seed"
        repro "$target" "$seed"
      fi
    done
    return 1
  fi
  local stats=$out/default/fuzzer_stats
  if [ -f "$stats" ]; then
    awk -F' *: *' '/^(execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs) /{printf "%s=%s ", $1, $2} END {print ""}' "$stats"
  fi
  local found=0
  for kind in crashes hangs; do
    local n=0
    for file in "$out/default/$kind"/id:*; do
      [ -e "$file" ] || continue
      n=$((n + 1))
      found=1
      if [ "$n" -le 5 ]; then
        echo "$target: $kind input:"
        show_input "$file"
        repro "$target" "$file"
      fi
    done
    [ "$n" -gt 5 ] && echo "… and $((n - 5)) more $kind in $out/default/$kind"
  done
  return "$found"
}

# run_all SECONDS JOBS TARGET…: fuzzes the targets, JOBS at a time (afl-fuzz is one process on
# one core; -V counts wall time, so on an otherwise idle machine a target gets the same
# executions whether it runs alone or beside others, one per core). Each target's report is
# printed whole when it ends; the targets that found a crash or hang go to `failed`.
run_all() {
  local seconds=$1 jobs=$2
  shift 2
  mkdir -p out
  local -A running=() # pid -> target
  local target
  for target in "$@"; do
    while [ ${#running[@]} -ge "$jobs" ]; do finish_one; done
    fuzz "$target" "$seconds" >"out/$target.report" 2>&1 &
    running[$!]=$target
  done
  while [ ${#running[@]} -gt 0 ]; do finish_one; done
}

finish_one() {
  local pid status=0
  wait -n -p pid "${!running[@]}" || status=$?
  local target=${running[$pid]}
  unset "running[$pid]"
  cat "out/$target.report"
  [ "$status" = 0 ] || failed+=("$target")
}

mode=${1:-smoke}
case "$mode" in
  build)
    build
    ;;
  smoke | long)
    if [ "$mode" = smoke ]; then
      seconds=${2:-20}
    else
      seconds=${2:?usage: run.sh long SECONDS [TARGET…]}
    fi
    shift $(($# < 2 ? $# : 2))
    selected=${*:-$(targets)}
    if [ "$mode" = smoke ]; then jobs=${FUZZ_JOBS:-$(nproc)}; else jobs=${FUZZ_JOBS:-1}; fi
    build
    failed=()
    run_all "$seconds" "$jobs" $selected
    if [ ${#failed[@]} -gt 0 ]; then
      echo "FUZZ FAILED: crashes or hangs in: ${failed[*]} (inputs above; fuzz/out/<target>)"
      exit 1
    fi
    echo "fuzz: no crash or hang in $(wc -w <<<"$selected") targets"
    ;;
  repro)
    target=${2:?usage: run.sh repro TARGET FILE}
    file=${3:?usage: run.sh repro TARGET FILE}
    case "$file" in /*) ;; *) file=$caller_dir/$file ;; esac
    [ -x "$BIN/$target" ] || build
    show_input "$file"
    repro "$target" "$file"
    ;;
  *)
    echo "usage: $0 smoke [SECONDS [TARGET…]] | long SECONDS [TARGET…] | repro TARGET FILE | build" >&2
    exit 2
    ;;
esac
