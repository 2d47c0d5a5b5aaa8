# Shared by the bench scripts (source it). Needs python3; wrk and nginx come from apt.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_healthy URL: waits up to 20 s for a 200.
wait_healthy() {
  for _ in $(seq 1 400); do
    python3 -c "import urllib.request; urllib.request.urlopen('$1', timeout=1)" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: $1 did not come up" >&2
  return 1
}

ensure_wrk_nginx() {
  if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
    echo "installing wrk and nginx (apt)…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
  fi
}

# start_nginx PORT DIR: one worker answering `return 200 "ok"` with an access log; sets NGINX_PID.
start_nginx() {
  cat >"$2/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $2/nginx.pid;
error_log $2/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log $2/nginx-access.log;
  server { listen 127.0.0.1:$1; location / { return 200 "ok"; } }
}
NGINX
  nginx -c "$2/nginx.conf" &
  NGINX_PID=$!
  wait_healthy "http://127.0.0.1:$1/"
}

# wrk_rate URL CONNECTIONS SECONDS [HEADER]: requests per second.
wrk_rate() {
  if [ -n "${4:-}" ]; then
    wrk -t1 -c"$2" -d"$3s" -H "$4" "$1" | awk '/Requests\/sec/ {print $2}'
  else
    wrk -t1 -c"$2" -d"$3s" "$1" | awk '/Requests\/sec/ {print $2}'
  fi
}

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
