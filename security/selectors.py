"""Reading the security log: the audit administrator's search, and the latest verification."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import Kind, SecurityEvent


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_matching(
    *,
    user: str = "",
    kind: str = "",
    outcome: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    address: str = "",
) -> QuerySet[SecurityEvent]:
    """Events newest first; ``user`` matches part of the username, ``address`` the start of the address,
    ``start`` and ``end`` are days in the site's time zone, both included."""
    events = SecurityEvent.objects.all()
    if user:
        events = events.filter(username__icontains=user)
    if kind:
        events = events.filter(kind=kind)
    if outcome:
        events = events.filter(outcome=outcome)
    if start:
        events = events.filter(at__gte=_day_start(start))
    if end:
        events = events.filter(at__lt=_day_start(end + dt.timedelta(days=1)))
    if address:
        events = events.filter(address__startswith=address)
    return events.order_by("-seq")


def latest_verification() -> SecurityEvent | None:
    return SecurityEvent.objects.filter(kind=Kind.LOG_VERIFIED).order_by("-seq").first()


def filters_as_text(filters: dict[str, Any]) -> dict[str, str]:
    """The search as the log records it: plain strings."""
    return {name: value.isoformat() if isinstance(value, dt.date) else str(value) for name, value in filters.items()}
