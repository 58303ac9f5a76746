"""SQLite under concurrent users: no "database is locked", every row written (docs/operations.md).

Writers and readers in threads, each with its own connection to one file database, made with
the settings' OPTIONS (IMMEDIATE transactions, WAL, busy timeout). The writes are what users
do at once: villagers' feedback through the service and through the public page (which also
saves a session), ledger entries through the service.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.test import Client, override_settings

from organizations.models import Organization
from portal.feedback_form import form_token
from village_affairs import services
from village_affairs.models import Disclosure, DisclosureKind, Feedback, LedgerEntry
from village_affairs.tests.helpers import aware
from xianfeng.tests import factories as f
from xianfeng.tests.sqlite_file import connect_to, file_database

pytestmark = pytest.mark.sqlite

# On main: WAL and a 30 s timeout, but DEFERRED transactions (7 of 16 writers failed).
MAIN_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 30}


@pytest.fixture
def sqlite_file(tmp_path: Path, transactional_db: None) -> Iterator[Path]:
    """A file copy of the test database holding a village with a published disclosure."""
    path = tmp_path / "xianfeng.sqlite3"
    with file_database(path):
        c = f.county()
        village = f.village(f.township(c, "100", "熊山镇"), "201", "念山村")
        d = services.disclosure_create(village=village, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1)
        services.disclosure_publish(disclosure=d, at=aware(dt.date(2010, 4, 2)))
        yield path


@dataclass
class Load:
    writers: int
    writes: int
    reads: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def run_load(
    path: Path, *, writers: int = 16, writes_each: int = 6, readers: int = 4, options: dict | None = None
) -> Load:
    """``writers`` threads each make ``writes_each`` writes, while ``readers`` threads read; count what failed."""
    village_code, disclosure_pk = Disclosure.objects.values_list("village__code", "pk").get()
    load = Load(writers=writers, writes=writers * writes_each)
    lock = threading.Lock()
    start = threading.Barrier(writers + readers + 1)
    writing = threading.Event()
    writing.set()

    def record(error: str) -> None:
        with lock:
            load.errors.append(error)

    def writer(i: int) -> None:
        connect_to(path, options)
        client = Client(raise_request_exception=False)  # a 500 is counted; signals would mix threads' exceptions
        disclosure = Disclosure.objects.get(pk=disclosure_pk)
        village = disclosure.village
        start.wait()
        for k in range(writes_each):
            address = f"10.{i}.{k}.1"  # one client per write: the hourly limit is not what is measured
            try:
                if k % 3 == 0:
                    services.feedback_submit(target=disclosure, text=f"意见{i}-{k}", client_address=address)
                elif k % 3 == 1:
                    services.ledger_entry_create(
                        village=village,
                        date=dt.date(2010, 5, 1 + k),
                        direction="expense",
                        category="administration",
                        amount="12.50",
                        voucher=f"W{i}-{k}",
                        description="办公用品",
                    )
                else:
                    response = client.post(
                        f"/v/{village_code}/feedback/",
                        {
                            "target": f"disclosure:{disclosure_pk}",
                            "text": f"网页意见{i}-{k}",
                            "issued": form_token(village_code, at=time.time() - 60),  # a person took a minute
                            "website": "",
                        },
                        REMOTE_ADDR=address,
                    )
                    if response.status_code != 302:
                        record(f"writer {i}: HTTP {response.status_code}")
            except Exception as exc:  # noqa: BLE001 - every failure is what this counts
                record(f"writer {i}: {exc!r}")
        connections["default"].close()

    def reader(i: int) -> None:
        connect_to(path, options)
        client = Client(raise_request_exception=False)
        start.wait()
        reads = 0
        while writing.is_set():
            try:
                Feedback.objects.count()
                list(LedgerEntry.objects.values_list("amount", flat=True)[:50])
                if (status := client.get(f"/v/{village_code}/").status_code) != 200:
                    record(f"reader {i}: HTTP {status}")
                reads += 3
            except Exception as exc:  # noqa: BLE001
                record(f"reader {i}: {exc!r}")
        with lock:
            load.reads += reads
        connections["default"].close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    readers_ = [threading.Thread(target=reader, args=(i,)) for i in range(readers)]
    for t in threads + readers_:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    load.seconds = time.perf_counter() - began
    writing.clear()
    for t in readers_:
        t.join()
    return load


# 64 messages on one item within the hour: the per-item and per-village limits are not what is measured.
@override_settings(VILLAGE_AFFAIRS={"feedback_per_item_per_hour": 1000, "feedback_per_village_per_hour": 1000})
def test_sixteen_writers_and_four_readers_see_no_error_and_lose_no_row(sqlite_file: Path) -> None:
    before_feedback, before_entries = Feedback.objects.count(), LedgerEntry.objects.count()
    load = run_load(sqlite_file, writers=16, writes_each=6, readers=4)
    print(  # the figures docs/operations.md quotes (pytest -s shows them)
        f"\nSQLite load: {load.writers} writers, {load.writes} writes, {load.reads} reads, "
        f"{len(load.errors)} errors, {load.seconds:.2f} s"
    )
    assert load.errors == []
    # Per writer: feedback at k = 0, 3 (service) and 2, 5 (page); ledger entries at k = 1, 4.
    assert Feedback.objects.count() - before_feedback == 16 * 4
    assert LedgerEntry.objects.count() - before_entries == 16 * 2
    assert load.reads > 0


@pytest.mark.parametrize(
    ("options", "fails"),
    [(None, False), (MAIN_OPTIONS, True)],
    ids=["the settings: the writer waits its turn", "deferred, as on main: database is locked"],
)
def test_a_transaction_that_read_first_waits_instead_of_failing(
    sqlite_file: Path, options: dict | None, fails: bool
) -> None:
    """The failure on main, made deterministic: A reads, B writes and commits, A writes.

    In a DEFERRED transaction A holds only a read snapshot when B commits, so A's first write
    fails at once ("database is locked": the snapshot is stale, no timeout helps). In an
    IMMEDIATE one A holds the write lock from BEGIN; B waits for it, then writes.
    """
    outcome: dict[str, object] = {}
    b_done = threading.Event()
    a_read = threading.Event()

    def entry(voucher: str, village_id: int) -> Callable[[], object]:
        return lambda: services.ledger_entry_create(
            village=Organization.objects.get(pk=village_id),
            date=dt.date(2010, 6, 1),
            direction="income",
            category="other_income",
            amount="1",
            voucher=voucher,
            description="并发",
        )

    village_id = Disclosure.objects.values_list("village_id", flat=True).get()

    def a() -> None:
        connect_to(sqlite_file, options)
        try:
            with transaction.atomic():
                LedgerEntry.objects.count()
                a_read.set()
                b_done.wait(timeout=0.5)  # B finishes first when it can
                entry("A", village_id)()
            outcome["a"] = "ok"
        except OperationalError as exc:
            outcome["a"] = str(exc)
        connections["default"].close()

    def b() -> None:
        connect_to(sqlite_file, options)
        a_read.wait()
        entry("B", village_id)()
        b_done.set()
        outcome["b"] = "ok"
        connections["default"].close()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["b"] == "ok"
    if fails:
        assert outcome["a"] == "database is locked"
        assert set(LedgerEntry.objects.values_list("voucher", flat=True)) == {"B"}
    else:
        assert outcome["a"] == "ok"
        assert set(LedgerEntry.objects.values_list("voucher", flat=True)) == {"A", "B"}


def test_every_connection_gets_the_concurrency_and_guard_pragmas(sqlite_file: Path) -> None:
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert not settings.DATABASES["default"]["ATOMIC_REQUESTS"]  # each service is its own transaction
    with connections["default"].cursor() as cursor:
        pragmas = {
            name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "busy_timeout", "recursive_triggers", "foreign_keys")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": settings.SQLITE_TIMEOUT * 1000,
        "recursive_triggers": 1,
        "foreign_keys": 1,
    }
