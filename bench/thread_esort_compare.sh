#!/usr/bin/env bash
# THREAD and ESORT on a 100,000-message mailbox, govmail and Dovecot in the same run (issue 24:
# each under 200 ms). The mailbox is ../shared/bench/bigbox.py's (its deterministic messages),
# written once as a Maildir, imported into govmail (`govmail import maildir`) and given to
# Dovecot (Debian's dovecot-imapd, Maildir, default settings) as its INBOX. Then
# bench/thread_esort.py times each command on each server, alternating, RUNS times.
#
#   cargo build --release -p govmail && bash bench/thread_esort_compare.sh [COUNT] [RUNS]
#
# REUSE=1 keeps a WORK made by an earlier run (the import takes minutes) and only times.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
BIGBOX=${BIGBOX:-$PWD/../shared/bench/bigbox.py}
WORK=${WORK:-/tmp/govmail-thread-bench}
COUNT=${1:-100000}
RUNS=${2:-3}
GOVMAIL_PORT=${GOVMAIL_PORT:-2653}
DOVECOT_PORT=${DOVECOT_PORT:-2654}
PASS=${PASS:-bench-pw-2026}
REUSE=${REUSE:-0}

command -v dovecot >/dev/null || { echo "needs Debian's dovecot-imapd" >&2; exit 1; }
if [ "$REUSE" = 1 ] && [ -f "$WORK/dovecot/dovecot.conf" ]; then
  echo "reusing $WORK" >&2
else
mkdir -p "$WORK" && rm -rf "$WORK/govmail" "$WORK/dovecot" "$WORK"/*.log

# The messages, once, as a Maildir (kept from an earlier run when complete).
if [ "$(ls "$WORK/maildir/cur" 2>/dev/null | wc -l)" != "$COUNT" ]; then
rm -rf "$WORK/maildir"
python3 - "$BIGBOX" "$WORK/maildir" "$COUNT" <<'PY'
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location("bigbox", sys.argv[1])
bigbox = importlib.util.module_from_spec(spec); spec.loader.exec_module(bigbox)
d, count = sys.argv[2], int(sys.argv[3])
for sub in ("new", "cur", "tmp"):
    os.makedirs(os.path.join(d, sub), exist_ok=True)
for i in range(1, count + 1):
    data = bigbox.make_msg(i)
    name = "%d.M%dP1.bench,S=%d:2," % (1700000000 + i * 60, i, len(data))
    with open(os.path.join(d, "cur", name), "wb") as f:
        f.write(data)
PY
fi

# govmail: one account, IMAP only, the Maildir imported.
"$BIN" init "$WORK/govmail" --domain bench.gov.vn >/dev/null
export GOVMAIL_CONFIG="$WORK/govmail/govmail.toml"
"$BIN" agency add BENCH "Đơn vị đo hiệu năng" >/dev/null
echo "$PASS" | "$BIN" user add "Hộp thư lớn" --agency BENCH --address bigbox --password-stdin >/dev/null
sed -i -E "s/^(smtp|submission|submissions|imaps|pop3|pop3s|managesieve|metrics|https|http) = /# \1 = /;
  s/^imap = .*/imap = \"127.0.0.1:$GOVMAIL_PORT\"/;
  s/^plaintext_auth_on_loopback = .*/plaintext_auth_on_loopback = true/" "$GOVMAIL_CONFIG"
t0=$(date +%s.%N)
"$BIN" import maildir bigbox@bench.gov.vn "$WORK/maildir" >"$WORK/import.log" 2>&1
echo "RESULT govmail_import msgs=$COUNT secs=$(echo "$(date +%s.%N) - $t0" | bc)"
unset GOVMAIL_CONFIG

# Dovecot: the same Maildir as bigbox's INBOX.
mkdir -p "$WORK/dovecot"/{run,state,mail}
cp -r "$WORK/maildir" "$WORK/dovecot/mail/bigbox"
chown -R nobody:nogroup "$WORK/dovecot/mail"
echo "bigbox:{PLAIN}$PASS::::::" >"$WORK/dovecot/users"
chmod 0644 "$WORK/dovecot/users"
cat >"$WORK/dovecot/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $WORK/dovecot/run
state_dir = $WORK/dovecot/state
log_path = $WORK/dovecot/log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:$WORK/dovecot/mail/%n
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $WORK/dovecot/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$WORK/dovecot/mail/%n
}
service imap-login {
  inet_listener imap {
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
namespace inbox {
  inbox = yes
  separator = /
}
CONF
fi

"$BIN" serve --config "$WORK/govmail/govmail.toml" >"$WORK/govmail.log" 2>&1 &
GOVMAIL_PID=$!
dovecot -c "$WORK/dovecot/dovecot.conf"
trap 'kill $GOVMAIL_PID 2>/dev/null; doveadm -c "$WORK/dovecot/dovecot.conf" stop 2>/dev/null || true' EXIT
for port in $GOVMAIL_PORT $DOVECOT_PORT; do
  for _ in $(seq 1 300); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
done

for run in $(seq 1 "$RUNS"); do
  python3 bench/thread_esort.py 127.0.0.1 "$GOVMAIL_PORT" bigbox@bench.gov.vn "$PASS" --tag "govmail run=$run"
  python3 bench/thread_esort.py 127.0.0.1 "$DOVECOT_PORT" bigbox "$PASS" --tag "dovecot run=$run"
done
