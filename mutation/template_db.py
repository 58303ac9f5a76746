"""``django_db_setup`` for mutation runs: a copy of a migrated SQLite database per test session.

Imported by ``mutation.pytest_plugin`` when ``MUTATION_DB_TEMPLATE`` names the database that
``python -m mutation`` migrated beforehand; each process (an xdist worker, a mutant's run)
works on its own copy, removed at the end.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from .pytest_plugin import TEMPLATE_ENV


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    from django.db import connections

    fd, path = tempfile.mkstemp(prefix="xianfeng-mutation-", suffix=".sqlite3")
    os.close(fd)
    shutil.copyfile(os.environ[TEMPLATE_ENV], path)
    with django_db_blocker.unblock():
        connection = connections["default"]
        connection.close()
        connection.settings_dict["NAME"] = path
    yield
    with django_db_blocker.unblock():
        connections["default"].close()
    for suffix in ("", "-wal", "-shm"):
        Path(path + suffix).unlink(missing_ok=True)
