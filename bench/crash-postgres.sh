#!/usr/bin/env bash
# Crash test of two instances on PostgreSQL (issue 13): two `wxopen serve` processes on one
# database (a fresh schema per round) answer `success` to each `unauthorized` push only once the
# revoked account is committed. `wxopen-bench push-writer` sends pushes to both over 4
# connections each and records every acknowledgement; one instance is killed with SIGKILL at a
# random moment while the other goes on taking pushes; then every acknowledged account, from
# either instance, must be revoked in the database. Exits non-zero on the first lost write.
#
# Uses WXOPEN_TEST_POSTGRES_URL (as .ci/run sets it), else starts a throwaway cluster with
# .ci/postgres.sh and stops it at the end.
# Usage: bench/crash-postgres.sh [--rounds N] [--release]   (default 6 rounds, debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

# More accounts than a writer can send before the kill (it stops after its last one).
seeded=5000
crash_options crash-postgres.sh 6 "$@"

build_products "$configuration"
bin="$BIN"

work="$(mktemp -d)"
pids=()
own_cluster=""
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
  [ -n "$own_cluster" ] && postgres_stop "$own_cluster"
  return 0
}
trap cleanup EXIT
if [ -z "${WXOPEN_TEST_POSTGRES_URL:-}" ]; then
  source .ci/postgres.sh
  postgres_start
  own_cluster="$WXOPEN_TEST_POSTGRES_DIR"
fi
base="$WXOPEN_TEST_POSTGRES_URL"
psql_bin="$(command -v psql || echo "${WXOPEN_TEST_POSTGRES_BINDIR:-/usr/bin}/psql")"
psql_admin() { PGOPTIONS="-c client_min_messages=warning" "$psql_bin" "$base" -qX -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
export WXOPEN_STORE_KEY="$(head -c 32 /dev/urandom | base64)"

for round in $(seq 1 "$rounds"); do
  schema="wxopen_crash_$$_$round"
  psql_admin "CREATE SCHEMA $schema"
  export WXOPEN_STORE_URL="$base?options=-c%20search_path%3D$schema"
  acks="$work/acks.$round"
  : >"$acks"
  start=$((round * 1000000))
  "$bin/wxopen-bench" seed-authorized --url "$WXOPEN_STORE_URL" --start "$start" --count "$((2 * seeded))"

  ports=()
  for instance in a b; do
    port="$(free_port)"
    ports+=("$port")
    "$bin/wxopen-bench" crash-config --port "$port" --store postgres >"$work/config-$instance.json"
    "$bin/wxopen" serve --config "$work/config-$instance.json" 2>>"$work/server-$instance.log" &
    pids+=($!)
  done
  server_a="${pids[-2]}" server_b="${pids[-1]}"
  for port in "${ports[@]}"; do wait_healthy "http://127.0.0.1:$port/healthz"; done

  # Disjoint ranges: each instance revokes its own share of the seeded accounts.
  "$bin/wxopen-bench" push-writer --port "${ports[0]}" --start "$start" --count "$seeded" --connections 4 >>"$acks" &
  writer_a=$!
  "$bin/wxopen-bench" push-writer --port "${ports[1]}" --start "$((start + seeded))" --count "$seeded" --connections 4 >>"$acks.b" &
  writer_b=$!
  pids+=("$writer_a" "$writer_b")
  for _ in $(seq 1 200); do [ -s "$acks" ] && [ -s "$acks.b" ] && break; sleep 0.02; done
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", (r % 500) / 1000 }')"
  kill -9 "$server_a"
  { wait "$server_a"; } 2>/dev/null || true
  before_b="$(wc -l <"$acks.b")"
  # b keeps acknowledging while a is dead.
  sleep 0.5
  after_b="$(wc -l <"$acks.b")"
  kill -9 "$writer_b" "$server_b" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$writer_a" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$writer_a" 2>/dev/null || true
  { wait "$writer_a" "$writer_b" "$server_b"; } 2>/dev/null || true
  pids=()
  if [ "$after_b" -le "$before_b" ]; then
    echo "round $round: FAILED: b stopped acknowledging when a died ($before_b then $after_b)"
    tail -20 "$work/server-b.log"; exit 1
  fi

  cat "$acks.b" >>"$acks"
  if ! out="$("$bin/wxopen-bench" verify-revoked --url "$WXOPEN_STORE_URL" --acks "$acks" 2>&1)"; then
    echo "round $round: FAILED"
    echo "$out"
    echo "--- server a log:"; tail -20 "$work/server-a.log"
    exit 1
  fi
  echo "round $round: $out (b acknowledged $((after_b - before_b)) while a was dead)"
  psql_admin "DROP SCHEMA $schema CASCADE"
done
echo "crash-postgres: ok, $rounds rounds"
