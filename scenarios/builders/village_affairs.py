"""A3: a year of open village affairs in every village — the ledger, monthly finance and
quarterly affairs disclosures, 四议两公开 decisions and a little villagers' feedback.

Written in date order, past dates only: each month's entries are booked, then its finance
disclosure is published on the 1st–10th of the next month. So that R-DISCLOSE has cases
at the period end without every village red, a few villages publish one month late
(``LATE_SHARE``) or skip one (``MISSING_SHARE``: the gap shows as 未公开), and a couple
publish a quarter's affairs disclosure late; some in the first half-year, some in the
second, so mid-year findings differ from the year-end ones. Each village takes two or
three decisions through the six steps (those begun late in the year are still in
progress at its end, ``STUCK`` of them stopped for more than 60 days: R-DECISION); a few
entries are reversed (冲正) and re-booked; a little feedback is answered, one or two
left unanswered past the deadline (R-FEEDBACK). The volumes go through
``village_affairs.bulk``; reversals and feedback through the services.
"""

import calendar
import datetime as dt
import math
import random
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from common import clock
from organizations.models import Organization
from people.models import Appointment, Post
from village_affairs import bulk, services
from village_affairs.config import setting
from village_affairs.models import (
    AttendanceBasis,
    Category,
    Decision,
    DecisionStep,
    Direction,
    Disclosure,
    DisclosureKind,
    LedgerEntry,
    PublishedMonth,
    ResolvingBody,
    Step,
)
from village_affairs.periods import DisclosurePeriod
from village_affairs.quorum import passing, quorum_for

from .. import synthetic as syn
from . import BuildContext, builder

# (category, descriptions, (low, high) in 元, weight)
INCOME = (
    (
        Category.SUBSIDY_INCOME,
        ("上级转移支付", "村干部报酬补助", "一事一议财政奖补", "农村公益事业建设补助"),
        (3000, 30000),
        4,
    ),
    (
        Category.OPERATING_INCOME,
        ("茶叶初制所经营收入", "集体林木销售收入", "村集体店面租金", "小水电站分红"),
        (1000, 20000),
        3,
    ),
    (Category.OTHER_INCOME, ("存款利息", "乡贤捐资修路", "其他零星收入"), (50, 3000), 2),
)
EXPENSE = (
    (
        Category.ADMINISTRATION,
        ("办公用品", "村干部误工补贴", "电话、网络费", "村部水电费", "报刊订阅费"),
        (100, 3000),
        4,
    ),
    (Category.PUBLIC_WELFARE, ("村道维修", "路灯电费", "环境卫生保洁费", "慰问五保户", "水渠清淤"), (500, 15000), 3),
    (Category.OPERATING_EXPENSE, ("茶叶初制所收购鲜叶", "林木采伐劳务费", "加工设备维修"), (500, 10000), 2),
    (Category.OTHER_EXPENSE, ("困难群众临时救助", "其他零星支出"), (100, 2000), 1),
)
AFFAIRS = (
    "低保户评议结果",
    "新农合参合情况",
    "计划生育奖励扶助对象",
    "惠农补贴发放情况",
    "宅基地审批情况",
    "集体土地征用补偿",
    "救灾救济款物发放",
    "村级工程项目进度",
)
DECISIONS = (
    "村道硬化工程",
    "村部办公楼修缮",
    "茶园低产改造",
    "安全饮水工程",
    "集体山林承包经营",
    "一事一议筹资筹劳",
    "农田水渠维修",
    "村庄路灯安装",
    "村级幼儿园建设",
    "集体店面出租",
)
FEEDBACK = (
    ("村道维修支出比上月多不少，能否公开明细？", "维修明细和发票复印件已张贴在公开栏，欢迎查看。"),
    ("低保评议名单中有一户家庭条件较好，请核实。", "已由村务监督委员会入户核实，情况属实，已报乡镇重新审核。"),
    ("茶叶初制所的经营收入能否按批次公开？", "下月起按批次公开收购和销售情况。"),
    ("路灯电费是否包含新装的十盏路灯？", "包含，新装路灯自本月起计费。"),
    ("一事一议筹资每户多少，什么时候收？", "每人二十元，农历年前由各村民小组长收取，并开具收据。"),
)
LATE_SHARE = 0.04  # villages that publish one month's finance disclosure late
MISSING_SHARE = 0.02  # villages that skip one month
AFFAIRS_LATE_SHARE = 0.02  # villages that publish one quarter's affairs disclosure late
STUCK = 2  # decisions stopped for more than R-DECISION's stuck_days at the period end
FEEDBACK_SHARE = 0.1
REVERSAL_SHARE = 0.05
CENT = Decimal("0.01")


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    if rng.random() < 0.4:
        return Decimal(rng.randint(low, high) // 10 * 10 or 10)  # round sums are common
    return (Decimal(rng.randint(low * 100, high * 100)) * CENT).quantize(CENT)


def _at(rng: random.Random, day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59))))


