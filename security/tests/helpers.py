"""Shared by the security log's tests: events written at a chosen time, and raw SQL on the log's table."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from security import services
from security.models import Kind, SecurityEvent


@contextmanager
def clock(at: dt.datetime) -> Iterator[None]:
    """Events recorded in the block carry the time ``at`` (as if written then)."""
    original = services._now
    services._now = lambda: at
    try:
        yield
    finally:
        services._now = original


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def write(n: int, *, at: dt.datetime | None = None, kind: Kind = Kind.LOGIN_FAILED) -> list[SecurityEvent]:
    if at is None:
        return [services.record(kind, username=f"user{i}") for i in range(n)]
    with clock(at):
        return [services.record(kind, username=f"user{i}") for i in range(n)]


def execute(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
