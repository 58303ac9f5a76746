"""To-dos of recruitment and transfers, for the village branch (MANAGE granted at the village level):
steps whose deadline is within a fortnight or past (R-RECRUIT's deadlines), letters awaiting a receipt."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from common.scope import Right, Scope
from common.todos import Todo, granted_at, register, todo

from .models import Recruit, Transfer
from .selectors import standings
from .steps import LAST

VILLAGE = 12
SOON_DAYS = 14


def _codes_q(codes: tuple[str, ...], path: str) -> Q:
    q = Q(pk__in=[])
    for code in codes:
        q |= Q(**{f"{path}__code__startswith": code})
    return q


@register("membership.steps")
def steps_due(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    codes = granted_at(scope, Right.MANAGE, VILLAGE)
    if not codes:
        return
    recruits = list(
        Recruit.objects.filter(_codes_q(codes, "branch"), latest__lt=LAST).select_related("person", "branch")
    )
    for row in standings(recruits, today):
        deadline = row.standing.deadline
        if deadline is None or deadline.due > today + dt.timedelta(days=SOON_DAYS) or not row.standing.next_steps:
            continue
        step = row.standing.next_steps[-1]
        yield todo(
            "membership.step",
            _("发展党员：%(name)s，%(step)s") % {"name": row.recruit.person.name, "step": step.name},
            reverse("membership:recruit_detail", args=[row.recruit.pk]),
            today=today,
            due=deadline.due,
            where=row.recruit.branch.display_name,
            key=f"membership.step:recruit={row.recruit.pk}:step={step.number}",
        )


@register("membership.receipts")
def receipts_awaited(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    codes = granted_at(scope, Right.MANAGE, VILLAGE)
    if not codes:
        return
    waiting = (
        Transfer.objects.filter(received_on__isnull=True)
        .filter(_codes_q(codes, "to_branch") | (Q(to_branch__isnull=True) & _codes_q(codes, "from_branch")))
        .select_related("membership__person", "to_branch", "from_branch")
    )
    for t in waiting:
        branch = t.to_branch or t.from_branch
        yield todo(
            "membership.receipt",
            _("组织关系回执：%(name)s（%(number)s）") % {"name": t.membership.person.name, "number": t.letter_number},
            reverse("membership:transfer_letter", args=[t.pk]),
            today=today,
            due=t.valid_until,
            where=branch.display_name if branch else "",
            key=f"membership.receipt:transfer={t.pk}",
        )
