"""Reads for branch life: scoped lists for the pages (a constant number of queries), a member's dues statement."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from common.scope import Right, Scope
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organizations_where
from people.models import PartyMembership, Person

from .models import Attendance, AttendanceStatus, DuesPayment, Meeting, Notice, NoticeReceipt, add_months


def writable_villages(scope: Scope) -> QuerySet[Organization]:
    return organizations_where(scope, Right.MANAGE, [OrganizationKind.VILLAGE]).order_by("code")


def meetings_listed(scope: Scope, *, year: int | None = None, kind: str = "", branch: str = "") -> QuerySet[Meeting]:
    """Meetings in scope in the list's order, without their attendance: a page of them is cheap to count and cut,
    then ``with_attendance`` adds the page's counts in one query."""
    qs = scope.filter(Meeting.objects.all(), "branch").select_related("branch__parent", "presided_by")
    if year:
        qs = qs.filter(date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if branch:
        qs = qs.filter(branch__code__startswith=branch)
    return qs.order_by("-date", "branch__code", "id")


def meetings_visible_to(
    scope: Scope, *, year: int | None = None, kind: str = "", branch: str = ""
) -> QuerySet[Meeting]:
    """Meetings in scope with how many attended (``present``) of how many were expected: for an export or one."""
    return meetings_listed(scope, year=year, kind=kind, branch=branch).annotate(
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        expected=Count("attendance"),
    )


def with_attendance(meetings: Iterable[Meeting]) -> None:
    """Give each of ``meetings`` what ``meetings_visible_to`` annotates (present, expected), in one query."""
    meetings = list(meetings)
    counts = {
        row["meeting_id"]: row
        for row in Attendance.objects.filter(meeting_id__in=[m.pk for m in meetings])
        .order_by()
        .values("meeting_id")
        .annotate(present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)), expected=Count("id"))
    }
    for m in meetings:
        row = counts.get(m.pk, {})
        m.present = row.get("present", 0)  # type: ignore[attr-defined]
        m.expected = row.get("expected", 0)  # type: ignore[attr-defined]


def meeting_detail(scope: Scope, pk: int) -> Meeting:
    return scope.object_or_404(
        Meeting.objects.select_related("branch__parent", "presided_by", "recorded_by"), "branch", pk=pk
    )


def members_of(branch: Organization) -> QuerySet[PartyMembership]:
    return PartyMembership.objects.filter(branch=branch).select_related("person").order_by("person__name")


def dues_members(scope: Scope, *, branch: str = "") -> QuerySet[PartyMembership]:
    """Members in scope (under ``branch`` when given) in the dues list's order, without their dues: a page of them
    is cheap to count and cut, then ``with_dues`` adds the page's dues in one query."""
    qs = scope.filter(PartyMembership.objects.all(), "branch").select_related("person", "branch__parent")
    if branch:
        qs = qs.filter(branch__code__startswith=branch)
    return qs.order_by("branch__code", "person__name")


def dues_rows(scope: Scope, year: int, *, branch: str = "", on: dt.date) -> QuerySet[PartyMembership]:
    """Members in scope with the year's dues paid (months, total) and their latest paid month up to ``on``.

    Aggregates every member's payments: for an export or a few members; a page lists ``dues_members``."""
    year_q = Q(person__dues_payments__month__year=year)
    return dues_members(scope, branch=branch).annotate(
        months_paid=Count("person__dues_payments", filter=year_q),
        paid_total=Sum("person__dues_payments__amount", filter=year_q),
        last_paid=Max("person__dues_payments__month", filter=Q(person__dues_payments__month__lte=on)),
    )


def with_dues(members: Iterable[PartyMembership], year: int, on: dt.date) -> None:
    """Give each of ``members`` what ``dues_rows`` annotates (months_paid, paid_total, last_paid), in one query."""
    members = list(members)
    year_q = Q(month__year=year)
    found = {
        row["member_id"]: row
        for row in DuesPayment.objects.filter(member_id__in=[m.person_id for m in members])
        .order_by()
        .values("member_id")
        .annotate(
            months_paid=Count("id", filter=year_q),
            paid_total=Sum("amount", filter=year_q),
            last_paid=Max("month", filter=Q(month__lte=on)),
        )
    }
    for m in members:
        row = found.get(m.person_id, {})
        m.months_paid = row.get("months_paid", 0)  # type: ignore[attr-defined]
        m.paid_total = row.get("paid_total")  # type: ignore[attr-defined]
        m.last_paid = row.get("last_paid")  # type: ignore[attr-defined]


