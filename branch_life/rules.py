"""R-MEETING and R-DUES.

R-MEETING: for each village branch and kind of meeting, the county's cadence (at least one
every n months, calendar months counted from January; defaults in ``models``) asks for one
meeting in every period. The period after the one holding the branch's latest meeting of
the kind must hold the next: once it has ended without one, a red finding since the day
after; with no meeting ever, the first period of the year asked about is the first due.
Accountable: the branch's party secretary on that day.

R-DUES: a party member whose dues are unpaid for six months or more in a row up to the
month before the one asked about (the current month is not yet owed), with no arrears
reason recorded that covers those months: a red finding to the branch, since the first day
of the seventh month; accountable: the branch's secretary.

Each is a handful of queries whatever the number of branches, members or records. A county
that keeps no meeting (no payment) in Xianfeng at all is not judged by R-MEETING (R-DUES): its
organizational life is recorded elsewhere, and every branch would otherwise be flagged.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from common.rules import Finding, Severity, finding, register
from organizations.models import Organization, OrganizationKind
from people.holders import HolderIndex
from people.models import PartyMembership, Post

from .models import ArrearsReason, DuesPayment, Meeting, MeetingCadence, MeetingKind, add_months, default_cadence

ARREARS_MONTHS = 6


def cadence_of(county_code: str) -> dict[str, int]:
    table = default_cadence()
    table.update(dict(MeetingCadence.objects.filter(county__code=county_code[:6]).values_list("kind", "months")))
    return table


def _index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _period_end(period: int, months: int) -> dt.date:
    """The last day of period ``period`` of ``months`` months."""
    after = (period + 1) * months
    return dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)


def next_due(last: dt.date | None, months: int, on: dt.date) -> dt.date:
    """The day by which the next meeting is due: the end of the period after the latest one's."""
    if last is None:
        return _period_end(_index(dt.date(on.year, 1, 1)) // months, months)
    return _period_end(_index(last) // months + 1, months)


def _villages(unit: Organization) -> list[Organization]:
    if unit.kind == OrganizationKind.VILLAGE:
        return [unit]
    return list(Organization.objects.filter(code__startswith=unit.code, kind=OrganizationKind.VILLAGE).order_by("code"))


@register("R-MEETING", title=_("组织生活未按规定频次开展"), requirement="B-LIFE")
def check_meetings(unit: Organization, on: dt.date) -> Iterator[Finding]:
    if not Meeting.objects.filter(branch__code__startswith=unit.code[:6]).exists():
        return
    villages = _villages(unit)
    if not villages:
        return
    cadence = cadence_of(unit.code)
    latest: dict[tuple[int, str], dt.date] = {
        (row["branch_id"], row["kind"]): row["last"]
        for row in Meeting.objects.filter(branch__code__startswith=unit.code, date__lte=on)
        .order_by()
        .values("branch_id", "kind")
        .annotate(last=Max("date"))
    }
    holders = HolderIndex(unit, on)
    for village in villages:
        for kind in MeetingKind:
            months = cadence.get(kind.value, 12)
            due = next_due(latest.get((village.pk, kind.value)), months, on)
            if on <= due:
                continue
            yield finding(
                rule="R-MEETING",
                unit=village,
                since=due + dt.timedelta(days=1),
                severity=Severity.RED,
                accountable=holders.get(village.pk, Post.VILLAGE_SECRETARY),
                message=_("%(village)s党支部到%(due)s应召开%(kind)s（每%(months)s个月至少一次），没有记录。"),
                village=village.name,
                due=due.isoformat(),
                kind=kind.label,
                months=months,
            )


def unpaid_since(last_paid: dt.date | None, joined: dt.date) -> dt.date:
    """The first month owed and not paid: after the latest paid month, or the month the member joined."""
    joined_month = joined.replace(day=1)
    if last_paid is None:
        return joined_month
    return max(add_months(last_paid, 1), joined_month)


@register("R-DUES", title=_("党员连续6个月未交纳党费"), requirement="B-LIFE")
def check_dues(unit: Organization, on: dt.date) -> Iterator[Finding]:
    if not DuesPayment.objects.filter(branch__code__startswith=unit.code[:6]).exists():
        return
    owed_through = add_months(on.replace(day=1), -1)  # the last month owed: the one before ``on``'s
    members = list(
        PartyMembership.objects.filter(branch__code__startswith=unit.code, joined_on__lte=on)
        .select_related("person", "branch")
        .order_by("branch__code", "person__name")
    )
    if not members:
        return
    last_paid = dict(
        DuesPayment.objects.filter(branch__code__startswith=unit.code, month__lte=owed_through)
        .order_by()
        .values("member_id")
        .annotate(last=Max("month"))
        .values_list("member_id", "last")
    )
    reasons: dict[int, list[ArrearsReason]] = defaultdict(list)
    for r in ArrearsReason.objects.filter(
        member__membership__branch__code__startswith=unit.code, recorded_on__lte=on, start__lte=owed_through
    ):
        reasons[r.member_id].append(r)
    holders = HolderIndex(unit, on)
    for m in members:
        first = unpaid_since(last_paid.get(m.person_id), m.joined_on)
        months = _index(owed_through) - _index(first) + 1
        if months < ARREARS_MONTHS:
            continue
        if any(r.end is None or r.end >= first for r in reasons[m.person_id]):
            continue
        yield finding(
            rule="R-DUES",
            unit=m.branch,
            since=add_months(first, ARREARS_MONTHS),
            severity=Severity.RED,
            accountable=holders.get(m.branch_id, Post.VILLAGE_SECRETARY),
            message=_("%(name)s自%(first)s起已连续%(months)s个月未交纳党费，也没有登记原因。"),
            name=m.person.name,
            first=f"{first:%Y-%m}",
            months=months,
        )
