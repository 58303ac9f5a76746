"""Branch life: a year of meetings (三会一课, theme days, the life meeting, the appraisal) and of dues.

Driven by the scenario's ``branch_life`` parameters, seeded like every builder (a scenario
without them gets none, which keeps the tests' small scenarios small):

- every village branch meets at the county's default cadence (``branch_life.models``)
  through the year up to the campaign's today, on a random day of each period; the
  ``branches_behind`` villages stopped holding committee meetings and theme days after
  June, so R-MEETING finds them;
- the branch-wide meetings (assembly, theme days, life meeting, appraisal) from the month
  ``attendance_from_month`` on (when the branches began keeping attendance in Xianfeng) record
  every member's attendance, ``attendance_percent`` present and the rest excused or absent; the
  assemblies record a decision only when more than half of the full members were present;
  lectures, committee and group meetings record the meeting without attendance rows (their
  members are not the whole branch), which keeps the load small;
- every member has a monthly base and rate inside the county's default range and pays
  ``dues_paid_percent`` of the months owed (never six in a row unpaid), except
  ``members_in_arrears`` members who stopped after May with no reason recorded (R-DUES).
"""

import datetime as dt
import random
from decimal import Decimal

from branch_life.models import (
    QUORUM_KINDS,
    Attendance,
    AttendanceStatus,
    DuesPayment,
    DuesRate,
    Meeting,
    MeetingKind,
    add_months,
    default_cadence,
    monthly_dues,
)
from common import bulk, clock
from people.models import MembershipStatus, PartyMembership

from . import BuildContext, builder

WITH_ATTENDANCE = (MeetingKind.ASSEMBLY, MeetingKind.THEME_DAY, MeetingKind.LIFE_MEETING, MeetingKind.APPRAISAL)
DECIDED = "会议表决通过了上述事项。"
BATCH = 2000
STOPPED_AFTER = 6  # the month after which the branches behind held no committee meeting or theme day
TOPICS = {
    MeetingKind.ASSEMBLY: ("通报村级重大事项", "讨论发展党员", "部署“五个好”创建", "研究村集体经济发展"),
    MeetingKind.COMMITTEE: ("研究本月支部工作", "讨论困难户帮扶", "安排党员设岗定责", "研究村务公开事项"),
    MeetingKind.GROUP: ("学习党章", "交流茶叶种植技术", "讨论承诺践诺情况", "学习惠农政策"),
    MeetingKind.LECTURE: ("学习十七届五中全会精神", "党员先锋模范作用", "党的群众路线", "廉洁自律"),
    MeetingKind.THEME_DAY: ("清扫村道", "走访慰问困难户", "护林防火宣传", "重温入党誓词", "帮助留守老人"),
    MeetingKind.LIFE_MEETING: ("年度组织生活会：批评与自我批评",),
    MeetingKind.APPRAISAL: ("年度民主评议党员",),
}


