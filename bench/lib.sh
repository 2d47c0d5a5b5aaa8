# Shared by the bench scripts (source it). Needs python3; wrk and nginx come from apt.

# build_products CONFIGURATION: builds wxopen and wxopen-bench (debug or release); sets BIN.
build_products() {
  swift build -c "$1" --product wxopen >&2
  swift build -c "$1" --product wxopen-bench >&2
  BIN="$(swift build -c "$1" --show-bin-path)"
}

# crash_options NAME DEFAULT_ROUNDS "$@": the crash scripts' `[--rounds N] [--release]`; sets
# `rounds` and `configuration` (debug unless --release).
crash_options() {
  local name="$1"
  rounds="$2" configuration=debug
  shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
      --release) configuration=release; shift ;;
      *) echo "usage: bench/$name [--rounds N] [--release]" >&2; exit 2 ;;
    esac
  done
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

# start_nginx PORT DIR [KEY APPID BODY]: one nginx worker doing what wxopen does for the two
# benchmarked routes, so the ratio compares servers, not workloads; sets NGINX_PID.
#   - an access-log line per request in wxopen's shape: RFC 3339 time, request id, method, path,
#     status, bytes, duration, peer (nginx writes each line with its own write(2));
#   - every answer carries X-Request-Id ($request_id, generated) and X-Content-Type-Options: nosniff;
#   - GET /healthz: 200 "ok", text/plain; charset=utf-8, Cache-Control: no-store;
#   - GET /api/v1/authorizers/APPID/access-token (when KEY is given): 401 unless the request has
#     `Authorization: Bearer KEY`, else 200 with BODY (wxopen's JSON for the same request),
#     application/json; charset=utf-8, Cache-Control: no-store.
start_nginx() {
  local token_location=""
  if [ -n "${3:-}" ]; then
    token_location="location = /api/v1/authorizers/$4/access-token {
      if (\$http_authorization != \"Bearer $3\") { return 401; }
      default_type \"application/json; charset=utf-8\";
      return 200 '$5';
    }"
  fi
  cat >"$2/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $2/nginx.pid;
error_log $2/nginx-error.log;
events { worker_connections 8192; }
http {
  log_format wxopen 'ts=\$time_iso8601 level=info event=http_request request_id=\$request_id method=\$request_method '
                    'path="\$request_uri" status=\$status bytes=\$body_bytes_sent duration_ms=\$request_time '
                    'remote=\$remote_addr:\$remote_port';
  access_log $2/nginx-access.log wxopen;
  server {
    listen 127.0.0.1:$1;
    add_header X-Request-Id \$request_id always;
    add_header X-Content-Type-Options nosniff always;
    add_header Cache-Control no-store always;
    location = /healthz { default_type "text/plain; charset=utf-8"; return 200 "ok"; }
    $token_location
    location / { return 404; }
  }
}
NGINX
  : >"$2/nginx-access.log"
  nginx -c "$2/nginx.conf" &
  NGINX_PID=$!
  wait_healthy "http://127.0.0.1:$1/healthz"
}

