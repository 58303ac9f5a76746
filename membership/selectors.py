"""Reads of recruitment files and transfers, limited to the viewer's scope.

A transfer is seen by both sides: the sending branch's subtree and, once the letter is issued
to it (the row exists only then), the receiving branch's.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from common.scope import Scope

from .config import rules_for
from .deadlines import Standing, standing
from .models import Away, LostContact, Recruit, StepEvent, Transfer


def recruits_visible(scope: Scope) -> QuerySet[Recruit]:
    return scope.filter(Recruit.objects.all(), "branch")


def transfers_visible(scope: Scope) -> QuerySet[Transfer]:
    return Transfer.objects.filter(scope.org_q("from_branch") | scope.org_q("to_branch"))


@dataclass(frozen=True)
class Row:
    recruit: Recruit
    standing: Standing


def standings(recruits: list[Recruit], on: dt.date) -> list[Row]:
    """Each file's stage, next step and deadline as on ``on`` (one query for all their events)."""
    done: dict[int, dict[str, dt.date]] = {r.pk: {} for r in recruits}
    events = StepEvent.objects.filter(recruit__in=recruits, on__lte=on).order_by("on", "id")
    for recruit_id, step, day in events.values_list("recruit_id", "step", "on"):
        done[recruit_id][step] = day
    rules: dict[str, object] = {}
    rows = []
    for r in recruits:
        county = r.branch.code[:6]
        if county not in rules:
            rules[county] = rules_for(r.branch)
        rows.append(Row(r, standing(done[r.pk], rules[county], r.extension_months)))  # type: ignore[arg-type]
    return rows


def away_visible(scope: Scope) -> QuerySet[Away]:
    """Members away in the viewer's subtree (their branch's), each with the day it lost contact if it has (one query)."""
    lost = LostContact.objects.filter(away=OuterRef("pk"), regained_on__isnull=True).values("since")[:1]
    return (
        scope.filter(Away.objects.all(), "membership__branch")
        .select_related("membership__person__home_village", "membership__branch", "receiving_org")
        .annotate(lost_since=Subquery(lost))
    )
