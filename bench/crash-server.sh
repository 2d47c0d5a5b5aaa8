#!/usr/bin/env bash
# Crash test of the server (issue 4): `wxopen serve` with a file store answers `success` to each
# `unauthorized` push only once the revoked account is durable. `wxopen-bench seed-authorized`
# stores the accounts first (a push for an account never seen stores nothing); `wxopen-bench
# push-writer` sends the pushes over 8 connections and records every acknowledgement; the server
# is killed with SIGKILL at a random moment, the store is loaded, and every acknowledged account
# must be in it. Rounds reuse the same stores (one plain, one encrypted), so later rounds also
# load what a kill left behind. Exits non-zero on the first lost write or unloadable store.
# Usage: bench/crash-server.sh [--rounds N] [--release]   (default 10 rounds, debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

# More accounts than the writer can send before the kill (it stops after the last one).
seeded=20000
crash_options crash-server.sh 10 "$@"

build_products "$configuration"
bin="$BIN"

work="$(mktemp -d)"
server="" writer=""
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  [ -n "$writer" ] && kill -9 "$writer" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
key="$(head -c 32 /dev/urandom | base64)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 0 ]; then store="$work/encrypted"; export WXOPEN_STORE_KEY="$key"
  else store="$work/plain"; unset WXOPEN_STORE_KEY; fi
  acks="$store.acks"
  touch "$acks"
  before="$(wc -l <"$acks")"

  "$bin/wxopen-bench" seed-authorized --path "$store/data" --start $((round * 1000000)) --count "$seeded"
  port="$(free_port)"
  "$bin/wxopen-bench" crash-config --port "$port" --store "$store/data" >"$work/config.json"
  "$bin/wxopen" serve --config "$work/config.json" 2>>"$work/server.log" &
  server=$!
  for _ in $(seq 1 200); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null && break
    sleep 0.05
  done

  "$bin/wxopen-bench" push-writer --port "$port" --start $((round * 1000000)) --count "$seeded" >>"$acks" &
  writer=$!
  for _ in $(seq 1 200); do
    [ "$(wc -l <"$acks")" -gt "$before" ] && break
    sleep 0.02
  done
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", (r % 500) / 1000 }')"
  kill -9 "$server"
  wait "$server" 2>/dev/null || true
  server=""
  # The writer stops by itself once its connections fail.
  for _ in $(seq 1 100); do kill -0 "$writer" 2>/dev/null || break; sleep 0.05; done
  kill -9 "$writer" 2>/dev/null || true
  wait "$writer" 2>/dev/null || true
  writer=""

  if ! out="$("$bin/wxopen-bench" verify-revoked --path "$store/data" --acks "$acks" 2>&1)"; then
    echo "round $round: FAILED"
    echo "$out"
    echo "--- server log:"; tail -20 "$work/server.log"
    exit 1
  fi
  echo "round $round: $out (+$(( $(wc -l <"$acks") - before )) acknowledged this round)"
done
echo "crash-server: ok, $rounds rounds"
