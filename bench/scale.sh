#!/usr/bin/env bash
# Store at platform scale (issue 17), release build, encrypted store (random WXOPEN_STORE_KEY).
# For each size (default 200,000 and 1,000,000 accounts, raw authorizer info ~2.5 KB each, a
# journal of 10% token refreshes and 10% events after the snapshot; `wxopen-bench seed-store`):
#   store_load_*       a fresh process opening the store (`wxopen-bench store-load`): load time,
#                      peak and final RSS, resident bytes per account above the process before
#   server_*           `wxopen serve` started on it: when /healthz first answered, how many
#                      /healthz answered (and the slowest) while /readyz said "loading the store",
#                      when loading ended, RSS once loaded and RSS above an empty server per account
#   search_*_p99_ms    at the first size only: wrk -t1 -c1 over the API with a bearer key, one
#                      random account per request, per kind (name, appid, principal, alias, ref,
#                      a miss that scans everything); list_*_p99_ms for listing pages
# Every figure is the median of --rounds rounds (the machine is shared: medians keep others'
# builds out of them); each round's values are printed too.
# Usage: bench/scale.sh [--sizes "200000 1000000"] [--rounds 3] [--seconds 5] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

sizes="200000 1000000"
rounds=3
seconds=5
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="${2:?}"; shift 2 ;;
    --rounds) rounds="${2:?}"; shift 2 ;;
    --seconds) seconds="${2:?}"; shift 2 ;;
    --keep) keep="${2:?}"; shift 2 ;;
    *) echo "usage: bench/scale.sh [--sizes \"200000 1000000\"] [--rounds N] [--seconds S] [--keep DIR]" >&2; exit 2 ;;
  esac
done
ulimit -n 65536 2>/dev/null || true
ensure_wrk_nginx
build_products release
mkdir -p bench/out/scale
out="$PWD/bench/out/scale"

# A kept directory holds its seeded stores and the key they were sealed with, for re-runs.
work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
[ -f "$work/store.key" ] || head -c 32 /dev/urandom | base64 >"$work/store.key"
export WXOPEN_STORE_KEY="$(cat "$work/store.key")"
api_key="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

median() { python3 -c 'import statistics, sys; v = [float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.10g}")' "$@"; }
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
# report NAME VALUES...: the runs and their median.
report() { local name="$1"; shift; echo "${name}_runs=$(tr ' ' ',' <<<"$*") $name=$(median "$@")"; }

# serve_config PORT STORE: the bench server configuration with one API key.
serve_config() {
  "$BIN/wxopen-bench" crash-config --port "$1" --store "$2" | python3 -c '
import hashlib, json, sys
config = json.load(sys.stdin)
config["apiKeys"] = [{"name": "scale-bench", "sha256": hashlib.sha256(sys.argv[1].encode()).hexdigest()}]
print(json.dumps(config))' "$api_key"
}

# start_server STORE: starts `wxopen serve` (SERVER, PORT) and watches it until loaded; sets LINE to
# what bench/scale_watch.py printed. (Not in $(…): the server would hold its output open.)
start_server() {
  PORT="$(free_port)"
  serve_config "$PORT" "$1" >"$work/config.json"
  "$BIN/wxopen" serve --config "$work/config.json" >/dev/null 2>>"$out/server.log" &
  server=$!
  LINE="$(python3 bench/scale_watch.py "$PORT" "$server")"
}

stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; }

# Empty server: the baseline the per-account figures are measured above.
rm -rf "$work/empty"
empties=()
for _ in $(seq 1 "$rounds"); do
  start_server "$work/empty"
  empties+=("$(field rss_kib "$LINE")")
  stop_server
done
report empty_server_rss_kib "${empties[@]}"
empty_kib="$(median "${empties[@]}")"

first=yes
for size in $sizes; do
  store="$work/store-$size"
  echo "== $size accounts"
  if [ ! -f "$store/snapshot.jsonl" ]; then
    rm -rf "$store"
    "$BIN/wxopen-bench" seed-store --path "$store" --authorizers "$size"
  fi
  du -sm "$store"/* | awk '{printf "%s_mb=%s ", $2, $1} END {print ""}' | sed "s#$store/##g"

  loads=() peaks=() rss=() per=()
  for _ in $(seq 1 "$rounds"); do
    sync; line="$("$BIN/wxopen-bench" store-load --path "$store")"
    echo "  store-load: $line"
    loads+=("$(field load_ms "$line")"); peaks+=("$(field peak_rss_mb "$line")")
    rss+=("$(field rss_mb "$line")"); per+=("$(field resident_bytes_per_account "$line")")
  done
  report store_load_ms "${loads[@]}"
  report store_load_peak_rss_mb "${peaks[@]}"
  report store_load_rss_mb "${rss[@]}"
  report store_load_resident_bytes_per_account "${per[@]}"

  healthy=() loaded=() answered=() slowest=() srss=() sper=()
  for round in $(seq 1 "$rounds"); do
    start_server "$store"
    line="$LINE"
    echo "  serve: $line"
    healthy+=("$(field healthz_first_ms "$line")"); loaded+=("$(field loaded_ms "$line")")
    answered+=("$(field healthz_while_loading "$line")"); slowest+=("$(field healthz_max_ms "$line")")
    srss+=("$(field rss_kib "$line")")
    sper+=("$(python3 -c "print(int(($(field rss_kib "$line") - $empty_kib) * 1024 / $size))")")
    if [ "$first" = yes ] && [ "$round" = "$rounds" ]; then break; fi
    stop_server
  done
  report server_healthz_first_ms "${healthy[@]}"
  report server_loaded_ms "${loaded[@]}"
  report server_healthz_answers_while_loading "${answered[@]}"
  report server_healthz_slowest_while_loading_ms "${slowest[@]}"
  report server_rss_kib "${srss[@]}"
  report server_resident_bytes_per_account_above_empty "${sper[@]}"

  if [ "$first" = yes ]; then
    first=no
    url="http://127.0.0.1:$PORT"
    # The cursor the first page hands out, for the page after it.
    cursor="$(curl -sf -H "Authorization: Bearer $api_key" "$url/api/v1/authorizers?limit=50" \
      | python3 -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["next_cursor"], safe=""))')"
    for kind in search_name search_appid search_principal search_alias search_ref search_miss \
                list_first list_authorized list_mini_program list_cursor; do
      p99s=()
      for _ in $(seq 1 "$rounds"); do
        p99s+=("$(SCALE_KIND="$kind" SCALE_SIZE="$size" SCALE_CURSOR="$cursor" wrk -t1 -c1 -d"${seconds}s" --latency -s bench/scale_queries.lua \
          -H "Authorization: Bearer $api_key" "$url" | python3 bench/scale_wrk.py)")
      done
      report "${kind}_p99_ms" "${p99s[@]}"
    done
    stop_server
  fi
done
