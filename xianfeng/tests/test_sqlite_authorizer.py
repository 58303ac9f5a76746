"""SQLite: the application's own connection refuses schema changes outside migrations (common.database).

The statements go through ``connection.cursor()``, as an injected or hand-typed statement
would. Migrations still change the schema: the test database itself was built by them, and
on a file database ``migrate`` takes village_affairs back past its triggers and forward again.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from common.database import schema_changes_allowed
from xianfeng.tests.sqlite_file import file_database

pytestmark = pytest.mark.sqlite

REFUSED = {
    "DROP TRIGGER": "DROP TRIGGER va_disclosure_no_update",
    "DROP TRIGGER IF EXISTS": "DROP TRIGGER IF EXISTS va_ledger_no_delete",
    "DROP TABLE": "DROP TABLE village_affairs_historicaldisclosure",
    "ALTER TABLE": "ALTER TABLE village_affairs_disclosure ADD COLUMN note text",
    "ALTER TABLE RENAME": "ALTER TABLE village_affairs_disclosure RENAME TO disclosure_old",
    "CREATE TABLE": "CREATE TABLE shadow (id integer)",
    "CREATE TEMP TABLE": "CREATE TEMP TABLE shadow (id integer)",
    "CREATE TRIGGER": "CREATE TRIGGER va_x AFTER INSERT ON village_affairs_feedback BEGIN SELECT 1; END",
    "CREATE TEMP TRIGGER": (
        "CREATE TEMP TRIGGER va_x BEFORE UPDATE ON main.village_affairs_disclosure BEGIN SELECT 1; END"
    ),
    "CREATE INDEX": "CREATE INDEX va_x ON village_affairs_feedback (text)",
    "DROP INDEX": "DROP INDEX {index}",
    "CREATE VIEW": "CREATE VIEW va_x AS SELECT 1",
    "ATTACH": "ATTACH DATABASE ':memory:' AS elsewhere",
    "PRAGMA recursive_triggers = OFF": "PRAGMA recursive_triggers = OFF",
    "PRAGMA writable_schema = ON": "PRAGMA writable_schema = ON",
    "PRAGMA journal_mode = DELETE": "PRAGMA journal_mode = DELETE",
}


def _trigger_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("sql", list(REFUSED.values()), ids=list(REFUSED))
def test_schema_changes_through_the_application_connection_are_refused(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name LIMIT 1")
        sql = sql.format(index=cursor.fetchone()[0])
    triggers, tables = _trigger_names(), set(connection.introspection.table_names())
    with pytest.raises(DatabaseError, match="not authorized"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert _trigger_names() == triggers
    assert set(connection.introspection.table_names()) == tables
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] in {"wal", "memory"}


@pytest.mark.django_db
def test_reading_pragmas_and_writing_rows_are_allowed() -> None:
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []
        cursor.execute("PRAGMA table_info(village_affairs_disclosure)")
        assert cursor.fetchall()
        cursor.execute("INSERT INTO django_content_type (app_label, model) VALUES ('probe', 'probe')")
        cursor.execute("DELETE FROM django_content_type WHERE app_label = 'probe'")


@pytest.mark.django_db
def test_a_schema_change_allowed_once_is_refused_when_repeated_outside() -> None:
    """The statement cache keeps prepared statements; a changed schema makes SQLite prepare (and ask) again."""
    sql = "DROP TRIGGER IF EXISTS va_disclosure_no_delete"
    with schema_changes_allowed(), connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.execute(
            "CREATE TRIGGER va_disclosure_no_delete BEFORE DELETE ON village_affairs_disclosure FOR EACH ROW "
            "WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, 'village_affairs: published rows are immutable'); "
            "END"
        )
    with pytest.raises(DatabaseError, match="not authorized"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert "va_disclosure_no_delete" in _trigger_names()


@pytest.mark.django_db(transaction=True)
def test_migrate_still_changes_the_schema_on_a_file_database(tmp_path: Path) -> None:
    """``migrate`` takes village_affairs back past 0002 (dropping its triggers) and forward again."""
    with file_database(tmp_path / "xianfeng.sqlite3"):
        assert {"va_disclosure_no_update", "va_historicaldisclosure_no_delete"} <= _trigger_names()
        call_command("migrate", "village_affairs", "0001", verbosity=0)
        assert not {name for name in _trigger_names() if name.startswith("va_")}
        call_command("migrate", verbosity=0)
        assert {"va_disclosure_no_update", "va_historicaldisclosure_no_delete"} <= _trigger_names()
        with pytest.raises(DatabaseError, match="not authorized"), connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER va_disclosure_no_update")
