#!/bin/sh
# A throwaway PostgreSQL + PostGIS cluster for bench/postgis.ts.
#   bench/postgis-setup.sh start DIR PORT   install PostGIS if missing (Debian, as root), initdb in DIR, start on a unix socket in DIR
#   bench/postgis-setup.sh stop DIR         stop the cluster (the caller removes DIR)
# Exit 3 with the reason on stderr when PostgreSQL or PostGIS cannot be had: the bench then records it as skipped.
set -eu

cmd=${1:-}
dir=${2:-}
port=${3:-55432}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }

fail() { echo "$*" >&2; exit 3; }

# Newest installed server version (Debian layout: /usr/lib/postgresql/<major>/bin).
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || fail "no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)"
major=$(basename "$(dirname "$bindir")")

# postgres refuses to run as root: run its tools as the postgres user when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
stop)
  [ -f "$dir/data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  exit 0
  ;;
start) ;;
*) echo "unknown command $cmd" >&2; exit 2 ;;
esac

if [ ! -f "/usr/share/postgresql/$major/extension/postgis.control" ]; then
  [ "$(id -u)" = 0 ] || fail "PostGIS is not installed for PostgreSQL $major and installing needs root (apt-get install postgis postgresql-$major-postgis-3)"
  command -v apt-get >/dev/null || fail "PostGIS is not installed and there is no apt-get to install it"
  echo "installing PostGIS for PostgreSQL $major (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  # An old package list may name versions the mirror no longer has: update once and retry.
  apt-get install -y -q postgis "postgresql-$major-postgis-3" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgis "postgresql-$major-postgis-3" >/dev/null 2>&1; } ||
    fail "apt-get install postgis postgresql-$major-postgis-3 failed"
  [ -f "/usr/share/postgresql/$major/extension/postgis.control" ] || fail "PostGIS installed but no postgis.control for PostgreSQL $major"
fi

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || fail "initdb failed: $(tail -n 3 "$dir/initdb.log")"
# Throwaway data: no durability; enough memory for the GiST builds and the table in cache.
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c maintenance_work_mem=1GB -c work_mem=64MB -c max_wal_size=4GB" >/dev/null ||
  fail "postgres did not start: $(tail -n 3 "$dir/server.log")"
echo "host=$dir port=$port user=postgres version=$major"
