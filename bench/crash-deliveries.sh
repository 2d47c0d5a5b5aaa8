#!/usr/bin/env bash
# Crash test of the message front door (issue 12): `wxopen serve` acknowledges users' messages
# only once they are durable in the outbox. With the platform's service down, `wxopen-bench
# message-writer` sends texts to 20 accounts (each account's in order) and records every
# `success`; the server is killed with SIGKILL at a random moment, started again, the service
# (`wxopen-bench fake-service`) brought up, and every acknowledged message must reach it, at
# least once and in order per account (`wxopen-bench verify-deliveries`). Rounds reuse the same
# stores (one plain, one encrypted), so later rounds also deliver what earlier kills left behind.
# Usage: bench/crash-deliveries.sh [--rounds N] [--release]   (default 6 rounds, debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

crash_options crash-deliveries.sh 6 "$@"

build_products "$configuration"
bin="$BIN"

work="$(mktemp -d)"
server="" writer="" service=""
stop() {
  if [ -n "${!1}" ]; then kill -9 "${!1}" 2>/dev/null || true; wait "${!1}" 2>/dev/null || true; fi
  eval "$1=''"
}
cleanup() { stop server; stop writer; stop service; rm -rf "$work"; }
trap cleanup EXIT
key="$(head -c 32 /dev/urandom | base64)"

start_server() {
  "$bin/wxopen" serve --config "$work/config.json" 2>>"$work/server.log" &
  server=$!
  wait_healthy "http://127.0.0.1:$port/healthz"
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 0 ]; then store="$work/encrypted"; export WXOPEN_STORE_KEY="$key"
  else store="$work/plain"; unset WXOPEN_STORE_KEY; fi
  acks="$store.acks" delivered="$store.delivered"
  touch "$acks" "$delivered"
  before="$(wc -l <"$acks")"
  port="$(free_port)" service_port="$(free_port)"
  "$bin/wxopen-bench" message-config --port "$port" --store "$store/data" \
    --forward "http://127.0.0.1:$service_port/hook" >"$work/config.json"

  # The service is down: every message waits in the outbox.
  start_server
  "$bin/wxopen-bench" message-writer --port "$port" --start $((round * 1000000)) --accounts 20 >>"$acks" &
  writer=$!
  for _ in $(seq 1 200); do [ "$(wc -l <"$acks")" -gt "$before" ] && break; sleep 0.02; done
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.2 + (r % 600) / 1000 }')"
  stop server
  for _ in $(seq 1 100); do kill -0 "$writer" 2>/dev/null || break; sleep 0.05; done
  stop writer

  # Back up, and the service with it: the backlog must drain to it.
  start_server
  "$bin/wxopen-bench" fake-service --port "$service_port" --out "$delivered" &
  service=$!
  if ! out="$("$bin/wxopen-bench" verify-deliveries --acks "$acks" --delivered "$delivered" --wait 90 2>&1)"; then
    echo "round $round: FAILED"
    echo "$out"
    echo "--- server log:"; tail -20 "$work/server.log"
    exit 1
  fi
  kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
  stop service
  echo "round $round: $out (+$(( $(wc -l <"$acks") - before )) acknowledged this round)"
done
echo "crash-deliveries: ok, $rounds rounds"
