#!/usr/bin/env bash
# Crash test of mini program releases (issue 15): a rollout to 30 mini programs runs against a
# standalone WeChat simulator (`wxopen simulator`, which approves each review a second after it
# is submitted and pushes the result); `wxopen serve` is killed with SIGKILL at a random moment
# mid-rollout and started again on the same store. The rollout must finish with every account
# released, and WeChat must have seen exactly one commit, one submit and one release per account
# per round: a step in flight at the kill is checked with WeChat before it is made again.
# Rounds reuse the store and the accounts (round N: each account has N commits in all).
# Usage: bench/crash-releases.sh [--rounds N] [--release]   (default 4 rounds, debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

accounts=30
crash_options crash-releases.sh 4 "$@"

build_products "$configuration"
bin="$BIN"

work="$(mktemp -d)"
server="" simulator=""
stop() {
  if [ -n "${!1}" ]; then kill -9 "${!1}" 2>/dev/null || true; wait "${!1}" 2>/dev/null || true; fi
  eval "$1=''"
}
cleanup() { stop server; stop simulator; rm -rf "$work"; }
trap cleanup EXIT

port="$(free_port)" sim_port="$(free_port)"
platform="http://127.0.0.1:$port" wechat="http://127.0.0.1:$sim_port"
key="crash-releases-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
key_hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"

# The simulator's demo credentials; reviews approved after 1 s; WeChat a little slow, so a kill
# lands while calls are in flight.
cat >"$work/simulator.json" <<JSON
{"port": $sim_port, "platform_base_url": "$platform", "ticket_interval": 2, "push_attempts": 3, "push_retry_delay": 1,
 "audit_decision_delay": 1, "latency": 0.1}
JSON
cat >"$work/config.json" <<JSON
{"server": {"host": "127.0.0.1", "port": $port, "publicBaseURL": "$platform"},
 "component": {"appId": "wx3f5c1a2b9d8e7f60", "appSecret": "5e2f8a1c9b7d4e6f0a3c5b8d1e9f7a2c", "token": "wxopenSimToken2026",
               "encodingAESKey": "obkU0Cfcg2Rp7aKd4blUjMYGQHq/c1PevykVFwYn614"},
 "wechat": {"apiBaseURL": "$wechat", "mpBaseURL": "$wechat", "openBaseURL": "$wechat", "timeoutSeconds": 3},
 "store": {"kind": "file", "path": "$work/store"},
 "apiKeys": [{"name": "crash", "sha256": "$key_hash"}],
 "releases": {"concurrency": 4, "pollIntervalSeconds": 10, "leaseSeconds": 5, "scanIntervalSeconds": 1, "retryDelaySeconds": 1},
 "log": {"level": "warn"}}
JSON

api() { # METHOD PATH [BODY]: the JSON answer
  curl -sS -X "$1" -H "Authorization: Bearer $key" -H "Content-Type: application/json" ${3:+-d "$3"} "$platform$2"
}
json() { python3 -c "import json, sys; print(eval('json.load(sys.stdin)' + sys.argv[1]))" "$1"; }

start_server() {
  "$bin/wxopen" serve --config "$work/config.json" 2>>"$work/server.log" &
  server=$!
  wait_healthy "$platform/healthz"
}

"$bin/wxopen" simulator --config "$work/simulator.json" 2>>"$work/simulator.log" &
simulator=$!
wait_healthy "$wechat/simulator/counters"
start_server
# Ready once a pushed ticket got the component token.
for _ in $(seq 1 200); do curl -sf "$platform/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf -X POST -H "Content-Type: application/json" -d "{\"count\": $accounts, \"authorize\": true, \"kind\": \"mini_program\"}" \
  "$wechat/simulator/accounts/bulk" >/dev/null
api POST /api/v1/authorizers/sync >/dev/null
for _ in $(seq 1 300); do [ "$(api GET /api/v1/sync | json "['state']")" = done ] && break; sleep 0.1; done

for round in $(seq 1 "$rounds"); do
  template="$(curl -sf -X POST -H "Content-Type: application/json" -d "{\"user_version\": \"$round.0.0\"}" \
    "$wechat/simulator/templates" | json "['template_id']")"
  id="$(api POST /api/v1/mini-program/releases "{\"template_id\": $template, \"user_version\": \"$round.0.0\", \
\"ext_json\": {\"extAppid\": \"{{authorizer_appid}}\", \"ext\": {\"round\": $round}}, \"authorizers\": \"all\", \"auto_release\": true}" \
    | json "['id']")"
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.05 + (r % 900) / 1000 }')"
  counters="$(curl -sf "$wechat/simulator/counters")"
  stop server
  start_server

  state=""
  for _ in $(seq 1 1200); do
    state="$(api GET "/api/v1/mini-program/releases/$id" | json "['state']")"
    [ "$state" = finished ] && break
    sleep 0.1
  done
  detail="$(api GET "/api/v1/mini-program/releases/$id")"
  if ! out="$(python3 - "$wechat" "$round" "$accounts" "$detail" <<'PY'
import json, sys, urllib.request
wechat, round_, accounts, detail = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), json.loads(sys.argv[4])
problems = []
if detail["state"] != "finished" or detail["counts"]["released"] != accounts:
    problems.append(f"rollout {detail['id']} is {detail['state']} with counts {detail['counts']}")
for account in detail["accounts"]:
    appid = account["authorizer_appid"]
    code = json.load(urllib.request.urlopen(f"{wechat}/simulator/mini-programs/{appid}/code"))
    if code["commits"] != round_ or code["releases"] != round_ or len(code["audits"]) != round_:
        problems.append(f"{appid}: {code['commits']} commits, {len(code['audits'])} reviews, {code['releases']} releases after round {round_}")
    elif code["released"]["user_version"] != f"{round_}.0.0":
        problems.append(f"{appid}: released {code['released']['user_version']}")
if problems:
    print("FAILED: " + "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    sys.exit(1)
print(f"ok: {len(detail['accounts'])} mini programs released once each")
PY
)"; then
    echo "round $round: $out"
    echo "--- server log:"; tail -20 "$work/server.log"
    exit 1
  fi
  killed_at="$(python3 -c "import json, sys; c = json.loads(sys.argv[1]); print(f\"{c.get('wxa_commit', 0)} commits, {c.get('wxa_submit_audit', 0)} submits, {c.get('wxa_release', 0)} releases\")" "$counters")"
  echo "round $round: $out (killed after $killed_at in all)"
done
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""
echo "crash-releases: ok, $rounds rounds"
