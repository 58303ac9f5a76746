#!/usr/bin/env bash
# make bench: on a throwaway PostgreSQL cluster, migrate, load Zhenghe, generate a
# province-sized deployment (bench/province.py), then time the dashboards and the
# campaign report against their SQL floors (bench/run.py). Results: var/bench-results.txt.
#
#   scripts/bench.sh                          # full size (~14,000 villages), 20-30 minutes
#   BENCH_SCALE=0.1 scripts/bench.sh          # a tenth of the counties, a few minutes
#   scripts/bench.sh --only county_dashboard  # some scenarios only (setup still runs)
#
# Knobs: BENCH_SCALE, BENCH_COUNTIES, BENCH_RUNS, BENCH_WARMUPS, BENCH_PROVINCE_RUNS,
# BENCH_PROVINCE_WARMUPS, BENCH_JOBS (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
# Production-like settings: DEBUG off (no query log kept in memory).
export DEBUG=false SECRET_KEY="${SECRET_KEY:-bench-only-not-a-secret}" DJANGO_SETTINGS_MODULE=xianfeng.settings
# DEBUG=false refuses to start without the personal-data keys (docs/security.md): fixed bench-only values.
export FIELD_ENCRYPTION_KEY="${FIELD_ENCRYPTION_KEY:-YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=}"
export FIELD_HASH_KEY="${FIELD_HASH_KEY:-bench-only-hash-key-not-a-secret}"
mkdir -p var
# --superuser: the benchmark tunes the server (ALTER SYSTEM) and loads with triggers off
# (session_replication_role), which only a superuser may; it measures speed, not roles.
exec scripts/with-postgres.sh --superuser "$VENV/bin/python" -m bench.run --setup "$@"
