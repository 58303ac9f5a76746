"""Reading a year or a day from a request's query string: one helper for every page."""

import datetime as dt

from django.http import HttpRequest

FIRST_YEAR = 2000
LAST_YEAR = 2100


def parse_year(value: str | None) -> int | None:
    """Return a plausible campaign year from ``value``, or None for junk and out-of-range years."""
    value = (value or "").strip()
    if not value.isdigit():
        return None
    year = int(value)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def parse_day(value: str | None) -> dt.date | None:
    """Return the ISO date in ``value`` (2010-06-30), or None for junk and impossible dates."""
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def year_param(request: HttpRequest, default: int, name: str = "year") -> int:
    """The year chosen in ``?year=``; ``default`` when missing or unusable."""
    return parse_year(request.GET.get(name)) or default


def day_param(request: HttpRequest, default: dt.date, name: str = "on") -> dt.date:
    """The day chosen in ``?on=``; ``default`` when missing or unusable."""
    return parse_day(request.GET.get(name)) or default
