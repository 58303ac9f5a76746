"""A file-based SQLite database for the tests that need one, beside the in-memory test database.

pytest-django's SQLite test database lives in memory (fast, one per xdist worker). Tests of
what only a file has (concurrent connections, WAL, backups, migrations outside a
transaction) copy it, migrated and empty, into a file with SQLite's backup API and point
*this thread's* ``default`` connection at the copy, with the settings' OPTIONS unchanged:
the same transaction mode, timeout and init_command as production. Django keeps one
connection per thread, so each thread that joins calls ``connect_to(path)`` and gets its own
connection to the same file. The rest of the suite never sees the file.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


def connect_to(path: Path, options: dict[str, object] | None = None) -> BaseDatabaseWrapper:
    """Make this thread's ``default`` connection one to ``path`` (settings' OPTIONS, or ``options``)."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict = {**wrapper.settings_dict, "NAME": str(path)}
    if options is not None:
        wrapper.settings_dict["OPTIONS"] = options
    connections["default"] = wrapper
    return wrapper


@contextmanager
def file_database(path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A copy of the migrated test database at ``path``, this thread's ``default`` for the block."""
    memory = connections["default"]
    memory.ensure_connection()
    assert not memory.in_atomic_block, "copy the test database outside a transaction (no django_db mark)"
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)
    copy.close()
    wrapper = connect_to(path)
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections["default"] = memory
