#!/usr/bin/env bash
# Push path against a baseline: pushes per second that `wxopen serve` (release, encrypted file
# store) verifies, decrypts, stores durably (fsync) and acknowledges, from 16 keep-alive
# connections (`wxopen-bench push-load`), ticket pushes (one record replaced) and `unauthorized`
# ones (an account each). With a baseline, this tree's server and the baseline's run in turn on
# fresh stores, ROUNDS times (the machine is shared: compare the ratio, not the rates), and the
# medians and this tree over the baseline are printed. The same load generator (this tree's)
# drives both.
# Usage: bench/push.sh [--baseline-bin DIR] [--rounds N] [--seconds S]
#   DIR: a release bin directory of another checkout (holding wxopen and wxopen-bench), e.g.
#   one built at the commit before issue 17 (`git worktree add /tmp/base REV && cd /tmp/base &&
#   swift build -c release`).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

baseline="" rounds=3 seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline-bin) baseline="${2:?--baseline-bin needs a directory}"; shift 2 ;;
    --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    *) echo "usage: bench/push.sh [--baseline-bin DIR] [--rounds N] [--seconds S]" >&2; exit 2 ;;
  esac
done

build_products release
export WXOPEN_STORE_KEY="$(head -c 32 /dev/urandom | base64)"
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

# one_round SIDE BINDIR KIND: a fresh server of BINDIR, KIND pushes for S seconds; prints the rate.
one_round() {
  local side="$1" dir="$2" kind="$3" port
  port="$(free_port)"
  rm -rf "$work/$side"
  mkdir -p "$work/$side"
  "$dir/wxopen-bench" crash-config --port "$port" --store "$work/$side/data" >"$work/$side/config.json"
  "$dir/wxopen" serve --config "$work/$side/config.json" 2>"$work/$side/server.log" &
  server=$!
  wait_healthy "http://127.0.0.1:$port/healthz"
  "$BIN/wxopen-bench" push-load --port "$port" --seconds "$seconds" --connections 16 --kind "$kind" \
    | sed -n 's/.*pushes_per_sec=\([0-9.]*\).*/\1/p'
  kill "$server"; wait "$server" 2>/dev/null || true
  server=""
}

median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

echo "== pushes acknowledged per second, 16 connections, ${seconds} s a round, $rounds rounds (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for kind in ticket unauthorized; do
  ours=() theirs=()
  for _ in $(seq 1 "$rounds"); do
    ours+=("$(one_round ours "$BIN" "$kind")")
    if [ -n "$baseline" ]; then theirs+=("$(one_round baseline "$baseline" "$kind")"); fi
  done
  mine="$(median "${ours[@]}")"
  line="push_${kind}_per_s=$mine (${ours[*]})"
  if [ -n "$baseline" ]; then
    base="$(median "${theirs[@]}")"
    line+=" baseline=$base (${theirs[*]}) ratio=$(ratio "$mine" "$base")"
  fi
  echo "$line"
done
