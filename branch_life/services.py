"""Writes for branch life. Pages, the Excel importers and the scenario loader call these."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment
from common import clock
from common.checks import error, not_in_future
from common.services import clean_and_save
from organizations.models import Organization, OrganizationKind
from people.models import MembershipStatus, PartyMembership, Person

from . import checks
from .models import (
    ArrearsReason,
    Attendance,
    AttendanceStatus,
    DuesPayment,
    DuesRange,
    DuesRate,
    Meeting,
    MeetingCadence,
    Notice,
    NoticeReceipt,
    default_dues_range,
    month_start,
    monthly_dues,
)


def _village(branch: Organization) -> None:
    if branch.kind != OrganizationKind.VILLAGE:
        raise error("branch", _("组织生活和党费按村党支部登记。"), "not_a_village")


def _memberships(branch: Organization, on: dt.date) -> dict[int, PartyMembership]:
    return {
        m.person_id: m
        for m in PartyMembership.objects.filter(branch=branch, joined_on__lte=on).select_related("person")
    }


# -- meetings -----------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    branch: Organization,
    kind: str,
    date: dt.date,
    topic: str,
    attendance: Mapping[int, str],
    presided_by: Person | None = None,
    decisions: str = "",
    actor: Any = None,
) -> Meeting:
    """Record a meeting with one attendance row per member named in ``attendance`` ({person id: status})."""
    _village(branch)
    not_in_future(date, what=_("会议日期"))
    members = _memberships(branch, date)
    outside = [pk for pk in attendance if pk not in members]
    if presided_by is not None and presided_by.pk not in members:
        outside.append(presided_by.pk)
    if outside:
        names = Person.objects.filter(pk__in=outside).values_list("name", flat=True)
        checks.attendees_are_members(set(names) or {str(pk) for pk in outside}, branch.name)
    full = [pk for pk, m in members.items() if m.status == MembershipStatus.FULL]
    present_full = sum(1 for pk in full if attendance.get(pk) == AttendanceStatus.PRESENT)
    checks.quorum_reached(kind, decisions, present_full, len(full))
    bad = [s for s in attendance.values() if s not in AttendanceStatus.values]
    if bad:
        raise error("attendance", _("出席情况只能是出席、请假或缺席。"), "bad_attendance_status")
    meeting = clean_and_save(
        Meeting(
            branch=branch,
            kind=kind,
            date=date,
            topic=topic,
            presided_by=presided_by,
            decisions=decisions,
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member_id=pk, status=status) for pk, status in sorted(attendance.items())]
    )
    return meeting


def sign_in_check(meeting: Meeting, person: Person, today: dt.date) -> None:
    """Refuse (coded) unless ``person`` may sign in to ``meeting`` on ``today``; writes nothing."""
    member = PartyMembership.objects.filter(person=person, branch_id=meeting.branch_id, joined_on__lte=meeting.date)
    checks.signs_in_as_member(member.exists(), meeting.branch.name)
    checks.signs_in_on_the_day(meeting.date, today)


@transaction.atomic
def meeting_sign_in(*, meeting: Meeting, person: Person, today: dt.date | None = None) -> tuple[Attendance, bool]:
    """A member signs in by the meeting's QR code: their attendance becomes present (True if it changed).

    Signing in again changes nothing; a member recorded excused or absent who signs in is present.
    """
    sign_in_check(meeting, person, today or clock.today())
    row = Attendance.objects.select_for_update().filter(meeting=meeting, member=person).first()
    if row is None:
        return Attendance.objects.create(meeting=meeting, member=person, status=AttendanceStatus.PRESENT), True
    if row.status == AttendanceStatus.PRESENT:
        return row, False
    row.status = AttendanceStatus.PRESENT
    row.save(update_fields=["status"])
    return row, True


@transaction.atomic
def cadence_set(*, county: Organization, kind: str, months: int) -> MeetingCadence:
    row, _created = MeetingCadence.objects.get_or_create(county=county, kind=kind, defaults={"months": months})
    row.months = months
    return clean_and_save(row)


# -- dues ---------------------------------------------------------------------------


def dues_range_of(county_code: str) -> tuple[Decimal, Decimal]:
    row = DuesRange.objects.filter(county__code=county_code[:6]).first()
    return (row.minimum, row.maximum) if row else default_dues_range()


@transaction.atomic
def dues_range_set(*, county: Organization, minimum: Decimal, maximum: Decimal) -> DuesRange:
    checks.range_in_order(minimum, maximum)
    row = DuesRange.objects.filter(county=county).first() or DuesRange(county=county)
    row.minimum, row.maximum = minimum, maximum
    return clean_and_save(row)


def _membership(member: Person) -> PartyMembership:
    membership = PartyMembership.objects.filter(person=member).select_related("branch").first()
    if membership is None:
        raise error("member", _("%(name)s不是党员。") % {"name": member.name}, "not_a_member")
    return membership


@transaction.atomic
def dues_rate_set(*, member: Person, since: dt.date, base: Decimal, rate: Decimal) -> DuesRate:
    membership = _membership(member)
    low, high = dues_range_of(membership.branch.code)
    checks.dues_within_range(monthly_dues(base, rate), low, high)
    since = month_start(since)
    row = DuesRate.objects.filter(member=member, since=since).first() or DuesRate(member=member, since=since)
    row.base, row.rate = base, rate
    return clean_and_save(row)


def rate_on(member: Person, month: dt.date) -> DuesRate | None:
    return DuesRate.objects.filter(member=member, since__lte=month).order_by("-since").first()


@transaction.atomic
def dues_pay(
    *, member: Person, month: dt.date, amount: Decimal | None = None, paid_on: dt.date | None = None
) -> DuesPayment:
    """Record a member's dues for ``month``; the amount defaults to the member's monthly dues then."""
    today = clock.today()
    month = month_start(month)
    checks.month_not_in_future(month, today)
    paid_on = paid_on or today
    not_in_future(paid_on, what=_("交纳日期"), field="paid_on")
    membership = _membership(member)
    checks.not_paid_yet(DuesPayment.objects.filter(member=member, month=month).exists(), member.name, month)
    if amount is None:
        rate = rate_on(member, month)
        if rate is None:
            raise error("amount", _("%(name)s尚未核定党费基数，请填写金额。") % {"name": member.name}, "no_rate")
        amount = rate.monthly
    return clean_and_save(
        DuesPayment(member=member, branch=membership.branch, month=month, amount=amount, paid_on=paid_on)
    )


@transaction.atomic
def arrears_reason_record(*, member: Person, start: dt.date, reason: str, end: dt.date | None = None) -> ArrearsReason:
    _membership(member)
    start = month_start(start)
    end = month_start(end) if end else None
    if end and end < start:
        raise error("end", _("截止月份不能早于起始月份。"), "end_before_start")
    if not reason.strip():
        raise error("reason", _("请写明欠缴原因。"), "reason_required")
    return clean_and_save(
        ArrearsReason(member=member, start=start, end=end, reason=reason.strip(), recorded_on=clock.today())
    )


# -- notices ------------------------------------------------------------------------


def recipients_of(target: Organization, role: str = "") -> set[int]:
    """The ids of the users a notice to ``target`` (and ``role``) reaches: roles bound inside the subtree."""
    at_org = Q(organization__code__startswith=target.code)
    members = Q(role=Role.MEMBER, person__membership__branch__code__startswith=target.code)
    rows = RoleAssignment.objects.filter(at_org | members, user__is_active=True)
    if role:
        rows = rows.filter(role=role)
    else:
        rows = rows.filter(role__in=[Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN, Role.MEMBER, Role.VILLAGE_SUPERVISOR])
    return set(rows.values_list("user_id", flat=True))


@transaction.atomic
def notice_send(
    *,
    origin: Organization,
    target: Organization,
    title: str,
    body: str,
    deadline: dt.date,
    role: str = "",
    sender: Any = None,
) -> Notice:
    if origin.kind not in (OrganizationKind.COUNTY, OrganizationKind.TOWNSHIP):
        raise error("origin", _("通知由县或乡镇发出。"), "origin_not_county_or_township")
    checks.notice_target_within(target.code, origin.code)
    if deadline < clock.today():
        raise error("deadline", _("阅读期限不能早于今天。"), "deadline_past")
    users = recipients_of(target, role) - ({sender.pk} if getattr(sender, "pk", None) else set())
    checks.has_recipients(len(users))
    notice = clean_and_save(
        Notice(
            origin=origin,
            target=target,
            role=role,
            title=title,
            body=body,
            deadline=deadline,
            sent_at=clock.now(),
            sender=sender if getattr(sender, "pk", None) else None,
        )
    )
    NoticeReceipt.objects.bulk_create([NoticeReceipt(notice=notice, user_id=pk) for pk in sorted(users)])
    return notice


def notice_open(*, notice: Notice, user: Any) -> NoticeReceipt | None:
    """Record the first time a recipient opens the notice; later openings change nothing."""
    receipt = NoticeReceipt.objects.filter(notice=notice, user=user).first()
    if receipt is not None and receipt.read_at is None:
        receipt.read_at = clock.now()
        receipt.save(update_fields=["read_at"])
    return receipt
