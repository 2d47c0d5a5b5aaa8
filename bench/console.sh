#!/usr/bin/env bash
# The console at scale (issue 16): every page under 50 ms at 100,000 accounts. Builds wxopen and
# wxopen-bench in release mode, seeds a file store (`wxopen-bench console-seed`: N accounts with
# spread-out names, refs, times and statuses, and 48 h of token refreshes), starts `wxopen serve`
# on it with the console on, signs in, and times each console page over one keep-alive
# connection. Prints, per page: the first request (which builds a sort order the first time it
# is asked for) and p50/p90/max of the next SAMPLES; then the CSV export of every account.
# Usage: bench/console.sh [--authorizers N] [--samples N] [--plaintext]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

authorizers=100000
samples=30
plaintext=no
while [ $# -gt 0 ]; do
  case "$1" in
    --authorizers) authorizers="${2:?--authorizers needs a value}"; shift 2 ;;
    --samples) samples="${2:?--samples needs a value}"; shift 2 ;;
    --plaintext) plaintext=yes; shift ;;
    *) echo "usage: bench/console.sh [--authorizers N] [--samples N] [--plaintext]" >&2; exit 2 ;;
  esac
done

build_products release
if [ "$plaintext" = no ]; then export WXOPEN_STORE_KEY="$(head -c 32 /dev/urandom | base64)"; fi
work="$(mktemp -d)"
server=""
mkdir -p bench/out
# The server's log is kept in bench/out/console-server.log.
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; cp "$work/server.log" bench/out/console-server.log 2>/dev/null; rm -rf "$work"' EXIT

echo "== seeding $authorizers accounts (encrypted=$([ "$plaintext" = no ] && echo yes || echo no))"
"$BIN/wxopen-bench" console-seed --store "$work/data" --authorizers "$authorizers"

password="bench-console-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
hash="$(printf '%s\n' "$password" | "$BIN/wxopen" hash-password)"
port="$(free_port)"
"$BIN/wxopen-bench" crash-config --port "$port" --store "$work/data" \
  | python3 -c 'import json, sys; c = json.load(sys.stdin); c["admin"] = {"username": "bench", "passwordHash": sys.argv[1]}; print(json.dumps(c))' "$hash" \
  >"$work/config.json"
"$BIN/wxopen" serve --config "$work/config.json" 2>"$work/server.log" &
server=$!
wait_healthy "http://127.0.0.1:$port/healthz"
echo "== console pages, $samples samples each after a first request (ms)"
python3 - "$port" "$password" "$samples" "$authorizers" <<'PY'
import http.client, re, statistics, sys, time, urllib.parse
port, password, samples, accounts = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
origin = f"http://127.0.0.1:{port}"
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
cookies = {}

def request(method, path, body=None, headers=None):
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            cookies[key] = val
    return response.status, data, elapsed

# The store loads after the server listens: wait until the login page answers.
for _ in range(600):
    status, form, _ = request("GET", "/admin/login")
    if status == 200:
        break
    time.sleep(0.1)
else:
    sys.exit("the console did not come up")
csrf = re.search(rb'name="csrf" value="([^"]+)"', form).group(1).decode()
body = urllib.parse.urlencode({"csrf": csrf, "username": "bench", "password": password})
status, _, _ = request("POST", "/admin/login", body, {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
if status != 303:
    sys.exit(f"sign-in answered {status}")

last_page = (accounts + 49) // 50
one = "wx%016d" % 4242
since = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 8 * 3600 - 6 * 3600))
pages = [
    ("dashboard (counts, chart)", "/admin"),
    ("accounts", "/admin/authorizers"),
    ("accounts last page", f"/admin/authorizers?page={last_page}"),
    ("accounts by name", "/admin/authorizers?sort=name"),
    ("accounts by name, middle page", f"/admin/authorizers?sort=name&page={last_page // 2}"),
    ("accounts by authorization, newest", "/admin/authorizers?sort=authorized&dir=desc"),
    ("accounts by token expiry", "/admin/authorizers?sort=expiry"),
    ("search one name", "/admin/authorizers?q=%E5%95%86%E6%88%B7424242"),
    ("search matching every account", "/admin/authorizers?q=%E5%95%86%E6%88%B7"),
    ("search, by name, page 100", "/admin/authorizers?q=%E5%95%86%E6%88%B7&sort=name&page=100"),
    ("ref filter", "/admin/authorizers?ref=cust-4242"),
    ("revoked, mini programs, by expiry", "/admin/authorizers?status=revoked&type=mini_program&sort=expiry"),
    ("one account", f"/admin/authorizers/{one}"),
    ("events", "/admin/events"),
    ("events: token failures, last 6 h", f"/admin/events?kind=token.&outcome=failed&from={since}"),
    ("events of one account", f"/admin/events?appid={one}"),
    ("bulk confirmation, every account", "/admin/bulk?action=refresh-tokens"),
    ("bulk confirmation, a search", "/admin/bulk?action=refresh-info&q=%E5%95%86%E6%88%B7&type=official_account"),
    ("sync", "/admin/sync"),
    ("deliveries", "/admin/deliveries"),
    ("links", "/admin/links"),
    ("keys", "/admin/keys"),
]
worst = 0.0
print(f"{'page':44} {'first':>7} {'p50':>7} {'p90':>7} {'max':>7}  bytes")
for label, path in pages:
    status, data, first = request("GET", path)
    if status != 200:
        sys.exit(f"{path} answered {status}")
    times = sorted(request("GET", path)[2] for _ in range(samples))
    p50, p90, top = statistics.median(times), times[int(len(times) * 0.9) - 1], times[-1]
    worst = max(worst, top)
    print(f"{label:44} {first:7.1f} {p50:7.1f} {p90:7.1f} {top:7.1f}  {len(data)}")
print(f"slowest_page_max_ms={worst:.1f} (target < 50)")

status, data, elapsed = request("GET", "/admin/authorizers.csv")
rows = data.count(b"\r\n") - 1
print(f"csv_export_all rows={rows} bytes={len(data)} ms={elapsed:.0f}")
status, data, elapsed = request("GET", "/admin/authorizers.csv?ref=cust-4242")
rows = data.count(b"\r\n") - 1
print(f"csv_export_ref rows={rows} ms={elapsed:.1f}")
PY
