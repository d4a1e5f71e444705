#!/usr/bin/env bash
# IMAP throughput against Dovecot, side by side (issue 18 asks for at least 3x Dovecot):
# ../shared/bench/imap_load.py (10 imaplib clients: LOGIN, SELECT, 5 x (FETCH BODY.PEEK[],
# STORE, SEARCH), APPEND, LOGOUT) against a release govmail and against Debian's Dovecot
# (dovecot-imapd, Maildir, default settings but for raised connection limits), runs
# alternating so that the machine's drift hits both alike.
#
#   cargo build --release -p govmail && bash bench/imap_compare.sh [RUNS] [SECS]
#
# Both have users user1..user100 with password $PASS (govmail wants 10 characters or more), plain-text login on
# loopback, mailboxes that start empty. Prints one RESULT line per run and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/target/release/govmail}
LOAD=${LOAD:-$PWD/../shared/bench/imap_load.py}
WORK=${WORK:-/tmp/govmail-imap-bench}
RUNS=${1:-3}
SECS=${2:-20}
CLIENTS=${CLIENTS:-10}
GOVMAIL_PORT=${GOVMAIL_PORT:-2643}
DOVECOT_PORT=${DOVECOT_PORT:-2644}
PASS=${PASS:-bench-pw-2026}

command -v dovecot >/dev/null || { echo "needs Debian's dovecot-imapd" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"

# govmail: a store with the 100 users, IMAP only.
"$BIN" init "$WORK/govmail" --domain bench.gov.vn >/dev/null
export GOVMAIL_CONFIG="$WORK/govmail/govmail.toml"
"$BIN" agency add BENCH "Đơn vị đo hiệu năng" >/dev/null
{ echo "Họ và tên;Mã đơn vị;Địa chỉ"
  for i in $(seq 1 100); do echo "Người dùng $i;BENCH;user$i@bench.gov.vn"; done
} >"$WORK/staff.csv"
"$BIN" user import "$WORK/staff.csv" --out "$WORK/passwords.csv" >/dev/null
for i in $(seq 1 100); do
  echo "$PASS" | "$BIN" user passwd "user$i@bench.gov.vn" --password-stdin >/dev/null
done
sed -i -E "s/^(smtp|submission|submissions|imaps|pop3|pop3s|managesieve|metrics|https|http) = /# \1 = /;
  s/^imap = .*/imap = \"127.0.0.1:$GOVMAIL_PORT\"/;
  s/^plaintext_auth_on_loopback = .*/plaintext_auth_on_loopback = true/" "$GOVMAIL_CONFIG"
unset GOVMAIL_CONFIG

# Dovecot: IMAP only, Maildir under $WORK, its own base and state dirs.
mkdir -p "$WORK/dovecot"/{run,state,mail}
chmod 0777 "$WORK/dovecot/mail"
for i in $(seq 1 100); do echo "user$i:{PLAIN}$PASS::::::"; done >"$WORK/dovecot/users"
chmod 0644 "$WORK/dovecot/users"
cat >"$WORK/dovecot/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $WORK/dovecot/run
state_dir = $WORK/dovecot/state
log_path = $WORK/dovecot/log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:$WORK/dovecot/mail/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 0
mail_max_userip_connections = 100
default_client_limit = 10000
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
service imap {
  process_limit = 10000
}
namespace inbox {
  inbox = yes
  separator = /
}
EOF

"$BIN" serve --config "$WORK/govmail/govmail.toml" >"$WORK/govmail.log" 2>&1 &
GOVMAIL_PID=$!
dovecot -c "$WORK/dovecot/dovecot.conf"
trap 'kill $GOVMAIL_PID 2>/dev/null; doveadm -c "$WORK/dovecot/dovecot.conf" stop 2>/dev/null || true' EXIT
for port in $GOVMAIL_PORT $DOVECOT_PORT; do
  for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
done

rates() { grep -o 'ops_per_s=[0-9.]*' | cut -d= -f2; }
: >"$WORK/results"
for run in $(seq 1 "$RUNS"); do
  for who in govmail dovecot; do
    port=$GOVMAIL_PORT; [ "$who" = dovecot ] && port=$DOVECOT_PORT
    out=$(python3 "$LOAD" 127.0.0.1 "$port" --clients "$CLIENTS" --secs "$SECS" --seed "$run" \
      --password "$PASS" --user-tmpl "user%d@bench.gov.vn" --tag "$who")
    rate=$(echo "$out" | grep '^RESULT' | head -1 | rates || true)
    echo "RESULT imap_compare run=$run server=$who ops_per_s=${rate:-?}"
    echo "$who ${rate:-0}" >>"$WORK/results"
    echo "$out" | grep -E '^RESULT' | sed 's/^/  /'
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
g=$(grep '^govmail ' "$WORK/results" | cut -d' ' -f2 | median)
d=$(grep '^dovecot ' "$WORK/results" | cut -d' ' -f2 | median)
echo "MEDIAN govmail=$g dovecot=$d ratio=$(awk -v g="$g" -v d="$d" 'BEGIN {printf "%.2f", (d > 0) ? g / d : 0}')"
