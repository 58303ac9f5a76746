"""Database triggers that make published rows immutable for everyone, raw SQL included.

The last of three guards (services, model ``save``/``delete``, these): they stop
``QuerySet.update()``/``delete()``, the admin, shells and other programs alike. Installed by
migration 0002 for SQLite and PostgreSQL.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection

from common.database import schema_changes_allowed

MESSAGE = "village_affairs: published rows are immutable"

# (name, table, event, condition on OLD/NEW) for the simple cases.
_SIMPLE = [
    ("va_disclosure_no_update", "village_affairs_disclosure", "UPDATE", "OLD.status = 'published'"),
    ("va_disclosure_no_delete", "village_affairs_disclosure", "DELETE", "OLD.status = 'published'"),
    ("va_step_no_update", "village_affairs_decisionstep", "UPDATE", "OLD.number >= 5"),
    ("va_step_no_delete", "village_affairs_decisionstep", "DELETE", "OLD.number >= 5"),
    ("va_month_no_update", "village_affairs_publishedmonth", "UPDATE", "1 = 1"),
    ("va_month_no_delete", "village_affairs_publishedmonth", "DELETE", "1 = 1"),
]


def _frozen(alias: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM village_affairs_publishedmonth p "  # noqa: S608 - alias is OLD or NEW, never input
        f"WHERE p.village_id = {alias}.village_id AND p.last_day >= {alias}.date)"
    )


def _sqlite_create() -> list[str]:
    sql = [
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        for name, table, event, condition in _SIMPLE
    ]
    ledger = "village_affairs_ledgerentry"
    sql += [
        f"CREATE TRIGGER va_ledger_no_insert BEFORE INSERT ON {ledger} FOR EACH ROW WHEN {_frozen('NEW')} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER va_ledger_no_update BEFORE UPDATE ON {ledger} FOR EACH ROW "
        f"WHEN {_frozen('OLD')} OR {_frozen('NEW')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER va_ledger_no_delete BEFORE DELETE ON {ledger} FOR EACH ROW WHEN {_frozen('OLD')} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]
    return sql


def _sqlite_drop() -> list[str]:
    names = [name for name, *_ in _SIMPLE] + ["va_ledger_no_insert", "va_ledger_no_update", "va_ledger_no_delete"]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres_create() -> list[str]:
    # A trigger's WHEN may not hold a subquery in PostgreSQL, so the ledger check is in the function.
    sql = [
        "CREATE OR REPLACE FUNCTION village_affairs_refuse() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;",
        "CREATE OR REPLACE FUNCTION village_affairs_ledger_guard() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') AND {_frozen('OLD')} THEN RAISE EXCEPTION '{MESSAGE}'; END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') AND {_frozen('NEW')} THEN RAISE EXCEPTION '{MESSAGE}'; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;",
    ]
    sql += [
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW WHEN ({condition}) "
        "EXECUTE FUNCTION village_affairs_refuse();"
        for name, table, event, condition in _SIMPLE
    ]
    sql.append(
        "CREATE TRIGGER va_ledger_guard BEFORE INSERT OR UPDATE OR DELETE ON village_affairs_ledgerentry "
        "FOR EACH ROW EXECUTE FUNCTION village_affairs_ledger_guard();"
    )
    # TRUNCATE (owner only) is left alone: Django's test flush on PostgreSQL relies on it.
    return sql


def _postgres_drop() -> list[str]:
    sql = [f"DROP TRIGGER IF EXISTS {name} ON {table};" for name, table, *_ in _SIMPLE]
    sql.append("DROP TRIGGER IF EXISTS va_ledger_guard ON village_affairs_ledgerentry;")
    sql += [
        "DROP FUNCTION IF EXISTS village_affairs_ledger_guard();",
        "DROP FUNCTION IF EXISTS village_affairs_refuse();",
    ]
    return sql


def statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_create() if create else _sqlite_drop()
    if vendor == "postgresql":
        return _postgres_create() if create else _postgres_drop()
    raise NotImplementedError(f"no immutability triggers for database vendor {vendor!r}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=False):
            cursor.execute(sql)


@contextmanager
def suspended_for_test_teardown(connection=default_connection) -> Iterator[None]:
    """Remove the triggers, let the block empty the tables, put the triggers back.

    For test teardown only: Django flushes a SQLite test database with DELETE, which the
    triggers rightly refuse. With schema changes allowed (the SQLite authorizer refuses them
    otherwise). Never use it on a real database.
    """
    with schema_changes_allowed():
        remove(connection)
    try:
        yield
    finally:
        with schema_changes_allowed():
            install(connection)
