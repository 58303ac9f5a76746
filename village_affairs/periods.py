"""Disclosure periods (a month or a quarter of a year) and their deadlines, computed, never stored."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .config import setting


@dataclass(frozen=True, order=True)
class DisclosurePeriod:
    year: int
    number: int  # month 1-12 or quarter 1-4
    kind: str  # "month" or "quarter"

    @property
    def first_day(self) -> dt.date:
        month = self.number if self.kind == "month" else 3 * (self.number - 1) + 1
        return dt.date(self.year, month, 1)

    @property
    def last_day(self) -> dt.date:
        month = self.number if self.kind == "month" else 3 * self.number
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def deadline(self) -> dt.date:
        """The given day of the month after the period (the 10th by default)."""
        following = self.last_day + dt.timedelta(days=1)
        day = min(int(setting("deadline_day")), calendar.monthrange(following.year, following.month)[1])
        return following.replace(day=day)

    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)s年%(n)s月") % {"year": self.year, "n": self.number}
        return _("%(year)s年第%(n)s季度") % {"year": self.year, "n": self.number}

    def next(self) -> "DisclosurePeriod":
        top = 12 if self.kind == "month" else 4
        if self.number == top:
            return DisclosurePeriod(self.year + 1, 1, self.kind)
        return DisclosurePeriod(self.year, self.number + 1, self.kind)

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day


def period_of(day: dt.date, kind: str) -> DisclosurePeriod:
    if kind == "month":
        return DisclosurePeriod(day.year, day.month, "month")
    return DisclosurePeriod(day.year, (day.month - 1) // 3 + 1, "quarter")


def required_periods(
    kind: str, *, due_from: dt.date, due_until: dt.date, required_from: dt.date | None = None
) -> list[DisclosurePeriod]:
    """Return the periods of ``kind`` (from ``required_from``) whose deadline falls in ``due_from..due_until``."""
    start: dt.date = required_from or setting("required_from")
    period = period_of(start, kind)
    found = []
    while period.deadline <= due_until:
        if period.deadline >= due_from:
            found.append(period)
        period = period.next()
    return found