def months_unpaid(last_paid: dt.date | None, joined: dt.date, on: dt.date) -> int:
    """Months owed and unpaid in a row up to the month before ``on``'s."""
    owed_through = add_months(on.replace(day=1), -1)
    first = max(add_months(last_paid, 1), joined.replace(day=1)) if last_paid else joined.replace(day=1)
    return max(0, (owed_through.year - first.year) * 12 + owed_through.month - first.month + 1)


@dataclass
class StatementMonth:
    month: dt.date
    payment: DuesPayment | None


@dataclass
class Statement:
    member: Person
    membership: PartyMembership
    year: int
    months: list[StatementMonth]
    total: Decimal
    paid: int


def member_for_statement(scope: Scope, person_id: int) -> PartyMembership:
    """A member whose statement the viewer may read: in scope, or the viewer's own."""
    q = scope.org_q("branch")
    if person_id in scope.person_ids:
        q |= Q(person_id=person_id)
    membership = PartyMembership.objects.filter(q, person_id=person_id).select_related("person", "branch").first()
    if membership is None:
        raise Http404
    return membership


def statement(membership: PartyMembership, year: int) -> Statement:
    payments = {p.month: p for p in DuesPayment.objects.filter(member_id=membership.person_id, month__year=year)}
    months = [StatementMonth(dt.date(year, m, 1), payments.get(dt.date(year, m, 1))) for m in range(1, 13)]
    total = sum((p.amount for p in payments.values()), Decimal("0.00"))
    return Statement(membership.person, membership, year, months, total, len(payments))


def notices_sent_visible_to(scope: Scope) -> QuerySet[Notice]:
    """Notices whose origin the viewer manages (the sender's side), with their read counts."""
    return (
        Notice.objects.filter(scope.right_q(Right.MANAGE, "origin"))
        .select_related("origin", "target", "sender")
        .annotate(
            recipients=Count("receipts"),
            read=Count("receipts", filter=Q(receipts__read_at__isnull=False)),
        )
        .order_by("-sent_at", "id")
    )


def notices_received(user: Any) -> QuerySet[NoticeReceipt]:
    return NoticeReceipt.objects.filter(user=user).select_related("notice__origin").order_by("-notice__sent_at", "id")


def notice_for(scope: Scope, user: Any, pk: int) -> tuple[Notice, bool]:
    """The notice if the viewer received it or manages its origin (then also True); else 404."""
    notice = Notice.objects.select_related("origin", "target", "sender").filter(pk=pk).first()
    if notice is None:
        raise Http404
    sender_side = scope.may(Right.MANAGE, code=notice.origin.code)
    if not sender_side and not NoticeReceipt.objects.filter(notice=notice, user=user).exists():
        raise Http404
    return notice, sender_side


# -- a member's own (the mobile member page) ------------------------------------------


def meetings_of_member(membership: PartyMembership, year: int) -> QuerySet[Meeting]:
    """The year's meetings of the member's branch, each with the member's own status (``my_status``, None: not recorded)."""
    mine = Attendance.objects.filter(meeting=OuterRef("pk"), member_id=membership.person_id).values("status")[:1]
    return (
        Meeting.objects.filter(branch_id=membership.branch_id, date__year=year)
        .annotate(my_status=Subquery(mine))
        .order_by("-date", "id")
    )


@dataclass
class DuesSummary:
    paid_up_to: dt.date | None  # the latest month paid
    months_owed: int  # unpaid in a row up to last month
    paid_this_year: Decimal
    months_this_year: int


def dues_summary(membership: PartyMembership, on: dt.date) -> DuesSummary:
    """A member's dues at a glance, one query: paid up to, months in arrears, the year's payments."""
    year_q = Q(month__year=on.year)
    row = DuesPayment.objects.filter(member_id=membership.person_id).aggregate(
        last=Max("month", filter=Q(month__lte=on)),
        total=Sum("amount", filter=year_q),
        months=Count("id", filter=year_q),
    )
    return DuesSummary(
        paid_up_to=row["last"],
        months_owed=months_unpaid(row["last"], membership.joined_on, on),
        paid_this_year=row["total"] or Decimal("0.00"),
        months_this_year=row["months"],
    )


def attendance_counts(person_ids: list[int], year: int) -> dict[int, int]:
    """Meetings each member attended (present) in ``year``, one query for all: the national record's 组织生活."""
    rows = (
        Attendance.objects.filter(member_id__in=person_ids, meeting__date__year=year, status=AttendanceStatus.PRESENT)
        .values("member_id")
        .annotate(n=Count("id"))
    )
    return {row["member_id"]: row["n"] for row in rows}
