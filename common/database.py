"""The database below the ORM: who may change the schema, and as whom the application connects.

SQLite has no roles, so the application's own connection is held to data statements by an
authorizer (``sqlite3.Connection.set_authorizer``, installed on every connection through
``connection_created``): creating, dropping or altering tables, triggers, indexes and views,
ATTACH, and the PRAGMAs that would loosen the guards are refused with "not authorized" unless
``schema_changes_allowed()`` is in force, which the ``migrate`` command (and the test
teardown that empties published tables) enters.

On PostgreSQL the application connects as a role that owns no table (``DATABASE_URL``); the
schema owner's credentials (``MIGRATION_DATABASE_URL``, ``settings.DATABASE_OWNER``) are
used only inside ``as_owner()``: by ``migrate``, ``flush``, ``grant_app_role`` and
``restore_database``. ``grant_statements`` is everything the application role may do:
read and write rows, never TRUNCATE, add triggers, reference tables or own anything, so it
cannot disable, drop or replace the triggers that keep published records and their history
as they were.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
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


# -- PostgreSQL: the owner's credentials and the application role's privileges -----------------


def owner_credentials() -> dict[str, Any] | None:
    """The schema owner's USER, PASSWORD, HOST and PORT (MIGRATION_DATABASE_URL), or None."""
    owner = getattr(settings, "DATABASE_OWNER", None)
    return dict(owner) if owner else None


def app_role() -> str:
    """The role the application connects as (DATABASE_URL's user)."""
    return str(getattr(settings, "DATABASE_APP_ROLE", "") or "")


def connected_as_owner(connection: BaseDatabaseWrapper) -> bool:
    owner = owner_credentials()
    return owner is None or connection.settings_dict.get("USER") == owner["USER"]


@contextmanager
def as_owner(alias: str = "default") -> Iterator[BaseDatabaseWrapper]:
    """Run the block on a connection made with the schema owner's credentials.

    Without MIGRATION_DATABASE_URL (SQLite, or one PostgreSQL role for everything), or when the
    connection already is the owner's, the connection is used as it is. Otherwise this
    thread's connection is closed, reopened as the owner for the block, and closed again, so
    that the next query connects as the application role. Not inside a transaction: the
    owner's statements must not share one with the application's.
    """
    connection = connections[alias]
    owner = owner_credentials()
    if owner is None or connection.vendor != "postgresql" or connected_as_owner(connection):
        yield connection
        return
    if connection.in_atomic_block:
        raise RuntimeError("as_owner() cannot switch credentials inside a transaction")
    connection.close()
    saved = connection.settings_dict
    connection.settings_dict = {**saved, **owner}
    try:
        yield connection
    finally:
        connection.close()
        connection.settings_dict = saved


ANALYZE_FUNCTION = "xianfeng_analyze"


def grant_statements(role: str, quote: Any) -> list[str]:
    """What the application role may do in schema public; ``quote`` quotes an identifier.

    Rows only: SELECT, INSERT, UPDATE, DELETE on every table and USAGE, SELECT on every
    sequence, now and (default privileges) for the tables later migrations create. Whatever
    else it was granted (TRUNCATE, TRIGGER, REFERENCES) is revoked; ownership and the right to
    create in the schema it never gets. The owner's SECURITY DEFINER function lets it refresh
    the planner's statistics (ANALYZE needs the owner in PostgreSQL 15) after a bulk load.
    """
    r = quote(role)
    return [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"REVOKE TRUNCATE, TRIGGER, REFERENCES ON ALL TABLES IN SCHEMA public FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {r}",
        f"CREATE OR REPLACE FUNCTION public.{ANALYZE_FUNCTION}() RETURNS void LANGUAGE plpgsql "  # noqa: S608 - a constant
        "SECURITY DEFINER SET search_path = pg_catalog, public AS $$ DECLARE t record; BEGIN "
        "FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP "
        "EXECUTE format('ANALYZE public.%I', t.tablename); END LOOP; END $$",
        f"REVOKE ALL ON FUNCTION public.{ANALYZE_FUNCTION}() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION public.{ANALYZE_FUNCTION}() TO {r}",
    ]


def role_problems(connection: BaseDatabaseWrapper, role: str) -> str | None:
    """Why ``role`` cannot serve as the application role, or None. Asked as the owner."""
    from django.utils.translation import gettext as _

    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            return _("数据库角色“%(role)s”不存在。") % {"role": role}
        if row[0] or row[1]:
            return _("数据库角色“%(role)s”是超级用户或可绕过行安全策略，不能作为应用角色。") % {"role": role}
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return _("应用角色不能是表的所有者“%(role)s”本身。") % {"role": role}
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [role],
        )
        owned = cursor.fetchone()[0]
        if owned:
            return _(
                "数据库角色“%(role)s”拥有%(n)s个表或序列；应用角色不能拥有任何表，请先由所有者接管（REASSIGN OWNED）。"
            ) % {"role": role, "n": owned}
        cursor.execute("SELECT pg_has_role(%s, current_user, 'MEMBER')", [role])
        if cursor.fetchone()[0]:
            return _("数据库角色“%(role)s”是表所有者角色的成员，能取得所有者的权限，不能作为应用角色。") % {
                "role": role
            }
    return None


def quote_identifier(name: str) -> str:
    """A PostgreSQL identifier, quoted whatever it holds (a role name is the operator's input)."""
    return '"' + name.replace('"', '""') + '"'


def grant_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Grant ``role`` the application's privileges (see ``grant_statements``), as the owner."""
    with connection.cursor() as cursor:
        for statement in grant_statements(role, quote_identifier):
            cursor.execute(statement)


def analyze(connection: BaseDatabaseWrapper) -> None:
    """Refresh the planner's statistics after a bulk load (PostgreSQL; inside the load's transaction).

    The application role may not ANALYZE tables it does not own, so it calls the owner's
    function where ``grant_app_role`` created it; a role that owns the tables analyzes itself.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [f"public.{ANALYZE_FUNCTION}()"])
        if cursor.fetchone()[0]:
            cursor.execute(f"SELECT public.{ANALYZE_FUNCTION}()")
        else:
            cursor.execute("ANALYZE")
