#!/usr/bin/env bash
# Network mutation fuzzing of one protocol against a real govmail on loopback, then
# `govmail check --deep` of its data. Usage:
#   fuzz/net/run.sh PROTOCOL SECONDS [WORKERS]
# PROTOCOL: smtp | submission | imap | pop3 | managesieve. GOVMAIL=path picks the binary
# (default: target/release/govmail, else target/debug/govmail). Exit 0 only if the fuzzer saw
# no crash, hang or memory growth and the store checks clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
proto=${1:?protocol}
seconds=${2:?seconds}
workers=${3:-6}
bin=${GOVMAIL:-}
if [ -z "$bin" ]; then
  if [ -x target/release/govmail ]; then bin=target/release/govmail; else bin=target/debug/govmail; fi
fi
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
domain=fuzz.gov.vn
user=annv@$domain
password=Mat-khau-fuzz-2026

ports=$(python3 -c 'import socket
ss=[socket.socket() for _ in range(8)]
[s.bind(("127.0.0.1",0)) for s in ss]
print(" ".join(str(s.getsockname()[1]) for s in ss))')
read -r smtp sub subs imap imaps pop3 pop3s sieve <<<"$ports"

"$bin" init "$work/srv" --domain "$domain" >/dev/null
conf=$work/srv/govmail.toml
python3 - "$conf" "$smtp" "$sub" "$subs" "$imap" "$imaps" "$pop3" "$pop3s" "$sieve" <<'EOF'
import re, sys
path, smtp, sub, subs, imap, imaps, pop3, pop3s, sieve = sys.argv[1:]
text = open(path).read()
start, end = text.index("[listen]"), text.index("[accounts]")
listen = ("[listen]\nsmtp = \"127.0.0.1:%s\"\nsubmission = \"127.0.0.1:%s\"\nsubmissions = \"127.0.0.1:%s\"\n"
          "imap = \"127.0.0.1:%s\"\nimaps = \"127.0.0.1:%s\"\npop3 = \"127.0.0.1:%s\"\n"
          "pop3s = \"127.0.0.1:%s\"\nmanagesieve = \"127.0.0.1:%s\"\n\n") % (smtp, sub, subs, imap, imaps, pop3, pop3s, sieve)
text = text[:start] + listen + text[end:]
# Plain-text logins from loopback: the fuzzer spends its time in the protocols, not in TLS.
text = text.replace("plaintext_auth_on_loopback = false", "plaintext_auth_on_loopback = true")
# No SPF/DKIM/DMARC lookups (there is no network here).
text = re.sub(r"(?m)^#?\s*check_sender_auth = .*$", "check_sender_auth = false", text)
open(path, "w").write(text)
EOF
export GOVMAIL_CONFIG=$conf
"$bin" agency add STTTT "Sở Thông tin và Truyền thông" >/dev/null
"$bin" user add "Nguyễn Văn An" --agency STTTT >/dev/null
echo "$password" | "$bin" user passwd "$user" --password-stdin >/dev/null

RUST_LOG=warn "$bin" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $smtp), 1)" 2>/dev/null && break
  sleep 0.2
done
# A few messages for FETCH, RETR and SEARCH to work on.
python3 - "$smtp" "$user" <<'EOF'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
for i in range(5):
    s.sendmail("van.thu@ext.test", [sys.argv[2]],
               ("From: Văn thư <van.thu@ext.test>\r\nTo: %s\r\nSubject: Giấy mời họp số %d/GM-UBND\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\nKính gửi anh An.\r\n" % (sys.argv[2], i)).encode())
s.quit()
EOF

case $proto in
  smtp) port=$smtp ;;
  submission) port=$sub ;;
  imap) port=$imap ;;
  pop3) port=$pop3 ;;
  managesieve) port=$sieve ;;
  *) echo "unknown protocol $proto" >&2; exit 2 ;;
esac
status=0
python3 fuzz/net/netfuzz.py "$proto" --port "$port" --pid "$pid" --user "$user" \
  --password "$password" --domain "$domain" --seconds "$seconds" --workers "$workers" \
  --out "${NETFUZZ_OUT:-netfuzz-$proto-failure.bin}" ${NETFUZZ_SEED:+--seed $NETFUZZ_SEED} || status=1
if ! kill -0 "$pid" 2>/dev/null; then
  echo "the server is gone; its log:"; tail -50 "$work/serve.log"; exit 1
fi
kill -TERM "$pid"
for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$pid" 2>/dev/null; then
  echo "the server did not stop within 30 s of SIGTERM; its threads and the end of its log:"
  status=1
  command -v gdb >/dev/null && gdb -p "$pid" -batch -ex "thread apply all bt 12" 2>/dev/null | grep -E '^(Thread|#)' | head -150
  tail -30 "$work/serve.log"
  kill -KILL "$pid"
fi
wait "$pid" 2>/dev/null || true
if "$bin" check --deep; then echo "govmail check --deep: clean"; else echo "govmail check --deep: PROBLEMS"; status=1; fi
if grep -q panicked "$work/serve.log"; then grep -B2 -A10 panicked "$work/serve.log" | head -40; status=1; fi
exit $status
