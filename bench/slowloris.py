#!/usr/bin/env python3
"""Opens N connections that each send one request-head byte per second, and meanwhile checks
that a fresh client still gets /healthz promptly. Prints what happened; exits 1 if the server
died or a fresh request failed."""
import argparse, selectors, socket, time, sys

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--connections", type=int, default=2000)
parser.add_argument("--duration", type=float, default=15.0)
args = parser.parse_args()

HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
sel = selectors.DefaultSelector()
conns = {}
opened = refused = 0
for i in range(args.connections):
    s = socket.socket()
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", args.port))
    except BlockingIOError:
        pass
    except OSError:
        refused += 1
        continue
    conns[s] = 0
    sel.register(s, selectors.EVENT_READ)
    opened += 1

def fresh_healthz():
    start = time.monotonic()
    try:
        c = socket.create_connection(("127.0.0.1", args.port), timeout=5)
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = c.recv(4096)
            if not chunk:
                break
            data += chunk
        c.close()
        ok = data.startswith(b"HTTP/1.1 200") and data.endswith(b"ok")
        return ok, (time.monotonic() - start) * 1000
    except OSError:
        return False, (time.monotonic() - start) * 1000

closed_by_server = 0
statuses = {}
fresh = []
start = time.monotonic()
next_byte = start
while time.monotonic() - start < args.duration:
    now = time.monotonic()
    if now >= next_byte:
        for s in list(conns):
            if conns[s] < len(HEAD):
                try:
                    s.send(HEAD[conns[s]:conns[s] + 1])
                    conns[s] += 1
                except OSError:
                    pass
        next_byte += 1.0
        fresh.append(fresh_healthz())
    for key, _ in sel.select(timeout=0.05):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if data:
            status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1") else "?"
            statuses[status] = statuses.get(status, 0) + 1
        sel.unregister(s)
        s.close()
        del conns[s]
        closed_by_server += 1

alive = fresh_healthz()
ok = sum(1 for r in fresh if r[0])
print(f"slow_connections_opened={opened} refused_at_connect={refused}")
print(f"slow_connections_closed_by_server={closed_by_server} answers={statuses} still_open={len(conns)}")
print(f"fresh_healthz_ok={ok}/{len(fresh)} fresh_healthz_max_ms={max(r[1] for r in fresh):.1f} server_alive_after={alive[0]}")
for s in conns:
    s.close()
sys.exit(0 if alive[0] and ok == len(fresh) else 1)
