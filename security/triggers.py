"""Database triggers that make the security log append-only, for the application's own database role too.

UPDATE of an event is always refused. DELETE is refused unless the event is older than the minimum
retention (180 days), which is what ``manage.py purge_security_log`` deletes; the purge then appends a
checkpoint so that the chain stays verifiable. On PostgreSQL, TRUNCATE of a log that holds events is
refused as well (truncating an empty table is let through: Django's test flush empties every table so).
Installed by migration 0002 for SQLite and PostgreSQL.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from common.database import as_owner, schema_changes_allowed

from .apps import MINIMUM_RETENTION_DAYS

TABLE = "security_securityevent"
MESSAGE = "security log: events cannot be changed or deleted"


def _sqlite_create() -> list[str]:
    # Django stores SQLite datetimes as UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]', so they compare as text.
    return [
        f"CREATE TRIGGER security_event_no_update BEFORE UPDATE ON {TABLE} FOR EACH ROW "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER security_event_no_delete BEFORE DELETE ON {TABLE} FOR EACH ROW "
        f"WHEN OLD.at >= datetime('now', '-{MINIMUM_RETENTION_DAYS} days') "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]


def _sqlite_drop() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS security_event_no_update;",
        "DROP TRIGGER IF EXISTS security_event_no_delete;",
    ]


def _postgres_create() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION security_event_guard() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{MINIMUM_RETENTION_DAYS} days' THEN RETURN OLD; END IF; "
        f"RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;",
        "CREATE OR REPLACE FUNCTION security_event_no_truncate() RETURNS trigger AS $$ BEGIN "  # noqa: S608 - constants
        f"IF EXISTS (SELECT 1 FROM {TABLE}) THEN RAISE EXCEPTION '{MESSAGE}'; END IF; "
        "RETURN NULL; END; $$ LANGUAGE plpgsql;",
        f"CREATE TRIGGER security_event_guard BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION security_event_guard();",
        f"CREATE TRIGGER security_event_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION security_event_no_truncate();",
    ]


def _postgres_drop() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS security_event_guard ON {TABLE};",
        f"DROP TRIGGER IF EXISTS security_event_no_truncate ON {TABLE};",
        "DROP FUNCTION IF EXISTS security_event_guard();",
        "DROP FUNCTION IF EXISTS security_event_no_truncate();",
    ]


def statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_create() if create else _sqlite_drop()
    if vendor == "postgresql":
        return _postgres_create() if create else _postgres_drop()
    raise NotImplementedError(f"no security log triggers for database vendor {vendor!r}")


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
    """Remove the triggers for the block, then put them back.

    For tests only: to empty the log at teardown (Django's flush deletes rows, which the triggers rightly
    refuse) and to play an attacker who has the database file. As the owner (only the owner may drop
    triggers; on PostgreSQL that means outside a transaction) and with schema changes allowed (the SQLite
    authorizer refuses them otherwise). Never use it on a real database.
    """
    with as_owner(connection.alias) as owner, schema_changes_allowed():
        remove(owner)
    try:
        yield
    finally:
        with as_owner(connection.alias) as owner, schema_changes_allowed():
            install(owner)
