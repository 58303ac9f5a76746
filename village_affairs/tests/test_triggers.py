# ruff: noqa: S608 - the statements are built from constants and primary keys, to be refused
"""Below the ORM: REPLACE cannot overwrite what is published (SQLite), and the audit history is append-only.

Raw SQL through ``connection.cursor()``, as a shell or another program would send it. The
REPLACE statements are refused three ways over: as the application connects (recursive
triggers on, guards installed), as a ``sqlite3`` shell connects (recursive triggers off: the
BEFORE INSERT/UPDATE guards alone), and with the guards gone (the DELETE triggers alone,
which see REPLACE's deletion only with recursive triggers on).
"""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from common.database import schema_changes_allowed
from village_affairs import services, triggers
from village_affairs.models import DecisionStep, Disclosure, DisclosureKind, LedgerEntry, PublishedMonth
from village_affairs.tests.helpers import aware, full_decision, publish_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(county):
    """A published affairs disclosure, a published March (two entries), a decision through step 6, a draft."""
    v = county.village_a1
    affairs = services.disclosure_create(village=v, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1)
    services.disclosure_publish(disclosure=affairs, at=aware(dt.date(2010, 4, 2)))
    draft = services.disclosure_create(village=v, kind=DisclosureKind.AFFAIRS, year=2010, period_number=2)
    publish_month(v, 2010, 3)
    april = services.ledger_entry_create(
        village=v,
        date=dt.date(2010, 4, 2),
        direction="expense",
        category="public_welfare",
        amount="50",
        voucher="A1",
        description="修路",
    )
    decision = full_decision(v)
    return {
        "disclosure": Disclosure.objects.get(pk=affairs.pk),
        "draft": draft,
        "month": PublishedMonth.objects.get(village=v),
        "entry": LedgerEntry.objects.filter(village=v, date__month=3).first(),
        "april": april,
        "step4": decision.steps.get(number=4),
        "step5": decision.steps.get(number=5),
    }


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _copy(verb: str, table: str, pk: int, *, key: str = "id", keep_id: bool = True, **changes: object) -> str:
    """``<verb> INTO table (columns) SELECT ... FROM table WHERE key = pk``: a copy of a row, some values changed."""
    columns = [c for c in _columns(table) if keep_id or c != key]
    values = [f"'{changes[c]}'" if c in changes else c for c in columns]
    return f"{verb} INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} WHERE {key} = {pk}"


def _statements(rows: dict) -> dict[str, str]:
    d, month, entry, step5 = rows["disclosure"], rows["month"], rows["entry"], rows["step5"]
    return {
        "INSERT OR REPLACE rewrites a published disclosure": _copy(
            "INSERT OR REPLACE", "village_affairs_disclosure", d.pk, content="改写"
        ),
        "REPLACE with a new id takes a published disclosure's period": _copy(
            "REPLACE", "village_affairs_disclosure", d.pk, keep_id=False, title="另一份"
        ),
        "UPDATE OR REPLACE moves a draft onto a published disclosure's period": (
            f"UPDATE OR REPLACE village_affairs_disclosure SET period_number = {d.period_number} "
            f"WHERE id = {rows['draft'].pk}"
        ),
        "REPLACE moves a ledger entry out of its published month": _copy(
            "REPLACE", "village_affairs_ledgerentry", entry.pk, date="2010-04-20"
        ),
        "UPDATE OR REPLACE gives an open month's entry a frozen entry's id": (
            f"UPDATE OR REPLACE village_affairs_ledgerentry SET id = {entry.pk} WHERE id = {rows['april'].pk}"
        ),
        "REPLACE reopens a published month": _copy(
            "REPLACE", "village_affairs_publishedmonth", month.pk, month=2, last_day="2010-02-28"
        ),
        "UPDATE OR REPLACE reopens a published month": (
            f"UPDATE OR REPLACE village_affairs_publishedmonth SET last_day = '2010-02-28' WHERE id = {month.pk}"
        ),
        "REPLACE rewrites a published decision step": _copy(
            "REPLACE", "village_affairs_decisionstep", step5.pk, content="改写"
        ),
        "UPDATE OR REPLACE moves step 4 onto step 5": (
            f"UPDATE OR REPLACE village_affairs_decisionstep SET number = 5 WHERE id = {rows['step4'].pk}"
        ),
    }


