#!/usr/bin/env bash
# Several instances on PostgreSQL (issue 13), release build, against a throwaway cluster started
# here with fsync on (the file store fsyncs too):
#  (a) wrk -t1 -c64 on a warm GET /api/v1/authorizers/APPID/access-token: each of two instances
#      on one database, and one instance on the file store, in the same run, alternating, 3
#      rounds, medians, and the ratio; plus the database transactions during one PostgreSQL run
#      (a warm read is served from memory: this should be about 0).
#  (b) unauthorized pushes per second that `wxopen serve` verifies, decrypts, stores and
#      acknowledges, on PostgreSQL and on the file store.
#  (c) ACCOUNTS accounts whose tokens expired, refreshed by the refresher of two instances at
#      once: time, upstream calls (= accounts: none twice), each instance's share.
# Usage: bench/postgres.sh [seconds per wrk run, default 10] [accounts, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source .ci/postgres.sh
SECONDS_PER_RUN="${1:-10}"
ACCOUNTS="${2:-100000}"
OUT=bench/out/postgres
mkdir -p "$OUT"
ulimit -n 65536 2>/dev/null || true
ensure_wrk_nginx

echo "building (release)…" >&2
swift build -c release --product wxopen-bench 2>&1 | tail -1 >&2
swift build -c release --product wxopen 2>&1 | tail -1 >&2
bin="$(swift build -c release --show-bin-path)"

pids=()
work="$(mktemp -d)"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
  postgres_stop
}
trap cleanup EXIT
WXOPEN_POSTGRES_FSYNC=on postgres_start
psql_bin="$(command -v psql || echo "$WXOPEN_TEST_POSTGRES_BINDIR/psql")"
sql() { PGOPTIONS="-c client_min_messages=warning" "$psql_bin" "$WXOPEN_TEST_POSTGRES_URL" -qXAt -v ON_ERROR_STOP=1 -c "$1"; }
schema_url() { sql "CREATE SCHEMA $1" >/dev/null; echo "$WXOPEN_TEST_POSTGRES_URL?options=-c%20search_path%3D$1"; }
transactions() { sql "SELECT pg_stat_force_next_flush()" >/dev/null 2>&1 || true; sql "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }

# ready_line FILE: waits for the server's `ready` line.
ready_line() { for _ in $(seq 1 600); do grep -q '^ready ' "$1" 2>/dev/null && break; sleep 0.1; done; grep '^ready ' "$1"; }
field() { sed "s/.*$1=\([^ ]*\).*/\1/" <<<"$2"; }

echo "== (a) warm access token, wrk -t1 -c64 -d${SECONDS_PER_RUN}s, 3 alternating rounds: two instances on PostgreSQL, one on the file store"
"$bin/wxopen-bench" tokens-server >"$OUT/file.out" 2>"$OUT/file.log" &
pids+=($!)
"$bin/wxopen-bench" tokens-server --store-url "$(schema_url tokens)" --instances 2 >"$OUT/pg.out" 2>"$OUT/pg.log" &
pids+=($!)
file_ready="$(ready_line "$OUT/file.out")" pg_ready="$(ready_line "$OUT/pg.out")"
appid="$(field appid "$file_ready")"
path="/api/v1/authorizers/$appid/access-token"
file_url="$(field url "$file_ready")$path" pg_a="$(field url "$pg_ready")$path"
pg_b="$(field url "$(grep '^instance ' "$OUT/pg.out" | head -1)")$path"
median_rates 64 "$SECONDS_PER_RUN" 3 \
  file_store "$file_url" "Authorization: Bearer $(field key "$file_ready")" \
  postgres_a "$pg_a" "Authorization: Bearer $(field key "$pg_ready")" \
  postgres_b "$pg_b" "Authorization: Bearer $(field key "$pg_ready")" | tee "$OUT/rates.txt"
python3 - "$OUT/rates.txt" <<'PY'
import sys
rates = dict(line.strip().split("=") for line in open(sys.argv[1]) if "_median=" in line)
file, a, b = (float(rates[f"{k}_rps_median"]) for k in ("file_store", "postgres_a", "postgres_b"))
print(f"ratio_postgres_instance_over_file={min(a, b) / file:.2f}")
print(f"postgres_two_instances_rps_sum={a + b:.0f}")
PY
before="$(transactions)"
requests="$(wrk -t1 -c64 -d5s -H "Authorization: Bearer $(field key "$pg_ready")" "$pg_a" | awk '/requests in/ {print $1}')"
sleep 1
after="$(transactions)"
echo "postgres_warm_requests=$requests database_transactions_meanwhile=$((after - before)) (two of them this script's own queries)"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
pids=()

echo "== (b) unauthorized pushes acknowledged per second (16 connections, 10 s)"
pushes=30000
for kind in postgres file; do
  port="$(free_port)"
  if [ "$kind" = postgres ]; then
    export WXOPEN_STORE_URL="$(schema_url pushes)"
    "$bin/wxopen-bench" seed-authorized --url "$WXOPEN_STORE_URL" --start 1 --count "$pushes"
    "$bin/wxopen-bench" crash-config --port "$port" --store postgres >"$work/config.json"
  else
    unset WXOPEN_STORE_URL
    "$bin/wxopen-bench" seed-authorized --path "$work/data" --start 1 --count "$pushes"
    "$bin/wxopen-bench" crash-config --port "$port" --store "$work/data" >"$work/config.json"
  fi
  "$bin/wxopen" serve --config "$work/config.json" 2>"$OUT/serve-$kind.log" &
  pids+=($!)
  wait_healthy "http://127.0.0.1:$port/healthz"
  echo "-- $kind"
  "$bin/wxopen-bench" push-load --port "$port" --seconds 10 --connections 16 --kind unauthorized
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  pids=()
done
unset WXOPEN_STORE_URL

echo "== (c) $ACCOUNTS expired accounts, refreshed by two instances' refreshers at once"
"$bin/wxopen-bench" refresh-fleet --store-url "$(schema_url fleet)" --accounts "$ACCOUNTS" --instances 2 2>>"$OUT/fleet.log"
