"""A3 rules: R-DISCLOSE (missing or late disclosures), R-DECISION (四议两公开 skipped or stuck),
R-FEEDBACK (villagers' feedback unanswered past its deadline). Computed from records and a date."""

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.division_codes import county_code
from common.rules import Accountable, Finding, Severity, finding, register
from organizations.models import Organization
from people.holders import HolderIndex
from people.models import Post

from .config import setting
from .models import Decision, DecisionStep, DisclosureKind, Feedback, Step
from .selectors import Status, campaign_starts, disclosure_status, due_periods, publication_dates, unanswered_q


def _villages(unit: Organization) -> list[Organization]:
    return list(Organization.objects.villages().within(unit.code).order_by("code"))


class _Holders:
    """HolderIndex per day, loaded once per distinct day asked about."""

    def __init__(self, unit: Organization) -> None:
        self.scope = unit
        self._by_day: dict[dt.date, HolderIndex] = {}

    def on(self, day: dt.date) -> HolderIndex:
        if day not in self._by_day:
            self._by_day[day] = HolderIndex(self.scope, day)
        return self._by_day[day]

    def responsible(self, village: Organization, day: dt.date, *, joint: bool = True) -> list[Accountable]:
        """The village principal cadre(s) directly, the township cadre in charge jointly, as on ``day``."""
        index = self.on(day)
        found: list[Accountable] = []
        seen: set[int | None] = set()
        for post, role in (
            (Post.VILLAGE_SECRETARY, gettext("直接责任人（村党支部书记）")),
            (Post.VILLAGE_DIRECTOR, gettext("直接责任人（村委会主任）")),
        ):
            for a in index.get(village.pk, post):
                if a.person_id not in seen:  # 一肩挑: named once, as secretary
                    seen.add(a.person_id)
                    found.append(Accountable(name=a.name, role=role, person_id=a.person_id))
        if joint:
            for a in index.get(village.pk, Post.TOWNSHIP_CADRE_IN_CHARGE):
                found.append(
                    Accountable(name=a.name, role=gettext("连带责任人（乡镇包村干部）"), person_id=a.person_id)
                )
        return found


@register("R-DISCLOSE", title=_("村务、财务按期公开"), requirement="A3")
def check_disclosures(unit: Organization, on: dt.date) -> Iterator[Finding]:
    villages = _villages(unit)
    if not villages:
        return
    dates = publication_dates([v.pk for v in villages])
    holders = _Holders(unit)
    # Disclosures are owed from the start of each county's campaign (a province's counties differ).
    starts = campaign_starts(unit)
    by_start: dict[dt.date | None, list[Organization]] = {}
    for village in villages:
        by_start.setdefault(starts.get(county_code(village.code)), []).append(village)
    for kind in (DisclosureKind.FINANCE, DisclosureKind.AFFAIRS):
        for started, period in ((s, p) for s in by_start for p in due_periods(kind, on, s)):
            for village in by_start[started]:
                published_on = dates.get((village.pk, kind, period.year, period.kind, period.number))
                status = disclosure_status(published_on, period, on)
                if status not in (Status.MISSING, Status.LATE):
                    continue
                late = status == Status.LATE
                f = finding(
                    rule="R-DISCLOSE",
                    unit=village,
                    since=published_on if late and published_on else period.deadline + dt.timedelta(days=1),
                    severity=Severity.AMBER if late else Severity.RED,
                    accountable=holders.responsible(village, period.deadline),
                    message=(
                        _("%(village)s%(period)s%(kind)s逾期公开：应于%(deadline)s前公开，实际%(published)s公开。")
                        if late
                        else _("%(village)s%(period)s%(kind)s未公开（应于%(deadline)s前公开）。")
                    ),
                    village=village,
                    period=period.label(),
                    kind=DisclosureKind(kind).label,
                    deadline=period.deadline,
                    published=published_on or "",
                )
                yield dataclasses.replace(
                    f,
                    extra={
                        "status": status,
                        "kind": kind,
                        "period": period,
                        "deadline": period.deadline,
                        "subject": f"{kind}:{period.year}-{period.kind}-{period.number}",
                    },
                )


