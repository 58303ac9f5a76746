"""The campaign calendar: the one year and day every page opens on.

The campaign periods are the assessment periods, which this app keeps. The current one is
the period holding the campaign's today (``common.clock.today()``), else the newest that has
begun (a county between the close of one year's period and the opening of the next is still
judged on the last), else the earliest on record. A viewer may pick another year with a
period on record in the navigation; the pick is kept in the session (``SESSION_KEY``) and
honoured by every page until changed, and a pick no longer on record is ignored.

The day statuses are judged on (compliance, review status, pairing status…) is the
campaign's today, kept within the chosen year's period: the period's last day for a year
that has ended, its first day for one not yet begun.

``CampaignMiddleware`` puts the result on every request as ``request.campaign`` (a
``common.params.Campaign``, computed on first use); ``common.params.year_param`` and
``day_param`` fall back to it, so a page without ``?year=`` or ``?on=`` opens on it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from common import clock
from common.division_codes import county_code
from common.params import Campaign, parse_year
from common.scope import Scope

from .models import AssessmentPeriod

SESSION_KEY = "campaign_year"


@dataclass(frozen=True)
class Span:
    year: int
    start: dt.date
    end: dt.date


def _spans(scope: Scope) -> list[Span]:
    """The viewer's counties' periods, one span per year (the earliest start, the latest end), newest first."""
    periods = AssessmentPeriod.objects.all()
    # A partner or a linked leader reads no organization's records: the calendar is the county's,
    # and periods are no secret, so they see every county's (one county in practice).
    if not scope.is_superuser and scope.read_codes:
        # A prefix each: a province or prefecture admin's code covers every county under it.
        periods = periods.filter(scope.org_q("county", codes={county_code(code) for code in scope.read_codes}))
    by_year: dict[int, Span] = {}
    for year, start, end in periods.values_list("year", "start", "end"):
        seen = by_year.get(year)
        by_year[year] = Span(year, min(start, seen.start), max(end, seen.end)) if seen else Span(year, start, end)
    return sorted(by_year.values(), key=lambda s: s.year, reverse=True)


def _current(spans: list[Span], today: dt.date) -> Span | None:
    holding = [s for s in spans if s.start <= today <= s.end]
    begun = [s for s in spans if s.start <= today]
    found = holding or begun or spans[-1:]
    return found[0] if found else None


def _day_in(span: Span, today: dt.date) -> dt.date:
    return min(max(today, span.start), span.end)


def campaign_for(scope: Scope, picked: object = None) -> Campaign:
    """The campaign year and day for ``scope``, honouring ``picked`` (a year) when it has a period on record."""
    today = clock.today()
    spans = _spans(scope)
    years = tuple(s.year for s in spans)
    current = _current(spans, today)
    year = parse_year(str(picked)) if picked is not None else None
    chosen = next((s for s in spans if s.year == year), None)
    span = chosen or current
    if span is None:
        return Campaign(year=today.year, day=today)
    return Campaign(
        year=span.year,
        day=_day_in(span, today),
        years=years,
        picked=chosen is not None and chosen is not current,
        current_year=current.year if current else None,
    )


def campaign_of_request(request: HttpRequest) -> Campaign:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    session = getattr(request, "session", None)
    return campaign_for(scope, session.get(SESSION_KEY) if session is not None else None)


def default_as_of(scope: Scope) -> dt.date:
    """The day of the current campaign period that statuses are judged on, without a request (badges, commands)."""
    return campaign_for(scope).day


class CampaignMiddleware:
    """Give every request its campaign year and day as ``request.campaign``, computed on first use (one query)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.campaign = SimpleLazyObject(lambda: campaign_of_request(request))  # type: ignore[attr-defined]
        return self.get_response(request)


def campaign_context(request: HttpRequest) -> dict[str, object]:
    """The navigation's year picker: the campaign, for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "campaign", None) is None:
        return {}
    return {"campaign": request.campaign}  # type: ignore[attr-defined]
