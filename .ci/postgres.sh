#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the database tests. On success prints one line for `eval`:
#   export INTAKE_TEST_PG_URL=postgres://...
# It never fails the build: on any problem it says why on stderr, prints nothing, and the
# PostgreSQL tests skip with a message. Typical cost: ~25 s when apt must install PostgreSQL,
# ~3 s when it is already installed.
set -u
start=$(date +%s)
log() { echo "postgres for tests: $*" >&2; }
if [ -n "${INTAKE_TEST_PG_URL:-}" ]; then
  echo "export INTAKE_TEST_PG_URL='${INTAKE_TEST_PG_URL}'"
  exit 0
fi
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/tmp/intake-pg-apt.log 2>&1; then
      log "apt-get install postgresql failed (last lines of /tmp/intake-pg-apt.log below): PostgreSQL tests will skip"
      tail -3 /tmp/intake-pg-apt.log >&2
      exit 0
    fi
    bin=$(find_bin)
  fi
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  log "PostgreSQL is not installed and cannot be (needs root and apt-get): PostgreSQL tests will skip"
  exit 0
fi
dir=$(mktemp -d /tmp/intake-pg.XXXXXX)
as_pg() {
  # initdb refuses to run as root: use the postgres account the package created.
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(( 40000 + RANDOM % 20000 ))
if ! as_pg "'$bin/initdb' -D '$dir/data' -U intake --auth=trust -E UTF8 >'$dir/initdb.log' 2>&1"; then
  log "initdb failed: PostgreSQL tests will skip"; tail -3 "$dir/initdb.log" >&2; exit 0
fi
if ! as_pg "'$bin/pg_ctl' -D '$dir/data' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off\" -l '$dir/server.log' -w -t 60 start >/dev/null"; then
  log "the server did not start: PostgreSQL tests will skip"; tail -3 "$dir/server.log" >&2; exit 0
fi
if ! as_pg "'$bin/createdb' -h 127.0.0.1 -p $port -U intake intake_test"; then
  log "createdb failed: PostgreSQL tests will skip"; exit 0
fi
log "ready on port $port in $(( $(date +%s) - start )) s (data in $dir)"
echo "export INTAKE_TEST_PG_URL=postgres://intake@127.0.0.1:$port/intake_test"
