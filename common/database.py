"""The database below the ORM: who may change the schema.

SQLite has no roles, so the application's own connection is held to data statements by an
authorizer (``sqlite3.Connection.set_authorizer``, installed on every connection through
``connection_created``): creating, dropping or altering tables, triggers, indexes and views,
ATTACH, and the PRAGMAs that would loosen the guards are refused with "not authorized" unless
``schema_changes_allowed()`` is in force, which the ``migrate`` command (and the test
teardown that empties published tables) enters.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.backends.base.base import BaseDatabaseWrapper

# -- SQLite: the authorizer ------------------------------------------------------------------

_schema_changes = ContextVar("xianfeng_schema_changes", default=0)

SCHEMA_ACTIONS = frozenset(
    {
        sqlite3.SQLITE_CREATE_INDEX,
        sqlite3.SQLITE_CREATE_TABLE,
        sqlite3.SQLITE_CREATE_TEMP_INDEX,
        sqlite3.SQLITE_CREATE_TEMP_TABLE,
        sqlite3.SQLITE_CREATE_TEMP_TRIGGER,
        sqlite3.SQLITE_CREATE_TEMP_VIEW,
        sqlite3.SQLITE_CREATE_TRIGGER,
        sqlite3.SQLITE_CREATE_VIEW,
        sqlite3.SQLITE_CREATE_VTABLE,
        sqlite3.SQLITE_DROP_INDEX,
        sqlite3.SQLITE_DROP_TABLE,
        sqlite3.SQLITE_DROP_TEMP_INDEX,
        sqlite3.SQLITE_DROP_TEMP_TABLE,
        sqlite3.SQLITE_DROP_TEMP_TRIGGER,
        sqlite3.SQLITE_DROP_TEMP_VIEW,
        sqlite3.SQLITE_DROP_TRIGGER,
        sqlite3.SQLITE_DROP_VIEW,
        sqlite3.SQLITE_DROP_VTABLE,
        sqlite3.SQLITE_ALTER_TABLE,
        # ATTACH opens (or creates) another database file: a way round the schema and onto the disk.
        sqlite3.SQLITE_ATTACH,
        sqlite3.SQLITE_DETACH,
    }
)
# PRAGMAs whose setting would loosen a guard: REPLACE past the DELETE triggers, editing
# sqlite_schema by hand, or the journal and durability the settings chose. Reading them is fine.
GUARDED_PRAGMAS = frozenset(
    {"recursive_triggers", "writable_schema", "trusted_schema", "schema_version", "journal_mode", "synchronous"}
)


@contextmanager
def schema_changes_allowed() -> Iterator[None]:
    """Let this thread's SQLite connections change the schema for the block (migrations only)."""
    token = _schema_changes.set(_schema_changes.get() + 1)
    try:
        yield
    finally:
        _schema_changes.reset(token)


def schema_changes_are_allowed() -> bool:
    return _schema_changes.get() > 0


def authorize(action: int, arg1: str | None, arg2: str | None, database: str | None, source: str | None) -> int:
    """The SQLite authorizer: deny schema changes and guard-loosening PRAGMAs outside migrations."""
    if action in SCHEMA_ACTIONS:
        return sqlite3.SQLITE_OK if _schema_changes.get() else sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_PRAGMA and arg2 is not None and (arg1 or "").lower() in GUARDED_PRAGMAS:
        return sqlite3.SQLITE_OK if _schema_changes.get() else sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def install_authorizer(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """``connection_created`` receiver: every SQLite connection of the application gets the authorizer."""
    if connection.vendor == "sqlite":
        connection.connection.set_authorizer(authorize)