def _month_entries(
    rng: random.Random,
    village: Organization,
    year: int,
    month: int,
    last_day: dt.date,
    *,
    opening: Decimal | None,
    correct: bool,
) -> tuple[list[LedgerEntry], tuple[int, dt.date] | None]:
    """One village-month of entries in date order with vouchers ``YYYY-MM-NNN``.

    With ``correct``, one entry is booked with a wrong amount: the index of that entry and
    the day to reverse it (the right amount is re-booked that day) are returned too.
    """
    days = calendar.monthrange(year, month)[1]
    rows: list[tuple[dt.date, str, str, Decimal, str]] = []
    if opening is not None:
        rows.append((dt.date(year, 1, 1), Direction.INCOME, Category.OPENING, opening, gettext("上年结转")))
    for direction, table, count in (
        (Direction.INCOME, INCOME, rng.randint(1, 3)),
        (Direction.EXPENSE, EXPENSE, rng.randint(2, 4)),
    ):
        for category, words, (low, high), _w in rng.choices(table, weights=[t[3] for t in table], k=count):
            day = dt.date(year, month, rng.randint(1, days))
            rows.append((day, direction, category, _amount(rng, low, high), rng.choice(words)))
    rows = [r for r in rows if r[0] <= last_day]
    fix = None
    if correct and rows:
        candidates = [n for n, r in enumerate(rows) if r[2] != Category.OPENING and r[0].day <= days - 3]
        if candidates:
            n = rng.choice(candidates)
            reverse_on = rows[n][0] + dt.timedelta(days=rng.randint(1, 3))
            if reverse_on <= last_day:
                day, way, kind, amount, text = rows[n]
                rows[n] = (day, way, kind, amount * 10, text)  # a slipped decimal point
                rows.append((reverse_on, way, kind, amount, text))
                fix = (n, reverse_on)
    order = sorted(range(len(rows)), key=lambda n: (rows[n][0], n))
    entries = [
        LedgerEntry(
            village=village,
            date=rows[n][0],
            direction=rows[n][1],
            category=rows[n][2],
            amount=rows[n][3],
            voucher=f"{year}-{month:02d}-{seq:03d}",
            description=rows[n][4],
        )
        for seq, n in enumerate(order, start=1)
    ]
    if fix is not None:
        fix = (order.index(fix[0]), fix[1])
    return entries, fix


