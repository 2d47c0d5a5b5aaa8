#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a temporary directory, started on a
# free port on 127.0.0.1 (its Unix socket in that directory, not /var/run), a database and a
# user with a password (scram-sha-256 over TCP), and the WXOPEN_TEST_POSTGRES_URL to reach it.
#
#   source .ci/postgres.sh && postgres_start   # exports WXOPEN_TEST_POSTGRES_URL; postgres_stop ends it
#   .ci/postgres.sh start                      # prints the export lines: eval "$(.ci/postgres.sh start)"
#   .ci/postgres.sh stop DIR                   # stops the cluster started in DIR and removes DIR
#
# Installs postgresql and libpq-dev with apt-get when initdb is missing. As root, the server runs
# as the `postgres` user (initdb refuses root); otherwise as the current user. fsync is off: the
# cluster is thrown away, and a killed server still loses nothing the OS was handed
# (WXOPEN_POSTGRES_FSYNC=on keeps it on, for benchmarks that compare with the file store's fsyncs).

postgres_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local bindir dir port password attempt
  bindir="$(postgres_bindir)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "postgres: installing postgresql and libpq-dev" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >/dev/null || return 1
    bindir="$(postgres_bindir)"
  fi
  [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1 && { echo "postgres: no postgres user to run the server as" >&2; return 1; }

  dir="$(mktemp -d /tmp/wxopen-postgres.XXXXXX)" || return 1
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  if ! postgres_as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2; rm -rf "$dir"; echo "postgres: initdb failed" >&2; return 1
  fi
  # Local socket (this directory only): trust, for the setup below. TCP: passwords only.
  printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' | postgres_as_owner tee "$dir/data/pg_hba.conf" >/dev/null

  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue   # something already listens there
    if postgres_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=${WXOPEN_POSTGRES_FSYNC:-off} -c full_page_writes=${WXOPEN_POSTGRES_FSYNC:-off}" \
      >/dev/null 2>&1; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    tail -20 "$dir/server.log" >&2; rm -rf "$dir"; echo "postgres: the server did not start" >&2; return 1
  fi

  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  if ! postgres_as_owner "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE wxopen_test LOGIN PASSWORD '$password'" -c "CREATE DATABASE wxopen_test OWNER wxopen_test" >&2; then
    WXOPEN_TEST_POSTGRES_BINDIR="$bindir" postgres_stop "$dir"; echo "postgres: creating the test database failed" >&2; return 1
  fi
  export WXOPEN_TEST_POSTGRES_DIR="$dir"
  export WXOPEN_TEST_POSTGRES_BINDIR="$bindir"
  export WXOPEN_TEST_POSTGRES_URL="postgresql://wxopen_test:$password@127.0.0.1:$port/wxopen_test"
  echo "postgres: $("$bindir/postgres" --version | head -1) on 127.0.0.1:$port, data in $dir" >&2
  echo "postgres: WXOPEN_TEST_POSTGRES_URL=$WXOPEN_TEST_POSTGRES_URL" >&2
}

postgres_stop() {
  local dir="${1:-${WXOPEN_TEST_POSTGRES_DIR:-}}" bindir
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bindir="${WXOPEN_TEST_POSTGRES_BINDIR:-$(postgres_bindir)}"
  postgres_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  echo "postgres: stopped, $dir removed" >&2
}

# Run as a command rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      postgres_start
      printf 'export WXOPEN_TEST_POSTGRES_URL=%q WXOPEN_TEST_POSTGRES_DIR=%q WXOPEN_TEST_POSTGRES_BINDIR=%q\n' \
        "$WXOPEN_TEST_POSTGRES_URL" "$WXOPEN_TEST_POSTGRES_DIR" "$WXOPEN_TEST_POSTGRES_BINDIR"
      ;;
    stop) postgres_stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR   (or: source $0 && postgres_start)" >&2; exit 2 ;;
  esac
fi
