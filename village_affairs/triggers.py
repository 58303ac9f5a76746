"""Database triggers that make published rows immutable for everyone, raw SQL included.

The last of three guards (services, model ``save``/``delete``, these): they stop
``QuerySet.update()``/``delete()``, the admin, shells and other programs alike.

- Migration 0002 (``statements``): published disclosures, published decision steps (5, 6),
  published months and the ledger entries of a published month refuse UPDATE and DELETE.
- Migration 0005 (``reinstall_all``): corrections (``Disclosure.corrects``) share their original's
  period, so the REPLACE guard's period key covers originals only; the triggers are put back
  after SQLite rebuilt the disclosure tables. An UPDATE of a published row, ``corrects``
  included, is still refused on both databases.
- Migration 0004 (``guard_statements``): on SQLite, ``INSERT OR REPLACE``/``REPLACE`` and
  ``UPDATE OR REPLACE`` delete the row they collide with, and fire its DELETE triggers only
  under ``PRAGMA recursive_triggers = ON`` (the settings turn it on for the application's
  connections, not for a ``sqlite3`` shell): BEFORE INSERT and BEFORE UPDATE triggers refuse
  a row whose key (primary or unique) is a published row's, on any connection. On both
  databases the audit history of those four models (django-simple-history) is append-only:
  its rows refuse UPDATE and DELETE, REPLACE included.

On PostgreSQL only the tables' owner can drop or disable these triggers, or TRUNCATE; the
application connects as a role that owns nothing (common.database).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection

from common.database import as_owner, schema_changes_allowed

MESSAGE = "village_affairs: published rows are immutable"
HISTORY_MESSAGE = "village_affairs: audit history is append-only"

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


# -- migration 0004: REPLACE guards (SQLite) and append-only history (both) --------------------

# (table, the condition on row ``t`` that makes it published, the unique keys besides ``id``).
_PUBLISHED_KEYS: list[tuple[str, str, list[tuple[str, ...]]]] = [
    (
        "village_affairs_disclosure",
        "t.status = 'published'",
        [("village_id", "kind", "year", "period_kind", "period_number")],
    ),
    ("village_affairs_decisionstep", "t.number >= 5", [("decision_id", "number")]),
    ("village_affairs_publishedmonth", "1 = 1", [("village_id", "year", "month"), ("disclosure_id",)]),
    ("village_affairs_ledgerentry", _frozen("t"), [("corrects_id",)]),
]

# The audit history of the published records: django-simple-history's tables, keyed by history_id.
HISTORY_TABLES = [
    "village_affairs_historicaldisclosure",
    "village_affairs_historicaldecisionstep",
    "village_affairs_historicalpublishedmonth",
    "village_affairs_historicalledgerentry",
]


# Migration 0005: a correcting disclosure shares its original's period, so the period is a key only among
# disclosures that correct nothing (the unique constraint's condition); corrections collide by id alone.
_ORIGINALS_ONLY = {
    "village_affairs_disclosure": "t.corrects_id IS NULL AND {alias}.corrects_id IS NULL",
}


def _collides(alias: str, uniques: list[tuple[str, ...]], only: str = "") -> str:
    keys = [f"t.id = {alias}.id"] + [
        " AND ".join([only.format(alias=alias)] * bool(only) + [f"t.{c} = {alias}.{c}" for c in columns])
        for columns in uniques
    ]
    return " OR ".join(f"({key})" for key in keys)


def _short(table: str) -> str:
    return table.removeprefix("village_affairs_")


def _sqlite_guards(corrections: bool) -> list[str]:
    sql = []
    for table, published, uniques in _PUBLISHED_KEYS:
        name = _short(table)
        only = _ORIGINALS_ONLY.get(table, "") if corrections else ""
        # A new row (INSERT OR REPLACE, REPLACE) may not take a published row's key.
        sql.append(
            f"CREATE TRIGGER va_{name}_no_replace BEFORE INSERT ON {table} FOR EACH ROW "  # noqa: S608 - constants only
            f"WHEN EXISTS (SELECT 1 FROM {table} t WHERE ({published}) AND ({_collides('NEW', uniques, only)})) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
        # Nor may another row be changed onto one (UPDATE OR REPLACE).
        sql.append(
            f"CREATE TRIGGER va_{name}_no_replace_by_update BEFORE UPDATE ON {table} FOR EACH ROW "  # noqa: S608 - constants only
            f"WHEN EXISTS (SELECT 1 FROM {table} t WHERE t.id <> OLD.id AND ({published}) "
            f"AND ({_collides('NEW', uniques, only)})) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
    for table in HISTORY_TABLES:
        name = _short(table)
        sql += [
            f"CREATE TRIGGER va_{name}_no_update BEFORE UPDATE ON {table} FOR EACH ROW "
            f"BEGIN SELECT RAISE(ABORT, '{HISTORY_MESSAGE}'); END;",
            f"CREATE TRIGGER va_{name}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
            f"BEGIN SELECT RAISE(ABORT, '{HISTORY_MESSAGE}'); END;",
            f"CREATE TRIGGER va_{name}_no_replace BEFORE INSERT ON {table} FOR EACH ROW "  # noqa: S608 - constants only
            f"WHEN EXISTS (SELECT 1 FROM {table} t WHERE t.history_id = NEW.history_id) "
            f"BEGIN SELECT RAISE(ABORT, '{HISTORY_MESSAGE}'); END;",
        ]
    return sql


def _sqlite_guard_names() -> list[str]:
    names = [
        f"va_{_short(t)}_{suffix}" for t, *_ in _PUBLISHED_KEYS for suffix in ("no_replace", "no_replace_by_update")
    ]
    names += [f"va_{_short(t)}_{suffix}" for t in HISTORY_TABLES for suffix in ("no_update", "no_delete", "no_replace")]
    return names


def _postgres_guards() -> list[str]:
    # PostgreSQL has no REPLACE; INSERT ... ON CONFLICT DO UPDATE fires the UPDATE triggers.
    sql = [
        "CREATE OR REPLACE FUNCTION village_affairs_history_refuse() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{HISTORY_MESSAGE}'; END; $$ LANGUAGE plpgsql;"
    ]
    sql += [
        f"CREATE TRIGGER va_{_short(table)}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION village_affairs_history_refuse();"
        for table in HISTORY_TABLES
    ]
    return sql


def guard_statements(vendor: str, *, create: bool, corrections: bool = True) -> list[str]:
    """Migration 0004's triggers: REPLACE guards on SQLite, append-only history on both.

    ``corrections``: the disclosure's period key as of migration 0005 (originals only); 0004 itself
    ran before the column existed.
    """
    if vendor == "sqlite":
        if create:
            return _sqlite_guards(corrections)
        return [f"DROP TRIGGER IF EXISTS {name};" for name in _sqlite_guard_names()]
    if vendor == "postgresql":
        if create:
            return _postgres_guards()
        return [f"DROP TRIGGER IF EXISTS va_{_short(t)}_append_only ON {t};" for t in HISTORY_TABLES] + [
            "DROP FUNCTION IF EXISTS village_affairs_history_refuse();"
        ]
    raise NotImplementedError(f"no immutability triggers for database vendor {vendor!r}")


def _execute(connection, sql: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def install(connection) -> None:
    _execute(connection, statements(connection.vendor, create=True))


def remove(connection) -> None:
    _execute(connection, statements(connection.vendor, create=False))


def install_guards(connection, *, corrections: bool = True) -> None:
    _execute(connection, guard_statements(connection.vendor, create=True, corrections=corrections))


def remove_guards(connection) -> None:
    _execute(connection, guard_statements(connection.vendor, create=False))


def reinstall_all(connection) -> None:
    """Migration 0005: put every trigger back as it now stands.

    On SQLite, changing the disclosure's unique constraint and adding a column with a default
    rebuild the disclosure table and its history table, and a rebuilt table has lost its
    triggers; the REPLACE guard's period key now leaves corrections out. On PostgreSQL the
    triggers survive; they are renewed all the same, so both databases end alike.
    """
    remove_guards(connection)
    remove(connection)
    install(connection)
    install_guards(connection)


@contextmanager
def suspended_for_test_teardown(connection=default_connection) -> Iterator[None]:
    """Remove every trigger, let the block empty the tables, put the triggers back.

    For test teardown only: Django flushes a SQLite test database with DELETE, which the
    triggers rightly refuse. As the owner (only the owner may drop triggers) and with schema
    changes allowed (the SQLite authorizer refuses them otherwise). Never use it on a real
    database.
    """
    with as_owner(connection.alias) as owner, schema_changes_allowed():
        remove_guards(owner)
        remove(owner)
    try:
        yield
    finally:
        with as_owner(connection.alias) as owner, schema_changes_allowed():
            install(owner)
            install_guards(owner)
