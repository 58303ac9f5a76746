"""To-dos of M2: assessments to fill (the village or the member), to review (township), to approve (county).

An assessment waits for whoever holds the right its current step asks (``selectors.allowed_actions``):
``SELF_ASSESS`` while self-assessing, ``REVIEW`` at the township review, ``APPROVE`` at the county.
The step's deadline is the period's. One item per period and standard (with the number of
assessments when more than one), in a fixed number of queries whatever the county's size.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from common.scope import Right, Scope
from common.todos import Todo, register, todo

from .models import Assessment, AssessmentPeriod, EventKind, StandardCode, Status, latest_workflow_events

# The latest workflow event that leaves an assessment at each step (``models.STATUS_AFTER``).
_LEFT_AT = {
    Status.REVIEW: [EventKind.SUBMITTED, EventKind.RETURNED_TO_REVIEW],
    Status.APPROVAL: [EventKind.REVIEWED],
}
_SELF_KINDS = [EventKind.STARTED, EventKind.RETURNED_TO_SELF]


def _open_periods(today: dt.date) -> list[AssessmentPeriod]:
    """Periods that have begun and whose approval deadline is less than a year past (as R-ASSESS reads them)."""
    return [
        p
        for p in AssessmentPeriod.objects.filter(start__lte=today)
        if today <= max(p.end, p.approval_deadline) + dt.timedelta(days=365)
    ]


def _at_step(status: Status) -> Q:
    latest = latest_workflow_events().filter(assessment=OuterRef("pk"))
    if status == Status.SELF:  # no workflow event yet, or the latest one leaves it self-assessing
        return Q(~Exists(latest.exclude(kind__in=_SELF_KINDS)))
    return Q(Exists(latest.filter(kind__in=_LEFT_AT[status])))


def _step_items(
    scope: Scope, today: dt.date, periods: list[AssessmentPeriod], status: Status, right: str
) -> list[Todo]:
    q = scope.right_q(right, "organization")
    if right in scope.own_rights and scope.person_ids:
        q |= Q(person_id__in=sorted(scope.person_ids))
    groups = list(
        Assessment.objects.filter(q, period__in=periods)
        .filter(_at_step(status))
        .order_by()
        .values("period_id", "standard__code")
        .annotate(n=Count("id"), one=Min("id"))
    )
    singles = {
        a.pk: a
        for a in Assessment.objects.filter(pk__in=[g["one"] for g in groups if g["n"] == 1]).select_related(
            "organization", "person"
        )
    }
    by_pk = {p.pk: p for p in periods}
    title = {
        Status.SELF: _("填报自评：%(period)s%(standard)s"),
        Status.REVIEW: _("审核考评：%(period)s%(standard)s"),
        Status.APPROVAL: _("审定考评：%(period)s%(standard)s"),
    }[status]
    kind = {Status.SELF: "evaluation.self", Status.REVIEW: "evaluation.review", Status.APPROVAL: "evaluation.approve"}[
        status
    ]
    items = []
    for g in groups:
        period = by_pk[g["period_id"]]
        due = {
            Status.SELF: period.self_deadline,
            Status.REVIEW: period.review_deadline,
            Status.APPROVAL: period.approval_deadline,
        }[status]
        single = singles.get(g["one"]) if g["n"] == 1 else None
        if single is not None:
            url = reverse("evaluation:assessment_detail", args=[single.pk])
            where = single.subject_name
        else:
            query = urlencode({"period": period.pk, "standard": g["standard__code"], "status": status})
            url = f"{reverse('evaluation:assessments')}?{query}"
            where = ""
        items.append(
            todo(
                kind,
                title % {"period": period.name, "standard": StandardCode(g["standard__code"]).label},
                url,
                today=today,
                due=due,
                where=where,
                count=g["n"],
                key=f"{kind}:period={period.pk}:standard={g['standard__code']}",
            )
        )
    return items


@register("evaluation.assessments")
def assessments_waiting(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    steps = [
        (Status.SELF, Right.SELF_ASSESS),
        (Status.REVIEW, Right.REVIEW),
        (Status.APPROVAL, Right.APPROVE),
    ]
    if not any(scope.may_anywhere(right) for _status, right in steps):
        return
    periods = _open_periods(today)
    if not periods:
        return
    for status, right in steps:
        if scope.may_anywhere(right):
            yield from _step_items(scope, today, periods, status, right)
