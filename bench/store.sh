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

# Push handling per second against this store goes here (a later part adds it).
