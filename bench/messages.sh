#!/usr/bin/env bash
# Benchmark of the message front door (issue 12). `wxopen serve` (release, file store) receives
# users' texts for 100 accounts from `wxopen-bench message-load` (16 keep-alive connections):
#  1. with a local service that answers at once (`wxopen-bench fake-service`): messages per second
#     through verify → decrypt → outbox (fsynced) → delivery, the WeChat-facing latency meanwhile,
#     and how long the last delivery took to arrive;
#  2. with the service down: messages acknowledged per second, the WeChat-facing latency, and how
#     fast the outbox grows.
# Usage: bench/messages.sh [seconds]   (default 10 per phase)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-10}"

build_products release
bin="$BIN"
work="$(mktemp -d)"
server="" service=""
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  [ -n "$service" ] && kill -9 "$service" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

stats() { python3 -c "import json, urllib.request; print(json.load(urllib.request.urlopen('http://127.0.0.1:$1/stats'))['$2'])"; }

run_server() {
  "$bin/wxopen-bench" message-config --port "$port" --store "$work/$1" --forward "http://127.0.0.1:$2/hook" >"$work/config.json"
  "$bin/wxopen" serve --config "$work/config.json" 2>>"$work/server.log" &
  server=$!
  wait_healthy "http://127.0.0.1:$port/healthz"
}

echo "== phase 1: the service answers at once"
port="$(free_port)" service_port="$(free_port)"
"$bin/wxopen-bench" fake-service --port "$service_port" &
service=$!
wait_healthy "http://127.0.0.1:$service_port/stats"
run_server up "$service_port"
started=$(date +%s.%N)
"$bin/wxopen-bench" message-load --port "$port" --seconds "$seconds" --accounts 100 --connections 16 | tee "$work/load.txt"
acked=$(awk -F'[= ]' '/^messages=/ {print $2}' "$work/load.txt")
for _ in $(seq 1 600); do [ "$(stats "$service_port" unique)" -ge "$acked" ] && break; sleep 0.1; done
finished=$(date +%s.%N)
delivered=$(stats "$service_port" unique)
python3 -c "print(f'delivered={$delivered} end_to_end_per_sec={$delivered / ($finished - $started):.0f} drained_after_load_s={$finished - $started - $seconds:.1f}')"
"$bin/wxopen-bench" outbox-size --port "$port" | tail -1 | sed 's/^/outbox_after_/'
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
kill -TERM "$service"; wait "$service" 2>/dev/null || true; service=""

echo "== phase 2: the service is down"
port="$(free_port)"
run_server down "$(free_port)"
"$bin/wxopen-bench" message-load --port "$port" --seconds "$seconds" --accounts 100 --connections 16 | tee "$work/load.txt"
outbox=$("$bin/wxopen-bench" outbox-size --port "$port" | awk -F= '/^total=/ {print $2}')
python3 -c "print(f'outbox_total={$outbox} outbox_growth_per_sec={$outbox / $seconds:.0f}')"
echo "journal_bytes=$(stat -c %s "$work/down/journal.jsonl")"
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
