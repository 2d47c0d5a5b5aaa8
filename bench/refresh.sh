#!/usr/bin/env bash
# Refresh at scale (issue 17), release build, on an injected clock (`wxopen-bench refresh-policy`):
#  (a) 100,000 accounts of which 10% are hot (read every 15 min), 48 simulated hours, WeChat
#      answering after 50 ms (simulated): upstream calls per hour and per account per day for
#      policy `all` and `hot`, and whether any hot account reached its refresh margin.
#  (b) keep-up: 200,000 hot accounts whose tokens were all obtained at the same instant, 6 h.
# Usage: bench/refresh.sh [hours, default 48] [accounts, default 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
HOURS="${1:-48}"
ACCOUNTS="${2:-100000}"
echo "building (release)…" >&2
swift build -c release --product wxopen-bench 2>&1 | tail -1 >&2
bin="$(swift build -c release --show-bin-path)/wxopen-bench"

echo "== (a) $ACCOUNTS accounts, 10% hot, ${HOURS} h simulated, upstream latency 50 ms: policy all vs hot"
"$bin" refresh-policy --accounts "$ACCOUNTS" --hot-percent 10 --hours "$HOURS" --latency-ms 50 --policy both
echo "== (b) keep-up: 200,000 hot accounts, tokens all obtained at once, 6 h simulated, upstream latency 50 ms"
"$bin" refresh-policy --accounts 200000 --hot-percent 100 --hours 6 --latency-ms 50 --policy hot --synchronized 1
