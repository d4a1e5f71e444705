# Sourced by the delivery benchmarks (policy_cost.sh, delivery_compare.sh): one prepared store
# that every run copies, and a check that the port is free. Needs BIN, WORK and PORT set.

# Makes $WORK/template once: domain bench.gov.vn, agency BENCH, user1..user100, and only the
# MX port (on $PORT) listening, with enough connections for the load.
prepare_bench_store() {
  [ -f "$WORK/template/data/govmail.db" ] && return 0
  rm -rf "$WORK" && mkdir -p "$WORK"
  "$BIN" init "$WORK/template" --domain bench.gov.vn >/dev/null
  export GOVMAIL_CONFIG="$WORK/template/govmail.toml"
  "$BIN" agency add BENCH "Đơn vị đo hiệu năng" >/dev/null
  { echo "Họ và tên;Mã đơn vị;Địa chỉ"
    for i in $(seq 1 100); do echo "Người dùng $i;BENCH;user$i@bench.gov.vn"; done
  } > "$WORK/staff.csv"
  "$BIN" user import "$WORK/staff.csv" --out "$WORK/passwords.csv" >/dev/null
  unset GOVMAIL_CONFIG
  sed -i -E "s/^(submission|submissions|imap|imaps|pop3|pop3s|managesieve|metrics|https|http) = /# \1 = /;
    s/^smtp = .*/smtp = \"127.0.0.1:$PORT\"/;
    s/^max_connections_per_ip = .*/max_connections_per_ip = 500/" "$WORK/template/govmail.toml"
}

# Another server on the port would take the load and the benchmark would wait for ever.
require_free_port() {
  if (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null; then
    echo "port $PORT is already in use: stop what listens there, or set PORT" >&2
    exit 1
  fi
}
