"""Simultaneous writers keep one chain: each waits for the chain head the one before it left.

Threads need a database where each has its own connection and sees the others' commits: PostgreSQL
(the SQLite test database is one in-memory file shared by cache, which serializes threads anyway).
"""

import threading

import pytest
from django.db import connection, connections

from security.chain import verify
from security.models import Kind, SecurityEvent
from security.services import record

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
EACH = 15


def test_concurrent_writes_do_not_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with one connection per thread (PostgreSQL)")
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                record(Kind.LOGIN_FAILED, username=f"t{n}-{i}")
        except BaseException as exc:  # reported to the test below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    seqs = list(SecurityEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 1))
    assert SecurityEvent.objects.values("prev_hash").distinct().count() == THREADS * EACH  # no two share a parent
    assert verify().ok
