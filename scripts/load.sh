#!/usr/bin/env bash
# make load: on a throwaway PostgreSQL cluster, build the bench province (migrate, Zhenghe, bench/province.py,
# BENCH_SCALE counties), start gunicorn on loopback with bench.settings (production + a hello-world view) and
# run the bounded locust load test (bench/load.py, bench/locustfile.py). Results: var/bench-results.txt.
#
#   scripts/load.sh                                  # full province, 200 users for 180 s
#   BENCH_SCALE=0.1 LOAD_SECONDS=60 scripts/load.sh  # a tenth of the counties, a minute of load
#
# Knobs: BENCH_SCALE, BENCH_COUNTIES, LOAD_USERS, LOAD_RAMP, LOAD_SECONDS, LOAD_WORKERS, LOAD_RATE_USERS,
# LOAD_RATE_SECONDS, LOAD_RATE_ROUNDS, LOAD_BIND (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export DEBUG=false SECRET_KEY="${SECRET_KEY:-bench-only-not-a-secret}" DJANGO_SETTINGS_MODULE=xianfeng.settings
export FIELD_ENCRYPTION_KEY="${FIELD_ENCRYPTION_KEY:-YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=}"
export FIELD_HASH_KEY="${FIELD_HASH_KEY:-bench-only-hash-key-not-a-secret}"
if [ ! -x "$VENV/bin/locust" ]; then
    echo "load: locust is not installed; $VENV/bin/pip install -r requirements-dev.txt" >&2
    exit 2
fi
mkdir -p var
exec scripts/with-postgres.sh --superuser "$VENV/bin/python" -m bench.load --setup "$@"
