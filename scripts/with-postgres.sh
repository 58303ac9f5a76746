#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then remove the cluster.
#
#   scripts/with-postgres.sh .venv/bin/pytest -q
#   scripts/with-postgres.sh --superuser COMMAND   # one superuser for everything (make bench)
#
# The cluster lives in a temporary directory, listens on a free loopback port and
# trusts local connections. Like a deployment (docs/operations.md, "Database roles") it
# has two roles and a database `xianfeng` owned by the first:
#   xianfeng_owner  owns the schema; LOGIN CREATEDB (pytest-django creates the test
#                   databases as the owner): MIGRATION_DATABASE_URL
#   xianfeng_app    the application: LOGIN only, owns nothing: DATABASE_URL
# POSTGRES_SUPERUSER_URL is the cluster's superuser, for what only it may do.
# Beside the primary it starts a streaming replica (pg_basebackup -R from the primary, hot standby
# on a second loopback port) and exports REPLICA_DATABASE_URL (as xianfeng_app) and
# REPLICA_SUPERUSER_URL; both servers are stopped and removed at exit. Not with --superuser (make
# bench measures the primary) unless WITH_REPLICA=1; never with WITH_REPLICA=0. Where no
# PostgreSQL server binaries are found the leg is skipped (exit 0), except under
# CI=true, where a skipped leg is a failure. As root in CI, the Debian package
# `postgresql` is installed first if it is missing.
set -euo pipefail

superuser=false
if [ "${1:-}" = "--superuser" ]; then
    superuser=true
    shift
fi
if [ "$#" -eq 0 ]; then
    echo "usage: $0 [--superuser] COMMAND [ARGS...]" >&2
    exit 2
fi

in_ci() { [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; }

find_bindir() {
    local dir
    # Debian keeps the server binaries per major version; take the highest.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

bindir=$(find_bindir || true)
if [ -z "$bindir" ] && in_ci && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "with-postgres: no PostgreSQL server binaries; installing the Debian package 'postgresql'" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null || true
    bindir=$(find_bindir || true)
fi
if [ -z "$bindir" ]; then
    if in_ci; then
        echo "with-postgres: FAILED: no PostgreSQL server binaries (initdb, pg_ctl) found, and CI=true" >&2
        exit 1
    fi
    echo "with-postgres: SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl) found." >&2
    echo "with-postgres: install them (Debian: apt-get install postgresql) to run this leg." >&2
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xianfeng-pg.XXXXXX")
chmod 755 "$tmp"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# initdb refuses to run as root: run the server as the postgres user.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "with-postgres: running as root but there is no 'postgres' user to own the cluster" >&2
        rm -rf "$tmp"
        exit 1
    fi
    chown postgres "$tmp"
fi

# WITH_REPLICA=0|1 forces the replica off or on; by default it runs except with --superuser.
replica=true
if [ "$superuser" = true ]; then
    replica=false
fi
case "${WITH_REPLICA:-}" in
    0) replica=false ;;
    1) replica=true ;;
esac
replica_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
    if [ -d "$tmp/replica" ]; then
        as_owner "'$bindir/pg_ctl' -D '$tmp/replica' -m immediate -w stop" >/dev/null 2>&1 || true
    fi
    as_owner "'$bindir/pg_ctl' -D '$tmp/data' -m immediate -w stop" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "with-postgres: starting PostgreSQL ($bindir) in $tmp on 127.0.0.1:$port" >&2
as_owner "'$bindir/initdb' -D '$tmp/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >'$tmp/initdb.log' 2>&1" || {
    cat "$tmp/initdb.log" >&2
    exit 1
}
# fsync off: the cluster is thrown away, so durability only costs time.
as_owner "'$bindir/pg_ctl' -D '$tmp/data' -l '$tmp/server.log' -w -t 60 \
    -o \"-p $port -k '$tmp' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >/dev/null || {
    cat "$tmp/server.log" >&2 || true
    exit 1
}

export POSTGRES_SUPERUSER_URL="postgres://postgres@127.0.0.1:$port/postgres"
if [ "$superuser" = true ]; then
    export DATABASE_URL="$POSTGRES_SUPERUSER_URL"
    unset MIGRATION_DATABASE_URL
else
    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$POSTGRES_SUPERUSER_URL" \
        -c "CREATE ROLE xianfeng_owner LOGIN CREATEDB" \
        -c "CREATE ROLE xianfeng_app LOGIN" \
        -c "CREATE DATABASE xianfeng OWNER xianfeng_owner" >&2
    export DATABASE_URL="postgres://xianfeng_app@127.0.0.1:$port/xianfeng"
    export MIGRATION_DATABASE_URL="postgres://xianfeng_owner@127.0.0.1:$port/xianfeng"
fi
if [ "$replica" = true ]; then
    # The primary's pg_hba.conf (initdb -A trust) already admits replication connections on loopback.
    echo "with-postgres: starting a streaming replica in $tmp/replica on 127.0.0.1:$replica_port" >&2
    as_owner "'$bindir/pg_basebackup' -h 127.0.0.1 -p $port -U postgres -D '$tmp/replica' -R -X stream -c fast \
        >'$tmp/basebackup.log' 2>&1" || {
        cat "$tmp/basebackup.log" >&2
        exit 1
    }
    as_owner "'$bindir/pg_ctl' -D '$tmp/replica' -l '$tmp/replica.log' -w -t 60 \
        -o \"-p $replica_port -k '$tmp' -c listen_addresses=127.0.0.1 -c hot_standby=on -c fsync=off\" start" >/dev/null || {
        cat "$tmp/replica.log" >&2 || true
        exit 1
    }
    if [ "$superuser" = true ]; then
        export REPLICA_DATABASE_URL="postgres://postgres@127.0.0.1:$replica_port/postgres"
    else
        export REPLICA_DATABASE_URL="postgres://xianfeng_app@127.0.0.1:$replica_port/xianfeng"
    fi
    export REPLICA_SUPERUSER_URL="postgres://postgres@127.0.0.1:$replica_port/postgres"
else
    unset REPLICA_DATABASE_URL REPLICA_SUPERUSER_URL
fi
status=0
"$@" || status=$?
exit "$status"
