#!/usr/bin/env bash
# One `UID FETCH 1:* BODY.PEEK[]` of a whole large mailbox, read at full speed by one client:
# the rate, the server's CPU for it (utime + stime from /proc, less noisy than the wall clock
# on a shared machine) and its peak resident memory (VmHWM) against its memory before.
# Made to compare FETCH built whole before sending (before) with FETCH sent in chunks.
#
#   BIN=target/release/govmail WORK=/tmp/fetch-bench bash bench/fetch_stream.sh [RUNS] [MB] [REPEAT]
#
# The mailbox: MB megabytes (100 by default) of 2.5 MB messages (a short text and a base64
# attachment), filled by `govmail import mbox`. A run is REPEAT (5) FETCHes of the whole
# mailbox one after the other (the kernel counts CPU in 10 ms ticks: a single FETCH of 100 MB
# is ~10 of them). Prints one RESULT line per run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
WORK=${WORK:-/tmp/govmail-fetch-bench}
RUNS=${1:-3}
MB=${2:-100}
REPEAT=${3:-5}
PORT=${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
PASS=${PASS:-bench-pw-2026}

rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN" init "$WORK/srv" --domain bench.gov.vn >/dev/null
export GOVMAIL_CONFIG="$WORK/srv/govmail.toml"
"$BIN" agency add BENCH "Đơn vị đo hiệu năng" >/dev/null
"$BIN" user add "Người đo" --agency BENCH --address big@bench.gov.vn >/dev/null
echo "$PASS" | "$BIN" user passwd big@bench.gov.vn --password-stdin >/dev/null
sed -i -E "s/^(smtp|submission|submissions|imaps|pop3|pop3s|managesieve|metrics|https|http) = /# \1 = /;
  s/^imap = .*/imap = \"127.0.0.1:$PORT\"/;
  s/^plaintext_auth_on_loopback = .*/plaintext_auth_on_loopback = true/" "$GOVMAIL_CONFIG"
python3 - "$WORK/fill.mbox" "$MB" <<'EOF'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
size = 2_500_000
tail = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJz\n"
with open(path, "w") as f:
    for i in range(mb * 1_000_000 // size):
        f.write("From big@bench.gov.vn Mon Nov  2 08:00:00 2026\n")
        f.write(f"From: big@bench.gov.vn\nSubject: Bao cao {i}\nMessage-ID: <b{i}@bench.gov.vn>\n"
                "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
                "--b\nContent-Type: text/plain\n\nXem tep.\n--b\n"
                "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n")
        f.write("".join(f"{i:08}{n:08}{tail}" for n in range(size // 78)))
        f.write("--b--\n\n")
EOF
"$BIN" import mbox big@bench.gov.vn "$WORK/fill.mbox" >/dev/null
rm -f "$WORK/fill.mbox"

"$BIN" serve 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q "govmail running" "$WORK/serve.log" && break; sleep 0.1; done

for run in $(seq "$RUNS"); do
  python3 - "$PORT" "$PASS" "$SERVER" "$run" "$REPEAT" <<'EOF'
import socket, sys, time, os
port, password, pid, run = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
repeat = int(sys.argv[5])
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def mem(field):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith(field):
            return int(l.split()[1])
s = socket.create_connection(("127.0.0.1", port))
buf = bytearray(1 << 20)
def until(tag):
    seen = b""
    while True:
        n = s.recv_into(buf)
        assert n > 0
        seen = (seen + bytes(buf[:n]))[-4096:]
        if tag in seen:
            return
s.sendall(f"l LOGIN big@bench.gov.vn {password}\r\ns SELECT INBOX\r\n".encode())
until(b"\r\ns OK")
before_rss, cpu0, t0 = mem("VmRSS:"), cpu(), time.monotonic()
total = 0
for _ in range(repeat):
    s.sendall(b"f UID FETCH 1:* BODY.PEEK[]\r\n")
    tailbuf = b""
    while True:
        n = s.recv_into(buf)
        assert n > 0
        total += n
        tailbuf = (tailbuf + bytes(buf[max(0, n - 64):n]))[-128:]
        if b"\r\nf OK" in tailbuf:
            break
        assert b"\r\nf NO" not in tailbuf and b"\r\nf BAD" not in tailbuf, tailbuf
secs, cpus = time.monotonic() - t0, cpu() - cpu0
peak = mem("VmHWM:")
print(f"RESULT run {run}: {total / 1e6:.1f} MB in {secs:.2f} s = {total / 1e6 / secs:.0f} MB/s; "
      f"server CPU {cpus:.2f} s ({cpus / (total / 1e6) * 1000:.2f} ms/MB); "
      f"RSS before {before_rss} KiB, peak {peak} KiB", flush=True)
s.close()
EOF
done
