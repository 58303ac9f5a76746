"""backup_database and restore_database: a round trip on each database, and every refusal changing nothing.

SQLite runs on a file copy of the test database (the backup API needs a connection outside a
transaction); PostgreSQL on the test database itself, as a transactional test, since
pg_dump and pg_restore are other sessions and see only what is committed.
"""

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from village_affairs import services, triggers
from village_affairs.models import Disclosure, DisclosureKind, Feedback, LedgerEntry
from village_affairs.tests.helpers import aware, publish_month
from xianfeng.tests import factories as f
from xianfeng.tests.sqlite_file import file_database


def _build() -> Disclosure:
    """A village with a published disclosure, a published March and a feedback."""
    village = f.village(f.township(f.county(), "100", "熊山镇"), "201", "念山村")
    d = services.disclosure_create(
        village=village, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1, content="低保名单"
    )
    services.disclosure_publish(disclosure=d, at=aware(dt.date(2010, 4, 2)))
    publish_month(village, 2010, 3)
    services.feedback_submit(target=d, text="名单有误", client_address="10.0.0.1")
    return Disclosure.objects.get(pk=d.pk)


def _change_everything(d: Disclosure) -> None:
    """What happens after the backup: new rows, an edited draft, a removed row."""
    services.ledger_entry_create(
        village=d.village,
        date=dt.date(2010, 4, 9),
        direction="expense",
        category="administration",
        amount="80",
        voucher="after",
        description="备份之后",
    )
    services.feedback_submit(target=d, text="备份之后的意见", client_address="10.0.0.2")
    Feedback.objects.filter(text="名单有误").delete()


def _state() -> tuple:
    return (
        tuple(Disclosure.objects.order_by("pk").values_list("pk", "status", "content")),
        tuple(LedgerEntry.objects.order_by("pk").values_list("pk", "date", "amount", "voucher")),
        tuple(Feedback.objects.order_by("pk").values_list("pk", "text")),
    )


def _triggers_refuse(d: Disclosure) -> None:
    with pytest.raises(DatabaseError, match=triggers.MESSAGE), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE village_affairs_disclosure SET content = 'rewritten' WHERE id = %s", [d.pk])
    with (
        pytest.raises(DatabaseError, match=triggers.HISTORY_MESSAGE),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM village_affairs_historicaldisclosure WHERE id = %s", [d.pk])
    assert Disclosure.objects.get(pk=d.pk).content == "低保名单"


def _refused(command: str, path: Path, message: str, language: str = "zh-hans") -> None:
    with translation.override(language), pytest.raises(CommandError, match=message):
        call_command(command, str(path), lang=language)


# -- SQLite ------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_live(tmp_path: Path, transactional_db: None) -> Iterator[Disclosure]:
    with file_database(tmp_path / "live.sqlite3"):
        yield _build()


@pytest.mark.sqlite
def test_sqlite_round_trip_brings_the_data_back_and_the_triggers_with_it(sqlite_live: Disclosure, tmp_path: Path):
    backup = tmp_path / "backup.sqlite3"
    saved = _state()
    call_command("backup_database", str(backup), stdout=(out := _Out()))
    assert backup.is_file() and "已备份到" in out.text
    assert not list(tmp_path.glob("*.partial"))
    _change_everything(sqlite_live)
    assert _state() != saved
    call_command("restore_database", str(backup), stdout=(out := _Out()))
    assert "已从" in out.text
    assert _state() == saved
    _triggers_refuse(sqlite_live)
    with pytest.raises(DatabaseError, match="not authorized"), connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER va_disclosure_no_update")  # the restored database's connection is guarded too


@pytest.mark.sqlite
def test_sqlite_refusals_change_nothing(sqlite_live: Disclosure, tmp_path: Path):
    backup = tmp_path / "backup.sqlite3"
    call_command("backup_database", str(backup), stdout=_Out())
    _change_everything(sqlite_live)
    before = _state()

    _refused("restore_database", tmp_path / "missing.sqlite3", "备份文件“.*missing.sqlite3”不存在")
    _refused("restore_database", tmp_path / "missing.sqlite3", 'Backup file ".*missing.sqlite3" does not exist', "en")
    _refused("restore_database", tmp_path, "无法读取备份文件")  # a directory
    _refused("restore_database", tmp_path, "Cannot read the backup file", "en")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 200)
    _refused("restore_database", garbage, "不是先锋的数据库备份")
    _refused("restore_database", garbage, "is not a Xianfeng database backup", "en")
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE t (id integer)")
    _refused("restore_database", foreign, "其中没有先锋的数据表")
    _refused("restore_database", foreign, "It holds no Xianfeng tables", "en")
    _refused("backup_database", backup, "已存在，不会覆盖")
    _refused("backup_database", backup, "already exists and is not overwritten", "en")
    _refused("backup_database", tmp_path / "nowhere" / "b.sqlite3", "备份目录“.*nowhere”不存在或不可写")
    _refused("backup_database", tmp_path / "nowhere" / "b.sqlite3", "does not exist or is not writable", "en")

    # A backup SQLite cannot copy over this database (another page size): the restore fails whole.
    other_pages = tmp_path / "other-pages.sqlite3"
    with sqlite3.connect(backup) as source, sqlite3.connect(other_pages) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
        copy.execute("PRAGMA page_size = 8192")
        copy.execute("VACUUM")
    _refused("restore_database", other_pages, "恢复失败，数据库未作任何改动")
    _refused("restore_database", other_pages, "The restore failed and changed nothing in the database", "en")

    assert _state() == before
    assert not (tmp_path / "nowhere").exists()