def stuck_from(last_step_on: dt.date) -> dt.date:
    """The last day a decision may wait at a step recorded on ``last_step_on`` (``stuck_days`` later)."""
    return last_step_on + dt.timedelta(days=int(setting("stuck_days")))


def answer_due(created_at: dt.datetime) -> dt.date:
    """The day by which feedback submitted at ``created_at`` must be answered (``feedback_answer_days`` later)."""
    return timezone.localtime(created_at).date() + dt.timedelta(days=int(setting("feedback_answer_days")))


class _Step(NamedTuple):
    number: int
    date: dt.date
    publicity_days: int | None


@register("R-DECISION", title=_("四议两公开程序完整、不停滞"), requirement="A3")
def check_decisions(unit: Organization, on: dt.date) -> Iterator[Finding]:
    stuck_days = int(setting("stuck_days"))
    decisions = list(
        Decision.objects.filter(village__code__startswith=unit.code)
        .select_related("village")
        .order_by("village__code", "id")
    )
    # Only the columns the rule reads: thousands of steps, no model instances.
    steps: dict[int, dict[int, _Step]] = {}
    for decision_id, number, date, publicity_days in DecisionStep.objects.filter(
        decision__in=decisions, date__lte=on
    ).values_list("decision_id", "number", "date", "publicity_days"):
        steps.setdefault(decision_id, {})[number] = _Step(number, date, publicity_days)
    holders = _Holders(unit)
    for d in decisions:
        done = steps.get(d.pk, {})
        resolution = done.get(Step.PUBLISH_RESOLUTION)
        started = (
            d.implementation_started_on if d.implementation_started_on and d.implementation_started_on <= on else None
        )
        problem = None
        if Step.PUBLISH_RESULT in done and resolution is None:
            problem = (done[Step.PUBLISH_RESULT].date, _("“%(title)s”公开了实施结果，但决议未公开。"))
        elif started and (resolution is None or resolution.date > started):
            problem = (started, _("“%(title)s”在决议公开前就开始实施。"))
        elif (
            started
            and resolution is not None
            and started < resolution.date + dt.timedelta(days=resolution.publicity_days or 0)
        ):
            problem = (started, _("“%(title)s”决议公示期未满就开始实施。"))
        if problem is not None:
            yield dataclasses.replace(
                finding(
                    rule="R-DECISION",
                    unit=d.village,
                    since=problem[0],
                    severity=Severity.RED,
                    accountable=holders.responsible(d.village, on, joint=False),
                    message=problem[1],
                    title=d.title,
                ),
                extra={"subject": f"decision:{d.pk}"},
            )
            continue
        if not done or max(done) >= Step.PUBLISH_RESOLUTION:
            continue
        last = done[max(done)]
        overdue_from = stuck_from(last.date)
        if overdue_from < on:
            yield dataclasses.replace(
                finding(
                    rule="R-DECISION",
                    unit=d.village,
                    since=overdue_from + dt.timedelta(days=1),
                    severity=Severity.AMBER,
                    accountable=holders.responsible(d.village, on, joint=False),
                    message=_("“%(title)s”停留在“%(step)s”已超过%(days)s天。"),
                    title=d.title,
                    step=Step(last.number).label,
                    days=stuck_days,
                ),
                extra={"subject": f"decision:{d.pk}"},
            )


@register("R-FEEDBACK", title=_("群众意见按期答复"), requirement="A3")
def check_feedback(unit: Organization, on: dt.date) -> Iterator[Finding]:
    rows = (
        Feedback.objects.filter(village__code__startswith=unit.code, created_at__date__lte=on)
        .filter(unanswered_q(on))
        .select_related("village")
        .order_by("created_at")
    )
    holders = _Holders(unit)
    for fb in rows:
        due = answer_due(fb.created_at)
        if due >= on:
            continue
        yield dataclasses.replace(
            finding(
                rule="R-FEEDBACK",
                unit=fb.village,
                since=due + dt.timedelta(days=1),
                severity=Severity.RED,
                accountable=holders.responsible(fb.village, on, joint=False),
                message=_("%(village)s有群众意见逾期未答复（%(created)s提交，应于%(due)s前答复）。"),
                village=fb.village,
                created=timezone.localtime(fb.created_at).date(),
                due=due,
            ),
            extra={"subject": f"feedback:{fb.pk}"},
        )