# wrk_rate URL CONNECTIONS SECONDS [HEADER]: requests per second and the p99 latency in ms
# (wrk --latency), on one line.
wrk_rate() {
  local args=(-t1 -c"$2" -d"$3s" --latency)
  [ -z "${4:-}" ] || args+=(-H "$4")
  wrk "${args[@]}" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
    /Requests\/sec/ { rate = $2 }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%s %.3f\n", rate, p99 }'
}

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# cpu_ticks PID: user and system CPU time the process has used so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# compare_rates LABEL_A URL_A LABEL_B URL_B CONNECTIONS SECONDS ROUNDS [HEADER]: runs wrk on A
# and B alternately (both sending HEADER, if given), ROUNDS times each, and prints every rate,
# both medians and B's median over A's; then every p99, both medians and A's over B's (read like
# the rate ratio: 1.00 means even, lower means B is slower). Alternating and taking medians keeps
# a shared machine's drift out of the ratios. With CPU_PIDS="PID_A PID_B" (the serving processes:
# nginx's worker, not its master) it also prints each one's CPU time per request over its runs,
# and A's over B's (1.00 means B costs what A does, lower means B costs more): what the requests
# cost, which other work on the machine hardly moves.
compare_rates() {
  local label_a="$1" url_a="$2" label_b="$3" url_b="$4" connections="$5" seconds="$6" rounds="$7" header="${8:-}"
  local a_rates=() b_rates=() a_p99=() b_p99=() rate p99 pid_a="" pid_b="" a_ticks=0 b_ticks=0 before
  if [ -n "${CPU_PIDS:-}" ]; then read -r pid_a pid_b <<<"$CPU_PIDS"; fi
  for _ in $(seq 1 "$rounds"); do
    [ -z "$pid_a" ] || before=$(cpu_ticks "$pid_a")
    read -r rate p99 < <(wrk_rate "$url_a" "$connections" "$seconds" "$header")
    a_rates+=("$rate") a_p99+=("$p99")
    [ -z "$pid_a" ] || a_ticks=$((a_ticks + $(cpu_ticks "$pid_a") - before))
    [ -z "$pid_b" ] || before=$(cpu_ticks "$pid_b")
    read -r rate p99 < <(wrk_rate "$url_b" "$connections" "$seconds" "$header")
    b_rates+=("$rate") b_p99+=("$p99")
    [ -z "$pid_b" ] || b_ticks=$((b_ticks + $(cpu_ticks "$pid_b") - before))
  done
  python3 - "$label_a" "$label_b" "${a_rates[*]}" "${b_rates[*]}" "$a_ticks" "$b_ticks" "$seconds" "$(getconf CLK_TCK)" \
    "${a_p99[*]}" "${b_p99[*]}" <<'PY'
import statistics, sys
label_a, label_b, a, b = sys.argv[1], sys.argv[2], list(map(float, sys.argv[3].split())), list(map(float, sys.argv[4].split()))
a_ticks, b_ticks, seconds, hz = int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
def runs_and_medians(name, digits, runs_a, runs_b):
    """Each side's runs and median of one figure; the two medians."""
    medians = []
    for label, runs in ((label_a, runs_a), (label_b, runs_b)):
        print(f"{label}_{name}_runs=" + ",".join(f"{x:.{digits}f}" for x in runs))
    for label, runs in ((label_a, runs_a), (label_b, runs_b)):
        medians.append(statistics.median(runs))
        print(f"{label}_{name}_median={medians[-1]:.{digits}f}")
    return medians
ma, mb = runs_and_medians("rps", 0, a, b)
print(f"ratio_{label_b}_over_{label_a}={mb/ma:.2f}")
pa, pb = list(map(float, sys.argv[9].split())), list(map(float, sys.argv[10].split()))
qa, qb = runs_and_medians("p99_ms", 2, pa, pb)
print(f"p99_ratio_{label_a}_over_{label_b}={qa/qb:.2f}")
if a_ticks and b_ticks:
    # Requests served: each run's rate over its duration.
    ca, cb = a_ticks / hz / (sum(a) * seconds) * 1e6, b_ticks / hz / (sum(b) * seconds) * 1e6
    print(f"{label_a}_cpu_us_per_request={ca:.2f}")
    print(f"{label_b}_cpu_us_per_request={cb:.2f}")
    print(f"cpu_ratio_{label_a}_over_{label_b}={ca/cb:.2f}")
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
# wrk_rate prints "rate p99_ms" per run.
label, values = sys.argv[1], list(map(float, sys.argv[2].split()))
runs, p99s = values[0::2], values[1::2]
print(f"{label}_rps_runs=" + ",".join(f"{x:.0f}" for x in runs))
print(f"{label}_rps_median={statistics.median(runs):.0f}")
print(f"{label}_p99_ms_median={statistics.median(p99s):.2f}")
PY
  done
}
