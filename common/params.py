"""Reading a year or a day from a request's query string: one helper for every page.

Without ``?year=`` or ``?on=`` a page takes the campaign calendar's: ``request.campaign``, a
:class:`Campaign` that ``evaluation.campaign_calendar.CampaignMiddleware`` puts on every request
(the year the viewer picked in the navigation, kept in the session, else the current campaign
period's), so that every page opens on the same year and day.
"""

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest

from . import clock

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


@dataclass(frozen=True)
class Campaign:
    """The campaign year and day a request's pages open on, and what the navigation shows of them."""

    year: int  # the campaign year: the viewer's pick, else the current period's
    day: dt.date  # the day statuses are judged on: the campaign's today, within that year's period
    years: tuple[int, ...] = ()  # the years with a campaign period on record, newest first
    picked: bool = False  # the year is the viewer's pick (kept in the session), not the current one
    current_year: int | None = None  # the current period's year

    @property
    def fixed_today(self) -> dt.date | None:
        """The demonstration's fixed today (``XIANFENG_TODAY``), shown in the navigation."""
        return clock.configured_today()


def campaign_of(request: HttpRequest) -> Campaign:
    """The request's campaign year and day; outside a request with the calendar, the campaign's today."""
    campaign = getattr(request, "campaign", None)
    if campaign is not None:
        return campaign
    today = clock.today()
    return Campaign(year=today.year, day=today)


def year_param(request: HttpRequest, default: int | None = None, name: str = "year") -> int:
    """The year chosen in ``?year=``; else ``default``, else the campaign calendar's year."""
    return parse_year(request.GET.get(name)) or (default if default is not None else campaign_of(request).year)


def day_param(request: HttpRequest, default: dt.date | None = None, name: str = "on") -> dt.date:
    """The day chosen in ``?on=``; else ``default``, else the campaign calendar's day."""
    return parse_day(request.GET.get(name)) or (default if default is not None else campaign_of(request).day)
