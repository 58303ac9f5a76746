"""To-dos of P3: the member's own commitments to report on; the village's claims to assign and hours to confirm.

A member reports on their own commitments (``ACT_AS_MEMBER`` on their person, as the report
page asks) until one report marks it done; its deadline is the commitment's, and past it
without a report R-COMMIT finds it. The village admin (``MANAGE`` at the village, as the
post and volunteer pages ask) assigns the posts members applied for (认岗 → 定岗) and
confirms the volunteer hours members reported.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from common.division_codes import VILLAGE_LENGTH
from common.scope import Right, Scope
from common.todos import Todo, granted_at, register, todo
from organizations.models import display_name

from .models import ClaimStatus, Commitment, CommitmentReport, PostClaim, VolunteerEntry, VolunteerStatus

# A commitment whose deadline is longer ago than this is no longer asked about (R-COMMIT still finds it).
REPORT_WINDOW_DAYS = 365


@register("practice.commitments")
def commitments_to_report(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    if Right.ACT_AS_MEMBER not in scope.own_rights or not scope.person_ids:
        return
    open_commitments = (
        Commitment.objects.filter(
            member_id__in=sorted(scope.person_ids),
            promised_on__lte=today,
            deadline__gte=today - dt.timedelta(days=REPORT_WINDOW_DAYS),
        )
        .exclude(Exists(CommitmentReport.objects.filter(commitment=OuterRef("pk"), done=True, date__lte=today)))
        .select_related("village")
        .order_by("deadline", "id")
    )
    for c in open_commitments:
        yield todo(
            "practice.commitment_report",
            _("报告践诺情况：%(text)s") % {"text": c.text[:40]},
            reverse("practice:commitment_report", args=[c.pk]),
            today=today,
            due=c.deadline,
            where=c.village.display_name,
            key=f"practice.commitment_report:{c.pk}",
        )


@register("practice.claims")
def claims_to_assign(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    codes = granted_at(scope, Right.MANAGE, VILLAGE_LENGTH)
    if not codes:
        return
    rows = (
        PostClaim.objects.filter(post__village__code__in=codes, status=ClaimStatus.APPLIED)
        .order_by()
        .values("post_id", "post__title", "post__village__name", "post__village__name_en")
        .annotate(n=Count("id"))
        .order_by("post_id")
    )
    for row in rows:
        yield todo(
            "practice.claim_assign",
            _("定岗：%(post)s（%(count)s人认领）") % {"post": row["post__title"], "count": row["n"]},
            reverse("practice:post_detail", args=[row["post_id"]]),
            today=today,
            where=display_name(row["post__village__name"], row["post__village__name_en"]),
            count=row["n"],
            key=f"practice.claim_assign:post={row['post_id']}",
        )


@register("practice.volunteer")
def hours_to_confirm(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    codes = granted_at(scope, Right.MANAGE, VILLAGE_LENGTH)
    if not codes:
        return
    rows = (
        VolunteerEntry.objects.filter(village__code__in=codes, status=VolunteerStatus.REPORTED)
        .order_by()
        .values("village__code", "village__name", "village__name_en")
        .annotate(n=Count("id"))
        .order_by("village__code")
    )
    for row in rows:
        yield todo(
            "practice.volunteer_confirm",
            _("确认志愿服务时长%(count)s条") % {"count": row["n"]},
            f"{reverse('practice:volunteer')}?status={VolunteerStatus.REPORTED}",
            today=today,
            where=display_name(row["village__name"], row["village__name_en"]),
            count=row["n"],
            key=f"practice.volunteer_confirm:{row['village__code']}",
        )
