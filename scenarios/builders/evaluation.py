"""M2: the Five-Good and Five-Lead standards, the year's assessment period, and every assessment in it.

The standards' item counts come from the scenario (``five_good_items``, ``five_lead_items``;
Zhenghe's 23 and 19 when the file does not state them). At 23/19 Zhenghe's own texts are
installed; any other count gets plausible items under the same five named dimensions,
their points adding up to 100.

Every village gets a Five-Good assessment and every member a Five-Lead one, written in
bulk (``evaluation.bulk``). Totals scatter around 82 (sd 8), so all four grades occur;
a township trims some self scores in review, and a few assessments are returned once
for more evidence. Almost everything is approved before the year ends, but a few
villages (and their members) are left at the self-assessment or township-review step
after its deadline, so R-ASSESS finds them at the period end but not in November, before
the deadlines come near. Steps after today (a scenario for the current year) are left out.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from common import clock
from evaluation import services, standards_zhenghe
from evaluation.bulk import PlannedAssessment, PlannedStep, assessments_create_bulk
from evaluation.models import AssessmentPeriod, EventKind, Item, Standard, StandardCode
from organizations.models import Organization
from people.models import Person

from . import BuildContext, builder

ZHENGHE_COUNTS = {"five_good_items": 23, "five_lead_items": 19}
MEAN, SD = 82.0, 8.0
ITEM_NOISE = 0.07  # per-item spread around the assessment's level (a share of the item's points)
REVIEW_TRIM_SHARE = 0.3  # assessments whose township review lowers a score or two
RETURN_SHARE = 0.04  # assessments returned once to the village for more evidence
# Representative totals that guarantee every grade appears among the villages.
GRADE_TARGETS = (95.0, 82.0, 67.0, 50.0)

# Extra item titles per dimension, for a county whose standard has more items than Zhenghe's.
EXTRA_TITLES = {
    "领导班子好": ("村两委班子年度述职述廉", "班子成员联系群众制度落实", "村干部坐班值班制度落实"),
    "党员队伍好": ("党员电化教育经常开展", "老党员、困难党员关爱到位", "党员档案管理规范"),
    "工作机制好": ("村级事务民主决策规范", "村级档案管理规范", "矛盾纠纷排查调处机制健全"),
    "发展业绩好": ("农民专业合作社发展", "农村劳动力转移培训", "新农村建设项目推进"),
    "群众反映好": ("群众来信来访及时办理", "村民议事会运转正常", "平安村庄创建成效"),
    "带头学习提高": ("参加党课教育", "学习党的路线方针政策", "学习法律法规知识"),
    "带头争创佳绩": ("参加技能比武和评先", "完成组织交办任务", "带头参与产业结构调整"),
    "带头服务群众": ("参与便民代办服务", "联系服务农户", "参加抢险救灾"),
    "带头遵纪守法": ("遵守村务公开制度", "带头维护社会稳定", "带头依法维权"),
    "带头弘扬正气": ("带头破除陈规陋习", "宣传好人好事", "维护党员良好形象"),
}


def _item_count(ctx: BuildContext, key: str) -> int:
    return int(ctx.scenario.figures.get(key, ZHENGHE_COUNTS[key]))


def _generated(dimensions: list[tuple[str, list]], count: int) -> list[tuple[str, list]]:
    """Spread ``count`` items over the named dimensions (as many as there are items), points adding up to 100."""
    names = [name for name, _items in dimensions][: max(1, min(count, len(dimensions)))]
    per = [count // len(names) + (1 if n < count % len(names) else 0) for n in range(len(names))]
    tenths = [1000 // count + (1 if n < 1000 % count else 0) for n in range(count)]
    points = iter(Decimal(t) / 10 for t in tenths)
    out = []
    for (name, zhenghe_items), wanted in zip(dimensions, per, strict=False):
        titles = [t for t, _p, _g, _e in zhenghe_items] + list(EXTRA_TITLES.get(name, ()))
        evidence = {t: e for t, _p, _g, e in zhenghe_items}
        items = []
        for n in range(wanted):
            title = titles[n] if n < len(titles) else f"{name}其他工作（{n - len(titles) + 1}）"
            score = next(points)
            items.append(
                (
                    title,
                    score,
                    gettext("按完成情况评分，最高 %(points)s 分。") % {"points": score},
                    evidence.get(title, gettext("工作台账")),
                )
            )
        out.append((name, items))
    return out


def _standards(ctx: BuildContext, county: Organization) -> dict[str, Standard | None]:
    good, lead = _item_count(ctx, "five_good_items"), _item_count(ctx, "five_lead_items")
    start = ctx.scenario.period_start
    if (good, lead) == (23, 19):
        five_good, five_lead = services.standards_install_zhenghe(county=county, effective_from=start)
        return {StandardCode.FIVE_GOOD: five_good, StandardCode.FIVE_LEAD: five_lead}
    result: dict[str, Standard | None] = {}
    for code, name, dimensions, count in (
        (StandardCode.FIVE_GOOD, standards_zhenghe.FIVE_GOOD_NAME, standards_zhenghe.FIVE_GOOD, good),
        (StandardCode.FIVE_LEAD, standards_zhenghe.FIVE_LEAD_NAME, standards_zhenghe.FIVE_LEAD, lead),
    ):
        result[code] = (
            services.standard_install(
                county=county, code=code, name=name, dimensions=_generated(dimensions, count), effective_from=start
            )
            if count
            else None
        )
    return result


HALVES = [Decimal(n) / 2 for n in range(0, 401)]
SUBMITTED, RETURNED, REVIEWED, APPROVED = (
    EventKind.SUBMITTED.value,
    EventKind.RETURNED_TO_SELF.value,
    EventKind.REVIEWED.value,
    EventKind.APPROVED.value,
)
DAY = dt.timedelta(days=1)


class _Planner:
    """Plans one standard's assessments: scores around a level, then the steps up to where each one stops."""

    def __init__(self, rng: random.Random, period: AssessmentPeriod, items: list[Item], now: dt.datetime) -> None:
        self.rng, self.period, self.now = rng, period, now
        self.items = [(i.pk, float(i.points) * 2, i.points) for i in items]
        self.tz = timezone.get_current_timezone()
        self.returned = gettext("佐证材料不全，请补充后重新提交。")
        self.trimmed = gettext("部分细则佐证不足，酌情扣分。")
        year = period.start.year
        self.opened = dt.date(year, 11, 1)
        self.first_submission = dt.date(year, 11, 8)

    def moment(self, day: dt.date) -> dt.datetime:
        """A working-hours moment on ``day``, in the project's time zone."""
        start = dt.datetime.combine(day, dt.time(8), tzinfo=self.tz)
        return start + dt.timedelta(seconds=self.rng.randint(0, 9 * 3600))

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def scores(self, target: float) -> dict[int, Decimal | None]:
        """Item scores scattered around ``target`` percent of each item, clipped to 0..points, in half points."""
        level, gauss = target / 100, self.rng.gauss
        out: dict[int, Decimal | None] = {}
        for pk, halves, points in self.items:
            n = round(min(1.0, max(0.0, gauss(level, ITEM_NOISE))) * halves)
            out[pk] = points if n > halves else HALVES[n]
        return out

    def plan(self, village: Organization, person: Person | None, target: float, stuck: str) -> PlannedAssessment:
        """One assessment: started in early November, then the steps up to ``stuck`` ("" means approved)."""
        rng, period = self.rng, self.period
        started = self.moment(self.opened + dt.timedelta(days=rng.randint(0, 2)))
        self_scores = self.scores(target)
        review: dict[int, Decimal | None] = {}
        steps: list[PlannedStep] = []
        if stuck == "self":
            # Begun but never finished: a third of the items still without a self score.
            for pk, _h, _p in rng.sample(self.items, max(1, len(self.items) // 3)):
                self_scores[pk] = None
        else:
            submitted = self.day(self.first_submission, period.self_deadline - DAY)
            steps.append(PlannedStep(SUBMITTED, self.moment(submitted)))
            if stuck != "review" and rng.random() < RETURN_SHARE:
                back = submitted + dt.timedelta(days=rng.randint(1, 2))
                steps.append(PlannedStep(RETURNED, self.moment(back), self.returned))
                steps.append(PlannedStep(SUBMITTED, self.moment(back + dt.timedelta(days=rng.randint(1, 3)))))
            if stuck != "review":
                comment = ""
                if rng.random() < REVIEW_TRIM_SHARE:
                    for pk, _h, _p in rng.sample(self.items, min(len(self.items), rng.randint(1, 2))):
                        given = self_scores[pk] or Decimal(0)
                        review[pk] = max(Decimal(0), given - HALVES[rng.choice((1, 2, 3))])
                    comment = self.trimmed
                after = max(steps[-1].at.date() + DAY, period.self_deadline + DAY)
                steps.append(PlannedStep(REVIEWED, self.moment(self.day(after, period.review_deadline - DAY)), comment))
                approved = self.day(period.review_deadline + DAY, period.approval_deadline - DAY)
                steps.append(PlannedStep(APPROVED, self.moment(approved)))
        # Steps cannot lie in the future (a scenario for the current year stops at today).
        now = self.now
        if steps and steps[-1].at >= now:
            steps = [s for s in steps if s.at < now]
            if not any(s.kind == SUBMITTED for s in steps):
                review = {}
        return PlannedAssessment(
            organization=village,
            person=person,
            started_at=min(started, now - dt.timedelta(minutes=1)),
            self_scores=self_scores,
            review_scores=review,
            steps=steps,
        )


def _items(standard: Standard) -> list[Item]:
    return list(Item.objects.filter(dimension__standard=standard).order_by("dimension__order", "order"))


def _targets(rng: random.Random, approved: list[bool]) -> list[float]:
    """Each subject's level (percent): normal around 82, with one of each grade among the approved."""
    targets = [min(99.0, max(30.0, rng.gauss(MEAN, SD))) for _a in approved]
    candidates = [n for n, ok in enumerate(approved) if ok]
    for target, index in zip(GRADE_TARGETS, rng.sample(candidates, min(len(candidates), 4)), strict=False):
        targets[index] = target
    return targets


@builder("evaluation", order=70, figures=("five_good_items", "five_lead_items"))
def build_evaluation(ctx: BuildContext) -> str:
    rng = ctx.rng("evaluation")
    county = ctx.county
    assert county is not None
    year = ctx.scenario.period
    standards = _standards(ctx, county)
    period = services.period_create(
        county=county,
        year=year,
        name=gettext("%(year)s年度创先争优考评") % {"year": year},
        start=ctx.scenario.period_start,
        end=ctx.scenario.period_end,
        self_deadline=dt.date(year, 12, 15),
        review_deadline=dt.date(year, 12, 25),
        approval_deadline=dt.date(year, 12, 31),
    )
    villages = ctx.all_villages()
    # A few villages left behind: half at self-assessment, half at township review.
    n_stuck = min(max(2, min(5, len(villages) // 30)), max(0, len(villages) - 2))
    left_behind = rng.sample(villages, n_stuck)
    stuck_at = {v.pk: ("self" if n % 2 == 0 else "review") for n, v in enumerate(left_behind)}
    now = clock.now()

    created = {}
    good = standards[StandardCode.FIVE_GOOD]
    if good is not None:
        planner = _Planner(rng, period, _items(good), now)
        targets = _targets(rng, [v.pk not in stuck_at for v in villages])
        planned = [planner.plan(v, None, t, stuck_at.get(v.pk, "")) for v, t in zip(villages, targets, strict=True)]
        created[StandardCode.FIVE_GOOD] = len(assessments_create_bulk(period=period, standard=good, planned=planned))
    lead = standards[StandardCode.FIVE_LEAD]
    if lead is not None:
        planner = _Planner(rng, period, _items(lead), now)
        subjects = [(v, m) for v in villages for m in ctx.members.get(v.code, [])]
        targets = _targets(rng, [v.pk not in stuck_at for v, _m in subjects])
        planned = [planner.plan(v, m, t, stuck_at.get(v.pk, "")) for (v, m), t in zip(subjects, targets, strict=True)]
        created[StandardCode.FIVE_LEAD] = len(assessments_create_bulk(period=period, standard=lead, planned=planned))
    ctx.extras["evaluation"] = {"period": period, "standards": standards, "stuck": stuck_at}
    return gettext(
        "考评标准：五个好 %(good)d 项、五带头 %(lead)d 项；%(period)s：村党组织考评 %(villages)d 个、党员考评 %(members)d 名，"
        "%(stuck)d 个村逾期未完成"
    ) % {
        "good": _item_count(ctx, "five_good_items"),
        "lead": _item_count(ctx, "five_lead_items"),
        "period": period.name,
        "villages": created.get(StandardCode.FIVE_GOOD, 0),
        "members": created.get(StandardCode.FIVE_LEAD, 0),
        "stuck": len(stuck_at),
    }
