#!/usr/bin/env bash
# Token service benchmark (issue 5), release build:
#  (a) wrk -t1 -c64 on GET /api/v1/authorizers/APPID/access-token (a warm token, with the API
#      key) against nginx's static `return 200` in the same run: both rates and the ratio
#      (target >= 0.4).
#  (b) 10,000 accounts whose access tokens expire together, the simulator answering after 50 ms:
#      time until all are refreshed, the most upstream calls in flight, and the API's latency
#      while it happens.
# Usage: bench/tokens.sh [seconds per wrk run, default 10] [accounts, default 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN="${1:-10}"
ACCOUNTS="${2:-10000}"
OUT=bench/out/tokens
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || true
ensure_wrk_nginx

echo "building (release)…" >&2
swift build -c release --product wxopen-bench 2>&1 | tail -1 >&2
bin="$(swift build -c release --show-bin-path)/wxopen-bench"

"$bin" tokens-server >"$OUT/server.out" 2>"$OUT/server.log" &
SERVER_PID=$!
NGINX_PID=""
trap 'kill $SERVER_PID ${NGINX_PID:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do grep -q '^ready ' "$OUT/server.out" 2>/dev/null && break; sleep 0.1; done
ready="$(grep '^ready ' "$OUT/server.out")"
url="$(sed 's/.*url=\([^ ]*\).*/\1/' <<<"$ready")"
key="$(sed 's/.*key=\([^ ]*\).*/\1/' <<<"$ready")"
appid="$(sed 's/.*appid=\([^ ]*\).*/\1/' <<<"$ready")"

nginx_port="$(free_port)"
start_nginx "$nginx_port" "$PWD/$OUT"

echo "== (a) wrk -t1 -c64 -d${SECONDS_PER_RUN}s, 3 alternating rounds: warm access token vs nginx static (target ratio >= 0.4)"
compare_rates nginx_static "http://127.0.0.1:$nginx_port/" wxopen_access_token "$url/api/v1/authorizers/$appid/access-token" \
  64 "$SECONDS_PER_RUN" 3 "Authorization: Bearer $key"
echo "wxopen_peak_rss_mb=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$SERVER_PID/status)"
kill $SERVER_PID $NGINX_PID 2>/dev/null || true

echo "== (b) $ACCOUNTS accounts expiring together, upstream latency 50 ms, 4 concurrent refreshes"
"$bin" tokens-storm --accounts "$ACCOUNTS" --latency-ms 50 --concurrency 4 2>>"$OUT/storm.log"

# ---- refresh at scale (issue 17): kept in bench/refresh.sh so this script's other parts merge apart ----
echo "== (c) refresh policy at scale (bench/refresh.sh)"
bench/refresh.sh
