#!/usr/bin/env bash
# Ticket-push hot path, Swift against Python, one core each, same work and duration:
# builds wxopen-bench in release mode, runs `wxopen-bench crypto` and bench/crypto_python.py,
# prints swift_ops_per_sec, python_ops_per_sec and swift/python (the target is at least 3).
# Usage: bench/crypto.sh [--seconds N]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    *) echo "usage: bench/crypto.sh [--seconds N]" >&2; exit 2 ;;
  esac
done

swift build -c release --product wxopen-bench >&2
bin="$(swift build -c release --show-bin-path)/wxopen-bench"

pin=()
if command -v taskset >/dev/null 2>&1; then
  pin=(taskset -c 0)
else
  echo "taskset not found: running unpinned" >&2
fi

if ! python3 -c 'import cryptography' 2>/dev/null; then
  python3 -m pip install cryptography >&2
fi

swift_out="$(${pin[@]+"${pin[@]}"} "$bin" crypto --seconds "$seconds")"
echo "$swift_out"
python_out="$(${pin[@]+"${pin[@]}"} python3 bench/crypto_python.py --seconds "$seconds")"
echo "$python_out"

swift_ops="$(sed -n 's/^swift_ops_per_sec=//p' <<<"$swift_out")"
python_ops="$(sed -n 's/^python_ops_per_sec=//p' <<<"$python_out")"
awk -v s="$swift_ops" -v p="$python_ops" 'BEGIN { printf "swift/python=%.2f\n", s / p }'
