#!/usr/bin/env bash
# File store at scale: builds wxopen-bench in release mode and runs `wxopen-bench store`, which
# prints, for 100,000 authorizers (encrypted with a random WXOPEN_STORE_KEY, as in production):
#   write_latency_1k_ms / write_latency_100k_ms   single sequential updateAuthorizer, p50/p99/max
#                                                 (a write must not cost more with more accounts)
#   insert_throughput_per_s / update_throughput_per_s   64 concurrent writers (group commit), and 1
#   compaction_ms, list_ms (one page of 50 per typical query), snapshot_bytes / journal_bytes
#   load_ms and peak_rss_mb of a fresh process opening the store
# Usage: bench/store.sh [--authorizers N] [--samples N] [--writers N] [--plaintext]
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
plaintext=no
while [ $# -gt 0 ]; do
  case "$1" in
    --authorizers|--samples|--writers) args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --plaintext) plaintext=yes; shift ;;
    *) echo "usage: bench/store.sh [--authorizers N] [--samples N] [--writers N] [--plaintext]" >&2; exit 2 ;;
  esac
done

swift build -c release --product wxopen-bench >&2
bin="$(swift build -c release --show-bin-path)/wxopen-bench"

if [ "$plaintext" = no ]; then export WXOPEN_STORE_KEY="$(head -c 32 /dev/urandom | base64)"; fi
"$bin" store ${args[@]+"${args[@]}"}

# Push handling: `wxopen serve` (release, this kind of store) answering signed, encrypted pushes
# from 16 keep-alive connections for 10 s; each push is verified, decrypted and durably stored
# before `success` (ticket pushes replace one record; `unauthorized` ones add an account each).
source bench/lib.sh
swift build -c release --product wxopen >&2
server_bin="$(swift build -c release --show-bin-path)/wxopen"
work="$(mktemp -d)"
port="$(free_port)"
"$bin" crash-config --port "$port" --store "$work/data" >"$work/config.json"
"$server_bin" serve --config "$work/config.json" 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
wait_healthy "http://127.0.0.1:$port/healthz"
echo "== push handling (verified, decrypted, stored), 16 connections, 10 s each"
"$bin" push-load --port "$port" --seconds 10 --connections 16 --kind ticket
"$bin" push-load --port "$port" --seconds 10 --connections 16 --kind unauthorized
