"""For bench/scale.sh: reads `wrk --latency` output and prints the 99th percentile in ms; fails
when any answer was not a 2xx (a search that errs must not pass for a fast one)."""
import re
import sys

text = sys.stdin.read()
if "Non-2xx or 3xx responses" in text or "requests in" not in text:
    sys.exit("scale_wrk: failed requests\n" + text)
match = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
if not match:
    sys.exit("scale_wrk: no 99% line\n" + text)
value, unit = float(match.group(1)), match.group(2)
print(f"{value * {'us': 0.001, 'ms': 1, 's': 1000}[unit]:.2f}")
