"""For bench/scale.sh: watches a `wxopen serve` that was just started on PORT (process PID) while
it loads its store. Polls /healthz and /readyz every 10 ms; prints, on one line, when /healthz first
answered 200 (ms after this started), how many /healthz answered 200 while /readyz still said
"loading the store" and the slowest of them, when loading ended, and VmRSS 2 s later."""
import json
import sys
import time
import urllib.error
import urllib.request

port, pid = sys.argv[1], int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
started = time.monotonic()


def ms(since):
    return int((time.monotonic() - since) * 1000)


def get(path):
    """(status, body), or None when nothing is listening yet."""
    try:
        with urllib.request.urlopen(base + path, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None


def alive():
    try:
        with open(f"/proc/{pid}/status") as status:
            return "zombie" not in status.read()
    except OSError:
        return False


first_healthy, answered, slowest, loaded = None, 0, 0, None
while loaded is None:
    if not alive() or time.monotonic() - started > 300:
        sys.exit("scale_watch: the server exited or did not load in 300 s")
    asked = time.monotonic()
    health = get("/healthz")
    took = ms(asked)
    ready = get("/readyz")
    if health and health[0] == 200:
        if first_healthy is None:
            first_healthy = ms(started)
    if ready:
        loading = ready[0] == 503 and json.loads(ready[1]).get("reason") == "loading the store"
        if loading and health and health[0] == 200:
            answered += 1
            slowest = max(slowest, took)
        if not loading:
            loaded = ms(started)
    time.sleep(0.01)

time.sleep(2)
with open(f"/proc/{pid}/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
print(f"healthz_first_ms={first_healthy} healthz_while_loading={answered} healthz_max_ms={slowest} loaded_ms={loaded} rss_kib={rss}")
