#!/usr/bin/env bash
# The operator console in a real browser (issue 6): installs headless Chromium, its driver,
# zbarimg (to read the links page's QR code back) and Selenium when missing, builds wxopen,
# starts `wxopen demo` on free ports, and runs console_test.py against it. Screenshots go to
# $TEST_OUTPUT_DIR (default Tests/browser/output). Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

output="${TEST_OUTPUT_DIR:-Tests/browser/output}"
mkdir -p "$output"
output="$(cd "$output" && pwd)"

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
command -v zbarimg >/dev/null 2>&1 || packages+=(zbar-tools)
# A CJK font, so screenshots show the Chinese labels rather than boxes (1.6 MB).
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then packages+=(fonts-wqy-microhei); fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "browser: installing ${packages[*]}"
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if ! python3 -c "import selenium" >/dev/null 2>&1; then
  echo "browser: installing selenium"
  python3 -m pip install --quiet selenium
fi

echo "browser: building wxopen"
swift build --product wxopen >/dev/null
wxopen="$(swift build --show-bin-path)/wxopen"

# `wxopen demo` listens on PORT (platform) and PORT+1 (simulator): find two free ones in a row.
port="$(python3 - <<'PY'
import socket
for _ in range(100):
    with socket.socket() as first:
        first.bind(("127.0.0.1", 0))
        port = first.getsockname()[1]
        if port >= 65535:
            continue
        try:
            with socket.socket() as second:
                second.bind(("127.0.0.1", port + 1))
        except OSError:
            continue
    print(port)
    break
PY
)"
[ -n "$port" ] || { echo "browser: no two free ports in a row"; exit 1; }

data="$(mktemp -d)"
demo_log="$output/demo.log"
"$wxopen" demo --port "$port" --data "$data" >"$demo_log" 2>&1 &
demo=$!
cleanup() {
  kill "$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

password=""
for _ in $(seq 1 120); do
  password="$(sed -n 's/.*user: admin *password: \([^ ]*\).*/\1/p' "$demo_log" | head -1)"
  [ -n "$password" ] && break
  kill -0 "$demo" 2>/dev/null || { echo "browser: wxopen demo exited:"; tail -20 "$demo_log"; exit 1; }
  sleep 0.5
done
[ -n "$password" ] || { echo "browser: wxopen demo printed no admin password within 60 s"; tail -20 "$demo_log"; exit 1; }

echo "browser: wxopen demo on port $port; running console_test.py"
python3 Tests/browser/console_test.py --base-url "http://127.0.0.1:$port" --password "$password" --output "$output"
