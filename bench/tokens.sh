#!/usr/bin/env bash
# Token service benchmark (issues 5, 17), release build:
#  (a) wrk -t1 -c64 on GET /api/v1/authorizers/APPID/access-token (a warm token, with the API
#      key, access log on) against nginx doing the same work (`start_nginx` in bench/lib.sh: the
#      same `Authorization: Bearer KEY` check, the same JSON body and headers, an access-log line
#      per request with a request id), ROUNDS alternating rounds: both rates and the ratio of the
#      medians (target >= 0.6); then /healthz on both the same way (target >= 0.8). Each also
#      prints both servers' CPU time per request and its ratio, steadier on a busy machine.
#  (b) 10,000 accounts whose access tokens expire together, the simulator answering after 50 ms:
#      time until all are refreshed, the most upstream calls in flight, and the API's latency
#      while it happens.
# Usage: bench/tokens.sh [seconds per wrk run, default 10] [accounts, default 10000] [rounds, default 5]
# WXOPEN_BENCH_BIN=path runs another build of wxopen-bench (e.g. main's, to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_RUN="${1:-10}"
ACCOUNTS="${2:-10000}"
ROUNDS="${3:-5}"
OUT=bench/out/tokens
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || true
ensure_wrk_nginx

if [ -n "${WXOPEN_BENCH_BIN:-}" ]; then
  bin="$WXOPEN_BENCH_BIN"
else
  echo "building (release)…" >&2
  swift build -c release --product wxopen-bench 2>&1 | tail -1 >&2
  bin="$(swift build -c release --show-bin-path)/wxopen-bench"
fi

"$bin" tokens-server >"$OUT/server.out" 2>"$OUT/server.log" &
SERVER_PID=$!
NGINX_PID=""
trap 'kill $SERVER_PID ${NGINX_PID:-} 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do grep -q '^ready ' "$OUT/server.out" 2>/dev/null && break; sleep 0.1; done
ready="$(grep '^ready ' "$OUT/server.out")"
url="$(sed 's/.*url=\([^ ]*\).*/\1/' <<<"$ready")"
key="$(sed 's/.*key=\([^ ]*\).*/\1/' <<<"$ready")"
appid="$(sed 's/.*appid=\([^ ]*\).*/\1/' <<<"$ready")"

token_url="$url/api/v1/authorizers/$appid/access-token"
# nginx answers with the body wxopen gives for the same request (only expires_in ticks down).
body="$(curl -sf -H "Authorization: Bearer $key" "$token_url")"
nginx_port="$(free_port)"
start_nginx "$nginx_port" "$PWD/$OUT" "$key" "$appid" "$body"
nginx_token_url="http://127.0.0.1:$nginx_port/api/v1/authorizers/$appid/access-token"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$nginx_token_url")" = 401 ] || { echo "bench: nginx does not check the key" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "$token_url")" = 401 ] || { echo "bench: wxopen does not check the key" >&2; exit 1; }

# CPU time per request too: the worker's (nginx) and the server's (wxopen).
export CPU_PIDS="$(pgrep -P "$NGINX_PID" | head -1) $SERVER_PID"
echo "== (a) wrk -t1 -c64 -d${SECONDS_PER_RUN}s, $ROUNDS alternating rounds: warm access token vs nginx with the same check, body and access log (target ratio >= 0.6)"
compare_rates nginx_access_token "$nginx_token_url" wxopen_access_token "$token_url" 64 "$SECONDS_PER_RUN" "$ROUNDS" \
  "Authorization: Bearer $key"
echo "== /healthz, the same way (target ratio >= 0.8)"
compare_rates nginx_healthz "http://127.0.0.1:$nginx_port/healthz" wxopen_healthz "$url/healthz" 64 "$SECONDS_PER_RUN" "$ROUNDS"
echo "wxopen_access_log_lines=$(grep -c 'event=http_request' "$OUT/server.log") nginx_access_log_lines=$(wc -l <"$OUT/nginx-access.log")"
echo "wxopen_peak_rss_mb=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$SERVER_PID/status)"
unset CPU_PIDS
kill $SERVER_PID $NGINX_PID 2>/dev/null || true

echo "== (b) $ACCOUNTS accounts expiring together, upstream latency 50 ms, 4 concurrent refreshes"
"$bin" tokens-storm --accounts "$ACCOUNTS" --latency-ms 50 --concurrency 4 2>>"$OUT/storm.log"

# ---- refresh at scale (issue 17): kept in bench/refresh.sh so this script's other parts merge apart ----
echo "== (c) refresh policy at scale (bench/refresh.sh)"
bench/refresh.sh
