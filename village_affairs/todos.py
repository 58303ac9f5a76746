"""To-dos of A3, computed by the same logic as its rules (``rules.py``) and its settings (``config.py``).

- the village admin: disclosures due (the period just ended, deadline ahead) or overdue
  (R-DISCLOSE's missing periods), decisions waiting at a step (``stuck_days``, R-DECISION),
  villagers' feedback to answer (``feedback_answer_days``, R-FEEDBACK);
- the township admin: its villages' disclosures to check (the monthly feedback page, 按月反馈);
- whoever may decide accountability cases (``OVERSEE``): the open cases;
- the village supervision committee (``COMMENT`` at the village, without ``MANAGE``): each disclosure
  published in the last ``SUPERVISE_DAYS`` it has not yet given its opinion on (监督意见), by then.

Village and township work goes to the role bound at that level (``common.todos.granted_at``),
with the right the pages ask for (``MANAGE`` to publish, record a step or answer; ``OVERSEE``
to follow up the villages and decide a case).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.division_codes import TOWNSHIP_LENGTH, VILLAGE_LENGTH
from common.scope import Right, Scope
from common.todos import Todo, granted_at, register, todo
from organizations.models import Organization

from .models import (
    AccountabilityCase,
    CaseStatus,
    Decision,
    DecisionStep,
    Disclosure,
    DisclosureKind,
    DisclosureStatus,
    Feedback,
    ReviewComment,
    Step,
)
from .periods import period_of
from .rules import answer_due, check_disclosures, stuck_from
from .selectors import Status, period_kind_for, publication_dates, unanswered_q

KINDS = (DisclosureKind.FINANCE, DisclosureKind.AFFAIRS)
# How long after a disclosure is published the village supervision committee is asked for its opinion.
SUPERVISE_DAYS = 30


def _villages(scope: Scope) -> list[Organization]:
    return list(Organization.objects.filter(code__in=granted_at(scope, Right.MANAGE, VILLAGE_LENGTH)).order_by("code"))


def _missing(unit: Organization, today: dt.date) -> dict[str, list[Any]]:
    """R-DISCLOSE's missing disclosures under ``unit`` on ``today``, by kind (its findings)."""
    found: dict[str, list[Any]] = defaultdict(list)
    for f in check_disclosures(unit, today):
        if f.extra["status"] == Status.MISSING:
            found[f.extra["kind"]].append(f)
    return found


