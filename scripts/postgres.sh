#!/usr/bin/env bash
# A throwaway PostgreSQL server for a developer, started the way the tests start theirs
# (test/support/postgres.ts): initdb into its own folder, pg_ctl start on a free 127.0.0.1 port with
# the socket in that folder, fsync off; as root, the server runs as the postgres system user.
#   scripts/postgres.sh start   start it (or find it running) and print its URL
#   scripts/postgres.sh url     print the running server's URL
#   scripts/postgres.sh stop    stop it and delete its folder, data included
# Folder: PRASASTI_PG_DIR (default ${TMPDIR:-/tmp}/prasasti-pg-dev-<uid>). Binaries: PRASASTI_PG_BIN
# (default the newest /usr/lib/postgresql/<version>/bin; the PATH has only Debian's wrappers).
set -euo pipefail
dir="${PRASASTI_PG_DIR:-${TMPDIR:-/tmp}/prasasti-pg-dev-$(id -u)}"
data="$dir/data"
bin="${PRASASTI_PG_BIN:-$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -1 || true)}"
as_pg=(); [ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)   # initdb refuses to run as root

# Runs a server binary as the server's user, from a folder it can enter, ignoring the caller's PG* settings.
pg() { (cd "$dir" && env -u PGDATA -u PGPORT -u PGHOST LC_ALL=C "${as_pg[@]}" "$bin/$1" "${@:2}"); }
running() { [ -f "$data/postmaster.pid" ] && pg pg_ctl -D "$data" status >/dev/null 2>&1; }
remove() { rm -rf "$data" "$dir/url" "$dir/server.log" "$dir/pwfile"; rmdir "$dir" 2>/dev/null || true; }

case "${1:-}" in
  start)
    if running; then cat "$dir/url"; exit 0; fi
    if [ ! -x "$bin/initdb" ]; then
      echo "postgres: no PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin;" \
        "install them with 'apt-get install -y --no-install-recommends postgresql' (or set PRASASTI_PG_BIN)" >&2
      exit 1
    fi
    remove   # whatever a crash left behind
    mkdir -p -m 700 "$dir"
    [ "${#as_pg[@]}" -eq 0 ] || chown postgres: "$dir"
    password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
    (umask 077; printf '%s\n' "$password" > "$dir/pwfile")
    [ "${#as_pg[@]}" -eq 0 ] || chown postgres: "$dir/pwfile"
    pg initdb -D "$data" -U postgres -E UTF8 --no-locale --no-sync \
      --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" >/dev/null
    rm "$dir/pwfile"
    printf '%s\n' "listen_addresses = '127.0.0.1'" "unix_socket_directories = '$dir'" \
      'fsync = off' 'synchronous_commit = off' 'full_page_writes = off' >> "$data/postgresql.conf"
    port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
    pg pg_ctl -D "$data" -l "$dir/server.log" -o "-p $port" -w -t 30 start >/dev/null \
      || { echo "postgres: the server did not start; its log:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    (umask 077; echo "postgresql://postgres:$password@127.0.0.1:$port/postgres" > "$dir/url")
    cat "$dir/url"
    ;;
  url)
    running || { echo "postgres: not running (scripts/postgres.sh start)" >&2; exit 1; }
    cat "$dir/url"
    ;;
  stop)
    if running; then pg pg_ctl -D "$data" -m fast -w stop >/dev/null; fi
    remove
    ;;
  *)
    echo "usage: scripts/postgres.sh start|url|stop" >&2
    exit 2
    ;;
esac
