"""To-dos of A1/A2: what the county asks of a partner unit (结对单位) about its own pairings.

Two things, both asked of the partner's ``RECORD_DELIVERY`` on their own unit's pairings (as the
recording pages ask), for pairings current on the campaign's today:

- **Keep the pairing alive** (``pairing.delivery``): the source has the units "regularly" run the
  Five Together activities (A2) and help the village (A1); R-PAIRING-STALE finds a pairing with no
  activity, contribution or outcome for ``PAIRING_STALE_DAYS``. The item appears
  ``DELIVERY_NOTICE_DAYS`` before that day, which is its deadline, and leaves as soon as anything
  is recorded. It links to the co-building log for civilized units and enterprises (五共), to the
  five kinds of help for departments and branches.
- **Report the year's results** (``pairing.year_report``): the campaign report counts what each
  pairing delivered in the year — a department's or branch's help (帮扶实效, A1), a civilized unit's
  or enterprise's outcomes (共建成果, A2). From ``YEAR_REPORT_FROM`` a pairing with neither a
  contribution nor an outcome dated in the year is asked for one by the year's last day.

Postings (挂职) are the county's and the villages' to record (``MANAGE``), not a partner's: none here.
Six queries however many pairings.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from common.scope import Right, Scope
from common.todos import Todo, register, todo

from .models import Contribution, Outcome, Pairing, PairingKind
from .rules import stale_days
from .selectors import last_activity_by_pairing

# How long before R-PAIRING-STALE would find a pairing its partner is reminded to record something.
DELIVERY_NOTICE_DAYS = 30
# From this day of the year (month, day) a pairing is asked for the year's results.
YEAR_REPORT_FROM = (11, 1)
# The kinds whose year's result is an outcome (A2); the others report help (A1).
OUTCOME_KINDS = {PairingKind.CIVILIZED_UNIT, PairingKind.ENTERPRISE}


@dataclass(frozen=True)
class Work:
    """One thing waiting on a pairing: its kind (``pairing.delivery`` or ``pairing.year_report``) and deadline."""

    kind: str
    due: dt.date
    last: dt.date | None = None  # the latest record (delivery), or None when there has been none


def pairing_work(pairings: Iterable[Pairing], today: dt.date) -> dict[int, list[Work]]:
    """What waits on each of ``pairings`` (current on ``today``) as seen on ``today``; five queries."""
    by_pk = {p.pk: p for p in pairings}
    if not by_pk:
        return {}
    subset = Pairing.objects.filter(pk__in=sorted(by_pk))
    latest = last_activity_by_pairing(subset, today)
    year_start = dt.date(today.year, 1, 1)
    report_from = dt.date(today.year, *YEAR_REPORT_FROM)
    reported: set[int] = set()
    if today >= report_from:
        for model in (Contribution, Outcome):
            reported |= set(
                model.objects.filter(pairing__in=subset, date__gte=year_start, date__lte=today)
                .order_by()
                .values_list("pairing_id", flat=True)
                .distinct()
            )
    limit = dt.timedelta(days=stale_days())
    work: dict[int, list[Work]] = {}
    for pk, pairing in by_pk.items():
        items = []
        last = latest.get(pk)
        due = max(last, pairing.start) + limit if last else pairing.start + limit
        if today >= due - dt.timedelta(days=DELIVERY_NOTICE_DAYS):
            items.append(Work("pairing.delivery", due, last))
        if today >= report_from and pk not in reported:
            items.append(Work("pairing.year_report", dt.date(today.year, 12, 31)))
        if items:
            work[pk] = items
    return work


def _link(pairing: Pairing, work: Work) -> str:
    outcome_kind = pairing.kind in OUTCOME_KINDS
    if work.kind == "pairing.delivery":
        name = "pairing:activity_add" if outcome_kind else "pairing:contribution_add"
    else:
        name = "pairing:outcome_add" if outcome_kind else "pairing:contribution_add"
    return reverse(name, args=[pairing.pk])


def _title(pairing: Pairing, work: Work) -> str:
    names = {"pairing": pairing.urban_side, "village": pairing.village.display_name}
    if work.kind == "pairing.year_report":
        if pairing.kind in OUTCOME_KINDS:
            return _("报告%(year)s年共建成果：%(pairing)s与%(village)s") % {**names, "year": work.due.year}
        return _("报告%(year)s年帮扶实效：%(pairing)s与%(village)s") % {**names, "year": work.due.year}
    if work.last is None:
        return _("记录结对活动：%(pairing)s与%(village)s（结对以来尚无记录）") % names
    return _("记录结对活动：%(pairing)s与%(village)s（上次记录%(last)s）") % {**names, "last": work.last.isoformat()}


@register("pairing.partner")
def partner_work(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    if Right.RECORD_DELIVERY not in scope.own_rights or not scope.unit_ids:
        return
    pairings = list(
        Pairing.objects.filter(unit_id__in=sorted(scope.unit_ids))
        .active_on(today)
        .select_related("village", "unit")
        .order_by("village__code", "kind", "id")
    )
    work = pairing_work(pairings, today)
    for pairing in pairings:
        for item in work.get(pairing.pk, ()):
            yield todo(
                item.kind,
                _title(pairing, item),
                _link(pairing, item),
                today=today,
                due=item.due,
                where=pairing.village.display_name,
                key=f"{item.kind}:pairing={pairing.pk}:due={item.due.isoformat()}",
            )