@register("village_affairs.disclosures")
def disclosures_due(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    villages = _villages(scope)
    if not villages:
        return
    dates = publication_dates([v.pk for v in villages])
    for village in villages:
        url = reverse("village_affairs:village", args=[village.code])
        missing = _missing(village, today)
        for kind in KINDS:
            label = DisclosureKind(kind).label
            late = missing.get(kind, [])
            if late:
                first = min(f.extra["deadline"] for f in late)
                yield todo(
                    "village_affairs.disclosure_late",
                    _("补公开：%(kind)s逾期未公开%(count)s期") % {"kind": label, "count": len(late)},
                    url,
                    today=today,
                    due=first,
                    where=village.display_name,
                    count=len(late),
                    key=f"village_affairs.disclosure_late:{village.code}:{kind}",
                )
            # The period just ended, whose deadline is still ahead.
            period = period_of(today, period_kind_for(kind))
            previous = period_of(period.first_day - dt.timedelta(days=1), period.kind)
            if previous.deadline < today:
                continue
            if (village.pk, kind, previous.year, previous.kind, previous.number) in dates:
                continue
            yield todo(
                "village_affairs.disclosure_due",
                _("公开%(period)s%(kind)s") % {"period": previous.label(), "kind": label},
                url,
                today=today,
                due=previous.deadline,
                where=village.display_name,
                key=f"village_affairs.disclosure_due:{village.code}:{kind}:{previous.year}-{previous.kind}-{previous.number}",
            )


@register("village_affairs.disclosures_to_check")
def disclosures_to_check(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    townships = Organization.objects.filter(code__in=granted_at(scope, Right.OVERSEE, TOWNSHIP_LENGTH))
    for township in townships.order_by("code"):
        for kind, late in _missing(township, today).items():
            latest = max(f.extra["period"] for f in late)
            yield todo(
                "village_affairs.disclosure_check",
                _("督促村务公开：%(kind)s有%(count)s个村次逾期未公开")
                % {"kind": DisclosureKind(kind).label, "count": len(late)},
                reverse(
                    "village_affairs:township_monthly",
                    args=[township.code, latest.last_day.year, latest.last_day.month],
                ),
                today=today,
                due=min(f.extra["deadline"] for f in late),
                where=township.display_name,
                count=len(late),
                key=f"village_affairs.disclosure_check:{township.code}:{kind}",
            )


@register("village_affairs.decisions")
def decisions_waiting(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    villages = {v.pk: v for v in _villages(scope)}
    if not villages:
        return
    last_steps = {
        row["decision_id"]: row
        for row in DecisionStep.objects.filter(decision__village_id__in=list(villages), date__lte=today)
        .order_by()
        .values("decision_id")
        .annotate(number=Max("number"), on=Max("date"))
    }
    for decision in Decision.objects.filter(village_id__in=list(villages)).order_by("id"):
        last = last_steps.get(decision.pk)
        if last is not None and last["number"] >= Step.PUBLISH_RESOLUTION:
            continue  # the resolution is public; the result follows the implementation
        following = Step(last["number"] + 1 if last else Step.PROPOSE)
        yield todo(
            "village_affairs.decision_step",
            _("“%(title)s”待登记：%(step)s") % {"title": decision.title, "step": following.label},
            reverse("village_affairs:decision", args=[villages[decision.village_id].code, decision.pk]),
            today=today,
            due=stuck_from(last["on"]) if last else None,
            where=villages[decision.village_id].display_name,
            key=f"village_affairs.decision_step:{decision.pk}:{int(following)}",
        )


@register("village_affairs.feedback")
def feedback_to_answer(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    villages = {v.pk: v for v in _villages(scope)}
    if not villages:
        return
    due_by_village: dict[int, list[dt.date]] = defaultdict(list)
    rows = Feedback.objects.filter(village_id__in=list(villages), created_at__date__lte=today).filter(
        unanswered_q(today)
    )
    for village_id, created_at in rows.values_list("village_id", "created_at"):
        due_by_village[village_id].append(answer_due(created_at))
    for village_id, dues in sorted(due_by_village.items()):
        village = villages[village_id]
        yield todo(
            "village_affairs.feedback",
            _("答复群众意见%(count)s条") % {"count": len(dues)},
            reverse("village_affairs:feedback", args=[village.code]),
            today=today,
            due=min(dues),
            where=village.display_name,
            count=len(dues),
            key=f"village_affairs.feedback:{village.code}",
        )


@register("village_affairs.cases")
def cases_to_handle(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    if not scope.is_superuser and not scope.grants.get(Right.OVERSEE):
        return
    cases = AccountabilityCase.objects.filter(scope.right_q(Right.OVERSEE, "village"), status=CaseStatus.OPEN)
    n = cases.count()
    if not n:
        return
    if n == 1:
        case = cases.select_related("village").get()
        yield todo(
            "village_affairs.case",
            _("处理问责案件：%(text)s") % {"text": case.finding_text[:40]},
            reverse("village_affairs:case", args=[case.pk]),
            today=today,
            where=case.village.display_name,
            count=1,
            key=f"village_affairs.case:{case.pk}",
        )
        return
    yield todo(
        "village_affairs.case",
        _("处理问责案件%(count)s起") % {"count": n},
        reverse("village_affairs:cases"),
        today=today,
        count=n,
        key="village_affairs.case:all",
    )


@register("village_affairs.supervise")
def disclosures_to_supervise(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    # The supervisor comments; the village admin, who also may, publishes: not theirs to check.
    codes = set(granted_at(scope, Right.COMMENT, VILLAGE_LENGTH)) - set(granted_at(scope, Right.MANAGE, VILLAGE_LENGTH))
    if not codes:
        return
    window = dt.timedelta(days=SUPERVISE_DAYS)
    published = (
        Disclosure.objects.filter(
            village__code__in=sorted(codes),
            status=DisclosureStatus.PUBLISHED,
            published_at__date__gte=today - window,
            published_at__date__lte=today,
        )
        .exclude(Exists(ReviewComment.objects.filter(disclosure=OuterRef("pk"), author=user)))
        .select_related("village")
        .order_by("published_at", "id")
    )
    for disclosure in published:
        if disclosure.published_at is None:  # published, so never: for the type checker
            continue
        yield todo(
            "village_affairs.supervise",
            _("监督村务公开：%(title)s") % {"title": disclosure.title},
            reverse("village_affairs:disclosure", args=[disclosure.village.code, disclosure.pk]),
            today=today,
            due=timezone.localdate(disclosure.published_at) + window,
            where=disclosure.village.name,
            key=f"village_affairs.supervise:{disclosure.pk}",
        )