def _meeting(rng: random.Random, basis: str, due: int) -> dict[str, int]:
    """Attendance meeting ``basis``'s quorum and votes passing by more than half of those present."""
    rule = quorum_for(basis)
    least = next(p for p in range(due + 1) if rule.met(p, due))
    present = rng.randint(least, due) if rng.random() < 0.7 else least
    against = rng.randint(0, present // 10)
    abstain = rng.randint(0, present // 12)
    votes_for = present - against - abstain
    if not passing().met(votes_for, present):  # never for these shares; keeps the plan valid by construction
        votes_for, against, abstain = present, 0, 0
    return {"due": due, "present": present, "votes_for": votes_for, "votes_against": against, "votes_abstain": abstain}


def _decision_plan(
    rng: random.Random,
    village: Organization,
    title: str,
    begin: dt.date,
    last_day: dt.date,
    *,
    joint: bool,
    members: int,
    stop_after: int | None = None,
) -> bulk.DecisionPlan:
    """Steps from ``begin`` in date order, none after ``last_day`` (or after ``stop_after``)."""
    decision = Decision(
        village=village,
        title=title,
        summary=gettext("经村党支部调研提出，拟实施%(title)s。") % {"title": title},
        raised_by_name=rng.choice((gettext("村党支部"), gettext("村党支部"), gettext("村民代表联名"))),
    )
    plan = bulk.DecisionPlan(decision=decision)
    day = begin
    merged = joint and rng.random() < 0.7
    publicity = rng.choice((setting("publicity_days"), 7))
    steps: list[DecisionStep] = []
    if merged:
        steps.append(
            DecisionStep(
                number=Step.PROPOSE,
                date=day,
                merged=True,
                content=gettext("支委会与两委会合并召开（一肩挑），提议并商议%(title)s实施方案") % {"title": title},
                result=gettext("同意提交党员大会审议"),
                **_meeting(rng, "committee", rng.randint(5, 9)),
            )
        )
    else:
        steps.append(
            DecisionStep(
                number=Step.PROPOSE,
                date=day,
                content=gettext("党支部提议：%(title)s") % {"title": title},
                result=gettext("同意提交两委会商议"),
                **_meeting(rng, "committee", rng.randint(3, 5)),
            )
        )
        day += dt.timedelta(days=rng.randint(2, 10))
        steps.append(
            DecisionStep(
                number=Step.DELIBERATE,
                date=day,
                content=gettext("两委联席会商议，形成初步方案"),
                result=gettext("同意提交党员大会审议"),
                **_meeting(rng, "committee", rng.randint(6, 9)),
            )
        )
    day += dt.timedelta(days=rng.randint(3, 14))
    steps.append(
        DecisionStep(
            number=Step.REVIEW,
            date=day,
            content=gettext("党员大会审议初步方案"),
            result=gettext("审议通过"),
            **_meeting(rng, "party_assembly", max(8, members)),
        )
    )
    day += dt.timedelta(days=rng.randint(3, 14))
    if rng.random() < 0.75:
        resolve = {
            "body": ResolvingBody.REPRESENTATIVES,
            "basis": AttendanceBasis.PERSONS,
            **_meeting(rng, "representatives", rng.randint(25, 60)),
        }
        content = gettext("村民代表会议表决")
    else:
        resolve = {
            "body": ResolvingBody.VILLAGERS_ASSEMBLY,
            "basis": AttendanceBasis.HOUSEHOLDS,
            **_meeting(rng, "villagers_assembly_households", rng.randint(150, 600)),
        }
        content = gettext("村民会议（按户）表决")
    steps.append(DecisionStep(number=Step.RESOLVE, date=day, content=content, result=gettext("表决通过"), **resolve))
    day += dt.timedelta(days=rng.randint(1, 4))
    steps.append(
        DecisionStep(
            number=Step.PUBLISH_RESOLUTION,
            date=day,
            content=gettext("决议公告：%(title)s") % {"title": title},
            channel=gettext("村务公开栏"),
            publicity_days=publicity,
        )
    )
    started = day + dt.timedelta(days=publicity + rng.randint(1, 15))
    day = started + dt.timedelta(days=rng.randint(20, 60))
    steps.append(
        DecisionStep(
            number=Step.PUBLISH_RESULT,
            date=day,
            channel=gettext("村务公开栏"),
            content=gettext("%(title)s已实施完毕，经村务监督委员会验收，结果公开") % {"title": title},
        )
    )
    numbers = 0
    for step in steps:
        numbers = Step.DELIBERATE if step.merged else step.number
        if step.date > last_day or (stop_after is not None and numbers > stop_after):
            break
        plan.steps.append(step)
    if stop_after is None and started <= last_day:
        plan.implementation_started_on = started
    return plan


def _joint_villages(villages: list[Organization], on: dt.date) -> set[int]:
    """Villages whose branch secretary is also the committee director (一肩挑) on ``on``."""
    held: dict[tuple[int, int], int] = {}
    for org, person in (
        Appointment.objects.on(on)
        .filter(organization__in=villages, post__in=[Post.VILLAGE_SECRETARY, Post.VILLAGE_DIRECTOR])
        .values_list("organization_id", "person_id")
    ):
        held[(org, person)] = held.get((org, person), 0) + 1
    return {org for (org, _person), n in held.items() if n == 2}


@builder("village_affairs", order=55)
def build_village_affairs(ctx: BuildContext) -> str:
    rng = ctx.rng("village_affairs")
    year, start, end = ctx.scenario.period, ctx.scenario.period_start, ctx.scenario.period_end
    now = clock.now()
    last_day = min(end, clock.today())
    villages = ctx.all_villages()
    count = len(villages)

    # Who is late or misses a month, and when: alternately in the first half-year and the second.
    n_late, n_missing = max(1, round(LATE_SHARE * count)), max(1, round(MISSING_SHARE * count))
    n_affairs = round(AFFAIRS_LATE_SHARE * count)
    chosen = rng.sample(villages, min(count, n_late + n_missing + n_affairs))
    late = {v.pk: rng.randint(2, 4) if n % 2 == 0 else rng.randint(7, 10) for n, v in enumerate(chosen[:n_late])}
    missing = {
        v.pk: rng.randint(8, 10) if n % 2 == 0 else rng.randint(2, 4)
        for n, v in enumerate(chosen[n_late : n_late + n_missing])
    }
    affairs_late = {v.pk: rng.choice((2, 3)) for v in chosen[n_late + n_missing :]}

    # The ledger: an opening balance, then every month's entries; a few wrong amounts to reverse.
    entries: list[LedgerEntry] = []
    fixes: list[tuple[int, dt.date]] = []
    correcting = {v.pk for v in rng.sample(villages, min(count, max(1, round(REVERSAL_SHARE * count))))}
    for village in villages:
        correct_month = rng.randint(1, 11) if village.pk in correcting else None
        for month in range(1, 13):
            if dt.date(year, month, 1) > last_day:
                break
            rows, fix = _month_entries(
                rng,
                village,
                year,
                month,
                last_day,
                opening=_amount(rng, 20000, 200000) if month == 1 else None,
                correct=month == correct_month,
            )
            if fix is not None:
                fixes.append((len(entries) + fix[0], fix[1]))
            entries += rows
    entries = bulk.ledger_entries_bulk_create(entries)
    reversals = [
        services.ledger_entry_reverse(entry=entries[n], date=day, reason=gettext("金额录入错误")) for n, day in fixes
    ]
    totals: dict[tuple[int, int], list[Decimal]] = {}
    for e in entries + reversals:
        line = totals.setdefault((e.village_id, e.date.month), [Decimal(0), Decimal(0)])
        line[0 if e.direction == Direction.INCOME else 1] += -e.amount if e.corrects_id else e.amount

    # Disclosures: finance every month on the 1st–10th of the next, affairs every quarter.
    disclosures: list[Disclosure] = []
    for village in villages:
        balance = Decimal(0)
        for month in range(1, 13):
            period = DisclosurePeriod(year, month, "month")
            income, expense = totals.get((village.pk, month), (Decimal(0), Decimal(0)))
            balance += income - expense
            if period.last_day > last_day or missing.get(village.pk) == month:
                continue
            following = period.last_day + dt.timedelta(days=1)
            day = following.replace(day=rng.randint(12, 28) if late.get(village.pk) == month else rng.randint(1, 10))
            at = _at(rng, day)
            if at <= now:
                disclosures.append(
                    Disclosure(
                        village=village,
                        kind=DisclosureKind.FINANCE,
                        year=year,
                        period_number=month,
                        published_at=at,
                        content=gettext(
                            "本月收入%(income)s元，支出%(expense)s元，月末结余%(balance)s元。明细见月度财务收支表。"
                        )
                        % {"income": income, "expense": expense, "balance": balance},
                    )
                )
        for quarter in range(1, 5):
            period = DisclosurePeriod(year, quarter, "quarter")
            if period.last_day > last_day:
                continue
            following = period.last_day + dt.timedelta(days=1)
            day = following.replace(
                day=rng.randint(13, 25) if affairs_late.get(village.pk) == quarter else rng.randint(1, 10)
            )
            at = _at(rng, day)
            if at <= now:
                items = "、".join(rng.sample(AFFAIRS, 3))
                disclosures.append(
                    Disclosure(
                        village=village,
                        kind=DisclosureKind.AFFAIRS,
                        year=year,
                        period_number=quarter,
                        published_at=at,
                        content=gettext("本季度公开：%(items)s等事项。") % {"items": items},
                    )
                )
    disclosures = bulk.disclosures_bulk_create(disclosures)

    # 四议两公开: two or three decisions a village across the year; a couple stopped for good.
    joint = _joint_villages(villages, start)
    plans: list[bulk.DecisionPlan] = []
    for village in villages:
        titles = rng.sample(DECISIONS, rng.choice((2, 2, 3)))
        begins = sorted(
            syn.date_between(rng, start + dt.timedelta(days=10), end - dt.timedelta(days=20)) for _t in titles
        )
        for title, begin in zip(titles, begins, strict=True):
            plans.append(
                _decision_plan(
                    rng,
                    village,
                    title,
                    begin,
                    last_day,
                    joint=village.pk in joint,
                    members=len(ctx.members.get(village.code, [])),
                )
            )
    early = [n for n, p in enumerate(plans) if p.steps and p.steps[0].date <= end - dt.timedelta(days=150)]
    for n in rng.sample(early, min(STUCK, len(early))):
        p = plans[n]
        stuck = _decision_plan(
            rng,
            p.decision.village,
            p.decision.title,
            p.steps[0].date,
            last_day,
            joint=p.decision.village_id in joint,
            members=len(ctx.members.get(p.decision.village.code, [])),
            stop_after=rng.choice((Step.DELIBERATE, Step.REVIEW)),
        )
        plans[n] = stuck
    decisions = bulk.decisions_bulk_create(plans)
    steps = sum(len(p.steps) + sum(1 for s in p.steps if s.merged) for p in plans)

    # Villagers' feedback on published items: answered within days, one or two left unanswered.
    published = [
        d
        for d in disclosures
        if d.published_at and timezone.localtime(d.published_at).date() <= last_day - dt.timedelta(days=30)
    ]
    targets = rng.sample(published, min(len(published), max(3, math.ceil(FEEDBACK_SHARE * count))))
    unanswered = min(len(targets), 2 if count >= 10 else 1)
    months = {
        m.disclosure_id: m
        for m in PublishedMonth.objects.filter(disclosure__in=[t for t in targets if t.kind == DisclosureKind.FINANCE])
    }
    feedback = 0
    asked_in: dict[int, set[str]] = {}
    for n, target in enumerate(targets):
        asked = timezone.localtime(target.published_at) + dt.timedelta(days=rng.randint(1, 12), hours=rng.randint(1, 6))
        text, answer = rng.choice(FEEDBACK)
        # The same question twice in a village would be refused as a duplicate: ask the next one instead.
        used = asked_in.setdefault(target.village_id, set())
        while text in used and len(used) < len(FEEDBACK):
            text, answer = FEEDBACK[(FEEDBACK.index((text, answer)) + 1) % len(FEEDBACK)]
        used.add(text)
        item = services.feedback_submit(
            target=months.get(target.pk, target) if rng.random() < 0.5 else target,
            text=text,
            client_address=f"10.{n // 250}.{n % 250}.{rng.randint(1, 254)}",
            name=rng.choice(("", "", gettext("村民"))),
            now=asked,
        )
        feedback += 1
        if n >= unanswered:
            services.feedback_answer(feedback=item, answer=answer, at=asked + dt.timedelta(days=rng.randint(1, 5)))

    finance = sum(1 for d in disclosures if d.kind == DisclosureKind.FINANCE)
    ctx.extras["village_affairs"] = {"late": late, "missing": missing, "affairs_late": affairs_late}
    return gettext(
        "账目 %(entries)d 笔（冲正 %(reversals)d 笔）；财务公开 %(finance)d 期（逾期 %(late)d 个村、缺期 %(missing)d 个村），"
        "村务公开 %(affairs)d 期；四议两公开事项 %(decisions)d 项、议事步骤 %(steps)d 步；群众意见 %(feedback)d 条"
    ) % {
        "entries": len(entries) + len(reversals),
        "reversals": len(reversals),
        "finance": finance,
        "late": len(late),
        "missing": len(missing),
        "affairs": len(disclosures) - finance,
        "decisions": len(decisions),
        "steps": steps,
        "feedback": feedback,
    }