def _months(start: dt.date, last_day: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= last_day:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _roll(rng: random.Random, meeting: Meeting, members: list[PartyMembership], present: float) -> list[Attendance]:
    """Each member's attendance; an assembly or appraisal decides only with more than half the full members there."""
    roll, present_full, full = [], 0, 0
    for m in members:
        if m.joined_on > meeting.date:
            continue
        draw = rng.random()
        if draw < present:
            status = AttendanceStatus.PRESENT
        elif draw < present + (1 - present) * 0.7:
            status = AttendanceStatus.EXCUSED
        else:
            status = AttendanceStatus.ABSENT
        if m.status == MembershipStatus.FULL:
            full += 1
            present_full += status == AttendanceStatus.PRESENT
        roll.append(Attendance(meeting=meeting, member_id=m.person_id, status=status))
    if meeting.kind in QUORUM_KINDS and present_full * 2 > full:
        meeting.decisions = DECIDED
    return roll


@builder("branch_life", order=65)
def build_branch_life(ctx: BuildContext) -> str:
    rng = ctx.rng("branch_life")
    params = ctx.scenario.branch_life
    if not params:
        return "branch life: none in the scenario (no branch_life parameters)"
    start = ctx.scenario.period_start
    last_day = min(ctx.scenario.period_end, clock.today())
    if last_day < start:
        return "branch life: the year has not begun"
    villages = ctx.all_villages()
    behind = {v.pk for v in rng.sample(villages, min(len(villages), int(params.get("branches_behind", 0))))}
    present_share = int(params.get("attendance_percent", 85)) / 100
    roll_from = int(params.get("attendance_from_month", 1))
    cadence = default_cadence()
    memberships: dict[int, list[PartyMembership]] = {}
    for m in PartyMembership.objects.filter(branch__in=villages, joined_on__lte=last_day).order_by("person_id"):
        memberships.setdefault(m.branch_id, []).append(m)

    meetings: list[Meeting] = []
    rolls: list[list[Attendance]] = []
    for village in villages:
        members = memberships.get(village.pk, [])
        for kind in MeetingKind:
            months = cadence[kind.value]
            for first in _months(start, last_day)[::months]:
                if kind in (MeetingKind.LIFE_MEETING, MeetingKind.APPRAISAL):
                    first = dt.date(first.year, 12, 1)  # held at the year's end
                stopped = village.pk in behind and kind in (MeetingKind.COMMITTEE, MeetingKind.THEME_DAY)
                if first > last_day or (stopped and first.month > STOPPED_AFTER):
                    continue
                latest = min(last_day, add_months(first, months) - dt.timedelta(days=1))
                day = first + dt.timedelta(days=rng.randint(0, (latest - first).days))
                meeting = Meeting(branch=village, kind=kind, date=day, topic=rng.choice(TOPICS[kind]))
                with_roll = kind in WITH_ATTENDANCE and day.month >= roll_from
                roll = _roll(rng, meeting, members, present_share) if with_roll else []
                meetings.append(meeting)
                rolls.append(roll)
    bulk.write(meetings, Meeting, None)
    attendance = [a for roll in rolls for a in roll]
    # The scenario's own volumes (attendance rows, monthly payments) are inserted without history rows:
    # they are where the demo starts, and what is changed afterwards is recorded as everywhere.
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)

    # Dues: a rate per member, a payment for most months owed (the current month is not yet owed).
    paid_share = int(params.get("dues_paid_percent", 98)) / 100
    everyone = [m for v in villages for m in memberships.get(v.pk, [])]
    arrears = {m.person_id for m in rng.sample(everyone, min(len(everyone), int(params.get("members_in_arrears", 0))))}
    owed = _months(start, last_day)[:-1] if last_day.month > 1 or last_day.year > start.year else []
    rates, payments = [], []
    for m in everyone:
        base = Decimal(rng.choice((20, 30, 40, 50, 60, 80, 100)))
        rates.append(DuesRate(member_id=m.person_id, since=start, base=base, rate=Decimal("1.00")))
        amount = monthly_dues(base, Decimal("1.00"))
        unpaid_run = 0
        for month in owed:
            if month < m.joined_on.replace(day=1):
                continue
            if m.person_id in arrears and month.month > 5:
                continue
            if unpaid_run < 2 and rng.random() > paid_share:
                unpaid_run += 1
                continue
            unpaid_run = 0
            paid_on = min(last_day, month + dt.timedelta(days=rng.randint(3, 27)))
            payments.append(
                DuesPayment(member_id=m.person_id, branch_id=m.branch_id, month=month, amount=amount, paid_on=paid_on)
            )
    bulk.write(rates, DuesRate, None)
    DuesPayment.objects.bulk_create(payments, batch_size=BATCH)
    return (
        f"branch life: {len(meetings)} meetings ({len(attendance)} attendance rows), "
        f"{len(payments)} dues payments; {len(behind)} branches behind, {len(arrears)} members in arrears"
    )