class _Out:
    """A stdout for call_command that keeps what was written."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


# -- PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture
def postgres_live(transactional_db: None) -> Disclosure:
    return _build()


@pytest.mark.postgresql
def test_postgres_round_trip_brings_the_data_back_and_the_triggers_and_grants_with_it(
    postgres_live: Disclosure, tmp_path: Path
):
    backup = tmp_path / "backup.dump"
    saved = _state()
    call_command("backup_database", str(backup), stdout=_Out())
    assert backup.read_bytes()[:5] == b"PGDMP"
    _change_everything(postgres_live)
    assert _state() != saved
    call_command("restore_database", str(backup), stdout=_Out())
    assert _state() == saved
    _triggers_refuse(postgres_live)
    # Restored as the owner, granted again: the application writes rows, and TRUNCATEs nothing.
    services.feedback_submit(target=postgres_live, text="恢复之后", client_address="10.0.0.3")
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE village_affairs_feedback")


@pytest.mark.postgresql
def test_postgres_refusals_and_a_failed_restore_change_nothing(postgres_live: Disclosure, tmp_path: Path):
    import psycopg

    backup = tmp_path / "backup.dump"
    call_command("backup_database", str(backup), stdout=_Out())
    _change_everything(postgres_live)
    before = _state()

    _refused("restore_database", tmp_path / "missing.dump", "备份文件“.*missing.dump”不存在")
    _refused("restore_database", tmp_path, "无法读取备份文件")
    garbage = tmp_path / "garbage.dump"
    garbage.write_bytes(b"PGDMP but not really" * 50)
    _refused("restore_database", garbage, "不是先锋的数据库备份")
    _refused("restore_database", garbage, "is not a Xianfeng database backup", "en")
    _refused("backup_database", backup, "已存在，不会覆盖")

    # Another session holds a table the restore must drop: it gives up after the lock timeout,
    # and what it had already dropped and recreated is rolled back with the rest.
    params = connection.get_connection_params()
    params = {k: v for k, v in params.items() if k not in {"cursor_factory", "context"} and v not in (None, "")}
    with psycopg.connect(**params) as holder:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM village_affairs_feedback")
        with translation.override("en"), pytest.raises(CommandError, match="changed nothing.*lock timeout"):
            call_command("restore_database", str(backup), lock_timeout=1, lang="en")
        holder.execute("ROLLBACK")
    assert _state() == before
    _triggers_refuse(postgres_live)
