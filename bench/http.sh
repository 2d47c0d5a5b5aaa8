#!/usr/bin/env bash
# HTTP benchmark (issues 2, 17): wxopen's /healthz against nginx answering it the same way (one
# worker, the same body and headers, an access-log line per request with a request id: see
# `start_nginx` in bench/lib.sh) with wrk in the same run, 5 alternating rounds, median of each
# (target ratio >= 0.8); then -c1000; then 2,000 slow clients.
# Usage: bench/http.sh [seconds per wrk run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN="${1:-10}"
OUT="$PWD/bench/out/http"
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ensure_wrk_nginx

echo "building wxopen (release)…"
swift build -c release --product wxopen 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/wxopen

WX_PORT="$(free_port)" NGINX_PORT="$(free_port)"
sed -e "s/\"port\": 8080/\"port\": $WX_PORT/" -e 's/"kind": "file"/"kind": "memory"/' config.example.json > "$OUT/config.json"
"$BIN" serve --config "$OUT/config.json" 2>"$OUT/wxopen.log" &
WX_PID=$!
NGINX_PID=""
trap 'kill $WX_PID ${NGINX_PID:-} 2>/dev/null || true' EXIT
wait_healthy "http://127.0.0.1:$WX_PORT/healthz"
start_nginx "$NGINX_PORT" "$OUT"

echo "== wrk -t1 -c64 -d${SECONDS_PER_RUN}s /healthz, 5 alternating rounds (target ratio >= 0.8)"
CPU_PIDS="$(pgrep -P "$NGINX_PID" | head -1) $WX_PID" \
  compare_rates nginx "http://127.0.0.1:$NGINX_PORT/healthz" wxopen "http://127.0.0.1:$WX_PORT/healthz" 64 "$SECONDS_PER_RUN" 5
echo "== wrk -t1 -c1000 -d${SECONDS_PER_RUN}s /healthz"
compare_rates nginx_c1000 "http://127.0.0.1:$NGINX_PORT/healthz" wxopen_c1000 "http://127.0.0.1:$WX_PORT/healthz" 1000 "$SECONDS_PER_RUN" 1

echo "== 2,000 slow clients (one header byte per second) against wxopen, 15 s (header timeout 10 s)"
python3 bench/slowloris.py --port "$WX_PORT" --connections 2000 --duration 15

kill -0 $WX_PID 2>/dev/null && echo "wxopen_alive=yes" || { echo "wxopen_alive=NO"; exit 1; }
echo "wxopen_peak_rss_mb=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$WX_PID/status)  (target < 40)"
