"""To-dos of branch life: notices to read (and, for the sender, notices still unread past their deadline);
the village's meetings due under R-MEETING and its members in arrears under R-DUES.

Notices wait for their recipients (the receipt names the user) and their sender; meetings
and dues are the work of the village admin (``MANAGE`` bound at the village, as the
meeting and dues pages ask).
"""

import datetime as dt
import functools
import operator
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from common.division_codes import COUNTY_LENGTH, VILLAGE_LENGTH
from common.scope import Right, Scope
from common.todos import Todo, granted_at, register, todo
from organizations.models import Organization

from .models import Meeting, MeetingKind, Notice, NoticeReceipt
from .rules import cadence_of, check_dues, next_due

# A meeting is asked for this many days before it falls due.
MEETING_NOTICE_DAYS = 14


@register("branch_life.notices")
def notices_to_read(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    if not getattr(user, "pk", None):
        return
    receipts = (
        NoticeReceipt.objects.filter(user=user, read_at__isnull=True)
        .select_related("notice__origin")
        .order_by("notice__deadline", "id")
    )
    for r in receipts:
        yield todo(
            "branch_life.notice_read",
            _("阅读通知：%(title)s") % {"title": r.notice.title[:40]},
            reverse("branch_life:notice_detail", args=[r.notice_id]),
            today=today,
            due=r.notice.deadline,
            where=r.notice.origin.name,
            key=f"branch_life.notice_read:{r.notice_id}",
        )


@register("branch_life.notices_unread")
def notices_unread_past_deadline(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    if not getattr(user, "pk", None):
        return
    rows = (
        Notice.objects.filter(sender=user, deadline__lt=today)
        .annotate(unread=Count("receipts", filter=Q(receipts__read_at__isnull=True)))
        .filter(unread__gt=0)
        .select_related("target")
        .order_by("deadline", "id")
    )
    for n in rows:
        yield todo(
            "branch_life.notice_unread",
            _("通知“%(title)s”过期未读%(count)s人") % {"title": n.title[:30], "count": n.unread},
            reverse("branch_life:notice_detail", args=[n.pk]),
            today=today,
            due=n.deadline,
            where=n.target.name,
            count=n.unread,
            key=f"branch_life.notice_unread:{n.pk}",
        )


@register("branch_life.meetings")
def meetings_due(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    codes = granted_at(scope, Right.MANAGE, VILLAGE_LENGTH)
    if not codes:
        return
    villages = list(Organization.objects.filter(code__in=codes).order_by("code"))
    counties = {code[:COUNTY_LENGTH] for code in codes}
    in_counties = functools.reduce(operator.or_, (Q(branch__code__startswith=c) for c in sorted(counties)))
    if not Meeting.objects.filter(in_counties).exists():
        return  # a county that records no organizational life yet is not asked for it (as R-MEETING)
    latest = {
        (row["branch_id"], row["kind"]): row["last"]
        for row in Meeting.objects.filter(branch__in=villages, date__lte=today)
        .order_by()
        .values("branch_id", "kind")
        .annotate(last=Max("date"))
    }
    for village in villages:
        cadence = cadence_of(village.code)
        for kind in MeetingKind:
            due = next_due(latest.get((village.pk, kind.value)), cadence.get(kind.value, 12), today)
            if due > today + dt.timedelta(days=MEETING_NOTICE_DAYS):
                continue
            yield todo(
                "branch_life.meeting_due",
                _("召开%(kind)s") % {"kind": kind.label},
                f"{reverse('branch_life:meeting_create')}?branch={village.code}&kind={kind.value}",
                today=today,
                due=due,
                where=village.display_name,
                key=f"branch_life.meeting_due:{village.code}:{kind.value}",
            )


@register("branch_life.dues")
def dues_in_arrears(scope: Scope, user: Any, today: dt.date) -> Iterator[Todo]:
    codes = granted_at(scope, Right.MANAGE, VILLAGE_LENGTH)
    for village in Organization.objects.filter(code__in=codes).order_by("code"):
        count = sum(1 for _f in check_dues(village, today))
        if count:
            yield todo(
                "branch_life.dues_arrears",
                _("%(count)s名党员连续6个月以上未交党费") % {"count": count},
                f"{reverse('branch_life:dues')}?branch={village.code}",
                today=today,
                where=village.display_name,
                count=count,
                overdue=True,
                key=f"branch_life.dues_arrears:{village.code}",
            )
