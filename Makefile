# Xianfeng: the two commands are `make run` and `make test`. `make help` lists the rest.
#
# DATABASE_URL (and every other setting) comes from the environment and is passed
# through untouched; only the PostgreSQL test leg sets its own.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export VENV

# Debian packages the tests use: the browser, Chinese fonts for PDFs, pdftotext, msgfmt.
TEST_DEB_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext
# Two workers on the two cores; set PYTEST_WORKERS=0 to run serially.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
# Extra arguments for the PostgreSQL leg only, e.g. PYTEST_PG_ARGS='-m "not browser"'.
PYTEST_PG_ARGS ?=
# --durations: CI output names the slowest tests, so a creeping suite is noticed.
PYTEST := $(VENV)/bin/pytest -q --durations=10 $(if $(filter-out 0,$(PYTEST_WORKERS)),-p xdist -n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

# Mutation testing (`make mutation`, not part of `make test`; docs/testing.md). MUTATE limits it to some
# modules (files or globs: MUTATE='common/scope.py */rules.py'); MUTATION_BUDGET caps the seconds of
# tests run per mutant; MUTATION_ARGS=--report-only prints the last scores without running anything.
MUTATE ?=
MUTATION_JOBS ?= 2
MUTATION_BUDGET ?= 20
MUTATION_ARGS ?=

.PHONY: help run test test-sqlite test-postgres lint migrate demo messages makemessages clean bench load mutation venv dev-venv test-deps

help: ## List the targets
	@echo "Xianfeng (先锋) - make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "Variables: PORT=$(PORT) PYTEST_WORKERS=$(PYTEST_WORKERS) PYTEST_ARGS='$(PYTEST_ARGS)' PYTEST_PG_ARGS='$(PYTEST_PG_ARGS)' DATABASE_URL=$${DATABASE_URL:-<sqlite var/xianfeng.sqlite3>}"

# The demo runs on the scenario's demo date (its `demo_date`, read by `manage.py demo_date`) as the
# campaign's today, so that its reviews, disclosures and assessments are due; XIANFENG_TODAY=YYYY-MM-DD
# in the environment overrides it. Records, sessions and passwords keep the real time (common/clock.py).
# The task worker (manage.py run_worker: imports, PDF and Word reports, reminders) starts beside the server,
# as a child of the shell that then becomes the server (exec): when the server ends (Ctrl+C, or make killed,
# which passes SIGTERM on to it) the worker is told by the kernel (--stop-with, the shell's pid) and stops too.
run: venv messages ## Set up (first time only) and serve the Zhenghe demo on http://127.0.0.1:$PORT, with a task worker
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	@today="$${XIANFENG_TODAY:-$$($(PY) manage.py demo_date)}"; \
	echo "XIANFENG_TODAY=$$today $(PY) manage.py setup_demo"; \
	XIANFENG_TODAY="$$today" $(PY) manage.py setup_demo; \
	echo "Xianfeng: http://127.0.0.1:$(PORT)/  (demo date $$today; accounts: county, township, village, leader, partner, member, supervisor, sysadmin, secadmin, auditor; password xianfeng2010; two-factor code: $(PY) manage.py demo_totp county)"; \
	echo "Background worker (imports, reports, reminders): $(PY) manage.py run_worker, beside the server; it stops with it"; \
	DEMO_ACCOUNTS=true XIANFENG_TODAY="$$today" $(PY) manage.py run_worker --stop-with $$$$ & \
	DEMO_ACCOUNTS=true XIANFENG_TODAY="$$today" exec $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

# Every step runs even when an earlier one fails, so one CI run reports all of them;
# the target fails if any step failed.
test: dev-venv test-deps messages ## Lint (ruff check, ruff format --check, mypy), then the test suite on SQLite and on a throwaway PostgreSQL
	@failed=""; \
	echo "== ruff check ."; $(VENV)/bin/ruff check . || failed="$$failed ruff"; \
	echo "== ruff format --check ."; $(VENV)/bin/ruff format --check . || failed="$$failed ruff-format"; \
	echo "== mypy ."; $(VENV)/bin/mypy . || failed="$$failed mypy"; \
	$(MAKE) --no-print-directory test-sqlite || failed="$$failed pytest-sqlite"; \
	$(MAKE) --no-print-directory test-postgres || failed="$$failed pytest-postgresql"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; \
	echo "make test: all steps passed"

test-sqlite: dev-venv ## Run the test suite on DATABASE_URL (SQLite by default)
	@echo "== pytest on $${DATABASE_URL:-SQLite}"
	$(PYTEST)

test-postgres: dev-venv ## Run the test suite on a throwaway PostgreSQL cluster (scripts/with-postgres.sh)
	@echo "== pytest on a throwaway PostgreSQL cluster"
	scripts/with-postgres.sh $(PYTEST) $(PYTEST_PG_ARGS)

# Like `test`, every check runs and the target fails if any failed.
lint: dev-venv ## ruff check, ruff format --check and mypy; fails if any fails
	@failed=""; \
	echo "== ruff check ."; $(VENV)/bin/ruff check . || failed="$$failed ruff"; \
	echo "== ruff format --check ."; $(VENV)/bin/ruff format --check . || failed="$$failed ruff-format"; \
	echo "== mypy ."; $(VENV)/bin/mypy . || failed="$$failed mypy"; \
	if [ -n "$$failed" ]; then echo "make lint: FAILED:$$failed"; exit 1; fi; \
	echo "make lint: all checks passed"

migrate: venv ## Apply database migrations
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: venv migrate ## Load the Zhenghe scenario (if no county exists) and the demo accounts
	$(PY) manage.py setup_demo

messages: ## Compile translations (.po -> .mo)
	@scripts/compile-messages.sh

makemessages: venv ## Extract the Chinese source strings into the English catalogue and list what needs translating
	$(PY) scripts/i18n_check.py

bench: venv messages ## Benchmarks on a throwaway PostgreSQL: Zhenghe + a generated province (20-30 min; BENCH_SCALE=0.1 for a quick one)
	scripts/bench.sh

load: dev-venv messages ## Load test: gunicorn on a throwaway PostgreSQL province, 200 locust users (BENCH_SCALE, LOAD_SECONDS; bench/README.md)
	scripts/load.sh

clean: ## Remove var/ (database, media, static) and the install stamps; keeps sources and .venv
	rm -rf var/ $(VENV)/.installed-runtime $(VENV)/.installed-dev
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

mutation: dev-venv messages ## Mutation testing (Cosmic Ray) of scope, rights, services, checks, rules, figures; MUTATE=common/scope.py for one module
	$(PY) -m mutation --jobs $(MUTATION_JOBS) --budget $(MUTATION_BUDGET) $(MUTATION_ARGS) '$(MUTATE)'

venv: ## Create .venv and install requirements.txt (only when it changed)
	@scripts/ensure-venv.sh runtime

dev-venv: ## Create .venv and install requirements-dev.txt (only when it changed)
	@scripts/ensure-venv.sh dev

test-deps: ## As root, install the Debian packages the tests need (if missing)
	@scripts/ensure-system-packages.sh $(TEST_DEB_PACKAGES)
