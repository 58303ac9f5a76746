"""Pre-fill assessments from branch life (R-ONCE): the branch's meetings fill Five-Good, a member's
attendance and dues fill Five-Lead. Items are found by dimension name and order, as practice does.

==========  ============  =====  ===================================  ==========================================
standard    dimension     item   facts (the period's year, to today)   score
==========  ============  =====  ===================================  ==========================================
five_good   党员队伍好     1      三会一课: assemblies, committee and   points × periods held / periods due, over
                                 group meetings, lectures held         the four kinds, by the county's cadence
five_lead   带头学习提高   1      the member's attendance              points − 1 per absence (excused is not),
                                                                       at least 0
five_lead   带头遵纪守法   3      months of dues paid / months ended    points × paid / owed
==========  ============  =====  ===================================  ==========================================

Facts with no record at all (no meeting held or attended, no month owed) leave the item empty.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from common import clock
from common.division_codes import COUNTY_LENGTH
from common.money import yuan
from common.prefill import prefill
from people.models import PartyMembership

from .models import Attendance, AttendanceStatus, DuesPayment, Meeting, MeetingKind, add_months
from .rules import cadence_of

if TYPE_CHECKING:
    from evaluation.models import Assessment, Item

TEAM, LEARN, LAW = "党员队伍好", "带头学习提高", "带头遵纪守法"
THREE_AND_ONE = (MeetingKind.ASSEMBLY, MeetingKind.COMMITTEE, MeetingKind.GROUP, MeetingKind.LECTURE)
TENTH = Decimal("0.1")


def _items(assessment: "Assessment") -> dict[tuple[str, int], "Item"]:
    from evaluation.models import Item

    return {
        (i.dimension.name, i.order): i
        for i in Item.objects.filter(dimension__standard_id=assessment.standard_id).select_related("dimension")
    }


def _score(points: Decimal, fraction: Decimal) -> Decimal:
    fraction = max(Decimal(0), min(Decimal(1), fraction))
    return (points * fraction).quantize(TENTH, rounding=ROUND_HALF_UP)


def _as_of(assessment: "Assessment") -> dt.date:
    return min(clock.today(), assessment.period.end)


def periods_due(months: int, as_of: dt.date) -> int:
    """Periods of ``months`` months of as_of's year begun by ``as_of``."""
    return (as_of.month - 1) // months + 1


@prefill("branch_life.meetings", standard="five_good")
def from_meetings(assessment: "Assessment") -> dict[int, tuple[Decimal | None, str]]:
    item = _items(assessment).get((TEAM, 1))
    if item is None:
        return {}
    as_of = _as_of(assessment)
    year = assessment.period.year
    meetings = Meeting.objects.filter(
        branch_id=assessment.organization_id, date__year=year, date__lte=as_of, kind__in=THREE_AND_ONE
    ).values_list("kind", "date")
    cadence = cadence_of(assessment.organization.code)
    held: dict[str, int] = {}
    periods: dict[str, set[int]] = {}
    for kind, day in meetings:
        held[kind] = held.get(kind, 0) + 1
        periods.setdefault(kind, set()).add((day.month - 1) // cadence[kind])
    if not held:
        return {}
    due = sum(periods_due(cadence[k], as_of) for k in THREE_AND_ONE)
    done = sum(len(periods.get(k, ())) for k in THREE_AND_ONE)
    counts = _("、").join(
        _("%(kind)s%(n)s次") % {"kind": MeetingKind(k).label, "n": held.get(k, 0)} for k in THREE_AND_ONE
    )
    note = _("%(counts)s；按规定频次应开展%(due)s期，已开展%(done)s期") % {"counts": counts, "due": due, "done": done}
    return {item.pk: (_score(item.points, Decimal(done) / Decimal(due)), note)}


@prefill("branch_life.member", standard="five_lead")
def from_attendance_and_dues(assessment: "Assessment") -> dict[int, tuple[Decimal | None, str]]:
    if assessment.person_id is None:
        return {}
    items = _items(assessment)
    as_of = _as_of(assessment)
    year = assessment.period.year
    out: dict[int, tuple[Decimal | None, str]] = {}
    item = items.get((LEARN, 1))
    if item is not None:
        rows = dict(
            Attendance.objects.filter(
                member_id=assessment.person_id, meeting__date__year=year, meeting__date__lte=as_of
            )
            .order_by()
            .values("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        if rows:
            absent = rows.get(AttendanceStatus.ABSENT, 0)
            out[item.pk] = (
                max(Decimal(0), item.points - absent),
                _("应参加组织生活%(n)s次：出席%(present)s次，请假%(excused)s次，缺席%(absent)s次")
                % {
                    "n": sum(rows.values()),
                    "present": rows.get(AttendanceStatus.PRESENT, 0),
                    "excused": rows.get(AttendanceStatus.EXCUSED, 0),
                    "absent": absent,
                },
            )
    item = items.get((LAW, 3))
    membership = PartyMembership.objects.filter(person_id=assessment.person_id).select_related("branch").first()
    # A county that records no dues yet is not judged on them (as R-DUES): no pre-filled zero.
    keeps_dues = (
        membership is not None
        and DuesPayment.objects.filter(branch__code__startswith=membership.branch.code[:COUNTY_LENGTH]).exists()
    )
    if item is not None and membership is not None and keeps_dues:
        first = max(dt.date(year, 1, 1), membership.joined_on.replace(day=1))
        # A month is owed once it has ended (the current month is not late yet).
        through = as_of.replace(day=1) if (as_of + dt.timedelta(days=1)).day == 1 else add_months(as_of, -1)
        owed = max(0, (through.year - first.year) * 12 + through.month - first.month + 1)
        paid = DuesPayment.objects.filter(
            member_id=assessment.person_id, month__gte=first, month__lte=through
        ).aggregate(n=Count("id"), total=Sum("amount"))
        if owed:
            out[item.pk] = (
                _score(item.points, Decimal(paid["n"]) / Decimal(owed)),
                _("应交党费%(owed)s个月，已交%(paid)s个月，共%(amount)s")
                % {"owed": owed, "paid": paid["n"], "amount": yuan(paid["total"] or 0)},
            )
    return out