STATEMENTS = [
    "INSERT OR REPLACE rewrites a published disclosure",
    "REPLACE with a new id takes a published disclosure's period",
    "UPDATE OR REPLACE moves a draft onto a published disclosure's period",
    "REPLACE moves a ledger entry out of its published month",
    "UPDATE OR REPLACE gives an open month's entry a frozen entry's id",
    "REPLACE reopens a published month",
    "UPDATE OR REPLACE reopens a published month",
    "REPLACE rewrites a published decision step",
    "UPDATE OR REPLACE moves step 4 onto step 5",
]


def _snapshot(rows: dict) -> tuple:
    return (
        tuple(Disclosure.objects.order_by("pk").values_list("pk", "status", "period_number", "title", "content")),
        tuple(LedgerEntry.objects.order_by("pk").values_list("pk", "date", "amount", "voucher")),
        tuple(PublishedMonth.objects.order_by("pk").values_list("pk", "month", "last_day")),
        tuple(DecisionStep.objects.order_by("pk").values_list("pk", "number", "content")),
    )


def _refused(sql: str, message: str = triggers.MESSAGE) -> None:
    with pytest.raises(DatabaseError, match=message), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.sqlite
@pytest.mark.parametrize("how", ["as the application connects", "as a sqlite3 shell connects", "without the guards"])
@pytest.mark.parametrize("statement", STATEMENTS)
def test_replace_cannot_alter_what_is_published(published, statement, how):
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA recursive_triggers").fetchone()[0] == 1  # the settings' init_command
        with schema_changes_allowed():  # the test's own changes to the guards; rolled back with the test
            if how == "as a sqlite3 shell connects":
                cursor.execute("PRAGMA recursive_triggers = OFF")
            elif how == "without the guards":
                triggers.remove_guards(connection)
    before = _snapshot(published)
    try:
        _refused(_statements(published)[statement])
    finally:
        with connection.cursor() as cursor, schema_changes_allowed():
            cursor.execute("PRAGMA recursive_triggers = ON")
    assert _snapshot(published) == before


@pytest.mark.sqlite
def test_replace_still_rewrites_what_is_not_published(published):
    draft, april = published["draft"], published["april"]
    with connection.cursor() as cursor:
        cursor.execute(_copy("REPLACE", "village_affairs_disclosure", draft.pk, content="草稿改写"))
        cursor.execute(_copy("INSERT OR REPLACE", "village_affairs_ledgerentry", april.pk, description="改摘要"))
    assert Disclosure.objects.get(pk=draft.pk).content == "草稿改写"
    assert LedgerEntry.objects.get(pk=april.pk).description == "改摘要"


# -- the audit history: append-only on both databases ----------------------------------------------

HISTORY = {
    "village_affairs_historicaldisclosure": "disclosure",
    "village_affairs_historicaldecisionstep": "step5",
    "village_affairs_historicalpublishedmonth": "month",
    "village_affairs_historicalledgerentry": "entry",
}


def _history_id(table: str, pk: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(history_id) FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _history_rows(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY history_id")
        return cursor.fetchall()


@pytest.mark.parametrize("table", list(HISTORY))
def test_history_of_published_records_is_append_only(published, table):
    pk = published[HISTORY[table]].pk
    history_id = _history_id(table, pk)
    assert history_id is not None  # the services wrote the history
    before = _history_rows(table)
    _refused(
        f"UPDATE {table} SET history_user_id = NULL, history_date = history_date WHERE history_id = {history_id}",
        triggers.HISTORY_MESSAGE,
    )
    _refused(f"DELETE FROM {table} WHERE history_id = {history_id}", triggers.HISTORY_MESSAGE)
    _refused(f"DELETE FROM {table}", triggers.HISTORY_MESSAGE)
    if connection.vendor == "sqlite":
        _refused(
            _copy("INSERT OR REPLACE", table, history_id, key="history_id", history_change_reason="改写"),
            triggers.HISTORY_MESSAGE,
        )
        _refused(
            f"UPDATE OR REPLACE {table} SET history_id = {history_id} WHERE history_id = (SELECT min(history_id) FROM {table})",
            triggers.HISTORY_MESSAGE,
        )
    else:
        columns = ", ".join(_columns(table))
        _refused(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} WHERE history_id = {history_id} "
            "ON CONFLICT (history_id) DO UPDATE SET history_change_reason = 'rewritten'",
            triggers.HISTORY_MESSAGE,
        )
    assert _history_rows(table) == before


def test_history_still_grows(published):
    """Append-only, not frozen: a new change of a draft adds history rows as before."""
    table = "village_affairs_historicaldisclosure"
    count = len(_history_rows(table))
    services.disclosure_update(disclosure=published["draft"], title="二月村务公开", content="修订")
    assert len(_history_rows(table)) == count + 1
