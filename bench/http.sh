#!/usr/bin/env bash
# HTTP benchmark (issue 2): wxopen's /healthz against nginx (one worker, `return 200 "ok"`)
# with wrk in the same run, both with an access log; then -c1000; then 2,000 slow clients.
# Usage: bench/http.sh [seconds per wrk run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
OUT=bench/out/http
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  echo "installing wrk and nginx (apt)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi

echo "building wxopen (release)…"
swift build -c release --product wxopen 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/wxopen

WX_PORT=18081 NGINX_PORT=18082
sed -e "s/\"port\": 8080/\"port\": $WX_PORT/" -e 's/"kind": "file"/"kind": "memory"/' config.example.json > "$OUT/config.json"
cat > "$OUT/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $PWD/$OUT/nginx.pid;
error_log $PWD/$OUT/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log $PWD/$OUT/nginx-access.log;
  server { listen 127.0.0.1:$NGINX_PORT; location / { return 200 "ok"; } }
}
NGINX

"$BIN" serve --config "$OUT/config.json" 2>"$OUT/wxopen.log" &
WX_PID=$!
nginx -c "$PWD/$OUT/nginx.conf" &
NGINX_PID=$!
trap 'kill $WX_PID $NGINX_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$WX_PORT/healthz" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

rate() { wrk -t1 -c"$2" -d"${SECONDS_PER_RUN}s" "$1" | awk '/Requests\/sec/ {print $2}'; }

echo "== wrk -t1 -c64 -d${SECONDS_PER_RUN}s /healthz"
NGINX_64=$(rate "http://127.0.0.1:$NGINX_PORT/healthz" 64)
WX_64=$(rate "http://127.0.0.1:$WX_PORT/healthz" 64)
echo "nginx_rps=$NGINX_64"
echo "wxopen_rps=$WX_64"
echo "ratio_wxopen_over_nginx=$(python3 -c "print(f'{$WX_64/$NGINX_64:.2f}')")  (target >= 0.5)"

echo "== wrk -t1 -c1000 -d${SECONDS_PER_RUN}s /healthz"
NGINX_1000=$(rate "http://127.0.0.1:$NGINX_PORT/healthz" 1000)
WX_1000=$(rate "http://127.0.0.1:$WX_PORT/healthz" 1000)
echo "nginx_rps_c1000=$NGINX_1000"
echo "wxopen_rps_c1000=$WX_1000"
echo "ratio_c1000=$(python3 -c "print(f'{$WX_1000/$NGINX_1000:.2f}')")"

echo "== 2,000 slow clients (one header byte per second) against wxopen, 15 s (header timeout 10 s)"
python3 bench/slowloris.py --port "$WX_PORT" --connections 2000 --duration 15

kill -0 $WX_PID 2>/dev/null && echo "wxopen_alive=yes" || { echo "wxopen_alive=NO"; exit 1; }
echo "wxopen_peak_rss_mb=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$WX_PID/status)  (target < 40)"
