"""When reviews are due (R-REVIEW): periods, checkpoints and the status on a date. Pure functions, no queries.

The choice made here, documented once:

* Periods are calendar-aligned blocks of ``period_months`` (12 = the calendar year; 6 =
  Jan–Jun and Jul–Dec; …). The status on day D looks at D's period only.
* ``reviews_required`` N are spread evenly over the period: the k-th review is due by the
  end of month ceil(k·months/N) of the period. For the defaults: a county leader's one
  review is due by 31 Dec; a township leader's first review by 30 Jun, the second by 31 Dec.
* A checkpoint applies to a contact point only if the point is active on that date (it
  started on or before it and has not ended); the j-th applicable checkpoint asks for j
  reviews. A point started in September therefore owes one review by 31 Dec, not two.
* Reviews are counted from the period's start up to and including D, so a late review
  catches up. A day is judged at its end: short on the checkpoint's own date is overdue
  from that date (which is the ``overdue_on`` date shown everywhere and the finding's ``since``).
* Due soon: the next unmet checkpoint falls within ``due_soon_days`` after D; ``since`` is
  the day the window opened (checkpoint − due_soon_days).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    ON_TRACK = "on_track", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")


# The colour of each state's tag on pages.
STATE_TAG = {ReviewState.ON_TRACK: "green", ReviewState.DUE_SOON: "amber", ReviewState.OVERDUE: "red"}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """Return the first and last day of the calendar-aligned period of ``months`` holding ``day``."""
    first_month = (day.month - 1) // months * months + 1
    return dt.date(day.year, first_month, 1), _month_end(day.year, first_month + months - 1)


def checkpoints(period_start: dt.date, months: int, required: int) -> list[dt.date]:
    """Return the dates by which the 1st, 2nd, … Nth review of the period are due."""
    dates = []
    for k in range(1, required + 1):
        offset = -(-k * months // required)  # ceil(k * months / required), 1..months
        dates.append(_month_end(period_start.year, period_start.month + offset - 1))
    return dates


@dataclass(frozen=True)
class ReviewStatus:
    """A contact point's review status on a date (computed, never stored)."""

    required: int  # reviews the period asks of this contact point
    done: int  # reviews in the period up to the date
    state: str
    overdue_on: dt.date | None  # the checkpoint missed, or the next one still to meet
    since: dt.date | None  # when the current state began (overdue: overdue_on; due soon: window opened)
    due_count: int  # reviews due by overdue_on (0 when nothing is pending)
    period_start: dt.date
    period_end: dt.date

    @property
    def tag(self) -> str:
        return STATE_TAG[ReviewState(self.state)]

    def get_state_display(self) -> str:
        return str(ReviewState(self.state).label)


def evaluate(
    *,
    on: dt.date,
    start: dt.date,
    end: dt.date | None,
    review_dates: list[dt.date],
    reviews_required: int,
    period_months: int,
    due_soon_days: int,
) -> ReviewStatus:
    """Return the status on ``on`` of a contact point active from ``start`` to ``end``."""
    first, last = period_bounds(on, period_months)
    applicable = [
        c for c in checkpoints(first, period_months, reviews_required) if start <= c and (end is None or c <= end)
    ]
    done = sum(1 for d in review_dates if first <= d <= on)
    unmet = [(c, j) for j, c in enumerate(applicable, start=1) if done < j]

    def status(state: str, checkpoint: dt.date | None, since: dt.date | None, due_count: int) -> ReviewStatus:
        return ReviewStatus(
            required=len(applicable),
            done=done,
            state=state,
            overdue_on=checkpoint,
            since=since,
            due_count=due_count,
            period_start=first,
            period_end=last,
        )

    if not unmet:
        return status(ReviewState.ON_TRACK, None, None, 0)
    checkpoint, due_count = unmet[0]
    if checkpoint <= on:
        return status(ReviewState.OVERDUE, checkpoint, checkpoint, due_count)
    window_opens = checkpoint - dt.timedelta(days=due_soon_days)
    if on >= window_opens:
        return status(ReviewState.DUE_SOON, checkpoint, max(window_opens, start, first), due_count)
    return status(ReviewState.ON_TRACK, checkpoint, None, due_count)
