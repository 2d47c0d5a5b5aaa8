#!/usr/bin/env bash
# The API against its own description (issue 16), on a running server: starts the WeChat
# simulator and `wxopen serve` (file store in a temporary directory, web login on), authorizes an
# official account and a mini program, then
#   1. openapi-spec-validator on the served /api/v1/openapi.json,
#   2. the README's token examples in each language installed (Tests/api/readme_clients.py),
#   3. schemathesis (every check: no server error, no undocumented status, content type, header
#      or schema violation) with the API key,
#   4. promtool check metrics on a scrape of /metrics (the alert rules: Tests/deploy/check.sh).
# Installs promtool (Debian's prometheus package) and a virtualenv with pinned schemathesis and
# openapi-spec-validator when missing. Output: $TEST_OUTPUT_DIR (default Tests/api/output).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

SCHEMATHESIS_VERSION=4.32.5
SPEC_VALIDATOR_VERSION=0.9.0
output="${TEST_OUTPUT_DIR:-Tests/api/output}"
mkdir -p "$output"
output="$(cd "$output" && pwd)"

if ! command -v promtool >/dev/null 2>&1; then
  echo "api: installing promtool (prometheus)"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
venv="${WXOPEN_API_VENV:-/tmp/wxopen-api-venv}"
installed="$("$venv/bin/schemathesis" --version 2>/dev/null || true) $("$venv/bin/pip" show openapi-spec-validator 2>/dev/null || true)"
if [[ "$installed" != *"version $SCHEMATHESIS_VERSION"* || "$installed" != *"Version: $SPEC_VALIDATOR_VERSION"* ]]; then
  echo "api: installing schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator $SPEC_VALIDATOR_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$SPEC_VALIDATOR_VERSION"
fi

swift build --product wxopen >/dev/null
wxopen="$(swift build --show-bin-path)/wxopen"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
simulator_port="$(free_port)"
base="http://127.0.0.1:$port"
simulator="http://127.0.0.1:$simulator_port"
data="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT

# The simulator's demo credentials (SimulatorConfiguration.Demo), and a fresh API key.
read -r api_key api_key_hash < <(python3 -c '
import hashlib, secrets
key = "wxk_" + secrets.token_urlsafe(32)
print(key, hashlib.sha256(key.encode()).hexdigest())')
cat >"$data/config.json" <<JSON
{
  "server": {"host": "127.0.0.1", "port": $port, "publicBaseURL": "$base"},
  "component": {"appId": "wx3f5c1a2b9d8e7f60", "appSecret": "5e2f8a1c9b7d4e6f0a3c5b8d1e9f7a2c",
                "token": "wxopenSimToken2026", "encodingAESKey": "obkU0Cfcg2Rp7aKd4blUjMYGQHq/c1PevykVFwYn614"},
  "wechat": {"apiBaseURL": "$simulator", "mpBaseURL": "$simulator", "openBaseURL": "$simulator"},
  "store": {"kind": "file", "path": "$data/store"},
  "apiKeys": [{"name": "fuzz", "sha256": "$api_key_hash"}],
  "webLogin": {"returnURLPrefixes": ["https://app.example.com/"], "keepUserTokens": true},
  "log": {"level": "warn"}
}
JSON
"$wxopen" check-config --config "$data/config.json" >/dev/null
"$wxopen" serve --config "$data/config.json" >"$output/serve.log" 2>&1 &
pids+=($!)
"$wxopen" simulator --port "$simulator_port" --url "$base" >"$output/simulator.log" 2>&1 &
pids+=($!)

export WXOPEN_API_KEY="$api_key"
python3 Tests/api/prepare.py --base-url "$base" --simulator-url "$simulator"

echo "api: openapi-spec-validator $base/api/v1/openapi.json"
curl -fsS "$base/api/v1/openapi.json" -o "$output/openapi.json"
"$venv/bin/openapi-spec-validator" "$output/openapi.json"

echo "api: the README's client examples"
WXOPEN_URL="$base" python3 Tests/api/readme_clients.py wx8f3c2a1b5d6e7f90

echo "api: schemathesis $SCHEMATHESIS_VERSION, every check"
started=$(date +%s)
set +e
# One worker: CPython 3.11.7's AST validation is not thread-safe (gh-106905), and Hypothesis
# compiles code while generating, so two workers crash it now and then.
"$venv/bin/schemathesis" --config-file Tests/api/schemathesis.toml run "$base/api/v1/openapi.json" \
  --url "$base" --checks all --max-examples "${WXOPEN_FUZZ_EXAMPLES:-40}" --seed "${WXOPEN_FUZZ_SEED:-16}" \
  --workers 1 --report junit --report-dir "$output" --output-truncate false >"$output/schemathesis.log" 2>&1
status=$?
set -e
sed -n '/SUMMARY/,$p' "$output/schemathesis.log" | cut -c1-300
echo "api: schemathesis took $(( $(date +%s) - started )) s"
if [ "$status" -ne 0 ]; then
  echo "api: schemathesis found problems (exit $status); the whole report: $output/schemathesis.log"
  exit "$status"
fi

echo "api: promtool check metrics on a scrape of $base/metrics"
curl -fsS -H "Authorization: Bearer $api_key" "$base/metrics" -o "$output/metrics.txt"
promtool check metrics <"$output/metrics.txt"
grep -q '^wxopen_api_token_reads_total{key="fuzz"}' "$output/metrics.txt" \
  || { echo "api: the scrape counts no token read by the fuzz key"; exit 1; }
echo "api: ok"
