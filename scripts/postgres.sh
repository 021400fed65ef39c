#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on loopback only, with trust authentication.
#
#   scripts/postgres.sh start DIR   initdb into DIR (made if missing), start the server on a free
#                                   127.0.0.1 port, create the database chat_test, print its URL
#                                   (postgres://postgres@127.0.0.1:PORT/chat_test)
#   scripts/postgres.sh stop DIR    stop that server and remove DIR
#
# Debian's PostgreSQL is installed with apt-get when initdb is nowhere to be found. As root, the
# cluster belongs to the postgres system user (PostgreSQL refuses to run as root). Progress goes
# to stderr; the URL alone to stdout.
set -euo pipefail

usage() {
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 2
}
[ $# -eq 2 ] || usage
mode=$1
dir=$2

# The directory of initdb, pg_ctl and postgres: on the PATH, else Debian's newest version.
bin_dir() {
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; fi
}

# Runs a command as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $mode in
start)
    bin=$(bin_dir)
    if [ -z "$bin" ]; then
        echo "==> installing PostgreSQL (apt-get install postgresql)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends postgresql >&2
        bin=$(bin_dir)
        [ -n "$bin" ] || { echo "postgres.sh: PostgreSQL installed, but no initdb found" >&2; exit 1; }
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
        runuser -u postgres -- test -w "$dir" ||
            { echo "postgres.sh: the postgres user cannot reach $dir (a parent is private); use another DIR" >&2; exit 1; }
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port can be taken between choosing and binding it: try a few.
    for attempt in 1 2 3 4 5; do
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        # Loopback TCP only, its socket in DIR (Debian's default directory may not exist), no fsync: throwaway.
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
            "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" \
            start >&2; then
            echo "$port" >"$dir/port"
            as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres chat_test
            echo "postgres://postgres@127.0.0.1:$port/chat_test"
            exit 0
        fi
        echo "postgres.sh: start on port $port failed (attempt $attempt)" >&2
        tail -5 "$dir/server.log" >&2 || true
    done
    exit 1
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        bin=$(bin_dir)
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*) usage ;;
esac
