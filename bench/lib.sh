# Shared by the bench scripts (source it). Needs python3; wrk and nginx come from apt.

# build_products CONFIGURATION: builds wxopen and wxopen-bench (debug or release); sets BIN.
build_products() {
  swift build -c "$1" --product wxopen >&2
  swift build -c "$1" --product wxopen-bench >&2
  BIN="$(swift build -c "$1" --show-bin-path)"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_healthy URL: waits up to 20 s for a 200.
wait_healthy() {
  for _ in $(seq 1 400); do
    python3 -c "import urllib.request; urllib.request.urlopen('$1', timeout=1)" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: $1 did not come up" >&2
  return 1
}

ensure_wrk_nginx() {
  if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    echo "installing wrk and nginx (apt)…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
  fi
}

# start_nginx PORT DIR: one worker answering `return 200 "ok"` with an access log; sets NGINX_PID.
start_nginx() {
  cat >"$2/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $2/nginx.pid;
error_log $2/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log $2/nginx-access.log;
  server { listen 127.0.0.1:$1; location / { return 200 "ok"; } }
}
NGINX
  nginx -c "$2/nginx.conf" &
  NGINX_PID=$!
  wait_healthy "http://127.0.0.1:$1/"
}

# wrk_rate URL CONNECTIONS SECONDS [HEADER]: requests per second.
wrk_rate() {
  if [ -n "${4:-}" ]; then
    wrk -t1 -c"$2" -d"$3s" -H "$4" "$1" | awk '/Requests\/sec/ {print $2}'
  else
    wrk -t1 -c"$2" -d"$3s" "$1" | awk '/Requests\/sec/ {print $2}'
  fi
}

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# compare_rates LABEL_A URL_A LABEL_B URL_B CONNECTIONS SECONDS ROUNDS [HEADER_FOR_B]: runs wrk on A
# and B alternately, ROUNDS times each, and prints every rate, both medians and B's median over
# A's. Alternating and taking medians keeps a shared machine's drift out of the ratio.
compare_rates() {
  local label_a="$1" url_a="$2" label_b="$3" url_b="$4" connections="$5" seconds="$6" rounds="$7" header="${8:-}"
  local a_rates=() b_rates=()
  for _ in $(seq 1 "$rounds"); do
    a_rates+=("$(wrk_rate "$url_a" "$connections" "$seconds")")
    b_rates+=("$(wrk_rate "$url_b" "$connections" "$seconds" "$header")")
  done
  python3 - "$label_a" "$label_b" "${a_rates[*]}" "${b_rates[*]}" <<'PY'
import statistics, sys
label_a, label_b, a, b = sys.argv[1], sys.argv[2], list(map(float, sys.argv[3].split())), list(map(float, sys.argv[4].split()))
print(f"{label_a}_rps_runs=" + ",".join(f"{x:.0f}" for x in a))
print(f"{label_b}_rps_runs=" + ",".join(f"{x:.0f}" for x in b))
ma, mb = statistics.median(a), statistics.median(b)
print(f"{label_a}_rps_median={ma:.0f}")
print(f"{label_b}_rps_median={mb:.0f}")
print(f"ratio_{label_b}_over_{label_a}={mb/ma:.2f}")
PY
}

# median_rates CONNECTIONS SECONDS ROUNDS LABEL URL HEADER [LABEL URL HEADER ...]: runs wrk on each
# URL in turn (with its header, "" for none), ROUNDS times over, and prints every rate and each
# median (LABEL_rps_median). Alternating keeps a shared machine's drift out of the comparison,
# as compare_rates does for two.
median_rates() {
  local connections="$1" seconds="$2" rounds="$3"
  shift 3
  local labels=() urls=() headers=() runs=()
  while [ $# -gt 0 ]; do labels+=("$1"); urls+=("$2"); headers+=("$3"); runs+=(""); shift 3; done
  for _ in $(seq 1 "$rounds"); do
    for i in "${!urls[@]}"; do runs[$i]="${runs[$i]} $(wrk_rate "${urls[$i]}" "$connections" "$seconds" "${headers[$i]}")"; done
  done
  for i in "${!labels[@]}"; do
    python3 - "${labels[$i]}" "${runs[$i]}" <<'PY'
import statistics, sys
label, runs = sys.argv[1], list(map(float, sys.argv[2].split()))
print(f"{label}_rps_runs=" + ",".join(f"{x:.0f}" for x in runs))
print(f"{label}_rps_median={statistics.median(runs):.0f}")
PY
  done
}
