#!/usr/bin/env bash
# Crash test of the file store: runs `wxopen-bench store-writer` (8 concurrent writers, a small
# compaction threshold so kills also land mid-compaction), kills it with SIGKILL after a random
# delay, then runs `wxopen-bench store-verify`, which loads the store and checks that every write
# the writer acknowledged ("ack N" on stdout, printed once the write returned) is stored exactly.
# Repeats on the same store for several rounds, half of them encrypted. Exits non-zero on the
# first lost write or unloadable store. Takes well under a minute once wxopen-bench is built.
# Usage: bench/crash-store.sh [--rounds N] [--debug]   (default 20 rounds, release build)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=20 configuration=release
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
    --debug) configuration=debug; shift ;;
    *) echo "usage: bench/crash-store.sh [--rounds N] [--debug]" >&2; exit 2 ;;
  esac
done

swift build -c "$configuration" --product wxopen-bench >&2
bin="$(swift build -c "$configuration" --show-bin-path)/wxopen-bench"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# One store without a key and one with (the key travels as the server reads it, in the environment).
key="$(head -c 32 /dev/urandom | base64)"

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 0 ]; then store="$work/encrypted"; export WXOPEN_STORE_KEY="$key"
  else store="$work/plain"; unset WXOPEN_STORE_KEY; fi

  touch "$store.acks"
  acked_before="$(wc -l <"$store.acks")"
  "$bin" store-writer --path "$store/data" --start $((round * 1000000)) >>"$store.acks" 2>>"$work/writer.log" &
  writer=$!
  if [ $((round % 4)) -ne 0 ]; then
    # Most rounds: once the writer is writing (past loading the growing store), at a random moment.
    for _ in $(seq 1 250); do
      [ "$(wc -l <"$store.acks")" -gt "$acked_before" ] && break
      sleep 0.02
    done
  fi
  # Every fourth round kills from the start instead, so some kills land while the store loads,
  # cuts a torn tail or compacts at open.
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", (r % 400) / 1000 }')"
  kill -9 "$writer"
  wait "$writer" 2>/dev/null || true

  if ! out="$("$bin" store-verify --path "$store/data" --acks "$store.acks" 2>&1)"; then
    echo "round $round: FAILED"
    echo "$out"
    echo "--- writer stderr:"; tail -20 "$work/writer.log"
    exit 1
  fi
  echo "round $round: $(tail -1 <<<"$out") (+$(( $(wc -l <"$store.acks") - acked_before )) acked)"
done
echo "crash-store: ok, $rounds rounds"
