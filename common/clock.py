"""The campaign's today: the date that deadlines, periods and to-do lists are reckoned from.

In production it is the real date. A demonstration of a past campaign (Zhenghe's data are of
2010) sets ``XIANFENG_TODAY=YYYY-MM-DD`` so that its periods are current and its deadlines
fall due.

Use ``today()`` for "which period is current", "what is due or overdue", and defaults of date
fields; ``now()`` for the campaign's own events that the rules hold against deadlines
(published, submitted, reviewed, appealed, answered, claimed), so that a demonstration stays
coherent. The real clock (``django.utils.timezone.now()``) stamps what security and audit
rely on: sessions, passwords, lockouts, the security log, the history tables, import jobs and
notifications; the setting never changes when those happened.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def configured_today() -> dt.date | None:
    """The date ``XIANFENG_TODAY`` fixes, or None for the real date."""
    value = getattr(settings, "XIANFENG_TODAY", None)
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def today() -> dt.date:
    """The campaign's today: ``XIANFENG_TODAY`` when set, else the local date."""
    return configured_today() or timezone.localdate()


def now() -> dt.datetime:
    """The campaign's now: today's date at the current local time of day (aware)."""
    real = timezone.localtime()
    fixed = configured_today()
    if fixed is None:
        return real
    return real.replace(year=fixed.year, month=fixed.month, day=fixed.day)


def is_fixed() -> bool:
    """Whether the campaign's today is fixed (a demonstration), so that pages can say so."""
    return configured_today() is not None
