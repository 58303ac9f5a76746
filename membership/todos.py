"""To-dos of recruitment, transfers and members away, for the village branch (MANAGE granted at the village level):
steps whose deadline is within a fortnight or past (R-RECRUIT's deadlines), letters awaiting a receipt, members
away out of contact (to reach again), members away six months or nearly without a transfer (R-TRANSFER)."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from common.scope import Right, Scope
from common.todos import Todo, granted_at, register, todo

from .models import Away, LostContact, Recruit, Transfer, months_after
from .rules import AWAY_MONTHS
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


@register("membership.lost_contact")
def lost_contact(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    """A member away out of contact: the branch tries to reach them again (R-TRANSFER finds it until then)."""
    codes = granted_at(scope, Right.MANAGE, VILLAGE)
    if not codes:
        return
    losses = (
        LostContact.objects.filter(_codes_q(codes, "away__membership__branch"))
        .filter(regained_on__isnull=True, since__lte=today, away__returned_on__isnull=True)
        .select_related("away__membership__person", "away__membership__branch")
        .order_by("since", "pk")
    )
    for loss in losses:
        yield todo(
            "membership.lost_contact",
            _("流动党员失去联系：%(name)s（自%(day)s起）")
            % {"name": loss.away.membership.person.name, "day": loss.since.isoformat()},
            reverse("membership:away_detail", args=[loss.away_id]),
            today=today,
            where=loss.away.membership.branch.display_name,
            key=f"membership.lost_contact:away={loss.away_id}",
            overdue=True,
        )


@register("membership.away_transfer")
def away_without_transfer(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    """A member away six months without a transfer: due the day the six months are full, listed a fortnight before."""
    codes = granted_at(scope, Right.MANAGE, VILLAGE)
    if not codes:
        return
    soon = months_after(today + dt.timedelta(days=SOON_DAYS), -AWAY_MONTHS)
    away = (
        Away.objects.filter(_codes_q(codes, "membership__branch"), returned_on__isnull=True, since__lte=soon)
        .exclude(Exists(Transfer.objects.filter(membership=OuterRef("membership"), on__gte=OuterRef("since"))))
        .select_related("membership__person", "membership__branch")
        .order_by("since", "pk")
    )
    for a in away:
        yield todo(
            "membership.away_transfer",
            _("流动党员外出将满或已满六个月，未转接组织关系：%(name)s") % {"name": a.membership.person.name},
            reverse("membership:away_detail", args=[a.pk]),
            today=today,
            due=months_after(a.since, AWAY_MONTHS),
            where=a.membership.branch.display_name,
            key=f"membership.away_transfer:away={a.pk}",
        )
