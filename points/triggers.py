"""Database triggers that keep the points ledger append-only below the ORM: UPDATE and DELETE are refused.

On PostgreSQL, TRUNCATE (the owner's flush) is not guarded. Installed by migration 0002 for SQLite and PostgreSQL.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from common.database import as_owner, schema_changes_allowed

TABLE = "points_pointentry"
MESSAGE = "points ledger: entries cannot be changed or deleted"


def statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        if not create:
            return ["DROP TRIGGER IF EXISTS points_entry_no_update;", "DROP TRIGGER IF EXISTS points_entry_no_delete;"]
        return [
            f"CREATE TRIGGER points_entry_no_update BEFORE UPDATE ON {TABLE} FOR EACH ROW "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
            f"CREATE TRIGGER points_entry_no_delete BEFORE DELETE ON {TABLE} FOR EACH ROW "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        ]
    if vendor == "postgresql":
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS points_entry_guard ON {TABLE};",
                "DROP FUNCTION IF EXISTS points_entry_guard();",
            ]
        return [
            "CREATE OR REPLACE FUNCTION points_entry_guard() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;",
            f"CREATE TRIGGER points_entry_guard BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION points_entry_guard();",
        ]
    raise NotImplementedError(f"no points ledger triggers for database vendor {vendor!r}")


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=False):
            cursor.execute(sql)


@contextmanager
def suspended(connection: BaseDatabaseWrapper = default_connection) -> Iterator[None]:
    """Remove the triggers for the block, then put them back. For test teardown only (SQLite flushes with DELETE)."""
    with as_owner(connection.alias) as owner, schema_changes_allowed():
        remove(owner)
    try:
        yield
    finally:
        with as_owner(connection.alias) as owner, schema_changes_allowed():
            install(owner)
