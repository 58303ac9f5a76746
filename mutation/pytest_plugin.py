"""pytest plugin for mutation runs (``-p mutation.pytest_plugin``); the normal suite never loads it.

- Each test session starts from a copy of a migrated SQLite database (``MUTATION_DB_TEMPLATE``)
  instead of running the migrations: they take some 15 seconds here, a mutant's tests a few.
- Hypothesis uses the derandomized ``ci`` profile, so a mutant's verdict does not depend on
  the examples drawn.
- With ``MUTATION_COVERAGE`` set (a data file name), every process records which test ran
  which line (a coverage context per test id), and with ``MUTATION_DURATIONS`` the controller
  writes each test's duration (and which failed): ``python -m mutation`` picks the tests of a mutant from these.
"""

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

TEMPLATE_ENV = "MUTATION_DB_TEMPLATE"
COVERAGE_ENV = "MUTATION_COVERAGE"
INCLUDE_ENV = "MUTATION_COVERAGE_INCLUDE"  # comma-separated files measured
DURATIONS_ENV = "MUTATION_DURATIONS"  # where the controller writes each test's duration (JSON)

_coverage = None
_durations: dict[str, float] = defaultdict(float)
_failed: set[str] = set()


def pytest_configure(config):
    global _coverage
    from hypothesis import settings

    settings.load_profile("ci")
    if os.environ.get(TEMPLATE_ENV):
        # Imported now, after pytest-django: the fixture registered last is the one used.
        config.pluginmanager.import_plugin("mutation.template_db")
    data_file = os.environ.get(COVERAGE_ENV)
    if data_file and (hasattr(config, "workerinput") or not config.getoption("numprocesses", None)):
        import coverage

        include = [s for s in os.environ.get(INCLUDE_ENV, "").split(",") if s]
        _coverage = coverage.Coverage(data_file=data_file, data_suffix=True, include=include or None, config_file=False)
        _coverage.start()


def pytest_unconfigure(config):
    if _coverage is not None:
        _coverage.stop()
        _coverage.save()
    durations = os.environ.get(DURATIONS_ENV)
    if durations and not hasattr(config, "workerinput"):
        Path(durations).write_text(json.dumps({"durations": _durations, "failed": sorted(_failed)}, indent=0))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _coverage is not None:
        _coverage.switch_context(item.nodeid)
    yield
    if _coverage is not None:
        _coverage.switch_context("")


def pytest_runtest_logreport(report):
    if os.environ.get(DURATIONS_ENV):
        _durations[report.nodeid] += report.duration
        if report.failed:
            _failed.add(report.nodeid)
